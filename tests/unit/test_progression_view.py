"""Lesson 2 widgets: each control changes its figure; bad input shows a message; static forms are complete."""

import time

import pytest

from widgets.progression import model
from widgets.progression.bench import bench_cases
from widgets.progression.view import PatternQuiz, SignsView, SynchronyExplorer, YearsPlayer, precompute_frames
from widgets.ui import style
from widgets.ui.charts import RECORDED, trace


def fills(painter):
    return [t.fillcolor for t in painter.traces()[0]]


def test_years_player_moves_both_faces_and_the_chart_line():
    player = YearsPlayer()
    before = {p: (painter.figure.layout.title.text, fills(painter)) for p, painter in player.faces.items()}
    player.year.value = 10
    for pattern, painter in player.faces.items():
        title, colours = before[pattern]
        assert painter.figure.layout.title.text != title and "year 10" in painter.figure.layout.title.text
        assert fills(painter) != colours  # more muscles painted
    assert player.order_figure.layout.shapes[0].x0 == 10
    assert "Year 10" in player.panel.value


def test_years_player_precomputes_every_frame_quickly():
    player = YearsPlayer()
    assert len(player.frames) == model.YEARS_MAX + 1
    assert player.precompute_ms < 300
    start = time.perf_counter()
    precompute_frames(player.patients)
    assert (time.perf_counter() - start) * 1000 < 300


def test_years_player_faces_show_onset_muscles_at_year_zero():
    player = YearsPlayer()
    frame = player.frames[0]
    typical = player.patients["typical"]
    atypical = player.patients["atypical"]
    assert set(frame.faces["typical"].states) == {("oculi_lower", typical.side)}
    assert list(frame.faces["atypical"].states)[0][0] in ("oris", "buccinator")
    assert frame.faces["atypical"].labels[(atypical.order[0], atypical.side)] == "1"


def test_play_is_linked_to_the_slider():
    player = YearsPlayer()
    assert player.play.max == player.year.max == model.YEARS_MAX
    assert "Play" in player.play.description


def test_synchrony_explorer_slider_pattern_and_button_redraw():
    explorer = SynchronyExplorer()
    lid = trace(explorer.figure, "Orbicularis oculi, upper lid")
    y0 = list(lid.y)
    title0 = explorer.figure.layout.title.text
    explorer.synkinesis.value = 0.0
    assert list(lid.y) != y0 and explorer.figure.layout.title.text != title0
    explorer.pattern.value = "myokymia"
    assert explorer.synkinesis.value == model.DEFAULT_SYNKINESIS["myokymia"]
    assert "myokymia" in explorer.figure.layout.title.text.lower()
    y1 = list(lid.y)
    explorer.new.click()
    assert list(lid.y) != y1
    explorer.state.value = 3  # asleep
    assert "asleep" in explorer.figure.layout.title.text


def test_hfs_explorer_reports_synchrony_and_myokymia_independence():
    explorer = SynchronyExplorer()
    assert "synchronous" in explorer.panel.value
    explorer.pattern.value = "myokymia"
    assert "independent" in explorer.panel.value


def test_bad_input_shows_a_message_not_an_exception():
    explorer = SynchronyExplorer()
    explorer.seed = -5
    explorer.new.click()  # seed becomes -4: the model refuses it
    assert "seed must be" in explorer.message.value
    explorer.seed = 1
    explorer.new.click()
    assert explorer.message.value == ""


def test_signs_view_brow_and_lateral_spread():
    signs = SignsView()
    assert "UP" in signs.face.figure.layout.title.text
    signs.situation.value = "blepharospasm"
    assert "DOWN" in signs.face.figure.layout.title.text
    y = list(trace(signs.lsr_figure, RECORDED).y)
    assert "present" in signs.lsr_figure.layout.title.text
    signs.condition.value = "decompressed"
    assert list(trace(signs.lsr_figure, RECORDED).y) != y and "No lateral spread" in signs.lsr_figure.layout.title.text
    signs.condition.value = "compressed"
    signs.branch.value = "marginal mandibular"  # mentalis is in this branch: a direct response
    assert "direct response" in signs.lsr_figure.layout.title.text
    assert "another" in signs.lsr_panel.value


