"""Family A: SharePoint publishing portal. Articles /portal/Pages/YYYY-M-D/<Slug><rand>.aspx."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex as re

from scraper.families import Family

_URL_DATE = re.compile(r"/portal/pages/(\d{4})-(\d{1,2})-(\d{1,2})/", re.IGNORECASE)


class SharePointPortal(Family):
    name = "sharepoint_portal"
    # 1-2 digit month/day and both Pages/pages (PORTALS.md §1A trap)
    article_patterns = (r"/portal/pages/\d{4}-\d{1,2}-\d{1,2}/[^/]+\.aspx$",)
    item_selectors = (".news-item", ".list-news li", ".item-news", "#art-list li")

    def article_key(self, url: str) -> str:
        return urlsplit(url).path.lower()  # SharePoint paths are case-insensitive

    def url_date(self, url: str) -> str | None:
        match = _URL_DATE.search(url)
        if not match:
            return None
        y, m, d = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}"


FAMILY = SharePointPortal()
