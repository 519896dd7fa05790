"""Discovery per CMS family: which links on a listing are articles, how listings page, article keys.

Each family is a small module with a :class:`Family` subclass; :func:`family_for` returns the one a
portal names. The base class holds the shared logic (sidebar removal, item dates, pager links).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import regex as re
from bs4 import BeautifulSoup, Tag

from extractors.normalize import clean_text, fold
from scraper.registry import Portal
from scraper.urls import canonical, host_of, is_static, path_query

# Blocks whose heading names them as widgets, not the category list (PORTALS.md §2).
SIDEBAR_HEADINGS = ("tin mới", "tin đọc nhiều", "tin xem nhiều", "tin nổi bật", "tin khác", "các tin khác",
                    "tin liên quan", "tin cùng chuyên mục", "những tin mới hơn", "những tin cũ hơn",
                    "liên kết website", "thống kê truy cập", "video", "thông báo", "văn bản mới")
CHROME_SELECTORS = "header, nav, footer, aside, form select, .sidebar, #sidebar, .menu, .breadcrumb, .pathway-category"
PAGER_SELECTORS = (".pagination, .pager, .paging, .page-numbers, .taglib-page-iterator, .lfr-pagination-buttons, "
                   ".rgPager, .phantrang, .pages, nav[aria-label=pagination]")
NEXT_TEXTS = {"›", "»", ">", "sau", "tiếp", "trang sau", "next", "tiếp theo", ">>"}
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass
class ListingItem:
    url: str
    date: str | None = None  # ISO date printed beside the link


@dataclass
class Request:
    url: str  # frontier key (for POST: endpoint + the payload as a query)
    method: str = "GET"
    payload: dict[str, Any] | None = None
    page_no: int = 1
    kind: str = "listing"


@dataclass
class Listing:
    items: list[ListingItem] = field(default_factory=list)
    next: Request | None = None


def parse_date(text: str) -> str | None:
    match = _DATE.search(text or "")
    if match:
        d, m, y = (int(g) for g in match.groups())
        if 1 <= d <= 31 and 1 <= m <= 12:
            return f"{y:04d}-{m:02d}-{d:02d}"
    match = _ISO.search(text or "")
    if match:
        y, m, d = (int(g) for g in match.groups())
        if 1 <= d <= 31 and 1 <= m <= 12 and 1990 < y < 2100:
            return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _heading_text(block: Tag) -> str:
    """The text of a block's own heading (a direct child h2-h5 or *title* element), folded."""
    for child in block.find_all(True, recursive=False, limit=3):
        classes = " ".join(child.get("class") or []).lower()
        if child.name in ("h2", "h3", "h4", "h5") or "title" in classes or "heading" in classes:
            text = child.get_text(" ", strip=True)
            return fold(clean_text(text)) if len(text) <= 40 else ""
    return ""


def xhr_key(endpoint: str, payload: dict[str, Any]) -> str:
    parts = urlsplit(endpoint)
    query = parse_qsl(parts.query) + sorted((k, str(v)) for k, v in payload.items())
    return parts._replace(query=urlencode(query)).geturl()


