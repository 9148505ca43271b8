"""The gap to a level: each rule that does not pass, what is missing, and when time alone closes it."""

from __future__ import annotations

import re

from .explain import capital, item_text, level_label, months_text, paren, readings_text, series
from .verdict import FAIL, PASS, REVIEW, Verdict


def target_of(verdict: Verdict) -> int | None:
    """The level an applicant is aiming at: the chosen target, else the level above the qualified one."""
    if verdict.target_level:
        return verdict.target_level
    if verdict.qualified_level < len(verdict.levels):
        return verdict.qualified_level + 1
    return None


def _missing(readings) -> list:
    return [r for r in readings if r.status != PASS]


def _date(d):
    return d.isoformat() if d else None


def gap_record(outcome, readings: tuple, alternatives: tuple, missing: list, reading_record,
               rules_on: dict | None, rule_editions: dict | None = None, requirements: dict | None = None) -> dict:
    """One rule that does not pass, as an entry of results-v1's `gaps`.

    `readings` and `alternatives` are the outcome's (RuleOutcome.readings_and_alternatives)
    and `missing` the readings that do not pass, in machine form; an alternative with the
    same readings (the closest one) shares that list. `rules_on` is the forecast's date
    for each rule, None without a forecast; `rule_editions` the edition in force on a date
    that falls under a later edition than the verdict's (forecast.Forecast.rule_editions), and `requirements`
    what that edition requires for a rule, where it requires otherwise (Forecast.rule_requirements).
    """
    rule = outcome.rule
    record = {"rule": rule.id, "status": outcome.status, "clause": rule.clause, "missing": missing}
    if alternatives:
        record["alternatives"] = [
            {"status": status, "missing": missing if rs == readings else list(map(reading_record, _missing(rs)))}
            for status, rs in alternatives]
    if rules_on is not None:
        record["passes_on"] = _date(rules_on.get(rule.id))
        if rule_editions and rule.id in rule_editions:
            record["passes_on_ruleset"] = dict(rule_editions[rule.id])
        if requirements and rule.id in requirements:
            record["passes_on_requirement"] = {"zh": requirements[rule.id]("zh"), "en": requirements[rule.id]("en")}
    return record


_WORDS = {
    "en": {"gap": "Gap to level {level}", "none": "nothing is missing: the level passes",
           "closest": "closest", "alt": "alternative {i}", "never": "time alone will not close it",
           "holds": "holds on {d}", "passes": "Level {n} passes on {d}", "working": "if employment goes on as now",
           "stopped": ("time alone will not close it: the recorded end date {ends} stops it "
                       "(it would hold on {d} if that job went on)",
                       "time alone will not close it: the recorded end dates {ends} stop it "
                       "(it would hold on {d} if those jobs went on)"),
           "degree": "when the degree awarded that day counts",
           "after": "when work after {item} reaches {n}",
           "starts": "when edition {v} of the standard takes effect{r}",
           "edition": " (under edition {v} of the standard, in force from {e}{r})", "requires": ", which requires: {r}",
           "completing": "; completing {p} (in progress) would {v}", "or": " or ", "sets": ", or ",
           "together": (" together", "; completing any one of these sets of projects in progress would {v}: {p}"),
           "meet": "meet it", "review": "put it to the committee's review ({why})",
           # "also" where other rules of the level wait on a date: what is named is needed beside that time
           "level_never": ("Time alone will not make level {n} pass: it needs {rules}.",
                           "Time alone will not make level {n} pass: it also needs {rules}."),
           "level_review": "Level {n} needs the committee's review of {rules}."},
    "zh": {"gap": "距{level}的差距", "none": "已符合该级别，无差距。",
           "closest": "最接近", "alt": "方案{i}", "never": "仅靠时间无法满足",
           "holds": "自{d}起满足", "passes": "{n}级自{d}起符合", "working": "按目前在职情况，",
           "stopped": ("仅靠时间无法满足：工作按记录于{ends}结束，届时仍未满足（若该工作继续，则自{d}起满足）",
                       "仅靠时间无法满足：相关工作按记录分别于{ends}结束，届时仍未满足（若这些工作继续，则自{d}起满足）"),
           "degree": "当日取得的学历开始计入", "starts": "{v}版标准自当日起施行{r}", "requires": "，该版要求{r}",
           "after": "届时{item}毕业后工作年限满{n}",
           "edition": "届时适用{v}版标准，自{e}起施行{r}",
           "completing": ("；{p}（进行中）完成后{v}", "；{p}（进行中）任一完成后{v}"), "or": "或", "sets": "，或",
           "together": ("；{p}（进行中）都完成后{v}", "；{p}（进行中）其中任一组全部完成后{v}"),
           "meet": "即可满足", "review": "需评审委员会核实（{why}）",
           "level_never": ("仅靠时间无法达到{n}级：还需满足{rules}。",) * 2,  # 还需: "also" said either way
           "level_review": "{n}级需评审委员会核实：{rules}。"},
}


