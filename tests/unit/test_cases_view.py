"""Lesson 6 widget: each step and control changes what the learner sees; bad input shows a message; the
static form has every case with figures, alt text, rows and collapsible answers."""

import pytest

from widgets import progress
from widgets.cases import bench, model, view
from widgets.differential.view import BayesianDifferential
from widgets.ui import charts, style


def fills(walk):
    return [t.fillcolor for t in walk.face.figure.data]


def step_to(walk, stage: str) -> None:
    walk.index = walk._step_of(stage) - 1
    walk._render()


@pytest.fixture(scope="module")
def shared():
    return view.CaseWalkthrough()  # building the plotly figures is the slow part: build once, reset per test


@pytest.fixture
def walk(shared):
    shared.case_picker.value = "atypical-hfs"
    shared._restart()
    shared.show_message("")
    return shared


def test_the_first_step_shows_the_history_and_locks_the_charts():
    walk = view.CaseWalkthrough()  # a fresh widget: the charts in the state they were built in
    assert walk.case.id == "atypical-hfs" and walk.back.disabled and not walk.next.disabled
    assert "History" in walk.story.value and "Examination" not in walk.story.value
    assert "Synthetic patient" in walk.story.value
    assert walk.question_box.layout.display == "none"
    assert "examination comes at step 2" in walk.face.figure.layout.title.text
    for fig in (walk.dx_figure, walk.lsr_figure, walk.tx_figure):
        assert fig.layout.annotations[-1].visible and "Reached at step" in fig.layout.annotations[-1].text


def test_next_reveals_the_examination_and_paints_the_face(walk):
    before = fills(walk)
    walk.next.click()
    assert fills(walk) != before
    assert style.STATE_CUES["active"].colour in fills(walk)
    assert "Examination" in walk.story.value and "Step 2 of 8" in walk.step_label.value
    walk.back.click()
    assert fills(walk) == before and walk.index == 0


def test_the_anatomy_answer_is_a_staged_quiz_item_and_shows_the_branches(walk):
    step_to(walk, "anatomy")
    q = walk.case.question("anatomy")
    card = walk.card(q)
    assert card.box in walk.question_box.children and "Anatomy" in card.stem.value
    card.check_button.click()
    assert "Choose an answer first" in card.feedback.value
    wrong = (q.correct_index + 1) % len(q.options)
    card.select({wrong})
    card.check_button.click()
    # first wrong try: that option's feedback and a hint, never the key; the branches stay hidden
    assert (
        "Not yet" in card.feedback.value and "Hint" in card.feedback.value and "right answer" not in card.feedback.value
    )
    assert not card.done and "branches involved" not in walk.face.figure.layout.title.text
    assert walk.point.value == "" and walk.score() == (0, 4)
    card.select({q.correct_index})
    card.check_button.click()
    assert "Correct at the second try" in card.feedback.value and walk.score() == (0, 4)  # only the first try scores
    assert "The point:" in walk.point.value
    assert "branches involved" in walk.face.figure.layout.title.text
    assert style.STATE_CUES["selected"].colour in fills(walk)
    walk.next.click()
    assert "Answer:" in walk.story.value and "✘ (not right first time)" in walk.story.value


def test_the_case_score_is_saved_as_progress(walk):
    step_to(walk, "anatomy")
    card = walk.card(walk.case.question("anatomy"))
    card.select({walk.case.question("anatomy").correct_index})
    card.check_button.click()
    entry = progress.read().data["06-clinical-cases/atypical-hfs"]
    assert (entry["last"], entry["total"], entry["finished"]) == (1, 4, False)
    assert walk.score() == (1, 4) and "score 1 of 4" in walk.step_label.value


