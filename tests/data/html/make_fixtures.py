"""Build the article fixture pages: real bulletins wrapped in each portal family's markup.

Run from the repository root: ``.venv/bin/python tests/data/html/make_fixtures.py``. It writes
``<family>-<n>.html`` and ``<family>-<n>.expected.json`` (url, title, published, author, text)
next to itself. The pages carry the chrome and traps of PORTALS.md §2–§4 and §7; the expected text
is the lead and body only (no title, no author line, no chrome), paragraphs separated by a blank
line, table rows as ``a | b | c``. The generated files are committed; tests only read them.
"""

from __future__ import annotations

import html as htmllib
import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
SEEDS = ROOT / "tests" / "gold" / "seeds"
DEV = ROOT / "tests" / "gold" / "dev"

TABLE = [["Cấp", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Tỷ lệ"],
         ["Cấp huyện", "3.673", "3.673", "3.638", "99,05%"],
         ["Cấp xã", "9.577", "9.577", "9.577", "100%"],
         ["Tổng", "13.250", "13.250", "13.215", "99,74%"]]


def lines(path: Path, first: int, last: int) -> list[str]:
    """Non-blank stripped lines ``first..last`` (1-based, inclusive) of a bulletin."""
    raw = path.read_text(encoding="utf-8").split("\n")[first - 1:last]
    return [" ".join(x.split()) for x in raw if x.strip()]


def line(path: Path, n: int) -> str:
    return " ".join(path.read_text(encoding="utf-8").split("\n")[n - 1].split())


def esc(text: str) -> str:
    return htmllib.escape(text, quote=False)


def table_html(rows: list[list[str]], cls: str = "") -> str:
    body = "".join("<tr>" + "".join(f"<td><p>{esc(c)}</p></td>" for c in row) + "</tr>\n" for row in rows)
    return f'<table border="1" class="{cls}" style="width:100%"><tbody>\n{body}</tbody></table>'


def table_text(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in rows)


# ------------------------------------------------------------------------------- shared chrome

SIDEBAR = """<div class="sidebar col-md-3">
 <div class="widget tin-moi"><h3>Tin mới</h3><ul>
  <li><a href="/tin-tuc/a.html">Hội nghị giao ban quý III</a> (02/10/2023)</li>
  <li><a href="/tin-tuc/b.html">Tập huấn chuyển đổi số cấp xã</a> (28/09/2023)</li></ul></div>
 <div class="widget"><h3>Bình chọn</h3><p>Bạn đánh giá thế nào về dịch vụ công trực tuyến?</p>
  <input type="radio" name="p"> Tốt <input type="radio" name="p"> Chưa tốt <button>Kết quả</button></div>
 <section class="truy-cap"><h3>Thống kê truy cập</h3><ul><li>Đang truy cập: 3</li><li>Hôm nay: 90</li>
  <li>Tháng hiện tại: 1.852</li><li>Tổng: 7.806.460</li></ul></section>
 <div class="lien-ket"><h3>Liên kết website</h3><select onchange="go(this)"><option>-- Liên kết website --</option>
  <option>Cổng Dịch vụ công quốc gia</option><option>Sở Nội vụ</option></select></div>
</div>"""

FOOTER = """<div class="footer">Cơ quan chủ quản: Ủy ban nhân dân huyện. Địa chỉ: Số 1, đường Trần Hưng Đạo.
 Điện thoại: 0212.3852.123 - Fax: 0212.3852.456. Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện.
 Ghi rõ nguồn "Cổng thông tin điện tử" khi phát hành lại thông tin từ website này.</div>"""

COMMENT_FORM = """<div class="comment-box"><h4>Ý kiến bạn đọc</h4>
<form action="/binh-luan" method="post"><table>
 <tr><td>Họ tên</td><td><input name="ten"><img src="/no.png" alt="no image"></td></tr>
 <tr><td>Email</td><td><input name="email"></td></tr>
 <tr><td>Tiêu đề</td><td><input name="td"></td></tr>
 <tr><td>Nội dung</td><td><textarea name="nd"></textarea></td></tr>
 <tr><td>Mã kiểm tra</td><td><input name="cap"><img src="/captcha.ashx" alt="captcha"> 4821</td></tr>
</table><input type="submit" value="Gửi"></form></div>"""

RELATED = """<div class="other-news"><h3>Các tin khác</h3><ul>
 <li><a href="/tin/1">Kết quả giải quyết TTHC tháng 10/2023</a> (05/11/2023, 09:12)</li>
 <li><a href="/tin/2">Công bố chỉ số CCHC năm 2022: 87,6 điểm</a> (20/05/2023, 15:40)</li></ul></div>"""

MENU = """<div class="header"><div class="logo"><a href="/">CỔNG THÔNG TIN ĐIỆN TỬ</a></div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/cchc">Cải cách hành chính</a></li>
<li><a href="/van-ban">Văn bản</a></li></ul>
<div class="search"><input type="text" name="q" placeholder="Tìm kiếm"><button>Tìm</button></div></div>"""


def page(head: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">\n'
            f'<meta name="description" content="Cổng thông tin điện tử">\n{head}</head>\n<body>\n{body}\n</body></html>\n')


def paras(items: list[str], tag: str = "p") -> str:
    return "\n".join(f"<{tag}>{esc(x)}</{tag}>" for x in items)


# ------------------------------------------------------------------------------ the families

def numeric_path(title: str, lead: str, body: list[str], author: str, date_line: str, views: str) -> str:
    """Family C (Sơn La / Lào Cai): .ArticleHeader, .PostDate + bare view count, .ArticleSummary."""
    content = "\n".join(f"<p style=\"text-align: justify;\">{esc(x)}" for x in body)  # unclosed <p>
    return page(f"<title>{esc(title)}</title>", f"""{MENU}
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-chinh-tri">Tin chính trị</a></div>
<div class="container"><div class="col-md-9 ArticleDetail">
<div class="ArticleHeader">{esc(title)}</div>
<div class="PostDate">{esc(date_line)}</div><div class="ViewCount">{views}</div>
<div class="ArticleSummary"><strong>{esc(lead)}</strong></div>
<div class="ArticleContent">
{content}
<p style="text-align: right;"><strong>{esc(author)}</strong></p>
</div>
<div class="ArticleTools"><a href="#">In bài viết</a> | <a href="#">Gửi email</a></div>
{COMMENT_FORM}
{RELATED}
<ul class="pagination"><li class="page-item" data-page="1">1</li><li class="page-item" data-page="2">2</li></ul>
</div>{SIDEBAR}</div>{FOOTER}""")


def sharepoint(title: str, body: list[str], table: list[list[str]] | None) -> str:
    """Family A: one ASP.NET form around the page, layout tables, #art-content with a table inside,
    a Word paste (<o:p>, mso- styles, <span lang=VI>), the date only in the URL."""
    word = "\n".join(f"<p class=MsoNormal style='text-align:justify;mso-line-height-alt:13.5pt'><span lang=VI "
                     f"style='font-size:14.0pt;mso-bidi-font-family:\"Times New Roman\"'>{esc(x)}<o:p></o:p></span></p>"
                     for x in body)
    data = table_html(table, "MsoTableGrid") if table else ""
    viewstate = "/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBD2QWAmYPZBYC" * 40
    return page(f"<title>{esc(title)} - Cổng thông tin điện tử tỉnh</title>",
                f"""<form name="aspnetForm" method="post" action="./Bai-viet.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
<table width="100%" cellpadding="0" cellspacing="0"><tr><td colspan="2">{MENU}</td></tr>
<tr><td valign="top" width="75%">
<div class="BreadCrumb">Trang chủ » Tin tức » Cải cách hành chính</div>
<h1 class="art-title">{esc(title)}</h1>
<div id="art-content"><table width="100%"><tr><td>
{word}
{data}
</td></tr></table></div>
<div class="art-tools"><a href="javascript:window.print()">In trang</a> <a href="#">Gửi email</a></div>
{RELATED}
</td><td valign="top">{SIDEBAR}</td></tr>
<tr><td colspan="2">{FOOTER}</td></tr></table>
<script type="text/javascript">var x = '<div class="x">' + "</div>"; document.write('</div>');</script>
</form>""")


def thaibinh(title: str, body: list[str], author: str) -> str:
    """Family D: tools bar at the top of the article block, NFD (Unicode tổ hợp) title and body,
    rating and 'Copy link' after the body."""
    nfd = lambda s: unicodedata.normalize("NFD", s)
    return page(f"<title>{esc(nfd(title))}</title>", f"""{MENU}
<div class="ModuleWrapper"><div class="pathway-category"><a href="/">Trang chủ</a> / <a href="/tin-tuc">Tin tức</a></div>
<div class="article-detail">
<div class="tool-bar">A- A A+ | <a href="#">Chia sẻ bài viết lên facebook</a> <a href="#">Chia sẻ bài viết lên twitter</a> |
 <a href="#">Tăng tương phản</a> <a href="#">Giảm tương phản</a></div>
<h1 class="article-title">{esc(nfd(title))}</h1>
<div class="content">
{paras([nfd(x) for x in body])}
<p style="text-align:right"><b>{esc(nfd(author))}</b></p>
</div>
<div class="source-link">Nguồn:. <a href="#">Copy link</a></div>
<div class="rating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá<br>Click để đánh giá bài viết</div>
</div>
<div class="listNewsType1 Article-News">{RELATED}</div></div>
{SIDEBAR}{FOOTER}""")


def nukeviet(title: str, date_line: str, lead: str, body: list[str], table: list[list[str]] | None,
             author: str, source: str) -> str:
    """Family F (NukeViet 4): h1.title, span.h5 date, .hometext, #news-bodyhtml, right-aligned
    author/source, 'Đã xem … Lượt', rating, newer/older lists, comment panel with 'Mã chống spam'."""
    data = table_html(table) if table else ""
    return page(f'<meta name="generator" content="NukeViet v4.5"><meta name="robots" content="index, archive, follow, noodp">'
                f"<title>{esc(title)} - Cổng thông tin huyện</title>",
                f"""{MENU}
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">{esc(title)}</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{esc(date_line)}</span></div></div>
<div class="hometext m-bottom">{esc(lead)}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{paras(body)}
{data}
</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả bài viết: </strong>{esc(author)}</p>
<p class="h5 text-right"><strong>Nguồn tin: </strong>{esc(source)}</p></div>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="h5 clearfix">
<p>Đã xem: 2.361 Lượt</p><div class="rating">Tổng số điểm của bài viết là: 45 trong 10 đánh giá</div>
<div class="vote">Click để đánh giá bài viết</div></div></div></div>
<div class="news_column panel panel-default" id="idcomment"><form method="post">
<label>Họ và tên</label><input type="text" name="name"><label>Email</label><input type="email" name="email">
<textarea name="content"></textarea><label>Mã chống spam</label><img src="/captcha.php" alt="captcha"><input type="text" name="code">
</form></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
<p><strong>Những tin mới hơn</strong></p><ul class="related"><li><a href="#">Kết quả CCHC quý IV</a> (15/01/2024)</li></ul>
<p><strong>Những tin cũ hơn</strong></p><ul class="related"><li><a href="#">Kế hoạch kiểm soát TTHC năm 2023</a> (23/02/2023)</li></ul>
</div></div>
{SIDEBAR}{FOOTER}""")


def liferay(title: str, body: list[str]) -> str:
    """Family E: skip link 'Truy cập nội dung luôn', a page-header 'today' date, the publication
    date labelled 'Ngày đăng', entity-encoded letters, .journal-content-article."""
    def entities(s: str) -> str:
        return esc(s).replace("ế", "&#7871;").replace("à", "&agrave;").replace("ệ", "&#x1EC7;")
    return page(f'<link rel="stylesheet" href="/o/corona-theme-guest/css/main.css"><title>{esc(title)}</title>',
                f"""<a class="sr-only" href="#main-content">Truy cập nội dung luôn</a>
<div class="top-bar"><span class="today">Thứ 4, Ngày 20/01/2021 -</span></div>
{MENU}
<section id="portlet_56" class="portlet" data-senna-track="temporary">
<h3 class="header-title">{esc(title)}</h3>
<div class="ngay-dang">Ngày đăng: 31/12/2020  16:44</div>
<div class="font-tools">Mặc định Cỡ chữ</div>
<div class="journal-content-article">
{chr(10).join(f"<p>{entities(x)}</p>" for x in body)}
</div>
<div class="taglib-page-iterator"><a href="?p=2">Trang sau</a></div>
<div class="asset-links"><h4>Tin liên quan</h4><ul><li>Kon Tum công bố chỉ số CCHC (12/12/2020)</li></ul></div>
</section>{SIDEBAR}{FOOTER}""")


def dnn(title: str, date_line: str, body: list[str], author: str) -> str:
    """DNN: dnn_ctr ids, duplicate ids, a script holding '</div>', 'Ngày cập nhật' date."""
    return page(f"<title>{esc(title)}</title>", f"""<div id="dnn_ctr1_ContentPane">{MENU}</div>
<div id="main"><div id="dnn_ctr507_ModuleContent" class="DNNModuleContent ModNewsC">
<span id="dnn_ctr507_lblTitle" class="Head">{esc(title)}</span>
<div id="date">{esc(date_line)}</div>
<script>document.write("<div class='ad'>quảng cáo</div>"); var closing = "</div></div>";</script>
<div id="dnn_ctr507_HtmlModule_lblContent" class="Normal">
{paras(body)}
<p align="right"><em>{esc(author)}</em></p>
</div>
<div id="date" class="views">Số lượt xem: 1.234</div>
<div class="other-news"><b>Các tin khác</b><br><a href="#">Hội nghị sơ kết 6 tháng (12/07/2020)</a></div>
<div class="rgPager"><a class="rgPageNext" href="javascript:__doPostBack('x','')">&gt;</a></div>
</div></div>{SIDEBAR}{FOOTER}""")


def wordpress(title: str, body: list[str], author: str, iso_utc: str) -> str:
    """WordPress with JSON-LD datePublished in UTC and no article:published_time meta."""
    ld = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Báo Lâm Đồng"},
        {"@type": "NewsArticle", "headline": title, "datePublished": iso_utc, "dateModified": iso_utc,
         "author": {"@type": "Person", "name": author}}]}, ensure_ascii=False)
    return page(f'<script type="application/ld+json">{ld}</script><title>{esc(title)} | Báo Lâm Đồng</title>',
                f"""{MENU}
<main id="main" class="site-main"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="byline">{esc(author.upper())}</span></div></header>
<div class="entry-content">
{paras(body)}
<div class="sharedaddy sd-sharing-enabled"><h3>Chia sẻ:</h3><ul><li>Facebook</li><li>Zalo</li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Bài viết liên quan</h3><p>Lâm Đồng: CCHC quý IV (05/01/2024)</p></div>
</div>
<footer class="entry-footer"><span class="tags-links">CCHC, dịch vụ công</span></footer>
</article></main>{SIDEBAR}{FOOTER}""")


