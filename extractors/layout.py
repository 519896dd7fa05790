"""The shape of an article's clean text: lines, sentences, headings, page chrome, repeated
paragraphs, parentheses, scope markers (cấp tỉnh / huyện / xã) and period segments.

Figures are read against this layout: a number's scope and period come from where it stands.
"""

from __future__ import annotations

import bisect
import re as std_re
from dataclasses import dataclass, field

import regex as re

from extractors import lexicon, periods
from extractors.html import chrome_reason

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\p{Lu}\p{N}\"“(\-–+•])")
_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.|[IVX]+\.|[a-zđ]\))\s+\S")
_CLAUSE_BREAK = re.compile(r"[,;(]")
_PAREN_CHAR = std_re.compile(r"[()]")
# a count, not a year, a date or a span of time ('6 tháng đầu năm')
_COUNT = re.compile(r"(?<![\d/.,])(?!(?:19|20)\d\d(?![\d.,]\d))\d[\d.,]*(?![\d/])(?!\s*(?:tháng|năm|quý|ngày|tuần)\b)")
_CLAUSE_SEP = re.compile(r"[,;:.\n(\-–+•]")
_DESTINATION = re.compile(r"\bsang\s+$")
_ASIDE = re.compile(r"\([^()\n]*\)")
_CONNECTORS = re.compile(r"^(?:\s|[a-zđ][.)]|\d{1,2}[.)]|[-+•*]|tổng\s+cộng|tổng\s+hợp(?:\s+chung)?|cộng|với|đối\s+với|tại|còn|riêng|ở|trong|cụ\s+thể|nếu\s+tính\s+riêng\s+từng\s+cấp|"
                         r"kết\s+quả|số\s+liệu|trong\s+đó)*$")
_PERIOD_KINDS = {"month", "quarter", "half", "months_to_date", "year", "range", "to_date", "week", "span"}
SEGMENT_LEAD = 80  # a period phrase this close to a sentence start opens a segment
REACH = 2000  # how far back a parenthesis or a scope word can still govern a number


def _reset_re() -> re.Pattern[str]:
    return lexicon.structure_regex("scope_reset")


@dataclass
class Marker:
    start: int
    end: int
    value: str  # tinh | huyen | xa | all | whole (the unit with its communes) | city ('cấp thành phố')
    area: bool  # 'toàn tỉnh' kind: holds for the whole paragraph
    subject: bool  # opens its clause ('Cấp huyện đã tiếp nhận …', '- Cấp xã: …')
    after_number: bool = False  # a number stands before it in its clause: it ends that number's phrase


