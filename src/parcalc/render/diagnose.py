"""A :class:`~parcalc.diagnose.Diagnosis` as tables that fit the console, or as JSON.

Only formatting: every number comes from :func:`parcalc.diagnose.diagnose`. Per criteria set:
a title and a line naming the criteria to review, the criteria table, the domains' α, the
correlation matrix and the units' over-claims; a legend at the end.
"""

from __future__ import annotations

import json

from rich.console import Console, Group, RenderableType
from rich.text import Text

from parcalc.diagnose import Diagnosis, LeafStats, SetDiagnosis
from parcalc.i18n import label, msg, text
from parcalc.render.columns import Col, cost
from parcalc.render.fitted import fitted

FLAGS = ("no_discrimination", "always_na", "negative")
#: The criteria table shows titles when they keep this many columns beside the numbers.
TITLE_MIN = 30


def num(value: float | None, decimals: int, scale: float = 1.0) -> str:
    """``value × scale`` at ``decimals``; "–" for None. A negative value keeps its sign even
    when it rounds to 0 ("-0.00": below zero, barely)."""
    if value is None:
        return "–"
    return f"{value * scale + 0.0:.{decimals}f}"  # + 0.0: no "-0.00" for a zero


def _col(key: str, cells: list[str]) -> Col:
    return Col(label(f"diagnose.{key}"), list(cells))


def _numbers(rows: list[LeafStats]) -> list[Col]:
    """The criteria table's number columns, the most telling first (blocks keep them)."""
    return [
        _col("max", [f"{c.max:g}" for c in rows]),
        _col("discrimination", [num(c.discrimination, 2) for c in rows]),
        _col("shift_mean", [num(c.rank_shift_mean, 2) for c in rows]),
        _col("shift_max", ["–" if c.rank_shift_max is None else str(c.rank_shift_max)
                           for c in rows]),
        _col("at_max", [num(c.at_max, 1, 100) for c in rows]),
        _col("at_zero", [num(c.at_zero, 1, 100) for c in rows]),
        _col("not_applicable", [num(c.not_applicable, 1, 100) for c in rows]),
        _col("blank", [num(c.blank, 1, 100) for c in rows]),
        _col("mean_share", [num(c.mean_share, 1, 100) for c in rows]),
        _col("sd_share", [num(c.sd_share, 1, 100) for c in rows]),
    ]


def _titled(rows: list[LeafStats], flags: bool) -> Col:
    """Each criterion's title, wrapped; with ``flags``, its flags on a line below."""
    cells: list[str | Text] = []
    for c in rows:
        cell = Text(c.title)
        if flags and c.flags:
            cell.append("\n" + ", ".join(label(f"diagnose.flag_{f}") for f in c.flags),
                        style="yellow")
        cells.append(cell)
    return Col(label("diagnose.criterion"), cells, justify="left", wrap=True)


def _ids(rows: list[LeafStats]) -> Col:
    return Col(label("diagnose.id"), [c.id for c in rows], justify="left")


def _review(s: SetDiagnosis, width: int) -> list[RenderableType]:
    """The flagged criteria, with their titles and flags, and the numbers behind the flags."""
    rows = [c for c in s.criteria if c.flags]
    if not rows:
        return []
    extra = [_col("discrimination", [num(c.discrimination, 2) for c in rows]),
             _col("at_max", [num(c.at_max, 1, 100) for c in rows]),
             _col("sd_share", [num(c.sd_share, 1, 100) for c in rows])]
    return fitted([_ids(rows), _titled(rows, True)], extra, width,
                  label("diagnose.review_title"))


def _criteria(s: SetDiagnosis, width: int) -> list[RenderableType]:
    """Every criterion: with its title when the title keeps :data:`TITLE_MIN` columns beside
    every number, else by id alone (the titles of the flagged ones are in the review)."""
    rows, numbers = s.criteria, _numbers(s.criteria)
    title = label("diagnose.criteria_title")
    titled = _titled(rows, True)
    room = width - cost([_ids(rows).natural, 0, *(c.natural for c in numbers)])
    if room >= min(TITLE_MIN, titled.natural):
        return fitted([_ids(rows), titled], numbers, width, title)
    key = _ids(rows)
    return fitted([Col(key.header, key.cells, justify="left", wrap=True)], numbers, width,
                  title)


def _domains(s: SetDiagnosis, width: int) -> list[RenderableType]:
    rows = s.domains
    key = [Col(label("diagnose.id"), [d.id for d in rows], justify="left"),
           Col(label("diagnose.domain"), [d.title for d in rows], justify="left", wrap=True)]
    extra = [_col("leaves", [str(d.leaves) for d in rows]),
             _col("units", [str(d.units) for d in rows]),
             _col("alpha", [num(d.alpha, 2) for d in rows])]
    return fitted(key, extra, width, label("diagnose.domains_title"))


def _correlations(s: SetDiagnosis, width: int) -> list[RenderableType]:
    ids, matrix = s.correlations.domains, s.correlations.matrix
    heads = [text("diagnose.domain_column", id=d) for d in ids]
    key = [Col("", list[str | Text](heads), justify="left", wrap=True)]
    extra = [Col(heads[b], [num(matrix[a][b], 2) for a in range(len(ids))])
             for b in range(len(ids))]
    return fitted(key, extra, width, label("diagnose.correlations_title"))


def _units(s: SetDiagnosis, precision: int, width: int) -> list[RenderableType]:
    rows = s.units
    if rows and rows[0].criteria_changed is None:
        return [Text(label("diagnose.no_self"), style="dim")]
    key = [Col(label("diagnose.unit"), [u.name for u in rows], justify="left", wrap=True)]
    extra = [_col("self_points", [num(u.self_points, precision) for u in rows]),
             _col("points", [num(u.points, precision) for u in rows]),
             _col("over_claim", [num(u.over_claim, precision) for u in rows]),
             _col("criteria_changed", ["–" if u.criteria_changed is None
                                       else str(u.criteria_changed) for u in rows])]
    return fitted(key, extra, width, label("diagnose.units_title"))


def set_tables(s: SetDiagnosis, precision: int, width: int) -> list[RenderableType]:
    """One criteria set: its title, what to review, and its four tables."""
    counts = {f: sum(f in c.flags for c in s.criteria) for f in FLAGS}
    head = Text(text("diagnose.set_title", id=s.id, title=s.title,
                     units=msg("diagnose.units_count", n=s.units_scored),
                     leaves=msg("diagnose.leaves_count", n=len(s.criteria))), style="bold")
    out: list[RenderableType] = [head, Text(text("diagnose.summary", **counts))]
    for part in (_review(s, width), _criteria(s, width), _domains(s, width),
                 _correlations(s, width), _units(s, precision, width)):
        out += [Text(""), *part]
    return out


def tables(diagnosis: Diagnosis, width: int) -> list[RenderableType]:
    out: list[RenderableType] = []
    for s in diagnosis.sets:
        precision = diagnosis.results.criteria[s.id].precision
        out += [*set_tables(s, precision, width), Text("")]
    out.append(Text(label("diagnose.legend"), style="dim"))
    return out


def render_tables(diagnosis: Diagnosis, console: Console) -> None:
    console.print(Group(*tables(diagnosis, console.width)))


def to_json(diagnosis: Diagnosis) -> str:
    return json.dumps(diagnosis.as_dict(), ensure_ascii=False, indent=2) + "\n"
