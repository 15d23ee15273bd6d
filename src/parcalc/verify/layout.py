"""Which column of a results table is what: the header row, found within the first rows
(title rows above it are fine), and each column's role from its header.

Headers are matched ignoring case, ``_`` and repeated spaces; a header may go on after the
name (``Tổng điểm (100)``, ``Chỉ số CCHC (%)``) for the names marked ``…`` in the docs:

- unit: Đơn vị, Tên đơn vị, Mã đơn vị, Unit, unit_id, name — else the first text column;
- group: Khối, Nhóm, Group; total: Tổng điểm…, Tổng…, Total…, Points, Điểm;
- max: Điểm tối đa…, Tối đa, Max; index: Chỉ số…, Index…; rank: Xếp hạng…, Hạng, Rank;
- band: Xếp loại…, Band; bonus: Điểm thưởng…, Điểm cộng…, Bonus; penalty: Điểm trừ…, Penalty;
- criteria: the criteria set each row was scored with (``criteria``, Bộ tiêu chí: what
  ``parcalc score`` writes); with a criteria set, the rows of other sets are left out;
- ignored: STT, self-assessed points (Tự đánh giá…, self_points), component indices
  (``domain_1_index``).

Parts: with a criteria set, the columns whose header is a domain's id, title, ``1. title``,
``LV1``, ``D1``, ``domain_1_points`` or its Roman numeral (I for the first domain);
without, every number column between the unit and the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parcalc.criteria.model import CriteriaSet, Node
from parcalc.errors import ParcalcError, Problem
from parcalc.i18n import msg
from parcalc.text import fold
from parcalc.verify.source import Grid, Number

#: Rows searched for the header.
HEADER_ROWS = 20

#: role → (names matched whole, names that may go on after a space or punctuation)
ROLES: dict[str, tuple[set[str], set[str]]] = {
    "unit": ({"đơn vị", "tên đơn vị", "mã đơn vị", "unit", "unit id", "name", "tên"},
             {"đơn vị", "tên đơn vị"}),
    "group": ({"khối", "nhóm", "group", "khối đơn vị"}, {"khối"}),
    "total": ({"tổng điểm", "tổng", "tổng cộng", "total", "points", "điểm", "tổng số điểm",
               "điểm đạt được", "total points"}, {"tổng điểm", "tổng số điểm", "total"}),
    "max": ({"điểm tối đa", "tối đa", "max", "maximum"}, {"điểm tối đa"}),
    "index": ({"chỉ số", "index", "chỉ số %", "index %", "par index"}, {"chỉ số", "index"}),
    "rank": ({"xếp hạng", "hạng", "rank", "thứ hạng"}, {"xếp hạng", "thứ hạng"}),
    "band": ({"xếp loại", "band", "loại", "phân loại"}, {"xếp loại"}),
    "bonus": ({"điểm thưởng", "thưởng", "bonus", "điểm cộng"}, {"điểm thưởng", "điểm cộng"}),
    "penalty": ({"điểm trừ", "trừ", "penalty", "điểm phạt"}, {"điểm trừ", "điểm phạt"}),
    "criteria": ({"criteria", "bộ tiêu chí", "criteria set"}, set()),
    "ignored": ({"stt", "tt", "số tt", "no", "no.", "#", "self points",
                 "tự đánh giá", "tự chấm", "điểm tự đánh giá", "điểm tự chấm"},
                {"tự đánh giá", "điểm tự đánh giá", "điểm tự chấm"}),
}
#: Roles looked for in this order (a header matching two takes the first).
ORDER = ("ignored", "criteria", "total", "max", "index", "rank", "band", "bonus", "penalty",
         "group", "unit")
_COMPONENT_INDEX = re.compile(r"^domain .+ index$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}


def key(text: str) -> str:
    """A header as matched: folded, ``_`` as a space, spaces collapsed."""
    return " ".join(fold(text).replace("_", " ").split())


def role_of(text: str) -> str | None:
    k = key(text)
    if _COMPONENT_INDEX.match(k):
        return "ignored"
    for role in ORDER:
        whole, prefixed = ROLES[role]
        if k in whole or any(re.match(rf"{re.escape(p)}\W", k) for p in prefixed):
            return role
    return None


@dataclass
class Part:
    """A part column: its column, name (as headed), and max (None: not known)."""

    col: int
    name: str
    maximum: float | None = None


@dataclass
class Layout:
    """The header row and where each role is (columns, 0: A)."""

    header: int
    unit: int
    total: int
    roles: dict[str, int] = field(default_factory=dict)  # group, max, index, rank, band, …
    parts: list[Part] = field(default_factory=list)
    headers: dict[int, str] = field(default_factory=dict)


def find_layout(grid: Grid, criteria: CriteriaSet | None) -> Layout | None:
    """The layout of ``grid``, or None when no row of the first :data:`HEADER_ROWS` has a
    total column. ParcalcError when the header has no unit column."""
    for r in range(min(HEADER_ROWS, len(grid.rows))):
        roles = _roles(grid, r)
        if "total" not in roles:
            continue
        while r + 1 < len(grid.rows) and _roles(grid, r + 1).get("total") == roles["total"]:
            r += 1  # a header on two rows (merged cells above the part names): the lower
            roles = _roles(grid, r)
        return _layout(grid, r, roles, criteria)
    return None


def _roles(grid: Grid, r: int) -> dict[str, int]:
    """Each role's column in header row ``r``; the index, rank and band after the total
    when there are several (a component index may come before it)."""
    found: dict[str, list[int]] = {}
    for c, cell in enumerate(grid.rows[r]):
        if isinstance(cell, str) and (role := role_of(cell)) is not None:
            found.setdefault(role, []).append(c)
    roles = {role: cols[0] for role, cols in found.items()}
    if "total" in roles:
        for role in ("index", "rank", "band"):
            later = [c for c in found.get(role, []) if c > roles["total"]]
            if later:
                roles[role] = later[0]
    return roles


def _header_texts(grid: Grid, r: int) -> dict[int, str]:
    """The header row's cells as text (a number heads a column as its digits: 1 → "1")."""
    return {c: cell if isinstance(cell, str) else f"{cell.value}"
            for c, cell in enumerate(grid.rows[r]) if cell is not None}


