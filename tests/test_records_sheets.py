"""Decision records of spreadsheet applicants: a workbook's or CSV set's applicant is recorded and verified by id."""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify import recordsheets, scratch
from certify.batch import Batch
from certify.check import Failure
from certify.dossier import dossier_from_data
from certify.cli import main
from certify.editions import open_rulesets
from certify.folders import find_dossiers
from certify.load import load_dossier
from certify.parallel import check_batch
from certify.records import Recorder, data_sha256, sha256_of
from certify.verify import CANNOT, DIFFERS, REPRODUCED, Verifier
from certify.sheets import SheetApplicant
from certify.sheetset import SheetSet
from certify.synthetic import synthetic_dossiers
from certify.template import write_template
from sheetdata import APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, fill_workbook, write_csv_set
from sheetdata import book as write_book

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]



def cycle(path: Path) -> Path:
    """A workbook of two applicants: E1 (applicants row 2, employment row 2) and E2 (row 3 of each)."""
    sheets = {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)], ["E2", "欧阳娜娜", 1, "2026-12-31"]],
        "education": [EDUCATION, ["E1", "本科", date(2014, 7, 1)], ["E2", "硕士", "2018/7/1"]],
        "employment": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "是", "是"],
                       ["E2", "乙公司", "2018-08-01", None, "yes", 1]],
        "projects": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", STAGES],
                     ["E2", "医保", 1500000, "lead", "completed", "discovery|technical_exchange"]],
    }
    return write_book(path, sheets)


def edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def record_all(*paths, folder: Path) -> dict[str, Path]:
    """Judge `paths` as `certify check` does and record every verdict; applicant id -> its record."""
    source = open_rulesets(None)
    recorder = Recorder(folder, source.editions)
    written = {}
    for result in check_batch(source, Batch(paths)):
        path = recorder.add(result)
        if path is not None:
            written[result.applicant_id] = path
    assert not recorder.errors
    return written


@pytest.fixture
def book(tmp_path) -> Path:
    return cycle(tmp_path / "cycle.xlsx")


