"""HTML of farm pages: article pages with the full page chrome of PORTALS.md §2/§7, listings per family."""

from __future__ import annotations

import html as htmllib
import json
from dataclasses import dataclass, field

DATE_VARIANTS = ("updated", "updated_time_first", "dash_time", "weekday", "parenthesised", "dashes", "url_only",
                 "jsonld_utc", "none")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


@dataclass
class Article:
    path: str  # canonical path (+query) on its host
    title: str
    paragraphs: list[str]
    author: str | None
    relevant: bool
    date: str  # ISO date
    date_variant: str = "dash_time"
    aliases: list[str] = field(default_factory=list)
    traps: tuple[str, ...] = ()
    charset: str = "utf-8"  # "utf-8" | "none" (no charset in header) | "windows-1258"
    expected_reason: str | None = None


def esc(text: str) -> str:
    return htmllib.escape(text, quote=True)


def date_html(article: Article) -> tuple[str, str]:
    """(visible date markup, extra <head> markup) for the article's date variant."""
    y, m, d = article.date.split("-")
    dmy = f"{d}/{m}/{y}"
    variant = article.date_variant
    if variant == "updated":
        return f'<div class="PostDate">Ngày cập nhật: {dmy}</div>', ""
    if variant == "updated_time_first":
        return f'<div class="detail-time">Cập nhật lúc 14:35 {dmy}</div>', ""
    if variant == "dash_time":
        return f'<div class="PostDate">{dmy} - 14:35</div><div>313</div>', ""
    if variant == "weekday":
        import datetime as dt
        wd = WEEKDAYS[dt.date(int(y), int(m), int(d)).weekday()]
        return f'<span class="h5">{wd}, {dmy} 14:35</span>', ""
    if variant == "parenthesised":
        return f'<span class="date">({dmy}, 14:35)</span>', ""
    if variant == "dashes":
        return f"<p>Ngày xuất bản: {d}-{m}-{y} / Lượt xem: 3885</p>", ""
    if variant == "jsonld_utc":
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
              "datePublished": f"{article.date}T07:35:00Z"}
        return "", f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    return "", ""  # url_only / none


def body_html(article: Article) -> str:
    paras = list(article.paragraphs)
    traps = set(article.traps)
    parts = []
    for i, p in enumerate(paras):
        text = esc(p)
        if "nbsp" in traps and i == 0:
            text = text.replace(" ", "&nbsp;", 12).replace("hành", "hà\u200bnh", 1).replace("chính", "\ufeffchính", 1)
            text = text.replace("thủ", "th\u00adủ", 1)
        if "entities" in traps and i == 1:
            text = text.replace("ế", "&#7871;").replace("à", "&agrave;")
        if "word" in traps:
            text = f'<span lang="VI" style="mso-bidi-font-size:13.0pt;mso-fareast-language:VI">{text}</span><o:p></o:p>'
            parts.append(f'<p class="MsoNormal" style="text-align:justify;mso-line-height-alt:1.5pt">{text}</p>')
            continue
        if "broken" in traps and i % 2 == 0:
            parts.append(f"<p>{text}")  # unclosed <p>
            continue
        parts.append(f"<p>{text}</p>")
    if "tcvn3" in traps:
        from tests.farm.content import TCVN3_PARAGRAPH
        parts.append(f'<p><font face=".VnTime">{TCVN3_PARAGRAPH}</font></p>')
    if "broken" in traps:
        parts.append('<div id="dup"><div id="dup"><script>var s = "</div>"; document.write("<p>Tin nhắn</p>");</script>')
    if "table" in traps:
        parts.append("<table><tr><td>Tổng số hồ sơ</td><td>1.234</td></tr><tr><td>Đúng hạn</td><td>1.200</td></tr></table>")
    return "\n".join(parts)


def chrome_top(site_name: str, listing_path: str, *, family: str) -> str:
    viewstate = '<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkXy0t' + "A" * 600 + '" />' \
        if family.startswith("sharepoint") or family == "dnn" else ""
    return (f'<form method="post" action="#" id="aspnetForm">{viewstate}' if viewstate else "") + f"""
<header class="banner"><div class="logo">{esc(site_name)}</div>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="{listing_path}">Cải cách hành chính</a></li>
<li><a href="/gioi-thieu">Giới thiệu</a></li></ul></nav></header>
<div class="breadcrumb pathway-category"><a href="/">Trang chủ</a> » <a href="{listing_path}">Cải cách hành chính</a></div>
"""


