"""Crawl state next to the pages: runs, the persisted frontier and the log of every fetch.

The frontier lives in SQLite (WAL) so that a crawl killed with ``kill -9`` resumes where it
stopped: an item is marked done in the same transaction that stores its page and enqueues the
links found on it, so nothing is lost and nothing is stored twice. The run lock is an OS file
lock next to the database: the kernel drops it when the process dies, so a crash never leaves a
stale lock behind.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from db.pages import ensure_tables as ensure_page_tables

SCHEMA = """
create table if not exists crawl_runs (
  id integer primary key, started_at text, finished_at text, state text,
  pages integer default 0, bytes integer default 0, args text);
create table if not exists frontier (
  url text primary key, portal_id text not null, host text not null, kind text not null,
  seq integer not null, state text not null default 'pending', listing_root text,
  page_no integer, listing_date text, article_key text, method text default 'GET', payload text,
  reason text, run_id integer, added_at text);
create index if not exists frontier_next on frontier(state, host, seq);
create index if not exists frontier_key on frontier(portal_id, article_key);
create table if not exists fetch_log (
  id integer primary key, run_id integer, url text, final_url text, method text, status integer,
  reason text, bytes integer, elapsed_ms integer, fetched_at text, tls_verified integer,
  not_modified integer);
"""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CrawlLocked(RuntimeError):
    """Another crawl holds the lock on this database."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: another crawl is running")
        self.path = path


