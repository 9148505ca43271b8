"""The words applicants write in a dossier by hand that dossier-v1 does not read, and what each stands for: a
value of a degree, study mode, role or status (学士 for 本科), a key (项目 for projects), and what each mapping
takes. Only ever said, as a did-you-mean or a list of keys (dossier.py), never read. Each table is keyed by the
name of the dossier's class it is said for (Degree, Project, ...)."""

from __future__ import annotations

import re
import unicodedata

from certify.errors import Message

# Words an applicant naturally writes for a degree, study mode, role, status or designation that the contract's values do not include
# (学士 is the degree of 本科; a degree studied 在职 or by 自考 is 非全日制; a project's 负责人 runs it; one 验收中, in
# acceptance, is not yet completed): the value each stands for, only ever suggested (English ones in lower case).
SAID_FOR: dict[str, dict[str, str]] = {
    "Degree": {"学士": "本科", "专升本": "本科", "高职": "专科", "研究生": "硕士", "硕士研究生": "硕士", "博士研究生": "博士", "ba": "bachelor",
               "bsc": "bachelor", "mba": "master", "emba": "master", "msc": "master", "ma": "master", "phd": "doctorate"},
    "StudyMode": {mode: "非全日制" for mode in ("在职", "函授", "业余", "夜大", "电大", "成人教育", "成教", "自考", "自学考试",
                                            "网络教育", "网教", "远程教育")} | {"统招": "全日制", "脱产": "全日制"},
    "Role": {"负责人": "主导运作", "项目负责人": "主导运作", "主要负责人": "主导运作", "负责": "主导运作", "牵头": "主导运作",
             "牵头人": "主导运作", "牵头负责": "主导运作", "参与者": "参与", "配合": "参与", "协助": "参与", "成员": "参与",
             "项目成员": "参与"},
    # Not 已结束 (ended: completed, lost or cancelled?) nor 已中标 (won, and then run to its end or not): those are asked
    "Status": {"验收中": "进行中", "实施中": "进行中", "在建": "进行中", "已验收": "已完成", "已结项": "已完成", "结项": "已完成",
               "未中标": "丢单", "落标": "丢单"},
    # A project's designation written short: the standard's 行业（区域）大型项目 and 重点项目
    "Designation": {"large": "industry_large", "key": "industry_key", "大型项目": "行业（区域）大型项目",
                    "重点项目": "行业（区域）重点项目"},
}

# Schooling below associate (专科), the lowest degree dossier-v1 records (职高 is a vocational high school; 高职, a
# college of 专科 level, is said as 专科 above); English ones in lower case. Said to be no degree a dossier records.
BELOW_A_DEGREE = frozenset({"中专", "中职", "中技", "技校", "职高", "职业高中", "高中", "普高", "普通高中", "初中", "小学",
                            "high school", "secondary", "secondary school", "middle school", "vocational school"})

# Keys as an applicant writing a dossier by hand names them, besides a sheet's or column's name: in Chinese
# (项目 for 项目经历, 入职时间 for 开始) and in pinyin, without tones (xueli, xiangmu). Only said, never read.
KEY_WORDS: dict[str, dict[str, str]] = {
    "Dossier": {"项目": "projects", "教育": "education", "教育经历": "education", "工作": "employment",
                "shenbaoren": "applicant", "jiezhiriqi": "as_of", "xueli": "education", "jiaoyu": "education",
                "jiaoyujingli": "education", "gongzuo": "employment", "gongzuojingli": "employment",
                "xiangmu": "projects", "xiangmujingli": "projects"},
    "Applicant": {"工号": "id", "员工编号": "id", "级别": "target_level", "bianhao": "id", "xingming": "name",
                  "shenbaojibie": "target_level"},
    "Education": {"学位": "degree", "毕业": "graduated", "学习方式": "mode", "xueli": "degree", "xuewei": "degree",
                  "biyeshijian": "graduated", "biyeriqi": "graduated", "xuexixingshi": "mode"},
    "Employment": {"公司": "employer", "入职时间": "start", "入职日期": "start", "离职时间": "end", "离职日期": "end",
                   "销售": "sales", "danwei": "employer", "gongsi": "employer", "kaishi": "start", "jieshu": "end",
                   "xiaoshou": "sales", "company": "employer", "organization": "employer"},
    "Project": {"名称": "name", "阶段": "stages", "mingcheng": "name", "xiangmumingcheng": "name", "jine": "amount",
                "juese": "role", "zhuangtai": "status", "jieduan": "stages", "xiaoshoujieduan": "stages"},
}

# What each mapping takes, said after an unknown key with no likely key meant (`customer` in a project, `school` in a
# degree), so that the message says what may be written there.
TAKES: dict[str, Message] = {
    "Dossier": Message("the dossier itself takes", "申报材料顶层只接受"), "Applicant": Message("the applicant takes", "申报人只接受"),
    "Education": Message("a degree takes", "学历只接受"), "Employment": Message("a job takes", "工作经历只接受"),
    "Project": Message("a project takes", "项目只接受")}


# The stages written all at once (全部, all) or by their numbers in the standard's order (1 需求发掘 ... 7 项目验收:
# [1, 2, 3], 1-7) or as a range (需求发掘-项目验收) in place of a list of their names: said as that list, never read.
_ALL_STAGES = frozenset({"全部", "全部阶段", "所有阶段", "全流程", "全过程", "七个阶段", "全部七个阶段", "all", "all stages",
                         "all seven", "all seven stages", "full cycle"})
_NUMBERS = frozenset("1234567")  # a stage's number, a digit alone: 1-12 or 2-34 is no range of stages
_STAGE_RANGE = re.compile(r"(?P<first>[^-~～至到—–]+?)\s*(?:-|~|～|至|到|—|–)\s*(?P<last>[^-~～至到—–]+)")


def stages_numbered(value: object, number_of: dict[str, int]) -> list[int] | None:
    """The numbers (1-7) of the stages a value writes by number, all at once or as a range (`number_of`: each stage's
    name, in English and Chinese, to its number); None for anything else (a list of names is read as it is)."""
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]  # [全部], [1-7]: one text in a list
    if isinstance(value, (list, tuple)):
        numbered = value and all(type(v) is int and 1 <= v <= 7 for v in value)
        return list(value) if numbered else None
    text = unicodedata.normalize("NFKC", value).strip().lower() if isinstance(value, str) else ""
    if text in _ALL_STAGES:
        return list(range(1, 8))
    m = _STAGE_RANGE.fullmatch(text)
    ends = [number_of.get(m[end]) or (int(m[end]) if m[end] in _NUMBERS else None) for end in ("first", "last")] if m else []
    return list(range(ends[0], ends[1] + 1)) if len(ends) == 2 and None not in ends and ends[0] < ends[1] else None
