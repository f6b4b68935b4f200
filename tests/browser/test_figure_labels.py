"""Figures a student can read (issue 21, item 4): in every lesson's figures, as first drawn, no two text labels
overlap, at the width JupyterLab gives a notebook and at the width the Voilà app gives it.

Every `<text>` element plotly drew (titles, axis ticks, annotations, legend entries, text traces, bar labels)
is measured in the page; two labels overlap when their boxes share more than OVERLAP px in both directions
(a box includes the font's ascent and descent, so stacked lines of one label or neighbouring ticks touch by
a pixel or two without hiding each other)."""

from __future__ import annotations

import json

import pytest
from test_voila import wait_rendered
from voila_support import VoilaServer, lesson_notebooks, screenshot

pytestmark = pytest.mark.browser

# Figures whose labels still overlap (first run, 1440×900): each is another engineer's open item.
KNOWN: dict[str, str] = {
    # 07 left on 2026-12-07: the mechanism figure's 21 labels stand apart at the Lab (1008 px) and Voila (1410 px) widths
}
LESSONS = [
    pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN[p.stem[:2]], strict=False)) if p.stem[:2] in KNOWN else p
    for p in lesson_notebooks()
]
VIEWPORT = {"width": 1440, "height": 900}  # the student's laptop of the review
OVERLAP = 3

# The overlapping label pairs of the i-th figure on the page (after it was scrolled into view).
OVERLAPS = """([i, limit]) => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')][i];
  if (!plot || !plot.offsetParent) return null;
  const title = ((plot.querySelector('.gtitle') || {}).textContent || '').slice(0, 60);
  const boxes = [...plot.querySelectorAll('.main-svg text')]
    .filter(t => !t.closest('.hoverlayer, .modebar, defs') && t.textContent.trim())
    .filter(t => getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).opacity !== '0')
    .map(t => [t.textContent.trim().slice(0, 40), t.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0);
  const pairs = [];
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const [ta, ra] = boxes[a], [tb, rb] = boxes[b];
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > limit && h > limit) pairs.push([ta, tb, Math.round(w), Math.round(h)]);
  }
  return { title, width: Math.round(plot.getBoundingClientRect().width), labels: boxes.length, pairs };
}"""


def overlaps(page) -> list[dict]:
    """Every drawn figure of the page, each scrolled into view first (JupyterLab lays out only what is near the
    viewport), with its overlapping label pairs."""
    found = []
    for i in range(page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")):
        # JupyterLab may detach an output while others scroll in: a figure gone by now is skipped.
        page.evaluate(
            f"() => [...document.querySelectorAll('.js-plotly-plot')][{i}]?.scrollIntoView({{block: 'center'}})"
        )
        page.wait_for_timeout(150)
        measured = page.evaluate(OVERLAPS, [i, OVERLAP])
        if measured:
            found.append(measured)
    return found


def _check(figures: list[dict], where: str) -> None:
    print(where, json.dumps(figures))
    assert figures, f"{where}: no figure drawn"
    bad = [f for f in figures if f["pairs"]]
    assert not bad, f"{where}: labels overlap in {json.dumps(bad, ensure_ascii=False)[:3000]}"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem if hasattr(p, "stem") else str(p))
def test_labels_apart_in_lab(open_notebook, notebook):
    lab = open_notebook(notebook.stem)
    lab.page.set_viewport_size(VIEWPORT)
    lab.run_all()
    lab.page.wait_for_timeout(1500)  # figures draw after the kernel replies
    figures = overlaps(lab.page)
    if any(f["pairs"] for f in figures):
        lab.screenshot(f"labels-lab-{notebook.stem[:2]}")
    _check(figures, f"JupyterLab, {notebook.stem}")


@pytest.fixture(scope="module")
def voila(browser_context):
    server = VoilaServer()
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.stem if hasattr(p, "stem") else str(p))
def test_labels_apart_in_voila(voila, browser_context, notebook):
    page = browser_context.new_page()
    try:
        page.set_viewport_size(VIEWPORT)
        page.goto(voila.url(f"/voila/render/{notebook.name}"), wait_until="domcontentloaded", timeout=120_000)
        wait_rendered(page)
        page.wait_for_timeout(1000)
        figures = overlaps(page)
        if any(f["pairs"] for f in figures):
            screenshot(page, f"labels-voila-{notebook.stem[:2]}")
        _check(figures, f"Voilà, {notebook.stem}")
    finally:
        page.close()
