"""Click commands of one stage, registered on the ``cchc`` group by :mod:`cchc.cli`."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
