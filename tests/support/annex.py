"""Annex tables written by hand, as analysts get them: a workbook sheet or a Word table with
title rows above, a header (merged cells allowed) and rows of cells."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

#: ((first row, first col), (last row, last col)), 0-based and inclusive, in the table
Merge = tuple[tuple[int, int], tuple[int, int]]

HEADER = ["STT", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm điểm"]


def annex_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title: Sequence[str] = (),
               merges: Sequence[Merge] = (), sheet: str = "Sheet1") -> Path:
    """A workbook whose sheet holds the title rows (one cell each), then ``rows`` (header
    included); ``merges`` are in ``rows``' coordinates."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for line in title:
        ws.append([line])
    for row in rows:
        ws.append(list(row))
    top = len(title)
    for (r1, c1), (r2, c2) in merges:
        ws.merge_cells(start_row=top + r1 + 1, start_column=c1 + 1, end_row=top + r2 + 1,
                       end_column=c2 + 1)
    book.save(path)
    return path


def annex_docx(path: Path, rows: Sequence[Sequence[Any]], *, title: Sequence[str] = (),
               merges: Sequence[Merge] = (), before: Sequence[Sequence[Sequence[Any]]] = ()
               ) -> Path:
    """A Word document: the title paragraphs, then a table of ``rows`` (cells as text;
    None is blank) with ``merges``; ``before`` are other tables that come first."""
    import docx

    document = docx.Document()
    for other in before:
        _table(document, other, ())
        document.add_paragraph("")
    for line in title:
        document.add_paragraph(line)
    _table(document, rows, merges)
    document.save(str(path))
    return path


def _table(document: Any, rows: Sequence[Sequence[Any]], merges: Sequence[Merge]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = str(value)
    for (r1, c1), (r2, c2) in merges:
        keep = table.cell(r1, c1).text
        table.cell(r1, c1).merge(table.cell(r2, c2)).text = keep
