"""``parcalc diagnose``: the JSON keys the issue lists, tables at every width from 60
columns, the workbook output, Vietnamese by default, one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.diagnose import CRITERIA_KEYS, UNIT_KEYS, diagnose_file
from tests.support import invoke

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "2021.xlsx"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    code, out, err = invoke("diagnose", EXAMPLE, "-f", "json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_json_keys_as_the_issue_lists_them(document: dict[str, Any]) -> None:
    assert set(document) == {"parcalc", "sets"}
    assert [s["id"] for s in document["sets"]] == ["hanoi-departments", "hanoi-districts"]
    for s in document["sets"]:
        assert set(s) == {"id", "title", "criteria", "domains", "correlations", "units"}
        assert all(list(c) == CRITERIA_KEYS for c in s["criteria"])
        assert all(set(d) == {"id", "alpha"} for d in s["domains"])
        assert set(s["correlations"]) == {"domains", "matrix"}
        k = len(s["correlations"]["domains"])
        assert len(s["correlations"]["matrix"]) == k and all(
            len(row) == k for row in s["correlations"]["matrix"])
        assert all(list(u) == UNIT_KEYS for u in s["units"])
        claims = [u["over_claim"] for u in s["units"]]
        assert claims == sorted(claims, reverse=True)


def test_json_matches_the_library(document: dict[str, Any]) -> None:
    assert document == json.loads(json.dumps(diagnose_file(EXAMPLE).as_dict()))


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_tables_fit_every_width(width: int, document: dict[str, Any]) -> None:
    code, out, err = invoke("diagnose", EXAMPLE, "--width", str(width))
    assert code == 0, err
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width
    for s in document["sets"]:
        for c in s["criteria"]:
            assert re.search(rf"│ {re.escape(c['id'])}\s", out), (width, c["id"])
        for u in s["units"]:
            if u["over_claim"] is not None:
                assert f" {u['over_claim']:.2f} │" in out


def test_titles_beside_the_numbers_when_wide() -> None:
    _, wide, _ = invoke("diagnose", EXAMPLE, "--width", "160")
    _, narrow, _ = invoke("diagnose", EXAMPLE, "--width", "80")
    title = "Ban hành kế hoạch CCHC năm của đơn vị"
    assert title in wide and title not in narrow


def test_vietnamese_by_default(vietnamese: None) -> None:
    code, out, _ = invoke("diagnose", EXAMPLE, "--width", "100")
    assert code == 0
    for word in ("Tiêu chí cần xem lại", "Phân", "biệt", "Lĩnh vực", "Tự chấm", "Thẩm định"):
        assert word in out
    assert "Criteria to review" not in out
    assert ("Cần xem lại: 4 tiêu chí không phân biệt, 7 tiêu chí phân biệt ngược, 0 tiêu chí "
            "không áp dụng cho đơn vị nào") in " ".join(out.split())


def test_workbook_output(tmp_path: Path) -> None:
    target = tmp_path / "d.xlsx"
    code, _, err = invoke("diagnose", EXAMPLE, "-o", target)
    assert code == 0, err
    assert "wrote" in err and "2 criteria sets, 137 criteria" in err
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["Criteria", "Domains", "Correlations", "Units"]
    rows = list(book["Criteria"].iter_rows(values_only=True))
    assert len(rows) == 1 + 137 and rows[1][:2] == ("hanoi-departments", "1.1.1")


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("diagnose", tmp_path / "missing.xlsx")
    assert code == 2 and "does not exist" in err
    code, _, err = invoke("diagnose", EXAMPLE, "-o", tmp_path / "d.csv")
    assert code == 2 and "cannot tell the format" in err
    code, _, err = invoke("diagnose", EXAMPLE, "-o", EXAMPLE)
    assert code == 2 and "is an input workbook" in err
