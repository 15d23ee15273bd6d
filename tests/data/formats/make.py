"""Regenerate the small workbooks in this folder (tests/test_formats_layouts.py reads them).

    python tests/data/formats/make.py [--lo]

Every file holds the data of ``tiny_sheets()`` (tests/conftest.py), scored with
``TINY_CRITERIA`` (written here as ``tiny.yaml``), in another format or layout:

- ``canonical.xlsx``: the canonical workbook, written by openpyxl;
- ``lo.xlsx``, ``lo.xls``, ``lo.ods``: canonical.xlsx saved by LibreOffice;
- ``messy.xlsx``: as analysts have it (title rows, merged cells, Vietnamese headers in odd
  case, non-breaking spaces, numbers stored as text, a hidden row, a two-row header, a unit
  id merged down its rows, stray formatting, a value typed as a percent); ``messy_lo.xlsx``,
  ``messy_lo.xls`` and ``messy_lo.ods``: the same saved by LibreOffice;
- ``per_unit.xlsx``: one inspection form per unit, the units sheet naming each form's sheet;
  ``per_unit_names.xlsx``: forms found by sheet name or by "Đơn vị: …" above the header;
  ``per_unit_lo.xls``, ``per_unit_lo.ods``: per_unit.xlsx saved by LibreOffice;
- ``matrix.xlsx``: criteria down the rows, a column per unit (no self values);
- ``many/``: a shared units workbook plus one workbook per inspection team;
  ``many_dup/``: the same with U1's scores in two files (an error);
- ``formula_uncached.xlsx``: a formula with no saved result (an error);
  ``formula_cached.xlsx``: the same after LibreOffice opened and saved it;
- ``form_max_mismatch.xlsx``: a form whose "Điểm tối đa" for 2.1 disagrees with the criteria.

The openpyxl files are byte-for-byte reproducible (fixed zip and document dates). The
LibreOffice files are made with ``soffice --headless --convert-to`` when missing or when
their source changed (``--lo``: always); without soffice they are left as committed (CI
reads them, it does not make them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for tests.support

from tests.support import TINY_CRITERIA, tiny_sheets  # noqa: E402

Rows = Sequence[Sequence[Any]]
TITLE = "BẢNG TỔNG HỢP ĐIỂM CCHC NĂM 2021"
FORM_TITLE = "BIỂU CHẤM ĐIỂM CẢI CÁCH HÀNH CHÍNH NĂM 2021"
NBSP = "\u00a0"
FORM_HEADER = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định",
               "Tài liệu kiểm chứng", "Ghi chú"]
#: The tree of TINY_CRITERIA as a form lists it: (id, title, max); leaves are in SCORED.
FORM_ROWS = [("1", "Chỉ đạo, điều hành", 40), ("1.1", "Kế hoạch CCHC", 10),
             ("1.2", "Mức độ thực hiện kế hoạch", 30), ("2", "Thủ tục hành chính", 40),
             ("2.1", "Điểm thẩm định", 20), ("2.2", "Chất lượng", 20),
             ("3", "Điều tra xã hội học", 20), ("3.1", "Hài lòng", 20)]
UNIT_NAMES = {"U1": "Sở Nội vụ", "U2": "Sở Tài chính", "H1": "Huyện Ba Vì"}
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
STRAY = PatternFill("solid", fgColor="FFF2CC")
FIXED_DATE = (2021, 12, 31, 0, 0, 0)


# --- data -------------------------------------------------------------------------------------

def sheets() -> dict[str, list[list[Any]]]:
    return {k: [list(r) for r in v] for k, v in tiny_sheets().items()}


def scores_of(unit: str) -> dict[str, tuple[Any, Any]]:
    """criterion id → (self value, value) for one unit, as in the canonical scores sheet."""
    return {r[1]: (r[2], r[3]) for r in sheets()["scores"][1:] if r[0] == unit}


# --- writing ----------------------------------------------------------------------------------

def new_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    return book


def add_sheet(book: openpyxl.Workbook, name: str, rows: Rows) -> Worksheet:
    sheet = book.create_sheet(name)
    for row in rows:
        sheet.append(list(row))
    return sheet


#: Files whose bytes this run changed (their LibreOffice copies are remade).
CHANGED: set[Path] = set()


def save(book: openpyxl.Workbook, path: Path) -> Path:
    """Save, then fix the zip entries' dates and the document dates: same bytes every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_bytes() if path.exists() else None
    book.save(path)
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2021-12-31T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, data)
    if path.read_bytes() != before:
        CHANGED.add(path)
    return path


