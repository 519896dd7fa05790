"""The wiring: stored pages or input files -> extract_bytes -> db load.

Extraction is pure and CPU-bound, so it runs in worker processes (both cores of a small machine);
the main process is the only writer and commits one transaction per batch.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from tqdm import tqdm

from db import load
from db.pages import StoredPage, iter_pages
from db.reviews import orphan_reviews
from extractors.document import extract_bytes, extract_path
from extractors.errors import CchcError, InputError

BATCH_SIZE = 50  # pages per transaction
# Below this a process pool costs more than it saves (forking, pickling rows back, each worker's
# lazy loads): on the 91-page demo, 2 workers measured no faster than 1.
MIN_PAGES_FOR_POOL = 200
MAX_BATCHES_AHEAD = 3  # extracted batches waiting for the writer: ~150 pages of rows in memory


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    removed: int = 0
    rows_changed: int = 0
    orphan_reviews: list[dict[str, Any]] = field(default_factory=list)
    error_reasons: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [(f"{self.documents} documents loaded, {self.rows_changed} rows changed, "
               f"{self.removed} articles removed, {self.errors} errors")]
        out += [f"  error {reason}: {n}" for reason, n in sorted(self.error_reasons.items())]
        if self.totals:
            out.append("database: " + ", ".join(f"{n:,} {name}" for name, n in self.totals.items()))
        if self.orphan_reviews:
            out.append(f"{len(self.orphan_reviews)} reviews whose flag no longer exists (kept; see the "
                       "orphan_reviews view):")
            out += [f"  review {r['id']} by {r['actor']} on flag {r['flag_id']}: {r['flag_relation']}"
                    for r in self.orphan_reviews]
        return out


def _extract_page(job: tuple[str, bytes, str | None, str | None, str | None, str | None]
                  ) -> tuple[str, dict[str, Any] | None, tuple[str, str] | None]:
    url, body, content_type, final_url, portal_id, listing_date = job
    try:
        doc = extract_bytes(body, url, content_type=content_type, url=final_url or url)
    except InputError as exc:
        return url, None, (exc.reason, str(exc))
    except CchcError as exc:  # a named failure of a later stage: recorded, never dropped
        return url, None, (type(exc).__name__, str(exc))
    rows = load.document_rows(doc, url, page_url=url, portal_id=portal_id, listing_date=listing_date)
    return url, rows, None


PAGE_FILTER = "(kind is null or kind = 'article')"  # listings, feeds, sitemaps hold no bulletin


def _jobs(pages: Iterable[StoredPage]) -> Iterator[tuple[Any, ...]]:
    for p in pages:
        if p.decoded is not None:  # the crawler's normalised UTF-8 (legacy TCVN3 fonts converted)
            yield (p.url, p.decoded, "text/html; charset=utf-8", p.final_url, p.portal_id, p.listing_date)
        else:
            yield (p.url, p.body, p.content_type, p.final_url, p.portal_id, p.listing_date)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _totals(db: sqlite_utils.Database) -> dict[str, int]:
    return {name: db.execute(f"select count(*) from [{table}]").fetchone()[0] for name, table in (
        ("articles", "articles"), ("figures", "figures"), ("flags", "flags"),
        ("root causes", "flag_groups"), ("skipped numbers", "skipped"), ("reviews", "reviews"))}


def _write(db: sqlite_utils.Database, results: list[tuple[str, Any, Any]], summary: Summary) -> None:
    stats: dict[str, int] = {}
    with db.conn:  # one transaction per batch
        for source, rows, error in results:
            if error is not None:
                reason, message = error
                load.record_error(db, source, reason, message)
                summary.errors += 1
                summary.error_reasons[reason] = summary.error_reasons.get(reason, 0) + 1
            else:
                load.store_rows(db, rows, stats)
                summary.documents += 1
    summary.rows_changed += sum(stats.values())


def _commit_batch(db: sqlite_utils.Database, results: list[tuple[str, Any, Any]], seen: set[str],
                  summary: Summary, bar: Any) -> None:
    seen.update(url for url, _, _ in results)
    _write(db, results, summary)
    bar.update(len(results))


def reprocess(db: sqlite_utils.Database, *, workers: int | None = None, batch_size: int = BATCH_SIZE,
              progress: bool | None = None) -> Summary:
    """Rebuild every derived table from the stored raw pages; no network. Idempotent."""
    summary = Summary()
    total = db.execute("select count(*) from pages where body is not null and relevant = 1 and "
                       + PAGE_FILTER).fetchone()[0]
    workers = workers or min(2, os.cpu_count() or 1)
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=total, unit="page", desc="reprocess", disable=not show)
    seen: set[str] = set()
    pool = None
    jobs = _jobs(iter_pages(db, where=PAGE_FILTER))
    try:
        if workers > 1 and total >= MIN_PAGES_FOR_POOL:
            # The first page is extracted here, before forking: the lazily loaded lexicons and
            # gazetteer it pulls in are then inherited by the workers instead of loaded by each.
            first = next(jobs, None)
            if first is not None:
                _commit_batch(db, [_extract_page(first)], seen, summary, bar)
            pool = multiprocessing.get_context("fork").Pool(workers)
        # Batches the workers extract while this thread commits older ones. More than one ahead:
        # when the writer is descheduled the workers keep going; bounded, so memory stays flat.
        in_flight: deque[Any] = deque()
        for batch in _batches(jobs, batch_size):
            if pool is None:
                _commit_batch(db, [_extract_page(job) for job in batch], seen, summary, bar)
                continue
            in_flight.append(pool.map_async(_extract_page, batch,
                                            chunksize=max(1, len(batch) // (4 * workers))))
            if len(in_flight) > MAX_BATCHES_AHEAD:
                _commit_batch(db, in_flight.popleft().get(), seen, summary, bar)
        while in_flight:
            _commit_batch(db, in_flight.popleft().get(), seen, summary, bar)
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
    with db.conn:
        # Articles of pages that are gone or no longer relevant; reviews of their flags stay.
        stale = [r["id"] for r in db.query("select id, page_url from articles where page_url is not null")
                 if r["page_url"] not in seen]
        for aid in stale:
            load.delete_article(db, aid)
        summary.removed = len(stale)
        load.prune_units(db)
        stale_errors = [r["source"] for r in db.query("select source from load_errors")
                        if r["source"].startswith(("http://", "https://")) and r["source"] not in seen]
        for source in stale_errors:
            db.execute("delete from load_errors where source = ?", [source])
    summary.orphan_reviews = orphan_reviews(db)
    summary.totals = _totals(db)
    return summary


def portal_rows(registry: str | Path | None = None) -> list[dict[str, Any]]:
    """Portal rows from the crawler's registry (the bundled one by default)."""
    from scraper.registry import load_registry

    return [{"id": p.id, "name": p.name, "url": p.base_url, "level": (p.unit or {}).get("level"),
             "province": (p.unit or {}).get("province")} for p in load_registry(registry)]


def sync_portals(db: sqlite_utils.Database, registry: str | Path | None = None) -> int:
    """Name the portals the pages came from, so Datasette shows names instead of ids."""
    with db.conn:
        return load.store_portals(db, portal_rows(registry))


def load_files(db: sqlite_utils.Database, paths: Iterable[str | Path], *, progress: bool | None = None
               ) -> Summary:
    """Extract .txt / .html files and load them; the article key is the path as given."""
    summary = Summary()
    paths = [os.path.normpath(str(p)) for p in paths]  # ./a.txt and a.txt are one article
    show = sys.stderr.isatty() if progress is None else progress
    results: list[tuple[str, Any, Any]] = []
    for path in tqdm(paths, unit="file", desc="load", disable=not show):
        try:
            doc = extract_path(path)
            results.append((path, load.document_rows(doc, path), None))
        except InputError as exc:
            results.append((path, None, (exc.reason, str(exc))))
    for batch in _batches(results, BATCH_SIZE):
        _write(db, batch, summary)
    with db.conn:
        load.prune_units(db)
    summary.orphan_reviews = orphan_reviews(db)
    summary.totals = _totals(db)
    return summary
