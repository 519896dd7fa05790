"""Crawler settings: documented UPPER_SNAKE defaults, polite out of the box.

Override order (last wins): these defaults -> a TOML config file (``[crawl]`` table or top level,
same names, case-insensitive) -> CLI options. :func:`load_settings` validates every value and
raises :class:`SettingsError` naming the setting.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

#: Identifies the crawler to site operators; the URL says who runs it and how to reach them.
USER_AGENT = "cchc-crawler/0.1 (+https://github.com/cchc-project/cchc; CCHC bulletin research)"
#: Minimum seconds between the starts of two requests to one host (scrapy's DOWNLOAD_DELAY).
DOWNLOAD_DELAY = 1.0
#: Open connections per host. Only 1 is supported: small district servers get one at a time.
CONCURRENT_REQUESTS_PER_HOST = 1
#: Hosts fetched at the same time (one worker thread per host).
CONCURRENT_HOSTS = 16
#: Seconds to establish a TCP/TLS connection.
CONNECT_TIMEOUT = 10.0
#: Seconds to wait between bytes of a response.
READ_TIMEOUT = 30.0
#: A body larger than this is cut off and recorded with reason ``too_large``.
MAX_PAGE_BYTES = 5_000_000
#: Retries on connection errors and on RETRY_STATUSES, with exponential backoff.
RETRY_TIMES = 2
#: Backoff factor (seconds) of the exponential wait between retries.
RETRY_BACKOFF = 0.5
#: HTTP statuses that are retried; Retry-After is honoured on 429 and 503.
RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Longest Retry-After (seconds) the crawler will sleep; a longer Retry-After is cut to this.
RETRY_AFTER_MAX = 30.0
#: Obey robots.txt (Disallow and Crawl-delay). Turning this off is for the owner's own sites only.
ROBOTSTXT_OBEY = True
#: On a certificate that does not verify, retry that host unverified and mark its pages tls_verified=0.
ALLOW_INSECURE_TLS_FALLBACK = True
#: Redirects followed per request before giving up with reason ``redirect_loop``.
MAX_REDIRECTS = 10
#: Global wall-clock limit of one run (seconds; 0 = none). Unfinished work stays in the frontier.
DEADLINE_SECONDS = 3600.0
#: Listing pages followed per listing URL (a guard against endless pagers).
MAX_LISTING_PAGES = 200
#: Pages fetched per run over all portals (0 = no limit).
MAX_PAGES = 0
#: Days before a page rejected for a lasting reason (too_large, http_404, redirect_loop, soft_404_*,
#: hacked_*, js_challenge) is fetched again; until then re-crawls skip it (0 = always refetch).
RECHECK_REJECTED_DAYS = 7.0
#: Items per request when replaying an XHR/JSON listing endpoint.
XHR_PAGE_LENGTH = 10

_NAMES = [n for n in list(globals()) if n.isupper()]


class SettingsError(ValueError):
    """A setting has a wrong name, type or value; the message names it."""


@dataclasses.dataclass(frozen=True)
class Settings:
    USER_AGENT: str = USER_AGENT
    DOWNLOAD_DELAY: float = DOWNLOAD_DELAY
    CONCURRENT_REQUESTS_PER_HOST: int = CONCURRENT_REQUESTS_PER_HOST
    CONCURRENT_HOSTS: int = CONCURRENT_HOSTS
    CONNECT_TIMEOUT: float = CONNECT_TIMEOUT
    READ_TIMEOUT: float = READ_TIMEOUT
    MAX_PAGE_BYTES: int = MAX_PAGE_BYTES
    RETRY_TIMES: int = RETRY_TIMES
    RETRY_BACKOFF: float = RETRY_BACKOFF
    RETRY_STATUSES: tuple[int, ...] = RETRY_STATUSES
    RETRY_AFTER_MAX: float = RETRY_AFTER_MAX
    ROBOTSTXT_OBEY: bool = ROBOTSTXT_OBEY
    ALLOW_INSECURE_TLS_FALLBACK: bool = ALLOW_INSECURE_TLS_FALLBACK
    MAX_REDIRECTS: int = MAX_REDIRECTS
    DEADLINE_SECONDS: float = DEADLINE_SECONDS
    MAX_LISTING_PAGES: int = MAX_LISTING_PAGES
    MAX_PAGES: int = MAX_PAGES
    XHR_PAGE_LENGTH: int = XHR_PAGE_LENGTH
    RECHECK_REJECTED_DAYS: float = RECHECK_REJECTED_DAYS

    def replace(self, **changes: Any) -> Settings:
        return load_settings(overrides={**dataclasses.asdict(self), **changes})


def _coerce(name: str, value: Any, default: Any) -> Any:
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "0", "false", "no"}:
            return value.lower() in {"1", "true", "yes"}
        raise SettingsError(f"setting {name}: expected true/false, got {value!r}")
    if kind is tuple:
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        try:
            return tuple(int(v) for v in value)
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name}: expected a list of integers, got {value!r}") from None
    if kind in (int, float):
        if isinstance(value, bool):
            raise SettingsError(f"setting {name}: expected a number, got {value!r}")
        try:
            number = kind(value)
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name}: expected {kind.__name__}, got {value!r}") from None
        if kind is int and isinstance(value, float) and value != int(value):
            raise SettingsError(f"setting {name}: expected an integer, got {value!r}")
        if number < 0:
            raise SettingsError(f"setting {name}: must be >= 0, got {value!r}")
        return number
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"setting {name}: expected a non-empty string, got {value!r}")
    return value


def _validate(s: Settings) -> None:
    if s.CONCURRENT_REQUESTS_PER_HOST != 1:
        raise SettingsError("setting CONCURRENT_REQUESTS_PER_HOST: only 1 is supported (one connection per host)")
    if s.CONCURRENT_HOSTS < 1:
        raise SettingsError("setting CONCURRENT_HOSTS: must be >= 1")
    if s.CONNECT_TIMEOUT <= 0 or s.READ_TIMEOUT <= 0:
        raise SettingsError("setting CONNECT_TIMEOUT/READ_TIMEOUT: must be > 0")
    if s.MAX_PAGE_BYTES < 1024:
        raise SettingsError("setting MAX_PAGE_BYTES: must be >= 1024")
    if s.XHR_PAGE_LENGTH < 1 or s.MAX_LISTING_PAGES < 1:
        raise SettingsError("setting XHR_PAGE_LENGTH/MAX_LISTING_PAGES: must be >= 1")
    if "http" not in s.USER_AGENT:
        raise SettingsError("setting USER_AGENT: must carry a contact URL")


def load_settings(config: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then the TOML file ``config`` (if given), then ``overrides`` (None values ignored)."""
    defaults = Settings()
    values: dict[str, Any] = {}
    layers: list[tuple[str, dict[str, Any]]] = []
    if config is not None:
        path = Path(config)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"config {path}: {exc}") from None
        layers.append((str(path), data.get("crawl", data)))
    layers.append(("overrides", overrides or {}))
    for source, layer in layers:
        for key, value in layer.items():
            name = key.upper()
            if name not in _NAMES:
                raise SettingsError(f"{source}: unknown setting {key!r}; known: {', '.join(_NAMES)}")
            if value is None:
                continue
            values[name] = _coerce(name, value, getattr(defaults, name))
    settings = dataclasses.replace(defaults, **values)
    _validate(settings)
    return settings


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, one-line doc) for every setting, read from this module's comments."""
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    out = []
    for name in _NAMES:
        line_no = next(i for i, line in enumerate(source) if line.startswith(f"{name} ="))
        docs = []
        j = line_no - 1
        while j >= 0 and source[j].startswith("#:"):
            docs.insert(0, source[j][2:].strip())
            j -= 1
        out.append((name, globals()[name], " ".join(docs)))
    return out
