"""``cchc check``: the arithmetic flags of bulletins, printed for people.

Each flag shows the evidence sentence with the numbers highlighted, stated vs computed, the likely
typo and the Vietnamese explanation. Colours only when the output is a terminal (click strips
them otherwise; ``--color/--no-color`` overrides). Exit code: 0 when no error flag, 1 when at
least one error flag, 2 when no document could be read.
"""

from __future__ import annotations

import sys

import click

from extractors.document import extract_bytes, extract_path
from extractors.errors import InputError
from extractors.records import Document, Flag

SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


def highlight(text: str, start: int, spans: list[list[int]]) -> str:
    """The sentence with each figure span in bold reverse video."""
    out, pos = [], start
    for s, e in sorted(spans):
        if s < pos:
            continue
        out.append(text[pos - start:s - start])
        out.append(click.style(text[s - start:e - start], bold=True, reverse=True))
        pos = e
    out.append(text[pos - start:])
    return "".join(out).replace("\n", " ")


def render_flag(flag: Flag, number: int) -> str:
    colour = SEVERITY_COLOUR.get(flag.severity, "white")
    head = click.style(f"[{number}] {flag.severity.upper()}", fg=colour, bold=True)
    lines = [f"{head} {flag.rule}: {flag.relation}",
             f"    stated {flag.stated}  computed {flag.computed}  group {flag.group}"]
    for ev in flag.evidence:
        lines.append("    > " + highlight(ev["text"], ev["start"], ev["highlights"]))
    if flag.explanation:
        lines.append("    " + flag.explanation)
    if flag.diagnosis:
        lines.append("    " + click.style("diagnosis: ", bold=True) + flag.diagnosis)
    return "\n".join(lines)


def render_document(doc: Document, min_severity: str) -> str:
    order = ["error", "warning", "info"]
    shown = [f for f in doc.flags if order.index(f.severity) <= order.index(min_severity)]
    counts = {s: sum(f.severity == s for f in doc.flags) for s in order}
    title = click.style(f"# {doc.source}", bold=True)
    summary = f"  {len(doc.figures)} figures; " + ", ".join(f"{n} {s}" for s, n in counts.items())
    return "\n".join([title, summary] + [render_flag(f, i + 1) for i, f in enumerate(shown)])


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), default="warning",
              show_default=True, help="Hide flags below this severity.")
@click.option("--color/--no-color", "color", default=None, help="Force colours on or off (default: on a terminal).")
def check(paths: tuple[str, ...], min_severity: str, color: bool | None) -> None:
    """Check the arithmetic of bulletins and print every inconsistency with its evidence; '-' reads stdin.

    Exit 0 when no error flag was raised, 1 when there was one, 2 when nothing could be read.

    Example: cchc check tests/gold/seeds/000_7e132c740c8fec5b.txt
    """
    errors = failures = 0
    for path in paths:
        try:
            doc = extract_bytes(sys.stdin.buffer.read(), "-") if path == "-" else extract_path(path)
        except InputError as exc:
            click.echo(f"error: {exc} [{exc.reason}]", err=True)
            failures += 1
            continue
        errors += sum(f.severity == "error" for f in doc.flags)
        click.echo(render_document(doc, min_severity) + "\n", color=color)
    if failures == len(paths):
        sys.exit(2)
    sys.exit(1 if errors else 0)


COMMANDS: list[click.Command] = [check]
