"""certify report --record: a cycle's documents and its decision records from one run, as a committee
secretary keeps them."""

from __future__ import annotations

import errno
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import committee, main
from certify.folders import find_dossiers
from certify.load import load_dossier
from samples import COMMITTEE
from sheetdata import fill_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def records_in(folder: Path) -> dict[str, str]:
    """Each record's name and text, but for when it was made."""
    return {p.name: re.sub(r'"made_at": "[^"]*"', '"made_at": ""', p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.json"))}


def manifest(folder: Path) -> list[dict]:
    [path] = (folder / "batches").iterdir()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def cycle(tmp_path, monkeypatch) -> list[str]:
    """A workbook of six applicants, late YAML dossiers, one of them an applicant of the workbook again, a
    broken dossier, and the committee's decisions."""
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(p) for p in EXAMPLES[:6]], "cycle.xlsx")
    late = tmp_path / "late"
    late.mkdir()
    for p in EXAMPLES[6:]:
        shutil.copy(p, late / p.name)
    shutil.copy(EXAMPLES[0], late / "again.yaml")  # the workbook's first applicant, on the same date
    (late / "broken.yaml").write_text("applicant: {id: X1}\nemployment: [{strat: 2020-01-01}]\n", encoding="utf-8")
    (tmp_path / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    return ["cycle.xlsx", "late"]


def test_report_record_writes_the_records_check_writes_and_verify_reproduces_them(cycle):
    result = run("report", *cycle, "--out", "review", "--overrides", "committee.yaml", "--record", "records")
    assert result.exit_code == 2, result.stderr  # the broken dossier and the applicant given again
    assert result.stderr.splitlines()[-2:] == [
        f"wrote review: {len(EXAMPLES)} review sheets, the summary, the public notice and index.html",
        f"decision records in records: {len(EXAMPLES)} written, 0 already there, 0 refused"]
    reported = records_in(Path("records"))
    assert len(reported) == len(EXAMPLES)  # one per judged applicant; an error row gets none
    assert sorted(json.loads(t)["verdict"]["applicant_id"] for t in reported.values()) == sorted(
        load_dossier(p).applicant.id for p in EXAMPLES)
    entries = manifest(Path("records"))[1:]
    assert [e["outcome"] for e in entries].count("not evaluated") == 2
    assert {e["file"] for e in entries if e["outcome"] == "not evaluated"} == {
        str(Path("late", "again.yaml")), str(Path("late", "broken.yaml"))}
    # The committee's decision is in its applicant's record, beside the computed verdict.
    [decided] = [json.loads(t) for t in reported.values() if json.loads(t)["overrides"]]
    assert decided["verdict"]["applicant_id"] == "AP-103"
    assert [(o["level"], o["decision"]) for o in decided["overrides"]] == [(2, "grant")]
    assert decided["options"]["overrides"] == "committee.yaml" and decided["options"]["forecast"] is False
    verified = run("verify", "records")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert verified.stdout.count(": reproduced\n") == len(EXAMPLES)
    # What check writes for the same inputs and options, byte for byte but for when each was made.
    checked = run("check", *cycle, "--overrides", "committee.yaml", "--record", "checked", "--no-explain", "-q")
    assert checked.exit_code == 2
    assert records_in(Path("checked")) == reported


def test_report_record_with_as_of_and_level_records_them_as_check_does(cycle):
    options = ("--as-of", "2026-06-30", "--level", "2")
    assert run("report", *cycle, "--out", "review", "--record", "records", "-q", *options).exit_code == 2
    assert run("check", *cycle, "--record", "checked", "-q", "--no-explain", *options).exit_code == 2
    reported = records_in(Path("records"))
    assert reported == records_in(Path("checked")) and len(reported) == len(EXAMPLES)
    assert {json.loads(t)["options"]["as_of"] for t in reported.values()} == {"2026-06-30"}
    assert run("verify", "records", "-q").exit_code == 0


def test_report_again_into_the_same_records_folder_adds_nothing_and_keeps_what_is_there(cycle):
    assert run("report", *cycle, "--out", "review", "--record", "records", "-q").exit_code == 2
    first = {p.name: p.read_bytes() for p in Path("records").glob("*.json")}
    again = run("report", *cycle, "--out", "review", "--record", "records", "--force")
    assert again.exit_code == 2
    assert again.stderr.splitlines()[-1] == (
        f"decision records in records: 0 written, {len(EXAMPLES)} already there, 0 refused")
    assert {p.name: p.read_bytes() for p in Path("records").glob("*.json")} == first
    assert len(list(Path("records", "batches").iterdir())) == 2


@pytest.mark.parametrize("record", ["review/records", "review"])
def test_a_records_folder_in_the_out_folder_is_refused_before_anything_is_judged(cycle, record):
    result = run("report", *cycle, "--out", "review", "--record", record)
    where = ("--record review is the --out folder" if record == "review"
             else "--record review/records is in --out review")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"Error: {where}, which is replaced whole when the documents are written: the records "
                             "would be lost with it; keep them in a folder of their own, beside it\n")
    assert not Path("review").exists()
    zh = run("report", *cycle, "--out", "review", "--record", "review/records", "--force", "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr == ("错误：--record review/records 位于 --out review 中，而写出评审文件时 --out 文件夹会被整个替换，"
                         "判定记录会随之丢失；请把判定记录写到 --out 之外的另一个文件夹\n")
    assert not Path("review").exists()


