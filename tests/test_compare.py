"""``parcalc compare``: two tiny years worked out by hand, criteria that changed between them,
JSON against workbooks, the Excel sheets, errors, and the shipped example against itself.

Year 1 (tiny criteria; group Sở unless said):

    U1  10 + 30 + 18.5 + 15 + survey A,B,A,A (0.9 → 18) + bonus 3 capped at 2   = 93.5  rank 1  A
    U2   0 + 15 + 12.5 + 20 + survey C,D (0.1 → 2)                               = 49.5  rank 2  C
    U3  10 + 15 + 12.5 + 10 + survey C,D (0.1 → 2)                               = 49.5  rank 2  C
    H1  (Huyện) 10 + 0 + 10 + 10 + survey B (0.6 → 12) − 1                       = 41    rank 1  C

Year 2 (U1 spelt "u1"; units sheet order u1, U3, U2, H2):

    u1  10 + 15 + 18.3 + 15 + survey A,A (1 → 20)                                = 78.3  rank 3  C
    U3  10 + 30 + 15.5 + 15 + survey A,C (0.6 → 12) + bonus 3 capped at 2        = 84.5  rank 1  B
    U2  10 + 30 + 12.5 + 20 + survey B,B (0.6 → 12)                              = 84.5  rank 1  B
    H2  (Huyện) 10 + 0 + 5 + 10 + survey D (0 → 0)                               = 25    rank 1  C

Changes: u1 −15.2 (floats say −15.200000000000003), rank 1 → 3 (−2); U2 and U3 +35, rank
2 → 1 (+1), tied: gains list U2 before U3 by id although U3 comes first in the ranking.
H2 entered, H1 left.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parcalc.compare import compare, load_side
from parcalc.errors import ParcalcError
from parcalc.render.compare import as_dict, sheet_names
from tests.support import TINY_CRITERIA, Rows, invoke, write_workbook

ROOT = Path(__file__).parents[1]

TINY_2022 = (TINY_CRITERIA
             .replace("id: tiny\n", "id: tiny-2022\n")
             .replace('title: "Thủ tục hành chính"', 'title: "Cải cách thủ tục hành chính"')
             .replace('id: "3"\n    title: "Điều tra xã hội học"',
                      'id: "4"\n    title: "Mức độ hài lòng"'))


def year1(criteria: str = "tiny.yaml") -> dict[str, Rows]:
    return {
        "units": [["unit_id", "name", "group"], ["U1", "Sở Nội vụ", "Sở"],
                  ["U2", "Sở Tài chính", "Sở"], ["U3", "Sở Y tế", "Sở"],
                  ["H1", "Huyện Ba Vì", "Huyện"]],
        "scores": [["unit_id", "criterion_id", "value"],
                   ["U1", "1.1", "có"], ["U1", "1.2", "95%"], ["U1", "2.1", 18.5],
                   ["U1", "2.2", "Khá"],
                   ["U2", "1.1", "không"], ["U2", "1.2", "80"], ["U2", "2.1", "12,5"],
                   ["U2", "2.2", "Tốt"],
                   ["U3", "1.1", "có"], ["U3", "1.2", 75], ["U3", "2.1", 12.5],
                   ["U3", "2.2", "Đạt"],
                   ["H1", "1.1", "x"], ["H1", "1.2", 60], ["H1", "2.1", 10],
                   ["H1", "2.2", "Đạt"]],
        "survey": [["unit_id", "respondent_group", "Q1", "Q2"],
                   ["U1", "Người dân", "A", "B"], ["U1", "Doanh nghiệp", "A", "A"],
                   ["U2", "Người dân", "C", "D"], ["U3", "Người dân", "C", "D"],
                   ["H1", "Người dân", "B", None]],
        "adjustments": [["unit_id", "kind", "points", "reason"],
                        ["U1", "thưởng", 3, "Sáng kiến"], ["H1", "trừ", 1, "Vi phạm"]],
        "settings": [["key", "value"], ["criteria", criteria]],
    }


def year2(criteria: str = "tiny.yaml") -> dict[str, Rows]:
    return {
        "units": [["unit_id", "name", "group"], ["u1", "Sở Nội vụ", "Sở"],
                  ["U3", "Sở Y tế", "Sở"], ["U2", "Sở Tài chính", "Sở"],
                  ["H2", "Huyện Mỹ Đức", "Huyện"]],
        "scores": [["unit_id", "criterion_id", "value"],
                   ["u1", "1.1", "có"], ["u1", "1.2", 80], ["u1", "2.1", 18.3],
                   ["u1", "2.2", "Khá"],
                   ["U3", "1.1", "có"], ["U3", "1.2", 91], ["U3", "2.1", 15.5],
                   ["U3", "2.2", "Khá"],
                   ["U2", "1.1", "có"], ["U2", "1.2", 95], ["U2", "2.1", 12.5],
                   ["U2", "2.2", "Tốt"],
                   ["H2", "1.1", "có"], ["H2", "1.2", 50], ["H2", "2.1", 5],
                   ["H2", "2.2", "Đạt"]],
        "survey": [["unit_id", "respondent_group", "Q1", "Q2"],
                   ["u1", "Người dân", "A", "A"], ["U3", "Người dân", "A", "C"],
                   ["U2", "Người dân", "B", "B"], ["H2", "Người dân", "D", None]],
        "adjustments": [["unit_id", "kind", "points", "reason"],
                        ["U3", "thưởng", 3, "Sáng kiến"]],
        "settings": [["key", "value"], ["criteria", criteria]],
    }


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """2021.xlsx and 2022.xlsx on the tiny criteria; 2022b.xlsx on its 2022 version."""
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    (tmp_path / "tiny-2022.yaml").write_text(TINY_2022, encoding="utf-8")
    write_workbook(tmp_path / "2021.xlsx", year1())
    write_workbook(tmp_path / "2022.xlsx", year2())
    write_workbook(tmp_path / "2022b.xlsx", year2("tiny-2022.yaml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path



def D(text: str) -> Decimal:
    return Decimal(text)


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit_id"]: u for u in doc["units"]}


# --------------------------------------------------------------------------- library


def test_changes_worked_out_by_hand(here: Path) -> None:
    c = compare(load_side("2021.xlsx"), load_side("2022.xlsx"))
    assert c.precision == 2
    assert [u.unit_id for u in c.units] == ["U3", "U2", "u1"]  # new order; tie in sheet order
    assert c.groups == ("Sở",)
    u1 = next(u for u in c.units if u.unit_id == "u1")
    assert (u1.name, u1.group, u1.old_index, u1.new_index) == ("Sở Nội vụ", "Sở", D("93.50"),
                                                               D("78.30"))
    assert u1.index_change == D("-15.20")
    assert 78.3 - 93.5 != -15.2  # what floats would have said
    assert (u1.old_rank, u1.new_rank, u1.rank_change) == (1, 3, -2)
    assert (u1.old_band, u1.new_band) == ("A", "C")
    assert [(d.id, d.old_index, d.new_index, d.index_change, d.old_rank, d.new_rank)
            for d in u1.domains] == [
        ("1", D("100"), D("62.5"), D("-37.5"), 1, 3),
        ("2", D("83.75"), D("83.25"), D("-0.5"), 1, 1),
        ("3", D("90"), D("100"), D("10"), 1, 1),
    ]
    for uid, old_d1, d2, old_d2_rank in (("U2", "37.5", "0", 2), ("U3", "62.5", "20", 3)):
        u = next(x for x in c.units if x.unit_id == uid)
        assert (u.old_index, u.new_index, u.index_change) == (D("49.5"), D("84.5"), D("35"))
        assert (u.old_rank, u.new_rank, u.rank_change) == (2, 1, 1)
        assert (u.old_band, u.new_band) == ("C", "B")
        assert [d.index_change for d in u.domains] == [D("100") - D(old_d1), D(d2), D("50")]
        assert u.domains[1].old_rank == old_d2_rank
        assert (u.domains[2].old_rank, u.domains[2].new_rank) == (2, 2)  # tied on domain 3
    assert [u.unit_id for u in c.gains] == ["U2", "U3"]  # tie on +35: by unit id
    assert [u.unit_id for u in c.falls] == ["u1"]
    assert [(u.unit_id, u.index, u.rank) for u in c.entered] == [("H2", D("25"), 1)]
    assert [(u.unit_id, u.index, u.band) for u in c.left] == [("H1", D("41"), "C")]
    assert c.not_comparable == ()
    assert c.notes == ()


def test_other_criteria_compared_on_common_domains(here: Path) -> None:
    c = compare(load_side("2021.xlsx"), load_side("2022b.xlsx"))
    assert list(c.domains) == ["1", "2"]
    assert c.domains["2"] == "Cải cách thủ tục hành chính"
    assert [(n.id, n.kind, n.old_title, n.new_title) for n in c.not_comparable] == [
        ("2", "title_changed", "Thủ tục hành chính", "Cải cách thủ tục hành chính"),
        ("3", "only_old", "Điều tra xã hội học", None),
        ("4", "only_new", None, "Mức độ hài lòng"),
    ]
    assert len(c.notes) == 1
    assert "OLD uses tiny, NEW uses tiny-2022" in str(c.notes[0])
    u1 = next(u for u in c.units if u.unit_id == "u1")
    assert [(d.id, d.index_change) for d in u1.domains] == [("1", D("-37.5")),
                                                            ("2", D("-0.5"))]
    assert u1.index_change == D("-15.2")  # same points: only the domain ids moved


def test_json_results_equal_workbooks(here: Path) -> None:
    for year in ("2021", "2022b"):
        code, _, err = invoke("score", f"{year}.xlsx", "-o", f"{year}.json")
        assert code == 0, err
    code, from_books, err = invoke("compare", "2021.xlsx", "2022b.xlsx", "-f", "json")
    assert code == 0, err
    code, from_json, err = invoke("compare", "2021.json", "2022b.json", "--format", "json")
    assert code == 0, err
    books, jsons = json.loads(from_books), json.loads(from_json)
    assert (books.pop("old"), books.pop("new")) == (
        {"source": "2021.xlsx", "criteria": ["tiny"], "year": None, "label": "2021.xlsx"},
        {"source": "2022b.xlsx", "criteria": ["tiny-2022"], "year": None,
         "label": "2022b.xlsx"})
    assert jsons.pop("old")["source"] == "2021.json"
    assert jsons.pop("new")["source"] == "2022b.json"
    assert books == jsons
    assert err == ""  # no scoring warnings repeated for JSON sides
    # mixing the two works as well
    code, mixed, err = invoke("compare", "2021.json", "2022b.xlsx", "-f", "json")
    assert code == 0, err
    assert json.loads(mixed)["units"] == books["units"]


# --------------------------------------------------------------------------- CLI


def test_json_document(here: Path) -> None:
    code, out, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"parcalc", "old", "new", "precision", "domains", "units", "entered",
                        "left", "gains", "falls", "not_comparable", "notes"}
    assert "-15.2," in out  # exact, not -15.200000000000003
    u1 = by_id(doc)["u1"]
    assert {k: u1[k] for k in ("old_index", "new_index", "index_change", "old_rank",
                               "new_rank", "rank_change", "old_band", "new_band")} == {
        "old_index": 93.5, "new_index": 78.3, "index_change": -15.2, "old_rank": 1,
        "new_rank": 3, "rank_change": -2, "old_band": "A", "new_band": "C"}
    assert u1["domains"][0] == {"id": "1", "title": "Chỉ đạo, điều hành", "old_index": 100.0,
                                "new_index": 62.5, "index_change": -37.5, "old_rank": 1,
                                "new_rank": 3, "rank_change": -2}
    assert [g["unit_id"] for g in doc["gains"]] == ["U2", "U3"]
    assert [g["index_change"] for g in doc["falls"]] == [-15.2]
    assert [u["unit_id"] for u in doc["entered"]] == ["H2"]
    assert [u["unit_id"] for u in doc["left"]] == ["H1"]
    assert "Sở Nội vụ" in out  # ensure_ascii=False


def test_table(here: Path) -> None:
    code, out, err = invoke("compare", "2021.xlsx", "2022b.xlsx", "--width", "120")
    assert code == 0, err
    for text in ("Sở — compared", "93.50 → 78.30", "▼ -15.20", "▲ +35.00", "1 → 3",
                 "A → C", "Biggest gains", "U2  Sở Tài chính: ▲ +35.00",
                 "Entered (only in NEW)", "H2  Huyện Mỹ Đức [Huyện]: index 25.00",
                 "Left (only in OLD)", "H1  Huyện Ba Vì [Huyện]",
                 "domain 3 (Điều tra xã hội học) is only in OLD; not compared",
                 "domain 4 (Mức độ hài lòng) is only in NEW; not compared",
                 "domain 2 changed title", "criteria sets differ"):
        assert text in out, text
    assert "LV\n" not in out  # domain columns have their ids
    assert "+20.00" in out  # U3 on domain 2


def test_excel_reads_back(here: Path) -> None:
    code, out, err = invoke("compare", "2021.xlsx", "2022b.xlsx", "-o", "cmp.xlsx")
    assert code == 0, err
    assert out == ""
    assert "wrote cmp.xlsx (3 units compared)" in err
    book = openpyxl.load_workbook("cmp.xlsx")
    assert book.sheetnames == ["Compare", "Gains and falls", "Domains", "Notes"] == list(
        sheet_names())
    SHEET_UNITS, SHEET_MOVERS, SHEET_DOMAINS, SHEET_NOTES = book.sheetnames
    units = [list(r) for r in book[SHEET_UNITS].iter_rows(values_only=True)]
    # no year in these workbooks: the sides are named by their files
    assert units[0][0] == "PAR INDEX COMPARED: 2021.xlsx → 2022b.xlsx — Compare"
    assert units[1][:6] == ["Unit id", "Unit", "Group", "Group 2021.xlsx", "Index 2021.xlsx",
                            "Index 2022b.xlsx"]
    assert units[4] == ["u1", "Sở Nội vụ", "Sở", "Sở", 93.5, 78.3, -15.2, 1, 3, -2, "A", "C"]
    ws = book[SHEET_UNITS]
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:L5"
    assert ws["E3"].number_format == "0.00"
    assert ws["G3"].number_format == "+0.00;-0.00;0.00"
    assert ws.print_title_rows == "$1:$2"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    assert "&P/&N" in ws.oddFooter.right.text
    movers = [list(r) for r in book[SHEET_MOVERS].iter_rows(values_only=True)]
    assert [r[0] for r in movers[2:]] == ["U2", "U3", "u1"]  # two gains, then the fall
    assert [r[5] for r in movers[2:]] == [35.0, 35.0, -15.2]
    assert len(book[SHEET_MOVERS]._charts) == 1
    domains = [list(r) for r in book[SHEET_DOMAINS].iter_rows(values_only=True)]
    assert len(domains) == 2 + 3 * 2  # title, header, 3 units × the 2 common domains
    assert domains[-1][:8] == ["u1", "Sở Nội vụ", "Sở", "2", "Cải cách thủ tục hành chính",
                               83.75, 83.25, -0.5]
    notes = [list(r) for r in book[SHEET_NOTES].iter_rows(values_only=True)]
    assert [r[1] for r in notes[2:]] == ["H2", "H1", "2", "3", "4", None]
    assert notes[2][:7] == ["Entered", "H2", "Huyện Mỹ Đức", "Huyện", 25, 1, "C"]
    assert notes[-1][7].startswith("criteria sets differ")


def test_output_json_file_and_format_conflict(here: Path) -> None:
    code, out, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-o", "cmp.json")
    assert (code, out) == (0, ""), err
    doc = json.loads(Path("cmp.json").read_text(encoding="utf-8"))
    assert doc["falls"][0]["unit_id"] == "u1"
    code, _, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-f", "table", "-o", "cmp.xlsx")
    assert code == 2
    assert "--format table does not match the output file cmp.xlsx" in err
    code, _, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-o", "cmp.txt")
    assert code == 2
    code, _, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-f", "table", "-o", "cmp.txt")
    assert code == 0, err
    assert "93.50 → 78.30" in Path("cmp.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "the top level is a list, not an object"),
    ('{"units": []}', "no 'parcalc' key"),
    ('{"parcalc": "0.1.0", "units": [{"name": "x", "index": 1}]}', "units[0] has no 'unit_id'"),
    ('{"parcalc": "0.1.0", "units": [{"unit_id": "A", "index": "high"}]}',
     "units[0].index is a string, not a number or null"),
    ('{"parcalc": "0.1.0", "units": [{"unit_id": "A", "index": 1}, '
     '{"unit_id": "a", "index": 2}]}', "units[1]: unit id 'a' repeats units[0]"),
])
def test_bad_json_is_one_line_exit_1(here: Path, content: str, message: str) -> None:
    Path("bad.json").write_text(content, encoding="utf-8")
    code, out, err = invoke("compare", "bad.json", "2022.xlsx")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bad.json")
    assert message in lines[0]
    with pytest.raises(ParcalcError, match=r"not a parcalc results document|not valid JSON"):
        load_side("bad.json")


def test_missing_file_exit_2(here: Path) -> None:
    code, _, err = invoke("compare", "2021.xlsx", "missing.xlsx")
    assert code == 2
    assert "missing.xlsx" in err
    code, _, err = invoke("compare", "2021.xlsx", "2022.xlsx", "-o", "2022.xlsx")
    assert code == 2
    assert "is an input" in err


def test_help_has_an_example() -> None:
    code, out, _ = invoke("compare", "-h")
    assert code == 0
    assert "Example:" in out
    assert "parcalc compare" in out


def test_shipped_example_against_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("compare", "examples/2021.xlsx", "examples/2021.xlsx", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["units"]) == 52
    assert all(u["index_change"] == 0 and u["rank_change"] == 0 for u in doc["units"])
    assert all(d["index_change"] == 0 and d["rank_change"] == 0
               for u in doc["units"] for d in u["domains"])
    assert all(len(u["domains"]) == 8 for u in doc["units"])
    assert (doc["entered"], doc["left"], doc["gains"], doc["falls"]) == ([], [], [], [])
    assert (doc["not_comparable"], doc["notes"]) == ([], [])


def test_as_dict_matches_to_json(here: Path) -> None:
    c = compare(load_side("2021.xlsx"), load_side("2022.xlsx"))
    code, out, _ = invoke("compare", "2021.xlsx", "2022.xlsx", "-f", "json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(as_dict(c)))


def test_sides_are_named_by_their_years_else_their_files(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from parcalc.compare import side_labels

    monkeypatch.chdir(tmp_path)
    for year in ("2020", "2021"):
        code, _, err = invoke("score", str(ROOT / "examples" / f"{year}.xlsx"), "-o",
                              f"{year}.json")
        assert code == 0, err
    code, out, err = invoke("compare", "2020.json", "2021.json", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["old"]["year"], doc["old"]["label"], doc["new"]["label"]) == (2020, "2020",
                                                                             "2021")
    code, out, err = invoke("compare", "2020.json", "2021.json", "--width", "120")
    assert code == 0, err
    assert out.startswith("Year 2020 (OLD): 2020.json\nYear 2021 (NEW): 2021.json\n")
    assert "Sở, ngành — compared 2020 → 2021" in out
    assert side_labels("a/x.json", "b/x.json", 2021, 2021) == ("a/x.json", "b/x.json")
    assert side_labels("a/x.json", "b/y.json", None, 2021) == ("x.json", "y.json")
