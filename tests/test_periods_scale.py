"""Period and unit finding stay linear, and the island scan finds what the whole-text scan finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from extractors import period_grammar, periods, units
from extractors.normalize import clean_text, fold

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests" / "gold").glob("*/*.txt"))
EXAMPLES = [x for e in yaml.safe_load((ROOT / "patterns" / "periods.yaml").read_text(encoding="utf-8"))["entries"]
            for x in e["examples"]]
WORDS = ["tháng", "năm", "ngày", "quý", "tuần", "nay", "từ", "đến", "tới", "hết", "cuối", "đầu", "trong", "qua",
         "báo cáo", "kết quả", "sơ kết", "các", "hàng", "từng", "tra", "hoàn", "sau", "kể", "thứ", "i", "iv", "luỹ kế",
         "tính", "giai đoạn", "thời điểm", "này", "hiện tại", "nửa", "sáu", "so với", "cùng kỳ", "hồ sơ", "xtrong",
         "đếnnay", "đếnhết", "Tháng", "huyện", "UBND", "393/QĐ-UBND"]
SEPARATORS = [" ", " ", "  ", "\n", ", ", ". ", "; ", "/", "-", " - ", "–", ".", "(", ")", ": ", "", ".\n"]


def _fuzz(seed: int) -> str:
    rng = random.Random(seed)
    numbers = [lambda: str(rng.choice([1990, 2011, 2020, 2023, 2099])),
               lambda: f"{rng.randint(0, 32)}/{rng.randint(0, 13)}/{rng.choice([2019, 2023, 21])}",
               lambda: f"{rng.randint(0, 32)}.{rng.randint(0, 13)}.2019", lambda: f"{rng.randint(0, 13)}/2023",
               lambda: f"{rng.randint(1, 32)}-{rng.randint(1, 32)}/{rng.randint(1, 13)}/2022",
               lambda: f"{rng.randint(1, 999)}.{rng.randint(100, 999)}", lambda: str(rng.randint(0, 40))]
    parts = []
    for _ in range(rng.randint(5, 80)):
        parts.append(rng.choice(numbers)() if rng.random() < 0.35 else rng.choice(WORDS))
        parts.append(rng.choice(SEPARATORS))
    return clean_text("".join(parts))


CASES = ([pytest.param(p.read_text(encoding="utf-8"), id=p.stem) for p in GOLD]
         + [pytest.param(x, id=f"example-{i}") for i, x in enumerate(EXAMPLES)]
         + [pytest.param(_fuzz(seed), id=f"fuzz-{seed}") for seed in range(150)])


def _spans(raws: list) -> list[tuple]:
    return [(r.start, r.end, r.kind, r.priority, r.groups) for r in raws]


@pytest.mark.parametrize("text", CASES)
def test_island_scan_equals_the_whole_text_scan(text: str) -> None:
    folded = fold(clean_text(text))
    assert _spans(period_grammar._scan(folded)) == _spans(period_grammar._scan_full(folded))


def test_the_islands_are_a_small_part_of_a_bulletin() -> None:
    folded = fold(clean_text(GOLD[0].read_text(encoding="utf-8")))
    kept = sum(b - a for a, b in period_grammar._islands(folded))
    assert 0 < kept < len(folded) / 3


# One megabyte of dates: year-less ones (a year inferred for each), full ones, years among words.
MEGABYTE = {"yearless": "ngày 9/6, tháng 11 và quý I, 04/8/2023 ",
            "no_sentence_end": "từ ngày 25/12-27/12 đến nay tuần qua "}


@pytest.mark.parametrize("unit", list(MEGABYTE.values()), ids=list(MEGABYTE))
def test_a_megabyte_of_dates_completes(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    found = periods.find_period_mentions(text, "2023-08-04")
    assert len(found) >= text.count("/") // 2 and found[-1].end <= len(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_a_megabyte_of_unit_nouns_completes() -> None:
    text = "Sở Nội vụ làm việc với UBND huyện Mai Sơn, các xã và 12 huyện; " * 16_000
    found = units.find_unit_mentions(text, "2023-08-04", 0)
    assert len(found) >= 2 * 16_000
