"""The benchmarks' workloads: synthetic dossiers validated, their facts, flat rows, and files.

Everything is made once per run from `certify.synthetic` (seeded, so every engine
sees the same applicants) and handed to the measuring processes as pickles, so
that no engine's figure includes making its input.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

from certify.dossier import dossier_from_data
from certify.errors import CertifyError
from certify.facts import Facts, facts_of, resolve_as_of
from certify.ruleset import load_ruleset  # noqa: F401 (re-exported for run.py)
from certify.synthetic import DEFAULT_AS_OF, synthetic_dossiers, write_dossier_files

SEED = 2014


def validated(n: int, seed: int = SEED) -> list:
    """The first `n` synthetic dossiers as validated Dossier models (invalid ones are skipped)."""
    out = []
    for data in synthetic_dossiers(n, seed):
        try:
            out.append(dossier_from_data(data))
        except CertifyError:  # synthetic dossiers are valid; a change there must not break the benchmark
            continue
    return out


def facts_list(dossiers, today: date = DEFAULT_AS_OF) -> list[Facts]:
    """Each dossier's facts as of its own as_of (synthetic dossiers without one: DEFAULT_AS_OF)."""
    return [facts_of(d, resolve_as_of(None, d, today)) for d in dossiers]


def save(obj, path: Path) -> Path:
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load(path: str | Path):
    with open(path, "rb") as f:
        return pickle.load(f)  # noqa: S301 (our own file, written by this run)


def write_yaml_folder(folder: Path, n: int, seed: int = SEED) -> Path:
    """`n` YAML dossier files in `folder` (reused when the folder already holds exactly them)."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.yaml"))) != n:
        write_dossier_files(folder, n, seed, fmt="yaml")
    return folder


def certify_command() -> list[str]:
    """The installed console script next to this interpreter (falls back to `python -m`)."""
    script = Path(sys.executable).with_name("certify")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from certify.cli import main; main()"]


def check_help() -> str:
    return subprocess.run(certify_command() + ["check", "--help"], capture_output=True, text=True,
                          check=False).stdout


def has_jobs(help_text: str | None = None) -> bool:
    """Whether `certify check` has a --jobs option yet."""
    return "--jobs" in (help_text if help_text is not None else check_help())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value) if value else "none"
    return str(value)


def write_csv_set(folder: Path, n: int, seed: int = SEED) -> Path:
    """`n` synthetic applicants as a CSV set (applicants.csv, education.csv, employment.csv,
    projects.csv), headers taken from certify.sheets.COLUMNS so they follow the reader.

    A section the dossier leaves out gets no rows and no declared count (unknown);
    an explicitly empty one declares 0 rows.
    """
    import csv

    from certify.sheets import COLUMNS, SECTIONS, SHEETS

    folder.mkdir(parents=True, exist_ok=True)
    columns = {sheet: [c for c in COLUMNS if c.sheet == sheet] for sheet in SHEETS}
    files = {sheet: open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") for sheet in SHEETS}
    try:
        writers = {sheet: csv.writer(f) for sheet, f in files.items()}
        for sheet, w in writers.items():
            w.writerow([c.en for c in columns[sheet]])
        for data in synthetic_dossiers(n, seed):
            ident = data["applicant"]["id"]
            flat = data["applicant"] | {"as_of": data.get("as_of")}
            for section in SECTIONS:
                items = data.get(section)
                flat[f"{section}_rows"] = None if items is None else len(items)
                for item in items or ():
                    writers[section].writerow([ident if c.key == "id" else _cell(item.get(c.key))
                                               for c in columns[section]])
            writers["applicants"].writerow([ident if c.key == "id" else _cell(flat.get(c.key))
                                            for c in columns["applicants"]])
    finally:
        for f in files.values():
            f.close()
    return folder


def csv_input_works(work: Path) -> bool:
    """Whether `certify check FOLDER` reads a CSV set yet: probed on three applicants."""
    try:
        probe = write_csv_set(work / "csv-probe", 3)
    except ImportError:  # no certify.sheets
        return False
    run = subprocess.run(certify_command() + ["check", str(probe), "--format", "jsonl", "-q"],
                         capture_output=True, text=True, check=False)
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return run.returncode in (0, 1) and len(lines) == 3 and all('"error"' not in line for line in lines)


def write_bulk_input(folder: Path, n: int, seed: int = SEED) -> tuple[list[str], str]:
    """The large batch's input for `certify check`: a CSV set if certify reads one, else JSON files.

    Returns the paths to pass to `certify check` and a description of the input.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if csv_input_works(folder):
        csv_dir = folder / "csv"
        marker = csv_dir / f".written-{n}-{seed}"
        if not marker.exists():
            write_csv_set(csv_dir, n, seed)
            marker.write_text("ok")
        return [str(csv_dir)], f"CSV set ({n:,} applicants: applicants/education/employment/projects.csv)"
    json_dir = folder / "json"
    json_dir.mkdir(exist_ok=True)
    if len(list(json_dir.glob("*.json"))) != n:
        write_dossier_files(json_dir, n, seed, fmt="json")
    return [str(json_dir)], f"stand-in: {n:,} JSON dossier files (certify check reads no CSV set yet)"
