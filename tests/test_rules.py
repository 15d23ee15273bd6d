"""Every rule type on tiny inputs: ``rule.score(Values.of([...]), maximum)`` and ``problems``."""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from parcalc.i18n import Msg, using
from parcalc.rules import (
    ChoiceRule,
    DeductionRule,
    LinearRule,
    PerItemRule,
    PointsRule,
    Rule,
    ThresholdRule,
    YesNoRule,
)
from parcalc.values import Values

RULE = TypeAdapter(Rule)


def rule(**data: Any) -> Any:
    """A rule from its YAML form, e.g. ``rule(type="linear", **{"from": 0, "to": 10})``."""
    return RULE.validate_python(data)


def run(r: Any, cells: list[Any], maximum: float) -> tuple[list[float], list[str | None]]:
    """Points and the errors as the user reads them (each error is a catalogue message)."""
    points, errors = r.score(Values.of(cells), maximum)
    assert len(points) == len(errors) == len(cells)
    assert np.all(points >= 0) and np.all(points <= maximum)
    assert all(e is None or isinstance(e, Msg) for e in errors)
    return [float(p) for p in points], [None if e is None else str(e) for e in errors]


def said(problems: list[tuple[Any, Any]]) -> list[tuple[Any, str]]:
    """A rule's problems as the user reads them (each is a catalogue message)."""
    assert all(isinstance(m, Msg) for _, m in problems)
    return [(where, str(m)) for where, m in problems]


def not_a_number(text: str, expects: str) -> str:
    return f"{text!r} is not a number; enter {expects} (a decimal comma or a % sign is fine)"


# --- points -----------------------------------------------------------------------------------

def test_points_in_range() -> None:
    points, errors = run(PointsRule(), [0, 5, 10, 7.25, "0,5", "85%"], 100)
    assert points == [0, 5, 10, 7.25, 0.5, 85]
    assert errors == [None] * 6


def test_points_above_max_and_below_zero_are_errors() -> None:
    points, errors = run(PointsRule(), [10.5, -1, 10, 0, "85%"], 10)
    assert errors == [
        "10.5 points is outside 0..10; enter points between 0 and the max",
        "-1 points is outside 0..10; enter points between 0 and the max",
        None,
        None,
        "85 points is outside 0..10; enter points between 0 and the max",
    ]
    assert points[2:4] == [10, 0]


def test_points_text_is_an_error() -> None:
    points, errors = run(PointsRule(), ["abc", "1.000,5", "12 điểm"], 20)
    assert points == [0, 0, 0]
    assert errors == [not_a_number(t, "the points awarded") for t in ("abc", "1.000,5", "12 điểm")]


def test_points_default_for_a_leaf_without_rule() -> None:
    assert rule(type="points") == PointsRule()


# --- yes_no -----------------------------------------------------------------------------------

YES_WORDS = ["yes", "y", "true", "1", "có", "x", "đạt", "YES", "Y", "True", "CÓ", "Có", "X",
             "ĐẠT", "Đạt", 1, 1.0, True, "  có  ", unicodedata.normalize("NFD", "có"),
             unicodedata.normalize("NFD", "Đạt")]
NO_WORDS = ["no", "n", "false", "0", "không", "không đạt", "NO", "N", "FALSE", "Không",
            "KHÔNG ĐẠT", "Không đạt", 0, 0.0, False, unicodedata.normalize("NFD", "không đạt"),
            unicodedata.normalize("NFD", "Không")]


def test_nfd_words_really_are_decomposed() -> None:
    assert unicodedata.normalize("NFD", "có") != "có"


@pytest.mark.parametrize("word", YES_WORDS, ids=repr)
def test_yes_words_earn_the_max(word: Any) -> None:
    assert run(YesNoRule(), [word], 5) == ([5.0], [None])


@pytest.mark.parametrize("word", NO_WORDS, ids=repr)
def test_no_words_earn_zero(word: Any) -> None:
    assert run(YesNoRule(), [word], 5) == ([0.0], [None])


