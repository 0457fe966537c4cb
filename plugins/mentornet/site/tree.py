"""The audience's complete Markdown tree: every page and file a site for that audience holds.

Built from the pipeline's stages, never from the disk's docs folder: hand-written pages and
journal entries the audience may see (private passages already handled), the generated pages,
the history's charts, and the attachments something visible links. The MkDocs plugin hands
these files to MkDocs; ``mentornet build --engine …`` writes them to a staging folder for
an engine that runs no plugin. What is not in the tree reaches no site.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional

import yaml

from mentornet.audience import markers
from mentornet.audience import pages as page_rules
from mentornet.core import caching, urls
from mentornet.core.layout import Layout, content_files
from mentornet.core.model import JournalEntry
from mentornet.core.yamldata import Yaml
from mentornet.journal import calendar as calendar_rules
from mentornet.site import html as html_stage

if TYPE_CHECKING:
    from mentornet.site.assembly import SiteStages

#: Markdown files mentornet reads as pages; any other spelling is refused rather than copied.
MARKDOWN_SUFFIX = ".md"

#: The calendar feed (each person's next contact, actions due): for the owner and a mentor.
CALENDAR = calendar_rules.FILE

#: A use of a reference: ``[text][label]``, ``[label][]`` or ``[label]`` (not a definition, not inline).
_REFERENCE_USE = re.compile(r"\[([^\]]+)\](?:\[([^\]]*)\])?(?![(:\[])")


#: What the build and ``mentornet check`` say while the content folder is the engine's docs folder.
OLD_LAYOUT = ("{docs}/ is both the engine's docs_dir and mentornet's content folder, so an engine that "
              "ignores mentornet (Zensical, MkDocs 2) would publish the journal and private pages as they "
              "are; run `mentornet upgrade` to keep them where no engine reads them")


class TreeProblem(ValueError):
    """A source the tree cannot take as it is (its message names FILE:LINE)."""


@dataclass(frozen=True)
class TreeFile:
    """One file of the site: text or bytes made by mentornet, or a source file copied as it is."""

    src_uri: str
    content: Optional[str | bytes] = None
    source: Optional[Path] = None
    #: How much of the page its template drew as HTML: "" none, ``html.DRAWN_PAGE`` all of it,
    #: ``html.DRAWN_HEADER`` a journal entry's header above its Markdown.
    drawn: str = ""


@dataclass
class Tree:
    files: dict[str, TreeFile] = field(default_factory=dict)
    #: Messages for the build log: they name only what the audience may see.
    warnings: list[str] = field(default_factory=list)

    def add(self, file: TreeFile) -> None:
        self.files[file.src_uri] = file


def content_sources(layout: Layout) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """The hand-written Markdown pages and the other files under the content folder, as
    ``(src_uri, path)``.

    Raises :class:`TreeProblem` for Markdown under a name MkDocs would not read as a page
    (an engine would copy it as it is) and for links leading out of the repository.
    """
    found = content_files(layout)
    if found.refused:
        raise TreeProblem("refused to build the site:\n" + "\n".join(f"{layout.shown(path)}:1:1: {why}"
                                                                       for path, why in found.refused))
    return found.pages, found.others


#: The blocks a page may ask for with ```` ```mentornet attention ``` ````, and their templates.
BLOCK_TEMPLATES = {"attention": "_attention.md", "summary": "_summary.md"}


def blocks(stages: SiteStages, src_uri: str) -> dict[str, Callable[[], str]]:
    """The ``attention`` and ``summary`` blocks of a page, rendered when it asks for them: a
    to-do list for the owner (and their mentor), so a public site drops them. Raises
    :class:`~mentornet.site.pages.TemplateProblem` when a template fails."""
    from mentornet.site import pages as pages_stage

    def block(template: str) -> str:
        if not stages.audience.plan:
            return ""
        return stages.site.render(stages.templates, pages_stage.PageSpec(src_uri, template, "Attention"))

    return {name: partial(block, template) for name, template in BLOCK_TEMPLATES.items()}


def check_docs_folder(layout: Layout) -> None:
    """The engine's docs folder is published as it is by any engine, to everyone: every text
    file there is checked (:func:`~mentornet.audience.pages.published_as_is`). Raises
    :class:`TreeProblem` naming each problem at FILE:LINE."""
    found = [f"{shown}:{line}: {message}" for shown, line, message in page_rules.docs_folder_problems(layout)]
    if found:
        raise TreeProblem("refused to build the site:\n" + "\n".join(found))


def linked_files(src_uri: str, markdown: str) -> Iterable[str]:
    """The site paths a page's Markdown links to, relative links resolved against the page.

    Read from the page as its audience gets it (private passages and comments gone), so a file
    linked only from a removed passage is not linked; a reference definition counts only where
    the remaining text uses its label."""
    folder = posixpath.dirname(src_uri)
    targets = [urls.destination(match["target"]) for match in urls.INLINE_LINK.finditer(markdown)]
    targets += [urls.attribute_value(match.group(2)) for match in urls.HTML_LINK.finditer(markdown)]
    definitions = list(urls.REFERENCE_DEFINITION.finditer(markdown))
    if definitions:  # a reference definition (``[offer]: files/offer.pdf``): a link only where the page uses it
        text = urls.REFERENCE_DEFINITION.sub("", markdown)
        used = {_label(use.group(2) or use.group(1)) for use in _REFERENCE_USE.finditer(text)}
        targets += [urls.destination(match["target"]) for match in definitions if _label(match["label"]) in used]
    for target in targets:
        target = target.split("#", 1)[0].split("?", 1)[0]
        if not target or not urls.within_site(target):
            continue
        yield urls.joined(folder, target)


def _linked(src_uri: str, markdown: str) -> tuple[str, ...]:
    """:func:`linked_files` as the links cache keeps them."""
    return tuple(linked_files(src_uri, markdown))


def _label(text: str) -> str:
    """A reference's label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


