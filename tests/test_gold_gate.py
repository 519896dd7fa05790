"""The gold gate: the in-process pipeline on the seed and dev bulletins, scored with the rules of
tests/gold/score_gold.py, must stay at or above the floors pinned in tests/gold/floors.json.

Also: nothing listed under ``must_not_extract`` comes out as a figure, unit / period / published
equal the gold, and every number token of the clean text is either a figure or a skipped entry.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

import pytest
import regex as re

from extractors.document import extract_path
from extractors.numbers import NUMBER

GOLD = Path(__file__).parent / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
SETS = ("seeds", "dev")

_spec = importlib.util.spec_from_file_location("score_gold", GOLD / "score_gold.py")
score_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_gold)


def gold_docs(name: str) -> list[dict]:
    return json.loads((GOLD / name / "gold.json").read_text(encoding="utf-8"))["documents"]


@functools.cache
def extracted(name: str, file: str):
    return extract_path(GOLD / name / file)


def figure_found(gold_fig: dict, figures: list[dict]) -> bool:
    """score_gold's rule: same value and kind, compatible metric and scope level."""
    return any(score_gold.close(f["value"], gold_fig["value"])
               and f.get("kind", "count") == gold_fig.get("kind", "count")
               and score_gold.canon(f["metric"]) == score_gold.canon(gold_fig["metric"])
               and score_gold.scope_level(f.get("scope")) == score_gold.scope_level(gold_fig.get("scope"))
               for f in figures)


def flag_matches(out: dict, gold: dict) -> bool:
    return (score_gold.close(out.get("stated"), gold.get("stated"))
            and score_gold.close_computed(out.get("computed"), gold.get("computed")))


def score(name: str) -> dict[str, float]:
    fig_total = fig_found = flag_gold = flag_hit = flag_out = flag_true = 0
    same = {"unit": 0, "period": 0, "published": 0}
    published_total = 0
    docs = gold_docs(name)
    for d in docs:
        out = extracted(name, d["file"]).to_json()
        for g in d.get("figures", []):
            fig_total += 1
            fig_found += figure_found(g, out["figures"])
        shown = [f for f in out["flags"] if f.get("severity", "error") != "info"]
        flag_out += len(shown)
        flag_gold += len(d.get("flags", []))
        flag_hit += sum(any(flag_matches(f, g) for f in shown) for g in d.get("flags", []))
        flag_true += sum(any(flag_matches(f, g) for g in d.get("flags", [])) for f in shown)
        same["unit"] += out["unit"] == d["unit"]
        same["period"] += _period(out["period"]) == _period(d["period"])
        if d.get("published"):
            published_total += 1
            same["published"] += out["published"] == d["published"]
    return {
        "figure_recall": fig_found / fig_total if fig_total else 1.0,
        "flag_precision": flag_true / flag_out if flag_out else (1.0 if flag_gold == 0 else 0.0),
        "flag_recall": flag_hit / flag_gold if flag_gold else 1.0,
        "unit": same["unit"] / len(docs),
        "period": same["period"] / len(docs),
        "published": same["published"] / published_total if published_total else 1.0,
    }


def _period(p: dict | None) -> tuple | None:
    return (p["start"], p["end"]) if p else None


@functools.cache
def scores(name: str) -> dict[str, float]:
    return score(name)


@pytest.mark.parametrize("name,measure", [(n, m) for n in SETS for m in FLOORS[n]],
                         ids=[f"{n}:{m}" for n in SETS for m in FLOORS[n]])
def test_floor(name: str, measure: str) -> None:
    got = scores(name)[measure]
    assert got >= FLOORS[name][measure], f"{name} {measure}={got:.3f} fell below the floor {FLOORS[name][measure]}"


def test_floors_file_is_complete() -> None:
    assert "_note" in FLOORS and "lowered only on purpose" in FLOORS["_note"]
    for name in SETS:
        assert set(FLOORS[name]) == set(scores(name)), name
        assert all(0 <= v <= 1 for v in FLOORS[name].values())


