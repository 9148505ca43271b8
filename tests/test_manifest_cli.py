"""A batch's manifest and kept rulesets in the records folder, as an auditor meets them: check --record writes
them, verify reads them (a record deleted is missing, a copy is said, inputs without a record are noted)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import records as records_module
from certify.cli import main
from certify.ruleset import DEFAULT_RULESET
from samples import sentences

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
EDITIONS = ROOT / "tests" / "rulesets" / "editions"
BROKEN = APPLICANTS / "invalid-misspelt-key.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_of(folder: Path) -> tuple[dict, list[dict]]:
    [path] = (folder / "batches").iterdir()
    head, *entries = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    return head, entries


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> Path:
    """The bundled applicants recorded once (12 dossiers: 11 records, one that cannot be evaluated)."""
    folder = tmp_path_factory.mktemp("cycle") / "records"
    assert run("check", APPLICANTS, "--record", folder, "-q", "--format", "jsonl").exit_code == 2
    return folder


@pytest.fixture
def records(cycle, tmp_path) -> Path:
    """A copy of the cycle's records folder, to change."""
    return Path(shutil.copytree(cycle, tmp_path / "records"))


def test_the_manifest_lists_every_input_in_order_the_one_not_evaluated_with_checks_words(cycle):
    head, entries = manifest_of(cycle)
    dossiers = sorted(APPLICANTS.glob("*.yaml"))
    assert [e["file"] for e in entries] == [str(p) for p in dossiers]
    assert [e["input"] for e in entries] == list(range(1, 13))
    [failed] = [e for e in entries if e["outcome"] != "written"]
    row = json.loads(run("check", BROKEN, "--format", "jsonl").stdout)
    assert failed == {"input": dossiers.index(BROKEN) + 1, "file": str(BROKEN), "outcome": "not evaluated",
                      "line": 6, "error": row["error"]}
    written = sorted(p.name for p in cycle.glob("*.json"))
    assert sorted(e["record"] for e in entries if e["outcome"] == "written") == written
    assert head["format"] == "certify-batch-manifest/1" and head["inputs"] == 12
    assert head["outcomes"] == {"written": 11, "already there": 0, "not evaluated": 1, "not recorded": 0}
    assert head["options"] == {"as_of": None, "level": None, "overrides": None, "paths": [str(APPLICANTS)]}
    assert head["versions"]["certify"] == json.loads((cycle / written[0]).read_text("utf-8"))["versions"]["certify"]
    [ruleset] = head["rulesets"]
    bundled = sha256(DEFAULT_RULESET)
    assert ruleset == {"id": "kam-2014", "version": "2014.1", "sha256": bundled, "effective": "2014-03-13",
                       "bundled": True, "path": "kam-2014.yaml", "kept": f"rulesets/{bundled}.yaml", "verdicts": 11}
    assert (cycle / ruleset["kept"]).read_bytes() == DEFAULT_RULESET.read_bytes()


def test_a_second_run_has_a_manifest_of_its_own_saying_its_records_were_there(records):
    again = run("check", APPLICANTS, "--record", records, "-q", "--format", "jsonl")
    assert again.exit_code == 2 and again.stderr == ""
    manifests = list((records / "batches").iterdir())
    assert len(manifests) == 2 and len(list((records / "rulesets").iterdir())) == 1  # kept once per content
    heads = sorted(json.loads(p.read_text("utf-8").splitlines()[0])["outcomes"]["already there"] for p in manifests)
    assert heads == [0, 11]


