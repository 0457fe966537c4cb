"""Reading YAML: positions, duplicate keys, YAML 1.2 core-schema scalars, and bounds on hostile files."""

from __future__ import annotations

import time

import pytest

from mentornet.load import yamlsource
from mentornet.load.yamlsource import parse, read_text


def test_values_keep_the_position_of_their_key():
    problems = []
    document = parse("people:\n  - id: a\n    name: A\n", "x.yaml", problems)
    assert document.position(("people", 0, "name")) == (3, 5)
    assert document.position(("people", 0, "missing")) == (2, 5)
    assert problems == []


def test_plain_scalars_are_typed_as_yaml_1_2_says_but_dates_stay_text():
    document = parse("a: true\nb: 12\nc: 1.5\nd: ~\ne: 2026-01-31\nf: '12'\ng: True\n", "x.yaml", [])
    assert document.data == {"a": True, "b": 12, "c": 1.5, "d": None, "e": "2026-01-31", "f": "12", "g": True}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "NO", "Yes", "OFF", "y", "n"])
def test_yaml_1_1_booleans_are_text_as_in_the_yaml_1_2_core_schema(word):
    # `geography: NO` (Norway) stays "NO", as JSON-Schema tools and YAML 1.2 parsers read it
    assert parse(f"geography: {word}\n", "x.yaml", []).data == {"geography": word}


def test_duplicate_keys_are_problems_and_the_first_value_is_kept():
    problems = []
    document = parse("name: A\nname: B\n", "x.yaml", problems)
    assert document.data == {"name": "A"}
    assert [str(p) for p in problems] == [
        "x.yaml:2:1: duplicate key 'name' (first given on line 1); YAML keeps only one of them: "
        "remove or merge the other"]


def test_line_offsets_apply_to_front_matter():
    problems = []
    parse("date: 2026-01-01\ndate: 2026-01-02\n", "entry.md", problems, line_offset=1)
    assert str(problems[0]).startswith("entry.md:3:1: duplicate key 'date' (first given on line 2)")


def test_an_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    problems = []
    start = time.process_time()
    assert parse(bomb, "bomb.yaml", problems) is None
    assert time.process_time() - start < 5  # bounded, not exponential (a generous bound, not a benchmark)
    assert "expands to too many values through aliases" in str(problems[0])


def test_a_few_aliases_are_fine():
    document = parse("base: &b [job, career]\nother: *b\n", "x.yaml", [])
    assert document.data["other"] == ["job", "career"]


def test_merge_keys_are_reported_not_silently_applied():
    problems = []
    parse("base: &b {a: 1}\nx:\n  <<: *b\n", "x.yaml", problems)
    assert "merge keys (<<) are not supported" in str(problems[0])


def test_only_safe_yaml_is_read():
    problems = []
    document = parse("x: !!python/object/apply:os.system ['echo pwned']\n", "x.yaml", problems)
    assert document.data["x"] is None
    assert [str(p) for p in problems] == [
        "x.yaml:1:4: the tag !!python/object/apply:os.system is not allowed in mentornet data: remove it"]


def test_oversized_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "people.yaml"
    big.write_text("# padding\n" * 200)
    problems = []
    assert read_text(big, "data/people.yaml", problems) is None
    assert "larger than" in str(problems[0])


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: A\n")
    assert read_text(path, "p.yaml", []) == "name: A\n"


@pytest.mark.parametrize("text", ["[", "a: b: c", "- a\nb: c", "a: 'unclosed"])
def test_syntax_errors_never_raise(text):
    problems = []
    assert parse(text, "x.yaml", problems) is None
    assert problems[0].file == "x.yaml" and "YAML syntax error" in problems[0].message
