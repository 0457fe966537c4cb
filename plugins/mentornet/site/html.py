"""Generated pages at the cost of plain pages: each page's HTML kept by exactly what it is made from.

MkDocs converts every page's Markdown to HTML on every build; for mentornet's pages, made
from templates (tables, links, diagram placeholders), that conversion was most of a warm
build. :class:`Converter` keeps what a conversion makes (:class:`Converted`: the HTML, the table
of contents' tokens, the title, the anchors, the links to other pages' anchors) keyed by all it
is made from: the page's final Markdown (after every plugin's ``on_page_markdown``), where the
page sits, the site's files (links are resolved against them), the Markdown extensions and
their configuration, and the versions of the converting libraries. A page whose key is kept is
not converted at all (:mod:`mentornet.site.conversion`): the search index, the table of
contents and the HTML are those of a conversion, byte for byte. An edit re-converts only the
pages whose Markdown it changed.

A conversion that logs anything (a link to a missing page, an unknown anchor) is never kept,
so its message comes again on every build, and ``--strict`` fails every time.

Pages drawn by an HTML template (``person.html``) are not Markdown at all: their text is the
page's HTML, in which :func:`draw` resolves links to the site's pages (as MkDocs resolves
Markdown links), gives headings their permalinks and the table of contents, and has the
owner's own Markdown (notes), kept in :func:`fragment` blocks, converted as MkDocs converts the
page's. Any engine reads the same file: the blocks are ``markdown="1"`` HTML (md_in_html).
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
from typing import TYPE_CHECKING, Callable, Iterable, Optional

import markdown
from markdown.extensions.toc import TocTreeprocessor, nest_toc_tokens, slugify, unique
from mkdocs.utils import get_relative_url

from mentornet.core import caching, urls

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

#: How much of a page its template drew as HTML (:func:`draw`, :func:`draw_header`); "" none.
DRAWN_PAGE, DRAWN_HEADER = "page", "header"
#: The libraries whose versions change the HTML a Markdown text converts to.
CONVERTERS = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
#: MkDocs' logger of pages: it records links to other pages' anchors only when not at DEBUG (-v).
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


@dataclass
class Made:
    """What converting a page makes (what ``Page.render`` fills in, MkDocs 1.6)."""

    content: str
    tokens: list
    title: Optional[str]
    anchors: set[str]
    #: Links to other pages' anchors, by the linked File (None: not recorded, as at DEBUG).
    links: Optional[dict]


@dataclass(frozen=True)
class Converted:
    """One conversion as it is kept: :class:`Made` with the linked pages by their src_uri."""

    content: str
    toc_tokens: list
    title: Optional[str]
    anchors: frozenset[str]
    links: Optional[dict[str, dict[str, str]]]

    @classmethod
    def of(cls, made: Made) -> "Converted":
        links = {file.src_uri: dict(anchors) for file, anchors in made.links.items()} \
            if made.links is not None else None
        return cls(made.content, made.tokens, made.title, frozenset(made.anchors), links)

    def made(self, files: Files) -> Made:
        links = None if self.links is None else {
            files.get_file_from_path(uri): dict(anchors) for uri, anchors in self.links.items()
            if files.get_file_from_path(uri) is not None}
        return Made(self.content, self.toc_tokens, self.title, set(self.anchors), links)


def stable(value: object) -> object:
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


@dataclass
class Converter:
    """The kept conversions of one audience's site (the cache owner's ``html`` store): in memory
    for ``mkdocs serve``'s rebuilds, on disk between builds; ``path`` None keeps nothing on disk."""

    path: Optional[Path]
    kept: caching.Kept = field(init=False)
    stats: dict[str, int] = field(default_factory=lambda: {"kept": 0, "converted": 0})
    #: The build's files and what every page's conversion depends on besides its own.
    site: tuple[Optional[Files], str] = (None, "")
    #: The URL of every file of this build's site, by its src_uri (pages drawn as HTML link by it).
    urls: dict[str, str] = field(default_factory=dict)
    #: This build's configuration and the toc extension's settings of its Markdown extensions.
    toc_of: tuple[Optional[MkDocsConfig], Optional[TocTreeprocessor]] = (None, None)

    def __post_init__(self) -> None:
        self.kept = caching.Kept(self.path)

    @classmethod
    def for_build(cls, kept: Optional["Converter"], cache_dir: Optional[Path], audience: str) -> "Converter":
        """The conversions a build starts with: ``mkdocs serve`` keeps the same between rebuilds
        (on disk too, but with ``cache: false``)."""
        path = caching.STORES["html"].path(cache_dir, audience)
        converter = kept if kept is not None and kept.path == path else cls(path)
        converter.start()
        return converter

    def start(self) -> None:
        """A new build: count afresh."""
        self.stats, self.site, self.toc_of = {"kept": 0, "converted": 0}, (None, ""), (None, None)

    def _site_key(self, config: MkDocsConfig, files: Files) -> str:
        """What every page's conversion depends on besides its own Markdown (once per build)."""
        if self.site[0] is not files:
            pairs = sorted((file.src_uri, file.url) for file in files)
            self.urls = dict(pairs)
            self.site = (files, caching.digest([
                stable(config["markdown_extensions"]), stable(config["mdx_configs"]),
                config["use_directory_urls"], stable(dict(config["validation"])), _versions(),
                hashlib.sha256(repr(pairs).encode("utf-8")).hexdigest()]))
        return self.site[1]

    def key(self, page: Page, config: MkDocsConfig, files: Files, drawn: str = "") -> str:
        """What ``page``'s conversion is made from; its title counts only where its front matter
        gives none."""
        checks_anchors = PAGES_LOG.getEffectiveLevel() > logging.DEBUG
        return caching.STORES["html"].digest([self._site_key(config, files), page.file.src_uri, checks_anchors,
                                              drawn, "title" in page.meta, page.markdown])

    def url_of(self, src_uri: str) -> Optional[str]:
        return self.urls.get(src_uri)

    def toc(self, config: MkDocsConfig) -> Optional[TocTreeprocessor]:
        """The toc extension of the build's Markdown extensions (its slugs and permalinks), or None."""
        if self.toc_of[0] is not config:
            md = markdown.Markdown(extensions=config["markdown_extensions"],
                                   extension_configs=config["mdx_configs"] or {})
            found = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
            self.toc_of = (config, found if isinstance(found, TocTreeprocessor) else None)
        return self.toc_of[1]

    def get(self, key: str) -> Optional[Converted]:
        found = self.kept.find(key)
        if not isinstance(found, Converted):  # the store of conversions holds nothing else
            return None
        self.stats["kept"] += 1
        return found

    def put(self, key: str, made: Made, keep: bool) -> None:
        """A conversion made; ``keep`` False: it logged something, to be said again next time."""
        self.stats["converted"] += 1
        if keep:
            self.kept.keep(key, Converted.of(made))

    def save(self, prune: bool) -> None:
        """Keep the conversions on disk; with ``prune`` (a full build), only those it used."""
        self.kept.done(prune=prune)


