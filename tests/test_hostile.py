"""Hostile and broken files: each refused quickly with its one-line message, exit 1 or 2.

Guarantees 1, 4, 5 and 6 of the README. `tests/data/hostile/encrypted.xlsx` was made with
`msoffcrypto-tool -e -p secret tests/data/formats/canonical.xlsx …` (password "secret").
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from parcalc.errors import WorkbookError
from parcalc.workbook import read_workbook
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

DATA = Path(__file__).parent / "data"
CANONICAL = DATA / "formats" / "canonical.xlsx"
CRITERIA = DATA / "formats" / "tiny.yaml"


def rezip(target: Path, extra: dict[str, bytes] | None = None,
          replace: dict[str, bytes] | None = None) -> Path:
    """A copy of the canonical workbook with parts added or replaced."""
    with zipfile.ZipFile(CANONICAL) as src, zipfile.ZipFile(target, "w",
                                                            zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            out.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def refused(path: Path) -> str:
    """The one-line message (how fast refusals are is for bench/, not for tests)."""
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert len(info.value.problems) == 1
    return str(info.value).replace(f"{path.parent}/", "")


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = rezip(tmp_path / "bomb.xlsx", extra={"xl/media/zeros.xml": b"\0" * 30_000_000})
    message = refused(bomb)
    assert message.startswith("bomb.xlsx: part xl/media/zeros.xml unpacks ")
    assert message.endswith("-fold (a zip bomb?); refusing it")


def declared_size(path: Path, name: str, size: int) -> None:
    """Make the central directory claim ``size`` bytes for part ``name`` (a lying zip)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    key = name.encode()
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == key:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in {path}")


def test_a_shared_strings_part_claiming_a_gigabyte_is_refused(tmp_path: Path) -> None:
    path = rezip(tmp_path / "big.xlsx", extra={"xl/sharedStrings2.xml": b"<sst/>"})
    declared_size(path, "xl/sharedStrings2.xml", 3_000_000_000)
    assert refused(path) == ("big.xlsx: part xl/sharedStrings2.xml unpacks to 2861 MB, over the "
                             "2048 MB parcalc reads (a zip bomb?)")


def test_billion_laughs_xml_is_refused(tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" * 1}">'.encode()
                         for i in range(1, 10))
              + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<si><t>&lol9;</t></si></sst>")
    path = rezip(tmp_path / "lol.xlsx", extra={"xl/lol.xml": laughs})
    assert refused(path) == ("lol.xlsx: part xl/lol.xml declares a DTD or XML entities, which "
                             "no spreadsheet writes (an XML bomb?); refusing it")


def test_encrypted_workbook(tmp_path: Path) -> None:
    assert refused(DATA / "hostile" / "encrypted.xlsx") == (
        "encrypted.xlsx: the workbook is encrypted (password-protected); open it in Excel, "
        "remove the password (File › Info › Protect Workbook) and save it")


