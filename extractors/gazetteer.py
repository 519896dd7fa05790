"""Vietnam's administrative units, for checking the names a bulletin gives its reporting unit.

The data are the JSON files shipped with the MIT-licensed ``vietnamadminunits`` package:
``parser_legacy.json`` (63 provinces, their districts and communes: the map before 1 July 2025) and
``parser_from_2025.json`` (34 provinces and their communes: the two-level map since then). The files
are located with :func:`importlib.util.find_spec` and read directly, *without importing the
package* (its ``__init__`` pulls shapely and geopy). Everything is loaded lazily on first lookup
and cached.

Lookups go through :func:`key`, so NFD input, either tone placement (``Thúy``/``Thuý``,
``Hòa``/``Hoà``) and upper case all find the same unit. When the accented name is not known, an
accent-insensitive key is tried, but its answer is used only when it is unambiguous. A name that
fits several units (``Châu Thành`` is a district in ten provinces) gives ``None`` unless the
province narrows it down: a name is never guessed.

Public API::

    find_province(name)                               -> AdminUnit | None
    find_district(name, province=None)                -> AdminUnit | None
    find_commune(name, district=None, province=None, on=None) -> AdminUnit | None
    find_districts(name, province=None)               -> list[AdminUnit]   (every candidate)
    is_district_name(name, province=None)             -> bool
    is_province_name(name)                            -> bool
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex as re

from extractors.normalize import clean_text, fold, strip_accents

PACKAGE = "vietnamadminunits"
LEGACY_FILE = "parser_legacy.json"
FROM_2025_FILE = "parser_from_2025.json"
CONVERTER_FILE = "converter_2025.json"
TWO_LEVEL_SINCE = "2025-07-01"  # districts abolished, provinces merged (Resolution 202/2025/QH15)


class GazetteerError(RuntimeError):
    """The gazetteer data files cannot be found or read; names the path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class AdminUnit:
    level: str  # tinh | huyen | xa
    name: str  # official name with its type: "Huyện Mai Sơn", "Tỉnh Thanh Hóa"
    short: str  # "Mai Sơn", "Thanh Hóa" (the form the output uses)
    type: str  # "Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Xã", "Phường", "Thị trấn", "Đặc khu"
    province: str  # short name of the province ("Sơn La"); a province's own short name
    district: str | None = None  # short name of the district of a pre-2025 commune
    code: str | None = None
    era: str = "legacy"  # legacy (63 provinces, 3 levels) | 2025 (34 provinces, 2 levels)


# Type words a name may carry in text; stripped before lookup. Longest first.
_TYPE_WORDS = ("thành phố trực thuộc trung ương", "thành phố", "thị xã", "thị trấn", "đặc khu",
               "tỉnh", "huyện", "quận", "xã", "phường", "tp.", "tp", "tx.", "tx", "tt.")
_TYPE_RE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in _TYPE_WORDS) + r")(?:\s+|(?<=\.))", re.IGNORECASE)
_DASH = re.compile(r"\s*[-–—]\s*")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)  # the unit finder asks for the same few names in every document
def key(name: str) -> str:
    """Matching key of a unit name: clean, folded (case, tone placement), one space, no type word."""
    text = fold(clean_text(name)).strip()
    text = _TYPE_RE.sub("", text, count=1)
    text = _DASH.sub(" - ", text)
    return _SPACE.sub(" ", text).strip(" ,.;:")


@functools.lru_cache(maxsize=16384)
def loose_key(name: str) -> str:
    """Accent-insensitive key (the fallback lookup)."""
    return strip_accents(key(name)).replace(" - ", " ").replace("-", " ")


