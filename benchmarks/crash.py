"""Crash safety: `kill -9` at random points of `cchc crawl` (the fixture farm) and `cchc reprocess`.

Each trial starts the real command in its own process group, sends SIGKILL to the group after a
random delay drawn from (0.2 s, the clean run's wall time), then checks the file as the killed
process left it: ``PRAGMA integrity_check`` is ``ok``, no duplicate rows (pages by url, frontier by
url, articles / figures / flags by their stable keys and figures also by span + metric), full-text
index consistent. It then runs the same command again and compares the tables that matter with a
clean, uninterrupted run (timestamps ignored). One line per trial and a summary line.

    .venv/bin/python benchmarks/crash.py                          # 20 crawl + 20 reprocess trials
    .venv/bin/python benchmarks/crash.py --crawl 5 --reprocess 5 --seed 3 --extra-pages 0

The reprocess database is the farm crawl's pages plus ``--extra-pages`` generated bulletin pages
(benchmarks/reprocess.py), so that with the default it crosses MIN_PAGES_FOR_POOL and the kill
also hits the two-worker pool. The test suite runs two trials of each (tests/test_crash_safety.py).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_crawl_resume import COMPARED, crawl_cmd

# Stable keys that must stay unique even where no primary key enforces them.
DUPLICATE_CHECKS = {
    "pages by url": "select url from pages group by url having count(*) > 1",
    "frontier by url": "select url from frontier group by url having count(*) > 1",
    "articles by id": "select id from articles group by id having count(*) > 1",
    "figures by id": "select id from figures group by id having count(*) > 1",
    "figures by span+metric": "select article_id from figures group by article_id, start, end, metric "
                              "having count(*) > 1",
    "flags by fingerprint": "select id from flags group by id having count(*) > 1",
    "flag_figures by pair": "select flag_id from flag_figures group by flag_id, figure_id having count(*) > 1",
    "skipped by id": "select id from skipped group by id having count(*) > 1",
}
# What a reprocess owns; every column but timestamps (*_at) is compared.
DERIVED = ("portals", "units", "units_2025", "articles", "figures", "relations", "flags", "flag_groups",
           "flag_figures", "skipped", "load_errors")


@dataclass
class Trial:
    kind: str
    index: int
    kill_after: float
    at_kill: str  # progress found in the file after the kill
    integrity: str
    duplicates: list[str]
    fts_ok: bool
    resumed_rc: int
    equal: bool
    note: str = ""

    @property
    def ok(self) -> bool:
        # Exit 4 ("nothing could be fetched") is the crawl's answer when the only items left after
        # the kill were fault pages that fail again (e.g. the timeout page): the run still ends done.
        resumed = self.resumed_rc == 0 or (self.kind == "crawl" and self.resumed_rc == 4 and "exit 4" in self.note)
        return self.integrity == "ok" and not self.duplicates and self.fts_ok and resumed and self.equal

    def line(self) -> str:
        return (f"{self.kind:9} #{self.index:<2} kill after {self.kill_after:5.2f}s  at kill: {self.at_kill:34} "
                f"integrity={self.integrity} duplicates={len(self.duplicates)} fts={'ok' if self.fts_ok else 'BAD'} "
                f"resume rc={self.resumed_rc} equal={'yes' if self.equal else 'NO'}"
                f"{'  ' + self.note if self.note else ''}  {'OK' if self.ok else 'FAIL'}")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:  # table not created before the kill
        return []
    finally:
        con.close()


def scalar(db: Path, sql: str) -> int:
    rows = query(db, sql)
    return int(rows[0][0]) if rows else 0


def integrity(db: Path) -> str:
    if not db.exists():
        return "ok"  # killed before the file was created: nothing to corrupt
    return "; ".join(str(r[0]) for r in query(db, "pragma integrity_check")) or "no answer"


def duplicates(db: Path) -> list[str]:
    return [name for name, sql in DUPLICATE_CHECKS.items() if query(db, sql)]


def fts_ok(db: Path) -> bool:
    """The articles full-text index agrees with its table (FTS5 integrity-check, row count)."""
    if not query(db, "select name from sqlite_master where name = 'articles_fts'"):
        return True
    con = sqlite3.connect(db)
    try:
        con.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
        return con.execute("select count(*) from articles_fts").fetchone()[0] == \
            con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def derived_tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in DERIVED:
        cols = [r[1] for r in query(db, f"pragma table_info([{table}])") if not r[1].endswith("_at")]
        select = ", ".join(f"[{c}]" for c in cols)
        out[table] = sorted(query(db, f"select {select} from [{table}]"), key=repr)
    return out


def kill_group_after(cmd: list[str], delay: float, db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # own group: the pool workers die with it
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run_cmd(cmd: list[str]) -> tuple[int, float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    return done.returncode, time.monotonic() - start, done.stderr[-400:]


# --- crawl -------------------------------------------------------------------------------------
def crawl_reference(registry: Path, work: Path) -> tuple[Path, float]:
    ref = work / "crawl-reference.db"
    rc, wall, err = run_cmd(crawl_cmd(ref, registry))
    if rc != 0:
        raise RuntimeError(f"clean crawl failed: {err}")
    return ref, wall


def crawl_trial(index: int, registry: Path, reference: Path, wall: float, rng: random.Random, work: Path) -> Trial:
    db = work / f"crawl-{index}.db"
    delay = rng.uniform(0.2, wall)
    kill_group_after(crawl_cmd(db, registry), delay, db)
    runs = [r[0] for r in query(db, "select state from crawl_runs order by id")]
    at_kill = f"{scalar(db, 'select count(*) from pages')} pages, " \
              f"{scalar(db, 'select count(*) from frontier where state=' + repr('pending'))} pending"
    trial = Trial("crawl", index, delay, at_kill, integrity(db), duplicates(db), True, -1, False,
                  "" if runs[-1:] == ["running"] else f"(run state at kill: {runs[-1] if runs else 'none'})")
    trial.resumed_rc, _, err = run_cmd(crawl_cmd(db, registry))
    last = query(db, "select state from crawl_runs order by id desc limit 1")
    if trial.resumed_rc == 4 and last == [("done",)]:
        failed = query(db, "select reason from fetch_log where run_id = (select max(id) from crawl_runs)")
        trial.note += f" exit 4: the run ended done, every item left failed again ({', '.join(r[0] for r in failed)})"
        err = ""
    sql = f"select {COMPARED} from pages order by url"
    same_frontier = query(db, "select url, state from frontier order by url") == \
        query(reference, "select url, state from frontier order by url")
    trial.equal = query(db, sql) == query(reference, sql) and same_frontier
    trial.duplicates += [f"after resume: {d}" for d in duplicates(db)]
    if integrity(db) != "ok":
        trial.integrity = "after resume: " + integrity(db)
    if trial.resumed_rc:
        trial.note += " " + err.strip().splitlines()[-1] if err.strip() else ""
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    return trial


# --- reprocess ----------------------------------------------------------------------------------
def reprocess_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "cchc.cli", "reprocess", "--db", str(db)]


def pages_source(crawled: Path, work: Path, extra_pages: int) -> Path:
    """A pages-only database: the farm crawl's stored pages plus generated bulletin pages."""
    src = work / "pages.db"
    con = sqlite3.connect(crawled)
    try:
        con.execute(f"vacuum into '{src}'")
    finally:
        con.close()
    con = sqlite3.connect(src)
    with con:
        for table in ("frontier", "fetch_log", "crawl_runs"):
            con.execute(f"drop table if exists [{table}]")
    con.close()
    if extra_pages:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from reprocess import build  # benchmarks/reprocess.py: perturbed seed + dev bulletins
        build(src, extra_pages)
    return src


