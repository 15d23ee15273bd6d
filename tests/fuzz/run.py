"""The long fuzz run, by hand: ``python -m tests.fuzz.run --minutes 10``.

Runs mutated criteria files and workbooks (see :mod:`fuzz.mutate`) in worker processes until
the time is up, saves the first input of every distinct crash, hang or dead worker into
tests/data/fuzz/ (a YAML crash shrunk to the fewest lines that still show it), and prints the
cases run per category and the crashes found. Each saved file then needs its test: add it to
``KNOWN_BUGS`` in tests/test_fuzz.py (an xfail naming the bug) until the bug is fixed.

    python -m tests.fuzz.run --minutes 10              # all categories, a seed from the clock
    python -m tests.fuzz.run --minutes 2 --only cells --seed 7
    python -m tests.fuzz.run --replay yaml:1234        # one case again, with its traceback
    python -m tests.fuzz.run --replay tests/data/fuzz/yaml-crash-…-s12.yaml
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for `fuzz.mutate`

from fuzz.mutate import (
    CATEGORIES,
    REGRESSIONS,
    TIMEOUT,
    Job,
    Outcome,
    Pool,
    default_workers,
    make_case,
    minimize,
    save_case,
)

#: Share of the cases per category in the long run (workbooks are slower and matter more).
SHARES = {"yaml": 4, "zip-xml": 3, "cells": 2, "binary": 1}
STATUSES = ("ok", "rejected", "crash", "hang", "died", "harness")


def _jobs(categories: list[str], base: int) -> Iterator[Job]:
    """Categories interleaved by their shares; seeds count up from ``base`` in each."""
    weights = [(c, SHARES.get(c, 1)) for c in categories]
    counters = dict.fromkeys(categories, base)
    for category, share in itertools.cycle(weights):
        for _ in range(share):
            yield Job(category, counters[category])
            counters[category] += 1


def _existing(folder: Path, category: str, outcome: Outcome) -> Path | None:
    """A regression file already saved for the same bug (same category and slug)."""
    prefix = f"{category}-{outcome.slug()}-s"
    return next((p for p in sorted(folder.glob(prefix + "*"))), None) if folder.is_dir() else None


def replay(ref: str, timeout: float) -> int:
    path = Path(ref)
    if path.exists():
        job = Job("file", path=str(path.resolve()))
    else:
        category, _, seed = ref.partition(":")
        if category not in CATEGORIES or not seed.isdigit():
            print(f"--replay wants CATEGORY:SEED (categories: {', '.join(CATEGORIES)}) or a file")
            return 2
        case = make_case(category, int(seed))
        print(case.describe())
        job = Job(category, int(seed))
    with Pool(1, timeout) as pool:
        _, outcome = next(pool.run([job]))
    print(f"{outcome.summary()} ({outcome.seconds:.2f} s)")
    if outcome.trace:
        print(outcome.trace)
    return 1 if outcome.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (10)")
    parser.add_argument("--seed", type=int, default=None,
                        help="first seed of every category (default: from the clock)")
    parser.add_argument("--only", default=",".join(CATEGORIES),
                        help=f"comma-separated categories ({','.join(CATEGORIES)})")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds before a case is a hang ({TIMEOUT:g})")
    parser.add_argument("--out", type=Path, default=REGRESSIONS,
                        help="where crashes are saved (tests/data/fuzz)")
    parser.add_argument("--no-save", action="store_true", help="report crashes, save nothing")
    parser.add_argument("--no-minimize", action="store_true", help="save YAML crashes as found")
    parser.add_argument("--replay", metavar="CATEGORY:SEED|FILE",
                        help="run one case (or a saved file) and print its traceback")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.timeout)
    categories = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown or not categories:
        parser.error(f"unknown category {', '.join(unknown)}; use {', '.join(CATEGORIES)}")
    base = args.seed if args.seed is not None else int(time.time()) % 1_000_000 * 1000
    print(f"fuzzing {', '.join(categories)} for {args.minutes:g} min with {args.workers} "
          f"workers, seeds from {base} (--seed {base} repeats this run)", flush=True)

    counts: dict[str, Counter[str]] = {c: Counter() for c in categories}
    seconds: Counter[str] = Counter()
    bugs: dict[str, dict[str, object]] = {}  # signature → first job, count, saved file
    start = time.monotonic()
    deadline = start + args.minutes * 60
    last = start
    with Pool(args.workers, args.timeout) as pool:
        for job, outcome in pool.run(_jobs(categories, base), deadline):
            counts[job.category][outcome.status] += 1
            seconds[job.category] += outcome.seconds
            if outcome.failed:
                key = f"{job.category} {outcome.signature}"
                if key not in bugs:
                    bugs[key] = {"job": job, "outcome": outcome, "count": 0, "file": None}
                    print(f"  NEW {job.name}: {outcome.summary()}", flush=True)
                bugs[key]["count"] = int(bugs[key]["count"]) + 1  # type: ignore[call-overload]
            if time.monotonic() - last > 30:
                last = time.monotonic()
                done = sum(sum(c.values()) for c in counts.values())
                print(f"  {last - start:5.0f} s: {done} cases, {len(bugs)} distinct failures",
                      flush=True)
        fuzzed = time.monotonic() - start
        if not args.no_save:
            for bug in bugs.values():
                bug["file"] = _save(pool, bug, args.out, not args.no_minimize)

    total = sum(sum(c.values()) for c in counts.values())
    print(f"\n{total} cases in {fuzzed / 60:.1f} min ({total / max(fuzzed, 1e-9):.1f}/s); "
          f"saving took {(time.monotonic() - start - fuzzed) / 60:.1f} min more")
    print(f"{'category':<10}" + "".join(f"{s:>9}" for s in ("cases", *STATUSES, "s/case")))
    for category, c in counts.items():
        n = sum(c.values())
        print(f"{category:<10}{n:>9}" + "".join(f"{c[s]:>9}" for s in STATUSES)
              + f"{seconds[category] / max(n, 1):>9.3f}")
    print(f"\n{len(bugs)} distinct failures")
    for key, bug in sorted(bugs.items()):
        outcome = bug["outcome"]
        assert isinstance(outcome, Outcome)
        print(f"- {key} ×{bug['count']} (first {bug['job'].name})")  # type: ignore[attr-defined]
        print(f"    {outcome.message}")
        if outcome.where:
            print(f"    at {outcome.where}")
        if bug["file"]:
            print(f"    saved: {bug['file']}")
    if bugs and not args.no_save:
        print("\nEach new file needs an entry in KNOWN_BUGS (tests/test_fuzz.py) until fixed.")
    return 1 if bugs else 0


def _save(pool: Pool, bug: dict[str, object], folder: Path, shrink: bool) -> Path:
    job, outcome = bug["job"], bug["outcome"]
    assert isinstance(job, Job) and isinstance(outcome, Outcome)
    found = _existing(folder, job.category, outcome)
    if found is not None:
        return found
    case = make_case(job.category, job.seed)
    if shrink and case.kind == "criteria" and outcome.status == "crash":
        case = minimize(pool, case, outcome.signature)
    return save_case(case, outcome, folder)


if __name__ == "__main__":
    sys.exit(main())
