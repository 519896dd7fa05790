"""Datasette plugin: the auditor's flag page (``/-/flag/<id>``) and its review form.

The page shows the evidence sentence with the numbers of the flag highlighted (``<mark>``),
stated vs computed, the diagnosis, the other flags of the same root cause, the source link and the
reviews so far. Everything that came from a crawled page goes through Jinja's autoescape; the
highlighting is built as segments, never as HTML strings. Writing a review needs a signed-in
actor (``request.actor``); anonymous visitors can read.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils
from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Forbidden, NotFound, Response
from markupsafe import Markup, escape

from db import facets
from db.reviews import ReviewError, add_review
from db.schema import VERDICTS

PLUGIN_NAME = "cchc"


def register() -> None:
    """Register this module with Datasette's plugin manager (what ``cchc serve`` does)."""
    from datasette.plugins import pm

    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(__import__(__name__, fromlist=["_"]), name=PLUGIN_NAME)


async def _database(datasette: Any) -> Any:
    for name, database in datasette.databases.items():
        if name != "_internal" and await database.table_exists("flags"):
            return database
    raise NotFound("no database with a flags table")


def highlight(text: str, spans: list[tuple[int, int, str]], offset: int) -> list[dict[str, Any]]:
    """Split ``text`` (which starts at ``offset`` of the article body) into plain and marked parts."""
    segments: list[dict[str, Any]] = []
    pos = 0
    best: dict[tuple[int, int], str] = {}
    for start, end, label in spans:  # one mark per span; a figure's label beats a bare highlight
        best[(start, end)] = best.get((start, end)) or label
    for (start, end), label in sorted(best.items()):
        s, e = start - offset, end - offset
        if s < pos or e > len(text) or s < 0:
            continue  # overlapping or outside the window: shown in the figures table instead
        if s > pos:
            segments.append({"text": text[pos:s], "mark": False})
        segments.append({"text": text[s:e], "mark": True, "label": label})
        pos = e
    if pos < len(text):
        segments.append({"text": text[pos:], "mark": False})
    return segments


def evidence_windows(flag: dict[str, Any]) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """The evidence passages of a flag: the checker's (with its highlights), else the stored window."""
    try:
        items = json.loads(flag.get("details") or "{}").get("evidence") or []
    except ValueError:
        items = []
    windows = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            extra = [(int(h[0]), int(h[1]), "") for h in item.get("highlights") or []
                     if isinstance(h, list | tuple) and len(h) == 2]
            windows.append((item["start"], item["end"], extra))
    if not windows and flag.get("evidence_start") is not None:
        windows.append((flag["evidence_start"], flag["evidence_end"], []))
    return windows


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def _number(value: Any) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.2f}".replace(".", ",")


async def flag_context(database: Any, flag_id: str) -> dict[str, Any]:
    rows = (await database.execute("select * from flags where id = ?", [flag_id])).rows
    if not rows:
        raise NotFound(f"no flag {flag_id}")
    flag = dict(rows[0])
    article = dict((await database.execute(
        "select id, source, page_url, title, published, period_start, period_end, unit_id, body "
        "from articles where id = ?", [flag["article_id"]])).rows[0])
    body = article.pop("body") or ""
    unit = None
    if article["unit_id"]:
        found = (await database.execute(
            "select u.label, m.status, m.province_2025, m.ward_2025 from units u "
            "left join units_2025 m on m.unit_id = u.id where u.id = ?", [article["unit_id"]])).rows
        unit = dict(found[0]) if found else None
    figures = [dict(r) for r in (await database.execute(
        "select f.id, f.metric, f.kind, f.scope, f.value, f.surface, f.start, f.end "
        "from flag_figures ff join figures f on f.id = ff.figure_id where ff.flag_id = ? "
        "order by ff.position", [flag_id])).rows]
    for f in figures:
        f["value_text"] = _number(f["value"])
    spans = [(f["start"], f["end"], f"{f['metric']} [{f['scope']}]") for f in figures]
    windows = evidence_windows(flag)
    if windows:
        paragraphs = [highlight(body[a:b], spans + extra, a) for a, b, extra in windows]
    else:
        paragraphs = [[{"text": flag["evidence"] or "", "mark": False}]]
    siblings = []
    if flag["group_id"]:
        siblings = [dict(r) for r in (await database.execute(
            "select id, rule, severity, relation, stated, computed from flags "
            "where group_id = ? and id != ? order by id", [flag["group_id"], flag_id])).rows]
    for sib in siblings:
        sib["stated"], sib["computed"] = _number(sib["stated"]), _number(sib["computed"])
    reviews = [dict(r) for r in (await database.execute(
        "select verdict, comment, actor, created_at from reviews where flag_id = ? order by id",
        [flag_id])).rows]
    stated, computed = flag["stated"], flag["computed"]
    difference = None if stated is None or computed is None else stated - computed
    return {"flag": flag, "article": article, "unit": unit, "figures": figures, "paragraphs": paragraphs,
            "siblings": siblings, "reviews": reviews, "verdicts": VERDICTS,
            "source_url": _safe_url(article["page_url"] or article["source"]),
            "stated": _number(stated), "computed": _number(computed),
            "difference": _number(difference) if difference is not None else "–",
            "database": database.name}


