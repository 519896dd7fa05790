"""kill -9 at random points of a crawl and of a reprocess: the file stays sound and the rerun ends clean.

Fixed kill points with the helpers of benchmarks/crash.py (which runs >= 20 random ones of each).
By default one trial of each kills mid-run; the early kills (schema creation, seeding) are marked
``slow`` and run with ``pytest -m slow tests/test_crash_safety.py`` or CCHC_CRASH_ALL=1.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import crash

from tests.farm import Farm

ALL = os.environ.get("CCHC_CRASH_ALL") == "1"


def _point(fraction: float, name: str, default: bool) -> Any:
    return pytest.param(fraction, id=name, marks=[] if default else [pytest.mark.slow])


# Fractions of the clean run's wall time at which to kill.
CRAWL_POINTS = [_point(0.45, "mid", True), _point(0.15, "early", False)]
REPROCESS_POINTS = [_point(0.6, "mid", True), _point(0.15, "early", False)]


@pytest.fixture(autouse=True)
def _only_when_asked(request: pytest.FixtureRequest) -> None:
    slow = request.node.get_closest_marker("slow") is not None
    if slow and not (ALL or "slow" in (request.config.getoption("markexpr") or "")):
        pytest.skip("extra kill point: run with -m slow or CCHC_CRASH_ALL=1")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("crash")
    farm = Farm.start(work / "farm")
    ref, wall = crash.crawl_reference(farm.registry_path, work)
    source = crash.pages_source(ref, work, extra_pages=0)
    rref, rwall = crash.reprocess_reference(source, work)
    yield {"farm": farm, "work": work, "ref": ref, "wall": wall, "source": source,
           "derived": crash.derived_tables(rref), "rwall": rwall}
    farm.stop()


class Fixed(random.Random):
    """A Random whose uniform() returns the chosen fraction of the range (a fixed kill point)."""

    def __init__(self, fraction: float) -> None:
        super().__init__(0)
        self.fraction = fraction

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.fraction


def test_the_references_are_not_empty(setup: dict[str, Any]) -> None:
    assert crash.scalar(setup["ref"], "select count(*) from pages where relevant = 1") > 50
    assert len(setup["derived"]["figures"]) > 100 and setup["derived"]["flags"]


@pytest.mark.parametrize("fraction", CRAWL_POINTS)
def test_crawl_killed_then_resumed_equals_a_clean_crawl(setup: dict[str, Any], fraction: float) -> None:
    trial = crash.crawl_trial(int(fraction * 100), setup["farm"].registry_path, setup["ref"], setup["wall"],
                              Fixed(fraction), setup["work"])
    assert trial.integrity == "ok" and trial.duplicates == [], trial.line()
    assert trial.equal and trial.ok, trial.line()


@pytest.mark.parametrize("fraction", REPROCESS_POINTS)
def test_reprocess_killed_then_rerun_equals_a_clean_reprocess(setup: dict[str, Any], fraction: float) -> None:
    trial = crash.reprocess_trial(int(fraction * 100), setup["source"], setup["derived"], setup["rwall"],
                                  Fixed(fraction), setup["work"])
    assert trial.integrity == "ok" and trial.duplicates == [] and trial.fts_ok, trial.line()
    assert trial.equal and trial.ok, trial.line()


def test_a_duplicate_is_detected(setup: dict[str, Any], tmp_path: Path) -> None:
    # The duplicate check can fail: a figure copied under a new id but the same span and metric.
    import shutil
    import sqlite3
    db = tmp_path / "dup.db"
    shutil.copy(setup["work"] / "reprocess-reference.db", db)
    con = sqlite3.connect(db)
    with con:
        cols = [r[1] for r in con.execute("pragma table_info(figures)") if r[1] != "id"]
        names = ", ".join(f"[{c}]" for c in cols)
        con.execute(f"insert into figures (id, {names}) select 'x' || id, {names} from figures limit 1")
    con.close()
    assert crash.duplicates(db) == ["figures by span+metric"]
    assert crash.derived_tables(db) != setup["derived"]
