"""``verify``: a results table checked cell by cell — what is an error, what is a rounding
note — on tables written as analysts write them (title rows, sections, percent cells, CSV
with ; and decimal commas), and on tables written from parcalc's own results."""

from __future__ import annotations

import csv
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.criteria.model import CriteriaSet
from parcalc.errors import ParcalcError, UsageError
from parcalc.verify import verify_file
from parcalc.verify.layout import domain_of, role_of

_counter = itertools.count()

SET = CriteriaSet.model_validate({
    "parcalc": 1, "id": "two", "title": "Hai lĩnh vực", "ties": "min",
    "bands": [{"label": "A", "min": 90}, {"label": "B", "min": 80}, {"label": "C", "min": 0}],
    "domains": [
        {"id": "1", "title": "Chỉ đạo, điều hành", "max": 40, "rule": "points"},
        {"id": "2", "title": "Thủ tục hành chính", "max": 60, "rule": "points"},
    ]})

HEADER = ["STT", "Đơn vị", "LV1", "LV2", "Tổng điểm", "Chỉ số CCHC (%)", "Xếp hạng",
          "Xếp loại"]
#: A published table: title rows, a section per block, an average row at the end.
PUBLISHED: list[list[Any]] = [
    ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
    [],
    HEADER,
    ["I", "Khối sở, ngành"],
    [1, "Sở Nội vụ", 38.5, 55.25, 93.75, 93.75, 1, "A"],
    [2, "Sở Tài chính", 35, 50, 85, 85, 2, "B"],
    [3, "Sở Y tế", 30.5, 54.5, 85, 85, 2, "B"],
    ["II", "Khối quận, huyện"],
    [1, "Quận Ba Đình", 39, 58, 97, 97, 1, "A"],
    [2, "Huyện Ba Vì", 20, 40, 60, 60, 2, "C"],
    [None, "Trung bình", None, None, 84.15, 84.15],
]


