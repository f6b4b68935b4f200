"""Lecture mode in a real browser: slides move with PageDown, live widgets show, answers stay hidden until revealed."""

import pytest

pytestmark = pytest.mark.browser

COUNTER = "(() => { const b = [...document.querySelectorAll('.hfs-view b')].find(e => / \\/ /.test(e.textContent)); return b && b.textContent.trim(); })()"


def test_lecture_mode_keeps_live_widgets_and_hides_answers(open_notebook):
    lab = open_notebook("lecture-mode")
    lab.run_all()
    page = lab.page
    page.wait_for_selector(".hfs-view .widget-button", timeout=60_000)
    assert lab.error_outputs() == []
    assert page.evaluate(COUNTER).startswith("1 /")
    page.locator(".jp-MarkdownCell").first.click()  # focus outside any editor or control, like a lecturer would
    for expected in (2, 3, 4):
        before = page.evaluate(COUNTER)
        page.keyboard.press("PageDown")
        lab.wait_changed(COUNTER, before)
        assert page.evaluate(COUNTER).startswith(f"{expected} /")
    # "A first look" holds the live muscle explorer: a real plotly figure and a real dropdown; its answer is
    # on the next screen, behind a Reveal button.
    slide_menu = page.locator(".hfs-view .widget-dropdown select").nth(1)
    labels = slide_menu.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
    first_look = next(i for i, label in enumerate(labels) if "A first look" in label)
    before = page.evaluate(COUNTER)
    slide_menu.select_option(index=first_look)
    lab.wait_changed(COUNTER, before)
    page.wait_for_selector(".hfs-view .hfs-view .js-plotly-plot .scatterlayer", timeout=60_000)
    assert page.locator(".hfs-view .widget-dropdown select").count() >= 3  # lesson, slide, muscle
    before = page.evaluate(COUNTER)
    page.get_by_role("button", name="Next").first.click()
    lab.wait_changed(COUNTER, before)
    reveal = page.get_by_role("button", name="Reveal: what you should have found")
    assert not page.get_by_text("The jaw closes by the").first.is_visible()
    reveal.click()
    page.get_by_text("The jaw closes by the").first.wait_for(state="visible", timeout=10_000)
    lab.screenshot("lecture-mode-first-look-answer")
    before = page.evaluate(COUNTER)
    page.locator(".jp-MarkdownCell").first.click()
    page.keyboard.press("PageUp")
    lab.wait_changed(COUNTER, before)
    assert page.evaluate(COUNTER).startswith(f"{first_look + 1} /")
    assert lab.course_console_errors() == []
