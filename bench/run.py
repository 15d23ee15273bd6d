"""Measure parcalc at a given size and compare it with baselines measured in the same run.

    python bench/run.py --size city|province|country [--repeat N] [--profile]
    python bench/run.py --size province --only engine,profile     # just those parts

The machine is shared and noisy, so every number that matters is a ratio of two timings
taken side by side (interleaved, ``--repeat`` times, median):

- **read**: wall time of ``parcalc score FILES -c CRITERIA -f json`` (a subprocess, output to
  /dev/null) ÷ ``pandas.read_excel(engine="calamine", sheet_name=None)`` over the same files,
  in this process (the sheets in the files are exactly the ones parcalc reads). A plain pandas
  script in a subprocess (interpreter start and imports included) is timed once, for
  reference.
- **engine**: leaf scores (units × leaves) per second of ``parcalc.engine.score`` on a
  Workbook already read, ÷ the same for a per-cell Python loop over the same rules and values
  (``rule.score(Values.of([v]), max)`` per cell, and the survey aggregated answer by answer
  in dicts). A second loop with a plain-Python version of each rule is shown for reference.
  At large sizes the loops run on an evenly spaced sample of rows and are extrapolated.
- **start-up**: ``parcalc --version`` and ``parcalc --help`` ÷ ``python -c pass``.
- **report**: ``write_excel(results, path)`` ÷ xlsxwriter writing the bare tables (units and
  the details rows, no formats or charts).
- **memory**: peak RSS of the ``parcalc score`` subprocess and the in-memory size of the data
  frames pandas reads (``memory_usage(deep=True)``), and their ratio.
- **sensitivity** (issue 14): ``parcalc sensitivity --samples 1000`` ÷ ``parcalc score``, both
  subprocesses (see ``bench/sensitivity.py``).

Prints a table and writes ``bench/results.json`` (one record per size, replaced on each run;
``--only`` updates parts of it) with the machine, the numbers and the goals of issue 6.
Nothing in the environment is changed (OPENBLAS_* and friends stay as they are).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import math
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate, more
from bench import sensitivity as sensitivity_part
from bench.shapes import SHAPES

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
PARTS = ("read", "engine", "startup", "report", "profile", "sensitivity")
#: The padded workbooks (``padded.py``) are measured on their own: ``--size padded``.
PADDED = "padded"
#: Rows of the scores and survey sheets the per-cell loops visit at most (then extrapolated).
LOOP_ROWS = 20_000
LOOP_SURVEY_ROWS = 20_000
STARTUP_RUNS = 7
REPORT_TIMEOUT = 900.0
#: Peak RSS of ``parcalc score`` on the country data in issue 6's final run (bytes).
COUNTRY_RSS_BEFORE = 2_889_785_344
_ALL = ("city", "province", "country", *SHAPES)
#: Goals of issues 6 and 15: metric → (comparison, bound, sizes it applies to).
GOALS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "read_ratio": ("<=", 1.3, ("province", "country", *SHAPES)),
    "country_seconds": ("<=", 80.0, ("country",)),
    "country_peak_rss_mib": ("<=", round(COUNTRY_RSS_BEFORE / 2**20), ("country",)),
    # one workbook at a time (at country, 63 files are held at once: no single part to compare)
    "part_memory_ratio": ("<=", 1.5, ("city", "province", *SHAPES, PADDED)),
    "padded_seconds": ("<", 60.0, (PADDED,)),
    "small_ratio": ("<=", 1.5, ("city", "province", "country")),
    "engine_ratio": (">=", 50.0, ("country",)),
    "startup_version_ratio": ("<=", 3.0, ("city", "province", "country")),
    "startup_help_ratio": ("<=", 3.0, ("city", "province", "country")),
    "report_ratio": ("<=", 1.5, ("city", "province", "country")),
    "memory_ratio": ("<=", 3.0, ("country",)),
    "sensitivity_ratio": sensitivity_part.GOAL,  # issue 14
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


# --- the machine --------------------------------------------------------------------------------

def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory_total() -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return None


def source() -> dict[str, Any]:
    """The commit of the checkout measured, and whether src/ had changes not committed."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True,
                                  text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--", "src")
    return {"commit": git("rev-parse", "HEAD"),
            "src_modified": None if status is None else bool(status)}


def machine() -> dict[str, Any]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": affinity,
        "memory_bytes": _memory_total(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "versions": {d: _version(d) for d in ("parcalc", "pandas", "numpy", "python-calamine",
                                              "xlsxwriter", "openpyxl", "click", "pydantic")},
        "env": {k: v for k, v in sorted(os.environ.items())
                if k.startswith(("OPENBLAS", "OMP_", "MKL_", "NUMEXPR", "PYTHON"))},
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# --- subprocesses -------------------------------------------------------------------------------

def parcalc_cmd() -> list[str]:
    """The installed ``parcalc`` script (what a user runs), else ``python -m parcalc``."""
    exe = shutil.which("parcalc")
    return [exe] if exe else [sys.executable, "-m", "parcalc"]


def run_child(cmd: Sequence[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int]:
    """Run ``cmd``; (wall seconds, peak RSS in bytes). Raises if it fails."""
    done = more.child(cmd, stdout)
    if done["exit_code"] != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} … exited with {done['exit_code']}:\n"
                           f"{done['last_line']}")
    return done["seconds"], done["peak_rss_bytes"]


