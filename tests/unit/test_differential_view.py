"""Lesson 3 widgets: each control changes its figure; bad input shows a message; static forms are complete."""

import pytest

from widgets.differential import bench, model, view
from widgets.ui import style
from widgets.ui.charts import POST, PRE, trace


def _bars(fig):
    return list(trace(fig, POST).x)


# --- watch and tell ------------------------------------------------------------------------------


def test_moving_the_frame_animates_the_faces():
    watch = view.WatchAndTell()
    hfs = watch.painters[watch.order.index("hfs")].figure
    eyelids = trace(hfs, "eyelids")
    lids, muscles = eyelids.y, [t.fillcolor for t in hfs.data]
    watch.frame.value = 9  # the synchronous spasm of HFS
    assert eyelids.y != lids
    assert [t.fillcolor for t in hfs.data] != muscles
    assert style.STATE_CUES["active"].colour in [t.fillcolor for t in hfs.data]
    watch.frame.value = 0
    assert eyelids.y == lids and [t.fillcolor for t in hfs.data] == muscles


def test_naming_the_patients_gives_feedback():
    watch = view.WatchAndTell()
    watch.check.click()
    assert "Name all three patients first" in watch.feedback.value
    for answer, truth in zip(watch.answers, watch.order):
        answer.value = truth
    watch.check.click()
    assert "3 of 3 right" in watch.feedback.value and "Babinski" in watch.feedback.value
    watch.answers[0].value = next(c for c in model.WATCH_CONDITIONS if c != watch.order[0])
    watch.check.click()
    assert "2 of 3 right" in watch.feedback.value and "✘" in watch.feedback.value


def test_watch_static_form_is_a_labelled_storyboard():
    form = view.WatchAndTell().static()
    assert form.figures and len(form.alt) > 200 and len(form.rows) == 3
    titles = [a.text for a in form.figures[0].layout.annotations]
    assert any(t.startswith("HFS") for t in titles) and any(t.startswith("BEB") for t in titles)


# --- Bayesian differential --------------------------------------------------------------------------


def test_ticking_two_findings_changes_the_chart_and_the_tables():
    bayes = view.BayesianDifferential()
    bars, title = _bars(bayes.figure), bayes.figure.layout.title.text
    bayes.boxes[("bilateral", False)].value = True
    bayes.boxes[("brow_lift", True)].value = True
    assert _bars(bayes.figure) != bars and bayes.figure.layout.title.text != title
    assert bayes.figure.layout.title.text.startswith("Most probable: HFS")
    assert "× " in bayes.lr_table.value and "post-test odds" in bayes.lr_table.value
    assert "bits" in bayes.next_best.value


def test_the_two_sides_of_a_row_exclude_each_other():
    bayes = view.BayesianDifferential()
    bayes.boxes[("brow_lift", True)].value = True
    bayes.boxes[("brow_lift", False)].value = True
    assert bayes.boxes[("brow_lift", True)].value is False
    assert bayes.observations() == {"brow_lift": False}


def test_the_setting_moves_the_pre_test_bars_and_clear_resets():
    bayes = view.BayesianDifferential()
    bayes.set_findings({"bilateral": False, "brow_lift": True})
    before, after = trace(bayes.figure, PRE), trace(bayes.figure, POST)
    p_hfs_clinic = after.x[0]
    pre = list(before.x)
    bayes.setting.value = "primary_care"
    assert list(before.x) != pre
    assert after.x[0] < p_hfs_clinic
    bayes.clear.click()
    assert bayes.observations() == {}
    assert list(after.x) == list(before.x)


def test_red_flags_appear_when_ticked():
    bayes = view.BayesianDifferential()
    assert "none ticked" in bayes.flags.value
    bayes.boxes[("weakness", True)].value = True
    assert "Red flags" in bayes.flags.value and "Facial weakness" in bayes.flags.value


def test_an_invalid_setting_shows_a_message_not_a_traceback(monkeypatch):
    bayes = view.BayesianDifferential()
    monkeypatch.setitem(model.SETTINGS, "equal", model.Setting("equal", "broken", {}, ()))
    bayes.setting.value = "equal"
    assert "empty setting" in bayes.message.value


def test_bayes_static_form_has_figure_alt_text_and_a_row_per_finding():
    form = view.BayesianDifferential().static()
    assert form.figures and len(form.alt) > 100 and len(form.rows) == len(model.FINDINGS)


# --- case trainer --------------------------------------------------------------------------------


def test_a_new_case_changes_the_vignette_and_checking_scores_once():
    trainer = view.CaseTrainer()
    first = trainer.vignette.value
    trainer.check.click()
    assert "Choose a diagnosis and a next step first" in trainer.feedback.value
    case = trainer.case
    trainer.diagnosis.value, trainer.next_test.value = case.condition, case.best_test
    bars = _bars(trainer.figure)
    trainer.check.click()
    assert "✔ Diagnosis right" in trainer.feedback.value and "✔ Next step right" in trainer.feedback.value
    assert _bars(trainer.figure) != bars
    trainer.check.click()  # checking the same case again does not count twice
    assert "diagnosis 1/1, next step 1/1" in trainer.score.value
    trainer.new_case.click()
    assert trainer.vignette.value != first and trainer.diagnosis.value is None


