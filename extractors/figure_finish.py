"""The last pass over a document's figures: metrics settled from their neighbours (a share takes its
count's metric, the y of an x/y its part's base), scopes of figures with no stated level, headline
restatements merged, default bases. Split from figures.py, which reads the numbers."""

from __future__ import annotations

import bisect
import dataclasses
from typing import Any

import regex as re

from extractors import lexicon
from extractors.gazetteer import find_province
from extractors.records import Figure, Skipped
from extractors.tables import TABLE_GROUP

# The denominator a percentage of each metric is usually taken over (the checks try others).
DEFAULT_BASE = {
    "resolved_total": "received_total", "resolved_early": "resolved_total",
    "resolved_on_time": "resolved_total", "resolved_in_time": "resolved_total",
    "resolved_late": "resolved_total", "resolved_late_actual": "resolved_total",
    "received_new": "received_total", "carried_over": "received_total", "received_online": "received_total",
    "received_offline": "received_total", "digitized": "received_total", "pending_total": "received_total",
    "pending_in_time": "pending_total", "pending_overdue": "pending_total", "late_total": "due_total",
    "returned_or_withdrawn": "due_total", "procedures_level_1": "procedures_total",
    "procedures_level_2": "procedures_total", "procedures_level_3": "procedures_total",
    "procedures_level_4": "procedures_total", "online_services_total": "procedures_total",
    "online_services_full": "online_services_total", "online_services_partial": "online_services_total",
    "procedures_published": "procedures_total", "procedures_at_center": "procedures_total",
    "feedback_processed": "feedback_received", "digitized_results": "resolved_total",
    "paid_online": "payment_required",
}


