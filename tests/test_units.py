"""The reporting unit: real phrases, the lexicon's examples, the gold sets and NFC/NFD identity."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from extractors.document import extract_path, extract_text
from extractors.normalize import clean_text, fold
from extractors.records import Document
from extractors.units import find_unit, find_unit_mentions
from patterns.loader import load

GOLD = Path(__file__).parent / "gold"
GOLD_DOCS = [(folder, doc) for folder in ("seeds", "dev")
             for doc in json.loads((GOLD / folder / "gold.json").read_text(encoding="utf-8"))["documents"]]


def unit_of(text: str, published: str | None = None) -> dict:
    text = clean_text(text)
    return find_unit(Document(source="t", text=text, title=text.split("\n")[0], published=published))


# id, text, (level, name, province)
UNITS = [
    ("district-named", "Trong tháng 11/2023, công tác cải cách hành chính trên địa bàn huyện Mai Sơn tiếp tục",
     ("huyen", "Mai Sơn", "Sơn La")),
    ("district-unnamed", "Ngày 9/6 , UBND huyện đã tổ chức hội nghị tổng kết", ("huyen", None, None)),
    ("province-council", "UBND tỉnh Thái Bình đã công bố công khai 668 thủ tục hành chính", ("tinh", "Thái Bình", "Thái Bình")),
    ("visitor-skipped", "Đoàn công tác Sở Nội vụ làm việc với UBND huyện Ngọc Lặc về kết quả",
     ("huyen", "Ngọc Lặc", "Thanh Hóa")),
    ("reporting-district", "UBND huyện Thuận Châu báo cáo kết quả đánh giá", ("huyen", "Thuận Châu", "Sơn La")),
    ("district-upper-case", "HUYỆN CHÂU THÀNH: Cải cách thủ tục hành chính đứng hạng 3/15",
     ("huyen", "Châu Thành", None)),
    ("district-province-named", "huyện Châu Thành, tỉnh Kiên Giang tiếp nhận 1.000 hồ sơ",
     ("huyen", "Châu Thành", "Kiên Giang")),
    ("district-province-new-tone", "UBND huyện Ngọc Lặc, tỉnh Thanh Hoá đã tiếp nhận", ("huyen", "Ngọc Lặc", "Thanh Hóa")),
    ("agency-bare-province", "Sở Tài nguyên - Môi trường Lâm Đồng cho biết, trong 6 tháng đầu năm 2021",
     ("tinh", "Sở Tài nguyên - Môi trường", "Lâm Đồng")),
    ("agency-tinh-unnamed", "Trung tâm Phục vụ hành chính công tỉnh vừa ban hành báo cáo",
     ("tinh", "Trung tâm Phục vụ hành chính công tỉnh", None)),
    ("agency-tinh-named", "5 tháng đầu năm 2022, Văn phòng đăng ký đất đai tỉnh Bình Định và 11 chi nhánh",
     ("tinh", "Văn phòng đăng ký đất đai tỉnh Bình Định", "Bình Định")),
    ("agency-no-level-word", "Tin từ Trung tâm Hành chính công và xúc tiến đầu tư, từ ngày 2.1.2018",
     ("tinh", "Trung tâm Hành chính công và xúc tiến đầu tư", None)),
    ("agency-as-source", ("Theo Báo cáo số 19/BC-TTPVHCC của Trung tâm Phục vụ hành chính công tỉnh, kết quả giải "
                          "quyết thủ tục hành chính tại Bộ phận một cửa cấp huyện, cấp xã"), ("tinh", None, None)),
    ("agency-all-levels-skipped", ("Kết quả giải quyết TTHC tại Trung tâm Phục vụ hành chính công cấp tỉnh, huyện, xã"
                                   "\n\nUBND tỉnh Vĩnh Phúc cho biết"), ("tinh", "Vĩnh Phúc", "Vĩnh Phúc")),
    ("headline-province", "Lâm Đồng: 98,33% thủ tục hành chính giải quyết đúng hạn", ("tinh", "Lâm Đồng", "Lâm Đồng")),
    ("headline-province-verb", "Kon Tum đạt và vượt chỉ tiêu năm 2020", ("tinh", "Kon Tum", "Kon Tum")),
    ("province-of", "Hệ thống thông tin giải quyết thủ tục hành chính (TTHC) của tỉnh Gia Lai đã tiếp nhận",
     ("tinh", "Gia Lai", "Gia Lai")),
    ("unnamed-takes-the-one-name", ("Thống kê của UBND tỉnh cho biết toàn tỉnh đã tiếp nhận. Lãnh đạo tỉnh Lâm Đồng "
                                    "đánh giá cao"), ("tinh", "Lâm Đồng", "Lâm Đồng")),
    ("plural-is-not-a-unit", "UBND các xã, thị trấn nghiêm túc triển khai; 12 huyện, thành phố trong tỉnh Sơn La",
     ("tinh", "Sơn La", "Sơn La")),
    ("central-city", "UBND thành phố Đà Nẵng đã tiếp nhận 10.000 hồ sơ", ("tinh", "Đà Nẵng", "Đà Nẵng")),
    ("provincial-city", "UBND thành phố Quy Nhơn đã tiếp nhận 1.250 hồ sơ", ("huyen", "Quy Nhơn", "Bình Định")),
    ("commune", "UBND xã Thúy Sơn, huyện Ngọc Lặc đã tiếp nhận 120 hồ sơ", ("xa", "Thúy Sơn", "Thanh Hóa")),
    ("unknown-name-stays-null", "UBND huyện Xyzabc đã tiếp nhận 5 hồ sơ", ("huyen", None, None)),
    ("portal-header-gives-way", ("Cổng thông tin điện tử tỉnh Sơn La\n\nTrong tháng 11/2023, trên địa bàn huyện "
                                 "Mai Sơn đã tiếp nhận 2.168 hồ sơ"), ("huyen", "Mai Sơn", "Sơn La")),
    ("portal-header-kept", ("Cổng thông tin điện tử huyện Châu Thành\n\nTheo báo cáo của Ủy ban nhân dân huyện, "
                            "cấp huyện đã tiếp nhận 19.914 hồ sơ"), ("huyen", "Châu Thành", None)),
    ("nothing", "Cải cách hành chính là nhiệm vụ trọng tâm", (None, None, None)),
    ("commune-placed-by-a-later-district", ("UBND XÃ TÂN TIẾN\n\nThực hiện Kế hoạch số 35/KH-UBND của UBND huyện Văn "
                                            "Giang, UBND xã Tân Tiến tiếp nhận 27 hồ sơ"), ("xa", "Tân Tiến", "Hưng Yên")),
]


@pytest.mark.parametrize("text,expected", [u[1:] for u in UNITS], ids=[u[0] for u in UNITS])
def test_unit(text, expected):
    assert unit_of(text) == dict(zip(("level", "name", "province"), expected))


LEXICON_EXAMPLES = [(f"{entry['role']}-{entry['level']}-{i}", entry, example)
                    for entry in load("units") for i, example in enumerate(entry["examples"])]


@pytest.mark.parametrize("entry,example", [e[1:] for e in LEXICON_EXAMPLES], ids=[e[0] for e in LEXICON_EXAMPLES])
def test_lexicon_examples(entry, example):
    """Each example shows its entry at work: a mention of that role, or (plural) no mention after it."""
    text = clean_text(example)
    mentions = find_unit_mentions(text)
    nouns = [fold(n) for n in entry["nouns"]]
    hits = [m for m in mentions if any(n in fold(m.surface) for n in nouns)]
    role = entry["role"]
    if role == "plural":
        after = [m for m in mentions if any(fold(text[:m.start]).rstrip().endswith(n) for n in nouns)]
        assert after == []
    elif role == "council":
        assert any(fold(m.surface).startswith(tuple(nouns)) for m in mentions)
    elif role in ("visitor", "portal"):
        assert any(m.role == role for m in mentions)
    elif role == "source":
        assert any(m.role in ("source", "territory") for m in mentions)
    else:
        assert hits, [m.surface for m in mentions]
        if role in ("territory", "city") and entry["level"] != "any":
            assert any(m.level == entry["level"] and m.named for m in hits)


@pytest.mark.parametrize("folder,gold", GOLD_DOCS, ids=[f"{f}/{d['file']}" for f, d in GOLD_DOCS])
def test_gold_unit(folder, gold):
    doc = extract_path(GOLD / folder / gold["file"], run_checks=False)
    assert doc.unit == gold["unit"]


@pytest.mark.parametrize("folder,gold", GOLD_DOCS, ids=[f"{f}/{d['file']}" for f, d in GOLD_DOCS])
def test_nfd_input_gives_the_same_unit(folder, gold):
    raw = (GOLD / folder / gold["file"]).read_text(encoding="utf-8")
    assert (extract_text(unicodedata.normalize("NFD", raw), "nfd", run_checks=False).unit
            == extract_text(raw, "nfc", run_checks=False).unit)


def test_mention_surfaces_are_slices_of_the_text():
    text = clean_text((GOLD / "seeds" / "004_bae01c11a1ef8bca.txt").read_text(encoding="utf-8"))
    mentions = find_unit_mentions(text)
    assert mentions and all(text[m.start:m.end] == m.surface for m in mentions)
