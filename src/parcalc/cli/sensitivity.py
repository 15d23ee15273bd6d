"""``parcalc sensitivity``: how sure each rank is — rank intervals, band probabilities,
statistical ties and the ranks under each N/A policy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from parcalc.cli.common import (
    CONTEXT,
    debug_option,
    lang_option,
    max_errors_option,
    output_options,
    score_run_inputs,
    scoring_options,
    workbooks_argument,
)
from parcalc.cli.output import Output, Tables, Text, Xlsx, emit, output_format

if TYPE_CHECKING:
    from parcalc.sensitivity import Sensitivity

FORMATS = ("table", "json")
SUFFIXES = {".xlsx": "xlsx", ".json": "json"}


@click.command(context_settings=CONTEXT)
@workbooks_argument
@click.option("--samples", type=int, default=1000, show_default=True,
              help="How many times to re-score every unit (at least 1).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random draws: the same seed gives the same output.")
@click.option("--vary", default="survey,weights", show_default=True, metavar="NAMES",
              help="What each sample varies, comma-separated: survey (answers resampled), "
                   "weights (domain maxima).")
@click.option("--weight-spread", type=float, default=0.2, show_default=True,
              help="Each domain's max is multiplied by a factor drawn from [1 - s, 1 + s]; "
                   "0 <= s < 1.")
@output_options(FORMATS, "Write to this file: .xlsx (a sheet) or .json.")
@scoring_options
@lang_option
@max_errors_option
@debug_option
def sensitivity(workbooks: tuple[Path, ...], samples: int, seed: int, vary: str,
                weight_spread: float, fmt: str | None, out: Path | None, width: int | None,
                **scoring: Any) -> None:
    """How sure is each unit's rank in WORKBOOK...? Re-scores every unit many times.

    Each sample resamples every unit's survey answers (with replacement, within each
    respondent group, the same number) and/or multiplies each domain's max by a random
    factor, then ranks and bands the units as 'parcalc score' does. Per unit: the rank as
    scored, the median rank and the 5th-95th percentile interval, the probability of each
    band, the rank under each N/A policy (exclude, zero, full) and the units of its group
    whose interval overlaps its own (statistically tied). Per group: the mean absolute
    rank shift. Warnings go to stderr.

    \b
    Example:
        parcalc sensitivity examples/2021.xlsx
        parcalc sensitivity examples/2021.xlsx --vary survey --samples 2000 --seed 7
        parcalc sensitivity examples/2021.xlsx -f json > sensitivity.json
        parcalc sensitivity examples/2021.xlsx -o sensitivity.xlsx
    """
    from parcalc.sensitivity import Options, parse_vary
    from parcalc.sensitivity import sensitivity as analyse

    options = Options(samples, seed, parse_vary(vary), weight_spread)
    kind = output_format(fmt, out, SUFFIXES)
    run = score_run_inputs(workbooks, out=out, **scoring)
    emit(_output(kind, analyse(run, options), width), out)


def _output(kind: str, found: Sensitivity, width: int | None) -> Output:
    """The analysis as ``kind`` (its renderer is imported only when chosen)."""
    from parcalc.i18n import text

    summary = text("sensitivity.summary", n=len(found.units), samples=found.options.samples)
    if kind == "xlsx":
        from parcalc.render.sensitivity_excel import write_excel

        return Xlsx(lambda path: write_excel(found, path), summary)
    if kind == "json":
        from parcalc.render.sensitivity import to_json

        return Text(lambda: to_json(found), summary)
    from parcalc.render.sensitivity import render_tables

    return Tables(lambda c: render_tables(found, c), width)
