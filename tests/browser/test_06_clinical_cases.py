"""Lesson 6 in a real browser: the notebook runs clean; stepping through a case repaints the face and opens
the lessons' charts; the learner sets their own differential from the keyboard before the chart opens; picking
another case changes the face and the story; the decision model runs at the patient's age; case 4's findings
in the Bayesian differential follow an unticked finding."""

import pytest

pytestmark = pytest.mark.browser

WALK = ".hfs-view:has(.hfs-case-story)"
PLOT_TITLE = (
    """((i) => { const v = document.querySelector('%s');
  const p = v && v.querySelectorAll('.js-plotly-plot')[i]; const t = p && p.querySelector('.gtitle');
  return t && t.textContent; })"""
    % WALK
)
# A painted muscle is filled with a pattern (url(#...)); the four jaw muscles (trigeminal) always are.
FACE = (
    """(() => { const v = document.querySelector('%s'); const p = v && v.querySelector('.js-plotly-plot');
  if (!p) return null; const fills = [...p.querySelectorAll('.scatterlayer .trace path.js-fill')].map(e => e.style.fill);
  const t = p.querySelector('.gtitle');
  return {title: t && t.textContent, painted: fills.filter(f => f.startsWith('url(')).length - 4}; })()"""
    % WALK
)
STORY = "(() => { const s = document.querySelector('%s .hfs-case-story'); return s && s.textContent; })()" % WALK
DX_BARS = (
    """(() => { const v = document.querySelector('%s'); const p = v && v.querySelectorAll('.js-plotly-plot')[1];
  return p ? [...p.querySelectorAll('.barlayer path')].map(e => e.getAttribute('d')) : []; })()"""
    % WALK
)


def title(lab, index: int) -> str:
    return lab.page.evaluate(f"{PLOT_TITLE}({index})")


