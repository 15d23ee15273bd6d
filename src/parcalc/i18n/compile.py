"""Write ``compiled.json``: both catalogues parsed, with the SHA-256 of their TOML bytes.

    python -m parcalc.i18n.compile

Run it after editing ``vi.toml`` or ``en.toml`` (``tests/test_i18n.py`` fails until then;
parcalc itself parses a catalogue whose bytes differ from the compiled ones, so a stale file
only costs time).
"""

from __future__ import annotations

import json

from parcalc.atomic import atomic_path
from parcalc.i18n import _HERE, LANGS, _digest, parse_catalogue

TARGET = _HERE / "compiled.json"


def compiled_text() -> str:
    """The text ``compiled.json`` should have."""
    doc = {}
    for lang in LANGS:
        data = (_HERE / f"{lang}.toml").read_bytes()
        doc[lang] = {"sha256": _digest(data), "entries": parse_catalogue(data)}
    return json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> None:
    text = compiled_text()
    with atomic_path(TARGET) as temporary:
        temporary.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.name} ({len(text.encode()):,} bytes)")


if __name__ == "__main__":
    main()
