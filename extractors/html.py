"""HTML article page -> :class:`Article` (title, lead + body text, published date, author).

The flow, top to bottom:

1. parse with lxml (fast, forgiving); absurd nesting is flattened first so that libxml2's depth
   limit cannot swallow the page;
2. collect ``<meta>`` and JSON-LD values (for the date), find the title;
3. pick the body container: a selector override, else the hooks of the CMS families in
   PORTALS.md §1, else a text-density score over the whole page;
4. clean inside the container by DOM position: scripts, comment forms (what is under ``<form>``
   or around ``<input>``, never by label text), selects, share / rating / related / tools blocks;
5. serialise block by block (paragraphs separated by a blank line, table rows as ``a | b | c``);
6. drop chrome lines that survive (``patterns/chrome.yaml``), the date line and its bare view
   count, and move the author line out of the body into metadata.

Steps 5 and 6 live in :mod:`extractors.html_text`.

Everything that is dropped from inside the article is listed in ``Article.dropped`` with a reason.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex as re
from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from extractors import dates
from extractors.html_text import (
    SKIP_TAGS,
    all_text,
    chrome_reason,
    clean,
    credit_after,
    filter_lines,
    short_text,
    split_author,
    squeezed,
    to_text,
)

__all__ = ["Article", "ArticleParseError", "SelectorOverrideError", "chrome_reason", "extract_article",
           "parse_html", "to_text"]

# Body hooks of the portal families (PORTALS.md §1), most specific first. Each: (family, title
# selectors, date selectors, lead selectors, body selectors).
FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("numeric-path", (".ArticleHeader",), (".PostDate",), (".ArticleSummary",), (".ArticleContent",)),
    ("nukeviet", ("h1.title", ".news-detail h1"), ("span.h5", ".news-detail .time"), (".hometext",),
     ("#news-bodyhtml", ".bodytext")),
    ("sharepoint", (".art-title", ".title-detail"), (".art-date", ".date-detail", ".NewsDate"),
     (".art-sapo", ".sapo"), ("#art-content", ".article-content")),
    ("liferay", (".header-title", ".asset-title", "h3.title"), (".date-publish", ".asset-date", ".publish-date"),
     (".asset-summary",), (".journal-content-article",)),
    ("thaibinh", (".article-title",), (".article-date", ".time-post"), (".article-sapo", ".sapo"),
     (".article-detail .content", ".ModuleWrapper .article-body")),
    ("wordpress", ("h1.entry-title", ".entry-title"), ("time.entry-date", ".posted-on time", ".entry-date"), (),
     (".entry-content", ".post-content")),
    ("dnn", (".Head", ".dnnTitle"), (".SubHead", ".NewsDate"), (),
     ("div[id$='_HtmlModule_lblContent']", "div[id^='dnn_ctr'][id$='_ContentPane']", ".DNNModuleContent")),
    ("generic", (), (".detail-time", "time[datetime]", ".post-date", ".news-date", ".date"),
     (".sapo", ".summary", ".lead", ".description-detail"),
     ("[itemprop='articleBody']", ".detail-content", ".news-content", ".content-detail", ".article-body",
      ".news-detail", ".chitiet", ".noidung", "article")),
)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PAGE_PARTS = {"footer", "nav", "aside", "header"}
_CONTROL_TAGS = {"input", "textarea", "select", "button"}
# A class or id token naming page chrome. Matched per token, so "Article-News" is not "news".
_CHROME_TOKEN = re.compile(
    r"^(?:.*[-_])?(?:share|sharing|social|addthis|print|rating|rate|vote|votes|comments?|binhluan|related|"
    r"relate|other-?news|othernews|tinkhac|tin-?khac|tinlienquan|lienquan|lien-?quan|tools?|toolbar|"
    r"fontsize|font-?size|breadcrumbs?|pathway|pathway-category|pager|paging|pagination|tags?|keywords?|sidebar|"
    r"widget|banner|adv|advert|ads|quangcao|quang-?cao|counter|thongke|thong-?ke|truycap|truy-?cap|statistic|"
    r"poll|binhchon|binh-?chon|footer|menu|navbar|nav|weblinks?|lienket|lien-?ket|copyright|login|search|"
    r"newer|older|next-?prev|author-?box)(?:[-_].*)?$|^hidden$", re.IGNORECASE)
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_DEEP_OPEN = re.compile(r"(?:<(div|span|font|table|tr|td|b|i|center|section|p|ul|li)\b[^<>]{0,200}>\s*){64,}",
                        re.IGNORECASE)
_DEEP_CLOSE = re.compile(r"(?:</(?:div|span|font|table|tr|td|b|i|center|section|p|ul|li)\s*>\s*){64,}", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{3,80}$")


class ArticleParseError(ValueError):
    """The page cannot be parsed as HTML at all (lxml gave no document)."""

    def __init__(self, url: str | None, message: str) -> None:
        super().__init__(f"{url or '<html>'}: {message}")
        self.url = url


class SelectorOverrideError(ValueError):
    """A CSS selector (a per-portal override) does not parse."""

    def __init__(self, selector: str) -> None:
        super().__init__(f"invalid CSS selector {selector!r}")
        self.selector = selector


@dataclass
class Article:
    title: str | None
    text: str  # lead + body, clean text, paragraphs separated by a blank line; no title, no author
    published: str | None = None
    published_from: str | None = None  # meta:<name> | jsonld:datePublished | element | label | byline | url …
    author: str | None = None
    lead: str | None = None
    source: str | None = None  # "Nguồn tin: …" credit line, kept as metadata
    family: str | None = None  # which hooks found the body (or "density")
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (reason, first 80 chars) of each drop


# ---------------------------------------------------------------------------------------- parsing

def parse_html(html: str, url: str | None = None) -> etree._Element:
    """lxml document of ``html``; pathological nesting is flattened so no text is lost."""
    if len(html) > 4096 and (html.count("<") > 2000):
        html = _DEEP_OPEN.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], html)
        html = _DEEP_CLOSE.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], html)
    if html.startswith("<?xml"):
        html = html[html.find("?>") + 2:]
    # plain etree elements: lxml.html's element-class lookup costs more than the whole walk
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    root = etree.fromstring(html, parser=parser) if html.strip() else None
    if root is None or root.find("body") is None:
        root = etree.fromstring(f"<html><body>{html}</body></html>", parser=parser) if html.strip() else None
    if root is None:
        raise ArticleParseError(url, "empty page: no HTML document")
    return root


@functools.lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError:
        return None


_HOOK = re.compile(r"[.#]([\w-]+)")  # classes and ids a selector demands (no :not() in our hooks)


@functools.lru_cache(maxsize=512)
def _hooks(selector: str) -> frozenset[str]:
    return frozenset(_HOOK.findall(selector.split(",")[0]))


_ATTRS = etree.XPath("//@class|//@id", smart_strings=False)


def _tokens(root: etree._Element) -> set[str]:
    """Every class token and id on the page: selectors whose hooks are absent are not run."""
    return set(" ".join(_ATTRS(root)).split())


def _select(root: etree._Element, selector: str, tokens: set[str] | None = None) -> list[etree._Element]:
    compiled = _compiled(selector)
    if compiled is None:
        raise SelectorOverrideError(selector)
    if tokens is not None and "," not in selector and not _hooks(selector) <= tokens:
        return []
    return compiled(root)


def _first(root: etree._Element, selectors: Iterable[str], min_text: int = 1,
           tokens: set[str] | None = None) -> tuple[etree._Element | None, str]:
    for selector in selectors:
        for el in _select(root, selector, tokens):
            if len(all_text(el).strip()) >= min_text:
                return el, selector
    return None, ""


_META_NODES = etree.XPath("//meta|//time[@datetime]|//script[@type]")


def collect_meta(root: etree._Element) -> dict[str, str]:
    """``<meta>`` name/property/itemprop -> content (lower-cased keys) plus JSON-LD dates."""
    meta: dict[str, str] = {}
    scripts = []
    for el in _META_NODES(root):  # one pass over the tree instead of three
        if el.tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
            content = el.get("content")
            if key and content and key not in meta:
                meta[key] = content.strip()
        elif el.tag == "time":
            if (el.get("itemprop") or "").lower() == "datepublished" and el.get("datetime"):
                meta.setdefault("datepublished", el.get("datetime", ""))
        elif (el.get("type") or "").lower() == "application/ld+json" and el.text:
            scripts.append(el)
    for el in scripts:
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = [data]
        while stack:  # JSON-LD nests (@graph, mainEntity): walk it without recursion
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                for name in ("datePublished", "dateModified"):
                    if isinstance(item.get(name), str):
                        meta.setdefault(f"jsonld:{name}".lower(), item[name])
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return meta


# ----------------------------------------------------------------------------- container choice

@functools.lru_cache(maxsize=4096)
def _chrome_attr(value: str) -> bool:
    return any(len(token) < 40 and _CHROME_TOKEN.match(token) for token in value.split())


def _is_chrome_element(el: etree._Element) -> bool:
    cls, ident = el.get("class"), el.get("id")
    return bool((cls and _chrome_attr(cls)) or (ident and _chrome_attr(ident)))


def _direct_text_len(el: etree._Element) -> int:
    n = len((el.text or "").strip())
    for child in el:
        n += len((child.tail or "").strip())
    return n


def density_container(root: etree._Element) -> etree._Element | None:
    """The element holding most paragraph text, readability-style: every text block scores its
    parent fully and its grandparent half; link-heavy and chrome-named candidates lose."""
    body = root.find("body")
    body = body if body is not None else root
    scores: dict[etree._Element, float] = {}
    for el in body.iter("p", "div", "td", "span", "font", "li", "pre", "blockquote"):
        n = _direct_text_len(el)
        if n < 40:
            continue
        weight = n + 10 * (el.text or "").count(",")
        parent = el.getparent() if el.tag in ("p", "span", "font", "li", "pre", "blockquote") else el
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + weight / 2
    best, best_score = None, 0.0
    # the link penalty only lowers a score: the winner is among the best raw scores
    for el, score in sorted(scores.items(), key=lambda item: -item[1])[:12]:
        if score <= best_score:
            break
        if el.tag in ("html",) or any(_is_chrome_element(a) for a in el.iterancestors()) or _is_chrome_element(el):
            continue
        text_len = len(all_text(el)) or 1
        link_len = sum(len(all_text(a)) for a in el.iter("a"))
        score *= max(0.0, 1 - link_len / text_len)
        if score > best_score:
            best, best_score = el, score
    return _widen(best) if best is not None else body  # nothing paragraph-like: the page is the text


def _paragraph_like(el: etree._Element) -> int:
    """Text length of a sibling that reads like more of the article (0 for links, chrome, crumbs)."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or _is_chrome_element(el):
        return 0
    text_len = len(squeezed(el))
    if text_len < 80:
        return 0
    link_len = sum(len(all_text(a)) for a in el.iter("a"))
    return text_len if link_len / text_len < 0.25 else 0


