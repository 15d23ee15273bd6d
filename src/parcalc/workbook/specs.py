"""The sheets and columns parcalc reads, with their English and Vietnamese names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from parcalc.text import header_key


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(a) for a in (self.name, *self.aliases))

    def label(self) -> str:
        return f"{self.name} ({self.aliases[0]})" if self.aliases else self.name


@dataclass(frozen=True)
class SheetSpec:
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    #: Other columns are kept (the survey's question columns) instead of ignored.
    keep_other: bool = False

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(n) for n in (self.name, *self.aliases))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @cached_property
    def by_key(self) -> dict[str, tuple[Column, ...]]:
        """Header key → the columns it names, in the spec's order."""
        out: dict[str, tuple[Column, ...]] = {}
        for col in self.columns:
            for key in col.keys:
                out[key] = (*out.get(key, ()), col)
        return out


def find_sheet(spec: SheetSpec, names: list[str]) -> str | None:
    """The first of ``names`` that names ``spec`` (in English or Vietnamese), if any."""
    return next((n for n in names if header_key(n) in spec.keys), None)


UNIT_ID = Column("unit_id", ("Mã đơn vị",), required=True)
CRITERION_ID = Column("criterion_id", ("Mã tiêu chí", "Mã TC"), required=True)
VALUE = Column("value", ("Điểm thẩm định", "Giá trị thẩm định", "Thẩm định"), required=True)
SELF_VALUE = Column("self_value", ("Điểm tự đánh giá", "Tự đánh giá", "Tự chấm", "Điểm tự chấm"))
EVIDENCE = Column("evidence", ("Tài liệu kiểm chứng", "TLKC"))
NOTE = Column("note", ("Ghi chú",))
TITLE = Column("title", ("Tiêu chí", "Nội dung", "Tiêu chí, tiêu chí thành phần"))
MAXIMUM = Column("max", ("Điểm tối đa", "Tối đa"))

UNITS = SheetSpec("units", ("Đơn vị", "Danh sách đơn vị"), (
    UNIT_ID,
    Column("name", ("Tên đơn vị", "Đơn vị")),
    Column("group", ("Khối", "Nhóm")),
    Column("sheet", ("Trang tính", "Sheet", "Tên sheet")),
))
SCORES = SheetSpec("scores", ("Điểm", "Chấm điểm", "Thẩm định"), (
    UNIT_ID, CRITERION_ID, VALUE, SELF_VALUE, EVIDENCE, NOTE, TITLE, MAXIMUM,
))
#: A per-unit inspection form: rows are criteria; the unit is the sheet (or a cell above).
FORM = SheetSpec("form", (), (
    Column("criterion_id", ("Mã tiêu chí", "Mã TC", "STT", "TT", "Số TT"), required=True),
    TITLE, MAXIMUM, SELF_VALUE, VALUE, EVIDENCE, NOTE,
))
#: A matrix: criterion ids down the rows, one column per unit.
MATRIX = SheetSpec("scores", SCORES.aliases, (
    Column("criterion_id", ("Mã tiêu chí", "Mã TC", "STT"), required=True), TITLE, MAXIMUM,
), keep_other=True)
SURVEY = SheetSpec("survey", ("Điều tra", "Điều tra xã hội học", "ĐTXHH", "Khảo sát"), (
    UNIT_ID,
    Column("respondent_group", ("Nhóm đối tượng", "Đối tượng khảo sát", "Đối tượng"),
           required=True),
), keep_other=True)
ADJUSTMENTS = SheetSpec("adjustments", ("Điểm thưởng, trừ", "Thưởng phạt", "Điểm cộng trừ"), (
    UNIT_ID,
    Column("kind", ("Loại",), required=True),
    Column("points", ("Điểm",), required=True),
    Column("reason", ("Lý do",)),
))
SETTINGS = SheetSpec("settings", ("Cài đặt", "Thiết lập"), (
    Column("key", ("Khóa", "Tham số"), required=True),
    Column("value", ("Giá trị",), required=True),
))
