"""Batch export and writing into the analyst's own workbook."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

FORMATS = Path(__file__).parent / "data" / "formats"



@pytest.fixture
def years(tmp_path: Path) -> Path:
    """Two good workbooks and a bad one (text in a number cell), with their criteria."""
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    for name in ("2020", "2021"):
        write_workbook(folder / f"{name}.xlsx", tiny_sheets())
    bad = tiny_sheets()
    bad["scores"][3] = ["U1", "2.1", None, "mười"]
    write_workbook(folder / "2019.xlsx", bad)
    return tmp_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_carries_on_past_a_bad_workbook(years: Path) -> None:
    out = years / "rankings"
    code, stdout, err = invoke("export", str(years / "in"), "--out-dir", str(out),
                               "-c", str(years / "tiny.yaml"))
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["2020-report.xlsx", "2021-report.xlsx"]
    lines = err.strip().splitlines()
    assert lines[-1] == "2 of 3 reports written"
    assert f"failed: {years / 'in' / '2019.xlsx'} (1 error):" in lines
    assert any("scores!D4: criterion '2.1' (points): 'mười' is not a number" in x for x in lines)
    assert "━" not in err  # no progress bar when stderr is not a terminal
    assert stdout == ""


def test_export_never_overwrites_without_force(years: Path) -> None:
    out = years / "rankings"
    args = ["export", str(years / "in" / "2020.xlsx"), "--out-dir", str(out),
            "-c", str(years / "tiny.yaml")]
    assert invoke(*args)[0] == 0
    before = digest(out / "2020-report.xlsx")
    code, _, err = invoke(*args)
    assert code == 2
    assert err == f"{out / '2020-report.xlsx'}: exists; pass --force to overwrite it\n"
    assert digest(out / "2020-report.xlsx") == before
    assert invoke(*args, "--force")[0] == 0


def test_export_reports_match_report_command(years: Path, vietnamese: None) -> None:
    out = years / "rankings"
    invoke("export", str(years / "in" / "2021.xlsx"), "--out-dir", str(out),
           "-c", str(years / "tiny.yaml"))
    book = openpyxl.load_workbook(out / "2021-report.xlsx", read_only=True)
    assert book.sheetnames[0] == "Xếp hạng Sở"


def test_into_workbook_writes_a_copy_and_keeps_the_original(tmp_path: Path,
                                                            vietnamese: None) -> None:
    source = tmp_path / "w.xlsx"
    shutil.copy(FORMATS / "canonical.xlsx", source)
    before = digest(source)
    code, _, err = invoke("score", str(source), "-c", str(FORMATS / "tiny.yaml"),
                          "--into-workbook")
    assert code == 0, err
    assert digest(source) == before
    copy = tmp_path / "w-parcalc.xlsx"
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[-2:] == ["Kết quả CCHC", "Kết quả chi tiết"]
    assert [c.value for c in book["Kết quả CCHC"][2]][:8] == [
        "Sở", 1, "U1", "Sở Nội vụ", 93.5, 100, 93.5, "A"]
    assert book.sheetnames[:2] == ["units", "scores"]  # the analyst's sheets are kept


def test_in_place_changes_the_input_and_can_run_twice(tmp_path: Path, vietnamese: None) -> None:
    source = tmp_path / "w.xlsx"
    shutil.copy(FORMATS / "canonical.xlsx", source)
    for _ in range(2):
        code, _, err = invoke("score", str(source), "-c", str(FORMATS / "tiny.yaml"),
                              "--into-workbook", "--in-place")
        assert code == 0, err
    names = openpyxl.load_workbook(source).sheetnames
    assert names.count("Kết quả CCHC") == 1


def test_into_workbook_refuses_what_openpyxl_would_drop(tmp_path: Path) -> None:
    source = tmp_path / "f.xlsx"
    shutil.copy(FORMATS / "formula_cached.xlsx", source)
    code, _, err = invoke("score", str(source), "-c", str(FORMATS / "tiny.yaml"),
                          "--into-workbook")
    assert code == 1
    assert err.startswith(f"{source}: writing into this workbook would lose: formulas")
    assert not (tmp_path / "f-parcalc.xlsx").exists()
    code, _, err = invoke("score", str(source), "-c", str(FORMATS / "tiny.yaml"),
                          "--into-workbook", "--force")
    assert code == 0, err
    assert (tmp_path / "f-parcalc.xlsx").exists()


def test_into_workbook_needs_an_xlsx(tmp_path: Path) -> None:
    code, _, err = invoke("score", str(FORMATS / "lo.ods"), "-c", str(FORMATS / "tiny.yaml"),
                          "--into-workbook", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "--into-workbook needs an .xlsx or .xlsm workbook" in err
