"""Lesson 1's widgets: each control changes its figure, bad input gives words, static forms are complete."""

import pytest

from widgets.anatomy import model
from widgets.anatomy.bench import bench_cases
from widgets.anatomy.view import BranchMuscleMap, CourseExplorer, LesionLocaliser, RootExitZone
from widgets.face import FACIAL_MUSCLES
from widgets.ui import style


def _trace(fig, name: str):
    """A figure's trace by its name (never by position)."""
    (trace,) = fig.select_traces(selector=dict(name=name))
    return trace


def _fill(painter, muscle, side):
    return _trace(painter.figure, painter.region_name((muscle, side))).fillcolor


def test_course_explorer_highlights_the_segment_and_lights_its_muscles():
    view = CourseExplorer(initial="rez")
    course_title = view.course.layout.title.text
    view.segment.value = "mastoid"
    assert view.course.layout.title.text != course_title and "Mastoid" in view.course.layout.title.text
    assert "Chorda tympani" in view.panel.value and "Nerve to stapedius" in view.panel.value
    assert _fill(view.painter, "platysma", "right") == style.STATE_CUES["selected"].colour
    view.segment.value = "cervical"  # a terminal branch lights only its own muscles
    assert _fill(view.painter, "platysma", "right") == style.STATE_CUES["selected"].colour
    assert _fill(view.painter, "frontalis", "right") == style.STATE_CUES["off"].colour
    view.step(-1)
    assert view.segment.value == "marginal mandibular"
    view.step_on.click()
    view.step_on.click()  # past the last segment it stays on the last one
    assert view.segment.value == "cervical" and view.step_on.disabled


def test_branch_map_goes_both_ways_and_names_the_trigeminal_muscles():
    view = BranchMuscleMap()
    view.branch.value = "cervical"
    assert "Cervical" in view.painter.figure.layout.title.text
    assert _fill(view.painter, "platysma", "right") == style.STATE_CUES["selected"].colour
    view.direction.value = "muscle"
    assert view.branch.disabled and not view.muscle.disabled
    view.muscle.value = "masseter"
    assert "not the facial nerve" in view.painter.figure.layout.title.text
    assert "Not the facial nerve" in view.panel.value and "trigeminal" in view.panel.value
    view.muscle.value = "oculi_lower"
    assert "zygomatic" in view.painter.figure.layout.title.text and "temporal, zygomatic" in view.panel.value


def test_lesion_localiser_shows_contralateral_weakness_and_forehead_sparing_for_a_cortical_lesion():
    view = LesionLocaliser()
    title = view.painter.figure.layout.title.text
    view.level.value = "cortex"
    assert view.painter.figure.layout.title.text != title
    assert "LEFT face weak" in view.painter.figure.layout.title.text  # right cortex → left face
    assert _fill(view.painter, "frontalis", "left") == style.STATE_CUES["spared"].colour
    assert _fill(view.painter, "oris", "left") == style.STATE_CUES["weak"].colour
    assert _fill(view.painter, "oris", "right") == style.STATE_CUES["off"].colour
    assert "Opposite side" in view.deficits.value
    assert view.branch.disabled
    view.level.value = "parotid"
    assert not view.branch.disabled
    view.branch.value = "cervical"
    assert _fill(view.painter, "platysma", "right") == style.STATE_CUES["weak"].colour
    assert _fill(view.painter, "oris", "right") == style.STATE_CUES["off"].colour


def test_lesion_deficit_panel_follows_the_table():
    view = LesionLocaliser()
    view.level.value = "tympanic"
    assert "Tears (greater petrosal nerve)</th><td>✔ spared" in view.deficits.value
    assert "hyperacusis" in view.deficits.value
    view.level.value = "labyrinthine"
    assert "Tears (greater petrosal nerve)</th><td>✘ lost" in view.deficits.value


def test_the_reverse_exercise_generates_a_case_and_grades_the_answer():
    view = LesionLocaliser(seed=3)
    view.mode.value = "case"
    assert view.place_box.layout.display == "none" and view.case is not None
    assert "Case 1" in view.case_text.value and "Case 1" in view.painter.figure.layout.title.text
    case = view.case
    wrong = next(a for a in model.ANSWERS if a != case.answer)
    view.answer.value = wrong
    view.answer_side.value = case.lesion_side
    view.check.click()
    assert "Not quite" in view.feedback.value
    view.answer.value = case.answer
    view.check.click()
    assert "Correct" in view.feedback.value
    view.reveal.click()
    assert "Answer:" in view.feedback.value
    view.new_case.click()
    assert view.case.number == 2 and view.feedback.value == "" and view.answer.value is None


