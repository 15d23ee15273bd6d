"""Invariants of parcalc.sensitivity on random small workbooks with a survey, N/A cells and
two groups: intervals hold their median, band probabilities sum to 1, a seed gives the same
bytes, and with nothing to vary every interval is the rank as scored."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcalc.criteria.model import CriteriaSet
from parcalc.engine import Scoring, score, score_run
from parcalc.render.sensitivity import to_json
from parcalc.sensitivity import Options, sensitivity
from parcalc.workbook import read_workbook
from tests.support import write_workbook

#: Each example writes and reads an .xlsx, so examples are few.
SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_counter = itertools.count()
ANSWERS = ["A", "B", "C", "D", None]
RESPONDENTS = ["Người dân", "Doanh nghiệp"]


@pytest.fixture(scope="module")
def book_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sensitivity-books")


@st.composite
def criteria_sets(draw: st.DrawFn) -> CriteriaSet:
    domains: list[dict[str, Any]] = []
    for d in (1, 2):
        leaves = [{"id": f"{d}.{c}", "title": f"Tiêu chí {d}.{c}",
                   "max": draw(st.integers(1, 20))} for c in (1, 2)]
        domains.append({"id": str(d), "title": f"Lĩnh vực {d}", "criteria": leaves})
    groups = {"Người dân": 2, "Doanh nghiệp": 1} if draw(st.booleans()) else None
    domains.append({"id": "3", "title": "Điều tra", "criteria": [{
        "id": "3.1", "title": "Hài lòng", "max": draw(st.integers(1, 30)),
        "rule": {"type": "survey", "questions": ["Q1", "Q2"], "answers": "abcd",
                 **({"groups": groups} if groups else {})}}]})
    return CriteriaSet.model_validate({
        "parcalc": 1, "id": "random", "title": "Ngẫu nhiên",
        "precision": draw(st.integers(0, 2)), "ties": draw(st.sampled_from(["min", "dense"])),
        "not_applicable": draw(st.sampled_from(["exclude", "zero", "full"])),
        "bands": [{"label": "A", "min": 80}, {"label": "B", "min": 50},
                  {"label": "C", "min": 0}],
        "answers": {"abcd": {"A": 1, "B": 0.6, "C": 0.2, "D": 0}},
        "domains": domains,
    })


@st.composite
def cases(draw: st.DrawFn) -> tuple[CriteriaSet, dict[str, list[list[Any]]]]:
    criteria = draw(criteria_sets())
    n = draw(st.integers(2, 6))
    units = [["unit_id", "name", "group"]] + [
        [f"U{i}", f"Đơn vị {i}", draw(st.sampled_from(["Sở", "Huyện"]))] for i in range(n)]
    scores: list[list[Any]] = [["unit_id", "criterion_id", "value"]]
    survey: list[list[Any]] = [["unit_id", "respondent_group", "Q1", "Q2"]]
    for row in units[1:]:
        for lf in criteria.leaves():
            if not lf.is_survey:
                value = draw(st.one_of(st.just("KAD"), st.integers(0, int(lf.node.maximum))))
                scores.append([row[0], lf.id, value])
        for _ in range(draw(st.integers(1, 5))):
            survey.append([row[0], draw(st.sampled_from(RESPONDENTS)),
                           draw(st.sampled_from(ANSWERS[:4])), draw(st.sampled_from(ANSWERS))])
    return criteria, {"units": units, "scores": scores, "survey": survey}


def scored(book_dir: Path, case: tuple[CriteriaSet, dict[str, Any]]) -> Scoring:
    criteria, sheets = case
    path = write_workbook(book_dir / f"s{next(_counter)}.xlsx", sheets)
    return score_run(read_workbook(path), criteria)


@SETTINGS
@given(cases(), st.integers(0, 2**32), st.sampled_from(["survey", "weights", "survey,weights"]))
def test_intervals_probabilities_and_seeds(book_dir: Path, case: Any, seed: int,
                                           vary: str) -> None:
    run = scored(book_dir, case)
    options = Options(samples=60, seed=seed, vary=tuple(vary.split(",")), weight_spread=0.3)
    found = sensitivity(run, options)
    records = run.results.unit_records()
    assert [u.rank for u in found.units] == [r["rank"] for r in records]
    for c, u in enumerate(found.units):
        if u.rank is None:
            assert u.rank_median is None and u.band_probability == {} and u.tied_with == ()
            continue
        assert u.rank_low <= u.rank_median <= u.rank_high  # type: ignore[operator]
        assert sum(u.band_probability.values()) == pytest.approx(1.0, abs=1e-12)
        assert list(u.band_probability) == ["A", "B", "C"]
        size = sum(1 for v in found.units if v.group == u.group and v.rank is not None)
        assert 1 <= found.sample_ranks[:, c].min() <= found.sample_ranks[:, c].max() <= size
    assert to_json(sensitivity(run, options)) == to_json(found)


@SETTINGS
@given(cases())
def test_nothing_to_vary_gives_the_ranks_as_scored(book_dir: Path, case: Any) -> None:
    run = scored(book_dir, case)
    found = sensitivity(run, Options(samples=20, vary=("weights",), weight_spread=0))
    for u in found.units:
        assert u.rank_low == u.rank_median == u.rank_high == u.rank
        if u.rank is not None:
            assert u.band_probability[u.band] == 1.0  # type: ignore[index]
    assert all(g.mean_abs_rank_shift in (0, None) for g in found.groups)


@SETTINGS
@given(cases())
def test_rank_by_policy_is_a_rescoring_with_that_policy(book_dir: Path, case: Any) -> None:
    run = scored(book_dir, case)
    found = sensitivity(run, Options(samples=1, vary=("weights",), weight_spread=0))
    workbook = read_workbook(run.results.paths[0])
    criteria = case[0]
    for policy in ("exclude", "zero", "full"):
        units = score(workbook, criteria.model_copy(update={"not_applicable": policy})).units
        expected = {uid: (None if r is None or r != r else int(r))
                    for uid, r in zip(units["unit_id"], units["rank"].astype(object),
                                      strict=True)}
        assert {u.unit_id: u.rank_by_policy[policy] for u in found.units} == expected