def test_yes_no_custom_points() -> None:
    r = rule(type="yes_no", yes=3, no=1)
    assert run(r, ["có", "không"], 5) == ([3.0, 1.0], [None, None])


def test_yes_no_shorthand_default_points() -> None:
    r = rule(type="yes_no")
    assert isinstance(r, YesNoRule)
    assert run(r, ["x", "n"], 2.5) == ([2.5, 0.0], [None, None])


@pytest.mark.parametrize("word", ["maybe", "có lẽ", "2", "đạt một phần", "OK"])
def test_unknown_yes_no_word_is_an_error(word: str) -> None:
    points, errors = run(YesNoRule(), [word], 5)
    assert points == [0.0]
    assert errors == [f"{word!r} is not yes or no; enter có/không "
                      "(yes/no, 1/0, x, đạt/không đạt)"]


# --- choice -----------------------------------------------------------------------------------

QUALITY = {"Tốt": 20, "Khá": 15, "Đạt": 10, "Không đạt": 0}


def test_choice_labels_case_insensitive() -> None:
    r = rule(type="choice", options=QUALITY)
    cells = ["Tốt", "tốt", "KHÁ", "đạt", "không ĐẠT", unicodedata.normalize("NFD", "Khá")]
    assert run(r, cells, 20) == ([20, 20, 15, 10, 0, 15], [None] * 6)


def test_choice_unknown_label_lists_the_options() -> None:
    r = rule(type="choice", options=QUALITY)
    points, errors = run(r, ["Kém", "Tốt"], 20)
    assert points == [0, 20]
    assert errors == ["'Kém' is not one of the options; enter one of: Tốt, Khá, Đạt, Không đạt",
                      None]


def test_choice_needs_options() -> None:
    with pytest.raises(ValidationError):
        rule(type="choice", options={})


# --- threshold --------------------------------------------------------------------------------

def test_threshold_above_is_strict_min_is_inclusive() -> None:
    r = rule(type="threshold", steps=[{"above": 90, "points": 30}, {"min": 70, "points": 15}])
    cells = [100, 90.01, 90, 89.99, 70, 69.99, 0, "95%", "90%", "70,0"]
    points, errors = run(r, cells, 30)
    assert points == [30, 30, 15, 15, 15, 0, 0, 30, 15, 15]
    assert errors == [None] * len(cells)


def test_threshold_max_is_inclusive_below_is_strict() -> None:
    r = rule(type="threshold", steps=[{"below": 5, "points": 10}, {"max": 10, "points": 5}])
    points, _ = run(r, [0, 4.99, 5, 9.99, 10, 10.01], 10)
    assert points == [10, 10, 5, 5, 5, 0]


def test_threshold_else_default_and_custom() -> None:
    steps = [{"min": 50, "points": 4}]
    assert run(rule(type="threshold", steps=steps), [49], 5)[0] == [0]
    r = rule(type="threshold", steps=steps, **{"else": 1.5})
    assert run(r, [49, 50], 5)[0] == [1.5, 4]


def test_threshold_first_match_from_the_top_wins() -> None:
    r = rule(type="threshold", steps=[{"min": 50, "points": 2}, {"min": 80, "points": 5}])
    assert run(r, [90, 60, 10], 5)[0] == [2, 2, 0]


def test_threshold_text_is_an_error() -> None:
    r = rule(type="threshold", steps=[{"min": 50, "points": 2}])
    points, errors = run(r, ["nhiều", 60], 5)
    assert points == [0, 2]
    assert errors == [not_a_number("nhiều", "a number"), None]


@pytest.mark.parametrize("step", [{"points": 1}, {"min": 1, "max": 3, "points": 1}])
def test_threshold_step_needs_exactly_one_bound(step: dict[str, float]) -> None:
    with pytest.raises(ValidationError, match="a step needs exactly one of min"):
        rule(type="threshold", steps=[step])


# --- linear -----------------------------------------------------------------------------------

def test_linear_higher_is_better_clamped() -> None:
    r = rule(type="linear", **{"from": 0, "to": 10})
    assert run(r, [-5, 0, 2.5, 5, 10, 20], 4)[0] == [0, 0, 1, 2, 4, 4]


