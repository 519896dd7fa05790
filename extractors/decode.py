"""Bytes -> str for documents and pages: UTF-8 first, then the declared charset, then detection.

Never the ISO-8859-1 fallback that garbles Vietnamese ("Tá»•ng quan").
"""

from __future__ import annotations

import codecs

import charset_normalizer
import regex as re

from extractors.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MOJIBAKE = re.compile("á»|Ã[\u0080-\u00bf]|Æ°|Ä‘")
_LEGACY_8BIT = {"iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "us-ascii", "ascii"}


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The charset named by a Content-Type header value or, failing that, a <meta> tag."""
    for source in (header or "", data[:4096].decode("ascii", "ignore")):
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", source, re.IGNORECASE)
        if match:
            name = match.group(1).strip().lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return None


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_bytes(data: bytes, source: str = "<bytes>", header: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises :class:`InputError` for empty, binary or undecodable."""
    if not data.strip():
        raise InputError(source, "empty", "empty document")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace"), "utf-8-sig"
    if looks_binary(data):
        raise InputError(source, "binary", "binary file, not a text or HTML document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, header)
    if declared and declared not in _LEGACY_8BIT:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in _LEGACY_8BIT:
        text = str(best)
        if not _MOJIBAKE.search(text):
            return text, best.encoding
    try:  # the Vietnamese Windows code page: the last 8-bit guess worth making
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        pass
    raise InputError(source, "undecodable", "cannot decode the document in any known charset")
