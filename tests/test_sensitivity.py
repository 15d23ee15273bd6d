"""parcalc.sensitivity, the library: options, resampling, weights, policies, the summary."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from parcalc.api import score_file_run
from parcalc.criteria.load import load_criteria
from parcalc.engine import Scoring, score, score_run
from parcalc.engine.totals import _band, band_positions, rank_desc
from parcalc.errors import UsageError
from parcalc.render.sensitivity import to_json
from parcalc.sensitivity import (
    Options,
    Sensitivity,
    UnitSensitivity,
    parse_vary,
    sensitivity,
    significant_change,
)
from parcalc.sensitivity import samples as samples_module
from parcalc.sensitivity.analysis import make_plan
from parcalc.sensitivity.base import SetBase
from parcalc.workbook import read_workbook
from tests.support import TINY_CRITERIA, tiny_sheets, write_workbook

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "2021.xlsx"


@pytest.fixture(scope="module")
def example() -> Scoring:
    return score_file_run(EXAMPLE)


@pytest.fixture(scope="module")
def found(example: Scoring) -> Sensitivity:
    return sensitivity(example, Options(samples=300, seed=3))


def tiny_run(tmp_path: Path, sheets: dict[str, Any] | None = None,
             criteria: str = TINY_CRITERIA) -> Scoring:
    (tmp_path / "c.yaml").write_text(criteria, encoding="utf-8")
    book = write_workbook(tmp_path / "w.xlsx", sheets or tiny_sheets())
    return score_run(read_workbook(book), load_criteria(tmp_path / "c.yaml"))


# --- options ----------------------------------------------------------------------------------

def test_defaults_are_the_documented_ones() -> None:
    o = Options()
    assert (o.samples, o.seed, o.vary, o.weight_spread) == (1000, 0, ("survey", "weights"), 0.2)
    assert o.survey and o.weights


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"samples": 0}, "--samples 0 is not a number of samples; pass 1 or more"),
    ({"seed": -1}, "--seed -1 is not a seed; pass a whole number ≥ 0"),
    ({"weight_spread": 1.0}, "--weight-spread 1.0 is outside [0, 1)"),
    ({"weight_spread": -0.1}, "--weight-spread -0.1 is outside [0, 1)"),
    ({"weight_spread": float("nan")}, "--weight-spread nan is outside [0, 1)"),
    ({"vary": ("survey", "answers")}, "--vary 'answers' is not something parcalc can vary; "
                                      "use survey, weights (comma-separated)"),
    ({"vary": ()}, "--vary names nothing to vary; use survey, weights"),
])
def test_bad_options_are_usage_errors(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(UsageError) as caught:
        Options(**kwargs)
    assert caught.value.exit_code == 2
    assert words in str(caught.value)


def test_vary_names_any_case_each_once_in_a_fixed_order() -> None:
    assert parse_vary("Weights, survey") == ("survey", "weights")
    assert parse_vary("weights,weights") == ("weights",)
    assert Options(vary=("weights", "survey")) == Options()
    assert not Options(vary=("weights",), weight_spread=0).weights


def test_a_bad_option_in_vietnamese(vietnamese: None) -> None:
    with pytest.raises(UsageError) as caught:
        parse_vary("trọng số")
    assert str(caught.value) == ("--vary 'trọng số': parcalc không thay đổi được yếu tố này; "
                                 "dùng survey, weights (cách nhau bởi dấu phẩy)")


# --- the engine pieces it reuses --------------------------------------------------------------

@pytest.mark.parametrize("method", ["min", "dense"])
def test_rank_desc_ranks_each_row_as_pandas_ranks_a_group(method: Any) -> None:
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 6, size=(20, 9))
    ranked = rank_desc(rows, method)
    for row, got in zip(rows, ranked, strict=True):
        expected = pd.Series(row).rank(method=method, ascending=False).astype(int)
        assert got.tolist() == expected.tolist()
    assert rank_desc(rows[0], method).tolist() == ranked[0].tolist()


def test_band_positions_agree_with_the_band_of_one_index(tmp_path: Path) -> None:
    cs = load_criteria_text(tmp_path, TINY_CRITERIA)
    values = np.arange(0, 10001, 7)
    labels = [b.label for b in cs.bands or []]
    got = band_positions(cs, values)
    assert [labels[k] for k in got] == [_band(cs, int(v)) for v in values]


def load_criteria_text(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return load_criteria(path)


# --- nothing to vary --------------------------------------------------------------------------

def assert_nominal(found: Sensitivity) -> None:
    """Every interval is the rank as scored; the band as scored has probability 1."""
    for u in found.units:
        assert u.rank_low == u.rank_median == u.rank_high == u.rank
        assert u.band_probability[u.band] == 1.0
        assert sum(u.band_probability.values()) == 1.0
        same = [v.unit_id for v in found.units
                if v.group == u.group and v.rank == u.rank and v is not u]
        assert list(u.tied_with) == same
    assert all(g.mean_abs_rank_shift == 0 for g in found.groups)


def test_no_spread_varies_nothing(example: Scoring) -> None:
    found = sensitivity(example, Options(samples=40, vary=("weights",), weight_spread=0))
    assert_nominal(found)
    assert (found.sample_ranks == found.results.units["rank"].to_numpy(dtype=int)).all()


NO_SURVEY = TINY_CRITERIA.split("  - id: \"3\"")[0]


def test_no_survey_sheet_varies_nothing_with_vary_survey(tmp_path: Path) -> None:
    sheets = {k: v for k, v in tiny_sheets().items() if k != "survey"}
    run = tiny_run(tmp_path, sheets, NO_SURVEY)
    found = sensitivity(run, Options(samples=30, vary=("survey",)))
    assert_nominal(found)
    assert found.as_dict()["vary"] == ["survey"]


def test_the_answers_as_given_give_the_points_as_scored(example: Scoring) -> None:
    """Drawing every cell's answers exactly as they were reproduces the survey points."""

    class AsGiven:
        def __init__(self, counts: np.ndarray) -> None:
            self.counts = counts

        def multinomial(self, n: Any, pvals: Any, size: tuple[int, int]) -> np.ndarray:
            return np.broadcast_to(self.counts, (size[0], *self.counts.shape)).copy()

    plan = make_plan(example)
    assert all(r is not None for r in plan.resamplers)
    for base, resampler in zip(plan.bases, plan.resamplers, strict=True):
        assert resampler is not None
        drawn = resampler.draw(AsGiven(resampler.cells.counts), 2)  # type: ignore[arg-type]
        assert (drawn == resampler.nominal(base)).all()


