"""Scoring one criteria set: a leaf-major grid, units × leaves, one vectorised rule call per
leaf; blank and not-applicable cells, self-assessment and survey criteria."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Leaf
from parcalc.engine.context import MAX_PROBLEMS, RunContext, short_list
from parcalc.engine.grid import Grid
from parcalc.errors import Problem
from parcalc.fixed import IntArray, fixed_of, to_fixed
from parcalc.rules import SurveyRule
from parcalc.survey import Answers, fractions, select_questions, unknown_groups
from parcalc.values import BoolArray, FloatArray, ObjArray, Values

#: A leaf's status for a unit, as written into the results (``details["status"]``).
STATUS_OK, STATUS_BLANK, STATUS_NA = "ok", "blank", "not_applicable"

#: How the criteria set's not_applicable policy treats a unit's not-applicable leaf.
POLICY_WORDS = {"exclude": "left out of its max", "zero": "scored 0",
                "full": "given full points"}


@dataclass
class SetScores:
    """Leaf-major grids (leaves × units) for one criteria set."""

    criteria: CriteriaSet
    positions: np.ndarray  # the units' positions in ctx.units, in units-sheet order
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

    @classmethod
    def empty(cls, criteria: CriteriaSet, positions: np.ndarray, grid: Grid) -> SetScores:
        """No points yet, every status ok; the cells as written, from ``grid``."""
        shape = (grid.m, grid.n)
        return cls(criteria, positions, grid.leaves, points=np.zeros(shape, np.int64),
                   maximum=np.zeros(shape, np.int64), self_points=np.zeros(shape, np.int64),
                   status=np.full(shape, STATUS_OK, dtype=object),
                   value=grid.column("value"), self_value=grid.column("self_value"),
                   evidence=grid.column("evidence"), note=grid.column("note"))


def score_set(ctx: RunContext, criteria: CriteriaSet, positions: np.ndarray,
              score_rows: pd.DataFrame, answers: Answers | None) -> SetScores:
    """Score every leaf of ``criteria`` for the units at ``positions`` (in ``ctx.units``),
    from the checked ``score_rows`` and survey ``answers``."""
    return SetScorer.start(ctx, criteria, positions, score_rows, answers).run()


@dataclass
class SetScorer:
    """Scores the leaves of one criteria set into ``out``, reporting problems to ``ctx``."""

    ctx: RunContext
    criteria: CriteriaSet
    grid: Grid
    out: SetScores
    answers: Answers | None  # this set's survey answers, units numbered by grid column
    #: unit position → ids of its leaves with a blank value (scored 0)
    blank_leaves: dict[int, list[str]] = field(default_factory=dict)
    #: unit position → ids of its survey leaves with no answers (not applicable)
    unanswered: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def start(cls, ctx: RunContext, criteria: CriteriaSet, positions: np.ndarray,
              score_rows: pd.DataFrame, answers: Answers | None) -> SetScorer:
        local = np.full(len(ctx.units) + 1, -1, dtype=np.int64)
        local[positions.astype(np.int64)] = np.arange(len(positions))
        grid = Grid(criteria.leaves(), len(positions))
        grid.fill(score_rows, local)
        if answers is not None:
            answers = answers.for_units(local[:-1])
        return cls(ctx, criteria, grid, SetScores.empty(criteria, positions, grid), answers)

    def run(self) -> SetScores:
        for j, leaf in enumerate(self.grid.leaves):
            if leaf.is_survey:
                self.survey_leaf(j, leaf)
            else:
                self.value_leaf(j, leaf)
        self.report_gaps()
        self.out.texts = self.grid.parsed
        return self.out

    def value_leaf(self, j: int, leaf: Leaf) -> None:
        """Points of leaf ``j`` from its value cells; blank and N/A cells get their status."""
        out, maximum = self.out, float(leaf.node.maximum)
        max_fx = fixed_of(leaf.node.exact_maximum)
        values = self.grid.values("value", j)
        sheet_rows = self.grid.sheet_rows(j)
        blank, na = values.blank, leaf.rule.not_applicable(values)
        ok = ~blank & ~na
        points = np.zeros(len(values))
        pts, errs = leaf.rule.score(values.take(ok), maximum)
        points[ok] = pts
        self.cell_errors(leaf, errs, sheet_rows[ok], "value")
        out.points[j] = to_fixed(points)
        out.maximum[j] = max_fx
        out.status[j][blank] = STATUS_BLANK
        out.status[j][na] = STATUS_NA
        for i in np.flatnonzero(blank):
            self.blank_leaves.setdefault(int(out.positions[i]), []).append(leaf.id)
        self.apply_na_policy(j, na, max_fx)
        out.self_points[j] = out.points[j]
        if self.ctx.workbook.has_self_value:
            self.self_leaf(j, leaf, ok)

    def self_leaf(self, j: int, leaf: Leaf, applicable: BoolArray) -> None:
        """Self-assessed points where the unit self-scored an applicable leaf ``j``."""
        values, sheet_rows = self.grid.values("self_value", j), self.grid.sheet_rows(j)
        maximum = float(leaf.node.maximum)
        claimed = applicable & ~values.blank & ~leaf.rule.not_applicable(values)
        if not claimed.any():
            return
        claim = values.take(claimed)
        capped, over = leaf.rule.cap_self_values(claim, maximum)
        if over.any():
            self.warn_capped(leaf, np.flatnonzero(claimed)[over], claim.number[over],
                             sheet_rows)
        pts, errs = leaf.rule.score(capped, maximum)
        self.cell_errors(leaf, errs, sheet_rows[claimed], "self_value")
        self_row = self.out.self_points[j].copy()
        self_row[claimed] = to_fixed(pts)
        self.out.self_points[j] = self_row

    def warn_capped(self, leaf: Leaf, columns: IntArray, claimed: FloatArray,
                    sheet_rows: ObjArray) -> None:
        """A warning for each self-assessed value the rule counted as the leaf's max."""
        maximum, sheet = float(leaf.node.maximum), self.ctx.workbook.scores
        for i, v in zip(columns, claimed, strict=True):
            self.ctx.warn(f"unit {self.unit_id(i)!r} self-assessed {v:g} on criterion "
                          f"{leaf.id!r}, above its max {maximum:g}; counted as {maximum:g}",
                          sheet.loc("self_value", int(sheet_rows[i])) if sheet else None)

    def survey_leaf(self, j: int, leaf: Leaf) -> None:
        """Points of survey leaf ``j``: the (weighted) share of its answers × its max."""
        rule = SurveyRule.of(leaf.rule)
        out, max_fx = self.out, fixed_of(leaf.node.exact_maximum)
        out.maximum[j] = max_fx
        if self.answers is None:
            return
        frac = self._fractions(leaf, rule, self.answers)
        na = np.isnan(frac)
        out.points[j] = to_fixed(np.where(na, 0.0, frac) * float(leaf.node.maximum))
        out.status[j][na] = STATUS_NA
        for i in np.flatnonzero(na):
            self.unanswered.setdefault(int(out.positions[i]), []).append(leaf.id)
        self.apply_na_policy(j, na, max_fx)
        out.self_points[j] = out.points[j]

    def _fractions(self, leaf: Leaf, rule: SurveyRule, answers: Answers) -> np.ndarray:
        """Each unit's share of ``rule``'s points from its answers (NaN: none); problems
        with the answers go to the run, up to its room for errors."""
        ctx, sheet = self.ctx, self.ctx.workbook.survey
        assert sheet is not None

        def problem(message: str, column: str, row: int) -> Problem:
            return Problem(f"criterion {leaf.id!r}: {message}", sheet.loc(column, row))

        answers = select_questions(answers, rule.questions)
        room = max(MAX_PROBLEMS - len(ctx.errors), 0)
        frac, problems, count = fractions(rule, self.criteria.scale(rule), answers,
                                          self.grid.n, problem, room)
        ctx.errors.extend(problems)
        ctx.dropped += count - len(problems)
        for group in unknown_groups(rule, answers):
            ctx.unweighted.setdefault(group, []).append(leaf.id)
        return frac

    def apply_na_policy(self, j: int, na: BoolArray, max_fx: int) -> None:
        """Not-applicable cells of leaf ``j`` per the set's policy: out of the max, 0 or full."""
        policy, out = self.criteria.not_applicable, self.out
        if policy == "exclude":
            out.maximum[j][na] = 0
            out.points[j][na] = 0
        elif policy == "full":
            out.points[j][na] = max_fx
        else:
            out.points[j][na] = 0

    def cell_errors(self, leaf: Leaf, errs: ObjArray, sheet_rows: ObjArray,
                    column: str) -> None:
        """The rule's messages (None: fine) as errors at the cells' sheet rows."""
        sheet = self.ctx.workbook.scores
        bad = np.flatnonzero(errs != None)  # noqa: E711 - elementwise test on an object array
        for k in bad:
            where = sheet.loc(column, int(sheet_rows[k])) if sheet is not None else None
            self.ctx.error(f"criterion {leaf.id!r} ({leaf.rule.type}): {errs[k]}", where)

    def unit_id(self, i: int) -> str:
        """The id of the unit in grid column ``i``."""
        return str(self.ctx.units.at[int(self.out.positions[i]), "unit_id"])

    def report_gaps(self) -> None:
        """One message per unit for its blank values (a warning, or an error with --strict)
        and one for its survey leaves without answers."""
        ctx, sheet = self.ctx, self.ctx.workbook.units
        ids = ctx.units["unit_id"].to_numpy()
        sheet_rows = ctx.units["row"].to_numpy()
        for pos, leaf_ids in self.blank_leaves.items():
            where = sheet.loc("unit_id", int(sheet_rows[pos]))
            text = (f"unit {ids[pos]!r} has no value for {len(leaf_ids)} "
                    f"criteri{'on' if len(leaf_ids) == 1 else 'a'}, scored 0: "
                    f"{short_list(leaf_ids)}; fill in their values")
            if ctx.strict:
                ctx.error(text, where)
            else:
                ctx.warn(text + " (--strict makes this an error)", where)
        for pos, leaf_ids in self.unanswered.items():
            ctx.warn(f"unit {ids[pos]!r} has no survey answers for {short_list(leaf_ids)}; "
                     f"treated as not applicable ({POLICY_WORDS[self.criteria.not_applicable]})",
                     sheet.loc("unit_id", int(sheet_rows[pos])))

