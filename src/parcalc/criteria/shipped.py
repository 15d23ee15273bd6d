"""Criteria sets shipped with parcalc, found by id, and resolving a ``--criteria`` reference."""

from __future__ import annotations

from pathlib import Path

from parcalc.criteria.load import load_criteria
from parcalc.criteria.model import CriteriaSet
from parcalc.errors import UsageError

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
            raise UsageError(
                f"criteria {ref!r} is outside the workbook's folder ({base}); move the file "
                "beside the workbook, name a shipped set, or pass --allow-outside")
        return load_criteria(path)
    shipped = shipped_dir() / f"{ref}.yaml"
    if "/" not in ref and "\\" not in ref and _is_file(shipped):
        return load_criteria(shipped)
    known = ", ".join(shipped_ids()) or "none"
    where = f" (looked in {base})" if base is not None else ""
    raise UsageError(
        f"criteria {ref!r} is neither a file{where} nor a shipped set; "
        f"give a path to a .yaml file or one of: {known}"
    )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte: no such file
        return False
