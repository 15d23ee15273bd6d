"""The vectorised paths against per-cell references, on random cells (hypothesis).

The engine parses a column once per distinct cell and hands each leaf a slice of it, and keeps
survey answers as integer codes; these tests check both give exactly what a per-cell Python
loop gives.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from parcalc.errors import Problem
from parcalc.rules import ChoiceRule, SurveyRule, YesNoRule
from parcalc.survey import fractions, long_answers, select_questions, unknown_groups
from parcalc.text import cell_text, fold
from parcalc.values import NOT_APPLICABLE, Values, _number, _token
from parcalc.workbook import IX, Table

CELLS = st.one_of(
    st.none(), st.just(math.nan), st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([0.5, 1.0, 2.25, 85.0, 0.85, -1.0]),
    st.sampled_from(["có", "Có", " có ", "không", "x", "N/A", "kad", "Không áp dụng", "Tốt",
                     "tốt", "Khá", "0,5", "85%", "1", "", "  ", "\u00a0", "abc", "Đạt",
                     "TRUE"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CELLS, max_size=40), st.data())
def test_a_slice_sees_what_its_cells_alone_would(cells: list[object], data: Any) -> None:
    whole = Values(_objects(cells))
    n = len(cells)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=stop - start,
                                       max_size=stop - start)), dtype=bool)
    part = whole.take(slice(start, stop)).take(mask)
    alone = _objects(cells[start:stop])[mask]
    assert list(part.text) == [cell_text(v) for v in alone]
    assert list(part.token) == [_token(v) for v in alone]
    assert list(part.blank) == [cell_text(v) is None for v in alone]
    assert list(part.not_applicable) == [_token(v) in NOT_APPLICABLE for v in alone]
    expected = [_number(v, cell_text(v)) for v in alone]
    assert [x if not math.isnan(x) else None for x in part.number] == \
        [x if not math.isnan(x) else None for x in expected]
    # whole columns map every distinct token once; slices only their own (two code paths)
    assert list(whole.map_token(lambda t: t in {"có", "x"}, bool)) == \
        [_token(v) in {"có", "x"} for v in cells]
    yes = YesNoRule()
    assert list(part.map_token(lambda t: t in {"có", "x"}, bool)) == \
        [_token(v) in {"có", "x"} for v in alone]
    points, _ = yes.score(part, 4.0)
    assert list(points) == list(yes.score(Values(alone), 4.0)[0])
    choice = ChoiceRule(options={"Tốt": 3, "Khá": 1.5})
    assert list(choice.score(part, 3.0)[0]) == list(choice.score(Values(alone), 3.0)[0])


def _objects(cells: list[object]) -> np.ndarray:
    out = np.empty(len(cells), dtype=object)
    out[:] = cells
    return out


SCALE = {"A": 1.0, "B": 0.6, "C": 0.2, "D": 0.0}
ANSWER = st.sampled_from(["A", "a", "B", " b", "C", "D", "E", None, "", "N/A", 1])
GROUP = st.sampled_from(["Người dân", "người dân", "Doanh nghiệp", "Công chức", None])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1, 4), GROUP, ANSWER, ANSWER, ANSWER), max_size=60),
    st.sampled_from([None, {"Người dân": 2.0, "Doanh nghiệp": 1.0}, {"Công chức": 1.0}]),
    st.sampled_from([["Q1"], ["q2", "Q3"], ["Q1", "Q2", "Q3"], ["Q9"]]),
)
def test_survey_fractions_match_a_per_answer_loop(rows: list[tuple[Any, ...]],
                                                  groups: dict[str, float] | None,
                                                  questions: list[str]) -> None:
    n_units = 5
    frame = pd.DataFrame({
        "respondent_group": pd.Series([r[1] for r in rows], dtype=object),
        "c1": pd.Series([r[2] for r in rows], dtype=object),
        "c2": pd.Series([r[3] for r in rows], dtype=object),
        "c3": pd.Series([r[4] for r in rows], dtype=object),
        IX: np.arange(len(rows)),
    })
    sheet = Table("survey", frame, [], {"Q1": "c1", "Q2": "c2", "Q3": "c3"})
    units = np.array([r[0] for r in rows], dtype=np.int64)
    rule = SurveyRule(questions=questions, answers="s", groups=groups)
    said: list[tuple[str, int]] = []

    def problem(message: str, column: str, row: int) -> Problem:
        said.append((column, row))
        return Problem(message, None)

    # as the engine does: answers of rows naming no known unit (-1) are dropped
    answers = select_questions(long_answers(sheet, units).for_units(np.arange(n_units)),
                               rule.questions)
    got, problems, count = fractions(rule, SCALE, answers, n_units, problem, 3)

    # the reference: one Python step per answer
    wanted = {fold(q) for q in questions}
    column_of = {"q1": "c1", "q2": "c2", "q3": "c3"}
    table = {fold(k): v for k, v in SCALE.items()}
    weights = {fold(g): w for g, w in (groups or {}).items()}
    sums: dict[tuple[int, str | None], list[float]] = {}
    bad: list[tuple[str, int]] = []
    seen_groups: set[str] = set()
    for q in ("q1", "q2", "q3"):
        if q not in wanted:
            continue
        for i, row in enumerate(rows):
            token = _token(row[{"q1": 2, "q2": 3, "q3": 4}[q]])
            if token is None or token in NOT_APPLICABLE:
                continue
            if row[0] < 0:
                continue
            group = _token(row[1])
            if group is not None:
                seen_groups.add(group)
            if token not in table:
                bad.append((column_of[q], i))
                continue
            key = group if groups else None
            if groups and key not in weights:
                continue
            sums.setdefault((row[0], key), []).append(table[token])
    expected = []
    for unit in range(n_units):
        if not groups:
            got_values = sums.get((unit, None), [])
            expected.append(sum(got_values) / len(got_values) if got_values else math.nan)
            continue
        means = {g: sum(v) / len(v) for (u, g), v in sums.items() if u == unit and g}
        total = sum(weights[g] for g in means)
        expected.append(sum(weights[g] * m for g, m in means.items()) / total if total
                        else math.nan)
    assert np.allclose(got, expected, equal_nan=True, rtol=0, atol=1e-12)
    assert count == len(bad)
    assert said == bad[:3]  # the first three, question by question, in sheet order
    assert len(problems) == min(3, len(bad))
    if groups:
        assert unknown_groups(rule, answers) == seen_groups - set(weights)
