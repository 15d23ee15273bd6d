"""Totals, component indices, ranks and bands: the scored grids → :class:`Results`."""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Node
from parcalc.engine.context import RunContext
from parcalc.engine.frames import object_frame, repeat, texts
from parcalc.engine.meta import read_meta
from parcalc.engine.scoring import SetScores
from parcalc.errors import group_problems, sort_problems
from parcalc.fixed import DIGITS, IntArray, as_float, fixed_of, ratio_percent, round_fixed
from parcalc.results import FRAME_COLUMNS, Results
from parcalc.text import fold
from parcalc.values import Values


def assemble(ctx: RunContext, units: pd.DataFrame, sets: dict[str, CriteriaSet],
             scored: list[SetScores], bonus: IntArray, penalty: IntArray) -> Results:
    """The Results of the scored sets: units ranked within their groups, domains with their
    component ranks, nodes and details; only the columns of ``results.FRAME_COLUMNS``."""
    unit_frames, domain_frames, node_frames, detail_frames = [], [], [], []
    for s in scored:
        u, d, nodes, det = _set_frames(s, units, bonus, penalty, ctx.workbook.has_self_value)
        unit_frames.append(u)
        domain_frames.append(d)
        node_frames.append(nodes)
        detail_frames.append(det)
    ranked = pd.concat(unit_frames, ignore_index=True).sort_values("order", kind="stable")
    ranked = ranked.reset_index(drop=True)
    ranked = _rank(ranked, sets).reset_index(drop=True)
    domains = _concat(domain_frames, [c for c in FRAME_COLUMNS["domains"] if c != "rank"])
    meta = read_meta(ctx, sets.values())
    return Results(
        _units=ranked[FRAME_COLUMNS["units"]],
        _domains=_domain_ranks(domains, ranked, sets)[FRAME_COLUMNS["domains"]],
        _nodes=_concat(node_frames, FRAME_COLUMNS["nodes"]),
        _details=_concat(detail_frames, FRAME_COLUMNS["details"]),
        criteria=MappingProxyType(dict(sets)),
        workbook=ctx.workbook.name,
        _warnings=tuple(group_problems(sort_problems(ctx.warnings))),
        has_self_value=ctx.workbook.has_self_value,
        paths=tuple(str(p) for p in ctx.workbook.paths), meta=meta,
    )


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The frames of every set as one, with ``columns``."""
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(
        columns=columns)


def _set_frames(s: SetScores, units: pd.DataFrame, bonus: IntArray,
                penalty: IntArray, has_self: bool) -> tuple[pd.DataFrame, ...]:
    """One set's units (with the working columns ``order`` and ``_index_int`` for ranking),
    domains, nodes and details."""
    cs, p = s.criteria, s.criteria.precision
    node_points, node_max, node_list = _node_sums(s)
    b, pen = capped_adjustments(cs, bonus[s.positions], penalty[s.positions])
    maximum = s.maximum.sum(axis=0)
    total, index_int = unit_index(s.points.sum(axis=0), maximum, b, pen, p)
    self_total = np.clip(s.self_points.sum(axis=0) + b - pen, 0, maximum)
    has_index = maximum > 0
    sub = units.iloc[s.positions]
    frame = pd.DataFrame({
        "unit_id": texts(sub["unit_id"]), "name": texts(sub["name"]),
        "group": texts(sub["group"]), "criteria": cs.id,
        "points": _rounded(total, p), "max": _rounded(maximum, p),
        "index": np.where(has_index, as_float(index_int, p), np.nan),
        "band": texts(_band(cs, int(x)) if ok else None
                      for x, ok in zip(index_int, has_index, strict=True)),
        "self_points": _rounded(self_total, p) if has_self else np.nan,
        "bonus": _rounded(b, p), "penalty": _rounded(pen, p),
        "order": s.positions, "_index_int": np.where(has_index, index_int, -1),
    })
    ids = sub["unit_id"].to_numpy()
    domains = _node_frame(s, ids, node_points, node_max, node_list, level=0)
    nodes = _node_frame(s, ids, node_points, node_max, node_list, level=None)
    return frame, domains, nodes, _detail_frame(s, ids)


def _rounded(fx: IntArray, precision: int) -> np.ndarray:
    return as_float(round_fixed(np.asarray(fx, dtype=np.int64), precision), precision)


def capped_adjustments(cs: CriteriaSet, bonus: IntArray,
                       penalty: IntArray) -> tuple[IntArray, IntArray]:
    """Bonus and penalty points (millionths) after the set's caps."""
    caps = cs.adjustments
    if caps is not None and caps.bonus_max is not None:
        bonus = np.minimum(bonus, fixed_of(caps.bonus_max))
    if caps is not None and caps.penalty_max is not None:
        penalty = np.minimum(penalty, fixed_of(caps.penalty_max))
    return bonus, penalty


