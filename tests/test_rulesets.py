"""Every case of every rulesets/*.tests.yaml as a test of its own, and what the bundled cases cover."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from certify.casefile import SUFFIX, load_casefile
from certify.caserun import run_case
from certify.engine import Engine
from certify.verdict import STATUSES

RULESETS = Path(__file__).resolve().parents[1] / "rulesets"
CASEFILES = sorted(RULESETS.glob("*" + SUFFIX))


@cache
def _loaded(path: Path):
    cases = load_casefile(path)
    return cases, Engine(cases.loaded)


def _params():
    for path in CASEFILES:
        cases, _ = _loaded(path)
        for i, case in enumerate(cases.cases):
            yield pytest.param(path, i, id=f"{path.name.removesuffix(SUFFIX)}::{case.name}")


@pytest.mark.parametrize("path, index", list(_params()))
def test_each_case_comes_out_as_it_expects(path: Path, index: int):
    cases, engine = _loaded(path)
    result = run_case(engine, cases.cases[index], file=path, index=index, line=cases.lines[index])
    assert result.ok, f"{result.title}\n{result.diff()}"


def test_the_bundled_standard_has_cases():
    assert RULESETS / "kam-2014.tests.yaml" in CASEFILES


@pytest.mark.parametrize("path", CASEFILES, ids=lambda p: p.name)
def test_the_cases_drive_every_rule_to_every_outcome(path: Path):
    cases, _ = _loaded(path)
    expected = {(rule_id, status) for case in cases.cases for rule_id, status in case.expect.rules.items()}
    rules = [r.id for level in cases.loaded.ruleset.levels for r in level.rules]
    missing = [f"{rule_id} {status}" for rule_id in rules for status in STATUSES
               if (rule_id, status) not in expected]
    assert missing == [], f"no case of {path.name} expects: {', '.join(missing)}"
