"""Finding a portfolio's options from the command line: its mkdocs.yml, read as the plugin would.

The options are validated by the plugin's own :class:`~mentornet.site.config.MentornetConfig`,
so a command and a build agree on every option, and on every mistake in one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from mentornet.core.config_file import read_config_file
from mentornet.core.layout import docs_dir_of
from mentornet.core.yamldata import YamlMap
from mentornet.core.problems import PortfolioError
from mentornet.pipeline import OptionProblem, Options, Project
from mentornet.site.assembly import SiteStages

CONFIG_FILE = "mkdocs.yml"


def plugin_options(config_file: Path) -> tuple[YamlMap, str]:
    """The mentornet options and ``docs_dir`` of an mkdocs.yml (:func:`~mentornet.core.layout.docs_dir_of`)."""
    if not config_file.is_file():
        return {}, docs_dir_of(None)
    try:
        config = read_config_file(config_file)
    except ValueError as error:
        raise OptionProblem(str(error)) from None
    options: YamlMap = {}
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("mentornet"), dict):
            # an empty audience (`!ENV` of an empty variable) is kept: it is an error, not the owner's site
            options = {key: value for key, value in plugin["mentornet"].items()
                       if value is not None or key == "audience"}
    return options, docs_dir_of(config)


def read_project(folder: Path, audience: Optional[str] = None, config_file: Optional[Path] = None) -> Project:
    """The portfolio in ``folder``, its options (from ``config_file``, by default its mkdocs.yml)
    validated as the plugin validates them; ``audience`` replaces the configured one."""
    from mentornet.site.config import MentornetConfig

    config_file = Path(config_file) if config_file is not None else Path(folder) / CONFIG_FILE
    raw, docs_dir = plugin_options(config_file)
    if audience is not None:
        raw["audience"] = audience
    config = MentornetConfig(config_file_path=str(config_file))
    config.load_dict(raw)
    errors, _ = config.validate()
    if errors:
        raise OptionProblem("; ".join(f"{config_file}: the mentornet option {name}: {error}"
                                      for name, error in errors))
    try:
        return Project.of(Path(folder), Options.from_config(config, docs_dir, config_file.name))
    except OptionProblem as error:
        raise OptionProblem(f"{config_file}: the mentornet option {error}") from None


def project_for(folder: Path, audience: str | None = None, config_file: Path | None = None) -> Project:
    """The portfolio in FOLDER with the options its mkdocs.yml sets (``--audience`` wins)."""
    try:
        return read_project(folder, audience, config_file)
    except OptionProblem as error:
        raise click.ClickException(str(error)) from None


def stages_for(folder: Path, audience: str | None = None, config_file: Path | None = None) -> SiteStages:
    """The pipeline for FOLDER; a portfolio with problems prints them and exits 1."""
    stages = SiteStages(project_for(folder, audience, config_file))
    try:
        stages.portfolio  # noqa: B018 (loads and validates, or raises)
    except PortfolioError as error:
        problems = sorted(set(error.problems))
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s): fix them, then run `mentornet check` again.", err=True)
        sys.exit(1)
    return stages
