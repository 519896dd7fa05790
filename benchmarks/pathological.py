"""Pathological input: seconds and peak memory per document, target <= 1 s each.

Each case runs in its own child process (so one runaway case cannot hide the others and its peak
RSS is its own), after a warm-up document has loaded the pattern files. Then every regex of
``patterns/*.yaml`` (and the phrase alternations compiled from them) is searched over adversarial
strings with the ``regex`` module's own ``timeout=``: catastrophic backtracking shows as TIMEOUT.

    python benchmarks/pathological.py                 # full sizes (1 MB pages, 100,000 numbers)
    python benchmarks/pathological.py --scale 0.1     # a tenth of every size, quick look
    python benchmarks/pathological.py --only nested   # one case
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import regex as re

TARGET_S = 1.0
MB = 1024 * 1024


# ---------------------------------------------------------------- the inputs (shared with the tests)


def digits_and_separators(size: int) -> str:
    """A page of number-like noise: digits, dots, commas, slashes, percents, short spaces."""
    unit = "1.234.567,89 12,5% 3.5 0001/2023 99.999.999 1,2,3,4,5 ...,,, 2.168/61.953 "
    return (unit * (size // len(unit) + 1))[:size]


def one_line(size: int) -> str:
    """A megabyte without a line break: bulletin prose glued together."""
    unit = ("Tiếp nhận 1.234 hồ sơ, đã giải quyết 1.200 hồ sơ (trong đó trước hạn 800, đúng hạn 400), "
            "tỷ lệ đúng hạn đạt 98,5%; ")
    return (unit * (size // len(unit) + 1))[:size]


def nested_divs(depth: int) -> str:
    body = "<p>Tiếp nhận 120 hồ sơ, đã giải quyết 118 hồ sơ, đạt 98,33%.</p>"
    return ("<!DOCTYPE html><html><body>" + "<div class='c'>" * depth + body + "</div>" * depth
            + "</body></html>")


def many_numbers(count: int) -> str:
    """A document of ``count`` numbers in bulletin sentences, one paragraph per 10 numbers."""
    lines = []
    for i in range(0, count, 10):
        n = [str(1000 + (i + k) % 9000) for k in range(10)]
        lines.append(f"Tháng {i % 12 + 1}: tiếp nhận {n[0]} hồ sơ, trong đó trực tuyến {n[1]} hồ sơ, "
                     f"trực tiếp {n[2]} hồ sơ; đã giải quyết {n[3]} hồ sơ, trước hạn {n[4]}, đúng hạn "
                     f"{n[5]}, quá hạn {n[6]}; đang giải quyết {n[7]} hồ sơ; số hóa {n[8]} hồ sơ; "
                     f"{n[9]} thủ tục.")
    return "\n".join(lines)


def adversarial_strings(n: int) -> dict[str, str]:
    """Strings that make naive regexes backtrack: long runs, near-misses, repeated words."""
    return {
        "digits": "1" * n,
        "spaces": " " * n,
        "dots": "." * n,
        "commas": "," * n,
        "digit-dot": "1." * (n // 2),
        "digit-comma": "1," * (n // 2),
        "digit-slash": "12/" * (n // 3),
        "a-bang": "a" * n + "!",
        "newlines": "\n" * n,
        "nbsp-digits": "1\u00a0" * (n // 2),
        "vi-words": "hồ sơ " * (n // 6),
        "vi-month": "tháng " * (n // 6),
        "vi-phrase": "đã giải quyết đúng hạn " * (n // 23),
        "vi-date": "ngày 1 tháng 1 năm " * (n // 19),
        "vi-law": "số 02/2017/TT-" * (n // 14),
        "upper": "UBND " * (n // 5),
    }


def pattern_regexes() -> list[tuple[str, Any]]:
    """Every regex the extractors compile from ``patterns/``: the raw entries (as the loader and
    lexicon compile them) and the phrase alternations built from the literal phrases."""
    from extractors import lexicon
    from patterns import load_all

    out: list[tuple[str, Any]] = []
    for stem, entries in load_all().items():
        for entry in entries:
            for i, p in enumerate(entry.get("patterns", [])):
                flags = re.MULTILINE if stem == "structure" else 0
                out.append((f"{stem}.yaml:{entry['_line']}#{i}", re.compile(p, flags)))
    out.append(("metrics.yaml phrases", lexicon.metric_phrases()[0]))
    out.append(("nouns.yaml phrases", lexicon.nouns()[0]))
    out.append(("hedges.yaml phrases", lexicon.hedges()[0]))
    out.append(("scales.yaml phrases", lexicon.scales()[0]))
    return out


def scan(rx, text: str, timeout: float) -> int:
    """Every match of ``rx`` in ``text``; the regex engine's own timeout where the object has one
    (the lexicon may hand back its own phrase index instead of a compiled regex)."""
    try:
        matches = rx.finditer(text, timeout=timeout)
    except TypeError:
        matches = rx.finditer(text)
    return sum(1 for _ in matches)


# ---------------------------------------------------------------- measurement in a child process

CASES = {
    # name: (builder, full size, is_html, size label)
    "digits-1MB": (digits_and_separators, MB, False, "bytes"),
    "digits-1MB-html": (lambda n: "<html><body><p>" + digits_and_separators(n) + "</p></body></html>", MB, True,
                        "bytes"),
    "one-line-1MB": (one_line, MB, False, "bytes"),
    "nested-5000": (nested_divs, 5000, True, "depth"),
    "numbers-100k": (many_numbers, 100_000, False, "numbers"),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(name: str, size: int, conn) -> None:
    from extractors.document import extract_text

    builder, _, is_html, _ = CASES[name]
    # warm-up on a small copy of the same input: the pattern files load and the regexes compile
    # lazily, on the first document that needs them; that one-time cost is not the document's
    extract_text(builder(max(1, size // 100)), "warm", is_html=is_html)
    raw = builder(size)
    base = _rss_mb()
    start = time.perf_counter()
    try:
        doc = extract_text(raw, name, is_html=is_html)
        result = f"ok: {len(doc.figures)} figures, {len(doc.skipped)} skipped, {len(doc.flags)} flags"
    except Exception as exc:  # noqa: BLE001  (reported, not raised: the benchmark shows every failure)
        result = f"ERROR {type(exc).__name__}: {str(exc)[:80]}"
    conn.send((time.perf_counter() - start, base, _rss_mb(), len(raw), result))


def run_case(name: str, size: int, timeout: float) -> tuple[float | None, float, float, int, str]:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, size, child))
    proc.start()
    if parent.poll(timeout):
        out = parent.recv()
        proc.join()
        return out
    proc.kill()
    proc.join()
    return None, 0.0, 0.0, 0, f"TIMEOUT after {timeout:.0f} s"


def run_regexes(length: int, timeout: float) -> list[tuple[str, str, float, str]]:
    """(regex, string, seconds, status) for the slowest string of every regex."""
    strings = adversarial_strings(length)
    rows = []
    for label, rx in pattern_regexes():
        worst = ("", 0.0, "ok")
        for sname, s in strings.items():
            start = time.perf_counter()
            try:
                scan(rx, s, timeout)
                status = "ok"
            except TimeoutError:
                status = "TIMEOUT"
            secs = time.perf_counter() - start
            if status != "ok" or secs > worst[1]:
                worst = (sname, secs, status)
            if status != "ok":
                break
        rows.append((label, *worst))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every input size")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a case is killed")
    ap.add_argument("--only", help="run only cases whose name contains this")
    ap.add_argument("--regex-length", type=int, default=10_000, help="length of the adversarial strings")
    ap.add_argument("--no-regex", action="store_true")
    args = ap.parse_args()

    print(f"target <= {TARGET_S:.0f} s per document; each case in its own process; "
          f"peak = max RSS of that process, extra = peak minus RSS after warm-up")
    print(f"{'case':<18} {'size':>16} {'seconds':>8} {'x target':>8} {'peak MB':>8} {'extra MB':>8}  result")
    for name, (_, full, _, label) in CASES.items():
        if args.only and args.only not in name:
            continue
        size = max(1, int(full * args.scale))
        secs, base, peak, _nbytes, result = run_case(name, size, args.timeout)
        shown = f"{secs:8.2f} {secs / TARGET_S:7.1f}x" if secs is not None else f"{'-':>8} {'-':>8}"
        print(f"{name:<18} {size:>9,} {label:<6} {shown} {peak:8.0f} {peak - base:8.0f}  {result}",
              flush=True)

    if args.no_regex:
        return
    rows = run_regexes(args.regex_length, args.timeout)
    slow = [r for r in rows if r[3] != "ok" or r[2] > 0.1]
    total = sum(r[2] for r in rows)
    print(f"\n{len(rows)} regexes x {len(adversarial_strings(args.regex_length))} adversarial strings of "
          f"~{args.regex_length:,} chars (regex timeout {args.timeout:.0f} s): "
          f"{sum(r[3] != 'ok' for r in rows)} timeouts, slowest {max(r[2] for r in rows):.3f} s, "
          f"all {total:.2f} s")
    for label, sname, secs, status in sorted(rows, key=lambda r: -r[2])[:max(5, len(slow))]:
        print(f"  {label:<28} worst on {sname:<12} {secs:8.3f} s  {status}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