def splist(title: str, date_line: str, body: list[str]) -> str:
    """Family B (SharePoint list item View_Detail.aspx): bare date line under the title, plain
    layout tables with no class hooks, so the density fallback must find the body."""
    rows = "\n".join(f"<tr><td class='ms-vb'>{esc(x)}</td></tr>" for x in body)
    return page(f"<title>{esc(title)}</title>", f"""{MENU}
<table class="ms-main" width="100%"><tr><td width="200" valign="top">{SIDEBAR}</td><td valign="top">
<table width="100%" class="ms-formtable">
<tr><td class="ms-formlabel"><b>{esc(title)}</b></td></tr>
<tr><td class="ms-datetime">{esc(date_line)}</td></tr>
{rows}
</table></td></tr></table>{FOOTER}""")


def unknown(title: str, date_line: str, body: list[str], author: str, figure_note: str | None) -> str:
    """Unknown markup (no hook of any family): only the density score can find the body."""
    caption = f'<div class="anh"><img src="/a.jpg" alt="x"><i>{esc(figure_note)}</i></div>' if figure_note else ""
    return page(f"<title>{esc(title)}</title>", f"""{MENU}
<div id="khung"><div class="cot-trai">
<div class="duong-dan"><a href="/">Cổng thông tin điện tử huyện</a> › <a href="#">Xây dựng chính quyền</a></div>
<div class="tieu-de"><h2>{esc(title)}</h2></div>
<div class="thoi-gian">{esc(date_line)}</div>
<div class="noi-dung-tin">
{paras(body[:1])}
{caption}
{paras(body[1:])}
<div style="text-align:right"><b>{esc(author)}</b></div>
</div>
<div class="cac-tin"><h3>Các tin khác</h3><ul>
<li><a href="#">Huyện tổ chức Hội nghị triển khai nhiệm vụ năm 2017 (05/01/2017)</a></li>
<li><a href="#">Kết quả giải quyết hồ sơ quý I/2017 đạt 98,2% (12/04/2017)</a></li></ul></div>
</div>{SIDEBAR}</div>{FOOTER}""")


