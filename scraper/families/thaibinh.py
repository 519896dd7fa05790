"""Family D: the Thái Bình product. Listing items article.Article-News; articles /tin-tuc/<cat>/<slug>.html."""

from scraper.families import Family


class ThaiBinh(Family):
    name = "thaibinh"
    article_patterns = (r"^/tin-tuc/[^/]+/[^/]+\.html$", r"^/[^/]+\.html$")
    item_selectors = ("article.Article-News", ".listNewsType1 .Article-News", ".ModuleWrapper article")


FAMILY = ThaiBinh()
