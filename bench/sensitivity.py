"""The ``sensitivity`` part of ``bench/run.py`` (issue 14): is ``parcalc sensitivity`` with
1,000 samples within 30 × one ``parcalc score`` of the same workbooks?

Both are timed as a user runs them — a subprocess each, JSON to /dev/null, the files in the
page cache — interleaved ``repeat`` times; the ratio is the median of the per-run ratios.
In the runner's process the phases of the analysis are also timed on a workbook already
read: the engine's ``score_run`` and ``sensitivity`` itself (plan, draws, summary).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: Samples of the measured run (the command's default).
SAMPLES = 1000
#: Goal of issue 14: sensitivity with 1,000 samples ÷ one score, at province size.
GOAL = ("<=", 30.0, ("province",))


def sensitivity_cmd(parcalc: Sequence[str], files: Sequence[str], criteria: str,
                    samples: int = SAMPLES) -> list[str]:
    return [*parcalc, "sensitivity", *files, "-c", criteria, "--samples", str(samples),
            "-f", "json"]


def measure_sensitivity(files: Sequence[str], criteria: str, repeat: int,
                        run_child: Callable[[Sequence[str]], tuple[float, int]],
                        parcalc: Sequence[str], score_cmd: Sequence[str],
                        log: Callable[[str], None], samples: int = SAMPLES) -> dict[str, Any]:
    """``parcalc sensitivity --samples N`` vs ``parcalc score``, both subprocesses."""
    for f in files:
        Path(f).read_bytes()
    score_s, sens_s, rss = [], [], []
    for k in range(repeat):
        score_s.append(run_child(score_cmd)[0])
        seconds, peak = run_child(sensitivity_cmd(parcalc, files, criteria, samples))
        sens_s.append(seconds)
        rss.append(peak)
        log(f"  sensitivity {k + 1}/{repeat}: {seconds:.2f} s, score {score_s[-1]:.2f} s")
    ratios = [s / c for s, c in zip(sens_s, score_s, strict=True)]
    return {
        "samples": samples,
        "sensitivity_s": [round(x, 3) for x in sens_s],
        "score_s": [round(x, 3) for x in score_s],
        "ratio": round(statistics.median(ratios), 2),
        "ratios": [round(x, 3) for x in ratios],
        "peak_rss_bytes": max(rss),
        "phases_s": phases(files, criteria, samples),
    }


def phases(files: Sequence[str], criteria: str, samples: int = SAMPLES) -> dict[str, float]:
    """In this process: reading, ``score_run``, and the analysis' steps."""
    from parcalc.criteria.load import load_criteria
    from parcalc.engine import score_run
    from parcalc.sensitivity import Options
    from parcalc.sensitivity.analysis import make_plan, policy_ranks
    from parcalc.sensitivity.samples import run_samples
    from parcalc.sensitivity.summary import summarise
    from parcalc.workbook import read_workbooks

    out: dict[str, float] = {}
    start = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        out[name] = round(now - start, 3)
        start = now

    workbook = read_workbooks(list(files))
    lap("read_workbooks")
    run = score_run(workbook, load_criteria(criteria))
    lap("score_run")
    plan = make_plan(run)
    lap("plan")
    by_policy = {p: policy_ranks(plan, p) for p in ("exclude", "zero", "full")}
    lap("policies")
    options = Options(samples=samples)
    draws = run_samples(plan, options)
    lap("samples")
    summarise(plan, draws, run.results, by_policy, options)
    lap("summary")
    return out
