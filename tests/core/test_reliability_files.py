"""Nothing lost: the user's files and the site survive kills, full and read-only disks, two
commands at once, a site folder pointed at the portfolio, and links planted beside the site.

Kills land exactly where they matter through strace's fault injection (skipped where strace or
ptrace is not available); a full or read-only disk is a real tmpfs mount (skipped unless the
tests may mount one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from mentornet.cli import userfiles
from mentornet.core.layout import Layout
from mentornet.core.locking import held

ENTRY = "content/journal/2026-01-10-kickoff.md"
TWO_ACTIONS = """\
---
title: Kick-off
date: 2026-01-10
people: [diane-roberts]
kind: meeting
actions:
  - text: Draft the fellowship outline
    due: 2026-02-01
    done: false
  - text: Book the lab visit
    due: 2026-02-15
    done: false
---

Notes.
"""


def _mentornet(cwd: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", *args], cwd=cwd, capture_output=True, text=True,
                          **kwargs)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed), by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and "site" not in p.relative_to(folder).parts[0]
            and not p.relative_to(folder).as_posix().startswith(".cache")}


def _one_message(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


# -- strace and mounts: the faults made exact ------------------------------------------------------

def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "true"], capture_output=True).returncode == 0


needs_strace = pytest.mark.skipif(not _strace_works(), reason="strace (with ptrace allowed) is needed to kill "
                                  "a process at an exact system call")


def _under_strace(path: Path, syscalls: str, injections: list[str], command: list[str], cwd: Path,
                  trace_log: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``command`` with faults injected into the system calls naming ``path``."""
    args = ["strace", "-f", "-qq", "-o", str(trace_log or os.devnull), "-P", str(path), "-e", f"trace={syscalls}"]
    for injection in injections:
        args += ["-e", f"inject={injection}"]
    return subprocess.run(args + command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@contextmanager
def _small_disk(where: Path, size: str = "512k"):
    """A real, small file system (tmpfs) mounted at ``where``."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system (tmpfs) needs root and permission to mount")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(disk: Path) -> None:
    """Use up every free byte of ``disk``."""
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)


def _on_disk(portfolio, disk: Path) -> Path:
    """A copy of the portfolio on ``disk``."""
    target = disk / "portfolio"
    shutil.copytree(portfolio.root, target, ignore=shutil.ignore_patterns("site", ".cache"))
    return target


# -- writing a user's file -------------------------------------------------------------------------

def test_write_text_keeps_a_crlf_file_crlf(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"activities: []\r\nprospects: []\r\n")
    userfiles.write_text(path, "activities: []\nprospects:\n  - name: Ada\n")
    assert path.read_bytes() == b"activities: []\r\nprospects:\r\n  - name: Ada\r\n"


def test_done_keeps_a_crlf_entry_crlf(portfolio):
    portfolio.write(ENTRY, TWO_ACTIONS.replace("\n", "\r\n"), dedent=False)
    result = portfolio.mentornet("done", "fellowship")
    assert result.returncode == 0, result.stderr
    data = (portfolio.root / ENTRY).read_bytes()
    assert b"done: true" in data and data.count(b"\n") == data.count(b"\r\n")


def test_a_read_only_file_is_left_as_it_was_with_one_message(portfolio):
    entry = portfolio.root / ENTRY
    entry.chmod(0o444)
    before = entry.read_bytes()
    message = _one_message(portfolio.mentornet("done", "fellowship"))
    assert "read-only" in message and "2026-01-10-kickoff.md" in message
    assert entry.read_bytes() == before


@needs_strace
def test_done_never_opens_the_entry_for_writing(portfolio):
    """The old way truncated the entry, then wrote it: a kill in between left 0 bytes. Now the
    entry is only ever read; the new text is renamed over it."""
    entry = portfolio.root / ENTRY
    log = portfolio.root.parent / "trace.log"
    result = _under_strace(entry, "open,openat,creat,truncate", [], [sys.executable, "-m", "mentornet", "done",
                                                                        "fellowship"], portfolio.root, log)
    assert result.returncode == 0, result.stderr
    opened = [line for line in log.read_text().splitlines() if "open" in line or "creat" in line]
    assert opened and not [line for line in opened if "O_WRONLY" in line or "O_RDWR" in line or "O_TRUNC" in line]
    assert "done: true" in entry.read_text(encoding="utf-8")


def _renames_before(target: Path, command: list[str], cwd: Path, trace_log: Path) -> int:
    """Run ``command`` under strace and return the position (from 1) of the rename that put
    ``target`` in place (strace's ``-P`` matches a rename by its first path only)."""
    subprocess.run(["strace", "-f", "-qq", "-o", str(trace_log), "-e", "trace=rename,renameat,renameat2", *command],
                   cwd=cwd, capture_output=True)
    renames = [line for line in trace_log.read_text().splitlines() if "rename" in line and "= " in line]
    return next(n for n, line in enumerate(renames, 1) if f'"{target}"' in line.split(",", 1)[1])


@needs_strace
@pytest.mark.parametrize("command", [("done", "fellowship"), ("import", "contacts.csv")])
def test_a_kill_at_the_moment_the_file_is_replaced_leaves_it_whole(portfolio, tmp_path, command):
    """A first copy of the portfolio shows which rename replaces the file; a second, identical
    copy is killed exactly there."""
    portfolio.write("data/plan.yaml", "activities: []\nprospects: []\n")
    (portfolio.root / "contacts.csv").write_text("name,organisation\nGrace Hopper,Navy\n", encoding="utf-8")
    relative = ENTRY if command[0] == "done" else "data/plan.yaml"
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(portfolio.root, first)
    shutil.copytree(portfolio.root, second)
    run = [sys.executable, "-m", "mentornet", *command]
    position = _renames_before(first / relative, run, first, tmp_path / "first.log")
    assert (first / relative).read_bytes() != (second / relative).read_bytes()  # the first copy was changed
    before = (second / relative).read_bytes()
    result = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "-e", "trace=rename,renameat,renameat2",
                             "-e", f"inject=rename,renameat,renameat2:signal=KILL:when={position}", *run],
                            cwd=second, capture_output=True, text=True)
    assert result.returncode != 0  # killed at that rename, before it happened
    assert (second / relative).read_bytes() == before
    assert _mentornet(second, "check").returncode == 0


