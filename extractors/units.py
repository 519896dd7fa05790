"""The reporting unit of a bulletin: the province, district, commune or agency whose figures it reports.

``find_unit(doc) -> {"level", "name", "province"}``
    ``level`` is ``tinh`` (tỉnh, thành phố trực thuộc trung ương, or a provincial agency),
    ``huyen`` (huyện, quận, thị xã, thành phố thuộc tỉnh, or a district office) or ``xa`` (xã,
    phường, thị trấn, đặc khu). ``name`` is the gazetteer's short name of a territory ("Mai Sơn")
    or an agency's name as written ("Sở Tài nguyên - Môi trường"); ``province`` the gazetteer's
    short name of the province ("Thanh Hóa", whatever tone placement the text uses). Place names
    are checked against :mod:`extractors.gazetteer`; a name it does not know stays ``None``, and a
    district name found in several provinces gets ``province`` ``None`` unless the text names the
    province. ``UBND huyện`` with no name gives ``{"level": "huyen", "name": None, ...}``.

``find_unit_mentions(text, published=None, headline_end=0) -> list[UnitMention]``
    Every unit mention, in text order, with its role: the visiting delegation's department
    (``Đoàn công tác Sở Nội vụ``) is a ``visitor``; the author named in ``Theo báo cáo … của X`` a
    ``source``; generic words (``các xã``, ``cấp huyện``, ``12 huyện``) are not mentions at all.

The reporting unit is the first mention that is not a visitor: bulletins name their subject in the
headline or the lead. An agency named only as the source of the report gives its level, not its
name; an unnamed territory (``UBND tỉnh``) takes the name of the one territory of its level the text
names, when there is exactly one.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Any

import regex as re

from extractors import gazetteer
from extractors.normalize import fold
from extractors.periods import headline_end  # one headline zone
from extractors.records import Document
from patterns.loader import HERE as PATTERNS_DIR
from patterns.loader import PatternFileError, load

LEVELS = ("tinh", "huyen", "xa")
ROLES = ("territory", "city", "council", "agency", "visitor", "source", "plural", "portal")
LEAD_CHARS = 600  # a portal header gives way to a lower unit named this close after the headline
SOURCE_REACH = 60  # "Theo báo cáo số 19/BC-TTPVHCC của X": the author is this close to "theo báo cáo"


@dataclass
class UnitMention:
    start: int
    end: int
    surface: str
    level: str | None
    name: str | None
    province: str | None
    role: str  # territory | agency (a named body) | source (the author only) | visitor
    named: bool = False  # a place name checked against the gazetteer (or an agency's own name)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# Place names: capitalised syllables (or all capitals), "Bà Rịa - Vũng Tàu", or a number (Quận 1).
_NAME = re.compile(r"[ ]*((?:\p{Lu}\p{L}*|\d{1,3})(?:(?:[ ]+|[ ]*[-–][ ]*)\p{Lu}\p{L}*){0,5})")
_TOKEN = re.compile(r"\p{Lu}\p{L}*|\d{1,3}")
_NEXT_WORD = re.compile(r"[ ]*(\S+)")


def _phrase_regex(phrase: str) -> str:
    parts = [re.escape(w) for w in fold(phrase).split()]
    body = r"\s+".join(parts)
    return body.replace(r"\-", r"\s*[-–]\s*").replace(r"\ ", r"\s+")


@functools.cache
def _lexicon() -> dict[tuple[str, str], re.Pattern[str]]:
    """(role, level) -> one compiled alternation of the nouns, longest first."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for entry in load("units"):
        role, level = entry.get("role", "territory"), entry["level"]
        if role not in ROLES or level not in (*LEVELS, "any"):
            raise PatternFileError(PATTERNS_DIR / entry["_file"], entry["_line"],
                                   f"unknown role {role!r} or level {level!r}; roles: {ROLES}, levels: {LEVELS}")
        grouped.setdefault((role, level), []).extend(entry["nouns"])
    out = {}
    for k, nouns in grouped.items():
        alternation = "|".join(_phrase_regex(n) for n in sorted(nouns, key=len, reverse=True))
        out[k] = re.compile(rf"(?<![\p{{L}}\d])(?:{alternation})(?![\p{{L}}\d])")
    return out


def _ending(role: str) -> re.Pattern[str]:
    """The nouns of ``role`` at the end of a string (to look at what precedes a mention)."""
    return _ending_cache(role)


@functools.cache
def _ending_cache(role: str) -> re.Pattern[str]:
    alts = [p.pattern for (r, _), p in _lexicon().items() if r == role]
    return re.compile("(?:" + "|".join(alts) + r")\s*$")


def _name_at(text: str, pos: int) -> tuple[int, int, list[int]] | None:
    """Start, end and token end offsets of the capitalised name right after ``pos``."""
    m = _NAME.match(text, pos)
    if not m:
        return None
    ends = [t.end() for t in _TOKEN.finditer(text, m.start(1), m.end(1))]
    return m.start(1), m.end(1), ends


