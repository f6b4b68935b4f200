"""Quiz engine: bank validation names file and question; grading; the widget's feedback and score."""

import copy

import pytest

from widgets import quiz
from widgets.quizview import Quiz

BANK = {
    "lesson": "test",
    "objectives": {"O1": "objective one"},
    "questions": [
        {
            "id": "q1",
            "objective": "O1",
            "kind": "single",
            "stem": "Pick A",
            "options": [
                {"text": "A", "correct": True, "feedback": "right"},
                {"text": "B", "correct": False, "feedback": "wrong"},
            ],
        },
        {
            "id": "q2",
            "objective": "O1",
            "kind": "multiple",
            "stem": "Pick A and C",
            "options": [
                {"text": "A", "correct": True, "feedback": "yes"},
                {"text": "B", "correct": False, "feedback": "no"},
                {"text": "C", "correct": True, "feedback": "yes"},
            ],
        },
    ],
}


def broken(mutate):
    raw = copy.deepcopy(BANK)
    mutate(raw)
    return raw


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda b: b["questions"][0]["options"][1].update(correct=True),
            "question 'q1': a single-answer question needs exactly one correct option (has 2)",
        ),
        (
            lambda b: b["questions"][0]["options"][0].update(correct=False),
            "question 'q1': a single-answer question needs exactly one correct option (has 0)",
        ),
        (lambda b: b["questions"][1]["options"][1].pop("feedback"), "question 'q2': option 2 ('B') has no feedback"),
        (lambda b: b["questions"][0].pop("objective"), "question 'q1': has no objective"),
        (lambda b: b["questions"][0].update(objective="O9"), "question 'q1': objective 'O9' is not among"),
        (lambda b: b["questions"][1].update(id="q1"), "question 'q1': duplicate id"),
    ],
)
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
    first.select({0})
    first.check()
    second.select({0})
    second.check()
    assert widget.n_correct == 1 and "1 of 2 correct" in widget.score.value
    assert "✔ Correct" in first.feedback.value and "✘ Not yet" in second.feedback.value
    widget.reset()
    assert widget.n_correct == 0 and first.feedback.value == "" and first.chosen() == set()
    assert not first.check_button.disabled and first.tries == 0


STAGED = {
    "lesson": "staged",
    "objectives": {"O1": "one"},
    "questions": [
        {
            "id": "q1",
            "objective": "O1",
            "stem": "Which?",
            "hint": "Think of the ear.",
            "format": "vignette",
            "options": [
                {"text": "Alpha", "correct": False, "feedback": "alpha-why"},
                {"text": "Beta", "correct": True, "feedback": "beta-why", "more": "beta-detail"},
                {"text": "Gamma", "correct": False, "feedback": "gamma-why"},
            ],
        }
    ],
}


def test_a_wrong_first_answer_shows_only_its_feedback_and_a_hint():
    """Check must not reveal the key: only the chosen option speaks, and the hint, then a second try."""
    card = Quiz(quiz.parse_bank(STAGED, "t.yaml"), save_progress=False).cards[0]
    card.select({0})
    card.check()
    text = card.feedback.value
    assert "alpha-why" in text and "Think of the ear." in text
    assert "beta-why" not in text and "gamma-why" not in text and "right answer" not in text
    assert not card.done and not card.check_button.disabled


def test_the_second_try_ends_with_the_full_key_and_scores_only_the_first():
    widget = Quiz(quiz.parse_bank(STAGED, "t.yaml"), save_progress=False)
    card = widget.cards[0]
    card.select({0})
    card.check()
    card.select({1})
    card.check()
    text = card.feedback.value
    assert "Correct at the second try" in text and all(w in text for w in ("alpha-why", "beta-why", "gamma-why"))
    assert "<details class='hfs-more'><summary>more</summary>beta-detail</details>" in text
    assert card.done and card.check_button.disabled and card.key_button.disabled
    assert (
        widget.n_correct == 0
        and "0 of 1 correct" in widget.score.value
        and "1 more at the second try" in widget.score.value
    )


def test_two_wrong_tries_end_the_item_with_the_key():
    card = Quiz(quiz.parse_bank(STAGED, "t.yaml"), save_progress=False).cards[0]
    card.select({0})
    card.check()
    card.select({2})
    card.check()
    assert card.done and "✘ Not quite" in card.feedback.value and "✔ right answer" in card.feedback.value
    assert card.answered is False


def test_show_all_answers_on_request_ends_the_item_as_not_right():
    widget = Quiz(quiz.parse_bank(STAGED, "t.yaml"), save_progress=False)
    card = widget.cards[0]
    card.show_key()
    assert "Answer key" in card.feedback.value and "beta-why" in card.feedback.value
    assert card.answered is False and card.done and widget.n_correct == 0
    card.select({1})
    card.check()  # the key is out: a later Check cannot score
    assert widget.n_correct == 0


