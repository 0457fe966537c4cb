"""Where a portfolio's files live, how messages name them, and which files may be read.

One home for the rule that no file reached through a symbolic link leading out of the
repository is ever read or published.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Mapping, Optional

#: The folders of mentornet's layout: the data files, the hand-written pages and the journal (read
#: by mentornet alone), and the engine's docs folder (published as it is: only what anyone may read).
DATA_DIR, CONTENT_DIR, PUBLIC_DIR = "data", "content", "public"
#: MkDocs' own ``docs_dir`` when a configuration names none.
ENGINE_DOCS_DIR = "docs"


def docs_dir_of(settings: Optional[Mapping[str, object]]) -> str:
    """The docs folder a configuration file's settings name: its ``docs_dir``, else MkDocs' own
    default; with no configuration file at all (None), the content folder, as before 0.2."""
    if settings is None:
        return CONTENT_DIR
    return str(settings.get("docs_dir") or ENGINE_DOCS_DIR)


#: The folders a build keeps beside the site folder: the new site is built into ``site.partial``
#: and the old one waits in ``site.old`` while they swap (see :mod:`mentornet.site.swap`).
SIDE_SUFFIXES = (".partial", ".old")


def side_folders(site: Path) -> tuple[Path, ...]:
    """``site.partial`` and ``site.old`` beside ``site``."""
    site = Path(os.path.abspath(site))
    return tuple(site.with_name(site.name + suffix) for suffix in SIDE_SUFFIXES)


@dataclass(frozen=True)
class Layout:
    """Where a portfolio's files live, and how to name them in messages.

    ``content_dir`` holds the hand-written pages and the journal, which only mentornet reads;
    ``docs_dir`` is the folder a site engine (MkDocs, ProperDocs, Zensical) publishes as it is,
    so it holds nothing that is not public. In the layout before mentornet 0.2 they were one
    folder (:attr:`engine_reads_content`), which ``mentornet upgrade`` separates.
    """

    root: Path
    data_dir: Path
    content_dir: Path
    docs_dir: Path
    #: The data, content and docs folders as the options name them (for messages).
    names: tuple[str, str, str] = ("data", "content", "content")

    @classmethod
    def of(cls, root: Path, data_dir: str = DATA_DIR, content_dir: str = CONTENT_DIR,
           docs_dir: str | None = None) -> "Layout":
        root = Path(root).resolve()
        content = (root / content_dir).resolve()
        return cls(root, (root / data_dir).resolve(), content,
                   (root / docs_dir).resolve() if docs_dir is not None else content,
                   (data_dir, content_dir, docs_dir if docs_dir is not None else content_dir))

    def folders_leading_out(self) -> list[tuple[str, str]]:
        """``(name, message)`` for the data, content or docs folder when it is, or sits behind, a
        link leading out of the repository (or is configured outside it): nothing may be read then."""
        found: list[tuple[str, str]] = []
        for name, folder in zip(self.names, (self.data_dir, self.content_dir, self.docs_dir)):
            if os.path.isabs(name) and Path(name).is_relative_to(self.root):  # MkDocs gives docs_dir so
                name = Path(name).relative_to(self.root).as_posix()
            name = name.rstrip("/") or name
            if not folder.is_relative_to(self.root) and name not in (n for n, _ in found):
                found.append((name, f"refused: the folder {name} leads outside the repository "
                              f"(to {folder}); mentornet reads and publishes only what is inside it: move the "
                              "folder into the repository instead of linking to it"))
        return found

    def kept_folders(self, cache_dir: Optional[Path] = None) -> list[tuple[str, Path]]:
        """The folders holding what the person keeps (or what mentornet keeps for them), by the
        name messages give them: no site may be built in, over or around one of them, and no
        ``--out`` may write into one."""
        folders = [(f"the data folder {self.names[0]}", self.data_dir),
                   (f"the content folder {self.names[1]}", self.content_dir),
                   (f"the public (docs_dir) folder {self.shown(self.docs_dir)}", self.docs_dir),
                   ("the cache folder .cache", self.root / ".cache"),
                   ("the Git folder .git", self.root / ".git")]
        if cache_dir is not None:
            folders.append((f"the cache folder {self.shown(Path(cache_dir).resolve())}", Path(cache_dir).resolve()))
        return folders

    def site_folder_problem(self, site: Path, cache_dir: Optional[Path] = None) -> Optional[str]:
        """Why ``site`` may not be a site folder, or None. A build empties its site folder and
        replaces it whole, so the site folder must be a folder of its own: not the data, content,
        public or cache folder, not one holding or inside one of them, not the repository, and
        neither it nor its side folders (``site.partial``, ``site.old``) a symbolic link, which a
        build would follow and empty wherever it leads. The one rule for every command and engine."""
        site = Path(os.path.abspath(site))
        shown = self.shown(site) if site.is_relative_to(self.root) else str(site)
        advice = "; choose a folder of its own for the site, such as site/ (the default)"
        for path in (site, *side_folders(site)):
            if os.path.islink(path):
                what = "the site folder" if path == site else f"the build's side folder {self.shown(path)}"
                return (f"refused: {what} is a symbolic link (to {os.readlink(path)}); a build empties its "
                        f"site folder and would empty wherever the link leads: remove the link{advice}")
        resolved = site.resolve()
        if resolved == self.root:
            return f"refused: the site folder {shown} is the repository itself, which a build would empty{advice}"
        if self.root.is_relative_to(resolved):
            return f"refused: the site folder {shown} holds the repository, which a build would empty{advice}"
        for path in (resolved, *(p.resolve() for p in side_folders(site))):
            for name, folder in self.kept_folders(cache_dir):
                if path == folder:
                    relation = "is"
                elif path.is_relative_to(folder):
                    relation = "lies inside"
                elif folder.is_relative_to(path):
                    relation = "holds"
                else:
                    continue
                return (f"refused: the site folder {shown} {relation} {name}, whose files a build would "
                        f"delete{advice}")
        return None

    def kept_file_problem(self, out: Path) -> Optional[str]:
        """Why a command's ``--out`` may not write ``out``, or None: never into the data, content,
        public, cache or Git folder, nor over a configuration (``mkdocs*.yml``)."""
        resolved = Path(out).resolve()
        for name, folder in self.kept_folders():
            if resolved == folder or resolved.is_relative_to(folder):
                return (f"refused: {out} is in {name}, which holds your portfolio's own files; "
                        "write it somewhere else (e.g. the default, in the current folder)")
        if resolved.parent == self.root and re.fullmatch(r"mkdocs.*\.ya?ml", resolved.name):
            return f"refused: {out} is the site's configuration; write it somewhere else"
        return None

    def folders_overlapping(self, cache_dir: Path | None = None) -> list[str]:
        """Messages for folders that are, or lie inside, one another: the data folder, the
        cache or the content folder inside the engine's docs folder would be published as they
        are; the cache inside the data or content folder would be read as the portfolio. (The
        content folder inside the docs folder is the old layout, which ``mentornet upgrade`` mends.)"""
        named = [("data_dir", self.names[0], self.data_dir), ("content_dir", self.names[1], self.content_dir),
                 ("docs_dir", self.names[2], self.docs_dir)]
        if cache_dir is not None:
            named.append(("cache_dir", self.shown(Path(cache_dir).resolve()), Path(cache_dir).resolve()))
        found = []
        for index, (option, name, folder) in enumerate(named):
            for other_option, other_name, other in named[index + 1:]:
                if {option, other_option} == {"content_dir", "docs_dir"}:
                    continue
                if folder == other or folder.is_relative_to(other) or other.is_relative_to(folder):
                    found.append(f"refused: {option} ({name}) and {other_option} ({other_name}) overlap, so "
                                 "one would be read or published as the other: give each a folder of its own "
                                 "side by side (data, content, public, .cache)")
        return found

    @property
    def journal_dir(self) -> Path:
        return self.content_dir / "journal"

    @property
    def engine_reads_content(self) -> bool:
        """Whether an engine that ignores mentornet would read the hand-written pages and the
        journal (the old layout: ``docs_dir`` is, or holds, the content folder)."""
        return self.content_dir == self.docs_dir or self.content_dir.is_relative_to(self.docs_dir)

    def shown(self, path: Path) -> str:
        """The path as messages show it: relative to the root, with ``/``. (String operations:
        ``Path.relative_to`` is slow enough to count in loading a large journal.)"""
        text = os.fspath(path)
        if text == os.fspath(self.root):
            return "."
        if text.startswith(self._root_prefix):
            text = text[len(self._root_prefix):]
        return text.replace(os.sep, "/") if os.sep != "/" else text

    @cached_property
    def _root_prefix(self) -> str:
        return os.path.join(os.fspath(self.root), "")

    def contains(self, path: Path | str) -> bool:
        """Whether ``path``, once symbolic links are followed, stays in the repository (MkDocs
        follows links: one to ~/Documents would publish it; so would a data folder linked there)."""
        text = os.fspath(path)
        if os.path.islink(text):
            return self._resolved_inside(text)
        folder = os.path.dirname(text)  # a file that is no link is where its folder is
        if folder not in self._folders:
            self._folders[folder] = self._resolved_inside(folder)
        return self._folders[folder]

    def _resolved_inside(self, path: str) -> bool:
        try:
            return Path(path).resolve().is_relative_to(self.root)
        except (RuntimeError, OSError):  # a link that leads back to itself leads nowhere inside
            return False

    @cached_property
    def _folders(self) -> dict[str, bool]:
        """Whether each folder asked about so far is inside (resolving a path is slow; a
        build asks about a thousand files in a handful of folders)."""
        return {}


#: Markdown under any name but ``….md`` (``.MD``, ``.markdown``, ``.mdown``…): an engine would copy
#: such a file as it is, front matter and all, so it is refused wherever it is found.
OTHER_MARKDOWN = re.compile(r"\.(md|markdown|mdown|mkdn|mkd|mdwn|mdtxt|mdtext|mdx)$", re.IGNORECASE)


def other_markdown(name: str) -> bool:
    """Whether a file name is Markdown that mentornet does not read as a page (see OTHER_MARKDOWN)."""
    return not name.endswith(".md") and OTHER_MARKDOWN.search(name) is not None


#: Why a file that is, or sits behind, a link leading out of the repository is refused.
LINK_LEADS_OUT = "refused: this is a symbolic link to a file outside the repository; copy the file in instead"


def page_suffix_problem(path: Path) -> str:
    """Why Markdown under another name than ``….md`` (:func:`other_markdown`) is refused."""
    return (f"rename this file to '{path.stem}.md': MkDocs copies a '{path.suffix}' file into the site as it "
            "is, front matter and all, whatever visibility it declares")


@dataclass
class ContentFiles:
    """The files under the content folder, as ``(src_uri, path)``, and those refused."""

    #: Hand-written pages and journal entries (``….md``).
    pages: list[tuple[str, Path]]
    #: Every other file (images, attachments, stylesheets).
    others: list[tuple[str, Path]]
    #: ``(path, why)`` for each file refused: one behind a link leading out of the repository
    #: (:data:`LINK_LEADS_OUT`, without reading it) or Markdown under another name (:func:`page_suffix_problem`).
    refused: list[tuple[Path, str]]


def content_files(layout: Layout, leave_out: Optional[Path] = None) -> ContentFiles:
    """The one walk of the content folder, for the build and ``mentornet check`` alike: hidden
    files and folders (``.…``) are no part of it; links are followed while they stay in the
    repository; sorted by name, folder by folder. ``leave_out``: a folder not walked at all
    (``check`` reads the journal by its own rule, not as pages)."""
    found = ContentFiles([], [], [])
    content_dir = layout.content_dir
    if not content_dir.is_dir():
        return found
    for directory, folders, names in os.walk(content_dir, followlinks=True):
        for name in list(folders):
            path = Path(directory, name)
            if path == leave_out:
                folders.remove(name)
                continue
            if name.startswith(".") or (path.is_symlink() and not layout.contains(path)):
                folders.remove(name)
                if not name.startswith("."):  # name what it would have published, without reading it
                    inside = [Path(d, n) for d, _, ns in os.walk(path) for n in ns] or [path]
                    found.refused += [(path / f.relative_to(path), LINK_LEADS_OUT) for f in sorted(inside)]
        folders.sort()
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(directory, name)
            src_uri = path.relative_to(content_dir).as_posix()
            if not layout.contains(path):
                found.refused.append((path, LINK_LEADS_OUT))
            elif name.endswith(".md"):
                found.pages.append((src_uri, path))
            elif other_markdown(name):
                found.refused.append((path, page_suffix_problem(path)))
            else:
                found.others.append((src_uri, path))
    return found
