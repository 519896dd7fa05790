"""The records of the checks: relations between figures (:class:`Relation`, :class:`Term`), their
outcome, the official forms' partitions, and the naming helpers the relation builders share."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.records import Figure


# total metric -> the ways the official forms split it. ``complete`` partitions list every member;
# a document giving some of them yields a residual check (parts <= total), not an equality.
PARTITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("received_total", ("received_new", "carried_over")),
    ("received_new", ("received_online", "received_offline")),
    ("resolved_total", ("resolved_early", "resolved_on_time", "resolved_late")),
    ("resolved_total", ("resolved_in_time", "resolved_late")),
    ("resolved_in_time", ("resolved_early", "resolved_on_time")),
    ("pending_total", ("pending_in_time", "pending_overdue")),
    ("due_total", ("resolved_in_time", "late_total")),
    ("procedures_total", ("procedures_level_1", "procedures_level_2", "procedures_level_3",
                          "procedures_level_4")),
    ("online_services_total", ("online_services_full", "online_services_partial")),
    ("feedback_received", ("feedback_processed", "feedback_pending")),
)
# Without a new-files count, ``received_total`` is what online + offline add up to.
FALLBACK_TOTAL = {"received_new": "received_total"}
RETURN_METRICS = ("returned", "withdrawn", "returned_or_withdrawn")
APPLICATION_BASES = ("resolved_total", "received_total", "due_total", "received_new")
APPLICATION_PREFIXES = ("received", "resolved", "pending", "digitized", "returned", "withdrawn",
                        "late_total", "carried_over", "due_total")
WHOLE_METRICS = ("received_total", "resolved_total", "due_total")
LEVELS = ("tinh", "huyen", "xa")
COUNT_KINDS = ("count", "amount")


@dataclass(frozen=True)
class Term:
    fig: str
    sign: int = 1
    attached: bool = True  # False: the relation reads another mention of this figure (x/y)


@dataclass
class Relation:
    rule: str  # sum | level_sum | ratio | percent_sum | list_count
    mode: str  # equal | residual | bound | ratio | percent_sum | list_count
    stated: str  # the figure whose stated value is checked
    parts: tuple[Term, ...] = ()
    numerators: list[tuple[str, tuple[Term, ...]]] = field(default_factory=list)
    bases: list[tuple[str, tuple[Term, ...]]] = field(default_factory=list)
    severity: str = "error"  # of a violation
    label: str = ""  # the relation in words, with metric[scope] names
    source: str = ""  # form | level | structure | percent | list
    missing: tuple[str, ...] = ()  # known partition members the text does not give
    items: int | None = None  # list_count: number of items listed
    open_list: bool = False
    explanation: str | None = None  # text that explains a gap: violations become info
    weak: str | None = None  # why a violation is only worth an info note (English)
    correction_text: str | None = None  # ratio: the text's own correction of a count ('thực tế …')
    remark: str | None = None  # ratio: what the text prints beside the share, said in its note
    whole_metric: str | None = None  # percent_sum: the total whose shares are summed
    only_if_fits: bool = False  # ratio on a base guessed from its sentence only: it may hold, never fail

    def figure_ids(self) -> list[str]:
        ids = [self.stated] + [t.fig for t in self.parts]
        for _, terms in self.numerators + self.bases:
            ids += [t.fig for t in terms]
        return list(dict.fromkeys(ids))

    def attached_ids(self) -> set[str]:
        ids = {self.stated} | {t.fig for t in self.parts if t.attached}
        for _, terms in self.numerators + self.bases:
            ids |= {t.fig for t in terms if t.attached}
        return ids


@dataclass
class Outcome:
    holds: bool | None  # None: could not be checked
    severity: str | None = None
    stated: float | None = None
    computed: float | None = None
    convention: str | None = None  # exact | rounding | truncation
    fitted: str | None = None  # which numerator / base fitted (ratio)
    note: str | None = None


Override = dict[str, tuple[float, int]]  # figure id -> (value, printed decimals)



def _name(fig: Figure) -> str:
    return f"{fig.metric}[{fig.scope}]" + (f"<{fig.unit_name}>" if fig.unit_name else "")


def _join(terms: tuple[Term, ...], figs: dict[str, Figure]) -> str:
    out = ""
    for i, t in enumerate(terms):
        op = ("" if t.sign > 0 else "-") if i == 0 else (" + " if t.sign > 0 else " - ")
        out += op + _name(figs[t.fig])
    return out


def _quotient(terms: tuple[Term, ...], figs: dict[str, Figure]) -> str:
    """One side of a ratio, bracketed when it is a sum: '(early + on_time) / resolved'."""
    joined = _join(terms, figs)
    return f"({joined})" if len(terms) > 1 else joined


class Counts(dict):
    """metric -> the one exact figure of a key; ``ambiguous`` metrics have several values there."""

    ambiguous: set[str]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ambiguous = set()

    def blocked(self, metrics) -> bool:
        return any(m in self.ambiguous for m in metrics)



def _explanation(figures: list[Figure]) -> str | None:
    for f in figures:
        if f.explained_by:
            return f.explained_by
    return None
