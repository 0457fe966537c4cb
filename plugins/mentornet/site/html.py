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
(:func:`_converted`), as Python-Markdown intends for many documents, instead of one built
afresh for every page as ``Page.render`` does, which builds it, its extensions and their
patterns again for every page.
Only with extensions known to keep no state between documents (Python-Markdown's own,
pymdown-extensions, Material's); with any other, every page gets its own, as in MkDocs.

Pages drawn by an HTML template (``person.html``) are not Markdown at all: their text is the
page's HTML, in which :func:`draw` resolves links to the site's pages (as MkDocs resolves
Markdown links), gives headings their permalinks and the table of contents, and converts the
owner's own Markdown (notes), kept in :func:`fragment` blocks, with the page's Markdown
instance. Any engine reads the same file: the blocks are ``markdown="1"`` HTML (md_in_html).
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Optional

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from mentornet.core import caching, urls

#: How much of a page its template drew as HTML (:func:`draw`, :func:`draw_header`); "" none.
DRAWN_PAGE, DRAWN_HEADER = "page", "header"
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
    #: The URL of every file of this build's site, by its src_uri (pages drawn as HTML link by it).
    _urls: dict[str, str] = field(default_factory=dict)
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

    def attach(self, page: Page, drawn: str = "") -> None:
        """Have ``page`` converted through the kept conversions; ``drawn``: :data:`DRAWN_PAGE`
        its text is HTML made by an HTML template, :data:`DRAWN_HEADER` an entry's page whose
        header is."""
        page.render = lambda config, files: self._render(page, config, files, drawn)  # type: ignore[method-assign]

    def _site_key(self, config: Any, files: Any) -> str:
        """What every page's conversion depends on besides its own Markdown (once per build)."""
        if self._build[0] != id(files):
            urls = sorted((file.src_uri, file.url) for file in files)
            self._urls = dict(urls)
            self._build = (id(files), caching.digest([
                stable(config["markdown_extensions"]), stable(config["mdx_configs"]),
                config["use_directory_urls"], stable(dict(config["validation"])), _versions(),
                hashlib.sha256(repr(urls).encode("utf-8")).hexdigest()]))
        return self._build[1]

    def key(self, page: Page, config: Any, files: Any, drawn: str = "") -> str:
        # MkDocs records links to other pages' anchors only when not logging at DEBUG (-v)
        checks_anchors = logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG
        return caching.digest([self._site_key(config, files), page.file.src_uri, checks_anchors, drawn,
                               page.markdown])

    def _render(self, page: Page, config: Any, files: Any, drawn: str = "") -> None:
        del page.render  # the class's own from now on
        key = self.key(page, config, files, drawn)
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
            self._convert(page, config, files, drawn)
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

    def _convert(self, page: Page, config: Any, files: Any, drawn: str = "") -> None:
        """What ``Page.render`` does, with the build's one Markdown instance when it may be shared."""
        if self._markdown[0] is not config:
            self._markdown = (config, _shared_markdown(config))
        md = self._markdown[1]
        if drawn:
            self._site_key(config, files)
            (draw if drawn == DRAWN_PAGE else draw_header)(page, config, files, md or _markdown(config),
                                                           self._urls.get).show(page)
        elif md is None:
            Page.render(page, config, files)
        else:
            _converted(page.markdown, page.file, config, files, md.reset()).show(page)

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


#: MkDocs' own processors of a page (mkdocs/structure/pages.py), which :func:`_converted` uses.
MKDOCS_PROCESSORS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
                     "_ExtractTitleTreeprocessor")


def _shared_markdown(config: Any) -> Optional[markdown.Markdown]:
    """One Markdown instance for all the pages of a build, or None when an extension might keep
    something of one page for the next (or this MkDocs has not the processors we know)."""
    extensions = config["markdown_extensions"]
    if not all(_resets(extension) for extension in extensions) \
            or not all(hasattr(mkdocs_pages, name) for name in MKDOCS_PROCESSORS):
        return None
    return _markdown(config)


def _markdown(config: Any) -> markdown.Markdown:
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})


@dataclass
class _Made:
    """What ``Page.render`` makes of a page (MkDocs 1.6), for :meth:`show` to give it."""

    content: str
    tokens: list
    title: Optional[str]
    anchors: set[str]
    #: Links to other pages' anchors (None: not recorded, as MkDocs does not at DEBUG).
    links: Optional[dict]

    def show(self, page: Page) -> None:
        page.content = self.content
        page.toc = get_toc(self.tokens)
        page._title_from_render = self.title
        page.present_anchor_ids = self.anchors
        if self.links is not None:
            page.links_to_anchors = self.links