def _gold_cases(name: str):
    return [pytest.param(name, d, id=f"{name}:{d['file']}") for d in gold_docs(name)]


@pytest.mark.parametrize("name,doc", _gold_cases("seeds"))
def test_every_gold_figure_of_seeds_found(name: str, doc: dict) -> None:
    """Seeds: every figure, one by one (the floor is 1.0; this names the one that went missing)."""
    figs = extracted(name, doc["file"]).to_json()["figures"]
    missing = [f"{g['metric']}[{g.get('scope')}]={g['value']} ({g.get('surface')})"
               for g in doc["figures"] if not figure_found(g, figs)]
    assert not missing


@pytest.mark.parametrize("name,doc", _gold_cases("seeds") + _gold_cases("dev"))
def test_unit_period_published(name: str, doc: dict) -> None:
    out = extracted(name, doc["file"]).to_json()
    assert out["unit"] == doc["unit"]
    assert _period(out["period"]) == _period(doc["period"])
    if doc.get("published"):
        assert out["published"] == doc["published"]


# must_not_extract, made concrete: (set, file, literal in the clean text, what is forbidden there).
# "any": no figure may overlap the literal; "to_end": none from the literal to the end of the text
# (a page-chrome widget); a kind name: no figure of that kind overlaps it.
NOT_FIGURES = [
    ("seeds", "000_7e132c740c8fec5b.txt", "ISO 9001-2015", "any"),
    ("seeds", "000_7e132c740c8fec5b.txt", "Thống kê truy cập", "to_end"),
    ("seeds", "001_985d570e67ad2641.txt", "Truy câp tổng 7.806.460", "any"),
    ("seeds", "001_985d570e67ad2641.txt", "Truy câp hiện tại 3.971", "any"),
    ("seeds", "001_985d570e67ad2641.txt", "Thống kê truy cập", "to_end"),
    ("seeds", "002_6e772fec8e2d33e2.txt", "Tổng số điểm của bài viết là: 0 trong 0 đánh giá", "to_end"),
    ("seeds", "002_6e772fec8e2d33e2.txt", "Hôm nay : 304", "any"),
    ("seeds", "002_6e772fec8e2d33e2.txt", "Năm 2024 : 11.433", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "02/2017/TT-VPCP", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "393/QĐ-UBND", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "468/TB-UBND", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "1165/VPUB-PVHCC", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "1773/STTT-CNTTVT", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "Lượt xem: 173", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "từ 5 điểm trở lên", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "từ 3.5 điểm đến dưới 5 điểm", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "dưới 70%", "any"),
    ("seeds", "004_bae01c11a1ef8bca.txt", "Thống kê truy cập", "to_end"),
    ("dev", "003.txt", "06:03, 18/03/2020", "any"),
    ("dev", "003.txt", "1/12/2019 đến 29/2/2020", "any"),
    ("dev", "033.txt", "10-6-2021, 10:53 GMT+7", "any"),
    ("dev", "033.txt", "6 tháng đầu năm 2021", "any"),
    ("dev", "033.txt", "3 cấp", "any"),
    ("dev", "033.txt", "http://baolamdong.vn/", "any"),
    ("dev", "005.txt", "29/09/2021", "any"),
    ("dev", "005.txt", "tháng 09/2021", "any"),
    ("dev", "005.txt", "Tháng 9/2021", "any"),
    ("dev", "005.txt", "quý III năm 2021", "any"),
    ("dev", "005.txt", "Quý III/2021", "any"),
    ("dev", "005.txt", "mức độ 3", "any"),
    ("dev", "005.txt", "mức độ 4", "any"),
    ("dev", "006.txt", "19/BC-TTPVHCC", "any"),
    ("dev", "006.txt", "21/7đến 20/8/2021", "any"),
    ("dev", "006.txt", "tháng 8/2021", "any"),
    ("dev", "006.txt", "tháng 01/2021", "any"),
    ("dev", "006.txt", "sau 01 năm", "any"),
    ("dev", "006.txt", "dưới 3%", "any"),
    ("dev", "006.txt", "dưới 10%", "any"),
    ("dev", "006.txt", "30/08/2021", "any"),
    ("dev", "011.txt", "2.1.2018", "any"),
    ("dev", "011.txt", "17.5.2018", "any"),
    ("dev", "011.txt", "11.5.2018", "any"),
    ("dev", "011.txt", "gần 4,8 tỷ đồng", "count"),
    ("dev", "016.txt", "Thứ 4, Ngày 20/01/2021", "any"),
    ("dev", "016.txt", "Ngày đăng: 31/12/2020  16:44", "any"),
    ("dev", "016.txt", "Tính đến ngày 31/12/2020", "any"),
    ("dev", "016.txt", "mức độ 3, 4", "any"),
    ("dev", "020.txt", "00:19, 01/04/2024", "any"),
    ("dev", "020.txt", "quý I/2024", "any"),
    ("dev", "027.txt", "date 2022-06", "any"),
    ("dev", "027.txt", "5 tháng đầu năm 2022", "any"),
    ("dev", "029.txt", "tháng 01 năm 2025", "any"),
    ("dev", "038.txt", "(12:03 | 26/07/2017)", "any"),
    ("dev", "038.txt", "6 tháng đầu năm 2017", "any"),
    ("dev", "038.txt", "năm 2016", "any"),
    ("dev", "038.txt", "năm 2015", "any"),
    ("dev", "038.txt", "tăng 5 bậc", "count"),
    ("dev", "038.txt", "3/15", "count"),
]


