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

from parcalc.errors import Problem
from parcalc.rules import SurveyRule
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX, Table

COLUMNS = ["unit", "group", "question", "token", "text", "row", "column"]


def long_answers(sheet: Table, unit_keys: pd.Series) -> pd.DataFrame:
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
            "row": frame[IX].to_numpy()[keep],
            "column": column,
        }))
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(pieces, ignore_index=True)


def select_questions(by_question: dict[str, pd.DataFrame],
                     questions: list[str]) -> pd.DataFrame:
    """The answers to ``questions``, from answers grouped by folded question id."""
    pieces = [by_question[q] for q in dict.fromkeys(fold(q) for q in questions)
              if q in by_question]
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]


def fractions(
    rule: SurveyRule,
    scale: dict[str, float],
    answers: pd.DataFrame,
    n_units: int,
    problem: Callable[[str, str, int], Problem],
) -> tuple[np.ndarray, list[Problem]]:
    """The fraction of the max earned by each unit position (NaN: no answers).

    ``answers`` holds only answers to the rule's questions (see :func:`select_questions`).
    Means are sums over counts from ``np.bincount``: one pass, no per-unit loop.
    """
    table = {fold(k): v for k, v in scale.items()}
    tokens = answers["token"].to_numpy(dtype=object)
    values = np.array([table.get(t, np.nan) for t in tokens], dtype=float)
    unknown = np.isnan(values)
    problems = [
        problem(f"answer {text!r} to question {q!r} is not on the scale "
                f"({', '.join(scale)}); enter one of those", column, int(row))
        for text, q, column, row in answers.loc[unknown, ["text", "question", "column", "row"]]
        .itertuples(index=False)
    ]
    units = answers["unit"].to_numpy(dtype=np.int64)
    if not rule.groups:
        return _means(units[~unknown], values[~unknown], n_units), problems
    weights = {fold(g): w for g, w in rule.groups.items()}
    index = {g: i for i, g in enumerate(weights)}
    group = np.array([index.get(g, -1) for g in answers["group"].to_numpy(dtype=object)],
                     dtype=np.int64)
    keep = ~unknown & (group >= 0)
    size = len(weights)
    means = _means(units[keep] * size + group[keep], values[keep], n_units * size)
    means = means.reshape(n_units, size)
    w = np.array(list(weights.values()), dtype=float)
    answered = ~np.isnan(means)
    total_w = (answered * w).sum(axis=1)
    weighted = np.where(answered, means, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total_w > 0, weighted / total_w, np.nan), problems


def _means(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Mean of ``values`` per code in ``range(size)``; NaN where a code has none."""
    sums = np.bincount(codes, weights=values, minlength=size)
    counts = np.bincount(codes, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def unknown_groups(rule: SurveyRule, answers: pd.DataFrame) -> set[str]:
    """Respondent groups that answered the rule's questions but carry no weight in it."""
    if not rule.groups:
        return set()
    weights = {fold(g) for g in rule.groups}
    return {g for g in answers["group"].unique() if isinstance(g, str)} - weights
