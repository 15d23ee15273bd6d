"""The tables of a Word (.docx) file as grids, with python-docx.

Word merges cells two ways: a horizontal span (``gridSpan``) is one cell over several grid
columns; a vertical merge (``vMerge``) continues the cell above in the next rows. Both carry
the first cell's text into every grid cell they cover, and mark the covered cells (see
:class:`~parcalc.annex.grid.Grid`). A row may start after the first grid column
(``gridBefore``): its cells are put at their grid columns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcalc.annex.grid import AnnexError, Grid
from parcalc.errors import Location, Problem
from parcalc.i18n import msg

if TYPE_CHECKING:
    from docx.table import Table

#: A .docx larger than this once unpacked is surely not an annex (and maybe a zip bomb).
MAX_UNPACKED = 256 * 1024**2
MAX_RATIO = 200


def docx_grids(path: Path) -> list[Grid]:
    """Every top-level table of the document, in order; ``name`` is its number from 1."""
    _check_zip(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _unreadable(path, exc) from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged document
        raise _unreadable(path, exc) from None
    from docx.oxml.ns import qn
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    grids: list[Grid] = []
    preamble: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            line = " ".join(Paragraph(element, document).text.split())
            preamble += [line] if line else []
        elif element.tag == qn("w:tbl"):
            grid = _grid(path, WordTable(element, document), len(grids) + 1)
            grid.preamble, preamble = preamble, []
            grids.append(grid)
    return grids


def _unreadable(path: Path, exc: BaseException) -> AnnexError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
    return AnnexError(Problem(msg("annex.docx_unreadable", reason=reason), Location(str(path))))


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    if "word/document.xml" not in names:
        raise AnnexError(Problem(msg("annex.docx_not_word"), Location(str(path))))
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNPACKED or (total > 10 * 1024**2 and total > MAX_RATIO * max(packed, 1)):
        raise AnnexError(Problem(msg("annex.docx_too_large", mib=total // 1024**2),
                                 Location(str(path))))


def _grid(path: Path, table: Table, number: int) -> Grid:
    from docx.table import _Cell

    cells: list[list[Any]] = []
    covered: set[tuple[int, int]] = set()
    for r, tr in enumerate(table._tbl.tr_lst):
        row: list[Any] = [None] * tr.grid_before
        for tc in tr.tc_lst:
            col, span = len(row), tc.grid_span
            if tc.vMerge == "continue":
                above = cells[r - 1] if r else []
                value = above[col] if col < len(above) else None
                covered.update((r, c) for c in range(col, col + span))
            else:
                value = _Cell(tc, table).text
                covered.update((r, c) for c in range(col + 1, col + span))
            row += [value] * span
        cells.append(row)
    return Grid(str(path), "docx", str(number), cells, covered)
