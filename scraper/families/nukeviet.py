"""Family F: NukeViet. Articles /index.php/<module>/<cat>/<slug>-<id>.html; pager /page-N."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex as re

from scraper.families import Family

_ID = re.compile(r"-(\d+)\.html$")


class NukeViet(Family):
    name = "nukeviet"
    article_patterns = (r"/(?:index\.php/)?[^/]+/[^/]+/[^/]+-\d+\.html$",)
    item_selectors = (".news_column .panel-body", "#news-list .item", ".news_column article", ".news_column")

    def article_key(self, url: str) -> str:
        match = _ID.search(urlsplit(url).path)
        return f"nv:{match.group(1)}" if match else url


FAMILY = NukeViet()
