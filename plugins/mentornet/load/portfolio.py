"""Loading a portfolio from disk: the data files and the journal's front matter.

Every problem is collected, not just the first, and each points at a file, a line and a
column with a message a person can act on. ``load`` raises ``PortfolioError`` with all of
them; ``check`` returns them. These are the loader's rules; reading many revisions cheaply
(the history's part by part, people.yaml item by item) is :mod:`.incremental`'s, and the
memos that share parsing and validation between loads are :mod:`.memo`'s.
"""

from __future__ import annotations

import os
import re
import typing
from pathlib import Path
from typing import Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from mentornet.audience import markers
from mentornet.core import urls, vocabulary as v
from mentornet.core.collector import collector_paused
from mentornet.core.identity import IdentityMap
from mentornet.core.layout import LINK_LEADS_OUT, Layout, content_files, other_markdown
from mentornet.core.model import Audit, EntryMeta, JournalEntry, Person, Plan, Portfolio, Profile, Reflection, Sharing
from mentornet.core.problems import PortfolioError, Problem, Text, did_you_mean, one_of
from mentornet.core.yamldata import Yaml
from mentornet.load.memo import Memo
from mentornet.load.messages import (
    JOURNAL_INDEX,
    JOURNAL_NOT_A_FOLDER,
    SAME_KIND_SHOWN,
    field_path,
    journal_name_problem,
    journal_suffix_problem,
    validation_message,
)
from mentornet.load.references import References
from mentornet.load.yamlsource import MAX_FILE_BYTES, Document, Mapping, load_file, read_text

if typing.TYPE_CHECKING:
    from mentornet.load import incremental

#: A journal entry's path inside the journal folder: words of letters, digits, '.', '_' and '-'.
_JOURNAL_NAME = re.compile(r"(?:[^\W_][\w.-]*/)*[^\W_][\w.-]*\.md")
#: The free-text fields that may hold private passages (``<!-- private -->``).
MARKER_FIELDS = frozenset({"pitch", "bio", "notes", "why", "answer"})

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


M = TypeVar("M", bound=BaseModel)

def load(layout: Layout, memo: Memo | None = None) -> Portfolio:
    portfolio, problems = read_portfolio(layout, memo)
    if problems or portfolio is None:
        raise PortfolioError(problems)
    return portfolio


def check(layout: Layout) -> list[Problem]:
    return sorted(set(read_portfolio(layout)[1]))


def read_portfolio(layout: Layout, memo: Memo | None = None) -> tuple[Portfolio | None, list[Problem]]:
    reader = _Reader(layout, memo=memo)
    with collector_paused():
        return reader.read(), reader.problems


def read_texts(layout: Layout, texts: typing.Mapping[str, str], memo: "Memo | None" = None,
               journal: "incremental.JournalPart | None" = None) -> tuple[Portfolio | None, list[Problem]]:
    """The same as :func:`read_portfolio`, from texts in memory instead of files on disk.

    ``texts`` maps paths relative to ``layout.root`` (with ``/``) to the files' text: the
    data files and journal entries as they stood at some commit. A ``memo`` (see
    :class:`Memo`) lets many similar portfolios share their parsing and validation. With
    ``journal``, the journal comes from that part (kept up to date by the caller) and
    ``texts`` holds only the data files.
    """
    if journal is not None:
        from mentornet.load.incremental import join, read_data

        return join(layout, read_data(layout, texts, memo), journal)
    reader = _Reader(layout, texts, memo)
    with collector_paused():
        return reader.read(), reader.problems


#: What reading one journal file gives: the entry (None if it is invalid), its front matter's
#: document (None if that does not parse), and its problems.
EntryRead = tuple["JournalEntry | None", "Document | None", tuple[Problem, ...]]