@contextmanager
def crawl_lock(db_path: str | Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking lock for one crawl of ``db_path``."""
    path = Path(f"{db_path}.crawl.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlLocked(path) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)


@dataclass
class Item:
    url: str
    portal_id: str
    host: str
    kind: str  # robots | listing | xhr | sitemap | feed | article
    seq: int = 0
    listing_root: str | None = None
    page_no: int | None = None
    listing_date: str | None = None
    article_key: str | None = None
    method: str = "GET"
    payload: dict[str, Any] | None = None


class CrawlState:
    """One SQLite connection shared by the worker threads, serialised by a lock."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = str(db_path)
        self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.conn.execute("pragma journal_mode=wal")
        self.conn.execute("pragma synchronous=normal")
        self.db = sqlite_utils.Database(self.conn)
        self.lock = threading.RLock()
        with self.lock, self.conn:
            self.conn.executescript(SCHEMA)
            ensure_page_tables(self.db)
        self._seq = self.conn.execute("select coalesce(max(seq), 0) from frontier").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    # --- runs -------------------------------------------------------------------------------
    def start_run(self, args: dict[str, Any]) -> int:
        with self.lock, self.conn:
            cur = self.conn.execute("insert into crawl_runs(started_at, state, args) values (?, 'running', ?)",
                                    (now_iso(), json.dumps(args, ensure_ascii=False)))
            return int(cur.lastrowid or 0)

    def interrupted_run(self) -> int | None:
        """The id of the last run if it never finished (killed), after marking it ``killed``."""
        with self.lock, self.conn:
            row = self.conn.execute("select id, state from crawl_runs order by id desc limit 1").fetchone()
            if row and row[1] == "running":
                self.conn.execute("update crawl_runs set state='killed' where id=?", (row[0],))
                return int(row[0])
        return None

    def frontier_size(self, portal_id: str) -> int:
        with self.lock:
            return int(self.conn.execute("select count(*) from frontier where portal_id=?", (portal_id,)).fetchone()[0])

    def finish_run(self, run_id: int, state: str, pages: int, nbytes: int) -> None:
        with self.lock, self.conn:
            self.conn.execute("update crawl_runs set finished_at=?, state=?, pages=?, bytes=? where id=?",
                              (now_iso(), state, pages, nbytes, run_id))

    # --- frontier ---------------------------------------------------------------------------
    def pending_count(self, portal_ids: list[str] | None = None) -> int:
        sql, params = "select count(*) from frontier where state='pending'", []
        if portal_ids:
            sql += f" and portal_id in ({','.join('?' * len(portal_ids))})"
            params = list(portal_ids)
        with self.lock:
            return int(self.conn.execute(sql, params).fetchone()[0])

    def reset_portal(self, portal_id: str) -> None:
        """Forget a finished portal's frontier so that a new run visits its listings again."""
        with self.lock, self.conn:
            self.conn.execute("delete from frontier where portal_id=?", (portal_id,))

    def known_url(self, url: str) -> bool:
        with self.lock:
            return self.conn.execute("select 1 from frontier where url=?", (url,)).fetchone() is not None

    def known_key(self, portal_id: str, article_key: str) -> bool:
        with self.lock:
            row = self.conn.execute("select 1 from frontier where portal_id=? and article_key=? limit 1",
                                    (portal_id, article_key)).fetchone()
            return row is not None

    def _add(self, item: Item, run_id: int | None) -> bool:
        if item.article_key and self.known_key(item.portal_id, item.article_key):
            return False
        self._seq += 1
        cur = self.conn.execute(
            "insert or ignore into frontier(url, portal_id, host, kind, seq, listing_root, page_no, listing_date,"
            " article_key, method, payload, run_id, added_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (item.url, item.portal_id, item.host, item.kind, self._seq, item.listing_root, item.page_no,
             item.listing_date, item.article_key, item.method,
             json.dumps(item.payload, sort_keys=True) if item.payload is not None else None, run_id, now_iso()))
        return cur.rowcount > 0

    def add(self, items: list[Item], run_id: int | None = None) -> int:
        with self.lock, self.conn:
            return sum(self._add(i, run_id) for i in items)

    def next_item(self, host: str) -> Item | None:
        with self.lock:
            row = self.conn.execute(
                "select url, portal_id, host, kind, seq, listing_root, page_no, listing_date, article_key, method,"
                " payload from frontier where state='pending' and host=? order by seq limit 1", (host,)).fetchone()
        if row is None:
            return None
        payload = json.loads(row[10]) if row[10] else None
        return Item(*row[:10], payload=payload)

    def pending_hosts(self, portal_ids: list[str]) -> list[str]:
        with self.lock:
            rows = self.conn.execute(
                f"select host, min(seq) from frontier where state='pending' and portal_id in "
                f"({','.join('?' * len(portal_ids))}) group by host order by 2", portal_ids).fetchall()
        return [r[0] for r in rows]

    def complete(self, item: Item, *, page: dict[str, Any] | None, found: list[Item], reason: str | None,
                 log: dict[str, Any] | None, run_id: int | None) -> int:
        """Atomically: store the page, log the fetch, enqueue what was found, mark the item done."""
        with self.lock, self.conn:
            if page is not None:
                _save_page_row(self.conn, page)
            if log is not None:
                self.conn.execute(
                    "insert into fetch_log(run_id, url, final_url, method, status, reason, bytes, elapsed_ms,"
                    " fetched_at, tls_verified, not_modified) values (?,?,?,?,?,?,?,?,?,?,?)",
                    (run_id, log.get("url"), log.get("final_url"), log.get("method"), log.get("status"),
                     log.get("reason"), log.get("bytes"), log.get("elapsed_ms"), log.get("fetched_at"),
                     log.get("tls_verified"), log.get("not_modified")))
            added = sum(self._add(i, run_id) for i in found)
            self.conn.execute("update frontier set state='done', reason=? where url=?", (reason, item.url))
            return added

    def stored_page(self, url: str) -> dict[str, Any] | None:
        with self.lock:
            cur = self.conn.execute("select * from pages where url=?", (url,))
            row = cur.fetchone()
            if row is None:
                return None
            return dict(zip([d[0] for d in cur.description], row))

    def page_with_hash(self, portal_id: str, sha256: str, url: str) -> str | None:
        with self.lock:
            row = self.conn.execute(
                "select url from pages where portal_id=? and sha256=? and url<>? and kind='article'"
                " and (reason is null or reason='not_relevant') order by url limit 1",
                (portal_id, sha256, url)).fetchone()
        return row[0] if row else None


def _save_page_row(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    # Plain SQL upsert inside the caller's transaction (sqlite_utils would commit on its own).
    from db.pages import PAGE_COLUMNS, compress
    record = {k: v for k, v in row.items() if k in PAGE_COLUMNS}
    if record.get("body") is not None:
        record["body_bytes"] = len(record["body"])
        record["body"] = compress(record["body"])
    if record.get("decoded") is not None:
        record["decoded"] = compress(record["decoded"])
    cols = list(record)
    updates = ", ".join(f"{c}=excluded.{c}" for c in cols if c != "url")
    conn.execute(f"insert into pages({', '.join(cols)}) values ({', '.join('?' * len(cols))})"
                 f" on conflict(url) do update set {updates}", [record[c] for c in cols])
