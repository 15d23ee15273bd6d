"""Survey rules: turn the survey sheet's answers into a fraction per unit and survey leaf.

Per respondent group: the mean of the answer scale over all non-blank answers to the rule's
questions by that group's respondents for the unit. Then the weighted mean over the rule's
``groups:`` weights, re-normalised over the groups that answered; with no ``groups:`` every
answer is pooled. A unit with no answers gets no fraction (NaN): the leaf is not applicable.

A national survey holds tens of millions of answers, so they are kept as integer codes into
small vocabularies (distinct answers, groups, questions): a rule looks its scale up once per
distinct answer and never touches a Python object per answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from parcalc.errors import Problem
from parcalc.i18n import Msg, msg
from parcalc.rules import SurveyRule
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX, Table

IntArray = npt.NDArray[np.int64] | npt.NDArray[np.int32]
#: Codes are int32: five per answer, and a national survey has tens of millions of answers.
CODE = np.int32
ObjArray = npt.NDArray[np.object_]


@dataclass
class Answers:
    """The survey sheet's non-blank answers, one entry per answer, as codes.

    ``unit`` is the unit's position (-1: the row names no known unit); ``group``, ``question``
    and ``answer`` index ``groups`` (folded respondent groups, -1: blank), ``questions``
    (folded question ids; ``columns`` holds each one's frame column) and ``tokens``/``texts``
    (each distinct answer folded and as written); ``row`` is the survey table's row.
    """

    unit: IntArray
    group: IntArray
    question: IntArray
    answer: IntArray
    row: IntArray
    groups: ObjArray
    questions: list[str]
    columns: list[str]
    tokens: ObjArray
    texts: ObjArray

    def __len__(self) -> int:
        return len(self.unit)

    def take(self, index: slice | IntArray | npt.NDArray[np.bool_]) -> Answers:
        """The answers at ``index`` (positions or a mask), sharing the vocabularies."""
        return Answers(self.unit[index], self.group[index], self.question[index],
                       self.answer[index], self.row[index], self.groups, self.questions,
                       self.columns, self.tokens, self.texts)

    def for_units(self, local: IntArray) -> Answers:
        """Answers of the units with ``local[unit] >= 0``, renumbered to ``local[unit]``."""
        if np.array_equal(local, np.arange(len(local))):  # one criteria set for every unit
            known = self.unit >= 0
            return self if known.all() else self.take(known)
        lookup = np.append(local, -1)  # unit -1 picks the last entry
        renumbered = lookup[self.unit]
        kept = renumbered >= 0
        if kept.all() and np.array_equal(renumbered, self.unit):
            return self  # one criteria set for every unit: nothing to copy
        out = self.take(kept)
        out.unit = renumbered[kept]
        return out

    @cached_property
    def by_question(self) -> dict[str, slice]:
        """The answers to each folded question id, as a slice: answers are in question order
        (:func:`long_answers` makes them so; :meth:`take` with a mask keeps it)."""
        assert bool(np.all(self.question[:-1] <= self.question[1:])), "not in question order"
        bounds = np.searchsorted(self.question, np.arange(len(self.questions) + 1))
        return {q: slice(int(bounds[i]), int(bounds[i + 1]))
                for i, q in enumerate(self.questions) if bounds[i + 1] > bounds[i]}


def long_answers(sheet: Table, unit_positions: IntArray) -> Answers:
    """The survey sheet's answers (see :class:`Answers`); ``unit_positions`` per sheet row."""
    frame = sheet.frame
    group_codes, groups = _codes(Values.of(frame["respondent_group"]).token)
    rows = frame[IX].to_numpy(dtype=CODE)
    unit_positions = unit_positions.astype(CODE)
    vocab: dict[object, int] = {}
    tokens: list[object] = []
    texts: list[object] = []
    parts: list[tuple[npt.NDArray[np.bool_], int, IntArray]] = []
    questions: list[str] = []
    columns: list[str] = []
    for question, column in sheet.others.items():
        values = Values.of(frame[column])
        keep = ~values.blank & ~values.not_applicable
        if not keep.any():
            continue
        codes, distinct = _distinct(values)
        to_global = np.empty(len(distinct), dtype=CODE)
        for k, (token, text) in enumerate(distinct):
            key = (token, text)
            if key not in vocab:
                vocab[key] = len(tokens)
                tokens.append(token)
                texts.append(text)
            to_global[k] = vocab[key]
        parts.append((keep, len(questions), to_global[codes[keep]]))
        questions.append(fold(question))
        columns.append(column)
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Answers(empty, empty, empty, empty, empty, groups, [], [],
                       np.array([], dtype=object), np.array([], dtype=object))
    return Answers(
        unit=np.concatenate([unit_positions[keep] for keep, _, _ in parts]),
        group=np.concatenate([group_codes[keep] for keep, _, _ in parts]),
        question=np.concatenate([np.full(int(keep.sum()), q, dtype=CODE)
                                 for keep, q, _ in parts]),
        answer=np.concatenate([a for _, _, a in parts]),
        row=np.concatenate([rows[keep] for keep, _, _ in parts]),
        groups=groups, questions=questions, columns=columns,
        tokens=np.array(tokens, dtype=object),
        texts=np.array(texts, dtype=object),
    )


def _codes(column: ObjArray) -> tuple[IntArray, ObjArray]:
    """Codes into the distinct values of ``column`` (None → -1)."""
    codes, uniques = pd.factorize(pd.Series(column, dtype=object))
    return np.asarray(codes, dtype=CODE), np.asarray(uniques, dtype=object)


def _distinct(values: Values) -> tuple[IntArray, list[tuple[object, object]]]:
    """Codes per cell into the distinct cells of a whole column (blank: -1), and each
    distinct cell's (token, text), indexed by code."""
    if values.factors is None:  # booleans (TRUE would merge with 1): distinct by text instead
        values = Values(values.text)
    assert values.factors is not None
    tokens, texts = values.distinct_views()
    return (np.asarray(values.factors[0], dtype=CODE),
            list(zip(tokens.tolist(), texts.tolist(), strict=True)))


def fractions(
    rule: SurveyRule,
    scale: dict[str, float],
    answers: Answers,
    n_units: int,
    problem: Callable[[Msg, str, int], Problem],
    limit: int,
) -> tuple[np.ndarray, list[Problem], int]:
    """The fraction of the max earned by each unit position (NaN: no answers).

    ``answers`` holds only answers to the rule's questions (see :func:`select_questions`).
    Returns the fractions, up to ``limit`` problems (answers not on the scale) and how many
    there were in all. Means are sums over counts from ``np.bincount``: no per-unit loop.
    """
    table = {fold(k): v for k, v in scale.items()}
    on_scale = np.array([table.get(t, np.nan) for t in answers.tokens], dtype=float)
    values = on_scale[answers.answer]
    unknown = np.isnan(values)
    bad = np.flatnonzero(unknown)
    problems = [
        problem(msg("engine.answer_off_scale", answer=answers.texts[answers.answer[i]],
                    question=answers.questions[answers.question[i]], scale=", ".join(scale)),
                answers.columns[answers.question[i]], int(answers.row[i]))
        for i in bad[:limit]
    ]
    units = answers.unit.astype(np.int64)
    if not rule.groups:
        return _means(units[~unknown], values[~unknown], n_units), problems, len(bad)
    weights = {fold(g): w for g, w in rule.groups.items()}
    index = {g: i for i, g in enumerate(weights)}
    to_weight = np.array([*(index.get(g, -1) for g in answers.groups), -1], dtype=np.int64)
    group = to_weight[answers.group]  # group -1 (blank) picks the last entry
    keep = ~unknown & (group >= 0)
    size = len(weights)
    means = _means(units[keep] * size + group[keep], values[keep], n_units * size)
    means = means.reshape(n_units, size)
    w = np.array(list(weights.values()), dtype=float)
    answered = ~np.isnan(means)
    total_w = (answered * w).sum(axis=1)
    weighted = np.where(answered, means, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total_w > 0, weighted / total_w, np.nan), problems, len(bad)


def select_questions(answers: Answers, questions: list[str]) -> Answers:
    """The answers to ``questions``."""
    by_question = answers.by_question
    pieces = [by_question[q] for q in dict.fromkeys(fold(q) for q in questions)
              if q in by_question]
    if not pieces:
        return answers.take(np.zeros(0, dtype=np.int64))
    joined = [pieces[0]]  # questions next to each other in the answers: one slice
    for piece in pieces[1:]:
        if piece.start == joined[-1].stop:
            joined[-1] = slice(joined[-1].start, piece.stop)
        else:
            joined.append(piece)
    if len(joined) == 1:
        return answers.take(joined[0])  # a slice: views, no copy
    return answers.take(np.concatenate([np.arange(p.start, p.stop) for p in joined]))


def _means(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Mean of ``values`` per code in ``range(size)``; NaN where a code has none."""
    sums = np.bincount(codes, weights=values, minlength=size)
    counts = np.bincount(codes, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def unknown_groups(rule: SurveyRule, answers: Answers) -> set[str]:
    """Respondent groups that answered the rule's questions but carry no weight in it."""
    if not rule.groups:
        return set()
    weights = {fold(g) for g in rule.groups}
    present = np.unique(answers.group[answers.group >= 0])
    return {str(answers.groups[g]) for g in present} - weights
