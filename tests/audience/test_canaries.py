"""The canary suite: a unique string in every private place, built for every audience.

Every byte of every output file (decompressing ``.gz``, the search index and sitemap
included, and the names of the files themselves) is searched. The owner's build must hold
every canary; the others none of the canaries they may not see.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import MKDOCS_YML, PortfolioFolder

#: Private canaries: owner only. Lowercase letters only, so ids, slugs and headings keep them whole.
PRIVATE = {
    "person id": "zqpersonid",
    "person name": "zqpersonname",
    "person notes": "zqpersonnotes",
    "person organisation": "zqpersonorg",
    "person title": "zqpersontitle",
    "attribute value": "zqattributevalue",
    "attribute name": "zqattributename",
    "entry title": "zqentrytitle",
    "entry text": "zqentrytext",
    "entry slug": "zqentryslug",
    "entry agenda": "zqentryagenda",
    "entry tag": "zqentrytag",
    "action": "zqactiontext",
    "received": "zqreceivedtext",
    "gave": "zqgavetext",
    "prospect id": "zqprospectid",
    "prospect name": "zqprospectname",
    "prospect why": "zqprospectwhy",
    "activity": "zqactivitytext",
    "audit notes": "zqauditnotes",
    "audit strength": "zqauditstrength",
    "reflection": "zqreflectionanswer",
    "page title": "zqpagetitle",
    "page text": "zqpagetext",
    "page slug": "zqpageslug",
    "block in a page": "zqblockinpage",
    "block in an entry": "zqblockinentry",
    "heading in a block": "zqblockheading",
    "block in notes": "zqblockinnotes",
    "block in a reflection": "zqblockinreflection",
}

#: Mentor canaries: owner and mentor, never public.
MENTOR = {
    "mentor person": "zqmentorperson",
    "mentor entry": "zqmentorentry",
    "mentor gave": "zqmentorgave",
    "mentor page": "zqmentorpage",
    "unmarked page-only prospect": "zqmentorprospect",
}

#: Public canaries: in every build (they prove the public build is not simply empty).
PUBLIC = {
    "public person": "zqpublicperson",
    "public entry": "zqpublicentry",
    "shared page": "zqsharedpage",
    "shared attribute": "zqsharedvalue",
}

PROFILE = """\
name: Ada Example
headline: Postdoc in testing
goals:
  - id: promotion
    text: Get promoted
    needs: [career, sponsor]
"""

PEOPLE = """\
- id: diane-roberts
  name: Diane zqpublicperson Roberts
  visibility: public
  support: [career, job]
  roles: [sponsor]
  seniority: senior
  closeness: close
  inside: true
  knows: [zqpersonid, sami-wonder]
  attributes: {zqattributename: zqattributevalue, discipline: zqsharedvalue, gender: woman}
  notes: |
    Shared notes about Diane.

    <!-- private -->
    zqblockinnotes
    <!-- /private -->
- id: sami-wonder
  name: Sami zqmentorperson Wonder
  support: [personal]
  roles: [peer]
  seniority: peer
  closeness: moderate
  inside: false
  social_system: professional-bodies
  attributes: {gender: man, discipline: statistics}
- id: zqpersonid
  name: Zed zqpersonname
  title: zqpersontitle
  organisation: zqpersonorg
  visibility: private
  support: [job, career, personal]
  roles: [coach, connector]
  seniority: senior
  closeness: close
  inside: false
  social_system: industry
  influence: high
  cadence: monthly
  last_contact: 2026-01-01
  attributes: {gender: nonbinary, discipline: zqpersonorg}
  notes: zqpersonnotes
"""

AUDIT = """\
- date: 2026-01-01
  core: [diane-roberts, sami-wonder]
  strengths: [Shared strength]
- date: 2026-06-01
  core: [diane-roberts, zqpersonid]
  strengths: [zqauditstrength]
  notes: zqauditnotes
  visibility: private
"""

PLAN = """\
activities:
  - id: join-society
    text: Join the society
    visibility: public
  - id: zqactivityid
    text: zqactivitytext
    visibility: private
    due: 2026-12-01