def test_a_deleted_record_is_missing_and_verify_fails(records):
    [deleted] = records.glob("AP-101--*.json")
    deleted.unlink()
    [manifest] = (records / "batches").iterdir()
    result = run("verify", records)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        f"{deleted}: missing: listed by the batch manifest {manifest} (input 7, {APPLICANTS / 'liu-yang.yaml'}), "
        "not in the folder: deleted or moved")
    assert result.stdout.count(": reproduced\n") == 10
    assert result.stderr == (f"note: {manifest}: 1 of 12 inputs got no record: {BROKEN}:6 (could not be evaluated)\n"
                             "11 records: 10 reproduced, 0 differ, 0 cannot be verified, 1 missing\n")
    zh = run("verify", records, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stdout.splitlines()[-1] == (
        f"{deleted}：缺失：批次清单 {manifest} 列出了它（第7项输入，{APPLICANTS / 'liu-yang.yaml'}），"
        "但文件夹中没有：已被删除或移走")
    assert zh.stderr == (f"注意：{manifest}：12 项输入中有 1 项没有判定记录：{BROKEN}:6（无法评定）\n"
                         "共 11 份判定记录：10 份已复现，0 份不一致，0 份无法核对，1 份缺失\n")


def test_a_record_deleted_with_its_line_of_the_manifest_is_said_where_the_manifest_was_edited(records):
    # The careful tamperer deletes a record and takes its line out of the manifest: the manifest says why it is not
    # one any more (a line out of its place), and the records it lists are not said to be an older certify's.
    [deleted] = records.glob("AP-101--*.json")
    deleted.unlink()
    [manifest] = (records / "batches").iterdir()
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(lines[7])["input"] == 7
    manifest.write_text("".join(lines[:7] + lines[8:]), encoding="utf-8")
    result = run("verify", records)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        f"{manifest}: cannot verify: not a batch manifest (line 8: input 8 where input 7 should be: a line taken out, "
        "added or moved since it was written)")
    note = result.stderr.splitlines()[0]
    assert note.startswith(f"note: 10 records in {records} are listed by none of its batch manifests that can be read "
                           f"({manifest}, which cannot be read, may list them: see above): ")
    assert "older certify" not in result.stderr
    zh = run("verify", records, "--lang", "zh")
    assert zh.stdout.splitlines()[-1] == (
        f"{manifest}：无法核对：不是批次清单（第8行：此处应为第7项输入，却是第8项：写出后有行被删去、添加或移动）")
    assert zh.stderr.startswith(f"注意：{records} 中有 10 份判定记录未列入其任何可读取的批次清单（无法读取的批次清单 {manifest} "
                                "可能列有这些记录，见上）：")
    # The last line taken out instead: the head's count says so.
    manifest.write_text("".join(lines[:-1]), encoding="utf-8")
    assert run("verify", records).stdout.splitlines()[-1] == (
        f"{manifest}: cannot verify: not a batch manifest (line 1: it counts 12 inputs, and 11 follow it: lines "
        "taken out or added since it was written)")
    manifest.write_text("".join(lines[:3] + ["{not json\n"] + lines[4:]), encoding="utf-8")
    assert run("verify", records).stdout.splitlines()[-1] == (
        f"{manifest}: cannot verify: not a batch manifest (line 4: not a JSON object)")
    # Cut short in the middle of a line (a copy not finished): said so, not that the line is no JSON object.
    manifest.write_text("".join(lines[:5]) + lines[5][:40], encoding="utf-8")
    cut, zh = run("verify", records), run("verify", records, "--lang", "zh")
    assert cut.exit_code == 2
    assert cut.stdout.splitlines()[-1] == (f"{manifest}: cannot verify: not a batch manifest (line 6: cut short: the "
                                           "file ends inside it, a copy not finished or the file truncated)")
    assert zh.stdout.splitlines()[-1] == f"{manifest}：无法核对：不是批次清单（第6行：不完整：文件在该行中间结束，可能复制未完成或文件被截断）"


def test_the_summary_says_missing_unknown_when_a_manifest_cannot_be_read_not_as_if_none_was_found(records):
    # A line without ", N missing" means no manifest was found: a manifest there that cannot be read is not that.
    [deleted] = records.glob("AP-101--*.json")
    deleted.unlink()
    [manifest] = (records / "batches").iterdir()
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[:7] + lines[8:]), encoding="utf-8")
    result, zh = run("verify", records), run("verify", records, "--lang", "zh")
    assert result.exit_code == zh.exit_code == 2
    assert result.stderr.splitlines()[-1] == ("10 records: 10 reproduced, 0 differ, 0 cannot be verified, missing unknown "
                                              "(a batch manifest cannot be read)")
    assert zh.stderr.splitlines()[-1] == "共 10 份判定记录：10 份已复现，0 份不一致，0 份无法核对，缺失份数不明（有 1 份批次清单无法读取）"
    # A later batch whose manifest can be read counts what it lists; those of the other are still not known.
    assert run("check", APPLICANTS / "zhao-lei.yaml", "--record", records, "--format", "jsonl", "-q").exit_code == 1
    assert run("verify", records).stderr.splitlines()[-1] == (
        "10 records: 10 reproduced, 0 differ, 0 cannot be verified, 0 missing, maybe more (a batch manifest cannot be "
        "read)")
    assert run("verify", records, "--lang", "zh").stderr.splitlines()[-1] == (
        "共 10 份判定记录：10 份已复现，0 份不一致，0 份无法核对，0 份缺失，可能更多（有 1 份批次清单无法读取）")


def test_a_record_renamed_out_of_the_naming_pattern_is_not_missing(records):
    [record] = records.glob("AP-101--*.json")
    record.rename(records / "liu-yang.json")
    result = run("verify", records)
    assert result.exit_code == 0, result.stdout
    assert f"{records / 'liu-yang.json'}: reproduced\n" in result.stdout
    assert result.stderr.endswith("11 records: 11 reproduced, 0 differ, 0 cannot be verified, 0 missing\n")


