"""Datasette configured for a cchc database: metadata, the plugin, templates, permissions."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from db import plugin

HERE = Path(__file__).parent
METADATA = HERE / "metadata.yaml"
TEMPLATES = HERE / "templates"
SETTINGS = {
    "truncate_cells_html": 200,  # article bodies are long; the row page shows them whole
    "facet_time_limit_ms": 500,
    "sql_time_limit_ms": 3000,
    "suggest_facets": False,  # suggestions scan a million figures on every table page
}


@lru_cache(maxsize=1)
def _metadata() -> dict[str, Any]:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def metadata_for(db_name: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The metadata with the template database key renamed to ``db_name``."""
    meta = copy.deepcopy(_metadata())
    meta["databases"] = {db_name: meta["databases"].pop("cchc")}
    meta.update(extra or {})  # e.g. {"plugins": {"datasette-auth-passwords": {...}}}
    return meta


def make_datasette(path: str | Path, *, extra_metadata: dict[str, Any] | None = None,
                   settings: dict[str, Any] | None = None) -> Any:
    """A Datasette instance for ``path`` (used by ``cchc serve``, the tests and the benchmark)."""
    from datasette.app import Datasette

    plugin.register()
    name = Path(path).stem
    return Datasette([str(path)], metadata=metadata_for(name, extra_metadata),
                     template_dir=str(TEMPLATES), settings={**SETTINGS, **(settings or {})})