class _Reader:
    def __init__(self, layout: Layout, texts: typing.Mapping[str, str] | None = None,
                 memo: Memo | None = None, journal: "incremental.JournalPart | None" = None):
        self.layout = layout
        #: Files from memory (path relative to the root → text) instead of the disk.
        self.texts = texts
        self.memo = memo or Memo()
        #: The journal, already read (see :class:`~mentornet.load.incremental.JournalPart`).
        self.journal = journal
        #: The people's ids as the checks across files knew them, once the read got that far.
        self.known_ids: list[str] | None = None
        self.problems: list[Problem] = []
        #: Where each raw item came from, valid or not, by kind ("people", "audits", "journal").
        self.sources: dict[str, list[tuple[Document, tuple]]] = {}
        #: Where each validated item of a list (a person, an audit, ...) came from.
        self.origin: IdentityMap[BaseModel, tuple[Document, tuple]] = IdentityMap()
        #: Every document read from the disk, for the check of private markers.
        self.documents: list[Document] = []
        #: How many problems of one kind each file has had (see :meth:`too_many`).
        self.repeated: dict[tuple[str, str], int] = {}

    # -- files ------------------------------------------------------------------------

    def _safe(self, path: Path) -> bool:
        """Refuse files that are, or sit behind, links leading out of the repository."""
        if self.texts is not None:
            return True
        if self.layout.contains(path):
            return True
        self.problems.append(Problem(self.layout.shown(path), 1, 1, LINK_LEADS_OUT))
        return False

    def _document(self, name: str, required: bool = False) -> Document | None:
        path = self.layout.data_dir / name
        if not self._exists(path):
            if required:
                self.problems.append(Problem(
                    self.layout.shown(path), 1, 1,
                    f"missing file: every portfolio needs {name} (at least `name: Your Name`); "
                    "`mentornet new DIR` writes a starter"))
            return None
        if not self._safe(path):
            return None
        return self._load(path)

    # -- the disk, or texts in memory ---------------------------------------------------

    def _relative(self, path: Path) -> str:
        return _relative_to(path, self.layout.root)

    def _exists(self, path: Path) -> bool:
        return path.exists() if self.texts is None else self._relative(path) in self.texts

    def _is_dir(self, folder: Path) -> bool:
        if self.texts is None:
            return folder.is_dir()
        prefix = self._relative(folder) + "/"
        return any(name.startswith(prefix) for name in self.texts)

    def _files(self, folder: Path, suffixes: tuple[str, ...], recursive: bool = False) -> list[Path]:
        """Files in memory under ``folder`` ending in one of ``suffixes``, sorted like the disk's."""
        return [self.layout.root / name for name in self._names(folder, suffixes, recursive)]

    def _names(self, folder: Path, suffixes: tuple[str, ...], recursive: bool = False) -> list[str]:
        """The same, as paths relative to the root (a history reads many of them per revision)."""
        assert self.texts is not None
        prefix = self._relative(folder) + "/"
        return sorted((name for name in self.texts if name.startswith(prefix) and name.endswith(suffixes)
                       and (recursive or "/" not in name[len(prefix):])), key=lambda name: name.split("/"))

    def _read_text(self, path: Path, shown: str) -> str | None:
        if self.texts is None:
            return read_text(path, shown, self.problems)
        text = self.texts[self._relative(path)]
        if len(text) > MAX_FILE_BYTES:
            self.problems.append(Problem(shown, 1, 1, f"the file is {len(text) // 1024} KB, larger "
                                         f"than the {MAX_FILE_BYTES // (1024 * 1024)} MB mentornet reads"))
            return None
        return text.removeprefix("\ufeff")

    def _load(self, path: Path) -> Document | None:
        shown = self.layout.shown(path)
        if self.texts is None:
            document = load_file(path, shown, self.problems)
            if document is not None:
                self.documents.append(document)
            return document
        text = self._read_text(path, shown)
        return None if text is None else self.memo.document(text, shown, self.problems)

    def too_many(self, path: str, kind: str, count: int = 1) -> bool:
        """Whether a file has had :data:`SAME_KIND_SHOWN` problems of this kind already (counting
        ``count`` more): the rest are counted, and summed up in one line (:meth:`_summarise_repeats`)."""
        key = (path, kind)
        count = self.repeated[key] = self.repeated.get(key, 0) + count
        return count > SAME_KIND_SHOWN

    def _summarise_repeats(self) -> None:
        for (path, kind), count in self.repeated.items():
            if count > SAME_KIND_SHOWN:
                last = max((p for p in self.problems if p.file == path and p.message.startswith(kind)),
                           default=Problem(path, 1, 1, ""))
                self.problems.append(Problem(path, last.line, last.column,
                                             f"… and {count - SAME_KIND_SHOWN:,} more of the same kind "
                                             f"({kind}) in this file"))

    def read(self) -> Portfolio | None:
        try:
            return self._read()
        finally:
            self._summarise_repeats()

    def _read(self) -> Portfolio | None:
        leading_out = self.layout.folders_leading_out()
        if leading_out:  # nothing behind such a link is read, let alone published
            self.problems.extend(Problem(name, 1, 1, message) for name, message in leading_out)
            return None
        if not self._is_dir(self.layout.data_dir):
            self.problems.append(Problem(self.layout.shown(self.layout.data_dir), 1, 1,
                                         "no data folder here: is this a mentornet portfolio? "
                                         "`mentornet new DIR` creates one"))
            return None
        profile_doc = self._document("profile.yaml", required=True)
        profile = self._model(profile_doc, Profile, ()) if profile_doc else None
        people = self._people()
        audits = self._list(self._document("audit.yaml"), Audit, "audits")
        plan_doc = self._document("plan.yaml")
        plan = self._model(plan_doc, Plan, ()) if plan_doc and plan_doc.data is not None else Plan()
        reflections_doc = self._document("reflections.yaml")
        reflections = self._reflections(reflections_doc)
        sharing_doc = self._document("sharing.yaml")
        sharing = self._model(sharing_doc, Sharing, ()) if sharing_doc and sharing_doc.data is not None else None
        journal = self._journal()
        if self.texts is None:
            self._check_markers(reflections_doc)
            self._pages()
        portfolio = Portfolio(profile=profile or Profile(name="?"), people=tuple(p for p, _, _ in people),
                              audits=tuple(a for a, _, _ in audits), plan=plan or Plan(),
                              reflections=reflections,
                              journal=journal, sharing=sharing or Sharing())
        references = References(self, portfolio)
        references.check(profile_doc, plan_doc)
        self.known_ids = references.ids
        return portfolio if profile is not None else None

    def _people(self) -> list[tuple[Person, Document, tuple]]:
        before = len(self.problems)
        document = self._document("people.yaml")
        #: When the people file cannot be read, references to people are not checked:
        #: every one of them would be reported as unknown.
        self.people_unreadable = document is None and len(self.problems) > before
        people = self._list(document, Person, "people")
        folder = self.layout.data_dir / "people"
        if self._is_dir(folder):
            paths = (sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if self.texts is None
                     else self._files(folder, (".yaml",)) + self._files(folder, (".yml",)))
            for path in paths:
                if not self._safe(path):
                    continue
                document = self._load(path)
                if document is None:
                    continue
                data = document.data
                stem = path.stem
                if isinstance(data, Mapping) and "id" not in data:
                    data["id"] = stem
                    data.key_marks["id"] = data.mark
                elif isinstance(data, Mapping) and data["id"] != stem:
                    line, column = document.position(("id",))
                    self.problems.append(Problem(document.path, line, column,
                                                 f"id '{data['id']}' differs from the file name: "
                                                 f"rename the file to {data['id']}.yaml or the id to '{stem}'"))
                self.sources.setdefault("people", []).append((document, ()))
                person = self._model(document, Person, ())
                if person:
                    self.origin[person] = (document, ())
                    people.append((person, document, ()))
        return people

    def _journal(self) -> tuple[JournalEntry, ...]:
        if self.journal is not None:
            self.problems.extend(self.journal.problems())
            return self.journal.entries
        folder = self.layout.journal_dir
        entries: list[JournalEntry] = []
        if not self._is_dir(folder):
            if self.texts is None and os.path.lexists(folder):  # a file, or a link leading nowhere
                self.problems.append(Problem(self.layout.shown(folder), 1, 1, JOURNAL_NOT_A_FOLDER))
            return ()
        if self.texts is None:
            docs_prefix = self.layout.shown(self.layout.content_dir) + "/"
            if (folder / "index.md").exists():
                self.problems.append(Problem(self.layout.shown(folder / "index.md"), 1, 1, JOURNAL_INDEX))
            found = [self._entry(path, folder, docs_prefix) for path in self._markdown_files(folder)
                     if not (os.path.islink(path) and not self._safe(path))]
        else:
            found = [self._entry_text(name) for name in self._names(folder, (".md",), recursive=True)
                     if not name.endswith("/index.md")]
        for entry, document, problems in found:
            self.problems.extend(problems)
            if document is not None:
                self.sources.setdefault("journal", []).append((document, ()))
                if self.texts is None:
                    self.documents.append(document)
            if entry is not None:
                entries.append(entry)
        return tuple(entries)

    def _entry_text(self, name: str) -> EntryRead:
        """A journal file from memory: the same text at the same place is the same entry, read
        once however many revisions hold it."""
        assert self.texts is not None
        return self.memo.entry((name, self.texts[name]), lambda: self._entry(
            self.layout.root / name, self.layout.journal_dir, self.layout.shown(self.layout.content_dir) + "/"))

    def _entry(self, path: Path, folder: Path, docs_prefix: str
               ) -> tuple[JournalEntry | None, Document | None, tuple[Problem, ...]]:
        """One journal entry, its front matter's document and its problems (no side effects)."""
        shown = self.layout.shown(path)
        outer, self.problems = self.problems, []
        try:
            relative = _relative_to(path, folder)
            if relative.startswith(".") or "/." in relative:
                return None, None, ()  # MkDocs leaves hidden files out of the site; no entries either
            if path.suffix != ".md":
                self.problems.append(Problem(shown, 1, 1, journal_suffix_problem(path)))
                return None, None, tuple(self.problems)
            if not _JOURNAL_NAME.fullmatch(relative):
                self.problems.append(Problem(shown, 1, 1, journal_name_problem(path.name)))
                return None, None, tuple(self.problems)
            if urls.generated_page(relative):
                self.problems.append(Problem(shown, 1, 1, f"journal/{relative} is the name of a page mentornet "
                                             "makes itself (the journal's index, its actions page or a listing), "
                                             "so this entry would replace or hide it: rename the file, e.g. to "
                                             f"{Path(relative).stem}-notes.md"))
                return None, None, tuple(self.problems)
            text = self._read_text(path, shown)
            if text is None:
                return None, None, tuple(self.problems)
            text = text.replace("\r\n", "\n").replace("\r", "\n")  # every line ending Markdown knows
            match = FRONT_MATTER.match(text)
            if not match:
                self.problems.append(Problem(shown, 1, 1, "a journal entry starts with front matter: "
                                             "a line `---`, then at least `date: YYYY-MM-DD`, then `---`"))
                return None, None, tuple(self.problems)
            document = self.memo.document(match.group(1) or "", shown, self.problems, line_offset=1)
            if document is None:
                return None, None, tuple(self.problems)
            if not isinstance(document.data, dict):
                self.problems.append(Problem(shown, 2, 1, "the front matter must be a mapping of fields "
                                             "such as `date: 2026-01-31`"))
                return None, None, tuple(self.problems)
            meta = self._model(document, EntryMeta, ())
            body = text[match.end():]
            if self.texts is None:
                before = text.count("\n", 0, match.end())
                self.problems.extend(Problem(shown, before + problem.line, 1, problem.message)
                                     for problem in markers.refusals(body))
            if not meta:
                return None, document, tuple(self.problems)
            src_uri = shown.removeprefix(docs_prefix) if shown.startswith(docs_prefix) \
                else path.relative_to(self.layout.content_dir).as_posix()
            return JournalEntry(meta, src_uri, body), document, tuple(self.problems)
        finally:
            self.problems = outer

    def _markdown_files(self, folder: Path) -> list[Path]:
        """Markdown files under ``folder``, sorted; linked folders leading outside are refused."""
        if self.texts is not None:
            return [path for path in self._files(folder, (".md",), recursive=True) if path.name != "index.md"]
        found = []

        def unreadable(error: OSError) -> None:  # os.walk passes over what it cannot list: say so
            where = self.layout.shown(Path(error.filename)) if error.filename else self.layout.shown(folder)
            self.problems.append(Problem(where, 1, 1, f"cannot read this folder of the journal "
                                         f"({error.strerror}): its entries would be left out; let "
                                         "yourself read it (chmod u+rx) or move it out of the journal"))

        for directory, subfolders, names in os.walk(folder, onerror=unreadable):
            for name in list(subfolders):
                if os.path.islink(os.path.join(directory, name)):
                    if not self._safe(Path(directory, name)):
                        subfolders.remove(name)
            found += [Path(directory, name) for name in names
                      if (name.endswith(".md") or other_markdown(name)) and name != "index.md"]
        return sorted(found)

    def _check_markers(self, reflections: Document | None) -> None:
        """Private markers in the data and the front matter: read exactly, or refused.

        Passages are read in the free-text fields (``MARKER_FIELDS``); a marker anywhere else
        would be shown as text while its author believes it hidden, so it is refused too."""
        for document in self.documents:
            for location, text in _texts(document.data, ()):
                names = [step for step in location if isinstance(step, str)]
                field = names[-1] if names else ""
                stripped, found = markers.strip(text, keep=False)
                if field in MARKER_FIELDS or (document is reflections and len(location) == 1):
                    problems = [(p.line, p.message) for p in found if p.refused]
                elif found or stripped != text:
                    problems = [(1, f"private passages are read only in {', '.join(sorted(MARKER_FIELDS))} and "
                                    "journal entries: give the item `visibility: private`, or move the text "
                                    "into its notes")]
                else:
                    problems = []
                line, column = document.position(location)
                where = field_path(location)
                for number, message in problems:
                    at = f"{where}, line {number} of its text" if number > 1 else where
                    self.problems.append(Problem(document.path, line, column, f"{at}: {message}"))

    def _pages(self) -> None:
        """The hand-written pages, checked as a build checks them, so ``mentornet check`` says
        what the build would refuse: front matter that cannot say who may see the page
        (:mod:`mentornet.audience.pages`), unreadable markers, and Markdown an engine would
        copy as it is (``notes.MD``), front matter and all."""
        from mentornet.audience.pages import docs_folder_problems, page_problems

        # the docs folder is published as it is by any engine: only what anyone may read
        self.problems.extend(Problem(shown, line, 1, message)
                             for shown, line, message in docs_folder_problems(self.layout))
        # the walk the build makes, the same files and refusals, but for the journal (its own rule: _journal)
        found = content_files(self.layout, leave_out=self.layout.journal_dir)
        for path, message in found.refused:
            self.problems.append(Problem(self.layout.shown(path), 1, 1, message))
        for _, path in found.pages:
            shown = self.layout.shown(path)
            text = read_text(path, shown, self.problems)
            if text is not None:
                self.problems.extend(Problem(shown, line, 1, message)
                                     for line, message in page_problems(text, "public")[1])

    def _reflections(self, document: Document | None) -> dict[str, Reflection]:
        answers: dict[str, Reflection] = {}
        if document is None or document.data is None:
            return answers
        if not isinstance(document.data, dict):
            self._problem(document, (), "expected a mapping of prompt ids to your answers, "
                          "e.g. `first-step: Ask Ada for coffee`")
            return answers
        for prompt_id, answer in document.data.items():
            if prompt_id not in v.PROMPTS_BY_ID:
                self._problem(document, (prompt_id,), f"unknown reflection prompt '{prompt_id}'"
                              + did_you_mean(prompt_id, v.PROMPTS_BY_ID,
                                             f"; the prompts are: {one_of(v.PROMPTS_BY_ID)}"))
                continue
            data = {"answer": answer} if isinstance(answer, str) else answer
            if answer is None:
                continue
            reflection = self._model(document, Reflection, (prompt_id,), data)
            if reflection:
                answers[str(prompt_id)] = reflection
        return answers

    # -- validation -----------------------------------------------------------------

    def _list(self, document: Document | None, model: type[BaseModel], what: str) -> list:
        """Validate a top-level list item by item, so one bad item hides nothing else."""
        if document is None or document.data is None:
            return []
        if not isinstance(document.data, list):
            self._problem(document, (), f"expected a list of {what}, each starting with `- `")
            return []
        items = []
        for index, data in enumerate(document.data):
            self.sources.setdefault(what, []).append((document, (index,)))
            item = self._model(document, model, (index,), data)
            if item is not None:
                self.origin[item] = (document, (index,))
                items.append((item, document, (index,)))
        return items

    def _model(self, document: Document, model: type[M], prefix: tuple,
               data: Yaml = ...) -> M | None:
        data = document.data if data is ... else data
        if data is None and not prefix:
            data = {}
        try:
            return self.memo.model(model, data, lambda: model.model_validate(data))
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                location = prefix + tuple(detail["loc"])
                message = validation_message(model, detail, prefix)
                if message:
                    self._problem(document, location, message)
            return None

    def _problem(self, document: Document, location: tuple, message: Text) -> None:
        line, column = document.position(location)
        self.problems.append(Problem(document.path, line, column, message))


# -- messages ------------------------------------------------------------------------

#: A journal file's path below content/journal/ becomes its web address: letters (any
#: script), digits, '-', '_' and '.', in folders named the same way; no spaces, '%', '#', '?'
#: or leading dots, which break links or (decoded by MkDocs) lead out of the folder.
def _relative_to(path: Path, folder: Path) -> str:
    """``path.relative_to(folder).as_posix()`` by string operations where ``path`` is inside
    ``folder`` (pathlib's is slow enough to count in reading a long history's entries)."""
    text, prefix = os.fspath(path), os.path.join(os.fspath(folder), "")
    if text.startswith(prefix) and len(text) > len(prefix):
        text = text[len(prefix):]
        return text.replace(os.sep, "/") if os.sep != "/" else text
    return path.relative_to(folder).as_posix()


def _texts(data: Yaml, location: tuple) -> Iterator[tuple[tuple, str]]:
    """Every text in parsed YAML that holds an HTML comment, with where it is."""
    if isinstance(data, str):
        if "<!" in data:
            yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, location + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, location + (index,))
