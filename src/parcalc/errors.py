"""Every problem parcalc reports, with where it is and how to fix it.

A :class:`Problem` is one line for the user: a location (``file:line:col`` for YAML,
``file › sheet!B12`` for a workbook) and a message. Library code collects problems and
raises one :class:`ParcalcError` holding all of them; only the CLI turns that into text
on stderr and an exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

#: Exit codes (documented in the README): 0 ok, 1 bad input, 2 usage.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Location:
    """Where a problem is: a line in a text file or a cell in a workbook."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
            return f"{self.file} › {place}" if self.file else place
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, as one line for the user."""

    message: str
    location: Location | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}{tag}{self.message}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location or Location()
        return {
            "severity": self.severity,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "sheet": loc.sheet,
            "cell": loc.cell,
        }


class ParcalcError(Exception):
    """Base of every error parcalc raises on purpose; holds all problems found."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CriteriaError(ParcalcError):
    """A criteria file is unusable: YAML, schema or consistency problems."""


class WorkbookError(ParcalcError):
    """A workbook is unusable: not a workbook, missing sheets or columns, bad cells."""


class UsageError(ParcalcError):
    """The command line asks for something that cannot be found (exit 2)."""

    exit_code = EXIT_USAGE


SHEET_ORDER = ("units", "scores", "survey", "adjustments", "settings")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By file, then sheet (units, scores, survey, adjustments, settings, others), then cell
    (row, then column); problems without a sheet come first in their file."""

    def key(p: Problem) -> tuple[str, int, str, int, str]:
        loc = p.location or Location()
        match = re.match(r"([A-Z]+)(\d+)", loc.cell or "")
        col, row = (match.group(1), int(match.group(2))) if match else ("", 0)
        sheet = (loc.sheet or "").casefold()
        rank = -1 if loc.sheet is None else (
            SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER))
        return (loc.file or "", rank, sheet, row, col.rjust(3))

    return sorted(problems, key=key)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
