"""What a rule type is, and the registry of them.

A rule type is a subclass of :class:`RuleBase` (a pydantic model: its fields are the rule's
YAML form) with ``type: Literal["name"] = "name"``, decorated with :func:`register`. The
registry :data:`RULES` is the one list of rule types: the criteria model's union
(:func:`rule_union`), the loader's messages and the JSON Schema all come from it.
parcalc's own rule types are in :mod:`parcalc.rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar, TypeVar, Union

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from parcalc.i18n import Msg, msg
from parcalc.text import number_text
from parcalc.values import BoolArray, FloatArray, ObjArray, Values

RulePath = tuple[str | int, ...]
#: A message of parcalc's own rules is a :class:`~parcalc.i18n.Msg` (put into words in the
#: language in use); another rule type may give plain text.
Said = Msg | str
RuleProblem = tuple[RulePath, Said]
#: Points, and for each cell a message (:data:`Said`) or None.
Scored = tuple[FloatArray, ObjArray]
#: A template's drop-down lists: options → the source of a list validation.
ListSource = Callable[[list[str]], str]


def fmt(x: float) -> str:
    """A number for a message: 2.5, 10 (no trailing .0)."""
    return number_text(float(x))


def no_errors(n: int) -> ObjArray:
    """``n`` cells without an error message."""
    return np.full(n, None, dtype=object)


def errors_for(cells: npt.NDArray[Any], make: Callable[[Any], Said]) -> ObjArray:
    """``make(value)`` for each cell, called once per distinct value (the same message
    object for equal cells: a column of a million ``x`` makes one message)."""
    codes, distinct = pd.factorize(pd.Series(cells, dtype=object))
    made = np.full(len(distinct) + 1, None, dtype=object)  # the last: code -1, a missing value
    for i, value in enumerate(distinct):
        made[i] = make(value)
    out: ObjArray = made[np.asarray(codes)]
    return out


def clip(points: FloatArray, maximum: float) -> FloatArray:
    return np.clip(points, 0.0, maximum)


def within(points: float, maximum: float, where: RulePath, what: Said) -> list[RuleProblem]:
    """A problem at ``where`` when ``points`` is outside ``0..maximum``; ``what`` names the
    points (``msg("rules.key", key="yes")``: "yes:")."""
    if 0 <= points <= maximum:
        return []
    return [(where, msg("rules.outside_max", what=what, points=fmt(points),
                        max=fmt(maximum)))]


class RuleBase(BaseModel):
    """A rule type: its YAML form and how it scores a whole column of cells at once.

    A rule type defines ``score`` (or ``points``, on a :class:`NumericRule`) and ``describe``;
    every other method has a default that suits most rules.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              allow_inf_nan=False, defer_build=True)

    #: The rule's name in YAML (``rule: {type: …}``); each rule type narrows it to a Literal.
    type: str
    #: What the input cell holds, for messages: "a number", "yes or no", ...
    expects: ClassVar[Said] = msg("rules.expects_number")
    #: Whether a percent-formatted cell (0.85 shown as 85%) is read as shown (85).
    takes_percent: ClassVar[bool] = False
    #: Whether the points come from the survey sheet rather than a value cell.
    is_survey: ClassVar[bool] = False

    def score(self, values: Values, maximum: float) -> Scored:
        """Points (floats in ``[0, maximum]``) and an error message (a :class:`Msg`, or text)
        or None for each cell of one leaf over many units; blank and not-applicable cells are
        already left out. Build one message per distinct bad value (:func:`errors_for`)."""
        raise NotImplementedError

    def describe(self, maximum: float) -> Said:
        """The rule in words, in one language (a :class:`Msg` from the catalogue, or text),
        for templates' input messages (keep it under 250 characters) and ``explain``."""
        raise NotImplementedError

    def problems(self, maximum: float) -> list[RuleProblem]:
        """What is inconsistent in the rule itself, as (path in the rule, message) pairs."""
        return []

    def scale_names(self) -> list[tuple[RulePath, str]]:
        """The named answer scales (the criteria's ``answers:``) the rule uses, with where."""
        return []

    def not_applicable(self, values: Values) -> BoolArray:
        """The cells that say "not applicable" (KAD, không áp dụng, N/A, …)."""
        return values.not_applicable

    def cap_self_values(self, values: Values, maximum: float) -> tuple[Values, BoolArray]:
        """Self-assessed values as they are scored, and where they were capped (the engine
        warns there). By default nothing is capped: a bad value is an error."""
        return values, np.zeros(len(values), dtype=bool)

    def prompt(self, maximum: float) -> Said:
        """The rule in words for a value cell's input message in a template."""
        return self.describe(maximum)

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        """The xlsxwriter data validation of a value cell in a template (None: the leaf has
        no value cell); ``lists(options)`` gives the source of a drop-down."""
        return {"validate": "any"}


#: Every rule type by its name, in registration order (file order for parcalc's own).
RULES: dict[str, type[RuleBase]] = {}
_on_change: list[Callable[[], None]] = []
R = TypeVar("R", bound=RuleBase)


def register(cls: type[R]) -> type[R]:
    """Class decorator: add a rule type to :data:`RULES` under its ``type``. Models that
    embed the rule union (the criteria model) are rebuilt when a rule comes after them."""
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


class NumericRule(RuleBase):
    """A rule whose input is a number; text that is not a number is an error. A subclass
    defines ``points(x, maximum)`` on the numbers (clipped to ``[0, maximum]`` after)."""

    def score(self, values: Values, maximum: float) -> Scored:
        x = values.number
        errors = no_errors(len(values))
        bad = np.isnan(x)
        if bad.any():
            errors[bad] = errors_for(values.text[bad], lambda t: msg(
                "rules.not_a_number", text=t, expects=self.expects))
        points = self.points(np.where(bad, 0.0, x), maximum)
        return clip(np.where(bad, 0.0, points), maximum), errors

    def points(self, x: FloatArray, maximum: float) -> FloatArray:
        raise NotImplementedError


class CountRule(NumericRule):
    """A rule whose input is a count of items: a negative count is an error."""

    def score(self, values: Values, maximum: float) -> Scored:
        points, errors = super().score(values, maximum)
        x = values.number
        negative = ~np.isnan(x) & (x < 0)
        if negative.any():
            errors[negative] = errors_for(x[negative], lambda v: msg(
                "rules.negative_count", value=fmt(v)))
        return points, errors

    def validation(self, maximum: float, lists: ListSource) -> dict[str, Any] | None:
        return {"validate": "integer", "criteria": ">=", "value": 0}
