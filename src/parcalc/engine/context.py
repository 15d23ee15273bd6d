"""One scoring run: the workbook, the options, and every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from parcalc.errors import Location, Problem
from parcalc.workbook import Workbook

#: Errors kept per run; past this a workbook is surely the wrong file, and the rest are counted.
MAX_PROBLEMS = 10_000


@dataclass
class RunContext:
    """What every check and scoring step shares: the workbook, ``strict``, the units (once
    checked), and the problems collected so far."""

    workbook: Workbook
    strict: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped: int = 0  # errors past MAX_PROBLEMS, counted only
    #: respondent group → survey criteria that gave it no weight though it answered
    unweighted: dict[str, list[str]] = field(default_factory=dict)

    def error(self, message: str, where: Location | None) -> None:
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(Problem(message, where))
        else:
            self.dropped += 1

    def warn(self, message: str, where: Location | None) -> None:
        self.warnings.append(Problem(message, where, "warning"))

    def file(self) -> Location:
        return Location(self.workbook.name)


def short_list(ids: list[str], limit: int = 8) -> str:
    """``ids`` joined for a message, the first ``limit`` of them and how many more."""
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
