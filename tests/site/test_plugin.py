"""The MkDocs plugin: real sites built by real MkDocs from real portfolios."""

from __future__ import annotations

import re
import subprocess
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.livereload import LiveReloadServer

from tests.conftest import MKDOCS_YML, PEOPLE
from tests.audience.test_canaries import every_byte
from mentornet.site.plugin import MentornetPlugin


def test_the_example_portfolio_builds_strictly(example):
    example.build("--strict")
    for url in ("board", "map", "people", "journal", "analysis", "audit", "plan", "reflections"):
        assert (example.site / url / "index.html").is_file(), url


def test_the_board_groups_people_by_the_support_they_give(portfolio):
    portfolio.build("--strict")
    board = portfolio.page("board")
    sections = re.split(r"<h2 ", board)
    by_heading = {re.search(r'id="([^"]+)"', s).group(1): s for s in sections[1:]}
    assert "Diane Roberts" in by_heading["support-job"]
    assert "Diane Roberts" in by_heading["support-career"]
    assert "Sami Wonder" not in by_heading["support-career"]
    assert "Sami Wonder" in by_heading["support-personal"]
    assert 'href="../people/diane-roberts/"' in board


def test_each_person_has_a_page_with_every_field_in_words(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: diane-roberts
          name: Diane Roberts
          inside: true
          seniority: senior
          closeness: close
          support: [career]
          roles: [sponsor]
          formal: true
          since: 2024-03-01
          notes: |
            Ask about the **fellowship**.
        """)
    portfolio.build("--strict")
    page = portfolio.page("people/diane-roberts")
    for words in ("Career support", "Close", "Senior", "Inside your organisation", "Sponsor",
                  "Formal (through a mentoring programme)", "1 March 2024", "Kick-off"):
        assert words in page, words
    assert "<strong>fellowship</strong>" in page


def test_user_text_is_shown_literally_not_as_html(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: eve
          name: "<script>alert('name')</script> *Eve* [x](javascript:alert(1))"
          notes: "<img src=x onerror=alert(1)> {{ config }}"
        """)
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    portfolio.build("--strict")
    page = portfolio.page("people/eve")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "{{ config }}" in page
    assert 'href="javascript:' not in page


def test_journal_entries_show_date_people_agenda_and_actions_above_the_text(portfolio):
    portfolio.build("--strict")
    page = portfolio.page("journal/2026-01-10-kickoff")
    header, _, body = page.partition("Notes.")
    assert "Saturday 10 January 2026" in header
    assert 'href="../../people/diane-roberts/"' in header
    assert "Goals for the year" in header and "Draft the fellowship outline" in header


def test_invalid_data_fails_the_build_with_the_same_messages_and_writes_no_site(portfolio):
    portfolio.write("data/people.yaml", "- id: a\n  name: A\n  closeness: closer\n")
    result = portfolio.build(check=False)
    assert result.returncode == 1
    assert "data/people.yaml:3:3: closeness: 'closer' is not a closeness term" in result.stderr
    assert "Traceback" not in result.stderr
    assert not portfolio.site.exists()


def test_a_failed_build_leaves_the_previous_site_in_place(portfolio):
    portfolio.build()
    portfolio.write("data/people.yaml", "- id: a\n")
    assert portfolio.build(check=False).returncode == 1
    assert "Diane Roberts" in portfolio.page("board")


def test_the_navigation_stays_short_with_many_people(portfolio):
    people = "".join(f"- id: p{i}\n  name: Person {i}\n" for i in range(40))
    portfolio.write("data/people.yaml", people)
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    portfolio.build("--strict")
    home = (portfolio.site / "index.html").read_text()
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "Person 7" not in nav
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    assert titles[:9] == ["Home", "Board", "Map", "People", "Journal", "Analysis", "Audit", "Plan",
                          "Reflections"]
    assert "Person 7" in portfolio.page("people")


def test_a_mentor_build_leaves_out_private_people_and_entries(portfolio):
    portfolio.write("data/people.yaml", """\
        - id: diane-roberts
          name: Diane Roberts
        - id: secret-person
          name: Canary Secret Person
          visibility: private
        """)
    portfolio.entry("2026-03-01-private", "date: 2026-03-01\nvisibility: private\ntitle: Canary entry")
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      audience: mentor'))
    result = portfolio.build("--strict")
    text = every_byte(portfolio.site, result.stdout, result.stderr)  # names, the sitemap and search index too
    assert [word for word in ("canary", "secret-person", "2026-03-01-private") if word in text] == []
    assert "diane roberts" in text and "people/diane-roberts/" in text


