"""The words of the committee's documents (certify report): the summary's and the review sheets' headings, the
overview's, the notice's and the index's, in Chinese and English.
"""

from __future__ import annotations

from .explain import capital

WORDS = {
    "zh": {"summary": "汇总表", "sheet": "评审表", "notice": "公示名单", "overview": "评审概况", "index": "评审材料",
           "id": "申报人编号", "name": "姓名", "file": "文件", "as_of": "截止日期", "qualified": "认定级别",
           "qualified_name": "认定级别名称", "target": "申报级别", "target_status": "申报级别结果", "error": "错误",
           "level": "{n}级", "rule": "规则", "clause": "条款", "requirement": "要求", "status": "结果",
           "explanation": "说明", "passed": "通过级别", "no": "序号", "ruleset": "标准", "none": "未达到任何级别",
           "count": "人数", "total": "合计", "applicants": "申报人", "judged": "已评定", "errors": "无法评定",
           "blocking": "最常见的未通过规则（不符合或待核实，按规则计人数）", "by_level": "各认定级别人数",
           "level_status": "各级别结果", "no_target": "未申报级别", "decision": "评审委员会意见",
           "signature": "评审委员签字", "date": "日期", "sheets": "评审表（每人一份）",
           "notice_rule": "仅列出通过所申报级别者（未申报级别者按认定级别）；姓名仅显示首字（复姓前两字）。",
           "notice_none": "本轮无人列入公示。", "override": "评审委员会决定",
           "ahead": "截止日期晚于今天", "ahead_cell": "是（今天：{t}）",
           "ahead_count": "{n} 人（今天：{t}）；{what}", "sha256": "申报材料 sha256",
           "data_sha256": "{h}（该申报人的数据，与其判定记录相同；不是表格文件的）", "judged_by": "评定程序",
           "undated": "未给出截止日期", "sets_unread": "；另有 {n} 份申报表整套未能读取，其中的申报人未计入",
           "undated_count": "{n} 人，按评定当日（今天：{t}）评定：另一天再运行，结果可能不同；请填写其截止日期"},
    "en": {"summary": "Summary", "sheet": "Review sheet", "notice": "Public notice", "overview": "Cycle overview",
           "index": "Committee documents", "id": "id", "name": "name", "file": "file", "as_of": "as of",
           "qualified": "qualified level", "qualified_name": "qualified level name", "target": "target level",
           "target_status": "target status", "error": "error", "level": "level {n}", "rule": "rule",
           "clause": "clause", "requirement": "requirement", "status": "status", "explanation": "explanation",
           "passed": "level passed", "no": "no.", "ruleset": "standard", "none": "none", "count": "applicants",
           "total": "total", "applicants": "applicants", "judged": "judged", "errors": "could not be judged",
           "blocking": "Rules that block the most applicants (fail or review, applicants per rule)",
           "by_level": "Applicants by qualified level", "level_status": "Each level's results",
           "no_target": "no target", "decision": "Committee's decision", "signature": "Signed",
           "date": "Date", "sheets": "Review sheets (one per applicant)",
           "notice_rule": "Lists those who passed the level they applied for (without a target: the qualified "
                          "level); a name shows its first character only (both of a two-character surname).",
           "notice_none": "Nobody is listed this cycle.", "override": "committee override",
           "ahead": "as of after today", "ahead_cell": "yes (today: {t})",
           "ahead_count": "{n} (today: {t}): {what}", "sha256": "dossier sha256",
           "data_sha256": "{h} (of the applicant's data, as in its decision record; not of the spreadsheet's file)",
           "judged_by": "judged by", "undated": "no as-of date given",
           "sets_unread": "; and {n} spreadsheet{s} not read at all, whose applicants are not counted",
           "undated_count": "{n}, judged as of the day of judging (today: {t}): run on another day, their verdicts "
                            "may differ; give their as-of date (截止日期)"},
}


def heading(text: str) -> str:
    """A word of WORDS as a heading: English begins with a capital ("level 2" in a column, "Level 2" above a
    table); Chinese has none."""
    return capital(text)
