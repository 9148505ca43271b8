"""The templates to fill in: the empty workbook a committee hands to HR (the four sheets' headers, an
example row each, and notes), and an applicant's commented dossier file.

The example rows' id begins with # (#E1024): rows like that are notes, never
applicants, so the examples may stay in a filled workbook. The `notes` sheet
explains every column; it is made from sheets.COLUMNS, so it cannot drift from
what certify reads.
"""

from __future__ import annotations

import io
import re
import shlex
import sys
from datetime import date
from pathlib import Path

from .atomic import atomic_write, is_stream
from .columns import width
from .errors import Message, UsageError, levels_of, say
from .printing import landscape, margin_text, page_setup
from .scratch import failed
from .sheets import COLUMNS, SHEET_ZH, SHEETS, Column, columns_of

NARROWEST, WIDEST = 10, 40  # a template column's width in Excel's units, at least and at most for its example
TEMPLATES = Path(__file__).resolve().parent / "templates"  # the dossier templates, one per language

# (sheet, key) -> (zh, en): what a column means and what may be written in it.
NOTES: dict[tuple[str, str], tuple[str, str]] = {
    ("applicants", "id"): ("申报人编号（工号或申报编号），每人唯一；其他工作表用它关联到本人。以 # 开头的行是说明，不参与评定。",
                           "The applicant's staff or application number, unique; the other sheets link to it. "
                           "A row whose id begins with # is a note, never judged."),
    ("applicants", "name"): ("姓名。公示名单只显示首字（复姓显示前两字），其余以 * 代替。",
                             "The name. The public notice shows only its first character (both of a "
                             "two-character surname such as 欧阳), the rest as *."),
    ("applicants", "target_level"): ("申报级别，{levels} 的整数（也可写“2级”“二级”或级别的名称{names}）。",
                                     "The level applied for, a whole number {levels} (or the level's name{names})."),
    ("applicants", "as_of"): ("截止日期，日期格式或 YYYY-MM-DD 文本；不填则用命令行 --as-of 或当天。",
                              "The cut-off date: an Excel date or YYYY-MM-DD text; empty: --as-of, else today."),
    ("applicants", "education_rows"): ("学历工作表中此人的行数（选填）。填 0 表示“没有学历”（不符合）；不填且没有行表示“未提供”（待核实）；填了但与实际行数不符即报错。",
                                       "How many education rows this applicant has (optional). 0 means none "
                                       "(fail); empty with no rows means not given (review); a number that "
                                       "does not match the rows is an error."),
    ("applicants", "employment_rows"): ("工作经历工作表中此人的行数（选填），规则同学历条数。",
                                        "How many employment rows (optional), read like education_rows."),
    ("applicants", "projects_rows"): ("项目经历工作表中此人的行数（选填），规则同学历条数。",
                                      "How many project rows (optional), read like education_rows."),
    ("education", "degree"): ("学历：专科/大专、本科、硕士、博士（或 associate, bachelor, master, doctorate）。",
                              "associate, bachelor, master or doctorate (专科/大专, 本科, 硕士, 博士)."),
    ("education", "graduated"): ("毕业时间，日期。", "The graduation date."),
    ("education", "mode"): ("学习形式：全日制（默认）或非全日制。", "full_time (the default) or part_time (全日制/非全日制)."),
    ("employment", "employer"): ("工作单位。", "The employer."),
    ("employment", "start"): ("开始日期。", "The first day."),
    ("employment", "end"): ("结束日期（含当日）；在职则不填。", "The last day, inclusive; empty for the current job."),
    ("employment", "sales"): ("是否销售岗位：是/否。此列必须存在；空单元格按“否”计。",
                              "A sales role: yes or no. The column must be there; an empty cell is no."),
    ("employment", "it"): ("是否IT行业：是/否。此列必须存在；空单元格按“否”计。",
                           "In the IT industry: yes or no. The column must be there; an empty cell is no."),
    **{(sheet, "applicant_name"): ("可选（模板中没有此列）：申报人姓名，与申报人表中该编号的姓名核对，不一致即报错（该行编号可能填错）。",
                                   "Optional (not in the template): the applicant's name, checked against the name the "
                                   "applicants sheet gives the id; another name is an error (the row's id may be wrong).")
       for sheet in ("education", "employment", "projects")},
    ("projects", "name"): ("项目名称。", "The project's name."),
    ("projects", "amount"): ("项目金额（元）：6200000、620万、1.2亿、¥6,200,000、RMB 6,200,000、6200000元整 均可；"
                             "约数、区间和外币不读；不填为“未提供”。",
                             "The amount in yuan: 6200000, 620万, 1.2亿, ¥6,200,000, RMB 6,200,000 or 6200000元整; "
                             "not an approximate amount, a range or another currency; empty: not given."),
    ("projects", "role"): ("角色：主导运作 或 参与（lead / member）。", "lead or member (主导运作/参与)."),
    ("projects", "status"): ("项目状态：已完成、进行中、丢单、已取消。", "completed, in_progress, lost or cancelled."),
    ("projects", "stages"): ("经历的销售阶段，用 、 , ; | 或换行分隔：需求发掘、技术交流、商务采购、合同签订、合同执行、项目回款、项目验收。写“无”表示一个阶段也没有；不填为“未提供”。",
                             "The sales stages gone through, separated by 、 , ; | or line breaks. Write none for no "
                             "stage at all; empty: not given."),
    ("projects", "designation"): ("评审委员会认定的等级：行业(区域)大型项目 或 行业(区域)重点项目（选填）。",
                                  "industry_large or industry_key, as the committee recognised it (optional)."),
    ("projects", "designation_ref"): ("认定依据，例如“评审委员会纪要 2025-03”；没有依据的认定须待核实。",
                                      "The committee record of the designation; without it the designation "
                                      "is for review."),
}
for _sheet in SHEETS[1:]:
    NOTES[(_sheet, "id")] = ("申报人编号，须与申报人工作表中的编号一致。", "The applicant's id, as in the applicants sheet.")