prospects:
  - id: zqprospectid
    name: zqprospectname
    why: zqprospectwhy
    needs: [sponsor]
    via: zqpersonid
    visibility: private
  - id: open-prospect
    name: Open zqmentorprospect
    via: zqpersonid
    needs: [career]
"""

REFLECTIONS = """\
first-step:
  answer: zqreflectionanswer
  visibility: private
"""


def canary_portfolio(root: Path) -> PortfolioFolder:
    folder = PortfolioFolder(root)
    folder.write("mkdocs.yml", "site_url: https://example.org/network/\n" + MKDOCS_YML.replace(
        'today: "2026-11-22"',
        'today: "2026-11-22"\n      audience: !ENV [MENTORNET_AUDIENCE, owner]\n'
        '      shared_attributes: [discipline]'))
    folder.write("data/profile.yaml", PROFILE)
    folder.write("data/people.yaml", PEOPLE)
    folder.write("data/sharing.yaml", "unmarked: mentor\npages: public\nattributes: [discipline]\n")
    folder.write("data/audit.yaml", AUDIT)
    folder.write("data/plan.yaml", PLAN)
    folder.write("data/reflections.yaml", REFLECTIONS + """\
describe-network:
  answer: |
    Shared answer.

    <!-- private -->
    zqblockinreflection
    <!-- /private -->
""")
    folder.write("content/index.md", """\
        # Home

        Welcome, zqsharedpage.

        <!-- private -->
        ## zqblockheading

        zqblockinpage
        <!-- /private -->

        The end.
        """)
    folder.write("content/zqpageslug.md", """\
        ---
        title: zqpagetitle
        visibility: private
        ---

        # zqpagetitle

        zqpagetext
        """)
    folder.write("content/for-mentors.md", """\
        ---
        visibility: mentor
        ---

        # For mentors

        zqmentorpage
        """)
    folder.entry("2026-03-01-zqentryslug", """
        title: zqentrytitle
        date: 2026-03-01
        people: [zqpersonid, diane-roberts]
        agenda: [zqentryagenda]
        tags: [zqentrytag]
        received: ["career: zqreceivedtext"]
        gave: ["job: zqgavetext"]
        visibility: private
    """, body="zqentrytext\n")
    folder.entry("2026-04-01-with-diane", """
        title: Meeting zqpublicentry
        date: 2026-04-01
        people: [diane-roberts, zqpersonid]
        kind: meeting
        visibility: public
        actions:
          - text: Shared action
          - text: zqactiontext
            visibility: private
    """, body="Shared text.\n\n<!-- private -->\nzqblockinentry\n<!-- /private -->\n")
    folder.entry("2026-05-01-mentor-only", """
        title: zqmentorentry
        date: 2026-05-01
        people: [sami-wonder]
        gave: ["personal: zqmentorgave"]
    """)
    return folder


def every_byte(site: Path, *logs: str) -> str:
    """The text of every output file and every file's name, lowercased; ``.gz`` decompressed,
    JSON's escapes and HTML's entities decoded (each file is searched both as it is and
    decoded); ``logs`` (a command's stdout and stderr) are searched too."""
    parts = list(logs)
    for path in sorted(site.rglob("*")) if site.exists() else ():
        parts.append(path.relative_to(site).as_posix())
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        parts.append(text)
        if path.suffix == ".json" or path.name.endswith(".json.gz"):
            try:
                text = json.dumps(json.loads(text), ensure_ascii=False)
            except ValueError:
                pass
        parts.append(html.unescape(html.unescape(text)))
    return "\n".join(parts).lower()


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[PortfolioFolder, str]]:
    found = {}
    for audience in ("owner", "mentor", "public"):
        folder = canary_portfolio(tmp_path_factory.mktemp(audience) / "portfolio")
        folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        leftovers = [p.name for p in folder.root.iterdir() if p.name.startswith("site.")]
        assert not leftovers, leftovers
        found[audience] = (folder, every_byte(folder.site))
    return found


