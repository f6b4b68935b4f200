"""Lesson 5 (the optional deep dive) in a real browser: runs clean; moving the patient's age and the toxin
price changes the decision widget's words, numbers and figures; the PSA runs behind its button."""

import pytest
from test_04_botox_vs_mvd import DECIDE, click, paths, press_on_slider, scroll_to, show, titles, words

pytestmark = pytest.mark.browser


def test_decision_model_runs_and_age_and_toxin_price_move_the_decision(open_notebook):
    lab = open_notebook("05-decision-model")
    lab.run_all(timeout_ms=300_000)
    page = lab.page
    page.wait_for_selector(f"{DECIDE} .js-plotly-plot", state="attached", timeout=60_000)
    assert lab.error_outputs() == []

    # 1. Decide for this patient (section 2): age, then the toxin price, change the words and the figures.
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
    lab.screenshot("05-decide-words")

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
    lab.screenshot("05-price-map")
    show(page, DECIDE, 1)
    lab.screenshot("05-tornado")

    # 2. The PSA runs behind its button (section 3).
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
    lab.screenshot("05-psa-plane")
    show(page, DECIDE, 4)
    lab.screenshot("05-psa-acceptability")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
