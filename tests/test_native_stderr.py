"""Nothing but parcalc's own lines on stderr (issue 11, item 6).

A date-formatted cell holding -1e308 makes python-calamine panic: Rust's panic hook writes
"thread … panicked at …" (a whole backtrace with RUST_BACKTRACE=1) to file descriptor 2
before Python sees the exception. The reader keeps that text off the terminal. These tests
run parcalc in a subprocess: only there is file descriptor 2 the stderr a user sees.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import xlsxwriter

from parcalc.workbook.native import quiet_stderr
from tests.support import TINY_CRITERIA

ENV = {**os.environ, "RUST_BACKTRACE": "1", "PARCALC_LANG": "en"}


def python(code: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                          capture_output=True, text=True, env=ENV, timeout=120, check=False)


@pytest.fixture
def panicking(tmp_path: Path) -> Path:
    """A workbook whose scores sheet holds -1e308 in a date-formatted cell."""
    path = tmp_path / "panic.xlsx"
    book = xlsxwriter.Workbook(path)
    units = book.add_worksheet("units")
    units.write_row(0, 0, ["unit_id", "name"])
    units.write_row(1, 0, ["U1", "Sở Nội vụ"])
    scores = book.add_worksheet("scores")
    scores.write_row(0, 0, ["unit_id", "criterion_id", "value"])
    scores.write_row(1, 0, ["U1", "1.1"])
    scores.write_number(1, 2, -1e308, book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    return path


def test_calamine_panics_on_the_file_and_writes_to_stderr(panicking: Path) -> None:
    """The premise: read without parcalc, the file makes calamine panic, loudly."""
    done = python("""
        import sys
        from python_calamine import CalamineWorkbook
        sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name("scores")
        try:
            sheet.to_python()
        except BaseException as exc:
            print(type(exc).__name__)
        """, panicking)
    assert done.stdout == "PanicException\n"
    assert "panicked at" in done.stderr
    assert len(done.stderr.splitlines()) > 10  # the backtrace RUST_BACKTRACE=1 asks for


def test_score_prints_only_its_own_line_when_calamine_panics(panicking: Path) -> None:
    (panicking.parent / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "parcalc", "score", panicking.name,
                           "-c", "tiny.yaml"], capture_output=True, text=True, env=ENV,
                          cwd=panicking.parent, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert re.fullmatch(r"panic\.xlsx › scores: cannot read sheet 'scores' \([^()\n]+\); open "
                        r"the file in a spreadsheet and save it again\n", done.stderr), done.stderr
    assert "panicked" not in done.stderr


def test_quiet_stderr_hides_native_writes_and_restores_fd2() -> None:
    """Nested and from two threads at once: hidden inside, shown once the last one leaves."""
    done = python("""
        import os, sys, threading
        from parcalc.workbook.native import quiet_stderr

        def inner():
            with quiet_stderr():
                os.write(2, b"hidden in a thread\\n")

        print("before", file=sys.stderr, flush=True)
        with quiet_stderr():
            with quiet_stderr():
                os.write(2, b"hidden, nested\\n")
            thread = threading.Thread(target=inner)
            thread.start()
            thread.join()
            os.write(2, b"hidden\\n")
        os.write(2, b"shown\\n")
        try:
            with quiet_stderr():
                raise ValueError("x")
        except ValueError:
            pass
        os.write(2, b"shown after an error\\n")
        """)
    assert (done.returncode, done.stderr) == (0, "before\nshown\nshown after an error\n")


def test_quiet_stderr_leaves_fd2_alone_when_sys_stderr_is_not_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Under click's CliRunner (or a notebook) sys.stderr is no file descriptor."""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    before = os.fstat(2)
    with quiet_stderr():
        inside = os.fstat(2)
    assert (inside.st_dev, inside.st_ino) == (before.st_dev, before.st_ino)
