"""The ranking report read back sheet by sheet and compared with the engine's results."""

from __future__ import annotations

import hashlib
import re
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.api import score_file
from parcalc.render.excel import write_excel
from parcalc.results import Results
from tests.support import TINY_CRITERIA, tiny_sheets, write_workbook

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Results, Path, Path]:
    crit = tmp_path / "tiny.yaml"
    crit.write_text(TINY_CRITERIA, encoding="utf-8")
    book = write_workbook(tmp_path / "tiny.xlsx", tiny_sheets())
    results = score_file(book, crit)
    out = tmp_path / "report.xlsx"
    write_excel(results, out, generated=WHEN)
    return results, out, book


def rows(path: Path, sheet: str, min_row: int = 1) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [list(r) for r in book[sheet].iter_rows(min_row=min_row, values_only=True)]


def test_ranking_sheets_match_the_results(scored: tuple[Results, Path, Path]) -> None:
    results, out, _ = scored
    for group in ("Sở", "Huyện"):
        expected = [r for r in results.unit_records() if r["group"] == group]
        got = [r for r in rows(out, f"Xếp hạng {group}", min_row=5) if r[0] is not None]
        assert [r[:8] for r in got] == [
            [u["rank"], u["unit_id"], u["name"], u["points"], u["max"], u["index"], u["band"],
             u["self_points"]] for u in expected]
        assert [r[8] for r in got] == [
            float(Decimal(str(u["points"])) - Decimal(str(u["self_points"]))) for u in expected]


def test_components_sheet_has_domain_indices_ranks_and_group_means(
        scored: tuple[Results, Path, Path]) -> None:
    results, out, _ = scored
    got = rows(out, "Chỉ số thành phần")
    assert got[0][0] == "CHỈ SỐ THÀNH PHẦN THEO LĨNH VỰC (%) VÀ XẾP HẠNG THÀNH PHẦN"
    assert got[2][:4] == ["Mã đơn vị", "Tên đơn vị", "Chỉ số (%)", "Chỉ số thành phần (%)"]
    assert got[3][3:9] == ["1. Chỉ đạo, điều hành", "2. Thủ tục hành chính",
                           "3. Điều tra xã hội học", "LV1", "LV2", "LV3"]
    assert [r[0] for r in got if r[0] in ("Sở", "Huyện")] == ["Sở", "Huyện"]  # sections
    by_unit = {r[0]: r for r in got[4:] if r[0] and r[1]}
    for rec in results.unit_records():
        row = by_unit[rec["unit_id"]]
        assert row[1:3] == [rec["name"], rec["index"]]
        assert row[3:6] == [d["index"] for d in rec["domains"]]
        assert row[6:9] == [d["rank"] for d in rec["domains"]]
    means = [r for r in got if r[1] == "Trung bình khối"]
    assert means[0][:3] == [None, "Trung bình khối", 71.5]  # (93.5 + 49.5) / 2
    assert means[0][3:6] == [68.75, 82.5, 50.0]  # (100+37.5)/2, (83.75+81.25)/2, (90+10)/2


def test_details_and_points_lost(scored: tuple[Results, Path, Path]) -> None:
    results, out, _ = scored
    got = rows(out, "Chi tiết", min_row=3)
    assert len(got) == len(results.details) == 3 * 5
    lost = {(r[0], r[2]): r[9] for r in got}
    assert lost[("U1", "2.2")] == 5  # "Khá": 15 of 20
    assert lost[("U2", "1.1")] == 10  # "không"
    assert lost[("U1", "3.1")] == 2  # survey 18 of 20
    # rule types and statuses in the report's language, never the codes
    assert {r[4] for r in got} == {"Có/Không", "Theo ngưỡng", "Chấm điểm trực tiếp",
                                   "Chọn mức", "Điều tra XHH"}
    assert {r[10] for r in got} == {"có giá trị"}


