"""parcalc's rule types: one small class per rule ``type``, each scoring a whole column at once.

Each is a :class:`~parcalc.rulebase.RuleBase` registered with
:func:`~parcalc.rulebase.register` (see :mod:`parcalc.rulebase` for what a rule type defines);
the order here is the order of the rule types in messages and in the JSON Schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from parcalc.i18n import msg, text
from parcalc.rulebase import (
    CountRule,
    ListSource,
    NumericRule,
    RuleBase,
    RulePath,
    RuleProblem,
    Said,
    Scored,
    clip,
    errors_for,
    fmt,
    no_errors,
    register,
    rule_union,
    within,
)
from parcalc.text import fold
from parcalc.values import NO, YES, BoolArray, FloatArray, Values


@register
class PointsRule(NumericRule):
    """Points entered by the appraiser; above max or below 0 is an error."""

    type: Literal["points"] = "points"
    expects: ClassVar[Said] = msg("rules.expects_points")

    def score(self, values: Values, maximum: float) -> Scored:
        points, errors = super().score(values, maximum)
        x = values.number
        out = ~np.isnan(x) & ((x < 0) | (x > maximum))
        if out.any():
            errors[out] = errors_for(x[out], lambda v: msg(
                "rules.points_outside", value=fmt(v), max=fmt(maximum)))
        return points, errors

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return x

    def describe(self, maximum: float) -> Said:
        return msg("rules.describe_points", max=fmt(maximum))

    def cap_self_values(self, values: Values, maximum: float) -> tuple[Values, BoolArray]:
        """Self-assessed points above the max count as the max (the unit claimed too much;
        an appraised value above the max stays an error)."""
        over = values.number > maximum
        if over.any():
            values = Values(np.where(over, maximum, values.raw).astype(object))
        return values, over

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": maximum}


@register
class YesNoRule(RuleBase):
    """Yes earns ``yes`` (default: the max), no earns ``no`` (default 0)."""

    type: Literal["yes_no"] = "yes_no"
    yes: float | None = None
    no: float = 0.0
    expects: ClassVar[Said] = msg("rules.expects_yes_no")

    def score(self, values: Values, maximum: float) -> Scored:
        is_yes = values.map_token(lambda t: t in YES, bool)
        is_no = values.map_token(lambda t: t in NO, bool)
        bad = ~(is_yes | is_no)
        errors = no_errors(len(values))
        if bad.any():
            errors[bad] = errors_for(values.text[bad], lambda t: msg("rules.not_yes_no", text=t))
        yes = maximum if self.yes is None else self.yes
        points = np.where(is_yes, yes, np.where(is_no, self.no, 0.0))
        return clip(points.astype(float), maximum), errors

    def problems(self, maximum: float) -> list[RuleProblem]:
        out = within(self.no, maximum, ("no",), msg("rules.key", key="no"))
        if self.yes is not None:
            out += within(self.yes, maximum, ("yes",), msg("rules.key", key="yes"))
        return out

    def describe(self, maximum: float) -> Said:
        yes = maximum if self.yes is None else self.yes
        return msg("rules.describe_yes_no", yes=fmt(yes), no=fmt(self.no))

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        return {"validate": "list", "source": lists(["Có", "Không", "KAD"])}


@register
class ChoiceRule(RuleBase):
    """One of ``options``: each label earns its points."""

    type: Literal["choice"] = "choice"
    options: dict[str, float] = Field(min_length=1)
    expects: ClassVar[Said] = msg("rules.expects_option")

    def score(self, values: Values, maximum: float) -> Scored:
        table = {fold(label): pts for label, pts in self.options.items()}
        found = values.map_token(lambda t: t in table, bool)
        errors = no_errors(len(values))
        if not found.all():
            choices = ", ".join(self.options)
            errors[~found] = errors_for(values.text[~found], lambda t: msg(
                "rules.not_an_option", text=t, options=choices))
        points = values.map_token(lambda t: table.get(t, 0.0) if t is not None else 0.0, float)
        return clip(points, maximum), errors

    def problems(self, maximum: float) -> list[RuleProblem]:
        out: list[RuleProblem] = []
        seen: dict[str, str] = {}
        for label, pts in self.options.items():
            out += within(pts, maximum, ("options", label), msg("rules.option", label=label))
            key = fold(label)
            if key in seen:
                out.append((("options", label),
                            msg("rules.options_differ_in_case", first=seen[key], second=label)))
            seen[key] = label
        return out

    def describe(self, maximum: float) -> Said:
        """The options and their points (no words: the same in every language)."""
        return "; ".join(f"{label}: {fmt(p)}" for label, p in self.options.items())

    def not_applicable(self, values: Values) -> BoolArray:
        """N/A tokens, except an option of that name ("Không áp dụng" as a choice)."""
        na = values.not_applicable
        if na.any():
            labels = {fold(label) for label in self.options}
            na = na & np.array([t not in labels for t in values.token], dtype=bool)
        return na

    def prompt(self, maximum: float) -> Said:
        return msg("rules.prompt_choice", options=self.describe(maximum))

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        return {"validate": "list", "source": lists([*self.options, "KAD"])}


class Step(BaseModel):
    """One threshold step: exactly one bound and the points it earns."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)

    min: float | None = None
    above: float | None = None
    max: float | None = None
    below: float | None = None
    points: float

    @model_validator(mode="after")
    def _one_bound(self) -> Step:
        bounds = [k for k in ("min", "above", "max", "below") if getattr(self, k) is not None]
        if len(bounds) != 1:
            key = "rules.step_bounds" if bounds else "rules.step_no_bound"
            found = ", ".join(bounds)
            # the error type is the catalogue key, so the loader can say it in any language
            raise PydanticCustomError(key, text(key, found=found), {"found": found})
        return self

    @property
    def bound(self) -> tuple[str, float]:
        for key in ("min", "above", "max", "below"):
            value = getattr(self, key)
            if value is not None:
                return key, float(value)
        raise AssertionError("validated step without a bound")

    def matches(self, x: FloatArray) -> Any:
        bound, b = self.bound
        return {"min": x >= b, "above": x > b, "max": x <= b, "below": x < b}[bound]

    def covers(self, other: Step) -> bool:
        """True when every value ``other`` matches is already matched by this step."""
        (k1, b1), (k2, b2) = self.bound, other.bound
        if k1 in ("min", "above") and k2 in ("min", "above"):
            return b1 < b2 or (b1 == b2 and (k1 == "min" or k2 == "above"))
        if k1 in ("max", "below") and k2 in ("max", "below"):
            return b1 > b2 or (b1 == b2 and (k1 == "max" or k2 == "below"))
        return False

    def words(self) -> str:
        bound, b = self.bound
        sign = {"min": "≥", "above": ">", "max": "≤", "below": "<"}[bound]
        return f"{sign} {fmt(b)}: {fmt(self.points)}"


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
            out += within(step.points, maximum, ("steps", i, "points"),
                          msg("rules.step", n=i + 1))
            for j, earlier in enumerate(self.steps[:i]):
                if earlier.covers(step):
                    out.append((("steps", i), msg(
                        "rules.step_never_matches", n=i + 1, step=step.words(), first=j + 1,
                        earlier=earlier.words())))
                    break
        out += within(self.else_, maximum, ("else",), msg("rules.key", key="else"))
        return out

    def describe(self, maximum: float) -> Said:
        return msg("rules.describe_threshold", steps="; ".join(s.words() for s in self.steps),
                   other=fmt(self.else_))


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
            return [(("to",), msg("rules.from_equals_to"))]
        return []

    def describe(self, maximum: float) -> Said:
        return msg("rules.describe_linear", start=fmt(self.from_), end=fmt(self.to),
                   max=fmt(maximum))


