"""Measure one version of the code: re-run a benchmark on a copy of certify/ taken when it starts.

Several people edit the tree while a 15-minute run goes on; without a copy, later
rounds would time different code than earlier ones. The copy (certify/ with its
rulesets, and benchmarks/) goes to a temporary folder, and the script runs again
from there with PYTHONPATH pointing at it, so every process of the run (workers,
the `certify` console script, its pool) imports the copy and not the editable
install. `--live` skips this and measures the tree as it is at each moment.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ENV = "CERTIFY_BENCH_SNAPSHOT"
ROOT = Path(__file__).resolve().parent.parent


def take(dest: Path, root: Path = ROOT) -> Path:
    """Copy certify/ (symlinked rulesets copied as files) and benchmarks/ into `dest`."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "certify", dest / "certify", ignore=ignore)
    shutil.copytree(root / "benchmarks", dest / "benchmarks", ignore=ignore)
    return dest


def fingerprint(package: Path | None = None) -> str:
    """A short hash of the certify package being measured (its .py files and rulesets).

    certify/rulesets is a link to the repository's rulesets/ in the tree and a copy in
    a snapshot: the walk follows links, so that both give the same hash.
    """
    if package is None:
        import certify

        package = Path(certify.__file__).resolve().parent
    found = []
    for folder, dirs, files in os.walk(package, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(folder, f) for f in files if f.endswith((".py", ".yaml"))]
    h = hashlib.sha256()
    for path in sorted(found, key=lambda p: p.relative_to(package).as_posix()):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def in_snapshot() -> bool:
    return bool(os.environ.get(ENV))


def rerun_in_snapshot(script: str, argv: list[str]) -> int:
    """Run benchmarks/`script` with `argv` on a fresh copy of the code; its exit status."""
    with tempfile.TemporaryDirectory(prefix="certify-snapshot-") as tmp:
        dest = take(Path(tmp))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(dest), env.get("PYTHONPATH")) if p)
        env[ENV] = str(dest)
        print(f"measuring a copy of the code taken now ({dest}); --live measures the tree as it changes",
              file=sys.stderr, flush=True)
        return subprocess.run([sys.executable, str(dest / "benchmarks" / script), *argv], env=env,
                              check=False).returncode
