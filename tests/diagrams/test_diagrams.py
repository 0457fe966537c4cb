"""The diagrams' content, as Graphviz itself reads it (``-Tjson``), and how pages embed them."""

from __future__ import annotations

import dataclasses

import math
import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from tests.diagrams.diagram_fixtures import HOSTILE, clusters, edges, fifteen, layout_json, nodes, small, texts

from mentornet.core import vocabulary as v
from mentornet.core.model import Person, Portfolio, Profile
from mentornet.diagrams import cleanup, dot, placement, style
from mentornet.diagrams.cleanup import prepare
from mentornet.diagrams.embed import DiagramSet, expand, insert, marker
from mentornet.audience import MENTOR, OWNER, PUBLIC  # noqa: F401
from mentornet.core.model import Sharing  # noqa: F401


@pytest.fixture(scope="module")
def portfolio():
    return small()


@pytest.fixture(scope="module")
def network_map(portfolio):
    diagram = dot.build(portfolio, "map")
    return diagram, layout_json(diagram)


# --------------------------------------------------------------------------- the map

def test_map_has_you_and_everyone_still_in_the_network(network_map):
    diagram, data = network_map
    people = {name for name in nodes(data) if name.startswith("p:")}
    assert people == {"p:helen", "p:samuel", "p:ada", "p:tom", "p:evil"}  # not "gone"
    assert "you" in nodes(data)
    assert diagram.engine == "neato" and diagram.args == ("-n2",)


def test_map_places_you_at_the_centre_and_rings_by_closeness(network_map, portfolio):
    _, data = network_map
    found = nodes(data)

    def pos(name):
        x, y = map(float, found[name]["pos"].split(","))
        return x, y

    cx, cy = pos("you")

    def ring_distance(name):  # distance in the map's elliptical rings
        x, y = pos(name)
        return ((x - cx) / placement.ASPECT) ** 2 + (y - cy) ** 2
    assert ring_distance("p:helen") < ring_distance("p:samuel") < ring_distance("p:ada")
    assert ring_distance("p:tom") < ring_distance("p:samuel")
    assert ring_distance("p:ada") < ring_distance("p:evil")  # closeness not recorded: outermost
    rings = {name for name in found if name.startswith("ring:")}
    assert rings == {"ring:close", "ring:moderate", "ring:distant", "ring:unrecorded"}
    labels = {tuple(texts(obj)) for name, obj in found.items() if name.startswith("ring-label:")}
    assert labels == {("CLOSE",), ("MODERATE",), ("DISTANT",), ("CLOSENESS NOT RECORDED",)}


def test_map_seniors_above_juniors_below(portfolio):
    people = tuple(
        Person(id=f"{s}-{i}", name=f"{s} {i}", seniority=s, closeness="moderate")
        for s in ("senior", "peer", "junior") for i in range(4))
    layout = placement.map_layout(Portfolio(profile=portfolio.profile, people=people))
    ys = {s: [layout.positions[f"{s}-{i}"][1] for i in range(4)] for s in ("senior", "peer", "junior")}
    assert min(ys["senior"]) > max(ys["junior"])
    assert sum(ys["senior"]) / 4 > sum(ys["peer"]) / 4 > sum(ys["junior"]) / 4


def _drawn_box(obj: dict) -> tuple[float, float, float, float]:
    """The box Graphviz drew for a node (its outline and its text), as x0, y0, x1, y1 in points."""
    points = [p for op in obj.get("_draw_", ()) for p in op.get("points", ())]
    points += [op["pt"] for op in obj.get("_ldraw_", ()) if "pt" in op]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("network", ["small", "fifteen"])
