"""Keep what native code writes to the process's stderr off the user's terminal.

python-calamine is Rust: when it panics (a date-formatted cell holding -1e308, say), Rust's
panic hook writes "thread … panicked at …" — and, with ``RUST_BACKTRACE`` set, a whole
backtrace — straight to file descriptor 2, before Python sees the exception. parcalc turns
the exception into its own one-line error, so the native text is only noise. Every native
call of the readers runs inside :func:`quiet_stderr`: file descriptor 2 points at the null
device for the call and is restored after it (a few system calls, nothing per cell).

Threads may read workbooks at once: the first to enter redirects, the last to leave
restores. When the process has no file descriptor 2 (a GUI interpreter), or ``sys.stderr``
is not it (pytest's capture, click's CliRunner, a notebook), nothing is redirected: the
text those streams show is not the terminal's, and file descriptor 2 is left alone.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STDERR = 2

_lock = threading.Lock()
_depth = 0
_saved: int | None = None
_null: int | None = None  # the null device, opened once


def _stderr_is_fd2() -> bool:
    """Whether ``sys.stderr`` writes to file descriptor 2 (the terminal a user sees)."""
    try:
        return sys.stderr is not None and sys.stderr.fileno() == STDERR
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return False


def _enter() -> None:
    global _depth, _saved, _null
    with _lock:
        if _depth == 0:
            if _null is None:
                _null = os.open(os.devnull, os.O_WRONLY)
            sys.stderr.flush()  # Python's own pending text goes out before fd 2 moves
            saved = os.dup(STDERR)
            try:
                os.dup2(_null, STDERR)
            except OSError:
                os.close(saved)
                raise
            _saved = saved
        _depth += 1


def _leave() -> None:
    global _depth, _saved
    with _lock:
        _depth -= 1
        if _depth == 0 and _saved is not None:
            try:
                os.dup2(_saved, STDERR)
            finally:
                os.close(_saved)
                _saved = None


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Inside the block, file descriptor 2 goes to the null device (see the module)."""
    try:
        active = _stderr_is_fd2()
        if active:
            _enter()
    except OSError:  # no fd 2 to save, no null device: run the call as it is
        active = False
    try:
        yield
    finally:
        if active:
            _leave()
