"""An :class:`~parcalc.explain.Explanation` as a rich tree with tables, or as JSON.

Labels are in the language in use (:mod:`parcalc.i18n`, the ``[explain]`` table). The
points-lost table fits the console (:mod:`parcalc.render.columns`): numbers in full, the
criterion and the value wrapped, never cut. Nothing is computed here.
"""

from __future__ import annotations

import json

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from parcalc.explain import ExplainedNode, Explanation
from parcalc.i18n import label, text
from parcalc.plan import Plan, Target
from parcalc.render.columns import Col, fit_texts, table

#: Rows of the points-lost table by default.
TOP = 10
#: The value column of the points-lost table is at most this wide (longer values wrap).
VALUE_MOST = 28
#: Columns of the points-lost table when no console width is given.
WIDTH = 120


def _n(value: float | None, precision: int) -> str:
    return "–" if value is None else f"{value:.{precision}f}"


def _node_line(node: ExplainedNode, p: int) -> Text:
    line = Text()
    line.append(f"{node.id} ", style="bold" if node.level == 0 else "")
    line.append(node.title, style="bold" if node.level == 0 else "")
    line.append(f" — {_n(node.points, p)} / {_n(node.max, p)}")
    if node.index is not None:
        line.append(f" ({_n(node.index, p)} %)")
    if node.leaf and node.lost > 0:
        line.append(text("explain.lost", points=_n(node.lost, p)), style="bold red")
    if node.leaf:
        line.append("\n")
        line.append(_leaf_detail(node, p))
    return line


def _leaf_detail(node: ExplainedNode, p: int) -> Text:
    line = Text(style="dim")
    if node.rule == "survey":
        line.append(node.rule_text or label("explain.survey"))
        if node.status == "not_applicable":
            line.append(text("explain.no_answers"))
    else:
        if node.status == "blank":
            line.append(text("explain.blank"))
        else:
            line.append(text("explain.value", value=node.value))
        if node.status == "not_applicable":
            line.append(text("explain.not_applicable", max=_n(node.criteria_max, p)))
        line.append(f" · {node.rule_text}")
    if node.self_value is not None:
        line.append(text("explain.self", value=node.self_value))
    if node.note:
        line.append(text("explain.note", note=node.note))
    guide = [g.strip() for g in (node.guide or "").splitlines() if g.strip()]
    if guide:
        line.append("\n" + text("explain.guide", guide=" · ".join(guide)))
    return line


def _header(e: Explanation) -> Text:
    p = e.precision
    head = Text()
    head.append(f"{e.unit_id} · {e.name}", style="bold")
    head.append(f" — {e.criteria_title} ({e.criteria})\n")
    head.append(text("explain.points_line", points=_n(e.points, p), max=_n(e.max, p),
                     index=_n(e.index, p)))
    if e.bonus:
        head.append(text("explain.bonus", points=_n(e.bonus, p)))
    if e.penalty:
        head.append(text("explain.penalty", points=_n(e.penalty, p)))
    head.append("\n")
    rank = "–" if e.rank is None else f"{e.rank} / {e.group_size}"
    head.append(text("explain.rank_line", rank=rank))
    if e.group is not None:
        head.append(text("explain.group", group=e.group))
    head.append(text("explain.band", band=e.band or "–"))
    return head


def tree(explanation: Explanation) -> Tree:
    """The unit's criteria tree: points / max (index %) at every node, details on leaves."""
    p = explanation.precision
    root = Tree(_header(explanation), guide_style="dim")
    branches: list[Tree] = [root]
    for node in explanation.nodes:
        parent = branches[min(node.level, len(branches) - 1)]
        branch = parent.add(_node_line(node, p))
        del branches[node.level + 1:]
        branches.append(branch)
    return root


def lost_table(explanation: Explanation, top: int = TOP,
               width: int = WIDTH) -> RenderableType:
    """The ``top`` leaves that lost most points (all of them when ``top`` is 0), fitted to
    ``width`` columns."""
    p = explanation.precision
    rows = explanation.lost if top <= 0 else explanation.lost[:top]
    if not rows:
        return Text(label("explain.no_lost"), style="green")
    title = label("explain.lost_title") if len(rows) == len(explanation.lost) else text(
        "explain.lost_shown", shown=len(rows), total=len(explanation.lost))
    ident = Col(label("explain.col.id"), [n.id for n in rows], justify="left")
    criterion = Col(label("explain.col.criterion"), [n.title for n in rows], justify="left",
                    wrap=True)
    numbers = [Col(label("explain.col.lost"), [_n(n.lost, p) for n in rows], style="red"),
               Col(label("explain.col.points"), [_n(n.points, p) for n in rows]),
               Col(label("explain.col.max"), [_n(n.max, p) for n in rows])]
    value = Col(label("explain.col.value"), [_value(n) for n in rows], justify="left",
                wrap=True)
    fixed = [ident, *numbers]
    widths = fit_texts(fixed, [criterion, value], width, [None, VALUE_MOST]) or [
        *(c.natural for c in fixed), criterion.least, value.least]
    cols = [ident, criterion, *numbers, value]
    return table(cols, [widths[0], widths[4], *widths[1:4], widths[5]], title)


