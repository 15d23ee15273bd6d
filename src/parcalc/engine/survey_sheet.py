"""The survey sheet: one row per respondent, a column per question, checked against the
units and the survey criteria."""

from __future__ import annotations

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.context import RunContext, short_list
from parcalc.engine.units import unit_positions
from parcalc.rules import SurveyRule
from parcalc.survey import Answers, long_answers
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX


def check_survey(ctx: RunContext, units: pd.DataFrame,
                 sets: dict[str, CriteriaSet]) -> Answers | None:
    survey_leaves = [(cs, lf) for cs in sets.values() for lf in cs.leaves() if lf.is_survey]
    sheet = ctx.workbook.survey
    if not survey_leaves:
        return None
    if sheet is None:
        ids = ", ".join(lf.id for _, lf in survey_leaves[:5])
        ctx.error(f"the criteria have survey criteria ({ids}) but the workbook has no 'survey' "
                  "sheet; add one with unit_id, respondent_group and a column per question",
                  ctx.file())
        return None
    questions = {fold(q) for q in sheet.others}
    for _cs, lf in survey_leaves:
        for q in SurveyRule.of(lf.rule).questions:
            if fold(q) not in questions:
                questions.add(fold(q))  # report each missing question once
                ctx.error(f"no column for question {q!r} (used by criterion {lf.id}); add it "
                          "to the header row", sheet.loc("unit_id"))
    respondents = Values.of(sheet.frame["unit_id"])
    positions = unit_positions(respondents, units)
    unknown = positions < 0
    rows = sheet.frame[IX].to_numpy()
    for i in np.flatnonzero(unknown):
        key = respondents.token[i]
        what = f"unknown unit id {respondents.text[i]!r}" if key else "no unit id"
        ctx.error(f"{what}; every respondent row names a unit from the units sheet",
                  sheet.loc("unit_id", int(rows[i])))
    return long_answers(sheet, positions)


def report_unweighted(ctx: RunContext) -> None:
    survey = ctx.workbook.survey
    for group, leaf_ids in sorted(ctx.unweighted.items()):
        ctx.warn(f"respondent group {group!r} answered questions of {short_list(leaf_ids)}, which "
                 "give it no weight (groups:); those answers are not counted there",
                 survey.loc("respondent_group") if survey else None)
