"""TCVN3 (ABC) legacy Vietnamese font text: detect and convert to Unicode.

Old pages typed with the .VnTime fonts carry Vietnamese letters as Latin-1 code points:
"B¶o Th¾ng" is "Bảo Thắng". Upper-case toned letters used a separate font (.VnTimeH) with the
same codes, so their case cannot be recovered: they convert to lower case.
"""

from __future__ import annotations

import regex as re

# byte (as a Latin-1 code point) -> Unicode letter, the TCVN3 (ABC) table
_TABLE = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_TRANS = {code: letter for code, letter in _TABLE.items()}
# Latin-1 letters that are also ordinary Vietnamese letters in Unicode text: not evidence of TCVN3.
_SHARED = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_TELLTALE = "".join(sorted(chr(c) for c in _TABLE if chr(c) not in _SHARED))
_TELLTALE_RE = re.compile(f"[{re.escape(_TELLTALE)}]")
# Letters only Unicode Vietnamese has: a segment containing them is already Unicode.
_UNICODE_VI = re.compile(r"[\u1EA0-\u1EF9ăĂđĐơƠưƯ\u0300-\u0323]")
_SEGMENT = re.compile(r"(?:(?<=>)|^)[^<>]+(?=<|$)")
# Telltales that also occur as punctuation in ordinary text: they count, but never alone.
_WEAK = set("«»×÷·§")
MIN_TELLTALES = 2
MIN_RATIO = 0.04


def looks_tcvn3(segment: str) -> bool:
    """True when a run of text reads as TCVN3: telltale bytes (not only punctuation-like ones)
    at a Vietnamese density, and no letter that only Unicode Vietnamese has."""
    hits = _TELLTALE_RE.findall(segment)
    if len(hits) < MIN_TELLTALES or all(h in _WEAK for h in hits) or _UNICODE_VI.search(segment):
        return False
    letters = sum(ch.isalpha() or ch in _TELLTALE for ch in segment) or 1
    return len(hits) / letters >= MIN_RATIO


def convert(segment: str) -> str:
    """Map every TCVN3 code point of ``segment`` to its Unicode letter."""
    return segment.translate(_TRANS)


def convert_tcvn3(text: str) -> tuple[str, int]:
    """Convert each text run (between tags) that looks TCVN3; return (text, runs converted)."""
    count = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal count
        if looks_tcvn3(match.group(0)):
            count += 1
            return convert(match.group(0))
        return match.group(0)

    return _SEGMENT.sub(repl, text), count
