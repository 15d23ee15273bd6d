"""The guide lines of a survey leaf, as parcalc's export writes them and the import reads them.

    Điều tra xã hội học: câu Q01, Q02
    Thang abcd: A = 1; B = 0,6; C = 0,2; D = 0
    Trọng số nhóm: Người dân = 0,5; Doanh nghiệp = 0,5

(English: ``Survey: questions Q01, Q02`` / ``Scale abcd: A = 1; …`` / ``Group weights: …``.)
The scale line without a name (``Thang: A = 1; …``) is an inline scale; with a name, the
scale is defined once at the top of the criteria file (``answers:``). Question ids hold no
comma; answer and group names hold no ``=`` or ``;``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from parcalc.annex.guide import SURVEY, Line, number

_QUESTIONS = re.compile(r"(?:câu(?:\s+hỏi)?|questions?)\s+(?P<list>.+?)\s*\.?$", re.I)
_SCALE = re.compile(r"^(?:thang(?:\s+điểm)?|scale)\b\s*(?P<name>[^:]*?)\s*:\s*(?P<items>.+)$",
                    re.I)
_GROUPS = re.compile(r"^(?:trọng\s+số(?:\s+nhóm)?|group\s+weights?)\s*:\s*(?P<items>.+)$", re.I)


def parse(lines: list[Line]) -> tuple[dict[str, Any], tuple[str, dict[str, Decimal]] | None] | None:
    """(rule, named scale or None) from a survey leaf's lines; None when the questions or
    the answer scale are not given."""
    questions: list[str] = []
    scale: tuple[str, dict[str, Decimal]] | None = None
    groups: dict[str, Decimal] | None = None
    for line in lines:
        text = line.text
        if SURVEY.match(" ".join(text.casefold().split())):
            found = _QUESTIONS.search(text.split(":", 1)[-1])
            questions = [q.strip() for q in found.group("list").split(",")] if found else []
        elif (match := _SCALE.match(text)) is not None:
            scale = (match.group("name").strip(), _pairs(match.group("items")))
        elif (match := _GROUPS.match(text)) is not None:
            groups = _pairs(match.group("items"))
    if not questions or not all(questions) or scale is None or not scale[1]:
        return None
    name, values = scale
    rule: dict[str, Any] = {"type": "survey", "questions": questions,
                            "answers": name if name else values}
    if groups:
        rule["groups"] = groups
    return rule, (scale if name else None)


def _pairs(items: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for item in items.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.rpartition("=")
        if not sep or not key.strip():
            return {}
        try:
            out[key.strip()] = number(value.strip())
        except InvalidOperation:
            return {}
    return out
