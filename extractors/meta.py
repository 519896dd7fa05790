"""Title, published date, reporting unit and period of a document (work in progress)."""

from __future__ import annotations

from extractors.records import Document


def guess_title(text: str) -> str | None:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return None


def find_published(text: str, url: str | None = None) -> tuple[str | None, str | None]:
    from extractors import dates  # the date rules live in one module (html.py uses them too)

    return dates.find_published(text, url)


def find_unit(doc: Document) -> dict:
    from extractors import units  # unit rules and the gazetteer live there

    return units.find_unit(doc)


def find_period(doc: Document) -> dict | None:
    from extractors import periods  # period grammar and the document-period choice live there

    return periods.document_period(doc)
