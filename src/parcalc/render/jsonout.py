"""The stable JSON document of results.

The text is exactly ``json.dumps(doc, ensure_ascii=False, indent=2)``, but Python's encoder
is pure Python whenever it indents. Here each dict or list whose values are all plain (no
dict or list inside) — a unit's fields, a domain — is written by the C encoder in one call,
with the line break and indent as its item separator; only the nesting above them is
walked in Python (tests/test_results.py holds the two texts equal).
"""

from __future__ import annotations

import json
from typing import Any

from parcalc.results import Results

_NESTED = (dict, list, tuple)


def to_json(results: Results) -> str:
    return dumps(results.as_dict()) + "\n"


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, faster (see the module)."""
    pad = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not any(isinstance(v, _NESTED) for v in value.values()):
            return "{\n" + pad + "  " + _flat(value, pad)[1:-1] + "\n" + pad + "}"
        items = (f"{pad}  {_flat(str(k), pad)}: {dumps(v, level + 1)}"
                 for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if not any(isinstance(v, _NESTED) for v in value):
            return "[\n" + pad + "  " + _flat(value, pad)[1:-1] + "\n" + pad + "]"
        return "[\n" + ",\n".join(f"{pad}  {dumps(v, level + 1)}" for v in value) + \
            "\n" + pad + "]"
    return _flat(value, pad)


def _flat(value: Any, pad: str) -> str:
    """A value with no nested container, by the C encoder; items one per line at ``pad``."""
    encoder = _ENCODERS.get(pad)
    if encoder is None:
        encoder = _ENCODERS[pad] = json.JSONEncoder(ensure_ascii=False,
                                                    separators=(",\n" + pad + "  ", ": "))
    return encoder.encode(value)


_ENCODERS: dict[str, json.JSONEncoder] = {}