def traps(title: str, body: list[str], published_meta: str) -> str:
    """Generic portal with a machine date, and the text traps of PORTALS.md §4: U+200B and U+FEFF
    inside words, soft hyphens, &nbsp; between words, 'tổ hợp' mark order (ê + U+0323)."""
    def dirty(s: str) -> str:
        s = esc(s).replace(" hồ sơ", "&nbsp;h\u200bồ sơ").replace("hành chính", "hà\u00adnh chính")
        s = s.replace("công", "cô\ufeffng").replace("hiện", "hiê\u0323n")
        return s
    return page(f'<meta property="article:published_time" content="{published_meta}"><title>{esc(title)}</title>',
                f"""{MENU}
<div class="wrapper"><div class="main-col">
<h1>{esc(title)}</h1>
<div class="detail-content">
{chr(10).join(f"<p>{dirty(x)}</p>" for x in body)}
</div>
<div class="tin-lien-quan"><h3>Tin liên quan</h3>
<p><a href="#">Kết quả giải quyết TTHC tháng 7/2021</a> (05/08/2021, 14:35)</p></div>
</div>{SIDEBAR}</div>{FOOTER}""")


def nodate(title: str, body: list[str]) -> str:
    """Unknown markup, no date anywhere on the page (only dates in the related list)."""
    return page(f"<title>{esc(title)} - Trang thông tin điện tử xã</title>", f"""{MENU}
<div class="khung-giua"><h2 class="ten-bai">{esc(title)}</h2>
<div class="than-bai">{paras(body)}</div>
<div class="tinkhac"><b>Các tin đã đưa</b><ul><li>Hội nghị CCHC (12/04/2022)</li><li>Tập huấn (01/03/2022)</li></ul></div>
</div>{SIDEBAR}{FOOTER}""")


