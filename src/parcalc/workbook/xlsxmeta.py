"""What python-calamine does not tell about an .xlsx/.xlsm sheet, read from its XML.

- **Percent cells**: a number typed as ``85%`` is stored as 0.85 with a percent number
  format; parcalc reads such a cell as the percentage shown (85).
- **Formulas with no saved value**: a workbook written by a program and never opened in a
  spreadsheet has formulas but no results; calamine would read them as blank, so parcalc
  reports them instead of scoring 0.

A sheet is scanned with regular expressions over the raw bytes (fast, and nothing is built
from the XML), in the same pass as the guard's (:mod:`.sheetscan`); small XML parts
(workbook, styles, relationships) are parsed with defusedxml.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np
from defusedxml import ElementTree

from parcalc.workbook.address import column_index
from parcalc.workbook.extent import NUMPY_FROM

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


@dataclass
class SheetMeta:
    percent: set[Cell] = field(default_factory=set)
    #: formula cells with no saved result → the formula's text
    uncached: dict[Cell, str] = field(default_factory=dict)
    #: merged ranges ((first row, first col), (last row, last col)) calamine does not give
    merged: list[tuple[Cell, Cell]] = field(default_factory=list)
    #: rows and columns spanned by cells with values (.ods only: repeats expand)
    extent: Cell = (0, 0)


def book_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], set[int]]:
    """(sheet name → its part, the styles that format numbers as percentages); ``({}, set())``
    for a file whose workbook or styles part cannot be read (calamine will say why)."""
    try:
        return _sheet_parts(archive), _percent_styles(archive)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, ValueError,
            EOFError, zlib.error, RuntimeError, NotImplementedError, LookupError):
        return {}, set()


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


class MetaScan:
    """Percent and uncached-formula cells of one sheet, fed the sheet's pieces in order
    (:func:`~parcalc.workbook.pieces.pieces`: no cell is split)."""

    def __init__(self, percent_styles: set[int]) -> None:
        self.meta = SheetMeta()
        self._wanted = {str(s).encode() for s in percent_styles}

    def feed(self, piece: bytes) -> None:
        if not self._wanted and not _has_formula(piece):
            return  # only formulas to look for, and none here
        meta = self.meta
        for match in _CELL.finditer(piece):
            attrs, body = match.group(1), match.group(3) or b""
            uncached = b"<f" in body and not _VALUE.search(body)
            style = _STYLE.search(attrs)
            pct = style is not None and style.group(1) in self._wanted
            if not (uncached or pct):
                continue
            ref = _REF.search(attrs)
            if ref is None:
                continue
            cell = (int(ref.group(2)) - 1, column_index(ref.group(1)))
            if uncached:
                formula = _FORMULA.search(body)
                text = formula.group(1).decode("utf-8", "replace") if formula else ""
                meta.uncached[cell] = html.unescape(text)
            else:
                meta.percent.add(cell)


def _has_formula(piece: bytes) -> bool:
    """Whether ``<f`` is in the piece (in numpy for a large one: without the GIL)."""
    if len(piece) < NUMPY_FROM:
        return b"<f" in piece
    view = np.frombuffer(piece, np.uint8)
    return bool(((view[:-1] == ord("<")) & (view[1:] == ord("f"))).any())
