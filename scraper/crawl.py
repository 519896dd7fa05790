"""One crawl run: seed the frontier from the registry, fetch host by host in parallel, store every page.

Each host gets one worker thread that takes its pending frontier items in order; the fetcher keeps
requests to one host apart by the politeness delay, so a run lasts about as long as its busiest
host needs. Every item ends as a stored page row (with a reason when rejected) and a fetch-log
row, written in the same transaction that marks the item done and enqueues what it linked to.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex as re

from db.crawlstate import CrawlState, Item, crawl_lock, now_iso
from scraper.classify import classify
from scraper.families import Family, ListingItem, family_for
from scraper.fetch import Fetcher, FetchError, decode_page
from scraper.registry import Portal
from scraper.settings import Settings
from scraper.urls import canonical, host_of, is_static

_LOC = re.compile(r"<(?:loc|link)>\s*([^<\s]+)\s*</(?:loc|link)>|<link[^>]+href=[\"']([^\"']+)[\"']", re.IGNORECASE)
LISTING_KINDS = ("listing", "xhr")
# Rejections that a re-crawl a few days later would only repeat (RECHECK_REJECTED_DAYS).
LASTING = re.compile(r"^(too_large|http_4\d\d|redirect_loop|soft_404_\w+|hacked_\w+|js_challenge)$")
HINT_KINDS = ("sitemap", "feed")


@dataclass
class CrawlResult:
    run_id: int = 0
    state: str = "done"  # done | deadline | max_pages
    fetched: int = 0
    not_modified: int = 0
    bytes: int = 0
    relevant: int = 0
    articles: int = 0
    pending: int = 0
    transport_failures: int = 0
    listing_failures: int = 0  # transport failures of listings (not of single articles)
    elapsed: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        reasons = ", ".join(f"{k}={v}" for k, v in sorted(self.reasons.items())) or "none"
        return (f"crawl {self.state}: {self.fetched} requests ({self.not_modified} not modified), "
                f"{self.bytes} bytes, {self.articles} articles ({self.relevant} relevant), "
                f"{self.pending} pending, {self.elapsed:.1f}s; reasons: {reasons}")


class Crawler:
    def __init__(self, db_path: str | Path, portals: list[Portal], settings: Settings, *,
                 since: str | None = None, on_item: Callable[[Item, dict[str, Any]], None] | None = None) -> None:
        self.db_path = str(db_path)
        self.portals = {p.id: p for p in portals}
        self.settings = settings
        self.since = since
        self.on_item = on_item
        self.fetcher = Fetcher(settings)
        self.result = CrawlResult()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = 0.0

    # --- the run --------------------------------------------------------------------------------
    def run(self) -> CrawlResult:
        """Crawl under the database's run lock; raises CrawlLocked when another run holds it."""
        with crawl_lock(self.db_path):
            self.state = CrawlState(self.db_path)
            try:
                return self._run()
            finally:
                self.state.close()

    def _run(self) -> CrawlResult:
        started = time.monotonic()
        s = self.settings
        self._deadline = started + s.DEADLINE_SECONDS if s.DEADLINE_SECONDS else float("inf")
        killed = self.state.interrupted_run()
        run_id = self.state.start_run({"portals": sorted(self.portals), "since": self.since, "resumes": killed})
        self.result.run_id = run_id
        for portal in self.portals.values():
            if self.state.pending_count([portal.id]):
                continue  # resume where the interrupted or cut-short run stopped
            if killed and self.state.frontier_size(portal.id):
                continue  # finished before the kill: nothing to redo
            self.state.reset_portal(portal.id)
            self.state.add(self._seeds(portal), run_id)
        hosts = self.state.pending_hosts(list(self.portals))
        with ThreadPoolExecutor(max_workers=s.CONCURRENT_HOSTS, thread_name_prefix="host") as pool:
            for future in [pool.submit(self._work_host, host, run_id) for host in hosts]:
                future.result()
        self.result.pending = self.state.pending_count(list(self.portals))
        if self.result.pending and self.result.state == "done":
            self.result.state = "deadline" if time.monotonic() >= self._deadline else "incomplete"
        self.result.elapsed = time.monotonic() - started
        self.state.finish_run(run_id, self.result.state, self.result.fetched, self.result.bytes)
        return self.result

    def _seeds(self, portal: Portal) -> list[Item]:
        items = [Item(f"{portal.base_url}robots.txt", portal.id, portal.host, "robots")]
        for url in portal.listing_urls():
            url = canonical(url) or url
            items.append(Item(url, portal.id, host_of(url), "listing", listing_root=url, page_no=1))
        for key, kind in (("sitemap", "sitemap"), ("rss", "feed")):
            if key in portal.selectors:
                url = canonical(portal.selectors[key], portal.base_url) or portal.base_url
                items.append(Item(url, portal.id, host_of(url), kind))
        return items

    def _work_host(self, host: str, run_id: int) -> None:
        while not self._stop.is_set():
            if time.monotonic() >= self._deadline:
                self._stop.set()
                self.result.state = "deadline"
                return
            item = self.state.next_item(host)
            if item is None:
                return
            if item.portal_id not in self.portals:
                return
            with self._lock:
                if self.settings.MAX_PAGES and self.result.fetched >= self.settings.MAX_PAGES:
                    self._stop.set()
                    self.result.state = "max_pages"
                    return
            self._process(item, run_id)

    # --- one frontier item ------------------------------------------------------------------------
    def _process(self, item: Item, run_id: int) -> None:
        portal = self.portals[item.portal_id]
        family = family_for(portal.family)
        if item.kind == "robots":
            host = self.fetcher.robots(item.url)
            found = []
            if portal.family == "generic" and not host.robots_error:
                found = [Item(u, portal.id, host_of(u), "sitemap") for u in
                         (canonical(x) for x in host.sitemaps) if u and host_of(u) == portal.host]
            self.state.complete(item, page=None, found=found, reason=host.robots_error, log=None, run_id=run_id)
            return
        stored = self.state.stored_page(item.url)
        if stored and self._recently_rejected(stored):
            self.state.complete(item, page=None, found=[], reason=stored["reason"], run_id=run_id,
                                log={"url": item.url, "method": item.method, "reason": "recheck_later",
                                     "fetched_at": now_iso(), "bytes": 0})
            with self._lock:
                self.result.reasons[stored["reason"]] += 1
            return
        etag = stored.get("etag") if stored and stored.get("body") else None
        modified = stored.get("last_modified") if stored and stored.get("body") else None
        try:
            resp = self.fetcher.request(item.url, method=item.method, json=item.payload, etag=etag,
                                        last_modified=modified)
        except FetchError as exc:
            self._failed(item, exc, stored, run_id)
            return
        log = {"url": item.url, "final_url": resp.final_url, "method": item.method, "status": resp.status,
               "bytes": len(resp.body), "elapsed_ms": int(resp.elapsed * 1000), "fetched_at": resp.fetched_at,
               "tls_verified": int(resp.tls_verified), "not_modified": int(resp.not_modified)}
        if resp.not_modified and stored:
            body = zlib.decompress(stored["body"])
            html = zlib.decompress(stored["decoded"]).decode("utf-8") if stored.get("decoded") else \
                body.decode(stored.get("encoding") or "utf-8", "replace")
            page = {"url": item.url, "fetched_at": resp.fetched_at,
                    "unchanged_fetches": (stored.get("unchanged_fetches") or 0) + 1}
            reason, relevant, final_url = stored.get("reason"), bool(stored.get("relevant")), stored.get("final_url")
            status = stored.get("status") or 200
        else:
            body = resp.body
            decoded = decode_page(body, resp.final_url, resp.content_type)
            html, final_url, status = decoded.html, resp.final_url, resp.status
            verdict = classify(html, url=item.url, final_url=resp.final_url, status=resp.status,
                               site_names=(portal.name,), kind="article" if item.kind == "article" else "listing")
            reason, relevant = verdict.reason, verdict.relevant
            sha = resp.sha256
            if item.kind == "article" and reason in (None, "not_relevant"):
                twin = self.state.page_with_hash(portal.id, sha, item.url)
                if twin:  # the same article under another URL (alias): stored once as relevant
                    reason, relevant = "duplicate", False
            page = {"url": item.url, "final_url": resp.final_url, "portal_id": portal.id, "status": resp.status,
                    "content_type": resp.content_type or None, "etag": resp.headers.get("etag"),
                    "last_modified": resp.headers.get("last-modified"), "sha256": sha, "body": body,
                    "encoding": decoded.encoding, "fetched_at": resp.fetched_at,
                    "changed_at": resp.fetched_at if not stored or stored.get("sha256") != sha else stored.get("changed_at"),
                    "listing_date": item.listing_date, "relevant": int(relevant), "reason": reason,
                    "tls_verified": int(resp.tls_verified), "title": verdict.title, "article_key": item.article_key,
                    "kind": item.kind, "decoded": html.encode("utf-8") if decoded.changed else None,
                    "legacy_font": decoded.legacy_font, "method": item.method, "unchanged_fetches": 0,
                    "headers": json.dumps(resp.headers, sort_keys=True)}
        found: list[Item] = []
        if item.kind in LISTING_KINDS and status < 400 and reason is None:
            found = self._listing(item, portal, family, html, body, final_url or item.url)
        elif item.kind in HINT_KINDS and status < 400:
            found = self._hints(item, portal, family, html)
        log["reason"] = reason
        self.state.complete(item, page=page, found=found, reason=reason, log=log, run_id=run_id)
        with self._lock:
            self.result.fetched += 1
            self.result.bytes += len(resp.body)
            self.result.not_modified += int(resp.not_modified)
            if item.kind == "article":
                self.result.articles += 1
                self.result.relevant += int(relevant)
            if reason:
                self.result.reasons[reason] += 1
        if self.on_item:
            self.on_item(item, {"status": status, "reason": reason, "relevant": relevant,
                                "not_modified": resp.not_modified})

    def _recently_rejected(self, stored: dict[str, Any]) -> bool:
        days = self.settings.RECHECK_REJECTED_DAYS
        if not days or not stored.get("reason") or not LASTING.match(stored["reason"]) or not stored.get("fetched_at"):
            return False
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(stored["fetched_at"])
        return age < dt.timedelta(days=days)

    def _failed(self, item: Item, exc: FetchError, stored: dict[str, Any] | None, run_id: int) -> None:
        log = {"url": item.url, "method": item.method, "reason": exc.reason, "fetched_at": now_iso(), "bytes": 0}
        # A page stored by an earlier run keeps its body; only the failed attempt is logged.
        page = None if stored and stored.get("body") else {
            "url": item.url, "portal_id": item.portal_id, "kind": item.kind, "reason": exc.reason,
            "fetched_at": log["fetched_at"], "relevant": 0, "listing_date": item.listing_date,
            "article_key": item.article_key, "method": item.method}
        self.state.complete(item, page=page, found=[], reason=exc.reason, log=log, run_id=run_id)
        with self._lock:
            self.result.reasons[exc.reason] += 1
            # robots: never asked; a truncated body: the host answered, the network is up
            if exc.reason not in ("robots_disallowed", "truncated_body"):
                self.result.transport_failures += 1
                if item.kind != "article":
                    self.result.listing_failures += 1
            if item.kind == "article":
                self.result.articles += 1
        if self.on_item:
            self.on_item(item, {"status": None, "reason": exc.reason, "relevant": False, "not_modified": False})

    # --- discovery --------------------------------------------------------------------------------
    def _article_items(self, items: list[ListingItem], item: Item, portal: Portal, family: Family) -> list[Item]:
        return [Item(i.url, portal.id, host_of(i.url), "article", listing_root=item.listing_root,
                     listing_date=i.date, article_key=family.article_key(i.url)) for i in items]

    def _is_new(self, portal: Portal, family: Family, url: str) -> bool:
        return not self.state.known_url(url) and \
            not self.state.known_key(portal.id, family.article_key(url))

    def _listing(self, item: Item, portal: Portal, family: Family, html: str, body: bytes,
                 url: str) -> list[Item]:
        root = item.listing_root or item.url
        page_no = item.page_no or 1
        if item.kind == "xhr":
            try:
                items = family.parse_xhr(body, url, root, portal)
            except ValueError:
                return []
            nxt = None
            if items and item.payload:
                start = int(item.payload.get("start", 0)) + int(item.payload.get("length", 10))
                endpoint = item.url.split("?", 1)[0]
                nxt = family.xhr_request(endpoint, root, start, int(item.payload.get("length", 10)))
        else:
            listing = family.listing(html, url, portal, page_no)
            items, nxt = listing.items, listing.next
        # Listings run newest first: once a page shows an item older than --since, later pages are older still.
        past_since = bool(self.since) and any(i.date and i.date < self.since for i in items)
        if self.since:
            items = [i for i in items if not i.date or i.date >= self.since]
        new = [i for i in items if self._is_new(portal, family, i.url)]
        found = self._article_items(new, item, portal, family)
        # Stop paging on an empty page, a page that repeats known items, past --since, or at the cap.
        if nxt and new and not past_since and page_no < self.settings.MAX_LISTING_PAGES:
            length = len(listing.items) if item.kind != "xhr" else 0
            if nxt.kind == "xhr" and item.kind != "xhr":
                endpoint = nxt.url.split("?", 1)[0]
                nxt = family.xhr_request(endpoint, root, length, length or self.settings.XHR_PAGE_LENGTH)
            found.append(Item(nxt.url, portal.id, host_of(nxt.url), nxt.kind, listing_root=root,
                              page_no=page_no + 1, method=nxt.method, payload=nxt.payload))
        return found

    def _hints(self, item: Item, portal: Portal, family: Family, text: str) -> list[Item]:
        found = []
        for match in _LOC.finditer(text):
            url = canonical((match.group(1) or match.group(2) or "").replace("&amp;", "&"))
            if not url or host_of(url) != portal.host or is_static(url) and not url.endswith(".xml"):
                continue
            if url.lower().endswith((".xml", ".xml.gz")):
                found.append(Item(url, portal.id, host_of(url), "sitemap"))
            elif family.is_article(url, portal) and self._is_new(portal, family, url):
                found.append(Item(url, portal.id, host_of(url), "article", article_key=family.article_key(url)))
        return found


def since_date(value: str | None) -> str | None:
    if not value:
        return None
    return dt.date.fromisoformat(value).isoformat()
