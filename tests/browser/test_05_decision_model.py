"""Lesson 5 (the optional deep dive) in a real browser: runs clean; moving the patient's age and the toxin
price changes the decision widget's words, numbers and figures; a switch under the controls shows each chart
there (no two of its labels overlap); the PSA runs behind its button."""

import json

import pytest
from test_04_botox_vs_mvd import DECIDE, click, paths, press_on_slider, scroll_to, show, titles, words
from test_figure_labels import OVERLAP, OVERLAPS

pytestmark = pytest.mark.browser


def choose(page, label: str) -> None:
    """Choose what the panel under the controls shows (a real click on the switch's button)."""
    button = page.locator(f"{DECIDE} .hfs-decide-panel button", has_text=label).first
    button.scroll_into_view_if_needed()
    button.click(force=True)
    page.wait_for_timeout(300)


def labels_apart(page) -> None:
    """No two text labels overlap in the widget's charts that are shown (the label test sees only the first)."""
    shown = page.evaluate(
        "(v) => [...document.querySelectorAll('.js-plotly-plot')].map((p, i) => p.closest(v) && p.offsetParent ? i : -1)"
        ".filter(i => i >= 0)",
        DECIDE,
    )
    found = [page.evaluate(OVERLAPS, [i, OVERLAP]) for i in shown]
    bad = [f for f in found if f and f["pairs"]]
    assert not bad, json.dumps(bad, ensure_ascii=False)[:2000]


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
    # The chart sits directly under the controls, within one screen of the laptop (1440 x 900).
    top_of_chart = page.evaluate(
        "(v) => document.querySelector(v + ' .js-plotly-plot').getBoundingClientRect().top"
        " - document.querySelector(v + ' .widget-slider').getBoundingClientRect().top",
        DECIDE,
    )
    assert top_of_chart < 450, top_of_chart
    labels_apart(page)
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
    choose(page, "Price map")
    show(page, DECIDE, 2)
    page.wait_for_timeout(500)
    labels_apart(page)
    lab.screenshot("05-price-map")
    choose(page, "Tornado")
    show(page, DECIDE, 1)
    labels_apart(page)
    lab.screenshot("05-tornado")

    # 2. The PSA runs behind its button (section 3).
    choose(page, "PSA")
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
    labels_apart(page)
    lab.screenshot("05-psa-plane")
    show(page, DECIDE, 4)
    lab.screenshot("05-psa-acceptability")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
