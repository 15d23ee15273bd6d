"""The tiny criteria set and workbook most tests score: three domains, five rule types
(yes_no, threshold, points, choice, survey), two groups, a bonus and a penalty."""

from __future__ import annotations

from tests.support.workbooks import Rows

TINY_CRITERIA = """\
parcalc: 1
id: tiny
title: "Bộ tiêu chí thử"
bands:
  - {label: A, min: 90}
  - {label: B, min: 80}
  - {label: C, min: 0}
answers:
  abcd: {A: 1, B: 0.6, C: 0.2, D: 0}
adjustments: {bonus_max: 2, penalty_max: 3}
domains:
  - id: "1"
    title: "Chỉ đạo, điều hành"
    max: 40
    criteria:
      - {id: "1.1", title: "Kế hoạch CCHC", max: 10, rule: yes_no}
      - id: "1.2"
        title: "Mức độ thực hiện kế hoạch"
        max: 30
        rule:
          type: threshold
          steps: [{above: 90, points: 30}, {min: 70, points: 15}]
  - id: "2"
    title: "Thủ tục hành chính"
    max: 40
    criteria:
      - {id: "2.1", title: "Điểm thẩm định", max: 20}
      - id: "2.2"
        title: "Chất lượng"
        max: 20
        rule: {type: choice, options: {"Tốt": 20, "Khá": 15, "Đạt": 10, "Không đạt": 0}}
  - id: "3"
    title: "Điều tra xã hội học"
    max: 20
    criteria:
      - id: "3.1"
        title: "Hài lòng"
        max: 20
        rule: {type: survey, questions: [Q1, Q2], answers: abcd}
"""


def tiny_sheets() -> dict[str, Rows]:
    """Three units in two groups, every rule of TINY_CRITERIA exercised."""
    return {
        "units": [["unit_id", "name", "group"],
                  ["U1", "Sở Nội vụ", "Sở"], ["U2", "Sở Tài chính", "Sở"],
                  ["H1", "Huyện Ba Vì", "Huyện"]],
        "scores": [["unit_id", "criterion_id", "self_value", "value"],
                   ["U1", "1.1", "có", "có"], ["U1", "1.2", 95, "95%"],
                   ["U1", "2.1", 20, 18.5], ["U1", "2.2", "Tốt", "Khá"],
                   ["U2", "1.1", "có", "không"], ["U2", "1.2", 80, "80"],
                   ["U2", "2.1", 15, "12,5"], ["U2", "2.2", "Tốt", "Tốt"],
                   ["H1", "1.1", "x", "x"], ["H1", "1.2", 60, 60],
                   ["H1", "2.1", 10, 10], ["H1", "2.2", "Đạt", "Đạt"]],
        "survey": [["unit_id", "respondent_group", "Q1", "Q2"],
                   ["U1", "Người dân", "A", "B"], ["U1", "Doanh nghiệp", "A", "A"],
                   ["U2", "Người dân", "C", "D"], ["H1", "Người dân", "B", None]],
        "adjustments": [["unit_id", "kind", "points", "reason"],
                        ["U1", "thưởng", 3, "Sáng kiến"], ["H1", "trừ", 1, "Vi phạm"]],
    }