def _converted(text: str, file: Any, config: Any, files: Any, md: markdown.Markdown) -> _Made:
    """Markdown converted as ``Page.render`` converts a page's, with ``md`` (reset): MkDocs'
    own processors of the page are registered anew under their names, so they run in the same order as in a fresh
    instance (links resolved and checked, anchors and the title found)."""
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    content = md.convert(text)
    links = relative.links_to_anchors if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG else None
    return _Made(content, getattr(md, "toc_tokens", []), title.title,
                 anchors.present_anchor_ids | raw_html.present_anchor_ids, links)


def _tokens(items: Any) -> list:
    """The tokens :func:`~mkdocs.structure.toc.get_toc` makes a table of contents from."""
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)}
            for item in items]


# --------------------------------------------------------------------------- pages drawn as HTML

#: The owner's own Markdown inside a page drawn as HTML: converted by the page's Markdown
#: instance under MkDocs, by md_in_html under any other engine. Its text went through
#: ``pages.markdown_text`` (``<`` is ``&lt;``), so no line of it is ``</div>``.
_FRAGMENT = re.compile(r'^<div class="(?P<classes>[^"]*)" markdown="1">\n'
                       r'(?P<title><p class="admonition-title">[^\n]*</p>\n)?'
                       r'\n(?P<text>.*?)\n\n</div>$', re.MULTILINE | re.DOTALL)
#: A heading of a page drawn as HTML, as its templates write it: one line, escaped text, and an
#: id where a link needs a fixed one (the others get what the toc extension would give them).
_HEADING = re.compile(r'^<h(?P<level>[1-6])(?: id="(?P<id>[^"]+)")?>(?P<text>.*)</h(?P=level)>$', re.MULTILINE)
_HREF = re.compile(r'\bhref="(?P<target>[^"]*)"')
_IDS = re.compile(r'\bid="([^"]+)"')
_TAGS = re.compile(r"<[^>]*>")


#: The class of a fragment that is only text: MkDocs shows its HTML without the block around it.
PLAIN_FRAGMENT = "mentornet-markdown"


def fragment(text: str, classes: str = PLAIN_FRAGMENT, title: Optional[str] = None) -> str:
    """A block of Markdown (already made safe) inside a page drawn as HTML; ``title`` (plain
    text) makes it an admonition's."""
    heading = f'<p class="admonition-title">{html.escape(title, quote=False)}</p>\n' if title else ""
    return f'\n\n<div class="{html.escape(classes)}" markdown="1">\n{heading}\n{text.strip()}\n\n</div>\n\n'


def resolve_links(text: str, src_uri: str, url_of: Callable[[str], Optional[str]],
                  missing: Callable[[str], None] = lambda target: None) -> str:
    """The links of a page drawn as HTML to other pages of the site (``people/x.md``, relative
    to the page) as the URLs ``url_of`` gives them, relative to the page's own, as MkDocs makes
    of Markdown links. Fragments are left to their converter. ``missing`` hears of a link to a
    page the site has not."""
    here = url_of(src_uri) or ""
    folder = posixpath.dirname(src_uri)

    def resolve(match: re.Match) -> str:
        target = html.unescape(match["target"])
        path, hash_, anchor = target.partition("#")
        if not path.endswith(".md") or urls.scheme_of(path) is not None or path.startswith("/"):
            return match.group(0)
        uri = posixpath.normpath(posixpath.join(folder, path))
        url = url_of(uri)
        if url is None:
            missing(target)
            return match.group(0)
        return f'href="{html.escape(get_relative_url(url, here) + hash_ + anchor)}"'

    return _outside_fragments(text, lambda part: _HREF.sub(resolve, part))


def _outside_fragments(text: str, change: Callable[[str], str]) -> str:
    parts, end = [], 0
    for match in _FRAGMENT.finditer(text):
        parts += [change(text[end:match.start()]), match.group(0)]
        end = match.end()
    return "".join([*parts, change(text[end:])])


