"""The ``cchc`` command: one click group, thin; the work lives in the library packages."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from extractors.document import extract_bytes, extract_path
from extractors.errors import CchcError, InputError
from extractors.records import Document

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="cchc")
def cli() -> None:
    """Crawl CCHC bulletins, extract their figures, check the arithmetic, publish SQLite."""


def _documents(paths: tuple[str, ...], run_checks: bool = True) -> Iterator[Document | InputError]:
    for path in paths:
        try:
            if path == "-":
                yield extract_bytes(sys.stdin.buffer.read(), "-", run_checks=run_checks)
            else:
                yield extract_path(path, run_checks=run_checks)
        except InputError as exc:
            yield exc


def _report(exc: InputError) -> None:
    click.echo(f"error: {exc} [{exc.reason}]", err=True)


def _table(doc: Document) -> str:
    lines = [f"# {doc.source}", f"  title:     {doc.title or '-'}",
             f"  published: {doc.published or '-'}",
             f"  unit:      {doc.unit.get('level') or '-'} {doc.unit.get('name') or '-'}"
             f" ({doc.unit.get('province') or '-'})",
             f"  period:    {(doc.period or {}).get('start', '-')} .. {(doc.period or {}).get('end', '-')}",
             f"  {'metric':28} {'kind':8} {'scope':16} {'value':>12}  surface"]
    for f in doc.figures:
        approx = f" ({f.approx})" if f.approx else ""
        lines.append(f"  {f.metric:28} {f.kind:8} {str(f.scope)[:16]:16} {f.value!s:>12}  {f.surface}{approx}")
    lines.append(f"  {len(doc.figures)} figures, {len(doc.skipped)} numbers skipped, {len(doc.flags)} flags")
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="table", show_default=True)
@click.option("--text/--no-text", "include_text", default=False, help="Include the clean text in JSON.")
def extract(paths: tuple[str, ...], fmt: str, include_text: bool) -> None:
    """Extract figures, unit, period (and flags) from .txt / .html bulletins; '-' reads stdin.

    Example: cchc extract samples/bulletins/*.txt --format jsonl
    """
    failures = 0
    for item in _documents(paths):
        if isinstance(item, InputError):
            _report(item)
            failures += 1
            continue
        if fmt == "jsonl":
            click.echo(json.dumps(item.to_json(include_text), ensure_ascii=False))
        else:
            click.echo(_table(item) + "\n")
    if failures:
        sys.exit(1 if failures < len(paths) else 2)


def _register() -> None:
    # Each stage's commands live in their own module; the group only collects them.
    from cchc import check_commands, crawl_commands, db_commands

    for module in (check_commands, crawl_commands, db_commands):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    try:
        cli()
    except CchcError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
