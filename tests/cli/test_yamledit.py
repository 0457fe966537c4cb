"""yamledit: the data files the guided commands change keep every comment and the layout of
every item nobody touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from mentornet.cli import yamledit

ROOT = Path(__file__).resolve().parents[2]


def _starter_data(tmp_path: Path) -> Path:
    """The data folder of a starter as `mentornet new` writes it (its dates filled in)."""
    from mentornet.cli import starter

    starter.create(tmp_path / "starter", dt.date(2026, 11, 22))
    return tmp_path / "starter" / "data"


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    target.write_bytes(source.read_bytes())
    return target


def test_untouched_people_keep_their_text_byte_for_byte(tmp_path):
    path = _copy(ROOT / "data" / "people.yaml", tmp_path)
    before = path.read_text(encoding="utf-8")
    people = yamledit.DataFile.load(path)
    yamledit.set_fields(people, "ada-mensah", until="2026-12")
    people.save()
    after = path.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["  until: 2026-12"]
    assert after.replace("  until: 2026-12\n", "", 1) == before


def test_a_changed_field_keeps_its_end_of_line_comment_and_column(tmp_path):
    original = _starter_data(tmp_path) / "people.yaml"
    path = _copy(original, tmp_path)
    people = yamledit.DataFile.load(path)
    yamledit.set_fields(people, "first-mentor", closeness="close")
    people.save()
    text = path.read_text(encoding="utf-8")
    assert "  closeness: close            # close, moderate or distant\n" in text
    assert text.replace("closeness: close   ", "closeness: moderate") == original.read_text()


def test_a_new_person_is_appended_with_flow_lists_and_nothing_else_moves(tmp_path):
    path = _copy(ROOT / "data" / "people.yaml", tmp_path)
    before = path.read_text(encoding="utf-8")
    people = yamledit.DataFile.load(path)
    yamledit.add_person(people, {"id": "lee-green", "name": "Lee Green", "closeness": "close",
                                 "support": ["personal"], "inside": False, "visibility": "private"})
    people.save()
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):] == ("\n- id: lee-green\n  name: Lee Green\n  inside: false\n  closeness: close\n"
                                   "  support: [personal]\n  visibility: private\n")
    assert yaml.safe_load(after)[-1]["support"] == ["personal"]


def test_an_audit_replaces_the_starters_empty_list_and_keeps_its_comments(tmp_path):
    path = _copy(_starter_data(tmp_path) / "audit.yaml", tmp_path)
    comments = [line for line in path.read_text().splitlines() if line.startswith("#")]
    audits = yamledit.DataFile.load(path)
    yamledit.append_audit(audits, {"date": dt.date(2026, 12, 6), "core": ["lee-green"],
                                   "strengths": ["Close: at home"], "weaknesses": []})
    audits.save()
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#")] == comments
    assert yaml.safe_load(text) == [{"date": dt.date(2026, 12, 6), "core": ["lee-green"],
                                     "strengths": ["Close: at home"], "weaknesses": []}]


def test_a_person_file_of_its_own_starts_with_the_schema_line_and_leaves_out_the_id(tmp_path):
    made = yamledit.new_person_file(tmp_path / "people", {"id": "lee-green", "name": "Lee Green",
                                                           "support": ["personal"]})
    made.save()
    text = (tmp_path / "people" / "lee-green.yaml").read_text(encoding="utf-8")
    assert text == yamledit.PERSON_FILE_HEADER + "name: Lee Green\nsupport: [personal]\n"


def test_crlf_files_stay_crlf(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_bytes(b"# mine\r\n- id: a\r\n  name: A\r\n")
    people = yamledit.DataFile.load(path)
    yamledit.set_fields(people, "a", closeness="distant")
    people.save()
    assert path.read_bytes() == b"# mine\r\n- id: a\r\n  name: A\r\n  closeness: distant\r\n"


def test_a_missing_file_starts_with_its_schema_line(tmp_path):
    people = yamledit.DataFile.load(tmp_path / "people.yaml", yamledit.PEOPLE_HEADER)
    yamledit.add_person(people, {"id": "lee-green", "name": "Lee Green"})
    people.save()
    assert (tmp_path / "people.yaml").read_text() == \
        yamledit.PEOPLE_HEADER + "\n- id: lee-green\n  name: Lee Green\n"


def test_a_list_written_in_brackets_is_refused_with_a_way_out(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("[{id: a, name: A}]\n")
    try:
        yamledit.DataFile.load(path)
    except yamledit.EditError as error:
        assert "people.yaml:1:1: the list is written as one [ … ] list: write it as `- ` items" in str(error)
    else:
        raise AssertionError("a [ … ] list was taken for editing")


def test_answers_yaml_1_1_would_read_as_something_else_are_quoted(tmp_path):
    people = yamledit.DataFile.load(tmp_path / "people.yaml")
    typed = {"name": "Yes", "title": "on", "organisation": "12:30", "notes": "NO"}
    yamledit.add_person(people, {"id": "a", **typed})
    assert yaml.safe_load(people.render()) == [{"id": "a", **typed}]


def test_an_indented_list_and_an_id_below_the_first_key_are_edited_in_place(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("# indented\n  - name: A\n    id: a\n  # about b\n  - id: b\n    name: B\n")
    people = yamledit.DataFile.load(path)
    yamledit.set_fields(people, "a", closeness="close")
    yamledit.add_person(people, {"id": "c", "name": "C"})
    assert people.render() == ("# indented\n  - name: A\n    id: a\n    closeness: close\n  # about b\n"
                               "  - id: b\n    name: B\n  - id: c\n    name: C\n")
    path.write_text("- name: A\n  id: a\n- id: b\n  name: B\n")
    people = yamledit.DataFile.load(path)
    assert people.ids() == ["a", "b"]
    yamledit.set_fields(people, "a", closeness="close")
    assert people.render() == "- name: A\n  id: a\n  closeness: close\n- id: b\n  name: B\n"


def test_a_person_taken_out_leaves_the_comments_after_them(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("# mine\n\n- id: a\n  name: A\n\n# the others\n- id: b\n  name: B\n")
    people = yamledit.DataFile.load(path)
    yamledit.remove_person(people, "a")
    assert people.render() == "# mine\n\n\n# the others\n- id: b\n  name: B\n"
    yamledit.remove_person(people, "b")
    assert people.render() == "# mine\n\n\n# the others\n[]\n"
