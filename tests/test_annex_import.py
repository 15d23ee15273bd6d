"""End to end: annex tables written by hand in both numbering styles, as .xlsx and .docx,
with guide lines of every kind → ``parcalc criteria import`` (exit 0) → ``parcalc check``
(exit 0) → the ids as specified → a workbook of values scored with the YAML gives the points
the guide lines say."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from parcalc.api import score_file
from parcalc.criteria.load import load_criteria
from tests.support import invoke, write_workbook
from tests.support.annex import HEADER, annex_docx, annex_xlsx

#: Dotted numbers throughout; guide rows, guide cells and a "-" line of a title cell.
DOTTED: list[list[Any]] = [
    HEADER,
    ["1", "Chỉ đạo, điều hành", 12, None],
    ["1.1", "Ban hành kế hoạch CCHC", 1, None],
    [None, "- Ban hành đúng thời hạn", 1, None],
    [None, "- Ban hành chậm", "0,5", None],
    [None, "- Không ban hành", 0, None],
    ["1.2", "Mức độ thực hiện kế hoạch", 2,
     "Từ 80% trở lên: 2 điểm\nTừ 50% đến dưới 80%: 1 điểm\nDưới 50%: 0 điểm"],
    ["1.3", "Tuyên truyền CCHC", 1, "Có ban hành văn bản: Điểm tối đa\nKhông ban hành: 0 điểm"],
    ["1.4", "Văn bản ban hành đúng quy định", 2,
     "Mỗi văn bản đúng quy định: 0,5 điểm, tối đa 2 điểm"],
    ["1.5", "Báo cáo định kỳ\n- Mỗi báo cáo chậm trừ 0,25 điểm", 1, None],
    ["1.6", "Chất lượng tham mưu", 2, "Tốt: Điểm tối đa\nKhá: 75% điểm\nTrung bình: 50% điểm"],
    ["1.7", "Tỷ lệ hồ sơ quá hạn", 1,
     "Không quá 5%: 1 điểm\nTrên 5% đến 10%: 0,5 điểm\nTrên 10%: 0 điểm"],
    ["1.8", "Sáng kiến", 2, "Được Thành phố công nhận (2 điểm)\nĐược sở công nhận – 1đ\n"
                            "Không có – 0đ"],
    ["2", "Thủ tục hành chính", 3, None],
    ["2.1", "Hồ sơ giải quyết đúng hạn", 2, "Điểm = tỷ lệ % hồ sơ đúng hạn × điểm tối đa"],
    ["2.2", "Rà soát thủ tục", 1, "Trừ điểm tương ứng"],
    [None, "Tổng cộng", 15, None],
]
DOTTED_IDS = ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "2", "2.1", "2.2"]
#: (criterion, value, points the guide says)
DOTTED_VALUES = [
    ("1.1", "Ban hành chậm", 0.5), ("1.2", 85, 2), ("1.3", "có", 1), ("1.4", 3, 1.5),
    ("1.5", 2, 0.5), ("1.6", "Khá", 1.5), ("1.7", 7, 0.5), ("1.8", "Được sở công nhận", 1),
    ("2.1", 80, 1.6), ("2.2", 0.75, 0.75),
]
DOTTED_VALUES_2 = [
    ("1.1", "Ban hành đúng thời hạn", 1), ("1.2", 50, 1), ("1.3", "không", 0), ("1.4", 5, 2),
    ("1.5", 0, 1), ("1.6", "Trung bình", 1), ("1.7", 5, 1), ("1.8", "Không có", 0),
    ("2.1", 50, 1), ("2.2", 1, 1),
]

#: Roman domains, numbering restarting in each, lettered items, points in the max column.
ROMAN: list[list[Any]] = [
    HEADER,
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 4, None],
    ["1.", "Kế hoạch CCHC", 2, None],
    ["1.1.", "Ban hành kế hoạch", 1, "Đạt: 1\nKhông đạt: 0"],
    ["1.2.", "Thực hiện kế hoạch", 1, None],
    [None, "Trên 90%", 1, None],
    [None, "Từ 70% đến 90%", "0,5", None],
    ["2.", "Kiểm tra CCHC", 2, None],
    ["a)", "Ban hành kế hoạch kiểm tra", 1,
     "Có ban hành: Điểm tối đa\nKhông ban hành: 0 điểm"],
    ["b)", "Tỷ lệ đơn vị được kiểm tra", 1,
     "Từ 30% trở lên (1 điểm)\nTừ 20% đến dưới 30% (0,5 điểm)"],
    ["II", "CẢI CÁCH THỂ CHẾ", 3, None],
    ["1.", "Xây dựng văn bản QPPL", 3, None],
    ["1.1.", "Quy trình xây dựng", 2, None],
    ["a)", "Lấy ý kiến đối tượng chịu tác động", 1,
     "Thực hiện đầy đủ – 1đ\nKhông thực hiện – 0đ"],
    ["b)", "Gửi thẩm định", 1, "Đúng thời hạn: 1\nChậm: 0,5\nKhông gửi: 0"],
    ["1.2.", "Văn bản ban hành đúng kế hoạch", 1, "Mỗi văn bản: 0,25 điểm"],
]
ROMAN_IDS = ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.a", "1.2.b", "2", "2.1", "2.1.1",
             "2.1.1.a", "2.1.1.b", "2.1.2"]
ROMAN_VALUES = [
    ("1.1.1", "đạt", 1), ("1.1.2", 95, 1), ("1.2.a", "có", 1), ("1.2.b", 25, 0.5),
    ("2.1.1.a", "không", 0), ("2.1.1.b", "Chậm", 0.5), ("2.1.2", 3, 0.75),
]
ROMAN_VALUES_2 = [
    ("1.1.1", "không đạt", 0), ("1.1.2", 90, 0.5), ("1.2.a", "không", 0), ("1.2.b", 10, 0),
    ("2.1.1.a", "có", 1), ("2.1.1.b", "Đúng thời hạn", 1), ("2.1.2", 10, 1),
]

TITLE = ["PHỤ LỤC", "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (THỬ)", "(Kèm theo Quyết định số 1/QĐ-UBND)"]

Writer = Callable[..., Path]


def _as_text(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[None if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
             for v in row] for row in rows]


def _write(kind: str, folder: Path, rows: list[list[Any]]) -> Path:
    if kind == "xlsx":
        return annex_xlsx(folder / "annex.xlsx", rows, title=TITLE)
    return annex_docx(folder / "annex.docx", _as_text(rows), title=TITLE)


def _scores(folder: Path, values: list[list[tuple[str, Any, float]]]) -> Path:
    units = [["unit_id", "name", "group"]] + [[f"U{i}", f"Đơn vị {i}", "Sở"]
                                                for i in range(1, len(values) + 1)]
    scores: list[list[Any]] = [["unit_id", "criterion_id", "value"]]
    for i, unit_values in enumerate(values, 1):
        scores += [[f"U{i}", cid, value] for cid, value, _ in unit_values]
    return write_workbook(folder / "values.xlsx", {"units": units, "scores": scores})


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@pytest.mark.parametrize(("rows", "ids", "values"), [
    (DOTTED, DOTTED_IDS, [DOTTED_VALUES, DOTTED_VALUES_2]),
    (ROMAN, ROMAN_IDS, [ROMAN_VALUES, ROMAN_VALUES_2]),
], ids=["dotted", "roman"])
def test_import_check_and_score(tmp_path: Path, kind: str, rows: list[list[Any]],
                                ids: list[str], values: list[list[tuple[str, Any, float]]]
                                ) -> None:
    table = _write(kind, tmp_path, rows)
    out = tmp_path / "criteria.yaml"
    code, _, err = invoke("criteria", "import", table, "-o", out)
    assert code == 0, err
    assert invoke("check", out)[0] == 0
    criteria = load_criteria(out)
    assert [node.id for node, _ in criteria.walk()] == ids
    assert criteria.title == "BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (THỬ)"
    results = score_file([_scores(tmp_path, values)], out)
    details = results.details
    for i, unit_values in enumerate(values, 1):
        for cid, value, expected in unit_values:
            row = details[(details["unit_id"] == f"U{i}") & (details["criterion_id"] == cid)]
            assert row["points"].tolist() == [pytest.approx(expected)], (cid, value)


def test_the_rules_read_from_each_kind_of_guide_line(tmp_path: Path) -> None:
    out = tmp_path / "criteria.yaml"
    assert invoke("criteria", "import", _write("xlsx", tmp_path, DOTTED), "-o", out)[0] == 0
    rules = {leaf.id: leaf.node.leaf_rule.type for leaf in load_criteria(out).leaves()}
    assert rules == {"1.1": "choice", "1.2": "threshold", "1.3": "yes_no", "1.4": "per_item",
                     "1.5": "deduction", "1.6": "choice", "1.7": "threshold", "1.8": "choice",
                     "2.1": "linear", "2.2": "points"}


def test_the_yaml_names_its_source_and_cites_the_guide_cells(tmp_path: Path) -> None:
    out = tmp_path / "criteria.yaml"
    invoke("criteria", "import", _write("xlsx", tmp_path, ROMAN), "-o", out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by `parcalc criteria import` from ")
    assert "annex.xlsx › Sheet1 (header at row 4)" in text.splitlines()[0]
    assert '- id: "2.1.1.a"  # a) → 2.1.1.a (Sheet1!A17)' in text
    assert "# rule: threshold, read from Sheet1!B9:B10" in text  # guide rows under 1.2.
    assert "# rule: yes_no, read from Sheet1!D7" in text  # the guide cell of 1.1.
    docx = tmp_path / "criteria-docx.yaml"
    invoke("criteria", "import", _write("docx", tmp_path, ROMAN), "-o", docx)
    text = docx.read_text(encoding="utf-8")
    assert "annex.docx › table 1 (header at row 1)" in text.splitlines()[0]
    assert "# rule: threshold, read from table 1, rows 6–7" in text


def test_the_summary_on_stderr(tmp_path: Path) -> None:
    table = _write("xlsx", tmp_path, DOTTED)
    code, out, err = invoke("criteria", "import", table, "-o", tmp_path / "c.yaml", "-v")
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert f"{table} › Sheet1!A5: 1 → 1" in lines
    assert f"Read {table} › Sheet1: 2 domains, 10 criteria, 0 sub-criteria" in lines
    assert "  level 2: 10 (10 leaves)" in lines
    assert ("Rules read from the guide: 9 of 10 leaves (choice 3, threshold 2, yes_no 1, "
            "per_item 1, deduction 1, linear 1)") in lines
    assert "Left as points (the appraiser enters them): 1 (2.2)" in lines
    assert f"wrote {tmp_path / 'c.yaml'}" == lines[-1]


def test_an_inner_max_that_differs_from_its_criteria(tmp_path: Path) -> None:
    rows = [HEADER, ["I", "Chỉ đạo", 5, None], ["1.", "Kế hoạch", 3, None],
            ["1.1.", "Ban hành", 1, "Đạt: 1\nKhông đạt: 0"],
            ["1.2.", "Thực hiện", 1, None], ["2.", "Kiểm tra", 2, None]]
    table = annex_xlsx(tmp_path / "slip.xlsx", rows)
    out = tmp_path / "c.yaml"
    code, _, err = invoke("criteria", "import", table, "-o", out)
    assert code == 0, err
    assert (f"{table} › Sheet1!C3: warning: the maximum 3 of '1.1' differs from the sum of "
            "its criteria, 2 (Sheet1!C4:C5); the criteria file leaves this maximum out "
            "(computed from its criteria)") in err.splitlines()
    assert "# max left out: the table says 3, its criteria add up to 2" in out.read_text()
    criteria = load_criteria(out)
    inner = next(node for node, _ in criteria.walk() if node.id == "1.1")
    assert inner.max is None and inner.maximum == 2
    assert invoke("check", out)[0] == 0


def test_the_summary_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    table = _write("docx", tmp_path, ROMAN)
    code, _, err = invoke("criteria", "import", table, "-o", tmp_path / "c.yaml")
    assert code == 0
    lines = err.splitlines()
    assert f"Đã đọc {table} › bảng 1: 2 lĩnh vực, 3 tiêu chí, 8 tiêu chí thành phần" in lines
    assert "Giữ cách chấm points (người thẩm định nhập điểm): 0 (—)" in lines


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a letter with its tone as a combining mark where the
    code page has no precomposed letter ("Ụ" → "U" + U+0323, "ế" → "ê" + U+0301)."""
    out = bytearray()
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tries = [(ch, ""), (parts, "")] + [
            (unicodedata.normalize("NFC", parts[0] + mark), parts[1:].replace(mark, ""))
            for mark in parts[1:]]
        for head, tail in tries:
            try:
                out += (head + tail).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(ch)
    return bytes(out)