@register
class PerItemRule(CountRule):
    """``points`` for each item counted, capped at the max."""

    type: Literal["per_item"] = "per_item"
    points_: float = Field(alias="points", gt=0)
    expects: ClassVar[Said] = msg("rules.expects_items")

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return x * self.points_

    def problems(self, maximum: float) -> list[RuleProblem]:
        if self.points_ > maximum:
            return [(("points",), msg("rules.item_over_max", points=fmt(self.points_),
                                      max=fmt(maximum)))]
        return []

    def describe(self, maximum: float) -> Said:
        return msg("rules.describe_per_item", points=fmt(self.points_), max=fmt(maximum))


@register
class DeductionRule(CountRule):
    """The max less ``points`` for each violation counted, floored at 0."""

    type: Literal["deduction"] = "deduction"
    points_: float = Field(alias="points", gt=0)
    expects: ClassVar[Said] = msg("rules.expects_violations")

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        return maximum - x * self.points_

    def problems(self, maximum: float) -> list[RuleProblem]:
        if self.points_ > maximum:
            return [(("points",), msg("rules.violation_over_max", points=fmt(self.points_),
                                      max=fmt(maximum)))]
        return []

    def describe(self, maximum: float) -> Said:
        return msg("rules.describe_deduction", points=fmt(self.points_), max=fmt(maximum))


