"""Family C: numeric-path portals (Sơn La, Lào Cai).

One article under two URLs: /<cat>/<slug>-<id> and /<n>/<n>/<n>/<n>/<cat>/<slug>; the key is
"<cat>/<slug>" without the trailing id. Pagination is AJAX (li.page-item[data-page]): the JSON
endpoint is replayed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import regex as re

from scraper.families import Family

_ALIAS = re.compile(r"^/(?:\d+/){4}([^/]+)/([^/]+?)/?$")
_SLUG = re.compile(r"^/([^/]+)/([^/]+?)-(\d{4,})/?$")


class NumericPath(Family):
    name = "numeric_path"
    article_patterns = (r"^/(?:\d+/){4}[^/]+/[^/]+/?$", r"^/[a-z0-9-]+/[a-z0-9-]+-\d{4,}/?$",
                        r"^/vi-VN/(?:\d+/)+tintuc/[^/]+\.aspx$")
    item_selectors = (".ArticleList .ArticleInMenu", ".ArticleList li", ".ArticleInMenu", ".ArticleList")

    def article_key(self, url: str) -> str:
        path = urlsplit(url).path
        for pattern in (_ALIAS, _SLUG):
            match = pattern.match(path)
            if match:
                return f"{match.group(1)}/{match.group(2)}".lower()
        return url


FAMILY = NumericPath()
