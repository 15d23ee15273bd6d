"""The report's year, organisation and title: the workbook's ``settings`` sheet, else the
criteria's ``year``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from parcalc.criteria.model import CriteriaSet
from parcalc.engine.context import RunContext
from parcalc.i18n import msg
from parcalc.results import Meta

#: A year as a settings cell holds it: four digits (``2021``, or ``2021.0`` from a number).
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")
#: Settings keys (case folded) of the organisation: both spellings.
ORGANISATION_KEYS = ("organisation", "organization")


def read_meta(ctx: RunContext, sets: Iterable[CriteriaSet]) -> Meta:
    """:class:`Meta` from the settings rows ``year``, ``organisation`` (or ``organization``)
    and ``title``; the year else from the criteria (the latest, when the sets used differ).
    A year that is not four digits is a warning at its cell, and left out."""
    found: dict[str, str] = {}
    year: int | None = None
    for key, value, where, _ in ctx.workbook.settings_items():
        if key == "year":
            match = _YEAR.fullmatch(value.strip())
            if match is None:
                ctx.warn(msg("meta.bad_year", value=value), where)
            else:
                year = int(match.group(1))
        elif key in ORGANISATION_KEYS or key == "title":
            found.setdefault("organisation" if key != "title" else "title", value.strip())
    if year is None:
        years = [cs.year for cs in sets if cs.year is not None]
        year = max(years) if years else None
    return Meta(year=year, organisation=found.get("organisation") or None,
                title=found.get("title") or None)
