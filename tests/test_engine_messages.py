"""The engine's messages: one line for a problem repeated over many rows, a guess where one
is close, each at its own cells, and in the language in use."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.criteria.load import load_criteria
from parcalc.engine import score
from parcalc.errors import WorkbookError
from parcalc.i18n import msg, using
from parcalc.results import Results
from parcalc.workbook import read_workbook
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

EXAMPLE = Path(__file__).parents[1] / "examples" / "2021.xlsx"


def run(tmp_path: Path, sheets: dict[str, Any], criteria: str = TINY_CRITERIA,
        **kwargs: Any) -> Results:
    crit = tmp_path / "c.yaml"
    crit.write_text(criteria, encoding="utf-8")
    book = write_workbook(tmp_path / "w.xlsx", sheets)
    return score(read_workbook(book), load_criteria(crit), **kwargs)


def problems(tmp_path: Path, sheets: dict[str, Any], criteria: str = TINY_CRITERIA,
             **kwargs: Any) -> list[str]:
    with pytest.raises(WorkbookError) as err:
        run(tmp_path, sheets, criteria, **kwargs)
    return [str(p).replace(f"{tmp_path}/", "") for p in err.value.problems]


def warnings(tmp_path: Path, sheets: dict[str, Any], **kwargs: Any) -> list[str]:
    return [str(w).replace(f"{tmp_path}/", "") for w in run(tmp_path, sheets, **kwargs).warnings]


# --- a mistyped unit id -----------------------------------------------------------------------

def test_a_unit_id_mistyped_in_the_units_sheet_is_one_line_naming_the_count(
        tmp_path: Path) -> None:
    """The contract: the example with SNV typed SNV1 in its units sheet; criteria from its
    settings sheet (shipped ids)."""
    book = openpyxl.load_workbook(EXAMPLE)
    assert book["units"]["A2"].value == "SNV"
    book["units"]["A2"] = "SNV1"
    path = tmp_path / "2021.xlsx"
    book.save(path)
    code, _out, err = invoke("score", path)
    assert code == 1
    about = [line for line in err.splitlines() if "SNV" in line]
    assert about == [f"{path} › scores!A2, A3, A4 … (103 rows): unknown unit id 'SNV'; add it "
                     "to the units sheet or fix the id; did you mean 'SNV1'?"]
    assert len(err.splitlines()) <= 3


def test_an_unknown_unit_is_one_message_in_every_sheet(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["units"][1][0] = "U1x"  # 4 scores rows, 2 survey rows, 1 adjustment name U1
    assert problems(tmp_path, sheets) == [
        "w.xlsx › scores!A2, A3, A4 … (7 rows): unknown unit id 'U1'; add it to the units "
        "sheet or fix the id; did you mean 'U1x'?"]


def test_a_unit_name_in_the_unit_id_column_suggests_its_id(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["scores"][1][0] = "sở nội vụ"
    assert problems(tmp_path, sheets) == [
        "w.xlsx › scores!A2: unknown unit id 'sở nội vụ'; add it to the units sheet or fix the "
        "id; did you mean 'U1'?"]


def test_nothing_is_guessed_when_nothing_is_close(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["adjustments"].append(["ZZZZZ", "bonus", 1])
    assert problems(tmp_path, sheets) == [
        "w.xlsx › adjustments!A4: unknown unit id 'ZZZZZ'; add it to the units sheet or fix "
        "the id"]


def test_a_blank_unit_id_is_the_same_message_in_every_sheet(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["scores"].append([None, "1.1", None, "có"])
    sheets["adjustments"].append([None, "bonus", 1])
    assert problems(tmp_path, sheets) == [
        "w.xlsx › scores!A14, adjustments!A4: no unit id; fill in the unit_id or delete the row"]


# --- a mistyped criterion id ------------------------------------------------------------------

def test_an_unknown_criterion_suggests_the_closest_id_of_its_set(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["scores"] += [["U1", "2.22", None, 5], ["H1", "2.22", None, 5]]
    assert problems(tmp_path, sheets) == [
        "w.xlsx › scores!B14, B15: unknown criterion id '2.22' (not in criteria set tiny); fix "
        "the id — ids such as 1.10 must be stored as text; did you mean '2.2'?"]


# --- 1.10 read as 1.1 -------------------------------------------------------------------------

TEN_CRITERIA = """\
parcalc: 1
id: ten
title: Ten
domains:
  - id: "1"
    title: D
    max: 20
    criteria:
      - {id: "1.1", title: a, max: 10}
      - {id: "1.10", title: b, max: 10}
  - {id: "2", title: E, max: 10}
