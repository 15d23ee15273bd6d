"""The grammar of guide lines: a line's label, its points, and what kind of line it is.

A guide line is one line of the scoring guide under a leaf ("Ban hành đúng thời hạn: 0,5").
A leading ``-``, ``+`` or ``•`` is a bullet, not text. Points stand at the end of the line:

- ``…: 0,5``, ``…: 0,5 điểm``, ``… (0,5 điểm)``, ``… – 0,5đ``, ``… = 0,5``,
  ``… được 0,5 điểm``; a decimal comma or point;
- ``…: Điểm tối đa`` (the leaf's max) and ``…: 75% điểm`` (that share of the max).

(A guide row may also have its points in the max column instead: see
:mod:`parcalc.annex.rows`.) Some lines say more than a label and points:

- a numeric condition (``Từ 80% đến dưới 100%``, ``Trên 90%``, ``Không quá 5%`` …): see
  :func:`condition`;
- ``Mỗi …: 0,25 điểm[, tối đa 1 điểm]`` (per item), ``Mỗi … trừ 0,25 điểm`` (deduction);
- ``Tính tuyến tính: từ 0% (0 điểm) đến 100% (điểm tối đa)`` or ``Điểm = tỷ lệ % × điểm tối
  đa`` (linear); ``Điều tra xã hội học: câu Q1, Q2`` with ``Thang …`` and ``Trọng số nhóm: …``
  lines (survey); ``Trường hợp khác: 0,5`` (a threshold's else); ``Chọn một trong các mức
  trên`` (the lines are a choice, whatever they look like); ``Xét các mức theo thứ tự``
  (threshold steps in the order written). The English forms parcalc's export writes are read
  too. docs/criteria-import.md lists every form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parcalc.errors import Location

NUM = r"[+-]?\d+(?:[.,]\d+)?"
_UNIT = r"(?:\s*(?:điểm|đ\.?|points?|pts?\.?)(?!\w))"
_POINTS = (rf"(?:(?P<share>{NUM})\s*%\s*(?:số\s+)?(?:điểm|of\s+(?:the\s+)?max(?:imum)?|"
           rf"points)(?:\s+tối\s+đa)?"
           rf"|(?P<full>(?:số\s+)?điểm\s+tối\s+đa|tối\s+đa|max(?:imum)?(?:\s+points)?|"
           rf"full\s+points)"
           rf"|(?P<num>{NUM}){_UNIT}?)")
_END = r"\s*[.;]?\s*$"
_TRAILING = [
    re.compile(rf"^(?P<label>.*?)\s*\(\s*{_POINTS}\s*\){_END}", re.I),
    re.compile(rf"^(?P<label>.*)[:=]\s*(?:được\s+)?{_POINTS}{_END}", re.I),
    re.compile(rf"^(?P<label>.*\S)\s+[–—-]\s*{_POINTS}{_END}", re.I),
    re.compile(rf"^(?P<label>.*\S)\s+(?:được|earns?)\s+{_POINTS}{_END}", re.I),
]
BULLET = re.compile(r"^\s*[-+•–—*·](?![0-9])\s*")  # "-1% …" is a number, not a bullet


def number(text: str) -> Decimal:
    """``"0,5"`` → Decimal("0.5")."""
    return Decimal(text.replace(",", ".").lstrip("+"))


def show(value: Decimal) -> str:
    """A decimal as plain text, no exponent and no trailing zeros: ``10``, ``0.375``."""
    shown = format(value.normalize(), "f")
    return "0" if shown in ("-0", "") else shown


@dataclass(frozen=True)
class Points:
    """A line's points: a number, the leaf's max (``full``), or a share of it (percent)."""

    value: Decimal | None = None
    share: Decimal | None = None
    full: bool = False

    def text(self) -> str:
        """As a guide line writes them: ``0,5``, ``Điểm tối đa``, ``75% điểm``."""
        if self.full:
            return "Điểm tối đa"
        if self.share is not None:
            return f"{show(self.share).replace('.', ',')}% điểm"
        assert self.value is not None
        return show(self.value).replace(".", ",")

    def of(self, maximum: Decimal) -> Decimal:
        if self.full:
            return maximum
        if self.share is not None:
            return maximum * self.share / 100
        assert self.value is not None
        return self.value


@dataclass(frozen=True)
class Line:
    """A guide line: the text as written (no bullet), its label and points, and its cell."""

    text: str
    label: str
    points: Points | None
    where: Location
    bulleted: bool = False
    #: (row, column) of the cell the line is in, 0-based
    cell: tuple[int, int] | None = None
    #: whether the points are in the max column of the line's row (not in its text)
    points_aside: bool = False

    @property
    def stated(self) -> str:
        """The line with its points, as the guide states it: the text, and the points of
        the max column after a colon when they stand there."""
        if self.points_aside and self.points is not None:
            return f"{self.text.rstrip(' :')}: {self.points.text()}"
        return self.text

    @property
    def key(self) -> str:
        """The label folded, for matching words."""
        return " ".join(self.label.casefold().split())


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without a leading bullet, and whether it had one."""
    match = BULLET.match(text)
    return (text[match.end():].strip(), True) if match else (text.strip(), False)


