"""The portal registry: the bundled file, validation messages, and `cchc portals`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc.cli import cli
from scraper.registry import FAMILIES, RegistryError, load_registry

GOOD = {"id": '"x"', "name": '"Xã X"', "base_url": '"https://x.tinh.gov.vn"', "family": '"nukeviet"',
        "listings": '["/tin-tuc"]', "unit": '{ level = "xa", name = "xã X", province = "Sơn La" }'}

# (field overrides or removals, the field the error must name)
BAD_ENTRIES = [
    ({"id": '"bad id!"'}, "field 'id'"),
    ({"base_url": '"x.tinh.gov.vn"'}, "field 'base_url'"),
    ({"family": '"joomla"'}, "field 'family': unknown family 'joomla'"),
    ({"listings": "[]"}, "field 'listings'"),
    ({"listings": '["https://other.gov.vn/tin"]'}, "field 'listings'"),
    ({"unit": '{ level = "quan" }'}, "field 'unit.level'"),
    ({"selectors": '{ body = ".x" }'}, "field 'selectors': unknown key(s) ['body']"),
    ({"active_from": '"2025-13-01"'}, "field 'active_from'"),
    ({"active_from": '"2025-07-01"', "active_to": '"2024-01-01"'}, "field 'active_to'"),
    ({"colour": '"red"'}, "unknown field(s) ['colour']"),
    ({"name": None}, "missing field(s) ['name']"),
]


def write(tmp_path: Path, fields: dict[str, str | None], extra: str = "") -> Path:
    entry = {**GOOD, **fields}
    body = "[[portal]]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items() if v is not None)
    path = tmp_path / "portals.toml"
    path.write_text(body + extra, encoding="utf-8")
    return path


def test_bundled_registry_has_20_real_portals_in_5_families() -> None:
    portals = load_registry()
    assert len(portals) >= 20
    assert len({p.family for p in portals}) >= 5
    hosts = {p.host for p in portals}
    for seed_host in ("sonla.gov.vn", "thuanchau.sonla.gov.vn", "maison.sonla.gov.vn", "thaibinh.gov.vn",
                      "vuthu.thaibinh.gov.vn", "ngoclac.thanhhoa.gov.vn", "dienbien.gov.vn", "namdinh.gov.vn",
                      "vinhphuc.gov.vn"):
        assert seed_host in hosts


def test_a_good_entry_loads(tmp_path: Path) -> None:
    (portal,) = load_registry(write(tmp_path, {}))
    assert portal.listing_urls() == ["https://x.tinh.gov.vn/tin-tuc"] and portal.family in FAMILIES


@pytest.mark.parametrize("fields,message", BAD_ENTRIES, ids=[m.split(":")[0] + "-" + str(i)
                                                            for i, (_, m) in enumerate(BAD_ENTRIES)])
def test_a_bad_entry_is_named_in_one_line(tmp_path: Path, fields: dict[str, str | None], message: str) -> None:
    with pytest.raises(RegistryError) as err:
        load_registry(write(tmp_path, fields))
    text = str(err.value)
    assert "portal #1 (x)" in text or "portal #1 (bad id!)" in text
    assert message in text and "\n" not in text


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, {})
    path.write_text(path.read_text(encoding="utf-8") * 2, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"portal #2 \(x\): field 'id': duplicate id"):
        load_registry(path)


def test_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[[portal]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(path)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_portals_command(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["portals", "--format", fmt])
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.output)
        assert {"id", "family", "unit", "listings", "active_to"} <= set(data[0])
        assert any(p["id"] == "sonla" and p["family"] == "numeric_path" for p in data)
    else:
        assert "sonla" in result.output and "portals," in result.output.splitlines()[-1]
