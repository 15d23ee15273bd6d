"""parcalc: a calculator for the Vietnamese PAR Index (Chỉ số cải cách hành chính).

The API, imported lazily so that ``parcalc --help`` stays fast::

    from parcalc import load_criteria, read_workbook, score
    criteria = load_criteria("criteria/hanoi-departments.yaml")
    results = score(read_workbook("examples/2021.xlsx"), criteria)
    results.units          # one row per unit: points, max, index, rank, band
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_criteria": "parcalc.criteria.load",
    "check_criteria": "parcalc.criteria.load",
    "resolve_criteria": "parcalc.criteria.shipped",
    "CriteriaSet": "parcalc.criteria.model",
    "read_workbook": "parcalc.workbook",
    "read_workbooks": "parcalc.workbook",
    "Workbook": "parcalc.workbook",
    "score": "parcalc.engine",
    "Results": "parcalc.results",
    "criteria_for": "parcalc.api",
    "score_file": "parcalc.api",
    "ParcalcError": "parcalc.errors",
    "Problem": "parcalc.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'parcalc' has no attribute {name!r}")
