"""certify show: a decision record read as a document, from the record alone, as an auditor runs it."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from certify.cli import main
from certify.synthetic import write_dossier_files
from samples import COMMITTEE, UNPRIVILEGED, sentences, unprivileged

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
RULESETS = Path(__file__).resolve().parent / "rulesets"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def recorded(tmp_path) -> tuple[Path, Path]:
    """huang-tao's dossier checked alone with --record: (the dossier, its record)."""
    dossier = tmp_path / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    result = run("check", dossier, "--record", tmp_path / "records", "-q")
    assert result.exit_code == 1, result.output  # level 3 is not met: a record all the same
    [record] = (tmp_path / "records").glob("*.json")
    return dossier, record


def test_show_lays_out_the_recorded_verdict_rule_by_rule_with_its_clause_and_shortfall(recorded):
    dossier, record = recorded
    result = run("show", record)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "not evaluated again: certify verify re-derives it" in out
    assert "  applicant: AP-104 黄涛\n" in out
    level_3 = out.split("  3 Senior Account Manager: fail\n")[1].split("\n\n")[0]
    assert "    L3.sales_tenure  [fail]\n      Not met: 8 years in sales." in level_3
    said = sentences(out)  # each explanation on one line, as it is laid out over several
    assert ("      Not met: 8 years in sales. Sales tenure 7 years 11 months, 1 month short of the required at least "
            "8 years. (clause 2.1 岗位经验)") in said
    # the gap and the dates the record kept, as check --explain says them
    gap = said.index("    L3.sales_tenure [2.1 岗位经验]: sales tenure 7 years 11 months, 1 month short of the required "
                     "at least 8 years. Holds on 2026-01-31.")
    assert said[gap + 1] == "    Level 3 passes on 2026-01-31."
    # the facts the record shows
    assert "Facts as of 2025-12-31, as recorded:" in out
    assert "7 years 11 months" in out.split("Facts as of")[1] and "CNY 6,000,000" in out


def test_the_head_gives_the_records_hashes_versions_and_options(recorded):
    dossier, record = recorded
    data = json.loads(record.read_text(encoding="utf-8"))
    out = run("show", record).stdout
    head = "\n".join(sentences(out.split("\n\n")[0]))  # each line of the head whole
    assert f"dossier: {dossier}, sha256 {data['dossier']['sha256'][:12]}…: unchanged" in head
    assert "as of: 2025-12-31 (the dossier's as_of)" in head
    assert "target level: 3 (the dossier's target_level)" in head
    r = data["ruleset"]
    assert (f"ruleset: kam-2014 2014.1, effective 2014-03-13, sha256 {r['sha256'][:12]}… (bundled kam-2014.yaml); "
            f"kept copy {record.parent / 'rulesets' / r['sha256']}.yaml") in head
    v = data["versions"]
    assert (f"made: {data['made_at']}, by certify {v['certify']} (code sha256 {v['certify_code'][:12]}…) with "
            f"durable-rules {v['durable_rules']} "
            f"(Python {v['python']})") in head
    assert "options: none given" in head and "committee's decisions: none recorded" in head
    assert "EDITED" not in out  # the bundled standard itself


def test_a_dossier_edited_after_its_record_is_said_changed_and_its_name_not_taken_from_it(recorded):
    dossier, record = recorded
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("黄涛", "黄某"), encoding="utf-8")
    out = run("show", record).stdout
    assert ": changed since (" in out and "… now)" in out
    assert "黄某" not in out  # a record keeps no name: not read from a dossier that is not the one judged
    assert "  applicant: AP-104 (a record keeps no name, and the dossier there is not the one judged)\n" in out
    dossier.unlink()
    out = run("show", record).stdout
    assert "…: not found\n" in out
    assert "  applicant: AP-104 (a record keeps no name, and the dossier judged is not found)\n" in out


def test_the_kept_copy_is_named_as_a_path_that_opens_from_where_show_was_run(recorded, monkeypatch):
    dossier, record = recorded
    monkeypatch.chdir(record.parent.parent)  # the record named relative to here, as an auditor types it
    named = Path("records") / record.name
    [kept] = Path("records", "rulesets").glob("*.yaml")
    for lang, said in (("en", "kept copy "), ("zh", "留存副本 ")):
        head = _head(run("show", named, "--lang", lang).stdout)
        shown = head.split(said)[1].split()[0].rstrip("；;")
        assert shown == str(kept) and Path(shown).is_file()  # as verify names it: records/rulesets/….yaml


def test_a_kept_ruleset_gone_is_said(recorded):
    dossier, record = recorded
    [kept] = (record.parent / "rulesets").glob("*.yaml")
    kept.unlink()
    result = run("show", record)
    assert result.exit_code == 0
    assert f"its kept copy {kept} is not there" in "\n".join(sentences(result.stdout))


def test_chinese_head_headings_and_explanations_worded_from_the_recorded_readings(recorded):
    dossier, record = recorded
    out = run("show", record, "--lang", "zh").stdout
    assert "仅据判定记录显示，未重新评定：重新评定请用 certify verify。" in out
    # the explanations in Chinese, and the reader told what they were worded from
    assert "各条规则的说明据判定记录所记的读数以中文写出（按同一读数写出的英文与记录原文逐字相同）。" in "\n".join(sentences(out))
    assert "申报材料：" in out and "：未更改\n" in out and "截止日期：2025-12-31（申报材料中的 as_of）" in out
    level_3 = out.split("  3级 高级客户经理：不符合\n")[1].split("\n\n")[0]
    assert "    L3.sales_tenure  [不符合]\n      不符合：销售工作经历满8年。" in level_3
    assert "Not met" not in out
    # word for word what check --lang zh says of the same dossier
    checked = sentences(run("check", dossier, "--explain", "--lang", "zh").stdout)
    said = sentences(out)
    rules = [line for line in checked if line.startswith(("      符合：", "      不符合：", "      待评审："))]
    assert len(rules) == 13 and all(line in said for line in rules)
    assert "    L3.sales_tenure（条款 2.1 岗位经验）：销售工作经历7年11个月（要求不少于8年），还差1个月。自2026-01-31起满足。" in said
    assert "截止 2025-12-31 的事实（判定记录所记）：" in out and "600万元" in out


def test_an_explanation_the_readings_do_not_word_stands_as_recorded_in_chinese_too(recorded):
    dossier, record = recorded
    data = json.loads(record.read_text(encoding="utf-8"))
    rule = data["verdict"]["levels"][0]["rules"][0]
    rule["explanation"] = rule["explanation"].replace("Met:", "Met (as worded by an older certify):")
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = run("show", record, "--lang", "zh").stdout
    said = "\n".join(sentences(out))
    assert "各条规则的说明照录判定记录原文（英文）。" in said  # a Chinese reader is told why they are English
    assert "Met (as worded by an older certify): a bachelor's degree" in said
    assert "    L3.sales_tenure  [不符合]\n      Not met: 8 years in sales." in out  # all as recorded, not a mix
    assert "以中文写出" not in said


def test_without_the_ruleset_judged_by_the_explanations_stand_as_recorded(tmp_path):
    bundled = Path(__file__).resolve().parents[1] / "certify" / "rulesets" / "kam-2014.yaml"
    ruleset = tmp_path / "kam-2014-local.yaml"
    ruleset.write_text(bundled.read_text(encoding="utf-8").replace("version: \"2014.1\"", "version: \"2014.1-local\""),
                       encoding="utf-8")
    assert run("check", APPLICANTS / "huang-tao.yaml", "--ruleset", ruleset, "--record", tmp_path / "r", "-q").exit_code == 1
    [record] = (tmp_path / "r").glob("*.json")
    assert "以中文写出" in "\n".join(sentences(run("show", record, "--lang", "zh").stdout))  # while it is at hand
    for kept in (tmp_path / "r" / "rulesets").glob("*.yaml"):
        kept.unlink()
    ruleset.unlink()
    out = run("show", record, "--lang", "zh").stdout
    assert "各条规则的说明照录判定记录原文（英文）。" in "\n".join(sentences(out))
    assert "      Not met: 8 years in sales." in out


def test_markdown_escapes_a_hostile_name_as_check_does(tmp_path):
    dossier = tmp_path / "x.yaml"
    text = (APPLICANTS / "huang-tao.yaml").read_text(encoding="utf-8")
    dossier.write_text(text.replace("name: 黄涛", 'name: "<b>王</b>五 | *x*"'), encoding="utf-8")
    assert run("check", dossier, "--record", tmp_path / "records", "-q").exit_code == 1
    out = run("show", tmp_path / "records", "--format", "markdown").stdout
    assert "- applicant: AP-104 \\<b>王\\</b>五 \\| \\*x\\*\n" in out
    assert "## AP-104 \\<b>王\\</b>五 \\| \\*x\\*\n" in out
    assert "<b>" not in out.replace("\\<b>", "")
    assert re.search(r"\n\| L3\.sales_tenure +\| fail +\| Not met: 8 years in sales\.", out)


