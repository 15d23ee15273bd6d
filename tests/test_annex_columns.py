"""The column finder: the header anywhere in the first 30 rows, title rows above it, merged
header cells, a two-row header, a row of column numbers, other columns ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parcalc.annex.columns import Columns, find_columns, role, title_rows
from parcalc.annex.grid import Grid
from parcalc.annex.source import open_grids
from tests.support.annex import annex_docx, annex_xlsx


def grid(rows: list[list[Any]], covered: set[tuple[int, int]] | None = None) -> Grid:
    return Grid("annex.csv", "csv", "", rows, covered or set())


@pytest.mark.parametrize(("header", "expected"), [
    ("STT", "number"), ("TT", "number"), ("Số TT", "number"), ("Mã", "number"),
    ("No.", "number"), ("Tiêu chí", "title"), ("Nội dung", "title"),
    ("Lĩnh vực, tiêu chí, tiêu chí thành phần", "title"), ("Criterion", "title"),
    ("Điểm tối đa", "max"), ("Điểm chuẩn", "max"), ("Điểm", "max"), ("Max points", "max"),
    ("Hướng dẫn chấm điểm", "guide"), ("Cách chấm điểm", "guide"),
    ("Cách tính điểm", "guide"), ("Phương pháp chấm", "guide"), ("Scoring guide", "guide"),
    ("Tự đánh giá", "ignored"), ("Điểm tự chấm", "ignored"), ("Thẩm định", "ignored"),
    ("Ghi chú", "ignored"), ("Tài liệu kiểm chứng", "ignored"), ("Năm 2025", None),
])
def test_header_words(header: str, expected: str | None) -> None:
    found = role(header)
    assert (found[0] if found else None) == expected


def test_a_header_below_title_rows_with_other_columns_ignored() -> None:
    rows = [["PHỤ LỤC"], ["BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"], [],
            ["Ghi chú", "TT", "Nội dung", "Tự đánh giá", "Điểm chuẩn", "Cách chấm điểm"],
            [None, "I", "Chỉ đạo", None, 10, None]]
    assert find_columns(grid(rows)) == Columns(number=1, title=2, max=4, guide=5,
                                               header_first=3, header_last=3, first_row=4)


def test_a_two_row_header_with_a_merged_points_cell() -> None:
    rows = [["STT", "Tiêu chí", "Điểm", "Điểm", "Điểm", "Ghi chú"],
            ["STT", "Tiêu chí", "Tự đánh giá", "Tối đa", "Thẩm định", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1", "Chỉ đạo", None, 10, None, None]]
    covered = {(0, 3), (0, 4), (1, 0), (1, 1), (1, 5)}
    found = find_columns(grid(rows, covered))
    assert found == Columns(number=0, title=1, max=3, guide=None, header_first=0,
                            header_last=1, first_row=3)


def test_a_header_after_row_30_is_not_looked_for() -> None:
    rows: list[list[Any]] = [["x"]] * 30 + [["STT", "Tiêu chí", "Điểm tối đa"]]
    assert find_columns(grid(rows)) is None


def test_no_max_column() -> None:
    found = find_columns(grid([["STT", "Tiêu chí", "Ghi chú"], ["1", "Chỉ đạo", ""]]))
    assert found is not None and found.max is None and not found.complete


def test_merged_cells_in_a_workbook(tmp_path: Path) -> None:
    rows = [["STT", "Lĩnh vực, tiêu chí", "Điểm", None, "Hướng dẫn chấm điểm"],
            [None, None, "Tối đa", "Thẩm định", None],
            ["I", "Chỉ đạo", 10, None, None]]
    path = annex_xlsx(tmp_path / "a.xlsx", rows, title=["PHỤ LỤC", "BỘ CHỈ SỐ NĂM 2025"],
                      merges=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3)),
                              ((0, 4), (1, 4))])
    (found,) = list(open_grids(path))
    columns = find_columns(found)
    assert columns == Columns(number=0, title=1, max=2, guide=4, header_first=2,
                              header_last=3, first_row=4)
    assert title_rows(found, columns) == ["PHỤ LỤC", "BỘ CHỈ SỐ NĂM 2025"]


def test_merged_cells_in_a_word_table(tmp_path: Path) -> None:
    rows = [["STT", "Tiêu chí", "Điểm", None, None],
            [None, None, "Tối đa", "Tự chấm", "Thẩm định"],
            ["1", "Chỉ đạo", "10", None, None]]
    path = annex_docx(tmp_path / "a.docx", rows, title=["PHỤ LỤC II", "BỘ TIÊU CHÍ"],
                      merges=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4))])
    (found,) = list(open_grids(path))
    assert found.value(0, 4) == "Điểm" and (0, 4) in found.covered
    assert found.value(1, 0) == "STT" and (1, 0) in found.covered
    columns = find_columns(found)
    assert columns is not None and (columns.number, columns.title, columns.max) == (0, 1, 2)
    assert columns.first_row == 2
    assert title_rows(found, columns) == ["PHỤ LỤC II", "BỘ TIÊU CHÍ"]