def _layout(grid: Grid, r: int, roles: dict[str, int],
            criteria: CriteriaSet | None) -> Layout:
    headers = _header_texts(grid, r)
    unit = roles.get("unit", _first_text_column(grid, r, roles))
    if unit is None:
        raise ParcalcError(Problem(msg("verify.no_unit"), grid.where(r, 0)))
    taken = {c for c, text in headers.items() if role_of(text) is not None} | {unit}
    layout = Layout(r, unit, roles["total"],
                    {k: v for k, v in roles.items() if k not in ("unit", "total", "ignored")},
                    headers=headers)
    if criteria is not None:
        layout.parts = _domain_parts(headers, criteria, taken)
    else:
        layout.parts = [Part(c, headers.get(c, "")) for c in range(unit + 1, roles["total"])
                        if c not in taken and _has_numbers(grid, r, c)]
    return layout


def _first_text_column(grid: Grid, r: int, roles: dict[str, int]) -> int | None:
    """The first column whose cells under the header are mostly text."""
    width = max((len(row) for row in grid.rows[r + 1:]), default=0)
    for c in range(width):
        if c in roles.values():
            continue
        cells = [grid.cell(i, c) for i in range(r + 1, len(grid.rows))]
        texts = sum(isinstance(x, str) for x in cells)
        numbers = sum(isinstance(x, Number) for x in cells)
        if texts and texts > numbers:
            return c
    return None


def _has_numbers(grid: Grid, r: int, c: int) -> bool:
    return any(isinstance(grid.cell(i, c), Number) for i in range(r + 1, len(grid.rows)))


def _domain_parts(headers: dict[int, str], criteria: CriteriaSet,
                  taken: set[int]) -> list[Part]:
    """The columns headed by one of the set's domains, in column order."""
    parts = []
    for c, text in sorted(headers.items()):
        if c in taken:
            continue
        domain = domain_of(text, criteria.domains)
        if domain is not None:
            parts.append(Part(c, domain.id, domain.maximum))
    return parts


def domain_of(text: str, domains: list[Node]) -> Node | None:
    """The domain a part header names, if any (see the module)."""
    k = key(text)
    for n, d in enumerate(domains, start=1):
        ident, title = key(d.id), key(d.title)
        names = {ident, title, f"domain {ident} points", f"domain {ident}", f"lv{ident}",
                 f"lv {ident}", f"d{ident}", f"lĩnh vực {ident}", f"{ident}. {title}",
                 f"{ident} {title}"}
        if k in names or _ROMAN.get(k.rstrip(".")) == n:
            return d
        if re.match(rf"{re.escape(ident)}[.)]?\s+{re.escape(title)}\b", k):
            return d
    return None
