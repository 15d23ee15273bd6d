"""Printed numbers (STT) → id paths: dotted tables keep theirs, Roman domains with numbering
that restarts get the domain's number as prefix, lettered items keep their letter."""

from __future__ import annotations

import pytest

from parcalc.annex.numbering import Label, Unplaced, parse_label, place


def ids(*printed: str) -> list[str]:
    labels = [parse_label(p) for p in printed]
    assert all(isinstance(label, Label) for label in labels)
    return [p.id for p in place([label for label in labels if isinstance(label, Label)])]


def test_a_dotted_table_keeps_its_ids() -> None:
    assert ids("1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1") == [
        "1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1"]


def test_trailing_dots_and_brackets_are_dropped() -> None:
    assert ids("1.", "1.1.", "1.1.1.") == ["1", "1.1", "1.1.1"]
    assert ids("1", "1.1", "a)", "b.", "(c)") == ["1", "1.1", "1.1.a", "1.1.b", "1.1.c"]


def test_roman_domains_with_restarting_numbers_get_the_domain_as_prefix() -> None:
    assert ids("I", "1.", "1.1.", "1.2.", "2.", "II", "1.", "1.1.", "2.") == [
        "1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1", "2.2"]


def test_the_issues_examples() -> None:
    # II → "2", then 1. → "2.1", 1.1. → "2.1.1"; under I, 1. → "1.1" and its 1.1 → "1.1.1"
    assert ids("I", "1.", "1.1", "II", "1.", "1.1.") == ["1", "1.1", "1.1.1", "2", "2.1", "2.1.1"]
    # lettered items under 2.1.1 keep their letter
    assert ids("II", "1.", "1.1.", "a)", "b)", "đ)") == [
        "2", "2.1", "2.1.1", "2.1.1.a", "2.1.1.b", "2.1.1.đ"]


def test_roman_domains_with_prefixed_numbers_keep_them() -> None:
    assert ids("I", "1.1", "1.1.1", "II", "2.1", "2.1.1") == [
        "1", "1.1", "1.1.1", "2", "2.1", "2.1.1"]


def test_a_letter_after_a_letter_is_its_sibling() -> None:
    assert ids("III", "2.", "a)", "b)", "3.", "a)") == ["3", "3.2", "3.2.a", "3.2.b", "3.3",
                                                      "3.3.a"]


def test_a_number_after_lettered_items_hangs_from_its_printed_parent() -> None:
    assert ids("I", "1.", "1.1.", "a)", "1.2.") == ["1", "1.1", "1.1.1", "1.1.1.a", "1.1.2"]


@pytest.mark.parametrize(("text", "kind", "parts"), [
    ("I", "roman", ("1",)), ("IV", "roman", ("4",)), ("IX.", "roman", ("9",)),
    ("XIV", "roman", ("14",)), ("1", "number", ("1",)), ("2.10.", "number", ("2", "10")),
    ("a)", "letter", ("a",)), ("đ.", "letter", ("đ",)), (" 1. 2 ", "number", ("1", "2")),
    ("1.2a", "number", ("1", "2a")), ("2.1.b", "number", ("2", "1", "b")),
])
def test_labels(text: str, kind: str, parts: tuple[str, ...]) -> None:
    label = parse_label(text)
    assert isinstance(label, Label)
    assert (label.kind, label.parts) == (kind, parts)


@pytest.mark.parametrize("text", [None, "", " ", "-", "+", "•", "–"])
def test_a_blank_or_a_bullet_is_no_label(text: str | None) -> None:
    assert parse_label(text) is None


@pytest.mark.parametrize("text", ["Tiêu chí 1", "1.ab", "ab", "C", "1..2", "1.1-2"])
def test_text_that_is_no_number(text: str) -> None:
    assert parse_label(text) is False


def test_a_number_whose_parent_is_missing() -> None:
    labels = [parse_label(p) for p in ("1", "1.1", "1.2.1")]
    with pytest.raises(Unplaced) as info:
        place([label for label in labels if isinstance(label, Label)])
    assert (info.value.index, info.value.missing) == (2, "1.2")


def test_a_letter_without_a_numbered_row() -> None:
    label = parse_label("a)")
    assert isinstance(label, Label)
    with pytest.raises(Unplaced) as info:
        place([label])
    assert info.value.missing == ""
