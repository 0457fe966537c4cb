"""Generated pages at the cost of plain pages: each page's HTML kept by exactly its Markdown.

MkDocs converts every page's Markdown to HTML on every build; for mentornet's pages, made
from templates (tables, links, diagram placeholders), that conversion was most of a warm
build. This module keeps what :meth:`mkdocs.structure.pages.Page.render` makes — the HTML,
the table of contents' tokens, the title found in the text, the anchors — keyed by all it is
made from: the page's final Markdown (after every plugin's ``on_page_markdown``), where the
page sits, the site's files (links are resolved against them), the Markdown extensions and
their configuration, and the versions of the converting libraries. A page whose key is kept is
not converted at all: the search index, the table of contents and the HTML are those of a
conversion, byte for byte. An edit re-converts only the pages whose Markdown it changed.

A conversion that logs anything (a link to a missing page, an unknown anchor) is never kept,
so its message comes again on every build, and ``--strict`` fails every time.

The plugin attaches :meth:`Converter.attach` to each page in ``on_page_markdown``; the page's
own ``render`` then looks at the Markdown as MkDocs hands it over, whatever plugins ran after.

A page that is converted goes through one Markdown instance per build, reset between pages
(:func:`_converting`), as Python-Markdown intends for many documents, instead of one built
afresh for every page as ``Page.render`` does: building it, its extensions and their patterns
cost a fifth of a millisecond per page, a third of a second of a cold build at 1,300 pages.
Only with extensions known to keep no state between documents (Python-Markdown's own,
pymdown-extensions, Material's); with any other, every page gets its own, as in MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Optional

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from mentornet.core import caching

#: The libraries whose versions change the HTML a Markdown text converts to.
CONVERTERS = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
#: Where the Markdown extensions come from that reset all they keep between documents.
RESETTING = ("markdown.extensions.", "pymdownx.", "material.extensions.")


@dataclass(frozen=True)
class Converted:
    """What one conversion made (see ``Page.render``)."""

    content: str
    toc_tokens: list
    title: Optional[str]
    anchors: frozenset[str]
    #: Links to anchors of other pages, by the linked page's src_uri (``validation: anchors``).
    links: Optional[dict[str, dict[str, str]]]


def stable(value: Any) -> Any:
    """A form of a configuration value whose ``repr`` is the same in every process: functions
    and classes by their names, extensions by their settings, no memory addresses."""
    if isinstance(value, dict):
        return sorted((str(key), stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stable(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    configs = getattr(value, "getConfigs", None)
    if callable(configs):  # a Markdown extension given as an instance
        return (f"{type(value).__module__}.{type(value).__qualname__}", stable(configs()))
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _versions() -> list[tuple[str, str]]:
    found = []
    for name in CONVERTERS:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


class _Heard(logging.Handler):
    """Whether anything was logged (at INFO or above) while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


