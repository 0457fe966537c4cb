"""Graphviz's SVG made fit for a page: sanitised (only drawing elements and safe links
kept), accessible (a title and ``aria-label``), theme-aware (colour tokens become CSS
classes) and prepared once, with its ids and links resolved per page (:func:`resolve`)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from mkdocs.utils import get_relative_url

from mentornet.core import urls
from mentornet.core.collector import collector_paused
from mentornet.diagrams import style

#: Where a person's page comes from (a src_uri the plugin's ``url_of`` understands).
PERSON_SRC = urls.person_uri("{id}")


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
HREF = f"{{{XLINK_NS}}}href"
XTITLE = f"{{{XLINK_NS}}}title"
#: The elements Graphviz writes; anything else (script, foreignObject, animate, …) is dropped.
ALLOWED = {"svg", "g", "title", "desc", "a", "polygon", "polyline", "ellipse", "circle", "rect",
           "line", "path", "text", "tspan", "image", "defs", "linearGradient", "radialGradient",
           "stop", "clipPath"}
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
ID_MARK = "\x01I"          # per-page id prefix (XML text cannot contain \x01, so no clash)
LINK_MARK = "\x01H{}\x01"  # a link to resolve per page: the target's src_uri


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def link_may_stay(value: str) -> bool:
    """Links that may stay in a diagram: the site's own (:func:`urls.safe_link`) and mentornet:
    (a person, resolved per page)."""
    return urls.safe_link(value, also=("mentornet",))


def xml_entities(svg: str) -> str:
    """HTML named entities Graphviz passes through (``&nbsp;``) → numeric, so XML can parse them."""
    import html.entities as names

    def fix(match: re.Match) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        char = names.html5.get(name + ";")
        return "".join(f"&#{ord(c)};" for c in char) if char else f"&amp;{name};"
    return _NAMED_ENTITY.sub(fix, svg)


def _target(href: str) -> Optional[str]:
    """``mentornet:person/<id>`` → ``people/<id>.md``; ``mentornet:page/<src>`` → ``<src>``."""
    rest = href[len("mentornet:"):]
    kind, _, arg = rest.partition("/")
    if kind == "person" and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", arg):
        return PERSON_SRC.format(id=arg)
    if kind == "page" and re.fullmatch(r"[\w\-./]+\.md", arg) and ".." not in arg.split("/"):
        return arg
    return None


_SVG = f"{{{SVG_NS}}}"
_XLINK = f"{{{XLINK_NS}}}"
_A = f"{_SVG}a"
_TITLE = f"{_SVG}title"
#: Attributes that may refer to an id of the same SVG (``url(#…)``).
_URL_ATTRIBUTES = ("fill", "stroke", "clip-path", "filter", "mask")


def sanitise(element: ET.Element) -> None:
    """The whole clean-up of an element and everything in it, in one walk of the tree (not
    one walk per rule):

    * only the elements Graphviz writes (:data:`ALLOWED`); no event handlers, no ``style``,
      no links but those :func:`link_may_stay` allows (and none to ``mentornet:`` from an image);
    * no ``<title>`` from Graphviz (node names); a link's tooltip becomes its ``<title>``;
    * colour tokens (and Graphviz's black and white) → classes that diagrams.css restyles;
    * ids (and ``url(#…)`` references to them) marked for a per-page prefix, ``mentornet:``
      links marked for a per-page URL (see :func:`resolve`)."""
    children = [child for child in element if _kept(child.tag)]
    if len(children) != len(element):
        element[:] = children
    for child in children:
        sanitise(child)
    attrib = element.attrib
    tag = element.tag
    for name in [name for name in attrib if _attribute_rule(name)]:
        if _attribute_rule(name) == "drop":
            del attrib[name]
            continue
        value = attrib[name]
        if not link_may_stay(value) or (_local(tag) in ("image", "use") and value.lower().startswith("mentornet:")):
            del attrib[name]
    if tag == _A:
        tip = attrib.get(XTITLE)
        if tip and tip.strip():
            title = ET.Element(_TITLE)
            title.text = tip
            element.insert(0, title)
    fill, stroke = attrib.get("fill"), attrib.get("stroke")
    if fill is not None:
        token = style.TOKENS.get(fill.lower())
        if token:
            _add_class(element, f"mn-fill-{token}")
    if stroke is not None:
        token = style.TOKENS.get(stroke.lower())
        if token:
            _add_class(element, f"mn-stroke-{token}")
    if fill is None and _local(tag) == "text":
        _add_class(element, "mn-fill-fg")  # Graphviz leaves black text without a fill
    if "id" in attrib:
        attrib["id"] = ID_MARK + attrib["id"]
    for attribute in _URL_ATTRIBUTES:
        url = attrib.get(attribute)
        if url and url.startswith("url(#"):
            attrib[attribute] = "url(#" + ID_MARK + url[5:]
    for name in (HREF, "href"):
        href = attrib.get(name)
        if href and href.startswith("mentornet:"):
            target = _target(href)
            attrib[name] = LINK_MARK.format(target if target else "")


_KEPT: dict[object, bool] = {}
_RULES: dict[str, str] = {}


def _kept(tag: object) -> bool:
    """Whether an element stays (memoised: a diagram has few kinds of element, and many of each)."""
    found = _KEPT.get(tag)
    if found is None:
        found = isinstance(tag, str) and _local(tag) in ALLOWED and _local(tag) != "title"
        if len(_KEPT) < 256:
            _KEPT[tag] = found
    return found


def _attribute_rule(name: str) -> str:
    """"drop" (event handlers, ``style``), "href" (a link, kept if safe), or "" (kept)."""
    found = _RULES.get(name)
    if found is None:
        local = _local(name).lower()
        found = "drop" if local.startswith("on") or local == "style" else ("href" if local == "href" else "")
        if len(_RULES) < 256:
            _RULES[name] = found
    return found


def _add_class(element: ET.Element, name: str) -> None:
    classes = element.get("class", "").split()
    if name not in classes:
        element.set("class", " ".join(classes + [name]))


class _OtherNamespace(Exception):
    """An element or attribute outside SVG's and XLink's namespaces: left to ElementTree."""


def xml_text(root: ET.Element) -> str:
    """``ET.tostring(root, encoding="unicode")``, byte for byte, for a tree in SVG's namespace
    with XLink attributes (what Graphviz writes), faster than ElementTree's general
    serializer. Anything else goes to ElementTree itself."""
    out: list[str] = []
    # its own escaping rules (private, so not in its type stubs)
    escape_cdata, escape_attrib = ET._escape_cdata, ET._escape_attrib  # type: ignore[attr-defined]
    append = out.append
    xlink = False

    def write(element: ET.Element) -> None:
        nonlocal xlink
        tag = element.tag
        if not tag.startswith(_SVG):
            raise _OtherNamespace(tag)
        name = tag[len(_SVG):]
        append("<" + name)
        if element is root:
            append("")  # the namespace declarations, once all is written
        for key, value in element.items():
            if key[0] == "{":
                if not key.startswith(_XLINK):
                    raise _OtherNamespace(key)
                key, xlink = "xlink:" + key[len(_XLINK):], True
            append(f' {key}="{escape_attrib(value)}"')
        text = element.text
        if text or len(element):
            append(">")
            if text:
                append(escape_cdata(text))
            for child in element:
                write(child)
            append(f"</{name}>")
        else:
            append(" />")
        tail = element.tail
        if tail:
            append(escape_cdata(tail))

    try:
        write(root)
    except _OtherNamespace:
        return ET.tostring(root, encoding="unicode", short_empty_elements=True)
    out[1] = f' xmlns="{escape_attrib(SVG_NS)}"' + (f' xmlns:xlink="{escape_attrib(XLINK_NS)}"' if xlink else "")
    return "".join(out)


def _pt(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    match = re.match(r"^([\d.]+)\s*(pt|px)?$", value.strip())
    if not match:
        return None
    number = float(match.group(1))
    return number * 4 / 3 if match.group(2) in (None, "pt") else number


@dataclass(frozen=True)
class Prepared:
    """An SVG ready for any page: only the id prefix and the links remain to fill in."""

    svg: str
    width: Optional[float]
    wide: bool


#: Diagrams wider than this (CSS px, at Graphviz's natural size) scroll instead of shrinking.
WIDE = 2400.0
#: ... and, by kind, from a narrower width: the then-and-now difference is the map's layout
#: of two networks at once, and shrunk into the page's column its names were hard to read at a
#: 1280 px window; from this width it scrolls in its frame at three quarters of its size.
WIDE_FROM = {"difference": 1000.0}


def diagram_kind(key: str) -> str:
    """The kind of a diagram, from its key (``difference:…`` → ``difference``)."""
    return re.sub(r"[^a-z0-9-]", "-", key.split(":", 1)[0].lower())


@lru_cache(maxsize=64)
def prepare(svg: str, title: str, kind: str = "") -> Prepared:
    """Graphviz SVG → sanitised, themed, accessible SVG, memoised: the same diagram may be
    asked for under several keys, one after the other (:func:`prepare_fresh` without the memo)."""
    return prepare_fresh(svg, title, kind)


def prepare_fresh(svg: str, title: str, kind: str = "") -> Prepared:
    """:func:`prepare` without its memo, for a build that keeps what it prepared elsewhere (a
    memo would hold the largest diagrams, the map's tens of MB, while the next ones pass).
    Python's cycle collector pauses meanwhile: a diagram's tree is thousands of objects, none
    in a cycle, and collecting the whole build's objects while they are made would only slow it."""
    with collector_paused():
        return _prepare(svg, title, WIDE_FROM.get(kind, WIDE))


def _prepare(svg: str, title: str, wide_from: float = WIDE) -> Prepared:
    root = ET.fromstring(xml_entities(svg))
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    sanitise(root)
    head = ET.Element(_TITLE)  # one accessible title for the whole
    head.text = title
    root.insert(0, head)
    width = _pt(root.get("width"))
    for attribute in ("width", "height", "x", "y"):
        root.attrib.pop(attribute, None)
    if root.get("viewBox") is None:
        root.set("viewBox", "0 0 100 100")
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("class", "mentornet-svg")
    root.set("preserveAspectRatio", "xMidYMin meet")
    wide = bool(width and width > wide_from)
    if width:
        size = width * (0.75 if wide else 1.0)
        root.set("style", f"{'width' if wide else 'max-width'}: {size:.0f}px")
    return Prepared(xml_text(root), width, wide)


_LINK_TAG = re.compile(r"<a\b[^>]*\x01H[^>]*>")
_LINK_MARK = re.compile(r"\x01H([^\x01]*)\x01")


def resolve(svg: str, prefix: str, page_url: str, url_of: Callable[[str], Optional[str]]) -> str:
    def tag(match: re.Match) -> str:
        text = match.group(0)
        urls = []
        for target in _LINK_MARK.findall(text):
            url = url_of(target) if target else None
            if url is None:
                return "<a>"  # nowhere to go in this build: keep the drawing, drop the link
            urls.append(html.escape(get_relative_url(url, page_url), quote=True))
        parts = iter(urls)
        return _LINK_MARK.sub(lambda _: next(parts), text)
    svg = _LINK_TAG.sub(tag, svg)
    return svg.replace(ID_MARK, prefix)
