"""How cost grows with the batch: `python benchmarks/scaling.py [--sizes 1000,10000,100000] [--json]`.

`--no-engine` measures end to end only (for 10^6: the engine-alone run would keep
every dossier's facts and results, ~10 GB); `--no-e2e` the engine alone only.

For each size N, each in a fresh process, one run of:

  engine   certify's Engine (band cache on, cold at the start) on the facts of N
           synthetic dossiers, every outcome and explanation kept until the end:
           wall time of the loop, and the process's peak RSS (which includes the N
           dossiers' facts and the N kept results);
  e2e      `certify check --format jsonl -q` on N applicants (a CSV set when
           certify reads one, else N JSON files: the same input as run.py's large
           batch), standard output to a file: wall time, and the peak RSS summed
           over the process tree.

`--xlsx` runs e2e on one workbook of the same N applicants instead (the template's
layout, made with openpyxl's write-only mode, then rewritten with shared strings and
dimensions as Excel saves it, and kept in --workdir); `--xlsx openpyxl` leaves it as
openpyxl writes it (inline strings, no dimensions), which openpyxl reads more slowly.
`--to-file` has certify write the results itself (`-o FILE`, written whole and synced
to disk) rather than to its standard output redirected to a file.

Sizes are single runs, not medians: this is about growth, not the last percent.
docs/performance.md extrapolates from it to 10^6 and says what is measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import as the package, never benchmarks/ itself
    _HERE = Path(__file__).resolve().parent  # (benchmarks/profile.py would shadow the stdlib's profile)
    sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from benchmarks import measure, snapshot, workload  # noqa: E402


def engine_child(n: int) -> dict:
    """In a fresh process: make N dossiers' facts, then time the engine loop over them."""
    from certify.engine import Engine
    from certify.explain import explain

    from benchmarks.worker import engine_round, peak_rss_mb

    t = time.perf_counter()
    facts = workload.facts_list(workload.validated(n))
    prepare_s = time.perf_counter() - t
    rss_before = peak_rss_mb()
    engine = Engine(workload.load_ruleset(), cache=True)
    t = time.perf_counter()
    kept = engine_round(engine, facts, explain)
    seconds = time.perf_counter() - t
    return {"n": kept, "seconds": seconds, "per_s": kept / seconds, "prepare_s": prepare_s,
            "rss_before_mb": round(rss_before, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "durable_sessions": engine.engine_calls, "band_cache_entries": len(engine._cache)}


def measure_engine(n: int) -> dict:
    run = subprocess.run([sys.executable, __file__, "--engine-child", str(n)], capture_output=True, text=True,
                         check=True)
    return json.loads(run.stdout)


def measure_e2e(work: Path, n: int, jobs: int | None, *, xlsx: str | None = None, to_file: bool = False) -> dict:
    if xlsx:
        t = time.perf_counter()
        paths, described = workload.write_bulk_workbook(work / f"bulk-{n}", n, saved_by=xlsx)
        if time.perf_counter() - t > 1:
            print(f"workbook of {n:,} ready ({time.perf_counter() - t:.1f} s)", file=sys.stderr, flush=True)
    else:
        paths, described = workload.write_bulk_input(work / f"bulk-{n}", n)
    argv = workload.certify_command() + ["check", *paths, "--format", "jsonl", "-q"]
    if jobs:
        argv += ["--jobs", str(jobs)]
    out = work / f"out-{n}.jsonl"
    if to_file:  # certify writes the file; its standard output (nothing, with -q) goes to another
        argv += ["-o", str(out), "--force"]
        res = measure.run_command(argv, out.with_suffix(".stdout"))
        out.with_suffix(".stdout").unlink()
    else:
        res = measure.run_command(argv, out)
    res["lines"] = measure.count_lines(out)
    res["output_mb"] = round(out.stat().st_size / 2**20, 1)
    out.unlink()
    res.pop("stderr")
    return res | {"n": n, "per_s": n / res["seconds"], "input": described, "jobs": jobs or 1,
                  "output": "-o FILE" if to_file else "standard output to a file"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--workdir", type=Path, help="keep the generated input here and reuse it")
    parser.add_argument("--no-e2e", action="store_true")
    parser.add_argument("--no-engine", action="store_true",
                        help="end to end only (the engine-alone run keeps every dossier: ~10 GB at 10^6)")
    parser.add_argument("--xlsx", nargs="?", const="excel", choices=("excel", "openpyxl"),
                        help="end to end on one workbook of N applicants instead of the CSV set, saved as "
                             "Excel saves it (the default) or as openpyxl writes it")
    parser.add_argument("--to-file", action="store_true",
                        help="certify writes the results with -o FILE rather than to standard output")
    parser.add_argument("--live", action="store_true",
                        help="measure the tree as it is at each moment, not a copy taken at the start")
    parser.add_argument("--engine-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.engine_child:
        print(json.dumps(engine_child(args.engine_child)))
        return 0
    if not args.live and not snapshot.in_snapshot():
        return snapshot.rerun_in_snapshot("scaling.py", sys.argv[1:] if argv is None else argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [1, 2] if workload.has_jobs() else [None]
    rows = []
    with tempfile.TemporaryDirectory(prefix="certify-scaling-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            if not args.no_engine:
                e = measure_engine(n)
                print(f"engine {n:,}: {e['seconds']:.1f} s, {e['per_s']:,.0f}/s, peak RSS {e['peak_rss_mb']} MB",
                      file=sys.stderr, flush=True)
                rows.append({"what": "engine alone", "jobs": None} | e)
            if args.no_e2e:
                continue
            for j in jobs:
                r = measure_e2e(work, n, j, xlsx=args.xlsx, to_file=args.to_file)
                print(f"e2e{' workbook' if args.xlsx else ''} {n:,} jobs {r['jobs']}: {r['seconds']:.1f} s, "
                      f"{r['per_s']:,.0f}/s, tree RSS {r['tree_rss_mb']} MB", file=sys.stderr, flush=True)
                rows.append({"what": "certify check xlsx" if args.xlsx else "certify check",
                             "peak_rss_mb": r["tree_rss_mb"] or r["maxrss_mb"]} | r)
    if args.json:
        code = {"certify": snapshot.fingerprint(), "snapshot": snapshot.in_snapshot()}
        print(json.dumps({"code": code, "rows": rows}, ensure_ascii=False, indent=2))
        return 0
    from tabulate import tabulate

    print(tabulate([[r["what"], r["jobs"] or "", f"{r['n']:,}", f"{r['seconds']:.2f}", f"{r['per_s']:,.0f}",
                     f"{r['peak_rss_mb']:,.0f}", "" if r.get("tree_pss_mb") is None else f"{r['tree_pss_mb']:,.0f}"]
                    for r in rows],
                   headers=["run", "jobs", "dossiers", "wall s", "per second", "peak RSS MB", "peak PSS MB"],
                   tablefmt="github", disable_numparse=True))
    inputs = {r["input"] for r in rows if "input" in r}
    for text in inputs:
        print(f"\nend-to-end input: {text}")
    for text in {r["output"] for r in rows if "output" in r}:
        print(f"end-to-end output: --format jsonl -q, {text}")
    print(f"code measured: certify {snapshot.fingerprint()}"
          f"{' (a copy taken at the start)' if snapshot.in_snapshot() else ' (the live tree)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
