"""A ruleset edited under the standard's id and version: check, report, explain, diff and lint say so, and a copy
of the standard that states the same rules (unedited, or only its comments and layout changed) is not warned of."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "certify" / "rulesets" / "kam-2014.yaml"
STANDARD = BUNDLED.read_text(encoding="utf-8")
EDITIONS = Path(__file__).parent / "rulesets" / "editions"
DOSSIER = ROOT / "applicants" / "zhao-lei.yaml"
APPLICANTS = [ROOT / "applicants" / name for name in ("zhao-lei.yaml", "liu-yang.yaml", "he-xin.yaml")]
LOWER = ("{fact: sales_months, at_least: 3 years}", "{fact: sales_months, at_least: 2 years}")  # L1.sales_tenure

WARNING = ("warning: {file} has the id and version of the bundled standard (kam-2014 2014.1) but other rules "
           "(rule L1.sales_tenure: condition changed, the only difference): its verdicts are not the bundled "
           "standard's; give the edited ruleset a version of its own\n")
WARNING_ZH = ("警告：{file} 的编号和版本与内置标准相同（kam-2014 2014.1），规则却不同（规则 L1.sales_tenure：判定条件 "
              "condition 已修改，仅此一处不同）：据其作出的判定结果并非内置标准的判定结果；请为修改后的标准另定版本\n")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def copy(folder: Path, name: str = "my.yaml", *edits: tuple[str, str]) -> Path:
    """The bundled standard copied to folder/name, with each (old, new) replaced once."""
    text = STANDARD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def same_rules(folder: Path) -> list[Path]:
    """Rulesets that state the bundled standard's rules: the file itself, a copy, and copies whose comments,
    layout and the spacing of a requirement's words changed."""
    return [BUNDLED, copy(folder, "copy.yaml"),
            copy(folder, "comments.yaml", ("# Every threshold", "# A comment of our own. Every threshold")),
            copy(folder, "layout.yaml", ("{fact: sales_months, at_least: 3 years}",
                                         "\n          fact: sales_months\n          at_least: 36")),
            copy(folder, "spacing.yaml", ("en: 3 years in sales", "en: \"3 years  in sales \""))]


def test_check_warns_once_of_a_threshold_changed_under_the_standard_s_id_and_version(tmp_path):
    edited, plain = copy(tmp_path, "my.yaml", LOWER), copy(tmp_path, "copy.yaml")
    result = run("check", "--ruleset", edited, *APPLICANTS)
    assert result.stderr.startswith(WARNING.format(file=edited))
    assert result.stderr.count("warning:") == 1  # once per command, not per dossier
    unedited = run("check", "--ruleset", plain, *APPLICANTS)
    assert "warning" not in unedited.stderr
    assert result.exit_code == unedited.exit_code == 1  # a warning, not an error
    zh = run("check", "--ruleset", edited, DOSSIER, "--lang", "zh", "-q")
    assert zh.stderr == WARNING_ZH.format(file=edited)
    # results-v1 gains nothing: the same fields as the standard's own results, the sha256 tells them apart.
    lines = [json.loads(line) for line in run("check", "--ruleset", edited, DOSSIER, "--format", "jsonl").stdout.splitlines()]
    standard = [json.loads(line) for line in run("check", DOSSIER, "--format", "jsonl").stdout.splitlines()]
    assert [sorted(r) for r in lines] == [sorted(r) for r in standard]
    assert [sorted(r["ruleset"]) for r in lines] == [sorted(r["ruleset"]) for r in standard]


def test_the_bundled_standard_and_copies_that_state_its_rules_get_no_warning(tmp_path):
    assert run("check", DOSSIER, "--no-explain").stderr.count("warning") == 0
    for ruleset in same_rules(tmp_path):
        result = run("check", "--ruleset", ruleset, DOSSIER, "--no-explain")
        assert result.exit_code == 1 and "warning" not in result.stderr, ruleset
        assert run("explain", ruleset).stderr == "", ruleset
        assert not [line for line in run("lint", ruleset).stdout.splitlines() if " version: " in line], ruleset


