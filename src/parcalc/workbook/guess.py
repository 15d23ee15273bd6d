"""The name a workbook holds that is closest to one parcalc expected: a sheet or a column
header mistyped (``valeu``), renamed (``Bảng điểm`` for ``Điểm``), or typed without its
Vietnamese tones (``Don vi`` for ``Đơn vị``) — for the "did you mean …?" of a message."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from parcalc.suggest import close
from parcalc.text import header_key


def plain(text: str) -> str:
    """:func:`~parcalc.text.header_key` without tones: ``Điểm thẩm định`` → ``diemthamdinh``."""
    key = unicodedata.normalize("NFD", header_key(text).replace("đ", "d"))
    return "".join(ch for ch in key if not unicodedata.combining(ch))


def closest(expected: Iterable[str], found: Iterable[str]) -> str | None:
    """The name in ``found`` (as written) most like one of ``expected``, if one is close.

    A name that differs only in case, spaces, ``_`` or tones wins; else the first expected
    name (in the order given) with a close match (:func:`parcalc.suggest.close`) names it.
    """
    by_key: dict[str, str] = {}
    for name in found:
        if key := plain(name):
            by_key.setdefault(key, name)
    wanted = [key for name in expected if (key := plain(name))]
    for key in wanted:
        if key in by_key:
            return by_key[key]
    for key in wanted:
        hits = close(key, by_key, limit=1)
        if hits:
            return by_key[hits[0]]
    return None
