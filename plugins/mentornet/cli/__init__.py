"""The ``mentornet`` command: start, check and analyse a portfolio without building the site."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click

from mentornet.cli.project import project_for, stages_for
from mentornet.audience import NAMES as AUDIENCES
from mentornet.cli.userfiles import UserFileError, write_text
from mentornet.load import schema as schema_stage
from mentornet.core.model import NotADay, Portfolio, day_of
from mentornet.core.problems import PortfolioError
from mentornet.pipeline import OptionProblem, Stages


_project = project_for
_stages = stages_for


def _shell_setup() -> tuple[str | None, str, str]:
    """How a new shell finds the commands: a line to run first (activating the virtual
    environment this mentornet runs from) or None, and the ``mentornet`` and ``mkdocs`` to type.

    Computed from where this Python lives, so the next steps work as printed in a new shell
    even when the environment was never activated (``.venv/bin/mentornet new …``)."""
    scripts = Path(sys.prefix) / ("Scripts" if sys.platform == "win32" else "bin")
    activate = scripts / "activate"
    if sys.prefix != sys.base_prefix and activate.is_file():
        return f"source {shlex.quote(str(activate))}", "mentornet", "mkdocs"
    here = Path(sys.executable).parent
    if shutil.which("mentornet") or not (here / "mentornet").is_file():
        return None, "mentornet", "mkdocs"
    return None, shlex.quote(str(here / "mentornet")), f"{shlex.quote(sys.executable)} -m mkdocs"


def _next_steps(folder: Path, *steps: str) -> None:
    """Print numbered next steps, the shell's setup first; ``{cd}``, ``{mentornet}`` and
    ``{mkdocs}`` in a step become the commands that work in a new shell."""
    setup, mentornet, mkdocs = _shell_setup()
    cd = f"cd {shlex.quote(str(folder.resolve()))}"
    lines = [f"In a new shell, first: {setup}"] if setup else []
    lines += [step.replace("{cd}", cd).replace("{mentornet}", mentornet).replace("{mkdocs}", mkdocs)
              for step in steps]
    click.echo("Next:")
    for number, line in enumerate(lines, 1):
        click.echo(f"  {number}. {line}")


class _Commands(click.Group):
    """The commands, with a user's file that cannot be written told in one line, not a traceback
    (the file itself is left as it was: see :mod:`mentornet.cli.userfiles`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserFileError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentornet")
def main() -> None:
    """Your developmental network, kept in Git, as a browsable site."""


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Create the example portfolio instead, as a Git repository "
              "with fourteen months of history, so the history page works at once.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", default=None,
              help="The day the starter's dates count from (its first journal entry, the action due "
              "three weeks later); default: today.")
def new(folder: Path, demo: bool, today_text: str | None) -> None:
    """Create a starter portfolio in FOLDER."""
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty: choose a new folder, so nothing is overwritten")
    try:
        today = day_of(today_text) if today_text else dt.date.today()
    except NotADay:
        raise click.ClickException(f"--today: '{today_text}' is not a date: write it as YYYY-MM-DD") from None
    try:
        _new(folder, demo, today)
    except OSError as error:
        if isinstance(error, UserFileError):
            raise
        raise click.ClickException(f"{folder}: could not create the portfolio here ({error.strerror or error}); "
                                   "choose a folder you can write to") from None


