"""The workbook reader's messages: near misses named ("did you mean …?"), a renamed scores
sheet explained, repeated problems grouped into one line, and the messages in Vietnamese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parcalc.errors import Location, WorkbookError
from parcalc.i18n import msg, using
from parcalc.workbook import missing_scores, read_workbook, read_workbooks
from parcalc.workbook.guess import closest, plain
from tests.support import tiny_sheets, write_workbook


def problems(path: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        read_workbooks([path], **kwargs)
    return [str(p).replace(f"{path.parent}/", "") for p in info.value.problems]


def book(tmp_path: Path, **sheets: Any) -> Path:
    return write_workbook(tmp_path / "w.xlsx", sheets)


# --- closest names ------------------------------------------------------------------------------

def test_plain_drops_case_spaces_underscores_and_tones() -> None:
    assert plain("Điểm thẩm  định") == plain("diem_tham_dinh") == "diemthamdinh"


@pytest.mark.parametrize(("expected", "found", "near"), [
    (["units", "Đơn vị"], ["scores", "Don vi"], "Don vi"),  # typed without tones
    (["units", "Đơn vị"], ["scores", "unit"], "unit"),
    (["scores", "Điểm", "Chấm điểm", "Thẩm định"], ["units", "Bảng điểm", "survey"], "Bảng điểm"),
    (["value", "Điểm thẩm định"], ["Ghi chú", "valeu"], "valeu"),
    (["scores", "Điểm"], ["units", "survey", "adjustments"], None),
    (["unit_id"], [], None),
])
def test_closest(expected: list[str], found: list[str], near: str | None) -> None:
    assert closest(expected, found) == near


# --- a missing column ---------------------------------------------------------------------------

def test_a_missing_column_names_the_header_it_looks_like(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [["unit_id", "criterion_id", "Điểm tự đánh giá", "Điểm thẩm đinh"],
                        *sheets["scores"][1:]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › scores!A1: missing column 'value' in sheet 'scores' (Vietnamese: Điểm thẩm "
        "định / Giá trị thẩm định / Thẩm định); add it to the header row; did you mean 'Điểm "
        "thẩm đinh'?"]


def test_a_missing_column_names_no_header_taken_by_another_column(tmp_path: Path) -> None:
    """'self_value' is like 'value', but it is a column of its own: no suggestion."""
    sheets = tiny_sheets()
    sheets["scores"] = [["unit_id", "criterion_id", "self_value", "ghi chú"],
                        *sheets["scores"][1:]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › scores!A1: missing column 'value' in sheet 'scores' (Vietnamese: Điểm thẩm "
        "định / Giá trị thẩm định / Thẩm định); add it to the header row"]


def test_a_missing_column_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [["unit_id", "criterion_id", "Điểm thẩm đinh"], *sheets["scores"][1:]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › scores!A1: thiếu cột 'value' trong trang tính 'scores' (tên tiếng Việt: Điểm "
        "thẩm định / Giá trị thẩm định / Thẩm định); thêm cột này vào dòng tiêu đề; có phải ý "
        "bạn là 'Điểm thẩm đinh'?"]


def test_a_form_without_its_value_column_names_the_header_it_looks_like(
        tmp_path: Path) -> None:
    sheets = tiny_sheets()
    del sheets["scores"]
    sheets["U1"] = [["STT", "Tiêu chí", "Điểm tự đánh giá", "Điểm thẩm dinh"], ["1.1", "x", 1, 1]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › U1!A1: missing column 'value' in sheet 'U1' (Vietnamese: Điểm thẩm định / Giá "
        "trị thẩm định / Thẩm định); add it to the header row; did you mean 'Điểm thẩm dinh'?"]


# --- sheets -------------------------------------------------------------------------------------

def test_a_missing_units_sheet_names_the_sheet_it_looks_like(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["Don vi"] = sheets.pop("units")
    assert problems(book(tmp_path, **sheets))[0] == (
        "w.xlsx: no sheet named 'units' (or 'Đơn vị'); add one with a unit_id column. Sheets "
        "found: scores, survey, adjustments, Don vi; did you mean 'Don vi'? Rename it 'units'")


def test_a_missing_units_sheet_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    sheets = tiny_sheets()
    sheets["unit"] = sheets.pop("units")
    assert problems(book(tmp_path, **sheets))[0] == (
        "w.xlsx: không có trang tính tên 'units' (hoặc 'Đơn vị'); thêm trang tính này với cột "
        "unit_id. Các trang tính có trong tệp: scores, survey, adjustments, unit; có phải ý bạn "
        "là 'unit'? Đổi tên trang tính này thành 'units'")


def renamed_scores(tmp_path: Path, name: str) -> Path:
    sheets = tiny_sheets()
    return book(tmp_path, units=sheets["units"], **{name: sheets["scores"]},
                survey=sheets["survey"])


def test_every_sheet_name_of_every_file_in_order(tmp_path: Path) -> None:
    path = renamed_scores(tmp_path, "Bảng điểm")
    assert read_workbook(path).sheet_names == {str(path): ["units", "Bảng điểm", "survey"]}


def test_a_renamed_scores_sheet_is_not_read_as_a_form(tmp_path: Path) -> None:
    """It has a unit_id column: a long scores sheet under another name, not a unit's form."""
    workbook = read_workbook(renamed_scores(tmp_path, "Bảng điểm"))
    assert workbook.scores is None
    assert [str(n) for n in workbook.notes] == [
        f"{tmp_path}/w.xlsx: no scores (units, survey, adjustments or settings only)"]


