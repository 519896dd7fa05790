"""Auditors' verdicts on flags. Reviews point at a flag by its fingerprint and are never deleted.

A reprocess may make a flag vanish (a pattern got better, the page changed); its reviews stay,
carry a snapshot of the flag they judged, and are listed by :func:`orphan_reviews` and the
``orphan_reviews`` view.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from db.schema import VERDICTS


class ReviewError(Exception):
    """A review that cannot be stored (unknown verdict, unknown flag, no actor)."""

    def __init__(self, flag_id: str, reason: str, message: str) -> None:
        super().__init__(f"flag {flag_id}: {message}")
        self.flag_id, self.reason = flag_id, reason


def add_review(db: sqlite_utils.Database, flag_id: str, verdict: str, comment: str | None,
               actor: str | None, *, now: datetime | None = None) -> dict[str, Any]:
    """Store one verdict by a signed-in actor; returns the stored row."""
    if not actor:
        raise ReviewError(flag_id, "anonymous", "a review needs a signed-in actor")
    if verdict not in VERDICTS:
        raise ReviewError(flag_id, "bad_verdict", f"verdict must be one of {', '.join(VERDICTS)}")
    flag = next(iter(db.query(
        "select f.rule, f.relation, a.source from flags f left join articles a on a.id = f.article_id "
        "where f.id = ?", [flag_id])), None)
    if flag is None:
        raise ReviewError(flag_id, "unknown_flag", "no such flag")
    row = {"flag_id": flag_id, "verdict": verdict, "comment": (comment or "").strip() or None,
           "actor": actor, "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
           "flag_rule": flag["rule"], "flag_relation": flag["relation"], "article_source": flag["source"]}
    with db.conn:
        db["reviews"].insert(row)
    row["id"] = db.execute("select max(id) from reviews").fetchone()[0]
    return row


def reviews_of(db: sqlite_utils.Database, flag_id: str) -> list[dict[str, Any]]:
    return list(db.query("select * from reviews where flag_id = ? order by id", [flag_id]))


def orphan_reviews(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Reviews whose flag no longer exists: kept, to be looked at by a person."""
    return list(db.query("select * from orphan_reviews order by id"))
