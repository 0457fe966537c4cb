"""Where the map places people: rings by closeness around you, seniors at the top, every
node placed in Python so Graphviz (``neato -n2``) only draws them (see :mod:`.dot`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple, Optional

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio
from mentornet.diagrams.style import MAP_NAME, MAP_TEXT, RINGS, SENIORITY_ORDER, active_people, person_box, you_box


@dataclass
class _Rect:
    x: float
    y: float
    w: float
    h: float

    def far(self) -> float:
        return math.hypot(abs(self.x) + self.w / 2, abs(self.y) + self.h / 2)


class _Grid:
    """A spatial hash of placed rectangles, so placing many nodes stays fast. A rectangle is
    kept as a tuple ``(x, y, w, h)`` in every cell it touches; :meth:`free` is the hot loop
    of :func:`map_layout`, so it works on
    plain floats: two boxes overlap when, on both axes, their centres are closer than half
    their sizes and the gap on each side."""

    def __init__(self, cell: float = 120.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, x: float, y: float, w: float, h: float) -> Iterable[tuple[int, int]]:
        c = self.cell
        js = range(math.floor((y - h / 2) / c), math.floor((y + h / 2) / c) + 1)
        for i in range(math.floor((x - w / 2) / c), math.floor((x + w / 2) / c) + 1):
            for j in js:
                yield i, j

    def add(self, rect: _Rect) -> None:
        box = (rect.x, rect.y, rect.w, rect.h)
        for key in self._keys(*box):
            self.cells.setdefault(key, []).append(box)

    def free(self, x: float, y: float, w: float, h: float, gap: float) -> bool:
        """Whether a w×h rectangle at (x, y) keeps ``gap`` clear of every placed one."""
        c, cells, gap2, floor = self.cell, self.cells, 2 * gap, math.floor
        j0, j1 = floor((y - h / 2) / c), floor((y + h / 2) / c) + 1
        i0, i1 = floor((x - w / 2) / c), floor((x + w / 2) / c) + 1
        if i1 - i0 == 1 and j1 - j0 == 1:  # (most boxes: one cell)
            for ox, oy, ow, oh in cells.get((i0, j0), ()):
                if abs(ox - x) * 2 < ow + w + gap2 and abs(oy - y) * 2 < oh + h + gap2:
                    return False
            return True
        for i in range(i0, i1):
            for j in range(j0, j1):
                for ox, oy, ow, oh in cells.get((i, j), ()):
                    if abs(ox - x) * 2 < ow + w + gap2 and abs(oy - y) * 2 < oh + h + gap2:
                        return False
        return True


class _Placing(NamedTuple):
    """What :func:`map_layout` reads of a person."""

    id: str
    closeness: Optional[str]
    seniority: Optional[str]
    box: tuple[float, float]


def _ring_order(people: list[_Placing]) -> list[_Placing]:
    """Seniors first (top), then peers and unknown down the right, juniors (bottom), then up the left."""
    by = {s: [p for p in people if p.seniority == s] for s in SENIORITY_ORDER}
    peers, unknown = by["peer"], by[None]
    half_p, half_u = (len(peers) + 1) // 2, (len(unknown) + 1) // 2
    return (by["senior"] + peers[:half_p] + unknown[:half_u] + by["junior"]
            + unknown[half_u:] + peers[half_p:])


@dataclass
class MapLayout:
    """Where everything of the map goes, in points (y up): computed in Python, drawn by neato -n2."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: (ring id or None, outer radius, label position)
    rings: list[tuple[Optional[str], float, tuple[float, float]]] = field(default_factory=list)


#: The map's rings are ellipses this much wider than tall: names are wide, screens landscape;
#: not much more, since the map's width decides how small its text gets on a page (and a
#: phone is taller than wide).
ASPECT = 1.1
#: Clearance (points) between a ring's line and the people on either side of it, so that
#: whose ring a person is in is never in doubt.
RING_CLEARANCE = 10.0


#: The slivers of a ring (radians) by which :func:`_placed` remembers how far out room was found.
_SLIVER = 0.05
#: The most steps (of 6 points) :func:`_placed` looks to either side of a person's place at one
#: distance before it looks further out: more than a ring of tens of people needs, and what
#: keeps a ring of thousands from trying more places at every distance the bigger it gets.
_STEPS = 20
#: Rings of more people than this use both shortcuts (a small ring is placed as it always was:
#: the shortcuts would push a person of a ring of fifteen outwards, and the map would shrink).
_LARGE_RING = 200


def _need(w: float, h: float, angle: float, gap: float) -> float:
    """Room a w×h node takes along a ring at ``angle`` (its extent along the tangent)."""
    return w * abs(math.sin(angle)) + h * abs(math.cos(angle)) + 2 * gap


