"""An explanation laid out for the reader's screen, in English and Chinese alike (docs/cli.md, "Laid out for the
screen"): measured by the columns it takes (a Chinese character two), broken where a reader expects, nothing lost;
as wide as the terminal on one (up to 102 columns), 102 anywhere else; the batch table never wrapped."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from certify.check import evaluate
from certify.cli import main
from certify.engine import Engine
from certify.gaps import gap_lines
from certify.load import load_dossier
from certify.ruleset import load_ruleset
from samples import sentences

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
FIXED = 102  # the width of what is written to a file or a pipe
CLOSING, OPENING = set("，。、；：！？）」』》"), set("（「『《")
RULE = re.compile(r" {4}\S+  \[")  # a rule's own line: `    L1.education  [pass]`
# Huang Tao one month short of level 3; Liu Yang aiming at it (--level 3), a gap of three rules, one with
# two alternatives.
DOSSIERS = [("huang-tao.yaml", [], 3), ("liu-yang.yaml", ["--level", "3"], 3)]


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


def explanations(text: str) -> list[str]:
    """Each rule's explanation, on one line."""
    said = sentences(text)
    return [line.strip() for before, line in zip(said, said[1:]) if RULE.match(before)]


def gap(text: str) -> list[str]:
    """The gap to the target level, a line to a sentence, from its heading on."""
    said = [line for line in sentences(text) if line.strip()]
    start = next(i for i, line in enumerate(said) if line.startswith(("  Gap to", "  距")))
    return [line.strip() for line in said[start:]]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, args, level", DOSSIERS)
def test_every_line_of_an_explanation_fits_102_columns_by_the_columns_it_takes(name, args, level, lang):
    text = run("check", APPLICANTS / name, *args, "--lang", lang, "-q")
    lines = text.splitlines()
    assert widest(text) <= FIXED
    assert widest(text) > FIXED - 10  # the lines are filled, not cut short
    assert [line for line in lines if line.strip()[:1] in CLOSING] == []  # no line begins with ，。）：...
    assert [line for line in lines if line.rstrip()[-1:] in OPENING] == []  # nor ends with （「
    assert len(lines) > len(sentences(text))  # the explanations and the gap do run on: Chinese as English does
    if lang == "en":  # a Chinese name in English text is kept whole as a word is
        project = {"huang-tao.yaml": "某市政务外网升级", "liu-yang.yaml": "某区智慧校园一期"}[name]
        assert [line for line in lines if project[0] in line and project not in line] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, args, level", DOSSIERS)
def test_an_explanation_joined_back_is_the_one_programs_read_and_the_gap_the_one_the_library_gives(
        name, args, level, lang, today):
    today(date(2026, 11, 28))
    text = run("check", APPLICANTS / name, *args, "--lang", lang, "-q")
    record = json.loads(run("check", APPLICANTS / name, *args, "--lang", lang, "--format", "jsonl"))
    assert explanations(text) == [rule["explanation"] for lv in record["levels"] for rule in lv["rules"]]
    verdict = evaluate(Engine(load_ruleset()), load_dossier(APPLICANTS / name), forecast=True, stops=True,
                       level=level)
    assert gap(text) == [line.strip() for line in gap_lines(verdict, level, lang)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sentence_of_the_gap_runs_on_under_its_rule_as_an_explanation_does(lang):
    lines = run("check", APPLICANTS / "liu-yang.yaml", "--level", "3", "--lang", lang, "-q").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("  Gap to", "  距")))
    rule = next(i for i in range(start, len(lines)) if lines[i].startswith("    L3.education"))
    assert lines[rule + 1].startswith(" " * 6) and not lines[rule + 1].startswith(" " * 7)
    explained = next(i for i, line in enumerate(lines) if line.startswith("    L3.education  ["))
    assert lines[explained + 1].startswith(" " * 6) and not lines[explained + 1].startswith(" " * 7)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_terminal_the_explanation_takes_its_width_and_says_the_same(lang):
    args = ("check", APPLICANTS / "liu-yang.yaml", "--level", "3", "--lang", lang, "-q")
    fixed = run(*args)
    narrow, narrower = terminal(80, *args), terminal(60, *args)
    assert FIXED >= widest(fixed) > widest(narrow) > widest(narrower)
    assert 80 - 4 <= widest(narrow) <= 80 and 60 - 4 <= widest(narrower) <= 60
    for text in (narrow, narrower):
        assert [line for line in text.splitlines() if line.strip()[:1] in CLOSING] == []
        assert explanations(text) == explanations(fixed) and gap(text) == gap(fixed)
    # A terminal wider than 102 columns gets the lines a file gets; and COLUMNS alone, without a terminal, is
    # not read: what is written to a pipe or a file does not depend on where it was run.
    assert terminal(200, *args) == fixed
    assert run(*args, env={"COLUMNS": "60"}) == fixed


def test_the_batch_table_is_data_never_wrapped_whatever_the_terminal():
    table = run("check", APPLICANTS, "-q")
    assert terminal(60, "check", APPLICANTS, "-q") == table
    rows = [line for line in table.splitlines() if line.startswith(str(APPLICANTS))]
    assert len(rows) == len(list(APPLICANTS.glob("*.yaml")))  # each dossier one line, its level names too
    assert "4 Principal Account Manager" in table and widest(table) > 100


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_record_shown_is_laid_out_as_check_lays_out_its_dossier_head_and_all(tmp_path, lang, monkeypatch):
    # certify show: the head's long lines (the ruleset and its kept copy) wrap as the explanations do, to the
    # page in a file and to the terminal on one, with nothing lost. (The record's own name, first, and the facts'
    # table, last, are not text to wrap.) The records folder named from where show runs, as an auditor names it:
    # the kept copy is named by that path (records/rulesets/….yaml), one word, a long one from far away.
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", str(APPLICANTS / "huang-tao.yaml"), "--record", "records",
                                     "-q"]).exit_code == 1
    fixed = run("show", "records", "--lang", lang)
    narrow = terminal(60, "show", "records", "--lang", lang)
    head, narrow_head = (text.split("\n\n")[0].splitlines()[1:] for text in (fixed, narrow))
    assert max(map(wcswidth, head)) <= FIXED and "kept" not in head[-1]
    # On 60 columns only a line with a word about as wide (a file's path, the kept copy's name) runs past.
    assert all(wcswidth(line) <= 60 or max(map(wcswidth, line.split())) > 50 for line in narrow_head)
    assert len(narrow_head) > len(head) and sentences("\n".join(narrow_head)) == sentences("\n".join(head))
    assert explanations(narrow) == explanations(fixed)