def write(path: Path, content: Mapping[str, Rows]) -> Path:
    book = new_book()
    for name, rows in content.items():
        add_sheet(book, name, rows)
    return save(book, path)


def put(sheet: Worksheet, top: int, rows: Rows) -> None:
    """Write rows from Excel row ``top`` down."""
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                sheet.cell(top + i, j + 1, value)


def titled(book: openpyxl.Workbook, name: str, width: int, rows: Rows,
           subtitle: str | None = None) -> Worksheet:
    """A sheet with two title rows above its header (a bold title merged across the
    columns), then ``rows`` from row 3."""
    sheet = book.create_sheet(name)
    put(sheet, 3, rows)
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if subtitle:
        sheet["A2"] = subtitle
        sheet["A2"].font = Font(italic=True)
    return sheet


def stray_formatting(sheet: Worksheet, rows: int, cols: int) -> None:
    """Empty cells that only carry formatting, below and right of the data."""
    last_row, last_col = sheet.max_row, sheet.max_column
    for r in range(last_row + 1, last_row + rows + 1):
        for c in range(1, last_col + 1):
            sheet.cell(r, c).border = BOX
    for r in range(1, last_row + rows + 1):
        for c in range(last_col + 1, last_col + cols + 1):
            sheet.cell(r, c).fill = STRAY


def as_percent(cell: Any) -> None:
    """The canonical "95%" typed in Excel as a percent: 0.95 shown as 95%."""
    assert cell.value == "95%"
    cell.value = 0.95
    cell.number_format = "0%"


def form_sheet(book: openpyxl.Workbook, name: str, unit: str, *,
               maxima: dict[str, float] | None = None, percent: bool = False) -> Worksheet:
    """An inspection form for one unit, as an inspection team fills it."""
    values = scores_of(unit)
    sheet = book.create_sheet(name)
    sheet.append([FORM_TITLE])
    sheet.merge_cells("A1:G1")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].alignment = CENTER
    sheet.append([f"Đơn vị: {UNIT_NAMES[unit]}"])
    sheet.append(FORM_HEADER)
    for cell in sheet[3]:
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BOX
    for cid, title, maximum in FORM_ROWS:
        shown = (maxima or {}).get(cid, maximum)
        if cid in values:
            self_value, value = values[cid]
            sheet.append([cid, title, shown, self_value, value, f"Hồ sơ {unit}-{cid}", None])
            if percent and value == "95%":
                as_percent(sheet.cell(sheet.max_row, 5))
        elif "." in cid:  # the survey criterion: scored from the survey sheet
            sheet.append([cid, title, shown, None, None, None, "Điểm do điều tra XHH"])
        else:  # a domain: a subtotal row
            sheet.append([cid, title, shown])
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
    sheet.append([None, "Tổng cộng", 100])
    sheet[sheet.max_row][1].font = BOLD
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["F"].width = 24
    return sheet


def units_with_sheets(names: dict[str, str]) -> list[list[Any]]:
    rows = sheets()["units"]
    return [[*rows[0], "sheet"]] + [[*r, names[r[0]]] for r in rows[1:]]


# --- the files --------------------------------------------------------------------------------

def canonical(path: Path) -> Path:
    return write(path, sheets())


