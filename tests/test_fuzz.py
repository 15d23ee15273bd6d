"""Fuzzing (issue 5, section 2): mutated criteria files and workbooks end in a ParcalcError or a
result, never in another exception, a hang or a dead process.

- ``test_bounded_fuzz``: the bounded run of CI, ``PARCALC_FUZZ_CASES`` cases (default 1,300:
  1,000 criteria files and 300 workbooks), in chunks named by category and seeds so that a
  failure names its seed. A failure prints the signature and where the input was saved; run
  ``python -m tests.fuzz.run --replay CATEGORY:SEED`` for the traceback. A chunk whose only
  failures are known bugs (``KNOWN_BUGS``) is an xfail.
- ``test_regression``: every file in tests/data/fuzz/ (crashes found by the long run,
  ``python -m tests.fuzz.run --minutes 10``) ends in a ParcalcError or a result. A file of a
  bug not yet fixed is in ``KNOWN_BUGS``: a strict xfail naming the bug, so fixing the bug
  turns it into an XPASS that asks for its entry to be removed.

Cases run in worker processes (tests/fuzz/mutate.py) with a 10 s alarm and a memory limit, so
a hang or a native crash fails its test instead of the whole run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fuzz.mutate import (
    REGRESSIONS,
    Job,
    Outcome,
    Pool,
    default_workers,
    make_case,
    regression_files,
    save_case,
)

#: Cases in the bounded run, and each category's share of them.
CASES = int(os.environ.get("PARCALC_FUZZ_CASES", "1300"))
SHARES = {"yaml": 1000, "zip-xml": 120, "cells": 80, "binary": 100}
CHUNK = {"yaml": 250, "zip-xml": 40, "cells": 40, "binary": 50}

#: Regression file → (the bug, in one line; the signature of the failure, a regex), for the
#: bugs not yet fixed. Remove an entry when its test XPASSes.
KNOWN_BUGS: dict[str, tuple[str, str]] = {}


def _known(outcome: Outcome) -> str | None:
    for reason, pattern in KNOWN_BUGS.values():
        if re.search(pattern, outcome.signature):
            return reason
    return None


def _chunks() -> Iterator[object]:
    total = sum(SHARES.values())
    for category, share in SHARES.items():
        n = max(1, round(CASES * share / total)) if CASES > 0 else 0
        size = CHUNK[category]
        for start in range(0, n, size):
            stop = min(n, start + size)
            yield pytest.param(category, start, stop, id=f"{category}-s{start}-{stop - 1}")


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    with Pool(min(default_workers(), 4)) as workers:
        yield workers


@pytest.fixture(scope="module")
def save_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the bounded run keeps the inputs that failed (PARCALC_FUZZ_SAVE to choose)."""
    chosen = os.environ.get("PARCALC_FUZZ_SAVE")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("fuzz-failures")


@pytest.mark.parametrize(("category", "start", "stop"), list(_chunks()))
def test_bounded_fuzz(pool: Pool, save_dir: Path, category: str, start: int, stop: int) -> None:
    jobs = [Job(category, seed) for seed in range(start, stop)]
    failures = sorted(((job, outcome) for job, outcome in pool.run(jobs) if outcome.failed),
                      key=lambda pair: pair[0].seed)
    new = [(job, o) for job, o in failures if _known(o) is None]
    if new:
        lines = []
        for job, outcome in new:
            saved = save_case(make_case(job.category, job.seed), outcome, save_dir)
            lines.append(f"{job.name}: {outcome.summary()}\n    at {outcome.where or '?'}; "
                         f"saved {saved}; replay: python -m tests.fuzz.run --replay {job.name}")
        pytest.fail(f"{len(new)} of {len(jobs)} cases failed:\n" + "\n".join(lines),
                    pytrace=False)
    if failures:
        reasons = sorted({str(_known(o)) for _, o in failures})
        pytest.xfail(f"{len(failures)} known: " + "; ".join(reasons))


def _regression_params() -> list[object]:
    params: list[object] = []
    for path in regression_files():
        marks = []
        if path.name in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(reason=KNOWN_BUGS[path.name][0], strict=True))
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


@pytest.fixture(scope="module")
def regression_outcomes(pool: Pool) -> dict[str, Outcome]:
    """Every regression file run once, on all workers at once (hangs take 10 s each)."""
    jobs = [Job("file", path=str(p)) for p in regression_files()]
    return {Path(str(job.path)).name: outcome for job, outcome in pool.run(jobs)}


@pytest.mark.parametrize("path", _regression_params())
def test_regression(regression_outcomes: dict[str, Outcome], path: Path) -> None:
    outcome = regression_outcomes[path.name]
    assert not outcome.failed, f"{outcome.summary()}\n{outcome.trace}"
    assert outcome.status in ("ok", "rejected")


def test_every_known_bug_has_its_file() -> None:
    missing = sorted(set(KNOWN_BUGS) - {p.name for p in regression_files()})
    assert not missing, f"KNOWN_BUGS names files not in {REGRESSIONS}: {missing}"


def test_cases_are_deterministic() -> None:
    """A seed names the same bytes every time: what a failure report relies on."""
    for category in SHARES:
        for seed in (0, 1, 17):
            a, b = make_case(category, seed), make_case(category, seed)
            if category != "cells":  # openpyxl stamps the save time into docProps/core.xml
                assert a.files == b.files
            assert (a.steps, a.target, a.layout, a.strict) == (b.steps, b.target, b.layout,
                                                                b.strict)
