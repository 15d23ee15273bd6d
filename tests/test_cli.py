"""The CLI end to end: outputs against golden files, exit codes, errors without tracebacks.

Regenerate the golden files after an intended change with
``PARCALC_UPDATE_GOLDEN=1 pytest tests/test_cli.py``, then review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from parcalc.cli import cli
from tests.support import invoke, tiny_sheets, write_workbook

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PARCALC_UPDATE_GOLDEN") == "1"




def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.mark.parametrize(("fmt", "name"), [("json", "tiny.json"), ("csv", "tiny.csv")])
def test_score_outputs_match_golden(here: Path, fmt: str, name: str) -> None:
    code, out, err = invoke("score", "tiny.xlsx", "--criteria", "tiny.yaml", "--format", fmt,
                            "--width", "120")
    assert code == 0, err
    golden(name, out)


@pytest.mark.parametrize("width", [80, 160])
def test_score_table_matches_golden(here: Path, vietnamese: None, width: int) -> None:
    code, out, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--width", str(width))
    assert code == 0, err
    golden(f"tiny.table.{width}.txt", out)


def test_json_contract_keys(here: Path) -> None:
    code, out, _ = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-f", "json")
    doc = json.loads(out)
    assert code == 0
    assert set(doc) >= {"parcalc", "units", "warnings"}
    unit = doc["units"][0]
    assert set(unit) >= {"unit_id", "name", "group", "criteria", "points", "max", "index",
                         "rank", "band", "self_points", "domains"}
    assert set(unit["domains"][0]) >= {"id", "title", "points", "max", "index"}
    assert [u["unit_id"] for u in doc["units"]] == ["U1", "U2", "H1"]  # group, then rank


def test_output_files_by_suffix(here: Path) -> None:
    for name in ("r.json", "r.csv"):
        code, out, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-o", name)
        assert code == 0, err
        assert out == ""
        assert f"wrote {name}" in err
    assert json.loads(Path("r.json").read_text(encoding="utf-8"))["units"][0]["points"] == 93.5
    assert Path("r.csv").read_text(encoding="utf-8").splitlines()[0].startswith(
        "\ufeffunit_id,name,group,criteria,points,max,index,rank,band,self_points,"
        "domain_1_points")  # a byte-order mark first, so that Excel reads UTF-8


@pytest.mark.parametrize(("args", "wrote"), [
    (["-o", "r.json"], "wrote r.json (3 units)\n"),
    (["-o", "r.csv"], "wrote r.csv (3 units)\n"),
    (["-o", "r.xlsx"], "wrote r.xlsx (3 units)\n"),
    (["-o", "r.txt", "-f", "table", "--width", "120"], "wrote r.txt\n"),
    (["--into-workbook"], "wrote tiny-parcalc.xlsx (result sheets added)\n"),
])
def test_score_says_what_it_wrote(here: Path, args: list[str], wrote: str) -> None:
    code, out, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", *args)
    assert (code, out, err) == (0, "", wrote)


def test_a_table_written_to_a_file_is_the_table_printed(here: Path, vietnamese: None) -> None:
    invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-f", "table", "-o", "r.txt",
           "--width", "80")
    assert Path("r.txt").read_text(encoding="utf-8") == (
        GOLDEN / "tiny.table.80.txt").read_text(encoding="utf-8")


def test_score_o_xlsx_writes_the_ranking_report(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "ranking.xlsx")
    assert code == 0, err
    book = openpyxl.load_workbook("ranking.xlsx", read_only=True)
    assert book.sheetnames == ["Xếp hạng Sở", "Xếp hạng Huyện", "Chỉ số thành phần",
                               "Biểu đồ", "Tự đánh giá - Thẩm định", "Chi tiết", "Tóm tắt"]
    first = next(book["Xếp hạng Sở"].iter_rows(min_row=5, max_row=5, values_only=True))
    assert list(first) == [1, "U1", "Sở Nội vụ", 93.5, 100, 93.5, "A", 100, -6.5]


def test_output_format_conflict_and_input_overwrite_are_usage_errors(here: Path) -> None:
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-f", "csv", "-o", "x.json")
    assert code == 2
    assert "--format csv does not match the output file x.json" in err
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "tiny.xlsx")
    assert code == 2
    assert "is an input workbook" in err


def test_usage_errors_exit_2(here: Path) -> None:
    code, _, err = invoke("score", "missing.xlsx", "-c", "tiny.yaml")
    assert code == 2
    assert "missing.xlsx" in err
    code, _, err = invoke("score", "tiny.xlsx", "-c", "no-such-set")
    assert code == 2
    assert "criteria 'no-such-set' is neither a file nor a shipped set" in err
    assert "hanoi-departments" in err
    code, _, err = invoke("score", "tiny.xlsx")
    assert code == 2
    assert "--criteria" in err
    code, _, _ = invoke("score", "tiny.xlsx", "--format", "pdf")
    assert code == 2


def test_bad_input_exit_1_one_line_each_no_traceback(here: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"][2] = ["U1", "1.2", None, "nhiều"]
    sheets["scores"][3] = ["U1", "2.1", None, "abc"]
    write_workbook(Path("bad.xlsx"), sheets)
    code, out, err = invoke("score", "bad.xlsx", "-c", "tiny.yaml")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines == [
        "bad.xlsx › scores!D3: criterion '1.2' (threshold): 'nhiều' is not a number; enter a "
        "number (a decimal comma or a % sign is fine)",
        "bad.xlsx › scores!D4: criterion '2.1' (points): 'abc' is not a number; enter the "
        "points awarded (a decimal comma or a % sign is fine)",
        "2 errors (scores: 2); nothing was scored or written",
    ]


def test_not_a_workbook_exit_1(here: Path) -> None:
    Path("notes.xlsx").write_text("<html>not a workbook</html>", encoding="utf-8")
    code, _, err = invoke("score", "notes.xlsx", "-c", "tiny.yaml")
    assert code == 1
    assert err == ("notes.xlsx: an HTML or XML file (a web page saved as a workbook?), not a "
                   "workbook in .xlsx, .xlsm, .xls or .ods form; open it in a spreadsheet and "
                   "save it as .xlsx\n")
    assert "Traceback" not in err


def test_debug_shows_the_traceback(here: Path) -> None:
    Path("notes.xlsx").write_text("nope", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "notes.xlsx", "-c", "tiny.yaml", "--debug"])
    assert result.exit_code != 0
    assert result.exception is not None  # re-raised for the traceback


def test_shipped_criteria_check_clean_and_resolve_by_id(here: Path) -> None:
    root = Path(__file__).parents[1]
    code, out, err = invoke("check", str(root / "criteria"))
    assert (code, out) == (0, ""), out
    assert "3 files checked: 0 errors, 0 warnings" in err
    code, out, err = invoke("score", "tiny.xlsx", "-c", "hanoi-departments")
    assert code == 1  # the tiny workbook's ids are not in that set
    assert "criterion '1.1' has sub-criteria (1.1.1, 1.1.2); enter values for those" in err


def test_example_workbook_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).parents[1]
    monkeypatch.chdir(root)
    code, out, err = invoke("score", "examples/2021.xlsx", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    groups = {u["group"] for u in doc["units"]}
    assert groups == {"Sở, ngành", "Quận, huyện, thị xã"}
    assert len(doc["units"]) == 52
    assert all(0 <= u["index"] <= 100 for u in doc["units"])


@pytest.mark.parametrize("option", ["--help", "-h", "--version", "-V"])
def test_help_and_version_load_neither_click_nor_pandas(option: str) -> None:
    # main(), as the console script runs it (run() leaves at once: nothing could be printed)
    code = (f"import sys; sys.argv=['parcalc', {option!r}]\n"
            "from parcalc.cli import main\n"
            "try:\n main(sys.argv[1:])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'rich', 'click') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "COLUMNS": "80"}).stdout
    assert ("Usage: parcalc" in out) == (option in ("--help", "-h"))
    assert out.strip().endswith("[]")


@pytest.mark.parametrize("width", range(50, 99))
def test_the_fast_help_page_is_clicks_at_every_width(width: int,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from parcalc.cli.fasthelp import help_page

    with pytest.raises(SystemExit):
        cli.main(["--help"], prog_name="parcalc", terminal_width=width)
    assert help_page(width) == capsys.readouterr().out


def test_fast_version_and_help_are_what_click_prints() -> None:
    env = {**os.environ, "COLUMNS": "77"}
    for option in ("--version", "--help"):
        fast = subprocess.run([sys.executable, "-m", "parcalc", option], capture_output=True,
                              text=True, env=env)
        slow = subprocess.run([sys.executable, "-m", "parcalc", option], capture_output=True,
                              text=True, env={**env, "PARCALC_NO_FAST_HELP": "1"})
        assert (fast.returncode, fast.stdout) == (slow.returncode, slow.stdout)
        assert fast.returncode == 0 and fast.stdout


@pytest.mark.parametrize("command", ["score", "check", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = invoke(command, "-h")
    assert code == 0
    assert "Example:" in out


def test_commands_load_on_first_use_and_all_are_listed() -> None:
    import click

    from parcalc.cli import COMMANDS, cli

    code, out, _ = invoke("--help")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines()
              if line.startswith("  ") and not line.startswith("   ")]
    assert listed == sorted(COMMANDS)
    with click.Context(cli) as ctx:
        for name in COMMANDS:
            command = cli.get_command(ctx, name)
            assert isinstance(command, click.Command) and command.name == name
            assert command.help and command.short_help == COMMANDS[name][2]


def test_the_console_script_collects_garbage_less_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """run() (the ``parcalc`` process) raises the collector's thresholds; the library, imported
    into someone else's process, leaves them as they were."""
    import gc

    import parcalc.cli as cli
    from parcalc.api import score_file

    before = gc.get_threshold()
    score_file(Path(__file__).resolve().parent.parent / "examples" / "2021.xlsx")
    assert gc.get_threshold() == before
    exits: list[int] = []
    monkeypatch.setattr(cli, "main", lambda: 0)
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    try:
        cli.run()
        assert gc.get_threshold() == cli.GC_THRESHOLDS != before
        assert exits == [0]
    finally:
        gc.set_threshold(*before)
