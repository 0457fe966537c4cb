"""Rules with one home in core, as every stage and command reads them: who is in the network
now, how a word agrees with a number, what a day is, which files the content folder holds."""

from __future__ import annotations

import datetime as dt

import pytest

from mentornet.core.layout import Layout, content_files
from mentornet.core.model import NotADay, Person, Portfolio, Profile, day_of
from mentornet.core.words import count_of, people_word, plural


def test_the_network_now_is_the_people_who_have_not_left_in_the_files_order():
    people = (Person(id="b", name="B"), Person(id="a", name="A", until="2026-01"), Person(id="c", name="C"))
    portfolio = Portfolio(profile=Profile(name="Me"), people=people)
    assert [p.id for p in portfolio.active_people] == ["b", "c"]
    assert all(p.active for p in portfolio.active_people) and not people[1].active


@pytest.mark.parametrize("n, words", [(0, "0 ties"), (1, "1 tie"), (2, "2 ties")])
def test_a_word_agrees_with_its_number(n, words):
    assert count_of(n, "tie") == words
    assert count_of(n, "person", "people") == f"{n} {people_word(n)}"
    assert plural(n, "meets", "meet") == ("meets" if n == 1 else "meet")


def test_a_day_is_written_yyyy_mm_dd_and_no_other_way():
    assert day_of(" 2026-11-22 ") == dt.date(2026, 11, 22)
    for text in ("20261122", "2026-W47-1", "22/11/2026", "next week"):
        with pytest.raises(NotADay, match="is not a date: write it as YYYY-MM-DD"):
            day_of(text)
    with pytest.raises(NotADay, match=r"'2026-02-30' is not a real date \(day is out of range for month\)"):
        day_of("2026-02-30")


def test_the_content_folder_is_walked_once_and_markdown_under_another_name_is_refused_one_way(tmp_path):
    (tmp_path / "content" / "journal").mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text("# Home\n")
    (tmp_path / "content" / "notes.MD").write_text("# Raw\n")
    (tmp_path / "content" / ".hidden.md").write_text("# Hidden\n")
    (tmp_path / "content" / "journal" / "scan.png").write_bytes(b"png")
    found = content_files(Layout.of(tmp_path))
    assert found.pages == [("index.md", tmp_path / "content" / "index.md")]
    assert found.others == [("journal/scan.png", tmp_path / "content" / "journal" / "scan.png")]
    assert [(path.name, why) for path, why in found.refused] == [
        ("notes.MD", "rename this file to 'notes.md': MkDocs copies a '.MD' file into the site as it is, "
                     "front matter and all, whatever visibility it declares")]
