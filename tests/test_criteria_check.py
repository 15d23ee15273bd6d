"""Criteria files through ``check_criteria`` and ``parcalc check`` / ``parcalc schema``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parcalc.cli import cli
from parcalc.criteria.load import check_criteria, load_criteria
from parcalc.errors import CriteriaError, Problem, UsageError
from parcalc.rules import ChoiceRule, YesNoRule
from tests.support import TINY_CRITERIA

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "criteria").glob("*.yaml"))
SCHEMA_FILE = ROOT / "criteria" / "parcalc-criteria.schema.json"

MakeFile = Callable[..., Path]

#: A valid file; tests replace one part of it. Line numbers below refer to this layout.
BASE = """\
parcalc: 1
id: base
title: Base
domains:
  - id: "1"
    title: D1
    max: 60
    criteria:
      - {id: "1.1", title: A, max: 20, rule: yes_no}
      - {id: "1.2", title: B, max: 40}
  - id: "2"
    title: D2
    max: 40
    rule: {type: choice, options: {Tốt: 40, Khá: 20}}
"""


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


def messages(path: Path) -> list[str]:
    return [str(p) for p in check_criteria(path)[1]]


def only(path: Path) -> Problem:
    _, problems = check_criteria(path)
    assert len(problems) == 1, problems
    return problems[0]


# --- shipped files ----------------------------------------------------------------------------

def test_there_are_shipped_files() -> None:
    assert len(SHIPPED) >= 3


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_file_is_clean(path: Path) -> None:
    criteria, problems = check_criteria(path)
    assert problems == []
    assert criteria is not None
    assert criteria.maximum == 100


def test_check_all_shipped_files_exits_0() -> None:
    result = invoke("check", *SHIPPED)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"{len(SHIPPED)} files checked: 0 errors, 0 warnings" in result.stderr


def test_check_a_folder_means_every_yaml_in_it() -> None:
    result = invoke("check", ROOT / "criteria")
    assert result.exit_code == 0, result.output
    assert f"{len(SHIPPED)} files checked" in result.stderr


def test_base_and_tiny_are_clean(criteria_file: MakeFile) -> None:
    assert check_criteria(criteria_file(BASE))[1] == []
    assert check_criteria(criteria_file(TINY_CRITERIA, "tiny.yaml"))[1] == []


# --- YAML-level problems ----------------------------------------------------------------------

def test_duplicate_key_with_its_line(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: D1\n", "title: D1\n    title: D1 again\n"))
    result = invoke("check", path)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{path}:7:5: duplicate key 'title' (first at line 6); remove one of them — YAML would "
        "silently keep only the last"]
    assert "1 file checked: 1 error, 0 warnings" in result.stderr


def test_every_duplicate_key_is_reported(criteria_file: MakeFile) -> None:
    text = BASE.replace("title: Base\n", "title: Base\nid: again\ntitle: Again\n")
    found = messages(criteria_file(text))
    assert [m.split(": ", 1)[1].split(" (")[0] for m in found] == [
        "duplicate key 'id'", "duplicate key 'title'"]


def test_yaml_syntax_error_has_a_line(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("max: 60", "max: [60"))
    problem = only(path)
    assert problem.location is not None and problem.location.line is not None
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith("; check indentation and quoting")


def test_empty_file(criteria_file: MakeFile) -> None:
    assert messages(criteria_file("")) == [
        f"{criteria_file('')}:1:1: the file is empty; start it with `parcalc: 1`"]


def test_missing_format_version(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("parcalc: 1\n", ""))
    assert only(path).message == ("missing `parcalc: 1` (the format version); add it as the "
                                  "first line")


def test_unsupported_format_version(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("parcalc: 1", "parcalc: 2"))
    assert str(only(path)) == f"{path}:1:10: format version 2 is not supported; write `parcalc: 1`"


def test_python_object_tag_is_refused_safely(criteria_file: MakeFile, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = BASE.replace(
        "title: Base",
        f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
        "note_tag: !!python/name:os.system")
    path = criteria_file(text)
    result = invoke("check", path)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert not marker.exists()
    assert f"{path}:4:11: unsupported YAML tag tag:yaml.org,2002:python/name:os.system; " \
           "write a plain value instead" in lines(result)


def test_python_object_tag_on_a_scalar(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: Base", "title: !!python/object:os.system x"))
    with pytest.raises(CriteriaError) as info:
        load_criteria(path)
    assert any("unsupported YAML tag" in p.message for p in info.value.problems)


def test_python_object_tag_on_a_mapping_is_reported(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: {type: choice",
                                      "rule: !!python/object:os.system {type: choice"))
    result = invoke("check", path)
    assert result.exit_code == 1
    assert "unsupported YAML tag" in result.stdout


def test_top_level_must_be_a_mapping(criteria_file: MakeFile) -> None:
    path = criteria_file("- parcalc: 1\n")
    assert messages(path) == [
        f"{path}:1:1: a criteria file is a mapping that starts with `parcalc: 1`"]


def test_yaml_no_stays_text(criteria_file: MakeFile) -> None:
    text = BASE.replace("{Tốt: 40, Khá: 20}", "{YES: 40, NO: 0, off: 10, On: 20}")
    criteria = load_criteria(criteria_file(text))
    rule = criteria.domains[1].rule
    assert isinstance(rule, ChoiceRule)
    assert list(rule.options) == ["YES", "NO", "off", "On"]


def test_yaml_no_as_title_stays_text(criteria_file: MakeFile) -> None:
    criteria = load_criteria(criteria_file(BASE.replace("title: D2", "title: NO")))
    assert criteria.domains[1].title == "NO"


# --- schema problems --------------------------------------------------------------------------

def test_unquoted_id_is_read_as_a_number(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace('id: "1.1"', "id: 1.10"))
    assert messages(path) == [f'{path}:9:14: id 1.10 is read as a number; quote it: id: "1.10"']


def test_unquoted_integer_id(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace('id: "2"', "id: 2"))
    assert messages(path) == [f'{path}:11:9: id 2 is read as a number; quote it: id: "2"']


def test_unknown_key_lists_allowed_keys(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("    max: 40\n", "    max: 40\n    colour: red\n"))
    assert messages(path) == [
        f"{path}:14:5: unknown key 'colour'; allowed here: id, title, max, criteria, rule, note, "
        "guide"]


def test_unknown_top_level_key_lists_allowed_keys(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: Base\n", "title: Base\nyaer: 2021\n"))
    assert messages(path) == [
        f"{path}:4:1: unknown key 'yaer'; did you mean 'year'? allowed here: parcalc, id, "
        "title, year, precision, ties, not_applicable, bands, answers, adjustments, domains"]


def test_unknown_rule_key_lists_the_rule_keys(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: yes_no, yess: 2}"))
    assert messages(path) == [
        f"{path}:9:61: unknown key 'yess'; did you mean 'yes'? allowed here: type, yes, no"]


def test_unknown_rule_type(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: magic}"))
    assert messages(path) == [
        f"{path}:9:53: unknown rule type 'magic'; use one of: points, yes_no, choice, "
        "threshold, linear, per_item, deduction, survey"]


def test_unknown_rule_type_shorthand(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: yesno"))
    assert [m.split(": ", 1)[1] for m in messages(path)] == [
        "unknown rule type 'yesno'; did you mean 'yes_no'? use one of: points, yes_no, choice, "
        "threshold, linear, per_item, deduction, survey"]


def test_rule_shorthand_is_accepted(criteria_file: MakeFile) -> None:
    criteria = load_criteria(criteria_file(BASE))
    leaf = criteria.domains[0].criteria[0]  # type: ignore[index]
    assert isinstance(leaf.rule, YesNoRule)
    assert leaf.rule == YesNoRule()


def test_leaf_without_rule_uses_points(criteria_file: MakeFile) -> None:
    criteria = load_criteria(criteria_file(BASE))
    leaf = criteria.domains[0].criteria[1]  # type: ignore[index]
    assert leaf.rule is None
    assert leaf.leaf_rule.type == "points"


def test_set_id_must_be_a_slug(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("id: base", "id: Hà Nội"))
    assert messages(path) == [
        f"{path}:2:5: id 'Hà Nội' is not a slug; use lowercase letters, digits, '-', '.' or '_' "
        "(e.g. hanoi-departments-2021)"]


def test_missing_key(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("    title: D2\n", ""))
    assert messages(path) == [f"{path}:11:5: missing key 'title'; add `title: …` here"]


# --- consistency ------------------------------------------------------------------------------

def test_inner_max_differs_from_children_sum(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("max: 60", "max: 65"))
    result = invoke("check", path)
    assert result.exit_code == 1
    assert lines(result) == [
        f"{path}:7:10: max 65 of '1' differs from the sum of its criteria, 60; fix max or the "
        "criteria's maxima",
        f"{path}:4:1: warning: the domains' maxima add up to 105, not 100",
    ][::-1]


def test_inner_max_sum_is_exact_decimal(criteria_file: MakeFile) -> None:
    text = BASE.replace("max: 20, rule: yes_no", "max: 0.1, rule: yes_no").replace(
        "max: 40}", "max: 0.2}\n      - {id: \"1.3\", title: C, max: 59.7}")
    assert check_criteria(criteria_file(text))[1] == []  # 0.1 + 0.2 + 59.7 is 60 exactly


def test_inner_max_may_be_left_out(criteria_file: MakeFile) -> None:
    criteria = load_criteria(criteria_file(BASE.replace("    max: 60\n", "")))
    assert criteria.domains[0].maximum == 60


def test_duplicate_ids(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace('id: "1.2"', 'id: "1.1"'))
    assert messages(path) == [
        f"{path}:10:14: duplicate id '1.1' (first at line 9); ids must be unique"]


def test_duplicate_ids_ignore_case(criteria_file: MakeFile) -> None:
    text = BASE.replace('id: "1.1"', 'id: "a"').replace('id: "1.2"', 'id: "A"')
    assert [m.split(": ", 1)[1] for m in messages(criteria_file(text))] == [
        "duplicate id 'A' (first at line 9); ids must be unique"]


def test_total_not_100_is_a_warning(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("max: 40\n    rule", "max: 30\n    rule").replace(
        "Tốt: 40", "Tốt: 30"))
    result = invoke("check", path)
    assert result.exit_code == 0, result.output
    assert lines(result) == [f"{path}:4:1: warning: the domains' maxima add up to 90, not 100"]
    assert "1 file checked: 0 errors, 1 warning" in result.stderr
    load_criteria(path)  # a warning does not stop loading


def test_bands_out_of_order(criteria_file: MakeFile) -> None:
    text = BASE.replace("domains:\n", "bands:\n  - {label: B, min: 80}\n  - {label: A, min: 90}\n"
                                      "domains:\n")
    path = criteria_file(text)
    assert messages(path) == [
        f"{path}:6:21: band 'A' (min 90) can never match: list bands from the highest min down"]


def test_band_label_used_twice(criteria_file: MakeFile) -> None:
    text = BASE.replace("domains:\n", "bands:\n  - {label: A, min: 90}\n  - {label: a, min: 80}\n"
                                      "domains:\n")
    assert [m.split(": ", 1)[1] for m in messages(criteria_file(text))] == [
        "band label 'a' is used twice"]


def test_undefined_answer_scale(criteria_file: MakeFile) -> None:
    survey = 'rule: {type: survey, questions: [Q1], answers: abcd}'
    path = criteria_file(BASE.replace("rule: yes_no", survey))
    assert messages(path) == [
        f"{path}:9:87: '1.1': answer scale 'abcd' is not defined; add it under `answers:` at the "
        "top (defined: none defined)"]


def test_defined_answer_scale_is_fine(criteria_file: MakeFile) -> None:
    survey = 'rule: {type: survey, questions: [Q1], answers: abcd}'
    text = BASE.replace("rule: yes_no", survey).replace(
        "domains:\n", "answers:\n  abcd: {A: 1, B: 0.5, C: 0}\ndomains:\n")
    assert check_criteria(criteria_file(text))[1] == []


def test_answer_scale_outside_0_1(criteria_file: MakeFile) -> None:
    text = BASE.replace("domains:\n", "answers:\n  abcd: {A: 2, B: 0}\ndomains:\n")
    assert [m.split(": ", 1)[1] for m in messages(criteria_file(text))] == [
        "answer 'A' is worth 2; a scale gives fractions from 0 to 1"]


def test_rule_problems_are_located_in_the_rule(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("Tốt: 40", "Tốt: 45"))
    assert messages(path) == [
        f"{path}:14:41: '2': option 'Tốt' earns 45, outside 0..40 (the leaf's max)"]


def test_threshold_problems(criteria_file: MakeFile) -> None:
    rule = "rule: {type: threshold, steps: [{min: 70, points: 5}, {above: 90, points: 30}]}"
    path = criteria_file(BASE.replace("rule: yes_no", rule))
    assert [m.split(": ", 1)[1] for m in messages(path)] == [
        "'1.1': step 2 (> 90: 30) can never match: step 1 (≥ 70: 5) comes first and catches "
        "every value it would; order the steps from the strictest bound down",
        "'1.1': step 2 earns 30, outside 0..20 (the leaf's max)",
    ]


def test_yes_above_max(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("rule: yes_no", "rule: {type: yes_no, yes: 25}"))
    assert [m.split(": ", 1)[1] for m in messages(path)] == [
        "'1.1': yes: 25, outside 0..20 (the leaf's max)"]


def test_node_with_criteria_and_rule(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("    max: 60\n", "    max: 60\n    rule: yes_no\n"))
    assert [m.split(": ", 1)[1] for m in messages(path)] == [
        "'1' has both criteria and a rule; a node is either inner (criteria) or a leaf (rule)"]


def test_leaf_without_max(criteria_file: MakeFile) -> None:
    path = criteria_file(BASE.replace("title: B, max: 40", "title: B"))
    assert [m.split(": ", 1)[1] for m in messages(path)] == [
        "max 60 of '1' differs from the sum of its criteria, 20; fix max or the criteria's maxima",
        "leaf '1.2' has no max; add `max: …`",
    ]


# --- many problems at once --------------------------------------------------------------------

MANY = """\
parcalc: 1
id: many
title: Many
bands:
  - {label: B, min: 80}
  - {label: A, min: 90}