def test_checking_without_an_answer_shows_a_message_not_an_exception():
    view = LesionLocaliser()
    view.mode.value = "case"
    view.check.click()
    assert "choose a level" in view.message.value


def test_root_exit_zone_moves_the_vessel_and_switches_the_chart():
    view = RootExitZone()
    vessel = _trace(view.schematic, "AICA (anterior inferior cerebellar artery)")
    title, x = view.schematic.layout.title.text, list(vessel.x)
    view.vessel.value = "PICA"
    assert "PICA" in view.schematic.layout.title.text and view.schematic.layout.title.text != title
    assert vessel.name.startswith("PICA")  # the same trace, renamed
    view.site.value = "Distal cisternal"
    assert list(vessel.x) != x
    view.decompress.value = True
    assert "held away" in view.schematic.layout.title.text
    bars = [b.x for b in view.chart.data]
    view.series.value = "site_115"
    assert [b.x for b in view.chart.data] != bars and "Attached segment" in _trace(view.chart, "Attached segment").x[0]
    view.series.value = "aica_share"
    pooled, series = _trace(view.chart, "27-study review"), _trace(view.chart, "115 patients")
    assert pooled.error_y.visible and not series.error_y.visible  # the pooled estimate has its CI


def test_rez_bad_site_is_reported_in_words():
    view = RootExitZone()
    view.site.options = [*view.site.options, "Inside the parotid"]
    view.site.value = "Inside the parotid"
    assert "site must be one of" in view.message.value


@pytest.mark.parametrize("cls", [CourseExplorer, BranchMuscleMap, LesionLocaliser, RootExitZone])
def test_static_forms_have_figures_alt_text_and_rows(cls):
    form = cls().static()
    assert form.figures and len(form.alt) > 150 and form.rows and len(form.headers) == len(form.rows[0])


@pytest.mark.parametrize("cls", [CourseExplorer, BranchMuscleMap, LesionLocaliser, RootExitZone])
def test_static_tables_that_answer_a_prediction_wait_behind_a_summary(cls):
    form = cls().static()
    assert form.fold_table and "<details class='hfs-static-fold'>" in form.html()


def test_static_figure_titles_do_not_answer_the_lessons_predictions():
    # section 3: which side is weak, does the forehead move; section 5: where on the root, which artery
    lesion = [fig.layout.title.text.lower() for fig in LesionLocaliser().static().figures]
    assert lesion == ["lesion in the right motor cortex", "lesion at the right stylomastoid foramen"]
    rez = RootExitZone().static()
    sites = next(rez.figures[0].select_traces(selector=dict(name="sites")))
    assert "AICA" not in rez.figures[0].layout.title.text and "<b>" not in str(sites.text)
    assert "&amp;" not in rez.alt and "Campos-Benitez & Kaufmann" in rez.alt  # plain text: StaticForm escapes it
    # section 1: the order in which the branches leave
    assert "petrosal" not in CourseExplorer().static().alt


def test_lesion_static_table_has_a_row_per_level():
    assert len(LesionLocaliser().static().rows) == len(model.LEVELS)


def test_presenter_scale_enlarges_every_figure():
    views = [CourseExplorer(), BranchMuscleMap(), LesionLocaliser(), RootExitZone()]
    before = [fig.layout.height for v in views for fig, _ in v.figures()]
    style.set_presenter(True)
    try:
        after = [fig.layout.height for v in views for fig, _ in v.figures()]
        assert all(a > b for a, b in zip(after, before))
    finally:
        style.set_presenter(False)


def test_bench_cases_run():
    cases = bench_cases()
    assert len(cases) >= 8
    for _name, fn in cases:
        fn()
        fn()


def test_every_weak_muscle_in_a_case_is_a_facial_muscle():
    view = LesionLocaliser(seed=5)
    view.mode.value = "case"
    for _ in range(5):
        view.next_case()
        assert view.case.weak_muscles <= set(FACIAL_MUSCLES)
