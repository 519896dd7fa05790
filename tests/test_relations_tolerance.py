"""Interval arithmetic and the relations built from hand-made figures (mirroring seed 000)."""

from __future__ import annotations

import pytest

from extractors import tolerance as tol
from extractors.checks import check_document
from extractors.records import Document, Figure
from extractors.relations import find_relations


@pytest.mark.parametrize("part,base,stated,decimals,convention", [
    (1018, 1130, 90.08, 2, tol.TRUNCATION),      # 90.088 printed truncated
    (1957, 2168, 90.27, 2, tol.ROUNDING),
    (5, 61953, 0.01, 2, tol.ROUNDING),            # 0.008 rounds up to 0,01
    (5685, 329596, 1.7, 1, tol.ROUNDING),         # 1.7248 with one decimal
    (772, 1975, 39, 0, tol.ROUNDING),
    (1931, 2168, 90.26, 2, None),
    (104814, 106014, 98.7, 1, None),
], ids=["truncated", "rounded", "tiny-rounded", "one-decimal", "integer-percent", "typo", "dropped-digit"])
def test_ratio_conventions(part, base, stated, decimals, convention):
    computed = tol.ratio(tol.point(part), tol.point(base))
    assert tol.fit(tol.conventions(stated, decimals), computed) == convention


@pytest.mark.parametrize("values,decimals,holds", [
    ((98.28, 1.7), (2, 1), True), ((98.7, 1.3), (1, 1), True), ((98.87, 1.3), (2, 1), False),
    ((83.94, 16.05, 0.01), (2, 2, 2), True),
], ids=["mixed-decimals", "one-decimal", "one-wrong", "three-shares"])
def test_percent_sums_with_intervals(values, decimals, holds):
    total = tol.total(tol.hull(tol.conventions(v, d).values()) for v, d in zip(values, decimals))
    assert total.contains(100.0) is holds


def test_scaled_amount_carries_its_interval():
    # 3,47 ngàn = 3470 ± 5: 3.468 + 2 is consistent with it, 3.480 is not
    stated = tol.conventions(3470, 2, 1000)
    assert tol.fit(stated, tol.point(3470 - 2)) and tol.fit(stated, tol.point(3480)) is None


def _fig(i, metric, value, scope="all", **kw) -> Figure:
    surface = f"{value:,}".replace(",", ".")
    return Figure(id=f"f{i}", metric=metric, kind=kw.pop("kind", "count"), value=value, surface=surface,
                  start=i * 10, end=i * 10 + len(surface), scope=scope, **kw)


def _doc(figs) -> Document:
    return Document(source="hand", text=" " * 1000, figures=figs)


@pytest.mark.parametrize("figs,rules", [
    ([_fig(1, "received_total", 2168), _fig(2, "received_new", 1798), _fig(3, "carried_over", 370)], ["sum"]),
    ([_fig(1, "received_total", 2168), _fig(2, "received_total", 1103, "huyen"),
      _fig(3, "received_total", 1065, "xa")], ["level_sum"]),
    ([_fig(1, "received_total", 2168, segment=0), _fig(2, "received_new", 1798, segment=1),
      _fig(3, "carried_over", 370, segment=1)], []),
    ([_fig(1, "received_total", 2168), _fig(2, "received_new", 1798, unit_name="Sở Tư pháp"),
      _fig(3, "carried_over", 370)], []),
    ([_fig(1, "received_total", 2168), _fig(2, "received_new", 1798, approx="more_than"),
      _fig(3, "carried_over", 370)], []),
], ids=["form", "levels", "other-segment", "other-unit", "hedged"])
def test_relations_only_within_one_segment_scope_and_unit(figs, rules):
    rels, _ = find_relations(_doc(figs))
    assert [r.rule for r in rels] == rules


def test_missing_level_gives_only_a_bound():
    figs = [_fig(1, "resolved_late", 7677), _fig(2, "resolved_late", 708, "tinh"),
            _fig(3, "resolved_late", 5685, "huyen"), _fig(4, "received_total", 9, "xa")]
    rels, _ = find_relations(_doc(figs))
    assert [(r.rule, r.mode) for r in rels] == [("level_sum", "bound")]
    assert check_document(_doc(figs)) == []


def test_ambiguous_metric_blocks_its_relations():
    figs = [_fig(1, "received_total", 6302), _fig(2, "received_total", 90), _fig(3, "received_new", 4131),
            _fig(4, "carried_over", 2171)]
    rels, notes = find_relations(_doc(figs))
    assert rels == [] and any("ambiguous" in n for n in notes)


