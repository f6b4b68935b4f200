"""Lesson 3 in a real browser: runs clean; ticking two findings changes the probability chart; the faces
animate; the case trainer gives feedback."""

import pytest

pytestmark = pytest.mark.browser

CHART_TITLE = """(() => { const v = [...document.querySelectorAll('.hfs-view')].find(e => e.querySelector('.widget-tab'));
  const t = v && v.querySelector('.js-plotly-plot .gtitle'); return t && t.textContent; })()"""
CHART_BARS = """(() => { const v = [...document.querySelectorAll('.hfs-view')].find(e => e.querySelector('.widget-tab'));
  return v ? [...v.querySelectorAll('.js-plotly-plot .barlayer path')].map(p => p.getAttribute('d')) : []; })()"""
EYELIDS = """(() => { const v = [...document.querySelectorAll('.hfs-view')].find(e => e.textContent.includes('Play / pause'));
  return v ? [...v.querySelectorAll('.js-plotly-plot')].map(p => { const t = p.querySelectorAll('.scatterlayer .trace');
    const lid = t.length > 1 && t[t.length - 2].querySelector('path'); return lid ? lid.getAttribute('d') : null; }) : []; })()"""


def test_differential_runs_and_two_findings_move_the_chart(open_notebook):
    lab = open_notebook("03-differential-diagnosis")
    lab.run_all()
    page = lab.page
    assert lab.error_outputs() == []

    # Bayesian differential: tick two findings with the keyboard-reachable checkboxes.
    lab.scroll_to_cell("BayesianDifferential()")
    page.wait_for_selector(".hfs-view .widget-tab", state="attached", timeout=60_000)
    page.locator(".hfs-view .widget-tab").first.scroll_into_view_if_needed()
    page.wait_for_function(f"() => !!{CHART_TITLE} && {CHART_BARS}.length > 0", timeout=60_000)
    title = page.evaluate(CHART_TITLE)
    bars = page.evaluate(CHART_BARS)
    assert title.startswith("Before any finding")
    one_side = page.get_by_role("checkbox", name="One side of the face only", exact=True)
    one_side.scroll_into_view_if_needed()
    one_side.focus()
    page.keyboard.press("Space")
    lab.wait_changed(CHART_BARS, bars, timeout_ms=60_000)
    after_one = page.evaluate(CHART_BARS)
    page.get_by_role("checkbox", name="The brow rises as the eye closes (other Babinski sign)", exact=True).check()
    lab.wait_changed(CHART_BARS, after_one, timeout_ms=60_000)
    assert page.evaluate(CHART_TITLE).startswith("Most probable: HFS")
    assert page.evaluate(CHART_BARS) != bars
    page.locator(".hfs-view:has(.widget-tab) .js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("03-bayesian-differential")

    # Watch and tell: play for a moment, the eyelid shapes move.
    lab.scroll_to_cell("WatchAndTell()")
    play = page.get_by_role("button", name="Play / pause")
    play.scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => {{ const d = {EYELIDS}; return d.length === 3 && d.every(x => x); }}", timeout=60_000
    )
    lids = page.evaluate(EYELIDS)
    play.click()
    lab.wait_changed(EYELIDS, lids, timeout_ms=40_000)
    page.wait_for_timeout(1200)
    lab.screenshot("03-watch-and-tell")
    play.click()

    # Case trainer: answer and check.
    lab.scroll_to_cell("CaseTrainer()")
    page.get_by_role("button", name="New case").scroll_into_view_if_needed()
    trainer = page.locator(".hfs-view", has=page.get_by_role("button", name="New case"))
    trainer.get_by_role("radio", name="Hemifacial spasm").first.check()
    trainer.get_by_role(
        "radio", name="No test needed now: the diagnosis is clinical (explain, treat or review)"
    ).check()
    trainer.get_by_role("button", name="Check").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.hfs-view')].some(v => /Next step/.test(v.textContent) && /This patient has/.test(v.textContent))",
        timeout=60_000,
    )
    trainer.get_by_role("button", name="Check").scroll_into_view_if_needed()
    lab.screenshot("03-case-trainer")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
