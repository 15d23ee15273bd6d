"""Read an inspection workbook (.xlsx, .xlsm, .xls, .ods) into pandas frames.

Sheets are found by name and columns by header, in English or Vietnamese, ignoring case,
spaces and ``_``. Cells keep their raw value (numbers stay numbers) next to the Excel row
they came from, so every later problem can name its ``sheet!CELL``. Reading checks only
the shape (sheets, columns); what the values mean is the engine's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from parcalc.errors import Location, Problem, UsageError, WorkbookError
from parcalc.text import cell_text, clean, header_key

if TYPE_CHECKING:
    import pandas as pd

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
#: How far down the header row may sit below title rows.
HEADER_SEARCH_ROWS = 30
ROW = "_row"


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
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


UNIT_ID = Column("unit_id", ("Mã đơn vị",), required=True)

UNITS = SheetSpec("units", ("Đơn vị", "Danh sách đơn vị"), (
    UNIT_ID,
    Column("name", ("Tên đơn vị", "Đơn vị")),
    Column("group", ("Khối", "Nhóm")),
))
SCORES = SheetSpec("scores", ("Điểm", "Chấm điểm", "Thẩm định"), (
    UNIT_ID,
    Column("criterion_id", ("Mã tiêu chí",), required=True),
    Column("value", ("Điểm thẩm định", "Giá trị thẩm định"), required=True),
    Column("self_value", ("Điểm tự đánh giá", "Tự đánh giá")),
    Column("evidence", ("Tài liệu kiểm chứng",)),
    Column("note", ("Ghi chú",)),
))
SURVEY = SheetSpec("survey", ("Điều tra", "Điều tra xã hội học", "ĐTXHH", "Khảo sát"), (
    UNIT_ID,
    Column("respondent_group", ("Nhóm đối tượng", "Đối tượng khảo sát"), required=True),
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


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Sheet:
    """One sheet's data under canonical column names, plus the Excel row of each record."""

    file: str
    name: str
    frame: pd.DataFrame
    letters: dict[str, str]
    header_row: int
    #: Question columns of a survey sheet: question id as written → its column name in frame.
    others: dict[str, str] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.letters

    def loc(self, column: str, row: int | None = None) -> Location:
        letter = self.letters.get(column, "A")
        return Location(self.file, sheet=self.name,
                        cell=f"{letter}{row if row is not None else self.header_row}")


@dataclass
class Workbook:
    """The sheets parcalc uses; ``scores`` and the rest are None when absent."""

    path: Path
    units: Sheet
    scores: Sheet | None = None
    survey: Sheet | None = None
    adjustments: Sheet | None = None
    settings: Sheet | None = None

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def has_self_value(self) -> bool:
        return self.scores is not None and self.scores.has("self_value")

    def setting(self, key: str) -> tuple[str, Location] | None:
        for k, value, loc in self.settings_items():
            if k == header_key(key):
                return value, loc
        return None

    def settings_items(self) -> list[tuple[str, str, Location]]:
        """(key as folded, value as written, where) for each filled settings row."""
        if self.settings is None:
            return []
        frame = self.settings.frame
        out = []
        for raw_key, raw_value, row in zip(frame["key"], frame["value"], frame[ROW], strict=True):
            key, value = cell_text(raw_key), cell_text(raw_value)
            if key and value:
                out.append((key.casefold(), value, self.settings.loc("value", int(row))))
        return out