def sidebar(links: list[tuple[str, str]]) -> str:
    half = max(1, len(links) // 2)
    new = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for u, t in links[:half])
    most = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for u, t in links[half:])
    return f"""<aside class="sidebar">
<div class="box"><h3>Tin mới</h3><ul>{new}</ul></div>
<div class="box"><div class="title">Tin đọc nhiều</div><ul>{most}</ul></div>
<div class="box"><h3>Liên kết website</h3><select onchange="window.open(this.value)"><option>Liên kết website</option>
<option value="http://chinhphu.vn">Cổng TTĐT Chính phủ</option><option value="http://dichvucong.gov.vn">Cổng DVC quốc gia</option></select></div>
<section class="truy-cap"><h3>Thống kê truy cập</h3><ul><li>Đang truy cập: 3</li><li>Hôm nay: 90</li>
<li>Tháng hiện tại: 1852</li><li>Tổng: 7.806.460</li></ul></section>
</aside>"""


def footer(site_name: str, *, family: str) -> str:
    close = "</form>" if family.startswith("sharepoint") or family == "dnn" else ""
    return f"""<footer><p>{esc(site_name)}</p><p>Địa chỉ: Số 8, đường Chu Văn Thịnh, Điện thoại: 0212.3852.103</p>
<p>Chịu trách nhiệm chính: Chánh Văn phòng UBND. Ghi rõ nguồn "{esc(site_name)}" khi phát hành lại thông tin từ website này.</p>
</footer>{close}"""


