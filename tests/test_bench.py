"""Smoke test of the benchmarks (bench/): the generator and every part of the runner work at
the hidden tiny size. Nothing is timed here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate, run  # noqa: E402

from parcalc import load_criteria, read_workbooks, score  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return generate.generate("tiny", tmp_path_factory.mktemp("bench") / "tiny", workers=1)


def test_generator_writes_a_scorable_tiny_size(tiny: dict) -> None:
    assert not tiny["cached"]
    assert len(tiny["files"]) == 2 and tiny["units"] == 6 and tiny["leaves"] == 20
    cs = load_criteria(tiny["criteria"])
    assert len(cs.leaves()) == 20
    assert sum(1 for lf in cs.leaves() if lf.is_survey) == 4
    assert {lf.rule.type for lf in cs.leaves()} >= {"points", "yes_no", "choice", "threshold",
                                                    "linear", "per_item", "deduction", "survey"}
    workbook = read_workbooks(tiny["files"])
    assert len(workbook.units.frame) == 6
    assert len(workbook.survey.frame) == 60
    results = score(workbook, cs)
    assert len(results.details) == 6 * 20
    assert results.units["index"].notna().all()


def test_generator_keeps_a_cache(tiny: dict) -> None:
    again = generate.generate("tiny", Path(tiny["dir"]))
    assert again["cached"]
    assert again["files"] == tiny["files"]


def test_generator_is_deterministic(tiny: dict, tmp_path: Path) -> None:
    other = generate.generate("tiny", tmp_path / "again", workers=1)
    for a, b in zip(tiny["files"], other["files"], strict=True):
        assert Path(a).read_bytes() == Path(b).read_bytes()
    assert Path(tiny["criteria"]).read_text() == Path(other["criteria"]).read_text()


def test_full_sizes_have_160_leaves_and_20_questions() -> None:
    for name in generate.PUBLIC_SIZES:
        size = generate.SIZES[name]
        leaves = generate.leaf_specs(size)
        assert len(leaves) == 160
        survey = [lf for lf in leaves if lf.kind == "survey"]
        assert {q for lf in survey for q in lf.questions} == set(generate.question_ids(size))
        assert len(generate.question_ids(size)) == 20
        assert abs(sum(lf.maximum for lf in leaves) - 100) < 1e-9
    assert generate.SIZES["country"].files == 63


def test_loops_agree_with_the_engine(tiny: dict) -> None:
    """The per-cell baselines compute the same points as the engine, before rounding."""
    from parcalc.engine import score as engine_score

    workbook = read_workbooks(tiny["files"])
    cs = load_criteria(tiny["criteria"])
    results = engine_score(workbook, cs)
    expected = results.details.groupby("unit_id")["points"].sum().astype(float)
    for make in (run.rule_scorer, run.plain_scorer):
        loop = run.loop_score(workbook, cs, make)
        assert not loop["extrapolated"]
        assert loop["scores_rows_visited"] == loop["scores_rows"] > 0
        assert loop["survey_rows_visited"] == loop["survey_rows"] == 60
        totals = loop["totals"]
        for uid, points in expected.items():
            assert totals[uid] == pytest.approx(points, abs=0.005 * 20)  # rounded leaves


def test_runner_measures_every_part(tiny: dict, tmp_path: Path) -> None:
    record = run.run("tiny", repeat=1, parts=run.PARTS, data_dir=Path(tiny["dir"]),
                     startup_runs=1, report_timeout=300)
    for key in ("when", "machine", "data", "read", "memory", "engine", "startup", "report",
                "profile", "sensitivity", "goals"):
        assert key in record, key
    assert {"cpu", "cores", "python", "versions"} <= set(record["machine"])
    assert {"pandas", "numpy", "python-calamine"} <= set(record["machine"]["versions"])
    assert {"ratio", "parcalc_score_s", "pandas_read_s"} <= set(record["read"])
    assert {"parcalc_peak_rss_bytes", "frames_bytes", "ratio"} <= set(record["memory"])
    assert {"ratio", "leaf_scores_per_s", "loop", "plain_loop"} <= set(record["engine"])
    assert record["engine"]["leaf_scores"] == 6 * 20
    assert {"version_ratio", "help_ratio", "pandas_imported_by_cli"} <= set(record["startup"])
    assert {"ratio", "bare_s", "write_excel_s"} <= set(record["report"])
    assert any("parcalc/engine/" in line for line in record["profile"]["cumulative"])
    sens = record["sensitivity"]
    assert sens["samples"] == 1000 and len(sens["sensitivity_s"]) == len(sens["score_s"]) == 1
    assert {"read_workbooks", "score_run", "plan", "policies", "samples", "summary"} == set(
        sens["phases_s"])
    assert "sensitivity: 1,000 samples ÷ score" in run.table("tiny", record)
    assert {g["metric"] for g in record["goals"]} == set(run.GOALS)
    assert all(g["pass"] is None for g in record["goals"]
               if "tiny" not in g["applies_at"])  # no goal is set at the tiny size
    assert "read: parcalc score" in run.table("tiny", record)
    from bench import more

    table = more.markdown({"sizes": {"tiny": record}})
    assert table.splitlines()[0] == "| measure (goal) | tiny |"
    assert any(line.startswith("| read: `parcalc score`") for line in table.splitlines())

    path = tmp_path / "results.json"
    run.save("tiny", record, path)
    run.save("tiny", record, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc["sizes"]) == ["tiny"]
    assert doc["machine"]["cores"] == record["machine"]["cores"]
