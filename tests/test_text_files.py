"""Every file certify reads as text says so when it is not the text it reads: UTF-16, GBK where only UTF-8 is
read, a zip file or an old Office file; and what to do about it, in English and Chinese."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from samples import LEVEL_2

ROOT = Path(__file__).resolve().parents[1]
UTF16 = ("not UTF-8 text: saved as UTF-16 (Notepad's \"Unicode\"); save the file again as UTF-8 (in Notepad: File, "
         "Save As, Encoding: UTF-8)")
GBK = ("not UTF-8 text: it looks saved as GBK (GB18030), as Notepad saves \"ANSI\" on Chinese Windows; save the file "
       "again as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)")
CSV_UTF16 = ("not UTF-8 or GB18030 text: saved as UTF-16 (Excel's \"Unicode Text\"); save it again as CSV (in Excel: "
             "File, Save As, CSV UTF-8 (Comma delimited))")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(LEVEL_2, encoding="utf-8")
    shutil.copy(ROOT / "certify" / "rulesets" / "kam-2014.yaml", "rules.yaml")
    shutil.copy(ROOT / "certify" / "rulesets" / "kam-2014.tests.yaml", "rules.tests.yaml")
    shutil.copy(ROOT / "docs" / "examples" / "committee-2026-12.yaml", "committee.yaml")
    shutil.copy(ROOT / "docs" / "examples" / "committee-2026-12.csv", "committee.csv")
    return tmp_path


def saved_as(name: str, encoding: str) -> None:
    Path(name).write_bytes(Path(name).read_text(encoding="utf-8").encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gbk"])
@pytest.mark.parametrize("args, name", [
    (["check", "a.yaml", "--ruleset", "rules.yaml"], "rules.yaml"),
    (["test", "rules.yaml"], "rules.tests.yaml"),
    (["check", "a.yaml", "--overrides", "committee.yaml"], "committee.yaml"),
], ids=["ruleset", "case file", "decisions"])
def test_a_yaml_file_saved_as_utf16_or_gbk_says_which_and_how_to_save_it(files, args, name, encoding):
    # A ruleset, a case file and a committee's decisions said only `not UTF-8 text`, where a dossier said which.
    saved_as(name, encoding)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {name}: {GBK if encoding == 'gbk' else UTF16}\n"


def test_lint_says_it_too(files):
    saved_as("rules.yaml", "utf-16")
    result = run("lint", "rules.yaml")
    assert result.exit_code == 2
    assert result.stdout == f"rules.yaml: error ruleset: cannot read the ruleset: {UTF16}\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_csv_file_saved_as_utf16_says_so_and_how_to_save_it_as_csv(files, encoding):
    # Excel's "Unicode Text" is UTF-16. Without its byte-order mark UTF-8 read it as letters and NULs, and the
    # header as unknown columns named i\0d\0.
    Path("hr").mkdir()
    Path("hr", "applicants.csv").write_bytes("id,name\nE1,张伟\n".encode(encoding))
    result = run("check", "hr", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[1] == f'hr/applicants.csv,,,,,,,,,,,,,"applicants.csv: {CSV_UTF16.replace(chr(34), 2 * chr(34))}"'
    saved_as("committee.csv", encoding)
    result = run("check", "a.yaml", "--overrides", "committee.csv")
    assert result.exit_code == 2 and result.stderr == f"Error: committee.csv: {CSV_UTF16}\n"


def test_a_workbook_saved_under_a_text_files_name_is_said_to_be_one(files):
    assert run("template", "--xlsx", "cycle.xlsx").exit_code == 0
    shutil.copy("cycle.xlsx", "b.yaml")
    result = run("validate", "b.yaml", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout == "b.yaml：不是 UTF-8 文本：它是一个 zip 文件（例如 .xlsx 工作簿或 .docx 文档），不是文本文件\n"
    Path("hr").mkdir()
    shutil.copy("cycle.xlsx", Path("hr", "applicants.csv"))
    result = run("check", "hr", "--format", "jsonl")
    assert result.exit_code == 2
    assert '"error":"applicants.csv: not UTF-8 or GB18030 text: it is a zip file (an .xlsx workbook or a .docx ' \
           'document, say), not text; save it again as CSV' in result.stdout
