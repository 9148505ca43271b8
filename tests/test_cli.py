"""certify check as a user and a program see it: output, exit status, errors."""

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.atomic import atomic_write
from certify.cli import main
from certify.errors import UsageError
from certify.values import parse_amount
from certify.synthetic import write_dossier_files
from samples import LEVEL_2, UNPRIVILEGED, sentences, unprivileged

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"
HERE = Path(__file__).parent
VALID = HERE / "dossiers" / "valid"



def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def batch(tmp_path):
    """A folder mixing two good dossiers, a broken one and a file that is not YAML at all."""
    (tmp_path / "a-good.yaml").write_text(LEVEL_2, encoding="utf-8")
    (tmp_path / "b-broken.yaml").write_text(LEVEL_2.replace("start:", "strat:"), encoding="utf-8")
    (tmp_path / "c-notyaml.json").write_text("{not json", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "d-good.yml").write_text(LEVEL_2.replace("T-001", "T-002").replace("2023-06-30", "2023-06-29"),
                                    encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a dossier", encoding="utf-8")
    return tmp_path


def test_jsonl_follows_results_v1_field_by_field(batch):
    result = run("check", batch / "a-good.yaml", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    [record] = jsonl(result.stdout)
    assert list(record)[:8] == ["file", "applicant_id", "as_of", "ruleset", "qualified_level",
                                "target_level", "target_status", "levels"]
    assert record["file"] == str(batch / "a-good.yaml")
    assert record["applicant_id"] == "T-001"
    assert record["as_of"] == "2023-06-30"
    assert set(record["ruleset"]) == {"id", "version", "sha256", "effective"}
    assert record["ruleset"]["effective"] == "2014-03-13"
    assert record["ruleset"]["id"] == "kam-2014" and len(record["ruleset"]["sha256"]) == 64
    assert (record["qualified_level"], record["target_level"], record["target_status"]) == (2, 2, "pass")
    assert [lv["level"] for lv in record["levels"]] == [1, 2, 3, 4]
    assert [lv["status"] for lv in record["levels"]] == ["pass", "pass", "fail", "fail"]
    for level in record["levels"]:
        for rule in level["rules"]:
            assert rule["status"] in ("pass", "fail", "review")
            assert rule["id"] and rule["explanation"]
    sales = next(r for r in record["levels"][2]["rules"] if r["id"] == "L3.sales_tenure")
    assert "5 years, 3 years short of the required at least 8 years" in sales["explanation"]
    assert "clause 2.1" in sales["explanation"]


def test_a_batch_with_broken_files_judges_every_good_one_and_exits_2(batch):
    result = run("check", batch, "--format", "jsonl")
    assert result.exit_code == 2
    records = jsonl(result.stdout)
    assert [Path(r["file"]).name for r in records] == ["a-good.yaml", "b-broken.yaml", "c-notyaml.json",
                                                       "d-good.yml"]
    good = [r for r in records if "error" not in r]
    assert [r["applicant_id"] for r in good] == ["T-001", "T-002"]
    errors = {Path(r["file"]).name: r["error"] for r in records if "error" in r}
    assert errors["b-broken.yaml"] == "employment[0]: unknown key 'strat' (did you mean 'start'?)"
    assert "JSON" in errors["c-notyaml.json"]
    assert "2 evaluated" in result.stderr and "2 could not be evaluated" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_that_cannot_be_read_gets_an_error_row_and_exit_2(tmp_path, deny_listing, jobs):
    (tmp_path / "a-good.yaml").write_text(LEVEL_2, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.yaml").write_text(LEVEL_2, encoding="utf-8")
    deny_listing(tmp_path / "locked")
    result = run("check", tmp_path, "--format", "jsonl", "--jobs", jobs)
    assert result.exit_code == 2, result.output
    good, locked = jsonl(result.stdout)
    assert good["target_status"] == "pass"
    assert locked == {"file": str(tmp_path / "locked"),
                      "error": "cannot read folder: Permission denied; its dossiers, if any, were not read"}
    assert "1 evaluated" in result.stderr and "1 could not be evaluated" in result.stderr


@UNPRIVILEGED
def test_inputs_without_read_permission_get_error_rows_and_the_rest_is_judged(tmp_path):
    good, secret, locked, hr = (tmp_path / "good.yaml", tmp_path / "secret.yaml", tmp_path / "locked",
                                tmp_path / "hr")
    good.write_text(LEVEL_2, encoding="utf-8")
    secret.write_text(LEVEL_2.replace("T-001", "T-009"), encoding="utf-8")
    locked.mkdir()
    (locked / "x.yaml").write_text(LEVEL_2.replace("T-001", "T-008"), encoding="utf-8")
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name\nE1,x\n", encoding="utf-8")
    (hr / "education.csv").write_text("id,degree,graduated\n", encoding="utf-8")
    for path in (secret, locked, hr / "education.csv"):
        path.chmod(0)
    try:
        done = subprocess.run(unprivileged("check", secret, good, locked, hr, "--format", "jsonl", "--jobs", "1"),
                              capture_output=True, text=True, timeout=120)
    finally:
        for path in (secret, locked, hr / "education.csv"):
            path.chmod(0o755)
    # A file named on the command line is one dossier of the batch, not a mistake in the command.
    assert done.returncode == 2, done.stderr
    rows = jsonl(done.stdout)
    assert [r.get("error") for r in rows] == [
        "cannot read file: Permission denied", None,
        "cannot read folder: Permission denied; its dossiers, if any, were not read",
        "education.csv: cannot read file: Permission denied"]
    assert rows[1]["applicant_id"] == "T-001"
    assert "Traceback" not in done.stderr


def test_validate_reports_a_folder_it_cannot_read(tmp_path, deny_listing):
    (tmp_path / "locked").mkdir()
    deny_listing(tmp_path / "locked")
    result = run("validate", tmp_path / "locked")
    assert result.exit_code == 2
    assert f"{tmp_path / 'locked'}: cannot read folder: Permission denied" in result.stdout


def test_a_folder_named_with_nothing_to_judge_is_noted_and_the_exit_status_kept(tmp_path):
    (tmp_path / "cycle").mkdir()
    (tmp_path / "cycle" / "a-good.yaml").write_text(LEVEL_2, encoding="utf-8")
    (tmp_path / "late").mkdir()  # a folder named by mistake, or not filled yet
    (tmp_path / "late" / "notes.txt").write_text("not a dossier", encoding="utf-8")
    result = run("check", tmp_path / "cycle", tmp_path / "late", "--format", "jsonl")
    assert result.exit_code == 0
    assert len(jsonl(result.stdout)) == 1
    assert result.stderr.splitlines() == [
        f"note: {tmp_path / 'late'} holds no dossier files (.yaml, .yml, .json) and no CSV set",
        "1 dossier: 1 evaluated (0 short of their target level), 0 could not be evaluated"]
    zh = run("check", tmp_path / "late", "--lang", "zh")
    assert f"注意：{tmp_path / 'late'} 中没有申报材料文件" in zh.stderr and zh.exit_code == 0
    assert run("check", tmp_path / "late", "-q").stderr == ""
    assert "note:" not in run("check", tmp_path / "cycle").stderr


def test_exit_status_1_when_a_dossier_misses_its_target(batch):
    result = run("check", batch / "sub" / "d-good.yml", "--format", "jsonl")
    assert jsonl(result.stdout)[0]["target_status"] == "fail"
    assert result.exit_code == 1


def test_exit_status_0_without_targets():
    result = run("check", VALID / "minimal.yaml", "--format", "jsonl")
    assert jsonl(result.stdout)[0]["target_level"] is None
    assert result.exit_code == 0


def test_level_overrides_every_target_and_as_of_overrides_the_dossier(batch):
    result = run("check", batch / "a-good.yaml", "--format", "jsonl", "--level", "3", "--as-of", "2031-06-30")
    [record] = jsonl(result.stdout)
    assert (record["target_level"], record["target_status"], record["as_of"]) == (3, "fail", "2031-06-30")
    sales = next(r for r in record["levels"][2]["rules"] if r["id"] == "L3.sales_tenure")
    assert sales["status"] == "pass" and "13 years" in sales["explanation"]  # 2018-07 .. 2031-06
    assert result.exit_code == 1


AHEAD = {"en": "As of 2025-06-30, after today (2025-03-31): jobs under way today are counted up to that date, "
                "if employment goes on as now.",
         "zh": "截止日期2025-06-30晚于今天（2025-03-31）：今天尚未结束的工作按目前在职情况计算至该日。"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_verdict_on_a_date_after_today_says_once_that_it_counts_the_job_going_on(batch, today, lang):
    today(date(2025, 3, 31))
    good = batch / "a-good.yaml"  # one job since 2018, no end date
    explained = sentences(run("check", good, "--as-of", "2025-06-30", "--lang", lang).stdout)
    assert explained[3] == "  " + AHEAD[lang]  # under the applicant's lines, once for the dossier
    assert "\n".join(explained).count(AHEAD[lang]) == 1
    markdown = run("check", good, "--as-of", "2025-06-30", "--format", "markdown", "--explain", "--lang", lang).stdout
    assert markdown.count(AHEAD[lang]) == 1
    # A batch's table marks the date, and says why once under it.
    table = run("check", batch, "--as-of", "2025-06-30", "--lang", lang).stdout.splitlines()
    assert sum("2025-06-30*" in line for line in table) == 2
    assert table.count("* As of a date after today (2025-03-31): jobs under way today are counted up to it, "
                       "if employment goes on as now." if lang == "en"
                       else "* 截止日期晚于今天（2025-03-31）：今天尚未结束的工作按目前在职情况计算至截止日期。") == 1
    assert run("check", batch, "--as-of", "2025-06-30", "--format", "markdown", "--lang", lang).stdout.count(
        "2025-06-30\\*") == 2
    # Programs read the date itself: results-v1 is as it was.
    [record] = jsonl(run("check", good, "--as-of", "2025-06-30", "--format", "jsonl").stdout)
    assert "As of" not in json.dumps(record) and record["as_of"] == "2025-06-30"


def test_a_verdict_on_today_or_before_or_with_every_job_ended_assumes_nothing(batch, tmp_path, today):
    today(date(2025, 3, 31))
    good = batch / "a-good.yaml"
    for args in ([], ["--as-of", "2025-03-31"], ["--as-of", "2024-12-31"]):
        for fmt in ("table", "markdown"):
            out = run("check", good, *args, "--format", fmt, "--lang", "en").stdout
            assert "after today" not in out and "*" not in out.replace("\\*", "")
    ended = tmp_path / "ended.yaml"  # the job ended before today: a later date adds no work to it
    ended.write_text(LEVEL_2.replace("start: 2018-07-01,", "start: 2018-07-01, end: 2025-01-31,"), encoding="utf-8")
    assert "after today" not in run("check", ended, "--as-of", "2025-06-30", "--lang", "en").stdout
    going = tmp_path / "going.yaml"  # it ends after today, so the date counts days still to come
    going.write_text(LEVEL_2.replace("start: 2018-07-01,", "start: 2018-07-01, end: 2025-04-30,"), encoding="utf-8")
    assert ("  As of 2025-06-30, after today (2025-03-31): the job ending 2025-04-30 is counted as the dossier "
            "records it.") in sentences(run("check", going, "--as-of", "2025-06-30", "--lang", "en").stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_as_of_typed_years_ahead_is_asked_about_beside_the_date_and_by_validate(tmp_path, today, lang):
    # 2062 typed for 2026: it was said only as "after today", the sentence a what-if a month ahead gets, and with every
    # job ended not at all; validate called it ok. Beside the date, and in validate, how far ahead, and whether mistyped.
    today(date(2026, 11, 29))
    typo = tmp_path / "typo.yaml"
    typo.write_text(LEVEL_2.replace("as_of: 2023-06-30", "as_of: 2062-06-30").replace(
        "start: 2018-07-01,", "start: 2018-07-01, end: 2025-01-31,"), encoding="utf-8")
    said = {"en": "as of: 2062-06-30 (35 years 7 months after today, 2026-11-29: mistyped?)",
            "zh": "截止日期：2062-06-30（比今天2026-11-29晚35年7个月：是否写错？）"}[lang]
    assert any(said in line for line in sentences(run("check", typo, "--lang", lang).stdout))
    checked = run("validate", typo, "--lang", lang)
    assert checked.exit_code == 0  # a note, not a problem of the format
    assert {"en": f"{typo}:2: as_of: 2062-06-30 is 35 years 7 months after today, 2026-11-29: mistyped?",
            "zh": f"{typo}:2：as_of: 2062-06-30 比今天2026-11-29晚35年7个月：是否写错？"}[lang] in checked.stdout.splitlines()
    # A year ahead is a cycle's cut-off; a day more is asked about; --as-of is a what-if, asked for, and not asked about.
    near = tmp_path / "near.yaml"
    near.write_text(LEVEL_2.replace("as_of: 2023-06-30", "as_of: 2027-11-29"), encoding="utf-8")
    assert "mistyped" not in run("check", near).stdout + run("validate", near).stdout
    near.write_text(LEVEL_2.replace("as_of: 2023-06-30", "as_of: 2027-11-30"), encoding="utf-8")
    assert "as of: 2027-11-30 (1 year after today, 2026-11-29: mistyped?)" in run("check", near).stdout
    assert "mistyped" not in run("check", near, "--as-of", "2062-06-30").stdout
    # Programs read the date itself: results-v1 is as it was.
    [record] = jsonl(run("check", typo, "--format", "jsonl").stdout)
    assert "mistyped" not in json.dumps(record) and record["as_of"] == "2062-06-30"


# 测试丙 (fictional): a job ended before today; a new one starts after it, and a master's is awarded before the date.
LATER = LEVEL_2.replace("T-001, name: 测试甲", "T-003, name: 测试丙").replace(
    "start: 2018-07-01, sales: true, it: true}",
    "start: 2018-07-01, end: 2025-01-31, sales: true, it: true}\n"
    "  - {employer: 乙公司, start: 2025-05-06, sales: true, it: true}").replace(
    "graduated: 2018-06-30}", "graduated: 2018-06-30}\n  - {degree: master, graduated: 2025-06-15, mode: part_time}")
AHEAD_LATER = {
    "en": ("As of 2025-06-30, after today (2025-03-31): the job starting 2025-05-06 and the degree awarded 2025-06-15 "
           "are counted as the dossier records them."),
    "zh": "截止日期2025-06-30晚于今天（2025-03-31）：2025-05-06开始的工作、2025-06-15取得的学历按申报材料所记计入。"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_verdict_on_a_later_date_says_it_counts_a_job_or_degree_the_dossier_dates_after_today(tmp_path, today,
                                                                                                lang):
    today(date(2025, 3, 31))
    later = tmp_path / "later.yaml"
    later.write_text(LATER, encoding="utf-8")
    explained = sentences(run("check", later, "--as-of", "2025-06-30", "--lang", lang).stdout)
    assert explained[3] == "  " + AHEAD_LATER[lang] and "\n".join(explained).count(AHEAD_LATER[lang]) == 1
    # The degree alone, every job ended before today, is enough to say it.
    degree = tmp_path / "degree.yaml"
    degree.write_text(LATER.replace("start: 2025-05-06", "start: 2025-02-03, end: 2025-03-28"), encoding="utf-8")
    alone = {"en": "As of 2025-06-30, after today (2025-03-31): the degree awarded 2025-06-15 is counted as the "
                   "dossier records it.",
             "zh": "截止日期2025-06-30晚于今天（2025-03-31）：2025-06-15取得的学历按申报材料所记计入。"}[lang]
    assert "  " + alone in sentences(run("check", degree, "--as-of", "2025-06-30", "--lang", lang).stdout)
    # A job under way today and a later one that ends before the date: each as it is counted.
    both = tmp_path / "both.yaml"
    both.write_text(LEVEL_2.replace("start: 2018-07-01, sales: true, it: true}", "start: 2018-07-01, sales: true}\n"
                                    "  - {employer: 乙公司, start: 2025-04-01, end: 2025-05-31, it: true}"),
                    encoding="utf-8")
    said = {"en": "As of 2025-06-30, after today (2025-03-31): jobs under way today are counted up to that date, "
                  "if employment goes on as now; the job from 2025-04-01 to 2025-05-31 is counted as the dossier "
                  "records it.",
            "zh": "截止日期2025-06-30晚于今天（2025-03-31）：今天尚未结束的工作按目前在职情况计算至该日；"
                  "2025-04-01至2025-05-31的工作按申报材料所记计入。"}[lang]
    assert "  " + said in sentences(run("check", both, "--as-of", "2025-06-30", "--lang", lang).stdout)
    # A table marks it, and the note under it says what any marked date may assume.
    table = run("check", later, both, "--as-of", "2025-06-30", "--lang", lang).stdout.splitlines()
    assert sum("2025-06-30*" in line for line in table) == 2
    assert table[-1] == {
        "en": "* As of a date after today (2025-03-31): jobs under way today are counted up to it, if employment goes "
              "on as now; what a dossier records after today (a job starting or ending, a degree awarded) is counted "
              "as recorded.",
        "zh": "* 截止日期晚于今天（2025-03-31）：今天尚未结束的工作按目前在职情况计算至截止日期；"
              "申报材料所记今天之后开始或结束的工作、取得的学历按所记计入。"}[lang]
    # Judged on the date itself, or with nothing dated after today, it assumes nothing.
    assert "2025-03-31）" not in run("check", later, "--as-of", "2025-03-31", "--lang", lang).stdout
    early = run("check", later, "--as-of", "2025-04-30", "--lang", lang).stdout  # before the job and the degree
    assert "(2025-03-31)" not in early and "（2025-03-31）" not in early


TODAY_NOTE = {"en": "** As of the day of judging (today: 2025-03-31): the dossier gives no as_of; run on another day, "
                    "the verdict may differ.",
              "zh": "** 截止日期为评定当日（今天：2025-03-31）：申报材料未给出 as_of；另一天再运行，结果可能不同。"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_table_marks_a_date_that_is_today_because_the_dossier_gives_none(tmp_path, today, lang):
    # HR left 王伟's 截止日期 cell empty: he is judged as of the day of the run, which --explain says beside the
    # date. The table marks that date, as it marks one after today, so that it does not read as one HR wrote.
    today(date(2025, 3, 31))
    (tmp_path / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-03-31\nC2,王伟,1,\n",
                                             encoding="utf-8")
    (tmp_path / "employment.csv").write_text("id,start,sales,it\nC1,2015-01-01,是,是\nC2,2015-01-01,是,是\n",
                                             encoding="utf-8")
    for jobs in ("1", "2"):
        table = run("check", tmp_path, "--lang", lang, "--jobs", jobs).stdout.splitlines()
        dates = [line.split()[3] for line in table if "applicants.csv#" in line]
        assert dates == ["2025-03-31", "2025-03-31**"]  # the same day: the one written, and today's
        assert table.count(TODAY_NOTE[lang]) == 1 and not any(line.startswith("* ") for line in table)
    markdown = run("check", tmp_path, "--format", "markdown", "--lang", lang).stdout
    assert markdown.count("| 2025-03-31\\*\\* |") == 1 and markdown.count("| 2025-03-31     |") == 1
    assert "\n\n" + TODAY_NOTE[lang].replace("*", "\\*") + "\n" in markdown
    # A date given on the command line is no longer today's for want of one; programs read the date alone.
    given = run("check", tmp_path, "--as-of", "2025-03-31", "--lang", lang).stdout
    assert "**" not in given and "as_of" not in given
    records = jsonl(run("check", tmp_path, "--format", "jsonl").stdout)
    assert [r["as_of"] for r in records] == ["2025-03-31", "2025-03-31"]
    assert run("check", tmp_path, "--format", "csv").stdout.splitlines()[2].split(",")[3] == "2025-03-31"


def test_a_single_dossier_is_explained_rule_by_rule(batch):
    result = run("check", batch / "a-good.yaml", "--lang", "en")
    assert result.exit_code == 0
    for rule in ("L1.education", "L2.project", "L3.sales_tenure", "L4.project"):
        assert rule in result.stdout
    text = " ".join(result.stdout.split())  # the explanation is wrapped for the terminal
    assert "CNY 1,200,000, CNY 3,800,000 short of the required at least CNY 5,000,000" in text


def test_chinese_explanations_use_years_months_and_wan(batch):
    result = run("check", batch / "a-good.yaml", "--lang", "zh")
    assert "销售工作经历5年（要求不少于8年），还差3年" in result.stdout
    assert "项目金额120万元（要求不少于500万元），还差380万元" in result.stdout
    assert "认定级别：2级 客户经理" in result.stdout


def test_a_part_time_degree_is_named_as_one_whose_work_after_it_is_all_the_work(tmp_path):
    # Awarded in 2022, judged at the end of 2023: "work after the degree 8 years 5 months" would read as an
    # error unless the degree says it is part-time (all work counts, dossier-v1 section 3).
    path = Path(__file__).resolve().parent.parent / "applicants" / "wu-jing.yaml"
    en = run("check", path, "--level", "2", "--explain", "--lang", "en").stdout
    assert "Bachelor's degree 2022-01-10 (part-time: all work counts): degree" in " ".join(en.split())
    zh = "\n".join(sentences(run("check", path, "--level", "2", "--explain", "--lang", "zh").stdout))
    assert "本科 2022-01-10（非全日制：全部工作年限均计入）：学历为本科" in zh
    record = jsonl(run("check", path, "--format", "jsonl").stdout)[0]
    items = {r["item"] for lv in record["levels"] for rule in lv["rules"] for r in rule.get("readings", [])}
    assert "bachelor 2022-01-10 part_time" in items
    # A full-time degree is named as before.
    full = tmp_path / "full.yaml"
    full.write_text(path.read_text(encoding="utf-8").replace("mode: 非全日制", "mode: 全日制"), encoding="utf-8")
    assert "part-time" not in run("check", full, "--level", "2", "--explain", "--lang", "en").stdout


def test_chinese_explanations_join_a_fact_to_its_value_with_wei(batch):
    # A degree, a role or a status is a value, joined with 为 as the standard's conditions are
    # (角色为主导运作); a quantity is not (销售工作经历5年).
    zh = "\n".join(sentences(run("check", batch / "a-good.yaml", "--lang", "zh").stdout))
    assert "学历为本科（要求本科及以上）" in zh and "学历本科" not in zh
    assert "角色为主导运作，项目状态为已完成，项目金额120万元（要求不少于100万元）" in zh


def test_chinese_amounts_short_by_less_than_a_wan_are_said_in_yuan(tmp_path):
    # 赵磊's project is 999,999 yuan: one yuan short of 100万, not "0.0001万元" short.
    text = LEVEL_2.replace("amount: 120万", "amount: 999999")
    (tmp_path / "short.yaml").write_text(text, encoding="utf-8")
    zh = "\n".join(sentences(run("check", tmp_path / "short.yaml", "--lang", "zh").stdout))
    assert "项目金额99.9999万元（要求不少于100万元），还差1元" in zh
    (tmp_path / "short.yaml").write_text(text.replace("999999", "999999.99"), encoding="utf-8")
    zh = "\n".join(sentences(run("check", tmp_path / "short.yaml", "--lang", "zh").stdout))
    assert "项目金额999,999.99元（要求不少于100万元），还差0.01元" in zh


@pytest.mark.parametrize("amount, said", [
    ("1.2亿", "项目金额1.2亿元（要求不少于1000万元）"),
    ("123456789", "项目金额1.23456789亿元（要求不少于1000万元）"),
    ("4999999.5", "项目金额4,999,999.5元（要求不少于1000万元），还差5,000,000.5元"),
])
def test_chinese_amounts_of_a_yi_or_more_are_said_in_yi_and_yuan_amounts_grouped_as_in_english(tmp_path, amount, said):
    text = LEVEL_2.replace("amount: 120万", f"amount: {amount}")
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    zh = "\n".join(sentences(run("check", tmp_path / "big.yaml", "--lang", "zh", "--level", "4", "--explain").stdout))
    assert said in zh
    # JSON keeps the amount as the number it is, whatever the explanation's words
    record = json.loads(run("check", tmp_path / "big.yaml", "--format", "jsonl", "--lang", "zh").stdout)
    [reading] = [r for r in record["levels"][3]["rules"][2]["readings"] if r["fact"] == "projects.amount"]
    assert (reading["actual"], reading["required"]) == (float(parse_amount(amount)), 10000000)


def test_a_table_with_chinese_names_lines_up_on_a_terminal(tmp_path):
    # A Chinese character takes two columns on a terminal: every row's dates start in the same column.
    for i, name in enumerate(["王一", "欧阳娜娜", "Li Na", "司马相"]):
        (tmp_path / f"{i}.yaml").write_text(LEVEL_2.replace("T-001", f"T-00{i}").replace("测试甲", name),
                                            encoding="utf-8")
    lines = run("check", tmp_path, "--lang", "zh", "--no-explain").stdout.splitlines()
    rows = [line for line in lines if re.search(r"T-00\d .+\d{4}-\d\d-\d\d", line)]
    assert len(rows) == 4
    columns = lambda text: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)  # noqa: E731
    starts = {columns(row[:re.search(r"\d{4}-\d\d-\d\d", row).start()]) for row in rows}
    assert len(starts) == 1, starts


def test_table_has_one_row_per_dossier_and_lists_the_errors_under_it(batch):
    result = run("check", batch, "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["file", "applicant", "as"]
    assert sum("T-00" in line for line in lines) == 2
    # the target level the broken dossier gives (2), as a judged row has it; the file that is no YAML gives none
    assert [line.split()[1:] for line in lines if "b-broken" in line or "c-notyaml" in line][:2] == [
        ["error", "(1)", "2"], ["error", "(2)"]]
    listed = lines[lines.index("Could not be evaluated:") + 1:]
    # Named as validate names it, FILE:LINE, so the key can be found (the jsonl keeps the file alone).
    line = next(i for i, text in enumerate(LEVEL_2.replace("start:", "strat:").splitlines(), 1) if "strat:" in text)
    assert listed[0] == (f"  (1) {batch / 'b-broken.yaml'}:{line}: employment[0]: unknown key 'strat' "
                         "(did you mean 'start'?)")
    assert listed[1].startswith(f"  (2) {batch / 'c-notyaml.json'}")
    explained = run("check", batch / "b-broken.yaml", "--explain", "--lang", "zh").stdout.splitlines()
    assert explained[:2] == [f"{batch / 'b-broken.yaml'}:{line}",
                             "  错误：employment[0]: 未知字段 'strat'（是否应为 'start'？）"]


def test_a_did_you_mean_is_in_the_language_of_the_message_it_follows(batch, tmp_path):
    # A ruleset's error is said in the command's language, and its did-you-mean with it.
    bundled = Path(__file__).resolve().parent.parent / "rulesets" / "kam-2014.yaml"
    ruleset = tmp_path / "misspelt.yaml"
    ruleset.write_text(bundled.read_text(encoding="utf-8").replace("some: education", "some: educations", 1),
                       encoding="utf-8")
    result = run("check", batch / "a-good.yaml", "--ruleset", ruleset, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：{ruleset}:")
    assert result.stderr.rstrip().endswith("未知的集合 'educations'（可选：education、projects）（是否应为 'education'？）")
    result = run("check", batch / "a-good.yaml", "--ruleset", ruleset, "--lang", "en")
    assert result.stderr.startswith(f"Error: {ruleset}:")
    assert result.stderr.rstrip().endswith("unknown collection 'educations' (one of: education, projects) "
                                           "(did you mean 'education'?)"), result.stderr
    # A dossier's error is said in Chinese, with its did-you-mean.
    assert "未知字段 'strat'（是否应为 'start'？）" in run("validate", batch / "b-broken.yaml", "--lang", "zh").stdout


def test_markdown_explain_heads_a_file_that_could_not_be_evaluated_at_its_line(batch):
    # As the plain --explain heads it: the reader opens the file at the line at fault.
    line = next(i for i, text in enumerate(LEVEL_2.replace("start:", "strat:").splitlines(), 1) if "strat:" in text)
    text = run("check", batch / "b-broken.yaml", "--explain", "--format", "markdown", "--lang", "en").stdout
    assert text.splitlines()[:3] == [f"## {batch / 'b-broken.yaml'}:{line}", "",
                                     "**error**: employment[0]: unknown key 'strat' (did you mean 'start'?)"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_json_csv_and_markdown_give_a_row_per_dossier_and_per_error(batch, fmt):
    result = run("check", batch, "--format", fmt, "--lang", "en")
    assert result.exit_code == 2
    if fmt == "json":
        data = json.loads(result.stdout)
        assert len(data) == 4 and data[0]["applicant_id"] == "T-001"
    elif fmt == "csv":
        import csv
        rows = list(csv.DictReader(result.stdout.splitlines()))
        assert [r["applicant_id"] for r in rows] == ["T-001", "", "", "T-002"]
        assert rows[0]["level_2"] == "pass" and rows[1]["error"].startswith("employment[0]")
    else:
        assert result.stdout.startswith("| file")


def test_markdown_escapes_a_pipe_and_a_line_break_in_what_a_dossier_names(tmp_path):
    # A name and a project (fictional) with a | and a line break (LF, CR LF): each stays in its cell, one row a dossier.
    odd = (LEVEL_2.replace("name: 测试甲", 'name: "测试|甲\\n二"')
           .replace("name: 平台项目", 'name: "平台|项目\\r\\n二期"'))
    (tmp_path / "a.yaml").write_text(odd, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(LEVEL_2.replace("T-001", "T-002"), encoding="utf-8")
    cells = re.compile(r"(?<!\\)\|")  # the | that bound a cell, not an escaped one

    table = run("check", tmp_path, "--format", "markdown", "--lang", "en").stdout.splitlines()
    assert len(table) == 4 and all(line.startswith("|") for line in table)  # head, rule, two dossiers
    assert {len(cells.findall(line)) for line in table} == {len(cells.findall(table[0]))}
    assert "| T-001 测试\\|甲 二 " in table[2]

    text = run("check", tmp_path / "a.yaml", "--format", "markdown", "--lang", "en").stdout
    lines = text.splitlines()
    assert lines[0] == "## T-001 测试\\|甲 二"
    rows = [line for line in lines if line.startswith("|")]
    assert rows and all(len(cells.findall(line)) == 4 for line in rows)  # rule, status, explanation
    # No line a name's break began: only tables, headings, list items and the gap's own closing line.
    assert not [line for line in lines if line and line[0] not in "|#-"
                and line != "Nothing is missing: the level passes"]
    assert "Met: led a completed project of 1,000,000 CNY or more. 平台\\|项目 二期: role lead" in text


def test_markdown_lists_an_error_quoting_what_looks_like_html_as_written(tmp_path):
    # The error quotes the value as written; left as it is, a Markdown viewer takes <b>…</b> for a tag.
    (tmp_path / "a.yaml").write_text(LEVEL_2.replace("degree: 本科", 'degree: "<b>x</b>"'), encoding="utf-8")
    result = run("check", tmp_path / "a.yaml", "--format", "markdown", "--no-explain", "--lang", "en")
    lines = result.stdout.splitlines()
    listed = lines[lines.index("Could not be evaluated:") + 1:]
    # A Markdown list (a blank line, then "- "), not lines a viewer runs together into one paragraph.
    assert listed == ["", f"- (1) {tmp_path / 'a.yaml'}:4: education[0].degree: unknown degree '\\<b>x\\</b>' "
                          "(expected associate, bachelor, master or doctorate)"]


def test_markdown_shows_a_name_and_a_project_as_written_whatever_signs_they_hold(tmp_path):
    # Read by a Markdown viewer, *…* would be italics, `…` code, […](…) a link, &amp; an &: the text as written.
    from markdown_it import MarkdownIt

    name, project = "*测试*_甲_ `乙` [丙](x) A&amp;B ~~丁~~ a\\_b", "平台_项目 *二期* <i>三</i>"
    odd = LEVEL_2.replace("name: 测试甲", f"name: '{name}'").replace("name: 平台项目", f"name: '{project}'")
    (tmp_path / "a.yaml").write_text(odd, encoding="utf-8")
    viewer = MarkdownIt("commonmark").enable(["table", "strikethrough"])

    def shown(markdown):  # the text a viewer shows, inline by inline, with no markup of its own
        tokens = [t for t in viewer.parse(markdown) if t.type == "inline"]
        assert all(c.type in ("text", "softbreak") for t in tokens for c in t.children)
        return [t.content and "".join(c.content for c in t.children) for t in tokens]

    table = shown(run("check", tmp_path, "--format", "markdown", "--lang", "en").stdout)
    assert f"T-001 {name}" in table
    sheet = shown(run("check", tmp_path / "a.yaml", "--format", "markdown", "--lang", "en").stdout)
    assert sheet[0] == f"T-001 {name}"
    assert any(f"{project}: role lead" in text for text in sheet)


def test_markdown_shows_a_name_ending_in_a_hash_in_its_heading(tmp_path):
    # "## T-001 测试 #": a heading's closing #s, which a viewer drops; the name is shown as written.
    from markdown_it import MarkdownIt

    (tmp_path / "a.yaml").write_text(LEVEL_2.replace("name: 测试甲", "name: '测试 #'"), encoding="utf-8")
    markdown = run("check", tmp_path / "a.yaml", "--format", "markdown", "--lang", "en").stdout
    heading = [t.content for t in MarkdownIt("commonmark").parse(markdown) if t.type == "inline"][0]
    assert "".join(c.content for c in MarkdownIt("commonmark").parseInline(heading)[0].children) == "T-001 测试 #"

def test_output_file_is_written_whole_and_not_overwritten_without_force(batch, tmp_path):
    out = tmp_path / "out" / "summary.jsonl"
    first = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out)
    assert first.exit_code == 0 and len(jsonl(out.read_text(encoding="utf-8"))) == 1
    again = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out)
    assert again.exit_code == 2 and "already exists (use --force" in again.stderr
    forced = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out, "--force")
    assert forced.exit_code == 0
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


def test_the_summary_says_which_file_the_results_were_written_to(batch, tmp_path):
    # With -o the results are not on the screen: the summary line says where they went, in either language,
    # whatever the format; -q still drops it, and with -o - (standard output) there is no file to name.
    counts = "1 dossier: 1 evaluated (0 short of their target level), 0 could not be evaluated"
    for fmt in ("table", "csv", "jsonl"):
        out = tmp_path / f"summary.{fmt}"
        result = run("check", batch / "a-good.yaml", "--format", fmt, "-o", out)
        assert result.exit_code == 0 and "T-001" in out.read_text(encoding="utf-8")
        assert result.stderr == f"{counts}; results written to {out}\n"
    chinese = run("check", batch / "a-good.yaml", "--format", "csv", "-o", tmp_path / "汇总.csv", "--lang", "zh")
    assert chinese.stderr == ("共 1 份申报材料：1 份已评定（0 份未达申报级别），0 份无法评定；"
                              f"结果已写入 {tmp_path / '汇总.csv'}\n")
    quiet = run("check", batch / "a-good.yaml", "-o", tmp_path / "quiet.txt", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and (tmp_path / "quiet.txt").exists()
    assert run("check", batch / "a-good.yaml", "-o", "-").stderr == counts + "\n"
    assert run("check", batch / "a-good.yaml").stderr == counts + "\n"


def test_an_output_whose_name_is_near_the_file_systems_limit_is_written(batch, tmp_path):
    # A name of 250 bytes is one the file system takes; its temporary file beside it, longer still, once was not.
    out = tmp_path / ("结果" * 40 + "x" * 4 + ".jsonl")
    assert len(out.name.encode("utf-8")) == 250
    result = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert len(jsonl(out.read_text(encoding="utf-8"))) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.skipif(not Path(sys.executable).with_name("certify").exists(), reason="the certify script is not installed")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_stops_early_ends_the_batch_quietly_with_status_141(tmp_path, jobs):
    write_dossier_files(tmp_path, 80, seed=5)  # ~10 KB of jsonl each: more than a pipe holds
    proc = subprocess.Popen([str(Path(sys.executable).with_name("certify")), "check", str(tmp_path), "--format",
                             "jsonl", "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = json.loads(proc.stdout.readline())  # `certify check ... | head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first["applicant_id"]
    # Not 1 ("some dossier does not pass"): the batch did not finish. No traceback, no summary.
    assert proc.returncode == 141
    assert "Traceback" not in err and "Exception ignored" not in err and "evaluated" not in err


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(batch, tmp_path, monkeypatch):
    full = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", "/dev/full")
    assert full.exit_code == 2
    assert full.stderr == "Error: cannot write /dev/full: No space left on device\n"
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    blocked = outputs / "a-file"
    blocked.write_text("x", encoding="utf-8")
    nowhere = run("check", batch / "a-good.yaml", "-o", blocked / "out.txt")  # a folder that is a file
    assert nowhere.exit_code == 2
    assert nowhere.stderr == f"Error: cannot write {blocked / 'out.txt'}: {blocked} is a file, not a folder\n"
    deeper = run("check", batch / "a-good.yaml", "-o", blocked / "2025" / "out.txt")
    assert deeper.stderr == f"Error: cannot write {blocked / '2025' / 'out.txt'}: {blocked} is a file, not a folder\n"

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)  # the disk fills as the file is finished
    out = outputs / "out.jsonl"
    result = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot write {out}: No space left on device\n"
    assert sorted(p.name for p in outputs.iterdir()) == ["a-file"]  # no file, no temporary one


def certify_process(*args, unbuffered: bool = False, **kw) -> subprocess.Popen:
    """`python -m certify ARGS` in a process of its own, started unbuffered (PYTHONUNBUFFERED=1) if asked."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.Popen([sys.executable, "-m", "certify", *map(str, args)], env=env, **kw)


@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_table_larger_than_a_pipe_whose_reader_stops_early_is_status_141_unbuffered_too(tmp_path, unbuffered):
    # Started unbuffered (as many containers start Python), standard output writes a table with one call:
    # a reader that stops part-way through it must not leave the rest silently dropped and status 1.
    (tmp_path / "long.yaml").write_text(LEVEL_2.replace("name: 测试甲", "name: " + "甲" * 100_000), encoding="utf-8")
    proc = certify_process("check", tmp_path / "long.yaml", "--no-explain", unbuffered=unbuffered,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10).startswith(b"file")  # `certify check ... | head -c 10`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err
    assert "Traceback" not in err and "evaluated" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_and_version_onto_a_full_disk_are_one_line_and_status_2(args):
    with open("/dev/full", "w") as full:
        proc = certify_process(*args, stdout=full, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2
    assert err == "Error: cannot write standard output: No space left on device\n"  # what could not be written


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args, said", [
    (["check", "{batch}/a-good.yaml"], "Error: cannot write standard output: No space left on device\n"),
    (["explain", "--lang", "zh"], "错误：无法写入标准输出：No space left on device\n"),
])
def test_a_commands_output_onto_a_full_disk_names_standard_output_in_the_commands_language(batch, args, said):
    with open("/dev/full", "w") as full:
        proc = certify_process(*[a.format(batch=batch) for a in args], stdout=full, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2
    assert err.splitlines(keepends=True)[-1] == said


def test_without_standard_error_the_exit_status_still_says_a_file_could_not_be_evaluated(batch):
    # `certify check DIR 2>&-`: nothing can be said, but a script reading the status must still see 2, not 1.
    proc = certify_process("check", batch, stdout=subprocess.DEVNULL, stderr=None, preexec_fn=lambda: os.close(2))
    assert proc.wait(timeout=60) == 2
    with open("/dev/full", "w") as full:  # standard error onto a full disk: the same
        proc = certify_process("check", batch, stdout=subprocess.DEVNULL, stderr=full)
        assert proc.wait(timeout=60) == 2


def on_a_terminal(*args, err: bool = False) -> tuple[int, str]:
    """`certify ARGS` with its standard output (or with `err`, its standard error) on a terminal (a
    pseudo-terminal), the other stream discarded: its exit status and what it showed."""
    pty = pytest.importorskip("pty")
    master, terminal = pty.openpty()
    streams = {"stdout": subprocess.DEVNULL, "stderr": terminal} if err else \
        {"stdout": terminal, "stderr": subprocess.DEVNULL}
    proc = certify_process(*args, **streams)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the terminal is gone: certify has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=60), shown.decode("utf-8")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_a_control_character_in_a_dossier_shows_on_a_terminal_rather_than_acting_on_it(tmp_path, fmt):
    # A name can hold what a terminal acts on: ESC ] 0 ; ... BEL retitles its window, ESC [ 2 J clears it.
    text = LEVEL_2.replace("name: 测试甲", 'name: "\\e]0;retitled\\a\\e[2J甲\\r乙\\x9b"')
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    status, shown = on_a_terminal("check", tmp_path / "a.yaml", "--no-explain", "--format", fmt)
    assert status == 0
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\u241b]0;retitled\u2407\u241b[2J甲" in shown and "乙\\x9b" in shown
    assert re.search("\r(?![\r\n])", shown) is None  # no carriage return writes over a row (the table and
    # Markdown break the cell there, a CSV row shows it as \u240d); a CSV row still ends \r\n
    assert ("甲\u240d乙" in shown and "\r\r\n" in shown) if fmt == "csv" else "\u240d" not in shown


@pytest.mark.parametrize("lang, said", [
    ("en", "applicant id 'T-001' is already given in {first}: this one is not judged (the two file names differ only in "
           "Unicode normalisation: this one is {a}, that one {b})"),
    ("zh", "申报人编号 'T-001' 已在 {first} 中出现：此处不予评定（两个文件名仅 Unicode 规范化形式不同：此处为 {a}，那里为 {b}）"),
])
def test_an_id_given_again_by_a_file_named_alike_in_another_unicode_form_says_which_file_is_which(tmp_path, lang, said):
    # é precomposed (NFC) and e with a combining accent (NFD): two files of one folder that print alike.
    for name in ("\u00e9.yaml", "e\u0301.yaml"):
        (tmp_path / name).write_text(LEVEL_2, encoding="utf-8")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("this file system stores one name for both forms")
    result = run("--lang", lang, "check", tmp_path, "--format", "jsonl")
    assert result.exit_code == 2
    [error] = [r["error"] for r in jsonl(result.stdout) if "error" in r]  # e\u0301 sorts first: the NFC one is the repeat
    assert error == said.format(first=tmp_path / "e\u0301.yaml",  # as it is named: it prints as the other does
                                a=f"{tmp_path}/\\u00e9.yaml", b=f"{tmp_path}/e\\u0301.yaml")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_two_files_named_alike_in_another_unicode_form_are_told_apart_in_the_table_as_the_error_tells_them(tmp_path,
                                                                                                          fmt):
    for name in ("\u00e9.yaml", "e\u0301.yaml", "\u00e9t\u00e9.yaml"):  # the last prints as no other name does
        (tmp_path / name).write_text(LEVEL_2, encoding="utf-8")
    if len(list(tmp_path.iterdir())) < 3:
        pytest.skip("this file system stores one name for both forms")
    result = run("check", tmp_path, "--format", fmt)
    files = [line.strip("| ").split()[0] for line in result.stdout.splitlines()
             if line.strip("| ").startswith(str(tmp_path))]  # the table's rows, not the errors under it
    # Each of the two cells escaped as the error names them, not two rows whose file looks the same; the
    # third, alike with no other name, as it is.
    assert files == [f"{tmp_path}/e\\u0301.yaml", f"{tmp_path}/\\u00e9.yaml", f"{tmp_path}/\u00e9t\u00e9.yaml"]
    assert f"this one is {tmp_path}/\\u00e9.yaml, that one {tmp_path}/e\\u0301.yaml" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_two_files_named_alike_that_could_not_be_judged_are_told_apart_in_the_errors_under_the_table(tmp_path, fmt):
    # é precomposed and e with a combining accent; 豈 as a compatibility character (U+F900) and as the one it
    # stands for (U+8C48): two pairs that print alike. été prints as no other name does.
    names = ("\u00e9.yaml", "e\u0301.yaml", "\uf900.yaml", "\u8c48.yaml", "\u00e9t\u00e9.yaml")
    for name in names:
        (tmp_path / name).write_text("applicant: [\n", encoding="utf-8")  # not YAML: an error row each
    if len(list(tmp_path.iterdir())) < len(names):
        pytest.skip("this file system stores one name for both forms")
    result = run("check", tmp_path, "--format", fmt)
    assert result.exit_code == 2
    listed = re.findall(r"^(?:  |- )\((\d)\) (.*?):2: invalid YAML", result.stdout, re.M)  # the errors under it
    # Each named as its row names it (the rows: the test above), not five lines of which two pairs look the same.
    assert [name.removeprefix(f"{tmp_path}/") for _, name in listed] == [
        "e\\u0301.yaml", "\\u00e9.yaml", "\u00e9t\u00e9.yaml", "\u8c48.yaml", "\\uf900.yaml"]
    assert [number for number, _ in listed] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("fmt, head", [("table", ""), ("markdown", "- file: ")])
def test_two_files_named_alike_are_told_apart_in_the_explanation_as_the_table_tells_them(tmp_path, fmt, head):
    # --explain writes each dossier as it comes: its heading (or its file line) named two files that print alike
    # the same, so a reader could not tell whose explanation is whose. Each is escaped as the table escapes it;
    # été, alike with no other name, as it is.
    for n, name in enumerate(("\u00e9.yaml", "e\u0301.yaml", "\u00e9t\u00e9.yaml")):  # three applicants
        (tmp_path / name).write_text(LEVEL_2.replace("T-001", f"T-00{n}"), encoding="utf-8")
    if len(list(tmp_path.iterdir())) < 3:
        pytest.skip("this file system stores one name for both forms")
    result = run("check", tmp_path, "--explain", "--format", fmt)
    named = [line.removeprefix(head) for line in result.stdout.splitlines()
             if line.startswith(head + str(tmp_path))]
    assert named == [f"{tmp_path}/e\\u0301.yaml", f"{tmp_path}/\\u00e9.yaml", f"{tmp_path}/\u00e9t\u00e9.yaml"]


@pytest.mark.parametrize("fmt, head", [("table", ""), ("markdown", "## ")])
def test_two_files_named_alike_that_could_not_be_judged_are_told_apart_in_the_explanation(tmp_path, fmt, head):
    names = ("\u00e9.yaml", "e\u0301.yaml", "\u00e9t\u00e9.yaml")
    for name in names:
        (tmp_path / name).write_text("applicant: [\n", encoding="utf-8")  # not YAML: an error each
    if len(list(tmp_path.iterdir())) < len(names):
        pytest.skip("this file system stores one name for both forms")
    result = run("check", tmp_path, "--explain", "--format", fmt)
    named = [line.removeprefix(head + f"{tmp_path}/") for line in result.stdout.splitlines()
             if line.startswith(head + str(tmp_path))]
    assert named == ["e\\u0301.yaml:2", "\\u00e9.yaml:2", "\u00e9t\u00e9.yaml:2"]


def test_a_file_named_alike_with_no_other_is_explained_under_its_name_as_it_is(tmp_path):
    (tmp_path / "e\u0301.yaml").write_text(LEVEL_2, encoding="utf-8")
    result = run("check", tmp_path / "e\u0301.yaml")
    assert result.stdout.splitlines()[0] == f"{tmp_path}/e\u0301.yaml"


ACTING_NAME = "\x1b]0;retitled\x07\x1b[2J\r\x9b"  # retitles the window, clears it, writes over the row


def test_a_control_character_in_a_name_on_standard_error_shows_on_a_terminal_rather_than_acting_on_it(tmp_path):
    # Notes and errors quote file and folder names as they are: on a terminal, the names must not act.
    empty = tmp_path / f"empty{ACTING_NAME}"
    empty.mkdir()
    status, shown = on_a_terminal("check", empty, err=True)
    assert status == 0
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert f"note: {tmp_path}/empty\u241b]0;retitled\u2407\u241b[2J\u240d\\x9b holds no dossier files" in shown
    status, shown = on_a_terminal("check", tmp_path / f"gone{ACTING_NAME}.yaml", err=True)
    assert status == 2
    assert shown == f"Error: no such file or folder: {tmp_path}/gone\u241b]0;retitled\u2407\u241b[2J\u240d\\x9b.yaml\r\n"


def test_standard_error_written_to_a_file_or_a_pipe_keeps_a_names_bytes(tmp_path):
    proc = certify_process("check", tmp_path / f"gone{ACTING_NAME}.yaml", stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    assert proc.wait(timeout=60) == 2
    said = proc.stderr.read()
    proc.stderr.close()
    assert said.startswith(f"Error: no such file or folder: {tmp_path}/gone\x1b]0;retitled\x07".encode())
    assert "\u241b".encode() not in said and b"\r\xc2\x9b.yaml\n" in said


RED, PLAIN = "\x1b[31m", "\x1b[0m"  # what click.echo would strip from text a pipe gets, as a colour code


@pytest.fixture
def coloured(tmp_path):
    """A folder holding a dossier whose name and project hold colour codes, and one with a colour code in its
    file name and a level the standard lacks."""
    folder = tmp_path / "cycle"
    folder.mkdir()
    (folder / "a.yaml").write_text(LEVEL_2.replace("name: 测试甲", 'name: "\\e[31m测试甲\\e[0m"')
                                   .replace("平台项目", '"\\e[31m平台项目"'), encoding="utf-8")
    (folder / f"b{RED}.yaml").write_text("applicant: {id: T-002, target_level: 9}\n", encoding="utf-8")
    return folder


def piped(*args) -> tuple[str, str]:
    """What `certify ARGS` writes to a pipe: standard output and standard error."""
    done = subprocess.run([sys.executable, "-m", "certify", *map(str, args)], capture_output=True, timeout=60)
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt", ["table", "explain", "csv", "markdown"])
def test_a_colour_code_in_a_dossiers_text_reaches_a_pipe_as_it_is(coloured, fmt):
    args = ["--explain"] if fmt == "explain" else ["--no-explain", "--format", fmt]
    out, _ = piped("check", coloured, *args)
    assert f"{RED}测试甲{PLAIN}" in out and f"b{RED}.yaml" in out
    assert (f"{RED}平台项目" in out) is (fmt == "explain")


def test_a_colour_code_in_a_file_name_reaches_a_pipe_in_json_as_json_writes_it(coloured):
    out, _ = piped("check", coloured, "--format", "json")
    assert "b\\u001b[31m.yaml" in out
    assert {r["file"] for r in json.loads(out)} == {str(coloured / "a.yaml"), str(coloured / f"b{RED}.yaml")}
    lines, _ = piped("check", coloured, "--format", "jsonl", "--explain")
    assert any(f"{RED}平台项目" in rule["explanation"] for line in lines.splitlines()
               for level in json.loads(line).get("levels", []) for rule in level["rules"])


def test_a_colour_code_in_a_file_name_validate_lists_reaches_a_pipe_as_it_is(coloured):
    out, _ = piped("validate", coloured)
    assert f"{coloured}/b{RED}.yaml:1: applicant.target_level: target level 9 is not a level of kam-2014 (1-4)" in out


def test_a_colour_code_in_a_folder_name_a_note_quotes_reaches_a_pipe_as_it_is(tmp_path):
    empty = tmp_path / f"empty{RED}"
    empty.mkdir()
    _, err = piped("check", empty)
    assert f"note: {empty} holds no dossier files" in err


def test_a_colour_code_in_a_path_an_error_quotes_reaches_a_pipe_as_it_is(tmp_path):
    _, err = piped("check", tmp_path / f"gone{RED}.yaml")
    assert err == f"Error: no such file or folder: {tmp_path}/gone{RED}.yaml\n"


def test_the_progress_bar_on_a_terminal_still_redraws_itself(tmp_path):
    # The bar's own control characters (a carriage return, the cursor hidden and shown) are certify's: they act.
    for n in (1, 2):
        (tmp_path / f"{n}.yaml").write_text(LEVEL_2.replace("T-001", f"T-00{n}"), encoding="utf-8")
    status, shown = on_a_terminal("check", tmp_path, "--no-explain", err=True)
    assert status == 0
    assert "\r\x1b[?25l" in shown and "2/2" in shown and "\u240d" not in shown and "\u241b" not in shown


def test_dash_for_output_means_standard_output_not_a_file_named_dash(batch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0 and jsonl(result.stdout)[0]["applicant_id"] == "T-001"
    assert not (tmp_path / "-").exists()


def test_a_closed_standard_output_is_an_error_saying_so_unless_the_output_goes_elsewhere(batch, tmp_path):
    def closed_stdout():
        os.close(1)

    command = [sys.executable, "-c", "from certify.cli import main; main()", "check", str(batch / "a-good.yaml"), "-q"]
    closed = subprocess.run(command, preexec_fn=closed_stdout, stderr=subprocess.PIPE, text=True, timeout=60)
    assert closed.returncode == 2
    assert closed.stderr == "Error: standard output is closed\n"
    out = tmp_path / "out.txt"
    elsewhere = subprocess.run(command + ["-o", str(out)], preexec_fn=closed_stdout, stderr=subprocess.PIPE,
                               text=True, timeout=60)
    assert elsewhere.returncode == 0 and elsewhere.stderr == "" and "T-001" in out.read_text(encoding="utf-8")


def test_help_and_version_to_a_closed_standard_output_say_so_as_every_command_does():
    # They are written before any command runs: they went nowhere, and certify exited 0, as if they had been shown.
    for args in (["--help"], ["--version"], ["--lang", "zh", "--help"]):
        closed = subprocess.run([sys.executable, "-m", "certify", *args], preexec_fn=lambda: os.close(1),
                                stderr=subprocess.PIPE, text=True, timeout=60)
        assert closed.returncode == 2
        assert closed.stderr == "Error: standard output is closed\n"


def in_encoding(encoding: str, *args) -> subprocess.CompletedProcess:
    """`certify ARGS` whose standard output and error are in `encoding` (PYTHONIOENCODING), as a locale sets them."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "certify", *map(str, args)], capture_output=True, env=env,
                          timeout=60)


@pytest.mark.parametrize("args", [["check", "{batch}/a-good.yaml", "--no-explain"], ["explain", "--lang", "zh"],
                                  ["--lang", "zh", "--help"], ["check", "{batch}/a-good.yaml", "--format", "markdown"]])
def test_a_standard_output_that_cannot_write_chinese_is_an_error_naming_the_character_not_a_traceback(batch, args):
    args = [a.format(batch=batch) for a in args]
    done = in_encoding("latin-1", *args)
    err = done.stderr.decode("latin-1")
    assert done.returncode == 2 and "Traceback" not in err
    assert re.fullmatch(r"Error: cannot write standard output: it is written in iso8859-1, which has no \\u[0-9a-f]{4} "
                        r"\(U\+[0-9A-F]{4}\); set a UTF-8 locale \(LANG=C\.UTF-8\) or PYTHONIOENCODING=utf-8\n", err), err


@pytest.mark.parametrize("args", [["check", "{batch}/a-good.yaml", "--no-explain"], ["explain", "--lang", "zh"],
                                  ["init", "--lang", "zh"], ["--lang", "zh", "--help"]])
def test_a_standard_output_left_in_ascii_gets_utf_8_for_every_command_as_help_always_did(batch, args):
    # PYTHONIOENCODING=ascii (or a C locale with Python's coercion turned off): the table and explain ended in a
    # UnicodeEncodeError's traceback at the first Chinese name, where --help and init wrote UTF-8.
    args = [a.format(batch=batch) for a in args]
    ascii_, utf8 = in_encoding("ascii", *args), in_encoding("utf-8", *args)
    assert b"Traceback" not in ascii_.stderr
    assert (ascii_.returncode, ascii_.stdout) == (utf8.returncode, utf8.stdout)
    assert re.search("[\u4e00-\u9fff]", ascii_.stdout.decode("utf-8"))


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
@pytest.mark.parametrize("encoding", ["gb18030", "latin-1"])
def test_what_programs_read_is_utf_8_whatever_the_locale_the_bytes_o_writes(tmp_path, fmt, encoding):
    # A GB18030 locale wrote check's jsonl, json and csv in GB18030 to a pipe (and a Latin-1 one stopped at the first
    # Chinese character), where -o writes UTF-8: a program reading either got other bytes. The table is for people,
    # and stays in the locale's encoding.
    applicants = Path(__file__).resolve().parents[1] / "applicants"
    dossiers = [applicants / "chen-jing.yaml", applicants / "li-qiang.yaml"]
    piped = in_encoding(encoding, "check", *dossiers, "--format", fmt, "--lang", "zh")
    written = in_encoding("utf-8", "check", *dossiers, "--format", fmt, "--lang", "zh", "-o", tmp_path / "out")
    assert piped.returncode == written.returncode in (0, 1)
    assert piped.stdout == (tmp_path / "out").read_bytes()
    assert re.search("[\u4e00-\u9fff]", piped.stdout.decode("utf-8"))  # the explanations, in Chinese
    if encoding == "gb18030":
        table = in_encoding(encoding, "check", *dossiers, "--no-explain", "--lang", "zh")
        assert "陈静" in table.stdout.decode("gb18030")


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_output_files_and_records_get_the_usual_permissions_not_those_of_a_temporary_file(batch, tmp_path, umask_027):
    out, records = tmp_path / "summary.jsonl", tmp_path / "records"
    assert run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out, "--record", records).exit_code == 0
    (record,) = records.glob("*.json")
    (manifest,), (kept,) = records.glob("batches/*"), records.glob("rulesets/*")
    # 0666 less the umask, as any program's new file: the committee's group can read them.
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(record.stat().st_mode) == 0o640
    assert stat.S_IMODE(manifest.stat().st_mode) == stat.S_IMODE(kept.stat().st_mode) == 0o640
    out.chmod(0o604)  # a file replaced with --force keeps the permissions it was given
    assert run("check", batch / "a-good.yaml", "--format", "jsonl", "-o", out, "--force").exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o604


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2023/12/01"], "'2023/12/01' is not a date written YYYY-MM-DD"),
    (["--as-of", "2023-1-01"], "is not a date written YYYY-MM-DD"),
    # Written as YYYY-MM-DD, but no such day: said so, not as a date written wrongly.
    (["--as-of", "2023-13-01"], "'2023-13-01' is not a real date"),
    (["--as-of", "2025-02-30"], "'2025-02-30' is not a real date"),
    (["--level", "5"], "--level 5: kam-2014 has levels 1-4"),
    (["--ruleset", "no-such.yaml"], "no-such.yaml"),
])
def test_wrong_use_exits_2_with_a_message(batch, args, message):
    result = run("check", batch / "a-good.yaml", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_path_is_named(tmp_path):
    result = run("check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_wrong_use_is_said_in_chinese_under_lang_zh(batch, tmp_path, monkeypatch):
    # What certify itself says of a command used wrongly follows --lang, as what it says of a dossier does.
    monkeypatch.chdir(tmp_path)
    Path("a-file").write_text("x", encoding="utf-8")
    Path("done.csv").write_text("x", encoding="utf-8")
    Path("gone.yaml").symlink_to(tmp_path / "deleted.yaml")
    Path("loop.yaml").symlink_to("loop.yaml")
    good = batch / "a-good.yaml"
    said = {
        ("check", "nowhere.yaml"): "找不到文件或文件夹：nowhere.yaml",
        ("check", "-"): "-（标准输入）不会被读取：请写出文件或文件夹（管道输入的内容可先保存为文件）",
        ("validate", "gone.yaml"): "gone.yaml：链接的目标已不存在",
        ("verify", "loop.yaml"): "loop.yaml：链接构成循环（指回自身）",
        ("check", good, "--ruleset", "gone.yaml"): "gone.yaml：链接的目标已不存在",
        ("check", good, "--overrides", "-"): "-（标准输入）不会被读取：请写出文件或文件夹（管道输入的内容可先保存为文件）",
        ("explain", "loop.yaml"): "loop.yaml：链接构成循环（指回自身）",
        ("diff", "nowhere.yaml", "a-file"): "找不到文件或文件夹：nowhere.yaml",
        ("check", good, "--level", "5"): "--level 5：kam-2014 只有 1-4 级",
        ("check", good, "-o", "done.csv"): "done.csv 已存在（如需替换，请加 --force）",
        ("check", good, "-o", "a-file/out.csv"): "无法写入 a-file/out.csv：a-file 是文件，不是文件夹",
        ("report", good, "--out", "-"): "--out -：评审文件是一个文件夹中的多个文件，不能写到标准输出：请指定一个文件夹"
                                         "（certify check --format jsonl 把结果写到标准输出）",
        ("report", good, "--out", batch): f"--out {batch} 中有待评定的 {good}：评审文件会替换它；请写到另一个文件夹",
        ("init", "mine.json"): "mine.json：模板为 YAML 格式，JSON 无法保留其中的注释，请命名为 mine.yaml",
        ("template", "--xlsx", "cycle.xls"): "cycle.xls：工作簿须以 .xlsx 结尾才能读取：请命名为 cycle.xlsx",
    }
    for args, message in said.items():
        result = run(*args, "--lang", "zh")
        assert result.exit_code == 2 and result.stderr == f"错误：{message}\n", args
    assert run("check", "nowhere.yaml", "--lang", "en").stderr == "Error: no such file or folder: nowhere.yaml\n"


def test_a_target_above_the_top_level_is_an_error_for_that_dossier(tmp_path):
    (tmp_path / "t.yaml").write_text(LEVEL_2.replace("target_level: 2", "target_level: 5"), encoding="utf-8")
    [record] = jsonl(run("check", tmp_path, "--format", "jsonl").stdout)
    assert record["error"] == "applicant.target_level: target level 5 is not a level of kam-2014 (1-4)"


def test_every_command_teaches_with_help():
    for command in main.commands.values():
        result = run(command.name, "--help")
        assert result.exit_code == 0
        assert "Examples" in result.output or "Usage" in result.output
        assert len(command.help or "") > 40


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not beside the project")
def test_spec_examples_through_the_cli(tmp_path):
    examples = tmp_path / "examples"
    shutil.copytree(SPEC / "examples", examples)
    expected = json.loads((SPEC / "examples-expected.json").read_text(encoding="utf-8"))
    records = jsonl(run("check", examples, "--format", "jsonl").stdout)
    got = {Path(r["file"]).name: {"qualified_level": r["qualified_level"],
                                  "levels": [lv["status"] for lv in r["levels"]],
                                  "target_status": r["target_status"]} for r in records}
    assert got == expected


def test_output_to_a_named_pipe_is_written_into_it_not_replaced(tmp_path):
    # As `-o /dev/null` or `-o /dev/stdout`: a device or pipe is written to, never swapped for a file.
    pipe = tmp_path / "results.fifo"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    with atomic_write(pipe) as out:  # no --force needed: nothing is replaced
        out.write("一行\n")
    reader.join(timeout=300)  # it has read all once the writer has closed it: the deadline is a hang's
    assert got == ["一行\n"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["results.fifo"]  # no temporary file left beside it


def _inputs(tmp_path: Path) -> Path:
    """A dossier, a CSV set, a committee's decisions file, a ruleset, a folder of editions and a decision record."""
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "a.yaml").write_text(LEVEL_2, encoding="utf-8")
    (tmp_path / "hr").mkdir()
    (tmp_path / "hr" / "applicants.csv").write_text("id,name\nE1,张伟\n", encoding="utf-8")
    (tmp_path / "hr" / "projects.csv").write_text("id,name,role,status\n", encoding="utf-8")
    shutil.copy(root / "docs" / "examples" / "committee-2026-12.yaml", tmp_path / "committee.yaml")
    shutil.copy(root / "certify" / "rulesets" / "kam-2014.yaml", tmp_path / "rules.yaml")
    (tmp_path / "editions").mkdir()
    shutil.copy(root / "certify" / "rulesets" / "kam-2014.yaml", tmp_path / "editions" / "kam-2014.yaml")
    assert run("check", tmp_path / "a.yaml", "--record", tmp_path / "records", "-q").exit_code == 0
    return tmp_path


@pytest.mark.parametrize("args, output, what", [
    (["check", "a.yaml"], "a.yaml", "a dossier or spreadsheet this command judges"),
    (["check", "hr"], "hr/applicants.csv", "a dossier or spreadsheet this command judges"),
    (["check", "."], "a.yaml", "a dossier or spreadsheet this command judges"),  # found in the folder named
    (["check", "hr/projects.csv"], "hr/applicants.csv", "a dossier or spreadsheet this command judges"),
    (["check", "a.yaml", "--overrides", "committee.yaml"], "committee.yaml",
     "the committee's decisions file this command reads (--overrides)"),
    (["check", "a.yaml", "--ruleset", "rules.yaml"], "rules.yaml", "the ruleset this command reads (--ruleset)"),
    (["check", "a.yaml", "--ruleset", "editions"], "editions/kam-2014.yaml", "the ruleset this command reads (--ruleset)"),
    (["explain", "rules.yaml"], "rules.yaml", "the ruleset this command explains"),
    (["explain", "editions"], "editions/kam-2014.yaml", "the ruleset this command explains"),
    (["init", "--ruleset", "rules.yaml"], "rules.yaml", "the ruleset this command reads (--ruleset)"),
    (["show", "records"], "RECORD", "a decision record this command shows"),
])
def test_an_output_is_never_written_over_a_file_the_command_reads_even_with_force(tmp_path, monkeypatch, args, output,
                                                                                  what):
    # `check a.yaml -o a.yaml --force` judged the dossier, then replaced it with its own explanation.
    monkeypatch.chdir(_inputs(tmp_path))
    if output == "RECORD":
        [record] = Path("records").glob("*.json")
        output = str(record)
    before = Path(output).read_bytes()
    option = [output] if args[0] == "init" else ["-o", output]
    result = run(*args[:1], *option, *args[1:], "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {output} is {what}: written over with the output, it would be lost; write the "
                             "output to another file\n")
    assert Path(output).read_bytes() == before


@pytest.mark.parametrize("option, name", [("--overrides", "committee.yaml"), ("--ruleset", "rules.yaml")])
def test_a_report_is_never_written_over_a_folder_that_holds_a_file_it_reads(tmp_path, monkeypatch, option, name):
    # The documents' folder is replaced whole: the committee's decisions kept in it went with the old documents.
    monkeypatch.chdir(_inputs(tmp_path))
    Path("review").mkdir()
    shutil.copy(name, Path("review") / name)
    result = run("report", "a.yaml", "--out", "review", option, Path("review") / name, "--force", "--lang", "zh")
    assert result.exit_code == 2
    what = "读取的评审委员会决定文件（--overrides）" if option == "--overrides" else "读取的标准（--ruleset）"
    assert result.stderr == (f"错误：--out review 中有 review/{name}，即本命令{what}：该文件夹会被整体替换，它也会随之丢失；"
                             "请把评审文件写到另一个文件夹\n")
    assert (Path("review") / name).read_bytes() == Path(name).read_bytes()


def test_an_output_named_by_a_link_replaces_the_file_it_leads_to_and_keeps_the_link(batch, tmp_path):
    # `latest.jsonl -> 2025/results.jsonl`: the committee's link keeps leading to this cycle's results.
    (tmp_path / "2025").mkdir()
    target = tmp_path / "2025" / "results.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(Path("2025") / "results.jsonl")
    refused = run("check", batch, "--format", "jsonl", "-o", link)
    assert refused.exit_code == 2 and refused.stderr == f"Error: {link} already exists (use --force to replace it)\n"
    run("check", batch, "--format", "jsonl", "-o", link, "--force")
    assert link.is_symlink() and os.readlink(link) == str(Path("2025") / "results.jsonl")
    assert len(jsonl(target.read_text(encoding="utf-8"))) == len(jsonl(run("check", batch, "--format", "jsonl").stdout))
    assert sorted(p.name for p in (tmp_path / "2025").iterdir()) == ["results.jsonl"]  # nothing left beside it


def test_an_output_named_by_links_in_a_loop_is_an_error_and_the_links_stay(batch, tmp_path):
    (tmp_path / "loop-a").symlink_to("loop-b")
    (tmp_path / "loop-b").symlink_to("loop-a")
    for args in (["check", batch, "--format", "jsonl", "-o"], ["report", batch / "a-good.yaml", "--out"]):
        result = run(*args, tmp_path / "loop-a")
        assert result.exit_code == 2
        assert result.stderr == f"Error: cannot write {tmp_path / 'loop-a'}: Too many levels of symbolic links\n"
        assert os.readlink(tmp_path / "loop-a") == "loop-b" and os.readlink(tmp_path / "loop-b") == "loop-a"


def test_a_redirection_named_as_a_path_is_written_into_the_file_behind_it(tmp_path):
    # `certify check ... -o /dev/stdout > results.jsonl`: the file behind the descriptor is the
    # shell's, so it is written to as it is (no --force, nothing replaced in /dev or /proc).
    for name in ("/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"):
        if not Path(name).exists():
            continue
        behind = tmp_path / "results.jsonl"
        write = ("import sys\nfrom certify.atomic import atomic_write\n"
                 "with atomic_write(sys.argv[1]) as out:\n    out.write('一行\\n')\n")
        with open(behind, "w", encoding="utf-8") as stdout:
            done = subprocess.run([sys.executable, "-c", write, name], stdout=stdout, stderr=subprocess.PIPE,
                                  text=True, timeout=60)
        assert done.returncode == 0, (name, done.stderr)
        assert behind.read_text(encoding="utf-8") == "一行\n", name


@pytest.mark.skipif(not (os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK)),
                    reason="no writable /dev/shm here")
def test_a_regular_file_under_dev_is_replaced_whole_like_any_other(tmp_path):
    # Only a name for a descriptor is written in place; a file on a tmpfs under /dev is a file.
    with tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
        path = Path(folder) / "results.jsonl"
        path.write_text("old\n", encoding="utf-8")
        with pytest.raises(UsageError, match="already exists"):
            with atomic_write(path) as out:
                out.write("new\n")
        with pytest.raises(KeyboardInterrupt):
            with atomic_write(path, force=True) as out:
                out.write("half")
                raise KeyboardInterrupt
        assert path.read_text(encoding="utf-8") == "old\n"
        with atomic_write(path, force=True) as out:
            out.write("new\n")
        assert path.read_text(encoding="utf-8") == "new\n"
        assert [p.name for p in Path(folder).iterdir()] == ["results.jsonl"]


def test_every_command_says_where_a_problem_is_as_file_line_colon_message(tmp_path):
    # One form wherever a message names its place in a file, as compilers write it (editors and CI tools link
    # it): FILE:LINE: message, or FILE: message without a line; in Chinese after a full-width colon.
    from certify.ruleset import DEFAULT_RULESET
    bad = tmp_path / "bad.yaml"
    bad.write_text(LEVEL_2.replace("employment:", "employmnet:"), encoding="utf-8")
    line = LEVEL_2.splitlines().index("employment:") + 1
    said = "unknown key 'employmnet' (did you mean 'employment'?)"
    assert run("validate", bad).stdout == f"{bad}:{line}: {said}\n"
    assert f"  (1) {bad}:{line}: {said}\n" in run("check", bad, VALID).stdout
    as_json = tmp_path / "bad.json"
    as_json.write_text('{"applicant": {"id": "T-9", "nme": "x"}}', encoding="utf-8")
    assert run("validate", as_json).stdout == f"{as_json}: applicant: unknown key 'nme' (did you mean 'name'?)\n"
    ruleset = tmp_path / "mine.yaml"
    ruleset.write_text(DEFAULT_RULESET.read_text(encoding="utf-8").replace("version: ", "verison: ", 1),
                       encoding="utf-8")
    version = next(n for n, text in enumerate(ruleset.read_text(encoding="utf-8").splitlines(), 1)
                   if text.startswith("verison:"))
    wrong = "unknown key 'verison' (did you mean 'version'?)"
    assert run("check", VALID, "--ruleset", ruleset).stderr == f"Error: {ruleset}:{version}: {wrong}\n"
    assert run("lint", ruleset, "-q").stdout == f"{ruleset}:{version}: error ruleset: {wrong}\n"
    lint = run("lint", DEFAULT_RULESET, "-q").stdout.splitlines()
    assert re.fullmatch(rf"{re.escape(str(DEFAULT_RULESET))}:\d+: warning L4\.project: not monotone: .*", lint[0])
    assert lint[1] == f"{DEFAULT_RULESET}: info applicant.work_months: no rule reads this fact (work experience)"
    # In Chinese, a full-width colon after the place, as after any name said in Chinese.
    zh = "未知字段 'employmnet'（是否应为 'employment'？）"
    assert run("validate", bad, "--lang", "zh").stdout == f"{bad}:{line}：{zh}\n"
    assert f"（1）{bad}:{line}：{zh}\n" in run("check", bad, VALID, "--lang", "zh").stdout
    assert run("check", VALID, "--ruleset", ruleset, "--lang", "zh").stderr == (
        f"错误：{ruleset}:{version}：未知字段 'verison'（是否应为 'version'？）\n")
    assert run("lint", ruleset, "-q", "--lang", "zh").stdout == (
        f"{ruleset}:{version}：错误 标准：未知字段 'verison'（是否应为 'version'？）\n")


@pytest.mark.parametrize("name, option", [("-notes.yaml", "-n"), ("--level.yaml", "--level.yaml")])
def test_a_dossier_whose_name_begins_with_a_dash_is_said_as_a_file_with_how_to_name_it(tmp_path, monkeypatch, name,
                                                                                      option):
    # click reads it as options: 'No such option: -n', or 'Did you mean --level?', which would not judge it.
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(LEVEL_2, encoding="utf-8")
    for command in ("check", "validate"):
        result = run(command, name)
        assert result.exit_code == 2
        assert result.stderr.endswith(f"Error: No such option '{option}': {name} is a file whose name begins with -; "
                                      f"name it ./{name}, or put -- before it\n")
        zh = run(command, name, "--lang", "zh")
        assert zh.stderr.endswith(f"错误：未知的选项 '{option}'：{name} 是名称以 - 开头的文件；请写作 ./{name}，或在它前面加上 --\n")
        assert run(command, f"./{name}").exit_code == 0 and run(command, "--", name).exit_code == 0
    Path(name).unlink()  # no such file: click's own words, its did-you-mean too
    assert "is a file" not in run("check", name).stderr


@pytest.mark.parametrize("command", [["check", "{batch}/a-good.yaml", "-o", "{out}"], ["report", "{batch}/a-good.yaml",
                                                                                      "--out", "{out}", "-q"]])
def test_an_output_name_longer_than_the_file_system_takes_is_said_as_an_output_not_written(batch, tmp_path, command):
    # It was 'Error: NAME: File name too long', the system's words without saying it was the output.
    out = tmp_path / ("x" * 256)
    result = run(*[a.format(batch=batch, out=out) for a in command])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: cannot write {out}: File name too long\n")


def test_the_summary_counts_a_target_left_to_review_apart_from_one_failed():
    # review is not fail: a target level the dossier cannot decide is the committee's to grant or not, so the summary
    # does not count it as short of the target. Either way the target is not passed, and the exit status is 1.
    examples = Path(__file__).resolve().parents[1] / "applicants"
    files = [examples / name for name in ("zhao-lei.yaml", "guo-peng.yaml", "ma-li.yaml", "sun-hao.yaml")]
    statuses = [r["target_status"] for r in jsonl(run("check", *files, "--format", "jsonl", "-q").stdout)]
    failed, review = statuses.count("fail"), statuses.count("review")
    assert failed and review  # one of each at least, else this test says nothing
    result = run("check", *files)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"4 dossiers: 4 evaluated ({failed} short of their target level, "
                                              f"{review} for the committee to review), 0 could not be evaluated")
    chinese = run("check", *files, "--lang", "zh")
    assert chinese.stderr.splitlines()[-1] == (f"共 4 份申报材料：4 份已评定（{failed} 份未达申报级别，{review} 份申报级别"
                                               "待核实），0 份无法评定")
    only_review = [f for f, s in zip(files, statuses) if s == "review"]
    alone = run("check", *only_review)
    assert alone.exit_code == 1 and f"(0 short of their target level, {len(only_review)} for the committee" in alone.stderr
