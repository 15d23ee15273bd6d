"""Text made shorter at word boundaries: sheet names (≤ 31 characters) and the short titles
of domains that label chart categories and narrow columns."""

from __future__ import annotations

import re

#: Where a title's first clause ends: a comma or semicolon, a bracket, a dash, or a joining
#: word (Vietnamese "và", "đến", "đối với", "trong"; English "and", "of").
_CLAUSE = re.compile(r"[,;:(]|\s[-–—]\s|\s(?:và|đến|đối với|trong|and|of|for)\s")
#: Characters a cut never leaves at the end.
_TRAILING = " ,;:-–—(/"
#: A short title's first clause is kept when it has at least this many characters.
MIN_CLAUSE = 12
#: Joining words a cut never leaves at the end.
_DANGLING = {"và", "của", "đến", "với", "cho", "các", "and", "of", "the", "for", "to"}


def clip_words(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its longest run of whole words
    that does (a single word too long is cut), without trailing punctuation."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rfind(" ")
    out = head[:cut] if cut > 0 else text[:limit]
    words = out.rstrip(_TRAILING).split(" ")
    while len(words) > 1 and words[-1].casefold() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(_TRAILING) or text[:limit]


def short_title(title: str, limit: int = 30, abbreviations: dict[str, str] | None = None) -> str:
    """A title of at most ``limit`` characters: the title itself, else the title with the
    usual abbreviations (``cải cách hành chính`` → ``CCHC``), else its first clause (up to a
    comma, "và", "đến" …) when that has at least :data:`MIN_CLAUSE` characters, else its
    first words and "…"."""
    text = " ".join(title.split())
    if len(text) <= limit:
        return text
    for phrase, short in (abbreviations or {}).items():
        text = re.sub(re.escape(phrase), short, text, flags=re.IGNORECASE)
    if len(text) <= limit:
        return text
    clauses = [m.start() for m in _CLAUSE.finditer(text) if MIN_CLAUSE <= m.start() <= limit]
    if clauses:
        return text[: clauses[-1]].rstrip(_TRAILING)
    return clip_words(text, limit - 1) + "…"


def short_titles(titles: dict[str, str], limit: int = 30,
                 abbreviations: dict[str, str] | None = None) -> dict[str, str]:
    """:func:`short_title` of each id's title, made unique by the id in brackets."""
    out = {key: short_title(title, limit, abbreviations) for key, title in titles.items()}
    seen: dict[str, int] = {}
    for short in out.values():
        seen[short.casefold()] = seen.get(short.casefold(), 0) + 1
    for key, short in out.items():
        if seen[short.casefold()] > 1:
            suffix = f" ({key})"
            out[key] = clip_words(short, limit - len(suffix)) + suffix
    return out


def unique_name(name: str, taken: set[str], limit: int = 31) -> str:
    """``name`` cut at a word boundary to ``limit`` characters, unique among ``taken``
    (compared ignoring case; a number in brackets is added when needed), and added to it."""
    candidate = clip_words(name, limit)
    k = 2
    while candidate.casefold() in taken:
        suffix = f" ({k})"
        candidate = clip_words(name, limit - len(suffix)) + suffix
        k += 1
    taken.add(candidate.casefold())
    return candidate
