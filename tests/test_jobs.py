"""Sheets read on several threads (``--jobs``, ``jobs=``): the same results, the same problems in
the same order, byte for byte, as reading one sheet at a time. Nothing is timed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcalc.errors import WorkbookError
from parcalc.workbook import read_workbooks
from parcalc.workbook.prefetch import SMALL, SheetReader, default_jobs, plan
from parcalc.workbook.raw import Book
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "data" / "formats"
EXAMPLE = ROOT / "examples" / "2021.xlsx"

CASES = {
    "long, two criteria sets": [EXAMPLE],
    "long with percent cells": [FORMATS / "messy.xlsx"],
    "matrix": [FORMATS / "matrix.xlsx"],
    "per-unit forms": [FORMATS / "per_unit.xlsx"],
    "per-unit, LibreOffice .ods": [FORMATS / "per_unit_lo.ods"],
    "per-unit, .xls": [FORMATS / "per_unit_lo.xls"],
    "a folder of team files": [FORMATS / "many"],
    "three years at once": [ROOT / "examples"],
}


def _criteria(paths: list[Path]) -> list[str]:
    return [] if paths[0].is_relative_to(ROOT / "examples") else ["-c", str(FORMATS / "tiny.yaml")]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("case", list(CASES))
def test_results_do_not_depend_on_the_number_of_threads(case: str, fmt: str) -> None:
    paths = CASES[case]
    if case == "three years at once":  # three files, every unit in each: an error per unit
        paths = [ROOT / "examples" / f"{year}.xlsx" for year in (2019, 2020)]
    runs = [invoke("score", *paths, *_criteria(paths), "-f", fmt, "--lang", "en", "--jobs", jobs)
            for jobs in ("1", "2", "3")]
    assert runs[0][1] or runs[0][2]
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]


def test_problems_and_their_order_do_not_depend_on_the_number_of_threads(
        tmp_path: Path) -> None:
    """Errors in every sheet of two files: one list, in one order, whatever the threads."""
    for name, prefix in (("a.xlsx", ""), ("b.xlsx", "B")):
        sheets = {key: [[f"{prefix}{c}" if c in ("U1", "U2", "H1") else c for c in row]
                        for row in rows] for key, rows in tiny_sheets().items()}
        sheets["scores"] += [[f"{prefix}U9", "1.1", "có", "có"], [f"{prefix}U1", "9.9", 1, 1],
                             [f"{prefix}U2", "2.2", "Tốt", "Rất tốt"],
                             [f"{prefix}U1", "1.1", "có", "không"]]
        sheets["survey"] += [[f"{prefix}U9", "Người dân", "A", "E"],
                             [f"{prefix}U1", "Người dân", "A", "E"]]
        write_workbook(tmp_path / name, sheets)
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    runs = [invoke("score", tmp_path, "-c", tmp_path / "tiny.yaml", "--lang", "en",
                   "--max-errors", "0", "--jobs", jobs) for jobs in ("1", "2", "4")]
    code, out, err = runs[0]
    assert code == 1 and out == "" and err.count("\n") > 8
    assert runs[1] == runs[0] and runs[2] == runs[0]


def test_a_refusal_is_the_same_with_threads(tmp_path: Path) -> None:
    """A sheet the guard refuses, read ahead on a thread: the same one-line error."""
    path = write_workbook(tmp_path / "far.xlsx", tiny_sheets())
    import zipfile

    far = tmp_path / "far2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # scores
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576">'
                                    b"<v>1</v></c></row></sheetData>")
            out.writestr(info.filename, data)
    messages = set()
    for jobs in (1, 2):
        with pytest.raises(WorkbookError) as info:
            read_workbooks([far], jobs=jobs)
        messages.add(str(info.value))
    assert len(messages) == 1
    assert "uses cells as far as XFD1048576" in messages.pop()


def test_the_api_reads_the_same_tables_with_threads() -> None:
    one = read_workbooks([FORMATS / "many"], jobs=1)
    two = read_workbooks([FORMATS / "many"], jobs=2)
    for name in ("units", "scores", "survey", "adjustments", "settings"):
        a, b = getattr(one, name), getattr(two, name)
        assert (a is None) == (b is None)
        if a is not None:
            assert a.frame.equals(b.frame) and a.sources == b.sources
    assert one.notes == two.notes and one.sheet_names == two.sheet_names


def test_the_plan_names_the_sheets_reading_asks_for() -> None:
    book = Book(EXAMPLE)
    try:
        assert [n for _, n in plan([book], None)] == ["units", "survey", "adjustments",
                                                       "settings", "scores"]
        forms = Book(FORMATS / "per_unit.xlsx")
        try:
            names = [n for _, n in plan([forms], None)]
            assert "units" in names and len(names) == len(set(names))
            assert set(names) == set(forms.sheet_names) - {"README"} or \
                set(names) <= set(forms.sheet_names)
        finally:
            forms.close()
    finally:
        book.close()


def test_a_sheet_not_planned_is_read_when_asked_for() -> None:
    book = Book(EXAMPLE)
    reader = SheetReader(2)
    try:
        book.reader = reader
        reader.plan([(book, "units")])
        assert book.sheet("scores").name == "scores"  # not planned: read on the spot
        assert book.sheet("units").rows.shape[0] > 1
    finally:
        reader.close()
        book.close()


def test_one_thread_for_a_small_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The analyst's daily file is read on the main thread; more XML than SMALL, on one thread
    per core."""
    import os

    from parcalc.workbook import prefetch

    book = Book(EXAMPLE)
    try:
        assert 0 < book.sheet_bytes < SMALL
        assert default_jobs([book]) == 1
        monkeypatch.setattr(prefetch, "SMALL", book.sheet_bytes)
        assert default_jobs([book]) == max(os.cpu_count() or 1, 1)
    finally:
        book.close()


def test_waiting_for_the_scans_ends_when_every_sheet_read_ahead_is_through_the_guard() -> None:
    book = Book(EXAMPLE)
    reader = SheetReader(2)
    try:
        book.reader = reader
        reader.plan(plan([book], None))
        reader.wait_for_scans(60)
        assert reader._unscanned == 0
        assert book.sheet("scores").rows.shape[0] > 1
    finally:
        reader.close()
        book.close()