def finish(reader: Any) -> None:
    doc, figures = reader.doc, reader.figures
    by_id = {f.id: f for f in figures}
    for f in figures:  # a percentage shares the metric (and the period) of the count it belongs to
        if f.of in by_id and not by_id[f.of].metric.startswith("?"):
            f.metric = by_id[f.of].metric
        if f.of in by_id:
            f.segment = by_id[f.of].segment
    for f in figures:  # the whole of an x/y is what the part is counted against
        if f.whole in by_id and by_id[f.whole].metric == "?":
            by_id[f.whole].metric = DEFAULT_BASE.get(f.metric) or "?received_total"
    for f in figures:
        if f.kind in ("score", "rank"):  # 'Đạt 17,94 điểm', 'đứng hạng 3/15': the kind is the metric
            f.metric = f.kind
    for f in figures:  # no qualifier anywhere: the noun's own metric ('590 hồ sơ')
        if f.metric.startswith("?"):
            f.metric = f.metric[1:] or "unlabelled"
    figures = _coordinated(reader, figures)
    if any(f.metric == "late_total" for f in figures) and \
            not any(f.metric == "resolved_late" and f.kind == "count" for f in figures):
        for f in figures:  # one late measure in the article: later 'chậm, quá hạn' rates are that one
            if f.metric == "resolved_late":
                f.metric = "late_total"
    for seg in {f.segment for f in figures}:  # 'đúng hạn' alone means within the deadline
        seg_figs = [f for f in figures if f.segment == seg]
        if not any(f.metric == "resolved_early" for f in seg_figs):
            for f in seg_figs:
                if f.metric == "resolved_on_time":
                    f.metric = "resolved_in_time"
    city = city_level(doc.unit)
    for f in figures:  # 'cấp thành phố': its level is known only from the document's own unit
        if f.scope == "city":
            f.scope = city
    unit_level = (doc.unit or {}).get("level")
    by_level = {f.segment for f in figures if f.scope in ("tinh", "huyen", "xa")}
    for f in figures:  # 'huyện X và các xã': the whole where levels are told apart, else the unit's own
        if f.scope == "whole":
            f.scope = "all" if f.segment in by_level or not unit_level else unit_level
    # A figure with no stated level is the whole when the same metric is also broken down by level
    # (and it is larger than each part: one equal to a part is that part repeated, as a headline
    # repeats it); otherwise it is the reporting unit's own.
    level_max: dict[tuple, float] = {}
    for f in figures:
        if f.scope in ("tinh", "huyen", "xa"):
            key = (f.metric, f.kind, f.segment)
            level_max[key] = max(level_max.get(key, 0.0), float(f.value))
    # Decided per sentence: one count there smaller than its own level part shows the sentence gives
    # the unit's own figures, so its other unlabelled figures are too ('Đã giải quyết 2.400 …, quá
    # hạn 10' beside 'Cấp xã: … giải quyết 5.100 …, trễ hạn 2': the 2.400 cannot be the whole, so
    # neither is the 10, though it outnumbers the communes' 2).
    own_sentences = {f.sentence for f in figures if not f.scope and f.kind == "count"
                     and (f.metric, f.kind, f.segment) in level_max
                     and float(f.value) < level_max[(f.metric, f.kind, f.segment)]}
    # A segment that states a whole by an area word ('trên địa bàn huyện … 5.327 hồ sơ') and then
    # splits it by level reports the whole: its unlabelled figures of metrics with no level part
    # ('Đã giải quyết 5.129 hồ sơ' a paragraph later) are the whole's too.
    framed = {f.segment for f in figures if f.scope == "all" and f.kind == "count"} & by_level

    def is_whole(f: Figure) -> bool:
        key = (f.metric, f.kind, f.segment)
        return key in level_max and f.sentence not in own_sentences and (
            f.kind != "count" or float(f.value) > level_max[key])
    # Likewise the sentence whose unlabelled count is the whole of a level split ('tiếp nhận 45.600
    # hồ sơ (cấp huyện 12.300, cấp xã 33.300); đã giải quyết 45.100 hồ sơ', 'cung cấp 1.842 TTHC,
    # trong đó 1.105 … toàn trình'): its other unlabelled figures, of metrics not split, are that
    # whole's, not the unit's own level's (45.100 / 12.300 was flagged as a 366 % share).
    whole_sentences = {f.sentence for f in figures if not f.scope and f.kind == "count" and is_whole(f)}
    # an unlabelled total at least as large as every level's part frames its segment too ('tổng số hồ
    # sơ các cấp phải giải quyết là 127.846 hồ sơ' before 'Trung tâm … 38.204; cấp huyện …')
    split_parents = {g.parent for g in figures if g.parent and g.scope in ("tinh", "huyen", "xa")}
    framed |= {f.segment for f in figures if not f.scope and f.kind == "count" and f.metric == "received_total"
               and is_whole(f) and (f.id in split_parents  # '14.862 hồ sơ (cấp huyện 5.318, cấp xã 9.544)'
                                    or _ALL_LEVELS.search(reader.folded, *reader.layout.sentence_span(f.start)))
               } & by_level
    last_scope: dict[tuple, str] = {}  # (metric, segment) -> the scope of its latest figure so far
    noun_levels = lexicon.noun_levels()
    for f in figures:
        tok = reader.tokens.get(f.id)  # a twin figure has no token of its own
        if tok and f.kind == "count" and tok.noun in noun_levels:
            f.scope = noun_levels[tok.noun]  # '9 huyện' is a district-level fact in any sentence
        if not f.scope and f.parent in by_id and by_id[f.parent].scope:
            f.scope = by_id[f.parent].scope  # a part is of its total's level ('1.395 hồ sơ. Cụ thể: trước hạn …')
        if not f.scope and f.kind == "change" and (f.metric, f.segment) in last_scope:
            f.scope = last_scope[(f.metric, f.segment)]  # a change is of the figure it follows
        if not f.scope:
            key = (f.metric, f.kind, f.segment)
            whole = is_whole(f) or (key not in level_max and f.kind in ("count", "percent") and (
                f.segment in framed or f.sentence in whole_sentences))
            f.scope = "all" if whole or not unit_level else unit_level
        last_scope[(f.metric, f.segment)] = f.scope
    for f in figures:  # a share is of its count's level ('… đúng hạn 51.502 hồ sơ, đạt 99,34%')
        if f.kind == "percent" and f.of in by_id and by_id[f.of].scope and not f.unit_name:
            f.scope = by_id[f.of].scope
    _quoted_agencies(reader, figures, unit_level)
    for f in figures:  # an index score or a rank is the unit's own ('tỉnh đạt 78,45 điểm, xếp thứ 38/63')
        if f.kind in ("score", "rank") and f.scope == "all" and not f.unit_name and unit_level:
            f.scope = unit_level
    kept, alias = _dedupe(reader, figures)
    for f in kept:
        for attr in ("of", "whole", "parent"):
            ref = getattr(f, attr)
            if ref in alias:
                setattr(f, attr, alias[ref])
        if f.parent:  # a table's rows keep their mark: they are all of their total row, even one
            f.group = (TABLE_GROUP if f.group == TABLE_GROUP else "g-") + f.parent  # merged with its sentence
        if f.kind == "percent" and f.base is None:
            f.base = DEFAULT_BASE.get(f.metric)
    doc.figures = kept


