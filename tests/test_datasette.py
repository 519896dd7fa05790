"""The database as analysts and auditors meet it: through Datasette's own test client."""

from __future__ import annotations

import asyncio
import json
import re as stdre

import pytest
from datasette_auth_passwords.utils import hash_password

from db.schema import TABLES, VIEWS, open_db
from db.serve import make_datasette
from db.synthetic import build_demo_db

EVIL = ' <script>alert("x")</script> & <b>bold</b>'


def run(coro):
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("ds") / "demo.db"
    build_demo_db(str(path), 10, note_first=EVIL)
    return path


@pytest.fixture
def ds(demo_path):
    return make_datasette(demo_path)


@pytest.fixture
def flag_id(demo_path):
    db = open_db(str(demo_path))
    aid = next(iter(db.query("select id from articles where body like '%<script>%'")))["id"]
    return next(iter(db.query("select id from flags where article_id = ? order by rule desc", [aid])))["id"]


def actor_cookie(ds, name="auditor"):
    return {"ds_actor": ds.sign({"a": {"id": name}}, "actor")}


def csrf(ds, path, cookies):
    """Get a page as a signed-in actor and return the cookies + form token a browser would send."""
    response = run(ds.client.get(path, cookies=cookies))
    assert response.status_code == 200, response.text[:500]
    token = stdre.search(r'name="csrftoken" value="([^"]+)"', response.text).group(1)
    return {**cookies, "ds_csrftoken": response.cookies["ds_csrftoken"]}, token


PAGES = ["/", "/demo", "/demo/flags?_sort=id", "/demo/figures?_facet=metric&_facet=scope",
         "/demo/articles?_search=ho+so", "/demo/articles?_search=Dien+Bien", "/demo/figures_by_metric?metric=received_total&unit=Mai&period=2023",
         "/demo/units_most_errors", "/demo/flags_awaiting_review", "/demo/figures.csv?_labels=on",
         "/demo/flags.json?_labels=on", "/demo/figures_long.csv", "/demo/rates_by_unit_period.json"]
PAGES += [f"/demo/{t}" for t in list(TABLES) + list(VIEWS)]


@pytest.mark.parametrize("path", PAGES)
def test_pages_users_need_answer_200(ds, path):
    assert run(ds.client.get(path)).status_code == 200


def test_flag_page_answers_200_and_highlights_the_numbers(ds, flag_id, demo_path):
    response = run(ds.client.get(f"/-/flag/{flag_id}"))
    assert response.status_code == 200
    db = open_db(str(demo_path))
    surfaces = [r["surface"] for r in db.query(
        "select f.surface from flag_figures ff join figures f on f.id = ff.figure_id where ff.flag_id = ?",
        [flag_id])]
    marked = stdre.findall(r"<mark[^>]*>([^<]+)</mark>", response.text)
    assert sorted(marked) == sorted(surfaces) and len(marked) == 3
    flag = db["flags"].get(flag_id)
    assert flag["diagnosis"].split(":")[0] in response.text  # the diagnosis ("… is most likely …")
    assert "Same root cause" in response.text and "/-/flag/" in response.text


def test_flag_page_links_the_other_flags_of_the_root_cause(ds, flag_id, demo_path):
    db = open_db(str(demo_path))
    group = db["flags"].get(flag_id)["group_id"]
    others = [r["id"] for r in db.query("select id from flags where group_id = ? and id != ?", [group, flag_id])]
    text = run(ds.client.get(f"/-/flag/{flag_id}")).text
    assert others and all(f"/-/flag/{o}" in text for o in others)


def test_evidence_with_script_is_escaped(ds, flag_id):
    text = run(ds.client.get(f"/-/flag/{flag_id}")).text
    assert "<script>alert" not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text


def test_flags_table_escapes_evidence(ds):
    text = run(ds.client.get("/demo/flags")).text
    assert "<script>alert" not in text


def test_signed_in_review_is_stored_with_actor_and_time(ds, flag_id, demo_path):
    cookies, token = csrf(ds, f"/-/flag/{flag_id}", actor_cookie(ds, "lan"))
    response = run(ds.client.post(f"/-/flag/{flag_id}", cookies=cookies, data={
        "verdict": "confirmed", "comment": "đã đối chiếu <i>sổ</i>", "csrftoken": token}))
    assert response.status_code == 302
    rows = list(open_db(str(demo_path)).query("select * from reviews where flag_id = ? and actor = ?", [flag_id, "lan"]))
    assert [(r["verdict"], r["actor"], r["comment"]) for r in rows] == [("confirmed", "lan", "đã đối chiếu <i>sổ</i>")]
    assert rows[0]["created_at"].startswith("20")
    page = run(ds.client.get(f"/-/flag/{flag_id}")).text
    assert "<i>sổ</i>" not in page and "&lt;i&gt;sổ&lt;/i&gt;" in page


def test_anonymous_review_is_refused(ds, flag_id, demo_path):
    db = open_db(str(demo_path))
    before = db["reviews"].count
    response = run(ds.client.post(f"/-/flag/{flag_id}", data={"verdict": "confirmed"}))
    assert response.status_code == 403
    assert open_db(str(demo_path))["reviews"].count == before
    assert "Sign in to record a verdict" in run(ds.client.get(f"/-/flag/{flag_id}")).text


