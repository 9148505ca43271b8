"""The committee's documents and HR's template, printed: on A4, one page wide, headings and page numbers on
every page, each page saying what it is (docs/committees.md, "Printing")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify.cli import main
from certify.columns import width
from samples import COMMITTEE, THREE_LEVELS

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})
    assert result.exit_code in (0, 1, 2), result.output
    return result


def overview_says(folder: Path, key: str) -> str:
    """A fact at the head of overview.md (`- standard: kam-2014 ...`)."""
    text = (folder / "overview.md").read_text(encoding="utf-8")
    return re.search(rf"^- {re.escape(key)}[:：](.*)$", text, re.M).group(1).strip()


def title_of(folder: Path) -> str:
    """The standard's title, as the overview's heading gives it."""
    return re.match(r"# [^:：]+[:：](.*)", (folder / "overview.md").read_text(encoding="utf-8")).group(1).strip()


def prints_one_page_wide_on_a4(ws, orientation: str) -> None:
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, orientation)  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)  # as many pages tall as it takes
    assert ws.print_options.gridLines is True


@pytest.mark.parametrize("lang, summary, standard, as_of, pages", [
    ("en", "Summary", "standard", "as of", "Page &P of &N"),
    ("zh", "汇总表", "标准", "截止日期", "第 &P 页，共 &N 页")])
def test_the_summary_prints_landscape_with_its_headings_and_what_it_is_on_every_page(
        tmp_path, lang, summary, standard, as_of, pages):
    out = tmp_path / "review"
    run("report", ROOT / "applicants", "--out", out, "--lang", lang, "-q")
    ws = load_workbook(out / "summary.xlsx").worksheets[0]
    prints_one_page_wide_on_a4(ws, "landscape")
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddFooter.center.text == pages
    colon = "：" if lang == "zh" else ": "
    assert ws.oddHeader.left.text == f"{summary}{colon}{title_of(out)}"
    assert ws.oddHeader.right.text == f"{standard}{colon}{overview_says(out, standard)}"  # with its sha256
    dates = re.findall(r"\d{4}-\d\d-\d\d", overview_says(out, as_of))
    assert len(dates) > 3  # many dates: the first and the last
    between = " 至 " if lang == "zh" else " to "
    assert ws.oddHeader.center.text == f"{as_of}{colon}{dates[0]}{between}{dates[-1]}"
    # what the sheet holds and how it shows on screen are as they were
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:N{ws.max_row}"
    assert not ws.print_area  # the table is the whole sheet


# The A4 landscape page's width at Excel's Narrow margins (0.25 in either side), in column widths: some 7 pixels each
# at 96 dots an inch. A summary's columns fitted to it print at this over their sum.
PRINTABLE = (297 / 25.4 - 2 * 0.25) * 96 / 7


def lines_of(heading: str, w: float) -> list[str]:
    """An English heading as it wraps at its spaces in a column `w` wide (a margin of 2 either side of the text)."""
    lines = [heading.split()[0]]
    for word in heading.split()[1:]:
        if width(f"{lines[-1]} {word}") <= w - 2:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


@pytest.mark.parametrize("lang, error, decisions, file, ahead", [
    ("en", "error", "committee override", "file", "as of after today"),
    ("zh", "错误", "评审委员会决定", "文件", "截止日期晚于今天")])
def test_the_summary_columns_are_wide_enough_to_read_and_the_long_texts_wrap(tmp_path, lang, error, decisions,
                                                                                file, ahead):
    (tmp_path / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    out = tmp_path / "review"
    run("report", ROOT / "applicants", "--out", out, "--lang", lang, "--overrides", tmp_path / "committee.yaml", "-q")
    ws = load_workbook(out / "summary.xlsx").worksheets[0]
    head = [c.value for c in ws[1]]
    widths = {h: ws.column_dimensions[c.column_letter].width for h, c in zip(head, ws[1])}
    # the headings wrap from the top of their row, the filter's button at its foot: no heading is cut
    assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in ws[1])
    assert 30 <= ws.row_dimensions[1].height <= 45  # two or three lines
    if lang == "en":
        for h, w in widths.items():  # no word cut; where a heading fills the row, its button beside its last line
            lines = lines_of(h, w)
            assert all(width(line) + 2 <= w for line in lines), (h, w)
            needs = len(lines) + (width(lines[-1]) + 3 > w)
            assert ws.row_dimensions[1].height >= 15 * needs and needs <= 3, (h, w)
    else:  # a Chinese heading breaks between its terms, each whole on its line, wherever it breaks
        terms = {"申报人编号": (3,), "截止日期晚于今天": (4, 6), "认定级别名称": (4,), "申报级别结果": (4,),
                 "评审委员会决定": (5,), "截止日期": (), "认定级别": (), "申报级别": ()}
        for h, between in terms.items():
            per_line = int(widths[h] - 2) // 2  # characters on a line
            assert all(k in between for k in range(per_line, len(h), per_line)), (h, widths[h])
        assert all(widths[f"{n}级"] >= width(f"{n}级") + 2 for n in range(1, 5))
    # short texts in narrow columns: a level's status, its number, a date
    statuses = {c for row in ws.iter_rows(min_row=2, values_only=True) for c in row[6:10] if c}
    assert all(widths[head[i]] >= max(map(width, statuses)) + 2 for i in range(6, 10))
    assert all(widths[head[i]] <= 11 for i in (4, *range(6, 11)))  # not as wide as their headings in a line
    assert widths[head[3]] >= 12  # 2025-12-31
    assert widths[error] >= 20 and widths[decisions] >= 16 and widths[ahead] >= 13
    assert widths[head[0]] >= 12 and widths[head[2]] >= 27  # an id, a file's path (applicants/chen-jing.yaml)
    level_names = [row[5] for row in ws.iter_rows(min_row=2, values_only=True) if row[5]]
    assert all(widths[head[5]] >= width(n) + 2 for n in level_names)  # each level's name whole
    # on A4 landscape the table prints at 70% of its size or more, with the committee's decisions too
    assert PRINTABLE / sum(widths.values()) >= 0.70
    column = {h: i for i, h in enumerate(head)}
    wrapped = [row[column[h]] for row in ws.iter_rows(min_row=2) for h in (error, decisions) if row[column[h]].value]
    assert len(wrapped) == 2 and all(c.alignment.wrap_text for c in wrapped)  # the error, the decision
    assert all(c.alignment.wrap_text for c in ws[f"{ws.cell(1, column[file] + 1).column_letter}"][1:])  # paths
    assert not any(c.alignment.wrap_text for c in ws[2] if c.column - 1 not in (column[file], column[ahead]))
    assert ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize("lang, signed", [("en", r"Signed: _{20,} +Date: _{10,}"),
                                          ("zh", r"评审委员签字：_{20,} +日期：_{10,}")])
def test_every_page_of_the_summary_has_a_line_to_sign_on_with_room_for_the_hand(tmp_path, lang, signed):
    out = tmp_path / "review"
    run("report", ROOT / "applicants", "--out", out, "--lang", lang, "-q")
    ws = load_workbook(out / "summary.xlsx").worksheets[0]
    assert re.fullmatch(signed, ws.oddFooter.right.text)  # as the review sheets word it, on the right: 落款
    assert ws.oddFooter.center.text == ("Page &P of &N" if lang == "en" else "第 &P 页，共 &N 页")
    m = ws.page_margins  # inches: narrow at the sides (Excel's "Narrow"), so the table prints as large as it can
    assert (m.left, m.right, m.top, m.header, m.footer) == (0.25, 0.25, 0.75, 0.3, 0.3)
    assert m.bottom - m.footer >= 0.6  # some 15 mm between the last row and the signature line
    # the header and footer are not shrunk with a table fitted to the page's width: legible, and the line
    # long enough to sign on, at 9 points
    assert ws.HeaderFooter.scaleWithDoc is False
    parts = [ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.center, ws.oddFooter.right]
    assert {p.size for p in parts} == {9}


def test_a_summary_of_one_date_names_it_and_an_ampersand_in_the_title_prints_as_one(tmp_path):
    (tmp_path / "acme.yaml").write_text(THREE_LEVELS.replace("A fictional company's sales grading standard",
                                                             "Sales & Service &P grades"), encoding="utf-8")
    out = tmp_path / "review"
    run("report", ROOT / "applicants" / "wu-jing.yaml", "--ruleset", tmp_path / "acme.yaml", "--out", out, "-q")
    ws = load_workbook(out / "summary.xlsx").worksheets[0]
    assert ws.oddHeader.left.text == "Summary: Sales && Service &&P grades"  # not the page's number
    assert ws.oddHeader.center.text == "as of: 2023-12-31"  # as wu-jing.yaml has it
    assert ws.oddHeader.right.text.startswith("standard: acme-2024 2024.1 (sha256 ")


def test_a_header_too_long_for_excel_is_cut(tmp_path):
    (tmp_path / "long.yaml").write_text(THREE_LEVELS.replace("A fictional company's sales grading standard",
                                                             "A standard " * 40), encoding="utf-8")
    out = tmp_path / "review"
    run("report", ROOT / "applicants" / "wu-jing.yaml", "--ruleset", tmp_path / "long.yaml", "--out", out, "-q")
    ws = load_workbook(out / "summary.xlsx").worksheets[0]
    header = ws.oddHeader
    assert len(str(header)) <= 255  # what Excel keeps, as written: its codes (&L&9 ...) too
    assert header.left.text.startswith("Summary: A standard A standard") and header.left.text.endswith("…")
    assert header.right.text.startswith("standard: acme-2024 2024.1")


def test_a_cycle_nobody_could_be_judged_in_says_no_standard_or_date_it_was_not_judged_by(tmp_path):
    (tmp_path / "broken.yaml").write_text("applicant: {id: X1}\nemployment: [{strat: 2020-01-01}]\n",
                                          encoding="utf-8")
    out = tmp_path / "review"
    run("report", tmp_path / "broken.yaml", "--out", out, "--lang", "zh", "-q")
    header = load_workbook(out / "summary.xlsx").worksheets[0].oddHeader
    assert header.left.text.startswith("汇总表：")
    assert (header.center.text, header.right.text) == (None, None)


@pytest.mark.parametrize("lang, pages", [("en", "Page &P of &N"), ("zh", "第 &P 页，共 &N 页")])
def test_the_template_prints_each_sheet_with_its_name_and_headings_on_every_page(tmp_path, lang, pages):
    run("template", "--xlsx", tmp_path / "cycle.xlsx", "--lang", lang)
    book = load_workbook(tmp_path / "cycle.xlsx")
    wide = {"applicants": "landscape", "education": "portrait", "employment": "portrait", "projects": "landscape",
            "notes": "landscape"}
    for ws in book.worksheets:
        prints_one_page_wide_on_a4(ws, wide[ws.title])
        assert (ws.oddHeader.left.text, ws.oddHeader.right.text) == ("&A", "&F")  # the sheet's and the file's name
        assert ws.oddFooter.center.text == pages
        assert ws.oddFooter.right.text is None  # HR's template is not signed
        assert (ws.page_margins.left, ws.page_margins.bottom, ws.HeaderFooter.scaleWithDoc) == (0.25, 0.75, False)
        assert ws.print_title_rows == (None if ws.title == "notes" else "$1:$1")
        assert ws.freeze_panes == (None if ws.title == "notes" else "A2")
    notes = book["notes"]
    meanings = [row[4] for row in notes.iter_rows() if row[4].value]
    assert len(meanings) > 20 and all(c.alignment.wrap_text for c in meanings)  # printed whole, in its column
    assert notes["A1"].alignment.wrap_text is not True  # the lines above the table run across it, as before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_columns_fit_their_headings_and_examples_as_they_show_on_screen(tmp_path, lang):
    # Measured in the columns a Chinese character takes (two), not in characters: 项目名称's example 某省政务云平台
    # shows whole, and an English heading is not given the room of a Chinese one twice its length.
    run("template", "--xlsx", tmp_path / "cycle.xlsx", "--lang", lang)
    for ws in load_workbook(tmp_path / "cycle.xlsx").worksheets[:-1]:
        for heading, example in zip(ws[1], ws[2]):
            shown = width(heading.value) + 4  # beside its filter's button
            text = "2026-12-31" if example.is_date else "" if example.value is None else str(example.value)
            whole = min(width(text) + 2, 40)  # a longer example (the stages) is cut on screen at 40
            w = ws.column_dimensions[heading.column_letter].width
            assert max(shown, whole) <= w <= max(shown, whole, 10), (ws.title, heading.value, example.value, w)


def style_of(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    assert text.count("<style>") == text.count("</style>") == 1
    return text[text.index("<style>"):text.index("</style>")]


@pytest.mark.parametrize("lang, pages", [("en", '"Page " counter(page) " of " counter(pages)'),
                                         ("zh", '"第 " counter(page) " 页，共 " counter(pages) " 页"')])
def test_the_html_documents_print_on_a4_each_page_saying_what_it_is_and_its_number(tmp_path, lang, pages):
    out = tmp_path / "review"
    run("report", ROOT / "applicants", "--out", out, "--lang", lang, "-q")
    colon = "：" if lang == "zh" else ": "
    standard, as_of = ("标准", "截止日期") if lang == "zh" else ("standard", "as of")
    sheet = style_of(out / "sheets" / "AP-107.html")
    assert "@page{size:A4;margin:18mm 15mm}" in sheet
    title = "评审表：AP-107 陈静" if lang == "zh" else "Review sheet: AP-107 陈静"
    assert f'@top-left{{content:"{title}";' in sheet
    assert f'@top-right{{content:"{as_of}{colon}2025-12-31";' in sheet  # as chen-jing.yaml has it
    assert f'@bottom-left{{content:"{standard}{colon}{overview_says(out, standard)}";' in sheet
    assert f"@bottom-right{{content:{pages};" in sheet
    # the signature stays with the last rows of its table; a table's headings head each page it runs onto
    assert ".sign{break-before:avoid}" in sheet and "thead{display:table-header-group}" in sheet
    index = style_of(out / "index.html")
    overview = ("评审概况：" if lang == "zh" else "Cycle overview: ") + title_of(out)
    assert f'@top-left{{content:"{overview}";' in index
    dates = re.findall(r"\d{4}-\d\d-\d\d", overview_says(out, as_of))
    between = " 至 " if lang == "zh" else " to "
    assert f'@top-right{{content:"{as_of}{colon}{dates[0]}{between}{dates[-1]}";' in index
    assert "svg.chart{max-width:100%;height:auto}" in index  # a chart fits the page's width
    notice = style_of(out / "notice.html")
    assert '@top-left{content:"' in notice and "@top-right" not in notice  # the notice says no date: nor does its page
    assert f"@bottom-right{{content:{pages};" in notice


@pytest.mark.parametrize("lang, signed", [("en", "Signed: ______________ &nbsp; Date: ______________"),
                                          ("zh", "评审委员签字：______________ &nbsp; 日期：______________")])
@pytest.mark.parametrize("who", ["applicants", "applicants/zhao-lei.yaml"])  # a notice of seven; of nobody
def test_the_printed_notice_ends_with_the_committees_signature(tmp_path, lang, signed, who):
    out = tmp_path / "review"
    run("report", ROOT / who, "--out", out, "--lang", lang, "-q")
    page = (out / "notice.html").read_text(encoding="utf-8")
    body = page[page.index("<body>"):]
    assert body.count('<div class="sign">') == 1 and signed in body
    assert body.index('<div class="sign">') > body.index("</table>")  # under the list, kept with its last rows
    assert ".sign{break-before:avoid}" in style_of(out / "notice.html")


def test_a_name_in_the_margin_cannot_end_the_pages_style(tmp_path):
    dossier = (ROOT / "applicants" / "wu-jing.yaml").read_text(encoding="utf-8")
    (tmp_path / "odd.yaml").write_text(dossier.replace("name: 吴静", 'name: "吴\\"}</style><b>静\\\\"'), encoding="utf-8")
    out = tmp_path / "review"
    run("report", tmp_path / "odd.yaml", "--out", out, "-q")
    sheet = style_of(out / "sheets" / "AP-109.html")  # one <style>, closed once
    assert '@top-left{content:"Review sheet: AP-109 吴\\22 }\\3c /style\\3e \\3c b\\3e 静\\5c ";' in sheet
