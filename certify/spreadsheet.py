"""The committee's spreadsheets (summary.xlsx, summary.csv, notice.csv): text from the input stays text,
and the same inputs give the same bytes.

A committee opens these in Excel. An id or a name is whatever HR typed, and may begin
with "=": Excel runs such a CSV cell as a formula, and openpyxl stores such a string
as one. Here they become cells that show exactly the text.

openpyxl stamps a workbook with the time it is saved, twice: in its document properties
and on every part of the zip file. save_workbook writes a fixed time in both, so a
cycle's documents are the same files however often, and wherever, they are written.
"""

from __future__ import annotations

import re
import shutil
from contextlib import suppress
from datetime import date, datetime
from functools import lru_cache
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from .scratch import failed

# What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


DATE_FORMAT = "yyyy-mm-dd"  # a date cell's number format: shown as the CSV writes it


def csv_text(value: object) -> object:
    """Text from the input as a CSV cell Excel shows rather than evaluates: `=1+1` -> `'=1+1`.

    Only for text that came with the input (ids, names, files, errors): a committee opens
    these files in Excel, where `=HYPERLINK(...)` in a name would be a live link. Numbers
    and dates certify writes itself are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# The characters a workbook cannot hold (openpyxl refuses them): the control characters but tab and line breaks,
# which a YAML text's escape ("\x1b", "\0") or a CSV cell can put into a name or an id.
_NOT_IN_A_WORKBOOK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _picture(match: re.Match) -> str:
    """A control character as its picture (U+2400 and on: "\x1b" shows as ␛), which a cell can hold."""
    return chr(0x2400 + ord(match.group()))


def summary_csv_row(row: list, text_columns: tuple[int, ...]) -> list:
    """A summary row for summary.csv: empty for None, a date as YYYY-MM-DD, the input text in `text_columns`
    neutralised (see csv_text)."""
    row = ["" if c is None else c.isoformat() if isinstance(c, date) else c for c in row]
    for i in text_columns:
        row[i] = csv_text(row[i])
    return row


def workbook_cells(sheet, row: list, wrapped: tuple[int, ...] = ()) -> list:
    """A row for a write-only sheet, every string a plain text cell showing exactly its value; a text in one
    of the columns `wrapped` wraps within its column.

    openpyxl stores a string beginning with "=" as a formula (and "#N/A" as an error
    value), which Excel would evaluate; an id or a name is text. A text cell that would
    become a formula when edited in Excel is marked as quoted (Excel's leading '). A control character,
    which no cell can hold, shows as its picture (␛ for ESC) rather than failing the whole workbook. A date is a
    date cell shown as YYYY-MM-DD, which Excel filters and sorts as a date."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for i, value in enumerate(row):
        if isinstance(value, date) and not isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = DATE_FORMAT
            cells.append(cell)
            continue
        if not isinstance(value, str):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, _NOT_IN_A_WORKBOOK.sub(_picture, value))
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
        if value and i in wrapped:
            cell.alignment = _wrapped()
        cells.append(cell)
    return cells


@lru_cache(maxsize=1)
def _wrapped():
    """The alignment of a cell whose text wraps within its column (one, for every such cell)."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True)


# The earliest time a zip file can hold: the summary's parts, its created and modified properties.
FIXED_TIME = datetime(1980, 1, 1)


class _FixedTimeZip(ZipFile):
    """A zip file whose every part carries FIXED_TIME rather than the time it was written."""

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16  # what writestr gives a part named by a string
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:
        """A file on disk (openpyxl's stream of a write-only sheet), copied in as it is read: it may be large."""
        with open(filename, "rb") as source, self.open(self._info(arcname or filename), "w") as part:
            shutil.copyfileobj(source, part, 1 << 20)


def save_workbook(book, path) -> None:
    """Save `book` at `path` with the same bytes for the same content: no time of writing in it.

    Workbook.save would set the modified property to now, and the zip would date each
    part now; the workbook is otherwise what Workbook.save writes."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = FIXED_TIME
    archive = _FixedTimeZip(path, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()  # closes the archive
    except BaseException as exc:
        with suppress(Exception):  # the file is thrown away with its folder; the first error says why
            archive.close()
        if isinstance(exc, FileNotFoundError) and exc.filename is None:  # no folder for openpyxl's temporary files
            raise failed(exc) from None
        raise