def test_a_copied_record_is_said_a_copy_not_reproduced_again(records):
    [original] = records.glob("AP-104--*.json")
    shutil.copy(original, records / "copy.json")
    result = run("verify", records)
    assert result.exit_code == 2
    assert f"{original}: reproduced\n" in result.stdout
    assert (f"{records / 'copy.json'}: cannot verify: a byte-for-byte copy of the record {original}, under a name "
            "of its own (not a decision of its own)\n") in result.stdout
    assert result.stderr.endswith("12 records: 11 reproduced, 0 differ, 1 cannot be verified, 0 missing\n")
    zh = run("verify", records, "--lang", "zh")
    assert f"{records / 'copy.json'}：无法核对：是判定记录 {original} 的逐字节副本，只是文件名不同（并非另一项判定）\n" in zh.stdout


def test_a_copy_saved_again_laid_out_otherwise_is_said_a_copy_not_reproduced_again(records):
    [original] = records.glob("AP-104--*.json")
    copy = records / "AP-104 backup.json"  # an editor's "Save As", which lays the JSON out its own way
    copy.write_text(json.dumps(json.loads(original.read_text(encoding="utf-8")), indent=4), encoding="utf-8")
    result = run("verify", records)
    assert result.exit_code == 2
    assert f"{original}: reproduced\n" in result.stdout
    assert (f"{copy}: cannot verify: a copy of the record {original} (the same contents, laid out otherwise), under a "
            "name of its own (not a decision of its own)\n") in result.stdout
    assert result.stderr.endswith("12 records: 11 reproduced, 0 differ, 1 cannot be verified, 0 missing\n")
    zh = run("verify", records, "--lang", "zh")
    assert f"{copy}：无法核对：是判定记录 {original} 的副本（内容相同，仅排版不同），只是文件名不同（并非另一项判定）\n" in zh.stdout
    shown = run("show", records)  # show shows it once more, under a warning, as it does a byte-for-byte copy
    assert (f"warning: {copy}: the same record is here twice: this file is a copy of {original} (the same contents, "
            "laid out otherwise) under another name, not a second decision; keep one of the two") in shown.stderr
    # a copy whose verdict was edited is no copy: verify judges it, and it differs
    edited = json.loads(copy.read_text(encoding="utf-8"))
    edited["verdict"]["levels"][0]["rules"][0]["explanation"] += " Checked."
    copy.write_text(json.dumps(edited, indent=4), encoding="utf-8")
    assert f"{copy}: differs: the statuses are the same, the explanations differ" in run("verify", records).stdout


def test_a_record_copied_over_another_applicants_says_that_applicant_has_no_record_and_counts_it_missing(records):
    # cp AP-103's record over AP-104's file name: AP-104's own record is gone, which the manifest shows.
    [original], [replaced] = records.glob("AP-103--*.json"), records.glob("AP-104--*.json")
    shutil.copy(original, replaced)
    [entry] = [e for e in manifest_of(records)[1] if e.get("record") == replaced.name]
    [manifest] = (records / "batches").iterdir()
    result = run("verify", records)
    assert result.exit_code == 2
    assert f"{original}: reproduced\n" in result.stdout
    assert (f"{replaced}: cannot verify: a byte-for-byte copy of the record {original}, under a name of its own (not a "
            "decision of its own); the applicant its name gives (AP-104) has no record of its own here\n") in result.stdout
    assert result.stdout.endswith(f"{replaced}: missing: listed by the batch manifest {manifest} (input {entry['input']}, {entry['file']}), "
            f"not in the folder: its file holds a byte-for-byte copy of the record {original} instead\n")
    assert result.stderr.endswith("12 records: 10 reproduced, 0 differ, 1 cannot be verified, 1 missing\n")
    zh = run("verify", records, "--lang", "zh")
    assert (f"{replaced}：无法核对：是判定记录 {original} 的逐字节副本，只是文件名不同（并非另一项判定）；其文件名所指的申报人"
            "（AP-104）在此没有自己的判定记录\n") in zh.stdout
    assert (f"{replaced}：缺失：批次清单 {manifest} 列出了它（第{entry['input']}项输入，"
            f"{entry['file']}），但文件夹中没有：该文件现为判定记录 {original} 的逐字节副本\n") in zh.stdout
    assert zh.stderr.endswith("共 12 份判定记录：10 份已复现，0 份不一致，1 份无法核对，1 份缺失\n")
    # The records given one by one, without the manifest: the copy's line says it all the same.
    alone = run("verify", original, replaced)
    assert "; the applicant its name gives (AP-104) has no record of its own here\n" in alone.stdout
    assert alone.stderr.endswith("2 records: 1 reproduced, 0 differ, 1 cannot be verified\n")


