"""Family G: WordPress. Articles /<yyyy>/<mm>/<slug>/ or /<slug>/; pager /page/N/."""

from scraper.families import Family


class WordPress(Family):
    name = "wordpress"
    article_patterns = (r"^/\d{4}/\d{2}/(?:\d{2}/)?[^/]+/?$", r"[?&]p=\d+", r"^/(?!category/|tag/|page/|author/|feed/|wp-)[^/]+/$")
    item_selectors = ("article.post", "article", ".post")
    pager_selectors = ".nav-links, .pagination, .page-numbers, .wp-pagenavi"


FAMILY = WordPress()
