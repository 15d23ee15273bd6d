"""``parcalc criteria export``: a criteria set as the annex table of a decision.

Title rows (PHỤ LỤC, the set's title, its id and year), then the header STT | Tiêu chí |
Điểm tối đa | Hướng dẫn chấm điểm, one row per node in file order (domain rows bold), and a
total row. Each leaf's guide cell says its rule in lines the import reads back as the same
rule (:mod:`parcalc.annex.words`). Written as .xlsx (xlsxwriter), .docx (python-docx), .md
or .csv (UTF-8 with a byte-order mark, as Excel opens it), always through
:mod:`parcalc.atomic`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parcalc.annex.words import num, rule_lines, says_rule
from parcalc.atomic import write_text, write_with
from parcalc.criteria.model import CriteriaSet, Node
from parcalc.i18n import current, label, text


@dataclass(frozen=True)
class Row:
    """One row of the table: its cells and whether it is a domain row (bold)."""

    number: str
    title: str
    max: Decimal | None
    guide: list[str]
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """The annex as rows, before it is written in a format."""

    heading: list[str]
    header: list[str]
    rows: list[Row]


def annex_table(criteria: CriteriaSet, lang: str | None = None) -> Table:
    """The rows of the annex of ``criteria`` in ``lang`` (default: the language in use)."""
    lang = lang or current()
    year = text("annex.set_year", lang, year=criteria.year) if criteria.year else ""
    heading = [label("annex.heading", lang), criteria.title,
               text("annex.set_line", lang, id=criteria.id, year=year)]
    header = [label(f"annex.col_{k}", lang) for k in ("number", "title", "max", "guide")]
    rows = [Row(node.id, node.title, node.exact_maximum, _guide(node, criteria, lang),
                bold=not parents)
            for node, parents in criteria.walk()]
    total = sum((d.exact_maximum for d in criteria.domains), Decimal(0))
    rows.append(Row("", label("annex.total", lang), total, [], bold=True))
    return Table(heading, header, rows)


def _guide(node: Node, criteria: CriteriaSet, lang: str) -> list[str]:
    """The node's own guide (``guide:``) where it says the node's rule (or the node is
    inner), else the rule in words."""
    lines = [line.strip() for line in (node.guide or "").splitlines() if line.strip()]
    if not node.is_leaf or (lines and says_rule(lines, node)):
        return lines
    return rule_lines(node, criteria, lang)


FORMATS = (".xlsx", ".docx", ".md", ".csv")


def export_annex(criteria: CriteriaSet, out: str | Path, lang: str | None = None) -> None:
    """Write the annex of ``criteria`` to ``out`` (.xlsx, .docx, .md or .csv), atomically."""
    out = Path(out)
    table = annex_table(criteria, lang)
    lang = lang or current()
    writers: dict[str, Callable[[Table, Path, str], None]] = {
        ".xlsx": _xlsx, ".docx": _docx, ".md": _markdown, ".csv": _csv}
    writers[out.suffix.lower()](table, out, lang)


def _cells(row: Row, lang: str) -> list[str]:
    return [row.number, row.title, num(row.max, lang) if row.max is not None else "",
            "\n".join(row.guide)]


def _csv(table: Table, out: Path, lang: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in table.heading:
        writer.writerow([line, "", "", ""])
    writer.writerow(["", "", "", ""])
    writer.writerow(table.header)
    writer.writerows(_cells(row, lang) for row in table.rows)
    write_text(out, "\ufeff" + buffer.getvalue())


def _markdown(table: Table, out: Path, lang: str) -> None:
    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", "<br>")

    lines = [f"**{cell(table.heading[0])}**", "", f"# {cell(table.heading[1])}", "",
             cell(table.heading[2]), "",
             "| " + " | ".join(table.header) + " |", "|---|---|---:|---|"]
    for row in table.rows:
        values = [cell(v) for v in _cells(row, lang)]
        if row.bold:
            values[:3] = [f"**{v}**" if v else v for v in values[:3]]
        lines.append("| " + " | ".join(values) + " |")
    write_text(out, "\n".join(lines) + "\n")


def _xlsx(table: Table, out: Path, lang: str) -> None:
    write_with(out, lambda tmp: _write_xlsx(table, tmp))


def _write_xlsx(table: Table, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    base = {"font_name": "Times New Roman", "font_size": 12, "text_wrap": True,
            "valign": "top"}
    fmt = {
        "title": book.add_format({**base, "bold": True, "align": "center"}),
        "note": book.add_format({**base, "italic": True, "align": "center"}),
        "head": book.add_format({**base, "bold": True, "align": "center", "border": 1,
                                 "valign": "vcenter", "bg_color": "#F2F2F2"}),
        "cell": book.add_format({**base, "border": 1}),
        "bold": book.add_format({**base, "border": 1, "bold": True}),
        "num": book.add_format({**base, "border": 1, "num_format": "0.###",
                                "align": "center"}),
        "num_bold": book.add_format({**base, "border": 1, "num_format": "0.###",
                                     "align": "center", "bold": True}),
    }
    sheet = book.add_worksheet(label("annex.sheet_name"))
    for col, width in enumerate((9, 60, 11, 60)):
        sheet.set_column(col, col, width)
    for n, line in enumerate(table.heading):
        sheet.merge_range(n, 0, n, 3, line, fmt["note" if n == 2 else "title"])
    header_row = len(table.heading) + 1
    sheet.write_row(header_row, 0, table.header, fmt["head"])
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    for i, row in enumerate(table.rows, header_row + 1):
        style = fmt["bold" if row.bold else "cell"]
        sheet.write_string(i, 0, row.number, style)
        sheet.write_string(i, 1, row.title, style)
        if row.max is not None:
            sheet.write_number(i, 2, float(row.max), fmt["num_bold" if row.bold else "num"])
        sheet.write_string(i, 3, "\n".join(row.guide), style)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()


def _docx(table: Table, out: Path, lang: str) -> None:
    write_with(out, lambda tmp: _write_docx(table, tmp, lang))


def _write_docx(table: Table, path: Path, lang: str) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for i, line in enumerate(table.heading):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold, run.italic = i < 2, i == 2
    grid = document.add_table(rows=1, cols=4)
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        cells = grid.add_row().cells
        for col, value in enumerate(_cells(row, lang)):
            cells[col].text = ""
            cells[col].paragraphs[0].add_run(value).bold = row.bold and col < 3
    for col, width in enumerate((1.5, 9.0, 2.0, 9.0)):
        for cell in grid.columns[col].cells:
            cell.width = Cm(width)
    document.save(str(path))
