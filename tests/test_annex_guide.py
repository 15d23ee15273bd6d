"""The guide-line grammar (points, conditions, per item, linear, survey) and the rules
inferred from a leaf's guide lines, ambiguous cases included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from parcalc.annex.guide import Points, condition, linear, parse_line, per_item, points_text
from parcalc.annex.infer import infer
from parcalc.errors import Location

D = Decimal


def line(text: str, points: Points | None = None) -> Any:
    return parse_line(text, Location("annex.xlsx", sheet="Sheet1", cell="B2"), points)


@pytest.mark.parametrize(("text", "label", "points"), [
    ("Ban hành đúng thời hạn: 0,5", "Ban hành đúng thời hạn", D("0.5")),
    ("Ban hành đúng thời hạn: 0,5 điểm", "Ban hành đúng thời hạn", D("0.5")),
    ("Ban hành đúng thời hạn: 0.5 điểm.", "Ban hành đúng thời hạn", D("0.5")),
    ("Ban hành chậm (0,25 điểm)", "Ban hành chậm", D("0.25")),
    ("Ban hành chậm – 0,25đ", "Ban hành chậm", D("0.25")),
    ("Ban hành chậm - 0,25 đ", "Ban hành chậm", D("0.25")),
    ("Không ban hành = 0", "Không ban hành", D(0)),
    ("Ban hành đúng hạn được 1 điểm", "Ban hành đúng hạn", D(1)),
    ("- Từ 80% đến dưới 100%: 1", "Từ 80% đến dưới 100%", D(1)),
    ("+ Dưới 50%: 0 điểm", "Dưới 50%", D(0)),
    ("• Đạt: 2 điểm", "Đạt", D(2)),
    ("Yes: 1.5 points", "Yes", D("1.5")),
    # points stated, then a note in brackets: the stated points and the bare label
    ("Khá: 1,5 điểm (75% điểm)", "Khá", D("1.5")),
    ("Đạt - 1 điểm (50% số điểm)", "Đạt", D(1)),
])
def test_points_at_the_end_of_a_line(text: str, label: str, points: Decimal) -> None:
    found = line(text)
    assert found.label == label
    assert found.points is not None and found.points.of(D(2)) == points


def test_full_points_and_a_share_of_the_max() -> None:
    full = line("Có ban hành văn bản: Điểm tối đa")
    assert full.label == "Có ban hành văn bản" and full.points == Points(full=True)
    assert full.points.of(D("1.5")) == D("1.5")
    share = line("Khá: 75% điểm")
    assert share.label == "Khá" and share.points == Points(share=D(75))
    assert share.points.of(D("0.5")) == D("0.375")
    assert line("Trung bình (50% số điểm)").points == Points(share=D(50))


@pytest.mark.parametrize("text", ["Tỷ lệ đạt: 80%", "Từ 50% - 80%", "Trừ điểm tương ứng",
                                  "Tài liệu kiểm chứng: Kế hoạch", "Hoàn thành 100%"])
def test_lines_without_points(text: str) -> None:
    assert line(text).points is None


def test_points_from_the_max_column() -> None:
    found = line("- Ban hành chậm", Points(value=D("0.5")))
    assert (found.label, found.points) == ("Ban hành chậm", Points(value=D("0.5")))
    assert points_text("Điểm tối đa") == Points(full=True)
    assert points_text("75% điểm") == Points(share=D(75))
    assert points_text("0,5 điểm") == Points(value=D("0.5"))
    assert points_text("nhiều") is None


@pytest.mark.parametrize(("label", "bound"), [
    ("từ 80% trở lên", ("min", D(80))), ("từ 80%", ("min", D(80))),
    ("đạt 100%", ("min", D(100))), ("90% trở lên", ("min", D(90))),
    ("trên 90%", ("above", D(90))), ("dưới 50%", ("below", D(50))),
    ("từ 80% đến dưới 100%", ("min", D(80))), ("từ 70% đến 90%", ("min", D(70))),
    ("không quá 5%", ("max", D(5))), ("tối đa 3%", ("max", D(3))),
    ("từ trên 5% đến 10%", ("above", D(5))), ("tỷ lệ từ 30% số đơn vị trở lên", ("min", D(30))),
    ("từ 66,67%", ("min", D("66.67"))), ("at least 80%", ("min", D(80))),
    ("above 90%", ("above", D(90))), ("below 1%", ("below", D(1))),
    ("at most 3%", ("max", D(3))), ("80% or more", ("min", D(80))),
    ("ban hành đúng hạn", None),
])
def test_numeric_conditions(label: str, bound: tuple[str, Decimal] | None) -> None:
    assert condition(label) == bound


def test_per_item_and_deduction_lines() -> None:
    assert per_item("mỗi văn bản ban hành đúng quy định: 0,25 điểm") == ("per_item", D("0.25"),
                                                                      None)
    assert per_item("mỗi văn bản: 0,25 điểm, tối đa 1 điểm") == ("per_item", D("0.25"), D(1))
    assert per_item("mỗi báo cáo chậm trừ 0,5 điểm") == ("deduction", D("0.5"), None)
    assert per_item("each violation: deduct 0.25 points") == ("deduction", D("0.25"), None)
    assert per_item("ban hành: 1 điểm") is None


def test_linear_lines() -> None:
    assert linear("tính tuyến tính: từ 0% (0 điểm) đến 100% (điểm tối đa)") == (D(0), D(100))
    assert linear("linear: from 10% (0 points) to 0% (max points)") == (D(10), D(0))
    assert linear("điểm = tỷ lệ % × điểm tối đa") == (D(0), D(100))
    assert linear("ban hành: 1") is None


def rule_of(lines: list[str], maximum: str = "1") -> dict[str, Any] | None:
    return infer([line(t) for t in lines], D(maximum)).rule


def test_yes_no() -> None:
    assert rule_of(["Có ban hành văn bản: Điểm tối đa", "Không ban hành: 0 điểm"]) == {
        "type": "yes_no"}
    assert rule_of(["Đạt: 1", "Không đạt: 0"]) == {"type": "yes_no"}
    assert rule_of(["Không thực hiện: 0,25", "Thực hiện: 0,75"]) == {
        "type": "yes_no", "yes": D("0.75"), "no": D("0.25")}


def test_threshold_steps_are_ordered_so_the_first_match_is_right() -> None:
    rule = rule_of(["Dưới 50%: 0", "Từ 50% đến dưới 80%: 0,5", "Từ 80% trở lên: 1"])
    assert rule == {"type": "threshold", "steps": [
        {"min": D(80), "points": D(1)}, {"min": D(50), "points": D("0.5")},
        {"below": D(50), "points": D(0)}]}


def test_threshold_lower_is_better() -> None:
    rule = rule_of(["Không quá 5%: 1", "Trên 5% đến 10%: 0,5", "Trên 10%: 0"])
    assert rule == {"type": "threshold", "steps": [
        {"above": D(10), "points": D(0)}, {"above": D(5), "points": D("0.5")},
        {"max": D(5), "points": D(1)}]}


def test_threshold_with_an_else_line_and_shares() -> None:
    rule = rule_of(["Trên 90%: Điểm tối đa", "Từ 70%: 50% điểm", "Trường hợp khác: 0,5"], "2")
    assert rule == {"type": "threshold", "steps": [
        {"above": D(90), "points": D(2)}, {"min": D(70), "points": D(1)}], "else": D("0.5")}


def test_per_item_and_deduction() -> None:
    assert rule_of(["Mỗi văn bản: 0,25 điểm, tối đa 1 điểm"]) == {"type": "per_item",
                                                                   "points": D("0.25")}
    assert rule_of(["Mỗi báo cáo chậm trừ 0,25 điểm"]) == {"type": "deduction",
                                                          "points": D("0.25")}


def test_choice() -> None:
    assert rule_of(["Ban hành đúng thời hạn: 0,5", "Ban hành chậm: 0,25",
                    "Không ban hành: 0"], "0.5") == {"type": "choice", "options": {
                        "Ban hành đúng thời hạn": D("0.5"), "Ban hành chậm": D("0.25"),
                        "Không ban hành": D(0)}}
    assert rule_of(["Tốt: Điểm tối đa", "Khá: 75% điểm", "Trung bình: 50% điểm"], "2") == {
        "type": "choice", "options": {"Tốt": D(2), "Khá": D("1.5"), "Trung bình": D(1)}}


def test_options_on_one_line_separated_by_semicolons() -> None:
    assert rule_of(["Đạt: 1 điểm; Không đạt: 0 điểm."]) == {"type": "yes_no"}
    assert rule_of(["- Trên 90%: 1; - Từ 70% đến 90%: 0,5"]) == {"type": "threshold", "steps": [
        {"above": D(90), "points": D(1)}, {"min": D(70), "points": D("0.5")}]}
    assert rule_of(["Tốt: 1; Khá: 0,75; Đạt: 0,5"]) == {"type": "choice", "options": {
        "Tốt": D(1), "Khá": D("0.75"), "Đạt": D("0.5")}}


def test_a_forced_choice_is_a_choice_whatever_its_lines_look_like() -> None:
    assert rule_of(["Có: 1", "Không: 0", "Chọn một trong các mức trên."]) == {
        "type": "choice", "options": {"Có": D(1), "Không": D(0)}}


def test_linear_and_survey() -> None:
    assert rule_of(["Điểm = tỷ lệ % × điểm tối đa"]) == {"type": "linear", "from": D(0),
                                                         "to": D(100)}
    found = infer([line("Điều tra xã hội học: câu Q01, Q02"),
                   line("Thang abcd: A = 1; B = 0,6; C = 0,2; D = 0"),
                   line("Trọng số nhóm: Người dân = 0,5; Doanh nghiệp = 0,5")], D(2))
    assert found.rule == {"type": "survey", "questions": ["Q01", "Q02"], "answers": "abcd",
                          "groups": {"Người dân": D("0.5"), "Doanh nghiệp": D("0.5")}}
    assert found.scale == ("abcd", {"A": D(1), "B": D("0.6"), "C": D("0.2"), "D": D(0)})


@pytest.mark.parametrize("lines", [
    [],
    ["Trừ điểm tương ứng"],
    ["Có vi phạm: trừ điểm tương ứng", "Trừ điểm tương ứng với mức độ"],
    ["Ban hành đúng thời hạn: 1", "Ban hành chậm"],          # a line without points
    ["Ban hành đúng thời hạn: 1"],                           # one line only
    ["Tốt: 1", "tốt: 0,5"],                                   # labels differing in case
    ["Từ 80%: 1", "Từ 80%: 0,5"],                             # a step that never matches
    ["Mỗi văn bản: 0,25 điểm, tối đa 0,5 điểm"],             # a cap below the max
    ["Điều tra xã hội học về mức độ hài lòng"],               # no questions, no scale
])
def test_ambiguous_guides_leave_the_leaf_as_points(lines: list[str]) -> None:
    assert rule_of(lines) is None


def test_doubts_say_why() -> None:
    found = infer([line("Ban hành đúng thời hạn: 1"), line("Ban hành chậm")], D(1))
    assert [str(d) for d in found.doubts] == ["some guide lines have points and some have none"]
    found = infer([line("Từ 80%: 1"), line("Từ 80%: 0,5")], D(1))
    assert len(found.doubts) == 1
    assert str(found.doubts[0]).startswith("the guide lines read as threshold, but step 2")
