"""``mentornet build``, ``serve`` and ``upgrade``: the site with any engine, and the layout that
keeps private files where no engine reads them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Optional

import click

from mentornet.cli import userfiles
from mentornet.core.layout import PUBLIC_DIR
from mentornet.core.problems import PortfolioError
from mentornet.audience import NAMES as AUDIENCES
from mentornet.diagrams.render import GraphvizMissing
from mentornet.engines import ENGINES
from mentornet.site.pages import TemplateProblem

STARTER = Path(__file__).resolve().parent.parent / "starter"

_folder = click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
_audience = click.option("--audience", type=click.Choice(AUDIENCES), default=None,
                         help="Build for this audience (default: the one mkdocs.yml names).")
_engine = click.option("--engine", "engine_name", type=click.Choice(tuple(ENGINES)), default="mkdocs",
                       show_default=True, help="The site engine: mkdocs and properdocs run mentornet's plugin; "
                       "zensical builds the audience's tree, staged by mentornet.")
_config = click.option("-f", "--config-file", "config_name", default="mkdocs.yml", show_default=True,
                       help="The configuration, in FOLDER (e.g. mkdocs.mentor.yml).")


def _config_file(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file; run this in a portfolio folder, or name one")
    from mentornet.core.config_file import read_config_file

    try:  # its mistakes told here, in a line, before an engine reads it (an INHERIT loop, bad YAML)
        read_config_file(path)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    return path


def _project_of(folder: Path, audience: Optional[str], config_file: Path):
    from mentornet.cli import _project

    return _project(folder, audience, config_file)


def _staged(folder: Path, config_file: Path, audience: Optional[str]):
    """Stage the audience's tree for an engine that runs no plugin; problems end the command."""
    from mentornet.cli import _stages
    from mentornet.engines import stage

    stages = _stages(folder, audience, config_file)
    target = stage.default_folder(stages)
    try:
        staged = stage.stage(stages, target, config_file)
    except (PortfolioError, ValueError, TemplateProblem, GraphvizMissing) as error:
        raise click.ClickException(_problem_text(error)) from None
    for warning in staged.warnings:
        click.echo(f"WARNING -  mentornet: {warning}", err=True)
    return staged


def _problem_text(error: Exception) -> str:
    if isinstance(error, PortfolioError):
        return f"{len(error.problems)} problem(s) in the portfolio; nothing was built:\n{error.report()}"
    return str(error)


@click.command()
@_folder
@_audience
@_engine
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: the configuration's site_dir).")
@click.option("--strict", is_flag=True, help="Stop on warnings (the previous site is kept).")
@_config
def build(folder: Path, audience: Optional[str], engine_name: str, site_dir: Optional[Path], strict: bool,
          config_name: str) -> None:
    """Build the site of the portfolio in FOLDER for an audience, with any supported engine."""
    from mentornet.core.config_file import read_config_file
    from mentornet.engines import run

    config_file = _config_file(folder, config_name)
    try:
        read_config_file(config_file)  # its mistakes (an alias bomb…) told here, before any engine reads it
        found = run.engine(engine_name)
        run.refuse_unprotected(found, config_file)
    except (run.EngineProblem, ValueError) as error:
        raise click.ClickException(str(error)) from None
    if found.runs_plugins:  # the plugin refuses a site folder the layout's rule refuses
        args = ["-d", os.path.abspath(site_dir)] if site_dir else []
        command = run.plugin_command(found, "build", config_file, *args, *(["--strict"] if strict else []))
        sys.exit(subprocess.run(command, cwd=folder, env=run.plugin_environment(audience)).returncode)
    final = Path(os.path.abspath(site_dir or folder / str(read_config_file(config_file).get("site_dir") or "site")))
    project = _project_of(folder, audience, config_file)
    problem = project.layout.site_folder_problem(final, project.cache_dir)
    if problem:
        raise click.ClickException(problem)
    staged = _staged(folder, config_file, audience)
    click.echo(f"mentornet: staged the {staged.folder.name} site in {staged.folder}; {staged.diagrams}", err=True)
    code = run.run_staged_build(found, staged.config_file, staged.site_dir, final, strict)
    if code == 0:
        click.echo(f"Built the site with {found.name} into {final}", err=True)
    sys.exit(code)


@click.command()
@_folder
@_audience
@_engine
@click.option("-a", "--dev-addr", "address", default="127.0.0.1:8000", show_default=True,
              help="Where to serve the site.")
