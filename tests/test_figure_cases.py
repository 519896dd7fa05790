"""Sentence-level cases for the figure reader: each row is a sentence as portals write it and the
figures (value -> metric, kind, scope) that must come out of it, plus numbers that must not."""

from __future__ import annotations

import pytest

from extractors.document import extract_text

HEAD = "Kết quả cải cách hành chính của huyện Yên Thế\n\n"

CASES = [
    pytest.param("Trong quý III/2024, UBND huyện Yên Thế tiếp nhận 5.432 hồ sơ (trực tuyến 4.100 hồ sơ, đạt 75,48%), "
                 "đã giải quyết 5.300 hồ sơ, trong đó trước hạn 4.900, đúng hạn 380, quá hạn 20 hồ sơ; "
                 "đang giải quyết 132 hồ sơ.",
                 {5432: ("received_total", "count"), 4100: ("received_online", "count"),
                  75.48: ("received_online", "percent"), 5300: ("resolved_total", "count"),
                  4900: ("resolved_early", "count"), 380: ("resolved_on_time", "count"),
                  20: ("resolved_late", "count"), 132: ("pending_total", "count")}, [2024], id="quarter-report"),
    pytest.param("Có 15/21 xã đạt 100% hồ sơ đúng hạn.", {15: ("communes_count", "count")}, [100],
                 id="rate-met-by-units"),
    pytest.param("1.618 TTHC cung cấp Dịch vụ công trực tuyến (DVCTT) toàn trình, 143 TTHC cung cấp DVCTT một phần.",
                 {1618: ("online_services_full", "count"), 143: ("online_services_partial", "count")}, [],
                 id="acronym-in-parentheses"),
    pytest.param("Tỷ lệ đúng hạn của ba quý lần lượt là 81,2; 79,4% và 76,1%.",
                 {81.2: ("resolved_in_time", "percent"), 79.4: ("resolved_in_time", "percent"),
                  76.1: ("resolved_in_time", "percent")}, [], id="list-of-percents"),
    pytest.param("Diện tích đất được cấp giấy chứng nhận là 100 m² và tiếp nhận 5 hồ sơ.",
                 {5: ("received_total", "count")}, [], id="superscript-unit"),
    pytest.param("Đang giải quyết 8.550 hồ sơ (trong hạn giải quyết 7.815 hồ sơ và 735 hồ sơ quá hạn).",
                 {8550: ("pending_total", "count"), 7815: ("pending_in_time", "count"),
                  735: ("pending_overdue", "count")}, [], id="pending-breakdown"),
    pytest.param("Lâm Đồng: 98,33% thủ tục hành chính giải quyết đúng hạn",
                 {98.33: ("resolved_in_time", "percent")}, [], id="procedures-on-time-headline"),
    pytest.param("Số hồ sơ quá hạn đã giải quyết là 2.534 hồ sơ chiếm tỷ lệ 1,67% và đang giải quyết 8.550 hồ sơ.",
                 {2534: ("resolved_late", "count"), 1.67: ("resolved_late", "percent"),
                  8550: ("pending_total", "count")}, [], id="percent-does-not-consume-next-qualifier"),
    pytest.param("Theo Quyết định số 393/QĐ-UBND ngày 23/02/2023, huyện đã tiếp nhận 120 hồ sơ.",
                 {120: ("received_total", "count")}, [393, 23, 2023], id="legal-reference-and-date"),
    pytest.param("Trung tâm đã nhận " + "1" * 400 + " hồ sơ.", {}, [], id="absurd-digit-run"),
]


@pytest.mark.parametrize("sentence,expected,not_figures", CASES)
def test_sentence(sentence: str, expected: dict, not_figures: list) -> None:
    doc = extract_text(HEAD + sentence, "case.txt")
    got = {f.value: (f.metric, f.kind) for f in doc.figures}
    for value, want in expected.items():
        assert got.get(value) == want, f"{value}: {got.get(value)} != {want} in {sentence!r}"
    values = {f.value for f in doc.figures}
    assert not values & set(not_figures)
    # nothing silently dropped: every number is a figure or skipped with a reason
    spans = {(f.start, f.end) for f in doc.figures} | {(s.start, s.end) for s in doc.skipped}
    assert all(s.reason for s in doc.skipped)
    assert len(spans) >= len(expected) + len(not_figures)


def test_consistent_quarter_report_is_not_flagged() -> None:
    doc = extract_text(HEAD + CASES[0].values[0] + " Có 15/21 xã đạt 100% hồ sơ đúng hạn.", "case.txt")
    assert [f for f in doc.flags if f.severity != "info"] == []


def test_named_district_sets_scope() -> None:
    doc = extract_text(HEAD + "Huyện Lập Thạch lần đầu vươn lên đứng vị trí thứ nhất với tỷ lệ chậm, quá hạn 0,33%.",
                       "case.txt")
    fig = next(f for f in doc.figures if f.value == 0.33)
    assert (fig.scope, fig.unit_name) == ("huyen", "Lập Thạch")
