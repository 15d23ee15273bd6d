"""The decision's annex in Word: per group a table of every unit's points, index, rank and
band, read back with python-docx and compared with the results; A4, Times New Roman 13 pt,
header rows repeated, a PAGE field in the footer."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from parcalc.api import score_file
from parcalc.render.docx import write_docx
from parcalc.results import Results
from tests.support import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2021.xlsx"


@pytest.fixture(scope="module")
def results() -> Results:
    return score_file(EXAMPLE)


def _texts(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_one_table_per_group_with_every_unit(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "ranking.docx"
    write_docx(results, out, lang="vi")
    document = docx.Document(str(out))
    assert len(document.tables) == len(results.groups) == 2
    records = results.unit_records()
    for table, group in zip(document.tables, results.groups, strict=True):
        rows = _texts(table)
        assert rows[0] == ["STT", "Đơn vị", "Điểm đạt được", "Chỉ số (%)", "Xếp hạng",
                           "Xếp loại"]
        expected = [r for r in records if r["group"] == group]
        assert [r[1:] for r in rows[1:]] == [
            [r["name"], f"{r['points']:.2f}", f"{r['index']:.2f}", str(r["rank"]), r["band"]]
            for r in expected]
        assert [r[0] for r in rows[1:]] == [str(k) for k in range(1, len(expected) + 1)]
        header = table.rows[0]._tr.trPr
        assert header is not None and header.xml.count("w:tblHeader") == 1  # repeated
    words = [p.text for p in document.paragraphs]
    assert "BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021" in words
    assert "PHỤ LỤC" in words and "1. Sở, ngành" in words


def test_a4_portrait_times_new_roman_and_page_numbers(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "ranking.docx"
    write_docx(results, out)
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    sizes = {run.font.size for t in document.tables for c in t.rows[1].cells
             for p in c.paragraphs for run in p.runs}
    assert sizes == {Pt(13)}


def test_domains_add_each_component_index_landscape(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "ranking.docx"
    write_docx(results, out, lang="en", domains=True)
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    first = _texts(document.tables[0])
    assert first[0] == ["No.", "Unit", "Points", "Index (%)", "Rank", "Band",
                        *[f"D{k}" for k in range(1, 9)]]
    record = results.unit_records()[0]
    assert first[1][6:] == [f"{d['index']:.2f}" for d in record["domains"]]
    assert any(p.text.startswith("D1: ") for p in document.paragraphs)  # what D1 is


def test_cli_writes_the_annex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("report", str(EXAMPLE), "-o", "ranking.docx")
    assert code == 0, err
    assert out == "" and err.endswith("wrote ranking.docx (52 units)\n")
    assert len(docx.Document("ranking.docx").tables) == 2
    code, _, err = invoke("report", str(EXAMPLE), "-o", "ranking.pdf")
    assert code == 2
    assert err == ("ranking.pdf: a report is an .xlsx file (the workbook) or a .docx file "
                   "(the annex, in Word)\n")
