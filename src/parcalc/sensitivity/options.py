"""What a sensitivity analysis varies and how often: the options, checked once."""

from __future__ import annotations

import math
from dataclasses import dataclass

from parcalc.errors import UsageError
from parcalc.i18n import msg

#: What can be varied, in the order the output lists it.
VARY = ("survey", "weights")
#: The ``not_applicable`` policies every unit's rank is also computed under.
POLICIES = ("exclude", "zero", "full")

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 0
DEFAULT_SPREAD = 0.2


@dataclass(frozen=True)
class Options:
    """How to sample: ``samples`` (≥ 1) random re-scorings from ``seed`` (≥ 0), varying
    ``vary`` (names of :data:`VARY`, kept in that order whatever order they were given in),
    each domain's maximum multiplied by a factor uniform in [1 − ``weight_spread``,
    1 + ``weight_spread``] (0 ≤ spread < 1). Bad values raise :class:`UsageError` (exit 2)."""

    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    vary: tuple[str, ...] = VARY
    weight_spread: float = DEFAULT_SPREAD

    def __post_init__(self) -> None:
        if isinstance(self.samples, bool) or not isinstance(self.samples, int) \
                or self.samples < 1:
            raise UsageError(msg("sensitivity.bad_samples", value=self.samples))
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise UsageError(msg("sensitivity.bad_seed", value=self.seed))
        spread = self.weight_spread
        if not isinstance(spread, (int, float)) or isinstance(spread, bool) \
                or not math.isfinite(spread) or not 0 <= spread < 1:
            raise UsageError(msg("sensitivity.bad_spread", value=spread))
        object.__setattr__(self, "weight_spread", float(spread))
        object.__setattr__(self, "vary", parse_vary(self.vary))

    @property
    def survey(self) -> bool:
        """Whether survey answers are resampled."""
        return "survey" in self.vary

    @property
    def weights(self) -> bool:
        """Whether domain maxima are varied (a spread of 0 varies nothing)."""
        return "weights" in self.vary and self.weight_spread > 0


def parse_vary(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``"weights, survey"`` (or a sequence of names) → ``("survey", "weights")``: names of
    :data:`VARY`, any case, each once, in :data:`VARY`'s order. An unknown or missing name is
    a :class:`UsageError` naming the allowed ones."""
    names = value.split(",") if isinstance(value, str) else list(value)
    chosen = set()
    for name in names:
        key = str(name).strip().casefold()
        if key not in VARY:
            raise UsageError(msg("sensitivity.unknown_vary", name=str(name).strip(),
                                 allowed=", ".join(VARY)))
        chosen.add(key)
    if not chosen:
        raise UsageError(msg("sensitivity.empty_vary", allowed=", ".join(VARY)))
    return tuple(v for v in VARY if v in chosen)
