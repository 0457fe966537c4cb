"""What the plugin refuses before it builds anything, and what it warns of: the layout's rules
(:mod:`mentornet.core.layout`) as MkDocs' configuration and files meet them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from mentornet.core.layout import LINK_LEADS_OUT, Layout
from mentornet.site.tree import OLD_LAYOUT

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)


def refuse_twice(config: MkDocsConfig, is_ours: Callable[[BasePlugin], bool]) -> None:
    """Two instances would each build the site aside and swap it in: the second would swap
    away the first's, and no site would be left."""
    listed = [plugin for plugin in config.plugins.values() if is_ours(plugin) and plugin.config.enabled]
    if len(listed) > 1:
        raise PluginError(f"mentornet: {config.config_file_path or 'mkdocs.yml'}: the plugin mentornet is "
                          f"listed {len(listed)} times under plugins; list it once")


def refuse_site_folder(config: MkDocsConfig, layout: Layout, cache_dir: Path | None) -> None:
    """The layout's one rule for site folders, before anything is emptied."""
    problem = layout.site_folder_problem(Path(config.site_dir), cache_dir)
    if problem:
        raise PluginError(f"mentornet: {problem} (site_dir in {Path(config.config_file_path or 'mkdocs.yml').name}"
                          ", or mkdocs build -d)")


def refuse_links_leading_out(files: Files, config: MkDocsConfig, layout: Layout) -> None:
    """Files in the docs folder that are symbolic links to somewhere outside the repository."""
    docs = Path(config.docs_dir)
    refused = [layout.shown(docs / file.src_uri) for file in files
               if file.abs_src_path and file.generated_by is None and file.src_dir == config.docs_dir
               and not layout.contains(file.abs_src_path)]
    if refused:
        raise PluginError("mentornet refused to build the site:\n" + "\n".join(
            f"{shown}:1:1: {LINK_LEADS_OUT}" for shown in refused))


def from_content(file: File, layout: Layout) -> bool:
    """Whether MkDocs found ``file`` in mentornet's content folder (the layout before 0.2)."""
    return bool(layout.engine_reads_content and file.generated_by is None and file.abs_src_path
                and Path(file.abs_src_path).is_relative_to(layout.content_dir))


class OldLayout:
    """The layout before 0.2 leaves the journal where any engine reads it: said once per serve."""

    def __init__(self) -> None:
        self.warned = False

    def warn(self, layout: Layout) -> None:
        if layout.engine_reads_content and not self.warned:
            self.warned = True
            log.warning(OLD_LAYOUT.format(docs=layout.shown(layout.docs_dir)))
