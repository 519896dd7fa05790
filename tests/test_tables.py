"""Data tables: a number takes its column header's metric and its row's unit; rows are checked."""

from __future__ import annotations

import pytest

from extractors.document import extract_text

ROWS = [("Sở Tư pháp", "1.250", "{resolved}", "1.228", "2", "20"),
        ("Sở Xây dựng", "340", "320", "318", "2", "20"),
        ("Sở Công Thương", "2.100", "2.050", "2.050", "0", "50")]
HEAD = ("STT", "Đơn vị", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Quá hạn", "Đang giải quyết")


def html(resolved: str) -> str:
    cells = lambda tag, row: "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in row) + "</tr>"  # noqa: E731
    body = "".join(cells("td", (str(i + 1),) + tuple(c.format(resolved=resolved) for c in row))
                   for i, row in enumerate(ROWS))
    total = cells("td", ("Tổng cộng", "", "3.690", "3.600", "3.596", "4", "90"))
    return (f"<html><head><title>Kết quả giải quyết hồ sơ tháng 3/2024</title></head><body><article>"
            f"<h1>Kết quả giải quyết hồ sơ tháng 3/2024</h1><p>Bảng tổng hợp kết quả giải quyết hồ sơ "
            f"của các sở, ngành tháng 3/2024:</p><table>{cells('th', HEAD)}{body}{total}</table>"
            f"</article></body></html>")


def test_columns_give_metrics_and_rows_give_units():
    doc = extract_text(html("1.230"), "table.html", is_html=True)
    got = {(f.unit_name, f.metric): f.value for f in doc.figures}
    assert got[("Sở Tư pháp", "received_total")] == 1250
    assert got[("Sở Tư pháp", "resolved_in_time")] == 1228  # 'Đúng hạn' with no early column: in time
    assert got[("Sở Xây dựng", "pending_total")] == 20
    assert got[(None, "received_total")] == 3690  # the total row is the whole, no sub-unit
    assert sorted(s.surface for s in doc.skipped if s.reason == "row_number") == ["1", "2", "3"]
    assert not [f for f in doc.flags if f.severity != "info"]


def test_a_typo_in_a_row_is_flagged_and_diagnosed():
    doc = extract_text(html("1.320"), "table.html", is_html=True)
    errors = [f for f in doc.flags if f.severity == "error"]
    assert errors and "Sở Tư pháp" in errors[0].relation
    assert "1.320 is most likely 1.230" in (errors[0].diagnosis or "")


@pytest.mark.parametrize("text", [
    "Ghi chú | xem thêm | tại đây\nTiếp nhận 12 hồ sơ.",  # a row of cells naming no metric: not a table
    "Huyện | Dân số | Diện tích\nA | 12.000 | 300",
])
def test_rows_without_a_metric_header_are_left_to_the_sentence_reader(text):
    doc = extract_text(text, "t.txt")
    assert not [s for s in doc.skipped if s.reason == "row_number"]


def test_the_total_row_is_the_sum_of_the_rows():
    """A table lists all its rows: the total row must equal their sum (an error, not a bound)."""
    doc = extract_text(html("1.230").replace("<td>3.690</td>", "<td>3.960</td>"), "table.html", is_html=True)
    errors = [f for f in doc.flags if f.severity == "error"]
    assert len(errors) == 1 and "<Sở Tư pháp>" in errors[0].relation and errors[0].stated == 3960
    assert errors[0].computed == 3690 and "3.960 is most likely 3.690" in (errors[0].diagnosis or "")


ROW_LINES = ("Tình hình giải quyết TTHC tại UBND cấp huyện của tỉnh Quảng Trị 6 tháng đầu năm 2024\n\n"
             "1. Thành phố Đông Hà: tiếp nhận 9.846, giải quyết 9.612, đúng hạn 9.598, quá hạn 14\n"
             "2. Thị xã Quảng Trị: tiếp nhận 2.315, giải quyết 2.287, đúng hạn 2.287, quá hạn 0\n"
             "3. Huyện đảo Cồn Cỏ: tiếp nhận 37, giải quyết 37, đúng hạn 37, quá hạn 0\n"
             "Tổng cộng: tiếp nhận 12.198, giải quyết {resolved}, đúng hạn 11.922, quá hạn 14\n")


def test_rows_written_as_lines_add_up_to_their_total_line():
    """Named units one per line, then 'Tổng cộng:': each metric's rows are all of its total. A city
    and a town of a province's name are its districts, not the province."""
    doc = extract_text(ROW_LINES.format(resolved="11.936"), "rows.txt")
    got = {(f.unit_name, f.metric): (f.value, f.scope) for f in doc.figures}
    assert got[("Đông Hà", "received_total")] == (9846, "huyen")
    assert got[("Quảng Trị", "received_total")] == (2315, "huyen")
    assert got[("Cồn Cỏ", "received_total")] == (37, "huyen")
    assert got[(None, "received_total")] == (12198, "huyen")  # the districts' total
    assert not [f for f in doc.flags if f.severity != "info"]
    typo = extract_text(ROW_LINES.format(resolved="11.963"), "rows.txt")
    errors = [f for f in typo.flags if f.severity == "error"]
    assert {(f.stated, f.computed) for f in errors} == {(11963, 11936)}  # the rows and the line itself
    assert any("Đông Hà" in f.relation for f in errors) and len({f.group for f in errors}) == 1


TAB_ANNEX = ("Phụ lục: kết quả giải quyết TTHC quý III/2024 của huyện Cẩm Giàng\n\n"
             "Huyện đã tiếp nhận 1.542 hồ sơ, đã giải quyết 1.395 hồ sơ, trong đó đúng hạn 1.345 hồ sơ.\n\n"
             "STT\tLĩnh vực\tTiếp nhận\tĐã giải quyết\tĐúng hạn\tQuá hạn\tĐang giải quyết\n"
             "(1)\t(2)\t(3)=(4)+(7)\t(4)=(5)+(6)\t(5)\t(6)\t(7)\n"
             "1\tĐất đai\t1.328\t1.194\t{cell}\t48\t134\n"
             "2\tXây dựng\t214\t201\t199\t2\t13\n"
             "\tTổng cộng\t1.542\t1.395\t1.345\t50\t147\n")


def test_a_tab_separated_annex_is_read_as_a_table():
    """Tabs separate cells as '|' does; the column-number row '(1) (2) (3)=(4)+(7)' holds no figure; the
    total row, though merged with the sentence that quotes it, still closes its column."""
    doc = extract_text(TAB_ANNEX.format(cell="1.146"), "annex.txt")
    got = {(f.unit_name, f.metric): f.value for f in doc.figures}
    assert got[("Đất đai", "resolved_in_time")] == 1146 and got[("Xây dựng", "pending_total")] == 13
    assert not {1, 2, 3, 4, 5, 6, 7} & {f.value for f in doc.figures if f.unit_name is None}
    assert not [f for f in doc.flags if f.severity != "info"]
    typo = extract_text(TAB_ANNEX.format(cell="1.164"), "annex.txt")
    errors = {(f.stated, f.computed) for f in typo.flags if f.severity == "error"}
    assert {(1194, 1212), (1345, 1363)} <= errors


def test_a_share_column_without_percent_signs_holds_shares():
    """'Tỷ lệ đúng hạn (%)' says its cells are shares though they carry no '%': never summed as counts."""
    text = ("Kết quả giải quyết TTHC tháng 3/2024 của các sở\n\n"
            "STT | Đơn vị | Đã giải quyết | Đúng hạn | Tỷ lệ đúng hạn (%)\n"
            "1 | Sở Tư pháp | 1.840 | 1.838 | 99,89\n"
            "2 | Sở Xây dựng | 320 | 320 | 100\n"
            "Tổng cộng | | 2.160 | 2.158 | 99,9\n")
    doc = extract_text(text, "t.txt")
    shares = [f for f in doc.figures if f.value in (99.89, 100, 99.9)]
    assert shares and all(f.kind == "percent" for f in shares)
    assert not [f for f in doc.flags if f.severity != "info"], [f.relation for f in doc.flags]


PERIOD_TABLE = ("Kết quả giải quyết TTHC tháng 10/2024 của huyện Yên Thế\n\n"
                "| Chỉ tiêu | Trong kỳ (tháng 10) | Lũy kế 10 tháng |\n|---|---|---|\n"
                "| Số hồ sơ đã giải quyết | 3.041 | 27.454 |\n| - Trước hạn | 1.402 | 13.204 |\n"
                "| - Đúng hạn | 1.630 | {on_time} |\n| - Quá hạn | 9 | 132 |\n| Tỷ lệ đúng và trước hạn (%) | 99,70 | 99,51 |\n")


def test_rows_of_metrics_and_columns_of_periods():
    """'Chỉ tiêu | Trong kỳ | Lũy kế': each row's label names the metric, the 'Lũy kế' column is the year
    to date (a period of its own), a '(%)' row holds shares."""
    doc = extract_text(PERIOD_TABLE.format(on_time="14.118"), "p.txt")
    got = {f.value: (f.metric, f.kind, f.segment) for f in doc.figures}
    assert got[3041][:2] == got[27454][:2] == ("resolved_total", "count") and got[3041][2] != got[27454][2]
    assert got[99.7][:2] == ("resolved_in_time", "percent") and got[99.51][2] == got[27454][2]
    assert not [f for f in doc.flags if f.severity != "info"]
    typo = extract_text(PERIOD_TABLE.format(on_time="14.181"), "p.txt")
    assert (27454, 27517) in {(f.stated, f.computed) for f in typo.flags if f.severity == "error"}
