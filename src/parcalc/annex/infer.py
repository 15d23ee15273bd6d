"""A leaf's rule, inferred from its guide lines when they are unambiguous.

In order (the first that fits wins; see docs/criteria-import.md):

1. ``Chọn một trong các mức trên`` → choice of the other lines, whatever they look like;
2. ``Điều tra xã hội học: câu …`` → survey (with its ``Thang``/``Trọng số nhóm`` lines);
3. a linear line → linear;
4. one ``Mỗi …`` line → per_item, or deduction when it says ``trừ``;
5. every line a numeric condition (plus an optional ``Trường hợp khác`` line) → threshold,
   steps ordered so the first match is right: lower bounds (min, above) from the highest
   down, then upper bounds (max, below) from the lowest up — unless ``Xét các mức theo thứ
   tự`` keeps them as written;
6. two lines beginning with a yes-word and a no-word → yes_no;
7. two or more labelled lines with points → choice.

Anything else (no points, lines without points among lines with points, "Trừ điểm tương
ứng") leaves the leaf as ``points``: the appraiser enters the points. A rule whose own check
fails (a step that can never match, options differing only in case) is a doubt and the leaf
stays ``points`` too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parcalc.annex import guide, survey
from parcalc.annex.guide import Line
from parcalc.annex.rulecheck import rule_problems
from parcalc.i18n import Msg, msg

RuleDict = dict[str, Any]


@dataclass
class Inference:
    """The rule inferred (None: ``points``), what it was read from, and the doubts."""

    rule: RuleDict | None = None
    lines: list[Line] = field(default_factory=list)
    doubts: list[Msg] = field(default_factory=list)
    #: a named answer scale a survey line defines: (name, scale)
    scale: tuple[str, dict[str, Decimal]] | None = None

    @property
    def kind(self) -> str:
        return str(self.rule["type"]) if self.rule else "points"


def infer(lines: list[Line], maximum: Decimal) -> Inference:
    """The rule of a leaf with ``maximum`` from its guide ``lines`` (see the module)."""
    lines = [line for line in lines if line.text]
    if not lines:
        return Inference()
    for attempt in (_forced_choice, _survey, _linear, _per_item):
        found = attempt(lines, maximum)
        if found is not None:
            return _checked(found, maximum)
    return _checked(_from_points(lines, maximum), maximum)


def _checked(found: Inference, maximum: Decimal) -> Inference:
    """The inference, or ``points`` with a doubt when the rule fails its own check."""
    if found.rule is None:
        return found
    problems = rule_problems(found.rule, maximum)
    if not problems:
        return found
    return Inference(doubts=[msg("annex.rule_fails", kind=found.kind, problem=problems[0])],
                     lines=found.lines)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _survey(lines: list[Line], maximum: Decimal) -> Inference | None:
    if not any(guide.SURVEY.match(_fold(line.text)) for line in lines):
        return None
    parsed = survey.parse(lines)
    if parsed is None:
        return Inference(doubts=[msg("annex.survey_without_questions")], lines=lines)
    rule, scale = parsed
    return Inference(rule, lines, scale=scale)


def _linear(lines: list[Line], maximum: Decimal) -> Inference | None:
    found = [(line, guide.linear(_fold(line.text))) for line in lines]
    hits = [(line, span) for line, span in found if span is not None]
    if not hits:
        return None
    if len(hits) > 1 or any(line.points is not None for line in lines if line is not hits[0][0]):
        return Inference(doubts=[msg("annex.mixed_lines")], lines=lines)
    line, (start, end) = hits[0][0], hits[0][1]
    return Inference({"type": "linear", "from": start, "to": end}, [line])


def _per_item(lines: list[Line], maximum: Decimal) -> Inference | None:
    found = [(line, guide.per_item(_fold(line.text))) for line in lines]
    hits = [(line, each) for line, each in found if each is not None]
    if not hits:
        return None
    others = [line for line in lines if line.points is not None and line is not hits[0][0]]
    if len(hits) > 1 or others:
        return Inference(doubts=[msg("annex.mixed_lines")], lines=lines)
    line, (kind, points, cap) = hits[0]
    if cap is not None and cap != maximum:
        return Inference(doubts=[msg("annex.cap_differs", cap=guide.show(cap),
                                             max=guide.show(maximum))], lines=[line])
    return Inference({"type": kind, "points": points}, [line])


def _forced_choice(lines: list[Line], maximum: Decimal) -> Inference | None:
    if not any(guide.CHOICE.match(_fold(line.text)) for line in lines):
        return None
    rest = [line for line in lines if not guide.CHOICE.match(_fold(line.text))]
    if not rest or any(line.points is None for line in rest):
        return Inference(doubts=[msg("annex.lines_without_points")], lines=lines)
    return _choice(rest, maximum)


def split_semicolons(lines: list[Line]) -> list[Line]:
    """A line that lists several options with their points ("Đạt: 1 điểm; Không đạt: 0")
    as one line per option; other lines as they are."""
    out: list[Line] = []
    for line in lines:
        parts = [part for part in line.text.split(";") if part.strip()]
        pieces = [guide.parse_line(part, line.where, cell=line.cell) for part in parts]
        if len(pieces) > 1 and all(piece.points is not None for piece in pieces):
            out += pieces
        else:
            out.append(line)
    return out


def _from_points(lines: list[Line], maximum: Decimal) -> Inference:
    lines = split_semicolons(lines)
    in_order = [line for line in lines if guide.IN_ORDER.match(_fold(line.text))]
    lines = [line for line in lines if line not in in_order]
    if any(guide.NO_POINTS.match(line.key) for line in lines):
        return Inference(lines=lines)
    pointed = [line for line in lines if line.points is not None]
    if not pointed:
        return Inference(lines=lines)
    loose = [line for line in lines if line.points is None and not line.text.endswith(":")]
    if loose:
        return Inference(doubts=[msg("annex.lines_without_points")], lines=lines)
    threshold = _threshold(pointed, maximum, keep_order=bool(in_order))
    if threshold is not None:
        return threshold
    if len(pointed) == 2:
        yes_no = _yes_no(pointed, maximum)
        if yes_no is not None:
            return yes_no
    if len(pointed) == 1:
        return Inference(doubts=[msg("annex.one_line")], lines=pointed)
    return _choice(pointed, maximum)


def _threshold(lines: list[Line], maximum: Decimal, keep_order: bool) -> Inference | None:
    steps: list[tuple[str, Decimal, Decimal]] = []
    otherwise: Decimal | None = None
    for line in lines:
        assert line.points is not None
        if guide.ELSE.match(line.key) and otherwise is None:
            otherwise = line.points.of(maximum)
            continue
        found = guide.condition(line.key)
        if found is None:
            return None
        steps.append((found[0], found[1], line.points.of(maximum)))
    if not steps:
        return None
    if not keep_order:
        steps = order_steps(steps)
    rule: RuleDict = {"type": "threshold",
                      "steps": [{bound: x, "points": p} for bound, x, p in steps]}
    if otherwise is not None:
        rule["else"] = otherwise
    return Inference(rule, lines)


def order_steps(steps: list[tuple[str, Decimal, Decimal]]) -> list[tuple[str, Decimal, Decimal]]:
    """Lower bounds from the highest down (``above`` before ``min`` at the same bound),
    then upper bounds from the lowest up (``below`` before ``max``)."""
    lower = [s for s in steps if s[0] in ("min", "above")]
    upper = [s for s in steps if s[0] in ("max", "below")]
    lower.sort(key=lambda s: (-s[1], s[0] != "above"))
    upper.sort(key=lambda s: (s[1], s[0] != "below"))
    return lower + upper


_YES = ("có", "đạt", "đã", "yes")
_NO = ("không", "chưa", "no")


def _yes_no(lines: list[Line], maximum: Decimal) -> Inference | None:
    for yes, no in (lines, lines[::-1]):
        if _is_no(no.key) and _is_yes(yes.key, no.key):
            assert yes.points is not None and no.points is not None
            rule: RuleDict = {"type": "yes_no"}
            points_yes, points_no = yes.points.of(maximum), no.points.of(maximum)
            if points_yes != maximum:
                rule["yes"] = points_yes
            if points_no != 0:
                rule["no"] = points_no
            return Inference(rule, lines)
    return None


def _is_no(key: str) -> bool:
    return key.split(" ", 1)[0] in _NO


def _is_yes(key: str, no_key: str) -> bool:
    first = key.split(" ", 1)[0]
    negated = no_key.split(" ", 1)[1] if " " in no_key else ""
    return first in _YES or (bool(negated) and key.startswith(negated.split(" ", 1)[0]))


def _choice(lines: list[Line], maximum: Decimal) -> Inference:
    options: dict[str, Decimal] = {}
    for line in lines:
        assert line.points is not None
        if not line.label or line.label.casefold() in {k.casefold() for k in options}:
            return Inference(doubts=[msg("annex.choice_labels")], lines=lines)
        options[line.label] = line.points.of(maximum)
    return Inference({"type": "choice", "options": options}, lines)
