"""An :class:`~parcalc.explain.Explanation` as a rich tree with tables, or as JSON.

Labels are bilingual (Vietnamese / English) like the score table. Nothing is computed here.
"""

from __future__ import annotations

import json

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from parcalc.explain import ExplainedNode, Explanation

#: Rows of the points-lost table by default.
TOP = 10

NEEDED_NOTE = ("Điểm cần thêm: điểm thẩm định phải tăng để chỉ số (đã làm tròn) đạt mức trên, "
               "làm tròn lên / points needed: appraised points to gain for the rounded index "
               "to reach the target, rounded up")


#: Before each line of a leaf's scoring guide (``guide:``) under the leaf.
GUIDE_MARK = "hướng dẫn / guide: "


def _n(value: float | None, precision: int) -> str:
    return "–" if value is None else f"{value:.{precision}f}"


def _node_line(node: ExplainedNode, p: int) -> Text:
    text = Text()
    text.append(f"{node.id} ", style="bold" if node.level == 0 else "")
    text.append(node.title, style="bold" if node.level == 0 else "")
    text.append(f" — {_n(node.points, p)} / {_n(node.max, p)}")
    if node.index is not None:
        text.append(f" ({_n(node.index, p)} %)")
    if node.leaf and node.lost > 0:
        text.append(f" · mất / lost {_n(node.lost, p)}", style="bold red")
    if node.leaf:
        text.append("\n")
        text.append(_leaf_detail(node, p))
    return text


def _leaf_detail(node: ExplainedNode, p: int) -> Text:
    text = Text(style="dim")
    if node.rule == "survey":
        text.append(node.rule_text or "điều tra XHH")
        if node.status == "not_applicable":
            text.append(" · không có phiếu, không áp dụng / no answers, not applicable")
    else:
        if node.status == "blank":
            text.append("giá trị / value: (trống / blank, 0 điểm)")
        else:
            text.append(f"giá trị / value: {node.value}")
        if node.status == "not_applicable":
            text.append(f" — không áp dụng / not applicable (tối đa {_n(node.criteria_max, p)})")
        text.append(f" · {node.rule_text}")
    if node.self_value is not None:
        text.append(f" · tự đánh giá / self: {node.self_value}")
    if node.note:
        text.append(f" · ghi chú / note: {node.note}")
    lines = [line.strip() for line in (node.guide or "").splitlines() if line.strip()]
    if lines:
        text.append(f"\n{GUIDE_MARK}" + " · ".join(lines))
    return text


def _header(e: Explanation) -> Text:
    p = e.precision
    text = Text()
    text.append(f"{e.unit_id} · {e.name}", style="bold")
    text.append(f" — {e.criteria_title} ({e.criteria})\n")
    text.append(f"Điểm / Points {_n(e.points, p)} / {_n(e.max, p)} · "
                f"Chỉ số / Index {_n(e.index, p)} %")
    if e.bonus:
        text.append(f" · thưởng / bonus +{_n(e.bonus, p)}")
    if e.penalty:
        text.append(f" · trừ / penalty −{_n(e.penalty, p)}")
    text.append("\n")
    rank = "–" if e.rank is None else f"{e.rank} / {e.group_size}"
    text.append(f"Hạng / Rank {rank}")
    if e.group is not None:
        text.append(f" · Khối / Group {e.group}")
    text.append(f" · Xếp loại / Band {e.band or '–'}")
    return text


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


def lost_table(explanation: Explanation, top: int = TOP) -> RenderableType:
    """The ``top`` leaves that lost most points (all of them when ``top`` is 0)."""
    p = explanation.precision
    rows = explanation.lost if top <= 0 else explanation.lost[:top]
    if not rows:
        return Text("Không mất điểm / No points lost", style="green")
    shown = "" if len(rows) == len(explanation.lost) else \
        f" — {len(rows)} / {len(explanation.lost)}"
    table = Table(title=f"Mất điểm nhiều nhất / Points lost{shown}", title_justify="left",
                  header_style="bold")
    table.add_column("Mã\nId")
    table.add_column("Tiêu chí\nCriterion")
    table.add_column("Mất\nLost", justify="right", style="red")
    table.add_column("Điểm\nPoints", justify="right")
    table.add_column("Tối đa\nMax", justify="right")
    table.add_column("Giá trị\nValue", max_width=28)
    for n in rows:
        value = "điều tra XHH" if n.rule == "survey" else (n.value or "–")
        table.add_row(n.id, n.title, _n(n.lost, p), _n(n.points, p), _n(n.max, p), value)
    return table


def next_lines(explanation: Explanation) -> Text:
    """The next rank and the next band, with the points needed to reach them."""
    e, p = explanation, explanation.precision
    text = Text()
    text.append("Hạng kế trên / Next rank: ", style="bold")
    if e.next_rank is not None:
        r = e.next_rank
        text.append(f"{r.rank} · {r.unit_id} {r.name} ({_n(r.index, p)} %) — cần thêm / "
                    f"needs {_n(r.points_needed, p)} điểm / points")
    elif e.index is None:
        text.append("– (không có chỉ số / no index)")
    else:
        text.append("– (đứng đầu khối / ranked first)")
    text.append("\n")
    text.append("Xếp loại kế trên / Next band: ", style="bold")
    if e.next_band is not None:
        b = e.next_band
        text.append(f"{b.label} (≥ {b.min:g} %) — cần thêm / needs "
                    f"{_n(b.points_needed, p)} điểm / points")
    elif not e.bands:
        text.append("– (bộ tiêu chí không có xếp loại / no bands)")
    elif e.index is None:
        text.append("– (không có chỉ số / no index)")
    else:
        text.append("– (xếp loại cao nhất / top band)")
    if e.next_rank is not None or e.next_band is not None:
        text.append("\n")
        text.append(NEEDED_NOTE, style="dim")
    return text


def render(explanation: Explanation, top: int = TOP) -> RenderableType:
    """The tree, the points-lost table, then the next rank and band."""
    return Group(tree(explanation), Text(), lost_table(explanation, top), Text(),
                 next_lines(explanation))


def to_json(explanation: Explanation) -> str:
    """The stable JSON document of :meth:`Explanation.as_dict`."""
    return json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2) + "\n"
