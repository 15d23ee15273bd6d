"""The ranking report as plain data: what each sheet of the workbook shows, in order.

:func:`build_report` turns :class:`~parcalc.results.Results` into a :class:`Report`;
``parcalc.render.excel`` only lays it out. Everything a reader sees that is not in the
results (group means, band counts, points lost, differences from the self-assessment,
file hashes) is computed here, with exact decimals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from parcalc import __version__
from parcalc.fixed import DIGITS, as_float, to_fixed
from parcalc.i18n import LANGS, catalogue
from parcalc.results import Results

PREFIX = "report."


def report_labels(lang: str) -> dict[str, str]:
    """The report's sheet names, headers and words in ``lang``: the catalogue's ``[report]``
    table (:mod:`parcalc.i18n`), by its short key (``"ranking"``, ``"rank"`` …)."""
    return {key[len(PREFIX):]: str(value) for key, value in catalogue(lang).items()
            if key.startswith(PREFIX)}


#: :func:`report_labels` of every language.
LABELS: dict[str, dict[str, str]] = {lang: report_labels(lang) for lang in LANGS}


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _round(value: Decimal, precision: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP))


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class GroupReport:
    name: str | None
    title: str
    precision: int
    units: list[dict[str, Any]]  # unit records, each with "change" (points − self points)
    bands: list[tuple[str, int]]  # label → count, in the criteria's order (+ "–" for none)
    mean: float | None
    lowest: float | None
    highest: float | None
    domain_means: dict[str, float | None]


@dataclass
class Report:
    lang: str
    labels: dict[str, str]
    groups: list[GroupReport]
    domains: list[tuple[str, str]]  # id, title (union over the sets, in order)
    details: pd.DataFrame  # DETAIL_COLUMNS, one row per unit and leaf, in unit order
    self_units: list[dict[str, Any]]
    self_rows: pd.DataFrame  # SELF_COLUMNS: where appraised points differ from self points
    inputs: list[tuple[str, str]]  # path, sha256
    criteria: list[tuple[str, str, str, str]]  # id, title, source, sha256
    warnings: int
    generated: str
    version: str = __version__
    band_colours: dict[str, str] = field(default_factory=dict)


BAND_COLOURS = ["#C6EFCE", "#E2EFDA", "#FFEB9C", "#FCE4D6", "#FFC7CE", "#D9D9D9"]


def build_report(results: Results, lang: str = "vi",
                 generated: datetime | None = None) -> Report:
    labels = LABELS[lang]
    records = results.unit_records()
    groups = [_group(results, records, g) for g in results.groups]
    self_units, self_rows = _self_vs_appraised(results)
    colours: dict[str, str] = {}
    for cs in results.criteria.values():
        for k, band in enumerate(cs.bands or []):
            colours.setdefault(band.label, BAND_COLOURS[min(k, len(BAND_COLOURS) - 1)])
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S")
    return Report(
        lang=lang, labels=labels, groups=groups,
        domains=[(d.id, d.title) for d in results.domain_list()],
        details=_details(results, labels), self_units=self_units, self_rows=self_rows,
        inputs=[(p, sha256(p)) for p in results.paths if Path(p).is_file()],
        criteria=[(cs.id, cs.title, cs.source or "", sha256(cs.source)
                   if cs.source and Path(cs.source).is_file() else "")
                  for cs in results.criteria.values()],
        warnings=len(results.warnings), generated=when, band_colours=colours,
    )


def _group(results: Results, records: list[dict[str, Any]], group: str | None) -> GroupReport:
    rows = [dict(r) for r in records if r["group"] == group]
    cs = results.criteria[rows[0]["criteria"]]
    p = cs.precision
    for r in rows:
        r["change"] = None if r["self_points"] is None else _round(
            _dec(r["points"]) - _dec(r["self_points"]), p)
    indices = [_dec(r["index"]) for r in rows if r["index"] is not None]
    counts = {b.label: 0 for b in cs.bands or []}
    for r in rows:
        if r["band"] is not None:
            counts[r["band"]] = counts.get(r["band"], 0) + 1
    domain_means: dict[str, float | None] = {}
    for d in cs.domains:
        values = [_dec(x["index"]) for r in rows for x in r["domains"]
                  if x["id"] == d.id and x["index"] is not None]
        domain_means[d.id] = _round(sum(values, Decimal(0)) / len(values), p) if values else None
    return GroupReport(
        name=group, title=cs.title, precision=p, units=rows, bands=list(counts.items()),
        mean=_round(sum(indices, Decimal(0)) / len(indices), p) if indices else None,
        lowest=float(min(indices)) if indices else None,
        highest=float(max(indices)) if indices else None,
        domain_means=domain_means,
    )


DETAIL_COLUMNS = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value",
                  "points", "max", "lost", "status", "evidence", "note", "guide"]
SELF_COLUMNS = ["unit_id", "name", "criterion_id", "title", "self_value", "value",
                "self_points", "points", "diff"]


def _in_unit_order(frame: pd.DataFrame, results: Results, *also: str) -> pd.DataFrame:
    """Rows by the units' order in the results (ranking order), keeping the criteria order."""
    order = {u: i for i, u in enumerate(results.units["unit_id"])}
    keys = frame.assign(_order=frame["unit_id"].map(order).fillna(0))
    return keys.sort_values(["_order", *also], kind="stable").drop(columns="_order")