"""


def test_a_number_id_that_is_two_ids_of_the_set_is_its_own_error(tmp_path: Path) -> None:
    """1.10 typed in a General cell is the number 1.1: every such row is told so, never
    "second row … keep one row" (which would delete 1.10's data)."""
    sheets = {"units": [["unit_id"], ["U"], ["V"]],
              "scores": [["unit_id", "criterion_id", "value"],
                         ["U", 1.1, 5], ["U", 1.1, 7], ["U", 2, 10],
                         ["V", "1.1", 5], ["V", "1.10", 7], ["V", 2.0, 10]]}
    lines = problems(tmp_path, sheets, TEN_CRITERIA)
    assert lines == [
        "w.xlsx › scores!B2, B3: the cell holds the number 1.1; criteria set ten has both "
        "'1.1' and '1.10'; store the id as text (type '1.10 or format the column as Text)"]


def test_ids_stored_as_text_score_where_the_set_has_1_1_and_1_10(tmp_path: Path) -> None:
    sheets = {"units": [["unit_id"], ["V"]],
              "scores": [["unit_id", "criterion_id", "value"],
                         ["V", "1.1", 5], ["V", "1.10", 7], ["V", 2, 10]]}
    results = run(tmp_path, sheets, TEN_CRITERIA)
    assert results.unit_records()[0]["points"] == 22.0


# --- blank values -----------------------------------------------------------------------------

def test_a_blank_value_is_located_at_its_cell(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["scores"][5][3] = None  # U2 1.1: a row with a blank value
    sheets["scores"] = [r for r in sheets["scores"] if r[:2] != ["U2", "2.2"]]  # no row
    assert warnings(tmp_path, sheets) == [
        "w.xlsx › units!A3: warning: unit 'U2' has no value for 1 criterion, scored 0: 2.2; "
        "fill in their values (--strict makes this an error)",
        "w.xlsx › scores!D6: warning: unit 'U2' has no value for 1 criterion, scored 0: 1.1; "
        "fill in their values (--strict makes this an error)"]


def test_several_blank_values_of_a_unit_are_one_line_at_their_cells(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    for row in sheets["scores"][5:9]:  # every value of U2
        row[3] = None
    assert warnings(tmp_path, sheets) == [
        "w.xlsx › scores!D6, D7, D8 … (4 rows): warning: unit 'U2' has no value for 4 criteria, "
        "scored 0: 1.1, 1.2, 2.1, 2.2; fill in their values (--strict makes this an error)"]
    assert problems(tmp_path, sheets, strict=True) == [
        "w.xlsx › scores!D6, D7, D8 … (4 rows): unit 'U2' has no value for 4 criteria, scored "
        "0: 1.1, 1.2, 2.1, 2.2; fill in their values"]


# --- nothing entered --------------------------------------------------------------------------

def test_a_blank_filled_in_template_scores_with_one_warning(
        here: Path, tiny_criteria: Path) -> None:
    Path("units.csv").write_text("unit_id,name,group\nU1,Sở Nội vụ,Sở\nH1,Huyện Ba Vì,Huyện\n",
                                 encoding="utf-8")
    code, _out, err = invoke("template", tiny_criteria, "--units", "units.csv", "-o", "t.xlsx")
    assert code == 0, err
    code, _out, err = invoke("score", "t.xlsx")
    assert code == 0
    assert err.splitlines() == [
        "t.xlsx › scores!F1: warning: no values entered: every value cell of the scores is "
        "blank (8 rows) and the survey sheet has no answers; fill in the value column and the "
        "survey answers — every unit scored 0 for its appraised criteria, its survey criteria "
        "treated as not applicable (--strict makes this an error)"]
    code, _out, err = invoke("score", "t.xlsx", "--strict")
    assert code == 1
    assert err.splitlines()[0].startswith("t.xlsx › scores!F1: no values entered: ")


def test_no_values_but_survey_answers_is_one_warning(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    for row in sheets["scores"][1:]:
        row[3] = None
    assert warnings(tmp_path, sheets) == [
        "w.xlsx › scores!D1: warning: no values entered: every value cell of the scores is "
        "blank (12 rows); fill in the value column — every unit scored 0 for its appraised "
        "criteria (--strict makes this an error)"]


def test_no_survey_answers_at_all_is_one_warning(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["survey"] = sheets["survey"][:1]
    assert warnings(tmp_path, sheets) == [
        "w.xlsx › survey!A1: warning: no survey answers entered: the survey sheet has no "
        "answers; fill it in — every unit's survey criteria are treated as not applicable "
        "(left out of its max)"]


# --- the rest ---------------------------------------------------------------------------------

def test_a_renamed_scores_sheet_lists_the_sheets_and_the_names_expected(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["Bảng điểm"] = sheets.pop("scores")
    assert problems(tmp_path, sheets) == [
        "w.xlsx: no sheet named 'scores' (or 'Điểm') and no inspection form sheets; sheets "
        "found: units, survey, adjustments, Bảng điểm; expected one of: scores, Điểm, Chấm "
        "điểm, Thẩm định; or inspection form sheets; did you mean 'Bảng điểm'? Rename it "
        "'scores'"]


def test_errors_past_the_limit_are_counted(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parcalc.engine.context.MAX_PROBLEMS", 2)
    sheets = copy.deepcopy(tiny_sheets())
    sheets["adjustments"] += [["X1", "bonus", 1], ["X2", "bonus", 1], ["X3", "bonus", 1]]
    assert problems(tmp_path, sheets)[-1] == (
        "w.xlsx: … and 1 more error not listed; is this the right workbook for these criteria?")


def test_a_rule_message_inside_the_criterion_is_in_the_same_language() -> None:
    inner = msg("engine.adjustment_not_number", points="x")
    outer = msg("engine.in_criterion", criterion="1.2", rule="threshold", error=inner)
    assert outer.text("en") == "criterion '1.2' (threshold): 'x' is not a number; enter the " \
        "points (≥ 0)"
    assert outer.text("vi") == "tiêu chí '1.2' (threshold): 'x' không phải là số; nhập số " \
        "điểm (≥ 0)"
    as_text = msg("engine.in_criterion", criterion="1.2", rule="threshold", error="as written")
    assert as_text.text("vi") == "tiêu chí '1.2' (threshold): as written"


def test_an_engine_error_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["units"][1][0] = "U1x"
    assert problems(tmp_path, sheets) == [
        "w.xlsx › scores!A2, A3, A4 … (7 dòng): mã đơn vị 'U1' không có trong trang tính units; "
        "thêm đơn vị này vào trang tính units hoặc sửa mã; có phải ý bạn là 'U1x'?"]


def test_a_blank_value_warning_in_vietnamese(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["scores"][5][3] = None
    with using("vi"):
        assert warnings(tmp_path, sheets) == [
            "w.xlsx › scores!D6: cảnh báo: đơn vị 'U2' chưa có giá trị cho 1 tiêu chí, tính 0 "
            "điểm: 1.1; điền giá trị cho các tiêu chí này (với --strict đây là lỗi)"]
