"""Precomputed facet counts: the Datasette facets of big tables without a scan per page view.

A column facet is ``select col, count(*) ... group by col``: at 1,000,000 figures that walks a
million index entries on every table page (~200 ms of CPU; an integer lookup column instead of
text saves under 10 %, measured). ``facet_counts`` holds those counts per (table, column, value),
kept exact by triggers on insert, update and delete, so every writer (load, reprocess, the
benchmark's bulk insert) keeps it right without knowing about it.

:class:`CountedColumnFacet` replaces Datasette's column facet: on an unfiltered table page it
reads the stored counts; with any filter, search or ``_where`` it runs Datasette's own query,
so what an analyst sees is the same either way (a test compares the two).
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlite_utils

# Table -> columns whose facet counts are stored (the facets of metadata.yaml and the indexed
# columns one click away). Changing a list renames the triggers, which rebuilds the counts.
COUNTED: dict[str, tuple[str, ...]] = {
    "figures": ("metric", "kind", "scope", "level", "unit_id"),
    "flags": ("rule", "severity", "unit_id"),
}
TABLE = "facet_counts"
PLUGIN_SETTING = "precomputed_facets"  # plugins: {cchc: {precomputed_facets: false}} turns it off

_CREATE = f"""
create table if not exists [{TABLE}] (
  table_name text not null,
  column_name text not null,
  value,  -- no declared type: values keep their own type, as in a GROUP BY
  count integer not null,
  primary key (table_name, column_name, value)
) without rowid"""


def _trigger_prefix(table: str) -> str:
    signature = hashlib.sha1(",".join(COUNTED[table]).encode()).hexdigest()[:8]
    return f"{TABLE}_{table}_{signature}"


def _add(table: str, column: str, row: str, extra: str = "") -> str:
    return (f"insert into [{TABLE}] (table_name, column_name, value, count) "
            f"select '{table}', '{column}', {row}.[{column}], 1 where {row}.[{column}] is not null{extra} "
            f"on conflict (table_name, column_name, value) do update set count = count + 1;")


def _remove(table: str, column: str, extra: str = "") -> str:
    match = f"table_name = '{table}' and column_name = '{column}' and value = old.[{column}]{extra}"
    return (f"update [{TABLE}] set count = count - 1 where {match};"
            f" delete from [{TABLE}] where {match} and count <= 0;")


def _triggers(table: str) -> dict[str, str]:
    cols = COUNTED[table]
    prefix = _trigger_prefix(table)
    changed = {c: f" and old.[{c}] is not new.[{c}]" for c in cols}
    return {
        f"{prefix}_insert": f"after insert on [{table}] begin "
                            + " ".join(_add(table, c, "new") for c in cols) + " end",
        f"{prefix}_delete": f"after delete on [{table}] begin "
                            + " ".join(_remove(table, c) for c in cols) + " end",
        f"{prefix}_update": f"after update of {', '.join(f'[{c}]' for c in cols)} on [{table}] begin "
                            + " ".join(_remove(table, c, changed[c]) + " " + _add(table, c, "new", changed[c])
                                       for c in cols) + " end",
    }


def rebuild(db: sqlite_utils.Database, table: str) -> None:
    """Recount ``table`` from scratch (when its triggers are new: rows may predate them)."""
    db.execute(f"delete from [{TABLE}] where table_name = ?", [table])
    for column in COUNTED[table]:
        db.execute(f"insert into [{TABLE}] (table_name, column_name, value, count) "
                   f"select ?, ?, [{column}], count(*) from [{table}] where [{column}] is not null "
                   f"group by [{column}]", [table, column])


def ensure_counts(db: sqlite_utils.Database) -> None:
    """Create the counts table and its triggers; recount a table whose triggers were missing."""
    db.execute(_CREATE)
    existing = {name for (name,) in db.execute("select name from sqlite_master where type = 'trigger'")
                if name.startswith(f"{TABLE}_")}
    for table in COUNTED:
        wanted = _triggers(table)
        if set(wanted) <= existing:
            continue
        with db.conn:  # triggers and recount together: no write can fall between them
            for name in existing:
                if name.startswith(f"{TABLE}_{table}_"):  # an older column list
                    db.conn.execute(f"drop trigger [{name}]")
            for name, body in wanted.items():
                db.conn.execute(f"create trigger if not exists [{name}] {body}")
            rebuild(db, table)


def stored_counts(conn: Any, table: str, column: str, limit: int) -> list[tuple[Any, int]]:
    """The facet rows Datasette's column facet would compute, read from the counts table."""
    return conn.execute(f"select value, count from [{TABLE}] where table_name = ? and column_name = ? "
                        f"and count > 0 order by count desc, value limit ?", [table, column, limit]).fetchall()
