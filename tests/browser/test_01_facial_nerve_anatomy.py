"""Lesson 1 in a real browser: runs clean; choosing a segment, a lesion level, a case answer, a vessel and a
muscle changes what the learner sees; no console errors, no serious accessibility violations."""

import warnings

import pytest

pytestmark = pytest.mark.browser


def title_js(view: int, plot: int = 0) -> str:
    return (
        f"(() => {{ const v = document.querySelectorAll('.hfs-view')[{view}];"
        f" const t = v && v.querySelectorAll('.js-plotly-plot')[{plot}];"
        f" const g = t && t.querySelector('.gtitle'); return g && g.textContent; }})()"
    )


def face_words_js(view: int) -> str:
    """The words painted on a view's face (its state labels): a DOM property, not a Python value."""
    return (
        f"(() => {{ const v = document.querySelectorAll('.hfs-view')[{view}];"
        f" return [...v.querySelectorAll('.js-plotly-plot .textpoint text')].map(t => t.textContent).sort(); }})()"
    )


def traces_js(view: int, plot: int) -> str:
    return (
        f"document.querySelectorAll('.hfs-view')[{view}].querySelectorAll('.js-plotly-plot')[{plot}]"
        f".querySelectorAll('.scatterlayer .trace').length"
    )


def wait_contains(page, js_expr: str, text: str) -> None:
    page.wait_for_function(f"(({js_expr}) || '').includes({text!r})", timeout=15_000)


def show(page, view: int, plots: int = 1) -> None:
    """Scroll a widget into view and wait until its figures have drawn their titles.

    JupyterLab draws cells as they come into view. On a heavily loaded machine a figure has been seen
    to stay blank for a while (plotly's empty default axes; every FigureWidget ships plotly's 5 MB
    bundle over the websocket), so the wait scrolls away and back between tries and says so.
    """
    drawn = (
        f"document.querySelectorAll('.hfs-view')[{view}].querySelectorAll('.js-plotly-plot .gtitle').length >= {plots}"
    )
    for attempt in range(6):
        page.evaluate(f"document.querySelectorAll('.hfs-view')[{view}].scrollIntoView({{block: 'start'}})")
        try:
            page.wait_for_function(drawn, timeout=15_000)
            break
        except Exception:
            if attempt == 5:
                raise
            warnings.warn(f"widget {view}: a figure is still blank after {15 * (attempt + 1)} s; scrolling to redraw")
            page.evaluate("document.querySelector('.jp-WindowedPanel-outer, .jp-Notebook').scrollTop = 0")
            page.wait_for_timeout(500)
    page.wait_for_timeout(300)


def test_lesson_01_runs_and_its_widgets_respond(open_notebook):
    lab = open_notebook("01-facial-nerve-anatomy")
    lab.run_all()
    page = lab.page
    page.wait_for_selector(".hfs-view .js-plotly-plot .scatterlayer .trace", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.hfs-view').length >= 5", timeout=60_000)  # 4 widgets + quiz
    assert lab.error_outputs() == []
    views = page.locator(".hfs-view")

    # 1. Course explorer: a segment from the list, then one step with the keyboard.
    show(page, 0, plots=2)
    course, face = title_js(0, 0), title_js(0, 1)
    before, face_before = page.evaluate(course), page.evaluate(face)
    views.nth(0).locator("select").first.select_option(label="Mastoid segment")
    lab.wait_changed(course, before)
    wait_contains(page, course, "Mastoid")
    before = page.evaluate(course)
    step = views.nth(0).get_by_role("button", name="Towards the face ▶")
    step.focus()
    page.keyboard.press("Enter")
    lab.wait_changed(course, before)
    wait_contains(page, course, "Stylomastoid")
    views.nth(0).locator("select").first.select_option(label="Buccal branch")
    lab.wait_changed(face, face_before)
    wait_contains(page, face, "Buccal branch")
    show(page, 0, plots=2)
    assert page.evaluate(traces_js(0, 1)) >= 29  # every muscle of both sides is drawn, not just the outline
    lab.screenshot("01-course-explorer")

    # 2. Branch–muscle map: the masseter is not a facial-nerve muscle.
    show(page, 1)
    mapper = title_js(1)
    before = page.evaluate(mapper)
    views.nth(1).get_by_role("button", name="Muscle → branch").click()
    views.nth(1).locator("select").nth(1).select_option(label="Masseter")
    lab.wait_changed(mapper, before)
    wait_contains(page, mapper, "not the facial nerve")
    show(page, 1)
    assert page.evaluate(traces_js(1, 0)) >= 29
    lab.screenshot("01-branch-muscle-map")

    # 3. Lesion localiser: a cortical lesion repaints the face (fewer weak muscles, the other side).
    show(page, 2)
    lesion = title_js(2)
    before, words_before = page.evaluate(lesion), page.evaluate(face_words_js(2))
    assert "spared" not in words_before  # a lesion at the foramen spares no facial muscle
    views.nth(2).locator("select").first.select_option(label="Motor cortex or internal capsule (upper motor neuron)")
    lab.wait_changed(lesion, before)
    wait_contains(page, lesion, "LEFT face weak")
    page.wait_for_function(f"{face_words_js(2)}.includes('spared')", timeout=15_000)  # the forehead
    assert {"spared", "mild", "weak"} <= set(page.evaluate(face_words_js(2)))
    show(page, 2)
    assert page.evaluate(traces_js(2, 0)) >= 29
    lab.screenshot("01-lesion-localiser")

    # ... and its reverse exercise: a generated case, an answer, feedback.
    before = page.evaluate(lesion)
    views.nth(2).get_by_role("button", name="Localise a case").click()
    lab.wait_changed(lesion, before)
    wait_contains(page, lesion, "Case 1")
    views.nth(2).locator("select").nth(2).select_option(label="Distal to the chorda tympani (stylomastoid foramen)")
    views.nth(2).get_by_role("button", name="Check").click()
    page.wait_for_function(
        "[...document.querySelectorAll('.hfs-view')][2].textContent.match(/Correct|Not quite/)", timeout=15_000
    )
    show(page, 2)
    lab.screenshot("01-lesion-case")

    # 4. Root exit zone: another vessel, then the chart's data set.
    show(page, 3, plots=2)
    rez, chart = title_js(3, 0), title_js(3, 1)
    before, chart_before = page.evaluate(rez), page.evaluate(chart)
    views.nth(3).locator("select").first.select_option(label="PICA: posterior inferior cerebellar artery")
    lab.wait_changed(rez, before)
    wait_contains(page, rez, "PICA")
    views.nth(3).locator("select").nth(2).select_option(label="AICA as the offending vessel, across series")
    lab.wait_changed(chart, chart_before)
    show(page, 3, plots=2)
    lab.screenshot("01-root-exit-zone")
    page.evaluate(
        "document.querySelectorAll('.hfs-view')[3].querySelectorAll('.js-plotly-plot')[1]"
        ".scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(800)
    lab.screenshot("01-root-exit-zone-chart")

    page.evaluate("document.querySelectorAll('.hfs-view')[4].scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    lab.screenshot("01-quiz")
    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
