"""Does a published results table add up? Totals, parts, indices, ranks and bands, checked
cell by cell in exact decimals, rounding told apart from errors.

    >>> from parcalc.verify import verify_file
    >>> report = verify_file("ranking.csv", criteria="hanoi-departments")
    >>> report.errors, report.notes

:mod:`~parcalc.verify.source` reads the table, :mod:`~parcalc.verify.layout` finds its header
and what each column is, :mod:`~parcalc.verify.rows` its units, and
:mod:`~parcalc.verify.checks` checks them (the rounding rule is written there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from parcalc.criteria.model import CriteriaSet
from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import Msg, msg
from parcalc.text import fold
from parcalc.verify.checks import Checker, Finding
from parcalc.verify.layout import Layout, find_layout
from parcalc.verify.rows import Row, data_rows
from parcalc.verify.source import Grid, read_grids

__all__ = ["Finding", "Verification", "verify_file"]


@dataclass(frozen=True)
class Verification:
    """The findings on one table, and what was checked (``checked``: each check's name and
    why it was not done, None when it was)."""

    source: str
    layout: Layout
    headers: dict[str, str]
    units: int
    findings: list[Finding]
    checked: dict[str, Msg | None] = field(default_factory=dict)
    criteria: str | None = None
    left_out: int = 0  # rows of other criteria sets (see :func:`verify_file`)

    @property
    def errors(self) -> int:
        return sum(f.kind == "error" for f in self.findings)

    @property
    def notes(self) -> int:
        return sum(f.kind == "rounding" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        """``{"findings": [{"cell", "unit", "check", "kind", "expected", "found"}], "errors",
        "notes"}``; numbers as JSON numbers, text (a band) as text."""
        return {
            "findings": [{"cell": f.cell, "unit": f.unit, "check": f.check, "kind": f.kind,
                          "expected": _plain(f.expected), "found": _plain(f.found)}
                         for f in self.findings],
            "errors": self.errors,
            "notes": self.notes,
        }


def _plain(value: Decimal | str | None) -> float | int | str | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple(
        ).exponent == 0 else float(value)
    return value


def verify_file(path: str | Path, criteria: str | Path | CriteriaSet | None = None, *,
                tolerance: float | str | Decimal = 0, sheet: str | None = None) -> Verification:
    """Check the table in ``path`` (.xlsx, .xlsm, .xls, .ods, .csv): the first sheet with a
    header naming a total, or ``sheet``. ``criteria`` (a set, a file or a shipped id) gives
    the parts (its domains), their maxima and the bands. Bad input: :class:`ParcalcError`."""
    from parcalc.criteria.shipped import resolve_criteria

    path = Path(path)
    cs = resolve_criteria(str(criteria)) if isinstance(criteria, (str, Path)) else criteria
    grid, layout = _table(read_grids(path), cs, sheet, path)
    rows, left_out = _own_rows(data_rows(grid, layout), layout, cs)
    if not rows:
        raise ParcalcError(Problem(msg("verify.no_rows"), grid.where(layout.header, layout.unit)))
    findings = Checker(grid, layout, rows, cs, Decimal(str(tolerance))).run()
    names = {role: layout.headers.get(c, "") for role, c in layout.roles.items()}
    names |= {"unit": layout.headers.get(layout.unit, ""),
              "total": layout.headers.get(layout.total, "")}
    return Verification(str(Location(grid.file, sheet=grid.sheet)), layout, names, len(rows),
                        findings, _checked(layout, cs), cs.id if cs else None, left_out)


def _own_rows(rows: list[Row], layout: Layout, cs: CriteriaSet | None) -> tuple[list[Row], int]:
    """With a criteria set and a criteria column, the rows scored with that set (by id or a
    file of that name), and how many others were left out; all rows if none names it."""
    col = layout.roles.get("criteria")
    if cs is None or col is None:
        return rows, 0
    names = {fold(cs.id)} | ({fold(Path(cs.source).stem)} if cs.source else set())
    own = [r for r in rows if fold(Path(r.texts.get(col, "")).stem) in names
           or fold(r.texts.get(col, "")) in names]
    return (own, len(rows) - len(own)) if own else (rows, 0)


def _table(grids: list[Grid], cs: CriteriaSet | None, sheet: str | None,
           path: Path) -> tuple[Grid, Layout]:
    """The sheet to check and its layout."""
    if sheet is not None:
        chosen = [g for g in grids if g.sheet == sheet]
        if not chosen:
            raise UsageError(Problem(msg("verify.no_sheet", sheet=sheet,
                                         sheets=", ".join(g.sheet for g in grids)),
                                     Location(str(path))))
        grids = chosen
    for grid in grids:
        layout = find_layout(grid, cs)
        if layout is not None:
            return grid, layout
    where = grids[0].where() if grids else Location(str(path))
    raise ParcalcError(Problem(msg("verify.no_total"), where))


def _checked(layout: Layout, cs: CriteriaSet | None) -> dict[str, Msg | None]:
    """Each check, and why it was not done (None: done)."""
    roles = layout.roles
    return {
        "total": None if layout.parts else msg(
            "verify.skip_no_parts" if cs is not None else "verify.skip_no_parts_between"),
        "part": None if layout.parts else msg("verify.skip_no_parts_at_all"),
        "index": None if "index" in roles else msg("verify.skip_no_column", column="index"),
        "rank": None if "rank" in roles else msg("verify.skip_no_column", column="rank"),
        "band": (msg("verify.skip_no_column", column="band") if "band" not in roles
                 else msg("verify.skip_no_bands") if cs is None or not cs.bands else None),
    }
