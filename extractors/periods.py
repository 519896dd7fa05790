"""Period and date mentions, and the period a bulletin reports on.

Interfaces (the figure extractor and the pipeline call these):

``find_period_mentions(text, published) -> list[PeriodMention]``
    Every date or period expression in the clean ``text``, in text order, never overlapping.
    ``start``/``end`` are offsets in ``text`` and cover every digit of the expression (``6 tháng
    đầu năm 2021``, ``từ ngày 25/12-27/12/2022``), so the numbers inside can be skipped as
    ``period``/``date`` and the text split into period segments. ``period_start``/``period_end``
    are ISO dates (``None`` when they cannot be known). A missing year is taken from a mention with
    a year in the same sentence, else from ``published`` (a year-less period that would start after
    the publication date is moved back a year), else from the nearest earlier mention with a year.
    ``role`` is ``period`` (what figures are reported for), ``comparison`` (``so với tháng 7``,
    ``cùng kỳ năm 2022``) or ``reference`` (the date of a cited document: ``393/QĐ-UBND ngày
    23/02/2023``).

``find_period_scopes(text, published) -> list[PeriodMention]``
    The mentions again, with a period and its parenthesised refinement merged into one scope:
    ``quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020)`` is one ``quarter`` scope running
    2019-12-01..2020-02-29; ``trong tuần (từ ngày 11.5.2018 đến 17.5.2018)`` one ``week``.

``document_period(doc) -> {"start", "end"} | None``
    The period the article reports on: a period named in the headline (refined by the body when
    the body narrows the same period down), otherwise the body period that governs most figures.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any

import regex as re

from extractors.normalize import fold
from extractors.period_grammar import _Raw, _scan
from extractors.records import Document

HEADLINE_LINE_CHARS = 200  # the headline zone ends at the first line longer than this (the lead)
NEIGHBOUR_CHARS = 120  # a year-less mention borrows the year of a mention this close in its sentence


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    surface: str
    kind: str  # one of period_grammar.KINDS
    period_start: str | None
    period_end: str | None
    role: str = "period"  # period | comparison | reference

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORD_NUMBERS = {"sáu": 6, "chín": 9}
_COMPARISON = re.compile(r"(?:so\s+với|cùng\s+kỳ|so\s+cùng\s+kỳ)[^.;\n]{0,40}$")
_REFERENCE = re.compile(r"\d+/[\w/&.-]*\p{Lu}[\w/&.-]*\s+(?:của\s+[^.;\n]{0,60}\s+)?(?:ban\s+hành\s+)?$")
_SENTENCE_END = re.compile(r"[.;!?\n](?:\s|$)")
_UPPER = re.compile(r"\p{Lu}")  # _REFERENCE needs one (and a '/'): checked first, ten times cheaper


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _int(groups: dict[str, str | None], name: str) -> int | None:
    value = groups.get(name)
    if value is None:
        return None
    return _WORD_NUMBERS.get(value) or int(value)


def _resolve(raw: _Raw, year: int | None, published: str | None) -> tuple[str | None, str | None] | None:
    """ISO start/end of one mention, given its (possibly inferred) year. ``None``: not a valid date."""
    g, kind = raw.groups, raw.kind
    if kind == "date":
        y, m, d = _int(g, "y") or year, _int(g, "m"), _int(g, "d")
        if m is None:
            return None
        if y is None:
            return (None, None) if d is None or _iso(2000, m, d) else None
        if d is None:  # 2022-06: the month
            return _iso(y, m, 1), _iso(y, m, _last_day(y, m))
        iso = _iso(y, m, d)
        return (iso, iso) if iso else None
    if kind == "month":
        m = _int(g, "m")
        if year is None or m is None:
            return None, None
        return _iso(year, m, 1), _iso(year, m, _last_day(year, m))
    if kind == "quarter":
        q = _ROMAN[g["q"]]  # type: ignore[index]
        if year is None:
            return None, None
        return _iso(year, 3 * q - 2, 1), _iso(year, 3 * q, _last_day(year, 3 * q))
    if kind in ("half", "months_to_date"):
        n = _int(g, "n") or 6
        if year is None:
            return None, None
        if (g.get("which") or "").endswith("cuối"):
            return _iso(year, 13 - n, 1), _iso(year, 12, 31)
        return _iso(year, 1, 1), _iso(year, n, _last_day(year, n))
    if kind == "year":
        return (_iso(year, 1, 1), _iso(year, 12, 31)) if year else (None, None)
    if kind == "span":
        y1, y2 = _int(g, "y1"), _int(g, "y2")
        if y1 is None or y2 is None or not y1 < y2 <= y1 + 30:
            return None
        return _iso(y1, 1, 1), _iso(y2, 12, 31)
    if kind == "week":
        return None, None
    if kind in ("range", "to_date"):
        return _resolve_range(raw, year, published)
    return None, None


def _resolve_range(raw: _Raw, year: int | None, published: str | None) -> tuple[str | None, str | None] | None:
    g = raw.groups
    y2 = _int(g, "y2") or year
    m2, d2 = _int(g, "m2"), _int(g, "d2")
    end: str | None
    if g.get("now"):
        end = published
        y2 = y2 or (int(published[:4]) if published else None)
    elif m2 is None:  # đến hết năm 2019
        end = _iso(y2, 12, 31) if y2 else None
    elif y2 is None:
        return None, None
    elif d2 is None:  # đến hết tháng 11/2020
        end = _iso(y2, m2, _last_day(y2, m2))
    else:
        end = _iso(y2, m2, d2)
        if end is None:
            return None
    start: str | None = None
    m1, d1, y1 = _int(g, "m1"), _int(g, "d1"), _int(g, "y1")
    if raw.kind == "to_date":  # cumulative from the start of the year, unless it is "đến nay" alone
        if g.get("_open_start"):
            return None, end
        base = y1 or (int(end[:4]) if end else y2)
        return (_iso(base, 1, 1) if base else None), end
    if y2 is None:
        return None, end
    if m1 is None and d1 is not None:  # từ ngày 25-27/12/2022
        m1 = m2
    if m1 is None:
        return None, end
    if y1 is None:
        y1 = y2 if (m1, d1 or 1) <= (m2 or 12, d2 or 31) else y2 - 1
    start = _iso(y1, m1, d1 or 1)
    if start is None:
        return None
    if d2 is None and g.get("m2") and not g.get("now"):
        end = _iso(y2, m2, _last_day(y2, m2))  # type: ignore[arg-type]
    return start, end


def _sentence_marks(text: str) -> list[int]:
    """Every offset where a sentence end (``_SENTENCE_END``) starts, overlapping ones included."""
    return [m.start() for m in _SENTENCE_END.finditer(text, overlapped=True)]


def _sentence_bounds(text: str, start: int, end: int, marks: list[int] | None = None) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: (first offset after the last sentence end before
    ``start``, offset of the first sentence end from ``end``). With ``marks`` (from
    :func:`_sentence_marks`, once per document) both ends are bisections, so many mentions stay
    linear; the left end is then the offset right after that sentence end's first character, which
    differs from the scan only on a space, where no mention starts."""
    lo = max(0, start - 1000)  # bounded look-back: a sentence is not longer
    if marks is None:
        left = max((m.end() for m in _SENTENCE_END.finditer(text, lo, start)), default=lo)
        right_match = _SENTENCE_END.search(text, end)
        return left, right_match.start() if right_match else len(text)
    k = bisect.bisect_left(marks, start)
    last = marks[k - 1] if k else -1
    if start > 0 and text[start - 1] in ".;!?\n":  # ends right before the mention ('$' of the window)
        last = start - 1
    left = last + 1 if last >= lo else lo
    k = bisect.bisect_left(marks, end)
    return left, marks[k] if k < len(marks) else len(text)


