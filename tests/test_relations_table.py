"""The relations table: every relation the checks evaluated, the ones that hold included."""

from __future__ import annotations

import json
from pathlib import Path

from db.load import load_document
from db.schema import open_db
from extractors.document import extract_path

SEEDS = Path(__file__).parent / "gold" / "seeds"


def test_every_checked_relation_is_stored_and_the_failures_are_the_flags(tmp_path):
    db = open_db(str(tmp_path / "r.db"))
    docs = [extract_path(p) for p in sorted(SEEDS.glob("*.txt"))]
    for doc in docs:
        load_document(db, doc)
    rows = list(db.query("select * from relations"))
    assert sum(r["holds"] == 1 for r in rows) >= 10  # the seeds' arithmetic mostly holds
    failed = {(r["article_id"], r["relation"]) for r in rows if r["holds"] == 0}
    flagged = {(r["article_id"], r["relation"]) for r in db.query("select article_id, relation from flags")}
    assert flagged and flagged <= failed  # each flag is a relation that was stored as failing
    figure_ids = {r["id"] for r in db.query("select id from figures")}
    for r in rows:
        assert r["rule"] in ("sum", "level_sum", "ratio", "percent_sum", "list_count")
        ids = json.loads(r["figure_ids"])
        assert ids and set(ids) <= figure_ids
        assert (r["severity"] is None) == (r["holds"] != 0)
        if r["holds"] == 1 and r["rule"] == "ratio":  # which reading of the printed decimals fitted
            assert r["convention"] in ("exact", "rounding", "truncation")
    # reloading changes nothing: stable ids
    before = sorted(tuple(r.values()) for r in rows)
    for doc in docs:
        load_document(db, doc)
    assert sorted(tuple(r.values()) for r in db.query("select * from relations")) == before


def test_the_seed_mismatch_is_stored_as_failing_with_what_the_others_imply(tmp_path):
    db = open_db(str(tmp_path / "r.db"))
    load_document(db, extract_path(next(SEEDS.glob("000_*.txt"))))
    failing = list(db.query("select stated, computed from relations where holds = 0 and rule = 'sum'"))
    assert (1130, 1103) in {(r["stated"], r["computed"]) for r in failing}
