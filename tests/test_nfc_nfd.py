"""The same bulletin written differently gives the same figures: NFD instead of NFC, non-breaking
and zero-width spaces between words, the other tone placement (hóa / hoá, thủy / thuỷ). And every
figure's and skipped entry's surface is exactly its slice of the clean text."""

from __future__ import annotations

import functools
import random
import unicodedata
from pathlib import Path

import pytest
import regex as re

from extractors.document import extract_text

GOLD = Path(__file__).parent / "gold"
FILES = sorted(GOLD.glob("seeds/*.txt")) + sorted(GOLD.glob("dev/*.txt"))

# old placement (tone on the first vowel) <-> new placement (on the second), at a word's end
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_PAIRS = [(unicodedata.normalize("NFC", a[0] + t) + a[1], a[0] + unicodedata.normalize("NFC", a[1] + t))
          for a in ("oa", "oe", "uy", "Oa", "Uy") for t in _TONES]
_OLD_TO_NEW = dict(_PAIRS)
_NEW_TO_OLD = {new: old for old, new in _PAIRS}
_WORD_END = r"(?![\p{L}])"


def swap_tones(text: str, table: dict[str, str]) -> str:
    pattern = re.compile("(" + "|".join(map(re.escape, table)) + ")" + _WORD_END)
    return pattern.sub(lambda m: table[m.group(1)], text)


def sprinkle_spaces(text: str, seed: int) -> str:
    """Turn some spaces into NBSP and put zero-width characters after others (between words only)."""
    rng = random.Random(seed)
    out = []
    for ch in text:
        if ch == " ":
            roll = rng.random()
            ch = "\u00a0" if roll < 0.3 else (" \u200b" if roll < 0.45 else (" \ufeff" if roll < 0.5 else " "))
        out.append(ch)
    return "".join(out)


VARIANTS = {
    "nfd": lambda raw: unicodedata.normalize("NFD", raw),
    "spaces": lambda raw: sprinkle_spaces(raw, 7),
    "tone_new": lambda raw: swap_tones(raw, _OLD_TO_NEW),
    "tone_old": lambda raw: swap_tones(raw, _NEW_TO_OLD),
    "nfd_spaces_tone": lambda raw: unicodedata.normalize("NFD", sprinkle_spaces(swap_tones(raw, _OLD_TO_NEW), 3)),
}


def raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def extracted(path: Path, variant: str | None):
    text = raw(path) if variant is None else VARIANTS[variant](raw(path))
    return extract_text(text, path.name, run_checks=False)


def figures_key(doc) -> list[tuple]:
    return [(f.metric, f.kind, f.value, f.scope, f.approx) for f in doc.figures]


CASES = [pytest.param(p, v, id=f"{p.parent.name}/{p.name}:{v}") for p in FILES for v in VARIANTS]


@pytest.mark.parametrize("path,variant", CASES)
def test_same_figures(path: Path, variant: str) -> None:
    base, other = extracted(path, None), extracted(path, variant)
    assert figures_key(other) == figures_key(base)
    assert [(s.reason, s.surface) for s in other.skipped] == [(s.reason, s.surface) for s in base.skipped]
    assert other.period == base.period
    assert other.unit["level"] == base.unit["level"]
    if variant in ("nfd", "spaces"):  # the clean text is the same, so everything else is too
        assert other.text == base.text
        assert other.unit == base.unit
        assert [(f.start, f.end) for f in other.figures] == [(f.start, f.end) for f in base.figures]


@pytest.mark.parametrize("path,variant", [pytest.param(p, None, id=f"{p.parent.name}/{p.name}") for p in FILES]
                         + CASES)
def test_surface_is_the_slice(path: Path, variant: str | None) -> None:
    doc = extracted(path, variant)
    assert doc.figures
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.surface, f
    for s in doc.skipped:
        assert doc.text[s.start:s.end] == s.surface, s
    assert unicodedata.is_normalized("NFC", doc.text)
    assert not re.search("[\u00a0\u200b\ufeff]", doc.text)


def test_variants_really_differ() -> None:
    """Guard against a vacuous test: the variants change the raw text of the documents."""
    for variant, make in VARIANTS.items():
        changed = sum(make(raw(p)) != raw(p) for p in FILES)
        assert changed >= 3, variant
    assert swap_tones("số hóa, Thanh Hóa, thủy, hoàn", _OLD_TO_NEW) == "số hoá, Thanh Hoá, thuỷ, hoàn"
    assert swap_tones("số hoá, thuỷ", _NEW_TO_OLD) == "số hóa, thủy"
