"""HTML page -> article (title, published date, main text without page chrome).

Placeholder until the article-extraction work lands: title from <h1>/<title>, text from <body>.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup


@dataclass
class Article:
    title: str | None
    text: str
    published: str | None = None
    published_from: str | None = None
    author: str | None = None


def extract_article(html: str, url: str | None = None) -> Article:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "form", "nav", "footer", "header"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else (soup.title.get_text(strip=True) if soup.title else None)
    body = soup.body or soup
    return Article(title=title, text=body.get_text("\n", strip=True))
