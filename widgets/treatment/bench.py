"""Callbacks of the lesson 4 and 5 widgets timed by make bench."""

from __future__ import annotations

from ..bench import cycle
from . import model, outcomes
from .view import PSA_SEED, WINDOWS, DecideForPatient, OutcomesOverTime, ToxinCycles


def bench_cases():
    """Callbacks timed by `make bench`: one change of a control per call, as a click would make it."""
    toxin = ToxinCycles()
    toxin_interval = cycle(toxin.interval, [10, 15, 20, 25, 30, 12])
    toxin_source = cycle(toxin.source, list(outcomes.DURATION_SOURCES))
    over_time = OutcomesOverTime()
    outcomes_cure = cycle(over_time.p12, [0.80, 0.85, 0.90, 0.95, 0.88])
    outcomes_window = cycle(over_time.window, list(WINDOWS))
    decide = DecideForPatient()
    decide_age = cycle(decide.age, [40, 55, 70, 85, 30, 50])
    decide_price = cycle(decide.session, [outcomes.EUROPEAN_PRICE_USD, 300, 900, 1500, 600])
    decide_severity = cycle(decide.severity, list(outcomes.SEVERITY_CHOICES.values()))
    at_fifty = DecideForPatient(age=50)  # the age controls' bench leaves `decide` at whatever age it reached

    def decide_psa():
        at_fifty.run_psa.click()

    def lifetime_run():  # the model alone, every strategy over a lifetime (issue budget: 10 ms)
        model.run_model(model.Parameters())

    def psa_model():  # the model alone, 1,000 PSA draws (issue budget: 300 ms)
        model.psa(model.Parameters(), n=1000, seed=PSA_SEED)

    def structural_run():  # lesson 5's scenario table: a waning toxin, two strategies, time-dependent matrices
        model.run_structural(model.Parameters(), toxin_fail_doubling_years=10.0)

    existing = model.psa(model.Parameters(), n=1000, seed=PSA_SEED)

    def evpi_from_psa():  # EVPI over the whole willingness-to-pay grid from a PSA already run (budget: 50 ms)
        model.evpi(existing.costs, existing.qalys, existing.wtp)

    return [
        ("treatment: model, deterministic lifetime run of all strategies", lifetime_run),
        ("treatment: model, PSA of 1,000 draws", psa_model, 20),
        ("treatment: model, structural scenario (waning toxin, 2 strategies, lifetime)", structural_run),
        ("treatment: model, EVPI from an existing 1,000-draw PSA (101 thresholds)", evpi_from_psa),
        ("treatment: toxin cycles, change interval", toxin_interval),
        ("treatment: toxin cycles, change duration source", toxin_source),
        ("treatment: outcomes over time, change 12-month cure", outcomes_cure),
        ("treatment: outcomes over time, change window", outcomes_window),
        ("treatment: decide, change age", decide_age),
        ("treatment: decide, change toxin session cost", decide_price),
        ("treatment: decide, change severity", decide_severity),
        ("treatment: decide, run PSA (1,000 draws, age 50)", decide_psa, 20),
    ]
