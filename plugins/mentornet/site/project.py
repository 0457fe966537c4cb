"""The plugin's options as mentornet's :class:`~mentornet.pipeline.Project`, refused as MkDocs
refuses a plugin's configuration."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from mkdocs.exceptions import PluginError

from mentornet import pipeline
from mentornet.core import caching
from mentornet.audience import Audience, UnknownAudience
from mentornet.core.layout import Layout
from mentornet.site.config import REQUIRED_AUDIENCE, MentornetConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def project_of(options_config: MentornetConfig, config: MkDocsConfig) -> pipeline.Project:
    """The project ``mkdocs.yml`` describes; ``mentornet build --audience A`` requires that its
    configuration builds for exactly ``A``."""
    config_file = Path(config.config_file_path or "mkdocs.yml").name
    try:
        options = pipeline.Options.from_config(options_config, config.docs_dir, config_file)
        project = pipeline.Project.of(Path(config.config_file_path or ".").resolve().parent, options)
        required = os.environ.get(REQUIRED_AUDIENCE)
        if required is not None and Audience.named(required) is not options.audience:
            raise PluginError(f"mentornet: {config_file} builds the site for the {options.audience} audience, "
                              f"not for '{required}': build it without --audience, or let the configuration "
                              "choose with `audience: !ENV [MENTORNET_AUDIENCE, owner]`")
    except (pipeline.OptionProblem, UnknownAudience) as error:
        said = str(error)
        raise PluginError(f"mentornet: {said}" if said.startswith(f"{config_file}:")
                          else f"mentornet: {config_file}: the option {said}") from None
    return project


def watched(layout: Layout, templates: Optional[str]) -> list[Path]:
    """What ``mkdocs serve`` rebuilds on: the data, the content, the templates, and the
    repository's commits (a commit moves HEAD or a branch: the history page follows)."""
    paths = [layout.data_dir, layout.content_dir, *([Path(templates)] if templates else [])]
    git = layout.root / ".git"
    if git.is_dir():
        paths += [git / "HEAD", git / "refs"]
    return [path for path in paths if path.exists()]


def built_for(project: pipeline.Project) -> str:
    """For whom (audience and options) a site is built: ``serve`` keeps nothing of another's."""
    return caching.digest([project.options])