def test_a_csv_table_as_vietnamese_excel_saves_it(tmp_path: Path) -> None:
    """Windows-1258, ';' between fields, decimal commas, guide lines in quoted cells."""
    lines = ["PHỤ LỤC;;;", "STT;Tiêu chí;Điểm tối đa;Hướng dẫn chấm điểm",
             "I;Chỉ đạo;1,5;", "1.;Kế hoạch;0,5;\"Đạt: 0,5\nKhông đạt: 0\"",
             "2.;Thực hiện;1;\"Từ 80% trở lên: 1 điểm\nDưới 80%: 0 điểm\""]
    table = tmp_path / "annex.csv"
    table.write_bytes(_cp1258("\r\n".join(lines)))
    out = tmp_path / "c.yaml"
    code, _, err = invoke("criteria", "import", table, "-o", out)
    assert code == 0, err
    criteria = load_criteria(out)
    assert [(n.id, n.maximum) for n, _ in criteria.walk()] == [("1", 1.5), ("1.1", 0.5),
                                                              ("1.2", 1.0)]
    assert [leaf.rule.type for leaf in criteria.leaves()] == ["yes_no", "threshold"]


def test_an_xlsm_workbook(tmp_path: Path) -> None:
    table = annex_xlsx(tmp_path / "annex.xlsx", ROMAN, title=TITLE)
    xlsm = table.rename(tmp_path / "annex.xlsm")
    out = tmp_path / "c.yaml"
    assert invoke("criteria", "import", xlsm, "-o", out)[0] == 0
    assert [node.id for node, _ in load_criteria(out).walk()] == ROMAN_IDS