def test_open_list_only_bounds_its_count():
    from extractors.records import Enumeration
    doc = _doc([_fig(1, "communes_count", 11)])
    doc.enumerations = [Enumeration("e1", "f1", ["A", "B", "C"], 0, 5, open=True)]
    assert check_document(doc) == []
    doc.enumerations = [Enumeration("e1", "f1", ["A", "B", "C"], 0, 5, open=False)]
    (flag,) = check_document(doc)
    assert (flag.rule, flag.stated, flag.computed) == ("list_count", 11, 3)


def _in_time_doc(early: int, on_time: int, late: int, resolved: int, share: float, stated=("early", "on_time")):
    figs = [_fig(1, "resolved_total", resolved), _fig(4, "resolved_late", late),
            _fig(5, "resolved_in_time", share, kind="percent", decimals=2, base="resolved_total")]
    if "early" in stated:
        figs.append(_fig(2, "resolved_early", early))
    if "on_time" in stated:
        figs.append(_fig(3, "resolved_on_time", on_time))
    return _doc(figs)


@pytest.mark.parametrize("doc,numerators,flagged", [
    # early + on time stated: they are the numerator; resolved - late would hide the broken sum
    (_in_time_doc(22193, 2613, 69, 24880, 99.72), ["resolved_early+resolved_on_time"], {"sum", "ratio"}),
    (_in_time_doc(22193, 2618, 69, 24880, 99.72), ["resolved_early+resolved_on_time"], set()),
    # on time not stated: resolved - late is the only way to the in-time count (the untold on-time
    # count leaves an unexplained residual in the sum)
    (_in_time_doc(22193, 0, 69, 24880, 99.72, stated=("early",)), ["resolved_total-resolved_late"], {"sum"}),
    (_in_time_doc(22193, 0, 69, 24880, 99.27, stated=("early",)), ["resolved_total-resolved_late"],
     {"sum", "ratio"}),
], ids=["sum-broken", "consistent", "subtraction-fallback", "subtraction-fallback-typo"])
def test_in_time_share_numerator(doc, numerators, flagged):
    rels, _ = find_relations(doc)
    ratio = next(r for r in rels if r.rule == "ratio")
    assert [label for label, _ in ratio.numerators] == numerators
    assert {f.rule for f in check_document(doc)} == flagged


def test_tied_edits_are_named_as_a_tie():
    # 22.193 -> 22.198 and 2.613 -> 2.618 both make the sum and the share hold: no pick
    flags = check_document(_in_time_doc(22193, 2613, 69, 24880, 99.72))
    assert len(flags) == 2 and len({f.group for f in flags}) == 1
    ties = flags[0].details["tied_corrections"]
    assert sorted((t["figure"], t["value"]) for t in ties) == [("f2", 22198), ("f3", 2618)]
    assert flags[0].diagnosis.startswith("2 single edits are equally likely, each makes 2 relations hold")


def _commune_doc(received_xa: int, pending_xa: int) -> Document:
    # a district's whole and its two levels; at commune level received = resolved + pending is only
    # an info note (no carried-over count: 'received' may mean new files only)
    return _doc([_fig(1, "received_total", 4307), _fig(2, "received_total", 1856, "huyen"),
                 _fig(3, "received_total", received_xa, "xa"), _fig(4, "resolved_total", 2385, "xa"),
                 _fig(5, "pending_total", pending_xa, "xa")])


@pytest.mark.parametrize("doc,expected", [
    # 2.415 -> 2.451 fixes the level sum and also makes the commune note hold: one group, a warning
    (_commune_doc(2415, 66), [("level_sum", "error"), ("sum", "warning")]),
    # the same edit leaves the note broken (pending 76): it stays a separate info note
    (_commune_doc(2415, 76), [("level_sum", "error"), ("sum", "info")]),
    # nothing wrong at the level sum: the note alone stays info
    (_commune_doc(2451, 76), [("sum", "info")]),
], ids=["corroborated", "not-fixed-by-the-edit", "note-alone"])
def test_weak_note_joins_the_group_its_correction_fixes(doc, expected):
    flags = check_document(doc)
    assert [(f.rule, f.severity) for f in flags] == expected
    if expected[-1][1] == "warning":
        assert len({f.group for f in flags}) == 1 and all("2.451" in f.diagnosis for f in flags)
    elif len(flags) == 2:
        assert flags[0].group != flags[1].group and flags[1].diagnosis is None
