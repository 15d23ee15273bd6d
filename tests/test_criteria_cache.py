"""The criteria cache (parcalc.criteria.cache): a set loaded again is the same set, an
edited file is parsed again, and a broken or unwritable cache never stops a run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parcalc.api import score_file
from parcalc.criteria import cache
from parcalc.criteria.load import load_criteria
from parcalc.errors import CriteriaError
from tests.support import TINY_CRITERIA, invoke

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2021.xlsx"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PARCALC_CACHE", str(folder))
    return folder


def test_second_load_comes_from_the_cache_and_is_equal(fresh: Path, tiny_criteria: Path) -> None:
    first = load_criteria(tiny_criteria)
    assert len(list(fresh.glob("*.pickle"))) == 1
    second = load_criteria(tiny_criteria)
    assert second == first and second is not first
    assert second.source == str(tiny_criteria)
    assert cache.cached(tiny_criteria.read_bytes()) == first


def test_a_copy_elsewhere_names_its_own_path(fresh: Path, tiny_criteria: Path,
                                             tmp_path: Path) -> None:
    load_criteria(tiny_criteria)
    copy = tmp_path / "other" / "copy.yaml"
    copy.parent.mkdir()
    copy.write_bytes(tiny_criteria.read_bytes())
    assert load_criteria(copy).source == str(copy)


def test_an_edited_file_is_parsed_again(fresh: Path, tiny_criteria: Path) -> None:
    load_criteria(tiny_criteria)
    tiny_criteria.write_text(TINY_CRITERIA.replace("parcalc: 1", "parcalc: 1\nyear: 2031"),
                             encoding="utf-8")
    assert load_criteria(tiny_criteria).year == 2031
    tiny_criteria.write_text(TINY_CRITERIA.replace("domains:", "domainz:"), encoding="utf-8")
    with pytest.raises(CriteriaError):
        load_criteria(tiny_criteria)


def test_a_file_with_errors_is_not_kept(fresh: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY_CRITERIA.replace("domains:", "domainz:"), encoding="utf-8")
    with pytest.raises(CriteriaError):
        load_criteria(bad)
    assert not fresh.exists() or not list(fresh.glob("*.pickle"))


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_damaged_entry_is_passed_over(fresh: Path, tiny_criteria: Path,
                                        damage: bytes) -> None:
    expected = load_criteria(tiny_criteria)
    (entry,) = fresh.glob("*.pickle")
    entry.write_bytes(damage)
    assert load_criteria(tiny_criteria) == expected


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            tiny_criteria: Path) -> None:
    monkeypatch.setenv("PARCALC_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() is None
    load_criteria(tiny_criteria)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARCALC_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "parcalc" / "criteria"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into a read-only folder")
def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         tiny_criteria: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    monkeypatch.setenv("PARCALC_CACHE", str(folder))
    assert load_criteria(tiny_criteria).source == str(tiny_criteria)


def test_a_cache_that_is_a_file_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            tiny_criteria: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PARCALC_CACHE", str(blocker / "sub"))
    assert load_criteria(tiny_criteria).source == str(tiny_criteria)
    assert blocker.read_text() == "x"


def test_results_are_the_same_from_the_cache(fresh: Path) -> None:
    first = json.dumps(score_file(EXAMPLE).as_dict(), ensure_ascii=False)
    assert list(fresh.glob("*.pickle"))  # the example's sets are kept
    assert json.dumps(score_file(EXAMPLE).as_dict(), ensure_ascii=False) == first


def test_check_always_parses(fresh: Path, tiny_criteria: Path) -> None:
    """`parcalc check` reports warnings with their lines: it never takes a cached set."""
    load_criteria(tiny_criteria)
    for entry in fresh.glob("*.pickle"):
        entry.write_bytes(b"garbage")
    code, out, err = invoke("check", tiny_criteria)
    assert code == 0, out + err
