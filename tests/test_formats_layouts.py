"""Every format and layout of issue 3 scores exactly like the canonical workbook.

The workbooks are committed in tests/data/formats/ (made by its make.py; the LibreOffice
ones by ``soffice --convert-to``, which CI does not need). Each holds the data of
``tiny_sheets()`` and is scored with ``TINY_CRITERIA`` (tests/data/formats/tiny.yaml).
Messages a user sees are asserted word for word; paths in them are relative because the
tests run in the data folder.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.api import score_file
from parcalc.errors import ParcalcError, UsageError, WorkbookError
from parcalc.text import cell_text
from parcalc.workbook import read_workbooks
from parcalc.workbook.layouts import LAYOUTS, load
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

DATA = Path(__file__).parent / "data" / "formats"
CRITERIA = "tiny.yaml"
MANY = ["many/team_huyen.xlsx", "many/team_so.xlsx", "many/units.xlsx"]

LONG_NOTE = "{}: layout long — sheet '{}' has unit_id, criterion_id and value columns"
MATRIX_NOTE = ("{}: layout matrix — sheet 'scores' has criterion ids down the rows and a column "
               "per unit")
FORMS_NOTE = "{}: layout per-unit — {} sheet(s) read as inspection forms: {}"


@pytest.fixture(autouse=True)
def _in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)


def units_of(paths: str | list[str], layout: str | None = None) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = score_file(paths, CRITERIA, layout=layout).as_dict()["units"]
    return units


def without_self(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in u.items() if k != "self_points"} for u in units]


@pytest.fixture(scope="module")
def canonical() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = score_file(DATA / "canonical.xlsx",
                                             DATA / CRITERIA).as_dict()["units"]
    return units


def leaf(path: str, unit: str, criterion: str) -> dict[str, Any]:
    """The details row of one unit and leaf."""
    details = score_file(path, CRITERIA).details
    rows = details[(details["unit_id"] == unit) & (details["criterion_id"] == criterion)]
    assert len(rows) == 1
    return {str(k): v for k, v in rows.iloc[0].to_dict().items()}



def problems_of(paths: str | list[str], layout: str | None = None) -> list[str]:
    with pytest.raises(ParcalcError) as info:
        score_file(paths, CRITERIA, layout=layout)
    return [str(p) for p in info.value.problems]


# --- the committed files are what make.py and conftest say -----------------------------------

def test_criteria_file_is_tiny_criteria() -> None:
    assert (DATA / CRITERIA).read_text(encoding="utf-8") == TINY_CRITERIA


def test_canonical_scores_like_tiny_sheets(tmp_path: Path,
                                           canonical: list[dict[str, Any]]) -> None:
    fresh = write_workbook(tmp_path / "tiny.xlsx", tiny_sheets())
    assert score_file(fresh, CRITERIA).as_dict()["units"] == canonical


def _load_make() -> Any:
    spec = importlib.util.spec_from_file_location("formats_make", DATA / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: ([[(c.value, c.number_format) for c in row] for row in sheet.rows],
                          sorted(str(r) for r in sheet.merged_cells.ranges),
                          sorted(i for i, d in sheet.row_dimensions.items() if d.hidden))
            for sheet in book.worksheets}


@pytest.mark.parametrize("name", ["canonical", "messy", "per_unit", "per_unit_names", "matrix",
                                  "formula_uncached", "form_max_mismatch"])
def test_committed_file_is_what_make_py_writes(tmp_path: Path, name: str) -> None:
    """Cell by cell (values, number formats, merges, hidden rows): regenerate with make.py."""
    make = _load_make()
    made = getattr(make, name)(tmp_path / f"{name}.xlsx")
    assert _cells(made) == _cells(DATA / f"{name}.xlsx")


def test_committed_folders_are_what_make_py_writes(tmp_path: Path) -> None:
    make = _load_make()
    make.many(tmp_path / "many")
    make.many_dup(tmp_path / "many_dup")
    for folder in ("many", "many_dup"):
        names = sorted(p.name for p in (tmp_path / folder).iterdir())
        assert names == sorted(p.name for p in (DATA / folder).iterdir())
        for name in names:
            assert _cells(tmp_path / folder / name) == _cells(DATA / folder / name), name


# --- same scores in every format and layout ---------------------------------------------------

@pytest.mark.parametrize("path", [
    "lo.xlsx", "lo.xls", "lo.ods",
    "messy.xlsx", "messy_lo.xlsx",
    "messy_lo.xls",
    "messy_lo.ods",
    "per_unit.xlsx", "per_unit_names.xlsx",
    "per_unit_lo.xls",
    "per_unit_lo.ods",
    "formula_cached.xlsx", "form_max_mismatch.xlsx",
    "many",
])
def test_scores_like_canonical(path: str, canonical: list[dict[str, Any]]) -> None:
    assert units_of(path) == canonical


def test_matrix_scores_like_canonical_without_self_values(
        canonical: list[dict[str, Any]]) -> None:
    units = units_of("matrix.xlsx")
    assert without_self(units) == without_self(canonical)
    assert [u["self_points"] for u in units] == [None, None, None]


def test_no_warnings_for_the_same_data() -> None:
    for path in ("canonical.xlsx", "lo.ods", "messy.xlsx", "per_unit.xlsx", "matrix.xlsx", "many"):
        assert score_file(path, CRITERIA).warnings == [], path


# --- messy details ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "messy.xlsx", "messy_lo.xlsx", "matrix.xlsx", "per_unit.xlsx",
    "messy_lo.xls",
    "per_unit_lo.xls",
    "per_unit_lo.ods",
])
def test_percent_cell_read_as_shown(path: str) -> None:
    """U1 1.2 is 0.95 formatted 0%: read as 95, above 90 → 30 points (as 0.95: 0 points)."""
    row = leaf(path, "U1", "1.2")
    assert (row["value"], row["points"]) == ("0.95", 30.0)


def test_libreoffice_keeps_percent_merges_and_hidden_rows() -> None:
    """The .ods files still have the percent cell, the merged unit ids and the hidden row,
    which parcalc reads from content.xml. (The .xls files keep them too: saved
    back to .xlsx by LibreOffice, D6 is 0.95 formatted 0%, A5:A8 merged, row 11 hidden.)"""
    with zipfile.ZipFile(DATA / "messy_lo.ods") as archive:
        content = archive.read("content.xml").decode()
    assert 'office:value-type="percentage" office:value="0.95"' in content
    assert content.count('table:number-rows-spanned="4"') == 3
    assert 'table:visibility="collapse"' in content
    with zipfile.ZipFile(DATA / "per_unit_lo.ods") as archive:
        content = archive.read("content.xml").decode()
    assert 'office:value-type="percentage" office:value="0.95"' in content


def test_a_fraction_without_percent_format_is_not_a_percent(tmp_path: Path) -> None:
    """The number format decides, not the size: a plain 0.95 is 0.95 (below 70: 0 points)."""
    sheets = tiny_sheets()
    sheets["scores"] = [[*r[:3], 0.95] if r[:2] == ["U1", "1.2"] else r for r in sheets["scores"]]
    path = write_workbook(tmp_path / "fraction.xlsx", sheets)
    details = score_file(path, CRITERIA).details
    row = details[(details["unit_id"] == "U1") & (details["criterion_id"] == "1.2")]
    assert row["points"].tolist() == [0.0]


@pytest.mark.parametrize("path", [
    "messy.xlsx", "messy_lo.xlsx", "messy_lo.xls",
    "messy_lo.ods",
])
def test_unit_id_merged_down_its_rows_is_on_every_row(path: str) -> None:
    workbook = read_workbooks([path])
    assert workbook.scores is not None
    ids = [cell_text(v) for v in workbook.scores.frame["unit_id"]]
    assert ids == ["U1"] * 4 + ["U2"] * 4 + ["H1"] * 4


def test_messy_hidden_row_and_text_numbers_are_data() -> None:
    assert leaf("messy.xlsx", "U2", "2.1")["points"] == 12.5  # hidden row, "12,5"
    assert leaf("messy.xlsx", "U1", "2.1")["points"] == 18.5  # "18,5"
    assert leaf("messy.xlsx", "H1", "1.2")["value"] == "60"  # " 60 " as text


# --- layout detection and --layout ------------------------------------------------------------

@pytest.mark.parametrize(("paths", "notes"), [
    (["canonical.xlsx"], [LONG_NOTE.format("canonical.xlsx", "scores")]),
    (["lo.ods"], [LONG_NOTE.format("lo.ods", "scores")]),
    (["messy.xlsx"], [LONG_NOTE.format("messy.xlsx", "Điểm")]),
    (["matrix.xlsx"], [MATRIX_NOTE.format("matrix.xlsx")]),
    (["per_unit.xlsx"], [FORMS_NOTE.format("per_unit.xlsx", 3, "SNV, STC, Ba Vì")]),
    (["per_unit_names.xlsx"], [FORMS_NOTE.format("per_unit_names.xlsx", 3, "U1, U2, Sheet3")]),
    (["many"], [FORMS_NOTE.format("many/team_huyen.xlsx", 1, "Huyện Ba Vì"),
                LONG_NOTE.format("many/team_so.xlsx", "scores"),
                "many/units.xlsx: no scores (units, survey, adjustments or settings only)"]),
])
def test_notes_explain_the_layout(paths: list[str], notes: list[str]) -> None:
    assert [str(n) for n in read_workbooks(paths).notes] == notes


def test_note_for_a_file_without_scores_does_not_claim_a_layout() -> None:
    note = str(read_workbooks(["many"]).notes[2])
    assert note.startswith("many/units.xlsx")
    assert "layout per-unit" not in note


@pytest.mark.parametrize(("path", "layout"), [
    ("canonical.xlsx", "long"), ("messy.xlsx", "long"), ("lo.xls", "long"),
    ("per_unit.xlsx", "per-unit"), ("per_unit_names.xlsx", "per-unit"),
])
def test_forcing_the_right_layout_scores_the_same(path: str, layout: str,
                                                  canonical: list[dict[str, Any]]) -> None:
    assert units_of(path, layout) == canonical


def test_forcing_matrix_on_a_matrix(canonical: list[dict[str, Any]]) -> None:
    assert without_self(units_of("matrix.xlsx", "matrix")) == without_self(canonical)


def test_forcing_per_unit_on_the_many_folder_names_the_long_file() -> None:
    """--layout applies to every file: forcing per-unit on a folder with a long file is an
    error naming that file (files with no scores at all are fine)."""
    assert problems_of("many", "per-unit") == [
        "many/team_so.xlsx: no inspection form sheets for --layout per-unit (sheet 'scores' "
        "holds the scores in another layout); drop --layout"]


@pytest.mark.parametrize(("path", "layout", "stderr"), [
    ("per_unit.xlsx", "long",
     "per_unit.xlsx: no sheet named 'scores' for layout long; add one or drop --layout\n"),
    ("per_unit.xlsx", "matrix",
     "per_unit.xlsx: no sheet named 'scores' for layout matrix; add one or drop --layout\n"),
    ("matrix.xlsx", "long",
     "matrix.xlsx › scores!A1: missing column 'unit_id' in sheet 'scores' (Vietnamese: Mã đơn "
     "vị); add it to the header row\n"
     "matrix.xlsx › scores!A1: missing column 'value' in sheet 'scores' (Vietnamese: Điểm thẩm "
     "định / Giá trị thẩm định / Thẩm định); add it to the header row\n"
     "2 errors (scores: 2); nothing was scored or written\n"),
])
def test_forcing_a_wrong_layout_is_a_clear_error(path: str, layout: str, stderr: str) -> None:
    code, out, err = invoke("score", path, "-c", CRITERIA, "--layout", layout)
    assert (code, out, err) == (1, "", stderr)


@pytest.mark.parametrize(("path", "layout"), [
    ("canonical.xlsx", "matrix"),
    ("canonical.xlsx", "per-unit"),
    ("matrix.xlsx", "per-unit"),
])
def test_forcing_a_wrong_layout_names_the_option(path: str, layout: str) -> None:
    code, _, err = invoke("score", path, "-c", CRITERIA, "--layout", layout)
    assert code == 1
    assert "--layout" in err
    assert "no sheet named 'scores'" not in err


def test_forced_layout_through_the_api_raises_the_same_problem() -> None:
    with pytest.raises(WorkbookError) as info:
        score_file("per_unit.xlsx", CRITERIA, layout="long")
    assert [str(p) for p in info.value.problems] == [
        "per_unit.xlsx: no sheet named 'scores' for layout long; add one or drop --layout"]


def test_an_unknown_layout_through_the_api_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        score_file("canonical.xlsx", CRITERIA, layout="wide")
    assert [str(p) for p in info.value.problems] == [
        "unknown layout 'wide'; use one of long, matrix, per-unit"]


def test_the_first_layout_that_recognises_a_file_reads_it(tmp_path: Path) -> None:
    """A long scores sheet wins over a sheet that looks like a form (long comes first)."""
    sheets = dict(tiny_sheets())
    sheets["U1"] = [["criterion_id", "value"], ["1.1", "có"]]
    write_workbook(tmp_path / "both.xlsx", sheets)
    path = str(tmp_path / "both.xlsx")
    assert [str(n) for n in read_workbooks([path]).notes] == [LONG_NOTE.format(path, "scores")]
    assert [str(n) for n in read_workbooks([path], "per-unit").notes] == [
        FORMS_NOTE.format(path, 1, "U1")]


# --- the registry of layouts ------------------------------------------------------------------

def test_each_registered_layout_has_its_name_in_detection_order() -> None:
    assert LAYOUTS == ("long", "matrix", "per-unit")
    assert [load(name).name for name in LAYOUTS] == list(LAYOUTS)


def test_the_layout_names_load_no_pandas() -> None:
    """--layout's choices come from the registry: reading them must stay cheap."""
    code = ("import sys; from parcalc.workbook.layouts import LAYOUTS; "
            "from parcalc.workbook import LAYOUTS as SAME; assert SAME is LAYOUTS; "
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# --- many files -------------------------------------------------------------------------------

def test_many_files_folder_and_every_order_of_the_list_agree(
        canonical: list[dict[str, Any]]) -> None:
    by_folder = score_file("many", CRITERIA).as_dict()
    assert by_folder["units"] == canonical
    for order in itertools.permutations(MANY):
        assert score_file(list(order), CRITERIA).as_dict() == by_folder, order


def test_many_files_with_the_folder_path_absolute(canonical: list[dict[str, Any]]) -> None:
    assert score_file(DATA / "many", DATA / CRITERIA).as_dict()["units"] == canonical


def test_a_unit_in_two_files_is_an_error_naming_both() -> None:
    assert problems_of("many_dup") == [
        "many_dup/team_u1.xlsx › scores!A2: unit 'U1' has scores in two places: "
        "many_dup/team_so.xlsx › scores and many_dup/team_u1.xlsx › scores; keep one"]
    reverse = ["many_dup/team_u1.xlsx", "many_dup/units.xlsx", "many_dup/team_so.xlsx"]
    assert problems_of(reverse) == problems_of("many_dup")  # files are read in name order


def test_a_unit_in_two_files_on_the_command_line() -> None:
    code, out, err = invoke("score", "many_dup", "-c", CRITERIA)
    assert (code, out) == (1, "")
    assert err == ("many_dup/team_u1.xlsx › scores!A2: unit 'U1' has scores in two places: "
                   "many_dup/team_so.xlsx › scores and many_dup/team_u1.xlsx › scores; "
                   "keep one\n")


def test_units_lists_that_disagree_are_an_error_naming_both(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    shutil.copytree(DATA / "many", folder)
    book = openpyxl.load_workbook(folder / "team_so.xlsx")
    book["units"]["B3"] = "Sở Tài chính (cũ)"
    book.save(folder / "team_so.xlsx")
    assert problems_of(str(folder)) == [
        f"{folder / 'units.xlsx'} › units!A3: unit 'U2' is listed differently in "
        f"{folder / 'team_so.xlsx'} › units!A3 and here; make the units lists agree"]


def test_a_team_file_left_out_warns_about_its_units() -> None:
    results = score_file(["many/team_so.xlsx", "many/units.xlsx"], CRITERIA)
    assert [str(w) for w in results.warnings] == [
        "many/team_so.xlsx › units!A4: warning: unit 'H1' has no value for 4 criteria, scored "
        "0: 1.1, 1.2, 2.1, 2.2; fill in their values (--strict makes this an error)"]


# --- formulas ---------------------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [30, 200])
def test_percent_cells_and_formulas_found_when_a_sheet_is_read_in_pieces(
        chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large sheets are scanned in pieces; small pieces here put cells at their edges."""
    from parcalc.workbook import pieces

    monkeypatch.setattr(pieces, "CHUNK", chunk)
    row = leaf("messy.xlsx", "U1", "1.2")
    assert (row["value"], row["points"]) == ("0.95", 30.0)
    with pytest.raises(WorkbookError) as info:
        read_workbooks(["formula_uncached.xlsx"])
    assert [str(p) for p in info.value.problems] == [UNCACHED]


UNCACHED = ("formula_uncached.xlsx › scores!D4: formula =10+8.5 has no saved result (the file was "
            "written by a program and never opened in a spreadsheet); open it in Excel or "
            "LibreOffice and save it")


def test_formula_without_saved_value_is_an_error_naming_the_cell() -> None:
    with pytest.raises(WorkbookError) as info:
        read_workbooks(["formula_uncached.xlsx"])
    [problem] = info.value.problems
    assert problem.location is not None
    assert (problem.location.sheet, problem.location.cell) == ("scores", "D4")
    assert str(problem) == UNCACHED


def test_formula_without_saved_value_on_the_command_line() -> None:
    code, out, err = invoke("score", "formula_uncached.xlsx", "-c", CRITERIA)
    assert (code, out, err) == (1, "", UNCACHED + "\n")


def test_formula_files_hold_the_formula() -> None:
    """The uncached file has no result; LibreOffice's copy keeps the formula and its result."""
    assert openpyxl.load_workbook(DATA / "formula_uncached.xlsx")["scores"]["D4"].value \
        == "=10+8.5"
    assert openpyxl.load_workbook(DATA / "formula_uncached.xlsx", data_only=True)["scores"][
        "D4"].value is None
    assert openpyxl.load_workbook(DATA / "formula_cached.xlsx")["scores"]["D4"].value \
        == "=10+8.5"
    assert openpyxl.load_workbook(DATA / "formula_cached.xlsx", data_only=True)["scores"][
        "D4"].value == 18.5


# --- a form made from another version of the criteria -----------------------------------------

def test_form_max_mismatch_warns_naming_the_criterion() -> None:
    results = score_file("form_max_mismatch.xlsx", CRITERIA)
    assert [str(w) for w in results.warnings] == [
        "form_max_mismatch.xlsx › SNV!C8: warning: criterion '2.1' has max 25 on this form but "
        "20 in criteria set tiny; the form was made from another version of the criteria "
        "(parcalc uses the criteria file)"]


# --- the CLI ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "notes"), [
    (["per_unit.xlsx"], [FORMS_NOTE.format("per_unit.xlsx", 3, "SNV, STC, Ba Vì")]),
    (["matrix.xlsx"], [MATRIX_NOTE.format("matrix.xlsx")]),
    (["lo.xls"], [LONG_NOTE.format("lo.xls", "scores")]),
    (MANY, [FORMS_NOTE.format("many/team_huyen.xlsx", 1, "Huyện Ba Vì"),
            LONG_NOTE.format("many/team_so.xlsx", "scores"),
            "many/units.xlsx: no scores (units, survey, adjustments or settings only)"]),
])
def test_verbose_prints_the_layout_notes_on_stderr(args: list[str], notes: list[str]) -> None:
    code, out, err = invoke("score", *args, "-c", CRITERIA, "-v", "-f", "json")
    assert code == 0
    assert err == "".join(n + "\n" for n in notes)
    assert [u["unit_id"] for u in json.loads(out)["units"]] == ["U1", "U2", "H1"]
    code, _, err = invoke("score", *args, "-c", CRITERIA, "-f", "json")
    assert (code, err) == (0, "")


def test_the_api_hands_the_notes_to_on_note_as_verbose_prints_them() -> None:
    notes: list[str] = []
    score_file(MANY, CRITERIA, on_note=notes.append)
    _, _, err = invoke("score", *MANY, "-c", CRITERIA, "-v", "-f", "json")
    assert notes == [str(n) for n in read_workbooks(MANY).notes]
    assert err == "".join(n + "\n" for n in notes)


def test_cli_json_is_the_same_for_every_format() -> None:
    docs = set()
    for path in ("canonical.xlsx", "lo.xlsx", "lo.xls", "lo.ods", "messy.xlsx", "per_unit.xlsx"):
        code, out, err = invoke("score", path, "-c", CRITERIA, "-f", "json")
        assert (code, err) == (0, ""), path
        docs.add(out)
    assert len(docs) == 1


# --- titles merged right above a header -----------------------------------------------------------

def test_survey_with_a_merged_title_right_above_the_header(
        tmp_path: Path, canonical: list[dict[str, Any]]) -> None:
    sheets = tiny_sheets()
    sheets["survey"] = [["Kết quả điều tra", None, None, None], *sheets["survey"]]
    path = write_workbook(tmp_path / "survey_title.xlsx", sheets)
    book = openpyxl.load_workbook(path)
    book["survey"].merge_cells("A1:D1")
    book.save(path)
    assert units_of(str(path)) == canonical


def test_matrix_with_a_merged_title_right_above_the_header(
        tmp_path: Path, canonical: list[dict[str, Any]]) -> None:
    book = openpyxl.load_workbook(DATA / "matrix.xlsx")
    sheet = book["scores"]
    sheet.insert_rows(1)
    sheet["A1"] = "BẢNG ĐIỂM"
    sheet.merge_cells("A1:F1")
    book.save(tmp_path / "matrix_title.xlsx")
    assert without_self(units_of(str(tmp_path / "matrix_title.xlsx"))) == \
        without_self(canonical)
