"""Exact fixed-point arithmetic: sums, half-away-from-zero rounding, percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcalc.fixed import (
    SCALE,
    as_float,
    fixed_of,
    ratio_percent,
    round_fixed,
    to_fixed,
    to_float,
)


def test_spec_example_sums_exactly_and_rounds_up() -> None:
    total = int(to_fixed([40.5, 30, 19.485]).sum())
    assert total == 89_985_000
    rounded = round_fixed(np.array([total]), 2)
    assert rounded.tolist() == [8999]
    assert as_float(rounded, 2).tolist() == [89.99]
    # What binary floats would have said: the reason for fixed point.
    assert round(40.5 + 30 + 19.485, 2) == 89.98


def test_to_fixed_removes_float_noise() -> None:
    assert to_fixed([19.485, 0.1 + 0.2, 1 / 3]).tolist() == [19_485_000, 300_000, 333_333]
    assert fixed_of(19.485) == fixed_of("19.485") == fixed_of(Decimal("19.485")) == 19_485_000
    assert fixed_of(7) == 7 * SCALE


@pytest.mark.parametrize(("millionths", "precision", "expected"), [
    (2_500_000, 0, 3), (-2_500_000, 0, -3), (1_500_000, 0, 2), (-1_500_000, 0, -2),
    (2_499_999, 0, 2), (-2_499_999, 0, -2), (1_005_000, 2, 101), (-1_005_000, 2, -101),
    (1_004_999, 2, 100), (-1_004_999, 2, -100), (89_985_000, 2, 8999), (5_000, 2, 1),
    (-5_000, 2, -1), (4_999, 2, 0), (0, 2, 0), (123_456_789, 4, 1_234_568),
    (123_456_789, 6, 123_456_789),
])
def test_round_half_away_from_zero(millionths: int, precision: int, expected: int) -> None:
    assert round_fixed(np.array([millionths]), precision).tolist() == [expected]


@pytest.mark.parametrize(("points", "maximum", "precision", "expected"), [
    ("2", "3", 2, 6667), ("1", "3", 2, 3333), ("1", "8", 2, 1250), ("1", "8", 0, 13),
    ("1", "8", 1, 125), ("89.985", "100", 2, 8999), ("89.985", "100", 3, 89985),
    ("44.9925", "50", 2, 8999), ("0", "7", 2, 0), ("7", "7", 2, 10000), ("7", "7", 4, 1_000_000),
    ("1", "6", 4, 166667),
])
def test_ratio_percent(points: str, maximum: str, precision: int, expected: int) -> None:
    out = ratio_percent(np.array([fixed_of(points)]), np.array([fixed_of(maximum)]), precision)
    assert out.tolist() == [expected]


def test_ratio_percent_as_float() -> None:
    out = ratio_percent(np.array([fixed_of(2), fixed_of(1)]), np.array([fixed_of(3), fixed_of(8)]),
                        2)
    assert as_float(out, 2).tolist() == [66.67, 12.5]


def test_ratio_percent_zero_points_over_zero_max_gives_zero() -> None:
    assert ratio_percent(np.array([0]), np.array([0]), 2).tolist() == [0]


def test_to_float() -> None:
    assert to_float(89_985_000) == 89.985
    assert to_float(8999, 2) == 89.99


# --- against decimal.Decimal ------------------------------------------------------------------

DECIMALS = st.decimals(min_value=-10_000, max_value=10_000, places=3,
                       allow_nan=False, allow_infinity=False)
POSITIVE = st.decimals(min_value=Decimal("0.001"), max_value=1_000, places=3,
                       allow_nan=False, allow_infinity=False)
NON_NEGATIVE = st.decimals(min_value=0, max_value=1_000, places=3,
                           allow_nan=False, allow_infinity=False)
PRECISION = st.integers(min_value=0, max_value=4)


def _half_up(value: Decimal, precision: int) -> int:
    """``value`` in units of 10**-precision, half away from zero (ROUND_HALF_UP)."""
    with localcontext() as ctx:
        ctx.prec = 60
        return int(value.scaleb(precision).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@settings(max_examples=100, deadline=None)
@given(DECIMALS, PRECISION)
def test_round_fixed_matches_decimal(value: Decimal, precision: int) -> None:
    fx = fixed_of(value)
    assert fx == int(value * SCALE)
    assert to_fixed([float(value)]).tolist() == [fx]
    assert round_fixed(np.array([fx]), precision).tolist() == [_half_up(value, precision)]


@settings(max_examples=50, deadline=None)
@given(st.lists(DECIMALS, min_size=1, max_size=20), PRECISION)
def test_sum_then_round_matches_decimal(values: list[Decimal], precision: int) -> None:
    total = int(to_fixed([float(v) for v in values]).sum())
    assert total == int(sum(values, Decimal(0)) * SCALE)
    assert round_fixed(np.array([total]), precision).tolist() == [
        _half_up(sum(values, Decimal(0)), precision)]


@settings(max_examples=100, deadline=None)
@given(NON_NEGATIVE, POSITIVE, PRECISION)
def test_ratio_percent_matches_decimal(points: Decimal, maximum: Decimal,
                                       precision: int) -> None:
    out = ratio_percent(np.array([fixed_of(points)]), np.array([fixed_of(maximum)]), precision)
    with localcontext() as ctx:
        ctx.prec = 60
        exact = points / maximum * 100
    assert out.tolist() == [_half_up(exact, precision)]
