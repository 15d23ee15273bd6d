"""Workbooks written on the fly with openpyxl, one sheet per entry of a mapping."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

Rows = Sequence[Sequence[Any]]


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write a workbook with one sheet per entry; rows as given (first row: header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path
