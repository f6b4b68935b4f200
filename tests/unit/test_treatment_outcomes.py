"""Lesson 4 helpers: the toxin cycle, icon-array counts, the PSA price spread, plain words, tornado bars."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import evidence
from widgets.treatment import model, outcomes

# --- one toxin cycle ---------------------------------------------------------------------------------


def test_default_cycle_uses_the_cited_figures():
    cycle = outcomes.ToxinCycle()
    assert cycle.duration_weeks == 12.6  # BTX-07
    assert cycle.onset_weeks == pytest.approx(5.4 / 7)  # BTX-10
    assert cycle.peak_relief == 0.77  # BTX-08
    for source in outcomes.DURATION_SOURCES:
        evidence.store().get(source)
    assert outcomes.DURATION_SOURCES["BTD-33"] == evidence.store().get("BTD-33").value
    assert outcomes.DURATION_SOURCES["BTX-14"] == evidence.store().get("BTX-14").value


def test_effect_curve_landmarks():
    cycle = outcomes.ToxinCycle()
    before, onset, peak, plateau, duration, end = cycle.effect(
        [-1.0, cycle.onset_weeks, cycle.peak_weeks, 6.0, cycle.duration_weeks, cycle.end_weeks + 0.1]
    )
    assert before == 0 and onset == 0 and end == 0
    assert peak == pytest.approx(0.77) and plateau == pytest.approx(0.77)
    assert duration == pytest.approx(0.77 / 2)  # half the peak at the reported duration


@settings(max_examples=40, deadline=None)
@given(duration=st.floats(6.0, 30.0), onset=st.floats(0.2, 1.2), wane=st.floats(0.5, 8.0), peak=st.floats(0.2, 1.0))
def test_effect_rises_then_falls_and_stays_in_range(duration, onset, wane, peak):
    cycle = outcomes.ToxinCycle(
        duration_weeks=duration, onset_weeks=onset, peak_weeks=onset + 0.7, wane_weeks=wane, peak_relief=peak
    )
    t = np.linspace(0, cycle.end_weeks + 2, 800)
    e = cycle.effect(t)
    assert (e >= 0).all() and (e <= peak + 1e-12).all()
    top = int(np.argmax(e))
    assert (np.diff(e[: top + 1]) >= -1e-12).all() and (np.diff(e[top:]) <= 1e-12).all()


def test_controlled_weeks_closed_form_matches_the_grid():
    cycle = outcomes.ToxinCycle()
    t = np.linspace(0, cycle.end_weeks, 200_001)
    measured = (cycle.effect(t) >= 0.5 * cycle.peak_relief).mean() * cycle.end_weeks
    assert cycle.controlled_weeks() == pytest.approx(measured, abs=1e-3)
    assert cycle.controlled_weeks(0.25) > cycle.controlled_weeks() > cycle.controlled_weeks(0.75)


@pytest.mark.parametrize("interval", [8, 11, 12, 15, 20, 25.2, 30])
def test_controlled_fraction_is_min_one_window_over_interval(interval):
    cycle = outcomes.ToxinCycle()
    closed = min(1.0, cycle.controlled_weeks() / interval)
    assert outcomes.controlled_fraction(cycle, interval) == pytest.approx(closed, abs=2e-3)
    assert outcomes.controlled_fraction_curve(cycle, [interval])[0] == pytest.approx(closed)


def test_longer_gaps_and_shorter_effects_leave_more_weeks_uncontrolled():
    grid = np.arange(8, 31)
    short, long = outcomes.ToxinCycle(duration_weeks=12.0), outcomes.ToxinCycle(duration_weeks=17.3)
    f_short, f_long = outcomes.controlled_fraction_curve(short, grid), outcomes.controlled_fraction_curve(long, grid)
    assert (np.diff(f_short) <= 0).all() and (f_long >= f_short).all()
    # the real-world gap of 5.8 months leaves the spasm back for much of the year
    assert outcomes.controlled_fraction_curve(outcomes.ToxinCycle(), [outcomes.REAL_WORLD_INTERVAL_WEEKS])[0] < 0.5


def test_a_year_of_injections():
    cycle = outcomes.ToxinCycle()
    shots = outcomes.injection_weeks(15)
    assert shots.tolist() == [0, 15, 30, 45]
    assert outcomes.injections_per_year(15) == pytest.approx(52.1786 / 15, abs=1e-4)
    t = np.linspace(0, 52, 521)
    first_year = outcomes.repeated_effect(cycle, 15, t, steady=False)
    assert first_year[0] == 0 and first_year.max() == pytest.approx(0.77)
    # overlapping cycles do not add: every 8 weeks the relief never exceeds one injection's peak
    steady = outcomes.repeated_effect(cycle, 8, t)
    assert steady.max() <= 0.77 + 1e-12 and steady.min() > 0.5 * 0.77


def test_hfs30_relief_is_the_studys_arithmetic():
    weeks, relief = outcomes.hfs30_relief()
    assert weeks.tolist() == [2, 4, 8, 12]
    assert relief == pytest.approx([1 - 9.63 / 48.88, 1 - 7.71 / 48.88, 1 - 9.41 / 48.88, 1 - 35.06 / 48.88])


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(duration_weeks=3.0), "duration_weeks"),
        (dict(onset_weeks=-1.0), "onset_weeks"),
        (dict(peak_relief=1.5), "peak_relief"),
        (dict(wane_weeks=0.0), "wane_weeks"),
        (dict(onset_weeks=2.0, peak_weeks=1.0), "peak_weeks"),
    ],
)
def test_bad_cycle_raises_value_error_naming_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        outcomes.ToxinCycle(**kwargs)


def test_bad_intervals_and_shares():
    cycle = outcomes.ToxinCycle()
    with pytest.raises(ValueError, match="interval_weeks must be between 4 and 52"):
        outcomes.controlled_fraction(cycle, 2)
    with pytest.raises(ValueError, match="interval_weeks"):
        outcomes.controlled_fraction_curve(cycle, [10, 60])
    with pytest.raises(ValueError, match="share"):
        outcomes.controlled_fraction(cycle, 10, share=1.5)


# --- icon arrays ---------------------------------------------------------------------------------------


def test_icon_counts_and_words():
    assert [outcomes.icon_count(p) for p in (0.023, 0.009, 0.095, 0.001, 0.15, 0.005)] == [2, 1, 10, 0, 15, 1]
    assert outcomes.icon_count(0.001, 1000) == 1
    assert outcomes.risk_in_words(0.15) == "about 15 in 100"
    assert outcomes.risk_in_words(0.009) == "about 9 in 1,000"
    assert outcomes.risk_in_words(0.001) == "about 1 in 1,000"
    assert outcomes.risk_in_words(0.0002) == "fewer than 1 in 1,000"
    assert outcomes.risk_in_words(0.999) == "more than 99 in 100"
    assert outcomes.risk_in_words(0) == "none"
    xs, ys = outcomes.icon_grid(100, 10)
    assert len(xs) == 100 and set(xs) == set(range(10)) and ys.min() == -9 and ys.max() == 0


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: outcomes.icon_count(1.2), "p must be between 0 and 1"),
        (lambda: outcomes.icon_count(0.1, 0), "n must be"),
        (lambda: outcomes.icon_grid(10, 0), "per_row"),
        (lambda: outcomes.risk_in_words(-0.1), "p must be"),
        (lambda: outcomes.at_least_once(0.1, -1), "times"),
    ],
)
def test_icon_helpers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_side_effect_at_least_once_over_years():
    assert outcomes.at_least_once(0.15, 1) == pytest.approx(0.15)
    one_year = outcomes.at_least_once(0.15, 12 / 3.5)
    assert 0.4 < one_year < 0.45
    assert outcomes.at_least_once(0.15, 10 * 12 / 3.5) > 0.99


def test_treatment_risks_carry_their_evidence_and_range():
    risks = outcomes.treatment_risks()
    assert [r.key for r in risks][-1] == "p_btx_ae_session"
    for r in risks:
        entry = evidence.store().get(r.evidence_id)
        assert entry.value == pytest.approx(r.probability)
        assert r.high is None or r.high >= r.probability


# --- knobs and PSA prices -------------------------------------------------------------------------------


def test_knob_choices_are_allowed_model_values():
    for value in outcomes.SEVERITY_CHOICES.values():
        model.Parameters(severity=value)
    for value in outcomes.RISK_ATTITUDE_CHOICES.values():
        model.Parameters(risk_attitude=value)
    for value in outcomes.PRICE_PRESETS.values():
        model.Parameters(c_btx_session=value)
    assert outcomes.SEVERITY_CHOICES["Moderate (base case)"] == 1.0


def test_psa_prices_are_centred_on_the_chosen_prices_with_the_tables_spread():
    params = model.Parameters(c_btx_session=70.0, c_mvd=20_000.0)
    dists = outcomes.psa_cost_distributions(params)
    kind, shape, scale = dists["c_btx_session"]
    assert kind == "gamma" and shape == model.PARAMETER_SPECS["c_btx_session"].distribution[1]
    assert shape * scale == pytest.approx(70.0)
    assert np.prod(dists["c_mvd"][1:]) == pytest.approx(20_000.0)
    draws, _ = model.sample_parameters(params, 4000, seed=3, distributions=dists)
    assert draws["c_btx_session"].mean() == pytest.approx(70.0, rel=0.03)
    with pytest.raises(ValueError, match="distribution must be"):
        outcomes.rescaled_gamma(("beta", 1, 2), 5.0)
    with pytest.raises(ValueError, match="mean"):
        outcomes.rescaled_gamma(("gamma", 9.0, 66.7), -1.0)


# --- plain words -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_result():
    return model.run_model()


def test_state_years_add_up_to_life_years(base_result):
    for r in base_result.strategies.values():
        years = outcomes.state_years(r.trace)
        assert years["alive"] == pytest.approx(r.life_years, rel=1e-9)
        assert years["spasm_free"] + years["on_toxin"] + years["with_spasm"] == pytest.approx(years["alive"])
    with pytest.raises(ValueError, match="trace must have shape"):
        outcomes.state_years(np.ones((3, 2)))


def test_decision_summary_states_the_numbers(base_result):
    text = " ".join(outcomes.decision_summary(base_result))
    mvd = base_result.strategies["mvd_now"]
    assert "aged 50" in text and f"{mvd.injections:.0f} after MVD now" in text
    assert "per QALY gained" in text and "pays for itself after about 23.7 years" in text
    assert "not before age 100" in text  # discounted: no break-even by the end of the model
    cheap_surgery = model.run_model(model.Parameters(c_btx_session=1500, c_mvd=15_000))
    assert "dominates Botox first" in " ".join(outcomes.decision_summary(cheap_surgery))
    with pytest.raises(ValueError, match="wtp"):
        outcomes.decision_summary(base_result, wtp=-1)
    with pytest.raises(ValueError, match="botox_first"):
        outcomes.decision_summary(model.run_model(strategies=("mvd_now",)))


def test_tornado_bars_are_sorted_and_flag_a_flip():
    result = model.one_way(names=["c_btx_session", "u_cured", "p_mvd_death"])
    bars = outcomes.tornado_bars(result, top=2, scale=1000)
    assert len(bars.labels) == 2 and bars.labels[0].startswith("Cost of a Botox session")
    assert bars.labels[0].endswith("<br>70–1,500 USD") and bars.base == pytest.approx(result.base_inc_nmb / 1000)
    swings = [abs(h - lo) for lo, h in zip(bars.low, bars.high)]
    assert swings == sorted(swings, reverse=True)
    low_wtp = model.one_way(names=["c_btx_session"], wtp=2_000)
    assert outcomes.tornado_bars(low_wtp).flips  # at a low willingness to pay the price range flips the choice
    with pytest.raises(ValueError, match="top"):
        outcomes.tornado_bars(result, top=0)


def test_break_even_line_is_where_the_map_changes_sign():
    params = model.Parameters()
    grid = model.two_way_costs(params)
    xs, ys = outcomes.break_even_line(grid.session_costs, grid.mvd_costs, grid.inc_costs)
    assert xs and len(xs) == len(ys)
    for x, y in zip(xs[::5], ys[::5]):
        at = model.two_way_costs(params, session_costs=[x], mvd_costs=[y]).inc_costs[0, 0]
        assert abs(at) < 1.0  # USD: exact up to rounding, the cost is linear in the MVD cost
    with pytest.raises(ValueError, match="inc_costs must have shape"):
        outcomes.break_even_line([1, 2], [3, 4, 5], np.zeros((2, 2)))


@pytest.mark.parametrize("discounted", [True, False])
def test_break_even_session_price_is_where_the_costs_are_equal(discounted):
    params = model.Parameters(age0=60.0, c_mvd=30_000.0)
    price = outcomes.break_even_session_price(params, discounted=discounted)
    at = model.two_way_costs(params, session_costs=[price], mvd_costs=[params.c_mvd], discounted=discounted).inc_costs[
        0, 0
    ]
    assert abs(at) < 1e-6 * params.c_mvd
    # five years left and a very costly operation: no allowed session price (up to 20,000 USD) makes them equal
    assert outcomes.break_even_session_price(model.Parameters(age0=95.0, c_mvd=500_000.0)) is None