def read_workbook(path: str | Path) -> Workbook:
    """Read the sheets parcalc knows; raise :class:`WorkbookError` listing every shape problem."""
    import pandas as pd

    path = Path(path)
    name = str(path)
    if not path.exists():
        raise UsageError(f"{name}: no such workbook; check the path")
    if path.is_dir():
        raise UsageError(f"{name}: is a folder; name a workbook file")
    try:
        book = pd.ExcelFile(path, engine="calamine")
        sheet_names = [str(s) for s in book.sheet_names]
    except Exception as exc:  # calamine raises its own errors for every unreadable file
        raise WorkbookError(Problem(
            f"not a readable workbook ({_reason(exc)}); parcalc reads .xlsx, .xlsm, .xls and "
            ".ods — open it in a spreadsheet and save it in one of those formats",
            Location(name))) from None
    problems: list[Problem] = []
    found: dict[str, Sheet | None] = {}
    with book:
        for spec in (UNITS, SCORES, SURVEY, ADJUSTMENTS, SETTINGS):
            sheet_name = _find_sheet(spec, sheet_names)
            if sheet_name is None:
                found[spec.name] = None
                continue
            # keep_default_na=False: "N/A" and "NA" are tokens parcalc reads, not blanks.
            raw = pd.read_excel(book, sheet_name=sheet_name, header=None, dtype=object,
                                keep_default_na=False)
            raw = raw.mask(raw.isin([""]))
            found[spec.name] = _sheet(name, sheet_name, raw, spec, problems)
    if _find_sheet(UNITS, sheet_names) is None:
        problems.append(Problem(
            f"no sheet named 'units' (or 'Đơn vị'); add one with a unit_id column. "
            f"Sheets found: {', '.join(sheet_names) or 'none'}", Location(name)))
    if problems:
        raise WorkbookError(problems)
    units = found["units"]
    assert units is not None
    return Workbook(path, units, found["scores"], found["survey"], found["adjustments"],
                    found["settings"])


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _find_sheet(spec: SheetSpec, names: list[str]) -> str | None:
    wanted = {header_key(n) for n in (spec.name, *spec.aliases)}
    return next((n for n in names if header_key(n) in wanted), None)


def _sheet(file: str, sheet_name: str, raw: pd.DataFrame, spec: SheetSpec,
           problems: list[Problem]) -> Sheet | None:
    header_at, positions = _find_header(raw, spec)
    if header_at is None:
        missing = ", ".join(c.label() for c in spec.columns if c.required)
        problems.append(Problem(
            f"no header row with the columns {missing}; put the column names in one row "
            "above the data", Location(file, sheet=sheet_name, cell="A1")))
        return None
    header_row = header_at + 1
    missing_cols = [c for c in spec.columns if c.required and c.name not in positions]
    for col in missing_cols:
        problems.append(Problem(
            f"missing column '{col.name}' in sheet '{sheet_name}' (Vietnamese: "
            f"{' / '.join(col.aliases) or col.name}); add it to the header row",
            Location(file, sheet=sheet_name, cell=f"A{header_row}")))
    duplicates = _duplicate_headers(raw.iloc[header_at], spec)
    for dup, letter in duplicates:
        problems.append(Problem(
            f"column '{dup}' appears twice; keep one",
            Location(file, sheet=sheet_name, cell=f"{letter}{header_row}")))
    if missing_cols or duplicates:
        return None
    others: dict[str, str] = {}
    if spec.keep_other:
        taken = set(positions.values())
        for j, title in enumerate(raw.iloc[header_at]):
            text = cell_text(title)
            if j not in taken and text:
                others[text] = f"q{j}"
                positions[f"q{j}"] = j
    body = raw.iloc[header_at + 1:]
    frame = body.iloc[:, list(positions.values())].copy()
    frame.columns = list(positions.keys())
    frame[ROW] = range(header_row + 1, header_row + 1 + len(frame))
    keys = [c.name for c in spec.columns if c.required]
    frame = frame[frame[keys].notna().any(axis=1)].reset_index(drop=True)
    letters = {name: column_letter(j) for name, j in positions.items()}
    return Sheet(file, sheet_name, frame, letters, header_row, others)


def _find_header(raw: pd.DataFrame, spec: SheetSpec) -> tuple[int | None, dict[str, int]]:
    """The first row holding every required column's name, and where each column is."""
    required = [c for c in spec.columns if c.required]
    best: tuple[int | None, dict[str, int]] = (None, {})
    for i in range(min(HEADER_SEARCH_ROWS, len(raw))):
        positions = _match_row(raw.iloc[i], spec)
        if all(c.name in positions for c in required):
            return i, positions
        if positions and best[0] is None:
            best = (i, positions)
    return best


def _match_row(row: pd.Series, spec: SheetSpec) -> dict[str, int]:
    positions: dict[str, int] = {}
    for j, value in enumerate(row):
        text = cell_text(value)
        if text is None:
            continue
        key = header_key(text)
        for col in spec.columns:
            if key in col.keys and col.name not in positions:
                positions[col.name] = j
                break
    return positions


def _duplicate_headers(row: pd.Series, spec: SheetSpec) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for j, value in enumerate(row):
        text = cell_text(value)
        if text is None:
            continue
        for col in spec.columns:
            if header_key(text) in col.keys:
                if col.name in seen:
                    out.append((col.name, column_letter(j)))
                seen.add(col.name)
    return out


def display(value: object) -> str:
    """A cell's text for messages."""
    text = cell_text(value)
    return "" if text is None else clean(text)