def test_a_wrong_answer_names_the_deciding_findings():
    trainer = view.CaseTrainer(seed=7)
    case = trainer.case
    wrong = next(d for d in model.MAIN if d != case.condition)
    trainer.diagnosis.value = wrong
    trainer.next_test.value = next(t for t in model.NEXT_TESTS if t != case.best_test)
    trainer.check.click()
    text = trainer.feedback.value
    assert "✘ Diagnosis" in text and "LR" in text and "✘ Next step" in text
    assert "diagnosis 0/1, next step 0/1" in trainer.score.value


def test_including_the_mimics_widens_the_choices():
    trainer = view.CaseTrainer()
    assert len(trainer.diagnosis.options) == len(model.MAIN)
    trainer.include_mimics.value = True
    assert len(trainer.diagnosis.options) == len(model.DIAGNOSES)


def test_trainer_static_form_is_a_worked_case_with_its_answer_behind_the_fold():
    form = view.CaseTrainer().static()
    assert form.figures and form.title.startswith("Worked case.") and form.rows and len(form.alt) > 80
    assert "Answer" not in form.title and "Hemifacial spasm" not in form.title + form.alt
    assert set(trace(form.figures[0], POST).x) == {0}  # the chart as the live trainer shows it before Check
    page = form.html()
    before, folded = page.split("<details", 1)
    assert "Show the answer" in folded and "Answer: the diagnosis" in folded and "Hemifacial spasm" in folded
    assert "<table" not in before


def test_static_forms_of_lesson_3_and_case_4_keep_their_answers_behind_the_fold():
    """Issue 18: no probability, diagnosis ranking, brow direction or red flag before the reveal."""
    from widgets.cases.model import differential_setup

    forms = {
        "watch": view.WatchAndTell().static(),
        "bayes": view.BayesianDifferential().static(),
        "case 4": view.BayesianDifferential(**differential_setup("secondary-hfs")).static(),
    }
    for name, form in forms.items():
        shown = form.title + form.alt + "".join(str(f.layout.title.text) for f in form.figures)
        assert "%" not in shown and "leads" not in shown and "Red flags:" not in shown, name
        before, folded = form.html().split("<details class='hfs-static-fold'>", 1)
        assert "<table" not in before and "<table" in folded, name
    panel_titles = [a.text for a in forms["watch"].figures[0].layout.annotations]
    assert not any(word in t for t in panel_titles for word in ("UP", "DOWN", "open", "both"))
    assert "Red flags" in forms["case 4"].table_html()


# --- shared ------------------------------------------------------------------------------------


def test_comparison_and_likelihood_tables_render_every_citation():
    for table in (view.comparison_table(), view.mimics_table(), view.likelihood_table()):
        text = table.data
        assert "{" not in text and "[" in text and text.count("\n") >= 8


def test_presenter_scale_enlarges_every_figure():
    widgets = [view.WatchAndTell(), view.BayesianDifferential(), view.CaseTrainer()]
    heights = [[f.layout.height for f, _ in w.figures()] for w in widgets]
    style.set_presenter(True)
    try:
        for w, hs in zip(widgets, heights):
            assert all(f.layout.height > h for (f, _), h in zip(w.figures(), hs))
    finally:
        style.set_presenter(False)


@pytest.mark.parametrize("name_fn", bench.bench_cases(), ids=lambda c: c[0])
def test_bench_cases_run(name_fn):
    name_fn[1]()


def test_on_a_projector_the_findings_wrap_and_share_the_screen_with_the_chart():
    """Lesson-local CSS lets a finding's label wrap (never cut with '…'); the red flags and the LR button follow
    the findings, the best next findings the chart; back in a notebook the layout is as before."""
    bayes = view.BayesianDifferential()
    assert "hfs-findings" in bayes.tabs._dom_classes and "white-space: normal" in bayes.css.value
    notebook = [type(c).__name__ for c in bayes.root.children]
    style.set_presenter(True)
    try:
        controls, side = bayes.root.children[3].children
        assert bayes.flags in controls.children and bayes.tabs in controls.children
        assert any(bayes.lr_table in getattr(c, "children", ()) for c in controls.children)
        assert list(side.children) == [bayes.figure, bayes.next_best]
        assert bayes.root.children[2] is bayes.css and "One finding a row" in bayes.tip.value
    finally:
        style.set_presenter(False)
    assert [type(c).__name__ for c in bayes.root.children] == notebook and "Tick what you know" in bayes.tip.value
