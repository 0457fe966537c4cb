"""How every diagram writes DOT: user text escaped, the colour tokens, the sizes, and the
pieces each diagram draws (a person, you, the lines from you).

Every user string reaches DOT through :func:`html_text` (HTML-like labels, ``html.escape``)
or :func:`quote` (double-quoted strings: ``\\`` and ``"`` escaped), so quotes, backslashes,
braces, ``<``/``>``, HTML and DOT syntax come out literally.

Colours are *tokens* from :data:`PALETTE`; :mod:`.embed` turns them into CSS classes so the
diagrams follow Material's light and dark schemes. Colour never carries meaning alone:
support has letters, seniority has ▲●▼ marks, inside/outside has solid/dashed lines.
"""

from __future__ import annotations

import html
import re
from typing import Optional

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
#: knows everyone would cost a person diagram as many lines as the whole map, n times over, and
#: no one could read them.
MAX_TIES_AMONG = 400


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
    """The people in the network now (:attr:`~mentornet.core.model.Portfolio.active_people`), in
    the diagrams' order: by name."""
    return sorted(portfolio.active_people, key=lambda p: (p.name.lower(), p.id))


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


def badge(size: int) -> tuple[int, int]:
    """Width and height of a support letter's badge for letters of ``size`` points."""
    return round(size * 2), round(size * 1.75)


def _support_cells(person: Person, size: int = 8) -> str:
    cells = []
    width, height = badge(size)
    for term in v.SUPPORT:
        if term.id in person.support:
            colour = PALETTE[term.id]
            cells.append(f'<TD BORDER="1" COLOR="{colour}" CELLPADDING="1" STYLE="rounded" WIDTH="{width}" '
                         f'HEIGHT="{height}" FIXEDSIZE="TRUE">'
                         f'<FONT POINT-SIZE="{size}" COLOR="{colour}"><B>{term.mark}</B></FONT></TD>')
    return "".join(cells)


def letter_size(size: int) -> int:
    """Support letters: a little smaller than the name they sit under, except on the map,
    where no text is smaller than :data:`MAP_TEXT`."""
    return MAP_TEXT if size >= MAP_NAME else max(size - 2, 8)


def person_label(person: Person, *, size: int = 10, link: bool = False, min_width: int = 0) -> str:
    """A person as an HTML-like label: seniority mark and name, then support letters
    (``min_width``: at least this wide, in points, e.g. to fill a cluster under its title)."""
    mark = seniority_mark(person)
    name = html_text(short(person.name))
    head = f"{html.escape(mark)} {name}" if mark else name
    letters = letter_size(size)
    badges = _support_cells(person, letters)
    rows = [f'<TR><TD CELLPADDING="1"><FONT POINT-SIZE="{size}" COLOR="{PALETTE["fg"]}">{head}</FONT></TD></TR>']
    if badges:
        count = len(person.support)
        width, height = badge(letters)
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
    badge_w, badge_h = badge(letter_size(size))
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


def header(kind: str, name: str, *, layout_attrs: str) -> list[str]:
    return [
        f"{kind} {quote(name)} {{",
        f'  graph [bgcolor="transparent", fontname="{FONT}", fontcolor="{PALETTE["fg"]}", '
        f'pad="0.2", {layout_attrs}];',
        f'  node [fontname="{FONT}", fontsize="10", fontcolor="{PALETTE["fg"]}", '
        f'color="{PALETTE["muted"]}"];',
        f'  edge [fontname="{FONT}", color="{PALETTE["muted"]}", arrowhead="none", penwidth="1"];',
    ]
