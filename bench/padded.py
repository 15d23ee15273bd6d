"""Workbooks whose scores sheet is mostly padding, stored uncompressed (issue 15).

A zip part may be *stored* (no compression): the zip-bomb ratio check of the guard does not
apply, and a part up to the guard's 2 GB limit is admitted. Two kinds, each a two-unit
workbook of the ``tiny`` criteria whose ``scores`` part is padded:

- ``space``: ~1.5 GB of spaces and line breaks between two rows of the sheet (the case of
  issue 15: 172 s and 4.7 GB before);
- ``cells``: the "bloated used range" a spreadsheet leaves after formatting whole columns:
  every row down to Excel's last (1,048,576) holds 26 formatted, empty cells (~0.6 GB).

    python bench/padded.py                       # → ~/.cache/parcalc-bench/padded/
    python bench/padded.py --kind space --mib 64 --out /tmp/pad   # a small one

The files are written once and kept (``--force`` rewrites).
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: python bench/padded.py
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate

KINDS = ("space", "cells")
SPACE_BYTES = 1_500_000_000
LAST_ROW = 1_048_576
SCORES_PART = "xl/worksheets/sheet2.xml"  # the tiny workbook's second sheet: scores
BLOCK = 1 << 20


def base_workbook() -> bytes:
    """A two-unit workbook of the tiny size (long layout, five sheets), in memory."""
    size = generate.SIZES["tiny"]
    with io.BytesIO() as out:
        path = Path("/dev/null")  # not written: xlsxwriter writes to the buffer below
        fp = generate.FilePlan(0, str(path), 0, 2, [15, 15])
        generate.write_file_to(size, fp, out)
        return out.getvalue()


def _space(total: int) -> Iterator[bytes]:
    line = b" " * 1023 + b"\n"
    block = line * (BLOCK // len(line))
    for _ in range(total // len(block)):
        yield block


def _cells(first_row: int) -> Iterator[bytes]:
    letters = [chr(ord("A") + k) for k in range(26)]
    rows = []
    for r in range(first_row, LAST_ROW + 1):
        cells = "".join(f'<c r="{c}{r}" s="0"/>' for c in letters)
        rows.append(f'<row r="{r}" spans="1:26">{cells}</row>')
        if len(rows) == 4096:
            yield "".join(rows).encode()
            rows = []
    if rows:
        yield "".join(rows).encode()


def padding(kind: str, sheet: bytes, space_bytes: int) -> tuple[bytes, Iterator[bytes], bytes]:
    """(head, padding blocks, tail) of the padded sheet part."""
    if kind == "space":
        cut = sheet.index(b"</row>") + len(b"</row>")
        return sheet[:cut], _space(space_bytes), sheet[cut:]
    cut = sheet.index(b"</sheetData>")
    last = sheet.rfind(b'<row r="', 0, cut)
    first_free = int(sheet[last + 8:sheet.index(b'"', last + 8)]) + 1
    return sheet[:cut], _cells(first_free), sheet[cut:]


def write(path: Path, kind: str, space_bytes: int = SPACE_BYTES) -> int:
    """Write the padded workbook; returns the size of its padded part."""
    base = zipfile.ZipFile(io.BytesIO(base_workbook()))
    tmp = path.with_suffix(".tmp")
    size = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
        for info in base.infolist():
            data = base.read(info)
            if info.filename != SCORES_PART:
                out.writestr(info.filename, data, zipfile.ZIP_STORED)
                continue
            stored = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            stored.compress_type = zipfile.ZIP_STORED
            head, blocks, tail = padding(kind, data, space_bytes)
            with out.open(stored, "w", force_zip64=True) as part:
                for piece in (head, *blocks, tail):
                    part.write(piece)
                    size += len(piece)
    tmp.replace(path)
    return size


def generate_padded(out: Path | None = None, kinds: Sequence[str] = KINDS, *,
                    space_bytes: int = SPACE_BYTES, force: bool = False) -> dict[str, Any]:
    """The padded workbooks (written if missing) and the criteria that scores them."""
    out = (out or generate.default_dir("padded")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    criteria = out / "criteria.yaml"
    criteria.write_text(generate.criteria_yaml(generate.SIZES["tiny"]), encoding="utf-8")
    files: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        path = out / f"padded-{kind}.xlsx"
        if force or not path.exists():
            write(path, kind, space_bytes)
        with zipfile.ZipFile(path) as z:
            part = z.getinfo(SCORES_PART).file_size
        files[kind] = {"path": str(path), "bytes": path.stat().st_size, "part_bytes": part}
    return {"dir": str(out), "criteria": str(criteria), "files": files}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=KINDS, action="append", help="(default: both)")
    parser.add_argument("--mib", type=int, help="size of the space padding in MiB")
    parser.add_argument("--out", type=Path, help="folder (default: ~/.cache/parcalc-bench/padded)")
    parser.add_argument("--force", action="store_true", help="write even if present")
    args = parser.parse_args(argv)
    space = args.mib * 2**20 if args.mib else SPACE_BYTES
    done = generate_padded(args.out, args.kind or KINDS, space_bytes=space, force=args.force)
    for kind, f in done["files"].items():
        print(f"{kind}: {f['path']} ({f['part_bytes'] / 2**20:,.0f} MiB part)")


if __name__ == "__main__":
    main()
