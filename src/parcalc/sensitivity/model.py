"""What a sensitivity analysis finds: per unit its rank interval, band probabilities, ranks
under each N/A policy and the units it is statistically tied with; per group how far ranks
move. Renderers read these; they compute nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from parcalc import __version__
from parcalc.sensitivity.options import Options
from parcalc.text import fold

if TYPE_CHECKING:
    from parcalc.results import Results

#: The keys of each unit in the JSON, in order.
UNIT_KEYS = ("unit_id", "name", "group", "rank", "band", "rank_median", "rank_low",
             "rank_high", "band_probability", "rank_by_policy", "tied_with")


@dataclass(frozen=True)
class UnitSensitivity:
    """One unit: its rank and band as scored; the median and the 5th–95th percentile
    interval of its rank over the samples (None without an index); the share of samples
    in each band of its set (labels in the set's order); its rank under each
    ``not_applicable`` policy; the units of its group whose interval overlaps its own, in
    rank order; and ``criteria``, the id of its set."""

    unit_id: str
    name: str
    group: str | None
    criteria: str
    rank: int | None
    band: str | None
    rank_median: int | None
    rank_low: int | None
    rank_high: int | None
    band_probability: Mapping[str, float]
    rank_by_policy: Mapping[str, int | None]
    tied_with: tuple[str, ...]

    def contains(self, rank: int) -> bool:
        """Whether ``rank`` lies in this unit's interval."""
        return self.rank_low is not None and self.rank_high is not None \
            and self.rank_low <= rank <= self.rank_high

    def as_dict(self) -> dict[str, Any]:
        out = {key: getattr(self, key) for key in UNIT_KEYS}
        out["band_probability"] = dict(self.band_probability)
        out["rank_by_policy"] = dict(self.rank_by_policy)
        out["tied_with"] = list(self.tied_with)
        return out


@dataclass(frozen=True)
class GroupShift:
    """A group and the mean over samples and its ranked units of |sample rank − rank|
    (None when no unit of it has a rank)."""

    group: str | None
    mean_abs_rank_shift: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"group": self.group, "mean_abs_rank_shift": self.mean_abs_rank_shift}


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """The outcome of :func:`parcalc.sensitivity.sensitivity`: the ``options`` it ran
    with, the ``results`` as scored, one :class:`UnitSensitivity` per unit in the results'
    order (group, then rank), one :class:`GroupShift` per group in order of first
    appearance, and ``sample_ranks``: every sample's rank of every unit (a row per sample,
    a column per unit in ``units``' order; 0 where a unit has no rank), read-only."""

    options: Options
    results: Results
    units: tuple[UnitSensitivity, ...]
    groups: tuple[GroupShift, ...]
    sample_ranks: npt.NDArray[np.int32]

    def unit(self, unit_id: str) -> UnitSensitivity:
        """The unit with this id (case and spacing ignored); KeyError if there is none."""
        key = fold(unit_id)
        for u in self.units:
            if fold(u.unit_id) == key:
                return u
        raise KeyError(unit_id)

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document."""
        o = self.options
        return {
            "parcalc": __version__,
            "samples": o.samples,
            "seed": o.seed,
            "vary": list(o.vary),
            "weight_spread": o.weight_spread,
            "units": [u.as_dict() for u in self.units],
            "groups": [g.as_dict() for g in self.groups],
        }


def significant_change(old: UnitSensitivity, new: UnitSensitivity) -> bool:
    """Whether a unit's move from ``old.rank`` to ``new.rank`` (two years) is more than
    chance: False when both ranks lie inside both years' intervals (or the rank did not
    change, or a year has no rank)."""
    if old.rank is None or new.rank is None or old.rank == new.rank:
        return False
    inside = all(u.contains(r) for u in (old, new) for r in (old.rank, new.rank))
    return not inside
