"""Lesson 4 in a real browser: runs clean; moving the patient's age and the toxin price changes the decision
widget's words, numbers and figures; the PSA runs behind its button; the toxin and outcome widgets respond."""

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


def test_botox_vs_mvd_runs_and_age_and_toxin_price_move_the_decision(open_notebook):
    lab = open_notebook("04-botox-vs-mvd")
    lab.run_all(timeout_ms=300_000)
    page = lab.page
    for view in (TOXIN, OUTCOMES, DECIDE):
        page.wait_for_selector(f"{view} .js-plotly-plot", state="attached", timeout=60_000)
    assert lab.error_outputs() == []

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

    # 3. Decide for this patient: age, then the toxin price, change the words and the figures.
    show(page, DECIDE, 0)
    text, cost_lines = page.evaluate(words(DECIDE)), page.evaluate(paths(DECIDE, 0))
    assert "aged 50" in text and cost_lines
    figure_titles = page.evaluate(titles(DECIDE))
    press_on_slider(page, DECIDE, 0, "ArrowRight", 25)  # age 50 -> 75
    page.wait_for_function(f"(() => {words(DECIDE)}.includes('aged 75'))()", timeout=20_000)
    lab.wait_changed(paths(DECIDE, 0), cost_lines)
    after_age = page.evaluate(titles(DECIDE))
    assert after_age != figure_titles
    assert any("no break-even by age 100" in t for t in after_age)
    scroll_to(page, f"{DECIDE} .hfs-decide-words")
    lab.screenshot("04-decide-words")

    tornado_and_map = page.evaluate(titles(DECIDE))
    click(page, f"{DECIDE} button[title='Set the session cost to 1,500']")
    page.wait_for_function(f"(() => {titles(DECIDE)}.some(t => t.includes('break-even after')))()", timeout=20_000)
    high_price = page.evaluate(titles(DECIDE))
    assert high_price != tornado_and_map
    press_on_slider(
        page, DECIDE, 1, "ArrowLeft", 30
    )  # the session-cost slider works from the keyboard too: 1,500 -> 1,200
    lab.wait_changed(titles(DECIDE), high_price, timeout_ms=20_000)
    readout = f"document.querySelectorAll({DECIDE + ' .widget-readout'!r})[1].textContent"
    assert page.evaluate(readout).strip() == "1200"
    show(page, DECIDE, 2)
    page.wait_for_timeout(500)
    lab.screenshot("04-price-map")
    show(page, DECIDE, 1)
    lab.screenshot("04-tornado")

    # 4. The PSA runs behind its button.
    click(page, f"{DECIDE} button[title^='Probabilistic sensitivity analysis']")
    page.wait_for_function(
        f"(() => {titles(DECIDE)}.some(t => t.includes('1,000 draws, seed 2024')))()", timeout=60_000
    )
    show(page, DECIDE, 3)
    assert (
        page.evaluate(
            f"document.querySelectorAll({DECIDE + ' .js-plotly-plot'!r})[3].querySelectorAll('.scatterlayer .point').length"
        )
        >= 2000
    )
    page.wait_for_timeout(500)
    lab.screenshot("04-psa-plane")
    show(page, DECIDE, 4)
    lab.screenshot("04-psa-acceptability")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
