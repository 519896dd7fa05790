"""What the reader builds once every number is read: the parts of a total ('trong đó', brackets),
metrics under a parent ('quá hạn' under a pending total), the lists a count introduces, the metric a
flattened table's section heading gives its rows, and the period segment of a number (the year to
date and the earlier value of 'từ X xuống Y' have segments of their own).

Functions of the figures reader (:class:`extractors.figures._Reader`), kept apart to keep that module
readable.
"""

from __future__ import annotations

import bisect
from typing import Any

import regex as re

from extractors import lexicon
from extractors.numbers import NUMBER
from extractors.records import Enumeration

_LABEL = re.compile(r":\s*$")
_ASIDE_BEFORE_LIST = re.compile(r"\s*\([^()\n]{0,80}\)(?=\s*,?\s*(?:bao\s+)?gồm\b)")
_PAREN = re.compile(r"\([^()\n]*\)")
_ASIDE_GAP = re.compile(r"[^.;:()]{0,12}?[\s,]*(?:(?:tăng|giảm)\b[^.;:()]{0,60})?[\s,]*")
# no '^': match() anchors at its position, and '^' would only ever match at the text's start
_ENUM_START = re.compile(r"\s*(?:,\s*)?(\(\s*)?(?:bao\s+)?gồm\s*:?\s*|\s*:\s+(?=\p{Lu})")
_ITEM_SPLIT = re.compile(r"\s*[,;]\s*")
_CUMULATIVE = re.compile(r"\b(?:lũy|luỹ)\s+kế\b(?!\s+(?:đã\s+và\s+đang|trong\s+kỳ))|\bcộng\s+dồn\b|\btừ\s+đầu\s+năm\b")
_FROM_BEFORE = re.compile(r"\btừ\s+$")
_TO_AFTER = re.compile(r"[\d.,]+\s*(?:%|điểm|hồ\s+sơ|ngày)?\s+(?:xuống|lên)\b")


def link_parts(reader: Any) -> None:
    """parent/group: the parts after 'trong đó' / 'cụ thể' / 'gồm' or in a parenthesis."""
    regions: list[tuple[int, int, str]] = []
    counts = [f for f in reader.figures if f.kind == "count"]
    close_re = lexicon.structure_regex("close_parts")
    count_ends = [f.end for f in counts]
    for m in lexicon.structure_regex("parts").finditer(reader.folded):
        k = bisect.bisect_right(count_ends, m.start()) - 1
        owner = counts[k] if k >= 0 else None
        closed = reader.layout.innermost_paren(owner.start) if owner else None
        if closed and closed[1] <= m.start():  # '14.862 hồ sơ (cấp huyện 5.318; cấp xã 9.544); trong đó …': of 14.862
            owner = next((f for f in reversed(counts[:k]) if f.end <= closed[0]), None)
        if not owner:
            continue
        gap = reader.folded[reader.tokens[owner.id].tail:m.start()]
        if reader.layout.sentence_index(owner.start) != reader.layout.sentence_index(m.start()) and \
                gap.strip() not in (".", ""):  # '… 1.395 hồ sơ. Cụ thể: trước hạn …' goes on in the next sentence
            continue
        if len(gap) > 12 and not _ASIDE_GAP.fullmatch(_PAREN.sub("", gap)):
            continue  # '2.187 hồ sơ, tăng gấp đôi so với năm 2023 (…), trong đó: …' is still its breakdown
        paren = reader.layout.innermost_paren(m.start())
        end = paren[1] if paren and paren[0] > owner.end else reader.layout.sentence_span(m.start())[1]
        close = close_re.search(reader.folded, m.end(), end)
        regions.append((m.end(), close.start() if close else end, owner.id))
    for f in counts:
        tail = reader.tokens[f.id].tail
        if reader.folded.startswith("(", tail) or reader.folded[tail:tail + 3].lstrip().startswith("("):
            paren = reader.layout.innermost_paren(reader.folded.index("(", tail) + 1)
            if paren:
                regions.append((paren[0], paren[1], f.id))
    regions.sort()
    starts = [r[0] for r in regions]
    for f in counts:
        k = bisect.bisect_right(starts, f.start)
        inside = [r for r in regions[bisect.bisect_left(starts, f.start - 2000):k]
                  if f.start < r[1] and r[2] != f.id]
        if inside:
            f.parent = max(inside, key=lambda r: r[0])[2]
            f.group = f"g-{f.parent}"