def test_a_record_copied_over_another_whose_own_was_kept_under_another_name_names_no_record_missing(records):
    [original], [replaced] = records.glob("AP-103--*.json"), records.glob("AP-104--*.json")
    replaced.rename(records / "ap-104.json")  # AP-104's record kept, renamed out of the naming pattern
    shutil.copy(original, replaced)
    result = run("verify", records)
    assert f"{records / 'ap-104.json'}: reproduced\n" in result.stdout
    assert (f"{replaced}: cannot verify: a byte-for-byte copy of the record {original}, under a name of its own (not a "
            "decision of its own)\n") in result.stdout
    assert result.stderr.endswith("12 records: 11 reproduced, 0 differ, 1 cannot be verified, 0 missing\n")


def test_a_record_copied_over_the_same_applicants_record_of_another_date_names_that_decision(tmp_path):
    for as_of in ("2025-06-30", "2026-06-30"):
        run("check", APPLICANTS / "zhao-lei.yaml", "--as-of", as_of, "--record", tmp_path / "rec", "-q")
    [earlier, later] = sorted((tmp_path / "rec").glob("AP-103--*.json"))
    shutil.copy(earlier, later)
    result = run("verify", tmp_path / "rec")
    assert (f"{later}: cannot verify: a byte-for-byte copy of the record {earlier}, under a name of its own (not a "
            "decision of its own); the decision its name gives (AP-103, as of 2026-06-30) has no record of its own "
            "here\n") in result.stdout
    assert result.stderr.endswith("3 records: 1 reproduced, 0 differ, 1 cannot be verified, 1 missing\n")
    assert ("；其文件名所指的判定（AP-103，截止日期 2026-06-30）在此没有自己的判定记录\n"
            in run("verify", tmp_path / "rec", "--lang", "zh").stdout)


def test_a_folder_and_its_backup_verified_together_hold_no_copies(records, tmp_path):
    shutil.copytree(records, tmp_path / "backup")
    result = run("verify", records, tmp_path / "backup")
    assert result.exit_code == 0
    assert result.stderr.endswith("22 records: 22 reproduced, 0 differ, 0 cannot be verified, 0 missing\n")


def test_a_kept_ruleset_edited_or_deleted_is_said(records):
    [kept] = (records / "rulesets").iterdir()
    kept.write_bytes(kept.read_bytes().replace(b"at_least: 3 years}", b"at_least: 2 years}", 1))
    result = run("verify", records)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        f"{kept}: cannot verify: the kept ruleset's sha256 is {sha256(kept)[:12]}…, not the one its name gives: "
        "it was changed after it was kept")
    # the summary line, which counts records, says it too: the exit status 2 is not left unexplained there
    assert result.stderr.endswith("11 records: 11 reproduced, 0 differ, 0 cannot be verified, 0 missing; and 1 kept "
                                  "ruleset is not what it should be (said above)\n")
    zh = run("verify", records, "--lang", "zh")
    assert zh.stdout.splitlines()[-1] == f"{kept}：无法核对：留存标准的 sha256 为 {sha256(kept)[:12]}…，与其文件名不符：留存后被修改过"
    assert zh.stderr.endswith("共 11 份判定记录：11 份已复现，0 份不一致，0 份无法核对，0 份缺失；另有 1 份留存的标准有误（见上）\n")
    kept.unlink()
    [manifest] = (records / "batches").iterdir()
    gone = run("verify", records)
    assert gone.exit_code == 2
    assert gone.stdout.splitlines()[-1] == (f"{kept}: missing: the kept ruleset kam-2014 2014.1, listed by the batch "
                                            f"manifest {manifest}, is not in the folder")
    assert gone.stderr.endswith("0 missing; and 1 kept ruleset is not what it should be (said above)\n")


