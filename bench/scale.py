"""How far one machine goes with survey answers: memory per million answers, rows per second.

National survey microdata is the input that could outgrow a laptop, so this isolates it:
workbooks with the country's criteria, 1,000 units, an empty scores sheet and a survey
sheet of R respondents × 20 questions (R = 250,000, 500,000 and 1,000,000 by default; a
sheet holds at most 1,048,576 rows), made with the benchmark generator's answer model.
``parcalc score`` runs on each in a child process; a straight-line fit of peak RSS on the
answer count gives the memory each million answers costs, and the wall times the survey
rows read per second. The README's "Past one machine" section quotes the output::

    python bench/scale.py                      # about 10 minutes on 2 cores
    python bench/scale.py --respondents 100000,200000,400000

Writes ``bench/scale.json``; the workbooks stay in the bench data folder (``survey-R/``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import generate
from bench.run import log, machine, run_child, score_cmd

UNITS = 1_000


def survey_workbook(respondents: int) -> tuple[Path, Path]:
    """(workbook, criteria) with ``respondents`` survey rows over :data:`UNITS` units."""
    import xlsxwriter

    size = generate.SIZES["country"]
    out = generate.default_dir(f"survey-{respondents}")
    path, criteria = out / "survey.xlsx", out / "criteria.yaml"
    if path.exists() and criteria.exists():
        return path, criteria
    out.mkdir(parents=True, exist_ok=True)
    criteria.write_text(generate.criteria_yaml(size), encoding="utf-8")
    rng = np.random.default_rng([generate.SEED, respondents])
    quality = rng.beta(6.0, 2.0, UNITS)
    counts = rng.multinomial(respondents, np.full(UNITS, 1 / UNITS)).tolist()
    unit, groups, answers = generate._survey_rows(size, quality, counts, rng)
    tmp = out / "survey.tmp.xlsx"
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True,
                                          "strings_to_numbers": False,
                                          "strings_to_formulas": False,
                                          "strings_to_urls": False})
    ws = book.add_worksheet("units")
    ws.write_row(0, 0, ["unit_id", "name", "group"])
    for i in range(UNITS):
        ws.write_row(i + 1, 0, [f"{i + 1:05d}", f"Xã số {i + 1}", "Xã"])
    ws = book.add_worksheet("scores")
    ws.write_row(0, 0, ["unit_id", "criterion_id", "value"])
    ws = book.add_worksheet("survey")
    ws.write_row(0, 0, ["unit_id", "respondent_group", *generate.question_ids(size)])
    text = ws.write_string
    for r in range(len(unit)):
        text(r + 1, 0, f"{unit[r] + 1:05d}")
        text(r + 1, 1, groups[r])
        for q, a in enumerate(answers[r], start=2):
            if a is not None:
                text(r + 1, q, a)
    book.close()
    tmp.replace(path)
    return path, criteria


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", default="250000,500000,1000000",
                        help="comma-separated survey sizes (rows)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("scale.json"))
    args = parser.parse_args()
    questions = generate.SIZES["country"].questions
    points = []
    for respondents in (int(s) for s in args.respondents.split(",")):
        log(f"scale: {respondents:,} respondents × {questions} questions, {UNITS:,} units")
        path, criteria = survey_workbook(respondents)
        seconds, rss = run_child(score_cmd([str(path)], str(criteria)))
        points.append({"respondents": respondents, "answer_cells": respondents * questions,
                       "bytes": path.stat().st_size, "seconds": round(seconds, 2),
                       "peak_rss_bytes": rss, "rows_per_s": round(respondents / seconds)})
        log(f"  {seconds:.1f} s, peak RSS {rss / 2**20:,.0f} MiB")
    fit = None
    if len(points) >= 2:
        x = np.array([p["answer_cells"] / 1e6 for p in points])
        y = np.array([p["peak_rss_bytes"] / 2**20 for p in points])
        slope, base = np.polyfit(x, y, 1)
        t = np.array([p["seconds"] for p in points])
        seconds_slope, seconds_base = np.polyfit(x, t, 1)
        fit = {"base_mib": round(float(base)),
               "mib_per_million_answer_cells": round(float(slope)),
               "base_s": round(float(seconds_base), 1),
               "seconds_per_million_answer_cells": round(float(seconds_slope), 2)}
    record = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "machine": machine(), "units": UNITS, "questions": questions,
              "points": points, "fit": fit,
              "about": "answer_cells = respondents × questions (5 % of them blank)"}
    args.out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"{'respondents':>11} {'answer cells':>12} {'seconds':>8} {'rows/s':>8} "
          f"{'peak RSS MiB':>12}")
    for p in points:
        print(f"{p['respondents']:>11,} {p['answer_cells']:>12,} {p['seconds']:>8.1f} "
              f"{p['rows_per_s']:>8,} {p['peak_rss_bytes'] / 2**20:>12,.0f}")
    if fit:
        print(f"fit: peak RSS ≈ {fit['base_mib']} MiB + {fit['mib_per_million_answer_cells']} "
              f"MiB per million answer cells; time ≈ {fit['base_s']} s + "
              f"{fit['seconds_per_million_answer_cells']} s per million answer cells")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