def _when(frame: str, n, day, forecast, edition: dict | None, lang: str, working: bool,
          degree: tuple | None = None, requirement=None) -> str:
    """When a rule ("holds") or level ("passes") first holds, and what brings that date: a degree awarded
    that day, a later edition taking effect that day, the work after a degree (`degree`: its label and the
    months it reaches, forecast.Forecast.degrees) and more work (`working`: the date needs a job running
    past the as-of date to go on); a date under a later edition names it. In Chinese what brings the date
    follows the verb, in one bracket with the edition (自2027-07-01起满足（当日取得的学历开始计入）). Where that
    edition requires otherwise for the rule (`requirement`, ruleset.Text), its requirement is said beside it: the
    shortfall the reader is shown is against the as-of date's edition, the date against that one's."""
    w = _WORDS[lang]
    why = ("degree" if day in forecast.awarded
           else "starts" if edition and edition["effective"] == day.isoformat() else "after" if degree else None)
    requires = w["requires"].format(r=requirement(lang)) if requirement and edition else ""
    reason = (w["starts"].format(v=edition["version"], r=requires) if why == "starts"
              else w["after"].format(item=item_text(degree[0], lang), n=months_text(degree[1], lang))
              if why == "after" else w[why] if why else "")
    under = (w["edition"].format(v=edition["version"], e=edition["effective"], r=requires)
             if edition and why != "starts" else "")
    if lang == "zh":
        notes = "；".join(note for note in (reason, under) if note)
        return (w["working"] if working else "") + w[frame].format(n=n, d=day.isoformat()) + (
            f"（{notes}）" if notes else "")
    text = w[frame].format(n=n, d=day.isoformat()) + (f", {reason}" if reason else "")
    if working:
        text += ("," if reason else "") + " " + w["working"]
    return text + under


def _never(rule: str, forecast, w: dict, lang: str) -> str:
    """Why time alone will not close a failing rule: a recorded end date, named, where that is what stops it;
    and the projects in progress that would meet it, or put it to the committee's review, once completed, where
    there are any (completing.py)."""
    stopped = forecast.stopped.get(rule)
    if not stopped:
        text = w["never"]
    else:
        ends, day = stopped
        text = w["stopped"][len(ends) > 1].format(ends=series([d.isoformat() for d in ends], lang), d=day.isoformat())
    completing = forecast.completing.get(rule, ())
    # What would meet it first, then what would put it to the committee (and what would then be open), one
    # project at a time before two together.
    for status, size in sorted({(c.status, len(c.projects)) for c in completing}, key=lambda k: (k[0] != PASS, k[1])):
        sets = [c for c in completing if (c.status, len(c.projects)) == (status, size)]
        verb = w["meet"] if status == PASS else w["review"].format(why=("；" if lang == "zh" else "; ").join(
            dict.fromkeys(readings_text(c.open, lang) for c in sets)))
        text += _completing(sets, verb, w, lang)
    return text


def _completing(sets: list, verb: str, w: dict, lang: str) -> str:
    """"; completing 乙项目 or 己项目 (in progress) would meet it": projects in progress each of which, completed,
    would do what `verb` says; or sets of them completed together ("乙项目 and 丙项目 together"), all of one size
    (completing.py names the smallest). Several sets are worded once for all, in English as in Chinese (其中任一组
    全部完成后): "completing any one of these sets of projects in progress would meet it: 乙项目 and 丙项目, or
    丙项目 and 丁项目", not "(in progress)" after the last set alone."""
    several = len(sets) > 1
    if len(sets[0].projects) == 1:
        names = w["or"].join(c.projects[0] for c in sets)
        frame = w["completing"][several] if lang == "zh" else w["completing"]
    elif lang == "zh" or several:
        names, frame = w["sets"].join(series(list(c.projects), lang) for c in sets), w["together"][several]
    else:
        names, frame = series(list(sets[0].projects), lang) + w["together"][0], w["completing"]
    return frame.format(p=names, v=verb)


