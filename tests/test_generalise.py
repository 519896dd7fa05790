"""Held-out and blind bulletins (tests/gold/held, tests/gold/blind, blind3, blind4): hand-written texts in the shapes of portals that are not in
seeds/ or dev/ (commune, department, news site, two-level 2025, flattened table, per-agency lists,
shares on named bases, online payments, digitisation). Scored with the gold gate's rules.

Floors measured when pinned; raise them when the extractor improves (all three at 1.0 since
'cấp thành phố' is read from the document's own unit and 'huyện … và các xã' as the unit's whole).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_gold_gate import extracted, flag_matches, scores

GOLD = Path(__file__).parent / "gold"
# blind: 12 bulletins written with their gold before the first run (ranking articles, a department's
# report with targets, a conference item, SMS style, dot decimals, population and budget numbers, typos).
# First run: figR 0.716 flagP 0.333 flagR 1.0; floors at what was measured after the fixes, rounded down.
# blind3 (6 official reports as PDF/DOC text dumps) and blind4 (7 portal news items), session 3, written
# blind by helpers who read neither the code nor the tool's output. First run (before any fix):
# blind3 figR 0.700 flagP 1.0 flagR 0.333, blind4 figR 0.875 flagP 0 (nothing flagged) flagR 0.0.
FLOORS = {
    "held": {"figure_recall": 1.0, "flag_precision": 1.0, "flag_recall": 1.0, "period": 1.0, "published": 1.0},
    "blind": {"figure_recall": 1.0, "flag_precision": 1.0, "flag_recall": 1.0, "period": 1.0, "published": 1.0},
    "blind3": {"figure_recall": 0.94, "flag_precision": 1.0, "flag_recall": 1.0, "period": 0.83, "published": 1.0},
    "blind4": {"figure_recall": 0.99, "flag_precision": 1.0, "flag_recall": 1.0, "period": 0.85, "published": 1.0},
    # blind5 (7: HCMC wards named by numbers, an infographic, a tab annex, 2018 service levels, three
    # provinces in one item, month beside year to date, magnitudes in words). First run: figR 0.477,
    # flagP 0.0 (one false flag), flagR 0.0.
    "blind5": {"figure_recall": 0.94, "flag_precision": 1.0, "flag_recall": 1.0, "period": 1.0, "published": 0.71},
    # blind6 (7: rounded restatements, starred level paragraphs, sub-agencies, a 2025 đặc khu, a district
    # ranking, procedures beside files, space-grouped thousands). First run: figR 0.637, flagP 0.429,
    # flagR 0.600.
    "blind6": {"figure_recall": 0.87, "flag_precision": 1.0, "flag_recall": 1.0, "period": 1.0, "published": 0.83},
    # blind7 (7: a district's ranking of its communes, a department of justice's registry counts, a Q&A
    # bulletin, a list restated in prose, shares of agencies, a centre beside its province, changes in
    # words). First run: figR 0.659, flagP 0.0 (three false flags), flagR 0.0.
    "blind7": {"figure_recall": 0.73, "flag_precision": 1.0, "flag_recall": 0.66},
}
DOCS = [(name, d) for name in FLOORS
        for d in json.loads((GOLD / name / "gold.json").read_text(encoding="utf-8"))["documents"]]


@pytest.mark.parametrize("name,measure", [(n, m) for n in FLOORS for m in sorted(FLOORS[n])],
                         ids=[f"{n}:{m}" for n in FLOORS for m in sorted(FLOORS[n])])
def test_floor(name: str, measure: str) -> None:
    assert scores(name)[measure] >= FLOORS[name][measure]


@pytest.mark.parametrize("name,doc", DOCS, ids=[f"{n}:{d['file']}" for n, d in DOCS])
def test_no_false_flag(name: str, doc: dict) -> None:
    """Flag precision matters most: every error/warning flag on a bulletin is one the gold lists."""
    out = extracted(name, doc["file"]).to_json()
    false = [f["relation"] for f in out["flags"] if f.get("severity", "error") != "info"
             and not any(flag_matches(f, g) for g in doc.get("flags", []))]
    assert false == []