def _lookup(level: str, text: str, pos: int, on: str | None) -> tuple[int, Any] | None:
    """The longest gazetteer unit of ``level`` named right after ``pos``: (end offset, unit/list)."""
    found = _name_at(text, pos)
    if not found:
        return None
    start, _, ends = found
    for end in reversed(ends):
        name = text[start:end]
        if level == "tinh":
            unit = gazetteer.find_province(name)
            if unit:
                return end, unit
        elif level == "huyen":
            units = gazetteer.find_districts(name)
            if units:
                return end, units
        elif level == "xa":
            unit = gazetteer.find_commune(name, on=on)
            if unit:
                return end, [unit]
            if gazetteer.gazetteer().candidates("xa", name):
                return end, gazetteer.gazetteer().candidates("xa", name)
    return None


@functools.cache
def _source_first_words() -> tuple[str, ...]:
    return tuple({fold(n).split()[0] for e in load("units") if e.get("role") == "source" for n in e["nouns"]})


_LIST_BEFORE = re.compile(r"(?<![\d/.,])\d{1,3}[ ]+$|(?:xã|huyện|tỉnh|phường|thị\s+trấn|quận|thị\s+xã|thành\s+phố)"
                          r"\s*,\s*$")  # "12 huyện", "các xã, thị trấn": a count or a list of types
_SOURCE_TAIL = re.compile(rf"[^.;\n]{{0,{SOURCE_REACH}}}\s(?:của|từ)\s*")


@functools.cache
def _last_chars(role: str) -> frozenset[str]:
    """Last characters of the nouns of ``role``: an ending search runs only after one of them."""
    return frozenset(fold(n)[-1] for e in load("units") if e.get("role", "territory") == role
                     for n in e["nouns"])


def _ends_with(role: str, before: str, last: str) -> bool:
    # ``last``: the last non-space character (regex \s is a subset of str.isspace)
    return last in _last_chars(role) and bool(_ending_reversed(role).search(before))


@functools.cache
def _ending_reversed(role: str) -> re.Pattern[str]:
    """:func:`_ending` matched from the end backwards: the same yes/no, without trying the
    alternation at every position of the string first (only its truth is used)."""
    return re.compile("(?r)" + _ending(role).pattern)


def _context(folded: str, start: int) -> str | None:
    """visitor / source / plural, from the words just before ``start``."""
    before = folded[max(0, start - 120):start]
    stripped = before.rstrip()
    last = stripped[-1] if stripped else ""
    if _ends_with("plural", before, last) or ((last.isdigit() or last == ",") and _LIST_BEFORE.search(before)):
        return "plural"
    if _ends_with("visitor", before, last):
        return "visitor"
    if _ends_with("portal", before, last):
        return "portal"
    sources = _lexicon()[("source", "any")]
    tail = before[-(SOURCE_REACH + 20):]
    if not any(word in tail for word in _source_first_words()):  # every source noun starts so
        return None
    for m in sources.finditer(tail):
        between = tail[m.end():]
        if _SOURCE_TAIL.fullmatch(between):
            return "source"
    return None


def _agency_mentions(text: str, folded: str, on: str | None) -> list[UnitMention]:
    out = []
    for (role, level), pattern in _lexicon().items():
        if role != "agency":
            continue
        for m in pattern.finditer(folded):
            context = _context(folded, m.start())
            if context == "plural":
                continue
            end, province, unit_level = m.end(), None, level
            nxt = _NEXT_WORD.match(folded, end)
            word = nxt.group(1).rstrip(",.;:") if nxt else ""
            if word == "cấp":  # "Trung tâm … cấp tỉnh, huyện, xã": every level at once, not one unit
                continue
            if word == "tỉnh":
                end = nxt.start(1) + len("tỉnh")
                hit = _lookup("tinh", text, end, on)
                if hit:
                    end, province = hit[0], hit[1].short
            elif word in ("huyện", "quận") or folded.startswith(("thị xã", "thành phố"), nxt.start(1) if nxt else end):
                type_end = nxt.start(1) + (len(word) if word in ("huyện", "quận") else len("thị xã"))
                hit = _lookup("huyen", text, type_end, on)
                if hit and len(hit[1]) == 1:
                    end, province, unit_level = hit[0], hit[1][0].province, "huyen"
            else:
                hit = _lookup("tinh", text, end, on)
                if hit:  # "Sở Tài nguyên - Môi trường Lâm Đồng": the province, not part of the name
                    province = hit[1].short
            role_out = {"visitor": "visitor", "source": "source", "portal": "portal"}.get(context or "", "agency")
            out.append(UnitMention(m.start(), end, text[m.start():end], unit_level, text[m.start():end],
                                   province, role_out, named=True))
    return out


