"""One measured engine in a process of its own: `python benchmarks/worker.py KIND WORKLOAD`.

The parent (run.py) starts one worker per engine, waits until each has loaded its
workload, then asks them for rounds one at a time, interleaved, over stdin/stdout:
"round" -> {"seconds": ..., "n": ...}; "quit" -> {"peak_rss_mb": ...}. Only the
loop over the workload is timed; each worker's peak RSS is its own (the workload
included).

Kinds:
  engine       certify's Engine (band cache on, a fresh Engine per round so the
               cache starts cold as in a real batch), every rule's outcome and
               its English explanation materialised and kept until the round ends
  engine_warm  the same with one Engine whose cache was filled before round 1
  engine_readings  as engine, keeping each rule's readings (value, requirement,
               status: the explanation in machine form) but writing no sentence
  engine_outcomes  as engine, keeping each rule's outcome and the plan of the
               comparisons that decide it, nothing laid out (what a trace holds)
  zen, zen_trace  zen-engine on the flat rows (trace off / on), responses kept
  floor        plain Python functions over the flat rows, results kept
  yaml_parse   PyYAML's C loader (yaml.CSafeLoader) on the YAML texts
  parse_validate  certify.load.parse_dossier (parse, duplicate-key check, pydantic)
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import as the package, never benchmarks/ itself
    _HERE = Path(__file__).resolve().parent  # (benchmarks/profile.py would shadow the stdlib's profile)
    sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]


def peak_rss_mb() -> float:
    """This process's own peak RSS.

    Linux's VmHWM belongs to the address space made at exec; ru_maxrss would also
    count the parent's size at fork (it survives exec), which is run.py's, not ours.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def engine_round(engine, facts_list, explain, keep: str = "sentences") -> int:
    """Every rule's outcome and explanation for every dossier, kept; returns the number kept.

    `keep`: "sentences" (the explanations written), "readings" (laid out, not written)
    or "outcomes" (the outcomes alone)."""
    kept = []
    if keep == "sentences":
        for facts in facts_list:
            outcomes = engine.evaluate(facts)
            kept.append((outcomes, [explain(o, "en") for o in outcomes]))
    elif keep == "readings":
        for facts in facts_list:
            outcomes = engine.evaluate(facts)
            kept.append((outcomes, [o.readings for o in outcomes]))
    else:
        for facts in facts_list:
            kept.append(engine.evaluate(facts))
    return len(kept)


class Runner:
    """One round over the workload: `setup` (untimed), then `run` (timed), then `about`."""

    def setup(self) -> None:
        pass

    def run(self) -> int:
        raise NotImplementedError

    def about(self) -> dict:
        return {}


class EngineRunner(Runner):
    def __init__(self, facts_list, warm: bool, keep: str = "sentences") -> None:
        from certify.engine import Engine
        from certify.explain import explain
        from certify.ruleset import load_ruleset

        self.Engine, self.loaded, self.explain = Engine, load_ruleset(), explain
        self.facts_list, self.warm, self.keep = facts_list, warm, keep
        self.engine = Engine(self.loaded, cache=True)
        if warm:  # fill the band cache once: later rounds ask durable-rules nothing new
            engine_round(self.engine, facts_list, explain)

    def setup(self) -> None:
        if not self.warm:  # a cold cache every round, as a batch of this size starts with
            self.engine = self.Engine(self.loaded, cache=True)

    def run(self) -> int:
        return engine_round(self.engine, self.facts_list, self.explain, self.keep)

    def about(self) -> dict:
        return {"durable_sessions": self.engine.engine_calls}


class ZenRunner(Runner):
    def __init__(self, rows, trace: bool) -> None:
        from certify.ruleset import load_ruleset

        from benchmarks.criteria import Criteria, zen_engine

        self.engine, self.key = zen_engine(Criteria(load_ruleset()))
        self.options = {"trace": trace}
        self.rows = rows
        self.engine.evaluate(self.key, rows[0], self.options)  # the first call loads and compiles the graph

    def run(self) -> int:
        evaluate, key, options = self.engine.evaluate, self.key, self.options
        kept = [evaluate(key, row, options) for row in self.rows]
        return len(kept)


class FloorRunner(Runner):
    def __init__(self, rows) -> None:
        from certify.ruleset import load_ruleset

        from benchmarks.criteria import Criteria

        self.decide, self.rows = Criteria(load_ruleset()).python_dict(), rows

    def run(self) -> int:
        decide = self.decide
        kept = [decide(row) for row in self.rows]
        return len(kept)


class YamlParseRunner(Runner):
    def __init__(self, texts) -> None:
        import yaml

        self.yaml, self.texts = yaml, texts

    def run(self) -> int:
        load, loader = self.yaml.load, self.yaml.CSafeLoader
        kept = [load(text, Loader=loader) for text in self.texts]  # noqa: S506 (a safe loader)
        return len(kept)


class ParseValidateRunner(Runner):
    def __init__(self, texts) -> None:
        from certify.load import parse_dossier

        self.parse, self.texts = parse_dossier, texts

    def run(self) -> int:
        parse = self.parse
        kept = [parse(text, f"d{i}.yaml") for i, text in enumerate(self.texts)]
        return len(kept)


def make_runner(kind: str, workload) -> Runner:
    if kind in ("engine", "engine_warm"):
        return EngineRunner(workload, warm=kind == "engine_warm")
    if kind in ("engine_readings", "engine_outcomes"):
        return EngineRunner(workload, warm=False, keep=kind.split("_")[1])
    if kind in ("zen", "zen_trace"):
        return ZenRunner(workload, trace=kind == "zen_trace")
    if kind == "floor":
        return FloorRunner(workload)
    if kind == "yaml_parse":
        return YamlParseRunner(workload)
    if kind == "parse_validate":
        return ParseValidateRunner(workload)
    raise SystemExit(f"unknown kind {kind}")


def time_round(runner: Runner) -> dict:
    """One timed round (the setup and a garbage collection before the clock starts).

    The cyclic garbage collector is off while the clock runs, as `timeit` does, for
    every engine alike: each round keeps every result it makes (hundreds of thousands
    of objects), and the collector's passes over that growing heap would otherwise
    be timed with whichever engine happened to trigger them.
    """
    runner.setup()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        n = runner.run()
        seconds = time.perf_counter() - start
    finally:
        gc.enable()
    return {"seconds": seconds, "n": n} | runner.about()


def main(argv: list[str]) -> None:
    from benchmarks.workload import load

    kind, path = argv[0], argv[1]
    workload = load(path)
    runner = make_runner(kind, workload)
    reply = sys.stdout
    reply.write(json.dumps({"ready": kind, "n": len(workload)}) + "\n")
    reply.flush()
    for line in sys.stdin:
        command = line.strip()
        if command == "round":
            reply.write(json.dumps(time_round(runner)) + "\n")
        elif command == "quit":
            reply.write(json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1)} | runner.about()) + "\n")
            reply.flush()
            return
        reply.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
