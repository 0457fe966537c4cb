"""Generated pages kept by what each is made from (site/pages.PageKeys, SiteStages.kept): a journal
edit renders again only the pages that show the entry, in ``mkdocs serve`` (a Session) and in
a build (``pages-<audience>.pickle``); and what is kept is never stale: after every edit the
site equals one rendered from nothing, byte for byte. Real portfolios in real Git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentornet.audience import Audience

from mentornet import pipeline
from mentornet.core import caching
from mentornet.site.assembly import SiteStages
from tests.history.test_history import Repo, new_repo, people, person

TODAY = "2026-11-22"
MKDOCS = f"""\
site_name: Kept pages
docs_dir: public
theme:
  name: material
plugins:
  - mentornet:
      today: "{TODAY}"
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.superfences]
"""
NETWORK = (person("ann", "Ann Alder", "close", knows=("bob",), cadence="monthly", visibility="public"),
           person("bob", "Bob Birch", "moderate"), person("cam", "Cam Castillo", "distant"),
           person("dan", "Dan Dune"))


def entry(repo: Repo, name: str, front_matter: str, body: str = "Notes.\n") -> None:
    repo.entry(name, front_matter, body)


@pytest.fixture
def journal(tmp_path: Path) -> Repo:
    """Four people, a history of two commits, and entries naming one, two or none of them:
    a past meeting with actions, a note, a planned meeting, a reflection, a public entry."""
    repo = new_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", MKDOCS)
    repo.commit("Start", data__people_yaml=people(*NETWORK[:3]))
    repo.commit("Dan joins", data__people_yaml=people(*NETWORK))
    entry(repo, "2026-01-05-coffee", """
        title: Coffee with Ann and Bob
        date: 2026-01-05
        people: [ann, bob]
        kind: meeting
        agenda: [The first draft]
        actions:
          - text: Send the outline
            due: 2026-02-01
          - text: Read their paper
            done: true
            by: me
    """, "# Coffee\n\nWe talked about the first draft.\n")
    entry(repo, "2026-03-10-call", """
        date: 2026-03-10
        people: [cam]
    """, "A call with Cam about [the plan](../plan.md).\n")
    entry(repo, "2026-12-01-next", """
        title: Next meeting
        date: 2026-12-01
        people: [ann]
        kind: meeting
        agenda: [The second draft]
    """)
    entry(repo, "2026-04-01-thinking", """
        date: 2026-04-01
        people: [dan, bob]
        kind: reflection
    """, "Thinking about Dan.\n")
    entry(repo, "2026-05-01-open", """
        title: An open note
        date: 2026-05-01
        people: [ann]
        visibility: public
    """, "Shared with everyone.\n")
    repo.commit("The journal")
    return repo


def options(audience: str = "owner", cache: bool = True, **extra) -> pipeline.Options:
    return pipeline.Options(audience=Audience.named(audience), today=TODAY, docs_dir="public", cache=cache, **extra)


def site(stages: SiteStages) -> dict[str, object]:
    """Every file of the audience's tree (text, bytes or the source copied) and its warnings."""
    tree = stages.tree()
    files: dict[str, object] = {uri: f.content if f.content is not None else str(f.source)
                                for uri, f in tree.files.items()}
    return {**files, "(warnings)": tuple(tree.warnings)}


def fresh(root: Path, audience: str = "owner", **extra) -> dict[str, object]:
    """The site rendered from nothing: no session, no cache."""
    return site(SiteStages(pipeline.Project.of(root, options(audience, cache=False, **extra))))


class Serving:
    """The rebuilds of ``mkdocs serve``: one Session, a new SiteStages for every change."""

    def __init__(self, root: Path, audience: str = "owner", **extra):
        self.root, self.session = root, pipeline.Session()
        self.options = options(audience, **extra)
        self.rebuild()

    def rebuild(self) -> dict[str, object]:
        self.stages = SiteStages(pipeline.Project.of(self.root, self.options), self.session)
        self.files = site(self.stages)
        return self.files

    @property
    def rendered(self) -> set[str]:
        return set(self.stages.site.rendered)

    def section_pages(self) -> set[str]:
        """Every generated page but the people's (the few that show the whole portfolio)."""
        return {spec.src_uri for spec in self.stages.site.specs() if "person" not in dict(spec.context)}


def edit(repo: Repo, name: str, old: str, new: str) -> None:
    path = repo.root / "content/journal" / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- what a journal edit renders again ----------------------------------------------------------


def test_a_first_build_renders_every_page_and_a_rebuild_with_no_change_renders_none(journal: Repo):
    served = Serving(journal.root)
    specs = {spec.src_uri for spec in served.stages.site.specs()}
    entries = {e.src_uri for e in served.stages.portfolio.journal}
    assert served.rendered == specs | entries and "people/dan.md" in specs
    served.rebuild()
    assert served.rendered == {"history.md"}  # the history of a session has no key: drawn every time


def test_an_edit_of_an_entrys_text_renders_again_the_pages_of_the_people_it_names(journal: Repo):
    served = Serving(journal.root)
    edit(journal, "2026-01-05-coffee", "the first draft.", "the first draft, and the second.")
    served.rebuild()
    assert served.rendered == served.section_pages() | {"people/ann.md", "people/bob.md"}
    assert "the second." in served.files["people/bob.md"]  # the notes of the last meeting


