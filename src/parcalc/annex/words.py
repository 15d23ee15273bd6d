"""A rule said in guide lines, in the decision's style, that the import reads back exactly.

=========== ===============================================================================
rule        lines (Vietnamese; the English ones are in the catalogue, ``annex.words_*``)
=========== ===============================================================================
points      (none: the appraiser enters the points)
yes_no      ``Có: 1 điểm`` / ``Không: 0 điểm``
choice      ``<label>: 0,5 điểm`` per option (+ ``Chọn một trong các mức trên`` when the
            lines would read as another rule)
threshold   ``Từ 80% trở lên`` (min), ``Trên 90%`` (above), ``Không quá 5%`` (max),
            ``Dưới 1%`` (below), ``: p điểm`` each; ``Trường hợp khác: p điểm`` (else ≠ 0);
            + ``Xét các mức theo thứ tự`` when the steps are not in the order the import
            gives them
linear      ``Tính tuyến tính: từ 0% (0 điểm) đến 100% (điểm tối đa)``
per_item    ``Mỗi mục: 0,25 điểm, tối đa 1 điểm``
deduction   ``Mỗi vi phạm trừ 0,25 điểm``
survey      ``Điều tra xã hội học: câu Q1, Q2`` / ``Thang abcd: A = 1; B = 0,6`` /
            ``Trọng số nhóm: Người dân = 0,5; Doanh nghiệp = 0,5``
=========== ===============================================================================

Numbers are written in full (no exponent), with a decimal comma in Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parcalc.annex.guide import parse_line, show
from parcalc.annex.infer import infer
from parcalc.annex.rulecheck import plain
from parcalc.criteria.model import CriteriaSet, Node
from parcalc.errors import Location
from parcalc.i18n import current, text

_BOUND_KEYS = {"min": "annex.words_min", "above": "annex.words_above",
               "max": "annex.words_max", "below": "annex.words_below"}


def num(value: float | Decimal, lang: str | None = None) -> str:
    """A number in full: ``0,5`` in Vietnamese, ``0.5`` in English (no exponent)."""
    shown = show(value if isinstance(value, Decimal) else Decimal(repr(float(value))))
    return shown.replace(".", ",") if (lang or current()) == "vi" else shown


def rule_dict(node: Node) -> dict[str, Any]:
    """A leaf's rule as its YAML form (aliases, no unset keys)."""
    return node.leaf_rule.model_dump(by_alias=True, exclude_none=True)


def canonical(rule: dict[str, Any], maximum: float) -> dict[str, Any]:
    """A rule in one form for comparing: validated, yes defaulted to the max."""
    node = Node.model_validate({"id": "x", "title": "x", "max": maximum, "rule": plain(rule)})
    out = rule_dict(node)
    if out["type"] == "yes_no" and "yes" not in out:
        out["yes"] = float(maximum)
    return out


def rule_lines(node: Node, criteria: CriteriaSet, lang: str | None = None) -> list[str]:
    """The guide lines of a leaf that say its rule (see the module)."""
    lang = lang or current()
    rule = rule_dict(node)
    maximum = float(node.max or 0)
    lines = _say(rule, maximum, criteria, lang)
    if lines and not _reads_back(lines, rule, maximum):
        force = {"choice": "annex.words_choose", "threshold": "annex.words_in_order"}
        if rule["type"] in force:
            lines.append(text(force[rule["type"]], lang))
    return lines


def says_rule(lines: list[str], node: Node) -> bool:
    """Whether guide ``lines`` read back as the leaf's rule (points: no rule read)."""
    rule = rule_dict(node)
    maximum = float(node.max or 0)
    if rule["type"] == "points":
        found = infer([parse_line(line, Location()) for line in lines],
                      Decimal(repr(maximum)))
        return found.rule is None
    return _reads_back(lines, rule, maximum)


def _reads_back(lines: list[str], rule: dict[str, Any], maximum: float) -> bool:
    found = infer([parse_line(line, Location()) for line in lines],
                  Decimal(repr(maximum)))
    return found.rule is not None and canonical(found.rule, maximum) == canonical(rule, maximum)


def _say(rule: dict[str, Any], maximum: float, criteria: CriteriaSet, lang: str) -> list[str]:
    kind = rule["type"]
    if kind == "yes_no":
        return [text("annex.words_yes", lang, points=num(rule.get("yes", maximum), lang)),
                text("annex.words_no", lang, points=num(rule.get("no", 0), lang))]
    if kind == "choice":
        return [text("annex.words_option", lang, label=label, points=num(p, lang))
                for label, p in rule["options"].items()]
    if kind == "threshold":
        return _threshold(rule, lang)
    if kind == "linear":
        return [text("annex.words_linear", lang, start=num(rule["from"], lang),
                     end=num(rule["to"], lang))]
    if kind in ("per_item", "deduction"):
        return [text(f"annex.words_{kind}", lang, points=num(rule["points"], lang),
                     max=num(maximum, lang))]
    if kind == "survey":
        return _survey(rule, criteria, lang)
    return []


def _threshold(rule: dict[str, Any], lang: str) -> list[str]:
    lines = []
    for step in rule["steps"]:
        bound = next(k for k in _BOUND_KEYS if k in step)
        lines.append(text(_BOUND_KEYS[bound], lang, x=num(step[bound], lang),
                          points=num(step["points"], lang)))
    if rule.get("else", 0) != 0:
        lines.append(text("annex.words_else", lang, points=num(rule["else"], lang)))
    return lines


def _pairs(values: dict[str, float], lang: str) -> str:
    return "; ".join(f"{k} = {num(v, lang)}" for k, v in values.items())


def _survey(rule: dict[str, Any], criteria: CriteriaSet, lang: str) -> list[str]:
    answers = rule["answers"]
    name, scale = (answers, (criteria.answers or {}).get(answers, {})) if isinstance(
        answers, str) else ("", answers)
    lines = [text("annex.words_survey", lang, questions=", ".join(rule["questions"])),
             text("annex.words_scale", lang, name=f" {name}" if name else "",
                  values=_pairs(scale, lang))]
    if rule.get("groups"):
        lines.append(text("annex.words_groups", lang, values=_pairs(rule["groups"], lang)))
    return lines