GENERAL = (
    ("每个工作表第1行是列名，可用中文或英文；列名以 # 开头的列是备注，不读。",
     "Row 1 of each sheet holds the headers, in Chinese or English; a column whose header begins with # is a note."),
    ("空单元格表示“未提供”。某人在学历、工作经历或项目经历表中没有行，该部分即为“未提供”，相关条件待核实；要表示“没有”，请在申报人表的条数列填 0。",
     "An empty cell is 'not given'. No rows for an applicant in a sheet means that section is not given "
     "(review); to say 'none', write 0 in the applicants sheet's rows column."),
    ("日期可用 Excel 日期，或年份在前、写明年月日的文本：2019-01-01、2019/1/1、2019.1.1、2019年1月1日；"
     "只写年月的（2019年1月）和年份不在前面的（1/2/2019）都不能读取。是/否 可写 是/否、yes/no、true/false、1/0、√/×。",
     "Dates: Excel dates, or text giving year, month and day, year first: 2019-01-01, 2019/1/1, 2019.1.1, "
     "2019年1月1日; a month without its day (2019年1月), or a date day or month first (1/2/2019), is not read. "
     "Yes/no: 是/否, yes/no, true/false, 1/0 or √/×."),
    ("一行出错只影响该申报人；错误会指明工作表、行号和列名。",
     "A bad row spoils only its applicant; errors name the sheet, the row and the column."),
)

_REQUIRED_CELL = {("applicants", "id"), ("education", "degree"), ("education", "graduated"),
                  ("employment", "start"), ("projects", "name"), ("projects", "role"), ("projects", "status")} | {
                     (s, "id") for s in SHEETS[1:]}

_STAGES_ZH = "需求发掘、技术交流、商务采购、合同签订、合同执行、项目回款、项目验收"
_STAGES_EN = "discovery|technical_exchange|procurement|contract_signing|contract_execution|payment_collection|acceptance"

# (zh, en) example values per sheet, in column order.
EXAMPLES: dict[str, list[tuple[object, object]]] = {
    "applicants": [("#E1024", "#E1024"), ("张伟", "Zhang Wei"), (2, 2), (date(2026, 12, 31),) * 2,
                   (None, None), (None, None), (None, None)],
    "education": [("#E1024", "#E1024"), ("本科", "bachelor"), (date(2014, 7, 1),) * 2, ("全日制", "full_time")],
    "employment": [("#E1024", "#E1024"), ("北京A科技有限公司", "北京A科技有限公司"), (date(2014, 8, 1),) * 2,
                   (None, None), ("是", "yes"), ("是", "yes")],
    "projects": [("#E1024", "#E1024"), ("某省政务云平台", "某省政务云平台"), ("620万", 6200000),
                 ("主导运作", "lead"), ("已完成", "completed"), (_STAGES_ZH, _STAGES_EN), (None, None), (None, None)],
}

