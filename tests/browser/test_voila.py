"""Every lesson served as a Voilà app (tools/app.py, what `make app LESSON=NN` runs), in Chromium.

One Voilà server serves the notebooks folder (with its token); each lesson page must render its widgets and a plotly
figure without code, answer a control with a changed figure, show the figure the controls describe
when the page first loads (the FigureWidget stale-state pitfall), log no console error, pass the axe
scan inside the course's widgets, and make no request off the machine. The app's argument handling
is tested in tests/unit/test_app.py; its token, Host check, kernel cap and links in
tests/browser/test_voila_sharing.py.
"""

from __future__ import annotations

import time

import pytest
from harness import (
    FIGURE_SIGNATURE,
    PageWatch,
    VoilaServer,
    axe_serious,
    lesson_notebooks,
    screenshot,
    wait_rendered,  # test_figure_labels.py imports it from here too
)

LESSONS = lesson_notebooks()
# Controls the test knows how to move and put back, in the order it tries them. A lone toggle button
# is left out: it may start an animation (a Play button), which no second press undoes exactly.
CONTROLS = [
    "select",
    ".widget-toggle-buttons button",
    ".widget-radio-box input[type=radio]",
    ".noUi-handle",
    ".widget-checkbox input[type=checkbox]",
]
TRIES_PER_VIEW = 3
ERROR_OUTPUTS = "[data-mime-type='application/vnd.jupyter.stderr'], [data-mime-type='application/vnd.jupyter.error']"


# --- each lesson in Chromium -------------------------------------------------------------------


@pytest.fixture(scope="module")
def voila(browser_context):  # browser_context first: it skips (or fails under CI) without Chromium
    server = VoilaServer()
    yield server
    server.stop()


def signature(view) -> str:
    return view.evaluate(FIGURE_SIGNATURE)


def move(control):
    """Change one control as a user would; return how to put it back."""
    kind = control.evaluate("e => e.tagName.toLowerCase() + '|' + (e.type || '') + '|' + e.className")
    if kind.startswith("select"):
        count, first = control.evaluate("e => [e.options.length, e.selectedIndex]")
        if count < 2:
            return None
        control.focus()
        control.select_option(index=(first + 1) % count)
        if first < 0:  # nothing was chosen (a "— choose —" dropdown with value None): choose nothing again
            return lambda: control.evaluate("e => { e.selectedIndex = -1; e.dispatchEvent(new Event('change')); }")
        return lambda: control.select_option(index=first)
    if "noUi-handle" in kind:
        control.focus()
        control.press("ArrowRight")
        return lambda: control.press("ArrowLeft")
    if "radio" in kind or "widget-toggle-button" in kind:
        group = control.locator(
            "xpath=ancestor::*[contains(@class,'widget-toggle-buttons') or contains(@class,'widget-radio-box')][1]"
        )
        options = group.locator("button, input[type=radio]")
        states = [
            options.nth(i).evaluate("e => e.checked === true || e.classList.contains('mod-active')")
            for i in range(options.count())
        ]
        if len(states) < 2:
            return None
        first = states.index(True) if True in states else 0
        options.nth(next(i for i in range(len(states)) if i != first)).click()
        return lambda: options.nth(first).click()
    control.click()  # a checkbox or a single toggle button
    return lambda: control.click()


def change_a_figure(page):
    """Move controls of the figure-bearing views, in CONTROLS order, until a figure changes.
    Returns (view, signature before, signature after, how to undo) or fails naming what was tried."""
    tried = []
    views = page.locator(".hfs-view:has(.js-plotly-plot)")
    for v in range(views.count()):
        view = views.nth(v)
        candidates = [view.locator(kind).nth(i) for kind in CONTROLS for i in range(view.locator(kind).count())]
        candidates = [c for c in candidates if c.is_visible() and not c.is_disabled()][:TRIES_PER_VIEW]
        for control in candidates:
            before = signature(view)
            undo = move(control)
            if undo is None:
                continue
            try:
                page.wait_for_function(
                    f"([el, b]) => ({FIGURE_SIGNATURE})(el) !== b", arg=[view.element_handle(), before], timeout=5_000
                )
            except Exception:
                tried.append(control.evaluate("e => e.outerHTML.slice(0, 120)"))
                undo()
                continue
            return view, before, signature(view), undo
    raise AssertionError(f"no control changed a figure; tried: {tried}")


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem)
def test_lesson_works_as_a_voila_app(voila, browser_context, notebook):
    page = browser_context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(voila.url(f"/voila/render/{notebook.name}"), wait_until="domcontentloaded", timeout=120_000)
        wait_rendered(page)
        assert page.locator(ERROR_OUTPUTS).count() == 0, page.locator(ERROR_OUTPUTS).first.text_content()
        assert "There was an error when executing cell" not in page.content()
        code = page.locator(".jp-CodeCell .jp-InputArea-editor, .jp-CodeCell .cm-editor")
        assert code.count() == 0 or not code.first.is_visible(), "Voilà shows code"

        view, first, changed, undo = change_a_figure(page)
        assert changed != first
        view.evaluate("e => e.scrollIntoView()")
        time.sleep(0.5)
        screenshot(page, f"voila-{notebook.stem}-changed")
        # Back to the first value: the figure must be the one shown at load. If Voilà had shown the
        # FigureWidget as first constructed (stale state), it would differ from the redrawn one.
        undo()
        page.wait_for_function(
            f"([el, b]) => ({FIGURE_SIGNATURE})(el) === b", arg=[view.element_handle(), first], timeout=10_000
        )
        screenshot(page, f"voila-{notebook.stem}-restored")

        assert watch.errors() == [], watch.errors()
        assert axe_serious(page, [".hfs-view"]) == []
    finally:
        page.close(run_before_unload=True)  # as a closed tab: Voilà's page shuts its kernel down
    assert browser_context.external_requests == [], (
        f"requests left the machine: {browser_context.external_requests[:5]}"
    )
