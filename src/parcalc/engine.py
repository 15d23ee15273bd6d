"""The scoring engine: workbook + criteria → :class:`Results`.

Everything is checked first and every problem collected (like agate, nothing is computed on
bad input); then each criteria set is scored as one leaf-major grid, units × leaves, one
vectorised rule call per leaf. Points are integers in millionths (:mod:`parcalc.fixed`), so
sums are exact and rounding never depends on float drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet, Leaf, Node
from parcalc.errors import Location, Problem, WorkbookError, sort_problems
from parcalc.fixed import (
    DIGITS,
    IntArray,
    as_float,
    fixed_of,
    ratio_percent,
    round_fixed,
    to_fixed,
)
from parcalc.results import Results
from parcalc.rules import ChoiceRule, PointsRule, SurveyRule
from parcalc.survey import Answers, fractions, long_answers, select_questions, unknown_groups
from parcalc.text import fold
from parcalc.values import Values
from parcalc.workbook import IX, LENIENT, Table, Workbook

CriteriaChoice = CriteriaSet | Mapping[str | None, CriteriaSet]

BONUS = frozenset({"bonus", "thưởng", "cộng", "điểm thưởng", "điểm cộng", "+"})
PENALTY = frozenset({"penalty", "trừ", "phạt", "điểm trừ", "-"})

STATUS_OK, STATUS_BLANK, STATUS_NA = "ok", "blank", "not_applicable"
#: Errors kept per run; past this a workbook is surely the wrong file, and the rest are counted.
MAX_PROBLEMS = 10_000


@dataclass
class _Context:
    workbook: Workbook
    strict: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped: int = 0  # errors past MAX_PROBLEMS, counted only
    #: respondent group → survey criteria that gave it no weight though it answered
    unweighted: dict[str, list[str]] = field(default_factory=dict)

    def error(self, message: str, where: Location | None) -> None:
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.append(Problem(message, where))
        else:
            self.dropped += 1

    def warn(self, message: str, where: Location | None) -> None:
        self.warnings.append(Problem(message, where, "warning"))

    def file(self) -> Location:
        return Location(self.workbook.name)


def score(workbook: Workbook, criteria: CriteriaChoice, *, strict: bool = False) -> Results:
    """Score every unit of ``workbook``.

    ``criteria`` is one set for all units, or a mapping from group name (``None`` for the
    default) to a set. Raises :class:`WorkbookError` with every problem found; warnings
    (blank values, units with no survey answers) are in ``Results.warnings``.
    """
    ctx = _Context(workbook, strict)
    units = ctx.units = _units(ctx)
    sets = _assign_sets(ctx, units, criteria)
    rows = _score_rows(ctx, units, sets)
    answers = _survey_answers(ctx, units, sets)
    bonus, penalty = _adjustments(ctx, units)
    scored = [
        _score_set(ctx, cs, units.index[units["set"] == cs_id].to_numpy(), rows, answers)
        for cs_id, cs in sets.items()
    ]
    _report_unweighted(ctx)
    if ctx.errors:
        errors = sort_problems(ctx.errors)
        if ctx.dropped:
            errors.append(Problem(f"… and {ctx.dropped} more errors not listed; is this the "
                                  "right workbook for these criteria?", ctx.file()))
        raise WorkbookError(errors)
    return _assemble(ctx, units, sets, scored, bonus, penalty)


# --- units and criteria sets ------------------------------------------------------------------

def _units(ctx: _Context) -> pd.DataFrame:
    sheet = ctx.workbook.units
    frame = sheet.frame
    ids = Values.of(frame["unit_id"])
    names = Values.of(frame["name"]).text if sheet.has("name") else ids.text
    groups = Values.of(frame["group"]).text if sheet.has("group") else [None] * len(frame)
    shown = [n if n is not None else i for n, i in zip(names, ids.text, strict=True)]
    units = pd.DataFrame({  # object columns: pandas 3 would turn None into NaN in strings
        "unit_id": _texts(ids.text), "key": _texts(ids.token), "name": _texts(shown),
        "group": _texts(groups), "row": frame[IX].to_numpy(),
    })
    units["group_key"] = _texts([fold(g) if isinstance(g, str) else None
                                 for g in units["group"]])
    first: dict[str, int] = {}
    keep = []
    for key, uid, row in zip(units["key"], units["unit_id"], units["row"], strict=True):
        if key in first:
            ctx.error(f"duplicate unit id {uid!r} (first at "
                      f"{sheet.cell_ref('unit_id', first[key])}); each unit is listed once",
                      sheet.loc("unit_id", int(row)))
            keep.append(False)
        else:
            first[key] = int(row)
            keep.append(True)
    return units[np.array(keep, dtype=bool)].reset_index(drop=True)


def _texts(values: Any) -> pd.Series:
    """A column of text or None, kept as objects (no NaN for None)."""
    return pd.Series(list(values), dtype=object)


def _assign_sets(ctx: _Context, units: pd.DataFrame,
                 criteria: CriteriaChoice) -> dict[str, CriteriaSet]:
    if isinstance(criteria, CriteriaSet):
        units["set"] = criteria.id
        return {criteria.id: criteria}
    by_group = {None if k is None else fold(k): v for k, v in criteria.items()}
    chosen: list[str | None] = []
    sets: dict[str, CriteriaSet] = {}
    reported: set[str | None] = set()
    for group, gkey, row in zip(units["group"], units["group_key"], units["row"], strict=True):
        cs = by_group.get(gkey) or by_group.get(None)
        if cs is None:
            if gkey not in reported:
                reported.add(gkey)
                what = f"group {group!r}" if group else "units without a group"
                ctx.error(f"no criteria set for {what}; add a settings row "
                          f"'criteria:{group or ''}' or 'criteria', or pass --criteria",
                          ctx.workbook.units.loc("group" if group else "unit_id", int(row)))
            chosen.append(None)
            continue
        sets.setdefault(cs.id, cs)
        chosen.append(cs.id)
    units["set"] = _texts(chosen)
    return sets


# --- the scores sheet -------------------------------------------------------------------------

def _catalogue(sets: dict[str, CriteriaSet]) -> dict[tuple[str, str], tuple[str, Node]]:
    """(set id, folded node id) → (kind, node) for every node: leaf, survey or inner."""
    out: dict[tuple[str, str], tuple[str, Node]] = {}
    for cs_id, cs in sets.items():
        for node, _parents in cs.walk():
            kind = "inner" if not node.is_leaf else (
                "survey" if isinstance(node.rule, SurveyRule) else "leaf")
            out[(cs_id, fold(node.id))] = (kind, node)
    return out


#: Columns carried from the scores table into the grid.
CARRIED = ("value", "self_value", "evidence", "note", "_pct_value", "_pct_self_value", IX)


@dataclass
class _Lookup:
    """What a scores row is checked against."""

    table: Table
    unit_sets: list[str | None]
    catalogue: dict[tuple[str, str], tuple[str, Node]]


def _score_rows(ctx: _Context, units: pd.DataFrame,
                sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """Valid rows of the scores table: unit position, folded leaf id, raw cells, IX.

    Vectorised: units and criteria are looked up with ``Series.map``; Python loops run only
    over the rows that are wrong, to word their errors.
    """
    sheet = ctx.workbook.scores
    if sheet is None:
        if any(not lf.is_survey for cs in sets.values() for lf in cs.leaves()):
            ctx.error("no sheet named 'scores' (or 'Điểm') and no inspection form sheets; add "
                      "a scores sheet with unit_id, criterion_id and value columns", ctx.file())
        return pd.DataFrame(columns=["unit", "leaf", *CARRIED])
    frame = sheet.frame
    look = _Lookup(sheet, units["set"].tolist(), _catalogue(sets))
    uids, cids = Values.of(frame["unit_id"]), Values.of(frame["criterion_id"])
    posi = _unit_positions(uids, units)
    row_set = np.array([*look.unit_sets, None], dtype=object)[posi]
    kind = _kinds(look, row_set, cids)
    lenient = frame[LENIENT].to_numpy(dtype=bool)
    ok = (posi >= 0) & (kind == "leaf")
    _row_errors(ctx, look, uids, cids, posi, row_set, kind, lenient)
    ok &= ~_duplicates(ctx, sheet, uids, cids, posi, ok)
    if sheet.has("max"):
        _max_mismatches(ctx, look, cids.token, posi, ok)
    out = {"unit": posi[ok], "leaf": cids.token[ok]}
    for column in CARRIED:
        out[column] = _optional(frame, column)[ok]
    return _frame(out)


def _unit_positions(ids: Values, units: pd.DataFrame) -> np.ndarray:
    """Each cell's unit position in ``units`` (-1: blank or not a unit), one look-up per
    distinct id."""
    position = {k: i for i, k in enumerate(units["key"])}
    return ids.map_token(lambda t: position.get(t, -1) if t is not None else -1, np.int64)


def _kinds(look: _Lookup, row_set: np.ndarray, keys: Values) -> np.ndarray:
    """"leaf", "survey", "inner" or None (unknown) for each row's criterion, per set."""
    kind = np.full(len(keys), None, dtype=object)
    by_set: dict[str, dict[str, str]] = {}
    for (cs_id, key), (node_kind, _node) in look.catalogue.items():
        by_set.setdefault(cs_id, {})[key] = node_kind
    for cs_id, table in by_set.items():
        mask = row_set == cs_id
        if mask.any():
            part = keys if mask.all() else keys.take(mask)
            kind[mask] = part.map_token(partial(_kind_of, table))
    return kind


