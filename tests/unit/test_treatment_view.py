"""Lesson 4 widgets: each control changes its figure; bad input shows a message; static forms are complete."""

import re

import pytest

from widgets.treatment import bench, model, outcomes, view
from widgets.treatment.view import decide_figures as df
from widgets.treatment.view import over_time as ot
from widgets.treatment.view import toxin as tx
from widgets.ui.charts import trace

MVD_NOW = model.STRATEGY_LABELS["mvd_now"]

# --- one toxin cycle, then a year of them ---------------------------------------------------------------


def test_toxin_interval_moves_the_year_and_the_marker():
    toxin = view.ToxinCycles()
    year, star = trace(toxin.year_figure, tx.YEAR_RELIEF), trace(toxin.interval_figure, tx.YOUR_INTERVAL)
    year_y, marker, words = list(year.y), star.x, toxin.summary.value
    assert "76%" in toxin.year_figure.layout.title.text
    toxin.interval.value = 25
    assert list(year.y) != year_y
    assert star.x == (25.0,) and marker == (15.0,)
    assert "Every 25 weeks" in toxin.year_figure.layout.title.text and toxin.summary.value != words
    assert len(trace(toxin.year_figure, tx.YEAR_SHOTS).x) == 3  # injections at weeks 0, 25 and 50


def test_toxin_duration_source_redraws_every_figure():
    toxin = view.ToxinCycles()
    lines = [
        trace(toxin.cycle_figure, tx.CYCLE_MODEL),
        trace(toxin.interval_figure, tx.SHARE_CURVE),
        trace(toxin.year_figure, tx.YEAR_RELIEF),
    ]
    before = [list(line.y) for line in lines]
    toxin.source.value = "DM-BTX-02"  # 17.3 weeks
    after = [list(line.y) for line in lines]
    assert all(a != b for a, b in zip(after, before))
    assert "17.3" in toxin.cycle_figure.layout.title.text
    assert toxin.cycle_figure.layout.shapes[0].x0 == 17.3


def test_toxin_static_form():
    form = view.ToxinCycles().static()
    assert len(form.figures) == 3 and len(form.alt) > 200 and len(form.rows) == len(outcomes.DURATION_SOURCES)
    names = (tx.CYCLE_MODEL, tx.SHARE_CURVE, tx.YEAR_RELIEF)
    assert all(trace(fig, name).y for fig, name in zip(form.figures, names))


# --- outcomes over time ---------------------------------------------------------------------------------


def test_cure_sliders_move_the_mvd_curve_and_window_rescales():
    over = view.OutcomesOverTime()
    curve = trace(over.curve_figure, ot.CURVES["mvd_free"])
    mvd = list(curve.y)
    over.p12.value = 0.80
    assert list(curve.y) != mvd
    assert "80" in over.summary.value
    over.window.value = "First year"
    assert over.curve_figure.layout.xaxis.title.text == "months after the decision"
    assert len(curve.x) == 13
    assert curve.y[0] == pytest.approx(56.0, abs=0.1)
    assert curve.y[12] == pytest.approx(80.0, abs=1.0)  # less early recurrences and deaths


def test_icon_arrays_show_every_risk_with_its_range():
    over = view.OutcomesOverTime(window="First year")
    titles = [a.text for a in over.icon_figure.layout.annotations]
    assert len(titles) == 8 and any("Hearing loss, lasting" in t for t in titles)
    assert any("37 in 100" in t for t in titles)  # patient-level side effects, observed
    assert sum(len(trace(over.icon_figure, name).x) for name in ot.ICONS.values()) == 800  # 8 panels of 100
    assert len(trace(over.icon_figure, ot.ICONS["affected"]).x) == 2 + 1 + 10 + 1 + 0 + 0 + 15 + 37
    over.window.value = "20 years"
    assert over.curve_figure.layout.xaxis.range[1] == pytest.approx(20.4)


