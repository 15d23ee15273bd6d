"""The scoring engine: workbook + criteria → :class:`Results`.

Everything is checked first and every problem collected (like agate, nothing is computed on
bad input); then each criteria set is scored as one leaf-major grid, units × leaves, one
vectorised rule call per leaf. Points are integers in millionths (:mod:`parcalc.fixed`), so
sums are exact and rounding never depends on float drift.

The steps, one module each: :mod:`~parcalc.engine.context` (the run and its problems),
:mod:`~parcalc.engine.units` (the units sheet and each unit's criteria set),
:mod:`~parcalc.engine.scores_sheet` (with :mod:`~parcalc.engine.number_ids`, ids a
spreadsheet turned into numbers), :mod:`~parcalc.engine.survey_sheet` and
:mod:`~parcalc.engine.adjustments` (the other sheets, checked),
:mod:`~parcalc.engine.grid` and :mod:`~parcalc.engine.scoring` (one criteria set scored),
:mod:`~parcalc.engine.gaps` (what was not entered) and :mod:`~parcalc.engine.totals`
(totals, indices, ranks, bands → :class:`Results`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.adjustments import check_adjustments
from parcalc.engine.context import RunContext
from parcalc.engine.gaps import report_gaps
from parcalc.engine.scores_sheet import check_scores
from parcalc.engine.scoring import STATUS_BLANK, STATUS_NA, STATUS_OK, SetScores, score_set
from parcalc.engine.survey_sheet import check_survey, report_unweighted
from parcalc.engine.totals import assemble
from parcalc.engine.units import CriteriaChoice, assign_sets, check_units
from parcalc.errors import Problem, WorkbookError, sort_problems
from parcalc.fixed import IntArray
from parcalc.i18n import msg
from parcalc.results import Results
from parcalc.survey import Answers
from parcalc.workbook import Workbook

__all__ = ["STATUS_BLANK", "STATUS_NA", "STATUS_OK", "CriteriaChoice", "Scoring", "score",
           "score_run"]


def score(workbook: Workbook, criteria: CriteriaChoice, *, strict: bool = False) -> Results:
    """Score every unit of ``workbook``.

    ``criteria`` is one set for all units, or a mapping from group name (``None`` for the
    default) to a set. Raises :class:`WorkbookError` with every problem found; warnings
    (blank values, units with no survey answers) are in ``Results.warnings``.
    """
    return score_run(workbook, criteria, strict=strict, keep_answers=False).results


@dataclass(frozen=True)
class Scoring:
    """One scoring run: its :class:`Results` and the exact grids they were made from, for
    analyses that score again with something changed (:mod:`parcalc.sensitivity`).

    ``units`` is the checked units sheet (``unit_id``, ``group``, ``set``…, by position);
    ``scored`` holds one :class:`~parcalc.engine.scoring.SetScores` per set used, in the
    order of ``sets``; ``answers`` the survey answers (None: no survey criteria, or not
    kept);
    ``bonus`` and ``penalty`` each unit's adjustments (millionths, before the set's caps).
    """

    results: Results
    units: pd.DataFrame
    sets: dict[str, CriteriaSet]
    scored: list[SetScores]
    answers: Answers | None
    bonus: IntArray
    penalty: IntArray


def score_run(workbook: Workbook, criteria: CriteriaChoice, *, strict: bool = False,
              keep_answers: bool = True) -> Scoring:
    """:func:`score`, keeping the grids behind the Results (see :class:`Scoring`); without
    ``keep_answers`` the survey answers are freed before the result frames are built (a
    lower peak, for a run that only wants the Results)."""
    ctx = RunContext(workbook, strict)
    units = ctx.units = check_units(ctx)
    sets = assign_sets(ctx, units, criteria)
    score_rows = check_scores(ctx, units, sets)
    answers = check_survey(ctx, units, sets)
    bonus, penalty = check_adjustments(ctx, units)
    scored = [
        score_set(ctx, cs, units.index[units["set"] == cs_id].to_numpy(), score_rows,
                  answers)
        for cs_id, cs in sets.items()
    ]
    report_gaps(ctx, scored, len(score_rows), answers)
    del score_rows  # freed before the result frames are built: a lower peak
    if not keep_answers:
        answers = None
    report_unweighted(ctx)
    if ctx.errors:
        errors = sort_problems(ctx.errors)
        if ctx.dropped:
            errors.append(Problem(msg("engine.more_errors", n=ctx.dropped), ctx.file()))
        raise WorkbookError(errors)
    results = assemble(ctx, units, sets, scored, bonus, penalty)
    return Scoring(results, units, sets, scored, answers, bonus, penalty)
