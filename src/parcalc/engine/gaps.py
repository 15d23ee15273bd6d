"""What was not entered: blank values and survey criteria without answers.

One message per unit, located at its blank value cells (and at its units-sheet row for the
criteria it has no scores row for) — or one message for the whole workbook when nothing was
entered at all, as when a blank template is scored as is.
"""

from __future__ import annotations

from parcalc.engine.context import RunContext, at_places, short_list
from parcalc.engine.scoring import SetScores
from parcalc.errors import SHOWN_PLACES, Location, Problem, Severity
from parcalc.i18n import Msg, msg
from parcalc.survey import Answers

#: How a criteria set's not_applicable policy treats a not-applicable leaf, in words.
POLICY_WORDS = {"exclude": msg("engine.na_exclude"), "zero": msg("engine.na_zero"),
                "full": msg("engine.na_full")}


def report_gaps(ctx: RunContext, scored: list[SetScores], score_rows: int,
                answers: Answers | None) -> None:
    """Blank values (warnings; errors with --strict) and survey criteria without answers
    (warnings), for every unit of the ``scored`` sets."""
    no_values = score_rows > 0 and not any(s.entered for s in scored)
    no_answers = answers is not None and not len(answers) and any(s.unanswered for s in scored)
    if no_values:
        _nothing_entered(ctx, score_rows, no_answers)
    elif no_answers:
        for policy in dict.fromkeys(s.criteria.not_applicable for s in scored if s.unanswered):
            ctx.warn(msg("engine.no_answers_entered", policy=policy_words(policy)),
                     _survey_header(ctx))
    for s in scored:
        if not no_values:
            _blank_values(ctx, s)
        if not no_answers:
            _unanswered(ctx, s)


def policy_words(policy: str) -> Msg:
    """What the not_applicable ``policy`` does to a leaf, in words ("left out of its max")."""
    return POLICY_WORDS[policy]


def _nothing_entered(ctx: RunContext, score_rows: int, no_answers: bool) -> None:
    sheet = ctx.workbook.scores
    where = sheet.loc("value") if sheet is not None else ctx.file()
    rows = msg("problem.rows", n=score_rows)
    if no_answers:
        outcome = "" if ctx.strict else msg("engine.all_scored_zero_no_answers")
        message = msg("engine.nothing_entered", rows=rows, outcome=outcome)
    else:
        outcome = "" if ctx.strict else msg("engine.all_scored_zero")
        message = msg("engine.no_values_entered", rows=rows, outcome=outcome)
    ctx.add(Problem(message, where, "error" if ctx.strict else "warning"))


def _survey_header(ctx: RunContext) -> Location:
    survey = ctx.workbook.survey
    return survey.loc("unit_id") if survey is not None else ctx.file()


def _blank_values(ctx: RunContext, s: SetScores) -> None:
    """Per unit, its blank value cells (at those cells) and the criteria it has no row for
    (at its units-sheet row)."""
    severity: Severity = "error" if ctx.strict else "warning"
    note: Msg | str = "" if ctx.strict else msg("engine.strict_note")
    units, scores = ctx.workbook.units, ctx.workbook.scores
    ids, unit_rows = ctx.units["unit_id"].to_numpy(), ctx.units["row"].to_numpy()
    for pos, leaves in s.blank.items():
        cells = [(leaf_id, row) for leaf_id, row in leaves if row is not None]
        missing = [leaf_id for leaf_id, row in leaves if row is None]
        if cells and scores is not None:
            places = [scores.loc("value", row) for _, row in cells[:SHOWN_PLACES]]
            ctx.add(at_places(_no_value(ids[pos], [c for c, _ in cells], note), places,
                              severity, len(cells)))
        if missing:
            ctx.add(Problem(_no_value(ids[pos], missing, note),
                            units.loc("unit_id", int(unit_rows[pos])), severity))


def _no_value(unit: str, leaf_ids: list[str], note: Msg | str) -> Msg:
    return msg("engine.no_value", unit=unit, n=len(leaf_ids), criteria=short_list(leaf_ids),
               note=note)


def _unanswered(ctx: RunContext, s: SetScores) -> None:
    sheet = ctx.workbook.units
    ids, unit_rows = ctx.units["unit_id"].to_numpy(), ctx.units["row"].to_numpy()
    words = policy_words(s.criteria.not_applicable)
    for pos, leaf_ids in s.unanswered.items():
        ctx.warn(msg("engine.no_survey_answers", unit=ids[pos], criteria=short_list(leaf_ids),
                     policy=words), sheet.loc("unit_id", int(unit_rows[pos])))
