"""Criteria sets shipped with parcalc, found by id, and resolving a ``--criteria`` reference."""

from __future__ import annotations

from pathlib import Path

from parcalc.criteria.load import load_criteria
from parcalc.criteria.model import CriteriaSet
from parcalc.errors import UsageError
from parcalc.i18n import Msg, msg
from parcalc.suggest import close
from parcalc.text import fold

_HERE = Path(__file__).resolve().parent


def shipped_dir() -> Path:
    """Installed wheels carry the sets in ``parcalc/_shipped``; a checkout has ``criteria/``."""
    installed = _HERE.parent / "_shipped"
    if installed.is_dir():
        return installed
    return _HERE.parents[2] / "criteria"


def shipped_ids() -> list[str]:
    folder = shipped_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def resolve_criteria(ref: str, base: Path | None = None, *,
                     confine: bool = False) -> CriteriaSet:
    """A criteria file path (relative to ``base``) or a shipped set's id → the set.

    With ``confine``, a file must lie inside ``base`` once symlinks and ``..`` are
    resolved: a workbook's settings sheet cannot make parcalc read files elsewhere. An
    unknown path or id, or a file outside, is a usage error (exit 2).
    """
    path = Path(ref) if base is None else base / ref
    if _is_file(path):
        if confine and base is not None and not path.resolve().is_relative_to(base.resolve()):
            raise UsageError(msg("criteria.outside_folder", ref=ref, base=str(base)))
        return load_criteria(path)
    shipped = shipped_dir() / f"{ref}.yaml"
    if _looks_like_id(ref) and _is_file(shipped):
        return load_criteria(shipped)
    raise UsageError(_not_found(ref, base))


def _not_found(ref: str, base: Path | None) -> Msg:
    """Neither a file nor a shipped set: the closest shipped id, if one is close."""
    ids = shipped_ids()
    known: Msg | str = ", ".join(ids) or msg("criteria.none")
    where: Msg | str = msg("criteria.looked_in", base=str(base)) if base is not None else ""
    near = _closest_id(ref, ids) if _looks_like_id(ref) else []
    if near:
        return msg("criteria.not_found_near", ref=ref, where=where, name=near[0], known=known)
    return msg("criteria.not_found", ref=ref, where=where, known=known)


def _looks_like_id(ref: str) -> bool:
    """A bare name (``hanoi-departmnts``, ``province-2017.yaml``), not a path in a folder."""
    return "/" not in ref and "\\" not in ref


def _closest_id(ref: str, ids: list[str]) -> list[str]:
    """The shipped id ``ref`` names with another case or a .yaml suffix, else the closest."""
    path = Path(ref)
    key = path.stem if path.suffix.lower() in (".yaml", ".yml") else ref
    same = [i for i in ids if fold(i) == fold(key)]
    return same[:1] or close(key, ids, limit=1)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte: no such file
        return False