def find_period_mentions(text: str, published: str | None = None) -> list[PeriodMention]:
    """Every date and period expression of ``text`` (see the module docstring)."""
    return list(_mentions(text, published))


@functools.lru_cache(maxsize=4)  # the figure layout and the document period ask for the same text
def _mentions(text: str, published: str | None) -> tuple[PeriodMention, ...]:
    folded = fold(text)
    raws = _scan(folded)
    pub_year = int(published[:4]) if published else None
    mentions: list[PeriodMention] = []
    last_year: int | None = None
    marks: list[int] | None = None  # sentence ends, found once when a year must be inferred
    starts = [r.start for r in raws]
    years = [r.explicit_year for r in raws]
    for i, raw in enumerate(raws):
        earlier, last_year = last_year, years[i] or last_year
        surface = text[raw.start:raw.end]
        # đến nay without "từ đầu năm": a point in time, no start
        if raw.kind == "to_date" and raw.groups.get("now") and "đầu" not in folded[raw.start:raw.end]:
            raw.groups["_open_start"] = "1"
        year = years[i]
        inferred = False
        if year is None and raw.groups.get("this") and pub_year:
            year = pub_year
        if year is None and raw.kind not in ("span", "week"):
            if marks is None:
                marks = _sentence_marks(text)
            year, inferred = _infer_year(text, raws, i, pub_year, earlier, marks, starts, years), True
        resolved = _resolve(raw, year, published)
        if resolved is None:
            continue
        start, end = resolved
        if inferred and published and start and start > published and raw.kind != "date" and year:
            start, end = _resolve(raw, year - 1, published) or (start, end)
        mentions.append(PeriodMention(raw.start, raw.end, surface, raw.kind, start, end,
                                      _role(text, raw.start, folded)))
    return tuple(mentions)