def _details(results: Results, labels: dict[str, str]) -> pd.DataFrame:
    """One row per unit and leaf, columns :data:`DETAIL_COLUMNS`; text blank as None.

    Points lost = counted max − points, never below 0, in exact millionths
    (:mod:`parcalc.fixed`), one pass per column.
    """
    d = results.details
    names = dict(zip(results.units["unit_id"], results.units["name"], strict=True))
    lost = as_float(np.maximum(to_fixed(d["counted_max"]) - to_fixed(d["points"]), 0), DIGITS)
    frame = pd.DataFrame({
        "unit_id": _objects(d["unit_id"]),
        "name": _objects(d["unit_id"].map(lambda u: names.get(u, u))),
        "criterion_id": _objects(d["criterion_id"]), "title": _objects(d["title"]),
        "rule": _objects(d["rule"]),
        "value": _blank_none(d["value"]), "self_value": _blank_none(d["self_value"]),
        "points": d["points"].to_numpy(dtype=float), "max": d["max"].to_numpy(dtype=float),
        "lost": lost,
        "status": _objects(d["status"].map(lambda x: labels.get(str(x), str(x)))),
        "evidence": _blank_none(d["evidence"]), "note": _blank_none(d["note"]),
        "guide": _guides(results),
    })
    return _in_unit_order(frame, results).reset_index(drop=True)


def _guides(results: Results) -> pd.Series:
    """Each detail row's scoring guide (the leaf's ``guide:``), None where it has none."""
    d = results.details
    out = np.full(len(d), None, dtype=object)
    for set_id, criteria in results.criteria.items():
        guides = {leaf.id: leaf.node.guide for leaf in criteria.leaves() if leaf.node.guide}
        if guides:
            rows = (d["criteria"] == set_id).to_numpy()
            found = d["criterion_id"][rows].map(guides).to_numpy(dtype=object)
            found[pd.isna(found)] = None
            out[rows] = found
    return pd.Series(out, dtype=object)


def _self_vs_appraised(results: Results) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    if not results.has_self_value:
        return [], pd.DataFrame(columns=SELF_COLUMNS)
    d = results.details
    diff = to_fixed(d["points"]) - to_fixed(d["self_points"])
    differ = d[diff != 0]
    names = dict(zip(results.units["unit_id"], results.units["name"], strict=True))
    rows = pd.DataFrame({
        "unit_id": _objects(differ["unit_id"]),
        "name": _objects(differ["unit_id"].map(lambda u: names.get(u, ""))),
        "criterion_id": _objects(differ["criterion_id"]), "title": _objects(differ["title"]),
        "self_value": _blank_none(differ["self_value"]), "value": _blank_none(differ["value"]),
        "self_points": differ["self_points"].to_numpy(dtype=float),
        "points": differ["points"].to_numpy(dtype=float),
        "diff": as_float(diff[diff != 0], DIGITS),
    })
    rows = _in_unit_order(rows, results, "diff").reset_index(drop=True)
    adjusted = rows["unit_id"].value_counts().to_dict()
    units = []
    for r in results.unit_records():
        if r["self_points"] is None:
            continue
        units.append({"unit_id": r["unit_id"], "name": r["name"], "group": r["group"],
                      "self_points": r["self_points"], "points": r["points"],
                      "diff": float(_dec(r["points"]) - _dec(r["self_points"])),
                      "adjusted": int(adjusted.get(r["unit_id"], 0))})
    return units, rows


def _objects(column: pd.Series) -> pd.Series:
    return pd.Series(column.to_numpy(dtype=object), dtype=object)


def _blank_none(column: pd.Series) -> pd.Series:
    """Text as written, None where blank (None, NaN or an empty string)."""
    values = column.to_numpy(dtype=object)
    blank = pd.isna(values) | (values == "")
    out = values.copy()
    out[blank] = None
    return pd.Series(out, dtype=object)
