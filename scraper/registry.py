"""The portal registry: a TOML file of ``[[portal]]`` tables, validated on load.

A user adds a portal by editing the file; a bad entry raises :class:`RegistryError` with one line
naming the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

DEFAULT_REGISTRY = Path(__file__).with_name("portals.toml")

FAMILIES = ("sharepoint_portal", "sharepoint_list", "numeric_path", "thaibinh", "liferay", "nukeviet",
            "dnn", "wordpress", "generic")
LEVELS = ("tinh", "huyen", "xa")
SELECTOR_KEYS = {
    "item": "CSS selector of one listing item (the category list, not the sidebar)",
    "link": "CSS selector of the article link inside an item",
    "date": "CSS selector of the date printed beside an item",
    "pager": "CSS selector of the pager",
    "xhr_endpoint": "path or URL of the JSON listing endpoint replayed for AJAX pagers",
    "article": "regex an article URL path must match (overrides the family's)",
    "sitemap": "sitemap URL (a hint; listings stay primary)",
    "rss": "RSS/Atom feed URL (a hint)",
}
_REQUIRED = {"id", "name", "base_url", "family", "listings", "unit"}
_OPTIONAL = {"selectors", "active_from", "active_to", "notes"}


class RegistryError(ValueError):
    """A registry entry is malformed; the message names the file, entry and field."""


@dataclass(frozen=True)
class Portal:
    id: str
    name: str
    base_url: str
    family: str
    listings: tuple[str, ...]
    unit: dict[str, str | None]
    selectors: dict[str, str] = field(default_factory=dict)
    active_from: str | None = None
    active_to: str | None = None
    notes: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    def listing_urls(self) -> list[str]:
        return [urljoin(self.base_url, u) for u in self.listings]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "base_url": self.base_url, "family": self.family,
                "listings": self.listing_urls(), "unit": self.unit, "selectors": self.selectors,
                "active_from": self.active_from, "active_to": self.active_to, "notes": self.notes}


def _date(where: str, name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RegistryError(f"{where}: field {name!r}: expected an ISO date YYYY-MM-DD, got {value!r}") from None


def _portal(where: str, entry: Any) -> Portal:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: must be a table")
    missing = _REQUIRED - set(entry)
    if missing:
        raise RegistryError(f"{where}: missing field(s) {sorted(missing)}")
    unknown = set(entry) - _REQUIRED - _OPTIONAL
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_REQUIRED | _OPTIONAL)}")
    for name in ("id", "name", "base_url", "family"):
        if not isinstance(entry[name], str) or not entry[name].strip():
            raise RegistryError(f"{where}: field {name!r}: expected a non-empty string")
    if not all(c.isalnum() or c in "-_." for c in entry["id"]):
        raise RegistryError(f"{where}: field 'id': only letters, digits, '-', '_' and '.' allowed")
    base = urlsplit(entry["base_url"])
    if base.scheme not in ("http", "https") or not base.netloc:
        raise RegistryError(f"{where}: field 'base_url': expected an http(s) URL, got {entry['base_url']!r}")
    if entry["family"] not in FAMILIES:
        raise RegistryError(f"{where}: field 'family': unknown family {entry['family']!r}; known: {', '.join(FAMILIES)}")
    listings = entry["listings"]
    if not isinstance(listings, list) or not listings or not all(isinstance(u, str) and u for u in listings):
        raise RegistryError(f"{where}: field 'listings': expected a non-empty list of URLs or paths")
    for url in listings:
        full = urlsplit(urljoin(entry["base_url"], url))
        if full.netloc.lower() != base.netloc.lower():
            raise RegistryError(f"{where}: field 'listings': {url!r} is not on {base.netloc}")
    unit = entry["unit"]
    if not isinstance(unit, dict) or set(unit) - {"level", "name", "province"}:
        raise RegistryError(f"{where}: field 'unit': expected a table with level, name, province")
    if unit.get("level") not in (*LEVELS, None, ""):
        raise RegistryError(f"{where}: field 'unit.level': expected one of {LEVELS} or empty, got {unit.get('level')!r}")
    selectors = entry.get("selectors", {})
    if not isinstance(selectors, dict) or set(selectors) - set(SELECTOR_KEYS):
        bad = sorted(set(selectors) - set(SELECTOR_KEYS)) if isinstance(selectors, dict) else selectors
        raise RegistryError(f"{where}: field 'selectors': unknown key(s) {bad}; known: {sorted(SELECTOR_KEYS)}")
    active_from = _date(where, "active_from", entry.get("active_from"))
    active_to = _date(where, "active_to", entry.get("active_to"))
    if active_from and active_to and active_to < active_from:
        raise RegistryError(f"{where}: field 'active_to': {active_to} is before active_from {active_from}")
    return Portal(id=entry["id"], name=entry["name"], base_url=entry["base_url"].rstrip("/") + "/",
                  family=entry["family"], listings=tuple(listings),
                  unit={"level": unit.get("level") or None, "name": unit.get("name") or None,
                        "province": unit.get("province") or None},
                  selectors={str(k): str(v) for k, v in selectors.items()},
                  active_from=active_from, active_to=active_to, notes=str(entry.get("notes", "")))


def load_registry(path: str | Path | None = None) -> list[Portal]:
    """All portals of the registry file (the bundled one by default), validated."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("portal")
    if not isinstance(entries, list) or not entries or set(data) - {"portal"}:
        raise RegistryError(f"{path}: expected only [[portal]] tables")
    portals, seen = [], set()
    for index, entry in enumerate(entries, 1):
        label = entry.get("id", "?") if isinstance(entry, dict) else "?"
        portal = _portal(f"{path.name}: portal #{index} ({label})", entry)
        if portal.id in seen:
            raise RegistryError(f"{path.name}: portal #{index} ({label}): field 'id': duplicate id")
        seen.add(portal.id)
        portals.append(portal)
    return portals


def select(portals: list[Portal], ids: tuple[str, ...] | list[str]) -> list[Portal]:
    """The portals named by ``ids`` (all when empty); an unknown id is an error."""
    if not ids:
        return list(portals)
    by_id = {p.id: p for p in portals}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise RegistryError(f"unknown portal id(s): {', '.join(unknown)}")
    return [by_id[i] for i in ids]
