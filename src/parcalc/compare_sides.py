"""One side of a comparison: a year's results as published, read from the JSON document
``parcalc score -f json`` wrote or from a workbook scored now (:func:`load_side`).

:mod:`parcalc.compare` compares two of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import Msg, msg
from parcalc.text import clean, fold

SideKind = Literal["json", "workbook"]


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
    #: The year assessed (the results' ``meta.year``), None when unknown.
    year: int | None = None
    #: Folded unit id → its rank's 5th–95th percentile interval (low, high), from
    #: ``parcalc sensitivity`` (``load_side(..., samples=N)`` on a workbook); None: not
    #: assessed (a JSON side, or no samples asked).
    intervals: Mapping[str, tuple[int, int]] | None = None


def load_side(path: str | Path, criteria: str | Path | None = None, *,
              strict: bool = False, layout: str | None = None,
              samples: int | None = None, jobs: int | None = None) -> Side:
    """One side of a comparison: a ``.json`` file written by ``parcalc score -f json``, else a
    workbook or folder scored with :func:`parcalc.api.score_file` (``criteria`` as there);
    with ``samples``, a workbook's rank intervals from that many sensitivity samples
    (:mod:`parcalc.sensitivity`, seed 0, survey and weights varied); ``jobs`` as for
    :func:`parcalc.api.score_file`.

    Raises :class:`UsageError` for a missing path and :class:`ParcalcError` for a JSON file
    that is not a parcalc results document.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(Problem(msg("compare.no_such_path"), Location(str(path))))
    if path.is_file() and path.suffix.lower() == ".json":
        return _side_from_json(path)
    from dataclasses import replace

    from parcalc.api import score_file_run

    run = score_file_run(path, criteria, strict=strict, layout=layout, jobs=jobs)
    results = run.results
    precision = max((cs.precision for cs in results.criteria.values()), default=0)
    side = side_from_document(results.as_dict(), str(path), "workbook", precision)
    if samples is None:
        return side
    from parcalc.sensitivity import Options, sensitivity

    found = sensitivity(run, Options(samples=samples))
    return replace(side, intervals={fold(u.unit_id): (u.rank_low, u.rank_high)
                                    for u in found.units
                                    if u.rank_low is not None and u.rank_high is not None})


def _year(doc: Any) -> int | None:
    """The document's ``meta.year`` (added with the report's year; absent in older files)."""
    meta = doc.get("meta") if isinstance(doc, dict) else None
    year = meta.get("year") if isinstance(meta, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


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
                warnings=tuple(str(w) for w in warnings) if isinstance(warnings, list) else (),
                year=_year(doc))


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


__all__ = ["Side", "SideDomain", "SideKind", "SideUnit", "load_side", "side_from_document"]