def _kind_of(table: dict[str, str], token: str | None) -> str | None:
    return table.get(token) if token is not None else None


def _row_errors(ctx: _Context, look: _Lookup, uids: Values, cids: Values, posi: np.ndarray,
                row_set: np.ndarray, kind: np.ndarray, lenient: np.ndarray) -> None:
    sheet = look.table
    for i in (int(x) for x in np.flatnonzero(~((posi >= 0) & (kind == "leaf")))):
        if uids.token[i] is None:
            ctx.error("no unit id; fill in the unit_id or delete the row",
                      sheet.loc("unit_id", i))
        elif posi[i] < 0:
            ctx.error(f"unknown unit id {uids.text[i]!r}; add it to the units sheet or fix "
                      "the id", sheet.loc("unit_id", i))
        elif cids.token[i] is None:
            ctx.error("no criterion id; fill in the criterion_id or delete the row",
                      sheet.loc("criterion_id", i))
        elif row_set[i] is None or (lenient[i] and kind[i] is not None):
            continue  # no criteria for the unit (reported), or a form's subtotal/survey row
        elif kind[i] is None:
            ctx.error(f"unknown criterion id {cids.text[i]!r} (not in criteria set "
                      f"{row_set[i]}); fix the id — ids such as 1.10 must be stored as text",
                      sheet.loc("criterion_id", i))
        elif kind[i] == "inner":
            node = look.catalogue[(row_set[i], cids.token[i])][1]
            children = ", ".join(c.id for c in node.criteria or [])
            ctx.error(f"criterion {cids.text[i]!r} has sub-criteria ({children}); enter values "
                      "for those instead", sheet.loc("criterion_id", i))
        else:
            ctx.error(f"criterion {cids.text[i]!r} is scored from the survey sheet; delete this "
                      "row", sheet.loc("criterion_id", i))