def unit_index(points: IntArray, maximum: IntArray, bonus: IntArray, penalty: IntArray,
               precision: int) -> tuple[IntArray, IntArray]:
    """Each unit's total (points + bonus − penalty, held within [0, max]) and its index
    × 10^precision, rounded (meaningless where max is 0); arrays of any matching shape."""
    total = np.clip(points + bonus - penalty, 0, maximum)
    return total, ratio_percent(total, maximum, precision)


def band_positions(cs: CriteriaSet, index_int: IntArray) -> IntArray:
    """For each index (× 10^precision), the position in ``cs.bands`` of the first band (from
    the top) whose min it reaches; -1 where none is."""
    index_int = np.asarray(index_int, dtype=np.int64)
    out = np.full(index_int.shape, -1, dtype=np.int64)
    scaled = index_int * 10 ** (DIGITS - cs.precision)
    for k, band in enumerate(cs.bands or []):
        out[(out < 0) & (scaled >= fixed_of(band.min))] = k
    return out


def rank_desc(values: IntArray, method: Literal["min", "dense"]) -> IntArray:
    """Ranks along the last axis, highest value first, ties sharing a rank as ``method``
    says (``min``: 1, 2, 2, 4; ``dense``: 1, 2, 2, 3): one group's units, or a row per
    sample of them."""
    rows = np.atleast_2d(np.asarray(values))
    ranked = pd.DataFrame(rows).rank(axis=1, method=method, ascending=False)
    return np.asarray(ranked.to_numpy(dtype=np.int64).reshape(np.shape(values)))


def _band(cs: CriteriaSet, index_int: int) -> str | None:
    """The first band (from the top) whose min the index (× 10^precision) reaches."""
    k = int(band_positions(cs, np.array([index_int]))[0])
    return None if k < 0 else (cs.bands or [])[k].label


def _node_sums(s: SetScores) -> tuple[IntArray, IntArray, list[tuple[Node, int, str | None]]]:
    """Points and max of every node (rows: nodes in file order), from the leaf grids."""
    leaf_row = {id(lf.node): j for j, lf in enumerate(s.leaves)}
    nodes: list[tuple[Node, int, str | None]] = []
    members: list[list[int]] = []
    for node, parents in s.criteria.walk():
        nodes.append((node, len(parents), parents[-1].id if parents else None))
        members.append([leaf_row[id(lf)] for lf in _leaf_nodes(node)])
    n = len(s.positions)
    points = np.zeros((len(nodes), n), np.int64)
    maximum = np.zeros((len(nodes), n), np.int64)
    for k, leaf_rows in enumerate(members):
        points[k] = s.points[leaf_rows].sum(axis=0)
        maximum[k] = s.maximum[leaf_rows].sum(axis=0)
    return points, maximum, nodes


def _leaf_nodes(node: Node) -> list[Node]:
    if node.is_leaf:
        return [node]
    return [leaf for child in node.criteria or [] for leaf in _leaf_nodes(child)]


