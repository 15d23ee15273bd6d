"""The criteria set (format 1) as typed objects: domains → criteria → sub-criteria → rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from parcalc.i18n import text
from parcalc.rulebase import on_registry_change, rule_union
from parcalc.rules import PointsRule, Rule, SurveyRule

FORMAT = 1


#: Largest number of points anything may carry; keeps exact arithmetic within int64.
MAX_POINTS = 1_000_000


class _Model(BaseModel):
    # defer_build: the validators are built when a criteria file is first validated, not at
    # import (a criteria set from the cache, criteria/cache.py, never needs them)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              allow_inf_nan=False, defer_build=True)


class Band(_Model):
    """A band on the index: the first band (from the top) whose ``min`` the index reaches."""

    label: str = Field(min_length=1)
    min: float = Field(ge=0, le=100)


class Adjustments(_Model):
    """Caps on bonus (điểm thưởng) and penalty (điểm trừ) points; None means uncapped."""

    bonus_max: float | None = Field(None, ge=0, le=MAX_POINTS)
    penalty_max: float | None = Field(None, ge=0, le=MAX_POINTS)


class Node(_Model):
    """A domain, criterion or sub-criterion: inner (``criteria``) or leaf (``rule``)."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    max: float | None = Field(None, ge=0, le=MAX_POINTS)
    criteria: list[Node] | None = Field(None, min_length=1)
    rule: Rule | None = None
    note: str | None = None
    guide: str | None = Field(None, description=(
        "The scoring guide as the decision states it (its lines, one per line), e.g. as "
        "`parcalc criteria import` keeps it; shown beside each value cell of a template, "
        "under the leaf in `explain` and in the report's Details sheet"))

    @field_validator("id", mode="before")
    @classmethod
    def _id_is_text(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # the error type is the catalogue key, so the loader can say it in any language
            raise PydanticCustomError("criteria.id_not_text", text("criteria.id_not_text"))
        return value

    @field_validator("rule", mode="before")
    @classmethod
    def _rule_shorthand(cls, value: Any) -> Any:
        return {"type": value} if isinstance(value, str) else value

    @property
    def is_leaf(self) -> bool:
        return self.criteria is None

    @property
    def leaf_rule(self) -> Rule:
        return self.rule if self.rule is not None else PointsRule()

    @property
    def exact_maximum(self) -> Decimal:
        """The node's max as written, or the exact sum of its children's."""
        if self.max is not None:
            return Decimal(str(self.max))
        return sum((child.exact_maximum for child in self.criteria or []), Decimal(0))

    @property
    def maximum(self) -> float:
        return float(self.exact_maximum)


@dataclass(frozen=True)
class Leaf:
    """A leaf with where it sits in the tree, in file order."""

    node: Node
    domain: Node
    ancestors: tuple[Node, ...]  # domain first, the leaf's parent last

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def rule(self) -> Rule:
        return self.node.leaf_rule

    @property
    def is_survey(self) -> bool:
        return self.rule.is_survey


class CriteriaSet(_Model):
    """A whole criteria file, format 1."""

    parcalc: Literal[1]
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1)
    year: int | None = None
    precision: int = Field(2, ge=0, le=4)
    ties: Literal["min", "dense"] = "min"
    not_applicable: Literal["exclude", "zero", "full"] = "exclude"
    bands: list[Band] | None = None
    answers: dict[str, dict[str, float]] | None = None
    adjustments: Adjustments | None = None
    domains: list[Node] = Field(min_length=1)

    _source: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str | None:
        """The file this set was loaded from, if any."""
        return self._source

    @property
    def maximum(self) -> float:
        return float(sum((d.exact_maximum for d in self.domains), Decimal(0)))

    def walk(self) -> Iterator[tuple[Node, tuple[Node, ...]]]:
        """Every node with its ancestors, depth first, in file order."""
        stack: list[tuple[Node, tuple[Node, ...]]] = [(d, ()) for d in reversed(self.domains)]
        while stack:
            node, parents = stack.pop()
            yield node, parents
            for child in reversed(node.criteria or []):
                stack.append((child, (*parents, node)))

    def leaves(self) -> list[Leaf]:
        return [
            Leaf(node, (*parents, node)[0], parents)
            for node, parents in self.walk()
            if node.is_leaf
        ]

    def scale(self, rule: SurveyRule) -> dict[str, float]:
        """The answer scale a survey rule uses (inline or named)."""
        if isinstance(rule.answers, dict):
            return rule.answers
        return (self.answers or {})[rule.answers]


def _use_registered_rules() -> None:
    """Rebuild the models that embed the rule union after a rule type came or went (one
    registered after this module was imported: a plugin's, a test's). pydantic keeps a
    field's type from class creation, so ``rule`` is replaced before the forced rebuild;
    CriteriaSet holds Node's schema and is rebuilt after it."""
    Node.model_fields["rule"] = FieldInfo.from_annotated_attribute(rule_union() | None, None)
    Node.model_rebuild(force=True)
    CriteriaSet.model_rebuild(force=True)


on_registry_change(_use_registered_rules)
