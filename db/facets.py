"""Precomputed facet counts: the Datasette facets of big tables without a scan per page view.

A column facet is ``select col, count(*) ... group by col``: at 1,000,000 figures that walks a
million index entries on every table page (~200 ms of CPU; an integer lookup column instead of
text saves under 10 %, measured). ``facet_counts`` holds those counts per (table, column, value),
kept exact by triggers on insert, update and delete, so every writer (load, reprocess, the
benchmark's bulk insert) keeps it right without knowing about it. One rule for writers: no
``insert or replace`` into figures or flags (its implicit delete fires no trigger); the loader
updates, inserts and deletes. The price is paid on writes: see benchmarks/datasette.py.

:class:`db.plugin.CountedColumnFacet` replaces Datasette's column facet: on an unfiltered table
page it reads the stored counts; with any filter or ``_where`` it runs Datasette's own query, so
what an analyst sees is the same either way (tests/test_datasette_facets.py compares the two).

The SQL is written out literally (no identifiers spliced in: tests/test_sql_safety.py). To count
another column: add it to ``COUNTED`` and to ``SCRIPT``, rename the triggers (``_v2``) and add a
``drop trigger if exists`` of the old names; the new names make the next open recount.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

# Table -> columns whose facet counts are stored: the facets of metadata.yaml and the indexed
# columns one click away. SCRIPT below must match (a test checks).
COUNTED: dict[str, tuple[str, ...]] = {
    "figures": ("metric", "kind", "scope", "level", "unit_id"),
    "flags": ("rule", "severity", "unit_id"),
}
TABLE = "facet_counts"
TRIGGERS = tuple(f"facet_counts_{t}_v1_{event}" for t in COUNTED for event in ("insert", "delete", "update"))
PLUGIN_SETTING = "precomputed_facets"  # plugins: {cchc: {precomputed_facets: false}} turns it off

CREATE = """
create table if not exists facet_counts (
  table_name text not null,
  column_name text not null,
  value,  -- no declared type: values keep their own type, as in a GROUP BY
  count integer not null,
  primary key (table_name, column_name, value)
) without rowid"""

# Triggers, then a full recount (rows written before the triggers existed are counted too).
SCRIPT = """
begin;
create trigger if not exists facet_counts_figures_v1_insert after insert on figures begin
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'metric', new.metric, 1 where new.metric is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'kind', new.kind, 1 where new.kind is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'scope', new.scope, 1 where new.scope is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'level', new.level, 1 where new.level is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'unit_id', new.unit_id, 1 where new.unit_id is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
end;
create trigger if not exists facet_counts_figures_v1_delete after delete on figures begin
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'metric' and value = old.metric;
  delete from facet_counts where table_name = 'figures' and column_name = 'metric' and value = old.metric and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'kind' and value = old.kind;
  delete from facet_counts where table_name = 'figures' and column_name = 'kind' and value = old.kind and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'scope' and value = old.scope;
  delete from facet_counts where table_name = 'figures' and column_name = 'scope' and value = old.scope and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'level' and value = old.level;
  delete from facet_counts where table_name = 'figures' and column_name = 'level' and value = old.level and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'unit_id' and value = old.unit_id;
  delete from facet_counts where table_name = 'figures' and column_name = 'unit_id' and value = old.unit_id and count <= 0;
end;
create trigger if not exists facet_counts_figures_v1_update after update of metric, kind, scope, level, unit_id on figures begin
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'metric' and value = old.metric and old.metric is not new.metric;
  delete from facet_counts where table_name = 'figures' and column_name = 'metric' and value = old.metric and old.metric is not new.metric and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'metric', new.metric, 1 where new.metric is not null and old.metric is not new.metric
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'kind' and value = old.kind and old.kind is not new.kind;
  delete from facet_counts where table_name = 'figures' and column_name = 'kind' and value = old.kind and old.kind is not new.kind and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'kind', new.kind, 1 where new.kind is not null and old.kind is not new.kind
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'scope' and value = old.scope and old.scope is not new.scope;
  delete from facet_counts where table_name = 'figures' and column_name = 'scope' and value = old.scope and old.scope is not new.scope and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'scope', new.scope, 1 where new.scope is not null and old.scope is not new.scope
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'level' and value = old.level and old.level is not new.level;
  delete from facet_counts where table_name = 'figures' and column_name = 'level' and value = old.level and old.level is not new.level and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'level', new.level, 1 where new.level is not null and old.level is not new.level
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'figures' and column_name = 'unit_id' and value = old.unit_id and old.unit_id is not new.unit_id;
  delete from facet_counts where table_name = 'figures' and column_name = 'unit_id' and value = old.unit_id and old.unit_id is not new.unit_id and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'figures', 'unit_id', new.unit_id, 1 where new.unit_id is not null and old.unit_id is not new.unit_id
    on conflict (table_name, column_name, value) do update set count = count + 1;