def test_report_help_in_chinese_says_what_record_writes_in_sentences_a_committee_reads():
    said = "".join(run("report", "--help", "--lang", "zh").stdout.split())  # as wrapped to any width
    assert ("使用--record时，还会为每位已评定的申报人写出一份判定记录（含评审委员会决定），与`certify check --no-explain "
            "--record`对同样的输入和选项写出的记录相同；").replace(" ", "") in said
    assert ("同时为每位已评定的申报人在此文件夹中写入一份判定记录（JSON），与`certify check --record`写出的相同；"
            "此文件夹不能位于--out中。可用`certify verify`重新核对这些记录。").replace(" ", "") in said


def test_the_records_folder_in_the_cycles_folder_is_not_judged_and_named_to_judge_is_refused(cycle):
    Path("late", "records").mkdir()
    assert run("report", "late", "--out", "review", "--record", Path("late", "records"), "-q").exit_code == 2
    again = run("report", "late", "--out", "review", "--record", Path("late", "records"), "--force", "-q")
    assert again.exit_code == 2  # the broken dossier only: the records there are not read as dossiers
    summary = Path("review", "summary.csv").read_text(encoding="utf-8-sig")
    assert "certify-decision-record" not in summary and "a ruleset" not in summary
    named = run("report", "late", Path("late", "records"), "--out", "other", "--record", Path("late", "records"))
    assert named.exit_code == 2 and not Path("other").exists()
    assert named.stderr.startswith(f"Error: {Path('late', 'records')} is the records folder (--record "
                                   f"{Path('late', 'records')}): what report writes there (decision records, ")


def test_documents_that_cannot_be_written_leave_the_records_and_a_manifest_marked_interrupted(cycle, monkeypatch):
    def full_disk(results, out, *args, **kw):
        for _ in results:  # every verdict recorded as it comes; then the folder cannot be written
            pass
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(committee, "write_documents", full_disk)
    result = run("report", *cycle, "--out", "review", "--record", "records", "-q")
    assert result.exit_code == 2 and not Path("review").exists()
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: review: No space left on device"
    assert lines[1].startswith(f"{len(EXAMPLES)} decision records written to records before the interruption; "
                               f"the batch's manifest says it was interrupted after {len(EXAMPLES) + 2} inputs: ")
    assert manifest(Path("records"))[0]["interrupted"]
    assert len(list(Path("records").glob("*.json"))) == len(EXAMPLES)