def _infer_year(text: str, raws: list[_Raw], i: int, pub_year: int | None,
                earlier: int | None = None, marks: list[int] | None = None,
                starts: list[int] | None = None, years: list[int | None] | None = None) -> int | None:
    """The year of a mention that prints none: a neighbour's, the published year, else the last
    explicit year before it (``earlier``, computed once per document by the caller; so are the
    sentence ``marks`` and the ``starts`` and explicit ``years`` of ``raws``)."""
    raw = raws[i]
    if starts is None or years is None:
        starts, years = [r.start for r in raws], [r.explicit_year for r in raws]
    left, right = _sentence_bounds(text, raw.start, raw.end, marks)
    lo = max(left, raw.start - NEIGHBOUR_CHARS - 200)  # raws are in text order: look only nearby
    j = bisect.bisect_left(starts, lo, max(0, i - 64), i)
    # a neighbour starting past raw.end + NEIGHBOUR_CHARS is too far whatever its length
    stop = min(i + 64, bisect.bisect_right(starts, raw.end + NEIGHBOUR_CHARS, i))
    best, best_gap = None, NEIGHBOUR_CHARS + 1
    for k in range(j, stop):
        if k == i or not years[k] or not left <= starts[k] < right:
            continue
        gap = min(abs(starts[k] - raw.end), abs(raw.start - raws[k].end))
        if gap < best_gap:  # strictly: the first of equally near neighbours, as min() picks
            best, best_gap = years[k], gap
    if best is not None:
        return best
    if pub_year:
        return pub_year
    return earlier


def _role(text: str, start: int, folded: str | None = None) -> str:
    before = text[max(0, start - 80):start]
    if "/" in before and _UPPER.search(before) and _REFERENCE.search(before):
        return "reference"
    # a slice of the folded document: folding the slice alone would evict the document from
    # fold's small cache (a mention never follows a letter, so the two agree)
    before = folded[max(0, start - 80):start] if folded is not None else fold(before)
    if ("so" in before or "cùng" in before) and _COMPARISON.search(before):
        return "comparison"
    return "period"


# --- scopes: a period and its parenthesised refinement ------------------------------------------

_PAREN_OPEN = re.compile(r"\s*[(\[]\s*(?:tính\s+|tức\s+(?:là\s+)?|cụ\s+thể\s+)?$")
_PAREN_CLOSE = re.compile(r"^\s*[)\]]")


