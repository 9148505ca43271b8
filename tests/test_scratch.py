"""The temporary files certify keeps its work in (scratch.py): a full or missing folder for them is said as that,
naming it, not as the output or the input certify was writing or reading at the time."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import scratch
from certify.cli import main
from certify.folders import find_dossiers
from certify.load import load_dossier
from samples import COMMITTEE
from sheetdata import fill_workbook, write_csv_set

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def small_files() -> None:
    """No regular file of this process may grow past 4 KB (RLIMIT_FSIZE: EFBIG, as a full disk is ENOSPC);
    a pipe is no file, so standard output is not held to it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def dossiers(count: int) -> list:
    """`count` applicants: the sample dossiers over again, each id its own."""
    base = [load_dossier(p) for p in APPLICANTS]
    return [d.model_copy(update={"applicant": d.applicant.model_copy(update={"id": f"AP-{n:04d}"})})
            for n, d in ((n, base[n % len(base)]) for n in range(count))]


def workbook(tmp_path: Path, count: int) -> Path:
    """A workbook of `count` applicants."""
    assert run("template", "--xlsx", tmp_path / "template.xlsx").exit_code == 0
    return fill_workbook(tmp_path / "template.xlsx", dossiers(count), tmp_path / "cycle.xlsx")


@pytest.mark.parametrize("what", ["decisions", "workbook rows"])
def test_a_temporary_file_that_cannot_grow_is_said_as_one_naming_its_folder_not_as_standard_output(tmp_path, what):
    # check --overrides keeps the batch's results in a temporary file while the decisions are checked against it;
    # a workbook's rows are spooled to one. Its failure was 'cannot write standard output: File too large'.
    (tmp_path / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    args = ["check", ROOT / "applicants", "--overrides", tmp_path / "committee.yaml"] if what == "decisions" \
        else ["check", workbook(tmp_path, 100), "--no-explain"]
    scratch_dir = tmp_path / "scratch"
    scratch_dir.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch_dir)}
    done = subprocess.run([sys.executable, "-m", "certify", *map(str, args), "-q", "--jobs", "1"],
                          preexec_fn=small_files, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr == (f"Error: cannot write a temporary file in {scratch_dir}: File too large; set TMPDIR to "
                           "another folder\n")
    assert list(scratch_dir.iterdir()) == []


def test_no_folder_for_temporary_files_is_said_in_english_and_chinese(tmp_path, monkeypatch):
    def nowhere(*args, **kwargs):  # what tempfile raises when none of its folders takes a file
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found in ['/tmp', '/var/tmp']")

    monkeypatch.setattr(scratch.tempfile, "TemporaryFile", nowhere)
    (tmp_path / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    for lang, said in (("en", "Error: no folder for temporary files: none of TMPDIR, /tmp, /var/tmp, /usr/tmp and the "
                               "current folder can be written in; set TMPDIR to a folder that can\n"),
                       ("zh", "错误：没有可用的临时文件夹：TMPDIR、/tmp、/var/tmp、/usr/tmp 和当前文件夹都无法写入；"
                              "请把 TMPDIR 设为可写入的文件夹\n")):
        result = run("check", ROOT / "applicants", "--overrides", tmp_path / "committee.yaml", "-q", "--jobs", "1",
                     "--lang", lang)
        assert result.exit_code == 2
        assert result.stderr == said
        assert result.stdout == ""


def test_a_full_disk_under_the_summary_workbooks_rows_names_the_temporary_folder_and_no_traceback(tmp_path,
                                                                                                   monkeypatch):
    # openpyxl streams the summary's rows to a temporary file of its own until the workbook is saved: one on a
    # full disk was said as 'cannot write OUT' (whose disk had room), and its stream, left open, printed a
    # traceback when Python collected it. Here its file is a link to /dev/full.
    from openpyxl.worksheet import _writer
    full = tmp_path / "openpyxl-rows"
    full.symlink_to("/dev/full")

    def made(suffix=""):
        _writer.ALL_TEMP_FILES.append(str(full))  # as openpyxl's own does: removed at exit if still there
        return str(full)

    monkeypatch.setattr(_writer, "create_temporary_file", made)
    monkeypatch.setattr(scratch.tempfile, "tempdir", str(tmp_path))
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    result = run("report", ROOT / "applicants", "--out", tmp_path / "review", "-q", "--jobs", "1")
    import gc
    gc.collect()
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: cannot write a temporary file in {tmp_path}: No space left on device; "
                                  "free some space there, or set TMPDIR to another folder\n")
    assert not (tmp_path / "review").exists()
    assert unraisable == []


@pytest.mark.parametrize("command", [["template", "--xlsx", "{tmp}/cycle.xlsx"], ["report", "{root}/applicants",
                                                                                 "--out", "{tmp}/review", "-q"]])
def test_no_folder_for_openpyxls_temporary_files_is_said_as_that_when_a_workbook_is_written(tmp_path, monkeypatch,
                                                                                             command):
    # openpyxl writes each sheet to a temporary file before the workbook is put together: with no folder for it,
    # template said 'cannot write standard output: No usable temporary directory found in [...]'.
    from openpyxl.worksheet import _writer

    def nowhere(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found in ['/tmp', '/var/tmp']")

    monkeypatch.setattr(_writer, "NamedTemporaryFile", nowhere)
    result = run(*[a.format(tmp=tmp_path, root=ROOT) for a in command], "--jobs", "1"
                 ) if command[0] == "report" else run(*[a.format(tmp=tmp_path) for a in command])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: no folder for temporary files: none of TMPDIR, /tmp, /var/tmp, /usr/tmp and "
                                  "the current folder can be written in; set TMPDIR to a folder that can\n")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_under_the_database_that_sorts_a_sheet_is_said_as_one_not_a_traceback(tmp_path, monkeypatch):
    # A child sheet out of the applicants' order is sorted in a private SQLite database, on disk past its cache in
    # the folder for temporary files: a full one ended in sqlite3.OperationalError's traceback, with status 1.
    import csv
    import sqlite3

    from certify import sheetrows
    hr = write_csv_set(tmp_path / "hr", dossiers(200))
    employment = hr / "employment.csv"
    with open(employment, encoding="utf-8-sig", newline="") as f:
        head, *rows = list(csv.reader(f))
    with open(employment, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([head, *reversed(rows)])  # out of order: sorted before it is read
    connect = sqlite3.connect

    def small(*args, **kwargs):  # a database that fills at two pages, as one on a full disk does
        db = connect(*args, **kwargs)
        db.execute("PRAGMA max_page_count = 2")
        return db

    monkeypatch.setattr(sheetrows.sqlite3, "connect", small)
    monkeypatch.setattr(scratch.tempfile, "tempdir", str(tmp_path))
    result = run("check", hr, "-q", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: cannot write a temporary file in {tmp_path}: No space left on device; free some "
                             "space there, or set TMPDIR to another folder\n")


def test_the_error_crosses_from_a_worker_process_as_it_is():
    # A pool's worker sends what it raised back pickled: an OSError's arguments did not fit its constructor (a
    # TypeError in the parent, in place of the error).
    import pickle
    for error in (scratch.ScratchError(OSError(errno.ENOSPC, "No space left on device")), scratch.ScratchError(None)):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is scratch.ScratchError and isinstance(back, OSError)
        assert (back.errno, str(back.strerror), back.strerror.zh) == (error.errno, str(error.strerror),
                                                                       error.strerror.zh)
