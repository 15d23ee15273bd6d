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

from parcalc.i18n import Msg, text

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


#: How many places a grouped problem names before "… (N rows)".
SHOWN_PLACES = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, as one line for the user.

    ``msg`` is a :class:`~parcalc.i18n.Msg` (put into words in the language in use when
    shown). The same problem at many places is one problem: ``location`` is the first
    place, ``also`` the next few, ``count`` how many there are in all (see
    :func:`group_problems`).
    """

    msg: Msg | str
    location: Location | None = None
    severity: Severity = "error"
    also: tuple[Location, ...] = ()
    count: int = 1

    @property
    def message(self) -> str:
        """The message in the language in use."""
        return str(self.msg)

    @property
    def code(self) -> str | None:
        """The catalogue key of the message (stable, for machines)."""
        return self.msg.key if isinstance(self.msg, Msg) else None

    def where(self) -> str:
        """``file › sheet!A2`` or, for a group, ``file › scores!A2, A3, A4 … (103 rows)``."""
        if self.location is None:
            return ""
        if not self.also and self.count <= 1:
            return str(self.location)
        return _places((self.location, *self.also), self.count)

    def __str__(self) -> str:
        where = self.where()
        where = f"{where}: " if where else ""
        tag = text("problem.warning_tag") if self.severity == "warning" else ""
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


def _places(places: tuple[Location, ...], count: int) -> str:
    """The first places of a group, the sheet named once per run of cells in it."""
    parts: list[str] = []
    sheet: str | None = None
    for loc in places[:SHOWN_PLACES]:
        if loc.sheet is None or loc.cell is None:
            parts.append(str(loc))
        elif loc.sheet == sheet:
            parts.append(loc.cell)
        else:
            parts.append(f"{loc.sheet}!{loc.cell}")
        sheet = loc.sheet
    first = places[0]
    head = f"{first.file} › " if first.sheet is not None and first.file else ""
    more = f" … ({text('problem.rows', n=count)})" if count > len(parts) else ""
    return head + ", ".join(parts) + more


def group_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The same problem (severity, message and file) at many places as one problem.

    Order is kept: a group stands where its first place stood.
    """
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for p in problems:
        key = (p.severity, p.msg, p.location.file if p.location else None)
        groups.setdefault(key, []).append(p)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first)
            continue
        places = [loc for m in members for loc in (m.location, *m.also) if loc is not None]
        out.append(Problem(first.msg, first.location, first.severity,
                           tuple(places[1:SHOWN_PLACES]), sum(m.count for m in members)))
    return out


class ParcalcError(Exception):
    """Base of every error parcalc raises on purpose; holds all problems found."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Problem | Msg | str | Iterable[Problem]) -> None:
        if isinstance(problems, (str, Msg)):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = group_problems(problems)
        super().__init__()

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


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
