"""Guarantee 2 of issue 5: inputs are never modified unless told (--in-place), and every
file parcalc writes appears whole or not at all, even when the process is killed.

- Inputs: every command, run on hashed inputs, leaves them byte-identical; only
  ``--into-workbook --in-place`` changes its workbook; naming any input (a workbook, the
  criteria, a units list) as the output is a usage error.
- Kills: ``parcalc report -o T`` and ``parcalc score W --into-workbook --in-place`` are
  SIGKILLed at seeded random points (before the temporary file exists, while it is being
  written, after the rename); T is always the old bytes or a complete new file, leftover
  temporaries are hidden ``.T.*.tmp`` files, and a normal run afterwards replaces T.
- Concurrency: two ``parcalc export --force`` into one folder, two ``score -o`` onto one file.
- ``parcalc.atomic`` itself: errors, permissions, fsync, a missing folder, threads.

The kill and concurrency tests run ``sys.executable -m parcalc`` in subprocesses, two at a
time (two lanes of trials, each in its own folder). They use a trimmed copy of
examples/2021.xlsx (2 units per group, every sheet kept): on the full example a report
takes ~5 s (1.4 s of imports, ~2 s reading and scoring, ~1.5 s writing), too long for a
dozen kills per scenario.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc import atomic
from parcalc.errors import UsageError
from parcalc.into import RESULT_SHEETS
from tests.support import invoke

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FORMATS = ROOT / "tests" / "data" / "formats"
SEED = 5_2021
#: kills per scenario, split over two lanes (PARCALC_KILLS=100 for a longer run by hand)
KILLS = int(os.environ.get("PARCALC_KILLS", "12"))
PER_GROUP = 2  # units kept per group in the trimmed example
POLL = 0.002  # seconds between looks at the folder while a run is watched


# --- helpers -----------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def parcalc_cmd(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "parcalc", *map(str, args)]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(parcalc_cmd(*args), cwd=cwd, capture_output=True, text=True,
                          timeout=180, check=False)


def temporaries(folder: Path, target: Path) -> list[str]:
    """Temporary files of atomic writes onto ``target``: ``.NAME.<random>.tmp``."""
    prefix = f".{target.name}."
    return sorted(e.name for e in os.scandir(folder)
                  if e.name.startswith(prefix) and e.name.endswith(".tmp"))


TMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


def assert_only(folder: Path, expected: set[str]) -> list[str]:
    """``folder`` holds ``expected`` plus hidden temporaries only; returns the temporaries.

    A leftover temporary must never look like a report or a workbook (it is hidden and
    ends in .tmp), so neither a person nor ``parcalc export FOLDER`` takes it for one.
    """
    names = set(os.listdir(folder))
    assert expected <= names, f"missing: {sorted(expected - names)}"
    extra = sorted(names - expected)
    bad = [n for n in extra if not TMP_NAME.match(n)]
    assert not bad, f"unexpected files beside the target: {bad}"
    return extra


def trim_example(source: Path, target: Path, per_group: int) -> None:
    """``source`` with only the first ``per_group`` units of each group (every sheet kept)."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(source))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    units = sheets["units"]
    group_col, id_col = units[0].index("group"), units[0].index("unit_id")
    counts: Counter[str] = Counter()
    keep = set()
    for row in units[1:]:
        if counts[row[group_col]] < per_group:
            counts[row[group_col]] += 1
            keep.add(row[id_col])

    def cell(value: Any) -> Any:
        if value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    out = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
    for name, rows in sheets.items():
        if rows and "unit_id" in rows[0]:
            col = rows[0].index("unit_id")
            rows = [rows[0], *(r for r in rows[1:] if r[col] in keep)]
        sheet = out.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if cell(value) is not None:
                    sheet.write(r, c, cell(value))
    out.close()


def check_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path.name}: a corrupt part"


