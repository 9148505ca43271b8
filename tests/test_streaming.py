"""Spreadsheets are streamed: a set in any order judges as one in order, and no process holds every row."""

from __future__ import annotations

import csv
import io
import random
import tracemalloc
from pathlib import Path

import pytest
from sheetdata import write_csv_set

from certify import parallel, sheetrows
from certify.batch import Batch
from certify.check import Failure
from certify.cli.progress import progress_bar
from certify.dossier import dossier_from_data
from certify.editions import open_rulesets
from certify.parallel import check_batch
from certify.report import result_record
from certify.sheetrows import CsvRows, SortedRows
from certify.sheetset import SheetSet
from certify.synthetic import synthetic_dossiers


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


@pytest.fixture(scope="module")
def in_order(tmp_path_factory) -> Path:
    """300 synthetic applicants as a CSV set, every sheet in applicant order (as exports are)."""
    folder = tmp_path_factory.mktemp("ordered")
    return write_csv_set(folder, (dossier_from_data(d) for d in synthetic_dossiers(300, seed=31)))


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def shuffled(src: Path, dst: Path, seed: int = 7) -> Path:
    """A copy of a CSV set whose child sheets interleave the applicants at random (each one's rows in order)."""
    dst.mkdir()
    rnd = random.Random(seed)
    for path in src.glob("*.csv"):
        head, *body = _rows(path)
        if path.stem != "applicants":
            queues: dict[str, list] = {}
            for row in body:
                queues.setdefault(row[0], []).append(row)
            left, body = list(queues.values()), []
            while left:
                i = rnd.randrange(len(left))
                body.append(left[i].pop(0))
                if not left[i]:
                    left.pop(i)
        _write(dst / path.name, [head, *body])
    return dst


def records(results, folder: Path) -> list[dict]:
    out = []
    for r in results:
        record = result_record(r, "en")
        record["file"] = record["file"].replace(str(folder), "SET")
        out.append(record)
    return out


# ---- any order, the same results ----

def test_child_sheets_out_of_applicant_order_give_the_same_applicants(in_order, tmp_path):
    mixed = shuffled(in_order, tmp_path / "mixed")
    assert _rows(mixed / "projects.csv") != _rows(in_order / "projects.csv")
    straight, sorted_ = SheetSet.of_csv(in_order), SheetSet.of_csv(mixed)
    # Read straight from the file when in order; sorted on disk first when not.
    assert {type(s).__name__ for s in straight.scan().children.values()} == {CsvRows.__name__}
    assert {type(s).__name__ for s in sorted_.scan().children.values()} == {SortedRows.__name__}
    ordered_units, mixed_units = list(straight.units()), list(sorted_.units())
    assert len(ordered_units) == len(mixed_units) == 300
    assert [u.data for u in mixed_units] == [u.data for u in ordered_units]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_set_out_of_order_is_judged_as_the_same_set_in_order(engine, in_order, tmp_path, jobs):
    mixed = shuffled(in_order, tmp_path / "mixed", seed=jobs)
    expected = records(check_batch(engine, Batch([in_order]), jobs=1), in_order)
    assert records(check_batch(engine, Batch([mixed]), jobs=jobs), mixed) == expected


def test_problems_of_a_set_out_of_order_are_found_and_placed(engine, tmp_path):
    _write(tmp_path / "applicants.csv", [
        ["id", "name", "target_level", "as_of"],
        ["E1", "Ann", "1", "2026-12-31"],  # row 2
        ["E2", "Bo", "1", "2026-12-31"],
        ["E1", "Cy", "1", "2026-12-31"],  # row 4: the id again
        ["", "Di", "1", ""],  # row 5: no id
        ["#E9", "example", "1", ""],  # a note
        ["E3", "Ed", "1", "2026-12-31"],  # row 7
    ])
    _write(tmp_path / "employment.csv", [
        ["id", "start", "sales", "it"],
        ["E3", "2019-01-01", "yes", "yes"],  # row 2
        ["X1", "2018-01-01", "yes", "yes"],  # row 3: no such applicant
        ["E2", "2017-01-01", "yes", "yes"],
        ["", "2016-01-01", "yes", "yes"],  # row 5: no id, below E2's row: it may be E2's
        ["E3", "2020-13-01", "yes", "yes"],  # row 6: E3's second job, a bad date
        ["E1", "2015-01-01", "yes", "yes"],
        ["#E9", "2015-01-01", "yes", "yes"],
        ["X1", "2014-01-01", "no", "no"],
    ])
    _write(tmp_path / "projects.csv", [
        ["id", "name", "role", "status"],
        ["X2", "p", "lead", "completed"],  # row 2
        ["E2", "q", "lead", "completed"],
        ["X1", "r", "lead", "completed"],
    ])
    assert isinstance(SheetSet.of_csv(tmp_path).scan().children["employment"], SortedRows)
    results = list(check_batch(engine, Batch([tmp_path]), jobs=1))
    where = str(tmp_path)
    dup = "its rows in the other sheets cannot be told apart, so none of them is judged"
    assert [(r.file.replace(where, "SET"), str(r.error).replace(where, "SET") if isinstance(r, Failure) else None)
            for r in results] == [
        ("SET/applicants.csv#E1", f"SET/applicants.csv row 2, column id: applicant 'E1' is also on row 4: {dup}"),
        ("SET/applicants.csv#E2", ("SET/employment.csv row 5, column id: no applicant id, below E2's rows: it may "
                                   "be E2's job, so E2 is not judged without it; write the id on every row")),
        ("SET/applicants.csv#E1", f"SET/applicants.csv row 4, column id: applicant 'E1' is also on row 2: {dup}"),
        ("SET/applicants.csv", "SET/applicants.csv row 5, column id: no applicant id: this row is not judged"),
        ("SET/applicants.csv#E3", "SET/employment.csv row 6, column start: '2020-13-01' is not a date"),
        # An id given twice in applicants may be the one these rows lack: each such error asks.
        ("SET/employment.csv#X1", ("SET/employment.csv row 3, column id: applicant 'X1' is not in the applicants "
                                   "sheet: its 3 rows are not judged (the applicants sheet gives 'E1' on rows 2, 4: "
                                   "is one of those rows 'X1'?)")),
        ("SET/projects.csv#X2", ("SET/projects.csv row 2, column id: applicant 'X2' is not in the applicants sheet: "
                                 "its row is not judged (the applicants sheet gives 'E1' on rows 2, 4: is one of "
                                 "those rows 'X2'?)")),
    ]
    assert results[1].error.applicant_id == "E2"
    batch = Batch([tmp_path])
    assert len(batch) == batch.count_upto(100) == 7
    assert batch.count_upto(3) == 3