def test_pattern_quiz_checks_answers_and_moves_on():
    quiz = PatternQuiz(seed=0)
    quiz.check_button.click()
    assert "Choose an answer first" in quiz.feedback.value
    wrong = next(a for a in model.CASE_LABELS if a != quiz.case.label)
    quiz.answer.value = wrong
    quiz.check_button.click()
    assert "Not quite" in quiz.feedback.value and quiz.score == {"right": 0, "answered": 1}
    quiz.answer.value = quiz.case.label
    quiz.check_button.click()
    assert "Right" in quiz.feedback.value and quiz.score == {"right": 0, "answered": 1}  # first answer counts
    title = quiz.face.figure.layout.title.text
    quiz.next_button.click()
    assert quiz.face.figure.layout.title.text != title and quiz.answer.value is None and quiz.feedback.value == ""
    quiz.answer.value = quiz.case.label
    quiz.check_button.click()
    assert quiz.score == {"right": 1, "answered": 2}


@pytest.mark.parametrize("view", [YearsPlayer, SynchronyExplorer, SignsView, PatternQuiz], ids=lambda v: v.__name__)
def test_static_form_has_figures_alt_text_and_rows(view):
    form = view().static()
    assert form.figures and len(form.alt) > 150 and form.rows and form.headers
    assert all(len(row) == len(form.headers) for row in form.rows)


@pytest.mark.parametrize("view", [YearsPlayer, SynchronyExplorer, SignsView, PatternQuiz], ids=lambda v: v.__name__)
def test_a_static_table_that_answers_the_prediction_waits_behind_a_fold(view):
    """Issue 18: each lesson-2 prompt is answered by its widget's table, so the table is folded."""
    page = view().static().html()
    assert "<details class='hfs-static-fold'><summary>" in page
    assert page.index("<details") < page.rindex("<table")  # at least the last table is inside the fold


def test_static_practice_patients_are_not_the_live_quizs_and_their_answers_are_folded(monkeypatch):
    quiz = PatternQuiz()
    seeds = []
    real = model.generate_case
    monkeypatch.setattr(model, "generate_case", lambda seed, *a, **k: seeds.append(seed) or real(seed, *a, **k))
    form = quiz.static()
    assert len(seeds) == len(form.rows) == 3 and min(seeds) >= 1000  # the live quiz serves seeds 0, 1, 2, ...
    page = form.html()
    asked, folded = page.split("<details", 1)
    assert "Story and findings" in asked and "year 0" in asked  # the stories show at once
    assert "Answer" not in asked.split("<table", 1)[1] and "Why" not in asked.split("<table", 1)[1]
    for row in form.rows:
        assert str(row[2]) in folded  # every answer is behind the fold
    assert {row[2] for row in form.rows} == {"Typical HFS", "Atypical HFS", "Neither: not hemifacial spasm"}
    signs = SignsView().static()
    face_labels = [t for f in signs.figures[:2] for t in f.select_traces(selector=dict(name="labels"))]
    assert face_labels and all(
        text in ("brow", "eye shuts", "eye squeezed", "") for t in face_labels for text in t.text
    )
    assert all("UP" not in f.layout.title.text and "present" not in f.layout.title.text for f in signs.figures)


@pytest.mark.parametrize("view", [YearsPlayer, SynchronyExplorer, SignsView, PatternQuiz], ids=lambda v: v.__name__)
def test_presenter_scale_enlarges_every_figure(view):
    widget = view()
    heights = [fig.layout.height for fig, _ in widget.figures()]
    style.set_presenter(True)
    try:
        assert all(fig.layout.height > h for (fig, _), h in zip(widget.figures(), heights))
    finally:
        style.set_presenter(False)


def test_bench_cases_run():
    cases = bench_cases()
    assert len(cases) >= 8
    for case in cases:
        case[1]()


def test_frame_by_frame_repaint_matches_a_full_paint():
    """The player sets only what changed between frames; the result must equal FacePainter.paint."""
    from widgets.ui.faceplot import FacePainter

    player = YearsPlayer()
    for year in [5, 6, 13, 2, 20, 0, 9]:
        player.year.value = year
        for pattern, painter in player.faces.items():
            f = player.frames[year].faces[pattern]
            fresh = FacePainter("", widget=False, height=420)
            fresh.paint(f.states, title=f.title, intensity=f.intensity, labels=f.labels)
            (mine_regions, mine_labels), (ref_regions, ref_labels) = painter.traces(), fresh.traces()
            for mine, ref in zip(mine_regions, ref_regions):
                assert mine.name == ref.name
                assert mine.fillcolor == ref.fillcolor and mine.opacity == ref.opacity
                assert mine.fillpattern.shape == ref.fillpattern.shape
            assert list(mine_labels.text) == list(ref_labels.text)
            assert list(mine_labels.x) == list(ref_labels.x)
            assert painter.figure.layout.title.text == fresh.figure.layout.title.text
