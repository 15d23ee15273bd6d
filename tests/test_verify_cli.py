"""``parcalc verify`` end to end: a table built from parcalc's own results verifies clean
(hypothesis, as CSV and as xlsx), the brief's edits are found, the JSON keys, exit codes,
widths and one-line errors."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcalc.criteria.model import CriteriaSet
from parcalc.engine import score
from parcalc.render.csvout import to_csv
from parcalc.verify import verify_file
from parcalc.workbook import read_workbook
from tests.support import invoke, write_workbook

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "2021.xlsx"
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_counter = itertools.count()


# --- a table from score's own output verifies clean -------------------------------------------

@st.composite
def scored_sets(draw: st.DrawFn) -> tuple[CriteriaSet, dict[str, list[list[Any]]]]:
    """A random set of points leaves (values with 3 decimals, some not applicable) and a
    workbook for it, with bonus and penalty points."""
    domains, leaves = [], []
    for d in range(draw(st.integers(1, 3))):
        kids = []
        for k in range(draw(st.integers(1, 3))):
            maximum = draw(st.integers(1, 40)) * 0.25
            kids.append({"id": f"{d + 1}.{k + 1}", "title": f"Tiêu chí {d + 1}.{k + 1}",
                         "max": maximum, "rule": "points"})
            leaves.append((kids[-1]["id"], maximum))
        domains.append({"id": str(d + 1), "title": f"Lĩnh vực {d + 1}", "criteria": kids})
    cs = CriteriaSet.model_validate({
        "parcalc": 1, "id": "rand", "title": "Ngẫu nhiên",
        "ties": draw(st.sampled_from(["min", "dense"])),
        "not_applicable": draw(st.sampled_from(["exclude", "zero", "full"])),
        "bands": [{"label": "A", "min": 90}, {"label": "B", "min": 70.5},
                  {"label": "C", "min": 0}],
        "adjustments": {"bonus_max": 2, "penalty_max": 3}, "domains": domains})
    units = [f"U{i}" for i in range(draw(st.integers(2, 7)))]
    scores: list[list[Any]] = [["unit_id", "criterion_id", "value"]]
    for u in units:
        for leaf_id, maximum in leaves:
            na = draw(st.integers(0, 9)) == 0
            scores.append([u, leaf_id, "KAD" if na else draw(
                st.integers(0, int(maximum * 1000))) / 1000])
    adjustments: list[list[Any]] = [["unit_id", "kind", "points", "reason"]]
    for u in units:
        for kind in ("thưởng", "trừ"):
            points = draw(st.integers(0, 12)) * 0.25
            if points:
                adjustments.append([u, kind, points, "…"])
    groups = [["unit_id", "name", "group"]] + [[u, f"Đơn vị {u}", draw(
        st.sampled_from(["Sở", "Huyện"]))] for u in units]
    return cs, {"units": groups, "scores": scores, "adjustments": adjustments}


def csv_to_xlsx(text: str, path: Path) -> Path:
    """The CSV's rows in a workbook, numbers as numbers (as a spreadsheet opens it)."""
    rows = list(csv.reader(io.StringIO(text)))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([_typed(v) for v in row])
    book.save(path)
    return path


def _typed(value: str) -> Any:
    try:
        return float(value)
    except ValueError:
        return value or None


@SETTINGS
@given(case=scored_sets())
def test_a_table_from_scores_own_output_verifies_clean(tmp_path: Path, case: Any) -> None:
    cs, sheets = case
    n = next(_counter)
    results = score(read_workbook(write_workbook(tmp_path / f"w{n}.xlsx", sheets)), cs)
    text = to_csv(results)
    table = tmp_path / f"r{n}.csv"
    table.write_text(text, encoding="utf-8-sig")
    book = csv_to_xlsx(text, tmp_path / f"r{n}.xlsx")
    for path in (table, book):
        for criteria in (cs, None):
            result = verify_file(path, criteria)
            assert result.errors == 0, [(f.cell, f.check, f.expected, f.found)
                                        for f in result.findings]
            assert result.units == len(results.units)
            assert all(f.kind == "rounding" for f in result.findings)


# --- the command -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def score_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verify") / "x.csv"
    code, _, err = invoke("score", EXAMPLE, "-o", path)
    assert code == 0, err
    return path


def _edit(source: Path, target: Path, edits: dict[tuple[str, str], str]) -> Path:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        for (unit, column), value in edits.items():
            if row[0] == unit:
                row[header.index(column)] = value
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_scores_csv_verifies_clean(score_csv: Path) -> None:
    for extra in ([], ["-c", "hanoi-departments"], ["-c", "hanoi-districts"]):
        code, out, err = invoke("verify", score_csv, *extra, "-f", "json")
        assert code == 0, err
        doc = json.loads(out)
        assert set(doc) == {"findings", "errors", "notes"} and doc["errors"] == 0
        assert doc["notes"] == len(doc["findings"]) > 0
        for f in doc["findings"]:
            assert set(f) == {"cell", "unit", "check", "kind", "expected", "found"}


def test_a_total_off_by_one_and_a_part_off_by_a_hundredth(score_csv: Path,
                                                          tmp_path: Path) -> None:
    bad = _edit(score_csv, tmp_path / "bad.csv", {("STC", "points"): "76.42",
                                                   ("SNV", "domain_3_points"): "11.95"})
    code, out, _ = invoke("verify", bad, "-c", "hanoi-departments", "-f", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["errors"] == 1
    error = doc["findings"][0]  # errors first, then the notes
    assert [f["kind"] for f in doc["findings"][1:]] == ["rounding"] * doc["notes"]
    assert error == {"cell": f"{bad} › bad!E22", "unit": "STC", "check": "total",
                     "kind": "error", "expected": 75.41, "found": 76.42}
    assert {"cell": f"{bad} › bad!E20", "unit": "SNV", "check": "total", "kind": "rounding",
            "expected": 82.94, "found": 82.95} in doc["findings"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_table_fits(score_csv: Path, width: int) -> None:
    code, out, _ = invoke("verify", score_csv, "-c", "hanoi-departments", "--width",
                          str(width))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= width
    assert "…" not in out
    assert "92.84" in out and "92.85" in out  # STNMT's index: a rounding note


def test_vietnamese_by_default(score_csv: Path, vietnamese: None) -> None:
    code, out, _ = invoke("verify", score_csv, "--width", "100")
    assert code == 0
    assert "Bảng khớp: không có lỗi, 5 ghi chú làm tròn." in out
    assert "Không kiểm tra: xếp loại theo chỉ số (không có bộ tiêu chí có xếp loại; dùng -c)" in (
        " ".join(out.split()))


def test_bad_input_is_one_line_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = invoke("verify", path)
    assert code == 1 and out == ""
    assert err == (f"{path} › n: no header row with a total column (Tổng điểm, Total, points) "
                   "in the first 20 rows of any sheet; add a header row naming the unit, the "
                   "parts and the total\n")
    code, _, err = invoke("verify", tmp_path / "missing.csv")
    assert code == 2 and "does not exist" in err
    code, _, err = invoke("verify", path, "--tolerance", "-1")
    assert code == 2
