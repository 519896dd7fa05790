"""One document through every extraction stage: article -> clean text -> figures -> flags.

This is the function the CLI, the crawler's reprocess and the benchmarks all call.
"""

from __future__ import annotations

from pathlib import Path

from extractors import checks, figures, html, meta
from extractors.decode import decode_bytes
from extractors.errors import InputError
from extractors.normalize import clean_text, unwrap
from extractors.numbers import NUMBER
from extractors.records import Document, Skipped

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # anything larger is not a bulletin
# Characters analysed per document: the longest sample has 7,000, a long yearly report ~60,000;
# past 100,000 it is a dump, and analysing it all would cost seconds. The rest is kept, its
# numbers listed as skipped.
MAX_TEXT_CHARS = 100_000


def _analysed_length(text: str) -> int:
    """Where analysis stops: the whole text, or the last line break inside the budget."""
    if len(text) <= MAX_TEXT_CHARS:
        return len(text)
    cut = text.rfind("\n", MAX_TEXT_CHARS // 2, MAX_TEXT_CHARS)
    return cut if cut > 0 else MAX_TEXT_CHARS


def looks_like_html(text: str, name: str = "") -> bool:
    if name.lower().endswith((".html", ".htm", ".aspx", ".php")):
        return True
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def extract_text(raw: str, source: str, *, is_html: bool | None = None, url: str | None = None,
                 title: str | None = None, published: str | None = None,
                 run_checks: bool = True) -> Document:
    """Extract everything from one decoded document (plain text or HTML)."""
    published_from = "given" if published else None
    if is_html is None:
        is_html = looks_like_html(raw, source)
    if is_html:
        article = html.extract_article(raw, url=url)
        body = unwrap(clean_text(article.text))
        title = title or (clean_text(article.title) if article.title else None)
        if not published and article.published:
            published, published_from = article.published, article.published_from
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    else:
        text = unwrap(clean_text(raw))
        if title is None:
            title = meta.guess_title(text)
    cut = _analysed_length(text)
    doc = Document(source=source, text=text[:cut], title=title, published=published,
                   published_from=published_from)
    if not doc.published:
        doc.published, doc.published_from = meta.find_published(doc.text, url)
    doc.unit = meta.find_unit(doc)  # first: a figure's default scope is the unit's level
    figures.extract_figures(doc)
    doc.period = meta.find_period(doc)
    if cut < len(text):
        doc.text = text  # offsets stay valid: the analysed part is its prefix
        spans = [m.span() for m in NUMBER.finditer(text, cut)]  # a dump page has ~100,000
        doc.skipped += [Skipped(text[s:e], s, e, "over_text_budget") for s, e in spans]
        doc.notes.append(f"text over budget: characters {cut:,}-{len(text):,} not analysed "
                         f"(MAX_TEXT_CHARS {MAX_TEXT_CHARS:,})")
    if run_checks:
        doc.flags = checks.check_document(doc)
    return doc


def extract_bytes(data: bytes, source: str, *, content_type: str | None = None,
                  url: str | None = None, run_checks: bool = True) -> Document:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(source, "too_large", f"document is {len(data):,} bytes; the limit is "
                                              f"{MAX_DOCUMENT_BYTES:,}")
    text, _encoding = decode_bytes(data, source, content_type)
    is_html = True if content_type and "html" in content_type.lower() else None
    return extract_text(text, source, is_html=is_html, url=url, run_checks=run_checks)


def extract_path(path: str | Path, run_checks: bool = True) -> Document:
    """Read and extract one file; raises :class:`InputError` with a reason code."""
    source = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(source, "missing", "no such file")
    if p.is_dir():
        raise InputError(source, "directory", "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(source, "unreadable", f"cannot read: {exc.strerror}") from None
    return extract_bytes(data, source, run_checks=run_checks)