def test_map_keeps_everyone_inside_their_ring_and_clear_of_every_ring_line(network):
    portfolio = small() if network == "small" else fifteen()
    found = nodes(layout_json(dot.build(portfolio, "map")))
    cx, cy = map(float, found["you"]["pos"].split(","))
    rings = {name.split(":", 1)[1]: (float(obj["width"]) * 36, float(obj["height"]) * 36)
             for name, obj in found.items() if name.startswith("ring:")}
    order = [ring or "unrecorded" for ring in style.RINGS if (ring or "unrecorded") in rings]
    people = {p.id: p for p in portfolio.people if p.until is None}
    for person_id, person in people.items():
        x0, y0, x1, y1 = _drawn_box(found[f"p:{person_id}"])
        edge = [(x0 + (x1 - x0) * t / 20, y) for t in range(21) for y in (y0, y1)]
        edge += [(x, y0 + (y1 - y0) * t / 20) for t in range(21) for x in (x0, x1)]
        own = order.index(person.closeness or "unrecorded")
        for index, ring in enumerate(order):
            a, b = rings[ring]
            # distance from the ring's line, measured along the ellipse's minor axis (points)
            gaps = [(math.sqrt(((px - cx) / a) ** 2 + ((py - cy) / b) ** 2) - 1) * b for px, py in edge]
            inside = index >= own
            assert all(g < 0 for g in gaps) if inside else all(g > 0 for g in gaps), (person.name, ring)
            assert min(abs(g) for g in gaps) >= placement.RING_CLEARANCE / 2, (person.name, ring, min(map(abs, gaps)))


def test_map_lines_solid_inside_dashed_outside_dotted_unknown_ties_lighter(network_map):
    _, data = network_map
    from_you = {head: e for tail, head, e in edges(data) if tail == "you"}
    assert from_you["p:helen"].get("style", "solid") == "solid" and "mn-inside" in from_you["p:helen"]["class"]
    assert from_you["p:ada"]["style"] == "dashed" and "mn-outside" in from_you["p:ada"]["class"]
    assert from_you["p:tom"]["style"] == "dotted"
    ties = {tuple(sorted((t, h))): e for t, h, e in edges(data) if "mn-tie" in e.get("class", "")}
    assert set(ties) == {("p:ada", "p:helen"), ("p:helen", "p:samuel"), ("p:ada", "p:evil")}
    for tie in ties.values():
        assert float(tie["penwidth"]) < float(from_you["p:helen"]["penwidth"])
        assert tie["color"] == style.PALETTE["faint"]


def test_map_marks_support_and_seniority_in_text_not_colour_alone(network_map):
    _, data = network_map
    found = nodes(data)
    assert texts(found["p:helen"]) == ["▲ Helen Achterberg", "J", "C"]
    assert texts(found["p:samuel"]) == ["▲ Samuel Osei", "C", "P"]
    assert texts(found["p:ada"]) == ["● Ada Mensah", "P"]
    assert texts(found["p:tom"]) == ["▼ Tom Fairweather"]
    assert "mn-senior" in found["p:helen"]["class"] and "mn-junior" in found["p:tom"]["class"]


def test_map_every_person_links_to_their_page_with_a_tooltip(network_map):
    _, data = network_map
    for name, obj in nodes(data).items():
        if name.startswith("p:"):
            assert obj["URL"] == f"mentornet:person/{name[2:]}"
            assert obj["tooltip"]
    assert nodes(data)["p:helen"]["tooltip"].startswith("Helen Achterberg — Calderbridge — Close; Senior; "
                                                         "inside your organisation; support:")


def test_map_has_a_legend_explaining_every_mark_and_line(network_map):
    _, data = network_map
    legend = " ".join(t for name, obj in nodes(data).items() if name.startswith("legend:") for t in texts(obj))
    for phrase in ("Inside your organisation", "Outside your organisation", "They know each other",
                   *(term.label for term in v.SUPPORT), *(term.mark for term in v.SENIORITY),
                   *(term.mark for term in v.SUPPORT)):
        assert phrase in legend
    styles = {e.get("style", "solid") for t, h, e in edges(data) if t.startswith("legend:")}
    assert styles == {"solid", "dashed", "dotted"}


