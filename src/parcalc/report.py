"""The ranking report as plain data: what each sheet of the workbook shows, in order.

:func:`build_report` turns :class:`~parcalc.results.Results` into a :class:`Report`;
``parcalc.render.excel`` only lays it out. Everything a reader sees that is not in the
results (group means, band counts, points lost, differences from the self-assessment,
file hashes) is computed here, with exact decimals.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from parcalc import __version__
from parcalc.criteria.shipped import shipped_dir
from parcalc.fixed import DIGITS, as_float, to_fixed
from parcalc.i18n import LANGS, catalogue, text
from parcalc.results import Meta, Results
from parcalc.shorten import short_titles

if TYPE_CHECKING:
    from parcalc.sensitivity import Sensitivity

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
    meta: Meta = field(default_factory=Meta)
    #: domain id → its short title (≤ 30 characters, unique): chart categories and headers
    short: dict[str, str] = field(default_factory=dict)
    #: how sure each rank is (``report --sensitivity N``): the rank confidence sheet
    sensitivity: Sensitivity | None = None

    def title(self, key: str, group: str | None = None) -> str:
        """A sheet's title: the label ``key`` with the year, and the group after a dash."""
        title = self.labels[key]
        if self.meta.year is not None:
            title = text("report.title_year", self.lang, title=title, year=self.meta.year)
        return f"{title} — {group}" if group else title

    @property
    def footer(self) -> str:
        """The report's name at the foot of every page: the settings' title (with the year
        when it does not say it), else "Chỉ số cải cách hành chính năm 2021"."""
        year, title = self.meta.year, self.meta.title
        if title is None:
            return (text("report.footer_plain", self.lang) if year is None
                    else text("report.footer_default", self.lang, year=year))
        if year is None or str(year) in title:
            return title
        return text("report.footer_year", self.lang, title=title, year=year)


BAND_COLOURS = ["#C6EFCE", "#E2EFDA", "#FFEB9C", "#FCE4D6", "#FFC7CE", "#D9D9D9"]


def build_report(results: Results, lang: str = "vi", generated: datetime | None = None,
                 sensitivity: Sensitivity | None = None) -> Report:
    labels = LABELS[lang]
    records = results.unit_records()
    groups = [_group(results, records, g) for g in results.groups]
    self_units, self_rows = _self_vs_appraised(results)
    colours: dict[str, str] = {}
    for cs in results.criteria.values():
        for k, band in enumerate(cs.bands or []):
            colours.setdefault(band.label, BAND_COLOURS[min(k, len(BAND_COLOURS) - 1)])
    domains = [(d.id, d.title) for d in results.domain_list()]
    return Report(
        lang=lang, labels=labels, groups=groups, domains=domains,
        details=_details(results, labels), self_units=self_units, self_rows=self_rows,
        inputs=[(shown_path(p), sha256(p)) for p in results.paths if Path(p).is_file()],
        criteria=[(cs.id, cs.title, _criteria_source(cs.id, cs.source, lang),
                   sha256(cs.source) if cs.source and Path(cs.source).is_file() else "")
                  for cs in results.criteria.values()],
        warnings=len(results.warnings), generated=local_time(generated), band_colours=colours,
        meta=results.meta, short=short_titles(dict(domains), abbreviations=abbreviations()),
        sensitivity=sensitivity,
    )


def local_time(when: datetime | None = None) -> str:
    """``when`` (default: now) in the local time zone unless it has its own, with its offset
    from UTC: ``2021-12-31 17:05:09 UTC+07:00``."""
    moment = (when or datetime.now()).astimezone() if when is None or when.tzinfo is None \
        else when
    offset = moment.strftime("%z") or "+0000"
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC{offset[:3]}:{offset[3:]}"


def shown_path(path: str | Path) -> str:
    """A file as the summary names it: relative to the working directory (with ``..`` when
    outside it), else absolute; always with forward slashes."""
    full = Path(path).resolve()
    try:
        return Path(os.path.relpath(full)).as_posix()
    except ValueError:  # another drive on Windows
        return full.as_posix()


def _criteria_source(cid: str, source: str | None, lang: str) -> str:
    """A shipped set by its id (never its install path), a file by :func:`shown_path`."""
    if not source:
        return ""
    path = Path(source).resolve()
    if path.parent == shipped_dir().resolve() and path.stem == cid:
        return text("report.shipped", lang, id=cid)
    if path.parent == shipped_dir().resolve():
        return text("report.shipped", lang, id=path.stem)
    return shown_path(path)


def abbreviations() -> dict[str, str]:
    """The usual abbreviations of criteria titles (``cải cách hành chính`` → ``CCHC``) of
    every language: titles are in the criteria's language, whatever the report's."""
    out: dict[str, str] = {}
    for lang in LANGS:
        for pair in str(catalogue(lang).get(f"{PREFIX}abbreviations", "")).split(";"):
            phrase, _, short = pair.partition("=")
            if phrase.strip() and short.strip():
                out[phrase.strip()] = short.strip()
    return out


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
        "rule": _objects(_words(d["rule"], labels, "rules.")),
        "value": _blank_none(d["value"]), "self_value": _blank_none(d["self_value"]),
        "points": d["points"].to_numpy(dtype=float), "max": d["max"].to_numpy(dtype=float),
        "lost": lost,
        "status": _objects(_words(d["status"], labels, "")),
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


def _words(column: pd.Series, labels: dict[str, str], prefix: str) -> pd.Series:
    """Codes (``yes_no``, ``ok``) as the report's words, looked up once per distinct code."""
    words = {code: labels.get(f"{prefix}{code}", str(code)) for code in column.unique()}
    return column.map(words)


def _objects(column: pd.Series) -> pd.Series:
    return pd.Series(column.to_numpy(dtype=object), dtype=object)


def _blank_none(column: pd.Series) -> pd.Series:
    """Text as written, None where blank (None, NaN or an empty string)."""
    values = column.to_numpy(dtype=object)
    blank = pd.isna(values) | (values == "")
    out = values.copy()
    out[blank] = None
    return pd.Series(out, dtype=object)
