"""Docs that stay true: every column has a description in the Datasette metadata, every command
is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from cchc.cli import cli
from db.schema import open_db
from db.serve import metadata_for

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def full_schema(tmp_path) -> sqlite_utils.Database:
    """Every table the project creates in one file: ours, the crawler's pages and crawl state."""
    db = open_db(str(tmp_path / "schema.db"))
    try:
        from db import crawlstate
    except ImportError:  # the crawler's state module is optional here
        return db
    for name in ("ensure_tables", "ensure_schema", "ensure_state_tables"):
        if hasattr(crawlstate, name):
            getattr(crawlstate, name)(db)
            break
    else:
        db.conn.executescript(crawlstate.SCHEMA)
    return db


def described_columns(tmp_path) -> list[tuple[str, str]]:
    db = full_schema(tmp_path)
    hidden = {t for t in db.table_names() if t.startswith("articles_fts")}
    names = [t for t in db.table_names() if t not in hidden] + db.view_names()
    return [(t, c) for t in names for c in db[t].columns_dict]


META = metadata_for("cchc")["databases"]["cchc"]


def test_every_table_and_view_has_a_description(tmp_path):
    names = {t for t, _ in described_columns(tmp_path)}
    missing = sorted(t for t in names if not META["tables"].get(t, {}).get("description"))
    assert missing == []


def test_every_column_has_a_description(tmp_path):
    missing = [f"{t}.{c}" for t, c in described_columns(tmp_path)
               if not (META["tables"].get(t, {}).get("columns") or {}).get(c)]
    assert missing == []


def test_metadata_describes_no_column_that_does_not_exist(tmp_path):
    actual = set(described_columns(tmp_path))
    extra = [f"{t}.{c}" for t, spec in META["tables"].items() for c in (spec.get("columns") or {})
             if (t, c) not in actual]
    assert extra == []


@pytest.mark.parametrize("key", ["title", "description", "source", "license"])
def test_metadata_has_title_source_licence(key):
    assert metadata_for("x")[key]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    assert f"cchc {command}" in README


@pytest.mark.parametrize("table", ["figures", "flags", "articles", "units", "reviews", "skipped"])
def test_main_tables_have_facets_or_sort(table):
    spec = META["tables"][table]
    assert spec.get("facets") or spec.get("sort") or spec.get("sort_desc")
