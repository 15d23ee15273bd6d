"""``parcalc criteria export`` and the walk-through page's outputs, as the user sees them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from parcalc.annex.export import annex_table
from parcalc.criteria.shipped import resolve_criteria
from parcalc.i18n import using
from tests.support import invoke

ROOT = Path(__file__).parents[1]
PAGE = ROOT / "docs" / "criteria-import.md"


def test_export_writes_every_format(tmp_path: Path) -> None:
    for suffix in (".xlsx", ".docx", ".md", ".csv"):
        out = tmp_path / f"annex{suffix}"
        code, stdout, err = invoke("criteria", "export", "province-2017", "-o", out)
        assert (code, stdout) == (0, ""), err
        assert err.strip() == f"wrote {out} (131 rows)"
        assert out.stat().st_size > 0


def test_the_exported_workbook_looks_like_the_decision(tmp_path: Path, vietnamese: None
                                                      ) -> None:
    out = tmp_path / "annex.xlsx"
    invoke("criteria", "export", "province-2017", "-o", out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert [c.value for c in sheet[5]] == ["STT", "Tiêu chí", "Điểm tối đa",
                                          "Hướng dẫn chấm điểm"]
    assert [c.value for c in sheet[6]][:3] == ["1", "Công tác chỉ đạo, điều hành CCHC", 10]
    assert sheet["A6"].font.bold and not sheet["A7"].font.bold
    assert sheet["A6"].font.name == "Times New Roman"
    assert sheet["D8"].value == ("Ban hành đúng thời hạn: 1 điểm\nBan hành chậm: 0,5 điểm\n"
                                 "Không ban hành: 0 điểm")
    last = sheet.max_row
    assert [c.value for c in sheet[last]][1:3] == ["Tổng cộng", 100]


def test_export_in_english(tmp_path: Path) -> None:
    out = tmp_path / "annex.md"
    assert invoke("criteria", "export", "province-2017", "--lang", "en", "-o", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "| No. | Criterion | Max points | Scoring guide |" in text
    assert "| 1.1.2 | Mức độ thực hiện kế hoạch CCHC (% nhiệm vụ hoàn thành) | 2 | " \
           "Above 90%: 2 points<br>70% or more: 1 points |" in text


def test_every_rule_type_in_words() -> None:
    with using("vi"):
        table = annex_table(resolve_criteria("hanoi-departments"))
    guides = {row.number: row.guide for row in table.rows}
    assert guides["1.3.2"] == ["Tính tuyến tính: từ 0% (0 điểm) đến 100% (điểm tối đa)"]
    assert guides["3.3.1"] == ["Dưới 1%: 1,5 điểm", "Không quá 3%: 1 điểm",
                               "Không quá 5%: 0,5 điểm"]
    survey = next(g for g in guides.values() if g and g[0].startswith("Điều tra"))
    assert survey[1] == "Thang abcd: A = 1; B = 0,6; C = 0,2; D = 0"


def test_export_refuses_other_formats_and_its_input(tmp_path: Path) -> None:
    code, _, err = invoke("criteria", "export", "province-2017", "-o", tmp_path / "a.txt")
    assert code == 2 and err.strip().endswith(
        "the annex table is written as .xlsx, .docx, .md, .csv; name the file with one of these")
    criteria = tmp_path / "c.xlsx"
    criteria.write_bytes(b"PK")
    assert invoke("criteria", "export", criteria, "-o", criteria)[0] == 2
    assert invoke("criteria", "export", "no-such-set", "-o", tmp_path / "a.xlsx")[0] == 2


def test_a_bad_id_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("criteria", "import", ROOT / "examples" / "annex" / "phu-luc.xlsx",
                          "--id", "Sở Nội vụ", "-o", tmp_path / "c.yaml")
    assert code == 2 and "'Sở Nội vụ' is not a set id" in err


def test_the_criteria_group_lists_its_commands() -> None:
    code, out, _ = invoke("criteria", "--help")
    assert code == 0
    assert re.search(r"^  export\s+Write a criteria set", out, re.M)
    assert re.search(r"^  import\s+Import an annex table", out, re.M)


def _block_after(text: str, marker: str) -> str:
    start = text.index(marker)
    body = text.index("\n", text.index("```", start)) + 1
    return text[body:text.index("\n```", body)]


def test_the_walk_through_shows_the_real_output(tmp_path: Path) -> None:
    """docs/criteria-import.md: the summary and the first lines of the YAML are what
    `parcalc criteria import examples/annex/phu-luc.docx -o so-nganh-2025.yaml` writes."""
    (tmp_path / "examples" / "annex").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "annex" / "phu-luc.docx", tmp_path / "examples" / "annex")
    env = {k: v for k, v in os.environ.items() if k != "PARCALC_LANG"}
    done = subprocess.run([sys.executable, "-m", "parcalc", "criteria", "import",
                           "examples/annex/phu-luc.docx", "-o", "so-nganh-2025.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, check=True)
    page = PAGE.read_text(encoding="utf-8")
    assert _block_after(page, "The summary goes to stderr") == done.stderr.rstrip("\n"), (
        "docs/criteria-import.md: paste the real summary")
    shown = _block_after(page, "The file begins:").splitlines()
    written = (tmp_path / "so-nganh-2025.yaml").read_text(encoding="utf-8").splitlines()
    assert shown == written[:len(shown)], "docs/criteria-import.md: paste the real YAML"


@pytest.mark.parametrize("name", ["phu-luc.docx", "phu-luc.xlsx"])
def test_the_shipped_example_annex_imports(tmp_path: Path, name: str) -> None:
    out = tmp_path / "c.yaml"
    code, _, err = invoke("criteria", "import", ROOT / "examples" / "annex" / name, "-o", out)
    assert code == 0, err
    assert invoke("check", out)[0] == 0
