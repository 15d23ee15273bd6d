"""One scoring run: the workbook, the options, and every problem found on the way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from parcalc.errors import SHOWN_PLACES, Location, Problem, Severity
from parcalc.i18n import Msg, msg
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
    #: (what, id as written) → its "did you mean" (worked out once per distinct id)
    hints: dict[tuple[str, str], Msg | str] = field(default_factory=dict)

    def error(self, message: Msg, where: Location | None) -> None:
        self.add(Problem(message, where))

    def warn(self, message: Msg, where: Location | None) -> None:
        self.add(Problem(message, where, "warning"))

    def add(self, problem: Problem) -> None:
        """Keep ``problem`` (errors up to :data:`MAX_PROBLEMS`, the rest counted)."""
        if problem.severity == "warning":
            self.warnings.append(problem)
        elif len(self.errors) < MAX_PROBLEMS:
            self.errors.append(problem)
        else:
            self.dropped += 1

    def file(self) -> Location:
        return Location(self.workbook.name)


def at_places(message: Msg, places: Sequence[Location], severity: Severity,
              count: int | None = None) -> Problem:
    """One problem at several places: the first few (``places``, of ``count`` in all)."""
    return Problem(message, places[0], severity, tuple(places[1:SHOWN_PLACES]),
                   len(places) if count is None else count)


def short_list(ids: list[str], limit: int = 8) -> Msg | str:
    """``ids`` joined for a message, the first ``limit`` of them and how many more."""
    shown = ", ".join(ids[:limit])
    if len(ids) <= limit:
        return shown
    return msg("engine.and_more", ids=shown, n=len(ids) - limit)
