"""Scoring one criteria set: a leaf-major grid, units × leaves, one vectorised rule call per
leaf; blank and not-applicable cells, self-assessment and survey criteria."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Leaf
from parcalc.engine.context import MAX_PROBLEMS, RunContext, short_list
from parcalc.engine.scores_sheet import CARRIED
from parcalc.errors import Problem
from parcalc.fixed import IntArray, fixed_of, to_fixed
from parcalc.rules import ChoiceRule, PointsRule, SurveyRule
from parcalc.survey import Answers, fractions, select_questions, unknown_groups
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX

STATUS_OK, STATUS_BLANK, STATUS_NA = "ok", "blank", "not_applicable"

@dataclass
class SetScores:
    """Leaf-major grids (leaves × units) for one criteria set."""

    criteria: CriteriaSet
    units: np.ndarray  # unit positions, in units-sheet order
    leaves: list[Leaf]
    points: IntArray  # shape (m, n), millionths
    maximum: IntArray  # shape (m, n)
    self_points: IntArray  # shape (m, n)
    status: np.ndarray  # (m, n) object
    value: np.ndarray  # (m, n) text as written
    self_value: np.ndarray
    evidence: np.ndarray
    note: np.ndarray
    #: the grid's parsed columns (value, self_value), to show their text without parsing again
    texts: dict[str, Values] = field(default_factory=dict)


def score_set(ctx: RunContext, cs: CriteriaSet, positions: np.ndarray, rows: pd.DataFrame,
              answers: Answers | None) -> SetScores:
    leaves = cs.leaves()
    n, m = len(positions), len(leaves)
    leaf_index = {fold(lf.id): j for j, lf in enumerate(leaves)}
    grid = _Grid(m, n)
    to_local = np.full(len(ctx.units) + 1, -1, dtype=np.int64)
    to_local[positions.astype(np.int64)] = np.arange(n)
    unit_local = to_local[rows["unit"].to_numpy(dtype=np.int64)] if len(rows) else np.zeros(0)
    mine = rows[unit_local >= 0]
    if len(mine):
        codes, keys = pd.factorize(mine["leaf"].to_numpy(dtype=object))
        leaf_of = np.array([leaf_index[k] for k in keys], dtype=np.int64)
        at = leaf_of[codes] * n + unit_local[unit_local >= 0]
        for column in CARRIED:
            grid.cells[column][at] = mine[column].to_numpy(dtype=object)
    out = SetScores(cs, positions, leaves, *grid.empty())
    if answers is not None:
        answers = answers.for_units(to_local[:-1])
    missing: dict[int, list[str]] = {}
    no_survey: dict[int, list[str]] = {}
    for j, leaf in enumerate(leaves):
        sl = slice(j * n, (j + 1) * n)
        if leaf.is_survey:
            _survey_leaf(ctx, cs, leaf, out, j, positions, answers, no_survey)
        else:
            _value_leaf(ctx, cs, leaf, out, j, grid, sl, missing)
    _report_gaps(ctx, cs, positions, missing, no_survey)
    out.texts = grid.whole
    return out


class _Grid:
    """Raw cells of the scores sheet laid out leaf-major: index = leaf * n + unit."""

    def __init__(self, m: int, n: int) -> None:
        self.m, self.n = m, n
        self.cells = {c: np.full(m * n, None, dtype=object) for c in CARRIED}
        self.whole: dict[str, Values] = {}

    def values(self, column: str, sl: slice, leaf: Leaf) -> Values:
        """The cells of one leaf; percent-formatted numbers as shown (0.85 → 85) where the
        leaf's rule takes a percentage. Cells are parsed once per column, for all leaves."""
        if column not in self.whole:
            self.whole[column] = Values(self.cells[column])
        values = self.whole[column].take(sl)
        if leaf.rule.takes_percent:
            flags = self.cells[f"_pct_{column}"][sl]
            return values.percent_as_shown(np.array([f is True for f in flags], dtype=bool))
        return values

    def empty(self) -> tuple[Any, ...]:
        shape = (self.m, self.n)
        return (np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64),
                np.full(shape, STATUS_OK, dtype=object),
                *(self.cells[c].reshape(shape) for c in ("value", "self_value", "evidence",
                                                         "note")))


def _value_leaf(ctx: RunContext, cs: CriteriaSet, leaf: Leaf, out: SetScores, j: int,
                grid: _Grid, sl: slice, missing: dict[int, list[str]]) -> None:
    maximum = float(leaf.node.maximum)
    max_fx = fixed_of(leaf.node.exact_maximum)
    values = grid.values("value", sl, leaf)
    rows = grid.cells[IX][sl]
    blank, na = values.blank, _not_applicable(leaf, values)
    ok = ~blank & ~na
    points = np.zeros(len(values))
    pts, errs = leaf.rule.score(values.take(ok), maximum)
    points[ok] = pts
    _cell_errors(ctx, leaf, out, errs, rows[ok], "value")
    out.points[j] = to_fixed(points)
    out.maximum[j] = max_fx
    out.status[j][blank] = STATUS_BLANK
    out.status[j][na] = STATUS_NA
    for i in np.flatnonzero(blank):
        missing.setdefault(int(out.units[i]), []).append(leaf.id)
    _apply_na_policy(cs, out, j, na, max_fx)
    out.self_points[j] = out.points[j]
    if ctx.workbook.has_self_value:
        _self_leaf(ctx, leaf, out, j, grid.values("self_value", sl, leaf), rows, ok, maximum)