def score_cmd(files: Sequence[str], criteria: str) -> list[str]:
    return [*parcalc_cmd(), "score", *files, "-c", criteria, "-f", "json"]


# --- 1 read ratio and 5 memory ------------------------------------------------------------------

def pandas_read(files: Sequence[str]) -> list[tuple[str, Any]]:
    """(sheet name, frame) of every sheet of every file."""
    import pandas as pd

    frames = []
    for f in files:
        frames += pd.read_excel(f, engine="calamine", sheet_name=None).items()
    return frames


PANDAS_SCRIPT = """\
import sys, pandas as pd
n = 0
for f in sys.argv[1:]:
    for frame in pd.read_excel(f, engine="calamine", sheet_name=None).values():
        n += int(frame.memory_usage(deep=True).sum())
print(n)
"""


def measure_read(files: Sequence[str], criteria: str, repeat: int) -> dict[str, Any]:
    """parcalc score (subprocess; its default threads, then ``--jobs 1``) vs
    pandas.read_excel (here), interleaved; and memory."""
    import pandas  # noqa: F401 - imported before the clock starts
    import python_calamine  # noqa: F401

    for f in files:  # the page cache holds the files for every run alike
        Path(f).read_bytes()
    cli, one, pandas_s, rss = [], [], [], []
    frames_bytes = 0
    for k in range(repeat):
        seconds, peak = run_child(score_cmd(files, criteria))
        cli.append(seconds)
        rss.append(peak)
        one.append(run_child([*score_cmd(files, criteria), "--jobs", "1"])[0])
        start = time.perf_counter()
        frames = pandas_read(files)
        pandas_s.append(time.perf_counter() - start)
        by_sheet: dict[str, int] = {}
        for name, frame in frames:
            by_sheet[name] = by_sheet.get(name, 0) + int(frame.memory_usage(deep=True).sum())
        frames_bytes = sum(by_sheet.values())
        cells = int(sum(frame.size for _, frame in frames))
        del frames
        log(f"  read {k + 1}/{repeat}: parcalc score {seconds:.2f} s (--jobs 1: "
            f"{one[-1]:.2f} s), pandas {pandas_s[-1]:.2f} s")
    with tempfile.TemporaryFile() as out:
        script_s, script_rss = run_child([sys.executable, "-c", PANDAS_SCRIPT, *files], out)
    ratios = [c / p for c, p in zip(cli, pandas_s, strict=True)]
    ratios_one = [c / p for c, p in zip(one, pandas_s, strict=True)]
    base = more.footprint(parcalc_cmd())
    return {
        "read": {
            "parcalc_score_s": _r(cli), "pandas_read_s": _r(pandas_s),
            "ratio": round(median(ratios), 3), "ratios": _r(ratios),
            "jobs": os.cpu_count(), "parcalc_score_jobs1_s": _r(one),
            "ratio_jobs1": round(median(ratios_one), 3),
            "pandas_script_s": round(script_s, 3),
            "ratio_vs_pandas_script": round(median(cli) / script_s, 3),
            "cells": cells,
        },
        "memory": {
            "parcalc_peak_rss_bytes": max(rss),
            "frames_bytes": frames_bytes,
            "frames_bytes_by_sheet": by_sheet,
            "ratio": round(max(rss) / frames_bytes, 3),
            "pandas_script_peak_rss_bytes": script_rss,
            "ratio_pandas_script": round(script_rss / frames_bytes, 3),
            "part": more.part_memory(max(rss), base, more.largest_part(files)),
        },
    }


def _r(xs: Sequence[float], digits: int = 3) -> list[float]:
    return [round(x, digits) for x in xs]


# --- 2 engine throughput ------------------------------------------------------------------------

CellScorer = Callable[[Any], float]


def rule_scorer(leaf: Any) -> CellScorer:
    """The reference of the tests: ``rule.score(Values.of([v]), max)`` on one cell."""
    from parcalc.values import Values

    rule, maximum = leaf.rule, float(leaf.node.maximum)

    def score_cell(value: Any) -> float:
        values = Values.of([value])
        if values.blank[0] or values.not_applicable[0]:
            return 0.0
        points, _errors = rule.score(values, maximum)
        return float(points[0])

    return score_cell


