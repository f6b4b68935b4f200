"""Lecture mode as a lecturer projects it (1920×1080): every slide of every lesson runs without an error,
fits the screen, clips no control text, and its prose, notes and tables are at least 24 px (issue 21)."""

import json
import os

import pytest
from conftest import SHOTS

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
COUNTER = "(() => { const b = [...document.querySelectorAll('.hfs-view b')].find(e => / \\/ /.test(e.textContent)); return b && b.textContent.trim(); })()"
# What one slide shows, measured in the page. The stage is the Presenter's slide area.
MEASURE = """() => {
  const stage = [...document.querySelectorAll('.hfs-view')].find(v => v.querySelector('.widget-dropdown select'))
                  .querySelector(':scope > .widget-box:last-of-type, :scope > .lm-Widget:last-child');
  const deck = document.querySelector('.hfs-view');
  const slide = deck.lastElementChild;
  const all = [...deck.querySelectorAll('*')];
  const text = deck.innerText;
  const controls = [...deck.querySelectorAll('button, select, .widget-label, .widget-toggle-button, .widget-html-content, .widget-checkbox .widget-label-basic, .widget-radio-box label')]
      .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
      .map(e => (e.textContent || e.value || '').trim().slice(0, 40));
  const prose = [...deck.querySelectorAll('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .hfs-view p, .hfs-view li, .hfs-view td')]
      .filter(e => e.offsetParent !== null && e.textContent.trim().length > 3 && !e.closest('svg'))
      .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 40)]);
  const smallest = prose.reduce((m, p) => (m === null || p[0] < m[0]) ? p : m, null);
  const rect = deck.getBoundingClientRect();
  const menus = deck.querySelectorAll('.widget-dropdown select');
  const jump = menus[1];
  const title = jump ? jump.options[jump.selectedIndex].textContent.replace(/\u00a0/g, ' ').replace(/^\\d+\\. /, '') : '';
  return { errors: /could not run|Traceback|Error:/.test(text), height: Math.round(rect.height),
           clipped: controls, smallest: smallest, title: title };
}"""


# Screens still taller than the projector, each with its height when last measured and why it stays for now.
# A known screen fails only if it grows past that height; every other screen must fit.
KNOWN_TALL: dict = {  # (lesson, screen title): (height in px at 1920x1080, when measured, why)
    # Empty since 2026-12-07: every screen of lessons 00-07 fits 1080 px. Lesson 4's widgets take a screen of
    # their own (a subslide before each "Predict first"); lesson 5's answer, scenario, jurisdiction and PSA-input
    # tables wait behind "Show the table" (cells tagged lecture-fold). A layout that cannot fit goes here, with why.
}
GROWTH_PX = 80  # text wrapping and late figure draws move a screen's height by a few lines


def _over(r: dict) -> bool:
    known = KNOWN_TALL.get((r["index"], r["title"]))
    return r["height"] > (known[0] + GROWTH_PX if known else SCREEN["height"])


def _lessons(page):
    return page.evaluate("() => [...document.querySelector('.hfs-view select').options].map(o => o.value)")


@pytest.mark.slow
def test_every_slide_fits_a_projector(open_notebook):
    lab = open_notebook("lecture-mode")
    page = lab.page
    page.set_viewport_size(SCREEN)
    lab.run_all()
    page.wait_for_selector(".hfs-view .widget-dropdown select", timeout=60_000)
    for command in ("application:toggle-presentation-mode", "application:toggle-left-area"):
        page.evaluate(f"() => window.jupyterapp.commands.execute('{command}')")
    lab.scroll_to_cell("Presenter(")
    report = []
    # HFS_LECTURE_LESSONS=01,03 steps through those lessons only (while a layout is being fixed).
    only = [x for x in os.environ.get("HFS_LECTURE_LESSONS", "").split(",") if x]
    for lesson_index, lesson in enumerate(_lessons(page)):
        if only and f"{lesson_index:02d}" not in only:
            continue
        menu = page.locator(".hfs-view .widget-dropdown select").first
        if lesson_index and menu.input_value() != lesson:
            menu.select_option(index=lesson_index)
            page.wait_for_timeout(500)
        total = int(page.evaluate(COUNTER).split("/")[1])
        for n in range(1, total + 1):
            if n > 1:
                before = page.evaluate(COUNTER)
                page.get_by_role("button", name="Next").first.click()
                lab.wait_changed(COUNTER, before, timeout_ms=60_000)
            page.wait_for_timeout(800)  # figures draw after the kernel replies
            measured = page.evaluate(MEASURE)
            measured.update(lesson=lesson, index=f"{lesson_index:02d}", slide=n)
            report.append(measured)
            if n == 1 or measured["height"] > SCREEN["height"]:
                # The whole slide, not the viewport: a tall slide's lower part is what needs looking at.
                # JupyterLab's notebook scrolls inside the page, so the window grows to the slide for the picture.
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.set_viewport_size(
                    {"width": SCREEN["width"], "height": max(SCREEN["height"], measured["height"] + 300)}
                )
                page.wait_for_timeout(300)
                deck = page.locator(".hfs-view").first
                deck.scroll_into_view_if_needed()
                deck.screenshot(path=str(SHOTS / f"lecture-{lesson_index:02d}-slide{n:02d}.png"))
                page.set_viewport_size(SCREEN)
    print(json.dumps(report, indent=0))
    assert report, "no slide was measured"
    problems = [
        r for r in report if r["errors"] or r["clipped"] or _over(r) or (r["smallest"] and r["smallest"][0] < 24)
    ]
    assert not problems, json.dumps(problems, indent=0)[:4000]
