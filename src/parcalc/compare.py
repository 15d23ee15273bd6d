"""Compare two years: index and rank change per unit and per domain, entries, exits, notes.

Each side is a workbook (or folder) scored now, or the JSON document ``parcalc score -f json``
wrote. Units are matched by unit id ignoring case; domains by id, on the domains both sides
have. Changes are exact decimals of the published (rounded) values:

    >>> from parcalc.compare import compare, load_side
    >>> result = compare(load_side("2020.json"), load_side("examples/2021.xlsx"))
    >>> [(u.unit_id, u.index_change) for u in result.gains]

Renderers (:mod:`parcalc.render.compare`) only format a :class:`Comparison`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

from parcalc.compare_sides import (
    Side,
    SideDomain,
    SideKind,
    SideUnit,
    load_side,
    side_from_document,
)
from parcalc.i18n import Msg, msg
from parcalc.text import fold

#: How many units :attr:`Comparison.gains` and :attr:`Comparison.falls` list.
TOP = 5

NoteKind = Literal["only_old", "only_new", "title_changed"]


@dataclass(frozen=True)
class DomainChange:
    """A domain both years have, for one unit: component index and rank, old and new."""

    id: str
    title: str
    old_index: Decimal | None
    new_index: Decimal | None
    index_change: Decimal | None
    old_rank: int | None
    new_rank: int | None
    #: Positive: moved up (old rank − new rank).
    rank_change: int | None


@dataclass(frozen=True)
class UnitChange:
    """A unit in both years. ``group`` and ``name`` are the new year's."""

    unit_id: str
    name: str
    group: str | None
    old_group: str | None
    old_index: Decimal | None
    new_index: Decimal | None
    index_change: Decimal | None
    old_rank: int | None
    new_rank: int | None
    #: Positive: moved up (old rank − new rank).
    rank_change: int | None
    old_band: str | None
    new_band: str | None
    domains: tuple[DomainChange, ...] = ()
    #: Whether the rank change is more than chance: False when both ranks lie inside both
    #: years' rank intervals (``parcalc compare --sensitivity N``); None: not assessed.
    significant: bool | None = None

    @property
    def moved_group(self) -> bool:
        return _fold_group(self.group) != _fold_group(self.old_group)


@dataclass(frozen=True)
class DomainNote:
    """A domain that could not be compared (one side only), or whose title changed."""

    id: str
    kind: NoteKind
    old_title: str | None
    new_title: str | None


@dataclass(frozen=True)
class Comparison:
    """Everything ``parcalc compare`` shows; numbers are exact decimals at ``precision``."""

    old_source: str
    new_source: str
    precision: int
    #: Units in both years, in the new year's order (group, then rank).
    units: tuple[UnitChange, ...]
    #: Groups of :attr:`units`, in order of first appearance.
    groups: tuple[str | None, ...]
    #: Domain ids both years have (new year's order) → the new year's title.
    domains: dict[str, str]
    #: Units only in the new year (its order), and only in the old year (its order).
    entered: tuple[SideUnit, ...]
    left: tuple[SideUnit, ...]
    #: Up to :data:`TOP` units whose index rose (fell) most; ties by unit id.
    gains: tuple[UnitChange, ...]
    falls: tuple[UnitChange, ...]
    not_comparable: tuple[DomainNote, ...]
    old_criteria: tuple[str, ...]
    new_criteria: tuple[str, ...]
    #: Sentences for the reader (put into words when shown): criteria sets that differ,
    #: units that changed group.
    notes: tuple[Msg, ...] = field(default=())
    #: The years of the two sides, None where unknown.
    old_year: int | None = None
    new_year: int | None = None

    @property
    def labels(self) -> tuple[str, str]:
        """What to call the two sides: their years (``"2020"``, ``"2021"``) when both are
        known and differ, else their file names (their paths, when the names are alike)."""
        return side_labels(self.old_source, self.new_source, self.old_year, self.new_year)

    @property
    def span(self) -> str:
        """``"2020 → 2021"``, or the two file names."""
        old, new = self.labels
        return f"{old} → {new}"


def side_labels(old_source: str, new_source: str, old_year: int | None,
                new_year: int | None) -> tuple[str, str]:
    """See :attr:`Comparison.labels`."""
    if old_year is not None and new_year is not None and old_year != new_year:
        return str(old_year), str(new_year)
    old, new = Path(old_source).name, Path(new_source).name
    return (old, new) if old != new else (old_source, new_source)


# --------------------------------------------------------------------------- comparing


def _fold_group(group: str | None) -> str | None:
    return None if group is None else fold(group)


def _change(old: Decimal | None, new: Decimal | None, quantum: Decimal) -> Decimal | None:
    if old is None or new is None:
        return None
    return (new - old).quantize(quantum, rounding=ROUND_HALF_UP)


