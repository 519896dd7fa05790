"""Fuzzing the number parser and the whole extraction with hypothesis.

Properties: no exception escapes; every figure (and every skipped number) satisfies
``surface == doc.text[start:end]`` with offsets inside the text; the output serialises to JSON.

Two profiles. The short one runs in the default suite (~30 s). The long one (>= 100,000 generated
inputs in total) runs with ``pytest -m slow tests/test_fuzz.py`` or ``CCHC_FUZZ_LONG=1``.
Consistent data never being flagged is the checks' own property test, not repeated here.
"""

from __future__ import annotations

import html as htmllib
import json
import math
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex as re
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractors.document import extract_text
from extractors.numbers import NUMBER, format_vi, parse_number

ROOT = Path(__file__).resolve().parent
REAL = sorted((ROOT / "gold" / "seeds").glob("*.txt")) + sorted((ROOT / "gold" / "dev").glob("*.txt"))

LONG_ENV = os.environ.get("CCHC_FUZZ_LONG") == "1"
# Examples per property: (short profile, long profile). The long total is 104,000; most of it goes
# to the cheap properties (a mutated multi-paragraph bulletin costs ~100 ms on this machine).
BUDGET = {
    "number_tokens": (1000, 60_000),
    "round_trip": (500, 20_000),
    "unicode_text": (300, 15_000),
    "fragments": (80, 3_000),
    "html": (80, 3_000),
    "fragments_html": (50, 3_000),
}


def _fragments() -> list[str]:
    """Lines and sentences of the real bulletins: the vocabulary the extractors are tuned for."""
    out: list[str] = []
    for path in REAL:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            out.append(line)
            out += [s.strip() for s in re.split(r"(?<=[.;:])\s+", line) if len(s.strip()) > 3]
    return sorted(set(out))


FRAGMENTS = _fragments()


def _crashes_on_non_decimal_digits() -> bool:
    try:
        parse_number("²")
    except ValueError:
        return True
    return False


# Known bug (reported to the lead; see test_non_decimal_digits_do_not_crash below): characters of
# Unicode class N that are not decimal digits ('²' in "m²", '½', 'Ⅻ') crash parse_number. While it
# stands they are kept out of the generated text so the other properties still run; once fixed,
# they come back in on their own.
_SKIP_CATEGORIES = ("Cs", "Nl", "No") if _crashes_on_non_decimal_digits() else ("Cs",)


