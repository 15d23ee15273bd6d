"""The samples: every unit re-scored many times with the survey resampled and/or the domain
maxima varied, then ranked and banded exactly as ``score`` ranks and bands.

A unit's points in a sample are Σ_d points_d × f_d + bonus − penalty (capped, and held
within [0, max]) over the max Σ_d max_d × f_d, where points_d and max_d are the unit's
points and counted max in domain d (a domain not applicable to it counts 0) and f_d is the
sample's factor for the domain (1 when weights are not varied). That is Σ_d (component
index_d × w_d ÷ 100) over Σ_d w_d with w_d = max_d × f_d; with every factor 1 it is the
unit's points as scored. Points and max are rounded to millionths, and the index is then
computed, rounded and ranked by the engine's own functions.

Random numbers come from ``numpy.random.Generator(PCG64)`` streams spawned from the seed
(:class:`numpy.random.SeedSequence`): one for the factors, drawn first for every sample, and
one per criteria set for the survey. Samples are computed in chunks whose results do not
depend on the chunk size, so a seed always gives the same samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from parcalc.engine.totals import band_positions, rank_desc
from parcalc.fixed import IntArray
from parcalc.sensitivity.base import NO_INDEX, SetBase
from parcalc.sensitivity.options import Options
from parcalc.sensitivity.resample import SurveyResampler
from parcalc.values import FloatArray

#: Memory the survey draws of one chunk of samples may take.
CHUNK_BYTES = 64 * 2**20
#: Samples per chunk at most.
MAX_CHUNK = 256


@dataclass(frozen=True)
class Group:
    """A group of units ranked together: its columns (the units in the analysis' order),
    those that have an index, and how ties are ranked."""

    name: str | None
    columns: IntArray
    ranked: IntArray
    ties: Literal["min", "dense"]


@dataclass(frozen=True)
class Plan:
    """What to re-score: each set's units, their survey resamplers (None: nothing to
    resample), the groups, and the number of units."""

    bases: list[SetBase]
    resamplers: list[SurveyResampler | None]
    groups: list[Group]
    n_units: int


@dataclass(frozen=True)
class Draws:
    """Each sample's rank (0: no rank) and band position in the unit's set (-1: none), a
    row per sample and a column per unit."""

    ranks: npt.NDArray[np.int32]
    bands: npt.NDArray[np.int16]


def run_samples(plan: Plan, options: Options) -> Draws:
    """``options.samples`` samples of every unit's rank and band."""
    n = options.samples
    weights_seed, survey_seed = np.random.SeedSequence(options.seed).spawn(2)
    factors = _factors(plan, options, np.random.Generator(np.random.PCG64(weights_seed)))
    rngs = [np.random.Generator(np.random.PCG64(s)) for s in survey_seed.spawn(len(plan.bases))]
    resamplers: list[SurveyResampler | None] = list(plan.resamplers) if options.survey \
        else [None] * len(plan.bases)
    ranks = np.zeros((n, plan.n_units), dtype=np.int32)
    bands = np.full((n, plan.n_units), -1, dtype=np.int16)
    step = chunk_size(resamplers, n)
    for start in range(0, n, step):
        k = min(step, n - start)
        index = np.full((k, plan.n_units), NO_INDEX, dtype=np.int64)
        for base, resampler, f, rng in zip(plan.bases, resamplers, factors, rngs, strict=True):
            got = _set_index(base, resampler, f[start:start + k], rng)
            index[:, base.columns] = got
            bands[start:start + k, base.columns] = np.where(
                got >= 0, band_positions(base.criteria, got), -1)
        ranks[start:start + k] = rank_groups(plan.groups, index)
    return Draws(ranks, bands)


def chunk_size(resamplers: list[SurveyResampler | None], samples: int) -> int:
    """Samples per chunk: as many as fit :data:`CHUNK_BYTES` of survey draws."""
    per_sample = max((r.bytes_per_sample for r in resamplers if r is not None), default=0)
    fit = CHUNK_BYTES // per_sample if per_sample else MAX_CHUNK
    return int(max(1, min(fit, MAX_CHUNK, samples)))


def _factors(plan: Plan, options: Options, rng: np.random.Generator) -> list[FloatArray]:
    """Each set's factors, (samples, domains): uniform in [1 − s, 1 + s], or all 1."""
    s, n = options.weight_spread, options.samples
    return [rng.uniform(1 - s, 1 + s, size=(n, len(b.criteria.domains))) if options.weights
            else np.ones((n, len(b.criteria.domains))) for b in plan.bases]


def _set_index(base: SetBase, resampler: SurveyResampler | None, factors: FloatArray,
               rng: np.random.Generator) -> IntArray:
    """(k, n): the index × 10^precision of the set's units in ``k`` samples."""
    k = len(factors)
    if resampler is None:
        points = np.einsum("kd,dn->kn", factors, base.points.astype(float))
    else:
        drawn = resampler.draw(rng, k) + (base.points - resampler.nominal(base))[None]
        points = np.einsum("kd,kdn->kn", factors, drawn.astype(float))
    maximum = np.rint(np.einsum("kd,dn->kn", factors, base.maximum.astype(float)))
    has_max = base.maximum.sum(axis=0) > 0
    maximum = np.where(has_max, np.maximum(maximum, 1), 0).astype(np.int64)
    return base.index(np.rint(points).astype(np.int64), maximum)


def rank_groups(groups: list[Group], index: IntArray) -> npt.NDArray[np.int32]:
    """(k, units) ranks within each group on ``index`` (k, units); 0 where no index."""
    out = np.zeros(index.shape, dtype=np.int32)
    for g in groups:
        if len(g.ranked):
            out[:, g.ranked] = rank_desc(index[:, g.ranked], g.ties)
    return out
