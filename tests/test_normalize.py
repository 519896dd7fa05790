import unicodedata

import pytest

from extractors.normalize import clean_text, fold, strip_accents


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