def test_missing_scores_names_the_sheets_found_and_expected(tmp_path: Path) -> None:
    problem = missing_scores(read_workbook(renamed_scores(tmp_path, "Bảng điểm")))
    assert problem.location == Location(str(tmp_path / "w.xlsx"))
    assert problem.message == (
        "no sheet named 'scores' (or 'Điểm') and no inspection form sheets; sheets found: "
        "units, Bảng điểm, survey; expected one of: scores, Điểm, Chấm điểm, Thẩm định; or "
        "inspection form sheets; did you mean 'Bảng điểm'? Rename it 'scores'")
    assert problem.msg == msg(
        "workbook.no_scores_sheet", found="units, Bảng điểm, survey",
        expected="scores, Điểm, Chấm điểm, Thẩm định",
        suggestion=msg("workbook.rename_sheet", name="Bảng điểm", expected="scores"))
    with using("vi"):
        assert problem.message == (
            "không có trang tính tên 'scores' (hoặc 'Điểm') và không có trang tính phiếu chấm "
            "điểm nào; các trang tính có trong tệp: units, Bảng điểm, survey; tên trang tính "
            "cần là một trong: scores, Điểm, Chấm điểm, Thẩm định; hoặc dùng các trang tính "
            "phiếu chấm điểm; có phải ý bạn là 'Bảng điểm'? Đổi tên trang tính này thành "
            "'scores'")


def test_missing_scores_without_a_close_name_says_to_add_the_sheet(tmp_path: Path) -> None:
    """No sheet is named like a scores sheet (the units and survey sheets are not candidates)."""
    problem = missing_scores(read_workbook(renamed_scores(tmp_path, "Trang 2")))
    assert problem.message.endswith(
        "; expected one of: scores, Điểm, Chấm điểm, Thẩm định; or inspection form sheets; add "
        "a scores sheet with unit_id, criterion_id and value columns")


# --- units in a matrix and a form ---------------------------------------------------------------

def test_a_matrix_column_that_is_no_unit_names_the_unit_it_looks_like(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [["criterion_id", "U1", "U2", "So Tai chinh 2"], ["1.1", "có", "có", "có"]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › scores!D1: column 'So Tai chinh 2' is not a unit id or name from the units "
        "sheet; fix the header or add the unit; did you mean 'Sở Tài chính'?"]


def test_a_form_naming_no_unit_names_the_unit_it_looks_like(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    del sheets["scores"]
    sheets["U11"] = [["STT", "Điểm thẩm định"], ["1.1", "có"]]
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › U11!A1: sheet 'U11' looks like an inspection form but names no unit; name the "
        "sheet after the unit id, add a 'sheet' column to the units sheet, or write 'Đơn vị: "
        "<name>' above the header; did you mean 'U1'?"]


# --- repeated problems: one line ----------------------------------------------------------------

def test_formulas_without_a_saved_result_over_many_rows_are_one_line(tmp_path: Path) -> None:
    """openpyxl writes formulas without results; each row's problem is the same message."""
    sheets = tiny_sheets()
    sheets["scores"] = [["unit_id", "criterion_id", "value"],
                        *(["U1", "2.1", f"={k}+1"] for k in range(500))]
    path = book(tmp_path, **sheets)
    assert problems(path) == [
        "w.xlsx › scores!C2, C3, C4 … (500 rows): formulas with no saved result (the file was "
        "written by a program and never opened in a spreadsheet); open it in Excel or "
        "LibreOffice and save it"]
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    with using("vi"):  # a message is put into words when shown
        assert str(info.value).endswith(
            "scores!C2, C3, C4 … (500 dòng): công thức chưa có kết quả được lưu (tệp do một "
            "chương trình tạo ra và chưa từng được mở bằng phần mềm bảng tính); mở tệp bằng "
            "Excel hoặc LibreOffice và lưu lại")


def test_one_formula_without_a_saved_result_names_it(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"][3][3] = "=10+8.5"
    assert problems(book(tmp_path, **sheets)) == [
        "w.xlsx › scores!D4: formula =10+8.5 has no saved result (the file was written by a "
        "program and never opened in a spreadsheet); open it in Excel or LibreOffice and save it"]


# --- refusals before reading, in Vietnamese -----------------------------------------------------

def test_a_text_file_named_xlsx_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    path = tmp_path / "w.xlsx"
    path.write_text("unit_id,name\nU1,Sở Nội vụ\n", encoding="utf-8")
    assert problems(path) == [
        "w.xlsx: tệp văn bản (CSV?), không phải tệp bảng tính dạng .xlsx, .xlsm, .xls hay .ods; "
        "mở tệp bằng phần mềm bảng tính và lưu lại dạng .xlsx"]
