"""Survey answers drawn again: for every unit, question and respondent group, as many
answers as there were, with replacement, from the answers given (a multinomial draw over
the distinct answers) — for many samples at once, never a loop over respondents.

Each question is drawn on its own, so a sample keeps every question's answer counts per
unit and group but not which respondent gave which pair of answers. The survey leaves'
points are then computed as :mod:`parcalc.survey` computes them: the mean of each
respondent group's answers on the leaf's scale, weighted over the groups that answered
(``groups:``), or all answers pooled; × the leaf's max.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parcalc.criteria.model import CriteriaSet, Leaf
from parcalc.engine.scoring import STATUS_OK
from parcalc.fixed import IntArray, to_fixed
from parcalc.rules import SurveyRule
from parcalc.sensitivity.base import SetBase
from parcalc.survey import Answers, select_questions
from parcalc.text import fold
from parcalc.values import FloatArray


@dataclass(frozen=True)
class Cells:
    """The answers of one set's units as counts: a cell per (unit, question, respondent
    group) that has answers, a column per distinct answer (``token``: its code in the
    answers' vocabulary)."""

    answers: Answers
    counts: IntArray  # (cells, K)
    unit: IntArray
    question: IntArray
    group: IntArray  # -1: no respondent group
    token: IntArray

    @classmethod
    def of(cls, answers: Answers) -> Cells:
        q, g = len(answers.questions), len(answers.groups) + 1
        key = (answers.unit.astype(np.int64) * q + answers.question) * g + answers.group + 1
        keys, cell_of = np.unique(key, return_inverse=True)
        tokens, token_of = np.unique(answers.answer, return_inverse=True)
        k = len(tokens)
        counts = np.bincount(cell_of * k + token_of, minlength=len(keys) * k)
        return cls(answers, counts.reshape(len(keys), k), keys // (g * q), (keys // g) % q,
                   keys % g - 1, tokens.astype(np.int64))

    @property
    def total(self) -> IntArray:
        """Answers per cell."""
        return np.asarray(self.counts.sum(axis=1), dtype=np.int64)


@dataclass(frozen=True)
class LeafDraw:
    """One survey leaf of the set, for the units whose points it resamples (those with
    answers): the cells it reads, each cell's (unit, weighted group) bin, the value of each
    answer on its scale, the groups' weights and answer counts."""

    row: int
    domain: int
    maximum: float
    cells: IntArray
    bins: IntArray
    scale: FloatArray
    weights: FloatArray
    counts: FloatArray  # (units, groups): answers per bin, the same in every sample
    units: IntArray

    def points(self, drawn: IntArray, n_units: int) -> IntArray:
        """(samples, len(units)) points in millionths from ``drawn`` (samples, cells, K)."""
        k, groups = drawn.shape[0], len(self.weights)
        per_cell = drawn[:, self.cells, :] @ self.scale
        flat = (np.arange(k)[:, None] * (n_units * groups) + self.bins[None, :]).ravel()
        sums = np.bincount(flat, weights=per_cell.ravel(), minlength=k * n_units * groups)
        sums = sums.reshape(k, n_units, groups)[:, self.units, :]
        counts = self.counts[self.units]
        answered = counts > 0
        means = np.where(answered, sums / np.maximum(counts, 1), 0.0)
        weighted = means @ self.weights
        total_w = (answered * self.weights).sum(axis=1)
        return to_fixed(weighted / total_w * self.maximum)


@dataclass(frozen=True)
class SurveyResampler:
    """Draws the survey leaves' points of one set's units, many samples at a time."""

    cells: Cells
    pvals: FloatArray
    leaves: list[LeafDraw]
    n_units: int
    domains: int

    @classmethod
    def of(cls, base: SetBase, answers: Answers | None, n_all: int) -> SurveyResampler | None:
        """None when the set has no survey leaf with answers: nothing to resample.
        ``n_all`` is the number of units of the run (``answers`` numbers them all)."""
        s = base.scores
        survey = [(j, lf) for j, lf in enumerate(s.leaves) if lf.is_survey]
        if answers is None or not survey:
            return None
        local = np.full(n_all, -1, dtype=np.int64)
        local[s.positions.astype(np.int64)] = np.arange(len(s.positions))
        questions = [q for _, lf in survey for q in SurveyRule.of(lf.rule).questions]
        mine = select_questions(answers.for_units(local), questions)
        if not len(mine):
            return None
        cells = Cells.of(mine)
        total = cells.total
        leaves = [draw for j, lf in survey
                  if (draw := _leaf(base, cells, total, j, lf)) is not None]
        if not leaves:
            return None
        return cls(cells, cells.counts / total[:, None], leaves, len(s.positions),
                   len(base.criteria.domains))

    def nominal(self, base: SetBase) -> IntArray:
        """(D, n): the points as scored of the leaves and units this resamples."""
        out = np.zeros((self.domains, self.n_units), dtype=np.int64)
        for leaf in self.leaves:
            out[leaf.domain, leaf.units] += base.scores.points[leaf.row, leaf.units]
        return out

    def draw(self, rng: np.random.Generator, k: int) -> IntArray:
        """(k, D, n): the resampled leaves' points of ``k`` samples, summed per domain."""
        drawn = rng.multinomial(self.cells.total, self.pvals, size=(k, len(self.pvals)))
        out = np.zeros((k, self.domains, self.n_units), dtype=np.int64)
        for leaf in self.leaves:
            out[:, leaf.domain, leaf.units] += leaf.points(drawn, self.n_units)
        return out

    @property
    def bytes_per_sample(self) -> int:
        """Memory one sample's draw takes (the counts and a copy per leaf, roughly)."""
        return int(self.pvals.size) * 8 * 3


def _leaf(base: SetBase, cells: Cells, total: IntArray, j: int,
          leaf: Leaf) -> LeafDraw | None:
    """What leaf row ``j`` reads of ``cells``; None when no unit has answers for it."""
    rule = SurveyRule.of(leaf.rule)
    answers = cells.answers
    asked = {fold(q) for q in rule.questions}
    codes = [i for i, q in enumerate(answers.questions) if q in asked]
    group, weights = _groups(rule, answers, cells.group)
    use = np.isin(cells.question, codes) & (group >= 0)
    picked = np.flatnonzero(use)
    n_units, n_groups = len(base.scores.positions), len(weights)
    bins = cells.unit[picked] * n_groups + group[picked]
    counts: FloatArray = np.asarray(np.bincount(
        bins, weights=total[picked], minlength=n_units * n_groups), dtype=float)
    counts = counts.reshape(n_units, n_groups)
    answered = ((counts > 0) * weights).sum(axis=1) > 0
    units = np.flatnonzero(answered & (base.scores.status[j] == STATUS_OK))
    if not len(units):
        return None
    return LeafDraw(j, int(base.domain_of[j]), float(leaf.node.maximum), picked, bins,
                    _scale(base.criteria, rule, answers, cells.token), weights, counts, units)


def _groups(rule: SurveyRule, answers: Answers,
            cell_group: IntArray) -> tuple[IntArray, FloatArray]:
    """Each cell's weighted group (-1: not counted by the rule) and the groups' weights; one
    group of weight 1 when the rule pools every answer."""
    if not rule.groups:
        return np.zeros(len(cell_group), dtype=np.int64), np.ones(1)
    weights = {fold(g): w for g, w in rule.groups.items()}
    index = {g: i for i, g in enumerate(weights)}
    to_weight = np.array([*(index.get(g, -1) for g in answers.groups), -1], dtype=np.int64)
    return to_weight[cell_group], np.array(list(weights.values()), dtype=float)


def _scale(cs: CriteriaSet, rule: SurveyRule, answers: Answers, token: IntArray) -> FloatArray:
    """The value of each answer column on the rule's scale (0 for an answer off its scale:
    scoring succeeded, so no such answer is in the cells the rule reads)."""
    table = {fold(k): v for k, v in cs.scale(rule).items()}
    return np.array([table.get(answers.tokens[t], 0.0) for t in token], dtype=float)
