"""certify's speed beside zen-engine and plain Python, and end to end: `python benchmarks/run.py [--json] [--quick]`.

In one run, each figure the median of several rounds, rounds of different
engines interleaved, each engine in a process of its own:

  (a) certify's engine alone on precomputed facts, every rule's outcome and its
      explanation materialised (and, to show what the explanation costs, with
      only each rule's readings laid out, or only its outcome);
  (b) zen-engine (trace on and off) and plain Python (the floor) on the same
      dossiers' facts flattened to scalars, deciding the same ruleset's rules
      (generated from the ruleset file: benchmarks/criteria.py), after checking on
      a sample that they agree with certify wherever certify decides without review;
      PyYAML's C loader alone and certify's parse + validation, for scale;
  (c) `certify check --format jsonl -q` end to end on a folder of YAML files and on
      a large batch, with --jobs 1 and 2;
  (d) the peak RSS of each.

Progress goes to standard error; the table (or with --json one JSON object) to
standard output. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import as the package, never benchmarks/ itself
    _HERE = Path(__file__).resolve().parent  # (benchmarks/profile.py would shadow the stdlib's profile)
    sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from tabulate import tabulate  # noqa: E402

from benchmarks import measure, snapshot, workload  # noqa: E402
from benchmarks.criteria import Criteria, agreement  # noqa: E402

FULL = {"engine_n": 20_000, "yaml_n": 10_000, "bulk_n": 100_000, "rounds": 5, "e2e_rounds": 5,
        "bulk_rounds": 3, "sample_n": 5_000}
QUICK = {"engine_n": 2_000, "yaml_n": 400, "bulk_n": 1_000, "rounds": 3, "e2e_rounds": 2,
         "bulk_rounds": 1, "sample_n": 1_000}

# (key, what, workload key, worker kind): the rows measured in worker processes.
WORKER_ROWS = [
    ("engine", "certify engine alone, explanations kept (fresh Engine per round)", "engine_n", "engine"),
    ("engine_warm", "certify engine alone, band cache already warm", "engine_n", "engine_warm"),
    ("engine_readings", "certify engine alone, readings kept, no sentences", "engine_n", "engine_readings"),
    ("engine_outcomes", "certify engine alone, outcomes kept, nothing laid out", "engine_n", "engine_outcomes"),
    ("zen_trace", "zen-engine evaluate, trace on", "engine_n", "zen_trace"),
    ("zen", "zen-engine evaluate, trace off", "engine_n", "zen"),
    ("floor", "plain Python closures (the floor, no explanation)", "engine_n", "floor"),
    ("yaml_parse", "PyYAML C loader alone (yaml.CSafeLoader)", "yaml_n", "yaml_parse"),
    ("parse_validate", "certify parse + validate (load.parse_dossier)", "yaml_n", "parse_validate"),
]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def zen_available() -> bool:
    try:
        import zen  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def machine_info() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    mem = None
    if Path("/proc/meminfo").exists():
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
        mem = round(kb / 2**20, 1)
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu,
            "cpus": os.cpu_count(), "memory_gb": mem,
            "versions": {p: _version(p) for p in ("certify", "durable_rules", "zen-engine", "pydantic",
                                                  "PyYAML", "psutil")}}


# ---- preparing ----

def prepare(work: Path, sizes: dict, with_zen: bool) -> dict:
    """Workload pickles for the workers, the YAML folder, and the agreement check."""
    t = time.perf_counter()
    criteria = Criteria(workload.load_ruleset())
    dossiers = workload.validated(sizes["engine_n"])
    facts = workload.facts_list(dossiers)
    del dossiers
    rows = [criteria.flatten(f) for f in facts]
    paths = {"engine_n": workload.save(facts, work / f"facts-{len(facts)}.pkl"),
             "rows": workload.save(rows, work / f"rows-{len(rows)}.pkl")}
    say(f"facts of {len(facts):,} dossiers and their flat rows ready ({time.perf_counter() - t:.1f} s)")
    sample = facts[:sizes["sample_n"]]
    agree = agreement(sample, criteria, use_zen=with_zen)
    say(f"agreement on {agree['sample']:,} dossiers ({agree['decided']:,} decided without review): "
        f"zen {agree['zen_disagreements']}, floor {agree['floor_disagreements']} rule outcomes differ")
    del facts, rows
    t = time.perf_counter()
    yaml_dir = workload.write_yaml_folder(work / f"yaml-{sizes['yaml_n']}", sizes["yaml_n"])
    texts = [p.read_text(encoding="utf-8") for p in sorted(yaml_dir.glob("*.yaml"))]
    paths["yaml_n"] = workload.save(texts, work / f"texts-{len(texts)}.pkl")
    say(f"{len(texts):,} YAML files ready in {yaml_dir} ({time.perf_counter() - t:.1f} s)")
    return {"paths": paths, "yaml_dir": yaml_dir, "agreement": agree, "criteria": criteria}


# ---- measuring ----

def measure_engines(prep: dict, rounds: int, with_zen: bool) -> dict:
    paths = prep["paths"]
    workloads = {}
    for key, _, size_key, kind in WORKER_ROWS:
        if kind.startswith("zen") and not with_zen:
            continue
        workloads[key] = paths["rows"] if kind in ("zen", "zen_trace", "floor") else paths[size_key]
    say(f"engines: {len(workloads)} workers, {rounds} interleaved rounds")
    return measure.run_workers(workloads, rounds, progress=say)


def measure_e2e(work: Path, sizes: dict, yaml_dir: Path, jobs: bool) -> dict:
    """`certify check --format jsonl -q` on the YAML folder and on the large batch, jobs 1 (and 2)."""
    t = time.perf_counter()
    bulk_paths, bulk_input = workload.write_bulk_input(work / f"bulk-{sizes['bulk_n']}", sizes["bulk_n"])
    say(f"large batch ready: {bulk_input} ({time.perf_counter() - t:.1f} s)")
    runs = {"yaml_jobs1": ([str(yaml_dir)], 1, sizes["yaml_n"], sizes["e2e_rounds"]),
            "csv_jobs1": (bulk_paths, 1, sizes["bulk_n"], sizes["bulk_rounds"])}
    if jobs:
        runs["yaml_jobs2"] = ([str(yaml_dir)], 2, sizes["yaml_n"], sizes["e2e_rounds"])
        runs["csv_jobs2"] = (bulk_paths, 2, sizes["bulk_n"], sizes["bulk_rounds"])
    results: dict[str, list[dict]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(max(spec[3] for spec in runs.values())):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            paths, j, n, wanted = runs[name]
            if len(results[name]) >= wanted:
                continue
            argv = workload.certify_command() + ["check", *paths, "--format", "jsonl", "-q"]
            if jobs:
                argv += ["--jobs", str(j)]
            out = work / f"out-{name}.jsonl"
            res = measure.run_command(argv, out)
            lines = measure.count_lines(out)
            out.unlink()
            ok = res["returncode"] in (0, 1) and lines == n
            if not ok:  # a failed run has no rate: it must never pass for a fast one
                say(f"  FAILED {name}: exit status {res['returncode']}, {lines:,} result lines for {n:,} "
                    f"dossiers\n  {res['stderr'].strip()[-800:]}")
            res |= {"lines": lines, "n": n, "ok": ok, "per_s": n / res["seconds"] if ok else None}
            results[name].append(res)
            say(f"  e2e round {len(results[name])}/{wanted} {name}: {_fmt(res['per_s'])}/s "
                f"({res['seconds']:.1f} s, tree RSS {res['tree_rss_mb']} MB)")
    out = {"bulk_input": bulk_input}
    for name, rs in results.items():
        good = [r for r in rs if r["ok"]]
        out[name] = {"per_s": measure.median([r["per_s"] for r in good]),
                     "seconds": measure.median([r["seconds"] for r in good]),
                     "best_per_s": measure.max_or_none([r["per_s"] for r in good]),
                     "rates": [r["per_s"] for r in rs], "n": rs[0]["n"], "failed_rounds": len(rs) - len(good),
                     "peak_rss_mb": max((r["tree_rss_mb"] or r["maxrss_mb"]) for r in rs),
                     "peak_pss_mb": measure.max_or_none([r["tree_pss_mb"] for r in rs]),
                     "exit_status": sorted({r["returncode"] for r in rs})}
    return out


# ---- reporting ----

def summary(sizes: dict, prep: dict, engines: dict, e2e: dict, jobs: bool, started: dict) -> dict:
    def rate(key):
        return round(engines[key]["per_s"]) if key in engines else None

    def e2e_rate(key):
        return round(e2e[key]["per_s"]) if key in e2e and e2e[key]["per_s"] is not None else None

    result = {
        "engine_per_s": rate("engine"), "engine_warm_per_s": rate("engine_warm"),
        "engine_readings_per_s": rate("engine_readings"), "engine_outcomes_per_s": rate("engine_outcomes"),
        "zen_trace_per_s": rate("zen_trace"), "zen_per_s": rate("zen"), "floor_per_s": rate("floor"),
        "yaml_parse_per_s": rate("yaml_parse"), "parse_validate_per_s": rate("parse_validate"),
        "yaml_e2e_per_s": e2e_rate("yaml_jobs2"), "yaml_e2e_jobs1_per_s": e2e_rate("yaml_jobs1"),
        "csv_e2e_per_s": e2e_rate("csv_jobs2"), "csv_e2e_jobs1_per_s": e2e_rate("csv_jobs1"),
        "csv_e2e_seconds": _round(e2e.get("csv_jobs2", {}).get("seconds"), 1),
        "csv_e2e_jobs1_seconds": _round(e2e.get("csv_jobs1", {}).get("seconds"), 1),
        "csv_input": e2e.get("bulk_input"),
        "jobs_available": jobs,
        "e2e_run": bool(e2e),
        # Three places, so that a ratio just under a target (1.697) never reads as reaching it (1.70).
        "jobs_speedup": (round(e2e_rate("yaml_jobs2") / e2e_rate("yaml_jobs1"), 3)
                         if e2e_rate("yaml_jobs2") and e2e_rate("yaml_jobs1") else None),
    }
    per_run = {k: v["peak_rss_mb"] for k, v in engines.items()}
    per_run |= {f"{k}_e2e": v["peak_rss_mb"] for k, v in e2e.items() if isinstance(v, dict)}
    result["peak_rss_mb"] = max(per_run.values()) if per_run else None
    result["peak_rss_mb_by_run"] = per_run
    result["peak_pss_mb_by_run"] = {f"{k}_e2e": v["peak_pss_mb"] for k, v in e2e.items() if isinstance(v, dict)}
    result["best_round_per_s"] = {k: round(v["best_per_s"]) for k, v in engines.items()}
    result["best_round_per_s"] |= {f"{k}_e2e": _round(v["best_per_s"]) for k, v in e2e.items()
                                   if isinstance(v, dict)}
    bulk_rss = [e2e[k]["peak_rss_mb"] for k in ("csv_jobs1", "csv_jobs2") if k in e2e]
    result["csv_e2e_peak_rss_mb"] = max(bulk_rss) if bulk_rss else None
    result["csv_e2e_peak_pss_mb"] = measure.max_or_none([e2e[k]["peak_pss_mb"] for k in ("csv_jobs1", "csv_jobs2")
                                                         if k in e2e])
    result["load_before_round"] = {k: v["load_before"] for k, v in engines.items()}
    result["rates_by_round"] = {k: [round(x) for x in v["rates"]] for k, v in engines.items()}
    result["rates_by_round"] |= {f"{k}_e2e": [_round(x) for x in v["rates"]]
                                 for k, v in e2e.items() if isinstance(v, dict)}
    result["failed_e2e_rounds"] = {k: v["failed_rounds"] for k, v in e2e.items()
                                   if isinstance(v, dict) and v["failed_rounds"]}
    result["durable_sessions_per_round"] = engines.get("engine", {}).get("durable_sessions")
    result["agreement"] = prep["agreement"]
    result["workload"] = {"engine_dossiers": engines["engine"]["n"] if "engine" in engines else sizes["engine_n"],
                          "yaml_files": sizes["yaml_n"], "bulk_applicants": sizes["bulk_n"],
                          "rules": len(prep["criteria"].rules), "rounds": sizes["rounds"],
                          "e2e_rounds": sizes["e2e_rounds"], "bulk_rounds": sizes["bulk_rounds"],
                          "seed": workload.SEED}
    result["machine"] = machine_info() | {"load_average_start": started["load"],
                                          "load_average_end": [round(x, 2) for x in os.getloadavg()]}
    result["code"] = {"certify": snapshot.fingerprint(), "snapshot": snapshot.in_snapshot()}
    result["started"] = started["at"]
    result["seconds"] = round(time.perf_counter() - started["clock"], 1)
    return result


def _round(x, digits=None):
    return None if x is None else round(x, digits)


def _fmt(x, digits=0):
    return "n/a" if x is None else f"{x:,.{digits}f}"


E2E_ROWS = [  # (run name, JSON key of its median rate, what)
    ("yaml_jobs1", "yaml_e2e_jobs1_per_s", "certify check YAML folder, --jobs 1"),
    ("yaml_jobs2", "yaml_e2e_per_s", "certify check YAML folder, --jobs 2"),
    ("csv_jobs1", "csv_e2e_jobs1_per_s", "certify check large batch, --jobs 1"),
    ("csv_jobs2", "csv_e2e_per_s", "certify check large batch, --jobs 2"),
]


def table(result: dict) -> str:
    """The result as a table and notes; made from the JSON object alone (see --from-json)."""
    w = result["workload"]
    best, rss = result.get("best_round_per_s", {}), result["peak_rss_mb_by_run"]
    pss = result.get("peak_pss_mb_by_run", {})
    rows = []
    for key, what, size_key, _ in WORKER_ROWS:
        rate = result.get(f"{key}_per_s")
        if rate is None:
            why = "n/a (zen-engine not installed)" if key.startswith("zen") else "not measured in this run"
            rows.append([what, "", why, "", "", "", ""])
            continue
        size = f"{w['engine_dossiers']:,} dossiers" if size_key == "engine_n" else f"{w['yaml_files']:,} YAML texts"
        rows.append([what, size, _fmt(rate), _fmt(best.get(key)), _fmt(1e6 / rate, 1), _fmt(rss.get(key)), ""])
    for name, key, what in E2E_ROWS:
        n = w["yaml_files"] if name.startswith("yaml") else w["bulk_applicants"]
        size = f"{n:,} files" if name.startswith("yaml") else f"{n:,} applicants"
        rate = result.get(key)
        if rate is None:
            why = ("n/a (no --jobs option yet)" if not result["jobs_available"] and name.endswith("2")
                   else "not run" if not result.get("e2e_run", True) else "FAILED (see the progress output)")
            rows.append([what, size, why, "", "", "", ""])
            continue
        run = f"{name}_e2e"
        rows.append([what + f" ({n / rate:.1f} s)", size, _fmt(rate), _fmt(best.get(run)), _fmt(1e6 / rate, 1),
                     _fmt(rss.get(run)), _fmt(pss.get(run))])
    text = tabulate(rows, headers=["measure", "workload", "per second (median)", "best round", "µs each",
                                   "peak RSS MB", "peak PSS MB"],
                    tablefmt="github", disable_numparse=True)
    a = result["agreement"]
    notes = [
        "",
        f"large batch input: {result['csv_input']}",
        f"agreement with certify on {a['sample']:,} dossiers ({a['decided']:,} decided without review, "
        f"{a['rules']} rules each): zen differs on {_fmt(a['zen_disagreements'])}, "
        f"the floor on {a['floor_disagreements']} rule outcomes",
        f"durable-rules sessions per engine round (cold band cache): {_fmt(result['durable_sessions_per_round'])}",
        f"rounds: {w['rounds']} (engines), {w['e2e_rounds']} (YAML end to end), {w['bulk_rounds']} (large batch); "
        "per second is the median, best round the fastest (other load on the machine only ever slows a round)",
        "peak RSS: engines, each worker process's own (workload included); end to end, the summed RSS of the "
        "command's process tree (pool workers count pages shared with their parent twice); PSS splits them",
        f"code measured: certify {result.get('code', {}).get('certify', '?')}"
        f"{' (a copy taken at the start)' if result.get('code', {}).get('snapshot') else ' (the live tree)'}",
        f"machine: {result['machine']['cpus']} CPUs, {result['machine']['cpu']}, Python "
        f"{result['machine']['python']}; load average at start {result['machine']['load_average_start']}, "
        f"at end {result['machine']['load_average_end']}",
        "",
        "targets:",
    ] + [f"  {line}" for line in targets(result)]
    for line in warnings(result):
        notes.append(f"WARNING: {line}")
    return text + "\n" + "\n".join(notes)


def targets(r: dict) -> list[str]:
    def check(ok):
        return "n/a" if ok is None else ("met" if ok else "NOT met")

    def both(a, b, fn):
        return None if a is None or b is None else fn(a, b)

    return [
        f"engine alone (explanations kept) faster than zen trace on: {_fmt(r['engine_per_s'])} vs "
        f"{_fmt(r['zen_trace_per_s'])}/s: {check(both(r['engine_per_s'], r['zen_trace_per_s'], lambda a, b: a > b))}",
        f"end to end >= 3,000 YAML dossiers/s with --jobs 2: {_fmt(r['yaml_e2e_per_s'])} "
        f"(--jobs 1: {_fmt(r['yaml_e2e_jobs1_per_s'])}/s): "
        f"{check(None if r['yaml_e2e_per_s'] is None else r['yaml_e2e_per_s'] >= 3000)}",
        f"within 2x of the C-loader YAML parse alone ({_fmt(r['yaml_parse_per_s'])}/s): "
        f"{check(both(r['yaml_e2e_per_s'] or r['yaml_e2e_jobs1_per_s'], r['yaml_parse_per_s'], lambda a, b: 2 * a >= b))}"
        f" ({'--jobs 2' if r['yaml_e2e_per_s'] else '--jobs 1'})",
        f"{r['workload']['bulk_applicants']:,} applicants in < 30 s with --jobs 2: "
        f"{_fmt(r['csv_e2e_seconds'], 1)} (--jobs 1: {_fmt(r['csv_e2e_jobs1_seconds'], 1)} s): "
        f"{check(None if r['csv_e2e_seconds'] is None else r['csv_e2e_seconds'] < 30)}",
        f"peak RSS < 300 MB on the large batch: {_fmt(r['csv_e2e_peak_rss_mb'])}: "
        f"{check(None if r['csv_e2e_peak_rss_mb'] is None else r['csv_e2e_peak_rss_mb'] < 300)}",
        f"--jobs 2 >= 1.7x --jobs 1 on the YAML batch: {_fmt(r['jobs_speedup'], 3)}: "
        f"{check(both(r['yaml_e2e_per_s'], r['yaml_e2e_jobs1_per_s'], lambda a, b: a >= 1.7 * b))}",
    ]


def warnings(r: dict) -> list[str]:
    out = []
    a = r["agreement"]
    for who in ("zen", "floor"):
        if a[f"{who}_disagreements"]:
            out.append(f"{who} disagrees with certify on {a[f'{who}_disagreements']} rule outcomes: "
                       "the comparison is not apples to apples")
    if a.get("zen_floor_disagreements"):
        out.append(f"zen and the floor disagree on {a['zen_floor_disagreements']} rule outcomes")
    if r["csv_input"] and r["csv_input"].startswith("stand-in"):
        out.append("the large batch is not CSV: " + r["csv_input"])
    for name, count in r.get("failed_e2e_rounds", {}).items():
        out.append(f"{count} end-to-end round(s) of {name} failed and were left out")
    if not r["jobs_available"]:
        out.append("certify check has no --jobs option yet: only --jobs 1 (the default) was measured")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--quick", action="store_true", help="a small version, under a minute")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here and reuse them")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end runs (c)")
    parser.add_argument("--live", action="store_true",
                        help="measure the tree as it is at each moment, not a copy taken at the start")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="print the table of a result saved with --json, measuring nothing")
    for key in FULL:
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, help=f"override {key} (full: {FULL[key]:,})")
    args = parser.parse_args(argv)
    if args.from_json:
        print(table(json.loads(args.from_json.read_text(encoding="utf-8"))))
        return 0
    if not args.live and not snapshot.in_snapshot():
        return snapshot.rerun_in_snapshot("run.py", sys.argv[1:] if argv is None else argv)
    sizes = dict(QUICK if args.quick else FULL)
    sizes |= {k: getattr(args, k) for k in FULL if getattr(args, k) is not None}
    started = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "clock": time.perf_counter(),
               "load": [round(x, 2) for x in os.getloadavg()]}
    with_zen = zen_available()
    if not with_zen:
        say("zen-engine is not installed (pip install -e '.[bench]'): its rows are n/a")
    tmp = None
    if args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="certify-bench-")
        work = Path(tmp.name)
    try:
        prep = prepare(work, sizes, with_zen)
        engines = measure_engines(prep, sizes["rounds"], with_zen)
        jobs = workload.has_jobs()
        e2e = {} if args.no_e2e else measure_e2e(work, sizes, prep["yaml_dir"], jobs)
        result = summary(sizes, prep, engines, e2e, jobs, started)
    finally:
        if tmp is not None:
            tmp.cleanup()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
