"""The pattern files compiled for matching, once, lazily.

Phrases in the YAML are literal Vietnamese; here they are folded (:func:`extractors.normalize.fold`)
and joined into one alternation per concern, longest first, so one pass over a document's folded
text finds every occurrence (overlapping ones too).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import re as std_re

import regex as re

from extractors.normalize import fold
from patterns import load

_EDGE_L = r"(?<![\p{L}\p{N}])"
_EDGE_R = r"(?![\p{L}\p{N}])"


def phrase_regex(phrase: str) -> str:
    """A folded literal phrase as a regex: words separated by any run of spaces, on word edges."""
    words = [re.escape(w) for w in fold(phrase).split()]
    return _EDGE_L + r"\s+".join(words) + _EDGE_R


def _trie_pattern(node: dict[str, dict]) -> str:
    """Regex of a character trie; greedy, so the longest phrase at a position wins."""
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        atom = r"\s+" if ch == " " else re.escape(ch)
        branches.append(atom + _trie_pattern(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body


def alternation(phrases: list[str]) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` (folded, on word edges), longest first.

    The phrases are merged into a trie first: a flat alternation of a few hundred phrases is tried
    phrase by phrase at every position, the trie once (several times faster on a bulletin)."""
    trie: dict[str, dict] = {}
    for phrase in set(phrases):
        node = trie
        for ch in " ".join(fold(phrase).split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_EDGE_L + "(?:" + _trie_pattern(trie) + ")" + _EDGE_R)


class PhraseIndex:
    """Every occurrence of a set of folded phrases, overlapping ones included, found by trying the
    phrase trie (stdlib ``re``: plain literals run several times faster there) at word starts only."""

    def __init__(self, phrases: list[str]) -> None:
        trie: dict[str, dict] = {}
        for phrase in set(phrases):
            node = trie
            for ch in " ".join(fold(phrase).split()):
                node = node.setdefault(ch, {})
            node[""] = {}
        self._match = std_re.compile("(?:" + _trie_pattern(trie) + r")(?!\w)").match
        firsts = "".join(sorted(trie))
        self._starts = std_re.compile(r"(?<!\w)[" + std_re.escape(firsts) + "]").finditer

    def match(self, folded: str, pos: int) -> std_re.Match[str] | None:
        if pos > 0 and (folded[pos - 1].isalnum() or folded[pos - 1] == "_"):
            return None
        return self._match(folded, pos)

    def finditer(self, folded: str, pos: int = 0, endpos: int | None = None):
        end = len(folded) if endpos is None else endpos
        for start in self._starts(folded, pos, end):
            m = self._match(folded, start.start(), end)
            if m:
                yield m


@dataclass(frozen=True)
class MetricPhrase:
    phrase: str  # folded
    metric: str
    nouns: tuple[str, ...]
    under: tuple[tuple[str, str], ...]
    priority: int


# Phrases that name a broad action ("giải quyết", "tiếp nhận") lose to any specific phrase
# after the number; service levels beat everything.
_WEAK = {"tiếp nhận", "giải quyết", "đã giải quyết", "cung cấp", "công bố", "trực tuyến", "niêm yết",
         "được giải quyết", "đã nhận", "nhận được", "giao dịch", "thuộc thẩm quyền", "có kết quả",
         "trả kết quả", "đã trả kết quả", "giải quyết xong", "đã xử lý", "dịch vụ công trực tuyến",
         "dịch vụ công", "DVCTT"}


@functools.cache
def metric_phrases() -> tuple[PhraseIndex, dict[str, list[MetricPhrase]]]:
    by_phrase: dict[str, list[MetricPhrase]] = {}
    for entry in load("metrics"):
        for phrase in entry["phrases"]:
            folded = " ".join(fold(phrase).split())
            priority = 0 if phrase in _WEAK else (2 if re.search(r"mức(?: độ)? \d", folded) else 1)
            by_phrase.setdefault(folded, []).append(MetricPhrase(
                folded, entry["metric"], tuple(entry.get("nouns", ["applications"])),
                tuple((entry.get("under") or {}).items()), priority))
    return PhraseIndex(list(by_phrase)), by_phrase