def _new(folder: Path, demo: bool, today: dt.date) -> None:
    if demo:
        from mentornet.cli import demo as demo_stage

        folder.mkdir(parents=True, exist_ok=True)
        _write_schemas(folder / "schema")
        try:
            commits = demo_stage.create(folder)
        except (OSError, subprocess.CalledProcessError) as error:
            raise click.ClickException(f"could not create the demo repository (is git installed?): {error}") from None
        click.echo(f"Created the example portfolio in {folder}, a Git repository with {commits} commits "
                   "(September 2025 to November 2026).\n")
        _next_steps(folder, "{cd} && {mentornet} serve        then open http://127.0.0.1:8000 and its History page",
                    "{mentornet} diff audit-2025-12 audit-2026-06   what changed between two audits")
        return
    from mentornet.cli import starter

    starter.create(folder, today)
    data = folder.resolve() / "data"
    _write_schemas(folder / "schema")
    click.echo(f"Created a starter portfolio in {folder}.\n")
    _next_steps(folder, "{cd}",
                "git init && git add . && git commit -m \"My network\"   keep it in Git: the History page "
                "shows how it changes",
                "{mentornet} check      one FILE:LINE:COL line per problem",
                "{mentornet} serve      then open http://127.0.0.1:8000: it reloads as you edit (Ctrl-C stops it)",
                f"Edit {data / 'profile.yaml'} (your name, your goals and what they need), then add the "
                f"people you turn to in {data / 'people.yaml'}.")


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(folder: Path) -> None:
    """Validate the portfolio in FOLDER; print one FILE:LINE:COL line per problem."""
    from mentornet.core.words import count_of
    from mentornet.cli import seen_by

    stages = _stages(folder)
    portfolio = stages.loaded
    if stages.layout.engine_reads_content:
        from mentornet.site.tree import OLD_LAYOUT

        click.echo("warning: " + OLD_LAYOUT.format(docs=stages.layout.shown(stages.layout.docs_dir)), err=True)
    people, entries, audits = len(portfolio.people), len(portfolio.journal), len(portfolio.audits)
    click.echo(f"All good: {count_of(people, 'person', 'people')}, "
               f"{count_of(entries, 'journal entry', 'journal entries')}, {count_of(audits, 'audit')}.")
    for line in seen_by.summary(portfolio, stages.policy):
        click.echo(line)


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the measures as one JSON object.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Analyse what this audience may see.")
def analyze(folder: Path, as_json: bool, audience: str) -> None:
    """Measure the network in FOLDER: diversity, density, range, traps, gaps, give and take."""
    from mentornet import analysis
    from mentornet.analysis import reciprocity

    stages = _stages(folder, audience)
    try:
        result = stages.analysis
    except OptionProblem as error:
        raise click.ClickException(f"mkdocs.yml: the mentornet option {error}") from None
    portfolio = stages.portfolio
    give_take = reciprocity.give_and_take(portfolio, stages.analysis_settings, stages.today)
    if as_json:
        click.echo(json.dumps({**result.to_json(), **give_take.to_json()}, indent=2, sort_keys=True,
                              ensure_ascii=False))
    else:
        click.echo(analysis.summary_text(result, portfolio).rstrip("\n") + "\n\n"
                   + "\n".join(reciprocity.summary_lines(give_take, portfolio)))


@main.command()
@click.argument("person")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--today", help="The day to prepare for (YYYY-MM-DD); default: the mkdocs.yml "
              "option `today`, else the real date.")
def prep(person: str, folder: Path, today: str | None) -> None:
    """What to bring to the next meeting with PERSON (an id, a name, a first name or part of a
    name, in any case): open actions, the last entry's agenda and notes, what went each way lately,
    the goals they help with."""
    import datetime as dt

    from mentornet import journal
    from mentornet.cli.finding import find_person

    stages = _stages(folder)
    portfolio = stages.portfolio
    day_text = today or stages.options.today
    try:
        day = day_of(str(day_text)) if day_text else dt.date.today()
    except NotADay:
        raise click.ClickException(f"'{day_text}' is not a date: write it as YYYY-MM-DD") from None
    found = find_person(portfolio, person)
    try:
        settings = stages.analysis_settings
    except OptionProblem as error:
        raise click.ClickException(f"mkdocs.yml: the mentornet option {error}") from None
    click.echo(journal.prep_text(journal.prep(portfolio, found, day, settings)), nl=False)


