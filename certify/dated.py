"""Every rule's status on a date, decided by the engine from the bands a dossier's dated facts are in
then: what forecast.py asks about each date it looks at."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from .facts import UNKNOWN, Facts, Item, projects_of

_SHARED_MAX = 20_000  # statuses kept per engine: bounds memory (past it, new cases are not kept)


class Dated:
    """Every rule's status on a date, decided by the engine from the bands facts are in then."""

    __slots__ = ("applicant", "as_of", "by_degree", "degrees", "dossier", "engine", "facts", "fixed", "plan",
                 "projects")

    def __init__(self, engine, plan, dossier, as_of: date, reached: dict, facts) -> None:  # plan: forecast._Plan
        self.engine, self.plan, self.dossier, self.as_of, self.facts = engine, plan, dossier, as_of, facts
        # The dates thresholds are reached by `high` (the later thresholds may never be).
        self.applicant = [(name, plan.thresholds[f"applicant.{name}"], [d for d in ds if d])
                          for name, ds in reached.items() if name != "education"]
        by_degree = reached.get("education")
        self.by_degree = None if by_degree is None else [[d for d in one if d] for one in by_degree]
        self.degrees = None if dossier.education is None else [
            (degree.graduated, str(degree.degree), str(degree.mode)) for degree in dossier.education]
        self.fixed = None

    def statuses(self, day: date, shared: bool) -> tuple[str, ...]:
        """Every rule's status on `day`; with `shared`, only those of rules that share are read."""
        # The band each fact is in on `day`: the highest of its thresholds reached, or 0.
        bands = []
        for _, ts, ds in self.applicant:
            k = bisect_right(ds, day)
            bands.append(ts[k - 1] if k else 0)
        degrees = UNKNOWN
        if self.degrees is not None:
            by_degree, ts = self.by_degree, self.plan.thresholds.get("education.work_months_after")
            degrees = []
            for k, (graduated, degree, mode) in enumerate(self.degrees):
                if graduated <= day:
                    n = UNKNOWN if by_degree is None else bisect_right(by_degree[k], day)
                    degrees.append((graduated, degree, mode, n if n is UNKNOWN else ts[n - 1] if n else 0))
        table = self.plan.shared
        if table is not None:
            key = (tuple(bands), degrees if degrees is UNKNOWN else tuple(d[1:] for d in degrees))
            if shared and (row := table.get(key)) is not None:
                return row
        engine = self.engine
        if self.fixed is None:
            # What does not change with the date is read once: the projects and their comparisons.
            self.projects = projects_of(self.dossier) if self.facts is None else self.facts.collections["projects"]
            self.fixed = {where: outcomes for where, outcomes in engine.decide(
                Facts(self.as_of, dict(self.plan.unknown), {"projects": self.projects})).items()
                if where[0] == "projects"}
        applicant = dict(self.plan.unknown)
        for (name, _, _), band in zip(self.applicant, bands):
            applicant[name] = band
        if degrees is not UNKNOWN:
            degrees = tuple(Item(degree, {"degree": degree, "graduated": graduated, "mode": mode,
                                          "work_months_after": after})
                            for graduated, degree, mode, after in degrees)
        row = engine.statuses(Facts(day, applicant, {"education": degrees, "projects": self.projects}),
                              self.fixed)
        if table is not None and len(table) < _SHARED_MAX:
            table.setdefault(key, row)
        return row
