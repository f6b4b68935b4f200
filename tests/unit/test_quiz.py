"""Quiz engine: bank validation names file and question; grading; the widget's feedback and score."""
import copy

import pytest

from widgets import quiz
from widgets.quizview import Quiz

BANK = {
    "lesson": "test",
    "objectives": {"O1": "objective one"},
    "questions": [
        {"id": "q1", "objective": "O1", "kind": "single", "stem": "Pick A",
         "options": [{"text": "A", "correct": True, "feedback": "right"},
                     {"text": "B", "correct": False, "feedback": "wrong"}]},
        {"id": "q2", "objective": "O1", "kind": "multiple", "stem": "Pick A and C",
         "options": [{"text": "A", "correct": True, "feedback": "yes"},
                     {"text": "B", "correct": False, "feedback": "no"},
                     {"text": "C", "correct": True, "feedback": "yes"}]},
    ],
}


def broken(mutate):
    raw = copy.deepcopy(BANK)
    mutate(raw)
    return raw


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b["questions"][0]["options"][1].update(correct=True), "question 'q1': a single-answer question needs exactly one correct option (has 2)"),
    (lambda b: b["questions"][0]["options"][0].update(correct=False), "question 'q1': a single-answer question needs exactly one correct option (has 0)"),
    (lambda b: b["questions"][1]["options"][1].pop("feedback"), "question 'q2': option 2 ('B') has no feedback"),
    (lambda b: b["questions"][0].pop("objective"), "question 'q1': has no objective"),
    (lambda b: b["questions"][0].update(objective="O9"), "question 'q1': objective 'O9' is not among"),
    (lambda b: b["questions"][1].update(id="q1"), "question 'q1': duplicate id"),
])
def test_broken_bank_names_file_and_question(mutate, message):
    with pytest.raises(quiz.QuizBankError) as info:
        quiz.parse_bank(broken(mutate), "NN-test.yaml")
    assert str(info.value).startswith("NN-test.yaml: ") and message in str(info.value)


def test_grading_needs_exactly_the_correct_set():
    bank = quiz.parse_bank(BANK, "t.yaml")
    q2 = bank.questions[1]
    assert quiz.grade(q2, {0, 2}) and not quiz.grade(q2, {0}) and not quiz.grade(q2, {0, 1, 2})


def test_feedback_covers_every_option_with_a_non_colour_cue():
    bank = quiz.parse_bank(BANK, "t.yaml")
    text = quiz.feedback_html(bank.questions[0], {1})
    assert "✘ Not quite" in text and text.count("<li>") == 2 and "(your choice)" in text


def test_widget_scores_and_retries():
    widget = Quiz(quiz.parse_bank(BANK, "t.yaml"))
    first, second = widget.cards
    first.check()
    assert "Choose an answer first" in first.feedback.value
    first.select({0}); first.check()
    second.select({0}); second.check()
    assert widget.n_correct == 1 and "1 of 2 correct" in widget.score.value
    assert "✔ Correct" in first.feedback.value and "✘ Not quite" in second.feedback.value
    widget.reset()
    assert widget.n_correct == 0 and first.feedback.value == "" and first.chosen() == set()


def test_static_rendering_has_collapsible_answers():
    html = quiz.static_html(quiz.parse_bank(BANK, "t.yaml"))
    assert html.count("<details>") == 2 and "Show answer" in html


def test_checked_answers_are_saved_locally_and_reset(tmp_path, monkeypatch):
    from widgets import progress
    monkeypatch.setenv("HFS_PROGRESS_FILE", str(tmp_path / "p.json"))
    widget = Quiz(quiz.parse_bank(BANK, "t.yaml"))
    for card in widget.cards:
        card.select({0}); card.check()
    saved = progress.load()["test"]
    assert saved["best"] == 1 and saved["total"] == 2 and saved["finished"]
    progress.reset()
    assert progress.load() == {}


def test_corrupt_progress_file_reads_as_empty(tmp_path, monkeypatch):
    from widgets import progress
    monkeypatch.setenv("HFS_PROGRESS_FILE", str(tmp_path / "p.json"))
    (tmp_path / "p.json").write_text("{not json")
    assert progress.load() == {}
def test_static_answers_do_not_claim_a_learner_choice():
    html = quiz.static_html(quiz.parse_bank(BANK, "t.yaml"))
    assert "(your choice)" not in html and "✔ Correct." not in html and "Answer key" in html
