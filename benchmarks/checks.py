"""Checks on a pathological document: hundreds of broken relations against one ordinary bulletin.

    .venv/bin/python benchmarks/checks.py [--units 10 120 400]

The synthetic documents come from tests/test_diagnosis_windows.py (one line per unit, two broken
sums each, 7 figures per unit). Each is checked several times and the best time kept; the ratio to
the mean check time of the seed and dev bulletins (perturbed as in benchmarks/extract.py) shows
how the diagnosis search grows, bounded by MAX_FIGURES and MAX_EVALUATIONS.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.extract import build
from extractors.checks import check_document
from extractors.document import extract_text
from tests.test_diagnosis_windows import _document


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, nargs="+", default=[10, 120, 400])
    args = ap.parse_args()
    docs = [extract_text(t, n, run_checks=False) for n, t in build(300, 1)]
    ordinary = best(lambda: [check_document(d) for d in docs], 3) / len(docs)
    print(f"ordinary bulletin (300 perturbed seed/dev copies): {ordinary * 1000:.2f} ms of checks each")
    for units in args.units:
        doc = _document(units)
        seconds = best(lambda doc=doc: check_document(doc))
        print(f"synthetic, {len(doc.figures):5} figures, {2 * units:4} broken relations: {seconds * 1000:8.1f} ms"
              f"  ({seconds / ordinary:6.1f} x an ordinary bulletin)")


if __name__ == "__main__":
    main()
