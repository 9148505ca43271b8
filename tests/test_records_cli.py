"""certify check --record / --overrides, certify verify and certify test, as a user sees them."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import records as records_module
from certify import verify as verify_module
from certify.cli import main
from certify.records import sha256_of
from certify.ruleset import DEFAULT_RULESET, parse_ruleset
from samples import COMMITTEE, UNPRIVILEGED, sentences, tenure_folder, unprivileged

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
CASES = DEFAULT_RULESET.with_name("kam-2014.tests.yaml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def dossier(tmp_path) -> Path:
    path = tmp_path / "zhao-lei.yaml"
    shutil.copy(APPLICANTS / "zhao-lei.yaml", path)
    return path


@pytest.fixture
def committee(tmp_path) -> Path:
    path = tmp_path / "committee.yaml"
    path.write_text(COMMITTEE, encoding="utf-8")
    return path


def only_record(folder: Path) -> Path:
    [path] = sorted(folder.glob("*.json"))
    return path


# ---- check --record and verify ----


def test_records_and_results_written_into_the_folder_judged_are_not_read_back_as_dossiers(tmp_path):
    # An auditor keeps a cycle's records and results beside its dossiers, and runs check again.
    cycle = tmp_path / "cycle"
    cycle.mkdir()
    for name in ("zhao-lei.yaml", "ma-li.yaml"):
        shutil.copy(APPLICANTS / name, cycle / name)
    first = run("check", cycle, "--record", cycle / "records", "--format", "json", "-o", cycle / "results.json")
    assert first.exit_code in (0, 1) and len(list((cycle / "records").glob("*.json"))) == 2
    again = run("check", cycle, "--record", cycle / "records", "--format", "json", "-o", cycle / "results.json",
                "--force")
    assert again.exit_code == first.exit_code, again.stderr
    assert [r["file"] for r in json.loads((cycle / "results.json").read_text(encoding="utf-8"))] == [
        str(cycle / "ma-li.yaml"), str(cycle / "zhao-lei.yaml")]
    # Named without --record, the folder's records are said to be records, not dossiers missing an applicant.
    plain = run("check", cycle, "--format", "jsonl", "--lang", "zh")
    errors = {r["file"]: r["error"] for r in map(json.loads, plain.stdout.splitlines()) if "error" in r}
    assert plain.exit_code == 2
    assert [errors[str(p)] for p in sorted((cycle / "records").glob("*.json"))] == [
        "这是判定记录（certify-decision-record/1），不是申报材料：请用 certify verify 核对"] * 2


def test_check_record_writes_one_record_per_verdict_and_keeps_the_exit_status(tmp_path):
    folder = tmp_path / "rec"
    plain = run("check", APPLICANTS, "-q")
    result = run("check", APPLICANTS, "--record", folder)
    assert result.exit_code == plain.exit_code == 2  # the shipped broken example
    assert result.stdout == plain.stdout
    assert f"decision records in {folder}: 11 written, 0 already there, 0 refused" in result.stderr
    assert len(list(folder.glob("*.json"))) == 11
    again = run("check", APPLICANTS, "--record", folder)
    assert f"decision records in {folder}: 0 written, 11 already there, 0 refused" in again.stderr
    # In the language of the batch's own summary line above it.
    zh = run("check", APPLICANTS, "--record", folder, "--lang", "zh")
    assert zh.stderr.splitlines()[-2:] == ["共 12 份申报材料：11 份已评定（2 份未达申报级别，2 份申报级别待核实），1 份无法评定",
                                           f"{folder} 中的判定记录：新写入 0 份，已存在 11 份，拒绝写入 0 份"]


def test_a_record_folder_that_cannot_be_made_stops_check_before_judging(dossier, tmp_path):
    (tmp_path / "records").write_text("not a folder", encoding="utf-8")
    result = run("check", dossier, "--record", tmp_path / "records" / "2025")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"Error: cannot write {tmp_path / 'records' / '2025'}: {tmp_path / 'records'} is a file, "
                             "not a folder\n")


@UNPRIVILEGED
def test_a_record_folder_without_write_permission_is_one_error_before_judging(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        done = subprocess.run(unprivileged("check", APPLICANTS, "--record", locked, "--format", "jsonl"),
                              capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"Error: cannot write {locked}: Permission denied\n"  # once, not once per dossier
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("lang, first, more, counted", [
    ("en", "cannot write {p}: No space left on device",
     "10 more decision records could not be written into {f}; once it can be written, run the same check again: "
     "the records there are kept, the missing ones added",
     "decision records in {f}: 0 written, 0 already there, 11 refused"),
    ("zh", "无法写入 {p}：No space left on device",
     "另有 10 份判定记录也无法写入 {f}；待该文件夹可以写入后再运行同一检查：已有的记录会保留，缺少的会补上",
     "{f} 中的判定记录：新写入 0 份，已存在 0 份，拒绝写入 11 份"),
])
def test_a_disk_that_fills_up_is_said_once_with_a_count_not_once_per_record(tmp_path, monkeypatch, lang, first,
                                                                           more, counted):
    # The folder could be written at the start; then the disk is full: every record after fails the same way.
    real = records_module.atomic_write
    tried: list[Path] = []

    @contextmanager
    def onto_a_full_disk(path, **kw):
        tried.append(path)
        with real(path, **kw) as out:
            yield out
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(records_module, "atomic_write", onto_a_full_disk)
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "--no-explain", "--lang", lang)
    assert result.exit_code == 2  # nothing lost: the status says records are missing
    lines = result.stderr.splitlines()
    error = "错误：" if lang == "zh" else "Error: "
    assert lines[1:] == [error + first.format(p=tried[0]), error + more.format(f=folder),
                         counted.format(f=folder)]
    assert len(tried) == 11 and list(folder.glob("*.json")) == []  # each tried, none left half-written
    monkeypatch.undo()  # space freed: the same check again writes them all
    again = run("check", APPLICANTS, "--record", folder, "--no-explain", "-q")
    assert again.exit_code == 2 and again.stderr == ""  # 2: the dossier that cannot be evaluated
    assert len(list(folder.glob("*.json"))) == 11


def test_a_record_refused_for_a_reason_of_its_own_is_said_on_its_line_not_counted_as_a_folder_gone(tmp_path,
                                                                                                   monkeypatch):
    # A name too long for the file system is that record's own problem: running again would not write it, so it is
    # not counted under "once it can be written, run the same check again"; the other records are written.
    real = records_module.atomic_write
    tried: list[Path] = []

    @contextmanager
    def names_too_long(path, **kw):
        tried.append(path)
        if len(tried) in (2, 5):
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
        with real(path, **kw) as out:
            yield out

    monkeypatch.setattr(records_module, "atomic_write", names_too_long)
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "--no-explain")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert [e.split(" cannot write decision record ")[1] for e in errors] == [
        f"{tried[1]}: File name too long", f"{tried[4]}: File name too long"]  # each on its line, none counted
    assert "more decision record" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"decision records in {folder}: 9 written, 0 already there, 2 refused"
    assert len(list(folder.glob("*.json"))) == 9


@pytest.mark.parametrize("reason", [errno.ESTALE, errno.ENOTCONN, errno.EMFILE, errno.ENFILE, errno.EFBIG])
def test_a_folder_that_stops_taking_records_for_every_record_is_said_once_with_a_count(tmp_path, monkeypatch, reason):
    # A network folder gone stale or disconnected, no file handles left, a file size limit: no record after the first
    # can be written either, so it is said once and the rest counted, as a full disk is.
    real = records_module.atomic_write

    @contextmanager
    def stopped(path, **kw):
        with real(path, **kw) as out:
            yield out
            raise OSError(reason, os.strerror(reason))

    monkeypatch.setattr(records_module, "atomic_write", stopped)
    folder = tmp_path / "records"
    result = run("check", APPLICANTS, "--record", folder, "--no-explain")
    assert result.exit_code == 2
    assert sum(line.startswith("Error: cannot write") for line in result.stderr.splitlines()) == 1
    assert f"10 more decision records could not be written into {folder}" in result.stderr


def test_a_record_made_now_verifies(dossier, tmp_path):
    assert run("check", dossier, "--record", tmp_path / "rec", "-q").exit_code == 1  # short of target 2
    path = only_record(tmp_path / "rec")
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 0
    assert result.stdout == f"{path}: reproduced\n"
    assert result.stderr == "1 record: 1 reproduced, 0 differ, 0 cannot be verified, 0 missing\n"


LONG_RULESET_ID = "kam-2014-amended-by-the-board-2026-12-31"  # 40 characters: as long as a name keeps one


@pytest.mark.parametrize("ident, ruleset_id", [
    ("𠀀𠀁𠀂" * 20, "kam-2014"),  # characters of 4 bytes each (CJK extension B)
    ("张" * 70, LONG_RULESET_ID),  # 3 bytes each, beside a ruleset id of 40 characters
])
def test_a_long_chinese_applicant_id_gets_a_record_that_fits_the_file_system_and_verifies(dossier, tmp_path, ident,
                                                                                         ruleset_id):
    # A name over 255 bytes of UTF-8 was refused (File name too long) while the other records were written.
    copy = tmp_path / "standard.yaml"
    copy.write_text(DEFAULT_RULESET.read_text(encoding="utf-8").replace("id: kam-2014", f"id: {ruleset_id}", 1),
                    encoding="utf-8")
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("id: AP-103", f"id: '{ident}'"), encoding="utf-8")
    other = tmp_path / "other.yaml"  # the same id but its last character: a name of its own all the same
    other.write_text(dossier.read_text(encoding="utf-8").replace(ident, ident[:-1] + "李"), encoding="utf-8")
    result = run("check", dossier, other, "--ruleset", copy, "--record", tmp_path / "rec", "--no-explain")
    assert result.exit_code == 1 and "Error" not in result.stderr  # short of target 2, both recorded
    assert result.stderr.splitlines()[-1] == f"decision records in {tmp_path}/rec: 2 written, 0 already there, 0 refused"
    names = sorted(p.name for p in (tmp_path / "rec").glob("*.json"))
    assert len(names) == 2 and names[0] != names[1]
    for name in names:
        assert 250 <= len(name.encode("utf-8")) <= 255
        applicant, rest = name.split("--", 1)
        assert ident.startswith(applicant) and re.fullmatch(
            rf"[0-9a-f]{{12}}--2025-06-30--{re.escape(ruleset_id)}--[0-9a-f]{{8}}\.json", rest)
    verified = run("verify", tmp_path / "rec")
    assert verified.exit_code == 0, verified.stdout
    assert verified.stderr == "2 records: 2 reproduced, 0 differ, 0 cannot be verified, 0 missing\n"
    # Renamed, a shortened name is still caught.
    path = tmp_path / "rec" / names[0]
    renamed = path.rename(path.with_name("AP-999--" + names[0].split("--", 1)[1]))
    said = run("verify", renamed)
    assert said.exit_code == 2
    assert said.stdout.startswith(f"{renamed}: cannot verify: the record was renamed after it was written (applicant: "
                                  f"AP-999 in its name, {names[0].split('--')[0]} in its contents; its contents give "
                                  f"the name {names[0]})")


def test_a_record_name_that_fits_the_file_system_is_kept_as_it_was(dossier, tmp_path):
    # 60 characters of 3 bytes each with the bundled standard: 231 bytes, under 255, the name of old.
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("id: AP-103", "id: '" + "张" * 60 + "'"),
                       encoding="utf-8")
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    name = only_record(tmp_path / "rec").name
    assert name.startswith("张" * 60 + "--") and len(name.encode("utf-8")) == 231


def test_a_record_named_whole_where_longer_names_are_taken_still_verifies(dossier, tmp_path, monkeypatch):
    # NTFS counts characters, not bytes: a record written there kept the whole id in a name over 255 bytes, which
    # is cut here. Played at a smaller scale: written whole (231 bytes), verified where names are cut at 150.
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("id: AP-103", "id: '" + "张" * 60 + "'"),
                       encoding="utf-8")
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    monkeypatch.setattr(records_module, "NAME_BYTES", 150)
    assert run("check", dossier, "--record", tmp_path / "cut", "-q").exit_code == 1
    assert len(only_record(tmp_path / "cut").name.encode("utf-8")) == 150  # its name where names are cut at 150
    result = run("verify", path, only_record(tmp_path / "cut"))
    assert result.stderr == "2 records: 2 reproduced, 0 differ, 0 cannot be verified\n"


def test_a_record_named_whole_and_then_edited_is_said_edited_not_renamed(dossier, tmp_path, monkeypatch):
    # The whole name is the record's own (written where longer names are taken): an input edited in it is an edit.
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("id: AP-103", "id: '" + "张" * 60 + "'"),
                       encoding="utf-8")
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["as_of"] = "2020-01-01"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(records_module, "NAME_BYTES", 150)
    result = run("verify", path)
    assert result.exit_code == 2
    assert "the record was edited after it was written (its inputs give the digest" in result.stdout
    assert "renamed" not in result.stdout


@pytest.mark.parametrize("made_at, english, chinese", [
    (None, "not a decision record (made_at: missing)", "不是判定记录（made_at：缺少该字段）"),
    ("yesterday", "not a decision record (made_at: Input should be a time written YYYY-MM-DDTHH:MM:SSZ (UTC), "
                  "not 'yesterday')", "不是判定记录（made_at：应为写成 YYYY-MM-DDTHH:MM:SSZ 的时间（UTC），而非 'yesterday'）"),
    ("2025-13-01T00:00:00Z", "not a decision record (made_at: Input should be a time written YYYY-MM-DDTHH:MM:SSZ "
                             "(UTC), not '2025-13-01T00:00:00Z')", "不是判定记录（made_at：应为写成"),
    (20261123, "not a decision record (made_at: Input should be a time written YYYY-MM-DDTHH:MM:SSZ (UTC))",
     "不是判定记录（made_at：应为写成 YYYY-MM-DDTHH:MM:SSZ 的时间（UTC））"),
    ("2999-01-01T00:00:00Z", "made_at 2999-01-01T00:00:00Z is later than now: the record was edited after it was "
                             "written, or the clock that made it was wrong",
     "made_at 2999-01-01T00:00:00Z 晚于现在：判定记录写入后被修改过，或写入时的时钟有误"),
], ids=["missing", "words", "no-such-month", "number", "future"])
def test_a_record_whose_time_was_taken_out_or_is_no_time_it_was_made_is_not_vouched_for(dossier, tmp_path, made_at,
                                                                                         english, chinese):
    # An auditor asks when a verdict was recorded: made_at says, and a record is reproduced only with a time
    # it could have been made at (made_at is not one of the inputs its name's digest covers).
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    if made_at is None:
        del record["made_at"]
    else:
        record["made_at"] = made_at
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 2
    assert result.stdout == f"{path}: cannot verify: {english}\n"
    assert run("verify", path, "--lang", "zh").stdout.startswith(f"{path}：无法核对：{chinese}")


def test_a_record_made_a_moment_ago_by_a_clock_a_little_ahead_is_reproduced(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    ahead = datetime.now(timezone.utc) + timedelta(hours=2)  # another machine's clock, or its time zone taken as UTC
    record["made_at"] = ahead.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("verify", path).stdout == f"{path}: reproduced\n"


def test_a_field_added_to_a_record_by_hand_is_not_vouched_for(dossier, tmp_path):
    # A note slipped into a record reads, to whoever opens it, like part of the decision: certify never
    # wrote it, and verify does not call such a record reproduced.
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["committee_approval"] = {"level": 2, "approver": "评审委员会主任 王建国"}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 2
    assert result.stdout == (f"{path}: cannot verify: the record was edited after it was written (it holds a "
                             "field certify does not write: committee_approval)\n")
    assert run("verify", path, "--lang", "zh").stdout == (
        f"{path}：无法核对：判定记录写入后被修改过（其中有 certify 不写入的字段：committee_approval）\n")


@pytest.mark.parametrize("field", ["verdict", "dossier"])
def test_a_record_edited_to_hold_half_a_character_is_no_record_to_verify_or_show_not_a_traceback(dossier, tmp_path,
                                                                                                  field):
    # JSON can write "\ud800" alone, which no output can: verify, its check for copies, and show say it is no record.
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record[field]["applicant_id" if field == "verdict" else "path"] = "AP-103\ud800"
    path.write_text(json.dumps(record), encoding="utf-8")
    shutil.copy(path, tmp_path / "rec" / "copy.json")  # the same bytes under another name: read for its own name
    said = "not a decision record (a text in it holds half a character, a lone surrogate)"
    result = run("verify", path)
    assert result.exit_code == 2 and result.stdout == f"{path}: cannot verify: {said}\n"
    folder = run("verify", tmp_path / "rec")
    assert folder.exit_code == 2 and f"{path}: cannot verify: {said}\n" in folder.stdout
    shown = run("show", path)
    assert shown.exit_code == 2 and shown.stderr == f"Error: {path}: {said}\n"


@pytest.mark.parametrize("part, key, value", [("dossier", "path", ["zhao-lei.yaml"]), ("dossier", "path", 1),
                                               ("options", "overrides", {"file": "committee.yaml"})])
def test_a_record_edited_to_name_a_file_by_no_text_is_no_record_to_verify_not_a_traceback(dossier, tmp_path, part,
                                                                                           key, value):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["options"]["overrides_resolved"] = str(dossier)  # a file there, for the one as given to be compared with
    record[part][key] = value
    path.write_text(json.dumps(record), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 2, result.exception  # said of the record, as any field of the wrong kind is
    assert result.stdout.startswith(f"{path}: cannot verify: not a decision record (")


def test_two_records_that_swapped_names_are_said_renamed_not_edited(tmp_path):
    # Two untouched records under each other's names: the contents are as written, the names are not theirs.
    for name in ("zhao-lei.yaml", "ma-li.yaml"):
        shutil.copy(APPLICANTS / name, tmp_path / name)
    run("check", tmp_path / "zhao-lei.yaml", tmp_path / "ma-li.yaml", "--record", tmp_path / "rec", "-q")
    zhao, ma = sorted((tmp_path / "rec").glob("*.json"))  # AP-103, AP-110
    zhao_name, ma_name = zhao.name, ma.name
    zhao.rename(tmp_path / "rec" / "swap")
    ma.rename(zhao)
    (tmp_path / "rec" / "swap").rename(ma)
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2

    def parts(name):
        applicant, sha, as_of, _, digest = name[:-5].split("--")
        return applicant, sha, as_of, digest

    (a1, s1, d1, g1), (a2, s2, d2, g2) = parts(zhao_name), parts(ma_name)
    assert result.stdout == (
        f"{zhao}: cannot verify: the record was renamed after it was written (applicant: {a1} in its name, {a2} in "
        f"its contents; dossier sha256: {s1} in its name, {s2} in its contents; as of: {d1} in its name, {d2} in its "
        f"contents; digest: {g1} in its name, {g2} in its contents; its contents give the name {ma_name})\n"
        f"{ma}: cannot verify: the record was renamed after it was written (applicant: {a2} in its name, {a1} in "
        f"its contents; dossier sha256: {s2} in its name, {s1} in its contents; as of: {d2} in its name, {d1} in its "
        f"contents; digest: {g2} in its name, {g1} in its contents; its contents give the name {zhao_name})\n")
    assert f"无法核对：判定记录写入后被改名（申报人编号：文件名中为 {a1}，内容中为 {a2}；" in run(
        "verify", tmp_path / "rec", "--lang", "zh").stdout


def test_editing_one_character_of_the_dossier_makes_verify_say_so(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    before = sha256_of(dossier)
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("赵磊", "赵雷"), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 1
    assert result.stdout == (f"{path}: differs: the dossier changed ({dossier}: sha256 {before[:12]}… recorded, "
                             f"{sha256_of(dossier)[:12]}… now); the verdict is the same\n")


def test_a_dossier_or_ruleset_no_longer_yaml_is_named_with_its_line_as_the_record_names_it(dossier, tmp_path,
                                                                                            monkeypatch):
    # Every other reason verify gives names its file; an error the evaluation meets is said after the file too (and
    # its line), named as the record names it (zhao-lei.yaml, not where it was found from another folder).
    monkeypatch.chdir(tmp_path)
    shutil.copy(DEFAULT_RULESET, tmp_path / "copy.yaml")
    run("check", "zhao-lei.yaml", "--ruleset", "copy.yaml", "--record", "rec", "-q")
    path = only_record(tmp_path / "rec")
    text = dossier.read_text(encoding="utf-8")
    dossier.write_text(text + "applicant: {id: [\n", encoding="utf-8")
    line = text.count("\n") + 2  # the line after the one left open
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # the files are found where they were (`resolved`)
    said = run("verify", path).stdout
    assert said.startswith(f"{path}: differs: the dossier changed (zhao-lei.yaml: sha256 ")
    assert f"; it can no longer be evaluated: zhao-lei.yaml:{line}: invalid YAML: " in said
    assert f"；已无法评定：zhao-lei.yaml:{line}：YAML 格式有误：" in run("verify", path, "--lang", "zh").stdout
    dossier.write_text(text, encoding="utf-8")
    ruleset = (tmp_path / "copy.yaml").read_text(encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(ruleset + "levels: [\n", encoding="utf-8")
    said = run("verify", path).stdout
    assert f"; it can no longer be evaluated: copy.yaml:{ruleset.count(chr(10)) + 2}: not valid YAML: " in said


def test_changing_one_threshold_in_a_copy_of_the_ruleset_makes_verify_say_so(dossier, tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    run("check", dossier, "--ruleset", copy, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    before = sha256_of(copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("at_least: 3 years}", "at_least: 2 years}", 1), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 1
    assert result.stdout == (f"{path}: differs: the ruleset changed (kam-2014 2014.1 {copy}: sha256 "
                             f"{before[:12]}… recorded, {sha256_of(copy)[:12]}… now); "
                             "the statuses are the same, the explanations differ (L1.sales_tenure: "
                             "applicant.sales_months required 36 recorded, 24 now); judged by "
                             f"{path.parent / 'rulesets' / before}.yaml, the copy kept of the ruleset as it was, "
                             "it is reproduced\n")


def recorded_then_ruleset_raised(dossier, tmp_path) -> tuple[Path, Path]:
    """A record written judging `dossier` by a copy of the standard, then that copy's first 3-year threshold raised to
    30 years: the record's path, and the copy kept of the ruleset as it was beside it (DIR/rulesets/SHA256.yaml)."""
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    run("check", dossier, "--ruleset", copy, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    kept = path.parent / "rulesets" / f"{sha256_of(copy)}.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("at_least: 3 years}", "at_least: 30 years}", 1),
                    encoding="utf-8")
    return path, kept


