"""A mistake made while ``mkdocs serve`` runs: the browser shows it (the owner's preview only),
and a plain ``mkdocs build`` still fails. Real ``mkdocs serve`` processes on free loopback
ports, fetched over HTTP as a browser does."""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from typing import Callable, Iterator

from tests.conftest import PEOPLE, PortfolioFolder

MISTAKE = "data/people.yaml:6:3: closeness: 'closer' is not a closeness term"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", errors="replace")


def _until(url: str, found: Callable[[str], bool], timeout: float = 60.0) -> str:
    """The page at ``url`` once it satisfies ``found`` (the server rebuilds in the background)."""
    deadline, text = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            text = _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            text = ""
        if found(text):
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed what was expected; last:\n{text[:2000]}")


class Served(str):
    """The address being served; ``output`` is what the server printed, once it has stopped."""

    output = ""


@contextmanager
def _serving(folder: PortfolioFolder, audience: str = "owner", program: str = "mkdocs") -> Iterator[Served]:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "NO_MKDOCS_2_WARNING"}
    env["MENTORNET_AUDIENCE"] = audience
    process = subprocess.Popen([sys.executable, "-m", program, "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=folder.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    served = Served(f"http://127.0.0.1:{port}/")
    try:
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # mentornet serve and the mkdocs it runs
        try:
            served.output = process.communicate(timeout=15)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            served.output = process.communicate()[0]


def _with_audience_from_the_environment(portfolio: PortfolioFolder) -> PortfolioFolder:
    config = (portfolio.root / "mkdocs.yml").read_text(encoding="utf-8")
    portfolio.write("mkdocs.yml", config.replace("  - mentornet:\n", "  - mentornet:\n"
                                                 "      audience: !ENV [MENTORNET_AUDIENCE, owner]\n"), dedent=False)
    return portfolio


def _shown(page: str) -> str:
    return html.unescape(page).replace("\\", "")


def test_a_mistake_made_while_serving_shows_in_the_owners_browser_until_it_is_fixed(portfolio):
    with _serving(portfolio, program="mentornet") as url:
        person = url + "people/diane-roberts/"
        _until(person, lambda page: "Diane Roberts" in page)
        portfolio.write("data/people.yaml", PEOPLE.replace("closeness: close", "closeness: closer"))
        broken = _until(person, lambda page: "could not be built" in page)
        assert MISTAKE in _shown(broken)  # the page the browser was on reloads to the problem
        assert "did you mean 'close'?" in _shown(broken)
        assert "livereload" in broken  # and reloads again once it is fixed
        assert MISTAKE in _shown(_get(url))  # the home page says it too
        portfolio.write("data/people.yaml", PEOPLE)
        fixed = _until(person, lambda page: "could not be built" not in page and "Diane Roberts" in page)
        assert "closer" not in fixed
    assert MISTAKE in url.output  # the terminal says it too
    assert "end of life" not in url.output  # `mentornet serve` silences Material's notice


def test_a_plain_mkdocs_serve_shows_the_mistake_too(portfolio):
    with _serving(portfolio) as url:
        _until(url, lambda page: "Home" in page)
        portfolio.write("data/people.yaml", PEOPLE.replace("closeness: close", "closeness: closer"))
        assert MISTAKE in _shown(_until(url + "people/diane-roberts/", lambda page: "could not be built" in page))


def test_a_portfolio_with_a_mistake_can_be_served_from_the_start(portfolio):
    portfolio.write("data/people.yaml", PEOPLE.replace("closeness: close", "closeness: closer"))
    with _serving(portfolio) as url:
        assert MISTAKE in _shown(_until(url, lambda page: "could not be built" in page))


def test_a_mentors_preview_shows_that_it_failed_but_none_of_the_data(portfolio):
    _with_audience_from_the_environment(portfolio)
    with _serving(portfolio, audience="mentor") as url:
        _until(url, lambda page: "Home" in page)
        portfolio.write("data/people.yaml", PEOPLE.replace("closeness: close", "closeness: ZQ-SERVE-SECRET"))
        broken = _until(url, lambda page: "could not be built" in page)
        assert "ZQ-SERVE-SECRET" not in broken and "data/people.yaml" not in broken
        assert "the terminal running" in _shown(broken)


def test_a_plain_build_still_fails_on_a_mistake(portfolio):
    portfolio.write("data/people.yaml", PEOPLE.replace("closeness: close", "closeness: closer"))
    result = portfolio.build(check=False)
    assert result.returncode != 0
    assert MISTAKE in result.stderr
    assert not (portfolio.site / "index.html").exists()
