"""Results as a ranking workbook (xlsxwriter): a sheet per group and a long ``details`` sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from parcalc.atomic import write_with
from parcalc.results import Results

RANK_HEADERS = ["Xếp hạng / Rank", "Mã đơn vị / Unit id", "Tên đơn vị / Unit",
                "Khối / Group", "Điểm / Points", "Tối đa / Max", "Chỉ số % / Index",
                "Xếp loại / Band", "Điểm tự đánh giá / Self points"]
DETAIL_HEADERS = ["Mã đơn vị / Unit id", "Mã tiêu chí / Criterion", "Tiêu chí / Title",
                  "Quy tắc / Rule", "Giá trị / Value", "Tự đánh giá / Self value",
                  "Điểm / Points", "Tối đa / Max", "Trạng thái / Status",
                  "Tài liệu kiểm chứng / Evidence", "Ghi chú / Note"]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("-", name).strip("'") or "Sheet"
    candidate = base[:31]
    k = 2
    while candidate.casefold() in taken:
        suffix = f" ({k})"
        candidate = base[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(candidate.casefold())
    return candidate


def write_excel(results: Results, target: str | Path) -> None:
    write_with(target, lambda tmp: _write(results, tmp))


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _write(results: Results, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False, "nan_inf_to_errors": True})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                            "bg_color": "#DDEBF7", "border": 1})
    taken: set[str] = set()
    records = results.unit_records()
    domain_ids = results.domain_ids()
    for group in results.groups:
        rows = [r for r in records if r["group"] == group]
        p = results.criteria[rows[0]["criteria"]].precision
        num = book.add_format({"num_format": "0." + "0" * p if p else "0"})
        ws = book.add_worksheet(sheet_name(group or "Xếp hạng", taken))
        headers = RANK_HEADERS + [f"Lĩnh vực {d} (%)" for d in domain_ids]
        ws.write_row(0, 0, headers, head)
        for i, r in enumerate(rows, start=1):
            doms = {d["id"]: d["index"] for d in r["domains"]}
            values = [r["rank"], r["unit_id"], r["name"], r["group"], r["points"], r["max"],
                      r["index"], r["band"], r["self_points"],
                      *(doms.get(d) for d in domain_ids)]
            for j, v in enumerate(values):
                if isinstance(v, float):
                    ws.write_number(i, j, v, num)
                elif isinstance(v, int):
                    ws.write_number(i, j, v)
                else:
                    ws.write_string(i, j, str(_cell(v)))
        ws.freeze_panes(1, 0)
        ws.set_column(0, 0, 9)
        ws.set_column(1, 1, 14)
        ws.set_column(2, 2, 40)
        ws.set_column(3, 3, 18)
        ws.set_column(4, len(headers) - 1, 11)
        ws.set_row(0, 32)
        ws.autofilter(0, 0, len(rows), len(headers) - 1)
    _details(book, results, head, taken)
    book.close()


def _details(book: Any, results: Results, head: Any, taken: set[str]) -> None:
    ws = book.add_worksheet(sheet_name("details", taken))
    ws.write_row(0, 0, DETAIL_HEADERS, head)
    d = results.details
    columns = ["unit_id", "criterion_id", "title", "rule", "value", "self_value", "points",
               "max", "status", "evidence", "note"]
    for i, row in enumerate(d[columns].itertuples(index=False), start=1):
        for j, v in enumerate(row):
            if j in (6, 7):
                ws.write_number(i, j, float(v))
            else:
                ws.write_string(i, j, "" if v is None or v != v else str(v))
    ws.freeze_panes(1, 0)
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 50)
    ws.set_column(3, 8, 12)
    ws.set_column(9, 10, 30)
    ws.autofilter(0, 0, len(d), len(columns) - 1)
