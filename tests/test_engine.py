"""The engine end to end on tiny workbooks: totals, policies, survey, adjustments, ranks."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from parcalc.api import score_file
from parcalc.criteria.load import load_criteria
from parcalc.engine import score
from parcalc.errors import WorkbookError
from parcalc.results import Results
from parcalc.workbook import read_workbook
from tests.support import TINY_CRITERIA, tiny_sheets, write_workbook


def run(tmp_path: Path, sheets: dict[str, Any], criteria: str = TINY_CRITERIA,
        **kwargs: Any) -> Results:
    crit = tmp_path / "c.yaml"
    crit.write_text(criteria, encoding="utf-8")
    book = write_workbook(tmp_path / "w.xlsx", sheets)
    return score(read_workbook(book), load_criteria(crit), **kwargs)


def by_id(results: Results) -> dict[str, dict[str, Any]]:
    return {r["unit_id"]: r for r in results.unit_records()}


def test_tiny_totals_ranks_and_bands(tmp_path: Path) -> None:
    units = by_id(run(tmp_path, tiny_sheets()))
    # U1: yes 10 + (95 % > 90) 30 + 18.5 + "Khá" 15 + survey (1+.6+1+1)/4 × 20 = 18
    #     = 91.5, bonus 3 capped at 2 → 93.5
    assert units["U1"]["points"] == 93.5
    assert units["U1"]["band"] == "A"
    assert units["U2"]["points"] == 49.5  # 0 + 15 + 12.5 + 20 + (0.2 + 0)/2 × 20
    assert units["H1"]["points"] == 41.0  # 10 + 0 + 10 + 10 + 0.6 × 20 − 1
    assert [units[u]["rank"] for u in ("U1", "U2", "H1")] == [1, 2, 1]  # ranked per group
    assert units["U1"]["domains"][1] == {"id": "2", "title": "Thủ tục hành chính",
                                         "points": 33.5, "max": 40.0, "index": 83.75,
                                         "rank": 1}  # component rank within the group


def test_self_points_use_self_values_and_same_survey(tmp_path: Path) -> None:
    units = by_id(run(tmp_path, tiny_sheets()))
    assert units["U1"]["self_points"] == 100.0  # 98 + 2 bonus, clamped to max
    assert units["U2"]["self_points"] == 62.0  # 10 + 15 + 15 + 20 + 2


def test_self_points_null_without_self_column(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [[r[0], r[1], r[3]] for r in sheets["scores"]]
    assert all(r["self_points"] is None for r in run(tmp_path, sheets).unit_records())


def test_self_value_above_max_is_clipped_with_a_warning(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"][3] = ["U1", "2.1", 25, 18.5]
    results = run(tmp_path, sheets)
    assert by_id(results)["U1"]["self_points"] == 100.0
    assert any("self-assessed 25 on criterion '2.1', above its max 20" in str(w)
               for w in results.warnings)


def test_rounding_half_away_from_zero_at_band_edge(tmp_path: Path) -> None:
    criteria = TINY_CRITERIA.replace('{id: "2.1", title: "Điểm thẩm định", max: 20}',
                                     '{id: "2.1", title: "Điểm thẩm định", max: 20}\n'
                                     '      - {id: "2.3", title: "Phụ", max: 0.005}')
    criteria = criteria.replace("max: 40\n    criteria:\n      - {id: \"2.1\"",
                                "max: 40.005\n    criteria:\n      - {id: \"2.1\"")
    sheets = {
        "units": [["unit_id"], ["U"]],
        "scores": [["unit_id", "criterion_id", "value"],
                   ["U", "1.1", "có"], ["U", "1.2", 91], ["U", "2.1", 19.485],
                   ["U", "2.2", "Khá"], ["U", "2.3", 0]],
        "survey": [["unit_id", "respondent_group", "Q1", "Q2"], ["U", "x", "A", "A"]],
    }
    # 10 + 30 + 19.485 + 15 + 20 = 94.485 of 100.005 → 94.4803 %; points 94.485 → 94.49
    units = by_id(run(tmp_path, sheets, criteria))
    assert units["U"]["points"] == 94.49


def test_exact_sum_decides_the_band(tmp_path: Path) -> None:
    criteria = """\
parcalc: 1
id: edge
title: Edge
bands: [{label: A, min: 89.99}, {label: B, min: 0}]
domains:
  - {id: "1", title: a, max: 40.5}
  - {id: "2", title: b, max: 30}
  - {id: "3", title: c, max: 29.5}
