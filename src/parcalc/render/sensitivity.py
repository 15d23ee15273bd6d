"""A sensitivity analysis as rich tables (one per group) and as JSON.

Each group's table shows the rank as scored, the unit, the median rank with its 5th–95th
percentile interval ("3 (2–5)"), the share of samples in each band and the units it is
statistically tied with. It fits every width from 60 (:mod:`parcalc.render.columns`):
numbers are never cut, names and lists of units wrap; when the list of tied units does
not fit beside the rest, it goes into a second table under the first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.text import Text

from parcalc.i18n import label, text
from parcalc.render.columns import Col, cost, table, words_width
from parcalc.sensitivity import POLICIES, Sensitivity, UnitSensitivity
from parcalc.text import fold

#: The unit's name keeps at least this many characters a line beside the other columns
#: (less only if its longest word is shorter), and so does the list of tied units.
NAME_MIN = 16
TIED_MIN = 12
#: Beside a long list of tied units, the name takes no more than this before the list has
#: its natural width.
NAME_WANT = 30
#: A header this short never wraps.
SHORT_HEADER = 5


def to_json(found: Sensitivity) -> str:
    """The stable JSON document (see :meth:`Sensitivity.as_dict`)."""
    return json.dumps(found.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_tables(found: Sensitivity, console: Console) -> None:
    console.print(Group(*tables(found, console.width)))


def tables(found: Sensitivity, width: int) -> list[RenderableType]:
    """A heading, then per group its table(s) and notes, then the legend."""
    out: list[RenderableType] = [Text(heading(found), style="bold")]
    for units in by_group(found):
        out += _group(found, units, width)
    labels = [b for u in found.units for b in u.band_probability]
    out.append(Text(text("sensitivity.legend", band=labels[0] if labels else "A"),
                    style="dim"))
    return out


def heading(found: Sensitivity) -> str:
    """What was varied, in words."""
    o = found.options
    parts = []
    if o.survey:
        parts.append(text("sensitivity.vary_survey"))
    if o.weights:
        parts.append(text("sensitivity.vary_weights", low=f"{1 - o.weight_spread:g}",
                          high=f"{1 + o.weight_spread:g}"))
    vary = "; ".join(parts) or text("sensitivity.vary_nothing")
    return text("sensitivity.heading", samples=o.samples, seed=o.seed, vary=vary)


def by_group(found: Sensitivity) -> list[list[UnitSensitivity]]:
    """The units of each group, in order (groups whose names fold alike are one)."""
    groups: dict[str | None, list[UnitSensitivity]] = {}
    for u in found.units:
        groups.setdefault(fold(u.group) if u.group is not None else None, []).append(u)
    return list(groups.values())


def percent(p: float) -> str:
    """A probability as a whole percentage that never claims certainty it does not have:
    0 and 100 only when exact, else "<1" and ">99" at the ends."""
    if p <= 0:
        return "0"
    if p >= 1:
        return "100"
    shown = round(p * 100)
    return "<1" if shown == 0 else ">99" if shown == 100 else str(shown)


def interval(u: UnitSensitivity) -> str:
    if u.rank_median is None:
        return label("sensitivity.none")
    return f"{u.rank_median} ({u.rank_low}–{u.rank_high})"


def _columns(units: list[UnitSensitivity]) -> tuple[list[Col], Col, Col]:
    """The fixed columns (rank, interval, a column per band), the name and the tied units."""
    none = label("sensitivity.none")
    labels = list(dict.fromkeys(b for u in units for b in u.band_probability))
    fixed = [Col(label("table.rank"), [str(u.rank) if u.rank else none for u in units]),
             Col(label("sensitivity.interval"), [interval(u) for u in units], wrap=True)]
    fixed += [Col(text("sensitivity.band_share", band=b),
                  [percent(u.band_probability[b]) if b in u.band_probability else none
                   for u in units], wrap=True) for b in labels]
    name = Col(label("table.unit"), [u.name for u in units], justify="left", wrap=True)
    tied = Col(label("sensitivity.tied_ranks"), [tied_ranks(u, units) or none for u in units],
               justify="left", wrap=True)
    return fixed, name, tied


def tied_ranks(u: UnitSensitivity, units: Sequence[UnitSensitivity]) -> str:
    """The units ``u`` is statistically tied with, by their rank as scored, runs of ranks
    as "4–10": the table is in rank order, so ranks read faster than ids. A rank shared by
    units of which only some are tied with ``u`` is shown as those units' ids."""
    tied = set(u.tied_with)
    by_rank: dict[int, list[str]] = {}
    for v in units:
        if v.rank is not None:
            by_rank.setdefault(v.rank, []).append(v.unit_id)
    parts: list[str] = []
    run: list[int] = []
    for rank, ids in sorted(by_rank.items()):
        whole = all(i in tied for i in ids)
        if whole:
            run.append(rank)
            continue
        parts += _run(run) + [i for i in ids if i in tied]
        run = []
    return ", ".join(parts + _run(run))