# --- the survey -------------------------------------------------------------------------------

def survey_sheets() -> dict[str, Any]:
    sheets = tiny_sheets()
    sheets["survey"] = [["unit_id", "respondent_group", "Q1", "Q2"],
                        *[["U1", "Người dân", "A", "A"]] * 6,
                        ["U2", "Người dân", "A", "D"], ["U2", "Người dân", "B", "C"],
                        ["U2", "Doanh nghiệp", "D", "A"], ["H1", "Người dân", "C", "B"]]
    return sheets


def test_a_unit_whose_respondents_agree_keeps_its_survey_points(tmp_path: Path) -> None:
    run = tiny_run(tmp_path, survey_sheets())
    plan = make_plan(run)
    base, resampler = plan.bases[0], plan.resamplers[0]
    assert resampler is not None
    drawn = resampler.draw(np.random.Generator(np.random.PCG64(5)), 4000)[:, 2, :]
    nominal = resampler.nominal(base)[2]
    u1, u2 = (list(run.units["unit_id"]).index(u) for u in ("U1", "U2"))
    assert (drawn[:, u1] == nominal[u1]).all()
    assert len(set(drawn[:, u2].tolist())) > 3
    # resampling with replacement is unbiased for each group's mean of answers
    assert drawn[:, u2].mean() == pytest.approx(nominal[u2], rel=0.03)


