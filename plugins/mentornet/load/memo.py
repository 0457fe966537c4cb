"""The loader's memos: parsing and validation kept across many loads (the revisions of the
history, the rebuilds of ``mkdocs serve``), apart from the rules they speed up."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import BaseModel

from mentornet.core.identity import IdentityMap
from mentornet.core.problems import Problem
from mentornet.core.yamldata import Yaml, YamlMap
from mentornet.load.yamlsource import Document, parse

if TYPE_CHECKING:
    from mentornet.load.portfolio import EntryRead

M = TypeVar("M", bound=BaseModel)
#: What items are found clean for: the known people's ids, the social systems' ids, and
#: whether people.yaml was unreadable (see :class:`~mentornet.load.references.References`).
CleanContext = tuple[frozenset[str], tuple[str, ...], bool]


class Memo:
    """Parsing and validation shared across many :func:`read_texts` calls (history).

    The default does no memoisation; a subclass may return the same Document for the same
    text, and the same model for the same (unchanged, shared) data object.
    """

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        return parse(text, shown, problems, line_offset=line_offset)

    def model(self, model: type[M], data: Yaml, validate: typing.Callable[[], M]) -> M:
        return validate()

    def clean_items(self, context: CleanContext) -> IdentityMap[YamlMap, bool] | None:
        """Items already checked across files, and clean, in this ``context``; None: check all."""
        return None

    def entry(self, key: tuple[str, str], make: typing.Callable[[], EntryRead]) -> EntryRead:
        """A journal entry read from its text (``key``: its path and text); a subclass keeps it."""
        return make()


class SharedMemo(Memo):
    """Parse each distinct text once and validate each parsed object once, across many loads:
    the revisions of the history, the rebuilds of ``mkdocs serve`` (where a journal edit leaves
    a thousand other entries as they were).

    Problems found while parsing are kept with the document and reported again each time;
    validation that fails is never kept, so its problems are reported again too.
    """

    def __init__(self) -> None:
        self.documents: dict[tuple[str, int, str], tuple[Document | None, tuple[Problem, ...]]] = {}
        #: data object → the model it was validated as, and the model (by identity: the same
        #: parsed data, shared by a revision after another, is not validated again)
        self.models: IdentityMap[Yaml, tuple[type[BaseModel], BaseModel]] = IdentityMap()
        self.parsed = 0
        self.entries: dict[tuple[str, str], EntryRead] = {}
        #: the keys of ``documents`` and ``entries`` the loads since the last forgetting used
        self._used: set[tuple[str, int, str] | tuple[str, str]] = set()
        self._used_data: IdentityMap[Yaml, bool] = IdentityMap()
        self._clean: tuple[CleanContext | None, IdentityMap[YamlMap, bool]] = (None, IdentityMap())

    #: Texts longer than this are parsed every time they come: kept, every version of a large
    #: people.yaml would stay in memory (a subclass may still share their parts).
    LARGEST_KEPT = 65_536

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        if len(text) > self.LARGEST_KEPT:
            own: list[Problem] = []
            document = self._parse(text, shown, own, line_offset)
            problems.extend(own)
            return document
        key = (shown, line_offset, text)
        found = self.documents.get(key)
        if found is None:
            own = []
            document = self._parse(text, shown, own, line_offset)
            found = self.documents[key] = (document, tuple(own))
        self._used.add(key)
        problems.extend(found[1])
        return found[0]

    def _parse(self, text: str, shown: str, problems: list[Problem], line_offset: int) -> Document | None:
        self.parsed += 1
        return parse(text, shown, problems, line_offset=line_offset)

    def model(self, model: type[M], data: Yaml, validate: typing.Callable[[], M]) -> M:
        found = self.models.get(data)
        if found is None or found[0] is not model:
            found = self.models[data] = (model, validate())
        self._used_data[data] = True
        return cast(M, found[1])  # validated as ``model``: found[0] is it

    def entry(self, key: tuple[str, str], make: typing.Callable[[], EntryRead]) -> EntryRead:
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = make()
        self._used.add(key)
        return found

    def clean_items(self, context: CleanContext) -> IdentityMap[YamlMap, bool] | None:
        kept = self._clean[0]
        if kept != context:
            # People joined, no one left, the rest as it was: what referred to known people
            # still does (a history mostly grows). Anything else: check everything again.
            grew = (isinstance(kept, tuple) and kept[1:] == context[1:]
                    and isinstance(kept[0], frozenset) and context[0].issuperset(kept[0]))
            self._clean = (context, self._clean[1] if grew else IdentityMap())
        return self._clean[1]

    def borrowed(self) -> Memo:
        """What this memo holds, found but never added to: the history reads the journal as
        committed, mostly the very texts the build just loaded from the disk, and parses and
        validates again only the others (without keeping them, nor their texts, here)."""
        return _Borrowed(self)

    def forget_unused(self) -> None:
        """Keep only what the loads since the last call used (a long `mkdocs serve` does not grow)."""
        self.documents = {key: value for key, value in self.documents.items() if key in self._used}
        used = list(self._used_data.keys())
        self.models = self.models.keeping(used)
        self.entries = {key: value for key, value in self.entries.items() if key in self._used}
        context, clean = self._clean
        self._clean = (context, clean.keeping(used))
        self._used, self._used_data = set(), IdentityMap()


class _Borrowed(Memo):
    """See :meth:`SharedMemo.borrowed`."""

    def __init__(self, memo: SharedMemo) -> None:
        self.memo = memo

    def document(self, text: str, shown: str, problems: list[Problem], line_offset: int = 0) -> Document | None:
        found = self.memo.documents.get((shown, line_offset, text))
        if found is None:
            return super().document(text, shown, problems, line_offset)
        problems.extend(found[1])
        return found[0]

    def model(self, model: type[M], data: Yaml, validate: typing.Callable[[], M]) -> M:
        found = self.memo.models.get(data)
        return cast(M, found[1]) if found is not None and found[0] is model else validate()  # validated as ``model``
