"""The keyboard in JupyterLab: a focused course widget owns its keys (issue 21, part 2).

Command-mode shortcuts must not fire inside a widget (`m` once turned the muscle dropdown's cell into
Markdown and deleted the widget); arrow keys change a dropdown and a quiz option; focus stays put;
the focus ring is at least 2 px wide with at least 3:1 contrast."""

import pytest

pytestmark = pytest.mark.browser

NOTEBOOK_STATE = """() => { const nb = window.jupyterapp.shell.currentWidget.content;
    return { cells: nb.widgets.map(c => c.model.type).join(','), active: nb.activeCellIndex, mode: nb.mode }; }"""


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_widgets_own_the_keyboard_in_jupyterlab(open_notebook):
    lab = open_notebook("00-start-here")
    lab.run_all()
    page = lab.page
    page.wait_for_selector(
        ".hfs-view[data-lm-suppress-shortcuts] .widget-dropdown select", state="attached", timeout=60_000
    )
    select = page.locator(".hfs-view .widget-dropdown select").first
    select.scroll_into_view_if_needed()
    select.focus()
    page.keyboard.press("Escape")  # command mode, where the single-letter shortcuts live
    select.focus()
    before = page.evaluate(NOTEBOOK_STATE)
    value = select.input_value()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "(v) => document.activeElement && document.activeElement.tagName === 'SELECT' "
        "&& document.activeElement.value !== v",
        arg=value,
        timeout=10_000,
    )
    for key in ["m", "y", "a", "b", "d", "d", "ArrowUp", "ArrowDown"]:
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    after = page.evaluate(NOTEBOOK_STATE)
    assert after["cells"] == before["cells"], "a shortcut pressed inside a widget changed the notebook"
    assert after["active"] == before["active"], "an arrow key inside a widget moved the active cell"
    assert page.evaluate("document.activeElement.tagName") == "SELECT", "focus left the widget"

    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return { width: parseFloat(s.outlineWidth), color: s.outlineColor, style: s.outlineStyle }; }""")
    assert ring["style"] != "none" and ring["width"] >= 2
    page_white = 1.0
    assert (page_white + 0.05) / (_luminance(ring["color"]) + 0.05) >= 3

    radio = page.locator(".hfs-view .widget-radio-box input[type=radio]").first
    radio.scroll_into_view_if_needed()
    radio.focus()
    radio.press("Space")  # choose option A
    checked = (
        "() => [...document.querySelectorAll('.hfs-view .widget-radio-box')][0].querySelector('input:checked')?.value"
    )
    first = page.evaluate(checked)
    before = page.evaluate(NOTEBOOK_STATE)
    page.keyboard.press("ArrowDown")
    lab.wait_changed(checked.replace("() => ", ""), first)
    assert page.evaluate(NOTEBOOK_STATE) == before
    lab.screenshot("00-start-here-keyboard")