def _merge_scopes(text: str, mentions: list[PeriodMention]) -> list[tuple[PeriodMention, PeriodMention]]:
    """(scope, base) pairs: ``base`` is the head mention as written, ``scope`` the merged one."""
    out: list[tuple[PeriodMention, PeriodMention]] = []
    i = 0
    while i < len(mentions):
        head = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (nxt is not None and head.kind not in ("date", "range", "to_date")
                and nxt.kind in ("range", "to_date") and nxt.period_end
                and _PAREN_OPEN.search(fold(text[head.end:nxt.start]))
                and _PAREN_CLOSE.search(text[nxt.end:nxt.end + 5])):
            close = nxt.end + _PAREN_CLOSE.search(text[nxt.end:nxt.end + 5]).end()
            start = nxt.period_start or head.period_start
            if nxt.kind == "to_date" and head.period_start:
                start = head.period_start
            scope = replace(head, end=close, surface=text[head.start:close], period_start=start,
                            period_end=nxt.period_end)
            out.append((scope, head))
            i += 2
            continue
        out.append((head, head))
        i += 1
    return out


def find_period_scopes(text: str, published: str | None = None) -> list[PeriodMention]:
    """Mentions with each period merged with its parenthesised refinement (module docstring)."""
    return [scope for scope, _ in _merge_scopes(text, find_period_mentions(text, published))]


# --- the document's period ----------------------------------------------------------------------

_FIGURE_LIKE = re.compile(r"(?<![\d.,/])\d[\d.,]*\s*(?:%|hồ\s+sơ|thủ\s+tục|tthc|dịch\s+vụ|lượt)", re.IGNORECASE)


def headline_end(doc: Document) -> int:
    """End offset of the headline zone: the short lines before the first paragraph, and the title."""
    text = doc.text
    pos = 0
    end = 0
    for line in text.split("\n"):
        if len(line.strip()) > HEADLINE_LINE_CHARS:
            break
        pos += len(line) + 1
        end = pos
    if doc.title:
        at = text.find(doc.title)
        if at >= 0:
            end = max(end, at + len(doc.title))
    return min(end, len(text))


def _is_candidate(m: PeriodMention) -> bool:
    return m.role == "period" and m.kind != "date" and bool(m.period_start) and bool(m.period_end)


def _figure_starts(doc: Document) -> list[int]:
    if doc.figures:
        return sorted(f.start for f in doc.figures)
    return [m.start() for m in _FIGURE_LIKE.finditer(doc.text)]


def _refine(chosen: PeriodMention, base: PeriodMention, pairs: list[tuple[PeriodMention, PeriodMention]]
            ) -> dict[str, str]:
    """Narrow the chosen period with what the text says about the same period elsewhere."""
    start, end = chosen.period_start, chosen.period_end
    if (chosen.period_start, chosen.period_end) == (base.period_start, base.period_end):
        for scope, other in pairs:
            if (scope is not other and other.kind == base.kind and _is_candidate(scope)
                    and (other.period_start, other.period_end) == (base.period_start, base.period_end)):
                start, end = scope.period_start, scope.period_end
                break
    if chosen.kind == "year" and start and start.endswith("-01-01"):
        for scope, _ in pairs:
            if (scope.kind == "to_date" and scope.role == "period" and scope.period_start == start
                    and scope.period_end and start <= scope.period_end < (end or "9999")):
                end = scope.period_end
                break
    return {"start": start, "end": end}  # type: ignore[dict-item]


def document_period(doc: Document) -> dict | None:
    """The period ``doc`` reports on as ``{"start", "end"}`` ISO dates, or ``None``."""
    pairs = _merge_scopes(doc.text, find_period_mentions(doc.text, doc.published))
    candidates = [(s, b) for s, b in pairs if _is_candidate(s)]
    if not candidates:
        return None
    head_end = headline_end(doc)
    in_headline = [(s, b) for s, b in candidates if s.start < head_end]
    if in_headline:
        return _refine(*in_headline[0], pairs)
    body = [(s, b) for s, b in candidates if s.start >= head_end]
    if not body:
        return None
    figures = _figure_starts(doc)
    best, best_count = body[0], -1
    for k, (scope, base) in enumerate(body):
        stop = body[k + 1][0].start if k + 1 < len(body) else len(doc.text)
        count = bisect.bisect_left(figures, stop) - bisect.bisect_left(figures, scope.start)
        if count > best_count:
            best, best_count = (scope, base), count
    return _refine(*best, pairs)
