"""Clean text -> figures.

Every number in the text is read once. It is either skipped with a reason code (legal reference,
date, period, page chrome, criterion, …) or becomes a :class:`Figure` with a kind (count, percent,
score, amount, rank, change), a metric (from the qualifier phrase nearest to it and the noun it
counts), a scope (level of government, from where it stands), its period segment, and the
structure the checks need (the total it is a part of, the count a percentage belongs to, the whole
of an x/y, the list a count introduces).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from extractors import figure_bases, figure_links, lexicon, tables
from extractors.figure_finish import DEFAULT_BASE, finish  # noqa: F401  (DEFAULT_BASE: documented here too)
from extractors.layout import Layout
from extractors.normalize import fold
from extractors.numbers import NUMBER, parse_number
from extractors.records import Document, Figure, Skipped
from extractors.sub_units import sub_unit_name

WINDOW = 120  # characters of context read on each side of a number
MAX_NUMBERS = 2000  # numbers read in one document; the rest are listed as skipped (bounded time)
MAX_NUMBER_CHARS = 24  # '1.234.567.890.123' is long enough; longer runs are noise, not figures
_CUT_BEFORE = re.compile(r"[;\n]|:(?=\s*\p{L})")  # a colon ends a heading ('…mức độ 4: Tổng số …')
_LABEL = re.compile(r":\s*$")
# '(DVCTT)' and other acronyms in parentheses do not end a clause
_CUT_AFTER = re.compile(r"[;:\n]|\((?!\s*[\p{L}\d&-]{2,10}\s*\))|\.(?:\s|$)|"
                        r"\b(?:trong\s+đó|cụ\s+thể|bao\s+gồm|gồm)\b")
_PERCENT = re.compile(r"^\s*(?:%|phần\s+trăm\b)")
_SCORE = re.compile(r"^\s*(?:/\s*\d+(?:[.,]\d+)?\s*)?điểm\b")
_POINTS = re.compile(r"^\s*điểm\s+(?:phần\s+trăm|%)")  # percentage points: a change of a share
_CURRENCY = re.compile(r"^\s*(?:đồng|vnđ|vnd|usd)\b")
_FRACTION = re.compile(r"^\s*/\s*(\d+(?:[.,]\d+)*)(?!\s*/)")
_FRACTION_SPACED = re.compile(r"^\s*/\s*(\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)(?!\s*/)")
_ZERO_LABEL = re.compile(r":\s*(không(?:\s+có)?)\s*(?=[.;\n]|$)")
# 'không có hồ sơ …', 'không để xảy ra hồ sơ trễ hạn': a zero, unless a count of units is the clause's
# subject ('14 xã không để hồ sơ quá hạn' says nothing of the whole's late files)
_ZERO_INLINE = re.compile(r"(?<![\p{L}])(?<!\d\s+(?:xã|phường|thị\s+trấn|huyện|cơ\s+quan|đơn\s+vị|sở)[^;.\n]{0,30})(không\s+(?:có|để(?:\s+(?:xảy\s+ra|phát\s+sinh|tồn\s+đọng))?|"
                          r"phát\s+sinh))\s+(?=(?:hồ\s+sơ|trường\s+hợp|thủ\s+tục|tthc|phản\s+ánh)\b)")
_LIST_OF_PERCENTS = re.compile(r"^\s*(?:;|,|và)\s*\d+(?:[.,]\d+)?\s*(?:%|;|,|và)")  # 'lần lượt là 81,2; 79,4% …'
_YEAR = re.compile(r"(?:19|20)\d\d")
_DISTRICT_NAMED = re.compile(r"\b(?:huyện|thị\s+xã|thành\s+phố|quận)\s+((?:\p{Lu}[\p{Ll}\p{M}]*\s*){1,3})\s*$")
_OF_SET = re.compile(r"\btrong\s+(?:tổng\s+)?số(?:\s+(?:hồ\s+sơ|tthc))?\s*$")
_SHARE_OF_SET = re.compile(r"\s+(?:tổng\s+)?số\b")
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]|\s\d)")
_DOT_GROUPED = re.compile(r"\d\.\d{3}(?![\d.])")
_EARLY_AND_ON_TIME = re.compile(r"(?:trước|đúng)\s+hạn\s+và\s+[\d.,]+\s+(?:hồ\s+sơ\s+)?(?:đúng|trước)\s+hạn\b")
_CHANGE_RATE = re.compile(r"\s*(?:hồ\s+sơ)?\s*\(\s*(?:tương\s+ứng\s+|tức\s+|bằng\s+)?")
_BASE_LABEL = re.compile(r"[ \t]*(?:[-+•*][ \t]*)?(?:tính\s+)?trên\s+(?:tổng\s+)?số\b")
_PARTS_BETWEEN = re.compile(r"\b(?:bao\s+)?gồm\b|\btrong\s+đó\b")
_OVER_WHOLE = re.compile(r"\btrên\s+(?:tổng\s+)?số\s+(?:hồ\s+sơ\s+)?$")

OTHER_NOUN = "other"  # patterns/nouns.yaml: counted things that are no CCHC metric (copies, people, days)
_UNIT_NOUNS = {"communes", "districts", "agencies", "one_stop", "branches"}
_REACHED = re.compile(r"[\s,]*(?:đều\s+)?(?:đạt|có|với)(?:\s+tỷ\s+lệ)?(?:\s+(?:trên|dưới|từ|gần|hơn))?\s*")
# within the line: a word after a line break starts something else ('Quá hạn: 6' / 'Người lập biểu')
_NOUN_GAP = re.compile(r"[^\S\n]*(?:%[^\S\n]*)?(?:/[^\S\n]*\d[\d.,]*[^\S\n]*)?(?:(?:ngàn|nghìn|triệu|tỷ)[^\S\n]+)?")
_NAME_NEXT = re.compile(r"\s+\p{Lu}")
_LEVEL_WORD = re.compile(r"cấp\s+$")
_NEW_SUBJECT = re.compile(r";|\bcấp\s+(?:tỉnh|huyện|xã|thành\s+phố|quận|thị\s+xã)\b")
_UNIT_TYPE = r"(?:[Hh]uyện|[Tt]hị\s+xã|[Qq]uận|[Tt]hành\s+phố|[Xx]ã|[Pp]hường|[Tt]hị\s+trấn|[Đđ]ặc\s+khu)"
_NEW_UNIT = re.compile(_UNIT_TYPE + r"\s+\p{Lu}")  # a named unit: a new subject
_UNIT_ELLIPSIS = re.compile(r"\s*%?\s*[,;]\s*(?:và\s+|tiếp\s+theo\s+là\s+|sau\s+đó\s+là\s+)?" + _UNIT_TYPE +
                            r"(?:\s+\p{Lu}[\p{L}\p{M}]*){1,4}\s*(?:với|đạt|là|:)?\s*")
_LEVEL_ELLIPSIS = re.compile(r"\s*%?\s*[,;]\s*(?:trong\s+đó\s*:?\s*)?(?:và\s+)?(?:cấp\s+(?:tỉnh|huyện|xã|thành\s+phố|quận|thị\s+xã)|"
                             r"(?:lũy|luỹ)\s+kế(?:\s+từ\s+đầu\s+năm)?|cộng\s+dồn|từ\s+đầu\s+năm(?:\s+đến\s+nay)?)"
                             r"\s*(?:đạt|là|:)?\s*")  # '…, cấp xã 99,1%', '…, lũy kế từ đầu năm đạt 99,75%'



@dataclass
class _Token:
    start: int
    end: int
    value: float | int | None
    decimals: int
    surface: str
    kind: str = "count"
    tail: int = 0  # end of the number's noun phrase
    noun: str | None = None
    noun_metric: str | None = None
    scale: int = 1
    approx: str | None = None
    listed: bool = False  # an item of the list after the count before it
    inherited: bool = False  # its metric is the count's before it, not a phrase of its own


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.folded = fold(doc.text)
        self.layout = Layout(self.text, self.folded, doc.published)
        self.skip_spans = self._skip_spans()
        self._spans_sorted = sorted((s, e, order, reason) for order, (s, e, reason) in enumerate(self.skip_spans))
        self._span_starts = [sp[0] for sp in self._spans_sorted]
        self._span_max = max((e - s for s, e, _ in self.skip_spans), default=0)
        pattern, self.metric_table = lexicon.metric_phrases()
        self.metric_hits = sorted(((m.start(), m.end(), " ".join(m.group().split()))
                                   for m in pattern.finditer(self.folded)), key=lambda h: h[1])
        self._hit_ends = [h[1] for h in self.metric_hits]
        self.noun_re, self.noun_table = lexicon.nouns()
        self.figures: list[Figure] = []
        self.tokens: dict[str, _Token] = {}
        self.skipped: list[Skipped] = []
        self.last_noun: tuple[int, str, str | None] | None = None  # (line, noun, default metric)
        self.consumed = (0, None)  # (end, noun) of the last qualifier a number took from after itself
        self.table = tables.table_cells(self.text, self.folded, self.layout.lines)
        self.table_figures: dict[str, tables.Cell] = {}
        self.spaced = False  # the text groups thousands with spaces (read())
        self._section_starts: list[int] | None = None
        self._nouns_after: dict[int, re.Match[str] | None] = {}
        self._asides_at: dict[int, list[tuple[int, int]]] = {}
        self._metric_of: dict[tuple[str, str | None], lexicon.MetricPhrase | None] = {}
        self.section_owner: dict[int, str] = {}  # heading line -> the total that took its metric from it

    # --- skipping ---------------------------------------------------------------------------
    def _skip_spans(self) -> list[tuple[int, int, str]]:
        spans = [(m.start, m.end, "date" if m.kind == "date" else "period") for m in self.layout.period_mentions]
        spans += lexicon.not_figure_spans(self.text, self.folded)
        return spans

    def skip_reason(self, start: int, end: int) -> str | None:
        line = self.layout.lines[self.layout.line_index(start)]
        if line.chrome:
            return "page_chrome"
        if line.duplicate_of is not None:
            return "duplicate_paragraph"
        # spans sorted by start; only those starting within the longest span's length can cover us
        i = bisect.bisect_right(self._span_starts, start)
        best = None
        for s, e, order, reason in self._spans_sorted[bisect.bisect_left(self._span_starts, start - self._span_max):i]:
            if s <= start and end <= e and (best is None or order < best[0]):
                best = (order, reason)
        return best[1] if best else None

    def skip(self, start: int, end: int, reason: str) -> None:
        self.skipped.append(Skipped(self.text[start:end], start, end, reason))

    # --- reading numbers --------------------------------------------------------------------
    def read(self) -> None:
        tokens = [(m.start(), m.end()) for m in NUMBER.finditer(self.text)]
        spaced = [m.span() for m in _SPACE_GROUPED.finditer(self.text)]
        if len(spaced) >= 2 and not _DOT_GROUPED.search(self.text):
            # '186 457 hồ sơ' all through a PDF export: spaces group its thousands; each run is one number
            starts = [s for s, _ in spaced]
            tokens = [t for t in tokens if not any(s <= t[0] < e for s, e in
                                                   spaced[max(0, bisect.bisect_right(starts, t[0]) - 1):][:1])]
            tokens += spaced
            self.spaced = True
        zeros = [(m.start(1), m.end(1)) for rx in (_ZERO_LABEL, _ZERO_INLINE) for m in rx.finditer(self.folded)]
        consumed = -1
        for n, (start, end) in enumerate(sorted(tokens + zeros)):
            if start < consumed:
                continue
            if n >= MAX_NUMBERS:  # a bulletin has hundreds; past this it is a table dump or garbage
                self.skip(start, end, "over_number_budget")
                continue
            consumed = self.read_one(start, end)

    def read_one(self, start: int, end: int) -> int:
        surface = self.text[start:end]
        reason = self.skip_reason(start, end)
        if reason in ("date", "ordinal") and lexicon.structure_regex("rank").search(self.folded, max(0, start - 40), start):
            reason = None  # 'xếp thứ 3/12 phường', 'xếp thứ 4': a rank, not 3 December or an ordinal
        if reason:
            self.skip(start, end, reason)
            return end
        if start in self.table:
            return self.read_cell(start, end, self.table[start])
        after = self.folded[end:end + WINDOW]
        if len(surface) > MAX_NUMBER_CHARS:
            self.skip(start, end, "implausible_number")  # no bulletin counts past a trillion
            return end
        if surface[0].isalpha():  # 'Không', 'Không có': zero in words
            self.add(_Token(start, end, 0, 0, surface), after)
            return end
        frac = (_FRACTION_SPACED if self.spaced else _FRACTION).match(after)
        percent = bool(_PERCENT.match(after)) or bool(
            _LIST_OF_PERCENTS.match(after) and "lần lượt" in self.folded[max(0, start - 60):start])
        if _YEAR.fullmatch(surface) and not percent and not self._noun_after(end):
            self.skip(start, end, "year")
            return end
        noun = self._noun_after(end)  # a measure ('2,5 ngày', '6,5 ha') may have decimals; a count not
        counted = noun is not None and self.noun_table[" ".join(noun.group().split())][0] != OTHER_NOUN
        parsed = parse_number(surface.replace(" ", ""), percent=percent, count_noun=counted)
        if parsed is None:
            self.skip(start, end, "malformed_number")
            return end
        tok = _Token(start, end, parsed.value, parsed.decimals, surface)
        before = self.folded[max(0, start - 40):start]
        if frac and not percent:
            return self.read_fraction(tok, frac, before)
        if percent or _POINTS.match(after):
            tok.kind = "percent"
        elif _SCORE.match(after):
            tok.kind = "score"
        elif lexicon.structure_regex("rank").search(before):
            tok.kind = "rank"
        if tok.kind in ("percent", "count", "score") and lexicon.structure_regex("change").search(before) \
                and not lexicon.structure_regex("change_from_to").search(before):
            if tok.kind == "score":  # 'tăng 2,15 điểm': how an index moved, not a score it has
                self.skip(start, end, "score_change")
                return end
            tok.kind = "change"
        if tok.kind == "percent" and self.figures and self.figures[-1].kind == "change" and \
                _CHANGE_RATE.fullmatch(self.folded, self.figures[-1].end, start):
            tok.kind = "change"  # 'giảm 4.284 hồ sơ (24,10%)': the rate of that change, not a share
        scale = lexicon.scales()[0].match(after)
        if scale:
            tok.scale = lexicon.scales()[1][" ".join(scale.group(1).split())]
            tok.value = round(tok.value * tok.scale, 6)
            if _CURRENCY.match(after[scale.end():]):
                tok.kind = "amount"
        hedge = lexicon.hedges()[0].search(before)
        if hedge:
            tok.approx = lexicon.hedges()[1][" ".join(hedge.group(1).split())]
        if tok.kind == "percent" and self._rate_met_by_units(start):
            self.skip(start, end, "rate_met_by_units")  # '15/21 xã đạt 100% hồ sơ đúng hạn': a bar, not a share
            return end
        self.add(tok, after)
        return end

    def read_cell(self, start: int, end: int, cell: tables.Cell) -> int:
        """A number in a metric table: its column says what it is, its row whose it is."""
        if cell.skip:
            self.skip(start, end, cell.skip)
            return end
        percent = cell.percent or bool(_PERCENT.match(self.folded[end:end + 20]))
        parsed = parse_number(self.text[start:end], percent=percent, count_noun=not percent)
        if parsed is None:
            self.skip(start, end, "malformed_number")
            return end
        tok = _Token(start, end, parsed.value, parsed.decimals, self.text[start:end],
                     kind="percent" if percent else "count", tail=end, noun="applications")
        self.table_figures[self.new_figure(tok, cell.metric)] = cell
        self.figures[-1].unit_name = cell.row_name  # the row's unit; none on a total row
        if cell.period:  # a 'Lũy kế' column: the year to date, its own period segment
            self.figures[-1].segment = self.layout.extra_segment(cell.period)
        return end

    def _rate_met_by_units(self, start: int) -> bool:
        """A rate that a counted set of units reached ('Có 15/21 xã đạt 100% …') describes each of them,
        not the reporting unit's own share."""
        if not self.figures:
            return False
        prev = self.figures[-1]
        tok = self.tokens[prev.id]
        return (tok.noun in _UNIT_NOUNS and prev.kind == "count"
                and self.layout.sentence_index(prev.start) == self.layout.sentence_index(start)
                and bool(_REACHED.fullmatch(self.folded, tok.tail, start)))

    def read_fraction(self, tok: _Token, frac: re.Match[str], before: str) -> int:
        """x/y: a rank (xếp hạng 12/63), a score (17,5/20 điểm), or a part and its whole."""
        w_start = tok.end + frac.start(1)
        w_end = tok.end + frac.end(1)
        whole = parse_number(frac.group(1).replace(" ", ""))
        after_whole = self.folded[w_end:w_end + WINDOW]
        if whole is None:
            self.skip(w_start, w_end, "malformed_number")
            self.add(tok, after_whole)
            return w_end
        if lexicon.structure_regex("rank").search(before):
            tok.kind = "rank"
            self.add(tok, after_whole)
            self.skip(w_start, w_end, "rank_of")
            return w_end
        if _SHARE_OF_SET.match(after_whole) and whole.value <= 10 and 0 < tok.value < whole.value:
            # 'khoảng 1/3 số hồ sơ': a share written as a fraction of a set, not a part and its whole
            tok.kind, tok.end, tok.surface = "percent", w_end, self.text[tok.start:w_end]
            tok.value, tok.decimals = round(100 * tok.value / whole.value, 2), 2
            self.add(tok, after_whole)
            return w_end
        if _SCORE.match(after_whole) or _SCORE.match(self.folded[tok.end:]):
            tok.kind = "score"
            self.add(tok, after_whole)
            self.skip(w_start, w_end, "score_max")
            return w_end
        part = self.add(tok, after_whole, tail_from=w_end)
        noun = self.tokens[part].noun if part else None
        if part and noun == "applications":
            whole_tok = _Token(w_start, w_end, whole.value, whole.decimals, frac.group(1),
                               tail=self.tokens[part].tail, noun=noun)
            fig = self.figures[-1]
            taken_to = self.consumed[0] if self.consumed[1] == noun and self.consumed[0] > w_end else 0
            whole_id = self.new_figure(whole_tok, None)
            self.figures[-1].metric = "?"  # named after the part's base once metrics are final
            fig.whole = whole_id
            # '1.126/1.403 hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến': the first phrase
            # after the fraction names its whole, a second one in the same clause its part
            second = figure_bases.next_phrase(self, taken_to, noun) if taken_to else None
            if second and second != fig.metric:
                self.figures[-1].metric, fig.metric = fig.metric, second
            rate = figure_bases.rate_before_bracket(self, tok.start)
            if rate is not None and not rate.metric.startswith("?"):
                # '72,08% (9.522/13.209 hồ sơ tiếp nhận mới)': the x/y of the rate before it; the words
                # after name the whole
                if taken_to and fig.metric != rate.metric:
                    self.figures[-1].metric = fig.metric
                fig.metric, rate.of = rate.metric, fig.id
        else:
            self.skip(w_start, w_end, "fraction_whole")
        return w_end

    def _elided(self, start: int, end: int) -> bool:
        """The text between two shares only names the next level or unit ('…, cấp xã 99,1%', '…, huyện
        Thanh Thủy 99,91%'): the second share's phrase is the first's, left out."""
        return bool(_LEVEL_ELLIPSIS.fullmatch(self.folded, start, end) or _UNIT_ELLIPSIS.fullmatch(self.text, start, end))

    def _noun_after(self, end: int) -> re.Match[str] | None:
        # asked up to four times per number (year test, parse, noun, twin): matched once
        if end in self._nouns_after:
            return self._nouns_after[end]
        m = _NOUN_GAP.match(self.folded, end, end + 40)
        pos = m.end() if m else end
        hit = self._nouns_after[end] = self.noun_re.match(self.folded, pos)
        return hit

    def noun_of(self, tok: _Token, window_start: int) -> None:
        hit = self._noun_after(tok.end)
        line = self.layout.line_index(tok.start)
        if hit:
            tok.noun, tok.noun_metric = self.noun_table[" ".join(hit.group().split())]
            tok.tail = hit.end()
            return
        tok.tail = tok.end
        paren = self.layout.innermost_paren(tok.start)
        if paren and self.figures and self.figures[-1].end <= paren[0] and \
                self.layout.sentence_index(self.figures[-1].start) == self.layout.sentence_index(tok.start):
            prev = self.tokens[self.figures[-1].id]  # '21/21 Bộ phận … ( … còn 18/18)': same noun
            tok.noun, tok.noun_metric = prev.noun, prev.noun_metric
            return
        found, reach = [], -1
        asides = self._asides(tok.start)
        for m in self.noun_re.finditer(self.folded, window_start, tok.start):
            if m.start() >= reach and not any(a <= m.start() < b for a, b in asides):  # 'hồ sơ TTHC' is one noun
                found.append(m)
                reach = m.end()
        if _LABEL.search(self.folded, max(0, tok.start - 4), tok.start):
            found.reverse()  # a label names its subject first: 'Tổng số công chức … hồ sơ TTHC …: 87'
        for m in reversed(found):
            if _NAME_NEXT.match(self.text, m.end(), m.end() + 3):
                continue  # 'huyện Lập Thạch': a name, not what is counted
            if self.noun_table[" ".join(m.group().split())][0] == OTHER_NOUN:
                continue  # 'hồ sơ của người dân': who filed, not what is counted
            if not _LEVEL_WORD.search(self.folded, max(0, m.start() - 6), m.start()):
                tok.noun, tok.noun_metric = self.noun_table[" ".join(m.group().split())]
                return
        if self.last_noun and self.last_noun[0] >= self._section_start(line):
            tok.noun, tok.noun_metric = self.last_noun[1], self.last_noun[2]
        else:
            tok.noun, tok.noun_metric = "applications", "received_total"

    def _section_start(self, line: int) -> int:
        """The heading line a line falls under (0 before the first heading): computed once."""
        if self._section_starts is None:
            last, starts = 0, []
            for i, ln in enumerate(self.layout.lines):
                last = i if ln.heading else last
                starts.append(last)
            self._section_starts = starts
        return self._section_starts[line]

    def window_before(self, start: int) -> int:
        sent_start = self.layout.sentence_span(start)[0]
        line_start = self.layout.lines[self.layout.line_index(start)].start
        if _LABEL.search(self.folded, max(0, start - 4), start):
            # 'label: value' — the whole label qualifies the value, numbers inside it included; a label
            # opening a bracket or a clause starts there ('3.412 hồ sơ (trực tuyến: 2.184 hồ sơ; …)')
            lo = max(sent_start, line_start, start - WINDOW)
            paren = self.layout.innermost_paren(start)
            lo = max(lo, paren[0] + 1 if paren else 0, self.folded.rfind(";", lo, start) + 1)
        else:
            prev_tail = self.tokens[self.figures[-1].id].tail if self.figures else 0
            lo = max(sent_start, start - WINDOW, prev_tail)
        asides = self._asides(start)
        cuts = [m for m in _CUT_BEFORE.finditer(self.folded, lo, start)
                if not any(a <= m.start() < b for a, b in asides)]
        return cuts[-1].end() if cuts else lo

    def _asides(self, start: int) -> list[tuple[int, int]]:
        """The parentheses near ``start`` that do not hold it: a position inside one is hidden
        from the number at ``start``. Usually empty, and then every position is visible."""
        if start not in self._asides_at:
            self._asides_at[start] = [p for p in self.layout.parens_before(start) if not p[0] < start < p[1]]
        return self._asides_at[start]

    def window_after(self, tok: _Token) -> int:
        hi = min(self.layout.sentence_span(tok.start)[1], tok.end + WINDOW)
        for nxt in NUMBER.finditer(self.text, tok.tail or tok.end, hi):
            if not self.skip_reason(nxt.start(), nxt.end()):  # 'mức độ 2' belongs to this window
                hi = nxt.start()
                break
        cut = _CUT_AFTER.search(self.folded, tok.tail or tok.end, hi)
        return cut.start() if cut else hi

    def _metric_for(self, phrase: str, noun: str | None) -> lexicon.MetricPhrase | None:
        """The first metric of ``phrase`` that applies to ``noun`` (memoised per document)."""
        key = (phrase, noun)
        if key not in self._metric_of:
            self._metric_of[key] = next((mp for mp in self.metric_table[phrase] if noun in mp.nouns), None)
        return self._metric_of[key]

    def qualifier(self, tok: _Token, lo: int) -> tuple[str | None, int]:
        """(metric, end of the phrase when it stands after the number, else 0)."""
        hi = self.window_after(tok)
        i = bisect.bisect_left(self._hit_ends, lo)
        before, after = None, None
        hits, asides, noun = self.metric_hits, self._asides(tok.start), tok.noun
        for k in range(i, len(hits)):  # not hits[i:]: a copy of the rest of the list per number
            s, e, phrase = hits[k]
            if s < lo or (asides and any(a <= s < b for a, b in asides)):
                continue
            mp = self._metric_for(phrase, noun)
            if mp is None:
                continue
            if e <= tok.start:  # a specific phrase beats a broad one, then the nearest, then the longest
                if before is None or (mp.priority > 0, e, e - s) > (before[2].priority > 0, before[1],
                                                                     before[1] - before[0]):
                    before = (s, e, mp)
            elif s >= tok.end and e <= hi:
                if after is None or (mp.priority, -s, e - s) > (after[2].priority, -after[0], after[1] - after[0]):
                    after = (s, e, mp)
            elif s > hi:
                break
        # A phrase after the noun qualifies the number only when nothing before does, or when it is more
        # specific and still in the number's own clause ('388 hồ sơ chưa đến hạn', not ', đúng hạn …').
        # 'Trong số hồ sơ mới tiếp nhận có 1.410 hồ sơ nộp trực tuyến': the phrase before names the set
        of_set = before is not None and bool(_OF_SET.search(self.folded, max(0, before[0] - 24), before[0]) or
                                             _PARTS_BETWEEN.search(self.folded, before[1], tok.start))
        # 'Số hồ sơ mới gồm 18.730 hồ sơ trực tuyến': the phrase before 'gồm' names the whole, not the item
        if after and (not before or ((of_set or after[2].priority > before[2].priority) and after[0] - tok.end <= 60
                                     and "," not in self.folded[tok.tail or tok.end:after[0]])):
            # the phrase ends where the phrases overlapping it do ('từ kỳ trước' in 'kỳ trước chuyển sang')
            end = max([e for s, e, _ in hits[i:i + 40] if s < after[1] and e > after[0] and e <= hi] + [after[1]])
            return after[2].metric, end
        return (before[2].metric, 0) if before else (None, 0)

    # --- figures ----------------------------------------------------------------------------
    def add(self, tok: _Token, after: str, tail_from: int | None = None) -> str | None:
        lo = self.window_before(tok.start)
        self.noun_of(tok, lo)
        base = figure_bases.named_base(self, tok) if tok.kind == "percent" else None
        if self.consumed[1] == tok.noun and lo < self.consumed[0] < tok.start:
            lo = self.consumed[0]  # that phrase already qualified the number before, of the same noun
        if tail_from is not None:
            hit = self._noun_after(tail_from)
            tok.tail = hit.end() if hit else tail_from
            if hit:
                tok.noun, tok.noun_metric = self.noun_table[" ".join(hit.group().split())]
        metric, taken_to = self.qualifier(tok, lo)
        over = figure_bases.rate_over_base(self, tok, lo) if tok.kind == "percent" else None
        if over is not None:  # 'tỷ lệ hồ sơ trực tuyến trên số hồ sơ mới đạt 77,7%': online, of the new
            metric, base = over
        elif tok.kind == "percent" and metric and _BASE_LABEL.match(
                self.folded, self.layout.lines[self.layout.line_index(tok.start)].start):
            # '… tỷ lệ hồ sơ trực tuyến như sau:\n- Trên tổng số hồ sơ tiếp nhận mới: 72,80%': the label names
            # the base; the rate is the one the lead line announced
            base, metric = metric, figure_bases.announced_rate(self, tok.start)
        if metric is None and tok.kind in ("percent", "change") and tok.noun != "applications":
            noun, tok.noun = tok.noun, "applications"  # a rate ('tỷ lệ chậm, quá hạn 0,33%') is of files
            metric, taken_to = self.qualifier(tok, lo)
            if metric is None:
                tok.noun = noun
        if metric is None:
            metric = figure_bases.label_metric(self, tok)
        if metric is None:
            metric = figure_links.heading_metric(self, tok)
        of = None
        if metric is None and self.figures and self.layout.sentence_index(self.figures[-1].start) == \
                self.layout.sentence_index(tok.start):
            prev = self.figures[-1]
            closed = self.layout.innermost_paren(prev.start) if tok.kind == "change" else None
            if closed and closed[1] <= tok.start:  # '2.184 hồ sơ (…, mới 2.088 hồ sơ), tăng 8,6%': of the 2.184
                prev = next((f for f in reversed(self.figures) if f.end <= closed[0]), prev)
            paren = self.layout.innermost_paren(tok.start)
            in_list = paren and (prev.end <= paren[0] or self.layout.innermost_paren(prev.start) == paren)
            listed = tok.kind == prev.kind == "percent" and "lần lượt" in self.folded[max(0, prev.start - 60):tok.start]
            # 'Hồ sơ quá hạn 27 hồ sơ, gồm: Sở A 18 hồ sơ, Sở B 6 hồ sơ': unqualified items of that count
            itemised = tok.kind == prev.kind == "count" and (self.tokens[prev.id].listed or bool(
                lexicon.structure_regex("parts").search(self.folded, self.tokens[prev.id].tail or prev.end, tok.start)))
            # 'Tỷ lệ đúng hạn cấp tỉnh 99,6%, cấp xã 99,1%': the next level's share, its phrase left out
            elliptic = tok.kind == prev.kind == "percent" and self._elided(prev.end, tok.start)
            aside = self.layout.innermost_paren(prev.start) if tok.kind == "percent" else None
            if aside and aside[1] <= tok.start and self._elided(aside[1], tok.start):
                # '… cấp tỉnh 99,63% (20.801/20.877 hồ sơ), cấp xã 99,84%': past the rate's own x/y
                rate = next((f for f in reversed(self.figures) if f.end <= aside[0]), None)
                if rate is not None and rate.kind == "percent" and 0 <= aside[0] - rate.end <= 3:
                    prev, elliptic = rate, True
            tok.listed = bool(in_list or itemised)
            # 'từ 402 hồ sơ xuống còn 154 hồ sơ': the new value of the same thing
            moved = lexicon.structure_regex("change_from_to").search(self.folded, max(prev.end, tok.start - 20), tok.start)
            if (tok.kind == "change" or in_list or listed or itemised or elliptic or moved) \
                    and not prev.metric.startswith("?"):
                metric, tok.inherited = prev.metric, True
                # '38,6% số hồ sơ có nghĩa vụ tài chính (117.125 hồ sơ)' after the numerator was stated:
                # the count in brackets is the base ('76,31% … (2.274 hồ sơ)' with none stated: the numerator)
                if in_list and prev.kind == "percent" and prev.base and tok.kind == "count" and any(
                        f.kind == "count" and f.metric == prev.metric and f.sentence == prev.sentence
                        for f in self.figures):
                    metric = prev.base  # 'giảm 3,86%' of that rate; '(Phù Cát 19 hồ sơ, …)' items of that count
        if tok.kind == "percent" and self.figures:
            prev = self.figures[-1]
            if prev.kind in ("amount", "change") and len(self.figures) > 1:
                prev = self.figures[-2]  # '45.210 hồ sơ … số tiền 8,74 tỷ đồng, chiếm 38,6%': of the files;
                # '148.790 hồ sơ (tăng 25,4%), chiếm 69%': of the count, not of its change
            closed = self.layout.innermost_paren(prev.start)
            if closed and closed[1] <= tok.start and prev.whole is None and not (
                    len(self.figures) > 1 and self.figures[-2].whole == prev.id):
                # '259 thủ tục (toàn trình 98, một phần 161 thủ tục), chiếm 66,75%': of the 259
                prev = next((f for f in reversed(self.figures) if f.end <= closed[0]), prev)
            fraction = len(self.figures) > 1 and self.figures[-2].whole == prev.id
            if fraction:  # '1.931/2.168 hồ sơ, đạt 90,26%': the share of the part; words after the
                prev = self.figures[-2]  # fraction ('2.172/2.488 hồ sơ đã giải quyết') name its whole
            same_sentence = self.layout.sentence_index(prev.start) == self.layout.sentence_index(tok.start)
            # '2.168 hồ sơ, đạt 90,26%' is a share of that count; '15/21 xã đạt 100% hồ sơ …' is not
            own_noun = self._noun_after(tok.end)
            same_noun = own_noun is None or self.tokens[prev.id].noun == tok.noun
            # '…, cấp tỉnh 99,63% (20.801/20.877 hồ sơ), cấp xã 99,84%': a new level opens a new share
            new_subject = bool(_NEW_SUBJECT.search(self.folded, prev.end, tok.start)
                               or _NEW_UNIT.search(self.text, prev.end, tok.start))
            # '7.581 hồ sơ trước hạn và 679 hồ sơ đúng hạn, đạt tỷ lệ 99,55%': the share of both, of no one count
            both = prev.kind == "count" and prev.metric in ("resolved_on_time", "resolved_early") and same_sentence \
                and bool(_EARLY_AND_ON_TIME.search(self.folded, max(0, prev.start - 60), tok.start))
            if both:
                metric = "resolved_in_time"
            if prev.kind == "count" and same_sentence and same_noun and not new_subject and not both and \
                    (metric is None or fraction or not self.has_qualifier(lo, tok.start)):
                of = prev.id
                if not prev.metric.startswith("?"):
                    metric = prev.metric
                elif metric:  # 'Có 90 hồ sơ (chiếm 2,16%), các cơ quan thụ lý trả lại …'
                    prev.metric = metric
        if taken_to and of is None:
            self.consumed = (taken_to, tok.noun)  # the next number's context starts after that phrase
        self.last_noun = (self.layout.line_index(tok.start), tok.noun, tok.noun_metric)
        part = self.figures[-1] if self.figures else None
        fid = self.new_figure(tok, metric, of=of)
        self.figures[-1].base = base
        # '58.314 hồ sơ thanh toán trực tuyến trên tổng số 131.027 hồ sơ có nghĩa vụ tài chính': an x/y
        # in words, the share after it is the part's
        if tok.kind == "count" and part is not None and part.kind == "count" and part.whole is None \
                and _OVER_WHOLE.search(self.folded, max(part.end, tok.start - 30), tok.start) \
                and self.layout.sentence_index(part.start) == self.layout.sentence_index(tok.start):
            part.whole = fid
        return fid

    def has_qualifier(self, lo: int, hi: int) -> bool:
        """A metric phrase stands wholly inside [lo, hi)."""
        i = bisect.bisect_left(self._hit_ends, lo)
        return any(s >= lo and e <= hi for s, e, _ in self.metric_hits[i:i + 50])

    def new_figure(self, tok: _Token, metric: str | None, of: str | None = None) -> str:
        fid = f"f{len(self.figures) + 1}"
        scope = self.layout.scope(tok.start, tok.end)
        unit_name = sub_unit_name(self, tok.start)
        if unit_name and unit_name[1]:
            scope = unit_name[1]  # a named district is at district level whatever surrounds it
        fig = Figure(id=fid, metric=metric or "", kind=tok.kind, value=tok.value, surface=tok.surface,
                     start=tok.start, end=tok.end, scope=scope or "", unit_name=unit_name[0] if unit_name else None,
                     approx=tok.approx, decimals=tok.decimals, scale=tok.scale,
                     segment=figure_links.segment(self, tok.start), sentence=self.layout.sentence_index(tok.start), of=of)
        if not metric:
            fig.metric = "?" + (tok.noun_metric or "")
        programme = self.layout.programme(tok.start)
        if programme and not scope:
            fig.scope = programme
        self.figures.append(fig)
        self.tokens[fid] = tok
        return fid

    # --- structure --------------------------------------------------------------------------

def extract_figures(doc: Document) -> None:
    """Fill ``doc.figures``, ``doc.skipped``, ``doc.enumerations`` and ``doc.segments``."""
    reader = _Reader(doc)
    reader.read()
    figure_links.link_parts(reader)
    figure_links.remap_under(reader)
    doc.enumerations = figure_links.enumerations(reader)
    totals = tables.link_rows(reader.figures, reader.table_figures)
    for f in reader.figures:
        if f.parent in totals:
            f.group = tables.TABLE_GROUP  # finish() appends the parent's final id
    finish(reader)
    totals |= tables.link_row_lines(reader.figures, reader.layout, reader.folded)
    for f in doc.figures:  # after finish, which names every part's group after its parent
        if f.parent in totals:
            f.group = tables.TABLE_GROUP + f.parent
    doc.skipped = sorted(reader.skipped, key=lambda s: s.start)
    doc.segments = reader.layout.segments
