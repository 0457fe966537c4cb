"""Portfolio → DOT source: pure functions, no I/O, no MkDocs.

Each diagram is a :class:`Diagram`: its name, its DOT source, the Graphviz engine (and
arguments) it is meant for, and a one-sentence text alternative for ``aria-label``.

    map            the network map of the Developmental Network Exercise: you at the centre,
                   rings for close / moderate / distant relationships, marks for support and
                   seniority, solid lines inside your organisation and dashed lines outside
    roles          you in the middle and the mentoring roles around you; an empty role is a
                   dashed, empty slot
    range          people grouped by social system, one cluster per system
    person:<id>    a small diagram for a person's page: them, you, and whom they know
    difference     then and now: who joined (+), left (−) or changed (Δ) between two snapshots
                   of the history (``difference`` or ``difference: v2025..v2026``)

Layout choices (measured with ``benchmarks/diagrams_300.py`` at 300 people):

* The map and the person diagrams place every node in Python and let ``neato -n2`` only
  draw them (``pos="x,y!"`` in points). That is deterministic, independent of Graphviz's
  layout heuristics, and the fastest option at 300 people; straight edges (``splines=false``)
  because spline routing around 300 nodes costs tens of seconds with neato or twopi.
* The roles diagram is a small hierarchy (mentors above you, peers beside, mentees below)
  and uses ``dot``. The range diagram packs one cluster per social system with ``osage``
  (0.05 s at 300 people; ``dot`` spreads clusters into one very wide rank).

Every user string reaches DOT through :func:`html_text` (HTML-like labels, ``html.escape``)
or :func:`quote` (double-quoted strings: ``\\`` and ``"`` escaped), so quotes, backslashes,
braces, ``<``/``>``, HTML and DOT syntax come out literally.

Colours are *tokens* from :data:`PALETTE`; :mod:`.embed` turns them into CSS classes so the
diagrams follow Material's light and dark schemes. Colour never carries meaning alone:
support has letters, seniority has ▲●▼ marks, inside/outside has solid/dashed lines.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple, Optional

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio
from mentornet.core.voice import Voice

#: The owner's own site: diagrams speak to them ("you", "your organisation").
OWNER = Voice()

#: Colour tokens → fallback (light scheme) colours. The values are unusual on purpose:
#: :mod:`.embed` recognises them in the SVG and adds the CSS class ``mn-fill-<token>`` /
#: ``mn-stroke-<token>`` so ``diagrams.css`` can restyle them for light and dark schemes.
PALETTE: dict[str, str] = {
    "fg": "#1f2329",         # text, main lines
    "muted": "#5c6371",      # secondary text, lines to people
    "faint": "#a9afb9",      # ties among people
    "line": "#cdd2da",       # rings, slot borders
    "surface": "#f4f5f7",    # node background
    "bg": "#fefefd",         # page background (label backgrounds that interrupt lines)
    "accent": "#3f51b4",     # you
    "on-accent": "#fdfdfc",  # text on the accent colour
    "job": "#1565c1",
    "career": "#6a1b9b",
    "personal": "#b71c1d",
}
#: The same, from colour back to token (used by :mod:`.embed`); Graphviz's own default
#: black and white (user diagrams) map to the page's foreground and background.
TOKENS: dict[str, str] = {**{colour: token for token, colour in PALETTE.items()},
                          "black": "fg", "#000000": "fg", "white": "bg", "#ffffff": "bg"}

FONT = "Helvetica,Arial,sans-serif"
#: URL scheme of links to a person's page; :func:`.embed.insert` rewrites it per page.
PERSON_URL = "mentornet:person/{id}"
#: Version of the diagram designs; part of the render cache key (see :mod:`.render`).
DESIGN_VERSION = "3"

#: The seniority order around a ring: seniors at the top, juniors at the bottom.
SENIORITY_ORDER = ("senior", "peer", None, "junior")
#: Closeness rings from the centre outwards; ``None`` (not recorded) is an outer ring.
RINGS: tuple[Optional[str], ...] = ("close", "moderate", "distant", None)
MAX_NAME = 28
#: Point sizes of the map (and of the difference, drawn on the map's rings): names, and every
#: other text. A map is drawn at most at its natural size and shrinks to fit the page, so these
#: and the map's width decide how large its text looks (see ``tests/browser``: 11 CSS px at least
#: for 15 people on a 1280 px wide screen).
MAP_NAME = 12
MAP_TEXT = 12
MAX_SLOT_NAMES = 12
#: The most ties among a person's acquaintances their diagram draws (faint lines under the rows):
#: beyond it they are left out and the title says so. Drawn every time, a network where everyone
#: knows everyone would cost a person diagram as many lines as the whole map, n times over (at
#: 101 people, half a million lines), and no one could read them.
MAX_TIES_AMONG = 400


class UnknownDiagram(ValueError):
    """A diagram name that is not one of :func:`names`, or a person who is not in the network."""


@dataclass(frozen=True)
class Diagram:
    name: str
    source: str
    engine: str = "dot"
    args: tuple[str, ...] = ()
    #: A text alternative: what the diagram shows, in a sentence or two (``aria-label``).
    title: str = ""


# --------------------------------------------------------------------------- escaping

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean(text: object) -> str:
    """One line of text: control characters (newlines included) become single spaces."""
    return _CONTROL.sub(" ", str(text)).strip()


def html_text(text: object) -> str:
    """Text for an HTML-like label: shown literally, never interpreted as markup.

    Graphviz 2.43 also expands escStrings in HTML-like labels (``\\N`` becomes the node's
    name), so backslashes are doubled as well."""
    return html.escape(clean(text), quote=True).replace("\\", "\\\\")


def quote(text: object) -> str:
    """A double-quoted DOT string shown literally, for attributes such as ``tooltip``.

    Graphviz 2.43 unescapes a tooltip twice (the parser, then the escString expansion of
    ``\\N``, ``\\G``…), so a literal backslash takes four; ``"`` takes ``\\"``."""
    return '"' + clean(text).replace("\\", "\\\\\\\\").replace('"', '\\"') + '"'


def short(text: str, limit: int = MAX_NAME) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attrs(**values: object) -> str:
    """``[a="1", b=<...>]`` — values starting with ``<`` and ending with ``>`` are HTML labels."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        text = str(value)
        if key == "label" and text.startswith("<") and text.endswith(">"):
            parts.append(f"{key}={text}")
        else:
            parts.append(f"{key}={quote(text)}")
    return "[" + ", ".join(parts) + "]"