def test_the_learner_sets_the_differential_before_the_course_shows_its_own(walk):
    step = walk._ranking_step()
    walk.index = step - 1
    walk._render()
    task = walk.task()
    assert walk.question_box.children == (task.box,) and "Your differential" in walk.step_label.value
    assert walk._chart_boxes["dx"].layout.display == "none"  # the course's differential waits for the learner's
    names = [d.options[1:] for d in task.places][0]
    assert [n for n, _k in names] == sorted((n for n, _k in names), key=str.lower)  # never the course's order
    task.compare_button.click()
    assert "Rank every diagnosis first" in task.result_html.value and not task.done
    learner = walk.case.differential.learner
    task.places[0].value = learner.ranking[1]
    task.places[1].value = learner.ranking[1]  # chosen twice: it leaves the first place (now empty)
    assert task.places[0].value is None and task.places[1].value == learner.ranking[1]
    present = {f.key for f in learner.findings if f.present}
    task.set(present - {next(iter(present))}, [learner.ranking[1], learner.ranking[0], *learner.ranking[2:]])
    task.compare_button.click()
    shown = task.result_html.value
    assert task.done and "missed (present)" in shown and "The course puts Hemifacial spasm first" in shown
    assert "Why the course ranks them so" in shown and "&gt;99%" in shown
    assert all(box.disabled for box in task.boxes.values())
    assert walk._chart_boxes["dx"].layout.display is None
    assert walk.dx_figure.layout.title.text.startswith("After history and examination: HFS")
    assert any(charts.trace(walk.dx_figure, charts.POST).x) and "Red flags" in walk.dx_panel.value


def test_the_differential_chart_moves_with_the_tests(walk):
    step_to(walk, "differential")  # the learner's differential left behind: the chart is open
    assert "The course's ranking:" in walk.story.value  # the step left behind, in the story
    assert walk.dx_figure.layout.title.text.startswith("After history and examination: HFS")
    bedside = list(charts.trace(walk.dx_figure, charts.POST).x)
    step_to(walk, "tests")
    card = walk.card(walk.case.question("tests"))
    card.select({walk.case.question("tests").correct_index})
    card.check_button.click()
    assert walk.dx_figure.layout.title.text.startswith("After the tests")
    assert list(charts.trace(walk.dx_figure, charts.POST).x) != bedside
    assert all(t.visible for t in walk.lsr_figure.data) and "10 ms" in walk.lsr_figure.layout.title.text
    assert "Results:" in walk.point.value


def test_the_treatment_runs_the_decision_model_at_the_patients_age(walk):
    walk.case_picker.value = "older-patient"
    step_to(walk, "treatment")
    spasm_free = charts.trace(walk.tx_figure, "spasm-free")
    assert not any(spasm_free.x)
    walk.card(walk.case.question("treatment")).key_button.click()
    assert walk.tx_figure.layout.title.text.startswith("A man aged 74")
    assert any(spasm_free.x) and walk.age.layout.display is None
    assert "In plain words" in walk.tx_panel.value
    walk.age.value = 45
    assert walk.tx_figure.layout.title.text.startswith("A man aged 45")
    old_years = walk._runs[("older-patient", 74)].years["mvd_now"]["spasm_free"]
    assert walk._runs[("older-patient", 45)].years["mvd_now"]["spasm_free"] > old_years


def test_changing_case_resets_the_steps_and_the_charts(walk):
    step_to(walk, "treatment")
    walk.show_answer()
    title = walk.face.figure.layout.title.text
    walk.case_picker.value = "blepharospasm"
    assert walk.index == 0 and walk.score() == (0, 4)
    assert walk.face.figure.layout.title.text != title and "Case 2" in walk.face.figure.layout.title.text
    assert "64-year-old" in walk.story.value
    assert not any(charts.trace(walk.tx_figure, "spasm-free").x)
    step_to(walk, "treatment")
    walk.show_answer()
    assert "Not used in this case" in walk.tx_figure.layout.annotations[0].text  # no decision model for blepharospasm
    assert "focal dystonia" in walk.tx_panel.value
    assert walk.age.layout.display == "none"
    walk.case_picker.value = "atypical-hfs"
    walk._restart()
    assert not any(card.done for card in walk._case_cards())  # back to an unanswered case


def test_a_case_without_the_differential_says_why(walk):
    walk.case_picker.value = "mvd-complication"
    assert "Not used" in walk.dx_figure.layout.annotations[0].text
    assert "ranks involuntary movements" in walk.dx_panel.value
    walk.index = walk._ranking_step() - 1
    walk._render()
    walk.task().show_button.click()
    shown = walk.task().result_html.value
    assert "Delayed facial palsy" in shown and "ranks involuntary movements" in shown and "Your place" in shown
    step_to(walk, "anatomy")
    walk.show_answer()
    assert "branches involved" in walk.face.figure.layout.title.text


def test_bad_input_shows_a_message_not_a_traceback(walk):
    walk.guarded(lambda _c: walk.check_answer())()  # at the history step there is no question
    assert "cannot be used" in walk.message.value and "no question at this step" in walk.message.value
    walk.next.click()
    assert walk.message.value == ""


