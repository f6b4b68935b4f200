"""Callbacks of the capstone widget timed by make bench."""

from __future__ import annotations

from .view.walkthrough import CaseWalkthrough


def bench_cases():
    """One click per call, figure updates included: change case, next step, check an answer, change age."""
    picker = CaseWalkthrough()
    stepper = CaseWalkthrough()
    checker = CaseWalkthrough("secondary-hfs")
    checker.index = checker._step_of("differential") - 1
    checker._render()
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
        checker.choices.value = state["choice"]
        checker.check.click()

    def change_age():
        state["age"] = (state["age"] + 1) % len(ages)
        ager.age.value = ages[state["age"]]

    return [
        ("cases: walkthrough, change case", change_case),
        ("cases: walkthrough, next step", next_step),
        ("cases: walkthrough, check an answer", check_answer),
        ("cases: walkthrough, change the age (decision model)", change_age),
    ]
