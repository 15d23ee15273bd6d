"""The diagnose library: leaf statistics, α, correlations and over-claims, checked against
numbers worked out independently (numpy's corrcoef, α from its textbook formula)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcalc.criteria.model import CriteriaSet
from parcalc.diagnose import Diagnosis, diagnose
from parcalc.diagnose.domains import cronbach_alpha
from parcalc.diagnose.grid import SetGrid, rank_rows
from parcalc.engine import score_run
from parcalc.workbook import read_workbook
from tests.support import write_workbook

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "2021.xlsx"
_counter = itertools.count()


def criteria(leaves: dict[str, float], *, domains: int = 1, ties: str = "min",
             policy: str = "exclude") -> CriteriaSet:
    """A set of ``points`` leaves (id → max), split over ``domains`` domains in order."""
    ids = list(leaves)
    per = -(-len(ids) // domains)
    doms = []
    for d in range(domains):
        part = ids[d * per:(d + 1) * per]
        doms.append({"id": str(d + 1), "title": f"Lĩnh vực {d + 1}",
                     "criteria": [{"id": i, "title": f"Tiêu chí {i}", "max": leaves[i],
                                   "rule": "points"} for i in part]})
    return CriteriaSet.model_validate({"parcalc": 1, "id": "t", "title": "Thử", "ties": ties,
                                       "not_applicable": policy, "domains": doms})


def run(tmp: Path, cs: CriteriaSet, values: dict[str, dict[str, Any]],
        groups: dict[str, str] | None = None,
        self_values: dict[str, dict[str, Any]] | None = None) -> Diagnosis:
    """Score ``values`` (unit → leaf → value) with ``cs`` and diagnose it."""
    header = ["unit_id", "criterion_id", "value"] + (["self_value"] if self_values else [])
    rows: list[list[Any]] = [header]
    for unit, by_leaf in values.items():
        for leaf, value in by_leaf.items():
            rows.append([unit, leaf, value] + ([self_values[unit][leaf]] if self_values
                                                else []))
    units = [["unit_id", "name", "group"]] + [[u, f"Đơn vị {u}", (groups or {}).get(u, "G")]
                                              for u in values]
    path = write_workbook(tmp / f"w{next(_counter)}.xlsx", {"units": units, "scores": rows})
    return diagnose(score_run(read_workbook(path), cs))


def leaf(d: Diagnosis, leaf_id: str) -> Any:
    return next(c for c in d.sets[0].criteria if c.id == leaf_id)


# --- leaves ----------------------------------------------------------------------------------

def test_shares_moments_and_discrimination(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10, "C": 10})
    values = {"U1": {"A": 10, "B": 9, "C": 8}, "U2": {"A": 5, "B": 6, "C": 7},
              "U3": {"A": 0, "B": 2, "C": 4}, "U4": {"A": 10, "B": "KAD", "C": None}}
    d = run(tmp_path, cs, values)
    a = leaf(d, "A")
    assert (a.at_max, a.at_zero, a.not_applicable, a.blank) == (0.5, 0.25, 0, 0)
    assert a.mean_share == pytest.approx(np.mean([1, 0.5, 0, 1]))
    assert a.sd_share == pytest.approx(np.std([1, 0.5, 0, 1]))
    # A's share against the index without A: U4 has B not applicable and C blank (0).
    without_a = [(9 + 8) / 20, (6 + 7) / 20, (2 + 4) / 20, 0 / 10]
    expected = np.corrcoef([1, 0.5, 0, 1], without_a)[0, 1]
    assert a.discrimination == pytest.approx(expected)
    assert 0 < expected < 0.2 and a.flags == ()  # U4 (full A, nothing else) drags it down
    b = leaf(d, "B")
    assert b.not_applicable == 0.25 and b.blank == 0
    shares_b = [0.9, 0.6, 0.2]  # U4 left out: B does not apply to it
    without_b = [(10 + 8) / 20, (5 + 7) / 20, (0 + 4) / 20]
    assert b.discrimination == pytest.approx(np.corrcoef(shares_b, without_b)[0, 1])
    assert b.mean_share == pytest.approx(np.mean(shares_b))
    c = leaf(d, "C")
    assert (c.blank, c.at_zero, c.at_max) == (0.25, 0, 0)


def test_flags(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10, "N": 5, "S": 5})
    values = {f"U{i}": {"A": a, "B": b, "N": "KAD", "S": s}
              for i, (a, b, s) in enumerate([(10, 9, 5), (8, 6, 5), (6, 2, 5), (2, 1, 0)])}
    d = run(tmp_path, cs, values)
    assert leaf(d, "N").flags == ("always_na",)
    assert leaf(d, "N").mean_share is None and leaf(d, "N").discrimination is None
    assert leaf(d, "S").flags == () and leaf(d, "S").at_max == 0.75
    assert leaf(d, "A").flags == ()
    # all at max but one: 3 of 4 is under 90 %; a leaf everyone maxes is flagged
    values2 = {u: {**v, "S": 5} for u, v in values.items()}
    d2 = run(tmp_path, cs, values2)
    assert leaf(d2, "S").flags == ("no_discrimination",)
    assert leaf(d2, "S").discrimination is None
    assert leaf(d2, "S").rank_shift_max == 0


def test_negative_discrimination_is_flagged(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10, "X": 10})
    # X goes against A and B: the units best at A and B do worst at X
    values = {"U1": {"A": 10, "B": 10, "X": 0}, "U2": {"A": 7, "B": 6, "X": 5},
              "U3": {"A": 3, "B": 4, "X": 10}}
    x = leaf(run(tmp_path, cs, values), "X")
    assert x.discrimination == pytest.approx(-1.0, abs=0.05)
    assert "negative" in x.flags


def test_rank_shift_as_the_engine_ranks(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10})
    # ranks: U1 15 (1), U2 14 (2), U3 9 (3); without A: U2 (10) 1, U1 (5) 2, U3 (5) 2 (tie)
    values = {"U1": {"A": 10, "B": 5}, "U2": {"A": 4, "B": 10}, "U3": {"A": 4, "B": 5}}
    d = run(tmp_path, cs, values)
    a = leaf(d, "A")
    assert a.rank_shift_max == 1
    assert a.rank_shift_mean == pytest.approx((1 + 1 + 1) / 3)
    # dense ties rank the same way here; without B: U1 10 (1), U2 4, U3 4 (2, 2)
    b = leaf(run(tmp_path, criteria({"A": 10, "B": 10}, ties="dense"), values), "B")
    assert b.rank_shift_mean == pytest.approx((0 + 0 + 1) / 3)


def test_ranks_are_within_groups(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10})
    values = {"U1": {"A": 10, "B": 0}, "U2": {"A": 0, "B": 9},
              "H1": {"A": 10, "B": 0}, "H2": {"A": 0, "B": 1}}
    d = run(tmp_path, cs, values, groups={"U1": "Sở", "U2": "Sở", "H1": "Huyện", "H2": "Huyện"})
    # removing A swaps U1 and U2 (Sở), and H1 and H2 (Huyện): one rank each. Ranked across
    # the groups instead, every unit would move two ranks.
    assert leaf(d, "A").rank_shift_max == 1
    assert leaf(d, "A").rank_shift_mean == 1.0


def test_nominal_ranks_are_the_engines() -> None:
    from parcalc.api import criteria_for
    from parcalc.workbook import read_workbooks

    workbook = read_workbooks([EXAMPLE])
    scored = score_run(workbook, criteria_for(workbook))
    units = scored.results.units.set_index("unit_id")
    for s in scored.scored:
        grid = SetGrid.of(scored, s)
        index, has, _ = grid.index_without()
        ranks = rank_rows(index, has, grid.groups, grid.criteria.ties)[0]
        assert list(ranks) == list(units.loc[grid.unit_ids, "rank"].astype(float))
        assert list(index[0] / 100) == pytest.approx(list(units.loc[grid.unit_ids, "index"]))


# --- the invariant: a constant leaf ------------------------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@st.composite
def constant_leaf_cases(draw: st.DrawFn) -> tuple[dict[str, float], dict[str, Any],
                                                  dict[str, str]]:
    maxima = {f"L{j}": float(draw(st.integers(1, 10))) for j in range(draw(st.integers(1, 4)))}
    k = draw(st.integers(1, 10))
    maxima["K"] = float(k)
    constant = draw(st.integers(0, k))
    n = draw(st.integers(2, 8))
    values = {f"U{i}": {**{lf: draw(st.integers(0, int(m))) for lf, m in maxima.items()},
                        "K": constant} for i in range(n)}
    groups = {u: draw(st.sampled_from(["Sở", "Huyện"])) for u in values}
    return maxima, values, groups


@SETTINGS
@given(case=constant_leaf_cases())
def test_removing_a_constant_leaf_changes_no_rank(tmp_path: Path, case: Any) -> None:
    maxima, values, groups = case
    d = run(tmp_path, criteria(maxima), values, groups)
    k = leaf(d, "K")
    assert k.rank_shift_max == 0 and k.rank_shift_mean == 0
    assert "no_discrimination" in k.flags
    assert k.discrimination is None
    for c in d.sets[0].criteria:
        assert c.at_max + c.at_zero + c.not_applicable + c.blank <= 1 + 1e-12
        assert c.discrimination is None or -1 <= c.discrimination <= 1


# --- domains ---------------------------------------------------------------------------------

def _alpha_by_hand(items: np.ndarray) -> float:
    k = items.shape[0]
    return k / (k - 1) * (1 - sum(np.var(row, ddof=1) for row in items)
                          / np.var(items.sum(axis=0), ddof=1))


def test_cronbach_alpha() -> None:
    items = np.array([[2, 4, 3, 5, 1], [3, 5, 3, 4, 2], [1, 4, 2, 5, 1]], dtype=float)
    assert cronbach_alpha(items) == pytest.approx(_alpha_by_hand(items))
    assert cronbach_alpha(items[:1]) is None  # one leaf
    assert cronbach_alpha(items[:, :2]) is None  # two units
    assert cronbach_alpha(np.ones((3, 4))) is None  # no variance


def test_domain_alpha_leaves_out_units_with_na(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10, "C": 10, "D": 10}, domains=2)
    values = {"U1": {"A": 9, "B": 8, "C": 1, "D": 2}, "U2": {"A": 5, "B": 6, "C": 9, "D": 3},
              "U3": {"A": 2, "B": 1, "C": 4, "D": "KAD"}, "U4": {"A": 7, "B": 5, "C": 6,
                                                                 "D": 8}}
    d = run(tmp_path, cs, values)
    one, two = d.sets[0].domains
    assert one.alpha == pytest.approx(_alpha_by_hand(np.array([[9, 5, 2, 7], [8, 6, 1, 5]])))
    assert two.units == 3
    assert two.alpha == pytest.approx(_alpha_by_hand(np.array([[1, 9, 6], [2, 3, 8]])))
    corr = d.sets[0].correlations
    assert corr.domains == ["1", "2"]
    index_1 = [85, 55, 15, 60]
    index_2 = [15, 60, 40, 70]  # U3: C only (4 of 10)
    expected = np.corrcoef(index_1, index_2)[0, 1]
    assert corr.matrix[0][1] == pytest.approx(expected) and corr.matrix[1][0] == corr.matrix[0][1]
    assert corr.matrix[0][0] == pytest.approx(1.0)


# --- units -----------------------------------------------------------------------------------

def test_over_claim_sorted_most_first(tmp_path: Path) -> None:
    cs = criteria({"A": 10, "B": 10})
    values = {"U1": {"A": 8, "B": 8}, "U2": {"A": 5, "B": 5}, "U3": {"A": 9, "B": 9}}
    claims = {"U1": {"A": 8, "B": 9.5}, "U2": {"A": 9, "B": 10}, "U3": {"A": 9, "B": 9}}
    units = run(tmp_path, cs, values, self_values=claims).sets[0].units
    assert [(u.unit_id, u.over_claim, u.criteria_changed) for u in units] == [
        ("U2", 9.0, 2), ("U1", 1.5, 1), ("U3", 0.0, 0)]


def test_no_self_assessment_means_nothing_to_compare(tmp_path: Path) -> None:
    d = run(tmp_path, criteria({"A": 10}), {"U1": {"A": 3}, "U2": {"A": 4}})
    assert all(u.over_claim is None and u.criteria_changed is None for u in d.sets[0].units)