def node_id(prefix: str, ident: str) -> str:
    return quote(f"{prefix}:{ident}")


# --------------------------------------------------------------------------- shared pieces

def active_people(portfolio: Portfolio) -> list[Person]:
    """The people in the network now (``until`` not set), in a stable order."""
    return sorted((p for p in portfolio.people if p.until is None), key=lambda p: (p.name.lower(), p.id))


def seniority_mark(person: Person) -> str:
    return v.SENIORITY.by_id[person.seniority].mark if person.seniority else ""


def tooltip(person: Person, voice: Voice = OWNER) -> str:
    """What hovering over a person says: name, title, organisation and the map's categories."""
    facts = [person.name]
    if person.title:
        facts.append(person.title)
    if person.organisation:
        facts.append(person.organisation)
    details = []
    if person.closeness:
        details.append(v.CLOSENESS.label(person.closeness))
    if person.seniority:
        details.append(v.SENIORITY.label(person.seniority))
    if person.inside is not None:
        details.append(("inside " if person.inside else "outside ") + voice.your() + " organisation")
    if person.support:
        details.append("support: " + ", ".join(v.SUPPORT.label(s).lower() for s in person.support))
    if details:
        facts.append("; ".join(details))
    return " — ".join(facts)


def _badge(size: int) -> tuple[int, int]:
    """Width and height of a support letter's badge for letters of ``size`` points."""
    return round(size * 2), round(size * 1.75)


def _support_cells(person: Person, size: int = 8) -> str:
    cells = []
    width, height = _badge(size)
    for term in v.SUPPORT:
        if term.id in person.support:
            colour = PALETTE[term.id]
            cells.append(f'<TD BORDER="1" COLOR="{colour}" CELLPADDING="1" STYLE="rounded" WIDTH="{width}" '
                         f'HEIGHT="{height}" FIXEDSIZE="TRUE">'
                         f'<FONT POINT-SIZE="{size}" COLOR="{colour}"><B>{term.mark}</B></FONT></TD>')
    return "".join(cells)


def _letter_size(size: int) -> int:
    """Support letters: a little smaller than the name they sit under, except on the map,
    where no text is smaller than :data:`MAP_TEXT`."""
    return MAP_TEXT if size >= MAP_NAME else max(size - 2, 8)


def person_label(person: Person, *, size: int = 10, link: bool = False, min_width: int = 0) -> str:
    """A person as an HTML-like label: seniority mark and name, then support letters
    (``min_width``: at least this wide, in points, e.g. to fill a cluster under its title)."""
    mark = seniority_mark(person)
    name = html_text(short(person.name))
    head = f"{html.escape(mark)} {name}" if mark else name
    letters = _letter_size(size)
    badges = _support_cells(person, letters)
    rows = [f'<TR><TD CELLPADDING="1"><FONT POINT-SIZE="{size}" COLOR="{PALETTE["fg"]}">{head}</FONT></TD></TR>']
    if badges:
        count = len(person.support)
        width, height = _badge(letters)
        rows.append(f'<TR><TD CELLPADDING="0"><TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0" '
                    f'FIXEDSIZE="TRUE" WIDTH="{count * (width + 2) + 2}" HEIGHT="{height + 4}">'
                    f'<TR>{badges}</TR></TABLE></TD></TR>')
    inner = "".join(rows)
    wide = f' WIDTH="{min_width}"' if min_width else ""
    return (f'<<TABLE BORDER="1" STYLE="rounded" COLOR="{PALETTE["line"]}" BGCOLOR="{PALETTE["surface"]}" '
            f'CELLBORDER="0" CELLSPACING="2" CELLPADDING="2"{wide}>{inner}</TABLE>>')


def person_box(person: Person, size: int = 10) -> tuple[float, float]:
    """An estimate of the node's width and height in points (for placing nodes in Python);
    generous, since Graphviz measures the text with the fonts it finds."""
    chars = len(short(person.name)) + (2 if person.seniority else 0)
    badge_w, badge_h = _badge(_letter_size(size))
    width = max(chars * size * 0.58 + 12, len(person.support) * (badge_w + 2) + 14, 30)
    height = size * 1.5 + 10 + (badge_h + 6 if person.support else 0)
    return width, height


