"""The SQLite schema: tables, declared foreign keys, facet indexes, full-text search, views.

``ensure_schema`` is idempotent: it creates what is missing and leaves existing rows alone, so
the crawler, ``cchc load`` and ``cchc reprocess`` can all call it on the same file.

Stable keys (what makes loading an idempotent upsert):
  pages.url         canonical URL (owned by :mod:`db.pages`)
  articles.id       sha1 of the article key (page URL, or the input path)
  figures.id        sha1 of article id + span + metric
  flags.id          sha1 of rule + sorted figure surfaces + article key (survives metric renames)
  flag_groups.id    sha1 of article id + the checker's group id
  skipped.id        sha1 of article id + span
  reviews.id        integer; reviews point at flags by fingerprint and are never rewritten
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlite_utils

from db import facets
from db import pages as pages_table

SCHEMA_VERSION = 1

# Each table: columns, primary key, foreign keys (column, other table, other column), indexes.
TABLES: dict[str, dict[str, Any]] = {
    "portals": {
        "columns": {"id": str, "name": str, "url": str, "level": str, "province": str},
        "pk": "id",
        "fks": [],
        "indexes": [["province"], ["level"]],
    },
    "units": {
        "columns": {"id": str, "level": str, "name": str, "province": str, "label": str, "name_key": str},
        "pk": "id",
        "fks": [],
        "indexes": [["level"], ["province"], ["name_key"]],
    },
    "units_2025": {
        "columns": {"unit_id": str, "status": str, "province_2025": str, "ward_2025": str,
                    "province_code": str, "ward_code": str, "note": str},
        "pk": "unit_id",
        "fks": [("unit_id", "units", "id")],
        "indexes": [["status"], ["province_2025"]],
    },
    "articles": {
        "columns": {"id": str, "source": str, "page_url": str, "portal_id": str, "title": str,
                    "published": str, "published_from": str, "unit_id": str, "period_start": str,
                    "period_end": str, "figures_count": int, "flags_count": int, "skipped_count": int,
                    "notes": str, "body": str, "search_folded": str},
        "pk": "id",
        "fks": [("page_url", "pages", "url"), ("portal_id", "portals", "id"), ("unit_id", "units", "id")],
        "indexes": [["published"], ["period_start"], ["unit_id"], ["portal_id"], ["page_url"]],
    },
    "figures": {
        "columns": {"id": str, "article_id": str, "local_id": str, "metric": str, "kind": str,
                    "value": float, "surface": str, "start": int, "end": int, "scope": str,
                    "unit_name": str, "approx": str, "base": str, "decimals": int, "segment": int,
                    "sentence": int, "parent_id": str, "unit_id": str, "level": str,
                    "period_start": str, "period_end": str},
        "pk": "id",
        "fks": [("article_id", "articles", "id"), ("unit_id", "units", "id"), ("parent_id", "figures", "id")],
        # (period_start, id) serves the default sort with Datasette's pk tie-breaker on 1M rows.
        "indexes": [["article_id"], ["metric"], ["kind"], ["scope"], ["unit_id"], ["level"],
                    ["period_start", "id"], ["metric", "unit_id", "period_start"]],
    },
    "relations": {
        "columns": {"id": str, "article_id": str, "rule": str, "relation": str, "holds": int,
                    "stated": float, "computed": float, "convention": str, "severity": str,
                    "figure_ids": str, "note": str},
        "pk": "id",
        "fks": [("article_id", "articles", "id")],
        "indexes": [["article_id"], ["rule"], ["holds"]],
    },
    "flag_groups": {
        "columns": {"id": str, "article_id": str, "label": str, "diagnosis": str, "flags_count": int},
        "pk": "id",
        "fks": [("article_id", "articles", "id")],
        "indexes": [["article_id"]],
    },
    "flags": {
        "columns": {"id": str, "article_id": str, "group_id": str, "rule": str, "severity": str,
                    "relation": str, "stated": float, "computed": float, "diagnosis": str,
                    "explanation": str, "evidence": str, "evidence_start": int, "evidence_end": int,
                    "figure_ids": str, "unit_id": str, "period_start": str, "checker_fingerprint": str,
                    "details": str},
        "pk": "id",
        "fks": [("article_id", "articles", "id"), ("group_id", "flag_groups", "id"),
                ("unit_id", "units", "id")],
        "indexes": [["article_id"], ["group_id"], ["rule"], ["severity"], ["unit_id"], ["period_start"]],
    },
    "flag_figures": {
        "columns": {"flag_id": str, "figure_id": str, "position": int},
        "pk": ("flag_id", "figure_id"),
        "fks": [("flag_id", "flags", "id"), ("figure_id", "figures", "id")],
        "indexes": [["figure_id"]],
    },
    "skipped": {
        "columns": {"id": str, "article_id": str, "surface": str, "start": int, "end": int, "reason": str},
        "pk": "id",
        "fks": [("article_id", "articles", "id")],
        "indexes": [["article_id"], ["reason"]],
    },
    "load_errors": {
        "columns": {"source": str, "reason": str, "message": str},
        "pk": "source",
        "fks": [],
        "indexes": [["reason"]],
    },
    "reviews": {
        "columns": {"id": int, "flag_id": str, "verdict": str, "comment": str, "actor": str,
                    "created_at": str, "flag_rule": str, "flag_relation": str, "article_source": str},
        "pk": "id",
        "fks": [("flag_id", "flags", "id")],
        "indexes": [["flag_id"], ["verdict"], ["actor"]],
    },
}

VERDICTS = ("confirmed", "false_alarm", "explained")

# The per-article children: rebuilt (diffed) whenever an article is re-extracted.
# Link rows go first so that a vanished flag takes its links with it.
CHILD_TABLES = ("flag_figures", "flags", "flag_groups", "figures", "relations", "skipped")

VIEWS: dict[str, str] = {
    # Figures in long form, one row per figure with everything needed to pivot.
    "figures_long": """