_AND = re.compile(r"\s+và\s+")
# 'Bà …, Giám đốc Trung tâm Phục vụ hành chính công tỉnh cho biết: "…"': the head of an agency speaking
_AGENCY_HEAD = re.compile(r"(?:Phó\s+)?(?:Giám\s+đốc|Trưởng\s+phòng|Chánh\s+Văn\s+phòng)\s+((?:Trung\s+tâm|Sở|Chi\s+nhánh|"
                          r"Văn\s+phòng|Phòng)\s[^,:;\"“”()\n]{2,80}?)\s*(?:,|\bcho\s+biết|\bnói|\bthông\s+tin|\bchia\s+sẻ)")


def _quoted_agencies(reader: Any, figures: list[Figure], unit_level: str | None) -> None:
    """Figures of a paragraph where the head of an agency speaks are that agency's, not the whole's: a
    provincial centre's 18.144 files in a province's news item (a provincial agency is province level)."""
    own = ((reader.doc.unit or {}).get("name") or "").strip()
    spoken: list[tuple[int, int, str]] = []
    for line in reader.layout.lines:
        if "đốc" not in reader.text[line.start:line.end] and "Trưởng" not in reader.text[line.start:line.end]:
            continue
        m = _AGENCY_HEAD.search(reader.text, line.start, line.end)
        if m is not None and not (own and own in m.group(1)):
            spoken.append((m.end(), line.end, " ".join(m.group(1).split())))
    # only where the text also gives the whole's own figures: an article about the agency alone
    # (its director quoted throughout) reports the agency's figures as its subject's
    if not spoken or not any(f.scope == "all" and not any(a <= f.start < b for a, b, _ in spoken) for f in figures):
        return
    for a, b, name in spoken:
        level = "tinh" if name.startswith("Sở") or name.endswith("tỉnh") else None
        for f in figures:
            if a <= f.start < b and not f.unit_name:
                f.unit_name = name
                if level:
                    f.scope = level
_ALL_LEVELS = re.compile(r"\b(?:các|ba|hai|cả\s+(?:ba|hai))\s+cấp\b")


def _phrase_ending(reader: Any, end: int, noun: str) -> tuple[int, str] | None:
    """(start, metric) of the longest metric phrase of ``noun`` ending exactly at ``end``."""
    hits, ends = reader.metric_hits, reader._hit_ends
    best = None
    for k in range(bisect.bisect_left(ends, end), bisect.bisect_right(ends, end)):
        s, _e, phrase = hits[k]
        metric = next((mp.metric for mp in reader.metric_table[phrase] if noun in mp.nouns), None)
        if metric and (best is None or s < best[0]):
            best = (s, metric)
    return best


def _trim(folded: str, k: int) -> int:
    while k > 0 and folded[k - 1].isspace():
        k -= 1
    return k


