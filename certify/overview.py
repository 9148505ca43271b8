"""A cycle's overview: the cycle in numbers, counted as the results come, so that a batch of any size keeps only
counts (and the errors). overview.md is its Markdown; index.html shows it with charts (html.py); the summary's and the
index's printed pages say beside their titles what it says of the as-of dates and the rulesets (running).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .check import Failure, Result
from .documentwords import WORDS, heading
from .editions import newest_judging
from .explain import STATUS_WORDS, ahead_kinds, ahead_what, colon, level_label, no_level, paren
from .mdtext import md_cell
from .namesake import named
from .overrides import DECISIONS
from .printing import dates_text
from .verdict import FAIL, PASS, REVIEW, STATUSES


class Overview:
    """The cycle in numbers: qualified levels, each level's statuses, rules that block, errors."""

    def __init__(self, ruleset, lang: str, *, editions: Iterable | None = None, edited: dict | None = None) -> None:
        """`ruleset` orders the rules; `editions` (oldest first, default: just `ruleset`) are every edition the
        results may be judged by: the overview counts every level any of them has, and is titled by the newest
        that judged someone (frame). `edited`: the rulesets (by sha256) that bear another's id and version with
        other rules (namesake.py)."""
        self.ruleset, self.lang, self.edited, self.editions = ruleset, lang, edited, list(editions or [ruleset])
        self.names = {lv.level: lv for r in self.editions for lv in r.levels}  # the newest name wins
        self.levels = sorted(self.names)
        self.qualified: Counter[int] = Counter()
        self.level_status = {n: Counter() for n in self.levels}
        self.target_status: Counter[str] = Counter()
        # By rule and requirement as the applicants were judged (editions may word a rule differently):
        # the frame's rules first, so that ties keep the standard's order.
        self.blocking = {(r.id, r.requirement(lang)): Counter() for lv in ruleset.levels for r in lv.rules}
        self.errors: list[tuple[str, str]] = []
        self.sets_unread = 0  # of the errors, whole spreadsheets not read (Batch.kinds): no applicant each, but unknown
        self.rulesets: dict[str, dict] = {}
        self.as_of: Counter[str] = Counter()
        self.decisions: Counter[str] | None = None  # grant and deny counts, with the committee's decisions
        self.decisions_file = None  # the file they were read from (decisionsfile.DecisionsFile), when it is known
        self.ahead, self.today = 0, None  # verdicts as of a date after today that count days after it; that today
        self.assumed = (False, False)  # whether they count jobs under way today, and what is dated after it
        self.undated, self.judged_on = 0, None  # verdicts as of today, no as-of date given; that today

    def decided(self, file=None) -> None:
        """Count the committee's decisions too (certify report --overrides); `file`: the DecisionsFile they are of."""
        self.decisions, self.decisions_file = Counter(), file

    def add(self, result: Result) -> None:
        """Count one result."""
        if isinstance(result, Failure):
            self.errors.append((result.named(self.lang), result.error.detail(self.lang)))
            return
        self.qualified[result.qualified_level] += 1
        self.rulesets.setdefault(result.ruleset["sha256"], result.ruleset)
        self.as_of[result.as_of.isoformat()] += 1
        self.target_status[result.target_status or ""] += 1
        if result.as_of_today:
            self.undated, self.judged_on = self.undated + 1, result.as_of
        if result.ahead_of:
            self.ahead, self.today = self.ahead + 1, result.ahead_of
            self.assumed = tuple(a or b for a, b in zip(self.assumed, ahead_kinds(result)))
        if self.decisions is not None:
            self.decisions.update(o.decision for o in result.overrides)
        for lv in result.levels:
            self.level_status.setdefault(lv.number, Counter())[lv.status] += 1
            for o in lv.rules:
                if o.status != PASS:
                    self.blocking.setdefault((o.rule.id, o.rule.requirement(self.lang)), Counter())[o.status] += 1

    @property
    def judged(self) -> int:
        """How many results are verdicts."""
        return sum(self.qualified.values())

    def blocking_rules(self) -> list[tuple[str, str, int, int]]:
        """(rule id, requirement, fail, review) for every rule that blocks someone, the most blocking first;
        a rule worded differently by the editions that judged the cycle has a row per wording."""
        order = {key: i for i, key in enumerate(self.blocking)}
        rows = [(*key, c[FAIL], c[REVIEW]) for key, c in self.blocking.items() if c[FAIL] + c[REVIEW]]
        return sorted(rows, key=lambda r: (-(r[2] + r[3]), order[r[:2]]))

    frame = property(lambda self: newest_judging(self.editions, self.rulesets.values()),
                     doc="The edition that titles the cycle's documents: the newest that judged one of its applicants.")

    def level_name(self, n: int) -> str:
        """'2级 客户经理' as the frame names level n (else the newest edition with it), or no_level for none: for
        the cycle's counts; an applicant's own level is named by the edition that judged it (level_text)."""
        if not n:
            return no_level(self.lang)
        level = {lv.level: lv for lv in self.frame.levels}.get(n) or self.names.get(n)
        return level_label(n, level.name(self.lang), self.lang) if level else str(n)

    def facts(self) -> list[tuple[str, str]]:
        """The facts at the head of the overview: how many applicants, which rulesets, which as-of dates."""
        w, lang, zh = WORDS[self.lang], self.lang, self.lang == "zh"
        sep, men = "，" if zh else ", ", (lambda n, unit="人": f"{n} {unit}" if zh else str(n))  # 19 人 / 19
        people, sets = len(self.errors) - self.sets_unread, self.sets_unread  # a workbook not read is no one applicant
        facts = [(w["applicants"], men(self.judged + people)
                  + paren(f"{w['judged']} {men(self.judged)}{sep}{w['errors']} {men(people)}", lang)
                  + (w["sets_unread"].format(n=sets, s="s" * (sets != 1)) if sets else ""))]
        facts += [(w["ruleset"], named(m, lang, self.edited)) for m in self.rulesets.values()]
        facts.append((w["as_of"], ("、" if lang == "zh" else ", ").join(
            f"{d}{paren(men(n), lang)}" for d, n in sorted(self.as_of.items())) or "—"))
        if self.undated:  # 未给出截止日期：1 人，按评定当日（今天：2026-11-28）评定：…
            facts.append((w["undated"], w["undated_count"].format(n=self.undated, t=self.judged_on.isoformat())))
        if self.ahead:  # 截止日期晚于今天：3 人（今天：2026-11-28）；…
            facts.append((w["ahead"], w["ahead_count"].format(n=self.ahead, t=self.today.isoformat(),
                                                              what=ahead_what(lang, *self.assumed, to=2))))
        if self.decisions is not None:  # 评审委员会决定：破格/特批 1 条，不予认定 2 条
            facts.append((w["override"], sep.join(f"{DECISIONS[d][1 if lang == 'en' else 0]} {men(self.decisions[d], '条')}"
                                                  for d in DECISIONS)))
        if self.decisions_file is not None:  # 评审委员会决定文件：committee.yaml（sha256 0123456789ab）
            facts.append(self.decisions_file.fact(lang))
        return facts

    def running(self) -> tuple[str, str]:
        """What a printed page of the summary or the overview says beside its title, as the overview says it: as
        of which dates (more than three: the first and the last) and by which ruleset(s) the cycle was judged
        (none judged: empty)."""
        w, lang, c = WORDS[self.lang], self.lang, colon(self.lang)
        dates = f"{w['as_of']}{c}{dates_text(sorted(self.as_of), lang)}" if self.as_of else ""
        rulesets = f"{w['ruleset']}{c}" + ("、" if lang == "zh" else ", ").join(
            named(m, lang, self.edited) for m in self.rulesets.values()) if self.rulesets else ""
        return dates, rulesets

    def targets(self, shown=None) -> str:
        """The target statuses, each word as `shown` makes it (html.py colours it): 符合 9 人，…，未申报级别 1 人; pass 9 · …"""
        zh, shown, n = self.lang == "zh", shown or STATUS_WORDS[self.lang].__getitem__, self.target_status
        counts = [*((shown(s), n[s]) for s in STATUSES), (WORDS[self.lang]["no_target"], n[""])]
        return ("，" if zh else " · ").join(f"{k} {c}{' 人' if zh else ''}" for k, c in counts)

    def markdown(self) -> str:
        """The overview as Markdown."""
        w, st, c = WORDS[self.lang], STATUS_WORDS[self.lang], colon(self.lang)
        out = [f"# {w['overview']}{c}{md_cell(self.frame.title(self.lang))}", ""]
        out += [f"- {k}{c}{md_cell(val)}" for k, val in self.facts()]
        out += ["", f"## {w['by_level']}", "", f"| {w['qualified']} | {w['count']} |", "|---|---:|"]
        out += [f"| {md_cell(self.level_name(n))} | {self.qualified[n]} |" for n in [0, *self.levels]]
        out += ["", f"## {w['level_status']}", "",
                "| | " + " | ".join(st[s] for s in STATUSES) + " |", "|---|" + "---:|" * len(STATUSES)]
        out += [f"| {md_cell(self.level_name(n))} | " + " | ".join(str(self.level_status[n][s]) for s in STATUSES) + " |"
                for n in self.levels]
        out += ["", f"{w['target_status']}{c}{self.targets()}"]
        out += ["", f"## {w['blocking']}", "", f"| {w['rule']} | {w['requirement']} | {st[FAIL]} | {st[REVIEW]} "
                f"| {w['total']} |", "|---|---|---:|---:|---:|"]
        out += [f"| {md_cell(rid)} | {md_cell(requirement)} | {f} | {r} | {f + r} |"
                for rid, requirement, f, r in self.blocking_rules()]
        if self.errors:
            out += ["", f"## {heading(w['errors'])}{paren(len(self.errors), self.lang)}", "", f"| {w['file']} | {w['error']} |",
                    "|---|---|"]
            out += [f"| {md_cell(file)} | {md_cell(error)} |" for file, error in self.errors]
        return "\n".join(out) + "\n"