@register
class SurveyRule(RuleBase):
    """Points from the survey sheet: answers to ``questions`` on the ``answers`` scale."""

    type: Literal["survey"] = "survey"
    questions: list[str] = Field(min_length=1)
    answers: str | dict[str, float]
    groups: dict[str, float] | None = None
    expects: ClassVar[Said] = msg("rules.expects_survey")
    is_survey: ClassVar[bool] = True

    @classmethod
    def of(cls, rule: RuleBase) -> SurveyRule:
        """``rule`` as the survey rule it is (for a leaf known to be a survey leaf)."""
        if not isinstance(rule, cls):
            raise TypeError(f"a {rule.type} rule is not a survey rule")
        return rule

    def score(self, values: Values, maximum: float) -> Scored:
        raise TypeError("survey points come from the survey sheet, not a value cell")

    def problems(self, maximum: float) -> list[RuleProblem]:
        out: list[RuleProblem] = []
        seen: set[str] = set()
        for i, q in enumerate(self.questions):
            if fold(q) in seen:
                out.append((("questions", i), msg("rules.question_twice", question=q)))
            seen.add(fold(q))
        if isinstance(self.answers, dict):
            out += scale_problems(self.answers, ("answers",))
        for group, weight in (self.groups or {}).items():
            if weight <= 0:
                out.append((("groups", group), msg("rules.weight_not_positive", group=group)))
        return out

    def describe(self, maximum: float) -> Said:
        scale = self.answers if isinstance(self.answers, str) else msg("rules.scale_inline")
        questions = ", ".join(self.questions)
        if not self.groups:
            return msg("rules.describe_survey", questions=questions, scale=scale)
        weights = ", ".join(f"{g} {fmt(w)}" for g, w in self.groups.items())
        return msg("rules.describe_survey_weighted", questions=questions, scale=scale,
                   weights=weights)

    def scale_names(self) -> list[tuple[RulePath, str]]:
        return [(("answers",), self.answers)] if isinstance(self.answers, str) else []

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        return None  # scored from the survey sheet: no value cell


def scale_problems(scale: dict[str, float], where: RulePath) -> list[RuleProblem]:
    return [
        ((*where, answer), msg("rules.scale_fraction", answer=answer, value=fmt(f)))
        for answer, f in scale.items()
        if not 0 <= f <= 1
    ]


if TYPE_CHECKING:
    Rule = RuleBase
else:
    #: The rule types registered when parcalc.rules is imported, as one pydantic union.
    Rule = rule_union()
