"""`mentornet import` of contact files as real programs export them (tests/cli/fixtures/contacts/):
Google Contacts' CSV in its old and new layouts and its vCards, Outlook's CSV, LinkedIn's
Connections.csv, vCard 2.1 from a phone, Apple's vCards, vCard 4.0. Every person keeps their
name, title, organisation, e-mails and links; organisations' cards are skipped with a line
saying so; names in any script get ids of their own; duplicates are found however the name is
spelt, and two people of one name stay two."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from mentornet.core.model import SLUG_PATTERN

CONTACTS = Path(__file__).parent / "fixtures" / "contacts"

#: file → every person in it: (name, title, organisation, links) as they must be kept.
EXPECTED = {
    "google-old.csv": [
        ("Dr. Priya Nair", "Senior Research Fellow, Health Data Science",
         "Calderbridge Centre for Population Health Data Science",
         ["https://calderbridge.example.org/people/priya-nair", "https://priyanair.example.net/",
          "mailto:priya.nair@calderbridge.example.org", "mailto:p.nair@example.com"]),
        ("王小明", "副教授", "清华大学公共卫生与健康学院",
         ["https://www.tsinghua.example.cn/~wangxm", "mailto:wangxm@tsinghua.example.cn"]),
        ("José Núñez", "Profesor titular", "Universidad de Sevilla", ["mailto:jose.nunez@example.es"]),
    ],
    "google-new.csv": [
        ("محمد الأحمد", "أستاذ مشارك في علم الأوبئة", "جامعة الملك سعود",
         ["https://ksu.example.sa/staff/alahmad", "mailto:m.alahmad@ksu.example.sa"]),
        ("דוד כהן", "מרצה בכיר", "האוניברסיטה העברית בירושלים",
         ["https://www.linkedin.com/in/david-cohen-huji", "mailto:david.cohen@huji.example.il"]),
        ("Dr Samuel Osei", "Reader in Medical Statistics", "School of Mathematics, University of Calderbridge",
         ["https://calderbridge.example.org/people/samuel-osei", "mailto:s.osei@calderbridge.example.org",
          "mailto:samuel.osei@example.com"]),
    ],
    "outlook.csv": [
        ("Prof. Ingrid Halvorsen", "Professor of Statistics", "University of Skagerrak",
         ["https://skagerrak.example.no/ansatte/halvorsen", "mailto:ingrid.halvorsen@skagerrak.example.no"]),
        ("Dr. رضا محمدی", "استادیار آمار زیستی", "دانشگاه تهران", ["mailto:r.mohammadi@ut.example.ir"]),
        ("Ms. Claire Whitlock", "Programme manager, early-career fellowships", "Halden Trust",
         ["mailto:claire.whitlock@halden.example.org", "mailto:cwhitlock@example.com"]),
    ],
    "Connections.csv": [
        ("Priya Nair", "Senior Research Fellow, Health Data Science",
         "Calderbridge Centre for Population Health Data Science", ["https://www.linkedin.com/in/priya-nair-hds"]),
        ("Priya Nair", "Portfolio Manager", "Northbank Capital",
         ["https://www.linkedin.com/in/priyanair-finance", "mailto:priya.n@example.com"]),
        ("Zoë Ångström", "Postdoc, Clinical Epidemiology", "Karolinska Institutet",
         ["https://www.linkedin.com/in/zoe-angstrom"]),
        ("Lena Fischer", "Postdoc", "University of Weserhaven", ["https://www.linkedin.com/in/lena-fischer-biostat"]),
    ],
    "phone-2.1.vcf": [
        ("François Béli", "Maître de conférences en biostatistique et en épidémiologie",
         "Université Claude Bernard Lyon 1, Laboratoire de Biométrie",
         ["https://lbbe.univ-lyon1.example.fr/beli", "mailto:francois.beli@univ-lyon1.example.fr"]),
        ("Dr. Anneliese Schröder", "Geschäftsführerin, Abteilung Epidemiologie",
         "Helmholtz-Zentrum für Infektionsforschung",
         ["https://www.helmholtz.example.de/schroeder", "mailto:a.schroeder@helmholtz.example.de"]),
        ("Jürgen Müller", "Außerordentlicher Professor", "Universität Wien",
         ["mailto:juergen.mueller@univie.example.at"]),
    ],
    "google.vcf": [
        ("Noor Haddad", "Research scientist, nowcasting", "Cascadia Institute for Disease Dynamics",
         ["https://github.com/noorhaddad", "https://www.linkedin.com/in/noor-haddad",
          "mailto:noor@cascadia.example.org"]),
        ("王小明", "副教授", "清华大学",
         ["https://www.tsinghua.example.cn/~wangxm", "mailto:wangxm@tsinghua.example.cn"]),
        ("李娜", "研究员", "复旦大学", ["https://fudan.example.cn/lina"]),
        ("דוד כהן", "מרצה בכיר", "האוניברסיטה העברית בירושלים", ["mailto:david.cohen@huji.example.il"]),
    ],
    "apple.vcf": [
        ("Zoë Ångström", "Postdoc, Clinical Epidemiology",
         "Karolinska Institutet, Department of Medical Epidemiology and Biostatistics",
         ["https://ki.example.se/people/zoe-angstrom-a-very-long-address-that-the-exporter-folds-onto-a-second-line",
          "https://www.linkedin.com/in/zoe-angstrom", "mailto:zoe.angstrom@ki.example.se"]),
        ("Dr Maya Lindqvist", "Research Fellow", "University of Calderbridge",
         ["mailto:maya.lindqvist@calderbridge.example.org"]),
    ],
    "thunderbird-4.0.vcf": [
        ("Dr Morag Baillie", "Chair, early-career committee", "Society for Population Health Methods (SPHM)",
         ["https://sphm.example.org/people/morag-baillie", "mailto:morag.baillie@sphm.example.org"]),
        ("سارا رضایی", "پژوهشگر پسادکتری", "دانشگاه شهید بهشتی",
         ["https://sbmu.example.ir/rezaei", "mailto:s.rezaei@sbmu.example.ir"]),
    ],
}

#: file → the organisations' cards in it, skipped.
ORGANISATIONS = {"google-old.csv": ["Halden Trust"], "google-new.csv": ["Tidewater Analytics"],
                 "apple.vcf": ["Halden Trust"], "thunderbird-4.0.vcf": ["Society for Population Health Methods"]}


def imported(portfolio, tmp_path, name: str, *args: str):
    shutil.copy(CONTACTS / name, tmp_path / name)
    result = portfolio.mentornet("import", str(tmp_path / name), *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert portfolio.mentornet("check").returncode == 0
    return result


def people_of(portfolio) -> list[dict]:
    return yaml.safe_load((portfolio.root / "data/people.yaml").read_text(encoding="utf-8"))


def network(portfolio, people: str = "[]\n") -> None:
    """The portfolio with these people only (and no journal naming others)."""
    portfolio.write("data/people.yaml", people)
    for entry in (portfolio.root / "content/journal").glob("*.md"):
        entry.unlink()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_person_keeps_name_title_organisation_and_links(portfolio, tmp_path, name):
    network(portfolio)
    result = imported(portfolio, tmp_path, name, "--as", "people")
    people = people_of(portfolio)
    kept = [(p["name"], p.get("title", ""), p.get("organisation", ""), [link["url"] for link in p.get("links", ())])
            for p in people]
    assert kept == EXPECTED[name]
    for organisation in ORGANISATIONS.get(name, ()):
        assert re.search(rf"^{re.escape(name)}:\d+: skipped {re.escape(organisation)}: an organisation's card, "
                         "not a person's$", result.stdout, re.M)
    assert all(p["visibility"] == "private" for p in people)
    ids = [p["id"] for p in people]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(SLUG_PATTERN, i) for i in ids)
    assert not any(i.startswith("someone") for i in ids)
    assert all(unicodedata.is_normalized("NFC", p["name"]) for p in people)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_prospects_keep_their_links_and_e_mail(portfolio, tmp_path, name):
    network(portfolio)
    imported(portfolio, tmp_path, name)
    prospects = yaml.safe_load((portfolio.root / "data/plan.yaml").read_text(encoding="utf-8"))["prospects"]
    assert [(p["name"], p.get("title", ""), p.get("organisation", ""), [link["url"] for link in p.get("links", ())])
            for p in prospects] == EXPECTED[name]


def test_names_in_any_script_get_readable_ids_of_their_own(portfolio, tmp_path):
    network(portfolio)
    imported(portfolio, tmp_path, "google.vcf", "--as", "people")
    imported(portfolio, tmp_path, "thunderbird-4.0.vcf", "--as", "people")
    ids = {p["name"]: p["id"] for p in people_of(portfolio)}
    assert ids["王小明"] == "wang-xiao-ming" and ids["李娜"] == "li-na"
    assert ids["דוד כהן"] == "dvd-khhn" and ids["سارا رضایی"] == "sr-rdyy"
    assert (portfolio.root / "data/people.yaml").read_text(encoding="utf-8").count("someone") == 0


def test_the_outlook_honorific_is_not_taken_for_the_job_title(portfolio, tmp_path):
    network(portfolio)
    imported(portfolio, tmp_path, "outlook.csv", "--as", "people")
    assert not any(p["title"] in ("Dr.", "Prof.", "Ms.") for p in people_of(portfolio))


def test_a_name_with_an_honorific_or_other_accents_is_the_same_person(portfolio, tmp_path):
    network(portfolio, "- id: priya-nair\n  name: Dr Priya Nair\n"
                    "- id: zoe\n  name: ZOË ÅNGSTRÖM\n")
    result = imported(portfolio, tmp_path, "Connections.csv", "--as", "people")
    assert "Connections.csv:7: skipped Zoë Ångström: already in your network as 'zoe'" in result.stdout
    # the first Priya Nair is Dr Priya Nair; the second has another LinkedIn profile: someone else
    assert "Connections.csv:5: skipped Priya Nair: already in your network as 'priya-nair'" in result.stdout
    assert [p["id"] for p in people_of(portfolio)] == ["priya-nair", "zoe", "priya-nair-2", "lena-fischer"]


def test_the_same_link_or_e_mail_is_the_same_person_whatever_the_name(portfolio, tmp_path):
    network(portfolio, "- id: noor\n  name: N. Haddad\n  links:\n"
                    "    - {title: Email, url: 'mailto:NOOR@cascadia.example.org'}\n"
                    "- id: wang\n  name: Xiaoming Wang\n  links:\n"
                    "    - {title: Home, url: 'http://tsinghua.example.cn/~wangxm/'}\n")
    result = imported(portfolio, tmp_path, "google.vcf", "--as", "people")
    assert "skipped Noor Haddad: already in your network as 'noor'" in result.stdout
    assert "skipped 王小明: already in your network as 'wang'" in result.stdout


def test_two_people_of_one_name_with_different_profiles_are_not_merged(portfolio, tmp_path):
    network(portfolio, "- id: priya-nair\n  name: Dr Priya Nair\n  links:\n"
                    "    - {title: LinkedIn, url: 'https://www.linkedin.com/in/priya-nair-surgeon'}\n")
    imported(portfolio, tmp_path, "Connections.csv", "--as", "people")
    priyas = [p for p in people_of(portfolio) if p["name"].endswith("Priya Nair")]
    assert [p["id"] for p in priyas] == ["priya-nair", "priya-nair-2", "priya-nair-3"]


def test_a_file_imported_twice_adds_nobody_the_second_time(portfolio, tmp_path):
    network(portfolio)
    imported(portfolio, tmp_path, "google-old.csv", "--as", "people")
    before = (portfolio.root / "data/people.yaml").read_bytes()
    result = imported(portfolio, tmp_path, "google-old.csv", "--as", "people")
    assert "Nothing to add or change" in result.stdout
    assert (portfolio.root / "data/people.yaml").read_bytes() == before


def test_people_kept_one_file_each_get_the_schema_line(portfolio, tmp_path):
    network(portfolio)
    (portfolio.root / "data/people.yaml").unlink()
    portfolio.write("data/people/diane-roberts.yaml", "name: Diane Roberts\n")
    imported(portfolio, tmp_path, "thunderbird-4.0.vcf", "--as", "people")
    text = (portfolio.root / "data/people/morag-baillie.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/person.schema.json\nname: Dr Morag Baillie\n")


def test_the_one_file_person_schema_does_not_require_an_id():
    from mentornet.load.schema import schemas

    assert schemas()["person.schema.json"]["required"] == ["name"]
    assert "id" in schemas()["people.schema.json"]["$defs"]["Person"]["required"]  # people.yaml's items have ids


@pytest.mark.parametrize("content, name, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "photo.csv:1: not UTF-8 text"),
    ("Name,Company\nJürgen Müller,Universität Wien\n".encode("iso-8859-1"), "latin.csv",
     "latin.csv:2: not UTF-8 text (byte 0xfc)"),
    (b"PK\x03\x04", "book.xlsx", "book.xlsx: a spreadsheet file, not CSV"),
    (b"colour,size\nred,3\n", "x.csv", "x.csv:1: no header line with a name column"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n", "cut.vcf", "cut.vcf:1: a card without its END:VCARD"),
    (b"BEGIN:VCARD\r\nFN;CHARSET=KLINGON:x\r\nEND:VCARD\r\n", "odd.vcf", "odd.vcf:2: unknown CHARSET 'KLINGON'"),
])
def test_bad_files_get_one_clear_line_and_nothing_is_written(portfolio, tmp_path, content, name, message):
    (tmp_path / name).write_bytes(content)
    before = sorted((p, p.read_bytes()) for p in (portfolio.root / "data").rglob("*") if p.is_file())
    for as_ in ("people", "prospects"):
        result = portfolio.mentornet("import", str(tmp_path / name), "--as", as_)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert message in result.stderr
        assert sorted((p, p.read_bytes()) for p in (portfolio.root / "data").rglob("*") if p.is_file()) == before


def test_a_missing_file_or_a_folder_is_one_line(portfolio, tmp_path):
    for path, said in ((tmp_path / "nowhere.csv", "no such file"), (tmp_path, "a folder, not a file")):
        result = portfolio.mentornet("import", str(path))
        assert result.returncode == 1 and said in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_prospects_links_show_on_the_owners_plan_page(portfolio, tmp_path):
    network(portfolio)
    imported(portfolio, tmp_path, "google.vcf")
    portfolio.build("--strict")
    page = portfolio.page("plan")
    assert 'href="https://www.linkedin.com/in/noor-haddad"' in page and ">GitHub</a>" in page
    assert 'href="mailto:noor@cascadia.example.org"' in page
