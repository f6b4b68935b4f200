"""The Markov cohort engine: a published known-answer case, closed forms, and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from widgets.econ import markov

# ---------------------------------------------------------------------------------------------
# Chancellor et al. 1997 HIV model as in Briggs, Claxton & Sculpher (2006), Exercise 2.5; targets
# and tolerances from rdecision's tests/testthat/test-model-AZT.R (research note, section 6.1).

HIV_STATES = ("A", "B", "C", "D")
HIV_COUNTS = np.array([[1251, 350, 116, 17], [0, 731, 512, 15], [0, 0, 1312, 437], [0, 0, 0, 1]], dtype=float)
HIV_MONO = HIV_COUNTS / HIV_COUNTS.sum(axis=1, keepdims=True)
HIV_CYCLES = 20
RR_COMBINATION = 0.509
STATE_COSTS = np.array([1701 + 1055, 1774 + 1278, 6948 + 2059, 0.0]) + np.array([2278, 2278, 2278, 0.0])  # + zidovudine
LAMIVUDINE = 2087.0
LIFE_YEAR = np.array([1.0, 1.0, 1.0, 0.0])


def hiv_combination_matrices():
    P = np.repeat(HIV_MONO[None], HIV_CYCLES, axis=0)
    for t in range(2):  # relative risk applies to every off-diagonal probability in cycles 1-2
        off = HIV_MONO * RR_COMBINATION
        np.fill_diagonal(off, 0.0)
        P[t] = off
        P[t][np.diag_indices(4)] = 1.0 - off.sum(axis=1)
    return P


def hiv_costs(combination: bool):
    costs = np.repeat(STATE_COSTS[None], HIV_CYCLES, axis=0)
    if combination:
        costs[:2, :3] += LAMIVUDINE
    return costs


def hiv_run(combination: bool, correction="none"):
    P = hiv_combination_matrices() if combination else HIV_MONO
    return markov.run_markov(
        HIV_STATES,
        P,
        [1, 0, 0, 0],
        n_cycles=HIV_CYCLES,
        state_rewards={"cost": hiv_costs(combination), "ly": LIFE_YEAR},
        discount_rates={"cost": 0.06, "ly": 0.0},
        correction=correction,
        count_at="end",
    )


def test_briggs_exercise_2_5_monotherapy_and_combination():
    mono, combo = hiv_run(False), hiv_run(True)
    assert mono.totals["ly"] == pytest.approx(7.991, abs=0.03)
    assert mono.totals["cost"] == pytest.approx(44_663, abs=100)
    assert combo.totals["ly"] == pytest.approx(8.937, abs=0.03)
    assert combo.totals["cost"] == pytest.approx(50_602, abs=100)
    icer = (combo.totals["cost"] - mono.totals["cost"]) / (combo.totals["ly"] - mono.totals["ly"])
    assert icer == pytest.approx(6_276, abs=20)


def test_briggs_exercise_2_5_half_cycle_life_years():
    assert hiv_run(False, "half-cycle").totals["ly"] == pytest.approx(8.475, abs=0.03)
    assert hiv_run(True, "half-cycle").totals["ly"] == pytest.approx(9.42, abs=0.03)


def test_batched_run_equals_separate_runs():
    P = np.stack([np.repeat(HIV_MONO[None], HIV_CYCLES, 0), hiv_combination_matrices()])
    both = markov.run_markov(
        HIV_STATES,
        P,
        np.tile([1.0, 0, 0, 0], (2, 1)),
        batched=True,
        state_rewards={"cost": np.stack([hiv_costs(False), hiv_costs(True)]), "ly": np.tile(LIFE_YEAR, (2, 1))},
        discount_rates={"cost": 0.06, "ly": 0.0},
        correction="none",
        count_at="end",
    )
    for i, combination in enumerate((False, True)):
        single = hiv_run(combination)
        assert both.totals["cost"][i] == pytest.approx(single.totals["cost"], rel=1e-12)
        assert both.totals["ly"][i] == pytest.approx(single.totals["ly"], rel=1e-12)
        np.testing.assert_allclose(both.trace[i], single.trace, atol=1e-15)


def test_per_cycle_values_sum_to_totals_and_trace_starts_at_start():
    result = hiv_run(True, "half-cycle")
    for name, total in result.totals.items():
        assert result.per_cycle[name].shape == (HIV_CYCLES,)
        assert result.per_cycle[name].sum() == pytest.approx(total, rel=1e-12)
    np.testing.assert_array_equal(result.trace[0], [1, 0, 0, 0])
    assert result.occupancy("D")[-1] == result.trace[-1, 3]


# ---------------------------------------------------------------------------------------------
# closed forms


def survival_model(s):
    return np.array([[s, 1.0 - s], [0.0, 1.0]])


@pytest.mark.parametrize("rate", [0.0, 0.035])
def test_single_state_qalys_match_the_geometric_sum(rate):
    """Note 6.3.4: QALY = u dt (1 - (s v)^K) / (1 - s v), start-of-cycle counting."""
    u, s, K, dt = 0.8, 0.995, 240, 1 / 12
    result = markov.run_markov(
        ("ALIVE", "DEAD"),
        survival_model(s),
        [1, 0],
        n_cycles=K,
        state_rewards={"qaly": [u * dt, 0.0]},
        discount_rates=rate,
        cycle_years=dt,
        correction="none",
        count_at="start",
    )
    sv = s * (1 + rate) ** (-dt)
    assert result.totals["qaly"] == pytest.approx(u * dt * (1 - sv**K) / (1 - sv), rel=1e-12)


def test_half_cycle_and_simpson_weights():
    np.testing.assert_allclose(markov.point_weights(4, "half-cycle"), [0.5, 1, 1, 1, 0.5])
    np.testing.assert_allclose(markov.point_weights(4, "simpson"), np.array([1, 4, 2, 4, 1]) / 3)
    np.testing.assert_allclose(markov.point_weights(3, "none", "start"), [1, 1, 1, 0])
    np.testing.assert_allclose(markov.point_weights(3, "none", "end"), [0, 1, 1, 1])
    odd = markov.point_weights(5, "simpson")  # last cycle by the trapezoid rule
    np.testing.assert_allclose(odd, [1 / 3, 4 / 3, 2 / 3, 4 / 3, 1 / 3 + 0.5, 0.5])
    for correction in markov.CORRECTIONS:
        for n in (1, 2, 7, 600):
            assert markov.cycle_weights(n, correction).sum() == pytest.approx(n)


def test_simpson_is_exact_for_a_cubic_occupancy_curve():
    """Simpson's 1/3 rule integrates cubics exactly: a reward whose per-point value is a cubic in t."""
    T = 10
    t = np.arange(T + 1)
    curve = 1 + 0.3 * t - 0.02 * t**2 + 0.001 * t**3
    exact = T + 0.3 * T**2 / 2 - 0.02 * T**3 / 3 + 0.001 * T**4 / 4
    assert markov.point_weights(T, "simpson") @ curve == pytest.approx(exact, rel=1e-12)


