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
            result = workers[name].round()
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
            out[kind] = {"per_s": statistics.median(rates), "rates": rates, "n": w.rounds[0]["n"],
                         "peak_rss_mb": final["peak_rss_mb"]} | {
                k: v for k, v in w.rounds[0].items() if k not in ("seconds", "n")}
        return out
    finally:
        for w in workers.values():
            w.close()


def _tree_rss(proc) -> int:
    """Resident bytes of a process and all its descendants (0 for those already gone)."""
    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_command(argv: list[str], stdout_path: Path, *, interval: float = 0.02) -> dict:
    """Run a command to completion, its standard output to a file; wall time and peak RSS.

    `tree_rss_mb` is the peak of the summed RSS of the process and its descendants
    (psutil, polled every `interval` s); `maxrss_mb` is the largest single process's
    peak as the kernel reports it through wait4 (its waited-for descendants included).
    """
    with open(stdout_path, "wb") as out, open(stdout_path.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        peak = [0]
        stop = threading.Event()

        def poll() -> None:
            try:
                p = psutil.Process(proc.pid)
            except psutil.Error:  # already gone
                return
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss(p))
                stop.wait(interval)

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
    return {"seconds": seconds, "returncode": proc.returncode, "maxrss_mb": round(maxrss, 1),
            "tree_rss_mb": round(peak[0] / 2**20, 1) if psutil is not None else None,
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