def tokens(items: Iterable[AnchorLink]) -> list:
    """The tokens :func:`~mkdocs.structure.toc.get_toc` makes a table of contents from."""
    return [{"level": item.level, "id": item.id, "name": item.title, "children": tokens(item.children)}
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
        if not path.endswith(".md") or not urls.within_site(path):
            return match.group(0)
        uri = urls.joined(folder, path)
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


def draw(text: str, src_uri: str, toc: Optional[TocTreeprocessor], convert: Callable[[str], Made],
         url_of: Callable[[str], Optional[str]], missing: Callable[[str], None]) -> Made:
    """What ``Page.render`` makes, for a page whose text is already HTML: links resolved
    (``url_of`` a src_uri: the URL of that file of the site), headings given the permalinks
    ``toc`` (the toc extension) gives, the table of contents, and the fragments converted by
    ``convert`` as the page's Markdown would be."""
    text = resolve_links(text, src_uri, url_of, missing)
    tokens: list[dict] = []
    anchors: set[str] = set()
    links: Optional[dict] = {} if PAGES_LOG.getEffectiveLevel() > logging.DEBUG else None
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
        made = convert(match["text"])
        anchors.update(_IDS.findall(ours), made.anchors)
        if links is not None:
            for file, found in (made.links or {}).items():
                links.setdefault(file, {}).update(found)
        plain = match["classes"] == PLAIN_FRAGMENT and not match["title"]  # as the Markdown pages had it
        parts += [ours, made.content if plain else
                  f'<div class="{match["classes"]}">\n{match["title"] or ""}{made.content}\n</div>']
        end = match.end()
    ours = _ours(text[end:], heading)
    anchors.update(_IDS.findall(ours))
    parts.append(ours)
    content = "\n".join(part.strip("\n") for part in parts if part.strip())  # (ours hold no blank line)
    return Made(content, nest_toc_tokens(tokens), title, anchors, links)


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


def draw_header(header: str, src_uri: str, made: Made, url_of: Callable[[str], Optional[str]],
                missing: Callable[[str], None]) -> Made:
    """What ``Page.render`` makes, for an entry's page whose header (:func:`split_header`) is
    already HTML: the header's links resolved, above ``made``, the rest converted as Markdown."""
    drawn = _ours(resolve_links(header, src_uri, url_of, missing))
    if drawn:
        made.content = f"{drawn}\n{made.content}"
        made.anchors |= set(_IDS.findall(drawn))
    return made


def missing_page(src_uri: str) -> Callable[[str], None]:
    """What MkDocs says of a link to a page the site has not."""
    def missing(target: str) -> None:
        PAGES_LOG.warning(f"Doc file '{src_uri}' contains a link '{target}', but the target "
                          "is not found among documentation files.")
    return missing


def _ours(text: str, heading: Optional[Callable[[re.Match], str]] = None) -> str:
    """A part of a page drawn as HTML outside its fragments: headings made by ``heading``,
    blank lines gone (the templates print every value on one line: no blank line is the data's)."""
    made = _HEADING.sub(heading, text) if heading is not None else text
    return "\n".join(line for line in made.split("\n") if line.strip())


def _permalink(toc: Optional[TocTreeprocessor], id_: str) -> str:
    """The permalink the toc extension puts in a heading (``toc: permalink:``), or nothing."""
    if toc is None or not getattr(toc, "use_permalinks", False):
        return ""
    text = "&para;" if toc.use_permalinks is True else html.escape(str(toc.use_permalinks))
    title = f' title="{html.escape(toc.permalink_title)}"' if toc.permalink_title else ""
    return f'<a class="{html.escape(toc.permalink_class)}" href="#{id_}"{title}>{text}</a>'