def _duplicates(ctx: _Context, sheet: Table, uids: Values, cids: Values, posi: np.ndarray,
                ok: np.ndarray) -> np.ndarray:
    """Second rows for a (unit, criterion) pair: errors, and a mask to drop them."""
    pairs = pd.DataFrame({"u": posi, "k": cids.token, "i": np.arange(len(posi))})[ok]
    dup = pairs.duplicated(["u", "k"], keep="first")
    drop = np.zeros(len(posi), dtype=bool)
    if dup.any():
        first = pairs.groupby(["u", "k"])["i"].transform("first")
        for i, f in zip(pairs.loc[dup, "i"], first[dup], strict=True):
            ctx.error(f"second row for unit {uids.text[i]!r} and criterion {cids.text[i]!r} "
                      f"(first at {sheet.cell_ref('unit_id', int(f))}); keep one row",
                      sheet.loc("unit_id", int(i)))
            drop[i] = True
    return drop


def _optional(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column in frame.columns:
        return frame[column].to_numpy(dtype=object)
    return np.full(len(frame), None, dtype=object)


def _max_mismatches(ctx: _Context, look: _Lookup, keys: np.ndarray, posi: np.ndarray,
                    ok: np.ndarray) -> None:
    """Warn once per criterion whose max on a form differs from the criteria file's."""
    table = look.table
    shown = Values.of(table.frame["max"])
    warned: set[tuple[str, str]] = set()
    for i in np.flatnonzero(ok & ~np.isnan(shown.number)):
        cs_id = look.unit_sets[posi[i]] or ""
        key = (cs_id, str(keys[i]))
        if key in warned:
            continue
        node = look.catalogue[key][1]
        if fixed_of(node.exact_maximum) != to_fixed([shown.number[i]])[0]:
            warned.add(key)
            ctx.warn(f"criterion {node.id!r} has max {shown.text[i]} on this form but "
                     f"{node.maximum:g} in criteria set {cs_id}; the form was made from "
                     "another version of the criteria (parcalc uses the criteria file)",
                     table.loc("max", int(i)))


# --- survey and adjustments -------------------------------------------------------------------

def _survey_answers(ctx: _Context, units: pd.DataFrame,
                    sets: dict[str, CriteriaSet]) -> Answers | None:
    survey_leaves = [(cs, lf) for cs in sets.values() for lf in cs.leaves() if lf.is_survey]
    sheet = ctx.workbook.survey
    if not survey_leaves:
        return None
    if sheet is None:
        ids = ", ".join(lf.id for _, lf in survey_leaves[:5])
        ctx.error(f"the criteria have survey criteria ({ids}) but the workbook has no 'survey' "
                  "sheet; add one with unit_id, respondent_group and a column per question",
                  ctx.file())
        return None
    questions = {fold(q) for q in sheet.others}
    for _cs, lf in survey_leaves:
        assert isinstance(lf.rule, SurveyRule)
        for q in lf.rule.questions:
            if fold(q) not in questions:
                questions.add(fold(q))  # report each missing question once
                ctx.error(f"no column for question {q!r} (used by criterion {lf.id}); add it "
                          "to the header row", sheet.loc("unit_id"))
    respondents = Values.of(sheet.frame["unit_id"])
    positions = _unit_positions(respondents, units)
    unknown = positions < 0
    rows = sheet.frame[IX].to_numpy()
    for i in np.flatnonzero(unknown):
        key = respondents.token[i]
        what = f"unknown unit id {respondents.text[i]!r}" if key else "no unit id"
        ctx.error(f"{what}; every respondent row names a unit from the units sheet",
                  sheet.loc("unit_id", int(rows[i])))
    return long_answers(sheet, positions)


def _adjustments(ctx: _Context, units: pd.DataFrame) -> tuple[IntArray, IntArray]:
    n = len(units)
    bonus, penalty = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    sheet = ctx.workbook.adjustments
    if sheet is None:
        return bonus, penalty
    frame = sheet.frame
    unit_pos = {k: i for i, k in enumerate(units["key"])}
    ids, kinds, points = (Values.of(frame[c]) for c in ("unit_id", "kind", "points"))
    for i, row in enumerate(frame[IX].to_numpy()):
        row = int(row)
        pos = unit_pos.get(ids.token[i]) if ids.token[i] is not None else None
        if pos is None:
            ctx.error(f"unknown unit id {ids.text[i]!r}; add it to the units sheet or fix the id",
                      sheet.loc("unit_id", row))
        kind = kinds.token[i]
        if kind not in BONUS and kind not in PENALTY:
            ctx.error(f"kind {kinds.text[i]!r} is neither bonus nor penalty; enter bonus/thưởng/"
                      "cộng or penalty/trừ", sheet.loc("kind", row))
            kind = None
        value = points.number[i]
        if points.text[i] is None:
            ctx.error("no points; enter the points (≥ 0) or delete the row",
                      sheet.loc("points", row))
            continue
        if np.isnan(value):
            ctx.error(f"{points.text[i]!r} is not a number; enter the points (≥ 0)",
                      sheet.loc("points", row))
            continue
        if value < 0:
            ctx.error(f"negative adjustment {points.text[i]}; enter points ≥ 0 and set kind to "
                      "bonus or penalty", sheet.loc("points", row))
            continue
        if value > 1_000_000:
            ctx.error(f"adjustment {points.text[i]} is too large; enter the points (≥ 0)",
                      sheet.loc("points", row))
            continue
        if pos is not None and kind is not None:
            target = bonus if kind in BONUS else penalty
            target[pos] += to_fixed([value])[0]
    return bonus, penalty


# --- scoring one criteria set -----------------------------------------------------------------

@dataclass
class _SetScores:
    """Leaf-major grids (leaves × units) for one criteria set."""

    criteria: CriteriaSet
    units: np.ndarray  # unit positions, in units-sheet order
    leaves: list[Leaf]
    points: IntArray  # shape (m, n), millionths
    maximum: IntArray  # shape (m, n)
    self_points: IntArray  # shape (m, n)
    status: np.ndarray  # (m, n) object
    value: np.ndarray  # (m, n) text as written
    self_value: np.ndarray
    evidence: np.ndarray
    note: np.ndarray
    #: the grid's parsed columns (value, self_value), to show their text without parsing again
    texts: dict[str, Values] = field(default_factory=dict)


def _score_set(ctx: _Context, cs: CriteriaSet, positions: np.ndarray, rows: pd.DataFrame,
               answers: Answers | None) -> _SetScores:
    leaves = cs.leaves()
    n, m = len(positions), len(leaves)
    leaf_index = {fold(lf.id): j for j, lf in enumerate(leaves)}
    grid = _Grid(m, n)
    to_local = np.full(len(ctx.units) + 1, -1, dtype=np.int64)
    to_local[positions.astype(np.int64)] = np.arange(n)
    unit_local = to_local[rows["unit"].to_numpy(dtype=np.int64)] if len(rows) else np.zeros(0)
    mine = rows[unit_local >= 0]
    if len(mine):
        codes, keys = pd.factorize(mine["leaf"].to_numpy(dtype=object))
        leaf_of = np.array([leaf_index[k] for k in keys], dtype=np.int64)
        at = leaf_of[codes] * n + unit_local[unit_local >= 0]
        for column in CARRIED:
            grid.cells[column][at] = mine[column].to_numpy(dtype=object)
    out = _SetScores(cs, positions, leaves, *grid.empty())
    if answers is not None:
        answers = answers.for_units(to_local[:-1])
    missing: dict[int, list[str]] = {}
    no_survey: dict[int, list[str]] = {}
    for j, leaf in enumerate(leaves):
        sl = slice(j * n, (j + 1) * n)
        if leaf.is_survey:
            _survey_leaf(ctx, cs, leaf, out, j, positions, answers, no_survey)
        else:
            _value_leaf(ctx, cs, leaf, out, j, grid, sl, missing)
    _report_gaps(ctx, cs, positions, missing, no_survey)
    out.texts = grid.whole
    return out


class _Grid:
    """Raw cells of the scores sheet laid out leaf-major: index = leaf * n + unit."""

    def __init__(self, m: int, n: int) -> None:
        self.m, self.n = m, n
        self.cells = {c: np.full(m * n, None, dtype=object) for c in CARRIED}
        self.whole: dict[str, Values] = {}

    def values(self, column: str, sl: slice, leaf: Leaf) -> Values:
        """The cells of one leaf; percent-formatted numbers as shown (0.85 → 85) where the
        leaf's rule takes a percentage. Cells are parsed once per column, for all leaves."""
        if column not in self.whole:
            self.whole[column] = Values(self.cells[column])
        values = self.whole[column].take(sl)
        if leaf.rule.takes_percent:
            flags = self.cells[f"_pct_{column}"][sl]
            return values.percent_as_shown(np.array([f is True for f in flags], dtype=bool))
        return values

    def empty(self) -> tuple[Any, ...]:
        shape = (self.m, self.n)
        return (np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64),
                np.full(shape, STATUS_OK, dtype=object),
                *(self.cells[c].reshape(shape) for c in ("value", "self_value", "evidence",
                                                         "note")))


