"""click's own usage errors ("Missing argument …", "No such option …", "Invalid value …") in
the language in use.

click puts each of its messages through gettext (``from gettext import gettext as _`` at the
top of each module). :func:`install` gives click's parsing modules a ``_`` and an
``ngettext`` that look the English message up in the catalogue's ``[click]`` table (whose
English entries are click's own text, byte for byte) and return it in the language in use.
A message not in the table — the words of the help page, a message a newer click added — is
returned as it is: the help page stays English, as the documentation shows it.
"""

from __future__ import annotations

import importlib
from functools import cache

from parcalc.i18n import catalogue, current

#: The click modules whose messages are usage errors.
MODULES = ("click.exceptions", "click.parser", "click.types", "click.core")
PREFIX = "click."


@cache
def _keys() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """English text → key, for single messages and for (singular, plural) pairs."""
    singles: dict[str, str] = {}
    plurals: dict[tuple[str, str], str] = {}
    for key, value in catalogue("en").items():
        if not key.startswith(PREFIX):
            continue
        if isinstance(value, dict):
            plurals[(value["one"], value["other"])] = key
        else:
            singles[value] = key
    return singles, plurals


def gettext(message: str) -> str:
    """click's ``message`` in the language in use (as is when the catalogue lacks it)."""
    key = _keys()[0].get(message)
    entry = catalogue(current())[key] if key is not None else message
    return entry if isinstance(entry, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """click's singular or plural message for ``n``, in the language in use."""
    key = _keys()[1].get((singular, plural))
    forms = catalogue(current())[key] if key is not None else None
    if not isinstance(forms, dict):
        return singular if n == 1 else plural
    return forms["one"] if n == 1 and "one" in forms else forms["other"]


def install() -> None:
    """Make click's usage errors speak the language in use (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(name)
        names = vars(module)  # click's module globals, replaced where click has them
        if "_" in names:
            names["_"] = gettext
        if "ngettext" in names:
            names["ngettext"] = ngettext