def test_a_record_of_a_ruleset_changed_since_is_judged_again_by_the_copy_kept_of_it_as_it_was(dossier, tmp_path):
    """An auditor asks whether a verdict was right by the rules it was judged by: beside the verdict by the ruleset
    as it is now, verify judges the dossier again by the copy of it the records folder keeps, and says what comes
    out (the status stays `differs`: the ruleset named is not what it was)."""
    path, kept = recorded_then_ruleset_raised(dossier, tmp_path)
    en, zh = run("verify", path), run("verify", path, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 1
    assert "; the verdict changed: qualified level " in en.stdout and "L1.sales_tenure pass -> fail" in en.stdout
    assert en.stdout.endswith(f"; judged by {kept}, the copy kept of the ruleset as it was, it is reproduced\n")
    assert zh.stdout.endswith(f"；按留存的评定时标准副本（{kept}）判定，结果可复现\n")
    # The record's verdict edited too, its name and digest kept: by the copy kept, it differs as well.
    record = json.loads(path.read_text(encoding="utf-8"))
    record["verdict"]["target_status"] = {"pass": "fail", "fail": "pass"}[record["verdict"]["target_status"]]
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    said = run("verify", path).stdout
    assert f"; judged by {kept}, the copy kept of the ruleset as it was, it differs too: the verdict changed: " \
           "target status " in said
    assert "结果同样不符：判定结果已改变：申报级别结果 " in run("verify", path, "--lang", "zh").stdout
    # No copy kept (deleted by hand, or a folder handed over without it): not judged by one.
    kept.unlink()
    assert "the copy kept of the ruleset as it was" not in run("verify", path).stdout


def test_a_record_copied_out_of_its_folder_says_no_copy_of_its_ruleset_as_it_was_is_beside_it(dossier, tmp_path):
    """A year later an auditor is handed one record, alone: its ruleset file has changed since, and no kept copy is
    beside it to tell whether the verdict was right by the rules it was judged by; verify says so, not only that it
    differs (no line of the copy's own says it: the folder is not there). A copy beside it with other bytes, too."""
    path, kept = recorded_then_ruleset_raised(dossier, tmp_path)
    alone = tmp_path / "handed-over" / path.name
    alone.parent.mkdir()
    shutil.copy(path, alone)
    en, zh = run("verify", alone), run("verify", alone, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 1
    assert en.stdout.startswith(f"{alone}: differs: the ruleset changed (") and "L1.sales_tenure pass -> fail" in en.stdout
    where = alone.parent / "rulesets" / kept.name
    assert en.stdout.endswith(f"; the copy of the ruleset as it was is not beside the record ({where}): whether it was "
                              "right by the rules it was judged by cannot be told\n")
    assert zh.stdout.endswith(f"；判定记录旁没有评定时标准的留存副本（{where}）：无法判断按当时的规则它是否正确\n")
    kept.write_text(kept.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert run("verify", path).stdout.endswith(
        f"; the copy of the ruleset as it was beside the record ({kept}) no longer holds the bytes its name gives: "
        "whether it was right by the rules it was judged by cannot be told\n")


def test_a_kept_copy_of_the_ruleset_that_no_longer_loads_under_this_certify_is_said_not_passed_over(dossier, tmp_path,
                                                                                                   monkeypatch):
    """The ruleset file changed since, and the copy kept of it as it was is there, its bytes those its name gives,
    but this certify no longer loads it (here, one under which a fact it reads is named otherwise): the auditor is
    told so, and that whether the verdict was right by the rules it was judged by cannot be told, rather than read
    a line that says nothing of the copy, as if none had been kept."""
    path, kept = recorded_then_ruleset_raised(dossier, tmp_path)
    loads = verify_module.load_ruleset

    def this_certify(file=None):  # the kept copy read as a certify that names its fact 'amount' otherwise would
        if file is not None and Path(file).parent == kept.parent:
            parse_ruleset(Path(file).read_text(encoding="utf-8").replace("fact: amount", "fact: amount_cny"), str(file))
        return loads(file)

    monkeypatch.setattr(verify_module, "load_ruleset", this_certify)
    en, zh = run("verify", path), run("verify", path, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 1
    assert "L1.sales_tenure pass -> fail" in en.stdout and "; judged by" not in en.stdout
    line = next(i for i, x in enumerate(kept.read_text(encoding="utf-8").splitlines(), 1) if "fact: amount" in x)
    assert (f"; the copy of the ruleset as it was beside the record no longer loads under this certify ({kept}:{line}: "
            "levels[1].rules[2].when.where.all[2]: unknown fact 'amount_cny' for projects (") in en.stdout
    # the copy's first mistake, the others counted (every 'fact: amount' of it is one), and lint named for them all
    more = sum("fact: amount" in x for x in kept.read_text(encoding="utf-8").splitlines()) - 1
    assert en.stdout.endswith(f"(did you mean 'amount'?) (and {more} more mistakes in it: certify lint {kept} lists them "
                              "all)): whether it was right by the rules it was judged by cannot be told\n") and more > 0
    assert zh.stdout.endswith("：无法判断按当时的规则它是否正确\n") and "；判定记录旁的评定时标准留存副本在此版 certify 下已无法载入（" in zh.stdout


def test_a_dossier_and_its_ruleset_both_changed_are_both_said_where_the_error_quoted_is_the_rulesets(dossier, tmp_path):
    """An auditor verifies a record whose dossier and ruleset were both edited since, the ruleset so that it no longer
    loads: the error verify quotes is the ruleset's, on a line of the ruleset file, and the reason it gives names the
    ruleset changed as well as the dossier, not the dossier alone. A folder of editions changed beside the dossier is
    named alike."""
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    run("check", dossier, "--ruleset", copy, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    dossier_was, ruleset_was = sha256_of(dossier), sha256_of(copy)
    dossier.write_text(dossier.read_text(encoding="utf-8") + "# read again\n", encoding="utf-8")
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("at_least: 3 years}", "at_least: three years}", 1), encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "at_least: 3 years}" in x)
    en, zh = run("verify", path), run("verify", path, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 1
    assert en.stdout.startswith(
        f"{path}: differs: the dossier changed ({dossier}: sha256 {dossier_was[:12]}… recorded, {sha256_of(dossier)[:12]}… "
        f"now), and the ruleset changed (kam-2014 2014.1 {copy}: sha256 {ruleset_was[:12]}… recorded, "
        f"{sha256_of(copy)[:12]}… now); it can no longer be evaluated: {copy}:{line}: ")
    assert zh.stdout.startswith(f"{path}：不一致：申报材料已更改（{dossier}：sha256 记录为 {dossier_was[:12]}…，现为 "
                                f"{sha256_of(dossier)[:12]}…），且标准已更改（kam-2014 2014.1 {copy}：sha256 记录为 ")
    # The ruleset as it was again, the dossier still edited: the dossier alone is named.
    copy.write_text(text, encoding="utf-8")
    assert run("verify", path).stdout.startswith(f"{path}: differs: the dossier changed ({dossier}: sha256 "
                                                 f"{dossier_was[:12]}… recorded, {sha256_of(dossier)[:12]}… now); ")
    # The ruleset a copy not finished, stopped inside level 2's second rule: said as cut short, as lint says it.
    copy.write_text(text[:text.index("- id: L2.sales_te") + len("- id: L2.sales_te")], encoding="utf-8")
    last = copy.read_text(encoding="utf-8").count("\n") + 1
    assert (f"; it can no longer be evaluated: {copy}:{last}: cut short: the file ends inside line {last}, with no newline "
            "after it, a copy not finished or the file truncated; copy it whole again (as it stands: ") in run(
        "verify", path).stdout


@pytest.mark.parametrize("old, new, english, chinese", [
    ('clause: "2.1 岗位经验"\n        text: 3年以上销售工作经历', 'clause: "2.1.2 岗位经验"\n        text: 3年以上销售工作经历',
     'L1.sales_tenure: clause "2.1 岗位经验" recorded, "2.1.2 岗位经验" now',
     'L1.sales_tenure：条款（clause）记录为 "2.1 岗位经验"，现为 "2.1.2 岗位经验"'),
    ("en: 3 years in sales\n", "en: 3 years in sales. Any sales counts\n",  # a requirement of two sentences
     'L1.sales_tenure: requirement "3 years in sales" recorded, "3 years in sales. Any sales counts" now',
     'L1.sales_tenure：要求（requirement）记录为 "3 years in sales"，现为 "3 years in sales. Any sales counts"'),
    ("- {fact: work_months_after, at_least: 2 years}\n",
     "- {fact: work_months_after, at_least: 2 years}\n              - {fact: mode, in: [full_time, part_time]}\n",
     "L1.education: education.mode (bachelor 2017-07-01) read now, not in the record",
     "L1.education：education.mode（bachelor 2017-07-01） 现读取，记录中没有"),
], ids=["clause", "requirement", "reading-added"])
def test_a_rule_explained_otherwise_is_named_with_the_field_and_both_values(dossier, tmp_path, old, new, english,
                                                                           chinese):
    """An auditor reads which rule, which of its fields, what the record says and what the ruleset says now:
    a clause cited otherwise, a requirement worded otherwise, a fact read that was not; the outcome stays a
    difference."""
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    run("check", dossier, "--ruleset", copy, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    text = copy.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    result, zh = run("verify", path), run("verify", path, "--lang", "zh")
    assert result.exit_code == zh.exit_code == 1
    assert f"; the statuses are the same, the explanations differ ({english}); judged by " in result.stdout
    assert f"；各项结果相同，说明不同（{chinese}）；按留存的评定时标准副本（" in zh.stdout


def test_a_record_whose_dossier_is_gone_cannot_be_verified(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    dossier.unlink()
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2
    assert result.stdout == f"{path}: cannot verify: dossier not found ({dossier})\n"


def test_a_folder_of_records_that_cannot_be_read_cannot_be_verified(dossier, tmp_path, deny_listing):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    for sub in ("a-locked", "z-open"):
        (tmp_path / "rec" / sub).mkdir()
        shutil.copy(path, tmp_path / "rec" / sub / path.name)
    deny_listing(tmp_path / "rec" / "a-locked")
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: reproduced",
        f"{tmp_path / 'rec' / 'a-locked'}: cannot verify: cannot read folder: Permission denied; "
        "its records, if any, were not verified",
        f"{tmp_path / 'rec' / 'z-open' / path.name}: reproduced",
    ]
    assert result.stderr == "3 records: 2 reproduced, 0 differ, 1 cannot be verified, 0 missing\n"


def test_a_link_to_a_folder_of_records_elsewhere_is_said_not_searched(dossier, tmp_path):
    # Records kept on a share, linked into the folder verified: not entered, and never passed over in silence.
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    (tmp_path / "share").mkdir()
    shutil.copy(path, tmp_path / "share" / path.name)
    (tmp_path / "rec" / "share").symlink_to(tmp_path / "share", target_is_directory=True)
    (tmp_path / "rec" / "again").symlink_to(tmp_path / "rec", target_is_directory=True)  # inside: verified there
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: reproduced",
        f"{tmp_path / 'rec' / 'share'}: cannot verify: a link to a folder is not searched, so its records, "
        "if any, were not verified: name it on the command line"]
    named = run("verify", tmp_path / "rec", tmp_path / "rec" / "share")  # named as well: verified, nothing said
    assert named.exit_code == 0
    assert named.stdout.splitlines() == [f"{path}: reproduced", f"{tmp_path / 'rec' / 'share' / path.name}: reproduced"]



def test_a_link_to_nothing_or_in_a_loop_among_records_says_so_not_that_it_is_no_record(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    (tmp_path / "rec" / "gone.json").symlink_to(tmp_path / "moved.json")  # the share it led to is gone
    (tmp_path / "rec" / "loop.json").symlink_to("loop.json")
    result = run("verify", tmp_path / "rec")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: reproduced",
        f"{tmp_path / 'rec' / 'gone.json'}: cannot verify: cannot read the record: a link to nothing (its target is gone)",
        f"{tmp_path / 'rec' / 'loop.json'}: cannot verify: cannot read the record: a link in a loop (it leads back to "
        "itself)"]
    zh = run("verify", tmp_path / "rec", "--lang", "zh").stdout.splitlines()
    assert zh[1] == f"{tmp_path / 'rec' / 'gone.json'}：无法核对：无法读取判定记录：链接的目标已不存在"

    shown = run("show", tmp_path / "rec")  # show says it as verify does, not in the system's words
    assert shown.exit_code == 2
    assert shown.stderr.splitlines() == [
        f"Error: {tmp_path / 'rec' / 'gone.json'}: cannot read the record: a link to nothing (its target is gone)",
        f"Error: {tmp_path / 'rec' / 'loop.json'}: cannot read the record: a link in a loop (it leads back to itself)"]


@pytest.mark.parametrize("command", ["verify", "show"])
def test_a_pipe_named_like_a_record_or_a_manifest_is_said_not_waited_on(dossier, tmp_path, command):
    # A folder of dossiers names a pipe in its place; a records folder read it, and waited for ever on one.
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    [manifest] = (tmp_path / "rec" / "batches").iterdir()
    os.mkfifo(tmp_path / "rec" / "late.json")
    os.mkfifo(tmp_path / "rec" / "batches" / "20991231T000000Z--0badf00d.jsonl")
    done = subprocess.run([sys.executable, "-m", "certify", command, str(tmp_path / "rec")], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "LANG": "en_US.UTF-8"})
    assert done.returncode == 2
    said = done.stdout if command == "verify" else done.stderr
    pipes = [f"{tmp_path / 'rec' / 'batches' / '20991231T000000Z--0badf00d.jsonl'}", f"{tmp_path / 'rec' / 'late.json'}"]
    if command == "verify":
        assert [line for line in said.splitlines() if "not a regular file" in line] == [
            f"{p}: cannot verify: not a regular file (a pipe or a device): not read" for p in pipes]
        assert f"{path}: reproduced" in said.splitlines()
    else:
        assert [line for line in said.splitlines() if "not a regular file" in line] == [
            f"Error: {p}: not a regular file (a pipe or a device): not read" for p in pipes]
        assert str(path) in done.stdout and manifest.exists()


def test_verify_of_a_folder_without_records_says_so_and_is_not_an_all_clear(tmp_path):
    result = run("verify", tmp_path)
    assert result.exit_code == 2  # `certify verify records/ && publish` must not go ahead on nothing
    assert result.stderr == (f"note: no decision records (.json) in {tmp_path}\n"
                             "0 records: 0 reproduced, 0 differ, 0 cannot be verified\n")


def test_verify_without_such_a_path_is_a_usage_error(tmp_path):
    result = run("verify", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr == f"Error: no such file or folder: {tmp_path / 'nowhere'}\n"


def test_a_different_record_already_there_is_refused_and_exits_2(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["python"] = "tampered"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = run("check", dossier, "--record", tmp_path / "rec", "-q")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {dossier}: decision record {path} already exists with different content "
                             "(not replaced)\n")
    assert json.loads(path.read_text(encoding="utf-8"))["python"] == "tampered"


# ---- check --overrides ----


def test_overrides_are_a_column_and_never_change_the_verdict_or_exit_status(committee):
    plain = run("check", APPLICANTS / "zhao-lei.yaml", "--no-explain", "-q")
    result = run("check", APPLICANTS / "zhao-lei.yaml", "--no-explain", "-q", "--overrides", committee)
    assert result.exit_code == plain.exit_code == 1
    header, _, row = result.stdout.splitlines()
    assert re.split(r"\s{2,}", header)[-2:] == ["target", "committee override"]
    assert re.split(r"\s{2,}", row) == re.split(r"\s{2,}", plain.stdout.splitlines()[2].rstrip()) + [
        "L2 grant (评审委员会纪要 2026-12 第3号)"]
    assert re.split(r"\s{2,}", row)[3:9] == ["1 Sales Representative", "pass", "fail", "fail", "fail", "2 fail"]


def test_overrides_in_the_explanation_and_jsonl(committee):
    explained = run("check", APPLICANTS / "zhao-lei.yaml", "-q", "--overrides", committee)
    assert ("  COMMITTEE OVERRIDE: L2 grant: 主导省级重点项目，销售年限差3个月. Approved by 评审委员会主任 王建国, "
            "评审委员会纪要 2026-12 第3号, 2026-12-20") in sentences(explained.stdout)
    assert "  qualified level: 1 Sales Representative" in explained.stdout
    plain = json.loads(run("check", APPLICANTS / "zhao-lei.yaml", "-q", "--format", "jsonl").stdout)
    record = json.loads(run("check", APPLICANTS / "zhao-lei.yaml", "-q", "--format", "jsonl",
                            "--overrides", committee).stdout)
    assert record.pop("overrides") == [{
        "applicant_id": "AP-103", "level": 2, "decision": "grant", "reason": "主导省级重点项目，销售年限差3个月",
        "approver": "评审委员会主任 王建国", "reference": "评审委员会纪要 2026-12 第3号", "date": "2026-12-20",
        "file": str(committee), "entry": 1}]
    assert record == plain


def test_overrides_in_a_last_csv_column_and_only_when_given(committee):
    rows = list(csv.DictReader(io.StringIO(run("check", APPLICANTS / "zhao-lei.yaml", APPLICANTS / "invalid-misspelt-key.yaml",
                                               "-q", "--format", "csv", "--overrides", committee).stdout)))
    assert list(rows[0])[-2:] == ["error", "overrides"]
    assert rows[0]["overrides"] == "L2 grant (评审委员会纪要 2026-12 第3号)" and rows[0]["target_status"] == "fail"
    assert rows[1]["overrides"] == "" and rows[1]["error"].startswith("unknown key 'employmnet'")
    plain = run("check", APPLICANTS / "zhao-lei.yaml", "-q", "--format", "csv").stdout
    assert plain.splitlines()[0].endswith(",error")


def test_overrides_go_into_decision_records(committee, tmp_path):
    run("check", APPLICANTS / "zhao-lei.yaml", "-q", "--overrides", committee, "--record", tmp_path / "rec")
    record = json.loads(only_record(tmp_path / "rec").read_text(encoding="utf-8"))
    assert [o["reference"] for o in record["overrides"]] == ["评审委员会纪要 2026-12 第3号"]
    assert record["options"]["overrides"] == str(committee)
    assert record["verdict"]["qualified_level"] == 1 and "overrides" not in record["verdict"]


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json", "markdown"])
def test_an_override_for_an_applicant_not_in_the_batch_is_an_error(committee, fmt):
    # Before any verdict: not even a CSV header on standard output, which a script would take for an empty batch.
    committee.write_text(COMMITTEE.replace("AP-103", "AP-1O3"), encoding="utf-8")
    result = run("check", APPLICANTS, "--overrides", committee, "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"Error: {committee}:2: entry 1: applicant 'AP-1O3' is not in the batch "
                             "(did you mean 'AP-103'?)\n")


def test_an_override_for_a_level_the_ruleset_lacks_is_an_error(committee):
    committee.write_text(COMMITTEE.replace("level: 2", "level: 7"), encoding="utf-8")
    result = run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee)
    assert result.exit_code == 2
    # One ruleset file: no edition in force to name (a folder of editions names it: test_editions)
    assert result.stderr == f"Error: {committee}:2: entry 1: level 7 is not a level of kam-2014 2014.1 (1-4)\n"
    zh = run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee, "--lang", "zh")
    assert zh.stderr == f"错误：{committee}:2：第1条：级别 7 不是 kam-2014 2014.1 的级别（1-4）\n"


COMMITTEE_CSV = """\
申报人编号,级别,决定,理由,批准人,文号,日期,
AP-103,2,破格,主导省级重点项目,评审委员会主任 王建国,评审委员会纪要 2026-12 第3号,2026-12-20,补录
"""


@pytest.mark.parametrize("name, text, english, chinese", [
    ("committee.yaml", COMMITTEE.replace("decision: 破格", "decision: grnat"),
     ":2: entry 1: decision: unknown decision 'grnat' (expected grant 破格/特批 or deny 不予认定) (did you mean 'grant'?)",
     ":2：第1条：决定（decision）：未知的决定 'grnat'（应为“破格”“特批”或“不予认定”）（是否应为 'grant'？）"),
    ("committee.yaml", COMMITTEE.replace("AP-103", "AP-1O3"),
     ":2: entry 1: applicant 'AP-1O3' is not in the batch (did you mean 'AP-103'?)",
     ":2：第1条：本次评定的申报材料中没有申报人 'AP-1O3'（是否应为 'AP-103'？）"),
    ("committee.yaml", COMMITTEE.replace("2026-12-20", "2026-13-02"),
     ":2: entry 1: date: '2026-13-02' is not a real date",
     ":2：第1条：日期（date）：'2026-13-02' 不是真实存在的日期"),
    ("committee.csv", COMMITTEE_CSV.replace("日期,\n", "日期,批准入\n"),
     ":1: unknown column '批准入' (did you mean '批准人'?)",
     ":1：未知的列 '批准入'（是否应为 '批准人'？）"),
    ("committee.csv", COMMITTEE_CSV,
     ":2: entry 1: column H: a value in a column without a header (give it one, or begin one with # for a note)",
     ":2：第1条“H”列：没有列名的列中有值（请给该列加列名，或以 # 开头的列名作为备注）"),
], ids=["unknown decision", "applicant not in the batch", "no such date", "unknown column", "column without a header"])
def test_a_decisions_file_error_is_said_in_the_language_asked_for(tmp_path, name, text, english, chinese):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for lang, said in (("en", english), ("zh", chinese)):
        result = run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", path, "--lang", lang, "--format", "jsonl")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"{'错误：' if lang == 'zh' else 'Error: '}{path}{said}\n"


# ---- certify test ----


def test_certify_test_passes_on_the_bundled_standard():
    result = run("test")
    assert result.exit_code == 0, result.output
    assert "pass  kam-2014.tests.yaml: every threshold of level 4 met exactly" in result.stdout
    assert "FAIL" not in result.stdout
    assert result.stderr.endswith(" failed\n") and ", 0 failed" in result.stderr


def test_certify_test_fails_with_a_diff_when_a_threshold_changes(tmp_path):
    ruleset = tmp_path / "kam-2014.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    shutil.copy(CASES, tmp_path / "kam-2014.tests.yaml")
    text = ruleset.read_text(encoding="utf-8")
    ruleset.write_text(text.replace("at_least: 1 year}", "at_least: 2 years}", 1), encoding="utf-8")
    result = run("test", ruleset, "-q")
    assert result.exit_code == 1
    assert """\
FAIL  kam-2014.tests.yaml: level 1 exactly at its thresholds (本2, 3 years sales, 1 year IT sales, seven stages)
  qualified level
    - expected  1
    + actual    0
  level 1 Sales Representative (its rules: L1.education pass, L1.sales_tenure pass, L1.it_sales_tenure fail, \
L1.sales_cycle pass)
    - expected  pass
    + actual    fail
  rule L1.it_sales_tenure (clause 2.1 岗位经验: 1年以上IT销售工作经历)
    - expected  pass
    + actual    fail
      applicant.it_sales_months: actual 12, required at_least 24 -> fail
        (IT sales tenure 1 year, 1 year short of the required at least 2 years)
""" in result.stdout
    assert "pass  " not in result.stdout


def test_certify_test_in_chinese_says_passes_failures_differences_and_the_summary_in_chinese(tmp_path):
    passing = run("test", "--lang", "zh")
    assert passing.exit_code == 0
    assert "通过  kam-2014.tests.yaml：every threshold of level 4 met exactly" in passing.stdout
    assert passing.stderr == "共 23 个测试用例：23 个通过，0 个未通过\n"
    ruleset = tmp_path / "kam-2014.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    # Cases named in Chinese, as a company's rule authors may write them.
    cases = CASES.read_text(encoding="utf-8").replace(
        "name: level 1 exactly at its thresholds (本2, 3 years sales, 1 year IT sales, seven stages)",
        "name: 恰好达到1级各项门槛")
    (tmp_path / "kam-2014.tests.yaml").write_text(cases, encoding="utf-8")
    text = ruleset.read_text(encoding="utf-8")
    ruleset.write_text(text.replace("at_least: 1 year}", "at_least: 2 years}", 1), encoding="utf-8")
    result = run("test", ruleset, "--lang", "zh")
    assert result.exit_code == 1
    failed = """\
未通过  kam-2014.tests.yaml：恰好达到1级各项门槛
  认定级别
    - 预期  1
    + 实际  未达到任何级别
  1级 销售代表（其规则：L1.education 符合，L1.sales_tenure 符合，L1.it_sales_tenure 不符合，L1.sales_cycle 符合）
    - 预期  符合
    + 实际  不符合
  规则 L1.it_sales_tenure（条款 2.1 岗位经验：1年以上IT销售工作经历）
    - 预期  符合
    + 实际  不符合
      applicant.it_sales_months（IT销售工作经历）：实际 1年，要求 不少于2年 → 不符合
        （IT销售工作经历1年（要求不少于2年），还差1年）
"""
    assert failed in result.stdout
    assert result.stderr == "共 23 个测试用例：21 个通过，2 个未通过\n"
    # Once its ids, file name and fact keys are taken out, the failing case's lines have no English word left.
    kept = re.compile(r"kam-2014\.tests\.yaml|\bL\d\.\w+|applicant\.\w+|IT(?=销售)")
    assert re.findall(r"[A-Za-z]{2,}", kept.sub("", failed)) == []
    missing = run("test", tmp_path / "x.yaml", "--lang", "zh")
    assert missing.exit_code == 2 and missing.stderr == f"错误：找不到文件或文件夹：{tmp_path / 'x.yaml'}\n"


def test_certify_test_on_a_ruleset_without_cases_is_a_usage_error(tmp_path):
    ruleset = tmp_path / "x.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    result = run("test", ruleset)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {ruleset}: no test cases (write them in {tmp_path / 'x.tests.yaml'})\n"
    said = run("test", ruleset, "--lang", "zh")
    assert said.stderr == f"错误：{ruleset}：没有测试用例（请写在 {tmp_path / 'x.tests.yaml'} 中）\n"


def test_certify_test_of_a_folder_notes_each_edition_without_cases_beside_it(tmp_path):
    # A folder of editions where only 2026's have cases: the 2014 edition would be passed over unseen.
    editions = tenure_folder(tmp_path)
    shutil.copy(CASES, editions / "kam-2026.tests.yaml")
    result = run("test", editions)
    assert result.exit_code == 0 and "pass  kam-2026.tests.yaml: " in result.stdout
    assert result.stderr == (f"note: {editions / 'kam-2014.yaml'} has no test cases (write them in "
                             f"{editions / 'kam-2014.tests.yaml'})\n23 cases: 23 passed, 0 failed\n")
    said = run("test", editions, "--lang", "zh")
    assert said.stderr.splitlines()[0] == (f"注意：{editions / 'kam-2014.yaml'} 没有测试用例（请写在 "
                                           f"{editions / 'kam-2014.tests.yaml'} 中）")
    assert run("test", editions, "-q").stderr == ""
    # Each edition with its cases (or named by a case file's ruleset key): nothing to note.
    (editions / "more.tests.yaml").write_text(CASES.read_text(encoding="utf-8").replace(
        "cases:", "ruleset: kam-2014.yaml\ncases:", 1), encoding="utf-8")
    assert run("test", editions).stderr == "46 cases: 46 passed, 0 failed\n"


@pytest.mark.parametrize("command", ["verify", "test"])
def test_help_teaches_with_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.stdout and "Exit status" in result.stdout


def test_check_help_names_record_and_overrides():
    result = run("check", "--help")
    assert "--record DIRECTORY" in result.stdout and "--overrides FILE" in result.stdout


def test_a_record_judged_from_a_folder_of_editions_is_verified_against_that_folder(tmp_path):
    # The forecast's dates run through the editions after the as-of date: judged again from the
    # edition file alone, 赵磊's passes_on (2022-06-30, under 2020.1) would not come out.
    folder = tmp_path / "editions"
    shutil.copytree(Path(__file__).parent / "rulesets" / "editions", folder)
    rec = tmp_path / "rec"
    made = run("check", APPLICANTS / "zhao-lei.yaml", APPLICANTS / "huang-tao.yaml", "--ruleset", folder,
               "--as-of", "2019-06-30", "--format", "jsonl", "--record", rec, "-q")
    assert made.exit_code in (0, 1) and '"passes_on_ruleset"' in made.stdout
    assert run("verify", rec).exit_code == 0
    record = json.loads(sorted(rec.glob("AP-103*.json"))[0].read_text(encoding="utf-8"))
    assert sorted(record["ruleset"]["editions"]["files"]) == ["kam-2014.yaml", "kam-2020.yaml"]
    # A new edition in the folder is a change of what the verdict was judged by: said, and judged again.
    later = (folder / "kam-2020.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2020.1"', 'version: "2024.1"'), ("effective: 2020-01-01", "effective: 2024-01-01")):
        later = later.replace(old, new)
    (folder / "kam-2024.yaml").write_text(later, encoding="utf-8")
    result = run("verify", rec)
    assert result.exit_code == 1
    assert result.stdout.count("differs: the editions changed (") == 2
    assert f"({folder}: kam-2024.yaml added)" in result.stdout
    # A dossier edited as well: both are named, the dossier first.
    edited = tmp_path / "zhao-lei.yaml"
    shutil.copy(APPLICANTS / "zhao-lei.yaml", edited)
    run("check", edited, "--ruleset", folder, "--as-of", "2019-06-30", "--record", tmp_path / "rec2", "-q")
    edited.write_text(edited.read_text(encoding="utf-8") + "# read again\n", encoding="utf-8")
    (folder / "kam-2024.yaml").unlink()
    said = run("verify", tmp_path / "rec2").stdout
    assert f": differs: the dossier changed ({edited}: sha256 " in said
    assert f"… now), and the editions changed ({folder}: kam-2024.yaml removed); " in said


def test_a_dossiers_own_as_of_date_edited_is_read_again_but_a_given_one_is_kept(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "own", "-q")
    run("check", dossier, "--as-of", "2025-06-30", "--record", tmp_path / "given", "-q")
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("as_of: 2025-06-30", "as_of: 2018-06-30"),
                       encoding="utf-8")
    own = run("verify", tmp_path / "own").stdout
    # check would now judge it as of 2018-06-30 (level 1 fails): verify says so, not "the verdict is the same".
    assert "the dossier changed" in own and "the verdict changed: as of 2025-06-30 -> 2018-06-30, qualified level 1 -> 0" in own
    given = run("verify", tmp_path / "given").stdout
    assert "the dossier changed" in given and "the verdict is the same" in given  # --as-of 2025-06-30 still


def test_a_committee_decision_changed_or_gone_since_the_record_is_a_difference(committee, tmp_path):
    rec = tmp_path / "rec"
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee, "--record", rec, "-q")
    assert run("verify", rec).exit_code == 0
    committee.write_text(COMMITTEE.replace("decision: 破格", "decision: 不予认定"), encoding="utf-8")
    revoked = run("verify", rec)
    assert revoked.exit_code == 1
    assert (f"differs: the committee's decisions changed ({committee}: L2 decision \"grant\" recorded, \"deny\" now); "
            "the verdict is the same") in revoked.stdout
    committee.unlink()
    gone = run("verify", rec)
    assert gone.exit_code == 1 and "differs: the committee's decisions cannot be read" in gone.stdout


LONG = "主导省级重点项目（某市智慧医疗二期，合同额980万元），销售年限差3个月，经评审委员会全体会议讨论，同意破格"


@pytest.mark.parametrize("edits, said", [
    ((("差3个月", "差4个月"),), 'L2 reason "主导省级重点项目，销售年限差3个月" recorded, "主导省级重点项目，销售年限差4个月" now'),
    ((("王建国", "李红"),), 'L2 approver "评审委员会主任 王建国" recorded, "评审委员会主任 李红" now'),
    ((("第3号", "第4号"),), 'L2 reference "评审委员会纪要 2026-12 第3号" recorded, "评审委员会纪要 2026-12 第4号" now'),
    ((("date: 2026-12-20", "date: 2026-12-21"),), 'L2 date "2026-12-20" recorded, "2026-12-21" now'),
    ((("差3个月", "差4个月"), ("王建国", "李红")),
     'L2 reason "主导省级重点项目，销售年限差3个月" recorded, "主导省级重点项目，销售年限差4个月" now; '
     'L2 approver "评审委员会主任 王建国" recorded, "评审委员会主任 李红" now'),
    ((("主导省级重点项目，销售年限差3个月", LONG),),  # long: from a little before where the two part, its middle cut
     'L2 reason "主导省级重点项目，销售年限差3个月" recorded, "主导省级重点项目（某市智慧医疗二期，合同额980…年限差3个月，经评审委员会全体会议讨论，同意破格" now'),
    ((("level: 2", "level: 3"),), "L2 grant recorded, none now; L3 none recorded, grant now"),
], ids=["reason", "approver", "reference", "date", "two-fields", "long-reason", "level"])
def test_a_committee_decision_edited_is_named_by_the_fields_that_changed(committee, tmp_path, edits, said):
    rec = tmp_path / "rec"
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee, "--record", rec, "-q")
    text = COMMITTEE
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    committee.write_text(text, encoding="utf-8")
    result = run("verify", rec)
    assert result.exit_code == 1
    assert result.stdout == (f"{only_record(rec)}: differs: the committee's decisions changed ({committee}: {said}); "
                             "the verdict is the same\n")


def test_a_rule_dropped_or_renamed_by_the_ruleset_is_named_in_the_difference(dossier, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(DEFAULT_RULESET.read_text(encoding="utf-8"), encoding="utf-8")
    run("check", dossier, "--ruleset", mine, "--record", tmp_path / "rec", "-q")
    mine.write_text(mine.read_text(encoding="utf-8").replace("id: L4.project", "id: L4.proj"), encoding="utf-8")
    result = run("verify", tmp_path / "rec").stdout
    assert "L4.proj absent -> fail" in result and "L4.project fail -> absent" in result


def test_a_verdict_edited_by_hand_is_named_by_what_was_edited(dossier, tmp_path):
    run("check", dossier, "--record", tmp_path / "rec", "-q")
    path = only_record(tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["verdict"]["target_level"] = 1  # outside the digest of the inputs: the verdict itself
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    assert "differs: the verdict changed: target level 1 -> 2" in run("verify", tmp_path / "rec").stdout


EDITED_EN = ("the record itself was most likely edited after it was written")
CONTRADICTED_EN = ("the record was edited after it was written: its verdict contradicts itself (target status pass, but "
                   "level 2 is fail)")
CONTRADICTED_ZH = "判定记录写入后被修改过：其判定结果自相矛盾（申报级别结果为符合，但2级为不符合）"


def test_a_verdict_edited_by_hand_with_its_inputs_and_engine_as_recorded_is_said_edited(committee, tmp_path):
    # An auditor finds a record whose target status was turned from fail to pass, its name and digest kept: its
    # level 2 still fails, a verdict no code of certify writes, so verify says the record was edited, outright.
    rec = tmp_path / "rec"
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee, "--record", rec, "-q")
    path = only_record(rec)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["verdict"]["target_status"] == "fail" and record["overrides"]
    record["verdict"]["target_status"] = "pass"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run("verify", path)
    assert result.exit_code == 1  # still differs: scripts read the word and the status
    assert result.stdout == f"{path}: differs: the verdict changed: target status pass -> fail; {CONTRADICTED_EN}\n"
    assert run("verify", path, "--lang", "zh").stdout == (
        f"{path}：不一致：判定结果已改变：申报级别结果 符合 -> 不符合；{CONTRADICTED_ZH}\n")
    assert run("show", path).stderr.startswith(f"warning: {path}: {CONTRADICTED_EN}")  # as show says it
    # A verdict edited that still agrees with itself (an explanation's words) may be the record's edit or not:
    # most likely it is, and the decisions file is named. Without one, none is.
    worded = json.loads(path.read_text(encoding="utf-8"))
    worded["verdict"]["target_status"] = "fail"
    worded["verdict"]["levels"][0]["rules"][0]["explanation"] += "!"
    path.write_text(json.dumps(worded, ensure_ascii=False, indent=2), encoding="utf-8")
    said = run("verify", path).stdout
    assert said.startswith(f"{path}: differs: the statuses are the same, ")
    assert said.endswith("; the dossier, ruleset and committee's decisions are as recorded and certify (its code too) "
                         f"and durable-rules are those that wrote it, so {EDITED_EN}\n")
    assert run("verify", path, "--lang", "zh").stdout.endswith(
        "；申报材料、标准和评审委员会决定与记录一致，certify（连同其代码）和 durable-rules 也是写入它的版本，因此最可能是判定记录本身"
        "在写入后被修改过\n")
    run("check", APPLICANTS / "zhao-lei.yaml", "--record", tmp_path / "plain", "-q")
    plain = only_record(tmp_path / "plain")
    record = json.loads(plain.read_text(encoding="utf-8"))
    record["verdict"]["levels"][0]["rules"][0]["explanation"] += "!"
    plain.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    said = run("verify", plain).stdout
    assert said.startswith(f"{plain}: differs: the statuses are the same, ")
    assert said.endswith("; the dossier and ruleset are as recorded and certify (its code too) and durable-rules are those "
                         f"that wrote it, so {EDITED_EN}\n")
    # The decisions file edited too: the reason given, but a decision is shown beside the computed verdict and never
    # changes it, so the verdict that changed is still the record's edit, not the decision's doing: most likely, for
    # the explanation's words; outright, for the target status.
    committee.write_text(COMMITTEE.replace("decision: 破格", "decision: 不予认定"), encoding="utf-8")
    changed = run("verify", path)
    assert changed.exit_code == 1
    assert changed.stdout.startswith(f"{path}: differs: the committee's decisions changed ({committee}: L2 decision "
                                     "\"grant\" recorded, \"deny\" now); the statuses are the same, ")
    assert changed.stdout.endswith("; the committee's decisions change no computed verdict, and the dossier and ruleset "
                                   "are as recorded and certify (its code too) and durable-rules are those that wrote it, "
                                   f"so {EDITED_EN}\n")
    assert run("verify", path, "--lang", "zh").stdout.endswith(
        "；评审委员会决定不改变计算出的判定结果，而申报材料和标准与记录一致，certify（连同其代码）和 durable-rules 也是写入它的版本，"
        "因此最可能是判定记录本身在写入后被修改过\n")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["verdict"]["target_status"] = "pass"
    record["verdict"]["levels"][0]["rules"][0]["explanation"] = record["verdict"]["levels"][0]["rules"][0][
        "explanation"].removesuffix("!")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    changed = run("verify", path)
    assert changed.exit_code == 1
    assert changed.stdout == (f"{path}: differs: the committee's decisions changed ({committee}: L2 decision \"grant\" "
                              "recorded, \"deny\" now); the verdict changed: target status pass -> fail; "
                              f"{CONTRADICTED_EN}\n")
    assert run("verify", path, "--lang", "zh").stdout.endswith(f"；判定结果已改变：申报级别结果 符合 -> 不符合；{CONTRADICTED_ZH}\n")
    assert EDITED_EN not in changed.stdout
    # The decisions file edited alone: the verdict is the same, and nothing is said of the record.
    path.write_text(path.read_text(encoding="utf-8").replace('"target_status": "pass"', '"target_status": "fail"', 1),
                    encoding="utf-8")
    alone = run("verify", path).stdout
    assert alone.endswith("; the verdict is the same\n") and EDITED_EN not in alone and "contradicts" not in alone


def test_a_committee_decisions_file_is_found_again_from_another_folder(committee, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rec = tmp_path / "rec"
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee.name, "--record", rec, "-q")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the file was named relative to the folder check ran in
    assert run("verify", rec).stdout.endswith(": reproduced\n")


def test_a_committee_decisions_file_that_changed_is_named_as_check_was_given_it_as_the_dossier_is(
        committee, tmp_path, monkeypatch):
    # docs/records-and-overrides.md, reason 3: `评审委员会决定已更改（committee.yaml：2级 …）`, the name given to check,
    # not where it was found (the absolute path an auditor never typed), as the dossier is named in the same line.
    monkeypatch.chdir(tmp_path)
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee.name, "--record", "rec", "-q")
    committee.write_text(COMMITTEE.replace("decision: 破格", "decision: 不予认定"), encoding="utf-8")
    said = run("verify", "rec")
    assert said.exit_code == 1
    assert ": differs: the committee's decisions changed (committee.yaml: L2 decision \"grant\" recorded, " in said.stdout
    assert str(tmp_path) not in said.stdout
    assert "：不一致：评审委员会决定已更改（committee.yaml：2级 " in run("verify", "rec", "--lang", "zh").stdout
    committee.write_text("overrides: [", encoding="utf-8")  # no longer reads: named alike
    unread = run("verify", "rec").stdout
    assert ": differs: the committee's decisions cannot be read (" in unread and ": committee.yaml)" in unread
    assert str(tmp_path) not in unread


def test_a_record_whose_inputs_were_edited_says_what_it_can_of_which(committee, tmp_path, monkeypatch):
    # An auditor finds the committee's grant taken out of a record, or its dossier's sha256 replaced: the digest
    # says the record was edited; what the record and the files there say otherwise tells which input it was.
    monkeypatch.chdir(tmp_path)
    run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", committee.name, "--record", "rec", "-q")
    path = only_record(tmp_path / "rec")
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["overrides"] and written["overrides"][0]["decision"] == "grant"
    path.write_text(json.dumps({**written, "overrides": []}, ensure_ascii=False), encoding="utf-8")
    result = run("verify", "rec")
    assert result.exit_code == 2
    assert result.stdout.startswith(f"rec/{path.name}: cannot verify: the record was edited after it was written (its "
                                    "inputs give the digest ")
    assert result.stdout.endswith("); the committee's decisions it holds are not those in committee.yaml (L2 none "
                                  "recorded, grant now)\n")
    assert run("verify", "rec", "--lang", "zh").stdout.endswith(
        "）；其所记的评审委员会决定与 committee.yaml 中的不同（2级 记录为 无，现为 破格/特批）\n")
    dossier = {**written["dossier"], "sha256": "0" * 64}
    path.write_text(json.dumps({**written, "dossier": dossier}, ensure_ascii=False), encoding="utf-8")
    said = run("verify", "rec").stdout
    assert said.endswith(f"; dossier sha256: {written['dossier']['sha256'][:12]} in its name, 000000000000 in its "
                         "contents)\n")
    assert "committee's decisions" not in said  # as recorded: nothing to say of them


def test_a_file_named_to_verify_that_is_no_record_is_said_as_what_it_is_as_show_says_it(tmp_path):
    # An auditor handed a folder verifies the wrong file: verify says what it is and what reads it, not only what it
    # is not; a kept ruleset copied under a .json name is said to be a ruleset.
    dossier = APPLICANTS / "zhao-lei.yaml"
    result = run("verify", dossier)
    assert result.exit_code == 2
    assert result.stdout == f"{dossier}: cannot verify: a dossier, not a decision record: certify check judges it\n"
    assert run("verify", dossier, "--lang", "zh").stdout == (
        f"{dossier}：无法核对：这是申报材料，不是判定记录：请用 certify check 评定\n")
    ruleset = tmp_path / "standard.json"
    ruleset.write_text(DEFAULT_RULESET.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("verify", ruleset).stdout == (
        f"{ruleset}: cannot verify: a ruleset (kam-2014 2014.1), not a decision record: certify explain reads it\n")
    other = tmp_path / "other.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    assert run("verify", other).stdout == f"{other}: cannot verify: not a decision record\n"


def test_a_records_verdict_is_the_jsonl_object_with_the_dates_only_when_the_check_worked_them_out(tmp_path):
    """docs/records-and-overrides.md, `verdict` and `options.forecast`: what a record keeps of the forecast."""
    huang = APPLICANTS / "huang-tao.yaml"  # level 3 one month short: a date when time alone closes it
    jsonl = json.loads(run("check", huang, "--format", "jsonl").stdout)
    assert run("check", huang, "--record", tmp_path / "jsonl", "--format", "jsonl").exit_code == 1
    record = json.loads(only_record(tmp_path / "jsonl").read_text(encoding="utf-8"))
    assert record["verdict"] == jsonl and record["options"]["forecast"] is True
    assert jsonl["levels"][2]["passes_on"] == "2026-01-31"
    # The same dossier checked with --no-explain, or among others as a table: no dates worked out, none kept.
    for name, args in (("plain", [huang, "--no-explain"]), ("batch", [huang, APPLICANTS / "ma-li.yaml"])):
        assert run("check", *args, "--record", tmp_path / name).exit_code == 1
        [path] = (tmp_path / name).glob("AP-104--*.json")
        kept = json.loads(path.read_text(encoding="utf-8"))
        assert kept["options"]["forecast"] is False
        assert [level["passes_on"] for level in kept["verdict"]["levels"]] == [None] * 4
        assert all("passes_on" not in gap for level in kept["verdict"]["levels"] for gap in level["gaps"])
        assert [level["status"] for level in kept["verdict"]["levels"]] == [
            level["status"] for level in jsonl["levels"]]


def test_a_copy_handed_over_is_not_verified_unawares_in_place_of_the_files_where_they_were_judged(tmp_path,
                                                                                                   monkeypatch):
    cycle, copy = tmp_path / "cycle", tmp_path / "audit"
    cycle.mkdir()
    shutil.copy(APPLICANTS / "zhao-lei.yaml", cycle / "zhao-lei.yaml")
    (cycle / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    monkeypatch.chdir(cycle)
    run("check", "zhao-lei.yaml", "--overrides", "committee.yaml", "--record", "records", "-q")
    shutil.copytree(cycle, copy)  # the auditor's copy, in a folder of its own; the originals stay where they were
    monkeypatch.chdir(copy)
    (copy / "zhao-lei.yaml").write_text((cycle / "zhao-lei.yaml").read_text(encoding="utf-8").replace(
        "999,999", "1,000,000"), encoding="utf-8")  # the copy doctored
    (copy / "committee.yaml").write_text(COMMITTEE.replace("破格", "不予认定"), encoding="utf-8")
    [record] = Path("records").glob("*.json")
    result = run("verify", "records", "--lang", "en")
    assert result.stdout == (
        f"{record}: reproduced: note: the dossier was read at {cycle / 'zhao-lei.yaml'}, as recorded, not at "
        f"zhao-lei.yaml here, another file with other bytes; the committee's decisions were read at "
        f"{cycle / 'committee.yaml'}, as recorded, not at committee.yaml here, another file with other bytes\n")
    shown = "\n".join(sentences(run("show", record, "--lang", "zh").stdout))
    assert f"申报材料按记录从 {cycle / 'zhao-lei.yaml'} 读取，而非此处的 zhao-lei.yaml（此处的是另一份文件，内容不同）" in shown
    shutil.copy(copy / "zhao-lei.yaml", cycle / "zhao-lei.yaml")  # the same bytes in both: nothing to tell apart
    shutil.copy(copy / "committee.yaml", cycle / "committee.yaml")
    assert "note" not in run("verify", "records", "--lang", "en").stdout


def test_a_csv_set_copied_whole_is_not_said_to_be_another_with_other_bytes(tmp_path, monkeypatch):
    # As for a workbook: the auditor's copy of the CSV set, every file the same, is no other dossier to warn of.
    from sheetdata import write_csv_set

    from certify.dossier import dossier_from_data
    from certify.synthetic import synthetic_dossiers

    cycle, copy = tmp_path / "cycle", tmp_path / "audit"
    write_csv_set(cycle / "hr", [dossier_from_data(d) for d in synthetic_dossiers(1, seed=1)])
    monkeypatch.chdir(cycle)
    run("check", "hr", "--record", "records", "-q")
    shutil.copytree(cycle, copy)
    monkeypatch.chdir(copy)
    assert "note" not in run("verify", "records", "--lang", "en").stdout
    with open(copy / "hr" / "projects.csv", "a", encoding="utf-8") as f:  # the copy's set doctored
        f.write("S000001,某市政务云,620万,主导运作,已完成,\n")
    [record] = Path("records").glob("*.json")
    assert run("verify", "records", "--lang", "en").stdout == (
        f"{record}: reproduced: note: the dossier was read at {cycle / 'hr'}, as recorded, not at hr here, another "
        "file with other bytes\n")


@contextmanager
def piped(text: str):
    """A name for a pipe that holds `text` (as a shell's <(cat FILE) gives one): /dev/fd/N."""
    read, write = os.pipe()
    os.write(write, text.encode("utf-8"))
    os.close(write)
    try:
        yield Path(f"/dev/fd/{read}")
    finally:
        os.close(read)


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("which", ["dossier", "--ruleset", "--overrides"])
def test_an_input_that_is_no_file_to_read_again_is_refused_with_record_before_anything_is_written(tmp_path, command,
                                                                                                    which):
    # `cat dossier.yaml | certify check --record r /dev/stdin`, `--ruleset <(...)`: the record named a pipe, which
    # certify verify could never read again ('dossier not found'); a ruleset so named kept no copy ('changed
    # while the batch was judged').
    root = Path(__file__).resolve().parents[1]
    dossier = root / "applicants" / "zhao-lei.yaml"
    given = {"dossier": dossier, "--ruleset": DEFAULT_RULESET, "--overrides": None}[which]
    text = COMMITTEE if given is None else Path(given).read_text(encoding="utf-8")
    out = ["--out", tmp_path / "review"] if command == "report" else []
    for lang in ("en", "zh"):
        with piped(text) as pipe:
            args = {"dossier": [pipe], "--ruleset": [dossier, "--ruleset", pipe],
                    "--overrides": [dossier, "--overrides", pipe]}[which]
            result = CliRunner().invoke(main, [str(a) for a in [command, *args, *out, "--record",
                                                                tmp_path / "records", "--lang", lang]])
        assert result.exit_code == 2
        assert result.stderr == {
            "en": f"Error: {pipe} is not a file (a pipe or a device): a decision record names its inputs, which "
                  "certify verify reads again; save it as a file first, or leave out --record\n",
            "zh": f"错误：{pipe} 不是普通文件（管道或设备）：判定记录会写明其输入，供 certify verify 重新读取；请先把它保存为"
                  "文件，或不加 --record\n"}[lang]
        assert list(tmp_path.iterdir()) == []  # no records, no report
