"""``parcalc sensitivity``: the table at every width, JSON, the workbook, bad options."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from parcalc.api import score_file_run
from parcalc.render.sensitivity import percent, tied_ranks, to_json
from parcalc.sensitivity import Options, UnitSensitivity, sensitivity
from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "2021.xlsx"
FEW = ("--samples", "120")


@pytest.mark.parametrize("width", [60, 72, 80, 100, 120, 160])
def test_the_table_fits_every_width(width: int) -> None:
    code, out, _ = invoke("sensitivity", EXAMPLE, *FEW, "--width", str(width))
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in out
    assert lines[0].startswith("Rank confidence: 120 samples (seed 0)")
    assert "Sở, ngành — " in out and "Quận, huyện, thị xã — " in out
    assert " 1 (1–1) " in out  # median (5th–95th percentile) of the top department
    assert out.count("Mean absolute rank shift: ") == 2
    assert "Statistically" in out and "(ranks)" in out


def test_the_table_lists_each_unit_once_per_table(tmp_path: Path) -> None:
    code, out, _ = invoke("sensitivity", EXAMPLE, *FEW, "--width", "160")
    assert code == 0
    assert out.count("Sở Tài chính") == 1
    assert "Rank under each N/A policy (exclude / zero / full), where they differ:" in out


def test_vietnamese_by_default(vietnamese: None) -> None:
    code, out, _ = invoke("sensitivity", EXAMPLE, *FEW, "--width", "160")
    assert code == 0
    assert out.startswith("Độ tin cậy xếp hạng: 120 mẫu (hạt giống 0); thay đổi: lấy mẫu lại "
                          "phiếu điều tra xã hội học; điểm tối đa lĩnh vực × 0.8 đến 1.2")
    assert "Trung vị" in out and "Ngang hạng thống kê với" in out


def test_json_is_the_library_s(tmp_path: Path) -> None:
    code, out, err = invoke("sensitivity", EXAMPLE, *FEW, "--seed", "9", "--vary",
                            "weights", "--weight-spread", "0.1", "-f", "json")
    assert code == 0
    options = Options(samples=120, seed=9, vary=("weights",), weight_spread=0.1)
    assert out == to_json(sensitivity(score_file_run(EXAMPLE), options))
    doc = json.loads(out)
    assert (doc["samples"], doc["seed"], doc["vary"], doc["weight_spread"]) == (
        120, 9, ["weights"], 0.1)
    assert "warning" in err  # the example's warnings, on stderr
    target = tmp_path / "s.json"
    code, _, err = invoke("sensitivity", EXAMPLE, *FEW, "--seed", "9", "--vary", "weights",
                          "--weight-spread", "0.1", "-o", target)
    assert code == 0 and target.read_text(encoding="utf-8") == out
    assert f"wrote {target} (52 units, 120 samples)" in err


def test_the_workbook_has_numbers_as_numbers(tmp_path: Path) -> None:
    target = tmp_path / "s.xlsx"
    code, _, _ = invoke("sensitivity", EXAMPLE, *FEW, "-o", target)
    assert code == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.title == "Rank confidence"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header = rows[0]
    assert header[:8] == ("Group", "Rank", "Unit id", "Unit", "Band", "Median rank",
                          "Rank, 5th percentile", "Rank, 95th percentile")
    assert header[8:12] == ("P(A)", "P(B)", "P(C)", "P(D)")
    first = dict(zip(header, rows[1], strict=True))
    assert first["Rank"] == 1 and isinstance(first["Median rank"], int)
    assert first["P(A)"] == 1 and first["Rank if N/A scored 0"] == 1
    assert sum(first[f"P({b})"] for b in "ABCD") == pytest.approx(1)
    assert any(row[0] == "Per group" for row in rows)


def test_nothing_to_vary_without_a_survey(tmp_path: Path) -> None:
    criteria = tmp_path / "c.yaml"
    criteria.write_text(TINY_CRITERIA.split('  - id: "3"')[0], encoding="utf-8")
    sheets = {k: v for k, v in tiny_sheets().items() if k != "survey"}
    book = write_workbook(tmp_path / "w.xlsx", sheets)
    code, out, _ = invoke("sensitivity", book, "-c", criteria, "--vary", "survey", "-f", "json")
    assert code == 0
    for u in json.loads(out)["units"]:
        assert u["rank_low"] == u["rank_median"] == u["rank_high"] == u["rank"]
        assert u["band_probability"][u["band"]] == 1.0


@pytest.mark.parametrize(("args", "words"), [
    (("--samples", "0"), "--samples 0 is not a number of samples"),
    (("--vary", "survey,answers"), "--vary 'answers' is not something parcalc can vary; "
                                   "use survey, weights"),
    (("--weight-spread", "1"), "--weight-spread 1.0 is outside [0, 1)"),
    (("--seed", "-3"), "--seed -3 is not a seed"),
])
def test_bad_options_exit_2_before_reading(tmp_path: Path, args: tuple[str, ...],
                                           words: str) -> None:
    target = tmp_path / "s.json"
    code, out, err = invoke("sensitivity", EXAMPLE, *args, "-o", target)
    assert code == 2
    assert words in err and out == ""
    assert "warning" not in err  # the workbook was not read
    assert not target.exists()


def test_a_workbook_cannot_go_to_the_terminal_nor_overwrite_its_input(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "w.xlsx", tiny_sheets())
    criteria = tmp_path / "c.yaml"
    criteria.write_text(TINY_CRITERIA, encoding="utf-8")
    before = book.read_bytes()
    code, _, err = invoke("sensitivity", book, "-c", criteria, "-o", book)
    assert code == 2 and "is an input workbook" in err
    assert book.read_bytes() == before


def test_percentages_never_claim_certainty_they_lack() -> None:
    assert [percent(p) for p in (0, 0.004, 0.5, 0.996, 1)] == ["0", "<1", "50", ">99", "100"]


def tied(uid: str, rank: int, with_: tuple[str, ...] = ()) -> UnitSensitivity:
    return UnitSensitivity(uid, uid, "G", "x", rank, None, rank, rank, rank, {}, {}, with_)


def test_tied_units_are_shown_by_their_ranks_in_runs() -> None:
    """Ranks as scored, with ties (min): 1, 2, 2, 4, 5, 5, 7; a run skips ranks nobody has
    and stops at the unit itself."""
    units = [tied("A", 1), tied("B", 2), tied("C", 2), tied("X", 4), tied("D", 5),
             tied("E", 5), tied("F", 7)]
    assert tied_ranks(tied("X", 4, ("B", "C", "D", "E", "F")), units) == "2, 5–7"
    assert tied_ranks(tied("X", 4, ("A", "C", "D", "E")), units) == "1, C, 5"
    assert tied_ranks(tied("X", 4, ("A", "B", "C")), units) == "1–2"
    assert tied_ranks(tied("X", 4, ()), units) == ""


def test_the_output_in_the_docs_is_the_real_one(vietnamese: None) -> None:
    """docs/commands/sensitivity.md shows lines of the real output, in order ("…": lines left
    out)."""
    page = (ROOT / "docs" / "commands" / "sensitivity.md").read_text(encoding="utf-8")
    block = page.split("```text\n", 1)[1].split("```", 1)[0]
    shown = [line.rstrip() for line in block.splitlines() if line != "…"]
    code, out, _ = invoke("sensitivity", EXAMPLE, "--width", "100")
    assert code == 0
    lines = iter(line.rstrip() for line in out.splitlines())
    missing = [line for line in shown if line not in lines]
    assert not missing, "paste the real output of `parcalc sensitivity examples/2021.xlsx " \
        f"--width 100` into the page; not in it, in this order: {missing}"
