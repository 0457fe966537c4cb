"""The audience's site as plain Markdown in a staging folder, for an engine that runs no plugin.

The folder holds only what the pipeline's tree holds for the audience (nothing is read from
the content folder but through it), the engine's public docs folder, mentornet's assets and
the diagrams drawn inline as SVG, with a configuration that inherits the portfolio's
mkdocs.yml. Files are written only when they changed, so a serving engine reloads only what
an edit touched; files the tree no longer holds are removed. Each staging ends as a build
does: the caches are pruned (:func:`mentornet.core.caching.prune_all`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.structure.files import File

from mentornet.core import caching
from mentornet.core.caching import write_atomically
from mentornet.core.config_file import read_config_file
from mentornet.core.yamldata import YamlMap
from mentornet.site import bundle, pages as pages_stage
from mentornet.site.html import DRAWN_HEADER, DRAWN_PAGE, resolve_header_links, resolve_links
from mentornet.site.tree import TreeFile, blocks, check_docs_folder

if TYPE_CHECKING:
    from mentornet.site.assembly import SiteStages

OVERRIDES = Path(__file__).resolve().parent.parent / "site" / "overrides"


@dataclass(frozen=True)
class Staged:
    folder: Path
    config_file: Path
    warnings: tuple[str, ...]
    diagrams: str

    @property
    def site_dir(self) -> Path:
        """Where the engine writes the site (inside the staging folder, as Zensical requires)."""
        return self.folder / "site"


#: The staged tree's folder inside the staging folder (its configuration's ``docs_dir``).
STAGED_DOCS = "docs"

def url_of(src_uri: str, use_directory_urls: bool = True) -> str:
    """A page's URL as MkDocs (and Zensical, which follows it) gives it."""
    return File(src_uri, "", "", use_directory_urls).url


def stage(stages: SiteStages, folder: Path, config_file: Path) -> Staged:
    """Write the audience's site for ``stages`` into ``folder``.

    Args:
        stages: the site's stages, :class:`~mentornet.site.assembly.SiteStages`.
        folder: the staging folder (under the cache: never the site, never the content).
        config_file: the portfolio's mkdocs.yml, which the staged configuration inherits.
    """
    layout = stages.layout
    check_docs_folder(layout)
    tree = stages.tree()
    docs = folder / STAGED_DOCS
    wanted: dict[str, TreeFile] = {}
    if not layout.engine_reads_content and layout.docs_dir.is_dir():  # public by construction
        for path in sorted(layout.docs_dir.rglob("*")):
            uri = path.relative_to(layout.docs_dir).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in uri.split("/")):
                wanted[uri] = TreeFile(uri, source=path)
    wanted.update(tree.files)
    wanted.update({uri: TreeFile(uri, text) for uri, text in bundle.files().items()})

    diagrams = stages.diagrams
    expanded: dict[str, str] = {}
    for uri, file in wanted.items():
        if uri.endswith(".md") and isinstance(file.content, str):
            text, problems = diagrams.expand(file.content, blocks=blocks(stages, uri))
            tree.warnings.extend(f"{uri}:{p.line}: {p.error}" for p in problems)
            expanded[uri] = text
    result = diagrams.render()
    pages = {uri: url_of(uri) for uri in wanted if uri.endswith(".md")}
    for uri, text in expanded.items():
        if wanted[uri].drawn == DRAWN_PAGE:  # links in the page's own HTML: the engine leaves them as they are
            text = resolve_links(text, uri, pages.get)
        elif wanted[uri].drawn == DRAWN_HEADER:
            text = resolve_header_links(text, uri, pages.get)
        if "mentornet-diagram" in text:
            text = _no_blank_lines_in_html(diagrams.insert(text, pages[uri], pages.get))
        wanted[uri] = TreeFile(uri, text)

    written = set()
    for uri, file in wanted.items():
        target = docs / uri
        written.add(target)
        data = file.source.read_bytes() if file.source is not None else (
            file.content.encode("utf-8") if isinstance(file.content, str) else file.content or b"")
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, data)
    _remove_others(docs, written)
    staged_config = folder / "mkdocs.yml"
    write_atomically(staged_config, yaml.safe_dump(
        _config(stages, config_file, folder, pages), allow_unicode=True, sort_keys=False))
    caching.prune_all(stages.project.cache_dir, len(stages.portfolio.people))
    return Staged(folder, staged_config, tuple(tree.warnings), result.summary())


def _no_blank_lines_in_html(text: str) -> str:
    """Inline SVG stays one raw HTML block for Markdown: a blank line inside it would end it."""
    out, inside = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("<figure") or line.lstrip().startswith("<div class=\"mentornet-diagram"):
            inside = True
        if inside and not line.strip():
            continue
        if inside and ("</figure>" in line or line.rstrip().endswith("</div>")):
            inside = False
        out.append(line)
    return "\n".join(out)


def _remove_others(docs: Path, written: set[Path]) -> None:
    for directory, _, names in os.walk(docs, topdown=False):
        for name in names:
            path = Path(directory, name)
            if path not in written:
                path.unlink()
        if directory != str(docs) and not os.listdir(directory):
            os.rmdir(directory)


def _config(stages: SiteStages, config_file: Path, folder: Path, pages: dict[str, str]) -> YamlMap:
    """The staged configuration: the portfolio's, with mentornet's part done already."""
    user = read_config_file(config_file)
    nav: list[dict[str, str]] = []
    if "index.md" in pages:
        nav.append({"Home": "index.md"})
    for src, _, title in pages_stage.SECTION_PAGES:
        if src in pages:
            nav.append({title: src})
    config: YamlMap = {
        "INHERIT": os.path.relpath(config_file, folder),
        "docs_dir": STAGED_DOCS,
        "site_dir": "site",
        "plugins": ["search"],
        "nav": nav,
        "extra_css": [*_listed(user, "extra_css"), bundle.STYLESHEET],
        "extra_javascript": [*_listed(user, "extra_javascript"), bundle.SCRIPT],
        "extra": {"mentornet_audience": stages.audience.as_data()},
    }
    if stages.audience.shared:
        config["theme"] = {"custom_dir": str(OVERRIDES)}
    return config


def _listed(config: dict, name: str) -> list[str]:
    return [item for item in config.get(name) or () if isinstance(item, str)]


def default_folder(stages: SiteStages) -> Path:
    """Where the audience's tree is staged: under the portfolio's cache folder, by audience
    (with ``cache: false`` too: a staging folder is the engine's input, not a cache)."""
    return stages.layout.root / stages.options.cache_dir / "stage" / stages.audience.name