def plain_scorer(leaf: Any) -> CellScorer:
    """Each rule in plain Python, one cell at a time (no numpy, no pandas)."""
    from parcalc.rules import (
        ChoiceRule,
        DeductionRule,
        LinearRule,
        PerItemRule,
        ThresholdRule,
        YesNoRule,
    )
    from parcalc.text import cell_text, fold
    from parcalc.values import NO, NOT_APPLICABLE, YES, text_number

    rule, m = leaf.rule, float(leaf.node.maximum)
    options = {fold(k): v for k, v in rule.options.items()} if isinstance(rule, ChoiceRule) \
        else {}

    def number(value: Any, text: str) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return float(value)
        return text_number(text)

    def score_cell(value: Any) -> float:
        text = cell_text(value)
        if text is None:
            return 0.0
        token = fold(text)
        if token in NOT_APPLICABLE:
            return 0.0
        if isinstance(rule, YesNoRule):
            yes = m if rule.yes is None else rule.yes
            points = yes if token in YES else rule.no if token in NO else 0.0
        elif isinstance(rule, ChoiceRule):
            points = options.get(token, 0.0)
        else:
            x = number(value, text)
            if x is None:
                return 0.0
            if isinstance(rule, ThresholdRule):
                points = rule.else_
                for step in rule.steps:
                    kind, bound = step.bound
                    if ((kind == "min" and x >= bound) or (kind == "above" and x > bound)
                            or (kind == "max" and x <= bound) or (kind == "below" and x < bound)):
                        points = step.points
                        break
            elif isinstance(rule, LinearRule):
                span = rule.to - rule.from_
                points = 0.0 if span == 0 else m * min(1.0, max(0.0, (x - rule.from_) / span))
            elif isinstance(rule, PerItemRule):
                points = x * rule.points_
            elif isinstance(rule, DeductionRule):
                points = m - x * rule.points_
            else:
                points = x
        return min(m, max(0.0, points))

    return score_cell


def loop_score(workbook: Any, cs: Any, make: Callable[[Any], CellScorer],
               max_rows: int = LOOP_ROWS, max_survey_rows: int = LOOP_SURVEY_ROWS
               ) -> dict[str, Any]:
    """Score every (sampled) cell one at a time; the time extrapolated to every row.

    Scores rows: find the leaf, score the value with ``make(leaf)``, add to the unit's total.
    Survey rows: each answer is looked up on its leaves' scales and added to a (unit, leaf,
    group) sum and count (one pooled group for a rule without ``groups:``); then each unit's
    leaf points are the (weighted) mean × max. ``totals`` holds each unit's points.
    """
    from parcalc.rules import SurveyRule
    from parcalc.text import cell_text, fold

    leaves = {fold(lf.id): lf for lf in cs.leaves()}
    scorers = {key: make(lf) for key, lf in leaves.items() if not lf.is_survey}
    totals: dict[str, float] = {}

    frame = workbook.scores.frame
    rows = _sample(len(frame), max_rows)
    uids, cids = frame["unit_id"].to_numpy(object), frame["criterion_id"].to_numpy(object)
    values = frame["value"].to_numpy(object)
    start = time.perf_counter()
    for i in rows:
        uid, cid = cell_text(uids[i]), cell_text(cids[i])
        scorer = scorers.get(fold(cid)) if cid is not None else None
        if uid is None or scorer is None:
            continue
        totals[uid] = totals.get(uid, 0.0) + scorer(values[i])
    scores_s = time.perf_counter() - start

    survey_leaves = [lf for lf in leaves.values() if lf.is_survey]
    sheet = workbook.survey
    survey_s, n_survey = 0.0, 0
    srows: list[int] = []
    if survey_leaves and sheet is not None:
        frame = sheet.frame
        n_survey = len(frame)
        srows = _sample(n_survey, max_survey_rows)
        by_question: dict[str, list[int]] = {}
        scales, weights = [], []
        for k, lf in enumerate(survey_leaves):
            rule = lf.rule
            assert isinstance(rule, SurveyRule)
            scales.append({fold(a): v for a, v in cs.scale(rule).items()})
            weights.append({fold(g): w for g, w in rule.groups.items()} if rule.groups else None)
            for q in rule.questions:
                by_question.setdefault(fold(q), []).append(k)
        columns = [(by_question.get(fold(q), []), frame[col].to_numpy(object))
                   for q, col in sheet.others.items()]
        s_uids = frame["unit_id"].to_numpy(object)
        s_groups = frame["respondent_group"].to_numpy(object)
        start = time.perf_counter()
        sums: dict[tuple[str, int, str], list[float]] = {}
        for i in srows:
            uid = cell_text(s_uids[i])
            group = fold(cell_text(s_groups[i]) or "")
            for ks, answers in columns:
                text = cell_text(answers[i])
                if text is None or not ks:
                    continue
                token = fold(text)
                for k in ks:
                    value = scales[k].get(token)
                    if value is None:
                        continue
                    key = (uid, k, group if weights[k] is not None else "")  # "": pooled
                    acc = sums.setdefault(key, [0.0, 0])
                    acc[0] += value
                    acc[1] += 1
        means: dict[tuple[str, int], dict[str, float]] = {}
        for (uid, k, group), (total, count) in sums.items():
            means.setdefault((uid, k), {})[group] = total / count
        for (uid, k), by_group in means.items():
            w = weights[k]
            if w is None:
                frac = by_group[""]
            else:
                got = {g: w[g] for g in by_group if g in w}
                frac = sum(by_group[g] * wg for g, wg in got.items()) / sum(got.values()) \
                    if got else 0.0
            totals[uid] = totals.get(uid, 0.0) + frac * float(survey_leaves[k].node.maximum)
        survey_s = time.perf_counter() - start
    n_scores = len(workbook.scores.frame)
    scale_scores = n_scores / max(len(rows), 1)
    scale_survey = n_survey / max(len(srows), 1)
    return {
        "seconds": scores_s * scale_scores + survey_s * scale_survey,
        "measured_s": scores_s + survey_s,
        "scores_rows": n_scores, "scores_rows_visited": len(rows),
        "survey_rows": n_survey, "survey_rows_visited": len(srows),
        "extrapolated": len(rows) < n_scores or len(srows) < n_survey,
        "totals": totals,
    }


