"""Fetch-stage units: settings, URL canonicalisation, family URL rules, page verdicts, TCVN3, decoding."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractors.normalize import clean_text, fold
from patterns.loader import load
from scraper import legacy
from scraper.classify import _hits, classify, js_challenge, offsite_redirect
from scraper.families import family_for, parse_date
from scraper.fetch import decode_page
from scraper.registry import Portal
from scraper.settings import SettingsError, describe, load_settings
from scraper.urls import canonical
from tests.farm.content import cp1258

# --- settings ---------------------------------------------------------------------------------------


def test_defaults_are_polite() -> None:
    s = load_settings()
    assert s.DOWNLOAD_DELAY >= 1.0 and s.CONCURRENT_REQUESTS_PER_HOST == 1 and s.ROBOTSTXT_OBEY
    assert "http" in s.USER_AGENT


def test_config_file_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "crawl.toml"
    config.write_text("[crawl]\ndownload_delay = 2.5\nMAX_PAGES = 10\n", encoding="utf-8")
    s = load_settings(config, {"MAX_PAGES": "20", "DEADLINE_SECONDS": None})
    assert (s.DOWNLOAD_DELAY, s.MAX_PAGES, s.DEADLINE_SECONDS) == (2.5, 20, 3600.0)


@pytest.mark.parametrize("overrides,message", [
    ({"DOWNLOAD_DELAY": "soon"}, "DOWNLOAD_DELAY: expected float"),
    ({"DOWNLOAD_DELAY": -1}, "DOWNLOAD_DELAY: must be >= 0"),
    ({"CONCURRENT_REQUESTS_PER_HOST": 2}, "only 1 is supported"),
    ({"ROBOTSTXT_OBEY": "maybe"}, "ROBOTSTXT_OBEY: expected true/false"),
    ({"MAX_PAGES": 1.5}, "MAX_PAGES: expected an integer"),
    ({"USER_AGENT": "bot"}, "contact URL"),
    ({"RETRY_STATUSES": "503 x"}, "RETRY_STATUSES: expected a list of integers"),
    ({"SPEED": 1}, "unknown setting 'SPEED'"),
], ids=lambda v: str(v)[:30])
def test_bad_settings_are_named(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(overrides=overrides)


def test_every_setting_is_documented_in_code_and_in_docs() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "CRAWLING.md").read_text(encoding="utf-8")
    for name, _default, doc in describe():
        assert doc, name
        assert name in docs, name


# --- URLs ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("href,base,expected", [
    ("/a/b.html#binh-luan", "http://x.gov.vn/", "http://x.gov.vn/a/b.html"),
    ("b.html?fbclid=IwAR0&utm_source=fb", "http://x.gov.vn/a/", "http://x.gov.vn/a/b.html"),
    ("HTTP://X.GOV.VN:80/View_Detail.aspx?ItemID=70&utm_medium=x", None, "http://x.gov.vn/View_Detail.aspx?ItemID=70"),
    ("https://x.gov.vn:443", None, "https://x.gov.vn/"),
    ("javascript:__doPostBack('a','')", "http://x.gov.vn/", None),
    ("mailto:bbt@x.gov.vn", "http://x.gov.vn/", None),
], ids=["fragment", "tracking", "case-port-query", "https-port", "postback", "mailto"])
def test_canonical(href: str, base: str | None, expected: str | None) -> None:
    assert canonical(href, base) == expected


# --- family URL rules (examples from PORTALS.md) --------------------------------------------------------

ARTICLES = [
    ("sharepoint_portal", "https://dienbien.gov.vn/portal/Pages/2020-5-29/VPUB--Nam-2019-uoc-tinh-thiet-hai-do-thien-tai-gaykd6fqr.aspx", True),
    ("sharepoint_portal", "https://xasonlinh.hatinh.gov.vn/portal/pages/2023-01-30/Ung-dung-Cong-nghe-thong-tin-chuyen-doi-so-trong-v-468686.aspx", True),
    ("sharepoint_portal", "https://dbndthanhhoa.gov.vn/portal/KenhTin/Hoi-dong-nhan-dan-tinh.aspx", False),
    ("sharepoint_list", "https://vinhphuc.gov.vn/ct/cms/tintuc/Lists/ThoiSuChinhTri/View_Detail.aspx?ItemID=13820", True),
    ("sharepoint_list", "https://vinhphuc.gov.vn/ct/cms/tintuc/Lists/ThoiSuChinhTri/AllItems.aspx", False),
    ("numeric_path", "https://sapa.laocai.gov.vn/1227/27461/54439/293909/thanh-lap-thi-xa-sa-pa/slug", True),
    ("numeric_path", "https://sapa.laocai.gov.vn/thanh-lap-thi-xa-sa-pa/slug-1105750", True),
    ("numeric_path", "https://sonla.gov.vn/tin-chinh-tri", False),
    ("thaibinh", "https://vuthu.thaibinh.gov.vn/tin-tuc/chinh-tri/50-nam-da-ng-bo-chi-nh-quye-n-llvt-va-nhan-dan-tha-i-bi-nh-t.html", True),
    ("thaibinh", "https://thaibinh.gov.vn/tin-tuc/tin-tong-hop", False),
    ("liferay", "https://data.gov.vn/web/guest/news/-/asset_publisher/FRkblAs8yr3H/content/abc", True),
    ("liferay", "https://thuanthanh.bacninh.gov.vn/web/so-noi-vu", False),
    ("nukeviet", "https://pbgdpl.laichau.gov.vn/index.php/news/tin-tuc/bai-viet-so-1-123.html", True),
    ("nukeviet", "https://pbgdpl.laichau.gov.vn/index.php/news/tin-tuc/page-2", False),
    ("dnn", "https://dichvucong.quangninh.gov.vn/Default.aspx?tabid=120&ArticleID=55", True),
    ("dnn", "https://dichvucong.quangninh.gov.vn/Default.aspx?tabid=119", False),
    ("wordpress", "https://congan.sonla.gov.vn/2024/05/hoi-nghi-cchc/", True),
    ("wordpress", "https://congan.sonla.gov.vn/category/cai-cach-hanh-chinh/page/2/", False),
    ("generic", "https://sonoivu.bacgiang.gov.vn/node/195660", True),
    ("generic", "https://sonoivu.bacgiang.gov.vn/logo.png", False),
]


def _portal(url: str, family: str) -> Portal:
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return Portal("p", "P", f"{parts.scheme}://{parts.netloc}/", family, ("/",), {})


@pytest.mark.parametrize("family,url,is_article", ARTICLES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(ARTICLES)])
def test_family_article_urls(family: str, url: str, is_article: bool) -> None:
    assert family_for(family).is_article(url, _portal(url, family)) is is_article


@pytest.mark.parametrize("family,a,b", [
    ("numeric_path", "https://sapa.laocai.gov.vn/1227/27461/54439/293909/thanh-lap-thi-xa-sa-pa/slug",
     "https://sapa.laocai.gov.vn/thanh-lap-thi-xa-sa-pa/slug-1105750"),
    ("sharepoint_portal", "https://x.gov.vn/portal/Pages/2023-9-5/Abc.aspx", "https://x.gov.vn/portal/pages/2023-9-5/abc.aspx"),
    ("nukeviet", "https://x.gov.vn/index.php/news/a/b-12.html", "https://x.gov.vn/news/a/b-12.html"),
], ids=["numeric-alias", "sharepoint-case", "nukeviet-id"])
def test_one_article_two_urls_one_key(family: str, a: str, b: str) -> None:
    fam = family_for(family)
    assert fam.article_key(a) == fam.article_key(b)


@pytest.mark.parametrize("text,iso", [("(05/09/2023, 14:35)", "2023-09-05"), ("05-09-2023", "2023-09-05"),
                                      ("Thứ ba, 5/9/2023 14:35", "2023-09-05"), ("2023-9-5", "2023-09-05"),
                                      ("Lượt xem: 1.234", None)])
def test_listing_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# --- page verdicts ------------------------------------------------------------------------------------------

PAGE = "<html><head><title>{t}</title></head><body><h1>{t}</h1><div>{b}</div></body></html>"
VERDICTS = [
    ("cchc", PAGE.format(t="Kết quả cải cách hành chính tháng 5", b="Bộ phận Tiếp nhận và trả kết quả đã tiếp nhận 1.234 hồ sơ."),
     "http://x.gov.vn/a.html", 200, (True, None)),
    ("off-topic", PAGE.format(t="Giải bóng đá thanh niên", b="Giải đấu quy tụ 12 đội bóng."), "http://x.gov.vn/a.html", 200,
     (False, "not_relevant")),
    ("gambling", PAGE.format(t="Nhà cái uy tín", b="cá cược, nổ hũ, casino"), "http://x.gov.vn/a.html", 200,
     (False, "hacked_gambling")),
    ("js-redirect", PAGE.format(t="Thủ tục hành chính", b='<script>location.replace("http://m88.example.com")</script>'),
     "http://x.gov.vn/a.html", 200, (False, "hacked_redirect")),
    ("home", PAGE.format(t="Trang chủ", b=""), "http://x.gov.vn/", 200, (False, "soft_404_home")),
    ("site-name", PAGE.format(t="Cổng TTĐT huyện X", b=""), "http://x.gov.vn/a.html", 200, (False, "soft_404_title")),
    ("404", "", "http://x.gov.vn/a.html", 404, (False, "http_404")),
]


@pytest.mark.parametrize("html,final,status,expected", [v[1:] for v in VERDICTS], ids=[v[0] for v in VERDICTS])
def test_page_verdicts(html: str, final: str, status: int, expected: tuple[bool, str | None]) -> None:
    v = classify(html, url="http://x.gov.vn/a.html", final_url=final, status=status, site_names=("Cổng TTĐT huyện X",))
    assert (v.relevant, v.reason) == expected


def test_same_host_redirect_is_not_hacking() -> None:
    assert offsite_redirect('<meta http-equiv="refresh" content="0; url=/trang-chu">', "http://x.gov.vn/a") is None


def test_challenge_needs_mostly_script() -> None:
    assert js_challenge("<html><script>document.cookie='a';location.reload()</script></html>")
    assert not js_challenge(PAGE.format(t="Tin", b="Nội dung " * 50 + "<script>var a=1</script>"))


def _relevance_cases() -> list[tuple[str, str]]:
    return [(entry["role"], example) for entry in load("relevance") for example in entry["examples"]]


@pytest.mark.parametrize("role,example", _relevance_cases(), ids=lambda v: str(v)[:40])
def test_every_relevance_entry_matches_its_examples(role: str, example: str) -> None:
    assert _hits(role, fold(clean_text(example)))


# --- TCVN3 and decoding ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("<p>tØnh S¬n La ®· tiÕp nhËn hå s¬</p>", "<p>tỉnh Sơn La đã tiếp nhận hồ sơ</p>"),
    ("Hành chính công « tốt » 5×3", "Hành chính công « tốt » 5×3"),
    ("Café au lait, résumé, naïve", "Café au lait, résumé, naïve"),
], ids=["seed", "paragraph", "unicode-untouched", "latin-untouched"])
def test_tcvn3(raw: str, expected: str) -> None:
    assert legacy.convert_tcvn3(raw)[0] == expected


@pytest.mark.parametrize("body,ctype,legacy_font", [
    ("<meta charset='utf-8'><p>Hòa Bình</p>".encode(), "text/html", None),
    (unicodedata.normalize("NFD", "<p>Hòa Bình</p>").encode(), "text/html; charset=utf-8", None),
    (cp1258("<p>Hòa Bình</p>"), "text/html; charset=windows-1258", None),
    ("<p>Hoµ B×nh ®· tiÕp nhËn hå s¬</p>".encode("latin-1"), "text/html; charset=iso-8859-1", "tcvn3"),
], ids=["utf8-meta", "nfd", "cp1258", "tcvn3-latin1"])
def test_decode_page_gives_nfc(body: bytes, ctype: str, legacy_font: str | None) -> None:
    page = decode_page(body, "http://x", ctype)
    assert unicodedata.is_normalized("NFC", page.html) and page.legacy_font == legacy_font
    assert "Bình" in page.html