def test_multiple_answer_first_try_does_not_mark_ticked_right_options():
    card = Quiz(quiz.parse_bank(BANK, "t.yaml"), save_progress=False).cards[1]
    card.select({0, 1})
    card.check()
    text = card.feedback.value
    assert "no" in text and "yes" not in text and "right answer" not in text
    card.select({0})
    card.check()
    assert "At least one" not in card.feedback.value and "✔ right answer" in card.feedback.value


def test_new_fields_are_checked_like_the_others():
    bank = quiz.parse_bank(STAGED, "t.yaml")
    q = bank.questions[0]
    assert q.hint == "Think of the ear." and q.format == "vignette" and q.options[1].more == "beta-detail"
    assert quiz.parse_bank(BANK, "t.yaml").questions[0].format == "recall"
    for mutate, message in [
        (lambda b: b["questions"][0].update(format="essay"), "format must be one of recall, vignette, two-step"),
        (lambda b: b["questions"][0].update(hint=["a"]), "field 'hint' must be text"),
        (
            lambda b: b["questions"][0]["options"][1].update(more="see {NO-SUCH-ID}"),
            "option 2 field 'more' uses the template",
        ),
        (lambda b: b["questions"][0].update(hint="see {NO-SUCH-ID}"), "field 'hint' uses the template"),
    ]:
        raw = copy.deepcopy(STAGED)
        mutate(raw)
        with pytest.raises(quiz.QuizBankError, match="t.yaml: question 'q1'") as info:
            quiz.parse_bank(raw, "t.yaml")
        assert message in str(info.value)


def test_static_rendering_has_collapsible_answers():
    html = quiz.static_html(quiz.parse_bank(BANK, "t.yaml"))
    assert html.count("<summary>Show answer</summary>") == 2 and html.count("<summary>Hint</summary>") == 2


def test_checked_answers_are_saved_locally_and_reset(tmp_path, monkeypatch):
    from widgets import progress

    monkeypatch.setenv("HFS_PROGRESS_FILE", str(tmp_path / "p.json"))
    widget = Quiz(quiz.parse_bank(BANK, "t.yaml"))
    for card in widget.cards:
        card.select({0})
        card.check()
    saved = progress.load()["test"]
    assert saved["best"] == 1 and saved["total"] == 2 and saved["finished"]
    widget.cards[1].select({0, 2})
    widget.cards[1].check()  # right at the second try: saved, not scored
    assert progress.load()["test"]["last"] == 1
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


def test_one_question_at_a_time_for_projection():
    from widgets.quizview import Quiz

    q = Quiz("01-facial-nerve-anatomy", save_progress=False, one_at_a_time=True)
    assert q.questions.children == (q.cards[0].box,) and q.previous_question.disabled
    q.next_question.click()
    assert q.questions.children == (q.cards[1].box,) and not q.previous_question.disabled
    q.show_question(99)
    assert q.current == len(q.cards) - 1 and q.next_question.disabled
    whole = Quiz("01-facial-nerve-anatomy", save_progress=False, one_at_a_time=False)
    assert len(whole.questions.children) == len(whole.cards)


def test_one_question_parses_alone_as_in_a_bank():
    """parse_question is what a bank uses per item, and what the capstone's cases use for their questions."""
    item = copy.deepcopy(BANK["questions"][0])
    alone = quiz.parse_question(item, "case.yaml: questions[0]", {"O1": "o"}, lambda: {})
    assert alone == quiz.parse_bank(copy.deepcopy(BANK), "t.yaml").questions[0]
    item["objective"] = "O2"
    with pytest.raises(quiz.QuizBankError, match=r"case\.yaml: questions\[0\]: objective 'O2' is not among"):
        quiz.parse_question(item, "case.yaml: questions[0]", {"O1": "o"}, lambda: {})


def test_a_question_card_can_carry_a_label_and_fills_a_cited_stem():
    from widgets import evidence
    from widgets.quizview import QuestionCard

    entry = next(iter(evidence.store().entries))
    q = quiz.Question(
        "x", "O1", "single", f"How often? {{{entry}}}", quiz.parse_bank(BANK, "t.yaml").questions[0].options
    )
    card = QuestionCard(3, q, lambda: None, label="Tests")
    assert "<b>Tests</b>" in card.stem.value and "Q3." not in card.stem.value and "{" not in card.stem.value
    assert "<b>Q3.</b>" in QuestionCard(3, q, lambda: None).stem.value
