"""How much room text takes in a spreadsheet cell, for the row heights xlsxwriter cannot
compute (spreadsheets do not autofit a row when they open a file).

The workbooks parcalc writes use Arial 10 (:data:`FONT`): Excel has it everywhere and
LibreOffice draws it with Liberation Sans, which has the same widths, so what parcalc
computes here is what both print. The widths are averages measured on Vietnamese text
(diacritics included) in ems of the font size, a little generous so that a row is never too
short; an upper-case Vietnamese title with marks stacked above its capitals (Ể, Ộ, Ấ) needs
:data:`STACKED` times the usual line height.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: The font of every cell, chart and header: the name and size in points.
FONT = "Arial"
SIZE = 10.0
#: A column's width in pixels: width × DIGIT_PX + PAD_PX (Excel rounds Arial 10's digit to
#: 7 px, LibreOffice draws it 7.41 px wide; 7.5 covers both).
DIGIT_PX = 7.5
PAD_PX = 5.0
#: Pixels a cell keeps free either side of its text.
CELL_PAD_PX = 6.0
#: Advances of the printable ASCII characters in Arial (= Liberation Sans), thousandths of
#: an em; a Vietnamese letter takes its base letter's (ư and ơ a little more), any other
#: character :data:`EM_OTHER`; bold is :data:`BOLD` times wider.
_ASCII = (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667,
    722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611,
    722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278,
    556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500,
    500, 500, 334, 260, 334, 584)
_EXTRA = {"đ": 556, "Đ": 722, "ư": 669, "Ư": 854, "ơ": 656, "Ơ": 857}
EM_OTHER = 1.0
EM_SPACE = 0.278
BOLD = 1.08
#: A line's height as a multiple of the font size, and the extra for stacked marks.
LINE = 1.3
STACKED = 1.3
#: Of a line's room, the part text is laid out in (applications pad differently); and,
#: for texts measured by their length only, the part a line is filled on average.
ROOM = 1.0
FILL = 0.88
#: Distinct texts of a column measured one by one; past this, by length at EM_LONG a
#: character (the average of Vietnamese text with its spaces, rounded up).
EXACT = 20_000
EM_LONG = 0.52
#: Points added to every row (the cell's own top and bottom margins).
ROW_PAD = 2.0
#: A row never shorter than this (points).
MIN_ROW = 13.5
PT_PER_PX = 0.75


def column_px(width: float) -> float:
    """The pixels a column of ``width`` characters takes when printed."""
    return width * DIGIT_PX + PAD_PX


def text_px(text: str, size: float = SIZE, bold: bool = False) -> float:
    """The width of ``text`` on one line, in pixels at 96 dpi."""
    return _ems(text) * size / PT_PER_PX * (BOLD if bold else 1.0)


@lru_cache(maxsize=1 << 14)
def _ems(text: str) -> float:
    return sum(_char_em(ch) for ch in text)


@lru_cache(maxsize=1 << 12)
def _char_em(ch: str) -> float:
    if ch in _EXTRA:
        return _EXTRA[ch] / 1000
    if ch.isspace():
        return EM_SPACE
    base = unicodedata.normalize("NFD", ch)[0]
    if " " <= base <= "~":
        return _ASCII[ord(base) - 32] / 1000
    return 0.0 if unicodedata.combining(base) else EM_OTHER


def lines(text: str, width: float, size: float = SIZE, bold: bool = False) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide: its words laid out
    greedily, each paragraph on its own lines, a word too long for a line broken."""
    room = max(column_px(width) - CELL_PAD_PX, 1.0) * ROOM
    scale = size / PT_PER_PX * (BOLD if bold else 1.0)
    space = EM_SPACE * scale
    count = 0
    for part in str(text).split("\n"):
        used, count = (len(part) - len(part.lstrip(" "))) * space, count + 1  # the indent
        for word in part.split():
            wide = _ems(word) * scale
            if used and used + space + wide > room:
                count, used = count + 1, 0.0
            used += (space if used else 0.0) + wide
            if used > room:  # a word longer than a line
                extra = math.ceil(used / room) - 1
                count, used = count + extra, used - extra * room
    return count


def stacked(text: str) -> bool:
    """True for upper-case text whose capitals carry marks above (Ể, Ộ, Ấ): the line needs
    more room. (A capital here and there, as in "Huyện Ứng Hòa", fits the usual line.)"""
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return upper * 2 > len(letters) and any(
        ch.isupper() and len(unicodedata.normalize("NFD", ch)) > 1 for ch in letters)


def line_height(size: float = SIZE, upper_marks: bool = False) -> float:
    """One line's height in points."""
    return size * LINE * (STACKED if upper_marks else 1.0)


def row_height(cells: list[tuple[str, float]], size: float = SIZE,
               bold: bool = False) -> float:
    """The height (points) of a row whose wrapped ``cells`` are (text, column width)."""
    best = MIN_ROW
    for text, width in cells:
        if not text:
            continue
        need = lines(text, width, size, bold) * line_height(size, stacked(text)) + ROW_PAD
        best = max(best, need)
    return whole_px(best)


def whole_px(height: float) -> float:
    """``height`` (points) rounded up to a whole pixel (0.75 pt): a workbook stores row
    heights so, and a rounded-down row would clip its last line."""
    return math.ceil(round(height / PT_PER_PX, 6)) * PT_PER_PX


def column_lines(column: pd.Series, width: float, size: float = SIZE) -> np.ndarray:
    """Lines each cell of a text column wraps to, for a whole column at once: measured per
    distinct text (a column of criterion titles repeats a few hundred texts over millions of
    rows); past :data:`EXACT` distinct texts, from their lengths."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if len(uniques) == 0:
        return np.ones(len(column), dtype=np.int64)
    texts = pd.Series(uniques, dtype=object).astype(str)
    if len(texts) <= EXACT:
        counts = np.array([lines(t, width, size) for t in texts], dtype=np.int64)
    else:
        room = max(column_px(width) - CELL_PAD_PX, 1.0) * FILL
        wide = texts.str.len().to_numpy(dtype=float) * EM_LONG * size / PT_PER_PX
        counts = np.maximum(np.ceil(wide / room), 1).astype(np.int64) + texts.str.count(
            "\n").to_numpy(dtype=np.int64)
    return np.where(codes >= 0, counts[np.maximum(codes, 0)], 1)


def frame_heights(frame: pd.DataFrame, widths: Mapping[str, float],
                  size: float = SIZE) -> np.ndarray:
    """Row heights (points) of ``frame`` whose wrapped columns are ``widths``' keys."""
    import numpy as np

    most = np.ones(len(frame), dtype=np.int64)
    for key, width in widths.items():
        most = np.maximum(most, column_lines(frame[key], width, size))
    need = np.maximum(most * line_height(size) + ROW_PAD, MIN_ROW)
    heights: np.ndarray = np.ceil(np.round(need / PT_PER_PX, 6)) * PT_PER_PX
    return heights
