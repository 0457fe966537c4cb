"""The analysis page: the worksheet on top (the exercise's grid with empty cells shown, each
question answered in a sentence linking to its details), traps judged or not, every rule of
thumb stated, sources credited correctly, and user text escaped."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mentornet.analysis import DIMENSIONS, AnalysisSettings, analyze
from mentornet.core.model import Audit, Goal, Prospect
from mentornet.site.pages import escape_markdown
from tests.analysis.build import AS_OF, SETTINGS, clique, person, portfolio
from mentornet.audience import MENTOR, OWNER, PUBLIC  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401

GOALS = [Goal(id="paper", text="Submit the paper", needs=("job", "how")),
         Goal(id="group", text="Lead a group", horizon="long", needs=("strategic", "coach", "whom"))]


def render(template: str, p, settings: AnalysisSettings = SETTINGS) -> str:
    from mentornet.site import pages
    site = pages.Site(p, analyze(p, settings), AS_OF, OWNER, lambda name: f"<!-- diagram {name} -->")
    return site.render(pages.environment(), pages.PageSpec(template, template, template))


def worksheet(text: str) -> str:
    """The worksheet's Markdown: from its opening to the first section of details."""
    return text[text.index('<div class="mentornet-worksheet" markdown>'):text.index("\n## Diversity")]


@pytest.mark.parametrize("template", ["analysis.md", "audit.md"])
def test_pages_render_for_empty_and_one_person_portfolios(template):
    for p in (portfolio(), portfolio(person("solo")),
              portfolio(person("solo"), audits=[Audit(date=AS_OF, core=("solo",))])):
        text = render(template, p)
        assert text.startswith("---\ntitle: ")
        assert not re.search(r"\bnan\b", text, re.IGNORECASE)


def test_the_worksheet_maps_support_by_closeness_with_empty_cells_visible():
    people = [person("ann", name="Ann", support=("job", "career"), closeness="close"),
              person("bea", name="Bea", support=("career",), closeness="distant"),
              person("cy", name="Cy", support=("personal",))]
    sheet = worksheet(render("analysis.md", portfolio(*people)))
    icon = re.compile(r'^<span class="twemoji"><svg [^>]*>.*?</svg></span> ')  # each kind's own icon
    rows = {icon.sub("", line.split("|")[1].strip()): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in sheet.splitlines() if line.startswith('| <span class="twemoji">')}
    assert list(rows) == ["**Gets the job done**", "**Career support**", "**Personal support**"]
    header = next(line for line in sheet.splitlines() if line.startswith("| Kind of support"))
    assert header == "| Kind of support | Close | Moderate | Distant | Not said |"  # Cy's closeness is not said
    job, career, personal = rows.values()
    assert job[0] == "[Ann](people/ann.md)" and "— nobody" in job[1] and "— nobody" in job[2]
    assert career[0] == "[Ann](people/ann.md)" and career[2] == "[Bea](people/bea.md)"
    assert personal[3] == "[Cy](people/cy.md)"


def test_the_worksheet_answers_each_question_in_a_sentence_linking_to_its_details():
    people = [person(i, support=("job",), closeness="close", inside=True) for i in "abcd"]
    text = render("analysis.md", portfolio(*people, goals=GOALS))
    sheet = worksheet(text)
    a = analyze(portfolio(*people, goals=GOALS), SETTINGS)
    for id_, title, *_ in DIMENSIONS:
        anchor = re.sub(r"[^a-z]+", "-", title.lower())
        row = next(line for line in sheet.splitlines() if line.startswith(f"| [{title}](#{anchor})"))
        assert escape_markdown(a.answers[id_]) in row
        assert a.answers[id_].count(". ") == 0 and a.answers[id_].endswith(".")  # one sentence
        assert f"\n## {title}\n" in text  # the detail it links to
    assert "[Traps](#traps)" in sheet and "[Gaps](#gaps-against-your-goals)" in sheet


