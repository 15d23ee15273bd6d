"""The numbered entries as a tree: ids, the checks of the table, and each leaf's rule.

Errors (the import stops, exit 1): a number with no row above it to hang from, duplicate
ids, a leaf without maximum, a guide line whose points exceed its leaf's maximum. Doubts
(the import goes on; the summary lists them): an inner row whose maximum differs from its
children's sum (the YAML then leaves that max out: it is computed), a total row that differs
from the domains' sum, guide lines no rule could be read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parcalc.annex import guide
from parcalc.annex.columns import Columns
from parcalc.annex.grid import AnnexError, Grid
from parcalc.annex.infer import Inference, infer
from parcalc.annex.numbering import Unplaced, place
from parcalc.annex.rows import Entry, Rows, read_rows
from parcalc.errors import Location, Problem
from parcalc.i18n import Msg, msg


@dataclass
class Item:
    """An entry placed in the tree."""

    entry: Entry
    id: str
    parent: int | None
    children: list[int] = field(default_factory=list)
    inference: Inference | None = None
    #: the table's max of an inner row that differs from its children's sum (left out)
    slip: Decimal | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class Tree:
    """The imported table: items in table order, the top ones, answer scales, doubts."""

    grid: Grid
    columns: Columns
    items: list[Item]
    roots: list[int]
    scales: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    doubts: list[Problem] = field(default_factory=list)

    def level(self, index: int) -> int:
        """1 for a domain, 2 for a criterion, 3 and more for sub-criteria."""
        level = 1
        parent = self.items[index].parent
        while parent is not None:
            level, parent = level + 1, self.items[parent].parent
        return level

    def maximum(self, index: int) -> Decimal:
        """The max an item has in the YAML: as written, else its children's sum."""
        item = self.items[index]
        if item.entry.max is not None and item.slip is None:
            return item.entry.max
        return sum((self.maximum(c) for c in item.children), Decimal(0))

    def cite(self, lines: list[guide.Line], short: bool = False) -> str:
        """The cells of some guide lines (without the file's name when ``short``)."""
        cells = sorted({line.cell for line in lines if line.cell is not None})
        by_column: dict[int, list[int]] = {}
        for row, col in cells:
            by_column.setdefault(col, []).append(row)
        return ", ".join(self.grid.cited(min(rows), max(rows), col, short)
                         for col, rows in sorted(by_column.items()))


def build(grid: Grid, columns: Columns) -> Tree:
    """The tree of the table (raises :class:`AnnexError` with every error found)."""
    rows = read_rows(grid, columns)
    errors = list(rows.errors)
    items = _place(grid, columns, rows, errors)
    tree = Tree(grid, columns, items, [i for i, item in enumerate(items) if item.parent is None],
                doubts=list(rows.doubts))
    if not errors:
        errors += _check_leaves(tree)
    if errors:
        raise AnnexError(errors)
    _check_sums(tree, rows)
    _infer_rules(tree)
    return tree


def _place(grid: Grid, columns: Columns, rows: Rows, errors: list[Problem]) -> list[Item]:
    entries = rows.entries
    try:
        placed = place([e.label for e in entries])
    except Unplaced as exc:
        entry = entries[exc.index]
        key = "annex.no_parent" if exc.missing else "annex.letter_without_parent"
        errors.append(Problem(msg(key, label=entry.label.printed, missing=exc.missing),
                              grid.where(entry.row, columns.number)))
        return []
    items = [Item(entry, p.id, p.parent) for entry, p in zip(entries, placed, strict=True)]
    first: dict[str, Item] = {}
    for i, item in enumerate(items):
        if item.parent is not None:
            items[item.parent].children.append(i)
        seen = first.setdefault(item.id.casefold(), item)
        if seen is not item:
            errors.append(Problem(msg("annex.duplicate_id", id=item.id,
                                      label=item.entry.label.printed,
                                      first=str(grid.where(seen.entry.row, columns.number))),
                                  grid.where(item.entry.row, columns.number)))
    return items


