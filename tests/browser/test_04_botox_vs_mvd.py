"""Lesson 4 (the core) in a real browser: runs clean; the toxin cycles and the outcomes widgets respond to
the keyboard and the mouse; the decision widget is not in the core lesson (it is in the deep dive, lesson 5)."""

import pytest

pytestmark = pytest.mark.browser

DECIDE = ".hfs-view.hfs-decide"
TOXIN = ".hfs-view.hfs-toxin-cycles"
OUTCOMES = ".hfs-view.hfs-outcomes-over-time"


def titles(view: str) -> str:
    return "(() => [...document.querySelectorAll(%r)].map(t => t.textContent))()" % f"{view} .js-plotly-plot .gtitle"


def paths(view: str, n: int) -> str:
    """The 'd' attributes of the line paths of the view's n-th figure."""
    return (
        "(() => { const p = document.querySelectorAll(%r)[%d];"
        " return p ? [...p.querySelectorAll('.scatterlayer .trace path.js-line')].map(e => e.getAttribute('d')) : []; })()"
        % (f"{view} .js-plotly-plot", n)
    )


def words(view: str) -> str:
    return "(() => { const v = document.querySelector(%r); return v ? v.textContent : ''; })()" % view


def scroll_to(page, selector: str, n: int = 0) -> None:
    """Scroll the n-th match to the middle of the window with plain DOM calls: on a loaded machine
    Playwright's actionability checks (stable for two animation frames) were seen to time out."""
    page.wait_for_function("(a) => document.querySelectorAll(a[0]).length > a[1]", arg=[selector, n], timeout=60_000)
    page.evaluate("(a) => document.querySelectorAll(a[0])[a[1]].scrollIntoView({block: 'center'})", [selector, n])


def show(page, view: str, n: int = 0) -> None:
    """JupyterLab draws an output only once it is scrolled into view."""
    scroll_to(page, f"{view} .js-plotly-plot", n)
    page.wait_for_function(
        "(a) => document.querySelectorAll(a[0])[a[1]].querySelectorAll('.trace').length > 0",
        arg=[f"{view} .js-plotly-plot", n],
        timeout=60_000,
    )


def click(page, selector: str) -> None:
    """A real mouse click at the element's centre, once it is scrolled into view."""
    scroll_to(page, selector)
    page.locator(selector).first.click(force=True)


def press_on_slider(page, view: str, index: int, key: str, times: int) -> None:
    selector = f"{view} .widget-slider .noUi-handle"
    scroll_to(page, selector, index)
    page.locator(selector).nth(index).focus()
    for _ in range(times):
        page.keyboard.press(key)


def test_botox_vs_mvd_core_runs_and_its_two_widgets_respond(open_notebook):
    lab = open_notebook("04-botox-vs-mvd")
    lab.run_all(timeout_ms=300_000)
    page = lab.page
    for view in (TOXIN, OUTCOMES):
        page.wait_for_selector(f"{view} .js-plotly-plot", state="attached", timeout=60_000)
    assert lab.error_outputs() == []
    assert page.locator(DECIDE).count() == 0  # the decision model lives in the deep dive, lesson 5

    # 1. Toxin cycles: a longer interval (keyboard) leaves the spasm back for more of the year.
    show(page, TOXIN, 0)
    show(page, TOXIN, 2)
    before = page.evaluate(titles(TOXIN))
    assert any("Every 15 weeks" in t for t in before)
    press_on_slider(page, TOXIN, 0, "ArrowRight", 10)
    lab.wait_changed(titles(TOXIN), before)
    page.wait_for_function(f"(() => {titles(TOXIN)}.some(t => t.includes('Every 25 weeks')))()", timeout=15_000)
    scroll_to(page, f"{TOXIN} .js-plotly-plot", 1)
    lab.screenshot("04-toxin-cycles")

    # 2. Outcomes over time: the first-year window shows the delayed cure; the icon arrays are drawn.
    show(page, OUTCOMES, 0)
    before = page.evaluate(titles(OUTCOMES))
    first_year = f"{OUTCOMES} .widget-toggle-buttons button"
    assert page.evaluate("(s) => document.querySelector(s).textContent.trim()", first_year) == "First year"
    click(page, first_year)
    lab.wait_changed(titles(OUTCOMES), before)
    assert any(t.startswith("After 1 year") for t in page.evaluate(titles(OUTCOMES)))
    page.wait_for_timeout(500)
    lab.screenshot("04-outcomes-curve")
    show(page, OUTCOMES, 1)
    squares = f"document.querySelectorAll({OUTCOMES + ' .js-plotly-plot'!r})[1].querySelectorAll('.scatterlayer .point').length"
    assert page.evaluate(squares) == 800
    lab.screenshot("04-icon-arrays")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