def test_survey_only_moves_units_with_mixed_answers(tmp_path: Path) -> None:
    found = sensitivity(tiny_run(tmp_path, survey_sheets()), Options(vary=("survey",)))
    assert found.unit("u1").rank_by_policy["exclude"] == found.unit("U1").rank
    ranks = {u.unit_id: u for u in found.units}
    assert set(ranks) == {"U1", "U2", "H1"}
    assert ranks["H1"].rank_low == ranks["H1"].rank_high == 1  # alone in its group


# --- weights ----------------------------------------------------------------------------------

def test_a_sample_s_points_weigh_each_domain_by_its_factor(tmp_path: Path) -> None:
    run = tiny_run(tmp_path)
    base = SetBase.of(run.scored[0], run.bonus, run.penalty, np.arange(3))
    factors = np.array([[1.2, 0.8, 1.0], [0.85, 1.15, 0.9]])
    got = samples_module._set_index(base, None, factors, np.random.default_rng(0))
    for k, f in enumerate(factors):
        for i in range(3):
            fd = [Decimal(repr(float(x))) for x in f]
            pts = sum(Decimal(int(p)) * x for p, x in zip(base.points[:, i], fd, strict=True))
            mx = sum(Decimal(int(m)) * x for m, x in zip(base.maximum[:, i], fd, strict=True))
            pts, mx = pts.to_integral_value(), mx.to_integral_value()
            total = min(max(pts + int(base.bonus[i]) - int(base.penalty[i]), 0), mx)
            index = (total / mx * 100 * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert got[k, i] == int(index)


def test_weights_only_move_ranks_in_the_example(example: Scoring) -> None:
    found = sensitivity(example, Options(samples=200, vary=("weights",)))
    assert any(u.rank_low != u.rank_high for u in found.units)
    assert all(g.mean_abs_rank_shift and g.mean_abs_rank_shift > 0 for g in found.groups)


# --- N/A policies -----------------------------------------------------------------------------

@pytest.mark.parametrize("policy", ["exclude", "zero", "full"])
def test_rank_by_policy_is_the_rank_of_a_rescoring(example: Scoring, found: Sensitivity,
                                                   policy: str) -> None:
    workbook = read_workbook(EXAMPLE)
    changed = {None if cs.id == "hanoi-departments" else "Quận, huyện, thị xã":
               cs.model_copy(update={"not_applicable": policy})
               for cs in example.sets.values()}
    rescored = score(workbook, changed).units
    expected = dict(zip(rescored["unit_id"], rescored["rank"], strict=True))
    assert {u.unit_id: u.rank_by_policy[policy] for u in found.units} == expected
    if policy == "exclude":
        assert all(u.rank_by_policy["exclude"] == u.rank for u in found.units)


def test_the_example_ranks_change_with_the_policy(found: Sensitivity) -> None:
    assert any(u.rank_by_policy["zero"] != u.rank for u in found.units)


# --- the summary ------------------------------------------------------------------------------

def test_intervals_hold_the_median_and_90_percent_of_the_samples(found: Sensitivity) -> None:
    for c, u in enumerate(found.units):
        assert u.rank_low is not None and u.rank_high is not None
        assert u.rank_low <= u.rank_median <= u.rank_high  # type: ignore[operator]
        column = found.sample_ranks[:, c]
        assert set(column.tolist()) >= {u.rank_low, u.rank_median, u.rank_high}
        inside = ((column >= u.rank_low) & (column <= u.rank_high)).mean()
        assert inside >= 0.9
        assert (column < u.rank_low).mean() < 0.05
        assert (column > u.rank_high).mean() <= 0.05


def test_band_probabilities_sum_to_one_over_the_set_s_labels(found: Sensitivity) -> None:
    for u in found.units:
        assert list(u.band_probability) == ["A", "B", "C", "D"]
        assert sum(u.band_probability.values()) == pytest.approx(1.0, abs=1e-12)
    assert any(0 < p < 1 for u in found.units for p in u.band_probability.values())


def test_tied_with_is_every_unit_of_the_group_whose_interval_overlaps(
        found: Sensitivity) -> None:
    for u in found.units:
        expected = [v.unit_id for v in found.units if v is not u and v.group == u.group
                    and v.rank_low <= u.rank_high and u.rank_low <= v.rank_high]  # type: ignore[operator]
        assert list(u.tied_with) == expected


def test_group_shift_is_the_mean_absolute_rank_shift(found: Sensitivity) -> None:
    units = found.results.units
    for g in found.groups:
        cols = np.flatnonzero((units["group"] == g.group).to_numpy())
        nominal = units["rank"].to_numpy(dtype=int)[cols]
        expected = np.abs(found.sample_ranks[:, cols] - nominal).mean()
        assert g.mean_abs_rank_shift == round(float(expected), 4)


def test_sample_ranks_are_ranks_within_the_group(found: Sensitivity) -> None:
    units = found.results.units
    for g in found.groups:
        cols = np.flatnonzero((units["group"] == g.group).to_numpy())
        block = found.sample_ranks[:, cols]
        assert block.min() == 1 and block.max() <= len(cols)
    with pytest.raises(ValueError):
        found.sample_ranks[0, 0] = 5


# --- output -----------------------------------------------------------------------------------

def test_json_has_exactly_the_documented_keys(found: Sensitivity) -> None:
    doc = json.loads(to_json(found))
    assert list(doc) == ["parcalc", "samples", "seed", "vary", "weight_spread", "units",
                         "groups"]
    assert (doc["samples"], doc["seed"], doc["vary"], doc["weight_spread"]) == (
        300, 3, ["survey", "weights"], 0.2)
    assert list(doc["units"][0]) == ["unit_id", "name", "group", "rank", "band",
                                     "rank_median", "rank_low", "rank_high",
                                     "band_probability", "rank_by_policy", "tied_with"]
    assert list(doc["units"][0]["rank_by_policy"]) == ["exclude", "zero", "full"]
    assert list(doc["groups"][0]) == ["group", "mean_abs_rank_shift"]
    assert [g["group"] for g in doc["groups"]] == ["Sở, ngành", "Quận, huyện, thị xã"]
    assert [u["unit_id"] for u in doc["units"]] == list(found.results.units["unit_id"])
    assert [u["rank"] for u in doc["units"]] == list(found.results.units["rank"])


def test_the_same_seed_gives_the_same_bytes_whatever_the_chunks(
        example: Scoring, found: Sensitivity, monkeypatch: pytest.MonkeyPatch) -> None:
    again = sensitivity(example, Options(samples=300, seed=3))
    assert to_json(again) == to_json(found)
    monkeypatch.setattr(samples_module, "MAX_CHUNK", 7)
    assert to_json(sensitivity(example, Options(samples=300, seed=3))) == to_json(found)
    other = sensitivity(example, Options(samples=300, seed=4))
    assert to_json(other) != to_json(found)


def test_a_unit_is_found_by_its_id_in_any_case(found: Sensitivity) -> None:
    assert found.unit("stc").unit_id == "STC"
    with pytest.raises(KeyError):
        found.unit("nobody")


def unit(rank: int | None, low: int | None, high: int | None) -> UnitSensitivity:
    return UnitSensitivity("U", "U", None, "x", rank, None, rank, low, high, {}, {}, ())


def test_a_rank_change_inside_both_intervals_is_not_significant() -> None:
    assert not significant_change(unit(8, 6, 11), unit(11, 8, 12))
    assert significant_change(unit(8, 7, 9), unit(11, 10, 12))
    assert significant_change(unit(8, 6, 11), unit(12, 11, 13))  # 12 is outside 2020's
    assert not significant_change(unit(8, 8, 8), unit(8, 8, 8))
    assert not significant_change(unit(None, None, None), unit(3, 1, 4))