def test_a_record_names_the_workbook_and_id_and_hashes_the_applicants_data(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    assert sorted(made) == ["E1", "E2"]
    record = json.loads(made["E1"].read_text(encoding="utf-8"))
    [unit] = [u for u in Batch([book]).units() if isinstance(u, SheetApplicant) and u.id == "E1"]
    assert record["dossier"] == {"path": f"{book}#E1", "source": str(book), "kind": "workbook",
                                 "resolved": str(book.resolve()), "applicant_id": "E1",
                                 "sha256": data_sha256(unit.data), "files": {"cycle.xlsx": sha256_of(book)}}
    assert record["verdict"]["file"] == f"{book}#E1"
    assert made["E1"].name.startswith(f"E1--{data_sha256(unit.data)[:12]}--2026-12-31--kam-2014--")
    assert data_sha256(unit.data) == hashlib.sha256(
        json.dumps(unit.data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def test_a_workbook_record_made_now_is_reproduced(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    verifier = Verifier()
    assert [verifier.verify(p).status for p in made.values()] == [REPRODUCED, REPRODUCED]


def test_a_workbook_applicant_with_a_long_chinese_id_gets_a_record_that_fits_and_is_reproduced(tmp_path):
    ident = "𠀀𠀁𠀂" * 20  # 60 characters of 4 bytes each: a whole name of 291 bytes, over the file system's 255
    sheets = {"applicants": [APPLICANTS, [ident, "张伟", 2, date(2026, 12, 31)]],
              "education": [EDUCATION, [ident, "本科", date(2014, 7, 1)]],
              "employment": [EMPLOYMENT, [ident, "甲公司", date(2014, 8, 1), None, "是", "是"]],
              "projects": [PROJECTS, [ident, "政务云", "620万", "主导运作", "已完成", STAGES]]}
    book = write_book(tmp_path / "cycle.xlsx", sheets)
    made = record_all(book, folder=tmp_path / "rec")
    name = made[ident].name
    assert len(name.encode("utf-8")) <= 255 and ident.startswith(name.split("--")[0])
    assert Verifier().verify(made[ident]).status == REPRODUCED


def test_changing_one_cell_of_the_applicants_rows_is_the_dossier_changed(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    before = json.loads(made["E1"].read_text(encoding="utf-8"))["dossier"]["sha256"]
    edit(book, "employment", "B2", "丙公司")  # E1's employer: not something the verdict reads
    verifier = Verifier()
    check = verifier.verify(made["E1"])
    assert check.status == DIFFERS
    [unit] = [u for u in Batch([book]).units() if isinstance(u, SheetApplicant) and u.id == "E1"]
    assert check.why == (f"the dossier changed ({book}#E1: sha256 {before[:12]}… recorded, "
                         f"{data_sha256(unit.data)[:12]}… now); the verdict is the same")
    assert verifier.verify(made["E2"]).status == REPRODUCED  # the workbook's bytes changed, E2's rows did not


def test_a_change_that_changes_the_verdict_says_what_changed(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    edit(book, "projects", "D2", "参与")  # E1 only took part in its project
    check = Verifier().verify(made["E1"])
    assert check.status == DIFFERS
    assert check.why.startswith(f"the dossier changed ({book}#E1: sha256 ")
    assert check.why.endswith("; the verdict changed: qualified level 3 -> 1, target status pass -> fail, "
                              'level 2 pass -> fail, L2.project pass -> fail (projects.role (政务云) actual "lead" '
                              'recorded, "member" now), level 3 pass -> fail, L3.project pass -> fail '
                              '(projects.role (政务云) actual "lead" recorded, "member" now)')


def test_changing_another_applicants_row_does_not_touch_a_record(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    edit(book, "employment", "B3", "丁公司")  # E2's row
    edit(book, "applicants", "B3", "欧阳")
    verifier = Verifier()
    assert verifier.verify(made["E1"]).status == REPRODUCED
    assert verifier.verify(made["E2"]).why.startswith(f"the dossier changed ({book}#E2: sha256 ")
    # Recording the edited workbook again: E1's record is already there (only the file's sha256 differs).
    recorder = Recorder(tmp_path / "rec", open_rulesets(None).editions)
    for result in check_batch(open_rulesets(None), Batch([book])):
        recorder.add(result)
    assert (recorder.written, recorder.unchanged, recorder.errors) == (1, 1, [])


def test_a_deleted_applicant_or_workbook_cannot_be_verified(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    wb = load_workbook(book)
    for sheet in ("applicants", "education", "employment", "projects"):
        wb[sheet].delete_rows(2)  # E1's rows
    wb.save(book)
    verifier = Verifier()
    assert verifier.verify(made["E1"]).line() == f"{made['E1']}: {CANNOT}: dossier not found ({book}#E1)"
    assert verifier.verify(made["E2"]).status == REPRODUCED
    book.unlink()
    assert Verifier().verify(made["E2"]).line() == f"{made['E2']}: {CANNOT}: dossier not found ({book}#E2)"


def test_rows_that_no_longer_read_are_the_dossier_changed(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    edit(book, "employment", "C2", "2019-13-01")
    check = Verifier().verify(made["E1"])
    assert check.status == DIFFERS
    assert check.why.startswith(f"the dossier changed ({book}#E1: sha256 ")
    assert check.why.endswith("recorded, its rows cannot be read now); it can no longer be evaluated: "
                              f"{book}: [employment] row 2, column 开始: '2019-13-01' is not a date")


def test_rows_that_no_longer_read_name_their_first_problem_and_count_the_others(book, tmp_path):
    made = record_all(book, folder=tmp_path / "rec")
    edit(book, "employment", "C2", "2019-13-01")
    edit(book, "education", "B2", "bachelr")  # above it in sheet order, and a problem only dossier-v1 finds
    assert Verifier().verify(made["E1"]).why.endswith(
        f"it can no longer be evaluated: {book}: [education] row 2, column 学历: unknown degree 'bachelr' (did you mean "
        "'bachelor'?) (and 1 more problem: certify validate lists it)")


def test_each_spreadsheet_is_read_once_per_run(book, tmp_path, monkeypatch):
    reads = []
    real = recordsheets.read_sheets
    monkeypatch.setattr(recordsheets, "read_sheets", lambda *a, **k: reads.append(a) or real(*a, **k))
    made = record_all(book, folder=tmp_path / "rec")
    assert len(reads) == 1  # the recorder's
    verifier = Verifier()
    assert [verifier.verify(p).status for p in made.values()] == [REPRODUCED, REPRODUCED]
    assert len(reads) == 2


def _applicants_held() -> int:
    """How many spreadsheet applicants this process holds now (those no longer referred to collected first)."""
    gc.collect()
    return sum(type(o) is SheetApplicant for o in gc.get_objects())


def test_verify_reads_a_set_once_and_holds_an_applicant_at_a_time_not_all_of_them(tmp_path, monkeypatch):
    # The records come in another order than the sheet's (reversed): an applicant is found for each all the same,
    # from the one reading, without the set's applicants held meanwhile (kept in a temporary file).
    folder = write_csv_set(tmp_path / "hr", (dossier_from_data(d) for d in synthetic_dossiers(30, seed=5)))
    made = record_all(folder / "applicants.csv", folder=tmp_path / "rec")
    assert len(made) == 30
    streams, held = [], []
    stream = SheetSet.stream

    def counted(self):
        streams.append(self.path)
        for unit in stream(self):
            held.append(_applicants_held())  # while the set is read: those read before it are not held
            yield unit

    monkeypatch.setattr(SheetSet, "stream", counted)
    before = _applicants_held()  # any that another test left
    verifier = Verifier()
    for path in reversed(made.values()):
        assert verifier.verify(path).status == REPRODUCED
        held.append(_applicants_held())  # between records: the one verified is let go
    assert streams == [folder]
    assert len(held) == 60 and max(held) - before <= 1


def test_a_csv_set_is_recorded_by_its_folder(tmp_path):
    folder = write_csv_set(tmp_path / "hr", [load_dossier(p) for p in EXAMPLES[:3]])
    made = record_all(folder / "applicants.csv", folder=tmp_path / "rec")
    assert len(made) == 3
    some, other = sorted(made)[:2]
    record = json.loads(made[some].read_text(encoding="utf-8"))
    assert {k: record["dossier"][k] for k in ("path", "source", "kind", "applicant_id")} == {
        "path": f"{folder / 'applicants.csv'}#{some}", "source": str(folder), "kind": "csv", "applicant_id": some}
    assert record["dossier"]["files"] == {f"{s}.csv": sha256_of(folder / f"{s}.csv")
                                          for s in ("applicants", "education", "employment", "projects")}
    assert all(Verifier().verify(p).status == REPRODUCED for p in made.values())
    text = (folder / "applicants.csv").read_text(encoding="utf-8-sig")
    name = load_dossier(EXAMPLES[[load_dossier(p).applicant.id for p in EXAMPLES[:3]].index(other)]).applicant.name
    (folder / "applicants.csv").write_text(text.replace(name, name + "X"), encoding="utf-8-sig")
    verifier = Verifier()
    assert verifier.verify(made[some]).status == REPRODUCED
    assert verifier.verify(made[other]).why.startswith("the dossier changed (")


# ---- through the command line ----


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def test_check_a_workbook_with_record_writes_one_record_per_judged_applicant(tmp_path):
    template = write_template(tmp_path / "template.xlsx", lang="zh")
    filled = fill_workbook(template, [load_dossier(p) for p in EXAMPLES[:5]], tmp_path / "book.xlsx")
    edit(filled, "employment", "C3", "2019-13-01")  # spoils the applicant of employment row 3
    folder = tmp_path / "rec"
    plain = run("check", filled, "-q", "--format", "jsonl")
    result = run("check", filled, "-q", "--format", "jsonl", "--record", folder)
    assert result.exit_code == plain.exit_code == 2  # the spoilt applicant
    assert result.stdout == plain.stdout
    judged = [r for r in map(json.loads, result.stdout.splitlines()) if "error" not in r]
    assert len(judged) == 4
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["verdict"]["file"] for p in folder.glob("*.json")) \
        == sorted(r["file"] for r in judged)
    assert sorted(p.name.split("--")[0] for p in folder.glob("*.json")) == sorted(r["applicant_id"] for r in judged)

    verified = run("verify", folder)
    assert verified.exit_code == 0, verified.output
    [manifest] = folder.glob("batches/*.jsonl")  # the spoilt applicant is said, not as an error
    assert verified.stderr == (f"note: {manifest}: 1 of 5 inputs got no record: {filled}#AP-107 (could not be "
                               "evaluated)\n4 records: 4 reproduced, 0 differ, 0 cannot be verified, 0 missing\n")


def test_check_a_good_workbook_with_record_keeps_the_batchs_exit_status(tmp_path, book):
    plain = run("check", book, "-q")
    result = run("check", book, "-q", "--record", tmp_path / "rec")
    assert result.exit_code == plain.exit_code
    assert result.stdout == plain.stdout
    assert len(list((tmp_path / "rec").glob("*.json"))) == 2
    assert run("verify", tmp_path / "rec").exit_code == 0
    book.unlink()
    gone = run("verify", tmp_path / "rec")
    assert gone.exit_code == 2
    assert all(line.endswith(f": cannot verify: dossier not found ({book}#{ident})")
               for line, ident in zip(sorted(gone.stdout.splitlines()), ["E1", "E2"]))


def test_a_set_whose_applicants_no_temporary_file_takes_cannot_verify_its_records_and_says_why(tmp_path, monkeypatch):
    folder = write_csv_set(tmp_path / "hr", [load_dossier(p) for p in EXAMPLES[:2]])
    run("check", folder, "-q", "--record", tmp_path / "rec")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(scratch.tempfile, "TemporaryFile", full)
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.endswith(f": cannot verify: dossier cannot be read ({folder / 'applicants.csv'}#{ident}: cannot "
                             f"write a temporary file in {tempfile.gettempdir()}: No space left on device; free some "
                             "space there, or set TMPDIR to another folder)")
               for line, ident in zip(lines, sorted(load_dossier(p).applicant.id for p in EXAMPLES[:2])))


def test_a_failure_of_a_spreadsheet_gets_no_record(book, tmp_path):
    edit(book, "employment", "C2", "2019-13-01")
    source = open_rulesets(None)
    recorder = Recorder(tmp_path / "rec", source.editions)
    results = list(check_batch(source, Batch([book])))
    assert isinstance(results[0], Failure)
    assert [recorder.add(r) is not None for r in results] == [False, True]
    assert not recorder.errors


def test_an_applicant_gone_before_its_record_is_made_is_refused(book, tmp_path):
    source = open_rulesets(None)
    results = list(check_batch(source, Batch([book])))
    edit(book, "applicants", "A2", "E9")  # E1 is renamed while the batch is being recorded
    recorder = Recorder(tmp_path / "rec", source.editions)
    assert [recorder.add(r) is not None for r in results] == [False, True]
    [error] = recorder.errors
    assert str(error) == f"{book}#E1: no decision record: {book} no longer has applicant 'E1'"
    book.unlink()
    again = Recorder(tmp_path / "rec2", source.editions)
    assert again.add(results[1]) is None
    assert str(again.errors[0]) == f"{book}#E2: no decision record: {book} is gone"


def test_an_applicant_corrected_in_the_workbook_and_recorded_again_says_its_old_record_was_superseded(book, tmp_path):
    """HR corrects E2's amount between two rounds recorded into the same folder: E2's first record differs (the
    workbook gives another verdict today) and names the second round's record, reproduced."""
    folder = tmp_path / "rec"
    run("check", book, "--record", folder, "-q")
    [first] = (folder / "batches").iterdir()
    first.rename(folder / "batches" / "20200101T090000Z--0000000a.jsonl")
    [old] = folder.glob("E2--*.json")
    edit(book, "projects", "C3", 6000000)
    run("check", book, "--record", folder, "-q")
    [second] = [p for p in (folder / "batches").iterdir() if not p.name.startswith("20200101")]
    [new] = [p for p in folder.glob("E2--*.json") if p != old]
    result = run("verify", folder)
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith(str(old))]
    assert line.startswith(f"{old}: differs: the dossier changed ({book}#E2: sha256 ")
    assert line.endswith(f"; superseded by {new} (batch {second}): reproduced")