def _value_leaf(ctx: _Context, cs: CriteriaSet, leaf: Leaf, out: _SetScores, j: int,
                grid: _Grid, sl: slice, missing: dict[int, list[str]]) -> None:
    maximum = float(leaf.node.maximum)
    max_fx = fixed_of(leaf.node.exact_maximum)
    values = grid.values("value", sl, leaf)
    rows = grid.cells[IX][sl]
    blank, na = values.blank, _not_applicable(leaf, values)
    ok = ~blank & ~na
    points = np.zeros(len(values))
    pts, errs = leaf.rule.score(values.take(ok), maximum)
    points[ok] = pts
    _cell_errors(ctx, leaf, out, errs, rows[ok], "value")
    out.points[j] = to_fixed(points)
    out.maximum[j] = max_fx
    out.status[j][blank] = STATUS_BLANK
    out.status[j][na] = STATUS_NA
    for i in np.flatnonzero(blank):
        missing.setdefault(int(out.units[i]), []).append(leaf.id)
    _apply_na_policy(cs, out, j, na, max_fx)
    out.self_points[j] = out.points[j]
    if ctx.workbook.has_self_value:
        _self_leaf(ctx, leaf, out, j, grid.values("self_value", sl, leaf), rows, ok, maximum)


def _not_applicable(leaf: Leaf, values: Values) -> np.ndarray:
    """N/A tokens, except where a choice rule has an option of that name ("Không áp dụng")."""
    na = values.not_applicable
    if isinstance(leaf.rule, ChoiceRule) and na.any():
        labels = {fold(label) for label in leaf.rule.options}
        na = na & np.array([t not in labels for t in values.token], dtype=bool)
    return na


