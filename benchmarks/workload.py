"""The benchmarks' workloads: synthetic dossiers validated, their facts, flat rows, and files.

Everything is made once per run from `certify.synthetic` (seeded, so every engine
sees the same applicants) and handed to the measuring processes as pickles, so
that no engine's figure includes making its input.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from copy import copy
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


def write_workbook(path: Path, n: int, seed: int = SEED, *, saved_by: str = "excel") -> Path:
    """`n` synthetic applicants as one HR workbook in the layout of `certify template` (English): each sheet's
    header and example row (#E1024, a note, never judged), then the applicants' rows in the order they come,
    and the notes sheet. The same applicants as write_csv_set's.

    Written in openpyxl's write-only mode, rows streamed to temporary files and zipped at the end, so that
    100,000 applicants take neither minutes of styling nor gigabytes of cells held in memory. openpyxl
    writes every text as an inline string and a write-only sheet without its <dimension>; Excel and WPS
    save text in the shared string table and give each sheet its dimension, and openpyxl reads the two
    differently (an inline string is an element of its own; a sheet without a dimension is parsed once
    more when the workbook is opened). With `saved_by="excel"` (the default) the file is rewritten as
    they save it (as_excel_saves); `saved_by="openpyxl"` leaves it as openpyxl wrote it.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from certify.sheets import COLUMNS, SECTIONS, SHEETS
    from certify.template import build_template

    if saved_by not in ("excel", "openpyxl"):
        raise ValueError(f"saved_by must be 'excel' or 'openpyxl', got {saved_by!r}")
    template = build_template("en")
    book = Workbook(write_only=True)
    sheets = {}
    size: dict[str, list[int]] = {}  # sheet -> [rows, columns], for its dimension
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
        size[name] = [source.max_row, source.max_column]
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
        size["applicants"][0] += 1
        for section, item in children:
            sheets[section].append([ident if k == "id" else _book_cell(item.get(k)) for k in keys[section]])
            size[section][0] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    if saved_by == "openpyxl":
        book.save(path)
        return path
    written = path.with_name(path.name + ".openpyxl")
    book.save(written)
    try:
        as_excel_saves(written, path, {name: tuple(rc) for name, rc in size.items()})
    finally:
        written.unlink()
    return path


# openpyxl's cells as it writes them (xml.etree): a text, a number.
_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: xml:space="preserve")?>'
                     rb'([^<]*)</t></is></c>')
_NUMBER = re.compile(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="n"')
_EMPTY = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="(?:n|inlineStr)" />')  # None, or ""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def as_excel_saves(source: Path, dest: Path, size: dict[str, tuple[int, int]]) -> Path:
    """Copy a workbook openpyxl wrote to `dest` as Excel saves one: every inline string a reference into
    xl/sharedStrings.xml, no t="n" on numbers, no element for an empty cell unless it is styled, and each
    sheet's <dimension ref="A1:G10001"/> (`size`: sheet name -> (rows, columns)). Sheets are rewritten as
    streams, a block at a time."""
    import zipfile

    from openpyxl.utils import get_column_letter

    strings: dict[bytes, int] = {}
    uses = 0

    def excel(text: bytes) -> bytes:
        text = _EMPTY.sub(lambda m: b'<c r="%s"%s/>' % m.groups() if m.group(2) else b"", text)
        return _NUMBER.sub(rb"\1", _INLINE.sub(shared, text))

    def shared(m: re.Match) -> bytes:
        nonlocal uses
        uses += 1
        index = strings.setdefault(m.group(3), len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2) or b"", index)

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = _sheet_parts_of(zin)
        for info in zin.infolist():
            if info.filename in parts:
                rows, columns = size[parts[info.filename]]
                dimension = b'<dimension ref="A1:%s%d"/>' % (get_column_letter(max(columns, 1)).encode(), max(rows, 1))
                with zin.open(info) as f, zout.open(info.filename, "w") as out:
                    tail, first = b"", True
                    while block := f.read(1 << 20):
                        text = tail + block
                        if first:  # the dimension goes before the sheet's views (after sheetPr)
                            at = min(i for i in (text.find(b"<sheetViews"), text.find(b"<sheetFormatPr"),
                                                 text.find(b"<cols"), text.find(b"<sheetData")) if i >= 0)
                            text, first = text[:at] + dimension + text[at:], False
                        cut = text.rfind(b"</row>") + 6 if b"</row>" in text else 0
                        out.write(excel(text[:cut]))
                        tail = text[cut:]
                    out.write(excel(tail))
            elif info.filename == "[Content_Types].xml":
                text = zin.read(info).decode("utf-8")
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_CONTENT}"/>'
                zout.writestr(info.filename, text.replace("</Types>", override + "</Types>"))
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = zin.read(info).decode("utf-8")
                rel = f'<Relationship Id="rIdSharedStrings" Type="{_SST_TYPE}" Target="sharedStrings.xml"/>'
                zout.writestr(info.filename, text.replace("</Relationships>", rel + "</Relationships>"))
            else:
                zout.writestr(info, zin.read(info))
        with zout.open("xl/sharedStrings.xml", "w") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" '
                      b'uniqueCount="%d">' % (_MAIN.encode(), uses, len(strings)))
            for text in strings:
                space = b' xml:space="preserve"' if text != text.strip() else b""
                out.write(b"<si><t%s>%s</t></si>" % (space, text))
            out.write(b"</sst>")
    return dest


def _sheet_parts_of(archive) -> dict[str, str]:
    """Each worksheet part of a zip -> its sheet's name."""
    from certify.sheetmerge import sheet_parts

    return {part: name for name, part in sheet_parts(archive).items()}


def write_bulk_workbook(folder: Path, n: int, seed: int = SEED, *, saved_by: str = "excel") -> tuple[list[str], str]:
    """The large batch as one workbook (write_workbook), made once per size, seed and writer in `folder`.

    Returns the paths to pass to `certify check` and a description of the input.
    """
    path = folder / f"applicants-{n}-{seed}-{saved_by}.xlsx"
    marker = folder / f".written-{n}-{seed}-{saved_by}-xlsx"
    if not (marker.exists() and path.exists()):
        marker.unlink(missing_ok=True)
        write_workbook(path, n, seed, saved_by=saved_by)
        marker.write_text("ok")
    how = ("shared strings and dimensions, as Excel saves it" if saved_by == "excel"
           else "as openpyxl writes it: inline strings, no dimensions")
    return [str(path)], (f"workbook ({n:,} applicants in one .xlsx in the template's layout, "
                         f"applicants/education/employment/projects/notes sheets; {how})")
