"""The Botox-versus-MVD model: parameter table, closed-form checks of the research note (section
6.3), cross-checks, invariants on every run and PSA draw, and the analysis outputs."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.econ import lifetable, markov
from widgets.econ import params as econ_params
from widgets.treatment import model as hfs
from widgets.treatment.model import Parameters, Settings

NO_DEATH = Settings(mortality="none")
MONTH = 1 / 12


def run(params=None, strategies=hfs.STRATEGIES, **setting):
    return hfs.run_model(params or Parameters(), Settings(**setting), strategies)


# ---------------------------------------------------------------------------------------------
# the parameter table

TABLE_NAMES = (
    "p_btx_response btx_interval_months p_btx_ae_session dis_btx_ae dur_btx_ae_weeks r_btx_fail_annual "
    "r_spont_remission_annual p_mvd_immediate p_mvd_cure_12m r_recur_annual p_redo_given_failure p_mvd_death "
    "p_perm_hearing_loss p_perm_facial_palsy p_trans_facial_palsy p_trans_hearing p_csf_leak p_stroke u_cured "
    "u_btx_on u_uncontrolled dis_hearing_loss dis_facial_palsy dis_surgery c_mvd c_btx_session "
    "c_complication_perm discount_rate age0 female"
).split()


def test_specs_cover_every_parameter_and_defaults_are_the_base_case():
    names = [f.name for f in dataclasses.fields(Parameters)]
    assert names == list(hfs.PARAMETER_SPECS)
    assert set(TABLE_NAMES) <= set(names)
    defaults = Parameters()
    for name, spec in hfs.PARAMETER_SPECS.items():
        assert getattr(defaults, name) == spec.base, name
        lo, hi = spec.allowed
        assert lo <= spec.base <= hi, name
        if spec.low is not None:
            assert lo <= spec.low <= spec.base <= spec.high <= hi, name
    for name in TABLE_NAMES:
        assert hfs.PARAMETER_SPECS[name].evidence_id == f"PAR-{name}"


def test_psa_distributions_have_the_base_value_as_mean():
    means = {}
    for name, spec in hfs.PARAMETER_SPECS.items():
        means[name] = spec.base
        if spec.distribution is None:
            continue
        mean = econ_params.mean_of(spec.distribution, means)
        assert mean == pytest.approx(spec.base, rel=0.02), name  # the note rounds a and b


def test_method_of_moments_helpers():
    kind, a, b = hfs.beta_from_mean_sd(0.95, 0.03)
    assert kind == "beta" and a == pytest.approx(49.2, abs=0.05) and b == pytest.approx(2.6, abs=0.05)
    kind, shape, scale = hfs.gamma_from_mean_sd(3.5, 0.75)
    assert kind == "gamma" and shape == pytest.approx(21.8, abs=0.05) and scale == pytest.approx(0.161, abs=0.001)


def test_delayed_cure_probability_from_the_note():
    assert Parameters().d_delayed_monthly == pytest.approx(0.1026, abs=5e-5)
    assert Parameters(p_mvd_immediate=0.88).d_delayed_monthly == 0.0
    assert Parameters(p_mvd_immediate=1.0, p_mvd_cure_12m=1.0).d_delayed_monthly == 0.0


# ---------------------------------------------------------------------------------------------
# validation


def out_of_range(name):
    lo, hi = hfs.PARAMETER_SPECS[name].allowed
    return st.one_of(
        st.floats(max_value=lo, exclude_max=True, allow_nan=False, allow_infinity=True),
        st.floats(min_value=hi, exclude_min=True, allow_nan=False, allow_infinity=True),
        st.just(float("nan")),
    )


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(hfs.PARAMETER_SPECS)).flatmap(lambda n: st.tuples(st.just(n), out_of_range(n))))
def test_out_of_range_values_raise_value_error_naming_the_parameter(case):
    name, value = case
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        Parameters(**{name: value})


def test_validation_messages():
    with pytest.raises(ValueError, match=r"^p_mvd_immediate must be between 0 and 1 \(got 1\.3\)$"):
        Parameters(p_mvd_immediate=1.3)
    with pytest.raises(ValueError, match=r"^age0 must be between 18 and 95 \(got 12\)$"):
        Parameters(age0=12)
    with pytest.raises(ValueError, match=r"p_mvd_immediate \(0\.9\) must not exceed p_mvd_cure_12m \(0\.88\)"):
        Parameters(p_mvd_immediate=0.9)
    with pytest.raises(ValueError, match="female must be 0 or 1"):
        Parameters(female=2)
    with pytest.raises(ValueError, match="c_mvd must be a number"):
        Parameters(c_mvd="27000")
    with pytest.raises(ValueError, match="unknown parameter"):
        Parameters().replace(p_botox=0.5)
    with pytest.raises(ValueError, match="horizon_years"):
        Settings(horizon_years=0)
    with pytest.raises(ValueError, match="mortality"):
        Settings(mortality="gompertz")
    with pytest.raises(ValueError, match="strategies must be chosen"):
        hfs.run_model(strategies=["surgery"])


# ---------------------------------------------------------------------------------------------
# closed-form checks (note, section 6.3)


def test_expected_injections_without_attrition():
    """6.3.1: E[N] = K / tau = 120 / 3.5."""
    p = Parameters(p_btx_response=1.0, r_btx_fail_annual=0.0)
    r = run(p, ["botox_first"], horizon_years=10, correction="none", mortality="none").strategies["botox_first"]
    assert r.injections == pytest.approx(34.2857, abs=1e-4)
    assert r.injections == pytest.approx(120 / 3.5, rel=1e-12)


def test_expected_injections_with_botox_failure_and_with_discounting():
    """6.3.1: E[N] = (1/tau)(1 - (1-q)^K)/q with q = 1 - exp(-0.02/12); discounted: (1-q) v."""
    p = Parameters(p_btx_response=1.0, r_btx_fail_annual=0.02)
    r = run(p, ["botox_first"], horizon_years=10, correction="none", mortality="none").strategies["botox_first"]
    q = 1 - math.exp(-0.02 / 12)
    assert r.injections == pytest.approx(31.1006, abs=1e-4)
    assert r.injections == pytest.approx((1 - (1 - q) ** 120) / q / 3.5, rel=1e-12)
    x = (1 - q) * 1.03 ** (-1 / 12)
    assert r.injections_discounted == pytest.approx((1 - x**120) / (1 - x) / 3.5, rel=1e-12)


BREAK_EVEN = Parameters(
    p_btx_response=1.0,
    r_btx_fail_annual=0.0,
    p_mvd_immediate=0.88,
    p_mvd_cure_12m=0.88,
    p_redo_given_failure=0.0,
    r_recur_annual=0.0,
    p_mvd_death=0.0,
)


def test_break_even_undiscounted_within_one_cycle_of_the_formula():
    """6.3.2: t* = C / ((1 - f) b) = 14.91 years with the tunnel collapsed (p_imm = p12), if failures paid
    for toxin from month 0. Toxin is charged only once a failure is known (issue 14): the failures start it
    after the 12 untreated POSTOP months and the one-month RECURRED passage, L = 13/12 years, so
    t* = (C - f b L) / ((1 - f) b) = 14.77."""
    r = run(BREAK_EVEN, ["botox_first", "mvd_now"], horizon_years=40, correction="none", mortality="none")
    b = 600 * 12 / 3.5
    assert 27_000 / ((1 - 0.12) * b) == pytest.approx(14.91, abs=0.005)
    formula = (27_000 - 0.12 * b * 13 / 12) / ((1 - 0.12) * b)
    assert formula == pytest.approx(14.77, abs=0.005)
    assert r.break_even_years(discounted=False) == pytest.approx(formula, abs=MONTH)


def test_break_even_discounted_near_the_continuous_formula():
    """6.3.2 with the failures' toxin from L = 13/12 years: C + f b (e^-rL - e^-rt) / r = b (1 - e^-rt) / r,
    t* = -ln((1 - f e^-rL - r C / b) / (1 - f)) / r = 19.51 (19.77 with toxin from month 0); a monthly
    model is about 0.1-0.15 years lower."""
    r = run(BREAK_EVEN, ["botox_first", "mvd_now"], horizon_years=40, correction="none", mortality="none")
    b = 600 * 12 / 3.5
    assert -math.log(1 - 0.03 * 27_000 / (0.88 * b)) / 0.03 == pytest.approx(19.77, abs=0.005)
    continuous = -math.log((1 - 0.12 * math.exp(-0.03 * 13 / 12) - 0.03 * 27_000 / b) / 0.88) / 0.03
    assert continuous == pytest.approx(19.51, abs=0.005)
    assert r.break_even_years() == pytest.approx(19.4, abs=0.2)
    assert r.break_even_years() == pytest.approx(continuous, abs=0.2)


def test_no_break_even_when_discounting_outruns_the_savings():
    """6.3.2: no break-even if r C >= (1 - f) b; here with a European-price session of 70 USD."""
    r = run(BREAK_EVEN.replace(c_btx_session=70.0), ["botox_first", "mvd_now"], correction="none", mortality="none")
    assert r.break_even_years() is None
    assert hfs.break_even_years(np.array([5.0, 3.0, 1.0]), np.array([0.0, 2.0, 3.0]), 1.0) == pytest.approx(4 / 3)
    assert hfs.break_even_years(np.array([0.0, 1.0]), np.array([1.0, 1.0])) == 0.0


def test_cure_curve_in_the_first_year():
    """6.3.3: P(spasm-free at m) = p_imm + (1 - p_imm)(1 - (1-d)^m): 0.56 at 0, 0.88 at 12."""
    p = Parameters(r_recur_annual=0.0, p_mvd_death=0.0, p_redo_given_failure=0.0)
    curve = run(p, ["mvd_now"], horizon_years=10, mortality="none").strategies["mvd_now"].spasm_free
    m = np.arange(13)
    np.testing.assert_allclose(curve[:13], 0.56 + 0.44 * (1 - (1 - p.d_delayed_monthly) ** m), rtol=1e-12)
    assert curve[0] == pytest.approx(0.56, abs=1e-12)
    assert curve[12] == pytest.approx(0.88, abs=1e-12)
    assert curve[-1] == pytest.approx(0.88, abs=1e-12)  # no recurrence, no redo: flat after a year
    with_redo = run(p.replace(p_redo_given_failure=0.3), ["mvd_now"], horizon_years=10, mortality="none")
    assert with_redo.strategies["mvd_now"].spasm_free[-1] > 0.88


def test_cure_curve_at_ten_years_with_recurrence():
    """6.3.3: about 0.88 exp(-0.072) = 0.819. Recurrence here starts at cure rather than at month 12,
    so the model sits 0.005 lower; it equals its own discrete sum exactly."""
    p = Parameters(p_mvd_death=0.0, p_redo_given_failure=0.0)
    curve = run(p, ["mvd_now"], horizon_years=10, mortality="none").strategies["mvd_now"].spasm_free
    q, d = 1 - math.exp(-0.008 / 12), p.d_delayed_monthly
    exact = 0.56 * (1 - q) ** 120 + sum(0.44 * (1 - d) ** (m - 1) * d * (1 - q) ** (120 - m) for m in range(1, 13))
    assert curve[120] == pytest.approx(exact, rel=1e-12)
    assert curve[120] == pytest.approx(0.819, abs=0.006)


@pytest.mark.parametrize("rate", [0.0, 0.03])
def test_single_state_qalys_closed_form(rate):
    """6.3.4: QALY = u dt (1 - (s v)^K) / (1 - s v) for a cohort that never leaves BTX_ON."""
    p = Parameters(p_btx_response=1.0, r_btx_fail_annual=0.0, p_btx_ae_session=0.0, discount_rate=rate, u_btx_on=0.8)
    annual_death = 0.02
    r = run(p, ["botox_first"], horizon_years=20, correction="none", mortality=annual_death).strategies["botox_first"]
    s, v, K = (1 - annual_death) ** MONTH, (1 + rate) ** -MONTH, 240
    assert r.qalys == pytest.approx(0.8 * MONTH * (1 - (s * v) ** K) / (1 - s * v), rel=1e-12)


CROSS_CHECKS = [
    ("mvd_now", Parameters(p_redo_given_failure=0.0)),
    ("mvd_now", Parameters(p_redo_given_failure=0.0, age0=70, female=0, p_mvd_death=0.003, c_complication_perm=4000.0)),
    ("botox_then_mvd", Parameters(p_mvd_cure_12m=1.0, r_recur_annual=0.0, r_btx_fail_annual=0.05)),
]


@pytest.mark.parametrize("correction", markov.CORRECTIONS)
@pytest.mark.parametrize("strategy,params", CROSS_CHECKS)
def test_complication_overlay_equals_explicit_comp_states(strategy, params, correction):
    """6.3.5: with at most one operation per patient the overlay and the _COMP states agree."""
    s = Settings(correction=correction)
    overlay = hfs.run_model(params, s, [strategy]).strategies[strategy]
    explicit = hfs.explicit_complication_model(params, s, strategy)
    assert overlay.qalys == pytest.approx(explicit["qalys"], rel=1e-13)
    assert overlay.costs == pytest.approx(explicit["costs"], rel=1e-13)
    assert (
        overlay.qalys
        < run(params.replace(p_perm_hearing_loss=0.0), [strategy], correction=correction).strategies[strategy].qalys
    )


def test_overlay_and_explicit_states_differ_only_slightly_with_repeat_operations():
    overlay = run(Parameters(), ["mvd_now"]).strategies["mvd_now"].qalys
    explicit = hfs.explicit_complication_model(Parameters(), Settings(), "mvd_now")["qalys"]
    assert overlay == pytest.approx(explicit, abs=1e-3)


# ---------------------------------------------------------------------------------------------
# invariants (6.3.6)


def assert_chain_invariants(Q, start, death):
    markov.check_transitions(hfs.STATES, Q, batched=True)
    dead = hfs.STATES.index("DEAD")
    for m in (death.min(), death.max()):  # the effective matrix is linear in m: the extremes suffice
        P = (1 - m) * Q + m * np.eye(len(hfs.STATES))[dead]
        assert np.abs(P.sum(axis=2) - 1).max() <= 1e-12
        assert P.min() >= 0 and P.max() <= 1
    np.testing.assert_allclose(start.sum(axis=1), 1.0, atol=1e-12)


def assert_trace_invariants(trace):
    np.testing.assert_allclose(trace.sum(axis=-1), 1.0, atol=1e-12)
    assert trace.min() >= -1e-15
    assert (np.diff(trace[..., hfs.STATES.index("DEAD")], axis=-1) >= -1e-15).all()


@pytest.mark.parametrize(
    "params",
    [
        Parameters(),
        Parameters(age0=30, female=0, r_spont_remission_annual=0.02),
        Parameters(age0=95, p_btx_response=0.0),
    ],
)
def test_invariants_of_every_run(params):
    result = hfs.run_model(params)
    death = hfs.background_death(params)
    for name, r in result.strategies.items():
        Q = hfs.transition_matrix(params, name)[None]
        assert_chain_invariants(Q, hfs.start_distribution(params, name)[None], death)
        assert_trace_invariants(r.trace)
        assert r.cumulative_cost[-1] == pytest.approx(r.costs, rel=1e-12)
        assert r.cumulative_cost_undiscounted[-1] == pytest.approx(r.costs_undiscounted, rel=1e-12)
        assert (np.diff(r.cumulative_cost) >= 0).all()
        assert r.trace.shape == (len(result.months), len(hfs.STATES))
        assert 0 <= r.spasm_free.min() and r.spasm_free.max() <= 1
        assert r.qalys < r.qalys_undiscounted and r.costs <= r.costs_undiscounted
    assert result.strategies["botox_first"].surgeries == 0


def test_invariants_of_every_psa_draw():
    result = hfs.psa(n=1000, seed=11)
    death = hfs.background_death()
    for strategy in hfs.STRATEGIES:
        Q, start = hfs.batch_transitions(result.draws, strategy)
        assert_chain_invariants(Q, start, death)
    sub = {k: v[:150] for k, v in result.draws.items()}  # traces are large: check a subset
    Q, start = hfs.batch_transitions(sub, "botox_then_mvd")
    trace = markov.cohort_trace(
        hfs.STATES,
        Q,
        start,
        n_cycles=len(death),
        batched=True,
        background_death=np.tile(death, (150, 1)),
        dead_state="DEAD",
    )
    assert_trace_invariants(trace)
    np.testing.assert_allclose(result.ceac.sum(axis=1), 1.0, atol=1e-12)


def in_range(name):
    lo, hi = hfs.PARAMETER_SPECS[name].allowed
    if name == "female":
        return st.sampled_from([0, 1])
    return st.one_of(st.just(lo), st.just(hi), st.floats(lo, hi))


@st.composite
def any_parameters(draw):
    values = {name: draw(in_range(name)) for name in hfs.PARAMETER_SPECS}
    values["p_mvd_immediate"] = min(values["p_mvd_immediate"], values["p_mvd_cure_12m"])
    values["u_btx_on"] = min(values["u_btx_on"], values["u_cured"])  # the utilities' order is a rule of Parameters
    values["u_uncontrolled"] = min(values["u_uncontrolled"], values["u_btx_on"])
    for name in ("p_perm_facial_palsy", "p_stroke"):  # keep the three permanent risks summing to <= 1
        values[name] = min(values[name], (1 - values["p_perm_hearing_loss"]) / 2)
    return Parameters(**values)


@settings(max_examples=25, deadline=None)
@given(any_parameters(), st.sampled_from(markov.CORRECTIONS))
def test_invariants_hold_anywhere_in_the_allowed_ranges(params, correction):
    result = hfs.run_model(params, Settings(correction=correction))
    death = hfs.background_death(params)
    for name, r in result.strategies.items():
        assert_chain_invariants(
            hfs.transition_matrix(params, name)[None], hfs.start_distribution(params, name)[None], death
        )
        assert_trace_invariants(r.trace)
        assert np.isfinite([r.costs, r.qalys, r.life_years, r.injections]).all()
        assert r.costs >= 0 and r.injections >= 0 and r.life_years >= 0


UTILITY_ONE = dict(
    u_cured=1.0,
    u_btx_on=1.0,
    u_uncontrolled=1.0,
    dis_btx_ae=0.0,
    dis_surgery=0.0,
    dis_hearing_loss=0.0,
    dis_facial_palsy=0.0,
    dis_stroke=0.0,
    discount_rate=0.0,
)


@settings(max_examples=15, deadline=None)
@given(
    st.floats(0.3, 1.0),
    st.floats(0.0, 0.2),
    st.floats(0.0, 0.5),
    st.floats(0.0, 0.05),
    st.sampled_from(markov.CORRECTIONS),
    st.integers(30, 90),
)
def test_qalys_equal_life_years_with_utility_one_and_no_discount(p_resp, r_fail, p_redo, p_death, correction, age0):
    p = Parameters(
        p_btx_response=p_resp,
        r_btx_fail_annual=r_fail,
        p_redo_given_failure=p_redo,
        p_mvd_death=p_death,
        age0=age0,
        **UTILITY_ONE,
    )
    for r in run(p, correction=correction).strategies.values():
        assert r.qalys == pytest.approx(r.life_years, rel=1e-12)


def test_severity_and_risk_attitude_knobs():
    base = run()
    assert base.strategies["mvd_now"].qalys == pytest.approx(run(Parameters(severity=1.0)).strategies["mvd_now"].qalys)
    milder = run(Parameters(severity=0.5))
    assert milder.strategies["botox_first"].qalys > base.strategies["botox_first"].qalys
    no_spasm_cost = run(Parameters(severity=0.0, p_btx_ae_session=0.0), ["botox_first"]).strategies["botox_first"]
    assert no_spasm_cost.qalys_undiscounted == pytest.approx(0.95 * no_spasm_cost.life_years, rel=1e-12)
    dread = run(Parameters(risk_attitude=3.0))
    loss = base.strategies["mvd_now"].qalys - dread.strategies["mvd_now"].qalys
    operations = base.strategies["mvd_now"].surgeries_discounted
    assert loss == pytest.approx(2 * 0.10 / 12 * (1 - 0.001) * operations, rel=1e-9)
    assert dread.strategies["botox_first"].qalys == base.strategies["botox_first"].qalys


# ---------------------------------------------------------------------------------------------
# analysis outputs


def test_compare_handles_dominance():
    rows = hfs.compare(["a", "b", "c", "d", "e"], [100, 50, 200, 150, 80], [5, 6, 4, 7, 4], reference="a", wtp=100)
    status = {r.strategy: r.status for r in rows}
    assert status == {
        "a": "reference",
        "b": "dominant",
        "c": "dominated",
        "d": "more costly, more effective",
        "e": "less costly, less effective",
    }
    d = next(r for r in rows if r.strategy == "d")
    assert d.icer == pytest.approx(25.0) and d.inc_nmb == pytest.approx(100 * 2 - 50)
    with pytest.raises(ValueError, match="reference"):
        hfs.compare(["a"], [1], [1], reference="z")


def test_efficiency_frontier_removes_strong_and_extended_dominance():
    rows = hfs.efficiency_frontier(["A", "B", "C", "D"], [0, 100, 150, 300], [0, 1, 1.2, 4])
    status = {r.strategy: r.status for r in rows}
    assert status == {"A": "frontier", "B": "extendedly dominated", "C": "extendedly dominated", "D": "frontier"}
    assert rows[-1].icer == pytest.approx(75.0)
    rows = hfs.efficiency_frontier(["A", "B"], [0, 10], [1, 0.5])
    assert [r.status for r in rows] == ["frontier", "dominated"]


def test_base_case_results_are_reasonable():
    result = run()
    bf, mvd, seq = (result.strategies[s] for s in hfs.STRATEGIES)
    expected_life = lifetable.life_expectancy(50, True)
    assert bf.life_years == pytest.approx(expected_life, rel=1e-3)  # no excess mortality without surgery
    assert mvd.life_years < bf.life_years  # perioperative deaths
    assert mvd.qalys > seq.qalys > bf.qalys
    assert bf.injections > 60 and mvd.injections < bf.injections
    assert 1.0 < mvd.surgeries < 1.2 and 0 < seq.surgeries < 1
    assert result.ages[0] == 50 and result.ages[-1] == pytest.approx(100)
    rows = {c.strategy: c for c in result.compare()}
    assert rows["mvd_now"].inc_qalys > 0 and rows["mvd_now"].icer is not None


def test_one_way_analysis():
    tornado = hfs.one_way(wtp=30_000)
    base = run(strategies=["botox_first", "mvd_now"])
    dq = base.strategies["mvd_now"].qalys - base.strategies["botox_first"].qalys
    dc = base.strategies["mvd_now"].costs - base.strategies["botox_first"].costs
    assert tornado.base_inc_qalys == pytest.approx(dq, rel=1e-10)
    assert tornado.base_inc_nmb == pytest.approx(30_000 * dq - dc, rel=1e-10)
    swings = [row.swing() for row in tornado.rows]
    assert swings == sorted(swings, reverse=True)
    with_range = {n for n, s in hfs.PARAMETER_SPECS.items() if s.low is not None}
    assert {row.name for row in tornado.rows} | set(tornado.skipped) == with_range
    row = next(r for r in tornado.rows if r.name == "c_btx_session")
    direct = run(Parameters(c_btx_session=70.0), ["botox_first", "mvd_now"])
    assert row.inc_costs_low == pytest.approx(
        direct.strategies["mvd_now"].costs - direct.strategies["botox_first"].costs, rel=1e-10
    )
    row = next(r for r in tornado.rows if r.name == "age0")
    direct = run(Parameters(age0=80.0), ["botox_first", "mvd_now"])
    assert row.inc_qalys_high == pytest.approx(
        direct.strategies["mvd_now"].qalys - direct.strategies["botox_first"].qalys, rel=1e-10
    )


@pytest.mark.parametrize("name", ["c_mvd", "p_btx_response", "u_cured", "p_redo_given_failure"])
def test_every_tornado_bar_equals_a_direct_run(name):
    """Variants that leave a chain unchanged share one walk in one_way: each bar must still be its own run."""
    spec = hfs.PARAMETER_SPECS[name]
    row = next(r for r in hfs.one_way(wtp=30_000).rows if r.name == name)
    for value, costs, qalys in (
        (spec.low, row.inc_costs_low, row.inc_qalys_low),
        (spec.high, row.inc_costs_high, row.inc_qalys_high),
    ):
        direct = run(Parameters(**{name: value}), ["botox_first", "mvd_now"])
        a, b = direct.strategies["mvd_now"], direct.strategies["botox_first"]
        assert costs == pytest.approx(a.costs - b.costs, rel=1e-10)
        assert qalys == pytest.approx(a.qalys - b.qalys, rel=1e-10)


def test_one_way_skips_values_that_break_a_constraint():
    tornado = hfs.one_way(Parameters(p_mvd_cure_12m=0.6), names=["p_mvd_immediate", "c_mvd"])
    assert "p_mvd_immediate" in tornado.skipped and [r.name for r in tornado.rows] == ["c_mvd"]


@pytest.mark.parametrize("n", [30, hfs._SPLIT_BATCH])
def test_psa_with_point_masses_equals_the_deterministic_run(n):
    """n=30: one engine call, identical chains share a walk; n=_SPLIT_BATCH: one call per strategy on
    the sparse batch path, Botox-first on its 5 reachable states."""
    fixed = {name: None for name in hfs.PARAMETER_SPECS}
    result = hfs.psa(n=n, seed=1, distributions=fixed)
    deterministic = run()
    for j, name in enumerate(result.strategies):
        np.testing.assert_allclose(result.costs[:, j], deterministic.strategies[name].costs, rtol=1e-12)
        np.testing.assert_allclose(result.qalys[:, j], deterministic.strategies[name].qalys, rtol=1e-12)
        np.testing.assert_allclose(result.life_years[:, j], deterministic.strategies[name].life_years, rtol=1e-12)
        np.testing.assert_allclose(result.injections[:, j], deterministic.strategies[name].injections, rtol=1e-12)


def test_psa_same_seed_same_result_and_sensible_summaries():
    a, b = hfs.psa(n=300, seed=42), hfs.psa(n=300, seed=42)
    np.testing.assert_array_equal(a.costs, b.costs)
    np.testing.assert_array_equal(a.qalys, b.qalys)
    np.testing.assert_array_equal(a.ceac, b.ceac)
    assert not np.array_equal(a.costs, hfs.psa(n=300, seed=43).costs)
    assert a.costs.shape == a.qalys.shape == (300, 3)
    assert a.ceac.shape == (len(a.wtp), 3)
    np.testing.assert_allclose(a.ceac.sum(axis=1), 1.0)
    inc_c, inc_q = a.incremental("mvd_now")
    assert inc_c.shape == (300,) and np.all(a.incremental("botox_first")[0] == 0)
    base = run()
    for name, means in a.mean().items():  # probabilistic means near the deterministic base case
        assert means["qalys"] == pytest.approx(base.strategies[name].qalys, rel=0.05)
        assert means["costs"] == pytest.approx(base.strategies[name].costs, rel=0.15)
    assert np.unique(a.draws["age0"]).tolist() == [50.0]


def test_psa_rejects_bad_requests():
    with pytest.raises(ValueError, match="seed must be a whole number"):
        hfs.psa(n=10, seed=None)
    with pytest.raises(ValueError, match="age0 cannot vary"):
        hfs.psa(n=10, seed=1, distributions={"age0": ("gamma", 50, 1)})
    with pytest.raises(ValueError, match="distribution of c_mvd"):
        hfs.psa(n=10, seed=1, distributions={"c_mvd": ("normal", 1, 2)})


def test_acceptability_curve_counts_the_best_strategy():
    costs = np.array([[0.0, 10.0], [0.0, 30.0]])
    qalys = np.array([[0.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(hfs.acceptability(costs, qalys, [0, 20, 40]), [[1, 0], [0.5, 0.5], [0, 1]])


def test_two_way_map_reuses_a_run_only_when_it_was_made_with_the_same_inputs():
    params = Parameters(age0=70.0)
    fresh = hfs.two_way_costs(params, session_costs=[600], mvd_costs=[27_000])
    same = hfs.two_way_costs(params, session_costs=[600], mvd_costs=[27_000], result=run(params))
    other = hfs.two_way_costs(params, session_costs=[600], mvd_costs=[27_000], result=run(Parameters(age0=40.0)))
    assert same.inc_costs[0, 0] == fresh.inc_costs[0, 0] == other.inc_costs[0, 0]


def test_two_way_map_matches_direct_runs():
    grid = hfs.two_way_costs(session_costs=[70, 600, 1500], mvd_costs=[15_000, 45_000])
    assert grid.inc_costs.shape == (2, 3)
    for i, c_mvd in enumerate(grid.mvd_costs):
        for j, c_session in enumerate(grid.session_costs):
            r = run(Parameters(c_mvd=c_mvd, c_btx_session=c_session), ["botox_first", "mvd_now"])
            expected = r.strategies["mvd_now"].costs - r.strategies["botox_first"].costs
            assert grid.inc_costs[i, j] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert grid.cost_saving[0, 2] and not grid.cost_saving[1, 0]
    undiscounted = hfs.two_way_costs(session_costs=[600], mvd_costs=[27_000], discounted=False)
    r = run(strategies=["botox_first", "mvd_now"])
    assert undiscounted.inc_costs[0, 0] == pytest.approx(
        r.strategies["mvd_now"].costs_undiscounted - r.strategies["botox_first"].costs_undiscounted, rel=1e-9
    )
    with pytest.raises(ValueError, match="session_costs"):
        hfs.two_way_costs(session_costs=[-5])


# ---------------------------------------------------------------------------------------------
# background mortality


def test_life_table_values_and_monthly_conversion():
    table = lifetable.life_table()
    assert table.ages[0] == 30 and table.ages[-1] == 100
    assert lifetable.annual_death_probability([50], female=True)[0] == pytest.approx(0.003935)
    assert lifetable.annual_death_probability([65.9], female=False)[0] == pytest.approx(0.019576)
    p = lifetable.death_probabilities(50, 12, female=True)
    np.testing.assert_allclose(p, 1 - (1 - 0.003935) ** MONTH)
    assert 1 - np.prod(1 - p) == pytest.approx(0.003935, rel=1e-12)  # a year of months gives q(x) back


def test_life_table_outside_its_ages():
    q = lifetable.annual_death_probability([18, 29.5, 99, 100, 110], female=False)
    assert q[0] == q[1] == pytest.approx(0.002569)  # held at age 30
    assert q[2] == q[3] == q[4] == pytest.approx(0.359544)  # "100 and older" (q = 1) is not used


def test_life_expectancy_close_to_the_published_table():
    assert lifetable.life_expectancy(50, female=True) == pytest.approx(32.1, abs=0.15)
    assert lifetable.life_expectancy(50, female=False) == pytest.approx(28.2, abs=0.15)


def test_parse_life_table_rejects_bad_files():
    with pytest.raises(ValueError, match="lacks the column"):
        lifetable.parse_life_table("age,qx\n30,0.1\n")
    with pytest.raises(ValueError, match="consecutive"):
        lifetable.parse_life_table("age,qx_female,qx_male\n30,0.1,0.1\n32,0.1,0.1\n")


def test_every_psa_draw_keeps_the_utilities_in_order_and_the_interval_above_the_label_minimum():
    """Issue 14, items 1 and 3: the note's independent Betas put about 6% of draws out of order and its
    Gamma put about 16% of intervals below the label's 12 weeks; the model draws gaps and an offset."""
    draws, _ = hfs.sample_parameters(Parameters(), 20_000, seed=7)
    assert (draws["u_uncontrolled"] < draws["u_btx_on"]).all() and (draws["u_btx_on"] < draws["u_cured"]).all()
    assert draws["btx_interval_months"].min() >= hfs.LABEL_MIN_INTERVAL_MONTHS
    assert hfs.LABEL_MIN_INTERVAL_MONTHS * hfs.WEEKS_PER_YEAR / 12 == pytest.approx(12.0)
    for name in ("u_btx_on", "u_uncontrolled", "btx_interval_months"):  # the means stay at the base case
        assert draws[name].mean() == pytest.approx(getattr(Parameters(), name), rel=0.01)
    # an override with independent utilities is capped back into order (and counted)
    overridden, n_changed = hfs.sample_parameters(
        Parameters(), 2_000, seed=7, distributions={"u_btx_on": ("beta", 2.0, 2.0)}
    )
    assert (overridden["u_btx_on"] <= overridden["u_cured"]).all() and n_changed > 0


