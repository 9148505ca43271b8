"""What a name, a project or an error says, written into certify's Markdown, shows as written in a viewer.

certify puts such text in three places of its Markdown (mdtext.md_cell): a table cell, a heading and a list
item after a label. Read back by a CommonMark parser with GitHub's tables, each shows the text itself, its line
breaks as spaces and its outer spaces trimmed, and nothing of it is read as markup.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from certify.mdtext import md_cell

VIEWER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Every sign Markdown may read, CJK, spaces and line breaks, and any other printable character.
SIGNS = st.sampled_from(list("|<>*`~_[]()&#;\\!-+.=:\"' 王五aZ09\n\r\t"))
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"))


def shown(markdown: str) -> list[str]:
    """The text of each inline run a viewer shows; any markup it found is named in <...>, so it cannot pass."""
    return ["".join(c.content if c.type == "text" else " " if c.type in ("softbreak", "hardbreak") else f"<{c.type}>"
                    for c in token.children)
            for token in VIEWER.parse(markdown) if token.type == "inline"]


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.one_of(SIGNS, PRINTABLE), min_size=1, max_size=30))
def test_text_in_a_cell_a_heading_or_a_list_item_shows_as_written(text):
    one_line = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    cell = md_cell(text)
    assert "\n" not in cell and "\r" not in cell  # one row, one heading, one item
    if one_line.strip():
        assert shown(f"| file |\n|---|\n| {cell} |\n")[1] == one_line.strip()
        assert shown(f"## {cell}\n") == [one_line.strip()]
    assert shown(f"- name: {cell}\n") == [f"name: {one_line}".strip()]
