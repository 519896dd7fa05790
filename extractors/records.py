"""The plain records that flow forward through the pipeline.

``Document.to_json()`` is the ``cchc extract --format jsonl`` output contract (SPEC.md); the extra
fields on :class:`Figure` (``decimals``, ``segment``, ``parent`` …) are what the checks need and
are part of the output too, so outside tools can audit a flag from the JSON alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["count", "percent", "score", "amount", "rank", "change"]
Approx = Literal["more_than", "less_than", "about", "at_least", "at_most"]
Level = Literal["tinh", "huyen", "xa"]


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Figure:
    """One number taken as a statistic, with everything the checks need to relate it."""

    id: str
    metric: str
    kind: Kind
    value: float | int
    surface: str
    start: int
    end: int
    scope: str = "all"  # all | tinh | huyen | xa | a named sub-programme
    unit_name: str | None = None  # a named district / agency / branch the figure belongs to
    approx: Approx | None = None
    base: str | None = None  # for a percent: the metric of the denominator
    decimals: int = 0  # decimals as printed: the precision of the stated value
    scale: int = 1  # multiplier of a scaled amount (ngàn, triệu, tỷ); value already includes it
    segment: int = 0  # index of the period segment in the article (month vs quarter vs year)
    sentence: int = 0  # index of the sentence holding the figure
    parent: str | None = None  # id of the total this figure is a stated part of (trong đó, (…))
    group: str | None = None  # id of the breakdown this part belongs to (one per parent + clause)
    whole: str | None = None  # for x/y: id of the y figure
    of: str | None = None  # for a percent attached to a count: id of that count
    list_id: str | None = None  # the enumeration this count introduces
    explained_by: str | None = None  # text that explains a gap (thực tế quá hạn …)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Skipped:
    """A number that was read but not taken as a figure, with the reason."""

    surface: str
    start: int
    end: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        # not asdict(): a dump page lists 100,000 of these, and asdict deep-copies each field
        return {"surface": self.surface, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass
class Enumeration:
    """``N xã gồm: A, B, C`` — a stated count and the items that follow it."""

    id: str
    count_figure: str | None
    items: list[str]
    start: int
    end: int
    open: bool = False  # ends in '…' / 'như:' / examples: only bounds the count

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Flag:
    rule: str  # sum | level_sum | ratio | percent_sum | list_count
    severity: str  # error | warning | info
    relation: str
    stated: float | int | None
    computed: float | int | None
    figures: list[str]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    diagnosis: str | None = None
    explanation: str | None = None  # Vietnamese, as an auditor reads it
    group: str | None = None  # root-cause group id
    fingerprint: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    source: str
    text: str  # the clean text all offsets refer to
    title: str | None = None
    published: str | None = None
    published_from: str | None = None  # which evidence gave the date (meta, visible, url …)
    unit: dict[str, Any] = field(default_factory=lambda: {"level": None, "name": None, "province": None})
    period: dict[str, Any] | None = None
    figures: list[Figure] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    segments: list[dict[str, Any]] = field(default_factory=list)  # period of each segment
    notes: list[str] = field(default_factory=list)  # non-fatal problems met on the way
    # every relation the checks evaluated, held or not (the database's relations table; not in
    # the jsonl contract, whose flags are the violated ones)
    relations: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, include_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "unit": self.unit,
            "period": self.period,
            "figures": [f.to_json() for f in self.figures],
            "flags": [f.to_json() for f in self.flags],
            "skipped": [s.to_json() for s in self.skipped],
            "enumerations": [e.to_json() for e in self.enumerations],
            "segments": self.segments,
        }
        if self.notes:
            out["notes"] = self.notes
        if include_text:
            out["text"] = self.text
        return out
