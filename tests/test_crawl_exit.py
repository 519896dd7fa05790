"""Exit code 4 pages a person only when the network looks down, not for a leftover slow page."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from cchc.cli import cli


def _closed_port() -> int:
    with socket.socket() as s:  # bind, read the port, close: nothing listens there afterwards
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _registry(tmp_path, hosts: int):
    lines = []
    for i in range(hosts):
        lines += ["[[portal]]", f'id = "dead{i}"', f'name = "Dead portal {i}"',
                  f'base_url = "http://127.0.0.1:{_closed_port()}"', 'family = "generic"',
                  'listings = ["/tin-tuc/cai-cach-hanh-chinh"]',
                  'unit = { level = "huyen", name = "huyện Thử", province = "Sơn La" }', ""]
    path = tmp_path / "reg.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("hosts,code", [(3, 4), (1, 4)], ids=["all-hosts-down", "the-only-portal-down"])
def test_nothing_fetched_from_dead_hosts_exits_4(tmp_path, hosts, code):
    reg = _registry(tmp_path, hosts)
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "c.db"), "--registry", str(reg),
                                      "--delay", "0", "--set", "RETRY_TIMES=0", "--no-progress"])
    assert result.exit_code == code, result.output


@pytest.mark.parametrize("fetched,failures,listing_failures,alert", [
    (0, 1, 0, False), (0, 2, 0, False), (0, 3, 0, True), (0, 1, 1, True), (5, 9, 3, False)],
    ids=["one-leftover-article", "two-leftover-articles", "many-failures", "listing-down", "something-fetched"])
def test_who_is_paged(fetched, failures, listing_failures, alert):
    from cchc.crawl_commands import needs_person
    from scraper.crawl import CrawlResult
    result = CrawlResult(fetched=fetched, transport_failures=failures, listing_failures=listing_failures)
    assert needs_person(result) is alert
