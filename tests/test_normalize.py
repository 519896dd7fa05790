import unicodedata

import pytest

from extractors.document import extract_text
from extractors.normalize import clean_text, fold, strip_accents, unwrap


@pytest.mark.parametrize("a,b", [("số hóa", "số hoá"), ("Thủy", "Thuỷ"), ("hòa", "hoà"), ("khỏe", "khoẻ")],
                         ids=["hoa", "thuy", "hoa-grave", "khoe"])
def test_tone_placements_fold_to_one_form(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("text", ["Thúy Sơn", "hoàn thành", "quý I", "giải quyết", "Điện Biên"])
def test_fold_keeps_length_and_distinct_words(text):
    assert len(fold(text)) == len(text)


def test_fold_keeps_closed_syllables_apart():
    assert fold("hoàn") == "hoàn"  # tone stays on 'a' when a consonant follows


def test_clean_text_spaces_invisibles_lookalikes():
    raw = "Ðiện\u00a0Biên\u200b có 1.234\ufeff hồ\u00adsơ"
    assert clean_text(raw) == "Điện Biên có 1.234 hồsơ"


def test_clean_text_nfd_equals_nfc():
    text = "Kết quả giải quyết thủ tục hành chính tỉnh Thái Bình"
    assert clean_text(unicodedata.normalize("NFD", text)) == clean_text(text)


def test_strip_accents_keeps_d_as_letter():
    assert strip_accents("Điện Biên hồ sơ") == "Dien Bien ho so"


# --------------------------------------------------------------------------- hard wraps of a PDF dump

LONG = "Đã giải quyết 180.210 hồ sơ, trong đó giải quyết trước hạn 150.400 hồ"


@pytest.mark.parametrize("text, joined", [
    (LONG + "\nsơ, đúng hạn 29.310 hồ sơ.", True),                      # a sentence goes on in lower case
    ("Đang giải quyết 5.222 hồ sơ, trong đó số hồ sơ còn trong hạn\n5.200 hồ sơ.", True),  # a number after a word
    (LONG + " sơ.\nsố liệu tiếp theo", False),                            # the line before has ended
    ("Kết quả\ngiải quyết", False),                                       # a short line is not a wrapped one
    (LONG + "\na) Cấp tỉnh", False),                                      # a list item
    (LONG + "\n2.1. Cấp huyện", False),                                   # a numbered heading
    (LONG + "\n     2", False),                                           # a page number
    ("98,7% hồ sơ trả đúng hạn trong 6 tháng đầu năm tại Lâm Đồng\n10-6-2021, 10:53 GMT+7", False),  # a date line
    (LONG + "\nCấp xã tiếp nhận 80.000 hồ sơ.", False),                   # a new sentence
    ("cấp huyện 287 thủ tục, cấp xã 137 thủ tục. Đã công khai 100%\nTTHC đã được công khai đầy đủ", True),
    (LONG + "\nII. KẾT QUẢ", False),                                      # a heading in capitals
], ids=["lower-case", "number-after-word", "ended", "short", "list-item", "heading", "page-number", "date-line",
        "capital", "abbreviation", "capital-heading"])
def test_unwrap_joins_only_a_sentence_broken_at_the_print_width(text: str, joined: bool) -> None:
    out = unwrap(text)
    assert len(out) == len(text)  # offsets hold
    assert (out.count("\n") < text.count("\n")) is joined, repr(out)


def test_a_pdf_dump_reads_like_the_same_text_unwrapped() -> None:
    """Figures, metrics and scopes of a hard-wrapped report equal those of the same report on one
    line per paragraph; its page number is no figure."""
    wrapped = ("Trong quý III năm 2024, toàn tỉnh đã tiếp nhận 185.432 hồ sơ, trong đó số\n"
               "hồ sơ kỳ trước chuyển sang là 4.120 hồ sơ, số hồ sơ mới tiếp nhận là\n"
               "181.312 hồ sơ. Đã giải quyết 180.210 hồ sơ, trong đó trước hạn 150.400 hồ\n"
               "sơ, đúng hạn 29.310 hồ sơ, quá hạn 500 hồ sơ; tỷ lệ giải quyết đúng và\n"
               "trước hạn đạt 99,72%.\n                                   2\n"
               "Cấp tỉnh tiếp nhận 45.100 hồ sơ; cấp huyện tiếp nhận 60.332 hồ sơ; cấp\n"
               "xã tiếp nhận 80.000 hồ sơ.")
    flat = wrapped.replace("\n                                   2\n", "\n").replace(" số\n", " số ") \
        .replace("là\n", "là ").replace("hồ\n", "hồ ").replace("và\n", "và ").replace("cấp\n", "cấp ")
    read = [[(f.metric, f.value, f.scope) for f in extract_text(t, "r.txt").figures] for t in (wrapped, flat)]
    assert read[0] == read[1]
    assert 2 not in [v for _, v, _ in read[0]]
    assert not [f for f in extract_text(wrapped, "r.txt").flags if f.severity != "info"]


def test_unwrap_leaves_table_rows_alone() -> None:
    text = ("STT | Đơn vị | Tiếp nhận | Đã giải quyết | Đúng hạn | Quá hạn | Đang giải quyết\n"
            "1 | Sở Tư pháp | 1.250 | 1.230 | 1.228 | 2 | 20")
    assert unwrap(text) == text


def test_unwrap_joins_an_infographic_value_with_its_label_not_a_page_number() -> None:
    assert unwrap("CẤP TỈNH\n41.286\nhồ sơ tiếp nhận") == "CẤP TỈNH\n41.286 hồ sơ tiếp nhận"
    page = LONG + "\n2\nsơ, đúng hạn 29.310 hồ sơ."
    assert unwrap(page).count("\n") == 2  # the number between two halves of a long line stays apart
