"""Relations of a stated percentage: its share of a base (every base the text allows, its own x/y
first) and the shares of one partition summing to 100."""

from __future__ import annotations

import regex as re

from extractors import tolerance as tol
from extractors.numbers import parse_number
from extractors.records import Document, Figure
from extractors.relations_model import (APPLICATION_BASES, APPLICATION_PREFIXES, PARTITIONS, RETURN_METRICS,
                                        WHOLE_METRICS, Counts, Relation, Term, _explanation, _quotient)


_FRACTION_TAIL = re.compile(r"\s*/\s*(\d[\d.,]*)")


def _partition_terms(metric: str, counts: Counts, actual: bool = False
                     ) -> list[tuple[str, tuple[Term, ...]]]:
    """Ways to compute ``metric`` from other counts of the same key (parts, or total minus rest).

    With ``actual``, members the text itself corrects (``resolved_late_actual``: 'thực tế quá hạn
    09') are read at their corrected value; only variants using a correction are returned."""
    out = []
    for total, members in PARTITIONS:
        def pick(m: str) -> str | None:
            if actual and m + "_actual" in counts:
                return m + "_actual"
            return m if m in counts and m not in counts.ambiguous else None
        if total == metric:
            names = [pick(m) for m in members]
        elif metric in members:
            names = [total if total in counts and total not in counts.ambiguous else None] + [
                pick(m) for m in members if m != metric]
        else:
            continue
        if None in names or (actual and not any(n.endswith("_actual") for n in names)):
            continue
        if total == metric:
            out.append(("+".join(names), tuple(Term(counts[n].id) for n in names)))
        else:
            out.append(("-".join(names), (Term(counts[names[0]].id),) + tuple(
                Term(counts[n].id, -1) for n in names[1:])))
    return out


def _bases_for(metric: str) -> list[str]:
    out = [total for total, members in PARTITIONS if metric in members]
    if metric.startswith(APPLICATION_PREFIXES):
        out += [b for b in APPLICATION_BASES if b != metric]
    if metric.startswith("procedures_"):
        out.append("procedures_total")
    if metric.startswith("online_services_"):
        out += ["online_services_total", "procedures_total"]
    return list(dict.fromkeys(out))


def _fraction_whole_term(doc: Document, x: Figure, whole: Figure) -> Term:
    """The y of ``x/y`` may be a second mention of a figure stated earlier: then an edit of the
    earlier mention does not change the fraction the percentage was computed from."""
    slash = doc.text.find("/", x.start, x.end + 3)
    if slash < 0:
        return Term(whole.id)
    m = _FRACTION_TAIL.match(doc.text, slash)
    return Term(whole.id, attached=not m or m.start(1) == whole.start)


_DIGIT = re.compile(r"\d")
BESIDE = 60  # characters between an x/y and its percentage: '14/19 cơ quan, đơn vị (73,68%)'


def own_fraction(doc: Document, p: Figure, part: Figure) -> tuple[float, bool] | None:
    """The y of an ``x/y`` printed right before ``p`` whose x is ``p``'s own count, when the
    extractor kept no figure for it ('14/19 cơ quan (73,68%)': 19 skipped as a fraction's whole),
    and whether ``p`` is x/y under a printing convention."""
    m = _FRACTION_TAIL.match(doc.text, part.end)
    if not m or not m.end() <= p.start <= m.end() + BESIDE or _DIGIT.search(doc.text, m.end(), p.start):
        return None
    y = parse_number(m.group(1).rstrip(".,"), count_noun=True)
    if y is None or not y.value:
        return None
    x = tol.point(float(part.value)) if part.kind == "count" and part.decimals == 0 else tol.hull(
        tol.conventions(float(part.value), part.decimals, part.scale or 1).values())
    share = tol.ratio(x, tol.point(float(y.value)))
    stated = tol.conventions(float(p.value), p.decimals, p.scale or 1)
    return float(y.value), share is not None and tol.fit(stated, share) is not None


def _sentence_bases(doc: Document, p: Figure, metrics: list[str]) -> dict[str, Figure]:
    """Counts of ``metrics`` that are ambiguous in ``p``'s key but stated once in ``p``'s own sentence
    before it ('tính trên tổng số 5.771 hồ sơ đã đến hạn …, tỷ lệ … đạt 96,96%'): the base the text
    names for this share, whatever else that metric was read as elsewhere."""
    if not metrics:
        return {}
    found: dict[str, list[Figure]] = {}
    for f in doc.figures:
        if (f.metric in metrics and f.kind == "count" and f.approx is None and f.sentence == p.sentence
                and f.end <= p.start and (f.segment, f.scope, f.unit_name) == (p.segment, p.scope, p.unit_name)):
            found.setdefault(f.metric, []).append(f)
    return {m: fs[0] for m, fs in found.items() if len(fs) == 1}


