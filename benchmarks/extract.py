"""Extraction throughput on one core: articles per second for text -> figures, with and without
the checks, against the 1,000 articles/s/core target; and spaCy's sentence splitting vs ours.

    .venv/bin/python benchmarks/extract.py [--docs 10000] [--seed 1]

Documents: the seed and dev bulletins (tests/gold/*/*.txt) repeated, every copy after the first
with its numbers perturbed digit by digit (same length, a leading zero stays a zero), so no run
is a copy of another and the arithmetic the checks see differs from copy to copy: nearly every
relation breaks, the diagnosis' worst case. A third row runs the copies with their figures as
published (each made distinct by a digit-free line), where the checks meet real arithmetic. All documents
are built before any clock starts. One process, ``time.perf_counter``, the sides measured one
after the other on the same documents. A document that raises is counted and reported by
exception type, never dropped silently.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import layout
from extractors.document import extract_text
from extractors.normalize import clean_text

TARGET = 1000.0  # articles / s / core (issue 3)
_DIGITS = re.compile(r"\d+")


def perturb(text: str, rng: random.Random) -> str:
    def one(m: re.Match[str]) -> str:
        digits = m.group()
        out = [str(rng.randrange(10)) for _ in digits]
        if digits[0] != "0" and out[0] == "0":
            out[0] = str(rng.randrange(1, 10))
        if digits[0] == "0":
            out[0] = "0"
        return "".join(out)

    return _DIGITS.sub(one, text)


def copy_mark(i: int) -> str:
    """A digit-free line that makes copy ``i`` a distinct text (no cache sees a repeat)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += chr(ord("a") + r)
        if not i:
            return f"\nNguồn: bản sao {letters}"


def build(n: int, seed: int, scramble: bool = True) -> list[tuple[str, str]]:
    """``n`` documents cycling through the gold texts. ``scramble``: digits perturbed (every
    relation breaks, the diagnosis' worst case); else the figures as published (a distinct
    digit-free line per copy), where most relations hold as in real bulletins."""
    # the real bulletins only (held/ holds texts written for tests): the corpus stays comparable
    sources = sorted((ROOT / "tests" / "gold" / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "gold" / "dev").glob("*.txt"))
    bases = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        base = bases[i % len(bases)]
        if i < len(bases):
            text = base
        else:
            text = perturb(base, rng) if scramble else base + copy_mark(i)
        docs.append((f"{sources[i % len(bases)].stem}-{i}.txt", text))
    return docs


def run_extract(docs: list[tuple[str, str]], run_checks: bool) -> tuple[float, float, int, Counter[str]]:
    failures: Counter[str] = Counter()
    figures = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for name, text in docs:
        try:
            figures += len(extract_text(text, name, run_checks=run_checks).figures)
        except Exception as exc:  # noqa: BLE001  -- counted and reported below: a crash is a finding
            failures[type(exc).__name__] += 1
    return time.perf_counter() - start, time.process_time() - cpu, figures, failures


def regex_sentences(text: str) -> int:
    """The sentence split of extractors.layout.Layout._split: per line, _SENTENCE_END."""
    count, pos = 0, 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        if raw.strip():
            offset = start + (len(raw) - len(raw.lstrip()))
            count += 1 + sum(1 for _ in layout._SENTENCE_END.finditer(text, offset, start + len(raw.rstrip())))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents per measurement (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy sentence comparison")
    args = ap.parse_args()

    docs = build(args.docs, args.seed)
    chars = sum(len(t) for _, t in docs)
    print(f"documents: {len(docs):,} ({chars / len(docs):,.0f} characters on average), one process")
    for name, text in docs[:15]:  # warm-up: lexicons, gazetteer, compiled regexes
        extract_text(text, name)

    published = build(args.docs, args.seed, scramble=False)
    rates = {}
    for label, corpus, checks in (("text -> figures (no checks)", docs, False),
                                  ("text -> figures + checks", docs, True),
                                  ("as published, + checks", published, True)):
        seconds, cpu, figures, failures = run_extract(corpus, checks)
        rates[label] = len(docs) / seconds
        # CPU time too: on a shared machine the wall clock includes waiting for a core
        print(f"{label:30} {rates[label]:9.1f} articles/s  ({seconds:.1f} s wall, {len(docs) / cpu:.1f}"
              f" articles per CPU-second, {figures:,} figures"
              f"{', failures: ' + repr(dict(failures)) if failures else ''})")
        print(f"{'':30} ratio to the {TARGET:,.0f} articles/s/core target: {rates[label] / TARGET:.3f}")
    a, b = rates["text -> figures (no checks)"], rates["text -> figures + checks"]
    print(f"checks cost: with checks runs at {b / a:.2f} x the speed without (digits scrambled: every "
          f"relation broken); as published: {rates['as published, + checks'] / a:.2f} x")

    clean = [clean_text(t) for _, t in docs]
    start = time.perf_counter()
    ours = sum(regex_sentences(t) for t in clean)
    ours_s = time.perf_counter() - start
    print(f"{'regex sentence split (layout)':30} {len(clean) / ours_s:9.1f} articles/s  ({ours:,} sentences)")
    if args.no_spacy:
        return
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(clean[:15]))  # warm-up
    start = time.perf_counter()
    theirs = sum(sum(1 for _ in doc.sents) for doc in nlp.pipe(clean, batch_size=64))
    spacy_s = time.perf_counter() - start
    print(f"{'spaCy blank(xx) + sentencizer':30} {len(clean) / spacy_s:9.1f} articles/s  ({theirs:,} sentences)")
    print(f"spaCy / regex time ratio: {spacy_s / ours_s:.1f} x slower"
          if spacy_s >= ours_s else f"spaCy / regex time ratio: {ours_s / spacy_s:.1f} x faster")
    print(f"spaCy sentence pass as a share of extraction time (no checks): {spacy_s / (len(docs) / a):.1%}")


if __name__ == "__main__":
    main()
