"""The measures issue 15 adds to ``run.py``: the analyst's daily run against ``import pandas``,
memory against the largest sheet part, and the padded workbooks.

- **small**: ``parcalc score examples/2021.xlsx -f json`` ÷ ``python -c "import pandas"``
  (interleaved, medians): what a small file costs beyond the import it cannot avoid.
- **part memory**: peak RSS of ``parcalc score`` over its fixed footprint (the same command
  on a two-unit workbook: interpreter, imports), ÷ the largest sheet part (uncompressed)
  of the files read. The raw peak ÷ part is kept too.
- **padded**: ``parcalc score`` on each padded workbook (``padded.py``): seconds, peak RSS,
  exit code and the message of a refusal; and, for reference, ``pandas.read_excel`` on it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import generate, padded

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2021.xlsx"
SMALL_RUNS = 9
PADDED_TIMEOUT = 600.0


#: Runs a command and writes its wall time, peak RSS and exit status to a file. The runner
#: does not start commands itself: on Linux a process started by a large one reports at
#: least its parent's RSS as its peak (the memory map it was forked from), so a command
#: started by the runner after it read the country data with pandas would seem to use
#: gigabytes. This small process starts it instead.
_SPAWN = """\
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def child(cmd: Sequence[str], stdout: Any = subprocess.DEVNULL,
          timeout: float | None = None) -> dict[str, Any]:
    """Run ``cmd``: wall seconds, peak RSS, exit code and the last line of stderr; killed
    after ``timeout`` seconds (see :data:`_SPAWN`)."""
    import os
    import signal

    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as report:
        spawn = subprocess.Popen([sys.executable, "-S", "-c", _SPAWN, report.name, *cmd],
                                 stdout=stdout, stderr=err, start_new_session=True)
        try:
            spawn.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(spawn.pid, signal.SIGKILL)
            spawn.wait()
        seconds_s, rss_kib, code_s = (report.read().split() or ["nan", "0", "-9"])
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    seconds = float(seconds_s) if seconds_s != "nan" else float(timeout or 0)
    return {"seconds": round(seconds, 3), "peak_rss_bytes": int(rss_kib) * 1024,
            "exit_code": int(code_s), "timed_out": code_s == "-9",
            "last_line": lines[-1] if lines else ""}


def largest_part(files: Sequence[str]) -> int:
    """The largest worksheet part (uncompressed bytes) of the .xlsx files."""
    largest = 0
    for f in files:
        with zipfile.ZipFile(f) as z:
            largest = max([largest, *(i.file_size for i in z.infolist()
                                      if i.filename.startswith("xl/worksheets/"))])
    return largest


def footprint(parcalc: Sequence[str]) -> int:
    """Peak RSS of ``parcalc score`` on a two-unit workbook: interpreter and imports."""
    with tempfile.TemporaryDirectory() as tmp:
        data = generate.generate("tiny", Path(tmp), workers=1)
        run = child([*parcalc, "score", data["files"][0], "-c", data["criteria"], "-f",
                      "json"])
    return int(run["peak_rss_bytes"] or 0)


def part_memory(peak: int, base: int, part: int) -> dict[str, Any]:
    return {"largest_part_bytes": part, "footprint_bytes": base,
            "ratio": round(max(peak - base, 0) / part, 3) if part else None,
            "ratio_raw": round(peak / part, 3) if part else None}


def measure_small(parcalc: Sequence[str], runs: int = SMALL_RUNS) -> dict[str, Any]:
    """``parcalc score examples/2021.xlsx -f json`` ÷ ``python -c "import pandas"``."""
    cmds = {"pandas": [sys.executable, "-c", "import pandas"],
            "score": [*parcalc, "score", str(EXAMPLE), "-f", "json"]}
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(child(cmd)["seconds"])
    pandas_s, score_s = statistics.median(times["pandas"]), statistics.median(times["score"])
    return {"runs": runs, "import_pandas_s": round(pandas_s, 3),
            "score_s": round(score_s, 3), "ratio": round(score_s / pandas_s, 2),
            "times": times}


PANDAS_READ = "import sys, pandas as pd; pd.read_excel(sys.argv[1], engine='calamine', " \
              "sheet_name=None)"


def measure_padded(parcalc: Sequence[str], timeout: float = PADDED_TIMEOUT) -> dict[str, Any]:
    """``parcalc score`` on each padded workbook, and ``pandas.read_excel`` for reference."""
    made = padded.generate_padded()
    out: dict[str, Any] = {"dir": made["dir"]}
    for kind, f in made["files"].items():
        run = child([*parcalc, "score", f["path"], "-c", made["criteria"], "-f", "json",
                     "--lang", "en"], timeout=timeout)
        bare = child([sys.executable, "-c", PANDAS_READ, f["path"]], timeout=timeout)
        rss = run["peak_rss_bytes"]
        out[kind] = {**f, "parcalc": run, "pandas_read": bare,
                     "refused": run["exit_code"] == 1,
                     "ratio_rss_part": round(rss / f["part_bytes"], 3) if rss else None}
    return out


# --- the table of bench/README.md and docs/speed.md ------------------------------------------

def _cell(record: dict[str, Any], metric: str, fmt: str = "{:.2f}") -> str:
    if "." in metric:  # a figure of the record, not a goal: "part.key"
        part, key = metric.split(".")
        value = record.get(part, {}).get(key)
        return "–" if value is None else fmt.format(value)
    goal = next((g for g in record.get("goals", []) if g["metric"] == metric), None)
    if goal is None or goal["value"] is None:
        return "–"
    text = fmt.format(goal["value"])
    return f"**{text}**" if goal["pass"] else text + (" ✗" if goal["pass"] is False else "")


_ROWS = [
    ("read: `parcalc score` ÷ `pandas.read_excel` (≤ 1.3 at province, country, shapes)",
     "read_ratio", "{:.2f}"),
    ("… on one thread (`--jobs 1`)", "read.ratio_jobs1", "{:.2f}"),
    ("end to end, seconds (≤ 80 at country)", "country_seconds", "{:.1f}"),
    ("peak RSS, MiB (country: ≤ before issue 15)", "country_peak_rss_mib", "{:,.0f}"),
    ("memory over the footprint ÷ largest sheet part (≤ 1.5)", "part_memory_ratio",
     "{:.2f}"),
    ("`score examples/2021.xlsx` ÷ `import pandas` (≤ 1.5)", "small_ratio", "{:.2f}"),
    ("padded parts, seconds (< 60, or refused)", "padded_seconds", "{:.1f}"),
    ("engine: leaf scores/s ÷ per-cell loop (≥ 50 at country)", "engine_ratio", "{:.1f}"),
    ("report: `write_excel` ÷ bare xlsxwriter (≤ 1.5)", "report_ratio", "{:.2f}"),
    ("start-up: `--help` ÷ `python -c pass` (≤ 3)", "startup_help_ratio", "{:.2f}"),
    ("sensitivity: `--samples 1000` ÷ `parcalc score` (≤ 30 at province; issue 14)",
     "sensitivity_ratio", "{:.2f}"),
]


def markdown(doc: dict[str, Any]) -> str:
    """The results (``results.json``) as a markdown table: a row per measure, a column per
    size or shape; bold where the goal is met, ✗ where it is not, – where not measured."""
    sizes = list(doc.get("sizes", {}))
    lines = ["| measure (goal) | " + " | ".join(sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    for label, metric, fmt in _ROWS:
        cells = [_cell(doc["sizes"][s], metric, fmt) for s in sizes]
        if any(c != "–" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
