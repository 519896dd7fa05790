"""``cchc reprocess``: stored pages -> derived tables, idempotent, reviews never lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc import pipeline
from cchc.cli import cli
from db.pages import save_page
from db.reviews import add_review, reviews_of
from db.schema import open_db
from db.synthetic import demo_document

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "tests" / "gold" / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "dev").glob("*.txt"))


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def store_pages(db, bodies: dict[str, bytes], content_type: str = "text/plain; charset=utf-8") -> None:
    for url, body in bodies.items():
        save_page(db, {"url": url, "portal_id": "demo", "status": 200, "content_type": content_type,
                       "body": body, "relevant": 1, "kind": "article", "fetched_at": "2024-01-01T00:00:00+00:00"})


def synthetic_extractor(typo=True, rename=None):
    """Stands in for the extraction stage with documents whose figures and flags are known."""
    def extract(data, source, *, content_type=None, url=None, run_checks=True):
        seed = int(source.rsplit("/", 1)[1])
        doc = demo_document(source, seed=seed, typo=typo)
        for f in doc.figures:
            f.metric = (rename or {}).get(f.metric, f.metric)
        return doc
    return extract


@pytest.fixture
def crawled(tmp_path, monkeypatch):
    """A database with 20 stored pages, reprocessed once with the synthetic extractor."""
    path = tmp_path / "crawl.db"
    db = open_db(str(path))
    store_pages(db, {f"https://portal.example.vn/tin/{i}": b"page %d" % i for i in range(20)})
    monkeypatch.setattr(pipeline, "extract_bytes", synthetic_extractor())
    monkeypatch.setattr(pipeline, "MIN_PAGES_FOR_POOL", 2)  # exercise the worker pool on 20 pages
    pipeline.reprocess(db, workers=2, batch_size=7)
    return path


def test_real_pages_reprocess_twice_gives_an_identical_database(tmp_path):
    path = tmp_path / "real.db"
    db = open_db(str(path))
    store_pages(db, {f"https://portal.example.vn/{p.name}": p.read_bytes() for p in REAL})
    pipeline.MIN_PAGES_FOR_POOL, saved = 2, pipeline.MIN_PAGES_FOR_POOL
    try:
        first = pipeline.reprocess(db, workers=2, batch_size=5)
    finally:
        pipeline.MIN_PAGES_FOR_POOL = saved
    assert first.documents == len(REAL) and first.errors == 0
    before = dump(path)
    second = pipeline.reprocess(open_db(str(path)), workers=2, batch_size=5)
    assert second.rows_changed == 0
    assert dump(path) == before


def test_reprocess_twice_changes_nothing(crawled):
    before = dump(crawled)
    summary = pipeline.reprocess(open_db(str(crawled)), workers=2, batch_size=7)
    assert (summary.documents, summary.rows_changed) == (20, 0)
    assert dump(crawled) == before


def test_reprocess_fills_every_derived_table(crawled):
    db = open_db(str(crawled))
    assert {t: db[t].count for t in ("articles", "figures", "flags", "flag_groups", "units")} == {
        "articles": 20, "figures": 240, "flags": 40, "flag_groups": 20, "units": 1}


def test_reviews_survive_a_reprocess_with_a_changed_extractor(crawled, monkeypatch):
    db = open_db(str(crawled))
    flag_id = next(iter(db.query("select id from flags order by id limit 1")))["id"]
    add_review(db, flag_id, "confirmed", "checked with the district", "auditor")
    old_metrics = {r["metric"] for r in db.query("select metric from figures")}
    monkeypatch.setattr(pipeline, "extract_bytes", synthetic_extractor(rename={"carried_over": "carried_forward"}))
    summary = pipeline.reprocess(db, workers=1)
    new_metrics = {r["metric"] for r in db.query("select metric from figures")}
    assert "carried_forward" in new_metrics - old_metrics  # the extractor change reached the figures
    assert summary.orphan_reviews == []
    assert [r["verdict"] for r in reviews_of(db, flag_id)] == ["confirmed"]
    assert db["flags"].get(flag_id)  # the reviewed flag is still there under the same key


def test_a_review_whose_flag_vanished_is_kept_and_reported(crawled, monkeypatch):
    db = open_db(str(crawled))
    flag_id = next(iter(db.query("select id from flags order by id limit 1")))["id"]
    add_review(db, flag_id, "false_alarm", None, "auditor")
    monkeypatch.setattr(pipeline, "extract_bytes", synthetic_extractor(typo=False))
    summary = pipeline.reprocess(db, workers=1)
    assert db["flags"].count == 0
    assert [r["flag_id"] for r in summary.orphan_reviews] == [flag_id]
    assert [r["flag_id"] for r in db.query("select * from orphan_reviews")] == [flag_id]
    assert any(flag_id in line for line in summary.lines())


def test_an_article_whose_page_became_irrelevant_is_removed(crawled):
    db = open_db(str(crawled))
    db.execute("update pages set relevant = 0, reason = 'not_relevant' where url like '%/tin/3'")
    db.conn.commit()
    summary = pipeline.reprocess(db, workers=1)
    assert summary.removed == 1
    assert db["articles"].count == 19
    assert db.execute("select count(*) from figures where article_id not in (select id from articles)").fetchone()[0] == 0


def test_a_page_that_cannot_be_extracted_gets_a_reason(tmp_path):
    db = open_db(str(tmp_path / "e.db"))
    store_pages(db, {"https://portal.example.vn/big": b"\x00\x01\x02binary\xff" * 50}, "application/octet-stream")
    summary = pipeline.reprocess(db, workers=1)
    assert summary.errors == 1
    row = db["load_errors"].get("https://portal.example.vn/big")
    assert row["reason"] and row["message"]


def test_cli_load_and_reprocess(tmp_path):
    runner = CliRunner()
    target = str(tmp_path / "cli.db")
    result = runner.invoke(cli, ["load", *map(str, REAL[:2]), "--db", target])
    assert result.exit_code == 0, result.output
    assert "2 documents loaded" in result.output
    result = runner.invoke(cli, ["reprocess", "--db", target])
    assert result.exit_code == 0, result.output
    names = {r["id"]: r["name"] for r in open_db(target).query("select id, name from portals")}
    assert names.get("dienbien", "").endswith("Điện Biên")  # named from the bundled registry


def test_cli_load_reports_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "error missing: 1" in result.output


def test_reviews_of_real_checker_flags_survive_a_metric_rename(tmp_path, monkeypatch):
    seed = next(p for p in REAL if p.name.startswith("000_"))  # Mai Sơn: the 1.130 transposition
    db = open_db(str(tmp_path / "seed.db"))
    store_pages(db, {"https://sonla.gov.vn/000": seed.read_bytes()})
    pipeline.reprocess(db, workers=1)
    flags = {r["id"]: r["relation"] for r in db.query("select id, relation from flags")}
    assert any("received_total" in rel for rel in flags.values())
    for flag_id in flags:
        add_review(db, flag_id, "confirmed", None, "auditor")
    real = pipeline.extract_bytes

    def renamed(*args, **kwargs):
        doc = real(*args, **kwargs)
        for f in doc.figures:
            f.metric = f.metric.replace("received_total", "received_all")
        return doc

    monkeypatch.setattr(pipeline, "extract_bytes", renamed)
    summary = pipeline.reprocess(db, workers=1)
    assert summary.orphan_reviews == []
    assert {r["id"] for r in db.query("select id from flags")} >= set(flags)
    assert db.execute("select count(*) from figures where metric = 'received_all'").fetchone()[0] > 0
