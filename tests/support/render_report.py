"""Render a report workbook to PNG pages, to look at it as a reader would.

    python tests/support/render_report.py REPORT.xlsx OUT_DIR [--dpi 70]

Needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext), from Debian's packages:
``apt-get install libreoffice-calc poppler-utils``. Writes OUT_DIR/page-N.png for every page
and prints, for each page, its first line of text, so the pages of a sheet can be found.
Not a test: CI does not have LibreOffice.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path


def render(report: Path, out_dir: Path, dpi: int = 70) -> list[tuple[Path, str]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp,
                        str(report)], check=True, capture_output=True, timeout=600)
        pdf = Path(tmp) / (report.stem + ".pdf")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")],
                       check=True, timeout=600)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True, timeout=600).stdout
    firsts = [next((line.strip() for line in page.splitlines() if line.strip()), "")
              for page in text.split("\f")]
    pages = sorted(out_dir.glob("page-*.png"))
    return list(zip(pages, firsts, strict=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    for page, first in render(args.report, args.out_dir, args.dpi):
        print(f"{page.name}: {first[:90]}")


if __name__ == "__main__":
    main()
