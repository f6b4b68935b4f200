"""Model outputs that lesson 4's prose and its instructor notes state in words or numbers.

The prose cannot call the model, so each statement is pinned here: if the model or an input
changes, this test names the sentence to rewrite (lessons/04-botox-vs-mvd.md, "Reveal" blocks;
lessons/instructor/04-botox-vs-mvd.md, "Model numbers below ...").
"""
import pytest

from widgets.treatment import model, outcomes, view

BASE = model.Parameters()  # a 50-year-old woman, US default prices
US, EUROPE, HIGH = (outcomes.PRICE_PRESETS[k] for k in ("US default", "European toxin price", "High US price"))


def mvd_against_botox(params):
    result = model.run_model(params)
    return {c.strategy: c for c in result.compare()}["mvd_now"], result


def mvd_share(params) -> float:
    """Share of the lesson's PSA draws in which MVD now is best at 30,000 USD per QALY."""
    result = model.psa(params, n=view.PSA_DRAWS, seed=view.PSA_SEED, distributions=outcomes.psa_cost_distributions(params))
    row = list(result.wtp).index(model.DEFAULT_WTP)
    return float(result.ceac[row, result.strategies.index("mvd_now")])


def test_section_1_toxin_year():
    """'about three quarters of the year controlled' (every 15 weeks); 'about half' (every 25 weeks)."""
    cycle = outcomes.ToxinCycle()
    at_15, at_25 = outcomes.controlled_fraction_curve(cycle, [15, 25])
    assert 0.70 <= at_15 <= 0.80 and 0.40 <= at_25 <= 0.55
    # instructor notes: 76%, 46%, 3.5 injections a year, 100% up to about 11 weeks, 65% with 17.3 weeks
    assert round(100 * at_15) == 76 and round(100 * at_25) == 46
    assert round(outcomes.injections_per_year(15), 1) == 3.5 and round(cycle.controlled_weeks()) == 11
    longest = outcomes.ToxinCycle(duration_weeks=outcomes.DURATION_SOURCES["DM-BTX-02"])
    assert round(100 * outcomes.controlled_fraction_curve(longest, [25])[0]) == 65


def test_section_3_break_even():
    """US default: 'more than two decades in plain money, never by age 100 discounted'; Europe: never;
    high US price: 'within a decade'. Instructor notes: 24.5, 7.3 and 8.3 years."""
    plain = outcomes.break_even_grid([50], [US, EUROPE, HIGH])[0]
    discounted = outcomes.break_even_grid([50], [US, EUROPE, HIGH], discounted=True)[0]
    assert 20 < plain[0] < 30 and discounted[0] is None
    assert plain[1] is None and discounted[1] is None
    assert plain[2] < 10 and discounted[2] < 10
    assert (round(plain[0], 1), round(plain[2], 1), round(discounted[2], 1)) == (24.5, 7.3, 8.3)


def test_section_3_age():
    """'fewer [QALYs], not a different direction'; instructor notes: about 2.1 QALYs at 50 and 1.0 at 75,
    ICER about 2,160 and 14,300 USD per QALY."""
    at_50, _ = mvd_against_botox(BASE)
    at_75, _ = mvd_against_botox(BASE.replace(age0=75.0))
    assert 0 < at_75.inc_qalys < at_50.inc_qalys
    assert (round(at_50.inc_qalys, 1), round(at_75.inc_qalys, 1)) == (2.1, 1.0)
    assert round(at_50.icer, -1) == 2160 and round(at_75.icer, -2) == 14300


def test_section_4_tornado():
    """'The price of a toxin session and the utilities swing the net benefit most'; 'no single range flips
    the choice at the default willingness to pay'."""
    tornado = model.one_way(BASE, names=view.TORNADO_PARAMETERS)
    assert [row.name for row in tornado.rows[:5]] == ["c_btx_session", "u_btx_on", "u_cured", "c_mvd", "u_uncontrolled"]
    assert all(row.inc_nmb_low > 0 and row.inc_nmb_high > 0 for row in tornado.rows)


@pytest.mark.parametrize("age, low, high", [(50, 0.95, 1.0), (80, 0.5, 0.85)])
def test_section_4_psa_shares(age, low, high):
    """'nearly every draw' at 50; 'most draws but far from all' at 80 (notes: about 98% and 68%)."""
    assert low <= mvd_share(BASE.replace(age0=float(age))) <= high


def test_section_4_european_price():
    """'With European prices surgery costs more over a lifetime, but it still buys QALYs at a modest price
    per QALY' (notes: MVD best in about 84% of draws)."""
    europe = BASE.replace(c_btx_session=float(EUROPE))
    comparison, result = mvd_against_botox(europe)
    assert result.strategies["mvd_now"].costs > result.strategies["botox_first"].costs
    assert 0 < comparison.icer < model.DEFAULT_WTP
    assert round(100 * mvd_share(europe)) == 84


def test_section_4_break_even_price():
    """'close to the US default of 600 USD per session: a little above it with discounting, a little below
    it in plain money' (notes: about 710 and 500)."""
    discounted = outcomes.break_even_session_price(BASE)
    plain = outcomes.break_even_session_price(BASE, discounted=False)
    assert US < discounted < 800 and 400 < plain < US
    assert round(discounted, -1) == 710 and round(plain, -2) == 500
