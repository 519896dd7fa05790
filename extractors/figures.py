"""Clean text -> figures (work in progress)."""

from __future__ import annotations

from extractors.records import Document


def extract_figures(doc: Document) -> None:
    return None