def _widen(best: etree._Element) -> etree._Element:
    """Climb from the best-scoring block while its siblings are more paragraphs of the same text
    (one paragraph per table row on SharePoint lists, one per <div> on some portals)."""
    own = len(all_text(best)) or 1
    while True:
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return best
        siblings = [s for s in parent if s is not best]
        wrapper = all(len(squeezed(s)) < 20 for s in siblings if isinstance(s.tag, str))
        more = sum(_paragraph_like(s) for s in siblings)
        if not (wrapper or more >= 0.2 * own):
            return best
        best, own = parent, max(own, len(all_text(parent)))


def choose_container(root: etree._Element, selectors: Mapping[str, str] | None,
                     tokens: set[str] | None = None) -> tuple[
        etree._Element | None, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(body element, family, title selectors, date selectors, lead selectors)."""
    if selectors and selectors.get("body"):
        el, _ = _first(root, [selectors["body"]])
        if el is not None:
            return el, "override", (), (), ()
    for family, titles, date_sel, leads, bodies in FAMILIES:
        if family == "dnn" and tokens is not None and not any(t.startswith("dnn_") for t in tokens):
            continue  # its hooks are id suffixes that the token index cannot vouch for
        el, _ = _first(root, bodies, min_text=40, tokens=tokens)
        if el is not None:
            return el, family, titles, date_sel, leads
    return density_container(root), "density", (), FAMILIES[-1][2], FAMILIES[-1][3]


# ----------------------------------------------------------------------------------- cleaning

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _remove(el: etree._Element, dropped: list[tuple[str, str]], reason: str) -> None:
    parent = el.getparent()
    if parent is None:
        return
    text = squeezed(el)
    if text:
        dropped.append((reason, text[:80]))
    tail = _XML_UNSAFE.sub("", el.tail or "")  # lxml refuses to set text holding C0 controls
    if tail and tail.strip():  # the tail is the parent's text that follows: keep it
        prev = el.getprevious()
        # the text it joins may hold C0 controls too (lxml parsed them; it refuses to set them)
        if prev is not None:
            prev.tail = _XML_UNSAFE.sub("", prev.tail or "") + tail
        else:
            parent.text = _XML_UNSAFE.sub("", parent.text or "") + tail
    parent.remove(el)


def _page_form(form: etree._Element) -> bool:
    """A <form> around the page (ASP.NET __VIEWSTATE, or most of the text), not a comment form."""
    for control in form.iter("input"):
        if (control.get("name") or "").startswith("__VIEW"):
            return True
    return len(all_text(form)) > 3000


def clean_container(container: etree._Element, dropped: list[tuple[str, str]]) -> None:
    """Cut chrome inside the body container by DOM position and markup, never by label text."""
    doomed: list[tuple[etree._Element, str]] = []
    walker = etree.iterwalk(container, events=("start",))
    for _, el in walker:
        if el is container or not isinstance(el.tag, str):
            continue
        reason = None
        if el.tag == "form":
            if _page_form(el):
                continue  # ASP.NET wraps the whole page in one <form>: look inside it instead
            reason = "comment_form"
        elif el.tag in _CONTROL_TAGS and (el.get("type") or "").lower() != "hidden":
            # around an <input>: climb to the largest short block (a comment panel's labels, captcha)
            block = el
            while (block.getparent() is not None and block.getparent() is not container
                   and block.getparent().tag != "form"  # only a page form can hold a reached control
                   and len(squeezed(block.getparent())) < 400):
                block = block.getparent()
            if block is not el:
                doomed.append((block, "comment_form"))
                continue  # the walker is below the block already; siblings are handled via `block`
            reason = "comment_form" if el.tag != "select" else "weblinks"
        elif el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            reason = "hidden"  # not shown to a reader (often a duplicate or a spam block)
        elif el.tag in _PAGE_PARTS:
            reason = "page_" + el.tag  # an unclosed <div> upstream can pull the page's footer into the body
        elif _is_chrome_element(el):
            reason = "chrome_markup"
        if reason:
            doomed.append((el, reason))
            walker.skip_subtree()
    removed: set[etree._Element] = set()
    for el, reason in doomed:
        if el in removed or any(a in removed for a in el.iterancestors()):
            continue
        removed.add(el)
        _remove(el, dropped, reason)


# ---------------------------------------------------------------------------------- entry point

def _clean_title(raw: str | None) -> str | None:
    if not raw:
        return None
    title = clean(_WS.sub(" ", raw)).strip()
    return title or None


def _find_title(root: etree._Element, container: etree._Element | None, title_sel: tuple[str, ...],
                meta: Mapping[str, str], selectors: Mapping[str, str] | None,
                tokens: set[str] | None = None) -> str | None:
    chosen = list(title_sel)
    if selectors and selectors.get("title"):
        chosen.insert(0, selectors["title"])
    for selector in chosen:
        for el in _select(root, selector, tokens):
            if container is not None and el in container.iterancestors():
                continue
            text = squeezed(el)
            if len(text) >= 8:
                return text
    head_title = root.find(".//title")
    page_title = meta.get("og:title") or meta.get("twitter:title") or (
        head_title.text.strip() if head_title is not None and head_title.text else "")
    page_title = " ".join(page_title.split())
    heading = _title_heading(root, container, page_title, repeated_only=True)
    if heading:
        return heading
    stripped = _SITE_SUFFIX.sub("", page_title)
    site = " ".join((meta.get("og:site_name") or "").lower().split())
    if len(stripped) >= 15 and not _PORTAL_NAME.match(stripped) and stripped.lower() != site:
        return stripped  # the <title> names the article; no heading repeats it (a <b> in a table cell)
    return _title_heading(root, container, page_title, repeated_only=False) or stripped or None


_PORTAL_NAME = re.compile(r"^(?:cổng|trang)\s+thông\s+tin|^website\b|^trang\s+chủ", re.IGNORECASE)


_CLASS_TEST = ("@class and (contains(@class,'title') or contains(@class,'Title') or contains(@class,'tieu-de') "
               "or contains(@class,'tieude') or contains(@class,'headline'))")
_HEADING_TEST = f"self::h1 or self::h2 or self::h3 or ({_CLASS_TEST})"
_HEADINGS = etree.XPath(f"//h1|//h2|//h3|//*[{_CLASS_TEST}]")
_HEADINGS_BEFORE = etree.XPath(f"preceding::*[{_HEADING_TEST}]")  # document order
_HEADINGS_INSIDE = etree.XPath(f"descendant::*[{_HEADING_TEST}]")


def _title_heading(root: etree._Element, container: etree._Element | None, page_title: str,
                   repeated_only: bool) -> str | None:
    """The heading that names the article: the one the page <title> repeats, else the nearest one
    before the body. Logos in <h1>, menu and sidebar headings are not candidates."""
    def usable(el: etree._Element, text: str | None) -> bool:
        if text is None or not 8 <= len(text) <= 400:
            return False
        if container is not None and (el is container or el in container.iterancestors()):
            return False
        return not any(a.tag in _PAGE_PARTS or _is_chrome_element(a) for a in (el, *el.iterancestors()))

    def text_of(el: etree._Element) -> str | None:
        raw = short_text(el, 600)
        return " ".join(raw.split()) if raw is not None else None

    wanted = " ".join(page_title.lower().split())
    if wanted and not _PORTAL_NAME.match(wanted):  # the heading the <title> repeats (cheap test first)
        for el in _HEADINGS(root):
            text = text_of(el)
            if text and text.lower() in wanted and len(text) >= 0.4 * len(wanted) and usable(el, text):
                return text
    if repeated_only:
        return None
    if container is not None:
        for group in (reversed(_HEADINGS_BEFORE(container)), _HEADINGS_INSIDE(container)):
            for el in group:
                text = text_of(el)
                if usable(el, text):
                    return text
    for el in _HEADINGS(root):
        text = text_of(el)
        if usable(el, text):
            return text
    return None


def extract_article(html: str, url: str | None = None, selectors: Mapping[str, str] | None = None) -> Article:
    """Title, lead + body text, published date and author of one article page.

    ``selectors`` overrides the hooks per portal: ``{"title": css, "body": css, "date": css}``.
    Raises :class:`ArticleParseError` for a page lxml cannot read at all and
    :class:`SelectorOverrideError` for an override that is not valid CSS.
    """
    root = parse_html(html, url)
    meta = collect_meta(root)
    dropped: list[tuple[str, str]] = []
    tokens = _tokens(root)
    container, family, title_sel, date_sel, lead_sel = choose_container(root, selectors, tokens)
    title = _clean_title(_find_title(root, container, title_sel, meta, selectors, tokens))

    date_el = None
    date_selectors = ([selectors["date"]] if selectors and selectors.get("date") else []) + list(date_sel)
    for selector in date_selectors:
        for el in _select(root, selector, tokens):
            if any(_is_chrome_element(a) or a.tag in _PAGE_PARTS for a in el.iterancestors()):
                continue  # a date in a related list, sidebar or page header is not the article's
            date_el = el
            break
        if date_el is not None:
            break

    lead = None
    lead_el, _ = _first(root, lead_sel, min_text=20, tokens=tokens)
    if lead_el is not None and container is not None and lead_el not in container.iterancestors() \
            and container not in lead_el.iterancestors():
        lead = clean(to_text(lead_el)) or None

    if container is None:
        body = ""
        family = "none"
    else:
        clean_container(container, dropped)
        body = clean(to_text(container))
    raw_head = body[:3000]
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    body = filter_lines(body, dropped)
    body, author, source = split_author(body, dropped)
    if container is not None and author is None:  # NukeViet puts the credit block after the body
        after_author, after_source = credit_after(container)
        author, source = author or after_author, source or after_source
    if lead and not body.startswith(lead[:40]):
        body = f"{lead}\n\n{body}" if body else lead

    published, published_from = dates.from_meta(meta)
    weak = None  # "Thứ tư, 20/01/2021" with no time: as often the header's today as the article's date
    if not published and date_el is not None:
        raw = clean(date_el.get("datetime") or squeezed(date_el))
        hit = dates.classify_line(raw)
        if hit and hit[0] == "weekday":
            weak = hit[1]
        elif hit:
            published, published_from = hit[1], "element" if hit[0] == "byline" else hit[0]
        else:
            iso = dates.parse_machine_date(raw) or dates.parse_date(raw)
            if iso:
                published, published_from = iso, "element"
    if not published:
        head = "\n".join(x for x in (title, _head_text(root, container), raw_head) if x)
        published, published_from = dates.find_published(head, url)
        if weak and (not published or dates.RANK.get(published_from or "", 9) > dates.RANK["weekday"]):
            published, published_from = weak, "weekday"
    return Article(title=title, text=body, published=published, published_from=published_from, author=author,
                   lead=lead, source=source, family=family, dropped=dropped)


def _head_text(root: etree._Element, container: etree._Element | None) -> str:
    """Short text lines between the title and the body (where the date line sits), if any."""
    if container is None:
        return ""
    lines: list[str] = []
    for el in container.itersiblings(preceding=True):
        if not isinstance(el.tag, str) or _is_chrome_element(el):
            continue
        text = squeezed(el)
        if text and len(text) < 120:
            lines.append(text)
        if len(lines) >= 6:
            break
    return clean("\n".join(reversed(lines)))

