"""The crawl fault matrix: each fault the farm serves, what the crawler did, the reason stored, nothing lost.

The table in docs/FAULTS.md is generated from a real crawl of the fixture farm and its ground truth
(tests.farm: truth_faults(), the hacked commune site, the self-signed TLS host, the legacy-charset
articles, the dead host). The test regenerates it and fails when the file differs; rewrite it with

    CCHC_WRITE_FAULTS=1 .venv/bin/python -m pytest tests/test_fault_matrix.py
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from scraper.crawl import Crawler
from scraper.registry import load_registry
from scraper.settings import load_settings
from tests.farm import Farm, build_sites
from tests.test_crawl_farm import FAST

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "FAULTS.md"

# farm path (or a marker for whole-site faults) -> (fault, what the crawler is meant to do)
FAULTS: dict[str, tuple[str, str]] = {
    "/bai-viet/cham-123.html": ("slow response (0.3 s, under READ_TIMEOUT)", "waits; stores the article"),
    "/bai-viet/loi-503-124.html": ("5xx once (503, then 200)", "retries with backoff; stores the article"),
    "/bai-viet/qua-tai-125.html": ("429 with Retry-After: 1", "honours Retry-After, retries; stores the article"),
    "/bai-viet/luon-503-126.html": ("5xx always (503)", "retries up to the limit, then records the status"),
    "/bai-viet/treo-134.html": ("timeout (3 s, READ_TIMEOUT 1 s)", "gives up at the timeout; retried next run"),
    "/bai-viet/cat-ngang-135.html": ("truncated body (Content-Length: N, N/2 bytes sent, connection closed)",
                                     "drops the partial body; retried next run"),
    "/bai-viet/cat-khuc-136.html": ("truncated body (chunked, closed before the last chunk)",
                                    "drops the partial body; retried next run"),
    "/bai-viet/trang-lon-127.html": ("oversized page (> MAX_PAGE_BYTES)", "stops reading at the cap; no body kept"),
    "/bai-viet/vong-lap-128.html": ("redirect loop (A -> B -> A)", "follows hop by hop, stops at the first repeat"),
    "/bai-viet/da-xoa-129.html": ("redirect to the home page (deleted article)", "stores it as a soft 404"),
    "/bai-viet/ten-trang-130.html": ("soft 404 (200 with the site name as title)", "stores it as a soft 404"),
    "/bai-viet/khong-ton-tai-131.html": ("hard 404", "records the status"),
    "/bai-viet/thu-thach-132.html": ("JS challenge page (anti-bot script, empty body)", "stores it, rejected"),
    "/private/bai-viet/noi-bo-133.html": ("robots-disallowed path", "never requests it"),
    "/tin-tuc/cai-cach-hanh-chinh/nha-cai-uy-tin-so-1.html": ("hacked page: gambling spam", "stores it, rejected"),
    "/tin-tuc/cai-cach-hanh-chinh/thong-bao-cai-cach-hanh-chinh.html":
        ("hacked page: JS redirect to a casino", "stores it, rejected; the redirect is not followed"),
    "/tin-tuc/cai-cach-hanh-chinh/ket-qua-thu-tuc-hanh-chinh.html":
        ("hacked page: meta refresh to a casino", "stores it, rejected; the refresh is not followed"),
    "dead-host": ("dead host (connection refused)", "records the listing as unreachable; other hosts go on"),
    "tls": ("TLS: self-signed certificate", "falls back to unverified TLS, stores every article, marks them"),
    "cp1258": ("wrong charset: windows-1258 body", "decodes from the meta/bytes, records the encoding"),
    "no-charset": ("wrong charset: no charset in Content-Type", "sniffs the encoding, records it"),
    "tcvn3": ("legacy TCVN3 (.VnTime) font text", "converts to Unicode, records legacy_font"),
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("faults")
    farm = Farm.start(work / "farm")
    db = work / "crawl.db"
    farm.reset_log()
    Crawler(db, load_registry(farm.registry_path), load_settings(overrides=FAST)).run()
    time.sleep(3.2)  # the farm logs a request once answered; the timeout page answers 3 s after the crawler gave up
    yield farm, db
    farm.stop()


def _rows(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _requests(farm: Farm, url: str) -> str:
    statuses = [str(e.status) for e in farm.log if e.host + e.path == url and e.method == "GET"]
    return f"{len(statuses)}: {' '.join(statuses)}" if statuses else "0"


def _kept(row: sqlite3.Row | None) -> str:
    if row is None:
        return "**LOST**"
    return "row, body" if row["body"] else "row, no body"


def matrix(farm: Farm, db: Path) -> dict[str, list[str]]:
    """One row per fault (keyed as FAULTS): fault, farm URL, requests (count: statuses), crawler action, reason, stored."""
    out: dict[str, list[str]] = {}
    truth = farm.truth_faults()
    for url, expected in truth.items():
        path = "/" + url.split("/", 3)[3]
        if path == "/" and url.startswith(farm.base["down"]):
            path = "dead-host"
        fault, action = FAULTS[path]
        found = _rows(db, "select p.reason, p.relevant, p.body, f.state from pages p left join frontier f"
                          " on f.url = p.url where p.url = ?", url)
        row = found[0] if found else None
        reason = (row["reason"] if row else None) or ("none (relevant)" if row and row["relevant"] else "none")
        done = "done" if row and row["state"] == "done" else "**NOT DONE**"
        ok = "yes" if row is not None and (row["reason"] == expected) else "**NO**"
        out[path] = ([fault, path if path != "dead-host" else "/ (listing)", _requests(farm, url), action,
                    f"`{reason}`", f"{_kept(row)}; frontier {done}", ok])
    # whole-site and per-page traits that are not rejections
    for key, sql, expected in (
            ("tls", "select * from pages where portal_id='tls-selfsigned' and kind='article'", "tls_verified=0"),
            ("cp1258", "select * from pages where kind='article' and encoding='cp1258'", "encoding=cp1258"),
            ("no-charset", ("select * from pages where kind='article' and content_type='text/html'"
                            " and reason is null"), "encoding=utf-8"),
            ("tcvn3", "select * from pages where kind='article' and legacy_font='tcvn3'", "legacy_font=tcvn3")):
        fault, action = FAULTS[key]
        found = _rows(db, sql)
        relevant = sum(r["relevant"] for r in found)
        col, value = expected.split("=")
        agree = found and all(str(r[col]) == value for r in found)
        gets = {_requests(farm, r["url"]) for r in found}
        out[key] = ([fault, f"{len(found)} article pages", "each " + "/".join(sorted(gets)), action, f"none; `{expected}`",
                    f"{relevant}/{len(found)} stored relevant, with body", "yes" if agree and relevant else "**NO**"])
    return out


HEADER = ["fault", "farm URL", "GET requests: statuses", "what the crawler does", "reason in `pages.reason`",
          "stored", "matches the farm's truth"]


def render(rows: dict[str, list[str]]) -> str:
    lines = ["# Crawl fault matrix", "",
             "Generated by `tests/test_fault_matrix.py` from one crawl of the fixture farm (`tests.farm`) with the",
             "test settings (DOWNLOAD_DELAY 0.01 s, READ_TIMEOUT 1 s, MAX_PAGE_BYTES 200,000, RETRY_AFTER_MAX 1 s).",
             "The test fails when this file no longer matches a real crawl; rewrite it with",
             "`CCHC_WRITE_FAULTS=1 .venv/bin/python -m pytest tests/test_fault_matrix.py`.", "",
             "*Nothing lost* means: every faulty URL ends as one `pages` row with its reason (the body kept only",
             "when it is a real page), its frontier item `done`, and a `fetch_log` row per attempt. Rejections that",
             "would only repeat (`too_large`, `http_4xx`, `redirect_loop`, `soft_404_*`, `hacked_*`, `js_challenge`)",
             "are not re-fetched for RECHECK_REJECTED_DAYS; `timeout`, `truncated_body`, `http_5xx` and",
             "`host_unreachable` are retried by the next run (`test_next_run_retries_only_transient_faults`",
             "crawls the fault host again and counts the GETs). The GET count is what the farm's server logged",
             "for that URL (robots.txt and listings not included).", "",
             "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows.values()]
    lines += [""]
    return "\n".join(lines)


def test_every_farm_fault_is_in_the_matrix(crawl: Any) -> None:
    farm, _db = crawl
    paths = {"/" + u.split("/", 3)[3] for u in farm.truth_faults()} - {"/"}
    assert paths <= set(FAULTS)


@pytest.mark.parametrize("key", list(FAULTS))
def test_each_fault_ends_as_the_truth_says(crawl: Any, key: str) -> None:
    row = matrix(*crawl)[key]
    assert row[-1] == "yes", row
    assert "LOST" not in row[5] and "NOT DONE" not in row[5], row


def test_nothing_is_lost(crawl: Any) -> None:
    farm, db = crawl
    stored = {r["url"] for r in _rows(db, "select url from pages")}
    logged = {r["url"] for r in _rows(db, "select url from fetch_log")}
    faulty = set(farm.truth_faults())
    assert faulty <= stored
    robots = {u for u, r in farm.truth_faults().items() if r == "robots_disallowed"}
    assert faulty - robots <= logged  # every attempt that reached the network is in fetch_log
    assert _rows(db, "select count(*) n from frontier where state <> 'done'")[0]["n"] == 0


def test_the_doc_matches_a_real_crawl(crawl: Any) -> None:
    text = render(matrix(*crawl))
    if os.environ.get("CCHC_WRITE_FAULTS") == "1":
        DOC.write_text(text, encoding="utf-8")
    assert DOC.exists(), "run with CCHC_WRITE_FAULTS=1 to write docs/FAULTS.md"
    assert DOC.read_text(encoding="utf-8") == text


# What the next run does with each stored rejection: fetch it again (transient) or skip it (lasting).
RETRIED = {"timeout", "truncated_body", "http_503"}
SKIPPED = {"too_large", "http_404", "redirect_loop", "soft_404_home", "soft_404_title", "js_challenge",
           "robots_disallowed"}


@pytest.fixture(scope="module")
def recrawl(crawl: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A copy of the crawled file, crawled again for the fault host only; the farm's log of that run."""
    farm, db = crawl
    again = tmp_path_factory.mktemp("recrawl") / "crawl.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(again)
    src.backup(dst)
    src.close(), dst.close()
    start = time.monotonic()
    portals = [p for p in load_registry(farm.registry_path) if p.id == "faults"]
    result = Crawler(again, portals, load_settings(overrides=FAST)).run()
    time.sleep(3.2)  # the timeout page answers after the crawler gave up
    return farm, again, [e for e in farm.log if e.at >= start and e.method == "GET"], result


