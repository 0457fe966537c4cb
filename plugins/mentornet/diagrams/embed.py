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
from typing import Callable, Iterable, Mapping, Optional

from mentornet.audience import OWNER, Audience
from mentornet.core import caching, fences
from mentornet.core.model import Portfolio
from mentornet.diagrams import dot, style
from mentornet.diagrams.render import ENGINES, Job, Rendering, Result, graphviz_version, start_many
from mentornet.diagrams.cleanup import Prepared, diagram_kind, prepare, resolve

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
    engine, title, error = "dot", DEFAULT_USER_TITLE, None
    try:
        for word in shlex.split(options):
            option, _, value = word.partition("=")
            if option == "engine" and value in ENGINES:
                engine = value
            elif option == "engine":
                error = f"unknown Graphviz engine '{value}': use one of {', '.join(ENGINES)}"
            elif option == "title" and value:
                title = value
    except ValueError as problem:
        error = f"cannot read the code block's options '{options}': {problem}"
    key = "dot-" + hashlib.sha256(f"{engine}\x00{body}".encode()).hexdigest()[:16]
    return DiagramRequest(key, "dot", line, source=body, engine=engine, title=title, error=error)


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


class _Drawn:
    """An audience's diagrams as its last builds drew them, in one file
    (``prepared-<audience>.pickle``), read once and written once per build:

    * ``prepared``: every diagram ready for pages, by :func:`_digest` (what it is drawn
      from), so a diagram whose DOT did not change is neither drawn nor prepared again;
    * ``versions``: for each of the last :data:`KEPT` versions of the data the diagrams are
      drawn from (the network's fingerprint: audiences' data, recent edits), each of
      mentornet's diagrams by name → its title and digest, so a build whose people did not
      change builds no DOT and places no map;
    * ``graphviz``: the version of each Graphviz program that drew them (``dot -V``): when
      one says another now (Graphviz was upgraded), everything is drawn again.

    What no kept version names and this build did not use is forgotten. A damaged or
    foreign file reads as empty: everything is drawn again."""

    KEPT = 8
    FORMAT = "mentornet-drawn-1"

    def __init__(self, path: Optional[Path]) -> None:
        self.path = path
        found = caching.read_pickle(path) if path is not None else None
        if not (isinstance(found, dict) and found.get("format") == self.FORMAT):
            found = {}
        self.graphviz: dict[str, str] = found.get("graphviz", {})
        if any(graphviz_version(engine) not in (None, drawn_by) for engine, drawn_by in self.graphviz.items()):
            found, self.graphviz = {}, {}
        self.versions: dict[str, dict[str, tuple[str, str]]] = found.get("versions", {})
        self.prepared: dict[str, Prepared] = found.get("prepared", {})

    def version(self, fingerprint: str) -> dict[str, tuple[str, str]]:
        return self.versions.get(fingerprint, {})

    def save(self, fingerprint: str, names: dict[str, tuple[str, str]], prepared: dict[str, Prepared],
             engines: Iterable[str] = ()) -> None:
        """Keep this build's diagrams (``names`` of mentornet's, ``prepared`` of all, drawn by
        the Graphviz ``engines``) as the newest version; write the file when that changed anything."""
        graphviz = dict(self.graphviz)
        for engine in sorted(set(engines)):
            found = graphviz_version(engine)
            if found is not None:
                graphviz[engine] = found
        versions = dict(self.versions)
        version = {**versions.pop(fingerprint, {}), **names}
        versions[fingerprint] = version
        versions = dict(list(versions.items())[-self.KEPT:])
        named = {digest for kept in versions.values() for _, digest in kept.values()}
        keep = {digest: ready for digest, ready in self.prepared.items() if digest in named}
        keep.update(prepared)
        if versions == self.versions and list(versions) == list(self.versions) \
                and keep.keys() == self.prepared.keys() and graphviz == self.graphviz:
            return  # nothing new: nothing to write
        self.versions, self.prepared, self.graphviz = versions, keep, graphviz
        if self.path is None:
            return
        try:
            caching.write_pickle(self.path, {"format": self.FORMAT, "versions": versions, "prepared": keep,
                                             "graphviz": graphviz})
        except OSError:
            pass  # the next build draws them again


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
    #: Graphviz's SVG of the diagrams it drew for this build.
    svgs: dict[str, str] = field(default_factory=dict)
    #: Diagrams ready to insert: kept from an earlier build (see :class:`_Drawn`) or prepared
    #: from :attr:`svgs` when a page first needs them.
    prepared: dict[str, Prepared] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: The history's pairs of portfolios for ``difference`` diagrams (see :func:`.dot.build`).
    comparisons: Optional[Callable[[str], tuple]] = None
    _rendering: Optional[Rendering] = field(default=None, init=False, repr=False)
    #: Each diagram's :func:`_digest`, and the name mentornet's are kept under.
    _digests: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False)

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
        drawn = _Drawn(Path(self.cache_dir, f"prepared-{self.audience.name}.pickle") if self.cache_dir else None)
        version = drawn.version(self.portfolio.network_fingerprint)
        voice = self.audience.voice(self.portfolio.profile.name)
        jobs, reused = [], 0
        network: Optional[dot.Network] = None  # made for the first person diagram drawn
        for key, request in sorted(self.requests.items()):
            if key in self.svgs or key in self.prepared or key in self.errors:
                continue
            if request.source is not None:
                job, title = Job(key, request.source, request.engine, (), batchable=False), request.title
            else:
                kept_as = self._kept_as(request.name)
                title, digest = version.get(kept_as, ("", "")) if kept_as else ("", "")
                if digest in drawn.prepared:  # the same data as a build before: no DOT
                    self.titles[key], self._digests[key] = title, digest
                    self.prepared[key] = drawn.prepared[digest]
                    self._names[key] = kept_as
                    reused += 1
                    continue
                if network is None and request.name.startswith("person:"):
                    network = dot.Network.of(self.portfolio)
                try:
                    diagram = dot.build(self.portfolio, request.name, self.comparisons, voice, network)
                except dot.UnknownDiagram as error:
                    self.errors[key] = str(error)
                    continue
                job, title = Job(key, diagram.source, diagram.engine, diagram.args), diagram.title
                if kept_as:
                    self._names[key] = kept_as
            self.titles[key] = title
            digest = self._digests[key] = _digest(job, title or DEFAULT_USER_TITLE)
            if digest in drawn.prepared:  # the same DOT as a build before: not drawn again
                self.prepared[key] = drawn.prepared[digest]
                reused += 1
                continue
            jobs.append(job)
        self._rendering = start_many(jobs, self.workers)
        self._reused, self._drawn, self._engines = reused, drawn, {job.engine for job in jobs}

    def _take(self, result: Result) -> None:
        self.svgs.update(result.svgs)
        self.errors.update(result.errors)

    def _prepare(self, key: str) -> None:
        """What Graphviz drew for ``key``, ready for pages (an unreadable SVG stays in
        :attr:`svgs`, and :func:`insert` shows why in an error box)."""
        try:
            self.prepared[key] = prepare(self.svgs[key], self.titles.get(key) or DEFAULT_USER_TITLE,
                                         diagram_kind(key))
        except (ET.ParseError, ValueError):
            pass

    def finish(self) -> Result:
        """Phase 2 ends (once every page is written): wait for Graphviz, keep what it drew."""
        if self._rendering is None:
            self.start()
        result = self._rendering.result()
        result.cached += self._reused
        self._take(result)
        for key in self.svgs:
            if key not in self.prepared:
                self._prepare(key)
        ready = {key: self._digests[key] for key in self.prepared if key in self._digests}
        names = {name: (self.titles.get(key, ""), ready[key]) for key, name in self._names.items() if key in ready}
        self._drawn.save(self.portfolio.network_fingerprint, names,
                         {digest: self.prepared[key] for key, digest in ready.items()}, self._engines)
        return result

    def cancel(self) -> None:
        """A build that failed: stop Graphviz."""
        if self._rendering is not None:
            self._rendering.cancel()

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

    def insert(self, html_text: str, page_url: str, url_of: Callable[[str], Optional[str]]) -> str:
        """Phase 3 for one page's final HTML (waiting, if need be, for its own diagrams)."""
        waiting = [html.unescape(key) for key in _PLACEHOLDER_KEY.findall(html_text)]
        missing = [key for key in waiting if key not in self.prepared and key not in self.errors]
        if self._rendering is not None:  # (and the next batch starts if one has finished)
            result = self._rendering.wait([key for key in missing if key not in self.svgs])
            if missing:
                self._take(result)
        for key in missing:
            if key in self.svgs:
                self._prepare(key)
        return insert(html_text, self.svgs, page_url, url_of, titles=self.titles, errors=self.errors,
                      prepared=self.prepared)
