"""Read inspection workbooks (.xlsx, .xlsm, .xls, .ods) into canonical tables.

Sheets are found by name and columns by header, in English or Vietnamese, ignoring case,
spaces and ``_``. One workbook or many (one per inspection team) become one ``Workbook``
(:mod:`.read`): a ``units`` table, a ``scores`` table in the long form whatever layout the
files used (:mod:`.layouts`: long, matrix or per-unit sheets), and the optional ``survey``,
``adjustments`` and ``settings`` tables.

The names below are imported on first use, so that importing a submodule for one name (the
``--layout`` choices, say) does not load pandas.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from parcalc.workbook.layouts import LAYOUTS
    from parcalc.workbook.layouts.base import LENIENT
    from parcalc.workbook.raw import EXTENSIONS
    from parcalc.workbook.read import (
        Workbook,
        missing_scores,
        read_workbook,
        read_workbooks,
        workbook_files,
    )
    from parcalc.workbook.table import IX, Table

_EXPORTS = {
    "Workbook": "parcalc.workbook.read",
    "read_workbook": "parcalc.workbook.read",
    "read_workbooks": "parcalc.workbook.read",
    "workbook_files": "parcalc.workbook.files",
    "missing_scores": "parcalc.workbook.read",
    "Table": "parcalc.workbook.table",
    "IX": "parcalc.workbook.table",
    "LENIENT": "parcalc.workbook.layouts.base",
    "LAYOUTS": "parcalc.workbook.layouts",
    "EXTENSIONS": "parcalc.workbook.raw",
}

__all__ = ["EXTENSIONS", "IX", "LAYOUTS", "LENIENT", "Table", "Workbook", "missing_scores",
           "read_workbook", "read_workbooks", "workbook_files"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'parcalc.workbook' has no attribute {name!r}")
