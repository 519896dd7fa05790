"""Gazetteer lookups: both tone placements, NFD, upper case, accent-insensitive only when unambiguous."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from extractors import gazetteer as g


def NFD(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# id, function, args, kwargs, expected (short, province) or None
LOOKUPS = [
    ("province-old-tone", g.find_province, ("Thanh Hóa",), {}, ("Thanh Hóa", "Thanh Hóa")),
    ("province-new-tone", g.find_province, ("Thanh Hoá",), {}, ("Thanh Hóa", "Thanh Hóa")),
    ("province-nfd", g.find_province, (NFD("Thanh Hoá"),), {}, ("Thanh Hóa", "Thanh Hóa")),
    ("province-with-type", g.find_province, ("tỉnh Sơn La",), {}, ("Sơn La", "Sơn La")),
    ("province-upper", g.find_province, ("LÂM ĐỒNG",), {}, ("Lâm Đồng", "Lâm Đồng")),
    ("province-city", g.find_province, ("Thành phố Hà Nội",), {}, ("Hà Nội", "Hà Nội")),
    ("province-abbrev", g.find_province, ("TP. Hồ Chí Minh",), {}, ("Hồ Chí Minh", "Hồ Chí Minh")),
    ("province-no-accents", g.find_province, ("Kon Tum",), {}, ("Kon Tum", "Kon Tum")),
    ("province-ascii-fallback", g.find_province, ("Binh Dinh",), {}, ("Bình Định", "Bình Định")),
    ("province-khanh-hoa-new-tone", g.find_province, ("Khánh Hoà",), {}, ("Khánh Hòa", "Khánh Hòa")),
    ("province-unknown", g.find_province, ("Ngọc Lặc",), {}, None),
    ("district", g.find_district, ("Mai Sơn",), {}, ("Mai Sơn", "Sơn La")),
    ("district-with-type", g.find_district, ("huyện Ngọc Lặc",), {}, ("Ngọc Lặc", "Thanh Hóa")),
    ("district-nfd", g.find_district, (NFD("Thuận Châu"),), {}, ("Thuận Châu", "Sơn La")),
    ("district-new-tone", g.find_district, ("Hoà Vang",), {}, ("Hòa Vang", "Đà Nẵng")),
    ("district-city", g.find_district, ("thành phố Quy Nhơn",), {}, ("Quy Nhơn", "Bình Định")),
    ("district-branch", g.find_district, ("Phù Cát",), {}, ("Phù Cát", "Bình Định")),
    ("district-ambiguous", g.find_district, ("Châu Thành",), {}, None),
    ("district-disambiguated", g.find_district, ("Châu Thành",), {"province": "Kiên Giang"},
     ("Châu Thành", "Kiên Giang")),
    ("district-wrong-province", g.find_district, ("Mai Sơn",), {"province": "Thanh Hoá"}, None),
    ("district-ascii-ambiguous", g.find_district, ("Chau Thanh",), {}, None),
    ("district-unknown", g.find_district, ("Thực Hiện",), {}, None),
    ("commune-old-tone", g.find_commune, ("Thúy Sơn",), {"district": "Ngọc Lặc"}, ("Thúy Sơn", "Thanh Hóa")),
    ("commune-new-tone", g.find_commune, ("Thuý Sơn",), {"district": "Ngọc Lặc"}, ("Thúy Sơn", "Thanh Hóa")),
    ("commune-nfd", g.find_commune, (NFD("xã Phúc Thịnh"),), {"province": "Thanh Hóa"}, ("Phúc Thịnh", "Thanh Hóa")),
    ("commune-ambiguous", g.find_commune, ("Ba Đình",), {"on": "2025-08-01"}, None),
    ("commune-2025-map", g.find_commune, ("Ba Đình",), {"province": "Hà Nội", "on": "2025-08-01"},
     ("Ba Đình", "Hà Nội")),
]


@pytest.mark.parametrize("func,args,kwargs,expected", [c[1:] for c in LOOKUPS], ids=[c[0] for c in LOOKUPS])
def test_lookup(func, args, kwargs, expected):
    unit = func(*args, **kwargs)
    assert (None if unit is None else (unit.short, unit.province)) == expected


def test_district_records_carry_level_type_and_official_name():
    unit = g.find_district("Ngọc Lặc")
    assert (unit.level, unit.name, unit.type, unit.era) == ("huyen", "Huyện Ngọc Lặc", "Huyện", "legacy")


def test_commune_type_is_read_from_the_official_name():
    # the data file says wardType "Xã" for this town; the name says Thị trấn
    unit = g.find_commune("thị trấn Ngọc Lặc", district="Ngọc Lặc")
    assert (unit.level, unit.type) == ("xa", "Thị trấn")


@pytest.mark.parametrize("name,province,expected", [
    ("Châu Thành", None, True), ("Châu Thành", "Sơn La", False), ("Phù Cát", "Bình Định", True),
    ("An Lão", None, True), ("Công an", None, False)],
    ids=["ambiguous-still-a-name", "not-in-province", "in-province", "two-provinces", "not-a-place"])
def test_is_district_name(name, province, expected):
    assert g.is_district_name(name, province) is expected


def test_lookups_do_not_import_the_package():
    code = ("import sys, extractors.gazetteer as g; g.find_commune('Thúy Sơn'); "
            "print('vietnamadminunits' in sys.modules, 'shapely' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_counts_match_the_two_maps():
    gz = g.gazetteer()
    assert len([u for u in gz.provinces if u.era == "legacy"]) == 63
    assert len([u for u in gz.provinces if u.era == "2025"]) == 34
    assert len(gz.districts) > 690
