"""The ``parcalc`` command run in-process, as the CLI tests call it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from parcalc.cli import cli


def invoke(*args: str | Path) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr
