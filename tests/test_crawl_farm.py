"""The crawler against the fixture farm: discovery of every family, faults, politeness, re-crawl bytes."""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from scraper.crawl import Crawler
from scraper.registry import load_registry
from scraper.settings import load_settings
from tests.farm import FAMILY_SITES, Farm, build_sites

FAST = {"DOWNLOAD_DELAY": 0.01, "READ_TIMEOUT": 1.0, "CONNECT_TIMEOUT": 2.0, "MAX_PAGE_BYTES": 200_000,
        "RETRY_AFTER_MAX": 1.0, "RETRY_BACKOFF": 0.01}
_SITES, _FAULTS = build_sites()
PORTAL_IDS = [key for key, *_ in FAMILY_SITES] + ["xa-huyenx", "tls-selfsigned"]
FAULT_CASES = [(key, path, reason) for key, paths in _FAULTS.items() for path, reason in paths.items()]


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Any:
    farm = Farm.start(tmp_path_factory.mktemp("farm"))
    yield farm
    farm.stop()


@pytest.fixture(scope="module")
def crawled(farm: Farm, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two crawls of the unchanged farm into one database; the farm log of each."""
    db = tmp_path_factory.mktemp("db") / "crawl.db"
    portals = load_registry(farm.registry_path)
    settings = load_settings(overrides=FAST)
    farm.reset_log()
    crawler = Crawler(db, portals, settings)
    first = crawler.run()
    starts = list(crawler.fetcher.starts)
    log1, bytes1 = list(farm.log), farm.bytes_sent()
    farm.reset_log()
    second = Crawler(db, portals, settings).run()
    log2, bytes2 = list(farm.log), farm.bytes_sent()
    return {"db": db, "starts": starts, "first": first, "second": second, "log1": log1, "log2": log2, "bytes1": bytes1,
            "bytes2": bytes2}


def rows(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_every_article_of_every_family_is_found(farm: Farm, crawled: dict[str, Any], portal_id: str) -> None:
    stored = {r["url"] for r in rows(crawled["db"], "select url from pages where portal_id=? and kind='article'",
                                     portal_id)}
    expected = [e for e in farm.truth_articles() if e.portal_id == portal_id]
    assert expected
    missing = [e.url for e in expected if not ({e.url, *e.aliases} & stored)]
    assert missing == []


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_relevance_and_rejections_match_the_truth(farm: Farm, crawled: dict[str, Any], portal_id: str) -> None:
    got = {r["url"]: (bool(r["relevant"]), r["reason"]) for r in
           rows(crawled["db"], "select url, relevant, reason from pages where portal_id=? and kind='article'", portal_id)}
    for e in (e for e in farm.truth_articles() if e.portal_id == portal_id):
        url = next(u for u in [e.url, *e.aliases] if u in got)
        assert got[url] == (e.relevant and e.reason is None, e.reason), url


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_an_article_under_two_urls_is_stored_once(farm: Farm, crawled: dict[str, Any], portal_id: str) -> None:
    stored = {r["url"] for r in rows(crawled["db"], "select url from pages where portal_id=?", portal_id)}
    for e in (e for e in farm.truth_articles() if e.portal_id == portal_id):
        assert len({e.url, *e.aliases} & stored) == 1, e.url


def test_numeric_aliases_exist_in_the_farm() -> None:
    numeric = next(s for s in _SITES if s.family == "numeric_path")
    assert all(a.aliases for a in numeric.articles)


def test_sidebar_links_are_not_listing_items(farm: Farm, crawled: dict[str, Any]) -> None:
    hidden = farm.hidden_urls()
    assert hidden
    stored = {r["url"] for r in rows(crawled["db"], "select url from pages")}
    requested = {e.host + e.path for e in crawled["log1"]}
    assert not set(hidden) & stored
    assert not set(hidden) & requested


def test_no_request_to_a_robots_disallowed_path(farm: Farm, crawled: dict[str, Any]) -> None:
    rules = farm.disallowed()
    assert rules
    hits = [e for e in crawled["log1"] + crawled["log2"] for host, prefix in rules
            if e.host == host and e.path.startswith(prefix)]
    assert hits == []


@pytest.mark.parametrize("key,path,reason", FAULT_CASES, ids=[f"{k}{p}" for k, p, _ in FAULT_CASES])
def test_every_fault_ends_as_a_recorded_reason(farm: Farm, crawled: dict[str, Any], key: str, path: str,
                                               reason: str | None) -> None:
    url = farm.base[key] + path
    found = rows(crawled["db"], "select reason, relevant, body from pages where url=?", url)
    assert len(found) == 1, f"{url} not stored"
    assert found[0]["reason"] == reason
    if reason is None:  # slow, flaky 503 and 429-with-Retry-After pages end stored and relevant
        assert found[0]["relevant"] == 1 and found[0]["body"]


def test_every_frontier_item_is_done_and_logged(crawled: dict[str, Any]) -> None:
    assert rows(crawled["db"], "select count(*) n from frontier where state<>'done'")[0]["n"] == 0
    assert crawled["first"].state == "done" and crawled["first"].pending == 0
    unlogged = rows(crawled["db"], "select url from frontier where kind<>'robots' and url not in "
                                   "(select url from fetch_log)")
    assert unlogged == []


def _gaps(starts: list[float]) -> list[float]:
    starts = sorted(starts)
    return [b - a for a, b in itertools.pairwise(starts)]


def test_crawl_delay_from_robots_is_honoured(farm: Farm, crawled: dict[str, Any]) -> None:
    host = farm.base["faults"].split("://")[1]
    client = _gaps([t for h, t in crawled["starts"] if h == host])
    assert len(client) > 5
    assert min(client) >= 0.05  # Crawl-delay 0.05 beats DOWNLOAD_DELAY 0.01
    # The farm sees the same spacing on average; single arrival stamps jitter with thread scheduling.
    server = _gaps([e.at for e in crawled["log1"] if e.host == farm.base["faults"]])
    assert sum(server) / len(server) >= 0.05


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_requests_to_one_host_are_spaced_by_the_delay(farm: Farm, crawled: dict[str, Any], portal_id: str) -> None:
    host = farm.base[portal_id].split("://")[1]
    gaps = _gaps([t for h, t in crawled["starts"] if h == host])
    assert gaps and min(gaps) >= 0.01


def test_hosts_are_fetched_concurrently(crawled: dict[str, Any]) -> None:
    # With one worker per host the run takes about as long as its busiest host, not the sum.
    per_host: dict[str, list[float]] = {}
    for h, t in crawled["starts"]:
        per_host.setdefault(h, []).append(t)
    spans = [max(v) - min(v) for v in per_host.values() if len(v) > 1]
    all_starts = [t for _, t in crawled["starts"]]
    assert max(all_starts) - min(all_starts) < 0.8 * sum(spans)


def test_recrawl_of_an_unchanged_farm_moves_at_most_5_percent(crawled: dict[str, Any]) -> None:
    assert crawled["bytes2"] <= 0.05 * crawled["bytes1"], (crawled["bytes2"], crawled["bytes1"])
    assert crawled["second"].not_modified >= 0.9 * crawled["second"].fetched


def test_recrawl_keeps_every_page(crawled: dict[str, Any]) -> None:
    lost = rows(crawled["db"], "select url from pages where kind='article' and reason is null and body is null")
    assert lost == []
    unchanged = rows(crawled["db"], "select count(*) n from pages where unchanged_fetches >= 1")[0]["n"]
    assert unchanged > 50


def test_self_signed_host_is_fetched_and_marked_unverified(farm: Farm, crawled: dict[str, Any]) -> None:
    found = rows(crawled["db"], "select tls_verified from pages where portal_id='tls-selfsigned' and kind='article'")
    assert found and {r["tls_verified"] for r in found} == {0}
    others = rows(crawled["db"], "select distinct tls_verified from pages where portal_id='a-sp' and body is not null")
    assert [r["tls_verified"] for r in others] == [1]


@pytest.mark.parametrize("charset", ["windows-1258", "none"])
def test_charsets_decode_to_nfc(farm: Farm, crawled: dict[str, Any], charset: str) -> None:
    import sqlite_utils

    from db.pages import iter_pages
    pages = {p.url: p for p in iter_pages(sqlite_utils.Database(crawled["db"]), relevant_only=False)}
    cases = [(site, a) for site in farm.sites for a in site.articles if a.charset == charset and not a.traps]
    assert cases
    for site, art in cases:
        page = next(pages[u] for u in [farm.base[site.key] + p for p in [art.path, *art.aliases]] if u in pages)
        title = unicodedata.normalize("NFC", art.title)
        assert title in page.html and unicodedata.is_normalized("NFC", page.html)


@pytest.mark.parametrize("trap", ["nfd", "to_hop", "tcvn3"])
def test_text_traps_are_normalised(farm: Farm, crawled: dict[str, Any], trap: str) -> None:
    import sqlite_utils

    from db.pages import iter_pages
    from tests.farm.content import TCVN3_UNICODE
    pages = {p.url: p for p in iter_pages(sqlite_utils.Database(crawled["db"]), relevant_only=False)}
    cases = [(site, a) for site in farm.sites for a in site.articles if trap in a.traps and a.relevant]
    assert cases
    for site, art in cases:
        page = next(pages[u] for u in [farm.base[site.key] + p for p in [art.path, *art.aliases]] if u in pages)
        assert unicodedata.normalize("NFC", art.title) in page.html
        if trap == "tcvn3":
            assert page.legacy_font == "tcvn3" and TCVN3_UNICODE in page.html
