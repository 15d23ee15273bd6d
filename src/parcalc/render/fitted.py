"""A table of key columns (ending with a text column that wraps) and number columns, laid
out for the console width: one table when everything fits, else the number columns in
blocks, each beside the key columns (:func:`parcalc.render.columns.blocks`). Numbers are
never cut; text wraps at spaces."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType

from parcalc.render.columns import Col, blocks, fit_text, table

#: The text column's widest when the number columns come in blocks beside it.
KEY_MOST = 36


def fitted(key: Sequence[Col], extra: Sequence[Col], width: int, title: str | None = None,
           key_most: int = KEY_MOST) -> list[RenderableType]:
    """``key`` + ``extra`` as one table of ``width`` or less, or as several (the title on
    the first)."""
    fixed, text_col = list(key[:-1]), key[-1]
    widths = fit_text([*fixed, *extra], text_col, width)
    if widths is not None:
        text_w = widths[-1]
        ordered = [*widths[:len(fixed)], text_w, *widths[len(fixed):-1]]
        return [table([*key, *extra], ordered, title)]
    out: list[RenderableType] = []
    for i, (key_widths, picked) in enumerate(blocks(key, extra, width, key_most)):
        cols = [extra[j] for j in picked]
        out.append(table([*key, *cols], [*key_widths, *(c.natural for c in cols)],
                         title if i == 0 else None))
    return out