_CHOICES = {
    "zh": {"degree": "专科,本科,硕士,博士", "mode": "全日制,非全日制", "role": "主导运作,参与",
           "status": "已完成,进行中,丢单,已取消", "designation": "行业(区域)大型项目,行业(区域)重点项目",
           "sales": "是,否", "it": "是,否"},
    "en": {"degree": "associate,bachelor,master,doctorate", "mode": "full_time,part_time", "role": "lead,member",
           "status": "completed,in_progress,lost,cancelled", "designation": "industry_large,industry_key",
           "sales": "yes,no", "it": "yes,no"},
}


def header(column: Column, lang: str) -> str:
    """A column's header in the template's language."""
    return column.zh if lang == "zh" else column.en


def _required(column: Column, lang: str) -> str:
    if (column.sheet, column.key) in _REQUIRED_CELL:
        return "必填" if lang == "zh" else "required"
    if column.required:
        return "须有此列" if lang == "zh" else "column required"
    return "选填" if lang == "zh" else "optional"


def levels_text(top: int) -> str:
    """The levels a target level may name: '1-4' for a standard of four, '1' for one of one."""
    return levels_of(top)


def shell_path(path: str | Path) -> str:
    """A path as the commands certify says to run next write it: quoted for a shell where it must be (a space in
    it), so that a command copied runs as said."""
    return shlex.quote(str(path))


def ruleset_option(ruleset: str | Path | None) -> str:
    """' --ruleset PATH' for the commands a template says to run next, when it is for a standard given with
    --ruleset (a ruleset file or a folder of editions), quoted for a shell where it must be (shell_path); '' for
    the bundled one, which they judge by anyway."""
    return "" if ruleset is None else f" --ruleset {shell_path(ruleset)}"


def dossier_template(lang: str, top: int, ruleset: str | Path | None = None, path: str | Path | None = None,
                     names: Message | None = None) -> str:
    """The commented dossier template, its target level within the `top` levels of the standard (`names`: by
    number and name, check.level_list, on a comment line below), and the commands it says to run naming the file
    it is written to (`path`, quoted for a shell where it must be; a fixed name, my-dossier.yaml or 我的材料.yaml,
    when it goes to standard output) and that standard when it is given (`ruleset`)."""
    text = (TEMPLATES / f"dossier-{lang}.yaml").read_text(encoding="utf-8")
    example = "2" if top >= 2 else "1"
    text = re.sub(r"(#     certify (?:validate|check) )(\S+)( +#)",
                  lambda m: f"{m[1]}{m[2] if path is None else shell_path(path)}{ruleset_option(ruleset)}{m[3]}",
                  text)
    listed = "" if names is None else (f"（{names.zh}）" if lang == "zh" else f" ({names})")
    return re.sub(r"( *)(target_level: )2( +)(#.*?)1-4\n",
                  lambda m: f"{m[1]}{m[2]}{example}{m[3]}{m[4]}{levels_text(top)}\n"
                  + (f"{' ' * (len(m[1] + m[2]) + 1 + len(m[3]))}#{listed}\n" if listed else ""), text)


