"""What the commands say: in Vietnamese by default (exact text of a real error and of a
header, per command group), English with --lang en, help for every option, and export's
warning count in words a user can act on."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import openpyxl
import pytest

from tests.support import TINY_CRITERIA, invoke, tiny_sheets, write_workbook

# --------------------------------------------------------------------------- help


def test_every_option_of_every_command_has_help() -> None:
    from parcalc.cli import COMMANDS, cli

    missing = []
    with click.Context(cli, info_name="parcalc", **cli.context_settings) as group:
        commands = [cli, *(cli.get_command(group, n) for n in sorted(COMMANDS))]
        for command in commands:
            assert command is not None and command.name
            ctx = click.Context(command, info_name=command.name, parent=group,
                                **command.context_settings)  # its own -h/--help
            options = [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
            assert "-h" in options[-1].opts, command.name
            missing += [f"{command.name} {p.opts[0]}" for p in options
                        if not (p.help or "").strip()]
    assert missing == []


# --------------------------------------------------------------------------- export


def test_export_says_how_to_see_the_warnings(here: Path) -> None:
    sheets = tiny_sheets()
    sheets["scores"] = [r for r in sheets["scores"] if r[:2] not in (["U1", "2.1"],
                                                                     ["U2", "2.1"])]
    (here / "in").mkdir()
    write_workbook(here / "in" / "2021.xlsx", sheets)
    code, _, err = invoke("export", "in", "--out-dir", "out", "-c", "tiny.yaml")
    assert code == 0, err
    lines = err.splitlines()
    assert lines == [
        f"wrote {Path('out') / '2021-report.xlsx'} (3 units, 2 warnings: run "
        f"`parcalc score {Path('in') / '2021.xlsx'} -c tiny.yaml` to see them)",
        "1 of 1 reports written",
    ]
    command = lines[0].split("`")[1]
    code, _, err = invoke(*shlex.split(command)[1:], "-f", "json")
    assert code == 0
    assert len([line for line in err.splitlines() if "warning: " in line]) == 2


def test_export_without_warnings_counts_the_units(here: Path) -> None:
    code, _, err = invoke("export", "tiny.xlsx", "--out-dir", "out", "-c", "tiny.yaml")
    assert code == 0
    assert err.splitlines()[0] == f"wrote {Path('out') / 'tiny-report.xlsx'} (3 units)"


# --------------------------------------------------------------------------- Vietnamese


def test_score_in_vietnamese(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.pdf")
    assert (code, err) == (2, "r.pdf: không biết định dạng theo đuôi tệp; dùng đuôi .xlsx, "
                              ".json, .csv, hoặc thêm --format\n")
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.json")
    assert (code, err) == (0, "đã ghi r.json (3 đơn vị)\n")
    code, out, _ = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--width", "80")
    assert "┃ Hạng ┃ Đơn vị " in out


def test_score_summary_line_in_vietnamese(here: Path, vietnamese: None) -> None:
    sheets = tiny_sheets()
    sheets["scores"][2] = ["U1", "1.2", None, "nhiều"]
    sheets["scores"][3] = ["U1", "2.1", None, "abc"]
    write_workbook(Path("bad.xlsx"), sheets)
    code, out, err = invoke("score", "bad.xlsx", "-c", "tiny.yaml")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == "2 lỗi (scores: 2); chưa tính điểm, chưa ghi tệp nào"


def test_into_workbook_in_vietnamese(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--into-workbook")
    assert (code, err) == (0, "đã ghi tiny-parcalc.xlsx (đã thêm trang tính kết quả)\n")
    assert openpyxl.load_workbook("tiny-parcalc.xlsx").sheetnames[-2:] == [
        "Kết quả CCHC", "Kết quả chi tiết"]
    code, _, err = invoke("score", "tiny.xlsx", "-c", "tiny.yaml", "--into-workbook")
    assert (code, err) == (2, "tiny-parcalc.xlsx: tệp đã có; thêm --force để ghi đè\n")


def test_report_in_vietnamese(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("report", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.txt")
    assert (code, err) == (2, "r.txt: báo cáo là tệp .xlsx (bảng tính) hoặc .docx (phụ lục, "
                              "Word); đặt tên tệp đuôi .xlsx hoặc .docx\n")
    code, _, err = invoke("report", "tiny.xlsx", "-c", "tiny.yaml", "-o", "r.xlsx")
    assert (code, err) == (0, "đã ghi r.xlsx (3 đơn vị)\n")
    book = openpyxl.load_workbook("r.xlsx")
    assert book.sheetnames[0] == "Xếp hạng Sở"
    assert "Tên đơn vị" in [c.value for c in book["Xếp hạng Sở"][4]]


@pytest.fixture
def years(here: Path) -> Path:
    sheets = tiny_sheets()
    sheets["scores"][1] = ["U1", "1.1", "có", "không"]
    write_workbook(here / "2022.xlsx", sheets)
    return here


def test_compare_in_vietnamese(years: Path, vietnamese: None) -> None:
    Path("bad.json").write_text("[1, 2]", encoding="utf-8")
    code, _, err = invoke("compare", "bad.json", "2022.xlsx", "-c", "tiny.yaml")
    assert code == 1
    assert err == ("bad.json: không phải tệp kết quả của parcalc: cấp ngoài cùng là một danh "
                   "sách, không phải một đối tượng; cần tệp JSON do 'parcalc score -f json' "
                   "ghi ra\n")
    code, out, err = invoke("compare", "tiny.xlsx", "2022.xlsx", "-c", "tiny.yaml", "--width",
                            "100")
    assert code == 0, err
    assert out.startswith("Năm cũ: tiny.xlsx\nNăm mới: 2022.xlsx\n"
                          "Sở — so sánh tiny.xlsx → 2022.xlsx\n")
    assert "┃ Đơn vị       ┃      Chỉ số % ┃ Thay đổi ┃  Hạng ┃ ± ┃ Xếp loại ┃" in out
    assert "Unit" not in out and "Index" not in out
    code, _, err = invoke("compare", "tiny.xlsx", "2022.xlsx", "-c", "tiny.yaml", "-o", "c.xlsx")
    assert (code, err) == (0, "đã ghi c.xlsx (đã so sánh 3 đơn vị)\n")
    book = openpyxl.load_workbook("c.xlsx")
    assert book.sheetnames == ["So sánh", "Tăng giảm", "Lĩnh vực", "Ghi chú"]
    assert book["So sánh"]["A1"].value == ("SO SÁNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH tiny.xlsx → "
                                           "2022.xlsx — So sánh")
    assert [c.value for c in book["So sánh"][2]][:6] == [
        "Mã đơn vị", "Tên đơn vị", "Khối", "Khối tiny.xlsx", "Chỉ số tiny.xlsx",
        "Chỉ số 2022.xlsx"]


def test_compare_in_english_only(years: Path, vietnamese: None) -> None:
    code, out, _ = invoke("compare", "tiny.xlsx", "2022.xlsx", "-c", "tiny.yaml", "--lang", "en")
    assert code == 0
    assert out.startswith("OLD: tiny.xlsx\nNEW: 2022.xlsx\nSở — compared tiny.xlsx → 2022.xlsx\n")
    for word in ("Đơn vị", "Chỉ số", "Hạng", "Xếp loại", "so sánh"):
        assert word not in out


def test_explain_in_vietnamese(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("explain", "tiny.xlsx", "U3", "-c", "tiny.yaml")
    assert (code, err) == (2, "không có đơn vị 'U3' trong tiny.xlsx; có phải là U1, U2?\n")
    code, out, err = invoke("explain", "tiny.xlsx", "U2", "-c", "tiny.yaml", "--width", "100")
    assert code == 0, err
    assert out.splitlines()[1:3] == ["Điểm 49.50 / 100.00 · Chỉ số 49.50 %",
                                     "Hạng 2 / 2 · Khối Sở · Xếp loại C"]
    assert "┃ Mã  ┃ Tiêu chí                  ┃   Mất ┃  Điểm ┃ Tối đa ┃ Giá trị      ┃" in out
    assert "Hạng kế trên: 1 · U1 Sở Nội vụ (93.50 %) — cần thêm 44.00 điểm" in out
    assert "Points" not in out and "Rank" not in out


def test_template_in_vietnamese(tmp_path: Path, vietnamese: None) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    code, _, err = invoke("template", tmp_path / "tiny.yaml", "-o", tmp_path / "t.txt")
    assert (code, err) == (2, f"{tmp_path / 't.txt'}: biểu mẫu là tệp .xlsx; đặt tên tệp đuôi "
                              ".xlsx\n")
    (tmp_path / "units.csv").write_bytes(b"unit_id,name\r\nSNV,S\x81\r\n")
    code, _, err = invoke("template", tmp_path / "tiny.yaml", "-o", tmp_path / "t.xlsx",
                          "--units", tmp_path / "units.csv")
    assert (code, err) == (1, f"{tmp_path / 'units.csv'}: không phải văn bản UTF-8, UTF-16 hay "
                              "Windows-1258 (tại ký tự thứ 19); mở tệp bằng Excel và lưu lại "
                              "dạng “CSV UTF-8 (Comma delimited)”\n")
    for layout, sheet, row, headers in [
            ("long", "scores", 1, ["unit_id", "criterion_id", "Tiêu chí", "Điểm tối đa",
                                   "self_value", "value", "evidence", "note"]),
            ("per-unit", "Mẫu", 4, ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá",
                                    "Điểm thẩm định", "Tài liệu kiểm chứng", "Ghi chú"])]:
        out = tmp_path / f"{layout}.xlsx"
        code, _, err = invoke("template", tmp_path / "tiny.yaml", "-o", out, "--layout", layout)
        assert (code, err) == (0, f"đã ghi {out} ({layout}, 0 đơn vị, 5 tiêu chí)\n")
        ws = openpyxl.load_workbook(out)[sheet]
        assert [c.value for c in ws[row]][:len(headers)] == headers
    assert openpyxl.load_workbook(tmp_path / "per-unit.xlsx")["Mẫu"]["A1"].value == (
        "PHIẾU CHẤM ĐIỂM CHỈ SỐ CCHC — Bộ tiêu chí thử")


def test_template_in_english_scores_as_is(tmp_path: Path) -> None:
    """English headers are names the readers know: a filled English form scores."""
    from parcalc.api import score_file

    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    (tmp_path / "units.csv").write_text("unit_id,name,group\nU1,Sở Nội vụ,Sở\n", "utf-8")
    out = tmp_path / "form.xlsx"
    code, _, err = invoke("template", tmp_path / "tiny.yaml", "-o", out, "--layout", "per-unit",
                          "--units", tmp_path / "units.csv")
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    ws = book["U1"]
    assert [c.value for c in ws[4]] == ["Criterion id", "Title", "Max", "Self value", "Value",
                                        "Evidence", "Note"]
    assert ws["A2"].value == "Unit: Sở Nội vụ"
    values = {"1.1": "có", "1.2": 95, "2.1": 18.5, "2.2": "Khá"}
    for row in ws.iter_rows(min_row=5):
        if row[0].value in values:
            row[4].value = values[row[0].value]
    book.save(out)
    results = score_file(out)
    assert results.unit_records()[0]["points"] == 10 + 30 + 18.5 + 15


def test_export_in_vietnamese(here: Path, vietnamese: None) -> None:
    code, _, err = invoke("export", "tiny.xlsx", "--out-dir", "out", "-c", "tiny.yaml")
    assert (code, err) == (0, f"đã ghi {Path('out') / 'tiny-report.xlsx'} (3 đơn vị)\n"
                              "đã ghi 1 trên 1 báo cáo\n")
    code, _, err = invoke("export", "tiny.xlsx", "--out-dir", "out", "-c", "tiny.yaml")
    assert (code, err) == (2, f"{Path('out') / 'tiny-report.xlsx'}: tệp đã có; thêm --force để "
                              "ghi đè\n")


def test_check_in_vietnamese(vietnamese: None) -> None:
    root = Path(__file__).parents[1]
    code, out, err = invoke("check", root / "criteria")
    assert (code, out, err) == (0, "", "đã kiểm tra 3 tệp: 0 lỗi, 0 cảnh báo\n")


# --------------------------------------------------------------------------- click's errors


def test_click_messages_in_the_catalogue_are_clicks_own() -> None:
    """The [click] table finds a message by its English text: each must be click's, byte for
    byte (a click that rewords one falls back to English; this names it)."""
    import click as click_module

    from parcalc.i18n import catalogue

    source = "".join(p.read_text(encoding="utf-8")
                     for p in Path(click_module.__file__).parent.glob("*.py"))
    english = [v for k, entry in catalogue("en").items() if k.startswith("click.")
               for v in (entry.values() if isinstance(entry, dict) else [entry])]
    assert len(english) > 20
    assert [t for t in english if repr(t)[1:-1] not in source and f'"{t}"' not in source] == []


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    from parcalc.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    return int(exit_.value.code or 0), capsys.readouterr().err.splitlines()


def test_clicks_usage_errors_in_vietnamese(here: Path, vietnamese: None,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(capsys, "explain") == (2, [
        "Usage: parcalc explain [OPTIONS] WORKBOOK UNIT_ID",
        "Chạy 'parcalc explain --help' để xem hướng dẫn.", "",
        "Lỗi: Thiếu đối số 'WORKBOOK'."])
    assert usage_error(capsys, "score", "tiny.xlsx", "--format", "pdf")[1][-1] == (
        "Lỗi: Giá trị không hợp lệ cho '-f' / '--format': 'pdf' không phải một trong 'table', "
        "'json', 'csv'.")
    assert usage_error(capsys, "score", "missing.xlsx")[1][-1] == (
        "Lỗi: Giá trị không hợp lệ cho 'WORKBOOK...': 'missing.xlsx' không tồn tại; kiểm tra "
        "lại đường dẫn")
    assert usage_error(capsys, "score", "tiny.xlsx", "--widht", "80")[1][-1] == (
        "Lỗi: Không có tùy chọn '--widht'. Có phải là '--width'?")


def test_clicks_usage_errors_follow_lang(here: Path, vietnamese: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """--lang is read before click parses: even an unknown option is told in English."""
    assert usage_error(capsys, "score", "tiny.xlsx", "--widht", "80", "--lang", "en")[1][-2:] == [
        "", "Error: No such option '--widht'. Did you mean '--width'?"]
    code, lines = usage_error(capsys, "score", "tiny.xlsx", "-o", ".", "--lang=en")
    assert (code, lines[-1]) == (2, "Error: Invalid value for '-o' / '--output': '.' is a "
                                    "folder; give a file")


def test_keys_made_at_run_time_exist() -> None:
    """Keys built from a name (f"into.lost.{key}") escape test_i18n's scan of literal keys."""
    import re
    import typing

    from parcalc import compare, compare_sides, into, template
    from parcalc.i18n import catalogue
    from parcalc.render import compare as render

    keys = [f"into.lost.{k}" for _, _, k in into._CHECKS]
    keys += [f"template.form.{c}" for c in template.FORM_COLUMNS]
    keys += [f"compare.head.{c}" for c in (*render.UNIT_COLUMNS, *render.DOMAIN_COLUMNS,
                                           *render.NOTE_COLUMNS)]
    kinds = ("entered", "left", "note", *typing.get_args(compare.NoteKind))
    keys += [f"compare.note_kind.{k}" for k in kinds]
    source = Path(compare_sides.__file__).read_text(encoding="utf-8")
    keys += [f"compare.json.{k}" for k in re.findall(r'_Invalid\("([a-z_]+)"', source)]
    kind = source.split("def _kind(")[1].split("return msg")[0]  # the kinds it names
    keys += [f"compare.kind.{k}" for k in re.findall(r'"([a-z]+)"', kind)]
    assert len(keys) > 40
    for lang in ("en", "vi"):
        assert [k for k in keys if k not in catalogue(lang)] == [], lang