def test_two_done_at_once_keep_both_ticks(portfolio):
    """Both commands wait for the lock a third holds, then run one after the other."""
    portfolio.write(ENTRY, TWO_ACTIONS, dedent=False)
    with held(portfolio.root / "data"):
        both = [subprocess.Popen([sys.executable, "-m", "mentornet", "done", pattern], cwd=portfolio.root,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for pattern in ("fellowship", "lab visit")]
        for process in both:  # each says it waits: both read nothing before the other's write
            assert "Waiting for another mentornet command" in process.stderr.readline()
    for process in both:
        assert process.wait() == 0, process.stderr.read()
    assert (portfolio.root / ENTRY).read_text(encoding="utf-8").count("done: true") == 2


def test_a_full_disk_leaves_plan_yaml_whole_and_check_sees_no_loss(portfolio, tmp_path):
    with _small_disk(tmp_path / "disk") as disk:
        root = _on_disk(portfolio, disk)
        plan = root / "data" / "plan.yaml"
        plan.write_text("activities:\n  - id: society\n    text: Join the society\nprospects: []\n",
                        encoding="utf-8")
        rows = "".join(f"Person Number{i},Organisation {i}\n" for i in range(400))
        (tmp_path / "contacts.csv").write_text("name,organisation\n" + rows, encoding="utf-8")
        before = plan.read_bytes()
        _fill(disk)
        message = _one_message(_mentornet(root, "import", str(tmp_path / "contacts.csv")))
        assert "plan.yaml" in message and "No space left" in message
        assert plan.read_bytes() == before
        assert not [p for p in (root / "data").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", [("done", "fellowship"), ("log", "diane-roberts", "--text", "Notes."),
                                     ("import", "../contacts.csv"), ("upgrade",), ("schema", "--out", "schemas"),
                                     ("calendar",), ("new", "fresh")])
