"""Write files whole or not at all: a temporary file in the same folder, fsync, then rename.

The overwrite rule (docs/commands/index.md): a file the user named (``-o FILE``) is replaced,
atomically; a file parcalc names itself (``export``'s ``NAME-report.xlsx``,
``--into-workbook``'s ``NAME-parcalc.xlsx``) is never replaced unless forced
(:func:`refuse_to_replace`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from parcalc.errors import Location, Problem, UsageError
from parcalc.i18n import msg


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    if target.is_symlink():  # write where the link points, and keep the link
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(Problem(msg("atomic.no_folder", folder=str(folder)),
                                 Location(str(target))))
    try:
        # A short prefix: the temporary's name must fit wherever the target's does.
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(Problem(msg("atomic.cannot_write", folder=str(folder),
                                     reason=exc.strerror or str(exc)),
                                 Location(str(target)))) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as handle:
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp_path, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def refuse_to_replace(target: str | Path, force: bool) -> None:
    """UsageError (exit 2) when ``target`` — a file parcalc named itself — exists and
    ``force`` is not set."""
    if not force and Path(target).exists():
        raise UsageError(Problem(msg("atomic.exists"), Location(str(target))))


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")


def write_with(target: str | Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` fill a temporary path, then move it onto ``target``."""
    with atomic_path(target) as tmp:
        writer(tmp)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
