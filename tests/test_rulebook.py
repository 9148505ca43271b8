"""The ruleset as a document: conditions in plain words, three formats, and the generated docs."""

import html
from pathlib import Path

import pytest

from certify.ruleset import LoadedRuleset, load_ruleset, parse_ruleset
from certify.rulebook import condition_text, edition_text, rulebook

ROOT = Path(__file__).resolve().parents[1]
STANDARD = load_ruleset()
RULES = {r.id: r for lv in STANDARD.ruleset.levels for r in lv.rules}
TEXT = (ROOT / "rulesets" / "kam-2014.yaml").read_text(encoding="utf-8")


def test_alternatives_of_degrees_read_with_their_thresholds_in_english():
    assert condition_text(RULES["L3.education"].when, "en") == (
        "some degree: degree is bachelor's degree or higher AND work after the degree is at least 6 years; "
        "OR some degree: degree is master's degree or higher AND work after the degree is at least 4 years")


def test_alternatives_of_degrees_read_with_their_thresholds_in_chinese():
    assert condition_text(RULES["L3.education"].when, "zh") == (
        "至少一项学历满足：学历为本科及以上 且 毕业后工作年限不少于6年；或 "
        "至少一项学历满足：学历为硕士及以上 且 毕业后工作年限不少于4年")


def test_a_nested_alternative_is_bracketed_and_amounts_and_evidence_are_spelt_out():
    assert condition_text(RULES["L3.project"].when, "en") == (
        "some project: role is lead AND project status is completed AND (project amount is at least "
        "CNY 5,000,000 OR project designation is industry (regional) large project or industry (regional) "
        "key project, with a designation reference)")
    assert condition_text(RULES["L4.project"].when, "zh") == (
        "至少一个项目满足：角色为主导运作 且 项目状态为已完成 且 （项目金额不少于1000万元 或 "
        "项目认定等级为行业（区域）重点项目（须有认定依据））")


def test_stages_and_tenure_read_as_people_say_them():
    assert condition_text(RULES["L1.sales_tenure"].when, "en") == "sales tenure is at least 3 years"
    # 至少一个 (at least one), not 任一, which a reader of conditions may take for "every"; the stages all of
    # them (A、B和C), without a second colon (was 任一项目满足：销售阶段包含全部：需求发掘、…)
    assert condition_text(RULES["L1.sales_cycle"].when, "zh") == (
        "至少一个项目满足：销售阶段包含需求发掘、技术交流、商务采购(招投标)、合同签订、合同执行、项目回款和项目验收")
    odd = parse_ruleset(TEXT.replace("at_least: 3 years}", "at_least: 18 months}"), "copy.yaml")
    rule = odd.levels[0].rules[1]
    assert condition_text(rule.when, "en") == "sales tenure is at least 1 year 6 months"
    assert condition_text(rule.when, "zh") == "销售工作经历不少于1年6个月"


def test_the_edition_is_named_with_its_effective_date():
    assert edition_text(STANDARD.meta, "en") == "kam-2014 2014.1 (effective 2014-03-13)"
    assert edition_text(STANDARD.meta, "zh") == "kam-2014 2014.1（2014-03-13起施行）"
    assert edition_text({"id": "x", "version": "1", "effective": None}) == "x 1"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_gives_the_metadata_and_every_rule(fmt, lang):
    doc = " ".join(html.unescape(rulebook(STANDARD, lang, fmt)).split())  # text wraps, html escapes
    for needle in ("kam-2014", "2014.1", "2014-03-13", STANDARD.sha256, STANDARD.ruleset.source.split(",")[0]):
        assert needle in doc
    for rule in RULES.values():
        assert rule.id in doc and rule.clause in doc and " ".join(rule.requirement(lang).split()) in doc
    words = {"en": "Standard's words", "zh": "标准原文"}[lang]
    assert words in doc


def test_html_is_self_contained_and_escaped():
    hostile = TEXT.replace("text: 本2（本指本科）", 'text: "<script>alert(1)</script> & 本2"')
    loaded = LoadedRuleset(parse_ruleset(hostile, "copy.yaml"), "copy.yaml", "0" * 64)
    doc = rulebook(loaded, "en", "html")
    assert doc.startswith("<!DOCTYPE html>") and "<style>" in doc
    assert "<script>" not in doc and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 本2" in doc
    for external in ("http://", "https://", "src=", "<link", "@import"):
        assert external not in doc


def test_html_names_its_language_as_the_committees_pages_do():
    from certify.html import page

    loaded = LoadedRuleset(parse_ruleset(TEXT, "copy.yaml"), "copy.yaml", "0" * 64)
    for lang in ("zh", "en"):
        tag = page("t", "", lang).split("<html", 1)[1].split(">", 1)[0]
        assert rulebook(loaded, lang, "html").split("<html", 1)[1].split(">", 1)[0] == tag


def test_markdown_shows_a_ruleset_s_text_as_written_in_a_markdown_viewer():
    # The standard's own words may hold what Markdown reads as markup: shown as written, not as italics or a tag.
    from markdown_it import MarkdownIt

    hostile = TEXT.replace("text: 本2（本指本科）", 'text: "*本2* | <b> [见](x) _注_"')
    loaded = LoadedRuleset(parse_ruleset(hostile, "copy.yaml"), "copy.yaml", "0" * 64)
    tokens = MarkdownIt("commonmark").parse(rulebook(loaded, "en", "markdown"))
    items = [t for t in tokens if t.type == "inline" and "本2" in t.content]
    assert items and all(c.type in ("text", "strong_open", "strong_close") for t in items for c in t.children)
    assert [t.children[-1].content for t in items] == [" *本2* | <b> [见](x) _注_"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_generated_documents_of_the_standard_are_up_to_date(lang):
    path = ROOT / "docs" / f"standard-kam-2014.{lang}.md"
    command = f"certify explain --lang {lang} --format markdown -o docs/standard-kam-2014.{lang}.md --force"
    assert path.exists(), f"{path.name} is missing: run `{command}`"
    assert path.read_text(encoding="utf-8") == rulebook(STANDARD, lang, "markdown"), (
        f"{path.name} is stale (the ruleset or the wording changed): run `{command}`")


ONE_RULE = """\
id: one-rule
version: "1"
title: {zh: 单条规则的标准, en: A standard with one rule per level}
source: a fictional company's grading policy, article 4
levels:
  - level: 1
    name: {zh: 初级销售顾问, en: Junior Sales Consultant}
    rules:
      - id: L1.sales_tenure
        clause: "Art. 4(1)(a)"
        text: At least 2 years in a sales role
        requirement: {zh: 销售工作经历满2年, en: 2 years in sales}
        when: {fact: sales_months, at_least: 2 years}
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_level_of_one_rule_is_counted_in_the_singular(fmt):
    loaded = LoadedRuleset(parse_ruleset(ONE_RULE, "one.yaml"), "one.yaml", "0" * 64)
    en, zh = rulebook(loaded, "en", fmt), rulebook(loaded, "zh", fmt)
    assert "1 rules" not in en and "1 rule, which must hold." in en
    assert "共1条规则。" in zh and "共1条规则，须全部符合" not in zh
    assert "3 rules, all of which must hold together." in rulebook(STANDARD, "en", fmt)
