"""Crawl wall time vs the politeness floor, and re-crawl bytes vs first-crawl bytes, on the fixture farm.

The farm serves >= 20 hosts (copies of every CMS family site) with injected latency. The politeness
floor is what the busiest host alone needs: its request count x DOWNLOAD_DELAY (the gaps between its
request starts) plus one response latency. A crawler that fetched hosts one after another would need
the sum over hosts instead; both are printed beside the measured wall time.

    .venv/bin/python benchmarks/crawl.py [--copies 3] [--delay 0.2] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scraper.crawl import Crawler  # noqa: E402
from scraper.registry import load_registry  # noqa: E402
from scraper.settings import load_settings  # noqa: E402
from tests.farm import FAMILY_SITES, Farm  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the 9 family sites (3 -> 27 hosts)")
    parser.add_argument("--delay", type=float, default=0.2, help="DOWNLOAD_DELAY in seconds")
    parser.add_argument("--latency", type=float, default=0.05, help="latency injected into every response")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-crawl-"))
    farm = Farm.start(work, latency=args.latency, copies=args.copies)
    try:
        family_keys = {key for key, *_ in FAMILY_SITES}
        # family sites and their copies ("a-sp", "a-sp-1", ...); the fault hosts would measure timeouts
        portals = [p for p in load_registry(farm.registry_path) if "-".join(p.id.split("-")[:2]) in family_keys]
        settings = load_settings(overrides={"DOWNLOAD_DELAY": args.delay, "CONCURRENT_HOSTS": len(portals) + 4})
        db = work / "bench.db"
        farm.reset_log()
        start = time.monotonic()
        first = Crawler(db, portals, settings).run()
        wall = time.monotonic() - start
        per_host = Counter(e.host for e in farm.log)
        bytes1 = farm.bytes_sent()
        busiest, n = per_host.most_common(1)[0]
        floor = (n - 1) * args.delay + args.latency
        sequential = sum((k - 1) * args.delay + args.latency for k in per_host.values())
        farm.reset_log()
        start = time.monotonic()
        second = Crawler(db, portals, settings).run()
        wall2 = time.monotonic() - start
        bytes2 = farm.bytes_sent()
    finally:
        farm.stop()
    print(f"hosts: {len(per_host)}  requests: {sum(per_host.values())}  delay: {args.delay}s  "
          f"latency: {args.latency}s  articles: {first.articles} ({first.relevant} relevant)")
    print(f"politeness floor (busiest host, {n} requests): {floor:.2f}s")
    print(f"first crawl wall time:                      {wall:.2f}s   ratio to floor: {wall / floor:.3f}x (target <= 1.1x)")
    print(f"hosts one after another would need:         {sequential:.2f}s   ratio to floor: {sequential / floor:.1f}x")
    print(f"re-crawl: {second.not_modified}/{second.fetched} not modified, {bytes2} of {bytes1} bytes: "
          f"ratio {bytes2 / bytes1:.4f} (target <= 0.05), wall {wall2:.2f}s")


if __name__ == "__main__":
    main()
