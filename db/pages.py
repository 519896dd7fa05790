"""Raw pages as fetched: the only table the crawler writes and the only input of reprocess.

The crawler stores every fetch here (through :func:`save_page`); ``cchc reprocess`` reads the
stored bodies back (:func:`iter_pages`) and needs no network.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass
class StoredPage:
    url: str  # canonical URL: the page's stable key
    final_url: str | None
    portal_id: str | None
    status: int | None
    content_type: str | None
    body: bytes  # decompressed
    sha256: str | None
    fetched_at: str | None  # ISO 8601, UTC
    listing_date: str | None  # the date shown beside the link on the listing, if any
    relevant: bool
    reason: str | None  # why the page was rejected (soft_404, hacked, not_relevant, ...), else None
    kind: str | None = None  # article | listing | xhr | sitemap | feed | robots
    title: str | None = None
    encoding: str | None = None  # charset the raw body was decoded with
    legacy_font: str | None = None  # "tcvn3" when legacy-font text was found (and converted in ``html``)
    tls_verified: bool = True
    decoded: bytes | None = None  # normalised UTF-8 HTML when it differs from ``body``

    @property
    def html(self) -> str:
        """The page as NFC Unicode HTML (charset decoded, TCVN3 runs converted): what parsers want."""
        if self.decoded is not None:
            return self.decoded.decode("utf-8")
        return self.body.decode(self.encoding or "utf-8", "replace")


PAGE_COLUMNS: dict[str, Any] = {
    "url": str, "final_url": str, "portal_id": str, "status": int, "content_type": str,
    "etag": str, "last_modified": str, "sha256": str, "body": bytes, "body_bytes": int,
    "encoding": str, "fetched_at": str, "changed_at": str, "listing_date": str,
    "relevant": int, "reason": str, "tls_verified": int, "title": str, "article_key": str,
    # added by the crawler (issue 5)
    "kind": str, "decoded": bytes, "legacy_font": str, "method": str, "unchanged_fetches": int,
    "headers": str,  # JSON of the response headers that matter (content-type, etag, server, retry-after ...)
}


def ensure_tables(db: sqlite_utils.Database) -> None:
    if "pages" not in db.table_names():
        db["pages"].create(PAGE_COLUMNS, pk="url", not_null={"url"})
        db["pages"].create_index(["portal_id"], if_not_exists=True)
        db["pages"].create_index(["sha256"], if_not_exists=True)
        return
    have = set(db["pages"].columns_dict)
    for name, kind in PAGE_COLUMNS.items():  # an older database: add the newer columns
        if name not in have:
            db["pages"].add_column(name, kind)


def compress(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def save_page(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Upsert one fetched page; ``row['body']`` is raw bytes and is stored compressed."""
    ensure_tables(db)
    record = dict(row)
    if record.get("body") is not None:
        record["body_bytes"] = len(record["body"])
        record["body"] = compress(record["body"])
    if record.get("decoded") is not None:
        record["decoded"] = compress(record["decoded"])
    db["pages"].upsert(record, pk="url", alter=True)


def iter_pages(db: sqlite_utils.Database, *, relevant_only: bool = True,
               where: str | None = None, params: dict[str, Any] | None = None) -> Iterator[StoredPage]:
    """Stored pages in URL order (stable, so reprocess is deterministic)."""
    if "pages" not in db.table_names():
        return
    clauses = ["body is not null"] + (["relevant = 1"] if relevant_only else []) + ([where] if where else [])
    sql = f"select * from pages where {' and '.join(clauses)} order by url"
    for row in db.query(sql, params or {}):
        yield StoredPage(
            url=row["url"], final_url=row.get("final_url"), portal_id=row.get("portal_id"),
            status=row.get("status"), content_type=row.get("content_type"),
            body=zlib.decompress(row["body"]), sha256=row.get("sha256"),
            fetched_at=row.get("fetched_at"), listing_date=row.get("listing_date"),
            relevant=bool(row.get("relevant")), reason=row.get("reason"), kind=row.get("kind"),
            title=row.get("title"), encoding=row.get("encoding"), legacy_font=row.get("legacy_font"),
            tls_verified=row.get("tls_verified") != 0,
            decoded=zlib.decompress(row["decoded"]) if row.get("decoded") else None)
