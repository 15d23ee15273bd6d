"""An inferred rule (its YAML form, with exact decimals) checked as the criteria model does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from parcalc.criteria.model import Node
from parcalc.i18n import Msg


def plain(value: Any) -> Any:
    """Decimals as floats, all the way down: what the criteria model takes."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def rule_problems(rule: dict[str, Any], maximum: Decimal) -> list[Msg | str]:
    """What ``parcalc check`` would say about ``rule`` on a leaf with ``maximum``."""
    try:
        node = Node.model_validate({"id": "x", "title": "x", "max": float(maximum),
                                    "rule": plain(rule)})
    except ValidationError as exc:
        return [str(err["msg"]) for err in exc.errors()]
    return [message for _, message in node.leaf_rule.problems(float(maximum))]