@pytest.mark.parametrize(("content", "kind"), [
    (b"unit_id,name\nU1,S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5\n", "a text file (CSV?)"),
    (b"<html><body><table><tr><td>U1</td></tr></table></body></html>",
     "an HTML or XML file (a web page saved as a workbook?)"),
])
def test_text_or_html_renamed_xlsx(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    assert refused(path) == (f"renamed.xlsx: {kind}, not a workbook in .xlsx, .xlsm, .xls or "
                             ".ods form; open it in a spreadsheet and save it as .xlsx")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert refused(path) == "empty.xlsx: the file is empty (0 bytes); save the workbook again"


def test_workbook_with_no_sheets(tmp_path: Path) -> None:
    with zipfile.ZipFile(CANONICAL) as src:
        book = src.read("xl/workbook.xml")
    start, end = book.index(b"<sheets>"), book.index(b"</sheets>") + len(b"</sheets>")
    path = rezip(tmp_path / "nosheets.xlsx",
                 replace={"xl/workbook.xml": book[:start] + b"<sheets/>" + book[end:]})
    assert refused(path) == "nosheets.xlsx: the workbook has no sheets; add a units sheet and " \
                            "the scores"


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert refused(path) == ("photos.xlsx: a zip file without a workbook inside (no "
                             "xl/workbook.xml or content.xml); save the workbook as .xlsx")


def test_a_cell_at_the_far_corner_is_refused_not_an_out_of_memory_abort(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "far.xlsx", tiny_sheets())
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["units"]["XFD1048576"] = "x"
    book.save(path)
    assert refused(path) == (
        "far.xlsx: a sheet (xl/worksheets/sheet1.xml) uses cells as far as XFD1048576, 17180 "
        "million cells in all; delete the stray cells far below or right of the data and save")


@pytest.mark.parametrize("written", [
    b"<c r='XFD1048576'", b'<c r = "XFD1048576"', b'<c\n r="XFD1048576"',
    b'<c\tr="XFD1048576"', b'<c r="xfd1048576"', b'<c r="XFD01048576"',
    # two spaces or tabs around "=": calamine aborted the process before issue 15
    b'<c r  ="XFD1048576"', b'<c r\t\t=\t"XFD1048576"', b"<c r=\n'XFD1048576'",
])
def test_a_far_cell_written_an_unusual_way_is_still_refused(tmp_path: Path,
                                                           written: bytes) -> None:
    """XML allows other quotes and spaces; calamine honours them and would abort."""
    path = write_workbook(tmp_path / "far.xlsx", tiny_sheets())
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["units"]["B9"] = "x"
    book.save(path)
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        data = archive.read(sheet)
    assert b'<c r="B9"' in data
    rezipped = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rezipped, "w",
                                                      zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = src.read(info.filename)
            out.writestr(info.filename, part.replace(b'<c r="B9"', written)
                         if info.filename == sheet else part)
    message = refused(rezipped)
    assert message.startswith("odd.xlsx: a sheet (xl/worksheets/sheet1.xml) uses cells as far "
                              "as XFD1048576"), message


@pytest.mark.parametrize("chunk", [40, 97, 16 * 1024**2])
def test_the_extent_of_a_sheet_read_in_pieces_counts_every_piece(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """A far row in one piece and a wide column in a later one: 900,000 rows × 702 columns
    (each piece alone is within a cheap bound, but not the same one)."""
    from parcalc.workbook import guard, pieces

    monkeypatch.setattr(pieces, "CHUNK", chunk)
    path = write_workbook(tmp_path / "far.xlsx", tiny_sheets())
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        data = archive.read(sheet)
    far_row = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row>'
    wide = b'<row r="5"><c r="ZZ5" t="inlineStr"><is><t>y</t></is></c></row>'
    data = data.replace(b"</sheetData>", far_row + b" " * 300 + wide + b"</sheetData>")
    odd = rezip(tmp_path / "pieces.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, data if info.filename == sheet
                         else src.read(info.filename))
    # the guard alone: were it to let this through, calamine would ask for 632 million cells
    with pytest.raises(WorkbookError) as info:
        guard.check_file(odd)
    assert str(info.value).replace(f"{odd.parent}/", "").startswith(
        "pieces.xlsx: a sheet (xl/worksheets/sheet1.xml) uses cells as far as ZZ900000, "
        "632 million cells")


def test_a_million_row_sheet_is_read_in_bounded_time(tmp_path: Path) -> None:
    """1,048,576 rows: blank but for the header and a last row naming an unknown unit."""
    path = tmp_path / "million.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    units = book.add_worksheet("units")
    units.write_row(0, 0, ["unit_id"])
    units.write_row(1, 0, ["U1"])
    scores = book.add_worksheet("scores")
    scores.write_row(0, 0, ["unit_id", "criterion_id", "value"])
    for row in range(1, 1_048_575):
        scores.write_blank(row, 0, None, book.add_format() if row == 1 else None)
    scores.write_row(1_048_575, 0, ["NOBODY", "1.1", "có"])
    book.close()
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    code, _, err = invoke("score", path, "-c", tmp_path / "tiny.yaml")
    assert code == 1
    assert "million.xlsx › scores!A1048576: unknown unit id 'NOBODY'" in err


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.xlsx"
    os.symlink(loop, loop)
    code, _, err = invoke("score", loop, "-c", CRITERIA)
    assert code == 2
    assert "loop.xlsx" in err and "Traceback" not in err
    folder = tmp_path / "folder"
    folder.mkdir()
    os.symlink(folder / "self.xlsx", folder / "self.xlsx")
    code, _, err = invoke("score", folder, "-c", CRITERIA)
    assert code == 2
    assert err.strip() == f"{folder}: no workbook (.xlsx, .xlsm, .xls, .ods) in this folder"


def test_settings_path_outside_the_workbook_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    sheets = tiny_sheets()
    sheets["settings"] = [["key", "value"], ["criteria", "../outside.yaml"]]
    path = write_workbook(inner / "w.xlsx", sheets)
    code, _, err = invoke("score", path)
    assert code == 2
    assert err.strip().endswith(
        "criteria '../outside.yaml' is outside the workbook's folder "
        f"({inner}); move the file beside the workbook, name a shipped set, or pass "
        "--allow-outside")
    assert invoke("score", path, "--allow-outside")[0] == 0
    (inner / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    sheets["settings"] = [["key", "value"], ["criteria", "link.yaml"]]
    write_workbook(inner / "w.xlsx", sheets)
    assert invoke("score", path)[0] == 2  # a symlink does not get out either


def test_csv_text_is_never_a_formula(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["units"][1] = ["U1", "+cmd|' /C calc'!A0", "@Sở"]
    sheets["units"][2] = ["U2", "-2+3", "Sở"]
    path = write_workbook(tmp_path / "w.xlsx", sheets)
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    code, out, _ = invoke("score", path, "-c", tmp_path / "tiny.yaml", "-f", "csv")
    assert code == 0
    import csv

    rows = list(csv.DictReader(io.StringIO(out)))
    names = {r["unit_id"]: r["name"] for r in rows}
    assert names["U1"] == "'+cmd|' /C calc'!A0"
    assert names["U2"] == "'-2+3"
    assert {r["group"] for r in rows} >= {"'@Sở"}
    assert rows[0]["points"] == "93.50"  # numbers stay numbers


@pytest.mark.parametrize(("ref", "beyond"), [
    ("A1", False), ("Z1048576", False), ("A1099999", False), ("A999999", False),
    ("a7", False), ("A1100000", True), ("A2000000", True), ("AA1", True),
    ("A10000000", True), ("XFD1048576", True), ("A01048576", True),
])
def test_the_first_cheap_bound_admits_every_excel_row_in_26_columns(ref: str,
                                                                     beyond: bool) -> None:
    """A full-height sheet of up to 26 columns must not need the slow exact count."""
    from parcalc.workbook.extent import BOUNDS, MAX_CELLS

    columns, rows, pattern = BOUNDS[0]
    assert columns * rows <= MAX_CELLS and rows >= 1_048_576
    assert bool(pattern.search(f'<c r="{ref}" t="s">'.encode())) is beyond


# --- padded parts (issue 15) -----------------------------------------------------------------

def padded(target: Path, padding: bytes, at_end: bool = False) -> Path:
    """The tiny workbook with ``padding`` in its scores part after the first row (``at_end``:
    after the last), every part stored (no compression: the zip-bomb ratio does not
    apply)."""
    source = write_workbook(target.with_name("plain.xlsx"), tiny_sheets())
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # scores
                cut = data.index(b"</sheetData>") if at_end else \
                    data.index(b"</row>") + len(b"</row>")
                data = data[:cut] + padding + data[cut:]
            out.writestr(info.filename, data)
    return target


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pieces of 4 KiB and padding past 64 KiB: the 16 MiB and 1.5 GB case, made small."""
    from parcalc.workbook import pieces

    monkeypatch.setattr(pieces, "CHUNK", 4096)
    monkeypatch.setattr(pieces, "MAX_STRETCH", 64 * 1024)
    return 64 * 1024


@pytest.mark.parametrize("padding", [b" " * 300_000, b"\n\t " * 100_000,
                                     b"<!--" + b"x" * 300_000 + b"-->"])
def test_a_part_padded_with_no_tag_is_refused_before_calamine_reads_it(
        tmp_path: Path, small_pieces: int, padding: bytes) -> None:
    path = padded(tmp_path / "padded.xlsx", padding)
    message = refused(path)
    assert message.startswith("padded.xlsx: sheet 'scores' (xl/worksheets/sheet2.xml) has over "
                              "0 MB with no "
                              "XML tag from 0 MB on (padding, not data); open the workbook in a "
                              "spreadsheet and save it again"), message


def test_a_padded_part_is_refused_in_vietnamese(tmp_path: Path, small_pieces: int,
                                                vietnamese: None) -> None:
    path = padded(tmp_path / "padded.xlsx", b" " * 300_000)
    assert refused(path) == (
        "padded.xlsx: trang tính 'scores' (xl/worksheets/sheet2.xml) có hơn 0 MB không chứa thẻ "
        "XML nào, từ MB "
        "thứ 0 trở đi (phần đệm, không phải dữ liệu); mở tệp bằng phần mềm bảng tính và lưu lại")


def test_a_part_padded_with_empty_cells_is_read_in_bounded_pieces(
        tmp_path: Path, small_pieces: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Formatted, empty cells down to row 20,000 (a "bloated used range"): scored as the plain
    workbook is, the part read in pieces no longer than a piece and a stretch."""
    from parcalc.workbook import pieces

    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="0"/>' % (c, r)
                                                     for c in (b"G", b"H", b"I")) + b"</row>"
                    for r in range(30, 20_000))
    path = padded(tmp_path / "cells.xlsx", rows, at_end=True)
    longest = 0
    real = pieces.pieces

    def measured(*args: object, **kwargs: object) -> object:
        nonlocal longest
        for piece in real(*args, **kwargs):  # type: ignore[arg-type]
            longest = max(longest, len(piece))
            yield piece

    monkeypatch.setattr("parcalc.workbook.sheetscan.pieces", measured)
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    plain = invoke("score", tmp_path / "plain.xlsx", "-c", tmp_path / "tiny.yaml", "-f", "csv")
    assert invoke("score", path, "-c", tmp_path / "tiny.yaml", "-f", "csv") == plain
    assert 0 < longest <= 4096 + small_pieces


_XML = st.sampled_from([b" ", b"\t", b"\n", b"\x0b", b"r", b"=", b'"', b"'", b"A", b"x", b"1", b"0",
                        b"2", b"9", b"<c", b">", b' r="', b" r='", b"/>"])


def _first_bound_by_regex(piece: bytes) -> bool:
    """The first bound as a regular expression: the specification the numpy scan meets."""
    import re

    spaced = piece.translate(bytes.maketrans(bytes(range(33)) + b"'", b" " * 33 + b'"'))
    if b" =" in spaced or b"= " in spaced:
        return False
    beyond = rb' r="(?:[A-Za-z]{2}|[A-Za-z]?(?:[0-9]{8}|[2-9][0-9]{6}|1[1-9][0-9]{5}))'
    return re.search(beyond, spaced) is None


@given(st.lists(_XML, max_size=60).map(b"".join))
@settings(max_examples=400, deadline=None)
def test_the_first_bound_in_numpy_is_the_regular_expression(piece: bytes) -> None:
    import numpy as np

    from parcalc.workbook.extent import first_bound, first_bound_small

    assert first_bound(np.frombuffer(piece, np.uint8)) is _first_bound_by_regex(piece)
    assert first_bound_small(piece) is _first_bound_by_regex(piece)


@pytest.mark.parametrize(("ref", "holds"), [
    ("A1", True), ("Z1048576", True), ("A1099999", True), ("A1100000", False),
    ("AA1", False), ("A10000000", False), ("A01048576", False), ("1048576", True),
    ("12000000", False), ("a7", True),
])
def test_the_first_bound_in_numpy_at_its_edges(ref: str, holds: bool) -> None:
    import numpy as np

    from parcalc.workbook.extent import first_bound

    piece = f'<row r="1"><c r="{ref}" t="s"><v>0</v></c></row>'.encode()
    assert first_bound(np.frombuffer(piece, np.uint8)) is holds


@pytest.fixture
def little_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with 1 MiB free, checking every sheet: the refusal of a sheet too large to
    read, made small."""
    from parcalc.workbook import guard

    monkeypatch.setattr(guard, "MEMORY_CHECK_FROM", 0)
    monkeypatch.setattr(guard, "available_memory", lambda: 1024**2)


def test_a_sheet_too_large_for_the_free_memory_is_refused_before_it_is_read(
        tmp_path: Path, little_memory: None) -> None:
    sheets = tiny_sheets()
    sheets["scores"] += [["U1", "2.1", 5, 5]] * 20_000  # ~1 MB of XML: needs ~3 MB
    path = write_workbook(tmp_path / "big.xlsx", sheets)
    message = refused(path)
    assert message.startswith("big.xlsx: sheet 'scores' (xl/worksheets/sheet2.xml) unpacks to "), \
        message
    assert message.endswith(" MB, and reading it takes about 0.0 GB of memory; 0.0 GB is free; "
                            "close other programs, or split the sheet into several files")


def test_a_sheet_too_large_for_the_free_memory_is_refused_in_vietnamese(
        tmp_path: Path, little_memory: None, vietnamese: None) -> None:
    sheets = tiny_sheets()
    sheets["scores"] += [["U1", "2.1", 5, 5]] * 20_000
    path = write_workbook(tmp_path / "big.xlsx", sheets)
    assert refused(path).endswith(
        "cần khoảng 0.0 GB bộ nhớ để đọc; máy còn trống 0.0 GB; đóng bớt chương trình khác "
        "hoặc tách trang tính thành nhiều tệp")
