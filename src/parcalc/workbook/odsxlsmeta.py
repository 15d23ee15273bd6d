"""Percent cells and merged ranges of .ods and .xls files, which python-calamine omits.

- .ods: one streaming pass over ``content.xml`` (defusedxml), counting repeated rows and
  columns: cells of ``office:value-type="percentage"`` and ``number-rows/columns-spanned``.
- .xls: xlrd with ``formatting_info``: number cells whose format shows a ``%``.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO

from defusedxml import ElementTree

from parcalc.workbook.xlsxmeta import SheetMeta

_T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE, _ROW = f"{{{_T}}}table", f"{{{_T}}}table-row"
_CELLS = {f"{{{_T}}}table-cell", f"{{{_T}}}covered-table-cell"}
#: A run of repeated cells longer than this is empty filler (16,384 columns to the edge).
_MAX_RUN = 1024


def ods_scan(path: Path) -> dict[str, SheetMeta]:
    """Like :func:`ods_meta`, but a damaged content.xml raises ElementTree.ParseError."""
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        return _scan_ods(content)


def ods_meta(path: Path) -> dict[str, SheetMeta]:
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            return _scan_ods(content)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError,
            EOFError, zlib.error, RuntimeError, NotImplementedError, LookupError):
        return {}


def _scan_ods(content: IO[bytes]) -> dict[str, SheetMeta]:
    out: dict[str, SheetMeta] = {}
    meta, row, col, repeat = SheetMeta(), 0, 0, 1
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == _TABLE:
            meta = out.setdefault(str(element.get(f"{{{_T}}}name")), SheetMeta())
            row = 0
        elif event == "start" and tag == _ROW:
            col, repeat = 0, int(element.get(f"{{{_T}}}number-rows-repeated", "1"))
        elif event == "start" and tag in _CELLS:
            run = int(element.get(f"{{{_T}}}number-columns-repeated", "1"))
            _cell(meta, element, row, col, run, repeat)
            col += run
        elif event == "end" and tag == _ROW:
            row += repeat
            element.clear()
    return out


def _cell(meta: SheetMeta, element: object, row: int, col: int, run: int,
          repeat: int = 1) -> None:
    get = element.get  # type: ignore[attr-defined]
    if get(f"{{{_O}}}value-type") is not None:
        rows, cols = meta.extent
        meta.extent = (max(rows, row + repeat), max(cols, col + run))
    if get(f"{{{_O}}}value-type") == "percentage" and run <= _MAX_RUN:
        meta.percent.update((row, c) for c in range(col, col + run))
    rows = int(get(f"{{{_T}}}number-rows-spanned", "1"))
    cols = int(get(f"{{{_T}}}number-columns-spanned", "1"))
    if rows > 1 or cols > 1:
        meta.merged.append(((row, col), (row + rows - 1, col + cols - 1)))


def xls_meta(path: Path) -> dict[str, SheetMeta]:
    """Best effort: xlrd trips on damaged files calamine still reads; then no percents."""
    try:
        return _xls_meta(path)
    except Exception:  # xlrd raises many types (IndexError, KeyError, struct.error, ...)
        return {}


def _xls_meta(path: Path) -> dict[str, SheetMeta]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises many types on odd files; calamine has read it already
        return {}
    out: dict[str, SheetMeta] = {}
    try:
        percent_xf = {i for i, xf in enumerate(book.xf_list)
                      if "%" in book.format_map.get(xf.format_key, _NO_FORMAT).format_str}
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            meta = out.setdefault(sheet.name, SheetMeta())
            if percent_xf:
                for r in range(sheet.nrows):
                    for c, xf in enumerate(sheet.row_xf_indexes(r) if hasattr(
                            sheet, "row_xf_indexes") else _xfs(sheet, r)):
                        if xf in percent_xf and sheet.cell_type(r, c) == xlrd.XL_CELL_NUMBER:
                            meta.percent.add((r, c))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return out


def _xfs(sheet: object, r: int) -> list[int]:
    return [sheet.cell_xf_index(r, c)  # type: ignore[attr-defined]
            for c in range(sheet.row_len(r))]  # type: ignore[attr-defined]


class _NoFormat:
    format_str = ""


_NO_FORMAT = _NoFormat()