domains:
  - id: "1"
    title: D1
    max: 50
    criteria:
      - {id: "a", title: A, max: 10, rule: {type: yes_no, yes: 11}}
      - {id: "a", title: B, max: 10, rule: {type: choice, options: {X: 12}}}
  - id: "2"
    title: D2
    max: 30
    criteria:
      - {id: "2.1", title: S, max: 20, rule: {type: survey, questions: [Q1], answers: xyz}}
      - {id: "2.2", title: C, max: 5}
"""


def test_all_problems_in_one_run(criteria_file: MakeFile) -> None:
    path = criteria_file(MANY)
    result = invoke("check", path)
    assert result.exit_code == 1
    out = lines(result)
    assert len(out) == 8, out
    assert all(line.startswith(f"{path}:") for line in out)
    assert [int(line.split(":")[1]) for line in out] == sorted(
        int(line.split(":")[1]) for line in out)
    assert "1 file checked: 7 errors, 1 warning" in result.stderr
    texts = "\n".join(out)
    for piece in ("band 'A'", "add up to 80", "max 50 of '1'", "duplicate id 'a'", "yes: 11",
                  "option 'X' earns 12", "max 30 of '2'", "answer scale 'xyz'"):
        assert piece in texts


def test_all_schema_problems_in_one_run(criteria_file: MakeFile) -> None:
    text = MANY.replace('id: "1"', "id: 1").replace("title: D2", "title: D2\n    colour: red")
    text = text.replace("title: Many", "title: Many\ntitle: Again")
    found = messages(criteria_file(text))
    joined = "\n".join(found)
    for piece in ("duplicate key 'title'", 'quote it: id: "1"', "duplicate id 'a'",
                  "unknown key 'colour'", "band 'A'"):
        assert piece in joined, found


def test_consistency_problems_reported_alongside_schema_problems(criteria_file: MakeFile) -> None:
    text = MANY.replace("title: D2", "title: D2\n    colour: red")
    found = messages(criteria_file(text))
    assert any("unknown key 'colour'" in m for m in found)
    assert any("band 'A'" in m for m in found)
    assert any("yes: 11" in m for m in found)


def test_several_files_at_once(criteria_file: MakeFile) -> None:
    good = criteria_file(BASE, "good.yaml")
    bad = criteria_file(BASE.replace("max: 60", "max: 61"), "bad.yaml")
    result = invoke("check", good, bad, SHIPPED[0])
    assert result.exit_code == 1
    assert "3 files checked: 1 error, 1 warning" in result.stderr
    assert all(line.startswith(f"{bad}:") for line in lines(result))


# --- exit codes and formats -------------------------------------------------------------------

def test_exit_codes(criteria_file: MakeFile, tmp_path: Path) -> None:
    assert invoke("check", criteria_file(BASE, "ok.yaml")).exit_code == 0
    assert invoke("check", criteria_file(BASE + "foo: 1\n", "bad.yaml")).exit_code == 1
    missing = invoke("check", tmp_path / "missing.yaml")
    assert missing.exit_code == 2
    assert "missing.yaml" in missing.stderr
    assert invoke("check").exit_code == 2


def test_check_criteria_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such criteria file"):
        check_criteria(tmp_path / "missing.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.replace("Base", "Cơ sở").encode("utf-16"))
    result = invoke("check", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "save the file as UTF-8" in result.stdout


def test_json_format(criteria_file: MakeFile) -> None:
    good = criteria_file(BASE, "good.yaml")
    bad = criteria_file(MANY, "many.yaml")
    result = invoke("check", "--format", "json", good, bad)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    assert (doc["errors"], doc["warnings"]) == (7, 1)
    assert [f["file"] for f in doc["files"]] == [str(good), str(bad)]
    assert [f["ok"] for f in doc["files"]] == [True, False]
    assert doc["files"][0]["problems"] == []
    problems = doc["files"][1]["problems"]
    assert len(problems) == 8
    assert problems[0] == {
        "severity": "error", "file": str(bad), "line": 6, "column": 21, "sheet": None,
        "cell": None,
        "message": "band 'A' (min 90) can never match: list bands from the highest min down"}
    assert sum(p["severity"] == "warning" for p in problems) == 1


def test_json_format_clean() -> None:
    result = invoke("check", "--format", "json", *SHIPPED)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["ok"] is True and doc["errors"] == 0
    assert len(doc["files"]) == len(SHIPPED)


# --- schema -----------------------------------------------------------------------------------

def test_schema_matches_the_committed_file() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "the JSON Schema drifted from the models; regenerate it with "
        "`parcalc schema > criteria/parcalc-criteria.schema.json` and commit it")


def test_schema_is_json_with_the_rule_shorthand() -> None:
    schema = json.loads(invoke("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    rule = schema["$defs"]["Node"]["properties"]["rule"]["anyOf"][0]
    assert rule["type"] == "string"
    assert "yes_no" in rule["enum"]
    assert set(schema["required"]) >= {"parcalc", "id", "title", "domains"}


def test_shipped_files_point_editors_at_the_schema() -> None:
    for path in SHIPPED:
        assert "$schema=parcalc-criteria.schema.json" in path.read_text(encoding="utf-8"), path


def test_pre_commit_hook_is_shipped() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: parcalc check" in text
