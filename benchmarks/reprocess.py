"""`cchc reprocess` wall time and peak memory at three sizes, 1 worker vs 2, side by side.

Pages are generated from the sample and dev bulletins wrapped in portal HTML with their numbers
perturbed (so every page is a distinct article), stored with db.pages.save_page, then reprocessed
from scratch in a child process whose peak RSS is read from the kernel (ru_maxrss).

    .venv/bin/python benchmarks/reprocess.py                 # 250 / 500 / 1000 pages
    .venv/bin/python benchmarks/reprocess.py --sizes 1000 10000 100000

The goal (docs/BENCHMARKS.md) is 100,000 pages in <= 2 minutes on 2 cores and <= 500 MB RSS; the
script prints the measured rate and the extrapolation to 100,000 pages so growth can be read off.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex as re
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.pages import save_page  # noqa: E402

TEXTS = sorted((ROOT / "tests" / "gold" / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "dev").glob("*.txt"))
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav>Trang chủ | Tin tức</nav><div class="ArticleHeader"><h1>{title}</h1></div>
<div class="PostDate">05/09/2023 14:35</div><div class="ArticleContent">{body}</div>
<div class="truy-cap">Thống kê truy cập Hôm nay: 304</div></body></html>"""


def _perturb(text: str, rng: random.Random) -> str:
    return re.sub(r"\d{3}(?!\d)", lambda m: f"{(int(m.group()) + rng.randint(0, 9)) % 1000:03d}", text)


def build(path: Path, n: int) -> None:
    rng = random.Random(n)
    db = sqlite_utils.Database(path)
    sources = [p.read_text(encoding="utf-8") for p in TEXTS]
    with db.conn:
        for i in range(n):
            text = _perturb(sources[i % len(sources)], rng)
            lines = [ln for ln in text.split("\n") if ln.strip()]
            body = "".join(f"<p>{ln}</p>" for ln in lines[1:])
            html = PAGE.format(title=lines[0][:200], body=body).encode("utf-8")
            save_page(db, {"url": f"http://127.0.0.1/bench/{i}", "final_url": f"http://127.0.0.1/bench/{i}",
                           "status": 200, "content_type": "text/html; charset=utf-8", "body": html,
                           "sha256": hashlib.sha256(html).hexdigest(), "fetched_at": "2026-01-01T00:00:00Z",
                           "relevant": 1})


CHILD = """
import resource, sys, time, sqlite_utils
sys.path.insert(0, {root!r})
from cchc.pipeline import reprocess
from db.schema import open_db
db = open_db({db!r})
t = time.perf_counter()
s = reprocess(db, workers={workers}, progress=False)
wall = time.perf_counter() - t
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(wall, max(self_kb, kids_kb) / 1024, s.documents, s.errors)
"""


def run(db: Path, workers: int) -> tuple[float, float, int, int]:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(db), workers=workers)],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), int(out[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    args = parser.parse_args()
    print(f"{'pages':>8} {'workers':>7} {'wall s':>8} {'pages/s':>8} {'peak MB':>8} {'-> 100k pages':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            base = Path(tmp) / f"pages-{n}.db"
            build(base, n)
            rates = {}
            for workers in (1, 2):
                db = Path(tmp) / f"run-{n}-{workers}.db"
                db.write_bytes(base.read_bytes())
                wall, peak, docs, errors = run(db, workers)
                rates[workers] = n / wall
                print(f"{n:>8} {workers:>7} {wall:>8.1f} {n / wall:>8.1f} {peak:>8.0f} "
                      f"{100_000 / (n / wall) / 60:>11.1f} min" + (f"  ({errors} errors)" if errors else ""))
                db.unlink()
            print(f"{'':>8} 2 workers vs 1: {rates[2] / rates[1]:.2f}x")
    print(f"machine: {resource.getpagesize()} B pages; target: 100,000 pages <= 2 min, <= 500 MB")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
