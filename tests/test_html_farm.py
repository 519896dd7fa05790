"""Article extraction on the fixture farm's pages: templates written by another hand (tests/farm)."""

import random
from collections import Counter

import pytest
import regex as re

from extractors.html import extract_article
from extractors.normalize import clean_text

farm = pytest.importorskip("tests.farm")
BASE = "http://127.0.0.1:1"
CHROME = ["Lượt xem", "Thống kê truy cập", "7.806.460", "Tổng số điểm", "Mã kiểm tra", "Các tin khác", "Tăng tương phản",
          "Liên kết website", "0212.3852", "Chịu trách nhiệm", "Tin đọc nhiều", "Trang chủ"]


def _pages():
    sites, _ = farm.build_sites(7)
    rng = random.Random(1)
    for site in sites:
        if site.down:
            continue
        farm.finish_site(site, BASE, rng)
        for art in site.articles:
            route = site.routes.get(art.path)
            if route is None or route.status != 200 or art.expected_reason not in (None, "not_relevant") \
                    or set(art.traps) & {"tcvn3", "table"}:  # converted by the crawler / not in the farm's truth
                continue
            html = route.body.decode("cp1258" if art.charset == "windows-1258" else "utf-8")
            yield pytest.param(html, art, id=f"{site.family}-{art.path[-40:]}")


PAGES = list(_pages())


def _f1(got: str, want: str) -> float:
    g, w = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    common = sum((g & w).values())
    return 0.0 if not common else 2 * common / (sum(g.values()) + sum(w.values()))


@pytest.mark.parametrize("html,art", PAGES)
def test_farm_article(html, art):
    article = extract_article(html, BASE + art.path)
    want = "\n\n".join(clean_text(p) for p in art.paragraphs)
    assert _f1(article.text, want) >= 0.97
    assert article.title == clean_text(art.title)
    assert article.published == (None if art.date_variant == "none" else art.date)
    assert [c for c in CHROME if c in article.text] == []
