"""results-v1 records: what report.py makes equals a plain construction of the format, byte for byte."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

import orjson
import pytest

from certify.check import Failure, evaluate
from certify.dossier import dossier_from_data
from certify.engine import Engine
from certify.errors import DossierError
from certify.explain import explain
from certify.facts import UNKNOWN
from certify.report import JsonLinesReporter, JsonReporter
from certify.results import _json_value, reading_record, result_record
from certify.ruleset import load_ruleset
from certify.synthetic import DEFAULT_AS_OF, synthetic_dossiers
from certify.verdict import verdict_of

# ---- the format written out plainly: every part made afresh, nothing shared, nothing skipped ----


def plain_value(value):
    if value is UNKNOWN:
        return None
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value


def plain_reading(r) -> dict:
    return {"fact": r.key, "item": r.item, "op": r.op, "actual": plain_value(r.actual),
            "required": plain_value(r.required), "status": r.status, "shortfall": plain_value(r.shortfall),
            "unproven": r.unproven}


def plain_gap(v, o) -> dict:
    gap = {"rule": o.rule.id, "status": o.status, "clause": o.rule.clause,
           "missing": [plain_reading(r) for r in o.readings if r.status != "pass"]}
    if o.alternatives:
        gap["alternatives"] = [{"status": status, "missing": [plain_reading(r) for r in rs if r.status != "pass"]}
                               for status, rs in o.alternatives]
    if v.forecast:
        when = v.forecast.rules.get(o.rule.id)
        gap["passes_on"] = when.isoformat() if when else None
    return gap


def plain_record(v, lang: str) -> dict:
    levels = []
    for lv in v.levels:
        when = v.forecast.levels.get(lv.number) if v.forecast else None
        levels.append({
            "level": lv.number, "status": lv.status, "name": lv.level.name(lang),
            "rules": [{"id": o.rule.id, "status": o.status, "explanation": explain(o, lang), "clause": o.rule.clause,
                       "readings": [plain_reading(r) for r in o.readings]} for o in lv.rules],
            "gaps": [plain_gap(v, o) for o in lv.rules if o.status != "pass"],
            "passes_on": when.isoformat() if when else None})
    record = {"file": v.file, "applicant_id": v.applicant_id, "as_of": v.as_of.isoformat(),
              "ruleset": dict(v.ruleset), "qualified_level": v.qualified_level, "target_level": v.target_level,
              "target_status": v.target_status, "levels": levels}
    if v.overrides:
        record["overrides"] = [o.as_record() for o in v.overrides]
    return record


# ---- the verdicts ----


@dataclasses.dataclass(frozen=True)
class _Override:
    applicant: str

    def as_record(self) -> dict:
        return {"applicant_id": self.applicant, "level": 2, "decision": "grant", "date": "2026-01-05"}


@pytest.fixture(scope="module")
def verdicts() -> list:
    """Synthetic verdicts, with and without a forecast, one with a committee decision beside it."""
    engine = Engine(load_ruleset())
    out = []
    for k, data in enumerate(synthetic_dossiers(160, seed=5)):
        dossier = dossier_from_data(data)
        out.append(evaluate(engine, dossier, file=f"d{k}.yaml", as_of=DEFAULT_AS_OF, forecast=k % 4 != 3))
    out[7] = dataclasses.replace(out[7], overrides=(_Override(out[7].applicant_id),))
    return out


def _dumps(record: dict) -> bytes:
    return orjson.dumps(record)  # bytes, so that 1, 1.0 and True are told apart


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_records_are_the_format_written_out_plainly(verdicts, lang):
    statuses = set()
    for v in verdicts:
        expected = plain_record(v, lang)
        assert result_record(v, lang) == expected
        assert _dumps(result_record(v, lang)) == _dumps(expected), v.file
        statuses |= {o.status for lv in v.levels for o in lv.rules}
    assert statuses == {"pass", "fail", "review"}  # the sample covers every kind of rule outcome


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_lines_and_json_render_the_same_bytes(verdicts, lang):
    lines, array = JsonLinesReporter(None, lang), JsonReporter(None, lang)
    for v in verdicts:
        expected = _dumps(plain_record(v, lang)).decode("utf-8")
        assert lines.render(v) == (expected + "\n").encode("utf-8")  # UTF-8 bytes: written as they are
        assert array.render(v) == expected


def test_gaps_list_alternatives_and_share_nothing_a_caller_could_notice(verdicts):
    with_alternatives = [g for v in verdicts for lv in result_record(v)["levels"] for g in lv["gaps"]
                         if "alternatives" in g]
    assert with_alternatives  # the sample has rules of alternatives that do not pass
    record = result_record(verdicts[0])
    again = result_record(verdicts[0])
    again["levels"][0]["rules"][0]["readings"].append({"changed": True})
    assert result_record(verdicts[0]) == record  # each call makes its own


def test_a_failure_is_its_file_and_its_error():
    failure = Failure("x.yaml", DossierError("applicant: missing", file="x.yaml"))
    assert result_record(failure) == {"file": "x.yaml", "error": failure.error.detail()}
    assert JsonLinesReporter(None).render(failure) == orjson.dumps(result_record(failure)) + b"\n"


class _Pair(NamedTuple):
    a: str
    b: str


class _Amount(Decimal):
    pass


@pytest.mark.parametrize("value", [
    0, 7, -3, True, False, 1.5, "bachelor", "", None, UNKNOWN, Decimal(6200000), Decimal("1E+2"),
    Decimal("0.10"), Decimal("12.5"), _Amount("3"), frozenset({"b", "a"}), {"z", "y"}, frozenset(),
    ("x", "w"), (), _Pair("q", "p"), date(2024, 2, 29), datetime(2024, 2, 29, 8, 30), [1, 2],
])
def test_json_values_follow_the_plain_rules(value):
    assert _dumps({"v": _json_value(value)}) == _dumps({"v": plain_value(value)})


def test_a_reading_record_reads_every_field(verdicts):
    readings = {r for v in verdicts for lv in v.levels for o in lv.rules for r in o.readings}
    assert len(readings) > 100
    for r in readings:
        assert _dumps(reading_record(r)) == _dumps(plain_reading(r))


def _written(out, verdicts) -> None:
    out.write("before\n")  # whatever was written first stays first
    reporter = JsonLinesReporter(out)
    for v in verdicts:
        reporter.add(v)
    reporter.finish()


@pytest.mark.parametrize("kind", ["file", "text-only", "line-buffered", "latin-1"])
def test_json_lines_reach_every_kind_of_output_whole_and_in_order(verdicts, tmp_path, kind):
    expected = "before\n" + "".join(_dumps(plain_record(v, "en")).decode("utf-8") + "\n" for v in verdicts)
    if kind == "text-only":  # no binary file underneath: the bytes are decoded
        out = io.StringIO()
        _written(out, verdicts)
        assert out.getvalue() == expected
        return
    path = tmp_path / "out.jsonl"
    encoding = "latin-1" if kind == "latin-1" else "utf-8"
    with io.TextIOWrapper(open(path, "wb"), encoding=encoding, errors="replace",
                          line_buffering=kind == "line-buffered") as out:
        _written(out, verdicts)
    if kind == "latin-1":  # not a UTF-8 file: the text goes through its encoder
        assert path.read_text(encoding="latin-1") == expected.encode("latin-1", "replace").decode("latin-1")
    else:
        assert path.read_text(encoding="utf-8") == expected


def test_readings_and_alternatives_at_once_are_what_each_gives_alone(verdicts):
    shared = 0
    for v in verdicts:
        for lv in v.levels:
            for o in lv.rules:
                readings, alternatives = o.readings_and_alternatives()
                assert readings == o.readings and alternatives == o.alternatives, (v.file, o.rule.id)
                shared += bool(alternatives)
    assert shared  # the sample has failing and review rules of alternatives


def test_a_verdict_is_the_same_whatever_the_order_its_rules_outcomes_come_in(verdicts):
    loaded = load_ruleset()
    for v in verdicts[:40]:
        outcomes = [o for lv in v.levels for o in lv.rules]
        for given in (outcomes, outcomes[::-1]):
            again = verdict_of(file=v.file, applicant_id=v.applicant_id, applicant_name=v.applicant_name,
                               as_of=v.as_of, ruleset=loaded, outcomes=given, target_level=v.target_level,
                               facts=v.facts, forecast=v.forecast, ahead_of=v.ahead_of, ahead=v.ahead)
            assert again == dataclasses.replace(v, overrides=()), v.file


def test_only_sentences_about_the_applicant_alone_are_kept(verdicts):
    from certify import explain as words

    words._sentences.clear()
    for v in verdicts:
        result_record(v, "en")
    kept = list(words._sentences)
    assert kept, "sentences about the applicant alone (sales tenure) recur and are kept"
    # One naming a degree or a project hardly recurs: keeping them cost ~100 MB a process.
    assert all(r.item is None for _, _, readings in kept for r in readings)
    assert len(kept) <= words._SENTENCES_MAX