def test_the_owner_build_holds_every_canary(builds):
    text = builds["owner"][1]
    missing = {place: canary for place, canary in {**PRIVATE, **MENTOR, **PUBLIC}.items()
               if canary not in text}
    assert not missing, f"canaries that never reached the owner's build (so they test nothing): {missing}"


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_no_private_canary_reaches_another_audience(builds, audience):
    text = builds[audience][1]
    leaked = {place: canary for place, canary in PRIVATE.items() if canary in text}
    assert not leaked, f"{audience} build leaks: {leaked}"


def test_mentor_canaries_reach_the_mentor_but_not_the_public(builds):
    mentor, public = builds["mentor"][1], builds["public"][1]
    assert all(canary in mentor for canary in MENTOR.values())
    assert all(canary in mentor for canary in PUBLIC.values())
    leaked = {place: canary for place, canary in MENTOR.items() if canary in public}
    assert not leaked, f"public build leaks: {leaked}"
    assert PUBLIC["public person"] in public and PUBLIC["shared page"] in public


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_the_search_index_and_sitemap_are_searched_too(builds, audience):
    folder, _ = builds[audience]
    index = (folder.site / "search" / "search_index.json").read_text(encoding="utf-8").lower()
    sitemap = gzip.decompress((folder.site / "sitemap.xml.gz").read_bytes()).decode().lower()
    assert "zqsharedpage" in index and "diane-roberts" in sitemap
    for canary in PRIVATE.values():
        assert canary not in index and canary not in sitemap, canary
    assert "journal/2026-04-01-with-diane/" in sitemap
    assert "zqpageslug" not in sitemap and "zqentryslug" not in sitemap


def test_counts_do_not_reveal_hidden_people(builds):
    owner = builds["owner"][0].page("board")
    mentor = builds["mentor"][0].page("board")
    public = builds["public"][0].page("board")
    count = re.compile(r"(\d+) (?:person gives|people give) (?:you|Ada) support")
    assert count.search(owner).group(1) == "3"
    assert count.search(mentor).group(1) == "2"
    assert count.search(public).group(1) == "1"
    journal = builds["mentor"][0].page("journal")
    assert "2 entries" in journal and "3 entries" not in journal


def test_a_mentor_build_says_so_in_a_banner(builds):
    assert "built for the <strong>mentor</strong> audience" in builds["mentor"][0].page("board")
    assert "mentornet-audience" not in builds["owner"][0].page("board")


def test_the_owner_sees_private_blocks_marked_as_private(builds):
    home = (builds["owner"][0].site / "index.html").read_text(encoding="utf-8")
    assert 'class="mentornet-private"' in home and "zqblockinpage" in home
    assert "The end." in (builds["public"][0].site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_analyze_json_for_an_audience_holds_no_canary(builds, audience):
    folder = builds[audience][0]
    result = folder.mentornet("analyze", "--json", "--audience", audience)
    assert result.returncode == 0, result.stderr
    text = result.stdout.lower()
    assert not [canary for canary in PRIVATE.values() if canary in text]
    owner = json.loads(folder.mentornet("analyze", "--json").stdout)
    shared = json.loads(result.stdout)
    assert json.dumps(owner) != json.dumps(shared)
    text_summary = folder.mentornet("analyze", "--audience", audience).stdout.lower()
    assert not [canary for canary in PRIVATE.values() if canary in text_summary]


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_a_private_entrys_give_and_take_counts_nowhere_else(builds, audience):
    owner = json.loads(builds["owner"][0].mentornet("analyze", "--json").stdout)["reciprocity"]
    assert (owner["diane-roberts"]["received"], owner["diane-roberts"]["gave"]) == (1, 1)  # the private entry's
    folder = builds[audience][0]
    shared = json.loads(folder.mentornet("analyze", "--json", "--audience", audience).stdout)["reciprocity"]
    assert "diane-roberts" not in shared and "zqpersonid" not in shared
    assert 'id="give-and-take"' in builds["owner"][0].page("people/diane-roberts")
    assert 'id="give-and-take"' not in folder.page("people/diane-roberts")


HISTORY_CANARIES = {"former private person": "zqformerprivate", "former private id": "zqformerid"}


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_history_never_shows_people_who_were_private_in_past_commits(tmp_path, audience):
    import subprocess

    folder = canary_portfolio(tmp_path / "portfolio")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder.root, check=True)
    people = (folder.root / "data" / "people.yaml").read_text()
    folder.write("data/people.yaml", people + """\
- id: zqformerid
  name: Former zqformerprivate
  visibility: private
  support: [career]
""", dedent=False)
    for date in ("2026-01-01T10:00:00", "2026-02-01T10:00:00"):
        subprocess.run([*git, "add", "-A"], cwd=folder.root, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "data", "--date", date], cwd=folder.root, check=True,
                       env={**__import__("os").environ, "GIT_COMMITTER_DATE": date})
        folder.write("data/people.yaml", people, dedent=False)  # the second commit removes them
    owner = folder.build("--strict", env={"MENTORNET_AUDIENCE": "owner"})
    assert owner.returncode == 0
    assert HISTORY_CANARIES["former private person"] in every_byte(folder.site)
    folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
    text = every_byte(folder.site)
    leaked = {place: canary for place, canary in {**PRIVATE, **HISTORY_CANARIES}.items() if canary in text}
    assert not leaked, leaked


