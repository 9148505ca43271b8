"""How certify's workbooks print: the summary (汇总表) a committee signs, and the template HR fills in.

Printed from Excel or WPS as they come, a wide sheet of hundreds of rows would be cut across
its columns, with its headings on the first page only and no page numbers. Each sheet here
says, with openpyxl's own print settings, how it prints: on A4, landscape when its columns
are wider than a portrait page, one page wide and as many tall as its rows take, the heading
row at the top of every page, the grid printed (the tables have no borders of their own), a
header saying what the page is (as the document itself says it) and a footer numbering the
pages (第 1 页，共 3 页; Page 1 of 3). A document the committee signs (the summary) has a signature
line in the footer of every page, with room above it for the hand. Header and footer print at one
size (MARGIN_TEXT) however small the table is fitted to the page: a summary fitted to half its size
keeps its page numbers legible and its signature line long enough to sign on.
"""

from __future__ import annotations

# The page's number and the number of pages, in a header or footer's codes.
PAGE_OF = {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"}
# Excel keeps a header or a footer of at most 255 characters, its codes (&L, &C, &R) included.
HEADER_ROOM = 255
# How wide (in column widths: characters of the default font) a portrait A4 page's table may be (Excel's default
# margins hold 90; MARGINS some 105): a wider sheet prints landscape.
PORTRAIT_WIDTH = 90
DEFAULT_WIDTH = 13  # a column of no width of its own, as Excel shows it (8.43) with its margin, rounded up
# The page's margins, in inches as a workbook keeps them: Excel's "Narrow" (openpyxl's own default is 0.75 at
# the sides, 1 at top and foot): a table one page wide prints as large as the paper lets it.
MARGINS = {"left": 0.25, "right": 0.25, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
SIGNED_BOTTOM = 1.0  # a signed page's foot: some 15 mm between its last row and the footer's signature line
MARGIN_TEXT = 9  # points: a header's or a footer's size, not scaled with the table (scaleWithDoc)
BLANK = "_" * 24  # a signature's line in a footer; at MARGIN_TEXT about 40 mm long


def header_text(text: str) -> str:
    """`text` as a header or footer shows it: & is a header's code (&P, the page), and && shows an &."""
    return text.replace("&", "&&")


def fit(parts: list[str], room: int = HEADER_ROOM - 3 * len(f"&L&{MARGIN_TEXT} ")) -> list[str]:
    """The parts of a header (left, centre, right), the longest cut (…) until together they fit in `room`,
    an & counting for two (the room: what the parts' codes, &L&9 and the like, leave)."""
    parts = list(parts)
    while sum(len(header_text(p)) for p in parts) > room:
        i = max(range(len(parts)), key=lambda k: len(header_text(parts[k])))
        over = sum(len(header_text(p)) for p in parts) - room
        parts[i] = parts[i][:max(0, len(parts[i]) - over - 1)].rstrip() + "…"
    return parts


def landscape(widths) -> bool:
    """Whether columns of these widths (None: a column without one) are too wide for a portrait page."""
    return sum(DEFAULT_WIDTH if w is None else w for w in widths) > PORTRAIT_WIDTH


def fit_to_width(ws) -> None:
    """Print `ws` one page wide: before a write-only sheet's first row, which its properties precede."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def signature_line(signed: str, date: str, colon: str) -> str:
    """What a signed page's footer says on its right: `signed` and `date` (as the review sheets word them), each
    followed by `colon` and a line to write on (评审委员签字：____ 日期：____)."""
    return f"{signed}{colon}{BLANK}   {date}{colon}{BLANK[:12]}"


def page_setup(ws, lang: str, *, wide: bool, heading_rows: str | None = "1:1", grid: bool = True,
               signed: str = "") -> None:
    """A4, landscape when `wide`, narrow margins, one page wide and as many tall as it takes, `heading_rows` on
    every page, the grid printed when `grid`, the pages numbered in the footer (in `lang`), and, `signed`, a
    signature_line on the footer's right, above which the page's foot leaves room to sign."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.worksheet import Worksheet

    fit_to_width(ws)
    setup = ws.page_setup
    setup.paperSize, setup.orientation = Worksheet.PAPERSIZE_A4, "landscape" if wide else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # 0: as many pages tall as the rows take
    if heading_rows:
        ws.print_title_rows = heading_rows
    ws.print_options.gridLines = grid
    ws.page_margins = PageMargins(**{**MARGINS, **({"bottom": SIGNED_BOTTOM} if signed else {})})
    ws.HeaderFooter.scaleWithDoc = False  # the header and footer at MARGIN_TEXT, whatever the table's scale
    margin_text(ws.oddFooter.center, PAGE_OF[lang])
    if signed:
        margin_text(ws.oddFooter.right, header_text(signed))


def margin_text(part, text: str) -> None:
    """A part of a header or footer saying `text` (its codes as they are: &P, &A) at MARGIN_TEXT points."""
    part.text, part.size = text, MARGIN_TEXT


def page_header(ws, left: str = "", center: str = "", right: str = "") -> None:
    """What the page is, at the top of every page: `left`, `center` and `right` as text (an & shows as one)."""
    for part, text in zip((ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right), fit([left, center, right])):
        if text:
            margin_text(part, header_text(text))


def dates_text(dates: list[str], lang: str, most: int = 3) -> str:
    """Sorted dates (ISO) for a header: each, or, of more than `most`, the first and the last
    (2021-12-31 至 2025-12-31)."""
    if len(dates) > most:
        return f"{dates[0]} 至 {dates[-1]}" if lang == "zh" else f"{dates[0]} to {dates[-1]}"
    return ("、" if lang == "zh" else ", ").join(dates)
