"""A :class:`~parcalc.verify.Verification` as text that fits the console, or as JSON.

First what was read (the table, its units, which column is what) and what could not be
checked, then the findings (errors first), a summary line and the legend. Only formatting.
"""

from __future__ import annotations

import json
from decimal import ROUND_CEILING, Decimal

from rich.console import Console, Group, RenderableType
from rich.text import Text

from parcalc.i18n import label, msg, text
from parcalc.render.columns import Col
from parcalc.render.fitted import fitted
from parcalc.verify import Verification
from parcalc.workbook.address import column_letter

ROLES = ("unit", "group", "criteria", "total", "max", "index", "rank", "band", "bonus",
         "penalty")


def _value(value: Decimal | str | None) -> str:
    if value is None:
        return "–"
    return f"{value:f}" if isinstance(value, Decimal) else value


def _allowed(value: Decimal | None) -> str:
    """The allowance, rounded up at 4 decimals (0.010263… → 0.0103)."""
    if value is None:
        return "–"
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_CEILING).normalize():f}"


def _columns(v: Verification) -> str:
    lay = v.layout
    at = {"unit": lay.unit, "total": lay.total, **lay.roles}
    shown = [text("verify.column", role=label(f"verify.role_{role}"),
                  letter=column_letter(at[role]), header=v.headers.get(role, ""))
             for role in ROLES if role in at]
    if lay.parts:
        shown.append(text("verify.parts", parts=", ".join(
            f"{column_letter(p.col)} “{lay.headers.get(p.col, '')}”" for p in lay.parts)))
    return text("verify.columns", columns=" · ".join(shown))


def _head(v: Verification) -> list[RenderableType]:
    units = msg("diagnose.units_count", n=v.units)
    title = (text("verify.with_criteria", source=v.source, units=units, criteria=v.criteria)
             if v.criteria else text("verify.title", source=v.source, units=units))
    out: list[RenderableType] = [Text(title, style="bold"), Text(_columns(v))]
    if v.left_out:
        out.append(Text(text("verify.left_out", n=v.left_out, criteria=v.criteria),
                        style="yellow"))
    for check, reason in v.checked.items():
        if reason is not None:
            out.append(Text(text("verify.not_checked", check=label(f"verify.check_{check}"),
                                 reason=reason), style="yellow"))
    return out


def _findings(v: Verification, width: int) -> list[RenderableType]:
    rows = v.findings
    if not rows:
        return []
    cells = [f.cell.rsplit("!", 1)[-1] for f in rows]
    key = [Col(label("verify.cell"), list(cells), justify="left"),
           Col(label("verify.unit"), [f.unit for f in rows], justify="left", wrap=True)]
    extra = [
        Col(label("verify.check"), [label(f"verify.short_{f.check}") for f in rows],
            justify="left"),
        Col(label("verify.kind"), [Text(label(f"verify.kind_{f.kind}"),
                                        style="red" if f.kind == "error" else "yellow")
                                   for f in rows], justify="left"),
        Col(label("verify.expected"), [_value(f.expected) for f in rows]),
        Col(label("verify.found"), [_value(f.found) for f in rows]),
        Col(label("verify.allowed"), [_allowed(f.allowed) for f in rows]),
    ]
    return fitted(key, extra, width, label("verify.findings_title"), key_most=28)


def tables(v: Verification, width: int) -> list[RenderableType]:
    out = _head(v)
    found = _findings(v, width)
    if found:
        out += [Text(""), *found]
    errors, notes = msg("verify.errors", n=v.errors), msg("verify.notes", n=v.notes)
    summary = (text("verify.summary", errors=errors, notes=notes) if v.errors
               else text("verify.clean", notes=notes))
    out += [Text(summary, style="bold red" if v.errors else "bold green")]
    if v.findings:
        out.append(Text(label("verify.legend"), style="dim"))
    return out


def render_tables(v: Verification, console: Console) -> None:
    console.print(Group(*tables(v, console.width)))


def to_json(v: Verification) -> str:
    return json.dumps(v.as_dict(), ensure_ascii=False, indent=2) + "\n"
