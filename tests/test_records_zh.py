"""certify verify, and the records check --record refuses, in Chinese (--lang zh), as an auditor who reads
only Chinese sees them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from certify import __version__, records
from certify.cli import main
from certify.errors import CertifyError
from certify.load import load_dossier
from certify.records import dossier_source, sha256_of
from certify.ruleset import DEFAULT_RULESET
from samples import COMMITTEE
from sheetdata import write_csv_set

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
EDITIONS = Path(__file__).parent / "rulesets" / "editions"


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env or {"LANG": "en_US.UTF-8"})


@pytest.fixture
def dossier(tmp_path) -> Path:
    path = tmp_path / "zhao-lei.yaml"
    shutil.copy(APPLICANTS / "zhao-lei.yaml", path)
    return path


def only(folder: Path) -> Path:
    [path] = folder.glob("*.json")
    return path


def recorded(dossier: Path, folder: Path, *options) -> Path:
    """The one record `certify check DOSSIER --record FOLDER` writes."""
    run("check", dossier, "--record", folder, "-q", *options)
    return only(folder)


def edit_record(path: Path, change) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_a_record_made_now_is_reproduced_in_chinese(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    result = run("verify", tmp_path / "rec", "--lang", "zh")
    assert result.exit_code == 0
    assert result.stdout == f"{path}：已复现\n"
    assert result.stderr == "共 1 份判定记录：1 份已复现，0 份不一致，0 份无法核对，0 份缺失\n"


def test_a_dossier_changed_since_its_record_differs_in_chinese(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    before = sha256_of(dossier)
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("赵磊", "赵雷"), encoding="utf-8")
    result = run("verify", path, "--lang", "zh")
    assert result.exit_code == 1
    assert result.stdout == (f"{path}：不一致：申报材料已更改（{dossier}：sha256 记录为 {before[:12]}…，"
                             f"现为 {sha256_of(dossier)[:12]}…）；判定结果相同\n")
    assert result.stderr == "共 1 份判定记录：0 份已复现，1 份不一致，0 份无法核对\n"


def test_a_threshold_changed_in_the_ruleset_differs_in_chinese(dossier, tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    path = recorded(dossier, tmp_path / "rec", "--ruleset", copy)
    before = sha256_of(copy)
    copy.write_text(copy.read_text(encoding="utf-8").replace("at_least: 3 years}", "at_least: 2 years}", 1),
                    encoding="utf-8")
    result = run("verify", path, "--lang", "zh")
    assert result.stdout == (f"{path}：不一致：标准已更改（kam-2014 2014.1 {copy}：sha256 记录为 {before[:12]}…，"
                             f"现为 {sha256_of(copy)[:12]}…）；各项结果相同，说明不同（L1.sales_tenure："
                             "applicant.sales_months 要求值（required）记录为 36，现为 24）；"
                             f"按留存的评定时标准副本（{path.parent / 'rulesets' / before}.yaml）判定，结果可复现\n")


def test_a_verdict_that_changed_names_each_change_in_chinese(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("as_of: 2025-06-30", "as_of: 2018-06-30"),
                       encoding="utf-8")
    result = run("verify", path, "--lang", "zh")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "；判定结果已改变：截止日期 2025-06-30 -> 2018-06-30，认定级别 1 -> 0，1级 符合 -> 不符合，"
        + "，".join(f"L{n}.{rule} 符合 -> 不符合（{fact} 实际值（actual）记录为 96，现为 12）" for n in (1, 2, 3)
                   for rule, fact in (("education", "education.work_months_after（bachelor 2017-07-01）"),
                                      ("sales_tenure", "applicant.sales_months"))) + "\n")


def test_records_whose_dossier_is_gone_cannot_be_verified_in_chinese(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    dossier.unlink()
    (tmp_path / "rec" / "notes.json").write_text("[1, 2]", encoding="utf-8")
    result = run("verify", tmp_path / "rec", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"{path}：无法核对：找不到申报材料（{dossier}）",
                                          f"{tmp_path / 'rec' / 'notes.json'}：无法核对：不是判定记录"]
    assert result.stderr == "共 2 份判定记录：0 份已复现，0 份不一致，2 份无法核对，0 份缺失\n"


def test_a_folder_without_records_is_noted_in_chinese(tmp_path):
    result = run("verify", tmp_path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == (f"注意：{tmp_path} 中没有判定记录（.json）\n"
                             "共 0 份判定记录：0 份已复现，0 份不一致，0 份无法核对\n")


def test_verify_speaks_the_locales_language_as_the_other_commands_do(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    assert run("verify", path, env={"LANG": "zh_CN.UTF-8"}).stdout == f"{path}：已复现\n"
    assert run("verify", path, "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).stdout == f"{path}: reproduced\n"


def test_a_record_refused_by_check_is_said_in_chinese(dossier, tmp_path):
    path = recorded(dossier, tmp_path / "rec")
    edit_record(path, lambda record: record.update(python="tampered"))
    result = run("check", dossier, "--record", tmp_path / "rec", "-q", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == f"错误：{dossier}：判定记录 {path} 已存在，内容不同（未替换）\n"


def test_a_spreadsheet_gone_before_its_applicant_is_recorded_is_said_in_chinese(tmp_path):
    hr = write_csv_set(tmp_path / "hr", [load_dossier(APPLICANTS / "zhao-lei.yaml")])
    judged = SimpleNamespace(file=f"{hr / 'applicants.csv'}#AP-103", applicant_id="AP-103")
    shutil.rmtree(hr)  # between judging the set and recording its applicants
    with pytest.raises(CertifyError) as refused:
        dossier_source(judged)
    assert refused.value.said("zh") == f"{judged.file}：未写入判定记录：{hr} 已不存在"
    assert refused.value.said() == f"{judged.file}: no decision record: {hr} is gone"


# ---- every reason verify gives, in Chinese ----
# Each makes records (in tmp_path/rec) that verify gives one reason for, as an auditor would come upon them.


def _dossier_edited(dossier, tmp_path, edit):
    recorded(dossier, tmp_path / "rec")
    dossier.write_text(edit(dossier.read_text(encoding="utf-8")), encoding="utf-8")


def _dossier_gone(dossier, tmp_path):
    recorded(dossier, tmp_path / "rec")
    dossier.unlink()


def _ruleset_edited(dossier, tmp_path, edit):
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    recorded(dossier, tmp_path / "rec", "--ruleset", copy)
    if edit is None:
        copy.unlink()
    else:
        copy.write_text(edit(copy.read_text(encoding="utf-8")), encoding="utf-8")


def _edition_added(dossier, tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(EDITIONS, folder)
    recorded(dossier, tmp_path / "rec", "--ruleset", folder)
    later = (folder / "kam-2020.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2020.1"', 'version: "2024.1"'), ("effective: 2020-01-01", "effective: 2024-01-01")):
        later = later.replace(old, new)
    (folder / "kam-2024.yaml").write_text(later, encoding="utf-8")


def _editions_moved(dossier, tmp_path):
    """A record (renamed out of the naming pattern) whose folder of editions is said to be elsewhere."""
    _edition_added(dossier, tmp_path)
    path = tmp_path / "rec" / "archived.json"
    only(tmp_path / "rec").rename(path)
    edit_record(path, lambda record: record["ruleset"]["editions"].update(path="gone", resolved=str(tmp_path / "gone")))
    shutil.rmtree(tmp_path / "rec" / "batches")  # else the manifest also says the record it lists is missing


def _decisions_edited(dossier, tmp_path, edit):
    committee = tmp_path / "committee.yaml"
    committee.write_text(COMMITTEE, encoding="utf-8")
    recorded(dossier, tmp_path / "rec", "--overrides", committee)
    if edit is None:
        committee.unlink()
    else:
        committee.write_text(edit(COMMITTEE), encoding="utf-8")


def _engine_changed(dossier, tmp_path, monkeypatch):
    recorded(dossier, tmp_path / "rec")
    real = records.versions()
    monkeypatch.setattr(records, "versions", lambda: {**real, "durable_rules": "9.9.9"})


def _record_edited(dossier, tmp_path, change):
    edit_record(recorded(dossier, tmp_path / "rec"), change)


def _set(where: str, value):
    """A change to one field of a record, at its path (`verdict.levels.0.rules.2.status`)."""
    *holders, key = [int(k) if k.isdigit() else k for k in where.split(".")]

    def change(record):
        for k in holders:
            record = record[k]
        record[key] = value
    return change


def _delete(where: str):
    *holders, key = [int(k) if k.isdigit() else k for k in where.split(".")]

    def change(record):
        for k in holders:
            record = record[k]
        del record[key]
    return change


def _explained_otherwise(record):
    for rule in record["verdict"]["levels"][0]["rules"]:
        rule["explanation"] = "Met."


def _level_dropped(record):
    record["verdict"]["levels"].append({"level": 5, "name": "Chief", "status": "fail",
                                        "rules": [{"id": "L5.tenure", "status": "fail", "explanation": "Not met.",
                                                   "clause": None}]})


def _sheet_edited(dossier, tmp_path, sheet, old, new):
    hr = write_csv_set(tmp_path / "hr", [load_dossier(dossier)], zh=True)
    run("check", hr, "--record", tmp_path / "rec", "-q")
    text = (hr / sheet).read_text(encoding="utf-8-sig")
    (hr / sheet).write_text(text.replace(old, new, 1), encoding="utf-8-sig")


def _folder_unreadable(dossier, tmp_path, deny_listing):
    recorded(dossier, tmp_path / "rec" / "locked")
    deny_listing(tmp_path / "rec" / "locked")


def _folder_linked(dossier, tmp_path):
    recorded(dossier, tmp_path / "share")
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "share").symlink_to(tmp_path / "share", target_is_directory=True)


REASONS = {  # what makes the reason, and what verify says of it in Chinese
    "dossier changed": (lambda d, t, **_: _dossier_edited(d, t, lambda s: s.replace("赵磊", "赵雷")),
                        "申报材料已更改（"),
    "dossier no longer evaluated": (lambda d, t, **_: _dossier_edited(d, t, lambda s: s.replace("employment:", "x:")),
                                    "；已无法评定：zhao-lei.yaml:6：未知字段 'x'"),
    "dossier gone": (lambda d, t, **_: _dossier_gone(d, t), "无法核对：找不到申报材料（"),
    "ruleset changed": (lambda d, t, **_: _ruleset_edited(d, t, lambda s: s.replace("at_least: 3 years}",
                                                                                     "at_least: 2 years}", 1)),
                        "标准已更改（kam-2014 2014.1 "),
    "ruleset sha256 only": (lambda d, t, **_: _ruleset_edited(d, t, lambda s: s + "# a comment\n"),
                            "；各项结果相同，verdict.ruleset.sha256 记录为 "),
    "ruleset gone": (lambda d, t, **_: _ruleset_edited(d, t, None), "无法核对：找不到标准（"),
    "edition added": (lambda d, t, **_: _edition_added(d, t), "标准版本已更改（editions：新增 kam-2024.yaml）"),
    "editions gone": (lambda d, t, **_: _editions_moved(d, t), "无法核对：找不到标准版本文件夹（gone）"),
    "decision edited": (lambda d, t, **_: _decisions_edited(d, t, lambda s: s.replace("破格", "不予认定")),
                        '评审委员会决定已更改（committee.yaml：2级 决定（decision）记录为 "grant"，现为 "deny"）'),
    "decision moved": (lambda d, t, **_: _decisions_edited(d, t, lambda s: s.replace("level: 2", "level: 3")),
                       "2级 记录为 破格/特批，现为 无；3级 记录为 无，现为 破格/特批"),
    "decisions gone": (lambda d, t, **_: _decisions_edited(d, t, None), "评审委员会决定无法读取（无法读取评审委员会决定文件："),
    "engine changed": (lambda d, t, monkeypatch, **_: _engine_changed(d, t, monkeypatch),
                       f"引擎已更改（记录为 certify {__version__}、durable-rules "),
    "rule status": (lambda d, t, **_: _record_edited(d, t, _set("verdict.levels.0.rules.2.status", "review")),
                    "不一致：判定结果已改变：L1.it_sales_tenure 待核实 -> 符合"),
    "target level": (lambda d, t, **_: _record_edited(d, t, _set("verdict.target_level", 1)),
                     "判定结果已改变：申报级别 1 -> 2"),
    "level dropped": (lambda d, t, **_: _record_edited(d, t, _level_dropped), "5级 不符合 -> 无，L5.tenure 不符合 -> 无"),
    "explanations": (lambda d, t, **_: _record_edited(d, t, _explained_otherwise),
                     '各项结果相同，说明不同（L1.education：说明（explanation）记录为 "Met."，现为 "Met: '),
    "field of a rule": (lambda d, t, **_: _record_edited(d, t, _set("verdict.levels.1.rules.1.clause", "2.9")),
                        '记录为 "2.9"，现为 "2.1 岗位经验"（L2.sales_tenure）'),
    "facts": (lambda d, t, **_: _record_edited(d, t, _set("facts.applicant.sales_months", 999)),
              "记录中的事实与申报材料不符：applicant.sales_months 记录为 999，现为 96"),
    "not a record": (lambda d, t, **_: _record_edited(d, t, _set("format", "certify-decision-record/0")),
                     "无法核对：不是判定记录"),
    "field missing": (lambda d, t, **_: _record_edited(d, t, _delete("dossier.sha256")),
                      "不是判定记录（dossier.sha256：缺少该字段）"),
    "not an integer": (lambda d, t, **_: _record_edited(d, t, _set("options.level", "x")),
                       "不是判定记录（options.level：应为整数）"),
    "not true or false": (lambda d, t, **_: _record_edited(d, t, _set("options.forecast", "x")),
                          "不是判定记录（options.forecast：应为“true”或“false”）"),
    "not a mapping": (lambda d, t, **_: _record_edited(d, t, _set("options", "x")),
                      "不是判定记录（options：应为可含 as_of、as_of_given、level、overrides、overrides_resolved、forecast 的映射（键: 值））"),
    "not a date": (lambda d, t, **_: _record_edited(d, t, _set("as_of", "2025-02-30")),
                   "不是判定记录（as_of：应为写成 YYYY-MM-DD 的有效日期，而非 '2025-02-30'）"),
    "inputs edited": (lambda d, t, **_: _record_edited(d, t, _set("options.level", 4)),
                      "判定记录写入后被修改过（按其输入算得的摘要为 "),
    "inputs gone": (lambda d, t, **_: _record_edited(d, t, _delete("overrides")), "不是判定记录（overrides：缺少该字段）"),
    "verdict's field missing": (lambda d, t, **_: _record_edited(d, t, _delete("verdict.applicant_id")),
                                "不是判定记录（verdict.applicant_id：缺少该字段）"),
    "option missing": (lambda d, t, **_: _record_edited(d, t, _delete("options.level")),
                       "缺少 certify 写入的字段：options.level）"),
    "verdict's field not in the record": (lambda d, t, **_: _record_edited(d, t, _delete("verdict.levels.1.name")),
                                          '记录中没有，现为 "Account Manager"'),
    "rows unreadable": (lambda d, t, **_: _sheet_edited(d, t, "employment.csv", "2017-07-01", "2017-13-01"),
                        "现在其行无法读取）；已无法评定：hr/employment.csv 第2行“开始”列：'2017-13-01' 不是有效的日期"),
    "set unreadable": (lambda d, t, **_: _sheet_edited(d, t, "applicants.csv", "\n", ",绰号\n"),
                       "无法核对：申报材料无法读取（"),
    "applicant gone": (lambda d, t, **_: _sheet_edited(d, t, "applicants.csv", "AP-103", "AP-104"),
                       "无法核对：找不到申报材料（"),
    "folder unreadable": (lambda d, t, deny_listing, **_: _folder_unreadable(d, t, deny_listing),
                          "locked：无法核对：无法读取文件夹：Permission denied；其中的判定记录（如有）未被核对"),
    "link to a folder": (lambda d, t, **_: _folder_linked(d, t),
                         "share：无法核对：指向文件夹的链接不会被查找，其中的判定记录（如有）未被核对：请在命令行中写出它"),
}

# What a Chinese line still writes in Latin letters: what it names (files and folders, rule ids, a record's fields,
# those a part of it should hold among them, values as JSON, versions, digests, the words a rule's explanation opens
# with) and the operating system's own words for an error.
_NAMES = re.compile(r"(?<=含 )[a-z_、]+|[^\s：（）]*/[^\s：（）]*|[\w.-]+\.(?:yaml|csv|json)|editions|sha256|[0-9a-f]{8}(?:[0-9a-f]{4}…)?"
                    r"|certify|durable-rules|kam-\d+|YYYY-MM-DD|L\d\.\w+|（[a-z_]+）"
                    r"|(?:verdict|facts|applicant|options|dossier|as_of|overrides)[\w.\[\]]*|'[^']*'|\"[^\"]*\"|“(?:true|false)”"
                    r"|Permission denied|No such file or directory"
                    r"|(?<=其说明为)“[^”]*”")  # the words a rule's explanation opens with, as the record holds them


def english_words(line: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _NAMES.sub("", line))


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_verify_gives_is_said_in_chinese(reason, dossier, tmp_path, monkeypatch, deny_listing):
    make, said = REASONS[reason]
    make(dossier, tmp_path, monkeypatch=monkeypatch, deny_listing=deny_listing)
    english, chinese = run("verify", tmp_path / "rec"), run("verify", tmp_path / "rec", "--lang", "zh")
    assert chinese.exit_code == english.exit_code != 0
    [line] = chinese.stdout.replace(f"{tmp_path}/", "").splitlines()
    assert said in line
    # Every word but the names is Chinese: nothing left in English from a reason, or from an error it quotes.
    assert english_words(line) == []
    assert english_words(english.stdout) != []