@functools.cache
def under_table() -> dict[tuple[str, str], str]:
    """(metric, metric of the parent total) -> metric, from metrics.yaml `under`."""
    return {(e["metric"], parent): metric for e in load("metrics")
            for parent, metric in (e.get("under") or {}).items()}


@functools.cache
def nouns() -> tuple[PhraseIndex, dict[str, tuple[str, str]]]:
    """(regex, folded phrase -> (noun class, default metric))."""
    table = {}
    for entry in load("nouns"):
        for phrase in entry["phrases"]:
            table[" ".join(fold(phrase).split())] = (entry["noun"], entry.get("metric"))
    return PhraseIndex(list(table)), table


@functools.cache
def noun_levels() -> dict[str, str]:
    """noun class -> the level of government a count of it is at ('11 chi nhánh': district)."""
    return {e["noun"]: e["level"] for e in load("nouns") if e.get("level")}


@functools.cache
def hedges() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {" ".join(fold(p).split()): e["approx"] for e in load("hedges") for p in e["phrases"]}
    ordered = sorted(table, key=lambda p: (-len(p), p))
    # A hedge sits right before the number, possibly glued to it ("hơn125").
    pattern = re.compile(_EDGE_L + "(" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
                         + r")\s*$")
    return pattern, table


@functools.cache
def scales() -> tuple[re.Pattern[str], dict[str, int]]:
    table = {" ".join(fold(p).split()): int(e["factor"]) for e in load("scales") for p in e["phrases"]}
    pattern = re.compile(r"^\s*(" + "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
                         + ")" + _EDGE_R)
    return pattern, table


@functools.cache
def not_figures() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((e["reason"], re.compile(p)) for e in load("not_figures") for p in e["patterns"])


def fold_pattern(pattern: str) -> str:
    """A case-insensitive regex rewritten for the folded text: its literal characters folded,
    escapes (``\\S``, ``\\p{L}``) kept as written. ``(?i)`` on Unicode costs the ``regex``
    module a case fold per character tried; the folded text has it done once."""
    out: list[str] = []
    literal: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] != "\\":
            literal.append(pattern[i])
            i += 1
            continue
        out.append(fold("".join(literal)))
        literal.clear()
        end = pattern.index("}", i) + 1 if pattern[i + 1:i + 3] in ("p{", "P{") else i + 2
        out.append(pattern[i:end])
        i = end
    out.append(fold("".join(literal)))
    return "".join(out)


@functools.cache
def _not_figure_matchers() -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    """(reason, regex, runs on the folded text) in file order. A ``(?i)`` pattern runs on the
    folded text without the flag unless it names a letter case (``\\p{Lu}``)."""
    out = []
    for reason, rx in not_figures():
        flags = _LEADING_FLAGS.match(rx.pattern)
        if flags and "i" in flags[1] and "\\p{L" not in rx.pattern and "\\P{L" not in rx.pattern:
            rest = flags[1].replace("i", "")
            body = fold_pattern(rx.pattern[flags.end():])
            out.append((reason, re.compile((f"(?{rest})" if rest else "") + body), True))
        else:
            out.append((reason, rx, False))
    return tuple(out)


_LEADING_FLAGS = std_re.compile(r"\(\?([a-zA-Z]+)\)")


_QUANTIFIERS = ("?", "*", "+", "{")


def _top_level(body: str) -> list[str] | None:
    """The top-level alternatives of a group body (escapes, classes and inner groups respected)."""
    out, current, depth, i = [], [], 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            current.append(body[i:i + 2])
            i += 2
            continue
        if c == "[":
            close = body.find("]", i + 2)
            if close < 0:
                return None
            current.append(body[i:close + 1])
            i = close + 1
            continue
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return None
        if c == "|" and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    out.append("".join(current))
    return out


