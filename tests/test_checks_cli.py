"""``cchc check`` on real bulletins: exit codes, highlighted evidence, colours only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc.cli import cli

SEEDS = Path(__file__).parent / "gold" / "seeds"


def _seed(prefix: str) -> str:
    return str(next(SEEDS.glob(f"{prefix}_*.txt")))


@pytest.mark.parametrize("prefix,code", [("000", 1), ("001", 0), ("002", 0), ("004", 0)],
                         ids=["000-errors", "001-warning-only", "002-clean", "004-explained"])
def test_exit_code_says_whether_an_error_flag_was_raised(prefix, code):
    result = CliRunner().invoke(cli, ["check", _seed(prefix)])
    assert result.exit_code == code, result.output


def test_output_shows_stated_computed_diagnosis_without_colour_off_terminal():
    result = CliRunner().invoke(cli, ["check", _seed("000")])
    assert "stated 1130  computed 1103" in result.output
    assert "1.130 is most likely 1.103" in result.output
    assert "Tổng" in result.output or "≠" in result.output
    assert "\x1b[" not in result.output


def test_colour_highlights_the_numbers_when_forced():
    result = CliRunner().invoke(cli, ["check", "--color", _seed("000")])
    assert "\x1b[1m\x1b[7m1.130\x1b[0m" in result.output


def test_unreadable_paths_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "missing" in result.output


def test_dash_reads_the_bulletin_from_stdin():
    text = Path(_seed("000")).read_bytes()
    result = CliRunner().invoke(cli, ["check", "-"], input=text)
    assert result.exit_code == 1 and "1.130" in result.output, result.output