def test_immediate_above_12_month_cure_shows_a_message_not_an_exception():
    over = view.OutcomesOverTime()
    line = trace(over.curve_figure, ot.CURVES["mvd_free"])
    curve = list(line.y)
    over.p12.value = 0.60
    over.p_imm.value = 0.65
    assert "cannot be used" in over.message.value and "p_mvd_immediate" in over.message.value
    over.p12.value = 0.90
    assert over.message.value == ""
    assert list(line.y) != curve


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
    costs = list(trace(decide.cost_figure, MVD_NOW).y)
    tornado = list(trace(decide.tornado_figure, df.TORNADO_LOW).x)
    decide.age.value = 75
    assert "aged 75" in decide.summary.value and decide.summary.value != words and decide.numbers.value != numbers
    assert list(trace(decide.cost_figure, MVD_NOW).y) != costs
    assert list(trace(decide.tornado_figure, df.TORNADO_LOW).x) != tornado
    assert "no break-even by age 100" in decide.cost_figure.layout.title.text  # at 75 with the US default price
    decide.age.value = 50


def test_session_cost_moves_the_map_marker_and_break_even(decide):
    heat, star = trace(decide.map_figure, df.MAP_HEAT), trace(decide.map_figure, df.MAP_PATIENT)
    z, be = list(heat.z), decide.result.break_even_years(discounted=False)
    decide.session.value = 1500
    assert star.x == (1500.0,)
    assert decide.result.break_even_years(discounted=False) < be
    assert list(heat.z) == z  # the map depends on the patient, not on the chosen price
    decide.presets[0].click()  # European toxin price
    assert decide.session.value == outcomes.PRICE_PRESETS["European toxin price"]
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
    draws = trace(decide.plane_figure, df._draws("mvd_now"))
    assert not draws.x and {c.layout.display for c in decide.psa_cells} == {"none"}  # no empty chart before a PSA
    decide.run_psa.click()
    assert len(draws.x) == view.PSA_DRAWS and {c.layout.display for c in decide.psa_cells} == {""}
    assert len(trace(decide.ceac_figure, model.STRATEGY_LABELS["botox_first"]).y) == 101
    assert "1,000 draws" in decide.psa_status.value and "seed 2024" in decide.plane_figure.layout.title.text
    first = list(draws.x)
    decide.severity.value = 1.5
    assert "out of date" in decide.plane_figure.layout.title.text and "changed" in decide.psa_status.value
    decide.run_psa.click()
    assert "out of date" not in decide.plane_figure.layout.title.text
    assert list(draws.x) != first
    decide.severity.value = 1.0


def test_same_seed_same_psa(decide):
    draws = trace(decide.plane_figure, df._draws("mvd_now"))
    decide.run_psa.click()
    first = list(draws.y)
    decide.run_psa.click()
    assert list(draws.y) == first
    decide.seed.value = 7
    decide.run_psa.click()
    assert list(draws.y) != first
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
    assert len(trace(form.figures[3], df._draws("mvd_now")).x) == view.PSA_DRAWS


def test_bench_cases_run():
    cases = bench.bench_cases()
    assert len(cases) >= 11  # with the EVPI from an existing PSA (other model cases may join)
    for case in cases:
        case[1]()
    assert cases[-1][2] >= 1


def test_partial_repaints_match_a_fresh_computation():
    """Prices move only the map's marker and severity skips the costs: the figures must still be right."""
    import numpy as np

    d = view.DecideForPatient()
    d.age.value, d.session.value, d.mvd.value, d.severity.value = 63, 900, 35_000, 1.5
    params = d._params()
    heat = trace(d.map_figure, df.MAP_HEAT)
    assert np.allclose(np.array(heat.z), np.round(view.two_way(params).inc_costs / 1000, 2))
    fresh = model.run_model(params).strategies["mvd_now"].cumulative_cost
    assert np.allclose(np.array(trace(d.cost_figure, MVD_NOW).y), np.round(fresh[::6] / 1000, 3))


def test_acceptability_frontier_beside_the_curves_and_evpi_in_words():
    """Issue 14, item 5: the CEAF (the strategy with the highest expected net benefit) is drawn last,
    beside the three curves, and the PSA summary names the per-patient EVPI."""
    form = view.DecideForPatient().static()
    ceac = form.figures[4]
    frontier = trace(ceac, df.CEAF_NAME)
    assert len(ceac.data) == 4 and ceac.data[-1] is frontier  # drawn last, over the three curves
    at = list(frontier.x).index(30.0)
    assert frontier.text[at] == "MVD now" and frontier.y[at] == trace(ceac, MVD_NOW).y[at]  # MVD now's own curve
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