def _check_leaves(tree: Tree) -> list[Problem]:
    errors: list[Problem] = []
    col = tree.columns.max if tree.columns.max is not None else tree.columns.title
    for item in tree.items:
        if not item.is_leaf:
            continue
        maximum = item.entry.max
        if maximum is None:
            errors.append(Problem(msg("annex.leaf_without_max", id=item.id,
                                      label=item.entry.label.printed),
                                  tree.grid.where(item.entry.row, col)))
            continue
        errors += [Problem(msg("annex.points_over_max", points=guide.show(points),
                               max=guide.show(maximum), id=item.id),
                           line.where)
                   for line in item.entry.lines
                   for points in _line_points(line, maximum) if points > maximum]
    return errors


def _line_points(line: guide.Line, maximum: Decimal) -> list[Decimal]:
    """Every number of points a line gives: its points, or a per-item line's points and cap."""
    if line.points is not None:
        return [line.points.of(maximum)]
    each = guide.per_item(" ".join(line.text.casefold().split()))
    if each is None:
        return []
    return [each[1]] + ([each[2]] if each[2] is not None else [])


def _check_sums(tree: Tree, rows: Rows) -> None:
    col = tree.columns.max if tree.columns.max is not None else tree.columns.title
    for index in reversed(range(len(tree.items))):  # children before their parents
        item = tree.items[index]
        written = item.entry.max
        if item.is_leaf or written is None:
            continue
        total = sum((tree.maximum(c) for c in item.children), Decimal(0))
        if total != written:
            item.slip = written
            first = tree.items[item.children[0]].entry.row
            cells = tree.grid.cited(first, _last_row(tree, index), col, short=True)
            tree.doubts.append(Problem(
                _slip_msg(tree, item.children, written, total, id=item.id, cells=cells),
                tree.grid.where(item.entry.row, col), "warning"))
    if rows.total is not None:
        row, written = rows.total
        total = sum((tree.maximum(r) for r in tree.roots), Decimal(0))
        if total != written:
            tree.doubts.append(Problem(_slip_msg(tree, tree.roots, written, total),
                                       tree.grid.where(row, col), "warning"))


def _slip_msg(tree: Tree, children: list[int], written: Decimal, total: Decimal,
              **where: str) -> Msg:
    """A maximum that differs from its children's sum; when it matches their maxima as
    printed, the slip is further down (a child's maximum was left out)."""
    printed = sum((_printed(tree, c) for c in children), Decimal(0))
    below = [tree.items[c].id for c in children if tree.items[c].slip is not None]
    key = "max" if where else "total"
    if printed == written and below:
        return msg(f"annex.{key}_differs_below", max=guide.show(written), sum=guide.show(total),
                   below=", ".join(below), **where)
    return msg(f"annex.{key}_differs", max=guide.show(written), sum=guide.show(total), **where)


def _printed(tree: Tree, index: int) -> Decimal:
    written = tree.items[index].entry.max
    return written if written is not None else tree.maximum(index)


def _last_row(tree: Tree, index: int) -> int:
    item = tree.items[index]
    while item.children:
        item = tree.items[item.children[-1]]
    return item.entry.row


def _infer_rules(tree: Tree) -> None:
    for item in tree.items:
        if not item.is_leaf or item.entry.max is None:
            continue
        found = infer(item.entry.lines, item.entry.max)
        if found.scale is not None:
            name, scale = found.scale
            if tree.scales.setdefault(name, scale) != scale:
                found = Inference(doubts=[msg("annex.scale_differs", name=name)],
                                  lines=found.lines)
        item.inference = found
        where = _where(tree, found.lines) or tree.grid.where(item.entry.row, tree.columns.title)
        tree.doubts += [Problem(msg("annex.doubt", id=item.id, doubt=d), where, "warning")
                        for d in found.doubts]


def _where(tree: Tree, lines: list[guide.Line]) -> Location | None:
    cells = [line.cell for line in lines if line.cell is not None]
    if not cells:
        return None
    rows = [r for r, _ in cells]
    cols = {c for _, c in cells}
    return tree.grid.span(min(rows), max(rows), cols.pop() if len(cols) == 1 else None)