def test_traps_show_fired_not_fired_and_too_little_to_judge_with_their_rule():
    people = clique(["a", "b", "c", "d"], inside=True, support=("job",), purposes=("operational",),
                    seniority="senior")
    people[0] = person("a", name="<script>x</script> *Bold*", inside=True, support=("job",),
                       seniority="senior", influence="high", knows=("b", "c", "d"))
    prospects = [Prospect(id="coach-x", name="Coach [X]", needs=("coach",), via="a")]
    text = render("analysis.md", portfolio(*people, goals=GOALS, prospects=prospects))
    assert '!!! warning "Echo chamber: fired"' in text
    assert '!!! warning "Pigeonholing: fired"' in text
    assert '!!! success "Birds of a feather: not fired"' in text
    assert "*The rule:* mentornet calls it an echo chamber when at least 70%" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Coach \\[X\\]" in text
    assert "**nobody yet**" in text
    for name in ("map", "roles", "range"):
        assert f"<!-- diagram {name} -->" in text
    small = render("analysis.md", portfolio(*people[:3]))
    assert '!!! note "Echo chamber: too little to judge"' in small


def test_the_page_states_every_rule_of_thumb_with_its_setting():
    settings = AnalysisSettings(as_of=AS_OF, range_high_min=4, echo_min_density=0.45)
    text = render("analysis.md", portfolio(*clique(["a", "b", "c", "d"])), settings)
    rules = text[text.index("## Rules of thumb"):]
    for rule in analyze(portfolio(), settings).rules:
        assert escape_markdown(rule.text) in rules
        assert all(f"`{key}`" in rules for key in rule.keys)
    assert "mentornet calls range high from 4 social systems" in text
    assert "45%" in rules and "analysis:" in rules


def test_sources_are_credited_as_issue_15_corrects_them():
    text = render("analysis.md", portfolio(person("a"), person("b")))
    assert "Agresti & Agresti (1978)" in text  # the IQV
    assert "Granovetter (1973)" in text  # tie strength, which Higgins & Kram take from him
    strength = text[text.index("## Strength"):text.index("## Balance")]
    assert "Kram (1985)" not in strength
    redundancy = text[text.index("## Redundancy"):text.index("## Interconnectivity")]
    assert "mentornet's own reading" in redundancy  # the support-kind groups are not Burt's
    range_ = text[text.index("## Range"):text.index("## Traps")]
    assert "they set no cut-off" in range_


def test_you_versus_them_is_on_the_page():
    people = [person(i, seniority="peer", social_system="institution", attributes={"discipline": "stats"})
              for i in "abcd"]
    text = render("analysis.md", portfolio(*people, attributes={"discipline": "stats"}))
    assert "| Discipline | stats | 4 | 4 (100%) | −1.00 |" in text.replace("-1.00", "−1.00")
    assert "| Career stage | peer | 4 | 4 (100%) |" in text


def test_audit_page_sets_latest_against_previous():
    people = [person("a", name="Ann"), person("b", name="Bea"), person("c", name="Cy")]
    audits = [Audit(date=dt.date(2025, 12, 1), core=("a", "b"), weaknesses=("Echo chamber",)),
              Audit(date=dt.date(2026, 6, 1), core=("b", "c", "hidden"), strengths=("More range",))]
    text = render("audit.md", portfolio(*people, audits=audits))
    assert "**Entered the core** (1): [Cy]" in text
    assert "**Left the core** (1): [Ann]" in text
    assert "hidden" not in text
    assert "More range" in text and "Echo chamber" in text


def test_the_example_site_links_the_worksheet_to_its_details(example):
    example.build("--strict")
    html = example.page("analysis")
    sheet = html[html.index('class="mentornet-worksheet"'):]
    sheet = sheet[:sheet.index('id="diversity"')]
    targets = set(re.findall(r'href="#([a-z-]+)"', sheet))
    assert {"diversity", "redundancy", "interconnectivity", "strength", "balance", "power-and-influence",
            "range", "traps"} <= targets
    assert all(f'id="{target}"' in html for target in targets)
    assert "In danger of tipping: Prof Helen Achterberg carries 26% of your constraint" in sheet
    assert "assets/mentornet/mentornet.css" in html  # with print.css and worksheet.css in it
