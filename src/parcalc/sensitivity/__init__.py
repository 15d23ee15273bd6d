"""How sure a ranking is: every unit re-scored many times with what is uncertain varied.

A published rank rests on a survey of a few dozen respondents per unit and on domain
maxima someone chose. This package re-scores the units ``samples`` times, each time

- ``survey``: every unit's answers drawn again with replacement, within each respondent
  group and question, as many as there were (:mod:`~parcalc.sensitivity.resample`);
- ``weights``: each domain's maximum multiplied by a factor uniform in [1 − s, 1 + s]
  (:mod:`~parcalc.sensitivity.samples`),

and ranks and bands each sample exactly as ``score`` does (on the index rounded at the
criteria's precision, ties per the set's ``ties``, within each group). It also ranks the
units under each ``not_applicable`` policy (exclude, zero, full), without sampling. Per unit
it reports the median rank and the 5th–95th percentile interval (numpy's ``inverted_cdf``:
ranks that occurred; at least 90 % of the samples inside), the probability of each band,
and the units of its group whose interval overlaps its own — "statistically tied": the
data cannot tell them apart. Per group: the mean absolute rank shift.

    >>> from parcalc.api import score_file_run
    >>> from parcalc.sensitivity import Options, sensitivity
    >>> found = sensitivity(score_file_run("examples/2021.xlsx"), Options(samples=200))
    >>> found.unit("STC").rank_low, found.unit("STC").rank_high
"""

from __future__ import annotations

from parcalc.sensitivity.analysis import sensitivity
from parcalc.sensitivity.model import (
    GroupShift,
    Sensitivity,
    UnitSensitivity,
    significant_change,
)
from parcalc.sensitivity.options import POLICIES, VARY, Options, parse_vary

__all__ = ["POLICIES", "VARY", "GroupShift", "Options", "Sensitivity", "UnitSensitivity",
           "parse_vary", "sensitivity", "significant_change"]