"""
    sheets = {"units": [["unit_id"], ["U"]],
              "scores": [["unit_id", "criterion_id", "value"],
                         ["U", "1", 40.5], ["U", "2", 30], ["U", "3", 19.485]]}
    units = by_id(run(tmp_path, sheets, criteria))
    assert units["U"]["points"] == 89.99  # floats would give 89.98
    assert units["U"]["index"] == 89.99
    assert units["U"]["band"] == "A"


@pytest.mark.parametrize(("ties", "expected"), [("min", [1, 2, 2, 4]), ("dense", [1, 2, 2, 3])])
def test_ties_share_a_rank(tmp_path: Path, ties: str, expected: list[int]) -> None:
    criteria = f"""\
parcalc: 1
id: t
title: T
ties: {ties}
domains:
  - {{id: "1", title: a, max: 100}}
"""
    sheets = {"units": [["unit_id"], ["A"], ["B"], ["C"], ["D"]],
              "scores": [["unit_id", "criterion_id", "value"],
                         ["A", "1", 90], ["C", "1", 80.004], ["B", "1", 80], ["D", "1", 70]]}
    results = run(tmp_path, sheets, criteria)
    assert list(results.units["unit_id"]) == ["A", "B", "C", "D"]  # ties keep sheet order
    assert list(results.units["rank"]) == expected


@pytest.mark.parametrize(("policy", "points", "maximum"),
                         [("exclude", 10.0, 10.0), ("zero", 10.0, 20.0), ("full", 20.0, 20.0)])
def test_not_applicable_policies(tmp_path: Path, policy: str, points: float,
                                 maximum: float) -> None:
    criteria = f"""\
parcalc: 1
id: na
title: NA
not_applicable: {policy}
domains:
  - {{id: "1", title: a, max: 10}}
  - {{id: "2", title: b, max: 10, rule: yes_no}}
"""
    sheets = {"units": [["unit_id"], ["U"]],
              "scores": [["unit_id", "criterion_id", "value"],
                         ["U", "1", 10], ["U", "2", "Không áp dụng"]]}
    unit = by_id(run(tmp_path, sheets, criteria))["U"]
    assert (unit["points"], unit["max"]) == (points, maximum)


def test_unit_with_everything_excluded_has_no_index_and_comes_last(tmp_path: Path) -> None:
    criteria = """\
parcalc: 1
id: na
title: NA
domains:
  - {id: "1", title: a, max: 100}
"""
    sheets = {"units": [["unit_id"], ["X"], ["Y"]],
              "scores": [["unit_id", "criterion_id", "value"], ["X", "1", "N/A"], ["Y", "1", 50]]}
    results = run(tmp_path, sheets, criteria)
    rows = results.unit_records()
    assert [r["unit_id"] for r in rows] == ["Y", "X"]
    assert (rows[1]["index"], rows[1]["rank"], rows[1]["band"]) == (None, None, None)


def test_survey_group_weights_renormalise_over_groups_that_answered(tmp_path: Path) -> None:
    criteria = """\
parcalc: 1
id: s
title: S
domains:
  - id: "1"
    title: survey
    max: 100
    rule:
      type: survey
      questions: [Q1, Q2]
      answers: {A: 1, B: 0.5, C: 0}
      groups: {"Người dân": 3, "Doanh nghiệp": 1, "Cán bộ": 4}