def test_linear_lower_is_better_clamped() -> None:
    r = rule(type="linear", **{"from": 10, "to": 0})
    assert run(r, [-5, 0, 5, 7.5, 10, 20], 4)[0] == [4, 4, 2, 1, 0, 0]


def test_linear_reads_percent_and_comma() -> None:
    r = rule(type="linear", **{"from": 50, "to": 100})
    assert run(r, ["75%", "62,5"], 4) == ([2, 1], [None, None])


# --- per_item and deduction -------------------------------------------------------------------

def test_per_item_capped_at_max() -> None:
    r = rule(type="per_item", points=0.5)
    assert isinstance(r, PerItemRule)
    assert run(r, [0, 1, 3, 4, 100], 2) == ([0, 0.5, 1.5, 2, 2], [None] * 5)


def test_per_item_negative_count_is_an_error() -> None:
    r = rule(type="per_item", points=0.5)
    points, errors = run(r, [-1, "-2"], 2)
    assert points == [0, 0]
    assert errors == ["-1 is a negative count; enter how many (0 or more)",
                      "-2 is a negative count; enter how many (0 or more)"]


def test_per_item_text_is_an_error() -> None:
    r = rule(type="per_item", points=0.5)
    assert run(r, ["ba"], 2)[1] == [not_a_number("ba", "a count of items")]


def test_deduction_floored_at_zero() -> None:
    r = rule(type="deduction", points=0.5)
    assert isinstance(r, DeductionRule)
    assert run(r, [0, 1, 3, 4, 100], 2) == ([2, 1.5, 0.5, 0, 0], [None] * 5)


def test_deduction_negative_count_is_an_error() -> None:
    r = rule(type="deduction", points=0.5)
    points, errors = run(r, [-1], 2)
    assert errors == ["-1 is a negative count; enter how many (0 or more)"]
    assert points == [2]  # clipped to the max; the error stops scoring anyway


@pytest.mark.parametrize("kind", ["per_item", "deduction"])
def test_count_rules_need_positive_points(kind: str) -> None:
    with pytest.raises(ValidationError):
        rule(type=kind, points=0)


# --- numeric text -----------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "number"), [
    ("0,5", 0.5), ("0.5", 0.5), ("85%", 85), ("85 %", 85), ("85\u00a0%", 85), (",5", 0.5),
    ("12", 12), (" 7 ", 7), ("+3", 3), (3, 3), (2.75, 2.75),
])
def test_numeric_text(cell: Any, number: float) -> None:
    assert run(PointsRule(), [cell], 100) == ([number], [None])


def test_unknown_rule_type_is_rejected() -> None:
    with pytest.raises(ValidationError):
        rule(type="magic")


def test_unknown_rule_key_is_rejected() -> None:
    with pytest.raises(ValidationError):
        rule(type="yes_no", colour="red")


# --- problems(max): inconsistent rules --------------------------------------------------------

def test_consistent_rules_have_no_problems() -> None:
    rules = [
        PointsRule(), YesNoRule(), rule(type="yes_no", yes=3, no=1),
        rule(type="choice", options=QUALITY),
        rule(type="threshold", steps=[{"above": 90, "points": 20}, {"min": 70, "points": 15}],
             **{"else": 0}),
        rule(type="threshold", steps=[{"below": 5, "points": 20}, {"max": 10, "points": 5}]),
        rule(type="linear", **{"from": 0, "to": 10}), rule(type="per_item", points=2),
        rule(type="deduction", points=2),
    ]
    for r in rules:
        assert r.problems(20) == [], r


def test_threshold_unreachable_step() -> None:
    r = rule(type="threshold", steps=[{"min": 70, "points": 15}, {"above": 90, "points": 30}])
    assert said(r.problems(30)) == [(
        ("steps", 1),
        "step 2 (> 90: 30) can never match: step 1 (≥ 70: 15) comes first and catches every "
        "value it would; order the steps from the strictest bound down",
    )]


