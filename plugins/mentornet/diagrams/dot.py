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

Layout choices (measured with ``benchmarks/diagrams_300.py``; the figures are in
benchmarks/README.md):

* The map and the person diagrams place every node in Python and let ``neato -n2`` only
  draw them (``pos="x,y!"`` in points). That is deterministic, independent of Graphviz's
  layout heuristics, and the fastest option for large networks; straight edges
  (``splines=false``) because spline routing around hundreds of nodes is slow with neato or
  twopi.
* The roles diagram is a small hierarchy (mentors above you, peers beside, mentees below)
  and uses ``dot``. The range diagram packs one cluster per social system with ``osage``
  (fast; ``dot`` spreads clusters into one very wide rank).

How text and colours reach DOT, and the pieces every diagram draws, are :mod:`.style`'s; where
the map places people, :mod:`.placement`'s; each diagram's text alternative, :mod:`.alt`'s.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio
from mentornet.core.voice import Voice
from mentornet.core.words import count_of
from mentornet.diagrams.alt import difference_title, map_title, person_title, range_title, roles_title
from mentornet.diagrams.placement import ASPECT, MapLayout, map_layout, ring_text
from mentornet.diagrams.style import (MAP_NAME, MAP_TEXT, MAX_SLOT_NAMES, MAX_TIES_AMONG, OWNER, PALETTE,
                                      PERSON_URL, active_people,
                                      attrs, badge, clean, edge_style, header, html_text, letter_size, node_id,
                                      person_box, person_node, quote, seniority_mark, short, tooltip, you_box,
                                      you_node)


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


# --------------------------------------------------------------------------- the map


def network_map(portfolio: Portfolio, voice: Voice = OWNER) -> Diagram:
    people = active_people(portfolio)
    layout = map_layout(portfolio, people)
    lines = header("graph", "map", layout_attrs='splines="false", outputorder="edgesfirst", overlap="true"')
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
    letters = letter_size(MAP_NAME)
    badge_w, badge_h = badge(letters)
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
    lines = header("digraph", "roles", layout_attrs='rankdir="TB", nodesep="0.3", ranksep="0.45", '
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


# --------------------------------------------------------------------------- range

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
    for other in others:
        groups.append((other, other, [p for p in people if p.social_system == other]))
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
    lines = header("graph", "range", layout_attrs='pack="12", packmode="array_u"')
    for system, label, members in groups:
        key = system or "unrecorded"
        cols = max(1, min(5, math.ceil(math.sqrt(len(members)))))
        own = ""
        if system == portfolio.profile.social_system:
            own = " · yours" if voice.owner else f" · {voice.first}'s"
        stats = (f"{count_of(len(members), 'person', 'people')}{own} · "
                 f"{count_of(within.get(system, 0), 'tie', 'ties')} within · {across.get(system, 0)} to other systems")
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


# --------------------------------------------------------------------------- a person

#: The widest row of people in a person's diagram, in points: a page's column at 1280 px
#: holds it at a scale where 12-point text is 11 CSS px or more.
PERSON_ROW = 620.0


@dataclass(frozen=True)
class Network:
    """What every person's diagram of a build reads, worked out once for all of them, not
    sorted again for each diagram."""

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
    lines = header("graph", f"person:{person_id}",
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
    title = person_title(them, known, voice)
    if len(among) > MAX_TIES_AMONG:
        title += f" The {len(among):,} ties among those they know are too many to draw; the map shows them."
    return Diagram(f"person:{person_id}", "\n".join(lines) + "\n", "neato", ("-n2",), title)


def _unknown_person(portfolio: Portfolio, person_id: str) -> str:
    import difflib
    ids = [p.id for p in portfolio.active_people]
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
        text = ring_text(ring)
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
    lines = header("graph", name, layout_attrs='splines="false", outputorder="edgesfirst", overlap="true"')
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
    return Diagram(name, "\n".join(lines) + "\n", "neato", ("-n2",), difference_title(labels, counts, len(now)))


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
        if found is None or not found.active:
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
