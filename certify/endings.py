"""What a recorded end date stops: a rule that time would close if the jobs ending after the as-of date went on.

forecast.py finds the first date each rule holds with the dossier as it is: a job with a recorded end
date stops counting on that date, and a rule it would have reached later gets no date at all. Here each
rule that fails for good is asked about again with those jobs running on: if it then holds on some date,
the recorded end dates that stop it are named (gaps.py says so), with that date. Where several jobs end
before it, those whose end alone moves the date are named (all of them if none alone does).
"""

from __future__ import annotations

from datetime import date

from .forecast import across_editions, first_dates


def stopped_by_ends(engine, dossier, as_of: date, failing, statuses=None, facts=None, later: tuple = ()) -> dict:
    """Rule id -> (the recorded end dates that stop it, the date it would hold were those jobs to go on),
    for each rule of `failing` (ids of rules that fail on `as_of` and hold on no later date).

    `statuses` (the rules' statuses on `as_of`: forecast.forecast's `today`), `facts` and `later` are as
    forecast.forecast takes them (the statuses on `as_of` are the same with the jobs running on: each is
    counted up to `as_of` either way).
    """
    jobs = dossier.employment or ()
    ending = [k for k, job in enumerate(jobs) if job.end is not None and job.end > as_of]
    if not ending or not failing:
        return {}
    firsts: dict = {}

    def running_on(kept: int | None) -> dict:
        """Each rule's first date with the jobs of `ending` running on, but for the one `kept` as it is."""
        if kept not in firsts:
            opened = tuple(job.model_copy(update={"end": None}) if k in ending and k != kept else job
                           for k, job in enumerate(jobs))
            running = dossier.model_copy(update={"employment": opened})
            rules, levels = first_dates(engine, running, as_of, statuses, facts)
            if later:
                across_editions(rules, levels, later, running)
            firsts[kept] = rules
        return firsts[kept]

    stopped = {}
    for rule in failing:
        day = running_on(None).get(rule)
        if not isinstance(day, date):
            continue  # time would not close it whatever the jobs did (a project, a degree is missing)
        before = [k for k in ending if jobs[k].end < day]
        if len(before) > 1:
            before = [k for k in before if running_on(k).get(rule) != day] or before
        stopped[rule] = (tuple(sorted({jobs[k].end for k in before})), day)
    return stopped
