"""Period and unit finding per document, and the island scan beside the whole-text scan.

    .venv/bin/python benchmarks/periods_units.py [--docs 300]

Documents as in benchmarks/extract.py (gold bulletins, numbers perturbed), clean and built before
any clock starts; CPU time (time.process_time), best of three, fold's cache cleared each pass.
Then one 1 MB document of dates through find_period_mentions.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract import build  # noqa: E402

from extractors import period_grammar, periods, units  # noqa: E402
from extractors.normalize import clean_text, fold  # noqa: E402


def per_doc_ms(docs: list[str], fn) -> float:
    best = float("inf")
    for _ in range(3):
        periods._mentions.cache_clear()
        fold.cache_clear()
        start = time.process_time()
        for text in docs:
            fn(text)
        best = min(best, (time.process_time() - start) / len(docs) * 1e3)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    docs = [clean_text(t) for _, t in build(parser.parse_args().docs, 1)]
    periods.find_period_mentions(docs[0]), units.find_unit_mentions(docs[0])  # load patterns, gazetteer
    full = per_doc_ms(docs, lambda t: period_grammar._scan_full(fold(t)))
    islands = per_doc_ms(docs, lambda t: period_grammar._scan(fold(t)))
    kept = sum(b - a for t in docs for a, b in period_grammar._islands(fold(t))) / sum(map(len, docs))
    print(f"documents: {len(docs)} ({sum(map(len, docs)) // len(docs):,} characters on average)")
    print(f"grammar over the whole text   {full:6.3f} ms/doc")
    print(f"grammar over the islands      {islands:6.3f} ms/doc   ({full / islands:.1f} x faster; "
          f"islands hold {kept:.0%} of the text)")
    print(f"find_period_mentions          {per_doc_ms(docs, lambda t: periods.find_period_mentions(t, '2023-08-04')):6.3f} ms/doc")
    print(f"find_unit_mentions            {per_doc_ms(docs, lambda t: units.find_unit_mentions(t, '2023-08-04', 200)):6.3f} ms/doc")
    text = "ngày 9/6, tháng 11 và quý I, 04/8/2023 " * (1_000_000 // 39)
    start = time.process_time()
    found = len(periods.find_period_mentions(text, "2023-08-04"))
    print(f"1 MB of dates                 {time.process_time() - start:6.2f} s CPU ({found:,} mentions)")


if __name__ == "__main__":
    main()