@pytest.mark.parametrize("name,file,literal,forbid", NOT_FIGURES,
                         ids=[f"{n}:{f}:{lit}" for n, f, lit, _ in NOT_FIGURES])
def test_must_not_extract(name: str, file: str, literal: str, forbid: str) -> None:
    doc = extracted(name, file)
    starts = [m.start() for m in re.finditer(re.escape(literal), doc.text)]
    assert starts, f"{literal!r} is not in the clean text of {file}: the test data is stale"
    for start in starts:
        end = len(doc.text) if forbid == "to_end" else start + len(literal)
        bad = [f"{f.surface}@{f.start} {f.metric}/{f.kind}" for f in doc.figures
               if f.start < end and start < f.end and (forbid in ("any", "to_end") or f.kind == forbid)]
        assert not bad, f"{literal!r} gave figures {bad}"


@pytest.mark.parametrize("name,file,value", [("dev", "003.txt", 1284), ("dev", "016.txt", 3.4)],
                         ids=["dev:003:cut-off-commune-late-count-not-filled-in", "dev:016:muc-do-3-4-not-decimal"])
def test_value_never_invented(name: str, file: str, value: float) -> None:
    assert not [f for f in extracted(name, file).figures if score_gold.close(f.value, value)]


@pytest.mark.parametrize("name,doc", _gold_cases("seeds") + _gold_cases("dev"))
def test_no_number_dropped_silently(name: str, doc: dict) -> None:
    """Every number token of the clean text is a figure or a skipped entry with a reason."""
    d = extracted(name, doc["file"])
    spans = [(f.start, f.end) for f in d.figures] + [(s.start, s.end) for s in d.skipped]
    dropped = [m.group() for m in NUMBER.finditer(d.text)
               if not any(a < m.end() and m.start() < b for a, b in spans)]
    assert not dropped
    assert all(s.reason for s in d.skipped)


def test_legal_references_are_skipped_as_such() -> None:
    d = extracted("seeds", "004_bae01c11a1ef8bca.txt")
    for ref in ("02/2017/TT-VPCP", "393/QĐ-UBND", "468/TB-UBND", "1165/VPUB-PVHCC", "1773/STTT-CNTTVT"):
        start = d.text.index(ref)
        reasons = {s.reason for s in d.skipped if s.start == start}
        assert reasons == {"legal_reference"}, ref
