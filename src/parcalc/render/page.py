"""Printing a worksheet on A4: orientation, scale, page-width blocks, repeated header rows,
the page header and footer — shared by the report, the comparison and the template.

A table is printed at the largest scale (at most 100 %) at which it fits the page width. When
that would be below :data:`MIN_SCALE` it is not shrunk further: it is cut into page-width
blocks of columns, each printed with the key columns (unit id and name) repeated on its left
(:func:`fit_columns`). The scale is set explicitly, never "fit to page", so that manual page
breaks hold and the rows on a page are known (the chart sheet places its charts by them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parcalc.render.textfit import FONT, SIZE, column_px

#: The options of every workbook parcalc writes: text stays text (never a formula or a
#: link), the font is :data:`~parcalc.render.textfit.FONT` (whose widths row heights and
#: page widths are computed with).
BOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False, "in_memory": True, "strings_to_urls": False,
    "nan_inf_to_errors": True, "default_format_properties": {"font_name": FONT,
                                                             "font_size": SIZE}}

#: Paper size code of A4 in a workbook's page setup.
A4 = 9
#: Never print smaller than this (percent): below it, split the table instead.
MIN_SCALE = 70
#: Margins in inches: left and right, top and bottom, and the header and footer's distance
#: from the paper's edge.
SIDE, TOP, BOTTOM, HEADER, FOOTER = 0.4, 0.75, 0.75, 0.3, 0.3
#: A4 in inches (portrait) and screen pixels per inch.
PAPER = (8.27, 11.69)
DPI = 96
#: Kept free of the printable width and height: applications round and pad differently.
SLACK = 0.97
#: Points kept free of a page's height when every row's height is set.
SAFE_PT = 6.0


@dataclass(frozen=True)
class Fit:
    """How a sheet prints: ``scale`` (percent), the columns that start a new page-width block
    (``breaks``), and the columns repeated on each block (``repeat``: first, last)."""

    scale: int
    breaks: tuple[int, ...] = ()
    repeat: tuple[int, int] | None = None


def printable_px(landscape: bool) -> tuple[float, float]:
    """Width and height (pixels at 100 %) of the printable area of an A4 page."""
    width, height = PAPER[::-1] if landscape else PAPER
    return ((width - 2 * SIDE) * DPI * SLACK, (height - TOP - BOTTOM) * DPI * SLACK)


def printable_pt(landscape: bool, scale: int, exact: bool = False) -> float:
    """The height (points of the sheet) one page holds at ``scale``: less :data:`SLACK`,
    or (``exact``, for rows whose heights are all set) less :data:`SAFE_PT`."""
    height = (PAPER[0] if landscape else PAPER[1]) - TOP - BOTTOM
    room = height * 72 - SAFE_PT if exact else height * 72 * SLACK
    return room * 100 / scale


def fit_columns(widths: Sequence[float], landscape: bool, fixed: int = 0,
                min_scale: int = MIN_SCALE) -> Fit:
    """The largest scale ≤ 100 % at which columns of ``widths`` (characters) fit the page
    width; when that is below ``min_scale``, the columns after the first ``fixed`` are cut
    into as few page-width blocks as fit at ``min_scale`` (each repeating the ``fixed``
    columns), printed at the largest scale that keeps that many blocks."""
    page = printable_px(landscape)[0]
    px = [column_px(w) for w in widths]
    whole = min(100, math.floor(page * 100 / sum(px)))
    if whole >= min_scale or fixed <= 0 or fixed >= len(px):
        return Fit(max(whole, 10))
    least = len(_blocks(px, fixed, page * 100 / min_scale))
    for scale in range(100, min_scale - 1, -1):
        cuts = _blocks(px, fixed, page * 100 / scale)
        if len(cuts) <= least:
            return Fit(scale, tuple(cuts[1:]), (0, fixed - 1))
    return Fit(min_scale, tuple(_blocks(px, fixed, page * 100 / min_scale)[1:]),
               (0, fixed - 1))


def _blocks(px: list[float], fixed: int, room: float) -> list[int]:
    """The first column of each block when columns after ``fixed`` are packed greedily into
    ``room`` pixels beside the fixed ones."""
    starts, used = [fixed], sum(px[:fixed])
    for j in range(fixed, len(px)):
        if used + px[j] > room and j > starts[-1]:
            starts.append(j)
            used = sum(px[:fixed])
        used += px[j]
    return starts


@dataclass(frozen=True)
class PageText:
    """What every printed page says: the footer's title (with the year), the word for
    "page", and the organisation for the header (None: no header)."""

    title: str
    page_word: str
    organisation: str | None = None


def _escape(text: str) -> str:
    """Text for a header or footer: ``&`` doubled, at most 80 characters."""
    text = text if len(text) <= 80 else text[:79] + "…"
    return text.replace("&", "&&")


def setup(ws: Any, text: PageText, *, landscape: bool, fit: Fit | None = None,
          header_rows: tuple[int, int] | None = None,
          row_breaks: Sequence[int] = ()) -> None:
    """A4 in the given orientation at ``fit``'s scale (its blocks cut by column breaks and
    their key columns repeated), ``header_rows`` repeated at the top of every page, page
    breaks before ``row_breaks``; the organisation in the header; the title, the sheet's
    name and "page X/Y" in the footer."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=SIDE, right=SIDE, top=TOP, bottom=BOTTOM)
    fit = fit or Fit(100)
    ws.set_print_scale(fit.scale)
    if fit.breaks:
        ws.set_v_pagebreaks(list(fit.breaks))
    if fit.repeat is not None:
        ws.repeat_columns(*fit.repeat)
    if header_rows is not None:
        ws.repeat_rows(*header_rows)
    if row_breaks:
        ws.set_h_pagebreaks(sorted(set(row_breaks)))
    font = '&"Arial,Regular"&8'
    if text.organisation:
        ws.set_header(f"&L{font}{_escape(text.organisation)}", {"margin": HEADER})
    ws.set_footer(f"&L{font}{_escape(text.title)}&C{font}&A"
                  f"&R{font}{_escape(text.page_word)} &P/&N", {"margin": FOOTER})
