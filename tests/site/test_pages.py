"""Generated pages: escaping of user text, relative links between pages, and the words each
audience reads (the owner's site speaks to them; a mentor's and the public site about them)."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from mentornet.audience import MENTOR, OWNER, Audience

from tests.conftest import PEOPLE, PROFILE
from mentornet.core import vocabulary
from mentornet.site.pages import environment, escape_markdown, relative

TARGETS = ["people/a.md", "journal/2026-01-05-x.md", "journal/kind/meeting.md", "board.md",
           "journal/actions.md", "people/index.md", "journal/page/2.md", "history/network.svg"]
FOLDERS = ["", "people", "journal", "journal/kind", "journal/page", "history"]


@pytest.mark.parametrize("target, folder", list(itertools.product(TARGETS, FOLDERS)))
def test_relative_links_match_posixpath(target, folder):
    assert relative(target, folder) == posixpath.relpath(target, folder or ".")


def test_user_text_is_escaped_for_markdown_and_html():
    assert escape_markdown("<b>*Eve*</b> [x](y)") == "&lt;b&gt;\\*Eve\\*&lt;/b&gt; \\[x\\]\\(y\\)"


def test_lines_holding_only_tags_vanish_and_others_keep_their_newline():
    template = environment().from_string("| a |\n{% for x in [1, 2] %}\n| {{ x }}{% if x %} y{% endif %} |\n"
                                         "{% endfor %}\nend\n")
    assert template.render() == "| a |\n| 1 y |\n| 2 y |\nend\n"


# -- the voice of a site: the owner's speaks to them, every other one about them ------------------

def page_text(html_page: str) -> str:
    """What a reader of the page reads: its article's text, without diagrams and markup."""
    article = re.search(r"<article[^>]*>(.*)</article>", html_page, re.S).group(1)
    article = re.sub(r"<svg.*?</svg>", " ", article, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def every_page(site: Path) -> dict[str, str]:
    return {path.parent.relative_to(site).as_posix(): page_text(path.read_text(encoding="utf-8"))
            for path in sorted(site.rglob("index.html")) if path.parent.name != "search"}


def for_audience(folder, audience: str) -> None:
    text = (folder.root / "mkdocs.yml").read_text(encoding="utf-8")
    folder.write("mkdocs.yml", re.sub(r"\n      audience: \w+", "", text).replace(
        'today: "2026-11-22"', f'today: "2026-11-22"\n      audience: {audience}'))


@pytest.mark.parametrize("name, first", [("Dr Maya Lindqvist", "Maya"), ("Prof. Jean-Luc Picard", "Jean\\-Luc"),
                                         ("Ada", "Ada"), ("Dr", "Dr")])
def test_the_owner_is_named_by_their_first_name_without_a_title(name, first):
    template = environment().from_string('{% import "_macros.md" as m with context %}'
                                         "{{ m.first_name }}|{{ m.your(capital=true) }}|{{ m.you() }}")
    portfolio = SimpleNamespace(profile=SimpleNamespace(name=name))
    assert template.render(audience=MENTOR, portfolio=portfolio) == f"{first}|{first}'s|{first}"
    assert template.render(audience=OWNER, portfolio=portfolio) == f"{first}|Your|you"


VOICE = ("{{ m.first_name }}|{{ m.you() }}|{{ m.you(capital=true) }}|{{ m.your() }}|{{ m.your(capital=true) }}|"
         "{{ m.pick('you aim', m.first_name ~ ' aims') }}|{{ m.none_here('none.') }}|"
         "{{ m.count(1, 'entry', 'entries') }}|{{ m.count(2, 'entry', 'entries') }}|"
         "{{ m.owes(mine) }}|{{ m.owes(theirs) }}|{{ m.terms(['job'], v.SUPPORT) }}|"
         "{{ m.person_facts(someone) }}|{{ m.person_facts(nobody) }}")


@pytest.mark.parametrize("audience", ["owner", "mentor", "public"])
@pytest.mark.parametrize("name", ["Dr Maya Lindqvist", "Prof. Jean-Luc O'Brien <b>"])
def test_pages_drawn_as_html_speak_in_the_voice_of_the_markdown_pages(audience, name):
    from markupsafe import Markup

    env = environment()
    values = dict(audience=Audience.named(audience), portfolio=SimpleNamespace(profile=SimpleNamespace(name=name)),
                  v=vocabulary,
                  mine=SimpleNamespace(by="me"), theirs=SimpleNamespace(by="them"),
                  someone=SimpleNamespace(closeness="close", seniority="senior", inside=False),
                  nobody=SimpleNamespace(closeness=None, seniority=None, inside=None))
    markdown = env.from_string('{% import "_macros.md" as m with context %}' + VOICE).render(**values)
    drawn = env.html.from_string('{% import "_macros.html" as m with context %}' + VOICE).render(**values)
    as_text = re.sub(r"\\(.)", r"\1", markdown).replace("*(", "<em>(").replace(")*", ")</em>")
    assert Markup(drawn).unescape() == Markup(as_text).unescape()


#: What only the owner may be told: how to edit the data, and the owner's own to-do links.
INSTRUCTIONS = re.compile(r"data/\w+\.yaml|content/journal|Add them|add some|`done: true`|\bprepare\b"
                          r"|you aim to meet|Copy it, then make it yours")


def test_a_mentors_site_speaks_of_the_owner_by_first_name_and_gives_no_editing_instructions(portfolio):
    portfolio.write("data/profile.yaml", PROFILE.replace("name: Ada Example", "name: Dr Ada Example"))
    portfolio.write("data/people.yaml", PEOPLE.replace("  social_system: institution\n",
                                                       "  social_system: institution\n  cadence: monthly\n"))
    portfolio.write("content/index.md", "# Home\n\n```mentornet\nsummary\n```\n\n```mentornet\nattention\n```\n")
    for_audience(portfolio, "mentor")
    portfolio.build("--strict")
    pages = every_page(portfolio.site)
    assert "Ada's personal board of directors" in pages["board"]
    assert "2 people give Ada support" in pages["board"]
    assert "Ada's board" in pages["."] and "Ada aims to meet monthly" in pages["."]  # the attention block
    assert "Ada aims to meet monthly" in pages["people/diane-roberts"]
    assert "Before Ada's next meeting" in pages["people/diane-roberts"]
    assert "Inside Ada's organisation" in pages["people/diane-roberts"]
    assert "Ada's network map" in pages["map"]
    assert ">YOU</text>" not in portfolio.page("map") and "Inside Ada" in portfolio.page("map")  # the map's words
    # (the analysis page's words are checked with the analysis, in tests/analysis/)
    told = {name: INSTRUCTIONS.findall(text) for name, text in pages.items()
            if INSTRUCTIONS.search(text) and name != "analysis"}
    assert told == {}
    # the owner's own site keeps speaking to its owner, with the instructions
    for_audience(portfolio, "owner")
    portfolio.build("--strict")
    pages = every_page(portfolio.site)
    assert "Your personal board of directors" in pages["board"] and "people give you support" in pages["board"]
    assert "you aim to meet monthly" in pages["people/diane-roberts"] and "prepare" in pages["."]
    assert "data/plan.yaml" in pages["plan"]
    assert ">YOU</text>" in portfolio.page("map")  # not the mentor's diagrams, kept from the build before


def test_where_items_are_hidden_a_site_says_not_shared_rather_than_none(portfolio):
    # nobody is public: the public site shows no person, no goal, no plan
    for_audience(portfolio, "public")
    portfolio.build("--strict")
    pages = every_page(portfolio.site)
    assert "Nobody on Ada's board is shared on this site." in pages["board"]
    assert "Nobody is shared on this site." in pages["people"]
    assert "Nobody in Ada's network is shared on this site." in pages["map"]
    assert "No activity is shared on this site." in pages["plan"]
    assert "No reflection is shared on this site." in pages["reflections"]
    assert "No audit is shared on this site." in pages["audit"]
    false_nones = re.compile(r"Nobody is on your board yet|has no goals yet|Your journal is empty|No actions yet"
                             r"|No activities yet|No prospects yet|Your first audit|Not answered yet")
    assert {name: false_nones.findall(text) for name, text in pages.items()
            if false_nones.search(text) and name != "analysis"} == {}
    # a person shared with everyone: their page says what is not shared, and shows no preparation
    portfolio.write("data/people.yaml", PEOPLE.replace("  social_system: professional-bodies\n",
                                                       "  social_system: professional-bodies\n  visibility: public\n"))
    portfolio.build("--strict")
    sami = every_page(portfolio.site)["people/sami-wonder"]
    assert "Nobody else shared on this site." in sami
    assert "Before Ada's next meeting" not in sami and "Goals Sami Wonder helps with" not in sami


def test_the_summary_block_works_when_no_prospect_closes_a_gap(portfolio):
    portfolio.write("data/profile.yaml", PROFILE.replace("needs: [career, sponsor]", "needs: [career, sponsor, coach]"))
    portfolio.write("data/plan.yaml", """\
        prospects:
          - id: pat-quinn
            name: Pat Quinn
            stage: identified
            needs: [career]
        """)
    portfolio.write("content/index.md", "# Home\n\n```mentornet\nsummary\n```\n")
    assert portfolio.mentornet("check").returncode == 0
    portfolio.build("--strict")
    home = every_page(portfolio.site)["."]
    assert "1 unmet need" in home and "Nobody yet for coach" in home and "Next:" not in home


#: A count followed by a plural noun: "1 people", "1 entries", "1 ties"…
ONE_MANY = re.compile(r"(?<![\d.,])1 (people|entries|ties|systems|social systems|actions|open actions|days|commits"
                      r"|snapshots|needs|traps|contacts|pairs)\b")


def test_counts_of_one_take_the_singular_on_every_page(portfolio):
    portfolio.write("data/people.yaml", PEOPLE.split("- id: sami-wonder")[0].replace("  knows: [sami-wonder]\n", ""))
    portfolio.write("content/index.md", "# Home\n\n```mentornet\nsummary\n```\n\n```mentornet\nattention\n```\n")
    portfolio.build("--strict")
    pages = every_page(portfolio.site)
    assert "1 person gives you support" in pages["board"]
    assert "1 entry, newest first" in pages["journal"]
    assert {name: ONE_MANY.findall(text) for name, text in pages.items()
            if ONE_MANY.search(text) and name != "analysis"} == {}  # (the analysis: tests/analysis/)


def test_the_relationship_table_of_a_person_page_has_a_header_row_that_says_something(portfolio):
    portfolio.build("--strict")
    page = portfolio.page("people/diane-roberts")
    table = re.search(r"<h2 id=\"relationship\">.*?<table>(.*?)</table>", page, re.S).group(1)
    headers = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert headers == ["Aspect", "What is recorded"]
    assert "<td>Kinds of support</td>" in table


def test_a_date_written_as_a_month_or_a_year_reads_as_one():
    from mentornet.core.model import PartialDate
    from mentornet.site.pages import on_date

    assert on_date(PartialDate(2023, 12, 31, precision="year")) == "in 2023"
    assert on_date(PartialDate(2021, 5, 1, precision="month")) == "in May 2021"
    assert on_date(dt.date(2021, 5, 3)) == "on 3 May 2021"


def test_an_action_says_who_owes_it(portfolio):
    portfolio.entry("2026-03-01-who", """
        date: 2026-03-01
        people: [diane-roberts]
        actions:
          - text: Send Diane the draft
            due: 2027-01-10
            by: me
          - text: Diane reads the draft
            due: 2027-01-20
            by: them
    """)
    portfolio.build("--strict")
    entry = portfolio.page("journal/2026-03-01-who")
    assert "Send Diane the draft <em>(yours to do)</em>" in entry
    assert "Diane reads the draft <em>(theirs to do)</em>" in entry
    assert "(theirs to do)" in portfolio.page("journal/actions")


def test_icons_are_drawn_by_the_templates_and_the_users_markdown_is_left_to_their_extensions(portfolio):
    """A page's icons need no Markdown extension (so they look the same under any engine), and
    mentornet adds none to the user's: an emoji shortcode in their own page stays their text."""
    portfolio.write("content/index.md", "# Home\n\nA :smile: of mine.\n\n```mentornet\nsummary\n```\n")
    portfolio.build("--strict")
    home = portfolio.page("")
    cards = re.findall(r'<span aria-hidden="true" class="twemoji lg middle"><svg [^>]*>', home)
    assert len(cards) == 4 and '<span class="twemoji"><svg' in home  # the cards, and their links' arrows
    assert "A :smile: of mine." in home
    assert not [path for path in portfolio.site.rglob("*.html") if re.search(r":(material|octicons)-[\w-]+:",
                                                                             path.read_text(encoding="utf-8"))]
