"""Relations between figures and the flags where they do not hold.

``check_document`` finds the relations (:mod:`extractors.relations`), evaluates each one with
interval arithmetic (:mod:`extractors.tolerance`), groups the violations by root cause and names the
most likely typo (:mod:`extractors.diagnosis`), and returns one :class:`Flag` per violated relation
with its evidence sentences and a Vietnamese explanation (:mod:`extractors.explain`). Relations
that could not be checked are noted on ``doc.notes`` with a reason, never dropped silently.
"""

from __future__ import annotations

import bisect
import functools
import hashlib

import regex as re

from extractors.diagnosis import Diagnosis, diagnose
from extractors.explain import explain
from extractors.records import Document, Figure, Flag
from extractors.relations import Outcome, Relation, evaluate, find_relations

_BOUNDARY = re.compile(r"\n|[.!?;](?=\s)")
_LEADING_SPACE = re.compile(r"\s*")


@functools.lru_cache(maxsize=4)
def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of every sentence boundary of ``text``: found once, then bisected."""
    spans = [m.span() for m in _BOUNDARY.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: from the previous boundary (at most 2,000 characters back) to
    the next one ('1.130' is no end)."""
    starts, ends = _boundaries(text)
    k = bisect.bisect_right(ends, pos) - 1  # the last boundary ending at or before pos
    start = ends[k] if k >= 0 and starts[k] >= pos - 2000 else 0
    k = bisect.bisect_left(starts, pos)
    end = ends[k] if k < len(starts) else len(text)
    m = _LEADING_SPACE.match(text, start, end)
    return m.end(), end


def evidence(text: str, figures: list[Figure]) -> list[dict]:
    """The sentences holding the figures, with the figures' spans to highlight."""
    sentences: dict[tuple[int, int], list[list[int]]] = {}
    for fig in sorted(figures, key=lambda f: f.start):
        if not (0 <= fig.start < fig.end <= len(text)):
            continue
        bounds = sentence_bounds(text, fig.start)
        sentences.setdefault(bounds, []).append([fig.start, fig.end])
    return [{"start": s, "end": e, "text": text[s:e], "highlights": spans}
            for (s, e), spans in sorted(sentences.items())]


def _number(value: float | None, percent: bool = False) -> float | int | None:
    if value is None:
        return None
    if percent:
        return round(float(value), 2)
    return int(value) if float(value).is_integer() else round(float(value), 6)


def fingerprint(rel: Relation, figs: dict[str, Figure]) -> str:
    surfaces = ",".join(figs[f].surface for f in rel.figure_ids())
    return hashlib.sha1(f"{rel.rule}|{rel.label}|{surfaces}".encode()).hexdigest()[:16]


def _flag(doc: Document, rel: Relation, out: Outcome, figs: dict[str, Figure],
          diag: Diagnosis | None, group: str) -> Flag:
    head = figs[rel.stated]
    percent = rel.mode in ("ratio", "percent_sum")
    ids = rel.figure_ids()
    if rel.mode == "ratio":  # the pair reported, not every base tried (those are in details)
        ids = list(dict.fromkeys([rel.stated] + [t.fig for t in rel.numerators[0][1] + rel.bases[0][1]]))
        parts = [(t.fig, t.sign) for t in rel.numerators[0][1]]
        base = [(t.fig, t.sign) for t in rel.bases[0][1]]
    else:
        parts, base = [(t.fig, t.sign) for t in rel.parts], None
    best = diag.best if diag else None
    text = explain(rel.rule, rel.mode, head, figs, parts, out.stated, out.computed, base=base,
                   items=rel.items, open_list=rel.open_list, missing=rel.missing,
                   explanation=rel.explanation or (rel.correction_text if (out.fitted or "").startswith(
                       "explained:") else None),
                   diagnosis=(figs[best.fig], best.value, best.decimals) if best else None)
    details = {"mode": rel.mode, "source": rel.source, "convention": out.convention, "fitted": out.fitted,
               "note": out.note, "missing": list(rel.missing)}
    if rel.mode == "ratio":
        details["bases_tried"] = [label for label, _ in rel.bases]
    if best:
        details["correction"] = {"figure": best.fig, "value": _number(best.value, head.kind == "percent"
                                                                       and best.fig == head.id),
                                 "edit": best.edit, "fixes": len(best.fixed), "breaks": len(best.broken)}
    elif diag and diag.ties:
        details["tied_corrections"] = [{"figure": c.fig,
                                        "value": _number(c.value), "edit": c.edit} for c in diag.ties[:8]]
    return Flag(rule=rel.rule, severity=out.severity or "error", relation=rel.label,
                stated=_number(out.stated, percent), computed=_number(out.computed, percent),
                figures=ids, evidence=evidence(doc.text, [figs[i] for i in ids]),
                diagnosis=diag.text if diag else None, explanation=text, group=group,
                fingerprint=fingerprint(rel, figs), details=details)


def _fitted_base(out: Outcome) -> str | None:
    """The metric of the base a share held on ('due_total (same sentence)' -> 'due_total')."""
    if not out.holds or not out.fitted or " / " not in out.fitted:
        return None
    return out.fitted.rsplit(" / ", 1)[1].split(" ")[0]


