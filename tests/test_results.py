"""Results once scored: unchangeable, only documented columns, one list of domain columns."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcalc.criteria.load import load_criteria
from parcalc.engine import score
from parcalc.errors import Problem
from parcalc.results import FRAME_COLUMNS, DomainColumn, Results
from parcalc.workbook import read_workbook
from tests.support import write_workbook

SET_A = """\
parcalc: 1
id: set-a
title: A
domains:
  - {id: "1", title: Một, max: 60}
  - {id: "2", title: Hai, max: 40}
"""
SET_B = """\
parcalc: 1
id: set-b
title: B
domains:
  - {id: "2", title: Hai (B), max: 30}
  - {id: "3", title: Ba, max: 70}
"""


@pytest.fixture
def results(tmp_path: Path) -> Results:
    """Unit U in group Sở scored with set A, unit H in group Huyện with set B."""
    (tmp_path / "a.yaml").write_text(SET_A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SET_B, encoding="utf-8")
    book = write_workbook(tmp_path / "w.xlsx", {
        "units": [["unit_id", "name", "group"], ["U", "Sở A", "Sở"], [10, "Huyện B", "Huyện"]],
        "scores": [["unit_id", "criterion_id", "value"], ["U", "1", 30], ["U", "2", 40],
                   [10, "2", 15], [10, "3", 70]],
    })
    criteria = {"Sở": load_criteria(tmp_path / "a.yaml"),
                "Huyện": load_criteria(tmp_path / "b.yaml")}
    return score(read_workbook(book), criteria)


def test_frames_have_exactly_the_documented_columns(results: Results) -> None:
    for name, columns in FRAME_COLUMNS.items():
        frame = getattr(results, name)
        assert list(frame.columns) == columns, name
        assert all(isinstance(u, str) for u in frame["unit_id"]), name
        doc = getattr(Results, name).__doc__
        assert all(f"``{c}``" in doc for c in columns), (name, doc)
    assert results.units["unit_id"].tolist() == ["U", "10"]  # a numeric id is text too


def test_changing_a_frame_one_got_leaves_the_results_as_they_are(results: Results) -> None:
    units = results.units
    units.loc[0, "points"] = -1.0
    units["extra"] = 1
    details = results.details
    del details["note"]
    assert results.units.loc[0, "points"] == 70.0
    assert list(results.units.columns) == FRAME_COLUMNS["units"]
    assert list(results.details.columns) == FRAME_COLUMNS["details"]
    with pytest.raises(ValueError, match="read-only"):
        results.nodes["points"].to_numpy()[0] = 5.0
    results.warnings.append(Problem("added by the caller"))
    assert results.warnings == []


def test_results_cannot_be_reassigned(results: Results) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.workbook = "other.xlsx"  # type: ignore[misc]
    with pytest.raises(TypeError):
        results.criteria["set-c"] = results.criteria["set-a"]  # type: ignore[index]


def test_a_results_object_refuses_undocumented_columns(results: Results) -> None:
    units = results.units.assign(order=0)
    with pytest.raises(ValueError, match=r"Results\.units: columns"):
        dataclasses.replace(results, _units=units)


def test_domain_list_is_the_union_over_the_sets_in_criteria_order(results: Results) -> None:
    assert results.domain_list() == [DomainColumn("1", "Một", 60.0),
                                     DomainColumn("2", "Hai", 40.0),
                                     DomainColumn("3", "Ba", 70.0)]
    assert results.domains.groupby("unit_id")["id"].agg(list).to_dict() == {
        "U": ["1", "2"], "10": ["2", "3"]}


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.floats(allow_nan=True, allow_infinity=True))
_DOCS = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=25)


@given(_DOCS)
@settings(max_examples=300, deadline=None)
def test_json_is_written_as_python_indents_it(doc: object) -> None:
    """The fast writer of ``-f json`` gives the text of ``json.dumps(indent=2)``."""
    from parcalc.render.jsonout import dumps

    assert dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_json_of_results_is_written_as_python_indents_it() -> None:
    from parcalc.api import score_file
    from parcalc.render.jsonout import to_json

    results = score_file(Path(__file__).resolve().parent.parent / "examples" / "2021.xlsx")
    assert to_json(results) == json.dumps(results.as_dict(), ensure_ascii=False,
                                          indent=2) + "\n"
