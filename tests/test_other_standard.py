"""Another company's standard is a file, not code: a fictional five-level standard, unlike the bundled one
(other names, clauses and thresholds, a level with no project rule), run through every command a committee,
an applicant and an auditor would run."""

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from certify.cli import main

OTHER = Path(__file__).parent / "rulesets" / "other" / "mm-ism-2021.yaml"
BUNDLED_WORDS = ("客户经理专业", "销售代表", "资深客户经理", "Account Manager", "kam-2014", "2.1 学历")

# Fictional applicants: one reaches level 5, one level 1, one level 3 with level 4 to be verified.
DOSSIERS = {
    "lin-yi.yaml": """applicant: {id: MM-001, name: 林一, target_level: 5}
as_of: 2025-12-31
education: [{degree: master, graduated: 2005-07-01}]
employment: [{start: 2005-07-01, sales: true, it: true}]
projects: [{name: 某市智慧交通, amount: 6000万, role: lead, status: completed, stages: [合同签订, 项目回款]}]
""",
    "lin-er.yaml": """applicant: {id: MM-002, name: 林二, target_level: 3}
as_of: 2025-12-31
education: [{degree: 大专, graduated: 2016-07-01}]
employment: [{start: 2016-07-01, sales: true}]
projects: []
""",
    "lin-san.yaml": """applicant: {id: MM-003, name: 林三}
as_of: 2025-12-31
education: [{degree: 本科, graduated: 2014-07-01, mode: 非全日制}]
employment: [{start: 2012-07-01, sales: true, it: true}]
projects:
  - {name: 某省医保, amount: 400万, role: lead, status: completed, stages: [合同签订, 项目回款]}
  - {name: 某省电力, amount: 200万, role: lead, status: completed, designation: industry_key}
""",
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_dossiers(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DOSSIERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_committee_judges_a_cycle_by_a_standard_of_five_levels(tmp_path):
    folder = write_dossiers(tmp_path / "cycle")
    jsonl = run("check", folder, "--ruleset", OTHER, "--format", "jsonl")
    assert jsonl.exit_code == 1  # 林二 does not reach level 3
    records = {r["applicant_id"]: r for r in map(json.loads, jsonl.stdout.splitlines())}
    assert {k: (r["qualified_level"], r["target_status"]) for k, r in records.items()} == {
        "MM-001": (5, "pass"), "MM-002": (1, "fail"), "MM-003": (3, None)}
    # results-v1: qualified_level runs 0 to the standard's top level, and levels lists every one of them.
    assert [(l["level"], l["name"], l["status"]) for l in records["MM-003"]["levels"]] == [
        (1, "Trainee Industry Sales", "pass"), (2, "Industry Sales Manager", "pass"),
        (3, "Senior Industry Sales Manager", "pass"), (4, "Industry Sales Expert", "review"),
        (5, "Chief Industry Sales Expert", "fail")]
    assert records["MM-001"]["ruleset"]["id"] == "mm-ism" and records["MM-001"]["levels"][4]["rules"][0]["clause"] == "第十四条（一）"
    table = run("check", folder, "--ruleset", OTHER, "--lang", "zh", "--level", "5").stdout
    assert "5级" in table and "5级 首席行业销售专家" in table and not any(w in table for w in BUNDLED_WORDS)
    assert run("check", folder, "--ruleset", OTHER, "--level", "6").stderr.endswith("--level 6: mm-ism has levels 1-5\n")
    rows = list(csv.DictReader(io.StringIO(run("check", folder, "--ruleset", OTHER, "--format", "csv").stdout)))
    assert [(r["applicant_id"], r["level_5"]) for r in rows] == [("MM-002", "fail"), ("MM-003", "fail"),
                                                                  ("MM-001", "pass")]

    out = tmp_path / "review"
    assert run("report", folder, "--ruleset", OTHER, "--out", out, "--lang", "zh").exit_code == 1
    overview = (out / "overview.md").read_text(encoding="utf-8")
    assert overview.startswith("# 评审概况：某某科技行业销售经理任职资格标准（2021版）")
    assert "| 5级 首席行业销售专家 | 1 |" in overview
    notice = (out / "notice.md").read_text(encoding="utf-8")
    assert "5级 首席行业销售专家" in notice and "3级 高级行业销售经理" in notice
    summary = [[c.value for c in row] for row in load_workbook(out / "summary.xlsx").worksheets[0].iter_rows()]
    assert next(row for row in summary if row[0] == "MM-001")[4:11] == [5, "首席行业销售专家", "符合", "符合", "符合", "符合", "符合"]
    for document in [*out.glob("*.*"), *out.glob("sheets/*")]:
        if document.suffix != ".xlsx":
            text = document.read_text(encoding="utf-8-sig")
            assert not any(w in text for w in BUNDLED_WORDS), document


def test_an_applicant_and_an_auditor_read_and_check_the_standard(tmp_path):
    folder = write_dossiers(tmp_path / "cycle")
    mine = run("check", folder / "lin-san.yaml", "--ruleset", OTHER, "--lang", "zh").stdout
    assert "认定级别：3级 高级行业销售经理" in mine and "（条款 第十三条（二））" in mine
    assert "4级需评审委员会核实：L4.project（第十三条（二））。" in mine  # named by its clause, as that standard words it
    later = run("check", folder / "lin-yi.yaml", "--ruleset", OTHER, "--as-of", "2016-01-01").stdout
    assert "Level 5 passes on 2020-06-30." in later  # 15 years of work by then

    document = run("explain", OTHER, "--format", "markdown", "--lang", "zh").stdout
    assert document.startswith("# 某某科技行业销售经理任职资格标准（2021版）") and "## 第5级：首席行业销售专家" in document
    assert run("test", OTHER).stdout.splitlines()[-1].startswith("pass ")
    assert run("test", OTHER).exit_code == 0
    diff = run("diff", Path(__file__).parents[1] / "rulesets" / "kam-2014.yaml", OTHER).stdout
    assert "level 5: added Chief Industry Sales Expert (首席行业销售专家)" in diff
    assert run("lint", OTHER).exit_code == 0

    records = tmp_path / "records"
    assert run("check", folder, "--ruleset", OTHER, "--record", records, "-q").exit_code == 1
    verified = run("verify", records)
    assert verified.exit_code == 0 and verified.stdout.count(": reproduced") == 3

    # A second edition, of four levels from 2024: a dossier dated after it is judged by it, and has no level 5.
    editions = tmp_path / "editions"
    editions.mkdir()
    text = OTHER.read_text(encoding="utf-8")
    (editions / "mm-ism-2021.yaml").write_text(text, encoding="utf-8")
    (editions / "mm-ism-2024.yaml").write_text(
        text[:text.index("  - level: 5")].replace('version: "2021.2"', 'version: "2024.1"')
        .replace("effective: 2021-07-01", "effective: 2024-01-01"), encoding="utf-8")
    judged = [json.loads(run("check", folder / "lin-san.yaml", "--ruleset", editions, "--format", "jsonl", *as_of).stdout)
              for as_of in (["--as-of", "2023-12-31"], [])]
    assert [(r["ruleset"]["version"], len(r["levels"]), r["qualified_level"]) for r in judged] == [
        ("2021.2", 5, 3), ("2024.1", 4, 3)]


def test_a_level_name_of_no_level_lists_the_levels_of_the_standard_it_was_read_against(tmp_path):
    # HR filled 申报级别 with this standard's names; judged without its --ruleset, the names are read against the
    # bundled standard, and the error names that one and its levels, not just "not a level".
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("申报人编号,姓名,申报级别,截止日期\nMM-004,林四,高级行业销售经理,2025-12-31\n",
                                       encoding="utf-8")
    forgot = json.loads(run("check", hr, "--format", "jsonl").stdout)
    assert forgot["error"].endswith(
        "'高级行业销售经理' is not a level (a whole number such as 2, 2级, 二级, or a level's name); the levels of "
        "kam-2014: 1 Sales Representative, 2 Account Manager, 3 Senior Account Manager, 4 Principal Account Manager")
    said = run("check", hr, "--lang", "zh").stdout
    assert "；kam-2014 的级别：1级 销售代表、2级 客户经理、3级 高级客户经理、4级 资深客户经理" in said
    assert json.loads(run("check", hr, "--ruleset", OTHER, "--format", "jsonl").stdout)["target_level"] == 3
    # A name of no edition of a folder: each level with every name its editions give it.
    editions = tmp_path / "editions"
    editions.mkdir()
    text = OTHER.read_text(encoding="utf-8")
    (editions / "mm-ism-2021.yaml").write_text(text, encoding="utf-8")
    (editions / "mm-ism-2024.yaml").write_text(
        text.replace('version: "2021.2"', 'version: "2024.1"').replace("effective: 2021-07-01", "effective: 2024-01-01")
        .replace("{zh: 行业销售经理, en: Industry Sales Manager}", "{zh: 行业客户经理, en: Industry Account Manager}"),
        encoding="utf-8")
    (hr / "applicants.csv").write_text("申报人编号,姓名,申报级别,截止日期\nMM-004,林四,行业销售总监,2025-12-31\n",
                                       encoding="utf-8")
    error = json.loads(run("check", hr, "--ruleset", editions, "--format", "jsonl").stdout)["error"]
    assert "the levels of mm-ism: 1 Trainee Industry Sales, 2 Industry Sales Manager/Industry Account Manager, " in error
    # A dossier file writes the number; a name of no level is refused with the levels all the same.
    path = tmp_path / "lin-si.yaml"
    path.write_text("applicant: {id: MM-004, target_level: 高级行业销售经理}\n", encoding="utf-8")
    assert "got '高级行业销售经理' (the levels of kam-2014: 1 Sales Representative, " in run("validate", path).stdout
    assert "got '高级行业销售经理' (write 3)" in run("validate", path, "--ruleset", OTHER).stdout


def test_a_cycle_judged_by_an_older_edition_is_titled_and_its_levels_named_by_it(tmp_path):
    # A folder of two editions; every applicant's as-of date falls before the newer one takes effect. The documents
    # said the newer edition's title (and its name for level 2) over a cycle it judged none of.
    editions = tmp_path / "editions"
    editions.mkdir()
    text = OTHER.read_text(encoding="utf-8")
    (editions / "mm-ism-2021.yaml").write_text(text, encoding="utf-8")
    (editions / "mm-ism-2024.yaml").write_text(
        text.replace('version: "2021.2"', 'version: "2024.1"').replace("effective: 2021-07-01", "effective: 2024-01-01")
        .replace("（2021版）", "（2024版）").replace("{zh: 行业销售经理, en: Industry Sales Manager}",
                                                 "{zh: 行业客户经理, en: Industry Account Manager}"), encoding="utf-8")
    folder = write_dossiers(tmp_path / "cycle")
    for as_of, edition, level_2 in [("2023-12-31", "（2021版）", "2级 行业销售经理"), ("2025-12-31", "（2024版）", "2级 行业客户经理")]:
        out = tmp_path / f"review-{as_of}"
        run("report", folder, "--ruleset", editions, "--as-of", as_of, "--out", out, "--lang", "zh", "-q")
        title = f"某某科技行业销售经理任职资格标准{edition}"
        overview = (out / "overview.md").read_text(encoding="utf-8")
        assert overview.startswith(f"# 评审概况：{title}\n") and f"| {level_2} | " in overview
        assert (out / "notice.md").read_text(encoding="utf-8").startswith(f"# 公示名单：{title}\n")
        assert f"<title>评审概况：{title}</title>" in (out / "index.html").read_text(encoding="utf-8")
        header = load_workbook(out / "summary.xlsx").worksheets[0].oddHeader.left.text
        assert header.endswith(title)


def test_a_standard_of_one_level_is_said_to_have_level_1_not_levels_1_1(tmp_path):
    text = OTHER.read_text(encoding="utf-8")
    one = tmp_path / "mm-one.yaml"
    one.write_text(text[:text.index("  - level: 2")].replace("id: mm-ism", "id: mm-one"), encoding="utf-8")
    folder = write_dossiers(tmp_path / "cycle")
    assert run("check", folder, "--ruleset", one, "--level", "2").stderr.endswith(
        "--level 2: mm-one has level 1 only\n")
    assert run("check", folder, "--ruleset", one, "--level", "2", "--lang", "zh").stderr.endswith(
        "--level 2：mm-one 只有 1 级\n")
    said = run("check", folder / "lin-er.yaml", "--ruleset", one, "--format", "jsonl").stdout
    assert json.loads(said)["error"] == "applicant.target_level: target level 3 is not a level of mm-one (1)"
    assert "the level you apply for, 1\n" in run("init", "--ruleset", one).stdout