@pytest.mark.parametrize("path,reason", sorted((p, r) for p, r in build_sites()[1]["faults"].items()
                                               if r in RETRIED | SKIPPED))
def test_next_run_retries_only_transient_faults(recrawl: Any, path: str, reason: str) -> None:
    farm, db, log, _ = recrawl
    url = farm.base["faults"] + path
    gets = [e for e in log if e.host + e.path == url]
    attempts = [r["reason"] for r in _rows(db, "select reason from fetch_log where url = ? order by id", url)]
    row = _rows(db, "select reason, body, relevant from pages where url = ?", url)
    assert len(row) == 1 and row[0]["reason"] == reason, (url, [dict(r) for r in row])
    if reason in RETRIED:
        assert gets, f"{reason}: not fetched again"
        assert attempts[-1] == reason
    else:
        assert gets == [], f"{reason}: fetched again within RECHECK_REJECTED_DAYS"
        if reason != "robots_disallowed":
            assert attempts[-1] == "recheck_later"


@pytest.mark.parametrize("path", ["/bai-viet/cat-ngang-135.html", "/bai-viet/cat-khuc-136.html"],
                         ids=["content-length", "chunked"])
def test_truncated_body_keeps_nothing_half_written(recrawl: Any, path: str) -> None:
    farm, db, _log, _ = recrawl
    url = farm.base["faults"] + path
    row = _rows(db, "select reason, body, decoded, sha256, relevant, status from pages where url = ?", url)[0]
    assert (row["reason"], row["body"], row["decoded"], row["sha256"], row["relevant"]) == \
        ("truncated_body", None, None, None, 0)
    logged = {r["reason"] for r in _rows(db, "select reason from fetch_log where url = ?", url)}
    assert logged == {"truncated_body"}


def test_a_truncated_body_is_no_sign_of_a_network_down(recrawl: Any) -> None:
    """Exit 4 (page a person) counts transport failures: a cut-short body means the host answered,
    so of this run's failed requests only the timeout counts."""
    *_, result = recrawl
    assert result.reasons["truncated_body"] == 2
    assert result.transport_failures == result.reasons["timeout"] == 1