def reprocess_reference(source: Path, work: Path) -> tuple[Path, float]:
    ref = work / "reprocess-reference.db"
    shutil.copy(source, ref)
    rc, wall, err = run_cmd(reprocess_cmd(ref))
    if rc != 0:
        raise RuntimeError(f"clean reprocess failed: {err}")
    return ref, wall


def reprocess_trial(index: int, source: Path, reference: dict[str, list[tuple[Any, ...]]], wall: float,
                    rng: random.Random, work: Path) -> Trial:
    db = work / f"reprocess-{index}.db"
    shutil.copy(source, db)
    delay = rng.uniform(0.2, wall)
    kill_group_after(reprocess_cmd(db), delay, db)
    at_kill = f"{scalar(db, 'select count(*) from articles')} articles, " \
              f"{scalar(db, 'select count(*) from figures')} figures"
    trial = Trial("reprocess", index, delay, at_kill, integrity(db), duplicates(db), fts_ok(db), -1, False)
    trial.resumed_rc, _, err = run_cmd(reprocess_cmd(db))
    trial.equal = derived_tables(db) == reference
    trial.fts_ok = trial.fts_ok and fts_ok(db)
    trial.duplicates += [f"after rerun: {d}" for d in duplicates(db)]
    if integrity(db) != "ok":
        trial.integrity = "after rerun: " + integrity(db)
    if trial.resumed_rc and err.strip():
        trial.note = err.strip().splitlines()[-1]
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    return trial


def summary(trials: list[Trial]) -> str:
    parts = []
    for kind in ("crawl", "reprocess"):
        mine = [t for t in trials if t.kind == kind]
        if mine:
            parts.append(f"{kind}: {sum(t.ok for t in mine)}/{len(mine)} trials ok")
    return "summary: " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawl", type=int, default=20, help="crawl trials")
    parser.add_argument("--reprocess", type=int, default=20, help="reprocess trials")
    parser.add_argument("--extra-pages", type=int, default=150, help="generated pages added to the farm's")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from tests.farm import Farm

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cchc-crash-"))
    farm = Farm.start(work / "farm")
    trials: list[Trial] = []
    try:
        ref, wall = crawl_reference(farm.registry_path, work)
        print(f"clean crawl: {wall:.1f}s, {scalar(ref, 'select count(*) from pages')} pages", flush=True)
        for i in range(args.crawl):
            trials.append(crawl_trial(i, farm.registry_path, ref, wall, rng, work))
            print(trials[-1].line(), flush=True)
        if args.reprocess:
            source = pages_source(ref, work, args.extra_pages)
            rref, rwall = reprocess_reference(source, work)
            reference = derived_tables(rref)
            print(f"clean reprocess: {rwall:.1f}s, {len(reference['articles'])} articles, "
                  f"{len(reference['figures'])} figures, {len(reference['flags'])} flags", flush=True)
            for i in range(args.reprocess):
                trials.append(reprocess_trial(i, source, reference, rwall, rng, work))
                print(trials[-1].line(), flush=True)
    finally:
        farm.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(summary(trials))
    sys.exit(0 if all(t.ok for t in trials) else 1)


if __name__ == "__main__":
    main()
