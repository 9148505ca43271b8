"""A pool of processes gives the same results as one, byte for byte and in input order; Ctrl-C or SIGTERM leaves nothing."""

from __future__ import annotations

import json
import os
import pickle
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
from certify.errors import EngineError, UsageError
from certify.load import load_dossier
from certify.parallel import Unpacker, check_batch, pack
from certify.report import result_record
from certify.synthetic import synthetic_dossiers, write_dossier_files
from processes import group_alive, interrupts_not_ignored, until, written_to
from sheetdata import write_csv_set

CERTIFY = Path(sys.executable).with_name("certify")


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


@pytest.fixture(scope="module")
def csv_set(tmp_path_factory) -> Path:
    """2,000 synthetic applicants as a CSV set."""
    folder = tmp_path_factory.mktemp("hr")
    return write_csv_set(folder, (dossier_from_data(d) for d in synthetic_dossiers(2000, seed=21)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """300 dossier files, plus a broken one, one that is not a dossier and a repeated id."""
    folder = tmp_path_factory.mktemp("dossiers")
    write_dossier_files(folder, 300, seed=22)
    (folder / "S000150-again.yaml").write_text((folder / "S000150.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    (folder / "broken.yaml").write_text("applicant: {id: B1}\nemployment: [{strat: 2020-01-01}]\n",
                                        encoding="utf-8")
    (folder / "photo.json").write_text("\x89PNG not json", encoding="utf-8")
    return folder


def check_jsonl(path: Path, jobs: int, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl", "--jobs", str(jobs), "-o", str(out),
                                       "-q", "--as-of", "2025-12-31"])
    assert result.exit_code in (1, 2), result.output
    return out.read_bytes()


def test_a_csv_set_gives_the_same_bytes_with_one_process_or_two(csv_set, tmp_path):
    one = check_jsonl(csv_set, 1, tmp_path / "one.jsonl")
    two = check_jsonl(csv_set, 2, tmp_path / "two.jsonl")
    assert one == two
    assert len(one.splitlines()) == 2000


def test_a_folder_gives_the_same_bytes_with_one_process_or_two(folder, tmp_path):
    one = check_jsonl(folder, 1, tmp_path / "one.jsonl")
    assert one == check_jsonl(folder, 2, tmp_path / "two.jsonl")
    lines = [json.loads(line) for line in one.splitlines()]
    assert len(lines) == 303
    errors = {Path(r["file"]).name: r["error"] for r in lines if "error" in r}
    assert errors["S000150.yaml"] == f"applicant id 'S000150' is already given in {folder / 'S000150-again.yaml'}: " \
                                     "this one is not judged"
    assert set(errors) == {"S000150.yaml", "broken.yaml", "photo.json"}
    # The repeat is named as its dossier names the applicant, from a worker's verdict as from this process's.
    named = {Path(r["file"]).name: r.get("applicant_name") for r in lines if "error" in r}
    assert named == {"S000150.yaml": load_dossier(folder / "S000150.yaml").applicant.name, "broken.yaml": None,
                     "photo.json": None}


def test_packed_verdicts_come_back_equal_and_cost_less_to_pickle(engine):
    verdicts = list(check_batch(engine, Batch([]), jobs=1))  # nothing: a batch may be empty
    assert verdicts == []
    from certify.check import evaluate

    verdicts = [evaluate(engine, dossier_from_data(d), file="x", forecast=True) for d in synthetic_dossiers(200, 3)]
    unpack = Unpacker(engine)
    back = [unpack(item) for item in pickle.loads(pickle.dumps([pack(v) for v in verdicts]))]
    assert [result_record(v) for v in back] == [result_record(v) for v in verdicts]
    assert all(a.rule is b.rule for v, w in zip(verdicts, back) for a, b in zip(v.level(2).rules, w.level(2).rules))
    assert len(pickle.dumps([pack(v) for v in verdicts])) < len(pickle.dumps(verdicts))


def test_results_keep_input_order_however_small_the_chunks(engine, folder, monkeypatch):
    monkeypatch.setattr(parallel, "MAX_CHUNK", 3)
    files = [r.file for r in check_batch(engine, Batch([folder]), jobs=2)]
    assert files == [unit.path for unit in Batch([folder]).sources]  # in input order
    assert len(files) == 303


def test_progress_counts_every_result(engine, folder):
    for jobs in (1, 2):
        steps: list[int] = []
        results = list(check_batch(engine, Batch([folder]), jobs=jobs, progress=steps.append))
        assert sum(steps) == len(results) == 303
        assert set(steps) == {1} if jobs == 1 else max(steps) <= parallel.MAX_CHUNK  # a pool reports chunks


def test_a_small_batch_is_judged_in_this_process(engine, folder, monkeypatch):
    def no_pool(*args, **kw):
        raise AssertionError("a pool for a small batch")

    monkeypatch.setattr(parallel.multiprocessing, "get_context", no_pool)
    files = sorted(folder.glob("S00000*.yaml"))
    assert len(list(check_batch(engine, Batch(files), jobs=2))) == len(files) < parallel.POOL_MIN


def test_level_and_jobs_are_checked_before_judging(engine, folder):
    with pytest.raises(UsageError, match=r"--level 5: kam-2014 has levels 1-4"):
        check_batch(engine, Batch([folder]), level=5)
    with pytest.raises(UsageError, match=r"--jobs 0: give 1 or more processes"):
        check_batch(engine, Batch([folder]), jobs=0)


def test_no_more_workers_are_started_than_there_are_results(engine, folder, monkeypatch):
    started: list[int] = []

    class Counted(parallel._Workers):
        def __init__(self, jobs, *args) -> None:
            super().__init__(jobs, *args)
            started.append(len(self.procs))

    monkeypatch.setattr(parallel, "_Workers", Counted)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 4)  # a machine of 4 CPUs: --jobs 16 allowed
    monkeypatch.setattr(parallel, "POOL_MIN", 2)  # a pool even for a few files
    files = sorted(folder.glob("S00000*.yaml"))[:5]
    results = list(check_batch(engine, Batch(files), jobs=16))
    assert [r.file for r in results] == [str(f) for f in files]
    assert started == [5]


@pytest.mark.parametrize("command", ["check", "report"])
def test_more_jobs_than_four_per_cpu_is_refused_before_anything_is_judged_or_written(folder, tmp_path, monkeypatch,
                                                                                    command):
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)  # a machine of 2 CPUs
    out = ["-o", tmp_path / "results.jsonl", "--record", tmp_path / "records"] if command == "check" \
        else ["--out", tmp_path / "review"]
    for jobs, lang, said in ((9, "en", "Error: --jobs 9: at most 8 here (4 for each of this machine's 2 CPUs): judging "
                                        "keeps a CPU busy, so more processes than CPUs only take memory and time to "
                                        "start\n"),
                             (300, "zh", "错误：--jobs 300：本机最多 8 个进程（2 个 CPU，每个 CPU 4 个）：评定时每个进程占满"
                                         "一个 CPU，进程多于 CPU 只会多占内存、多花启动时间\n")):
        result = CliRunner().invoke(main, [command, str(folder), "--jobs", str(jobs), "--lang", lang,
                                           *map(str, out)])
        assert (result.exit_code, result.stderr) == (2, said)
        assert list(tmp_path.iterdir()) == []


