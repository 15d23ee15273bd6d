"""Tables that fit the terminal: every number in full, text wrapped at spaces, never cut.

rich shrinks columns that do not fit and cuts their cells with ``…``; a ranking with a cut
index is worse than none. So widths are decided here, before rich sees the table: a
:class:`Col` knows the widest cell it must show in full; :func:`table` gives every column
its exact width, and :func:`blocks` splits columns that do not fit beside each other into
several tables, each repeating the key columns (the unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

Justify = Literal["left", "right", "center"]
#: What a table costs beyond its cells: one border per column plus one, two spaces a cell.
PADDING = 2


def words_width(text: str) -> int:
    """The longest word of ``text``: a header may wrap at spaces, never inside a word."""
    return max((cell_len(w) for w in text.split()), default=0)


@dataclass
class Col:
    """A column: its header, its cells, and whether its cells may wrap (text) or not."""

    header: str
    cells: list[str | Text] = field(default_factory=list)
    justify: Justify = "right"
    wrap: bool = False
    style: str | None = None

    @property
    def natural(self) -> int:
        """The width that shows every cell on one line and the header unbroken (each line of a
        header written on several)."""
        return max([_len(self.header), *(_len(c) for c in self.cells)])

    @property
    def least(self) -> int:
        """The narrowest this column may be: whole cells (or, wrapping, whole words)."""
        cells = [_words(c) if self.wrap else _len(c) for c in self.cells]
        return max([words_width(self.header), *cells, 1])


def _len(cell: str | Text) -> int:
    return max((cell_len(line) for line in str(cell).splitlines()), default=0)


def _words(cell: str | Text) -> int:
    return words_width(str(cell))


def cost(widths: Sequence[int]) -> int:
    """Characters a table with columns of these content widths takes."""
    return sum(w + PADDING for w in widths) + len(widths) + 1


def table(columns: Sequence[Col], widths: Sequence[int], title: str | None = None,
          *, sections: Sequence[int] = ()) -> RenderableType:
    """A rich table with each column exactly ``widths[i]`` wide (rows from the cells;
    a line under each row index in ``sections``), under its title (a line of its own,
    wrapped to the console, not to the table)."""
    out = Table(header_style="bold")
    for col, width in zip(columns, widths, strict=True):
        out.add_column(col.header, justify=col.justify, width=width, no_wrap=not col.wrap,
                       overflow="fold", style=col.style)
    rows = max((len(c.cells) for c in columns), default=0)
    for i in range(rows):
        out.add_row(*(c.cells[i] if i < len(c.cells) else "" for c in columns),
                    end_section=i in sections)
    return out if title is None else Group(Text(title, style="italic"), out)


def fit_text(fixed: Sequence[Col], text_col: Col, width: int,
             most: int | None = None) -> list[int] | None:
    """Widths for ``fixed`` columns at their natural width and one text column taking what
    is left (up to its natural width, or ``most``); None when even its least does not fit."""
    widths = [c.natural for c in fixed]
    room = width - cost([*widths, 0])
    want = text_col.natural if most is None else min(text_col.natural, most)
    if room < text_col.least:
        return None
    return [*widths, min(room, want)]


def fit_texts(fixed: Sequence[Col], texts: Sequence[Col], width: int,
              most: Sequence[int | None] | None = None) -> list[int] | None:
    """Widths for ``fixed`` columns at their natural width and several text columns sharing
    what is left: each gets its least, then they widen a character at a time, in proportion
    to their natural widths (or their ``most``), up to those or until the width is used up.
    None when even their leasts do not fit. Returns the fixed widths, then the text widths."""
    widths = [c.natural for c in fixed]
    room = width - cost([*widths, *(0 for _ in texts)])
    caps = [max(c.least, c.natural if m is None else min(c.natural, m))
            for c, m in zip(texts, most or [None] * len(texts), strict=True)]
    shares = [c.least for c in texts]
    if sum(shares) > room:
        return None
    room -= sum(shares)
    while room > 0:
        open_ = [i for i, w in enumerate(shares) if w < caps[i]]
        if not open_:
            break
        i = min(open_, key=lambda k: shares[k] / caps[k])
        shares[i] += 1
        room -= 1
    return [*widths, *shares]


def blocks(key: Sequence[Col], extra: Sequence[Col], width: int,
           key_most: int) -> list[tuple[list[int], list[int]]]:
    """Split ``extra`` columns into blocks that fit ``width`` beside the ``key`` columns.

    The last key column is text (wrapped, at most ``key_most`` wide, less if the width
    needs it). Returns, per block, the key widths and the extra columns' indices.
    """
    fixed = [c.natural for c in key[:-1]]
    text_col = key[-1]
    name = min(text_col.natural, key_most)
    smallest = min((c.natural for c in extra), default=0)
    while name > text_col.least and cost([*fixed, name, smallest]) > width:
        name -= 1
    out: list[tuple[list[int], list[int]]] = []
    current: list[int] = []
    for i, col in enumerate(extra):
        trial = [*fixed, name, *(extra[j].natural for j in current), col.natural]
        if current and cost(trial) > width:
            out.append(([*fixed, name], current))
            current = []
        current.append(i)
    if current:
        out.append(([*fixed, name], current))
    return _balanced(out, [*fixed, name], extra, width)


def _balanced(greedy: list[tuple[list[int], list[int]]], key: list[int], extra: Sequence[Col],
              width: int) -> list[tuple[list[int], list[int]]]:
    """The same number of blocks as ``greedy`` but of even sizes (4 + 4, not 5 + 3), when
    they fit."""
    k, n = len(greedy), len(extra)
    if k < 2:
        return greedy
    size, rest = divmod(n, k)
    even: list[tuple[list[int], list[int]]] = []
    start = 0
    for b in range(k):
        stop = start + size + (1 if b < rest else 0)
        picked = list(range(start, stop))
        if cost([*key, *(extra[j].natural for j in picked)]) > width:
            return greedy
        even.append((list(key), picked))
        start = stop
    return even
