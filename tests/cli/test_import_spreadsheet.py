"""`mentornet import FILE --as people` of a spreadsheet: the exercise typed into a table as a person
types it, and the round trip of `mentornet export --format csv`'s people.csv through a spreadsheet
and `import --update`."""

from __future__ import annotations

import csv
import difflib
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PortfolioFolder
from mentornet.cli.network_export import neutralise_cell, restore_cell

#: The worked example of the Developmental Network Exercise's slides, typed into a spreadsheet
#: the way a person would: their own headers, labels and capitals, a person on a row for each
#: kind of support they give, the slides' wording for the kinds of support.
WORKED_EXAMPLE = """\
Name,Role,Support type,Relationship,Senior/Peer/Junior,Inside organisation
Nancy Smith,Research assistant,Getting the job done,Close,Junior,yes
John Doe,PI of grant,"Job, Career",Moderate,Senior,Yes
Carl Jones,Grant & administrative assistant,job,distant,peer,yes
Dr Diane Roberts,Senior faculty member in your division,Advancing your career,Close relationship,Senior,Inside
Sami Wonder,Department Chair,career,Distant,Senior,inside
Anne Brown,Faculty at other institution,Career support,Close,Senior,Outside
Lee Green,Spouse,Personal support,Close,Peer,no
Frances West,Friend at work,personal,Moderate,Peer,TRUE
Diane Roberts,Senior faculty member in your division,Getting personal support,Close,Senior,yes
"""

#: Where each of them belongs on the exercise's grid: kind of support → closeness → names.
WORKED_GRID = {
    "Gets the job done": {"Close": ["Nancy Smith"], "Moderate": ["John Doe"], "Distant": ["Carl Jones"]},
    "Career support": {"Close": ["Anne Brown", "Dr Diane Roberts"], "Moderate": ["First Mentor", "John Doe"],
                       "Distant": ["Sami Wonder"]},
    "Personal support": {"Close": ["Dr Diane Roberts", "Lee Green"], "Moderate": ["Frances West"], "Distant": []},
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=cwd, capture_output=True, text=True)


def grid(page: str) -> dict[str, dict[str, list[str]]]:
    """The exercise's grid as the built analysis page shows it: kind → closeness → names."""
    block = page[page.index('class="mentornet-grid"'):]
    table = block[:block.index("</table>")]
    header = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
              for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        kind = html.unescape(re.sub(r"<[^>]+>", "", cells[0])).strip()
        rows[kind] = {header[i]: sorted(html.unescape(name) for name in re.findall(r"<a [^>]*>(.*?)</a>", cell))
                      for i, cell in enumerate(cells) if i}
    return rows


def test_the_worked_example_typed_into_a_spreadsheet_fills_the_exercise_grid_of_a_new_starter(tmp_path):
    assert run("new", "mine", cwd=tmp_path).returncode == 0
    starter = PortfolioFolder(tmp_path / "mine")
    (tmp_path / "exercise.csv").write_text(WORKED_EXAMPLE, encoding="utf-8")
    result = run("import", str(tmp_path / "exercise.csv"), "--as", "people", cwd=starter.root)
    assert result.returncode == 0, result.stderr
    assert "Added 8 people to data/people.yaml" in result.stdout  # Diane Roberts once, with both kinds
    assert "Ignored" not in result.stdout  # every column was understood
    assert "First Mentor, the starter's example person, is still in your network" in result.stdout
    assert run("check", cwd=starter.root).returncode == 0
    text = (starter.root / "data/people.yaml").read_text(encoding="utf-8")
    assert ("- id: diane-roberts\n  name: Dr Diane Roberts\n  title: Senior faculty member in your division\n"
            "  inside: true\n  seniority: senior\n  closeness: close\n  support: [career, personal]\n") in text
    assert "- id: john-doe\n  name: John Doe\n  title: PI of grant\n  inside: true\n  seniority: senior\n" \
           "  closeness: moderate\n  support: [job, career]\n" in text
    assert "- id: lee-green\n  name: Lee Green\n  title: Spouse\n  inside: false\n" in text
    starter.build("--strict")
    assert grid(starter.page("analysis")) == WORKED_GRID


def test_a_cell_that_is_not_a_term_is_refused_with_its_row_and_column_and_nothing_is_written(portfolio, tmp_path):
    (tmp_path / "mine.csv").write_text("Name,Closeness,Support\nAda Lovelace,clse,job\nBo Li,close,carrer\n")
    before = (portfolio.root / "data/people.yaml").read_bytes()
    result = portfolio.mentornet("import", str(tmp_path / "mine.csv"), "--as", "people")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"{tmp_path / 'mine.csv'}:2:2: Closeness: 'clse' is not a closeness term; expected one of close, " \
           "moderate, distant — did you mean 'close'?" in lines
    assert f"{tmp_path / 'mine.csv'}:3:3: Support: 'carrer' is not a support term; expected one of job, career, " \
           "personal — did you mean 'career'?" in lines
    assert (portfolio.root / "data/people.yaml").read_bytes() == before


