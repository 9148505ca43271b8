"""The text people read laid out for the reader's screen, in English and Chinese alike: measured by the columns
it takes (a Chinese character two), broken where a reader expects, nothing lost; as wide as the terminal on one
(up to 102 columns), 102 anywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from certify.cli import main

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
FIXED = 102  # the width of what is written to a file or a pipe
CLOSING, OPENING = set("，。、；：！？）」』》"), set("（「『《")


def run(*args, env=None) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="certify", env=env)
    assert result.exit_code in (0, 1, 2) and result.stdout, result.output  # 2: a batch with a file in error
    return result.stdout


def terminal(columns: int, *args) -> str:
    """What certify prints on a terminal `columns` wide, as certify finds one: standard output says it is a
    terminal, and COLUMNS gives its width."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False)
        return run(*args, env={"COLUMNS": str(columns)})


def widest(text: str) -> int:
    return max(wcswidth(line) for line in text.splitlines())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_standard_as_text_fits_the_page_and_a_terminal_in_chinese_too(lang):
    document = run("explain", "--lang", lang)
    lines = document.splitlines()
    assert widest(document) <= FIXED
    assert [line for line in lines if line.strip()[:1] in CLOSING] == []
    assert [line for line in lines if line.rstrip()[-1:] in OPENING] == []
    howto = "阅读说明" if lang == "zh" else "How to read this document."
    assert sum(1 for line in lines if line.startswith(howto)) == 1
    narrow = terminal(60, "explain", "--lang", lang)
    # Only a word wider than the terminal (the sha256) is wider than it, after its label.
    assert [line for line in narrow.splitlines() if wcswidth(line) > 60 and len(line.split()) > 2] == []
    assert widest(narrow) < widest(document)
    # Nothing lost: the words, all spaces set aside, are the document's.
    assert re.sub(r"\s", "", narrow) == re.sub(r"\s", "", document)