select f.id as figure_id, a.id as article_id, a.title as article_title, a.source as source,
       u.level as unit_level, u.name as unit_name, u.province as province,
       m.province_2025 as province_2025, f.period_start, f.period_end, a.published,
       f.metric, f.kind, f.scope, f.unit_name as sub_unit, f.value, f.approx, f.base, f.surface
from figures f join articles a on a.id = f.article_id
left join units u on u.id = f.unit_id
left join units_2025 m on m.unit_id = f.unit_id""",
    # On-time rate (early + on time over resolved) and online share (online over new) per unit
    # and period, computed from the stated counts of the whole unit (scope = all).
    "rates_by_unit_period": """
select u.label as unit, u.level as unit_level, u.province, t.period_start, t.period_end,
       t.resolved_total, t.resolved_in_time_count,
       round(100.0 * t.resolved_in_time_count / nullif(t.resolved_total, 0), 2) as on_time_rate,
       t.received_new, t.received_online,
       round(100.0 * t.received_online / nullif(coalesce(t.received_new, t.received_total), 0), 2)
         as online_share,
       t.articles
from (
  select f.unit_id, f.period_start, max(f.period_end) as period_end,
         max(case when f.metric = 'resolved_total' and f.kind = 'count' then f.value end) as resolved_total,
         nullif(coalesce(max(case when f.metric = 'resolved_early' and f.kind = 'count' then f.value end), 0)
              + coalesce(max(case when f.metric = 'resolved_on_time' and f.kind = 'count' then f.value end), 0),
                0) as resolved_in_time_count,
         max(case when f.metric = 'received_new' and f.kind = 'count' then f.value end) as received_new,
         max(case when f.metric = 'received_total' and f.kind = 'count' then f.value end) as received_total,
         max(case when f.metric = 'received_online' and f.kind = 'count' then f.value end) as received_online,
         count(distinct f.article_id) as articles
  from figures f
  where f.scope = 'all' and f.approx is null
  group by f.unit_id, f.period_start
) t left join units u on u.id = t.unit_id""",
    # Flags per unit, with how many an auditor has already looked at.
    "flags_by_unit": """
select u.label as unit, u.level as unit_level, u.province,
       count(*) as flags, sum(fl.severity = 'error') as errors,
       count(distinct fl.group_id) as root_causes,
       sum(exists(select 1 from reviews r where r.flag_id = fl.id)) as reviewed
from flags fl left join units u on u.id = fl.unit_id
group by fl.unit_id""",
    # Reviews whose flag no longer exists after a reprocess: kept, listed here for a person.
    "orphan_reviews": """
select r.* from reviews r where not exists (select 1 from flags f where f.id = r.flag_id)""",
}

FTS_COLUMNS = ["title", "body", "search_folded"]


def key(*parts: object, length: int = 16) -> str:
    """A short stable id from its parts (the stable keys above)."""
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:length]


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS table and view that is missing; never drops data."""
    pages_table.ensure_tables(db)
    existing = set(db.table_names())
    for name, spec in TABLES.items():
        if name in existing:  # a file made by an older version: add the columns it lacks
            have = set(db[name].columns_dict)
            for column, kind in spec["columns"].items():
                if column not in have:
                    db[name].add_column(column, kind)
        else:
            fks = [fk for fk in spec["fks"] if fk[1] != name]  # self-references are added below
            db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=fks)
            for col, other, other_col in spec["fks"]:
                if other == name:
                    db[name].add_foreign_key(col, other, other_col, ignore=True)
        for columns in spec["indexes"]:
            db[name].create_index(columns, if_not_exists=True)
    _ensure_page_portal_fk(db)
    if "articles_fts" not in db.table_names():
        # unicode61 with remove_diacritics 2 folds marks (hồ sơ ~ ho so); the folded shadow column
        # search_folded maps đ to d as well, so "Dien Bien" finds "Điện Biên".
        db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True,
                                  tokenize="unicode61 remove_diacritics 2")
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    facets.ensure_counts(db)  # stored facet counts of the big tables, kept by triggers
    db.execute(f"pragma user_version = {int(SCHEMA_VERSION)}")


def _ensure_page_portal_fk(db: sqlite_utils.Database) -> None:
    # pages is created by the crawler's helper; declare its portal link so Datasette shows labels.
    if not any(fk.column == "portal_id" for fk in db["pages"].foreign_keys):
        db["pages"].add_foreign_key("portal_id", "portals", "id", ignore=True)


def open_db(path: str, *, create: bool = True) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = wal")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing
    # (the WAL is in the OS cache) and the file is never corrupted; only a power cut can lose the
    # last batches, which the next crawl or reprocess redoes. FULL cost a fsync per 50-page batch.
    db.execute("pragma synchronous = normal")
    if create:
        ensure_schema(db)
    return db
