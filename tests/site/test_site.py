"""The offline static site (tools/build_site.py, what `make site` runs).

The site is built once per session from the real notebooks into a temporary folder. Every page is
then read as HTML (nothing loaded from elsewhere, local links resolve, the disclaimer, no code, quiz
answers behind reveals, references linked) and opened in Chromium through a local web server with
every request off the machine blocked: no failed request, no console error, every plotly figure
drawn, no serious or critical axe-core violation. A notebook that raises must stop the build with
its name and cell, publishing nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import (  # noqa: E402  (the one browser harness: tests/browser/harness.py)
    PageWatch,
    SiteServer,
    axe_serious,
    close_browser,
    lesson_notebooks,
    open_browser,
    screenshot,
)

pytestmark = pytest.mark.slow
BUILD = [sys.executable, str(ROOT / "tools" / "build_site.py")]
LESSON_PAGES = [p.stem + ".html" for p in lesson_notebooks()]
PAGES = ["index.html", *LESSON_PAGES, "glossary.html"]  # the glossary: a page of the site, not a lesson


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hfs-site") / "site"
    started = time.perf_counter()
    result = subprocess.run([*BUILD, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"make site failed:\n{result.stderr[-3000:]}\n{result.stdout[-2000:]}"
    print(f"\nsite built in {time.perf_counter() - started:.0f} s: {result.stdout.strip().splitlines()[-1]}")
    return out


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


# --- the pages as HTML ------------------------------------------------------------------------


def test_every_lesson_has_a_page_listed_on_the_index(site):
    index = soup(site, "index.html")
    listed = {a["href"] for a in index.select(".hfs-lessons a[href]")}
    assert listed == set(LESSON_PAGES)
    for item in index.select(".hfs-lessons > li"):
        assert item.select_one("h2 a").get_text(strip=True)
        assert item.select("ul li"), f"no objectives listed for {item.select_one('h2').get_text()}"
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert index.select_one("header nav a[href='glossary.html']"), "the index does not link the glossary"


@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_nothing_from_elsewhere_and_carries_the_disclaimer(site, page):
    html = soup(site, page)
    for tag in html.find_all(["script", "link", "img", "iframe", "source", "audio", "video", "embed"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not is_external(url), f"{page}: <{tag.name}> loads {url}"
    assert "Educational use only" in html.get_text()
    assert html.find("html").get("lang") == "en" and html.title.get_text(strip=True)


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_a_lesson_page_is_a_reader_view_with_navigation(site, page):
    html = soup(site, page)
    assert not html.select(".jp-InputArea-editor"), f"{page} shows code"
    nav = html.select_one("header nav.hfs-nav")
    assert nav.find("a", href="index.html")
    position = LESSON_PAGES.index(page)
    if position:
        assert nav.find("a", rel="prev")["href"] == LESSON_PAGES[position - 1]
    if position + 1 < len(LESSON_PAGES):
        assert nav.find("a", rel="next")["href"] == LESSON_PAGES[position + 1]
    # Quizzes stay answerable without a kernel: every question has its answer behind a reveal.
    questions = html.select(".hfs-quiz-q")
    assert questions, f"{page} has no quiz"
    assert all(q.find("details") and q.find("details").find("summary") for q in questions)
    # References: the list after the References heading links its sources.
    heading = html.find(lambda t: t.name in ("h1", "h2", "h3") and t.get_text(strip=True).startswith("References"))
    assert heading is not None, f"{page} has no References heading"
    following = heading.find_all_next("a", href=True)
    assert any(is_external(a["href"]) for a in following), f"{page}: no linked reference"


def test_every_local_link_resolves(site):
    broken = []
    ids = {page: {tag["id"] for tag in soup(site, page).find_all(id=True)} for page in PAGES}
    for page in PAGES:
        for tag in soup(site, page).find_all(["a", "link", "script", "img"]):
            url = tag.get("href") or tag.get("src")
            if not url or is_external(url) or url.startswith(("mailto:", "data:", "javascript:")):
                continue
            parts = urlsplit(url)
            target = page if not parts.path else unquote(parts.path)
            if not (site / target).is_file():
                broken.append(f"{page}: {url} (no file {target})")
            elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                broken.append(f"{page}: {url} (no #{parts.fragment} in {target})")
    assert broken == []


# --- bad input: the build refuses to publish ---------------------------------------------------


def broken_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A broken lesson\n\n> **⚠ Educational use only.**"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('deliberately broken for the test')"),
    ]
    path = folder / "07-broken-lesson.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_notebook_that_raises_fails_the_build_and_publishes_nothing(tmp_path):
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    broken_notebook(lessons)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    result = subprocess.run(
        [*BUILD, "--notebooks", str(lessons), "--out", str(out), "--timeout", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "07-broken-lesson.ipynb" in result.stderr and "cell 3" in result.stderr
    assert "ValueError: deliberately broken for the test" in result.stderr
    assert "Nothing was published" in result.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"] and (
        out / "index.html"
    ).read_text() == "the last good site"
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_no_notebooks_is_a_clear_failure(tmp_path):
    result = subprocess.run(
        [*BUILD, "--notebooks", str(tmp_path), "--out", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "no lesson notebooks" in result.stderr and "make notebooks" in result.stderr


# --- every page in Chromium, offline ------------------------------------------------------------


@pytest.fixture(scope="session")
def served(site):
    """The site over HTTP on 127.0.0.1, as a reader's local server or a static host would serve it."""
    server = SiteServer(site)
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    """A Chromium of its own (1280x900), every off-machine request aborted and recorded."""
    context = open_browser(viewport=(1280, 900))
    yield context
    close_browser(context)


