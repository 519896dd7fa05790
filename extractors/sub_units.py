"""The named sub-unit a figure belongs to: a district or commune named before it in its sentence
('huyện Lập Thạch … 0,33%'), an agency whose bracket it opens ('Sở Tư pháp (…'), an agency named
right before its count ('Sở Tư pháp 2.315 hồ sơ'), or a bare district name that heads its clause.
"""

from __future__ import annotations

from typing import Any

import regex as re

_DISTRICT_NAMED_ANY = re.compile(r"\b(?:[Hh]uyện(?:\s+đảo)?|[Tt]hị\s+xã|[Qq]uận|[Tt]hành\s+phố)\s+((?:\p{Lu}[\p{Ll}\p{M}]*)(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,2})")
_COMMUNE_NAMED_ANY = re.compile(r"(?<![Tt]hị\s)\b(?:[Xx]ã|[Pp]hường|[Tt]hị\s+trấn)\s+((?:\p{Lu}[\p{Ll}\p{M}]*)(?:\s+\p{Lu}[\p{Ll}\p{M}]*){0,2}"
                                r"|(?<=[Pp]hường\s+)\d{1,2}\b(?![.,]\d))")  # 'Phường 12': a ward named by its number
_NAME_BEFORE = re.compile(r"((?:\p{Lu}[\p{Ll}\p{M}]*\s+){0,3}\p{Lu}[\p{Ll}\p{M}]*)\s*$")
_AGENCY_BEFORE = re.compile(r"((?:Sở|Công an|Phòng|Ban|Trung tâm|Chi cục|Văn phòng|Bảo hiểm|Cục|Chi nhánh)"
                            r"[^,;:()\n]{0,50}?)\s*\(\s*$")
_AGENCY_NEXT = re.compile(r"^\s*(?!.*\b(?:đã|đang|được|có|đạt|xếp|với|là|tiếp|giải)\b)((?:Sở|Công an|Ban|Chi cục|Bảo hiểm|Cục|Chi nhánh)\s+\p{Lu}[^\d]{0,60}?|"
                          r"(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|sở,\s+ngành)\s+(?:còn\s+lại|khác))\s*$")
_CLOSED_PAREN = re.compile(r"\([^)]*\d[^)]*\)")  # one with a number in it: figures of its own
_CLAUSE_SPLIT = re.compile(r"[,;:.(]\s*")


def _district_level(m: re.Match[str]) -> str:
    """'Thành phố Đông Hà' is a district-level city; 'thành phố Hải Phòng' is a province."""
    if m.group(0)[:1] in "Tt" and m.group(0)[1:5] == "hành":
        from extractors import gazetteer
        province = gazetteer.find_province(m.group(1).strip())
        if province is not None and gazetteer.key(province.name) == gazetteer.key(m.group(1).strip()):
            return "tinh"
    return "huyen"


def sub_unit_name(reader: Any, start: int) -> tuple[str, str | None] | None:
    """(name, level or None) of the sub-unit the number at ``start`` of ``reader`` (a figures
    reader: text, folded text, layout, document) is stated for, or None."""
    line = reader.layout.lines[reader.layout.line_index(start)]
    before = reader.text[max(line.start, start - 60):start]
    sent_start = reader.layout.sentence_span(start)[0]
    lo = max(sent_start, start - 160)
    near = reader.folded[lo:start]  # the type words first, on the folded text: most windows lack them
    named = [(m, _district_level(m)) for m in _DISTRICT_NAMED_ANY.finditer(reader.text, lo, start)] \
        if "huyện" in near or "quận" in near or "xã" in near or "phố" in near else []
    if "xã" in near or "phường" in near or "trấn" in near:
        named += [(m, "xa") for m in _COMMUNE_NAMED_ANY.finditer(reader.text, lo, start)]
    closed = [p for p in reader.layout.parens_before(start) if p[1] <= start]
    if closed:  # 'xã Nghĩa Trung (huyện Bù Đăng) đã tiếp nhận …': a place in brackets locates, it does not own
        named = [(m, lv) for m, lv in named if not any(a <= m.start() < b for a, b in closed)]
    unit = reader.doc.unit or {}
    # the reporting unit itself is no sub-unit ('Thị xã Quảng Trị' in tỉnh Quảng Trị's report is one)
    named = [(m, lv) for m, lv in named if m.group(1).strip() != unit.get("name") or lv != unit.get("level")]
    if named:
        m, level = max(named, key=lambda x: x[0].start())
        between = reader.text[m.end():start]
        if ";" not in between and not _CLOSED_PAREN.search(between):
            name = m.group(1).strip()
            return (m.group(0).strip() if name.isdigit() else name), level  # 'huyện Lập Thạch … 0,33%'
    clause = _CLAUSE_SPLIT.split(before)[-1]
    m = _AGENCY_BEFORE.search(before) if before.rstrip().endswith("(") else None
    if m:
        return m.group(1).strip(), None
    m = _AGENCY_NEXT.match(clause)  # 'Sở Tư pháp 2.315 hồ sơ; …': a name, then its count
    if m and m.group(1).strip() != (reader.doc.unit or {}).get("name") and \
            not reader.has_qualifier(start - len(clause), start):
        return m.group(1).strip(), None
    # the whole clause must be a capitalised name: one that starts otherwise is not searched
    m = _NAME_BEFORE.search(clause) if clause.strip()[:1].isupper() else None
    if m and clause.strip() == m.group(0).strip():
        from extractors import gazetteer  # the gazetteer is large: loaded only when a name is met
        if gazetteer.is_district_name(m.group(1).strip(), reader.doc.unit.get("province")):
            return m.group(1).strip(), "huyen"
    return None
