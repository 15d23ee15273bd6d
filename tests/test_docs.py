"""The README documents every command, and its two set-up commands stay what CI runs."""

from __future__ import annotations

from pathlib import Path

from parcalc.cli import COMMANDS

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    for name in COMMANDS:
        assert f"parcalc {name}" in README, f"README does not mention `parcalc {name}`"


def test_ci_runs_the_readme_test_command() -> None:
    command = "pip install '.[test]' && pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_shows_the_main_command() -> None:
    assert "pip install . && parcalc score examples/2021.xlsx" in README
