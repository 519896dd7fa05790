"""The checker on the hand-checked gold figures of the real bulletins (seeds and dev).

The documents are built from gold.json itself (metric, scope, value, surface located in the text),
so these tests measure the checker alone, independently of the figure extractor: every gold flag
must be raised with its stated and computed values, and nothing else at error/warning severity.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import regex as re

from extractors.checks import check_document
from extractors.normalize import clean_text
from extractors.records import Document, Figure

GOLD = Path(__file__).parent / "gold"
_DECIMALS = re.compile(r"\d+(?:\.\d{3})*(?:,(\d+))?|\d+\.(\d{1,2})(?!\d)")


def _decimals(surface: str, kind: str, value: float) -> int:
    m = re.search(r"\d[\d.,]*", surface)
    if not m or float(value).is_integer() and kind == "count":
        return 0
    token = m.group()
    if "," in token:
        return len(token.rsplit(",", 1)[1])
    if "." in token and not float(value).is_integer():
        return len(token.rsplit(".", 1)[1])
    return 0


def build_document(folder: str, entry: dict) -> Document:
    """A Document whose figures are the gold figures, placed at their surfaces in the text."""
    text = clean_text((GOLD / folder / entry["file"]).read_text(encoding="utf-8"))
    doc = Document(source=entry["file"], text=text, unit=entry.get("unit") or {})
    cursor, seen = 0, {}
    segment = 0
    for n, g in enumerate(entry["figures"]):
        surface = g["surface"]
        pos = text.find(surface, cursor)
        if pos < 0:
            pos = max(text.find(surface), 0)
        cursor = pos + len(surface)
        key = (g["metric"], g["kind"], g.get("scope"), g.get("unit_name"))
        if key in seen and seen[key] != g["value"] and not g.get("approx"):
            segment += 1  # the same fact again with another value: a new period segment
            seen.clear()
        if not g.get("approx"):
            seen[key] = g["value"]
        doc.figures.append(Figure(
            id=f"f{n}", metric=g["metric"], kind=g["kind"], value=g["value"], surface=surface,
            start=pos, end=pos + len(surface), scope=g.get("scope") or "all", unit_name=g.get("unit_name"),
            approx=g.get("approx"), base=g.get("base"),
            decimals=_decimals(surface, g["kind"], g["value"]), segment=segment))
    _link(doc)
    return doc


def _link(doc: Document) -> None:
    """x/y wholes and percent-to-count links, as the extractor makes them."""
    figs = doc.figures
    for f in figs:
        tail = re.match(r"\s*/\s*(\d[\d.]*)", doc.text[f.end:f.end + 20])
        if f.kind == "count" and tail:
            y = float(tail.group(1).replace(".", ""))
            f.whole = next((o.id for o in figs if o.kind == "count" and o.value == y and o.scope == f.scope
                            and o.segment == f.segment and o is not f), None)
        if f.kind == "percent":
            before = [o for o in figs if o.kind == "count" and o.metric == f.metric and o.scope == f.scope
                      and o.segment == f.segment and o.unit_name == f.unit_name and o.start < f.start]
            f.of = before[-1].id if before else None


def _cases(folder: str) -> list:
    data = json.loads((GOLD / folder / "gold.json").read_text(encoding="utf-8"))
    return [pytest.param(folder, d, id=f"{folder}-{d['file'].split('_')[0].removesuffix('.txt')}")
            for d in data["documents"]]


def _close(a, b) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), abs_tol=0.005 + 1e-9)


@pytest.mark.parametrize("folder,entry", _cases("seeds") + _cases("dev"))
def test_gold_flags_exactly(folder, entry):
    doc = build_document(folder, entry)
    flags = [f for f in check_document(doc) if f.severity != "info"]
    got = sorted((f.rule, f.stated, f.computed) for f in flags)
    want = sorted((g["rule"], g["stated"], g["computed"]) for g in entry["flags"])
    missing = [w for w in want if not any(_close(w[1], g[1]) and _close(w[2], g[2]) for g in got)]
    extra = [g for g in got if not any(_close(w[1], g[1]) and _close(w[2], g[2]) for w in want)]
    assert not missing and not extra, (missing, extra, [f.relation for f in flags])


def _seed(prefix: str) -> tuple[str, dict]:
    data = json.loads((GOLD / "seeds" / "gold.json").read_text(encoding="utf-8"))
    return "seeds", next(d for d in data["documents"] if d["file"].startswith(prefix))


def test_seed_000_two_root_causes_with_diagnoses():
    doc = build_document(*_seed("000"))
    flags = [f for f in check_document(doc) if f.severity == "error"]
    groups: dict[str, list] = {}
    for f in flags:
        groups.setdefault(f.group, []).append(f)
    assert len(flags) == 5 and len(groups) == 2
    by_size = sorted(groups.values(), key=len)
    corrections = [(g[0].details["correction"]["value"], len(g)) for g in by_size]
    assert corrections == [(1957, 2), (1103, 3)]
    assert "1.130 is most likely 1.103" in by_size[1][0].diagnosis
    assert "1.931 is most likely 1.957" in by_size[0][0].diagnosis
    assert "1.130 ≠" in next(f.explanation for f in by_size[1] if f.rule == "sum")


def test_seed_001_residual_is_a_warning():
    doc = build_document(*_seed("001"))
    (flag,) = [f for f in check_document(doc) if f.severity != "info"]
    assert (flag.severity, flag.stated, flag.computed) == ("warning", 365, 362)
    assert "procedures_level_1" in flag.details["missing"]


def test_seed_004_explained_gap_is_info_with_the_explanation():
    doc = build_document(*_seed("004"))
    flags = check_document(doc)
    assert all(f.severity == "info" for f in flags)
    ratio = [f for f in flags if f.rule == "ratio"]
    assert ratio and ratio[0].stated == 99.75 and "explained" in ratio[0].details["fitted"]


def test_evidence_offsets_point_at_the_sentence():
    doc = build_document(*_seed("000"))
    for flag in check_document(doc):
        for ev in flag.evidence:
            assert doc.text[ev["start"]:ev["end"]] == ev["text"]
            for s, e in ev["highlights"]:
                assert ev["start"] <= s < e <= ev["end"]


def test_fingerprints_are_stable_across_runs():
    a = [f.fingerprint for f in check_document(build_document(*_seed("000")))]
    b = [f.fingerprint for f in check_document(build_document(*_seed("000")))]
    assert a == b and len(set(a)) == len(a)
