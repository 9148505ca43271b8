"""What completing a project under way would do: a failing rule that projects in progress would meet, or
put to the committee's review, once completed.

A rule that asks for a completed project counts none still in progress, and time alone will not change that,
so the gap to a level says "time alone will not close it" and names the closest project among those that
count, however far short it is. An applicant whose led project of 1200万 is still in progress would read
that his completed 620万 is 380万 short of level 4, and not that completing the other would meet it. Here
each rule that fails for good is asked about again, by the engine, with projects in progress marked
completed (everything else about them as written): where the rule then passes, or goes to review (the
amount of the project is not given, say), the explanation names those projects, and for a review what
would stay open (gaps.py). The verdict, its readings and the machine formats stay as they are: what a
dossier would become is said in words beside what it is.

Under the 2014 standard a rule is met by one project or by none: it asks whether *one* project satisfies
its condition, and that condition reads the project's own facts only. A ruleset may ask
for two projects in one rule, `all` of two `some: projects` (a led one of 300万, and one through contract
signing and payment): completing both may be what it takes, and neither alone does anything. So projects
are completed together, two at a time and more, only for a rule whose condition can need that many
(`projects_needed`), the smallest sets first; the 2014 standard's rules need one, and cost one judgement
per project in progress, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from .dossier import Status
from .facts import facts_of, project_labels
from .ruleset import All, AnyOf, Some
from .verdict import FAIL, PASS, REVIEW

# Sets of two or more projects in progress judged at most, per dossier: a dossier listing many projects under
# a ruleset with such a rule would otherwise cost a judgement for each pair, each triple. Beyond it, no larger
# set is named (what is said is still true: each set named does what it says).
MOST_SETS = 64


@dataclass(frozen=True, slots=True)
class Completing:
    """Projects in progress which, completed together (most often one), would change a rule that fails for good."""

    projects: tuple  # their labels (facts.project_labels: 乙项目, or 乙项目 #2 of two so named), in the dossier's order
    status: str  # PASS, or REVIEW: the rule would go to the committee
    open: tuple = ()  # for REVIEW, what would stay open: the rule's readings that would not pass (logic.Reading)


def projects_needed(condition) -> int:
    """How many projects a condition can need at once: one for each `some: projects` that must hold together
    (`all` adds its parts, `any` needs as many as its most demanding part)."""
    if isinstance(condition, Some):
        return 1 if condition.some == "projects" else 0
    if isinstance(condition, All):
        return sum(projects_needed(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return max(projects_needed(c) for c in condition.any)
    return 0


def completing_meets(engine, dossier, as_of: date, failing) -> dict:
    """Rule id -> the Completing each of which would make it pass or go to review on `as_of`, for each rule of
    `failing` (ids of rules that fail on `as_of` and hold on no later date): the projects that would meet it,
    each alone (or, for a rule that needs more at once, the smallest sets that would), and the smallest sets
    that would put it to review short of those. `engine` is the Engine the verdict was judged by; the projects
    not in a set stay as written.
    """
    projects = dossier.projects or ()
    under_way = [k for k, p in enumerate(projects) if p.status is Status.in_progress]
    if not under_way or not failing:
        return {}
    rules = {r.id: r for lv in engine.ruleset.levels for r in lv.rules}
    order = {rule: i for i, rule in enumerate(rules)}
    needed = {rule: projects_needed(rules[rule].when) for rule in failing}
    asked = {rule for rule in failing if needed[rule]}
    found: dict = {}
    judged = 0
    for size in range(1, len(under_way) + 1):
        asked = {rule for rule in asked if needed[rule] >= size}
        if not asked:
            break
        for chosen in combinations(under_way, size):
            judged += size > 1
            if judged > MOST_SETS:
                return _named(found, projects)
            done = tuple(p.model_copy(update={"status": Status.completed}) if i in chosen else p
                         for i, p in enumerate(projects))
            facts = facts_of(dossier.model_copy(update={"projects": done}), as_of)
            statuses = engine.statuses(facts)
            outcomes = None
            for rule in sorted(asked, key=order.get):
                status = statuses[order[rule]]
                # a set holding one already named for the same outcome adds nothing to it
                if status == FAIL or any(s == status and set(c) <= set(chosen) for c, s, _ in found.get(rule, ())):
                    continue
                if status == REVIEW and outcomes is None:
                    outcomes = engine.evaluate(facts)
                held = (tuple(r for r in outcomes[order[rule]].readings_and_alternatives()[0] if r.status != PASS)
                        if status == REVIEW else ())
                found.setdefault(rule, []).append((chosen, status, held))
        asked -= {rule for rule in asked if any(s == PASS for _, s, _ in found.get(rule, ()))}
    return _named(found, projects)


def _named(found: dict, projects) -> dict:
    """The sets found, by their projects' labels as the facts give them: a project's name, or where a name is borne by
    more than one project, the name and its place among those of that name (`乙项目 #2`; else "乙项目 and 乙项目
    together" could be any two of them)."""
    labels = project_labels([p.name for p in projects])
    return {rule: tuple(Completing(tuple(labels[k] for k in chosen), status, held) for chosen, status, held in sets)
            for rule, sets in found.items()}