def _named_record(sheet: str, label: str = "decision record: ") -> tuple[str, str]:
    """The record a review sheet (Markdown) names: its file name and the 12 hex digits given."""
    [line] = [line for line in sheet.splitlines() if line.startswith(f"- {label}")]
    found = re.fullmatch(r"(\S+\.json)\s?[(（]sha256 ([0-9a-f]{12})[)）]", line.removeprefix(f"- {label}"))
    assert found, line
    return found.group(1), found.group(2)


def test_each_review_sheet_names_the_one_record_of_its_run_among_those_of_the_same_dossier(cycle):
    # Two runs of the cycle into one records folder: before the committee's decisions, and after them.
    assert run("report", *cycle, "--out", "before", "--record", "records", "-q").exit_code == 2
    assert run("report", *cycle, "--out", "after", "--record", "records", "-q",
               "--overrides", "committee.yaml").exit_code == 2
    sheets = {run_: Path(run_, "sheets", "AP-103.md").read_text(encoding="utf-8") for run_ in ("before", "after")}
    dossier = re.search(r"- dossier sha256: ([0-9a-f]{12})", sheets["before"]).group(1)
    both = sorted(Path("records").glob(f"AP-103--{dossier}--*.json"))
    assert len(both) == 2  # what the dossier's digest alone matches
    named = {run_: _named_record(sheet) for run_, sheet in sheets.items()}
    assert named["before"][0] != named["after"][0] and {n for n, _ in named.values()} == {p.name for p in both}
    for name, digest in named.values():  # the digest is the file's, as sha256sum prints it
        record = Path("records", name)
        assert hashlib.sha256(record.read_bytes()).hexdigest()[:12] == digest
        shown = run("show", record)
        assert f"  record file: sha256 {digest}… (as a review sheet of certify report --record gives it" in shown.stdout
    assert json.loads(Path("records", named["after"][0]).read_text(encoding="utf-8"))["overrides"]  # its own run's
    assert not json.loads(Path("records", named["before"][0]).read_text(encoding="utf-8"))["overrides"]
    # Under `judged by`, in the sheet's HTML page and in index.html's row too.
    lines = sheets["after"].splitlines()
    assert lines.index(f"- decision record: {named['after'][0]} (sha256 {named['after'][1]})") == lines.index(
        next(line for line in lines if line.startswith("- judged by: "))) + 1
    page = Path("after", "sheets", "AP-103.html").read_text(encoding="utf-8")
    assert f"{named['after'][0]} (sha256 {named['after'][1]})" in page
    index = Path("after", "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert "<th>decision record</th>" in index
    row = next(r for r in index.split("<tr>") if 'href="sheets/AP-103.html"' in r)
    assert f"<td>{named['after'][0]} (sha256 {named['after'][1]})</td>" in row
    # The same run again, in Chinese: the record there with the same content is left, and named as it is.
    assert run("report", *cycle, "--out", "again", "--record", "records", "-q", "--lang", "zh",
               "--overrides", "committee.yaml").exit_code == 2
    again = Path("again", "sheets", "AP-103.md").read_text(encoding="utf-8")
    assert _named_record(again, "判定记录：") == named["after"]
    assert "<th>判定记录</th>" in Path("again", "index.html").read_text(encoding="utf-8")
    assert "判定记录文件：sha256 " in run("show", Path("records", named["after"][0]), "--lang", "zh").stdout


def test_documents_without_record_name_no_record(cycle):
    assert run("report", *cycle, "--out", "review", "-q", "--overrides", "committee.yaml").exit_code == 2
    for sheet in Path("review", "sheets").glob("*.md"):
        assert "- decision record:" not in sheet.read_text(encoding="utf-8")
    assert "<th>decision record</th>" not in Path("review", "index.html").read_text(encoding="utf-8")
