"""Many workbooks in one run, within a modest limit on open files; a limit reached names the workbook.

A committee may get one workbook per department or region. Each is read in turn, and
gives back its files once its applicants are handed on; every workbook's rows are
spooled to one temporary file. So the number of workbooks is not bounded by the
limit on open files (`ulimit -n`), and a limit too low for even one says which
workbook could not be read, not which temporary file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sheetdata import fill_workbook

from certify.dossier import dossier_from_data
from certify.sheetset import SheetSet
from certify.synthetic import synthetic_dossiers
from certify.template import write_template

resource = pytest.importorskip("resource")  # the limit is set as `ulimit -n` sets it (POSIX)

ROOT = Path(__file__).resolve().parent.parent
BOOKS = 12
EACH = 6  # 72 applicants: more than a pool's minimum, so that --jobs 2 counts the batch before judging it


def certify_limited(limit: int, *args: object, cwd: Path) -> subprocess.CompletedProcess:
    """`certify ARGS` run with at most `limit` open files, as under `ulimit -n LIMIT`."""
    def lowered() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "certify", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, preexec_fn=lowered, timeout=300)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> list[Path]:
    """Twelve workbooks from the template, one per department, six applicants each."""
    folder = tmp_path_factory.mktemp("departments")
    template = write_template(folder / "template.xlsx")
    dossiers = [dossier_from_data(d) for d in synthetic_dossiers(BOOKS * EACH, seed=47)]
    return [fill_workbook(template, dossiers[i * EACH:(i + 1) * EACH], folder / f"department-{i + 1:02d}.xlsx")
            for i in range(BOOKS)]


@pytest.mark.parametrize("command", [
    ("check", "--jobs", "1"),
    ("check", "--jobs", "2", "--record", "records"),  # counted up front for the pool; records written
    ("report", "--jobs", "1", "--out", "documents"),
    ("validate",),
], ids=lambda c: " ".join(c))
def test_more_workbooks_than_the_open_file_limit_would_hold_at_once_are_all_read(books, tmp_path, command):
    # 32 open files: each workbook once kept four of them open until the run ended (eleven failed under 48).
    done = certify_limited(32, *command, *books, cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Too many open files" not in done.stderr
    if command[0] == "validate":
        assert f"{BOOKS * EACH} applicants: {BOOKS * EACH} valid, 0 invalid" in done.stderr
    else:
        assert f"{BOOKS * EACH} applicants: {BOOKS * EACH} evaluated" in done.stderr
    if "--record" in command:
        assert len(list((tmp_path / "records").glob("*.json"))) >= BOOKS * EACH
    if "--out" in command:
        assert len(list((tmp_path / "documents").rglob("*.md"))) >= BOOKS * EACH


def test_a_limit_too_low_to_read_a_workbook_names_the_workbook_in_either_language(books, tmp_path):
    book = books[0]
    said = {}
    for limit in range(4, 40):
        done = certify_limited(limit, "check", "--jobs", "1", book, cwd=tmp_path)
        if "Traceback" in done.stderr:  # too low for Python itself to start, never a limit certify ran under
            assert not said, done.stderr
            continue
        if done.returncode in (0, 1):
            break  # enough to read it
        said[limit] = done.stderr.splitlines()[-1]
    else:
        pytest.fail("certify never read the workbook")
    # the limits at which certify ran but could not read the workbook
    assert said
    assert set(said.values()) == {f"Error: {book}: cannot be read: too many open files (the limit on open files, "
                                  "ulimit -n, is reached); raise the limit and run again"}
    chinese = certify_limited(min(said), "check", "--jobs", "1", "--lang", "zh", book, cwd=tmp_path)
    assert chinese.returncode == 2
    assert chinese.stderr.splitlines()[-1] == (f"错误：{book}：无法读取：打开的文件过多（已达到打开文件数的上限 ulimit -n）；"
                                               "请调高上限后重新运行")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts this process's open files in /proc")
def test_a_workbook_read_through_keeps_no_file_open_and_reads_the_same_again(books):
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    sheet = SheetSet.of_workbook(books[0])
    before = open_files()
    assert len(sheet) == EACH  # counted: its rows spooled, one file open for them
    first = [unit.data for unit in sheet.units()]
    assert len(first) == EACH
    assert open_files() == before  # given back once its applicants were handed on
    assert [unit.data for unit in sheet.units()] == first  # read again from the workbook, if asked again
    assert open_files() == before


def test_rows_spooled_from_another_spool_of_the_shared_file_read_back_whole():
    # Every spool of a process shares one file: reading one spool's rows while writing another moves the
    # file's place, and each batch written must still go to the end of the file, where its stretch goes on.
    from certify.sheetrows import Spool

    rows = [(n, f"E{n}", (n, "项目" * 5)) for n in range(2, 3502)]  # several batches of rows
    first = Spool(iter(rows))
    second = Spool(first.rows())
    try:
        assert list(second.rows()) == rows and list(first.rows()) == rows
    finally:
        second.close()
        first.close()