def messy(path: Path) -> Path:
    data = sheets()
    book = new_book()

    units = titled(book, "Đơn vị", 3, [["Mã  đơn vị", "TÊN ĐƠN VỊ", " Khối "],
                                       ["U1", f"Sở{NBSP}Nội vụ", "Sở"],
                                       [f"U2{NBSP}", "Sở Tài chính", "Sở"],
                                       ["H1", "Huyện Ba Vì ", "Huyện"]], "Danh sách đơn vị")
    stray_formatting(units, 8, 3)

    # The scores: a two-row header ("Điểm" over its two columns), the unit id merged down
    # its rows (the value in the top cell only), numbers as text, a percent, a hidden row.
    odd = {("U1", "2.1"): (20, "18,5"), ("U1", "2.2"): ("Tốt", f"Khá{NBSP}"),
           ("U2", "2.1"): ("15", "12,5"), ("H1", "1.2"): ("60", " 60 ")}
    rows: list[list[Any]] = [["Mã  đơn vị", "MÃ TIÊU CHÍ", "Điểm", None],
                             [None, None, "Tự đánh giá", "Điểm thẩm định "]]
    first: dict[str, int] = {}
    for uid, cid, self_value, value in data["scores"][1:]:
        self_value, value = odd.get((uid, cid), (self_value, value))
        criterion: Any = float(cid) if uid == "H1" else cid  # ids typed as numbers
        shown_id = None
        if uid not in first:
            first[uid] = 3 + len(rows)
            shown_id = f"U2{NBSP}" if uid == "U2" else uid
        rows.append([shown_id, criterion, self_value, value])
    scores = titled(book, "Điểm", 4, rows, "(Kèm theo Báo cáo số 45/BC-SNV)")
    scores.merge_cells("A3:A4")
    scores.merge_cells("B3:B4")
    scores.merge_cells("C3:D3")
    for line in scores["A3:D4"]:
        for cell in line:
            cell.font = BOLD
            cell.alignment = CENTER
    for top in first.values():
        scores.merge_cells(start_row=top, start_column=1, end_row=top + 3, end_column=1)
        scores.cell(top, 1).alignment = Alignment(vertical="center")
    as_percent(scores.cell(first["U1"] + 1, 4))  # U1 1.2
    scores.row_dimensions[first["U2"] + 2].hidden = True  # U2 2.1: still data
    assert scores.cell(first["U2"] + 2, 2).value == "2.1"
    stray_formatting(scores, 12, 3)

    survey = titled(book, "Điều tra xã hội học", 4,
                    [["Mã đơn vị", "Nhóm đối tượng", "Q1", "Q2"], *data["survey"][1:]])
    stray_formatting(survey, 5, 2)

    adjustments = titled(book, "Điểm thưởng, trừ", 4,
                         [["MÃ ĐƠN VỊ", "Loại", "Điểm", "Lý do"],
                          ["U1", "thưởng", "3", f"Sáng{NBSP}kiến"],
                          [f"{NBSP}H1", "trừ", 1, "Vi phạm"]])
    stray_formatting(adjustments, 5, 2)
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 22
    return save(book, path)


def per_unit(path: Path) -> Path:
    names = {"U1": "SNV", "U2": "STC", "H1": "Ba Vì"}
    book = new_book()
    add_sheet(book, "units", units_with_sheets(names))
    for uid, name in names.items():
        form_sheet(book, name, uid, percent=True)
    data = sheets()
    add_sheet(book, "survey", data["survey"])
    add_sheet(book, "adjustments", data["adjustments"])
    return save(book, path)


def per_unit_names(path: Path) -> Path:
    book = new_book()
    data = sheets()
    add_sheet(book, "units", data["units"])
    form_sheet(book, "U1", "U1")
    form_sheet(book, "U2", "U2")
    form_sheet(book, "Sheet3", "H1")  # the unit only in "Đơn vị: Huyện Ba Vì"
    add_sheet(book, "survey", data["survey"])
    add_sheet(book, "adjustments", data["adjustments"])
    return save(book, path)


def matrix(path: Path) -> Path:
    data = sheets()
    units = ["U1", "U2", "H1"]
    values = {u: scores_of(u) for u in units}
    rows: list[list[Any]] = [["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", *units]]
    for cid, title, maximum in FORM_ROWS:
        rows.append([cid, title, maximum,
                     *[values[u][cid][1] if cid in values[u] else None for u in units]])
    book = new_book()
    add_sheet(book, "units", data["units"])
    scores = add_sheet(book, "scores", rows)
    as_percent(scores["D4"])  # U1 1.2
    add_sheet(book, "survey", data["survey"])
    add_sheet(book, "adjustments", data["adjustments"])
    return save(book, path)


