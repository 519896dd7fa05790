"""Stored facet counts (db/facets.py): exact after every kind of write, and the same facets in Datasette."""

from __future__ import annotations

import asyncio
import re as stdre

import pytest

from db import facets
from db.load import delete_article, load_document
from db.schema import open_db
from db.serve import make_datasette
from db.synthetic import build_demo_db, demo_document

PAIRS = [(t, c) for t, cols in facets.COUNTED.items() for c in cols]
LIVE = {"plugins": {"cchc": {facets.PLUGIN_SETTING: False}}}


def live_counts(db, table, column):
    return {(r["v"], r["n"]) for r in db.query(
        f"select [{column}] as v, count(*) as n from [{table}] where [{column}] is not null group by [{column}]")}


def stored(db, table, column):
    return {(r["value"], r["count"]) for r in db.query(
        "select value, count from facet_counts where table_name = ? and column_name = ?", [table, column])}


def _reload_changed(db):
    doc = demo_document("https://demo.example.vn/bai-0")
    for f in doc.figures:  # an extractor change: metric renamed, scope moved
        f.metric = f.metric.replace("received_", "in_")
    load_document(db, doc, "https://demo.example.vn/bai-0")


def _delete_one(db):
    aid = next(iter(db.query("select id from articles order by id limit 1")))["id"]
    delete_article(db, aid)


def _update_columns(db):
    db.execute("update figures set scope = 'xa', level = null where rowid % 3 = 0")
    db.execute("update flags set severity = 'warning' where rowid % 2 = 0")


def _delete_all(db):
    for (aid,) in db.execute("select id from articles").fetchall():
        delete_article(db, aid)


def _add_new(db):
    load_document(db, demo_document("https://new.example.vn/1", unit="Điện Biên Đông", province="Điện Biên",
                                    seed=99, typo=True))


WRITES = {"build": lambda db: None, "reload_changed": _reload_changed, "delete_article": _delete_one,
          "update_columns": _update_columns, "delete_all": _delete_all, "add_new": _add_new}


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.db"
    build_demo_db(str(path), 6)
    return path


@pytest.mark.parametrize("write", list(WRITES))
def test_stored_counts_equal_a_group_by_after_each_write(demo, write):
    db = open_db(str(demo))
    with db.conn:
        WRITES[write](db)
    mismatched = [(t, c) for t, c in PAIRS if stored(db, t, c) != live_counts(db, t, c)]
    assert mismatched == []
    assert db.execute("select count(*) from facet_counts where count <= 0").fetchone()[0] == 0
    if write != "delete_all":
        assert stored(db, "figures", "metric")


def test_the_literal_script_counts_exactly_the_counted_columns():
    written = set(stdre.findall(r"select '(\w+)', '(\w+)'", facets.SCRIPT))
    recounted = set(stdre.findall(r"insert into facet_counts select '(\w+)', '(\w+)'", facets.SCRIPT))
    triggers = set(stdre.findall(r"create trigger if not exists (\w+)", facets.SCRIPT))
    assert written == recounted == set(PAIRS)
    assert triggers == set(facets.TRIGGERS)


def test_an_older_file_gets_its_counts_on_open(demo):
    db = open_db(str(demo))
    for (name,) in db.execute("select name from sqlite_master where type = 'trigger' and name like 'facet%'").fetchall():
        db.execute(f"drop trigger [{name}]")
    db.execute("drop table facet_counts")
    db.execute("update figures set scope = 'huyen'")  # written while nothing kept the counts
    db.conn.commit()
    db = open_db(str(demo))
    assert all(stored(db, t, c) == live_counts(db, t, c) for t, c in PAIRS)
    assert stored(db, "figures", "scope") == {("huyen", db["figures"].count)}


URLS = ["/demo/figures.json", "/demo/flags.json", "/demo/figures.json?_facet=scope&_facet=kind&_facet=unit_id",
        "/demo/figures.json?_facet=level&_facet=surface&_facet=metric", "/demo/figures.json?_facet_size=2",
        "/demo/figures.json?metric=received_total&_facet=scope", "/demo/figures.json?_facet=metric&metric=received_total",
        "/demo/flags.json?_labels=on&_facet=unit_id", "/demo/figures.json?_where=value>100",
        "/demo/figures_long.json?_facet=metric&_facet=unit_level"]  # the view has no default facets


@pytest.mark.parametrize("url", URLS)
def test_datasette_facets_are_the_same_with_stored_counts(demo, url):
    on, off = make_datasette(demo), make_datasette(demo, extra_metadata=LIVE)
    a, b = (asyncio.run(ds.client.get(url)) for ds in (on, off))
    assert a.status_code == b.status_code == 200
    assert a.json()["facet_results"] == b.json()["facet_results"]
    assert a.json()["facet_results"]


@pytest.mark.parametrize("url,uses_stored", [
    ("/demo/figures.json", True),
    ("/demo/figures.json?_facet=metric&_sort=value", True),
    ("/demo/figures.json?kind=count", False),          # a filter: counted live
    ("/demo/figures.json?value__gt=100", False),
    ("/demo/figures.json?_search=x", True),          # figures has no full-text index: no filter
    ("/demo/figures.json?_where=1", False),
])
def test_unfiltered_pages_read_the_counts_table_and_filtered_ones_do_not(demo, url, uses_stored):
    db = open_db(str(demo))
    db.execute("update facet_counts set count = count + 1000 "
               "where table_name = 'figures' and column_name = 'metric' and value = 'received_total'")
    db.conn.commit()
    facet = asyncio.run(make_datasette(demo).client.get(url)).json()["facet_results"]["metric"]
    shown = {r["value"]: r["count"] for r in facet["results"]}
    assert (shown["received_total"] > 1000) is uses_stored


def test_the_facet_shows_labels_of_foreign_keys(demo):
    facet = asyncio.run(make_datasette(demo).client.get("/demo/flags.json")).json()["facet_results"]["unit_id"]
    assert facet["results"] and all(r["label"] != r["value"] for r in facet["results"])
    assert any("Mai Sơn" in r["label"] for r in facet["results"])