@main.command()
@click.argument("rev_a")
@click.argument("rev_b", required=False)
@click.option("--repo", "folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              show_default=True, help="The portfolio's folder (with mkdocs.yml) in a Git repository.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as one JSON object.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Show only what this audience may see.")
def diff(rev_a: str, rev_b: str | None, folder: Path, as_json: bool, audience: str) -> None:
    """Who joined, left or changed in the network between the commits REV_A and REV_B; without
    REV_B, between REV_A and the working tree (when the data has uncommitted changes) or HEAD."""
    from mentornet.history import changes as history
    from mentornet.history import git, gitread, revisions

    project = _project(folder, audience)
    viewer = project.options.audience
    leading_out = project.layout.folders_leading_out()
    if leading_out:
        for name, message in leading_out:
            click.echo(f"{name}:1:1: {message}", err=True)
        sys.exit(1)
    try:
        before = revisions.read_revision(project.layout, rev_a, project.cache_dir)
        if rev_b is None and git.uncommitted_changes(project.layout):
            rev_b = "the working tree"
            after = history.Snapshot(history.UNCOMMITTED, None, "", _stages(folder, None).loaded)
        else:
            rev_b = rev_b or "HEAD"
            after = revisions.read_revision(project.layout, rev_b, project.cache_dir)
    except git.GitError as error:
        # why a revision does not load may name anyone: only the owner is told
        raise click.ClickException(viewer.told(str(error), error.shared)) from None
    # made as the site's history is, through the one gate with the working tree's policy: anyone
    # hidden in any revision (these two, or any commit of the history) is hidden in both
    stages = Stages(project)
    try:
        current: Portfolio | None = stages.loaded
    except PortfolioError:  # the working tree does not load: the newer revision's policy
        current = None
    try:
        policy = stages.narrowed(current.sharing if current is not None else after.portfolio.sharing)
    except OptionProblem as error:
        raise click.ClickException(str(error)) from None
    found = gitread.read_history(project.layout, project.cache_dir, current=current)
    seen = history.for_audience([*found.snapshots, before, after], viewer, policy, ever=True)
    before, after = seen[-2], seen[-1]
    change = history.compare(before.portfolio, after.portfolio)
    if as_json:
        click.echo(json.dumps(change.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
        return
    where = "uncommitted changes" if after.commit == history.UNCOMMITTED else f"{after.short}, {after.day}"
    click.echo(f"From {rev_a} ({before.short}, {before.day}) to {rev_b} ({where}):")
    sentences = change.sentences(every_tie=True)
    for sentence in sentences:
        click.echo(f"  {sentence}")
    if not sentences:
        click.echo("  nothing in the network changed.")


@main.command()
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("graphml", "csv", "json")), required=True,
              help="graphml (Gephi, networkx), csv (a folder with people.csv and ties.csv) or json "
              "(the whole portfolio).")
@click.option("--out", type=click.Path(allow_dash=True, path_type=Path), default=None,
              help="Where to write: a file, or a folder for csv; - for standard output (graphml, json). "
              "Default: network.graphml, network/ or portfolio.json in the current folder.")
@click.option("--audience", type=click.Choice(AUDIENCES), default="owner", show_default=True,
              help="Export only what this audience may see.")
@click.option("--with-departed", "departed", is_flag=True,
              help="Keep the ties of people who have left (`until` set); by default they are nodes without "
              "edges, so measures computed from the file are the site's.")
@click.option("--no-bom", is_flag=True, help="CSV without the UTF-8 byte-order mark that makes Excel read "
              "accents right (for tools that show it as stray characters).")
def export(folder: Path, fmt: str, out: Path | None, audience: str, departed: bool, no_bom: bool) -> None:
    """Export the network in FOLDER for Gephi, Kumu, spreadsheets or scripts. people.csv comes back
    in, edited in a spreadsheet, with `mentornet import people.csv --as people --update`."""
    from mentornet.cli import network_export as export_stage

    if str(out) == "-" and fmt == "csv":
        raise click.UsageError("--out -: the csv export is two files (people.csv and ties.csv), which standard "
                               "output cannot hold: name a folder, or use --format json or graphml")
    stages = _stages(folder, audience)
    if str(out) == "-":
        click.echo(export_stage.file_text(stages.portfolio, fmt, stages.audience, departed), nl=False)
        return
    from mentornet.cli.userfiles import refuse_kept_file

    out = out or export_stage.default_out(fmt)
    refuse_kept_file(stages.layout, out)
    try:
        written = export_stage.export(stages.portfolio, fmt, out, stages.audience, departed=departed, bom=not no_bom)
    except UserFileError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(str(path))


def _write_schemas(folder: Path) -> list[Path]:
    """Write the data files' JSON Schemas into ``folder``; the paths written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserFileError(f"{folder}: cannot make the folder ({error.strerror}); nothing was written") from None
    written = []
    for name, text in schema_stage.texts().items():
        try:
            write_text(folder / name, text)
        except UserFileError as error:
            raise click.ClickException(str(error)) from None
        written.append(folder / name)
    return written


@main.command()
@click.option("--out", type=click.Path(file_okay=False, allow_dash=True, path_type=Path), default=Path("schema"),
              show_default=True, help="Folder to write the schema files into; - prints them to standard "
              "output as one JSON object, by file name.")
def schema(out: Path) -> None:
    """Write JSON Schemas of the data files, for editors with a YAML language server."""
    if str(out) == "-":
        click.echo(json.dumps(schema_stage.schemas(), indent=2, sort_keys=True, ensure_ascii=False))
        return
    from mentornet.cli.userfiles import refuse_kept_file

    if Path("mkdocs.yml").is_file():  # in a portfolio: never into its data or content
        refuse_kept_file(_project(Path(".")).layout, out)
    for path in _write_schemas(out):
        click.echo(str(path))


def _register() -> None:
    """The commands that live in modules of their own."""
    from mentornet.cli import audit_session, calendar_feed, exercise, importing, logging_entries, site_commands

    for command in (site_commands.build, site_commands.serve, site_commands.upgrade,
                    logging_entries.log_command, logging_entries.done_command,
                    calendar_feed.calendar_command, importing.import_command,
                    exercise.exercise_command, audit_session.audit_command):
        main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    main()