def article_page(site_name: str, family: str, listing_path: str, article: Article,
                 related: list[tuple[str, str, str]], sidebar_links: list[tuple[str, str]]) -> str:
    visible_date, head_extra = date_html(article)
    title = esc(article.title)
    title_html = {"numeric_path": f'<div class="ArticleHeader">{title}</div>',
                  "nukeviet": f'<h1 class="title">{title}</h1>'}.get(family, f"<h1>{title}</h1>")
    if family == "sharepoint_list" and article.date_variant not in ("none", "url_only", "jsonld_utc"):
        y, m, d = article.date.split("-")
        visible_date = f"<div>{d}/{m}/{y}</div>"  # a bare date line under the title
    lead, rest = (article.paragraphs[0], article) if article.paragraphs else ("", article)
    author = ""
    if article.author:
        author = {"nukeviet": f'<p style="text-align:right">Tác giả bài viết: <strong>{esc(article.author)}</strong></p>'
                              f'<p style="text-align:right">Nguồn tin: <strong>VP UBND huyện</strong></p>'}.get(
            family, f'<p style="text-align:right"><strong>{esc(article.author)}</strong></p>')
    related_html = "".join(f'<li><a href="{u}">{esc(t)}</a> ({d})</li>' for u, t, d in related)
    meta_charset = "" if article.charset == "windows-1258" else '<meta charset="utf-8">'
    if article.charset == "windows-1258":
        meta_charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    generator = '<meta name="generator" content="NukeViet v4.5">' if family == "nukeviet" else ""
    body_cls = {"liferay": "journal-content-article", "nukeviet": "bodytext", "numeric_path": "ArticleContent"}.get(
        family, "article-content")
    body_id = {"nukeviet": "news-bodyhtml"}.get(family, "art-content")
    view = "Lượt xem: 1.234" if len(article.title) % 2 else "1234"
    _ = lead, rest
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{meta_charset}{generator}
<title>{title} - {esc(site_name)}</title>
<meta name="description" content="{esc(site_name)}">
<meta property="og:site_name" content="{esc(site_name)}">{head_extra}
<link rel="stylesheet" href="/o/corona-theme-guest/css/main.css">
</head><body>
{chrome_top(site_name, listing_path, family=family)}
<div class="tools">A- A A+ | Chia sẻ bài viết lên facebook | In bài viết | Tăng tương phản Giảm tương phản</div>
<div class="main" id="main-content">
{title_html}
{visible_date}
<div class="views">{view}</div>
<div id="{body_id}" class="{body_cls}">
{body_html(article)}
</div>
{author}
<div class="rating">Tổng số điểm của bài viết là: 12 trong 3 đánh giá. Click để đánh giá bài viết</div>
<form class="comment" action="/binh-luan" method="post"><h4>Ý kiến bạn đọc</h4>
Họ tên <input name="name"> Email <input name="email"> Tiêu đề <input name="subject">
Nội dung <textarea name="content"></textarea> Mã kiểm tra <img src="/captcha.jpg" alt="captcha"> <input name="captcha">
<button>Gửi</button></form>
<div class="other-news"><h3>Các tin khác</h3><ul>{related_html}</ul></div>
</div>
{sidebar(sidebar_links)}
{footer(site_name, family=family)}
</body></html>"""


def listing_items(family: str, items: list[tuple[str, str, str]]) -> str:
    """items: (href, title, dd/mm/yyyy)."""
    if family == "sharepoint_portal":
        rows = "".join(f'<li class="news-item"><a href="{u}">{esc(t)}</a> <span class="date">({d})</span></li>'
                       for u, t, d in items)
        return f'<div class="list-news"><ul>{rows}</ul></div>'
    if family == "sharepoint_list":
        rows = "".join(f'<tr><td><a href="{u}">{esc(t)}</a></td><td>{d}</td></tr>' for u, t, d in items)
        return f'<table class="ms-listviewtable">{rows}</table>'
    if family == "numeric_path":
        rows = "".join(f'<div class="ArticleInMenu"><div class="Title"><a href="{u}">{esc(t)}</a></div>'
                       f'<div class="PostDate">{d}</div></div>' for u, t, d in items)
        return f'<div class="ArticleList">{rows}</div>'
    if family == "thaibinh":
        rows = "".join(f'<article class="Article-News"><div class="left-new"><figure><a title="{esc(t)}" href="{u}">'
                       f'<img src="/img/{i}.jpg"></a></figure></div><h3><a href="{u}">{esc(t)}</a></h3>'
                       f'<span class="time">{d}</span></article>' for i, (u, t, d) in enumerate(items))
        return f'<div class="ModuleWrapper listNewsType1">{rows}</div>'
    if family == "liferay":
        rows = "".join(f'<div class="asset-abstract"><h3 class="asset-title"><a href="{u}">{esc(t)}</a></h3>'
                       f'<span class="metadata-publish-date">{d}</span></div>' for u, t, d in items)
        return f'<div class="portlet-asset-publisher" data-senna-track="temporary">{rows}</div>'
    if family == "nukeviet":
        rows = "".join(f'<div class="panel-body"><h3><a href="{u}">{esc(t)}</a></h3><span class="h5">{d}</span></div>'
                       for u, t, d in items)
        return f'<div class="news_column">{rows}</div>'
    if family == "dnn":
        rows = "".join(f'<div class="news-item"><a href="{u}">{esc(t)}</a> <span>{d}</span></div>' for u, t, d in items)
        return f'<div id="dnn_ctr507_ContentPane">{rows}</div>'
    if family == "wordpress":
        rows = "".join(f'<article class="post"><h2 class="entry-title"><a href="{u}">{esc(t)}</a></h2>'
                       f'<time>{d}</time></article>' for u, t, d in items)
        return f'<main class="site-main">{rows}</main>'
    rows = "".join(f'<li><a href="{u}">{esc(t)}</a> ({d}, 14:35)</li>' for u, t, d in items)
    return f'<ul class="news">{rows}</ul>'


def listing_page(site_name: str, family: str, listing_path: str, items: list[tuple[str, str, str]], pager: str,
                 sidebar_links: list[tuple[str, str]]) -> str:
    generator = '<meta name="generator" content="NukeViet v4.5">' if family == "nukeviet" else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">{generator}<title>Cải cách hành chính - {esc(site_name)}</title>
<meta name="description" content="{esc(site_name)}"></head><body>
{chrome_top(site_name, listing_path, family=family)}
<div class="main"><h2 class="cat-title">Cải cách hành chính</h2>
{listing_items(family, items)}
{pager}
</div>
{sidebar(sidebar_links)}
{footer(site_name, family=family)}
</body></html>"""
