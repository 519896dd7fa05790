"""Interval arithmetic for printed numbers, in the style of XBRL Calculations 1.1.

A number printed with ``d`` decimals does not state one value but an interval of values that print
that way. Two printing conventions are in use, often in the same bulletin:

* rounding:   ``[v - ½·10⁻ᵈ, v + ½·10⁻ᵈ]``  (90,27 for 90.267)
* truncation: ``[v, v + 10⁻ᵈ)``              (90,08 for 90.088)

A relation holds when the exact arithmetic of the stated intervals can produce the stated value
under either convention, and the check says which one did. Integers printed without scale are exact.
A scaled amount (``3,47 ngàn``) carries its interval times the scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EPS = 1e-9  # float noise only; every real tolerance comes from the printed precision

ROUNDING = "rounding"
TRUNCATION = "truncation"
EXACT = "exact"


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float
    hi_open: bool = False

    def contains(self, x: float) -> bool:
        if x < self.lo - EPS:
            return False
        return x < self.hi - EPS if self.hi_open and self.hi > self.lo else x <= self.hi + EPS

    def overlaps(self, other: Interval) -> bool:
        if self.lo > other.hi + EPS or other.lo > self.hi + EPS:
            return False
        # touching at an open end does not count
        if self.hi_open and abs(self.hi - other.lo) <= EPS and self.hi > self.lo:
            return False
        if other.hi_open and abs(other.hi - self.lo) <= EPS and other.hi > other.lo:
            return False
        return True

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi, self.hi_open or other.hi_open)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)  # the open end moves to lo; ignored (measure zero)

    def scaled(self, k: float) -> Interval:
        return Interval(self.lo * k, self.hi * k, self.hi_open) if k >= 0 else -Interval(
            self.lo * -k, self.hi * -k)

    @property
    def width(self) -> float:
        return self.hi - self.lo

    @property
    def exact(self) -> bool:
        return self.hi - self.lo <= EPS


def point(value: float) -> Interval:
    return Interval(float(value), float(value))


def ulp(decimals: int, scale: int = 1) -> float:
    """One unit of the last printed digit."""
    return 10.0 ** -decimals * scale


def rounding(value: float, decimals: int, scale: int = 1) -> Interval:
    half = ulp(decimals, scale) / 2
    return Interval(value - half, value + half)


def truncation(value: float, decimals: int, scale: int = 1) -> Interval:
    return Interval(value, value + ulp(decimals, scale), hi_open=True)


def conventions(value: float, decimals: int, scale: int = 1, *, integer: bool = False) -> dict[str, Interval]:
    """The intervals a printed value may stand for, by convention (exact for plain integers)."""
    if integer and decimals == 0 and scale == 1:
        return {EXACT: point(value)}
    return {ROUNDING: rounding(value, decimals, scale), TRUNCATION: truncation(value, decimals, scale)}


def hull(intervals: Iterable[Interval]) -> Interval:
    items = list(intervals)
    lo = min(i.lo for i in items)
    top = max(items, key=lambda i: (i.hi, not i.hi_open))
    return Interval(lo, top.hi, top.hi_open)


def total(intervals: Iterable[Interval]) -> Interval:
    out = point(0.0)
    for item in intervals:
        out = out + item
    return out


def ratio(part: Interval, base: Interval) -> Interval | None:
    """part / base × 100 as an interval, or None when the base may be zero."""
    if base.lo <= EPS:
        return None
    return Interval(part.lo / base.hi * 100, part.hi / base.lo * 100)


def fit(stated: dict[str, Interval], computed: Interval) -> str | None:
    """The first convention under which the stated value is consistent with the computed one."""
    for name, interval in stated.items():
        if interval.overlaps(computed):
            return name
    return None