class Family:
    name = "generic"
    #: regexes searched on "path?query" of same-host links
    article_patterns: tuple[str, ...] = (r"/node/\d+$", r"-\d{3,}(?:\.html?)?$", r"\.html?$",
                                         r"/bai-viet/", r"/tin-tuc/.+/.+", r"[?&](?:id|ItemID|newsid)=\d+")
    item_selectors: tuple[str, ...] = ()
    pager_selectors = PAGER_SELECTORS
    feeds_are_hints = True

    # --- articles -------------------------------------------------------------------------------
    def patterns(self, portal: Portal) -> tuple[str, ...]:
        override = portal.selectors.get("article")
        return (override,) if override else self.article_patterns

    def is_article(self, url: str, portal: Portal) -> bool:
        if host_of(url) != portal.host or is_static(url):
            return False
        pq = path_query(url)
        return any(re.search(p, pq, re.IGNORECASE) for p in self.patterns(portal))

    def article_key(self, url: str) -> str:
        return url

    # --- listings -------------------------------------------------------------------------------
    def _main(self, soup: BeautifulSoup) -> BeautifulSoup:
        for tag in soup.select(CHROME_SELECTORS):
            tag.decompose()
        for block in list(soup.find_all(["section", "div", "ul", "aside", "table"])):
            if getattr(block, "decomposed", False):
                continue
            heading = _heading_text(block)
            if heading and any(heading.startswith(h) for h in SIDEBAR_HEADINGS):
                block.decompose()
        return soup

    def listing(self, html: str, url: str, portal: Portal, page_no: int) -> Listing:
        soup = self._main(BeautifulSoup(html, "lxml"))
        selectors = [portal.selectors["item"]] if "item" in portal.selectors else list(self.item_selectors)
        blocks: list[Tag] = []
        for sel in selectors:
            blocks = soup.select(sel)
            if blocks:
                break
        items: list[ListingItem] = []
        seen: set[str] = set()
        link_sel = portal.selectors.get("link", "a[href]")
        date_sel = portal.selectors.get("date")
        for block in blocks or [soup]:
            for a in block.select(link_sel) if blocks else block.find_all("a", href=True):
                href = canonical(a.get("href", ""), url)
                if not href or href in seen or not self.is_article(href, portal):
                    continue
                seen.add(href)
                scope = block if blocks else (a.find_parent(["li", "article", "tr", "div"]) or a)
                date_node = scope.select_one(date_sel) if date_sel else None
                date = parse_date((date_node or scope).get_text(" ", strip=True)) or self.url_date(href)
                items.append(ListingItem(href, date))
        return Listing(items=items, next=self.next_page(soup, url, portal, page_no))

    def url_date(self, url: str) -> str | None:
        return None

    def next_page(self, soup: BeautifulSoup, url: str, portal: Portal, page_no: int) -> Request | None:
        pagers = soup.select(portal.selectors.get("pager", self.pager_selectors))
        want = str(page_no + 1)
        candidates = [a for p in pagers for a in p.find_all("a", href=True)] or soup.find_all("a", href=True)
        by_next = None
        for a in candidates:
            text = a.get_text(" ", strip=True).lower()
            href = canonical(a["href"], url)
            if not href or host_of(href) != host_of(url) or href == url:
                continue
            if text == want:
                return Request(href, page_no=page_no + 1)
            if by_next is None and pagers and (text in NEXT_TEXTS or "next" in (a.get("rel") or [])):
                by_next = Request(href, page_no=page_no + 1)
        if by_next:
            return by_next
        return self.xhr_first(soup, url, portal)

    # --- XHR / JSON listings ----------------------------------------------------------------------
    def endpoint(self, soup: BeautifulSoup | None, url: str, portal: Portal) -> str | None:
        if "xhr_endpoint" in portal.selectors:
            return urljoin(url, portal.selectors["xhr_endpoint"])
        if soup is not None:
            node = soup.select_one("[data-api], [data-url][data-page], ul.pagination[data-url]")
            if node is not None:
                return urljoin(url, node.get("data-api") or node.get("data-url"))
        return None

    def xhr_payload(self, listing_url: str, start: int, length: int) -> dict[str, Any]:
        return {"category": urlsplit(listing_url).path, "start": start, "length": length}

    def xhr_first(self, soup: BeautifulSoup, url: str, portal: Portal) -> Request | None:
        if not soup.select("li.page-item[data-page], [data-page]"):
            return None
        endpoint = self.endpoint(soup, url, portal)
        return self.xhr_request(endpoint, url, 0) if endpoint else None

    def xhr_request(self, endpoint: str, listing_url: str, start: int, length: int = 10) -> Request:
        payload = self.xhr_payload(listing_url, start, length)
        return Request(xhr_key(endpoint, payload), method="POST", payload=payload, kind="xhr",
                       page_no=start // max(length, 1) + 1)

    def parse_xhr(self, body: bytes, url: str, listing_url: str, portal: Portal) -> list[ListingItem]:
        data = json.loads(body.decode("utf-8"))
        rows = data
        if isinstance(data, dict):
            rows = next((v for k, v in data.items() if isinstance(v, list)), [])
        items = []
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict):
                continue
            lower = {k.lower(): v for k, v in row.items()}
            href = lower.get("url") or lower.get("link") or lower.get("href")
            if not href and lower.get("id") is not None:
                href = self.item_url(listing_url, lower["id"])
            href = canonical(str(href), listing_url) if href else None
            if href and self.is_article(href, portal):
                date = next((parse_date(str(lower[k])) for k in ("createddate", "publishdate", "date", "published")
                             if lower.get(k)), None)
                items.append(ListingItem(href, date))
        return items

    def item_url(self, listing_url: str, item_id: Any) -> str | None:
        return None


_MODULES = {"sharepoint_portal": "sharepoint_portal", "sharepoint_list": "sharepoint_list",
            "numeric_path": "numeric_path", "thaibinh": "thaibinh", "liferay": "liferay", "nukeviet": "nukeviet",
            "dnn": "dnn", "wordpress": "wordpress", "generic": "generic"}


def family_for(name: str) -> Family:
    module = importlib.import_module(f"scraper.families.{_MODULES[name]}")
    return module.FAMILY
