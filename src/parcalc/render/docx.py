"""The annex of the decision that announces the results, as a Word file (python-docx).

Results are announced by a decision (Quyết định công bố Chỉ số CCHC năm …) whose annex is
the ranking table. :func:`write_docx` writes it as a Vietnamese administrative document is
typeset: A4, margins 20 mm (30 mm on the left, for binding), Times New Roman 13 pt; the
organisation, "PHỤ LỤC", the title with the year and a line "(Kèm theo Quyết định số …)" to
complete; then per group a table STT | Đơn vị | Điểm đạt được | Chỉ số (%) | Xếp hạng | Xếp
loại, its header row repeated on every page; the page number (a PAGE field) in the footer.
With ``domains``, each table also has the component index of every domain (LV1 … LVn, named
under the table); fourteen columns do not fit a portrait page at a legible size, so that
annex is landscape, as such annexes are printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcalc.atomic import write_with
from parcalc.i18n import text, using
from parcalc.results import Results

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

FONT = "Times New Roman"
BODY_PT, TITLE_PT, TABLE_PT, DOMAIN_PT = 13, 14, 13, 11
#: Column widths (mm) of a portrait table: STT, unit, points, index, rank, band.
WIDTHS_MM = (14, 66, 24, 21, 19, 21)
#: With the domains (landscape): the same columns narrower, then each domain's share of
#: what is left of the 247 mm between the margins.
DOMAIN_WIDTHS_MM = (14, 52, 18, 17, 15, 16)
LANDSCAPE_MM = 247


def write_docx(results: Results, target: str | Path, lang: str = "vi",
               domains: bool = False) -> None:
    """The ranking annex of ``results`` in ``lang`` (labels from the catalogue's ``[docx]``
    table), with each domain's component index when ``domains``; written whole or not at
    all (:mod:`parcalc.atomic`)."""
    with using(lang):
        document = _document(results, domains)
        write_with(target, lambda tmp: document.save(str(tmp)))


def _document(results: Results, domains: bool) -> Document:
    import docx

    document = docx.Document()
    _page(document, landscape=domains)
    _styles(document)
    _heading(document, results)
    records = results.unit_records()
    for k, group in enumerate(results.groups, start=1):
        rows = [r for r in records if r["group"] == group]
        if group is not None and len(results.groups) > 1:
            _paragraph(document, f"{k}. {group}", bold=True, before=10, after=4,
                       keep=True)
        _table(document, results, rows, domains)
        if domains:
            _legend(document, results)
    meta = results.meta
    document.core_properties.title = _title(results)
    if meta.organisation:
        document.core_properties.author = meta.organisation
    return document


def _title(results: Results) -> str:
    year = results.meta.year
    plain = text("docx.title")
    return plain if year is None else text("docx.title_year", title=plain, year=year)


def _page(document: Document, landscape: bool) -> None:
    """A4, Vietnamese administrative margins, the page number centred in the footer."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    footer = section.footer.paragraphs[0]
    footer.alignment = _align(centre=True)
    footer.add_run(text("docx.page") + " ")
    _field(footer, "PAGE")


def _align(centre: bool) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE) in ``paragraph``: Word and LibreOffice put in the number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                              OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    shown = OxmlElement("w:t")
    shown.text = "1"
    for element in (begin, instr, sep, shown, end):
        run._r.append(element)


def _styles(document: Document) -> None:
    """Times New Roman everywhere (Latin and complex-script slots: Vietnamese is Latin)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name in ("Normal", "Table Grid"):
        style: Any = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)


def _paragraph(document: Document, words: str, *, bold: bool = False, italic: bool = False,
               size: float = BODY_PT, centre: bool = False, before: float = 0,
               after: float = 0, keep: bool = False) -> None:
    """A paragraph of one run; ``keep``: on the same page as what follows (a heading)."""
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = _align(centre)
    paragraph.paragraph_format.keep_with_next = keep
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(words)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def _heading(document: Document, results: Results) -> None:
    """The organisation, "PHỤ LỤC", the title with the year, the decision's line."""
    if results.meta.organisation:
        _paragraph(document, results.meta.organisation.upper(), bold=True, centre=True,
                   after=6)
    _paragraph(document, text("docx.annex"), bold=True, centre=True)
    _paragraph(document, _title(results).upper(), bold=True, size=TITLE_PT, centre=True)
    _paragraph(document, text("docx.attached"), italic=True, centre=True, after=8)


def _table(document: Document, results: Results, rows: list[dict[str, Any]],
           domains: bool) -> None:
    ids = [d.id for d in results.domain_list()] if domains else []
    heads = [text(f"docx.{k}") for k in ("stt", "unit", "points", "index", "rank", "band")]
    heads += [text("table.domain_column", id=d) for d in ids]
    table = document.add_table(rows=1, cols=len(heads))
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell(cell, head, bold=True, centre=True)
    _repeat_header(table)
    for k, r in enumerate(rows, start=1):
        p = results.criteria[r["criteria"]].precision
        index = {d["id"]: d["index"] for d in r["domains"]}
        values = [str(k), str(r["name"]), _num(r["points"], p), _num(r["index"], p),
                  "" if r["rank"] is None else str(r["rank"]), r["band"] or ""]
        values += [_num(index.get(d), p) for d in ids]
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, value, centre=j != 1, size=DOMAIN_PT if j >= 6 else TABLE_PT)
    _widths(table, len(ids))


def _num(value: Any, precision: int) -> str:
    return "" if value is None else f"{float(value):.{precision}f}"


def _cell(cell: Any, words: str, *, bold: bool = False, centre: bool = False,
          size: float = TABLE_PT) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.alignment = _align(centre)
    run = paragraph.add_run(words)
    run.bold, run.font.size = bold, Pt(size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _repeat_header(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def _widths(table: Table, domains: int) -> None:
    from docx.shared import Mm

    if domains:
        rest = (LANDSCAPE_MM - sum(DOMAIN_WIDTHS_MM)) / domains
        widths = [*DOMAIN_WIDTHS_MM, *[rest] * domains]
    else:
        widths = list(WIDTHS_MM)
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the table's grid: set both.
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _legend(document: Document, results: Results) -> None:
    """What each LV column is: the domain's id and title."""
    parts = [f"{text('table.domain_column', id=d.id)}: {d.title}"
             for d in results.domain_list()]
    _paragraph(document, "; ".join(parts) + ".", italic=True, size=DOMAIN_PT, before=3,
               after=6)
