"""``import(export(S))`` gives back S's ids, titles, maxima and rules — rules that score every
value identically — over the shipped sets and over generated sets, in every table format
and both languages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from parcalc.annex import import_annex
from parcalc.annex.export import export_annex
from parcalc.annex.words import canonical, rule_dict
from parcalc.criteria.model import CriteriaSet, Node
from parcalc.criteria.shipped import resolve_criteria, shipped_ids
from parcalc.i18n import using
from parcalc.values import Values

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def round_trip(criteria: CriteriaSet, folder: Path, suffix: str, lang: str) -> CriteriaSet:
    table = folder / f"annex-{lang}{suffix}"
    with using(lang):
        export_annex(criteria, table)
        return import_annex(table, name=f"{criteria.id}.yaml").criteria


def _rule(criteria: CriteriaSet, node: Node) -> dict[str, Any]:
    """A leaf's rule in one form, its survey scale resolved (a named scale by its values)."""
    rule = canonical(rule_dict(node), float(node.max or 0))
    if rule["type"] == "survey":
        rule["answers"] = criteria.scale(node.leaf_rule)  # type: ignore[arg-type]
    return rule


def assert_same(before: CriteriaSet, after: CriteriaSet) -> None:
    old = list(before.walk())
    new = list(after.walk())
    assert [n.id for n, _ in new] == [n.id for n, _ in old]
    assert [len(p) for _, p in new] == [len(p) for _, p in old]
    for (a, _), (b, _) in zip(old, new, strict=True):
        assert (b.title, b.exact_maximum, b.is_leaf) == (a.title, a.exact_maximum, a.is_leaf)
        if a.is_leaf:
            assert _rule(after, b) == _rule(before, a), a.id
    assert after.title == before.title
    assert after.year == before.year


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv"])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("set_id", shipped_ids())
def test_shipped_sets_round_trip(tmp_path: Path, set_id: str, lang: str, suffix: str) -> None:
    criteria = resolve_criteria(set_id)
    assert_same(criteria, round_trip(criteria, tmp_path, suffix, lang))


# --- generated sets --------------------------------------------------------------------------

WORDS = ["Ban", "hành", "kế", "hoạch", "đúng", "thời", "hạn", "Chậm", "Không", "Có", "Đạt",
         "Tốt", "Khá", "mỗi", "văn", "bản", "từ", "trên", "dưới", "80%", "1", "0,5", "Trừ",
         "Mức", "(a)", "x:", "–", "tối", "đa", "điểm", "yes", "No", "Each", "thực", "hiện"]
#: Labels and titles: one line, not beginning with a bullet (docs/criteria-import.md says why).
label = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join).filter(
    lambda t: t[0] not in "-+•–—*·")
quarter = st.integers(0, 40).map(lambda n: n / 4)
bound = st.one_of(st.integers(-20, 120).map(float), st.integers(0, 10_000).map(lambda n: n / 100))


@st.composite
def points_up_to(draw: st.DrawFn, maximum: float) -> float:
    return draw(st.sampled_from([0.0, maximum, maximum / 2, maximum / 4, maximum * 0.75,
                                 round(maximum / 3, 2)]))


@st.composite
def a_rule(draw: st.DrawFn, maximum: float) -> dict[str, Any] | None:
    kind = draw(st.sampled_from(["points", "yes_no", "choice", "threshold", "linear",
                                 "per_item", "deduction", "survey"]))
    p = points_up_to(maximum)
    if kind == "points":
        return None
    if kind == "yes_no":
        rule: dict[str, Any] = {"type": "yes_no"}
        if draw(st.booleans()):
            rule["yes"] = draw(p)
        if draw(st.booleans()):
            rule["no"] = draw(p)
        return rule
    if kind == "choice":
        labels = draw(st.lists(label, min_size=1, max_size=4,
                               unique_by=lambda t: t.casefold()))
        return {"type": "choice", "options": {t: draw(p) for t in labels}}
    if kind == "threshold":
        return draw(a_threshold(maximum))
    if kind == "linear":
        start, end = draw(bound), draw(bound)
        assume(start != end)
        return {"type": "linear", "from": start, "to": end}
    if kind in ("per_item", "deduction"):
        assume(maximum > 0)
        return {"type": kind, "points": draw(st.sampled_from([maximum, maximum / 4, 0.25]))}
    questions = draw(st.lists(st.sampled_from(["Q01", "Q02", "Q03", "SIPAS-1"]), min_size=1,
                              max_size=3, unique=True))
    rule = {"type": "survey", "questions": questions,
            "answers": draw(st.sampled_from(["abcd", "inline"]))}
    if rule["answers"] == "inline":
        rule["answers"] = {"Tốt": 1.0, "Trung bình": 0.5, "Kém": 0.0}
    if draw(st.booleans()):
        rule["groups"] = {"Người dân": 0.5, "Doanh nghiệp": 0.25}
    return rule


