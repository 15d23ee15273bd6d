"""What a unit can fix first: the leaves its peers get right and it does not.

A **peer leaf** of a unit is a leaf where the unit lost points while at least half of the
other units of its group where the leaf applies (not "not applicable") earned its full
points. They are listed most points lost first (criteria order among equals): each is
something others in the same block show can be done.

For the next band and the next rank, the plan gives the **shortest run** of that list — its
first leaves, since they are sorted by the points they give back — whose recovered points
reach the points :func:`parcalc.explain.explain` says are needed; None when the peer leaves
alone cannot reach them (or there is no next band or rank). Points are the published,
rounded ones, summed exactly (:mod:`parcalc.fixed`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from parcalc.fixed import DIGITS, to_fixed, to_float
from parcalc.text import fold

if TYPE_CHECKING:
    from parcalc.results import Results

#: A leaf is a peer leaf when at least this share of the peers where it applies got it full.
PEERS_FULL = 0.5


@dataclass(frozen=True)
class PeerLeaf:
    """A leaf the unit lost ``lost`` points on; ``full`` of the ``peers`` other units of its
    group where it applies earned its full points (``peers_full`` = full ÷ peers)."""

    id: str
    title: str
    lost: float
    peers_full: float
    full: int
    peers: int


@dataclass(frozen=True)
class Target:
    """The first ``leaves`` of the peer leaves, and the ``points`` they give back."""

    leaves: list[str]
    points: float


@dataclass(frozen=True)
class Plan:
    """The peer leaves, and the shortest runs of them to the next band and the next rank."""

    peer_leaves: list[PeerLeaf]
    to_next_band: Target | None
    to_next_rank: Target | None

    def as_dict(self) -> dict[str, Any]:
        """``{"peer_leaves": [{"id", "title", "lost", "peers_full", …}], "to_next_band":
        {"leaves", "points"} | null, "to_next_rank": … | null}``."""
        return {"peer_leaves": [asdict(p) for p in self.peer_leaves],
                "to_next_band": asdict(self.to_next_band) if self.to_next_band else None,
                "to_next_rank": asdict(self.to_next_rank) if self.to_next_rank else None}


def improvement_plan(results: Results, unit_id: str, *, band_needed: float | None,
                     rank_needed: float | None) -> Plan:
    """The plan of ``unit_id`` (as written in the results); ``band_needed`` and
    ``rank_needed`` are the points needed for the next band and rank (None: there is none)."""
    leaves = peer_leaves(results, unit_id)
    return Plan(leaves, shortest_run(leaves, band_needed), shortest_run(leaves, rank_needed))


def peer_leaves(results: Results, unit_id: str) -> list[PeerLeaf]:
    """The unit's peer leaves, most points lost first (see the module)."""
    units = results.units
    groups = {u: fold(g) if isinstance(g, str) else None
              for u, g in zip(units["unit_id"], units["group"], strict=True)}
    group = {u for u, g in groups.items() if g == groups[unit_id]}
    d = results.details
    d = d[d["unit_id"].isin(group)]
    own = d[d["unit_id"] == unit_id]
    others = d[d["unit_id"] != unit_id]
    applies = (others["status"] != "not_applicable") & (others["counted_max"] > 0)
    full = applies & (to_fixed(others["points"]) >= to_fixed(others["counted_max"]))
    sums = (others.assign(applies=applies, full=full)
            .groupby("criterion_id", sort=False)[["applies", "full"]].sum())
    counts: dict[str, tuple[int, int]] = {
        str(cid): (int(a), int(f))
        for cid, a, f in zip(sums.index, sums["applies"], sums["full"], strict=True)}
    lost = to_fixed(own["counted_max"]) - to_fixed(own["points"])
    out = []
    for (cid, title), lost_fx in zip(zip(own["criterion_id"], own["title"], strict=True),
                                     lost, strict=True):
        if lost_fx <= 0 or str(cid) not in counts:
            continue
        peers, got = counts[str(cid)]
        if peers and got >= PEERS_FULL * peers:
            out.append(PeerLeaf(str(cid), str(title), to_float(int(lost_fx), DIGITS),
                                round(got / peers, 4), got, peers))
    return sorted(out, key=lambda p: -p.lost)  # stable: criteria order among equals


def shortest_run(leaves: list[PeerLeaf], needed: float | None) -> Target | None:
    """The first leaves whose lost points add up to ``needed`` or more; None when they
    cannot (or nothing is needed)."""
    if needed is None:
        return None
    goal = int(to_fixed([needed])[0])
    total = 0
    for k, leaf in enumerate(leaves, start=1):
        total += int(to_fixed([leaf.lost])[0])
        if total >= goal:
            return Target([p.id for p in leaves[:k]], to_float(total, DIGITS))
    return None
