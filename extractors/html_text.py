"""Article container -> text: block-structured serialisation, chrome lines, author lines.

The second half of :mod:`extractors.html`: :func:`to_text` walks the cleaned container (blocks
separated by a blank line, data-table rows as ``a | b | c``); :func:`filter_lines` drops the chrome
lines that survive DOM cleaning (``patterns/chrome.yaml``) and the date line with its bare view
count; :func:`split_author` moves the trailing author / source credit into metadata.
"""

from __future__ import annotations

import functools
import itertools

import regex as re
from lxml import etree

from extractors import dates
from extractors.normalize import clean_text
from patterns.loader import load as load_patterns

SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "option", "textarea", "button", "input", "map", "head", "title", "meta", "link", "nav",
              "aside", "audio", "video", "source", "label"}
_PARA_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "section",
              "article", "header", "footer", "main", "figure", "center", "pre", "address", "fieldset", "hr",
              "form", "tbody", "thead", "tfoot"}
_LINE_TAGS = {"li", "dt", "dd", "br", "figcaption", "caption"}
_LAYOUT_CELLS = {"tr", "td", "th"}  # outside a data table a cell or row is a block of the page

_AUTHOR_LABEL = re.compile(r"^(?:tác\s+giả(?:\s+bài\s+viết)?|người\s+viết|bài\s*(?:và\s+ảnh)?|tin\s*(?:,\s*ảnh)?|"
                           r"nguồn\s+tin|nguồn|theo)\s*:\s*(?P<name>.+?)\s*\.?$", re.IGNORECASE)
_AUTHOR_SOURCE = re.compile(r"^(?:nguồn\s+tin|nguồn|theo)\s*:", re.IGNORECASE)
# Lower-case words inside an agency credit ("Văn phòng HĐND và UBND huyện") that do not make it prose.
_NAME_GLUE = {"và", "huyện", "tỉnh", "xã", "phường", "thị", "trấn", "phòng", "ban", "sở", "thành", "phố", "của"}
_NOT_NAME = re.compile(r"\d|[:;?!.]$")
_INITIALS = re.compile(r"(?:\p{Lu}\.\s?)+\p{L}+")  # "H. Hải" ends in a letter; "T.D." is not a sentence
_NAME_SPLIT = re.compile(r"[\s,–—-]+")
_BARE_NUMBER = re.compile(r"^\d[\d.,]*$")

def all_text(el: etree._Element) -> str:
    return "".join(el.itertext())


def short_text(el: etree._Element, limit: int) -> str | None:
    """The text of ``el`` if it is at most ``limit`` characters, else None (without joining it all)."""
    parts, size = [], 0
    for piece in el.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def squeezed(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())



clean = clean_text  # the fast path for already-clean text lives in clean_text itself


# -------------------------------------------------------------------------------- serialising

