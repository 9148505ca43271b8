"""Measuring: worker processes asked for interleaved rounds, and command lines with their peak RSS."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")

try:
    import psutil
except ImportError:  # the bench extra is not installed: peak RSS from wait4 only
    psutil = None


class Worker:
    """A worker process (worker.py) holding one engine and its workload."""

    def __init__(self, kind: str, workload: Path) -> None:
        self.kind = kind
        self.proc = subprocess.Popen([sys.executable, str(WORKER), kind, str(workload)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.rounds: list[dict] = []
        self.final: dict = {}

    def _ask(self, command: str | None = None) -> dict:
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker {self.kind} exited (status {self.proc.wait()})")
        return json.loads(line)

    def ready(self) -> dict:
        return self._ask()

    def round(self) -> dict:
        result = self._ask("round")
        self.rounds.append(result)
        return result

    def quit(self) -> dict:
        self.final = self._ask("quit")
        self.proc.wait()
        return self.final

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def interleaved(workers: dict[str, Worker], rounds: int, progress=None) -> None:
    """`rounds` rounds of every worker, one at a time, the order rotated each round."""
    names = list(workers)
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            load = os.getloadavg()[0]
            result = workers[name].round()
            result["load_before"] = round(load, 2)
            if progress:
                progress(f"  round {r + 1}/{rounds} {name}: {result['n'] / result['seconds']:,.0f}/s")


def run_workers(workloads: dict[str, Path], rounds: int, progress=None) -> dict[str, dict]:
    """Start a worker per kind (they load in parallel), run interleaved rounds, collect figures."""
    workers = {kind: Worker(kind, path) for kind, path in workloads.items()}
    try:
        for w in workers.values():
            w.ready()
        interleaved(workers, rounds, progress)
        out = {}
        for kind, w in workers.items():
            final = w.quit()
            rates = [r["n"] / r["seconds"] for r in w.rounds]
            out[kind] = {"per_s": statistics.median(rates), "best_per_s": max(rates), "rates": rates,
                         "n": w.rounds[0]["n"], "peak_rss_mb": final["peak_rss_mb"],
                         "load_before": [r["load_before"] for r in w.rounds]} | {
                k: v for k, v in w.rounds[0].items() if k not in ("seconds", "n", "load_before")}
        return out
    finally:
        for w in workers.values():
            w.close()


def _tree_memory(proc, with_pss: bool) -> tuple[int, int | None]:
    """Resident (and with `with_pss` proportional) bytes of a process and all its descendants.

    RSS counts a page shared by a forked worker and its parent in both; PSS splits
    it between them, so the PSS sum is the tree's real footprint. PSS reads
    smaps_rollup, which costs more than RSS: it is asked for less often.
    """
    rss = pss = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, None
    for p in procs:
        try:
            if with_pss:
                full = p.memory_full_info()
                rss += full.rss
                pss += getattr(full, "pss", full.rss)
            else:
                rss += p.memory_info().rss
        except psutil.Error:
            continue
    return rss, pss if with_pss else None


def run_command(argv: list[str], stdout_path: Path, *, interval: float = 0.02, longest: float = 0.25) -> dict:
    """Run a command to completion, its standard output to a file; wall time and peak memory.

    `tree_rss_mb` is the peak of the summed RSS of the process and its descendants
    (psutil, polled every `interval` s at first, backing off to every `longest` s so
    that polling a long run takes no noticeable CPU from it; PSS about once a second)
    and `tree_pss_mb` the same with PSS;
    `maxrss_mb` is what wait4 reports (the largest single process's peak, but on
    Linux it also counts this process's size at fork, so it is only an upper bound).
    """
    with open(stdout_path, "wb") as out, open(stdout_path.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        peak = [0, 0]
        stop = threading.Event()

        def poll() -> None:
            try:
                p = psutil.Process(proc.pid)
            except psutil.Error:  # already gone
                return
            wait, last_pss = interval, 0.0
            while not stop.is_set():
                now = time.perf_counter()
                with_pss = now - last_pss >= 1.0
                rss, pss = _tree_memory(p, with_pss)
                peak[0] = max(peak[0], rss)
                if pss is not None:
                    peak[1], last_pss = max(peak[1], pss), now
                stop.wait(wait)
                wait = min(longest, wait * 1.25)

        poller = threading.Thread(target=poll, daemon=True) if psutil is not None else None
        if poller:
            poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        if poller:
            poller.join()
    maxrss = usage.ru_maxrss / 1024
    mb = (lambda b: round(b / 2**20, 1)) if psutil is not None else (lambda b: None)
    return {"seconds": seconds, "returncode": proc.returncode, "maxrss_mb": round(maxrss, 1),
            "tree_rss_mb": mb(peak[0]), "tree_pss_mb": mb(peak[1]),
            "stderr": stdout_path.with_suffix(".err").read_text(errors="replace")[-2000:]}


def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def max_or_none(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None
