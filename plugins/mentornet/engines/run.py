"""Building and serving a portfolio's site with a chosen engine (the I/O edge of the engines).

With an engine that runs plugins the engine itself is run, with mentornet's plugin, on the
portfolio's configuration: the site is exactly the plugin's. With Zensical the audience's tree
is staged first (:mod:`mentornet.engines.stage`), and Zensical builds the staging folder.
Either way a build goes to a sibling folder first and replaces the site only when it succeeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

from mentornet.core.config_file import read_config_file
from mentornet.engines import ENGINES, Engine
from mentornet.site.config import REQUIRED_AUDIENCE


class EngineProblem(RuntimeError):
    """The engine cannot build this site as asked (the message says why and what to do)."""


def engine(name: str) -> Engine:
    found = ENGINES[name]
    if not found.installed():
        raise EngineProblem(found.missing())
    return found


def plugin_command(found: Engine, verb: str, config_file: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", found.module, verb, "-f", str(config_file), *args]


def plugin_environment(audience: Optional[str]) -> dict[str, str]:
    """The environment of an engine run: ``--audience`` reaches a configuration that reads
    ``MENTORNET_AUDIENCE``, and the plugin refuses a configuration that builds for another."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if audience is not None:
        env["MENTORNET_AUDIENCE"] = audience
        env[REQUIRED_AUDIENCE] = audience
    return env


def refuse_unprotected(found: Engine, config_file: Path) -> None:
    """An engine that runs no plugin would publish a password-protected site unprotected."""
    if found.runs_plugins:
        return
    plugins = read_config_file(config_file).get("plugins") or ()
    names = {next(iter(p)) if isinstance(p, dict) and p else p for p in plugins}
    if "encryptcontent" in names:
        raise EngineProblem(f"{config_file.name} protects the site with encryptcontent, a plugin {found.name} "
                            "does not run, so the site would be published unprotected: build it with "
                            "--engine mkdocs or --engine properdocs")


def run_staged_build(found: Engine, staged_config: Path, partial: Path, final: Path, strict: bool) -> int:
    """Build the staging folder into ``partial``, then swap it in as ``final`` if all went well
    (``final`` is a site folder the layout's rule accepted: see ``mentornet build``)."""
    from mentornet.site import swap

    lock = swap.prepare(final, lambda: print(f"mentornet: another build is writing {final}; waiting for it "
                                             "to finish", file=sys.stderr))
    try:
        shutil.rmtree(partial, ignore_errors=True)
        command = [sys.executable, "-m", found.module, "build", "-f", str(staged_config), "--clean"]
        if strict:
            command.append("--strict")
        code = subprocess.run(command, cwd=staged_config.parent).returncode
        if code == 0 and partial.is_dir():
            swap.swap_in(partial, final)
        else:
            shutil.rmtree(partial, ignore_errors=True)
        return code
    finally:
        lock.release()


def fingerprint(paths: list[Path]) -> tuple:
    """What a serving loop compares to notice an edit: every file's name, size and time."""
    seen = []
    for root in paths:
        if root.is_file():
            stat = root.stat()
            seen.append((str(root), stat.st_size, stat.st_mtime_ns))
            continue
        for directory, folders, names in os.walk(root):
            folders[:] = [f for f in folders if not f.startswith(".")]
            for name in names:
                try:
                    stat = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                seen.append((os.path.join(directory, name), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(seen))


def serve_staged(found: Engine, restage: Callable[[], Path], watched: list[Path], address: str,
                 interval: float = 1.0) -> int:
    """Serve with an engine that runs no plugin: stage, serve, and stage again on every edit."""
    staged_config = restage()
    process = subprocess.Popen([sys.executable, "-m", found.module, "serve", "-f", str(staged_config),
                                "-a", address], cwd=staged_config.parent)
    last = fingerprint(watched)
    try:
        while process.poll() is None:
            time.sleep(interval)
            now = fingerprint(watched)
            if now != last:
                last = now
                restage()  # a mistake mid-edit is reported there, and the last good site stays
        return process.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
