"""Data tables, as the HTML reader writes them (``a | b | c`` a row): each number takes the metric
of its column's header and the unit named in its row's first text cell.

A bulletin's table ('Đơn vị | Tiếp nhận | Đã giải quyết | Đúng hạn | Quá hạn') says what every number
is by where it stands, which the sentence reader cannot see. Only tables whose header names at least
two metrics are read this way; any other row of cells is left to the sentence reader.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extractors import lexicon
from extractors.numbers import NUMBER

_SEP = "|"
_INDEX_HEADER = re.compile(r"(?:stt|tt|số\s+tt|số\s+thứ\s+tự)")
_TOTAL_ROW = re.compile(r"(?:tổng|cộng|toàn\s+(?:tỉnh|huyện|xã|thành\s+phố))")
_PERIOD_HEADER = re.compile(r"(?P<cum>(?:lũy|luỹ)\s+kế|cộng\s+dồn|từ\s+đầu\s+năm)|(?P<other>cùng\s+kỳ|kỳ\s+trước|năm\s+trước)"
                            r"|trong\s+kỳ|trong\s+tháng|thực\s+hiện|kết\s+quả|tháng\s+\d|quý\s+[ivx\d]|năm\s+\d{4}|\d+\s+tháng")


def _period_role(folded: str, a: int, b: int) -> str | None:
    """'lũy kế' (year to date), 'other' (the same period a year before), 'current', or None for a
    header cell that names no period."""
    m = _PERIOD_HEADER.search(folded, a, b)
    if m is None:
        return None
    return "lũy kế" if m.group("cum") else "other" if m.group("other") else "current"


_SHARE_HEADER = re.compile(r"%|\btỷ\s+lệ\b|\bphần\s+trăm\b")
_NOUN = "applications"  # the counts of a one-stop table are files


@dataclass(frozen=True)
class Cell:
    """What a number in a table cell is: its column's metric, its row's unit (None on a total row),
    or why it is no figure (``row_number``)."""
    metric: str | None
    row_name: str | None
    skip: str | None = None
    column: tuple[int, int] = (0, 0)  # (table, column): a total row's cell and the rows above it
    total: bool = False
    percent: bool = False  # the header says its numbers are shares ('Tỷ lệ đúng hạn (%)')
    period: str | None = None  # 'lũy kế': a column of the year to date beside the period's


TABLE_GROUP = "table:"  # group of a table's rows under their column's total: a closed list


def link_rows(figures: list, cells: dict[str, Cell]) -> set[str]:
    """Each row figure of a column with one total row gets that total as its parent (the rows of a
    table are all of it, so they must add up to it); returns the totals' ids."""
    by_column: dict[tuple[int, int], list] = {}
    for f in figures:
        if f.id in cells and f.kind == "count":
            by_column.setdefault(cells[f.id].column, []).append(f)
    totals = set()
    for figs in by_column.values():
        heads = [f for f in figs if cells[f.id].total]
        rows = [f for f in figs if not cells[f.id].total]
        if len(heads) != 1 or len(rows) < 2 or any(f.parent for f in rows):
            continue
        for f in rows:
            f.parent = heads[0].id
        totals.add(heads[0].id)
    return totals


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of the row text[start:end], spaces trimmed."""
    out, pos = [], start
    while True:
        cut = text.find(_SEP, pos, end)
        stop = end if cut < 0 else cut
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
        if cut < 0:
            return out
        pos = cut + 1


def _header_metric(folded: str, a: int, b: int) -> str | None:
    """The metric the longest phrase of a header cell names, for files."""
    index, table = lexicon.metric_phrases()
    best = None
    for m in index.finditer(folded, a, b):
        if best is None or m.end() - m.start() > best.end() - best.start():
            best = m
    if best is None:
        return None
    return next((mp.metric for mp in table[" ".join(best.group().split())] if _NOUN in mp.nouns), None)


def table_cells(text: str, folded: str, lines: list) -> dict[int, Cell]:
    """Start offset of each number in a metric table's body -> its :class:`Cell`."""
    out: dict[int, Cell] = {}
    if _SEP not in text:
        return out
    header: list[tuple[str | None, str]] | None = None  # per column: (metric, role)
    period_header: list[str | None] | None = None  # per column of a metric-by-period table: its period
    shares: list[bool] = []  # per column: its header names a share
    tables = 0
    for line in lines:
        if text.count(_SEP, line.start, line.end) < 2:
            header = period_header = None  # the table ended
            continue
        cells = _cells(text, line.start, line.end)
        if header is None and period_header is not None and len(cells) == len(period_header):
            label = next(((a, b) for (a, b), p in zip(cells, period_header) if p is None and a < b
                          and not NUMBER.fullmatch(text, a, b)), None)
            if label is None:
                continue
            metric, share = _header_metric(folded, *label), bool(_SHARE_HEADER.search(folded, *label))
            for k, ((a, b), p) in enumerate(zip(cells, period_header)):
                if p and a < b and NUMBER.fullmatch(text, a, b):
                    out[a] = Cell(metric, None, "other_period" if p == "other" else None, (tables, k), False, share,
                                  p if p == "lũy kế" else None)
            continue
        if header is None or len(cells) != len(header):
            roles = []
            for a, b in cells:
                if _INDEX_HEADER.fullmatch(folded, a, b):
                    roles.append((None, "index"))
                else:
                    metric = _header_metric(folded, a, b)
                    roles.append((metric, "metric" if metric else "label"))
            header = roles if sum(r == "metric" for _, r in roles) >= 2 else None
            shares = [bool(_SHARE_HEADER.search(folded, a, b)) for a, b in cells]
            tables += 1
            if header is None:  # 'Chỉ tiêu | Trong kỳ | Lũy kế': rows name the metrics, columns the periods
                periods = [_period_role(folded, a, b) for a, b in cells]
                period_header = periods if any(p for p in periods) and any(
                    p is None and a < b for p, (a, b) in zip(periods, cells)) else None
            else:
                period_header = None
            continue
        labels = [(a, b) for (a, b), (_, role) in zip(cells, header) if role == "label" and a < b
                  and not NUMBER.fullmatch(text, a, b)]
        name = text[labels[0][0]:labels[0][1]] if labels else None
        # 'Tổng cộng' may stand in the STT column, the unit column left empty
        total = any(a < b and not NUMBER.fullmatch(text, a, b) and _TOTAL_ROW.match(folded, a) for a, b in cells)
        if total:
            name = None  # 'Tổng cộng': the whole, no sub-unit
        for k, ((a, b), (metric, role)) in enumerate(zip(cells, header)):
            m = NUMBER.fullmatch(text, a, b) if a < b else None
            if m is None:
                continue
            if role == "index":
                out[a] = Cell(None, None, "row_number")
            elif role == "metric":
                out[a] = Cell(metric, name, None, (tables, k), total and name is None, shares[k])
    return out