def test_a_kept_ruleset_named_to_verify_or_show_is_said_to_be_one_with_what_to_run_instead(records):
    # Not "no decision records (.json) in FILE": the copy is checked as verify checks those of its folder.
    [kept] = (records / "rulesets").iterdir()
    result, zh = run("verify", kept), run("verify", kept, "--lang", "zh")
    assert result.exit_code == zh.exit_code == 0  # verified as a kept ruleset: its bytes are those its name gives
    assert result.stdout == (
        f"{kept}: unchanged: its bytes are those its name gives, as when it was kept; a ruleset the records folder "
        f"{records} keeps (kam-2014 2014.1), not a decision record: certify verify {records} verifies the records judged "
        "by it; certify explain and certify diff take it as any ruleset file\n")
    # What was checked, on standard error: the kept ruleset, not "0 records: 0 reproduced, ..." of records never named.
    assert result.stderr == "1 kept ruleset: 1 unchanged, 0 cannot be verified\n"
    assert zh.stderr == "共 1 份留存的标准：1 份未更改，0 份无法核对\n"
    assert zh.stdout == (
        f"{kept}：未更改：内容与文件名所示的 sha256 相符，与留存时相同；这是判定记录文件夹 {records} 留存的标准（kam-2014 2014.1），"
        f"不是判定记录：核对据其评定的判定记录请用 certify verify {records}；certify explain、certify diff 可像读取其他标准文件一样读取它\n")
    shown = run("show", kept)
    assert shown.exit_code == 2 and shown.stdout == ""
    assert shown.stderr == (f"Error: {kept}: a ruleset the records folder {records} keeps (kam-2014 2014.1), not a decision "
                            f"record: certify show {records} shows the records judged by it; certify explain and certify "
                            "diff take it as any ruleset file\n")
    # Named beside a folder with no records, nothing was verified there: exit status 2, as for that folder alone.
    (records.parent / "empty").mkdir()
    assert run("verify", kept, records.parent / "empty").exit_code == 2
    kept.write_bytes(kept.read_bytes().replace(b"at_least: 3 years}", b"at_least: 2 years}", 1))
    changed = run("verify", kept)
    assert changed.exit_code == 2
    assert changed.stdout == (
        f"{kept}: cannot verify: the kept ruleset's sha256 is {sha256(kept)[:12]}…, not the one its name gives: it was "
        f"changed after it was kept; a ruleset the records folder {records} keeps (kam-2014 2014.1), not a decision "
        f"record: certify verify {records} verifies the records judged by it\n")
    assert changed.stderr == "1 kept ruleset: 0 unchanged, 1 cannot be verified\n"


def test_the_kept_ruleset_is_the_one_judged_by_after_the_ruleset_file_changes(tmp_path):
    standard = tmp_path / "standard.yaml"
    shutil.copy(DEFAULT_RULESET, standard)
    judged = sha256(standard)
    folder = tmp_path / "records"
    run("check", APPLICANTS / "zhao-lei.yaml", "--ruleset", standard, "--record", folder, "-q")
    standard.write_text(standard.read_text("utf-8").replace("at_least: 3 years}", "at_least: 4 years}", 1), "utf-8")
    kept = folder / "rulesets" / f"{judged}.yaml"
    explained = run("explain", kept)
    assert explained.exit_code == 0 and f"SHA-256:   {judged}\n" in explained.stdout
    diff = run("diff", kept, standard)
    assert diff.exit_code == 1
    assert "L1.sales_tenure (level 1): changed" in diff.stdout
    assert run("diff", kept, DEFAULT_RULESET).exit_code == 0  # exactly the rules the record was judged by


def test_each_edition_of_a_folder_is_kept(tmp_path):
    folder = tmp_path / "records"
    run("check", APPLICANTS / "zhao-lei.yaml", "--ruleset", EDITIONS, "--record", folder, "-q")
    kept = {p.name: p.read_bytes() for p in (folder / "rulesets").iterdir()}
    assert kept == {f"{sha256(p)}.yaml": p.read_bytes() for p in EDITIONS.glob("*.yaml")}
    head, [entry] = manifest_of(folder)
    assert head["editions"] == {"path": str(EDITIONS), "resolved": str(EDITIONS.resolve())}
    assert {r["version"]: r["verdicts"] for r in head["rulesets"]} == {"2014.1": 0, "2020.1": 1}
    assert run("verify", folder).exit_code == 0


def test_an_old_folder_without_manifests_verifies_as_before(records):
    shutil.rmtree(records / "batches")
    shutil.rmtree(records / "rulesets")
    [deleted] = records.glob("AP-101--*.json")
    deleted.unlink()  # unseen, as before: nothing says it was there
    result = run("verify", records)
    assert result.exit_code == 0
    assert result.stdout == "".join(f"{p}: reproduced\n" for p in sorted(records.glob("*.json")))
    assert result.stderr == "10 records: 10 reproduced, 0 differ, 0 cannot be verified\n"


def test_records_that_could_not_be_written_are_in_the_manifest(tmp_path, monkeypatch):
    real = records_module.atomic_write

    @contextmanager
    def onto_a_full_disk(path, **kw):
        with real(path, **kw) as out:
            yield out
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(records_module, "atomic_write", onto_a_full_disk)
    folder = tmp_path / "records"
    assert run("check", APPLICANTS, "--record", folder, "-q").exit_code == 2
    head, entries = manifest_of(folder)
    unwritten = [e for e in entries if e["outcome"] == "not recorded"]
    assert len(unwritten) == 11 and head["outcomes"]["not recorded"] == 11
    assert unwritten[0]["error"] == f"cannot write {folder / unwritten[0]['record']}: No space left on device"
    [manifest] = (folder / "batches").iterdir()
    result = run("verify", folder)
    assert result.stderr.splitlines()[-2] == (
        f"note: {manifest}: 12 of 12 inputs got no record: {APPLICANTS / 'chen-jing.yaml'} (its record was not "
        f"written); {APPLICANTS / 'guo-peng.yaml'} (its record was not written); {APPLICANTS / 'he-xin.yaml'} (its "
        f"record was not written); {APPLICANTS / 'huang-tao.yaml'} (its record was not written); {BROKEN}:6 (could "
        "not be evaluated); and 7 more")


