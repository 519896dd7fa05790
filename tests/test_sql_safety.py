"""Auditor data: all SQL is parameterised, and crawled text never reaches a Datasette page as markup.

The first half reads the source (the AST of ``db/``, ``cchc/``, ``scraper/``): every SQL string
handed to an execute/query call is a literal, or interpolates only identifiers and placeholder
lists listed in ``ALLOWED`` with the reason they cannot carry a value. The second half stores a
crawled page whose text carries ``<script>``, ``<img onerror>`` and ``<b>``, reprocesses it and
reads every Datasette page an auditor or analyst opens.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
from pathlib import Path
from typing import Any

import pytest

from cchc.pipeline import reprocess
from db.pages import save_page
from db.schema import open_db
from db.serve import make_datasette

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("db", "cchc", "scraper")
# Calls whose first argument is SQL (sqlite3, sqlite-utils, Datasette's Database).
SQL_CALLS = {"execute", "executemany", "executescript", "query", "execute_write", "execute_write_many",
             "execute_write_script", "rows_where", "count_where", "delete_where"}

# (file, interpolated expression as ast.unparse prints it) -> why it cannot carry a value.
ALLOWED: dict[tuple[str, str], str] = {
    ("db/crawlstate.py", "', '.join(cols)"):
        "column names: keys of the page dict filtered through the fixed PAGE_COLUMNS set",
    ("db/crawlstate.py", "', '.join('?' * len(cols))"): "a list of ? placeholders",
    ("db/crawlstate.py", "updates"): "'c=excluded.c' for the same PAGE_COLUMNS names",
    ("db/crawlstate.py", "','.join('?' * len(portal_ids))"): "a list of ? placeholders",
    ("db/load.py", "table"): "a table name from the fixed TABLES / CHILD_TABLES of db/schema.py",
    ("db/load.py", "_pk_where(table)"): "'[col] = ?' for the primary-key columns of TABLES",
    ("db/load.py", "sets"): "'[col] = ?' for the columns of TABLES",
    ("db/load.py", "', '.join((f'[{c}]' for c in columns))"): "column names of TABLES, bracket-quoted",
    ("db/load.py", "', '.join(('?' for _ in columns))"): "a list of ? placeholders",
    ("db/pages.py", "' and '.join(clauses)"):
        "fixed clauses plus the caller's `where` fragment; callers pass the constant PAGE_FILTER, "
        "values go in `params`",
    ("db/schema.py", "int(SCHEMA_VERSION)"): "an int() of a module constant (PRAGMA takes no parameters)",
    ("cchc/pipeline.py", "table"): "a table name from the literal tuple in _totals",
}


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _assignments(scope: ast.AST, name: str) -> list[ast.expr]:
    """Every value assigned (=, +=, annotated) to ``name`` inside ``scope``."""
    out: list[ast.expr] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    out.append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    out += [v for t, v in zip(target.elts, node.value.elts)
                            if isinstance(t, ast.Name) and t.id == name]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.target.id == name and node.value is not None:
            out.append(node.value)
    return out


def _interpolations(expr: ast.expr, scopes: list[ast.AST], depth: int = 0) -> list[str]:
    """The expressions ``expr`` splices into SQL text; ``'<opaque> ...'`` for what cannot be traced."""
    if isinstance(expr, ast.Constant):
        return []
    if isinstance(expr, ast.JoinedStr):
        return [ast.unparse(v.value) for v in expr.values if isinstance(v, ast.FormattedValue)]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _interpolations(expr.left, scopes, depth) + _interpolations(expr.right, scopes, depth)
    if isinstance(expr, ast.Name) and depth < 5:
        for scope in scopes:  # innermost function first, then the module
            values = _assignments(scope, expr.id)
            if values:
                return [x for v in values for x in _interpolations(v, scopes, depth + 1)]
        return [f"<opaque> {expr.id}"]  # a parameter: the SQL comes from the caller
    return [f"<opaque> {ast.unparse(expr)}"]


def sql_interpolations() -> list[tuple[str, int, str]]:
    """(file, line, interpolated expression) for every non-literal piece of SQL in the packages."""
    found = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and node.args):
                continue
            enclosing = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            scopes: list[ast.AST] = sorted(enclosing, key=lambda f: -f.lineno) + [tree]
            found += [(rel, node.lineno, expr) for expr in _interpolations(node.args[0], scopes)]
    return found


FOUND = sql_interpolations()


def test_the_scan_sees_the_sql_of_the_project() -> None:
    # The scanner must find the known dynamic statements, or a refactor has blinded it.
    files = {f for f, _, _ in FOUND}
    assert {"db/load.py", "db/crawlstate.py", "db/pages.py"} <= files


@pytest.mark.parametrize("rel,line,expr", FOUND, ids=[f"{f}:{n}:{e[:40]}" for f, n, e in FOUND])
def test_sql_interpolates_only_allowed_identifiers(rel: str, line: int, expr: str) -> None:
    assert (rel, expr) in ALLOWED, (
        f"{rel}:{line} splices {expr!r} into SQL: pass values as ? parameters, or (for an identifier "
        "from a fixed set) add it to ALLOWED with the reason")


@pytest.mark.parametrize("entry", sorted(ALLOWED), ids=[f"{f}:{e[:40]}" for f, e in sorted(ALLOWED)])
def test_no_stale_allowance(entry: tuple[str, str]) -> None:
    assert entry in {(f, e) for f, _, e in FOUND}, "allowed but no longer in the code: remove it"


def test_iter_pages_callers_pass_a_constant_where() -> None:
    # db/pages.py's `where` is the one SQL fragment that crosses a function boundary.
    calls = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "iter_pages":
                calls += [(path.name, kw.value) for kw in node.keywords if kw.arg == "where"]
    assert calls
    for name, value in calls:
        assert isinstance(value, ast.Constant) or (isinstance(value, ast.Name) and value.id.isupper()), name


# --- crawled text in Datasette (payloads without digits, so no number in them becomes a figure) ---------------------------------------------------------------
PAYLOADS = ['<script>alert("x")</script>', "<img src=x onerror=alert(document.domain)>", "<b>đậm</b>",
            "<a href=javascript:alert(document.cookie)>xem</a>"]
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Kết quả cải cách hành chính tháng 5/2024 &lt;img src=y onerror=alert(document.title)&gt;</title></head><body>
<h1>Kết quả cải cách hành chính tháng 5/2024 &lt;img src=y onerror=alert(document.title)&gt;</h1>
<div class="ArticleContent"><p>Trong tháng 5/2024, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 1.250 hồ sơ.</p>
<p>Đã giải quyết 1.100 hồ sơ {0}, trong đó: trước hạn 500 hồ sơ {1}, đúng hạn 500 hồ sơ {3}, quá hạn 10 hồ sơ {2}.</p>
</div></body></html>"""
RAW = PAYLOADS + ["<img src=y onerror=alert(document.title)>"]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A database holding one crawled page whose text is full of markup, reprocessed."""
    import html
    path = tmp_path_factory.mktemp("xss") / "crawl.db"
    db = open_db(str(path))
    body = PAGE.format(*(html.escape(p, quote=False) for p in PAYLOADS)).encode("utf-8")
    url = "http://127.0.0.1/bai-viet/ket-qua-cchc-5-2024.html"
    save_page(db, {"url": url, "final_url": url, "portal_id": "x", "status": 200, "kind": "article",
                   "content_type": "text/html; charset=utf-8", "body": body, "relevant": 1,
                   "sha256": hashlib.sha256(body).hexdigest(), "fetched_at": "2024-06-01T00:00:00+00:00"})
    reprocess(db, workers=1, progress=False)
    flags = [r["id"] for r in db.query("select id from flags")]
    aid = next(iter(db.query("select id from articles")))["id"]
    return {"path": path, "flags": flags, "article": aid, "db": db}


def test_the_payloads_reach_the_database_as_text(hostile: dict[str, Any]) -> None:
    # The premise of the next tests: the markup is data in the rows, not stripped before them.
    db = hostile["db"]
    assert hostile["flags"]
    evidence = " ".join(r["evidence"] for r in db.query("select evidence from flags"))
    assert '<script>alert("x")</script>' in evidence and "<img src=x onerror=alert(document.domain)>" in evidence
    assert "onerror=alert(document.title)" in next(iter(db.query("select title from articles")))["title"]


def _pages(h: dict[str, Any]) -> list[str]:
    name, flag, aid = "crawl", h["flags"][0], h["article"]
    return [f"/-/flag/{flag}", f"/{name}/flags", f"/{name}/flags/{flag}", f"/{name}/articles",
            f"/{name}/articles/{aid}", f"/{name}/articles?_search=giai+quyet", f"/{name}/figures?_facet=metric",
            f"/{name}/flags_awaiting_review", f"/{name}/flags_by_unit", f"/{name}/skipped",
            f"/{name}?sql=select+evidence,+title+from+flags+join+articles+on+articles.id=flags.article_id"]


PAGE_NAMES = ["flag-page", "flags-table", "flag-row", "articles-table", "article-row", "article-search",
              "figures-facet", "flags-awaiting-review", "flags-by-unit", "skipped", "custom-sql"]


@pytest.mark.parametrize("index", range(len(PAGE_NAMES)), ids=PAGE_NAMES)
def test_no_page_renders_crawled_markup(hostile: dict[str, Any], index: int) -> None:
    path = _pages(hostile)[index]
    response = run(make_datasette(hostile["path"]).client.get(path))
    assert response.status_code == 200, path
    leaked = [p for p in RAW if p in response.text]
    assert leaked == [], f"{path} renders {leaked}"


def test_the_flag_page_shows_the_payload_escaped(hostile: dict[str, Any]) -> None:
    text = run(make_datasette(hostile["path"]).client.get(f"/-/flag/{hostile['flags'][0]}")).text
    assert "&lt;img src=x onerror=alert(document.domain)&gt;" in text
    assert "&lt;script&gt;alert(" in text
