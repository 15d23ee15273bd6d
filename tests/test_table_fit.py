"""The score table reads at every terminal width from 60 columns: numbers in full, names
wrapped (never cut), one language at a time."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from parcalc.api import score_file
from parcalc.cli.output import recorded_text
from parcalc.compare import Comparison, compare_files
from parcalc.explain import Explanation, explain
from parcalc.render.compare import render_tables as compare_tables
from parcalc.render.explain import render as render_explanation
from tests.support import invoke

ROOT = Path(__file__).parents[1]
EXAMPLE = "examples/2021.xlsx"


@pytest.fixture(scope="module")
def units() -> list[dict[str, object]]:
    code, out, err = invoke("score", ROOT / EXAMPLE, "-f", "json")
    assert code == 0, err
    records: list[dict[str, object]] = json.loads(out)["units"]
    return records


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_every_rank_index_and_band_in_full(units: list[dict[str, object]], width: int,
                                           vietnamese: None) -> None:
    code, out, err = invoke("score", ROOT / EXAMPLE, "--width", str(width))
    assert code == 0, err
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width
    for u in units:
        row = re.compile(rf"│\s+{u['rank']} │.*│\s+{u['index']:.2f} │\s+{u['band']}\s+│")
        assert any(row.search(line) for line in out.splitlines()), (width, u["unit_id"])


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_every_domain_index_in_full(units: list[dict[str, object]], width: int) -> None:
    code, out, _ = invoke("score", ROOT / EXAMPLE, "--width", str(width))
    assert code == 0
    cells = re.findall(r"\b\d+\.\d\d\b", out)
    for u in units:
        for d in u["domains"]:  # type: ignore[attr-defined]
            assert f"{d['index']:.2f}" in cells


def test_names_wrap_never_cut(vietnamese: None) -> None:
    code, out, _ = invoke("score", ROOT / EXAMPLE, "--width", "60")
    assert code == 0
    text = " ".join(re.findall(r"│ ([^│]*?) *│", out))
    for word in ["Sở", "Nông", "nghiệp", "và", "Phát", "triển", "nông", "thôn"]:
        assert word in text


def test_headers_in_vietnamese_by_default(vietnamese: None) -> None:
    code, out, _ = invoke("score", ROOT / EXAMPLE)
    assert code == 0
    for header in ("Hạng", "Đơn vị", "Chỉ số", "Xếp loại"):
        assert header in out
    for header in ("Rank", "Unit", "Index", "Band"):
        assert header not in out


def test_headers_in_english_with_lang_en(vietnamese: None) -> None:
    code, out, _ = invoke("score", ROOT / EXAMPLE, "--lang", "en")
    assert code == 0
    for header in ("Rank", "Unit", "Index", "Band"):
        assert header in out
    for header in ("Hạng", "Đơn vị", "Chỉ số", "Xếp loại"):
        assert header not in out


def test_domains_beside_when_they_fit_else_in_blocks() -> None:
    _, wide, _ = invoke("score", ROOT / EXAMPLE, "--width", "160")
    _, narrow, _ = invoke("score", ROOT / EXAMPLE, "--width", "80")
    assert "component index of each domain (%): D1" not in wide
    assert "component index of each domain (%): D1 – D4" in narrow
    assert "component index of each domain (%): D5 – D8" in narrow


def test_csv_file_starts_with_a_bom_stdout_does_not(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    code, _, err = invoke("score", ROOT / EXAMPLE, "-o", out)
    assert code == 0, err
    assert out.read_bytes().startswith(b"\xef\xbb\xbfunit_id,")
    code, stdout, _ = invoke("score", ROOT / EXAMPLE, "-f", "csv")
    assert code == 0 and stdout.startswith("unit_id,")


def test_csv_for_vietnamese_excel(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    code, _, err = invoke("score", ROOT / EXAMPLE, "-o", out, "--sep", ";", "--decimal", ",")
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.startswith("unit_id;name;group;criteria;points;max;index;rank;band")
    assert first.split(";")[6] == "95,61"


# --------------------------------------------------------------------------- compare, explain

OLD = "examples/2020.xlsx"
WIDTHS = [60, 80, 100, 120, 160]


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare_files(ROOT / OLD, ROOT / EXAMPLE)


@pytest.fixture(scope="module")
def stc() -> Explanation:
    return explain(score_file(ROOT / EXAMPLE), "STC")


def fits(out: str, width: int) -> None:
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width


def change(value: Decimal | float | None) -> str:
    assert value is not None
    return f"{value:+.2f}" if value else f"{value:.2f}"


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_fits_every_width(comparison: Comparison, width: int, vietnamese: None) -> None:
    out = recorded_text(lambda c: compare_tables(comparison, c), width)
    fits(out, width)
    cells = set(re.findall(r"[+-]?\d+\.\d\d", out))
    for u in comparison.units:
        assert f"{u.old_index} → {u.new_index}" in out, (width, u.unit_id)
        assert re.search(rf"(?<!\d){u.old_rank} → +{u.new_rank}(?!\d)", out), u
        assert f"{u.old_band} → {u.new_band}" in out
        assert change(u.index_change) in cells
        for d in u.domains:
            assert change(d.index_change) in cells, (width, u.unit_id, d.id)
    text = " ".join(re.findall(r"│ ([^│]*?) *│", out))
    for word in ["Sở", "Nông", "nghiệp", "và", "Phát", "triển", "nông", "thôn"]:
        assert word in text  # names wrap, never cut


def test_compare_cli_width(vietnamese: None) -> None:
    code, out, err = invoke("compare", ROOT / OLD, ROOT / EXAMPLE, "--width", "60")
    assert code == 0, err
    fits(out, 60)
    assert "┃ Thay đổi ┃" not in out  # each change under its pair
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "94.11 → 95.61" in line)
    assert "▲ +1.50" in lines[at + 1] and "▲ 1" in lines[at + 1]


def test_compare_changes_beside_when_they_fit(comparison: Comparison, vietnamese: None) -> None:
    out = recorded_text(lambda c: compare_tables(comparison, c), 80)
    assert "┃ Thay đổi ┃" in out
    assert any("94.11 → 95.61 │  ▲ +1.50 │  2 →  1 │ ▲ 1 │" in line
               for line in out.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_explain_fits_every_width(stc: Explanation, width: int, vietnamese: None) -> None:
    out = recorded_text(lambda c: c.print(render_explanation(stc, 0, c.width)), width)
    fits(out, width)
    numbers = set(re.findall(r"\d+\.\d\d", out))
    for n in stc.nodes:
        assert {f"{n.points:.2f}", f"{n.max:.2f}"} <= numbers, (width, n.id)
    table = out.split("Mất điểm nhiều nhất")[1]
    for n in stc.lost:
        row = re.compile(rf"│ {re.escape(n.id)} +│.*│ +{n.lost:.2f} │ +{n.points:.2f} │"
                         rf" +{n.max:.2f} │")
        assert any(row.search(line) for line in table.splitlines()), (width, n.id)


def test_explain_cli_width(vietnamese: None) -> None:
    code, out, err = invoke("explain", ROOT / EXAMPLE, "STC", "--width", "60")
    assert code == 0, err
    fits(out, 60)
    assert "Mất điểm nhiều nhất — 10 / " in out