def draw(page: Page, config: Any, files: Any, md: markdown.Markdown,
         url_of: Callable[[str], Optional[str]]) -> _Made:
    """What ``Page.render`` makes, for a page whose text is already HTML: links resolved
    (``url_of`` a src_uri: the URL of that file of ``files``), headings given the permalinks
    the toc extension gives (by its own configuration), the table of contents, and the
    fragments converted as the page's Markdown would be."""
    text = resolve_links(page.markdown or "", page.file.src_uri, url_of, _missing(page))
    toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    tokens, anchors = [], set()
    links: Optional[dict] = {} if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG else None
    title = None
    used: set[str] = set()
    slug, separator = (toc.slugify, toc.sep) if toc is not None else (slugify, "-")

    def heading(match: re.Match) -> str:
        nonlocal title
        level, inner = int(match["level"]), match["text"]
        name = _TAGS.sub("", inner).strip()
        id_ = unique(match["id"] or slug(html.unescape(name), separator), used)
        if level == 1 and title is None:
            title = html.unescape(name)
        tokens.append({"level": level, "id": id_, "name": name, "children": []})
        link = _permalink(toc, id_)
        leading = toc is not None and getattr(toc, "permalink_leading", False)
        return f'<h{level} id="{id_}">{link + inner if leading else inner + link}</h{level}>'

    parts, end = [], 0
    for match in _FRAGMENT.finditer(text):
        ours = _ours(text[end:match.start()], heading)
        made = _converted(match["text"], page.file, config, files, md.reset())
        anchors.update(_IDS.findall(ours), made.anchors)
        for file, found in (made.links or {}).items() if links is not None else ():
            links.setdefault(file, {}).update(found)
        plain = match["classes"] == PLAIN_FRAGMENT and not match["title"]  # as the Markdown pages had it
        parts += [ours, made.content if plain else
                  f'<div class="{match["classes"]}">\n{match["title"] or ""}{made.content}\n</div>']
        end = match.end()
    ours = _ours(text[end:], heading)
    anchors.update(_IDS.findall(ours))
    parts.append(ours)
    content = "\n".join(part.strip("\n") for part in parts if part.strip())  # (ours hold no blank line)
    return _Made(content, nest_toc_tokens(tokens), title, anchors, links)


#: How the header a journal entry's page opens with starts, and the line it ends at (its
#: template, entry.html, prints every value on one line, escaped).
HEADER_OPEN, HEADER_CLOSE = '<div class="mentornet-entry-header">\n', "\n</div>\n"


def _header(text: str) -> Optional[tuple[int, int]]:
    """Where the header of an entry's page (or page file) starts and ends, if it has one."""
    start = text.find(HEADER_OPEN)
    end = text.find(HEADER_CLOSE, start) if start >= 0 else -1
    return (start, end + len(HEADER_CLOSE)) if end >= 0 else None


def split_header(text: str) -> tuple[str, str]:
    """An entry page's Markdown as its header (drawn as HTML, if it opens the page) and the rest."""
    found = _header(text)
    if found is None or text[:found[0]].strip():
        return "", text
    return text[found[0]:found[1]], text[found[1]:]


def resolve_header_links(text: str, src_uri: str, url_of: Callable[[str], Optional[str]]) -> str:
    """:func:`resolve_links` for the header of an entry's page file (the text below it is the
    owner's: not touched)."""
    found = _header(text)
    if found is None:
        return text
    start, end = found
    return text[:start] + resolve_links(text[start:end], src_uri, url_of) + text[end:]


def draw_header(page: Page, config: Any, files: Any, md: markdown.Markdown,
                url_of: Callable[[str], Optional[str]]) -> _Made:
    """What ``Page.render`` makes, for an entry's page whose header is already HTML: the
    header's links resolved, the rest converted as Markdown."""
    header, rest = split_header(page.markdown or "")
    made = _converted(rest, page.file, config, files, md.reset())
    drawn = _ours(resolve_links(header, page.file.src_uri, url_of, _missing(page)))
    if drawn:
        made.content = f"{drawn}\n{made.content}"
        made.anchors |= set(_IDS.findall(drawn))
    return made


def _missing(page: Page) -> Callable[[str], None]:
    """What MkDocs says of a link to a page the site has not."""
    def missing(target: str) -> None:
        mkdocs_pages.log.warning(f"Doc file '{page.file.src_uri}' contains a link '{target}', but the target "
                                 "is not found among documentation files.")
    return missing


def _ours(text: str, heading: Optional[Callable[[re.Match], str]] = None) -> str:
    """A part of a page drawn as HTML outside its fragments: headings made by ``heading``,
    blank lines gone (the templates print every value on one line: no blank line is the data's)."""
    made = _HEADING.sub(heading, text) if heading is not None else text
    return "\n".join(line for line in made.split("\n") if line.strip())


def _permalink(toc: Any, id_: str) -> str:
    """The permalink the toc extension puts in a heading (``toc: permalink:``), or nothing."""
    if toc is None or not getattr(toc, "use_permalinks", False):
        return ""
    text = "&para;" if toc.use_permalinks is True else html.escape(str(toc.use_permalinks))
    title = f' title="{html.escape(toc.permalink_title)}"' if toc.permalink_title else ""
    return f'<a class="{html.escape(toc.permalink_class)}" href="#{id_}"{title}>{text}</a>'
