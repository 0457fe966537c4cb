"""`mentornet import`: contacts from a vCard file, LinkedIn's Connections.csv or a plain CSV."""

from __future__ import annotations

VCARDS = """\
BEGIN:VCARD
VERSION:3.0
FN:Dr Noor Haddad
N:Haddad;Noor;;Dr;
ORG:Northfield University;School of Health
TITLE:Reader in Epidemiology
EMAIL;TYPE=INTERNET:noor@example.org
URL:https://example.org/noor
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Diane Roberts
END:VCARD
BEGIN:VCARD
VERSION:2.1
N:Wonder;Sami
END:VCARD
"""

LINKEDIN = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing, \
First Name, Last Name: this line is part of the note, not the header"

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Grace,O'Brien,https://www.linkedin.com/in/grace-obrien,,Acme Analytics,"Head of Data: Health",12 Nov 2024
José,Núñez,https://www.linkedin.com/in/jose-nunez,jose@example.com,Universidad de Sevilla,Profesor,03 Feb 2023
José,Núñez,https://www.linkedin.com/in/jose-nunez-2,,Elsewhere,Engineer,04 Feb 2023
"""

PLAIN = """\
NAME,Organisation,TITLE
Ada Mensah,University of Calderbridge,PhD student
"""


def added_ok(portfolio, result):
    assert result.returncode == 0, result.stderr
    check = portfolio.mentornet("check")
    assert check.returncode == 0, check.stderr


def test_a_vcard_file_becomes_prospects_and_people_already_there_are_left_alone(portfolio, tmp_path):
    (tmp_path / "contacts.vcf").write_text(VCARDS)
    plan_before = "# My plan, with a comment that must stay\nactivities: []\nprospects: []\n"
    portfolio.write("data/plan.yaml", plan_before, dedent=False)
    result = portfolio.mentornet("import", str(tmp_path / "contacts.vcf"))
    added_ok(portfolio, result)
    assert "contacts.vcf:10: skipped Diane Roberts: already in your network as 'diane-roberts'" in result.stdout
    assert "Added 1 prospects to data/plan.yaml, each visibility: private: noor-haddad (Dr Noor Haddad)." \
        in result.stdout
    text = (portfolio.root / "data/plan.yaml").read_text()
    assert text.startswith(plan_before.replace("prospects: []\n", "prospects:\n  - id: noor-haddad\n"))
    assert "    organisation: Northfield University, School of Health\n" in text
    assert "    title: Reader in Epidemiology\n" in text
    assert "    visibility: private\n" in text and "Sami" not in text  # Sami Wonder is known by name too


def test_linkedin_connections_become_people_with_unique_ids_appended_as_text(portfolio, tmp_path):
    (tmp_path / "Connections.csv").write_text(LINKEDIN)
    before = (portfolio.root / "data/people.yaml").read_text()
    portfolio.write("data/people.yaml", "# my people\n" + before, dedent=False)
    result = portfolio.mentornet("import", str(tmp_path / "Connections.csv"), ".", "--as", "people")
    added_ok(portfolio, result)
    text = (portfolio.root / "data/people.yaml").read_text()
    assert text.startswith("# my people\n" + before)  # nothing already written changed
    assert "- id: grace-o-brien\n  name: Grace O'Brien\n  title: 'Head of Data: Health'\n" in text
    assert "  since: 2024-11-12\n" in text
    assert "  links:\n    - title: LinkedIn\n      url: https://www.linkedin.com/in/grace-obrien\n" in text
    assert "- id: jose-nunez\n  name: José Núñez\n" in text
    # two José Núñez with different profiles are two people, not one
    assert "- id: jose-nunez-2\n  name: José Núñez\n  title: Engineer\n" in text
    assert text.count("visibility: private") == 3


def test_imported_people_stay_off_the_mentor_site(portfolio, tmp_path):
    (tmp_path / "Connections.csv").write_text(LINKEDIN)
    added_ok(portfolio, portfolio.mentornet("import", str(tmp_path / "Connections.csv"), "--as", "people"))
    assert portfolio.mentornet("export", "--format", "json", "--audience", "mentor", "--out", "m.json").returncode == 0
    assert "Grace" not in (portfolio.root / "m.json").read_text()
    assert portfolio.mentornet("export", "--format", "json", "--out", "o.json").returncode == 0
    assert "Grace" in (portfolio.root / "o.json").read_text()


def test_a_plain_csv_with_headers_in_any_case(portfolio, tmp_path):
    (tmp_path / "people.csv").write_text(PLAIN)
    result = portfolio.mentornet("import", str(tmp_path / "people.csv"), "--as", "people")
    added_ok(portfolio, result)
    text = (portfolio.root / "data/people.yaml").read_text()
    assert "- id: ada-mensah\n  name: Ada Mensah\n  title: PhD student\n  organisation: University of Calderbridge\n" \
        in text


def test_an_id_already_taken_by_someone_else_gets_a_number(portfolio, tmp_path):
    (tmp_path / "p.csv").write_text("name\nDiane  Roberts-\nSami Wonder Jr\n")
    people = (portfolio.root / "data/people.yaml").read_text()
    portfolio.write("data/people.yaml", people.replace("name: Diane Roberts", "name: D. Roberts"), dedent=False)
    result = portfolio.mentornet("import", str(tmp_path / "p.csv"), "--as", "people")
    added_ok(portfolio, result)
    assert "- id: diane-roberts-2\n" in (portfolio.root / "data/people.yaml").read_text()


def test_people_kept_one_file_each_get_a_file_each(portfolio, tmp_path):
    (portfolio.root / "data/people.yaml").unlink()
    portfolio.write("data/people/diane-roberts.yaml", "name: Diane Roberts\n")
    portfolio.write("data/people/sami-wonder.yaml", "name: Sami Wonder\n")
    (tmp_path / "p.csv").write_text(PLAIN)
    result = portfolio.mentornet("import", str(tmp_path / "p.csv"), "--as", "people")
    added_ok(portfolio, result)
    assert "Added 1 people to data/people/" in result.stdout
    assert (portfolio.root / "data/people/ada-mensah.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../../schema/person.schema.json\nname: Ada Mensah\n")


def test_prospects_are_added_at_the_end_of_an_existing_list_before_the_next_key(portfolio, tmp_path):
    portfolio.write("data/plan.yaml", "prospects:\n  - id: zoe\n    name: Zoe Z\n\n# what I will do\n"
                    "activities:\n  - id: go\n    text: Go to the conference\n", dedent=False)
    (tmp_path / "p.csv").write_text(PLAIN)
    added_ok(portfolio, portfolio.mentornet("import", str(tmp_path / "p.csv")))
    text = (portfolio.root / "data/plan.yaml").read_text()
    assert text.startswith("prospects:\n  - id: zoe\n    name: Zoe Z\n  - id: ada-mensah\n")
    assert text.endswith("\n# what I will do\nactivities:\n  - id: go\n    text: Go to the conference\n")


def test_a_dry_run_writes_nothing_and_says_what_it_would_add(portfolio, tmp_path):
    (tmp_path / "contacts.vcf").write_text(VCARDS)
    before = sorted((p, p.read_bytes()) for p in (portfolio.root / "data").rglob("*") if p.is_file())
    result = portfolio.mentornet("import", str(tmp_path / "contacts.vcf"), "--dry-run", "--as", "people")
    assert result.returncode == 0, result.stderr
    assert "Would add 1 people:" in result.stdout and "- id: noor-haddad" in result.stdout
    assert "(dry run: nothing written; 1 people would be added, 0 changed)" in result.stdout
    assert sorted((p, p.read_bytes()) for p in (portfolio.root / "data").rglob("*") if p.is_file()) == before


def test_a_file_with_no_name_column_is_refused_with_what_would_work(portfolio, tmp_path):
    (tmp_path / "x.csv").write_text("colour,size\nred,3\n")
    result = portfolio.mentornet("import", str(tmp_path / "x.csv"))
    assert result.returncode == 1 and "no header line with a name column" in result.stderr
    assert "Traceback" not in result.stderr