def _sample(n: int, k: int) -> list[int]:
    """``k`` evenly spaced positions of ``range(n)`` (all of them when n ≤ k)."""
    if n <= k:
        return list(range(n))
    step = n / k
    return [int(i * step) for i in range(k)]


def measure_engine(files: Sequence[str], criteria: str, repeat: int,
                   loop_rows: int = LOOP_ROWS,
                   loop_survey_rows: int = LOOP_SURVEY_ROWS) -> tuple[dict[str, Any], Any]:
    """Engine on an already-read Workbook vs the per-cell loops; (record, Results)."""
    from parcalc.criteria.load import load_criteria
    from parcalc.engine import score
    from parcalc.render.jsonout import to_json
    from parcalc.workbook import read_workbooks

    start = time.perf_counter()
    workbook = read_workbooks(list(files))
    read_s = time.perf_counter() - start
    cs = load_criteria(criteria)
    engine_s, json_s = [], []
    results = None
    for k in range(repeat):
        start = time.perf_counter()
        results = score(workbook, cs)
        engine_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        to_json(results)
        json_s.append(time.perf_counter() - start)
        log(f"  engine {k + 1}/{repeat}: {engine_s[-1]:.2f} s")
    assert results is not None
    leaf_scores = len(results.details)
    loop = loop_score(workbook, cs, rule_scorer, loop_rows, loop_survey_rows)
    log(f"  per-cell loop (rule.score): {loop['measured_s']:.2f} s measured, "
        f"{loop['seconds']:.2f} s for every row")
    plain = loop_score(workbook, cs, plain_scorer, loop_rows, loop_survey_rows)
    t = median(engine_s)
    record = {
        "leaf_scores": leaf_scores,
        "units": len(results.units),
        "engine_s": _r(engine_s),
        "leaf_scores_per_s": round(leaf_scores / t),
        "loop": {**_round_loop(loop), "leaf_scores_per_s": round(leaf_scores / loop["seconds"])},
        "ratio": round(loop["seconds"] / t, 2),
        "plain_loop": {**_round_loop(plain),
                       "leaf_scores_per_s": round(leaf_scores / plain["seconds"])},
        "ratio_plain": round(plain["seconds"] / t, 2),
        "phases_s": {"read_workbooks": round(read_s, 3), "engine": round(t, 3),
                     "to_json": round(median(json_s), 3)},
    }
    return record, results


def _round_loop(loop: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in loop.items()
            if k != "totals"}


# --- 3 start-up ---------------------------------------------------------------------------------

def measure_startup(runs: int = STARTUP_RUNS) -> dict[str, Any]:
    cmds = {"python": [sys.executable, "-c", "pass"],
            "version": [*parcalc_cmd(), "--version"],
            "help": [*parcalc_cmd(), "--help"]}
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(run_child(cmd)[0])
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, parcalc.cli; print('pandas' in sys.modules)"],
        capture_output=True, text=True, check=True)
    base = median(times["python"])
    small = more.measure_small(parcalc_cmd())
    return {
        "small": small,
        "python_s": round(base, 4),
        "version_s": round(median(times["version"]), 4),
        "help_s": round(median(times["help"]), 4),
        "version_ratio": round(median(times["version"]) / base, 2),
        "help_ratio": round(median(times["help"]) / base, 2),
        "runs": runs,
        "pandas_imported_by_cli": probe.stdout.strip() == "True",
    }


# --- 4 report -----------------------------------------------------------------------------------

