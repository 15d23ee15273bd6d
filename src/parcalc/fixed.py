"""Exact decimal arithmetic for points, without a Decimal per cell.

Points are held as integers in millionths (``SCALE``). A cell number taken at its shortest
decimal text (19.485) becomes exactly 19_485_000, sums of integers are exact, and rounding
half away from zero at ``precision`` decimals is integer arithmetic. So 40.5 + 30 + 19.485
is 89.985 and rounds to 89.99, where binary floats give 89.98.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

DIGITS = 6
SCALE = 10**DIGITS
#: Largest ``precision`` we report; leaves room in int64 for index arithmetic.
MAX_PRECISION = 4


def to_fixed(values: npt.ArrayLike) -> IntArray:
    """Floats → millionths, rounding away float noise (19.485 → 19_485_000)."""
    arr = np.asarray(values, dtype=float)
    return np.asarray(np.rint(arr * SCALE), dtype=np.int64)


def fixed_of(value: float | int | str | Decimal) -> int:
    """One number → millionths, exactly from its decimal text."""
    dec = Decimal(str(value)) * SCALE
    return int(dec.to_integral_value(rounding=ROUND_HALF_UP))


def _div_round(num: IntArray, den: IntArray | int) -> IntArray:
    """num / den rounded half away from zero, for den > 0, in integers."""
    num = np.asarray(num, dtype=np.int64)
    q = (2 * np.abs(num) + den) // (2 * np.asarray(den, dtype=np.int64))
    return np.asarray(np.sign(num) * q, dtype=np.int64)


def round_fixed(values: IntArray, precision: int) -> IntArray:
    """Millionths → integers in units of 10**-precision, half away from zero."""
    return _div_round(values, 10 ** (DIGITS - precision))


def ratio_percent(points: IntArray, maximum: IntArray, precision: int) -> IntArray:
    """points ÷ max × 100, rounded half away from zero, in units of 10**-precision.

    ``maximum`` must be positive wherever the result is used: where it is 0 the result is
    meaningless (points × 100) and the caller masks it.
    """
    points = np.asarray(points, dtype=np.int64)
    maximum = np.asarray(maximum, dtype=np.int64)
    safe = np.where(maximum > 0, maximum, 1)
    return _div_round(points * (100 * 10**precision), safe)


def as_float(units: IntArray, precision: int) -> npt.NDArray[np.float64]:
    """Integers in units of 10**-precision → the nearest float (89_99 → 89.99)."""
    return np.asarray(units, dtype=np.float64) / np.float64(10**precision)


def to_float(value: int, digits: int = DIGITS) -> float:
    return float(Decimal(value).scaleb(-digits))