def _regex_only_digits() -> str:
    """Characters the `regex` module reads as \\d (its Unicode tables are newer) that Python's own
    tables (unicodedata.unidata_version) do not know as decimal digits."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    return "".join(sorted({c for c in re.findall(r"\d", every) if not c.isdecimal()}))


REGEX_ONLY_DIGITS = _regex_only_digits()


def _crashes_on_regex_only_digits() -> bool:
    try:
        parse_number(REGEX_ONLY_DIGITS[:1] or "1")
    except ValueError:
        return True
    return False


# Known bug (found by the long run; test_digit_unknown_to_python below): NUMBER matches digits of
# scripts newer than Python's Unicode tables (e.g. U+16135 GURUNG KHEMA DIGIT FIVE), and
# parse_number's int() raises ValueError on them. While it stands they are kept out of the
# generated text.
_SKIP_CHARS = REGEX_ONLY_DIGITS if _crashes_on_regex_only_digits() else ""


def _crashes_on_phrase_whitespace() -> bool:
    try:
        extract_text("Có 99 hồ sơ được giải quyết đúng\ntiến độ.", "probe", is_html=False)
    except KeyError:
        return True
    return False


# Known bug (reported; test_metric_phrase_across_whitespace_run below): a metric phrase whose words
# are separated by a newline or a run of spaces raises KeyError in figures.py. While it stands the
# generators do not mutate spaces and join fragments with punctuation, so no phrase spans a join.
PHRASE_WS_BUG = _crashes_on_phrase_whitespace()


def _crashes_on_control_tail() -> bool:
    try:
        extract_text("<body><div>Tiếp nhận 5 hồ sơ<nav>menu</nav>\x0b xong</div></body>", "probe", is_html=True)
    except ValueError:
        return True
    return False


# Known bug (reported; test_control_character_after_removed_chrome below): html._remove assigns a
# tail holding a C0 control character (Word's \x0b …) to an lxml .text, which raises ValueError.
# While it stands, the random-text leaves of generated HTML carry no control characters.
CONTROL_BEFORE = ["\x15<nav></nav>x", "<body><div>a\x15<nav></nav>x</div></body>",
                  "<body><p>Tiếp nhận 5 hồ sơ\x0b<span hidden>x</span><nav>menu</nav> xong</p></body>"]


def _crashes_on_control_before() -> bool:
    try:
        extract_text(CONTROL_BEFORE[0], "probe", is_html=True)
    except ValueError:
        return True
    return False


# Known bug (found by the long run; test_control_character_before_removed_chrome below): _remove
# cleans the removed element's tail but then appends it to the parent's text (or the previous
# sibling's tail), which lxml's HTML parser left holding a C0 control; setting it raises ValueError.
_HTML_SKIP = _SKIP_CATEGORIES + (("Cc",) if _crashes_on_control_tail() or _crashes_on_control_before() else ())


def _profile(name: str, long: bool) -> settings:
    # Short profile: derandomized, so the default suite is repeatable; long profile: random.
    # Extraction inputs are not shrunk: each call costs milliseconds and shrinking took minutes;
    # hypothesis still prints the failing input.
    phases = [p for p in Phase if p != Phase.shrink or name in ("number_tokens", "round_trip")]
    return settings(max_examples=BUDGET[name][1 if long else 0], deadline=None, database=None,
                    derandomize=not long, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# Inputs each property actually ran on (hypothesis can stop short of max_examples on a small space).
CALLS: Counter[str] = Counter()


def _run(name: str, long: bool, make) -> None:
    settings_ = _profile(name, long)
    before = CALLS[name]
    settings_(make())()
    ran = CALLS[name] - before
    print(f"fuzz {name}: {ran} inputs")
    assert ran >= settings_.max_examples, (name, ran, settings_.max_examples)


def _require_long(request: pytest.FixtureRequest) -> None:
    if not (LONG_ENV or "slow" in (request.config.getoption("markexpr") or "")):
        pytest.skip("long fuzz profile: run with -m slow or CCHC_FUZZ_LONG=1")


# ---------------------------------------------------------------- invariants


def assert_document_sound(doc) -> None:
    n = len(doc.text)
    for f in doc.figures:
        assert 0 <= f.start <= f.end <= n, (f.id, f.start, f.end, n)
        assert doc.text[f.start:f.end] == f.surface, (f.id, f.surface, doc.text[f.start:f.end])
        assert isinstance(f.value, int) or math.isfinite(f.value), (f.id, f.value)
    for s in doc.skipped:
        assert 0 <= s.start <= s.end <= n, (s.surface, s.start, s.end, n)
        assert doc.text[s.start:s.end] == s.surface, (s.surface, doc.text[s.start:s.end])
        assert s.reason, s
    ids = {f.id for f in doc.figures}
    assert len(ids) == len(doc.figures), "figure ids are not unique"
    for flag in doc.flags:
        assert set(flag.figures) <= ids, (flag.rule, flag.figures)
    json.dumps(doc.to_json(include_text=True), allow_nan=False)


def assert_parsed_sound(token: str, parsed) -> None:
    if parsed is None:
        return
    assert parsed.decimals >= 0, (token, parsed)
    assert isinstance(parsed.value, int) or math.isfinite(parsed.value), (token, parsed)
    assert parsed.value >= 0, (token, parsed)


# ---------------------------------------------------------------- strategies

# Digits of several scripts, separators and a few letters: the tokens NUMBER cuts out of text.
DIGITS = "0123456789" + "٠١٢٣٤٥٦٧٨٩" + "０１２３４５６７８９" + "०१२३४५६७८९"
NUMBERISH = st.text(alphabet=st.sampled_from(list(DIGITS + ".,.,  %/-ax")), min_size=1, max_size=40)

UNICODE_TEXT = st.text(alphabet=st.characters(exclude_categories=_SKIP_CATEGORIES, exclude_characters=_SKIP_CHARS),
                       max_size=400)


def _mutate(text: str, rnd) -> str:
    """Change digits and separators the way typists and converters do."""
    out = []
    for ch in text:
        roll = rnd.random()
        if ch.isdigit() and roll < 0.3:
            out.append(rnd.choice(["", ch * 2, str(rnd.randrange(10)), ch + rnd.choice(".,"),
                                   rnd.choice(".,") + ch, ch + "\u00a0"]))
        elif ch in ".,%/" and roll < 0.4:
            out.append(rnd.choice(["", ".", ",", ". ", " ,", "..", ch * 3, "%", "/"]))
        elif ch == " " and roll < 0.05 and not PHRASE_WS_BUG:
            out.append(rnd.choice(["\u00a0", "\n", "  ", "\t", ""]))
        else:
            out.append(ch)
    return "".join(out)


@st.composite
def vietnamese_text(draw) -> str:
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=15))
    rnd = draw(st.randoms(use_true_random=False))
    rnd.shuffle(parts)
    joiners = [".\n", " ", ".\n\n", "; "] if PHRASE_WS_BUG else ["\n", " ", "\n\n", "; ", ": "]
    text = "".join(p + rnd.choice(joiners) for p in parts)
    if draw(st.booleans()):
        text = _mutate(text, rnd)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)  # NFD must be as safe as NFC
    return text


TAGS = ["div", "p", "span", "table", "tr", "td", "th", "ul", "li", "b", "i", "a", "h1", "h2", "br",
        "article", "section", "script", "style", "header", "footer", "nav", "form", "strong", "em"]
ATTRS = ["", ' class="content"', ' id="main"', ' class="menu"', ' style="display:none"',
         ' class="news-detail"', ' colspan="2"', " hidden", ' href="/tin-tuc/1.html"']


def _html(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        @st.composite
        def node(draw) -> str:
            tag = draw(st.sampled_from(TAGS))
            inner = "".join(draw(st.lists(children, max_size=5)))
            close = draw(st.sampled_from([f"</{tag}>"] * 6 + ["", "</div>"]))  # sometimes unbalanced
            return f"<{tag}{draw(st.sampled_from(ATTRS))}>{inner}{close}"
        return node()
    return st.recursive(leaf, wrap, max_leaves=40)


@st.composite
def html_page(draw, leaf: st.SearchStrategy[str]) -> str:
    body = draw(_html(leaf))
    head = draw(st.sampled_from(["", "<!DOCTYPE html><html><head><title>Tin CCHC</title></head>",
                                 "<html><head><meta charset='utf-8'></head>"]))
    return f"{head}<body>{body}</body></html>"


LEAVES = [f + "." for f in FRAGMENTS] if PHRASE_WS_BUG else FRAGMENTS  # see PHRASE_WS_BUG
FRAGMENT_LEAF = st.sampled_from(LEAVES).map(htmllib.escape)
RAW_LEAF = st.one_of(st.sampled_from(LEAVES),
                     st.text(alphabet=st.characters(exclude_categories=_HTML_SKIP, exclude_characters=_SKIP_CHARS),
                             max_size=40))


# ---------------------------------------------------------------- properties (built fresh per run)


def prop_number_tokens():
    @given(NUMBERISH, st.booleans(), st.booleans())
    def prop(text: str, percent: bool, count_noun: bool) -> None:
        CALLS["number_tokens"] += 1
        for match in NUMBER.finditer(text):
            token = match.group()
            assert_parsed_sound(token, parse_number(token, percent=percent, count_noun=count_noun))
    return prop


def prop_round_trip():
    @given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=4),
           st.integers(min_value=0, max_value=9999))
    def prop(whole: int, decimals: int, frac: int) -> None:
        CALLS["round_trip"] += 1
        if decimals == 0:
            surface = format_vi(whole)
            assert parse_number(surface) == parse_number(str(whole))
            assert parse_number(surface).value == whole, surface
            return
        frac_digits = f"{frac % 10**decimals:0{decimals}d}"
        value = float(f"{whole}.{frac_digits}")
        surface = format_vi(value, decimals)
        parsed = parse_number(surface, percent=True)
        assert parsed is not None, surface
        assert parsed.decimals == decimals, (surface, parsed)
        assert parsed.value == pytest.approx(value, rel=1e-12), (surface, parsed)
    return prop


def prop_extract(name: str, strategy: st.SearchStrategy[str], is_html: bool):
    @given(strategy)
    def prop(raw: str) -> None:
        CALLS[name] += 1
        assert_document_sound(extract_text(raw, "fuzz", is_html=is_html))
    return prop


CASES = {
    "number_tokens": prop_number_tokens,
    "round_trip": prop_round_trip,
    "unicode_text": lambda: prop_extract("unicode_text", UNICODE_TEXT, False),
    "fragments": lambda: prop_extract("fragments", vietnamese_text(), False),
    "html": lambda: prop_extract("html", html_page(FRAGMENT_LEAF), True),
    "fragments_html": lambda: prop_extract("fragments_html", html_page(RAW_LEAF), True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fuzz_short(name: str) -> None:
    _run(name, LONG_ENV, CASES[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_fuzz_long(name: str, request: pytest.FixtureRequest) -> None:
    _require_long(request)
    if LONG_ENV:
        pytest.skip("already run at long size by test_fuzz_short")
    _run(name, True, CASES[name])


def test_long_profile_has_100k_inputs() -> None:
    assert sum(long for _, long in BUDGET.values()) >= 100_000


# ---------------------------------------------------------------- known bugs, pinned (reported to the lead)

NON_DECIMAL = ["Diện tích 120 m² được số hóa", "Tiếp nhận ½ hồ sơ", "Chương Ⅻ có 5 thủ tục", "²"]


@pytest.mark.parametrize("raw", NON_DECIMAL, ids=["m2", "half", "roman", "bare"])
def test_non_decimal_digits_do_not_crash(raw: str) -> None:
    assert_document_sound(extract_text(raw, "fuzz", is_html=False))


# Tokens NUMBER never cuts out, but parse_number's docstring promises None for any token no reading
# makes sense of.
MALFORMED = ["", ".5", ",25", "abc", "1.a"]


@pytest.mark.parametrize("token", MALFORMED, ids=["empty", "dot-lead", "comma-lead", "letters", "dot-letter"])
def test_parse_number_returns_none_on_malformed(token: str) -> None:
    assert parse_number(token) is None


WHITESPACE_RUNS = ["Có 99 hồ sơ được giải quyết đúng\ntiến độ.", "Có 99 hồ sơ được giải quyết đúng  tiến độ.",
                   "<p>Có 99 hồ sơ được giải quyết đúng</p><p>tiến độ.</p>"]


@pytest.mark.parametrize("raw", WHITESPACE_RUNS, ids=["newline", "two-spaces", "two-paragraphs"])
def test_metric_phrase_across_whitespace_run(raw: str) -> None:
    assert_document_sound(extract_text(raw, "fuzz", is_html=raw.startswith("<")))


CONTROL_TAILS = ["<body><div>Tiếp nhận 5 hồ sơ<nav>menu</nav>\x11 xong</div></body>",
                 "<body><article>Tiếp nhận 5 hồ sơ<nav hidden></nav>đúng\x0bhạn</article></body>"]


@pytest.mark.parametrize("raw", CONTROL_TAILS, ids=["x11", "vertical-tab"])
def test_control_character_after_removed_chrome(raw: str) -> None:
    assert_document_sound(extract_text(raw, "fuzz", is_html=True))


# Found by the long profile: U+16135 arrived in a random unicode text. `regex` (newer
# Unicode tables than Python 3.11's 14.0) matches it as \d, so NUMBER cuts it out, and int() in
# numbers._int / parse_number raised ValueError. 110 such characters (Garay, Kirat Rai, Gurung Khema,
# Sunuwar, Myanmar Extended-C, Ol Onal, Outlined digits, ...). Fixed: such a token is unreadable.
REGEX_ONLY = ["\U00016135", "Tiếp nhận \U00016135\U00016130 hồ sơ", "Tỷ lệ 9\U00011F55,5%"]


@pytest.mark.parametrize("raw", REGEX_ONLY, ids=["bare", "in-sentence", "mixed-with-ascii"])
def test_digit_unknown_to_python(raw: str) -> None:
    doc = extract_text(raw, "fuzz", is_html=False)
    assert_document_sound(doc)
    assert not doc.figures and [s.reason for s in doc.skipped] == ["malformed_number"]


# Found by the long profile (fragments_html): a C0 control in the text before a removed chrome element
# whose tail is kept. Shrunk by hand from the generated page to the first input.
@pytest.mark.parametrize("raw", CONTROL_BEFORE, ids=["bare", "in-div", "previous-tail"])
def test_control_character_before_removed_chrome(raw: str) -> None:
    assert_document_sound(extract_text(raw, "fuzz", is_html=True))
