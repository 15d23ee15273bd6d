"""The analysis as a whole: a scoring run → the plan of what to re-score → the ranks under
each N/A policy and the samples → a :class:`Sensitivity`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from parcalc.criteria.model import CriteriaSet
from parcalc.engine import Scoring
from parcalc.engine.totals import rank_desc
from parcalc.fixed import IntArray
from parcalc.sensitivity.base import NO_INDEX, SetBase
from parcalc.sensitivity.model import Sensitivity
from parcalc.sensitivity.options import POLICIES, Options
from parcalc.sensitivity.resample import SurveyResampler
from parcalc.sensitivity.samples import Group, Plan, run_samples
from parcalc.sensitivity.summary import summarise
from parcalc.text import fold


def sensitivity(run: Scoring, options: Options | None = None) -> Sensitivity:
    """How sure the ranking of ``run`` is (see :mod:`parcalc.sensitivity`), with
    ``options`` (default: 1,000 samples from seed 0 varying the survey and the domain
    weights by ±20 %). The same run and options always give the same result."""
    options = options or Options()
    plan = make_plan(run)
    by_policy = {p: policy_ranks(plan, p) for p in POLICIES}
    return summarise(plan, run_samples(plan, options), run.results, by_policy, options)


def make_plan(run: Scoring) -> Plan:
    """Each set's units placed in the results' order of units, with their resamplers, and
    the groups as ``score`` ranks them."""
    units = run.results.units
    column_of = {uid: c for c, uid in enumerate(units["unit_id"])}
    ids = run.units["unit_id"].to_numpy()
    bases = [SetBase.of(s, run.bonus, run.penalty,
                        np.array([column_of[ids[int(p)]] for p in s.positions], dtype=np.int64))
             for s in run.scored]
    resamplers = [SurveyResampler.of(b, run.answers, len(run.units)) for b in bases]
    return Plan(bases, resamplers, groups(units, run.sets), len(units))


def groups(units: pd.DataFrame, sets: dict[str, CriteriaSet]) -> list[Group]:
    """The groups of ``units`` (the results' units, in order): units whose group names fold
    alike are one group, named as its first unit names it; ties as its set says."""
    columns: dict[str | None, list[int]] = {}
    for c, g in enumerate(units["group"]):
        columns.setdefault(fold(g) if isinstance(g, str) else None, []).append(c)
    ranked = units["rank"].notna().to_numpy()
    out = []
    for cols in columns.values():
        first = units.iloc[cols[0]]
        picked = np.array(cols, dtype=np.int64)
        out.append(Group(first["group"] if isinstance(first["group"], str) else None, picked,
                         picked[ranked[picked]], sets[first["criteria"]].ties))
    return out


def policy_ranks(plan: Plan, policy: str) -> IntArray:
    """Every unit's rank (0: none) had each set's ``not_applicable`` been ``policy``."""
    index = np.full(plan.n_units, NO_INDEX, dtype=np.int64)
    for base in plan.bases:
        index[base.columns] = base.policy_index(policy)
    ranks = np.zeros(plan.n_units, dtype=np.int64)
    for g in plan.groups:
        cols = g.columns[index[g.columns] >= 0]
        ranks[cols] = rank_desc(index[cols], g.ties)
    return ranks
