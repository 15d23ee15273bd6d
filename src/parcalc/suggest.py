"""Close matches for a mistyped name: "did you mean …?" (difflib, ignoring case and form)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from parcalc.text import fold

#: How alike (difflib's ratio, 0–1) a candidate must be to be suggested.
CUTOFF = 0.6


def close(word: str, candidates: Iterable[str], limit: int = 3,
          cutoff: float = CUTOFF) -> list[str]:
    """Up to ``limit`` candidates most like ``word`` (best first, then in the given order),
    compared case-folded and NFC; the candidates are returned as written."""
    key = fold(word)
    seen: dict[str, str] = {}
    for c in candidates:
        seen.setdefault(fold(c), c)
    scored = []
    for i, (folded, written) in enumerate(seen.items()):
        if folded == key:
            continue
        ratio = difflib.SequenceMatcher(None, key, folded).ratio()
        if ratio >= cutoff:
            scored.append((-ratio, i, written))
    return [written for _, _, written in sorted(scored)[:limit]]