def _apply_na_policy(cs: CriteriaSet, out: _SetScores, j: int, na: np.ndarray,
                     max_fx: int) -> None:
    if cs.not_applicable == "exclude":
        out.maximum[j][na] = 0
        out.points[j][na] = 0
    elif cs.not_applicable == "full":
        out.points[j][na] = max_fx
    else:
        out.points[j][na] = 0


def _self_leaf(ctx: _Context, leaf: Leaf, out: _SetScores, j: int, values: Values,
               rows: np.ndarray, applicable: np.ndarray, maximum: float) -> None:
    """Self-assessed points where the unit self-scored an applicable leaf."""
    claimed = applicable & ~values.blank & ~_not_applicable(leaf, values)
    if not claimed.any():
        return
    claim = values.take(claimed)
    if isinstance(leaf.rule, PointsRule):
        over = claim.number > maximum
        for i, v in zip(np.flatnonzero(claimed)[over], claim.number[over], strict=True):
            ctx.warn(f"unit {_uid(ctx, out, i)!r} self-assessed {v:g} on criterion {leaf.id!r}, "
                     f"above its max {maximum:g}; counted as {maximum:g}",
                     ctx.workbook.scores.loc("self_value", int(rows[i]))
                     if ctx.workbook.scores else None)
        if over.any():
            claim = Values(np.where(over, maximum, claim.raw).astype(object))
    pts, errs = leaf.rule.score(claim, maximum)
    _cell_errors(ctx, leaf, out, errs, rows[claimed], "self_value")
    self_row = out.self_points[j].copy()
    self_row[claimed] = to_fixed(pts)
    out.self_points[j] = self_row


