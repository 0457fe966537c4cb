"""A build's diagrams are kept on disk, one record each, and read when a page needs one:
memory holds where each diagram is, never all of them (20,000 person diagrams were most of a
build's peak memory)."""

from __future__ import annotations

import gc

import markdown

from mentornet.core.model import Person, Portfolio, Profile
from mentornet.diagrams import cleanup, render
from mentornet.diagrams.cleanup import Prepared
from mentornet.diagrams.embed import DiagramSet, marker
from mentornet.diagrams.render import Job

EXTENSIONS = ["attr_list", "md_in_html", "admonition"]


def many(count: int) -> Portfolio:
    """``count`` people, each knowing the next two."""
    ids = [f"p{index}" for index in range(count)]
    people = tuple(Person(id=person_id, name=f"Person {index}", closeness="close", roles=("peer",),
                          knows=(ids[(index + 1) % count], ids[(index + 2) % count]))
                   for index, person_id in enumerate(ids))
    return Portfolio(profile=Profile(name="Maya"), people=people)


def pages_of(diagrams: DiagramSet, portfolio: Portfolio) -> dict[str, str]:
    return {f"people/{p.id}/": markdown.markdown(diagrams.expand(marker(f"person: {p.id}"))[0],
                                                 extensions=EXTENSIONS) for p in portfolio.people}


def build(portfolio: Portfolio, cache, watch: bool = False) -> tuple[dict[str, str], DiagramSet, list[int]]:
    """What the plugin does, page by page; with ``watch``, how many prepared diagrams are alive
    after every tenth page."""
    diagrams = DiagramSet(portfolio, cache_dir=cache, workers=1)
    pages = pages_of(diagrams, portfolio)
    diagrams.start()
    html, alive = {}, []
    for number, (url, text) in enumerate(pages.items()):
        html[url] = diagrams.insert(text, url, lambda src: None)
        if watch and number % 10 == 0:
            alive.append(sum(isinstance(o, Prepared) for o in gc.get_objects()))
    diagrams.finish()
    return html, diagrams, alive


def test_a_build_holds_where_its_diagrams_are_not_the_diagrams(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "BATCH_MOST", 20)  # many Graphviz processes, read one by one
    portfolio = many(150)
    html, diagrams, alive = build(portfolio, tmp_path, watch=True)
    assert all("<svg " in page for page in html.values())
    assert diagrams.svgs == {} and len(diagrams.store) == 150  # every one drawn, kept on disk
    assert max(alive) <= cleanup.prepare.cache_info().maxsize + 1  # never all 150 in memory
    assert [path.name for path in tmp_path.iterdir()] == ["prepared-owner.pickle"]


def test_a_warm_build_reads_every_diagram_back_and_draws_none(tmp_path):
    portfolio = many(30)
    cold, _, _ = build(portfolio, tmp_path)
    warm, diagrams, _ = build(portfolio, tmp_path)
    assert warm == cold
    assert diagrams.finish().rendered == 0


def test_a_damaged_record_is_drawn_again_not_shown_broken(tmp_path):
    portfolio = many(30)
    cold, _, _ = build(portfolio, tmp_path)
    store = tmp_path / "prepared-owner.pickle"
    data = bytearray(store.read_bytes())
    data[len(data) // 3] ^= 0xFF  # somewhere among the records
    store.write_bytes(bytes(data))
    again, _, _ = build(portfolio, tmp_path)
    assert again == cold


def test_without_a_cache_nothing_is_written_and_every_page_has_its_diagram(tmp_path):
    portfolio = many(12)
    html, diagrams, _ = build(portfolio, None)
    assert all("<svg " in page for page in html.values()) and diagrams.svgs == {}
    assert list(tmp_path.iterdir()) == []


def test_no_graphviz_process_is_given_more_than_batch_most_graphs():
    jobs = [Job(f"person:{i}", f'graph {{ node [pos="0,0!"]; a{i} -- b }}\n', "neato", ("-n2",))
            for i in range(1200)]
    sizes = [len(batch) for batch in render._batches(jobs, workers=2)]
    assert sum(sizes) == 1200 and max(sizes) == render.BATCH_MOST
