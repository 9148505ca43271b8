"""Verdicts as plain data: each rule's outcome, each level's, the qualified level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

PASS, FAIL, REVIEW = "pass", "fail", "review"
STATUSES = (PASS, FAIL, REVIEW)

from . import logic  # noqa: E402 (logic reads the three statuses above)


class RuleOutcome(NamedTuple):
    """One rule's outcome for one dossier, and the comparisons that decided it.

    `plan` names the deciding comparisons (the witness of a pass, the unknowns of a
    review, the candidates for the closest alternative of a fail) and `facts` holds
    the dossier's values: together they are the explanation in machine form, and
    `readings` lays it out (actual value, requirement, shortfall) when it is read.
    (A NamedTuple: a batch makes one per rule per dossier, and these are cheap.)
    """

    rule: object  # ruleset.Rule
    status: str
    plan: tuple  # logic plan node
    facts: object  # facts.Facts
    # For a rule of alternatives (本6 or 碩4): each alternative's (status, plan), in order.
    alternative_plans: tuple = ()

    @property
    def readings(self) -> tuple:
        """The deciding comparisons with this dossier's values (logic.Reading)."""
        return logic.readings(self.plan, self.facts)

    @property
    def alternatives(self) -> tuple:
        """Each alternative's (status, readings), for a rule that does not pass; else ()."""
        if self.status == PASS:
            return ()
        return tuple((status, logic.readings(node, self.facts)) for status, node in self.alternative_plans)

    def readings_and_alternatives(self) -> tuple[tuple, tuple]:
        """(readings, alternatives) at once, each alternative's readings laid out only once: the
        outcome's own plan is one of the alternatives' (a pass, a review) or the closest of them
        (a fail), and its readings are then taken from theirs."""
        if self.status == PASS or not self.alternative_plans:
            return self.readings, ()
        facts, plan, plans = self.facts, self.plan, self.alternative_plans
        alternatives = tuple((status, logic.readings(node, facts)) for status, node in plans)
        for (_, node), (_, readings) in zip(plans, alternatives):
            if node is plan:
                return readings, alternatives
        if plan[0] == "min" and len(plan[1]) == len(plans) and all(
                a is b for a, (_, b) in zip(plan[1], plans)):
            return min((readings for _, readings in alternatives), key=logic.distance_sum), alternatives
        return self.readings, alternatives  # pragma: no cover - every plan of alternatives is one of the above


@dataclass(frozen=True, slots=True)
class LevelOutcome:
    """One level's outcome: pass when every rule passes, fail when any fails, else review."""

    level: object  # ruleset.Level
    status: str
    rules: tuple[RuleOutcome, ...]

    @property
    def number(self) -> int:
        return self.level.level


@dataclass(frozen=True, slots=True)
class Verdict:
    """What certify decided for one dossier."""

    file: str | None
    applicant_id: str
    applicant_name: str | None
    as_of: date
    ruleset: dict  # {"id", "version", "sha256", "effective"}
    levels: tuple[LevelOutcome, ...]
    qualified_level: int
    target_level: int | None
    target_status: str | None
    facts: object = None  # facts.Facts the outcomes were decided on
    overrides: tuple = ()  # committee decisions shown beside the computed verdict; they never change it
    forecast: object = None  # forecast.Forecast: the first date each rule and level holds
    # The day the verdict was made on, when its as-of date is later and it counts something after that day,
    # and what (check.counted_after): the dossier's record of those days is taken as it stands.
    ahead_of: date | None = None
    ahead: tuple = ()
    # The sha256 of what was judged, as its decision record holds it (records.dossier_source): of the dossier
    # file's bytes as read, or, with `dossier_data`, of a spreadsheet applicant's data (data_sha256). Not part
    # of results-v1: the review sheets name it, so that a signed sheet is matched to its dossier and record.
    dossier_sha256: str | None = None
    dossier_data: bool = False
    # The as-of date is today's: neither --as-of nor the dossier gave one. Said beside the date in the
    # explanation (not part of results-v1, whose as_of is the date used either way).
    as_of_today: bool = False
    # The day of judging, when the as-of date is the dossier's own and more than a year after it (check.far_ahead):
    # said beside the date in the explanation, as perhaps mistyped. Not part of results-v1.
    as_of_far: date | None = None
    # The decision record written of it (recordfile.RecordFile: its file name and sha256) by `certify report
    # --record`, whose review sheet names it; None otherwise. Not part of results-v1.
    record: object = None
    # Its review sheet, rendered by the worker process that judged it for `certify report` (reviewsheet.ReviewSheet,
    # or it compressed: reviewsheet.sheet_of), so that the parent only writes it; None otherwise. Not part of
    # results-v1.
    review_sheet: object = None
    # Its decision record as made by the process that judged it (`--record`: records.Made, its file's name, bytes
    # and sha256), so that the parent only writes it; None otherwise. Not part of results-v1.
    made_record: object = None

    def level(self, number: int) -> LevelOutcome:
        return self.levels[number - 1]

    def level_statuses(self, count: int) -> list[str | None]:
        """Each level's status from 1 to `count` (a batch's columns): None where this verdict's edition
        of the standard has no such level (editions may differ in how many levels they have)."""
        statuses: list[str | None] = [lv.status for lv in self.levels[:count]]
        return statuses + [None] * (count - len(statuses))


def level_status(statuses) -> str:
    """dossier-v1 section 4: all pass -> pass; any fail -> fail; otherwise review."""
    statuses = list(statuses)
    if FAIL in statuses:
        return FAIL
    if REVIEW in statuses:
        return REVIEW
    return PASS


def verdict_of(*, file, applicant_id, applicant_name, as_of, ruleset, outcomes, target_level,
               facts=None, forecast=None, ahead_of=None, ahead=(), dossier_sha256=None,
               dossier_data=False, as_of_today=False, as_of_far=None) -> Verdict:
    """Group rule outcomes by level and derive each level's status and the qualified level.

    `ruleset` is a loaded ruleset; `outcomes` are its rules' outcomes, in ruleset order
    as Engine.evaluate gives them (in another order they are matched by rule id). The
    qualified level is the highest level that passes (0 when none does): lower levels
    need not pass for a higher one to pass.
    """
    outcomes = tuple(outcomes)
    levels = []
    start = 0
    by_id = None
    for level in ruleset.ruleset.levels:
        wanted = level.rules
        rules = outcomes[start:start + len(wanted)]
        start += len(wanted)
        if len(rules) != len(wanted) or any(o.rule is not r for o, r in zip(rules, wanted)):
            by_id = by_id or {o.rule.id: o for o in outcomes}
            rules = tuple(by_id[r.id] for r in wanted)
        levels.append(LevelOutcome(level, level_status([o.status for o in rules]), rules))
    qualified = max((lv.number for lv in levels if lv.status == PASS), default=0)
    target_status = levels[target_level - 1].status if target_level else None
    return Verdict(file, applicant_id, applicant_name, as_of, ruleset.meta, tuple(levels),
                   qualified, target_level, target_status, facts, (), forecast, ahead_of, tuple(ahead),
                   dossier_sha256, dossier_data, as_of_today, as_of_far=as_of_far)
