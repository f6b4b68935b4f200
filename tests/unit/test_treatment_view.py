"""Lesson 4 widgets: each control changes its figure; bad input shows a message; static forms are complete."""

import pytest

from widgets.treatment import bench, model, outcomes, view

# --- one toxin cycle, then a year of them ---------------------------------------------------------------


def test_toxin_interval_moves_the_year_and_the_marker():
    toxin = view.ToxinCycles()
    year_y, marker, words = list(toxin.year_figure.data[0].y), toxin.interval_figure.data[1].x, toxin.summary.value
    assert "76%" in toxin.year_figure.layout.title.text
    toxin.interval.value = 25
    assert list(toxin.year_figure.data[0].y) != year_y
    assert toxin.interval_figure.data[1].x == (25.0,) and marker == (15.0,)
    assert "Every 25 weeks" in toxin.year_figure.layout.title.text and toxin.summary.value != words
    assert len(toxin.year_figure.data[2].x) == 3  # injections at weeks 0, 25 and 50


def test_toxin_duration_source_redraws_every_figure():
    toxin = view.ToxinCycles()
    before = [list(f.data[0].y) for f in (toxin.cycle_figure, toxin.interval_figure, toxin.year_figure)]
    toxin.source.value = "DM-BTX-02"  # 17.3 weeks
    after = [list(f.data[0].y) for f in (toxin.cycle_figure, toxin.interval_figure, toxin.year_figure)]
    assert all(a != b for a, b in zip(after, before))
    assert "17.3" in toxin.cycle_figure.layout.title.text
    assert toxin.cycle_figure.layout.shapes[0].x0 == 17.3


def test_toxin_static_form():
    form = view.ToxinCycles().static()
    assert len(form.figures) == 3 and len(form.alt) > 200 and len(form.rows) == len(outcomes.DURATION_SOURCES)
    assert all(fig.data[0].y for fig in form.figures)


# --- outcomes over time ---------------------------------------------------------------------------------


def test_cure_sliders_move_the_mvd_curve_and_window_rescales():
    over = view.OutcomesOverTime()
    mvd = list(over.curve_figure.data[0].y)
    over.p12.value = 0.80
    assert list(over.curve_figure.data[0].y) != mvd
    assert "80" in over.summary.value
    over.window.value = "First year"
    assert over.curve_figure.layout.xaxis.title.text == "months after the decision"
    assert len(over.curve_figure.data[0].x) == 13
    assert over.curve_figure.data[0].y[0] == pytest.approx(56.0, abs=0.1)
    assert over.curve_figure.data[0].y[12] == pytest.approx(80.0, abs=1.0)  # less early recurrences and deaths


def test_icon_arrays_show_every_risk_with_its_range():
    over = view.OutcomesOverTime(window="First year")
    titles = [a.text for a in over.icon_figure.layout.annotations]
    assert len(titles) == 8 and any("Hearing loss, lasting" in t for t in titles)
    assert any("37 in 100" in t for t in titles)  # patient-level side effects, observed
    assert sum(len(over.icon_figure.data[i].x) for i in range(3)) == 800  # 8 panels of 100
    assert len(over.icon_figure.data[1].x) == 2 + 1 + 10 + 1 + 0 + 0 + 15 + 37
    over.window.value = "20 years"
    assert over.curve_figure.layout.xaxis.range[1] == pytest.approx(20.4)


def test_immediate_above_12_month_cure_shows_a_message_not_an_exception():
    over = view.OutcomesOverTime()
    curve = list(over.curve_figure.data[0].y)
    over.p12.value = 0.60
    over.p_imm.value = 0.65
    assert "cannot be used" in over.message.value and "p_mvd_immediate" in over.message.value
    over.p12.value = 0.90
    assert over.message.value == ""
    assert list(over.curve_figure.data[0].y) != curve


def test_outcomes_static_form():
    form = view.OutcomesOverTime().static()
    assert len(form.figures) == 3 and len(form.alt) > 200 and len(form.rows) == 8
    assert form.figures[0].layout.xaxis.title.text == "months after the decision"


# --- decide for this patient ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decide():
    return view.DecideForPatient()


def test_age_changes_the_words_numbers_and_figures(decide):
    words, numbers = decide.summary.value, decide.numbers.value
    costs = list(decide.cost_figure.data[1].y)
    tornado = list(decide.tornado_figure.data[0].x)
    decide.age.value = 75
    assert "aged 75" in decide.summary.value and decide.summary.value != words and decide.numbers.value != numbers
    assert list(decide.cost_figure.data[1].y) != costs
    assert list(decide.tornado_figure.data[0].x) != tornado
    assert "no break-even by age 100" in decide.cost_figure.layout.title.text  # at 75 with the US default price
    decide.age.value = 50


