"""What ``parcalc criteria import`` says on stderr: what it read and what it is unsure of."""

from __future__ import annotations

from collections import Counter

from parcalc.annex.importer import Imported
from parcalc.i18n import msg, text

#: How many ids of leaves left as points the summary names.
SHOWN_IDS = 8


def summary_lines(imported: Imported) -> list[str]:
    """Counts per level, rules inferred by type, leaves left as ``points``, doubts."""
    tree = imported.tree
    levels = [tree.level(i) for i in range(len(tree.items))]
    count = Counter(levels)
    leaves = Counter(level for level, item in zip(levels, tree.items, strict=True)
                     if item.is_leaf)
    out = [text("annex.summary_read", source=tree.grid.describe(),
                domains=msg("annex.n_domains", n=count[1]),
                criteria=msg("annex.n_criteria", n=count[2]),
                sub=msg("annex.n_sub", n=sum(n for lv, n in count.items() if lv >= 3)))]
    out += [text("annex.summary_level", level=level, nodes=count[level],
                 leaves=msg("annex.n_leaves", n=leaves[level]))
            for level in sorted(count)]
    kinds = Counter(item.inference.kind for item in tree.items
                    if item.is_leaf and item.inference is not None)
    inferred = {k: n for k, n in kinds.most_common() if k != "points"}
    total = sum(leaves.values())
    out.append(text("annex.summary_rules", n=sum(inferred.values()), total=total,
                    kinds=", ".join(f"{k} {n}" for k, n in inferred.items()) or "—"))
    points = [item.id for item in tree.items if item.is_leaf and
              (item.inference is None or item.inference.rule is None)]
    shown = ", ".join(points[:SHOWN_IDS]) + (" …" if len(points) > SHOWN_IDS else "")
    out.append(text("annex.summary_points", n=len(points), ids=shown or "—"))
    out.append(text("annex.summary_doubts", n=len(imported.warnings)))
    return out


def mapping_lines(imported: Imported) -> list[str]:
    """Each printed number and the id it became (``-v``)."""
    tree = imported.tree
    return [text("annex.mapping", where=str(tree.grid.where(item.entry.row,
                                                             tree.columns.number)),
                 label=item.entry.label.printed, id=item.id)
            for item in tree.items]