@click.option("--dirty", is_flag=True, help="Rebuild only the pages a change touches (mkdocs, properdocs).")
@_config
def serve(folder: Path, audience: Optional[str], engine_name: str, address: str, dirty: bool,
          config_name: str) -> None:
    """Serve the site of the portfolio in FOLDER while you edit, with any supported engine."""
    from mentornet.engines import run

    from mentornet.core.config_file import read_config_file

    config_file = _config_file(folder, config_name)
    try:
        read_config_file(config_file)  # its mistakes told here, before any engine reads it
        found = run.engine(engine_name)
    except (run.EngineProblem, ValueError) as error:
        raise click.ClickException(str(error)) from None
    if found.runs_plugins:
        command = run.plugin_command(found, "serve", config_file, "-a", address, *(["--dirty"] if dirty else []))
        sys.exit(subprocess.run(command, cwd=folder, env=run.plugin_environment(audience)).returncode)
    from mentornet.cli import _project

    project = _project(folder, audience, config_file)
    layout = project.layout
    watched = [layout.data_dir, layout.content_dir, layout.docs_dir, config_file]
    if project.options.templates:
        watched.append(Path(project.options.templates))
    git = layout.root / ".git"
    watched += [path for path in (git / "HEAD", git / "refs") if path.exists()]
    def restage() -> Path:
        try:
            staged = _staged(folder, config_file, audience)
        except click.ClickException as error:
            if not started:
                raise
            click.echo(f"mentornet: {error.format_message()}\nmentornet: still serving the last good site", err=True)
            return started[0]
        started[:] = [staged.config_file]
        click.echo(f"mentornet: staged the site ({staged.diagrams})", err=True)
        return staged.config_file

    started: list[Path] = []

    sys.exit(run.serve_staged(found, restage, watched, address))


@click.command()
@_folder
def upgrade(folder: Path) -> None:
    """Move the portfolio in FOLDER to the layout that keeps the journal and private pages where
    no engine reads them: docs_dir becomes public/ (only what anyone may read), and the journal
    and pages stay in content/, which only mentornet reads. Running it again changes nothing."""
    from mentornet.cli import _project

    folder = folder.resolve()
    config_file = _config_file(folder, "mkdocs.yml")
    layout = _project(folder, None, config_file).layout
    with userfiles.locked(layout.data_dir):
        done = _upgrade(folder, layout, config_file)
    if not done:
        click.echo("Nothing to do: this portfolio already keeps its journal and pages where no engine reads them.")
        return
    click.echo("Upgraded the portfolio:")
    for line in done:
        click.echo(f"  {line}")
    click.echo("Build it as before: mkdocs build (or mentornet build --engine zensical).")


def _upgrade(folder: Path, layout, config_file: Path) -> list[str]:
    """Do what ``upgrade`` does; what was done, one line each."""
    done: list[str] = []
    if layout.engine_reads_content:
        content = folder / "content"
        if layout.docs_dir != content:
            if content.exists():
                raise click.ClickException(f"{content} exists beside the docs folder {layout.docs_dir}: move "
                                           "one of them by hand, then run `mentornet upgrade` again")
            _move(folder, layout.docs_dir, content)
            done.append(f"moved {layout.shown(layout.docs_dir)}/ to content/ (the journal and your pages, "
                        "read only by mentornet)")
        public = folder / PUBLIC_DIR
        try:
            public.mkdir(exist_ok=True)
        except OSError as error:
            raise userfiles.UserFileError(f"{public}: cannot make the folder ({error.strerror})") from None
        if not (public / ".gitkeep").exists():
            userfiles.write_text(public / ".gitkeep", "")
        done.append(f"created {PUBLIC_DIR}/, the engine's docs folder: whatever you put there is published as it is")
        for config in sorted(folder.glob("mkdocs*.yml")):
            if _set_docs_dir(config, PUBLIC_DIR):
                done.append(f"{config.name}: docs_dir: {PUBLIC_DIR}")
    done += _move_sharing_options(layout, config_file)
    added = _ignore_built_sites(folder / ".gitignore")
    if added:
        done.append(f".gitignore: added {', '.join(added)}")
    return done


#: The options that were the sharing policy before it lived with the data, and what an old
#: portfolio that did not set them had (the plugin's defaults then).
_SHARING_OPTIONS = {"default_visibility": ("unmarked", "mentor"), "default_page_visibility": ("pages", "public"),
                    "shared_attributes": ("attributes", [])}