def parse_line(text: str, where: Location, points: Points | None = None,
               cell: tuple[int, int] | None = None) -> Line:
    """A guide line; ``points`` from the max column when its row has them there."""
    body, bulleted = strip_bullet(" ".join(text.split()))
    label, found = split_points(body)
    if points is not None and found is None:
        return Line(body, body.rstrip(" :"), points, where, bulleted, cell, points_aside=True)
    return Line(body, label, found, where, bulleted, cell)


def split_points(body: str) -> tuple[str, Points | None]:
    """(label, points) of a line with its points at the end; (line, None) without. Points
    stated before a note in brackets win over the note ("Khá: 3 điểm (75% điểm)": Khá, 3)."""
    for k, pattern in enumerate(_TRAILING):
        match = pattern.match(body)
        if match:
            label = match.group("label").strip()
            if k == 0:  # "… (0,5 điểm)": the label may state its points itself
                inner = next((m for m in (p.match(label) for p in _TRAILING[1:]) if m), None)
                if inner is not None:
                    return inner.group("label").strip(), _points(inner)
            return label, _points(match)
    return body, None


def _points(match: re.Match[str]) -> Points:
    if match.group("full"):
        return Points(full=True)
    if match.group("share"):
        return Points(share=number(match.group("share")))
    return Points(value=number(match.group("num")))


def points_text(text: str) -> Points | None:
    """Points written alone (a max column cell of a guide row): ``0,5``, ``0,5 điểm``,
    ``Điểm tối đa``, ``75% điểm``."""
    match = re.fullmatch(rf"\s*{_POINTS}\s*", text, re.I)
    return _points(match) if match else None


# --- lines that say more than a label and points ---------------------------------------------

_CONDITIONS: list[tuple[str, re.Pattern[str], int]] = [
    # (bound, pattern, group of the number)
    ("above", re.compile(rf"(?:từ|from)\s+(?:trên|above)\s+({NUM})"), 1),
    ("min", re.compile(rf"(?:từ|from)\s+({NUM})\s*%?\s*(?:đến|tới|to|-|–)\s*(?:dưới|below|"
                       rf"under)?\s*{NUM}"), 1),
    ("max", re.compile(rf"(?:không\s+(?:vượt\s+)?quá|tối\s+đa|at\s+most|no\s+more\s+than)"
                       rf"\s+({NUM})"), 1),
    ("min", re.compile(rf"({NUM})\s*%?\s*(?:trở\s+lên|or\s+more|and\s+above)"), 1),
    ("above", re.compile(rf"(?:trên|cao\s+hơn|lớn\s+hơn|above|more\s+than|over)\s+({NUM})"),
     1),
    ("below", re.compile(rf"(?:dưới|thấp\s+hơn|nhỏ\s+hơn|below|less\s+than|under)\s+({NUM})"),
     1),
    ("min", re.compile(rf"(?:từ|đạt(?:\s+từ)?|at\s+least|from)\s+({NUM})"), 1),
]