def test_on_anyone_elses_site_the_diagrams_name_the_owner_instead_of_saying_you(portfolio):
    mentor = MENTOR.voice(portfolio.profile.name)
    found = nodes(layout_json(dot.build(portfolio, "map", voice=mentor)))
    assert texts(found["you"]) == ['Maya <Lindqvist> & "co"']  # no "YOU"
    legend = " ".join(t for name, obj in found.items() if name.startswith("legend:") for t in texts(obj))
    assert "Inside Maya's organisation" in legend and "your organisation" not in legend
    assert "inside Maya's organisation" in found["p:helen"]["tooltip"]
    assert "Maya's organisation" in dot.build(portfolio, "map", voice=mentor).title
    assert dot.build(portfolio, "person: helen", voice=mentor).title.startswith(
        "Helen Achterberg and Maya; in Maya's network they know")
    assert texts(nodes(layout_json(dot.build(portfolio, "roles", voice=mentor)))["you"])[0] != "YOU"
    # the owner's own site keeps speaking to them
    assert texts(nodes(layout_json(dot.build(portfolio, "map")))["you"])[0] == "YOU"


def test_map_title_describes_the_network(network_map):
    diagram, _ = network_map
    assert diagram.title.startswith('Network map of Maya <Lindqvist> & "co": 5 people in rings')
    assert "(2 close, 1 moderate, 1 distant, 1 closeness not recorded)" in diagram.title
    assert "2 inside and 2 outside your organisation" in diagram.title


# --------------------------------------------------------------------------- roles, range, person

def test_roles_fills_slots_and_shows_empty_ones_as_dashed_gaps():
    people = (Person(id="a", name="Ana", roles=("skills", "coach")),
              Person(id="b", name="Bo", roles=("mentee",)))
    portfolio = Portfolio(profile=Profile(name="Me"), people=people)
    diagram = dot.build(portfolio, "roles")
    data = layout_json(diagram)
    found = nodes(data)
    slots = {name for name in found if name.startswith("role:")}
    assert slots == {f"role:{r}" for r in v.CORE_ROLES} | {"role:coach"}  # non-core only when filled
    assert texts(found["role:skills"]) == ["Skills mentor", "Ana"]
    assert "mn-empty" not in found["role:skills"]["class"]
    for empty in ("developmental", "work-life", "peer"):
        slot = found[f"role:{empty}"]
        assert "dashed" in slot["style"] and "mn-empty" in slot["class"]
        assert texts(slot)[1] == "nobody yet: a gap"
    lines = {(t, h): e for t, h, e in edges(data)}
    assert lines[("role:peer", "you")]["style"] == "dashed"
    assert lines[("you", "role:mentee")]["style"] == "solid"
    assert "Empty roles: developmental mentor, work-life mentor, peer mentor." in diagram.title
    # mentors above you, mentees below
    y = {name: float(found[name]["pos"].split(",")[1]) for name in ("you", "role:skills", "role:mentee")}
    assert y["role:skills"] > y["you"] > y["role:mentee"]
    assert 'HREF="mentornet:person/a"' in diagram.source


def test_range_has_a_cluster_per_social_system(portfolio):
    diagram = dot.build(portfolio, "range")
    assert diagram.engine == "osage"
    data = layout_json(diagram)
    found = clusters(data)
    assert set(found) == {"cluster_institution", "cluster_other-institutions", "cluster_climbing-club",
                          "cluster_unrecorded"}
    members = {name: {data["objects"][i]["name"] for i in obj.get("nodes", ())} for name, obj in found.items()}
    assert members["cluster_institution"] == {"p:helen", "p:samuel"}
    assert members["cluster_climbing-club"] == {"p:tom"}  # the owner's own system, with its label
    assert texts(found["cluster_climbing-club"])[0] == "Climbing club"
    assert texts(found["cluster_institution"]) == ["Own institution",
                                                   "2 people · yours · 1 tie within · 1 to other systems"]
    assert "4 social systems" not in diagram.title and "3 social systems" in diagram.title


