"""`parcalc template` → filled by the test → scored: the round trip needs no edits."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from parcalc.api import score_file
from parcalc.cli import cli
from parcalc.criteria.model import Leaf
from parcalc.criteria.shipped import resolve_criteria
from parcalc.rules import ChoiceRule, SurveyRule, YesNoRule
from parcalc.values import Values

ROOT = Path(__file__).parents[1]
CANDIDATES = [0, 1, 2, 3, 5, 8, 10, 20, 50, 70, 80, 85, 90, 95, 100, 1000]


def extreme(leaf: Leaf, best: bool) -> Any:
    """An input value earning the most (or least) points on this leaf."""
    rule = leaf.rule
    if isinstance(rule, YesNoRule):
        return "Có" if best else "Không"
    if isinstance(rule, ChoiceRule):
        pick = max if best else min
        return pick(rule.options, key=lambda k: rule.options[k])
    values = [0, leaf.node.maximum] if rule.type == "points" else CANDIDATES
    points, _ = rule.score(Values.of(values), float(leaf.node.maximum))
    return values[int(np.argmax(points) if best else np.argmin(points))]


def departments(tmp_path: Path) -> Path:
    path = tmp_path / "departments.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã đơn vị", "Tên đơn vị", "Khối"])
        for k in range(22):
            writer.writerow([f"S{k:02d}", f"Sở thứ {k + 1}", "Sở, ngành"])
    return path


def fill(path: Path, criteria_id: str, layout: str) -> None:
    """Unit k answers the first k non-survey leaves worst, the rest best; survey all A."""
    cs = resolve_criteria(criteria_id)
    leaves = {lf.id: lf for lf in cs.leaves() if not isinstance(lf.rule, SurveyRule)}
    order = list(leaves)
    book = openpyxl.load_workbook(path)
    units = [row[0] for row in book["units"].iter_rows(min_row=2, values_only=True)]
    if layout == "long":
        for row in book["scores"].iter_rows(min_row=2):
            unit, leaf_id = row[0].value, row[1].value
            k = units.index(unit)
            row[5].value = extreme(leaves[leaf_id], best=order.index(leaf_id) >= k)
    else:
        for k, unit in enumerate(units):
            for row in book[unit].iter_rows(min_row=5):
                if row[0].value in leaves:
                    leaf_id = row[0].value
                    row[4].value = extreme(leaves[leaf_id], best=order.index(leaf_id) >= k)
    survey = book["survey"]
    questions = [c.value for c in survey[1]][2:]
    groups = {g for lf in cs.leaves() if isinstance(lf.rule, SurveyRule)
              for g in (lf.rule.groups or {"Người dân": 1})}
    for unit in units:
        for group in sorted(groups):
            survey.append([unit, group, *["A"] * len(questions)])
    book.save(path)


@pytest.mark.parametrize("layout", ["long", "per-unit"])
def test_template_filled_and_scored_ranks_as_expected(tmp_path: Path, layout: str) -> None:
    out = tmp_path / f"{layout}.xlsx"
    result = CliRunner().invoke(cli, ["template", "hanoi-departments", "-o", str(out),
                                      "--units", str(departments(tmp_path)),
                                      "--layout", layout])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out} ({layout}, 22 units, 69 criteria)" in result.stderr
    fill(out, "hanoi-departments", layout)
    results = score_file(out)  # criteria from the template's settings sheet
    units = results.unit_records()
    assert [u["unit_id"] for u in units] == [f"S{k:02d}" for k in range(22)]
    assert [u["rank"] for u in units] == list(range(1, 23))
    assert units[0]["index"] == 100.0
    # every group answered every question: only the note that some answers carry no weight
    assert all("which give it no weight" in w.message for w in results.warnings)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_template_o_replaces_the_file_named(tmp_path: Path, force: list[str]) -> None:
    """-o names the file: it is replaced, as by every -o (--force is still accepted)."""
    out = tmp_path / "t.xlsx"
    out.write_text("an older template", encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "hanoi-districts", "-o", str(out), *force])
    assert result.exit_code == 0, result.stderr
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["units", "scores"]


def test_template_sheets_validation_and_settings(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    criteria = ROOT / "criteria" / "province-2017.yaml"
    result = CliRunner().invoke(cli, ["template", str(criteria), "-o", str(out),
                                      "--units", str(departments(tmp_path))])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["units", "scores", "survey", "adjustments", "settings", "lists"]
    settings = dict(book["settings"].iter_rows(min_row=2, values_only=True))
    assert (out.parent / str(settings["criteria"])).resolve() == criteria.resolve()
    scores = book["scores"]
    assert [c.value for c in scores[1]][:2] == ["unit_id", "criterion_id"]
    assert scores.freeze_panes == "C2"
    validations = scores.data_validations.dataValidation
    assert any(v.type == "list" for v in validations)
    assert any(v.type == "decimal" for v in validations)
    assert all(v.prompt for v in validations)
    survey_header = [c.value for c in book["survey"][1]]
    assert survey_header[:2] == ["unit_id", "respondent_group"]
    assert len(survey_header) > 2


UNITS = [("SNV", "Sở Nội vụ", "Sở, ngành"), ("STC", "Sở Tài chính", "Sở, ngành"),
         ("BAVI", "Huyện Ba Vì", "Quận, huyện, thị xã")]


def excel_1258(text: str) -> bytes:
    """``text`` as Vietnamese Excel saves "CSV (Comma delimited)": Windows-1258, a tone as a
    combining mark after its letter (ở → ơ + U+0309), since the code page has few
    precomposed toned letters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


