"""The shipped examples get exactly the verdicts dossier-v1 gives them, so they never go stale.

applicants/ is checked against tests/expected/applicants.json, and the spec's six
worked examples against examples-expected.json beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certify.check import Failure, check_paths
from certify.engine import Engine
from certify.errors import UsageError
from certify.folders import DOSSIER_SUFFIXES
from certify.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
EXPECTED = json.loads((ROOT / "tests" / "expected" / "applicants.json").read_text(encoding="utf-8"))
SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"
SPEC_EXAMPLES = SPEC / "examples"
SPEC_EXPECTED_FILE = SPEC / "examples-expected.json"
SPEC_EXPECTED = (json.loads(SPEC_EXPECTED_FILE.read_text(encoding="utf-8"))
                 if SPEC_EXPECTED_FILE.is_file() else {})


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_ruleset())


def _dossier_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.name.lower().endswith(DOSSIER_SUFFIXES))


def _result(engine: Engine, path: Path):
    (result,) = list(check_paths(engine, [path]))
    return result


def _summary(result) -> dict:
    return {"qualified_level": result.qualified_level,
            "levels": [level.status for level in result.levels],
            "target_status": result.target_status}


def test_every_applicant_has_an_expectation_and_every_expectation_a_file():
    assert _dossier_names(APPLICANTS) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applicant_verdict(engine, name):
    result = _result(engine, APPLICANTS / name)
    expected = EXPECTED[name]
    if "error" in expected:
        assert isinstance(result, Failure), f"{name} should be rejected"
        assert expected["error"] in str(result.error)
        assert result.file.endswith(name)
    else:
        assert not isinstance(result, Failure), str(getattr(result, "error", ""))
        assert _summary(result) == expected


def test_applicants_begin_with_a_comment():
    for name in _dossier_names(APPLICANTS):
        first = (APPLICANTS / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"{name} must begin with a one-line comment saying what it shows"


def test_applicants_fix_their_as_of_date():
    # A verdict that changes with today's date would make the expectations rot.
    for name in _dossier_names(APPLICANTS):
        text = (APPLICANTS / name).read_text(encoding="utf-8")
        assert any(line.startswith("as_of:") for line in text.splitlines()), name


def test_spec_examples_all_have_expectations():
    if not SPEC_EXAMPLES.is_dir() or not SPEC_EXPECTED:
        pytest.skip("the shared spec's examples are not present")
    assert _dossier_names(SPEC_EXAMPLES) == sorted(SPEC_EXPECTED)


@pytest.mark.parametrize("name", sorted(SPEC_EXPECTED) or [pytest.param("-", marks=pytest.mark.skip(
    reason="the shared spec's examples are not present"))])
def test_spec_example_verdict(engine, name):
    path = SPEC_EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    result = _result(engine, path)
    assert not isinstance(result, Failure), str(getattr(result, "error", ""))
    assert _summary(result) == SPEC_EXPECTED[name]


def test_check_paths_judges_against_any_level_from_the_first_to_the_top_and_refuses_others(engine):
    path = APPLICANTS / "huang-tao.yaml"
    for level, status in ((4, "fail"), (1, "pass")):
        (result,) = check_paths(engine, [path], level=level)
        assert (result.target_level, result.target_status) == (level, status)
    for level in (0, 5):
        with pytest.raises(UsageError, match=f"--level {level}: kam-2014 has levels 1-4"):
            list(check_paths(engine, [path], level=level))
