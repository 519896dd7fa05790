"""Fast paths checked against the slow code they replaced: the not_figures regexes on the folded
text (no ``(?i)``), sentence bounds bisected from boundaries found once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import regex as re

from extractors import lexicon
from extractors.normalize import clean_text, fold
from patterns import load

GOLD = sorted((Path(__file__).parent / "gold").glob("*/*.txt"))
EXAMPLES = [ex for entry in load("not_figures") for ex in entry.get("examples", [])]
# capitalised and other-tone-placement variants: what (?i) and the fold both have to absorb
TEXTS = [p.read_text(encoding="utf-8") for p in GOLD] + EXAMPLES + [ex.upper() for ex in EXAMPLES] + [
    "Thực hiện THÔNG TƯ SỐ 02/2017/TT-VPCP, Khóa XV, khoá 12, kỳ họp thứ 5, Điện Thoại: 0212.3852.123",
    "ảnh: IMG_2023.JPG và tệp BaoCao.Thang.10.PDF; www.Example.vn/a1; 6 THÁNG ĐẦU NĂM 2023",
]


def reference(text: str) -> list[tuple[int, int, str]]:
    return sorted((m.start(), m.end(), reason) for reason, rx in lexicon.not_figures()
                  for m in rx.finditer(text) if m.end() > m.start())


@pytest.mark.parametrize("text", TEXTS, ids=[f"text{i}" for i in range(len(TEXTS))])
def test_folded_matchers_give_the_original_spans(text: str) -> None:
    text = clean_text(text)
    assert sorted(lexicon.not_figure_spans(text, fold(text))) == reference(text)


def test_most_case_insensitive_patterns_run_folded() -> None:
    matchers = lexicon._not_figure_matchers()
    folded = [rx.pattern for _, rx, on_folded in matchers if on_folded]
    assert len(folded) >= 25 and not any(p.startswith("(?i)") for p in folded)
    # a pattern that names a letter case keeps (?i) and the clean text
    assert any("\\p{Lu}" in rx.pattern and not on_folded for _, rx, on_folded in matchers)


@pytest.mark.parametrize("pattern, expected", [
    (r"(?:Hóa|THỦY)\s+\d+\S*", r"(?:hoá|thuỷ)\s+\d+\S*"),
    (r"\bĐiều\s+\p{Lu}+", r"\bđiều\s+\p{Lu}+"),
    (r"[IVX]+\D", r"[ivx]+\D"),
])
def test_fold_pattern_folds_literals_and_keeps_escapes(pattern: str, expected: str) -> None:
    assert lexicon.fold_pattern(pattern) == expected
    re.compile(lexicon.fold_pattern(pattern))


def _sentence_reference(text: str, pos: int) -> tuple[int, int]:
    """The scan sentence_bounds replaced: boundaries searched afresh for every position."""
    from extractors.checks import _BOUNDARY, _LEADING_SPACE
    start = 0
    for m in _BOUNDARY.finditer(text, max(0, pos - 2000), pos):
        start = m.end()
    m = _BOUNDARY.search(text, pos)
    end = m.end() if m else len(text)
    return _LEADING_SPACE.match(text, start, end).end(), end


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_bisected_sentence_bounds_equal_the_scan(path: Path) -> None:
    from extractors.checks import sentence_bounds
    text = clean_text(path.read_text(encoding="utf-8"))
    text += "\n" + "x" * 2500 + " 12 hồ sơ. Cuối"  # a sentence longer than the 2,000-character reach
    # every figure starts on a visible character; there the two must agree
    positions = [m.start() for m in re.finditer(r"\d+", text)] + [
        p for p in range(0, len(text), 7) if not text[p].isspace()]
    for pos in positions:
        assert sentence_bounds(text, pos) == _sentence_reference(text, pos), pos


# Random bulletin-like text from the words the patterns are led by, digits, separators and line
# breaks: where the candidate positions and the regex module's own scan could disagree.
_TOKENS = ["Thông tư", "số", "02/2017/TT-VPCP", "ngày", "tháng", "quý", "năm", "2023", "thứ", "Chủ nhật",
           "lần thứ", "khoá", "trong", "sau", "5", "12", "ngày làm việc", "mức độ", "3", "4", "trên", "dưới",
           "điểm", "%", "tiêu chí", "ISO", "9001:2015", "điện thoại", "0212.3852.123", "https://a.vn/x",
           "www.b.vn", "ảnh.JPG", "hồ sơ", "(", ")", ",", ";", ".", ":", "\n", "\n1. ", "\n- 2) ", "(3) ",
           "lượt xem", "Đề án", "06", "giai đoạn", "2021-2025", "kéo dài", "hoàn thành", "100%", "nhiệm vụ",
           "Phụ lục", "Khoản", "xếp thứ", "GMT+7", "Tuần", "từ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=60), st.lists(st.sampled_from(["", " ", "  "]), max_size=60),
       st.booleans())
def test_candidate_positions_give_the_scan_spans(tokens, gaps, upper):
    text = "".join(t + (gaps[i] if i < len(gaps) else " ") for i, t in enumerate(tokens))
    text = clean_text(text.upper() if upper else text)
    assert sorted(lexicon.not_figure_spans(text, fold(text))) == reference(text)


@pytest.mark.parametrize("pattern, leads", [
    (r"\b(?:thông tư|nghị định)\s+\d", ("nghị", "thông")),
    (r"\bhttps?://\S+", ("http",)),
    (r"(?:điện thoại|đt)\s*:", ("điện", "đt")),
    (r"(?m)^[ \t]*\d+\.", lexicon.LINE_STARTS),
    (r"\b(?:a|b)?x", None),  # an optional group can start anywhere
    (r"\b(?:6|9)\s+tháng", None),  # digits: no literal letters
    (r"(?<=ngày\s)\d+", None),
    (r"\b(?:thứ\s+(?:\d|hai)|chủ nhật)\b", ("chủ", "thứ")),
    (r"\bfoo|\d+", None),  # a top-level alternative that no word leads
    (r"\b(?:a|b)x|y", None),
    (r"(?m)^\d+|x", None),
    (r"\b(?:a|b)+x", None),
])
def test_leading_words(pattern, leads):
    assert lexicon.leading_words(pattern) == leads


@pytest.mark.parametrize("path", GOLD[:8], ids=[p.stem for p in GOLD[:8]])
def test_reversed_endings_agree_with_the_forward_search(path: Path) -> None:
    from extractors import units
    folded = fold(clean_text(path.read_text(encoding="utf-8")))
    for role in ("plural", "visitor", "portal", "council"):
        forward, backward = units._ending(role), units._ending_reversed(role)
        for pos in range(0, len(folded), 3):
            before = folded[max(0, pos - 120):pos]
            assert bool(forward.search(before)) == bool(backward.search(before)), (role, before)