_OPTION_LINES = re.compile(r"^(?P<indent>[ \t]+)(?P<name>default_visibility|default_page_visibility|shared_attributes)"
                           r":[^\n]*\n(?:(?P=indent)[ \t]+-[^\n]*\n)*", re.MULTILINE)


def _move_sharing_options(layout, config_file: Path) -> list[str]:
    """Write ``data/sharing.yaml`` from the options mkdocs.yml had (or the old defaults, so the
    sites show what they showed), and take the options out of mkdocs.yml: the policy is the
    portfolio's now, read by every build. Nothing when the file exists."""
    from mentornet.audience.policy import POLICY_FILE
    from mentornet.cli.project import plugin_options
    from mentornet.cli.userfiles import write_text

    policy = layout.data_dir / POLICY_FILE
    if policy.exists() or not layout.data_dir.is_dir():
        return []
    options, _ = plugin_options(config_file)
    values = {field: options.get(option, old) for option, (field, old) in _SHARING_OPTIONS.items()}
    attributes = ", ".join(str(name) for name in values["attributes"] or ())
    write_text(policy, f"""# yaml-language-server: $schema=../schema/sharing.schema.json
# The portfolio's sharing policy, read by every build whatever site, engine or command makes it
# (a site's mkdocs.yml can only make it stricter). Written by `mentornet upgrade` from the options
# {config_file.name} had, so the sites show what they showed; a new portfolio keeps everything
# unmarked private: change `unmarked:` to private to do the same.

# Items (people, journal entries, plan items, audits, reflections) without a `visibility:` line.
unmarked: {values["unmarked"]}
# Hand-written pages in content/ without `visibility:` front matter.
pages: {values["pages"]}
# Attributes of people a mentor's or the public site may show.
attributes: [{attributes}]
""")
    done = [f"wrote {layout.shown(policy)}, the sharing policy every build reads: unmarked items count as "
            f"{values['unmarked']}, unmarked pages as {values['pages']}, shared attributes: [{attributes}]"
            + (" (what the plugin's defaults were; a new portfolio keeps them private)"
               if "default_visibility" not in options else "")]
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    taken = [match.group("name") for match in _OPTION_LINES.finditer(text)]
    if taken:
        write_text(config_file, _OPTION_LINES.sub("", text))
        done.append(f"{config_file.name}: took out {', '.join(taken)} (now in {layout.shown(policy)})")
    return done


def _move(root: Path, source: Path, target: Path) -> None:
    """``git mv`` where the folder is tracked (so its history follows), else a plain move."""
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(source)], cwd=root,
                             capture_output=True).returncode == 0
    try:
        if tracked:
            subprocess.run(["git", "mv", str(source), str(target)], cwd=root, check=True, capture_output=True)
        else:
            os.rename(source, target)  # one step: a folder is never left half moved
    except subprocess.CalledProcessError as error:
        raise userfiles.UserFileError(f"{source}: git could not move it to {target} "
                                      f"({error.stderr.decode(errors='replace').strip()}); nothing was moved") from None
    except OSError as error:
        raise userfiles.UserFileError(f"{source}: could not be moved to {target} ({error.strerror}); "
                                      "nothing was moved") from None


_DOCS_DIR = re.compile(r"^docs_dir:[^\n#]*(#[^\n]*)?$", re.MULTILINE)


def _set_docs_dir(config_file: Path, value: str) -> bool:
    """Point ``docs_dir`` at ``value`` in the file's text, keeping its comments and order."""
    text = config_file.read_text(encoding="utf-8")
    if _DOCS_DIR.search(text):
        updated = _DOCS_DIR.sub(f"docs_dir: {value}", text, count=1)
    elif config_file.name == "mkdocs.yml" or "INHERIT" not in text:
        updated = text.rstrip("\n") + f"\ndocs_dir: {value}\n"
    else:
        return False  # it inherits docs_dir from the file it names
    if updated == text:
        return False
    userfiles.write_text(config_file, updated)
    return True


def _ignore_built_sites(gitignore: Path) -> list[str]:
    """The starter's ignore rules missing from ``gitignore`` (built sites, caches, key caches)."""
    wanted = [line for line in (STARTER / ".gitignore").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    present = set(gitignore.read_text(encoding="utf-8").splitlines()) if gitignore.is_file() else set()
    missing = [line for line in wanted if line not in present]
    if missing:
        text = gitignore.read_text(encoding="utf-8") if gitignore.is_file() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        userfiles.write_text(gitignore, text + ("\n" if present else "")
                             + "# mentornet: built sites, caches and the commands' outputs\n"
                             + "\n".join(missing) + "\n")
    return missing