def data_dir() -> Path:
    """Directory of the package's data files, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(PACKAGE, "package not installed (pip install vietnamadminunits)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data"
    if not (path / LEGACY_FILE).is_file():
        raise GazetteerError(str(path / LEGACY_FILE), "gazetteer data file is missing")
    return path


def _read(name: str) -> dict:
    path = data_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(str(path), f"cannot read gazetteer data: {exc}") from None


_PROVINCE_TYPES = {"Tỉnh", "Thành phố"}
# Commune type words, read from the official name (the data's wardType is sometimes wrong:
# "Thị trấn Ngọc Lặc" has wardType "Xã").
_COMMUNE_TYPES = ("Thị trấn", "Phường", "Đặc khu", "Xã")
# Other names in common use for a province (old names, spellings). Folded keys.
_PROVINCE_ALIASES = {"thừa thiên huế": "Huế", "thừa thiên - huế": "Huế", "tp hcm": "Hồ Chí Minh",
                     "tp. hcm": "Hồ Chí Minh", "hcm": "Hồ Chí Minh", "sài gòn": "Hồ Chí Minh",
                     "bà rịa vũng tàu": "Bà Rịa - Vũng Tàu", "đăk lăk": "Đắk Lắk", "đắc lắc": "Đắk Lắk",
                     "đăk nông": "Đắk Nông", "đắc nông": "Đắk Nông"}


def _unit_type(full: str, short: str, types: tuple[str, ...]) -> str:
    prefix = full[: len(full) - len(short)].strip() if full.endswith(short) else ""
    for t in types:
        if prefix.lower() == t.lower():
            return t
    return prefix or types[-1]


class Gazetteer:
    """Indexes of provinces, districts and communes by exact and accent-insensitive key.

    Provinces and districts are indexed on creation; the 13,000 communes only on the first
    commune lookup (most documents never need them).
    """

    def __init__(self) -> None:
        self._legacy = _read(LEGACY_FILE)
        self._modern = _read(FROM_2025_FILE)
        self.provinces: list[AdminUnit] = []
        self.districts: list[AdminUnit] = []
        self._province_by_key: dict[str, str] = {}  # era:data key -> short name
        for era, data in (("legacy", self._legacy), ("2025", self._modern)):
            for pkey, p in data["DICT_PROVINCE"].items():
                self.provinces.append(AdminUnit(
                    "tinh", p["province"], p["provinceShort"],
                    _unit_type(p["province"], p["provinceShort"], ("Thành phố", "Tỉnh")),
                    p["provinceShort"], code=p.get("provinceCode"), era=era))
                self._province_by_key[f"{era}:{pkey}"] = p["provinceShort"]
        for pkey, districts in self._legacy["DICT_PROVINCE_DISTRICT"].items():
            province = self._province_by_key[f"legacy:{pkey}"]
            for d in districts.values():
                self.districts.append(AdminUnit("huyen", d["district"], d["districtShort"], d["districtType"],
                                                province, code=d.get("districtCode")))
        self._exact: dict[str, dict[str, list[AdminUnit]]] = {}
        self._loose: dict[str, dict[str, list[AdminUnit]]] = {}
        self._index("tinh", self.provinces)
        self._index("huyen", self.districts)
        for alias, short in _PROVINCE_ALIASES.items():
            target = [u for u in self.provinces if u.short == short]
            self._exact["tinh"].setdefault(alias, target)
            self._loose["tinh"].setdefault(loose_key(alias), target)

    def _index(self, level: str, units: list[AdminUnit]) -> None:
        exact: dict[str, list[AdminUnit]] = defaultdict(list)
        loose: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in units:
            k = key(unit.short)
            exact[k].append(unit)
            loose[loose_key(unit.short)].append(unit)
            full = key(unit.name)  # "Huyện Mai Sơn" keys as "mai sơn" too; keep odd names reachable
            if full != k:
                exact[full].append(unit)
        self._exact[level], self._loose[level] = dict(exact), dict(loose)

    @functools.cached_property
    def communes(self) -> list[AdminUnit]:
        out: list[AdminUnit] = []
        district_short = {(pk, dk): d["districtShort"]
                          for pk, ds in self._legacy["DICT_PROVINCE_DISTRICT"].items() for dk, d in ds.items()}
        for pkey, districts in self._legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items():
            province = self._province_by_key[f"legacy:{pkey}"]
            for dkey, wards in districts.items():
                for w in wards.values():
                    if not isinstance(w.get("ward"), str):  # island districts without communes: NaN rows
                        continue
                    out.append(AdminUnit(
                        "xa", w["ward"], w["wardShort"], _unit_type(w["ward"], w["wardShort"], _COMMUNE_TYPES),
                        province, district=district_short.get((pkey, dkey)), code=w.get("wardCode")))
        for pkey, wards in self._modern["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
            province = self._province_by_key[f"2025:{pkey}"]
            for w in wards.values():
                if not isinstance(w.get("ward"), str):
                    continue
                out.append(AdminUnit(
                    "xa", w["ward"], w["wardShort"], _unit_type(w["ward"], w["wardShort"], _COMMUNE_TYPES),
                    province, code=w.get("wardCode"), era="2025"))
        self._index("xa", out)
        return out

    def candidates(self, level: str, name: str, keep=lambda unit: True) -> list[AdminUnit]:
        """Units of ``level`` called ``name``: exact key first; accent-insensitive only if unambiguous."""
        if not name or not name.strip():
            return []
        if level == "xa":
            self.communes  # noqa: B018 -- builds the commune index on first use
        found = [u for u in self._exact[level].get(key(name), []) if keep(u)]
        if found:
            return found
        loose = [u for u in self._loose[level].get(loose_key(name), []) if keep(u)]
        if len({(u.short, u.province, u.district) for u in loose}) == 1:
            return loose
        return []


@functools.cache
def gazetteer() -> Gazetteer:
    """The loaded gazetteer (read once, on first use)."""
    return Gazetteer()


def _same_province(province: str | None):
    if not province:
        return lambda unit: True
    wanted = {u.short for u in gazetteer().candidates("tinh", province)}
    return lambda unit: unit.province in wanted


def _distinct(units: list[AdminUnit], *fields: str) -> list[AdminUnit]:
    seen, out = set(), []
    for u in units:
        k = tuple(getattr(u, f) for f in fields)
        if k not in seen:
            seen.add(k)
            out.append(u)
    return out


def find_province(name: str) -> AdminUnit | None:
    """The province called ``name`` (``"Thanh Hoá"``, ``"tỉnh Sơn La"``, ``"TP. Hồ Chí Minh"``)."""
    found = _distinct(gazetteer().candidates("tinh", name), "short")
    if len(found) != 1:
        return None
    legacy = [u for u in gazetteer().candidates("tinh", name) if u.era == "legacy"]
    return legacy[0] if legacy else found[0]


def is_province_name(name: str) -> bool:
    return find_province(name) is not None


def find_districts(name: str, province: str | None = None) -> list[AdminUnit]:
    """Every pre-2025 district called ``name`` (in ``province`` when given)."""
    return _distinct(gazetteer().candidates("huyen", name, _same_province(province)), "short", "province")


def find_district(name: str, province: str | None = None) -> AdminUnit | None:
    """The district called ``name``; ``None`` when unknown or when several provinces have one."""
    found = find_districts(name, province)
    return found[0] if len(found) == 1 else None


def is_district_name(name: str, province: str | None = None) -> bool:
    """True when some district (in ``province`` when given) is called ``name``."""
    return bool(find_districts(name, province))


def find_commune(name: str, district: str | None = None, province: str | None = None,
                 on: str | None = None) -> AdminUnit | None:
    """The commune called ``name``; the map of the date ``on`` (ISO) is preferred when given."""
    in_province = _same_province(province)
    wanted_district = key(district) if district else None

    def keep(unit: AdminUnit) -> bool:
        if not in_province(unit):
            return False
        return wanted_district is None or (unit.district is not None and key(unit.district) == wanted_district)

    found = gazetteer().candidates("xa", name, keep)
    era = "2025" if on is not None and on >= TWO_LEVEL_SINCE else "legacy"
    found = [u for u in found if u.era == era] or found
    found = _distinct(found, "short", "province", "district", "era")
    if len({(u.short, u.province, u.district) for u in found}) == 1:
        return found[0]
    return None
