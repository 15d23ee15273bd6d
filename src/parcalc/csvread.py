"""Read a CSV file as spreadsheets write it: any of Excel's encodings, any list separator.

Vietnamese Excel saves "CSV (Comma delimited)" in Windows-1258 with ``;`` between fields
when the system's list separator is ``;``; "CSV UTF-8" starts with a byte-order mark;
"Unicode Text" is UTF-16 with tabs. :func:`read_rows` takes all of them:

- the text is UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1258 — which
  writes a tone as a combining mark, so the text is NFC-normalised after decoding;
- the separator is the one of ``,`` ``;`` and tab that splits the first lines into the same
  number of fields (the most fields wins; ``,`` when none splits them).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from parcalc.errors import Location, ParcalcError, Problem, UsageError
from parcalc.i18n import msg

SEPARATORS = (",", ";", "\t")
#: Lines looked at to choose the separator.
SNIFF_LINES = 50
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, where: Location) -> str:
    """The text of a CSV file's bytes (see the module); ParcalcError when it is not text."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _undecodable(where, exc.start) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as exc:
                raise _undecodable(where, exc.start) from None
    bad = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\r\n"), None)
    if bad is not None:
        raise _undecodable(where, bad)
    return unicodedata.normalize("NFC", text)


def _undecodable(where: Location, position: int) -> ParcalcError:
    return ParcalcError(Problem(msg("csv.undecodable", position=position), where))


def separator(text: str) -> str:
    """The separator among :data:`SEPARATORS` that splits the first lines alike."""
    lines = text.splitlines()[:SNIFF_LINES]
    best, best_fields = ",", 1
    for sep in SEPARATORS:
        rows = [r for r in csv.reader(lines, delimiter=sep) if any(c.strip() for c in r)]
        if not rows:
            continue
        fields = len(rows[0])
        consistent = sum(len(r) == fields for r in rows) >= max(1, len(rows) * 0.8)
        if fields > best_fields and consistent:
            best, best_fields = sep, fields
    return best


def read_rows(path: str | Path) -> list[list[str]]:
    """The rows of a CSV file (see the module); cells as text, NFC, untrimmed."""
    path = Path(path)
    where = Location(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(Problem(msg("csv.missing"), where)) from None
    except OSError as exc:
        raise UsageError(Problem(msg("csv.unreadable", reason=exc.strerror or str(exc)),
                                 where)) from None
    text = decode(data, where)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""),
                                        delimiter=separator(text))]