def person_node(person: Person, pos: Optional[tuple[float, float]] = None, size: int = 10,
                classes: str = "", min_width: int = 0, voice: Voice = OWNER) -> str:
    cls = " ".join(filter(None, ["mn-person", f"mn-{person.seniority}" if person.seniority else "",
                                 classes]))
    return (f"{node_id('p', person.id)} " + attrs(
        label=person_label(person, size=size, min_width=min_width), shape="plain", URL=PERSON_URL.format(id=person.id),
        tooltip=tooltip(person, voice), target="_top", **{"class": cls},
        pos=f"{pos[0]:.1f},{pos[1]:.1f}!" if pos else None) + ";")


def you_node(portfolio: Portfolio, pos: Optional[tuple[float, float]] = None, voice: Voice = OWNER) -> str:
    """The owner at the centre: marked YOU on their own site, by name alone on anyone else's."""
    name = html_text(short(portfolio.profile.name, 36))
    label = (f'<<TABLE BORDER="0" BGCOLOR="{PALETTE["accent"]}" STYLE="rounded" CELLPADDING="6" CELLSPACING="0">'
             f'<TR><TD>'
             + (f'<FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["on-accent"]}">YOU</FONT><BR/>' if voice.owner else "")
             + f'<FONT POINT-SIZE="{MAP_NAME}" COLOR="{PALETTE["on-accent"]}"><B>{name}</B></FONT></TD></TR></TABLE>>')
    tip = f"You: {clean(portfolio.profile.name)}" if voice.owner else clean(portfolio.profile.name)
    return ('"you" ' + attrs(label=label, shape="plain", tooltip=tip,
                            **{"class": "mn-you"},
                            pos=f"{pos[0]:.1f},{pos[1]:.1f}!" if pos else None) + ";")


def you_box(portfolio: Portfolio) -> tuple[float, float]:
    return max(len(short(portfolio.profile.name, 36)) * MAP_NAME * 0.6 + 16, 50), MAP_NAME + MAP_TEXT + 28.0


def edge_style(person: Person) -> tuple[str, str]:
    """(style, class) of the line from you: solid inside, dashed outside, dotted if unknown."""
    if person.inside is True:
        return "solid", "mn-inside"
    if person.inside is False:
        return "dashed", "mn-outside"
    return "dotted", "mn-inside-unknown"


def _header(kind: str, name: str, *, layout_attrs: str) -> list[str]:
    return [
        f"{kind} {quote(name)} {{",
        f'  graph [bgcolor="transparent", fontname="{FONT}", fontcolor="{PALETTE["fg"]}", '
        f'pad="0.2", {layout_attrs}];',
        f'  node [fontname="{FONT}", fontsize="10", fontcolor="{PALETTE["fg"]}", '
        f'color="{PALETTE["muted"]}"];',
        f'  edge [fontname="{FONT}", color="{PALETTE["muted"]}", arrowhead="none", penwidth="1"];',
    ]


# --------------------------------------------------------------------------- the map

@dataclass
class _Rect:
    x: float
    y: float
    w: float
    h: float

    def far(self) -> float:
        return math.hypot(abs(self.x) + self.w / 2, abs(self.y) + self.h / 2)


