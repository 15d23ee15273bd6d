"""One overwrite rule (docs/commands/index.md): a file the user named with ``-o`` is replaced
(atomically); a file parcalc names itself — ``export``'s ``NAME-report.xlsx``,
``--into-workbook``'s ``NAME-parcalc.xlsx`` — is never replaced without ``--force``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

OLD = b"an older file the user named"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def two_years(here: Path) -> Path:
    write_workbook(here / "2022.xlsx", tiny_sheets())
    return here


@pytest.mark.parametrize(("args", "out"), [
    (["score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.json"], "r.json"),
    (["score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.csv"], "r.csv"),
    (["score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.xlsx"], "r.xlsx"),
    (["score", "tiny.xlsx", "-c", "tiny.yaml", "-f", "table", "-o", "r.txt"], "r.txt"),
    (["report", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.xlsx"], "r.xlsx"),
    (["report", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.docx"], "r.docx"),
    (["compare", "tiny.xlsx", "2022.xlsx", "-c", "tiny.yaml", "-o", "c.json"], "c.json"),
    (["compare", "tiny.xlsx", "2022.xlsx", "-c", "tiny.yaml", "-o", "c.xlsx"], "c.xlsx"),
    (["template", "tiny.yaml", "-o", "t.xlsx"], "t.xlsx"),
    (["score", "tiny.xlsx", "-c", "tiny.yaml", "--into-workbook", "-o", "mine.xlsx"],
     "mine.xlsx"),
])
def test_a_file_named_with_o_is_replaced(two_years: Path, args: list[str], out: str) -> None:
    (two_years / out).write_bytes(OLD)
    code, stdout, err = invoke(*args)
    assert (code, stdout) == (0, ""), err
    assert err.splitlines()[-1].startswith(f"wrote {out}")
    data = (two_years / out).read_bytes()
    assert data != OLD
    if out.endswith(".xlsx"):
        assert openpyxl.load_workbook(two_years / out).sheetnames
    elif out.endswith(".json"):
        assert json.loads(data)["parcalc"]
    assert sorted(p.name for p in two_years.iterdir() if p.name.startswith(".")) == []


def test_into_workbook_keeps_its_own_copy_without_force(here: Path) -> None:
    target = here / "tiny-parcalc.xlsx"
    target.write_bytes(OLD)
    code, out, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--into-workbook")
    assert (code, out) == (2, "")
    assert err == "tiny-parcalc.xlsx: exists; pass --force to overwrite it\n"
    assert target.read_bytes() == OLD
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--into-workbook", "--force")
    assert code == 0, err
    assert openpyxl.load_workbook(target).sheetnames[-2:] == ["PAR results", "PAR details"]


@pytest.fixture
def books(tmp_path: Path) -> Path:
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    (tmp_path / "in").mkdir()
    for year in ("2020", "2021"):
        write_workbook(tmp_path / "in" / f"{year}.xlsx", tiny_sheets())
    return tmp_path


def export(books: Path, *more: str) -> tuple[int, str, str]:
    return invoke("export", books / "in", "--out-dir", books / "out", "-c",
                  books / "tiny.yaml", *more)


def test_export_writes_nothing_while_a_report_exists(books: Path) -> None:
    (books / "out").mkdir()
    kept = books / "out" / "2021-report.xlsx"
    kept.write_bytes(OLD)
    code, out, err = export(books)
    assert (code, out) == (2, "")
    assert err == f"{kept}: exists; pass --force to overwrite it\n"
    assert sorted(p.name for p in (books / "out").iterdir()) == ["2021-report.xlsx"]
    assert kept.read_bytes() == OLD
    code, _, err = export(books, "--force")
    assert code == 0, err
    assert kept.read_bytes() != OLD
    assert sorted(p.name for p in (books / "out").iterdir()) == ["2020-report.xlsx",
                                                                 "2021-report.xlsx"]


def test_export_names_every_report_in_the_way(books: Path) -> None:
    assert export(books)[0] == 0
    before = {p.name: digest(p) for p in (books / "out").iterdir()}
    code, _, err = export(books)
    assert code == 2
    assert err.splitlines() == [
        f"{books / 'out' / '2020-report.xlsx'}: exists; pass --force to overwrite it",
        f"{books / 'out' / '2021-report.xlsx'}: exists; pass --force to overwrite it",
        "2 errors (file: 2); nothing was scored or written",
    ]
    assert {p.name: digest(p) for p in (books / "out").iterdir()} == before