def _run(ranks: list[int]) -> list[str]:
    if not ranks:
        return []
    return [str(ranks[0]) if len(ranks) == 1 else f"{ranks[0]}–{ranks[-1]}"]


def _tight(col: Col) -> int:
    """A fixed column's width: its widest cell, its header wrapped at spaces if need be (a
    short header such as "A %" kept whole)."""
    return max([words_width(col.header), min(cell_len(col.header), SHORT_HEADER),
                *(cell_len(str(c)) for c in col.cells), 1])


def _split(room: int, first: Col, second: Col, first_min: int) -> tuple[int, int] | None:
    """Widths for two text columns sharing ``room`` (None when their least do not fit):
    the first up to :data:`NAME_WANT`, then the second up to its natural width, then the
    first again up to its own."""
    least_first = max(first.least, min(first.natural, first_min))
    least_second = max(second.least, min(second.natural, TIED_MIN))
    if room < least_first + least_second:
        return None
    first_w = max(least_first, min(first.natural, NAME_WANT, room - least_second))
    second_w = max(least_second, min(second.natural, room - first_w))
    return min(first.natural, room - second_w), second_w


def _group(found: Sensitivity, units: list[UnitSensitivity],
           width: int) -> list[RenderableType]:
    cs = found.results.criteria[units[0].criteria]
    group = units[0].group
    title = f"{group} — {cs.title}" if group else cs.title
    fixed, name, tied = _columns(units)
    fixed_w = [_tight(c) for c in fixed]
    rank, rest = fixed[0], fixed[1:]
    both = _split(width - cost([*fixed_w, 0, 0]), name, tied, NAME_MIN)
    if both is not None:
        out = [table([rank, name, *rest, tied], [fixed_w[0], both[0], *fixed_w[1:], both[1]],
                     title)]
    else:
        name_w = max(name.least, min(name.natural, width - cost([*fixed_w, 0])))
        second = _split(width - cost([fixed_w[0], 0, 0]), name, tied, NAME_MIN) or (
            name.least, tied.least)
        out = [table([rank, name, *rest], [fixed_w[0], name_w, *fixed_w[1:]], title),
               table([rank, name, tied], [fixed_w[0], *second])]
    return [*out, *_notes(found, units)]


def _notes(found: Sensitivity, units: Sequence[UnitSensitivity]) -> list[RenderableType]:
    """The group's mean absolute rank shift, and the ranks the N/A policy changes."""
    key = fold(units[0].group) if units[0].group is not None else None
    shift = next((g.mean_abs_rank_shift for g in found.groups
                  if (fold(g.group) if g.group is not None else None) == key), None)
    none = label("sensitivity.none")
    lines = [text("sensitivity.shift", shift=none if shift is None else f"{shift:.2f}")]
    changed = [u for u in units if len({u.rank_by_policy[p] for p in POLICIES}) > 1]
    if changed:
        listed = ", ".join(f"{u.unit_id} " + "/".join(
            str(u.rank_by_policy[p] or none) for p in POLICIES) for u in changed)
        lines.append(text("sensitivity.policy_changes", units=listed))
    else:
        lines.append(text("sensitivity.policy_same"))
    return [Text(line) for line in lines]
