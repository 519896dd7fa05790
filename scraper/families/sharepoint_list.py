"""Family B: classic SharePoint lists. Articles …/Lists/<List>/View_Detail.aspx?ItemID=<n>.

Pagination is a postback; the list's JSON endpoint (selectors.xhr_endpoint) is replayed instead.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from scraper.families import Family


class SharePointList(Family):
    name = "sharepoint_list"
    article_patterns = (r"/Lists/[^/]+/View_Detail\.aspx\?(?:.*&)?ItemID=\d+", r"/Pages/chi-tiet[^/]*\.aspx\?.*ItemID=\d+")
    item_selectors = (".ms-listviewtable tr", ".news-list li", ".item")

    def article_key(self, url: str) -> str:
        parts = urlsplit(url)
        item = parse_qs(parts.query).get("ItemID", [""])[0]
        return f"{parts.path.lower()}?ItemID={item}"

    def xhr_first(self, soup: Any, url: str, portal: Any) -> Any:
        endpoint = self.endpoint(soup, url, portal)
        # Postback pagers have no page URL: the JSON endpoint is the only way past page 1.
        if endpoint and (soup.select("[data-page], .ms-paging, a[href^='javascript:__doPostBack']")):
            return self.xhr_request(endpoint, url, 0)
        return None

    def xhr_payload(self, listing_url: str, start: int, length: int) -> dict[str, Any]:
        return {"UrlList": urlsplit(listing_url).path.rsplit("/", 1)[0], "start": start, "length": length,
                "fieldOrder": "CreatedDate"}

    def item_url(self, listing_url: str, item_id: Any) -> str:
        return urljoin(listing_url, f"View_Detail.aspx?ItemID={item_id}")


FAMILY = SharePointList()
