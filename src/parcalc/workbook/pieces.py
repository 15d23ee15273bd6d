"""A zip part read in pieces that end on a tag boundary: bounded memory for any sheet size."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator


def pieces(archive: zipfile.ZipFile, name: str, end: bytes, size: int) -> Iterator[bytes]:
    """Part ``name`` in pieces of about ``size`` bytes, each ending just after the last
    ``end`` it holds (``b">"``: no tag is split; ``b"</row>"``: no cell is split)."""
    with archive.open(name) as part:
        carry = b""
        while block := part.read(size):
            data = carry + block
            cut = data.rfind(end)
            cut = cut + len(end) if cut >= 0 else 0
            if cut:
                yield data[:cut]
            carry = data[cut:]
        if carry:
            yield carry
