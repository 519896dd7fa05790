"""Units as written in an article, and where they sit in the map in force after 1 July 2025.

The gazetteer is vietnamadminunits' data, read directly from the installed package's files
(``data/dataset.db`` and ``data/converter_2025.json``): importing the package itself pulls in
shapely and geopy, which the pipeline does not need.

Statuses of the mapping: ``same`` (a province that was not merged), ``merged`` (a province or
commune folded into a new one), ``renamed``, ``district_abolished`` (the district level is gone:
only the new province is given), ``not_found`` (the name is not in the legacy gazetteer), and
``unknown`` (the article names no unit or no province).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex as re

from extractors.normalize import strip_accents

_PREFIXES = ("thanh pho", "thi xa", "thi tran", "tinh", "huyen", "quan", "xa", "phuong")
_LEVEL_PREFIX = {"tinh": ("tinh", "thanhpho"), "huyen": ("huyen", "quan", "thixa", "thanhpho"),
                 "xa": ("xa", "phuong", "thitran")}


class GazetteerError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass
class Mapping:
    status: str
    province_2025: str | None = None
    ward_2025: str | None = None
    province_code: str | None = None
    ward_code: str | None = None
    note: str | None = None

    def row(self, unit_id: str) -> dict[str, Any]:
        return {"unit_id": unit_id, "status": self.status, "province_2025": self.province_2025,
                "ward_2025": self.ward_2025, "province_code": self.province_code,
                "ward_code": self.ward_code, "note": self.note}


def name_key(name: str | None) -> str:
    """``Thuỷ Sơn`` / ``Thúy Sơn`` / ``thuy son`` -> ``thuyson`` (the package's key form)."""
    if not name:
        return ""
    return re.sub(r"[^a-z0-9]", "", strip_accents(name).lower())


def short_key(name: str | None) -> str:
    """The key without an administrative prefix (``huyện Mai Sơn`` -> ``maison``)."""
    plain = strip_accents(name or "").lower().strip()
    for prefix in _PREFIXES:
        if plain.startswith(prefix + " "):
            plain = plain[len(prefix) + 1:]
            break
    return re.sub(r"[^a-z0-9]", "", plain)


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError("vietnamadminunits", "package not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Any]:
    data = _data_dir()
    try:
        conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
        con = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    except (OSError, ValueError, sqlite3.Error) as exc:
        raise GazetteerError(str(data), f"cannot read the gazetteer: {exc}") from None
    old_to_new_province = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    old_to_new_ward: dict[str, str] = {}
    for new_prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            for old in olds:
                old_to_new_ward[old] = f"{new_prov}_{new_ward}"
    for _new_prov, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            default = next((t for t in targets if t.get("isDefaultNewWard")), targets[0])
            old_to_new_ward.setdefault(old, f"{_new_prov}_{default['newWardKey']}")
    provinces_old = {r[0]: (r[1], r[2]) for r in con.execute(
        "select distinct provinceShortKey, provinceKey, provinceShort from admin_units_legacy")}
    provinces_new = {r[0]: (r[1], r[2]) for r in con.execute(
        "select distinct provinceKey, province, provinceCode from admin_units")}
    wards_new = {f"{r[0]}_{r[1]}": (r[2], r[3]) for r in con.execute(
        "select provinceKey, wardKey, ward, wardCode from admin_units")}
    legacy: dict[str, list[tuple[str, ...]]] = {}  # by province key
    for r in con.execute("select provinceKey, districtKey, districtShortKey, wardKey, wardShortKey "
                         "from admin_units_legacy"):
        legacy.setdefault(r[0], []).append(tuple(r))
    con.close()
    return {"p_old": provinces_old, "p_map": old_to_new_province, "p_sources": conv["DICT_PROVINCE"], "p_new": provinces_new,
            "w_map": old_to_new_ward, "w_new": wards_new, "legacy": legacy}


def map_unit(level: str | None, name: str | None, province: str | None) -> Mapping:
    """Where a unit named in an article (before or after the reform) sits after 1 July 2025."""
    if not province and level == "tinh":
        province = name
    if not province:
        return Mapping("unknown", note="the article names no province")
    g = _gazetteer()
    found = g["p_old"].get(short_key(province))
    if found is None:
        return Mapping("not_found", note=f"province {province!r} is not in the legacy gazetteer")
    old_pkey = found[0]
    new_pkey = g["p_map"].get(old_pkey, old_pkey)
    new_name, new_code = g["p_new"].get(new_pkey, (None, None))
    merged = new_pkey != old_pkey or len(g["p_sources"].get(new_pkey, ())) > 1
    if level in (None, "tinh"):
        return Mapping("merged" if merged else "same", new_name, None, new_code)
    if level == "huyen":
        dkey = short_key(name)
        known = any(row[2] == dkey for row in g["legacy"].get(old_pkey, ()))
        if not known:
            return Mapping("not_found", new_name, None, new_code,
                           note=f"district {name!r} is not in the legacy gazetteer of {province}")
        return Mapping("district_abolished", new_name, None, new_code,
                       note="the district level was abolished on 1 July 2025")
    wkey = short_key(name)
    rows = [row for row in g["legacy"].get(old_pkey, ()) if row[4] == wkey]
    if not rows:
        return Mapping("not_found", new_name, None, new_code,
                       note=f"commune {name!r} is not in the legacy gazetteer of {province}")
    targets = sorted({g["w_map"].get(f"{r[0]}_{r[1]}_{r[3]}", "") for r in rows} - {""})
    if not targets:
        return Mapping("not_found", new_name, None, new_code, note="no 2025 ward for this commune")
    ward_name, ward_code = g["w_new"].get(targets[0], (None, None))
    note = None if len(rows) == 1 else f"{len(rows)} communes of this name in {province}; first mapping used"
    status = "same" if ward_name and short_key(ward_name) == wkey else "merged"
    return Mapping(status, new_name, ward_name, new_code, ward_code, note)


def unit_label(level: str | None, name: str | None, province: str | None) -> str | None:
    if not name and not province:
        return None
    prefix = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}.get(level or "", "")
    head = f"{prefix} {name}".strip() if name else province
    if province and name and level != "tinh" and province != name:
        return f"{head}, {province}"
    return head
