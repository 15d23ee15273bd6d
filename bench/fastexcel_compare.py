"""Read the benchmark workbooks three ways and time each: the fastexcel question of issue 6.

- ``pandas.read_excel(engine="calamine")``: the read ratio's baseline;
- python-calamine directly (``get_sheet_by_name().to_python()``): what parcalc does;
- fastexcel (Rust calamine to Arrow, then ``to_pandas()``; needs pyarrow).

Run in an environment that has fastexcel and pyarrow (parcalc does not depend on them)::

    python -m venv /tmp/fx && /tmp/fx/bin/pip install fastexcel pyarrow pandas python-calamine
    /tmp/fx/bin/python bench/fastexcel_compare.py --size province

Each reader runs in its own child process, ``--repeat`` times; the medians are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

READERS = {
    "pandas_calamine": """
import pandas as pd
for f in files:
    pd.read_excel(f, sheet_name=None, engine="calamine", header=None)
""",
    "python_calamine": """
from python_calamine import CalamineWorkbook
for f in files:
    book = CalamineWorkbook.from_path(str(f))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
""",
    "fastexcel_arrow": """
import fastexcel
for f in files:
    reader = fastexcel.read_excel(str(f))
    for name in reader.sheet_names:
        reader.load_sheet_by_name(name, header_row=None).to_arrow()
""",
    "fastexcel_pandas": """
import fastexcel
for f in files:
    reader = fastexcel.read_excel(str(f))
    for name in reader.sheet_names:
        reader.load_sheet_by_name(name, header_row=None).to_pandas()
""",
}


def time_reader(code: str, files: list[str]) -> float:
    script = ("import time, sys, json\nfiles = json.loads(sys.argv[1])\n"
              "start = time.perf_counter()\n" + code +
              "\nprint(time.perf_counter() - start)\n")
    out = subprocess.run([sys.executable, "-c", script, json.dumps(files)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["city", "province", "country"], default="province")
    parser.add_argument("--data", type=Path, default=Path.home() / ".cache" / "parcalc-bench")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(str(p) for p in (args.data / args.size).glob("*.xlsx"))
    if not files:
        sys.exit(f"no workbooks in {args.data / args.size}; run bench/run.py --size "
                 f"{args.size} first (it generates them)")
    times = {name: [time_reader(code, files) for _ in range(args.repeat)]
             for name, code in READERS.items()}
    base = statistics.median(times["pandas_calamine"])
    print(f"{args.size}: {len(files)} file(s)")
    for name, runs in times.items():
        m = statistics.median(runs)
        print(f"  {name:18} {m:8.2f} s   ÷ pandas_calamine {m / base:5.2f}   runs {runs}")


if __name__ == "__main__":
    main()
