"""Read inspection workbooks into one :class:`Workbook` of canonical tables.

One workbook or many (one per inspection team): the ``units`` table, the ``scores`` in the
long form whatever layout each file used (:mod:`parcalc.workbook.layouts`), and the
optional ``survey``, ``adjustments`` and ``settings`` tables. Reading checks the shape
(files, sheets, columns, formulas without saved results); what the values mean is the
engine's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from parcalc.errors import Location, Problem, WorkbookError, sort_problems
from parcalc.i18n import Msg, msg, text
from parcalc.text import cell_text, fold
from parcalc.values import Values
from parcalc.workbook.address import column_letter
from parcalc.workbook.files import Opened, open_books, workbook_files
from parcalc.workbook.guess import closest
from parcalc.workbook.layouts import detect
from parcalc.workbook.layouts.base import LENIENT, Part, UnitIndex
from parcalc.workbook.raw import Book, RawSheet
from parcalc.workbook.specs import (
    ADJUSTMENTS,
    SCORES,
    SETTINGS,
    SURVEY,
    UNITS,
    SheetSpec,
    find_sheet,
)
from parcalc.workbook.table import (
    IX,
    ROW,
    SRC,
    Header,
    Source,
    Table,
    build,
    find_header,
    header_problems,
)

__all__ = ["Workbook", "missing_scores", "read_opened", "read_workbook", "read_workbooks",
           "workbook_files"]


@dataclass
class Workbook:
    """The tables parcalc uses; ``scores`` and the rest are None when absent."""

    paths: list[Path]
    units: Table
    scores: Table | None = None
    survey: Table | None = None
    adjustments: Table | None = None
    settings: Table | None = None
    notes: list[Msg] = field(default_factory=list)  # how each file's layout was detected
    #: every sheet of every file, in order: file (as in locations) → sheet names
    sheet_names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.paths[0]

    @property
    def name(self) -> str:
        return str(self.paths[0]) if len(self.paths) == 1 else \
            text("workbook.name_more", first=str(self.paths[0]), n=len(self.paths) - 1)

    @property
    def has_self_value(self) -> bool:
        return self.scores is not None and self.scores.has("self_value")

    def settings_items(self) -> list[tuple[str, str, Location, Path]]:
        """(key folded, value as written, where, folder of its file) for each settings row."""
        if self.settings is None:
            return []
        out = []
        table = self.settings
        frame = table.frame
        for key_raw, value_raw, ix in zip(frame["key"], frame["value"], frame[IX], strict=True):
            key, value = cell_text(key_raw), cell_text(value_raw)
            if key and value:
                where = table.loc("value", int(ix))
                out.append((key.casefold(), value, where, Path(where.file or ".").parent))
        return out


def read_workbook(path: str | Path, layout: str | None = None, *,
                  jobs: int | None = None) -> Workbook:
    """Read one workbook; raise :class:`WorkbookError` listing every shape problem."""
    return read_workbooks([path], layout, jobs=jobs)


def read_workbooks(paths: Sequence[str | Path], layout: str | None = None, *,
                   jobs: int | None = None) -> Workbook:
    """Read and combine workbooks (a folder means every workbook in it); ``layout``: read
    every file in that layout (one of :data:`~parcalc.workbook.layouts.LAYOUTS`); ``jobs``:
    threads reading sheets (None: the machine's cores, 1 for a small read). The result is
    the same whatever ``jobs``."""
    return read_opened(open_books(paths, layout, jobs))


def read_opened(opened: Opened) -> Workbook:
    """The :class:`Workbook` of files opened by :func:`~.files.open_books` (closed after)."""
    books = opened.books
    # Problems in the order of the kinds below, whatever order they are read in.
    found: dict[str, list[Problem]] = {kind: [] for kind in (*_KINDS, "merge", "scores")}
    scores: Table | None = None
    notes: list[Msg] = []
    try:
        units = _tables(books, UNITS, found["units"])
        if units is not None:
            units = _merge_units(units, found["merge"])
        elif not any(find_sheet(UNITS, b.sheet_names) for b in books):
            found["merge"].append(_no_units(books))
        index = _unit_index(units) if units is not None else UnitIndex({}, {})
        # One file: its scores while its survey is still being parsed ahead. Several: in the
        # order of plan(), every file's survey before the scores.
        scores_first = len(books) == 1
        if scores_first:
            scores, notes = _scores_of(opened, index, found["scores"])
        sheets = {kind: _tables(books, spec, found[kind])
                  for kind, spec in _KINDS.items() if kind != "units"}
        if not scores_first:
            scores, notes = _scores_of(opened, index, found["scores"])
    finally:
        opened.close()
    problems = [p for kind in found.values() for p in kind]
    if problems or units is None:
        raise WorkbookError(sort_problems(problems))
    return Workbook(opened.files, units, scores, sheets["survey"], sheets["adjustments"],
                    sheets["settings"], notes, {b.name: list(b.sheet_names) for b in books})


_KINDS = {"units": UNITS, "survey": SURVEY, "adjustments": ADJUSTMENTS, "settings": SETTINGS}


def _scores_of(opened: Opened, index: UnitIndex,
               problems: list[Problem]) -> tuple[Table | None, list[Msg]]:
    """Each file's layout detected and its scores read (the -v notes, one per file)."""
    notes: list[Msg] = []
    parts: list[Part] = []
    for book in opened.books:
        used = {find_sheet(spec, book.sheet_names) for spec in _KINDS.values()} - {None}
        found, note = detect(book, index, opened.layout, {str(u) for u in used}, problems)
        parts += found
        notes.append(note)
    return (_scores(parts, problems) if parts else None), notes


def _no_units(books: list[Book]) -> Problem:
    names = [s for b in books for s in b.sheet_names]
    return Problem(msg("workbook.no_units_sheet", found=", ".join(names),
                       suggestion=_rename(UNITS, names)), Location(books[0].name))


def missing_scores(workbook: Workbook) -> Problem:
    """The problem of a workbook with no scores sheet and no inspection forms: the sheets
    found, the names expected and, if a sheet is named like one of them (a ``scores``
    sheet renamed ``Bảng điểm``, say), that one. The engine reports it when the criteria
    have scored (not survey) criteria."""
    names = list(dict.fromkeys(s for names in workbook.sheet_names.values() for s in names))
    used = {(src.file, src.sheet) for table in (workbook.units, workbook.survey,
                                                workbook.adjustments, workbook.settings)
            if table is not None for src in table.sources}
    free = [s for f, names in workbook.sheet_names.items() for s in names if (f, s) not in used]
    return Problem(msg("workbook.no_scores_sheet", found=", ".join(names),
                       expected=", ".join((SCORES.name, *SCORES.aliases)),
                       suggestion=_rename(SCORES, free) or msg("workbook.add_scores_sheet")),
                   Location(workbook.name))


def _rename(spec: SheetSpec, names: list[str]) -> Msg | str:
    """"; did you mean 'Don vi'? Rename it 'units'" for the sheet named most like ``spec``."""
    near = closest((spec.name, *spec.aliases), names)
    return msg("workbook.rename_sheet", name=near, expected=spec.name) if near else ""


def _tables(books: list[Book], spec: SheetSpec, problems: list[Problem]) -> Table | None:
    found: list[tuple[RawSheet, Header]] = []
    for book in books:
        name = find_sheet(spec, book.sheet_names)
        if name is None:
            continue
        sheet = book.sheet(name)
        header = find_header(sheet, spec)
        issues = header_problems(sheet, spec, header)
        if issues or header is None:
            problems += issues
            continue
        problems += _uncached(sheet, header)
        found.append((sheet, header))
    return build(spec.name, found, spec) if found else None


def _uncached(sheet: RawSheet, header: Header) -> list[Problem]:
    """Formulas with no saved result in the columns parcalc reads: one names its formula;
    several share one message (grouped into one line with the count)."""
    used = set(header.positions.values()) | set(header.others.values())
    cells = [(r, c, formula) for (r, c), formula in sorted(sheet.meta.uncached.items())
             if c in used and r > header.row]
    shared = msg("workbook.uncached_formulas")
    return [Problem(msg("workbook.uncached_formula", formula=formula) if len(cells) == 1
                    else shared,
                    Location(sheet.file, sheet=sheet.name, cell=f"{column_letter(c)}{r + 1}"))
            for r, c, formula in cells]


def _merge_units(units: Table, problems: list[Problem]) -> Table:
    """One row per unit when several files carry the same shared units list."""
    if len(units.sources) < 2:
        return units
    frame = units.frame
    keys = [fold(t) if (t := cell_text(v)) else None for v in frame["unit_id"]]
    first: dict[str, int] = {}
    keep = []
    for i, key in enumerate(keys):
        src = int(frame[SRC].to_numpy()[i])
        if key is None or key not in first:
            if key is not None:
                first[key] = i
            keep.append(True)
            continue
        j = first[key]
        same_file = int(frame[SRC].to_numpy()[j]) == src
        if not same_file and _same_unit(frame, i, j):
            keep.append(False)
            continue
        if not same_file:
            problems.append(Problem(msg(
                "workbook.unit_listed_differently", unit=cell_text(frame["unit_id"].iat[i]),
                first=units.cell_ref("unit_id", j)), units.loc("unit_id", i)))
        keep.append(True)  # a duplicate within one file: the engine reports it
    merged = frame[keep].reset_index(drop=True)
    merged[IX] = range(len(merged))
    return Table(units.name, merged, units.sources, units.others)


def _same_unit(frame: pd.DataFrame, i: int, j: int) -> bool:
    cols = [c for c in ("name", "group") if c in frame.columns]
    return all(cell_text(frame[c].iat[i]) == cell_text(frame[c].iat[j]) for c in cols)


def _unit_index(units: Table) -> UnitIndex:
    frame = units.frame
    by_key: dict[str, str] = {}
    by_sheet: dict[str, str] = {}
    names: list[str] = []
    for i in range(len(frame)):
        uid = cell_text(frame["unit_id"].iat[i])
        if uid is None:
            continue
        by_key.setdefault(fold(uid), uid)
        names.append(uid)
        if "name" in frame.columns and (name := cell_text(frame["name"].iat[i])):
            by_key.setdefault(fold(name), uid)
            names.append(name)
        if "sheet" in frame.columns and (sheet := cell_text(frame["sheet"].iat[i])):
            by_sheet[fold(sheet)] = uid
    return UnitIndex(by_key, by_sheet, names)


def _scores(parts: list[Part], problems: list[Problem]) -> Table:
    sources = []
    for part in parts:
        problems += _uncached(part.sheet, Header(part.header.row, {},
                                                 {str(c): c for c in range(part.sheet.width)}))
        letters = {c: column_letter(j) for c, j in part.header.positions.items() if j >= 0}
        sources.append(Source(part.sheet.file, part.sheet.name, letters, part.header.row + 1))
    frame = _joined(parts)
    frame = frame[_filled(frame)].reset_index(drop=True)
    frame[IX] = range(len(frame))
    table = Table("scores", frame, sources)
    problems += _units_in_two_files(table)
    return table


def _joined(parts: list[Part]) -> pd.DataFrame:
    """The parts' rows as one frame (part after part), with each row's part (SRC) and Excel
    row (ROW); a column some parts lack is NaN in their rows."""
    names = list(dict.fromkeys(c for p in parts for c in p.columns if c != "_row"))
    columns: dict[str, object] = {}
    for name in names:
        if name == LENIENT:
            columns[name] = np.concatenate([p.columns[name] for p in parts])
            continue
        cells = [p.columns[name] if name in p.columns else np.full(len(p), np.nan, dtype=object)
                 for p in parts]
        columns[name] = pd.Series(np.concatenate(cells) if len(cells) > 1 else cells[0],
                                  dtype=object)
    columns[SRC] = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
    columns[ROW] = np.concatenate([p.columns["_row"] for p in parts])
    return pd.DataFrame(columns)


def _filled(frame: pd.DataFrame) -> pd.Series:
    """Rows that hold data: a long row with any key filled; a form row with an id."""
    def filled(column: str) -> pd.Series:
        if column not in frame.columns:
            return pd.Series(False, index=frame.index)
        return pd.Series(~Values(frame[column].to_numpy(dtype=object)).blank, index=frame.index)

    lenient = frame[LENIENT].astype(bool)
    any_key = filled("unit_id") | filled("criterion_id") | filled("value")
    return (~lenient & any_key) | (lenient & filled("criterion_id"))


def _units_in_two_files(table: Table) -> list[Problem]:
    """A unit whose scores come from two files (or two forms) is an error naming both."""
    frame = table.frame
    ids = Values(frame["unit_id"].to_numpy(dtype=object))
    pairs = pd.DataFrame({"key": pd.Series(ids.token, dtype=object),
                          "src": frame[SRC].to_numpy(dtype=np.int64)})
    # The first row of each (unit, source) pair; only units in two sources can be reported.
    firsts = pairs[pairs["key"].notna()].drop_duplicates(["key", "src"])
    firsts = firsts[firsts.duplicated("key", keep=False)]
    seen: dict[str, int] = {}
    out: list[Problem] = []
    reported: set[str] = set()
    lenient = frame[LENIENT].to_numpy(dtype=bool)
    source = pairs["src"].to_numpy()
    for ix, key, src in zip(firsts.index, firsts["key"], firsts["src"], strict=True):
        if key not in seen:
            seen[key] = ix
            continue
        first_ix = seen[key]
        a, b = table.sources[int(source[first_ix])], table.sources[int(src)]
        separate = a.file != b.file or (a.sheet != b.sheet and (
            lenient[ix] or lenient[first_ix]))
        if separate and key not in reported:
            reported.add(key)
            out.append(Problem(msg(
                "workbook.unit_in_two_places", unit=ids.text[ix], first=f"{a.file} › {a.sheet}",
                second=f"{b.file} › {b.sheet}"), table.loc("unit_id", int(ix))))
    return out
