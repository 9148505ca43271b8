"""HTML pages of the committee's documents: self-contained (inline CSS and SVG), print-friendly.

No script and nothing fetched: a page opens the same from a shared folder, a USB
stick or a browser without network, and prints as it looks.
"""

from __future__ import annotations

import re
from html import escape
from unicodedata import east_asian_width

from .documents import header_facts
from .documentwords import WORDS, heading
from .explain import STATUS_WORDS, ahead_text, colon, level_label, paren
from .indexpages import PAGE, page_name
from .namesake import named
from .recordfile import LABEL as RECORD
from .verdict import FAIL, REVIEW, STATUSES

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;margin:2em auto;
max-width:60em;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.5em;border-bottom:2px solid #333;padding-bottom:.3em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #999;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}
.pass{color:#1a7f37}.fail{color:#b42318}.review{color:#9a6700}
span.st{font-weight:bold;white-space:nowrap}dl.facts{display:grid;grid-template-columns:max-content 1fr;
gap:.2em 1em}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}
svg.chart text{font-size:12px;fill:#222}svg.chart rect.pass{fill:#1a7f37}svg.chart rect.fail{fill:#d92d20}
svg.chart rect.review{fill:#dca300}svg.chart rect.all{fill:#3d6fb6}
table.applicants{width:auto}.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;
vertical-align:middle}.legend .fail{background:#d92d20}.legend .review{background:#dca300}
.sign{margin-top:2em;border:1px solid #999;padding:1em;min-height:8em}.muted{color:#666}
@page{size:A4;margin:18mm 15mm}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}
tr,.sign,dl.facts{page-break-inside:avoid}thead{display:table-header-group}h1,h2{page-break-after:avoid}
.sign{break-before:avoid}svg.chart{max-width:100%;height:auto}.noprint{display:none}}
"""
# The page's number, in the margin of a printed page (a browser that shows no margin boxes prints its own).
PAGE_OF = {"zh": '"第 " counter(page) " 页，共 " counter(pages) " 页"', "en": '"Page " counter(page) " of " counter(pages)'}
MARGIN_BOX = "font-size:8.5pt;color:#555"


def css_string(text: str) -> str:
    """`text` as a CSS string, safe inside a <style> element: quotes, backslashes, angle brackets, ampersands and
    what does not print escaped (a line break, \\a)."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\<>&' else f"\\{ord(c):x} " for c in text) + '"'


def margins(lang: str, left: str = "", right: str = "", below: str = "") -> str:
    """The margins of every printed page: `left` and `right` at the top (what the page is), `below` at the foot's
    left (by which standard), the page's number at the foot's right."""
    boxes = [("top-left", left), ("top-right", right), ("bottom-left", below)]
    return ("@page{" + "".join(f"@{box}{{content:{css_string(clip(text, 100))};{MARGIN_BOX}}}" for box, text in boxes if text)
            + f"@bottom-right{{content:{PAGE_OF[lang]};{MARGIN_BOX}}}}}")


def page(title: str, body: str, lang: str, running: tuple[str, str] = ("", "")) -> str:
    """A whole HTML page around `body`; printed, each page is headed by `title` and the first of `running` (the as-of
    date), and footed by its second (the standard) and the page's number."""
    top, bottom = page_ends(title, lang, running)
    return top + body + bottom


def page_ends(title: str, lang: str, running: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """What `page` puts before a page's body and after it."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}{margins(lang, title, *running)}\n</style>\n</head>\n"
            f"<body>\n", "\n</body>\n</html>\n")


def status(value: str | None, lang: str) -> str:
    """A status as a coloured word."""
    if not value:
        return ""
    return f'<span class="st {value}">{escape(STATUS_WORDS[lang][value])}</span>'


def table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset(), cls: str = "") -> str:
    """An HTML table; cells are HTML already (escape text before)."""
    attr = f' class="{cls}"' if cls else ""
    out = [f"<table{attr}><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def review_page(v, lang: str, explanations: list[list[str]], edited: dict | None = None) -> tuple[str, str]:
    """One applicant's review sheet (评审表) as a page, but for the facts at its head: the page before them and after
    them (reviewsheet.py puts review_facts between; `edited`: as header_facts takes it)."""
    w = WORDS[lang]
    title = f"{w['sheet']}{colon(lang)}{v.applicant_id} {v.applicant_name or ''}".rstrip()
    parts = []
    if v.ahead_of:  # what the verdict assumes, as check's explanation says it
        parts.append(f'<p class="ahead">{escape(ahead_text(v, lang))}</p>')
    for lv, texts in zip(v.levels, explanations):
        parts.append(f'<section class="level" data-level="{lv.number}" data-status="{lv.status}">'
                     f"<h2>{escape(heading(w['level'].format(n=lv.number)))} {escape(lv.level.name(lang))}{colon(lang)}"
                     f"{status(lv.status, lang)}</h2>")
        rows = [[f"<code>{escape(o.rule.id)}</code>", escape(o.rule.clause), status(o.status, lang), escape(text)]
                for o, text in zip(lv.rules, texts)]
        parts.append(table([w["rule"], w["clause"], w["status"], w["explanation"]], rows, cls="rules"))
        parts.append("</section>")
    parts.append(sign_box(lang, w["decision"]))
    parts.append(f'<p class="noprint"><a href="../index.html">{escape(w["index"])}</a></p>')
    c = colon(lang)
    top, bottom = page_ends(title, lang, (f"{w['as_of']}{c}{v.as_of.isoformat()}",
                                          f"{w['ruleset']}{c}{named(v.ruleset, lang, edited)}"))
    return f'{top}<h1>{escape(title)}</h1>\n<dl class="facts">', "</dl>\n" + "\n".join(parts) + bottom


def sign_box(lang: str, heading: str = "") -> str:
    """The box the committee signs in, under `heading` when there is one: a line for the signature and the date."""
    w = WORDS[lang]
    said = f"<strong>{escape(heading)}</strong><br><br><br><br>" if heading else "<br><br>"
    return (f'<div class="sign">{said}{escape(w["signature"])}{colon(lang)}______________ &nbsp; '
            f'{escape(w["date"])}{colon(lang)}______________</div>')


def review_facts(v, lang: str, edited: dict | None = None, decisions=None) -> str:
    """The facts at the head of a review sheet's page (header_facts)."""
    return "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(val))}</dd>"
                   for k, val in header_facts(v, lang, edited, decisions))


def notice_page(title: str, rule: str, head: list[str], rows: list[tuple], lang: str) -> str:
    """The public notice (公示名单) as a page."""
    body = [f"<h1>{escape(title)}</h1>", f'<p class="muted">{escape(rule)}</p>',
            table([escape(h) for h in head], [[escape(str(c)) for c in r] for r in rows], numeric={0},
                  cls="notice")]
    if not rows:
        body.append(f"<p>{escape(WORDS[lang]['notice_none'])}</p>")
    body.append(sign_box(lang))  # the committee signs what it publishes
    return page(title, "\n".join(body), lang)


# ---- charts ----

def clip(text: str, room: int) -> str:
    """`text` cut to `room` columns, a wide (CJK) character taking two, with … when cut; never inside a number
    (金额100… of 1000万 would read as another amount): the number goes whole."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if east_asian_width(ch) in "WF" else 1
        if used > room:
            kept = text[:max(0, i - 1)]
            return _NUMBER_END.sub("", kept) + "…"
    return text


_NUMBER_END = re.compile(r"[0-9][0-9,.]*$")  # a number the cut would end in, and so shorten


def bar_chart(chart_id: str, label: str, bars: list[tuple[str, str, list[tuple[str, int]]]], words: dict[str, str],
              width: int = 720) -> str:
    """A horizontal bar chart as inline SVG: bars of (key, label, [(class, count), ...]) segments.

    `words` names each class in the page's language, and the colon after it, for a segment's tooltip (待核实：55)."""
    row, gap, left, right = 22, 6, 250, 60
    top = max([sum(n for _, n in segs) for _, _, segs in bars] + [1])
    height = max(1, len(bars)) * (row + gap) + gap
    scale = (width - left - right) / top
    out = [f'<svg class="chart" id="{chart_id}" xmlns="http://www.w3.org/2000/svg" role="img" '
           f'aria-label="{escape(label)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, (key, text, segs) in enumerate(bars):
        y = gap + i * (row + gap)
        total = sum(n for _, n in segs)
        out.append(f'<g class="bar" data-key="{escape(key)}" data-count="{total}">')
        shown = clip(text, 36)
        out.append(f'<text x="{left - 8}" y="{y + row * 0.7:.1f}" text-anchor="end">{escape(shown)}'
                   f"<title>{escape(text)}</title></text>")
        x = float(left)
        for cls, n in segs:
            if n:
                out.append(f'<rect class="{cls}" data-count="{n}" x="{x:.1f}" y="{y}" width="{n * scale:.1f}" '
                           f'height="{row}"><title>{escape(words[cls])}{words["colon"]}{n}</title></rect>')
                x += n * scale
        out.append(f'<text class="count" x="{x + 6:.1f}" y="{y + row * 0.7:.1f}">{total}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def index_page(overview, index, lang: str, *, decided: bool = False, pages: list[tuple] | None = None,
               recorded: bool = False) -> str:
    """index.html: the overview (counts, charts, errors) and a link to every review sheet; `decided` (certify
    report --overrides): a column of the committee's decisions about each applicant, as the summary words them;
    `recorded` (report --record): a column of each sheet's decision record.
    `pages` (a long cycle: indexpages.py): the list's pages instead, (number, first row, last row, first id, last
    id) each, linked."""
    w, st = WORDS[lang], STATUS_WORDS[lang]
    o = overview
    title = f"{w['overview']}{colon(lang)}{o.frame.title(lang)}"
    parts = [f"<h1>{escape(title)}</h1>"]
    facts = o.facts()
    parts.append('<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
                 + "</dl>")
    parts.append('<nav class="noprint"><a href="summary.xlsx">summary.xlsx</a> · <a href="summary.csv">summary.csv'
                 '</a> · <a href="notice.html">' + escape(w["notice"]) + '</a> · <a href="overview.md">overview.md</a>'
                 "</nav>")
    levels = [0, *o.levels]
    words = {"all": w["count"], FAIL: st[FAIL], REVIEW: st[REVIEW], "colon": colon(lang)}  # the tooltips: 待核实：55
    parts.append(f'<h2>{escape(w["by_level"])}</h2>')
    parts.append(bar_chart("level-chart", w["by_level"],
                           [(str(n), o.level_name(n), [("all", o.qualified[n])]) for n in levels], words))
    parts.append(f'<h2>{escape(w["level_status"])}</h2>')
    rows = [[escape(o.level_name(n))] + [str(o.level_status[n][s]) for s in STATUSES] for n in o.levels]
    parts.append(table([""] + [status(s, lang) for s in STATUSES], rows, numeric={1, 2, 3}))
    parts.append(f"<p>{escape(w['target_status'])}{colon(lang)}{o.targets(lambda s: status(s, lang))}</p>")
    parts.append(f'<h2>{escape(w["blocking"])}</h2>')
    blocking = o.blocking_rules()
    parts.append(f'<p class="legend"><span class="fail"></span>{escape(st[FAIL])}'
                 f'<span class="review"></span>{escape(st[REVIEW])}</p>')
    parts.append(bar_chart("blocking-chart", w["blocking"],
                           [(rid, f"{rid} {requirement}", [("fail", f), ("review", r)])
                            for rid, requirement, f, r in blocking], words))
    rows = [[f"<code>{escape(rid)}</code>", escape(requirement), str(f), str(r), str(f + r)]
            for rid, requirement, f, r in blocking]
    parts.append(table([w["rule"], w["requirement"], status(FAIL, lang), status(REVIEW, lang), w["total"]], rows,
                       numeric={2, 3, 4}, cls="blocking"))
    if o.errors:
        parts.append(f'<h2 id="errors">{escape(heading(w["errors"]) + paren(len(o.errors), lang))}</h2>')
        parts.append(table([w["file"], w["error"]], [[escape(f), escape(e)] for f, e in o.errors], cls="errors"))
    parts.append(f'<h2 id="sheets">{escape(w["sheets"])}</h2>')
    if pages is None:
        parts.append(sheets_table(index, lang, decided, recorded=recorded))
    else:  # 第 1 页：第 1-1000 人（S000001 至 S001000）
        parts.append(f'<p class="muted">{escape(PAGES_SAID[lang])}</p>')
        rows = [[f'<a class="page" href="{page_name(n)}">{n}</a>', f"{a:,}–{b:,}", escape(first), escape(last)]
                for n, a, b, first, last in pages]
        parts.append(table([escape(h) for h in PAGE_HEAD[lang]], rows, numeric={0}, cls="pages"))
    return page(title, "\n".join(parts), lang, o.running())


# A long cycle's list of review sheets, paged (indexpages.py): what index.html says of it, its columns.
PAGES_SAID = {"zh": f"评审表按输入顺序分页列出，每页 {PAGE} 人；也可直接打开 sheets/编号.html，或在汇总表中筛选。",
              "en": f"The review sheets are listed in pages of {PAGE:,}, in input order; a sheet may also be opened "
                    "by its id, as sheets/ID.html, or found by filtering the summary."}
PAGE_HEAD = {"zh": ["页", "序号", "首位申报人编号", "末位申报人编号"], "en": ["page", "rows", "first id", "last id"]}


def sheets_table(index, lang: str, decided: bool = False, up: str = "", recorded: bool = False) -> str:
    """The table of review sheets, a row per result (links under `up`: "../" from a page of pages/); `recorded`
    (certify report --record): a column of each sheet's decision record."""
    w = WORDS[lang]
    rows = []
    for ident, name, qualified, target, target_status, stem, file, error, decisions, record in index:
        said = [escape(decisions)] if decided else []
        said += [_record_cell(record, lang)] if recorded else []
        if stem is None:
            rows.append([escape(ident), escape(name), "", "", *said, f'<span class="st fail">{escape(w["error"])}'
                         f'</span>{colon(lang)}' + escape(f"{file}{colon(lang)}{error}")])
            continue
        link = f'<a class="sheet" href="{up}sheets/{escape(stem)}.html">{escape(ident)}</a>'
        target_text = level_label(target, status(target_status, lang), lang) if target else ""  # 3级 符合; 3 pass
        rows.append([link, escape(name), escape(qualified), target_text, *said,
                     f'<a href="{up}sheets/{escape(stem)}.md">.md</a>'])
    head = [w["id"], w["name"], w["qualified"], w["target"], *([w["override"]] if decided else []),
            *([RECORD[lang]] if recorded else []), ""]
    return table([escape(h) for h in head], rows, cls="applicants")


