"""The period grammar of ``patterns/periods.yaml`` compiled, and the scan that runs it.

:func:`_scan` finds every raw period/date match of a folded text, never overlapping: the grammar's
patterns run only over the *islands* of the text where a match can be (see below), which finds
exactly what :func:`_scan_full` (every pattern over the whole text) finds. :mod:`extractors.periods`
resolves the raw matches into dated mentions.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex as re

from patterns.loader import HERE as PATTERNS_DIR
from patterns.loader import PatternFileError, load

KINDS = ("month", "quarter", "half", "months_to_date", "year", "range", "to_date", "week", "span", "date")

# --- the grammar --------------------------------------------------------------------------------

_YEAR = r"(?P<y{x}>(?:19|20)\d{{2}})"
_DAY = r"(?P<d{x}>0?[1-9]|[12]\d|3[01])"
_MON = r"(?P<m{x}>0?[1-9]|1[0-2])(?!\d)"
_PLACEHOLDERS = {
    "YEAR": _YEAR,
    "DATE": (rf"(?:{_DAY}\s?(?P<s{{x}}>[/.-])\s?{_MON}\s?(?P=s{{x}})\s?{_YEAR}"
             rf"|{_DAY}\s+tháng\s+{_MON}(?:\s+|\s*,\s*)năm\s+{_YEAR})"),
    "DM": (rf"(?:{_DAY}\s?(?P<s{{x}}>[/.-])\s?{_MON}(?:\s?(?P=s{{x}})\s?{_YEAR})?"
           rf"|{_DAY}\s+tháng\s+{_MON}(?:\s+năm\s+{_YEAR})?)"),
    "MY": rf"(?:{_MON}(?:\s?[/-]\s?{_YEAR}|\s+năm\s+{_YEAR})?)",
}
_PLACEHOLDER = re.compile(r"<(YEAR|DATE|DM|MY):(\w+)>")
# Not inside a word or a number (1.931/2.168), and not running on into one.
_LEAD = r"(?<![\p{L}\d])(?<!\d[/.,-])"
_TAIL = r"(?![\p{L}\d]|[/.,]\d)"


def _expand(pattern: str) -> str:
    return _PLACEHOLDER.sub(lambda m: _PLACEHOLDERS[m.group(1)].format(x=m.group(2)), pattern)


def _strip_leading_lookarounds(pattern: str) -> str:
    """``pattern`` without the look-behind/look-ahead groups it starts with."""
    while pattern.startswith(("(?<=", "(?<!", "(?=", "(?!")):
        depth = 0
        for i, ch in enumerate(pattern):
            if ch == "\\":
                continue
            if ch == "(" and (i == 0 or pattern[i - 1] != "\\"):
                depth += 1
            elif ch == ")" and pattern[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    pattern = pattern[i + 1:]
                    break
        else:
            return pattern
    return pattern


_ALPHABET = "0123456789aăâbcdđeêghiklmnoôơpqrstuưvxy" + "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def _first_chars(pattern: str) -> str | None:
    """A look-ahead for the characters a match of ``pattern`` can start with (found by partial
    matching each letter and digit), so the scanner skips every other position: four times faster
    on digit-led patterns. ``None`` when any character could start it."""
    if pattern.startswith("(?:(?"):  # the group _grammar wraps every pattern in
        pattern = pattern[3:-1]
    probe = re.compile(_strip_leading_lookarounds(pattern), re.MULTILINE)
    first = [c for c in _ALPHABET if probe.match(c, partial=True)]
    if not first or len(first) > 20 or probe.match(" ", partial=True) or probe.match(".", partial=True):
        return None
    return "(?=[" + re.escape("".join(first)) + "])"


@functools.cache
def _grammar() -> tuple[tuple[str, int, re.Pattern[str]], ...]:
    """(kind, priority, compiled pattern) for every pattern of patterns/periods.yaml."""
    out = []
    for priority, entry in enumerate(load("periods")):
        if entry["name"] not in KINDS:
            raise PatternFileError(PATTERNS_DIR / entry["_file"], entry["_line"],
                                   f"unknown period kind {entry['name']!r}; allowed: {KINDS}")
        for pattern in entry["patterns"]:
            expanded = "(?:" + _expand(pattern) + ")"
            try:
                ahead = _first_chars(expanded)
                compiled = re.compile((ahead or "") + _LEAD + expanded + _TAIL, re.MULTILINE)
            except re.error as exc:
                raise PatternFileError(PATTERNS_DIR / entry["_file"], entry["_line"],
                                       f"pattern {pattern!r} does not compile once expanded: {exc}") from None
            out.append((entry["name"], priority, compiled))
    return tuple(out)


@dataclass
class _Raw:
    start: int
    end: int
    kind: str
    priority: int
    groups: dict[str, str | None]

    @property
    def explicit_year(self) -> int | None:
        for name in ("y", "y2", "y1"):
            if self.groups.get(name):
                return int(self.groups[name])  # type: ignore[arg-type]
        return None


def _raws(matches, kind: str, priority: int, shift=None) -> list[_Raw]:
    out = []
    single = kind in ("date", "month", "quarter", "half", "months_to_date", "year")
    for m in matches:
        groups = m.groupdict()
        # the single-date groups are written d1/m1/y1 in the data; expose y/m/d too
        if single:
            groups["y"] = groups.get("y") or groups.get("y1")
            groups["m"] = groups.get("m") or groups.get("m1")
            groups["d"] = groups.get("d") or groups.get("d1")
        else:
            for short in ("d", "m", "y"):
                groups.setdefault(short, None)
        start, end = m.span()
        if shift is not None:
            start, end = shift(start, end)
        out.append(_Raw(start, end, kind, priority, groups))
    return out


def _choose(found: list[_Raw]) -> list[_Raw]:
    """Longest first at each start, then the earlier entry; never overlapping."""
    found.sort(key=lambda r: (r.start, -(r.end - r.start), r.priority))
    chosen: list[_Raw] = []
    for raw in found:
        if chosen and raw.start < chosen[-1].end:
            continue
        chosen.append(raw)
    return chosen


def _scan_full(folded: str) -> list[_Raw]:
    """Every grammar pattern over the whole text: the reference that :func:`_scan` must equal."""
    found = []
    for kind, priority, pattern in _grammar():
        found += _raws(pattern.finditer(folded), kind, priority)
    return _choose(found)


# --- islands: the few stretches of a document where a period can be -----------------------------
# Every grammar match contains one of these (checked for each pattern when the grammar loads) and
# is made of grammar words, digits, spaces and punctuation only. A letter run that is not a
# concatenation of grammar words (a "foreign" word: "hồ", "sơ", "huyện") can be neither inside a
# match nor seen across by a look-around (those only read spaces, digits and grammar words). So
# the text between two foreign words that holds no anchor cannot change any match: scanning only
# the islands around anchors, each closed by the foreign word on either side, finds exactly what a
# scan of the whole text finds, on about a tenth of the characters.
ANCHOR_WORDS = ("tháng", "năm", "ngày", "quý", "tuần", "nay", "thời", "nửa")
_YEAR_ANCHOR = re.compile(r"(?:19|20)\d\d")
_RUN_AFTER = re.compile(r"\p{L}+")
_RUN_BEFORE = re.compile(r"(?r)\p{L}+")
_LONGEST_GLUED = 24  # a letter run longer than this is foreign (grammar words glue two or three at most)
_ISLAND_JOIN = "\n"


@functools.cache
def _vocabulary() -> frozenset[str]:
    """The words of the grammar (letter runs of the expanded patterns, escapes removed)."""
    words: set[str] = set()
    for entry in load("periods"):
        for pattern in entry["patterns"]:
            bare = re.sub(r"\\[pP]\{[^}]*\}|\\.|\(\?P<\w+>|\(\?P=\w+\)", " ", _expand(pattern))
            words.update(re.findall(r"\p{L}+", bare))
            if not any(w in bare for w in ANCHOR_WORDS) and not re.search(r"<(?:YEAR|DATE):", pattern):
                raise PatternFileError(PATTERNS_DIR / entry["_file"], entry["_line"],
                                       f"pattern {pattern!r} names no anchor word {ANCHOR_WORDS} and no year; "
                                       "the island scan of extractors/periods.py would not see it")
    return frozenset(words)


@functools.lru_cache(maxsize=65536)
def _foreign(run: str) -> bool:
    """True when the letter run ``run`` is not a concatenation of grammar words."""
    words = _vocabulary()
    if run in words:
        return False
    if len(run) > _LONGEST_GLUED:
        return True
    longest = max(map(len, words))
    ok = [True] + [False] * len(run)
    for i in range(1, len(run) + 1):
        ok[i] = any(ok[i - k] and run[i - k:i] in words for k in range(1, min(longest, i) + 1))
    return not ok[-1]


def _anchors(folded: str) -> list[tuple[int, int]]:
    """Spans of the anchor words and years, in text order (str.find: twice a regex alternation's speed)."""
    spans = [m.span() for m in _YEAR_ANCHOR.finditer(folded)]
    for word in ANCHOR_WORDS:
        at = folded.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = folded.find(word, at + 1)
    spans.sort()
    return spans


def _islands(folded: str) -> list[tuple[int, int]]:
    """Disjoint (start, end) stretches of ``folded`` that hold every possible grammar match."""
    out: list[tuple[int, int]] = []
    n = len(folded)
    for a, b in _anchors(folded):
        if out and a < out[-1][1]:
            continue
        floor = out[-1][1] if out else 0
        while a > floor and folded[a - 1].isalpha():  # the whole letter run of the anchor
            a -= 1
        while b < n and folded[b].isalpha():
            b += 1
        start = end = None
        pos = a
        while start is None:
            run = _RUN_BEFORE.search(folded, floor, pos)
            if run is None:
                start = floor
            elif _foreign(run.group()):
                start = run.start()
            else:
                pos = run.start()
        pos = b
        while end is None:
            run = _RUN_AFTER.search(folded, pos)
            if run is None:
                end = n
            elif _foreign(run.group()):
                end = run.end()
            else:
                pos = run.end()
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _scan(folded: str) -> list[_Raw]:
    """Every grammar pattern over the islands of ``folded`` (equal to :func:`_scan_full`)."""
    islands = _islands(folded)
    if not islands:
        return []
    if len(islands) == 1 and islands[0] == (0, len(folded)):
        return _scan_full(folded)
    compact = _ISLAND_JOIN.join(folded[a:b] for a, b in islands)
    starts, offsets, at = [], [], 0
    for a, b in islands:
        starts.append(at)
        offsets.append(a - at)
        at += b - a + len(_ISLAND_JOIN)

    def shift(start: int, end: int) -> tuple[int, int]:
        delta = offsets[bisect.bisect_right(starts, start) - 1]
        return start + delta, end + delta

    found = []
    for kind, priority, pattern in _grammar():
        found += _raws(pattern.finditer(compact), kind, priority, shift)
    return _choose(found)
