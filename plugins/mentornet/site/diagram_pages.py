"""The diagrams of the site's pages (:mod:`mentornet.diagrams`), as the plugin's page events
meet them: requested in each page's Markdown, drawn at once for the build, inlined in its HTML."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Optional

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from mentornet import diagrams
from mentornet.site import pages as pages_stage
from mentornet.site.tree import blocks as tree_blocks

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

    from mentornet.site.assembly import SiteStages

log = get_plugin_logger(__name__)


def start(found: diagrams.DiagramSet) -> None:
    """Every page's Markdown is converted: render all the diagrams they asked for at once."""
    try:
        found.start()
    except diagrams.GraphvizMissing as error:
        raise PluginError(str(error)) from None


def expand(found: diagrams.DiagramSet, stages: SiteStages, markdown: str, src_uri: str) -> str:
    """The page's diagram requests and its ``attention`` and ``summary`` blocks (site/tree.py)."""
    markdown, problems = found.expand(markdown, blocks=_blocks(stages, src_uri))
    for problem in problems:
        log.warning(f"{src_uri}:{problem.line}: {problem.error}")
    return markdown


def _blocks(stages: SiteStages, src_uri: str) -> dict[str, Callable[[], str]]:
    """The blocks, template failures reported as MkDocs reports a plugin's."""
    def reported(render: Callable[[], str]) -> str:
        try:
            return render()
        except pages_stage.TemplateProblem as error:
            raise PluginError(f"mentornet: {error}") from None

    return {name: partial(reported, render) for name, render in tree_blocks(stages, src_uri).items()}


def url_of(files: Files) -> Callable[[str], Optional[str]]:
    """The URL of a file of the site, by its src_uri (the diagrams link to pages)."""
    def url(src_uri: str) -> Optional[str]:
        file = files.get_file_from_path(src_uri)
        return file.url if file is not None else None
    return url
