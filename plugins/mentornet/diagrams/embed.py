"""Diagrams in pages, in two phases, so that a build renders all of its diagrams in one batch.

The Markdown syntax (documented for users)::

    ```mentornet
    map
    ```

places one of mentornet's diagrams: ``map``, ``roles``, ``range`` or ``person: <id>``. A
``dot`` or ``graphviz`` code block is the user's own Graphviz diagram, drawn as it is::

    ```dot engine=neato title="Who introduced me to whom"
    graph { a -- b }
    ```

(``engine=`` picks a Graphviz layout engine, ``title=`` the text alternative.) Links to
``mentornet:person/<id>`` in the user's own DOT become links to that person's page. To
show the syntax itself in a page, wrap it in a longer fence (four backticks).

Phase 1, per page (``on_page_markdown``): :func:`expand` replaces each block with a
placeholder ``<div class="mentornet-diagram" data-diagram="KEY"></div>`` that Python-Markdown
passes through untouched, and returns what to draw as :class:`DiagramRequest` s.
Phase 2, once (``on_env``): render every requested diagram (:mod:`.render`).
Phase 3, per page (``on_post_page``): :func:`insert` replaces the placeholders in the final
HTML with inline, accessible, theme-aware, sanitised SVG whose links are relative to the page.

:class:`DiagramSet` strings the phases together for the plugin.
"""


from __future__ import annotations

import hashlib
import html
import re
import shlex
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Callable, Iterator, Mapping, Optional

from mentornet.audience import OWNER, Audience
from mentornet.core import caching, fences
from mentornet.core.model import Portfolio
from mentornet.diagrams import dot, style
from mentornet.diagrams.render import ENGINES, GraphvizFailed, Job, Rendering, Result, start_many
from mentornet.diagrams.render import render as render_one
from mentornet.diagrams.cleanup import Prepared, diagram_kind, prepare, prepare_fresh, resolve
from mentornet.diagrams.store import Store

LANGUAGES = {"mentornet": "mentornet", "dot": "dot", "graphviz": "dot"}
PLACEHOLDER = '<div class="mentornet-diagram" data-diagram="{key}"{error}></div>'
DEFAULT_USER_TITLE = "A diagram drawn with Graphviz"


@dataclass(frozen=True)
class DiagramRequest:
    """A diagram a page asks for: one of mentornet's (``name``) or the user's own DOT (``source``)."""

    key: str
    #: "map", "roles", "range", "person:<id>", or "dot" for the user's own DOT.
    name: str
    #: 1-based line of the block in the page's Markdown (for warnings).
    line: int = 0
    source: Optional[str] = None
    engine: str = "dot"
    title: str = ""
    #: Why this diagram cannot be drawn (unknown diagram or person, bad options). The plugin
    #: logs it with the page's name; the page shows an error box in its place.
    error: Optional[str] = None


def marker(name: str) -> str:
    """The Markdown that places the diagram ``name``: what a page template's ``diagram(name)`` returns."""
    return f"\n```mentornet\n{style.clean(name)}\n```\n"


def placeholder(key: str, error: Optional[str] = None) -> str:
    extra = f' data-error="{html.escape(error, quote=True)}"' if error else ""
    return PLACEHOLDER.format(key=html.escape(key, quote=True), error=extra)


def _dedent(lines: list[str], indent: str) -> list[str]:
    return [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines]


