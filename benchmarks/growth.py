"""How cost grows: extraction, reprocess and crawl at three sizes each, time per unit side by side.

A stage is linear when its time per unit stays flat as the size doubles. Each stage reuses the
setup of its own benchmark: benchmarks/extract.py (perturbed seed + dev bulletins, one core),
benchmarks/reprocess.py (stored pages, `cchc reprocess` in a child process, 2 workers) and
benchmarks/crawl.py (the fixture farm in its own process with N copies of the family sites).

    .venv/bin/python benchmarks/growth.py                      # a few minutes
    .venv/bin/python benchmarks/growth.py --extract 120 240 480 --reprocess 200 400 800 --copies 1 2 4
    .venv/bin/python benchmarks/growth.py --stages crawl          # one stage only
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import crawl as crawl_bench
import extract as extract_bench
import reprocess as reprocess_bench


def row(stage: str, size: int, unit: str, seconds: float, first: float | None) -> float:
    per = seconds / size * 1000
    ratio = f"{per / first:5.2f}x" if first else "1.00x"
    print(f"{stage:10} {size:>6} {unit:9} {seconds:8.2f}s {per:9.2f} ms/{unit.removesuffix('s')}"
          f"   per unit vs smallest: {ratio}", flush=True)
    return per


def extraction(sizes: list[int], warmup: int) -> None:
    from extractors.document import extract_text
    # Lexicons, gazetteer and compiled patterns load on the first document: pay that before timing,
    # on documents of another seed, so the smallest size does not carry it.
    start = time.perf_counter()
    for name, text in extract_bench.build(warmup, seed=99):
        extract_text(text, name)
    print(f"{'warm-up':10} {warmup:>6} articles {time.perf_counter() - start:8.2f}s (not counted)", flush=True)
    # build() returns the gold texts as published first, then perturbed copies (dearer: every relation
    # breaks). Timed: perturbed copies only, each gold text equally often when n is a multiple of the
    # gold count, so per-article time compares like with like across sizes.
    gold = len(list((ROOT / "tests" / "gold" / "seeds").glob("*.txt"))) + \
        len(list((ROOT / "tests" / "gold" / "dev").glob("*.txt")))
    first = first_cpu = 0.0
    for n in sizes:
        docs = extract_bench.build(gold + n, seed=1)[gold:]
        cpu, start = time.process_time(), time.perf_counter()
        for name, text in docs:
            extract_text(text, name)
        per = row("extract", n, "articles", time.perf_counter() - start, first)
        cpu_per = (time.process_time() - cpu) / n * 1000
        print(f"{'':10} {'':>6} CPU {cpu_per:.2f} ms/article"
              f"{f'   per unit vs smallest: {cpu_per / first_cpu:5.2f}x' if first else ''}", flush=True)
        first, first_cpu = first or per, first_cpu or cpu_per
    # Growth inside one process (caches, memory) versus drift of a shared machine: the largest size's
    # two halves, timed forwards then in reverse order; equal halves mean no growth.
    half = len(docs) // 2
    times = {"first": [], "second": []}
    for order in (("first", "second"), ("second", "first")):
        for which in order:
            part = docs[:half] if which == "first" else docs[half:]
            cpu = time.process_time()
            for name, text in part:
                extract_text(text, name)
            times[which].append((time.process_time() - cpu) / len(part) * 1000)
    print(f"{'halves':10} {len(docs):>6} articles CPU ms/article, forwards / reversed: first half "
          f"{times['first'][0]:.2f} / {times['first'][1]:.2f}, second half {times['second'][0]:.2f} / "
          f"{times['second'][1]:.2f}", flush=True)


def reprocess(sizes: list[int]) -> None:
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db = Path(tmp) / f"pages-{n}.db"
            reprocess_bench.build(db, n)
            wall, peak, docs, errors = reprocess_bench.run(db, 2)
            per = row("reprocess", n, "pages", wall, first)
            print(f"{'':10} {'':>6} peak {peak:.0f} MB, {docs} documents, {errors} errors", flush=True)
            first = first or per


def crawl(copies: list[int], delay: float, latency: float) -> None:
    from scraper.crawl import Crawler
    from scraper.registry import load_registry
    from scraper.settings import load_settings
    from tests.farm import FAMILY_SITES

    family = {key for key, *_ in FAMILY_SITES}
    first = None
    for n in copies:
        work = Path(tempfile.mkdtemp(prefix="cchc-growth-"))
        registry = work / "farm.toml"
        farm = subprocess.Popen([sys.executable, "-m", "tests.farm", "--registry", str(registry), "--latency",
                                 str(latency), "--copies", str(n)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert farm.stdout is not None
            farm.stdout.readline()
            portals = [p for p in load_registry(registry) if "-".join(p.id.split("-")[:2]) in family]
            bases = [p.base_url.rstrip("/") for p in portals]
            settings = load_settings(overrides={"DOWNLOAD_DELAY": delay, "CONCURRENT_HOSTS": len(portals) + 4})
            crawl_bench.stats(bases, reset=True)
            start = time.monotonic()
            Crawler(work / "crawl.db", portals, settings).run()
            wall = time.monotonic() - start
            counts = [int(v["requests"]) for v in crawl_bench.stats(bases).values()]
            floor = (max(counts) - 1) * delay + latency
            per = row("crawl", sum(counts), "requests", wall, first)
            print(f"{'':10} {'':>6} {len(portals)} hosts; wall / politeness floor {wall / floor:.3f}x", flush=True)
            first = first or per
        finally:
            farm.terminate()
            farm.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", type=int, nargs=3, default=[150, 300, 600],
                        help="documents (multiples of the 15 gold texts)")
    parser.add_argument("--reprocess", type=int, nargs=3, default=[100, 200, 400], help="stored pages")
    parser.add_argument("--copies", type=int, nargs=3, default=[1, 2, 4], help="farm copies (9 hosts each)")
    parser.add_argument("--delay", type=float, default=0.2, help="DOWNLOAD_DELAY for the crawl")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--warmup", type=int, default=20, help="documents extracted before timing")
    parser.add_argument("--stages", nargs="+", choices=["extract", "reprocess", "crawl"],
                        default=["extract", "reprocess", "crawl"])
    args = parser.parse_args()
    if "extract" in args.stages:
        extraction(args.extract, args.warmup)
    if "reprocess" in args.stages:
        reprocess(args.reprocess)
    if "crawl" in args.stages:
        crawl(args.copies, args.delay, args.latency)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
