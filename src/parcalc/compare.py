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

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import Msg, msg
from parcalc.text import clean, fold

#: How many units :attr:`Comparison.gains` and :attr:`Comparison.falls` list.
TOP = 5

SideKind = Literal["json", "workbook"]
NoteKind = Literal["only_old", "only_new", "title_changed"]


@dataclass(frozen=True)
class SideDomain:
    """One domain of one unit as published: component index and component rank."""

    id: str
    title: str
    index: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class SideUnit:
    """One unit as published: index, rank within its group, band, and its domains."""

    unit_id: str
    name: str
    group: str | None
    criteria: str | None
    index: Decimal | None
    rank: int | None
    band: str | None
    domains: tuple[SideDomain, ...] = ()

    def domain(self, domain_id: str) -> SideDomain | None:
        key = fold(domain_id)
        return next((d for d in self.domains if fold(d.id) == key), None)


@dataclass(frozen=True)
class Side:
    """One year's results, whatever they were read from.

    ``precision`` is the decimals of the published numbers: the criteria's ``precision`` for
    a workbook scored now, the most decimals any number has for a JSON document.
    """

    source: str
    kind: SideKind
    units: tuple[SideUnit, ...]
    precision: int
    #: Domain id → title, in order of first appearance.
    domains: dict[str, str]
    #: Criteria set ids, in order of first appearance.
    criteria: tuple[str, ...]
    warnings: tuple[str, ...] = ()


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


# --------------------------------------------------------------------------- loading


def load_side(path: str | Path, criteria: str | Path | None = None, *,
              strict: bool = False, layout: str | None = None, jobs: int | None = None) -> Side:
    """One side of a comparison: a ``.json`` file written by ``parcalc score -f json``, else a
    workbook or folder scored with :func:`parcalc.api.score_file` (``criteria`` as there).

    Raises :class:`UsageError` for a missing path and :class:`ParcalcError` for a JSON file
    that is not a parcalc results document.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(Problem(msg("compare.no_such_path"), Location(str(path))))
    if path.is_file() and path.suffix.lower() == ".json":
        return _side_from_json(path)
    from parcalc.api import score_file

    results = score_file(path, criteria, strict=strict, layout=layout, jobs=jobs)
    precision = max((cs.precision for cs in results.criteria.values()), default=0)
    return side_from_document(results.as_dict(), str(path), "workbook", precision)


def _side_from_json(path: Path) -> Side:
    where = Location(file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ParcalcError(Problem(msg("compare.not_utf8"), where)) from None
    except OSError as exc:
        raise ParcalcError(Problem(msg("compare.unreadable", reason=exc.strerror or str(exc)),
                                   where)) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParcalcError(Problem(
            msg("compare.not_json", error=exc.msg),
            Location(file=str(path), line=exc.lineno, column=exc.colno))) from None
    return side_from_document(doc, str(path), "json", None)


class _Invalid(Exception):
    """A place in the document and what is wrong there (a :class:`Msg` of the catalogue's
    ``[compare.json]`` table)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.msg = msg(f"compare.json.{key}", **params)


def side_from_document(doc: Any, source: str, kind: SideKind = "json",
                       precision: int | None = None) -> Side:
    """A :class:`Side` from a results document (:meth:`Results.as_dict` or its JSON).

    ``precision`` None: the most decimals of any published number. Raises
    :class:`ParcalcError` (one line, naming ``source``) when ``doc`` is not such a document.
    """
    try:
        units, decimals = _units(doc)
    except _Invalid as exc:
        raise ParcalcError(Problem(msg("compare.not_results", reason=exc.msg),
                                   Location(file=source))) from None
    domains: dict[str, str] = {}
    criteria: list[str] = []
    for unit in units:
        if unit.criteria is not None and unit.criteria not in criteria:
            criteria.append(unit.criteria)
        for d in unit.domains:
            if not any(fold(k) == fold(d.id) for k in domains):
                domains[d.id] = d.title
    warnings = doc.get("warnings") if isinstance(doc, dict) else None
    return Side(source=source, kind=kind, units=tuple(units),
                precision=decimals if precision is None else max(precision, decimals),
                domains=domains, criteria=tuple(criteria),
                warnings=tuple(str(w) for w in warnings) if isinstance(warnings, list) else ())


