"""Benchmark workbooks of other shapes than the sizes' (issue 15).

The sizes (``generate.py``) are long-layout files written as streaming writers write them
(inline strings, five sheets). A workbook an analyst saved from Excel looks different, and
so does each layout parcalc reads. Each shape here is one workbook with a criteria set:

| shape          | layout   | units | value leaves | survey          | strings        |
|----------------|----------|------:|-------------:|-----------------|----------------|
| long-sst       | long     | 700   | 160 (+ 20 survey) | 50,000 × 20 | shared (Excel) |
| matrix         | matrix   | 700   | 140 (+ 20)   | 50,000 × 20     | shared         |
| per-unit       | per-unit | 700   | 140 (+ 20)   | 50,000 × 20     | shared         |
| survey-large   | long     | 700   | 140 (+ 20)   | 500,000 × 20    | inline         |

``long-sst`` is the shape measured in issue 15 (112,000 scores rows with a self value and
evidence text, three sheets: units, scores, survey). ``matrix`` has a column per unit (703
columns: the guard's wide-sheet bound), ``per-unit`` a form sheet per unit (702 sheets),
``survey-large`` one survey sheet ten times the province's. Values come from the same seeded
models as the sizes' (``generate._leaf_values``, ``generate._survey_rows``).
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from bench import generate
from bench.generate import FilePlan, LeafSpec, Size

#: Bump when the data written changes, so cached folders are rewritten.
SHAPES_VERSION = 1


@dataclass(frozen=True)
class Shape:
    size: Size
    layout: str  # long | matrix | per-unit
    shared_strings: bool  # as Excel saves (a shared string table) or inline (streaming)
    about: str

    @property
    def name(self) -> str:
        return self.size.name


SHAPES = {
    "long-sst": Shape(Size("long-sst", 1, 700, 50_000, 9, 4, 5, 9, 20), "long", True,
                      "long layout saved with shared strings, 160 value leaves with self "
                      "values and evidence, 3 sheets (units, scores, survey)"),
    "matrix": Shape(Size("matrix", 1, 700, 50_000, 8, 4, 5, 8, 20), "matrix", True,
                    "matrix: criterion ids down the rows, a column per unit (703 columns)"),
    "per-unit": Shape(Size("per-unit", 1, 700, 50_000, 8, 4, 5, 8, 20), "per-unit", True,
                      "a form sheet per unit (700 forms) and a units sheet naming them"),
    "survey-large": Shape(Size("survey-large", 1, 700, 500_000, 8, 4, 5, 8, 20), "long", False,
                          "long layout with one large survey: 500,000 respondents × 20"),
}


def params(shape: Shape) -> dict[str, Any]:
    return {"shapes": SHAPES_VERSION, "generator": generate.GENERATOR_VERSION,
            "seed": generate.SEED, "layout": shape.layout,
            "shared_strings": shape.shared_strings, **asdict(shape.size)}


def value_rows(shape: Shape) -> int:
    leaves = generate.leaf_specs(shape.size)
    return shape.size.units * sum(1 for lf in leaves if lf.kind != "survey")


@dataclass
class _Data:
    """Everything drawn for one workbook, in the order the sizes draw it."""

    uids: list[str]
    names: list[str]
    groups: list[str]
    leaves: list[LeafSpec]  # value leaves
    columns: list[tuple[list[Any], list[Any]]]  # (value, self value) per leaf, per unit
    evidence: np.ndarray
    has_evidence: np.ndarray
    survey: tuple[np.ndarray, list[str], list[list[Any]]]


def _draw(size: Size, fp: FilePlan) -> _Data:
    rng = np.random.default_rng([generate.SEED, zlib.crc32(size.name.encode()), fp.index + 1])
    n = fp.n_units
    uids = [f"{fp.first_unit + i + 1:05d}" for i in range(n)]
    groups, names = generate._groups_and_names(size, fp.first_unit, n, rng)
    quality = rng.beta(6.0, 2.0, n)
    leaves = [lf for lf in generate.leaf_specs(size) if lf.kind != "survey"]
    columns = [generate._leaf_values(lf, quality, rng) for lf in leaves]
    evidence = rng.integers(1, 365, (len(leaves), n))
    has_evidence = rng.random((len(leaves), n)) < generate.EVIDENCE_RATE
    survey = generate._survey_rows(size, quality, fp.respondents, rng)
    return _Data(uids, names, groups, leaves, columns, evidence, has_evidence, survey)


def _evidence(d: _Data, j: int, i: int) -> str | None:
    if not d.has_evidence[j, i]:
        return None
    day = int(d.evidence[j, i])
    return f"Báo cáo số {day}/BC-UBND ngày {day % 28 + 1:02d}/{j % 12 + 1:02d}/2024"


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    if value is None:
        return
    if type(value) is str:
        ws.write_string(row, col, value)
    else:
        ws.write_number(row, col, value)


def write_shape_file(name: str, fp: FilePlan) -> str:
    """Write the one workbook of shape ``name``; returns its path."""
    import xlsxwriter

    shape = SHAPES[name]
    d = _draw(shape.size, fp)
    book = xlsxwriter.Workbook(fp.path, {"constant_memory": not shape.shared_strings,
                                         "strings_to_numbers": False,
                                         "strings_to_formulas": False,
                                         "strings_to_urls": False})
    book.set_properties({"title": f"PAR benchmark {name}", "author": "parcalc bench/shapes.py",
                         "created": generate.CREATED})
    ws = book.add_worksheet("units")
    forms = shape.layout == "per-unit"
    ws.write_row(0, 0, ["unit_id", "name", "group", *(["sheet"] if forms else [])])
    for i, uid in enumerate(d.uids):
        ws.write_row(i + 1, 0, [uid, d.names[i], d.groups[i], *([uid] if forms else [])])
    if shape.layout == "long":
        _long_scores(book, d)
    elif shape.layout == "matrix":
        _matrix_scores(book, d)
    else:
        _forms(book, d)
    _survey(book, shape.size, d)
    book.close()
    return fp.path


def _long_scores(book: Any, d: _Data) -> None:
    ws = book.add_worksheet("scores")
    ws.write_row(0, 0, ["unit_id", "criterion_id", "self_value", "value", "evidence"])
    row = 1
    for i, uid in enumerate(d.uids):
        for j, leaf in enumerate(d.leaves):
            value, claim = d.columns[j]
            ws.write_string(row, 0, uid)
            ws.write_string(row, 1, leaf.id)
            _cell(ws, row, 2, claim[i])
            _cell(ws, row, 3, value[i])
            _cell(ws, row, 4, _evidence(d, j, i))
            row += 1


def _matrix_scores(book: Any, d: _Data) -> None:
    ws = book.add_worksheet("scores")
    ws.write_row(0, 0, ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", *d.uids])
    for j, leaf in enumerate(d.leaves):
        ws.write_row(j + 1, 0, [leaf.id, leaf.title, leaf.maximum])
        value = d.columns[j][0]
        for i in range(len(d.uids)):
            _cell(ws, j + 1, 3 + i, value[i])


def _forms(book: Any, d: _Data) -> None:
    header = ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định",
              "Tài liệu kiểm chứng"]
    for i, uid in enumerate(d.uids):
        ws = book.add_worksheet(uid)
        ws.write_string(0, 0, f"Đơn vị: {d.names[i]}")
        ws.write_row(1, 0, header)
        row, domain = 2, None
        for j, leaf in enumerate(d.leaves):
            if leaf.id.split(".")[0] != domain:  # a domain's subtotal row: skipped (lenient)
                domain = leaf.id.split(".")[0]
                ws.write_row(row, 0, [domain, f"Lĩnh vực {domain}"])
                row += 1
            value, claim = d.columns[j]
            ws.write_row(row, 0, [leaf.id, leaf.title, leaf.maximum])
            _cell(ws, row, 3, claim[i])
            _cell(ws, row, 4, value[i])
            _cell(ws, row, 5, _evidence(d, j, i))
            row += 1


def _survey(book: Any, size: Size, d: _Data) -> None:
    unit, groups, answers = d.survey
    ws = book.add_worksheet("survey")
    ws.write_row(0, 0, ["unit_id", "respondent_group", *generate.question_ids(size)])
    text = ws.write_string
    for r in range(len(unit)):
        text(r + 1, 0, d.uids[unit[r]])
        text(r + 1, 1, groups[r])
        for q, a in enumerate(answers[r], start=2):
            if a is not None:
                text(r + 1, q, a)