def test_failures_cross_the_process_boundary_with_their_place(engine, tmp_path):
    (tmp_path / "applicants.csv").write_text("id,name\n" + "".join(f"E{i},x\n" for i in range(100)),
                                             encoding="utf-8")
    (tmp_path / "employment.csv").write_text("id,start,sales,it\nE7,2019-13-01,是,是\n", encoding="utf-8")
    results = list(check_batch(engine, Batch([tmp_path]), jobs=2))
    bad = [r for r in results if isinstance(r, Failure)]
    assert [str(r.error) for r in bad] == [f"{tmp_path}/employment.csv row 2, column start: '2019-13-01' is not a date"]
    assert bad[0].error.applicant_id == "E7"
    assert bad[0].applicant_name == "x"  # the name its row gives crosses too


def test_a_dossier_error_crosses_the_process_boundary_in_both_languages(engine, folder):
    bad = [r for r in check_batch(engine, Batch([folder]), jobs=2) if isinstance(r, Failure)
           and r.file.endswith("broken.yaml")]
    assert bad[0].error.detail("en") == "employment[0]: unknown key 'strat' (did you mean 'start'?)"
    assert bad[0].error.detail("zh") == "employment[0]: 未知字段 'strat'（是否应为 'start'？）"


@pytest.mark.skipif(not CERTIFY.exists(), reason="the certify script is not installed beside this Python")
@pytest.mark.parametrize("sig, whom, status, words", [
    (signal.SIGINT, "group", 130, "Aborted (Ctrl-C)"),  # Ctrl-C: the terminal signals the whole group
    (signal.SIGTERM, "group", 143, "Aborted (terminated)"),  # a service stopped, `timeout`
    (signal.SIGTERM, "parent", 143, "Aborted (terminated)"),  # `kill PID`
    (signal.SIGHUP, "group", 129, "Aborted (hangup)"),  # the terminal or the ssh session closed
])
def test_an_interrupted_batch_leaves_no_half_written_file_and_no_worker_and_its_manifest(csv_set, tmp_path, sig, whom,
                                                                                         status, words):
    out = tmp_path / "out.jsonl"
    # Started as a terminal's shell starts a command: Ctrl-C, SIGTERM and SIGHUP not ignored, whatever this process
    # inherited (run as a background job, `pytest &`, it ignores Ctrl-C, and certify would rightly keep it ignored).
    proc = subprocess.Popen([str(CERTIFY), "check", str(csv_set), "--format", "jsonl", "--jobs", "2", "-o", str(out),
                             "--record", str(tmp_path / "records")], preexec_fn=interrupts_not_ignored,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True)
    until(lambda: written_to(tmp_path, "out.jsonl") or proc.poll() is not None, "results being written")
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    if whom == "group":
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    try:
        _, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        left = subprocess.run(["ps", "-o", "pid,ppid,stat,cmd", "-g", str(proc.pid)], capture_output=True, text=True)
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"certify did not stop after {sig.name}:\n{left.stdout}")
    # Not 1 or 2: a script must not take an interrupted batch for a finished one.
    assert proc.returncode == status
    assert words in err and "Traceback" not in err
    # No output file, and only whole records: no temporary file left anywhere.
    assert [p.name for p in tmp_path.iterdir()] == ["records"]
    assert not [p for p in (tmp_path / "records").iterdir() if p.name.startswith(".")]
    # The batch's manifest, whole, says it was interrupted and lists the records it wrote; check says where it is.
    [manifest] = (tmp_path / "records" / "batches").iterdir()
    head, *entries = map(json.loads, manifest.read_text(encoding="utf-8").splitlines())
    assert head["interrupted"] == ("Ctrl-C" if sig == signal.SIGINT else sig.name)
    assert head["inputs"] == len(entries) == sum(head["outcomes"].values())
    assert sorted(e["record"] for e in entries if e["outcome"] == "written") == sorted(
        p.name for p in (tmp_path / "records").glob("*.json"))
    assert err.splitlines()[-1].endswith(f"the batch's manifest says it was interrupted after {len(entries)} input"
                                         f"{'' if len(entries) == 1 else 's'}: {manifest}")
    # The workers are gone too: certify kills and reaps them before it ends (the deadline is a hang's, not a speed).
    until(lambda: not group_alive(proc.pid), "the workers gone")


def test_a_bug_in_a_worker_stops_the_batch_with_its_message(engine, folder, monkeypatch):
    def boom(*args, **kw):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(parallel, "run_unit", boom)  # the forked workers inherit it
    with pytest.raises(EngineError, match="a worker process failed: ZeroDivisionError: division by zero"):
        list(check_batch(engine, Batch([folder]), jobs=2))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_met_on_one_input_names_it_and_stops_the_batch_in_one_process_or_two(engine, folder, monkeypatch,
                                                                                    jobs):
    real = batch_module.check_file

    def check_file(engine, path, **options):
        if str(path).endswith("S000007.yaml"):
            raise ZeroDivisionError("division by zero")
        return real(engine, path, **options)

    monkeypatch.setattr(batch_module, "check_file", check_file)  # the forked workers inherit it
    with pytest.raises(EngineError) as e:
        list(check_batch(engine, Batch([folder]), jobs=jobs))
    assert str(e.value) == (f"certify failed on {folder / 'S000007.yaml'} (ZeroDivisionError: division by zero): "
                            "a bug, not a problem with the input; please report it with that input. "
                            "The batch was stopped.")
