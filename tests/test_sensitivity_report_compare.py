"""`report --sensitivity N` (a sheet of rank intervals with an error-bar chart) and
`compare --sensitivity N` (rank changes inside both years' intervals are not significant)."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from parcalc.compare import Side, SideUnit, compare
from parcalc.text import fold
from tests.support import invoke

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


def _side(ranks: dict[str, int], intervals: dict[str, tuple[int, int]] | None) -> Side:
    units = tuple(SideUnit(u, u, "G", "c", None, r, None) for u, r in ranks.items())
    side = Side("x", "workbook", units, 2, {}, ("c",))
    return replace(side, intervals=None if intervals is None else {
        fold(k): v for k, v in intervals.items()})


def test_a_change_inside_both_intervals_is_not_significant() -> None:
    old = _side({"A": 12, "B": 2, "C": 5}, {"A": (11, 15), "B": (2, 3), "C": (4, 6)})
    new = _side({"A": 14, "B": 10, "C": 5}, {"A": (12, 16), "B": (8, 12), "C": (4, 6)})
    got = {u.unit_id: u.significant for u in compare(old, new).units}
    assert got == {"A": False, "B": True, "C": False}


def test_without_intervals_nothing_is_assessed() -> None:
    old = _side({"A": 1}, None)
    new = _side({"A": 3}, {"A": (1, 4)})
    assert compare(old, new).units[0].significant is None


def test_compare_json_and_table(vietnamese: None) -> None:
    args = ("compare", EXAMPLES / "2020.xlsx", EXAMPLES / "2021.xlsx", "--sensitivity", "100")
    code, out, err = invoke(*args, "-f", "json")
    assert code == 0, err
    units = json.loads(out)["units"]
    assert {u["rank_change_significant"] for u in units} <= {True, False}
    assert any(u["rank_change_significant"] is False and u["rank_change"] for u in units)
    code, table, _ = invoke(*args, "--width", "100")
    assert code == 0 and "≈" in table and "không có ý nghĩa thống kê" in table
    code, plain, _ = invoke("compare", EXAMPLES / "2020.xlsx", EXAMPLES / "2021.xlsx")
    assert code == 0 and "≈" not in plain


def test_compare_with_a_json_side_warns_and_assesses_nothing(tmp_path: Path) -> None:
    old = tmp_path / "2020.json"
    code, out, _ = invoke("score", EXAMPLES / "2020.xlsx", "-f", "json")
    old.write_text(out, encoding="utf-8")
    code, out, err = invoke("compare", old, EXAMPLES / "2021.xlsx", "--sensitivity", "50",
                            "-f", "json")
    assert code == 0
    assert "--sensitivity needs both sides as workbooks" in err
    assert all(u["rank_change_significant"] is None for u in json.loads(out)["units"])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("r") / "report.xlsx"
    code, _, err = invoke("report", EXAMPLES / "2021.xlsx", "-o", out, "--sensitivity", "100",
                          "--lang", "vi")
    assert code == 0, err
    return out


def test_the_report_has_a_rank_confidence_sheet(report: Path) -> None:
    book = openpyxl.load_workbook(report)
    assert "Độ tin cậy xếp hạng" in book.sheetnames
    ws = book["Độ tin cậy xếp hạng"]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows is not None
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Sở Nông nghiệp và Phát triển nông thôn" in values
    assert any(isinstance(v, str) and "NĂM 2021" in v for v in values[:3])


def test_its_charts_draw_each_interval_as_error_bars(report: Path) -> None:
    with zipfile.ZipFile(report) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    bars = [c for c in charts if "<c:errBars>" in c]
    assert len(bars) == 2  # one per group
    assert all("<c:plus><c:numRef>" in c and "<c:minus><c:numRef>" in c for c in bars)


def test_a_report_without_sensitivity_has_no_such_sheet(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    code, _, _ = invoke("report", EXAMPLES / "2021.xlsx", "-o", out)
    assert code == 0
    assert "Rank confidence" not in openpyxl.load_workbook(out).sheetnames


def test_sensitivity_is_for_the_workbook_not_the_word_annex(tmp_path: Path) -> None:
    code, _, err = invoke("report", EXAMPLES / "2021.xlsx", "-o", tmp_path / "r.docx",
                          "--sensitivity", "10")
    assert code == 2 and "--sensitivity adds a sheet to the .xlsx report" in err