def test_person_diagram_shows_them_you_and_whom_they_know(portfolio):
    diagram = dot.build(portfolio, "person: helen")
    assert diagram.name == "person:helen"
    data = layout_json(diagram)
    assert set(nodes(data)) == {"you", "p:helen", "p:samuel", "p:ada"}  # not "gone": left
    pairs = {tuple(sorted((t, h))) for t, h, _ in edges(data)}
    assert pairs == {("p:helen", "you"), ("p:helen", "p:samuel"), ("p:ada", "p:helen")}
    assert "they know Ada Mensah, Samuel Osei" in diagram.title


def test_one_network_serves_every_person_diagram_of_a_build(portfolio):
    network = dot.Network.of(portfolio)
    assert list(network.people) == [p.id for p in style.active_people(portfolio)]  # "gone" left
    for ids in ({"helen", "samuel", "ada"}, {"ada", "evil"}, {"gone", "helen"}, {"tom"}, set()):
        assert network.ties_among(ids) == [t for t in sorted(portfolio.ties) if set(t) <= ids]
    for person in style.active_people(portfolio):
        name = f"person:{person.id}"
        assert dot.build(portfolio, name, network=network) == dot.build(portfolio, name)


def test_the_map_and_a_difference_of_the_same_people_are_placed_once(portfolio):
    placement._placed.cache_clear()
    layout = placement.map_layout(portfolio)
    unchanged = dot.difference(portfolio, portfolio)
    assert placement._placed.cache_info().hits == 1 and placement.map_layout(portfolio) == layout
    for person in style.active_people(portfolio):  # every person where the map has them
        x, y = layout.positions[person.id]
        assert f'{style.node_id("p", person.id)} [' in unchanged.source
        assert f'pos="{x:.1f},{y:.1f}!"' in unchanged.source
    moved = dataclasses.replace(portfolio, people=tuple(
        p.model_copy(update={"closeness": "distant"}) if p.id == "helen" else p for p in portfolio.people))
    assert placement.map_layout(moved) != layout  # another ring: placed again


def test_unknown_diagrams_and_people_are_errors_with_a_suggestion(portfolio):
    with pytest.raises(dot.UnknownDiagram, match="did you mean 'helen'"):
        dot.build(portfolio, "person: hellen")
    with pytest.raises(dot.UnknownDiagram, match="unknown person 'gone'"):
        dot.build(portfolio, "person:gone")
    with pytest.raises(dot.UnknownDiagram, match="unknown person 'gone'"):
        dot.check(portfolio, "person: gone")  # what a page's block is checked with: left is unknown
    assert dot.check(portfolio, "person:  helen") == "person:helen"
    with pytest.raises(dot.UnknownDiagram, match="unknown diagram 'galaxy'"):
        dot.build(portfolio, "galaxy")
    assert dot.names(portfolio)[:3] == ["map", "roles", "range"]
    assert "person:gone" not in dot.names(portfolio)
    with pytest.raises(dot.UnknownDiagram, match="needs the history"):
        dot.build(portfolio, "difference")  # drawn only where the plugin passes the history


def test_an_empty_network_still_draws(portfolio):
    """Nobody in the network: Graphviz still draws each diagram (you, the map's legend, the
    empty roles), no person appears, and the text alternative says the network is empty."""
    empty = Portfolio(profile=portfolio.profile)
    for name in ("map", "roles", "range"):
        diagram = dot.build(empty, name)
        drawn = nodes(layout_json(diagram))  # raises if Graphviz rejects the source
        assert not [key for key in drawn if key.startswith("p:")], name
        if name == "range":
            assert drawn == {} and diagram.title.endswith("nobody in the network yet.")
            continue
        assert "YOU" in texts(drawn["you"]), name
        if name == "map":
            assert diagram.title.endswith("nobody in the network yet.")
            assert any(key.startswith("legend:") for key in drawn)
        else:
            core = [key for key in drawn if key.startswith("role:")]
            assert core and all("nobody yet" in " ".join(texts(drawn[key])) for key in core)
            assert "Empty roles:" in diagram.title


# --------------------------------------------------------------------------- hostile text