def build_template(lang: str = "en", top: int = 4, names: Message | None = None):
    """The template as an openpyxl Workbook (not saved), for a standard of `top` levels (`names`: by number and
    name, check.level_list, which the notes list)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    bold, example = Font(bold=True), Font(italic=True, color="808080")
    pick = 0 if lang == "zh" else 1
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        columns = [c for c in columns_of(sheet) if c.template]
        ws.append([header(c, lang) for c in columns])
        ws.append([value[pick] for value in EXAMPLES[sheet]])
        for i, column in enumerate(columns, 1):
            letter = get_column_letter(i)
            ws[f"{letter}1"].font = bold
            ws[f"{letter}2"].font = example
            if column.kind == "date":
                ws[f"{letter}2"].number_format = "yyyy-mm-dd"
            ws.column_dimensions[letter].width = _column_width(header(column, lang), ws[f"{letter}2"].value,
                                                          column.kind == "date")
            choices = _CHOICES[lang].get(column.key) if column.kind in ("choice", "bool") else None
            if choices:
                check = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=False)
                check.add(f"{letter}2:{letter}100000")
                ws.add_data_validation(check)
        ws.freeze_panes = "A2"
        print_as_named(ws, lang, [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1)])
    notes = book.create_sheet("notes")
    titles = (("说明", "", "", "", "") if lang == "zh" else ("notes", "", "", "", ""))
    notes.append(titles)
    for zh, en in GENERAL:
        notes.append([zh if lang == "zh" else en])
    notes.append([])
    notes.append(["工作表", "列名（中文）", "column (English)", "是否必填", "说明"] if lang == "zh"
                 else ["sheet", "column (中文)", "column (English)", "required", "meaning"])
    for column in COLUMNS:  # also those a sheet may add (the applicant's name in a child sheet)
        listed = ("", "") if names is None else (f"：{names.zh}", f": {names}")
        zh, en = (note.replace("{levels}", levels_text(top)).replace("{names}", listed[i])
                  for i, note in enumerate(NOTES[(column.sheet, column.key)]))
        sheet = f"{column.sheet}（{SHEET_ZH[column.sheet]}）" if lang == "zh" else column.sheet
        notes.append([sheet, column.zh, column.en, _required(column, lang), zh if lang == "zh" else en])
    for row in (notes[1], notes[len(GENERAL) + 3]):
        for cell in row:
            cell.font = bold
    for letter, columns in zip("ABCDE", (18, 16, 18, 12, 90)):
        notes.column_dimensions[letter].width = columns
    for row in notes.iter_rows(min_row=len(GENERAL) + 3):  # a long meaning wraps in its column, as it prints
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column_letter == "E")
    print_as_named(notes, lang, (18, 16, 18, 12, 90), heading_rows=None)
    return book


def _column_width(heading: str, example, dated: bool) -> float:
    """A column's width in Excel's units (about one per Latin character, two per Chinese one): its heading
    whole, beside its filter's button, and its example (a date as yyyy-mm-dd, in a date column even when it
    has none) whole up to WIDEST (a long example, the stages, is cut there on screen, all of it in its cell)."""
    shown = "2026-12-31" if dated else "" if example is None else str(example)
    return max(NARROWEST, width(heading) + 4, min(width(shown) + 2, WIDEST))


def print_as_named(ws, lang: str, widths, heading_rows: str | None = "1:1") -> None:
    """How a sheet of the template prints (printing.py), each page headed by the sheet's name and the workbook's
    file name, whatever HR names them (&A, &F)."""
    page_setup(ws, lang, wide=landscape(widths), heading_rows=heading_rows)
    margin_text(ws.oddHeader.left, "&A")
    margin_text(ws.oddHeader.right, "&F")


def _in_memory(book) -> io.BytesIO:
    """`book` saved into memory; openpyxl writes each sheet to a temporary file of its own first, whose failure
    (no folder for it, a full one) is said as that (scratch.failed), not as the output's."""
    made = io.BytesIO()
    try:
        book.save(made)
    except OSError as exc:
        raise failed(exc) from None
    return made


def write_template(path: str | Path, *, lang: str = "en", force: bool = False, top: int = 4,
                   names: Message | None = None) -> Path:
    """Write the template workbook to `path`, whole or not at all (an existing file only with force).

    `path` is named .xlsx (what `certify check` reads as a workbook), unless it is a
    device or pipe (`/dev/stdout`), or - for standard output. `top` is the number of levels of the standard it is
    for, `names` its levels by number and name (check.level_list). The workbook is made in memory first, so that a write that fails (a full disk)
    leaves no half-made zip behind to complain.
    """
    if str(path) == "-":  # standard output, as -o - elsewhere: into a pipe or a file, never onto a terminal
        out = sys.stdout.buffer
        if out.isatty():
            raise UsageError(Message("--xlsx -: standard output is a terminal, which cannot show a workbook: redirect "
                                     "it (> cycle.xlsx) or name the file", "--xlsx -：标准输出是终端，无法显示工作簿："
                                     "请重定向（> cycle.xlsx）或写出文件名"))
        made = _in_memory(build_template(lang, top, names))
        out.write(made.getvalue())
        out.flush()
        return Path("-")
    path = Path(path)
    if path.suffix.lower() != ".xlsx" and not is_stream(path):
        raise UsageError(say("{p}: a workbook is read by its name ending .xlsx: name it {s}.xlsx",
                             "{p}：工作簿须以 .xlsx 结尾才能读取：请命名为 {s}.xlsx", p=path, s=path.stem))
    made = _in_memory(build_template(lang, top, names))
    with atomic_write(path, force=force, mode="wb") as f:
        f.write(made.getvalue())
    return path
