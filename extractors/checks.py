"""Relations between figures and the flags where they do not hold (placeholder: no flags yet)."""

from __future__ import annotations

from extractors.records import Document, Flag


def check_document(doc: Document) -> list[Flag]:
    return []