def test_hostile_text_is_literal_in_the_dot_source_and_as_graphviz_reads_it(portfolio, network_map):
    diagram, data = network_map
    evil = nodes(data)["p:evil"]
    assert texts(evil) == [style.short(HOSTILE), "J"]  # drawn literally (shortened to fit)
    # as parsed: four backslashes, because Graphviz unescapes tooltips twice (see style.quote)
    assert evil["tooltip"].startswith(HOSTILE.replace("\\", "\\" * 4) + " — <i>T</i> — ")
    # in HTML-like labels as entities, in quoted strings with \" and \\ escaped
    label = style.html_text(style.short(HOSTILE))
    assert label.startswith("Ann &quot;Q&quot; O&#x27;Neil \\\\N {x} &lt;scri") and label in diagram.source
    roles = dot.build(portfolio, "roles").source
    assert 'TITLE="Ann &quot;Q&quot; O&#x27;Neil \\\\N {x} &lt;script&gt;alert(1)&lt;/script&gt; &quot;]; evil [label=&quot;x' in roles  # noqa: E501
    assert 'tooltip="Ann \\"Q\\" O\'Neil \\\\\\\\N {x} <script>alert(1)</script> \\"]; evil [label=\\"x' in diagram.source  # noqa: E501
    # the injection attempt did not create a node or an attribute
    assert "evil" not in {name.split(":")[-1] for name in nodes(data) if not name.startswith("p:")}
    assert all("label" not in obj or obj["name"] != "x" for obj in nodes(data).values())
    you = nodes(data)["you"]
    assert texts(you) == ["YOU", 'Maya <Lindqvist> & "co"']
    roles = layout_json(dot.build(portfolio, "range"))
    assert style.short(HOSTILE) in [t for obj in nodes(roles).values() for t in texts(obj)]


def test_quote_escapes_for_dot():
    assert style.quote('a"b\\c\nd') == '"a\\"b\\\\\\\\c d"'
    assert style.html_text("<b>&{}\\N") == "&lt;b&gt;&amp;{}\\\\N"


# --------------------------------------------------------------------------- embedding: phase 1

EXT = ["attr_list", "md_in_html", "admonition"]

PAGE = """# Notes

Some text.

```mentornet
map
```

!!! note "Roles"

    ```mentornet
    roles
    ```

<div markdown>

```mentornet
person: helen
```

</div>

````markdown
```mentornet
range
```
````

```dot engine=neato title="Who introduced whom"
graph { a -- b }
```

```graphviz
digraph { x -> y }
```

```python
print("```mentornet")
```
"""


def test_expand_finds_every_block_and_only_those(portfolio):
    text, requests = expand(PAGE, portfolio)
    assert [r.name for r in requests] == ["map", "roles", "person:helen", "dot", "dot"]
    assert [r.line for r in requests] == [5, 11, 17, 29, 33]
    user = requests[3]
    assert user.engine == "neato" and user.title == "Who introduced whom" and user.source == "graph { a -- b }"
    assert requests[4].engine == "dot" and requests[4].source == "digraph { x -> y }"
    assert "```mentornet\nrange\n```" in text  # inside a longer fence: shown, not drawn
    assert 'print("```mentornet")' in text
    assert text.count('class="mentornet-diagram"') == 5


def test_placeholders_survive_python_markdown(portfolio):
    text, requests = expand(PAGE, portfolio)
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "admonition"])
    keys = re.findall(r'<div class="mentornet-diagram" data-diagram="([^"]*)"></div>', html)
    assert keys == [r.key for r in requests]


def test_marker_is_the_same_syntax(portfolio):
    text, requests = expand("Intro\n" + marker("person: ada") + "after", portfolio)
    assert [r.key for r in requests] == ["person:ada"]


def test_unknown_person_or_diagram_is_reported_and_shown_as_an_error(portfolio):
    text, requests = expand("```mentornet\nperson: nobody\n```\n\n```mentornet\nsunburst\n```\n", portfolio)
    assert [r.error is not None for r in requests] == [True, True]
    assert "unknown person 'nobody'" in requests[0].error
    html = markdown.markdown(text, extensions=["md_in_html"])
    page = insert(html, {}, "notes/", lambda src: None)
    assert page.count('class="admonition failure mentornet-diagram-error" role="note"') == 2
    assert "unknown person &#x27;nobody&#x27;" in page


