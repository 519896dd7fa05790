"""HTTP fetching: polite per host, retried, size-capped, conditional, robots-aware.

One :class:`Fetcher` serves all worker threads. Per host it keeps one ``requests`` session with a
single pooled connection, a lock so that only one request to that host is in flight, and the time
of the last request start so that requests to one host start at least the politeness delay
apart (``DOWNLOAD_DELAY`` or the host's robots.txt Crawl-delay, whichever is larger). Different
hosts proceed in parallel.
"""

from __future__ import annotations

import hashlib
import ssl
import threading
import time
import unicodedata
import warnings
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from db.crawlstate import now_iso
from extractors.decode import declared_charset, decode_bytes
from extractors.errors import CchcError, InputError
from scraper import legacy
from scraper.settings import Settings

KEPT_HEADERS = ("content-type", "content-length", "etag", "last-modified", "retry-after", "location",
                "server", "x-powered-by", "content-encoding")


class FetchError(CchcError):
    """A URL could not be fetched; ``reason`` is the code stored with the page."""

    reason = "fetch_error"

    def __init__(self, url: str, message: str, reason: str | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        if reason:
            self.reason = reason


class RobotsDisallowed(FetchError):
    reason = "robots_disallowed"


class TooLarge(FetchError):
    reason = "too_large"


class TlsError(FetchError):
    reason = "tls_error"


class HostUnreachable(FetchError):
    reason = "host_unreachable"


class FetchTimeout(FetchError):
    reason = "timeout"


class RedirectLoop(FetchError):
    reason = "redirect_loop"


class TruncatedBody(FetchError):
    """The connection ended before the declared Content-Length or the last chunk: nothing is kept."""

    reason = "truncated_body"


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    elapsed: float
    tls_verified: bool = True
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)
    method: str = "GET"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class Decoded:
    html: str  # NFC, TCVN3 runs converted
    encoding: str
    legacy_font: str | None
    changed: bool  # differs from the raw body read as UTF-8


def decode_page(body: bytes, url: str, content_type: str | None) -> Decoded:
    """Header charset, then <meta>, then detection; NFC; TCVN3 runs detected and converted."""
    declared = declared_charset(body, content_type)
    text = None
    if declared in (None, "latin-1", "iso8859-1", "cp1252", "ascii"):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            # TCVN3 pages are 8-bit text read through a font: their bytes are the font's code points.
            latin = body.decode("latin-1")
            if legacy.convert_tcvn3(latin)[1]:
                text, encoding = latin, "tcvn3"
    if text is None:
        try:
            text, encoding = decode_bytes(body, url, content_type)
        except InputError:
            text, encoding = "", "empty"
    nfc = unicodedata.normalize("NFC", text)
    converted, runs = legacy.convert_tcvn3(nfc)
    try:
        same = converted == body.decode("utf-8")
    except UnicodeDecodeError:
        same = False
    return Decoded(html=converted, encoding=encoding, legacy_font="tcvn3" if runs else None, changed=not same)


def _retry_class(settings: Settings, delay: Any) -> type[Retry]:
    class PoliteRetry(Retry):
        # urllib3 retries the first failure at once; a small server gets at least its delay.
        def get_backoff_time(self) -> float:
            return max(super().get_backoff_time(), delay())

        def get_retry_after(self, response: Any) -> float | None:
            value = super().get_retry_after(response)
            return None if value is None else min(value, settings.RETRY_AFTER_MAX)

    return PoliteRetry


def _relaxed_context() -> ssl.SSLContext:
    # For hosts with broken chains, self-signed certs, old ciphers or legacy renegotiation.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        ctx.set_ciphers("DEFAULT@SECLEVEL=1")
    except ssl.SSLError:
        pass
    ctx.options |= getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0x4)
    return ctx


class _RelaxedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = _relaxed_context()
        super().init_poolmanager(*args, **kwargs)


class _Host:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_start = 0.0
        self.insecure = False
        self.robots: Protego | None = None
        self.robots_error: str | None = None
        self.robots_loaded = False
        self.crawl_delay = 0.0
        self.sitemaps: list[str] = []
        self.session: requests.Session | None = None
        self.relaxed: requests.Session | None = None
        self.requests = 0


class Fetcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.bytes_received = 0
        self.requests = 0
        #: (host, monotonic start) of recent requests: lets tests and benchmarks check politeness
        self.starts: deque[tuple[str, float]] = deque(maxlen=100_000)

    def host(self, netloc: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(netloc.lower(), _Host())

    def _session(self, host: _Host, relaxed: bool, netloc: str) -> requests.Session:
        attr = "relaxed" if relaxed else "session"
        session = getattr(host, attr)
        if session is None:
            s = self.settings
            retry = _retry_class(s, lambda: self.delay(netloc))(
                total=s.RETRY_TIMES, connect=s.RETRY_TIMES, read=s.RETRY_TIMES, status=s.RETRY_TIMES,
                redirect=False, backoff_factor=s.RETRY_BACKOFF, status_forcelist=s.RETRY_STATUSES,
                allowed_methods=frozenset({"GET", "HEAD", "POST"}), respect_retry_after_header=True,
                raise_on_status=False)
            adapter_cls = _RelaxedAdapter if relaxed else HTTPAdapter
            adapter = adapter_cls(max_retries=retry, pool_connections=1, pool_maxsize=1, pool_block=True)
            session = requests.Session()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers.update({"User-Agent": s.USER_AGENT, "Accept-Language": "vi,en;q=0.5"})
            session.max_redirects = s.MAX_REDIRECTS
            if relaxed:
                session.verify = False
            setattr(host, attr, session)
        return session

    def delay(self, netloc: str) -> float:
        return max(self.settings.DOWNLOAD_DELAY, self.host(netloc).crawl_delay)

    # --- robots.txt ---------------------------------------------------------------------------
    def robots(self, url: str) -> _Host:
        """Load (once per host) and return the host's robots state."""
        parts = urlsplit(url)
        host = self.host(parts.netloc)
        if host.robots_loaded or not self.settings.ROBOTSTXT_OBEY:
            return host
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        host.robots_loaded = True
        try:
            resp = self.request(robots_url, check_robots=False)
        except FetchError as exc:
            host.robots_error = exc.reason
            return host
        if resp.status >= 500 or resp.status == 429:
            host.robots_error = f"robots_http_{resp.status}"  # unavailable: crawl nothing this run
        elif resp.status < 400:
            text = resp.body.decode("utf-8", "replace")
            host.robots = Protego.parse(text)
            agent = self.settings.USER_AGENT.split("/")[0]
            host.crawl_delay = float(host.robots.crawl_delay(agent) or 0.0)
            host.sitemaps = list(host.robots.sitemaps)
        return host

    def allowed(self, url: str) -> tuple[bool, str | None]:
        if not self.settings.ROBOTSTXT_OBEY:
            return True, None
        host = self.robots(url)
        if host.robots_error:  # robots.txt unavailable (5xx) or the host unreachable: fetch nothing
            return False, host.robots_error
        if host.robots is None:
            return True, None
        ok = host.robots.can_fetch(url, self.settings.USER_AGENT.split("/")[0])
        return ok, None if ok else "robots_disallowed"

    # --- one request ----------------------------------------------------------------------------
    def request(self, url: str, *, method: str = "GET", json: Any = None, etag: str | None = None,
                last_modified: str | None = None, check_robots: bool = True) -> Response:
        """Fetch ``url`` politely. Raises a :class:`FetchError` subclass for transport failures.

        Redirects are followed here, hop by hop, so that every hop is throttled and robots-checked
        for its own host, and a loop is caught at its first repeat.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen, hops, current = {url}, [], url
        while True:
            resp = self._hop(current, method, json, headers, check_robots)
            location = resp.headers.get("location")
            if resp.status not in (301, 302, 303, 307, 308) or not location:
                break
            nxt = urljoin(current, location)
            hops.append(current)
            if nxt in seen or len(hops) >= self.settings.MAX_REDIRECTS:
                raise RedirectLoop(url, f"redirect loop after {len(hops)} hops ({nxt})")
            seen.add(nxt)
            if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                method, json = "GET", None
            headers = {}  # validators belong to the first URL only
            current = nxt
        resp.url, resp.redirects = url, hops
        return resp

    def _hop(self, url: str, method: str, json: Any, headers: dict[str, str], check_robots: bool) -> Response:
        if check_robots:
            ok, why = self.allowed(url)
            if not ok:
                raise RobotsDisallowed(url, "disallowed by robots.txt", why)
        netloc = urlsplit(url).netloc
        host = self.host(netloc)
        with host.lock:  # one request in flight per host
            wait = host.last_start + self.delay(netloc) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            host.last_start = time.monotonic()
            host.requests += 1
            self.starts.append((netloc.lower(), host.last_start))
            return self._send(url, host, method, json, headers)

    def _send(self, url: str, host: _Host, method: str, json: Any, headers: dict[str, str]) -> Response:
        s = self.settings
        started = time.monotonic()
        verified = not host.insecure
        try:
            resp = self._open(url, host, method, json, headers, relaxed=host.insecure)
        except requests.exceptions.SSLError as exc:
            if not s.ALLOW_INSECURE_TLS_FALLBACK:
                raise TlsError(url, f"certificate does not verify ({_short(exc)})") from None
            host.insecure, verified = True, False
            try:
                resp = self._open(url, host, method, json, headers, relaxed=True)
            except requests.exceptions.SSLError as exc2:
                raise TlsError(url, f"TLS fails even unverified ({_short(exc2)})") from None
        with resp:
            length = resp.headers.get("content-length")
            if length and length.isdigit() and int(length) > s.MAX_PAGE_BYTES:
                raise TooLarge(url, f"Content-Length {length} > MAX_PAGE_BYTES {s.MAX_PAGE_BYTES}")
            chunks, size = [], 0
            try:
                for chunk in resp.raw.stream(65536, decode_content=True):
                    size += len(chunk)
                    if size > s.MAX_PAGE_BYTES:
                        raise TooLarge(url, f"body over MAX_PAGE_BYTES {s.MAX_PAGE_BYTES}")
                    chunks.append(chunk)
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                if _timed_out(exc):
                    raise FetchTimeout(url, f"body read timed out ({_short(exc)})") from None
                # IncompleteRead (fewer bytes than Content-Length), InvalidChunkLength (chunked body
                # cut), a reset mid-body: the body is partial, so it is not kept and the URL is retried.
                raise TruncatedBody(url, f"body cut short after {size} bytes ({_short(exc)})") from None
        body = b"".join(chunks)
        with self._lock:
            self.bytes_received += size
            self.requests += 1
        kept = {k: v for k, v in ((k.lower(), v) for k, v in resp.headers.items()) if k in KEPT_HEADERS}
        return Response(url=url, final_url=url, status=resp.status_code, headers=kept, body=body,
                        fetched_at=now_iso(), elapsed=time.monotonic() - started, tls_verified=verified,
                        not_modified=resp.status_code == 304, method=method)

    def _open(self, url: str, host: _Host, method: str, json: Any, headers: dict[str, str],
              relaxed: bool) -> requests.Response:
        session = self._session(host, relaxed, urlsplit(url).netloc)
        timeout = (self.settings.CONNECT_TIMEOUT, self.settings.READ_TIMEOUT)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                # verify passed explicitly: a CA-bundle environment variable would otherwise win
                return session.request(method, url, json=json, headers=headers, timeout=timeout, stream=True,
                                       verify=not relaxed, allow_redirects=False)
        except requests.exceptions.SSLError:
            raise
        except requests.exceptions.TooManyRedirects:
            raise RedirectLoop(url, f"more than {self.settings.MAX_REDIRECTS} redirects") from None
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout) as exc:
            raise FetchTimeout(url, f"timed out ({_short(exc)})") from None
        except requests.exceptions.ConnectionError as exc:
            text = str(exc)
            if "SSL" in text or "CERTIFICATE" in text:
                raise requests.exceptions.SSLError(text) from None
            if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text:
                raise HostUnreachable(url, "name does not resolve", "dns_error") from None
            if "Read timed out" in text:
                raise FetchTimeout(url, "timed out") from None
            raise HostUnreachable(url, f"connection failed ({_short(exc)})") from None
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"retries exhausted ({_short(exc)})", "retries_exhausted") from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, _short(exc)) from None


def _timed_out(exc: BaseException) -> bool:
    """A read timeout anywhere in the exception's chain or arguments (urllib3 wraps it)."""
    todo, seen = [exc], set()
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, (TimeoutError, urllib3.exceptions.TimeoutError)):
            return True
        todo += [a for a in e.args if isinstance(a, BaseException)]
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    return False


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."
