"""The checks of a results table, row by row, in exact decimals.

- ``total``: total = Σ parts + bonus − penalty (a penalty counts as points taken off, whatever
  its sign), held between 0 and the max as ``score`` holds it;
- ``part``: 0 ≤ part ≤ its max (the domain's max with a criteria set, else the table's max);
  ``expected`` is that max (or 0);
- ``index``: index = total ÷ max × 100;
- ``rank``: the rank of the index within the group, ties sharing a rank;
- ``band``: the band the criteria set gives the index.

**Rounding.** A published table rounds every number it prints, each on its own. A difference
is a *rounding note*, not an error, when it is no larger than half a unit of the last decimal
of each rounded number involved (their columns' decimals), plus ``tolerance``: for a total of
8 parts at 2 decimals, 9 × 0.005 = 0.045; for an index, half a unit of the total scaled by
100 ÷ max, plus half a unit of the index. A value equal to the expected one once that is
rounded at the cell's decimals is no finding at all. Ranks and bands are compared exactly,
on the index as printed — or, where the printed index is an error, on the index its total
gives (a typo in one index is one error, not a cascade of wrong ranks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from parcalc.criteria.model import CriteriaSet
from parcalc.text import fold
from parcalc.verify.layout import Layout
from parcalc.verify.rows import Row, decimals, half_unit
from parcalc.verify.source import Grid

#: The max of the total when neither a criteria set nor a max column gives one.
DEFAULT_MAX = Decimal(100)


@dataclass(frozen=True)
class Finding:
    """One cell that does not add up: ``kind`` is ``error`` or ``rounding``; ``allowed`` is
    the rounding allowance the difference was measured against (None: none applies)."""

    row: int
    col: int
    cell: str
    unit: str
    check: str
    kind: str
    expected: Decimal | str | None
    found: Decimal | str | None
    allowed: Decimal | None = None


@dataclass
class Checker:
    """The checks of one table (see the module)."""

    grid: Grid
    layout: Layout
    rows: list[Row]
    criteria: CriteriaSet | None
    tolerance: Decimal
    #: sheet row → the index its total gives, where the printed index is an error
    corrected: dict[int, Decimal] = field(default_factory=dict)

    def places(self, c: int | None) -> int:
        return decimals(self.rows, c)

    def maximum(self, row: Row) -> Decimal:
        """The row's max: its max column (0 for a unit nothing applies to), else the set's
        max, else 100."""
        own = row.number(self.layout.roles.get("max"))
        if own is not None and own >= 0:
            return own
        if self.criteria is not None:
            return Decimal(str(self.criteria.maximum))
        return DEFAULT_MAX

    def finding(self, row: Row, col: int, check: str, expected: Decimal | str | None,
                found: Decimal | str | None, allowed: Decimal | None = None,
                kind: str = "error") -> Finding:
        return Finding(row.r, col, str(self.grid.where(row.r, col)), row.unit, check, kind,
                       expected, found, allowed)

    def compare(self, row: Row, col: int, check: str, expected: Decimal,
                allowed: Decimal) -> Iterator[Finding]:
        """``expected`` against the number at ``col``: nothing, a rounding note or an error."""
        found = row.number(col)
        shown = rounded(expected, self.places(col))
        if found is None:
            yield self.finding(row, col, check, shown, row.texts.get(col))
        elif found != shown:
            kind = "rounding" if abs(found - expected) <= allowed else "error"
            yield self.finding(row, col, check, shown, found, allowed, kind)

    def run(self) -> list[Finding]:
        """Every finding: the errors first, then the rounding notes, each in table order."""
        out: list[Finding] = []
        for row in self.rows:
            totals = list(self.total(row))
            out += totals
            out += self.parts(row)
            wrong = [f.expected for f in totals if f.kind == "error"]
            indices = list(self.index(row, wrong[0] if wrong and isinstance(wrong[0], Decimal)
                                      else None))
            out += indices
            for f in indices:
                if f.kind == "error" and isinstance(f.expected, Decimal):
                    self.corrected[row.r] = f.expected
        out += self.ranks()
        out += self.bands()
        return sorted(out, key=lambda f: (f.kind != "error", f.row, f.col))

    def total(self, row: Row) -> Iterator[Finding]:
        lay = self.layout
        if not lay.parts:
            return
        bonus, penalty = lay.roles.get("bonus"), lay.roles.get("penalty")
        cols = [p.col for p in lay.parts] + [c for c in (bonus, penalty) if c is not None]
        expected = sum((row.number(p.col) or Decimal(0) for p in lay.parts), Decimal(0))
        zero = Decimal(0)
        expected += (row.number(bonus) or zero) - abs(row.number(penalty) or zero)
        expected = min(max(expected, Decimal(0)), self.maximum(row))
        allowed = sum((half_unit(self.places(c)) for c in [*cols, lay.total]), self.tolerance)
        yield from self.compare(row, lay.total, "total", expected, allowed)

    def parts(self, row: Row) -> Iterator[Finding]:
        """0 ≤ part ≤ max; a part above its max by no more than its own rounding (a max with
        more decimals than the column) is a rounding note."""
        for part in self.layout.parts:
            value = row.number(part.col)
            if value is None:
                continue
            most = Decimal(str(part.maximum)) if part.maximum is not None else self.maximum(row)
            allowed = half_unit(self.places(part.col)) + self.tolerance
            if value - most > self.tolerance:
                kind = "rounding" if value - most <= allowed else "error"
                yield self.finding(row, part.col, "part", most.normalize(), value, allowed, kind)
            elif value < -self.tolerance:
                yield self.finding(row, part.col, "part", Decimal(0), value)

    def index(self, row: Row, parts_total: Decimal | None = None) -> Iterator[Finding]:
        """The index against the printed total — or, when that total is itself an error,
        against the total of the parts too: an index that fits the parts' total (within
        rounding) is not flagged, the total is."""
        col, total = self.layout.roles.get("index"), row.number(self.layout.total)
        maximum = self.maximum(row)
        if col is None or total is None or maximum == 0:
            return  # a unit with max 0 (nothing applies to it) has no index
        allowed = (half_unit(self.places(self.layout.total)) * 100 / maximum
                   + half_unit(self.places(col)) + self.tolerance)
        found = list(self.compare(row, col, "index", total * 100 / maximum, allowed))
        if found and parts_total is not None and not any(
                f.kind == "error" for f in self.compare(row, col, "index",
                                                        parts_total * 100 / maximum, allowed)):
            return
        yield from found

    def index_of(self, row: Row) -> Decimal | None:
        """The index a rank and band are taken from: as printed (unless it is an error: then
        the one its total gives), else total ÷ max × 100."""
        if row.r in self.corrected:
            return self.corrected[row.r]
        printed = row.number(self.layout.roles.get("index"))
        if printed is not None or "index" in self.layout.roles:
            return printed
        total, maximum = row.number(self.layout.total), self.maximum(row)
        return None if total is None or maximum == 0 else total * 100 / maximum

    def ranks(self) -> Iterator[Finding]:
        col = self.layout.roles.get("rank")
        if col is None:
            return
        expected = expected_ranks(self.rows, [self.index_of(r) for r in self.rows],
                                  [row.number(col) for row in self.rows],
                                  self.criteria.ties if self.criteria else None)
        for row, want in zip(self.rows, expected, strict=True):
            found = row.number(col)
            if want is not None and found != want:
                yield self.finding(row, col, "rank", Decimal(want),
                                   found if found is not None else row.texts.get(col))

    def bands(self) -> Iterator[Finding]:
        col = self.layout.roles.get("band")
        if col is None or self.criteria is None or not self.criteria.bands:
            return
        for row in self.rows:
            index = self.index_of(row)
            if index is None:
                continue
            want = band_of(self.criteria, index)
            found = row.texts.get(col) or (f"{row.numbers[col].value}" if col in row.numbers
                                           else None)
            if fold(found or "") != fold(want or ""):
                yield self.finding(row, col, "band", want, found)


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` at ``places`` decimals, half away from zero (as parcalc rounds)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def band_of(criteria: CriteriaSet, index: Decimal) -> str | None:
    """The first band (from the top) whose min the index reaches."""
    for band in criteria.bands or []:
        if index >= Decimal(str(band.min)):
            return band.label
    return None


def expected_ranks(rows: list[Row], index: list[Decimal | None],
                   printed: list[Decimal | None], ties: str | None) -> list[int | None]:
    """Each row's rank of its index within its group, highest first, ties sharing a rank:
    the set's ``ties``, or without a set the one of min and dense that the printed ranks
    follow more (min when they follow both alike)."""
    frame = pd.DataFrame({"group": [r.group or "" for r in rows],
                          "index": [float(i) if i is not None else None for i in index]})
    by_method = {}
    for method in ("min", "dense"):
        ranks = frame.groupby("group", sort=False)["index"].rank(method=method,
                                                                 ascending=False)
        by_method[method] = [None if pd.isna(x) else int(x) for x in ranks]
    if ties is None:
        agree = {m: sum(a == b for a, b in zip(v, printed, strict=True))
                 for m, v in by_method.items()}
        ties = "dense" if agree["dense"] > agree["min"] else "min"
    return by_method[ties]