# --- issue 21: figures a student can read, charts beside their controls --------------------------------


def _texts(fig) -> list[str]:
    """Every text a chart draws: title, axis titles, annotations, trace names and text labels."""
    layout = fig.layout
    found = [layout.title.text or "", layout.xaxis.title.text or "", layout.yaxis.title.text or ""]
    found += [a.text or "" for a in layout.annotations]
    for t in fig.data:
        found.append(t.name or "")
        text = getattr(t, "text", None)
        found += [str(x) for x in text] if isinstance(text, (list, tuple)) else [str(text or "")]
        found += [str(y) for y in (t.y or ())] if t.type == "bar" else []
    return found


def test_no_internal_evidence_ids_in_any_chart_text():
    from widgets import evidence

    ids = re.compile(r"\b(?:" + "|".join(re.escape(i) for i in evidence.store().entries) + r")\b")
    views = [view.ToxinCycles(), view.OutcomesOverTime(), view.DecideForPatient()]
    figures = [fig for v in views for fig, _ in v.figures()]
    figures += [fig for v in views for fig in v.static().figures]
    for fig in figures:
        for text in _texts(fig):
            assert not ids.search(text), text


def test_tornado_bars_name_the_parameter_and_its_range_on_one_line(decide):
    labels = list(trace(decide.tornado_figure, df.TORNADO_LOW).y)
    assert len(labels) == len(set(labels)) == 10
    assert all(": " in label and "<br>" not in label for label in labels)
    assert "Cost of an MVD episode: 15,000–45,000 USD" in labels
    assert "Spasm-free 12 months after MVD: 77–95%" in labels  # a probability as a percentage
    assert "Recurrence after cure: 0.2–2% a year" in labels


def test_decide_shows_one_chart_under_its_controls_and_the_psa_only_with_data():
    d = view.DecideForPatient()
    shown = [k for k, box in d.panels.items() if box.layout.display != "none"]
    assert shown == ["words", "costs", "numbers"]  # the chart directly under the controls, words below it
    d.panel.value = "tornado"
    assert d.panels["tornado"].layout.display == "" and d.panels["costs"].layout.display == "none"
    assert [o[1] for o in d.panel.options] == ["costs", "tornado", "map", "psa"]


def _stack(root) -> list:
    return [type(c).__name__ for c in root.children]


def test_presenter_puts_controls_beside_the_charts_and_sources_behind_buttons():
    from widgets.ui import style

    toxin, over, decide = view.ToxinCycles(), view.OutcomesOverTime(), view.DecideForPatient()
    notebook = [_stack(v.root) for v in (toxin, over, decide)]
    try:
        style.set_presenter(True)
        assert toxin.notes.layout.display == "none" and over.sources.layout.display == "none"
        assert "HBox" in _stack(toxin.root) and len(toxin.root.children) < len(notebook[0])
        # one chart at a time beside the controls: the curves, or the risks
        assert over.icon_box.layout.display == "none"
        over.chart.value = "icons"
        assert over.icon_box.layout.display == "" and over.curve_box.layout.display == "none"
        assert over.icon_figure.layout.height == over.curve_figure.layout.height
        # the words and the numbers become panels of the switch beside the controls
        assert [o[1] for o in decide.panel.options] == ["words", "costs", "tornado", "map", "psa", "ceac", "numbers"]
        assert decide.run_row in decide.panels["ceac"].children  # each PSA chart under the button that fills it
        decide.panel.value = "words"
        assert decide.panels["numbers"].layout.display == "none"
        assert decide.cost_figure.layout.margin.b == df.COST_LEGEND[1]  # room for 24 px ticks and legend
    finally:
        style.set_presenter(False)
    assert [_stack(v.root) for v in (toxin, over, decide)] == notebook
    assert toxin.notes.layout.display == "" and decide.cost_figure.layout.margin.b == df.COST_LEGEND[0]