def map_layout(portfolio: Portfolio, people: Optional[list[Person]] = None) -> MapLayout:
    """Place you at the centre and everyone in the ring of their closeness.

    Works in a space squashed horizontally by :data:`ASPECT` (so rings are circles there and
    ellipses on the page). Around each ring, people are ordered seniors (top), peers and
    unknown (sides), juniors (bottom); each gets an arc in proportion to the room it needs.
    Then each person goes to the first free spot nearest its arc, moving outwards when the
    ring is full, so a crowded ring becomes a band several people deep instead of a huge circle.

    Worked out once for the map and the history's "then and now" of the same people (the
    same boxes in the same rings: all the placing reads of them, :func:`_placed`).
    """
    people = active_people(portfolio) if people is None else people
    return _placed(you_box(portfolio), tuple((p.id, p.closeness, p.seniority, person_box(p, MAP_NAME))
                                             for p in people))


@lru_cache(maxsize=8)
def _placed(you: tuple[float, float], people: tuple[tuple[str, Optional[str], Optional[str], tuple[float, float]], ...]
            ) -> MapLayout:
    """:func:`map_layout` of your box and each person's id, ring, seniority and box."""
    layout = MapLayout()
    you_w, you_h = you
    gap, pad = 3.0, RING_CLEARANCE
    # the first ring has no line inside it, only you: its people keep clear of your box
    your_box = _Rect(0.0, 0.0, you_w / ASPECT + 2 * pad, you_h + 2 * pad)
    inner = you_h / 2
    label_rect: Optional[_Rect] = None
    for ring_index, ring in enumerate(RINGS):
        members = _ring_order([_Placing(*p) for p in people if p[1] == ring])
        if not members:
            continue
        grid = _Grid()
        if label_rect is not None:
            grid.add(label_rect)
        else:
            grid.add(your_box)
        sizes = [(p.box[0] / ASPECT, p.box[1]) for p in members]
        n = len(members)
        # arcs in proportion to the room each needs (two passes: the need depends on the angle)
        angles = [math.pi / 2 - i * 2 * math.pi / n for i in range(n)]
        for _ in range(2):
            needs = [_need(w, h, a, gap) for (w, h), a in zip(sizes, angles)]
            total = sum(needs)
            seniors = sum(1 for p in members if p.seniority == "senior")
            centre = sum(needs[:seniors]) / 2 if seniors else 0.0
            # turn each ring a little, so lines from you to an outer ring do not run through
            # the people of the inner rings (one senior per ring would line up at the top)
            turn = min(math.pi / n, 0.3) * (0, 1, -1, 0.5)[ring_index]
            done = 0.0
            angles = []
            for need in needs:
                middle = done + need / 2
                angles.append(math.pi / 2 + turn - (middle - centre) / total * 2 * math.pi)
                done += need
        placed: list[_Rect] = []
        least = inner + pad
        # the radius at which the last person aimed at each sliver of the ring found room: the
        # next one there starts a little inside it, not at the ring's inner edge again (in a
        # band many people deep, every search from the inner edge made the placing quadratic)
        reached: dict[int, float] = {}
        large = n > _LARGE_RING
        for person, (w, h), target, need in zip(members, sizes, angles, needs):
            sliver = math.floor((target % (2 * math.pi)) / _SLIVER)
            radius = max(inner + pad + h / 2, reached.get(sliver, 0.0) - 3 * h if large else 0.0)
            reach = min(math.pi, max(need / total * math.pi, 0.1)) if n > 1 else 0.0
            half_w, half_h = w / 2, h / 2
            spot = None
            free, cos, sin, hypot = grid.free, math.cos, math.sin, math.hypot
            for _ in range(2000):
                step = 6.0 / radius
                deltas = [0.0]
                k = 1
                while k * step <= reach and (k <= _STEPS or not large):  # a big ring's wide arc: its middle
                    deltas += [k * step, -k * step]
                    k += 1
                for delta in deltas:
                    angle = target + delta
                    x, y = radius * cos(angle), radius * sin(angle)
                    # the distance from the centre to the nearest point of the box
                    off_x, off_y = abs(x) - half_w, abs(y) - half_h
                    near = hypot(0.0 if off_x < 0.0 else off_x, 0.0 if off_y < 0.0 else off_y)
                    if near >= least and free(x, y, w, h, gap):
                        spot = _Rect(x, y, w, h)
                        break
                if spot:
                    break
                radius += h * 0.35
            assert spot is not None
            reached[sliver] = max(reached.get(sliver, 0.0), radius)
            grid.add(spot)
            placed.append(spot)
            layout.positions[person.id] = (spot.x * ASPECT, spot.y)
        outer = max(rect.far() for rect in placed) + pad
        layout.rings.append((ring, outer, (0.0, outer)))
        label_rect = _Rect(0.0, outer, _ring_label_width(ring) / ASPECT, MAP_TEXT + 8.0)
        inner = outer
    return layout


def ring_text(ring: Optional[str]) -> str:
    return (v.CLOSENESS.label(ring) if ring else "Closeness not recorded").upper()


def _ring_label_width(ring: Optional[str]) -> float:
    return len(ring_text(ring)) * MAP_TEXT * 0.7 + 12
