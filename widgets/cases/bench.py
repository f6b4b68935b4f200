"""Callbacks of the capstone widget timed by make bench."""

from __future__ import annotations

from .view.walkthrough import CaseWalkthrough


def bench_cases():
    """One click per call, figure updates included: change case, next step, check an answer, compare the
    learner's differential, change age."""
    picker = CaseWalkthrough()
    stepper = CaseWalkthrough()
    checker = CaseWalkthrough("secondary-hfs")
    checker.index = checker._step_of("differential") - 1
    checker._render()
    ranker = CaseWalkthrough("secondary-hfs")
    ranker.index = ranker._ranking_step() - 1
    ranker._render()
    ager = CaseWalkthrough("older-patient")
    ager.index = len(ager.steps) - 1
    ager._render()
    ids = list(picker.cases)
    state = {"case": 0, "choice": 0, "age": 0}
    ages = list(range(25, 90))  # a new age each call: the decision model runs every time

    def change_case():
        state["case"] = (state["case"] + 1) % len(ids)
        picker.case_picker.value = ids[state["case"]]

    def next_step():
        if stepper.next.disabled:
            stepper._panels.clear()  # measure first visits: nothing cached from the last round
            stepper._runs.clear()
            stepper.case_picker.value = ids[(ids.index(stepper.case.id) + 1) % len(ids)]
        else:
            stepper.next.click()

    def check_answer():
        state["choice"] = (state["choice"] + 1) % 4
        card = checker.card(checker.steps[checker.index].question)
        card.reset()  # each call a first try: a wrong one shows its feedback and the hint, a right one the key
        card.select({state["choice"]})
        card.check_button.click()

    def compare_differential():
        task = ranker.task()
        task.reset()
        learner = task.learner
        order = list(learner.ranking)
        order = order[state["choice"] % len(order) :] + order[: state["choice"] % len(order)]
        task.set({f.key for f in learner.findings if f.present}, order)
        task.compare_button.click()

    def change_age():
        state["age"] = (state["age"] + 1) % len(ages)
        ager.age.value = ages[state["age"]]

    return [
        ("cases: walkthrough, change case", change_case),
        ("cases: walkthrough, next step", next_step),
        ("cases: walkthrough, check an answer", check_answer),
        ("cases: walkthrough, compare the learner's differential", compare_differential),
        ("cases: walkthrough, change the age (decision model)", change_age),
    ]
