"""Rendering with the real Graphviz: hostile text in the SVG, the cache, determinism, batches,
and the message when Graphviz is not installed."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import textwrap
import threading
import xml.etree.ElementTree as ET

import markdown
import pytest
from tests.diagrams.diagram_fixtures import HOSTILE, HOSTILE_ORG, small

from mentornet.diagrams import cleanup, dot, render, style
from mentornet.diagrams.embed import DiagramSet, marker
from mentornet.diagrams.render import GraphvizMissing, Job, render_many

ALL = ["map", "roles", "range", "person:helen", "person:evil", "person:ada"]
EXTENSIONS = ["attr_list", "md_in_html", "admonition"]


def build_pages(portfolio, cache, pages: dict[str, str], site: dict[str, str], workers: int = 2):
    """What the plugin does: expand every page, render once, convert, insert."""
    diagrams = DiagramSet(portfolio, cache_dir=cache, workers=workers)
    expanded = {url: diagrams.expand(text)[0] for url, text in pages.items()}
    result = diagrams.render()
    html = {url: diagrams.insert(markdown.markdown(text, extensions=EXTENSIONS), url, site.get)
            for url, text in expanded.items()}
    return html, result


@pytest.fixture(scope="module")
def portfolio():
    return small()


def test_every_diagram_renders_with_graphviz(portfolio, tmp_path):
    jobs = [Job(name, d.source, d.engine, d.args) for name in ALL for d in [dot.build(portfolio, name)]]
    result = render_many(jobs)
    assert not result.errors
    assert set(result.svgs) == set(ALL)
    for svg in result.svgs.values():
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
        assert "<!--" not in svg and "graphviz version" not in svg.lower()


def test_hostile_text_is_escaped_in_the_svg_and_the_page(portfolio, tmp_path):
    page = "# P\n" + marker("map") + marker("roles") + marker("range") + marker("person: evil")
    html, _ = build_pages(portfolio, tmp_path, {"notes/": page}, {"people/evil.md": "people/evil/"})
    out = html["notes/"]
    assert "<script" not in out.lower() and "<b>Org" not in out and "<i>T" not in out
    short = style.short(HOSTILE)
    drawn = short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert drawn in out  # the node's text, literally
    # the tooltip and the role slot's title carry the whole name and organisation
    full = (HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
    assert f'xlink:title="{full} — &lt;i&gt;T&lt;/i&gt; — ' in out
    org = (HOSTILE_ORG.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))
    assert org in out  # backslashes (\N included) stay backslashes
    assert "Maya &lt;Lindqvist&gt; &amp; \"co\"" in out


def test_a_second_build_renders_nothing_and_gives_the_same_bytes(portfolio, tmp_path):
    pages = {"map/": "# Map\n" + marker("map") + marker("roles") + marker("range"),
             **{f"people/{p}/": marker(f"person: {p}") for p in ("helen", "ada", "evil", "samuel", "tom")},
             "notes/": "```dot\ndigraph { a -> b }\n```\n"}
    site = {f"people/{p}.md": f"people/{p}/" for p in ("helen", "ada", "evil", "samuel", "tom")}
    first, result = build_pages(portfolio, tmp_path, pages, site)
    assert (result.rendered, result.cached, result.errors) == (9, 0, {})
    second, again = build_pages(portfolio, tmp_path, pages, site)
    assert (again.rendered, again.cached) == (0, 9)
    assert first == second
    assert "9 diagram(s) rendered, 0 from the cache" == result.summary()
    # a cold build in a fresh cache (and with one worker) gives the same bytes too
    third, _ = build_pages(portfolio, tmp_path / "other", pages, site, workers=1)
    assert third == first


def test_the_cache_key_covers_source_engine_and_arguments(monkeypatch):
    keys = {render.cache_key("graph{}", "dot"), render.cache_key("graph{ }", "dot"),
            render.cache_key("graph{}", "neato"), render.cache_key("graph{}", "neato", ("-n2",)),
            render.cache_key("graph{}", "dot", (), "png")}
    assert len(keys) == 5
    monkeypatch.setattr(render, "RENDER_VERSION", render.RENDER_VERSION + "-next")  # and the way it is drawn
    assert render.cache_key("graph{}", "dot") not in keys


def test_a_changed_diagram_is_rendered_again(portfolio, tmp_path):
    pages = {"map/": marker("map") + marker("person: helen")}
    build_pages(portfolio, tmp_path, pages, {})
    changed = small().__class__(profile=portfolio.profile, people=portfolio.people[:3])
    _, result = build_pages(changed, tmp_path, pages, {})
    assert (result.rendered, result.cached) == (1, 1)  # the map changed, Helen's diagram did not


def test_a_build_keeps_its_diagrams_in_one_file_and_no_thread_waits_for_graphviz(portfolio, tmp_path):
    pages = {"map/": marker("map") + marker("roles"), "people/helen/": marker("person: helen"),
             "notes/": "```dot\ndigraph { a -> b }\n```\n"}
    threads = threading.active_count()
    diagrams = DiagramSet(portfolio, cache_dir=tmp_path)
    for text in pages.values():
        diagrams.expand(text)
    diagrams.start()
    assert threading.active_count() == threads  # Graphviz runs in processes of its own
    assert diagrams.finish().rendered == 4
    assert len(diagrams.store) == 4 and diagrams.svgs == {}  # each kept in the file, not in memory
    assert [path.name for path in tmp_path.iterdir()] == ["prepared-owner.pickle"]


def test_a_graphviz_process_past_its_time_is_stopped_and_said(monkeypatch):
    monkeypatch.setattr(render, "TIMEOUT", 0.0)
    result = render_many([Job("user", "digraph { a -> b }\n", batchable=False)])
    assert result.errors["user"].startswith("Graphviz 'dot' did not finish within 0 s and was stopped")


def test_no_more_graphviz_processes_hold_files_than_there_are_workers():
    jobs = [Job(f"g{i}", f"graph {{ a{i} }}\n", batchable=False) for i in range(8)]
    rendering = render.start_many(jobs, 2)
    assert len(rendering._started) == 2
    assert "g6" in rendering.wait(["g6"]).svgs  # a page that needs one now starts it now
    assert len(rendering._started) <= 2
    assert sorted(rendering.result().svgs) == sorted(job.key for job in jobs)
    assert rendering._started == {}


def test_a_build_that_failed_stops_graphviz():
    rendering = render.start_many([Job(f"g{i}", f"graph {{ a{i} }}\n", batchable=False) for i in range(5)], 2)
    running = list(rendering._started.values())
    assert len(running) == 2  # no more at a time than there are workers
    rendering.cancel()
    assert all(process.proc.returncode is not None for process in running)
    assert rendering.result().svgs == {}


def test_batched_rendering_equals_one_process_per_graph(portfolio):
    jobs = [Job(n, d.source, d.engine, d.args) for n in ("person:helen", "person:ada", "person:evil")
            for d in [dot.build(portfolio, n)]]
    batched = render._render_batch(jobs)
    for job in jobs:
        assert batched[job.digest] == render.render(job.source, job.engine, job.args)


def test_small_diagrams_go_to_one_graphviz_process_per_worker():
    jobs = [Job(f"person:{i}", f'graph {{ node [pos="0,0!"]; a{i} -- b }}\n', "neato", ("-n2",))
            for i in range(300)]
    big = Job("map", "graph { " + "x -- y; " * 3000 + "}\n", "neato", ("-n2",))
    other = Job("roles", "digraph { a -> b }\n", "dot")
    batches = render._batches([*jobs, big, other], workers=2)
    assert sorted(len(batch) for batch in batches) == [1, 1, 150, 150]
    assert [big] in batches and [other] in batches  # big ones alone, engines apart
    assert [len(batch) for batch in render._batches(jobs, workers=1)] == [300]
    assert [len(batch) for batch in render._batches(jobs[:50], workers=2)] == [render.BATCH_SIZE, 10]
    result = render_many([*jobs[:60], other], workers=2)  # and Graphviz draws each one
    assert not result.errors and len(result.svgs) == 61


def test_prepared_svg_is_written_as_elementtree_writes_it(portfolio):
    jobs = [Job(n, d.source, d.engine, d.args) for n in ALL for d in [dot.build(portfolio, n)]]
    jobs.append(Job("user", 'digraph { a [URL="https://example.org/x", tooltip="\\"q\\" <t>", id="n1"]; a -> b }\n'))
    for key, svg in render_many(jobs).svgs.items():
        tree = ET.fromstring(cleanup.xml_entities(svg))
        cleanup.sanitise(tree)
        assert cleanup.xml_text(tree) == ET.tostring(tree, encoding="unicode"), key
    other = ET.fromstring('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x"><g x:a="1"/></svg>')
    assert cleanup.xml_text(other) == ET.tostring(other, encoding="unicode")  # left to ElementTree


def test_a_bad_graph_in_a_batch_does_not_spoil_the_others():
    good = Job("good", "graph { a -- b }\n", "dot")
    bad = Job("bad", "graph { a -- \n", "dot")
    result = render_many([good, bad])
    assert "good" in result.svgs and "syntax error" in result.errors["bad"]


def test_user_dot_with_an_error_shows_an_error_box(portfolio, tmp_path):
    html, result = build_pages(portfolio, tmp_path, {"notes/": "```dot\ngraph { a -- }\n```\n"}, {})
    assert len(result.errors) == 1
    assert "This diagram could not be drawn" in html["notes/"] and "syntax error" in html["notes/"]


def test_user_dot_cannot_inject_script(portfolio, tmp_path):
    evil = textwrap.dedent('''\
        digraph {
          a [URL="javascript:alert(1)", label="<script>alert(2)</script>"];
          b [label=<<b>bold</b>>, href="JaVaScRiPt:alert(3)", id="x\\" onload=\\"alert(4)"];
          c [URL="mentornet:person/helen", tooltip="helen"];
          a -> b -> c;
        }''')
    html, result = build_pages(portfolio, tmp_path, {"notes/": f"```graphviz\n{evil}\n```\n"},
                               {"people/helen.md": "people/helen/"})
    out = html["notes/"]
    assert not result.errors
    lowered = out.lower()
    assert "javascript" not in lowered and "<script" not in lowered
    svg = ET.fromstring(re.search(r"<svg.*</svg>", out, re.S).group(0))
    for element in svg.iter():
        assert not [name for name in element.attrib if name.rsplit("}", 1)[-1].lower().startswith("on")]
    assert '<g id="mn1-x&quot; onload=&quot;alert(4)"' in out  # an id, escaped: not an attribute
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in out
    assert 'xlink:href="../people/helen/"' in out


def test_graphviz_missing_gives_one_clear_message(tmp_path):
    """A real condition: Python runs with a PATH where no Graphviz binary can be found."""
    script = textwrap.dedent("""\
        import sys
        from mentornet.diagrams.render import Job, render_many, GraphvizMissing
        try:
            render_many([Job("map", "graph { a }", "neato", ("-n2",))])
        except GraphvizMissing as error:
            print(error)
            sys.exit(3)
        """)
    env = {**os.environ, "PATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    message = proc.stdout
    assert "Graphviz" in message and "'neato' was not found" in message
    for hint in ("apt-get install graphviz", "brew install graphviz", "winget install graphviz"):
        assert hint in message
    assert "Traceback" not in message + proc.stderr


def test_graphviz_missing_is_raised_before_any_work_even_with_a_warm_cache(portfolio, tmp_path, monkeypatch):
    pages = {"notes/": "```dot\ngraph { a }\n```\n"}
    build_pages(portfolio, tmp_path, pages, {})
    monkeypatch.setenv("PATH", str(tmp_path))
    # everything cached: nothing to run, no error
    assert build_pages(portfolio, tmp_path, pages, {})[1].cached == 1
    with pytest.raises(GraphvizMissing) as caught:
        build_pages(portfolio, tmp_path, {"notes/": "```dot\ngraph { b }\n```\n"}, {})
    assert "Graphviz" in str(caught.value) and caught.value.binary == "dot"


def test_the_dot_of_unchanged_data_is_not_built_again_and_changed_data_is(portfolio, tmp_path, monkeypatch):
    pages = {"map/": marker("map"), "people/helen/": marker("person: helen")}
    first, _ = build_pages(portfolio, tmp_path, pages, {})
    built = []
    real_build = dot.build
    monkeypatch.setattr(dot, "build", lambda *args, **kwargs: built.append(args[1]) or real_build(*args, **kwargs))
    second, _ = build_pages(portfolio, tmp_path, pages, {})
    assert built == [] and second == first

    helen = portfolio.people_by_id["helen"]
    renamed = dataclasses.replace(portfolio, people=tuple(
        person.model_copy(update={"name": "Helen Renamed"}) if person is helen else person
        for person in portfolio.people))
    third, _ = build_pages(renamed, tmp_path, pages, {})
    assert sorted(built) == ["map", "person:helen"]
    assert "Helen Renamed" in third["map/"] and "Helen Renamed" in third["people/helen/"]