def _at(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(quantum, rounding=ROUND_HALF_UP)


def _rank_change(old: int | None, new: int | None) -> int | None:
    return None if old is None or new is None else old - new


def _common_domains(old: Side, new: Side) -> tuple[dict[str, str], list[DomainNote]]:
    old_by_key = {fold(k): (k, t) for k, t in old.domains.items()}
    new_keys = {fold(k) for k in new.domains}
    common: dict[str, str] = {}
    notes: list[DomainNote] = []
    for domain_id, title in new.domains.items():
        match = old_by_key.get(fold(domain_id))
        if match is None:
            notes.append(DomainNote(domain_id, "only_new", None, title))
            continue
        common[domain_id] = title
        if match[1] != title:
            notes.append(DomainNote(domain_id, "title_changed", match[1], title))
    notes += [DomainNote(k, "only_old", t, None) for k, t in old.domains.items()
              if fold(k) not in new_keys]
    order = {"title_changed": 0, "only_old": 1, "only_new": 2}
    notes.sort(key=lambda n: order[n.kind])
    return common, notes


def _unit_change(o: SideUnit, n: SideUnit, common: Sequence[str], quantum: Decimal) -> UnitChange:
    domains: list[DomainChange] = []
    for domain_id in common:
        od, nd = o.domain(domain_id), n.domain(domain_id)
        if od is None or nd is None:
            continue  # this unit's criteria set does not have it on one side
        domains.append(DomainChange(
            id=nd.id, title=nd.title, old_index=_at(od.index, quantum),
            new_index=_at(nd.index, quantum), index_change=_change(od.index, nd.index, quantum),
            old_rank=od.rank, new_rank=nd.rank, rank_change=_rank_change(od.rank, nd.rank)))
    return UnitChange(
        unit_id=n.unit_id, name=n.name, group=n.group, old_group=o.group,
        old_index=_at(o.index, quantum), new_index=_at(n.index, quantum),
        index_change=_change(o.index, n.index, quantum), old_rank=o.rank, new_rank=n.rank,
        rank_change=_rank_change(o.rank, n.rank), old_band=o.band, new_band=n.band,
        domains=tuple(domains))


def _top(units: Sequence[UnitChange], sign: int) -> tuple[UnitChange, ...]:
    moved = [u for u in units if u.index_change is not None and u.index_change * sign > 0]
    moved.sort(key=lambda u: (-sign * (u.index_change or 0), fold(u.unit_id), u.unit_id))
    return tuple(moved[:TOP])


def compare(old: Side, new: Side) -> Comparison:
    """Index and rank change of every unit both sides have (matched by id, ignoring case),
    per domain on the domain ids both have; units that entered or left; the biggest gains
    and falls; and what could not be compared."""
    precision = max(old.precision, new.precision)
    quantum = Decimal(1).scaleb(-precision)
    common, domain_notes = _common_domains(old, new)
    old_by_id = {fold(u.unit_id): u for u in old.units}
    new_ids = {fold(u.unit_id) for u in new.units}
    units = tuple(_significance(_unit_change(old_by_id[fold(n.unit_id)], n, list(common),
                                             quantum), old, new)
                  for n in new.units if fold(n.unit_id) in old_by_id)
    groups: list[str | None] = []
    for u in units:
        if u.group not in groups:
            groups.append(u.group)
    notes: list[Msg] = []
    if old.criteria != new.criteria:
        notes.append(msg("compare.criteria_differ", old=_names(old.criteria),
                         new=_names(new.criteria)))
    moved = [u for u in units if u.moved_group]
    if moved:
        listed = ", ".join(f"{u.unit_id} ({u.old_group or '–'} → {u.group or '–'})"
                           for u in moved)
        notes.append(msg("compare.moved_group", n=len(moved), listed=listed))
    return Comparison(
        old_source=old.source, new_source=new.source, precision=precision, units=units,
        groups=tuple(groups), domains=common,
        entered=tuple(u for u in new.units if fold(u.unit_id) not in old_by_id),
        left=tuple(u for u in old.units if fold(u.unit_id) not in new_ids),
        gains=_top(units, 1), falls=_top(units, -1), not_comparable=tuple(domain_notes),
        old_criteria=old.criteria, new_criteria=new.criteria, notes=tuple(notes),
        old_year=old.year, new_year=new.year)


def _significance(u: UnitChange, old: Side, new: Side) -> UnitChange:
    """``u`` with :attr:`UnitChange.significant` set when both sides have rank intervals."""
    if old.intervals is None or new.intervals is None or u.old_rank is None \
            or u.new_rank is None:
        return u
    key = fold(u.unit_id)
    old_span, new_span = old.intervals.get(key), new.intervals.get(key)
    if old_span is None or new_span is None:
        return u
    ranks = (u.old_rank, u.new_rank)
    inside = all(low <= r <= high for low, high in (old_span, new_span) for r in ranks)
    return replace(u, significant=u.old_rank != u.new_rank and not inside)


def _names(ids: Sequence[str]) -> Msg | str:
    return ", ".join(ids) if ids else msg("compare.no_criteria")


def compare_files(old: str | Path, new: str | Path, criteria: str | Path | None = None, *,
                  strict: bool = False, layout: str | None = None,
                  samples: int | None = None) -> Comparison:
    """:func:`compare` of two paths read with :func:`load_side`: what ``parcalc compare``
    does (with ``samples``: whether each rank change is significant)."""
    return compare(load_side(old, criteria, strict=strict, layout=layout, samples=samples),
                   load_side(new, criteria, strict=strict, layout=layout, samples=samples))


__all__ = ["TOP", "Comparison", "DomainChange", "DomainNote", "Side", "SideDomain", "SideKind",
           "SideUnit", "UnitChange", "compare", "compare_files", "load_side",
           "side_from_document", "side_labels"]
