"""Where an edited figure can make a relation hold: the diagnosis search's filter.

The diagnosis (:mod:`extractors.diagnosis`) tries ~100 typist edits of each figure in a violated
relation. Evaluating every one with :func:`extractors.relations.evaluate` was most of the checks'
time, yet nearly all of them land far from any value that could fix the relation. A *window* is a
necessary condition, computed once per relation, figure and printed precision: each interval test
of ``evaluate`` becomes a linear inequality in the edited value. Only the values inside are
evaluated, so the outcome is the same as evaluating all of them (tests/test_diagnosis_windows.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from extractors import tolerance as tol
from extractors.records import Figure
from extractors.relations import Relation, Term, _term_interval, stated_intervals

Window = list[tuple[float, float]]


def window(rel: Relation, figs: dict[str, Figure], fid: str, width: float) -> Window | None:
    """Values of figure ``fid`` outside which ``rel`` cannot hold, the other figures as stated.

    ``width`` bounds the printed interval of the edited value (``10⁻ᵈ·scale`` for ``d`` decimals).
    A necessary condition only, and a generous one: each attached mention of ``fid`` is taken as
    ``[v - width, v + width]`` (wider than both printing conventions), every interval test of
    :func:`evaluate` becomes a linear inequality in ``v``, and each bound is widened by far more
    than float noise. The value can make ``rel`` hold only inside one of the returned ranges (one
    per numerator / base pair of a ratio); an empty list: nowhere. ``None``: no bound known.
    The diagnosis evaluates only the candidates inside: most of a figure's ~100 typist edits land
    far from any value that could fix a relation.
    """
    members = [rel.stated] + [t.fig for t in rel.parts]
    for _, terms in rel.numerators + rel.bases:
        members += [t.fig for t in terms]
    noise = 1e-9 * (1e3 + 100 * sum(abs(float(figs[m].value)) for m in members))
    if rel.mode == "list_count":
        if fid != rel.stated:
            return None
        items = float(rel.items or 0)
        r = _Range(noise)
        r.at_most(-1, tol.EPS - items)
        if not rel.open_list:
            r.at_most(1, items + tol.EPS)
        return r.ranges()
    if rel.mode == "ratio":
        return _ratio_window(rel, figs, fid, width, noise)
    return _sum_window(rel, figs, fid, width, noise)


class _Range:
    """The values x with ``a·x <= c`` for every constraint added (a range, possibly empty)."""

    def __init__(self, noise: float) -> None:
        self.lo, self.hi, self.noise = -math.inf, math.inf, noise

    def at_most(self, a: float, c: float) -> None:
        if abs(a) < 1e-3:  # (almost) no dependence on x: no bound, rather than a bound from noise
            return
        bound = c / a
        slack = self.noise / abs(a) + 1e-9 * abs(bound)
        if a > 0:
            self.hi = min(self.hi, bound + slack)
        else:
            self.lo = max(self.lo, bound - slack)

    def ranges(self) -> Window:
        return [(self.lo, self.hi)] if self.lo <= self.hi else []


def _rest(figs: dict[str, Figure], terms: tuple[Term, ...], fid: str) -> tuple[int, int, float, float]:
    """How many attached mentions of ``fid`` the terms hold, their signed count, and the interval
    of the other terms (``x`` enters as ``signed·x`` ± ``count·width``)."""
    mine = [t.sign for t in terms if t.attached and t.fig == fid]
    if not mine:
        rest, _ = _term_interval(figs, terms, None)
    else:
        rest, _ = _term_interval(figs, tuple(t for t in terms if not (t.attached and t.fig == fid)), None)
    return len(mine), sum(mine), rest.lo, rest.hi


def _sum_window(rel: Relation, figs: dict[str, Figure], fid: str, u: float, noise: float) -> Window | None:
    """Parts C and stated S must overlap (within EPS); a bound holds too when C lies below S."""
    k, c_x, c_lo, c_hi = _rest(figs, rel.parts, fid)
    head = figs[rel.stated]
    if rel.mode == "percent_sum":  # the head is the first share: its stated value plays no part
        h, s_lo, s_hi = 0, 100.0, 100.0
    elif fid == rel.stated:
        h, s_lo, s_hi = 1, -u, u
    else:
        stated = tol.hull(stated_intervals(head, float(head.value), head.decimals).values())
        h, s_lo, s_hi = 0, stated.lo, stated.hi
    r = _Range(noise)
    r.at_most(c_x - h, s_hi + tol.EPS - c_lo + k * u)  # C.lo <= S.hi
    if rel.mode != "bound":
        r.at_most(h - c_x, c_hi + k * u - s_lo + tol.EPS)  # S.lo <= C.hi
    return r.ranges()


def _ratio_window(rel: Relation, figs: dict[str, Figure], fid: str, u: float, noise: float
                  ) -> Window | None:
    """One range per numerator / base pair that reads ``fid``; pairs that do not cannot change."""
    head = figs[rel.stated]
    stated = stated_intervals(head, float(head.value), head.decimals)
    hull = tol.hull(stated.values())
    p_lo, p_hi = hull.lo - tol.EPS, hull.hi + tol.EPS
    is_head = fid == rel.stated
    out: Window = []
    bases = [_rest(figs, b_terms, fid) for _, b_terms in rel.bases]
    for n_label, n_terms in rel.numerators:
        if n_label.startswith("explained:"):
            continue  # an explained fit never makes the relation hold
        n_k, n_x, n_lo, n_hi = _rest(figs, n_terms, fid)
        for b_k, b_x, b_lo, b_hi in bases:
            if is_head and (n_k or b_k):
                return None
            if b_k == 0 and b_lo <= tol.EPS:
                continue  # no ratio from this pair, whatever the value
            r = _Range(noise)
            if is_head:  # [x - u, x + u] must meet the ratio
                q = tol.ratio(tol.Interval(n_lo, n_hi), tol.Interval(b_lo, b_hi))
                r.at_most(1, q.hi + tol.EPS + u)
                r.at_most(-1, u + tol.EPS - q.lo)
            elif n_k + b_k == 0:
                if tol.fit(stated, tol.ratio(tol.Interval(n_lo, n_hi), tol.Interval(b_lo, b_hi))):
                    return None
                continue
            else:  # N/B·100 must meet [p_lo, p_hi] with B positive; each test linear in x
                r.at_most(-b_x, b_hi + b_k * u - tol.EPS)  # B.hi > EPS
                if p_hi >= 0:  # 100·N.lo <= p_hi·B.hi
                    r.at_most(100 * n_x - p_hi * b_x, p_hi * (b_hi + b_k * u) - 100 * (n_lo - n_k * u))
                if p_lo >= 0:  # 100·N.hi >= p_lo·B.lo
                    r.at_most(p_lo * b_x - 100 * n_x, 100 * (n_hi + n_k * u) - p_lo * (b_lo - b_k * u))
            out += r.ranges()
    return out


def in_window(win: Window | None, value: float) -> bool:
    return win is None or any(lo <= value <= hi for lo, hi in win)


def union(windows: Iterable[Window | None]) -> Window | None:
    """The values inside any of the windows, as sorted disjoint ranges (``None``: every value)."""
    ranges: Window = []
    for w in windows:
        if w is None:
            return None
        ranges += w
    out: Window = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
