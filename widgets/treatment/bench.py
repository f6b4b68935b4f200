"""Callbacks of the lesson 4 and 5 widgets timed by make bench."""

from __future__ import annotations

from . import model, outcomes
from .view import PSA_SEED, WINDOWS, DecideForPatient, OutcomesOverTime, ToxinCycles


def bench_cases():
    """Callbacks timed by `make bench`: one change of a control per call, as a click would make it."""
    state = {"i": 0, "s": 0, "w": 0, "p": 0, "a": 0, "c": 0, "v": 0}

    toxin = ToxinCycles()
    intervals = [10, 15, 20, 25, 30, 12]
    sources = list(outcomes.DURATION_SOURCES)

    def toxin_interval():
        state["i"] = (state["i"] + 1) % len(intervals)
        toxin.interval.value = intervals[state["i"]]

    def toxin_source():
        state["s"] = (state["s"] + 1) % len(sources)
        toxin.source.value = sources[state["s"]]

    over_time = OutcomesOverTime()
    p12s = [0.80, 0.85, 0.90, 0.95, 0.88]
    windows = list(WINDOWS)

    def outcomes_cure():
        state["p"] = (state["p"] + 1) % len(p12s)
        over_time.p12.value = p12s[state["p"]]

    def outcomes_window():
        state["w"] = (state["w"] + 1) % len(windows)
        over_time.window.value = windows[state["w"]]

    decide = DecideForPatient()
    ages = [40, 55, 70, 85, 30, 50]
    prices = [70, 300, 900, 1500, 600]
    severities = list(outcomes.SEVERITY_CHOICES.values())

    def decide_age():
        state["a"] = (state["a"] + 1) % len(ages)
        decide.age.value = ages[state["a"]]

    def decide_price():
        state["c"] = (state["c"] + 1) % len(prices)
        decide.session.value = prices[state["c"]]

    def decide_severity():
        state["v"] = (state["v"] + 1) % len(severities)
        decide.severity.value = severities[state["v"]]

    at_fifty = DecideForPatient(age=50)  # the age controls' bench leaves `decide` at whatever age it reached

    def decide_psa():
        at_fifty.run_psa.click()

    def lifetime_run():  # the model alone, every strategy over a lifetime (issue budget: 10 ms)
        model.run_model(model.Parameters())

    def psa_model():  # the model alone, 1,000 PSA draws (issue budget: 300 ms)
        model.psa(model.Parameters(), n=1000, seed=PSA_SEED)

    return [
        ("treatment: model, deterministic lifetime run of all strategies", lifetime_run),
        ("treatment: model, PSA of 1,000 draws", psa_model, 20),
        ("treatment: toxin cycles, change interval", toxin_interval),
        ("treatment: toxin cycles, change duration source", toxin_source),
        ("treatment: outcomes over time, change 12-month cure", outcomes_cure),
        ("treatment: outcomes over time, change window", outcomes_window),
        ("treatment: decide, change age", decide_age),
        ("treatment: decide, change toxin session cost", decide_price),
        ("treatment: decide, change severity", decide_severity),
        ("treatment: decide, run PSA (1,000 draws, age 50)", decide_psa, 20),
    ]
