"""Vietnamese number tokens: hypothesis round trips through format / parse_number, garbage that
must not raise, and real surfaces through the whole extractor."""

from __future__ import annotations

import math

import pytest
import regex as re
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors.document import extract_text
from extractors.numbers import NUMBER, Parsed, format_vi, parse_number


def dotted(n: int) -> str:
    """Vietnamese thousands grouping written by hand (independent of format_vi)."""
    s = str(n)
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    return ".".join([s] + groups)


# --------------------------------------------------------------------------- integers

@given(st.integers(min_value=0, max_value=10**12))
@example(2168)
@example(61953)
@example(7806460)
@example(1000)
def test_thousands_dots_round_trip(n: int) -> None:
    assert format_vi(n) == dotted(n)
    assert parse_number(dotted(n)) == Parsed(n, 0)
    # with a count noun after it the reading is the same
    assert parse_number(dotted(n), count_noun=True) == Parsed(n, 0)


@given(st.integers(min_value=0, max_value=10**12))
@example(1780)
def test_ungrouped_round_trip(n: int) -> None:
    assert parse_number(str(n)) == Parsed(n, 0)


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=3))
@example(5, 1)
@example(8, 1)
def test_leading_zeros_round_trip(n: int, zeros: int) -> None:
    assert parse_number("0" * zeros + str(n)) == Parsed(n, 0)


@given(st.integers(min_value=1000, max_value=10**9))
def test_comma_grouped_count_is_thousands(n: int) -> None:
    """'1,234 hồ sơ': a count cannot be fractional, so a 3-digit comma group is thousands."""
    assert parse_number(dotted(n).replace(".", ","), count_noun=True) == Parsed(n, 0)


# --------------------------------------------------------------------------- decimals

@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=4), st.data())
@example(90, 2, None)
def test_comma_decimal_round_trip(whole: int, decimals: int, data) -> None:
    frac = data.draw(st.integers(min_value=0, max_value=10**decimals - 1)) if data else 26
    value = whole + frac / 10**decimals
    surface = format_vi(value, decimals)
    assert surface == f"{dotted(whole)},{frac:0{decimals}d}"
    parsed = parse_number(surface)
    assert parsed is not None and parsed.decimals == decimals
    assert math.isclose(parsed.value, value, rel_tol=1e-12, abs_tol=1e-9)
    assert parse_number(surface, percent=True) == parsed


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=2), st.data())
@example(99, 2, None)
def test_dot_decimal_percent(whole: int, decimals: int, data) -> None:
    """'99.75%': a percentage is never in the thousands, so the dot is a decimal point."""
    frac = data.draw(st.integers(min_value=0, max_value=10**decimals - 1)) if data else 75
    surface = f"{whole}.{frac:0{decimals}d}"
    parsed = parse_number(surface, percent=True)
    assert parsed == Parsed(float(surface), decimals)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_dot_three_digits_is_thousands_unless_percent(whole: int, frac: int) -> None:
    surface = f"{whole}.{frac:03d}"
    assert parse_number(surface) == Parsed(whole * 1000 + frac, 0)
    assert parse_number(surface, percent=True) == Parsed(float(surface), 3)


def test_dot_grouped_with_comma_decimal() -> None:
    assert parse_number("1.234,5") == Parsed(1234.5, 1)
    assert parse_number("12.345.678,25") == Parsed(12345678.25, 2)


# --------------------------------------------------------------------------- garbage

# Digit/separator tokens no reading makes sense of: None, never a guess.
NONSENSE = ["1.2.3,4", "1,2,3", "12.34.567", "1.234.5678", "1..2", "1,,2", "1.23,4.5", "1.2345.678"]


@pytest.mark.parametrize("token", NONSENSE)
def test_nonsense_tokens_are_none(token: str) -> None:
    assert parse_number(token) is None
    assert parse_number(token, percent=True) is None
    assert parse_number(token, count_noun=True) is None


# Tokens outside what NUMBER matches. parse_number documents None for "a token no reading makes
# sense of"; these raise ValueError instead.
RAISING = ["abc", "", ",5", "²", "½"]


@pytest.mark.parametrize("token", RAISING)
def test_garbage_returns_none(token: str) -> None:
    assert parse_number(token) is None


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=20))
@example("0.0.0")
@example("9,99.9")
def test_digit_separator_strings_never_raise(token: str) -> None:
    """Every token the number regex can produce (ASCII digits and separators) parses or is None."""
    for m in NUMBER.finditer(token):
        result = parse_number(m.group())
        assert result is None or isinstance(result.value, (int, float))


@settings(deadline=None, max_examples=150)  # the first call loads the lexicons and the gazetteer
@given(st.text(alphabet=st.sampled_from("0123456789.,%/ -") | st.characters(codec="utf-8"), max_size=40))
def test_extract_text_never_raises_on_ascii_digit_noise(text: str) -> None:
    """Noise made of digits, separators and arbitrary letters: the extractor returns a document.
    Non-ASCII number characters are excluded here (see test_superscript_and_fraction_digits)."""
    text = "".join(c for c in text if not (re.match(r"\p{N}", c) and not c.isascii()))
    doc = extract_text(text, "noise.txt")
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.surface
    for s in doc.skipped:
        assert doc.text[s.start:s.end] == s.surface and s.reason