# -- private markers in every position Markdown allows ----------------------------------------

#: One canary per place a marker can stand; every one is private.
MARKER_PLACES = {
    "an entry with Windows line endings": "zqcrlfpassage",
    "a heading inside a private passage of an untitled entry": "zqcrlfheading",
    "an entry with old Mac line endings": "zqcrpassage",
    "indented in an admonition": "zqadmonition",
    "indented in a list item of an entry": "zqlistitem",
    "indented in a list inside YAML notes": "zqnoteslist",
    "inside a blockquote": "zqblockquote",
    "a marker with a comment": "zqcommented",
    "text after the marker on its line": "zqsameline",
    "the line after such a marker": "zqsamelinenext",
    "a passage on one line": "zqoneline",
}


def marker_portfolio(root: Path) -> PortfolioFolder:
    folder = PortfolioFolder(root)
    folder.write("mkdocs.yml", "site_url: https://example.org/network/\n" + MKDOCS_YML.replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: !ENV [MENTORNET_AUDIENCE, owner]'))
    folder.write("data/profile.yaml", PROFILE)
    folder.write("data/people.yaml", """\
        - id: diane-roberts
          name: Diane Roberts
          visibility: public
          support: [career]
          notes: |
            - A shared point
            - Another, with a private aside:

                <!-- private -->
                zqnoteslist
                <!-- /private -->
        """)
    entry = ("---\ndate: 2026-02-01\npeople: [diane-roberts]\nkind: meeting\nvisibility: public\n---\n\n"
             "Shared crlf text.\n\n<!-- private -->\n# Zqcrlfheading\n\nzqcrlfpassage\n<!-- /private -->\n")
    path = folder.root / "content/journal/2026-02-01-untitled.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(entry.replace("\n", "\r\n").encode())
    (folder.root / "content/journal/2026-01-15-cr.md").write_bytes(
        "---\rdate: 2026-01-15\rvisibility: public\r---\r\rShared cr text.\r<!-- private -->\rzqcrpassage\r"
        "<!-- /private -->\r".encode())
    folder.entry("2026-01-20-lists", "date: 2026-01-20\nvisibility: public\ntitle: Lists", body=(
        "- a shared point\n\n    <!-- private -->\n    zqlistitem\n    <!-- /private -->\n\n- another point\n"))
    folder.write("content/index.md", """\
        # Home

        !!! note "Shared note"

            Shared admonition text.

            <!-- private -->
            zqadmonition
            <!-- /private -->

        > A shared quote.
        > <!-- private -->
        > zqblockquote
        > <!-- /private -->

        <!-- private: about my manager -->
        zqcommented
        <!-- /private -->

        <!-- private --> zqsameline
        zqsamelinenext
        <!-- /private -->

        <!-- private --> zqoneline <!-- /private --> Shared tail.

        ```markdown
        <!-- private -->
        zqfenceexample
        <!-- /private -->
        ```
        """)
    return folder


@pytest.fixture(scope="module")
def marker_builds(tmp_path_factory) -> dict[str, tuple[PortfolioFolder, str]]:
    found = {}
    for audience in ("owner", "mentor", "public"):
        folder = marker_portfolio(tmp_path_factory.mktemp(audience) / "portfolio")
        result = folder.build("--strict", env={"MENTORNET_AUDIENCE": audience})
        exported = folder.mentornet("export", "--format", "json", "--audience", audience, "--out",
                                    str(folder.root / "export.json"))
        assert exported.returncode == 0, exported.stderr
        prep = folder.mentornet("prep", "diane-roberts") if audience == "owner" else None
        logs = [result.stdout, result.stderr, exported.stdout, exported.stderr,
                (folder.root / "export.json").read_text(encoding="utf-8")]
        found[audience] = (folder, every_byte(folder.site, *logs) + (prep.stdout.lower() if prep else ""))
    return found


@pytest.mark.parametrize("place", sorted(MARKER_PLACES))
def test_a_marker_anywhere_markdown_allows_hides_its_passage(marker_builds, place):
    canary = MARKER_PLACES[place]
    assert canary in marker_builds["owner"][1], "the canary never reached the owner's build: it tests nothing"
    for audience in ("mentor", "public"):
        assert canary not in marker_builds[audience][1], f"{place} leaks to {audience}"


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_an_untitled_entry_takes_no_title_from_a_private_heading(marker_builds, audience):
    folder, _ = marker_builds[audience]
    page = folder.page("journal/2026-02-01-untitled")
    assert "<title>" in page and "zqcrlfheading" not in page.lower()
    assert "Shared crlf text." in page and "Shared tail." in folder.site.joinpath("index.html").read_text()


def test_markers_in_a_code_example_stay_an_example(marker_builds):
    for audience in ("owner", "mentor", "public"):
        assert "zqfenceexample" in marker_builds[audience][1]


# -- the audience option ----------------------------------------------------------------------

@pytest.mark.parametrize("value, says", [("", "is empty"), ("mentr", "did you mean 'mentor'")])
def test_an_empty_or_unknown_audience_is_an_error_not_the_owners_site(tmp_path, value, says):
    folder = canary_portfolio(tmp_path / "portfolio")
    result = folder.build(env={"MENTORNET_AUDIENCE": value}, check=False)
    assert result.returncode == 1 and not folder.site.exists()
    assert "option 'audience'" in result.stderr and "owner, mentor, public" in result.stderr and says in result.stderr
    text = every_byte(folder.site, result.stdout, result.stderr)
    assert not [canary for canary in PRIVATE.values() if canary in text]
    import os
    import subprocess
    import sys

    checked = subprocess.run([sys.executable, "-m", "mentornet", "check"], cwd=folder.root, capture_output=True,
                             text=True, env={**os.environ, "MENTORNET_AUDIENCE": value})
    assert checked.returncode == 1 and "audience" in checked.stderr and "All good" not in checked.stdout


# -- history, per audience ----------------------------------------------------------------------

def test_a_commit_that_changed_only_hidden_things_is_no_snapshot_of_the_mentors_history(tmp_path):
    import subprocess

    from tests.history.test_history import new_repo, people, person

    repo = new_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                '      audience: !ENV [MENTORNET_AUDIENCE, owner]'))
    ann = person("ann", "Ann Alder", visibility="mentor")
    zed = person("zqhistid", "Zed zqhistname", visibility="private")
    repo.commit("Start", data__people_yaml=people(ann, zed))
    repo.commit("Bob joins", data__people_yaml=people(ann, zed, person("bob", "Bob Birch", visibility="public")))
    bob = person("bob", "Bob Birch", visibility="public")
    repo.commit("zqprivateonly", data__people_yaml=people(ann, bob, person("zqhistid", "Zed zqhistname", "close",
                                                                           visibility="private")))
    repo.commit("zqleftoutsubject", data__people_yaml=people(
        person("ann", "Ann Alder", knows=("zqleftoutid",), visibility="mentor"), bob))
    repo.commit("zqprivatelater", data__people_yaml=people(ann, bob, person("zqhistid", "Zed zqhistname", "distant",
                                                                            visibility="private")))
    log = [line.split(None, 2) for line in repo.git("log", "--format=%h %as %s").splitlines()]
    hidden = [word for short, day, subject in log if subject.startswith("zq") for word in (short, day, subject)]
    shown_days = [day for short, day, subject in log if not subject.startswith("zq")]
    import datetime as dt

    spelt = [dt.date.fromisoformat(day).strftime("%-d %B %Y") for _, day, subject in log if subject.startswith("zq")]
    canaries = ["zqhistname", "zqhistid", "zqleftoutid", *[word.lower() for word in hidden + spelt]]

    owner = repo.build(env={"MENTORNET_AUDIENCE": "owner"})
    assert "The history holds 4 snapshots" in repo.page("history")
    assert "zqleftoutsubject" in owner.stderr and "zqleftoutid" in owner.stderr  # the owner is told which and why
    owner_text = every_byte(repo.site)
    assert log[0][1] in owner_text  # the owner's charts end on the last commit

    for audience, held in (("mentor", "2 snapshots"), ("public", "1 snapshot.")):  # public: Bob joining alone
        result = repo.build(env={"MENTORNET_AUDIENCE": audience})
        page = repo.page("history")
        assert f"The history holds {held}" in page
        assert "1 past commit left out (its data does not load); build the owner's site to see which" in result.stderr
        text = every_byte(repo.site, result.stdout, result.stderr)
        leaked = [canary for canary in canaries if canary in text]
        assert not leaked, f"{audience}: {leaked}"
        if audience == "mentor":  # the charts end on the last change the mentor may see
            assert f"from {min(shown_days)} to {max(shown_days)}" in text
        diff = subprocess.run([__import__("sys").executable, "-m", "mentornet", "diff", log[-1][0], log[0][0],
                               "--audience", audience], cwd=repo.root, capture_output=True, text=True)
        assert diff.returncode == 0 and "Bob Birch joined" in diff.stdout
        assert not [c for c in ("zqhistname", "zqhistid") if c in (diff.stdout + diff.stderr).lower()]


