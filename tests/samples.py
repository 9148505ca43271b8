"""What several test modules share: dossier texts they write into their own temporary folders, and a
way to run certify without the rights root has to read and write whatever it likes."""

import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

# Level 2 exactly on the as-of date: five years of sales, a 120万 project led to completion.
LEVEL_2 = """\
applicant: {id: T-001, name: 测试甲, target_level: 2}
as_of: 2023-06-30
education:
  - {degree: 本科, graduated: 2018-06-30}
employment:
  - {employer: 甲公司, start: 2018-07-01, sales: true, it: true}
projects:
  - {name: 平台项目, amount: 120万, role: lead, status: completed,
     stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}
"""

# Led a completed project of 90万: under 2014.1's 100万 for level 2, over 2020.1's 80万.
NINETY = """\
applicant: {id: T-090, name: 测试乙, target_level: 2}
education:
  - {degree: bachelor, graduated: 2010-07-01}
employment:
  - {employer: 甲公司, start: 2010-08-01, sales: true, it: true}
projects:
  - {name: 九十万项目, amount: 90万, role: lead, status: completed,
     stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}
"""


def wide(ch: str) -> bool:
    """A character that takes two columns on a terminal: Chinese, or a full-width sign."""
    return unicodedata.east_asian_width(ch) in "WF"


_RULE = re.compile(r" {4}\S+  \[")  # a rule's own line in an explanation: `    L1.education  [pass]`
_GAP = re.compile(r"  (Gap to level |距\d)")  # the gap's heading, above its sentences


def sentences(output: str) -> list[str]:
    """certify's text explanation with what it lays out over several lines back on one: a line indented two
    columns under the one before it (that line not a rule's own line, a file's name or the gap's heading), or
    an explanation's next line, continues it. A line break between two Chinese characters stood for
    nothing, any other for a space."""
    lines: list[tuple[int, str]] = []  # each paragraph's first indent, and the paragraph so far
    for line in output.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if lines and line.strip() and lines[-1][1].strip() and lines[-1][0] and not _RULE.match(line) and (
                indent == lines[-1][0] + 2 and not _RULE.match(lines[-1][1]) and not _GAP.match(lines[-1][1])
                or indent == lines[-1][0] == 6):
            first, before = lines[-1]
            after = line.strip()
            lines[-1] = (first, before + ("" if wide(before[-1]) and wide(after[0]) else " ") + after)
        else:
            lines.append((indent, line))
    return [line for _, line in lines]


def unprivileged(*args) -> list[str]:
    """A command run without the right to read or write what permissions forbid (root has it: it is dropped)."""
    certify = [str(Path(sys.executable).with_name("certify")), *map(str, args)]
    if os.geteuid() != 0:
        return certify
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", "--", *certify]


UNPRIVILEGED = pytest.mark.skipif(not Path(sys.executable).with_name("certify").exists()
                                  or (os.geteuid() == 0 and not shutil.which("setpriv")),
                                  reason="needs the certify script, and setpriv when run as root")


# A fictional company's standard of three levels, one rule each (not the bundled four).
THREE_LEVELS = """\
id: acme-2024
version: "2024.1"
title: {zh: 某公司销售职级标准, en: A fictional company's sales grading standard}
source: a fictional company's grading policy, article 4
levels:
"""
for _n in (1, 2, 3):
    THREE_LEVELS += f"""\
  - level: {_n}
    name: {{zh: 第{_n}档, en: Grade {_n}}}
    rules:
      - id: L{_n}.sales_tenure
        clause: "Art. 4({_n})"
        text: {_n * 2} years in sales
        requirement: {{zh: 销售工作经历满{_n * 2}年, en: {_n * 2} years in sales}}
        when: {{fact: sales_months, at_least: {_n * 2} years}}
"""


# A committee's decisions file (fictional): one grant, for AP-103 of applicants/, at level 2.
COMMITTEE = """\
overrides:
  - applicant: AP-103
    level: 2
    decision: 破格
    reason: 主导省级重点项目，销售年限差3个月
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第3号
    date: 2026-12-20
"""


def tenure_folder(tmp_path) -> Path:
    """A folder of editions: the bundled standard, and a FICTIONAL later edition of it (the same id, version
    2026.1, in force from 2026-07-01) in which level 3 needs 7 years in sales instead of 8, nothing else."""
    folder = tmp_path / "tenure"
    folder.mkdir()
    text = (Path(__file__).resolve().parents[1] / "rulesets" / "kam-2014.yaml").read_text(encoding="utf-8")
    (folder / "kam-2014.yaml").write_text(text, encoding="utf-8")
    for old, new in (('version: "2014.1"', 'version: "2026.1"'), ("effective: 2014-03-13", "effective: 2026-07-01"),
                     ("text: 8年以上销售工作经历", "text: 7年以上销售工作经历"), ("zh: 销售工作经历满8年", "zh: 销售工作经历满7年"),
                     ("en: 8 years in sales", "en: 7 years in sales"),
                     ("{fact: sales_months, at_least: 8 years}", "{fact: sales_months, at_least: 7 years}")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "kam-2026.yaml").write_text(text, encoding="utf-8")
    return folder
