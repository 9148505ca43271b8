"""What completing a project under way would do: a failing rule that a project in progress would meet once completed.

A rule that asks for a completed project counts none still in progress, and time alone will not change that,
so the gap to a level says "time alone will not close it" and names the closest project among those that
count, however far short it is. An applicant whose led project of 1200万 is still in progress would read
that his completed 620万 is 380万 short of level 4, and not that completing the other would meet it. Here
each rule that fails for good is asked about again, by the engine, with one project in progress marked
completed (everything else about it as written): where the rule then passes, the explanation names that
project (gaps.py). The verdict, its readings and the machine formats stay as they are: what a dossier
would become is said in words beside what it is.
"""

from __future__ import annotations

from datetime import date

from .dossier import Status
from .facts import facts_of
from .verdict import PASS


def completing_meets(engine, dossier, as_of: date, failing) -> dict:
    """Rule id -> the names of the projects in progress each of which, completed, would make it pass on
    `as_of`, for each rule of `failing` (ids of rules that fail on `as_of` and hold on no later date).

    `engine` is the Engine the verdict was judged by; each project is asked about alone, the others as written.
    """
    projects = dossier.projects or ()
    under_way = [k for k, p in enumerate(projects) if p.status is Status.in_progress]
    if not under_way or not failing:
        return {}
    wanted = set(failing)
    found: dict = {}
    for k in under_way:
        done = tuple(p.model_copy(update={"status": Status.completed}) if i == k else p for i, p in enumerate(projects))
        outcomes = engine.evaluate(facts_of(dossier.model_copy(update={"projects": done}), as_of))
        for outcome in outcomes:
            if outcome.rule.id in wanted and outcome.status == PASS:
                found.setdefault(outcome.rule.id, []).append(projects[k].name)
    return {rule: tuple(dict.fromkeys(names)) for rule, names in found.items()}  # two projects of one name: said once