def _territory_mentions(text: str, folded: str, on: str | None, taken: list[tuple[int, int]]
                        ) -> list[UnitMention]:
    out = []
    council = _ending("council")
    taken = sorted(taken)
    taken_starts = [a for a, _ in taken]
    reach, furthest = [], -1  # reach[k]: the furthest end among taken[:k + 1]
    for _, b in taken:
        furthest = max(furthest, b)
        reach.append(furthest)
    for (role, level), pattern in _lexicon().items():
        if role not in ("territory", "city"):
            continue
        for m in pattern.finditer(folded):
            k = bisect.bisect_right(taken_starts, m.start()) - 1
            if k >= 0 and m.start() < reach[k]:  # inside an agency's name
                continue
            start = m.start()
            c = council.search(folded, max(0, start - 30), start)
            if c:
                start = c.start()
            context = _context(folded, start)
            if context == "plural":
                continue
            mention = _resolve_territory(text, role, level, m.start(), m.end(), start, on)
            if mention is None:
                continue
            if context in ("visitor", "portal"):
                mention.role = context
            out.append(mention)
    return out


def _resolve_territory(text: str, role: str, level: str, type_start: int, type_end: int, start: int,
                       on: str | None) -> UnitMention | None:
    if role == "city":
        hit = _lookup("tinh", text, type_end, on)
        if hit and hit[1].type == "Thành phố":
            return UnitMention(start, hit[0], text[start:hit[0]], "tinh", hit[1].short, hit[1].short,
                               "territory", named=True)
        level = "huyen"
    hit = _lookup(level, text, type_end, on)
    if hit is None:
        if role == "city":  # an unnamed "thành phố" could be either level
            return None
        return UnitMention(start, type_end, text[start:type_end], level, None, None, "territory")
    end, found = hit
    if level == "tinh":
        return UnitMention(start, end, text[start:end], "tinh", found.short, found.short, "territory", named=True)
    units = found
    province = units[0].province if len({u.province for u in units}) == 1 else None
    return UnitMention(start, end, text[start:end], level, units[0].short, province, "territory", named=True)


def _headline_provinces(text: str, headline_end: int) -> list[UnitMention]:
    """A headline that opens with a province name: "Lâm Đồng: 98,33% …", "Kon Tum đạt và vượt …"."""
    out = []
    pos = 0
    for line in text[:headline_end].split("\n"):
        lead = len(line) - len(line.lstrip())
        found = _name_at(line, lead)
        if found:
            start, _, ends = found
            for end in reversed(ends):
                unit = gazetteer.find_province(line[start:end])
                rest = line[end:end + 2]
                if unit and (rest[:1] == ":" or (rest[:1] == " " and rest[1:2].islower())):
                    out.append(UnitMention(pos + start, pos + end, line[start:end], "tinh", unit.short,
                                           unit.short, "territory", named=True))
                    break
        pos += len(line) + 1
    return out


def find_unit_mentions(text: str, published: str | None = None, headline_end: int = 0) -> list[UnitMention]:
    """Every reporting-unit mention of ``text`` in text order (see the module docstring)."""
    folded = fold(text)
    agencies = _agency_mentions(text, folded, published)
    taken = [(a.start, a.end) for a in agencies]
    mentions = agencies + _territory_mentions(text, folded, published, taken)
    heads = _headline_provinces(text, headline_end)
    if heads:
        mentions += [h for h in heads if not any(m.start <= h.start < m.end for m in mentions)]
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return mentions


def find_unit(doc: Document) -> dict[str, Any]:
    """The reporting unit of ``doc`` as ``{"level", "name", "province"}`` (module docstring)."""

    head_end = headline_end(doc)
    mentions = find_unit_mentions(doc.text, doc.published, head_end)
    candidates = [m for m in mentions if m.role != "visitor"]
    if not candidates:
        return {"level": None, "name": None, "province": None}
    chosen = candidates[0]
    if chosen.role == "portal":  # the site's header: a lower unit of its province named in the lead wins
        lower = [m for m in candidates if m.role in ("territory", "agency") and m.named
                 and m.start < max(head_end, chosen.end) + LEAD_CHARS
                 and LEVELS.index(m.level or "tinh") > LEVELS.index(chosen.level or "tinh")
                 and (chosen.province is None or m.province in (None, chosen.province))]
        chosen = lower[0] if lower else chosen
    level, name, province = chosen.level, chosen.name, chosen.province
    if chosen.role == "source":  # the author of the report: its jurisdiction, not its name
        name = None
    named_provinces = {m.province for m in mentions
                       if m.role in ("territory", "portal") and m.level == "tinh" and m.named}
    if name is None and chosen.role != "source":
        same_level = {(m.name, m.province) for m in mentions
                      if m.role in ("territory", "portal") and m.level == level and m.named}
        if len(same_level) == 1:
            name, province = next(iter(same_level))
    if province is None and len(named_provinces) == 1:
        only = next(iter(named_provinces))
        if (level == "huyen" and name and gazetteer.find_district(name, only)) or (
                level == "tinh" and chosen.role == "agency"):
            province = only
    if province is None and level == "xa" and name:  # 'xã Tân Tiến' is in many provinces: its district says which
        for district in dict.fromkeys(m.name for m in mentions if m.level == "huyen" and m.named and m.name):
            commune = gazetteer.find_commune(name, district=district)
            if commune is not None:
                province = commune.province
                break
        else:
            if len(named_provinces) == 1 and gazetteer.find_commune(name, province=next(iter(named_provinces))):
                province = next(iter(named_provinces))
    return {"level": level, "name": name, "province": province}
