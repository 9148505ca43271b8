"""A cycle of 100,000 applicants: what holds memory per applicant, what shows progress, what a browser opens.

Nothing here is timed: each test asserts the structure that keeps a long batch usable (a result not held,
a ruleset parsed once, a bar drawn, a list paged), on a few applicants.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import on_a_terminal

from certify import verify
from certify.cli import main
from certify.editions import open_rulesets
from certify.ruleset import DEFAULT_RULESET

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"


@pytest.fixture
def records(tmp_path) -> Path:
    """The shipped applicants' decision records (eleven), in a folder."""
    folder = tmp_path / "records"
    CliRunner().invoke(main, ["check", str(APPLICANTS), "-q", "--no-explain", "--record", str(folder)])
    assert len(list(folder.glob("*.json"))) == 11
    return folder


def test_verify_parses_a_ruleset_once_for_all_the_records_judged_by_it(records, monkeypatch):
    # Parsing the 2014 standard again for each record was half of verify's time on 100,000 records.
    parsed = []
    real = verify.load_ruleset
    monkeypatch.setattr(verify, "load_ruleset", lambda path: parsed.append(path) or real(path))
    result = CliRunner().invoke(main, ["verify", str(records)])
    assert result.exit_code == 0 and result.stdout.count(": reproduced") == 11
    assert len(parsed) == 1


def test_verify_still_sees_a_ruleset_file_changed_between_two_records(tmp_path):
    # Parsed once per content, not once per path: a file edited part-way is parsed again, as it is now.
    verifier = verify.Verifier()
    ruleset = tmp_path / "kam.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    engine_a = verifier._engine(ruleset)
    ruleset.write_text(ruleset.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    engine_b = verifier._engine(ruleset)
    assert engine_a is not engine_b and engine_b.loaded.sha256 != engine_a.loaded.sha256
    assert verifier._engine(ruleset) is engine_b


def test_verify_draws_a_progress_bar_when_its_lines_go_elsewhere(records):
    # 100,000 records take minutes: with the lines going to a file, a terminal would show nothing until the end.
    status, shown = on_a_terminal("verify", records, err=True)
    assert status == 0 and "11/11" in shown
    status, quiet = on_a_terminal("verify", records, "-q", err=True)
    assert status == 0 and "11/11" not in quiet