# Rows written as lines ('3. Huyện Vĩnh Linh: tiếp nhận 5.432, giải quyết 5.318, …'), then a total
# line ('Tổng cộng: tiếp nhận 44.036, …'): a table in prose, read like one.
_TOTAL_LINE = re.compile(r"\s*(?:[-+•*]\s*)?(?:tổng\s+cộng|cộng|tổng)\s*:")


def link_row_lines(figures: list, layout, folded: str) -> set[str]:
    """Each count on a run of lines that each name a unit and state the same metrics, right above a
    'Tổng cộng:' line, gets the total line's count of its metric as its parent (the rows are all of
    it); the totals take the rows' level when they share one. Returns the totals' ids."""
    by_line: dict[int, list] = {}
    for f in figures:
        if f.kind == "count" and f.metric and not f.metric.startswith("?"):
            by_line.setdefault(layout.line_index(f.start), []).append(f)
    totals: set[str] = set()
    for li, heads in by_line.items():
        line = layout.lines[li]
        if not _TOTAL_LINE.match(folded, line.start):
            continue
        rows, k = [], li - 1
        while k >= 0 and k in by_line and all(f.unit_name for f in by_line[k]):
            rows.append(by_line[k])
            k -= 1
        if len(rows) < 2:
            continue
        for head in heads:
            parts = [[f for f in row if f.metric == head.metric] for row in rows]
            if any(len(p) != 1 or p[0].parent for p in parts):
                continue
            for (p,) in parts:
                p.parent = head.id
            levels = {p[0].scope for p in parts}
            if len(levels) == 1:
                head.scope = levels.pop()
            totals.add(head.id)
    return totals
