"""The optional ``guide:`` of every node: kept by the import, written back by the export,
shown by ``template``, ``explain`` and the report's Details sheet, known to the schema."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from parcalc.annex import import_annex
from parcalc.annex.export import export_annex
from parcalc.criteria.load import load_criteria
from parcalc.criteria.schema import criteria_schema
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "annex" / "phu-luc.xlsx"
GUIDED = TINY_CRITERIA.replace(
    '''      - {id: "1.1", title: "Kế hoạch CCHC", max: 10, rule: yes_no}''',
    '''      - id: "1.1"
        title: "Kế hoạch CCHC"
        max: 10
        rule: yes_no
        guide: |-
          Có ban hành kế hoạch: Điểm tối đa
          Không ban hành: 0 điểm''').replace(
    '''    title: "Chỉ đạo, điều hành"''', '''    title: "Chỉ đạo, điều hành"
    guide: "Lĩnh vực chấm theo các tiêu chí dưới đây"''')


@pytest.fixture
def guided(tmp_path: Path) -> Path:
    (tmp_path / "tiny.yaml").write_text(GUIDED, encoding="utf-8")
    write_workbook(tmp_path / "tiny.xlsx", tiny_sheets())
    return tmp_path


def test_guide_is_optional_and_in_the_schema(guided: Path) -> None:
    assert GUIDED != TINY_CRITERIA
    criteria = load_criteria(guided / "tiny.yaml")
    node = next(n for n, _ in criteria.walk() if n.id == "1.1")
    assert node.guide == "Có ban hành kế hoạch: Điểm tối đa\nKhông ban hành: 0 điểm"
    assert criteria.domains[0].guide == "Lĩnh vực chấm theo các tiêu chí dưới đây"
    assert criteria.domains[1].guide is None
    assert "guide" in criteria_schema()["$defs"]["Node"]["properties"]
    assert invoke("check", guided / "tiny.yaml")[0] == 0


def test_the_import_keeps_every_guide_with_the_points_of_the_max_column(tmp_path: Path) -> None:
    imported = import_annex(EXAMPLE, name=str(tmp_path / "c.yaml"))
    guides = {n.id: n.guide for n, _ in imported.criteria.walk()}
    assert guides["1.1.1"] == ("Ban hành đúng thời hạn: 1\nBan hành chậm so với thời hạn: 0,5\n"
                               "Không ban hành: 0")
    assert guides["2.2.2"] == "Trừ điểm tương ứng với số văn bản chưa xử lý"
    assert guides["2.2.1"] == "Đúng thời hạn: 1 điểm\nChậm: 0,5 điểm\nKhông ban hành: 0 điểm"
    assert guides["1"] is None
    assert "            guide: |-\n              Ban hành đúng thời hạn: 1\n" in imported.yaml


def test_the_export_writes_the_guide_and_the_import_reads_it_back(tmp_path: Path) -> None:
    first = import_annex(EXAMPLE, name=str(tmp_path / "c.yaml")).criteria
    export_annex(first, tmp_path / "again.docx")
    again = import_annex(tmp_path / "again.docx", name=str(tmp_path / "c.yaml")).criteria
    assert [(n.id, n.guide, n.rule) for n, _ in again.walk()] == [
        (n.id, n.guide, n.rule) for n, _ in first.walk()]


def test_a_guide_that_says_another_rule_is_replaced_by_the_rule_in_words(tmp_path: Path,
                                                                          guided: Path) -> None:
    text = GUIDED.replace("rule: yes_no\n", "rule: {type: threshold, steps: [{min: 50, "
                                            "points: 10}]}\n")
    (guided / "other.yaml").write_text(text, encoding="utf-8")
    export_annex(load_criteria(guided / "other.yaml"), tmp_path / "annex.md", "vi")
    table = (tmp_path / "annex.md").read_text(encoding="utf-8")
    assert "| 1.1 | Kế hoạch CCHC | 10 | Từ 50% trở lên: 10 điểm |" in table
    assert "| **1** | **Chỉ đạo, điều hành** | **40** | Lĩnh vực chấm theo" in table


@pytest.mark.parametrize(("layout", "sheet", "column"), [("long", "scores", 9),
                                                         ("per-unit", "U1", 8)])
def test_the_template_shows_the_guide_beside_the_value_cells(guided: Path, layout: str,
                                                             sheet: str, column: int) -> None:
    units = guided / "units.csv"
    units.write_text("unit_id,name,group\nU1,Sở Nội vụ,Sở\n", encoding="utf-8")
    out = guided / "template.xlsx"
    code, _, err = invoke("template", guided / "tiny.yaml", "--units", units, "--layout",
                          layout, "-o", out)
    assert code == 0, err
    ws = openpyxl.load_workbook(out)[sheet]
    header = 1 if layout == "long" else 4
    assert ws.cell(header, column).value == "Scoring guide"
    guides = [ws.cell(r, column).value for r in range(header + 1, ws.max_row + 1)]
    assert "Có ban hành kế hoạch: Điểm tối đa\nKhông ban hành: 0 điểm" in guides


def test_a_template_with_guides_scores_as_is(guided: Path) -> None:
    out = guided / "template.xlsx"
    units = guided / "units.csv"
    units.write_text("unit_id,name,group\nU1,Sở Nội vụ,Sở\n", encoding="utf-8")
    assert invoke("template", guided / "tiny.yaml", "--units", units, "-o", out)[0] == 0
    book = openpyxl.load_workbook(out)
    for row in book["scores"].iter_rows(min_row=2):
        row[5].value = {"1.1": "có", "2.2": "Tốt"}.get(row[1].value, 0)
    book.save(out)
    code, _, err = invoke("score", out, "-f", "json")
    assert code == 0, err


def test_explain_shows_the_guide_under_the_leaf(guided: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.chdir(guided)
    code, out, err = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--width", "160")
    assert code == 0, err
    assert ("guide: Có ban hành kế hoạch: Điểm tối đa · Không ban hành: 0 điểm"
            in out)
    doc = json.loads(invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "-f", "json")[1])
    node = next(n for n in doc["nodes"] if n["id"] == "1.1")
    assert node["guide"] == "Có ban hành kế hoạch: Điểm tối đa\nKhông ban hành: 0 điểm"


def test_the_report_details_sheet_has_a_guide_column(guided: Path) -> None:
    out = guided / "report.xlsx"
    code, _, err = invoke("report", guided / "tiny.xlsx", "-c", guided / "tiny.yaml", "-o", out)
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["Details"]
    header = [c.value for c in ws[2]]  # under the sheet's title row
    assert header[-1] == "Scoring guide"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    by_leaf = {(r[0], r[2]): r[-1] for r in rows}
    assert by_leaf[("U2", "1.1")] == "Có ban hành kế hoạch: Điểm tối đa\nKhông ban hành: 0 điểm"
    assert by_leaf[("U2", "2.1")] is None