def _percent_relation(doc: Document, p: Figure, counts: Counts,
                      figs: dict[str, Figure]) -> Relation | str | None:
    """The share relation of ``p``; a note (str) when it needs none, None when it cannot be built."""
    if p.base == "procedures_total" and not p.metric.startswith(("procedures_", "online_services_")):
        return None  # '247 thủ tục phát sinh hồ sơ trực tuyến, chiếm 77,7% số thủ tục': not a share of files
    numerators: list[tuple[str, tuple[Term, ...]]] = []
    bases: list[tuple[str, tuple[Term, ...]]] = []
    part = figs.get(p.of) if p.of else None
    remark = None
    if part is not None and part.approx is None and part.whole is None:
        fraction = own_fraction(doc, p, part)
        if fraction is not None:
            y, holds = fraction
            if holds:  # checked on its own x/y: another base of the key would be a guess
                return f"held:{p.metric}%[{p.scope}] {p.surface} = {part.surface}/{y:g} (its own x/y)"
            remark = f"its own x/y printed beside it, {part.surface}/{y:g}, does not give it either"
    if part is not None and part.approx is None:
        numerators.append((part.metric, (Term(part.id),)))
        whole = figs.get(part.whole) if part.whole else None
        if whole is not None and whole.approx is None:
            bases.append((f"{whole.metric} (x/y)", (_fraction_whole_term(doc, part, whole),)))
    if part is None and p.metric in counts.ambiguous:
        return None  # which of the counts this share is about cannot be told
    if p.metric in counts and (part is None or counts[p.metric].id != part.id):
        numerators.append((p.metric, (Term(counts[p.metric].id),)))
    # the numerator of a share is its part; computed, it is the sum of the part's own members
    # (in time = early + on time, SPEC.md). 'total minus the other members' stands in only when
    # those members are not all stated: when they are, the two disagree only where the partition
    # itself is broken, and the subtraction would hide that error in the share
    derived = _partition_terms(p.metric, counts)
    sums = [(label, terms) for label, terms in derived if all(t.sign > 0 for t in terms)]
    # a part stated beside its share is the numerator: 'total minus the rest' would let a mistyped
    # part's share hold (g07: 650 for 605, 0,33 % = 605 / 182.905)
    numerators += sums or ([] if part is not None and part.metric == p.metric else derived)
    # a count the text itself corrects ('thực tế quá hạn 09') gives an explained numerator
    correction_text = None
    for label, terms in _partition_terms(p.metric, counts, actual=True):
        numerators.append((f"explained:{label}", terms))
        actual = next(figs[t.fig] for t in terms if figs[t.fig].metric.endswith("_actual"))
        correction_text = actual.explained_by or _snippet(doc.text, actual)
    # a share of a whole (received_total %, resolved_total %) is only read against the base the
    # text names: guessing a denominator for a whole is how mislabelled figures become alarms
    guessed = [] if p.metric in WHOLE_METRICS else _bases_for(p.metric)
    candidates = list(dict.fromkeys(([p.base] if p.base else []) + guessed))
    local = _sentence_bases(doc, p, [m for m in candidates if m in counts.ambiguous])
    if p.base and (p.base not in counts or p.base in counts.ambiguous) and p.base not in local and not bases:
        return None  # the base the text names is not given: other bases would be guesses
    for metric in candidates:
        if metric in counts and metric not in counts.ambiguous:
            bases.append((metric, (Term(counts[metric].id),)))
        elif metric in local:
            bases.append((f"{metric} (same sentence)", (Term(local[metric].id),)))
    returned = [m for m in RETURN_METRICS if m in counts and m not in counts.ambiguous]
    if "resolved_total" in candidates and returned and "resolved_total" in counts \
            and "resolved_total" not in counts.ambiguous:
        # '… 142 hồ sơ trả lại; tỷ lệ đúng hạn 99,85%' of the files resolved, the returned ones left out
        bases.append(("resolved_total-" + "-".join(returned), (Term(counts["resolved_total"].id),) + tuple(
            Term(counts[m].id, -1) for m in returned)))
    numerators = list(dict(numerators).items())
    # a base equal to a numerator is no base (x / x)
    bases = [(label, terms) for label, terms in dict(bases).items()
             if not any(set(terms) == set(nt) for _, nt in numerators)]
    # a count of the sentence stands in for an ambiguous base only to let the share hold: read
    # under a wrong metric (fa07's 1.143 services as procedures), it would raise a false alarm
    only_if_fits = all(label.endswith("(same sentence)") for label, _ in bases)
    if not numerators or not bases:
        return None
    n0, b0 = numerators[0], bases[0]
    label = f"{p.metric}% [{p.scope}] = {_quotient(n0[1], figs)} / {_quotient(b0[1], figs)}"
    involved = [figs[t.fig] for _, terms in numerators + bases for t in terms]
    return Relation(rule="ratio", mode="ratio", stated=p.id, numerators=numerators, bases=bases,
                    label=label, source="percent", explanation=_explanation([p] + involved),
                    correction_text=correction_text, remark=remark,
                    only_if_fits=only_if_fits)


def _snippet(text: str, fig: Figure, width: int = 40) -> str:
    """The words around a figure, cut at word boundaries."""
    start = text.rfind(" ", 0, max(0, fig.start - width)) + 1
    end = text.find(" ", min(len(text), fig.end + 12))
    return text[start:end if end > 0 else len(text)].strip()


def _percent_sums(percents: dict[str, list[Figure]], figs: dict[str, Figure]) -> list[Relation]:
    rels = []
    for total, members in PARTITIONS:
        if not all(len(percents.get(m, [])) == 1 for m in members):
            continue
        shares = [percents[m][0] for m in members]
        # shares add up to 100 only when they are shares of this partition's own total
        # (early + on time are shares of resolved, not of resolved in time)
        nested = any(total in other for _, other in PARTITIONS)
        if any(s.base != total for s in shares if s.base) or (nested and not all(s.base for s in shares)):
            continue
        parts = tuple(Term(s.id) for s in shares)
        rels.append(Relation(
            rule="percent_sum", mode="percent_sum", stated=shares[0].id, parts=parts,
            label=" + ".join(f"{s.metric}% [{s.scope}]" for s in shares) + " = 100",
            source="percent", whole_metric=total))
    return rels