def test_a_read_only_disk_gives_one_message_and_changes_nothing(portfolio, tmp_path, command):
    (tmp_path / "contacts.csv").write_text("name,organisation\nGrace Hopper,Navy\n", encoding="utf-8")
    with _small_disk(tmp_path / "disk", "4m") as disk:
        root = _on_disk(portfolio, disk)
        shutil.copy(tmp_path / "contacts.csv", disk / "contacts.csv")
        before = _snapshot(root)
        assert subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode == 0
        message = _one_message(_mentornet(root, *command))
        assert any(said in message for said in ("Read-only file system", "read-only", "not writable"))
        assert _snapshot(root) == before


@pytest.mark.parametrize("args", [("export", "--format", "json", "--out", "data/people.yaml"),
                                  ("export", "--format", "graphml", "--out", "mkdocs.yml"),
                                  ("export", "--format", "csv", "--out", "content"),
                                  ("calendar", "--out", "content/journal/2026-01-10-kickoff.md"),
                                  ("schema", "--out", "data")])
def test_out_refuses_to_write_over_the_portfolio(portfolio, args):
    before = _snapshot(portfolio.root)
    message = _one_message(portfolio.mentornet(*args))
    assert "refused" in message
    assert _snapshot(portfolio.root) == before


def test_out_elsewhere_is_written(portfolio):
    result = portfolio.mentornet("export", "--format", "json", "--out", "exports/portfolio.json")
    assert result.returncode == 0, result.stderr
    assert (portfolio.root / "exports" / "portfolio.json").is_file()


# -- the site folder --------------------------------------------------------------------------------

def _site_refused(result: subprocess.CompletedProcess) -> str:
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert "Traceback" not in text, text
    assert "refused" in text or "should not be within" in text, text  # MkDocs' own rule, for docs_dir
    return text


@pytest.mark.parametrize("site_dir", ["data", "content", "public", ".", "data/site", ".."])
def test_site_dir_on_the_portfolio_is_refused_and_nothing_is_deleted(portfolio, site_dir):
    portfolio.build()  # a previous site, and a cache
    before = _snapshot(portfolio.root)
    config = portfolio.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_dir: {site_dir}\n")
    before["mkdocs.yml"] = config.read_bytes()
    _site_refused(portfolio.build(check=False))
    assert _snapshot(portfolio.root) == before
    assert (portfolio.site / "index.html").is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("site_dir", ["data", "content", "."])
def test_mentornet_build_d_on_the_portfolio_is_refused(portfolio, engine, site_dir):
    if engine == "zensical":
        pytest.importorskip("zensical")
    before = _snapshot(portfolio.root)
    _site_refused(portfolio.mentornet("build", "--engine", engine, "-d", site_dir))
    assert _snapshot(portfolio.root) == before


def test_mkdocs_build_d_data_is_refused(portfolio):
    before = _snapshot(portfolio.root)
    _site_refused(portfolio.build("-d", "data", check=False))
    assert _snapshot(portfolio.root) == before


@pytest.mark.parametrize("link", ["site.partial", "site.old", "site"])
def test_a_linked_site_or_side_folder_leaves_the_folder_it_leads_to_alone(portfolio, tmp_path, link):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", encoding="utf-8")
    (portfolio.root / link).symlink_to(Path("..") / "victim")
    text = _site_refused(portfolio.build(check=False))
    assert "symbolic link" in text
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]


