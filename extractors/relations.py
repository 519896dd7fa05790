"""The relations that should hold between the figures of one document, and how to evaluate them.

Relations come from three places (SPEC.md "Relations and how they are checked"):

* the official reporting forms (Thông tư 01/2020/TT-VPCP): :data:`PARTITIONS`, applied within one
  *key* = (period segment, scope, unit_name), so a month is never added to a quarter and a
  district's own figures never to its communes';
* the level breakdown: the same metric at ``all`` = the sum of its ``tinh``/``huyen``/``xa`` parts
  when the document gives every level it mentions, otherwise only a bound;
* the text's structure: a stated percentage against part / base (trying every base the text
  allows), a stated count against the list that follows it, a total against the parts the
  extractor linked to it (``parent``) when the form tables do not already cover them.

Precision first: a relation is only built when every member is an exact (unhedged) figure and the
key is unambiguous (two different values for one metric in one key mean the extractor could not
tell two facts apart: nothing is related there).
"""

from __future__ import annotations

from collections import defaultdict

from extractors import tolerance as tol
from extractors.records import Document, Figure
from extractors.relations_model import (  # noqa: F401  (re-exported: the checks' public records)
    COUNT_KINDS, FALLBACK_TOTAL, LEVELS, PARTITIONS, RETURN_METRICS, Counts, Outcome, Override, Relation,
    Term, _explanation, _join, _name)
from extractors.relations_percent import _percent_relation, _percent_sums
from extractors.tables import TABLE_GROUP


# ---------------------------------------------------------------------------------------------
# evaluation


def _value(fig: Figure, override: Override | None, attached: bool = True) -> tuple[float, int]:
    if override and attached and fig.id in override:
        return override[fig.id]
    return float(fig.value), fig.decimals


def stated_intervals(fig: Figure, value: float, decimals: int) -> dict[str, tol.Interval]:
    integer = fig.kind == "count" and float(value).is_integer()
    return tol.conventions(value, decimals, fig.scale or 1, integer=integer)


def _term_interval(figs: dict[str, Figure], terms: tuple[Term, ...], override: Override | None
                   ) -> tuple[tol.Interval, float]:
    lo = hi = point = 0.0
    hi_open = False
    for term in terms:
        fig = figs[term.fig]
        value, decimals = _value(fig, override, term.attached)
        # the hull of both conventions, inlined: this is the diagnosis search's inner loop
        if fig.kind == "count" and decimals == 0 and (fig.scale or 1) == 1 and float(value).is_integer():
            a = b = value
        else:
            u = 10.0 ** -decimals * (fig.scale or 1)
            a, b = value - u / 2, value + u
            hi_open = hi_open or term.sign > 0
        if term.sign > 0:
            lo, hi = lo + a, hi + b
        else:
            lo, hi = lo - b, hi - a
        point += term.sign * value
    return tol.Interval(lo, hi, hi_open), point


def evaluate(rel: Relation, figs: dict[str, Figure], override: Override | None = None) -> Outcome:
    """Check one relation with the stated values (or the ``override`` values of a diagnosis)."""
    head = figs[rel.stated]
    value, decimals = _value(head, override)
    stated = stated_intervals(head, value, decimals)
    if rel.mode == "list_count":
        items = float(rel.items or 0)
        ok = items <= value + tol.EPS if rel.open_list else abs(items - value) <= tol.EPS
        return Outcome(ok, None if ok else rel.severity, value, items, tol.EXACT if ok else None)
    if rel.mode == "ratio":
        return _evaluate_ratio(rel, figs, stated, value, override)
    if rel.mode == "percent_sum":
        computed, point = _term_interval(figs, rel.parts, override)
        ok = computed.contains(100.0)
        if not ok and computed.hi < 100.0:  # short of 100: a member the text leaves out (information-only
            # procedures beside full and partial ones) rather than a typo when a whole category is missing
            return Outcome(False, "info" if point < 95.0 else "warning", 100.0, round(point, 2),
                           note=f"unexplained residual of {100.0 - point:.2f} points: a share the text "
                                f"does not give, or shares of another base")
        return Outcome(ok, None if ok else rel.severity, 100.0, round(point, 2),
                       tol.ROUNDING if ok else None)
    computed, point = _term_interval(figs, rel.parts, override)
    point = round(point, 6)
    convention = tol.fit(stated, computed)
    if convention:
        return Outcome(True, None, value, point, convention)
    below = computed.hi < tol.hull(stated.values()).lo
    if rel.mode == "bound":
        if below:
            return Outcome(True, None, value, point, "bound")
        return Outcome(False, rel.severity, value, point)
    if rel.mode == "residual" and below:
        return Outcome(False, "warning", value, point,
                       note=f"unexplained residual of {value - point:g}: the text does not give "
                            f"{', '.join(rel.missing)}")
    severity = "info" if rel.explanation else rel.severity
    return Outcome(False, severity, value, point, note=rel.explanation or rel.weak)


