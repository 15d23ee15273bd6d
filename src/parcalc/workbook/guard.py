"""Look at a file before python-calamine opens it, and refuse what would hurt.

calamine materialises a sheet as a dense grid in native code: one cell at XFD1048576 asks
for half a terabyte and the process aborts, with no exception to catch. So before opening,
parcalc checks, cheaply and from declared sizes where it can:

- the file is not empty, and is a workbook (a zip with the parts of .xlsx/.ods, or an OLE
  file that is an .xls and not an encrypted (password) workbook), not text or HTML renamed;
- a zip's declared sizes: total and per part, and the compression ratio (zip bombs);
- XML parts declare no DTD or entities (billion laughs);
- each sheet's extent (rows × columns of its used cells) stays under
  :data:`~.extent.MAX_CELLS` (:mod:`.extent`), and its XML is not padding (:mod:`.pieces`).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from defusedxml import ElementTree

from parcalc.errors import Location, Problem, WorkbookError
from parcalc.i18n import Msg, msg
from parcalc.workbook.address import column_letter
from parcalc.workbook.extent import MAX_CELLS, Beyond, FirstBound, check_extent
from parcalc.workbook.odsxlsmeta import ods_scan
from parcalc.workbook.pieces import PaddedPart

MAX_TOTAL = 4 * 1024**3  # all parts of a zip, uncompressed
# One part (a sheet, the shared strings): a full sheet of 1,048,576 rows written with inline
# strings (as streaming writers do) unpacks to about 1 GB.
MAX_PART = 2 * 1024**3
MAX_RATIO = 200  # uncompressed ÷ compressed, for parts over 10 MB
PROBE_SECONDS = 60
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def refuse(path: Path, message: Msg) -> WorkbookError:
    return WorkbookError(Problem(message, Location(str(path))))


def check_file(path: Path, sheets: bool = True) -> None:
    """Raise :class:`WorkbookError` for a file calamine should not be given. ``sheets``:
    also bound the extent of every .xlsx sheet (else :func:`check_sheet` does it for each
    sheet, just before calamine reads it)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(path, msg("guard.cannot_read", reason=exc.strerror)) from None
    if size == 0:
        raise refuse(path, msg("guard.empty"))
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        try:
            _check_zip(path, sheets)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError,
                NotImplementedError, RuntimeError, LookupError) as exc:
            raise refuse(path, msg("guard.damaged_zip", reason=str(exc))) from None
    elif head == _OLE:
        _check_ole(path, size)
    else:
        raise refuse(path, _not_a_workbook(path, head))


def _not_a_workbook(path: Path, head: bytes) -> Msg:
    with open(path, "rb") as handle:
        sample = handle.read(4096)
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        kind = msg("guard.kind_html")
    elif sample and all(b >= 9 for b in sample):
        kind = msg("guard.kind_text")
    else:
        kind = msg("guard.kind_other")
    return msg("guard.not_a_workbook", kind=kind)


def _check_ole(path: Path, size: int) -> None:
    with open(path, "rb") as handle:
        data = handle.read(min(size, 64 * 1024**2))
    if _ENCRYPTED in data:
        raise refuse(path, msg("guard.encrypted"))
    _probe(path)


#: Opens an .xls the way parcalc will, in a child process.
_PROBE = ("import sys; from python_calamine import CalamineWorkbook as W\n"
          "b = W.from_path(sys.argv[1])\n"
          "for n in b.sheet_names: b.get_sheet_by_name(n)")


def _probe(path: Path) -> None:
    """Open an .xls in a child process first: on some damaged .xls files calamine's native
    code aborts the whole process (an allocation of hundreds of GB), which no exception
    can catch. .xls files are small (65,536 rows at most), so the second read is cheap."""
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True,
                              timeout=PROBE_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise refuse(path, msg("guard.probe_slow", seconds=PROBE_SECONDS)) from None
    if done.returncode < 0:
        raise refuse(path, msg("guard.probe_crashed"))


def _check_zip(path: Path, sheets: bool) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(path, msg("guard.damaged_zip", reason=str(exc))) from None
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names and "content.xml" not in names:
            raise refuse(path, msg("guard.no_workbook_inside"))
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise refuse(path, msg("guard.too_big", size=total / 1024**3,
                                   limit=MAX_TOTAL // 1024**3))
        for info in infos:
            _check_part(path, archive, info)
        parts = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sorted(parts) if sheets else ():
            check_sheet(path, archive, name)
    if "content.xml" in names:
        try:
            sheets_meta = ods_scan(path)
        except (ElementTree.ParseError, LookupError) as exc:
            raise refuse(path, msg("guard.ods_damaged", reason=str(exc))) from None
        for sheet, meta in sheets_meta.items():
            rows, cols = meta.extent
            if rows * cols > MAX_CELLS:
                raise refuse(path, msg("guard.ods_extent", sheet=sheet, rows=rows,
                                       columns=cols))


def _check_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_PART:
        raise refuse(path, msg("guard.part_too_big", part=info.filename,
                               size=info.file_size / 1024**2, limit=MAX_PART // 1024**2))
    if info.file_size > 10 * 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        fold = info.file_size // max(info.compress_size, 1)
        raise refuse(path, msg("guard.part_ratio", part=info.filename, ratio=fold))
    if info.filename.endswith((".xml", ".rels")):
        with archive.open(info) as part:
            start = part.read(4096)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            raise refuse(path, msg("guard.part_dtd", part=info.filename))


def check_sheet(path: Path, archive: zipfile.ZipFile, name: str,
                first: FirstBound | None = None) -> None:
    """Refuse sheet part ``name`` if its cells reach too far (:mod:`.extent`) or it is
    padding; ``first``: its first bound, tried in a pass made for another reason."""
    try:
        check_extent(archive, name, first)
    except Beyond as far:
        cells = far.rows * far.columns
        where = f"{column_letter(far.columns - 1)}{far.rows}"
        raise refuse(path, msg("guard.extent", part=name, far=where, cells=cells / 1e6)) \
            from None
    except PaddedPart as padded:
        raise padded_part(path, name, padded) from None


#: Memory reading a sheet takes, as a multiple of its XML: calamine's cells (~1.25×), the
#: Python objects made of them and the tables built from those (a 1 GB survey part of
#: 1,048,576 respondents peaked at 2.2 GB in bench/scale.py).
MEMORY_PER_XML_BYTE = 3
#: Sheets with less XML than this are not checked (a few tens of MB at most).
MEMORY_CHECK_FROM = 16 * 1024**2


def check_memory(path: Path, sheet: str, part: str, size: int) -> None:
    """Refuse, before reading it, a sheet of ``size`` bytes of XML that this machine has not
    the free memory to read (Linux: ``MemAvailable``; elsewhere nothing is checked)."""
    if size < MEMORY_CHECK_FROM:
        return
    need = MEMORY_PER_XML_BYTE * size
    free = available_memory()
    if free is not None and need > free:
        raise refuse(path, msg("guard.memory", sheet=sheet, part=part, size=size / 1024**2,
                               need=need / 1024**3, free=free / 1024**3))


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation, if the system says (Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def padded_part(path: Path, name: str, padded: PaddedPart,
                sheet: str | None = None) -> WorkbookError:
    """The refusal of part ``name`` as padding, naming its ``sheet`` when known."""
    size, offset = padded.size / 1024**2, padded.offset / 1024**2
    if sheet is not None:
        return refuse(path, msg("guard.padded_sheet", sheet=sheet, part=name, size=size,
                                offset=offset))
    return refuse(path, msg("guard.padded", part=name, size=size, offset=offset))
