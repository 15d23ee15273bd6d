"""Invariants of scoring through the public API, on random small criteria trees and workbooks."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcalc.criteria.model import CriteriaSet
from parcalc.engine import score
from parcalc.render.jsonout import to_json
from parcalc.results import Results
from parcalc.workbook import read_workbook
from tests.support import write_workbook

#: Each example writes and reads an .xlsx (~0.1 s), so examples are few.
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
TWICE = settings(SETTINGS, max_examples=12)
GROUPS = ["Sở", "Huyện"]
_counter = itertools.count()


@pytest.fixture(scope="module")
def book_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("books")


# --- strategies -------------------------------------------------------------------------------

QUARTERS = st.integers(min_value=1, max_value=40)  # max = k × 0.25, from 0.25 to 10


@st.composite
def leaves(draw: st.DrawFn, leaf_id: str) -> dict[str, Any]:
    maximum = draw(QUARTERS) * 0.25
    kind = draw(st.sampled_from(["points", "yes_no", "threshold", "choice"]))
    node: dict[str, Any] = {"id": leaf_id, "title": f"Tiêu chí {leaf_id}", "max": maximum}
    part = st.integers(min_value=0, max_value=int(maximum * 4)).map(lambda k: k * 0.25)
    if kind == "yes_no":
        node["rule"] = "yes_no"
    elif kind == "choice":
        node["rule"] = {"type": "choice",
                        "options": {"Tốt": maximum, "Khá": draw(part), "Kém": 0}}
    elif kind == "threshold":
        high = draw(st.integers(min_value=50, max_value=100))
        low = draw(st.integers(min_value=0, max_value=high))
        steps = [{draw(st.sampled_from(["min", "above"])): high, "points": maximum},
                 {draw(st.sampled_from(["min", "above"])): low, "points": draw(part)}]
        node["rule"] = {"type": "threshold", "steps": steps, "else": 0}
    elif draw(st.booleans()):
        node["rule"] = {"type": "points"}
    return node


@st.composite
def criteria_sets(draw: st.DrawFn) -> CriteriaSet:
    domains = []
    for d in range(1, draw(st.integers(min_value=2, max_value=3)) + 1):
        children = [draw(leaves(f"{d}.{c}"))
                    for c in range(1, draw(st.integers(min_value=1, max_value=4)) + 1)]
        domain: dict[str, Any] = {"id": str(d), "title": f"Lĩnh vực {d}", "criteria": children}
        if draw(st.booleans()):
            domain["max"] = sum(c["max"] for c in children)
        domains.append(domain)
    data = {
        "parcalc": 1, "id": "random", "title": "Ngẫu nhiên",
        "precision": draw(st.integers(min_value=0, max_value=3)),
        "ties": draw(st.sampled_from(["min", "dense"])),
        "bands": [{"label": "A", "min": 90}, {"label": "B", "min": 70}, {"label": "C", "min": 40}],
        "domains": domains,
    }
    return CriteriaSet.model_validate(data)


def _rule_type(node: Any) -> str:
    return str(node.leaf_rule.type)


def value_for(draw: st.DrawFn, leaf: Any) -> Any:
    """A valid cell for the leaf's rule, in one of the ways people write it."""
    kind, maximum = _rule_type(leaf), float(leaf.maximum)
    if kind == "yes_no":
        return draw(st.sampled_from(["có", "Không", "x", "đạt", "no", 1, 0]))
    if kind == "choice":
        return draw(st.sampled_from(["Tốt", "khá", "KÉM"]))
    if kind == "threshold":
        v = draw(st.integers(min_value=0, max_value=100))
        return draw(st.sampled_from([v, f"{v}%", float(v)]))
    thousandths = draw(st.integers(min_value=0, max_value=int(maximum * 1000)))
    number = thousandths / 1000
    return draw(st.sampled_from([number, str(number).replace(".", ",")]))


@st.composite
def cases(draw: st.DrawFn) -> tuple[CriteriaSet, dict[str, list[list[Any]]]]:
    criteria = draw(criteria_sets())
    n = draw(st.integers(min_value=2, max_value=8))
    n_groups = draw(st.integers(min_value=1, max_value=2))
    units = [["unit_id", "name", "group"]]
    for i in range(1, n + 1):
        units.append([f"U{i}", f"Đơn vị {i}", GROUPS[draw(st.integers(0, n_groups - 1))]])
    scores: list[list[Any]] = [["unit_id", "criterion_id", "value"]]
    for unit in units[1:]:
        for leaf in criteria.leaves():
            scores.append([unit[0], leaf.id, value_for(draw, leaf.node)])
    return criteria, {"units": units, "scores": scores}


def run(book_dir: Path, criteria: CriteriaSet, sheets: dict[str, list[list[Any]]]) -> Results:
    path = write_workbook(book_dir / f"w{next(_counter)}.xlsx", sheets)
    return score(read_workbook(path), criteria)


def by_unit(results: Results) -> dict[str, dict[str, Any]]:
    return {r["unit_id"]: r for r in results.unit_records()}


# --- properties -------------------------------------------------------------------------------

@SETTINGS
@given(cases())
def test_totals_ranks_and_bands(book_dir: Path, case: Any) -> None:
    criteria, sheets = case
    results = run(book_dir, criteria, sheets)
    assert results.warnings == []
    check_bounds(criteria, results)
    check_ranks(criteria, sheets, results.unit_records())


