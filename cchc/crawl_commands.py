"""Click commands of the crawl stage (``crawl``, ``portals``), registered by :mod:`cchc.cli`.

Exit codes of ``cchc crawl`` (docs/CRAWLING.md): 0 finished, stopped at the deadline or page cap
(the next run resumes), or another crawl holds the lock; 2 bad registry, settings or options;
3 the database cannot be opened or written; 4 nothing could be fetched at all (network down?).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys

import click

from db.crawlstate import CrawlLocked
from scraper.registry import RegistryError, load_registry, select
from scraper.settings import SettingsError, load_settings

EXIT_OK, EXIT_CONFIG, EXIT_DATABASE, EXIT_NOTHING_FETCHED = 0, 2, 3, 4
MIN_FAILURES_TO_ALERT = 3  # transport failures, with nothing fetched, before exit 4 pages a person
log = logging.getLogger("cchc.crawl")


@click.command()
@click.option("--db", "db_path", default="cchc.db", show_default=True, help="SQLite database file.")
@click.option("--portal", "portal_ids", multiple=True, help="Portal id to crawl (repeatable; default all).")
@click.option("--registry", type=click.Path(dir_okay=False), help="Portal registry TOML (default: bundled).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings TOML ([crawl] table, UPPER_SNAKE names).")
@click.option("--since", help="Only articles dated on/after this ISO date; stops paging past older items.")
@click.option("--max-pages", type=int, help="Stop after this many requests (the rest resumes next run).")
@click.option("--deadline", type=float, help="Wall-clock limit of this run in seconds.")
@click.option("--delay", type=float, help="Seconds between requests to one host (DOWNLOAD_DELAY).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override any setting.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def crawl(db_path: str, portal_ids: tuple[str, ...], registry: str | None, config: str | None, since: str | None,
          max_pages: int | None, deadline: float | None, delay: float | None, sets: tuple[str, ...],
          progress: bool | None) -> None:
    """Crawl the portals into the pages table: polite, incremental, resumable.

    Example: cchc crawl --db cchc.db --portal sonla --since 2024-01-01 --deadline 1800
    """
    from scraper.crawl import Crawler, since_date

    overrides: dict[str, object] = {"MAX_PAGES": max_pages, "DEADLINE_SECONDS": deadline, "DOWNLOAD_DELAY": delay}
    for item in sets:
        name, _, value = item.partition("=")
        if not _:
            click.echo(f"error: --set expects NAME=VALUE, got {item!r}", err=True)
            sys.exit(EXIT_CONFIG)
        overrides[name.strip()] = value.strip()
    try:
        settings = load_settings(config, overrides)
        portals = select(load_registry(registry), portal_ids)
        since_iso = since_date(since)
    except (SettingsError, RegistryError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    except ValueError:
        click.echo(f"error: --since expects an ISO date YYYY-MM-DD, got {since!r}", err=True)
        sys.exit(EXIT_CONFIG)
    show_bar = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show_bar:
        from tqdm import tqdm
        bar = tqdm(unit="req", desc="crawl", file=sys.stderr)

    def on_item(item, outcome):  # type: ignore[no-untyped-def]
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(item.host[:30])
        else:
            status = "304" if outcome["not_modified"] else (outcome["status"] or "-")
            click.echo(f"{item.kind:8} {status!s:4} {outcome['reason'] or ('relevant' if outcome['relevant'] else 'ok'):18}"
                       f" {item.url}", err=True)

    crawler = Crawler(db_path, portals, settings, since=since_iso, on_item=on_item)
    try:
        result = crawler.run()
    except CrawlLocked as exc:
        click.echo(f"{exc}; exiting", err=True)  # an overlapping cron run: not an error
        sys.exit(EXIT_OK)
    except (sqlite3.Error, OSError) as exc:
        click.echo(f"error: database {db_path}: {exc}", err=True)
        sys.exit(EXIT_DATABASE)
    finally:
        if bar is not None:
            bar.close()
    click.echo(result.summary())
    if needs_person(result):
        sys.exit(EXIT_NOTHING_FETCHED)


def needs_person(result) -> bool:
    """Exit 4: nothing was fetched and a listing was unreachable, or several requests failed. One slow
    article left over from a killed run timing out again is not "the network is down"."""
    return result.fetched == 0 and (result.listing_failures > 0 or result.transport_failures >= MIN_FAILURES_TO_ALERT)


@click.command()
@click.option("--registry", type=click.Path(dir_okay=False), help="Portal registry TOML (default: bundled).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def portals(registry: str | None, fmt: str) -> None:
    """List the portals of the registry (validated; a bad entry is named).

    Example: cchc portals --format json
    """
    try:
        entries = load_registry(registry)
    except RegistryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    if fmt == "json":
        click.echo(json.dumps([p.to_json() for p in entries], ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':18} {'family':18} {'level':6} {'active':23} base_url")
    for p in entries:
        active = f"{p.active_from or ''}..{p.active_to or ''}"
        click.echo(f"{p.id:18} {p.family:18} {p.unit.get('level') or '-':6} {active:23} {p.base_url}")
    click.echo(f"{len(entries)} portals, {len({p.family for p in entries})} families")


COMMANDS: list[click.Command] = [crawl, portals]
