"""A signed review sheet names what it judged: the sha256 of the dossier as its decision record holds it (the
first 12 digits in the record's name), and the certify that judged it, so an auditor can match the two."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import __version__
from certify.cli import main
from certify.folders import find_dossiers
from certify.load import load_dossier
from sheetdata import fill_workbook, write_csv_set

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]
HEX = re.compile(r"\b[0-9a-f]{64}\b")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def report(paths, out: Path, *more) -> Path:
    result = run("report", *paths, "--out", out, "-q", *more)
    assert result.exit_code in (0, 1), result.output
    return out


def recorded(paths, folder: Path) -> dict[str, tuple[str, dict]]:
    """`certify check --record` on `paths`: applicant id -> (the record's name, the record)."""
    result = run("check", *paths, "--record", folder, "--format", "jsonl")
    assert result.exit_code in (0, 1), result.output
    out = {}
    for path in folder.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        out[record["verdict"]["applicant_id"]] = (path.name, record)
    return out


def sheet(out: Path, ident: str) -> tuple[str, str]:
    return ((out / "sheets" / f"{ident}.md").read_text(encoding="utf-8"),
            (out / "sheets" / f"{ident}.html").read_text(encoding="utf-8"))


def test_a_dossier_files_sheet_names_its_sha256_and_certifys_version_as_its_record_does(tmp_path):
    dossier = EXAMPLES[0]
    ident = load_dossier(dossier).applicant.id
    digest = hashlib.sha256(dossier.read_bytes()).hexdigest()  # what `sha256sum FILE` prints
    name, record = recorded([dossier], tmp_path / "records")[ident]
    assert record["dossier"]["sha256"] == digest and name.startswith(f"{ident}--{digest[:12]}--")
    # the certify that judged, by its version and its code's fingerprint, as the record keeps them (and show says)
    version, code = record["versions"]["certify"], record["versions"]["certify_code"][:12]
    assert version == __version__
    md, html = sheet(report([dossier], tmp_path / "en"), ident)
    assert f"- file: {dossier}\n- dossier sha256: {digest}\n- as of: " in md
    assert f"\n- judged by: certify {version} (code sha256 {code}…)\n" in md
    assert f"<dt>dossier sha256</dt><dd>{digest}</dd>" in html
    assert f"<dt>judged by</dt><dd>certify {version} (code sha256 {code}…)</dd>" in html
    md, html = sheet(report([dossier], tmp_path / "zh", "--lang", "zh"), ident)
    assert f"- 申报材料 sha256：{digest}\n- 截止日期：" in md and f"\n- 评定程序：certify {version}（代码 sha256 {code}…）\n" in md
    assert f"<dt>申报材料 sha256</dt><dd>{digest}</dd>" in html
    assert f"<dt>评定程序</dt><dd>certify {version}（代码 sha256 {code}…）</dd>" in html


def test_the_sha256_is_of_the_bytes_judged_whatever_the_text_says(tmp_path):
    """A byte-order mark or CRLF line ends change the bytes, not the dossier: the sheet names the bytes'
    sha256, as sha256sum and the record do."""
    text = EXAMPLES[0].read_text(encoding="utf-8")
    dossier = tmp_path / "crlf.yaml"
    dossier.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    ident = load_dossier(dossier).applicant.id
    md, _ = sheet(report([dossier], tmp_path / "out"), ident)
    assert HEX.findall(md) == [hashlib.sha256(dossier.read_bytes()).hexdigest()]
    name, _ = recorded([dossier], tmp_path / "records")[ident]
    assert name.startswith(f"{ident}--{HEX.findall(md)[0][:12]}--")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_workbook_applicants_sheet_names_the_digest_of_its_data_as_its_record_does(tmp_path, jobs):
    book = tmp_path / "cycle.xlsx"
    assert run("template", "--xlsx", book, "--force").exit_code == 0
    fill_workbook(book, [load_dossier(p) for p in EXAMPLES[:3]], book)
    records = recorded([book], tmp_path / "records")
    out = report([book], tmp_path / "en", "--jobs", jobs)
    whole = hashlib.sha256(book.read_bytes()).hexdigest()
    assert len(records) == 3
    for ident, (name, record) in records.items():
        digest = record["dossier"]["sha256"]
        assert name.startswith(f"{ident}--{digest[:12]}--") and digest != whole
        md, html = sheet(out, ident)
        said = f"{digest} (of the applicant's data, as in its decision record; not of the spreadsheet's file)"
        assert f"- file: {book}#{ident}\n- dossier sha256: {said}\n" in md
        assert f"<dt>dossier sha256</dt><dd>{said.replace(chr(39), '&#x27;')}</dd>" in html
        assert f"certify {__version__} (code sha256 {record['versions']['certify_code'][:12]}…)" in md and whole not in md


def test_a_csv_set_applicants_sheet_in_chinese_names_the_digest_of_its_data(tmp_path):
    hr = write_csv_set(tmp_path / "hr", [load_dossier(p) for p in EXAMPLES[3:5]], zh=True)
    records = recorded([hr], tmp_path / "records")
    out = report([hr], tmp_path / "zh", "--lang", "zh")
    assert len(records) == 2
    for ident, (_, record) in records.items():
        md, html = sheet(out, ident)
        said = f"{record['dossier']['sha256']}（该申报人的数据，与其判定记录相同；不是表格文件的）"
        assert f"- 申报材料 sha256：{said}\n" in md and f"<dd>{said}</dd>" in html
        assert f"- 评定程序：certify {__version__}（代码 sha256 {record['versions']['certify_code'][:12]}…）\n" in md