def logo_h1(title: str, body: list[str]) -> str:
    """Unknown markup whose only <h1> is the portal's logo; the title sits in a classed <div>, the
    date only as the event date opening the lead ("Ngày 04/8/2023, …")."""
    return page(f"<title>{esc(title)} | Cổng thông tin điện tử huyện Ngọc Lặc</title>", f"""<div id="top">
<h1 class="site-name">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN NGỌC LẶC</h1></div>
{MENU}
<div class="noi-dung"><div class="tieu-de-bai">{esc(title)}</div>
<div class="phan-than">{paras(body)}</div></div>
{SIDEBAR}{FOOTER}""")


# ------------------------------------------------------------------------------------- build

def build() -> list[tuple[str, str, dict]]:
    s0, s1, s2, s3, s4 = sorted(SEEDS.glob("*.txt"))
    out = []
    body0 = lines(s0, 2, 10)
    out.append(("numeric-1", numeric_path(line(s0, 1), body0[0], body0[1:], "Như Thuỷ", "05/12/2023 - 14:35", "313"),
                {"url": "https://sonla.gov.vn/tin-chinh-tri/tiep-tuc-day-manh-cai-cach-thu-tuc-hanh-chinh-630360",
                 "title": line(s0, 1), "published": "2023-12-05", "author": "Như Thuỷ",
                 "text": "\n\n".join(body0)}))
    body4 = lines(s4, 3, 87)
    out.append(("numeric-2", numeric_path(line(s4, 1), body4[0], body4[1:], "Văn phòng HĐND và UBND huyện",
                                          "Cập nhật lúc 14:35 05/09/2023", "Lượt xem: 173"),
                {"url": "https://thuanchau.sonla.gov.vn/1227/27461/54439/293909/cchc/ket-qua-danh-gia",
                 "title": line(s4, 1), "published": "2023-09-05", "author": "Văn phòng HĐND và UBND huyện",
                 "text": "\n\n".join(body4)}))
    body3 = lines(s3, 3, 12)
    out.append(("sharepoint-1", sharepoint(line(s3, 1), body3, None),
                {"url": "https://ngoclac.thanhhoa.gov.vn/portal/Pages/2023-8-4/Doan-cong-tac-So-Noi-vu-lam-viec-voi-UBND"
                        "-huyen-Ngoc-Lacgk4d2q.aspx",
                 "title": line(s3, 1), "published": "2023-08-04", "author": None, "text": "\n\n".join(body3)}))
    body0b = lines(s0, 2, 10)
    out.append(("sharepoint-2", sharepoint(line(s0, 1), body0b, TABLE),
                {"url": "https://namdinh.gov.vn/portal/pages/2023-12-05/Tiep-tuc-day-manh-cai-cach-thu-tuc-hanh-chinh-4686.aspx",
                 "title": line(s0, 1), "published": "2023-12-05", "author": None,
                 "text": "\n\n".join(body0b) + "\n\n" + table_text(TABLE)}))
    body2 = lines(s2, 7, 17)
    out.append(("thaibinh-1", thaibinh(line(s2, 3), body2, "Trần Quang"),
                {"url": "https://vuthu.thaibinh.gov.vn/tin-tuc/chinh-tri/tha-i-bi-nh-thuc-hien-hieu-qua-cai-cach-thu-tuc.html",
                 "title": line(s2, 3), "published": None, "author": "Trần Quang", "text": "\n\n".join(body2)}))
    body4b = lines(s4, 3, 20)
    out.append(("nukeviet-1", nukeviet(line(s4, 1), "Thứ ba, 05/09/2023 14:35", body4b[0], body4b[1:], TABLE,
                                       "Văn phòng HĐND và UBND huyện Thuận Châu", "thuanchau.sonla.gov.vn"),
                {"url": "https://pbgdpl.laichau.gov.vn/index.php/news/cchc/ket-qua-danh-gia-1234.html",
                 "title": line(s4, 1), "published": "2023-09-05", "author": "Văn phòng HĐND và UBND huyện Thuận Châu",
                 "text": "\n\n".join(body4b) + "\n\n" + table_text(TABLE)}))
    d016 = DEV / "016.txt"
    body16 = lines(d016, 6, 40)
    out.append(("liferay-1", liferay(line(d016, 3), body16),
                {"url": "https://kontum.gov.vn/web/guest/-/asset_publisher/FRkblAs8yr3H/content/kon-tum-dat-va-vuot-chi-tieu",
                 "title": line(d016, 3), "published": "2020-12-31", "author": None, "text": "\n\n".join(body16)}))
    body1 = lines(s1, 9, 15)
    out.append(("dnn-1", dnn(line(s1, 6), "Ngày cập nhật 10/06/2020", body1, "H. Hải"),
                {"url": "https://dichvucong.quangninh.gov.vn/Default.aspx?tabid=119&ItemID=5521",
                 "title": line(s1, 6), "published": "2020-06-10", "author": "H. Hải", "text": "\n\n".join(body1)}))
    d020 = DEV / "020.txt"
    body20 = lines(d020, 5, 40)
    out.append(("wordpress-1", wordpress(line(d020, 1), body20, "Nguyễn Nghĩa", "2024-03-31T17:19:00Z"),
                {"url": "https://baolamdong.vn/xa-hoi/202404/lam-dong-98-33-thu-tuc-hanh-chinh-giai-quyet-dung-han/",
                 "title": line(d020, 1), "published": "2024-04-01", "author": None, "text": "\n\n".join(body20)}))
    d005 = DEV / "005.txt"
    body5 = lines(d005, 5, 40)
    out.append(("splist-1", splist(line(d005, 1), "29/09/2021", body5),
                {"url": "https://vinhphuc.gov.vn/ct/cms/tintuc/Lists/CaiCachHanhChinh/View_Detail.aspx?ItemID=13820",
                 "title": line(d005, 1), "published": "2021-09-29", "author": None, "text": "\n\n".join(body5)}))
    d038 = DEV / "038.txt"
    body38 = [x for x in lines(d038, 9, 23) if not x.startswith("Nguoi dan")]
    out.append(("unknown-1", unknown(line(d038, 5), "(12:03 | 26/07/2017)", body38[:1] + body38[2:],
                                     "Minh Thiện - VPHU", body38[1]),
                {"url": "https://chauthanh.kiengiang.gov.vn/xay-dung-chinh-quyen/cchc-dung-hang-3-15",
                 "title": line(d038, 5), "published": "2017-07-26", "author": "Minh Thiện - VPHU",
                 "text": "\n\n".join(body38)}))
    d033 = DEV / "033.txt"
    body33 = lines(d033, 5, 14)
    out.append(("unknown-2", unknown(line(d033, 3), "10-6-2021, 10:53 GMT+7", body33, "VIẾT TRỌNG", None),
                {"url": "https://dalat-info.vn/98-7-ho-so-tra-dung-han", "title": line(d033, 3),
                 "published": "2021-06-10", "author": "VIẾT TRỌNG", "text": "\n\n".join(body33)}))
    d006 = DEV / "006.txt"
    body6 = lines(d006, 5, 40)
    out.append(("traps-1", traps(line(d006, 1), body6, "2021-08-30T09:15:00+07:00"),
                {"url": "https://vinhphuc.gov.vn/ct/cms/tintuc/Lists/CaiCachHanhChinh/View_Detail.aspx?ItemID=13790",
                 "title": line(d006, 1), "published": "2021-08-30", "author": None, "text": "\n\n".join(body6)}))
    d029 = DEV / "029.txt"
    body29, author29 = lines(d029, 1, 40)[:-1], lines(d029, 1, 40)[-1]
    title29 = "Gia Lai: tháng 01/2025 tiếp nhận 14.579 hồ sơ thủ tục hành chính"
    out.append(("unknown-3", nodate(title29, body29 + [author29]),
                {"url": "https://xa.gialai.gov.vn/tin-tuc/gia-lai-thang-01-2025", "title": title29, "published": None,
                 "author": author29, "text": "\n\n".join(body29)}))
    body5b = lines(d005, 5, 40)
    out.append(("nukeviet-2", nukeviet(line(d005, 1), "Ngày xuất bản: 29-09-2021 / Lượt xem: 3885", body5b[0], body5b[1:],
                                       None, "Trung tâm Phục vụ hành chính công", "vinhphuc.gov.vn"),
                {"url": "https://vinhphuc.gov.vn/index.php/news/cchc/ket-qua-giai-quyet-tthc-thang-9-6021.html",
                 "title": line(d005, 1), "published": "2021-09-29", "author": "Trung tâm Phục vụ hành chính công",
                 "text": "\n\n".join(body5b)}))
    numeric3 = numeric_path(line(s2, 3), body2[0], body2[1:], "Trần Quang", "(05/12/2020, 14:35)", "Lượt xem: 1.234")
    numeric3 = numeric3.replace('<div class="ArticleHeader">', '<h1 class="tieu-de">').replace(
        f'{esc(line(s2, 3))}</div>\n<div class="PostDate">', f'{esc(line(s2, 3))}</h1>\n<div class="PostDate">')
    out.append(("numeric-3", numeric3,
                {"url": "https://sonla.gov.vn/tin-chinh-tri/thai-binh-thuc-hien-hieu-qua-1105750", "title": line(s2, 3),
                 "published": "2020-12-05", "author": "Trần Quang", "text": "\n\n".join(body2)}))
    out.append(("unknown-4", logo_h1(line(s3, 1), body3),
                {"url": "https://ngoclac.thanhhoa.gov.vn/tin-tuc/doan-cong-tac-so-noi-vu-lam-viec", "title": line(s3, 1),
                 "published": "2023-08-04", "author": None, "text": "\n\n".join(body3)}))
    return out


def main() -> None:
    for name, html, expected in build():
        (HERE / f"{name}.html").write_text(html, encoding="utf-8")
        (HERE / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
        print(name, len(html))


if __name__ == "__main__":
    main()
