"""A worker process of a pool that dies (the out-of-memory killer, `kill -9`, a crash in the engine's C code)
loses nothing: what it held is judged again; the one dossier that kills the engine is an error row, the rest are
judged; a machine that kills every worker stops the batch with a clear error and writes nothing partial.

A worker is made to die where a test wants it by a function of certify's replaced in this process before the pool
starts: its workers are forked from it, and inherit the replacement (so no code path of certify's is there for tests).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import batch as batch_module
from certify import parallel
from certify.batch import Batch
from certify.check import Failure
from certify.cli import main
from certify.dossier import dossier_from_data
from certify.editions import open_rulesets
from certify.errors import EngineError
from certify.parallel import check_batch
from certify.report import result_record
from certify.synthetic import synthetic_dossiers, write_dossier_files
from processes import until, written_to
from sheetdata import write_csv_set

CERTIFY = Path(sys.executable).with_name("certify")
PARENT = os.getpid()


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """300 dossier files and a broken one."""
    folder = tmp_path_factory.mktemp("dossiers")
    write_dossier_files(folder, 300, seed=23)
    (folder / "broken.yaml").write_text("applicant: {id: B1}\nemployment: [{strat: 2020-01-01}]\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def csv_set(tmp_path_factory) -> Path:
    """2,000 synthetic applicants as a CSV set."""
    dossiers = (dossier_from_data(d) for d in synthetic_dossiers(2000, seed=24))
    return write_csv_set(tmp_path_factory.mktemp("hr"), dossiers)


def in_a_worker() -> bool:
    return os.getpid() != PARENT


def die(how: str | int) -> None:
    """This process ends at once: killed (SIGKILL, as the out-of-memory killer and `kill -9` do), or with exit
    code `how` (as a crash of the engine's C code may end it, with no word from Python)."""
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(how)


def dying_on(monkeypatch, name: str, how, log: Path) -> None:
    """A worker dies (SIGKILL, or exit code `how`) each time it judges the dossier file `name`; each time is logged."""
    real = batch_module.check_file

    def check_file(engine, path, **options):
        if in_a_worker() and Path(path).name == name:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
            die(how)
        return real(engine, path, **options)

    monkeypatch.setattr(batch_module, "check_file", check_file)  # the forked workers inherit it


def dying_once(monkeypatch, marker: Path, where: str = "check_file") -> None:
    """The first worker to judge anything (or, `where` "rebuild", to build its engine) is killed, once: whatever it
    was judging has nothing to do with it."""
    module, real = (batch_module, batch_module.check_file) if where == "check_file" else (parallel, parallel.rebuild)

    def once(*args, **kw):
        if in_a_worker():
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                die("kill")
        return real(*args, **kw)

    monkeypatch.setattr(module, where, once)


def records(results) -> list[dict]:
    return [result_record(r) for r in results]


def test_the_dossier_a_worker_dies_on_is_an_error_row_and_every_other_is_judged_in_order(engine, folder, tmp_path,
                                                                                         monkeypatch):
    expected = records(check_batch(engine, Batch([folder]), jobs=1))
    log = tmp_path / "deaths"
    dying_on(monkeypatch, "S000123.yaml", "kill", log)
    results = list(check_batch(engine, Batch([folder]), jobs=2))
    culprit = str(folder / "S000123.yaml")
    [failure] = [r for r in results if r.file == culprit]
    assert isinstance(failure, Failure)
    assert failure.error.detail("en") == (
        "the engine's process ended while judging this dossier (signal SIGKILL), twice when it was judged alone: "
        "judge it again alone, with --jobs 1, and report it if it happens again")
    assert failure.error.detail("zh") == (
        "评定该申报材料时评定引擎的进程意外结束（信号 SIGKILL），单独评定两次均是如此：请单独重新评定（--jobs 1），"
        "如仍出现请报告此问题")
    # Every other result is what one process gives, in the same order; the broken dossier is still its own error.
    got = records(results)
    at = [r["file"] for r in expected].index(culprit)
    assert got[:at] + got[at + 1:] == expected[:at] + expected[at + 1:]
    assert got[at] == {"file": culprit, "error": failure.error.detail("en")}
    # Its chunk was judged twice, then it alone twice: four workers died on it.
    assert len(log.read_text().split()) == 4


def test_a_spreadsheet_applicant_a_worker_dies_on_is_an_error_row_naming_whose_it_is(csv_set, tmp_path, monkeypatch):
    out = tmp_path / "results.jsonl"
    real = batch_module.evaluate

    def evaluate(engine, dossier, **options):
        if in_a_worker() and dossier.applicant.id == "S000777":
            die(3)
        return real(engine, dossier, **options)

    monkeypatch.setattr(batch_module, "evaluate", evaluate)
    result = CliRunner().invoke(main, ["check", str(csv_set), "--jobs", "2", "--format", "jsonl", "-o", str(out),
                                       "--as-of", "2025-12-31", "--lang", "zh"])
    assert result.exit_code == 2  # some input could not be evaluated
    assert "Traceback" not in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    given = [d["applicant"] for d in synthetic_dossiers(2000, seed=24)]
    assert [r.get("applicant_id") for r in lines] == [a["id"] for a in given]  # each, in order
    errors = [r for r in lines if "error" in r]
    # Whose it is: the id and the name its row gives, as for any row that cannot be judged.
    assert errors == [{"file": f"{csv_set / 'applicants.csv'}#S000777", "applicant_id": "S000777",
                       "applicant_name": given[776]["name"],
                       "error": "评定该申报人时评定引擎的进程意外结束（退出码 3），单独评定两次均是如此：请单独重新评定（--jobs 1），"
                                "如仍出现请报告此问题"}]


@pytest.mark.parametrize("where", ["check_file", "rebuild"])
def test_a_worker_killed_once_loses_nothing(engine, folder, tmp_path, monkeypatch, where):
    expected = records(check_batch(engine, Batch([folder]), jobs=1))
    marker = tmp_path / "killed"
    dying_once(monkeypatch, marker, where)
    monkeypatch.setattr(parallel, "MAX_CHUNK", 7)  # many chunks: the one it held is in the middle of the output
    assert records(check_batch(engine, Batch([folder]), jobs=2)) == expected
    assert marker.exists()  # a worker was killed


@pytest.mark.parametrize("lang, said", [
    ("en", "Error: the worker processes judging the batch ended 5 times in a row with nothing judged between (the "
           "last: signal SIGKILL); the system ends processes when it runs short of memory: run it again with fewer "
           "processes than --jobs 2 (--jobs 1 judges in certify's own process)\n"),
    ("zh", "错误：评定本批的工作进程连续 5 次意外结束，其间未评定任何内容（最后一次：信号 SIGKILL）；系统内存不足时会结束进程："
           "请以少于 --jobs 2 的进程数重新运行（--jobs 1 在 certify 自身进程中评定）\n"),
])
def test_workers_that_keep_dying_stop_the_batch_with_a_clear_error_and_nothing_written(folder, tmp_path, monkeypatch,
                                                                                       lang, said):
    real = batch_module.check_file

    def check_file(*args, **kw):  # a machine short of memory: every worker is killed as it judges
        if in_a_worker():
            die("kill")
        return real(*args, **kw)

    monkeypatch.setattr(batch_module, "check_file", check_file)
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(main, ["check", str(folder), "--jobs", "2", "--format", "jsonl", "-o", str(out),
                                       "-q", "--lang", lang])
    assert (result.exit_code, result.stderr) == (2, said)
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file
    report = CliRunner().invoke(main, ["report", str(folder), "--jobs", "2", "--out", str(tmp_path / "review"),
                                       "--lang", lang])
    assert (report.exit_code, report.stderr.splitlines()[-1] + "\n") == (2, said)
    assert list(tmp_path.iterdir()) == []


def test_workers_that_die_as_they_start_stop_the_batch_too(engine, folder, monkeypatch):
    def rebuild(spec):
        os._exit(9)

    monkeypatch.setattr(parallel, "rebuild", rebuild)
    with pytest.raises(EngineError) as e:
        list(check_batch(engine, Batch([folder]), jobs=2))
    assert str(e.value).startswith("the worker processes judging the batch ended 5 times in a row with nothing "
                                   "judged between (the last: exit code 9)")


@pytest.mark.skipif(not CERTIFY.exists(), reason="the certify script is not installed beside this Python")
def test_a_worker_killed_from_outside_mid_batch_loses_nothing(csv_set, tmp_path):
    command = [str(CERTIFY), "check", str(csv_set), "--format", "jsonl", "--as-of", "2025-12-31", "-q"]
    one = subprocess.run([*command, "--jobs", "1"], capture_output=True, timeout=300)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*command, "--jobs", "2", "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    until(lambda: written_to(tmp_path, "out.jsonl") or proc.poll() is not None, "results being written")
    workers = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True,
                             text=True).stdout.split()
    assert proc.poll() is None and len(workers) == 2, "the batch ended before a worker could be killed"
    os.kill(int(workers[0]), signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert (proc.returncode, err) == (one.returncode, b"")
    assert out.read_bytes() == one.stdout


def test_a_report_whose_worker_dies_on_a_dossier_lists_it_as_not_judged_and_writes_every_other(folder, tmp_path,
                                                                                                monkeypatch):
    dying_on(monkeypatch, "S000123.yaml", "kill", tmp_path / "deaths")
    out = tmp_path / "review"
    report = CliRunner().invoke(main, ["report", str(folder), "--jobs", "2", "--out", str(out), "-q"])
    assert report.exit_code == 2, report.output  # an error row, as for the broken dossier
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    rows = summary.splitlines()[1:]
    assert len(rows) == 301  # the 300 files and the broken one: nothing lost
    [row] = [r for r in rows if "S000123.yaml" in r]
    assert "the engine's process ended while judging this dossier (signal SIGKILL)" in row
    assert len(list((out / "sheets").glob("*.html"))) == 299  # every applicant judged has a review sheet, rendered
    assert not (out / "sheets" / "S000123.html").exists()  # by the workers that lived
