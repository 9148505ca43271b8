"""certify report with a pool: the workers render the review sheets, the parent writes them, the documents are the
same, byte for byte, whatever --jobs is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import records
from certify.cli import main
from certify.reviewsheet import ReviewSheet
from certify.stems import file_stem
from certify.synthetic import write_dossier_files
from samples import COMMITTEE

ROOT = Path(__file__).resolve().parents[1]
DENIED = """\
  - applicant: AP-110
    level: 3
    decision: deny
    reason: 项目认定材料未提交，本次不予认定
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第4号
    date: 2026-12-20
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


@pytest.fixture
def cycle(tmp_path) -> list[Path]:
    """A cycle big enough for a pool (70 synthetic dossiers) with the shipped applicants (passes, fails and reviews;
    one that cannot be judged), an id that is no safe file name, and one that differs from another by case only."""
    folder = tmp_path / "cycle"
    write_dossier_files(folder, 70, seed=11)
    text = (folder / "S000001.yaml").read_text(encoding="utf-8")
    assert text.count("id: S000001") == 1
    (folder / "unsafe.yaml").write_text(text.replace("id: S000001", "id: S/1"), encoding="utf-8")
    (folder / "case.yaml").write_text(text.replace("id: S000001", "id: s000001"), encoding="utf-8")
    (tmp_path / "committee.yaml").write_text(COMMITTEE + DENIED, encoding="utf-8")
    return [folder, ROOT / "applicants"]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("more", [[], ["--overrides", "committee.yaml"], ["--record", "records"],
                                  ["--overrides", "committee.yaml", "--record", "records"]])
def test_a_cycle_gives_the_same_documents_with_one_process_or_two(cycle, tmp_path, monkeypatch, more):
    monkeypatch.chdir(tmp_path)
    # A record names when it was made, and its sheet names the record's sha256: both runs make theirs at one time.
    monkeypatch.setattr(records, "utc_text", lambda when=None: "2026-11-28T08:00:00Z")
    out = {}
    for jobs in ("1", "2"):
        chosen = [a if a != "records" else f"records-{jobs}" for a in more]
        result = run("report", *cycle, "--out", f"review-{jobs}", "--jobs", jobs, "-q", *chosen)
        assert result.exit_code == 2, result.output  # the broken dossier
        out[jobs] = files(tmp_path / f"review-{jobs}")
    assert out["1"] == out["2"]
    sheets = [name for name in out["1"] if name.startswith("sheets/") and name.endswith(".html")]
    assert len(sheets) == 83  # 72 dossier files and 11 shipped applicants, one of them broken
    # S000001 keeps its id as its sheet's name; s000001, the same ignoring case, and S/1 are named apart.
    renamed = {file_stem("S/1", set()), file_stem("s000001", {"s000001"})}
    assert {"sheets/S000001.html"} | {f"sheets/{stem}.html" for stem in renamed} <= set(sheets)
    said = out["1"]["sheets/AP-103.md"].decode("utf-8")
    if "--overrides" in more:
        assert "COMMITTEE OVERRIDE: L2 grant" in said and "committee's decisions file: committee.yaml" in said
    if "--record" in more:
        assert "- decision record: AP-103--" in said


@pytest.mark.parametrize("more", [[], ["--overrides", "committee.yaml", "--record", "records"]])
def test_the_review_sheets_are_rendered_by_the_workers_and_only_written_by_the_parent(cycle, tmp_path, monkeypatch,
                                                                                     more):
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "rendered-by.txt"
    render = ReviewSheet.of.__func__

    def of(cls, *args, **kw):  # each sheet rendered says which process rendered it
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return render(cls, *args, **kw)

    monkeypatch.setattr(ReviewSheet, "of", classmethod(of))
    result = run("report", *cycle, "--out", "review", "--jobs", "2", "-q", *more)
    assert result.exit_code == 2, result.output
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == len(list((tmp_path / "review" / "sheets").glob("*.html"))) == 83  # each once
    assert str(os.getpid()) not in pids  # none by this process, which wrote them all
    log.unlink()
    assert run("report", *cycle, "--out", "alone", "--jobs", "1", "-q", *more).exit_code == 2
    assert set(log.read_text(encoding="utf-8").split()) == {str(os.getpid())}  # one process: it renders them