@pytest.mark.parametrize("sentence", [
    pytest.param("Diện tích đất được cấp giấy chứng nhận là 100 m² và tiếp nhận 5 hồ sơ.", id="m2"),
    pytest.param("Tỷ lệ tăng ½ so với cùng kỳ, tiếp nhận 5 hồ sơ.", id="half"),
])
def test_superscript_and_fraction_digits(sentence: str) -> None:
    doc = extract_text(sentence, "x.txt")
    assert 5 in [f.value for f in doc.figures]


def test_other_script_digits_are_read() -> None:
    assert parse_number("٣٤") == Parsed(34, 0)


# --------------------------------------------------------------------------- real surfaces

# (sentence, surface, value, kind). Sentences are taken from the seed bulletins.
SURFACES = [
    ("Cấp huyện đã tiếp nhận 2.168 hồ sơ", "2.168", 2168, "count"),
    ("(Tính đến hết tháng 11/2020): Tổng số hồ sơ đã giải quyết là: 61.953 hồ sơ", "61.953", 61953, "count"),
    ("Đã giải quyết 1780 hồ sơ (giải quyết trước hạn 1.629 hồ sơ)", "1780", 1780, "count"),
    ("kết quả giải quyết thủ tục hành chính được 1.931/2.168 hồ sơ, đạt 90,26%", "90,26", 90.26, "percent"),
    ("Kết quả đạt 99.75% hồ sơ được giải quyết đúng tiến độ", "99.75", 99.75, "percent"),
    ("Xã Muổi Nọi đạt 3.5 điểm trong kỳ đánh giá", "3.5", 3.5, "score"),
    ("giải quyết quá hạn 05 hồ sơ", "05", 5, "count"),
    ("kết quả giải quyết thủ tục hành chính được 1.931/2.168 hồ sơ, đạt 90,26%", "1.931", 1931, "count"),
    ("kết quả giải quyết thủ tục hành chính được 1.931/2.168 hồ sơ, đạt 90,26%", "2.168", 2168, "count"),
    ("- Đánh giá Bộ phận một cửa cấp huyện: Đạt 17,94 điểm, xếp loại xuất sắc", "17,94", 17.94, "score"),
    ("Tiếp nhận 12,4 ngàn hồ sơ trong năm", "12,4", 12400, "count"),
    ("Tỷ lệ hồ sơ trực tuyến tăng 4,3% so với cùng kỳ", "4,3", 4.3, "change"),
    ("Thái Bình xếp hạng 12/63 tỉnh, thành phố", "12", 12, "rank"),
    ("Đã tiếp nhận hơn 125 hồ sơ", "125", 125, "count"),
]


@pytest.mark.parametrize("sentence,surface,value,kind", SURFACES,
                         ids=[f"{s[1]}:{s[3]}:{i}" for i, s in enumerate(SURFACES)])
def test_real_surface(sentence: str, surface: str, value: float, kind: str) -> None:
    doc = extract_text(sentence, "s.txt")
    found = [f for f in doc.figures if doc.text[f.start:f.end].endswith(surface) or f.surface == surface
             or surface in f.surface]
    assert found, f"{surface!r} not a figure in {sentence!r}: {[f.surface for f in doc.figures]}"
    assert any(math.isclose(float(f.value), value, abs_tol=1e-9) and f.kind == kind for f in found), \
        [(f.surface, f.value, f.kind) for f in found]
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.surface


def test_fraction_gives_part_and_whole() -> None:
    doc = extract_text("kết quả giải quyết thủ tục hành chính được 1.931/2.168 hồ sơ", "s.txt")
    by_value = {f.value: f for f in doc.figures}
    assert by_value[1931].whole == by_value[2168].id


def test_hedge_sets_approx() -> None:
    [f] = extract_text("Đã tiếp nhận hơn 125 hồ sơ", "s.txt").figures
    assert f.approx == "more_than"


def test_zero_in_words() -> None:
    doc = extract_text("Số hồ sơ quá hạn: Không có hồ sơ nào quá hạn.", "s.txt")
    assert [f.value for f in doc.figures] == [0]


LIST_SENTENCE = "Tỷ lệ đúng hạn của ba quý lần lượt là 81,2; 79,4% và 76,1%."


def test_list_of_percents() -> None:
    doc = extract_text(LIST_SENTENCE, "s.txt")
    assert sorted((f.value, f.kind) for f in doc.figures) == [(76.1, "percent"), (79.4, "percent"),
                                                             (81.2, "percent")]
    assert len({f.metric for f in doc.figures}) == 1  # the items of one list share its metric


def test_service_levels_are_not_a_decimal() -> None:
    doc = extract_text("cung cấp 947 dịch vụ công trực tuyến mức độ 3, 4", "s.txt")
    assert 3.4 not in [f.value for f in doc.figures]
    assert [f.value for f in doc.figures] == [947]
