"""Callbacks of the lesson 2 widgets timed by make bench."""

from __future__ import annotations

from ..face import TERMINAL_BRANCHES
from . import model
from .view.pattern_quiz import PatternQuiz
from .view.signs import SignsView
from .view.synchrony import SynchronyExplorer
from .view.years import YearsPlayer, precompute_frames, simulate_pair


def bench_cases():
    """Callbacks timed by `make bench`: each call is one change of a control, figure update included."""
    player = YearsPlayer()
    explorer = SynchronyExplorer()
    signs = SignsView()
    quiz = PatternQuiz()
    counter = {"year": 0, "syn": 0, "pattern": 0, "sit": 0, "cond": 0, "branch": 0, "quiz": 0}

    def step_year():
        counter["year"] = (counter["year"] + 1) % (model.YEARS_MAX + 1)
        player.year.value = counter["year"]

    def move_synkinesis():
        counter["syn"] += 1
        explorer.synkinesis.value = round((counter["syn"] % 21) * 0.05, 2)

    def toggle_pattern():
        counter["pattern"] += 1
        explorer.pattern.value = ("hfs", "myokymia")[counter["pattern"] % 2]

    def new_recording():
        explorer.new.click()

    def change_situation():
        counter["sit"] += 1
        signs.situation.value = model.SIGN_SITUATIONS[counter["sit"] % 3]

    def change_condition():
        counter["cond"] += 1
        signs.condition.value = model.LSR_CONDITIONS[counter["cond"] % 3]

    def change_branch():
        counter["branch"] += 1
        signs.branch.value = TERMINAL_BRANCHES[counter["branch"] % len(TERMINAL_BRANCHES)]

    def answer_and_check():
        quiz.answer.value = model.CASE_LABELS[counter["quiz"] % 3]
        quiz.check_button.click()

    def next_patient():
        counter["quiz"] += 1
        quiz.next_button.click()

    def precompute_animation():  # what YearsPlayer does once when it is built (issue budget: 300 ms)
        precompute_frames(simulate_pair())

    return [
        ("progression: years player, precompute the whole animation (once, at build)", precompute_animation, 20),
        ("progression: years player, move the years slider (= one Play tick)", step_year),
        ("progression: synchrony explorer, move the synkinesis slider", move_synkinesis),
        ("progression: synchrony explorer, switch HFS / myokymia", toggle_pattern),
        ("progression: synchrony explorer, new recording", new_recording),
        ("progression: signs, change the eye-closure situation", change_situation),
        ("progression: signs, change the nerve condition (LSR)", change_condition),
        ("progression: signs, change the stimulated branch (LSR)", change_branch),
        ("progression: pattern quiz, answer and check", answer_and_check),
        ("progression: pattern quiz, next patient", next_patient),
    ]