def test_clinical_cases_walk_through_and_switch_case(open_notebook):
    lab = open_notebook("06-clinical-cases")
    from playwright.sync_api import expect  # here, not at the top: without playwright the fixture skips cleanly

    lab.run_all()
    page = lab.page
    # JupyterLab draws an output only once it is scrolled into view: wait for attachment, then scroll.
    page.wait_for_selector(f"{WALK} .js-plotly-plot", state="attached", timeout=60_000)
    assert lab.error_outputs() == []
    walk = page.locator(WALK)
    walk.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WALK} .js-plotly-plot .scatterlayer .trace", timeout=30_000)
    for i in range(4):  # plotly draws each chart once it is on screen; a chart stays hidden until its step
        if not walk.locator(".js-plotly-plot").nth(i).is_visible():
            continue
        walk.locator(".js-plotly-plot").nth(i).scroll_into_view_if_needed()
        page.wait_for_function(f"{PLOT_TITLE}({i}) !== null", timeout=30_000)
    walk.scroll_into_view_if_needed()

    # Step 1 to 2: the examination paints the case's face (muscles in spasm, vermillion).
    start = page.evaluate(FACE)
    assert "examination comes at step 2" in start["title"] and start["painted"] == 0
    next_button = walk.get_by_role("button", name="Next step ▶")
    next_button.focus()
    page.keyboard.press("Enter")  # the controls work from the keyboard
    page.wait_for_function(f"(() => {{ const s = {FACE}; return s && s.painted >= 4; }})()", timeout=15_000)
    exam = page.evaluate(FACE)
    assert exam["painted"] == 4 and exam["title"].startswith("Left side in spasm")
    assert "Examination" in page.evaluate(STORY)
    walk.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("06-case-examination")

    # Step 3: the anatomy question; the right answer repaints the face with the branches.
    next_button.click()
    walk.get_by_role("radio", name="The buccal branch (orbicularis oris", exact=False).check()
    walk.get_by_role("button", name="Check answer").click()
    page.wait_for_function(
        f"(() => {{ const s = {FACE}; return s && s.title.includes('branches involved'); }})()", timeout=15_000
    )
    assert page.evaluate(FACE)["painted"] == 4
    expect(walk).to_contain_text("✔ Correct", use_inner_text=True, timeout=15_000)

    # Step 4: your differential, from the keyboard; the course's chart opens only after Compare.
    locked_bars = page.evaluate(DX_BARS)
    next_button.click()
    expect(walk).to_contain_text("Your differential", use_inner_text=True, timeout=15_000)
    assert not walk.locator(".js-plotly-plot").nth(1).is_visible()
    for finding in ("The eyelids close in the episodes", "Cheek or mouth muscles take part"):
        box = walk.get_by_role("checkbox", name=finding)
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    places = walk.locator("select").filter(has=page.locator("option", has_text="choose…"))
    order = ["Hemifacial spasm", "Focal motor seizures", "Benign essential blepharospasm"]
    order += ["Facial myokymia from MS or a brainstem lesion", "Post-facial-palsy synkinesis"]
    for n, name in enumerate(order):
        places.nth(n).focus()
        places.nth(n).select_option(label=name)
    walk.get_by_role("button", name="Compare with the course").click()
    expect(walk).to_contain_text("Your first place is the course's", use_inner_text=True, timeout=15_000)
    expect(walk).to_contain_text("missed (present)", use_inner_text=True)
    walk.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    page.wait_for_function(
        f"{PLOT_TITLE}(1) && {PLOT_TITLE}(1).startsWith('After history and examination')", timeout=15_000
    )
    assert page.evaluate(DX_BARS) != locked_bars
    walk.get_by_text("Why the course ranks them so").scroll_into_view_if_needed()
    lab.screenshot("06-your-differential")
    # Steps 5 and 6: the differential question, then the tests; the EMG schematic shows the lateral spread response.
    next_button.click()
    next_button.click()
    walk.get_by_role("button", name="Show all answers").click()
    page.wait_for_function(
        f"{PLOT_TITLE}(2) && {PLOT_TITLE}(2).includes('lateral spread response at 10 ms')", timeout=15_000
    )
    walk.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    lab.screenshot("06-case-differential-and-emg")

    # Pick another case: the face, the story and the charts change.
    before = page.evaluate(FACE)
    walk.locator("select").first.select_option(label="Case 5: Toxin for life, or surgery at 74?")
    lab.wait_changed(FACE, before)
    assert page.evaluate(FACE)["title"].startswith("Case 5")
    assert "74-year-old" in page.evaluate(STORY)
    assert "Reached at step" in walk.inner_text() or title(lab, 1) == "Lesson 3: the Bayesian differential"
    for _ in range(6):
        next_button.click()
    walk.get_by_role("button", name="Show all answers").click()
    walk.locator(".js-plotly-plot").nth(3).scroll_into_view_if_needed()
    page.wait_for_function(f"{PLOT_TITLE}(3) && {PLOT_TITLE}(3).startsWith('A man aged 74')", timeout=20_000)
    walk.locator(".js-plotly-plot").nth(3).scroll_into_view_if_needed()
    lab.screenshot("06-case-decision-model")

    # The age box re-runs the decision model.
    age = walk.get_by_role("spinbutton", name="What if the patient were aged (20–90):")
    age.fill("45")
    age.press("Enter")
    page.wait_for_function(f"{PLOT_TITLE}(3) && {PLOT_TITLE}(3).startsWith('A man aged 45')", timeout=20_000)
    walk.locator(".js-plotly-plot").nth(3).scroll_into_view_if_needed()
    lab.screenshot("06-case-decision-model-age-45")

    # Go deeper: case 4's findings in the Bayesian differential; unticking one is a keyboard press away.
    deeper = page.locator(".hfs-case-findings")
    page.wait_for_selector(".hfs-case-findings", state="attached", timeout=30_000)
    deeper.scroll_into_view_if_needed()
    page.wait_for_selector(".hfs-case-findings .js-plotly-plot .gtitle", timeout=30_000)
    assert deeper.locator(".js-plotly-plot .gtitle").first.text_content().startswith("10 of 10 findings: HFS")
    expect(deeper.get_by_text("Red flags", exact=False).first).to_be_visible(timeout=15_000)
    onset = deeper.get_by_role("checkbox", name="Began before age 40")
    onset.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "(() => { const t = document.querySelector('.hfs-case-findings .js-plotly-plot .gtitle');"
        " return t && t.textContent.startsWith('9 of 10 findings'); })()",
        timeout=15_000,
    )
    deeper.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    lab.screenshot("06-go-deeper-differential")

    assert lab.course_console_errors() == []
    assert lab.axe_violations() == []
