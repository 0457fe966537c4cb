"""Diagrams ready for pages, kept on disk one record each and read when a page needs one.

A build draws a diagram per person: held in memory from Graphviz's output to the end of the
build, and pickled together, 20,000 of them were most of a build's peak memory. Here memory
holds where each diagram is, never the diagrams:

* one file per audience (``prepared-<audience>.pickle``): the records (each diagram's SVG,
  compressed and sealed by :func:`mentornet.core.caching.sealed`), then the index (a sealed
  pickle: the data versions kept and each record's place), then the index's place;
* what a build draws is appended to an unnamed temporary file (gone with the process, however
  it ends) and read back from there when its page is written;
* at the end the records still wanted are copied, byte for byte, into a new file beside the
  last one, which replaces it at once (a build stopped halfway leaves the last file whole).

Which records are wanted is :class:`Store`'s rule: those the last :data:`Store.KEPT` versions
of the data name, and those this build used. A damaged or foreign file reads as empty (and a
damaged record as missing): everything is drawn again. So does a file drawn by a Graphviz that
now says another version (``dot -V``): an upgrade draws everything again.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

from mentornet.core import caching
from mentornet.diagrams.cleanup import Prepared
from mentornet.diagrams.render import graphviz_version

#: A record's place in its file, and what a :class:`Prepared` holds beside its SVG.
Place = tuple[int, int, Optional[float], bool]  # offset, length, width, wide
#: Each of mentornet's diagrams by name → its title and the digest of what it is drawn from.
Version = dict[str, tuple[str, str]]
_END = 8  # the index's offset, at the end of the file


class Store:
    """An audience's diagrams as its last builds drew them (see the module's docstring);
    ``path`` None (``cache: false``): this build's only, in a temporary file."""

    KEPT = 8
    FORMAT = "mentornet-drawn-2"

    def __init__(self, path: Optional[Path]) -> None:
        self.path = path
        #: The last versions of the data (the network's fingerprint) and their diagrams.
        self.versions: dict[str, Version] = {}
        #: The version of each Graphviz program that drew the diagrams kept (``dot -V``).
        self.graphviz: dict[str, str] = {}
        self._places: dict[str, Place] = {}  # in the last file
        self._added: dict[str, Place] = {}   # in the temporary file
        self._file: Optional[IO[bytes]] = None
        self._spool: Optional[IO[bytes]] = None
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        try:
            handle = open(path, "rb")
        except OSError:
            return
        try:
            end = handle.seek(-_END, os.SEEK_END)
            start = int.from_bytes(handle.read(_END), "big")
            handle.seek(start)
            index = pickle.loads(caching.unsealed(handle.read(end - start)))  # checked, then unpickled
            if not (isinstance(index, dict) and index.get("format") == self.FORMAT):
                raise ValueError("another format")
            graphviz = index.get("graphviz", {})
            if any(graphviz_version(engine) not in (None, drawn_by) for engine, drawn_by in graphviz.items()):
                raise ValueError("drawn by another version of Graphviz")
        except Exception:  # too short, damaged, foreign, of an earlier version, or another Graphviz's: empty
            handle.close()
            return
        self._file, self.versions, self._places, self.graphviz = handle, index["versions"], index["places"], graphviz
        caching.touch(path)

    def version(self, fingerprint: str) -> Version:
        return self.versions.get(fingerprint, {})

    def __contains__(self, digest: str) -> bool:
        return digest in self._added or digest in self._places

    def __len__(self) -> int:
        return len(self._added.keys() | self._places.keys())

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._added.keys() | self._places.keys()))

    def get(self, digest: str) -> Optional[Prepared]:
        """The diagram drawn from ``digest``, read from its file; None when there is none or
        its record is damaged."""
        added = digest in self._added
        handle, place = (self._spool, self._added[digest]) if added else (self._file, self._places.get(digest))
        if handle is None or place is None:
            return None
        offset, length, width, wide = place
        try:
            handle.seek(offset)
            record = handle.read(length)
            svg = (caching.unsealed(record) if self.path is not None else record).decode("utf-8")
        except Exception:  # damaged: drawn again
            return None
        return Prepared(svg, width, wide)

    def add(self, digest: str, ready: Prepared) -> None:
        """Keep a diagram this build prepared (in the temporary file until :meth:`save`)."""
        if digest in self:
            return
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()
        # sealed for the file it is copied into; with ``cache: false`` it never leaves this
        # process's unnamed file, and no key is made for it
        record = caching.sealed(ready.svg.encode("utf-8")) if self.path is not None else ready.svg.encode("utf-8")
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(record)
        self._added[digest] = (offset, len(record), ready.width, ready.wide)

    def save(self, fingerprint: str, names: Version, used: set[str], engines: Iterable[str] = ()) -> None:
        """Keep this build's diagrams (``names`` of mentornet's, ``used`` the digests of all it
        showed, drawn by the Graphviz ``engines``) as the newest version; write the file when
        that changed anything. Afterwards the store reads from the new file."""
        graphviz = dict(self.graphviz)
        for engine in sorted(set(engines)):
            found = graphviz_version(engine)
            if found is not None:
                graphviz[engine] = found
        versions = dict(self.versions)
        versions[fingerprint] = {**versions.pop(fingerprint, {}), **names}
        versions = dict(list(versions.items())[-self.KEPT:])
        named = {digest for kept in versions.values() for _, digest in kept.values()}
        keep = sorted(digest for digest in (named & self._places.keys()) | used if digest in self)
        if versions == self.versions and list(versions) == list(self.versions) \
                and set(keep) == self._places.keys() and graphviz == self.graphviz:
            return  # nothing new: nothing to write
        self.versions, self.graphviz = versions, graphviz
        if self.path is None:
            return
        try:
            self._write(keep)
        except OSError:
            pass  # the next build draws them again

    def _write(self, keep: list[str]) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            places: dict[str, Place] = {}
            with os.fdopen(handle, "wb") as out:
                for digest in keep:
                    added = digest in self._added
                    source, (offset, length, width, wide) = ((self._spool, self._added[digest]) if added
                                                             else (self._file, self._places[digest]))
                    assert source is not None
                    source.seek(offset)
                    places[digest] = (out.tell(), length, width, wide)
                    out.write(source.read(length))
                start = out.tell()
                out.write(caching.sealed(pickle.dumps({"format": self.FORMAT, "versions": self.versions,
                                                        "places": places, "graphviz": self.graphviz},
                                                       protocol=pickle.HIGHEST_PROTOCOL)))
                out.write(start.to_bytes(_END, "big"))
            self.close()  # (a file open elsewhere cannot be replaced on Windows)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._places, self._added = places, {}
        self._open(self.path)

    def close(self) -> None:
        """Let go of the files (a build that failed: what it drew is not kept); what is not
        saved reads as missing from then on."""
        for handle in (self._file, self._spool):
            if handle is not None:
                handle.close()
        self._file = self._spool = None
