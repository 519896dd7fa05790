"""Downstream check: the fixture pages wrap real bulletins, so the figures the gold set lists must
come out of the HTML page exactly as well as they come out of the bulletin's plain-text dump."""

import importlib.util
import json
from pathlib import Path

import pytest

from extractors.document import extract_path, extract_text

HERE = Path(__file__).parent
GOLD = HERE / "gold"
PAGES = HERE / "data" / "html"
_spec = importlib.util.spec_from_file_location("score_gold", GOLD / "score_gold.py")
score_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_gold)

# fixture page -> the gold bulletin whose text it wraps (see tests/data/html/make_fixtures.py)
SOURCES = {"numeric-1": ("seeds", "000"), "numeric-2": ("seeds", "004"), "numeric-3": ("seeds", "002"),
           "sharepoint-1": ("seeds", "003"), "sharepoint-2": ("seeds", "000"), "thaibinh-1": ("seeds", "002"),
           "dnn-1": ("seeds", "001"), "unknown-4": ("seeds", "003"), "liferay-1": ("dev", "016"),
           "wordpress-1": ("dev", "020"), "splist-1": ("dev", "005"), "nukeviet-2": ("dev", "005"),
           "unknown-1": ("dev", "038"), "unknown-2": ("dev", "033"), "unknown-3": ("dev", "029"),
           "traps-1": ("dev", "006")}


def _found(gold_fig: dict, figures: list[dict]) -> bool:
    return any(score_gold.close(f["value"], gold_fig["value"])
               and f.get("kind", "count") == gold_fig.get("kind", "count")
               and score_gold.canon(f["metric"]) == score_gold.canon(gold_fig["metric"])
               and score_gold.scope_level(f.get("scope")) == score_gold.scope_level(gold_fig.get("scope"))
               for f in figures)


@pytest.mark.parametrize("page", sorted(SOURCES), ids=sorted(SOURCES))
def test_html_page_yields_the_gold_figures_of_its_bulletin(page):
    part, prefix = SOURCES[page]
    doc = next(d for d in json.loads((GOLD / part / "gold.json").read_text(encoding="utf-8"))["documents"]
               if d["file"].startswith(prefix))
    expected = json.loads((PAGES / f"{page}.expected.json").read_text(encoding="utf-8"))
    from_html = extract_text((PAGES / f"{page}.html").read_text(encoding="utf-8"), f"{page}.html",
                             url=expected["url"]).to_json()["figures"]
    from_text = extract_path(GOLD / part / doc["file"]).to_json()["figures"]
    lost = [g for g in doc["figures"] if _found(g, from_text) and not _found(g, from_html)]
    assert lost == []