def remap_under(reader: Any) -> None:
    """'quá hạn' under a pending total is pending_overdue (metrics.yaml `under`); in a flattened
    table the section total stands over the rows of its section."""
    by_id = {f.id: f for f in reader.figures}
    table = lexicon.under_table()
    owners = {sec: by_id[fid] for sec, fid in reader.section_owner.items() if fid in by_id}
    for f in reader.figures:
        owner = by_id.get(f.of) if f.of else f
        parent = by_id.get(owner.parent) if owner and owner.parent else None
        if parent is None and owners:
            parent = owners.get(reader._section_start(reader.layout.line_index(f.start)))
            parent = parent if parent is not f else None
        tok = reader.tokens.get(f.id)
        if tok is not None and tok.inherited:
            continue  # '1.186 hồ sơ, trong đó hộ tịch 512 hồ sơ': a field's share of the same count
        if parent and (f.metric, parent.metric) in table and \
                (f.scope, f.unit_name) == (parent.scope, parent.unit_name):  # a level's or agency's share stays
            f.metric = table[(f.metric, parent.metric)]


def enumerations(reader: Any) -> list[Enumeration]:
    out = []
    open_re = lexicon.structure_regex("open_list")
    for f in reader.figures:
        if f.kind != "count" or not 2 <= float(f.value) <= 100:
            continue  # a list names a few units or agencies, not thousands of files
        tail = reader.tokens[f.id].tail
        m = _ENUM_START.match(reader.folded, tail)
        if not m:  # 'Khá 05 đơn vị (từ 70 đến dưới 80 điểm), gồm: …': past a bracketed criterion
            aside = _ASIDE_BEFORE_LIST.match(reader.folded, tail)
            m = _ENUM_START.match(reader.folded, aside.end()) if aside else None
        if not m:
            continue
        start = m.end()
        if m.group(1):
            paren = reader.layout.innermost_paren(start)
            end = paren[1] - 1 if paren else reader.layout.sentence_span(start)[1]
        else:
            end = reader.layout.sentence_span(start)[1]
            semi = reader.folded.find(";", start, end)  # '…, gồm: A, B; xếp loại Khá …': the list ends there
            end = semi if semi >= 0 else end
        body = reader.text[start:end].strip().rstrip(".")
        if not body or NUMBER.search(body):
            continue
        items = [i.strip() for i in _ITEM_SPLIT.split(body) if i.strip()]
        is_open = bool(open_re.search(reader.folded, max(0, f.start - 80), end))
        eid = f"e{len(out) + 1}"
        f.list_id = eid
        out.append(Enumeration(eid, f.id, items, start, end, open=is_open))
    return out


def heading_metric(reader: Any, tok: Any) -> str | None:
    """A table flattened to text: 'III. Số hồ sơ đang giải quyết' / 'Tổng số: 336' — an unqualified
    row value takes the metric its section heading names (the first such row is the section total)."""
    li = reader.layout.line_index(tok.start)
    line = reader.layout.lines[li]
    if tok.start - line.start > 40 or not _LABEL.search(reader.folded, max(0, tok.start - 4), tok.start):
        return None
    if any(True for _ in reader.noun_re.finditer(reader.folded, line.start, tok.start)):
        return None  # 'Tổng số TTHC áp dụng …: 388': the label says what it counts
    sec = reader._section_start(li)
    head = reader.layout.lines[sec]
    if sec == li or not head.heading or li - sec > 8 or sec in reader.section_owner:
        return None
    i = bisect.bisect_left(reader._hit_ends, head.start)
    hits = [h for h in reader.metric_hits[i:] if h[0] >= head.start and h[1] <= head.end
            and any(tok.noun in mp.nouns for mp in reader.metric_table[h[2]])]
    if not hits:
        return None
    reader.section_owner[sec] = f"f{len(reader.figures) + 1}"  # the id new_figure gives this token
    last = max(hits, key=lambda h: (h[1], h[1] - h[0]))  # 'đang giải quyết', not its 'giải quyết'
    mp = next(mp for mp in reader.metric_table[last[2]] if tok.noun in mp.nouns)
    return mp.metric


def segment(reader: Any, start: int) -> int:
    """The period segment of the number at ``start``; 'lũy kế 38.632 hồ sơ' beside the month's
    3.987 is the year to date: a segment of its own, so the two are never related."""
    clause = max([reader.folded.rfind(c, max(0, start - 40), start) for c in ",;(:\n"]
                 + [reader.layout.sentence_span(start)[0] if start - reader.layout.sentence_span(start)[0] <= 40 else -1])
    if clause >= 0 and _CUMULATIVE.search(reader.folded, clause, start):
        return reader.layout.extra_segment("lũy kế")
    if _FROM_BEFORE.search(reader.folded, max(0, start - 8), start) and _TO_AFTER.match(reader.folded, start):
        return reader.layout.extra_segment("từ … (giá trị trước)")  # 'giảm từ 0,31% xuống còn 0,14%'
    return reader.layout.segment(start)
