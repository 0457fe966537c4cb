"""The site's files for one audience: the engine's own docs folder (public by construction) and
mentornet's tree (:mod:`mentornet.site.tree`), nothing else; every page a
:class:`~mentornet.site.conversion.ConvertedPage`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from mentornet.core.layout import Layout
from mentornet.site import bundle, html
from mentornet.site.conversion import ConvertedPage
from mentornet.site.dirty import Dirty
from mentornet.site.tree import Tree

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


def written(files: Files, config: MkDocsConfig,
            from_content: Callable[[File], bool]) -> tuple[frozenset[str], frozenset[str]]:
    """The pages the user wrote in the docs folder (mentornet makes none of them), and the
    stylesheets and scripts the configuration names (the tree keeps them)."""
    pages = frozenset(file.src_uri for file in files if file.generated_by is None and not from_content(file))
    keep = frozenset(Path(uri).as_posix() for uri in (*config.extra_css, *config.extra_javascript))
    return pages, keep


def audience_files(files: Files, config: MkDocsConfig, tree: Tree, layout: Layout, converter: html.Converter,
                   from_content: Callable[[File], bool], protected: bool,
                   dirty: Optional[tuple[Dirty, Path]] = None) -> Files:
    """``files`` made the audience's; ``dirty``: with ``--dirty``, generated pages are files in
    that folder (:mod:`mentornet.site.dirty`)."""
    for file in [f for f in files if from_content(f)]:
        files.remove(file)  # the layout before 0.2: the content folder is the docs folder
    sitemap = files.get_file_from_path("sitemap.xml") if protected else None
    if sitemap is not None:
        files.remove(sitemap)  # the theme's template, not rendered
    for uri, made in tree.files.items():
        present = files.get_file_from_path(uri)
        if present is not None:
            log.warning(f"{layout.shown(layout.docs_dir / uri)}: mentornet makes this page from "
                        f"{layout.shown(layout.content_dir)}; the copy in the docs folder is left out")
            files.remove(present)
        if made.source is not None:
            file = File.generated(config, uri, abs_src_path=str(made.source))
        elif made.content is None:
            raise TypeError(f"{uri}: a file of the tree is copied or made")  # as File.generated says
        elif dirty is not None:
            file = File.generated(config, uri, abs_src_path=dirty[0].on_disk(dirty[1], uri, made.content))
        else:
            file = File.generated(config, uri, content=made.content)
        files.append(file)
        if file.is_documentation_page():
            ConvertedPage(file, config, converter, made.drawn)
    if dirty is not None:
        Dirty.forget_others(dirty[1], tree.files)
    for file in files.documentation_pages():
        if file.page is None:  # the docs folder's own
            ConvertedPage(file, config, converter)
    for uri, text in bundle.files().items():
        files.append(File.generated(config, uri, content=text))
    return files
