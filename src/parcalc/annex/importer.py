"""``parcalc criteria import``: an annex table → a checked criteria file's text.

    >>> from parcalc.annex import import_annex
    >>> imported = import_annex("annex.xlsx")           # doctest: +SKIP
    >>> imported.yaml.startswith("# ")                   # doctest: +SKIP
    True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from parcalc.annex.columns import Columns, find_columns, title_rows
from parcalc.annex.grid import AnnexError, Grid
from parcalc.annex.source import open_grids
from parcalc.annex.tree import Tree, build
from parcalc.annex.yamlout import Meta, write_yaml
from parcalc.criteria.model import CriteriaSet
from parcalc.errors import Location, Problem, errors_only
from parcalc.i18n import msg

_SLUG = re.compile(r"[^a-z0-9._-]+")
_NOT_TITLE = re.compile(r"^(phụ lục|annex|appendix|\(|kèm theo)", re.I)
_YEAR = re.compile(r"\b(?:năm|year)\s+((?:19|20)\d\d)\b", re.I)


@dataclass
class Imported:
    """An imported annex: the tree read, the YAML written from it, the set it loads as, and
    the warnings (the import's doubts, then what ``parcalc check`` warns about)."""

    tree: Tree
    meta: Meta
    yaml: str
    criteria: CriteriaSet
    warnings: list[Problem] = field(default_factory=list)


def import_annex(path: str | Path, *, sheet: str | None = None, set_id: str | None = None,
                 title: str | None = None, year: int | None = None,
                 name: str | None = None) -> Imported:
    """Read the annex table in ``path`` (the first sheet or Word table whose header matches,
    or ``sheet``) and make its criteria file. ``name`` is the file the YAML goes to: the
    set's id is made from it (else from the table's name), and ``check``'s warnings point
    into it. Raises :class:`AnnexError` (exit 1) with every error found;
    :class:`~parcalc.errors.UsageError` (exit 2) for an unknown sheet."""
    path = Path(path)
    grid, columns = find_table(path, sheet)
    tree = build(grid, columns)
    meta = Meta(set_id or default_id(Path(name) if name else path),
                title or default_title(path, grid, columns),
                year if year is not None else default_year(grid, columns))
    name = name or f"{meta.id}.yaml"
    text = write_yaml(tree, meta)
    from parcalc.criteria.load import check_text

    criteria, problems = check_text(text, name)
    errors = errors_only(problems)
    if errors or criteria is None:
        raise AnnexError(errors or [Problem(msg("annex.not_a_set"), Location(name))])
    return Imported(tree, meta, text, criteria, [*tree.doubts, *problems])


def find_table(path: Path, sheet: str | None) -> tuple[Grid, Columns]:
    """The first table whose header has the number, title and max columns."""
    partial: tuple[Grid, Columns] | None = None
    seen: list[Grid] = []
    for grid in open_grids(path, sheet):
        seen.append(grid)
        columns = find_columns(grid)
        if columns is not None and columns.complete:
            return grid, columns
        if columns is not None and partial is None:
            partial = (grid, columns)
    if partial is not None:
        grid, columns = partial
        raise AnnexError(Problem(msg("annex.no_max_column"),
                                 grid.where(columns.header_last, columns.title)))
    if not any(grid.text(r, c) for grid in seen for r in range(grid.height)
               for c in range(grid.width)):
        raise AnnexError(Problem(msg("annex.empty_table"), Location(str(path))))
    key = "annex.docx_no_match" if path.suffix.lower() == ".docx" else "annex.no_header"
    raise AnnexError(Problem(msg(key, n=len(seen)), Location(str(path))))


def default_id(path: Path) -> str:
    """A file's name as a set id: ``Phụ lục 2025.yaml`` → ``phu-luc-2025``."""
    plain = unicodedata.normalize("NFD", path.stem.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = _SLUG.sub("-", plain).strip("-._")
    return slug if slug and slug[0].isalnum() else "annex"


def default_title(path: Path, grid: Grid, columns: Columns) -> str:
    """The first title row above the header that is not "Phụ lục …" or "(Kèm theo …)"."""
    for line in title_rows(grid, columns):
        if not _NOT_TITLE.match(line):
            return " ".join(line.split())
    return path.stem


def default_year(grid: Grid, columns: Columns) -> int | None:
    """A year written "năm 2025" in the title rows."""
    for line in title_rows(grid, columns):
        match = _YEAR.search(line)
        if match:
            return int(match.group(1))
    return None
