"""``parcalc explain``: one unit's tree, points lost, next rank and band, worked out by hand.

The tiny workbook (conftest.py) scores, in group "Sở":

- U1 Sở Nội vụ: 1.1 có → 10/10; 1.2 "95%" > 90 → 30/30; 2.1 18.5/20; 2.2 Khá → 15/20;
  3.1 answers A,B and A,A → (1 + 0.6 + 1 + 1) / 4 = 0.9 × 20 = 18/20; 91.5 + bonus 3 capped
  at 2 = 93.5 / 100 → index 93.50, rank 1, band A.
- U2 Sở Tài chính: 1.1 không → 0/10 (lost 10); 1.2 80 ≥ 70 → 15/30 (lost 15); 2.1 "12,5" →
  12.5/20 (lost 7.5); 2.2 Tốt → 20/20; 3.1 answers C,D → (0.2 + 0) / 2 = 0.1 × 20 = 2/20
  (lost 18); total 49.5 / 100 → index 49.50, rank 2 of 2, band C.

and in group "Huyện" H1 Huyện Ba Vì: 10 + 0 + 10 + 10 + 12 − penalty 1 = 41 → rank 1 of 1, C.

Regenerate the golden file after an intended change with
``PARCALC_UPDATE_GOLDEN=1 pytest tests/test_explain.py``, then review the diff.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from parcalc.api import score_file
from parcalc.errors import UsageError
from parcalc.explain import Explanation, explain, points_needed
from parcalc.fixed import fixed_of, ratio_percent
from tests.support import invoke, tiny_sheets, write_workbook

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PARCALC_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).parents[1]




def tiny(unit: str) -> Explanation:
    return explain(score_file("tiny.xlsx", "tiny.yaml"), unit)


def test_tree_points_at_every_level(here: Path) -> None:
    e = tiny("U2")
    rows = {n.id: (n.level, n.parent, n.points, n.max, n.index, n.lost) for n in e.nodes}
    assert [n.id for n in e.nodes] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1"]
    assert rows == {
        "1": (0, None, 15.0, 40.0, 37.5, 25.0),      # 0 + 15 of 10 + 30
        "1.1": (1, "1", 0.0, 10.0, 0.0, 10.0),       # "không" → 0
        "1.2": (1, "1", 15.0, 30.0, 50.0, 15.0),     # 80 ≥ 70 → 15
        "2": (0, None, 32.5, 40.0, 81.25, 7.5),      # 12.5 + 20 of 40
        "2.1": (1, "2", 12.5, 20.0, 62.5, 7.5),      # "12,5" read with a decimal comma
        "2.2": (1, "2", 20.0, 20.0, 100.0, 0.0),     # Tốt → 20
        "3": (0, None, 2.0, 20.0, 10.0, 18.0),
        "3.1": (1, "3", 2.0, 20.0, 10.0, 18.0),      # C, D → 0.1 × 20
    }
    assert (e.unit_id, e.name, e.group, e.criteria) == ("U2", "Sở Tài chính", "Sở", "tiny")
    assert (e.points, e.max, e.index, e.rank, e.group_size, e.band) == (
        49.5, 100.0, 49.5, 2, 2, "C")
    assert (e.bonus, e.penalty, e.self_points) == (0.0, 0.0, 62.0)
    leaf = next(n for n in e.nodes if n.id == "1.1")
    assert (leaf.value, leaf.self_value, leaf.rule, leaf.status) == ("không", "có", "yes_no", "ok")
    assert leaf.rule_text == "yes 10, no 0"  # the rule in words, in the language in use
    survey = next(n for n in e.nodes if n.id == "3.1")
    assert survey.rule == "survey" and survey.value is None
    assert survey.rule_text == "survey: questions Q1, Q2; scale abcd"


def test_lost_largest_first(here: Path) -> None:
    e = tiny("U2")
    assert [(n.id, n.lost) for n in e.lost] == [
        ("3.1", 18.0), ("1.2", 15.0), ("1.1", 10.0), ("2.1", 7.5)]  # 2.2 lost nothing
    # U1 lost 5 on 2.2 (Khá), 2 on the survey, 1.5 on 2.1; 1.1 and 1.2 nothing
    assert [(n.id, n.lost) for n in tiny("U1").lost] == [
        ("2.2", 5.0), ("3.1", 2.0), ("2.1", 1.5)]


def test_next_rank_and_next_band(here: Path) -> None:
    e = tiny("U2")
    assert e.next_rank is not None
    # U1 is just above: (93.50 − 49.50) × 100 / 100 = 44.00
    assert (e.next_rank.unit_id, e.next_rank.name, e.next_rank.rank, e.next_rank.index,
            e.next_rank.points_needed) == ("U1", "Sở Nội vụ", 1, 93.5, 44.0)
    assert e.next_band is not None
    # band C now; B starts at 80: (80 − 49.50) × 100 / 100 = 30.50
    assert (e.next_band.label, e.next_band.min, e.next_band.points_needed) == ("B", 80.0, 30.5)


def test_top_unit_has_no_next_rank_or_band(here: Path) -> None:
    e = tiny("U1")
    assert (e.rank, e.band, e.bonus) == (1, "A", 2.0)  # bonus 3 capped at 2
    assert e.next_rank is None and e.next_band is None
    h1 = tiny("H1")  # alone in its group: first, but band C → B needs 80 − 41 = 39
    assert (h1.rank, h1.group_size, h1.penalty, h1.next_rank) == (1, 1, 1.0, None)
    assert h1.next_band is not None and h1.next_band.points_needed == 39.0


def test_not_applicable_leaf_and_a_max_below_100(here: Path) -> None:
    sheets = tiny_sheets()
    scores = [list(r) for r in sheets["scores"]]
    scores[8][3] = "N/A"  # U2, 2.2: left out of U2's max (not_applicable: exclude)
    sheets["scores"] = scores
    write_workbook(Path("na.xlsx"), sheets)
    e = explain(score_file("na.xlsx", "tiny.yaml"), "U2")
    leaf = next(n for n in e.nodes if n.id == "2.2")
    assert (leaf.status, leaf.points, leaf.max, leaf.criteria_max, leaf.lost) == (
        "not_applicable", 0.0, 0.0, 20.0, 0.0)
    assert "2.2" not in [n.id for n in e.lost]
    # 29.5 of 80 → 36.875 → 36.88 (half up)
    assert (e.points, e.max, e.index) == (29.5, 80.0, 36.88)
    assert e.next_rank is not None and e.next_band is not None
    # (93.50 − 36.88) × 80 / 100 = 45.296 → 45.30; and 29.5 + 45.30 = 74.8 of 80 = 93.50 %
    assert e.next_rank.points_needed == 45.3
    # (80 − 36.88) × 80 / 100 = 34.496 → 34.50; 29.5 + 34.5 = 64 of 80 = 80.00 %
    assert e.next_band.points_needed == 34.5


def test_points_needed_rounds_up_exactly() -> None:
    # (93.51 − 49.50) × 98.5 / 100 = 43.34985 → 43.35 (a float product gives 43.349849999…)
    assert points_needed(49.5, 93.51, 98.5, 2) == Decimal("43.35")
    # a band min with more decimals than the precision: 79.995 → 80.00; 2.25 × 0.97 = 2.1825
    assert points_needed(77.75, 79.995, 97, 2) == Decimal("2.19")
    assert points_needed(50, 50, 100, 2) == 0
    assert points_needed(33.3, 66.7, 90, 1) == Decimal("30.1")  # 30.06 → 30.1


def test_points_needed_always_suffices() -> None:
    """From any exact points whose rounded index is I, gaining the points needed brings the
    rounded index (computed as the engine does) to the target."""
    rng = random.Random(4)
    for _ in range(2000):
        p = rng.choice([0, 1, 2, 3])
        maximum = fixed_of(rng.choice(["100", "98.5", "97.25", "12", "3.333"]))
        points = rng.randrange(0, maximum // 2)
        index_units = int(ratio_percent(np.array([points]), np.array([maximum]), p)[0])
        index = index_units / 10**p
        target_units = rng.randrange(index_units + 1, 100 * 10**p + 1)
        target = target_units / 10**p
        need = points_needed(index, target, maximum / 10**6, p)
        after = int(ratio_percent(np.array([points + fixed_of(need)]), np.array([maximum]),
                                  p)[0])
        assert after >= target_units, (p, maximum, points, index, target, need)


def test_unit_by_name_any_case_and_nfd(here: Path) -> None:
    assert tiny("sở tài chính").unit_id == "U2"
    assert tiny("  SỞ TÀI CHÍNH ").unit_id == "U2"
    assert tiny(unicodedata.normalize("NFD", "Sở Tài chính")).unit_id == "U2"
    assert tiny("u2").unit_id == "U2"
    code, out, err = invoke("explain", "tiny.xlsx", "huyện ba vì", "-c", "tiny.yaml", "-f",
                            "json")
    assert code == 0, err
    assert json.loads(out)["unit_id"] == "H1"


def test_unknown_unit_exit_2_with_suggestions(here: Path) -> None:
    code, out, err = invoke("explain", "tiny.xlsx", "U3", "-c", "tiny.yaml")
    assert code == 2
    assert out == ""
    assert "unknown unit 'U3' in tiny.xlsx; did you mean U1, U2?" in err
    assert "Traceback" not in err
    with pytest.raises(UsageError, match=r"did you mean U1\?"):
        tiny("Sở Nội")


def test_json_keys(here: Path) -> None:
    code, out, err = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["parcalc", "workbook", "unit_id", "name", "group", "criteria",
                         "criteria_title", "precision", "points", "max", "index", "rank",
                         "group_size", "band", "self_points", "bonus", "penalty", "bands",
                         "next_rank", "next_band", "nodes", "lost", "warnings", "plan"]
    assert doc["next_rank"] == {"unit_id": "U1", "name": "Sở Nội vụ", "rank": 1,
                                "index": 93.5, "points_needed": 44.0}
    assert doc["next_band"] == {"label": "B", "min": 80.0, "points_needed": 30.5}
    assert list(doc["nodes"][1]) == ["id", "title", "level", "parent", "leaf", "points", "max",
                                     "criteria_max", "index", "lost", "value", "self_value",
                                     "self_points", "rule", "rule_text", "status", "evidence",
                                     "note", "guide"]
    assert [x["id"] for x in doc["lost"]] == ["3.1", "1.2", "1.1", "2.1"]
    assert set(doc["lost"][0]) == {"id", "title", "points", "max", "lost", "value", "rule"}
    assert "Sở Tài chính" in out  # ensure_ascii=False
    top = json.loads(invoke("explain", "tiny.xlsx", "U1", "-c", "tiny.yaml", "-f", "json")[1])
    assert top["next_rank"] is None and top["next_band"] is None


def test_tree_output(here: Path) -> None:
    code, out, err = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--width", "100")
    assert code == 0, err
    for line in ["U2 · Sở Tài chính — Bộ tiêu chí thử (tiny)",
                 "Points 49.50 / 100.00 · Index 49.50 %",
                 "Rank 2 / 2 · Group Sở · Band C",
                 "├── 1 Chỉ đạo, điều hành — 15.00 / 40.00 (37.50 %)",
                 "1.1 Kế hoạch CCHC — 0.00 / 10.00 (0.00 %) · lost 10.00",
                 "value: không · yes 10, no 0",
                 "2.2 Chất lượng — 20.00 / 20.00 (100.00 %)\n",
                 "survey: questions Q1, Q2; scale abcd",
                 "Points lost",
                 "Next rank: 1 · U1 Sở Nội vụ (93.50 %) — needs 44.00 points",
                 "Next band: B (≥ 80 %) — needs 30.50 points"]:
        assert line in out
    golden = GOLDEN / "tiny.explain.txt"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"differs from {golden}"


def test_top_limits_the_lost_table(here: Path) -> None:
    code, out, _ = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--top", "2",
                          "--width", "100")
    assert code == 0
    assert "Points lost — 2 / 4" in out
    table = out.split("Points lost")[1].split("Next rank")[0]
    assert "│ 3.1 " in table and "│ 1.2 " in table and "│ 1.1 " not in table
    code, out, _ = invoke("explain", "tiny.xlsx", "U1", "-c", "tiny.yaml", "--width", "100")
    assert "Next rank: – (ranked first)" in out
    assert "Next band: – (top band)" in out


def test_warnings_go_to_stderr(here: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [r for r in sheets["scores"] if r[:2] != ["U2", "2.1"]]
    write_workbook(Path("blank.xlsx"), sheets)
    code, out, err = invoke("explain", "blank.xlsx", "U2", "-c", "tiny.yaml", "-f", "json")
    assert code == 0
    assert "unit 'U2' has no value for 1 criterion" in err
    doc = json.loads(out)
    leaf = next(n for n in doc["nodes"] if n["id"] == "2.1")
    assert (leaf["status"], leaf["points"], leaf["lost"]) == ("blank", 0.0, 20.0)


def test_explain_help_has_an_example() -> None:
    code, out, _ = invoke("explain", "-h")
    assert code == 0
    assert "Example:" in out and "UNIT_ID" in out


def test_shipped_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("explain", "examples/2021.xlsx", "SNV", "--width", "120")
    assert code == 0, err
    assert out.startswith("SNV · Sở Nội vụ")
    assert "Points lost" in out
    folder = tmp_path / "examples"  # a folder of workbooks, like score
    folder.mkdir()
    shutil.copytree(ROOT / "criteria", tmp_path / "criteria")  # the settings sheet's ../criteria
    shutil.copy(ROOT / "examples" / "2021.xlsx", folder)
    code, out, err = invoke("explain", str(folder), "snv", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["unit_id"] == "SNV" and doc["group"] == "Sở, ngành"
    assert doc["rank"] is not None and 1 <= doc["rank"] <= doc["group_size"]
    domains = [n for n in doc["nodes"] if n["level"] == 0]
    total = sum(Decimal(str(n["points"])) for n in domains) + Decimal(str(doc["bonus"])) - (
        Decimal(str(doc["penalty"])))
    assert abs(total - Decimal(str(doc["points"]))) <= Decimal("0.01") * len(domains)
    assert [n["lost"] for n in doc["lost"]] == sorted((n["lost"] for n in doc["lost"]),
                                                     reverse=True)


def test_the_cli_default_for_top_is_the_renderers() -> None:
    from parcalc.cli import explain as cli_explain
    from parcalc.render import explain as render_explain

    assert cli_explain.TOP == render_explain.TOP


def test_only_this_units_warnings(here: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [r for r in sheets["scores"] if r[:2] not in (["U1", "2.1"],
                                                                     ["U2", "2.1"])]
    write_workbook(Path("blanks.xlsx"), sheets)
    code, out, err = invoke("score", "blanks.xlsx", "-c", "tiny.yaml", "-f", "json")
    assert code == 0 and "unit 'U1'" in err and "unit 'U2'" in err  # score shows both
    code, out, err = invoke("explain", "blanks.xlsx", "U2", "-c", "tiny.yaml", "-f", "json")
    assert code == 0
    assert "unit 'U2' has no value for 1 criterion" in err
    assert "U1" not in err
    assert len(err.splitlines()) == 1
    assert json.loads(out)["warnings"] == [err.strip()]
    code, _, err = invoke("explain", "blanks.xlsx", "H1", "-c", "tiny.yaml")
    assert (code, err) == (0, "")


def test_warnings_about_a_unit_the_workbooks_and_not_others() -> None:
    from parcalc.errors import Problem
    from parcalc.explain import warnings_about
    from parcalc.i18n import msg

    mine = Problem(msg("explain.in_workbook", workbook="x", unit="u2"), severity="warning")
    nested = Problem(msg("explain.in_workbook", workbook=msg("problem.rows", n=1, unit="U2")),
                     severity="warning")
    listed = Problem(msg("problem.rows", n=2, units=("U1", "U2")), severity="warning")
    other = Problem(msg("problem.rows", n=1, unit="U1"), severity="warning")
    everyone = Problem(msg("problem.rows", n=3), severity="warning")
    words = Problem("unit 'U2' self-assessed 3 on criterion '1.1'", severity="warning")
    others_words = Problem("unit 'U1' self-assessed 3 on criterion '1.1'", severity="warning")
    warnings = [mine, nested, listed, other, everyone, words, others_words]
    assert warnings_about(warnings, "U2") == [mine, nested, listed, everyone, words]