def _unsum_other_bases(relations: list[Relation], outcomes: list[Outcome]) -> None:
    """Shares of one partition add up to 100 only on one base: a share that holds on another base
    (96,96% of the files due beside 2,34% of the files resolved, fa14) leaves the sum unchecked."""
    held_on = {rel.stated: _fitted_base(out) for rel, out in zip(relations, outcomes) if rel.mode == "ratio"}
    for rel, out in zip(relations, outcomes):
        if rel.mode != "percent_sum" or out.holds is not False:
            continue
        other = [t.fig for t in rel.parts if held_on.get(t.fig) not in (None, rel.whole_metric)]
        if other:
            out.holds, out.severity = None, None
            out.note = (f"not summed: {', '.join(other)} holds on another base "
                        f"({', '.join(sorted({held_on[f] for f in other}))}), not {rel.whole_metric}")


def _key(fig: Figure) -> tuple:
    return fig.segment, fig.scope, fig.unit_name


def _another_shares_terms(relations: list[Relation], outcomes: list[Outcome], figs: dict[str, Figure]) -> None:
    """A share that is exactly the part / base of another share of its key (97,66% = (3.410 +
    2.186) / 5.730, the in-time rate, labelled as the resolved share of the received, fa14) is a
    correct figure read under the wrong metric, not a typo: an info note, never an edit."""
    ratios = [rel for rel in relations if rel.mode == "ratio"]
    for rel, out in zip(relations, outcomes):
        if rel.mode == "ratio" and out.holds is False and out.severity == "error":
            found = _exact_elsewhere(rel, ratios, figs)
            if found:
                out.severity = "info"
                out.note = (out.note + "; " if out.note else "") + found


def _exact_elsewhere(rel: Relation, ratios: list[Relation], figs: dict[str, Figure]) -> str | None:
    head = figs[rel.stated]
    own = {(n, b) for n, _ in rel.numerators for b, _ in rel.bases}
    for other in ratios:
        if other.stated == rel.stated or _key(figs[other.stated]) != _key(head):
            continue
        for n_label, n_terms in other.numerators:
            for b_label, b_terms in other.bases:
                if (n_label, b_label) in own or n_label.startswith("explained:"):
                    continue
                probe = Relation(rule="ratio", mode="ratio", stated=rel.stated,
                                 numerators=[(n_label, n_terms)], bases=[(b_label, b_terms)])
                if evaluate(probe, figs).holds:
                    return (f"it is exactly {n_label} / {b_label}, the terms of {figs[other.stated].metric}%: "
                            "a share read under another metric, not a typo")
    return None


def check_document(doc: Document) -> list[Flag]:
    """Every violated relation of ``doc`` as a flag (error / warning / info), grouped by root cause."""
    relations, notes = find_relations(doc)
    figs = {f.id: f for f in doc.figures}
    outcomes = [evaluate(rel, figs) for rel in relations]
    _unsum_other_bases(relations, outcomes)
    _another_shares_terms(relations, outcomes, figs)
    for rel, out in zip(relations, outcomes):
        if out.holds is None:
            notes.append(f"unchecked:{rel.label}: {out.note}")
    doc.notes.extend(f"checks: {n}" for n in notes)
    diagnoses = diagnose(relations, outcomes, figs, evaluate)
    by_relation: dict[int, Diagnosis] = {i: d for d in diagnoses for i in d.relations}
    for i, (rel, out) in enumerate(zip(relations, outcomes)):
        d = by_relation.get(i)
        if (rel.rule == "ratio" and out.holds is False and out.severity == "error" and out.computed is not None
                and out.computed > 100 and (d is None or (d.best is None and not d.ties))):
            # a share of files over 100 % that no keystroke explains: the part is not of this base
            # (another level's or period's whole is meant), not a typo; noted, not an error
            out.severity = "info"
            out.note = (out.note + "; " if out.note else "") + \
                "the part exceeds this base and no single edit explains it: another whole is likely meant"
    prints = [fingerprint(rel, figs) for rel in relations]
    doc.relations = [{"fingerprint": fp, "rule": rel.rule, "relation": rel.label, "holds": out.holds,
                      "severity": out.severity if out.holds is False else None,
                      "stated": out.stated, "computed": out.computed, "convention": out.convention,
                      "figures": rel.figure_ids(), "note": out.note}
                     for rel, out, fp in zip(relations, outcomes, prints)]
    groups: dict[int, str] = {}
    for d in diagnoses:
        gid = "g" + hashlib.sha1("|".join(sorted(prints[i] for i in d.relations)).encode()).hexdigest()[:10]
        groups.update({i: gid for i in d.relations})
    flags, seen = [], set()
    for i, (rel, out) in enumerate(zip(relations, outcomes)):
        if out.holds is not False:
            continue
        flag = _flag(doc, rel, out, figs, by_relation.get(i), groups.get(i, "g" + prints[i][:10]))
        key = (flag.rule, flag.relation, flag.stated, flag.computed)
        if key in seen:
            continue
        seen.add(key)
        flags.append(flag)
    order = {"error": 0, "warning": 1, "info": 2}
    flags.sort(key=lambda f: (order.get(f.severity, 3), f.group or "", f.figures))
    return flags
