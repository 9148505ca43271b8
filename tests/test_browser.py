"""The HTML report opened in a real browser (headless Chromium): the charts' bars and every review sheet are there.

Skipped where Chromium is not installed, unless the CI variable is set: then it fails,
so that CI never passes without having looked (.ci/run installs Chromium).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from certify.batch import Batch
from certify.check import Failure
from certify.documents import Overview, write_documents
from certify.editions import open_rulesets
from certify.parallel import check_batch
from certify.synthetic import write_dossier_files

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed (apt-get install -y chromium; see .ci/run)")
        pytest.skip("chromium is not installed")
    return found


def browse(chromium: str, page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=180)


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes and the chart it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict, str | None]] = []
        self.chart: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self.chart = attrs.get("id")
        self.found.append((tag, attrs, self.chart))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None

    def having(self, tag: str, cls: str | None = None, chart: str | None = None) -> list[dict]:
        return [a for t, a, c in self.found if t == tag and (cls is None or cls in (a.get("class") or "").split())
                and (chart is None or c == chart)]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """The documents of the shipped applicants and 60 synthetic ones, and their results."""
    tmp = tmp_path_factory.mktemp("browser")
    write_dossier_files(tmp / "synthetic", 60, seed=9)
    engine = open_rulesets(None)
    results = list(check_batch(engine, Batch([ROOT / "applicants", tmp / "synthetic"])))
    write_documents(results, tmp / "docs", engine.editions[-1].ruleset, lang="zh")
    overview = Overview(engine.editions[-1].ruleset, "zh")
    for r in results:
        overview.add(r)
    return tmp, results, overview


def test_the_overview_shows_both_charts_with_the_right_counts(chromium, cycle):
    tmp, results, overview = cycle
    run = browse(chromium, tmp / "docs" / "index.html", tmp, "--dump-dom")
    assert run.returncode == 0, run.stderr
    dom = Elements()
    dom.feed(run.stdout)
    levels = {int(b["data-key"]): int(b["data-count"]) for b in dom.having("g", "bar", "level-chart")}
    assert levels == {n: overview.qualified[n] for n in range(5)}
    blocking = [(b["data-key"], int(b["data-count"])) for b in dom.having("g", "bar", "blocking-chart")]
    assert blocking == [(rid, f + r) for rid, _, f, r in overview.blocking_rules()]
    assert len(blocking) >= 5
    fails = {int(b["data-count"]) for b in dom.having("rect", "fail", "blocking-chart")}
    assert max(fails) == max(f for _, _, f, _ in overview.blocking_rules())


def test_the_overview_links_every_review_sheet(chromium, cycle):
    tmp, results, _ = cycle
    run = browse(chromium, tmp / "docs" / "index.html", tmp, "--dump-dom")
    dom = Elements()
    dom.feed(run.stdout)
    links = [a["href"] for a in dom.having("a", "sheet")]
    judged = [r for r in results if not isinstance(r, Failure)]
    assert links == [f"sheets/{v.applicant_id}.html" for v in judged]
    assert all((tmp / "docs" / link).is_file() for link in links)


def test_a_review_sheet_shows_every_level_and_rule(chromium, cycle):
    tmp, results, _ = cycle
    v = next(r for r in results if not isinstance(r, Failure))
    run = browse(chromium, tmp / "docs" / "sheets" / f"{v.applicant_id}.html", tmp, "--dump-dom")
    dom = Elements()
    dom.feed(run.stdout)
    sections = [(int(s["data-level"]), s["data-status"]) for s in dom.having("section", "level")]
    assert sections == [(lv.number, lv.status) for lv in v.levels]
    assert len(dom.having("tr")) == sum(len(lv.rules) + 1 for lv in v.levels)  # a header row per level


def test_the_overview_renders_to_a_picture(chromium, cycle):
    tmp, _, _ = cycle
    shot = tmp / "index.png"
    run = browse(chromium, tmp / "docs" / "index.html", tmp, f"--screenshot={shot}", "--window-size=1000,1400")
    assert run.returncode == 0, run.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


@pytest.mark.parametrize("page", ["sheets/AP-107.html", "notice.html", "index.html"])
def test_a_document_prints_on_a4(chromium, cycle, page):
    tmp, _, _ = cycle
    pdf = tmp / f"{Path(page).stem}.pdf"
    run = browse(chromium, tmp / "docs" / page, tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert run.returncode == 0, run.stderr
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes()))
    assert sizes and all(round(float(w) / 72 * 25.4) == 210 and round(float(h) / 72 * 25.4) == 297
                         for w, h in sizes)  # mm: A4 portrait, every page