@pytest.mark.parametrize(("first", "second", "unreachable"), [
    ({"min": 90}, {"above": 90}, True),
    ({"above": 90}, {"min": 90}, False),  # 90 itself still reaches the second step
    ({"above": 90}, {"above": 90}, True),
    ({"min": 90}, {"min": 90}, True),
    ({"max": 10}, {"below": 10}, True),
    ({"below": 10}, {"max": 10}, False),
    ({"below": 10}, {"below": 5}, True),
    ({"min": 50}, {"max": 40}, False),
])
def test_threshold_covering_at_equal_bounds(first: dict[str, float], second: dict[str, float],
                                            unreachable: bool) -> None:
    r = rule(type="threshold", steps=[{**first, "points": 1}, {**second, "points": 1}])
    assert bool(r.problems(5)) is unreachable


def test_threshold_step_points_above_max() -> None:
    r = rule(type="threshold", steps=[{"above": 90, "points": 40}, {"min": 70, "points": 15}])
    assert said(r.problems(30)) == [
        (("steps", 0, "points"), "step 1 earns 40, outside 0..30 (the leaf's max)")]


def test_threshold_else_above_max() -> None:
    r = rule(type="threshold", steps=[{"min": 1, "points": 1}], **{"else": 6})
    assert said(r.problems(5)) == [(("else",), "else: 6, outside 0..5 (the leaf's max)")]


def test_choice_points_above_max() -> None:
    r = rule(type="choice", options={"Tốt": 25, "Khá": 15})
    assert said(r.problems(20)) == [
        (("options", "Tốt"), "option 'Tốt' earns 25, outside 0..20 (the leaf's max)")]


def test_choice_labels_differing_only_in_case() -> None:
    r = rule(type="choice", options={"Tốt": 20, "TỐT": 10})
    assert said(r.problems(20)) == [
        (("options", "TỐT"), "options 'Tốt' and 'TỐT' differ only in case; keep one")]


def test_yes_above_max_and_negative_no() -> None:
    assert said(rule(type="yes_no", yes=6).problems(5)) == [
        (("yes",), "yes: 6, outside 0..5 (the leaf's max)")]
    assert said(rule(type="yes_no", no=-1).problems(5)) == [
        (("no",), "no: -1, outside 0..5 (the leaf's max)")]


def test_count_rule_points_above_max() -> None:
    assert said(rule(type="per_item", points=3).problems(2)) == [
        (("points",), "one item earns 3, more than the max 2")]
    assert said(rule(type="deduction", points=2.5).problems(2)) == [
        (("points",), "one violation deducts 2.5, more than the max 2")]


def test_linear_equal_ends() -> None:
    r = rule(type="linear", **{"from": 5, "to": 5})
    assert isinstance(r, LinearRule)
    assert said(r.problems(4)) == [
        (("to",), "from and to are equal; make them the values earning 0 and the max")]
    assert run(r, [1, 5, 9], 4)[0] == [0, 0, 0]


def test_threshold_rule_type() -> None:
    assert isinstance(rule(type="threshold", steps=[{"min": 0, "points": 0}]), ThresholdRule)
    assert isinstance(rule(type="choice", options={"a": 1}), ChoiceRule)


# --- what the engine and the template ask of a rule -------------------------------------------

def test_not_applicable_cells_except_a_choice_s_own_labels() -> None:
    cells = ["KAD", "Không áp dụng", "có", None]
    assert rule(type="yes_no").not_applicable(Values.of(cells)).tolist() == [
        True, True, False, False]
    choice = rule(type="choice", options={"Đạt": 2, "Không áp dụng": 1})
    assert choice.not_applicable(Values.of(cells)).tolist() == [True, False, False, False]


def test_points_caps_a_self_value_above_the_max_and_says_where() -> None:
    capped, over = rule(type="points").cap_self_values(Values.of([3, 12, "x", 10]), 10)
    assert over.tolist() == [False, True, False, False]
    assert run(rule(type="points"), list(capped.raw), 10) == (
        [3, 10, 0, 10], [None, None, not_a_number("x", "the points awarded"), None])
    values = Values.of([30, 2])
    same, none = rule(type="per_item", points=1).cap_self_values(values, 10)
    assert same is values and not none.any()