def test_a_manifest_named_to_verify_verifies_the_records_it_lists_and_says_those_missing(records):
    """`certify verify records/batches/X.jsonl`: the batch's records, found in its records folder, are verified;
    one deleted is missing, and the summary counts it; the manifest itself is never taken for a record."""
    [manifest] = (records / "batches").iterdir()
    [deleted] = records.glob("AP-101--*.json")
    deleted.unlink()
    result = run("verify", manifest)
    assert result.exit_code == 2
    assert "not a decision record" not in result.stdout
    assert result.stdout.count(": reproduced\n") == 10
    assert result.stdout.splitlines()[-1] == (
        f"{deleted}: missing: listed by the batch manifest {manifest} (input 7, {APPLICANTS / 'liu-yang.yaml'}), "
        "not in the folder: deleted or moved")
    assert result.stderr == (f"note: {manifest}: 1 of 12 inputs got no record: {BROKEN}:6 (could not be evaluated)\n"
                             "11 records: 10 reproduced, 0 differ, 0 cannot be verified, 1 missing\n")
    [kept] = (records / "rulesets").iterdir()
    kept.write_text("edited\n", encoding="utf-8")  # the kept ruleset it lists is checked too
    assert f"{kept}: cannot verify: the kept ruleset's sha256 is " in run("verify", manifest).stdout


def test_a_manifest_whose_inputs_got_no_record_is_said_to_list_none(tmp_path):
    records = tmp_path / "records"
    run("check", BROKEN, "--record", records, "-q")
    [manifest] = (records / "batches").iterdir()
    result = run("verify", manifest)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"note: the batch manifest {manifest} lists no decision records (none of its inputs got one)")
    zh = run("verify", manifest, "--lang", "zh")
    assert zh.stderr.splitlines()[0] == f"注意：批次清单 {manifest} 未列出任何判定记录（其输入均未得到判定记录）"


def test_a_manifest_whose_lines_hold_unicode_line_separators_is_read_whole(tmp_path):
    # JSON writes U+2028 and U+0085 as they are: an applicant id or an error holding one is still one line
    dossiers = tmp_path / "dossiers"
    dossiers.mkdir()
    text = (APPLICANTS / "zhao-lei.yaml").read_text(encoding="utf-8")
    (dossiers / "separator.yaml").write_text(text.replace("id: AP-103", 'id: "AP-103\\u2028b"'), encoding="utf-8")
    (dossiers / "next-line.yaml").write_text(text.replace("id: AP-103", 'id: "AP-103\\x85c"'), encoding="utf-8")
    records = tmp_path / "records"
    assert run("check", dossiers, "--record", records, "-q").exit_code == 1
    result = run("verify", records)
    assert result.exit_code == 0, result.output
    assert "not a batch manifest" not in result.output
    assert result.stderr.splitlines()[-1] == "2 records: 2 reproduced, 0 differ, 0 cannot be verified, 0 missing"


def test_a_manifest_named_to_check_is_said_to_be_one_not_read_as_yaml(records):
    [manifest] = (records / "batches").iterdir()
    result = run("check", manifest, "--format", "jsonl", "-q")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"file": str(manifest), "error": "a batch manifest (certify-batch-manifest/1), "
                                         "not a dossier: certify verify checks it and the records it lists"}
    zh = run("check", manifest, "--lang", "zh")
    assert zh.exit_code == 2
    assert "  错误：这是批次清单（certify-batch-manifest/1），不是申报材料：请用 certify verify 核对它及其列出的判定记录" \
        in sentences(zh.stdout)
    assert "YAML" not in zh.stdout


