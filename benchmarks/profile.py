"""Where the time goes: `python benchmarks/profile.py [--n 5000] [--files 2000] [--top 25]`.

Profiles (cProfile) two loops and prints, for each, the top functions by own time
(tottime, with its share of the whole) and by cumulative time, and the own time
summed by package (durable-rules, pydantic, PyYAML, each certify module, ...):

  engine   certify's Engine on precomputed facts, every explanation materialised
           (what run.py's "engine alone" row times);
  e2e      `certify check FOLDER --format jsonl -q` run in this process on a folder
           of YAML files (the single-process pipeline: load, validate, facts, engine,
           forecast, report).

cProfile slows Python code down more than C code, so shares are indicative; the
ranking is what matters.
"""

from __future__ import annotations

import argparse
import contextlib
import pstats
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import as the package, never benchmarks/ itself
    _HERE = Path(__file__).resolve().parent  # (benchmarks/profile.py would shadow the stdlib's profile)
    sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import cProfile  # noqa: E402 (after the path fix)

from benchmarks import workload  # noqa: E402


def area(filename: str) -> str:
    """The package, certify module or stdlib module a function's file belongs to."""
    if filename == "~":
        return "builtins (C functions)"
    if filename.startswith("<frozen "):
        return "stdlib " + filename.removeprefix("<frozen ").rstrip(">")
    if filename.startswith("<"):
        return "generated code (dataclass __init__ etc.)"
    path = Path(filename)
    parts = path.parts
    for top in ("certify", "benchmarks"):
        if top in parts and "site-packages" not in parts:
            i = len(parts) - 1 - parts[::-1].index(top)
            return top + "." + ".".join(parts[i + 1:]).removesuffix(".py")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "lib" in parts and len(parts) >= 2 and parts[-2].startswith("python"):
        return "stdlib " + path.stem
    return "stdlib " + ".".join(parts[-2:]).removesuffix(".py")


def _name(key: tuple) -> str:
    filename, line, func = key
    if filename == "~":
        return func
    return f"{area(filename)}:{line}({func})"


def summarise(prof: cProfile.Profile, top: int) -> dict:
    """Top functions by tottime and cumtime, and tottime by area, as plain data."""
    stats = pstats.Stats(prof)
    raw = stats.stats  # key -> (primitive calls, calls, tottime, cumtime, callers)
    total = sum(v[2] for v in raw.values()) or 1e-9
    by_tot = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    by_cum = sorted(raw.items(), key=lambda kv: kv[1][3], reverse=True)[:top]
    areas: dict[str, float] = defaultdict(float)
    for key, v in raw.items():
        areas[area(key[0])] += v[2]
    return {
        "total_s": total,
        "tottime": [(_name(k), v[1], v[2], v[2] / total) for k, v in by_tot],
        "cumtime": [(_name(k), v[1], v[3], v[3] / total) for k, v in by_cum],
        "areas": sorted(((a, t, t / total) for a, t in areas.items()), key=lambda x: x[1], reverse=True),
    }


def report(title: str, s: dict, top: int) -> str:
    from tabulate import tabulate

    out = [f"== {title}: {s['total_s']:.2f} s profiled ==", "", f"top {top} by own time (tottime):"]
    out.append(tabulate([(n, f"{c:,}", f"{t:.3f}", f"{sh:.1%}") for n, c, t, sh in s["tottime"]],
                        headers=["function", "calls", "tottime s", "share"], tablefmt="github",
                        disable_numparse=True))
    out += ["", f"top {top} by cumulative time:"]
    out.append(tabulate([(n, f"{c:,}", f"{t:.3f}", f"{sh:.1%}") for n, c, t, sh in s["cumtime"]],
                        headers=["function", "calls", "cumtime s", "of total"], tablefmt="github",
                        disable_numparse=True))
    out += ["", "own time by package / certify module:"]
    out.append(tabulate([(a, f"{t:.3f}", f"{sh:.1%}") for a, t, sh in s["areas"][:20]],
                        headers=["area", "tottime s", "share"], tablefmt="github", disable_numparse=True))
    return "\n".join(out) + "\n"


def profile_engine(n: int) -> cProfile.Profile:
    """The engine-alone loop of run.py (a fresh Engine, cold cache) on `n` dossiers' facts."""
    from certify.engine import Engine
    from certify.explain import explain

    from benchmarks.worker import engine_round

    facts = workload.facts_list(workload.validated(n))
    engine = Engine(workload.load_ruleset(), cache=True)
    prof = cProfile.Profile()
    prof.enable()
    engine_round(engine, facts, explain)
    prof.disable()
    return prof


def profile_e2e(folder: Path, extra: list[str] | None = None) -> cProfile.Profile:
    """`certify check FOLDER --format jsonl -q` in this process, standard output to a temporary file.

    With `--jobs 1` (added when certify has the option) the whole pipeline runs here;
    with `--jobs 2` only the parent's share is seen (pool workers are other processes).
    The output is a UTF-8 file, as a redirected standard output is, so that JSON lines
    are written as the bytes they are rendered as (a StringIO would decode them).
    """
    from certify.cli import main

    prof = cProfile.Profile()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as sink:
        with contextlib.redirect_stdout(sink):
            prof.enable()
            try:
                main(["check", str(folder), "--format", "jsonl", "-q", *(extra or [])], standalone_mode=False)
            except SystemExit:
                pass
            finally:
                prof.disable()
        sink.seek(0)
        lines = sum(1 for _ in sink)
    print(f"(e2e wrote {lines:,} result lines)", file=sys.stderr)
    return prof


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="dossiers for the engine loop")
    parser.add_argument("--files", type=int, default=2000, help="YAML files for the end-to-end run")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", choices=("engine", "e2e"))
    parser.add_argument("--workdir", type=Path, help="keep the YAML files here and reuse them")
    parser.add_argument("--save", type=Path, help="also write engine.prof / e2e.prof here (for snakeviz etc.)")
    args = parser.parse_args(argv)
    if args.only != "e2e":
        prof = profile_engine(args.n)
        print(report(f"engine alone, {args.n:,} dossiers, explanations kept", summarise(prof, args.top), args.top))
        if args.save:
            prof.dump_stats(args.save / "engine.prof")
    if args.only != "engine":
        with tempfile.TemporaryDirectory(prefix="certify-profile-") as tmp:
            work = args.workdir or Path(tmp)
            folder = workload.write_yaml_folder(work / f"yaml-{args.files}", args.files)
            jobs = workload.has_jobs()
            prof = profile_e2e(folder, ["--jobs", "1"] if jobs else [])
            print(report(f"certify check, {args.files:,} YAML files, --format jsonl, one process (--jobs 1)",
                         summarise(prof, args.top), args.top))
            if args.save:
                prof.dump_stats(args.save / "e2e.prof")
            if jobs:
                prof = profile_e2e(folder, ["--jobs", "2"])
                print(report(f"certify check --jobs 2, {args.files:,} YAML files: the parent process only",
                             summarise(prof, args.top), args.top))
                if args.save:
                    prof.dump_stats(args.save / "e2e-jobs2-parent.prof")
    return 0


if __name__ == "__main__":
    sys.exit(main())