def test_an_unknown_verdict_is_refused(ds, flag_id, demo_path):
    before = open_db(str(demo_path))["reviews"].count
    cookies, token = csrf(ds, f"/-/flag/{flag_id}", actor_cookie(ds))
    response = run(ds.client.post(f"/-/flag/{flag_id}", cookies=cookies,
                                  data={"verdict": "looks fine", "csrftoken": token}))
    assert response.status_code == 400
    assert open_db(str(demo_path))["reviews"].count == before


def test_writable_canned_query_needs_a_signed_in_actor(ds, flag_id, demo_path):
    assert run(ds.client.get("/demo/record_review")).status_code == 403
    cookies, token = csrf(ds, "/demo/record_review", actor_cookie(ds, "minh"))
    response = run(ds.client.post("/demo/record_review", cookies=cookies, data={
        "flag_id": flag_id, "verdict": "explained", "comment": "", "csrftoken": token}))
    assert response.status_code == 302
    rows = list(open_db(str(demo_path)).query("select * from reviews where actor = 'minh'"))
    assert [(r["flag_id"], r["verdict"]) for r in rows] == [(flag_id, "explained")]


def test_sign_in_with_datasette_auth_passwords_then_review(demo_path, flag_id):
    ds = make_datasette(demo_path, extra_metadata={"plugins": {"datasette-auth-passwords": {
        "hoa_password_hash": hash_password("s3cret", iterations=1000)}}})
    login = run(ds.client.get("/-/login"))
    token = stdre.search(r'name="csrftoken" value="([^"]+)"', login.text).group(1)
    cookies = {"ds_csrftoken": login.cookies["ds_csrftoken"]}
    response = run(ds.client.post("/-/login", cookies=cookies, data={
        "username": "hoa", "password": "s3cret", "csrftoken": token}))
    assert response.status_code == 302 and "ds_actor" in response.cookies
    cookies, token = csrf(ds, f"/-/flag/{flag_id}", {"ds_actor": response.cookies["ds_actor"]})
    response = run(ds.client.post(f"/-/flag/{flag_id}", cookies=cookies,
                                  data={"verdict": "false_alarm", "csrftoken": token}))
    assert response.status_code == 302
    assert list(open_db(str(demo_path)).query("select actor from reviews where actor = 'hoa'"))


def test_exports_carry_labels(ds):
    csv_text = run(ds.client.get("/demo/flags.csv?_labels=on&_size=max")).text
    header = csv_text.splitlines()[0].split(",")
    assert "unit_id_label" in header and "huyện Mai Sơn, Sơn La" in csv_text
    data = run(ds.client.get("/demo/figures.json?_labels=on&_shape=objects&_size=5")).json()
    row = data["rows"][0]
    assert isinstance(row["unit_id"], dict) and row["unit_id"]["label"].startswith("huyện ")
    assert isinstance(row["article_id"], dict) and row["article_id"]["label"]


def test_metadata_facets_are_applied(ds):
    data = run(ds.client.get("/demo/figures.json")).json()
    assert "metric" in data["facet_results"]


def test_search_through_datasette_folds_d(ds):
    data = run(ds.client.get("/demo/articles.json?_search=dien+bien&_shape=objects")).json()
    assert data["rows"] and all("Điện Biên" in r["title"] + r["body"] for r in data["rows"])


def test_flag_id_cells_link_to_the_auditor_page(ds, flag_id):
    text = run(ds.client.get(f"/demo/flags?id={flag_id}")).text
    assert f'href="/-/flag/{flag_id}"' in text


def test_unknown_flag_is_404(ds):
    assert run(ds.client.get("/-/flag/nope")).status_code == 404


def test_json_api_lists_flags(ds):
    data = json.loads(run(ds.client.get("/demo/flags.json?_shape=array&_size=max")).text)
    assert len(data) == 10 and {d["rule"] for d in data} == {"sum", "level_sum"}


def test_a_vanished_flag_shows_its_kept_reviews(tmp_path):
    path = tmp_path / "orphan.db"
    db = build_demo_db(str(path), 1)
    flag_id = next(iter(db.query("select id from flags")))["id"]
    from db.reviews import add_review
    add_review(db, flag_id, "confirmed", "<b>seen</b>", "lan")
    with db.conn:
        db.execute("delete from flag_figures")
        db.execute("delete from flags")
    response = run(make_datasette(path).client.get(f"/-/flag/{flag_id}"))
    assert response.status_code == 404
    assert "no longer exists" in response.text and "lan" in response.text
    assert "<b>seen</b>" not in response.text


def test_cchc_serve_answers_on_127_0_0_1(demo_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cchc = Path(sys.executable).with_name("cchc")
    proc = subprocess.Popen([str(cchc), "serve", str(demo_path), "--port", str(port), "--root"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        status, deadline = None, time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/demo/flags", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/-/auth-token?token=" in output