def test_columns_no_field_takes_are_reported_in_one_line(portfolio, tmp_path):
    (tmp_path / "mine.csv").write_text("name,Closeness,Favourite colour,Shoe size,Empty column\n"
                                       "Ada Lovelace,Close,green,38,\n")
    result = portfolio.mentornet("import", str(tmp_path / "mine.csv"), "--as", "people")
    assert result.returncode == 0, result.stderr
    assert "Ignored 2 columns no field takes: Favourite colour, Shoe size\n" in result.stdout
    assert "  closeness: close\n" in (portfolio.root / "data/people.yaml").read_text()


def demo(tmp_path: Path) -> Path:
    assert run("new", "--demo", "demo", cwd=tmp_path).returncode == 0
    return tmp_path / "demo"


def exported(root: Path) -> tuple[list[str], list[list[str]]]:
    result = run("export", "--format", "csv", "--out", "network", cwd=root)
    assert result.returncode == 0, result.stderr
    data = (root / "network/people.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def save_as_excel(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """What Excel's "CSV UTF-8" writes: a byte-order mark, CRLF line ends."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def test_the_demo_people_csv_edited_in_one_cell_changes_exactly_that_cell_and_keeps_every_comment(tmp_path):
    root = demo(tmp_path)
    before = (root / "data/people.yaml").read_text(encoding="utf-8")
    header, rows = exported(root)
    row = next(r for r in rows if r[0] == "samuel-osei")
    assert row[header.index("cadence")] == "monthly"
    row[header.index("cadence")] = "6 weeks"
    save_as_excel(root / "edited.csv", header, rows)
    result = run("import", "edited.csv", "--as", "people", "--update", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Changed samuel-osei: cadence → 6 weeks" in result.stdout
    after = (root / "data/people.yaml").read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == ["-   cadence: monthly", "+   cadence: 6 weeks"]
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#") or " # " in line]
    assert comments and all(line in after.splitlines() for line in comments)
    assert run("check", cwd=root).returncode == 0


def test_an_unedited_export_changes_nothing_and_an_emptied_cell_clears_the_field(tmp_path):
    root = demo(tmp_path)
    before = (root / "data/people.yaml").read_bytes()
    header, rows = exported(root)
    save_as_excel(root / "same.csv", header, rows)
    result = run("import", "same.csv", "--as", "people", "--update", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Nothing to add or change: 15 contact(s) in same.csv, 15 already as it says." in result.stdout
    assert (root / "data/people.yaml").read_bytes() == before
    row = next(r for r in rows if r[0] == "tom-fairweather")
    row[header.index("influence")] = ""
    row[header.index("attr_discipline")] = "research software"
    save_as_excel(root / "edited.csv", header, rows)
    result = run("import", "edited.csv", "--as", "people", "--update", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Changed tom-fairweather: influence → (removed), attributes → {discipline: research software}" \
        in result.stdout
    changed = [line for line in difflib.ndiff(before.decode().splitlines(),
                                               (root / "data/people.yaml").read_text().splitlines())
               if line[:1] in "+-"]
    assert changed == ["-   influence: low", "-     discipline: software engineering",
                       "+     discipline: research software"]


def test_a_changed_name_with_its_id_renames_and_a_new_row_is_added(tmp_path):
    root = demo(tmp_path)
    header, rows = exported(root)
    next(r for r in rows if r[0] == "ada-mensah")[header.index("label")] = "Ada Mensah-Owusu"
    new = [""] * len(header)
    new[header.index("label")], new[header.index("closeness")], new[header.index("support")] = \
        "Kofi Boateng", "Moderate", "Job|Career"
    save_as_excel(root / "edited.csv", header, rows + [new])
    result = run("import", "edited.csv", "--as", "people", "--update", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Changed ada-mensah: name → Ada Mensah-Owusu" in result.stdout
    text = (root / "data/people.yaml").read_text()
    assert "- id: ada-mensah\n  name: Ada Mensah-Owusu\n" in text
    assert "- id: kofi-boateng\n  name: Kofi Boateng\n  closeness: moderate\n  support: [job, career]\n" in text


def test_people_kept_one_file_each_are_updated_in_their_own_file_keeping_its_comments(portfolio, tmp_path):
    (portfolio.root / "data/people.yaml").unlink()
    portfolio.write("data/people/diane-roberts.yaml", "# my mentor since the PhD\nname: Diane Roberts\n"
                    "closeness: close   # we talk every week\nsupport: [career]\n")
    portfolio.write("data/people/sami-wonder.yaml", "name: Sami Wonder\n")
    (tmp_path / "p.csv").write_text("id,label,closeness,support\ndiane-roberts,Diane Roberts,close,"
                                    "career|personal\n,Lee Green,close,personal\n")
    result = portfolio.mentornet("import", str(tmp_path / "p.csv"), "--as", "people", "--update")
    assert result.returncode == 0, result.stderr
    assert (portfolio.root / "data/people/diane-roberts.yaml").read_text() == \
        "# my mentor since the PhD\nname: Diane Roberts\ncloseness: close   # we talk every week\n" \
        "support: [career, personal]\n"
    assert (portfolio.root / "data/people/lee-green.yaml").read_text() == \
        "# yaml-language-server: $schema=../../schema/person.schema.json\nname: Lee Green\ncloseness: close\n" \
        "support: [personal]\nvisibility: private\n"
    assert portfolio.mentornet("check").returncode == 0


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x.example\",\"click\")", "+44 20 7946 0000", "-1 year",
                                   "@home", "'=already quoted"])
def test_cells_a_spreadsheet_would_run_are_exported_as_text_and_come_back_as_they_were(portfolio, value):
    people = (portfolio.root / "data/people.yaml").read_text()
    portfolio.write("data/people.yaml", people.replace("name: Diane Roberts",
                                                       f"name: Diane Roberts\n  title: {value!r}".replace(
                                                           "\\t", "\t")), dedent=False)
    assert portfolio.mentornet("check").returncode == 0
    assert portfolio.mentornet("export", "--format", "csv", "--out", "net").returncode == 0
    rows = list(csv.DictReader(io.StringIO((portfolio.root / "net/people.csv").read_text(encoding="utf-8-sig"))))
    cell = next(row for row in rows if row["id"] == "diane-roberts")["title"]
    assert cell == "'" + value
    result = portfolio.mentornet("import", "net/people.csv", "--as", "people", "--update")
    assert result.returncode == 0, result.stderr
    assert "Nothing to add or change" in result.stdout


def test_neutralising_a_cell_is_undone_exactly_and_nothing_else_is_touched():
    for text in ("=1+1", "+1", "-", "@x", "\tx", "\rx", "'=x", "''+x"):
        assert neutralise_cell(text) == "'" + text and restore_cell(neutralise_cell(text)) == text
    for text in ("plain", "'quoted", "a=b", "", "2024-09-01"):
        assert neutralise_cell(text) == text and restore_cell(text) == text


def test_the_export_without_a_byte_order_mark_on_request(example, tmp_path):
    result = run("export", "--format", "csv", "--out", str(tmp_path / "n"), "--no-bom", cwd=example.root)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "n/people.csv").read_bytes().startswith(b"id,label,")


def test_a_loosely_named_column_of_other_values_is_ignored_not_refused(portfolio, tmp_path):
    (tmp_path / "mine.csv").write_text("Name,Type,Relationship\nAda Lovelace,Colleague,Close\n"
                                       "Bo Li,Friend,moderate\n")
    result = portfolio.mentornet("import", str(tmp_path / "mine.csv"), "--as", "people")
    assert result.returncode == 0, result.stderr
    assert "Ignored 1 column no field takes: Type (not support values)\n" in result.stdout
    assert "- id: bo-li\n  name: Bo Li\n  closeness: moderate\n" in (portfolio.root / "data/people.yaml").read_text()


def test_a_spreadsheet_saved_with_semicolons_as_many_european_excels_do(portfolio, tmp_path):
    (tmp_path / "mine.csv").write_bytes("\ufeffNom;Closeness;Support\r\n".replace("Nom", "Name").encode()
                                        + "Zoë Ångström;Distant;job, career\r\n".encode())
    result = portfolio.mentornet("import", str(tmp_path / "mine.csv"), "--as", "people")
    assert result.returncode == 0, result.stderr
    assert "- id: zoe-angstrom\n  name: Zoë Ångström\n  closeness: distant\n  support: [job, career]\n" \
        in (portfolio.root / "data/people.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("vocabulary, typed, term", [
    ("SUPPORT", "Getting the Job Done", "job"), ("SUPPORT", "Advancing your career", "career"),
    ("SUPPORT", "Getting personal support", "personal"), ("SUPPORT", "Career support", "career"),
    ("CLOSENESS", "Close relationship", "close"), ("CLOSENESS", "MODERATE", "moderate"),
    ("SENIORITY", "Seniors", "senior"), ("SENIORITY", "Peers", "peer"), ("ROLES", "Role model", "role-model"),
    ("INFLUENCE", "Some influence", "medium"), ("SOCIAL_SYSTEMS", "Professional associations", "professional-bodies"),
    ("SOCIAL_SYSTEMS", "Family/community", "family-community"), ("CLOSENESS", "clse", None),
    ("SUPPORT", "job and career", None),
])
def test_a_term_is_found_as_a_person_types_it(vocabulary, typed, term):
    from mentornet.core import vocabulary as v

    found = getattr(v, vocabulary).find(typed)
    assert (found.id if found else None) == term
