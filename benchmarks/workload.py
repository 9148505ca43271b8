"""The benchmarks' workloads: synthetic dossiers validated, their facts, flat rows, and files.

Everything is made once per run from `certify.synthetic` (seeded, so every engine
sees the same applicants) and handed to the measuring processes as pickles, so
that no engine's figure includes making its input.
"""

from __future__ import annotations

import pickle
from copy import copy
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


def _book_cell(value):
    """A synthetic value as HR types it into the template: dates as Excel dates, whole numbers as numbers,
    yes/no and stages as the English template writes them, the rest as text."""
    if value is None or isinstance(value, (int, date)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value) if value else "none"
    return str(value)


def write_workbook(path: Path, n: int, seed: int = SEED) -> Path:
    """`n` synthetic applicants as one HR workbook in the layout of `certify template` (English): each sheet's
    header and example row (#E1024, a note, never judged), then the applicants' rows in the order they come,
    and the notes sheet. The same applicants as write_csv_set's.

    Written in openpyxl's write-only mode, rows streamed to temporary files and zipped at the end, so that
    100,000 applicants take neither minutes of styling nor gigabytes of cells held in memory.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from certify.sheets import COLUMNS, SECTIONS, SHEETS
    from certify.template import build_template

    template = build_template("en")
    book = Workbook(write_only=True)
    sheets = {}
    for name in template.sheetnames:  # applicants, education, employment, projects, notes
        source, ws = template[name], book.create_sheet(name)
        for letter, dim in source.column_dimensions.items():
            ws.column_dimensions[letter].width = dim.width
        ws.freeze_panes = source.freeze_panes
        for check in source.data_validations.dataValidation:
            ws.data_validations.append(check)
        for row in source.iter_rows():  # the header, the example row (a notes sheet: all of it)
            cells = []
            for cell in row:
                made = WriteOnlyCell(ws, cell.value)
                made.font, made.number_format = copy(cell.font), cell.number_format
                cells.append(made)
            ws.append(cells)
        sheets[name] = ws
    keys = {sheet: [c.key for c in COLUMNS if c.sheet == sheet] for sheet in SHEETS}
    for data in synthetic_dossiers(n, seed):
        ident = data["applicant"]["id"]
        flat = data["applicant"] | {"as_of": data.get("as_of")}
        children = []
        for section in SECTIONS:
            items = data.get(section)
            flat[f"{section}_rows"] = None if items is None else len(items)
            children += [(section, item) for item in items or ()]
        sheets["applicants"].append([ident if k == "id" else _book_cell(flat.get(k)) for k in keys["applicants"]])
        for section, item in children:
            sheets[section].append([ident if k == "id" else _book_cell(item.get(k)) for k in keys[section]])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_bulk_workbook(folder: Path, n: int, seed: int = SEED) -> tuple[list[str], str]:
    """The large batch as one workbook (write_workbook), made once per size and seed in `folder`.

    Returns the paths to pass to `certify check` and a description of the input.
    """
    path = folder / f"applicants-{n}-{seed}.xlsx"
    marker = folder / f".written-{n}-{seed}-xlsx"
    if not (marker.exists() and path.exists()):
        marker.unlink(missing_ok=True)
        write_workbook(path, n, seed)
        marker.write_text("ok")
    return [str(path)], (f"workbook ({n:,} applicants in one .xlsx in the template's layout: "
                         "applicants/education/employment/projects/notes sheets)")
