"""Text normalisation: NFC, trimming, and the keys used to match names case-insensitively."""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

#: Spaces that office software leaves in cells, folded to a plain space.
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""}
_SPACE_TABLE = str.maketrans(_SPACES)


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """NFC-normalise, fold odd spaces, and trim: the text as parcalc keeps and prints it."""
    return unicodedata.normalize("NFC", text.translate(_SPACE_TABLE)).strip()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Key for matching ids, labels and tokens: cleaned and case-folded."""
    return clean(text).casefold()


@lru_cache(maxsize=1 << 14)
def header_key(text: str) -> str:
    """Key for matching column headers and sheet names: ignores case, spaces and ``_``."""
    return "".join(ch for ch in fold(text) if not ch.isspace() and ch != "_")


def number_text(value: float) -> str:
    """The shortest decimal text of a number, as a spreadsheet shows it (1.0 → "1")."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))


def cell_text(value: object) -> str | None:
    """A cell as text: numbers at their shortest decimal, text cleaned; blank → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        return number_text(float(value))
    text = clean(value if isinstance(value, str) else str(value))
    return text or None
