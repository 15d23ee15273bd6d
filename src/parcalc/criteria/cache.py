"""Checked criteria sets kept between runs, so a file read before is not parsed again.

Parsing a criteria file with its line numbers (ruamel.yaml, pure Python) and checking it
takes longer than reading the analyst's daily workbook. A set that loads without errors is
stored, pickled, under the SHA-256 of the file's bytes and of everything that could change
its meaning (parcalc's, pydantic's and Python's versions and the registered rule types);
the next run with the same bytes takes it from there. An edited file has other bytes, so
it is always parsed and checked again: the cache can be stale only if its folder is
tampered with, like Python's own ``__pycache__``.

Where: ``$PARCALC_CACHE`` (a folder; ``off`` turns the cache off), else
``$XDG_CACHE_HOME/parcalc/criteria``, else ``~/.cache/parcalc/criteria`` (on Windows
``%LOCALAPPDATA%\\parcalc\\cache\\criteria``). Nothing goes wrong without it: a folder
that cannot be written, a file that cannot be read or unpickled is passed over silently
and the criteria file is parsed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from parcalc.criteria.model import CriteriaSet

ENV = "PARCALC_CACHE"
OFF = frozenset({"off", "0", "no", "false", "none"})


def cache_dir() -> Path | None:
    """The folder of the cache, or None when ``$PARCALC_CACHE`` turns it off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        return None if chosen.lower() in OFF else Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "parcalc" / "cache" / "criteria"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "parcalc" / "criteria"


def _key(data: bytes) -> str:
    import pydantic

    from parcalc import __version__
    from parcalc.rulebase import RULES

    digest = hashlib.sha256(data)
    rules = ",".join(f"{name}={cls.__module__}.{cls.__qualname__}"
                     for name, cls in sorted(RULES.items()))
    digest.update(f"\0{__version__}\0{pydantic.VERSION}\0{sys.version}\0{rules}".encode())
    return digest.hexdigest()


def cached(data: bytes) -> CriteriaSet | None:
    """The set stored for a file of these bytes, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{_key(data)}.pickle", "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # missing, unreadable, truncated, from another version: parse again
        return None
    return found if isinstance(found, CriteriaSet) else None


def store(data: bytes, criteria: CriteriaSet) -> None:
    """Keep ``criteria`` for a file of these bytes (written whole, or not at all)."""
    folder = cache_dir()
    if folder is None:
        return
    from parcalc.atomic import atomic_path

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(folder / f"{_key(data)}.pickle") as temporary:
            temporary.write_bytes(pickle.dumps(criteria, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only home, a full disk: run without the cache
        return
