"""Goals against the people who meet their needs, prospects ranked by what they would add,
and the latest audit against the one before."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from mentornet.analysis import analyze
from mentornet.core.model import Audit, Goal, Prospect
from tests.analysis.build import SETTINGS, no_nan, person, portfolio


# --- gaps and prospects ---------------------------------------------------------------------------


GOALS = [Goal(id="paper", text="Submit the paper", needs=("job", "how")),
         Goal(id="group", text="Lead a group", needs=("strategic", "coach", "whom"))]


def test_gaps_match_needs_to_providers():
    people = [person("a", support=("job",)), person("b", knowing=("how",), roles=("connector",)),
              person("c", purposes=("strategic",)), person("gone", roles=("coach",), until=dt.date(2026, 3, 1))]
    a = analyze(portfolio(*people, goals=GOALS), SETTINGS)
    paper, group = a.gaps
    assert {m.need: m.providers for m in paper.needs} == {"job": ("a",), "how": ("b",)}
    assert paper.unmet == ()
    assert {m.need: m.providers for m in group.needs} == {"strategic": ("c",), "coach": (), "whom": ()}
    assert group.unmet == ("coach", "whom")
    assert a.unmet_needs == ("coach", "whom")
    data = a.to_json()["gaps"]
    assert data["unmet"] == ["coach", "whom"]
    assert data["goals"][1]["needs"]["coach"] == []


def test_prospects_ranked_by_what_they_would_add():
    people = [person("a", support=("job",), knowing=("how",), inside=True, seniority="senior",
                     social_system="institution"),
              person("b", purposes=("strategic",), inside=True, seniority="senior", social_system="institution")]
    prospects = [
        Prospect(id="coach-x", name="Coach X", stage="identified", needs=("coach",), roles=("coach",),
                 inside=False, seniority="peer", social_system="professional-bodies", via="a"),
        Prospect(id="connector-y", name="Connector Y", stage="conversation", needs=("whom", "coach"),
                 inside=False, seniority="junior", social_system="industry"),
        Prospect(id="same-z", name="Same Z", stage="approached", inside=True, seniority="senior",
                 social_system="institution"),
        Prospect(id="no-thanks", name="No Thanks", stage="declined", needs=("coach", "whom")),
    ]
    a = analyze(portfolio(*people, goals=GOALS, prospects=prospects), SETTINGS)
    ranking = [r.prospect for r in a.prospects]
    assert ranking == ["connector-y", "coach-x", "same-z"]  # declined left out
    best, second, last = a.prospects
    assert best.closes == ("coach", "whom") and best.goals == ("group",)
    assert second.closes == ("coach",)
    assert last.closes == ()
    assert second.via == "a" and best.via is None
    assert second.changes["range"].before == 1 and second.changes["range"].after == 2
    assert last.changes["range"].delta == 0
    assert second.changes["ei_index"].before == -1
    assert second.changes["ei_index"].after == pytest.approx(-1 / 3)
    assert second.changes["seniority"].before == 0
    assert second.changes["seniority"].after == pytest.approx(1 - (4 + 1) / 9)
    # tied to a: 3 people, 1 tie -> 3 - 2/3; connector-y has no tie -> 3
    assert second.changes["effective_size"].after == pytest.approx(3 - 2 / 3)
    assert best.changes["effective_size"].after == pytest.approx(3)
    assert best.score > second.score > last.score
    data = a.to_json()["prospects"]
    assert data[0]["id"] == "connector-y" and data[0]["closes"] == ["coach", "whom"]
    no_nan(data)


def test_prospect_backing_up_a_thin_need_ranks_above_one_adding_nothing():
    goals = [Goal(id="fellowship", text="Fellowship", needs=("sponsor",))]
    people = [person("a", roles=("sponsor",)), person("b")]
    prospects = [Prospect(id="nothing", name="A Nothing", stage="identified"),
                 Prospect(id="sponsor-2", name="B Sponsor", stage="identified", roles=("sponsor",))]
    a = analyze(portfolio(*people, goals=goals, prospects=prospects), SETTINGS)
    assert a.thin_needs == {"sponsor": ("a",)}
    assert [r.prospect for r in a.prospects] == ["sponsor-2", "nothing"]
    assert a.prospects[0].strengthens == ("sponsor",)


def test_prospect_already_in_network_changes_nothing():
    prospects = [Prospect(id="a", name="A", stage="mentoring", needs=("coach",))]
    a = analyze(portfolio(person("a"), person("b"), goals=GOALS, prospects=prospects), SETTINGS)
    (rank,) = a.prospects
    assert rank.in_network and rank.closes == () and rank.changes["effective_size"].delta == 0


def test_prospects_on_an_empty_network():
    prospects = [Prospect(id="x", name="X", needs=("coach",), inside=False, social_system="industry")]
    a = analyze(portfolio(goals=GOALS, prospects=prospects), SETTINGS)
    (rank,) = a.prospects
    assert rank.closes == ("coach",)
    assert rank.changes["ei_index"].before is None and rank.changes["ei_index"].after == 1
    assert math.isfinite(rank.score)
    no_nan(a.to_json())


# --- audit ------------------------------------------------------------------------------------------


def test_audit_compares_latest_with_previous():
    people = [person("a", inside=True, social_system="institution"),
              person("b", inside=True, social_system="institution"),
              person("c", inside=False, social_system="industry")]
    audits = [Audit(date=dt.date(2026, 6, 1), core=("b", "c", "unknown-person")),
              Audit(date=dt.date(2025, 12, 1), core=("a", "b"))]
    change = analyze(portfolio(*people, audits=audits), SETTINGS).audit
    assert change.latest.date == dt.date(2026, 6, 1)
    assert change.core == ("b", "c")  # only people this portfolio knows
    assert change.entered == ("c",) and change.left == ("a",) and change.stayed == ("b",)
    assert change.inside_share == pytest.approx(0.5) and change.previous_inside_share == 1
    assert (change.systems, change.previous_systems) == (2, 1)


def test_no_audit():
    assert analyze(portfolio(person("a")), SETTINGS).audit is None