@dataclass
class Line:
    start: int
    end: int
    chrome: str | None = None
    heading: bool = False
    duplicate_of: int | None = None
    parens: list[tuple[int, int]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    programme: tuple[int, str] | None = None  # (offset, named sub-programme scope)


class Layout:
    def __init__(self, text: str, folded: str, published: str | None = None) -> None:
        self.text, self.folded = text, folded
        self.lines: list[Line] = []
        self.sentences: list[tuple[int, int]] = []
        self._split(text)
        self._line_starts = [line.start for line in self.lines]
        self._find_markers()
        self.period_mentions = periods.find_period_mentions(text, published)
        self.segment_of_sentence, self.segments = self._segments()
        self._sentence_starts = [s for s, _ in self.sentences]
        self._split_cache: dict[int, bool] = {}
        self._extra: dict[str, int] = {}

    # --- structure -------------------------------------------------------------------------
    def _split(self, text: str) -> None:
        seen: dict[str, int] = {}
        in_chrome_block: str | None = None
        pos = 0
        for raw in text.split("\n"):
            start, end = pos, pos + len(raw)
            pos = end + 1
            line = Line(start, end)
            stripped = raw.strip()
            if in_chrome_block and len(stripped) > 160:
                in_chrome_block = None  # a paragraph of prose: the widget block has ended
            if in_chrome_block:
                line.chrome = in_chrome_block
            elif stripped and len(stripped) <= 200:
                hit = chrome_reason(stripped)
                if hit:
                    line.chrome = hit[0]
                    if hit[1]:
                        in_chrome_block = hit[0]
            if stripped and len(stripped) > 40:
                key = " ".join(stripped.split())
                if key in seen:
                    line.duplicate_of = seen[key]
                else:
                    seen[key] = len(self.lines)
            # a numbered heading, or a short line in capitals ('CẤP HUYỆN' over an infographic's block)
            line.heading = (bool(_HEADING.match(raw)) and len(stripped) < 160) or (
                len(stripped) < 80 and stripped.isupper() and sum(c.isalpha() for c in stripped) >= 4)
            line.parens = sorted(self._parens(raw, start)) if "(" in raw else []
            self.lines.append(line)
            if stripped:
                offset = start + (len(raw) - len(raw.lstrip()))
                last = offset
                for m in _SENTENCE_END.finditer(text, offset, start + len(raw.rstrip())):
                    self.sentences.append((last, m.start()))
                    last = m.end()
                self.sentences.append((last, start + len(raw.rstrip())))

    @staticmethod
    def _parens(raw: str, base: int) -> list[tuple[int, int]]:
        out, stack = [], []
        for m in _PAREN_CHAR.finditer(raw):  # the brackets only: a Python loop per character cost 5 % of extraction
            i = m.start()
            if m.group() == "(":
                stack.append(base + i)
            elif stack:
                out.append((stack.pop(), base + i + 1))
        out.extend((s, base + len(raw)) for s in stack)  # unclosed: runs to the line end
        return out

    def _find_markers(self) -> None:
        folded = self.folded
        taken: list[tuple[int, int]] = []
        seps = [m.end() for m in _CLAUSE_SEP.finditer(folded)]  # once, then bisect: linear in the text
        for pattern, value in lexicon.structure()["scope"]:
            for m in pattern.finditer(folded):
                if any(s <= m.start() < e for s, e in taken):
                    continue  # 'cấp huyện, cấp xã' already read as one marker
                taken.append((m.start(), m.end()))
                line = self.lines[self.line_index(m.start())]
                k = bisect.bisect_right(seps, m.start()) - 1
                clause_start = max(seps[k], line.start) if k >= 0 else line.start
                # '08 huyện, thị xã … tiếp nhận …': a counted group of units is the subject of its clause
                subject = bool(_CONNECTORS.match(folded[clause_start:m.start()])) or folded[m.start()].isdigit()
                area = value in ("all", "whole") and not m.group(0).startswith("cấp")
                after_number = area and _COUNT.search(folded, clause_start, m.start()) is not None
                line.markers.append(Marker(m.start(), m.end(), value, area, subject, after_number))
        for line in self.lines:
            line.markers.sort(key=lambda mk: mk.start)
        for role in ("programme", "programme_online"):
            for pattern, _ in lexicon.structure()[role]:
                for m in pattern.finditer(folded):
                    line = self.lines[self.line_index(m.start())]
                    if role == "programme":
                        name = self.text[m.start(1):m.end(1)].strip()
                    else:
                        name = f"online level {m.group(1)}-{m.group(2)}"
                    line.programme = (m.end(), name)

    def _segments(self) -> tuple[list[int], list[dict]]:
        keys: list[tuple | None] = [None]
        info: list[dict] = [{"start": None, "end": None, "surface": None}]
        current, out = 0, []
        starts = [m.start for m in self.period_mentions]
        for s, e in self.sentences:
            line = self.lines[self.line_index(s)]
            i = bisect.bisect_left(starts, s)
            mention = None
            while i < len(starts) and starts[i] < min(e, s + SEGMENT_LEAD):
                if self.period_mentions[i].kind in _PERIOD_KINDS and \
                        getattr(self.period_mentions[i], "role", "period") == "period" and \
                        self.innermost_paren(starts[i]) is None and \
                        not _DESTINATION.search(self.folded, max(0, starts[i] - 12), starts[i]):
                    # not a 'so với' date, not an aside, not where pending files go ('chuyển sang năm 2024')
                    mention = self.period_mentions[i]
                    break
                i += 1
            if mention is not None and not line.chrome and line.duplicate_of is None and s > self.lines[0].end:
                key = (mention.period_start, mention.period_end) if mention.period_start else (mention.surface,)
                if keys[current] is None:
                    keys[current] = key
                    info[current] = {"start": mention.period_start, "end": mention.period_end,
                                     "surface": mention.surface}
                elif key != keys[current]:
                    if key in keys:
                        current = keys.index(key)
                    else:
                        keys.append(key)
                        info.append({"start": mention.period_start, "end": mention.period_end,
                                     "surface": mention.surface})
                        current = len(keys) - 1
            out.append(current)
        return out, info

    # --- lookups ---------------------------------------------------------------------------
    def line_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._line_starts, pos) - 1)

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(pos)] if self.sentences else (0, len(self.text))

    def segment(self, pos: int) -> int:
        return self.segment_of_sentence[self.sentence_index(pos)] if self.sentences else 0

    def parens_before(self, pos: int) -> list[tuple[int, int]]:
        """The parentheses of ``pos``'s line that open at most REACH characters before it (a
        parenthesis is never that long; bounding it keeps one-line megabyte pages linear)."""
        parens = self.lines[self.line_index(pos)].parens
        if not parens:
            return parens
        lo = bisect.bisect_left(parens, (pos - REACH, 0))
        return parens[lo:bisect.bisect_right(parens, (pos, 1 << 62))]

    def innermost_paren(self, pos: int) -> tuple[int, int] | None:
        inside = [p for p in self.parens_before(pos) if p[0] < pos < p[1]]
        return max(inside, key=lambda p: p[0]) if inside else None

    def extra_segment(self, label: str) -> int:
        """A segment for figures a text quotes beside its period's: the year to date ('lũy kế …') or an
        earlier value ('giảm từ 0,31% xuống còn 0,14%'). One per label."""
        if label not in self._extra:
            self.segments.append({"start": None, "end": None, "surface": label})
            self._extra[label] = len(self.segments) - 1
        return self._extra[label]

    def _splits_levels(self, pos: int) -> bool:
        """The sentence at ``pos`` names two levels or more ('Trong đó, cấp huyện …; cấp xã …'): a
        breakdown, whose levels do not carry on into the sentences after it."""
        k = self.sentence_index(pos)
        if k not in self._split_cache:
            s, e = self.sentences[k]
            line = self.lines[self.line_index(s)]
            self._split_cache[k] = len({mk.value for mk in line.markers if s <= mk.start < e
                                        and mk.value in ("tinh", "huyen", "xa", "city")}) >= 2
        return self._split_cache[k]

    def markers_near(self, line: Line, start: int) -> list[Marker]:
        if len(line.markers) < 32:
            return line.markers
        starts = [mk.start for mk in line.markers]
        return line.markers[bisect.bisect_left(starts, start - REACH):bisect.bisect_right(starts, start + REACH)]

    def scope(self, start: int, end: int) -> str | None:
        """The level of government the text assigns to the number at [start, end), or None."""
        li = self.line_index(start)
        line = self.lines[li]
        paren = self.innermost_paren(start)
        sent_start, sent_end = self.sentence_span(start)

        near_parens = self.parens_before(start)
        markers = self.markers_near(line, start)

        def visible(mk: Marker) -> bool:  # a marker inside a parenthesis that closed before us is local to it
            return all(p[0] < start < p[1] for p in near_parens if p[0] <= mk.start < p[1])

        before = [mk for mk in markers if mk.end <= start and visible(mk)]

        def one_clause(mk: Marker) -> bool:  # 'Cấp huyện (08 huyện, thị xã): tiếp nhận …': an aside is no clause break
            between = _ASIDE.sub("", self.folded[mk.end:start]) if "(" in self.folded[mk.end:start] else \
                self.folded[mk.end:start]
            return not _CLAUSE_SEP.search(between) or "," not in between and ";" not in between

        if paren:  # '(09 hồ sơ … chờ ý kiến của UBND cấp huyện; 03 hồ sơ …)': an object ends with its clause
            inner = [mk for mk in before if paren[0] < mk.start and (mk.subject or one_clause(mk))]
            if inner:
                return inner[-1].value

        same_sentence = [mk for mk in before if mk.start >= sent_start and not mk.area
                         and (mk.subject or one_clause(mk))]
        if same_sentence:
            return same_sentence[-1].value
        if _reset_re().match(self.folded, sent_start):
            before = [mk for mk in before if mk.start >= sent_start or mk.area]  # "Tổng số …": the whole again
        # '05 quyết định … thực hiện trên địa bàn tỉnh; 02 quyết định …': an area word closing an
        # earlier number's phrase is where that number's items apply, not the subject of what follows
        wider = [mk for mk in before if (mk.area or mk.value in ("all", "whole") or mk.subject)
                 and not mk.after_number and (mk.start >= sent_start or not self._splits_levels(mk.start))]
        if wider:
            return wider[-1].value
        after = next((mk for mk in markers if mk.start >= end and mk.start < sent_end
                      and not _CLAUSE_BREAK.search(self.folded, end, mk.start)), None)
        if after:
            return after.value
        for k in range(li - 1, -1, -1):  # not reversed(lines[:li]): a copy per number
            prev = self.lines[k]
            if prev.heading:
                return next((mk.value for mk in reversed(prev.markers)), None)
        return None

    def programme(self, start: int) -> str | None:
        line = self.lines[self.line_index(start)]
        if line.programme and line.programme[0] <= start:
            return line.programme[1]
        return None