def long_scores(units: set[str]) -> list[list[Any]]:
    rows = sheets()["scores"]
    return [rows[0]] + [r for r in rows[1:] if r[0] in units]


def many(folder: Path) -> None:
    data = sheets()
    write(folder / "units.xlsx", {"units": data["units"], "survey": data["survey"],
                                  "adjustments": data["adjustments"]})
    write(folder / "team_so.xlsx", {"units": data["units"], "scores": long_scores({"U1", "U2"})})
    book = new_book()
    form_sheet(book, "Huyện Ba Vì", "H1")
    save(book, folder / "team_huyen.xlsx")


def many_dup(folder: Path) -> None:
    data = sheets()
    write(folder / "units.xlsx", {"units": data["units"], "survey": data["survey"],
                                  "adjustments": data["adjustments"]})
    write(folder / "team_so.xlsx", {"scores": long_scores({"U1", "U2"})})
    write(folder / "team_u1.xlsx", {"scores": long_scores({"U1", "H1"})})


def formula_uncached(path: Path) -> Path:
    data = sheets()
    for row in data["scores"]:
        if row[:2] == ["U1", "2.1"]:
            row[3] = "=10+8.5"  # openpyxl saves the formula with no result
    return write(path, data)


def form_max_mismatch(path: Path) -> Path:
    book = new_book()
    add_sheet(book, "units", units_with_sheets({"U1": "SNV", "U2": "STC", "H1": "Ba Vì"}))
    form_sheet(book, "SNV", "U1", maxima={"2.1": 25})
    form_sheet(book, "STC", "U2", maxima={"2.1": 25})
    form_sheet(book, "Ba Vì", "H1")
    data = sheets()
    add_sheet(book, "survey", data["survey"])
    add_sheet(book, "adjustments", data["adjustments"])
    return save(book, path)


# --- LibreOffice ------------------------------------------------------------------------------

def soffice(source: Path, fmt: str, target: Path) -> None:
    """``soffice --headless --convert-to FMT`` of ``source``, saved as ``target``; skipped
    when ``target`` exists and ``source`` is unchanged (LibreOffice stamps the time in its
    files, so a conversion always changes the bytes), unless ``--lo`` is given."""
    if target.exists() and source not in CHANGED and "--lo" not in sys.argv[1:]:
        return
    print(f"soffice: {source.name} -> {target.name}")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        out = Path(tmp, "out")
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", fmt, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=180)
        made = out / f"{source.stem}.{fmt}"
        if not made.exists():
            raise SystemExit(f"soffice made no {made.name} from {source}")
        shutil.move(made, target)


def main() -> None:
    (HERE / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    canonical(HERE / "canonical.xlsx")
    messy(HERE / "messy.xlsx")
    per_unit(HERE / "per_unit.xlsx")
    per_unit_names(HERE / "per_unit_names.xlsx")
    matrix(HERE / "matrix.xlsx")
    many(HERE / "many")
    many_dup(HERE / "many_dup")
    formula_uncached(HERE / "formula_uncached.xlsx")
    form_max_mismatch(HERE / "form_max_mismatch.xlsx")
    if shutil.which("soffice") is None:
        print("soffice not found: the LibreOffice-saved files are left as they are")
        return
    for fmt in ("xlsx", "xls", "ods"):
        soffice(HERE / "canonical.xlsx", fmt, HERE / f"lo.{fmt}")
    for fmt in ("xlsx", "xls", "ods"):
        soffice(HERE / "messy.xlsx", fmt, HERE / f"messy_lo.{fmt}")
    for fmt in ("xls", "ods"):
        soffice(HERE / "per_unit.xlsx", fmt, HERE / f"per_unit_lo.{fmt}")
    soffice(HERE / "formula_uncached.xlsx", "xlsx", HERE / "formula_cached.xlsx")


if __name__ == "__main__":
    main()
