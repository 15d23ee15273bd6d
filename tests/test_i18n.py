"""The two catalogues say the same things: same keys, same placeholders, plural forms."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from parcalc import i18n
from parcalc.i18n import Msg, msg, text, use, using

SRC = Path(__file__).parents[1] / "src" / "parcalc"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_keys() -> None:
    vi, en = i18n.catalogue("vi"), i18n.catalogue("en")
    assert sorted(set(vi) - set(en)) == [], "in vi.toml only"
    assert sorted(set(en) - set(vi)) == [], "in en.toml only"


@pytest.mark.parametrize("key", sorted(i18n.catalogue("en")))
def test_both_catalogues_have_the_same_placeholders(key: str) -> None:
    vi, en = i18n.catalogue("vi")[key], i18n.catalogue("en")[key]
    assert type(vi) is type(en), f"{key}: plural forms in one catalogue only"
    forms = zip(sorted(vi.values()), sorted(en.values()), strict=True) if isinstance(
        vi, dict) and isinstance(en, dict) else [(vi, en)]
    for v, e in forms:
        assert _fields(str(v)) == _fields(str(e)), key


def test_vietnamese_text_has_its_diacritics() -> None:
    """A catalogue typed without tones (Viet khong dau) is caught here."""
    vi = i18n.catalogue("vi")
    plain = [k for k, v in vi.items() if isinstance(v, str) and re.search(
        r"\b(khong|duoc|diem|tieu chi|don vi)\b", v)]
    assert plain == []


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\b(?:msg|text|label)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    for path in SRC.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in i18n.catalogue("en"))
    assert missing == []


def test_plural_forms_follow_n() -> None:
    with using("en"):
        assert text("problem.rows", n=1) == "1 row"
        assert text("problem.rows", n=3) == "3 rows"
    assert text("problem.rows", "vi", n=3) == "3 dòng"


def test_a_message_is_put_into_words_when_shown() -> None:
    m = msg("problem.rows", n=2)
    with using("vi"):
        assert str(m) == "2 dòng"
    with using("en"):
        assert str(m) == "2 rows"
    assert m == Msg("problem.rows", (("n", 2),))


def test_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    use(None)
    monkeypatch.setenv("PARCALC_LANG", "en")
    assert i18n.current() == "en"
    monkeypatch.setenv("PARCALC_LANG", "fr")
    assert i18n.current() == "vi"
    monkeypatch.delenv("PARCALC_LANG")
    assert i18n.current() == "vi"


def test_compiled_catalogues_are_up_to_date() -> None:
    """compiled.json is what parcalc reads at start-up; after editing a catalogue, run
    ``python -m parcalc.i18n.compile``."""
    from parcalc.i18n.compile import TARGET, compiled_text

    assert TARGET.read_text(encoding="utf-8") == compiled_text(), \
        "run: python -m parcalc.i18n.compile"


def test_a_stale_compiled_catalogue_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import parcalc.i18n as i18n

    stale = {lang: {"sha256": "0" * 64, "entries": {"problem.rows": "stale"}}
             for lang in i18n.LANGS}
    monkeypatch.setattr(i18n, "_compiled", lambda: stale)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("en")["problem.rows"] != "stale"
        assert i18n.catalogue("en") == i18n.parse_catalogue(
            (i18n._HERE / "en.toml").read_bytes())
    finally:
        i18n.catalogue.cache_clear()