def test_template_validation_per_rule() -> None:
    lists: list[list[str]] = []

    def source(options: list[str]) -> str:
        lists.append(options)
        return f"=lists!$A$1:$A${len(options)}"

    assert rule(type="yes_no").validation(5, source) == {
        "validate": "list", "source": "=lists!$A$1:$A$3"}
    assert rule(type="choice", options={"Tốt": 2, "Khá": 1}).validation(2, source)["validate"] \
        == "list"
    assert lists == [["Có", "Không", "KAD"], ["Tốt", "Khá", "KAD"]]
    assert rule(type="points").validation(7.5, source) == {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 7.5}
    for count in (rule(type="per_item", points=1), rule(type="deduction", points=1)):
        assert count.validation(5, source) == {"validate": "integer", "criteria": ">=",
                                               "value": 0}
    assert rule(type="linear", **{"from": 0, "to": 1}).validation(5, source) == {
        "validate": "any"}
    assert rule(type="survey", questions=["Q1"], answers="abcd").validation(5, source) is None


def test_survey_rule_names_its_scale_and_is_the_only_survey_rule() -> None:
    named = rule(type="survey", questions=["Q1"], answers="abcd")
    assert named.is_survey and named.scale_names() == [(("answers",), "abcd")]
    assert rule(type="survey", questions=["Q1"], answers={"A": 1}).scale_names() == []
    assert not rule(type="points").is_survey and rule(type="points").scale_names() == []


def test_a_choice_prompt_says_choose() -> None:
    choice = rule(type="choice", options={"Tốt": 2})
    assert str(choice.prompt(2)) == "Choose: Tốt: 2"
    with using("vi"):
        assert str(choice.prompt(2)) == "Chọn: Tốt: 2"
    assert rule(type="yes_no").prompt(3) == rule(type="yes_no").describe(3)


# --- describe(max): the rule in words, one language at a time ----------------------------------

DESCRIBED = [
    (PointsRule(), 20, "points awarded, 0 to 20", "điểm thẩm định 0–20"),
    (rule(type="yes_no", no=1), 10, "yes 10, no 1", "Có 10 / Không 1"),
    (rule(type="choice", options={"Tốt": 2, "Khá": 1}), 2, "Tốt: 2; Khá: 1", "Tốt: 2; Khá: 1"),
    (rule(type="threshold", steps=[{"above": 90, "points": 30}, {"min": 70, "points": 15}]), 30,
     "> 90: 30; ≥ 70: 15; else: 0", "> 90: 30; ≥ 70: 15; còn lại: 0"),
    (rule(type="linear", **{"from": 0, "to": 100}), 1.5,
     "linear from 0 (0 points) to 100 (1.5 points)",
     "tuyến tính từ 0 (0 điểm) đến 100 (1.5 điểm)"),
    (rule(type="per_item", points=0.5), 2, "0.5 per item, at most 2",
     "0.5 điểm mỗi mục, tối đa 2"),
    (rule(type="deduction", points=1), 3, "3 less 1 per violation",
     "tối đa 3, trừ 1 điểm mỗi vi phạm"),
    (rule(type="survey", questions=["Q1", "Q2"], answers="abcd"), 20,
     "survey: questions Q1, Q2; scale abcd", "điều tra XHH: câu Q1, Q2; thang abcd"),
    (rule(type="survey", questions=["Q1"], answers={"A": 1}, groups={"dân": 2, "DN": 1}), 20,
     "survey: questions Q1; scale inline; weights dân 2, DN 1",
     "điều tra XHH: câu Q1; thang ghi kèm; trọng số dân 2, DN 1"),
]


@pytest.mark.parametrize(("r", "maximum", "in_english", "in_vietnamese"), DESCRIBED,
                         ids=[d[0].type for d in DESCRIBED])
def test_describe_says_the_rule_in_one_language(r: Any, maximum: float, in_english: str,
                                                in_vietnamese: str) -> None:
    words = r.describe(maximum)
    assert str(words) == in_english
    with using("vi"):
        assert str(words) == in_vietnamese
