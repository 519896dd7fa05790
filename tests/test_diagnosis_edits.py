"""Typist edits of printed numbers, and the diagnosis search on hand-built relations."""

from __future__ import annotations

import pytest

from extractors.diagnosis import MAX_EVALUATIONS, typo_candidates
from extractors.explain import fmt_vn
from extractors.records import Figure


def _fig(surface: str, value: float, kind: str = "count", decimals: int = 0) -> Figure:
    return Figure(id="x", metric="m", kind=kind, value=value, surface=surface, start=0, end=len(surface),
                  decimals=decimals)


@pytest.mark.parametrize("surface,value,kind,decimals,truth,edit", [
    ("1.130", 1130, "count", 0, 1103, "transposition"),
    ("635.593", 635593, "count", 0, 635595, "wrong_digit"),
    ("98,7", 98.7, "percent", 1, 98.87, "dropped_digit"),
    ("1,3", 1.3, "percent", 1, 1.13, "dropped_digit"),
    ("1.1130", 11130, "count", 0, 1130, "doubled_digit"),
    ("9,026", 9.026, "percent", 3, 90.26, "separator"),
    ("02", 2, "count", 0, 20, "transposition"),
], ids=["swap", "wrong-digit", "dropped-decimal", "dropped-small", "doubled", "decimal-mark", "leading-zero"])
def test_the_true_value_is_one_edit_away(surface, value, kind, decimals, truth, edit):
    found = {round(c.value, 6): c.edit for c in typo_candidates(_fig(surface, value, kind, decimals))}
    assert found.get(round(truth, 6)) == edit


@pytest.mark.parametrize("surface,value", [("1.130", 1130), ("Không có hồ sơ quá hạn", 0),
                                           ("1234567890123", 1234567890123)],
                         ids=["four-digits", "words", "too-long"])
def test_candidate_count_is_bounded(surface, value):
    n = len([c for c in surface if c.isdigit()])
    assert len(typo_candidates(_fig(surface, value))) <= 21 * n + 12
    assert MAX_EVALUATIONS <= 5_000


@pytest.mark.parametrize("value,decimals,text", [(1130, 0, "1.130"), (61953, None, "61.953"),
                                                 (90.26, 2, "90,26"), (0.01, 2, "0,01"),
                                                 (7806460, None, "7.806.460"), (1.7, None, "1,7")],
                         ids=["thousands", "auto", "decimal", "small", "millions", "one-decimal"])
def test_vietnamese_number_format(value, decimals, text):
    assert fmt_vn(value, decimals) == text
