"""Published date of an article: meta tags, JSON-LD, visible date forms near the title, the URL.

Vietnamese portals always write the day first ("05/09/2023" is 5 September). Every answer carries
the name of the evidence that gave it (``published_from``), and candidates are ranked:

1. ``meta:<name>`` / ``jsonld:datePublished`` -- machine-readable publication time;
2. ``label`` -- "Ngày đăng: …", "Ngày xuất bản: …" (an explicit publication label);
3. ``byline`` -- a date line under the title ("05/09/2023 - 14:35", "(12:03 | 26/07/2017)",
   "NGUYỄN NGHĨA 00:19, 01/04/2024", "Thứ ba, 05/09/2023 14:35", a bare "29/09/2021"); ``dated``
   -- an official document's place-and-date line ("Hậu Giang, ngày 10 tháng 01 năm 2024"), the day
   it was signed;
4. ``url`` -- ``/2020-5-29/`` in the path (family A puts the creation date there);
5. ``updated`` -- "Ngày cập nhật …", "Cập nhật lúc …" (an update time, not necessarily publication);
6. ``weekday`` -- "Thứ 4, Ngày 20/01/2021" with no time: often the page header's *today* line;
7. ``lead`` -- "Ngày 04/8/2023, …" opening the lead: the event date, close to publication.

On HTML, :mod:`extractors.html` first reads the family's date element (``.PostDate``, ``span.h5``
…) and reports it as ``element`` (or ``label`` / ``updated`` when the element says so).

Only the head of the text is searched for visible forms, and the search stops at a related-list
heading ("Các tin khác", "Tin liên quan" …): dates there belong to other articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import regex as re

VN_TZ = dt.timezone(dt.timedelta(hours=7))
HEAD_LINES = 25  # visible date forms are looked for in this many non-empty lines of the head …
HEAD_CHARS = 4000  # … and no further than this many characters into the text

_DATE = (r"(?<![\d/.-])(?P<d>\d{1,2})\s?(?P<s>[/.-])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)"
         r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})")
_TIME = r"\d{1,2}\s?(?::|h)\s?\d{2}(?::\d{2})?(?:\s?(?:AM|PM|SA|CH))?"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|CN)"
_SEP = r"[\s,|–—-]*"
_TZ = r"(?:\s*\(?(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?\)?)?"
_TRAIL_CHROME = r"(?:\s*[|–—-]?\s*(?:lượt\s+xem|lượt\s+đọc|đã\s+xem|số\s+lượt\s+xem|views?)\s*:?\s*\d[\d.,]*(?:\s+lượt)?)?"

_LABEL = re.compile(
    rf"(?:ngày\s+đăng(?:\s+tin|\s+bài)?|đăng\s+ngày|đăng\s+lúc|ngày\s+xuất\s+bản|xuất\s+bản\s+ngày|"
    rf"thời\s+gian\s+đăng|ngày\s+phát\s+hành|published|posted(?:\s+on)?)\s*:?\s*(?:lúc\s*)?"
    rf"(?:{_TIME}{_SEP})?(?:{_WEEKDAY}{_SEP})?(?:ngày\s+)?(?:{_DATE})", re.IGNORECASE)
_UPDATED = re.compile(
    rf"(?:ngày\s+cập\s+nhật|cập\s+nhật\s+lúc|cập\s+nhật\s+ngày|cập\s+nhật|updated?(?:\s+on)?)\s*:?\s*"
    rf"(?:lúc\s*)?(?:{_TIME}{_SEP})?(?:{_WEEKDAY}{_SEP})?(?:ngày\s+)?(?:{_DATE})", re.IGNORECASE)
# A whole line that is a date (plus time, weekday, an upper-case author name, brackets, a view count).
_BYLINE = re.compile(
    rf"^\(?\s*(?P<author>[\p{{Lu}}][\p{{Lu}}.\s-]{{2,40}}\s)?(?P<wd>{_WEEKDAY}{_SEP})?(?:ngày\s+)?"
    rf"(?:(?P<t1>{_TIME}){_SEP})?(?:{_DATE})(?:{_SEP}(?P<t2>{_TIME}))?{_TZ}\s*\)?\s*[|–—-]?{_TRAIL_CHROME}\s*$",
    re.IGNORECASE)
# 'Hậu Giang, ngày 10 tháng 01 năm 2024' under an official header (maybe after 'Số: 07/BC-UBND')
_DATED = re.compile(r"(?:^|\s)\p{Lu}[\p{L}.\s-]{1,40},\s*ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+"
                    r"(?P<y2>\d{4})\s*$")
_LEAD = re.compile(rf"^(?:\([^()\n]{{1,40}}\)\s*[–—-]?\s*|[\p{{L}}.\s]{{1,25}}\s[–—-]\s*)?ngày\s+(?:{_DATE})\s*[,:]",
                   re.IGNORECASE)
_RELATED = re.compile(r"^\s*(?:các\s+tin\s+(?:khác|đã\s+đưa|cùng\s+chuyên\s+mục)|tin\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|"
                      r"khác|mới\s+hơn|cũ\s+hơn|đã\s+đưa)|những\s+tin\s+(?:mới|cũ)\s+hơn|bài\s+viết\s+liên\s+quan|"
                      r"xem\s+thêm|thống\s+kê\s+truy\s+cập)\b", re.IGNORECASE)
_LABEL_WORDS = ("đăng", "xuất bản", "phát hành", "publish", "post")
_UPDATED_WORDS = ("cập nhật", "update")
_URL_DATE = re.compile(r"(?<![\d])((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})(?![\d])")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
                  r"(Z|[+-]\d{2}:?\d{2})?)?\s*$")

# <meta> names that state publication, best first; modified times rank with "updated".
META_PUBLISHED = ("article:published_time", "jsonld:datePublished", "datepublished", "og:published_time",
                  "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
                  "dc.date", "dcterms.date", "dcterms.created", "date", "created", "sailthru.date")
META_MODIFIED = ("article:modified_time", "jsonld:dateModified", "datemodified", "og:updated_time",
                 "last-modified", "lastmod")

RANK = {"meta": 1, "jsonld": 1, "label": 2, "byline": 3, "dated": 3, "url": 4, "updated": 5, "weekday": 6, "lead": 7}


def make_date(day: int, month: int, year: int) -> str | None:
    """ISO date for day-first parts; a two-digit year is 20xx. Impossible dates give None."""
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> str | None:
    if match.group("d2"):
        return make_date(int(match.group("d2")), int(match.group("m2")), int(match.group("y2")))
    if match.group("s") == "." and len(match.group("y")) == 2:
        return None  # "1.2.23" reads as a number more often than a date
    return make_date(int(match.group("d")), int(match.group("m")), int(match.group("y")))


def parse_date(text: str) -> str | None:
    """The first day-first date in ``text`` ("05/09/2023", "5-9-2023", "ngày 5 tháng 9 năm 2023")."""
    for match in re.finditer(_DATE, text, re.IGNORECASE):
        iso = _from_match(match)
        if iso:
            return iso
    return None


def parse_machine_date(value: str) -> str | None:
    """An ISO 8601 date/time from a meta tag or JSON-LD, as a Vietnam calendar date.

    A time with an offset ("…T07:35:00Z") is converted to UTC+7 before the date is taken; a naive
    time is already Vietnam time. Day-first forms ("05/09/2023 14:35") are accepted too.
    """
    match = _ISO.match(value or "")
    if not match:
        return parse_date(value or "")
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        if hour is None or offset is None:
            return dt.date(int(year), int(month), int(day)).isoformat()
        tz = dt.UTC if offset == "Z" else dt.timezone(
            (1 if offset[0] == "+" else -1) * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[-2:])))
        stamp = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:
        return None
    return stamp.astimezone(VN_TZ).date().isoformat()


def from_meta(html_meta: Mapping[str, str] | None) -> tuple[str | None, str | None]:
    """Publication date from collected ``<meta>`` / JSON-LD values (keys lower-cased, JSON-LD as
    ``jsonld:datePublished``)."""
    if not html_meta:
        return None, None
    lowered = {k.lower(): v for k, v in html_meta.items()}
    for name in META_PUBLISHED:
        value = lowered.get(name.lower())
        if value:
            iso = parse_machine_date(value)
            if iso:
                kind = "jsonld" if name.startswith("jsonld:") else "meta"
                return iso, f"{kind}:{name.split(':', 1)[1] if kind == 'jsonld' else name}"
    return None, None


def modified_from_meta(html_meta: Mapping[str, str] | None) -> str | None:
    lowered = {k.lower(): v for k, v in (html_meta or {}).items()}
    for name in META_MODIFIED:
        if lowered.get(name.lower()):
            iso = parse_machine_date(lowered[name.lower()])
            if iso:
                return iso
    return None


def from_url(url: str | None) -> str | None:
    """``/portal/Pages/2020-5-29/…`` or ``/2020/05/29/…`` -> 2020-05-29."""
    if not url:
        return None
    for match in _URL_DATE.finditer(url):
        iso = make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if iso:
            return iso
    return None


def classify_line(line: str) -> tuple[str, str] | None:
    """(source, iso) if ``line`` carries a visible date form, else None."""
    stripped = line.strip()[:300]  # a date form sits at the start of a line; long lines are body
    if sum(map(str.isdigit, stripped[:120])) < 4 and "tháng" not in stripped.lower():
        return None  # no date can be written with fewer than four digits: the common case, cheaply
    lowered = stripped.lower()
    for source, pattern, words in (("label", _LABEL, _LABEL_WORDS), ("updated", _UPDATED, _UPDATED_WORDS)):
        if not any(w in lowered for w in words):
            continue
        match = pattern.search(stripped)
        if match:
            iso = _from_match(match)
            if iso:
                return source, iso
    match = _DATED.search(stripped) if len(stripped) <= 120 and "ngày" in lowered else None
    if match:
        iso = _from_match(match)
        if iso:
            return "dated", iso
    match = _BYLINE.match(stripped) if len(stripped) <= 120 else None
    if match is None and "|" in stripped and len(stripped) <= 160:
        # 'VOV Tây Nguyên | Thứ Ba, 16/04/2024 - 07:12': the source's name, then the date line
        match = _BYLINE.match(stripped.split("|", 1)[1].strip())
    if match:
        iso = _from_match(match)
        if iso:
            timed = match.group("t1") or match.group("t2")
            return ("weekday" if match.group("wd") and not timed else "byline"), iso
    match = _LEAD.match(stripped)
    if match:
        iso = _from_match(match)
        if iso:
            return "lead", iso
    return None


def visible_candidates(text: str) -> list[tuple[str, str]]:
    """(source, iso) for every date form in the head of ``text``, in reading order."""
    found: list[tuple[str, str]] = []
    seen_lines = 0
    lead_open = True  # only the first paragraph that is not a date line can be a lead
    for line in text[:HEAD_CHARS].split("\n"):
        if not line.strip():
            continue
        seen_lines += 1
        if seen_lines > HEAD_LINES or _RELATED.match(line):
            break
        hit = classify_line(line)
        if hit and hit[0] == "lead" and not lead_open:
            hit = None
        if hit:
            found.append(hit)
        elif len(line.strip()) > 200:
            lead_open = False  # past the first long paragraph: "Ngày …" now opens a body paragraph
    return found


def find_published(text: str, url: str | None = None,
                   html_meta: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """``(iso_date, source)`` of the article's publication, or ``(None, None)``.

    ``source`` names the evidence: ``meta:<name>``, ``jsonld:datePublished``, ``label``, ``byline``,
    ``url``, ``updated``, ``weekday`` or ``lead``.
    """
    iso, source = from_meta(html_meta)
    if iso:
        return iso, source
    candidates = visible_candidates(text or "")
    url_iso = from_url(url)
    if url_iso:
        candidates.append(("url", url_iso))
    if not candidates:
        return None, None
    best = min(candidates, key=lambda c: RANK[c[0]])  # min() is stable: the first of a rank wins
    return best[1], best[0]