def _group_end(pattern: str) -> int | None:
    """Index of the ``)`` that closes the group opened at ``pattern[0]``."""
    depth, k = 0, 0
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = pattern.find("]", k + 2) + 1 or len(pattern)
            continue
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return k
        k += 1
    return None


def _letter_lead(alternative: str) -> str:
    """The letters every match of ``alternative`` starts with (stops before a quantified one)."""
    lead = []
    for k, c in enumerate(alternative):
        if not c.isalpha() or alternative[k + 1:k + 2] in _QUANTIFIERS:
            break
        lead.append(c)
    return "".join(lead)


LINE_STARTS = ("\n",)  # the anchor of a (?m)^ pattern: it can match only at a line start


def leading_words(pattern: str) -> tuple[str, ...] | None:
    """Where a match of ``pattern`` can start: after an optional ``\\b``, a literal word or a
    group whose alternatives each start with literal letters gives those letters; ``(?m)^`` gives
    :data:`LINE_STARTS`. The pattern need only be tried there. ``None`` for any other pattern."""
    top = _top_level(pattern)
    if top is None or len(top) != 1:  # 'a|b' at the top: each side would need its own anchor
        return None
    if pattern.startswith("(?m)^"):
        return LINE_STARTS
    rest = pattern[2:] if pattern.startswith("\\b") else pattern
    alternatives: list[str] | None = [rest]
    if rest.startswith("(?:"):
        close = _group_end(rest)
        if close is None or rest[close + 1:close + 2] in _QUANTIFIERS:
            return None
        alternatives = _top_level(rest[3:close])
    if not alternatives:
        return None
    leads = [_letter_lead(a) for a in alternatives]
    return tuple(sorted(set(leads))) if all(leads) else None


@functools.cache
def _not_figure_leads() -> tuple[tuple[str, ...] | None, ...]:
    # words are found in the folded text: only patterns that run on it use them
    return tuple(lead if on_folded or lead is LINE_STARTS else None
                 for _, rx, on_folded in _not_figure_matchers() for lead in [leading_words(rx.pattern)])


def not_figure_spans(text: str, folded: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every non-empty ``not_figures`` match in clean ``text``, in file
    order; ``folded`` is ``fold(text)`` (same length, so its spans are the text's).

    A pattern led by literal words is tried only where one of them occurs (found with str.find),
    with finditer's semantics (leftmost, non-overlapping): the same spans, at a fraction of the cost
    of the ``regex`` module trying every position."""
    out: list[tuple[int, int, str]] = []
    found: dict[str, list[int]] = {}
    for (reason, rx, on_folded), leads in zip(_not_figure_matchers(), _not_figure_leads()):
        if leads is None:
            out += [(s, e, reason) for m in rx.finditer(folded if on_folded else text)
                    for s, e in [m.span()] if e > s]
            continue
        subject = folded if on_folded else text
        starts: set[int] = set()
        for word in leads:
            if word not in found:
                at, hits = folded.find(word), []
                while at >= 0:
                    hits.append(at)
                    at = folded.find(word, at + 1)
                found[word] = [0] + [h + 1 for h in hits] if leads is LINE_STARTS else hits
            starts.update(found[word])
        last = 0
        for pos in sorted(starts):
            if pos < last:
                continue
            m = rx.match(subject, pos)
            if m and m.end() > pos:
                out.append((pos, m.end(), reason))
                last = m.end()
    return out


@functools.cache
def structure() -> dict[str, list[tuple[re.Pattern[str], Any]]]:
    out: dict[str, list[tuple[re.Pattern[str], Any]]] = {}
    for entry in load("structure"):
        for p in entry["patterns"]:
            out.setdefault(entry["role"], []).append((re.compile(p, re.MULTILINE), entry.get("value")))
    return out


def structure_regex(role: str) -> re.Pattern[str]:
    """All patterns of one structure role as one regex (roles without values)."""
    return _structure_regex(role)


@functools.cache
def _structure_regex(role: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p, _ in structure()[role]), re.MULTILINE)
