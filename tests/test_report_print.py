"""The report as it prints: A4 on every sheet, orientation, scale never below 70 %, repeated
header rows, footer with the title, year and page number, the organisation in the header;
row heights for wrapped text; charts that no page break crosses; the year, organisation and
title from the settings sheet. The last test prints the example with LibreOffice (skipped
where it is not installed) and counts the pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.api import score_file
from parcalc.i18n import using
from parcalc.render import page
from parcalc.render.excel import LEADERSHIP, write_excel
from parcalc.render.excel.book import sheet_name
from parcalc.render.excel.chartgrid import Grid
from parcalc.render.textfit import lines, row_height, stacked
from parcalc.shorten import clip_words, short_title, short_titles, unique_name
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2021.xlsx"
#: Codes a Vietnamese report must never show (rule types, statuses).
CODES = {"choice", "yes_no", "threshold", "linear", "per_item", "deduction", "survey",
         "points", "ok", "blank", "not_applicable"}


# --------------------------------------------------------------------------- pieces


def test_wrapped_lines_follow_the_words() -> None:
    name = "Ban Quản lý các khu công nghiệp và chế xuất"
    assert lines(name, 60) == 1
    assert lines(name, 20) == 2
    assert lines(name, 12) >= 3
    assert lines("", 10) == 1
    assert lines("một\nhai", 40) == 2  # each paragraph on its own line
    assert lines("x" * 200, 10) >= 10  # a word longer than a line is broken


def test_capitals_with_stacked_marks_get_taller_lines() -> None:
    upper = "CHÊNH LỆCH GIỮA ĐIỂM TỰ ĐÁNH GIÁ VÀ ĐIỂM THẨM ĐỊNH"
    plain = "CHENH LECH GIUA DIEM TU DANH GIA VA DIEM THAM DINH"
    assert stacked(upper) and not stacked(plain) and not stacked("chênh lệch")
    up, flat = row_height([(upper, 200)], 13, True), row_height([(plain, 200)], 13, True)
    assert up - 2 >= 1.3 * (flat - 2) - 0.75  # 1.3 × the line, the cell's margins alike


def test_a_table_that_fits_is_scaled_a_wider_one_split_into_blocks() -> None:
    fit = page.fit_columns([10, 30, 10, 10], landscape=False)
    assert (fit.scale, fit.breaks, fit.repeat) == (100, (), None)
    fit = page.fit_columns([10, 30, *[9] * 12], landscape=True, fixed=2)
    assert 70 <= fit.scale < 100 and fit.breaks == ()
    wide = page.fit_columns([10, 30, *[9] * 40], landscape=True, fixed=2)
    assert wide.scale >= page.MIN_SCALE and wide.repeat == (0, 1)
    assert len(wide.breaks) >= 2 and all(b > 2 for b in wide.breaks)


def test_charts_never_cross_a_page() -> None:
    grid = Grid(top=2, rows=40, columns=16)
    placed = [(grid.place(4, 13), 13) for _ in range(30)]
    for (row, col), rows in placed:
        start = (row - grid.top) // grid.rows
        assert (row - grid.top + rows - 1) // grid.rows == start, (row, rows)
        assert 0 <= col <= 12
    assert grid.breaks() == [42, 82]  # twelve charts a page: three pages


def test_short_titles_and_sheet_names_cut_at_words() -> None:
    assert clip_words("Xếp hạng Sở, ban, ngành và tương đương", 31) == "Xếp hạng Sở, ban, ngành"
    assert short_title("Cải cách thể chế") == "Cải cách thể chế"
    assert short_title("Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa "
                       "liên thông") == "Cải cách thủ tục hành chính"
    assert short_title("Tác động của cải cách hành chính đến phát triển kinh tế - xã hội",
                       abbreviations={"cải cách hành chính": "CCHC"}) == "Tác động của CCHC"
    long = short_title("Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại địa phương")
    assert len(long) <= 30 and long.endswith("…")
    same = short_titles({"1": "Chỉ đạo điều hành năm nay và năm sau nữa cho đến hết",
                         "2": "Chỉ đạo điều hành năm nay và năm sau nữa cho đến cuối"})
    assert len(set(same.values())) == 2 and all(len(v) <= 30 for v in same.values())
    taken: set[str] = set()
    first = unique_name("Xếp hạng Quận, huyện, thị xã thuộc Thành phố", taken)
    second = unique_name("Xếp hạng Quận, huyện, thị xã thuộc Thành phố Hà Nội", taken)
    assert first == "Xếp hạng Quận, huyện, thị xã" and second.endswith("(2)")
    assert len(second) <= 31 and " " in second
    assert sheet_name("Xếp hạng [Sở]: ngành/khác", set()) == "Xếp hạng -Sở-- ngành-khác"


# --------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print") / "report.xlsx"
    with using("vi"):
        write_excel(score_file(EXAMPLE), out, lang="vi")
    return out


def _cells(ws: Any) -> list[Any]:
    return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def test_every_sheet_prints_on_a4_with_orientation_footer_and_titles(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    landscape = {"Chỉ số thành phần", "Biểu đồ", "Tự đánh giá - Thẩm định", "Chi tiết"}
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title
        assert setup.orientation == ("landscape" if ws.title in landscape else "portrait")
        assert (setup.scale or 100) >= 70, ws.title  # no scale written: 100 %
        assert ws.print_title_rows, ws.title  # the title (and header) on every page
        footer = ws.oddFooter
        assert "&P/&N" in footer.right.text and "Trang" in footer.right.text
        assert "2021" in footer.left.text, ws.title
        assert len(ws.title) <= 31
    for name in ("Xếp hạng Sở, ngành", "Xếp hạng Quận, huyện, thị xã"):
        ws = book[name]
        assert ws["A1"].value == f"BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021 — {name[9:]}"
        assert ws.print_title_rows == "$1:$4"  # title, subtitle and the header
    assert book["Chi tiết"].print_title_rows == "$1:$2"
    assert book["Chi tiết"]["A1"].value == "ĐIỂM CHI TIẾT THEO TIÊU CHÍ NĂM 2021"


def test_rows_are_as_high_as_their_wrapped_text(example: Path) -> None:
    ws = openpyxl.load_workbook(example)["Chi tiết"]
    widths = {col: ws.column_dimensions[col].width for col in "BDL"}
    checked = 0
    for row in ws.iter_rows(min_row=3, max_row=400):
        height = ws.row_dimensions[row[0].row].height or ws.sheet_format.defaultRowHeight
        for cell in (row[1], row[3], row[11]):
            if isinstance(cell.value, str):
                need = lines(cell.value, widths[cell.column_letter]) * 13 + 2
                assert height >= need - 0.01, (cell.coordinate, cell.value, height)
                checked += 1
    assert checked > 500
    title = openpyxl.load_workbook(example)["Tự đánh giá - Thẩm định"]
    assert title.row_dimensions[1].height >= 13 * 1.3 * 1.3  # capitals with stacked marks


def test_a_vietnamese_report_shows_no_codes_and_no_install_path(example: Path) -> None:
    book = openpyxl.load_workbook(example, read_only=True)
    for ws in book.worksheets:
        assert not CODES & {c for c in _cells(ws) if isinstance(c, str)}, ws.title
    summary = [str(c) for c in _cells(book["Tóm tắt"])]
    assert not any("site-packages" in c or "_shipped" in c for c in summary)
    assert "hanoi-departments (bộ tiêu chí có sẵn trong parcalc)" in summary
    assert "examples/2021.xlsx" in summary or any(c.endswith("2021.xlsx") for c in summary)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d", c)
               for c in summary)


def test_band_column_fits_the_longest_band(example: Path) -> None:
    ws = openpyxl.load_workbook(example)["Xếp hạng Sở, ngành"]
    bands = {c for c in _cells(ws) if c in ("A", "B", "C", "D", "Xuất sắc", "Trung bình")}
    assert ws.column_dimensions["G"].width >= max(len(b) for b in bands) + 2


# --------------------------------------------------------------------------- the settings


def _book(tmp_path: Path, settings: list[list[Any]]) -> Path:
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA.replace("bands:", "year: 2019\nbands:"),
                                        encoding="utf-8")
    sheets = tiny_sheets()
    sheets["settings"] = [["key", "value"], ["criteria", "tiny.yaml"], *settings]
    return write_workbook(tmp_path / "w.xlsx", sheets)


def test_year_organisation_and_title_come_from_the_settings(tmp_path: Path) -> None:
    book = _book(tmp_path, [["year", 2021], ["organisation", "Sở Nội vụ & Tư pháp"],
                            ["title", "Kết quả Chỉ số CCHC"]])
    results = score_file(book)
    assert (results.meta.year, results.meta.organisation, results.meta.title) == (
        2021, "Sở Nội vụ & Tư pháp", "Kết quả Chỉ số CCHC")
    assert results.as_dict()["meta"] == {"year": 2021, "organisation": "Sở Nội vụ & Tư pháp",
                                         "title": "Kết quả Chỉ số CCHC"}
    out = tmp_path / "r.xlsx"
    write_excel(results, out)
    ws = openpyxl.load_workbook(out)["Xếp hạng Sở"]
    assert ws["A1"].value == "BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021 — Sở"
    assert ws.oddHeader.left.text == "Sở Nội vụ && Tư pháp"  # & doubled in a header
    assert ws.oddFooter.left.text == "Kết quả Chỉ số CCHC — năm 2021"


def test_the_year_else_comes_from_the_criteria(tmp_path: Path) -> None:
    results = score_file(_book(tmp_path, []))
    assert (results.meta.year, results.meta.organisation, results.meta.title) == (
        2019, None, None)
    out = tmp_path / "r.xlsx"
    write_excel(results, out, lang="en")
    ws = openpyxl.load_workbook(out)["Ranking Sở"]
    assert ws["A1"].value == "PAR INDEX RANKING 2019 — Sở"
    assert ws.oddFooter.left.text == "PAR Index 2019"
    assert ws.oddHeader.left.text is None  # no organisation, no header


def test_a_year_that_is_not_one_is_a_warning_at_its_cell(tmp_path: Path,
                                                         vietnamese: None) -> None:
    results = score_file(_book(tmp_path, [["year", "năm ngoái"]]))
    assert results.meta.year == 2019  # the criteria's
    said = [str(w) for w in results.warnings if "settings" in str(w)]
    assert len(said) == 1
    assert said[0].endswith("w.xlsx › settings!B3: cảnh báo: năm 'năm ngoái' không phải là "
                            "một năm; ghi năm bằng bốn chữ số, ví dụ 2021 (báo cáo bỏ qua giá "
                            "trị này)")


def test_the_year_is_in_the_terminal_table_title(tmp_path: Path, monkeypatch: Any) -> None:
    _book(tmp_path, [["year", 2021]])
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("score", "w.xlsx", "--width", "120")
    assert code == 0, err
    assert "Sở — Bộ tiêu chí thử — 2021" in out


# --------------------------------------------------------------------------- LibreOffice


def _pdf_pages(workbook: Path, tmp: Path) -> list[str]:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                    str(workbook)], check=True, capture_output=True, timeout=600)
    pdf = tmp / (workbook.stem + ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=600).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice and poppler")
def test_the_example_prints_within_the_budget(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    write_excel(score_file(EXAMPLE), out, lang="vi")
    pages = _pdf_pages(out, tmp_path)
    footer = re.compile(r"\s{2,}(\S.*?)\s{2,}Trang (\d+)/(\d+)\s*$")
    sheets: Counter[str] = Counter()
    for text in pages:
        last = [line for line in text.splitlines() if line.strip()][-1]
        found = footer.search(last)
        assert found, f"no page number: {last!r}"  # every page numbered, its sheet named
        sheets[found.group(1)] += 1
        if found.group(1).startswith("Xếp hạng"):  # the year in each ranking page's title
            first = next(line for line in text.splitlines() if line.strip())
            assert "NĂM 2021" in first, first
    leadership = ["Xếp hạng Sở, ngành", "Xếp hạng Quận, huyện, thị xã", "Chỉ số thành phần",
                  "Biểu đồ", "Tóm tắt"]
    assert sum(sheets[s] for s in leadership) <= 12, sheets
    assert sheets["Xếp hạng Sở, ngành"] == sheets["Xếp hạng Quận, huyện, thị xã"] == 1
    assert sheets["Tóm tắt"] == 1
    assert sheets["Chi tiết"] > 0 and sheets["Tự đánh giá - Thẩm định"] > 0
    assert LEADERSHIP  # the same split the writer offers


def test_a_long_group_gets_a_ranking_chart_per_page(tmp_path: Path) -> None:
    """120 units in one group: their ranking is cut into charts that each fit a page, and
    together cover every unit once, in order."""
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    ids = [f"X{k:03d}" for k in range(120)]
    sheets = {"units": [["unit_id", "name", "group"], *[[u, f"Xã {u}", "Xã"] for u in ids]],
              "scores": [["unit_id", "criterion_id", "value"],
                         *[[u, c, v] for k, u in enumerate(ids)
                           for c, v in (("1.1", "có"), ("1.2", 60 + k % 40), ("2.1", k % 20),
                                        ("2.2", "Khá"))]],
              "survey": [["unit_id", "respondent_group", "Q1", "Q2"],
                         *[[u, "Người dân", "A", "B"] for u in ids]]}
    results = score_file(write_workbook(tmp_path / "w.xlsx", sheets), tmp_path / "tiny.yaml")
    out = tmp_path / "r.xlsx"
    write_excel(results, out, only=LEADERSHIP)
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    spans = sorted((int(a), int(b)) for c in charts for a, b in
                   re.findall(r"'Xếp hạng Xã'!\$C\$(\d+):\$C\$(\d+)", c))
    assert len(spans) > 1 and spans[0][0] == 5 and spans[-1][1] == 124  # rows 5..124
    assert all(b + 1 == a for (_, b), (a, _) in pairwise(spans))
