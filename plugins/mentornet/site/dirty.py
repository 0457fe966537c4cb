"""``mkdocs serve --dirty``: MkDocs writes again only the pages whose files changed, and keeps
what earlier builds wrote. What it keeps must be what this build would write, nothing more.

- Generated pages are files (:meth:`Dirty.on_disk`) whose time stamp changes with their content.
- The site folder starts empty when the audience or the options changed (:meth:`Dirty.start`).
- Material's search index keeps no entry of a page rebuilt or left out (:func:`prune_search`).
- Pages and files this build did not make leave the site folder (:meth:`Dirty.remove_stale`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Container, Optional

from mkdocs.utils import clean_directory

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

#: The file in a served site folder that says for whom (audience and options) it was built.
BUILT_FOR = ".mentornet-built-for"


class Dirty:
    """The bookkeeping of one ``mkdocs serve --dirty``, kept between its rebuilds."""

    def __init__(self) -> None:
        self.scratch: Optional[Path] = None
        self.made_before: set[str] = set()

    def pages_dir(self, cache_dir: Optional[Path], audience: str) -> Path:
        """Where generated pages are kept: the cache, or with ``cache: false`` a temporary folder
        of this process (nothing is left in the project; :meth:`close` removes it)."""
        if cache_dir is not None:
            return cache_dir / "pages" / audience
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="mentornet-pages-"))
        return self.scratch / audience

    def on_disk(self, folder: Path, src_uri: str, content: str | bytes) -> str:
        """A generated page as a file that keeps its time stamp while its content stays the same,
        so MkDocs rebuilds only the pages a change touched."""
        path = folder / src_uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return str(path)

    @staticmethod
    def forget_others(folder: Path, wanted: Container[str]) -> None:
        """Pages no longer generated go: the folder holds the last build's only."""
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file() and path.relative_to(folder).as_posix() not in wanted:
                path.unlink()

    @staticmethod
    def start(site_dir: str, built_for: str) -> None:
        """The pages of an earlier build for another audience or other options: none may stay."""
        marker = Path(site_dir) / BUILT_FOR
        if marker.is_file() and marker.read_text(encoding="utf-8") != built_for:
            clean_directory(site_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(built_for, encoding="utf-8")

    def remove_stale(self, config: MkDocsConfig, files: Files) -> None:
        """What an earlier build wrote and this one did not: the page of a person made private
        since would still be served. Only this build's files may stay."""
        site = Path(config.site_dir)
        expected = {file.dest_uri for file in files} | set(config.theme.static_templates) | {BUILT_FOR}
        for path in sorted(site.rglob("*"), reverse=True):
            relative = path.relative_to(site).as_posix()
            if path.is_file() and relative not in expected and (relative.endswith(".html")
                                                                 or relative in self.made_before):
                path.unlink()
                for folder in path.parents:
                    if folder == site or any(folder.iterdir()):
                        break
                    folder.rmdir()
        self.made_before = set(expected)

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def prune_search(config: MkDocsConfig, files: Files) -> None:
    """Material's search keeps the entries of earlier builds for the pages it did not rebuild:
    none may survive of a page this build rebuilt (it may have lost a passage) or left out (a
    person made private since). Before the search plugin writes its index."""
    search = next((p for name, p in config.plugins.items() if name in ("material/search", "search")), None)
    previous = getattr(search, "search_index_prev", None)
    current = getattr(search, "search_index", None)
    if previous is None or current is None:
        return
    pages = {file.url for file in files.documentation_pages()}
    rebuilt = {entry["location"].split("#", 1)[0] for entry in current.entries}
    previous.entries = [entry for entry in previous.entries
                        if entry["location"].split("#", 1)[0] in pages - rebuilt]