def test_diff_for_an_audience_names_nobody_hidden_in_either_revision(tmp_path):
    import subprocess
    import sys

    from tests.history.test_history import Repo, people, person

    repo = Repo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.write("data/profile.yaml", PROFILE)
    ann = person("ann", "Ann Alder", visibility="mentor")
    repo.commit("A", data__people_yaml=people(ann, person("zqdiffshown", "Zqdiffshownname", visibility="private"),
                                              person("zqdiffleft", "Zqdiffleftname", visibility="private")))
    repo.commit("B", data__people_yaml=people(ann, person("zqdiffshown", "Zqdiffshownname", visibility="mentor")))
    repo.commit("C", data__people_yaml=people(ann, person("zqdiffbroken", "Zqdiffbroken", knows=("zqnobody",))))
    for args in (("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD~2"), ("HEAD~2", "HEAD~1", "--json")):
        owner = subprocess.run([sys.executable, "-m", "mentornet", "diff", *args], cwd=repo.root,
                               capture_output=True, text=True)
        assert "zqdiff" in owner.stdout.lower()
        for audience in ("mentor", "public"):
            result = subprocess.run([sys.executable, "-m", "mentornet", "diff", *args, "--audience", audience],
                                    cwd=repo.root, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            assert "zqdiff" not in (result.stdout + result.stderr).lower()
    broken = subprocess.run([sys.executable, "-m", "mentornet", "diff", "HEAD~1", "HEAD", "--audience", "mentor"],
                            cwd=repo.root, capture_output=True, text=True)
    assert broken.returncode == 1 and "does not load" in broken.stderr
    assert "zqnobody" not in broken.stderr + broken.stdout


# -- the CLI's exports --------------------------------------------------------------------------

SYSTEMS_PROFILE = PROFILE + """\
social_systems:
  - id: zqsystemid
    label: Zqsystemlabel
  - id: shared-club
    label: A shared club
"""


def _systems_portfolio(root: Path, with_private: bool = True) -> PortfolioFolder:
    folder = PortfolioFolder(root)
    folder.write("mkdocs.yml", MKDOCS_YML)
    profile = SYSTEMS_PROFILE if with_private else SYSTEMS_PROFILE.replace(
        "  - id: zqsystemid\n    label: Zqsystemlabel\n", "")
    folder.write("data/profile.yaml", profile)
    people = """\
- id: diane-roberts
  name: Diane Roberts
  visibility: public
  support: [career]
  social_system: shared-club
- id: sami-wonder
  name: Sami Wonder
  visibility: public
  support: [personal]
  social_system: industry
"""
    if with_private:
        people += """\
- id: zqsystemuser
  name: Zed Private
  visibility: private
  support: [career]
  social_system: zqsystemid
"""
    folder.write("data/people.yaml", people)
    return folder


@pytest.mark.parametrize("audience", ["mentor", "public"])
def test_export_and_analysis_leave_out_social_systems_only_hidden_people_use(tmp_path, audience):
    folder = _systems_portfolio(tmp_path / "with")
    out = folder.root / "portfolio.json"
    owner = folder.mentornet("export", "--format", "json", "--out", str(out))
    assert owner.returncode == 0 and "zqsystemid" in out.read_text()
    result = folder.mentornet("export", "--format", "json", "--audience", audience, "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = every_byte(tmp_path / "nothing", result.stdout, result.stderr, out.read_text(encoding="utf-8"),
                      html.unescape(json.dumps(json.loads(out.read_text()), ensure_ascii=False)))
    assert "zqsystem" not in text and "shared-club" in text
    # the audience's analysis is the analysis of a portfolio without what it may not see
    shared = json.loads(folder.mentornet("analyze", "--json", "--audience", audience).stdout)
    without = json.loads(_systems_portfolio(tmp_path / "without", with_private=False)
                         .mentornet("analyze", "--json", "--audience", audience).stdout)
    assert shared == without


def test_a_compared_tag_on_a_commit_that_changed_only_hidden_things_is_dated_by_what_the_mentor_sees(tmp_path):
    from tests.history.test_history import new_repo, people, person

    repo = new_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                '      audience: mentor\n      history: {compare: [v1, v2]}'))
    ann, bob = person("ann", "Ann Alder", visibility="mentor"), person("bob", "Bob Birch", visibility="mentor")
    repo.commit("Start", data__people_yaml=people(ann, person("zqtagged", "Zed", visibility="private")))
    repo.git("tag", "v1")
    repo.commit("Bob joins", data__people_yaml=people(ann, bob, person("zqtagged", "Zed", visibility="private")))
    repo.commit("zqtaggedsubject", data__people_yaml=people(ann, bob, person("zqtagged", "Zed", "close",
                                                                            visibility="private")))
    repo.git("tag", "v2")
    (hidden_short, hidden_day), (shown_short, _) = [line.split() for line in
                                                   repo.git("log", "-2", "--format=%h %as").splitlines()]
    result = repo.build()
    page = repo.page("history")
    assert "<strong>v2</strong>" in page and "Bob Birch" in page
    text = every_byte(repo.site, result.stdout, result.stderr)
    import datetime as dt

    spelt = dt.date.fromisoformat(hidden_day).strftime("%-d %B %Y")  # as the pages write a day
    leaked = [word for word in (hidden_short, hidden_day, spelt, "zqtagged") if word.lower() in text]
    assert not leaked, leaked
