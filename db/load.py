"""Documents -> rows, written as a diff against what is stored.

Loading an article computes every row it owns (figures, flags, groups, skipped numbers …) on the
stable keys of :mod:`db.schema`, compares them with the stored rows and writes only what
changed: loading the same document twice changes nothing in the file (not even a rowid or the
full-text index), and a reprocess with better patterns touches only what they changed.

Reviews are never written here: they point at flags by fingerprint and outlive any reload.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import regex as re
import sqlite_utils

from db.schema import CHILD_TABLES, TABLES, key
from db.units import map_unit, name_key, unit_label
from extractors.normalize import strip_accents
from extractors.records import Document, Flag

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def fingerprint(flag: Flag, surfaces: Iterable[str], article_key: str) -> str:
    """The flag key: rule + sorted figure surfaces + article (stable when a metric is renamed)."""
    return key(flag.rule, "|".join(sorted(surfaces)), article_key, length=40)


def article_id(article_key: str) -> str:
    return key("article", article_key)


def sentence_window(text: str, start: int, end: int, limit: int = 600) -> tuple[int, int]:
    """The sentence(s) around ``text[start:end]``: the evidence an auditor reads."""
    lo = max(0, start - limit)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m.end() if m else min(len(text), end + limit)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def document_rows(doc: Document, article_key: str, *, page_url: str | None = None,
                  portal_id: str | None = None, listing_date: str | None = None) -> dict[str, Any]:
    """Every row one document owns, keyed by table (pure: no database)."""
    aid = article_id(article_key)
    unit = doc.unit or {}
    level, uname, province = unit.get("level"), unit.get("name"), unit.get("province")
    unit_id = key("unit", level, uname, province) if (uname or province) else None
    period = doc.period or {}
    pstart, pend = period.get("start"), period.get("end")
    published, published_from = doc.published, doc.published_from
    if not published and listing_date:
        published, published_from = listing_date, "listing"

    figure_pk: dict[str, str] = {}
    by_local = {f.id: f for f in doc.figures}
    for f in doc.figures:
        figure_pk[f.id] = key("figure", aid, f.start, f.end, f.metric)
    figures = [{
        "id": figure_pk[f.id], "article_id": aid, "local_id": f.id, "metric": f.metric, "kind": f.kind,
        "value": _num(f.value), "surface": f.surface, "start": f.start, "end": f.end, "scope": f.scope,
        "unit_name": f.unit_name, "approx": f.approx, "base": f.base, "decimals": f.decimals,
        "segment": f.segment, "sentence": f.sentence, "parent_id": figure_pk.get(f.parent or ""),
        "unit_id": unit_id, "level": f.scope if f.scope in ("tinh", "huyen", "xa") else level,
        "period_start": pstart, "period_end": pend,
    } for f in doc.figures]

    groups: dict[str, dict[str, Any]] = {}
    flags: list[dict[str, Any]] = []
    flag_figures: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for flag in doc.flags:
        involved = [by_local[i] for i in flag.figures if i in by_local]
        # The key is always ours: the checker's fingerprint (kept in its own column) names no article
        # and includes metric names, so it would collide across articles and change with a lexicon.
        fp = fingerprint(flag, [f.surface for f in involved], article_key)
        if fp in seen:  # the same rule over the same surfaces twice: keep both, keyed by order
            seen[fp] += 1
            fp = f"{fp}~{seen[fp]}"
        else:
            seen[fp] = 1
        group_id = None
        if flag.group is not None:
            group_id = key("group", aid, flag.group)
            g = groups.setdefault(group_id, {"id": group_id, "article_id": aid, "label": None,
                                             "diagnosis": None, "flags_count": 0})
            g["flags_count"] += 1
            g["diagnosis"] = g["diagnosis"] or flag.diagnosis
            g["label"] = g["label"] or (flag.diagnosis or flag.relation)[:120]
        spans = _evidence_spans(flag, len(doc.text))
        if spans:  # the checker's own evidence sentences
            ev_start, ev_end = spans[0]
            evidence = " … ".join(doc.text[a:b] for a, b in spans)
        elif involved:
            ev_start, ev_end = sentence_window(doc.text, min(f.start for f in involved),
                                               max(f.end for f in involved))
            evidence = doc.text[ev_start:ev_end]
        else:
            ev_start = ev_end = None
            evidence = _evidence_text(flag)
        flags.append({
            "id": fp, "article_id": aid, "group_id": group_id, "rule": flag.rule,
            "severity": flag.severity, "relation": flag.relation, "stated": _num(flag.stated),
            "computed": _num(flag.computed), "diagnosis": flag.diagnosis, "explanation": flag.explanation,
            "evidence": evidence, "evidence_start": ev_start, "evidence_end": ev_end,
            "figure_ids": json.dumps([figure_pk[i] for i in flag.figures if i in figure_pk]),
            "unit_id": unit_id, "period_start": pstart, "checker_fingerprint": flag.fingerprint,
            "details": json.dumps({"evidence": flag.evidence, **(flag.details or {})},
                                  ensure_ascii=False, sort_keys=True, default=str),
        })
        for pos, local in enumerate(dict.fromkeys(flag.figures)):
            if local in figure_pk:
                flag_figures.append({"flag_id": fp, "figure_id": figure_pk[local], "position": pos})

    relations = {}
    for r in doc.relations:
        rid = key("relation", aid, r.get("fingerprint") or r.get("rule"), r.get("relation"))
        relations[rid] = {  # a relation stated twice (caption and body) is one row
            "id": rid, "article_id": aid, "rule": r.get("rule"), "relation": r.get("relation"),
            "holds": None if r.get("holds") is None else int(bool(r.get("holds"))),
            "stated": _num(r.get("stated")), "computed": _num(r.get("computed")),
            "convention": r.get("convention"), "severity": r.get("severity"),
            "figure_ids": json.dumps([figure_pk[f] for f in r.get("figures", []) if f in figure_pk]),
            "note": r.get("note")}
    relations = list(relations.values())

    skipped = [{"id": key("skipped", aid, s.start, s.end), "article_id": aid, "surface": s.surface,
                "start": s.start, "end": s.end, "reason": s.reason} for s in doc.skipped]
    body = doc.text
    article = {
        "id": aid, "source": doc.source, "page_url": page_url, "portal_id": portal_id,
        "title": doc.title, "published": published, "published_from": published_from,
        "unit_id": unit_id, "period_start": pstart, "period_end": pend,
        "figures_count": len(figures), "flags_count": len(flags), "skipped_count": len(skipped),
        "notes": "\n".join(doc.notes) or None, "body": body,
        "search_folded": strip_accents(f"{doc.title or ''}\n{body}").lower(),
    }
    units = []
    if unit_id:
        units.append({"id": unit_id, "level": level, "name": uname, "province": province,
                      "label": unit_label(level, uname, province), "name_key": name_key(uname)})
    return {"articles": [article], "units": units, "figures": figures, "relations": relations,
            "flag_groups": list(groups.values()), "flags": flags, "flag_figures": flag_figures,
            "skipped": skipped}


def _evidence_spans(flag: Flag, length: int) -> list[tuple[int, int]]:
    """(start, end) of each evidence item the checker located in the clean text."""
    spans = []
    for item in flag.evidence or []:
        if (isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int)
                and 0 <= item["start"] < item["end"] <= length):
            spans.append((item["start"], item["end"]))
    return spans


def _evidence_text(flag: Flag) -> str | None:
    for item in flag.evidence or []:
        for name in ("text", "sentence", "evidence"):
            if isinstance(item, dict) and isinstance(item.get(name), str):
                return item[name]
    return None


def _pk_of(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    pk = TABLES[table]["pk"]
    return tuple(row[c] for c in pk) if isinstance(pk, tuple) else (row[pk],)


def _pk_where(table: str) -> str:
    pk = TABLES[table]["pk"]
    cols = pk if isinstance(pk, tuple) else (pk,)
    return " and ".join(f"[{c}] = ?" for c in cols)


def _sync(db: sqlite_utils.Database, table: str, stored: list[dict[str, Any]],
          wanted: list[dict[str, Any]], stats: dict[str, int]) -> None:
    """Make the stored rows equal ``wanted``: delete missing, insert new, replace changed."""
    columns = list(TABLES[table]["columns"])
    old = {_pk_of(table, r): r for r in stored}
    new = {_pk_of(table, r): {c: r.get(c) for c in columns} for r in wanted}
    gone = [pk for pk in old if pk not in new]
    for pk in gone:
        db.execute(f"delete from [{table}] where {_pk_where(table)}", pk)
    changed, added = [], []
    for pk, row in new.items():
        if pk not in old:
            added.append([row[c] for c in columns])
        elif {c: old[pk].get(c) for c in columns} != row:
            changed.append(row)
    for row in changed:
        sets = ", ".join(f"[{c}] = ?" for c in columns)
        db.execute(f"update [{table}] set {sets} where {_pk_where(table)}",
                   [row[c] for c in columns] + list(_pk_of(table, row)))
    if added:  # plain SQL, one statement for all: sqlite-utils' insert would commit the caller's batch
        db.conn.executemany(f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                            f"values ({', '.join('?' for _ in columns)})", added)
    stats[table] = stats.get(table, 0) + len(gone) + len(changed) + len(added)


def store_rows(db: sqlite_utils.Database, rows: dict[str, Any], stats: dict[str, int] | None = None) -> dict[str, int]:
    """Write one document's rows (from :func:`document_rows`) as a diff; returns rows touched."""
    stats = {} if stats is None else stats
    article = rows["articles"][0]
    aid = article["id"]
    for unit in rows["units"]:
        existing = list(db.query("select * from units where id = ?", [unit["id"]]))
        _sync(db, "units", existing, [unit], stats)
        mapped = map_unit(unit["level"], unit["name"], unit["province"]).row(unit["id"])
        existing = list(db.query("select * from units_2025 where unit_id = ?", [unit["id"]]))
        _sync(db, "units_2025", existing, [mapped], stats)
    if article["portal_id"]:
        db.execute("insert or ignore into portals (id) values (?)", [article["portal_id"]])
    existing = list(db.query("select * from articles where id = ?", [aid]))
    _sync(db, "articles", existing, [article], stats)
    for table in CHILD_TABLES:
        if table == "flag_figures":
            stored = list(db.query("select ff.* from flag_figures ff join flags f on f.id = ff.flag_id "
                                   "where f.article_id = ?", [aid]))
        else:
            stored = list(db.query(f"select * from [{table}] where article_id = ?", [aid]))
        _sync(db, table, stored, rows[table], stats)
    db.execute("delete from load_errors where source = ?", [article["page_url"] or article["source"]])
    return stats