_NUMBER = re.compile(r"[0-9.]+\s+(?=\S)")  # a clause's leading section number ("2.1 " of "2.1 学历")


def _named(rule, lang: str) -> str:
    """A rule as the level's closing sentence names it: its id, and beside it what it is about as the ruleset
    words it, its clause's title ("L3.education（学历）": the clause without its section number; a clause with
    none, "第十条（一）", whole)."""
    clause = rule.clause.strip()
    number = _NUMBER.match(clause)
    return rule.id + paren(clause[number.end():] if number else clause, lang)


def gap_lines(verdict: Verdict, number: int, lang: str) -> list[str]:
    """The gap to a level as sentences for the applicant: a heading line, then the rest indented."""
    title, items, closing = gap_parts(verdict, number, lang)
    return [title + ("：" if lang == "zh" else ":")] + [f"  {line}" for line in [*items, closing] if line]


def gap_parts(verdict: Verdict, number: int, lang: str) -> tuple[str, list[str], str]:
    """The gap to a level in parts, for any format: its title ("Gap to level 3 ..."), a sentence per rule that
    does not pass (what is missing, and when time alone closes it), and the level's closing sentence (when it
    passes, or what it needs; "nothing is missing" when it passes already; '' without a forecast)."""
    w = _WORDS[lang]
    level = verdict.level(number)
    title = w["gap"].format(level=level_label(number, level.level.name(lang), lang))  # 距2级 客户经理的差距
    blocking = [o for o in level.rules if o.status != PASS]
    if not blocking:
        return title, [], w["none"]
    items = []
    rules_on = verdict.forecast.rules if verdict.forecast else {}
    for o in blocking:
        readings, alternatives = o.readings_and_alternatives()
        text = readings_text(_missing(readings), lang, failed=o.status == FAIL)
        if len(alternatives) > 1:
            parts = []
            marked = False  # two alternatives may read alike (no degree at all): the first is the closest
            for i, (status, rs) in enumerate(alternatives, 1):
                label = w["alt"].format(i=i)
                if rs == readings and not marked:
                    marked = True
                    label += f"（{w['closest']}）" if lang == "zh" else f" ({w['closest']})"
                colon = "：" if lang == "zh" else ": "
                parts.append(f"{label}{colon}{readings_text(_missing(rs), lang, failed=status == FAIL) or PASS}")
            text = ("；" if lang == "zh" else "; ").join(parts)
        when = rules_on.get(o.rule.id) if verdict.forecast else None
        # The degree whose work after it brings the date, named where no reading shown is about it (one not
        # yet awarded on the as-of date): else the reader is told why one degree fails and given another's date.
        degree = verdict.forecast.degrees.get(o.rule.id) if verdict.forecast else None
        if degree and any(r.item == degree[0] for _, rs in alternatives or ((o.status, readings),)
                          for r in _missing(rs)):
            degree = None
        tail = (_when("holds", number, when, verdict.forecast, verdict.forecast.rule_editions.get(o.rule.id), lang,
                      o.rule.id in verdict.forecast.rules_by_work, degree,
                      verdict.forecast.rule_requirements.get(o.rule.id)) if when
                else "" if o.status == REVIEW else _never(o.rule.id, verdict.forecast, w, lang)) if verdict.forecast else ""
        # (a review: its reading says why)
        tail = capital(tail)
        sep = "。" if lang == "zh" else ". "
        end = "。" if lang == "zh" else "."
        # the clause as the explanation names it (条款 2.1 岗位经验); in English, in brackets
        head = f"{o.rule.id}（条款 {o.rule.clause}）：" if lang == "zh" else f"{o.rule.id} [{o.rule.clause}]: "
        items.append(f"{head}{text}" + (f"{sep}{tail}{end}" if tail else end))
    closing = ""
    if verdict.forecast:
        when = verdict.forecast.levels.get(number)
        named = [_named(o.rule, lang) for o in blocking if not rules_on.get(o.rule.id)]
        names = series(named, lang) if named else ""
        if when:
            end = "。" if lang == "zh" else "."
            closing = _when("passes", number, when, verdict.forecast, verdict.forecast.level_editions.get(number),
                            lang, number in verdict.forecast.levels_by_work) + end
        elif level.status == "review" and all(o.status == "review" for o in blocking):
            closing = w["level_review"].format(n=number, rules=names)
        else:
            closing = w["level_never"][len(named) < len(blocking)].format(n=number, rules=names)
    return title, items, closing