def _coordinated(reader: Any, figures: list[Figure]) -> list[Figure]:
    """'Cấp xã đã tiếp nhận và giải quyết đúng hẹn 34.365 hồ sơ': two verbs joined by 'và' right
    before one count state it for both; the first verb's metric gets a twin figure on the same span.
    Only where the text states no other value for that metric there: 'tiếp nhận và giải quyết' is
    also an idiom for 'handled', and a twin beside a stated count would make both ambiguous."""
    out = []
    folded = reader.folded
    stated = {(f.metric, f.kind, f.scope, f.unit_name, f.segment) for f in figures}
    # counts stated as parts of a total there ('tiếp nhận mới 800, kỳ trước chuyển sang 100'): the
    # total is then theirs to imply, and a twin would be checked against them as if stated
    parts: dict[tuple, set[str]] = {}
    for g in figures:
        if g.kind == "count" and g.metric in DEFAULT_BASE:
            parts.setdefault((DEFAULT_BASE[g.metric], g.scope, g.unit_name, g.segment), set()).add(g.id)
    for f in figures:
        out.append(f)
        tok = reader.tokens.get(f.id)
        if f.kind != "count" or tok is None or tok.noun != "applications":
            continue
        k = _trim(folded, f.start)
        second = _phrase_ending(reader, k, tok.noun)
        if second is None and folded.endswith("được", 0, k):  # 'giải quyết được 90 hồ sơ'
            second = _phrase_ending(reader, _trim(folded, k - len("được")), tok.noun)
        if second is None or second[1] != f.metric:
            continue
        start = second[0]  # 'giải quyết' + 'đúng hẹn': one verb group of adjacent phrases
        while (prev := _phrase_ending(reader, _trim(folded, start), tok.noun)) is not None:
            start = prev[0]
        gap = _AND.search(folded, max(0, start - 6), start)
        if gap is None or gap.end() != start:
            continue
        first = _phrase_ending(reader, gap.start(), tok.noun)
        if first is None or first[1] == f.metric or (first[1], f.kind, f.scope, f.unit_name, f.segment) in stated:
            continue
        if parts.get((first[1], f.scope, f.unit_name, f.segment), set()) - {f.id}:
            continue
        out.append(dataclasses.replace(f, id=f"{f.id}b", metric=first[1], of=None, whole=None, parent=None))
    return out


def city_level(unit: dict | None) -> str:
    """The level 'cấp thành phố' names in a document of ``unit``: the province in a centrally-run
    city (Hà Nội, Huế …: a document of the city or of one of its wards), a district elsewhere (a
    province's city, or a province speaking of its cities); '' (no stated level) when the unit is
    unknown."""
    level = (unit or {}).get("level")
    if level not in ("tinh", "huyen", "xa"):
        return ""
    if level == "huyen":
        return "huyen"
    province = find_province(unit.get("province") or unit.get("name") or "")
    if province is None:
        return "" if level == "xa" else "huyen"
    return "tinh" if province.type == "Thành phố" else "huyen"


def _dedupe(reader: Any, figures: list[Figure]) -> tuple[list[Figure], dict[str, str]]:
    """The same figure written twice (headline + body, caption + text) is one figure."""
    seen: dict[tuple, Figure] = {}
    kept, alias = [], {}
    title_end = reader.layout.lines[0].end if reader.layout.lines else 0
    body = {(f.metric, f.kind, round(float(f.value), 6), f.approx): f for f in reversed(figures) if f.start > title_end}
    for f in figures:
        restated = body.get((f.metric, f.kind, round(float(f.value), 6), f.approx))
        if f.end <= title_end and restated is not None:  # a headline restates a body figure
            alias[f.id] = restated.id
            reader.skipped.append(Skipped(f.surface, f.start, f.end, "duplicate"))
            continue
        key = (f.metric, f.kind, round(float(f.value), 6), f.scope, f.unit_name, f.segment, f.approx)
        if key in seen:
            alias[f.id] = seen[key].id
            reader.skipped.append(Skipped(f.surface, f.start, f.end, "duplicate"))
            continue
        seen[key] = f
        kept.append(f)
    return kept, alias