def report_view(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A ranking report's sheet names and the ranked rows of its first sheet."""
    check_zip(path)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [r for r in book.worksheets[0].iter_rows(max_row=60, values_only=True)
                if r and isinstance(r[0], int)]
        return list(book.sheetnames), rows
    finally:
        book.close()


def workbook_view(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A workbook's sheet names and the first rows of the results sheet, if any."""
    check_zip(path)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        name = RESULT_SHEETS["vi"][0]
        rows = (list(book[name].iter_rows(max_row=8, values_only=True))
                if name in book.sheetnames else [])
        return list(book.sheetnames), rows
    finally:
        book.close()


@dataclass
class Watch:
    """Times (s from start) a run's temporary appeared, the target was replaced, it ended."""

    tmp: float | None = None
    replaced: float | None = None
    ended: float = 0.0
    code: int | None = None


def watched(cmd: list[str], cwd: Path, target: Path) -> Watch:
    """Run ``cmd`` to its end, noting when the write onto ``target`` began and ended."""
    inode = target.stat().st_ino if target.exists() else None
    watch = Watch()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:
        now = time.monotonic() - start
        if watch.tmp is None and temporaries(target.parent, target):
            watch.tmp = now
        if watch.replaced is None and target.exists() and target.stat().st_ino != inode:
            watch.replaced = now
        time.sleep(POLL)
    watch.ended = time.monotonic() - start
    _, err = proc.communicate()
    watch.code = proc.returncode
    assert proc.returncode == 0, err.decode()
    return watch


# --- kill trials -------------------------------------------------------------------------


@dataclass
class Trial:
    """One run killed at a planned point.

    plan: ``before`` (a delay shorter than the time the temporary takes to appear),
    ``during`` (a delay after the temporary appears, within the write's length),
    ``partial`` (as soon as the temporary has bytes in it), ``after`` (as soon as the
    target was replaced, before the process ends).
    """

    plan: str
    delay: float
    landed: str = ""
    left: list[str] = field(default_factory=list)
    at: float = 0.0


def plan_trials(rng: random.Random, watch: Watch, count: int) -> list[Trial]:
    assert watch.tmp is not None and watch.replaced is not None, "the write was not seen"
    plans = ["before"] * (count // 4) + ["after"] * max(1, count // 12)
    plans += ["partial"] * ((count - len(plans)) // 3)
    plans += ["during"] * (count - len(plans))
    rng.shuffle(plans)
    start, write = watch.tmp, watch.replaced - watch.tmp
    delays = {"before": lambda: rng.uniform(0.05, 0.6) * start,
              "during": lambda: rng.uniform(0.0, 0.9) * write,
              "partial": lambda: 0.0, "after": lambda: 0.0}
    return [Trial(p, delays[p]()) for p in plans]


def kill_trial(trial: Trial, cmd: list[str], cwd: Path, target: Path, old: bytes,
               is_new: Callable[[Path], None]) -> None:
    """Run ``cmd``, SIGKILL it as ``trial`` plans, check ``target`` and the folder.

    The run's TMPDIR is ``cwd``'s sibling ``<cwd>-systmp``, to count what a library's own
    temporary files (xlsxwriter keeps each XML part in one until it zips them) leave there.
    """
    systmp = cwd.with_name(cwd.name + "-systmp")
    systmp.mkdir(exist_ok=True)
    target.write_bytes(old)
    inode = target.stat().st_ino
    before = set(temporaries(target.parent, target))
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(systmp)})
    try:
        def wait(cond: Callable[[], bool]) -> None:
            while proc.poll() is None and not cond():
                time.sleep(POLL)

        def new_tmps() -> list[str]:
            return sorted(set(temporaries(target.parent, target)) - before)

        if trial.plan == "before":
            time.sleep(trial.delay)
        elif trial.plan == "during":
            wait(lambda: bool(new_tmps()))
            time.sleep(trial.delay)
        elif trial.plan == "partial":
            def filling() -> bool:
                sizes = []
                for name in new_tmps():
                    with contextlib.suppress(FileNotFoundError):
                        sizes.append((target.parent / name).stat().st_size)
                return any(sizes)
            wait(filling)
        else:
            wait(lambda: target.stat().st_ino != inode)
        proc.send_signal(signal.SIGKILL)  # does nothing if the run has ended
        trial.at = time.monotonic() - start
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.returncode == 0, f"{trial}: the run failed ({proc.returncode})"
    left = sorted(set(temporaries(target.parent, target)) - before)
    trial.left = left
    replaced = target.stat().st_ino != inode
    if not killed:
        trial.landed = "finished"
    elif left:
        sizes = [(target.parent / n).stat().st_size for n in left]
        trial.landed = "during (temporary partly written)" if any(sizes) else (
            "during (temporary still empty)")
    elif replaced:
        trial.landed = "after the rename"
    else:
        trial.landed = "before the write"
    if replaced:
        is_new(target)
    else:
        assert target.read_bytes() == old, f"{trial}: the old file was changed in place"
    assert len(left) <= 1, f"{trial}: several temporaries for one write: {left}"


def run_lanes(trials: list[Trial], lanes: Sequence[Callable[[Trial], None]]) -> None:
    """Run the trials on the lanes (one thread each, trials of a lane in turn)."""
    def lane(k: int) -> None:
        for trial in trials[k::len(lanes)]:
            lanes[k](trial)

    with ThreadPoolExecutor(len(lanes)) as pool:
        for future in [pool.submit(lane, k) for k in range(len(lanes))]:
            future.result()


def tally(name: str, trials: list[Trial], root: Path) -> str:
    counts = Counter(t.landed for t in trials)
    plans = Counter(t.plan for t in trials)
    strays = sum(len(os.listdir(d)) for d in root.glob("*-systmp"))
    line = (f"{name}: {len(trials)} kills planned {dict(plans)}; landed {dict(counts)}; "
            f"kill times {min(t.at for t in trials):.2f}-{max(t.at for t in trials):.2f} s; "
            f"{strays} files left in TMPDIR")
    print(line)
    return line


# --- fixtures ----------------------------------------------------------------------------


@dataclass
class Small:
    folder: Path
    workbook: Path  # the trimmed example (settings name the shipped criteria sets)
    report_vi: Path
    report_en: Path
    watch_vi: Watch  # times of the Vietnamese report's run


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Small:
    folder = tmp_path_factory.mktemp("small")
    workbook = folder / "2021.xlsx"
    trim_example(EXAMPLES / "2021.xlsx", workbook, PER_GROUP)
    en = subprocess.Popen(parcalc_cmd("report", workbook, "-o", "ref-en.xlsx", "--lang", "en"),
                          cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    (folder / "ref-vi.xlsx").write_bytes(b"")
    watch = watched(parcalc_cmd("report", workbook, "-o", "ref-vi.xlsx"), folder,
                    folder / "ref-vi.xlsx")
    _, err = en.communicate(timeout=180)
    assert en.returncode == 0, err.decode()
    return Small(folder, workbook, folder / "ref-vi.xlsx", folder / "ref-en.xlsx", watch)


# --- 1. inputs are never modified --------------------------------------------------------


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """canonical.xlsx twice, tiny.yaml, a units list, and a copy for --in-place."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx", "inplace.xlsx"):
        shutil.copyfile(FORMATS / "canonical.xlsx", folder / name)
    shutil.copyfile(FORMATS / "tiny.yaml", folder / "tiny.yaml")
    (folder / "units.csv").write_text("unit_id,name,group\nU1,Sở Nội vụ,Sở\n", encoding="utf-8")
    return folder


def test_no_command_modifies_its_inputs(inputs: Path, tmp_path: Path, vietnamese: None) -> None:
    """Every command on hashed inputs (in-process: the CLI code is the same, and a dozen
    subprocesses would cost ~25 s); only --into-workbook --in-place changes its workbook,
    and a normal run leaves no temporary behind."""
    out = tmp_path / "out"
    out.mkdir()
    a, b, crit, units = (inputs / n for n in ("a.xlsx", "b.xlsx", "tiny.yaml", "units.csv"))
    before = hashes(inputs)
    commands: list[list[str | Path]] = [
        ["score", a, "-c", crit],
        ["score", a, "-c", crit, "-f", "json"],
        ["score", a, "-c", crit, "-f", "csv"],
        ["score", a, "-c", crit, "-o", out / "score.xlsx"],
        ["score", a, "-c", crit, "-o", out / "score.json"],
        ["score", a, "-c", crit, "-o", out / "score.csv"],
        ["score", a, "-c", crit, "-o", out / "table.txt", "-f", "table"],
        ["report", a, "-c", crit, "-o", out / "report.xlsx"],
        ["export", inputs, "-c", crit, "--out-dir", out / "exported"],
        ["compare", a, b, "-c", crit, "-o", out / "compare.xlsx"],
        ["compare", a, b, "-c", crit, "-o", out / "compare.json"],
        ["explain", a, "U1", "-c", crit],
        ["explain", a, "U1", "-c", crit, "-f", "json"],
        ["template", crit, "--units", units, "-o", out / "template.xlsx"],
        ["score", a, "-c", crit, "--into-workbook", "-o", out / "into.xlsx"],
        ["score", b, "-c", crit, "--into-workbook"],
    ]
    for args in commands:
        code, _, err = invoke(*args)
        assert code == 0, (args, err)
        now = hashes(inputs)
        assert {k: now.get(k) for k in before} == before, args
    assert set(hashes(inputs)) - set(before) == {"b-parcalc.xlsx"}  # the copy, beside b
    code, _, err = invoke("score", inputs / "inplace.xlsx", "-c", crit, "--into-workbook",
                          "--in-place")
    assert code == 0, err
    after = hashes(inputs)
    changed = sorted(k for k in before if after[k] != before[k])
    assert changed == ["inplace.xlsx"]
    names, rows = workbook_view(inputs / "inplace.xlsx")
    assert names[-2:] == list(RESULT_SHEETS["vi"]) and len(rows) == 4
    for folder in (inputs, out, out / "exported"):
        assert not [n for n in os.listdir(folder) if n.endswith(".tmp")], folder


def test_the_output_cannot_be_the_input_workbook(inputs: Path) -> None:
    a, crit = inputs / "a.xlsx", inputs / "tiny.yaml"
    before = hashes(inputs)
    for args in (["score", a, "-c", crit, "-o", a],
                 ["report", a, "-c", crit, "-o", a],
                 ["compare", a, inputs / "b.xlsx", "-c", crit, "-o", a],
                 ["score", a, "-c", crit, "--into-workbook", "-o", a]):
        code, _, err = invoke(*args)
        assert code == 2, (args, err)
        assert "Traceback" not in err and "input" in err, (args, err)
    assert hashes(inputs) == before


OTHER_INPUTS = {
    "score -f json -o CRITERIA": (["score", "a.xlsx", "-c", "tiny.yaml", "-f", "json",
                                   "-o", "tiny.yaml"], "tiny.yaml"),
    "score --into-workbook -o CRITERIA": (["score", "a.xlsx", "-c", "tiny.yaml",
                                           "--into-workbook", "-o", "tiny.yaml"], "tiny.yaml"),
    "compare -f json -o CRITERIA": (["compare", "a.xlsx", "b.xlsx", "-c", "tiny.yaml",
                                     "-f", "json", "-o", "tiny.yaml"], "tiny.yaml"),
    "template --units U.xlsx -o U.xlsx --force": (["template", "tiny.yaml", "--units",
                                                   "units.xlsx", "-o", "units.xlsx",
                                                   "--force"], "units.xlsx"),
}


@pytest.mark.parametrize("case", sorted(OTHER_INPUTS))
def test_the_output_cannot_be_another_input(inputs: Path, case: str) -> None:
    args, victim = OTHER_INPUTS[case]
    code, _, _ = invoke("template", inputs / "tiny.yaml", "--units", inputs / "units.csv",
                        "-o", inputs / "units.xlsx")
    assert code == 0
    before = hashes(inputs)
    code, _, err = invoke(*[str(inputs / a) if (inputs / a).exists() else a for a in args])
    assert hashes(inputs)[victim] == before[victim], f"{case}: {victim} was overwritten"
    assert code == 2 and "input" in err


# --- 2. and 3. SIGKILL at random points --------------------------------------------------


def test_kill_while_writing_a_report(small: Small, tmp_path: Path, vietnamese: None) -> None:
    """``report -o T``: T is the old report (English) byte for byte, or a complete new one."""
    old = small.report_en.read_bytes()
    expected = report_view(small.report_vi)
    assert report_view(small.report_en)[0] != expected[0]  # old and new are told apart
    trials = plan_trials(random.Random(SEED), small.watch_vi, KILLS)

    def is_new(path: Path) -> None:
        assert report_view(path) == expected

    lanes = []
    for k in range(2):
        lane = tmp_path / f"lane{k}"
        lane.mkdir()
        target = lane / "ranking.xlsx"
        cmd = parcalc_cmd("report", small.workbook, "-o", target)
        lanes.append(lambda t, c=cmd, d=lane, g=target: kill_trial(t, c, d, g, old, is_new))
    run_lanes(trials, lanes)
    w = small.watch_vi
    assert w.replaced is not None and w.tmp is not None
    tally(f"report -o (write {w.replaced - w.tmp:.2f} s of {w.ended:.2f} s)", trials, tmp_path)
    landed = Counter(t.landed.split(" (")[0] for t in trials)
    assert landed["during"] >= 2, "too few kills landed while the report was being written"
    assert landed["before the write"] >= 1
    # leftovers are hidden temporaries; a normal run then replaces T (in the lane with
    # the most leftovers: one final run, to save time)
    lefts = [assert_only(tmp_path / f"lane{k}", {"ranking.xlsx"}) for k in range(2)]
    lane = tmp_path / f"lane{max(range(2), key=lambda k: len(lefts[k]))}"
    target = lane / "ranking.xlsx"
    inode = target.stat().st_ino
    result = run("report", small.workbook, "-o", target, cwd=lane)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_ino != inode and report_view(target) == expected
    assert assert_only(lane, {"ranking.xlsx"}) == max(lefts, key=len)  # no new leftovers


def test_kill_while_writing_into_a_workbook(small: Small, tmp_path: Path, vietnamese: None) -> None:
    """``score W --into-workbook --in-place``: W is the original bytes or complete with the
    result sheets (the trimmed example: settings name shipped criteria, so any folder works)."""
    old = small.workbook.read_bytes()
    original_sheets = workbook_view(small.workbook)[0]
    lanes_dirs = [tmp_path / f"lane{k}" for k in range(2)]
    for lane in lanes_dirs:
        lane.mkdir()
        (lane / "inspections.xlsx").write_bytes(old)
    calibration = lanes_dirs[0] / "inspections.xlsx"
    watch = watched(parcalc_cmd("score", calibration, "--into-workbook", "--in-place"),
                    lanes_dirs[0], calibration)
    expected = workbook_view(calibration)
    assert expected[0] == [*original_sheets, *RESULT_SHEETS["vi"]]
    assert len(expected[1]) == 1 + 2 * PER_GROUP
    trials = plan_trials(random.Random(SEED + 1), watch, KILLS)

    def is_new(path: Path) -> None:
        assert workbook_view(path) == expected

    lanes = []
    for lane in lanes_dirs:
        target = lane / "inspections.xlsx"
        cmd = parcalc_cmd("score", target, "--into-workbook", "--in-place")
        lanes.append(lambda t, c=cmd, d=lane, g=target: kill_trial(t, c, d, g, old, is_new))
    run_lanes(trials, lanes)
    assert watch.replaced is not None and watch.tmp is not None
    tally(f"into --in-place (write {watch.replaced - watch.tmp:.2f} s of {watch.ended:.2f} s)",
          trials, tmp_path)
    landed = Counter(t.landed.split(" (")[0] for t in trials)
    assert landed["during"] >= 2, "too few kills landed while the workbook was being written"
    lefts = [assert_only(lane, {"inspections.xlsx"}) for lane in lanes_dirs]
    lane = lanes_dirs[max(range(2), key=lambda k: len(lefts[k]))]
    target = lane / "inspections.xlsx"
    target.write_bytes(old)
    result = run("score", target, "--into-workbook", "--in-place", cwd=lane)
    assert result.returncode == 0, result.stderr
    assert workbook_view(target) == expected
    assert assert_only(lane, {"inspections.xlsx"}) == max(lefts, key=len)


# --- 4. concurrency ----------------------------------------------------------------------


def test_two_exports_into_one_folder(small: Small, tmp_path: Path, vietnamese: None) -> None:
    """Two ``export --force`` runs at once into one folder: both succeed, every report is
    complete (the three example years, trimmed like the kill tests' workbook)."""
    source = tmp_path / "years"
    source.mkdir()
    for year in (2019, 2020):
        trim_example(EXAMPLES / f"{year}.xlsx", source / f"{year}.xlsx", PER_GROUP)
    shutil.copyfile(small.workbook, source / "2021.xlsx")
    out = tmp_path / "rankings"
    procs = [subprocess.Popen(parcalc_cmd("export", source, "--out-dir", out, "--force"),
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()
        assert "đã ghi 3 trên 3 báo cáo" in err.decode()
    names = {f"{y}-report.xlsx" for y in (2019, 2020, 2021)}
    assert set(os.listdir(out)) == names  # no temporaries left either
    expected_sheets = report_view(small.report_vi)[0]
    for name in names:
        sheets, rows = report_view(out / name)
        assert sheets == expected_sheets, name
        assert [r[0] for r in rows][:1] == [1] and len({r[1] for r in rows}) == len(rows)
    assert report_view(out / "2021-report.xlsx") == report_view(small.report_vi)


def test_two_scores_onto_one_file(small: Small, tmp_path: Path) -> None:
    """``score -o same.xlsx`` twice at once (vi and en): the file is one of the two."""
    target = tmp_path / "same.xlsx"
    procs = [subprocess.Popen(parcalc_cmd("score", small.workbook, "-o", target, "--lang", lang),
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for lang in ("vi", "en")]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()
    assert report_view(target) in (report_view(small.report_vi), report_view(small.report_en))
    assert os.listdir(tmp_path) == ["same.xlsx"]


# --- 5. the atomic writer ----------------------------------------------------------------


def test_an_error_inside_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "ranking.json"
    target.write_text("old", encoding="utf-8")
    inode = target.stat().st_ino
    seen: list[Path] = []
    with pytest.raises(RuntimeError, match="boom"), atomic.atomic_path(target) as tmp:
        seen.append(tmp)
        tmp.write_text("half a ran", encoding="utf-8")
        raise RuntimeError("boom")
    assert seen[0].parent == tmp_path and TMP_NAME.match(seen[0].name)
    assert seen[0].name.startswith(".ranking.json.")
    assert target.read_text(encoding="utf-8") == "old" and target.stat().st_ino == inode
    assert os.listdir(tmp_path) == ["ranking.json"]
    with pytest.raises(ValueError):
        atomic.write_with(tmp_path / "new.json", lambda p: (_ for _ in ()).throw(ValueError()))
    assert os.listdir(tmp_path) == ["ranking.json"]  # no half-made new file either


def test_a_writer_that_removes_its_temporary(tmp_path: Path) -> None:
    """A writer that deletes the temporary (or never makes it) is an error, not a crash
    in the clean-up, and the old file stays."""
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        atomic.write_with(target, lambda p: p.unlink())
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["t.txt"]


def test_success_replaces_and_fsyncs_file_and_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old", encoding="utf-8")
    inode = target.stat().st_ino
    synced: list[int] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.fstat(fd).st_ino)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic.write_text(target, "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"  # newline="" keeps the text as given
    assert target.stat().st_ino != inode
    assert target.stat().st_ino in synced, "the new file's data was not fsynced"
    assert tmp_path.stat().st_ino in synced, "the folder (the rename) was not fsynced"
    assert synced.index(target.stat().st_ino) < synced.index(tmp_path.stat().st_ino)
    assert os.listdir(tmp_path) == ["r.csv"]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o444, 0o664])
def test_the_new_file_keeps_the_old_files_permissions(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    target.chmod(mode)
    atomic.write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077, 0o002])
def test_a_new_file_follows_the_umask(tmp_path: Path, umask: int) -> None:
    """Not mkstemp's 0600: a report others in the office may read, as ``open`` would make."""
    old = os.umask(umask)
    try:
        atomic.write_text(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~umask


def test_a_missing_folder_is_a_usage_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="missing") as info:
        atomic.write_text(tmp_path / "missing" / "x.json", "{}")
    assert ".tmp" not in str(info.value)
    assert os.listdir(tmp_path) == []


def test_threads_writing_one_file_leave_one_whole_version(tmp_path: Path) -> None:
    target = tmp_path / "same.txt"
    payloads = [str(k) * 200_000 for k in range(6)]

    def write(k: int) -> None:
        for _ in range(5):
            atomic.write_text(target, payloads[k])

    threads = [threading.Thread(target=write, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_text(encoding="utf-8") in payloads
    assert os.listdir(tmp_path) == ["same.txt"]


def test_a_long_but_valid_name(tmp_path: Path) -> None:
    name = "Báo cáo xếp hạng " * 13
    name = name.encode()[:245].decode("utf-8", "ignore").rstrip() + ".json"
    assert len(name.encode()) <= 255
    (tmp_path / name).write_text("old", encoding="utf-8")  # the name itself is fine
    atomic.write_text(tmp_path / name, "new")
    assert (tmp_path / name).read_text(encoding="utf-8") == "new"


def test_writing_onto_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "ranking.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "ranking.json"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path / "real") == ["ranking.json"]


# --- a missing output folder through the CLI ---------------------------------------------


def test_a_missing_output_folder_is_no_traceback(inputs: Path) -> None:
    """``score W -o missing/x.json``: a message on stderr, no traceback, nothing created."""
    result = run("score", "a.xlsx", "-c", "tiny.yaml", "-o", "missing/x.json", cwd=inputs)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "missing" in result.stderr
    assert not (inputs / "missing").exists()


MISSING = {
    "score -o x.json": ["score", "a.xlsx", "-c", "tiny.yaml", "-o", "missing/x.json"],
    "score -o x.xlsx": ["score", "a.xlsx", "-c", "tiny.yaml", "-o", "missing/x.xlsx"],
    "report": ["report", "a.xlsx", "-c", "tiny.yaml", "-o", "missing/r.xlsx"],
    "compare": ["compare", "a.xlsx", "b.xlsx", "-c", "tiny.yaml", "-o", "missing/c.json"],
    "template": ["template", "tiny.yaml", "-o", "missing/t.xlsx"],
    "into": ["score", "a.xlsx", "-c", "tiny.yaml", "--into-workbook", "-o", "missing/i.xlsx"],
}


@pytest.mark.parametrize("case", sorted(MISSING))
def test_a_missing_output_folder_is_a_usage_error(inputs: Path, case: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 2 and a message naming the folder; not 'internal error' naming a temporary."""
    monkeypatch.chdir(inputs)
    code, _, err = invoke(*MISSING[case])
    assert code == 2, err
    assert "internal error" not in err and ".tmp" not in err and "missing" in err
    assert not (inputs / "missing").exists()


# --- the write window of --into-workbook -------------------------------------------------


def test_result_sheets_do_not_rescan_the_sheet(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """While the result sheets are filled, the sheet's size is not recomputed per row."""
    from openpyxl.worksheet.worksheet import Worksheet

    import parcalc.into as into
    from parcalc.api import score_file

    calls: Counter[str] = Counter()
    filling = [False]
    for name in ("max_row", "max_column"):
        getter = getattr(Worksheet, name).fget

        def counted(self: Worksheet, getter: Any = getter, name: str = name) -> int:
            if filling[0]:
                calls[name] += 1
            return int(getter(self))

        monkeypatch.setattr(Worksheet, name, property(counted))
    for name in ("_units_sheet", "_details_sheet"):
        fill = getattr(into, name)

        def watched_fill(*args: Any, fill: Any = fill) -> None:
            filling[0] = True
            try:
                fill(*args)
            finally:
                filling[0] = False

        monkeypatch.setattr(into, name, watched_fill)
    results = score_file(FORMATS / "canonical.xlsx", FORMATS / "tiny.yaml")
    into.write_into(results, FORMATS / "canonical.xlsx", tmp_path / "into.xlsx")
    rows = len(results.units) + len(results.details)
    assert workbook_view(tmp_path / "into.xlsx")[0][-2:] == list(RESULT_SHEETS["vi"])
    assert sum(calls.values()) <= 4, f"{dict(calls)} size scans for {rows} rows"