def _not_applicable(leaf: Leaf, values: Values) -> np.ndarray:
    """N/A tokens, except where a choice rule has an option of that name ("Không áp dụng")."""
    na = values.not_applicable
    if isinstance(leaf.rule, ChoiceRule) and na.any():
        labels = {fold(label) for label in leaf.rule.options}
        na = na & np.array([t not in labels for t in values.token], dtype=bool)
    return na


def _apply_na_policy(cs: CriteriaSet, out: SetScores, j: int, na: np.ndarray,
                     max_fx: int) -> None:
    if cs.not_applicable == "exclude":
        out.maximum[j][na] = 0
        out.points[j][na] = 0
    elif cs.not_applicable == "full":
        out.points[j][na] = max_fx
    else:
        out.points[j][na] = 0


def _self_leaf(ctx: RunContext, leaf: Leaf, out: SetScores, j: int, values: Values,
               rows: np.ndarray, applicable: np.ndarray, maximum: float) -> None:
    """Self-assessed points where the unit self-scored an applicable leaf."""
    claimed = applicable & ~values.blank & ~_not_applicable(leaf, values)
    if not claimed.any():
        return
    claim = values.take(claimed)
    if isinstance(leaf.rule, PointsRule):
        over = claim.number > maximum
        for i, v in zip(np.flatnonzero(claimed)[over], claim.number[over], strict=True):
            ctx.warn(f"unit {_uid(ctx, out, i)!r} self-assessed {v:g} on criterion {leaf.id!r}, "
                     f"above its max {maximum:g}; counted as {maximum:g}",
                     ctx.workbook.scores.loc("self_value", int(rows[i]))
                     if ctx.workbook.scores else None)
        if over.any():
            claim = Values(np.where(over, maximum, claim.raw).astype(object))
    pts, errs = leaf.rule.score(claim, maximum)
    _cell_errors(ctx, leaf, out, errs, rows[claimed], "self_value")
    self_row = out.self_points[j].copy()
    self_row[claimed] = to_fixed(pts)
    out.self_points[j] = self_row


def _uid(ctx: RunContext, out: SetScores, i: int) -> str:
    return str(ctx.units.at[int(out.units[i]), "unit_id"])


def _cell_errors(ctx: RunContext, leaf: Leaf, out: SetScores, errs: np.ndarray,
                 rows: np.ndarray, column: str) -> None:
    sheet = ctx.workbook.scores
    bad = np.flatnonzero(errs != None)  # noqa: E711 - elementwise test on an object array
    for k in bad:
        where = sheet.loc(column, int(rows[k])) if sheet is not None else None
        ctx.error(f"criterion {leaf.id!r} ({leaf.rule.type}): {errs[k]}", where)


def _survey_leaf(ctx: RunContext, cs: CriteriaSet, leaf: Leaf, out: SetScores, j: int,
                 positions: np.ndarray, answers: Answers | None,
                 no_survey: dict[int, list[str]]) -> None:
    rule = leaf.rule
    assert isinstance(rule, SurveyRule)
    max_fx = fixed_of(leaf.node.exact_maximum)
    out.maximum[j] = max_fx
    if answers is None:
        return
    sheet = ctx.workbook.survey
    assert sheet is not None

    def problem(message: str, column: str, row: int) -> Problem:
        return Problem(f"criterion {leaf.id!r}: {message}", sheet.loc(column, row))

    answers = select_questions(answers, rule.questions)
    room = max(MAX_PROBLEMS - len(ctx.errors), 0)
    frac, problems, count = fractions(rule, cs.scale(rule), answers, len(positions), problem,
                                      room)
    ctx.errors.extend(problems)
    ctx.dropped += count - len(problems)
    for group in unknown_groups(rule, answers):
        ctx.unweighted.setdefault(group, []).append(leaf.id)
    na = np.isnan(frac)
    out.points[j] = to_fixed(np.where(na, 0.0, frac) * float(leaf.node.maximum))
    out.status[j][na] = STATUS_NA
    for i in np.flatnonzero(na):
        no_survey.setdefault(int(positions[i]), []).append(leaf.id)
    _apply_na_policy(cs, out, j, na, max_fx)
    out.self_points[j] = out.points[j]


def _report_gaps(ctx: RunContext, cs: CriteriaSet, positions: np.ndarray,
                 missing: dict[int, list[str]], no_survey: dict[int, list[str]]) -> None:
    units = ctx.workbook.units
    ids = ctx.units["unit_id"].to_numpy()
    rows = ctx.units["row"].to_numpy()
    for pos, leaf_ids in missing.items():
        text = (f"unit {ids[pos]!r} has no value for {len(leaf_ids)} "
                f"criteri{'on' if len(leaf_ids) == 1 else 'a'}, scored 0: {short_list(leaf_ids)}; "
                "fill in their values")
        if ctx.strict:
            ctx.error(text, units.loc("unit_id", int(rows[pos])))
        else:
            ctx.warn(text + " (--strict makes this an error)", units.loc("unit_id",
                                                                           int(rows[pos])))
    policy = {"exclude": "left out of its max", "zero": "scored 0", "full": "given full points"}
    for pos, leaf_ids in no_survey.items():
        ctx.warn(f"unit {ids[pos]!r} has no survey answers for {short_list(leaf_ids)}; treated as "
                 f"not applicable ({policy[cs.not_applicable]})",
                 units.loc("unit_id", int(rows[pos])))