def test_a_file_that_is_no_record_is_said_and_the_others_shown(recorded, tmp_path):
    dossier, record = recorded
    cut = tmp_path / "cut.json"
    text = record.read_text(encoding="utf-8")
    cut.write_text(text[:text.index('"applicant_id": "') + 20], encoding="utf-8")  # inside a string, wherever the path puts it
    [manifest] = (record.parent / "batches").glob("*.jsonl")
    line = tmp_path / "line.json"
    line.write_text(manifest.read_text(encoding="utf-8").splitlines()[1], encoding="utf-8")
    result = run("show", dossier, cut, record, line, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.count("L3.sales_tenure  [fail]") == 1  # the record among them, shown
    said = result.stderr.splitlines()
    assert said[0] == f"Error: {dossier}: a dossier, not a decision record: certify check judges it"
    assert said[1].startswith(f"Error: {cut}: not a decision record (not whole JSON: Unterminated string starting at")
    assert said[2:] == [f"Error: {line}: a line of a batch manifest, not a decision record"]
    zh = run("show", dossier, "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr == f"错误：{dossier}：这是申报材料，不是判定记录：请用 certify check 评定\n"


@pytest.mark.parametrize("saved, en, zh", [
    (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),  # Notepad's "UTF-8" before 2019: a byte-order mark
     "it begins with a byte-order mark (UTF-8 BOM), which certify never writes: it was saved again, by an editor, "
     "after it was written; to verify what it holds, save it as UTF-8 without one",
     "文件以字节顺序标记（UTF-8 BOM）开头，而 certify 从不写入它"),
    (lambda text: text.encode("utf-16"), "it was saved again after it was written, not as certify writes it: not "
     "UTF-8 text: saved as UTF-16 (Notepad's \"Unicode\")", "该文件写入后曾被重新保存，已非 certify 写出的样子：不是 UTF-8 "
     "文本：文件以 UTF-16"),
    (lambda text: text.encode("gb18030"), "it was saved again after it was written, not as certify writes it: not "
     "UTF-8 text: it looks saved as GBK (GB18030)", "该文件写入后曾被重新保存，已非 certify 写出的样子：不是 UTF-8 文本：看来是以 GBK")],
    ids=["bom", "utf-16", "gbk"])
def test_a_record_saved_again_by_an_editor_in_another_encoding_is_said_so_by_show_and_verify(recorded, saved, en,
                                                                                              zh):
    dossier, record = recorded  # its applicant's name, 黄涛, is not ASCII: GBK and UTF-16 are other bytes
    record.write_bytes(saved(record.read_text(encoding="utf-8")))
    verified, shown = run("verify", record), run("show", record)
    assert verified.exit_code == shown.exit_code == 2
    assert verified.stdout.startswith(f"{record}: cannot verify: not a decision record ({en}")
    assert shown.stderr.startswith(f"Error: {record}: not a decision record ({en}")
    assert f"：无法核对：不是判定记录（{zh}" in run("verify", record, "--lang", "zh").stdout
    assert run("show", record, "--lang", "zh").stderr.startswith(f"错误：{record}：不是判定记录（{zh}")


def test_a_batch_manifest_shows_the_records_it_lists_with_the_committees_decisions(tmp_path):
    committee = tmp_path / "committee.yaml"
    committee.write_text(COMMITTEE, encoding="utf-8")
    assert run("check", APPLICANTS, "--record", tmp_path / "records", "--overrides", committee, "--level", "2",
               "--as-of", "2025-06-30", "-q").exit_code in (0, 1, 2)
    [manifest] = (tmp_path / "records" / "batches").glob("*.jsonl")
    listed = [json.loads(x) for x in manifest.read_text(encoding="utf-8").splitlines()[1:]]
    result = run("show", manifest)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Shown from the decision record alone") == sum(
        e["outcome"] == "written" for e in listed)
    ap103 = "\n".join(sentences(result.stdout.split("AP-103--")[1]))
    assert "as of: 2025-06-30 (given with --as-of)" in ap103 and "target level: 2 (given with --level)" in ap103
    assert f"options: --level 2, --as-of 2025-06-30, --overrides {committee}; the dates" in ap103
    assert f"committee's decisions: 1 recorded (shown with the verdict), from {committee}: unchanged" in ap103
    assert "COMMITTEE OVERRIDE: L2 grant: 主导省级重点项目" in ap103


@pytest.mark.parametrize("lang, said", [
    ("en", "options: none given (no --level, --as-of or --overrides); the dates levels and rules would hold were not "
           "worked out (check --no-explain, a table of several, or report)"),
    ("zh", "选项：均未给出（无 --level、--as-of、--overrides）；未推算各级别、各条规则将满足的日期（check --no-explain、"
           "多份申报材料的表格，或 report）"),
])
def test_a_record_written_by_report_says_report_worked_out_no_dates(tmp_path, lang, said):
    dossier = tmp_path / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    made = run("report", dossier, "--out", tmp_path / "out", "--record", tmp_path / "records", "-q")
    assert made.exit_code == 1, made.output
    [record] = (tmp_path / "records").glob("*.json")
    result = run("show", record, "--lang", lang)
    head = "\n".join(sentences(result.stdout.split("\n\n")[0]))  # each line of the head whole
    assert result.exit_code == 0 and said in head.replace("\n", "" if lang == "zh" else " ")


