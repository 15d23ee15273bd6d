"""The ways inspection scores arrive, each turned into the canonical long rows.

- **long** (:mod:`.long`): a ``scores`` sheet with one row per unit and criterion;
- **matrix** (:mod:`.matrix`): a ``scores`` sheet with criterion ids down the rows and a
  column per unit;
- **per-unit** (:mod:`.per_unit`): a sheet per unit, as an inspection team fills the form.

Each layout is one class with the :class:`~.base.Layout` protocol: ``name``, ``recognise``
(is a file in this layout, and the line ``-v`` prints) and ``read`` (its rows, with
problems). To add one: write its module, register it in :data:`REGISTRY`, test it in
``tests/test_formats_layouts.py``.

This module is cheap to import (``--layout``'s choices are :data:`LAYOUTS`): a layout's
module, and pandas, are imported when a workbook is read.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from parcalc.errors import Problem
    from parcalc.i18n import Msg
    from parcalc.workbook.layouts.base import Layout, Part, UnitIndex
    from parcalc.workbook.raw import Book

#: name → its class ("module:Class"), in detection order: a file is read by the first
#: layout that recognises it.
REGISTRY: dict[str, str] = {
    "long": "parcalc.workbook.layouts.long:Long",
    "matrix": "parcalc.workbook.layouts.matrix:Matrix",
    "per-unit": "parcalc.workbook.layouts.per_unit:PerUnit",
}
LAYOUTS = tuple(REGISTRY)


def load(name: str) -> Layout:
    """The layout registered as ``name``."""
    import importlib

    module, _, cls = REGISTRY[name].partition(":")
    layout: type[Layout] = getattr(importlib.import_module(module), cls)
    return layout()


def detect(book: Book, units: UnitIndex, forced: str | None, used: set[str],
           problems: list[Problem]) -> tuple[list[Part], Msg]:
    """The scores of one file, read by the first layout that recognises it (``forced``: by
    that layout only); and the line ``-v`` prints about it."""
    from parcalc.workbook.layouts.base import BookView

    view = BookView(book, units, used)
    for layout in map(load, LAYOUTS if forced is None else (forced,)):
        note = layout.recognise(view)
        if note is not None or forced is not None:
            return layout.read(view, problems), note or _no_scores(book)
    return [], _no_scores(book)


def _no_scores(book: Book) -> Msg:
    from parcalc.i18n import msg

    return msg("workbook.note_no_scores", file=book.name)
