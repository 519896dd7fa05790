"""Which single typist edit of one stated number explains the violated relations.

For the figures involved in violated relations, candidates are generated from the printed number:
two adjacent digits swapped, one digit wrong, a digit dropped (the truth has one more) or doubled /
typed extra (the truth has one fewer), and the decimal mark one place off; plus the *implied*
value, the one a violated relation solves for (not a keystroke slip, ranked last). Each candidate is
re-evaluated against every relation that reads that mention of the figure.

Candidates are ranked by: violated relations it makes hold (more is better), relations that held
and that it breaks (a percentage sum that held counts for nothing, since writers compute the last
share as 100 minus the others; any other broken relation disqualifies the candidate), the width of the printed interval of the corrected number (a
fit at two decimals is ten times less likely by chance than at one), then how common the edit is.
Greedily, the best candidate takes the violated relations it fixes as one root-cause group; the
rest are searched again. Equal best candidates are reported as a tie, never picked at random.

Bounds (so that no document can make it slow): at most :data:`MAX_FIGURES` figures are searched,
a printed number gives at most 21·digits + 9 candidates (numbers past :data:`MAX_DIGITS` digits
are skipped) plus one implied value per violated relation, and the whole search stops after
:data:`MAX_EVALUATIONS` candidate × relation pairs. A pair ruled out by the relation's window
(:mod:`extractors.windows`: values outside cannot make it hold) still counts, so the bound and the
outcome are those of evaluating every pair; when the worst case (candidates × relations of every
searched figure) stays below the bound, nothing is counted and only values inside a window are
generated. Seed 000 needs 1,407 pairs; a synthetic document of 2,800 figures and 800 broken
relations is checked in ~0.2 s (``benchmarks/checks.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

import regex as re

from extractors.explain import fmt_vn
from extractors.records import Figure
from extractors.relations import Outcome, Override, Relation
from extractors.windows import Window, in_window, union, window

MAX_FIGURES = 24
MAX_DIGITS = 12
MAX_EVALUATIONS = 5_000  # real bulletins with violations need < 1,500 (seed 000: 1,407)

EDIT_RANK = {"transposition": 0, "wrong_digit": 1, "dropped_digit": 2, "doubled_digit": 2,
             "separator": 3, "extra_digit": 3, "implied": 4}
EDIT_WORDS = {"transposition": "two adjacent digits swapped", "wrong_digit": "one wrong digit",
              "dropped_digit": "a digit dropped", "doubled_digit": "a digit doubled",
              "separator": "the decimal mark one place off", "extra_digit": "one digit too many",
              "implied": "not a single keystroke; the value the other figures imply"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Candidate:
    fig: str
    value: float
    decimals: int
    edit: str
    fixed: frozenset[int] = frozenset()
    broken: tuple[int, ...] = ()
    broken_weight: float = 0.0
    width: float = 0.0
    weak_fixed: frozenset[int] = frozenset()  # weak violated relations (info notes) it makes hold too

    def key(self, remaining: set[int]) -> tuple:
        return (len(self.fixed & remaining), -self.broken_weight, len(self.weak_fixed), -self.width,
                -EDIT_RANK[self.edit])


@dataclass
class Diagnosis:
    relations: list[int]  # indices of the violated relations of this root cause
    best: Candidate | None = None
    ties: list[Candidate] = field(default_factory=list)
    text: str | None = None


def _digits(fig: Figure) -> str | None:
    """The printed mantissa as plain digits with '.' as the decimal mark, checked against the value."""
    m = _NUMBER.search(fig.surface or "")
    if not m:
        return None
    raw = m.group().replace(".", "").replace(",", "")
    if not raw or len(raw) > MAX_DIGITS:
        return None
    d = fig.decimals
    text = raw if d == 0 else (raw[:-d] or "0") + "." + raw[-d:]
    mantissa = float(fig.value) / (fig.scale or 1)
    return text if abs(float(text) - mantissa) <= 1e-6 * max(1.0, abs(mantissa)) else None


def typo_candidates(fig: Figure) -> list[Candidate]:
    """Every value one typist edit away from the printed number (deduplicated, best edit kept)."""
    scale = fig.scale or 1
    return [Candidate(fig.id, value, decimals, edit, width=10.0 ** -decimals * scale)
            for value, decimals, edit in typo_variants(fig).values()]


_DIGIT_CHARS = "0123456789"


def typo_variants(fig: Figure, text: str | None = None, within: Window | None = None
                  ) -> dict[tuple[float, int], tuple[float, int, str]]:
    """(rounded value, decimals) -> (value, decimals, edit) for every single typist edit of the
    printed number (``text``: its :func:`_digits`) with a value ``within`` the ranges, in the order
    the edits are tried, each value keeping its most common edit. Plain tuples: the diagnosis
    makes a :class:`Candidate` only of values that can fix something."""
    if text is None:
        text = _digits(fig)
    if text is None:
        return {}
    out: dict[tuple[float, int], tuple[float, int, str]] = {}
    scale = fig.scale or 1
    own_value, own_decimals = float(fig.value), fig.decimals
    inside = _membership(within) if within is not None else None
    if "." not in text and type(scale) is int:  # the common case, in integer arithmetic
        bounds = (min(lo for lo, _ in within) / scale, max(hi for _, hi in within) / scale) if within else None
        for v, edit in integer_edits(text, bounds):
            value = float(v * scale)
            if (value == own_value and own_decimals == 0) or (within is not None and not inside(value)):
                continue
            key = (value, 0)  # round(value, 9) of a whole number is itself
            old = out.get(key)
            if old is None or EDIT_RANK[edit] < EDIT_RANK[old[2]]:
                out[key] = (value, 0, edit)
        return out
    whole_only = fig.kind == "count" and scale == 1  # a count is never read with decimals
    for s, edit in string_edits(text):
        dot = s.find(".")
        if dot < 0:
            if not s:
                continue
            decimals = 0
        else:
            if dot == 0 or dot == len(s) - 1 or whole_only:
                continue
            decimals = len(s) - dot - 1
        value = float(s) * scale
        if (value == own_value and decimals == own_decimals) or (within is not None and not inside(value)):
            continue
        key = (round(value, 9), decimals)
        old = out.get(key)
        if old is None or EDIT_RANK[edit] < EDIT_RANK[old[2]]:
            out[key] = (value, decimals, edit)
    return out


def _membership(ranges: Window) -> Callable[[float], bool]:
    """A fast ``value in any of the sorted disjoint ranges`` (bisected on their starts)."""
    if len(ranges) == 1:
        (lo, hi), = ranges
        return lambda value: lo <= value <= hi
    starts, ends = [lo for lo, _ in ranges], [hi for _, hi in ranges]

    def inside(value: float) -> bool:
        j = bisect_right(starts, value) - 1
        return j >= 0 and value <= ends[j]
    return inside


def string_edits(text: str) -> list[tuple[str, str]]:
    """Every single typist edit of the digits ``text`` (``.`` the decimal mark) and its kind."""
    variants: list[tuple[str, str]] = []
    add = variants.append
    n = len(text)
    for i in range(n - 1):
        a, b = text[i], text[i + 1]
        if a != b:
            add((text[:i] + b + a + text[i + 2:], "separator" if "." in (a, b) else "transposition"))
    for i, c in enumerate(text):
        if c == ".":
            continue
        head, tail = text[:i], text[i + 1:]
        for d in _DIGIT_CHARS:
            if d != c and not (i == 0 and d == "0" and n > 1):  # a new leading zero is a drop
                add((head + d + tail, "wrong_digit"))
        kind = "doubled_digit" if (i > 0 and text[i - 1] == c) or (i + 1 < n and text[i + 1] == c) \
            else "extra_digit"
        add((head + tail, kind))
    for i in range(n + 1):
        head, tail = text[:i], text[i:]
        for d in _DIGIT_CHARS:
            add((head + d + tail, "dropped_digit"))
    return variants


def integer_edits(text: str, bounds: tuple[float, float] | None = None) -> list[tuple[int, str]]:
    """:func:`string_edits` of a plain digit string, as integers, in the same order (the empty
    string of a one-digit deletion left out). With ``bounds`` (lo, hi), a digit position whose ten
    edits all fall outside them is not enumerated (some values outside may still be returned)."""
    lo, hi = bounds if bounds is not None else (float("-inf"), float("inf"))
    n, number = len(text), int(text)
    digits = [int(c) for c in text]
    power = [10 ** k for k in range(n + 2)]
    out: list[tuple[int, str]] = []
    add = out.append
    for i in range(n - 1):
        a, b = digits[i], digits[i + 1]
        if a != b:
            add((number + (b - a) * 9 * power[n - 2 - i], "transposition"))
    for i, c in enumerate(digits):
        weight = power[n - 1 - i]
        if number - c * weight <= hi and number + (9 - c) * weight >= lo:
            for d in range(10):
                if d != c and not (i == 0 and d == 0 and n > 1):
                    add((number + (d - c) * weight, "wrong_digit"))
        if n > 1:
            kind = "doubled_digit" if (i > 0 and digits[i - 1] == c) or (i + 1 < n and digits[i + 1] == c) \
                else "extra_digit"
            add(((number // power[n - i]) * weight + number % weight, kind))
    for i in range(n + 1):
        weight = power[n - i]
        high, low = (number // weight) * weight * 10, number % weight
        if high + low <= hi and high + 9 * weight + low >= lo:
            for d in range(10):
                add((high + d * weight + low, "dropped_digit"))
    return out


def implied_candidates(rel: Relation, outcome: Outcome, figs: dict[str, Figure]) -> list[Candidate]:
    """The value each attached member would need for ``rel`` to hold, all others as stated."""
    out = []
    head = figs[rel.stated]
    if outcome.computed is None or outcome.stated is None:
        return out
    if rel.mode in ("equal", "residual", "bound", "list_count"):
        out.append(_implied(head, outcome.computed))
        for t in rel.parts:
            if t.attached:
                out.append(_implied(figs[t.fig], float(figs[t.fig].value) + t.sign * (
                    outcome.stated - outcome.computed)))
    elif rel.mode == "percent_sum":
        for t in rel.parts:
            fig = figs[t.fig]
            out.append(_implied(fig, float(fig.value) + 100.0 - outcome.computed))
    elif rel.mode == "ratio":
        out.append(_implied(head, outcome.computed))
        (_, num), (_, base) = rel.numerators[0], rel.bases[0]
        num_v = sum(t.sign * float(figs[t.fig].value) for t in num)
        base_v = sum(t.sign * float(figs[t.fig].value) for t in base)
        share = outcome.stated / 100
        if len(num) == 1 and num[0].attached and base_v:
            out.append(_implied(figs[num[0].fig], share * base_v))
        if len(base) == 1 and base[0].attached and share:
            out.append(_implied(figs[base[0].fig], num_v / share))
    return [c for c in out if c is not None]


def _implied(fig: Figure, value: float) -> Candidate | None:
    if fig.kind == "count":
        value = float(round(value))
        if value < 0 or value == float(fig.value):
            return None
        return Candidate(fig.id, value, 0, "implied", width=float(fig.scale or 1))  # as wide as a typo's
    value = round(value, fig.decimals)
    if value < 0 or value == float(fig.value):
        return None
    return Candidate(fig.id, value, fig.decimals, "implied", width=10.0 ** -fig.decimals * (fig.scale or 1))


def _weight(rel: Relation, outcome: Outcome) -> float:
    if rel.mode == "percent_sum":
        return 0.0  # writers print the last share as 100 minus the others: it holding proves nothing
    if outcome.severity == "info" or rel.severity == "info":
        return 0.0
    return 1.0


def diagnose(relations: list[Relation], outcomes: list[Outcome], figs: dict[str, Figure],
             evaluate: Callable[[Relation, dict[str, Figure], Override | None], Outcome]) -> list[Diagnosis]:
    """Group the violated error relations by root cause and name the most likely single edit."""
    violated = {i for i, o in enumerate(outcomes) if o.holds is False and o.severity == "error"}
    if not violated:
        return []
    held = {i for i, o in enumerate(outcomes) if o.holds is True}
    weak = {i for i, o in enumerate(outcomes) if o.holds is False and o.severity == "info"
            and relations[i].weak and not relations[i].explanation}
    touching: dict[str, list[int]] = {}
    for i, rel in enumerate(relations):
        for fid in rel.attached_ids():
            touching.setdefault(fid, []).append(i)
    involved: dict[str, int] = {}
    for i in violated:
        for fid in relations[i].attached_ids():
            involved[fid] = involved.get(fid, 0) + 1
    # ties broken by id: attached_ids() is a set of str, whose order changes with PYTHONHASHSEED,
    # so without it two processes named different candidates for the same page
    order = sorted(involved, key=lambda fid: (-involved[fid], fid))[:MAX_FIGURES]
    implied = [c for i in violated for c in implied_candidates(relations[i], outcomes[i], figs)]
    plans = []
    worst = 0
    for fid in order:
        rels = touching.get(fid, [])
        # the violated relations first: most candidates fix none and need no further look
        broken_rels, held_rels = [i for i in rels if i in violated], [i for i in rels if i in held]
        weak_rels = [i for i in rels if i in weak]
        text = _digits(figs[fid])
        mine = [c for c in implied if c.fig == fid]
        plans.append((fid, text, mine, broken_rels, held_rels + weak_rels))
        worst += (len(mine) + (21 * len(text) + 9 if text else 0)) * (
            len(broken_rels) + len(held_rels) + len(weak_rels))
    # the budget counts every candidate x relation pair, evaluated or ruled out by its window; only
    # when the worst case reaches it can it run out, and only then is every candidate counted
    counted = worst >= MAX_EVALUATIONS
    budget = MAX_EVALUATIONS
    scored: list[Candidate] = []
    for fid, text, mine, broken_rels, held_rels in plans:
        fig = figs[fid]
        scale = fig.scale or 1
        # outside its window a candidate cannot make the relation hold: never evaluated
        windows = {(i, scale): window(relations[i], figs, fid, scale) for i in broken_rels}
        within = union(windows.values())  # the widest print: no candidate outside can fix one
        if not counted:  # only the candidates inside some window matter
            mine = [c for c in mine if in_window(within, c.value)]
        pool: dict[tuple[float, int], Candidate | tuple[float, int, str]] = {
            (round(c.value, 9), c.decimals): c for c in mine}
        pool.update(typo_variants(fig, text, None if counted else within))
        for cand in pool.values():
            if counted:
                if budget <= 0:
                    break
                budget -= len(broken_rels)
            value = cand[0] if type(cand) is tuple else cand.value
            if counted and not in_window(within, value):
                continue
            if type(cand) is tuple:
                cand = Candidate(fid, cand[0], cand[1], cand[2], width=10.0 ** -cand[1] * scale)
            override = {fid: (cand.value, cand.decimals)}
            width = 10.0 ** -cand.decimals * scale
            fixed = set()
            for i in broken_rels:
                key = (i, width)
                if key not in windows:
                    windows[key] = window(relations[i], figs, fid, width)
                if in_window(windows[key], value) and evaluate(relations[i], figs, override).holds:
                    fixed.add(i)
            if not fixed:
                continue
            budget -= len(held_rels)
            broken, weight, weak_fixed = [], 0.0, set()
            for i in held_rels:
                holds = evaluate(relations[i], figs, override).holds
                if i in weak:
                    if holds:
                        weak_fixed.add(i)
                elif holds is False:
                    broken.append(i)
                    weight += _weight(relations[i], outcomes[i])
            cand.fixed, cand.broken, cand.broken_weight = frozenset(fixed), tuple(broken), weight
            cand.weak_fixed = frozenset(weak_fixed)
            scored.append(cand)
    out: list[Diagnosis] = []
    remaining = set(violated)
    while remaining:
        # a correction may break no relation that held (only weak ones: a share sum, an info note);
        # an implied value is no keystroke slip: it needs two relations agreeing and none broken
        useful = [c for c in scored if c.fixed & remaining and c.broken_weight < 1
                  and (c.edit != "implied" or (len(c.fixed & remaining) >= 2 and not c.broken_weight))]
        if not useful:
            break
        best_key = max(c.key(remaining) for c in useful)
        top = [c for c in useful if c.key(remaining) == best_key]
        # candidates fixing different relations are different root causes, not a tie
        group = min((c.fixed & remaining for c in top), key=sorted)
        top = sorted((c for c in top if c.fixed & remaining == group),
                     key=lambda c: (c.fig, c.value, c.decimals, c.edit))
        # a weak note every top edit makes hold shares the root cause: the correction that explains
        # an error also settles the note's doubt, so it is reported with the group as a warning
        corroborated = sorted(frozenset.intersection(*(c.weak_fixed for c in top)) & weak)
        diag = Diagnosis(sorted(group) + corroborated, top[0] if len(top) == 1 else None,
                         top if len(top) > 1 else [])
        diag.text = describe(diag, relations, figs, remaining)
        for i in corroborated:
            _corroborate(outcomes[i])
        out.append(diag)
        remaining -= group
        weak -= set(corroborated)
    out += [Diagnosis([i]) for i in sorted(remaining)]
    if budget <= 0:
        for d in out:
            d.text = (d.text + " " if d.text else "") + f"(search stopped after {MAX_EVALUATIONS} evaluations)"
    return out


def _corroborate(outcome: Outcome) -> None:
    """Raise a weak note the diagnosed edit also makes hold to a warning, saying why."""
    outcome.severity = "warning"
    outcome.note = ("the correction diagnosed for this group makes it hold too: "
                    + (outcome.note or "a weak relation"))


def _show(fig: Figure, value: float, decimals: int) -> str:
    suffix = "%" if fig.kind == "percent" else ""
    return fmt_vn(value / (fig.scale or 1), decimals) + suffix


def describe(diag: Diagnosis, relations: list[Relation], figs: dict[str, Figure], remaining: set[int]) -> str:
    if diag.best is None:
        options = "; ".join(f"{_show(figs[c.fig], float(figs[c.fig].value), figs[c.fig].decimals)} -> "
                            f"{_show(figs[c.fig], c.value, c.decimals)} ({EDIT_WORDS[c.edit]})"
                            for c in diag.ties[:4])
        more = f" and {len(diag.ties) - 4} more" if len(diag.ties) > 4 else ""
        fixed = len(diag.ties[0].fixed & remaining)
        # equally good edits of different numbers: the text cannot tell which one was mistyped
        return (f"{len(diag.ties)} single edits are equally likely, each makes {fixed} relation"
                f"{'s' if fixed > 1 else ''} hold, the text cannot tell which: {options}{more}")
    c = diag.best
    fig = figs[c.fig]
    fixed = len(c.fixed & remaining)
    text = (f"{_show(fig, float(fig.value), fig.decimals)} is most likely {_show(fig, c.value, c.decimals)} "
            f"({EDIT_WORDS[c.edit]}): that one change makes {fixed} relation{'s' if fixed > 1 else ''} hold")
    also = [relations[i].label for i in diag.relations if i in c.weak_fixed]
    if also:
        text += ", and the weaker " + "; ".join(also) + " too"
    if c.broken:
        text += "; it only breaks the weaker " + "; ".join(relations[i].label for i in c.broken)
    return text