def test_serve_watches_the_data_folder(portfolio):
    config = load_config(str(portfolio.root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(portfolio.site))
    plugin = config.plugins["mentornet"]
    assert isinstance(plugin, MentornetPlugin)
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert str(portfolio.root / "data") in server._watched_paths


def test_a_dirty_build_without_a_cache_removes_its_temporary_pages_when_mkdocs_shuts_down(portfolio):
    """``--dirty`` writes the generated pages to files; with ``cache: false`` they go to a
    temporary folder outside the project, which ``on_shutdown`` (not an exit hook) removes."""
    portfolio.write("mkdocs.yml", (portfolio.root / "mkdocs.yml").read_text().replace(
        'today: "2026-11-22"', 'today: "2026-11-22"\n      cache: false'))
    config = load_config(str(portfolio.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=True)
    try:
        build(config, dirty=True)
        scratch = config.plugins["mentornet"].dirty_build.scratch
        assert scratch is not None and (scratch / "owner" / "board.md").is_file()
    finally:
        config.plugins.on_shutdown()
    assert not scratch.exists()
    assert not (portfolio.root / ".cache").exists()  # nothing written in the project either


def test_serve_suggests_dirty_rebuilds_once_for_a_large_portfolio(portfolio, caplog):
    portfolio.write("data/people.yaml", "".join(f"- id: p{i}\n  name: Person {i}\n" for i in range(301)))
    (portfolio.root / "content/journal/2026-01-10-kickoff.md").unlink()
    config = load_config(str(portfolio.root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    with caplog.at_level("INFO", logger="mkdocs.plugins.mentornet"):
        for _ in range(2):  # a build, then a rebuild, as `mkdocs serve` runs them
            config = config.plugins.on_config(config)
            config.plugins.on_files(get_files(config), config=config)
    hints = [r for r in caplog.records if "mkdocs serve --dirty" in r.getMessage()]
    assert len(hints) == 1


def test_generated_pages_kept_between_builds_follow_the_data_the_journal_and_today(portfolio):
    portfolio.build("--strict")
    assert "Sami Wonder" in portfolio.page("board") and "Overdue (1)" in portfolio.page("journal/actions")
    portfolio.write("data/people.yaml", PEOPLE.replace("Sami Wonder", "Sami Renamed"), dedent=False)
    portfolio.build("--strict")
    assert "Sami Renamed" in portfolio.page("board") and "Sami Wonder" not in portfolio.page("board")

    kickoff = portfolio.root / "content/journal/2026-01-10-kickoff.md"
    kickoff.write_text(kickoff.read_text().replace("Draft the fellowship outline", "Draft the grant"))
    portfolio.build("--strict")
    assert "Draft the grant" in portfolio.page("journal/actions")

    config = portfolio.root / "mkdocs.yml"
    config.write_text(config.read_text().replace('today: "2026-11-22"', 'today: "2026-01-20"'))
    portfolio.build("--strict")
    actions = portfolio.page("journal/actions")
    assert "Overdue" not in actions and "Open (1)" in actions


def test_the_analysis_kept_between_builds_follows_the_data_and_its_settings(portfolio):
    portfolio.build("--strict")
    assert "density 1.00" in portfolio.page("analysis") and "2 social systems (low)" in portfolio.page("analysis")
    portfolio.write("data/people.yaml", PEOPLE.replace("  knows: [sami-wonder]\n", ""), dedent=False)
    portfolio.build("--strict")
    assert "density 0.00" in portfolio.page("analysis")
    config = portfolio.root / "mkdocs.yml"
    config.write_text(config.read_text().replace('today: "2026-11-22"',
                                                 'today: "2026-11-22"\n      analysis: {range_high_min: 2}'))
    portfolio.build("--strict")
    assert "2 social systems (high)" in portfolio.page("analysis")


def test_a_strict_build_that_fails_on_warnings_keeps_the_previous_site(portfolio):
    portfolio.build("--strict")
    before = portfolio.page("")
    portfolio.write("content/index.md", "# Home\n\nZQ-NEW-TEXT\n\n<!-- private -->\nZQ-UNCLOSED\n")
    result = portfolio.build("--strict", check=False)
    assert result.returncode == 1 and "ZQ-UNCLOSED" not in result.stderr
    assert portfolio.page("") == before and "ZQ-NEW-TEXT" not in portfolio.page("")
    assert not (portfolio.root / "site.partial").exists()


def test_serve_watches_the_content_and_the_repositorys_commits(portfolio):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=portfolio.root, check=True)
    config = load_config(str(portfolio.root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(portfolio.site))
    config.plugins["mentornet"].on_serve(server, config=config, builder=lambda: None)
    watched = set(server._watched_paths)
    assert {str(portfolio.root / "content"), str(portfolio.root / ".git" / "HEAD"),
            str(portfolio.root / ".git" / "refs")} <= watched  # a commit moves HEAD or a branch


def test_a_build_leaves_no_object_frozen_for_the_garbage_collector(portfolio):
    """The plugin spares the collector the pipeline's objects while the build runs; once it is
    over, succeeded or failed (as between ``mkdocs serve``'s rebuilds), it collects them again."""
    script = ("import gc\nfrom mkdocs.config import load_config\nfrom mkdocs.commands.build import build\n"
              "config = load_config('mkdocs.yml')\nconfig.plugins.on_startup(command='build', dirty=False)\n"
              "try:\n    build(config)\nexcept Exception as error:\n    print('failed:', error)\n"
              "print('frozen', gc.get_freeze_count())\n")

    def frozen_after_a_build() -> str:
        result = subprocess.run([sys.executable, "-c", script], cwd=portfolio.root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout + result.stderr

    said = frozen_after_a_build()
    assert "failed" not in said and "frozen 0" in said
    assert (portfolio.site / "people" / "diane-roberts" / "index.html").is_file()
    # a template that cannot be read fails the build after the portfolio and history are made
    portfolio.write("templates/person.md", "{% if %}\n")
    portfolio.write("mkdocs.yml", MKDOCS_YML.replace('today: "2026-11-22"', 'today: "2026-11-22"\n'
                                                     "      templates: templates"), dedent=False)
    said = frozen_after_a_build()
    assert "failed:" in said and "person.md" in said and "frozen 0" in said
