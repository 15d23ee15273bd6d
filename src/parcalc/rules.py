"""Scoring rules: one small class per rule ``type``, each scoring a whole column at once.

Every rule is a pydantic model (its YAML form), a subclass of :class:`RuleBase` registered
with :func:`register`; the registry :data:`RULES` is the one list of rule types (the criteria
model's union, the loader's messages and the JSON Schema come from it). A rule has:

- ``score(values, maximum)`` takes the :class:`~parcalc.values.Values` of one leaf for many
  units (blank and not-applicable cells already removed) and returns the points (floats,
  clipped to ``[0, maximum]``) and an array of error messages (None where the cell is fine);
- ``problems(maximum)`` lists what is inconsistent in the rule itself (for ``parcalc check``),
  as ``(path, message)`` pairs relative to the rule.

``describe()`` says the rule in words, for templates and explanations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, Union

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from parcalc.text import fold, number_text
from parcalc.values import NO, YES, FloatArray, ObjArray, Values

RulePath = tuple[str | int, ...]
RuleProblem = tuple[RulePath, str]
Scored = tuple[FloatArray, ObjArray]


def _fmt(x: float) -> str:
    return number_text(float(x))


def _no_errors(n: int) -> ObjArray:
    return np.full(n, None, dtype=object)


def _clip(points: FloatArray, maximum: float) -> FloatArray:
    return np.clip(points, 0.0, maximum)


def _within(points: float, maximum: float, where: RulePath, what: str) -> list[RuleProblem]:
    if 0 <= points <= maximum:
        return []
    return [(where, f"{what} {_fmt(points)}, outside 0..{_fmt(maximum)} (the leaf's max)")]


#: Every rule type by its name, in registration order (file order for parcalc's own).
RULES: dict[str, type[RuleBase]] = {}
_on_change: list[Callable[[], None]] = []
R = TypeVar("R", bound="RuleBase")


def register(cls: type[R]) -> type[R]:
    """Class decorator: add a rule type to :data:`RULES` under its ``type``. Models that embed
    the rule union (the criteria model) are rebuilt when a rule comes after them."""
    name = cls.model_fields["type"].default
    if not isinstance(name, str) or name in RULES:
        raise TypeError(f"{cls.__name__}: a rule type needs a new name, as "
                        "type: Literal[\"name\"] = \"name\"")
    RULES[name] = cls
    for hook in _on_change:
        hook()
    return cls


def unregister(name: str) -> None:
    """Remove a rule type (a test's own, when it is done)."""
    del RULES[name]
    for hook in _on_change:
        hook()


def on_registry_change(hook: Callable[[], None]) -> None:
    """Call ``hook`` after every later change of :data:`RULES`."""
    _on_change.append(hook)


def rule_union() -> Any:
    """Every registered rule type as one pydantic union, told apart by ``type``."""
    return Annotated[Union[tuple(RULES.values())], Field(discriminator="type")]  # noqa: UP007


class RuleBase(BaseModel):
    """What every rule type has; a rule type is a subclass with ``type: Literal["name"] =
    "name"``, registered with :func:`register`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              allow_inf_nan=False)

    #: The rule's name in YAML (``rule: {type: …}``); each rule type narrows it to a Literal.
    type: str
    #: What the input cell holds, for messages: "a number", "yes or no", ...
    expects: ClassVar[str] = "a number"
    #: Whether a percent-formatted cell (0.85 shown as 85%) is read as shown (85).
    takes_percent: ClassVar[bool] = False

    def score(self, values: Values, maximum: float) -> Scored:
        raise NotImplementedError

    def problems(self, maximum: float) -> list[RuleProblem]:
        return []

    def describe(self, maximum: float) -> str:
        raise NotImplementedError


class NumericRule(RuleBase):
    """A rule whose input is a number; text that is not a number is an error."""

    def score(self, values: Values, maximum: float) -> Scored:
        x = values.number
        errors = _no_errors(len(values))
        bad = np.isnan(x)
        errors[bad] = [
            f"{t!r} is not a number; enter {self.expects} (a decimal comma or a % sign is fine)"
            for t in values.text[bad]
        ]
        points = self.points(np.where(bad, 0.0, x), maximum)
        return _clip(np.where(bad, 0.0, points), maximum), errors

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        raise NotImplementedError


class CountRule(NumericRule):
    """A rule whose input is a count of items: a negative count is an error."""

    def score(self, values: Values, maximum: float) -> Scored:
        points, errors = super().score(values, maximum)
        x = values.number
        negative = ~np.isnan(x) & (x < 0)
        errors[negative] = [f"{_fmt(v)} is a negative count; enter how many (0 or more)"
                            for v in x[negative]]
        return points, errors


@register
class PointsRule(NumericRule):
    """Points entered by the appraiser; above max or below 0 is an error."""

    type: Literal["points"] = "points"
    expects: ClassVar[str] = "the points awarded"

    def score(self, values: Values, maximum: float) -> Scored:
        points, errors = super().score(values, maximum)
        x = values.number
        out = ~np.isnan(x) & ((x < 0) | (x > maximum))
        errors[out] = [
            f"{_fmt(v)} points is outside 0..{_fmt(maximum)}; enter points between 0 and the max"
            for v in x[out]
        ]
        return points, errors

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return x

    def describe(self, maximum: float) -> str:
        return f"điểm thẩm định 0–{_fmt(maximum)} / points awarded, 0 to {_fmt(maximum)}"


@register
class YesNoRule(RuleBase):
    """Yes earns ``yes`` (default: the max), no earns ``no`` (default 0)."""

    type: Literal["yes_no"] = "yes_no"
    yes: float | None = None
    no: float = 0.0
    expects: ClassVar[str] = "yes or no (có/không)"

    def score(self, values: Values, maximum: float) -> Scored:
        is_yes = values.map_token(lambda t: t in YES, bool)
        is_no = values.map_token(lambda t: t in NO, bool)
        bad = ~(is_yes | is_no)
        errors = _no_errors(len(values))
        errors[bad] = [
            f"{t!r} is not yes or no; enter có/không (yes/no, 1/0, x, đạt/không đạt)"
            for t in values.text[bad]
        ]
        yes = maximum if self.yes is None else self.yes
        points = np.where(is_yes, yes, np.where(is_no, self.no, 0.0))
        return _clip(points.astype(float), maximum), errors

    def problems(self, maximum: float) -> list[RuleProblem]:
        out = _within(self.no, maximum, ("no",), "no:")
        if self.yes is not None:
            out += _within(self.yes, maximum, ("yes",), "yes:")
        return out

    def describe(self, maximum: float) -> str:
        yes = maximum if self.yes is None else self.yes
        return f"Có {_fmt(yes)} / Không {_fmt(self.no)} (yes {_fmt(yes)}, no {_fmt(self.no)})"


@register
class ChoiceRule(RuleBase):
    """One of ``options``: each label earns its points."""

    type: Literal["choice"] = "choice"
    options: dict[str, float] = Field(min_length=1)
    expects: ClassVar[str] = "one of the options"

    def score(self, values: Values, maximum: float) -> Scored:
        table = {fold(label): pts for label, pts in self.options.items()}
        found = values.map_token(lambda t: t in table, bool)
        errors = _no_errors(len(values))
        choices = ", ".join(self.options)
        errors[~found] = [
            f"{t!r} is not one of the options; enter one of: {choices}"
            for t in values.text[~found]
        ]
        points = values.map_token(lambda t: table.get(t, 0.0) if t is not None else 0.0, float)
        return _clip(points, maximum), errors

    def problems(self, maximum: float) -> list[RuleProblem]:
        out: list[RuleProblem] = []
        seen: dict[str, str] = {}
        for label, pts in self.options.items():
            out += _within(pts, maximum, ("options", label), f"option {label!r} earns")
            key = fold(label)
            if key in seen:
                out.append(((("options", label)),
                            f"options {seen[key]!r} and {label!r} differ only in case; "
                            "keep one"))
            seen[key] = label
        return out

    def describe(self, maximum: float) -> str:
        return "; ".join(f"{label}: {_fmt(p)}" for label, p in self.options.items())


class Step(BaseModel):
    """One threshold step: exactly one bound and the points it earns."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    min: float | None = None
    above: float | None = None
    max: float | None = None
    below: float | None = None
    points: float

    @model_validator(mode="after")
    def _one_bound(self) -> Step:
        bounds = [k for k in ("min", "above", "max", "below") if getattr(self, k) is not None]
        if len(bounds) != 1:
            raise ValueError(
                "a step needs exactly one of min (≥), above (>), max (≤), below (<); "
                f"found {', '.join(bounds) or 'none'}"
            )
        return self

    @property
    def bound(self) -> tuple[str, float]:
        for key in ("min", "above", "max", "below"):
            value = getattr(self, key)
            if value is not None:
                return key, float(value)
        raise AssertionError("validated step without a bound")

    def matches(self, x: FloatArray) -> Any:
        kind, b = self.bound
        return {"min": x >= b, "above": x > b, "max": x <= b, "below": x < b}[kind]

    def covers(self, other: Step) -> bool:
        """True when every value ``other`` matches is already matched by this step."""
        (k1, b1), (k2, b2) = self.bound, other.bound
        if k1 in ("min", "above") and k2 in ("min", "above"):
            return b1 < b2 or (b1 == b2 and (k1 == "min" or k2 == "above"))
        if k1 in ("max", "below") and k2 in ("max", "below"):
            return b1 > b2 or (b1 == b2 and (k1 == "max" or k2 == "below"))
        return False

    def words(self) -> str:
        kind, b = self.bound
        sign = {"min": "≥", "above": ">", "max": "≤", "below": "<"}[kind]
        return f"{sign} {_fmt(b)}: {_fmt(self.points)}"


@register
class ThresholdRule(NumericRule):
    """A number against ``steps`` (first match from the top); no match earns ``else``."""

    type: Literal["threshold"] = "threshold"
    takes_percent: ClassVar[bool] = True
    steps: list[Step] = Field(min_length=1)
    else_: float = Field(0.0, alias="else")

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        out = np.full(len(x), self.else_, dtype=float)
        done = np.zeros(len(x), dtype=bool)
        for step in self.steps:
            hit = step.matches(x) & ~done
            out[hit] = step.points
            done |= hit
        return out

    def problems(self, maximum: float) -> list[RuleProblem]:
        out: list[RuleProblem] = []
        for i, step in enumerate(self.steps):
            out += _within(step.points, maximum, ("steps", i, "points"), f"step {i + 1} earns")
            for j, earlier in enumerate(self.steps[:i]):
                if earlier.covers(step):
                    out.append((("steps", i),
                                f"step {i + 1} ({step.words()}) can never match: step {j + 1} "
                                f"({earlier.words()}) comes first and catches every value it "
                                "would; order the steps from the strictest bound down"))
                    break
        out += _within(self.else_, maximum, ("else",), "else:")
        return out

    def describe(self, maximum: float) -> str:
        parts = [s.words() for s in self.steps] + [f"khác / else: {_fmt(self.else_)}"]
        return "; ".join(parts)


@register
class LinearRule(NumericRule):
    """max × clamp((x − from) / (to − from), 0, 1); ``to < from`` means lower is better."""

    type: Literal["linear"] = "linear"
    takes_percent: ClassVar[bool] = True
    from_: float = Field(alias="from")
    to: float

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        span = self.to - self.from_
        if span == 0:
            return np.zeros(len(x))
        return maximum * np.clip((x - self.from_) / span, 0.0, 1.0)

    def problems(self, maximum: float) -> list[RuleProblem]:
        if self.to == self.from_:
            return [(("to",), "from and to are equal; make them the values earning 0 and "
                              "the max")]
        return []

    def describe(self, maximum: float) -> str:
        return (f"tuyến tính từ {_fmt(self.from_)} (0 điểm) đến {_fmt(self.to)} "
                f"({_fmt(maximum)} điểm) / linear from {_fmt(self.from_)} to {_fmt(self.to)}")


@register
class PerItemRule(CountRule):
    """``points`` for each item counted, capped at the max."""

    type: Literal["per_item"] = "per_item"
    points_: float = Field(alias="points", gt=0)
    expects: ClassVar[str] = "a count of items"

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return x * self.points_

    def problems(self, maximum: float) -> list[RuleProblem]:
        if self.points_ > maximum:
            return [(("points",), f"one item earns {_fmt(self.points_)}, more than the max "
                                  f"{_fmt(maximum)}")]
        return []

    def describe(self, maximum: float) -> str:
        return (f"{_fmt(self.points_)} điểm mỗi mục, tối đa {_fmt(maximum)} / "
                f"{_fmt(self.points_)} per item")


@register
class DeductionRule(CountRule):
    """The max less ``points`` for each violation counted, floored at 0."""

    type: Literal["deduction"] = "deduction"
    points_: float = Field(alias="points", gt=0)
    expects: ClassVar[str] = "a count of violations"

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return maximum - x * self.points_

    def problems(self, maximum: float) -> list[RuleProblem]:
        if self.points_ > maximum:
            return [(("points",), f"one violation deducts {_fmt(self.points_)}, more than the "
                                  f"max {_fmt(maximum)}")]
        return []

    def describe(self, maximum: float) -> str:
        return (f"trừ {_fmt(self.points_)} điểm mỗi vi phạm / "
                f"{_fmt(maximum)} less {_fmt(self.points_)} per violation")


@register
class SurveyRule(RuleBase):
    """Points from the survey sheet: answers to ``questions`` on the ``answers`` scale."""

    type: Literal["survey"] = "survey"
    questions: list[str] = Field(min_length=1)
    answers: str | dict[str, float]
    groups: dict[str, float] | None = None
    expects: ClassVar[str] = "survey answers"

    def score(self, values: Values, maximum: float) -> Scored:
        raise TypeError("survey points come from the survey sheet, not a value cell")

    def problems(self, maximum: float) -> list[RuleProblem]:
        out: list[RuleProblem] = []
        seen: set[str] = set()
        for i, q in enumerate(self.questions):
            if fold(q) in seen:
                out.append((("questions", i), f"question {q!r} is listed twice"))
            seen.add(fold(q))
        if isinstance(self.answers, dict):
            out += scale_problems(self.answers, ("answers",))
        for group, weight in (self.groups or {}).items():
            if weight <= 0:
                out.append((("groups", group), f"weight of {group!r} must be above 0"))
        return out

    def describe(self, maximum: float) -> str:
        scale = self.answers if isinstance(self.answers, str) else "inline"
        text = f"điều tra XHH: câu {', '.join(self.questions)}; thang {scale}"
        if self.groups:
            text += "; trọng số " + ", ".join(f"{g} {_fmt(w)}" for g, w in self.groups.items())
        return text


def scale_problems(scale: dict[str, float], where: RulePath) -> list[RuleProblem]:
    return [
        ((*where, answer), f"answer {answer!r} is worth {_fmt(f)}; a scale gives fractions "
                           "from 0 to 1")
        for answer, f in scale.items()
        if not 0 <= f <= 1
    ]


if TYPE_CHECKING:
    Rule = RuleBase
else:
    #: The rule types registered when parcalc.rules is imported, as one pydantic union.
    Rule = rule_union()
