"""Running unattended: kill -9 and resume, the run lock, the deadline, --since, exit codes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cchc.cli import cli
from db.crawlstate import crawl_lock
from scraper.crawl import Crawler
from scraper.registry import load_registry, select
from scraper.settings import load_settings
from tests.farm import START_DATE, Farm

FAST = {"DOWNLOAD_DELAY": 0.01, "READ_TIMEOUT": 1.0, "CONNECT_TIMEOUT": 2.0, "MAX_PAGE_BYTES": 200_000,
        "RETRY_AFTER_MAX": 1.0, "RETRY_BACKOFF": 0.01}
SETS = [f"--set={k}={v}" for k, v in FAST.items()]
COMPARED = "url, portal_id, kind, status, final_url, sha256, relevant, reason, title, article_key, listing_date, " \
           "tls_verified, legacy_font, encoding"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Any:
    farm = Farm.start(tmp_path_factory.mktemp("farm"))
    yield farm
    farm.stop()


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(db: Path, sql: str) -> int:
    try:
        return int(table(db, sql)[0][0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def crawl_cmd(db: Path, registry: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cchc.cli", "crawl", "--db", str(db), "--registry", str(registry),
            "--no-progress", *SETS, *extra]


def test_kill_9_then_restart_equals_an_uninterrupted_run(farm: Farm, tmp_path: Path) -> None:
    reference = tmp_path / "reference.db"
    Crawler(reference, load_registry(farm.registry_path), load_settings(overrides=FAST)).run()
    killed = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(crawl_cmd(killed, farm.registry_path), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count(killed, "select count(*) from fetch_log") < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = count(killed, "select count(*) from pages")
    total = count(reference, "select count(*) from pages")
    assert 0 < partial < total  # really killed mid-crawl
    assert count(killed, "select count(*) from frontier where state='pending'") > 0
    done = subprocess.run(crawl_cmd(killed, farm.registry_path), cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    query = f"select {COMPARED} from pages order by url"
    assert table(killed, query) == table(reference, query)
    assert table(killed, "select state from crawl_runs order by id") == [("killed",), ("done",)]
    # nothing fetched twice: each URL has one stored row and the resumed run did not redo finished work
    assert count(killed, "select count(*) from fetch_log where method='GET'") <= \
        count(reference, "select count(*) from fetch_log where method='GET'") + 3


def test_an_overlapping_run_exits_quietly(farm: Farm, tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    with crawl_lock(db):
        result = CliRunner().invoke(cli, ["crawl", "--db", str(db), "--registry", str(farm.registry_path),
                                          "--no-progress", *SETS])
    assert result.exit_code == 0
    assert "another crawl is running" in result.output
    assert count(db, "select count(*) from pages") == 0


def test_the_deadline_stops_the_run_and_the_next_run_finishes(farm: Farm, tmp_path: Path) -> None:
    db = tmp_path / "deadline.db"
    portals = select(load_registry(farm.registry_path), ["faults", "a-sp"])
    first = Crawler(db, portals, load_settings(overrides={**FAST, "DEADLINE_SECONDS": 0.5})).run()
    assert first.state == "deadline" and first.pending > 0
    second = Crawler(db, portals, load_settings(overrides=FAST)).run()
    assert second.state == "done" and second.pending == 0
    expected = {e.url for e in farm.truth_articles() if e.portal_id == "a-sp"}
    stored = {r[0] for r in table(db, "select url from pages where portal_id='a-sp' and kind='article'")}
    assert expected <= stored


def test_since_stops_paging_past_older_items(farm: Farm, tmp_path: Path) -> None:
    import datetime as dt
    db = tmp_path / "since.db"
    since = (START_DATE - dt.timedelta(days=9 * 6)).isoformat()
    portals = select(load_registry(farm.registry_path), ["d-thaibinh"])
    farm.reset_log()
    Crawler(db, portals, load_settings(overrides=FAST), since=since).run()
    dates = [r[0] for r in table(db, "select listing_date from pages where kind='article'")]
    assert dates and all(d >= since for d in dates)
    listing_pages = [e.path for e in farm.log if e.host == farm.base["d-thaibinh"] and "trang-" in e.path]
    assert listing_pages == ["/tin-tuc/cai-cach-hanh-chinh/trang-2"]


def test_max_pages_stops_and_the_next_run_resumes(farm: Farm, tmp_path: Path) -> None:
    db = tmp_path / "max.db"
    portals = select(load_registry(farm.registry_path), ["b-list"])
    first = Crawler(db, portals, load_settings(overrides={**FAST, "MAX_PAGES": 4})).run()
    assert first.state == "max_pages" and first.fetched == 4 and first.pending > 0
    second = Crawler(db, portals, load_settings(overrides=FAST)).run()
    assert second.state == "done"
    urls = [r[0] for r in table(db, "select url from fetch_log where method='GET'")]
    assert len(urls) == len(set(urls))  # resumed, not restarted: nothing fetched twice
    headers = table(db, "select headers from pages where kind='article' limit 1")[0][0]
    assert '"etag"' in headers and '"content-type"' in headers


@pytest.mark.parametrize("args,code", [
    (["--portal", "no-such-portal"], 2),
    (["--since", "05/09/2023"], 2),
    (["--set", "DOWNLOAD_DELAY=-1"], 2),
    (["--set", "NO_SUCH_SETTING=1"], 2),
    (["--portal", "down"], 4),
], ids=["unknown-portal", "bad-since", "bad-setting-value", "unknown-setting", "nothing-fetched"])
def test_exit_codes(farm: Farm, tmp_path: Path, args: list[str], code: int) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "x.db"), "--registry",
                                      str(farm.registry_path), "--no-progress", *SETS, *args])
    assert result.exit_code == code, result.output


def test_bad_registry_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[portal]]\nid = "x"\nname = "X"\nbase_url = "ftp://x"\nfamily = "generic"\n'
                   'listings = ["/"]\nunit = {level = "tinh"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "x.db"), "--registry", str(bad)])
    assert result.exit_code == 2
    assert "portal #1 (x): field 'base_url'" in result.output


def test_plain_log_lines_and_a_summary(farm: Farm, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "x.db"), "--registry",
                                      str(farm.registry_path), "--portal", "g-dnn", "--no-progress", *SETS])
    assert result.exit_code == 0
    assert "crawl done:" in result.output.splitlines()[-1]
    assert any(line.startswith("article ") for line in result.output.splitlines())