# ---- nothing held whole ----

@pytest.fixture
def rows_read(monkeypatch) -> list[str]:
    """The name of the file of every CSV row read from now on, in order."""
    read: list[str] = []
    real = sheetrows.csv_rows

    def counting(path, encoding):
        for row in real(path, encoding):
            read.append(Path(path).name)
            yield row

    monkeypatch.setattr(sheetrows, "csv_rows", counting)
    return read


def test_a_pool_starts_before_the_sheets_are_read(engine, in_order, rows_read, monkeypatch):
    started: list[int] = []
    real = parallel._Workers.__init__

    def start(self, *args, **kw):
        started.append(len(rows_read))
        real(self, *args, **kw)

    monkeypatch.setattr(parallel._Workers, "__init__", start)
    assert len(list(check_batch(engine, Batch([in_order]), jobs=2))) == 300
    # When the workers were forked, only the headers and the first POOL_MIN applicants had been read.
    assert len(started) == 1 and started[0] <= 4 + 1 + parallel.POOL_MIN
    assert len(rows_read) > 2 * 1000  # then every sheet was read: once to scan it, once to judge


def test_applicants_are_read_along_with_their_rows_not_ahead(in_order, rows_read):
    sheet = SheetSet.of_csv(in_order)
    sheet.scan()
    scanned = len(rows_read)
    units = sheet.stream()
    first = [next(units) for _ in range(5)]
    held = sum(1 + sum(len(rows or ()) for rows in unit.found) for unit in first)
    # The rows of five applicants, the headers, and the next row of each sheet: not the 300 applicants'.
    assert len(rows_read) - scanned <= held + 4 + 4
    units.close()


def _traced_peak(run) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_a_set_takes_less_memory_than_holding_its_rows(tmp_path):
    folder = write_csv_set(tmp_path / "hr", (dossier_from_data(d) for d in synthetic_dossiers(1500, seed=32)))
    mixed = shuffled(folder, tmp_path / "mixed")

    def hold():
        sheet = SheetSet.of_csv(folder).read()
        held = [list(sheet.sources[s].rows()) for s in sheet.sources]
        assert sum(map(len, held)) > 1500

    def stream(where):
        def run():
            count = sum(1 for _ in SheetSet.of_csv(where).stream())
            assert count == 1500
        return run

    holding = _traced_peak(hold)
    assert _traced_peak(stream(folder)) < holding / 4
    assert _traced_peak(stream(mixed)) < holding / 4


def test_a_sheet_that_changes_between_the_two_readings_is_reported_not_skipped(tmp_path):
    _write(tmp_path / "applicants.csv", [["id", "name"], ["E1", "Ann"], ["E2", "Bo"]])
    _write(tmp_path / "employment.csv", [["id", "start", "sales", "it"], ["E1", "2019-01-01", "yes", "yes"]])
    sheet = SheetSet.of_csv(tmp_path)
    sheet.scan()
    with open(tmp_path / "employment.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["E1", "2020-01-01", "yes", "yes"])  # after E2: the scan did not see it
    *_, last = sheet.stream()
    assert str(last.error) == (f"{tmp_path}/employment.csv: changed while it was being read: its applicants' "
                               "results may be wrong; check the set again")


def test_a_csv_file_that_is_utf8_only_at_its_start_is_read_as_gb18030(tmp_path):
    note = "x" * 100_000
    body = [["id", "name", "#note"]] + [[f"E{i}", "Ann", note] for i in range(12)] + [["E99", "张伟", ""]]
    with open(tmp_path / "applicants.csv", "w", newline="", encoding="gb18030") as f:
        csv.writer(f).writerows(body)
    assert (tmp_path / "applicants.csv").stat().st_size > 1 << 20  # beyond the first block decoded
    units = list(SheetSet.of_csv(tmp_path).units())
    assert [u.data["applicant"]["name"] for u in units][-2:] == ["Ann", "张伟"]


# ---- the progress bar counts when judging has started ----

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_counts_its_total_at_the_first_step_and_never_when_quiet():
    asked: list[int] = []

    def total() -> int:
        asked.append(1)
        return 300

    screen = _Terminal()
    with progress_bar(total, stream=screen) as advance:
        assert asked == []
        for _ in range(300):
            advance(1)
    assert asked == [1] and "300/300" in screen.getvalue()

    def never() -> int:
        raise AssertionError("counted for a bar that is not drawn")

    with progress_bar(never, stream=_Terminal(), quiet=True) as advance:
        assert advance is None
    with progress_bar(lambda: 1, stream=(single := _Terminal())) as advance:
        advance(1)
    assert single.getvalue() == ""
