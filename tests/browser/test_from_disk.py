"""`scripts/setup build` makes a site that works opened from disk (file://), as it says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from tests.conftest import REPO


def _setup_build_flags() -> list[str]:
    """The flags `scripts/setup build` gives `mkdocs build` (so this tests what the script runs)."""
    script = (REPO / "scripts" / "setup").read_text(encoding="utf-8")
    line = re.search(r'mkdocs" build (.*)', script)
    assert line, "scripts/setup no longer builds with mkdocs build"
    return shlex.split(line.group(1))


def test_the_built_example_opens_from_disk_page_by_page(browser, tmp_path):
    root = tmp_path / "example-portfolio"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mentornet", "new", "--demo", str(root)], check=True,
                   capture_output=True, env=env)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", *_setup_build_flags()], cwd=root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    try:
        page.goto((root / "site" / "index.html").as_uri())
        for name, heading in (("Board", "board"), ("Map", "map"), ("People", "People"), ("History", "History")):
            page.goto((root / "site" / "index.html").as_uri())
            page.get_by_role("link", name=name, exact=True).first.click()
            page.wait_for_load_state("load")
            assert page.url.startswith("file://") and page.url.endswith(".html"), page.url
            assert heading in page.locator("h1").first.inner_text(), page.url  # a page, not a folder listing
        page.goto((root / "site" / "map.html").as_uri())
        node = page.locator("svg a[*|href^='people/']").first
        target = node.get_attribute("xlink:href")
        node.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(target), (page.url, target)
        assert page.locator("h1").count() == 1
    finally:
        page.close()