def test_discount_factors_and_rate_conversions():
    np.testing.assert_allclose(markov.discount_factors(2, 0.06, 1.0), [1, 1 / 1.06, 1 / 1.06**2])
    assert markov.rate_to_prob(0.02, 1 / 12) == pytest.approx(1 - np.exp(-0.02 / 12))
    assert markov.rescale_prob(0.1, 1.0, 1 / 12) == pytest.approx(1 - 0.9 ** (1 / 12))
    assert markov.rescale_prob(markov.rescale_prob(0.3, 1, 1 / 12), 1 / 12, 1) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="discount rate"):
        markov.discount_factors(3, -0.01, 1.0)


def test_transition_rewards_are_applied_to_flows_at_the_end_of_the_cycle():
    p, reward, rate, T = 0.1, 50.0, 0.05, 6
    P = np.array([[1 - p, p], [0.0, 1.0]])
    R = np.array([[0.0, reward], [0.0, 0.0]])
    result = markov.run_markov(("A", "B"), P, [1, 0], n_cycles=T, transition_rewards={"c": R}, discount_rates=rate)
    t = np.arange(T)
    expected = reward * p * (1 - p) ** t * (1 + rate) ** -(t + 1.0)
    np.testing.assert_allclose(result.per_cycle["c"], expected, rtol=1e-12)


