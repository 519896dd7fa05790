"""The pattern files: every one validates, every entry's example sentences hit that entry, the
loader rejects malformed files naming file and line, and every metric is documented in
docs/METRICS.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex as re

from extractors import figures, lexicon, period_grammar
from extractors.normalize import clean_text, fold
from extractors.numbers import NUMBER
from patterns import load, load_all
from patterns.loader import HERE, SCHEMAS, PatternFileError, validate

ROOT = Path(__file__).parent.parent
STEMS = sorted(p.stem for p in HERE.glob("*.yaml"))
# The key that names an entry in test ids.
NAME_KEY = {"metrics": "metric", "hedges": "approx", "scales": "factor", "chrome": "reason",
            "not_figures": "reason", "units": "role", "structure": "role", "periods": "name",
            "nouns": "noun", "kinds": "kind", "relevance": "role"}


def test_every_pattern_file_validates() -> None:
    loaded = load_all()
    assert set(loaded) == set(STEMS)
    assert all(loaded[stem] for stem in STEMS)
    assert set(STEMS) <= set(SCHEMAS)


# --------------------------------------------------------------------------- examples hit entries

def _phrase_hits(phrases: list[str], example: str) -> list[str]:
    folded = fold(clean_text(example))
    return [p for p in phrases if re.search(lexicon.phrase_regex(p), folded)]


def _chrome(entry: dict, example: str) -> bool:
    # The layout matches chrome patterns case-insensitively on one stripped line.
    return any(re.search(p, clean_text(example).strip(), re.IGNORECASE) for p in entry["patterns"])


def _clean_regex(entry: dict, example: str) -> bool:
    return any(re.search(p, clean_text(example)) for p in entry["patterns"])


def _folded_regex(entry: dict, example: str) -> bool:
    # Some structure roles (change, rank) are anchored at the end: figures.py runs them on the
    # text just before a number, so try the whole example and every prefix ending at a number.
    folded = fold(clean_text(example))
    texts = [folded] + [folded[:m.start()] for m in NUMBER.finditer(folded)]
    return any(re.search(p, t, re.MULTILINE) for p in entry["patterns"] for t in texts)


def _period(entry: dict, example: str) -> bool:
    # periods.yaml placeholders (<DATE:1> …) are expanded the way extractors/periods.py does.
    return any(re.search(period_grammar._expand(p), fold(clean_text(example)), re.MULTILINE)
               for p in entry["patterns"])


MATCHERS = {
    "metrics": lambda e, ex: bool(_phrase_hits(e["phrases"], ex)),
    "nouns": lambda e, ex: bool(_phrase_hits(e["phrases"], ex)),
    "hedges": lambda e, ex: bool(_phrase_hits(e["phrases"], ex)),
    "scales": lambda e, ex: bool(_phrase_hits(e["phrases"], ex)),
    "relevance": lambda e, ex: bool(_phrase_hits(e["phrases"], ex)),
    "units": lambda e, ex: bool(_phrase_hits(e["nouns"], ex)),
    "chrome": _chrome,
    "not_figures": _clean_regex,
    "structure": _folded_regex,
    "periods": _period,
    "kinds": _folded_regex,
}


# Real data bugs in pattern files this test does not own: (file, example) -> reason.
KNOWN_BAD_EXAMPLES = {
}


def _example_cases():
    for stem in STEMS:
        for entry in load(stem):
            key = entry.get(NAME_KEY.get(stem, ""), "?")
            for i, example in enumerate(entry["examples"]):
                bad = KNOWN_BAD_EXAMPLES.get((stem, example))
                marks = [pytest.mark.xfail(strict=True, reason=bad)] if bad else []
                yield pytest.param(stem, entry, example, id=f"{stem}.yaml:{entry['_line']}:{key}:{i}", marks=marks)


@pytest.mark.parametrize("stem,entry,example", list(_example_cases()))
def test_example_hits_its_entry(stem: str, entry: dict, example: str) -> None:
    assert stem in MATCHERS, f"no matcher for {stem}.yaml: add one to this test"
    assert MATCHERS[stem](entry, example), f"{stem}.yaml:{entry['_line']}: {example!r} does not hit its entry"


@pytest.mark.parametrize("stem", STEMS)
def test_every_entry_has_an_example_test(stem: str) -> None:
    assert all(entry["examples"] for entry in load(stem))


def test_not_figures_examples_give_their_reason_in_the_pipeline() -> None:
    """Through the real extractor, a legal reference and a standard are skipped with their reason."""
    from extractors.document import extract_text

    doc = extract_text("Thực hiện Thông tư số 02/2017/TT-VPCP, tiêu chuẩn ISO 9001-2015 trên địa bàn 22 xã.",
                       "t.txt", run_checks=False)
    reasons = {s.surface: s.reason for s in doc.skipped}
    assert reasons.get("02") == "legal_reference" and reasons.get("9001") == "standard"
    assert [f.value for f in doc.figures] == [22]


# --------------------------------------------------------------------------- loader rejects bad files

GOOD_METRIC = """about: test
entries:
  - metric: received_total
    phrases: ["tiếp nhận"]
    examples: ["đã tiếp nhận 5 hồ sơ"]