def editions(folder: Path, *edits: tuple[str, str]) -> Path:
    """The 2014 and 2020 editions copied into `folder`, each (old, new) replaced in both."""
    folder.mkdir()
    for edition in EDITIONS.iterdir():
        text = edition.read_text(encoding="utf-8")
        for old, new in edits:
            text = text.replace(old, new)
        (folder / edition.name).write_text(text, encoding="utf-8")
    return folder


def test_check_with_a_folder_of_editions_names_an_edited_edition_and_the_one_whose_version_it_bears(tmp_path):
    folder = editions(tmp_path / "editions", LOWER)
    result = run("check", "--ruleset", folder, DOSSIER, "--no-explain")
    assert result.stderr.startswith(WARNING.format(file=folder / "kam-2014.yaml"))
    assert result.stderr.count("warning:") == 1  # the 2020 edition has a version of its own
    # Two editions of one id under one version, other rules: the later file is said to bear the earlier one's.
    ours = editions(tmp_path / "ours", ("id: kam-2014", "id: acme-kam"), ('version: "2020.1"', 'version: "2014.1"'))
    [note] = run("check", "--ruleset", ours, DOSSIER, "--no-explain").stderr.splitlines()[:1]
    assert note == (f"warning: {ours / 'kam-2020.yaml'} has the id and version of {ours / 'kam-2014.yaml'} (acme-kam "
                    "2014.1) but other rules (rule L2.project: requirement.zh, requirement.en, condition changed, the "
                    f"only difference): its verdicts are not {ours / 'kam-2014.yaml'}'s; give the edited ruleset a "
                    "version of its own")
    zh = run("check", "--ruleset", ours, DOSSIER, "--lang", "zh", "-q").stderr
    assert f"据其作出的判定结果并非 {ours / 'kam-2014.yaml'} 的判定结果" in zh
    assert "（规则 L2.project：要求（中文） requirement.zh、要求（英文） requirement.en、判定条件 condition 已修改" in zh


def test_report_says_so_on_standard_error_and_wherever_its_documents_name_the_ruleset(tmp_path):
    edited = copy(tmp_path, "my.yaml", LOWER, ("name: {zh: 客户经理, en: Account Manager}",
                                               "name: {zh: 客户经理, en: Key Account Manager}"))
    result = run("report", "--ruleset", edited, *APPLICANTS, "--out", tmp_path / "review", "-q")
    assert result.stderr == (f"warning: {edited} has the id and version of the bundled standard (kam-2014 2014.1) but "
                             "other rules (level 2 renamed; 2 differences in all): its verdicts are not the bundled "
                             "standard's; give the edited ruleset a version of its own\n")
    remark = "— EDITED: the id and version of the bundled standard, other rules (level 2 renamed; 2 differences in all)"
    review = tmp_path / "review"
    for document in ("overview.md", "index.html", "sheets/AP-103.md", "sheets/AP-103.html"):
        text = (review / document).read_text(encoding="utf-8")
        assert remark in text, document
    run("report", "--ruleset", edited, *APPLICANTS, "--out", tmp_path / "zh", "-q", "--lang", "zh")
    assert ("标准：kam-2014 2014.1（sha256 " in (tmp_path / "zh" / "overview.md").read_text(encoding="utf-8")
            and "）——已修改：编号和版本与内置标准相同，规则却不同（第2级更名；共2处不同）"
            in (tmp_path / "zh" / "sheets" / "AP-103.md").read_text(encoding="utf-8"))
    plain = run("report", "--ruleset", copy(tmp_path, "copy.yaml"), *APPLICANTS, "--out", tmp_path / "plain", "-q")
    assert plain.stderr == ""
    assert "EDITED" not in (tmp_path / "plain" / "overview.md").read_text(encoding="utf-8")
    assert result.exit_code == plain.exit_code