def test_bad_user_dot_options_are_reported():
    _, requests = expand("```dot engine=evil\ngraph {}\n```\n")
    assert "unknown Graphviz engine 'evil'" in requests[0].error


# --------------------------------------------------------------------------- embedding: phase 3

SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="150pt" height="75pt" viewBox="0.00 0.00 150.00 75.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph"><title>G</title>
<g id="node1" class="node"><title>p:ada</title>
<g id="a_node1"><a xlink:href="mentornet:person/ada" xlink:title="Ada &lt;b&gt;">
<polygon fill="#f4f5f7" stroke="#cdd2da" points="0,0 1,1"/>
<text x="1" y="1">Ada&nbsp;&lt;script&gt;</text>
</a></g></g>
<g id="node2" class="node"><g id="a_node2"><a xlink:href="mentornet:person/gone"><text fill="#1f2329">Gone</text></a></g></g>
<g id="node3"><a xlink:href="javascript:alert(1)"><text onclick="alert(2)" onmouseover="x()">J</text></a></g>
<a xlink:href=" java&#10;script:alert(3)"><text>K</text></a>
<a href="https://example.org/x"><text>L</text></a>
<script>alert(4)</script>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<animate attributeName="href" to="javascript:alert(5)"/>
</g>
</svg>
"""  # noqa: E501  (an SVG fixture, as Graphviz writes it)


def url_of(site: dict[str, str]):
    return lambda src: site.get(src)


def test_insert_makes_accessible_responsive_themed_svg():
    page = insert('<p>x</p>\n<div class="mentornet-diagram" data-diagram="k"></div>', {"k": SVG},
                  "notes/", url_of({"people/ada.md": "people/ada/"}), titles={"k": 'Ada & "B" <i>'})
    assert page.startswith("<p>x</p>\n<div class=\"mentornet-diagram mentornet-diagram--k\" data-diagram=\"k\"><svg ")
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and 'aria-label="Ada &amp; &quot;B&quot; &lt;i&gt;"' in svg
    assert 'viewBox="0.00 0.00 150.00 75.00"' in svg
    assert " width=" not in svg and " height=" not in svg and "max-width: 200px" in svg
    assert "<?xml" not in page and "<!DOCTYPE" not in page
    assert "<title>Ada &amp; \"B\" &lt;i&gt;</title>" in page  # the accessible title first
    assert "<title>p:ada</title>" not in page and "<title>G</title>" not in page
    assert "<title>Ada &lt;b&gt;</title>" in page  # the tooltip, as text
    assert 'class="mn-fill-surface mn-stroke-line"' in page
    assert '<text fill="#1f2329" class="mn-fill-fg">Gone</text>' in page
    assert "Ada\u00a0&lt;script&gt;" in page  # &nbsp; understood, the text stays text
    assert 'id="mn1-graph0"' in page and 'id="graph0"' not in page


def test_insert_sanitises_scripts_handlers_and_javascript_links():
    page = insert('<div class="mentornet-diagram" data-diagram="k"></div>', {"k": SVG}, "", lambda s: None)
    lowered = page.lower()
    assert "<script" not in lowered and "alert(4)" not in page
    assert "onclick" not in lowered and "onmouseover" not in lowered
    assert "javascript" not in lowered
    assert "foreignobject" not in lowered and "<animate" not in lowered
    assert 'href="https://example.org/x"' in page


@pytest.mark.parametrize("page_url, site, expected", [
    ("notes/", {"people/ada.md": "people/ada/"}, "../people/ada/"),            # use_directory_urls
    ("people/bob/", {"people/ada.md": "people/ada/"}, "../ada/"),
    ("", {"people/ada.md": "people/ada/"}, "people/ada/"),                    # the home page
    ("notes.html", {"people/ada.md": "people/ada.html"}, "people/ada.html"),  # use_directory_urls: false
    ("people/bob.html", {"people/ada.md": "people/ada.html"}, "ada.html"),
    ("deep/er/page.html", {"people/ada.md": "people/ada.html"}, "../../people/ada.html"),
])
def test_links_are_relative_to_the_page(page_url, site, expected):
    page = insert('<div class="mentornet-diagram" data-diagram="k"></div>', {"k": SVG}, page_url, url_of(site))
    assert f'xlink:href="{expected}"' in page
    assert "mentornet:" not in page and "\x01" not in page
    # a person with no page in this build keeps their node, without a link
    assert re.search(r"<a><text fill=\"#1f2329\" class=\"mn-fill-fg\">Gone</text></a>", page)


def test_a_diagram_replaces_the_paragraph_markdown_put_its_placeholder_in():
    html = ('<p>Before</p>\n<p>\n  <div class="mentornet-diagram" data-diagram="k"></div>\n</p>\n'
            '<div class="mentornet-diagram" data-diagram="k"></div>\n<p>After</p>')
    page = insert(html, {"k": SVG}, "", lambda s: None)
    assert page.startswith('<p>Before</p>\n<div class="mentornet-diagram mentornet-diagram--k"')
    assert page.count("<svg ") == 2 and page.count("<p>") == 2 and page.endswith("</div>\n<p>After</p>")


def test_unrendered_keys_give_an_error_box_not_a_crash():
    html = '<p><div class="mentornet-diagram" data-diagram="missing"></div></p>'
    page = insert(html, {"broken": "<svg"}, "", lambda s: None)
    assert "mentornet has no diagram &#x27;missing&#x27;" in page and "<p><div" not in page
    page = insert('<div class="mentornet-diagram" data-diagram="broken"></div>', {"broken": "<svg"}, "",
                  lambda s: None)
    assert "not a readable SVG" in page
    page = insert('<div class="mentornet-diagram" data-diagram="bad"></div>', {}, "", lambda s: None,
                  errors={"bad": "Error: syntax error in line 1 near '<'"})
    assert "syntax error in line 1 near &#x27;&lt;&#x27;" in page


def test_two_diagrams_on_a_page_get_distinct_ids():
    html = ('<div class="mentornet-diagram" data-diagram="k"></div>'
            '<div class="mentornet-diagram" data-diagram="k"></div>')
    page = insert(html, {"k": SVG}, "", lambda s: None)
    ids = re.findall(r' id="([^"]*)"', page)
    assert len(ids) == len(set(ids)) and "mn1-graph0" in ids and "mn2-graph0" in ids


def test_preparing_leaves_the_cycle_collector_as_it_found_it():
    import gc
    assert gc.isenabled()
    prepare(SVG, "collector on")
    with pytest.raises(ET.ParseError):
        prepare("<svg", "collector on")
    assert gc.isenabled()
    gc.disable()
    try:
        prepare(SVG, "collector off")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_prepare_is_memoised():
    prepare.cache_clear()
    prepare(SVG, "t")
    prepare(SVG, "t")
    assert prepare.cache_info().hits == 1


def test_diagram_set_collects_distinct_requests(portfolio):
    diagrams = DiagramSet(portfolio)
    _, problems = diagrams.expand(marker("map") + marker("map") + marker("person: nobody"))
    assert list(diagrams.requests) == ["map"] and len(problems) == 1
    assert cleanup.PERSON_SRC.format(id="ada") == "people/ada.md"


def test_the_map_page_template_places_the_three_diagrams(portfolio):
    import datetime as dt

    from mentornet.site import pages
    site = pages.Site(portfolio, None, dt.date(2026, 1, 1), OWNER, diagram=marker)
    text = site.render(pages.environment(), pages.PageSpec("map.md", "map.md", "Map"))
    _, requests = expand(text, portfolio)
    assert [r.key for r in requests] == ["map", "roles", "range"]
    assert "<script>" not in text and "&lt;script&gt;" in text  # the list of people, escaped
    html = markdown.markdown(text.split("---", 2)[2], extensions=EXT)
    assert "<details" in html and html.count('href="people/') == 5