"""

BAD_FILES = [
    ("metrics", "unknown_key", GOOD_METRIC + """  - metric: x
    phrases: ["a"]
    colour: red
    examples: ["a 1"]
""", 6, "unknown key"),
    ("metrics", "empty_phrase_list", GOOD_METRIC + """  - metric: x
    phrases: []
    examples: ["a 1"]
""", 6, "non-empty list"),
    ("metrics", "blank_phrase", GOOD_METRIC + """  - metric: x
    phrases: ["  "]
    examples: ["a 1"]
""", 6, "non-empty list"),
    ("metrics", "missing_examples", GOOD_METRIC + """  - metric: x
    phrases: ["a"]
""", 6, "missing key"),
    ("not_figures", "empty_alternation", """about: t
entries:
  - reason: date
    patterns: ['\\d+/\\d+']
    examples: ["ngày 1/2"]
  - reason: phone
    patterns: ['(a|)\\d+']
    examples: ["a 1"]
""", 6, "empty alternation"),
    ("structure", "leading_empty_alternative", """about: t
entries:
  - role: parts
    patterns: ['(|trong đó)']
    examples: ["trong đó"]
""", 3, "empty alternation"),
    ("not_figures", "uncompilable_regex", """about: t
entries:
  - reason: date
    patterns: ['\\d+/\\d+']
    examples: ["ngày 1/2"]
  - reason: phone
    patterns: ['(\\d+']
    examples: ["a 1"]
""", 6, "does not compile"),
    ("not_figures", "matches_empty", """about: t
entries:
  - reason: phone
    patterns: ['\\d*']
    examples: ["a 1"]
""", 3, "empty string"),
    ("metrics", "empty_entries", """about: t
entries: []
""", 2, "non-empty list"),
    ("metrics", "not_yaml", """about: t
entries:
  - metric: [unclosed
""", None, "not valid YAML"),
]


@pytest.mark.parametrize("stem,text,line,message", [b[0:1] + b[2:] for b in BAD_FILES],
                         ids=[b[1] for b in BAD_FILES])
def test_loader_rejects_bad_file(tmp_path: Path, stem: str, text: str, line: int | None, message: str) -> None:
    path = tmp_path / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatternFileError) as info:
        validate(path, stem)
    text = str(info.value)
    assert message in text
    assert text.startswith(f"{stem}.yaml")
    if line is not None:
        assert text.startswith(f"{stem}.yaml:{line}:"), text
        assert info.value.line == line


def test_loader_accepts_good_file(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text(GOOD_METRIC, encoding="utf-8")
    [entry] = validate(path, "metrics")
    assert entry["metric"] == "received_total" and entry["_line"] == 3


def test_loader_rejects_unknown_file_kind(tmp_path: Path) -> None:
    path = tmp_path / "colours.yaml"
    path.write_text(GOOD_METRIC, encoding="utf-8")
    with pytest.raises(PatternFileError, match="colours.yaml"):
        validate(path)


# --------------------------------------------------------------------------- docs/METRICS.md

def _documented() -> set[str]:
    text = (ROOT / "docs" / "METRICS.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`([a-z][a-z0-9_]*)`", text))
    # `procedures_level_1` … `procedures_level_4` documents the whole range
    for stem, lo, hi in re.findall(r"`([a-z_]+_)(\d)` … `[a-z_]+_(\d)`", text):
        names |= {f"{stem}{i}" for i in range(int(lo), int(hi) + 1)}
    return names


def _emitted_metrics() -> list[tuple[str, str]]:
    out = []
    for e in load("metrics"):
        out.append((f"metrics.yaml:{e['_line']}", e["metric"]))
        out += [(f"metrics.yaml:{e['_line']}:under", m) for m in (e.get("under") or {}).values()]
    out += [(f"nouns.yaml:{e['_line']}", e["metric"]) for e in load("nouns") if e.get("metric")]
    out += [("figures.py:DEFAULT_BASE", m) for m in set(figures.DEFAULT_BASE.values())]
    out += [("figures.py", m) for m in ("score", "rank", "unlabelled")]
    return sorted(set(out))


@pytest.mark.parametrize("where,metric", _emitted_metrics(), ids=[f"{w}:{m}" for w, m in _emitted_metrics()])
def test_metric_is_documented(where: str, metric: str) -> None:
    assert metric in _documented(), f"{metric} ({where}) is not described in docs/METRICS.md"


def test_metrics_on_gold_documents_are_documented() -> None:
    from extractors.document import extract_path

    seen = {f.metric for p in sorted((ROOT / "tests" / "gold").glob("*/*.txt"))
            for f in extract_path(p, run_checks=False).figures}
    assert seen and not seen - _documented()
