"""When time alone will do it: passes_on is exact under dossier-v1's month arithmetic."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from certify.check import evaluate
from certify.dossier import dossier_from_data
from certify.engine import Engine
from certify.gaps import gap_lines, target_of
from certify.load import find_dossiers, load_dossier
from certify.ruleset import load_ruleset
from certify.errors import DossierError
from certify.synthetic import synthetic_dossiers
from certify.verdict import PASS

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
FAR = timedelta(days=365 * 80)


@pytest.fixture(scope="module")
def engine():
    return Engine(load_ruleset())


def good_applicants():
    for path in find_dossiers([APPLICANTS]):
        try:
            yield path.name, load_dossier(path)
        except DossierError:
            continue


def check_passes_on(engine, dossier):
    verdict = evaluate(engine, dossier, forecast=True)
    status_on = lambda day, n: evaluate(engine, dossier, as_of=day).level(n).status  # noqa: E731
    for lv in verdict.levels:
        n = lv.number
        when = verdict.forecast.levels[n]
        if when is not None:
            assert status_on(when, n) == PASS, f"level {n} should pass on {when}"
            assert status_on(when - timedelta(days=1), n) != PASS, f"level {n} should not pass before {when}"
        else:
            # No date: time makes no difference, so the level is the same far in the past and future.
            assert (status_on(verdict.as_of + FAR, n) == PASS) == (status_on(date(1900, 1, 1), n) == PASS)
        if lv.status != PASS:
            # For a level not yet passed, a date exactly when working on closes the gap.
            assert (when is not None) == (status_on(verdict.as_of + FAR, n) == PASS)
    for o in (o for lv in verdict.levels for o in lv.rules):
        when = verdict.forecast.rules[o.rule.id]
        if when is not None:
            outcome = lambda day: next(r for r in evaluate(engine, dossier, as_of=day).level(  # noqa: E731
                int(o.rule.id[1])).rules if r.rule.id == o.rule.id).status
            assert outcome(when) == PASS and outcome(when - timedelta(days=1)) != PASS


@pytest.mark.parametrize("name, dossier", list(good_applicants()), ids=lambda x: x if isinstance(x, str) else "")
def test_passes_on_is_exact_for_every_example(engine, name, dossier):
    check_passes_on(engine, dossier)


def test_passes_on_is_exact_for_generated_dossiers(engine):
    for data in synthetic_dossiers(400, seed=7):
        check_passes_on(engine, dossier_from_data(data))


def test_one_month_short_passes_a_month_later(engine):
    dossier = load_dossier(APPLICANTS / "huang-tao.yaml")
    verdict = evaluate(engine, dossier, forecast=True)
    assert verdict.level(3).status != PASS
    assert verdict.forecast.rules["L3.sales_tenure"] == date(2026, 1, 31)
    lines = gap_lines(verdict, target_of(verdict), "en")
    assert any("1 month short" in line and "Holds on 2026-01-31" in line for line in lines)
    zh = gap_lines(verdict, 3, "zh")
    assert any("还差1个月" in line for line in zh)


def test_a_missing_project_is_never_closed_by_time(engine):
    verdict = evaluate(engine, load_dossier(APPLICANTS / "zhao-lei.yaml"), forecast=True)
    assert verdict.forecast.levels[2] is None
    assert verdict.forecast.rules["L2.project"] is None
    lines = gap_lines(verdict, 2, "en")
    assert lines[-1] == "  Time alone will not make level 2 pass: it needs L2.project."
    assert "CNY 1 short" in lines[1]
