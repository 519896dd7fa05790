"""`cchc extract` end to end: through click's CliRunner and as a real subprocess. The jsonl output
contract (SPEC.md "Output contract"), '-' for stdin, .html input, and bad inputs among good ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc.cli import cli

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "tests" / "gold" / "seeds"
SEED = SEEDS / "000_7e132c740c8fec5b.txt"  # has figures, flags and skipped numbers

DOC_KEYS = {"source", "title", "published", "unit", "period", "figures", "flags", "skipped"}
UNIT_KEYS = {"level", "name", "province"}
FIGURE_KEYS = {"id", "metric", "kind", "value", "surface", "start", "end", "scope", "unit_name", "approx", "base"}
FLAG_KEYS = {"rule", "severity", "relation", "stated", "computed", "figures", "evidence", "diagnosis"}
SKIPPED_KEYS = {"surface", "start", "end", "reason"}
KINDS = {"count", "percent", "score", "amount", "rank", "change"}
APPROX = {None, "more_than", "less_than", "about", "at_least", "at_most"}
RULES = {"sum", "level_sum", "ratio", "percent_sum", "list_count"}

HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Kết quả giải quyết thủ tục hành chính tháng 11/2023 - Cổng thông tin huyện Mai Sơn</title></head>
<body><div class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></div>
<div class="article"><h1>Kết quả giải quyết thủ tục hành chính tháng 11/2023</h1>
<p>Ngày 04/12/2023</p>
<p>Trong tháng 11/2023, Bộ phận Một cửa huyện Mai Sơn đã tiếp nhận 2.168 hồ sơ, trong đó: hồ sơ mới tiếp nhận
1.798 hồ sơ, kỳ trước chuyển sang 370 hồ sơ. Đã giải quyết 1.780 hồ sơ, đang giải quyết 388 hồ sơ.</p>
<p>Lượt xem: 173</p></div>
<div class="sidebar"><h3>Thống kê truy cập</h3><ul><li>Đang online: 12</li><li>Hôm nay: 304</li>
<li>Tất cả: 7.806.460</li></ul></div></body></html>
"""


def parse_jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def check_contract(doc: dict) -> None:
    assert DOC_KEYS <= set(doc)
    assert set(doc["unit"]) >= UNIT_KEYS and doc["unit"]["level"] in {None, "tinh", "huyen", "xa"}
    assert doc["period"] is None or {"start", "end"} <= set(doc["period"])
    for f in doc["figures"]:
        assert FIGURE_KEYS <= set(f), f
        assert f["kind"] in KINDS and f["approx"] in APPROX
        assert isinstance(f["value"], (int, float)) and isinstance(f["start"], int) and f["start"] < f["end"]
        assert f["metric"] and f["scope"]
    assert len({f["id"] for f in doc["figures"]}) == len(doc["figures"])
    ids = {f["id"] for f in doc["figures"]}
    for flag in doc["flags"]:
        assert FLAG_KEYS <= set(flag), flag
        assert flag["rule"] in RULES and flag["severity"] in {"error", "warning", "info"}
        assert set(flag["figures"]) <= ids
    for s in doc["skipped"]:
        assert SKIPPED_KEYS <= set(s) and s["reason"]


# --------------------------------------------------------------------------- CliRunner

def test_contract_on_every_seed() -> None:
    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", *paths])
    assert result.exit_code == 0, result.output
    docs = parse_jsonl(result.stdout)
    assert [d["source"] for d in docs] == paths
    for doc in docs:
        check_contract(doc)
    assert sum(len(d["flags"]) for d in docs) >= 6 and all(d["figures"] for d in docs)


def test_offsets_refer_to_the_reported_text() -> None:
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", "--text", str(SEED)])
    [doc] = parse_jsonl(result.stdout)
    for item in doc["figures"] + doc["skipped"]:
        assert doc["text"][item["start"]:item["end"]] == item["surface"]


def test_stdin_dash() -> None:
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    [doc] = parse_jsonl(result.stdout)
    assert doc["source"] == "-"
    from_file = parse_jsonl(CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(SEED)]).stdout)[0]
    assert doc["figures"] == from_file["figures"] and doc["flags"] == from_file["flags"]


def test_html_input(tmp_path: Path) -> None:
    page = tmp_path / "bulletin.html"
    page.write_text(HTML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(page)])
    assert result.exit_code == 0, result.output
    [doc] = parse_jsonl(result.stdout)
    check_contract(doc)
    assert doc["title"].startswith("Kết quả giải quyết thủ tục hành chính tháng 11/2023")
    values = {f["value"] for f in doc["figures"]}
    assert {2168, 1798, 370, 1780, 388} <= values
    assert not values & {173, 304, 12, 7806460}, "page chrome came out as figures"
    assert doc["published"] == "2023-12-04"


def test_table_format_is_readable() -> None:
    result = CliRunner().invoke(cli, ["extract", str(SEED)])
    assert result.exit_code == 0
    assert "received_total" in result.stdout and "2.168" in result.stdout
    assert "figures" in result.stdout.splitlines()[-2]


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = {
        "missing": tmp_path / "nope.txt",
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "image.txt",
        "undecodable": tmp_path / "garbled.txt",
        "directory": tmp_path / "folder.txt",
    }
    bad["empty"].write_bytes(b"  \n")
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    bad["undecodable"].write_bytes(bytes(range(0x80, 0x100)) * 3)
    bad["directory"].mkdir()
    return bad


@pytest.mark.parametrize("reason", ["missing", "empty", "binary", "undecodable", "directory"])
def test_one_bad_input_among_good_ones(tmp_path: Path, reason: str) -> None:
    bad = _bad_inputs(tmp_path)[reason]
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))[:2]
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", seeds[0], str(bad), seeds[1]])
    assert result.exit_code == 1
    assert [d["source"] for d in parse_jsonl(result.stdout)] == seeds  # the others still processed
    [line] = result.stderr.strip().splitlines()
    assert str(bad) in line and f"[{reason}]" in line


def test_every_input_bad_exits_2(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", *map(str, bad.values())])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == len(bad)


# --------------------------------------------------------------------------- subprocess

def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc.cli", "extract", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120, check=False)


def test_subprocess_files_stdin_and_a_bad_file(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    page = tmp_path / "bulletin.html"
    page.write_text(HTML, encoding="utf-8")
    args = ["--format", "jsonl", str(SEED), str(bad["missing"]), "-", str(page), str(bad["undecodable"])]
    proc = run_cli(*args, stdin=(SEEDS / "003_dffd6ac032c41105.txt").read_bytes())
    assert proc.returncode == 1
    docs = parse_jsonl(proc.stdout.decode("utf-8"))
    assert [d["source"] for d in docs] == [str(SEED), "-", str(page)]
    for doc in docs:
        check_contract(doc)
    err = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(err) == 2
    assert "[missing]" in err[0] and str(bad["missing"]) in err[0]
    assert "[undecodable]" in err[1] and str(bad["undecodable"]) in err[1]
    assert "Traceback" not in proc.stderr.decode("utf-8")


def test_subprocess_output_is_utf8_vietnamese() -> None:
    proc = run_cli("--format", "jsonl", str(SEED))
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "Mai Sơn" in out  # ensure_ascii=False: Vietnamese as written, not \\u escapes
