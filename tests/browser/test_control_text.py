"""No control cuts its own text in the normal JupyterLab view (1440×900), every lesson (issue 21): every
button, toggle, checkbox and description label shows its whole text (scrollWidth ≤ clientWidth), and every
dropdown is wide enough for the choice it shows (a <select> never reports overflow, so its text is measured)."""

import json

import pytest

pytestmark = pytest.mark.browser

LESSONS = (
    "00-start-here",
    "01-facial-nerve-anatomy",
    "02-spasm-progression",
    "03-differential-diagnosis",
    "04-botox-vs-mvd",
    "05-decision-model",
    "06-clinical-cases",
    "07-hfs-in-depth",
)
VIEWPORT = {"width": 1440, "height": 900}
# Every control of the course's views now attached to the page whose text does not fit, as [kind, text, px short].
CLIPPED = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const found = [];
  let checked = 0;
  for (const view of document.querySelectorAll('.jp-Notebook .hfs-view')) {
    const boxes = view.querySelectorAll('button, .widget-toggle-button, .widget-label, .widget-checkbox label');
    for (const e of boxes) {
      if (e.offsetParent === null || e.clientWidth === 0) continue;
      checked += 1;
      const over = e.scrollWidth - e.clientWidth;
      if (over > 1) found.push(['text', (e.textContent || '').trim().slice(0, 50), over]);
    }
    for (const s of view.querySelectorAll('.widget-dropdown select')) {
      if (s.offsetParent === null || s.selectedIndex < 0) continue;
      checked += 1;
      const style = getComputedStyle(s);
      canvas.font = style.font;
      const text = s.options[s.selectedIndex].textContent;
      const need = canvas.measureText(text).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const over = Math.round(need - s.clientWidth);
      if (over > 1) found.push(['dropdown', text.trim().slice(0, 50), over]);
    }
  }
  return {found, checked};
}"""
# The check itself is checked: a button and a dropdown made too narrow for their text must be found.
PLANT = """() => {
  const view = document.querySelector('.jp-Notebook .hfs-view');
  const box = document.createElement('div');
  box.id = 'hfs-planted';
  box.innerHTML = '<button class="jupyter-button" style="width:40px">A label far too long</button>'
    + '<div class="widget-dropdown"><select style="width:40px"><option>A choice far too long</option></select></div>';
  view.appendChild(box);
}"""


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_no_control_cuts_its_text_in_the_notebook(open_notebook, lesson):
    lab = open_notebook(lesson)
    page = lab.page
    page.set_viewport_size(VIEWPORT)
    lab.run_all()
    page.wait_for_selector(".jp-Notebook .hfs-view", state="attached", timeout=60_000)
    page.evaluate(PLANT)
    planted = page.evaluate(CLIPPED)["found"]
    page.evaluate("document.getElementById('hfs-planted').remove()")
    assert {kind for kind, text, _ in planted if "far too long" in text} == {"text", "dropdown"}, planted
    # JupyterLab attaches only the cells near the viewport: scroll through the notebook and look at each screen.
    clipped: dict[str, list] = {}
    seen_views = checked = 0
    outer = "document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')"
    page.evaluate(f"{outer}.scrollTop = 0")
    for _ in range(400):
        page.wait_for_timeout(350)
        seen_views = max(seen_views, page.evaluate("document.querySelectorAll('.jp-Notebook .hfs-view').length"))
        result = page.evaluate(CLIPPED)
        checked += result["checked"]
        for kind, text, over in result["found"]:
            clipped.setdefault(f"{kind}: {text}", []).append(over)
        at_end = page.evaluate(
            f"(() => {{ const o = {outer}; const before = o.scrollTop; o.scrollTop += 600;"
            " return o.scrollTop === before; })()"
        )
        if at_end:
            break
    assert seen_views and checked, f"{lesson}: no course widget was rendered"
    print(f"{lesson}: {checked} control measurements on {seen_views} views at most at once")
    lab.screenshot(f"controls-{lesson}")
    assert not clipped, f"{lesson}: controls that cut their text (px short): " + json.dumps(
        {k: max(v) for k, v in clipped.items()}, ensure_ascii=False
    )
