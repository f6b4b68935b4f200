"""Every public entry point of widgets/econ and widgets/treatment refuses bad input (issue 14, "the
engine"): NaN, infinities, values outside the allowed range, wrong types and mismatched lengths raise
ValueError, or checks.WrongType (a TypeError that is also a ValueError, so views show a message) for a
wrong type, and the message names the parameter and what is allowed.

Each case is one entry point and one argument; hypothesis draws 200 bad values for it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.econ import cea, checks, lifetable, markov, oneway
from widgets.econ import params as ep
from widgets.treatment import model, outcomes

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- bad values ----------------------------------------------------------------------------------

NOT_A_NUMBER = st.one_of(
    st.text(max_size=4),
    st.none(),
    st.booleans(),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.lists(st.text(min_size=1, max_size=2), min_size=1, max_size=3),
    st.just(object()),
)
NON_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])


def outside(lo=-math.inf, hi=math.inf, *, low_open=False, high_open=False):
    """Real numbers outside [lo, hi] (an open end also refuses the end itself)."""
    parts = []
    if lo > -math.inf:
        parts.append(st.floats(max_value=lo, allow_nan=False).filter(lambda v: v < lo or (low_open and v == lo)))
    if hi < math.inf:
        parts.append(st.floats(min_value=hi, allow_nan=False).filter(lambda v: v > hi or (high_open and v == hi)))
    return st.one_of(*parts) if parts else st.nothing()


def bad_number(lo=-math.inf, hi=math.inf, **kw):
    return st.one_of(NOT_A_NUMBER, NON_FINITE, outside(lo, hi, **kw))


def bad_whole(lo, hi=math.inf):
    return st.one_of(bad_number(lo, hi), st.floats(lo + 0.01, lo + 1e6).filter(lambda x: x != int(x) and lo <= x <= hi))


def bad_array(good: np.ndarray, lo=-math.inf, hi=math.inf, tolerance=0.0):
    """A valid array with one entry made bad, or something that is not an array of numbers. An engine
    that accepts rounding error (probabilities within 1e-12 of [0, 1]) is given a `tolerance`."""
    lo, hi = lo - tolerance, hi + tolerance

    @st.composite
    def one_bad_entry(draw):
        x = np.array(good, dtype=float, copy=True)
        i = draw(st.integers(0, x.size - 1))
        x.flat[i] = draw(st.one_of(NON_FINITE, outside(lo, hi)))
        return x

    return st.one_of(one_bad_entry(), st.text(min_size=1, max_size=4), st.none(), st.just({"a": 1}))


BAD_FLAG = st.one_of(
    st.text(max_size=3), st.none(), st.integers().filter(lambda i: i not in (0, 1)), st.floats(0.1, 0.9)
)
_VALID_NAMES = {*model.STRATEGIES, *markov.CORRECTIONS, *oneway.METRICS, "start", "end", "A", "B", "C", "D"}
BAD_NAME = st.one_of(st.text(max_size=8), st.none(), st.integers(), st.lists(st.integers(), max_size=2)).filter(
    lambda b: not (isinstance(b, str) and b in _VALID_NAMES)
)

# --- fixtures used by the cases --------------------------------------------------------------------

STATES = ("A", "B", "C", "D")
P = np.array([[0.7, 0.2, 0.05, 0.05], [0.0, 0.6, 0.3, 0.1], [0.0, 0.0, 0.8, 0.2], [0.0, 0.0, 0.0, 1.0]])
START = np.array([1.0, 0.0, 0.0, 0.0])
NAMES, COSTS, QALYS = ["A", "B", "C"], np.array([1_000.0, 2_000.0, 3_000.0]), np.array([1.0, 1.5, 1.6])
DRAW_COSTS = np.array([[1_000.0, 2_000.0], [1_200.0, 1_900.0], [900.0, 2_100.0]])
DRAW_QALYS = np.array([[1.0, 1.2], [1.1, 1.1], [0.9, 1.3]])
SPEC = ep.ParameterSpec("p_x", 0.5, 0.1, 0.9, ("beta", 2.0, 2.0), (0.0, 1.0), "probability", "X", "assumption", None)
SPECS = {"p_x": SPEC}
TABLE = lifetable.life_table()
FRONTIER = cea.efficiency_frontier(NAMES, COSTS, QALYS)
BASE = model.Parameters()
RESULT = model.run_model(BASE)
CYCLE = outcomes.ToxinCycle()
ONE_WAY = model.one_way(BASE, names=["c_mvd", "u_btx_on"])
TRACE = RESULT.strategies["mvd_now"].trace


def _one_way_driver(**kw):
    return oneway.one_way(
        SPECS,
        {"p_x": 0.5},
        lambda name, value: {name: value},
        lambda sets: (np.zeros(len(sets)), np.zeros(len(sets))),
        comparator="B",
        reference="A",
        **{"wtp": 1_000.0, **kw},
    )


def _values_with(name, bad):
    values = {k: np.full(3, float(getattr(BASE, k))) for k in model.PARAMETER_SPECS}
    values[name] = bad
    return values


# (id, call taking the bad value, regex the message must contain, strategy of bad values)
CASES = [
    # econ.markov
    ("rate_to_prob rate", lambda b: markov.rate_to_prob(b), "rate", bad_array(np.array([0.1, 0.2]), 0.0)),
    ("rate_to_prob years", lambda b: markov.rate_to_prob(0.1, b), "years", bad_number(0.0, 1e6)),
    (
        "rescale_prob prob",
        lambda b: markov.rescale_prob(b, 1.0, 0.5),
        "prob",
        bad_array(np.array([0.1, 0.9]), 0.0, 1.0),
    ),
    (
        "rescale_prob from_years",
        lambda b: markov.rescale_prob(0.1, b, 1.0),
        "from_years",
        bad_number(0.0, 1e6, low_open=True),
    ),
    ("rescale_prob to_years", lambda b: markov.rescale_prob(0.1, 1.0, b), "to_years", bad_number(0.0, 1e6)),
    (
        "discount_factors n_cycles",
        lambda b: markov.discount_factors(b, 0.03, 1.0),
        "n_cycles",
        bad_whole(0, markov.MAX_CYCLES),
    ),
    ("discount_factors rate", lambda b: markov.discount_factors(10, b, 1.0), "discount rate", bad_number(0.0, 1.0)),
    (
        "discount_factors cycle_years",
        lambda b: markov.discount_factors(10, 0.03, b),
        "cycle_years",
        bad_number(0.0, 100.0, low_open=True),
    ),
    ("cycle_weights n_cycles", lambda b: markov.cycle_weights(b), "n_cycles", bad_whole(1, markov.MAX_CYCLES)),
    (
        "cycle_weights correction",
        lambda b: markov.cycle_weights(4, b),
        "correction",
        st.one_of(st.text(max_size=6), bad_array(np.full((4, 2), 0.5), 0.0, 1e6)).filter(
            lambda b: not (isinstance(b, str) and b in markov.CORRECTIONS)
        ),
    ),
    ("cycle_weights count_at", lambda b: markov.cycle_weights(4, "none", b), "count_at", BAD_NAME),
    ("point_weights n_cycles", lambda b: markov.point_weights(b), "n_cycles", bad_whole(1, markov.MAX_CYCLES)),
    (
        "check_transitions P",
        lambda b: markov.check_transitions(STATES, b),
        "transition probabilit|P must",
        bad_array(P, 0.0, 1.0, 1e-6),
    ),
    (
        "cohort_trace states",
        lambda b: markov.cohort_trace(b, P, START, n_cycles=3),
        "states",
        st.one_of(st.none(), st.integers(), st.just(["A", "A", "B", "C"]), st.just([1, 2, 3, 4])),
    ),
    (
        "cohort_trace start",
        lambda b: markov.cohort_trace(STATES, P, b, n_cycles=3),
        "start",
        bad_array(START, 0.0, 1.0, 1e-6),
    ),
    (
        "cohort_trace n_cycles",
        lambda b: markov.cohort_trace(STATES, P, START, n_cycles=b),
        "n_cycles",
        bad_whole(1, markov.MAX_CYCLES).filter(lambda b: b is not None),
    ),
    (
        "cohort_trace background_death",
        lambda b: markov.cohort_trace(STATES, P, START, n_cycles=3, background_death=b, dead_state="D"),
        "background_death",
        bad_array(np.full(3, 0.01), 0.0, 1.0).filter(lambda b: b is not None),
    ),
    (
        "cohort_trace dead_state",
        lambda b: markov.cohort_trace(STATES, P, START, n_cycles=3, background_death=np.full(3, 0.01), dead_state=b),
        "dead_state",
        BAD_NAME,
    ),
    (
        "cohort_trace batched",
        lambda b: markov.cohort_trace(STATES, P, START, n_cycles=3, batched=b),
        "batched",
        BAD_FLAG,
    ),
    (
        "weighted_occupancy weights",
        lambda b: markov.weighted_occupancy(STATES, P, START, b, n_cycles=3),
        "weights",
        bad_array(np.ones((2, 4))),
    ),
    (
        "run_markov cycle_years",
        lambda b: markov.run_markov(STATES, P, START, n_cycles=3, state_rewards={"c": np.ones(4)}, cycle_years=b),
        "cycle_years",
        bad_number(0.0, 100.0, low_open=True),
    ),
    (
        "run_markov discount_rates",
        lambda b: markov.run_markov(STATES, P, START, n_cycles=3, state_rewards={"c": np.ones(4)}, discount_rates=b),
        "discount_rates",
        bad_number(0.0, 1.0).filter(lambda b: not isinstance(b, dict)),
    ),
    (
        "run_markov state reward",
        lambda b: markov.run_markov(STATES, P, START, n_cycles=3, state_rewards={"c": b}),
        "reward 'c'",
        bad_array(np.ones(4)),
    ),
    (
        "run_markov correction",
        lambda b: markov.run_markov(STATES, P, START, n_cycles=3, correction=b),
        "correction",
        st.one_of(st.text(max_size=6), bad_array(np.full((3, 2), 0.5), 0.0, 1e6)).filter(
            lambda b: not (isinstance(b, str) and b in markov.CORRECTIONS)
        ),
    ),
    # econ.lifetable
    ("death_probabilities age0", lambda b: lifetable.death_probabilities(b, 10, True), "age0", bad_number(0.0, 150.0)),
    (
        "death_probabilities n_cycles",
        lambda b: lifetable.death_probabilities(50.0, b, True),
        "n_cycles",
        bad_whole(0, 1201),
    ),
    (
        "death_probabilities cycle_years",
        lambda b: lifetable.death_probabilities(50.0, 10, True, b),
        "cycle_years",
        bad_number(0.0, 10.0, low_open=True),
    ),
    ("death_probabilities female", lambda b: lifetable.death_probabilities(50.0, 10, b), "female", BAD_FLAG),
    (
        "death_probabilities table",
        lambda b: lifetable.death_probabilities(50.0, 10, True, table=b),
        "table",
        st.one_of(st.text(min_size=1), st.integers(), st.just({"ages": []})),
    ),
    (
        "annual_death_probability ages",
        lambda b: lifetable.annual_death_probability(b, True),
        "ages",
        bad_array(np.array([40.0, 60.0]), 0.0, 150.0),
    ),
    ("life_expectancy age0", lambda b: lifetable.life_expectancy(b, True), "age0", bad_number(0.0, 150.0)),
    ("life_expectancy max_age", lambda b: lifetable.life_expectancy(50.0, True, b), "max_age", bad_number(50.0, 150.0)),
    (
        "parse_life_table text",
        lambda b: lifetable.parse_life_table(b),
        "text",
        st.one_of(st.none(), st.integers(), st.lists(st.text())),
    ),
    # econ.params
    (
        "beta_from_mean_sd mean",
        lambda b: ep.beta_from_mean_sd(b, 0.01),
        "mean",
        bad_number(0.0, 1.0, low_open=True, high_open=True),
    ),
    (
        "beta_from_mean_sd sd",
        lambda b: ep.beta_from_mean_sd(0.5, b),
        "sd",
        bad_number(0.0, 0.5, low_open=True, high_open=True),
    ),
    ("gamma_from_mean_sd mean", lambda b: ep.gamma_from_mean_sd(b, 1.0), "mean", bad_number(0.0, 1e12, low_open=True)),
    ("gamma_from_mean_sd sd", lambda b: ep.gamma_from_mean_sd(1.0, b), "sd", bad_number(0.0, 1e12, low_open=True)),
    ("check_value", lambda b: ep.check_value(SPEC, b), "p_x", bad_number(0.0, 1.0)),
    ("sample n", lambda b: ep.sample(SPECS, {"p_x": 0.5}, b, 1), r"\bn\b", bad_whole(1, ep.MAX_DRAWS)),
    (
        "sample seed",
        lambda b: ep.sample(SPECS, {"p_x": 0.5}, 5, b),
        "seed",
        st.one_of(bad_whole(0, 2**62), st.just(3.0)),
    ),
    (
        "sample distribution",
        lambda b: ep.sample(SPECS, {"p_x": 0.5}, 5, 1, {"p_x": b}),
        "distribution of p_x",
        st.one_of(
            st.text(min_size=1),
            st.tuples(
                st.sampled_from(["beta", "gamma", "normal"]),
                bad_number(0.0, math.inf, low_open=True),
                st.floats(0.1, 5),
            ),
        ),
    ),
    (
        "draw distribution",
        lambda b: ep.draw(np.random.default_rng(1), "p_x", b, 5),
        "distribution of p_x",
        st.one_of(st.none(), st.tuples(st.just("beta"), st.floats(0.1, 3), bad_number(0.0, math.inf, low_open=True))),
    ),
    # econ.cea
    ("compare costs", lambda b: cea.compare(NAMES, b, QALYS, "A", 1_000.0), "costs", bad_array(COSTS)),
    ("compare qalys", lambda b: cea.compare(NAMES, COSTS, b, "A", 1_000.0), "qalys", bad_array(QALYS)),
    ("compare wtp", lambda b: cea.compare(NAMES, COSTS, QALYS, "A", b), "wtp", bad_number(0.0, 1e12)),
    (
        "compare reference",
        lambda b: cea.compare(NAMES, COSTS, QALYS, b, 1_000.0),
        "reference",
        BAD_NAME.filter(lambda b: b not in NAMES),
    ),
    (
        "compare lengths",
        lambda b: cea.compare(NAMES, COSTS[:b], QALYS, "A", 1_000.0),
        "equal length",
        st.integers(0, 2),
    ),
    ("efficiency_frontier costs", lambda b: cea.efficiency_frontier(NAMES, b, QALYS), "costs", bad_array(COSTS)),
    (
        "efficiency_frontier names",
        lambda b: cea.efficiency_frontier(b, COSTS, QALYS),
        "names",
        st.one_of(
            st.none(),
            st.text(),
            st.lists(st.integers(), min_size=3, max_size=3),
            st.just(["A", "A", "B"]),
            st.lists(st.text(), max_size=2),
        ),
    ),
    ("optimal_at wtp", lambda b: cea.optimal_at(FRONTIER, b), "wtp", bad_number(0.0, 1e12)),
    ("net_monetary_benefit costs", lambda b: cea.net_monetary_benefit(b, QALYS, 1_000.0), "costs", bad_array(COSTS)),
    ("acceptability costs", lambda b: cea.acceptability(b, DRAW_QALYS, [0.0, 1e4]), "costs", bad_array(DRAW_COSTS)),
    (
        "acceptability wtp",
        lambda b: cea.acceptability(DRAW_COSTS, DRAW_QALYS, b),
        "wtp",
        bad_array(np.array([0.0, 1e4]), 0.0, 1e12),
    ),
    (
        "acceptability_frontier qalys",
        lambda b: cea.acceptability_frontier(DRAW_COSTS, b, [1e4]),
        "qalys",
        bad_array(DRAW_QALYS),
    ),
    ("evpi wtp", lambda b: cea.evpi(DRAW_COSTS, DRAW_QALYS, b), "wtp", bad_array(np.array([0.0, 1e4]), 0.0, 1e12)),
    ("evpi shapes", lambda b: cea.evpi(DRAW_COSTS[:b], DRAW_QALYS, [1e4]), "one shape", st.integers(0, 2)),
    (
        "population_evpi population",
        lambda b: cea.population_evpi([10.0], b, 10, 0.03),
        "population",
        bad_number(0.0, 1e10),
    ),
    ("population_evpi years", lambda b: cea.population_evpi([10.0], 100, b, 0.03), "years", bad_whole(1, 200)),
    (
        "population_evpi discount_rate",
        lambda b: cea.population_evpi([10.0], 100, 10, b),
        "discount_rate",
        bad_number(0.0, 1.0),
    ),
    # econ.oneway
    ("one_way driver wtp", lambda b: _one_way_driver(wtp=b), "wtp", bad_number(0.0, 1e12)),
    ("one_way driver metric", lambda b: _one_way_driver(metric=b), "metric", BAD_NAME),
    (
        "one_way driver names",
        lambda b: _one_way_driver(names=b),
        "names",
        st.one_of(
            st.lists(st.text(max_size=4).filter(lambda n: n != "p_x"), min_size=1, max_size=3),
            st.lists(st.integers(), min_size=1, max_size=2),
        ),
    ),
    # treatment.model
    (
        "Settings horizon_years",
        lambda b: model.Settings(horizon_years=b),
        "horizon_years",
        bad_number(1 / 12, 100.0).filter(lambda b: b is not None),
    ),
    (
        "Settings correction",
        lambda b: model.Settings(correction=b),
        "correction",
        BAD_NAME.filter(lambda b: b not in markov.CORRECTIONS),
    ),
    (
        "Settings mortality",
        lambda b: model.Settings(mortality=b),
        "mortality",
        st.one_of(st.text(max_size=5), NON_FINITE, outside(0.0, 1.0, high_open=True)),
    ),
    (
        "Settings past age 100",
        lambda b: model.Settings(horizon_years=b).n_cycles(95.0),
        "horizon_years",
        st.floats(5.01, 100.0),
    ),
    (
        "run_model params",
        lambda b: model.run_model(b),
        "params",
        st.one_of(st.dictionaries(st.text(max_size=3), st.floats(), max_size=2), st.text(min_size=1), st.integers()),
    ),
    (
        "run_structural params",
        lambda b: model.run_structural(b),
        "params",
        st.one_of(st.dictionaries(st.text(max_size=3), st.floats(), max_size=2), st.text(min_size=1), st.integers()),
    ),
    (
        "run_structural toxin_fail_doubling_years",
        lambda b: model.run_structural(BASE, toxin_fail_doubling_years=b),
        "toxin_fail_doubling_years",
        bad_number(1.0, 1000.0).filter(lambda b: b is not None),
    ),
    (
        "run_structural surgical_death_rises_with_age",
        lambda b: model.run_structural(BASE, surgical_death_rises_with_age=b),
        "surgical_death_rises_with_age",
        BAD_FLAG,
    ),
    (
        "run_structural strategies",
        lambda b: model.run_structural(BASE, strategies=b),
        "strategies",
        st.one_of(st.text(), st.lists(st.text(max_size=5), min_size=1, max_size=2), st.just([]), st.none()),
    ),
    (
        "run_model settings",
        lambda b: model.run_model(BASE, b),
        "settings",
        st.one_of(st.dictionaries(st.text(max_size=3), st.floats(), max_size=2), st.text(min_size=1), st.integers()),
    ),
    (
        "run_model strategies",
        lambda b: model.run_model(BASE, None, b),
        "strategies",
        st.one_of(
            st.text(),
            st.lists(st.text(max_size=5), min_size=1, max_size=2),
            st.just([]),
            st.none(),
            st.just(["mvd_now", "mvd_now"]),
        ),
    ),
    ("psa n", lambda b: model.psa(n=b, seed=1), r"\bn\b", bad_whole(1, ep.MAX_DRAWS)),
    ("psa seed", lambda b: model.psa(n=5, seed=b), "seed", st.one_of(bad_whole(0, 2**62), st.just(-1))),
    (
        "psa wtp",
        lambda b: model.psa(n=5, seed=1, wtp=b),
        "wtp",
        bad_array(np.array([0.0, 30_000.0]), 0.0, 1e12).filter(lambda b: b is not None),
    ),
    (
        "psa distributions",
        lambda b: model.psa(n=5, seed=1, distributions={"c_mvd": b}),
        "distribution of c_mvd",
        st.one_of(
            st.text(min_size=1), st.tuples(st.just("gamma"), bad_number(0.0, math.inf, low_open=True), st.floats(1, 10))
        ),
    ),
    ("psa reference", lambda b: model.psa(n=5, seed=1, reference=b), "reference", BAD_NAME),
    (
        "one_way names",
        lambda b: model.one_way(BASE, names=b),
        "names",
        st.lists(st.text(max_size=6).filter(lambda n: n not in model.PARAMETER_SPECS), min_size=1, max_size=2),
    ),
    ("one_way comparator", lambda b: model.one_way(BASE, comparator=b), "comparator", BAD_NAME),
    ("one_way wtp", lambda b: model.one_way(BASE, wtp=b), "wtp", bad_number(0.0, 1e12)),
    ("one_way metric", lambda b: model.one_way(BASE, metric=b), "metric", BAD_NAME),
    (
        "two_way_costs session_costs",
        lambda b: model.two_way_costs(BASE, session_costs=b),
        "session_costs",
        bad_array(np.array([100.0, 600.0]), 0.0, 20_000.0).filter(lambda b: b is not None),
    ),
    (
        "two_way_costs mvd_costs",
        lambda b: model.two_way_costs(BASE, mvd_costs=b),
        "mvd_costs",
        bad_array(np.array([20_000.0, 30_000.0]), 0.0, 500_000.0).filter(lambda b: b is not None),
    ),
    (
        "two_way_costs result",
        lambda b: model.two_way_costs(BASE, result=b),
        "result",
        st.one_of(st.text(min_size=1), st.integers(), st.just({})),
    ),
    (
        "sample_parameters params",
        lambda b: model.sample_parameters(b, 5, 1),
        "params",
        st.one_of(st.text(min_size=1), st.integers(), st.just({})),
    ),
    (
        "batch_transitions values",
        lambda b: model.batch_transitions(_values_with(b[0], b[1]), "mvd_now"),
        "|".join(model.PARAMETER_SPECS),
        st.tuples(
            st.sampled_from(list(model.PARAMETER_SPECS)),
            st.one_of(NON_FINITE, st.floats(1e6, 1e9), st.floats(-1e9, -1e-3), st.text(min_size=1)),
        ),
    ),
    (
        "batch_transitions strategy",
        lambda b: model.batch_transitions(_values_with("c_mvd", np.full(3, 1.0)), b),
        "strategy",
        BAD_NAME,
    ),
    ("transition_matrix strategy", lambda b: model.transition_matrix(BASE, b), "strategy", BAD_NAME),
    (
        "start_distribution params",
        lambda b: model.start_distribution(b),
        "params",
        st.one_of(st.text(min_size=1), st.integers(), st.just({})),
    ),
    (
        "background_death settings",
        lambda b: model.background_death(BASE, b),
        "settings",
        st.one_of(st.text(min_size=1), st.integers(), st.just({})),
    ),
    (
        "explicit_complication_model strategy",
        lambda b: model.explicit_complication_model(BASE, None, b),
        "strategy",
        BAD_NAME,
    ),
    (
        "break_even_years curve",
        lambda b: model.break_even_years(b, np.zeros(3)),
        "cumulative_a",
        bad_array(np.array([3.0, 1.0, -1.0])),
    ),
    (
        "break_even_years cycle_years",
        lambda b: model.break_even_years([3.0, 1.0], [0.0, 2.0], b),
        "cycle_years",
        bad_number(0.0, 100.0, low_open=True),
    ),
    (
        "ModelResult.break_even_years",
        lambda b: RESULT.break_even_years(b),
        "surgery",
        BAD_NAME.filter(lambda b: b not in model.STRATEGIES),
    ),
    ("ModelResult.compare wtp", lambda b: RESULT.compare(wtp=b), "wtp", bad_number(0.0, 1e12)),
    # treatment.outcomes
    (
        "ToxinCycle duration",
        lambda b: outcomes.ToxinCycle(duration_weeks=b),
        "duration_weeks",
        bad_number(CYCLE.peak_weeks + CYCLE.wane_weeks / 2, 52.0),
    ),
    ("ToxinCycle peak_relief", lambda b: outcomes.ToxinCycle(peak_relief=b), "peak_relief", bad_number(0.0, 1.0)),
    ("ToxinCycle.effect weeks", lambda b: CYCLE.effect(b), "weeks", bad_array(np.array([1.0, 5.0]), -1e6, 1e6)),
    (
        "repeated_effect interval",
        lambda b: outcomes.repeated_effect(CYCLE, b, [1.0]),
        "interval_weeks",
        bad_number(4.0, 52.0),
    ),
    (
        "repeated_effect weeks",
        lambda b: outcomes.repeated_effect(CYCLE, 12.0, b),
        "weeks",
        bad_array(np.array([1.0, 5.0]), -520.0, 520.0),
    ),
    (
        "repeated_effect cycle",
        lambda b: outcomes.repeated_effect(b, 12.0, [1.0]),
        "cycle",
        st.one_of(st.text(), st.integers(), st.none()),
    ),
    ("injection_weeks weeks", lambda b: outcomes.injection_weeks(12.0, b), "weeks", bad_number(0.0, 520.0)),
    (
        "controlled_fraction share",
        lambda b: outcomes.controlled_fraction(CYCLE, 12.0, b),
        "share",
        bad_number(0.0, 1.0),
    ),
    (
        "controlled_fraction_curve intervals",
        lambda b: outcomes.controlled_fraction_curve(CYCLE, b),
        "interval_weeks",
        bad_array(np.array([10.0, 20.0]), 4.0, 52.0),
    ),
    ("injections_per_year", lambda b: outcomes.injections_per_year(b), "interval_weeks", bad_number(4.0, 52.0)),
    ("icon_count p", lambda b: outcomes.icon_count(b), r"\bp\b", bad_number(0.0, 1.0)),
    ("icon_count n", lambda b: outcomes.icon_count(0.5, b), r"\bn\b", bad_whole(1, 1_000_000)),
    ("icon_grid per_row", lambda b: outcomes.icon_grid(100, b), "per_row", bad_whole(1, 1_000_000)),
    ("risk_in_words", lambda b: outcomes.risk_in_words(b), r"\bp\b", bad_number(0.0, 1.0)),
    ("at_least_once times", lambda b: outcomes.at_least_once(0.1, b), "times", bad_number(0.0, 10_000.0)),
    (
        "treatment_risks params",
        lambda b: outcomes.treatment_risks(b),
        "params",
        st.one_of(st.text(min_size=1), st.integers(), st.just({})),
    ),
    (
        "rescaled_gamma mean",
        lambda b: outcomes.rescaled_gamma(("gamma", 9.0, 66.7), b),
        "mean",
        bad_number(0.0, 1e9, low_open=True),
    ),
    (
        "rescaled_gamma distribution",
        lambda b: outcomes.rescaled_gamma(b, 600.0),
        "distribution",
        st.one_of(st.text(), st.tuples(st.just("gamma"), bad_number(0.0, math.inf, low_open=True), st.just(1.0))),
    ),
    (
        "psa_cost_distributions params",
        lambda b: outcomes.psa_cost_distributions(b),
        "params",
        st.one_of(st.text(min_size=1), st.integers(), st.just({}), st.none()),
    ),
    ("state_years trace", lambda b: outcomes.state_years(b), "trace", bad_array(TRACE[:5], 0.0, 1.0, 1e-6)),
    ("money", lambda b: outcomes.money(b), "amount of money", bad_number()),
    ("years_words", lambda b: outcomes.years_words(b), "years", bad_number(0.0, 150.0).filter(lambda b: b is not None)),
    (
        "decision_summary result",
        lambda b: outcomes.decision_summary(b),
        "result",
        st.one_of(st.text(), st.integers(), st.none()),
    ),
    ("decision_summary wtp", lambda b: outcomes.decision_summary(RESULT, b), "wtp", bad_number(0.0, 1e12)),
    ("icer_words result", lambda b: outcomes.icer_words(b), "result", st.one_of(st.text(), st.integers(), st.none())),
    ("tornado_bars top", lambda b: outcomes.tornado_bars(ONE_WAY, b), "top", bad_whole(1, 1_000)),
    (
        "tornado_bars scale",
        lambda b: outcomes.tornado_bars(ONE_WAY, 5, b),
        "scale",
        bad_number(0.0, 1e12, low_open=True),
    ),
    (
        "break_even_line inc_costs",
        lambda b: outcomes.break_even_line([100.0, 200.0], [1.0, 2.0], b),
        "inc_costs",
        bad_array(np.ones((2, 2))),
    ),
    (
        "break_even_grid ages",
        lambda b: outcomes.break_even_grid(b, [600.0]),
        "ages",
        bad_array(np.array([50.0]), 18.0, 95.0),
    ),
    (
        "break_even_grid prices",
        lambda b: outcomes.break_even_grid([50.0], b),
        "prices",
        bad_array(np.array([600.0]), 0.0, 20_000.0),
    ),
    (
        "break_even_session_price discounted",
        lambda b: outcomes.break_even_session_price(BASE, b),
        "discounted",
        BAD_FLAG,
    ),
]


@pytest.mark.parametrize("call, names, values", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@EXAMPLES
@given(data=st.data())
def test_bad_input_raises_a_value_error_naming_the_parameter(call, names, values, data):
    bad = data.draw(values, label="bad value")
    with pytest.raises((ValueError, TypeError)) as raised:
        call(bad)
    message = str(raised.value)
    assert isinstance(raised.value, ValueError), f"{type(raised.value).__name__} is no ValueError: {message}"
    assert raised.type is ValueError or raised.type is checks.WrongType, raised.type
    import re

    assert re.search(names, message), f"message does not name {names!r}: {message}"
    assert re.search(r"must|lacks|has no|unknown", message), f"message does not say what is allowed: {message}"


def _parameter_and_bad_value():
    @st.composite
    def draw(d):
        name = d(st.sampled_from(list(model.PARAMETER_SPECS)))
        lo, hi = model.PARAMETER_SPECS[name].allowed
        bad = d(
            st.one_of(
                NOT_A_NUMBER.filter(lambda v: not isinstance(v, bool) or name != "female"), NON_FINITE, outside(lo, hi)
            )
        )
        return name, bad

    return draw()


@EXAMPLES
@given(_parameter_and_bad_value())
def test_every_parameter_refuses_a_bad_value_and_names_itself(case):
    name, bad = case
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        model.Parameters(**{name: bad})


@EXAMPLES
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_utilities_out_of_order_are_refused(u_cured, u_btx_on, u_uncontrolled):
    values = dict(u_cured=u_cured, u_btx_on=u_btx_on, u_uncontrolled=u_uncontrolled)
    if u_uncontrolled <= u_btx_on <= u_cured:
        assert model.Parameters(**values).u_btx_on == u_btx_on
    else:
        with pytest.raises(ValueError, match="utilities must keep their order"):
            model.Parameters(**values)


def test_wrong_types_are_type_errors_too():
    """A view catches ValueError; a wrong type is both, so it is shown as a message and is a TypeError."""
    with pytest.raises(TypeError, match="params must be a Parameters"):
        model.run_model({"age0": 50})
    with pytest.raises(TypeError, match="horizon_years must be a number"):
        model.Settings(horizon_years="10")
    with pytest.raises(TypeError, match="n_cycles must be a whole number"):
        markov.discount_factors("10", 0.03, 1.0)
    assert issubclass(checks.WrongType, ValueError)