def _units(doc: Any) -> tuple[list[SideUnit], int]:
    if not isinstance(doc, dict):
        raise _Invalid("top_not_object", kind=_kind(doc))
    if "parcalc" not in doc:
        raise _Invalid("no_parcalc")
    raw = doc.get("units")
    if not isinstance(raw, list):
        raise _Invalid("no_units")
    decimals = [0]
    units: list[SideUnit] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        at = f"units[{i}]"
        if not isinstance(item, dict):
            raise _Invalid("not_object", at=at, kind=_kind(item))
        unit_id = _text(item, "unit_id", at, required=True)
        assert unit_id is not None
        key = fold(unit_id)
        if key in seen:
            raise _Invalid("repeated_unit", at=at, unit=unit_id, first=seen[key])
        seen[key] = i
        for name in ("points", "max", "self_points"):
            _number(item, name, at, decimals)
        raw_domains = item.get("domains", [])
        if not isinstance(raw_domains, list):
            raise _Invalid("domains_not_list", at=at, kind=_kind(raw_domains))
        domains: list[SideDomain] = []
        for j, d in enumerate(raw_domains):
            dat = f"{at}.domains[{j}]"
            if not isinstance(d, dict):
                raise _Invalid("not_object", at=dat, kind=_kind(d))
            domain_id = _text(d, "id", dat, required=True)
            assert domain_id is not None
            for name in ("points", "max"):
                _number(d, name, dat, decimals)
            domains.append(SideDomain(
                id=domain_id, title=_text(d, "title", dat) or "",
                index=_number(d, "index", dat, decimals), rank=_rank(d, dat)))
        units.append(SideUnit(
            unit_id=unit_id, name=_text(item, "name", at) or unit_id,
            group=_text(item, "group", at), criteria=_text(item, "criteria", at),
            index=_number(item, "index", at, decimals, required=True), rank=_rank(item, at),
            band=_text(item, "band", at), domains=tuple(domains)))
    return units, max(decimals)


def _kind(value: Any) -> Msg:
    """What a JSON value is, in words (the catalogue's ``[compare.kind]`` table)."""
    kind = "null" if value is None else {dict: "object", list: "list", str: "string",
                                         bool: "boolean", int: "number",
                                         float: "number"}.get(type(value), "other")
    return msg(f"compare.kind.{kind}")


def _text(item: Mapping[str, Any], name: str, at: str, required: bool = False) -> str | None:
    if name not in item and required:
        raise _Invalid("missing", at=at, name=name)
    value = item.get(name)
    if value is None:
        if required:
            raise _Invalid("null", at=at, name=name)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Invalid("not_text", at=at, name=name, kind=_kind(value))
    text = clean(str(value))
    if required and not text:
        raise _Invalid("empty", at=at, name=name)
    return text


def _number(item: Mapping[str, Any], name: str, at: str, decimals: list[int],
            required: bool = False) -> Decimal | None:
    if required and name not in item:
        raise _Invalid("missing", at=at, name=name)
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid("not_number", at=at, name=name, kind=_kind(value))
    number = Decimal(str(value))
    if not number.is_finite():
        raise _Invalid("not_finite", at=at, name=name)
    decimals.append(_decimals(number))
    return number


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _rank(item: Mapping[str, Any], at: str) -> int | None:
    value = item.get("rank")
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Invalid("not_rank", at=at, value=repr(value))
    return value


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
    units = tuple(_unit_change(old_by_id[fold(n.unit_id)], n, list(common), quantum)
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
        old_criteria=old.criteria, new_criteria=new.criteria, notes=tuple(notes))


def _names(ids: Sequence[str]) -> Msg | str:
    return ", ".join(ids) if ids else msg("compare.no_criteria")


def compare_files(old: str | Path, new: str | Path, criteria: str | Path | None = None, *,
                  strict: bool = False, layout: str | None = None) -> Comparison:
    """:func:`compare` of two paths read with :func:`load_side`: what ``parcalc compare``
    does."""
    return compare(load_side(old, criteria, strict=strict, layout=layout),
                   load_side(new, criteria, strict=strict, layout=layout))


__all__ = ["TOP", "Comparison", "DomainChange", "DomainNote", "Side", "SideDomain", "SideUnit",
           "UnitChange", "compare", "compare_files", "load_side", "side_from_document"]
