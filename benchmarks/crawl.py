"""Crawl wall time vs the politeness floor, and re-crawl bytes vs first-crawl bytes, on the fixture farm.

The farm (run in its own process, as a real server would be) serves >= 20 hosts: copies of every
CMS family site, with latency injected into every response. The politeness floor is what the
busiest host alone needs: (its request count - 1) x DOWNLOAD_DELAY between request starts plus one
response latency. Fetching hosts one after another would need the sum over hosts; both are printed
beside the measured wall time. Run at the production delay (1 s) and at a compressed delay, where the
crawler's own CPU time (decoding, article extraction, SQLite) starts to show.

    .venv/bin/python benchmarks/crawl.py [--copies 3] [--delays 1.0 0.2] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scraper.crawl import Crawler
from scraper.registry import load_registry
from scraper.settings import load_settings
from tests.farm import FAMILY_SITES


def stats(bases: list[str], reset: bool = False) -> dict[str, dict[str, float]]:
    path = "/__farm__/reset" if reset else "/__farm__/stats"
    return {b: json.loads(urlopen(b + path, timeout=10).read()) for b in bases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the 9 family sites (3 -> 27 hosts)")
    parser.add_argument("--delays", type=float, nargs="+", default=[1.0, 0.2], help="DOWNLOAD_DELAY values")
    parser.add_argument("--latency", type=float, default=0.05, help="latency injected into every response")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-crawl-"))
    registry = work / "farm.toml"
    farm = subprocess.Popen([sys.executable, "-m", "tests.farm", "--registry", str(registry), "--latency",
                             str(args.latency), "--copies", str(args.copies)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert farm.stdout is not None
        farm.stdout.readline()  # "farm: N sites; registry ..." once it serves
        family_keys = {key for key, *_ in FAMILY_SITES}
        # family sites and their copies ("a-sp", "a-sp-1", ...); the fault hosts would only measure timeouts
        portals = [p for p in load_registry(registry) if "-".join(p.id.split("-")[:2]) in family_keys]
        bases = [p.base_url.rstrip("/") for p in portals]
        print(f"farm: {len(portals)} hosts, latency {args.latency}s per response")
        for delay in args.delays:
            settings = load_settings(overrides={"DOWNLOAD_DELAY": delay, "CONCURRENT_HOSTS": len(portals) + 4})
            db = work / f"bench-{delay}.db"
            stats(bases, reset=True)
            start = time.monotonic()
            first = Crawler(db, portals, settings).run()
            wall = time.monotonic() - start
            s1 = stats(bases, reset=True)
            counts = [int(v["requests"]) for v in s1.values()]
            bytes1 = sum(v["bytes"] for v in s1.values())
            floor = (max(counts) - 1) * delay + args.latency
            sequential = sum((k - 1) * delay + args.latency for k in counts if k)
            start = time.monotonic()
            second = Crawler(db, portals, settings).run()
            wall2 = time.monotonic() - start
            bytes2 = sum(v["bytes"] for v in stats(bases).values())
            print(f"\nDOWNLOAD_DELAY {delay}s: {sum(counts)} requests, {first.articles} articles "
                  f"({first.relevant} relevant), busiest host {max(counts)} requests")
            print(f"  politeness floor                 {floor:7.2f}s")
            print(f"  first crawl wall time            {wall:7.2f}s   ratio {wall / floor:.3f}x  (target <= 1.1x)")
            print(f"  hosts one after another          {sequential:7.2f}s   ratio {sequential / floor:.1f}x")
            print(f"  re-crawl: {second.not_modified}/{second.fetched} not modified, {bytes2:.0f} of {bytes1:.0f} bytes"
                  f" -> ratio {bytes2 / bytes1:.4f} (target <= 0.05); wall {wall2:.2f}s")
    finally:
        farm.terminate()
        farm.wait()


if __name__ == "__main__":
    main()
