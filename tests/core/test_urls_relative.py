"""One rule for links between the site's files (core.urls.relative): what posixpath.relpath
gives for normal paths, for pages, folders and paths leading above the docs folder alike (an
entry's notes shown on another page link all three)."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from mentornet.core.urls import relative

TARGETS = ["people/a.md", "journal/2026-01-05-x.md", "journal/kind/meeting.md", "board.md", "people",
           "journal", "journal/kind", ".", "../outside.md", "../../far/away.pdf", "files/offer.pdf"]
FOLDERS = ["", "people", "journal", "journal/kind", "journal/page", "history", "files"]


@pytest.mark.parametrize("target, folder", list(itertools.product(TARGETS, FOLDERS)))
def test_a_link_from_a_folder_is_what_relpath_gives(target, folder):
    assert relative(target, folder) == posixpath.relpath(target, folder or ".")
