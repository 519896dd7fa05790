"""Text normalisation, in one place.

Two functions matter to the rest of the pipeline:

* :func:`clean_text` turns whatever came off the page into the *clean text* that every offset in
  the output refers to: NFC, one kind of space, no invisible characters, no look-alike letters.
* :func:`fold` maps clean text to a *matching form* of exactly the same length (so a regex match
  on the folded text is a valid span of the clean text): lower case and one tone placement
  (``hoá`` and ``hóa`` both become ``hoá``).
"""

from __future__ import annotations

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


def clean_text(raw: str) -> str:
    """Return the clean text of ``raw``: NFC, normalised spaces and line ends, no invisibles."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_TABLE)
    text = _CONTROL.sub("", text)
    # NFC again: removing an invisible character can bring a base letter and its mark together.
    return unicodedata.normalize("NFC", text)


# Tone placement: in the open diphthongs oa, oe, uy the "old" style puts the tone on the first
# vowel (hòa, thủy), the "new" style on the second (hoà, thuỷ). Fold to the new style.
_TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}
_DIPHTHONG = re.compile(r"(?<![\p{L}])(?:\p{L}*?)([oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])(?![\p{L}])",
                        re.IGNORECASE)


def _strip_tone(ch: str) -> tuple[str, str | None]:
    parts = unicodedata.normalize("NFD", ch)
    tone = next((c for c in parts if c in _TONES), None)
    base = "".join(c for c in parts if c not in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _move_tone(match: re.Match[str]) -> str:
    word = match.group(0)
    first, second = match.group(1)[0], match.group(1)[1]
    base1, tone1 = _strip_tone(first)
    if tone1 is None:
        return word
    base2, _ = _strip_tone(second)
    moved = base1 + unicodedata.normalize("NFC", base2 + tone1)
    return word[: match.start(1) - match.start(0)] + moved + word[match.end(1) - match.start(0):]


def fold(text: str) -> str:
    """Return the matching form of clean ``text``: same length, lower case, one tone placement."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep it as is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _DIPHTHONG.sub(_move_tone, lowered)


_ASCII_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def strip_accents(text: str) -> str:
    """``Điện Biên`` -> ``Dien Bien``: for search keys and gazetteer lookups (đ is not a mark)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ASCII_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
