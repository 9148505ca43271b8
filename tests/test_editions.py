"""Editions: a folder of rulesets, and each dossier judged by the edition in force on its as-of date."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import certify.editions as editions
from certify.check import Failure, check_files
from certify.cli import main
from certify.editions import load_editions, open_rulesets
from certify.errors import RulesetError
from samples import NINETY, tenure_folder

HERE = Path(__file__).parent
FOLDER = HERE / "rulesets" / "editions"



@pytest.fixture
def dossiers(tmp_path):
    files = []
    for as_of in ("2019-06-30", "2021-06-30", "2013-01-01"):
        f = tmp_path / f"as-of-{as_of}.yaml"
        f.write_text(NINETY + f"as_of: {as_of}\n", encoding="utf-8")
        files.append(f)
    return files


def test_the_edition_in_force_is_the_latest_effective_on_or_before_the_date():
    source = load_editions(FOLDER)
    assert [e.ruleset.version for e in source.editions] == ["2014.1", "2020.1"]
    assert source.edition_for(date(2019, 12, 31)).ruleset.version == "2014.1"
    assert source.edition_for(date(2020, 1, 1)).ruleset.version == "2020.1"
    assert source.edition_for(date(2014, 3, 13)).ruleset.version == "2014.1"
    assert source.dated and source.id == "kam-2014" and source.top == 4


def test_a_date_before_every_edition_is_an_error():
    with pytest.raises(RulesetError) as e:
        load_editions(FOLDER).engine_for(date(2013, 1, 1))
    assert str(e.value) == ("no edition of kam-2014 in force on 2013-01-01 "
                            "(the earliest, 2014.1, takes effect on 2014-03-13)")


def test_dossiers_as_of_2019_and_2021_are_judged_by_different_editions(dossiers):
    v2019, v2021, before = check_files(load_editions(FOLDER), dossiers)
    assert (v2019.ruleset["version"], v2019.ruleset["effective"]) == ("2014.1", "2014-03-13")
    assert (v2021.ruleset["version"], v2021.ruleset["effective"]) == ("2020.1", "2020-01-01")
    assert v2019.level(2).status == "fail" and v2021.level(2).status == "pass"
    assert (v2019.qualified_level, v2021.qualified_level) == (1, 2)
    assert isinstance(before, Failure)
    assert before.error.detail().startswith("no edition of kam-2014 in force on 2013-01-01")


def test_a_dossier_dated_before_every_edition_is_an_error_that_names_its_file(dossiers):
    *_, before = check_files(load_editions(FOLDER), dossiers)
    assert before.file == before.error.file == str(dossiers[2])
    assert str(before.error) == (f"{dossiers[2]}: no edition of kam-2014 in force on 2013-01-01 "
                                 "(the earliest, 2014.1, takes effect on 2014-03-13)")


def test_engines_are_built_lazily_one_per_edition_and_reused(dossiers, monkeypatch):
    built = []

    class Counting(editions.Engine):
        def __init__(self, loaded, **kw):
            built.append(loaded.ruleset.version)
            super().__init__(loaded, **kw)

    monkeypatch.setattr(editions, "Engine", Counting)
    source = load_editions(FOLDER)
    assert built == []
    list(check_files(source, dossiers * 3))
    assert built == ["2014.1", "2020.1"]
    assert source.engine_for(date(2019, 1, 1)) is source.engine_for(date(2015, 1, 1))


def test_a_single_file_is_used_for_every_date_as_before():
    source = open_rulesets(FOLDER / "kam-2020.yaml")
    assert not source.dated
    assert source.edition_for(date(1990, 1, 1)).ruleset.version == "2020.1"


def edition_folder(tmp_path, **changes) -> Path:
    """The editions folder copied, with kam-2020.yaml's text edited (old=new pairs)."""
    folder = tmp_path / "editions"
    shutil.copytree(FOLDER, folder)
    f = folder / "kam-2020.yaml"
    text = f.read_text(encoding="utf-8")
    for old, new in changes.values():
        assert old in text
        text = text.replace(old, new, 1)
    f.write_text(text, encoding="utf-8")
    return folder


