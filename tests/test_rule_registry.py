"""Adding a rule type is one registered class: the criteria loader, ``parcalc check``, the
JSON Schema, the template and the engine take it with no other change.

The test registers a throwaway rule, ``type: double`` (twice the number written, capped at the
leaf's max), and removes it again, so the other tests see parcalc's own rules only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import openpyxl
import pytest

from parcalc.api import score_file
from parcalc.criteria.load import load_criteria
from parcalc.criteria.schema import criteria_schema, schema_text
from parcalc.errors import WorkbookError
from parcalc.rulebase import RULES, NumericRule, RuleBase, register, unregister
from parcalc.values import FloatArray
from tests.support import invoke

MakeFile = Callable[..., Path]

DOUBLE_CRITERIA = """\
parcalc: 1
id: double-test
title: Gấp đôi
domains:
  - id: "1"
    title: Một
    max: 100
    criteria:
      - {id: "1.1", title: Hai lần, max: 40, rule: double}
      - {id: "1.2", title: Hai lần nữa, max: 60, rule: {type: double}}
"""


@pytest.fixture
def double_rule() -> Iterator[type[RuleBase]]:
    """A rule type registered for one test, and unregistered after it."""

    @register
    class DoubleRule(NumericRule):
        """Twice the number written, capped at the leaf's max."""

        type: Literal["double"] = "double"

        def points(self, x: FloatArray, maximum: float) -> FloatArray:
            return 2 * x

        def describe(self, maximum: float) -> str:
            return f"gấp đôi / twice the number, at most {maximum:g}"

    try:
        yield DoubleRule
    finally:
        unregister("double")


def test_the_loader_reads_the_new_type(double_rule: type[RuleBase],
                                       criteria_file: MakeFile) -> None:
    criteria = load_criteria(criteria_file(DOUBLE_CRITERIA))
    assert [type(lf.rule) for lf in criteria.leaves()] == [double_rule, double_rule]
    assert list(RULES)[-1] == "double"


def test_check_accepts_it_and_lists_it_among_the_types(double_rule: type[RuleBase],
                                                       criteria_file: MakeFile) -> None:
    assert invoke("check", criteria_file(DOUBLE_CRITERIA))[0] == 0
    code, out, _err = invoke("check", criteria_file(DOUBLE_CRITERIA.replace(
        "rule: double}", "rule: triple}")))
    assert code == 1
    assert ("unknown rule type 'triple'; use one of: points, yes_no, choice, threshold, "
            "linear, per_item, deduction, survey, double") in out


def test_the_schema_has_it(double_rule: type[RuleBase]) -> None:
    schema = criteria_schema()
    rule = schema["$defs"]["Node"]["properties"]["rule"]
    assert rule["anyOf"][0]["enum"][-1] == "double"
    assert rule["anyOf"][1]["discriminator"]["mapping"]["double"] == "#/$defs/DoubleRule"
    assert schema["$defs"]["DoubleRule"]["required"] == ["type"]


def test_a_template_for_it_fills_and_scores(double_rule: type[RuleBase],
                                            criteria_file: MakeFile, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    with open(units, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["unit_id", "name"], ["A", "Một"], ["B", "Hai"]])
    out = tmp_path / "t.xlsx"
    code, _out, err = invoke("template", criteria_file(DOUBLE_CRITERIA), "-o", out,
                             "--units", units)
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    scores = book["scores"]
    messages = [v.promptTitle for v in scores.data_validations.dataValidation]
    assert messages == ["Tiêu chí 1.1", "Tiêu chí 1.1", "Tiêu chí 1.2", "Tiêu chí 1.2"] * 2
    for row, value in zip(scores.iter_rows(min_row=2), [15, 25, 3, "x"], strict=True):
        row[5].value = value
    book.save(out)
    with pytest.raises(WorkbookError) as caught:
        score_file(out)
    assert [p.message for p in caught.value.problems] == [
        "criterion '1.2' (double): 'x' is not a number; enter a number (a decimal comma or "
        "a % sign is fine)"]
    scores["F5"].value = 20
    book.save(out)
    details = score_file(out).details
    assert details["points"].tolist() == [30.0, 6.0, 50.0, 40.0]  # A 1.1, B 1.1, A 1.2, B 1.2
    assert np.all(details["rule"] == "double")


def test_unregistering_restores_parcalc_s_own_rules() -> None:
    before = schema_text(), list(RULES)

    @register
    class DoubleRule(NumericRule):
        type: Literal["double"] = "double"

    assert list(RULES)[-1] == "double"
    unregister("double")
    assert (schema_text(), list(RULES)) == before
    assert json.loads(before[0])["$defs"].keys().isdisjoint({"DoubleRule"})


def test_a_rule_type_needs_a_new_name() -> None:
    with pytest.raises(TypeError, match="needs a new name"):
        @register
        class Again(NumericRule):
            type: Literal["points"] = "points"
    assert RULES["points"].__name__ == "PointsRule"