def test_session_cost_moves_the_map_marker_and_break_even(decide):
    z, be = list(decide.map_figure.data[0].z), decide.result.break_even_years(discounted=False)
    decide.session.value = 1500
    assert decide.map_figure.data[2].x == (1500.0,)
    assert decide.result.break_even_years(discounted=False) < be
    assert list(decide.map_figure.data[0].z) == z  # the map depends on the patient, not on the chosen price
    decide.presets[0].click()  # European toxin price
    assert decide.session.value == 70
    assert decide.result.break_even_years(discounted=False) is None
    assert "no break-even" in decide.cost_figure.layout.title.text
    decide.session.value = 600


def test_costs_view_toggles_discounting(decide):
    title = decide.cost_figure.layout.title.text
    decide.costs_view.value = False
    assert "plain money" in decide.cost_figure.layout.title.text and decide.cost_figure.layout.title.text != title
    assert "(undiscounted)" in decide.map_figure.layout.title.text
    decide.costs_view.value = True


def test_psa_runs_behind_the_button_and_goes_stale(decide):
    assert not decide.plane_figure.data[0].x
    decide.run_psa.click()
    assert len(decide.plane_figure.data[0].x) == view.PSA_DRAWS
    assert len(decide.ceac_figure.data[0].y) == 101
    assert "1,000 draws" in decide.psa_status.value and "seed 2024" in decide.plane_figure.layout.title.text
    first = list(decide.plane_figure.data[0].x)
    decide.severity.value = 1.5
    assert "out of date" in decide.plane_figure.layout.title.text and "changed" in decide.psa_status.value
    decide.run_psa.click()
    assert "out of date" not in decide.plane_figure.layout.title.text
    assert list(decide.plane_figure.data[0].x) != first
    decide.severity.value = 1.0


def test_same_seed_same_psa(decide):
    decide.run_psa.click()
    first = list(decide.plane_figure.data[0].y)
    decide.run_psa.click()
    assert list(decide.plane_figure.data[0].y) == first
    decide.seed.value = 7
    decide.run_psa.click()
    assert list(decide.plane_figure.data[0].y) != first
    decide.seed.value = view.PSA_SEED


def test_defaults_table_labels_sources_currency_and_year():
    table = view.defaults_table()
    for spec in model.PARAMETER_SPECS.values():
        assert spec.label.split(" (")[0].replace("&", "&amp;") in table
    assert table.count("USD, price year not stated") == 3
    assert "assumption" in table and "L4" not in table  # labels, not raw ids


def test_decide_static_form():
    form = view.DecideForPatient().static()
    assert len(form.figures) == 5 and len(form.alt) > 200 and len(form.rows) == 3
    assert len(form.figures[3].data[0].x) == view.PSA_DRAWS


def test_bench_cases_run():
    cases = bench.bench_cases()
    assert len(cases) == 11  # with the EVPI from an existing PSA
    for case in cases:
        case[1]()
    assert cases[-1][2] >= 1


def test_partial_repaints_match_a_fresh_computation():
    """Prices move only the map's marker and severity skips the costs: the figures must still be right."""
    import numpy as np

    d = view.DecideForPatient()
    d.age.value, d.session.value, d.mvd.value, d.severity.value = 63, 900, 35_000, 1.5
    params = d._params()
    assert np.allclose(np.array(d.map_figure.data[0].z), np.round(view.two_way(params).inc_costs / 1000, 2))
    fresh = model.run_model(params).strategies["mvd_now"].cumulative_cost
    assert np.allclose(np.array(d.cost_figure.data[1].y), np.round(fresh[::6] / 1000, 3))


def test_acceptability_frontier_beside_the_curves_and_evpi_in_words():
    """Issue 14, item 5: the CEAF (the strategy with the highest expected net benefit) is drawn last,
    beside the three curves, and the PSA summary names the per-patient EVPI."""
    form = view.DecideForPatient().static()
    ceac = form.figures[4]
    frontier = ceac.data[-1]
    assert len(ceac.data) == 4 and frontier.name.startswith("Acceptability frontier")
    at = list(frontier.x).index(30.0)
    assert frontier.text[at] == "MVD now" and frontier.y[at] == ceac.data[1].y[at]  # MVD now's own curve there
    from widgets.treatment.view.decide_figures import psa_words

    result = model.psa(n=200, seed=1)
    assert "perfect information" in psa_words(result)


def test_the_lessons_new_tables_render_without_ids_in_their_text():
    """Lesson 5's 'how sure', scenario and value-of-information tables, and lesson 4's utility-gap table."""
    from widgets.treatment.view import tables

    for html_text in (tables.psa_inputs_table(n=200), tables.scenario_table(), tables.utility_gap_table((0.1, 0.0))):
        assert "<table" in html_text and "Traceback" not in html_text
    inputs = tables.psa_inputs_table(n=200)
    assert inputs.count("<svg") == sum(s.distribution is not None for s in model.PARAMETER_SPECS.values())
    for raw in ("DM-UTIL", "MVD-12", "BTD-31", "L4-"):
        assert raw not in inputs.split("</table>")[0].split("<tbody>")[1].replace("hfs-", ""), raw