def test_self_vs_appraised_lists_every_difference(scored: tuple[Results, Path, Path]) -> None:
    results, out, _ = scored
    got = rows(out, "Tự đánh giá - Thẩm định")
    assert got[0][0] == "CHÊNH LỆCH GIỮA ĐIỂM TỰ ĐÁNH GIÁ VÀ ĐIỂM THẨM ĐỊNH"
    assert got[1][:4] == ["Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Tiêu chí"]
    totals = [r for r in got[2:] if r[3] and str(r[3]).startswith("Cộng")]
    assert totals[0] == ["U1", "Sở Nội vụ", None, "Cộng: 2 tiêu chí được điều chỉnh", None,
                         None, 100, 93.5, -6.5]
    assert [r[0] for r in totals] == ["U1", "U2", "H1"]  # every unit, in ranking order
    d = results.details
    changed = d[d["points"] != d["self_points"]]
    listed = [r for r in got[2:] if r[2]]
    assert sorted((r[0], r[2]) for r in listed) == sorted(
        zip(changed["unit_id"], changed["criterion_id"], strict=True))
    assert got.index(totals[1]) == got.index(totals[0]) + 1 + 2  # U1's two criteria under it


def test_charts_are_native_bar_charts_reading_the_sheets(
        scored: tuple[Results, Path, Path]) -> None:
    results, out, _ = scored
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    assert len(charts) == 2 + 3  # a ranking chart per group, a chart per unit
    assert all("barChart" in c and "radarChart" not in c for c in charts)
    ranking = [c for c in charts if "Xếp hạng" in c]
    assert len(ranking) == 2
    # one axis for every group's ranking: the same minimum, a multiple of 5 below the
    # lowest index of all groups
    lowest = min(r["index"] for r in results.unit_records())
    starts = {float(m.group(1)) for c in ranking
              if (m := re.search(r'<c:min val="([\d.]+)"/>', c))}
    assert len(starts) == 1 and lowest - 7 < starts.pop() <= lowest - 2
    units = [c for c in charts if "Chỉ số thành phần" in c and "Xếp hạng" not in c]
    assert len(units) == 3
    assert all("'Chỉ số thành phần'!$D$4:$F$4" in c for c in units)  # short titles
    assert all("Trung bình khối" not in c or "$D$" in c for c in units)


def test_summary_says_how_to_reproduce(scored: tuple[Results, Path, Path]) -> None:
    _, out, book = scored
    got = rows(out, "Tóm tắt")
    flat = [c for r in got for c in r if c is not None]
    from parcalc import __version__

    assert __version__ in flat
    assert "2026-01-02 03:04:05 UTC+00:00" in flat  # the time zone said
    assert hashlib.sha256(book.read_bytes()).hexdigest() in flat
    assert "tiny — Bộ tiêu chí thử" in flat
    assert not any("site-packages" in str(c) for c in flat)


def test_english_labels(tmp_path: Path, scored: tuple[Results, Path, Path]) -> None:
    results, _, _ = scored
    out = tmp_path / "en.xlsx"
    write_excel(results, out, lang="en", generated=WHEN)
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names == ["Ranking Sở", "Ranking Huyện", "Components", "Charts",
                     "Self vs appraised", "Details", "Summary"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", tiny_sheets())
    book = openpyxl.load_workbook(path)
    cell = book["units"]["B2"]
    cell.value = "=HYPERLINK(\"http://x\",\"y\")"
    cell.data_type = "s"  # text that looks like a formula, as a user may type it
    book.save(path)
    crit = tmp_path / "tiny.yaml"
    crit.write_text(TINY_CRITERIA, encoding="utf-8")
    results = score_file(path, crit)
    out = tmp_path / "r.xlsx"
    write_excel(results, out)
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert rows(out, "Xếp hạng Sở", min_row=5)[0][2] == "=HYPERLINK(\"http://x\",\"y\")"
