"""Load and validate the pattern files under ``patterns/``.

Every file is ``{about: str, entries: [ {...}, ... ]}``; each file name has a fixed key set
(:data:`SCHEMAS`). Validation happens once, lazily, on first use: an unknown key, a missing key,
an empty phrase or alternation group, or a regex that does not compile raises
:class:`PatternFileError` naming the file and line. Nothing is compiled at import time.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import regex as re
import yaml

HERE = Path(__file__).parent

# file stem -> (required keys, optional keys) of one entry. Every entry needs real examples.
SCHEMAS: dict[str, tuple[set[str], set[str]]] = {
    "metrics": ({"metric", "phrases", "examples"}, {"nouns", "under", "note"}),
    "hedges": ({"approx", "phrases", "examples"}, {"glued", "note"}),
    "scales": ({"factor", "phrases", "examples"}, {"note"}),
    "chrome": ({"reason", "patterns", "examples"}, {"block", "note"}),
    "not_figures": ({"reason", "patterns", "examples"}, {"note"}),
    "units": ({"level", "nouns", "examples"}, {"role", "note"}),
    "structure": ({"role", "patterns", "examples"}, {"value", "note"}),
    "periods": ({"name", "patterns", "examples"}, {"note"}),
    "nouns": ({"noun", "phrases", "examples"}, {"metric", "level", "note"}),
    "kinds": ({"kind", "patterns", "examples"}, {"note"}),
    "relevance": ({"role", "phrases", "examples"}, {"weight", "note"}),
}
_LIST_KEYS = {"phrases", "patterns", "examples", "nouns"}


class PatternFileError(ValueError):
    """A pattern file is malformed; the message names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path.name}:{line}" if line is not None else path.name
        super().__init__(f"{where}: {message}")
        self.path, self.line = path, line


def _line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _check_regex(path: Path, line: int | None, pattern: str) -> None:
    if not pattern.strip():
        raise PatternFileError(path, line, "empty pattern (it would match everything)")
    # Look for empty groups/alternatives outside escapes and character classes.
    bare = re.sub(r"\[(?:\\.|[^\]\\])*\]", "x", re.sub(r"\\.", "x", pattern))
    if re.search(r"\(\)|\(\?:\)|\|\)|\(\||\|\||^\||\|$", bare):
        raise PatternFileError(path, line, f"empty alternation in {pattern!r} (it would match everything)")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise PatternFileError(path, line, f"regex {pattern!r} does not compile: {exc}") from None
    if compiled.search(""):
        raise PatternFileError(path, line, f"regex {pattern!r} matches the empty string")


def validate(path: Path, stem: str | None = None) -> list[dict[str, Any]]:
    """Parse and validate one pattern file; return its entries with ``_line`` added."""
    stem = stem or path.stem
    if stem not in SCHEMAS:
        raise PatternFileError(path, None, f"no schema for pattern file {stem!r}")
    required, optional = SCHEMAS[stem]
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PatternFileError(path, mark.line + 1 if mark else None, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) - {"about", "entries"} or "entries" not in data:
        raise PatternFileError(path, 1, "top level must be a mapping with 'about' and 'entries'")
    entries_node = next(v for k, v in root.value if k.value == "entries")
    if not isinstance(data["entries"], list) or not data["entries"]:
        raise PatternFileError(path, _line_of(entries_node), "'entries' must be a non-empty list")
    out = []
    for entry, node in zip(data["entries"], entries_node.value):
        line = _line_of(node)
        if not isinstance(entry, dict):
            raise PatternFileError(path, line, "an entry must be a mapping")
        unknown = set(entry) - required - optional
        if unknown:
            raise PatternFileError(path, line, f"unknown key(s) {sorted(unknown)}; allowed: "
                                               f"{sorted(required | optional)}")
        missing = required - set(entry)
        if missing:
            raise PatternFileError(path, line, f"missing key(s) {sorted(missing)}")
        for key in _LIST_KEYS & set(entry):
            values = entry[key]
            if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip()
                                                                      for v in values):
                raise PatternFileError(path, line, f"{key!r} must be a non-empty list of non-empty strings")
        for pattern in entry.get("patterns", []):
            _check_regex(path, line, pattern)
        out.append({**entry, "_line": line, "_file": path.name})
    return out


@functools.cache
def load(stem: str) -> tuple[dict[str, Any], ...]:
    """The validated entries of ``patterns/<stem>.yaml`` (cached)."""
    return tuple(validate(HERE / f"{stem}.yaml"))


def load_all() -> dict[str, tuple[dict[str, Any], ...]]:
    """Validate every pattern file shipped with the package."""
    return {path.stem: load(path.stem) for path in sorted(HERE.glob("*.yaml"))}