def _is_data_table(table: etree._Element) -> bool:
    """A table of figures (rows of short cells), not a layout table holding the page."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    cells = 0
    for cell in table.iter("td", "th"):
        cells += 1
        if len(all_text(cell)) > 400 or cells > 5000:
            return False
    return cells > 1


_PARA, _LINE = "\x1d", "\x1e"  # break marks while walking; whitespace is squeezed once at the end


def to_text(container: etree._Element) -> str:
    """Block-structured text: paragraphs separated by a blank line, rows as ``a | b | c``."""
    parts: list[str] = []
    append = parts.append
    cell_depth = 0  # inside a data-table cell: blocks become spaces
    row_cells: list[int] = []
    data_tables: list[bool] = []
    walker = etree.iterwalk(container, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIP_TAGS or not tag:
                walker.skip_subtree()
                continue
            if tag == "table":
                data_tables.append(_is_data_table(el))
            in_data = bool(data_tables) and data_tables[-1]
            if in_data and tag == "tr":
                row_cells.append(0)
                append(_LINE)
            elif in_data and tag in ("td", "th"):
                if row_cells and row_cells[-1]:
                    append(" | ")
                if row_cells:
                    row_cells[-1] += 1
                cell_depth += 1
            elif tag in _PARA_TAGS or tag in _LAYOUT_CELLS:
                append(" " if cell_depth else (_LINE if tag == "table" and in_data else _PARA))
            elif tag in _LINE_TAGS:
                append(" " if cell_depth else _LINE)
            if el.text:
                append(el.text)
        else:
            if tag in SKIP_TAGS or not tag:
                pass
            elif tag == "table":
                was_data = data_tables.pop() if data_tables else False
                append(_LINE if was_data else _PARA)
            elif data_tables and data_tables[-1] and tag == "tr":
                if row_cells:
                    row_cells.pop()
                append(_LINE)
            elif data_tables and data_tables[-1] and tag in ("td", "th"):
                cell_depth = max(0, cell_depth - 1)
            elif tag in _PARA_TAGS or tag in _LAYOUT_CELLS:
                append(" " if cell_depth else _PARA)
            elif tag in _LINE_TAGS:
                append(" " if cell_depth else _LINE)
            if el is not container and el.tail:
                append(el.tail)
    paragraphs = []
    for block in "".join(parts).split(_PARA):
        lines = [" ".join(line.split()) for line in block.split(_LINE)]
        lines = [line for line in lines if line and line.strip("| ")]  # drop rows of empty cells
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# ----------------------------------------------------------------------------- line filtering

@functools.cache
def _chrome_rules() -> tuple[re.Pattern[str], list[tuple[str, bool]]]:
    """All chrome patterns as one alternation (one search per line); group i names entry i."""
    entries = load_patterns("chrome")
    alternation = "|".join(f"(?P<c{i}>{'|'.join(f'(?:{p})' for p in e['patterns'])})" for i, e in enumerate(entries))
    return re.compile(alternation, re.IGNORECASE), [(e["reason"], bool(e.get("block"))) for e in entries]


def chrome_reason(line: str) -> tuple[str, bool] | None:
    """(reason, opens_block) when one stripped line is page chrome (``patterns/chrome.yaml``)."""
    line = line.strip()
    if not line or len(line) > 200:
        return None
    pattern, meaning = _chrome_rules()
    match = pattern.match(line)  # every chrome pattern is anchored at the start of the line
    if match is None or match.lastgroup is None:
        return None
    return meaning[int(match.lastgroup[1:])]


def filter_lines(text: str, dropped: list[tuple[str, str]]) -> str:
    """Drop chrome lines; cut at a chrome block heading; drop date lines and bare view counts at
    the top (the date is metadata, the number after it a view counter)."""
    out: list[str] = []
    lines = text.split("\n")
    head = True  # still above the first line of article text
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if out and out[-1]:
                out.append("")
            continue
        hit = chrome_reason(stripped)
        if hit:
            reason, block = hit
            if block:
                dropped.append((reason, " / ".join(x.strip() for x in lines[i:i + 4] if x.strip())[:80]))
                break
            dropped.append((reason, stripped[:80]))
            continue
        if head:
            if _BARE_NUMBER.match(stripped) and dropped and dropped[-1][0] == "date_line":
                dropped.append(("view_counter", stripped))  # "313" on the line after the date
                continue
            kind = dates.classify_line(stripped) if len(stripped) < 80 else None
            if kind and kind[0] != "lead":
                dropped.append(("date_line", stripped[:80]))
                continue
            head = False
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out).strip()


def _looks_like_name(line: str) -> bool:
    """'H. Hải', 'Như Thuỷ', 'Minh Hà - VP UBND huyện', 'BBT': short, capitalised, no digits."""
    if len(line) > 60 or _NOT_NAME.search(line) and not _INITIALS.fullmatch(line):
        return False
    words = [w for w in _NAME_SPLIT.split(line) if w]
    if not words or len(words) > 8 or not words[0][:1].isupper():
        return False
    words = [w for w in words if w.lower() not in _NAME_GLUE] or words
    capital = sum(1 for w in words if w[:1].isupper())
    return capital / len(words) >= 0.6


def split_author(text: str, dropped: list[tuple[str, str]]) -> tuple[str, str | None, str | None]:
    """Move the trailing author / source lines out of the body: (body, author, source)."""
    lines = text.split("\n")
    author = source = None
    for _ in range(3):
        while lines and not lines[-1].strip():
            lines.pop()
        if len(lines) < 2:
            break
        last = lines[-1].strip()
        match = _AUTHOR_LABEL.match(last)
        if match and len(last) <= 150:
            if _AUTHOR_SOURCE.match(last):
                source = source or match.group("name").strip(" .")
            else:
                author = author or match.group("name").strip(" .")
        elif author is None and _looks_like_name(last) and lines[-2].strip() == "":
            author = last
        else:
            break
        dropped.append(("author_line", last[:80]))
        lines.pop()
    return "\n".join(lines).strip(), author, source



def credit_after(container: etree._Element) -> tuple[str | None, str | None]:
    """'Tác giả bài viết: …' / 'Nguồn tin: …' in the blocks right after the body (NukeViet)."""
    author = source = None
    scopes = [container, container.getparent()]
    for scope in scopes:
        if scope is None:
            continue
        for sibling in itertools.islice(scope.itersiblings(), 3):
            if not isinstance(sibling.tag, str):
                continue
            raw = short_text(sibling, 600)
            if raw is None or not any(w in raw.lower() for w in ("tác giả", "nguồn", "theo", "người viết")):
                continue
            for line in to_text(sibling).split("\n")[:6]:
                line = clean(line)
                match = _AUTHOR_LABEL.match(line.strip())
                if match and len(line) <= 150:
                    if _AUTHOR_SOURCE.match(line.strip()):
                        source = source or match.group("name").strip(" .")
                    else:
                        author = author or match.group("name").strip(" .")
        if author or source:
            break
    return author, source
