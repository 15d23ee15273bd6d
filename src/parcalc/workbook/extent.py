"""How far a sheet's cells reach, from its XML, before calamine is let near it.

calamine materialises a sheet as a dense grid in native code: one cell at XFD1048576 asks
for half a terabyte and the process aborts, with no exception to catch. The bound comes
from the longest row number and column letters in any cell or row reference (calamine
places a cell by its own reference, whatever its row says): cheap bounds first, in one
pass shared with the sheet's other scan (:mod:`.sheetscan`), the exact count only when
they do not hold.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from parcalc.workbook.address import column_index
from parcalc.workbook.pieces import pieces

MAX_CELLS = 30_000_000  # ~1 GB once materialised; 1,048,576 rows × 28 columns
# Cell and row references are the only ' r="' attributes in a sheet; a literal prefix lets
# the regex engine skip ahead, so each search is one fast pass.
# (columns, rows, pattern): no reference matches the pattern, so the sheet spans at most
# that many columns (1, 2, 3 letters name 26, 702, 18,278) and rows, within MAX_CELLS. Tried
# in order until one holds over the whole sheet (most sheets: the first; a sheet wider than 26
# columns: the second). The first allows Excel's every row (1,048,576) in 26 columns.
BOUNDS = [
    (26, 1_099_999, re.compile(rb' r="(?:[A-Za-z]{2}|[A-Za-z]*(?:[0-9]{8}|[2-9][0-9]{6}'
                               rb'|1[1-9][0-9]{5}))')),
    (702, 9_999, re.compile(rb' r="(?:[A-Za-z]{3}|[A-Za-z]*[0-9]{5})')),
    (18_278, 999, re.compile(rb' r="(?:[A-Za-z]{4}|[A-Za-z]*[0-9]{4})')),
]
# References written other than ` r="…"` (XML allows `r='…'`, `r = "…"`, tabs or line breaks
# around `=`): the bounds would not see them, so a sheet with whitespace next to any `=` is
# counted exactly. For the second and third bounds, tabs and line breaks are first made
# spaces and single quotes double ones.
_SPACES = bytes.maketrans(b"\t\n\r'", b'   "')
_ODD_SPACE = (b" =", b"= ")
# The exact count: every cell and row reference, however written (a namespace prefix too).
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr\s*=\s*["\']([A-Za-z]+)([0-9]*)["\'][^>]*?(/>|>)')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["\']([0-9]+)["\']')


class Beyond(Exception):
    """The sheet's cells reach ``rows`` × ``columns``, over :data:`MAX_CELLS`."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.rows, self.columns = rows, columns


class FirstBound:
    """The first (and usually only) pass: does :data:`BOUNDS`' first bound hold for every
    piece? Fed the pieces one by one (see :func:`first_bound`)."""

    def __init__(self) -> None:
        self.holds = True

    def feed(self, piece: bytes) -> None:
        if self.holds and not (first_bound(np.frombuffer(piece, np.uint8))
                               if len(piece) >= NUMPY_FROM else first_bound_small(piece)):
            self.holds = False


#: Pieces from this size are scanned with numpy (which gives the GIL back: threads scan at
#: once); smaller ones with a regular expression (fewer steps: on a small form, each of
#: numpy's ~30 operations could wait for the GIL longer than it works).
NUMPY_FROM = 256 * 1024
_WHITESPACE = bytes.maketrans(bytes(range(33)) + b"'", b" " * 33 + b'"')
_FIRST = re.compile(rb' r="(?:[A-Za-z]{2}|[A-Za-z]?(?:[0-9]{8}|[2-9][0-9]{6}|1[1-9][0-9]{5}))')


def first_bound_small(piece: bytes) -> bool:
    """:func:`first_bound` by a regular expression, for small pieces."""
    spaced = piece.translate(_WHITESPACE)
    return not (b" =" in spaced or b"= " in spaced or _FIRST.search(spaced))