def test_an_old_record_of_an_input_a_later_batch_recorded_afresh_says_which_record_replaced_it(tmp_path):
    """Round 1 recorded an applicant; HR corrected the dossier; round 2 recorded it again into the same folder.
    The old record still differs (its verdict is not what the dossier gives today), and says which record of
    which batch replaced it, and whether that one is reproduced."""
    cycle, records = tmp_path / "cycle", tmp_path / "records"
    cycle.mkdir()
    dossier = cycle / "ma-li.yaml"
    shutil.copy(APPLICANTS / "ma-li.yaml", dossier)
    shutil.copy(APPLICANTS / "zhao-lei.yaml", cycle / "zhao-lei.yaml")
    run("check", cycle, "--record", records, "-q")
    [first] = (records / "batches").iterdir()
    first.rename(records / "batches" / "20200101T090000Z--0000000a.jsonl")
    [old] = records.glob("AP-110--*.json")
    dossier.write_text(dossier.read_text("utf-8").replace("amount: 300万", "amount: 600万"), "utf-8")
    run("check", cycle, "--record", records, "-q")
    [second] = [p for p in (records / "batches").iterdir() if not p.name.startswith("20200101")]
    [new] = [p for p in records.glob("AP-110--*.json") if p != old]
    result = run("verify", records)
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith(str(old))]
    assert line.startswith(f"{old}: differs: the dossier changed ({dossier}: sha256 ")
    assert line.endswith(f"; superseded by {new} (batch {second}): reproduced")
    assert f"{new}: reproduced\n" in result.stdout
    assert result.stderr == "3 records: 2 reproduced, 1 differ, 0 cannot be verified, 0 missing\n"
    zh = run("verify", records, "--lang", "zh")
    assert f"；已被其后的判定记录 {new}（批次 {second}）取代：已复现\n" in zh.stdout
    new.unlink()  # the record that replaced it gone: said with it
    gone = run("verify", records)
    assert gone.exit_code == 2
    assert f"; superseded by {new} (batch {second}): missing\n" in gone.stdout
    alone = run("verify", old)  # without the manifests, nothing says it
    assert alone.exit_code == 1 and "superseded" not in alone.stdout


def test_a_kept_ruleset_with_other_bytes_is_not_replaced_and_check_says_so(records):
    [kept] = (records / "rulesets").iterdir()
    kept.write_text("edited\n", encoding="utf-8")
    result = run("check", APPLICANTS / "zhao-lei.yaml", "--record", records, "-q")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: the kept copy of ruleset {DEFAULT_RULESET} ({kept}) has other bytes than its "
                             "name says (not replaced)\n")
    assert kept.read_text(encoding="utf-8") == "edited\n"


def test_a_kept_ruleset_with_other_bytes_is_not_counted_as_a_refused_record(records):
    # The records themselves are written: the summary counts records, and the ruleset's copy is said on its own line.
    [kept] = (records / "rulesets").iterdir()
    kept.write_text("edited\n", encoding="utf-8")
    for old in records.glob("*.json"):  # recorded again, not found there already
        old.unlink()
    result = run("check", APPLICANTS / "zhao-lei.yaml", APPLICANTS / "li-qiang.yaml", "--record", records)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2:] == [
        f"Error: the kept copy of ruleset {DEFAULT_RULESET} ({kept}) has other bytes than its name says (not replaced)",
        f"decision records in {records}: 2 written, 0 already there, 0 refused"]
    assert len(list(records.glob("*.json"))) == 2


def test_an_input_a_later_batch_recorded_is_said_so_in_each_earlier_batchs_note(tmp_path):
    """A cycle's second round: the dossier that could not be evaluated is corrected and checked again into the
    same folder. The earlier batches' notes still say it got no record there, and name the batch that
    recorded it, so that it is not taken for one still without a record; the notes come in the batches' order."""
    cycle, records = tmp_path / "cycle", tmp_path / "records"
    cycle.mkdir()
    shutil.copy(APPLICANTS / "zhao-lei.yaml", cycle / "zhao-lei.yaml")
    shutil.copy(BROKEN, cycle / "corrected.yaml")
    names = ["20200101T090000Z--0000000a.jsonl", "20200102T090000Z--0000000b.jsonl", "20200103T090000Z--0000000c.jsonl"]
    for number, name in enumerate(names):
        if number == 2:
            shutil.copy(APPLICANTS / "ma-li.yaml", cycle / "corrected.yaml")  # the mistake corrected
        run("check", cycle, "--record", records, "-q")
        [new] = [p for p in (records / "batches").iterdir() if p.name not in names]
        new.rename(records / "batches" / name)  # the batches a day apart
    first, second, third = (records / "batches" / name for name in names)
    result = run("verify", records)
    assert result.exit_code == 0
    broken = cycle / "corrected.yaml"
    assert result.stderr == (
        f"note: {first}: 1 of 2 inputs got no record: {broken}:6 (could not be evaluated; the later batch {third} "
        "recorded it)\n"
        f"note: {second}: 1 of 2 inputs got no record: {broken}:6 (could not be evaluated; the later batch {third} "
        "recorded it)\n"
        "2 records: 2 reproduced, 0 differ, 0 cannot be verified, 0 missing\n")
    zh = run("verify", records, "--lang", "zh")
    assert zh.stderr.splitlines()[0] == (
        f"注意：{first}：2 项输入中有 1 项没有判定记录：{broken}:6（无法评定；其后的批次 {third} 列有其判定记录）")


