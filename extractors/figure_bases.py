"""How a number's metric and base are read from the words around it, beyond the nearest phrase: the
items after a label ('Số hồ sơ đang giải quyết: cấp tỉnh 413 hồ sơ, …'), the base a share names
('76,31% trên số hồ sơ đã giải quyết', 'tỷ lệ … trên số hồ sơ mới đạt 77,7%', a list item 'Trên tổng số
hồ sơ tiếp nhận mới: 72,80%'), the rate a fraction in brackets belongs to, the part's phrase after an x/y.

Functions of the figures reader (:class:`extractors.figures._Reader`), kept apart to keep that module
readable.
"""

from __future__ import annotations

import bisect
from typing import Any

import regex as re

_NEXT_PHRASE_GAP = re.compile(r"\s*(?:(?:đã|được|đều|có)\s+)*")
_OVER_BASE = re.compile(r"\btrên\s+(?:tổng\s+)?số\b")
_BASE_AFTER = re.compile(r"\s*%?\s*(?:(?:trên|so\s+với|của)\s+)?(?:tổng\s+)?số\s+(?:hồ\s+sơ\b)?")
_CUT_AFTER = re.compile(r"[;:\n]|\((?!\s*[\p{L}\d&-]{2,10}\s*\))|\.(?:\s|$)|"
                        r"\b(?:trong\s+đó|cụ\s+thể|bao\s+gồm|gồm)\b")
_PROCEDURE_BASE = re.compile(r"\s*%\s*(?:(?:trên|của)\s+)?(?:tổng\s+)?số\s+(?:thủ\s+tục|tthc)\b")


def label_metric(reader: Any, tok: Any) -> str | None:
    """'Số hồ sơ đang giải quyết: cấp tỉnh 413 hồ sơ, cấp huyện 327 hồ sơ': items after a label with
    no number of its own take the label's metric."""
    sent_start = max(reader.layout.sentence_span(tok.start)[0], reader.layout.lines[reader.layout.line_index(tok.start)].start)
    colon = reader.folded.rfind(":", sent_start, tok.start)
    if colon < 0 or any(c.isdigit() for c in reader.folded[sent_start:colon]):
        return None
    metric, _ = reader.qualifier(type(tok)(colon, colon, None, 0, "", noun=tok.noun), sent_start)  # a token at the colon
    prev = reader.figures[-1] if reader.figures else None
    if prev is not None and prev.start > colon and prev.metric != metric:
        return None  # the numbers after the label are not its items ('…: 2.071 hồ sơ, trong đó …')
    return metric


def rate_before_bracket(reader: Any, start: int):
    """The share stated right before the bracket that opens at most a few characters before ``start``."""
    paren = reader.layout.innermost_paren(start)
    if paren is None or reader.folded[paren[0] + 1:start].strip() or len(reader.figures) < 3:
        return None
    rate = reader.figures[-3]  # before the part and the whole just added
    if rate.kind == "percent" and 0 <= paren[0] - rate.end <= 3 and rate.of is None:
        return rate
    return None


def next_phrase(reader: Any, start: int, noun: str) -> str | None:
    """The metric of the phrase right after ``start`` in its clause (a verb of the part), or None."""
    m = _NEXT_PHRASE_GAP.match(reader.folded, start)
    i = bisect.bisect_left(reader._hit_ends, start)
    for s, _e, phrase in reader.metric_hits[i:i + 6]:
        if m and s == m.end():
            mp = reader._metric_for(phrase, noun)
            if mp is not None:
                return mp.metric
    return None

# --- nouns and metrics ------------------------------------------------------------------


def announced_rate(reader: Any, start: int) -> str | None:
    """The metric of the last 'tỷ lệ <phrase>' in the 300 characters before ``start``."""
    at = reader.folded.rfind("tỷ lệ", max(0, start - 300), start)
    if at < 0:
        return None
    i = bisect.bisect_left(reader._hit_ends, at)
    for s, _e, phrase in reader.metric_hits[i:i + 6]:
        mp = reader._metric_for(phrase, "applications")
        if s >= at and mp is not None:
            return mp.metric
    return None


def rate_over_base(reader: Any, tok: Any, lo: int) -> tuple[str, str] | None:
    """(metric, base) of 'tỷ lệ <metric phrase> trên (tổng) số <base phrase> đạt P%'."""
    m = _OVER_BASE.search(reader.folded, lo, tok.start)
    if m is None:
        return None
    i = bisect.bisect_left(reader._hit_ends, lo)
    named, based = [], []
    for s, e, phrase in reader.metric_hits[i:i + 12]:
        mp = reader._metric_for(phrase, "applications")
        if mp is None or s < lo or e > tok.start:
            continue
        (named if e <= m.start() else based if s >= m.end() else []).append((mp.priority > 0, e, mp.metric))
    if not named or not based:
        return None
    return max(named)[2], max(based)[2]


def named_base(reader: Any, tok: Any) -> str | None:
    """'72,11% tổng số hồ sơ tiếp nhận mới', '76,31% trên số hồ sơ đã giải quyết': the text names
    the denominator; its phrase qualifies neither the share nor the next number."""
    if _PROCEDURE_BASE.match(reader.folded, tok.end):
        return "procedures_total"  # '247 thủ tục …, chiếm 77,7% số thủ tục': a share of procedures
    m = _BASE_AFTER.match(reader.folded, tok.end)
    if not m:
        return None
    cut = _CUT_AFTER.search(reader.folded, m.end(), m.end() + 60)
    hi = cut.start() if cut else m.end() + 60
    paren = reader.layout.innermost_paren(tok.start)
    if paren:  # '(chiếm 57,04% số DVCTT) và 491 …': a base named in brackets ends with them
        hi = min(hi, paren[1])
    i = bisect.bisect_left(reader._hit_ends, m.end())
    hits = [h for h in reader.metric_hits[i:i + 8] if h[0] >= m.end() and h[1] <= hi]
    metrics = [mp.metric for h in hits for mp in reader.metric_table[h[2]] if "applications" in mp.nouns]
    if not metrics:
        return None
    tok.tail = max(h[1] for h in hits)
    return metrics[-1] if len(hits) == 1 else next(
        mp.metric for mp in reader.metric_table[max(hits, key=lambda h: (h[1], h[1] - h[0]))[2]]
        if "applications" in mp.nouns)
