"""Batch export: one ranking report per workbook, carrying on past a bad one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import msg
from parcalc.workbook import EXTENSIONS


@dataclass
class Outcome:
    source: Path
    target: Path
    units: int = 0
    warnings: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def export_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Workbooks to export: files as given, folders expanded to the workbooks inside."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS
                          and not p.name.startswith(("~$", ".")) and p.is_file())
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(Problem(msg("export.no_such_path"), Location(str(path))))
    if not out:
        raise UsageError(msg("export.nothing", extensions=", ".join(EXTENSIONS)))
    return out


def target_for(source: Path, out_dir: Path) -> Path:
    return out_dir / f"{source.stem}-report.xlsx"


def export_reports(sources: Sequence[Path], out_dir: Path, *, criteria: str | None = None,
                   lang: str = "vi", force: bool = False, strict: bool = False,
                   layout: str | None = None, jobs: int | None = None,
                   step: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Score each workbook on its own and write its report into ``out_dir`` (``jobs``: as
    :func:`~parcalc.api.score_file`'s).

    A report that exists is never replaced unless ``force``: then nothing is written and
    :class:`UsageError` names every such report. A workbook that fails (bad input) is
    recorded with its problems and the others go on. ``step`` is called after each workbook.
    """
    from parcalc.api import score_file
    from parcalc.render.excel import write_excel

    if not force:
        existing = [t for t in (target_for(s, out_dir) for s in sources) if t.exists()]
        if existing:
            raise UsageError([Problem(msg("atomic.exists"), Location(str(t)))
                              for t in existing])
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for source in sources:
        outcome = Outcome(source, target_for(source, out_dir))
        try:
            results = score_file(source, criteria, strict=strict, layout=layout, jobs=jobs)
            write_excel(results, outcome.target, lang)
            outcome.units = len(results.units)
            outcome.warnings = len(results.warnings)
        except ParcalcError as exc:
            outcome.problems = [p for p in exc.problems if p.severity == "error"]
        outcomes.append(outcome)
        if step is not None:
            step(outcome)
    return outcomes
