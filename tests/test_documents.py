"""The committee's documents: what each holds, what the notice hides, and that a folder is whole or absent."""

from __future__ import annotations

import csv
import errno
import gc
import os
import re
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from certify.outfolder import atomic_folder
from certify.batch import Batch
from certify.check import Failure
from certify.documents import DocumentSet, Overview, file_stem, write_documents
from certify.notice import mask_name, notice_level
from certify.editions import open_rulesets
from certify.errors import OutputError, UsageError
from certify.parallel import check_batch

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


@pytest.fixture(scope="module")
def results(engine):
    """The shipped applicants: eleven verdicts and one broken file."""
    return list(check_batch(engine, Batch([ROOT / "applicants"])))


@pytest.fixture(scope="module")
def docs(engine, results, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cycle") / "review"
    write_documents(results, out, engine.editions[-1].ruleset, lang="zh")
    return out


@pytest.fixture(scope="module")
def docs_en(engine, results, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cycle") / "review"
    write_documents(results, out, engine.editions[-1].ruleset, lang="en")
    return out


@pytest.mark.parametrize("name, masked", [
    ("张伟", "张*"), ("张", "张*"), ("李小龙", "李**"), ("欧阳娜娜", "欧阳**"), ("司马光", "司马*"), ("欧阳", "欧*"),
    ("诸葛亮", "诸葛*"), ("John Smith", "J*** *****"), ("", ""), (None, ""),
])
def test_the_notice_shows_a_name_by_its_first_character_or_compound_surname(name, masked):
    assert mask_name(name) == masked


def test_the_notice_lists_a_passed_target_or_else_the_qualified_level(results):
    verdicts = [r for r in results if not isinstance(r, Failure)]
    for v in verdicts:
        expected = (v.target_level if v.target_status == "pass" else 0) if v.target_level else v.qualified_level
        assert notice_level(v) == expected


def test_every_document_is_there(docs, results):
    judged = [r for r in results if not isinstance(r, Failure)]
    assert {p.name for p in docs.iterdir()} == {"index.html", "overview.md", "summary.xlsx", "summary.csv",
                                               "notice.csv", "notice.md", "notice.html", "sheets"}
    assert sorted(p.name for p in (docs / "sheets").iterdir()) == sorted(
        f"{v.applicant_id}.{ext}" for v in judged for ext in ("md", "html"))
    assert not list(docs.parent.glob(".*"))  # no temporary folder left beside it


def test_the_summary_csv_opens_in_excel_with_chinese_text(docs, results):
    raw = (docs / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["申报人编号", "姓名", "文件", "截止日期", "认定级别", "认定级别名称", "1级", "2级", "3级", "4级",
                       "申报级别", "申报级别结果", "错误", "截止日期晚于今天"]
    assert len(rows) == 1 + len(results)
    broken = next(r for r in rows[1:] if r[12])
    assert broken[2].endswith("invalid-misspelt-key.yaml")  # a column of file names: the file alone


def test_the_overview_and_index_name_a_broken_file_at_its_line(docs):
    """As the table and validate name it: the committee opens the file at the line at fault."""
    overview = (docs / "overview.md").read_text(encoding="utf-8")
    assert "| applicants/invalid-misspelt-key.yaml:6 | 未知字段 'employmnet'" in overview.replace(str(ROOT) + "/", "")
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert index.count("invalid-misspelt-key.yaml:6") == 2  # the errors table and the applicants list


def test_the_summary_xlsx_has_the_same_rows_with_numbers_as_numbers(docs, results):
    ws = load_workbook(docs / "summary.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 1 + len(results)
    first = next(r for r in results if not isinstance(r, Failure))
    assert rows[1][0] == first.applicant_id and rows[1][4] == first.qualified_level


def test_the_summary_xlsx_keeps_its_headings_in_view_and_filters_every_row(docs, results):
    # A cycle of hundreds: the committee scrolls with the headings in view and filters the review and fail cases.
    ws = load_workbook(docs / "summary.xlsx").worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{1 + len(results)}"
    assert ws.max_row == 1 + len(results)


def test_the_notice_holds_only_id_masked_name_and_level(docs, results):
    rows = list(csv.reader((docs / "notice.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["序号", "申报人编号", "姓名", "通过级别"]
    listed = [r for r in results if not isinstance(r, Failure) and notice_level(r)]
    assert sorted(r[1] for r in rows[1:]) == sorted(v.applicant_id for v in listed)
    by_id = {v.applicant_id: v for v in listed}
    for _, ident, name, level in rows[1:]:
        assert name == mask_name(by_id[ident].applicant_name) and "*" in name
        assert level.startswith(f"{notice_level(by_id[ident])}级 ")  # 2级 客户经理
    text = (docs / "notice.html").read_text(encoding="utf-8")
    assert all(v.applicant_name not in text for v in listed)


def test_the_overview_counts_levels_statuses_and_blocking_rules(engine, results):
    o = Overview(engine.editions[-1].ruleset, "en")
    for r in results:
        o.add(r)
    verdicts = [r for r in results if not isinstance(r, Failure)]
    assert o.judged == len(verdicts) and len(o.errors) == 1
    assert o.qualified == Counter(v.qualified_level for v in verdicts)
    assert o.level_status[3] == Counter(v.level(3).status for v in verdicts)
    blocking = Counter((rule.rule.id, rule.status) for v in verdicts for lv in v.levels for rule in lv.rules
                       if rule.status != "pass")
    assert {(rid, f, r) for rid, _, f, r in o.blocking_rules()} == {
        (rid, blocking[(rid, "fail")], blocking[(rid, "review")]) for rid, _ in blocking}
    totals = [f + r for _, _, f, r in o.blocking_rules()]
    assert totals == sorted(totals, reverse=True)


def test_a_review_sheet_holds_every_rule_with_its_explanation_and_a_place_to_sign(docs, results):
    v = next(r for r in results if not isinstance(r, Failure))
    text = (docs / "sheets" / f"{v.applicant_id}.md").read_text(encoding="utf-8")
    for lv in v.levels:
        for o in lv.rules:
            assert f"| {o.rule.id} |" in text
    assert "评审委员签字" in text
    html = (docs / "sheets" / f"{v.applicant_id}.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@media print" in html


def test_an_existing_folder_is_kept_unless_forced_and_a_failed_run_leaves_nothing(engine, results, tmp_path):
    out = tmp_path / "docs"
    ruleset = engine.editions[-1].ruleset
    write_documents(results[:2], out, ruleset)
    with pytest.raises(UsageError, match="already exists \\(use --force to replace it\\)"):
        write_documents(results, out, ruleset)

    def broken():
        yield results[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_documents(broken(), out, ruleset, force=True)
    assert len(list((out / "sheets").glob("*.md"))) == 2  # the old folder, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]
    write_documents(results, out, ruleset, force=True)
    assert len(list((out / "sheets").glob("*.md"))) == len(results) - 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_a_replaced_folder_keeps_its_permissions_and_a_new_one_gets_the_umasks(engine, results, tmp_path):
    ruleset = engine.editions[-1].ruleset
    previous = os.umask(0o022)
    try:
        write_documents(results[:1], tmp_path / "new", ruleset)
        private = tmp_path / "private"
        write_documents(results[:1], private, ruleset)
        private.chmod(0o700)  # the committee keeps its documents to itself
        write_documents(results[:2], private, ruleset, force=True)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o755
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert len(list((private / "sheets").glob("*.md"))) == 2


def test_a_folder_named_by_a_link_is_replaced_where_the_link_leads_and_the_link_kept(engine, results, tmp_path):
    ruleset = engine.editions[-1].ruleset
    real = tmp_path / "review-2025"
    write_documents(results[:1], real, ruleset)
    link = tmp_path / "review-latest"
    link.symlink_to("review-2025")
    write_documents(results[:2], link, ruleset, force=True)
    assert link.is_symlink() and os.readlink(link) == "review-2025"
    assert len(list((real / "sheets").glob("*.md"))) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review-2025", "review-latest"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KB file system: too small for a cycle's documents. Needs root and a kernel that lets it mount."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root, or not allowed)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_an_error_naming_the_folder_and_leaves_nothing(engine, results, tiny_disk, monkeypatch):
    ignored = []  # what Python would print as "Exception ignored in ..." when an object is thrown away
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)

    def attempt() -> str:  # the error as text: no frame of the failed write outlives it
        try:
            write_documents(results * 20, tiny_disk / "review", engine.editions[-1].ruleset)
        except OutputError as e:
            return str(e)
        return "written"

    assert attempt() == f"cannot write {tiny_disk / 'review'}: No space left on device"
    assert list(tiny_disk.iterdir()) == []
    gc.collect()  # the workbook's row stream is closed with the rest: nothing complains when it goes
    assert ignored == []


def test_a_write_that_fails_midway_is_an_error_naming_the_folder(engine, results, tmp_path, monkeypatch):
    def add(self, result):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(DocumentSet, "add", add)
    with pytest.raises(OutputError, match=f"cannot write {tmp_path / 'review'}: Input/output error"):
        write_documents(results, tmp_path / "review", engine.editions[-1].ruleset)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_replaced_with_force_stays_in_its_place_when_the_new_one_cannot_be_moved_in(tmp_path, monkeypatch):
    # The last step of --force: the old folder moved aside, the new one moved in. Should that move fail,
    # the old folder is put back, not left in a hidden folder beside its place with nothing there.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "summary.csv").write_text("last cycle\n", encoding="utf-8")
    replace = os.replace

    def failing(src, dst):
        if str(src).endswith(".part"):
            raise OSError(errno.EIO, "Input/output error", str(src))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError, match=f"cannot write {tmp_path / 'docs'}: Input/output error"):
        with atomic_folder(tmp_path / "docs", force=True) as tmp:
            (tmp / "summary.csv").write_text("this cycle\n", encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]
    assert (tmp_path / "docs" / "summary.csv").read_text(encoding="utf-8") == "last cycle\n"


def test_a_file_in_the_way_is_not_replaced(tmp_path):
    (tmp_path / "docs").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="exists and is not a folder"):
        with atomic_folder(tmp_path / "docs", force=True):
            pass


def test_review_sheet_names_are_safe_and_unique():
    taken: set[str] = set()
    assert [file_stem(i, taken) for i in ("E1", "e1", "a/b", "../x", "张伟", "", "CON", "E-0badcafe")] == [
        "E1", "e1-8b5cc4df", "a_b-c14cddc0", "x-d6b96a97", "张伟", "applicant-e3b0c442", "CON-a3dbc4b6",
        "E-0badcafe-d73f81b1"]
    long = file_stem("张" * 300, taken)
    assert long.startswith("张" * 30) and len(long.encode()) <= 100 and long == file_stem("张" * 300, set())


def test_a_review_sheet_is_never_named_after_another_applicants_id(engine, tmp_path):
    # E/1 once took E_1.md, pushing E_1 to E_1-2.md, the name of the applicant E_1-2;
    # a 300-character id made the whole folder fail (File name too long).
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")
    ids = ["E/1", "E_1", "E_1-2", "L" * 300]
    for n, ident in enumerate(ids):
        (tmp_path / f"{n}.yaml").write_text(dossier.replace("id: AP-107", f"id: '{ident}'"), encoding="utf-8")
    results = list(check_batch(engine, Batch(sorted(tmp_path.glob("*.yaml")))))
    write_documents(results, tmp_path / "review", engine.editions[-1].ruleset)
    sheets = {p.stem: p.read_text(encoding="utf-8").splitlines()[0]
              for p in (tmp_path / "review" / "sheets").glob("*.md")}
    owner = {stem: title.removeprefix("# Review sheet: ").removesuffix(" 陈静") for stem, title in sheets.items()}
    assert sorted(owner.values()) == sorted(ids)
    assert owner["E_1"] == "E_1" and owner["E_1-2"] == "E_1-2"  # safe ids keep their names
    for stem, ident in owner.items():
        assert stem == ident or stem not in ids  # a changed name is no applicant's id
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    for stem, ident in owner.items():
        assert f'href="sheets/{stem}.html">{ident}</a>' in index


def test_documents_stream_whatever_the_batch_size(engine, tmp_path):
    from certify.dossier import dossier_from_data
    from certify.check import evaluate
    from certify.synthetic import synthetic_dossiers

    docs = DocumentSet(tmp_path, engine.editions[-1].ruleset, "en")
    for data in synthetic_dossiers(300, seed=5):
        docs.add(evaluate(engine, dossier_from_data(data), file="x"))
    docs.finish()
    assert len(list((tmp_path / "sheets").glob("*.html"))) == 300
    assert len(docs.index) == 300 and docs.overview.judged == 300


def test_an_empty_cycle_says_so_rather_than_leaving_blanks(engine, tmp_path):
    write_documents([], tmp_path / "review", engine.editions[-1].ruleset)
    overview = (tmp_path / "review" / "overview.md").read_text(encoding="utf-8")
    assert "- applicants: 0 (judged 0, could not be judged 0)\n- as of: —\n" in overview
    assert "<dd>—</dd>" in (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    # A notice of nobody says so, rather than being a table's head alone.
    assert (tmp_path / "review" / "notice.md").read_text(encoding="utf-8").endswith(
        "|---:|---|---|---|\n\nNobody is listed this cycle.\n")
    assert "<p>Nobody is listed this cycle.</p>" in (tmp_path / "review" / "notice.html").read_text(encoding="utf-8")
    write_documents([], tmp_path / "zh", engine.editions[-1].ruleset, lang="zh")
    assert (tmp_path / "zh" / "notice.md").read_text(encoding="utf-8").endswith("\n本轮无人列入公示。\n")


def test_english_headings_begin_with_a_capital(docs_en):
    overview = (docs_en / "overview.md").read_text(encoding="utf-8")
    assert "\n## Could not be judged (1)\n" in overview and "## could not" not in overview
    sheet = next((docs_en / "sheets").glob("*.md")).read_text(encoding="utf-8")
    assert "\n## Level 1 Sales Representative: " in sheet
    index = (docs_en / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="errors">Could not be judged (1)</h2>' in index


def test_a_review_sheet_heading_keeps_a_name_with_a_line_break_on_one_line(engine, tmp_path):
    # A name as written in a sheet may hold a line break (Alt+Enter) or a |: the heading stays one heading.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(dossier.replace("name: 陈静", 'name: "陈|静\\n二"'), encoding="utf-8")
    results = list(check_batch(engine, Batch([tmp_path / "a.yaml"])))
    write_documents(results, tmp_path / "review", engine.editions[-1].ruleset)
    lines = (tmp_path / "review" / "sheets" / "AP-107.md").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["# Review sheet: AP-107 陈\\|静 二", ""]


def test_a_name_that_looks_like_html_is_shown_as_written_in_the_markdown_sheets(engine, tmp_path):
    # Left as it is, a Markdown viewer takes <b>…</b> for a tag: the name would show as 王五, in bold.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(dossier.replace("name: 陈静", "name: <b>王</b>五"), encoding="utf-8")
    results = list(check_batch(engine, Batch([tmp_path / "a.yaml"])))
    write_documents(results, tmp_path / "review", engine.editions[-1].ruleset)
    heading = (tmp_path / "review" / "sheets" / "AP-107.md").read_text(encoding="utf-8").splitlines()[0]
    assert heading == "# Review sheet: AP-107 \\<b>王\\</b>五"


def test_a_chart_label_cut_short_never_ends_inside_a_number(docs):
    # 主导运作并完成过金额1000万元… cut to 金额100… would read as another amount: the number goes whole.
    from certify.html import clip

    assert clip("L4.project 主导运作并完成过金额1000万元及以上的项目", 36) == "L4.project 主导运作并完成过金额…"
    assert clip("L3.project led a completed project of 5,000,000 CNY or more", 42) == \
        "L3.project led a completed project of …"
    assert clip("L1.sales_tenure 3年以上", 36) == "L1.sales_tenure 3年以上"  # not cut: as written
    index = (docs / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'text-anchor="end">([^<]*)<title>', index)
    assert any("project" in label and label.endswith("…") for label in labels)
    assert not [label for label in labels if re.search(r"[0-9]…$", label)]


def test_a_folder_made_at_out_while_the_documents_were_written_is_kept_and_said_without_force(tmp_path):
    # Two reports into one new folder at once (two members of the committee): each found no folder when it
    # started, and the one that ended last put its documents in place of the other's, without --force.
    out = tmp_path / "review"
    with pytest.raises(UsageError) as info:
        with atomic_folder(out) as tmp:
            (tmp / "index.html").write_text("mine", encoding="utf-8")
            out.mkdir()  # the other report's, done first
            (out / "index.html").write_text("theirs", encoding="utf-8")
    assert str(info.value) == (f"{out} was made while these documents were written (another certify report into the "
                               "same folder?): it is kept, and these are not written; run again with --force to "
                               "replace it, or into another folder")
    assert info.value.said("zh").startswith(f"{out} 在写入这些评审文件期间被创建")
    assert (out / "index.html").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review"]  # no temporary folder left
    with atomic_folder(out, force=True) as tmp:  # --force replaces it, as ever
        (tmp / "index.html").write_text("mine", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "mine"
