"""Generated pages: escaping of user text and relative links between pages."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from mentornet.site.pages import environment, escape_markdown, relative

TARGETS = ["people/a.md", "journal/2026-01-05-x.md", "journal/kind/meeting.md", "board.md",
           "journal/actions.md", "people/index.md", "journal/page/2.md", "history/network.svg"]
FOLDERS = ["", "people", "journal", "journal/kind", "journal/page", "history"]


@pytest.mark.parametrize("target, folder", list(itertools.product(TARGETS, FOLDERS)))
def test_relative_links_match_posixpath(target, folder):
    assert relative(target, folder) == posixpath.relpath(target, folder or ".")


def test_user_text_is_escaped_for_markdown_and_html():
    assert escape_markdown("<b>*Eve*</b> [x](y)") == "&lt;b&gt;\\*Eve\\*&lt;/b&gt; \\[x\\]\\(y\\)"


def test_lines_holding_only_tags_vanish_and_others_keep_their_newline():
    template = environment().from_string("| a |\n{% for x in [1, 2] %}\n| {{ x }}{% if x %} y{% endif %} |\n"
                                         "{% endfor %}\nend\n")
    assert template.render() == "| a |\n| 1 y |\n| 2 y |\nend\n"
