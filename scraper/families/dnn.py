"""Family G: DotNetNuke. Articles ?tabid=…&ArticleID=… or /tabid/<n>/ArticleID/<n>/…; Telerik pager is a postback."""

from scraper.families import Family


class Dnn(Family):
    name = "dnn"
    article_patterns = (r"[?&](?:ArticleID|newsid|itemid)=\d+", r"/ArticleID/\d+/", r"/tabid/\d+/.+\.aspx$")
    item_selectors = ("[id^=dnn_ctr] .news-item", "[id^=dnn_ctr] li", ".DnnModule .item")
    pager_selectors = ".rgPager, .pager, .PagingTable"


FAMILY = Dnn()
