"""What an auditor sees: headless Chromium opens a flag page of a demo-like database served on
127.0.0.1; the involved numbers are highlighted and a screenshot is kept in tests/artifacts/."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from db.schema import open_db
from db.serve import make_datasette
from db.synthetic import build_demo_db

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]
INJECTED = "<script>document.title='pwned'</script>"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (scripts/install-browser.sh)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    import uvicorn

    path = tmp_path_factory.mktemp("browser") / "demo.db"
    build_demo_db(str(path), 10, note_first=" " + INJECTED)
    ds = make_datasette(path)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(ds.app(), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    yield path, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def first_flag(path) -> tuple[str, list[str]]:
    db = open_db(str(path))
    aid = next(iter(db.query("select id from articles where body like '%pwned%'")))["id"]
    flag_id = next(iter(db.query("select id from flags where article_id = ? and rule = 'sum'", [aid])))["id"]
    surfaces = [r["surface"] for r in db.query(
        "select f.surface from flag_figures ff join figures f on f.id = ff.figure_id where ff.flag_id = ?",
        [flag_id])]
    return flag_id, surfaces


def test_flag_page_in_a_real_browser(served, tmp_path):
    path, base = served
    flag_id, surfaces = first_flag(path)
    url = f"{base}/-/flag/{flag_id}"
    result = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", url)
    dom = result.stdout
    assert "id=\"evidence\"" in dom, result.stderr[-2000:]
    for surface in surfaces:
        assert f">{surface}</mark>" in dom
    assert "<title>pwned" not in dom and "&lt;script&gt;" in dom  # escaped, never run

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "flag_page.png"
    shot.unlink(missing_ok=True)
    result = chromium(tmp_path, "--window-size=1200,1400", f"--screenshot={shot}", url)
    assert shot.exists() and shot.stat().st_size > 10_000, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
