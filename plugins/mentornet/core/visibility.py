"""Who may see what: the one scale of visibilities and audiences.

An item is marked ``private``, ``mentor`` or ``public`` (or left unmarked, taking a default);
a build is made for an audience, ``owner``, ``mentor`` or ``public``. An audience sees an
item when the item is at least as open as the audience is far from its owner. Every other
module asks :func:`sees`; none spells the scale again.
"""

from __future__ import annotations

from typing import Optional

from mentornet.core.vocabulary import VISIBILITY

#: The audiences a site can be built for, from the closest to the farthest.
AUDIENCES: tuple[str, ...] = ("owner", "mentor", "public")
#: The visibilities an item can have, from the least to the most open.
VISIBILITIES: tuple[str, ...] = VISIBILITY.ids

_REACH = {audience: rank for rank, audience in enumerate(AUDIENCES)}
_OPENNESS = {visibility: rank for rank, visibility in enumerate(VISIBILITIES)}


def sees(audience: str, visibility: Optional[str], default: str) -> bool:
    """Whether ``audience`` may see an item marked ``visibility`` (or ``default`` when unmarked).

    Raises ``KeyError`` for a term outside the scale: the callers validate first, and an
    unknown term must stop a build, never publish.
    """
    return _OPENNESS[visibility or default] >= _REACH[audience]
