"""``parcalc check`` (criteria files for CI) and ``parcalc schema``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from parcalc.cli.common import CONTEXT, PathType, debug_option, lang_option
from parcalc.errors import Problem
from parcalc.i18n import msg, text


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


@click.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True,
                type=PathType(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: FILE:LINE:COL: message lines; json: for machines.")
@lang_option
@debug_option
def check(files: tuple[Path, ...], fmt: str) -> None:
    """Check criteria files: schema, duplicate keys, ids, max sums, rules.

    Prints every problem as FILE:LINE:COL: message. Exit 0 when no file has errors
    (warnings allowed), 1 otherwise. A folder means every .yaml file in it.

    \b
    Example:
        parcalc check criteria/*.yaml
    """
    from parcalc.criteria.load import check_criteria

    results: list[tuple[Path, list[Problem]]] = []
    for path in _expand(files):
        _, problems = check_criteria(path)
        results.append((path, problems))
    errors = sum(p.severity == "error" for _, ps in results for p in ps)
    warnings = sum(p.severity == "warning" for _, ps in results for p in ps)
    if fmt == "json":
        doc = {"ok": errors == 0, "errors": errors, "warnings": warnings,
               "files": [{"file": str(path), "ok": not any(p.severity == "error" for p in ps),
                          "problems": [p.as_dict() for p in ps]} for path, ps in results]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for _, problems in results:
            for problem in problems:
                click.echo(str(problem))
        click.echo(text("cli.checked", files=msg("cli.count.files", n=len(results)),
                        errors=msg("cli.count.errors", n=errors),
                        warnings=msg("cli.count.warnings", n=warnings)), err=True)
    raise SystemExit(1 if errors else 0)


@click.command(context_settings=CONTEXT)
@lang_option
@debug_option
def schema() -> None:
    """Print the JSON Schema of criteria files (format 1).

    \b
    Example:
        parcalc schema > parcalc-criteria.schema.json
    """
    from parcalc.criteria.schema import schema_text

    click.echo(schema_text(), nl=False)
