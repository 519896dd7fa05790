"""p95 time of the flags page and of a figures facet through Datasette's test client.

Builds (once, cached under /tmp) a database with 1,000,000 figures from demo-like bulletins over
~700 real pre-2025 districts, and a 10,000-figure one beside it; times each page on both and
prints the ratio, so the numbers compare within one run on one machine. Target: p95 <= 200 ms.
Each page is timed twice on the big database, side by side: "before" with Datasette's own facet
queries (the plugin's stored counts turned off) and "after" with the stored counts (db/facets.py).

    .venv/bin/python benchmarks/datasette.py [--figures 1000000] [--runs 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is named like the datasette package: keep its own folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

from db import facets
from db.load import document_rows, store_rows
from db.schema import CHILD_TABLES, TABLES, open_db
from db.serve import make_datasette
from db.synthetic import demo_document
from db.units import _data_dir

FIGURES_PER_ARTICLE = 12


def districts(limit: int = 700) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    rows = con.execute("select distinct districtShort, provinceShort from admin_units_legacy "
                       "where districtType = 'Huyện' order by districtCode limit ?", [limit]).fetchall()
    con.close()
    return rows


def build(path: Path, figures: int) -> None:
    """Bulk-load demo-like articles: the first one per unit through the loader, the rest in bulk."""
    if path.exists():
        return
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = open_db(str(tmp))
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    units = districts()
    articles = figures // FIGURES_PER_ARTICLE
    started = time.perf_counter()
    pending: dict[str, list[tuple]] = {t: [] for t in ("articles", *CHILD_TABLES)}
    seen_units: set[str] = set()

    def flush() -> None:
        with db.conn:
            for table, rows in pending.items():
                if rows:
                    cols = list(TABLES[table]["columns"])
                    db.conn.executemany(f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                                        f"values ({', '.join('?' for _ in cols)})", rows)
                    rows.clear()

    for i in range(articles):
        name, province = units[i % len(units)]
        k = i // len(units)
        doc = demo_document(f"https://bench.example.vn/{i}", unit=name, province=province,
                            year=2015 + (k // 12) % 11, month=1 + k % 12, seed=i, typo=i % 3 == 0)
        rows = document_rows(doc, doc.source)
        uid = rows["articles"][0]["unit_id"]
        if uid not in seen_units:  # units and their 2025 mapping through the real loader
            flush()
            with db.conn:
                store_rows(db, rows)
            seen_units.add(uid)
            continue
        for table, queue in pending.items():
            cols = list(TABLES[table]["columns"])
            queue.extend(tuple(r.get(c) for c in cols) for r in rows[table])
        if len(pending["figures"]) >= 50_000:
            flush()
    flush()
    db.execute("analyze")
    db.conn.close()
    tmp.rename(path)
    print(f"built {path} ({articles:,} articles) in {time.perf_counter() - started:.0f} s", flush=True)


async def timings(ds, path: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request (CPU of every thread of this process: on a
    machine shared with other jobs, wall time includes waiting for a core, CPU time does not)."""
    await ds.client.get(path)  # warm the page cache and Datasette's introspection
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        response = await ds.client.get(path)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return wall, cpu


def trigger_cost(source: Path, rows: int, folder: Path, repeats: int = 3) -> tuple[float, float]:
    """Seconds to insert ``rows`` figures in one transaction without / with the facet-count triggers
    (best of ``repeats``, alternating; CPU seconds of this process, as SQLite runs in it): the
    write-side price of the stored counts."""
    cols = list(TABLES["figures"]["columns"])
    con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    data = con.execute(f"select {', '.join(f'[{c}]' for c in cols)} from figures limit ?", [rows]).fetchall()
    con.close()
    best = {"without": float("inf"), "with": float("inf")}
    for _ in range(repeats):
        for mode in best:
            path = folder / f"trigger-cost-{mode}.db"
            path.unlink(missing_ok=True)
            db = open_db(str(path))
            if mode == "without":
                for name in facets.TRIGGERS:
                    db.execute(f"drop trigger [{name}]")
            started = time.process_time()
            with db.conn:
                db.conn.executemany(f"insert into figures ({', '.join(f'[{c}]' for c in cols)}) "
                                    f"values ({', '.join('?' for _ in cols)})", data)
            best[mode] = min(best[mode], time.process_time() - started)
            db.conn.close()
            path.unlink()
    return best["without"], best["with"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--dir", default="/tmp/cchc-bench")
    parser.add_argument("--insert-rows", type=int, default=100_000,
                        help="figures inserted to price the facet-count triggers (0: skip)")
    args = parser.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    big = Path(args.dir) / f"bench{args.figures}.db"
    small = Path(args.dir) / f"bench{args.small}.db"
    build(small, args.small)
    build(big, args.figures)
    pages = {"flags page": "/{db}/flags",
             "figures (metric facet)": "/{db}/figures",  # the metric facet comes from metadata
             "figures + scope facet": "/{db}/figures?_facet=scope",
             "figures of one unit": "/{db}/figures?unit_id={unit}&_facet=scope",  # an analyst's filter
             "flag page (auditor)": "/-/flag/{flag}"}
    # "before": Datasette's own facet queries (stored counts off); "after": the stored counts.
    modes = {"before": {"plugins": {"cchc": {"precomputed_facets": False}}}, "after": None}
    results = {}
    for path in (small, big):
        db = open_db(str(path))  # brings a file built by an older version up to the schema
        counts = {t: db[t].count for t in ("figures", "flags", "articles")}
        flag = next(iter(db.query("select id from flags order by id limit 1 offset 7")))["id"]
        unit = next(iter(db.query("select id from units order by id limit 1")))["id"]
        db.conn.close()
        instances = {mode: make_datasette(path, extra_metadata=extra) for mode, extra in modes.items()}
        for label, template in pages.items():
            url = template.format(db=path.stem, flag=flag, unit=unit)
            for mode, ds in instances.items():  # side by side, page by page
                results[(path, label, mode)] = asyncio.run(timings(ds, url, args.runs))
        print(f"{path.name}: {counts['figures']:,} figures, {counts['flags']:,} flags, "
              f"{counts['articles']:,} articles")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; milliseconds, "
          f"{args.runs} requests each; target p95 <= 200 ms on the big database")
    print(f"{'page':24} {'p95 small':>9} {'p95 before':>10} {'p50 after':>9} {'p95 after':>9} "
          f"{'cpu p95 before':>14} {'cpu p95 after':>13} {'before/after wall':>17} {'cpu':>5}  "
          f"verdict after (wall / cpu)")
    for label in pages:
        sw = results[(small, label, "after")][0]
        bw, bc = results[(big, label, "before")]
        aw, ac = results[(big, label, "after")]
        verdict = f"{'ok' if p95(aw) <= 200 else 'OVER'} / {'ok' if p95(ac) <= 200 else 'OVER'}"
        print(f"{label:24} {p95(sw):9.1f} {p95(bw):10.1f} {statistics.median(aw):9.1f} {p95(aw):9.1f} "
              f"{p95(bc):14.1f} {p95(ac):13.1f} {p95(bw) / p95(aw):16.1f}x {p95(bc) / p95(ac):4.1f}x  {verdict}")

    if args.insert_rows:
        without, with_ = trigger_cost(big, args.insert_rows, Path(args.dir))
        print(f"\ninsert {args.insert_rows:,} figures in one transaction: {without:.2f} CPU s without the "
              f"facet-count triggers, {with_:.2f} s with them ({with_ / without:.2f}x)")


if __name__ == "__main__":
    main()
