"""Lesson 7 (optional, HFS in depth) in a real browser: runs clean, the toxin injection map answers its main
control (choosing another injection point moves the ring and retitles the figure), and the two-fibre mechanism
widget answers its compression slider from the keyboard (the figure is retitled and the mentalis trace redrawn)."""

import pytest

pytestmark = pytest.mark.browser

MAP = ".hfs-view.hfs-injection-map"
TITLE = "(() => { const t = document.querySelector(%r); return t ? t.textContent : ''; })()" % (
    f"{MAP} .js-plotly-plot .gtitle"
)
FIBRES = ".hfs-view.hfs-two-fibres"
FIBRES_TITLE = "(() => { const t = document.querySelector(%r); return t ? t.textContent : ''; })()" % (
    f"{FIBRES} .js-plotly-plot .gtitle"
)
FIBRES_PATHS = (
    "(() => { const p = document.querySelector(%r); return p ? [...p.querySelectorAll("
    "'.scatterlayer .trace path.js-line')].map(e => e.getAttribute('d')).join('|') : ''; })()"
    % f"{FIBRES} .js-plotly-plot"
)
RING = (
    "(() => { const p = document.querySelector(%r); if (!p) return ''; const traces = [...p.querySelectorAll("
    "'.scatterlayer .trace')]; return traces.length ? traces[traces.length - 1].innerHTML : ''; })()"
    % f"{MAP} .js-plotly-plot"
)


def scroll_to(page, selector: str) -> None:
    """Plain DOM scrolling: Playwright's stability checks were seen to time out on a loaded machine."""
    page.wait_for_function("(s) => document.querySelector(s) !== null", arg=selector, timeout=60_000)
    page.evaluate("(s) => document.querySelector(s).scrollIntoView({block: 'center'})", selector)


def test_hfs_in_depth_runs_and_its_widgets_respond(open_notebook):
    lab = open_notebook("07-hfs-in-depth")
    lab.run_all(timeout_ms=300_000)
    page = lab.page
    page.wait_for_selector(f"{MAP} .js-plotly-plot", state="attached", timeout=60_000)
    assert lab.error_outputs() == []

    # JupyterLab draws an output only once it is scrolled into view.
    scroll_to(page, f"{MAP} .js-plotly-plot")
    page.wait_for_function(
        "(s) => document.querySelector(s).querySelectorAll('.trace').length > 0",
        arg=f"{MAP} .js-plotly-plot",
        timeout=60_000,
    )
    before_title = page.evaluate(TITLE)
    before_ring = page.evaluate(RING)
    assert before_title.startswith("Upper lid, lateral"), before_title

    # The main control: the injection-point drop-down. The centre of the upper lid is a place to avoid.
    select = f"{MAP} .widget-dropdown select"
    scroll_to(page, select)
    page.locator(select).first.select_option(label="Upper lid, centre (avoid)")
    lab.wait_changed(TITLE, before_title)
    after_title = page.evaluate(TITLE)
    assert "risk of ptosis" in after_title, after_title
    assert page.evaluate(RING) != before_ring  # the ring moved to the new point
    assert "levator" in page.evaluate("(s) => document.querySelector(s).textContent", MAP)
    lab.screenshot("07-injection-map")

    # The mechanism widget: its main control, the compression slider, from the keyboard (70 -> 30 in steps of 5).
    scroll_to(page, f"{FIBRES} .js-plotly-plot")
    page.wait_for_function(
        "(s) => document.querySelector(s).querySelectorAll('.trace').length > 0",
        arg=f"{FIBRES} .js-plotly-plot",
        timeout=60_000,
    )
    before_title = page.evaluate(FIBRES_TITLE)
    before_paths = page.evaluate(FIBRES_PATHS)
    assert before_title.startswith("Cross-talk at the root, vessel on the nerve: LSR"), before_title
    handle = f"{FIBRES} .widget-slider .noUi-handle"
    scroll_to(page, handle)
    page.locator(handle).first.focus()
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
    lab.wait_changed(FIBRES_TITLE, before_title)
    page.wait_for_function(f"(() => {FIBRES_TITLE}.endsWith('no LSR'))()", timeout=15_000)
    assert page.evaluate(FIBRES_PATHS) != before_paths  # the bared patch shrank and the mentalis trace went flat
    # The observations stay hidden until asked for.
    assert "What was observed" not in page.evaluate("(s) => document.querySelector(s).textContent", FIBRES)
    button = f"{FIBRES} .hfs-show-observed"
    scroll_to(page, button)
    assert page.locator(button).first.text_content().strip() == "Show what was observed"
    page.locator(button).first.click(force=True)
    page.wait_for_function(
        "(s) => document.querySelector(s).textContent.includes('What was observed')", arg=FIBRES, timeout=15_000
    )
    lab.screenshot("07-two-fibres")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
