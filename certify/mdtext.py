"""Text as written, safe in the Markdown that certify writes (report.py's tables and review sheets, documents.py).

A name, a file or an error quotes what a person wrote, and Markdown would read some of it as markup: a `|`
splits a table cell, a line break starts a row of its own, `<b>王</b>五` is taken for a tag, `*王五*` and
`` `王五` `` show in italics or as code, `[王五](x)` as a link, `&amp;` as `&`. Each such sign is escaped with a
backslash, so any CommonMark or GitHub viewer shows the text as it was written.
"""
from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n?|\n")  # a line break as Markdown (and tabulate) reads one

# Only what would be read as markup is escaped, so the Markdown stays easy to read as it is:
# - `|`, `<`, `*`, `` ` `` and `~` wherever they stand;
# - `_` at the edge of a word only (`L1.sales_tenure` and `zhang_san.yaml` are no emphasis);
# - `]` before `(`, which would end a link's text (`employment[0]` is no link);
# - `&` that begins an entity (`&amp;`, `&#20013;`), and `\` before a sign it would escape or at the end;
# - `#` that begins a last word of #s (`李四 #`), which a heading would take for its closing #s and not show.
_MARKUP = re.compile(r"[|<*`~]|(?<![^\W_])_|_(?![^\W_])|\](?=\()|&(?=#?[0-9A-Za-z]+;)"
                     r"|\\(?=[!-/:-@\[-`{-~]|$)|(?<!\S)#(?=#*\s*\Z)")


def md_cell(text: object) -> str:
    """`text` for a Markdown table cell, heading or list item: each sign of markup escaped, a line break a
    space."""
    return _LINE_BREAK.sub(" ", _MARKUP.sub(r"\\\g<0>", str(text)))
