"""Family E: Liferay asset publisher. Articles /-/asset_publisher/<id>/content/<slug>."""

from __future__ import annotations

from urllib.parse import urlsplit

from scraper.families import Family


class Liferay(Family):
    name = "liferay"
    article_patterns = (r"/-/asset_publisher/[^/]+/content/[^/?]+", r"/-/[^/?]+$")
    item_selectors = (".portlet-asset-publisher .asset-abstract", ".portlet-asset-publisher li",
                      ".asset-abstract")
    pager_selectors = ".taglib-page-iterator, .lfr-pagination-buttons, .pagination"

    def article_key(self, url: str) -> str:
        return urlsplit(url).path.lower()  # asset_publisher query params (redirect=...) vary per listing


FAMILY = Liferay()