def test_every_psa_input_has_its_spread_source_or_says_why_it_is_held_fixed():
    from widgets.treatment import parameters

    for name, spec in hfs.PARAMETER_SPECS.items():
        if spec.distribution is None:
            assert name in parameters.HELD_FIXED, name
        else:
            assert name in parameters.SPREAD, name


def test_the_ranges_cover_the_figures_issue_13_named():
    """Item 3: the remission range reaches DM-BTX-11's 41.3% over 12 years; item 4: p_mvd_immediate's
    range holds MVD-12's pooled 71.8%."""
    remission = hfs.PARAMETER_SPECS["r_spont_remission_annual"]
    assert remission.high >= hfs.REMISSION_RATE_DM_BTX_11 and 1 - math.exp(-12 * remission.high) >= 0.413
    immediate = hfs.PARAMETER_SPECS["p_mvd_immediate"]
    assert immediate.low <= 0.718 <= immediate.high


def test_no_toxin_is_charged_after_mvd_before_a_failure_is_known():
    """Issue 14: the POSTOP months (residual spasm, a late cure may still come) carry no toxin cost and no
    injections, and are valued as uncontrolled spasm; toxin is charged from a failure or a recurrence on."""
    p = Parameters(p_redo_given_failure=0.0, r_recur_annual=0.0, p_mvd_death=0.0)
    r = run(p, ["mvd_now"], horizon_years=1, mortality="none", correction="none")
    mvd = r.strategies["mvd_now"]
    assert mvd.injections == pytest.approx(0.0, abs=1e-12)  # nobody is known to have failed within the year
    assert mvd.costs == pytest.approx(p.c_mvd, rel=1e-12)
    chain = hfs._chain(hfs._values_from(p), "mvd_now")
    assert (chain.state["costs"][0, hfs.POSTOP] == 0).all() and (chain.state["injections"][0, hfs.POSTOP] == 0).all()
    assert (chain.state["qalys"][0, hfs.POSTOP] == chain.state["qalys"][0, hfs.UNC]).all()
    assert chain.state["costs"][0, hfs.BTX] > 0


