"""Every bad annex: one line on stderr naming its cell (or the table and row of a .docx, or
the file), exit 1; nothing written. Usage mistakes: exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support import invoke
from tests.support.annex import HEADER, annex_docx, annex_xlsx

GOOD: list[list[Any]] = [HEADER, ["1", "Chỉ đạo", 2, None],
                         ["1.1", "Kế hoạch", 1, "Đạt: 1\nKhông đạt: 0"],
                         ["1.2", "Báo cáo", 1, None]]


def _run(table: Path) -> tuple[int, list[str], Path]:
    out = table.with_name("out.yaml")
    code, stdout, err = invoke("criteria", "import", table, "-o", out)
    assert stdout == ""
    return code, err.splitlines(), out


def _one_error(table: Path, expected: str) -> None:
    code, lines, out = _run(table)
    assert (code, lines) == (1, [expected])
    assert not out.exists()


def test_no_maximum_column(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "a.xlsx", [["STT", "Tiêu chí", "Ghi chú"], ["1", "Chỉ đạo", ""]],
                       title=["PHỤ LỤC"])
    _one_error(table, f"{table} › Sheet1!B2: no maximum column: the header has the number and "
                      "title columns but none named Điểm tối đa, Điểm chuẩn or Điểm; add that "
                      "column")


def test_a_maximum_that_is_text(tmp_path: Path) -> None:
    rows = [*GOOD[:3], ["1.2", "Báo cáo", "một", None]]
    _one_error(annex_xlsx(tmp_path / "a.xlsx", rows),
               f"{tmp_path / 'a.xlsx'} › Sheet1!C4: the maximum 'một' is not a number; write "
               "the points, e.g. 0,5")


def test_duplicate_ids(tmp_path: Path) -> None:
    rows = [*GOOD, ["1.2", "Báo cáo lần hai", 1, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!A5: duplicate id '1.2' (printed '1.2'; first at "
                      f"{table} › Sheet1!A4); fix the number so that each row has its own")


def test_duplicate_ids_in_a_word_table(tmp_path: Path) -> None:
    rows = [HEADER, ["I", "Chỉ đạo", "2", None], ["1.", "Kế hoạch", "1", None],
            ["1.", "Báo cáo", "1", None]]
    table = annex_docx(tmp_path / "a.docx", rows)
    _one_error(table, f"{table} › table 1, row 4: duplicate id '1.1' (printed '1.'; first at "
                      f"{table} › table 1, row 3); fix the number so that each row has its own")


def test_a_leaf_without_maximum(tmp_path: Path) -> None:
    rows = [*GOOD[:3], ["1.2", "Báo cáo", None, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!C4: criterion '1.2' (printed '1.2') has no maximum; "
                      "write its points in the max column")


def test_a_guide_line_above_its_leafs_maximum(tmp_path: Path) -> None:
    rows = [*GOOD[:3], ["1.2", "Báo cáo", 1, None], [None, "- Đúng hạn", 1.5, None],
            [None, "- Chậm", 0.5, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!B5: a guide line of '1.2' gives 1.5 points, above its "
                      "maximum 1; fix the line or the maximum")


def test_a_per_item_line_above_its_leafs_maximum(tmp_path: Path) -> None:
    rows = [HEADER, ["1", "Văn bản", "1", "Mỗi văn bản: 2 điểm"]]
    table = annex_docx(tmp_path / "a.docx", rows)
    _one_error(table, f"{table} › table 1, row 2: a guide line of '1' gives 2 points, above its "
                      "maximum 1; fix the line or the maximum")


def test_a_number_with_no_row_above(tmp_path: Path) -> None:
    rows = [*GOOD, ["1.3.1", "Con", 1, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!A5: row '1.3.1' has no row numbered '1.3' above it; "
                      "fix the number or add the row")


def test_text_in_the_number_column(tmp_path: Path) -> None:
    rows = [*GOOD, ["Tiêu chí mới", "Con", 1, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!A5: 'Tiêu chí mới' is not a number (1, 1.1, II, a)); "
                      "fix the number, or move the text to the title column")


def test_a_word_file_with_no_matching_table(tmp_path: Path) -> None:
    table = annex_docx(tmp_path / "a.docx", [["Họ tên", "Chức vụ"], ["A", "B"]],
                       before=[[["Nơi nhận", "Ghi chú"]]])
    _one_error(table, f"{table}: none of its 2 tables has a header with the columns STT, Tiêu "
                      "chí and Điểm tối đa in its first 30 rows; add the header, or pick the "
                      "table with --sheet N")


def test_a_word_table_picked_by_number(tmp_path: Path) -> None:
    table = annex_docx(tmp_path / "a.docx", [[str(c) if c is not None else None for c in row]
                                             for row in GOOD], before=[[["Nơi nhận"]]])
    out = tmp_path / "c.yaml"
    assert invoke("criteria", "import", table, "--sheet", "2", "-o", out)[0] == 0
    code, _, err = invoke("criteria", "import", table, "--sheet", "3", "-o", out)
    assert (code, err.strip()) == (2, f"{table}: there is no table 3: the document has 2 "
                                      "tables; use --sheet 1 to 2")


@pytest.mark.parametrize("name", ["a.xlsx", "a.docx", "a.csv"])
def test_an_empty_file(tmp_path: Path, name: str) -> None:
    table = tmp_path / name
    table.write_bytes(b"")
    _one_error(table, f"{table}: the file is empty (0 bytes); save the annex again")


@pytest.mark.parametrize("suffix", [".doc", ".pdf"])
def test_doc_and_pdf_are_saved_as_docx_first(tmp_path: Path, suffix: str) -> None:
    table = tmp_path / f"phu-luc{suffix}"
    table.write_bytes(b"%PDF-1.4 whatever")
    _one_error(table, f"{table}: parcalc cannot read {suffix} files; open it in Word or Excel "
                      "and save it as .docx or .xlsx first")


def test_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    table = tmp_path / "a.docx"
    table.write_text("STT;Tiêu chí;Điểm tối đa\n", encoding="utf-8")
    code, lines, _ = _run(table)
    assert code == 1 and len(lines) == 1 and lines[0].startswith(
        f"{table}: not a readable Word file (")


def test_a_workbook_with_no_header(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "a.xlsx", [["Họ tên", "Chức vụ"], ["A", "B"]])
    _one_error(table, f"{table}: no header with the columns STT, Tiêu chí and Điểm tối đa in "
                      "the first 30 rows; add the header row above the table")


def test_every_error_at_once(tmp_path: Path) -> None:
    rows = [*GOOD[:2], ["1.1", "Kế hoạch", "nhiều", None], ["1.1", "Báo cáo", 1, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    code, lines, _ = _run(table)
    assert code == 1
    assert lines[:2] == [f"{table} › Sheet1!C3: the maximum 'nhiều' is not a number; write the "
                         "points, e.g. 0,5",
                         f"{table} › Sheet1!A4: duplicate id '1.1' (printed '1.1'; first at "
                         f"{table} › Sheet1!A3); fix the number so that each row has its own"]


def test_an_error_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    rows = [*GOOD[:3], ["1.2", "Báo cáo", None, None]]
    table = annex_xlsx(tmp_path / "a.xlsx", rows)
    _one_error(table, f"{table} › Sheet1!C4: tiêu chí '1.2' (số in '1.2') không có điểm tối "
                      "đa; ghi số điểm vào cột điểm tối đa")


# --- usage (exit 2) and the output file ------------------------------------------------------

def test_the_output_may_not_be_the_input(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "a.xlsx", GOOD)
    code, _, err = invoke("criteria", "import", table, "-o", table)
    assert code == 2 and "is an input workbook" in err
    assert table.read_bytes()[:2] == b"PK"


def test_an_existing_output_is_replaced(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "a.xlsx", GOOD)
    out = tmp_path / "c.yaml"
    out.write_text("old", encoding="utf-8")
    assert invoke("criteria", "import", table, "-o", out)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# Imported")
    assert invoke("criteria", "import", table, "-o", out, "--force")[0] == 0


def test_an_unknown_sheet(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "a.xlsx", GOOD, sheet="Phụ lục")
    code, _, err = invoke("criteria", "import", table, "--sheet", "Bảng 9", "-o",
                          tmp_path / "c.yaml")
    assert (code, err.strip()) == (2, f"{table}: no sheet 'Bảng 9'; the sheets are: Phụ lục")
    assert invoke("criteria", "import", table, "--sheet", "phụ lục", "-o",
                  tmp_path / "c.yaml")[0] == 0


def test_a_missing_table_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke("criteria", "import", tmp_path / "none.xlsx", "-o", tmp_path / "c.yaml")[0] == 2