def template_units(tmp_path: Path, data: bytes) -> tuple[int, str, list[tuple[str, ...]]]:
    (tmp_path / "units.csv").write_bytes(data)
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(cli, ["template", "hanoi-departments", "-o", str(out),
                                      "--units", str(tmp_path / "units.csv")])
    if result.exit_code:
        return result.exit_code, result.stderr, []
    rows = openpyxl.load_workbook(out)["units"].iter_rows(min_row=2, values_only=True)
    return 0, result.stderr, [tuple(r[:3]) for r in rows]


def test_units_csv_from_vietnamese_excel(tmp_path: Path) -> None:
    """Windows-1258 with combining tones and ';' between fields: read, NFC."""
    text = "Mã đơn vị;Tên đơn vị;Khối\r\n" + "".join(f"{u};{n};{g}\r\n" for u, n, g in UNITS)
    data = excel_1258(text)
    assert "Sơ\u0309".encode("cp1258") in data and data.decode("cp1258") != text  # ở: ơ + ̉
    code, err, rows = template_units(tmp_path, data)
    assert code == 0, err
    assert rows == UNITS
    assert all(unicodedata.is_normalized("NFC", n) for _, n, _ in rows)


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8", ";"), ("utf-8-sig", ";"),
                                               ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_units_csv_in_excel_encodings_and_separators(tmp_path: Path, encoding: str,
                                                     sep: str) -> None:
    lines = [sep.join(["unit_id", "name", "group"])]
    lines += [sep.join(f'"{x}"' if sep in x else x for x in u) for u in UNITS]
    code, err, rows = template_units(tmp_path, "\r\n".join(lines).encode(encoding))
    assert code == 0, err
    assert rows == UNITS


def test_undecodable_units_csv_is_one_line_exit_1(tmp_path: Path) -> None:
    code, err, _ = template_units(tmp_path, b"unit_id,name\r\nSNV,S\x81\x8d\r\n")
    assert code == 1
    assert err == (f"{tmp_path / 'units.csv'}: not text in UTF-8, UTF-16 or Windows-1258 (at "
                   "character 19); open it in Excel and save it as “CSV UTF-8 (Comma "
                   "delimited)”\n")
    assert not (tmp_path / "t.xlsx").exists()


def test_form_sheets_print_on_a4_with_their_header_and_row_heights(tmp_path: Path) -> None:
    """A form fits the page width of A4 landscape (never below 70 %), its title and header
    repeat on every page, and each row is as high as its wrapped (indented) title."""
    from parcalc.criteria.shipped import resolve_criteria
    from parcalc.render.textfit import lines
    from parcalc.template import Unit, write_template

    out = tmp_path / "t.xlsx"
    write_template(resolve_criteria("hanoi-departments"), out, [Unit("SNV", "Sở Nội vụ", None)],
                   layout="per-unit", lang="vi")
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation, ws.title
        assert (ws.page_setup.scale or 100) >= 70, ws.title
        assert "&P/&N" in ws.oddFooter.right.text, ws.title
    form = book["SNV"]
    assert form.page_setup.orientation == "landscape"
    assert form.print_title_rows == "$1:$4"
    width = form.column_dimensions["B"].width
    for row in range(5, form.max_row + 1):
        title = form.cell(row, 2).value
        need = lines(title, width) * 13
        height = form.row_dimensions[row].height or form.sheet_format.defaultRowHeight
        assert height >= need, (row, title)
