"""Text normalisation, in one place.

Two functions matter to the rest of the pipeline:

* :func:`clean_text` turns whatever came off the page into the *clean text* that every offset in
  the output refers to: NFC, one kind of space, no invisible characters, no look-alike letters.
* :func:`fold` maps clean text to a *matching form* of exactly the same length (so a regex match
  on the folded text is a valid span of the clean text): lower case and one tone placement
  (``hoá`` and ``hóa`` both become ``hoá``).
"""

from __future__ import annotations

import functools
import re as std_re
import unicodedata

import regex as re

# Spaces that CKEditor and Word pastes leave behind; all become a plain space.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                 "\u200a\u202f\u205f\u3000\t\x0b\x0c"), " ")
# Invisible characters that split words: removed.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
# Look-alike letters typed for Vietnamese ones (Icelandic eth, African D) and typographic dashes.
_LOOKALIKES = {
    ord("\u00d0"): "Đ", ord("\u0189"): "Đ", ord("\u00f0"): "đ", ord("\u0256"): "đ",
    ord("\u2010"): "-", ord("\u2011"): "-", ord("\u2012"): "-", ord("\u2212"): "-",
}
_TABLE = {**_SPACES, **_INVISIBLE, **_LOOKALIKES}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_TAB_ROW = re.compile(r"(?m)^[^\n\t]*\t[^\n\t]*\t[^\n]*$")  # two tabs or more: cells, as '|' rows are
_NEEDS_WORK = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "\r\x00-\x08\x0e-\x1f\x7f]")


def clean_text(raw: str) -> str:
    """Return the clean text of ``raw``: NFC, normalised spaces and line ends, no invisibles."""
    if unicodedata.is_normalized("NFC", raw) and not _NEEDS_WORK.search(raw):
        return raw  # already clean: the common case for a decoded page, and the costliest step to redo
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if "\t" in text:  # a tab-separated row (a table copied out of Word or a spreadsheet) keeps its cells
        text = _TAB_ROW.sub(lambda m: m.group().replace("\t", " | "), text)
    text = text.translate(_TABLE)
    text = _CONTROL.sub("", text)
    # NFC again: removing an invisible character can bring a base letter and its mark together.
    return unicodedata.normalize("NFC", text)


# A line break inside a sentence, as text taken out of a PDF or a DOC attachment has at its print
# width ('… trước hạn 150.400 hồ\nsơ, đúng hạn …'): the line before is long and not ended, and the
# next goes on in lower case (or with an abbreviation: 'TTHC đã …'), or with a number after a word. Not a list item ('a) …', '2.1. …'),
# not a date line, and not a line that holds only a number (a page number). The break becomes a
# space: same length, so offsets hold. Run on a document's body, not on its title or date lines.
_MIN_WRAPPED = 45
_HARD_WRAP = re.compile(
    r"(?<=[^\s.;:!?…][ \t]*)\n(?=[ \t]*(?:\p{Ll}(?![.)])|\p{Lu}{2,6}[ \t]+\p{Ll}"
    r"|(?<=\p{L}[ \t]*\n[ \t]*)\d(?![\d.,]*[.)](?:\s|$))(?![\d.,]*[ \t]*(?:\n|$))"
    r"(?!\d?\s*[-/.:]\s*\d{1,2}(?:\s*[-/.]\s*\d{2,4}|\b))))")


# An infographic's value line and the label under it ('312.485\nhồ sơ tiếp nhận'): one statement.
# Not a page number, which sits between the halves of a long wrapped line.
_VALUE_LINE = re.compile(r"(?m)^[ \t]*[~≈]?\d[\d.,]*[ \t]*%?[ \t]*\n(?=[ \t]*\p{Ll})")


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of ``text`` (a line break inside a sentence becomes a space), and
    an infographic's value lines with their labels."""
    if "\n" not in text:
        return text
    breaks = []
    for m in _VALUE_LINE.finditer(text):
        before = text.rfind("\n", 0, max(m.start() - 1, 0))
        if m.start() - 1 - (before + 1) < _MIN_WRAPPED:  # the line above is short (a label) or blank
            breaks.append(m.end() - 1)
    for m in _HARD_WRAP.finditer(text):
        at = m.start()
        line_start, next_end = text.rfind("\n", 0, at) + 1, text.find("\n", at + 1)
        pair = text[line_start:next_end if next_end >= 0 else len(text)]
        if at - line_start >= _MIN_WRAPPED and "|" not in pair and "\t" not in pair:  # table rows stay rows
            breaks.append(at)
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        chars[at] = " "
    return "".join(chars)


# Tone placement: in the open diphthongs oa, oe, uy the "old" style puts the tone on the first
# vowel (hòa, thủy), the "new" style on the second (hoà, thuỷ). Fold to the new style.
def _tone_table() -> dict[str, str]:
    """'òa' -> 'oà' … for every toned first vowel of the open diphthongs oa, oe, uy."""
    table = {}
    for first in "oòóỏõọuùúủũụ":
        parts = unicodedata.normalize("NFD", first)
        base, tone = parts[0], parts[1:]
        if not tone:
            continue
        for second in ("ae" if base == "o" else "y"):
            table[first + second] = base + unicodedata.normalize("NFC", second + tone)
    return table


_TONE_TABLE = _tone_table()
# stdlib re: a pair at the end of a word ([^\W\d_] is a letter); one pass, no per-letter work.
_TONE_PAIR = std_re.compile("(" + "|".join(_TONE_TABLE) + r")(?![^\W\d_])")


@functools.lru_cache(maxsize=8)
def fold(text: str) -> str:
    """Return the matching form of clean ``text``: same length, lower case, one tone placement.

    Cached: the layout, periods, units and figures all fold the same document."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep it as is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _TONE_PAIR.sub(lambda m: _TONE_TABLE[m.group(1)], lowered)


_ASCII_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def strip_accents(text: str) -> str:
    """``Điện Biên`` -> ``Dien Bien``: for search keys and gazetteer lookups (đ is not a mark)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ASCII_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
