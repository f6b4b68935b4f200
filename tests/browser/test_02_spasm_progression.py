"""Lesson 2 in a real browser: runs clean; Play and the years slider change the faces; every widget responds."""

import pytest

pytestmark = pytest.mark.browser

PLAYER = ".hfs-view:has(.widget-play)"
# The typical face's title ("Typical HFS (left side), year 3: 4 muscles"), the number of muscles it
# names, and the fill of every muscle shape (a painted muscle gets a colour and a hatch pattern).
FACE_STATE = (
    """(() => {
  const plot = document.querySelector('%s .js-plotly-plot');
  const title = plot.querySelector('.gtitle');
  const text = title ? title.textContent : '';
  const m = text.match(/(\\d+) muscle/);
  const fills = [...plot.querySelectorAll('.scatterlayer .trace path.js-fill')].map(p => p.style.fill);
  return {title: text, muscles: m ? Number(m[1]) : -1, fills: fills.join('|')};
})()"""
    % PLAYER
)


def plot_title(button_text: str, nth: int = 0) -> str:
    """JS: the nth plot title inside the course view that holds a button with this text."""
    return """(() => {
  const view = [...document.querySelectorAll('.hfs-view')]
    .find(v => [...v.querySelectorAll('button')].some(b => b.textContent.trim() === %r));
  const t = view && view.querySelectorAll('.js-plotly-plot .gtitle')[%d];
  return t ? t.textContent : null;
})()""" % (button_text, nth)


def bring_into_view(lab, button_text: str):
    """Scroll the notebook until the view holding this button is rendered (Lab renders cells lazily)."""
    page = lab.page
    view = page.locator(".hfs-view").filter(has=page.locator("button", has_text=button_text)).first
    for _ in range(60):
        if view.count():
            break
        page.evaluate("document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollTop += 700")
        page.wait_for_timeout(250)
    view.scroll_into_view_if_needed()
    page.wait_for_function(f"{plot_title(button_text)} !== null", timeout=30_000)
    return view


def test_spasm_progression_plays_and_every_widget_responds(open_notebook):
    lab = open_notebook("02-spasm-progression")
    lab.run_all()
    page = lab.page
    # JupyterLab detaches cells far off screen, so wait for attachment and scroll before each use.
    page.wait_for_selector(f"{PLAYER} .js-plotly-plot .scatterlayer .trace", state="attached", timeout=60_000)
    assert lab.error_outputs() == []
    page.locator(PLAYER).scroll_into_view_if_needed()

    # 1. Play the years: the typical face gains painted muscles and its title moves on.
    page.wait_for_function(f"{FACE_STATE}.title.includes('year 0')", timeout=30_000)
    start = page.evaluate(FACE_STATE)
    page.locator(f"{PLAYER} .widget-play button").first.click()
    page.wait_for_function(f"(() => {{ const s = {FACE_STATE}; return s.muscles >= 3; }})()", timeout=30_000)
    page.locator(f"{PLAYER} .widget-play button").first.click()  # the same button pauses
    played = page.evaluate(FACE_STATE)
    assert played["title"] != start["title"] and played["muscles"] > start["muscles"]
    assert played["fills"] != start["fills"]  # the face itself was repainted, not only its title
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
    # The slider handle carries its description as an accessible name (ipywidgets alone leaves it unnamed).
    assert handle.get_attribute("aria-label") == "Years since onset"
    violations = lab.axe_violations()  # scanned while the player, with its Play control and slider, is rendered
    assert violations == [], violations

    # 2. Synchrony explorer: switch to myokymia.
    explorer = ".hfs-view:has(.widget-toggle-buttons button:has-text('Eyelid myokymia'))"
    bring_into_view(lab, "Eyelid myokymia")
    title = plot_title("Eyelid myokymia")
    before = page.evaluate(title)
    assert "Hemifacial spasm" in before
    page.locator(f"{explorer} button:has-text('Eyelid myokymia')").click()
    lab.wait_changed(title, before)
    assert "myokymia" in page.evaluate(title)
    page.locator(f"{explorer} .js-plotly-plot").scroll_into_view_if_needed()
    lab.screenshot("02-synchrony")

    # 3. Signs: blepharospasm pulls the brow down; decompression removes the lateral spread response.
    signs = ".hfs-view:has(button:has-text('Blepharospasm'))"
    bring_into_view(lab, "Blepharospasm")
    face_title = plot_title("Blepharospasm")
    before = page.evaluate(face_title)
    assert "UP" in before
    page.locator(f"{signs} button:has-text('Blepharospasm')").click()
    lab.wait_changed(face_title, before)
    assert "DOWN" in page.evaluate(face_title)
    lsr_title = plot_title("Blepharospasm", 1)
    before = page.evaluate(lsr_title)
    page.locator(f"{signs} button:has-text('After decompression')").click()
    lab.wait_changed(lsr_title, before)
    assert "No lateral spread" in page.evaluate(lsr_title)
    page.locator(f"{signs} .js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("02-signs")

    # 4. Which pattern is this? Answer, check, and get feedback; the next patient repaints the face.
    quiz = ".hfs-view:has(button:has-text('Next patient'))"
    bring_into_view(lab, "Next patient")
    page.locator(f"{quiz} .widget-radio-box input").first.check()
    page.locator(f"{quiz} button:has-text('Check')").click()
    page.wait_for_function(
        "(() => [...document.querySelectorAll('.hfs-view')].some(v => /Which pattern is this/.test(v.textContent)"
        " && /Right\\.|Not quite/.test(v.textContent)))()",
        timeout=15_000,
    )
    page.locator(f"{quiz} .js-plotly-plot").scroll_into_view_if_needed()
    lab.screenshot("02-pattern-quiz")
    title = plot_title("Next patient")
    before = page.evaluate(title)
    page.locator(f"{quiz} button:has-text('Next patient')").click()
    lab.wait_changed(title, before)
    assert "Patient 2" in page.evaluate(title)

    errors = lab.course_console_errors()
    assert errors == [], errors
    violations = lab.axe_violations()
    assert violations == [], violations
