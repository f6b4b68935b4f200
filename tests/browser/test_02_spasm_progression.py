"""Lesson 2 in a real browser: runs clean; Play and the years slider change the faces; every widget responds."""
import pytest

pytestmark = pytest.mark.browser

PLAYER = ".hfs-view:has(.widget-play)"
# The typical face's title, and how many of its muscles are painted "contracting" (vermillion fill).
FACE_STATE = """(() => {
  const plot = document.querySelector('%s .js-plotly-plot');
  const title = plot.querySelector('.gtitle');
  const fills = [...plot.querySelectorAll('.scatterlayer .trace path.js-fill')].map(p => p.style.fill);
  return {title: title && title.textContent, painted: fills.filter(f => f === 'rgb(213, 94, 0)').length};
})()""" % PLAYER


def view_title(selector: str) -> str:
    return ("(() => { const t = document.querySelector(%r); return t && t.textContent; })()" % selector)


def test_spasm_progression_plays_and_every_widget_responds(open_notebook):
    lab = open_notebook("02-spasm-progression")
    lab.run_all()
    page = lab.page
    # JupyterLab detaches cells far off screen, so wait for attachment and scroll before each use.
    page.wait_for_selector(f"{PLAYER} .js-plotly-plot .scatterlayer .trace", state="attached", timeout=60_000)
    assert lab.error_outputs() == []
    page.locator(PLAYER).scroll_into_view_if_needed()

    # 1. Play the years: the typical face gains painted muscles and its title moves on.
    start = page.evaluate(FACE_STATE)
    assert "year 0" in start["title"]
    page.locator(f"{PLAYER} .widget-play button").first.click()
    page.wait_for_function(f"(() => {{ const s = {FACE_STATE}; return s.painted >= 3; }})()", timeout=30_000)
    page.locator(f"{PLAYER} .widget-play button").first.click()  # the same button pauses
    played = page.evaluate(FACE_STATE)
    assert played["title"] != start["title"] and played["painted"] > start["painted"]
    page.locator(PLAYER).scroll_into_view_if_needed()
    lab.screenshot("02-years-player")

    # The slider works from the keyboard too.
    handle = page.locator(f"{PLAYER} .widget-slider .noUi-handle").first
    handle.focus()
    before = page.evaluate(FACE_STATE)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    lab.wait_changed(FACE_STATE, before)
    page.locator(f"{PLAYER} .js-plotly-plot").nth(2).scroll_into_view_if_needed()
    lab.screenshot("02-years-order-chart")

    # 2. Synchrony explorer: switch to myokymia.
    explorer = ".hfs-view:has(.widget-toggle-buttons button:has-text('Eyelid myokymia'))"
    title = view_title(f"{explorer} .js-plotly-plot .gtitle")
    before = page.evaluate(title)
    assert "Hemifacial spasm" in before
    page.locator(f"{explorer} button:has-text('Eyelid myokymia')").click()
    lab.wait_changed(title, before)
    assert "myokymia" in page.evaluate(title)
    page.locator(f"{explorer} .js-plotly-plot").scroll_into_view_if_needed()
    lab.screenshot("02-synchrony")

    # 3. Signs: blepharospasm pulls the brow down; decompression removes the lateral spread response.
    signs = ".hfs-view:has(button:has-text('Blepharospasm'))"
    face_title = view_title(f"{signs} .js-plotly-plot .gtitle")
    before = page.evaluate(face_title)
    assert "UP" in before
    page.locator(f"{signs} button:has-text('Blepharospasm')").click()
    lab.wait_changed(face_title, before)
    assert "DOWN" in page.evaluate(face_title)
    lsr_title = ("(() => { const t = document.querySelectorAll(%r); return t.length > 1 && t[1].textContent; })()"
                 % f"{signs} .js-plotly-plot .gtitle")
    before = page.evaluate(lsr_title)
    page.locator(f"{signs} button:has-text('After decompression')").click()
    lab.wait_changed(lsr_title, before)
    assert "No lateral spread" in page.evaluate(lsr_title)
    page.locator(f"{signs} .js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("02-signs")

    # 4. Which pattern is this? Answer, check, and get feedback; the next patient repaints the face.
    quiz = ".hfs-view:has(button:has-text('Next patient'))"
    page.locator(f"{quiz} .widget-radio-box input").first.check()
    page.locator(f"{quiz} button:has-text('Check')").click()
    page.wait_for_function(
        "(() => { const v = document.querySelector(%r); return v && /Right|Not quite/.test(v.textContent); })()" % quiz,
        timeout=15_000)
    page.locator(f"{quiz} .js-plotly-plot").scroll_into_view_if_needed()
    lab.screenshot("02-pattern-quiz")
    title = view_title(f"{quiz} .js-plotly-plot .gtitle")
    before = page.evaluate(title)
    page.locator(f"{quiz} button:has-text('Next patient')").click()
    lab.wait_changed(title, before)
    assert "Patient 2" in page.evaluate(title)

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
