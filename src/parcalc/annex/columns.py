"""Find an annex table's columns by their headers.

The header is looked for in the first :data:`HEADER_ROWS` rows; title rows above it are
fine. A column is the number (STT, TT, Số TT, Mã), the title (Tiêu chí, Nội dung, "Lĩnh
vực, tiêu chí, tiêu chí thành phần"), the maximum (Điểm tối đa, Điểm chuẩn, Điểm) or the
guide (Hướng dẫn chấm điểm, Cách chấm điểm, Cách tính điểm, Phương pháp chấm); the English
headers parcalc's own export writes are known too. Other columns (Tự đánh giá, Thẩm định,
Ghi chú, Tài liệu kiểm chứng) are ignored.

A header may take two rows: "Điểm" merged over "Tối đa | Tự đánh giá | Thẩm định" reads as
"Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định". A row of column numbers under the header
("(1) (2) (3)", "1 2 3") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parcalc.annex.grid import Grid
from parcalc.text import fold

HEADER_ROWS = 30

_IGNORED = re.compile(r"tự (đánh giá|chấm)|thẩm định|ghi chú|kiểm chứng|giải trình|điểm đạt|"
                      r"kết quả|\bself|apprais|\bnotes?\b|evidence")
_NUMBER = re.compile(r"(stt|tt|số tt|số thứ tự|thứ tự|mã|mã số|mã tiêu chí|no|number|#|id)")
_GUIDE = re.compile(r"hướng dẫn|cách chấm|cách tính|phương pháp (chấm|tính)|guide|how to score")
_MAX_STRONG = re.compile(r"(số )?(điểm tối đa|điểm chuẩn|thang điểm)( \(điểm\))?|max|"
                         r"max(imum)? points|maximum")
_MAX_WEAK = re.compile(r"điểm|tối đa|points")
_TITLE = re.compile(r"tiêu chí|nội dung|lĩnh vực|criteri|title|content")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


@dataclass(frozen=True)
class Columns:
    """Where the parts of the table are: columns (0-based) and rows."""

    number: int
    title: int
    max: int | None
    guide: int | None
    #: the header's first and last rows, and the first row of data
    header_first: int
    header_last: int
    first_row: int

    @property
    def complete(self) -> bool:
        return self.max is not None


def header_key(text: str) -> str:
    """A header cell as matched: folded, one space between words, no trailing ``:``/``*``."""
    return " ".join(fold(text).replace("\n", " ").split()).strip(" :*.")


def role(text: str | None) -> tuple[str, int] | None:
    """(role, strength) of a header cell: number, title, max, guide or ignored; None for
    text that is not a header word."""
    if not text:
        return None
    key = header_key(text)
    if _IGNORED.search(key):
        return ("ignored", 1)
    if _NUMBER.fullmatch(key):
        return ("number", 2)
    if _GUIDE.search(key):
        return ("guide", 2)
    if _MAX_STRONG.fullmatch(key):
        return ("max", 2)
    if _MAX_WEAK.fullmatch(key):
        return ("max", 1)
    if _TITLE.search(key):
        return ("title", 2)
    return None


def find_columns(grid: Grid) -> Columns | None:
    """The table's columns, from the first header found (None: no header). A header with a
    number and a title but no maximum column is returned with ``max`` None: the caller says
    which column is missing."""
    partial: Columns | None = None
    for first in range(min(HEADER_ROWS, grid.height)):
        if not any(role(grid.text(first, col)) for col in range(grid.width)):
            continue
        for last in (first + 1, first):
            if last >= grid.height or (last > first and not _continues(grid, last)):
                continue
            found = _match(grid, first, last)
            if found is not None and found.complete:
                return found
            partial = partial or found
    return partial


def _labels(grid: Grid, first: int, last: int) -> list[str]:
    """Each column's header text over the header rows (a merged cell counted once)."""
    out = []
    for col in range(grid.width):
        parts: list[str] = []
        for row in range(first, last + 1):
            cell = grid.text(row, col) if row == first else grid.fresh_text(row, col)
            if cell and (not parts or parts[-1] != cell):
                parts.append(cell)
        out.append(" ".join(parts))
    return out


def _continues(grid: Grid, row: int) -> bool:
    """Whether ``row`` is a second header row: every cell of its own is a header word."""
    cells = [grid.fresh_text(row, col) for col in range(grid.width)]
    own = [c for c in cells if c]
    return bool(own) and all(role(c) is not None for c in own)


def _match(grid: Grid, first: int, last: int) -> Columns | None:
    best: dict[str, tuple[int, int]] = {}  # role → (strength, column)
    for col, label in enumerate(_labels(grid, first, last)):
        found = role(label)
        if found is None or found[0] == "ignored":
            continue
        name, strength = found
        if name not in best or strength > best[name][0]:
            best[name] = (strength, col)
    if "number" not in best or "title" not in best:
        return None
    start = last + 1
    if start < grid.height and _column_numbers(grid, start):
        start += 1
    return Columns(number=best["number"][1], title=best["title"][1],
                   max=best["max"][1] if "max" in best else None,
                   guide=best["guide"][1] if "guide" in best else None,
                   header_first=first, header_last=last, first_row=start)


def _column_numbers(grid: Grid, row: int) -> bool:
    """A row such as "(1) (2) (3) (4)" or "1 2 3 4" under the header."""
    cells = [grid.text(row, col) for col in range(grid.width)]
    own = [c for c in cells if c]
    return len(own) >= 2 and all(_COLUMN_NUMBER.fullmatch(c) for c in own)


def title_rows(grid: Grid, columns: Columns) -> list[str]:
    """The text above the header, one line per row (merged cells once): a Word table's
    title paragraphs, then the table's rows above its header."""
    lines = list(grid.preamble)
    for row in range(columns.header_first):
        parts: list[str] = []
        for col in range(grid.width):
            cell = grid.text(row, col)
            if cell and cell not in parts:
                parts.append(cell)
        if parts:
            lines.append(" ".join(parts))
    return lines
