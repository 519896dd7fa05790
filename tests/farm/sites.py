"""The farm's sites: one generated portal per CMS family, a commune sub-site, and fault hosts.

Each :class:`Site` is a table of routes (path?query -> Route) plus its ground truth: the article
URLs a crawler must find, which are relevant, and the outcome each fault must end in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.farm import content
from tests.farm.pages import DATE_VARIANTS, Article, article_page, esc, listing_page

PAGE_SIZE = 5


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # "length": declare the whole body's Content-Length, send half, close; "chunked": send half as
    # chunks, close without the last chunk (a dropped connection mid-body)
    truncate: str = ""
    # dynamic routes: (count of requests so far, method, JSON payload) -> (status, headers, body)
    handler: Callable[[int, str, Any], tuple[int, dict[str, str], bytes]] | None = None


@dataclass
class Site:
    key: str  # farm-local id; also the portal id in the farm registry
    name: str
    family: str
    listings: list[str]
    unit: dict[str, str]
    scheme: str = "http"
    routes: dict[str, Route] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)  # ground truth: what must be found
    hidden: list[str] = field(default_factory=list)  # sidebar-only links that must not be crawled
    disallowed: list[str] = field(default_factory=list)  # robots Disallow prefixes
    selectors: dict[str, str] = field(default_factory=dict)
    latency: float = 0.0
    down: bool = False  # nothing listens: behaves like a dead host

    def html(self, path: str, text: str, *, charset: str = "utf-8", status: int = 200, delay: float = 0.0) -> None:
        if charset == "windows-1258":
            body, ctype = content.cp1258(text), "text/html; charset=windows-1258"
        elif charset == "none":
            body, ctype = text.encode("utf-8"), "text/html"
        else:
            body, ctype = text.encode("utf-8"), "text/html; charset=utf-8"
        self.routes[path] = Route(body=body, status=status, headers={"Content-Type": ctype}, delay=delay)


def _slug(text: str) -> str:
    import unicodedata
    base = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    base = "".join(c for c in base if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in base).split())[:60]


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


# --- per-family URL schemes ---------------------------------------------------------------------
def article_path(family: str, i: int, title: str, date: str, cat: str) -> tuple[str, list[str]]:
    """(canonical path, alias paths) of article number ``i``."""
    slug = _slug(title)[:40] + f"-{i}"
    y, m, d = (int(x) for x in date.split("-"))
    if family == "sharepoint_portal":
        if i % 3 == 2:  # the lower-case, padded, numeric-id variant
            return f"/portal/pages/{y}-{m:02d}-{d:02d}/{slug[:40]}-{468600 + i}.aspx", []
        return f"/portal/Pages/{y}-{m}-{d}/{slug.title().replace('-', '-')}{'abc12d'[i % 6:] + 'xk9'[:i % 3]}.aspx", []
    if family == "sharepoint_list":
        return f"/Lists/TinTuc/View_Detail.aspx?ItemID={60 + i}", []
    if family == "numeric_path":
        return f"/{cat}/{slug}-{123400 + i}", [f"/4/469/61708/{123400 + i}/{cat}/{slug}"]
    if family == "thaibinh":
        return f"/tin-tuc/{cat}/{slug}.html", []
    if family == "liferay":
        return f"/web/guest/{cat}/-/asset_publisher/AbC123xYz/content/{slug}", []
    if family == "nukeviet":
        return f"/index.php/news/{cat}/{slug}-{300 + i}.html", []
    if family == "dnn":
        return f"/Default.aspx?tabid=120&ArticleID={500 + i}", []
    if family == "wordpress":
        return f"/{y}/{m:02d}/{slug}/", []
    return f"/bai-viet/{slug}-{7000 + i}.html", []


TRAPS = (("nbsp",), ("entities",), ("word",), ("broken",), ("nfd",), ("to_hop",), ("tcvn3",), ("table",), (), ())


def make_articles(site: Site, rng: random.Random, n_cchc: int, n_other: int, texts: list[content.Text],
                  cat: str, start: dt.date, offset: int) -> None:
    pool = list(texts) + [content.cchc_text(rng, offset + k) for k in range(n_cchc - len(texts))]
    others = [content.off_topic_text(rng, offset + k) for k in range(n_other)]
    mixed = pool[:]
    for k, o in enumerate(others):
        mixed.insert(min(len(mixed), 3 + 4 * k), o)
    plain = 0
    for i, text in enumerate(mixed):
        date = (start - dt.timedelta(days=9 * i)).isoformat()
        path, aliases = article_path(site.family, offset + i, text.title, date, cat)
        traps = TRAPS[(offset + i) % len(TRAPS)]
        title, paragraphs = text.title, text.paragraphs
        if "nfd" in traps:
            title, paragraphs = content.nfd(title), [content.nfd(p) for p in paragraphs]
        if "to_hop" in traps:
            title, paragraphs = content.to_hop(title), [content.to_hop(p) for p in paragraphs]
        # legacy charsets on plain pages only, so each page tests one trap
        charset = "utf-8"
        if not traps:
            plain += 1
            charset = {1: "none", 2: "windows-1258"}.get(plain % 3, "utf-8")
        if site.family == "sharepoint_portal":
            variant = "url_only" if i % 4 == 0 else DATE_VARIANTS[(offset + i) % len(DATE_VARIANTS)]
        else:
            variant = DATE_VARIANTS[(offset + i) % len(DATE_VARIANTS)]
            if variant == "url_only":
                variant = "none"
        site.articles.append(Article(path, title, paragraphs, text.author, text.relevant, date, variant, aliases,
                                     traps, charset, None if text.relevant else "not_relevant"))


def render_articles(site: Site, listing_path: str, sidebar_links: list[tuple[str, str]]) -> None:
    for k, art in enumerate(site.articles):
        related = [(o.path, o.title, _dmy(o.date)) for o in site.articles[k + 1:k + 4]]
        page = article_page(site.name, site.family, listing_path, art, related, sidebar_links)
        for path in [art.path, *art.aliases]:
            site.html(path, page, charset=art.charset)


def _hrefs(site: Site, base: str, arts: list[Article], page_index: int) -> list[tuple[str, str, str]]:
    out = []
    for j, a in enumerate(arts):
        href = a.path
        if site.family == "numeric_path" and j % 2 == 1:
            href = a.aliases[0]  # some listing links use the numeric alias
        if j == 0 and page_index == 0:
            href = base + href + "#binh-luan"  # absolute, with a fragment
        elif j == 1 and page_index == 0:
            href += ("&" if "?" in href else "?") + "fbclid=IwAR0xyz"
        out.append((href, a.title, _dmy(a.date)))
    return out


def build_listing(site: Site, base: str, sidebar_links: list[tuple[str, str]]) -> None:
    """Listing pages with the family's pagination, including its tail behaviour."""
    listing = site.listings[0]
    fam = site.family
    listed = [a for a in site.articles if not a.path.startswith("/sitemap-only")]
    pages = [listed[i:i + PAGE_SIZE] for i in range(0, len(listed), PAGE_SIZE)]

    def page_url(n: int) -> str:
        return {"sharepoint_portal": f"{listing}?Page={n}", "thaibinh": f"{listing}/trang-{n}",
                "liferay": f"{listing}?_101_INSTANCE_AbC123xYz_cur={n}", "nukeviet": f"{listing}page-{n}",
                "wordpress": f"{listing}page/{n}/", "generic": f"{listing}?page={n}"}.get(fam, f"{listing}?page={n}")

    def pager(n: int) -> str:
        last = len(pages)
        if fam in ("numeric_path",):
            lis = "".join(f'<li class="page-item" data-page="{k}"><a class="page-link" href="javascript:void(0)">{k}</a></li>'
                          for k in range(1, last + 1))
            return f'<ul class="pagination" data-api="/api/ArticleList">{lis}</ul>'
        if fam == "sharepoint_list":
            return ("<div class=\"ms-paging\"><a href=\"javascript:__doPostBack('ctl00$m$g_1','dvt_firstrow={6}')\">"
                    "Trang sau</a></div>")
        if fam == "dnn":
            return '<div class="rgPager"><a class="rgPageNext" href="javascript:__doPostBack(\'dnn$ctr507\',\'\')">›</a></div>'
        shown = list(range(1, last + 1))
        if fam in ("sharepoint_portal", "thaibinh") and n == last:
            shown.append(last + 1)  # a tail page: repeats page 1 (A) or is empty (D)
        links = "".join(f'<a href="{page_url(k) if k > 1 else listing}">{k}</a> ' for k in shown if k != n)
        cls = {"liferay": "taglib-page-iterator", "wordpress": "nav-links"}.get(fam, "pagination")
        return f'<div class="{cls}">{links}</div>'

    per_page = 2 if fam in ("numeric_path", "sharepoint_list") else PAGE_SIZE
    if fam in ("numeric_path", "sharepoint_list"):
        first = listed[:per_page]
        site.html(listing, listing_page(site.name, fam, listing, _hrefs(site, base, first, 0), pager(1), sidebar_links))
        rows = [(a, j) for j, a in enumerate(listed)]
        dup = listed[0]  # served again by the JSON endpoint under its alias: stored once

        def api(count: int, method: str, payload: Any) -> tuple[int, dict[str, str], bytes]:
            payload = payload or {}
            start, length = int(payload.get("start", 0)), int(payload.get("length", 10))
            chunk = rows[start:start + length]
            data = []
            for a, j in chunk:
                if fam == "numeric_path":
                    data.append({"Title": a.title, "Url": a.aliases[0] if j % 2 else a.path, "PublishDate": a.date})
                else:
                    data.append({"ID": int(a.path.rsplit("=", 1)[1]), "Title": a.title,
                                 "CreatedDate": f"{a.date}T09:00:00"})
            if fam == "numeric_path" and chunk and start == per_page:
                data.append({"Title": dup.title, "Url": dup.aliases[0], "PublishDate": dup.date})
            body = json.dumps({"recordsTotal": len(rows), "data": data}, ensure_ascii=False).encode()
            return 200, {"Content-Type": "application/json; charset=utf-8"}, body

        endpoint = "/api/ArticleList" if fam == "numeric_path" else "/APIVP/api/DSTinTuc/QUERYDATA"
        site.routes[endpoint] = Route(handler=api)
        return
    for n, arts in enumerate(pages, 1):
        site.html(listing if n == 1 else page_url(n),
                  listing_page(site.name, fam, listing, _hrefs(site, base, arts, n - 1), pager(n), sidebar_links))
    tail = page_url(len(pages) + 1)
    if fam == "sharepoint_portal":
        site.html(tail, listing_page(site.name, fam, listing, _hrefs(site, base, pages[0], 0), pager(1), sidebar_links))
    elif fam == "thaibinh":
        site.html(tail, listing_page(site.name, fam, listing, [], "", sidebar_links))


def robots(site: Site, base: str, *, extra: str = "") -> None:
    lines = ["User-agent: *"] + [f"Disallow: {p}" for p in site.disallowed] + (["Disallow:"] if not site.disallowed else [])
    site.routes["/robots.txt"] = Route(body=("\n".join(lines) + f"\n{extra}").encode(),
                                       headers={"Content-Type": "text/plain"})


def sitemap(site: Site, base: str, paths: list[str]) -> None:
    urls = "".join(f"<url><loc>{base}{esc(p)}</loc><lastmod>2024-01-01T00:00:00+07:00</lastmod></url>" for p in paths)
    site.routes["/sitemap.xml"] = Route(
        body=f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
        headers={"Content-Type": "application/xml"})


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