@st.composite
def a_threshold(draw: st.DrawFn, maximum: float) -> dict[str, Any]:
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["min", "above", "max", "below"]))
        steps.append({kind: draw(bound), "points": draw(points_up_to(maximum))})
    rule: dict[str, Any] = {"type": "threshold", "steps": steps}
    if draw(st.booleans()):
        rule["else"] = draw(points_up_to(maximum))
    from parcalc.annex.rulecheck import rule_problems

    assume(not rule_problems(rule, Decimal(repr(maximum))))
    return rule


@st.composite
def a_node(draw: st.DrawFn, node_id: str, depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "title": draw(label)}
    if depth < 3 and draw(st.booleans()):
        children = [draw(a_node(f"{node_id}.{i}", depth + 1))
                    for i in range(1, draw(st.integers(1, 3)) + 1)]
        node["criteria"] = children
        if draw(st.booleans()):
            node["max"] = float(sum(Node.model_validate(c).exact_maximum for c in children))
        return node
    node["max"] = draw(st.integers(1, 40).map(lambda n: n / 4))
    rule = draw(a_rule(node["max"]))
    if rule is not None:
        node["rule"] = rule
    return node


@st.composite
def a_set(draw: st.DrawFn) -> CriteriaSet:
    domains = [draw(a_node(str(i), 1)) for i in range(1, draw(st.integers(1, 3)) + 1)]
    return CriteriaSet.model_validate({
        "parcalc": 1, "id": "generated", "title": "Bộ chỉ số " + draw(label),
        "year": draw(st.one_of(st.none(), st.integers(2015, 2030))),
        "answers": {"abcd": {"A": 1, "B": 0.6, "C": 0.2, "D": 0}}, "domains": domains})


@SETTINGS
@given(criteria=a_set(), suffix=st.sampled_from([".xlsx", ".docx", ".csv"]),
       lang=st.sampled_from(["vi", "en"]))
def test_generated_sets_round_trip(tmp_path: Path, criteria: CriteriaSet, suffix: str,
                                   lang: str) -> None:
    assert_same(criteria, round_trip(criteria, tmp_path, suffix, lang))


# --- scoring: the rules read back score every value as the originals ------------------------

VALUES = st.one_of(
    st.floats(-50, 150, allow_nan=False), st.integers(-5, 200),
    st.sampled_from(["85%", "0,5", "12", "có", "không", "x", "đạt", "không đạt", "yes", "no",
                     "1", "0", "Tốt", "khá", "nhiều", "", "Không"]),
    label,
)


@SETTINGS
@given(criteria=a_set(), values=st.lists(VALUES, min_size=1, max_size=25),
       suffix=st.sampled_from([".xlsx", ".csv"]))
def test_rules_read_back_score_every_value_identically(tmp_path: Path, criteria: CriteriaSet,
                                                      values: list[Any], suffix: str) -> None:
    after = round_trip(criteria, tmp_path, suffix, "vi")
    cells = Values.of([v for v in values if v != ""])
    for old, new in zip(criteria.leaves(), after.leaves(), strict=True):
        if old.is_survey:
            continue
        maximum = float(old.node.max or 0)
        points, errors = old.rule.score(cells, maximum)
        points_new, errors_new = new.rule.score(cells, float(new.node.max or 0))
        np.testing.assert_array_equal(points_new, points)
        assert list(errors_new) == list(errors), old.id


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_negative_threshold_bound_is_a_number_not_a_bullet(tmp_path: Path, lang: str) -> None:
    """Found by the round trip: "-1% or more: 0 points" lost its minus as a bullet."""
    criteria = CriteriaSet.model_validate({
        "parcalc": 1, "id": "negative", "title": "Âm",
        "domains": [{"id": "1", "title": "Ban", "criteria": [
            {"id": "1.1", "title": "Tỷ lệ thay đổi", "max": 2, "rule": {
                "type": "threshold", "steps": [{"min": 5, "points": 2}, {"min": -1, "points": 1}],
            }}]}]})
    assert_same(criteria, round_trip(criteria, tmp_path, ".xlsx", lang))