def test_static_form_has_every_case_with_figures_alt_rows_and_answers(walk):
    form = walk.static()
    assert len(form.figures) >= 12 and len(form.alt) > 500
    assert len(form.rows) == 6 * 4 and form.headers == ["Case", "Stage", "Question", "Answer"]
    page = form.html()
    # each question: a hint and its key behind reveals; each case: the course's differential behind one
    assert page.count("<details>") == 6 * (4 * 2 + 1) and "Synthetic patient" in page
    assert page.count("Show the course's differential") == 6
    assert "include_plotlyjs" not in page and "cdn" not in page.lower()
    one = walk.static(case="eyelid-myokymia")
    assert len(one.rows) == 4 and one.title.startswith("Case 3")


def test_static_form_puts_each_figure_after_the_question_of_its_own_stage(walk):
    """Without a kernel a reader scrolls down the case: a chart above a question would answer it (issue 18)."""
    page = walk.static(case="atypical-hfs").html()

    def at(text: str) -> int:
        assert page.count(text) == 1, text
        return page.index(text)

    def figure(title_start: str) -> int:
        return at(f"<figure class='hfs-figure' role='group' aria-label='{title_start}")

    face, bedside, emg = figure("Left side in spasm"), figure("After history and examination"), figure("Nerve")
    tests_dx, decision = figure("After the tests"), figure("A woman aged 49")
    assert at("<h5>Examination</h5>") < face < at("<h5>Anatomy</h5>") < at("<h5>Your differential</h5>")
    assert at("<h5>Differential</h5>") < bedside < at("<h5>Tests</h5>") < min(emg, tests_dx)
    assert max(emg, tests_dx) < at("<h5>Treatment</h5>") < decision < at("<h5>Summary</h5>")
    assert page.count("<figcaption>") == 5 and "leads at" in page[tests_dx:decision]


def test_the_full_differential_for_a_case_and_the_summary_table():
    bayes = BayesianDifferential(**model.differential_setup("secondary-hfs"))
    assert bayes.setting.value == "movement_disorders"
    assert bayes.observations() == model.findings_at(model.case("secondary-hfs"), "tests")
    assert "Red flags" in bayes.flags.value
    form = bayes.static()
    assert form.figures and form.rows and form.title.startswith("Case 4")  # its alt text: lesson 3's widget
    with pytest.raises(ValueError, match="does not"):
        model.differential_setup("mvd-complication")
    table = view.cases_table().data
    assert table.count("\n| ") == 6 and "Atypical hemifacial spasm" in table


def test_presenter_scale_widens_the_figures(walk):
    widths = [walk.dx_figure.layout.width, walk.face.figure.layout.width]
    style.set_presenter(True)
    try:
        assert walk.dx_figure.layout.width > widths[0] and walk.face.figure.layout.width > widths[1]
        assert walk._chart_boxes["dx"].layout.width == f"{walk.dx_figure.layout.width + 10}px"  # the box follows
    finally:
        style.set_presenter(False)
    assert [walk.dx_figure.layout.width, walk.face.figure.layout.width] == widths


def test_bench_cases_run():
    for name, fn in bench.bench_cases():
        fn()
        assert name.startswith("cases:")


def test_case_findings_untick_a_finding_and_the_chart_and_flags_follow():
    v = view.CaseFindings("secondary-hfs")
    assert all(box.value for box in v.boxes.values()) and v.observations() == model.findings_at(v.case, "tests")
    assert v.figure.layout.title.text.startswith("10 of 10 findings: HFS")
    assert "Red flags" in v.flags.value and "<details>" in v.arithmetic.value
    before = list(charts.trace(v.figure, charts.POST).x)
    v.boxes["onset_before_40"].value = False
    v.boxes["other_cn"].value = False
    assert v.figure.layout.title.text.startswith("8 of 10 findings: HFS")
    assert "none ticked" in v.flags.value  # the flags go, the probabilities barely move: a probability is not a plan
    assert list(charts.trace(v.figure, charts.POST).x) != before
    form = v.static()
    assert form.figures and len(form.rows) == 10 and "reveal below" in form.alt and "leads" not in form.alt
    assert form.figures[0].layout.title.text.startswith(
        "All 10 findings of case 4 ticked"
    )  # no ">99%" before the reveal
    with pytest.raises(ValueError, match="does not"):
        view.CaseFindings("mvd-complication")