end;
create trigger if not exists facet_counts_flags_v1_insert after insert on flags begin
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'rule', new.rule, 1 where new.rule is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'severity', new.severity, 1 where new.severity is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'unit_id', new.unit_id, 1 where new.unit_id is not null
    on conflict (table_name, column_name, value) do update set count = count + 1;
end;
create trigger if not exists facet_counts_flags_v1_delete after delete on flags begin
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'rule' and value = old.rule;
  delete from facet_counts where table_name = 'flags' and column_name = 'rule' and value = old.rule and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'severity' and value = old.severity;
  delete from facet_counts where table_name = 'flags' and column_name = 'severity' and value = old.severity and count <= 0;
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'unit_id' and value = old.unit_id;
  delete from facet_counts where table_name = 'flags' and column_name = 'unit_id' and value = old.unit_id and count <= 0;
end;
create trigger if not exists facet_counts_flags_v1_update after update of rule, severity, unit_id on flags begin
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'rule' and value = old.rule and old.rule is not new.rule;
  delete from facet_counts where table_name = 'flags' and column_name = 'rule' and value = old.rule and old.rule is not new.rule and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'rule', new.rule, 1 where new.rule is not null and old.rule is not new.rule
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'severity' and value = old.severity and old.severity is not new.severity;
  delete from facet_counts where table_name = 'flags' and column_name = 'severity' and value = old.severity and old.severity is not new.severity and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'severity', new.severity, 1 where new.severity is not null and old.severity is not new.severity
    on conflict (table_name, column_name, value) do update set count = count + 1;
  update facet_counts set count = count - 1 where table_name = 'flags' and column_name = 'unit_id' and value = old.unit_id and old.unit_id is not new.unit_id;
  delete from facet_counts where table_name = 'flags' and column_name = 'unit_id' and value = old.unit_id and old.unit_id is not new.unit_id and count <= 0;
  insert into facet_counts (table_name, column_name, value, count)
    select 'flags', 'unit_id', new.unit_id, 1 where new.unit_id is not null and old.unit_id is not new.unit_id
    on conflict (table_name, column_name, value) do update set count = count + 1;
end;
delete from facet_counts;
insert into facet_counts select 'figures', 'metric', metric, count(*) from figures where metric is not null group by metric;
insert into facet_counts select 'figures', 'kind', kind, count(*) from figures where kind is not null group by kind;
insert into facet_counts select 'figures', 'scope', scope, count(*) from figures where scope is not null group by scope;
insert into facet_counts select 'figures', 'level', level, count(*) from figures where level is not null group by level;
insert into facet_counts select 'figures', 'unit_id', unit_id, count(*) from figures where unit_id is not null group by unit_id;
insert into facet_counts select 'flags', 'rule', rule, count(*) from flags where rule is not null group by rule;
insert into facet_counts select 'flags', 'severity', severity, count(*) from flags where severity is not null group by severity;
insert into facet_counts select 'flags', 'unit_id', unit_id, count(*) from flags where unit_id is not null group by unit_id;
commit;
"""

STORED_COUNTS = ("select value, count from facet_counts where table_name = ? and column_name = ? "
                 "and count > 0 order by count desc, value limit ?")


def ensure_counts(db: sqlite_utils.Database) -> None:
    """Create the counts table and its triggers; recount everything when a trigger was missing."""
    db.execute(CREATE)
    existing = {name for (name,) in db.execute("select name from sqlite_master where type = 'trigger'")}
    if not set(TRIGGERS) <= existing:
        db.conn.commit()  # executescript would commit a pending transaction silently
        db.conn.executescript(SCRIPT)


def stored_counts(conn: Any, table: str, column: str, limit: int) -> list[tuple[Any, int]]:
    """The facet rows Datasette's column facet would compute, read from the counts table."""
    return conn.execute(STORED_COUNTS, [table, column, limit]).fetchall()
