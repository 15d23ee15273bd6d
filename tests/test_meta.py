"""The year, organisation and title of the results: the settings sheet's ``year``,
``organisation`` and ``title`` rows, else the criteria's ``year``; in the JSON (``meta``), in
the terminal table's titles, and written by the template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.api import score_file
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook


def _book(tmp_path: Path, settings: list[list[Any]], year: int | None = 2019) -> Path:
    criteria = TINY_CRITERIA if year is None else TINY_CRITERIA.replace(
        "bands:", f"year: {year}\nbands:")
    (tmp_path / "tiny.yaml").write_text(criteria, encoding="utf-8")
    sheets = tiny_sheets()
    sheets["settings"] = [["key", "value"], ["criteria", "tiny.yaml"], *settings]
    return write_workbook(tmp_path / "w.xlsx", sheets)


def test_settings_give_year_organisation_and_title(tmp_path: Path) -> None:
    results = score_file(_book(tmp_path, [["Year", 2021], ["organization", " Sở Nội vụ "],
                                          ["title", "Kết quả Chỉ số CCHC"]]))
    assert results.as_dict()["meta"] == {"year": 2021, "organisation": "Sở Nội vụ",
                                         "title": "Kết quả Chỉ số CCHC"}
    assert list(results.as_dict()) == ["parcalc", "meta", "units", "warnings"]


@pytest.mark.parametrize(("year", "expected"), [(2019, 2019), (None, None)])
def test_the_year_else_from_the_criteria(tmp_path: Path, year: int | None,
                                         expected: int | None) -> None:
    results = score_file(_book(tmp_path, [["year", ""]], year))
    assert results.as_dict()["meta"] == {"year": expected, "organisation": None, "title": None}
    assert not results.warnings or all("year" not in str(w) for w in results.warnings)


def test_a_bad_year_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    results = score_file(_book(tmp_path, [["year", "2021/2022"]]))
    assert results.meta.year == 2019
    said = [str(w) for w in results.warnings if "settings" in str(w)]
    assert len(said) == 1 and said[0].endswith(
        "w.xlsx › settings!B3: warning: the year '2021/2022' is not a year; write it as four "
        "digits, such as 2021 (the report leaves it out)")


def test_json_and_terminal_title_carry_the_year(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _book(tmp_path, [["year", 2021]])
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("score", "w.xlsx", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["meta"]["year"] == 2021
    code, out, err = invoke("score", "w.xlsx", "--width", "120")
    assert code == 0, err
    assert "Sở — Bộ tiêu chí thử — 2021" in out and "Huyện — Bộ tiêu chí thử — 2021" in out


def test_the_template_writes_the_settings_rows(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c.yaml").write_text(TINY_CRITERIA.replace("bands:", "year: 2024\nbands:"),
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("template", "c.yaml", "-o", "t.xlsx")
    assert code == 0, err
    rows = list(openpyxl.load_workbook("t.xlsx")["settings"].iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["key", "criteria", "year", "organisation", "title"]
    assert rows[2][1] == "2024"
