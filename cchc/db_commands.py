"""Commands of the database stage: load files, reprocess stored pages, serve with Datasette."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cchc.pipeline import load_files, reprocess, sync_portals
from db.schema import open_db

DEFAULT_DB = "cchc.db"

db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite database file.")


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
def load_command(paths: tuple[str, ...], db_path: str) -> None:
    """Extract .txt / .html bulletins and load them into the database (idempotent).

    Example: cchc load samples/bulletins/*.txt --db demo.db
    """
    db = open_db(db_path)
    summary = load_files(db, paths)
    for line in summary.lines():
        click.echo(line)
    if summary.errors:
        sys.exit(1)


@click.command("reprocess")
@db_option
@click.option("--workers", type=int, default=None, help="Extraction processes (default: up to 2 cores).")
@click.option("--batch-size", type=int, default=50, show_default=True, help="Pages per transaction.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Portal registry TOML that names the portals (default: bundled).")
def reprocess_command(db_path: str, workers: int | None, batch_size: int, registry: str | None) -> None:
    """Rebuild every derived table from the stored raw pages, without the network.

    Running it twice changes nothing; reviews stay attached to their flags, and reviews whose flag
    vanished are kept and listed.

    Example: cchc reprocess --db demo.db
    """
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database (run cchc crawl or cchc load first)")
    db = open_db(db_path)
    try:
        sync_portals(db, registry)
    except ValueError as exc:  # scraper.registry.RegistryError names the file and entry
        raise click.ClickException(str(exc)) from None
    summary = reprocess(db, workers=workers, batch_size=batch_size)
    for line in summary.lines():
        click.echo(line)


@click.command("serve")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--root", is_flag=True, help="Print a sign-in link for the root actor (single auditor).")
@click.option("--auditor", "auditors", multiple=True, envvar="CCHC_AUDITORS", metavar="NAME=HASH",
              help="An auditor who signs in at /-/login (hash from `datasette hash-password`); "
                   "needs datasette-auth-passwords. Repeatable; env CCHC_AUDITORS, space-separated.")
def serve_command(path: str | None, db_path: str, host: str, port: int, root: bool,
                  auditors: tuple[str, ...]) -> None:
    """Open the database in Datasette: metadata, canned queries, flag pages and reviews.

    Anyone can read; recording a verdict needs a signed-in actor (--root or --auditor).

    Example: cchc serve demo.db --root
    """
    import asyncio

    import uvicorn

    from db.serve import make_datasette

    target = path or db_path
    if not Path(target).exists():
        raise click.ClickException(f"{target}: no such database")
    open_db(target)  # bring an older file up to the current schema
    extra = None
    if auditors:
        config = {}
        for item in " ".join(auditors).split():
            name, sep, hashed = item.partition("=")
            if not sep or not name or not hashed:
                raise click.ClickException(f"--auditor {item!r}: expected NAME=HASH")
            config[f"{name}_password_hash"] = hashed
        extra = {"plugins": {"datasette-auth-passwords": config}}
    ds = make_datasette(target, extra_metadata=extra)
    asyncio.run(ds.invoke_startup())
    if root:  # Datasette's own one-time root token, as `datasette --root` prints it
        click.echo(f"sign in as root: http://{host}:{port}/-/auth-token?token={ds._root_token}")
    click.echo(f"serving {target} on http://{host}:{port}/ (flags: /{Path(target).stem}/flags)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")


COMMANDS: list[click.Command] = [load_command, reprocess_command, serve_command]
