"""Demo-like documents with known figures and flags, for tests, the browser check and benchmarks.

The extractor is not needed: the figures, spans and flags are built together with the text from
``synthetic_bulletin.yaml``, so a database built from them looks like one built from a real
bulletin whose district total has a transposed digit (the root cause of seed 000's flags).
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex as re
import yaml

from extractors.records import Document, Figure, Flag

_TEMPLATE = Path(__file__).with_name("synthetic_bulletin.yaml")
_MARK = re.compile(r"\[(\w+)\]")


@lru_cache(maxsize=1)
def _template() -> dict[str, Any]:
    return yaml.safe_load(_TEMPLATE.read_text(encoding="utf-8"))


def vn_number(n: int) -> str:
    """2168 -> '2.168' (a dot groups thousands in Vietnamese)."""
    return f"{n:,}".replace(",", ".")


def _values(rng: random.Random) -> dict[str, int]:
    new_h, carried_h = rng.randint(300, 1500), rng.randint(10, 400)
    new_x, carried_x = rng.randint(300, 1500), rng.randint(10, 400)
    total = new_h + carried_h + new_x + carried_x
    resolved = total - rng.randint(50, 300)
    early = resolved - rng.randint(20, 200)
    late = rng.randint(0, 9)
    return {"received_total": total, "received_new": new_h + new_x, "carried_over": carried_h + carried_x,
            "received_total_huyen": new_h + carried_h, "received_new_huyen": new_h,
            "carried_over_huyen": carried_h, "received_total_xa": new_x + carried_x,
            "resolved_total": resolved, "resolved_early": early, "resolved_on_time": resolved - early - late,
            "resolved_late": late, "received_online": rng.randint(100, new_h + new_x)}


def _transpose(n: int) -> int:
    s = str(n)
    for i in range(len(s) - 2, -1, -1):
        if s[i] != s[i + 1] and not (i == 0 and s[i + 1] == "0"):
            return int(s[:i] + s[i + 1] + s[i] + s[i + 2:])
    return n + 9


def demo_document(source: str, *, unit: str = "Mai Sơn", province: str = "Sơn La", year: int = 2023,
                  month: int = 11, seed: int = 0, typo: bool = True, note: str = "") -> Document:
    """One bulletin; with ``typo`` the district total is a transposition and two flags result."""
    tpl = _template()
    values = _values(random.Random(seed))
    stated = dict(values)
    if typo:
        stated["received_total_huyen"] = _transpose(values["received_total_huyen"])
    fill = {"unit": unit, "province": province, "month": month, "year": year}
    raw = tpl["text"].replace("{note}", "\x00").format(**fill)
    text, figures, pos = "", [], 0
    for m in _MARK.finditer(raw):
        text += raw[pos:m.start()]
        name = m.group(1)
        spec = tpl["figures"][name]
        surface = vn_number(stated[name])
        figures.append(Figure(id=name, metric=spec["metric"], kind="count", value=stated[name],
                              surface=surface, start=len(text), end=len(text) + len(surface),
                              scope=spec["scope"]))
        text += surface
        pos = m.end()
    text += raw[pos:]
    # The note goes in after the offsets of the figures before it are known: shift the ones after.
    cut = text.index("\x00")
    text = text.replace("\x00", note)
    for f in figures:
        if f.start > cut:
            f.start += len(note) - 1
            f.end += len(note) - 1
    doc = Document(source=source, text=text, title=tpl["title"].format(**fill),
                   published=f"{year}-{month:02d}-28", published_from="given",
                   unit={"level": "huyen", "name": unit, "province": province},
                   period={"start": f"{year}-{month:02d}-01", "end": f"{year}-{month:02d}-28"},
                   figures=figures)
    if typo:
        wrong, right = stated["received_total_huyen"], values["received_total_huyen"]
        diagnosis = (f"{vn_number(wrong)} is most likely a transposition of {vn_number(right)}: that single "
                     "correction makes both relations hold")
        doc.flags = [
            Flag(rule="sum", severity="error",
                 relation="received_total[huyen] = received_new[huyen] + carried_over[huyen]",
                 stated=wrong, computed=right,
                 figures=["received_total_huyen", "received_new_huyen", "carried_over_huyen"],
                 diagnosis=diagnosis, group="g1"),
            Flag(rule="level_sum", severity="error",
                 relation="received_total[all] = received_total[huyen] + received_total[xa]",
                 stated=values["received_total"], computed=wrong + values["received_total_xa"],
                 figures=["received_total", "received_total_huyen", "received_total_xa"],
                 diagnosis=diagnosis, group="g1"),
        ]
    return doc


UNITS = [("Mai Sơn", "Sơn La"), ("Ngọc Lặc", "Thanh Hoá"), ("Điện Biên Đông", "Điện Biên"),
         ("Yên Châu", "Sơn La"), ("Mường Nhé", "Điện Biên")]


def build_demo_db(path: str, articles: int = 10, *, note_first: str = "") -> Any:
    """A demo-like database: ``articles`` bulletins over five districts, every other one with a typo."""
    from db.load import load_document
    from db.schema import open_db

    db = open_db(path)
    with db.conn:
        for i in range(articles):
            unit, province = UNITS[i % len(UNITS)]
            month = 1 + (i // len(UNITS)) % 12
            doc = demo_document(f"https://portal.example.vn/tin-tuc/{i}.html", unit=unit, province=province,
                                month=month, year=2023 + i // 60, seed=i, typo=i % 2 == 0,
                                note=note_first if i == 0 else "")
            load_document(db, doc, page_url=None)
    return db
