"""What a fetched page is: a relevant CCHC article, an off-topic one, or a page to reject with a reason.

Reasons (stored in ``pages.reason``): http_<status>, soft_404_home, soft_404_title, soft_404_offsite,
js_challenge, hacked_gambling, hacked_redirect, not_relevant, duplicate (set by the crawler).
"""

from __future__ import annotations

import functools
import html as htmllib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import regex as re

from extractors.html import extract_article
from extractors.normalize import clean_text, fold
from patterns.loader import load

_META_REFRESH = re.compile(r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["'][^"']*url\s*=\s*([^"'>\s]+)""",
                           re.IGNORECASE)
_JS_REDIRECT = re.compile(r"""(?:window\.|document\.|top\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*["']([^"']+)["']""",
                          re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
CHALLENGE_MAX_TEXT = 200


@dataclass
class Verdict:
    title: str | None
    relevant: bool
    reason: str | None
    score: int = 0


@functools.cache
def _vocabulary() -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for entry in load("relevance"):
        for phrase in entry["phrases"]:
            out.setdefault(entry["role"], []).append((fold(clean_text(phrase)), int(entry.get("weight", 1))))
    return out


@functools.cache
def _role_patterns(role: str) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(rf"(?<!\p{{L}}){re.escape(p)}(?!\p{{L}})"), w) for p, w in _vocabulary().get(role, [])]


def _hits(role: str, text: str) -> list[tuple[str, int]]:
    return [(p.pattern, w) for p, w in _role_patterns(role) if p.search(text)]


def relevance_score(title: str, body: str) -> int:
    """Core phrases weigh their weight (double in the title); support words add 1 each, at most 3."""
    t, b = fold(clean_text(title or "")), fold(clean_text(body or ""))
    score = sum(2 * w for _, w in _hits("core", t)) + sum(w for _, w in _hits("core", b))
    return score + min(3, len(_hits("support", b)))


def is_relevant(title: str, body: str) -> bool:
    return relevance_score(title, body) >= 6


def gambling(text: str) -> bool:
    return len(_hits("gambling", fold(clean_text(text)))) >= 2


def offsite_redirect(html: str, url: str) -> str | None:
    """The off-host target of a meta refresh or a script redirect, if any."""
    host = urlsplit(url).hostname
    targets = [m.group(1) for m in _META_REFRESH.finditer(html)]
    for script in _SCRIPT.findall(html):
        targets += [m.group(1) for m in _JS_REDIRECT.finditer(script)]
    for target in targets:
        absolute = urljoin(url, target.strip())
        if urlsplit(absolute).hostname and urlsplit(absolute).hostname != host:
            return absolute
    return None


def js_challenge(html: str) -> bool:
    """A tiny page that is mostly script: a bot challenge, never an article."""
    scripts = _SCRIPT.findall(html)
    if not scripts:
        return False
    text = _TAGS.sub(" ", _SCRIPT.sub(" ", html))
    text = re.sub(r"\s+", " ", text).strip()
    return len(text) < CHALLENGE_MAX_TEXT and sum(len(s) for s in scripts) > len(text)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _page_title(html: str) -> str | None:
    match = _TITLE.search(html[:20000])  # a regex: a second DOM parse per page would double the CPU
    return re.sub(r"\s+", " ", htmllib.unescape(match.group(1))).strip() or None if match else None


def classify(html: str, *, url: str, final_url: str, status: int, site_names: tuple[str, ...],
             kind: str = "article") -> Verdict:
    """Judge one decoded page. ``site_names``: names whose use as a title means a soft 404."""
    if status >= 400:
        return Verdict(None, False, f"http_{status}")
    requested, final = urlsplit(url), urlsplit(final_url)
    if final.hostname != requested.hostname and final.hostname and \
            final.hostname.removeprefix("www.") != (requested.hostname or "").removeprefix("www."):
        return Verdict(None, False, "soft_404_offsite")
    if kind == "article" and final.path in ("", "/") and requested.path not in ("", "/") and not final.query:
        return Verdict(None, False, "soft_404_home")
    target = offsite_redirect(html, final_url)
    if target:
        return Verdict(None, False, "hacked_redirect")
    if js_challenge(html):
        return Verdict(None, False, "js_challenge")
    if kind != "article":
        return Verdict(_page_title(html), False, None)
    article = extract_article(html, final_url)
    title = article.title or _page_title(html)
    if gambling(f"{title or ''}\n{article.text}"):
        return Verdict(title, False, "hacked_gambling")
    names = {fold(clean_text(n)) for n in site_names if n}
    page_title = _page_title(html)
    if title and fold(clean_text(title)) in names or (page_title and fold(clean_text(page_title)) in names
                                                        and not article.title):
        return Verdict(title, False, "soft_404_title")
    score = relevance_score(title or "", article.text)
    return Verdict(title, score >= 6, None if score >= 6 else "not_relevant", score)
