"""Messages of criteria files and rules that guess, and say it in the language in use.

A mistyped key, rule type or shipped set id gets "did you mean …?"; a tab in the indentation
and a boolean where text was meant are named as such; every message comes from the catalogue,
so the same problem reads in Vietnamese (the default) and in English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from parcalc.criteria.invalid import SAID_KINDS
from parcalc.criteria.load import check_criteria
from parcalc.criteria.shipped import resolve_criteria
from parcalc.errors import UsageError
from parcalc.i18n import Msg, catalogue, using
from parcalc.rulebase import errors_for
from parcalc.rules import ChoiceRule, PointsRule, YesNoRule
from parcalc.values import Values
from tests.support import invoke

MakeFile = Callable[..., Path]

BASE = """\
parcalc: 1
id: base
title: Base
domains:
  - id: "1"
    title: D1
    max: 100
    rule: yes_no
"""

TOP_KEYS = ("parcalc, id, title, year, precision, ties, not_applicable, bands, answers, "
            "adjustments, domains")
TYPES = "points, yes_no, choice, threshold, linear, per_item, deduction, survey"


def said(path: Path) -> list[str]:
    """Every problem of a criteria file as one line, in the language in use."""
    return [str(p) for p in check_criteria(path)[1]]


# --- did you mean … --------------------------------------------------------------------------

def test_a_mistyped_key_names_the_closest_allowed_key(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: Base\n", "title: Base\nprecison: 1\n"))
    assert said(path) == [
        f"{path}:4:1: unknown key 'precison'; did you mean 'precision'? allowed here: "
        f"{TOP_KEYS}"]


def test_a_mistyped_key_in_vietnamese(criteria_file: MakeFile, vietnamese: None) -> None:
    path = criteria_file(BASE.replace("title: Base\n", "title: Base\nprecison: 1\n"))
    assert said(path) == [
        f"{path}:4:1: khóa 'precison' không hợp lệ; có phải ý bạn là 'precision'? các khóa "
        f"dùng được ở đây: {TOP_KEYS}"]


def test_a_key_like_none_allowed_lists_them_only(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("    max: 100\n", "    max: 100\n    colour: red\n"))
    assert said(path) == [
        f"{path}:8:5: unknown key 'colour'; allowed here: id, title, max, criteria, rule, note, "
        "guide"]


@pytest.mark.parametrize(("typed", "meant", "where"), [
    ("rule: yesno", "yes_no", "8:11"),
    ("rule: {type: treshold, steps: [{min: 1, points: 1}]}", "threshold", "8:18"),
    ("rule: {type: per-item, points: 1}", "per_item", "8:18"),
])
def test_a_mistyped_rule_type_names_the_closest_type(criteria_file: MakeFile, typed: str,
                                                     meant: str, where: str) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", typed))
    wrong = typed.split("type: ")[-1].split(",")[0] if "type:" in typed else "yesno"
    assert said(path) == [
        f"{path}:{where}: unknown rule type {wrong!r}; did you mean {meant!r}? use one of: "
        f"{TYPES}"]


def test_a_rule_type_like_none_lists_them_only(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: magic}"))
    assert said(path) == [f"{path}:8:18: unknown rule type 'magic'; use one of: {TYPES}"]


def test_a_mistyped_rule_type_in_vietnamese(criteria_file: MakeFile, vietnamese: None) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: yesno"))
    assert said(path) == [
        f"{path}:8:11: không có loại quy tắc 'yesno'; có phải ý bạn là 'yes_no'? dùng một "
        f"trong: {TYPES}"]


def _shipped_ids() -> str:
    from parcalc.criteria.shipped import shipped_ids

    return ", ".join(shipped_ids())


def test_a_mistyped_shipped_set_names_the_closest_id() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_criteria("hanoi-departmnts")
    assert str(caught.value) == (
        "criteria 'hanoi-departmnts' is neither a file nor a shipped set; did you mean "
        f"'hanoi-departments'? give a path to a .yaml file or one of: {_shipped_ids()}")


@pytest.mark.parametrize(("typed", "meant"), [
    ("Province-2017", "province-2017"),          # another case
    ("hanoi-districts.yaml", "hanoi-districts"),  # the file name of a shipped set
])
def test_a_shipped_set_named_almost_right(typed: str, meant: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_criteria(typed, tmp_path)
    assert str(caught.value) == (
        f"criteria {typed!r} is neither a file (looked in {tmp_path}) nor a shipped set; "
        f"did you mean {meant!r}? give a path to a .yaml file or one of: {_shipped_ids()}")


def test_a_path_is_not_taken_for_a_shipped_set() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_criteria("sets/hanoi-departmnts.yaml")
    assert "did you mean" not in str(caught.value)


def test_a_mistyped_shipped_set_on_the_command_line_in_vietnamese(here: Path,
                                                                  vietnamese: None) -> None:
    code, _out, err = invoke("score", "tiny.xlsx", "--criteria", "hanoi-departmnts")
    assert code == 2
    assert (
        "bộ tiêu chí 'hanoi-departmnts' không phải tệp cũng không phải bộ tiêu chí có sẵn; "
        "có phải ý bạn là 'hanoi-departments'? ghi đường dẫn tới một tệp .yaml hoặc một "
        f"trong: {_shipped_ids()}") in err


# --- a tab in the indentation; a boolean where text was meant ---------------------------------

@pytest.mark.parametrize(("text", "line", "column"), [
    (BASE.replace("    title: D1", "\ttitle: D1"), 6, 1),
    (BASE.replace("    title: D1", "  \ttitle: D1"), 6, 3),
    (BASE.replace("  - id: \"1\"", "\t- id: \"1\""), 5, 1),
    (BASE.replace("    max: 100\n", "    max: 100\n \tnote: x\n"), 8, 2),
])
def test_a_tab_in_the_indentation_is_named(criteria_file: MakeFile, text: str, line: int,
                                           column: int) -> None:
    path = criteria_file(text)
    assert said(path) == [
        f"{path}:{line}:{column}: a tab character in the indentation (line {line}, column "
        f"{column}); indent with spaces"]


def test_a_tab_in_vietnamese(criteria_file: MakeFile, vietnamese: None) -> None:
    path = criteria_file(BASE.replace("    title: D1", "\ttitle: D1"))
    assert said(path) == [
        f"{path}:6:1: có ký tự tab trong phần thụt lề (dòng 6, cột 1); thụt lề bằng dấu cách"]


def test_a_tab_inside_a_flow_list_is_fine(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: choice, options:\n"
                                                      "\t{A: 100, B: 0}}"))
    assert said(path) == []


def test_other_syntax_errors_stay_syntax_errors(criteria_file: MakeFile) -> None:
    (problem,) = check_criteria(criteria_file(BASE.replace("max: 100", "max: [100")))[1]
    assert problem.message.startswith("YAML syntax error: ")


@pytest.mark.parametrize(("where", "raw"), [("set", "true"), ("set", "false"),
                                            ("node", "true"), ("node", "False")])
def test_an_id_read_as_a_boolean(criteria_file: MakeFile, where: str, raw: str) -> None:
    text = BASE.replace("id: base", f"id: {raw}") if where == "set" else BASE.replace(
        'id: "1"', f"id: {raw}")
    path = criteria_file(text)
    line, column = (2, 5) if where == "set" else (5, 9)
    assert said(path) == [
        f'{path}:{line}:{column}: id {raw} is read as a boolean (true/false); quote it: '
        f'id: "{raw}"']


def test_an_id_read_as_a_boolean_in_vietnamese(criteria_file: MakeFile,
                                               vietnamese: None) -> None:
    path = criteria_file(BASE.replace('id: "1"', "id: true"))
    assert said(path) == [
        f'{path}:5:9: id true được đọc là giá trị đúng/sai (true/false); đặt trong dấu nháy: '
        'id: "true"']


def test_a_title_read_as_a_number(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: D1", "title: 2021"))
    assert said(path) == [f'{path}:6:12: title 2021 is read as a number; quote it: '
                          'title: "2021"']


# --- everything else in the language in use ---------------------------------------------------

def test_a_bound_not_met_in_both_languages(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("max: 100", "max: -1"))
    (problem,) = check_criteria(path)[1]
    assert problem.message == "domains.0.max: Input should be greater than or equal to 0 " \
                              "(found -1)"
    with using("vi"):
        assert problem.message == "domains.0.max: giá trị phải lớn hơn hoặc bằng 0 (giá trị: -1)"


def test_a_step_without_one_bound_in_vietnamese(criteria_file: MakeFile,
                                                vietnamese: None) -> None:
    rule = "rule: {type: threshold, steps: [{min: 1, max: 3, points: 1}]}"
    (problem,) = check_criteria(criteria_file(BASE.replace("rule: yes_no", rule)))[1]
    assert problem.message == (
        "domains.0.rule.steps.0: mỗi bước cần đúng một trong min (≥), above (>), max (≤), "
        "below (<); bước này đang có min, max")


def test_check_in_vietnamese(criteria_file: MakeFile, vietnamese: None) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: yes_no, yes: 120}"))
    code, out, _err = invoke("check", path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:8:31: '1': yes: 120, nằm ngoài 0..100 (điểm tối đa của tiêu chí)"]


def test_every_pydantic_error_said_has_its_text() -> None:
    for lang in ("en", "vi"):
        keys = catalogue(lang)
        assert [k for k in sorted(SAID_KINDS) if f"criteria.schema.{k}" not in keys] == []


# --- what a rule's score() gives the engine ---------------------------------------------------

def test_cell_errors_are_messages_one_per_distinct_value() -> None:
    _, errors = PointsRule().score(Values.of(["abc", 3, "abc", "xyz", "abc", -2]), 10)
    assert all(e is None or isinstance(e, Msg) for e in errors)
    assert errors[0] is errors[2] is errors[4]  # one message object for the three 'abc'
    assert [None if e is None else str(e) for e in errors] == [
        "'abc' is not a number; enter the points awarded (a decimal comma or a % sign is fine)",
        None,
        "'abc' is not a number; enter the points awarded (a decimal comma or a % sign is fine)",
        "'xyz' is not a number; enter the points awarded (a decimal comma or a % sign is fine)",
        "'abc' is not a number; enter the points awarded (a decimal comma or a % sign is fine)",
        "-2 points is outside 0..10; enter points between 0 and the max",
    ]


def test_cell_errors_in_vietnamese(vietnamese: None) -> None:
    _, errors = YesNoRule().score(Values.of(["có", "hmm"]), 5)
    assert [None if e is None else str(e) for e in errors] == [
        None, "'hmm' không phải có hay không; nhập có/không (hoặc yes/no, 1/0, x, đạt/không đạt)"]
    _, errors = ChoiceRule(options={"Tốt": 2, "Khá": 1}).score(Values.of(["Kém"]), 2)
    assert str(errors[0]) == "'Kém' không thuộc các phương án; nhập một trong: Tốt, Khá"
    _, errors = PointsRule().score(Values.of(["nhiều"]), 5)
    assert str(errors[0]) == ("'nhiều' không phải là số; nhập điểm thẩm định (dùng dấu phẩy "
                              "thập phân hay dấu % đều được)")


def test_errors_for_makes_each_message_once() -> None:
    made: list[object] = []

    def make(value: object) -> str:
        made.append(value)
        return f"bad {value}"

    cells = np.array(["a", "b", "a", "a", "b"] * 1000, dtype=object)
    errors = errors_for(cells, make)
    assert made == ["a", "b"]
    assert errors[:3].tolist() == ["bad a", "bad b", "bad a"] and len(errors) == 5000
    assert errors_for(np.array([], dtype=object), make).tolist() == []