def _value(node: ExplainedNode) -> str:
    return label("explain.survey") if node.rule == "survey" else (node.value or "–")


def next_lines(explanation: Explanation) -> Text:
    """The next rank and the next band, with the points needed to reach them."""
    e, p = explanation, explanation.precision
    out = Text()
    out.append(label("explain.next_rank"), style="bold")
    if e.next_rank is not None:
        r = e.next_rank
        out.append(text("explain.next_rank_line", rank=r.rank, unit_id=r.unit_id, name=r.name,
                        index=_n(r.index, p), points=_n(r.points_needed, p)))
    elif e.index is None:
        out.append(label("explain.no_index"))
    else:
        out.append(label("explain.ranked_first"))
    out.append("\n")
    out.append(label("explain.next_band"), style="bold")
    if e.next_band is not None:
        b = e.next_band
        out.append(text("explain.next_band_line", band=b.label, min=f"{b.min:g}",
                        points=_n(b.points_needed, p)))
    elif not e.bands:
        out.append(label("explain.no_bands"))
    elif e.index is None:
        out.append(label("explain.no_index"))
    else:
        out.append(label("explain.top_band"))
    if e.next_rank is not None or e.next_band is not None:
        out.append("\n")
        out.append(label("explain.needed_note"), style="dim")
    return out


def plan_section(explanation: Explanation, top: int = TOP,
                 width: int = WIDTH) -> RenderableType:
    """The improvement plan: the leaves the unit's peers get right and it does not (the
    first ``top``; all when 0), then the shortest runs of them to the next band and rank."""
    e, p = explanation, explanation.precision
    plan = e.plan
    out: list[RenderableType] = [Text(label("explain.plan_title"), style="bold")]
    if plan is None or not plan.peer_leaves:
        out.append(Text(label("explain.plan_none"), style="green"))
        return Group(*out)
    rows = plan.peer_leaves if top <= 0 else plan.peer_leaves[:top]
    ident = Col(label("explain.col.id"), [r.id for r in rows], justify="left")
    criterion = Col(label("explain.col.criterion"), [r.title for r in rows], justify="left",
                    wrap=True)
    lost = Col(label("explain.col.lost"), [_n(r.lost, p) for r in rows], style="red")
    peers = Col(label("explain.col.peers"), [f"{r.full}/{r.peers}" for r in rows])
    widths = fit_texts([ident, lost, peers], [criterion], width, [None]) or [
        ident.natural, lost.natural, peers.natural, criterion.least]
    out.append(table([ident, criterion, lost, peers],
                     [widths[0], widths[3], widths[1], widths[2]]))
    if e.next_band is not None:
        out.append(_run_line("band", e.next_band.label, plan.to_next_band,
                             e.next_band.points_needed, plan, p))
    if e.next_rank is not None:
        out.append(_run_line("rank", str(e.next_rank.rank), plan.to_next_rank,
                             e.next_rank.points_needed, plan, p))
    return Group(*out)


def _run_line(kind: str, target: str, run: Target | None, needed: float, plan: Plan,
              p: int) -> Text:
    if run is not None:
        return Text(text(f"explain.plan_{kind}", target=target, leaves=", ".join(run.leaves),
                         points=_n(run.points, p), needed=_n(needed, p)))
    total = sum(r.lost for r in plan.peer_leaves)
    return Text(text(f"explain.plan_{kind}_short", target=target, points=_n(total, p),
                     needed=_n(needed, p)), style="yellow")


def render(explanation: Explanation, top: int = TOP, width: int = WIDTH) -> RenderableType:
    """The tree, the points-lost table (fitted to ``width``), the next rank and band, then
    the improvement plan."""
    return Group(tree(explanation), Text(), lost_table(explanation, top, width), Text(),
                 next_lines(explanation), Text(), plan_section(explanation, top, width))


def to_json(explanation: Explanation) -> str:
    """The stable JSON document of :meth:`Explanation.as_dict`."""
    return json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2) + "\n"