class _Grid:
    """A spatial hash of placed rectangles, so placing 1,000 nodes stays fast. A rectangle is
    kept as a tuple ``(x, y, w, h)`` in every cell it touches; :meth:`free` is the hot loop
    of :func:`map_layout` (hundreds of thousands of calls at 1,000 people), so it works on
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
    you = _Rect(0.0, 0.0, you_w / ASPECT + 2 * pad, you_h + 2 * pad)
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
            grid.add(you)
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
        for person, (w, h), target, need in zip(members, sizes, angles, needs):
            sliver = math.floor((target % (2 * math.pi)) / _SLIVER)
            radius = max(inner + pad + h / 2, reached.get(sliver, 0.0) - 3 * h)
            reach = min(math.pi, max(need / total * math.pi, 0.1)) if n > 1 else 0.0
            half_w, half_h = w / 2, h / 2
            spot = None
            free, cos, sin, hypot = grid.free, math.cos, math.sin, math.hypot
            for _ in range(2000):
                step = 6.0 / radius
                deltas = [0.0]
                k = 1
                while k * step <= reach and k <= _STEPS:  # a wide arc of a big ring: its middle only
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


def network_map(portfolio: Portfolio, voice: Voice = OWNER) -> Diagram:
    people = active_people(portfolio)
    layout = map_layout(portfolio, people)
    lines = _header("graph", "map", layout_attrs='splines="false", outputorder="edgesfirst", overlap="true"')
    lines += _rings(layout)  # first, so everything else is drawn over them
    lines.append("  " + you_node(portfolio, (0.0, 0.0), voice))
    for person in people:
        lines.append("  " + person_node(person, layout.positions[person.id], size=MAP_NAME, voice=voice))
    for person in people:
        style, cls = edge_style(person)
        lines.append(f'  "you" -- {node_id("p", person.id)} ' + attrs(
            style=style, color=PALETTE["muted"], penwidth="1.1", **{"class": f"mn-line {cls}"}) + ";")
    active = {p.id for p in people}
    for a, b in sorted(portfolio.ties):
        if a in active and b in active:
            lines.append(f"  {node_id('p', a)} -- {node_id('p', b)} " + attrs(
                color=PALETTE["faint"], penwidth="0.6", **{"class": "mn-tie"}) + ";")
    outer = layout.rings[-1][1] if layout.rings else 80.0
    lines += _map_legend(-outer - 30, voice)
    lines.append("}")
    return Diagram("map", "\n".join(lines) + "\n", "neato", ("-n2",), map_title(portfolio, people, voice))


def _map_legend(top: float, voice: Voice = OWNER) -> list[str]:
    """The legend under the map: line styles drawn for real, marks explained in a table."""
    lines: list[str] = []
    samples = (("solid", PALETTE["muted"], "1.1", f"Inside {voice.your()} organisation"),
               ("dashed", PALETTE["muted"], "1.1", f"Outside {voice.your()} organisation"),
               ("dotted", PALETTE["muted"], "1.1", "Inside or outside not recorded"),
               ("solid", PALETTE["faint"], "0.6", "They know each other"))
    x0 = -270.0
    for index, (style, colour, width, text) in enumerate(samples):
        y = top - 10 - index * (MAP_TEXT + 9)
        a, b = node_id("legend", f"{index}a"), node_id("legend", f"{index}b")
        point = dict(shape="point", width="0.01", height="0.01", label="", color=PALETTE["bg"],
                     **{"class": "mn-legend"})
        lines.append(f"  {a} " + attrs(pos=f"{x0:.1f},{y:.1f}!", **point) + ";")
        lines.append(f"  {b} " + attrs(pos=f"{x0 + 40:.1f},{y:.1f}!", **point) + ";")
        lines.append(f"  {a} -- {b} " + attrs(style=style, color=colour, penwidth=width,
                                               **{"class": "mn-legend"}) + ";")
        lines.append(f"  {node_id('legend', f'{index}t')} " + attrs(
            label=(f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" FIXEDSIZE="TRUE" WIDTH="200" '
                   f'HEIGHT="{MAP_TEXT + 4}"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{MAP_TEXT}" '
                   f'COLOR="{PALETTE["fg"]}">{html_text(text)}</FONT></TD></TR></TABLE>>'),
            shape="plain", pos=f"{x0 + 48 + 100:.1f},{y:.1f}!", **{"class": "mn-legend"}) + ";")
    rows = []
    marks = "  ".join(f"{t.mark} {t.label.lower()}" for t in v.SENIORITY)
    rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["fg"]}">'
                f'{html_text(marks)}</FONT></TD></TR>')
    letters = _letter_size(MAP_NAME)
    badge_w, badge_h = _badge(letters)
    for term in v.SUPPORT:
        colour = PALETTE[term.id]
        rows.append(f'<TR><TD BORDER="1" COLOR="{colour}" STYLE="rounded" CELLPADDING="1" '
                    f'WIDTH="{badge_w}" HEIGHT="{badge_h}" FIXEDSIZE="TRUE">'
                    f'<FONT POINT-SIZE="{letters}" COLOR="{colour}"><B>{term.mark}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["fg"]}">'
                    f'{html_text(term.label)}</FONT></TD></TR>')
    rings = "Rings, from the centre: close, moderate, distant"
    rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["fg"]}">'
                f'{html_text(rings)}</FONT></TD></TR>')
    table = (f'<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="1">{"".join(rows)}</TABLE>>')
    lines.append(f"  {node_id('legend', 'marks')} " + attrs(
        label=table, shape="plain", pos=f"{130:.1f},{top - 44:.1f}!", **{"class": "mn-legend"}) + ";")
    return lines


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def map_title(portfolio: Portfolio, people: list[Person], voice: Voice = OWNER) -> str:
    if not people:
        return f"Network map of {clean(portfolio.profile.name)}: nobody in the network yet."
    rings = []
    for ring in RINGS:
        n = sum(1 for p in people if p.closeness == ring)
        if n:
            rings.append(f"{n} {(v.CLOSENESS.label(ring) if ring else 'closeness not recorded').lower()}")
    inside = sum(1 for p in people if p.inside)
    outside = sum(1 for p in people if p.inside is False)
    support = ", ".join(f"{sum(1 for p in people if t.id in p.support)} {t.label.lower()}" for t in v.SUPPORT)
    return (f"Network map of {clean(portfolio.profile.name)}: {_count(len(people), 'person', 'people')} "
            f"in rings by closeness ({', '.join(rings)}); {inside} inside and {outside} outside "
            f"{voice.your()} organisation; support: {support}.")


# --------------------------------------------------------------------------- roles

MENTOR_RANK = ("developmental", "skills", "work-life", "sponsor", "coach", "role-model")
PEER_RANK = ("peer", "connector")
MENTEE_RANK = ("mentee",)


def _slot_node(role: v.Term, members: list[Person], voice: Voice = OWNER) -> str:
    rows = [f'<TR><TD><FONT POINT-SIZE="10" COLOR="{PALETTE["fg"]}"><B>{html_text(role.label)}</B></FONT></TD></TR>']
    for person in members[:MAX_SLOT_NAMES]:
        mark = seniority_mark(person)
        text = (html.escape(mark) + " " if mark else "") + html_text(short(person.name))
        rows.append(f'<TR><TD HREF="{PERSON_URL.format(id=person.id)}" TITLE="{html_text(tooltip(person, voice))}" '
                    f'TARGET="_top"><FONT POINT-SIZE="10" COLOR="{PALETTE["fg"]}">{text}</FONT></TD></TR>')
    if len(members) > MAX_SLOT_NAMES:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9" COLOR="{PALETTE["muted"]}">'
                    f'and {len(members) - MAX_SLOT_NAMES} more</FONT></TD></TR>')
    if not members:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9" COLOR="{PALETTE["muted"]}"><I>nobody yet: a gap</I>'
                    f'</FONT></TD></TR>')
    label = f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>>'
    empty = not members
    return (f"  {node_id('role', role.id)} " + attrs(
        label=label, shape="box", style="rounded,dashed" if empty else "rounded,filled",
        fillcolor=PALETTE["surface"], color=PALETTE["muted"] if empty else PALETTE["line"],
        penwidth="1.2", margin="0.1,0.06", tooltip=f"{role.label}: {role.help}",
        **{"class": f"mn-slot mn-role-{role.id}" + (" mn-empty" if empty else "")}) + ";")


def roles(portfolio: Portfolio, voice: Voice = OWNER) -> Diagram:
    people = active_people(portfolio)
    holders = {role.id: [p for p in people if role.id in p.roles] for role in v.ROLES}
    shown = [r for r in v.ROLES if r.id in v.CORE_ROLES or holders[r.id]]
    lines = _header("digraph", "roles", layout_attrs='rankdir="TB", nodesep="0.3", ranksep="0.45", '
                    'newrank="true"')
    lines.append("  " + you_node(portfolio, voice=voice))
    for role in shown:
        lines.append(_slot_node(role, holders[role.id], voice))
    for rank in (MENTOR_RANK, PEER_RANK, MENTEE_RANK):
        ids = [r for r in rank if any(s.id == r for s in shown)]
        if rank is PEER_RANK:
            ids = ids[:1] + ["you"] + ids[1:]
        members = " ".join(node_id("role", r) if r != "you" else '"you"' for r in ids)
        lines.append(f"  {{ rank=same; {members} }}")
    for role in shown:
        empty = not holders[role.id]
        style = "dashed" if empty else "solid"
        slot = node_id("role", role.id)
        if role.id in MENTEE_RANK:
            edge = f'"you" -> {slot}'
        else:
            edge = f'{slot} -> "you"'
        lines.append(f"  {edge} " + attrs(style=style, **{"class": "mn-line" + (" mn-empty" if empty else "")}) + ";")
    lines.append("}")
    return Diagram("roles", "\n".join(lines) + "\n", "dot", (), roles_title(portfolio, shown, holders))


def roles_title(portfolio: Portfolio, shown: list[v.Term], holders: dict[str, list[Person]]) -> str:
    parts = []
    for role in shown:
        names = [clean(p.name) for p in holders[role.id]]
        parts.append(f"{role.label.lower()}: " + (", ".join(names[:MAX_SLOT_NAMES])
                                                   + (f" and {len(names) - MAX_SLOT_NAMES} more"
                                                      if len(names) > MAX_SLOT_NAMES else "")
                                                   if names else "nobody yet"))
    gaps = [r.label.lower() for r in shown if not holders[r.id]]
    gap_text = f" Empty roles: {', '.join(gaps)}." if gaps else " Every core role is filled."
    return f"Mentoring roles around {clean(portfolio.profile.name)}: " + "; ".join(parts) + "." + gap_text


# --------------------------------------------------------------------------- range

def _system_key(portfolio: Portfolio, person: Person) -> Optional[str]:
    return person.social_system


RANGE_MARGIN = 10
RANGE_PACK = 6


def range_(portfolio: Portfolio, voice: Voice = OWNER) -> Diagram:
    people = active_people(portfolio)
    systems = portfolio.social_systems
    groups: list[tuple[Optional[str], str, list[Person]]] = []
    for term in systems:
        members = [p for p in people if p.social_system == term.id]
        if members:
            groups.append((term.id, term.label, members))
    known = set(systems.ids)
    others = sorted({p.social_system for p in people if p.social_system and p.social_system not in known})
    for system in others:
        groups.append((system, system, [p for p in people if p.social_system == system]))
    unknown = [p for p in people if not p.social_system]
    if unknown:
        groups.append((None, "Social system not recorded", unknown))
    system_of = {p.id: p.social_system for p in people}
    within: dict[Optional[str], int] = {}
    across: dict[Optional[str], int] = {}
    for a, b in portfolio.ties:
        if a in system_of and b in system_of:
            sa, sb = system_of[a], system_of[b]
            if sa == sb:
                within[sa] = within.get(sa, 0) + 1
            else:
                across[sa] = across.get(sa, 0) + 1
                across[sb] = across.get(sb, 0) + 1
    lines = _header("graph", "range", layout_attrs='pack="12", packmode="array_u"')
    for system, label, members in groups:
        key = system or "unrecorded"
        cols = max(1, min(5, math.ceil(math.sqrt(len(members)))))
        own = ""
        if system == portfolio.profile.social_system:
            own = " · yours" if voice.owner else f" · {voice.first}'s"
        stats = (f"{_count(len(members), 'person', 'people')}{own} · "
                 f"{_count(within.get(system, 0), 'tie', 'ties')} within · {across.get(system, 0)} to other systems")
        title = (f'<<FONT POINT-SIZE="11" COLOR="{PALETTE["fg"]}"><B>{html_text(label)}</B></FONT><BR ALIGN="LEFT"/>'
                 f'<FONT POINT-SIZE="9" COLOR="{PALETTE["muted"]}">{html_text(stats)}</FONT><BR ALIGN="LEFT"/>>')
        lines.append(f"  subgraph {quote('cluster_' + key)} {{")
        lines.append(f"    graph [label={title}, labeljust=\"l\", style=\"rounded,filled\", "
                     f'fillcolor="{PALETTE["surface"]}", color="{PALETTE["line"]}", penwidth="1.2", '
                     f'margin="{RANGE_MARGIN}", class={quote("mn-system mn-system-" + key)}, '
                     f'tooltip={quote(label)}];')
        lines.append(f'    graph [pack="{RANGE_PACK}", packmode="array_u{cols}"];')
        # osage does not make a cluster wide enough for its title: its people's boxes do
        title_width = max(len(clean(label)) * 11 * 0.64, len(stats) * 9 * 0.52) + 8
        min_width = max(0, math.ceil((title_width - 2 * RANGE_MARGIN - (cols - 1) * RANGE_PACK) / cols))
        for person in members:  # (an HTML table's WIDTH is a least width)
            lines.append("    " + person_node(person, size=9, min_width=min_width, voice=voice))
        lines.append("  }")
    lines.append("}")
    return Diagram("range", "\n".join(lines) + "\n", "osage", (), range_title(portfolio, groups))


def range_title(portfolio: Portfolio, groups) -> str:
    if not groups:
        return f"Range of the network of {clean(portfolio.profile.name)}: nobody in the network yet."
    parts = [f"{clean(label)}: {len(members)}" for _, label, members in groups]
    systems = sum(1 for system, _, _ in groups if system is not None)
    return (f"Range of the network of {clean(portfolio.profile.name)}: people from "
            f"{_count(systems, 'social system', 'social systems')} ({'; '.join(parts)}).")


# --------------------------------------------------------------------------- a person

#: The widest row of people in a person's diagram, in points: a page's column at 1280 px
#: holds it at a scale where 12-point text is 11 CSS px or more.
PERSON_ROW = 620.0


@dataclass(frozen=True)
class Network:
    """What every person's diagram of a build reads, worked out once for all of them (sorting
    the people and the ties again for each of 1,000 diagrams took seconds)."""

    #: The people in the network now, by id, in :func:`active_people`'s order.
    people: dict[str, Person]
    #: The ties in sorted order, by their first person.
    ties_from: dict[str, list[tuple[str, str]]]
    #: Person nodes in DOT but for their place, by id, classes and voice (:meth:`node`).
    nodes: dict[tuple[str, str, Voice], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, portfolio: Portfolio) -> "Network":
        ties_from: dict[str, list[tuple[str, str]]] = {}
        for tie in sorted(portfolio.ties):
            ties_from.setdefault(tie[0], []).append(tie)
        return cls({p.id: p for p in active_people(portfolio)}, ties_from)

    def node(self, person: Person, pos: tuple[float, float], classes: str = "", voice: Voice = OWNER) -> str:
        """:func:`person_node` at ``MAP_NAME`` points, its label and tooltip written once for
        every diagram the person is in (a person is in the diagram of each person they know)."""
        key = (person.id, classes, voice)
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = person_node(person, size=MAP_NAME, classes=classes, voice=voice)[:-2]
        return f'{found}, pos="{pos[0]:.1f},{pos[1]:.1f}!"];'

    def ties_among(self, ids: set[str]) -> list[tuple[str, str]]:
        """The ties between people of ``ids``, in sorted order."""
        return [(a, b) for a in sorted(ids) for _, b in self.ties_from.get(a, ()) if b in ids]


def person(portfolio: Portfolio, person_id: str, voice: Voice = OWNER,
           network: Optional[Network] = None) -> Diagram:
    """``network``: :meth:`Network.of` the same portfolio, shared by a build's person diagrams."""
    if network is None:
        network = Network.of(portfolio)
    people = network.people
    them = people.get(person_id)
    if them is None:
        raise UnknownDiagram(_unknown_person(portfolio, person_id))
    known = [people[i] for i in portfolio.neighbours(person_id) if i in people]
    w, h = person_box(them, MAP_NAME)
    you_w, you_h = you_box(portfolio)
    lines = _header("graph", f"person:{person_id}",
                    layout_attrs='splines="false", outputorder="edgesfirst", overlap="true"')
    top = h / 2 + you_h / 2 + 46
    lines.append("  " + you_node(portfolio, (0.0, top), voice))
    lines.append("  " + network.node(them, (0.0, 0.0), "mn-focus", voice))
    style, cls = edge_style(them)
    lines.append(f'  "you" -- {node_id("p", them.id)} ' + attrs(
        style=style, penwidth="1.4", **{"class": f"mn-line {cls}"}) + ";")
    if known:
        # below them, in rows as wide as a page's column (the diagram shrinks to fit the page,
        # so a wider one would make its text too small); every other row one shorter, so the
        # rows are staggered and the lines to a row below pass between the people above
        sizes = [person_box(p, MAP_NAME) for p in known]
        place = max(w for w, _ in sizes) + 16
        height = max(h for _, h in sizes)
        per_row = max(2, int(PERSON_ROW // place))
        y = -(h / 2 + 50 + height / 2)
        start, number = 0, 0
        while start < len(known):
            row = known[start:start + per_row - number % 2]  # rows of n, n − 1, n, …: staggered
            start, number = start + len(row), number + 1
            for index, other in enumerate(row):
                x = (index - (len(row) - 1) / 2) * place
                lines.append("  " + network.node(other, (x, y), voice=voice))
                lines.append(f"  {node_id('p', them.id)} -- {node_id('p', other.id)} " + attrs(
                    color=PALETTE["muted"], **{"class": "mn-tie mn-knows"}) + ";")
            y -= height + 34
    among = network.ties_among({p.id for p in known}) if known else []
    if len(among) <= MAX_TIES_AMONG:
        for a, b in among:
            lines.append(f"  {node_id('p', a)} -- {node_id('p', b)} " + attrs(
                color=PALETTE["faint"], penwidth="0.6", **{"class": "mn-tie"}) + ";")
    lines.append("}")
    names = ", ".join(clean(p.name) for p in known)
    title = (f"{clean(them.name)} and {voice.you()}" + (f"; in {voice.your()} network they know {names}." if known
                                                         else f"; they know nobody else in {voice.your()} network."))
    if len(among) > MAX_TIES_AMONG:
        title += f" The {len(among):,} ties among those they know are too many to draw; the map shows them."
    return Diagram(f"person:{person_id}", "\n".join(lines) + "\n", "neato", ("-n2",), title)


def _unknown_person(portfolio: Portfolio, person_id: str) -> str:
    import difflib
    ids = [p.id for p in portfolio.people if p.until is None]
    close = difflib.get_close_matches(person_id, ids, n=1)
    hint = f" — did you mean '{close[0]}'?" if close else ""
    return f"unknown person '{person_id}' in the diagram 'person: {person_id}'{hint}"


# --------------------------------------------------------------------------- difference

def _marked_label(person: Person, mark: str, note: str, style: str) -> str:
    """A person's label with a mark before the name and a note under it (``+`` joined…)."""
    name = html_text(short(person.name))
    head = f"{html.escape(mark)} {name}"
    return (f'<<TABLE BORDER="1" STYLE="{style}" COLOR="{PALETTE["muted"] if mark.strip() else PALETTE["line"]}" '
            f'BGCOLOR="{PALETTE["surface"]}" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">'
            f'<TR><TD><FONT POINT-SIZE="{MAP_NAME}" COLOR="{PALETTE["fg"]}">'
            f'{"<B>" + head + "</B>" if mark.strip() else head}'
            f'</FONT></TD></TR>'
            + (f'<TR><TD><FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["muted"]}">{html_text(note)}</FONT></TD></TR>'
               if note else "")
            + "</TABLE>>")


def _ring_text(ring: Optional[str]) -> str:
    return (v.CLOSENESS.label(ring) if ring else "Closeness not recorded").upper()


def _ring_label_width(ring: Optional[str]) -> float:
    return len(_ring_text(ring)) * MAP_TEXT * 0.7 + 12


def _rings(layout: MapLayout) -> list[str]:
    lines = []
    for ring, radius, _label_at in reversed(layout.rings):
        ring_id = ring or "unrecorded"
        lines.append(f"  {node_id('ring', ring_id)} " + attrs(
            shape="ellipse", label="", width=f"{2 * radius * ASPECT / 72:.3f}", height=f"{2 * radius / 72:.3f}",
            fixedsize="true", color=PALETTE["line"], style="solid", penwidth="1.2",
            pos="0,0!", **{"class": f"mn-ring mn-ring-{ring_id}"}) + ";")
    for ring, _radius, (lx, ly) in layout.rings:
        ring_id = ring or "unrecorded"
        text = _ring_text(ring)
        label = (f'<<TABLE BORDER="0" BGCOLOR="{PALETTE["bg"]}" CELLPADDING="1"><TR><TD>'
                 f'<FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["muted"]}">{html_text(text.upper())}</FONT>'
                 f'</TD></TR></TABLE>>')
        lines.append(f"  {node_id('ring-label', ring_id)} " + attrs(
            label=label, shape="plain", pos=f"{lx:.1f},{ly:.1f}!", **{"class": "mn-ring-label"}) + ";")
    return lines


#: The marks of the difference diagram: meaning never by colour alone.
DIFFERENCE_MARKS = {"joined": "+", "left": "−", "changed": "Δ", "same": ""}


def difference(before: Portfolio, after: Portfolio, name: str = "difference",
               labels: tuple[str, str] = ("then", "now"), voice: Voice = OWNER) -> Diagram:
    """Who joined, left, or changed between two portfolios, on the map's rings.

    The map's layout (:func:`map_layout`) of everyone in ``after``'s network plus those who
    left (at their old ring). People who joined are marked ``+`` with a bold border, people
    who left ``−`` with a dashed border and a dashed line, people whose relationship changed
    ``Δ`` with what changed (``was moderate``); everyone else is drawn plainly.
    """
    old = {p.id: p for p in active_people(before)}
    now = active_people(after)
    new = {p.id: p for p in now}
    gone = [p for p in active_people(before) if p.id not in new]
    people = now + gone
    layout = map_layout(after, people)
    lines = _header("graph", name, layout_attrs='splines="false", outputorder="edgesfirst", overlap="true"')
    lines += _rings(layout)
    lines.append("  " + you_node(after, (0.0, 0.0), voice))
    counts = {"joined": 0, "left": 0, "changed": 0}
    for person in people:
        x, y = layout.positions[person.id]
        if person.id not in old:
            state, note, style = "joined", "joined", "rounded"
        elif person.id not in new:
            state, note, style = "left", "left", "rounded,dashed"
        else:
            previous = old[person.id]
            notes = []
            if previous.closeness != person.closeness:
                was = v.CLOSENESS.label(previous.closeness) if previous.closeness else "not recorded"
                notes.append(f"was {was.lower()}")
            for field_name in ("support", "roles", "seniority", "inside", "social_system", "influence"):
                if getattr(previous, field_name) != getattr(person, field_name):
                    notes.append(field_name.replace("_", " "))
            state = "changed" if notes else "same"
            note, style = ("; ".join(notes[:3]), "rounded") if notes else ("", "rounded")
        if state != "same":
            counts[state] += 1
        mark = DIFFERENCE_MARKS[state]
        lines.append(f"  {node_id('p', person.id)} " + attrs(
            label=_marked_label(person, mark, note, style), shape="plain",
            URL=PERSON_URL.format(id=person.id) if person.id in new else None,
            tooltip=f"{clean(person.name)}: {note or 'unchanged'}", target="_top",
            pos=f"{x:.1f},{y:.1f}!", **{"class": f"mn-person mn-{state}"}) + ";")
        line_style = "dashed" if state == "left" else ("bold" if state == "joined" else "solid")
        lines.append(f'  "you" -- {node_id("p", person.id)} ' + attrs(
            style=line_style, color=PALETTE["muted"] if state != "same" else PALETTE["faint"],
            penwidth="1.1", **{"class": f"mn-line mn-line-{state}"}) + ";")
    outer = layout.rings[-1][1] if layout.rings else 80.0
    legend = " · ".join(f"{mark} {what}" for what, mark in DIFFERENCE_MARKS.items() if mark)
    legend += f" · dashed: no longer in {voice.your()} network"
    lines.append(f"  {node_id('legend', 'difference')} " + attrs(
        label=(f'<<TABLE BORDER="0" CELLPADDING="2"><TR><TD><FONT POINT-SIZE="{MAP_TEXT}" COLOR="{PALETTE["fg"]}">'
               f'{html_text(legend)}</FONT></TD></TR></TABLE>>'),
        shape="plain", pos=f"0,{-outer - 24:.1f}!", **{"class": "mn-legend"}) + ";")
    lines.append("}")
    title = (f"How the network changed from {clean(labels[0])} to {clean(labels[1])}: "
             f"{_count(counts['joined'], 'person', 'people')} joined, {counts['left']} left, "
             f"{counts['changed']} changed; {_count(len(now), 'person', 'people')} in the network now.")
    return Diagram(name, "\n".join(lines) + "\n", "neato", ("-n2",), title)


# --------------------------------------------------------------------------- names

#: Diagrams by name; ``person:<id>`` takes an argument. The history issue adds "difference".
BUILDERS: dict[str, Callable[..., Diagram]] = {
    "map": network_map,
    "roles": roles,
    "range": range_,
    "person": person,
    "difference": difference,
}
FIXED = ("map", "roles", "range")
_NAME = re.compile(r"^\s*([a-z]+)\s*(?::\s*(\S*)\s*)?$")


def normalise(name: str) -> str:
    """``"person: ada-mensah"`` → ``"person:ada-mensah"``; raises UnknownDiagram for bad syntax."""
    match = _NAME.match(name or "")
    if not match or match.group(1) not in BUILDERS:
        raise UnknownDiagram(f"unknown diagram '{clean(name)}': use one of "
                             f"{', '.join(FIXED)} or 'person: <id>'")
    kind, arg = match.group(1), match.group(2)
    if kind == "difference":
        return f"difference:{arg}" if arg else "difference"
    if kind == "person":
        if not arg:
            raise UnknownDiagram("the diagram 'person:' needs a person's id, e.g. 'person: ada-mensah'")
        return f"person:{arg}"
    if arg is not None:
        raise UnknownDiagram(f"the diagram '{kind}' takes no argument (got '{clean(name)}')")
    return kind


def names(portfolio: Portfolio) -> list[str]:
    """Every diagram a build may show: the fixed ones and one per person in the network."""
    return list(FIXED) + [f"person:{p.id}" for p in active_people(portfolio)]


def check(portfolio: Portfolio, name: str) -> str:
    """The normalised name, or UnknownDiagram if it names nothing in this portfolio."""
    name = normalise(name)
    if name.startswith("person:"):
        person_id = name.split(":", 1)[1]
        found = portfolio.people_by_id.get(person_id)  # (not a set of everyone per page)
        if found is None or found.until is not None:
            raise UnknownDiagram(_unknown_person(portfolio, person_id))
    return name


def build(portfolio: Portfolio, name: str,
          comparisons: Optional[Callable[[str], tuple[Portfolio, Portfolio, tuple[str, str]]]] = None,
          voice: Voice = OWNER, network: Optional[Network] = None) -> Diagram:
    """The diagram called ``name`` ("map", "roles", "range", "person:<id>", "difference",
    "difference:<rev>..<rev>"). ``comparisons`` turns a difference's argument ("" for the
    history's own "then and now") into the two portfolios and their labels; ``network``
    (:meth:`Network.of` this portfolio) is shared by the person diagrams of one build."""
    name = normalise(name)
    kind, _, arg = name.partition(":")
    if kind == "person":
        return person(portfolio, arg, voice, network)
    if kind == "difference":
        if comparisons is None:
            raise UnknownDiagram("the diagram 'difference' needs the history: it is drawn on "
                                 "pages of a site built from a Git repository")
        try:
            before, after, labels = comparisons(arg)
        except LookupError as error:
            raise UnknownDiagram(str(error).strip("'\"")) from None
        return difference(before, after, name, labels, voice)
    return BUILDERS[kind](portfolio, voice)
