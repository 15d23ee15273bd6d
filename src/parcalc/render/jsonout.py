"""The stable JSON document of results."""

from __future__ import annotations

import json

from parcalc.results import Results


def to_json(results: Results) -> str:
    return json.dumps(results.as_dict(), ensure_ascii=False, indent=2) + "\n"