def test_transition_rewards_with_background_death_count_survivors_only():
    p, m, T = 0.2, 0.1, 5
    P = np.array([[1 - p, p, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    R = np.zeros((3, 3))
    R[0, 1] = 1.0
    result = markov.run_markov(
        ("A", "B", "D"),
        P,
        [1, 0, 0],
        n_cycles=T,
        transition_rewards={"n": R},
        background_death=np.full(T, m),
        dead_state="D",
    )
    in_a = ((1 - m) * (1 - p)) ** np.arange(T)
    np.testing.assert_allclose(result.per_cycle["n"], in_a * (1 - m) * p, rtol=1e-12)
    np.testing.assert_allclose(result.occupancy("A"), ((1 - m) * (1 - p)) ** np.arange(T + 1), rtol=1e-12)


def test_separate_discount_rates_per_reward():
    result = markov.run_markov(
        ("A", "B"),
        np.eye(2),
        [1, 0],
        n_cycles=2,
        state_rewards={"cost": [1.0, 0], "qaly": [1.0, 0]},
        discount_rates={"cost": 0.0, "qaly": 0.1},
        correction="none",
    )
    assert result.totals["cost"] == pytest.approx(2.0)
    assert result.totals["qaly"] == pytest.approx(1 + 1 / 1.1)
    with pytest.raises(ValueError, match="no rate"):
        markov.run_markov(
            ("A", "B"), np.eye(2), [1, 0], n_cycles=2, state_rewards={"cost": [1.0, 0]}, discount_rates={"x": 0}
        )


# ---------------------------------------------------------------------------------------------
# background mortality, batches, fast paths


def test_background_death_equals_the_explicit_time_dependent_matrix():
    rng = np.random.default_rng(3)
    Q = rng.random((4, 4))
    Q[3] = [0, 0, 0, 1]
    Q /= Q.sum(axis=1, keepdims=True)
    m = np.linspace(0.01, 0.2, 12)
    explicit = np.array([(1 - mt) * Q + mt * np.eye(4)[[3, 3, 3, 3]] for mt in m])
    rewards = {"r": np.array([1.0, 2.0, 3.0, 0.0])}
    a = markov.run_markov(HIV_STATES, explicit, [1, 0, 0, 0], state_rewards=rewards, discount_rates=0.03)
    b = markov.run_markov(
        HIV_STATES,
        Q,
        [1, 0, 0, 0],
        n_cycles=12,
        state_rewards=rewards,
        discount_rates=0.03,
        background_death=m,
        dead_state="D",
    )
    np.testing.assert_allclose(a.trace, b.trace, atol=1e-15)
    assert a.totals["r"] == pytest.approx(b.totals["r"], rel=1e-13)


def random_sparse_chain(rng, n, S):
    """n stochastic matrices sharing a sparse pattern (diagonal + a few edges), last state absorbing."""
    mask = np.eye(S, dtype=bool)
    mask[np.arange(S - 1), np.arange(1, S)] = True
    mask[0, S - 1] = mask[2, 0] = True
    mask[3 : S - 1, 1] = True  # a state fed by many others (the fan-in update)
    P = rng.random((n, S, S)) * mask
    P[:, S - 1] = 0
    P[:, S - 1, S - 1] = 1
    return P / P.sum(axis=2, keepdims=True)


@pytest.mark.parametrize("shared_mortality", [True, False])
def test_weighted_occupancy_equals_weights_times_trace_on_the_sparse_batch_path(shared_mortality):
    """Shared mortality is folded in after the walk; per-member mortality is applied step by step."""
    rng = np.random.default_rng(7)
    n, S, T = 100, 9, 150  # n >= 64 and a sparse pattern: the edge-by-edge stepper
    P = random_sparse_chain(rng, n, S)
    assert markov._stepper(P[:, None], False).__name__ == "step_sparse"
    start = rng.dirichlet(np.ones(S), n)
    death = np.outer(np.ones(n) if shared_mortality else 1 + np.arange(n) / n, np.linspace(0.001, 0.05, T))
    names = tuple("abcdefghi")
    weights = rng.random((3, T + 1))
    sums = markov.weighted_occupancy(
        names, P, start, weights, n_cycles=T, batched=True, background_death=death, dead_state="i"
    )
    traces = markov.cohort_trace(names, P, start, n_cycles=T, batched=True, background_death=death, dead_state="i")
    for k in (0, 57, 99):  # the dense single-cohort path, member by member
        trace = markov.cohort_trace(names, P[k], start[k], n_cycles=T, background_death=death[k], dead_state="i")
        np.testing.assert_allclose(sums[:, k], weights @ trace, rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(traces[k], trace, rtol=1e-11, atol=1e-15)


@pytest.mark.parametrize("T", [1, 15, 16, 17, 37])
def test_trace_by_matrix_powers_equals_the_step_by_step_trace(T):
    """A constant P is traced block by block with its powers; the same P given per cycle is stepped."""
    rng = np.random.default_rng(T)
    P = random_sparse_chain(rng, 5, 6)
    start = rng.dirichlet(np.ones(6), 5)
    death = np.linspace(0.01, 0.1, T)
    names = tuple("abcdef")
    blocked = markov.cohort_trace(names, P, start, n_cycles=T, batched=True, background_death=death, dead_state="f")
    stepped = markov.cohort_trace(
        names, np.repeat(P[:, None], T, axis=1), start, batched=True, background_death=death, dead_state="f"
    )
    np.testing.assert_allclose(blocked, stepped, rtol=1e-12, atol=1e-15)


def test_states_the_cohort_can_never_enter_are_skipped_and_stay_empty():
    """weighted_occupancy walks only the states reachable from the start (plus the dead state);
    the result equals the full walk, with exact zeros for the others."""
    rng = np.random.default_rng(11)
    n, S, T = 80, 9, 60
    P = random_sparse_chain(rng, n, S)
    P[:, :4, 4:8] = 0.0  # states 0-3 never lead into 4-7 (4-7 still lead anywhere)
    P /= P.sum(axis=2, keepdims=True)
    start = np.zeros((n, S))
    start[:, :4] = rng.dirichlet(np.ones(4), n)
    assert markov._reachable(P[:, None], start, S - 1).tolist() == [0, 1, 2, 3, 8]
    death = np.linspace(0.001, 0.05, T)
    names = tuple("abcdefghi")
    weights = rng.random((2, T + 1))
    sums = markov.weighted_occupancy(
        names, P, start, weights, n_cycles=T, batched=True, background_death=death, dead_state="i"
    )
    assert (sums[:, :, 4:8] == 0).all()
    for k in (0, 79):
        trace = markov.cohort_trace(names, P[k], start[k], n_cycles=T, background_death=death, dead_state="i")
        np.testing.assert_allclose(sums[:, k], weights @ trace, rtol=1e-11, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(
    arrays(np.float64, (5, 5), elements=st.floats(0, 1)),
    st.integers(1, 40),
    st.floats(0, 0.2),
)
def test_trace_rows_are_distributions_and_dead_never_decreases(raw, T, m):
    raw[:4, 0] += 1e-3  # no all-zero rows
    raw[4] = [0, 0, 0, 0, 1]
    P = raw / raw.sum(axis=1, keepdims=True)
    trace = markov.cohort_trace("abcde", P, [1, 0, 0, 0, 0], n_cycles=T, background_death=np.full(T, m), dead_state="e")
    assert trace.shape == (T + 1, 5)
    assert (trace >= -1e-15).all()
    np.testing.assert_allclose(trace.sum(axis=1), 1.0, atol=1e-12)
    assert (np.diff(trace[:, 4]) >= -1e-15).all()


# ---------------------------------------------------------------------------------------------
# validation names the culprit


def test_rows_that_do_not_sum_to_one_are_named_with_state_and_cycle():
    P = np.repeat(HIV_MONO[None], 3, axis=0)
    P[2, 1, 1] += 0.01
    with pytest.raises(ValueError, match=r"out of state 'B' in cycle 2 must sum to 1"):
        markov.cohort_trace(HIV_STATES, P, [1, 0, 0, 0])


def test_probabilities_outside_0_1_are_named():
    P = HIV_MONO.copy()
    P[0, 2] += 0.3
    P[0, 1] -= 0.3  # row still sums to 1, but 'A' -> 'B' is negative
    with pytest.raises(ValueError, match=r"'A' -> 'B' must be between 0 and 1"):
        markov.cohort_trace(HIV_STATES, P, [1, 0, 0, 0], n_cycles=3)
    batch = np.stack([HIV_MONO, HIV_MONO])
    batch[1, 3, 3] = np.nan
    with pytest.raises(ValueError, match=r"'D' -> 'D' in batch member 1 must be a finite number"):
        markov.cohort_trace(HIV_STATES, batch, np.tile([1.0, 0, 0, 0], (2, 1)), n_cycles=3, batched=True)


def test_other_bad_inputs_raise_value_errors():
    with pytest.raises(ValueError, match="n_cycles is required"):
        markov.cohort_trace(HIV_STATES, HIV_MONO, [1, 0, 0, 0])
    with pytest.raises(ValueError, match="start must be a probability distribution"):
        markov.cohort_trace(HIV_STATES, HIV_MONO, [0.5, 0, 0, 0], n_cycles=2)
    with pytest.raises(ValueError, match="P must have shape"):
        markov.cohort_trace(HIV_STATES, np.eye(3), [1, 0, 0], n_cycles=2)
    with pytest.raises(ValueError, match="correction must be one of"):
        markov.cycle_weights(3, "trapezium")
    with pytest.raises(ValueError, match="dead_state"):
        markov.cohort_trace(HIV_STATES, HIV_MONO, [1, 0, 0, 0], n_cycles=2, background_death=[0.1, 0.1], dead_state="Z")
    with pytest.raises(ValueError, match="background_death must be between 0 and 1"):
        markov.cohort_trace(HIV_STATES, HIV_MONO, [1, 0, 0, 0], n_cycles=2, background_death=[0.1, 1.5], dead_state="D")
    with pytest.raises(ValueError, match="dead_state 'C' must be absorbing"):
        markov.cohort_trace(HIV_STATES, HIV_MONO, [1, 0, 0, 0], n_cycles=2, background_death=[0.1, 0.1], dead_state="C")


def test_custom_per_cycle_weights_reproduce_any_convention():
    """Issue 14: explicit weights instead of a built-in name. (2,) = the same pair every cycle; (T, 2) = one
    pair per cycle, e.g. a published model that counts cycle 0 in full and half-cycles the rest."""
    T, rewards = 6, {"ly": np.array([1.0, 1.0, 1.0, 0.0])}
    run = lambda correction: markov.run_markov(  # noqa: E731
        HIV_STATES, HIV_MONO, [1, 0, 0, 0], n_cycles=T, state_rewards=rewards, correction=correction
    )
    assert run([1.0, 0.0]).totals["ly"] == pytest.approx(run("none").totals["ly"])
    assert run([0.5, 0.5]).totals["ly"] == pytest.approx(run("half-cycle").totals["ly"])
    weights = np.full((T, 2), 0.5)
    weights[0] = [1.0, 0.0]
    trace = markov.cohort_trace(HIV_STATES, HIV_MONO, [1, 0, 0, 0], n_cycles=T)
    alive = trace @ rewards["ly"]
    expected = sum(weights[t, 0] * alive[t] + weights[t, 1] * alive[t + 1] for t in range(T))
    assert run(weights).totals["ly"] == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"custom weights must have shape \(2,\) or \(n_cycles, 2\)"):
        run(np.ones((T + 1, 2)))
