"""A `check --record` batch stopped part-way (Ctrl-C, SIGTERM), as a secretary and then an auditor meet it: the
records written so far stay, the batch's manifest says it was interrupted and lists what was handled, check says
where it is, and verify notes it. (test_parallel.py stops a real batch with real signals.)"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import manifest as manifest_module
from certify import recordmaker
from certify import records as records_module
from certify.cli import Terminated, main

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
BROKEN = APPLICANTS / "invalid-misspelt-key.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def stop_at_record(monkeypatch, n: int, stop=KeyboardInterrupt) -> None:
    """Ctrl-C (or SIGTERM) arrives as the n-th decision record is being made."""
    real, made = records_module.make_record, []

    def make_record(*args, **kw):
        made.append(1)
        if len(made) == n:
            raise stop
        return real(*args, **kw)

    monkeypatch.setattr(records_module, "make_record", make_record)
    monkeypatch.setattr(recordmaker, "make_record", make_record)  # made as each verdict is judged


def manifests(folder: Path) -> list[Path]:
    return sorted((folder / "batches").glob("*.jsonl"))


@pytest.mark.parametrize("stop, status, cause, aborted", [
    (KeyboardInterrupt, 130, "Ctrl-C", "Aborted (Ctrl-C): stopped before the end."),
    (Terminated, 143, "SIGTERM", "Aborted (terminated): stopped before the end."),
    (Terminated(signal.SIGHUP), 129, "SIGHUP", "Aborted (hangup): stopped before the end."),
])
def test_an_interrupted_batch_leaves_its_manifest_marked_listing_what_it_handled(tmp_path, monkeypatch, stop, status,
                                                                                 cause, aborted):
    stop_at_record(monkeypatch, 5, stop)  # four recorded, the fifth dossier (misspelt) not evaluated, then stopped
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "-q")
    assert result.exit_code == status
    [path] = manifests(folder)
    head, *entries = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    assert head["format"] == "certify-batch-manifest/1"
    assert head["interrupted"] == cause
    assert head["inputs"] == 5 and [e["input"] for e in entries] == [1, 2, 3, 4, 5]
    assert head["outcomes"] == {"written": 4, "already there": 0, "not evaluated": 1, "not recorded": 0}
    assert [e["file"] for e in entries] == [str(p) for p in sorted(APPLICANTS.glob("*.yaml"))[:5]]
    assert entries[4]["file"] == str(BROKEN) and entries[4]["outcome"] == "not evaluated"
    assert sorted(e["record"] for e in entries[:4]) == sorted(p.name for p in folder.glob("*.json"))
    assert not [p for p in folder.rglob(".*")]  # nothing half-written
    assert result.stderr.splitlines()[-2:] == [
        aborted,
        f"4 decision records written to {folder} before the interruption; the batch's manifest says it was "
        f"interrupted after 5 inputs: {path}"]
    assert "Traceback" not in result.stderr


def test_the_interrupted_line_is_said_in_chinese_and_counts_records_already_there(tmp_path, monkeypatch):
    folder = tmp_path / "records"
    assert run("check", APPLICANTS / "chen-jing.yaml", "--no-explain", "--record", folder, "-q").exit_code == 0
    [first] = manifests(folder)
    stop_at_record(monkeypatch, 3)
    result = run("check", APPLICANTS, "--record", folder, "-q", "--lang", "zh")
    assert result.exit_code == 130
    [path] = [p for p in manifests(folder) if p != first]
    assert result.stderr.splitlines()[-2:] == [
        "已中止（Ctrl-C）：命令未运行完毕。",
        f"中止前已在 {folder} 中新写入 1 份判定记录（另有 1 份已存在）；批次清单注明该批次在处理 2 项输入后被中止：{path}"]


def test_a_manifest_that_cannot_be_written_is_one_line_and_the_status_stays_the_interrupts(tmp_path, monkeypatch):
    real = manifest_module.atomic_write

    @contextmanager
    def onto_a_full_disk(path, **kw):
        with real(path, **kw) as out:
            yield out
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(manifest_module, "atomic_write", onto_a_full_disk)
    stop_at_record(monkeypatch, 2)
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "-q")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: 1 decision record written to {folder} before the interruption, but the batch's manifest could not "
        f"be written: cannot write {folder / 'batches'}/")
    assert result.stderr.splitlines()[-1].endswith(": No space left on device")
    assert manifests(folder) == [] and not [p for p in folder.rglob(".*")]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="interrupts cannot be held here")
def test_ctrl_c_again_while_the_manifest_is_written_does_not_cut_it(tmp_path, monkeypatch):
    real = manifest_module.atomic_write

    @contextmanager
    def pressed_again(path, **kw):
        with real(path, **kw) as out:
            if Path(path).parent.name == "batches":  # the manifest (not a ruleset's copy, kept at the start)
                os.kill(os.getpid(), signal.SIGINT)  # the impatient second Ctrl-C
            yield out

    monkeypatch.setattr(manifest_module, "atomic_write", pressed_again)
    stop_at_record(monkeypatch, 3)
    folder = tmp_path / "records"
    # Ctrl-C as a terminal's shell leaves it, whatever this test run inherited (run as a background job, `pytest &`,
    # it ignores Ctrl-C, and the second one would be no test at all).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = run("check", APPLICANTS, "--record", folder, "-q")
    finally:
        signal.signal(signal.SIGINT, before)
    assert result.exit_code == 130
    [path] = manifests(folder)
    head, *entries = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    assert head["interrupted"] == "Ctrl-C" and len(entries) == head["inputs"] == 2
    assert result.stderr.splitlines()[-1].endswith(f"interrupted after 2 inputs: {path}")


def test_verify_notes_each_interrupted_batch_and_passes_its_records(tmp_path, monkeypatch):
    stop_at_record(monkeypatch, 5)
    folder = tmp_path / "records"
    assert run("check", APPLICANTS, "--record", folder, "-q").exit_code == 130
    monkeypatch.undo()
    [path] = manifests(folder)
    result = run("verify", folder)
    assert result.exit_code == 0
    assert result.stdout.count(": reproduced\n") == 4
    assert result.stderr.splitlines() == [
        f"note: batch {path} was interrupted (Ctrl-C) after 5 inputs: the inputs after those were not judged",
        f"note: {path}: 1 of 5 inputs got no record: {BROKEN}:6 (could not be evaluated)",
        "4 records: 4 reproduced, 0 differ, 0 cannot be verified, 0 missing"]
    zh = run("verify", folder, "--lang", "zh")
    assert zh.stderr.splitlines()[0] == f"注意：批次 {path} 在处理 5 项输入后被中止（Ctrl-C）：其后的输入未经评定"
    # Run again to the end: its own manifest lists every input, and says nothing of an interruption.
    assert run("check", APPLICANTS, "--record", folder, "-q").exit_code == 2
    again = run("verify", folder)
    assert again.exit_code == 0
    assert again.stderr.count("was interrupted") == 1


def test_records_no_manifest_lists_are_noted_not_failed(tmp_path):
    folder = tmp_path / "records"
    assert run("check", APPLICANTS / "zhao-lei.yaml", APPLICANTS / "ma-li.yaml", "--record", folder, "-q").exit_code \
        in (0, 1)
    [first] = manifests(folder)
    assert run("check", APPLICANTS / "liu-yang.yaml", "--record", folder, "-q").exit_code == 0
    [later] = [p for p in manifests(folder) if p != first]
    [unlisted] = json.loads(later.read_text(encoding="utf-8").splitlines()[1])["record"],
    later.unlink()  # the manifest of the batch that wrote it is gone
    result = run("verify", folder)
    assert result.exit_code == 0  # still reproduced: that no batch lists it is said, not failed
    assert result.stdout.count(": reproduced\n") == 3
    assert result.stderr.splitlines() == [
        f"note: 1 record in {folder} is listed by none of its batch manifests (written by an older certify, or by a "
        f"batch whose manifest is gone): {unlisted}",
        "3 records: 3 reproduced, 0 differ, 0 cannot be verified, 0 missing"]
    zh = run("verify", folder, "--lang", "zh")
    assert zh.stderr.splitlines()[0] == (f"注意：{folder} 中有 1 份判定记录未列入其任何批次清单（由较早版本的 certify 写出，"
                                         f"或其批次清单已不在）：{unlisted}")
    # Its folder for manifests left with none (a batch whose manifest a full disk took, or all of them deleted):
    # every record is one no manifest lists.
    first.unlink()
    assert "note: 3 records in" in run("verify", folder).stderr
    # A folder without any manifest, and no folder for them (an older certify's), has nothing to say of it.
    shutil.rmtree(folder / "batches")
    assert "listed by none" not in run("verify", folder).stderr


def test_a_batch_whose_reader_stops_early_leaves_its_manifest_marked_and_says_where(tmp_path):
    # `certify check applicants/ --record records/ --format jsonl | head -1`: status 141, as any closed pipe
    folder = tmp_path / "records"
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    try:
        proc = subprocess.run([sys.executable, "-m", "certify", "check", str(APPLICANTS), "--record", str(folder),
                               "--format", "jsonl"], stdout=write, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    err = proc.stderr.decode()
    assert proc.returncode == 141, err
    [path] = manifests(folder)
    head, *entries = map(json.loads, path.read_text(encoding="utf-8").split("\n")[:-1])
    assert head["interrupted"] == "closed output pipe"
    assert 1 <= head["inputs"] == len(entries) < 12
    written = sorted(p.name for p in folder.glob("*.json"))
    assert written and sorted(e["record"] for e in entries if "record" in e) == written
    assert err.splitlines()[-1] == (
        f"{len(written)} decision record{'s' if len(written) > 1 else ''} written to {folder} before the "
        f"interruption; the batch's manifest says it was interrupted after {head['inputs']} input"
        f"{'s' if head['inputs'] > 1 else ''}: {path}")
    assert "Traceback" not in err
    zh = run("verify", folder, "--lang", "zh")
    assert zh.exit_code == 0
    assert zh.stderr.splitlines()[0] == (f"注意：批次 {path} 在处理 {head['inputs']} 项输入后被中止（输出管道已关闭）："
                                         "其后的输入未经评定")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_batch_stopped_by_an_output_it_cannot_write_leaves_its_manifest_marked_and_says_where(tmp_path):
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "--format", "jsonl", "-o", "/dev/full")
    assert result.exit_code == 2
    [path] = manifests(folder)
    head = json.loads(path.read_text(encoding="utf-8").split("\n")[0])
    assert head["interrupted"] == "error: cannot write /dev/full: No space left on device"
    assert result.stderr.splitlines()[0] == "Error: cannot write /dev/full: No space left on device"
    assert result.stderr.splitlines()[1].endswith(
        f"before the interruption; the batch's manifest says it was interrupted after {head['inputs']} input"
        f"{'s' if head['inputs'] > 1 else ''}: {path}")
    verified = run("verify", folder)
    assert verified.exit_code == 0
    assert verified.stderr.splitlines()[0] == (
        f"note: batch {path} was interrupted (error: cannot write /dev/full: No space left on device) after "
        f"{head['inputs']} input{'s' if head['inputs'] > 1 else ''}: the inputs after those were not judged")


def test_an_output_refused_before_anything_is_judged_leaves_no_manifest(tmp_path):
    out = tmp_path / "results.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "--format", "jsonl", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out} already exists (use --force to replace it)\n"
    assert manifests(folder) == []