async def flag_page(datasette: Any, request: Any) -> Response:
    flag_id = request.url_vars["flag_id"]
    database = await _database(datasette)
    message = None
    if request.method == "POST":
        if request.actor is None:
            raise Forbidden("sign in to review a flag")
        allowed = await datasette.permission_allowed(request.actor, "cchc-review", default=True)
        if not allowed:
            raise Forbidden("this actor may not review flags")
        form = await request.post_vars()
        actor_id = str(request.actor.get("id") or request.actor)

        def write(conn: Any) -> dict[str, Any]:
            return add_review(sqlite_utils.Database(conn), flag_id, form.get("verdict", ""),
                              form.get("comment"), actor_id)

        try:
            await database.execute_write_fn(write, block=True)
        except ReviewError as exc:
            return Response.html(str(escape(str(exc))), status=400)
        datasette.add_message(request, "Review recorded", datasette.INFO)
        return Response.redirect(datasette.urls.path(f"/-/flag/{flag_id}"))
    try:
        context = await flag_context(database, flag_id)
    except NotFound:
        orphans = [dict(r) for r in (await database.execute(
            "select * from reviews where flag_id = ? order by id", [flag_id])).rows]
        if not orphans:
            raise
        # The flag vanished in a reprocess; its reviews are kept and shown, never deleted.
        html = await datasette.render_template("cchc_orphan.html", {"flag_id": flag_id, "reviews": orphans},
                                               request=request)
        return Response.html(html, status=404)
    context.update({"actor": request.actor, "message": message,
                    "row_url": datasette.urls.row(database.name, "flags", flag_id),
                    "article_url": datasette.urls.row(database.name, "articles", context["article"]["id"])})
    return Response.html(await datasette.render_template("cchc_flag.html", context, request=request))


@hookimpl
def prepare_connection(conn: Any) -> None:
    # Facets scan an index of every figure; a 64 MB page cache keeps it in memory between
    # requests instead of copying it from the OS cache each time (~15 % less CPU at 1M figures).
    conn.execute("pragma cache_size = -65536")


class CountedColumnFacet(ColumnFacet):
    """Datasette's column facet, reading stored counts (:mod:`db.facets`) on unfiltered pages."""

    _stored: frozenset[str] = frozenset()

    def get_configs(self) -> list[dict[str, Any]]:
        return [c for c in super().get_configs() if _facet_column(c) not in self._stored]

    def _unfiltered(self) -> bool:
        # Datasette passes "select <columns> from <table> <where>": no where clause, no params.
        sql, tail = self.sql.rstrip(), f" from {escape_sqlite(self.table or '')}"
        return not self.params and sql.find(tail) == len(sql) - len(tail)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        counted = facets.COUNTED.get(self.table or "", ())
        configs = super().get_configs()
        wanted = [c for c in configs if _facet_column(c) in counted]
        config = self.ds.plugin_config(PLUGIN_NAME, database=self.database, table=self.table) or {}
        if (not wanted or not self._unfiltered() or config.get(facets.PLUGIN_SETTING) is False
                or not await self.ds.databases[self.database].table_exists(facets.TABLE)):
            return await super().facet_results()
        self._stored = frozenset(_facet_column(c) for c in wanted)
        live, timed_out = await super().facet_results()
        results, i = [], 0
        for config in configs:  # in Datasette's order, a column asked for twice shown twice
            if _facet_column(config) in self._stored:
                results.append(await self._stored_result(config))
            elif i < len(live) and live[i]["name"] == _facet_column(config):  # else it timed out
                results.append(live[i])
                i += 1
        return results + live[i:], timed_out

    async def _stored_result(self, source_and_config: dict[str, Any]) -> dict[str, Any]:
        # The same structure as ColumnFacet.facet_results builds, from the counts table.
        column = _facet_column(source_and_config)
        size = self.get_facet_size()
        table = self.table
        rows = await self.ds.databases[self.database].execute_fn(
            lambda conn: facets.stored_counts(conn, table, column, size + 1))
        qs_pairs = self.get_querystring_pairs()
        values = [value for value, _ in rows[:size]]
        expanded = await self.ds.expand_foreign_keys(self.database, table, column, values)
        column_qs = f"{column}__exact" if column.startswith("_") else column
        results = []
        for value, count in rows[:size]:
            selected = (column_qs, str(value)) in qs_pairs
            toggle = (path_with_removed_args(self.request, {column_qs: str(value)}) if selected
                      else path_with_added_args(self.request, {column_qs: value}))
            results.append({"value": value, "label": expanded.get((column, value), value), "count": count,
                            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                            "selected": selected})
        return {"name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": results, "truncated": len(rows) > size}


def _facet_column(source_and_config: dict[str, Any]) -> str:
    config = source_and_config["config"]
    return config.get("column") or config["simple"]


@hookimpl(wrapper=True)
def register_facet_classes() -> Any:
    # Swap Datasette's column facet for the counted one (one class per type, or facets repeat).
    groups = yield
    return [[CountedColumnFacet if klass is ColumnFacet else klass for klass in group] for group in groups]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/flag/(?P<flag_id>[^/]+)$", flag_page)]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    # Flag ids link to the auditor's page; in the flags table the relation does (the id cell is
    # Datasette's own link to the row).
    target = None
    if (table, column) in {("reviews", "flag_id"), ("flag_figures", "flag_id")} or (
            table is None and column == "flag_id"):
        target = value
    elif table == "flags" and column == "relation":
        try:
            target = row["id"]
        except (KeyError, IndexError, TypeError):
            target = None
    if isinstance(target, str) and value is not None:
        href = datasette.urls.path(f"/-/flag/{target}")
        return Markup('<a href="{}" title="open the evidence">{}</a>').format(href, value)
    return None


@hookimpl
def extra_template_vars(template: str) -> dict[str, Any]:
    return {"cchc_verdicts": json.dumps(VERDICTS)} if template == "cchc_flag.html" else {}