def test_an_edition_with_fewer_levels_leaves_the_others_columns_empty_not_shifted(tmp_path, dossiers):
    folder = edition_folder(tmp_path)
    f = folder / "kam-2020.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text[:text.index("  - level: 4")], encoding="utf-8")  # the 2020 edition has three levels
    older, newer = dossiers[0], dossiers[1]  # judged by the 2014 edition (4 levels), by the 2020 one (3)
    result = CliRunner().invoke(main, ["check", str(older), str(newer), "--ruleset", str(folder), "--format", "csv",
                                       "--level", "3"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["ruleset_version"] for r in rows] == ["2014.1", "2020.1"]
    assert rows[0]["level_4"] in ("pass", "fail", "review")
    assert rows[1]["level_4"] == "" and rows[1]["target_level"] == "3"  # not moved one column left
    assert rows[1]["target_status"] in ("pass", "fail", "review")
    table = CliRunner().invoke(main, ["check", str(older), str(newer), "--ruleset", str(folder), "--level", "3"])
    last = table.stdout.splitlines()[3].split()
    assert last[-3:] == ["2020.1", "(effective", "2020-01-01)"] and last[-5] == "3"
    other = tmp_path / "other.yaml"  # a cycle judges an id once: another applicant, judged by the 2020 edition
    other.write_text(newer.read_text(encoding="utf-8").replace("id: T-090", "id: T-091"), encoding="utf-8")
    report = CliRunner().invoke(main, ["report", str(older), str(other), "--ruleset", str(folder), "--level", "3",
                                       "--out", str(tmp_path / "docs"), "--lang", "en", "-q"])
    assert report.exit_code in (0, 1), report.output
    summary = list(csv.DictReader(io.StringIO((tmp_path / "docs" / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["level 4"], r["target level"]) for r in summary][1] == ("", "3")
    # --level 4 is a level of the 2014 edition only: the other dossier's error says so, not its target_level.
    four = CliRunner().invoke(main, ["check", str(newer), "--ruleset", str(folder), "--level", "4", "--format", "jsonl"])
    assert json.loads(four.stdout)["error"] == ("--level 4 is not a level of kam-2014 2020.1 (1-3), "
                                                "the edition in force on 2021-06-30")
    # In Chinese the date is when the edition is in force (时施行), not the day it took effect (施行, 起施行).
    four_zh = CliRunner().invoke(main, ["check", str(newer), "--ruleset", str(folder), "--level", "4", "--format",
                                        "jsonl", "--lang", "zh"])
    assert json.loads(four_zh.stdout)["error"] == "--level 4 不是 kam-2014 2020.1（2021-06-30 时施行的版本）的级别（1-3）"
    # A target level of 4 in the dossier itself: the edition that has no level 4 is named, in both languages.
    own = tmp_path / "own.yaml"
    own.write_text(newer.read_text(encoding="utf-8").replace("target_level: 2", "target_level: 4"),
                   encoding="utf-8")
    for lang, words in (("en", "applicant.target_level: target level 4 is not a level of kam-2014 2020.1 (1-3), "
                               "the edition in force on 2021-06-30"),
                        ("zh", "applicant.target_level: 申报级别 4 不是 kam-2014 2020.1（2021-06-30 时施行的版本）的级别（1-3）")):
        judged = CliRunner().invoke(main, ["check", str(own), "--ruleset", str(folder), "--format", "jsonl",
                                           "--lang", lang])
        assert json.loads(judged.stdout)["error"] == words
        validated = CliRunner().invoke(main, ["validate", str(own), "--ruleset", str(folder), "--lang", lang])
        assert validated.stdout == f"{own}:1{'：' if lang == 'zh' else ': '}{words}\n"  # on the target level's line
    # So is a committee's decision on level 4 for the applicant the 2020 edition judges.
    committee = tmp_path / "committee.yaml"
    committee.write_text("- {applicant: T-090, level: 4, decision: grant, reason: r, approver: a, reference: ref, "
                         "date: 2021-07-01}\n", encoding="utf-8")
    granted = CliRunner().invoke(main, ["check", str(older), "--ruleset", str(folder), "--overrides", str(committee),
                                        "--format", "jsonl"])
    assert json.loads(granted.stdout)["overrides"][0]["level"] == 4  # level 4 of the 2014 edition: shown
    refused = CliRunner().invoke(main, ["check", str(older), str(newer), "--ruleset", str(folder), "--overrides",
                                        str(committee), "--format", "jsonl"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (f"Error: {committee}:1: entry 1: level 4 is not a level of kam-2014 2020.1 (1-3), "
                              "the edition in force for T-090 on 2021-06-30\n")


def test_a_hidden_file_in_the_folder_is_not_an_edition(tmp_path):
    folder = edition_folder(tmp_path)
    (folder / ".draft.yaml").write_text("not: a ruleset\n", encoding="utf-8")
    assert [e.ruleset.version for e in load_editions(folder).editions] == ["2014.1", "2020.1"]


@pytest.mark.parametrize("kind, said", [
    ("link to nothing", "a link to nothing (its target is gone)"),
    ("pipe", "not a regular file (a pipe or a device): not read"),
    ("folder", "a folder, not a ruleset file"),
])
@pytest.mark.parametrize("command", ["check", "lint"])
def test_an_edition_that_is_no_file_to_read_is_said_not_passed_over(tmp_path, kind, said, command):
    # kam-2026.yaml a link to a share gone: the folder judged by the editions before it, as if it had none, unsaid
    # (a pipe was passed over too; in `certify test`'s folder one was waited on for ever).
    folder = edition_folder(tmp_path)
    late = folder / "kam-2026.yaml"
    {"link to nothing": lambda: late.symlink_to(tmp_path / "share" / "kam-2026.yaml"), "pipe": lambda: os.mkfifo(late),
     "folder": lambda: late.mkdir()}[kind]()
    dossier = tmp_path / "a.yaml"
    dossier.write_text(NINETY + "as_of: 2021-06-30\n", encoding="utf-8")
    args = ["check", str(dossier), "--ruleset", str(folder)] if command == "check" else ["lint", str(folder)]
    done = subprocess.run([sys.executable, "-m", "certify", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    if command == "check":
        assert done.stderr == f"Error: {late}: cannot read the ruleset: {said}\n"
    else:
        assert f"{late}: error ruleset: cannot read the ruleset: {said}\n" in done.stdout


def test_editions_must_share_an_id(tmp_path):
    folder = edition_folder(tmp_path, id=("id: kam-2014", "id: kam-2020"))
    with pytest.raises(RulesetError) as e:
        load_editions(folder)
    assert str(e.value) == (f"{folder}: editions in one folder must share an id: kam-2014.yaml is 'kam-2014', "
                            "kam-2020.yaml is 'kam-2020'")


def test_editions_must_take_effect_on_distinct_dates(tmp_path):
    folder = edition_folder(tmp_path, effective=("effective: 2020-01-01", "effective: 2014-03-13"))
    with pytest.raises(RulesetError) as e:
        load_editions(folder)
    assert e.value.message == ("kam-2014.yaml and kam-2020.yaml both take effect on 2014-03-13: "
                               "editions need distinct effective dates")


def test_every_edition_needs_an_effective_date(tmp_path):
    folder = edition_folder(tmp_path, effective=("effective: 2020-01-01\n", ""))
    with pytest.raises(RulesetError) as e:
        load_editions(folder)
    assert e.value.file == str(folder / "kam-2020.yaml")
    assert e.value.message == "an edition in a folder of editions needs an 'effective' date"


@pytest.mark.parametrize("change, chinese", [
    ({"effective": ("effective: 2020-01-01\n", "")}, "标准版本文件夹中的每个版本都须写明施行日期（effective）"),
    ({"effective": ("effective: 2020-01-01", "effective: 2014-03-13")},
     "kam-2014.yaml 与 kam-2020.yaml 都于 2014-03-13 起施行：各版本的施行日期须各不相同"),
    ({"id": ("id: kam-2014", "id: kam-2020")},
     "同一文件夹中的各版本须有相同的编号（id）：kam-2014.yaml 的是 'kam-2014'，kam-2020.yaml 的是 'kam-2020'"),
], ids=["no effective date", "same effective date", "other id"])
def test_a_folder_of_editions_that_cannot_be_used_is_said_in_chinese_as_explain_names_its_fields(tmp_path, change,
                                                                                                chinese):
    # 施行日期 and 编号, as `certify explain --lang zh` and `certify diff` name effective and id.
    folder = edition_folder(tmp_path, **change)
    result = CliRunner().invoke(main, ["explain", str(folder), "--lang", "zh"])
    assert result.exit_code == 2 and result.stderr.startswith("错误：") and result.stderr.endswith(f"{chinese}\n")


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(RulesetError, match=r"no ruleset files \(.yaml, .yml\) in this folder"):
        open_rulesets(tmp_path)


def test_the_bundled_rulesets_folder_is_a_folder_of_editions_without_its_test_cases():
    from click.testing import CliRunner

    from certify.cli import main

    root = Path(__file__).resolve().parents[1]
    result = CliRunner().invoke(main, ["check", "--ruleset", str(root / "rulesets"), "--format", "jsonl",
                                       str(root / "applicants" / "zhang-min.yaml")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ruleset"]["id"] == "kam-2014"


def test_a_cycle_under_editions_with_fewer_levels_counts_every_level_and_names_each_by_its_edition(tmp_path):
    folder = edition_folder(tmp_path)
    text = (folder / "kam-2020.yaml").read_text(encoding="utf-8")
    text = text[:text.index("  - level: 4")].replace('version: "2020.1"', 'version: "2025.1"')
    text = text.replace("effective: 2020-01-01", "effective: 2025-01-01").replace("{zh: 销售代表,", "{zh: 销售专员,")
    (folder / "kam-2025.yaml").write_text(text, encoding="utf-8")  # three levels, level 1 renamed
    examples = HERE.parent / "applicants"
    older = tmp_path / "older.yaml"  # qualifies for level 4 as of 2024, under the 2020 edition; applies for none
    older.write_text((examples / "chen-jing.yaml").read_text(encoding="utf-8")
                     .replace(", target_level: 4}", "}").replace("as_of: 2025-12-31", "as_of: 2024-12-31"),
                     encoding="utf-8")
    first = examples / "liu-yang.yaml"  # passes level 1, its target, as of 2024-12-31 (the 2020 edition)
    later = tmp_path / "later.yaml"  # another applicant who does so as of 2025-12-31 (the 2025 edition)
    later.write_text(first.read_text(encoding="utf-8").replace("as_of: 2024-12-31", "as_of: 2025-12-31")
                     .replace("id: AP-101, name: 刘洋", "id: AP-121, name: 孙洋"), encoding="utf-8")
    out = tmp_path / "docs"
    report = CliRunner().invoke(main, ["report", str(older), str(first), str(later), "--ruleset", str(folder),
                                       "--out", str(out), "--lang", "zh", "-q"])
    assert report.exit_code in (0, 1), report.output

    overview = (out / "overview.md").read_text(encoding="utf-8")
    by_level = overview[overview.index("## 各认定级别人数"):overview.index("## 各级别结果")]
    assert "| 4级 资深客户经理 | 1 |" in by_level and "| 1级 销售专员 | 2 |" in by_level  # the newest name
    assert sum(int(line.split("|")[2]) for line in by_level.splitlines() if line.startswith("| ")
               and line[2].isdigit()) == 3  # the counts add up to everyone judged
    assert "| 4级 资深客户经理 | 1 | 1 | 0 |" in overview  # level 4: the two judged by the edition that has it
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<g class="bar" data-key="4" data-count="1">' in index and "<td>4级 资深客户经理</td>" in index
    notice = list(csv.reader((out / "notice.csv").read_text(encoding="utf-8-sig").splitlines()))
    # Each applicant's level is named by the edition that judged it, not by the newest.
    assert [r[1:] for r in notice[1:]] == [["AP-107", "陈*", "4级 资深客户经理"], ["AP-101", "刘*", "1级 销售代表"],
                                           ["AP-121", "孙*", "1级 销售专员"]]


def test_the_overview_names_each_blocking_rule_as_the_edition_that_judged_it_worded_it(tmp_path):
    from certify.check import evaluate
    from certify.documents import Overview
    from certify.load import load_dossier

    folder = edition_folder(tmp_path)
    later = (folder / "kam-2020.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2020.1"', 'version: "2030.1"'), ("effective: 2020-01-01", "effective: 2030-01-01"),
                     ("80万元及以上", "70万元及以上"), ("800,000 CNY", "700,000 CNY"), ("at_least: 80万", "at_least: 70万")):
        later = later.replace(old, new)
    (folder / "kam-2030.yaml").write_text(later, encoding="utf-8")  # in force for no one in this cycle
    source = open_rulesets(folder)
    zhao = load_dossier(HERE.parent / "applicants" / "zhao-lei.yaml")  # a project of 999,999: short of 100万 only
    small = zhao.model_copy(update={"projects": tuple(p.model_copy(update={"amount": 500000}) for p in zhao.projects)})
    verdicts = [evaluate(source, zhao, as_of=date(2019, 6, 30)), evaluate(source, small, as_of=date(2021, 6, 30))]
    assert [v.ruleset["version"] for v in verdicts] == ["2014.1", "2020.1"]
    overview = Overview(source.editions[-1].ruleset, "en", editions=[e.ruleset for e in source.editions])
    for v in verdicts:
        overview.add(v)
    project = [(req, f) for rid, req, f, _ in overview.blocking_rules() if rid == "L2.project"]
    assert sorted(project) == [("led a completed project of 1,000,000 CNY or more", 1),
                               ("led a completed project of 800,000 CNY or more", 1)]
    assert "700,000" not in overview.markdown()  # the 2030 edition judged no one


def test_an_edition_dated_before_the_older_edition_it_should_replace_is_warned_of_with_its_line(tmp_path, dossiers):
    # 2020.1's date mistyped as 2012: the 2014 edition would replace it on 2014-03-13 and judge every later dossier.
    folder = edition_folder(tmp_path, effective=("effective: 2020-01-01", "effective: 2012-07-01"))
    line = next(i for i, text in enumerate((folder / "kam-2020.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("effective:"))
    said = (f"{folder / 'kam-2020.yaml'}:{line}: version 2020.1 takes effect on 2012-07-01, before version 2014.1 "
            "(kam-2014.yaml, in force from 2014-03-13), which then replaces it: a dossier is judged by the latest "
            "edition in force on its as-of date, so 2020.1 judges only dossiers dated 2012-07-01 to 2014-03-12; "
            "check the effective dates")
    result = CliRunner().invoke(main, ["check", str(dossiers[1]), "--ruleset", str(folder), "--no-explain"])
    assert f"warning: {said}\n" in result.stderr
    # judged all the same (a warning, not an error): by 2014.1, whose level 2 the dossier of 2021 does not pass
    assert result.exit_code == 1 and "2014.1 (effective 2014-03-13)" in result.stdout
    lint = CliRunner().invoke(main, ["lint", str(folder)])
    assert lint.exit_code == 0 and said.replace(": version", ": warning editions: version", 1) in lint.stdout
    zh = CliRunner().invoke(main, ["lint", str(folder), "--lang", "zh"])
    assert (f"{folder / 'kam-2020.yaml'}:{line}：警告 标准版本：版本 2020.1 于 2012-07-01 起施行，早于版本 2014.1"
            "（kam-2014.yaml，于 2014-03-13 起施行），2014.1 施行后即取代 2020.1：申报材料按截止日期当日已施行的"
            "最新版本评定，因此 2020.1 只会用于评定截止日期在 2012-07-01 至 2014-03-12 之间的申报材料；请核对施行日期\n"
            ) in zh.stdout


def test_editions_in_the_order_of_their_versions_or_with_versions_not_numbers_are_not_warned_of(tmp_path, dossiers):
    result = CliRunner().invoke(main, ["check", str(dossiers[1]), "--ruleset", str(FOLDER), "--no-explain"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    folder = edition_folder(tmp_path, effective=("effective: 2020-01-01", "effective: 2012-07-01"),
                            version=('version: "2020.1"', 'version: "draft B"'))
    result = CliRunner().invoke(main, ["check", str(dossiers[1]), "--ruleset", str(folder), "--no-explain"])
    assert result.exit_code == 1 and "warning" not in result.stderr


# ---- a later edition that requires otherwise: 2026.1 asks 7 years in sales for level 3, not 8 ----

SIX_YEARS_FOUR_MONTHS = """\
applicant: {id: T-064, name: 测试丁, target_level: 3}
as_of: 2026-01-15
education:
  - {degree: bachelor, graduated: 2010-07-01}
employment:
  - {employer: 甲公司, start: 2019-09-01, sales: true, it: true}
projects:
  - {name: 平台项目, amount: 600万, role: lead, status: completed,
     stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}
"""


def flowing(text: str, lang: str) -> str:
    """Output as one line: an English line broke at a space, a Chinese one maybe between two characters."""
    return re.sub(r"\s*\n\s*", " " if lang == "en" else "", text)


@pytest.mark.parametrize("lang, said", [
    ("en", "sales tenure 6 years 4 months, 1 year 8 months short of the required at least 8 years. Holds on "
           "2026-08-31 if employment goes on as now (under edition 2026.1 of the standard, in force from "
           "2026-07-01, which requires: 7 years in sales)."),
    ("zh", "销售工作经历6年4个月（要求不少于8年），还差1年8个月。按目前在职情况，自2026-08-31起满足（届时适用2026.1版标准，"
           "自2026-07-01起施行，该版要求销售工作经历满7年）。"),
])
def test_a_date_under_a_later_edition_that_requires_otherwise_says_what_that_edition_requires(tmp_path, today,
                                                                                              lang, said):
    # The shortfall is against 2014's 8 years (the as-of date's edition); the date is 2026's 7 years: a reader
    # adding 6 years 4 months and 1 year 8 months is told why the date is not 2027-08-31.
    today(date(2026, 1, 15))
    dossier = tmp_path / "ding.yaml"
    dossier.write_text(SIX_YEARS_FOUR_MONTHS, encoding="utf-8")
    records, tenure = tmp_path / "records", tenure_folder(tmp_path)
    result = CliRunner().invoke(main, ["check", str(dossier), "--ruleset", str(tenure), "--lang", lang,
                                       "--record", str(records)])
    assert result.exit_code == 1 and said in flowing(result.stdout, lang)
    # A decision record keeps it, and certify show says it from the record alone (the edition's bracket).
    shown = CliRunner().invoke(main, ["show", str(records), "--lang", lang])
    bracket = said[said.index("(" if lang == "en" else "（届时"):]
    assert shown.exit_code == 0 and bracket in flowing(shown.stdout, lang)
    # In JSON lines, beside the edition the date falls under; a rule that edition words alike gets none.
    [record] = map(json.loads, CliRunner().invoke(main, ["check", str(dossier), "--ruleset", str(tenure),
                                                         "--format", "jsonl"]).stdout.splitlines())
    gaps = {g["rule"]: g for lv in record["levels"] for g in lv["gaps"]}
    assert gaps["L3.sales_tenure"]["passes_on_requirement"] == {"zh": "销售工作经历满7年", "en": "7 years in sales"}
    assert gaps["L4.sales_tenure"]["passes_on_ruleset"]["version"] == "2026.1"
    assert "passes_on_requirement" not in gaps["L4.sales_tenure"]


# ---- a single edition file judges every date, and says so of dossiers dated before it took effect ----

def test_a_ruleset_file_judging_dossiers_dated_before_it_takes_effect_says_so_once(tmp_path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    for i, as_of in enumerate(("2025-01-01", "2026-06-30", "2026-07-01", "2025-12-31")):
        (folder / f"d{i}.yaml").write_text(SIX_YEARS_FOUR_MONTHS.replace("T-064", f"T-07{i}").replace(
            "as_of: 2026-01-15", f"as_of: {as_of}"), encoding="utf-8")
    tenure = tenure_folder(tmp_path)
    edition = tenure / "kam-2026.yaml"
    said = ("note: 3 dossiers are judged as of dates before kam-2026.yaml (2026.1) takes effect (2026-07-01); to "
            "judge each by the edition in force on its date, give a folder of editions\n")
    result = CliRunner().invoke(main, ["check", str(folder), "--ruleset", str(edition), "--no-explain"])
    assert result.exit_code == 1 and result.stderr.count("note: ") == 1 and said in result.stderr
    zh = CliRunner().invoke(main, ["check", str(folder), "--ruleset", str(edition), "--format", "jsonl",
                                   "--lang", "zh"])
    assert ("注意：有 3 份申报材料的截止日期早于 kam-2026.yaml（2026.1）的施行日期（2026-07-01），仍按该文件评定；"
            "如需按各自截止日期当日施行的版本评定，请给出标准版本文件夹\n") in zh.stderr
    # judged all the same, by the file given
    assert {json.loads(line)["ruleset"]["version"] for line in zh.stdout.splitlines()} == {"2026.1"}
    one = CliRunner().invoke(main, ["check", str(folder / "d0.yaml"), "--ruleset", str(edition)])
    assert "note: 1 dossier is judged as of a date before kam-2026.yaml (2026.1) takes effect" in one.stderr
    assert CliRunner().invoke(main, ["check", str(folder), "--ruleset", str(edition), "-q"]).stderr == ""
    report = CliRunner().invoke(main, ["report", str(folder), "--ruleset", str(edition),
                                       "--out", str(tmp_path / "out")])
    assert report.exit_code == 1 and said in report.stderr
    # None before it took effect, or a folder of editions (each judged by the edition in force on its date): no note.
    late = CliRunner().invoke(main, ["check", str(folder / "d2.yaml"), "--ruleset", str(edition)])
    assert late.exit_code == 1 and "note" not in late.stderr
    by_date = CliRunner().invoke(main, ["check", str(folder), "--ruleset", str(tenure), "--no-explain"])
    assert by_date.exit_code == 1 and "note" not in by_date.stderr
