"""Decision records with a pool: the process that judges a verdict makes its record (recordmaker.py), the parent
only writes it with its line in the batch's manifest, and the records folder is the same, byte for byte, whatever
--jobs is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import manifest, recordmaker, records
from certify.cli import main
from certify.dossier import dossier_from_data
from certify.synthetic import synthetic_dossiers, write_dossier_files
from samples import COMMITTEE
from sheetdata import write_csv_set

ROOT = Path(__file__).resolve().parents[1]
# Two decisions about synthetic applicants of the CSV set (S000003 and S000005), besides AP-103 of applicants/.
DECIDED = COMMITTEE + "".join(f"""\
  - applicant: {ident}
    level: 1
    decision: deny
    reason: 证明材料未提交
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第5号
    date: 2026-12-20
""" for ident in ("S000003", "S000005"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


@pytest.fixture
def cycle(tmp_path, monkeypatch) -> list[Path]:
    """A cycle big enough for a pool: 70 synthetic applicants as a CSV set, 30 more as YAML files, the shipped applicants
    (passes, fails and reviews; one that cannot be judged); records made at one pinned time."""
    monkeypatch.chdir(tmp_path)
    for module in (records, manifest):
        monkeypatch.setattr(module, "utc_text", lambda when=None: "2026-11-28T08:00:00Z")
    hr = write_csv_set(tmp_path / "hr", [dossier_from_data(d) for d in synthetic_dossiers(70, seed=5)])
    for path in write_dossier_files(tmp_path / "files", 30, seed=9):  # ids of their own: Y000001, ...
        path.write_text(path.read_text(encoding="utf-8").replace("  id: S", "  id: Y", 1), encoding="utf-8")
    (tmp_path / "committee.yaml").write_text(DECIDED, encoding="utf-8")
    return [hr, tmp_path / "files", ROOT / "applicants"]


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a records folder by its path there, the batch's manifest as `manifest` (its name is random)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = "manifest" if path.parent.name == "batches" else str(path.relative_to(folder))
            assert name not in found  # one manifest
            found[name] = path.read_bytes()
    return found


def made_by(monkeypatch, log: Path) -> None:
    """Each record made says which process made it."""
    real = records.make_record

    def make_record(*args, **kw):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kw)

    monkeypatch.setattr(records, "make_record", make_record)
    monkeypatch.setattr(recordmaker, "make_record", make_record)


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("decisions", [[], ["--overrides", "committee.yaml"]])
def test_the_records_are_made_by_the_workers_and_only_written_by_the_parent(cycle, tmp_path, monkeypatch, command,
                                                                            decisions):
    log = tmp_path / "made-by.txt"
    made_by(monkeypatch, log)
    out = ["--out", "review"] if command == "report" else ["-o", "results.jsonl", "--format", "jsonl"]
    result = run(command, *cycle, *out, "--record", "records", "--jobs", "2", "-q", *decisions)
    assert result.exit_code == 2, result.output  # the broken dossier
    recorded = list((tmp_path / "records").glob("*.json"))
    assert len(recorded) == 70 + 30 + 11
    pids = log.read_text(encoding="utf-8").split()
    mine = pids.count(str(os.getpid()))
    # The committee's decisions are attached after judging, here: the three records that hold them are made here.
    assert mine == (3 if decisions else 0)
    assert len(pids) - mine == len(recorded)  # each verdict's record made once where it was judged
    log.unlink()
    result = run(command, *cycle, *[a + "-alone" if a in ("review", "results.jsonl") else a for a in out],
                 "--record", "alone", "--jobs", "1", "-q", *decisions)
    assert result.exit_code == 2, result.output
    # One process makes them all (those of the committee's decisions twice: as judged, then with the decisions).
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())] * (len(recorded) + mine)


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("decisions", [[], ["--overrides", "committee.yaml"]])
def test_the_records_and_manifest_are_the_same_with_one_process_or_two(cycle, tmp_path, command, decisions):
    folders = {}
    for jobs in ("1", "2"):
        out = ["--out", f"review-{jobs}"] if command == "report" else ["-o", f"results-{jobs}.jsonl", "--format",
                                                                        "jsonl"]
        result = run(command, *cycle, *out, "--record", f"records-{jobs}", "--jobs", jobs, "-q", *decisions)
        assert result.exit_code == 2, result.output
        folders[jobs] = files(tmp_path / f"records-{jobs}")
    assert folders["1"] == folders["2"]
    names = [name for name in folders["1"] if name.endswith(".json")]
    assert len(names) == 111 and sum(name.startswith(("S0000", "Y0000")) for name in names) == 100
    if decisions:
        assert sum(b'"decision": "deny"' in folders["1"][name] for name in names) == 2
    if command == "report":
        assert (tmp_path / "review-1" / "sheets" / "S000001.md").read_bytes() == \
            (tmp_path / "review-2" / "sheets" / "S000001.md").read_bytes()
    else:  # the results too: without decisions, written out by the workers with the records
        assert (tmp_path / "results-1.jsonl").read_bytes() == (tmp_path / "results-2.jsonl").read_bytes()
