"""The Vietnamese lexicons and regexes, as validated YAML data (see :mod:`patterns.loader`)."""

from patterns.loader import PatternFileError, load, load_all

__all__ = ["PatternFileError", "load", "load_all"]
