"""``parcalc explain``: one unit's criteria tree, points lost, and what it needs to climb."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from parcalc.cli.common import (
    CONTEXT,
    PathType,
    debug_option,
    echo_problems,
    jobs_option,
    lang_option,
    max_errors_option,
    score_inputs,
)
from parcalc.cli.output import Output, Tables, Text
from parcalc.workbook.layouts import LAYOUTS

if TYPE_CHECKING:
    from parcalc.explain import Explanation

#: Rows of the points-lost table by default (parcalc.render.explain.TOP; not imported, so
#: that ``parcalc --help`` does not load rich and the renderers).
TOP = 10


@click.command(context_settings=CONTEXT)
@click.argument("workbook", metavar="WORKBOOK", type=PathType(exists=True))
@click.argument("unit", metavar="UNIT_ID")
@click.option("-c", "--criteria", metavar="FILE_OR_ID",
              help="Criteria file or shipped set id; wins over the workbook's settings sheet.")
@click.option("-f", "--format", "fmt", type=click.Choice(["tree", "json"]), default="tree",
              show_default=True, help="Output format.")
@click.option("--top", type=click.IntRange(min=0), default=TOP, show_default=True,
              help="Rows of the points-lost table (0: all).")
@click.option("--width", type=int, default=None, help="Output width in characters.")
@click.option("--layout", type=click.Choice(LAYOUTS),
              help="Force the scores layout instead of detecting it.")
@jobs_option
@max_errors_option
@lang_option
@debug_option
def explain(workbook: Path, unit: str, criteria: str | None, fmt: str, top: int,
            width: int | None, layout: str | None, jobs: int | None) -> None:
    """Explain UNIT_ID's score in WORKBOOK (a workbook or a folder of them).

    Shows the unit's criteria tree with points of max at every level, the value and the rule
    in words for each leaf, where points were lost (most first), its rank and band, and the
    points it needs to reach the next rank and the next band. UNIT_ID may also be the
    unit's name; case does not matter. Warnings about this unit (and about the workbook as a
    whole) go to stderr; those about other units are not shown.

    \b
    Example:
        parcalc explain examples/2021.xlsx STC
        parcalc explain examples/2021.xlsx "Sở Tài chính" --top 5
        parcalc explain examples/2021.xlsx STC --format json > stc.json
    """
    from parcalc.explain import explain as explain_unit

    results = score_inputs([workbook], criteria=criteria, layout=layout, echo_warnings=False,
                           jobs=jobs)
    explanation = explain_unit(results, unit)
    echo_problems(explanation.warnings)
    _output(fmt, explanation, top, width).show()


def _output(fmt: str, explanation: Explanation, top: int, width: int | None) -> Output:
    if fmt == "json":
        from parcalc.render.explain import to_json

        return Text(lambda: to_json(explanation))
    from parcalc.render.explain import render

    return Tables(lambda c: c.print(render(explanation, top, c.width)), width, default_width=120)
