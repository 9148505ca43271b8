"""The public notice (公示名单): who is listed at which level, names masked, and the notice's three files.

Without committee decisions a verdict is listed as the rules give it (notice_level). With them
(`certify report --overrides`), at the level the committee's decision makes final (decided_level):
the rule is in docs/committees.md, "Who is on the notice".
"""

from __future__ import annotations

import csv
from pathlib import Path

from .explain import colon
from .mdtext import md_cell
from .spreadsheet import csv_text
from .verdict import PASS, Verdict

# Two-character surnames kept whole on the public notice: 欧阳** rather than 欧***.
COMPOUND_SURNAMES = frozenset(("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                               "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "澹台", "呼延"))

# After a level the committee granted: a reader of the notice sees it was the committee's decision.
GRANTED = {"zh": "（破格/特批）", "en": " (committee grant)"}
# The notice's rule, said on it, when the committee's decisions are applied.
DECIDED_RULE = {"zh": "标注“（破格/特批）”的级别由评审委员会破格或特批认定；评审委员会不予认定的级别不列出。",
                "en": "A level marked (committee grant) is one the committee granted; a level the committee "
                      "denied is not listed."}


def mask_name(name: str | None) -> str:
    """A name for the public notice: 张伟 -> 张*, 欧阳娜娜 -> 欧阳**; spaces stay. Never a whole name:
    a name of one character (an HR system's surname alone) shows as 王*."""
    if not name:
        return ""
    name = name.strip()
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + ("".join(" " if c.isspace() else "*" for c in name[keep:]) or "*")


def notice_level(v: Verdict) -> int:
    """The level a verdict puts on the public notice (0: not listed): the target when it is passed;
    without a target, the qualified level. A target not passed is the committee's to decide."""
    if v.target_level is not None:
        return v.target_level if v.target_status == PASS else 0
    return v.qualified_level


def decided_level(v: Verdict) -> tuple[int, bool]:
    """The level the committee's decisions (v.overrides) make final on the notice, and whether it is a grant.

    The rules' level (notice_level) first; a deny at or below it lowers it to the highest level below the
    denied one that passed (0: not listed); then the highest level granted, when it is above that, is the
    level listed, as the committee's grant. A deny above the rules' level, or a grant at or below the level
    listed, changes nothing on the notice (the summary and the review sheet show it all the same)."""
    level = notice_level(v)
    denied = [o.level for o in v.overrides if o.decision == "deny" and o.level <= level]
    if denied:
        below = min(denied)
        level = max((lv.number for lv in v.levels if lv.number < below and lv.status == PASS), default=0)
    granted = max((o.level for o in v.overrides if o.decision == "grant"), default=0)
    return (granted, True) if granted > level else (level, False)


class Notice:
    """The notice's lines as a cycle's results come, written sorted when the cycle is complete."""

    def __init__(self, lang: str, words: dict[str, str], *, decided: bool = False) -> None:
        self.lang, self.words, self.decided = lang, words, decided
        self.lines: list[tuple[int, int, str, str, str]] = []  # (level, order, id, masked name, level text)

    def add(self, v: Verdict, level_text) -> None:
        """List `v` if it is to be: `level_text(v, n)` names its level n."""
        level, granted = decided_level(v) if self.decided else (notice_level(v), False)
        if level:
            self.lines.append((level, len(self.lines), v.applicant_id, mask_name(v.applicant_name),
                               level_text(v, level) + (GRANTED[self.lang] if granted else "")))

    def write(self, folder: Path, title: str) -> None:
        """notice.csv, notice.md and notice.html: highest level first, then in input order."""
        from . import html
        w = self.words
        rule = w["notice_rule"] + ((" " if self.lang == "en" else "") + DECIDED_RULE[self.lang] if self.decided else "")
        rows = [(i + 1, ident, masked, named)
                for i, (_, _, ident, masked, named) in enumerate(sorted(self.lines, key=lambda n: (-n[0], n[1])))]
        head = [w["no"], w["id"], w["name"], w["passed"]]
        with open(folder / "notice.csv", "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(head)
            writer.writerows([(n, csv_text(ident), csv_text(masked), level) for n, ident, masked, level in rows])
        title = f"{w['notice']}{colon(self.lang)}{title}"
        md = [f"# {md_cell(title)}", "", rule, "", "| " + " | ".join(head) + " |", "|---:|---|---|---|"]
        md += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows] or ["", w["notice_none"]]
        (folder / "notice.md").write_text("\n".join(md) + "\n", encoding="utf-8")
        (folder / "notice.html").write_text(html.notice_page(title, rule, head, rows, self.lang), encoding="utf-8")