def bare_tables(results: Any, path: Path) -> float:
    """xlsxwriter writing the units table and the details rows: no formats, no charts."""
    import xlsxwriter

    from parcalc.results import UNIT_COLUMNS

    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "nan_inf_to_errors": True})
    units = results.units
    ws = book.add_worksheet("units")
    ws.write_row(0, 0, UNIT_COLUMNS)
    _write_rows(ws, units[UNIT_COLUMNS].itertuples(index=False, name=None))
    d = results.details
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    lost = (d["counted_max"].astype(float) - d["points"].astype(float)).clip(lower=0)
    columns = ["unit_id", "name", "criterion_id", "title", "rule", "value", "self_value",
               "points", "max", "lost", "status", "evidence", "note"]
    table = d.assign(name=d["unit_id"].map(names), lost=lost)[columns]
    ws = book.add_worksheet("details")
    ws.write_row(0, 0, columns)
    _write_rows(ws, table.itertuples(index=False, name=None))
    book.close()
    return time.perf_counter() - start


def _write_rows(ws: Any, rows: Any) -> None:
    text, number = ws.write_string, ws.write_number
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                text(r, c, v)
            elif isinstance(v, bool):
                text(r, c, str(v))
            elif isinstance(v, (int, float)) or hasattr(v, "item"):
                x = float(v)
                if not math.isnan(x):
                    number(r, c, x)
            else:
                text(r, c, str(v))


def _timed_report(results: Any, path: Path, timeout: float) -> float | None:
    """Seconds of ``write_excel``, in a forked child so a runaway report can be stopped;
    None on timeout."""
    import multiprocessing

    from parcalc.render.excel import write_excel

    if "fork" not in multiprocessing.get_all_start_methods():
        start = time.perf_counter()
        write_excel(results, path)
        return time.perf_counter() - start
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        start = time.perf_counter()
        write_excel(results, path)
        send.send(time.perf_counter() - start)

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    if proc.exitcode != 0 or not receive.poll():
        raise RuntimeError(f"write_excel failed in the child (exit code {proc.exitcode})")
    return float(receive.recv())


def measure_report(results: Any, repeat: int, timeout: float = REPORT_TIMEOUT) -> dict[str, Any]:
    bare, report = [], []
    timed_out = False
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(repeat):
            bare.append(bare_tables(results, Path(tmp) / "bare.xlsx"))
            seconds = _timed_report(results, Path(tmp) / "report.xlsx", timeout)
            if seconds is None:
                timed_out = True
                log(f"  report {k + 1}/{repeat}: bare {bare[-1]:.2f} s, write_excel > "
                    f"{timeout:.0f} s (stopped)")
                break
            report.append(seconds)
            log(f"  report {k + 1}/{repeat}: bare {bare[-1]:.2f} s, write_excel {seconds:.2f} s")
        report_bytes = (Path(tmp) / "report.xlsx").stat().st_size \
            if (Path(tmp) / "report.xlsx").exists() else None
    t_report = timeout if timed_out else median(report)
    return {
        "bare_s": _r(bare), "write_excel_s": _r(report), "timed_out": timed_out,
        "timeout_s": timeout if timed_out else None,
        "ratio": round(t_report / median(bare), 2),
        "ratio_is_lower_bound": timed_out,
        "report_bytes": report_bytes,
    }


# --- profile ------------------------------------------------------------------------------------

def profile_score(files: Sequence[str], criteria: str, top: int = 25) -> dict[str, Any]:
    """What ``parcalc score -f json`` does, under cProfile: the top ``top`` parcalc functions
    by cumulative time, and the top 15 of all functions by own time. On one thread
    (``--jobs 1``): cProfile sees only the thread it runs in, and this is where the work is,
    not how it overlaps."""
    from parcalc.cli.common import score_inputs
    from parcalc.render.jsonout import to_json

    prof = cProfile.Profile()
    start = time.perf_counter()
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        prof.enable()
        results = score_inputs([Path(f) for f in files], criteria=criteria, jobs=1)
        to_json(results)
        prof.disable()
    seconds = time.perf_counter() - start
    cumulative = _stats_text(prof, "cumulative", top, "parcalc/")
    own = _stats_text(prof, "tottime", 15, None)
    return {"seconds_under_profile": round(seconds, 2), "cumulative": cumulative,
            "tottime": own}


def _stats_text(prof: cProfile.Profile, key: str, top: int, restrict: str | None) -> list[str]:
    stream = io.StringIO()
    stats = pstats.Stats(prof, stream=stream).strip_dirs() if restrict is None else \
        pstats.Stats(prof, stream=stream)
    stats.sort_stats(key)
    if restrict:
        stats.print_stats(restrict, top)
    else:
        stats.print_stats(top)
    lines = stream.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return [_short_path(line) for line in lines[start:] if line.strip()]


def _short_path(line: str) -> str:
    marker = "/parcalc/"
    k = line.find(marker)
    if k < 0:
        return line
    head = line[:k]
    cut = head.rfind(" ")
    return head[:cut + 1] + "parcalc/" + line[k + len(marker):]