def _uid(ctx: _Context, out: _SetScores, i: int) -> str:
    return str(ctx.units.at[int(out.units[i]), "unit_id"])


def _cell_errors(ctx: _Context, leaf: Leaf, out: _SetScores, errs: np.ndarray,
                 rows: np.ndarray, column: str) -> None:
    sheet = ctx.workbook.scores
    bad = np.flatnonzero(errs != None)  # noqa: E711 - elementwise test on an object array
    for k in bad:
        where = sheet.loc(column, int(rows[k])) if sheet is not None else None
        ctx.error(f"criterion {leaf.id!r} ({leaf.rule.type}): {errs[k]}", where)


def _survey_leaf(ctx: _Context, cs: CriteriaSet, leaf: Leaf, out: _SetScores, j: int,
                 positions: np.ndarray, answers: Answers | None,
                 no_survey: dict[int, list[str]]) -> None:
    rule = leaf.rule
    assert isinstance(rule, SurveyRule)
    max_fx = fixed_of(leaf.node.exact_maximum)
    out.maximum[j] = max_fx
    if answers is None:
        return
    sheet = ctx.workbook.survey
    assert sheet is not None

    def problem(message: str, column: str, row: int) -> Problem:
        return Problem(f"criterion {leaf.id!r}: {message}", sheet.loc(column, row))

    answers = select_questions(answers, rule.questions)
    room = max(MAX_PROBLEMS - len(ctx.errors), 0)
    frac, problems, count = fractions(rule, cs.scale(rule), answers, len(positions), problem,
                                      room)
    ctx.errors.extend(problems)
    ctx.dropped += count - len(problems)
    for group in unknown_groups(rule, answers):
        ctx.unweighted.setdefault(group, []).append(leaf.id)
    na = np.isnan(frac)
    out.points[j] = to_fixed(np.where(na, 0.0, frac) * float(leaf.node.maximum))
    out.status[j][na] = STATUS_NA
    for i in np.flatnonzero(na):
        no_survey.setdefault(int(positions[i]), []).append(leaf.id)
    _apply_na_policy(cs, out, j, na, max_fx)
    out.self_points[j] = out.points[j]


def _report_gaps(ctx: _Context, cs: CriteriaSet, positions: np.ndarray,
                 missing: dict[int, list[str]], no_survey: dict[int, list[str]]) -> None:
    units = ctx.workbook.units
    ids = ctx.units["unit_id"].to_numpy()
    rows = ctx.units["row"].to_numpy()
    for pos, leaf_ids in missing.items():
        text = (f"unit {ids[pos]!r} has no value for {len(leaf_ids)} "
                f"criteri{'on' if len(leaf_ids) == 1 else 'a'}, scored 0: {_short(leaf_ids)}; "
                "fill in their values")
        if ctx.strict:
            ctx.error(text, units.loc("unit_id", int(rows[pos])))
        else:
            ctx.warn(text + " (--strict makes this an error)", units.loc("unit_id",
                                                                           int(rows[pos])))
    policy = {"exclude": "left out of its max", "zero": "scored 0", "full": "given full points"}
    for pos, leaf_ids in no_survey.items():
        ctx.warn(f"unit {ids[pos]!r} has no survey answers for {_short(leaf_ids)}; treated as "
                 f"not applicable ({policy[cs.not_applicable]})",
                 units.loc("unit_id", int(rows[pos])))