def front_matter(entry: JournalEntry) -> dict[str, Yaml]:
    """The front matter an entry's page keeps: only what MkDocs and the theme read from it.

    MkDocs and Material put a page's title and description into the HTML as they are: an
    entry's come from its front matter, data shown as text, so they are escaped here."""
    meta: dict[str, Yaml] = {"title": html.escape(entry.title)}
    if entry.meta.description:
        meta["description"] = html.escape(entry.meta.description)
    if entry.meta.tags:
        meta["tags"] = [html.escape(tag) for tag in entry.meta.tags]
    for name in ("template", "hide", "search"):
        value = getattr(entry.meta, name)
        if value:
            meta[name] = list(value) if isinstance(value, tuple) else value
    return meta


#: libyaml's emitter where PyYAML has it (faster; the same text), else PyYAML's own.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def entry_front_matter(entry: JournalEntry, kept: Optional[caching.Kept] = None) -> str:
    """:func:`front_matter` as the YAML block that opens the entry's page (kept by its content)."""
    meta = front_matter(entry)
    kept = kept if kept is not None else caching.Kept()
    return kept.get(caching.digest(["front matter", meta]),
                    lambda: "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False) + "---\n\n")


def build_tree(stages: SiteStages, keep: Iterable[str] = (), skip: Iterable[str] = (), protected: bool = False) -> Tree:
    """The tree of ``stages``' audience.

    Args:
        stages: the site's stages, :class:`~mentornet.site.assembly.SiteStages`.
        keep: files under the content folder to publish although no page links them (the
            stylesheets and scripts mkdocs.yml names).
        skip: generated pages not to make, for the engine's docs folder has a page of that name.
        protected: the pages will be encrypted (mkdocs-encryptcontent-plugin): the history's
            charts are drawn inside the history page, not left beside it as files anyone can open.
    """
    layout = stages.layout
    audience = stages.audience
    owner = audience.owner
    tree = Tree()
    pages, others = content_sources(layout)
    journal = {entry.src_uri for entry in stages.loaded.journal}
    written = [(uri, path) for uri, path in pages if uri not in journal]
    hidden, warnings = page_rules.hidden_pages(written, audience, stages.policy.pages)
    tree.warnings += warnings
    raw_entries = {entry.src_uri: entry for entry in stages.loaded.journal} if owner else {}

    for uri, path in written:
        if uri in hidden:
            continue
        text = path.read_text(encoding="utf-8-sig")
        tree.add(TreeFile(uri, _passages(text, owner, layout.shown(path), lambda: 0, tree)))

    kept = stages.kept
    made = stages.pages(skip=frozenset(uri for uri, _ in written) | frozenset(skip))
    for entry in stages.portfolio.journal:
        body = raw_entries[entry.src_uri].body if owner else entry.body
        shown = layout.shown(layout.content_dir / entry.src_uri)
        header = made.headers[entry.src_uri]
        body = _passages(body, owner, shown, partial(_front_matter_lines, layout.content_dir / entry.src_uri, body),
                         tree)
        tree.add(TreeFile(entry.src_uri, entry_front_matter(entry, kept) + header + "\n" + body,
                          drawn=html_stage.DRAWN_HEADER if made.drawn_headers else ""))
    charts = stages.history.charts if stages.history is not None and protected else {}
    for uri, content in made.generated.items():
        if uri not in charts:
            tree.add(TreeFile(uri, _inline_charts(content, uri, charts) if charts else content,
                              drawn=html_stage.DRAWN_PAGE if uri in made.drawn else ""))

    if stages.site.calendar and CALENDAR not in skip:
        from mentornet.journal import calendar  # a protected site would serve it unencrypted

        feed = calendar.feed(stages.portfolio, stages.today)
        tree.add(TreeFile(CALENDAR, kept.get(caching.digest(["calendar", feed]), partial(calendar.ics_of, feed))))

    wanted = set(keep)
    for file in list(tree.files.values()) if others else ():  # no other file: none to look for
        if isinstance(file.content, str) and file.src_uri.endswith(MARKDOWN_SUFFIX):
            wanted.update(kept.get(caching.digest(["links", file.src_uri, file.content]),
                                   partial(_linked, file.src_uri, file.content)))
    for uri, path in others:
        if uri in wanted and uri not in tree.files:
            tree.add(TreeFile(uri, source=path))
    return tree


def _inline_charts(markdown: str, src_uri: str, charts: dict) -> str:
    """Chart images of a page replaced by the charts themselves (a protected site encrypts only
    its pages' content)."""
    if not isinstance(markdown, str) or not src_uri.endswith(MARKDOWN_SUFFIX):
        return markdown
    folder = posixpath.dirname(src_uri)
    for path, chart in charts.items():
        target = re.escape(urls.relative(path, folder))
        svg = chart.svg[chart.svg.find("<svg"):] if "<svg" in chart.svg else ""
        svg = "\n".join(line for line in svg.splitlines() if line.strip())
        markdown = re.sub(rf"^!\[[^\]]*\]\({target}\)(\{{[^}}]*\}})?[ \t]*$",
                          _figure(svg), markdown, flags=re.MULTILINE)
    return markdown


def _figure(svg: str) -> Callable[[re.Match[str]], str]:
    """What replaces a chart's image: the chart itself (a function: the SVG is not a pattern)."""
    figure = f'<figure class="mn-history-chart" role="img">\n{svg}\n</figure>'
    return lambda _: figure


def _passages(text: str, owner: bool, shown: str, offset: Callable[[], int], tree: Tree) -> str:
    """Private passages: boxed for the owner, gone with their content for everyone else; and
    links only where the one link rule lets them go (:func:`~mentornet.core.urls.safe_markdown`)."""
    text, problems = markers.strip(text, keep=owner)
    for problem in problems:
        tree.warnings.append(f"{shown}:{problem.line + offset()}: {problem.message}")
    return urls.safe_markdown(text)


def _front_matter_lines(path: Path, body: str) -> int:
    """How many lines of the file come before its body (for line numbers in messages)."""
    try:
        return page_rules.front_matter_lines(path.read_text(encoding="utf-8-sig"), body)
    except (OSError, ValueError):
        return 0
