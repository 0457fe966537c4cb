"""The scale of visibilities: how open an item is.

An item is marked ``private``, ``mentor`` or ``public`` (or left unmarked: the portfolio's
sharing policy says what that means, ``private`` unless it says otherwise). Who sees what is
decided by the audience (:mod:`mentornet.audience.view`), which asks :func:`openness`; no
module spells the scale again.
"""

from __future__ import annotations

from mentornet.core.vocabulary import VISIBILITY

#: The key that states an item's or a page's visibility, in data, front matter and config.
KEY = "visibility"
#: Keys whose value decides who sees something: an item's or a page's visibility, and the sharing
#: policy's (``data/sharing.yaml``). Each must be written as a plain word, never empty, null or tagged.
DECIDING_KEYS = frozenset({KEY, "unmarked", "pages"})
#: The visibilities an item can have, from the least to the most open.
VISIBILITIES: tuple[str, ...] = VISIBILITY.ids

_OPENNESS = {visibility: rank for rank, visibility in enumerate(VISIBILITIES)}


def openness(visibility: str) -> int:
    """0 for ``private`` up to 2 for ``public``; ``KeyError`` for anything else."""
    return _OPENNESS[visibility]