def expand(markdown: str, portfolio: Optional[Portfolio] = None,
           blocks: Optional[Mapping[str, Callable[[], str]]] = None) -> tuple[str, list[DiagramRequest]]:
    """Replace diagram blocks with placeholders; return the new Markdown and the requests.

    With ``portfolio``, ``person: <id>`` is checked against the people in the network and an
    unknown id becomes a request with an ``error`` (and an error box in the page).

    ``blocks`` are ``mentornet`` blocks that are not diagrams: a ```` ```mentornet ```` block
    whose whole text is one of its names (e.g. ``attention``) is replaced by the Markdown
    its function returns, indented like the block.
    """
    if "```" not in markdown and "~~~" not in markdown:
        return markdown, []  # no fenced block at all: most pages
    lines = markdown.split("\n")
    out: list[str] = []
    requests: list[DiagramRequest] = []
    i = 0
    while i < len(lines):
        match = fences.opening(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence, indent, info = match["fence"], match["indent"], match["info"]
        j = i + 1
        while j < len(lines) and not fences.closes(lines[j], fence):
            j += 1
        words = info.split(None, 1)
        language = words[0].lower().lstrip(".{").rstrip("}") if words else ""
        if language not in LANGUAGES or j >= len(lines):
            out.extend(lines[i:j + 1])  # any other code block (or an unclosed one): untouched
            i = j + 1
            continue
        body = "\n".join(_dedent(lines[i + 1:j], indent))
        if blocks and LANGUAGES[language] == "mentornet" and body.strip() in blocks:
            out += ["", *(indent + line if line else "" for line in blocks[body.strip()]().split("\n")), ""]
            i = j + 1
            continue
        options = words[1] if len(words) > 1 else ""
        request = _request(LANGUAGES[language], body, options, i + 1, portfolio)
        requests.append(request)
        out += ["", indent + placeholder(request.key, request.error), ""]
        i = j + 1
    return "\n".join(out), requests


def _request(language: str, body: str, options: str, line: int,
             portfolio: Optional[Portfolio]) -> DiagramRequest:
    if language == "mentornet":
        text = " ".join(body.split())
        try:
            name = dot.check(portfolio, text) if portfolio is not None else dot.normalise(text)
        except dot.UnknownDiagram as error:
            key = "invalid-" + hashlib.sha256(text.encode()).hexdigest()[:12]
            return DiagramRequest(key, text, line, error=str(error))
        return DiagramRequest(name, name, line)
    engine, title = "dot", DEFAULT_USER_TITLE
    fault: Optional[str] = None
    try:
        for word in shlex.split(options):
            option, _, value = word.partition("=")
            if option == "engine" and value in ENGINES:
                engine = value
            elif option == "engine":
                fault = f"unknown Graphviz engine '{value}': use one of {', '.join(ENGINES)}"
            elif option == "title" and value:
                title = value
    except ValueError as problem:
        fault = f"cannot read the code block's options '{options}': {problem}"
    key = "dot-" + hashlib.sha256(f"{engine}\x00{body}".encode()).hexdigest()[:16]
    return DiagramRequest(key, "dot", line, source=body, engine=engine, title=title, error=fault)


def error_box(message: str) -> str:
    return ('<div class="admonition failure mentornet-diagram-error" role="note">'
            '<p class="admonition-title">This diagram could not be drawn</p>'
            f"<p>{html.escape(message)}</p></div>")


_PLACEHOLDER_KEY = re.compile(r'<div class="mentornet-diagram" data-diagram="([^"]*)"')
#: A placeholder, and the end of the paragraph Markdown may have put it in (the start is
#: found by :func:`_substitute`: a pattern that began with an optional ``<p>`` tried every
#: paragraph of every page).
_PLACEHOLDER = re.compile(
    r'<div class="mentornet-diagram" data-diagram="([^"]*)"(?: data-error="([^"]*)")?>'
    r"</div>(?:\s*</p>)?")


def _substitute(text: str, replace: Callable[[re.Match], str]) -> str:
    """Every placeholder of ``text`` replaced, with the ``<p>`` (and the space after it) that
    opens a paragraph around it."""
    out, last = [], 0
    for match in _PLACEHOLDER.finditer(text):
        before = text[last:match.start()]
        if before.rstrip().endswith("<p>"):
            before = before.rstrip()[:-len("<p>")]
        out += [before, replace(match)]
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def insert(html_text: str, svgs: Mapping[str, str], page_url: str,
           url_of: Callable[[str], Optional[str]], *, titles: Optional[Mapping[str, str]] = None,
           errors: Optional[Mapping[str, str]] = None,
           prepared: Optional[Mapping[str, Prepared]] = None) -> str:
    """Replace every placeholder in a page's final HTML with its inline SVG (or an error box).

    ``svgs``: key → SVG from :mod:`.render`; ``page_url``: the page's URL relative to the site
    (``page.url``); ``url_of``: src_uri (``people/<id>.md``) → the site-relative URL of that
    page, or None if the build has no such page (the node is then drawn without a link).
    """
    titles = titles or {}
    errors = errors or {}
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        key, error = html.unescape(match.group(1)), match.group(2)
        if error:
            return error_box(html.unescape(error))
        if key in errors:
            return error_box(errors[key])
        ready = (prepared or {}).get(key)
        if ready is None:
            svg = svgs.get(key)
            if svg is None:
                return error_box(f"mentornet has no diagram '{key}' in this build.")
            try:
                ready = prepare(svg, titles.get(key) or DEFAULT_USER_TITLE, diagram_kind(key))
            except (ET.ParseError, ValueError) as problem:
                return error_box(f"The diagram '{key}' is not a readable SVG ({problem}).")
        count += 1
        prefix = f"mn{count}-"
        kind = diagram_kind(key)
        classes = f"mentornet-diagram mentornet-diagram--{kind}" + (" mentornet-diagram--wide" if ready.wide else "")
        body = resolve(ready.svg, prefix, page_url, url_of)
        return f'<div class="{classes}" data-diagram="{html.escape(key, quote=True)}">{body}</div>'

    if "mentornet-diagram" not in html_text:
        return html_text
    return _substitute(html_text, replace)


# --------------------------------------------------------------------------- the plugin's view

def _digest(job: Job, title: str) -> str:
    """What a diagram ready for pages is made from: its Graphviz job (source, engine and
    arguments), its title, and the code that draws and prepares it."""
    version = caching.STORES["diagrams"].version()
    return hashlib.sha256("\x00".join((version, job.digest, title)).encode("utf-8")).hexdigest()


@dataclass
class DiagramSet:
    """The diagrams of one build: collect (per page) → render (once) → insert (per page).

    ``on_config``:        ``self.diagrams = DiagramSet(portfolio, cache_dir=".cache/plugin/mentornet")``
    ``on_page_markdown``: ``markdown, problems = self.diagrams.expand(markdown)`` and log
                          ``problems`` with the page's name
    ``on_env``:           ``self.diagrams.start()`` (may raise GraphvizMissing): Graphviz draws
                          in the background while MkDocs renders the pages
    ``on_post_page``:     ``return self.diagrams.insert(output, page.url, url_of)``
    ``on_post_build``:    ``result = self.diagrams.finish()``; log ``result.summary()`` and
                          ``result.errors`` (``cancel()`` when the build fails instead)
    """

    portfolio: Portfolio
    cache_dir: Optional[PathLike | str] = None
    #: Whose site it is: the owner's diagrams say "you", everyone else's the owner's first name.
    audience: Audience = OWNER
    workers: int = 2
    requests: dict[str, DiagramRequest] = field(default_factory=dict)
    #: Graphviz's SVG of the diagrams it drew for this build that could not be prepared (the
    #: others go to the store as soon as they are read: :meth:`_keep`).
    svgs: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: The history's pairs of portfolios for ``difference`` diagrams (see :func:`.dot.build`).
    comparisons: Optional[Callable[[str], tuple]] = None
    _rendering: Optional[Rendering] = field(default=None, init=False, repr=False)
    #: Each diagram's :func:`_digest`, and the name mentornet's are kept under.
    _digests: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    #: The diagrams ready to insert, by key: the digest of each in :attr:`store`.
    _ready: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    store: Optional[Store] = field(default=None, init=False, repr=False)
    #: Shared by the person diagrams (made for the first one drawn).
    _network: Optional[dot.Network] = field(default=None, init=False, repr=False)

    @property
    def prepared(self) -> Mapping[str, Prepared]:
        """The diagrams ready to insert, by key, each read from the store when asked for."""
        return _Ready(self)

    def expand(self, markdown: str, blocks: Optional[Mapping[str, Callable[[], str]]] = None
               ) -> tuple[str, list[DiagramRequest]]:
        """Phase 1 for one page: its new Markdown, and the requests that have an error."""
        markdown, requests = expand(markdown, self.portfolio, blocks)
        for request in requests:
            if request.error is None:
                self.requests.setdefault(request.key, request)
        return markdown, [r for r in requests if r.error]

    def render(self) -> Result:
        """Phase 2 at once: render what the pages asked for (GraphvizMissing without Graphviz)."""
        self.start()
        return self.finish()

    def start(self) -> None:
        """Phase 2 begins (``on_env``): what is kept is ready at once, the rest is handed to
        Graphviz in the background (raises GraphvizMissing without Graphviz)."""
        self.store = Store(Path(self.cache_dir, f"prepared-{self.audience.name}.pickle") if self.cache_dir else None)
        self._reused = 0
        self._engines: set[str] = set()  # the Graphviz programs this build runs
        self._rendering = start_many(self._to_draw(self.store), self.workers, keep=self._keep)
        self._network = None  # (a person's node, written once for all: hundreds of bytes a person)

    def _to_draw(self, store: Store) -> Iterator[Job]:
        """What Graphviz is to draw, one job at a time (each DOT is made when it is asked for,
        and kept compressed from then on: see :func:`.render.start_many`)."""
        version = store.version(self.portfolio.network_fingerprint)
        for key, request in sorted(self.requests.items()):
            if key in self.svgs or key in self._ready or key in self.errors:
                continue
            kept_as = self._kept_as(request.name) if request.source is None else None
            title, digest = version.get(kept_as, ("", "")) if kept_as else ("", "")
            if kept_as and digest in store:  # the same data as a build before: no DOT
                self.titles[key], self._digests[key], self._ready[key] = title, digest, digest
                self._names[key] = kept_as
                self._reused += 1
                continue
            job = self._job(key, request)
            if job is None:
                continue
            if kept_as:
                self._names[key] = kept_as
            digest = self._digests[key]
            if digest in store:  # the same DOT as a build before: not drawn again
                self._ready[key] = digest
                self._reused += 1
                continue
            self._engines.add(job.engine)
            yield job

    def _job(self, key: str, request: DiagramRequest) -> Optional[Job]:
        """What Graphviz draws for ``request`` (its title and digest noted), or None when it
        cannot be drawn (noted in :attr:`errors`)."""
        if request.source is not None:
            job, title = Job(key, request.source, request.engine, (), batchable=False), request.title
        else:
            if self._network is None and request.name.startswith("person:"):
                self._network = dot.Network.of(self.portfolio)
            voice = self.audience.voice(self.portfolio.profile.name)
            try:
                diagram = dot.build(self.portfolio, request.name, self.comparisons, voice, self._network)
            except dot.UnknownDiagram as error:
                self.errors[key] = str(error)
                return None
            job, title = Job(key, diagram.source, diagram.engine, diagram.args), diagram.title
        self.titles[key] = title
        self._digests[key] = _digest(job, title or DEFAULT_USER_TITLE)
        return job

    def _keep(self, key: str, svg: str) -> None:
        """What Graphviz drew for ``key``, prepared for pages and kept in the store (an
        unreadable SVG stays in :attr:`svgs`, and :func:`insert` shows why in an error box)."""
        digest = self._digests[key]
        if self.store is not None and digest not in self.store:
            try:
                ready = prepare_fresh(svg, self.titles.get(key) or DEFAULT_USER_TITLE, diagram_kind(key))
            except (ET.ParseError, ValueError):
                self.svgs[key] = svg
                return
            self.store.add(digest, ready)
        self._ready[key] = digest

    def _take(self, result: Result) -> None:
        self.errors.update(result.errors)

    def finish(self) -> Result:
        """Phase 2 ends (once every page is written): wait for Graphviz, keep what it drew."""
        if self._rendering is None:
            self.start()
        assert self._rendering is not None and self.store is not None
        result = self._rendering.result()
        result.cached += self._reused
        self._take(result)
        names = {name: (self.titles.get(key, ""), self._ready[key])
                 for key, name in self._names.items() if key in self._ready}
        self.store.save(self.portfolio.network_fingerprint, names, set(self._ready.values()), self._engines)
        return result

    def cancel(self) -> None:
        """A build that failed: stop Graphviz, keep nothing it drew."""
        if self._rendering is not None:
            self._rendering.cancel()
        if self.store is not None:
            self.store.close()

    def _kept_as(self, name: str) -> Optional[str]:
        """The name a diagram is kept under: a ``difference`` also names the portfolios it
        compares (the same revision names may point elsewhere after a commit)."""
        kind, _, argument = name.partition(":")
        if kind != "difference":
            return name
        if self.comparisons is None:
            return None
        try:
            before, after, labels = self.comparisons(argument)
        except LookupError:
            return None
        return "\x00".join((name, before.network_fingerprint, after.network_fingerprint, *labels))

    def _read(self, key: str) -> Optional[Prepared]:
        """The diagram of ``key`` from the store; one whose record is damaged is drawn again."""
        digest = self._ready.get(key)
        if digest is None or self.store is None:
            return None
        ready = self.store.get(digest)
        if ready is not None:
            return ready
        request = self.requests.get(key)
        job = self._job(key, request) if request is not None else None
        if job is None:
            return None
        try:
            svg = render_one(job.source, job.engine, job.args)
            ready = prepare_fresh(svg, self.titles.get(key) or DEFAULT_USER_TITLE, diagram_kind(key))
        except GraphvizFailed as error:
            self.errors[key] = str(error)
            return None
        except (ET.ParseError, ValueError):
            return None
        self.store.add(self._digests[key], ready)
        return ready

    def insert(self, html_text: str, page_url: str, url_of: Callable[[str], Optional[str]]) -> str:
        """Phase 3 for one page's final HTML (waiting, if need be, for its own diagrams)."""
        waiting = [html.unescape(key) for key in _PLACEHOLDER_KEY.findall(html_text)]
        missing = [key for key in waiting if key not in self._ready and key not in self.errors]
        if self._rendering is not None:  # (and the next batch starts if one has finished)
            result = self._rendering.wait([key for key in missing if key not in self.svgs])
            if missing:
                self._take(result)
        return insert(html_text, self.svgs, page_url, url_of, titles=self.titles, errors=self.errors,
                      prepared=self.prepared)


class _Ready(Mapping[str, Prepared]):
    """A build's diagrams ready to insert, by key: each read when asked for (:meth:`DiagramSet._read`)."""

    def __init__(self, diagrams: DiagramSet) -> None:
        self._diagrams = diagrams

    def __getitem__(self, key: str) -> Prepared:
        ready = self._diagrams._read(key)
        if ready is None:
            raise KeyError(key)
        return ready

    def __iter__(self) -> Iterator[str]:
        return iter(self._diagrams._ready)

    def __len__(self) -> int:
        return len(self._diagrams._ready)