def _report_unweighted(ctx: _Context) -> None:
    survey = ctx.workbook.survey
    for group, leaf_ids in sorted(ctx.unweighted.items()):
        ctx.warn(f"respondent group {group!r} answered questions of {_short(leaf_ids)}, which "
                 "give it no weight (groups:); those answers are not counted there",
                 survey.loc("respondent_group") if survey else None)


def _short(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


# --- totals, indices, ranks, bands ------------------------------------------------------------

def _assemble(ctx: _Context, units: pd.DataFrame, sets: dict[str, CriteriaSet],
              scored: list[_SetScores], bonus: IntArray, penalty: IntArray) -> Results:
    unit_frames, domain_frames, node_frames, detail_frames = [], [], [], []
    for s in scored:
        u, d, nodes, det = _set_frames(s, units, bonus, penalty, ctx.workbook.has_self_value)
        unit_frames.append(u)
        domain_frames.append(d)
        node_frames.append(nodes)
        detail_frames.append(det)
    table = pd.concat(unit_frames, ignore_index=True).sort_values("order", kind="stable")
    table = table.reset_index(drop=True)
    table = _rank(table, sets)
    return Results(
        units=table.reset_index(drop=True),
        domains=_domain_ranks(_concat(domain_frames), table, sets),
        nodes=_concat(node_frames),
        details=_concat(detail_frames),
        criteria=dict(sets),
        workbook=ctx.workbook.name,
        warnings=sort_problems(ctx.warnings),
        has_self_value=ctx.workbook.has_self_value,
        paths=[str(p) for p in ctx.workbook.paths],
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _set_frames(s: _SetScores, units: pd.DataFrame, bonus: IntArray,
                penalty: IntArray, has_self: bool) -> tuple[pd.DataFrame, ...]:
    cs, p = s.criteria, s.criteria.precision
    node_points, node_max, node_list = _node_sums(s)
    caps = cs.adjustments
    b, pen = bonus[s.units], penalty[s.units]
    if caps is not None and caps.bonus_max is not None:
        b = np.minimum(b, fixed_of(caps.bonus_max))
    if caps is not None and caps.penalty_max is not None:
        pen = np.minimum(pen, fixed_of(caps.penalty_max))
    maximum = s.maximum.sum(axis=0)
    total = np.clip(s.points.sum(axis=0) + b - pen, 0, maximum)
    self_total = np.clip(s.self_points.sum(axis=0) + b - pen, 0, maximum)
    index_units = ratio_percent(total, maximum, p)
    has_index = maximum > 0
    sub = units.iloc[s.units]
    frame = pd.DataFrame({
        "unit_id": _texts(sub["unit_id"]), "name": _texts(sub["name"]),
        "group": _texts(sub["group"]), "criteria": cs.id,
        "points": _rounded(total, p), "max": _rounded(maximum, p),
        "index": np.where(has_index, as_float(index_units, p), np.nan),
        "band": _texts(_band(cs, int(x)) if ok else None
                       for x, ok in zip(index_units, has_index, strict=True)),
        "self_points": _rounded(self_total, p) if has_self else np.nan,
        "bonus": _rounded(b, p), "penalty": _rounded(pen, p),
        "order": s.units, "_index_units": np.where(has_index, index_units, -1),
    })
    ids = sub["unit_id"].to_numpy()
    domains = _node_frame(s, ids, node_points, node_max, node_list, level=0)
    nodes = _node_frame(s, ids, node_points, node_max, node_list, level=None)
    return frame, domains, nodes, _detail_frame(s, ids)


def _rounded(fx: IntArray, precision: int) -> np.ndarray:
    return as_float(round_fixed(np.asarray(fx, dtype=np.int64), precision), precision)


def _band(cs: CriteriaSet, index_units: int) -> str | None:
    for band in cs.bands or []:
        if index_units * 10 ** (DIGITS - cs.precision) >= fixed_of(band.min):
            return band.label
    return None


def _node_sums(s: _SetScores) -> tuple[IntArray, IntArray, list[tuple[Node, int, str | None]]]:
    """Points and max of every node (rows: nodes in file order), from the leaf grids."""
    leaf_row = {id(lf.node): j for j, lf in enumerate(s.leaves)}
    nodes: list[tuple[Node, int, str | None]] = []
    members: list[list[int]] = []
    for node, parents in s.criteria.walk():
        nodes.append((node, len(parents), parents[-1].id if parents else None))
        members.append([leaf_row[id(lf)] for lf in _leaf_nodes(node)])
    n = len(s.units)
    points = np.zeros((len(nodes), n), np.int64)
    maximum = np.zeros((len(nodes), n), np.int64)
    for k, rows in enumerate(members):
        points[k] = s.points[rows].sum(axis=0)
        maximum[k] = s.maximum[rows].sum(axis=0)
    return points, maximum, nodes


def _leaf_nodes(node: Node) -> list[Node]:
    if node.is_leaf:
        return [node]
    return [leaf for child in node.criteria or [] for leaf in _leaf_nodes(child)]


def _node_frame(s: _SetScores, unit_ids: np.ndarray, points: IntArray, maximum: IntArray,
                nodes: list[tuple[Node, int, str | None]], level: int | None) -> pd.DataFrame:
    p = s.criteria.precision
    pick = [k for k, (_, lvl, _) in enumerate(nodes) if level is None or lvl == level]
    n = len(s.units)
    pts, mx = points[pick], maximum[pick]
    idx = ratio_percent(pts, mx, p)
    frame = _frame({
        "unit": np.tile(s.units, len(pick)),
        "unit_id": np.tile(unit_ids, len(pick)),
        "id": _repeat([nodes[k][0].id for k in pick], n),
        "title": _repeat([nodes[k][0].title for k in pick], n),
        "level": np.repeat([nodes[k][1] for k in pick], n),
        "parent": _repeat([nodes[k][2] for k in pick], n),
        "points": _rounded(pts.ravel(), p),
        "max": _rounded(mx.ravel(), p),
        "index": np.where(mx.ravel() > 0, as_float(idx.ravel(), p), np.nan),
        "criteria": s.criteria.id,
    })
    return frame


def _detail_frame(s: _SetScores, unit_ids: np.ndarray) -> pd.DataFrame:
    m, n = len(s.leaves), len(s.units)
    p = s.criteria.precision
    return _frame({
        "unit": np.tile(s.units, m),
        "unit_id": np.tile(unit_ids, m),
        "criterion_id": _repeat([lf.id for lf in s.leaves], n),
        "title": _repeat([lf.node.title for lf in s.leaves], n),
        "domain": _repeat([lf.domain.id for lf in s.leaves], n),
        "rule": _repeat([lf.rule.type for lf in s.leaves], n),
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


def _frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame whose text columns stay objects (None stays None; pandas 3 would infer ``str``
    and spend a pass per column on it)."""
    return pd.DataFrame({k: pd.Series(v, dtype=object) if isinstance(v, np.ndarray)
                         and v.dtype == object else v for k, v in columns.items()})


def _repeat(values: list[Any], n: int) -> np.ndarray:
    """Each value ``n`` times, as objects (pointers copied, no new strings)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return np.repeat(out, n)


def _domain_ranks(domains: pd.DataFrame, table: pd.DataFrame,
                  sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """The component rank: each domain's index ranked within the unit's group."""
    if domains.empty:
        return domains
    group_of = dict(zip(table["unit_id"], table["group"].map(
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


def _rank(table: pd.DataFrame, sets: dict[str, CriteriaSet]) -> pd.DataFrame:
    """Rank within each group on the rounded index; ties share a rank."""
    table = table.copy()
    table["rank"] = pd.array([None] * len(table), dtype="Int64")
    group_key = table["group"].map(lambda g: fold(g) if isinstance(g, str) else None)
    first_seen = {k: i for i, k in reversed(list(enumerate(group_key)))}
    table["_group_order"] = group_key.map(first_seen)
    for _, part in table.groupby("_group_order", sort=False, dropna=False):
        method = sets[part["criteria"].iloc[0]].ties
        valid = part[part["_index_units"] >= 0]
        ranks = valid["_index_units"].rank(method=method, ascending=False).astype(int)
        table.loc[ranks.index, "rank"] = ranks.to_numpy()
    table["_rank_sort"] = table["rank"].fillna(10**9)
    table = table.sort_values(["_group_order", "_rank_sort", "order"], kind="stable")
    return table.drop(columns=["_group_order", "_rank_sort"])