# --- goals, table, results.json -----------------------------------------------------------------

def metrics(record: dict[str, Any]) -> dict[str, float | None]:
    def get(*path: str) -> float | None:
        node: Any = record
        for p in path:
            if not isinstance(node, dict) or p not in node:
                return None
            node = node[p]
        return node if isinstance(node, (int, float)) else None

    country = median(record["read"]["parcalc_score_s"]) if "read" in record else None
    rss = get("memory", "parcalc_peak_rss_bytes")
    padded = record.get(PADDED, {})
    kinds = [v for v in padded.values() if isinstance(v, dict) and "parcalc" in v]
    admitted = [v for v in kinds if not v["refused"] and v["parcalc"]["peak_rss_bytes"]]
    base = padded.get("footprint_bytes", 0)
    return {
        "read_ratio": get("read", "ratio"),
        "country_seconds": country,
        "country_peak_rss_mib": None if rss is None else round(rss / 2**20),
        "part_memory_ratio": (get("memory", "part", "ratio")
                              if record.get("data", {}).get("files_count") == 1 else None)
        if not kinds else max(
            (round(max(v["parcalc"]["peak_rss_bytes"] - base, 0) / v["part_bytes"], 3)
             for v in admitted), default=None),
        "padded_seconds": max((v["parcalc"]["seconds"] for v in kinds), default=None),
        "small_ratio": get("startup", "small", "ratio"),
        "engine_ratio": get("engine", "ratio"),
        "startup_version_ratio": get("startup", "version_ratio"),
        "startup_help_ratio": get("startup", "help_ratio"),
        "report_ratio": get("report", "ratio"),
        "memory_ratio": get("memory", "ratio"),
        "sensitivity_ratio": get("sensitivity", "ratio"),
    }


