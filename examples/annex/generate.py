"""Write the example annex ``examples/annex/phu-luc.docx`` and ``phu-luc.xlsx``.

    python examples/annex/generate.py

The annex table of a decision as analysts receive it (Phụ lục "Bộ chỉ số…"): title rows,
a two-row header with merged cells (STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm:
Tối đa, Tự đánh giá, Thẩm định | Hướng dẫn chấm điểm | Tài liệu kiểm chứng), a row of
column numbers, Roman domains with numbering that restarts in each, lettered items, guide
lines of every kind (rows under a sub-criterion with their points in the max column, lines of
the guide cell, "-" lines of the title cell), an inner maximum that differs from its
criteria's sum (a slip, as real annexes have) and a total row. The structure follows the
876/QĐ-BNV style; every title, maximum and guide line is invented for illustration and is
not the text of any decision. Both files hold the same table; the Word file is set in Times
New Roman, its number cells merged down over their guide rows as Word users do.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

TITLE = [
    "PHỤ LỤC I",
    "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC SỞ, BAN, NGÀNH (MINH HOẠ)",
    "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm 2025 của Ủy ban nhân dân tỉnh)",
]
HEADER = [["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm", "Điểm", "Điểm",
           "Hướng dẫn chấm điểm", "Tài liệu kiểm chứng"],
          ["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Tối đa", "Tự đánh giá",
           "Thẩm định", "Hướng dẫn chấm điểm", "Tài liệu kiểm chứng"],
          ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]]

#: (STT, title, max, guide, evidence); a row without STT is a guide row of the row above.
ROWS: list[tuple[str, str, str, str, str]] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "7", "", ""),
    ("1.", "Kế hoạch cải cách hành chính năm", "2", "", ""),
    ("1.1.", "Ban hành kế hoạch CCHC năm của cơ quan", "1", "", "Kế hoạch CCHC năm"),
    ("", "- Ban hành đúng thời hạn", "1", "", ""),
    ("", "- Ban hành chậm so với thời hạn", "0,5", "", ""),
    ("", "- Không ban hành", "0", "", ""),
    ("1.2.", "Mức độ thực hiện kế hoạch CCHC", "1",
     "Đạt 100% kế hoạch: 1 điểm\nTừ 80% đến dưới 100% kế hoạch: 0,5 điểm\n"
     "Dưới 80% kế hoạch: 0 điểm", "Báo cáo CCHC năm"),
    ("2.", "Thực hiện chế độ báo cáo CCHC định kỳ", "1",
     "Mỗi báo cáo chậm hoặc thiếu nội dung trừ 0,25 điểm", "Các báo cáo quý, năm"),
    ("3.", "Kiểm tra công tác cải cách hành chính", "2", "", ""),
    ("3.1.", "Tỷ lệ phòng, đơn vị trực thuộc được kiểm tra trong năm", "1",
     "- Từ 30% số đơn vị trở lên: 1 điểm\n- Từ 20% đến dưới 30%: 0,5 điểm\n- Dưới 20%: 0 điểm",
     "Kế hoạch, báo cáo kiểm tra"),
    ("3.2.", "Xử lý tồn tại, hạn chế phát hiện qua kiểm tra", "1",
     "Điểm = tỷ lệ % tồn tại được xử lý × điểm tối đa", ""),
    ("4.", "Công tác tuyên truyền cải cách hành chính", "1",
     "Có ban hành kế hoạch tuyên truyền: Điểm tối đa\nKhông ban hành: 0 điểm", ""),
    ("5.", "Sáng kiến, giải pháp mới trong cải cách hành chính", "1",
     "Được UBND tỉnh công nhận: Điểm tối đa\nĐược cấp sở công nhận: 50% điểm\n"
     "Không có sáng kiến: 0 điểm", "Quyết định công nhận"),
    ("II", "CẢI CÁCH THỂ CHẾ", "5,5", "", ""),
    ("1.", "Xây dựng văn bản quy phạm pháp luật", "3", "", ""),
    ("1.1.", "Thực hiện quy trình xây dựng văn bản", "1,5", "", ""),
    ("a)", "Lấy ý kiến đối tượng chịu tác động", "0,5", "", ""),
    ("", "- Thực hiện đầy đủ", "0,5", "", ""),
    ("", "- Không thực hiện", "0", "", ""),
    ("b)", "Gửi thẩm định dự thảo đúng thời hạn", "1",
     "Đúng thời hạn: 1 điểm\nChậm: 0,5 điểm\nKhông gửi thẩm định: 0 điểm", ""),
    ("1.2.", "Văn bản được ban hành đúng kế hoạch", "1,5",
     "Mỗi văn bản ban hành đúng kế hoạch: 0,5 điểm, tối đa 1,5 điểm", ""),
    ("2.", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "2,5", "", ""),
    ("2.1.", "Ban hành kế hoạch rà soát\n- Đúng thời hạn: 1 điểm\n- Chậm: 0,5 điểm\n"
             "- Không ban hành: 0 điểm", "1", "", ""),
    ("2.2.", "Xử lý kết quả rà soát", "1", "Trừ điểm tương ứng với số văn bản chưa xử lý", ""),
    ("III", "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH", "2", "", ""),
    ("1.", "Mức độ hài lòng của người dân, tổ chức", "2",
     "Điều tra xã hội học: câu Q01, Q02\nThang abcd: A = 1; B = 0,6; C = 0,2; D = 0", ""),
    ("", "Tổng cộng", "14,5", "", ""),
]


def write_xlsx(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phụ lục I"
    for line in TITLE:
        sheet.append([line])
    sheet.append([])
    for row in HEADER:
        sheet.append(row)
    for stt, title, maximum, guide, evidence in ROWS:
        value: object = float(maximum.replace(",", ".")) if maximum else None
        sheet.append([stt or None, title, value, None, None, guide or None, evidence or None])
    for n in range(1, len(TITLE) + 1):
        sheet.merge_cells(start_row=n, start_column=1, end_row=n, end_column=7)
    top = len(TITLE) + 2
    for col in (1, 2, 6, 7):
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=5)
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
        for cell in row:
            bold = cell.row < top + 2 and cell.row != 3
            cell.font = Font(name="Times New Roman", size=12, bold=bold)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.row >= top:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for letter, width in zip("ABCDEFG", (7, 50, 8, 8, 8, 45, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    book.save(path)


def write_docx(path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    for n, line in enumerate(TITLE):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold, run.italic = n < 2, n == 2
    table = document.add_table(rows=len(HEADER) + len(ROWS), cols=7)
    table.style = "Table Grid"
    for r, row in enumerate(HEADER):
        for c, value in enumerate(row):
            table.cell(r, c).text = value if r == 2 or r == 0 or c in (2, 3, 4) else ""
    for c in (0, 1, 5, 6):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 2).merge(table.cell(0, 4)).text = "Điểm"
    for r, (stt, title, maximum, guide, evidence) in enumerate(ROWS, len(HEADER)):
        for c, value in zip((0, 1, 2, 5, 6), (stt, title, maximum, guide, evidence),
                            strict=True):
            table.cell(r, c).text = value
    first = len(HEADER) + 2  # "1.1." and its three guide rows: STT merged down, as in Word
    table.cell(first, 0).merge(table.cell(first + 3, 0))
    for r in range(len(HEADER)):
        for cell in table.rows[r].cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.bold = True
    document.save(str(path))


if __name__ == "__main__":
    write_xlsx(HERE / "phu-luc.xlsx")
    write_docx(HERE / "phu-luc.docx")
    print("wrote", HERE / "phu-luc.xlsx", "and", HERE / "phu-luc.docx")