def inspect_page(context, url: str, name: str) -> dict:
    """Open the page, let plotly draw, open a quiz answer, scan with axe."""
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        divs = page.locator(".plotly-graph-div").count()
        if divs:
            page.wait_for_function(
                "(n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=divs, timeout=30_000
            )
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('.plotly-graph-div')]"
            ".filter(d => d.classList.contains('js-plotly-plot') && d.querySelector('svg.main-svg')).length"
        )
        screenshot(page, f"site-{name}-top")
        if divs:
            page.locator(".hfs-figure").first.scroll_into_view_if_needed()
            screenshot(page, f"site-{name}-figure")
        answer_shown = None
        quiz = page.locator(".hfs-quiz-q > details:last-of-type")  # "Show answer" (after "Hint"), not a nested "more"
        if quiz.count():
            reveal = quiz.last  # the lesson's own quiz comes after any case questions
            reveal.scroll_into_view_if_needed()
            reveal.locator(":scope > summary").focus()
            page.keyboard.press("Enter")  # a reveal opens from the keyboard
            answer_shown = (
                reveal.evaluate("d => d.open") and reveal.locator(":scope > :not(summary)").first.is_visible()
            )
            screenshot(page, f"site-{name}-quiz")
        violations = axe_serious(page)
        return {
            "divs": divs,
            "drawn": drawn,
            "answer_shown": answer_shown,
            "axe": violations,
            "errors": watch.errors(),
            "failed": watch.failed_requests,
        }
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_a_page_works_offline_in_chromium(chromium, served, page):
    result = inspect_page(chromium, f"{served}/{page}", Path(page).stem)
    assert result["failed"] == [], result["failed"]
    assert result["errors"] == [], result["errors"]
    assert chromium.external_requests == [], f"requests left the machine: {chromium.external_requests[:5]}"
    assert result["drawn"] == result["divs"], f"{result['drawn']} of {result['divs']} plotly figures drawn"
    if page in LESSON_PAGES:
        assert result["divs"] > 0, "a lesson page without a figure"
        assert result["answer_shown"], "opening a quiz reveal did not show the answer"
    assert result["axe"] == [], json.dumps(result["axe"], indent=1)