def _evaluate_ratio(rel: Relation, figs: dict[str, Figure], stated: dict[str, tol.Interval],
                    value: float, override: Override | None) -> Outcome:
    first: float | None = None
    impossible: float | None = None
    explained_fit: tuple[str, str] | None = None
    bases = [(label, *_term_interval(figs, terms, override)) for label, terms in rel.bases]
    for n_label, n_terms in rel.numerators:
        num, n_point = _term_interval(figs, n_terms, override)
        if n_point < 0:
            # 'total minus the other members' below zero: no share can be negative, so a figure of
            # this partition is misread (another whole, another period), not mistyped
            if impossible is None and bases and bases[0][2]:
                impossible = round(n_point / bases[0][2] * 100, 2)
            continue
        for b_label, base, b_point in bases:
            r = tol.ratio(num, base)
            if r is None:
                continue
            if first is None:
                first = round(n_point / b_point * 100, 2) if b_point else None
            convention = tol.fit(stated, r)
            if convention is None:
                continue
            label = f"{n_label} / {b_label}"
            if n_label.startswith("explained:"):
                explained_fit = explained_fit or (label, convention)
                continue
            return Outcome(True, None, value, first, convention, label)
    if rel.only_if_fits:
        return Outcome(None, stated=value, computed=first, note="its only base is a count of its sentence "
                       "whose metric is ambiguous in the key: it may confirm the share, not contradict it")
    if first is None and impossible is not None:
        return Outcome(False, "info", value, impossible,
                       note="the computed part is negative, which no share can be: a member of its "
                            "partition is misread, not mistyped")
    if first is None:
        return Outcome(None, note="no usable base (zero)")
    if explained_fit:
        return Outcome(False, "info", value, first, explained_fit[1], explained_fit[0],
                       note=rel.explanation or rel.correction_text)
    severity = "info" if rel.explanation else rel.severity
    return Outcome(False, severity, value, first, note=rel.explanation or rel.remark)


# ---------------------------------------------------------------------------------------------
# finding



