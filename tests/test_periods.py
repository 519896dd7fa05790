"""Period and date mentions, scopes and the document period, on real bulletin phrases and the gold sets."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractors.document import extract_path, extract_text
from extractors.normalize import clean_text
from extractors.periods import document_period, find_period_mentions, find_period_scopes
from extractors.records import Document
from patterns.loader import load

GOLD = Path(__file__).parent / "gold"
GOLD_DOCS = [(folder, doc) for folder in ("seeds", "dev")
             for doc in json.loads((GOLD / folder / "gold.json").read_text(encoding="utf-8"))["documents"]]

# text, published, surface, kind, period_start, period_end, role
MENTIONS = [
    ("month-slash", "Trong tháng 11/2023, các cơ quan", None, "tháng 11/2023", "month", "2023-11-01", "2023-11-30", "period"),
    ("month-nam", "Trong tháng 11 năm 2023, tại cấp huyện", None, "tháng 11 năm 2023", "month", "2023-11-01", "2023-11-30", "period"),
    ("month-capital", "Tháng 9/2021, Trung tâm", None, "Tháng 9/2021", "month", "2021-09-01", "2021-09-30", "period"),
    ("month-zero", "cấp tỉnh, huyện, xã tháng 09/2021 và", None, "tháng 09/2021", "month", "2021-09-01", "2021-09-30", "period"),
    ("month-01-nam", "Trong tháng 01 năm 2025, Hệ thống", None, "tháng 01 năm 2025", "month", "2025-01-01", "2025-01-31", "period"),
    ("month-year-from-neighbour", "tháng 9 và quý III/2021", "2022-02-01", "tháng 9", "month", "2021-09-01", "2021-09-30", "period"),
    ("month-comparison", "so với các kỳ báo cáo tháng 7 giảm 3,86%", "2021-08-30", "tháng 7", "month", "2021-07-01", "2021-07-31", "comparison"),
    ("quarter-roman-slash", "trong quý I/2024, trên địa bàn tỉnh", None, "quý I/2024", "quarter", "2024-01-01", "2024-03-31", "period"),
    ("quarter-roman-nam", "và quý III năm 2021.", None, "quý III năm 2021", "quarter", "2021-07-01", "2021-09-30", "period"),
    ("quarter-arabic", "kết quả quý 2/2023 cho thấy", None, "quý 2/2023", "quarter", "2023-04-01", "2023-06-30", "period"),
    ("quarter-published-year", "Trên 7.600 hồ sơ bị quá hạn trong quý I", "2020-03-18", "quý I", "quarter", "2020-01-01", "2020-03-31", "period"),
    ("quarter-iv-published-january", "kết quả quý IV", "2021-01-10", "quý IV", "quarter", "2020-10-01", "2020-12-31", "period"),
    ("half-year", "trong 6 tháng đầu năm 2021 ngành đã", None, "6 tháng đầu năm 2021", "half", "2021-01-01", "2021-06-30", "period"),
    ("half-published", "hồ sơ trả đúng hạn trong 6 tháng đầu năm", "2021-06-10", "6 tháng đầu năm", "half", "2021-01-01", "2021-06-30", "period"),
    ("half-nay", "giải quyết trong 6 tháng đầu năm nay, vẫn còn", "2021-06-10", "6 tháng đầu năm nay", "half", "2021-01-01", "2021-06-30", "period"),
    ("half-second", "6 tháng cuối năm 2022", None, "6 tháng cuối năm 2022", "half", "2022-07-01", "2022-12-31", "period"),
    ("five-months", "5 tháng đầu năm 2022, Văn phòng", None, "5 tháng đầu năm 2022", "months_to_date", "2022-01-01", "2022-05-31", "period"),
    ("nine-months", "Trong 9 tháng, toàn tỉnh đã tiếp nhận", "2023-10-05", "9 tháng", "months_to_date", "2023-01-01", "2023-09-30", "period"),
    ("year", "trên địa bàn huyện năm 2023", None, "năm 2023", "year", "2023-01-01", "2023-12-31", "period"),
    ("year-comparison", "(tăng 5 bậc so với năm 2015)", None, "năm 2015", "year", "2015-01-01", "2015-12-31", "comparison"),
    ("range-full", "từ ngày 15/12/2022 đến ngày 14/3/2023", None, "từ ngày 15/12/2022 đến ngày 14/3/2023", "range", "2022-12-15", "2023-03-14", "period"),
    ("range-glued", "cấp huyện, xã từ ngày 21/7đến 20/8/2021", None, "từ ngày 21/7đến 20/8/2021", "range", "2021-07-21", "2021-08-20", "period"),
    ("range-across-years", "(tính từ 1/12/2019 đến 29/2/2020)", None, "từ 1/12/2019 đến 29/2/2020", "range", "2019-12-01", "2020-02-29", "period"),
    ("range-dotted", "từ ngày 2.1.2018 đến 17.5.2018 đã tiếp nhận", None, "từ ngày 2.1.2018 đến 17.5.2018", "range", "2018-01-02", "2018-05-17", "period"),
    ("range-dash", "dân cư từ ngày 25/12-27/12/2022, vì vậy", None, "từ ngày 25/12-27/12/2022", "range", "2022-12-25", "2022-12-27", "period"),
    ("range-day-span", "trong hai ngày 25-26/12/2022 để", None, "ngày 25-26/12/2022", "range", "2022-12-25", "2022-12-26", "period"),
    ("range-months", "từ tháng 10/2022 đến tháng 9/2023", None, "từ tháng 10/2022 đến tháng 9/2023", "range", "2022-10-01", "2023-09-30", "period"),
    ("to-date-month", "tính đến hết tháng 10", "2023-11-02", "tính đến hết tháng 10", "to_date", "2023-01-01", "2023-10-31", "period"),
    ("to-date-month-year", "trong năm 2020 (Tính đến hết tháng 11/2020): Tổng số", None, "Tính đến hết tháng 11/2020", "to_date", "2020-01-01", "2020-11-30", "period"),
    ("to-date-day", "Tính đến ngày 31/12/2020, tỉnh Kon Tum", None, "Tính đến ngày 31/12/2020", "to_date", "2020-01-01", "2020-12-31", "period"),
    ("to-date-since-new-year", "Theo báo cáo từ đầu năm đến nay, huyện", "2023-08-04", "từ đầu năm đến nay", "to_date", "2023-01-01", "2023-08-04", "period"),
    ("to-date-cumulative", "Kết quả thu lũy kế đến ngày 17.5.2018 khoảng", None, "lũy kế đến ngày 17.5.2018", "to_date", "2018-01-01", "2018-05-17", "period"),
    ("to-date-now", "Tính đến nay, Bộ phận", "2020-06-10", "Tính đến nay", "to_date", None, "2020-06-10", "period"),
    ("week", "Chỉ tính riêng trong tuần (từ ngày", None, "tuần", "week", None, None, "period"),
    ("span-hyphen", "giai đoạn 2011-2020, định hướng", None, "giai đoạn 2011-2020", "span", "2011-01-01", "2020-12-31", "period"),
    ("span-en-dash", "giai đoạn 2021–2025", None, "giai đoạn 2021–2025", "span", "2021-01-01", "2025-12-31", "period"),
    ("span-spaced", "định hướng giai đoạn 2021 - 2030.", None, "giai đoạn 2021 - 2030", "span", "2021-01-01", "2030-12-31", "period"),
    ("date-lead", "Ngày 04/8/2023, Đoàn công tác", None, "Ngày 04/8/2023", "date", "2023-08-04", "2023-08-04", "period"),
    ("date-no-year", "Ngày 9/6 , UBND huyện", "2020-06-10", "Ngày 9/6", "date", "2020-06-09", "2020-06-09", "period"),
    ("date-words", "ngày 05 tháng 8 năm 2020", None, "ngày 05 tháng 8 năm 2020", "date", "2020-08-05", "2020-08-05", "period"),
    ("date-legal-reference", "Quyết định số 393/QĐ-UBND ngày 23/02/2023 về kế hoạch", None, "ngày 23/02/2023", "date", "2023-02-23", "2023-02-23", "reference"),
    ("date-legal-reference-issuer", "Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Văn phòng", None, "ngày 31/10/2017", "date", "2017-10-31", "2017-10-31", "reference"),
    ("date-dashed", "10-6-2021, 10:53 GMT+7", None, "10-6-2021", "date", "2021-06-10", "2021-06-10", "period"),
]


@pytest.mark.parametrize("text,published,surface,kind,start,end,role", [m[1:] for m in MENTIONS],
                         ids=[m[0] for m in MENTIONS])
def test_mention(text, published, surface, kind, start, end, role):
    found = [m for m in find_period_mentions(text, published) if m.surface == surface]
    assert len(found) == 1, [m.surface for m in find_period_mentions(text, published)]
    m = found[0]
    assert text[m.start:m.end] == m.surface
    assert (m.kind, m.period_start, m.period_end, m.role) == (kind, start, end, role)


NOT_PERIODS = [
    ("fraction-all", "đã khai trương 21/21 Bộ phận tiếp nhận"),
    ("rank", "đứng hạng 3/15 huyện, thị, thành phố"),
    ("legal-reference", "Thông tư số 02/2017/TT-VPCP hướng dẫn"),
    ("standard", "tiêu chuẩn ISO 9001-2015 trên địa bàn"),
    ("part-of-whole", "số hoá được 1.931/2.168 hồ sơ"),
    ("duration-year", "sau 01 năm cấp huyện, xã thực hiện"),
    ("weekly", "hàng tuần, hàng tháng công khai kết quả"),
    ("duration-months", "rút ngắn thời hạn còn sau 3 tháng"),
    ("percent-dot", "Kết quả đạt 99.75% hồ sơ"),
    ("patrol", "lực lượng tuần tra kiểm soát"),
    ("districts-fraction", "Có đến 5/9 huyện, thành phố đạt"),
]


@pytest.mark.parametrize("text", [t for _, t in NOT_PERIODS], ids=[i for i, _ in NOT_PERIODS])
def test_not_a_period(text):
    assert find_period_mentions(text, "2021-01-01") == []


PATTERN_EXAMPLES = [(f"{entry['name']}-{i}", entry["name"], example)
                    for entry in load("periods") for i, example in enumerate(entry["examples"])]


@pytest.mark.parametrize("kind,example", [e[1:] for e in PATTERN_EXAMPLES], ids=[e[0] for e in PATTERN_EXAMPLES])
def test_pattern_examples(kind, example):
    assert kind in {m.kind for m in find_period_mentions(example, "2021-06-10")}


SCOPES = [
    ("quarter-refined", "trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh",
     "quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020)", "quarter", "2019-12-01", "2020-02-29"),
    ("week-refined", "Chỉ tính riêng trong tuần (từ ngày 11.5.2018 đến 17.5.2018) đã có",
     "tuần (từ ngày 11.5.2018 đến 17.5.2018)", "week", "2018-05-11", "2018-05-17"),
    ("year-to-month", "trong năm 2020 (Tính đến hết tháng 11/2020): Tổng số",
     "năm 2020 (Tính đến hết tháng 11/2020)", "year", "2020-01-01", "2020-11-30"),
]


@pytest.mark.parametrize("text,surface,kind,start,end", [s[1:] for s in SCOPES], ids=[s[0] for s in SCOPES])
def test_scope(text, surface, kind, start, end):
    scopes = find_period_scopes(text, None)
    assert [(s.surface, s.kind, s.period_start, s.period_end) for s in scopes] == [(surface, kind, start, end)]
    assert text[scopes[0].start:scopes[0].end] == surface


DOCUMENTS = [
    ("year-and-to-date", "Kết quả cải cách hành chính trên địa bàn huyện năm 2023\n\n" + "Ngày 04/8/2023, đoàn đã làm "
     "việc. Theo báo cáo từ đầu năm đến nay, huyện tiếp nhận 4.457 hồ sơ. " * 4, "2023-08-04",
     {"start": "2023-01-01", "end": "2023-08-04"}),
    ("span-title", "Hội nghị tổng kết giai đoạn 2011-2020\n\n" + "Đến cuối năm 2019, đã khai trương 21/21 bộ phận. " * 6,
     "2020-06-10", {"start": "2011-01-01", "end": "2020-12-31"}),
    ("body-most-figures", "Tiếp tục đẩy mạnh cải cách\n\n" + "Kế hoạch năm 2023 đã ban hành. " * 8
     + "Trong tháng 11/2023, đã tiếp nhận 2.168 hồ sơ, giải quyết 1780 hồ sơ, đạt 90,26%.", None,
     {"start": "2023-11-01", "end": "2023-11-30"}),
    ("nothing", "Tin tức\n\nUBND huyện đã tổ chức hội nghị với nhiều nội dung quan trọng.", None, None),
]


@pytest.mark.parametrize("text,published,expected", [d[1:] for d in DOCUMENTS], ids=[d[0] for d in DOCUMENTS])
def test_document_period_built(text, published, expected):
    text = clean_text(text)
    doc = Document(source="t", text=text, title=text.split("\n")[0], published=published)
    assert document_period(doc) == expected


@pytest.mark.parametrize("folder,gold", GOLD_DOCS, ids=[f"{f}/{d['file']}" for f, d in GOLD_DOCS])
def test_gold_period(folder, gold):
    doc = extract_path(GOLD / folder / gold["file"], run_checks=False)
    assert doc.period == {"start": gold["period"]["start"], "end": gold["period"]["end"]}


SEEDS = [d for d in GOLD_DOCS if d[0] == "seeds"]


@pytest.mark.parametrize("folder,gold", SEEDS, ids=[d["file"] for _, d in SEEDS])
def test_nfd_input_gives_the_same_mentions(folder, gold):
    raw = (GOLD / folder / gold["file"]).read_text(encoding="utf-8")
    nfc = extract_text(raw, "nfc", run_checks=False)
    nfd = extract_text(unicodedata.normalize("NFD", raw), "nfd", run_checks=False)
    assert nfd.period == nfc.period
    assert find_period_mentions(nfd.text, nfd.published) == find_period_mentions(nfc.text, nfc.published)


PATTERNS = [(f"{entry['name']}-{i}", entry, i) for entry in load("periods") for i in range(len(entry["patterns"]))]


@pytest.mark.parametrize("entry,index", [p[1:] for p in PATTERNS], ids=[p[0] for p in PATTERNS])
def test_every_pattern_matches_one_of_its_examples(entry, index):
    from extractors.normalize import fold
    from extractors.period_grammar import _grammar

    compiled = [p for kind, priority, p in _grammar() if priority == load("periods").index(entry)][index]
    assert any(compiled.search(fold(clean_text(e))) for e in entry["examples"])


FOLD_TEXTS = [(f"{folder}/{d['file']}-{variant}", folder, d["file"], variant)
              for folder, d in GOLD_DOCS for variant in ("as-is", "upper", "nfd")]


@pytest.mark.parametrize("folder,name,variant", [f[1:] for f in FOLD_TEXTS], ids=[f[0] for f in FOLD_TEXTS])
def test_fast_fold_equals_normalize_fold(folder, name, variant):
    from extractors.normalize import fold as fold_fast

    def reference(text: str) -> str:  # an independent per-syllable fold: tone moved to the second vowel
        def move(m):
            first, second = m.group(1), m.group(2)
            parts = unicodedata.normalize("NFD", first)
            base, tone = parts[0], parts[1:]
            return base + unicodedata.normalize("NFC", second + tone)
        return re.sub(r"([òóỏõọùúủũụ])([aey])(?![^\W\d_])",
                      lambda m: move(m) if (m.group(1) in "òóỏõọ") == (m.group(2) in "ae") else m.group(0),
                      text.lower())

    raw = (GOLD / folder / name).read_text(encoding="utf-8")
    raw = {"as-is": raw, "upper": raw.upper(), "nfd": unicodedata.normalize("NFD", raw)}[variant]
    text = clean_text(raw)
    assert fold_fast(text) == reference(text)