def sheets_page(overview, rows: list[tuple], lang: str, *, decided: bool, number: int, pages: int, first: int,
                total: int, recorded: bool = False) -> str:
    """A page of a long cycle's list of review sheets (pages/0001.html): its rows, and links to the index and
    to the pages before and after it."""
    w = WORDS[lang]
    span = (f"第 {first:,}-{first + len(rows) - 1:,} 人，共 {total:,} 人" if lang == "zh"
            else f"{first:,}–{first + len(rows) - 1:,} of {total:,}")
    title = f"{w['sheets']}{colon(lang)}{span}"
    links = ['<a href="../index.html">' + escape(w["index"]) + "</a>"]
    links += [f'<a rel="prev" href="../{page_name(number - 1)}">←</a>'] if number > 1 else []
    links += [f'<a rel="next" href="../{page_name(number + 1)}">→</a>'] if number < pages else []
    body = [f"<h1>{escape(title)}</h1>", f'<nav class="noprint">{" · ".join(links)}</nav>',
            sheets_table(rows, lang, decided, up="../", recorded=recorded)]
    return page(title, "\n".join(body), lang, overview.running())


def _record_cell(record, lang: str) -> str:
    """An applicant's decision record in the index (recordfile.RecordFile, or None: none written), its long name
    free to break after each `--` between its parts, so that the column wraps rather than widens the page."""
    return "" if record is None else escape(record.text(lang)).replace("--", "--<wbr>")