def test_a_person_taken_off_an_entry_loses_it_and_one_added_gains_it(journal: Repo):
    served = Serving(journal.root)
    edit(journal, "2026-01-05-coffee", "people: [ann, bob]", "people: [ann, cam]")
    served.rebuild()
    assert served.rendered == served.section_pages() | {
        "journal/2026-01-05-coffee.md", "people/ann.md", "people/bob.md", "people/cam.md"}
    assert "Coffee with Ann and Bob" not in served.files["people/bob.md"]
    assert "Coffee with Ann and Bob" in served.files["people/cam.md"]


def test_a_renamed_person_renders_again_every_person_page_and_the_headers_naming_them(journal: Repo):
    served = Serving(journal.root)
    journal.write("data/people.yaml", people(*NETWORK).replace("Bob Birch", "Bob Beech"), dedent=False)
    served.rebuild()
    persons = {f"people/{pid}.md" for pid in ("ann", "bob", "cam", "dan")}
    headers = {"journal/2026-01-05-coffee.md", "journal/2026-04-01-thinking.md"}
    assert served.rendered == served.section_pages() | persons | headers
    assert "Bob Beech" in served.files["journal/2026-04-01-thinking.md"]


def test_a_users_own_person_template_is_rendered_again_after_any_edit(journal: Repo):
    """A user's template may read anything: its pages are kept only by everything."""
    journal.write("templates/person.md", "# {{ person.name | md }}\n\n{{ portfolio.journal | length }} entries.\n")
    served = Serving(journal.root, templates=str(journal.root / "templates"))
    edit(journal, "2026-03-10-call", "A call with Cam", "A long call with Cam")
    served.rebuild()
    assert {"people/ann.md", "people/dan.md"} <= served.rendered
    assert "journal/2026-01-05-coffee.md" not in served.rendered  # the header's template is still ours
    journal.entry("2026-06-01-more", "date: 2026-06-01\npeople: [cam]\n")
    assert served.rebuild() == fresh(journal.root, templates=str(journal.root / "templates"))
    assert "6 entries." in served.files["people/dan.md"]


# -- what is kept is never stale ------------------------------------------------------------------

EDITS = {
    "an entry's text": lambda r: edit(r, "2026-01-05-coffee", "first draft.", "draft, [with a link](../plan.md)."),
    "an entry's people": lambda r: edit(r, "2026-01-05-coffee", "people: [ann, bob]", "people: [bob, dan]"),
    "an entry's date": lambda r: edit(r, "2026-03-10-call", "date: 2026-03-10", "date: 2026-12-24"),
    "an entry's title, from its heading": lambda r: edit(r, "2026-03-10-call", "A call", "# Calling\n\nA call"),
    "an entry's kind": lambda r: edit(r, "2026-04-01-thinking", "kind: reflection", "kind: meeting"),
    "an action done": lambda r: edit(r, "2026-01-05-coffee", "due: 2026-02-01", "due: 2026-02-01\n    done: true"),
    "a person renamed": lambda r: r.write("data/people.yaml", people(*NETWORK).replace("Ann Alder", "Ann Ash"),
                                          dedent=False),
    "an entry made private": lambda r: edit(r, "2026-05-01-open", "visibility: public", "visibility: private"),
    "a passage made private": lambda r: edit(r, "2026-01-05-coffee", "We talked",
                                             "<!-- private -->\nSecret.\n<!-- /private -->\n\nWe talked"),
    "a new entry": lambda r: r.entry("2026-06-01-lunch", "title: Lunch\ndate: 2026-06-01\npeople: [dan, cam]\n"),
    "an entry deleted": lambda r: (r.root / "content/journal/2026-03-10-call.md").unlink(),
    "the edits committed": lambda r: r.commit("The edits"),  # the data as it was, its history dated
}


@pytest.mark.parametrize("audience", ["owner", "mentor", "public"])
def test_after_every_edit_a_session_shows_what_a_build_from_nothing_shows(journal: Repo, audience: str):
    served = Serving(journal.root, audience)
    assert served.files == fresh(journal.root, audience)
    for what, change in EDITS.items():
        change(journal)
        assert served.rebuild() == fresh(journal.root, audience), f"stale after {what}"


def test_a_build_after_an_edit_renders_only_the_touched_pages_and_equals_a_cold_build(journal: Repo):
    first = journal.build("-v")  # 13 section and journal pages, 4 people, 5 entries
    assert "mentornet: generated: 17 page(s) and 5 entry header(s) rendered" in first.stderr
    store = journal.root / ".cache/plugin/mentornet/pages-owner.pickle"
    size = len(caching.read_pickle(store))
    edit(journal, "2026-03-10-call", "A call with Cam", "A short call with Cam")
    warm = journal.build("-v")
    # in a new process: the section and journal pages and Cam's, no header
    assert "mentornet: generated: 14 page(s) and 0 entry header(s) rendered" in warm.stderr
    kept = {path.relative_to(journal.site): path.read_bytes() for path in journal.site.rglob("*.html")}
    assert "A short call with Cam" in journal.page("people/cam")
    assert len(caching.read_pickle(store)) == size  # what the edit replaced is gone
    shutil.rmtree(journal.root / ".cache")
    cold = journal.build("-v")
    assert "17 page(s) and 5 entry header(s) rendered" in cold.stderr
    assert kept == {path.relative_to(journal.site): path.read_bytes() for path in journal.site.rglob("*.html")}
