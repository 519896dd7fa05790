"""Main-text F1 and ms/page: our article extractor vs trafilatura, side by side on the same pages.

    .venv/bin/python benchmarks/article.py [--repeat N] [--dir tests/data/html] [--farm]

Pages: every ``*.html`` with a ``.expected.json`` under the fixture directory (each portal
family's markup around real bulletins); with ``--farm`` also every article page of the fixture
farm (``tests/farm``, written by another hand: templates we did not tune against), its known
paragraphs as the main text (plus the table rows the page carries; TCVN3 runs converted first, as
the crawler does). F1 is token-level (lower-cased ``\\w+`` tokens, multiset
overlap) against the known main text (lead + body). Both extractors get the same decoded string;
each page is extracted ``--repeat`` times by each in alternation and the median time is kept.
Time is CPU time of this process (``time.process_time``), so other jobs on a shared machine do not
skew one side more than the other.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.html import extract_article
from extractors.normalize import clean_text

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(clean_text(text or "").lower()))


def f1(got: str, want: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``got`` against ``want`` over token multisets."""
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    if not common:
        return 0.0, 0.0, 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return p, r, 2 * p * r / (p + r)


def ours(html: str, url: str) -> str:
    return extract_article(html, url).text


def trafilatura_text(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_tables=True, include_comments=False,
                               favor_precision=False) or ""


def timed(fn, html: str, url: str) -> tuple[str, float]:
    start = time.process_time()
    out = fn(html, url)
    return out, (time.process_time() - start) * 1000


def farm_pages() -> list[tuple[str, str, dict]]:
    """(name, html, expected) for every article page the fixture farm serves."""
    import random

    from scraper import legacy
    from tests.farm import build_sites, finish_site
    from tests.farm.content import TCVN3_UNICODE

    sites, _ = build_sites(7)
    rng = random.Random(1)
    pages = []
    for site in sites:
        if site.down:
            continue
        finish_site(site, "http://127.0.0.1:1", rng)
        for art in site.articles:
            route = site.routes.get(art.path)
            if route is None or route.status != 200 or art.expected_reason not in (None, "not_relevant"):
                continue
            html = route.body.decode("cp1258" if art.charset == "windows-1258" else "utf-8")
            html = legacy.convert_tcvn3(html)[0]
            paragraphs = list(art.paragraphs)
            if "tcvn3" in art.traps:
                paragraphs.append(TCVN3_UNICODE)
            if "table" in art.traps:
                paragraphs.append("Tổng số hồ sơ | 1.234\nĐúng hạn | 1.200")
            expected = {"url": "http://127.0.0.1:1" + art.path, "text": "\n\n".join(paragraphs),
                        "published": None if art.date_variant == "none" else art.date}
            pages.append((f"farm-{site.family}-{len(pages)}", html, expected))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=str(ROOT / "tests" / "data" / "html"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--farm", action="store_true", help="add the fixture farm's article pages")
    parser.add_argument("--quiet", action="store_true", help="print only the summary lines")
    args = parser.parse_args()
    pages = []
    for path in sorted(Path(args.dir).glob("*.html")):
        expected = path.with_suffix(".expected.json")
        if expected.exists():
            pages.append((path.stem, path.read_text(encoding="utf-8"), json.loads(expected.read_text(encoding="utf-8"))))
    if args.farm:
        pages += farm_pages()
    if not pages:
        sys.exit(f"no fixture pages with .expected.json under {args.dir}")
    trafilatura_text(pages[0][1], pages[0][2]["url"])  # warm-up: imports and lazy compiles
    ours(pages[0][1], pages[0][2]["url"])
    print(f"{'page':24} {'ours F1':>8} {'traf F1':>8} {'ours ms':>8} {'traf ms':>8} {'speed-up':>8}")
    rows = []
    dated = right_ours = right_traf = 0
    for name, html, expected in pages:
        url = expected["url"]
        t_ours, t_traf = [], []
        for _ in range(args.repeat):
            text_ours, ms = timed(ours, html, url)
            t_ours.append(ms)
            text_traf, ms = timed(trafilatura_text, html, url)
            t_traf.append(ms)
        if "published" in expected:  # dates, outside the timed loop: trafilatura reads them separately
            import trafilatura

            dated += 1
            right_ours += extract_article(html, url).published == expected["published"]
            meta = trafilatura.extract_metadata(html, default_url=url)
            right_traf += (meta.date if meta and meta.date else None) == expected["published"]
        f_ours = f1(text_ours, expected["text"])[2]
        f_traf = f1(text_traf, expected["text"])[2]
        m_ours, m_traf = statistics.median(t_ours), statistics.median(t_traf)
        rows.append((f_ours, f_traf, m_ours, m_traf))
        if not args.quiet:
            print(f"{name[:24]:24} {f_ours:8.3f} {f_traf:8.3f} {m_ours:8.2f} {m_traf:8.2f} {m_traf / m_ours:7.1f}x")
    mean = [statistics.fmean(col) for col in zip(*rows)]
    total_ours, total_traf = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"{'mean':24} {mean[0]:8.3f} {mean[1]:8.3f} {mean[2]:8.2f} {mean[3]:8.2f} {total_traf / total_ours:7.1f}x")
    print(f"\n{len(pages)} pages x {args.repeat} runs. F1 ours/trafilatura = {mean[0] / max(mean[1], 1e-9):.3f}; "
          f"time per page trafilatura/ours = {total_traf / total_ours:.1f}x (goal: F1 higher, >= 4x faster)")
    print(f"published date right: ours {right_ours}/{dated}, trafilatura.extract_metadata {right_traf}/{dated}")


if __name__ == "__main__":
    main()