def test_explain_warns_of_the_edited_ruleset_it_prints(tmp_path):
    edited = copy(tmp_path, "my.yaml", LOWER)
    result = run("explain", edited)
    assert result.exit_code == 0 and result.stderr == WARNING.format(file=edited)
    assert result.stdout.startswith("Key-account sales qualification standard (2014 edition)\n")
    assert run("explain", edited, "--lang", "zh").stderr == WARNING_ZH.format(file=edited)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_explained_document_itself_says_the_ruleset_was_edited_beside_its_version(tmp_path, fmt):
    # The document is what a committee signs: the warning on the terminal is not in it, so it says so itself.
    edited = copy(tmp_path, "my.yaml", LOWER)
    english = run("explain", edited, "--format", fmt).stdout
    assert "2014.1 — EDITED: the id and version of the bundled standard, other rules (" in english
    assert "2014.1——已修改：编号和版本与内置标准相同，规则却不同（" in run(
        "explain", edited, "--format", fmt, "--lang", "zh").stdout
    assert "EDITED" not in run("explain", copy(tmp_path, "copy.yaml"), "--format", fmt).stdout


@pytest.mark.parametrize("lang, said", [
    ("en", "the rules differ under the same id and version (kam-2014 2014.1): give the edited ruleset a version of "
           "its own\n"),
    ("zh", "编号和版本相同（kam-2014 2014.1），规则却不同：请为修改后的标准另定版本\n")])
def test_diff_says_the_rules_differ_under_the_same_id_and_version(tmp_path, lang, said):
    old, new = copy(tmp_path, "my0.yaml"), copy(tmp_path, "my.yaml", LOWER)
    result = run("diff", old, new, "--lang", lang)
    assert result.exit_code == 1 and result.stdout.endswith(said)
    # Under a version of its own, or the same rules re-spaced or retitled, nothing is said of names.
    versioned = copy(tmp_path, "mine.yaml", LOWER, ('version: "2014.1"', 'version: "2014.1-ours"'))
    spaced = copy(tmp_path, "spaced.yaml", ("en: 3 years in sales", "en: \"3 years  in sales\""))
    retitled = copy(tmp_path, "retitled.yaml", ("source:", "notes: {zh: 本公司副本, en: our copy}\nsource:"))
    for other in (versioned, spaced, retitled):
        result = run("diff", old, other, "--lang", lang)
        assert result.exit_code == 1 and said not in result.stdout, other


def test_lint_warns_of_the_bundled_standard_s_id_and_version_on_other_rules(tmp_path):
    edited = copy(tmp_path, "my.yaml", LOWER)
    result = run("lint", edited, "--strict")
    line = next(i for i, text in enumerate(STANDARD.splitlines(), 1) if text.startswith("version:"))
    assert (f"{edited}:{line}: warning version: has the id and version of the bundled standard (kam-2014 2014.1) but "
            "other rules (rule L1.sales_tenure: condition changed, the only difference): its verdicts are not the "
            "bundled standard's; give the edited ruleset a version of its own\n") in result.stdout
    assert result.exit_code == 1
    zh = run("lint", edited, "--lang", "zh", "-q").stdout
    assert f"{edited}:{line}：警告 version：编号和版本与内置标准相同（kam-2014 2014.1），规则却不同" in zh
    versioned = copy(tmp_path, "mine.yaml", LOWER, ('version: "2014.1"', 'version: "2014.1-ours"'))
    assert " version: " not in run("lint", versioned).stdout
    # A folder whose two editions share an id and version but not their rules.
    ours = editions(tmp_path / "ours", ("id: kam-2014", "id: acme-kam"), ('version: "2020.1"', 'version: "2014.1"'))
    assert (f"{ours / 'kam-2020.yaml'}: warning editions: has the id and version of {ours / 'kam-2014.yaml'} (acme-kam "
            "2014.1) but other rules") in run("lint", ours).stdout