def test_a_committees_decisions_file_edited_after_the_records_is_said_changed_level_by_level(tmp_path):
    committee = tmp_path / "committee.yaml"
    committee.write_text(COMMITTEE, encoding="utf-8")
    records = tmp_path / "records"
    run("check", APPLICANTS / "zhao-lei.yaml", APPLICANTS / "huang-tao.yaml", "--overrides", committee,
        "--record", records, "-q")
    granted, other = next(records.glob("AP-103--*.json")), next(records.glob("AP-104--*.json"))
    committee.write_text(COMMITTEE.replace("decision: 破格", "decision: 不予认定") + COMMITTEE.split("\n", 1)[1]
                         .replace("AP-103", "AP-104").replace("level: 2", "level: 3"), encoding="utf-8")
    result = run("show", granted, other, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    heads = ["\n".join(sentences(part.split("\n\n")[0])) for part in result.stdout.split("Shown from")[1:]]
    assert (f"committee's decisions: 1 recorded (shown with the verdict), from {committee}: changed since (L2 "
            f'decision "grant" recorded, "deny" now)') in heads[0]
    assert f"committee's decisions: none recorded, --overrides {committee}: changed since (L3 none recorded, " \
           f"grant now)" in heads[1]
    assert "COMMITTEE OVERRIDE: L2 grant" in result.stdout  # the decision shown is the one recorded
    zh = "\n".join(sentences(run("show", granted, "--lang", "zh").stdout))
    assert (f'评审委员会决定：记录 1 项（随判定结果列出），来自 {committee}：此后已更改（2级 决定（decision）记录为 '
            f'"grant"，现为 "deny"）') in zh
    committee.unlink()
    gone = run("show", granted)  # not found is an answer: the record is shown in full
    assert gone.exit_code == 0 and f"from {committee}: not found" in "\n".join(sentences(gone.stdout))
    committee.mkdir()  # a folder where the file was: there, and not read, as verify says it
    unread = run("show", granted)
    assert f"from {committee}: cannot be read (cannot read the overrides file: Is a directory)" in "\n".join(
        sentences(unread.stdout))
    assert unread.exit_code == 2 and unread.stderr == (f"Error: {granted}: not shown in full: the committee's decisions "
                                                       "file cannot be read (its head says why)\n")


def test_a_record_its_batch_manifest_lists_that_was_deleted_is_said_missing_not_passed_over(tmp_path):
    records = tmp_path / "records"
    run("check", APPLICANTS / "huang-tao.yaml", APPLICANTS / "zhao-lei.yaml", "--record", records, "-q")
    [manifest] = (records / "batches").glob("*.jsonl")
    gone = next(records.glob("AP-103--*.json"))
    gone.unlink()  # deleted after the batch: its manifest still lists it
    for named in (manifest, records):
        result = run("show", named, "--lang", "en")
        assert result.exit_code == 2, result.stderr
        assert result.stdout.count("Shown from the decision record alone") == 1  # the other record, shown
        assert result.stderr == (f"Error: {gone}: missing: listed by the batch manifest {manifest} (input 2, "
                                 f"{APPLICANTS / 'zhao-lei.yaml'}), not in the folder: deleted or moved\n")
    zh = run("show", records, "--lang", "zh", "-o", tmp_path / "shown.md")
    assert zh.exit_code == 2
    assert zh.stderr.splitlines()[0] == (f"错误：{gone}：缺失：批次清单 {manifest} 列出了它（第2项输入，"
                                         f"{APPLICANTS / 'zhao-lei.yaml'}），但文件夹中没有：已被删除或移走")
    assert (tmp_path / "shown.md").read_text(encoding="utf-8").count("仅据判定记录显示") == 1


def test_output_file_is_written_whole_and_not_replaced_without_force(recorded, tmp_path):
    dossier, record = recorded
    out = tmp_path / "record.md"
    result = run("show", record, "--format", "markdown", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(f"# {record}\n")
    again = run("show", record, "-o", out)
    assert again.exit_code == 2 and "already exists" in again.stderr
    nothing = tmp_path / "nothing.md"
    assert run("show", dossier, "-o", nothing).exit_code == 2 and not nothing.exists()


def test_a_ruleset_edited_under_the_standards_name_is_said_edited(tmp_path):
    standard = (Path(__file__).resolve().parents[1] / "certify" / "rulesets" / "kam-2014.yaml").read_text(
        encoding="utf-8")
    edited = tmp_path / "my.yaml"  # L1.sales_tenure lowered, the id and version kept
    edited.write_text(standard.replace("{fact: sales_months, at_least: 3 years}",
                                       "{fact: sales_months, at_least: 2 years}", 1), encoding="utf-8")
    assert run("check", APPLICANTS / "huang-tao.yaml", "--ruleset", edited, "--record", tmp_path / "records",
               "-q").exit_code == 1
    edited.unlink()  # the kept copy tells what it was
    out = "\n".join(sentences(run("show", tmp_path / "records").stdout))
    assert f"({edited}: not found); kept copy {tmp_path / 'records' / 'rulesets'}/" in out
    assert ("— EDITED: the id and version of the bundled standard, other rules (rule L1.sales_tenure: condition "
            "changed, the only difference)\n") in out


def _edit(record: Path, change) -> None:
    data = json.loads(record.read_text(encoding="utf-8"))
    change(data)
    record.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _set(record: Path, path: str, value=...) -> None:
    """The record with the field at `path` (verdict.levels.2.status) set to `value`, or deleted (`...`)."""
    *holders, key = [int(k) if k.isdigit() else k for k in path.split(".")]

    def change(data):
        for k in holders:
            data = data[k]
        if value is ...:
            del data[key]
        else:
            data[key] = value
    _edit(record, change)


def _refused_by_show(record: Path, path: str, en: str, zh: str) -> None:
    """show says the record is none, by the field's path and what is wrong with it, in English and Chinese."""
    english, chinese = run("show", record), run("show", record, "--lang", "zh")
    assert (english.exit_code, chinese.exit_code) == (2, 2)
    assert english.stderr == f"Error: {record}: not a decision record ({path}: {en})\n"
    assert chinese.stderr == f"错误：{record}：不是判定记录（{path}：{zh}）\n"


def _head(out: str) -> str:
    return "\n".join(sentences(out.split("\n\n")[0]))


def test_a_record_as_written_says_so_in_its_head_without_claiming_its_verdict_reproduced(recorded):
    dossier, record = recorded
    result = run("show", record)
    assert result.exit_code == 0 and result.stderr == ""
    assert ("  record: its name agrees with its contents and its verdict with itself (what the record alone can "
            "tell; certify verify re-derives the verdict)\n") in _head(result.stdout) + "\n"


@pytest.mark.parametrize("edit", [
    lambda r: r["options"].update(level=3),  # an input: the digest its name ends with is no longer its inputs'
    lambda r: r.update(committee_approval={"approver": "王某"}),  # a field certify does not write
    lambda r: r.update(made_at="2999-01-01T00:00:00Z"),
], ids=["input", "added field", "made later"])
def test_a_record_edited_after_it_was_written_is_shown_under_the_warning_verify_gives(recorded, edit):
    dossier, record = recorded
    _edit(record, edit)
    [verified] = run("verify", record).stdout.splitlines()
    why = verified.removeprefix(f"{record}: cannot verify: ")
    assert why != verified and why.startswith(("the record was edited after it was written", "made_at 2999"))
    result = run("show", record)
    assert result.exit_code == 0  # shown all the same: the auditor reads what the file holds, warned
    assert (f"  record: WARNING: {why}. What follows is what the file holds now, not necessarily what was "
            "decided.") in _head(result.stdout)
    assert result.stderr == f"warning: {record}: {why} (shown under a warning in its head)\n"
    assert "L3.sales_tenure  [fail]" in result.stdout


def test_a_renamed_record_and_a_copy_are_said_in_their_heads(recorded):
    dossier, record = recorded
    renamed = record.with_name(record.name.replace("AP-104--", "AP-103--"))
    record.rename(renamed)
    copy = renamed.with_name("copy.json")
    shutil.copy(renamed, copy)
    verified = dict(line.split(": cannot verify: ", 1) for line in run("verify", renamed.parent).stdout.splitlines())
    assert verified[str(renamed)].startswith("the record was renamed after it was written (applicant: AP-103 in its "
                                             "name, AP-104 in its contents")
    assert verified[str(copy)].startswith("a byte-for-byte copy of the record")
    result = run("show", renamed.parent)
    assert result.exit_code == 0
    heads = {path: _head(result.stdout.split(f"{path}\n", 1)[1]) for path in (renamed, copy)}
    assert f"  record: WARNING: {verified[str(renamed)]}. What follows is what the file holds now" in heads[renamed]
    assert f"warning: {renamed}: {verified[str(renamed)]} (shown under a warning in its head)\n" in result.stderr
    # the copy: the same record twice, to be kept once under the name certify gave it (neither file has it)
    said = (f"the same record is here twice: this file is a byte-for-byte copy of {renamed} under another name, not a "
            f"second decision; keep one of the two, under the name certify gave it ({record.name})")
    assert f"  record: WARNING: {said}. What follows is what both files hold." in heads[copy]
    assert f"warning: {copy}: {said} (shown under a warning in its head)\n" in result.stderr


def test_a_verdict_edited_by_hand_is_said_to_contradict_itself(recorded):
    dossier, record = recorded

    def promoted(data):  # level 3 passed, qualified and target said so, the rule's explanation left as it was
        verdict = data["verdict"]
        verdict.update(qualified_level=3, target_status="pass")
        verdict["levels"][2]["status"] = "pass"
        next(r for r in verdict["levels"][2]["rules"] if r["id"] == "L3.sales_tenure")["status"] = "pass"

    _edit(record, promoted)
    result = run("show", record)
    assert result.exit_code == 0
    assert ("  record: WARNING: the record was edited after it was written: its verdict contradicts itself "
            '(L3.sales_tenure: pass, but its explanation says "Not met"). What follows is') in _head(result.stdout)
    _edit(record, lambda data: data["verdict"].update(qualified_level=4))  # and the qualified level alone
    zh = run("show", record, "--lang", "zh")
    assert ("  判定记录：警告：判定记录写入后被修改过：其判定结果自相矛盾（L3.sales_tenure：符合，但其说明为“Not met”；"
            "认定级别为 4，但按各级别结果应为 3）。以下为该文件现有的内容，未必是当时的判定。") in _head(zh.stdout)
    assert zh.stderr.startswith(f"警告：{record}：判定记录写入后被修改过：其判定结果自相矛盾（")
    verified = run("verify", record)  # verify, which judges it again, says how it differs, and says it outright too
    assert verified.exit_code == 1 and "most likely" not in verified.stdout
    assert verified.stdout.endswith("; the record was edited after it was written: its verdict contradicts itself "
                                    '(L3.sales_tenure: pass, but its explanation says "Not met"; qualified level 4, but '
                                    "its levels make it 3)\n")
    assert run("verify", record, "--lang", "zh").stdout.endswith(
        "；判定记录写入后被修改过：其判定结果自相矛盾（L3.sales_tenure：符合，但其说明为“Not met”；认定级别为 4，但按各级别结果应为 3）\n")


@pytest.mark.parametrize("edit, said", [
    (lambda facts: facts["applicant"].update(sales_months=120),
     "applicant.sales_months 120 in its facts, 95 read by L1.sales_tenure"),
    (lambda facts: facts["projects"][0]["facts"].update(amount=60000000),
     "projects.amount (某市政务外网升级) 60000000 in its facts, 6000000 read by L2.project"),
    (lambda facts: facts.update(as_of="2026-06-30"), "facts as of 2026-06-30, the verdict as of 2025-12-31")],
    ids=["applicant", "project", "date"])
def test_facts_edited_to_read_otherwise_than_the_verdict_are_said_edited_by_show(recorded, edit, said):
    dossier, record = recorded  # huang-tao: 7 years 11 months in sales, a project of 600万
    before = run("show", record)
    assert "its verdict with itself" in _head(before.stdout) and before.stderr == ""  # as written: no false alarm
    _edit(record, lambda data: edit(data["facts"]))  # the facts are no input: the record's name stays right
    shown = run("show", record)
    assert shown.exit_code == 0  # shown, as the file holds it, under a warning
    warned = f"the record was edited after it was written: its facts are not what its verdict read ({said})"
    assert f"  record: WARNING: {warned}. What follows is" in _head(shown.stdout)
    assert shown.stderr == f"warning: {record}: {warned} (shown under a warning in its head)\n"
    assert run("show", record, "--lang", "zh").stderr.startswith(
        f"警告：{record}：判定记录写入后被修改过：其所记事实与判定结果读取的不符（")
    assert run("verify", record).stdout.startswith(f"{record}: differs: the recorded facts are not the dossier's: ")


@pytest.mark.parametrize("explanation, opens", [
    ("Not met.", None), ("Not met (1 month short; HR checked the contracts)", None), ("not met; see file", None),
    ("Requirement not met: 8 years in sales.", None),  # reworded: it says no status, so it contradicts none
    ("Met.", "Met"), ("Met: 8 years in sales.", "Met"), ("To be verified", "To be verified"), ("符合。", "符合")])
def test_an_explanation_reworded_by_hand_contradicts_its_status_only_when_it_opens_with_another(recorded, explanation,
                                                                                                 opens):
    dossier, record = recorded  # huang-tao: L3.sales_tenure fails, "Not met: 8 years in sales. ..."

    def reworded(data):
        next(r for r in data["verdict"]["levels"][2]["rules"] if r["id"] == "L3.sales_tenure")["explanation"] = explanation

    _edit(record, reworded)
    shown, verified = run("show", record), run("verify", record)
    assert shown.exit_code == 0 and verified.exit_code == 1  # either way the record was edited: it differs
    contradicts = f'its verdict contradicts itself (L3.sales_tenure: fail, but its explanation says "{opens}")'
    if opens:
        assert f"record: WARNING: the record was edited after it was written: {contradicts}" in _head(shown.stdout)
        assert verified.stdout.endswith(f"; the record was edited after it was written: {contradicts}\n")
    else:  # "Not met." is fail, as its rule is: no warning in show, and verify says it most likely edited
        assert "contradicts" not in shown.stdout + shown.stderr + verified.stdout
        assert "  record: its name agrees with its contents and its verdict with itself" in _head(shown.stdout)
        assert verified.stdout.endswith("so the record itself was most likely edited after it was written\n")


@pytest.mark.parametrize("edit, en", [
    (lambda verdict: verdict.pop("target_status"), "absent"),
    (lambda verdict: verdict.update(target_status=None), "none")])
def test_a_target_status_edited_away_is_said_absent_or_none_not_as_python_writes_null(recorded, edit, en):
    dossier, record = recorded  # huang-tao: target level 3, which fails
    _edit(record, lambda data: edit(data["verdict"]))
    said = "its verdict contradicts itself (target status {s}, but level 3 is fail)"
    assert f"warning: {record}: the record was edited after it was written: {said.format(s=en)}" in run(
        "show", record).stderr
    assert "（申报级别结果为无，但3级为不符合）" in run("show", record, "--lang", "zh").stderr
    verified = run("verify", record)  # as verify says it, the verdict judged again beside it
    assert verified.exit_code == 1
    assert verified.stdout == (f"{record}: differs: the verdict changed: target status {en} -> fail; the record was "
                               f"edited after it was written: {said.format(s=en)}\n")


def test_a_ruleset_under_the_standards_name_edited_since_with_no_copy_kept_is_said_not_the_standard(tmp_path):
    standard = (Path(__file__).resolve().parents[1] / "certify" / "rulesets" / "kam-2014.yaml")
    mine = tmp_path / "my-standard.yaml"  # the standard's id and version, L1.sales_tenure lowered
    mine.write_text(standard.read_text(encoding="utf-8").replace(
        "{fact: sales_months, at_least: 3 years}", "{fact: sales_months, at_least: 2 years}", 1), encoding="utf-8")
    assert run("check", APPLICANTS / "liu-yang.yaml", "--ruleset", mine, "--record", tmp_path / "records",
               "-q").exit_code == 0
    [record] = (tmp_path / "records").glob("*.json")
    [kept] = (tmp_path / "records" / "rulesets").glob("*.yaml")
    kept.unlink()
    mine.write_text(mine.read_text(encoding="utf-8") + "# later\n", encoding="utf-8")
    ruleset = json.loads(record.read_text(encoding="utf-8"))["ruleset"]
    now = hashlib.sha256(mine.read_bytes()).hexdigest()
    head = _head(run("show", record).stdout)
    # the file named is not the one judged now, as the dossier's line says of a dossier; nor was it the standard
    assert (f"  ruleset: kam-2014 2014.1, effective 2014-03-13, sha256 {ruleset['sha256'][:12]}… ({mine}: changed "
            f"since ({now[:12]}… now)); its kept copy {kept} is not there — NOT THE BUNDLED STANDARD: "
            f"its id and version, other bytes (the standard's sha256 is "
            f"{hashlib.sha256(standard.read_bytes()).hexdigest()[:12]}…); no copy of it is at hand to say whether "
            "its rules differ\n") in head + "\n"
    zh = _head(run("show", record, "--lang", "zh").stdout)
    assert f"（{mine}：此后已更改（现为 {now[:12]}…））" in zh and "——并非内置标准：编号和版本与其相同，文件内容却不同" in zh


@pytest.mark.parametrize("amount", ["abc", "1e400"])
def test_a_record_whose_recorded_amount_is_no_number_is_said_naming_it_not_a_traceback(recorded, amount):
    dossier, record = recorded
    data = json.loads(record.read_text(encoding="utf-8"))
    data["facts"]["projects"][0]["facts"]["amount"] = amount  # edited by hand
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("show", record)
    assert result.exit_code == 2, result.output  # not 1, an exception's
    assert result.stderr == (f"Error: {record}: not a decision record (facts.projects.0.facts.amount: Input should be "
                             "a valid number)\n")  # named as a field of the wrong kind is


@pytest.mark.parametrize("path", ["verdict.applicant_id", "verdict.as_of", "verdict.ruleset.id", "verdict.qualified_level",
                                  "verdict.levels.2.rules.1.clause", "verdict.levels.2.gaps.0.missing.0.actual",
                                  "facts.as_of", "facts.projects.0.label", "overrides"])
def test_a_field_show_reads_deleted_from_a_record_is_named_by_its_path(recorded, path):
    """Not "KeyError: 'as_of'" (the verdict's, or the facts'?): the field missing, by its path in the record."""
    dossier, record = recorded
    _set(record, path)
    _refused_by_show(record, path, "missing", "缺少该字段")


@pytest.mark.parametrize("path, value, en, zh", [
    ("verdict.levels.2.rules.1.explanation", 7, "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.rules", "L3.education", "Input should be a valid list", "应为列表"),
    ("verdict.target_level", "3", "Input should be a level of the verdict (1 to 4) or null, not '3'",
     "应为判定结果中的级别（1 至 4）或 null，而非 '3'"),
    ("verdict.target_status", ["fail"], "Input should be one of pass, fail, review or null, not ['fail']",
     "应为 pass、fail、review 之一或 null，而非 ['fail']"),
    ("verdict.levels.2.passes_on", 20260131, "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.gaps.0.missing.0.item", 7, "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.gaps.0.missing.0.unproven", ["x"], "Input should be a valid string", "应为文本"),
    ("facts.applicant", "AP-104", "Input should be an object with any of work_months, sales_months or it_sales_months",
     "应为可含 work_months、sales_months、it_sales_months 的映射（键: 值）"),
    ("facts.applicant.sales_months", [95], "Input should be a valid integer", "应为整数"),
    # a part none of whose fields must be there is said by the fields certify writes in it, not only those checked
    ("facts.education.0.facts", "bachelor",
     "Input should be an object with any of degree, graduated, mode or work_months_after",
     "应为可含 degree、graduated、mode、work_months_after 的映射（键: 值）"),
    ("facts.projects.0.facts", "X项目",
     "Input should be an object with any of role, status, amount, designation, designation_ref or stages",
     "应为可含 role、status、amount、designation、designation_ref、stages 的映射（键: 值）"),
    ("facts.education.0.facts.graduated", 2014, "Input should be a valid string", "应为文本"),
    ("facts.projects.0.facts.amount", {"yuan": 6000000}, "Input should be a valid number", "应为数字"),
    ("facts.projects.0.facts.stages", 7, "Input should be a valid list", "应为列表")])
def test_a_field_show_lays_out_of_the_wrong_kind_is_named_by_its_path_and_what_it_should_be(recorded, path, value,
                                                                                          en, zh):
    """Not "TypeError: unhashable type: 'list'": the field, by its path in the record, and what it should be."""
    dossier, record = recorded
    _set(record, path, value)
    _refused_by_show(record, path, en, zh)


@pytest.mark.parametrize("path, value, where, en, zh", [
    ("verdict.qualified_level", "2", "verdict.qualified_level",
     "Input should be a level of the verdict (0 for none, 1 to 4), not '2'",
     "应为判定结果中的级别（0 表示未达到任何级别，1 至 4），而非 '2'"),
    ("verdict.target_level", "3", "verdict.target_level", "Input should be a level of the verdict (1 to 4) or null, not '3'",
     "应为判定结果中的级别（1 至 4）或 null，而非 '3'"),
    ("verdict.target_status", 5, "verdict.target_status", "Input should be one of pass, fail, review or null, not 5",
     "应为 pass、fail、review 之一或 null，而非 5"),
    ("verdict.ruleset.version", 7, "verdict.ruleset.version", "Input should be a valid string", "应为文本"),
    ("verdict.ruleset", {"sha256": 7}, "verdict.ruleset.id", "missing", "缺少该字段"),
    ("verdict.qualified_level", ..., "verdict.qualified_level", "missing", "缺少该字段"),
    ("verdict.levels.0.rules.0.clause", ..., "verdict.levels.0.rules.0.clause", "missing", "缺少该字段"),
    ("verdict.levels.0.rules.0.explanation", 7, "verdict.levels.0.rules.0.explanation", "Input should be a valid string",
     "应为文本")])
def test_a_field_of_the_verdict_edited_by_hand_is_said_alike_by_show_and_verify(recorded, path, value, where, en, zh):
    """One reading of the verdict: what show cannot lay out, verify cannot verify, in the same words; not `differs`
    (exit 1, as if the verdict were judged otherwise) nor pydantic's `a valid integer` where the other says which
    level."""
    dossier, record = recorded
    _set(record, path, value)
    _refused_by_show(record, where, en, zh)
    english, chinese = run("verify", record), run("verify", record, "--lang", "zh")
    assert (english.exit_code, chinese.exit_code) == (2, 2)
    assert english.stdout == f"{record}: cannot verify: not a decision record ({where}: {en})\n"
    assert chinese.stdout == f"{record}：无法核对：不是判定记录（{where}：{zh}）\n"


@pytest.mark.parametrize("value, where, en", [
    ({"path": 7}, "ruleset.editions.path", "Input should be a valid string"),
    (7, "ruleset.editions", "Input should be an object with path")])
def test_a_folder_of_editions_edited_to_no_path_is_named_by_its_field_not_by_a_type_error(recorded, value, where, en):
    """Not `a value certify does not write: expected str, bytes or os.PathLike object, not int`: the field."""
    dossier, record = recorded
    _set(record, "ruleset.editions", value)
    assert run("show", record).stderr == f"Error: {record}: not a decision record ({where}: {en})\n"
    assert run("verify", record).stdout == f"{record}: cannot verify: not a decision record ({where}: {en})\n"


@pytest.mark.parametrize("lang, stages", [
    ("en", "discovery, technical exchange, procurement (tendering), contract signing, contract execution, payment "
           "collection, acceptance"),
    ("zh", "需求发掘、技术交流、商务采购(招投标)、合同签订、合同执行、项目回款、项目验收")])
def test_the_facts_table_keeps_to_the_width_a_long_value_running_on_under_itself(recorded, lang, stages):
    dossier, record = recorded
    out = run("show", record, "--lang", lang).stdout
    facts = out.rstrip("\n").split("\n\n")[-1].splitlines()  # the last paragraph: the facts
    assert max(wcswidth(line) for line in facts) <= 102  # written to a pipe: 102 columns, as check's text
    [row] = [i for i, line in enumerate(facts) if line.startswith("    某市政务外网升级") and stages[:4] in line]
    start = facts[row].index(stages[:4])
    column = wcswidth(facts[row][:start])  # where the value column starts: the lines under it are blank up to it
    more = [line[column:] for line in facts[row + 1:] if line[:column].strip() == ""]  # its value's next lines
    said = facts[row][start:]
    for line in more:
        said += ("" if lang == "zh" else " ") + line
    assert said == stages


def test_a_record_judged_from_a_folder_of_editions_says_whether_the_folder_is_as_it_was(tmp_path):
    # verify says "the editions changed (…)" of such a record; its head says it too, without evaluating.
    folder = tmp_path / "editions"
    shutil.copytree(Path(__file__).parent / "rulesets" / "editions", folder)
    made = run("check", APPLICANTS / "zhao-lei.yaml", "--ruleset", folder, "--as-of", "2019-06-30",
               "--record", tmp_path / "records", "-q")
    assert made.exit_code in (0, 1), made.output
    [record] = (tmp_path / "records").glob("*.json")
    assert f"; judged from the folder of editions {folder}: unchanged\n" in _head(run("show", record).stdout) + "\n"
    later = (folder / "kam-2020.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2020.1"', 'version: "2024.1"'), ("effective: 2020-01-01", "effective: 2024-01-01")):
        later = later.replace(old, new)
    (folder / "kam-2024.yaml").write_text(later, encoding="utf-8")
    result = run("show", record)
    assert result.exit_code == 0 and result.stderr == ""
    assert (f"; judged from the folder of editions {folder}: changed since (kam-2024.yaml added)\n"
            in _head(result.stdout) + "\n")
    assert f": differs: the editions changed ({folder}: kam-2024.yaml added); " in run("verify", record).stdout
    with (folder / "kam-2020.yaml").open("a", encoding="utf-8") as edition:
        edition.write("# 2020 edition, annotated\n")
    zh = _head(run("show", record, "--lang", "zh").stdout)
    assert f"；按标准版本文件夹 {folder} 评定：此后已更改（新增 kam-2024.yaml，修改 kam-2020.yaml）\n" in zh + "\n"


def test_a_workbook_that_is_there_but_cannot_be_read_is_said_so_as_verify_says_it_not_said_gone(tmp_path):
    from sheetdata import level_2

    book = level_2(tmp_path / "cycle.xlsx")
    run("check", book, "--record", tmp_path / "records", "-q")
    record = next((tmp_path / "records").glob("E1--*.json"))
    book.write_bytes(b"not a workbook")  # there, but no zip: no longer read as a workbook
    verified = run("verify", record).stdout
    why = verified.split(f": cannot verify: dossier cannot be read ({book}#E1: ", 1)[1].rsplit(")", 1)[0]
    assert why == "not a workbook: the file holds text (a CSV file named .xlsx?); save it as .xlsx in Excel, or name it " \
                  "as a sheet of a CSV set (applicants.csv, ...)"
    shown = run("show", record)
    head = _head(shown.stdout)
    assert f"…: cannot be read ({why})\n" in head + "\n"
    assert "not found" not in head
    assert "  applicant: E1 (a record keeps no name, and the dossier judged cannot be read)" in head
    assert shown.exit_code == 2 and shown.stderr == (f"Error: {record}: not shown in full: the dossier cannot be read "
                                                     "(its head says why)\n")
    zh = _head(run("show", record, "--lang", "zh").stdout)
    assert "…：无法读取（不是工作簿：文件中是文本" in zh and "找不到" not in zh
    assert "  申报人：E1（判定记录不含姓名，而评定时的申报材料已无法读取）" in zh


@UNPRIVILEGED
def test_a_dossier_file_that_is_there_but_cannot_be_opened_is_said_unreadable_as_verify_says_it(recorded):
    dossier, record = recorded
    other = dossier.with_name("other.yaml")  # a second record, verified all the same
    other.write_text(dossier.read_text(encoding="utf-8").replace("AP-104", "AP-105"), encoding="utf-8")
    assert run("check", other, "--record", record.parent, "-q").exit_code == 1
    dossier.chmod(0)  # there, but not to be opened: run without the right to read what permissions forbid

    def said(*args):
        return subprocess.run(unprivileged(*args), capture_output=True, text=True, timeout=120)

    try:
        verified, verified_zh = said("verify", record.parent), said("verify", record.parent, "--lang", "zh")
        shown, shown_zh = said("show", record), said("show", record, "--lang", "zh")
    finally:
        dossier.chmod(0o644)
    why = "cannot read file: Permission denied"
    assert verified.returncode == 2 and "Error" not in verified.stderr, verified.stderr
    assert f"{record}: cannot verify: dossier cannot be read ({dossier}: {why})" in verified.stdout.splitlines()
    assert ": reproduced" in verified.stdout  # the other record: the run is not stopped
    assert f"{record}：无法核对：申报材料无法读取（{dossier}：无法读取文件：Permission denied）" in verified_zh.stdout
    head = _head(shown.stdout)
    assert shown.returncode == 2 and shown.stderr == (f"Error: {record}: not shown in full: the dossier cannot be read "
                                                      "(its head says why)\n"), shown.stderr
    assert shown_zh.returncode == 2 and shown_zh.stderr == f"错误：{record}：未能完整显示：申报材料无法读取（原因见其首部）\n"
    assert f"…: cannot be read ({why})\n" in head + "\n"
    assert "not found" not in head
    assert "  applicant: AP-104 (a record keeps no name, and the dossier judged cannot be read)" in head
    zh = _head(shown_zh.stdout)
    assert "…：无法读取（无法读取文件：Permission denied）\n" in zh + "\n" and "找不到" not in zh
    assert "  申报人：AP-104（判定记录不含姓名，而评定时的申报材料已无法读取）" in zh


def test_an_applicant_id_edited_inside_a_record_is_said_edited_as_verify_finds_it_not_renamed(recorded):
    dossier, record = recorded  # the file keeps its name; the id in its verdict is edited
    _edit(record, lambda data: data["verdict"].update(applicant_id="AP-999"))
    assert run("verify", record).stdout.startswith(f"{record}: differs: the verdict changed: applicant id AP-999 -> AP-104; ")
    result = run("show", record)
    said = ("the record was edited after it was written: its verdict is not that of its own inputs (applicant id "
            "AP-999 in its verdict, AP-104 in its dossier and its name)")
    assert f"  record: WARNING: {said}. What follows is what the file holds now" in _head(result.stdout)
    assert result.stderr == f"warning: {record}: {said} (shown under a warning in its head)\n"
    assert "renamed" not in result.stdout + result.stderr
    zh = run("show", record, "--lang", "zh")
    assert ("  判定记录：警告：判定记录写入后被修改过：其判定结果与其自身的输入不符（申报人编号：判定结果中为 AP-999，"
            "申报材料和文件名中为 AP-104）。") in _head(zh.stdout)
    assert "改名" not in zh.stdout + zh.stderr
    # the dossier gone, the record alone cannot tell an id edited from a file renamed: it says both, as such
    dossier.unlink()
    head = _head(run("show", record).stdout)
    assert ("  record: WARNING: the record was renamed, or the applicant id in its verdict edited, after it was "
            "written (applicant: AP-104 in its name, AP-999 in its contents; its contents give the name AP-999--") in head
    assert "with the dossier judged not at hand, which cannot be told." in head
    zh = _head(run("show", record, "--lang", "zh").stdout)
    assert "判定记录写入后被改名，或其判定结果中的申报人编号被修改过（" in zh
    assert "）；找不到评定时的申报材料，无法判断是哪一种。" in zh


def test_a_spreadsheet_applicants_id_edited_inside_its_record_is_said_edited_by_its_recorded_id(tmp_path):
    from sheetdata import level_2

    book = level_2(tmp_path / "cycle.xlsx")
    run("check", book, "--record", tmp_path / "records", "-q")
    record = next((tmp_path / "records").glob("E2--*.json"))
    book.unlink()  # the record keeps the applicant's id among its inputs: no need of the workbook to tell
    _edit(record, lambda data: data["verdict"].update(applicant_id="E1"))
    assert ("its verdict is not that of its own inputs (applicant id E1 in its verdict, E2 in its dossier and its "
            "name)") in _head(run("show", record).stdout)


def test_an_as_of_date_edited_in_a_records_verdict_is_said_edited_not_renamed(recorded):
    dossier, record = recorded
    _edit(record, lambda data: data["verdict"].update(as_of="2026-06-30"))
    head = _head(run("show", record).stdout)
    assert ("WARNING: the record was edited after it was written: its verdict is not that of its own inputs (as of "
            "2026-06-30 in its verdict, 2025-12-31 in its inputs and its name)") in head
    assert ("其判定结果与其自身的输入不符（截止日期：判定结果中为 2026-06-30，记录的输入和文件名中为 2025-12-31）"
            in _head(run("show", record, "--lang", "zh").stdout))


@pytest.mark.parametrize("edit", [
    lambda data: data.update(as_of="2026-06-30"),  # the record's date, under the name its digest no longer gives
    lambda data: data.update(as_of="2026-06-30", verdict={**data["verdict"], "as_of": "2026-06-30"}),  # and the verdict's
], ids=["inputs", "inputs and verdict"])
def test_a_date_edited_in_a_records_inputs_is_not_said_to_be_the_day_it_was_judged(recorded, edit):
    """huang-tao's dossier gives as_of 2025-12-31, and no --as-of was given: a record whose date is another was
    edited, and its head says so, with the dossier's date, not that the dossier gives none."""
    dossier, record = recorded
    _edit(record, edit)
    english, chinese = _head(run("show", record).stdout), _head(run("show", record, "--lang", "zh").stdout)
    assert ("as of: 2026-06-30 (not the dossier's as_of, which is 2025-12-31, and not given with --as-of: the record "
            "was edited after it was written)") in english
    assert "截止日期：2026-06-30（申报材料中的 as_of 为 2025-12-31，此日期也不是由 --as-of 给出：判定记录写入后被修改过）" in chinese
    assert "gives no as_of" not in english and "未给出 as_of" not in chinese


def test_a_copy_of_a_record_is_said_to_be_the_same_record_twice_naming_the_one_to_keep(recorded):
    dossier, record = recorded
    copy = record.with_name("copy.json")
    shutil.copy(record, copy)
    result = run("show", record.parent)
    assert result.exit_code == 0
    head = _head(result.stdout.split(f"{copy}\n", 1)[1])
    said = (f"the same record is here twice: this file is a byte-for-byte copy of {record} under another name, not "
            f"a second decision; keep one of the two ({record}, under the name certify gave it)")
    assert f"  record: WARNING: {said}. What follows is what both files hold." in head
    assert "not necessarily what was decided" not in head
    assert result.stderr == f"warning: {copy}: {said} (shown under a warning in its head)\n"
    assert "record: its name agrees with its contents" in _head(result.stdout.split(f"{record}\n", 1)[1])
    zh = run("show", record.parent, "--lang", "zh")
    head = _head(zh.stdout.split(f"{copy}\n", 1)[1])
    assert (f"  判定记录：警告：同一份判定记录在此出现两次：本文件是 {record} 的逐字节副本，只是文件名不同，并非另一项判定；"
            f"两者只需保留一份：保留 {record}（文件名为 certify 所起）。以下为两个文件共有的内容。") in head
    # neither under the name certify gave it: either is kept, under that name
    record.rename(record.with_name("kept.json"))
    result = run("show", record.with_name("kept.json"), copy)
    assert (f"warning: {copy}: the same record is here twice: this file is a byte-for-byte copy of "
            f"{record.with_name('kept.json')} under another name, not a second decision; keep one of the two, under "
            f"the name certify gave it ({record.name})") in result.stderr
    zh = run("show", record.with_name("kept.json"), copy, "--lang", "zh").stderr
    assert f"两者只需保留一份，并改用 certify 所起的文件名 {record.name}" in zh


def _unprivileged(*args):
    return subprocess.run(unprivileged(*args), capture_output=True, text=True, timeout=120)


@UNPRIVILEGED
def test_a_ruleset_file_that_is_there_but_cannot_be_opened_is_said_unreadable_and_verify_goes_on(tmp_path):
    dossier, ruleset = tmp_path / "huang-tao.yaml", tmp_path / "my.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    shutil.copy(Path(__file__).resolve().parents[1] / "rulesets" / "kam-2014.yaml", ruleset)
    records = tmp_path / "records"
    assert run("check", dossier, "--ruleset", ruleset, "--record", records, "-q").exit_code == 1
    [record] = records.glob("*.json")
    assert run("check", APPLICANTS / "he-xin.yaml", "--record", records, "-q").exit_code == 0  # the bundled one
    ruleset.chmod(0)  # there, but not to be opened
    try:
        verified, verified_zh = _unprivileged("verify", records), _unprivileged("verify", records, "--lang", "zh")
        shown, shown_zh = _unprivileged("show", record), _unprivileged("show", record, "--lang", "zh")
    finally:
        ruleset.chmod(0o644)
    assert verified.returncode == 2 and "Error" not in verified.stderr, verified.stderr
    lines = verified.stdout.splitlines()
    assert f"{record}: cannot verify: ruleset cannot be read ({ruleset}: cannot read file: Permission denied)" in lines
    assert any(line.startswith(f"{records}/AP-106--") and line.endswith(": reproduced") for line in lines)  # went on
    assert "2 records: 1 reproduced, 0 differ, 1 cannot be verified" in verified.stderr
    assert f"{record}：无法核对：标准无法读取（{ruleset}：无法读取文件：Permission denied）" in verified_zh.stdout
    head, zh = _head(shown.stdout), _head(shown_zh.stdout)
    # Shown from its kept copy, but whether the file named is as it was is not known: not shown in full.
    assert shown.returncode == 2 and shown.stderr == (f"Error: {record}: not shown in full: the ruleset file cannot be "
                                                      "read (its head says why)\n"), shown.stderr
    assert shown_zh.stderr == f"错误：{record}：未能完整显示：标准文件无法读取（原因见其首部）\n"
    assert f"({ruleset}: cannot be read (cannot read file: Permission denied)); kept copy {records}/rulesets/" in head
    assert "not found" not in head
    assert f"（{ruleset}：无法读取（无法读取文件：Permission denied））；留存副本" in zh and "找不到" not in zh


@UNPRIVILEGED
def test_a_kept_ruleset_that_is_there_but_cannot_be_opened_is_said_so_not_said_gone(recorded):
    dossier, record = recorded
    [kept] = (record.parent / "rulesets").glob("*.yaml")
    kept.chmod(0)
    try:
        verified, verified_zh = _unprivileged("verify", record.parent), _unprivileged("verify", record.parent,
                                                                                       "--lang", "zh")
        shown, shown_zh = _unprivileged("show", record), _unprivileged("show", record, "--lang", "zh")
    finally:
        kept.chmod(0o644)
    assert verified.returncode == 2, verified.stderr
    assert f"{kept}: cannot verify: cannot read the kept ruleset: Permission denied" in verified.stdout.splitlines()
    assert f"{kept}：无法核对：无法读取留存的标准：Permission denied" in verified_zh.stdout.splitlines()
    said = f"its kept copy {kept} cannot be read (cannot read file: Permission denied)"
    assert said in _head(shown.stdout) and "is not there" not in shown.stdout
    assert shown.returncode == 2 and shown.stderr == (f"Error: {record}: not shown in full: the ruleset's kept copy "
                                                      "cannot be read (its head says why)\n"), shown.stderr
    assert shown_zh.returncode == 2 and shown_zh.stderr.endswith("：未能完整显示：标准的留存副本无法读取（原因见其首部）\n")
    assert f"其留存副本 {kept} 无法读取（无法读取文件：Permission denied）" in _head(shown_zh.stdout)


def _from_editions(tmp_path) -> tuple[Path, Path, Path]:
    """zhao-lei judged from a copy of the test folder of editions, as of a date of its 2014 edition: (the
    folder, its 2020 edition, the record)."""
    folder = tmp_path / "editions"
    shutil.copytree(Path(__file__).parent / "rulesets" / "editions", folder)
    made = run("check", APPLICANTS / "zhao-lei.yaml", "--ruleset", folder, "--as-of", "2019-06-30",
               "--record", tmp_path / "records", "-q")
    assert made.exit_code in (0, 1), made.output
    [record] = (tmp_path / "records").glob("*.json")
    return folder, folder / "kam-2020.yaml", record


@UNPRIVILEGED
def test_an_edition_that_is_there_but_cannot_be_opened_is_said_so_and_verify_goes_on(tmp_path):
    folder, later, record = _from_editions(tmp_path)  # judged by kam-2014.yaml: kam-2020.yaml is another edition
    assert run("check", APPLICANTS / "he-xin.yaml", "--record", tmp_path / "records", "-q").exit_code == 0
    later.chmod(0)
    try:
        verified, verified_zh = (_unprivileged("verify", tmp_path / "records"),
                                 _unprivileged("verify", tmp_path / "records", "--lang", "zh"))
        shown, shown_zh = _unprivileged("show", record), _unprivileged("show", record, "--lang", "zh")
    finally:
        later.chmod(0o644)
    assert verified.returncode == 2 and "Error" not in verified.stderr, verified.stderr
    lines = verified.stdout.splitlines()
    assert (f"{record}: cannot verify: folder of editions cannot be read ({folder}: kam-2020.yaml: cannot read file: "
            "Permission denied)") in lines
    assert any(line.endswith(": reproduced") for line in lines)  # he-xin's record, after it
    assert (f"{record}：无法核对：标准版本文件夹无法读取（{folder}：kam-2020.yaml：无法读取文件：Permission denied）"
            in verified_zh.stdout.splitlines())
    assert (f"judged from the folder of editions {folder}: cannot be read (kam-2020.yaml: cannot read file: "
            "Permission denied)") in _head(shown.stdout)
    assert f"按标准版本文件夹 {folder} 评定：无法读取（kam-2020.yaml：无法读取文件：Permission denied）" in _head(shown_zh.stdout)
    assert shown.returncode == 2 and shown.stderr == (f"Error: {record}: not shown in full: the folder of editions "
                                                      "cannot be read (its head says why)\n"), shown.stderr


def test_an_edition_that_no_longer_reads_as_one_makes_its_records_differ_and_verify_goes_on(tmp_path):
    folder, later, record = _from_editions(tmp_path)
    assert run("check", APPLICANTS / "he-xin.yaml", "--record", tmp_path / "records", "-q").exit_code == 0
    with later.open("a", encoding="utf-8") as edition:
        edition.write("levels: [\n")  # no longer YAML
    result = run("verify", tmp_path / "records")
    assert result.exit_code == 1 and "Error" not in result.stderr, result.stderr
    said = result.stdout.split(f"{record}: ", 1)[1].splitlines()[0]
    assert said.startswith(f"differs: the editions changed ({folder}: kam-2020.yaml changed); it can no longer be "
                           f"evaluated: {later}:179: not valid YAML")
    assert "2 records: 1 reproduced, 1 differ, 0 cannot be verified" in result.stderr


@UNPRIVILEGED
def test_a_dossier_in_a_folder_that_cannot_be_searched_is_said_unreadable_and_verify_goes_on(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    dossier = locked / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    records = tmp_path / "records"
    assert run("check", dossier, APPLICANTS / "he-xin.yaml", "--record", records, "-q").exit_code == 1
    record = next(records.glob("AP-104--*.json"))
    locked.chmod(0)  # the file cannot even be looked at: whether it is there is not known, nor its bytes
    try:
        verified, shown = _unprivileged("verify", records), _unprivileged("show", record)
    finally:
        locked.chmod(0o755)
    assert verified.returncode == 2 and "Error" not in verified.stderr, verified.stderr
    assert (f"{record}: cannot verify: dossier cannot be read ({dossier}: cannot read file: Permission denied)"
            in verified.stdout.splitlines())
    assert "2 records: 1 reproduced, 0 differ, 1 cannot be verified" in verified.stderr
    assert "…: cannot be read (cannot read file: Permission denied)" in _head(shown.stdout)


@UNPRIVILEGED
def test_a_spreadsheet_that_cannot_be_opened_is_said_so_in_chinese_too_as_check_says_it(tmp_path):
    from sheetdata import level_2, write_csv_set
    from certify.load import load_dossier

    book = level_2(tmp_path / "cycle.xlsx")
    hr = write_csv_set(tmp_path / "hr", [load_dossier(APPLICANTS / "he-xin.yaml")])
    for made in (run("check", book, "--record", tmp_path / "records", "-q"),
                 run("check", hr, "--record", tmp_path / "records", "-q")):
        assert made.exit_code in (0, 1), made.output
    from_book, from_set = (next((tmp_path / "records").glob(f"{i}--*.json")) for i in ("E1", "AP-106"))
    sheet = hr / "education.csv"
    book.chmod(0)
    sheet.chmod(0)
    try:
        said = {(args, lang): _unprivileged(*args, "--lang", lang)
                for args in (("verify", from_book), ("show", from_book), ("verify", from_set), ("show", from_set),
                             ("check", book, "--no-explain")) for lang in ("en", "zh")}
    finally:
        book.chmod(0o644)
        sheet.chmod(0o644)
    why = {"en": "cannot read file: Permission denied", "zh": "无法读取文件：Permission denied"}
    for lang, colon in (("en", ": "), ("zh", "：")):
        verified = said[("verify", from_book), lang].stdout
        assert f"{book}#E1{colon}{why[lang]}" in verified, verified  # the same words as a dossier file's
        assert f"{hr}/applicants.csv#AP-106{colon}education.csv{colon}{why[lang]}" in said[("verify", from_set), lang].stdout
        assert "cannot be read:" not in verified and "cannot be read as" not in verified
        shown = {r: _head(said[("show", r), lang].stdout) for r in (from_book, from_set)}
        assert (f"cannot be read ({why['en']})" if lang == "en" else f"无法读取（{why['zh']}）") in shown[from_book]
        assert (f"cannot be read (education.csv: {why['en']})" if lang == "en"
                else f"无法读取（education.csv：{why['zh']}）") in shown[from_set]
    assert f"(1) {book}: {why['en']}" in said[("check", book, "--no-explain"), "en"].stdout
    assert f"（1）{book}：{why['zh']}" in said[("check", book, "--no-explain"), "zh"].stdout


@pytest.mark.parametrize("path, value, en, zh", [
    ("verdict.levels.2.status", "passed", "Input should be one of pass, fail, review, not 'passed'",
     "应为 pass、fail、review 之一，而非 'passed'"),
    ("verdict.levels.2.rules.1.status", "failed", "Input should be one of pass, fail, review, not 'failed'",
     "应为 pass、fail、review 之一，而非 'failed'"),
    ("verdict.target_status", "passed", "Input should be one of pass, fail, review or null, not 'passed'",
     "应为 pass、fail、review 之一或 null，而非 'passed'"),
    ("verdict.levels.2.gaps.0.missing.0.status", "short", "Input should be one of pass, fail, review, not 'short'",
     "应为 pass、fail、review 之一，而非 'short'"),
    ("verdict.levels.2.gaps.0.missing.0.op", "more_than",
     "Input should be at_least, equals, in, contains_all or some, not 'more_than'",
     "应为 at_least、equals、in、contains_all 或 some，而非 'more_than'"),
    ("verdict.levels.2.gaps.0.missing.0.fact", "applicant.sales_monts",
     "Input should be a fact certify knows (such as applicant.sales_months), not 'applicant.sales_monts'",
     "应为 certify 所知的事实（如 applicant.sales_months），而非 'applicant.sales_monts'"),
    ("verdict.levels.0.level", 7, "Input should be 1 (the verdict's levels are numbered 1, 2, 3, ... in order), not 7",
     "应为 1（判定结果的各级别依次编号为 1、2、3……），而非 7"),
    ("verdict.qualified_level", 7, "Input should be a level of the verdict (0 for none, 1 to 4), not 7",
     "应为判定结果中的级别（0 表示未达到任何级别，1 至 4），而非 7"),
    ("verdict.target_level", 0, "Input should be a level of the verdict (1 to 4) or null, not 0",
     "应为判定结果中的级别（1 至 4）或 null，而非 0"),
    ("verdict.as_of", "2024-13-40", "Input should be a valid date written YYYY-MM-DD, not '2024-13-40'",
     "应为写成 YYYY-MM-DD 的有效日期，而非 '2024-13-40'"),
    ("verdict.levels.2.passes_on", "2026-02-30",
     "Input should be a valid date written YYYY-MM-DD or null, not '2026-02-30'",
     "应为写成 YYYY-MM-DD 的有效日期或 null，而非 '2026-02-30'"),
    ("verdict.levels.2.gaps.0.passes_on", "31/01/2026",
     "Input should be a valid date written YYYY-MM-DD or null, not '31/01/2026'",
     "应为写成 YYYY-MM-DD 的有效日期或 null，而非 '31/01/2026'"),
    ("verdict.levels.2.gaps.0.missing.0.actual", -95, "Input should be a whole number of months, 0 or more, not -95",
     "应为不小于 0 的整数月数，而非 -95"),
    # A rule's readings (what show words its explanation from, and verify compares), as its gap's are.
    ("verdict.levels.2.rules.1.readings.0.status", "passed", "Input should be one of pass, fail, review, not 'passed'",
     "应为 pass、fail、review 之一，而非 'passed'"),
    ("verdict.levels.2.rules.1.readings.0.op", "more_than",
     "Input should be at_least, equals, in, contains_all or some, not 'more_than'",
     "应为 at_least、equals、in、contains_all 或 some，而非 'more_than'"),
    ("verdict.levels.2.rules.1.readings.0.fact", "applicant.sales_monts",
     "Input should be a fact certify knows (such as applicant.sales_months), not 'applicant.sales_monts'",
     "应为 certify 所知的事实（如 applicant.sales_months），而非 'applicant.sales_monts'"),
    ("verdict.levels.2.rules.1.readings.0.required", -96, "Input should be a whole number of months, 0 or more, not -96",
     "应为不小于 0 的整数月数，而非 -96"),
    ("verdict.levels.2.rules.0.readings.0.actual", "phd",
     "Input should be associate, bachelor, master or doctorate, not 'phd'",
     "应为 associate、bachelor、master 或 doctorate，而非 'phd'"),
], ids=["level-status", "rule-status", "target-status", "reading-status", "reading-op", "reading-fact",
        "level-number", "qualified-level", "target-level", "as-of", "level-passes-on", "gap-passes-on", "months",
        "rule-reading-status", "rule-reading-op", "rule-reading-fact", "rule-reading-months", "rule-reading-degree"])
def test_a_verdict_edited_to_hold_what_certify_never_writes_is_named_by_its_path_in_show_and_verify(
        recorded, path, value, en, zh):
    """Not "KeyError: 'passed'" or "IndexError: tuple index out of range" (show), nor "level 3 passed -> fail"
    (verify): the field, by its path in the record, and what it should hold, in English and Chinese."""
    dossier, record = recorded
    _set(record, path, value)
    _refused_by_show(record, path, en, zh)
    english, chinese = run("verify", record), run("verify", record, "--lang", "zh")
    assert (english.exit_code, chinese.exit_code) == (2, 2)  # cannot verify: not "differs", as a field of the wrong kind
    assert english.stdout.startswith(f"{record}: cannot verify: not a decision record ({path}: {en})\n")
    assert chinese.stdout.startswith(f"{record}：无法核对：不是判定记录（{path}：{zh}）\n")


@pytest.mark.parametrize("path, value, en, zh", [
    ("facts.as_of", "2024-13-40", "Input should be a valid date written YYYY-MM-DD, not '2024-13-40'",
     "应为写成 YYYY-MM-DD 的有效日期，而非 '2024-13-40'"),
    ("facts.education.0.facts.graduated", "2014-07-32",
     "Input should be a valid date written YYYY-MM-DD or null, not '2014-07-32'",
     "应为写成 YYYY-MM-DD 的有效日期或 null，而非 '2014-07-32'"),
    ("facts.education.0.facts.degree", "phd", "Input should be associate, bachelor, master or doctorate, not 'phd'",
     "应为 associate、bachelor、master 或 doctorate，而非 'phd'"),
    ("facts.projects.0.facts.role", "boss", "Input should be lead or member, not 'boss'",
     "应为 lead 或 member，而非 'boss'"),
    ("facts.projects.0.facts.amount", -5, "Input should be an amount in yuan, 0 or more, not -5",
     "应为不小于 0 的金额（元），而非 -5"),
    ("facts.applicant.sales_months", -1, "Input should be a whole number of months, 0 or more, not -1",
     "应为不小于 0 的整数月数，而非 -1"),
    # each stage one of the seven, not "a list of discovery, ... and acceptance" (all seven, it seemed to say)
    ("facts.projects.0.facts.stages", ["discovery", "tender"],
     "Input should be a list whose items are each one of discovery, technical_exchange, procurement, contract_signing, "
     "contract_execution, payment_collection or acceptance, not ['discovery', 'tender']",
     "应为列表，其中每项为 discovery、technical_exchange、procurement、contract_signing、contract_execution、"
     "payment_collection 或 acceptance，而非 ['discovery', 'tender']"),
], ids=["as-of", "graduated", "degree", "role", "amount", "months", "stages"])
def test_recorded_facts_edited_to_hold_what_certify_never_writes_are_named_by_their_path_in_show(
        recorded, path, value, en, zh):
    """verify compares the facts with the dossier's and names the one that differs (`differs: the recorded facts
    are not the dossier's: ...`); show, which lays them out, names it as a field of the wrong kind."""
    dossier, record = recorded
    _set(record, path, value)
    _refused_by_show(record, path, en, zh)
    verified = run("verify", record)
    assert verified.exit_code == 1 and "differs: the recorded facts are not the dossier's" in verified.stdout


@pytest.mark.parametrize("options", [[], ["--no-explain", "--ruleset", RULESETS / "editions"]],
                         ids=["bundled", "editions"])
def test_records_certify_writes_hold_nothing_show_or_verify_refuses(tmp_path, options):
    """The fields show and verify check the content of (statuses, levels, dates, each rule's and gap's readings)
    as certify writes them, over many kinds of dossier: every record is shown, and verified reproduced."""
    write_dossier_files(tmp_path / "cycle", 40, seed=3)
    records = tmp_path / "records"
    assert run("check", tmp_path / "cycle", APPLICANTS, "--record", records, "-q", *options).exit_code in (1, 2)
    written = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(records.glob("*.json"))]
    readings = [r for record in written for lv in record["verdict"]["levels"] for rule in lv["rules"]
                for r in rule["readings"]]
    # Not a vacuous check: readings of every operator, and of every outcome, review among them.
    assert {r["op"] for r in readings} == {"at_least", "equals", "in", "contains_all", "some"}
    assert {r["status"] for r in readings} == {"pass", "fail", "review"}
    verified = run("verify", records)
    assert verified.exit_code == 0, verified.stdout
    assert verified.stdout.count(": reproduced") == len(written) > 40
    for path in sorted(records.glob("*.json")):
        shown = run("show", path)
        assert shown.exit_code == 0, shown.stderr


@pytest.mark.parametrize("value, en, zh", [
    ("L3.sales_tenure", "Input should be a valid list", "应为列表"),
    (["applicant.sales_months"], "Input should be an object with fact, op, actual, required and status",
     "应为含 fact、op、actual、required、status 的映射（键: 值）"),
], ids=["text", "list-of-text"])
def test_a_rules_readings_of_the_wrong_kind_are_named_by_their_path_in_show_and_verify(recorded, value, en, zh):
    dossier, record = recorded
    _edit(record, lambda data: data["verdict"]["levels"][2]["rules"][1].update(readings=value))
    path = "verdict.levels.2.rules.1.readings" + (".0" if isinstance(value, list) else "")
    english, chinese = run("show", record), run("show", record, "--lang", "zh")
    assert english.stderr == f"Error: {record}: not a decision record ({path}: {en})\n"
    assert chinese.stderr == f"错误：{record}：不是判定记录（{path}：{zh}）\n"
    verified = run("verify", record)  # cannot verify: not "differs: ... readings 'L3.sales_tenure' recorded"
    assert verified.exit_code == 2
    assert verified.stdout.startswith(f"{record}: cannot verify: not a decision record ({path}: {en})\n")


@pytest.mark.parametrize("path, value, en, zh", [
    ("verdict.levels.2.gaps", "L3.sales_tenure", "Input should be a valid list", "应为列表"),
    ("verdict.levels.2.gaps.0", "L3.sales_tenure", "Input should be an object with rule and missing",
     "应为含 rule、missing 的映射（键: 值）"),
    ("verdict.levels.2.gaps.0.rule", ["L3.sales_tenure"], "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.gaps.0.missing", "applicant.sales_months", "Input should be a valid list", "应为列表"),
    ("verdict.levels.2.gaps.0.missing.0.fact", 95, "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.gaps.0.missing.0.unproven", ["x"], "Input should be a valid string", "应为文本"),
    ("verdict.levels.2.gaps.0.missing.0.actual", ..., "missing", "缺少该字段"),
    ("verdict.levels.2.gaps.0.alternatives", "none", "Input should be a valid list", "应为列表"),
    ("verdict.levels.2.passes_on", 20260131, "Input should be a valid string", "应为文本"),
], ids=["gaps", "gap", "rule", "missing", "reading-fact", "reading-unproven", "reading-actual-deleted",
        "alternatives", "level-passes-on"])
def test_a_gap_of_the_wrong_kind_cannot_be_verified_and_is_named_by_its_path_as_show_names_it(
        recorded, path, value, en, zh):
    """Not `differs: the statuses are the same, verdict.levels[2].gaps "L3.sales_tenure" recorded, [...] now; ...
    the record itself was most likely edited`: a gap verify compares is read as show reads it, and a field of it
    missing or of the wrong kind is named by its path (value ... deletes the field)."""
    dossier, record = recorded
    _set(record, path, value)
    english, chinese = run("verify", record), run("verify", record, "--lang", "zh")
    assert (english.exit_code, chinese.exit_code) == (2, 2)
    assert english.stdout.startswith(f"{record}: cannot verify: not a decision record ({path}: {en})\n")
    assert chinese.stdout.startswith(f"{record}：无法核对：不是判定记录（{path}：{zh}）\n")
    assert run("show", record).stderr == f"Error: {record}: not a decision record ({path}: {en})\n"
    assert run("show", record, "--lang", "zh").stderr == f"错误：{record}：不是判定记录（{path}：{zh}）\n"


@pytest.mark.parametrize("path, en, zh", [
    ("dossier", "Input should be an object with path and sha256", "应为含 path、sha256 的映射（键: 值）"),
    ("ruleset", "Input should be an object with id, version, sha256 and path", "应为含 id、version、sha256、path 的映射（键: 值）"),
    ("options", "Input should be an object with any of as_of, as_of_given, level, overrides, overrides_resolved or "
     "forecast", "应为可含 as_of、as_of_given、level、overrides、overrides_resolved、forecast 的映射（键: 值）"),
    ("versions", "Input should be an object with any of certify, certify_code, durable_rules or python",
     "应为可含 certify、certify_code、durable_rules、python 的映射（键: 值）"),
    ("verdict.levels.0", "Input should be an object with level, status and rules", "应为含 level、status、rules 的映射（键: 值）"),
    ("verdict.levels.2.gaps.0.missing.0", "Input should be an object with fact, op, actual, required and status",
     "应为含 fact、op、actual、required、status 的映射（键: 值）"),
], ids=["dossier", "ruleset", "options", "versions", "level", "gap-reading"])
def test_a_part_of_a_record_that_is_no_object_is_said_by_the_fields_it_holds_not_by_a_class_of_certify(
        recorded, path, en, zh):
    """Not pydantic's "Input should be a valid dictionary or instance of _Dossier" (or _Level, _Reading): classes of
    certify's code, which a reader of the record never sees. What the part should be: an object with its fields."""
    dossier, record = recorded
    _set(record, path, "x")
    english, chinese = run("verify", record), run("verify", record, "--lang", "zh")
    assert english.stdout.startswith(f"{record}: cannot verify: not a decision record ({path}: {en})\n")
    assert chinese.stdout.startswith(f"{record}：无法核对：不是判定记录（{path}：{zh}）\n")
    assert run("show", record).stderr == f"Error: {record}: not a decision record ({path}: {en})\n"
    assert run("show", record, "--lang", "zh").stderr == f"错误：{record}：不是判定记录（{path}：{zh}）\n"


@pytest.fixture
def forecast_under_a_later_edition(tmp_path) -> Path:
    """赵磊's record as of 2019-06-30 with the folder of editions: his dates fall under the 2020 edition, which the
    record names beside them (passes_on_ruleset), with what it requires of his project (passes_on_requirement)."""
    dossier = tmp_path / "zhao-lei.yaml"
    shutil.copy(APPLICANTS / "zhao-lei.yaml", dossier)
    assert run("check", dossier, "--ruleset", RULESETS / "editions", "--as-of", "2019-06-30",
               "--record", tmp_path / "records", "-q").exit_code == 1
    [record] = (tmp_path / "records").glob("*.json")
    gap = json.loads(record.read_text(encoding="utf-8"))["verdict"]["levels"][1]["gaps"][2]
    assert gap["passes_on_ruleset"]["version"] == "2020.1" and gap["passes_on_requirement"]["zh"]
    assert run("verify", record).stdout.endswith(": reproduced\n") and run("show", record).exit_code == 0
    return record


@pytest.mark.parametrize("path, value, en, zh", [
    ("verdict.levels.1.passes_on_ruleset", "kam-2014 2020.1",
     "Input should be an object with id, version, sha256 and effective",
     "应为含 id、version、sha256、effective 的映射（键: 值）"),
    ("verdict.levels.1.gaps.2.passes_on_ruleset", "kam-2014 2020.1",
     "Input should be an object with id, version, sha256 and effective",
     "应为含 id、version、sha256、effective 的映射（键: 值）"),
    ("verdict.levels.1.gaps.2.passes_on_requirement", "led a completed project of 800,000 CNY or more",
     "Input should be an object with zh and en", "应为含 zh、en 的映射（键: 值）"),
    ("verdict.levels.1.gaps.2.passes_on_requirement.zh", ["主导运作"], "Input should be a valid string", "应为文本"),
    ("verdict.levels.1.gaps.2.passes_on_ruleset.version", 2020, "Input should be a valid string", "应为文本"),
    ("verdict.levels.1.gaps.2.passes_on_ruleset.effective", "2020-13-01",
     "Input should be a valid date written YYYY-MM-DD, not '2020-13-01'", "应为写成 YYYY-MM-DD 的有效日期，而非 '2020-13-01'"),
], ids=["level-edition", "gap-edition", "requirement", "requirement-zh", "edition-version", "edition-effective"])
def test_a_later_edition_named_beside_a_date_of_the_wrong_kind_is_named_by_its_path_in_show_and_verify(
        forecast_under_a_later_edition, path, value, en, zh):
    """Not "a value certify does not write: string indices must be integers, not 'str'" (show's last resort), nor
    verify's `differs: ... passes_on_ruleset "kam-2014 2020.1" recorded`: cannot verify, the field named the same."""
    record = forecast_under_a_later_edition
    _set(record, path, value)
    _refused_by_show(record, path, en, zh)
    english, chinese = run("verify", record), run("verify", record, "--lang", "zh")
    assert (english.exit_code, chinese.exit_code) == (2, 2)
    assert english.stdout.startswith(f"{record}: cannot verify: not a decision record ({path}: {en})\n")
    assert chinese.stdout.startswith(f"{record}：无法核对：不是判定记录（{path}：{zh}）\n")


def _target_line(out: str) -> str:
    """The head's target level line, as one line however it is wrapped."""
    return " ".join(out.split("\n  target level: ", 1)[1].split("\n  ruleset: ", 1)[0].split())


def test_a_target_level_deleted_by_hand_is_said_against_the_dossier_judged_not_as_none_given(recorded):
    """huang-tao's dossier gives target_level 3: a record without one does not say the dossier gives none."""
    dossier, record = recorded
    _set(record, "verdict.target_level")
    shown = run("show", record)
    assert shown.exit_code == 0
    assert _target_line(shown.stdout) == ("none: the record holds no target level, though the dossier gives 3 (the "
                                          "record was edited after it was written)")
    assert "the dossier gives no target_level" not in shown.stdout
    warned = ("the record was edited after it was written: its verdict is not that of its own inputs (target level "
              "none in its verdict, 3 in its dossier)")
    assert f"record: WARNING: {warned}. What follows" in " ".join(shown.stdout.split())
    assert shown.stderr == f"warning: {record}: {warned} (shown under a warning in its head)\n"
    chinese = run("show", record, "--lang", "zh").stdout
    assert "申报级别：无：判定记录中没有申报级别，而申报材料给出的是3（判定记录写入后被修改过）" in "".join(chinese.split())
    assert "（申报级别：判定结果中为无，申报材料中为3）" in "".join(chinese.split())
    assert run("verify", record).stdout.startswith(f"{record}: differs: the verdict changed: target level absent -> 3")


def test_a_target_level_changed_by_hand_is_said_against_the_dossier_judged(recorded):
    dossier, record = recorded
    _edit(record, lambda r: r["verdict"].update(target_level=4, target_status="fail"))  # level 4 fails too
    out = run("show", record).stdout
    assert _target_line(out) == ("4: the record holds 4, though the dossier gives 3 (the record was edited after it "
                                 "was written)")
    assert "(target level 4 in its verdict, 3 in its dossier)" in " ".join(out.split())


def test_a_target_level_deleted_with_the_dossier_judged_not_at_hand_claims_nothing_of_the_dossier(recorded):
    dossier, record = recorded
    _set(record, "verdict.target_level")
    dossier.rename(dossier.with_name("elsewhere.yaml"))
    shown = run("show", record)
    assert _target_line(shown.stdout) == ("none recorded (the dossier judged is not at hand to say whether it gives a "
                                          "target_level): the gap shown is to the level above the qualified one")
    assert "the dossier gives" not in shown.stdout
    chinese = run("show", record, "--lang", "zh").stdout
    assert "申报级别：记录中无（评定时的申报材料不在手头，无法得知其是否给出target_level）" in "".join(chinese.split())


def test_a_target_level_deleted_from_a_record_judged_with_level_is_said_against_it(tmp_path):
    dossier = tmp_path / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    run("check", dossier, "--level", "4", "--record", tmp_path / "records", "-q")
    [record] = (tmp_path / "records").glob("*.json")
    assert _target_line(run("show", record).stdout) == "4 (given with --level)"
    _set(record, "verdict.target_level")
    out = run("show", record).stdout
    assert _target_line(out) == ("none: the record holds no target level, though it was judged with --level 4 (the "
                                 "record was edited after it was written)")
    assert "(target level none in its verdict, 4 given with --level)" in " ".join(out.split())


def test_a_dossier_that_gives_no_target_level_is_said_so_and_its_record_is_as_written(tmp_path):
    dossier = tmp_path / "huang-tao.yaml"
    text = (APPLICANTS / "huang-tao.yaml").read_text(encoding="utf-8")
    dossier.write_text(text.replace(", target_level: 3}", "}"), encoding="utf-8")
    run("check", dossier, "--record", tmp_path / "records", "-q")
    [record] = (tmp_path / "records").glob("*.json")
    shown = run("show", record)
    assert _target_line(shown.stdout) == ("none (the dossier gives no target_level): the gap shown is to the level "
                                          "above the qualified one")
    assert shown.stderr == "" and "WARNING" not in shown.stdout
    _set(record, "verdict.target_level", 3)  # and one added by hand: the dossier gives none
    _set(record, "verdict.target_status", "fail")
    assert _target_line(run("show", record).stdout) == (
        "3: the record holds 3, though the dossier gives no target_level (the record was edited after it was written)")
