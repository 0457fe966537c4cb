"""The mentoring journal: index and filters, person timelines, meeting preparation, actions,
staying in touch, ``mentornet prep`` and the entries' error messages. Real MkDocs builds."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys

import pytest

from mentornet import journal
from mentornet.core.layout import Layout
from mentornet.load import load

TODAY = dt.date(2026, 11, 22)


def text_of(page: str) -> str:
    """The article's text, tags removed, entities decoded, whitespace collapsed."""
    article = page[page.find("<article"):page.find("</article>")]
    article = re.sub(r"<svg.*?</svg>", "", article, flags=re.DOTALL)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())
    return re.sub(r" ([:;,.)])", r"\1", text)


def section(page: str, anchor: str) -> str:
    """The HTML from the heading with id ``anchor`` to the next h2."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start:end if end != -1 else None]


def prep_cli(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", "prep", *args], cwd=folder.root,
                          capture_output=True, text=True)


def check_cli(folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", "check", "."], cwd=folder.root,
                          capture_output=True, text=True)


# -- the index and its filters ----------------------------------------------------------------


def test_the_index_is_newest_first_grouped_by_month_and_filters_by_kind_and_person(portfolio):
    portfolio.entry("2026-03-02-circle", """
        title: Peer circle
        date: 2026-03-02
        people: [sami-wonder, diane-roberts]
        kind: event
    """)
    portfolio.entry("2026-03-20-thinking", """
        title: Thinking about my board
        date: 2026-03-20
        kind: reflection
    """)
    portfolio.entry("2025-12-05-coffee", """
        title: Coffee with Sami
        date: 2025-12-05
        people: [sami-wonder]
        kind: meeting
    """)
    portfolio.build("--strict")
    page = portfolio.page("journal")
    text = text_of(page)
    titles = ["Thinking about my board", "Peer circle", "Kick-off", "Coffee with Sami"]
    assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
    months = ["March 2026", "January 2026", "December 2025"]
    headings = re.findall(r"<h2[^>]*>([^<]+)", page)
    assert headings == months
    assert "4 entries, newest first." in text
    # filters: one page per kind that has entries, and each person's timeline
    assert "Meeting (2) · Event (1) · Reflection (1)" in text and "Note (" not in text
    assert 'href="kind/event/"' in page and 'href="kind/note/"' not in page
    assert 'href="../people/sami-wonder/#journal"' in page
    assert "Diane Roberts (2) · Sami Wonder (2)" in text
    events = text_of(portfolio.page("journal/kind/event"))
    assert "Peer circle" in events and "Kick-off" not in events and "Coffee" not in events
    assert "1 entry, newest first." in events
    meetings = portfolio.page("journal/kind/meeting")
    assert re.findall(r"<h2[^>]*>([^<]+)", meetings) == ["January 2026", "December 2025"]
    assert 'href="../../2025-12-05-coffee/"' in meetings
    # generated sub-pages are reached from the index, not the navigation
    assert 'href="kind/event/"' not in portfolio.page("board")
    timeline = section(portfolio.page("people/sami-wonder"), "journal")
    assert timeline.index("Peer circle") < timeline.index("Coffee with Sami")
    assert "Kick-off" not in timeline


def test_a_large_journal_is_paginated_not_one_endless_page(portfolio):
    for index in range(230):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=index * 3)
        portfolio.entry(f"{day}-e{index}", f"""
            title: Entry {index}
            date: {day}
            people: [diane-roberts]
            kind: {"meeting" if index % 2 else "note"}
        """, body="Short.\n")
    portfolio.build("--strict")
    first = portfolio.page("journal")
    assert "Entries 1–100 of 231, newest first." in text_of(first)
    assert first.count('href="20') == 100
    assert "Entry 229" in first and "Entry 129" not in first
    assert 'href="page/2/"' in first and 'href="page/3/"' in first
    second = portfolio.page("journal/page/2")
    assert "Entries 101–200 of 231" in text_of(second) and "Entry 129" in second
    assert 'href="../../"' in second  # back to page 1 (newer)
    last = portfolio.page("journal/page/3")
    assert last.count('href="../../20') == 31 and "Older" not in text_of(last)
    assert "Entry 0" in last and "Kick-off" in first  # the oldest on the last page, the newest first
    # each kind is paginated too: 116 notes, 115 meetings (with the kick-off)
    notes = portfolio.page("journal/kind/note")
    assert "Entries 1–100 of 115" in text_of(notes)
    assert (portfolio.site / "journal/kind/note/page/2/index.html").is_file()
    assert "Entries 101–116 of 116" in text_of(portfolio.page("journal/kind/meeting/page/2"))


def test_listings_grow_linearly_with_the_journal():
    """5,000 entries: 50 index pages and about as many kind pages, never filters × people."""
    from mentornet.core.model import EntryMeta, JournalEntry, Portfolio, Profile

    entries = tuple(JournalEntry(EntryMeta(date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
                                           kind=("meeting", "note", "event", "reflection")[i % 4],
                                           people=(f"p{i % 300}",)), f"journal/e{i}.md")
                    for i in range(5000))
    pages = journal.listings(Portfolio(Profile(name="X"), journal=entries))
    assert len(pages) == 50 + 4 * 13
    assert sum(len(page.entries) for page in pages) == 2 * 5000


# -- person pages ------------------------------------------------------------------------------


def test_the_person_page_has_the_timeline_contact_and_meeting_preparation(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: diane-roberts
          name: Diane Roberts
          support: [career]
          roles: [sponsor]
          cadence: monthly
          knows: [sami-wonder]
        - id: sami-wonder
          name: Sami Wonder
          support: [personal]
          last_contact: 2026-11-01
        """)
    portfolio.entry("2026-10-01-lunch", """
        title: Lunch with Diane
        date: 2026-10-01
        people: [diane-roberts, sami-wonder]
        kind: meeting
        agenda: [The fellowship panel, "Who to ask for a *letter*"]
        actions:
          - text: Send Diane the outline
            due: 2026-12-01
          - text: Already sent the CV
            done: true
    """, body=("# Lunch with Diane\n\nShe knows the **panel**; see [the kick-off](2026-01-10-kickoff.md)"
               " and [its agenda](#agenda).\n\n## What next\n\n<script>alert(1)</script>\n"))
    portfolio.entry("2026-11-10-thinking", """
        title: Thinking about Diane
        date: 2026-11-10
        people: [diane-roberts]
        kind: reflection
    """)
    portfolio.entry("2026-12-15-planned", """
        title: December check-in
        date: 2026-12-15
        people: [diane-roberts]
        kind: meeting
        agenda: [Outline feedback]
    """)
    portfolio.build("--strict")
    page = portfolio.page("people/diane-roberts")
    text = text_of(page)
    # the last contact comes from the journal (not the reflection, not the planned meeting)
    assert "Last on 1 October 2026 (journal); you aim to meet monthly, next by 31 October 2026" in text
    assert "Time to get in touch" in text
    prep = section(page, "prep")
    prep_text = text_of("<article>" + prep + "</article>")
    assert "Planned: December check-in on 15 December 2026, with the agenda: Outline feedback" in prep_text
    assert "Overdue: Draft the fellowship outline (due 1 February 2026)" in prep_text
    assert "Send Diane the outline (due 1 December 2026) — from Lunch with Diane" in prep_text
    assert "Already sent the CV" not in prep_text
    assert "Last time: Lunch with Diane · Meeting · 1 October 2026" in prep_text
    assert "The fellowship panel" in prep and "Who to ask for a *letter*" in prep_text
    # the notes: Markdown rendered, the title heading dropped, headings made bold, links
    # rebased to where they pointed from the entry, raw HTML shown as text
    assert "<strong>panel</strong>" in prep and "<strong>What next</strong>" in prep
    assert 'href="../../journal/2026-01-10-kickoff/"' in prep
    assert 'href="../../journal/2026-10-01-lunch/#agenda"' in prep
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in prep
    assert "Get promoted (medium term): Career support, Sponsor" in prep_text
    timeline = text_of("<article>" + section(page, "journal") + "</article>")
    assert timeline.index("December check-in") < timeline.index("Thinking about Diane") \
        < timeline.index("Lunch with Diane") < timeline.index("Kick-off")
    assert "3 entries" not in timeline and "4 entries with Diane Roberts" in timeline
    # last_contact wins when it is newer than the journal
    sami = text_of(portfolio.page("people/sami-wonder"))
    assert "Contact Last on 1 November 2026 " in sami and "2026 (journal)" not in sami
    assert "Goals Sami Wonder helps with: none of your goals' needs" in sami