class _Index:
    """Exact figures by key (segment, scope, unit_name) and metric; ambiguous metrics left out."""

    def __init__(self, doc: Document) -> None:
        self.notes: list[str] = []
        groups: dict[tuple, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
        pct: dict[tuple, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
        by_id = {f.id: f for f in doc.figures}
        for f in doc.figures:
            if f.approx is not None:
                continue  # a bound ('hơn 125') is not a value to add up
            parent = by_id.get(f.parent) if f.parent else None
            if parent is not None and parent.metric == f.metric and parent.kind == f.kind \
                    and (parent.segment, parent.scope, parent.unit_name) == (f.segment, f.scope, f.unit_name):
                continue  # '2.187 hồ sơ, trong đó chứng thực 1.126 …': a field's part, not the key's value
            key = (f.segment, f.scope, f.unit_name)
            if f.kind in COUNT_KINDS:
                groups[key][f.metric].append(f)
            elif f.kind == "percent":
                pct[key][f.metric].append(f)
        # the y of an x/y restates a count for the ratio: when it disagrees with the count's own
        # statement, the sums read the statement and the ratio reads the fraction (via ``whole``)
        self.wholes = {f.whole for f in doc.figures if f.whole}
        self.counts = {k: self._unique(k, v) for k, v in groups.items()}
        self.percents = {k: {m: fs for m, fs in v.items()} for k, v in pct.items()}

    def _unique(self, key: tuple, by_metric: dict[str, list[Figure]]) -> Counts:
        out = Counts()
        for metric, figs in by_metric.items():
            if len({float(f.value) for f in figs}) > 1:
                own = [f for f in figs if f.id not in self.wholes]
                if own and len({float(f.value) for f in own}) == 1:
                    figs = own
            if len({float(f.value) for f in figs}) > 1:
                self.notes.append(f"ambiguous:{metric}[{key[1]}] segment {key[0]}: "
                                  f"{', '.join(f.surface for f in figs)}")
                out.ambiguous.add(metric)  # relations touching it are not built at all
                continue
            out[metric] = figs[0]
        return out


def find_relations(doc: Document) -> tuple[list[Relation], list[str]]:
    """Every relation the document's figures should satisfy, and notes on what was not related."""
    index = _Index(doc)
    figs = {f.id: f for f in doc.figures}
    rels: list[Relation] = []
    for key, counts in index.counts.items():
        rels += _form_relations(counts, figs)
    rels += _level_relations(index)
    for key, percents in index.percents.items():
        counts = index.counts.get(key, Counts())
        for plist in percents.values():
            for p in plist:
                rel = _percent_relation(doc, p, counts, figs)
                if isinstance(rel, str):
                    index.notes.append(rel)
                elif rel:
                    rels.append(rel)
                else:
                    index.notes.append(f"unchecked:{p.metric}%[{p.scope}] {p.surface}: "
                                       "no unambiguous part and stated base beside it")
        rels += _percent_sums(percents, figs)
    rels += _structure_relations(doc, figs, rels)
    rels += _list_relations(doc, figs)
    return _drop_unsafe_residuals(doc, rels, figs, index.notes), index.notes


# skip reasons that name what a number is (a service level, a legal reference …): never a count
LABEL_REASONS = {"service_level", "legal_reference", "fraction_whole", "criterion", "page_chrome",
                 "standard", "ordinal", "phone"}


def _as_count(surface: str) -> float | None:
    digits = "".join(surface.replace(".", "").split())
    return float(digits) if digits.isdigit() else None


def _drop_unsafe_residuals(doc: Document, rels: list[Relation], figs: dict[str, Figure],
                           notes: list[str]) -> list[Relation]:
    """A residual means 'the text does not give the missing member'; when a number between the
    total and its parts, equal to the residual, was read but skipped (as a year, a date …), it may
    be that member misread: no residual."""
    out = []
    for rel in rels:
        if rel.mode == "residual":
            members = [figs[i] for i in rel.figure_ids()]
            lo, hi = min(f.start for f in members), max(f.end for f in members)
            residual = float(figs[rel.stated].value) - sum(t.sign * float(figs[t.fig].value) for t in rel.parts)
            skipped = [s for s in doc.skipped if lo <= s.start < hi and s.reason not in LABEL_REASONS
                       and _as_count(s.surface) == residual]
            if skipped:
                notes.append(f"unchecked:{rel.label}: numbers skipped inside it "
                             f"({', '.join(s.surface + ':' + s.reason for s in skipped[:3])})")
                continue
        out.append(rel)
    return out




def _form_relations(counts: Counts, figs: dict[str, Figure]) -> list[Relation]:
    rels = []
    for total_metric, members in PARTITIONS:
        if counts.blocked((total_metric,) + members):
            continue
        total = counts.get(total_metric)
        # where the text states the files due ('11.936 hồ sơ đến hạn'), in time and late are counted
        # on those: files resolved early before their deadline are in the resolved count only
        if members == ("resolved_in_time", "resolved_late") and "due_total" in counts:
            if counts.blocked(("due_total",)):
                continue
            total = counts["due_total"]
        if total is None:
            fallback = FALLBACK_TOTAL.get(total_metric)
            # online + offline add up to the received total only when nothing was carried over
            if fallback and fallback in counts and not counts.blocked((fallback, "carried_over")) \
                    and "carried_over" not in counts:
                total = counts[fallback]
        if total is None:
            continue
        present = [counts[m] for m in members if m in counts]
        if len(present) < 2:
            continue
        missing = tuple(m for m in members if m not in counts)
        # a residual says something only when one member is untold or the text itself attaches
        # the parts to this total; two or more untold members leave any gap unexplained
        if len(missing) > 1 and not all(f.parent == total.id for f in present):
            continue
        parts = tuple(Term(f.id) for f in present)
        if total_metric == "resolved_total":  # 'đã xử lý 14.517 hồ sơ, trong đó … trả lại 142 hồ sơ': the
            parts += tuple(Term(counts[m].id) for m in RETURN_METRICS  # returned files are a part too
                           if m in counts and counts[m].parent == total.id)
        rels.append(Relation(
            rule="sum", mode="residual" if missing else "equal", stated=total.id, parts=parts,
            severity="error", label=f"{_name(total)} = {_join(parts, figs)}", source="form",
            missing=missing, explanation=_explanation([total] + present)))
    rels += _received_resolved_pending(counts, figs)
    return rels


def _received_resolved_pending(counts: Counts, figs: dict[str, Figure]) -> list[Relation]:
    """received = resolved + pending: an error only when the received count is plainly the period's
    whole (carried-over files stated); never when files were returned or withdrawn."""
    needed = ("received_total", "resolved_total", "pending_total")
    if not all(m in counts for m in needed) or any(m in counts for m in RETURN_METRICS) \
            or counts.blocked(needed + RETURN_METRICS + ("carried_over", "received_new")):
        return []
    total, resolved, pending = (counts[m] for m in needed)
    whole = "carried_over" in counts or (
        "received_new" in counts and float(counts["received_new"].value) != float(total.value))
    parts = (Term(resolved.id), Term(pending.id))
    carried = counts.get("carried_over")
    if carried is not None and carried.parent != total.id and "received_new" not in counts \
            and _split_exactly(total, figs):
        # 'tiếp nhận 2.450 hồ sơ (trực tuyến 1.960, trực tiếp 490); kỳ trước chuyển sang 35': the
        # count is split into online and offline, as the new intake is, and the carried-over files
        # stand beside it, not under it: received + carried = resolved + pending
        parts += (Term(carried.id, sign=-1),)
    return [Relation(
        rule="sum", mode="equal", stated=total.id, parts=parts, severity="error" if whole else "info",
        label=f"{_name(total)} = {_join(parts, figs)}", source="form",
        explanation=_explanation([total, resolved, pending]),
        weak=None if whole else "the text gives no carried-over, returned or withdrawn counts: "
                                "'received' may mean new files only")]


def _split_exactly(total: Figure, figs: dict[str, Figure]) -> bool:
    """``total``'s own parts are online and offline and add up to it exactly."""
    kids = [f for f in figs.values() if f.parent == total.id and f.kind == "count"]
    return {f.metric for f in kids} == {"received_online", "received_offline"} and \
        sum(float(f.value) for f in kids) == float(total.value)


def _level_relations(index: _Index) -> list[Relation]:
    by_metric: dict[tuple, dict[str, Figure]] = defaultdict(dict)
    levels_in_segment: dict[int, set[str]] = defaultdict(set)
    blocked: set[tuple[int, str]] = set()
    for (segment, scope, unit_name), counts in index.counts.items():
        if unit_name is not None:
            continue
        blocked |= {(segment, m) for m in counts.ambiguous}
        for metric, fig in counts.items():
            by_metric[(segment, metric)][scope] = fig
            if scope in LEVELS:
                levels_in_segment[segment].add(scope)
    rels = []
    for (segment, metric), scopes in by_metric.items():
        if (segment, metric) in blocked:
            continue
        whole = scopes.get("all")
        parts_figs = [scopes[lv] for lv in LEVELS if lv in scopes]
        if whole is None or len(parts_figs) < 2:
            continue
        complete = {f.scope for f in parts_figs} == levels_in_segment[segment]
        parts = tuple(Term(f.id) for f in parts_figs)
        figs = {f.id: f for f in [whole] + parts_figs}
        rels.append(Relation(
            rule="level_sum", mode="equal" if complete else "bound", stated=whole.id, parts=parts,
            label=f"{_name(whole)} = {_join(parts, figs)}", source="level",
            missing=tuple(lv for lv in LEVELS if lv in levels_in_segment[segment] and lv not in scopes),
            explanation=_explanation([whole] + parts_figs)))
    return rels



def _structure_relations(doc: Document, figs: dict[str, Figure], known: list[Relation]) -> list[Relation]:
    """A total and its breakdown by named unit ('71 hồ sơ trễ hạn, trong đó Phù Cát 19, …'): the
    parts, of the total's own metric, can not exceed it (such lists are often open, so no equality).
    Parts of other metrics are left to the form tables: a generic 'trong đó' may list overlapping
    or unrelated counts, and a false alarm costs more than a missed bound."""
    covered = {(r.stated, t.fig) for r in known for t in r.parts}
    children: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in doc.figures:
        if f.parent and f.parent in figs and f.kind in COUNT_KINDS:
            children[(f.parent, f.group or f.parent)].append(f)
    rels = []
    for (parent_id, _group), parts_figs in children.items():
        total = figs[parent_id]
        if (total.kind not in COUNT_KINDS or total.approx or len(parts_figs) < 2
                or any(p.approx for p in parts_figs) or any(p.segment != total.segment for p in parts_figs)
                or any(p.metric != total.metric for p in parts_figs)
                or all((total.id, p.id) in covered for p in parts_figs)):
            continue
        parts = tuple(Term(p.id) for p in parts_figs)
        closed = _group.startswith(TABLE_GROUP)  # a table's rows are all of its total row: equal
        rels.append(Relation(rule="sum", mode="equal" if closed else "bound", stated=total.id, parts=parts,
                             severity="error" if closed else "warning",
                             label=f"{_name(total)} {'=' if closed else '>='} {_join(parts, figs)}",
                             source="structure", explanation=_explanation([total] + parts_figs)))
    return rels


def _list_relations(doc: Document, figs: dict[str, Figure]) -> list[Relation]:
    rels = []
    for e in doc.enumerations:
        count = figs.get(e.count_figure) if e.count_figure else None
        if count is None or count.approx or count.kind != "count" or not e.items:
            continue
        rels.append(Relation(rule="list_count", mode="list_count", stated=count.id, items=len(e.items),
                             open_list=e.open, source="list",
                             label=f"{_name(count)} {'>=' if e.open else '='} len(list {e.id})"))
    return rels