def load_document(db: sqlite_utils.Database, doc: Document, article_key: str | None = None,
                  **page: Any) -> dict[str, int]:
    """Upsert one document and everything it owns; idempotent."""
    return store_rows(db, document_rows(doc, article_key or doc.source, **page))


def delete_article(db: sqlite_utils.Database, aid: str) -> None:
    """Remove an article and its children (its page vanished or is no longer relevant)."""
    db.execute("delete from flag_figures where flag_id in (select id from flags where article_id = ?)", [aid])
    for table in ("flags", "flag_groups", "figures", "relations", "skipped"):
        db.execute(f"delete from [{table}] where article_id = ?", [aid])
    db.execute("delete from articles where id = ?", [aid])


def record_error(db: sqlite_utils.Database, source: str, reason: str, message: str) -> None:
    row = {"source": source, "reason": reason, "message": message}
    existing = list(db.query("select * from load_errors where source = ?", [source]))
    _sync(db, "load_errors", existing, [row], {})


def store_portals(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> int:
    """Upsert portal rows ({id, name, url, level, province}) as a diff; returns rows changed."""
    stats: dict[str, int] = {}
    for row in rows:
        existing = list(db.query("select * from portals where id = ?", [row["id"]]))
        _sync(db, "portals", existing, [row], stats)
    return stats.get("portals", 0)


def prune_units(db: sqlite_utils.Database) -> int:
    """Drop units no article refers to any more (their mapping rows go with them)."""
    gone = [r["id"] for r in db.query(
        "select id from units where id not in (select unit_id from articles where unit_id is not null)")]
    for uid in gone:
        db.execute("delete from units_2025 where unit_id = ?", [uid])
        db.execute("delete from units where id = ?", [uid])
    return len(gone)
