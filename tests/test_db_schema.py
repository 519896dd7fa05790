"""The SQLite schema: declared keys, full-text search, the 2025 unit mapping, idempotent loading."""

from __future__ import annotations

import sqlite3

import pytest

from db.load import document_rows, fingerprint, load_document
from db.schema import TABLES, VIEWS, open_db
from db.synthetic import build_demo_db, demo_document
from db.units import map_unit
from extractors.records import Document


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.db"
    build_demo_db(str(path), 10)
    return path


@pytest.mark.parametrize("table,column,other", [
    (t, col, other) for t, spec in TABLES.items() for col, other, _ in spec["fks"]
], ids=lambda v: str(v))
def test_foreign_keys_are_declared(demo, table, column, other):
    db = open_db(str(demo))
    assert any(fk.column == column and fk.other_table == other for fk in db[table].foreign_keys)


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_views_answer(demo, view):
    db = open_db(str(demo))
    assert list(db.query(f"select * from [{view}] limit 5")) or view == "orphan_reviews"


@pytest.mark.parametrize("query,expected", [
    ("ho so", True),           # hồ sơ without marks
    ("hồ sơ", True),
    ("Dien Bien", True),       # đ is its own letter: found through the folded shadow column
    ("Điện Biên", True),
    ("dien bien dong", True),
    ("Mai Son", True),
    ("Thuy Son", False),       # not in any article
], ids=lambda v: str(v))
def test_full_text_search_folds_accents_and_d(demo, query, expected):
    db = open_db(str(demo))
    rows = list(db["articles"].search(query))
    assert bool(rows) is expected


@pytest.mark.parametrize("level,name,province,status,province_2025", [
    ("huyen", "Mai Sơn", "Sơn La", "district_abolished", "Tỉnh Sơn La"),
    ("tinh", "Thái Bình", None, "merged", "Tỉnh Hưng Yên"),
    ("tinh", "Điện Biên", "Điện Biên", "same", "Tỉnh Điện Biên"),
    ("xa", "Chiềng Lề", "Sơn La", "merged", "Tỉnh Sơn La"),
    ("huyen", "Ngọc Lặc", "Thanh Hoá", "district_abolished", "Tỉnh Thanh Hóa"),   # either tone placement
    ("huyen", "Không Có", "Sơn La", "not_found", "Tỉnh Sơn La"),
    (None, None, None, "unknown", None),
], ids=lambda v: str(v))
def test_units_map_to_2025(level, name, province, status, province_2025):
    mapped = map_unit(level, name, province)
    assert (mapped.status, mapped.province_2025) == (status, province_2025)


def test_commune_maps_to_its_2025_ward():
    assert map_unit("xa", "Chiềng Lề", "Sơn La").ward_2025 == "Phường Tô Hiệu"


def test_loading_twice_changes_nothing(demo):
    before = dump(demo)
    build_demo_db(str(demo), 10)
    assert dump(demo) == before


def test_stable_keys_make_a_reload_an_upsert(tmp_path):
    db = open_db(str(tmp_path / "a.db"))
    doc = demo_document("https://x.vn/1")
    load_document(db, doc)
    counts = {t: db[t].count for t in ("articles", "figures", "flags", "flag_groups", "flag_figures")}
    load_document(db, demo_document("https://x.vn/1"))
    assert {t: db[t].count for t in counts} == counts == {
        "articles": 1, "figures": 12, "flags": 2, "flag_groups": 1, "flag_figures": 6}


def test_fingerprint_is_computed_when_the_checker_gives_none():
    doc = demo_document("https://x.vn/1")
    rows = document_rows(doc, "https://x.vn/1")
    first = doc.flags[0]
    surfaces = [f.surface for f in doc.figures if f.id in first.figures]
    assert first.fingerprint is None
    assert rows["flags"][0]["id"] == fingerprint(first, surfaces, "https://x.vn/1")


def test_checker_fingerprint_is_kept_but_the_key_names_the_article():
    rows = []
    for source in ("https://x.vn/1", "https://y.vn/1"):  # the same bulletin on two portals
        doc = demo_document(source)
        doc.flags[0].fingerprint = "abc123"
        rows.append(document_rows(doc, source)["flags"][0])
    assert [r["checker_fingerprint"] for r in rows] == ["abc123", "abc123"]
    assert rows[0]["id"] != rows[1]["id"]


def test_flag_key_survives_a_metric_rename():
    doc = demo_document("https://x.vn/1")
    before = [f["id"] for f in document_rows(doc, "k")["flags"]]
    for f in doc.figures:
        f.metric = f.metric.replace("received_", "in_")
    doc.flags[0].relation = "in_total[huyen] = in_new[huyen] + carried_over[huyen]"
    assert [f["id"] for f in document_rows(doc, "k")["flags"]] == before


def test_evidence_is_the_sentence_holding_the_figures():
    doc = demo_document("https://x.vn/1")
    flag = document_rows(doc, "k")["flags"][0]
    assert flag["evidence"].startswith("Cấp huyện tiếp nhận")
    assert flag["evidence"].rstrip().endswith("hồ sơ.")
    assert doc.text[flag["evidence_start"]:flag["evidence_end"]] == flag["evidence"]


def test_a_document_without_unit_or_period_loads_with_nulls(tmp_path):
    db = open_db(str(tmp_path / "a.db"))
    load_document(db, Document(source="x.txt", text="Không có số liệu."))
    row = db["articles"].get(next(iter(db.query("select id from articles")))["id"])
    assert (row["unit_id"], row["period_start"], row["figures_count"]) == (None, None, 0)