def condition(key: str) -> tuple[str, Decimal] | None:
    """The numeric condition of a folded label: (``min``/``above``/``max``/``below``, X).

    ``từ X% trở lên``, ``từ X%``, ``đạt X%``, ``X% trở lên`` → min; ``trên X%`` → above;
    ``dưới X%`` → below; ``từ X% đến dưới Y%``, ``từ X% đến Y%`` → min X (the upper bound is
    the next step's); ``không quá X%``, ``tối đa X%`` → max. The ``%`` may be left out.
    """
    for bound, pattern, group in _CONDITIONS:
        match = pattern.search(key)
        if match:
            return bound, number(match.group(group))
    return None


_EACH = re.compile(r"^(?:cứ\s+)?(?:mỗi|each)\b")
_DEDUCT = re.compile(rf"(?:trừ|deduct)\s+({NUM}){_UNIT}?")
_EACH_POINTS = re.compile(rf"(?:[:=]|được|earns?)\s*({NUM})|({NUM}){_UNIT}")
_CAP = re.compile(rf"(?:tối\s+đa|at\s+most|up\s+to)\s+({NUM}){_UNIT}?")


def per_item(key: str) -> tuple[str, Decimal, Decimal | None] | None:
    """``("deduction", p, None)`` for ``mỗi … trừ p điểm``; ``("per_item", p, cap)`` for
    ``mỗi …: p điểm[, tối đa m điểm]``; None for a line not starting with mỗi/each."""
    if not _EACH.match(key):
        return None
    deduct = _DEDUCT.search(key)
    if deduct:
        return "deduction", number(deduct.group(1)), None
    cap = _CAP.search(key)
    head = key[:cap.start()] if cap else key
    found = _EACH_POINTS.search(head)
    if not found:
        return None
    each = number(found.group(1) or found.group(2))
    return "per_item", each, number(cap.group(1)) if cap else None


_LINEAR = re.compile(rf"(?:tuyến\s+tính|linear).*?(?:từ|from)\s+({NUM})\s*%?.*?"
                     rf"(?:đến|to)\s+({NUM})")
_RATIO = re.compile(r"^điểm\s*(?:đạt\s*)?=\s*tỷ\s+lệ|^points\s*=\s*(?:the\s+)?(?:rate|ratio)")


def linear(key: str) -> tuple[Decimal, Decimal] | None:
    """(from, to) of a linear line: ``tuyến tính: từ X% (0 điểm) đến Y% (điểm tối đa)``, or
    ``Điểm = tỷ lệ % × điểm tối đa`` (from 0 to 100)."""
    match = _LINEAR.search(key)
    if match:
        return number(match.group(1)), number(match.group(2))
    if _RATIO.search(key):
        return Decimal(0), Decimal(100)
    return None


ELSE = re.compile(r"^(?:các\s+)?(?:trường\s+hợp\s+(?:khác|còn\s+lại)|còn\s+lại|khác|"
                  r"otherwise|else|other\s+cases)$")
CHOICE = re.compile(r"^(?:chọn\s+một\s+trong\s+các\s+mức\s+trên|choose\s+one\s+of\s+the\s+"
                    r"above)\W*$")
IN_ORDER = re.compile(r"^(?:xét\s+các\s+mức\s+theo\s+thứ\s+tự(?:\s+từ\s+trên\s+xuống)?|"
                      r"steps\s+checked\s+in\s+this\s+order)\W*$")
SURVEY = re.compile(r"^(?:điều\s+tra\s+(?:xã\s+hội\s+học|xhh)|survey)\b")
NO_POINTS = re.compile(r"^trừ\s+điểm\s+tương\s+ứng|^deduct\s+accordingly")