def test_an_input_recorded_only_by_an_earlier_batch_is_still_said_without_a_record(tmp_path):
    cycle, records = tmp_path / "cycle", tmp_path / "records"
    cycle.mkdir()
    shutil.copy(APPLICANTS / "ma-li.yaml", cycle / "x.yaml")
    run("check", cycle, "--record", records, "-q")
    [new] = (records / "batches").iterdir()
    new.rename(records / "batches" / "20200101T090000Z--0000000a.jsonl")
    shutil.copy(BROKEN, cycle / "x.yaml")  # a mistake made in the second round
    run("check", cycle, "--record", records, "-q")
    [later] = [p for p in (records / "batches").iterdir() if not p.name.startswith("20200101")]
    result = run("verify", records)
    assert result.stderr.splitlines()[0] == f"note: {later}: 1 of 1 inputs got no record: {cycle / 'x.yaml'}:6 (could not be evaluated)"


def test_inputs_past_the_first_five_are_counted_with_those_a_later_batch_recorded(tmp_path):
    cycle, records = tmp_path / "cycle", tmp_path / "records"
    cycle.mkdir()
    good = sorted(p for p in APPLICANTS.glob("*.yaml") if p != BROKEN)[:7]
    for number in range(7):
        shutil.copy(BROKEN, cycle / f"{number}.yaml")
    run("check", cycle, "--record", records, "-q")
    [first] = (records / "batches").iterdir()
    first = first.rename(records / "batches" / "20200101T090000Z--0000000a.jsonl")
    for number in (0, 5, 6):  # one named, two past the first five, corrected
        shutil.copy(good[number], cycle / f"{number}.yaml")
    run("check", cycle, "--record", records, "-q")
    result = run("verify", records)
    assert result.stderr.splitlines()[0].endswith("; and 2 more (2 of them recorded by a later batch)")
    zh = run("verify", records, "--lang", "zh")
    assert zh.stderr.splitlines()[0].endswith("；另有 2 项（其中 2 项其后的批次列有其判定记录）")


def test_the_records_folder_named_to_judge_as_well_is_refused_before_anything_is_judged_or_written(records):
    """`check cycle.xlsx records/ --record records/`: judged, its records and kept rulesets would be error rows,
    and the batch's manifest would list them as inputs without a record in every verify after."""
    before = sorted(p.name for p in (records / "batches").iterdir())
    result = run("check", APPLICANTS / "zhao-lei.yaml", records, "--record", records)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"Error: {records} is the records folder (--record {records}): what check writes there (decision records, "
        "batch manifests, kept rulesets) is no dossier; name the dossiers and spreadsheets to judge, and check the "
        f"records with certify verify {records}\n")
    assert sorted(p.name for p in (records / "batches").iterdir()) == before
    [kept] = (records / "rulesets").iterdir()
    zh = run("check", kept, "--record", records, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr == (
        f"错误：{kept} 位于判定记录文件夹（--record {records}）中：check 在其中写入的判定记录、批次清单和留存的标准都不是"
        f"申报材料；请写出要评定的申报材料和申报表，判定记录请用 certify verify {records} 核对\n")
    assert sorted(p.name for p in (records / "batches").iterdir()) == before


def test_the_records_folder_checked_by_mistake_says_what_each_file_is_its_kept_ruleset_a_ruleset(records):
    result = run("check", records, "--format", "jsonl", "-q")
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    [kept] = (records / "rulesets").iterdir()
    assert rows[-1] == {"file": str(kept), "error": "a ruleset (kam-2014 2014.1), not a dossier: judge by it with "
                                                    "--ruleset, or read it with certify explain"}
    assert all(r["error"].startswith("a decision record (certify-decision-record/1), not a dossier") for r in rows[:-1])
    zh = run("check", DEFAULT_RULESET, "--lang", "zh")
    assert zh.exit_code == 2
    assert "  错误：这是标准文件（kam-2014 2014.1），不是申报材料：按其评定请用 --ruleset 指定，阅读请用 certify explain" \
        in sentences(zh.stdout)


def test_an_output_there_already_is_refused_before_the_records_folder_is_made(tmp_path):
    # Nothing written when the command is refused: not the records folder, not its kept rulesets.
    there = tmp_path / "results.jsonl"
    there.write_text("earlier results\n", encoding="utf-8")
    result = run("check", APPLICANTS, "--record", tmp_path / "records", "--format", "jsonl", "-o", there)
    assert result.exit_code == 2 and "already exists (use --force to replace it)" in result.stderr
    assert not (tmp_path / "records").exists()
    assert there.read_text(encoding="utf-8") == "earlier results\n"
