"""Start-here notebook in a real browser: runs clean, the face and quiz render, a control changes the figure."""

import pytest

pytestmark = pytest.mark.browser

TITLE = (
    "(() => { const t = document.querySelector('.hfs-view .js-plotly-plot .gtitle'); return t && t.textContent; })()"
)


def test_start_here_runs_and_the_face_responds(open_notebook):
    lab = open_notebook("00-start-here")
    lab.run_all()
    page = lab.page
    # JupyterLab draws an output only once it is scrolled into view: find the figure, scroll, then wait for traces.
    page.wait_for_selector(".hfs-view .widget-radio-box", state="attached", timeout=60_000)  # the quiz
    page.wait_for_selector(".hfs-view .js-plotly-plot", state="attached", timeout=60_000)
    page.locator(".hfs-view .js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_selector(".hfs-view .js-plotly-plot .scatterlayer .trace", timeout=60_000)
    fills = "[...document.querySelectorAll('.hfs-view .js-plotly-plot .trace path.js-fill')].map(p => p.style.fill)"
    assert len(page.evaluate(fills)) >= 28  # every muscle on both sides is drawn
    assert lab.error_outputs() == []
    before = page.evaluate(TITLE)
    select = page.locator(".hfs-view .widget-dropdown select").first
    select.focus()
    select.select_option(label="Masseter")
    lab.wait_changed(TITLE, before)
    assert "Masseter" in page.evaluate(TITLE)
    page.wait_for_timeout(500)
    page.locator(".hfs-view .js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("00-start-here-face")
    page.locator(".hfs-view .widget-radio-box").first.scroll_into_view_if_needed()
    lab.screenshot("00-start-here-quiz")
    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