# --- structural scenarios: inputs that change with time (issue 14, item 4) ---------------------------


@settings(max_examples=25, deadline=None)
@given(
    age0=st.sampled_from([30.0, 50.0, 80.0, 95.0]),
    female=st.sampled_from([0, 1]),
    remission=st.floats(0.0, 0.045),
    comp_cost=st.floats(0.0, 5_000.0),
)
def test_the_structural_path_equals_run_model_when_nothing_varies_with_time(age0, female, remission, comp_cost):
    params = Parameters(age0=age0, female=female, r_spont_remission_annual=remission, c_complication_perm=comp_cost)
    reference = hfs.run_model(params)
    totals = hfs.run_structural(params, strategies=hfs.STRATEGIES)
    for name, r in reference.strategies.items():
        t = totals[name]
        assert math.isclose(t["costs"], r.costs, rel_tol=1e-11, abs_tol=1e-7)
        assert math.isclose(t["qalys"], r.qalys, rel_tol=1e-11, abs_tol=1e-10)
        assert math.isclose(t["life_years"], r.life_years, rel_tol=1e-11)
        assert math.isclose(t["injections"], r.injections, rel_tol=1e-11, abs_tol=1e-10)
        assert math.isclose(t["surgeries"], r.surgeries, rel_tol=1e-11)


