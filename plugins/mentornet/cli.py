"""The ``mentornet`` command: start, check and analyse a portfolio without building the site."""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from . import schema as schema_stage
from .audience import AUDIENCES, for_audience
from .load import Layout, read_portfolio

STARTER = Path(__file__).parent / "starter"


@dataclass(frozen=True)
class Project:
    """A portfolio folder and the mentornet options its mkdocs.yml sets."""

    layout: Layout
    options: dict[str, Any]

    @classmethod
    def find(cls, folder: Path) -> "Project":
        folder = Path(folder)
        options: dict[str, Any] = {}
        docs_dir = "content"
        config_file = folder / "mkdocs.yml"
        if config_file.is_file():
            try:
                config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
            except yaml.YAMLError as error:
                raise click.ClickException(f"{config_file}: not valid YAML: {error}") from None
            docs_dir = str(config.get("docs_dir") or "docs")
            for plugin in config.get("plugins") or ():
                if isinstance(plugin, dict) and isinstance(plugin.get("mentornet"), dict):
                    options = {k: val for k, val in plugin["mentornet"].items() if val is not None}
        layout = Layout.of(folder, str(options.get("data_dir", "data")), docs_dir)
        return cls(layout, options)


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name): they become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV [NAME, default]``: the variable's value, else the default."""
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    for name in values[:-1] if len(values) > 1 else values:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return values[-1] if len(values) > 1 else None


_LenientLoader.add_constructor("!ENV", _env)
_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _load(folder: Path, audience: str | None = None):
    project = Project.find(folder)
    portfolio, problems = read_portfolio(project.layout)
    if problems or portfolio is None:
        for problem in sorted(set(problems)):
            click.echo(str(problem), err=True)
        click.echo(f"{len(set(problems))} problem(s): fix them, then run `mentornet check` again.",
                   err=True)
        sys.exit(1)
    audience = audience or "owner"
    return project, for_audience(portfolio, audience,
                                 project.options.get("default_visibility", "mentor"),
                                 project.options.get("shared_attributes") or ())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentornet")
def main() -> None:
    """Your developmental network, kept in Git, as a browsable site."""


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def new(folder: Path) -> None:
    """Create a starter portfolio in FOLDER."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty: choose a new folder, so nothing is overwritten")
    shutil.copytree(STARTER, folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    schema_stage.write(folder / "schema")
    click.echo(f"Created a starter portfolio in {folder}.\n")
    click.echo("Next:")
    click.echo(f"  1. Edit {folder / 'data' / 'profile.yaml'}: your name, your goals and what they need.")
    click.echo(f"  2. Add the people you turn to in {folder / 'data' / 'people.yaml'}.")
    click.echo(f"  3. cd {folder} && mentornet check && mkdocs serve")


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(folder: Path) -> None:
    """Validate the portfolio in FOLDER; print one FILE:LINE:COL line per problem."""
    project, portfolio = _load(folder)
    click.echo(f"All good: {len(portfolio.people)} people, {len(portfolio.journal)} journal "
               f"entries, {len(portfolio.audits)} audits.")


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the measures as one JSON object.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Analyse what this audience may see.")
def analyze(folder: Path, as_json: bool, audience: str) -> None:
    """Measure the network in FOLDER: diversity, density, range, traps and gaps."""
    from . import analysis

    project, portfolio = _load(folder, audience)
    options = dict(project.options.get("analysis") or {})
    if project.options.get("today"):
        options["as_of"] = str(project.options["today"])
    try:
        settings = analysis.AnalysisSettings.from_mapping(options)
    except (ValueError, TypeError) as error:
        raise click.ClickException(f"mkdocs.yml: the mentornet option analysis: {error}") from None
    result = analysis.analyze(portfolio, settings)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(analysis.summary_text(result, portfolio))


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"),
              show_default=True, help="Folder to write the schema files into.")
def schema(out: Path) -> None:
    """Write JSON Schemas of the data files, for editors with a YAML language server."""
    for path in schema_stage.write(out):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