def test_contact_prefers_the_newer_of_journal_and_last_contact(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: diane-roberts
          name: Diane Roberts
          last_contact: 2025-06-01
          cadence: quarterly
        - id: sami-wonder
          name: Sami Wonder
        """)
    loaded = load(Layout.of(portfolio.root))
    diane = loaded.people_by_id["diane-roberts"]
    found = journal.contact(loaded, diane, TODAY)
    assert (found.last, found.source) == (dt.date(2026, 1, 10), "journal")
    assert found.next == dt.date(2026, 1, 10) + dt.timedelta(days=91) and found.lapsed
    newer = diane.model_copy(update={"last_contact": dt.date(2026, 11, 1)})
    found = journal.contact(loaded, newer, TODAY)
    assert (found.last, found.source, found.lapsed) == (dt.date(2026, 11, 1), "last_contact", False)
    assert journal.contact(loaded, loaded.people_by_id["sami-wonder"], TODAY).last is None


# -- staying in touch --------------------------------------------------------------------------

CADENCE_PEOPLE = """\
- id: wendy-weekly
  name: Wendy Weekly
  support: [job]
  cadence: weekly
  last_contact: 2026-11-14
- id: walt-weekly
  name: Walt Weekly
  support: [job]
  cadence: weekly
  last_contact: 2026-11-15
- id: mona-monthly
  name: Mona Monthly
  support: [career]
  cadence: monthly
  last_contact: 2026-10-22
- id: max-monthly
  name: Max Monthly
  support: [career]
  cadence: monthly
  last_contact: 2026-10-23
- id: sia-six
  name: Sia Sixweeks
  support: [personal]
  cadence: 6 weeks
- id: sol-six
  name: Sol Sixweeks
  support: [personal]
  cadence: 6 weeks
- id: quinn-quarterly
  name: Quinn Quarterly
  support: [job]
  cadence: quarterly
  last_contact: 2026-08-22
- id: quentin-quarterly
  name: Quentin Quarterly
  support: [job]
  cadence: quarterly
  last_contact: 2026-08-23
- id: left-long-ago
  name: Lars Left
  support: [job]
  cadence: weekly
  last_contact: 2025-01-01
  until: 2025-02-01
"""
LAPSED = {"wendy-weekly": 1, "mona-monthly": 1, "sia-six": 1, "quinn-quarterly": 1}
WITHIN = ("walt-weekly", "max-monthly", "sol-six", "quentin-quarterly", "left-long-ago")


def _cadence_portfolio(portfolio):
    portfolio.write("data/people.yaml", CADENCE_PEOPLE)
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    # the six-weekly pair's last contact comes from the journal: 42 days is due on 2026-11-21
    portfolio.entry("2026-10-10-sia", "date: 2026-10-10\npeople: [sia-six]\nkind: meeting")
    portfolio.entry("2026-10-11-sol", "date: 2026-10-11\npeople: [sol-six]\nkind: note")
    portfolio.write("content/index.md", "# Home\n\nWelcome.\n\n```mentornet\nattention\n```\n\n"
                                        "````markdown\n```mentornet\nattention\n```\n````\n")


def test_lapsed_cadences_weekly_monthly_six_weeks_quarterly(portfolio):
    _cadence_portfolio(portfolio)
    loaded = load(Layout.of(portfolio.root))
    lapsed = {person.id: found for person, found in journal.lapsed_people(loaded, TODAY)}
    assert {pid: c.overdue_days for pid, c in lapsed.items()} == LAPSED
    assert lapsed["sia-six"].source == "journal" and lapsed["sia-six"].next == dt.date(2026, 11, 21)
    for person_id in WITHIN:
        assert person_id not in lapsed
    portfolio.build("--strict")
    board = portfolio.page("board")
    cards = re.split(r"<li>", board)
    flagged = {pid for pid in LAPSED for card in cards if f"people/{pid}/" in card
               and "Time to get in touch" in card}
    assert flagged == set(LAPSED)
    for person_id in WITHIN[:-1]:
        card = next(card for card in cards if f"people/{person_id}/" in card)
        assert "Time to get in touch" not in card
    for person_id in LAPSED:
        assert "Time to get in touch" in portfolio.page(f"people/{person_id}")


def test_the_home_page_attention_block_lists_lapsed_people_and_actions_due(portfolio):
    _cadence_portfolio(portfolio)
    portfolio.entry("2026-11-01-with-actions", """
        date: 2026-11-01
        title: Plans
        people: [walt-weekly]
        kind: meeting
        actions:
          - text: Overdue thing
            due: 2026-11-20
          - text: Due soon thing
            due: 2026-11-25
          - text: Later thing
            due: 2027-01-31
    """)
    portfolio.build("--strict")
    home = portfolio.page("")
    text = text_of(home)
    assert "Time to get in touch (4)" in text
    assert "Sia Sixweeks: you aim to meet every 6 weeks; last contact 10 October 2026, due " \
           "21 November 2026 (1 day ago)" in text
    for name in ("Wendy Weekly", "Mona Monthly", "Quinn Quarterly"):
        assert name in text
    assert "Walt Weekly:" not in text and "Lars Left" not in text
    assert 'href="people/sia-six/#prep"' in home
    assert "Overdue actions (1) Overdue thing (due 20 November 2026) — from Plans" in text
    assert "Due this week (1) Due soon thing" in text and "Later thing" not in text
    assert 'href="journal/2026-11-01-with-actions/"' in home
    # a longer fence shows the block's syntax instead of running it
    assert text.endswith("```mentornet attention ```")
    # a public build drops the block (the home page is public)
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: public'))
    portfolio.build("--strict")
    assert "Time to get in touch" not in portfolio.page("")


def test_with_nothing_lapsed_the_attention_block_says_so(portfolio):
    portfolio.write("content/index.md", "# Home\n\n```mentornet\nattention\n```\n")
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    portfolio.build("--strict")
    assert "Nothing needs your attention" in text_of(portfolio.page(""))


# -- actions -----------------------------------------------------------------------------------


def test_the_actions_page_orders_open_actions_highlights_overdue_and_sets_done_apart(portfolio):
    portfolio.entry("2026-11-02-review", """
        title: Review
        date: 2026-11-02
        people: [sami-wonder]
        kind: meeting
        actions:
          - text: Write the abstract
            due: 2026-12-20
          - text: Book the room
            due: 2026-12-01
          - text: Someday maybe
          - text: Ring the funder
            due: 2026-10-01
          - text: Sent the slides
            done: true
    """)
    portfolio.build("--strict")
    page = portfolio.page("journal/actions")
    text = text_of(page)
    overdue = text[text.index("Overdue (2)"):text.index("Open (3)")]
    assert overdue.index("Draft the fellowship outline") < overdue.index("Ring the funder")
    assert page.count('class="admonition danger"') == 1
    danger = page[page.index('class="admonition danger"'):page.index('id="open-3"')]
    assert "Ring the funder" in danger and "Book the room" not in danger
    open_ = text[text.index("Open (3)"):text.index("Done (1)")]
    assert open_.index("Book the room") < open_.index("Write the abstract") < open_.index("Someday maybe")
    done = text[text.index("Done (1)"):]
    assert "Sent the slides" in done and "Sent the slides" not in text[:text.index("Done (1)")]
    assert "<del>Sent the slides</del>" in page
    body = page[page.index("<article"):page.index("</article>")]
    assert body.count('href="../2026-11-02-review/"') == 5
    assert '<details class="success"' in page
    assert 'href="../2026-01-10-kickoff/"' in page


# -- mentornet prep ----------------------------------------------------------------------------


def test_prep_prints_what_to_bring_the_same_as_the_person_page(portfolio):
    portfolio.entry("2026-10-01-lunch", """
        title: Lunch with Diane
        date: 2026-10-01
        people: [diane-roberts]
        kind: meeting
        agenda: [The fellowship panel]
        actions:
          - text: Send Diane the outline
            due: 2026-12-01
    """, body="She knows the **panel**.\n")
    result = prep_cli(portfolio, "diane-roberts")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Before your next meeting with Diane Roberts\n")
    assert "Last contact: 1 October 2026 (journal)" in out
    assert "Open actions (2)\n  - OVERDUE Draft the fellowship outline (due 1 February 2026)" in out
    assert "  - Send Diane the outline (due 1 December 2026) — from \"Lunch with Diane\"" in out
    assert "Last time: Lunch with Diane (meeting, 1 October 2026)" in out
    assert "  Agenda:\n    1. The fellowship panel\n  Notes:\n    She knows the **panel**." in out
    assert "Goals they help with (1)\n  - Get promoted (medium): Career support, Sponsor" in out
    # one function, two renderings: the page shows the same items
    portfolio.build("--strict")
    loaded = load(Layout.of(portfolio.root))
    data = journal.prep(loaded, loaded.people_by_id["diane-roberts"], TODAY)
    page = text_of("<article>" + section(portfolio.page("people/diane-roberts"), "prep") + "</article>")
    for item in data.actions:
        assert item.action.text in page and item.action.text in out
    for item in data.last.meta.agenda:
        assert item in page and item in out
    for help_ in data.goals:
        assert help_.goal.text in page and help_.goal.text in out
    # by name, case-insensitively, too
    assert prep_cli(portfolio, "diane roberts", ".").stdout == out


def test_prep_for_an_unknown_person_suggests_one_and_exits_1(portfolio):
    result = prep_cli(portfolio, "dianne-roberts")
    assert result.returncode == 1
    assert "unknown person 'dianne-roberts' — did you mean 'diane-roberts'?" in result.stderr
    assert "Traceback" not in result.stderr
    result = prep_cli(portfolio, "nobody-at-all")
    assert result.returncode == 1 and "the people are: diane-roberts, sami-wonder" in result.stderr


def test_prep_for_someone_with_no_journal_yet(portfolio):
    result = prep_cli(portfolio, "sami-wonder", str(portfolio.root), "--today", "2026-11-22")
    assert result.returncode == 0, result.stderr
    assert "Last contact: none recorded" in result.stdout
    assert "Open actions (0)\n  None." in result.stdout
    assert "Last time: no journal entry with them yet." in result.stdout


# -- errors in entries -------------------------------------------------------------------------


@pytest.mark.parametrize("front_matter, expected", [
    ("date: 2026-02-01\npeople: [dianne-roberts]",
     "content/journal/2026-02-01-bad.md:3:10: people: unknown person 'dianne-roberts' — did you mean 'diane-roberts'?"),
    ("date: 2026-02-31",
     "content/journal/2026-02-01-bad.md:2:1: date: '2026-02-31' is not a real date"),
    ("date: 1 Feb 2026",
     "content/journal/2026-02-01-bad.md:2:1: date: '1 Feb 2026' is not a date: write it as YYYY-MM-DD"),
    ("date: 2026-02-01\nkind: meting",
     "content/journal/2026-02-01-bad.md:3:1: kind: 'meting' is not a kind term; expected one of "
     "meeting, note, event, reflection — did you mean 'meeting'?"),
    ("date: 2026-02-01\nactions:\n  - text: Call Sami\n    due: next week",
     "content/journal/2026-02-01-bad.md:5:5: actions[0].due: 'next week' is not a date: write it as YYYY-MM-DD"),
    ("date: 2026-02-01\nactions: Call Sami",
     "content/journal/2026-02-01-bad.md:3:1: actions: expected a list of mappings, for example "
     "`actions: [{text: Call Sami}]`"),
])
def test_entry_problems_are_reported_at_their_line(portfolio, front_matter, expected):
    portfolio.entry("2026-02-01-bad", front_matter)
    result = check_cli(portfolio)
    assert result.returncode == 1
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    built = portfolio.build(check=False)
    assert built.returncode == 1 and expected in built.stderr


# -- Material's tags plugin --------------------------------------------------------------------


def test_the_tags_plugin_never_sees_entries_the_audience_may_not(portfolio):
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        "  - search\n", "  - search\n  - tags\n").replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'))
    portfolio.entry("2026-05-01-secret", """
        title: Zqsecret entry
        date: 2026-05-01
        people: [diane-roberts]
        visibility: private
        tags: [zqprivatetag]
    """, body="Zqsecret body.\n")
    portfolio.entry("2026-05-02-shared", """
        title: Shared entry
        date: 2026-05-02
        people: [diane-roberts]
        tags: [fellowship]
    """)
    portfolio.build("--strict")
    tags = json.loads((portfolio.site / "tags.json").read_text())
    assert "fellowship" in json.dumps(tags)
    for path in portfolio.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            content = path.read_text(encoding="utf-8", errors="replace")
            assert "zqprivatetag" not in content and "Zqsecret" not in content, path