"""
    sheets = {"units": [["unit_id"], ["U"]],
              "survey": [["unit_id", "respondent_group", "Q1", "Q2"],
                         ["U", "người dân", "A", "a"],   # group mean 1
                         ["U", "Người dân", "C", None],  # → (1 + 1 + 0) / 3
                         ["U", "Doanh nghiệp", "B", "B"],  # 0.5
                         ["U", "Khách", "C", "C"]]}  # no weight: ignored, warned
    results = run(tmp_path, sheets, criteria)
    # (3 × 2/3 + 1 × 0.5) / 4 = 0.625
    assert by_id(results)["U"]["points"] == 62.5
    assert any("respondent group 'khách' answered questions of 1, which give it no weight"
               in str(w) for w in results.warnings)


def test_survey_without_groups_pools_answers(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    results = by_id(run(tmp_path, sheets))
    assert results["U1"]["domains"][2]["points"] == 18.0


def test_unit_without_survey_answers_is_rescaled_with_a_warning(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["survey"] = [r for r in sheets["survey"] if r[0] != "H1"]
    results = run(tmp_path, sheets)
    unit = by_id(results)["H1"]
    assert (unit["points"], unit["max"], unit["index"]) == (29.0, 80.0, 36.25)
    assert any("unit 'H1' has no survey answers for 3.1; treated as not applicable "
               "(left out of its max)" in str(w) for w in results.warnings)


def test_blank_values_warn_once_per_unit_and_strict_makes_them_errors(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [r for r in sheets["scores"] if r[:2] not in (["U2", "1.1"], ["U2", "2.2"])]
    results = run(tmp_path, sheets)
    warnings = [str(w).replace(f"{tmp_path}/", "") for w in results.warnings]
    assert warnings == ["w.xlsx › units!A3: warning: unit 'U2' has no value for 2 criteria, "
                        "scored 0: 1.1, 2.2; fill in their values (--strict makes "
                        "this an error)"]
    assert by_id(results)["U2"]["points"] == 29.5
    with pytest.raises(WorkbookError) as err:
        run(tmp_path, sheets, strict=True)
    assert "unit 'U2' has no value for 2 criteria" in str(err.value)


def test_adjustment_caps_and_uncapped(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["adjustments"] = [["unit_id", "kind", "points"],
                             ["U2", "bonus", 1.5], ["U2", "cộng", 1], ["H1", "penalty", 5]]
    units = by_id(run(tmp_path, sheets))
    assert units["U2"]["points"] == 49.5 + 2  # 2.5 capped at bonus_max 2
    assert units["H1"]["points"] == 42 - 3  # 5 capped at penalty_max 3
    uncapped = TINY_CRITERIA.replace("adjustments: {bonus_max: 2, penalty_max: 3}\n", "")
    units = by_id(run(tmp_path, sheets, uncapped))
    assert units["U2"]["points"] == 52.0
    assert units["H1"]["points"] == 37.0


def test_vietnamese_headers_sheet_names_and_nfd_text(tmp_path: Path) -> None:
    def nfd(s: str) -> str:
        return unicodedata.normalize("NFD", s)

    sheets = tiny_sheets()
    viet: dict[str, Any] = {
        "Đơn vị": [["Mã đơn vị", "Tên đơn vị", "Khối"]]
        + [[u, nfd(n), nfd(g)] for u, n, g in sheets["units"][1:]],
        "SCORES": [["Mã đơn vị", "Mã tiêu chí", "Điểm tự đánh giá", "Điểm thẩm định"]]
        + [[r[0], r[1], r[2], nfd(r[3]) if isinstance(r[3], str) else r[3]]
           for r in sheets["scores"][1:]],
        "Survey": [["Mã đơn vị", "Respondent Group", "Q1", "Q2"], *sheets["survey"][1:]],
        "adjustments": sheets["adjustments"],
    }
    results = run(tmp_path, viet)
    units = by_id(results)
    assert units["U1"]["name"] == "Sở Nội vụ"  # NFC again
    assert unicodedata.is_normalized("NFC", units["U1"]["group"])
    assert units["U1"]["points"] == 93.5


def test_settings_sheet_maps_groups_to_criteria(tmp_path: Path) -> None:
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "so.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    other = TINY_CRITERIA.replace("id: tiny", "id: tiny-huyen").replace(
        "- {label: A, min: 90}\n  - {label: B, min: 80}", "- {label: A, min: 30}")
    (tmp_path / "sets" / "huyen.yaml").write_text(other, encoding="utf-8")
    sheets = tiny_sheets()
    sheets["settings"] = [["key", "value"], ["criteria:sở", "sets/so.yaml"],
                          ["criteria:Huyện", "sets/huyen.yaml"]]
    book = write_workbook(tmp_path / "w.xlsx", sheets)
    units = by_id(score_file(book))
    assert units["U1"]["criteria"] == "tiny"
    assert units["H1"]["criteria"] == "tiny-huyen"
    assert units["H1"]["band"] == "A"  # 41 ≥ 30 in the districts' set


def test_every_error_in_one_run_with_cells(tmp_path: Path) -> None:
    sheets = copy.deepcopy(tiny_sheets())
    sheets["units"].append(["U1", "Sở Nội vụ (again)", "Sở"])
    sheets["scores"] += [
        ["U9", "1.1", None, "có"],
        ["U2", "9.9", None, 1],
        ["U1", "1.1", None, "có"],
    ]
    sheets["scores"][2] = ["U1", "1.2", None, "nhiều"]
    sheets["scores"][4] = ["U1", "2.2", None, "Rất tốt"]
    sheets["scores"][5] = ["U2", "1.1", None, "có lẽ"]
    sheets["scores"][7] = ["U2", "2.1", None, 21]
    sheets["survey"].append(["U2", "Người dân", "E", "A"])
    sheets["adjustments"].append(["U2", "thưởng", -1, ""])
    with pytest.raises(WorkbookError) as err:
        run(tmp_path, sheets)
    lines = [str(p).replace(f"{tmp_path}/", "") for p in err.value.problems]
    assert lines == [
        "w.xlsx › units!A5: duplicate unit id 'U1' (first at units!A2); each unit is listed "
        "once",
        "w.xlsx › scores!D3: criterion '1.2' (threshold): 'nhiều' is not a number; enter a "
        "number (a decimal comma or a % sign is fine)",
        "w.xlsx › scores!D5: criterion '2.2' (choice): 'Rất tốt' is not one of the options; "
        "enter one of: Tốt, Khá, Đạt, Không đạt",
        "w.xlsx › scores!D6: criterion '1.1' (yes_no): 'có lẽ' is not yes or no; enter có/không "
        "(yes/no, 1/0, x, đạt/không đạt)",
        "w.xlsx › scores!D8: criterion '2.1' (points): 21 points is outside 0..20; enter points "
        "between 0 and the max",
        "w.xlsx › scores!A14: unknown unit id 'U9'; add it to the units sheet or fix the id",
        "w.xlsx › scores!B15: unknown criterion id '9.9' (not in criteria set tiny); fix the "
        "id — ids such as 1.10 must be stored as text",
        "w.xlsx › scores!A16: second row for unit 'U1' and criterion '1.1' (first at "
        "scores!A2); keep one row",
        "w.xlsx › survey!C6: criterion '3.1': answer 'E' to question 'q1' is not on the scale "
        "(A, B, C, D); enter one of those",
        "w.xlsx › adjustments!C4: negative adjustment -1; enter points ≥ 0 and set kind to "
        "bonus or penalty",
    ]


def test_missing_sheet_and_columns_are_named(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [["unit_id", "criterion", "value"]]
    del sheets["units"]
    with pytest.raises(WorkbookError) as err:
        run(tmp_path, sheets)
    lines = [str(p).replace(f"{tmp_path}/", "") for p in err.value.problems]
    assert lines == [
        "w.xlsx: no sheet named 'units' (or 'Đơn vị'); add one with a unit_id column. Sheets "
        "found: scores, survey, adjustments",
        "w.xlsx › scores!A1: missing column 'criterion_id' in sheet 'scores' (Vietnamese: Mã "
        "tiêu chí / Mã TC); add it to the header row; did you mean 'criterion'?",
    ]


def test_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("unit_id,name\nA,B\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as err:
        read_workbook(fake)
    assert str(err.value) == (f"{fake}: a text file (CSV?), not a workbook in .xlsx, .xlsm, "
                              ".xls or .ods form; open it in a spreadsheet and save it as .xlsx")


def test_criterion_ids_stored_as_numbers_match_their_shortest_text(tmp_path: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [[r[0], float(r[1]) if i else r[1], *r[2:]]
                        for i, r in enumerate(sheets["scores"])]
    assert by_id(run(tmp_path, sheets))["U1"]["points"] == 93.5


def test_a_choice_option_named_like_not_applicable_is_an_option(tmp_path: Path) -> None:
    criteria = """\
parcalc: 1
id: c
title: C
domains:
  - {id: "1", title: a, max: 50}
  - id: "2"
    title: ISO
    max: 50
    rule: {type: choice, options: {"Áp dụng": 50, "Không áp dụng": 0}}
"""
    sheets = {"units": [["unit_id"], ["U"], ["V"]],
              "scores": [["unit_id", "criterion_id", "value"], ["U", "1", 50],
                         ["U", "2", "không áp dụng"], ["V", "1", "KAD"], ["V", "2", "Áp dụng"]]}
    units = by_id(run(tmp_path, sheets, criteria))
    assert (units["U"]["points"], units["U"]["max"]) == (50.0, 100.0)  # the option: 0 of 50
    assert (units["V"]["points"], units["V"]["max"]) == (50.0, 50.0)  # KAD on leaf 1: excluded