def test_the_rule_accepts_a_site_of_its_own_inside_or_outside_the_repository(tmp_path):
    root = tmp_path / "p"
    for name in ("data", "content", "public"):
        (root / name).mkdir(parents=True)
    layout = Layout.of(root, docs_dir="public")
    assert layout.site_folder_problem(root / "site") is None
    assert layout.site_folder_problem(root / "site-mentor") is None
    assert layout.site_folder_problem(tmp_path / "elsewhere" / "site") is None
    assert "is the data folder" in layout.site_folder_problem(root / "data")
    assert "holds the repository" in layout.site_folder_problem(tmp_path)
    assert "is the repository" in layout.site_folder_problem(root)
    assert "lies inside the cache folder" in layout.site_folder_problem(root / ".cache" / "site")
    nested = Layout.of(root, content_dir="pages/content", docs_dir="public")
    assert "holds the content folder" in nested.site_folder_problem(root / "pages")


def test_the_plugin_listed_twice_is_an_error_naming_the_configuration_and_the_site_stays(portfolio):
    portfolio.build()
    config = portfolio.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - mentornet:\n", "  - mentornet\n  - mentornet:\n"))
    result = portfolio.build(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in text
    assert "mkdocs.yml" in text and "listed 2 times" in text
    assert (portfolio.site / "index.html").is_file()


def _mark(site: Path) -> None:
    (site / "built-before.txt").write_text("the previous site", encoding="utf-8")


def _complete(site: Path) -> bool:
    return (site / "index.html").is_file() and (site / "people" / "diane-roberts" / "index.html").is_file()


@needs_strace
def test_a_kill_at_the_swap_leaves_the_previous_site_complete(portfolio):
    portfolio.build()
    _mark(portfolio.site)
    partial = portfolio.root / "site.partial"
    result = _under_strace(partial, "rename,renameat,renameat2", ["rename,renameat,renameat2:signal=KILL"],
                           [sys.executable, "-m", "mkdocs", "build"], portfolio.root)
    assert result.returncode != 0  # killed at the swap
    assert _complete(portfolio.site) and (portfolio.site / "built-before.txt").is_file()
    portfolio.build()
    assert _complete(portfolio.site) and not (portfolio.site / "built-before.txt").exists()
    assert not partial.exists() and not (portfolio.root / "site.old").exists()


@needs_strace
def test_a_kill_between_the_two_renames_of_a_system_without_exchange_is_mended_by_the_next_build(portfolio):
    """Where folders cannot be exchanged in one step (the exchange made to fail here), the old
    site waits in site.old while the new one is renamed in; a kill exactly between the two
    renames leaves it there, and the next build puts it back before anything else, even a
    build that then fails."""
    portfolio.build()
    _mark(portfolio.site)
    partial = portfolio.root / "site.partial"
    result = _under_strace(partial, "rename,renameat,renameat2",
                           ["renameat2:error=EINVAL", "rename,renameat:signal=KILL"],
                           [sys.executable, "-m", "mkdocs", "build"], portfolio.root)
    assert result.returncode != 0
    assert not portfolio.site.exists() and (portfolio.root / "site.old" / "built-before.txt").is_file()
    portfolio.write("data/people.yaml", "- id: Not An Id\n  name: Broken\n")
    assert portfolio.build(check=False).returncode != 0
    assert _complete(portfolio.site) and (portfolio.site / "built-before.txt").is_file()


def test_two_builds_at_once_take_turns_and_leave_a_complete_site(portfolio):
    portfolio.build()
    with held(portfolio.root):  # the lock of the site folder's parent, as a third build would hold it
        both = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=portfolio.root, text=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}) for _ in range(2)]
        for process in both:
            for line in process.stderr:
                if "waiting for it to finish" in line:
                    break
            else:
                pytest.fail("a build did not wait for the other")
    for process in both:
        process.stderr.read()
        assert process.wait() == 0
    assert _complete(portfolio.site)
    assert not (portfolio.root / "site.partial").exists() and not (portfolio.root / "site.old").exists()


def test_the_lock_leaves_no_file_behind(tmp_path):
    """The lock is on the folder itself: nothing to commit, nothing stale after a kill."""
    with held(tmp_path), held(tmp_path.parent):
        pass
    assert list(tmp_path.iterdir()) == []
