"""The ``mentornet`` command: start, check and analyse a portfolio without building the site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
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
@click.option("--demo", is_flag=True, help="Create the example portfolio instead, as a Git repository "
              "with fourteen months of history, so the history page works at once.")
def new(folder: Path, demo: bool) -> None:
    """Create a starter portfolio in FOLDER."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty: choose a new folder, so nothing is overwritten")
    if demo:
        from . import demo as demo_stage

        folder.mkdir(parents=True, exist_ok=True)
        schema_stage.write(folder / "schema")
        try:
            commits = demo_stage.create(folder)
        except (OSError, subprocess.CalledProcessError) as error:
            raise click.ClickException(f"could not create the demo repository (is git installed?): {error}") from None
        click.echo(f"Created the example portfolio in {folder}, a Git repository with {commits} commits "
                   "(September 2025 to November 2026).\n")
        click.echo("Next:")
        click.echo(f"  cd {folder} && mkdocs serve        then open the History page")
        click.echo("  mentornet diff audit-2025-12 audit-2026-06   what changed between two audits")
        return
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
@click.argument("person")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--today", help="The day to prepare for (YYYY-MM-DD); default: the mkdocs.yml "
              "option `today`, else the real date.")
def prep(person: str, folder: Path, today: str | None) -> None:
    """What to bring to the next meeting with PERSON (an id or a name): open actions, the
    last entry's agenda and notes, the goals they help with."""
    import datetime as dt

    from . import journal
    from .problems import did_you_mean

    project, portfolio = _load(folder)
    day_text = today or project.options.get("today")
    try:
        day = dt.date.fromisoformat(str(day_text)) if day_text else dt.date.today()
    except ValueError:
        raise click.ClickException(f"'{day_text}' is not a date: write it as YYYY-MM-DD") from None
    wanted = person.strip()
    found = portfolio.people_by_id.get(wanted) or next(
        (p for p in portfolio.people if p.name.casefold() == wanted.casefold()), None)
    if found is None:
        ids = [p.id for p in portfolio.people]
        hint = did_you_mean(wanted, ids) or did_you_mean(wanted, [p.name for p in portfolio.people])
        raise click.ClickException(f"unknown person '{wanted}'{hint}"
                                   + ("" if hint else f"; the people are: {', '.join(ids[:20])}"
                                      + (", …" if len(ids) > 20 else "")))
    click.echo(journal.prep_text(journal.prep(portfolio, found, day)), nl=False)


@main.command()
@click.argument("rev_a")
@click.argument("rev_b")
@click.option("--repo", "folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              show_default=True, help="The portfolio's folder (with mkdocs.yml) in a Git repository.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as one JSON object.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Show only what this audience may see.")
def diff(rev_a: str, rev_b: str, folder: Path, as_json: bool, audience: str) -> None:
    """Who joined, left or changed in the network between the commits REV_A and REV_B."""
    from . import gitread, history

    project = Project.find(folder)
    cache = folder / str(project.options.get("cache_dir") or ".cache/plugin/mentornet")
    try:
        before = gitread.read_revision(project.layout, rev_a, cache)
        after = gitread.read_revision(project.layout, rev_b, cache)
    except gitread.GitError as error:
        raise click.ClickException(str(error)) from None
    before, after = history.for_audience([before, after], audience,
                                         project.options.get("default_visibility", "mentor"),
                                         project.options.get("shared_attributes") or ())
    change = history.compare(before.portfolio, after.portfolio)
    if as_json:
        click.echo(json.dumps(change.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
        return
    click.echo(f"From {rev_a} ({before.short}, {before.day}) to {rev_b} ({after.short}, {after.day}):")
    sentences = change.sentences()
    for sentence in sentences:
        click.echo(f"  {sentence}")
    if not sentences:
        click.echo("  nothing in the network changed.")


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("graphml", "csv", "json")), required=True,
              help="graphml (Gephi, networkx), csv (a folder with people.csv and ties.csv) or json "
              "(the whole portfolio).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write: a file, or a folder for csv. Default: network.graphml, "
              "network/ or portfolio.json in the current folder.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Export only what this audience may see.")
def export(folder: Path, fmt: str, out: Path | None, audience: str) -> None:
    """Export the network in FOLDER for Gephi, Kumu, spreadsheets or scripts."""
    from . import export as export_stage

    project, portfolio = _load(folder, audience)
    for path in export_stage.export(portfolio, fmt, out or export_stage.default_out(fmt), audience):
        click.echo(str(path))


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"),
              show_default=True, help="Folder to write the schema files into.")
def schema(out: Path) -> None:
    """Write JSON Schemas of the data files, for editors with a YAML language server."""
    for path in schema_stage.write(out):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    main()
