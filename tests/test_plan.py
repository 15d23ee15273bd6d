"""The improvement plan in `parcalc explain`: the leaves a unit's peers get right and it does
not, and the shortest run of them to the next band and the next rank."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from parcalc.api import score_file
from parcalc.explain import explain
from parcalc.plan import PeerLeaf, peer_leaves, shortest_run
from tests.support import invoke


def test_peer_leaves_of_the_tiny_set(here: Path) -> None:
    results = score_file("tiny.xlsx", "tiny.yaml")
    leaves = peer_leaves(results, "U2")
    # U1, its only peer, has 1.1 (yes: 10) and 1.2 (95 % > 90: 30) full; U2 lost 10 and 15.
    assert [(p.id, p.lost, p.full, p.peers, p.peers_full) for p in leaves] == [
        ("1.2", 15.0, 1, 1, 1.0), ("1.1", 10.0, 1, 1, 1.0)]


def test_the_peers_alone_cannot_reach_the_next_band(here: Path) -> None:
    e = explain(score_file("tiny.xlsx", "tiny.yaml"), "U2")
    assert e.next_band is not None and e.next_band.points_needed == 30.5
    assert e.plan is not None
    assert e.plan.to_next_band is None  # 15 + 10 < 30.5
    assert e.plan.to_next_rank is None  # 25 < 44


def test_a_unit_alone_in_its_group_has_no_peer_leaves(here: Path) -> None:
    e = explain(score_file("tiny.xlsx", "tiny.yaml"), "H1")
    assert e.plan is not None and e.plan.peer_leaves == []


def test_json_plan(here: Path) -> None:
    code, out, err = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "-f", "json")
    assert code == 0, err
    plan = json.loads(out)["plan"]
    assert set(plan) == {"peer_leaves", "to_next_band", "to_next_rank"}
    assert set(plan["peer_leaves"][0]) >= {"id", "title", "lost", "peers_full"}
    assert plan["to_next_band"] is None and plan["to_next_rank"] is None


def test_on_the_example_the_run_reaches_band_and_rank() -> None:
    root = Path(__file__).parents[1]
    e = explain(score_file(root / "examples" / "2021.xlsx"), "STC")
    assert e.plan is not None and e.next_band is not None and e.next_rank is not None
    band, rank = e.plan.to_next_band, e.plan.to_next_rank
    assert band is not None and rank is not None
    assert band.points >= e.next_band.points_needed
    assert rank.points >= e.next_rank.points_needed
    assert rank.leaves[:len(band.leaves)] == band.leaves  # both are runs from the top
    assert [p.id for p in e.plan.peer_leaves][:len(rank.leaves)] == rank.leaves
    assert all(p.peers_full >= 0.5 and p.lost > 0 for p in e.plan.peer_leaves)


def test_section_in_the_language_in_use(here: Path, vietnamese: None) -> None:
    code, out, _ = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--width", "80")
    assert code == 0
    flat = " ".join(out.split())  # lines wrap at 80 columns
    assert "Kế hoạch cải thiện" in flat and "Improvement plan" not in flat
    assert "riêng các tiêu chí này chưa đủ để đạt" in flat
    code, out, _ = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--lang", "en")
    flat = " ".join(out.split())
    assert "Improvement plan" in flat and "the peers' leaves alone cannot reach it" in flat


losts = st.lists(st.integers(1, 500).map(lambda c: c / 100), max_size=12).map(
    lambda xs: sorted(xs, reverse=True))


@given(losts, st.integers(1, 3000).map(lambda c: c / 100))
def test_the_run_is_the_shortest_that_reaches(values: list[float], needed: float) -> None:
    leaves = [PeerLeaf(str(i), "t", v, 1.0, 1, 1) for i, v in enumerate(values)]
    run = shortest_run(leaves, needed)
    cents = [round(v * 100) for v in values]
    goal = round(needed * 100)
    if run is None:
        assert sum(cents) < goal
        return
    k = len(run.leaves)
    assert sum(cents[:k]) >= goal > sum(cents[:k - 1])
    assert round(run.points * 100) == sum(cents[:k])
    # sorted most first: no k - 1 leaves reach it either
    assert sum(sorted(cents, reverse=True)[:k - 1]) < goal
