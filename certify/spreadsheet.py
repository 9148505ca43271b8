"""The committee's spreadsheets (summary.xlsx, summary.csv, notice.csv): text from the input stays text.

A committee opens these in Excel. An id or a name is whatever HR typed, and may begin
with "=": Excel runs such a CSV cell as a formula, and openpyxl stores such a string
as one. Here they become cells that show exactly the text.
"""

from __future__ import annotations

# What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """Text from the input as a CSV cell Excel shows rather than evaluates: `=1+1` -> `'=1+1`.

    Only for text that came with the input (ids, names, files, errors): a committee opens
    these files in Excel, where `=HYPERLINK(...)` in a name would be a live link. Numbers
    and dates certify writes itself are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# The columns of documents.summary_row that hold text from the input: id, name, file, and (last) the error.
SUMMARY_TEXT_COLUMNS = (0, 1, 2, -1)


def summary_csv_row(row: list) -> list:
    """A summary row for summary.csv: empty for None, input text neutralised (see csv_text)."""
    row = ["" if c is None else c for c in row]
    for i in SUMMARY_TEXT_COLUMNS:
        row[i] = csv_text(row[i])
    return row


def workbook_cells(sheet, row: list) -> list:
    """A row for a write-only sheet, every string a plain text cell showing exactly its value.

    openpyxl stores a string beginning with "=" as a formula (and "#N/A" as an error
    value), which Excel would evaluate; an id or a name is text. A text cell that would
    become a formula when edited in Excel is marked as quoted (Excel's leading ')."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if not isinstance(value, str):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
        cells.append(cell)
    return cells
