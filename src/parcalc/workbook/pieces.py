"""A sheet part read in pieces that never split a cell or a tag: bounded memory and linear
time for any part, however it is padded.

A piece ends just after the last ``</c>`` it holds (a whole cell), else just before the last
``<c`` (a cell may start there: every cell before it is self-closed), else just after the
last ``>`` (no cell at all, or one cell longer than :data:`MAX_STRETCH`). A stretch of more
than :data:`MAX_STRETCH` bytes with no tag end is no spreadsheet's writing (a cell holds at
most 32,767 characters): it is padding, and :class:`PaddedPart` is raised instead of holding
it in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

#: A part is read in pieces of about this size (each scanned with numpy arrays of its size).
CHUNK = 4 * 1024**2
#: Bytes without a tag end after which a part is taken for padding.
MAX_STRETCH = 16 * 1024**2
_CELL_END = b"</c>"
_TAG_END = b">"
_CELL_START = b"<c"
_AFTER_CELL_START = frozenset(b" \t\r\n>/")


class PaddedPart(Exception):
    """A stretch of ``size`` bytes with no XML tag in it (at byte ``offset`` of the part)."""

    def __init__(self, offset: int, size: int) -> None:
        super().__init__(offset, size)
        self.offset, self.size = offset, size


def pieces(archive: zipfile.ZipFile, name: str, size: int | None = None,
           max_stretch: int | None = None) -> Iterator[bytes]:
    """Part ``name`` in pieces of about ``size`` (:data:`CHUNK`) bytes (see the module)."""
    size, max_stretch = size or CHUNK, max_stretch or MAX_STRETCH
    with archive.open(name) as part:
        carry, offset = b"", 0
        while block := part.read(size):
            data = carry + block
            cut = _cut(data, max(len(carry) - len(_CELL_END), 0), max_stretch)
            if cut:
                yield data[:cut]
                offset += cut
            elif len(data) > max_stretch:
                raise PaddedPart(offset, len(data))
            carry = data[cut:]
        if carry:
            yield carry


def _cut(data: bytes, fresh: int, max_stretch: int) -> int:
    """Where to end a piece of ``data`` (0: nowhere yet). ``data[:fresh]`` holds no ``</c>``
    (it was carried over), so the search for one starts at ``fresh``."""
    at = data.rfind(_CELL_END, fresh)
    if at >= 0:
        return at + len(_CELL_END)
    at = len(data)
    while (at := data.rfind(_CELL_START, 0, at)) > 0:
        if _cell_starts(data, at):
            return at
    if _cell_starts(data, 0) and len(data) <= max_stretch:
        return 0  # one cell, not ended yet: carried whole
    at = data.rfind(_TAG_END)
    return at + 1 if at >= 0 else 0


def _cell_starts(data: bytes, at: int) -> bool:
    """Whether a cell's tag (``<c …``) starts at ``at`` (not ``<col``, ``<cfRule``, …)."""
    return data.startswith(_CELL_START, at) and at + 2 < len(data) and \
        data[at + 2] in _AFTER_CELL_START