def goals(size: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, value in metrics(record).items():
        op, bound, sizes = GOALS[name]
        applies = size in sizes
        ok = None
        if value is not None and applies:
            ok = {"<=": value <= bound, "<": value < bound, ">=": value >= bound}[op]
        out.append({"metric": name, "value": value, "goal": f"{op} {bound:g}",
                    "applies_at": list(sizes), "pass": ok})
    return out


def _mib(n: float) -> str:
    return f"{n / 2**20:,.1f} MiB"


def table(size: str, record: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    by_metric = {g["metric"]: g for g in record.get("goals", [])}

    def add(metric: str, label: str, detail: str) -> None:
        g = by_metric.get(metric)
        if g is None or g["value"] is None:
            return
        status = {True: "pass", False: "FAIL", None: f"(goal at {'/'.join(g['applies_at'])})"}
        rows.append((label, f"{g['value']:,.2f}", f"{g['goal']}  {status[g['pass']]}", detail))

    if "read" in record:
        r = record["read"]
        jobs1 = f"; --jobs 1: {median(r['parcalc_score_jobs1_s']):.2f} s, " \
            f"{r['ratio_jobs1']:.2f}" if "ratio_jobs1" in r else ""
        add("read_ratio", "read: parcalc score ÷ pandas read",
            f"{median(r['parcalc_score_s']):.2f} s ÷ {median(r['pandas_read_s']):.2f} s "
            f"(÷ pandas script {r['pandas_script_s']:.2f} s: {r['ratio_vs_pandas_script']:.2f}"
            f"{jobs1})")
        add("country_seconds", "end to end: parcalc score, seconds",
            f"{r.get('jobs', '?')} threads")
    if "memory" in record:
        m = record["memory"]
        add("country_peak_rss_mib", "peak RSS of parcalc score, MiB",
            f"issue 6: {COUNTRY_RSS_BEFORE / 2**20:,.0f} MiB at country")
        if "part" in m:
            part = m["part"]
            add("part_memory_ratio", "memory over footprint ÷ largest sheet part",
                f"({_mib(m['parcalc_peak_rss_bytes'])} − {_mib(part['footprint_bytes'])}) ÷ "
                f"{_mib(part['largest_part_bytes'])}; raw {part['ratio_raw']:.2f}")
    if PADDED in record:
        pad = record[PADDED]
        kinds = {k: v for k, v in pad.items() if isinstance(v, dict) and "parcalc" in v}
        detail = "; ".join(
            f"{k}: {_mib(v['part_bytes'])} part, {v['parcalc']['seconds']:.1f} s, "
            f"{_mib(v['parcalc']['peak_rss_bytes'] or 0)}"
            f"{' (refused)' if v['refused'] else ''}, pandas {v['pandas_read']['seconds']:.1f} s "
            f"{_mib(v['pandas_read']['peak_rss_bytes'] or 0)}" for k, v in kinds.items())
        add("padded_seconds", "padded parts: parcalc score, seconds", detail)
        add("part_memory_ratio", "memory over footprint ÷ part (admitted)",
            f"footprint {_mib(pad.get('footprint_bytes', 0))}")
    if "engine" in record:
        e = record["engine"]
        note = " (loop extrapolated from a sample)" if e["loop"]["extrapolated"] else ""
        add("engine_ratio", "engine: leaf scores/s ÷ per-cell loop",
            f"{e['leaf_scores_per_s']:,}/s vs {e['loop']['leaf_scores_per_s']:,}/s{note}; "
            f"plain-Python loop {e['plain_loop']['leaf_scores_per_s']:,}/s "
            f"(× {e['ratio_plain']:.2f})")
    if "startup" in record:
        s = record["startup"]
        add("startup_version_ratio", "start-up: --version ÷ python -c pass",
            f"{s['version_s']:.3f} s ÷ {s['python_s']:.3f} s")
        add("startup_help_ratio", "start-up: --help ÷ python -c pass",
            f"{s['help_s']:.3f} s; pandas imported by the CLI: {s['pandas_imported_by_cli']}")
        if "small" in s:
            add("small_ratio", "examples/2021.xlsx: score ÷ import pandas",
                f"{s['small']['score_s']:.3f} s ÷ {s['small']['import_pandas_s']:.3f} s")
    if "report" in record:
        r = record["report"]
        shown = f"> {r['timeout_s']:.0f}" if r["timed_out"] else \
            f"{median(r['write_excel_s']):.2f}"
        add("report_ratio", "report: write_excel ÷ bare xlsxwriter",
            f"{shown} s ÷ {median(r['bare_s']):.2f} s")
    if "memory" in record:
        m = record["memory"]
        add("memory_ratio", "memory: peak RSS ÷ data frames",
            f"{_mib(m['parcalc_peak_rss_bytes'])} ÷ {_mib(m['frames_bytes'])} "
            f"(pandas script peak {_mib(m['pandas_script_peak_rss_bytes'])})")
    if "sensitivity" in record:
        r = record["sensitivity"]
        add("sensitivity_ratio", f"sensitivity: {r['samples']:,} samples ÷ score",
            f"{median(r['sensitivity_s']):.2f} s ÷ {median(r['score_s']):.2f} s "
            f"(samples alone {r['phases_s']['samples']:.2f} s)")
    widths = [max(len(r[i]) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    data = record.get("data", {})
    lines = [f"{size}: {data.get('files_count', '?')} file(s), {data.get('units', '?'):,} units, "
             f"{data.get('leaves', '?')} leaves, {data.get('respondents', 0):,} respondents"
             if data else f"{size}: the padded workbooks of bench/padded.py"]
    for label, value, goal, detail in rows:
        lines.append(f"  {label:<{widths[0]}}  {value:>{widths[1]}}  {goal:<{widths[2]}}  "
                     f"{detail}")
    return "\n".join(lines)


def save(size: str, record: dict[str, Any], path: Path = RESULTS) -> None:
    """Replace the size's record in ``path`` (other sizes are kept)."""
    doc: dict[str, Any] = {}
    if path.exists():
        with contextlib.suppress(ValueError):
            doc = json.loads(path.read_text(encoding="utf-8"))
    doc.setdefault("sizes", {})
    doc["about"] = ("parcalc benchmarks (issues 6 and 15), written by bench/run.py; ratios are "
                    "measured side by side in one run; see bench/README.md")
    doc["machine"] = record["machine"]
    doc["sizes"][size] = record
    doc["sizes"] = {k: doc["sizes"][k] for k in [*generate.names(), PADDED, *doc["sizes"]]
                    if k in doc["sizes"]}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def run(size: str, repeat: int = 3, parts: Sequence[str] = PARTS, *, data_dir: Path | None = None,
        report_timeout: float = REPORT_TIMEOUT, loop_rows: int = LOOP_ROWS,
        loop_survey_rows: int = LOOP_SURVEY_ROWS, startup_runs: int = STARTUP_RUNS,
        previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Measure ``parts`` at ``size``; the record (merged into ``previous`` when given)."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    if size == PADDED:
        return run_padded(previous)
    log(f"{size}: data")
    manifest = generate.generate(size, data_dir)
    files, criteria = manifest["files"], manifest["criteria"]
    record: dict[str, Any] = dict(previous or {})
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    here = source()
    record.update({
        "when": when,
        "repeat": repeat,
        "machine": machine(),
        "source": here,
        "data": {
            "files_count": len(files), "bytes": sum(manifest["bytes"]),
            "units": manifest["units"], "leaves": manifest["leaves"],
            "value_rows": manifest["value_rows"], "respondents": manifest["respondents"],
            "questions": manifest["questions"],
            "generation_seconds": manifest["generation_seconds"],
            "generation_workers": manifest.get("workers"),
            "cached": manifest["cached"], "dir": manifest["dir"],
        },
    })
    results = None
    if "read" in parts:
        log(f"{size}: read ratio and memory")
        record.update(measure_read(files, criteria, repeat))
    if "engine" in parts or "report" in parts:
        log(f"{size}: engine")
        record["engine"], results = measure_engine(files, criteria, repeat, loop_rows,
                                                   loop_survey_rows)
    if "startup" in parts:
        log(f"{size}: start-up")
        record["startup"] = measure_startup(max(startup_runs, repeat))
    if "report" in parts:
        log(f"{size}: report")
        record["report"] = measure_report(results, repeat, report_timeout)
    if "sensitivity" in parts:
        log(f"{size}: sensitivity")
        record["sensitivity"] = sensitivity_part.measure_sensitivity(
            files, criteria, repeat, run_child, parcalc_cmd(), score_cmd(files, criteria), log)
    if "profile" in parts:
        log(f"{size}: profile")
        del results
        record["profile"] = profile_score(files, criteria)
    measured = set(parts) | ({"memory"} if "read" in parts else set()) | (
        {"engine"} if "report" in parts else set())
    for part in ("read", "memory", "engine", "startup", "report", "profile", "sensitivity"):
        if part in measured:
            # which run measured the part (a run with --only keeps the other parts' stamps)
            record[part]["measured"] = {"when": when, "repeat": repeat, **here}
    record["machine"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") \
        else None
    record["goals"] = goals(size, record)
    return record


def run_padded(previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """``parcalc score`` on the padded workbooks (:mod:`bench.padded`)."""
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    record: dict[str, Any] = dict(previous or {})
    record.update({"when": when, "repeat": 1, "machine": machine(), "source": source()})
    log(f"{PADDED}: parcalc score on each padded workbook")
    record[PADDED] = {**more.measure_padded(parcalc_cmd()),
                      "footprint_bytes": more.footprint(parcalc_cmd()),
                      "measured": {"when": when, "repeat": 1, **record["source"]}}
    record["machine"]["loadavg_end"] = list(os.getloadavg())
    record["goals"] = goals(PADDED, record)
    return record


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=[*generate.names(), PADDED],
                        metavar="{city,province,country,long-sst,matrix,per-unit,"
                                "survey-large,padded}")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measure (median)")
    parser.add_argument("--profile", action="store_true",
                        help="also run score under cProfile and print the top 25 functions")
    parser.add_argument("--only", help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--data", type=Path, help="data folder (default: the generator's)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results file")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument("--report-timeout", type=float, default=REPORT_TIMEOUT,
                        help="stop write_excel after this many seconds")
    parser.add_argument("--loop-rows", type=int, default=LOOP_ROWS,
                        help="scores rows the per-cell loop visits at most")
    parser.add_argument("--loop-survey-rows", type=int, default=LOOP_SURVEY_ROWS,
                        help="survey rows the per-cell loop visits at most")
    parser.add_argument("--markdown", action="store_true",
                        help="print the results file as the markdown table of the docs, and stop")
    args = parser.parse_args(argv)
    if args.markdown:
        print(more.markdown(json.loads(args.results.read_text(encoding="utf-8"))))
        return
    if args.size is None:
        parser.error("--size is required")
    if args.only:
        parts = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = set(parts) - set(PARTS)
        if unknown:
            parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; use {', '.join(PARTS)}")
    else:
        parts = [p for p in PARTS if p != "profile" or args.profile]
    if args.profile and "profile" not in parts:
        parts.append("profile")
    previous = None
    if args.only and args.results.exists():
        with contextlib.suppress(ValueError, KeyError):
            previous = json.loads(args.results.read_text(encoding="utf-8"))["sizes"][args.size]
    record = run(args.size, args.repeat, parts, data_dir=args.data,
                 report_timeout=args.report_timeout, loop_rows=args.loop_rows,
                 loop_survey_rows=args.loop_survey_rows, previous=previous)
    data = record.get("data")
    if data:
        how = "cached" if data["cached"] else "generated"
        print(f"data: {data['dir']} ({how}; generation took {data['generation_seconds']:.1f} s)")
    if "engine" in record and record["engine"]["loop"]["extrapolated"]:
        loop = record["engine"]["loop"]
        print(f"note: the per-cell loop visited {loop['scores_rows_visited']:,} of "
              f"{loop['scores_rows']:,} scores rows and {loop['survey_rows_visited']:,} of "
              f"{loop['survey_rows']:,} survey rows; its time is extrapolated to every row")
    print(table(args.size, record))
    if "profile" in parts and "profile" in record:
        prof = record["profile"]
        print(f"\nprofile of parcalc score --jobs 1 ({prof['seconds_under_profile']:.1f} s "
              "under cProfile): top 25 parcalc functions by cumulative time")
        print("\n".join(prof["cumulative"]))
        print("\ntop 15 functions by own time")
        print("\n".join(prof["tottime"]))
    if not args.no_save:
        save(args.size, record, args.results)
        print(f"\nwrote {args.results}")


if __name__ == "__main__":
    main()
