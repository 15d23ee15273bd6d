"""Fixtures shared by the tests: tiny criteria files and workbooks written on the fly.

Plain helpers (TINY_CRITERIA, tiny_sheets, write_workbook, invoke) are in tests/support/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from parcalc.i18n import use
from tests.support import TINY_CRITERIA, tiny_sheets, write_workbook


def pytest_configure(config: pytest.Config) -> None:
    """The criteria cache of the test run, never the user's ~/.cache: set before anything is
    collected (module- and session-scoped fixtures load criteria before function-scoped
    ones run)."""
    folder = tempfile.mkdtemp(prefix="parcalc-test-cache-")
    config.stash[_CACHE] = (folder, os.environ.get("PARCALC_CACHE"))
    os.environ["PARCALC_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash[_CACHE]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("PARCALC_CACHE", None)
    else:
        os.environ["PARCALC_CACHE"] = before


_CACHE = pytest.StashKey[tuple[str, "str | None"]]()


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read messages in English (PARCALC_LANG=en), the language they are written in;
    a test of the default language (Vietnamese) uses the ``vietnamese`` fixture."""
    monkeypatch.setenv("PARCALC_LANG", "en")
    use(None)
    yield
    use(None)


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default language, as an analyst runs parcalc: no PARCALC_LANG."""
    monkeypatch.delenv("PARCALC_LANG", raising=False)
    use(None)


@pytest.fixture
def tiny_criteria(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_CRITERIA, encoding="utf-8")
    return path


@pytest.fixture
def criteria_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text (dedented) to a file and return its path."""

    def make(text: str, name: str = "criteria.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return make


@pytest.fixture
def tiny_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "tiny.xlsx", tiny_sheets())


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with tiny.yaml and tiny.xlsx, made the working directory."""
    (tmp_path / "tiny.yaml").write_text(TINY_CRITERIA, encoding="utf-8")
    write_workbook(tmp_path / "tiny.xlsx", tiny_sheets())
    monkeypatch.chdir(tmp_path)
    return tmp_path
