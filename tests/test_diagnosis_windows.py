"""The diagnosis search's shortcuts change nothing: windows never rule out a value that fixes a
relation, integer edits are the string edits, and a document of hundreds of broken relations
still completes (its time is measured in benchmarks/checks.py, not here)."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path

import pytest
import regex as re
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import diagnosis
from extractors.checks import check_document
from extractors.diagnosis import implied_candidates, integer_edits, string_edits, typo_variants
from extractors.document import extract_text
from extractors.records import Document, Figure
from extractors.relations import evaluate, find_relations
from extractors.windows import in_window, window

GOLD = sorted((Path(__file__).parent / "gold").glob("*/*.txt"))
_DIGITS = re.compile(r"\d+")


def _perturbed(path: Path, seed: int) -> str:
    """The bulletin with every digit redrawn (lengths and leading zeros kept): broken arithmetic."""
    rng = random.Random(seed)

    def one(m: re.Match[str]) -> str:
        out = [str(rng.randrange(10)) for _ in m.group()]
        out[0] = "0" if m.group()[0] == "0" else str(rng.randrange(1, 10))
        return "".join(out)
    return _DIGITS.sub(one, path.read_text(encoding="utf-8"))


CASES = [pytest.param(p.read_text(encoding="utf-8"), id=f"{p.parent.name}-{p.stem}") for p in GOLD] + [
    pytest.param(_perturbed(p, seed), id=f"{p.parent.name}-{p.stem}-perturbed{seed}")
    for p in GOLD for seed in (1, 2)]


@pytest.mark.parametrize("text", CASES)
def test_no_value_that_fixes_a_relation_lies_outside_its_window(text):
    doc = extract_text(text, "case.txt", run_checks=False)
    rels, _ = find_relations(doc)
    figs = {f.id: f for f in doc.figures}
    outcomes = [evaluate(r, figs) for r in rels]
    missed, tried = [], 0
    for rel, out in zip(rels, outcomes):
        if out.holds is not False:
            continue
        for fid in rel.attached_ids():
            scale = figs[fid].scale or 1
            values = [(c.value, c.decimals) for c in implied_candidates(rel, out, figs) if c.fig == fid]
            values += [(v, d) for v, d, _ in typo_variants(figs[fid]).values()]
            for value, decimals in values:
                tried += 1
                if evaluate(rel, figs, {fid: (value, decimals)}).holds and not in_window(
                        window(rel, figs, fid, 10.0 ** -decimals * scale), value):
                    missed.append((rel.label, fid, value, decimals))
    assert not missed, missed
    assert tried or not any(o.holds is False for o in outcomes)


@pytest.mark.parametrize("text", CASES[-6:])
def test_the_windows_change_no_flag(text, monkeypatch):
    with_windows = [asdict(f) for f in extract_text(text, "case.txt").flags]
    monkeypatch.setattr(diagnosis, "window", lambda *args: None)  # every candidate evaluated
    without = [asdict(f) for f in extract_text(text, "case.txt").flags]
    assert with_windows == without


@pytest.mark.parametrize("text", ["0", "7", "02", "10", "11", "1130", "1103", "0007", "99", "1000",
                                  "635593", "100000000000"])
def test_integer_edits_are_the_string_edits(text):
    assert integer_edits(text) == [(int(s), kind) for s, kind in string_edits(text) if s]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10 ** 12 - 1), st.integers(0, 2))
def test_integer_edits_are_the_string_edits_for_any_number(number, zeros):
    text = "0" * zeros + str(number)
    assert integer_edits(text) == [(int(s), kind) for s, kind in string_edits(text) if s]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10 ** 9 - 1), st.integers(0, 1), st.integers(-10 ** 10, 10 ** 10), st.integers(0, 10 ** 6))
def test_bounded_integer_edits_keep_every_edit_inside(number, zeros, lo, span):
    """The bounds only prune: the edits inside them come out all, in the unbounded order."""
    text, hi = "0" * zeros + str(number), lo + span
    inside = [e for e in integer_edits(text) if lo <= e[0] <= hi]
    assert [e for e in integer_edits(text, (lo, hi)) if lo <= e[0] <= hi] == inside


def _document(units: int) -> Document:
    """One line per unit: received = new + carried and resolved = early + on time + late, both broken."""
    figs, lines, pos = [], [], 0
    for unit in range(units):
        values = {"received_total": 1130 + unit, "received_new": 736, "carried_over": 367 + unit % 7,
                  "resolved_total": 2168 + unit, "resolved_early": 1931, "resolved_on_time": 200,
                  "resolved_late": 9 + unit % 5}
        line = f"Đơn vị {unit}:"
        for metric, value in values.items():
            surface = f"{value:,}".replace(",", ".")
            line += " " + metric + " "
            figs.append(Figure(id=f"u{unit}-{metric}", metric=metric, kind="count", value=value,
                               surface=surface, start=pos + len(line), end=pos + len(line) + len(surface),
                               unit_name=f"Đơn vị {unit}"))
            line += surface + ","
        lines.append(line)
        pos += len(line) + 1
    return Document(source="synthetic", text="\n".join(lines), figures=figs)


def test_hundreds_of_broken_relations_complete_with_every_flag():
    doc = _document(120)
    flags = check_document(doc)
    assert len(doc.figures) == 840
    assert len(flags) == 240 and all(f.severity == "error" for f in flags)
    assert any(f.diagnosis for f in flags)
    assert all(doc.text[s:e] == f.surface for f in doc.figures for s, e in [(f.start, f.end)])
