"""What python-calamine does not tell about an .xlsx/.xlsm sheet, read from its XML.

- **Percent cells**: a number typed as ``85%`` is stored as 0.85 with a percent number
  format; parcalc reads such a cell as the percentage shown (85).
- **Formulas with no saved value**: a workbook written by a program and never opened in a
  spreadsheet has formulas but no results; calamine would read them as blank, so parcalc
  reports them instead of scoring 0.

Only the parts needed are scanned, with regular expressions over the raw bytes (fast, and
nothing is built from the XML); small XML parts (workbook, styles, relationships) are
parsed with defusedxml.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from parcalc.workbook.address import column_index
from parcalc.workbook.pieces import pieces

Cell = tuple[int, int]  # (row, column), 0-based

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_BUILTIN_PERCENT = {9, 10}
_CELL = re.compile(rb"<c\s([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>")
_FORMULA = re.compile(rb"<f[^>]*>([^<]*)</f>")
#: Parts larger than this are not scanned (the read limits of issue 5 refuse them earlier).
CHUNK = 16 * 1024**2  # a sheet is scanned in pieces of about this size


@dataclass
class SheetMeta:
    percent: set[Cell] = field(default_factory=set)
    #: formula cells with no saved result → the formula's text
    uncached: dict[Cell, str] = field(default_factory=dict)
    #: merged ranges ((first row, first col), (last row, last col)) calamine does not give
    merged: list[tuple[Cell, Cell]] = field(default_factory=list)
    #: rows and columns spanned by cells with values (.ods only: repeats expand)
    extent: Cell = (0, 0)


def read_meta(path: Path) -> dict[str, SheetMeta]:
    """Sheet name → percent and uncached-formula cells; empty for files it cannot read."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = _sheet_parts(archive)
            percent_styles = _percent_styles(archive)
            return {name: _scan(archive, part, percent_styles) for name, part in sheets.items()}
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError,
            EOFError, zlib.error, RuntimeError, NotImplementedError, LookupError):
        return {}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            parts[str(sheet.get("name"))] = part
    return parts


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "")
              for f in styles.findall("m:numFmts/m:numFmt", _NS)}
    percent = {i for i, code in custom.items() if "%" in re.sub(r'"[^"]*"|\\.', "", code)}
    percent |= _BUILTIN_PERCENT
    xfs = styles.findall("m:cellXfs/m:xf", _NS)
    return {i for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in percent}


def _scan(archive: zipfile.ZipFile, part: str, percent_styles: set[int]) -> SheetMeta:
    meta = SheetMeta()
    wanted = {str(s).encode() for s in percent_styles}
    rows = pieces(archive, part, b"</row>", CHUNK)  # no cell split
    if not wanted:  # only formulas to look for: pieces without one are skipped unparsed
        rows = (piece for piece in rows if b"<f" in piece)
    for match in (m for piece in rows for m in _CELL.finditer(piece)):
        attrs, body = match.group(1), match.group(3) or b""
        has_formula = b"<f" in body
        uncached = has_formula and not _VALUE.search(body)
        style = _STYLE.search(attrs)
        pct = style is not None and style.group(1) in wanted
        if uncached or pct:
            ref = _REF.search(attrs)
            if ref is None:
                continue
            cell = (int(ref.group(2)) - 1, column_index(ref.group(1)))
            if uncached:
                formula = _FORMULA.search(body)
                text = formula.group(1).decode("utf-8", "replace") if formula else ""
                meta.uncached[cell] = html.unescape(text)
            if pct and not uncached:
                meta.percent.add(cell)
    return meta
