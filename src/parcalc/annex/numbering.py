"""Printed numbers (STT) → globally unique id paths, the ids a scores sheet refers to.

- A table numbered ``1``, ``1.1``, ``1.1.1`` throughout keeps its ids as written.
- Roman domains (``I``, ``II``) are their number (``"2"``); numbering that restarts in each
  domain gets the domain's number as prefix: under ``II``, ``1.`` → ``"2.1"`` and its
  ``1.1.`` → ``"2.1.1"``. In general a label that does not start with its parent's id and a
  dot becomes the parent's id, a dot, and the label's last part.
- Lettered items (``a)``, ``b.``, ``đ)``) under a numbered row keep their letter:
  under ``2.1.1``, ``a)`` → ``"2.1.1.a"``.
- Trailing ``.`` and ``)`` (and a leading ``(``) are dropped.

A row's parent is the nearest open row whose printed number is the label without its last
part (``1.2`` under the row printed ``1``); a one-part number sits under the open Roman
domain, if any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LabelKind = Literal["roman", "number", "letter"]

_ROMAN = re.compile(r"(XL|X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_LETTER = re.compile(r"[a-zđ]")
#: Dotted parts: numbers (a letter may follow: ``1.2a``), a single letter after the first.
_PATH = re.compile(r"[0-9]+[a-zđ]?(\.([0-9]+[a-zđ]?|[a-zđ]))*")
#: A number cell holding only a bullet is a guide row, not a number.
BULLETS = frozenset("-+•–—*·")


@dataclass(frozen=True)
class Label:
    """A printed number, cleaned: ``printed`` as shown (``II.``), ``parts`` its pieces
    (``("2",)`` for ``II``; ``("1", "1")`` for ``1.1.``; ``("a",)`` for ``a)``)."""

    printed: str
    kind: LabelKind
    parts: tuple[str, ...]

    @property
    def key(self) -> str:
        return ".".join(self.parts)


def parse_label(text: str | None) -> Label | Literal[False] | None:
    """The label in a number cell; None for a blank or a bullet (a guide row); False for
    text that is no number (the caller reports it)."""
    if text is None:
        return None
    printed = " ".join(text.split())
    core = printed.replace(" ", "")
    if not core or all(ch in BULLETS for ch in core):
        return None
    core = core.lstrip("(").rstrip(".)")
    if core and _ROMAN.fullmatch(core):
        return Label(printed, "roman", (str(_roman_value(core)),))
    if _LETTER.fullmatch(core):
        return Label(printed, "letter", (core,))
    if _PATH.fullmatch(core.lower()):
        return Label(printed, "number", tuple(core.lower().split(".")))
    return False


def _roman_value(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


@dataclass(frozen=True)
class Placed:
    """Where a label goes: its id and its parent (an index into the labels; None: top)."""

    id: str
    parent: int | None


class Unplaced(Exception):
    """A label with no row above it to hang from; ``missing`` is the number looked for
    (empty for a lettered item with no numbered row above)."""

    def __init__(self, index: int, missing: str) -> None:
        super().__init__(missing)
        self.index = index
        self.missing = missing


def place(labels: list[Label]) -> list[Placed]:
    """The id and parent of each label, in table order (raises :class:`Unplaced`)."""
    out: list[Placed] = []
    stack: list[int] = []  # indices of the open rows, outermost first
    for i, label in enumerate(labels):
        parent = _parent(labels, stack, label)
        if parent is False:
            raise Unplaced(i, ".".join(label.parts[:-1]))
        out.append(Placed(_id(label, out[parent].id if parent is not None else None), parent))
        while stack and stack[-1] != parent:
            stack.pop()
        stack.append(i)
    return out


def _parent(labels: list[Label], stack: list[int], label: Label) -> int | Literal[False] | None:
    if label.kind == "roman":
        return None
    if label.kind == "letter":
        return next((i for i in reversed(stack) if labels[i].kind != "letter"), False)
    prefix = ".".join(label.parts[:-1])
    if not prefix:
        return next((i for i in reversed(stack) if labels[i].kind == "roman"), None)
    return next((i for i in reversed(stack)
                 if labels[i].kind != "letter" and labels[i].key == prefix), False)


def _id(label: Label, parent: str | None) -> str:
    written = label.key
    if parent is None or written.startswith(parent + "."):
        return written
    return f"{parent}.{label.parts[-1]}"
