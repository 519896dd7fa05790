"""Named exceptions of the extraction stage; the CLI turns them into one line and an exit code."""

from __future__ import annotations


class CchcError(Exception):
    """Base class of every error the tool reports to a person."""


class InputError(CchcError):
    """A document cannot be read: missing, empty, binary or not decodable."""

    def __init__(self, source: str, reason: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source, self.reason = source, reason
