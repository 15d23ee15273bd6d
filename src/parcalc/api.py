"""The Python API the CLI is built on: pick the criteria for a workbook and score it.

    >>> from parcalc import load_criteria, read_workbook, score
    >>> results = score(read_workbook("examples/2021.xlsx"), load_criteria("criteria/x.yaml"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import msg

if TYPE_CHECKING:  # imported when called: the sheets start being read before pandas loads
    from parcalc.criteria.model import CriteriaSet
    from parcalc.engine import CriteriaChoice, Scoring
    from parcalc.results import Results
    from parcalc.workbook import Workbook


def criteria_for(workbook: Workbook, override: str | Path | None = None, *,
                 allow_outside: bool = False) -> CriteriaChoice:
    """The criteria for ``workbook``: ``override`` (a path or shipped id) if given, else the
    ``settings`` sheet's ``criteria`` row (a path relative to the workbook, or a shipped id)
    and ``criteria:<group>`` rows. A settings path must stay inside the workbook's folder
    unless ``allow_outside``. Raises :class:`UsageError` (exit 2) when there are none.
    """
    from parcalc.criteria.shipped import resolve_criteria

    if override is not None:
        return resolve_criteria(str(override))
    chosen: dict[str | None, CriteriaSet] = {}
    problems: list[Problem] = []
    for key, value, where, base in workbook.settings_items():
        if key == "criteria" or key.startswith("criteria:"):
            group = None if key == "criteria" else key.split(":", 1)[1].strip()
            try:
                chosen[group] = resolve_criteria(value, base, confine=not allow_outside)
            except UsageError as exc:
                problems += [Problem(p.msg, where) for p in exc.problems]
    if problems:
        raise UsageError(problems)
    if not chosen:
        raise UsageError(Problem(msg("api.no_criteria"), Location(workbook.name)))
    return chosen


#: How long scoring waits for the first sheets' scans before importing the engine (see
#: :meth:`~parcalc.workbook.prefetch.SheetReader.wait_for_scans`).
SCAN_WAIT = 1.0


def score_file(path: str | Path | Sequence[str | Path], criteria: str | Path | None = None, *,
               strict: bool = False, layout: str | None = None, allow_outside: bool = False,
               on_note: Callable[[str], None] | None = None, jobs: int | None = None) -> Results:
    """Read a workbook (or several, or a folder of them), choose the criteria and score:
    what ``parcalc score`` does. ``on_note`` is called, once they are all read, with each
    file's line saying how its layout was detected (what ``-v`` prints). ``jobs``: threads
    reading sheets (None: the machine's cores, 1 for a small read); the results are the
    same whatever the number."""
    return score_file_run(path, criteria, strict=strict, layout=layout,
                          allow_outside=allow_outside, on_note=on_note, jobs=jobs,
                          keep_answers=False).results


def score_file_run(path: str | Path | Sequence[str | Path], criteria: str | Path | None = None,
                   *, strict: bool = False, layout: str | None = None,
                   allow_outside: bool = False,
                   on_note: Callable[[str], None] | None = None,
                   jobs: int | None = None, keep_answers: bool = True) -> Scoring:
    """:func:`score_file`, keeping the grids behind the Results (a
    :class:`~parcalc.engine.Scoring`, what :func:`parcalc.sensitivity.sensitivity` takes;
    ``keep_answers`` as for :func:`~parcalc.engine.score_run`)."""
    from parcalc.workbook.files import open_books

    paths = [path] if isinstance(path, (str, Path)) else list(path)
    opened = open_books(paths, layout, jobs)  # sheets start being read ahead, on threads
    try:
        opened.reader.wait_for_scans(SCAN_WAIT)
        from parcalc.engine import score_run
        from parcalc.workbook.read import read_opened
    except BaseException:
        opened.close()
        raise
    workbook = read_opened(opened)
    if on_note is not None:
        for note in workbook.notes:
            on_note(str(note))
    choice = criteria_for(workbook, criteria, allow_outside=allow_outside)
    return score_run(workbook, choice, strict=strict, keep_answers=keep_answers)


_LAZY = {"Results": "parcalc.results", "Scoring": "parcalc.engine",
         "read_workbook": "parcalc.workbook", "read_workbooks": "parcalc.workbook",
         "score": "parcalc.engine"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'parcalc.api' has no attribute {name!r}")


__all__ = ["ParcalcError", "Results", "Scoring", "criteria_for",  # noqa: F822
           "read_workbook", "read_workbooks", "score", "score_file", "score_file_run"]
