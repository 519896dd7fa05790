"""Pathological input completes with bounded, sound output.

No timing here: ``benchmarks/pathological.py`` measures seconds and peak memory at full size
(1 MB pages, 5,000 nested divs, 100,000 numbers). These tests run the same builders at sizes the
suite can afford and assert completion, sound spans and output bounded by the input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractors.document import extract_text
from extractors.numbers import NUMBER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import pathological as P

CASES = [
    # id, text, is_html
    ("digits-8KB", P.digits_and_separators(8 * 1024), False),
    ("digits-8KB-html", "<html><body><p>" + P.digits_and_separators(8 * 1024) + "</p></body></html>", True),
    ("one-line-8KB", P.one_line(8 * 1024), False),
    ("nested-5000", P.nested_divs(5000), True),
    ("nested-20000", P.nested_divs(20_000), True),
    ("numbers-500", P.many_numbers(500), False),
    ("unclosed-tags-2000", "<html><body>" + "<div><p><span>Tiếp nhận 12 hồ sơ" * 2000, True),
    # 4 KB only: not_figures.yaml's '\S+\.(?:jpe?g|…)' is quadratic in a token (64 KB took 44 s)
    ("long-word-4KB", "Tiếp nhận " + "x" * 4096 + " 12 hồ sơ.", False),
    ("long-token-300", "1" * 300 + " hồ sơ", False),
    ("long-token-400", "1" * 400 + " hồ sơ", False),
    ("long-token-64KB", "1" * 65_536 + " hồ sơ", False),
    ("empty", "", False),
    ("empty-html", "<html><body></body></html>", True),
]


def _param(case):
    return pytest.param(*case[1:], id=case[0]) if type(case) is tuple else case


@pytest.mark.parametrize("raw,is_html", [_param(c) for c in CASES])
def test_pathological_document_completes_bounded(raw: str, is_html: bool) -> None:
    doc = extract_text(raw, "pathological", is_html=is_html)
    numbers = sum(1 for _ in NUMBER.finditer(doc.text))
    assert len(doc.text) <= len(raw) + 1024  # clean text never grows past its input (+ a title)
    assert len(doc.figures) <= numbers
    assert len(doc.skipped) <= numbers
    assert len(doc.flags) <= 10 * max(1, len(doc.figures))
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.surface and 0 <= f.start <= f.end <= len(doc.text)
    for s in doc.skipped:
        assert doc.text[s.start:s.end] == s.surface and s.reason


def test_nested_divs_keep_the_article_text() -> None:
    doc = extract_text(P.nested_divs(5000), "nested", is_html=True)
    assert "Tiếp nhận 120 hồ sơ" in doc.text
    assert sorted(f.value for f in doc.figures) == [98.33, 118, 120]


def test_many_numbers_are_all_read() -> None:
    doc = extract_text(P.many_numbers(500), "numbers", is_html=False)
    taken = len(doc.figures) + len(doc.skipped)
    assert taken >= 450, f"only {taken} of ~550 numbers were either taken or skipped with a reason"


def test_text_past_the_budget_is_kept_and_its_numbers_listed(monkeypatch) -> None:
    """Past MAX_TEXT_CHARS the text stays in the document, every number there is listed as
    skipped with its own reason, a note says where analysis stopped, and offsets stay exact."""
    from extractors import document
    monkeypatch.setattr(document, "MAX_TEXT_CHARS", 4000)
    raw = P.many_numbers(400)  # ~9 KB of bulletin sentences, one line per 10 numbers
    doc = extract_text(raw, "long", is_html=False)
    assert doc.text == raw
    cut = raw.rfind("\n", 2000, 4000)
    assert all(f.end <= cut for f in doc.figures) and doc.figures
    tail = [s for s in doc.skipped if s.reason == "over_text_budget"]
    assert [(s.start, s.end) for s in tail] == [m.span() for m in NUMBER.finditer(raw, cut)]
    assert all(raw[s.start:s.end] == s.surface for s in doc.skipped)
    assert any("over budget" in n and f"{cut:,}" in n for n in doc.notes)
    # a document inside the budget is analysed whole
    short = extract_text(P.many_numbers(50), "short", is_html=False)
    assert not any(s.reason == "over_text_budget" for s in short.skipped)


REGEXES = P.pattern_regexes()
ADVERSARIAL = P.adversarial_strings(300)


@pytest.mark.parametrize("rx", [r for _, r in REGEXES], ids=[label for label, _ in REGEXES])
def test_pattern_regex_on_adversarial_strings(rx) -> None:
    # Completion is the assertion; a generous regex-engine timeout turns a runaway into a failure
    # instead of a hung suite (the benchmark reports the real times at 10,000 characters).
    for text in ADVERSARIAL.values():
        assert P.scan(rx, text, timeout=20) <= len(text) + 1


def test_every_pattern_file_regex_is_covered() -> None:
    from patterns import load_all
    expected = sum(len(e.get("patterns", [])) for entries in load_all().values() for e in entries)
    assert sum(1 for label, _ in REGEXES if ".yaml:" in label) == expected