def test_a_waning_toxin_leaves_more_patients_uncontrolled_on_botox_first():
    base = hfs.run_structural(Parameters())["botox_first"]
    waning = hfs.run_structural(Parameters(), toxin_fail_doubling_years=10.0)["botox_first"]
    assert waning["injections"] < base["injections"] and waning["qalys"] < base["qalys"]
    # a very slow doubling is almost the constant rate
    slow = hfs.run_structural(Parameters(), toxin_fail_doubling_years=1000.0)["botox_first"]
    assert math.isclose(slow["qalys"], base["qalys"], rel_tol=1e-3)


def test_surgical_death_rising_with_age_is_the_base_risk_at_50_and_higher_later():
    at_50 = hfs.run_structural(Parameters(), surgical_death_rises_with_age=True)["mvd_now"]
    plain_50 = hfs.run_model(Parameters()).strategies["mvd_now"]
    # the first operation at 50 carries exactly p_mvd_death; only later redo operations carry more
    assert at_50["life_years"] < plain_50.life_years and math.isclose(
        at_50["life_years"], plain_50.life_years, rel_tol=1e-3
    )
    old = Parameters(age0=80.0)
    rising = hfs.run_structural(old, surgical_death_rises_with_age=True)["mvd_now"]
    q = lifetable.annual_death_probability([80.0, 50.0], True)
    flat = hfs.run_model(old.replace(p_mvd_death=round(0.001 * q[0] / q[1], 12))).strategies["mvd_now"]
    assert math.isclose(rising["life_years"], flat.life_years, rel_tol=1e-3)
    assert rising["life_years"] < hfs.run_model(old).strategies["mvd_now"].life_years