def xlsx(tmp: Path, rows: list[list[Any]], percent: tuple[int, ...] = ()) -> Path:
    """A workbook of ``rows``; the columns in ``percent`` (0: A) as percent cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kết quả"
    for row in rows:
        sheet.append(row)
    for c in percent:
        for cells in sheet.iter_rows(min_col=c + 1, max_col=c + 1):
            for cell in cells:
                if isinstance(cell.value, (int, float)):
                    cell.value = cell.value / 100
                    cell.number_format = "0.00%"
    path = tmp / f"t{next(_counter)}.xlsx"
    book.save(path)
    return path


def edited(rows: list[list[Any]], r: int, c: int, value: Any) -> list[list[Any]]:
    out = [list(row) for row in rows]
    out[r][c] = value
    return out


def found(result: Any) -> list[tuple[str, str, str, str, Any, Any]]:
    return [(f.cell.rsplit("!", 1)[1], f.unit, f.check, f.kind, f.expected, f.found)
            for f in result.findings]


# --- reading the table -----------------------------------------------------------------------

def test_a_published_table_adds_up(tmp_path: Path) -> None:
    result = verify_file(xlsx(tmp_path, PUBLISHED), SET)
    assert result.units == 5 and result.findings == []
    assert result.layout.header == 2
    assert [p.name for p in result.layout.parts] == ["1", "2"]
    # without the set: the parts are the number columns between the unit and the total
    plain = verify_file(xlsx(tmp_path, PUBLISHED))
    assert plain.findings == [] and [p.col for p in plain.layout.parts] == [2, 3]
    assert plain.checked["band"] is not None and plain.checked["total"] is None


def test_sections_are_groups(tmp_path: Path) -> None:
    # Ba Vì is ranked in its own block: a single ranking would put it 5th
    wrong = edited(PUBLISHED, 9, 6, 5)
    assert found(verify_file(xlsx(tmp_path, wrong), SET)) == [
        ("G10", "Huyện Ba Vì", "rank", "error", Decimal(2), Decimal(5))]


def test_a_total_one_point_off_is_an_error_with_its_cell(tmp_path: Path) -> None:
    wrong = edited(PUBLISHED, 4, 4, 94.75)
    result = verify_file(xlsx(tmp_path, wrong), SET)
    # the index still fits the parts: only the total is wrong
    assert found(result) == [("E5", "Sở Nội vụ", "total", "error", Decimal("93.75"),
                              Decimal("94.75"))]
    assert result.errors == 1 and result.notes == 0
    assert result.findings[0].cell == f"{tmp_path}/t{next(_counter) - 1}.xlsx › Kết quả!E5"


def test_a_part_rounded_off_by_a_hundredth_is_a_rounding_note(tmp_path: Path) -> None:
    rounded = edited(PUBLISHED, 5, 2, 35.01)  # 35.01 + 50 = 85.01, printed 85
    result = verify_file(xlsx(tmp_path, rounded), SET)
    assert found(result) == [("E6", "Sở Tài chính", "total", "rounding", Decimal("85.01"),
                              Decimal(85))]
    assert result.findings[0].allowed == Decimal("0.015")  # 3 numbers at 2 decimals
    assert result.errors == 0
    # beyond the rounding of the three numbers (± 0.015): an error
    beyond = edited(PUBLISHED, 5, 2, 35.02)
    assert verify_file(xlsx(tmp_path, beyond), SET).findings[0].kind == "error"
    # … unless the tolerance allows it
    assert verify_file(xlsx(tmp_path, beyond), SET, tolerance="0.01").errors == 0


def test_parts_above_their_max_and_wrong_index_and_band(tmp_path: Path) -> None:
    rows = edited(PUBLISHED, 4, 2, 41)
    rows = edited(rows, 4, 4, 96.25)
    rows = edited(rows, 5, 5, 84)
    rows = edited(rows, 6, 7, "A")
    result = verify_file(xlsx(tmp_path, rows), SET)
    assert found(result) == [
        ("C5", "Sở Nội vụ", "part", "error", Decimal(40), Decimal(41)),
        ("F5", "Sở Nội vụ", "index", "error", Decimal("96.25"), Decimal("93.75")),
        ("F6", "Sở Tài chính", "index", "error", Decimal("85.00"), Decimal(84)),
        ("H7", "Sở Y tế", "band", "error", "B", "A"),
    ]  # Tài chính's rank is taken on the index its total gives (85), not on the typo
    assert (result.errors, result.notes) == (4, 0)


def test_percent_cells_and_csv_as_vietnamese_excel_writes_it(tmp_path: Path) -> None:
    assert verify_file(xlsx(tmp_path, PUBLISHED, percent=(5,)), SET).findings == []
    path = tmp_path / "t.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:  # "CSV UTF-8"
        writer = csv.writer(handle, delimiter=";")
        for row in PUBLISHED:  # Excel writes every row as wide as the widest
            cells = [f"{v}".replace(".", ",") if isinstance(v, float) else v for v in row]
            writer.writerow(cells + [""] * (len(HEADER) - len(cells)))
    result = verify_file(path, SET)
    assert result.units == 5 and result.findings == []
    assert verify_file(path, SET).source.endswith("t.csv › t")


def test_headers_and_domains() -> None:
    assert role_of("Tổng điểm (100)") == "total"
    assert role_of("Chỉ số CCHC (%)") == "index"
    assert role_of("tên đơn vị") == "unit"
    assert role_of("domain_1_index") == "ignored"
    assert role_of("self_points") == "ignored"
    assert role_of("Điểm tối đa") == "max"
    domains = SET.domains
    for header in ("1", "LV1", "D1", "I", "domain_1_points", "Chỉ đạo, điều hành",
                   "1. Chỉ đạo, điều hành"):
        assert domain_of(header, domains) is domains[0], header
    assert domain_of("II", domains) is domains[1]
    assert domain_of("Tổng", domains) is None


def test_ties_dense_or_min(tmp_path: Path) -> None:
    # Y tế ties Tài chính at 2, and no one comes after them: dense and min agree
    assert verify_file(xlsx(tmp_path, PUBLISHED)).findings == []
    rows = [[*HEADER[1:6], "Xếp hạng"], ["A", 40, 60, 100, 100, 1], ["B", 30, 50, 80, 80, 2],
            ["C", 30, 50, 80, 80, 2], ["D", 20, 40, 60, 60, 3]]
    assert verify_file(xlsx(tmp_path, rows)).findings == []  # dense, as the table ranks
    bad = verify_file(xlsx(tmp_path, rows), SET)  # the set says min: D is 4th
    assert found(bad) == [("F5", "D", "rank", "error", Decimal(4), Decimal(3))]


# --- bad input -------------------------------------------------------------------------------

def test_bad_tables_say_where_and_how_to_fix(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("x")
    with pytest.raises(ParcalcError, match=r"save it as \.xlsx, \.xlsm, \.xls, \.ods or \.csv"):
        verify_file(text)
    no_total = tmp_path / "a.csv"
    no_total.write_text("Đơn vị,Điểm LV1\nSNV,10\n", encoding="utf-8")
    with pytest.raises(ParcalcError, match="no header row with a total column") as info:
        verify_file(no_total)
    assert str(info.value.problems[0].location).endswith("a.csv › a")
    no_unit = tmp_path / "b.csv"
    no_unit.write_text("STT,Tổng điểm\n1,90\n", encoding="utf-8")
    with pytest.raises(ParcalcError, match="add a column 'Đơn vị'") as info:
        verify_file(no_unit)
    assert str(info.value.problems[0].location).endswith("b.csv › b!A1")
    empty = tmp_path / "c.csv"
    empty.write_text("Đơn vị,Tổng điểm\n", encoding="utf-8")
    with pytest.raises(ParcalcError, match="no units under the header row"):
        verify_file(empty)
    with pytest.raises(UsageError, match="no sheet named 'X'; the sheets are: Kết quả"):
        verify_file(xlsx(tmp_path, PUBLISHED), sheet="X")


def test_bad_table_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    path = tmp_path / "b.csv"
    path.write_text("STT,Tổng điểm\n1,90\n", encoding="utf-8")
    with pytest.raises(ParcalcError) as info:
        verify_file(path)
    assert info.value.problems[0].message == (
        "dòng tiêu đề không có cột đơn vị, và không cột nào bên dưới chứa chữ; thêm cột "
        "'Đơn vị' ghi tên các đơn vị")
