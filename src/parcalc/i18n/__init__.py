"""Every label and message parcalc shows, in one catalogue per language.

The catalogues are ``vi.toml`` and ``en.toml`` beside this module: a key such as
``engine.unknown_unit`` names a template written for :meth:`str.format_map`
(``"unknown unit id {unit!r}"``). A key may hold plural forms instead of one template
(``one`` / ``other``), chosen by the ``n`` parameter. Both catalogues have the same keys and
the same placeholders (``tests/test_i18n.py`` checks it).

Library code never builds a user-facing string itself: it builds a :class:`Msg` (a key and
its parameters), and the text is made when it is shown, in the language in use — so an API
user can show the same problem in Vietnamese and in English. The language in use is
:func:`current`: set with :func:`use`, else the ``PARCALC_LANG`` environment variable, else
Vietnamese (``vi``), the language of the analysts parcalc is for.

    >>> from parcalc.i18n import msg, use
    >>> m = msg("problem.rows", n=103)
    >>> use("en"); str(m)
    '103 rows'
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("vi", "en")
DEFAULT = "vi"
ENV = "PARCALC_LANG"

_HERE = Path(__file__).resolve().parent
_current: ContextVar[str | None] = ContextVar("parcalc_lang", default=None)


def current() -> str:
    """The language in use: set by :func:`use`, else ``$PARCALC_LANG``, else ``vi``."""
    lang = _current.get()
    if lang is not None:
        return lang
    env = os.environ.get(ENV, "").strip().lower()
    return env if env in LANGS else DEFAULT


def check_lang(lang: str) -> str:
    """``lang`` lower-cased, if it is one of :data:`LANGS`; else ValueError."""
    key = lang.strip().lower()
    if key not in LANGS:
        raise ValueError(f"language {lang!r}: use one of {', '.join(LANGS)}")
    return key


def use(lang: str | None) -> None:
    """Show every label and message in ``lang`` from now on (None: back to the default)."""
    _current.set(None if lang is None else check_lang(lang))


@contextmanager
def using(lang: str) -> Iterator[None]:
    """``with using("en"):`` — the language in use inside the block."""
    token = _current.set(check_lang(lang))
    try:
        yield
    finally:
        _current.reset(token)


@cache
def catalogue(lang: str) -> dict[str, str | dict[str, str]]:
    """Key → template (or plural forms) of one language, from its TOML file — taken from
    ``compiled.json`` (written by ``python -m parcalc.i18n.compile``) while that holds the
    same TOML bytes: parsing the two catalogues would take longer than a small workbook's
    read."""
    data = (_HERE / f"{check_lang(lang)}.toml").read_bytes()
    compiled = _compiled().get(lang)
    if compiled is not None and compiled.get("sha256") == _digest(data):
        entries: dict[str, str | dict[str, str]] = compiled["entries"]
        return entries
    return parse_catalogue(data)


def parse_catalogue(data: bytes) -> dict[str, str | dict[str, str]]:
    """A catalogue's TOML bytes → key → template (or plural forms)."""
    import tomllib

    out: dict[str, str | dict[str, str]] = {}
    _flatten(tomllib.loads(data.decode("utf-8")), "", out)
    return out


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@cache
def _compiled() -> dict[str, Any]:
    import json

    try:
        with open(_HERE / "compiled.json", encoding="utf-8") as handle:
            found = json.load(handle)
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _flatten(data: Mapping[str, Any], prefix: str,
             out: dict[str, str | dict[str, str]]) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) <= {"one", "other"} and value:
            out[name] = {k: str(v) for k, v in value.items()}
        elif isinstance(value, dict):
            _flatten(value, f"{name}.", out)
        else:
            out[name] = str(value)


def text(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The text of ``key`` in ``lang`` (default: :func:`current`), filled with ``params``.

    A key missing from the catalogue is a bug; it raises KeyError (tests check that every
    key used exists in both languages).
    """
    entry = catalogue(lang or current())[key]
    if isinstance(entry, dict):
        n = params.get("n", 0)
        entry = entry["one"] if n == 1 and "one" in entry else entry["other"]
    return entry.format_map(_Params(params, lang or current()))


class _Params(dict[str, Any]):
    """Parameters for a template; a :class:`Msg` inside is rendered in the same language."""

    def __init__(self, params: Mapping[str, Any], lang: str) -> None:
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, Msg):
            return value.text(self.lang)
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], Msg):
            return ", ".join(v.text(self.lang) for v in value)
        return value


@dataclass(frozen=True)
class Msg:
    """A message not yet put into words: a catalogue key and its parameters.

    ``str(m)`` is its text in the language in use; ``m.text("en")`` in a given one. Two
    messages are equal when key and parameters are (this is how repeated problems group).
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str | None = None) -> str:
        return text(self.key, lang, **dict(self.params))

    def __str__(self) -> str:
        return self.text()

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)


def msg(key: str, /, **params: Any) -> Msg:
    """A :class:`Msg` for ``key`` (parameters in a fixed order; lists kept as tuples)."""
    return Msg(key, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                 for k, v in params.items())))


def label(key: str, lang: str | None = None) -> str:
    """A label (a header, a title) in ``lang`` or the language in use."""
    return text(key, lang)


__all__ = ["DEFAULT", "ENV", "LANGS", "Msg", "catalogue", "check_lang", "current", "label",
           "msg", "text", "use", "using"]
