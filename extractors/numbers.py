"""Vietnamese number tokens: ``2.168`` (dot groups thousands), ``90,26`` (comma decimal),
``1780`` (ungrouped), ``99.75`` (dot decimal where the groups say so), ``05`` (leading zero).

:func:`parse_number` returns the value and the number of decimals as printed (the precision the
checks use), or ``None`` for a token no reading makes sense of.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex as re

# A run of digits with inner '.' or ',' separators; never starts or ends with a separator.
# Decimal digits only: '²' in 'm²' and '½' are numbers to Unicode but not to a bulletin.
NUMBER = re.compile(r"(?<!\d)\d+(?:[.,]\d+)*(?!\d)")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Parsed:
    value: int | float
    decimals: int


def _int(digits: str) -> int:
    return int(digits)  # ASCII by now (parse_number maps other scripts' digits first)


def _dec(whole: str, frac: str) -> Parsed:
    return Parsed(float(f"{_int(whole)}.{frac}"), len(frac))


_DOT_GROUPED_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{3})+),(\d+)")
_COMMA_GROUPED_DECIMAL = re.compile(r"(\d{1,3}(?:,\d{3})+)\.(\d+)")


def parse_number(token: str, *, percent: bool = False, count_noun: bool = False) -> Parsed | None:
    """Read one token. ``percent``: a '%' follows; ``count_noun``: a count noun follows (so a
    fractional value is impossible and ``1,234`` must be grouped thousands)."""
    if not _TOKEN.fullmatch(token):
        return None
    if not token.isascii():  # other scripts' digits (full-width, Arabic-Indic) as ASCII
        digits = [c if c.isascii() else unicodedata.decimal(c, None) for c in token]
        if None in digits:  # a digit newer than Python's Unicode tables: unreadable, not a crash
            return None
        token = "".join(map(str, digits))
    has_dot, has_comma = "." in token, "," in token
    if not has_dot and not has_comma:
        return Parsed(_int(token), 0)
    if has_dot and has_comma:
        match = _DOT_GROUPED_DECIMAL.fullmatch(token)
        if match:
            return _dec(match.group(1).replace(".", ""), match.group(2))
        match = _COMMA_GROUPED_DECIMAL.fullmatch(token)  # English grouping
        if match:
            return _dec(match.group(1).replace(",", ""), match.group(2))
        return None
    sep = "." if has_dot else ","
    groups = token.split(sep)
    grouped = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if len(groups) > 2:
        return Parsed(_int("".join(groups)), 0) if grouped else None
    whole, frac = groups
    if sep == ".":
        # 2.168 is two thousand; 99.75 / 3.5 are decimals; a percentage is never in the thousands.
        if grouped and not percent:
            return Parsed(_int(whole + frac), 0)
        return _dec(whole, frac)
    if grouped and count_noun and not percent:
        return Parsed(_int(whole + frac), 0)  # "1,234 hồ sơ": a count cannot be fractional
    return _dec(whole, frac)


def format_vi(value: float | int, decimals: int = 0) -> str:
    """Vietnamese number formatting: 1.130 and 90,26."""
    if decimals <= 0:
        return f"{round(value):,}".replace(",", ".")
    whole, frac = f"{value:,.{decimals}f}".split(".")
    return whole.replace(",", ".") + "," + frac
