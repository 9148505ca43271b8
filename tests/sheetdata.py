"""Test helper: dossiers written out as spreadsheet rows, the way HR would fill the template.

Rows are written under whatever headers the sheet already has (Chinese or English),
so a workbook made by `certify template` in either language can be filled.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from certify.dossier import Dossier
from certify.sheets import COLUMNS, SECTIONS, SHEETS

# Chinese headers of the four sheets, and a full sales cycle written as one cell.
APPLICANTS = ["申报人编号", "姓名", "申报级别", "截止日期"]
EDUCATION = ["申报人编号", "学历", "毕业时间"]
EMPLOYMENT = ["申报人编号", "单位", "开始", "结束", "销售岗位", "IT行业"]
PROJECTS = ["申报人编号", "项目名称", "金额", "角色", "状态", "销售阶段"]
STAGES = "需求发掘、技术交流、商务采购、合同签订、合同执行、项目回款、项目验收"

KEY_OF = {(c.sheet, name): c.key for c in COLUMNS for name in (c.zh, c.en)}


def _value(value: object, text: bool, zh: bool) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return str(value) if text or value != value.to_integral_value() else int(value)
    if isinstance(value, date):
        return value.isoformat() if text else value
    if isinstance(value, tuple):  # stages
        return ("、" if zh else "|").join(str(v) for v in value) if value else ("无" if zh else "none")
    return str(value) if hasattr(value, "value") else value


def dossier_rows(dossier: Dossier, *, text: bool = False, zh: bool = False) -> dict[str, list[dict]]:
    """One dossier as rows of each sheet, keyed by dossier-v1 keys; counts say which sections are known."""
    a = dossier.applicant
    applicant = {"id": a.id, "name": a.name, "target_level": a.target_level, "as_of": dossier.as_of}
    rows: dict[str, list[dict]] = {"applicants": [applicant]}
    for section in SECTIONS:
        items = getattr(dossier, section)
        rows[section] = []
        if items is None:
            continue  # no rows and no count: the section is not given
        applicant[f"{section}_rows"] = len(items)
        for item in items:
            values = {key: getattr(item, key) for key in type(item).model_fields}
            rows[section].append({"id": a.id, **values})
    return {sheet: [{k: _value(v, text, zh) for k, v in row.items()} for row in sheet_rows]
            for sheet, sheet_rows in rows.items()}


def _headers(sheet: str, zh: bool) -> list[str]:
    return [c.zh if zh else c.en for c in COLUMNS if c.sheet == sheet]


def write_csv_set(folder: str | Path, dossiers: Iterable[Dossier], *, zh: bool = False) -> Path:
    """Write `dossiers` as a CSV set (applicants.csv, education.csv, ...) into `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {s: open(folder / f"{s}.csv", "w", newline="", encoding="utf-8-sig") for s in SHEETS}
    try:
        writers = {s: csv.writer(f) for s, f in files.items()}
        keys = {s: [KEY_OF[(s, h)] for h in _headers(s, zh)] for s in SHEETS}
        for s in SHEETS:
            writers[s].writerow(_headers(s, zh))
        for dossier in dossiers:
            for s, rows in dossier_rows(dossier, text=True, zh=zh).items():
                for row in rows:
                    writers[s].writerow(["" if row.get(k) is None else row[k] for k in keys[s]])
    finally:
        for f in files.values():
            f.close()
    return folder


def fill_workbook(template: str | Path, dossiers: Iterable[Dossier], out: str | Path) -> Path:
    """Fill a workbook made by `certify template` with `dossiers`, under the headers it has."""
    from openpyxl import load_workbook

    book = load_workbook(template)
    zh = book["applicants"]["A1"].value == "申报人编号"
    for dossier in dossiers:
        for sheet, rows in dossier_rows(dossier, zh=zh).items():
            ws = book[sheet]
            keys = [KEY_OF[(sheet, cell.value)] for cell in ws[1]]
            for row in rows:
                ws.append([row.get(k) for k in keys])
    book.save(out)
    return Path(out)


def book(path: Path, sheets: dict[str, list[list]], formats: dict[str, dict[str, str]] | None = None) -> Path:
    """A workbook with these sheets and rows (header row first), saved at `path`; `formats` gives cells
    (by sheet, then coordinate such as "C2") their number formats."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cell, code in (formats or {}).get(name, {}).items():
            ws[cell].number_format = code
    wb.save(path)
    return path


def judge(engine, *paths, **options) -> list:
    """The results of `paths` judged in one batch."""
    from certify.batch import Batch
    from certify.parallel import check_batch

    return list(check_batch(engine, Batch(paths), **options))


def records(results) -> list[dict]:
    """results-v1 records without the file (which names the spreadsheet, not the YAML)."""
    from certify.report import result_record

    out = []
    for r in results:
        record = result_record(r, "en")
        record.pop("file")
        out.append(record)
    return out


def outcome(results) -> list[tuple]:
    """Each result as (id, target status), or ("error", the error) for one that could not be judged."""
    from certify.check import Failure

    return [(r.applicant_id, r.target_status) if not isinstance(r, Failure) else ("error", str(r.error))
            for r in results]


def level_2(path: Path, *, first_id: object = "E1") -> Path:
    """A workbook of two applicants: E1 applies for level 2, which passes only with their second job (sales, IT)
    counted (its id cell holds `first_id`); E2 for level 1."""
    return book(path, {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)], ["E2", "李娜", 1, date(2026, 12, 31)]],
        "education": [EDUCATION, ["E1", "本科", date(2012, 7, 1)], ["E2", "本科", date(2012, 7, 1)]],
        "employment": [EMPLOYMENT, ["E1", "丙公司", date(2012, 8, 1), date(2014, 7, 31), "否", "否"],
                       [first_id, "甲公司", date(2014, 8, 1), None, "是", "是"],
                       ["E2", "乙公司", date(2012, 8, 1), None, "是", "是"]],
        "projects": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", STAGES],
                     ["E2", "医保", "120万", "主导运作", "已完成", STAGES]],
    })
