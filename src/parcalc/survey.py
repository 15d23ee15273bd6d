"""Survey rules: turn the survey sheet's answers into a fraction per unit and survey leaf.

Per respondent group: the mean of the answer scale over all non-blank answers to the rule's
questions by that group's respondents for the unit. Then the weighted mean over the rule's
``groups:`` weights, re-normalised over the groups that answered; with no ``groups:`` every
answer is pooled. A unit with no answers gets no fraction (NaN): the leaf is not applicable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from parcalc.errors import Location, Problem
from parcalc.rules import SurveyRule
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import ROW, Sheet


def long_answers(sheet: Sheet, unit_keys: pd.Series) -> pd.DataFrame:
    """The survey sheet as one row per non-blank answer.

    Columns: ``unit`` (position of the unit, from ``unit_keys``), ``group`` (folded
    respondent group), ``question`` (folded question id), ``token`` (folded answer),
    ``text`` (answer as written), ``row`` and ``column`` (the question's column name).
    """
    frame = sheet.frame
    pieces = []
    groups = Values.of(frame["respondent_group"]).token
    for question, column in sheet.others.items():
        values = Values.of(frame[column])
        keep = ~values.blank & ~values.not_applicable
        if not keep.any():
            continue
        pieces.append(pd.DataFrame({
            "unit": unit_keys.to_numpy()[keep],
            "group": groups[keep],
            "question": fold(question),
            "token": values.token[keep],
            "text": values.text[keep],
            "row": frame[ROW].to_numpy()[keep],
            "column": column,
        }))
    if not pieces:
        return pd.DataFrame(columns=["unit", "group", "question", "token", "text", "row",
                                     "column"])
    return pd.concat(pieces, ignore_index=True)


def fractions(
    rule: SurveyRule,
    scale: dict[str, float],
    answers: pd.DataFrame,
    n_units: int,
    problem: Callable[[str, str, int], Problem],
) -> tuple[np.ndarray, list[Problem]]:
    """The fraction of the max earned by each unit position (NaN: no answers)."""
    wanted = {fold(q) for q in rule.questions}
    mine = answers[answers["question"].isin(wanted) & answers["unit"].notna()]
    table = {fold(k): v for k, v in scale.items()}
    value = mine["token"].map(table)
    unknown = value.isna()
    problems = [
        problem(f"answer {text!r} to question {q!r} is not on the scale "
                f"({', '.join(scale)}); enter one of those", column, int(row))
        for text, q, column, row in zip(mine.loc[unknown, "text"], mine.loc[unknown, "question"],
                                        mine.loc[unknown, "column"], mine.loc[unknown, "row"],
                                        strict=True)
    ]
    data = pd.DataFrame({"unit": mine["unit"].astype(int), "group": mine["group"],
                         "value": value})[~unknown]
    out = np.full(n_units, np.nan)
    if data.empty:
        return out, problems
    if rule.groups:
        weights = {fold(g): w for g, w in rule.groups.items()}
        data = data[data["group"].isin(weights)]
        means = data.groupby(["unit", "group"], sort=False)["value"].mean().reset_index()
        means["w"] = means["group"].map(weights)
        means["wv"] = means["w"] * means["value"]
        per_unit = means.groupby("unit")[["wv", "w"]].sum()
        result = per_unit["wv"] / per_unit["w"]
    else:
        result = data.groupby("unit")["value"].mean()
    out[result.index.to_numpy(dtype=int)] = result.to_numpy(dtype=float)
    return out, problems


def unknown_groups(rule: SurveyRule, answers: pd.DataFrame) -> set[str]:
    """Respondent groups that answered the rule's questions but carry no weight in it."""
    if not rule.groups:
        return set()
    wanted = {fold(q) for q in rule.questions}
    weights = {fold(g) for g in rule.groups}
    present = set(answers.loc[answers["question"].isin(wanted), "group"].dropna())
    return present - weights


def survey_location(sheet: Sheet, column: str, row: int) -> Location:
    return sheet.loc(column, row)
