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

from parcalc.engine.adjustments import check_adjustments
from parcalc.engine.context import RunContext
from parcalc.engine.gaps import report_gaps
from parcalc.engine.scores_sheet import check_scores
from parcalc.engine.scoring import STATUS_BLANK, STATUS_NA, STATUS_OK, score_set
from parcalc.engine.survey_sheet import check_survey, report_unweighted
from parcalc.engine.totals import assemble
from parcalc.engine.units import CriteriaChoice, assign_sets, check_units
from parcalc.errors import Problem, WorkbookError, sort_problems
from parcalc.i18n import msg
from parcalc.results import Results
from parcalc.workbook import Workbook

__all__ = ["STATUS_BLANK", "STATUS_NA", "STATUS_OK", "CriteriaChoice", "score"]


def score(workbook: Workbook, criteria: CriteriaChoice, *, strict: bool = False) -> Results:
    """Score every unit of ``workbook``.

    ``criteria`` is one set for all units, or a mapping from group name (``None`` for the
    default) to a set. Raises :class:`WorkbookError` with every problem found; warnings
    (blank values, units with no survey answers) are in ``Results.warnings``.
    """
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
    del score_rows, answers  # freed before the result frames are built: a lower peak
    report_unweighted(ctx)
    if ctx.errors:
        errors = sort_problems(ctx.errors)
        if ctx.dropped:
            errors.append(Problem(msg("engine.more_errors", n=ctx.dropped), ctx.file()))
        raise WorkbookError(errors)
    return assemble(ctx, units, sets, scored, bonus, penalty)