def first_bound(a: npt.NDArray[np.uint8]) -> bool:
    """Whether :data:`BOUNDS`' first bound holds for the references in ``a`` (bytes of a
    sheet's XML, whole tags): no ``=`` beside whitespace, and after every whitespace + ``r=``
    + quote at most one letter and a row under 1,100,000. What the first bound's regular
    expression does, in numpy, whose loops run without the GIL: threads scan sheets at once.
    Two passes over the whole piece (finding each ``=``); the rest looks only around them.
    """
    n = len(a)
    eq = np.flatnonzero(a == 61)
    if not len(eq):
        return True
    if (_byte(a, eq - 1) <= 32).any() or (_byte(a, eq + 1) <= 32).any():
        return False  # odd spacing (a byte up to a space next to '='): a reference could hide
    eq = eq[(eq >= 2) & (eq <= n - 2)]
    after = a[eq + 1]
    ref = (a[eq - 1] == 114) & (a[eq - 2] <= 32) & ((after == 34) | (after == 39))
    start = eq[ref] + 2  # the first character of each reference
    if not len(start):
        return True
    first = _letter(_byte(a, start))
    if (first & _letter(_byte(a, start + 1))).any():
        return False  # two letters: over 26 columns
    at = start + first  # the row number's first digit
    digits = np.ones(len(at), dtype=bool)
    for k in range(7):
        digits &= _digit(_byte(a, at + k))
    if not digits.any():
        return True
    at, eighth = at[digits], _digit(_byte(a, at[digits] + 7))
    lead, second = _byte(a, at), _byte(a, at + 1)
    too_far = eighth | (lead >= ord("2")) | ((lead == ord("1")) & (second >= ord("1")))
    return not too_far.any()  # 8 digits, or 7 from 1,100,000 on


def _byte(a: npt.NDArray[np.uint8], at: npt.NDArray[np.intp]) -> npt.NDArray[np.uint8]:
    """``a[at]``, with 255 (no whitespace, letter nor digit) where ``at`` falls outside
    ``a`` (before or after it)."""
    inside = (at >= 0) & (at < len(a))
    if inside.all():
        return a[at]
    out = np.full(len(at), 255, dtype=np.uint8)
    out[inside] = a[at[inside]]
    return out


def _letter(c: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    lower = c | 32
    return (lower >= ord("a")) & (lower <= ord("z"))


def _digit(c: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    return (c >= ord("0")) & (c <= ord("9"))


def check_extent(archive: zipfile.ZipFile, name: str, first: FirstBound | None = None) -> None:
    """Raise :class:`Beyond` if part ``name`` spans more than :data:`MAX_CELLS`. ``first``:
    the first bound, already tried over the whole part in another pass."""
    if first is None:
        first = FirstBound()
        for piece in pieces(archive, name):
            first.feed(piece)
            if not first.holds:
                break
    if first.holds or _bounded(archive, name):
        return
    max_row = max_col = 0
    for piece in _spaced(archive, name):
        for match in _CELL.finditer(piece):
            if match.group(3) == b"/>":
                continue  # a formatted, empty cell: calamine skips it
            col = column_index(match.group(1).upper())
            max_row, max_col = max(max_row, int(match.group(2) or 0)), max(max_col, col + 1)
        max_row = max([max_row, *(int(n) for n in _ROW.findall(piece))])
    if max_row * max_col > MAX_CELLS:
        raise Beyond(max_row, max_col)


def _bounded(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether the second or third bound of :data:`BOUNDS` holds for every reference (each
    tried over the whole sheet, the next one only if a piece breaks it)."""
    for columns, rows, beyond in BOUNDS[1:]:
        assert columns * rows <= MAX_CELLS
        for piece in _spaced(archive, name):
            if any(odd in piece for odd in _ODD_SPACE):  # the bounds may miss these
                return False
            if beyond.search(piece):
                break
        else:
            return True
    return False


def _spaced(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The part in pieces, tabs and line breaks made spaces."""
    return (piece.translate(_SPACES) for piece in pieces(archive, name))
