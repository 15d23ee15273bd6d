"""One pass over an .xlsx sheet's XML before calamine reads it: the guard's bound on its
extent (:mod:`.extent`) and what calamine does not tell (:mod:`.xlsxmeta`), from the same
pieces, so the part is decompressed once.

A sheet is checked just before it is read, not when its file is opened: sheets parcalc does
not read are never scanned, and sheets can be scanned and read on several threads at once.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from parcalc.i18n import msg
from parcalc.workbook.extent import FirstBound
from parcalc.workbook.guard import check_sheet, padded_part, refuse
from parcalc.workbook.pieces import PaddedPart, pieces
from parcalc.workbook.xlsxmeta import MetaScan, SheetMeta


def scan_sheet(path: Path, archive: zipfile.ZipFile, part: str,
               percent_styles: set[int], sheet: str | None = None) -> SheetMeta:
    """The sheet's percent and uncached-formula cells; raise the guard's refusal
    (:class:`~parcalc.errors.WorkbookError`) if calamine should not read it. ``archive``
    (the file ``path``, open) may be read by several threads at once."""
    try:
        first, meta = FirstBound(), MetaScan(percent_styles)
        try:
            for piece in pieces(archive, part):
                first.feed(piece)
                meta.feed(piece)
        except PaddedPart as padded:
            raise padded_part(path, part, padded, sheet) from None
        if not first.holds:
            check_sheet(path, archive, part, first)
        return meta.meta
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError,
            NotImplementedError, RuntimeError, LookupError) as exc:
        raise refuse(path, msg("guard.damaged_zip", reason=str(exc))) from None