@dataclass
class Converter:
    """The kept conversions of one audience's site: in memory for ``mkdocs serve``'s rebuilds,
    on disk (``html-<audience>.pickle``) between builds; ``path`` None keeps nothing on disk."""

    path: Optional[Path]
    entries: Optional[dict[str, Converted]] = None
    used: set[str] = field(default_factory=set)
    added: bool = False
    stats: dict[str, int] = field(default_factory=lambda: {"kept": 0, "converted": 0})
    _build: tuple[int, str] = (0, "")
    #: This build's configuration and the Markdown instance its pages are converted with
    #: (None: every page its own).
    _markdown: tuple[Any, Optional[markdown.Markdown]] = (None, None)

    def _entries(self) -> dict[str, Converted]:
        if self.entries is None:
            found = caching.read_pickle(self.path) if self.path is not None else None
            self.entries = found if isinstance(found, dict) else {}
        return self.entries

    def start(self) -> None:
        """A new build: count afresh, and forget which entries the last one used."""
        self.used, self.stats, self._build = set(), {"kept": 0, "converted": 0}, (0, "")
        self._markdown = (None, None)

    def attach(self, page: Page) -> None:
        """Have ``page`` converted through the kept conversions."""
        page.render = lambda config, files: self._render(page, config, files)  # type: ignore[method-assign]

    def _site_key(self, config: Any, files: Any) -> str:
        """What every page's conversion depends on besides its own Markdown (once per build)."""
        if self._build[0] != id(files):
            urls = sorted((file.src_uri, file.url) for file in files)
            self._build = (id(files), caching.digest([
                stable(config["markdown_extensions"]), stable(config["mdx_configs"]),
                config["use_directory_urls"], stable(dict(config["validation"])), _versions(),
                hashlib.sha256(repr(urls).encode("utf-8")).hexdigest()]))
        return self._build[1]

    def key(self, page: Page, config: Any, files: Any) -> str:
        # MkDocs records links to other pages' anchors only when not logging at DEBUG (-v)
        checks_anchors = logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG
        return caching.digest([self._site_key(config, files), page.file.src_uri, checks_anchors,
                               page.markdown])

    def _render(self, page: Page, config: Any, files: Any) -> None:
        del page.render  # the class's own from now on
        key = self.key(page, config, files)
        found = self._entries().get(key)
        if found is not None:
            self.used.add(key)
            self.stats["kept"] += 1
            page.content = found.content
            page.toc = get_toc(found.toc_tokens)
            page._title_from_render = found.title
            page.present_anchor_ids = set(found.anchors)
            if found.links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                         for uri, links in found.links.items()
                                         if files.get_file_from_path(uri) is not None}
            return
        heard = _Heard()
        loggers = (logging.getLogger(), logging.getLogger("mkdocs"))  # MkDocs' does not propagate
        for logger in loggers:
            logger.addHandler(heard)
        try:
            self._convert(page, config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(heard)
        self.stats["converted"] += 1
        if heard.heard:
            return  # its messages come again next time
        links = page.links_to_anchors
        self._entries()[key] = Converted(
            page.content or "", _tokens(page.toc), page._title_from_render, frozenset(page.present_anchor_ids or ()),
            {file.src_uri: dict(anchors) for file, anchors in links.items()} if links is not None else None)
        self.used.add(key)
        self.added = True

    def _convert(self, page: Page, config: Any, files: Any) -> None:
        """What ``Page.render`` does, with the build's one Markdown instance when it may be shared."""
        if self._markdown[0] is not config:
            self._markdown = (config, _shared_markdown(config))
        md = self._markdown[1]
        if md is None:
            Page.render(page, config, files)
        else:
            _converting(page, config, files, md.reset())

    def save(self, prune: bool) -> None:
        """Keep the conversions on disk; with ``prune`` (a full build), only those it used."""
        if self.path is None or self.entries is None:
            return
        if prune and not self.used.issuperset(self.entries):
            self.entries = {key: value for key, value in self.entries.items() if key in self.used}
        elif not self.added:
            return
        try:
            caching.write_pickle(self.path, self.entries)
            self.added = False
        except OSError:
            pass  # the next build converts them again


def _resets(extension: Any) -> bool:
    """Whether a configured extension (a name or an instance) is one of :data:`RESETTING`'s."""
    if not isinstance(extension, str):
        module = type(extension).__module__ + "."
    elif "." in extension:
        module = extension.split(":", 1)[0] + "."
    else:  # a short name: the module its entry point names
        found = [point.value for point in markdown.util.get_installed_extensions() if point.name == extension]
        module = found[0].split(":", 1)[0] + "." if len(found) == 1 else ""
    return module.startswith(RESETTING)


#: MkDocs' own processors of a page (mkdocs/structure/pages.py), which :func:`_converting` uses.
MKDOCS_PROCESSORS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
                     "_ExtractTitleTreeprocessor")


def _shared_markdown(config: Any) -> Optional[markdown.Markdown]:
    """One Markdown instance for all the pages of a build, or None when an extension might keep
    something of one page for the next (or this MkDocs has not the processors we know)."""
    extensions = config["markdown_extensions"]
    if not all(_resets(extension) for extension in extensions) \
            or not all(hasattr(mkdocs_pages, name) for name in MKDOCS_PROCESSORS):
        return None
    return markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"] or {})


def _converting(page: Page, config: Any, files: Any, md: markdown.Markdown) -> None:
    """``Page.render`` (MkDocs 1.6) with ``md``, reset: MkDocs' own processors of this page are
    registered anew under their names, so they run in the same order as in a fresh instance."""
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


def _tokens(items: Any) -> list:
    """The tokens :func:`~mkdocs.structure.toc.get_toc` makes a table of contents from."""
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)}
            for item in items]