def _node_frame(s: SetScores, unit_ids: np.ndarray, points: IntArray, maximum: IntArray,
                nodes: list[tuple[Node, int, str | None]], level: int | None) -> pd.DataFrame:
    p = s.criteria.precision
    pick = [k for k, (_, lvl, _) in enumerate(nodes) if level is None or lvl == level]
    n = len(s.positions)
    pts, mx = points[pick], maximum[pick]
    idx = ratio_percent(pts, mx, p)
    frame = object_frame({
        "unit_id": np.tile(unit_ids, len(pick)),
        "id": repeat([nodes[k][0].id for k in pick], n),
        "title": repeat([nodes[k][0].title for k in pick], n),
        "level": np.repeat([nodes[k][1] for k in pick], n),
        "parent": repeat([nodes[k][2] for k in pick], n),
        "points": _rounded(pts.ravel(), p),
        "max": _rounded(mx.ravel(), p),
        "index": np.where(mx.ravel() > 0, as_float(idx.ravel(), p), np.nan),
        "criteria": s.criteria.id,
    })
    return frame


def _detail_frame(s: SetScores, unit_ids: np.ndarray) -> pd.DataFrame:
    m, n = len(s.leaves), len(s.positions)
    p = s.criteria.precision
    return object_frame({
        "unit_id": np.tile(unit_ids, m),
        "criterion_id": repeat([lf.id for lf in s.leaves], n),
        "title": repeat([lf.node.title for lf in s.leaves], n),
        "domain": repeat([lf.domain.id for lf in s.leaves], n),
        "rule": repeat([lf.rule.type for lf in s.leaves], n),
        "value": s.texts["value"].text if "value" in s.texts else Values(s.value.ravel()).text,
        "self_value": (s.texts["self_value"].text if "self_value" in s.texts
                       else Values(s.self_value.ravel()).text),
        "points": _rounded(s.points.ravel(), p),
        "max": _rounded(np.repeat([fixed_of(lf.node.exact_maximum) for lf in s.leaves], n), p),
        "counted_max": _rounded(s.maximum.ravel(), p),
        "self_points": _rounded(s.self_points.ravel(), p),
        "status": s.status.ravel(),
        "evidence": s.evidence.ravel(),
        "note": s.note.ravel(),
        "criteria": s.criteria.id,
    })


def _domain_ranks(domains: pd.DataFrame, units: pd.DataFrame,
                  sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """The component rank: each domain's index ranked within the unit's group."""
    group_of = dict(zip(units["unit_id"], units["group"].map(
        lambda g: fold(g) if isinstance(g, str) else ""), strict=True))
    domains = domains.copy()
    domains["_group"] = domains["unit_id"].map(group_of)
    domains["rank"] = pd.array([None] * len(domains), dtype="Int64")
    for _, part in domains.groupby(["_group", "id"], sort=False):
        method = sets[part["criteria"].iloc[0]].ties
        valid = part["index"].dropna()
        domains.loc[valid.index, "rank"] = valid.rank(method=method, ascending=False).astype(
            int).to_numpy()
    return domains.drop(columns=["_group"])


def _rank(frame: pd.DataFrame, sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """Rank within each group on the rounded index; ties share a rank."""
    frame = frame.copy()
    frame["rank"] = pd.array([None] * len(frame), dtype="Int64")
    group_key = frame["group"].map(lambda g: fold(g) if isinstance(g, str) else None)
    first_seen = {k: i for i, k in reversed(list(enumerate(group_key)))}
    frame["_group_order"] = group_key.map(first_seen)
    for _, part in frame.groupby("_group_order", sort=False, dropna=False):
        method = sets[part["criteria"].iloc[0]].ties
        valid = part[part["_index_int"] >= 0]
        frame.loc[valid.index, "rank"] = rank_desc(valid["_index_int"].to_numpy(), method)
    frame["_rank_sort"] = frame["rank"].fillna(10**9)
    frame = frame.sort_values(["_group_order", "_rank_sort", "order"], kind="stable")
    return frame.drop(columns=["_group_order", "_rank_sort"])
