"""The local fixture farm: generated Vietnamese government portals of every CMS family on 127.0.0.x.

Each site listens on its own loopback address (127.0.0.10, .11, ...), so the crawler sees distinct
hosts exactly as on the internet. The farm logs every request (host, method, path, status, bytes)
and exposes its ground truth: the article URLs per portal, which are relevant, the reason each
fault must end in, the sidebar links that must not be crawled, and the robots-disallowed paths.

    farm = Farm.start(tmp_dir)          # or serve_in_thread() for the demo
    farm.registry_path                  # a portal registry TOML pointing at the farm
    farm.truth_articles(), farm.truth_faults(), farm.log, farm.bytes_sent()
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.farm import content
from tests.farm.pages import Article, article_page, esc
from tests.farm.server import LogEntry, SiteServer
from tests.farm.sites import Route, Site, build_listing, make_articles, render_articles, robots, sitemap

FAMILY_SITES = [
    # key, family, name, listing, cat, unit level/name/province, samples, cchc, others
    ("a-sp", "sharepoint_portal", "Cổng thông tin điện tử tỉnh Điện Biên", "/portal/KenhTin/Cai-cach-hanh-chinh.aspx",
     "", ("tinh", "tỉnh Điện Biên", "Điện Biên"), (0, 3), 11, 2),
    ("b-list", "sharepoint_list", "Cổng thông tin điện tử tỉnh Vĩnh Phúc", "/Lists/TinTuc/AllItems.aspx", "",
     ("tinh", "tỉnh Vĩnh Phúc", "Vĩnh Phúc"), (), 8, 1),
    ("c-numeric", "numeric_path", "Cổng thông tin điện tử tỉnh Sơn La", "/tin-tuc/cai-cach-hanh-chinh",
     "cai-cach-hanh-chinh", ("tinh", "tỉnh Sơn La", "Sơn La"), (4,), 10, 2),
    ("d-thaibinh", "thaibinh", "Cổng thông tin điện tử huyện Vũ Thư", "/tin-tuc/cai-cach-hanh-chinh",
     "cai-cach-hanh-chinh", ("huyen", "huyện Vũ Thư", "Thái Bình"), (2,), 11, 2),
    ("e-liferay", "liferay", "Trang thông tin điện tử thị xã Thuận Thành", "/web/guest/cai-cach-hanh-chinh",
     "cai-cach-hanh-chinh", ("huyen", "thị xã Thuận Thành", "Bắc Ninh"), (), 9, 1),
    ("f-nukeviet", "nukeviet", "Phổ biến giáo dục pháp luật tỉnh Lai Châu", "/index.php/news/cai-cach-hanh-chinh/",
     "cai-cach-hanh-chinh", ("tinh", "tỉnh Lai Châu", "Lai Châu"), (1,), 9, 1),
    ("g-dnn", "dnn", "Dịch vụ công tỉnh Quảng Ninh", "/Default.aspx?tabid=119", "",
     ("tinh", "tỉnh Quảng Ninh", "Quảng Ninh"), (), 4, 1),
    ("g-wordpress", "wordpress", "Công an tỉnh Sơn La", "/category/cai-cach-hanh-chinh/", "",
     ("tinh", "Công an tỉnh Sơn La", "Sơn La"), (), 8, 1),
    ("g-generic", "generic", "Cổng thông tin điện tử tỉnh Đắk Lắk", "/", "",
     ("tinh", "tỉnh Đắk Lắk", "Đắk Lắk"), (), 7, 1),
]
FIRST_IP = 10
START_DATE = dt.date(2024, 6, 28)


@dataclass
class Expected:
    portal_id: str
    url: str
    aliases: list[str]
    relevant: bool
    reason: str | None


def _fault_site(rng: random.Random) -> tuple[Site, dict[str, str]]:
    site = Site("faults", "Trang thông tin điện tử xã Thử Nghiệm", "generic", ["/"], {"level": "xa",
                "name": "xã Thử Nghiệm", "province": "Thanh Hóa"}, disallowed=["/private/"])
    ok = content.cchc_text(rng, 99)
    listing = "/"

    def page(title: str, paragraphs: list[str], page_title: str | None = None) -> str:
        art = Article("/", title, paragraphs, "BBT", True, "2024-05-05")
        html = article_page(site.name, "generic", listing, art, [], [])
        return html.replace(f"<title>{esc(title)} - {esc(site.name)}</title>",
                            f"<title>{esc(page_title)}</title>") if page_title else html

    def good(i: int) -> bytes:  # a distinct CCHC article per fault page (no content-hash duplicates)
        text = content.cchc_text(rng, 90 + i)
        return page(text.title, text.paragraphs).encode()

    faults: dict[str, str | None] = {}

    def add(path: str, reason: str | None, route: Route) -> None:
        site.routes[path] = route
        faults[path] = reason

    html = {"Content-Type": "text/html; charset=utf-8"}
    add("/bai-viet/cham-123.html", None, Route(body=good(1), headers=html, delay=0.3))

    def every_other(status: int, extra: dict[str, str], i: int) -> Any:
        body = good(i)

        def handler(count: int, method: str, payload: Any) -> tuple[int, dict[str, str], bytes]:
            if count % 2 == 1:
                return status, {**extra, "Content-Type": "text/html"}, b"<html><body>Busy</body></html>"
            return 200, html, body
        return handler

    add("/bai-viet/loi-503-124.html", None, Route(handler=every_other(503, {}, 2)))
    add("/bai-viet/qua-tai-125.html", None, Route(handler=every_other(429, {"Retry-After": "1"}, 3)))
    add("/bai-viet/luon-503-126.html", "http_503", Route(body=b"<html>Service Unavailable</html>", status=503,
                                                          headers={"Content-Type": "text/html"}))
    big = page(ok.title, ok.paragraphs + ["Phụ lục " + "x" * 100] * 4000).encode()
    add("/bai-viet/trang-lon-127.html", "too_large", Route(body=big, headers=html))
    add("/bai-viet/vong-lap-128.html", "redirect_loop", Route(status=302, headers={"Location": "/bai-viet/vong-lap-b-128.html"}))
    site.routes["/bai-viet/vong-lap-b-128.html"] = Route(status=302, headers={"Location": "/bai-viet/vong-lap-128.html"})
    add("/bai-viet/da-xoa-129.html", "soft_404_home", Route(status=301, headers={"Location": "/"}))
    add("/bai-viet/ten-trang-130.html", "soft_404_title",
        Route(body=page(site.name, ["Trang chủ"], page_title=site.name).encode(), headers=html))
    add("/bai-viet/khong-ton-tai-131.html", "http_404", Route(status=404, body=b"<html>Not found</html>", headers=html))
    challenge = (b"<html><head><script>var _0x1=['cookie','reload'];document[_0x1[0]]='incap_ses=1';"
                 b"setTimeout(function(){location[_0x1[1]]()},100);</script></head><body></body></html>")
    add("/bai-viet/thu-thach-132.html", "js_challenge", Route(body=challenge, headers=html))
    add("/private/bai-viet/noi-bo-133.html", "robots_disallowed", Route(body=good(4), headers=html))
    add("/bai-viet/treo-134.html", "timeout", Route(body=good(5), headers=html, delay=3.0))
    # own random source: the shared one would shift every site generated after this one
    late = random.Random(135)
    for path, mode, i in (("/bai-viet/cat-ngang-135.html", "length", 6),
                          ("/bai-viet/cat-khuc-136.html", "chunked", 7)):
        text = content.cchc_text(late, 90 + i)
        body = page(text.title, text.paragraphs).encode()
        add(path, "truncated_body", Route(body=body, headers=html, truncate=mode))
    items = "".join(f'<li><a href="{p}">Tin {i} cải cách hành chính</a> (0{1 + i % 9}/05/2024, 14:35)</li>'
                    for i, p in enumerate(faults))
    home = page(site.name, [])
    home = home.replace('<div class="main" id="main-content">', f'<div class="main" id="main-content"><ul class="news">{items}</ul>')
    site.html("/", home)
    return site, {p: r for p, r in faults.items()}  # type: ignore[misc]


def _hacked_site(rng: random.Random) -> tuple[Site, dict[str, str]]:
    site = Site("xa-huyenx", "Trang thông tin điện tử xã Nam Phước", "thaibinh", ["/tin-tuc/cai-cach-hanh-chinh"],
                {"level": "xa", "name": "xã Nam Phước", "province": "Thái Bình"})
    make_articles(site, rng, 4, 0, [], "cai-cach-hanh-chinh", START_DATE, 200)
    gambling = Article("/tin-tuc/cai-cach-hanh-chinh/nha-cai-uy-tin-so-1.html", "Nhà cái uy tín số 1 - link vào casino",
                       ["Nhà cái uy tín, cá cược thể thao, nổ hũ đổi thưởng, bắn cá, tài xỉu trực tuyến."],
                       None, False, "2024-06-01", expected_reason="hacked_gambling")
    redirect = Article("/tin-tuc/cai-cach-hanh-chinh/thong-bao-cai-cach-hanh-chinh.html",
                       "Thông báo cải cách hành chính", ["Đang chuyển hướng..."], None, False, "2024-06-02",
                       expected_reason="hacked_redirect")
    refresh = Article("/tin-tuc/cai-cach-hanh-chinh/ket-qua-thu-tuc-hanh-chinh.html", "Kết quả thủ tục hành chính",
                      ["Đang chuyển hướng..."], None, False, "2024-06-03", expected_reason="hacked_redirect")
    site.articles += [gambling, redirect, refresh]
    build_listing(site, "", [])
    render_articles(site, site.listings[0], [])
    js = '<script>window.location.href = "http://m88-casino.example.com/?ref=gov";</script>'
    meta = '<meta http-equiv="refresh" content="0; url=http://nhacai-uytin.example.net/">'
    for art, inject in ((redirect, js), (refresh, meta)):
        route = site.routes[art.path]
        route.body = route.body.replace(b"</head>", inject.encode() + b"</head>")
    return site, {a.path: a.expected_reason for a in (gambling, redirect, refresh)}  # type: ignore[misc]


def build_sites(seed: int = 7) -> tuple[list[Site], dict[str, dict[str, str]]]:
    rng = random.Random(seed)
    samples = content.sample_texts()
    sites: list[Site] = []
    offset = 0
    for key, family, name, listing, cat, unit, sample_ids, n_cchc, n_other in FAMILY_SITES:
        site = Site(key, name, family, [listing], {"level": unit[0], "name": unit[1], "province": unit[2]})
        make_articles(site, rng, n_cchc, n_other, [samples[i] for i in sample_ids], cat, START_DATE, offset)
        offset += 20
        sites.append(site)
    faults: dict[str, dict[str, str]] = {}
    site, faults["faults"] = _fault_site(rng)
    hacked, faults["xa-huyenx"] = _hacked_site(rng)
    tls = Site("tls-selfsigned", "Cổng thông tin điện tử tỉnh Sơn La (HTTPS)", "generic", ["/"],
               {"level": "tinh", "name": "tỉnh Sơn La", "province": "Sơn La"}, scheme="https")
    make_articles(tls, rng, 3, 0, [], "", START_DATE, 300)
    down = Site("down", "Trang thông tin điện tử huyện Đã Sáp Nhập", "generic", ["/"],
                {"level": "huyen", "name": "huyện Đã Sáp Nhập", "province": "Đắk Lắk"}, down=True)
    faults["down"] = {"/": "host_unreachable"}
    return sites + [site, hacked, tls, down], faults


def finish_site(site: Site, base: str, rng: random.Random) -> None:
    """Listings, article pages, sidebars, robots, sitemap/RSS for a generated family site."""
    if site.key in ("faults", "down") or site.routes and site.key != "tls-selfsigned":
        if site.key == "faults":
            robots(site, base, extra="Crawl-delay: 0.05\n")
        elif site.key == "xa-huyenx":
            robots(site, base)
        return
    hidden = [content.off_topic_text(rng, k) for k in range(2)]
    hidden_arts = []
    for k, text in enumerate(hidden):
        path = f"/tin-doc-nhieu/{k}-{site.key}.html" if site.family != "numeric_path" else \
            f"/tin-noi-bat/tin-doc-nhieu-{k}-{900000 + k}"
        hidden_arts.append(Article(path, text.title, text.paragraphs, text.author, False, "2024-01-01"))
    sidebar = [(a.path, a.title) for a in hidden_arts]
    site.hidden = [a.path for a in hidden_arts]
    if site.family == "dnn":
        from tests.farm import sites as sites_mod
        saved, sites_mod.PAGE_SIZE = sites_mod.PAGE_SIZE, 100  # one page: the Telerik pager is a postback
        build_listing(site, base, sidebar)
        sites_mod.PAGE_SIZE = saved
    else:
        build_listing(site, base, sidebar)
    render_articles(site, site.listings[0], sidebar)
    for art in hidden_arts:
        site.html(art.path, article_page(site.name, site.family, site.listings[0], art, [], sidebar))
    if site.family == "generic":
        # a sitemap (every <lastmod> identical, as on frozen real sitemaps) listing one article no listing shows
        extra = Article(f"/bai-viet/chi-co-trong-sitemap-{site.key}-9999.html", "Chỉ số cải cách hành chính PAR INDEX",
                        content.cchc_text(rng, 77).paragraphs, "BBT", True, "2024-02-02")
        site.articles.append(extra)
        site.html(extra.path, article_page(site.name, "generic", "/", extra, [], []))
        sitemap(site, base, [a.path for a in site.articles])
        robots(site, base, extra=f"Sitemap: {base}/sitemap.xml\n")
        site.selectors["sitemap"] = "/sitemap.xml"
    else:
        robots(site, base)
    if site.family == "sharepoint_list":
        site.selectors["xhr_endpoint"] = "/APIVP/api/DSTinTuc/QUERYDATA"


class Farm:
    """All farm sites, started; see the module docstring."""

    def __init__(self, workdir: Path, sites: list[Site], faults: dict[str, dict[str, str]], servers: list[SiteServer]):
        self.workdir, self.sites, self.faults, self.servers = workdir, sites, faults, servers
        self.base = {s.site.key: s.base for s in servers}
        self.registry_path = workdir / "farm-portals.toml"
        self.registry_path.write_text(self.registry_toml(), encoding="utf-8")

    @classmethod
    def start(cls, workdir: str | Path | None = None, *, port: int = 0, latency: float = 0.0, seed: int = 7,
              copies: int = 1) -> Farm:
        """Build and serve the farm. ``copies`` > 1 adds renamed copies of the family sites (benchmark)."""
        work = Path(workdir or tempfile.mkdtemp(prefix="cchc-farm-"))
        work.mkdir(parents=True, exist_ok=True)
        sites, faults = build_sites(seed)
        for n in range(1, copies):
            more, _ = build_sites(seed + n)
            for s in more[:len(FAMILY_SITES)]:
                s.key = f"{s.key}-{n}"
                sites.append(s)
        cert = _self_signed(work) if any(s.scheme == "https" for s in sites) else None
        rng = random.Random(seed)
        servers = []
        for i, site in enumerate(sites):
            site.latency = latency
            server = SiteServer(site, f"127.0.0.{FIRST_IP + i}", port, cert=cert)
            finish_site(site, server.base, rng)
            server.start()
            servers.append(server)
        return cls(work, sites, faults, servers)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    # --- registry and truth -------------------------------------------------------------------------
    def registry_toml(self) -> str:
        out = ["# Generated by tests.farm: the local fixture farm (same format as scraper/portals.toml)."]
        for site in self.sites:
            out += ["", "[[portal]]", f"id = {json.dumps(site.key)}", f"name = {json.dumps(site.name, ensure_ascii=False)}",
                    f"base_url = {json.dumps(self.base[site.key])}", f"family = {json.dumps(site.family)}",
                    f"listings = {json.dumps(site.listings)}",
                    "unit = { " + ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in site.unit.items()) + " }"]
            if site.selectors:
                out.append("selectors = { " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in site.selectors.items()) + " }")
        return "\n".join(out) + "\n"

    def truth_articles(self) -> list[Expected]:
        """Every article a crawler must store (one per article; aliases listed)."""
        out = []
        for site in self.sites:
            base = self.base[site.key]
            for a in site.articles:
                out.append(Expected(site.key, base + a.path, [base + x for x in a.aliases], a.relevant,
                                    a.expected_reason))
        return out

    def truth_faults(self) -> dict[str, str]:
        return {self.base[key] + path: reason for key, paths in self.faults.items() for path, reason in paths.items()}

    def hidden_urls(self) -> list[str]:
        return [self.base[s.key] + p for s in self.sites for p in s.hidden]

    def disallowed(self) -> list[tuple[str, str]]:
        return [(self.base[s.key], p) for s in self.sites for p in s.disallowed]

    @property
    def log(self) -> list[LogEntry]:
        return [e for s in self.servers for e in s.log]

    def bytes_sent(self) -> int:
        return sum(e.bytes for e in self.log)

    def reset_log(self) -> None:
        for s in self.servers:
            s.log.clear()


def _self_signed(work: Path) -> tuple[str, str]:
    key, crt = work / "farm-key.pem", work / "farm-cert.pem"
    if not crt.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                        str(crt), "-days", "2", "-subj", "/CN=farm.tinh.gov.vn"], check=True, capture_output=True)
    return str(crt), str(key)


def serve_in_thread(workdir: str | Path | None = None, *, port: int = 0) -> tuple[Farm, Path]:
    """Start the farm (servers run in daemon threads); return it and its registry path (for the demo)."""
    farm = Farm.start(workdir, port=port)
    return farm, farm.registry_path


__all__ = ["Expected", "Farm", "build_sites", "serve_in_thread", "threading"]