def check_bounds(criteria: CriteriaSet, results: Results) -> None:
    """Index in [0, 100], every node's points within [0, max], sums consistent."""
    records = results.unit_records()
    assert len(records) == len(results.units)
    slack = 0.5 * 10**-criteria.precision + 1e-9
    exact_max = criteria.maximum
    for rec in records:
        assert 0 <= rec["index"] <= 100
        assert 0 <= rec["points"] <= rec["max"]
        assert rec["max"] == pytest.approx(exact_max, abs=slack)
        low = (rec["points"] - slack) / exact_max * 100 - slack
        high = (rec["points"] + slack) / exact_max * 100 + slack
        assert low <= rec["index"] <= high
        assert rec["points"] == pytest.approx(sum(d["points"] for d in rec["domains"]),
                                              abs=(len(rec["domains"]) + 1) * slack)
        for d in rec["domains"]:
            assert 0 <= d["points"] <= d["max"]
            assert 0 <= d["index"] <= 100
    nodes = results.nodes
    assert len(nodes) == len(records) * sum(1 for _ in criteria.walk())
    assert (nodes["points"] >= 0).all()
    assert (nodes["points"] <= nodes["max"]).all()
    assert ((nodes["index"] >= 0) & (nodes["index"] <= 100)).all()


def check_ranks(criteria: CriteriaSet, sheets: dict[str, list[list[Any]]],
                records: list[dict[str, Any]]) -> None:
    """Ranks and bands follow the rounded index; output by group, rank, then sheet order."""
    sheet_order = [row[0] for row in sheets["units"][1:]]
    group_order = list(dict.fromkeys(row[2] for row in sheets["units"][1:]))
    assert list(dict.fromkeys(r["group"] for r in records)) == group_order
    for group in group_order:
        mine = [r for r in records if r["group"] == group]
        for rec in mine:
            if criteria.ties == "min":
                expected = 1 + sum(r["index"] > rec["index"] for r in mine)
            else:
                expected = 1 + len({r["index"] for r in mine if r["index"] > rec["index"]})
            assert rec["rank"] == expected
            band = next((b.label for b in criteria.bands or [] if rec["index"] >= b.min), None)
            assert rec["band"] == band
        keys = [(r["rank"], sheet_order.index(r["unit_id"])) for r in mine]
        assert keys == sorted(keys)


@TWICE
@given(cases(), st.data())
def test_shuffling_rows_changes_nothing_per_unit(book_dir: Path, case: Any,
                                                 data: st.DataObject) -> None:
    criteria, sheets = case
    before = run(book_dir, criteria, sheets)
    units, scores = sheets["units"], sheets["scores"]
    shuffled = {
        "units": [units[0], *data.draw(st.permutations(units[1:]))],
        "scores": [scores[0], *data.draw(st.permutations(scores[1:]))],
    }
    after = run(book_dir, criteria, shuffled)
    assert by_unit(after) == by_unit(before)
    assert after.warnings == before.warnings == []
    if shuffled["units"] == units:
        assert to_json(after) == to_json(before)


@TWICE
@given(cases(), st.data())
def test_raising_a_points_value_never_lowers_the_rank(book_dir: Path, case: Any,
                                                      data: st.DataObject) -> None:
    criteria, sheets = case
    points_leaves = {lf.id: lf for lf in criteria.leaves() if _rule_type(lf.node) == "points"}
    rows = [i for i, row in enumerate(sheets["scores"]) if i and row[1] in points_leaves]
    if not rows:
        return
    i = data.draw(st.sampled_from(rows))
    unit_id, leaf_id, _ = sheets["scores"][i]
    before = by_unit(run(book_dir, criteria, sheets))
    maximum = float(points_leaves[leaf_id].node.maximum)
    current = sheets["scores"][i][2]
    current = float(str(current).replace(",", "."))
    new = data.draw(st.integers(min_value=int(current * 1000), max_value=int(maximum * 1000)))
    raised = {**sheets, "scores": [list(r) for r in sheets["scores"]]}
    raised["scores"][i][2] = new / 1000
    after = by_unit(run(book_dir, criteria, raised))
    assert after[unit_id]["points"] >= before[unit_id]["points"]
    assert after[unit_id]["index"] >= before[unit_id]["index"]
    assert after[unit_id]["rank"] <= before[unit_id]["rank"]
    for other, rec in after.items():  # nobody else's score moves
        if other != unit_id:
            assert rec["index"] == before[other]["index"]


# --- ties on a constructed example ------------------------------------------------------------

def tie_criteria(ties: str) -> CriteriaSet:
    return CriteriaSet.model_validate({
        "parcalc": 1, "id": "ties", "title": "Ties", "ties": ties,
        "domains": [{"id": "1", "title": "D", "max": 100,
                     "criteria": [{"id": "1.1", "title": "P", "max": 100}]}],
    })


TIE_SHEETS: dict[str, list[list[Any]]] = {
    "units": [["unit_id", "group"], ["A", "G"], ["B", "G"], ["C", "G"], ["D", "G"], ["E", "H"],
              ["F", "H"]],
    # D and B tie on the rounded index (80.004 and 80.001 both show 80.00); D is listed
    # first in the scores sheet, but the units sheet's order decides the tie.
    "scores": [["unit_id", "criterion_id", "value"], ["D", "1.1", 70], ["C", "1.1", 80.004],
               ["B", "1.1", 80.001], ["A", "1.1", 90], ["F", "1.1", 50], ["E", "1.1", 50]],
}


@pytest.mark.parametrize(("ties", "ranks"), [("min", [1, 2, 2, 4, 1, 1]),
                                             ("dense", [1, 2, 2, 3, 1, 1])])
def test_ties_share_a_rank(book_dir: Path, ties: str, ranks: list[int]) -> None:
    records = run(book_dir, tie_criteria(ties), TIE_SHEETS).unit_records()
    assert [r["unit_id"] for r in records] == ["A", "B", "C", "D", "E", "F"]
    assert [r["rank"] for r in records] == ranks
    assert [r["index"] for r in records] == [90, 80, 80, 70, 50, 50]
