"""Decide for this patient (lesson 5): the decision model with its figures and tables (DecideForPatient)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View
from ...ui.html import WIDE
from ...ui.livefigure import LiveFigure
from .. import model, outcomes
from .common import (
    COST_HEIGHT,
    MAP_HEIGHT,
    PSA_DRAWS,
    PSA_HEIGHT,
    PSA_SEED,
    TORNADO_HEIGHT,
    TORNADO_PARAMETERS,
    behind_toggle,
    fit_controls,
    refit_margins,
    side_by_side,
)
from .decide_figures import (
    COST_LEGEND,
    PSA_LEGEND,
    TORNADO_LEGEND,
    ce_plane_figure,
    ceac_figure,
    cost_figure,
    map_figure,
    move_marker,
    paint_costs,
    paint_map,
    paint_psa,
    paint_tornado,
    psa_words,
    tornado_figure,
    two_way,
)
from .tables import defaults_table, numbers_table

PRESENTER_PSA_HEIGHT = 420  # x 1.25 on a projector: a PSA chart alone beside the controls, with its legend


class DecideForPatient(View):
    """Decide for this patient: age, sex, severity, attitude to risk and the two prices drive the
    decision model; plain words, the numbers, cumulative costs, a tornado, the two-way price map and
    (behind a button) the probabilistic sensitivity analysis."""

    def __init__(self, age: int = 50, session_cost: int = 600, mvd_cost: int = 27_000):
        super().__init__()
        wide = ipw.Layout(width="460px")
        self.age = ipw.IntSlider(
            value=age,
            min=20,
            max=90,
            step=1,
            description="Age (years):",
            continuous_update=False,
            style=WIDE,
            layout=wide,
        )
        self.sex = ipw.ToggleButtons(options=[("Woman", 1), ("Man", 0)], value=1, description="Life table:", style=WIDE)
        self.severity = ipw.Dropdown(
            options=list(outcomes.SEVERITY_CHOICES.items()),
            value=1.0,
            description="Severity:",
            style=WIDE,
            layout=ipw.Layout(width="360px"),
        )
        self.risk = ipw.Dropdown(
            options=list(outcomes.RISK_ATTITUDE_CHOICES.items()),
            value=1.0,
            description="Attitude to surgical risk:",
            style=WIDE,
            layout=ipw.Layout(width="360px"),
        )
        self.session = ipw.IntSlider(
            value=session_cost,
            min=50,
            max=1500,
            step=10,
            description="Toxin session cost (USD):",
            continuous_update=False,
            style=WIDE,
            layout=wide,
        )
        self.presets = [
            ipw.Button(
                description=f"{name} ({value:,})",
                tooltip=f"Set the session cost to {value:,}",
                layout=ipw.Layout(width="auto"),
            )
            for name, value in outcomes.PRICE_PRESETS.items()
        ]
        self.mvd = ipw.IntSlider(
            value=mvd_cost,
            min=10_000,
            max=50_000,
            step=1_000,
            description="MVD cost (USD):",
            continuous_update=False,
            style=WIDE,
            layout=wide,
        )
        self.costs_view = ipw.ToggleButtons(
            options=[("Discounted", True), ("Plain money", False)], value=True, description="Costs:", style=WIDE
        )
        self.run_psa = ipw.Button(
            description="Run PSA",
            tooltip=f"Probabilistic sensitivity analysis, {PSA_DRAWS:,} draws",
            button_style="primary",
        )
        self.seed = ipw.BoundedIntText(
            value=PSA_SEED, min=0, max=2**31 - 1, description="Seed:", style=WIDE, layout=ipw.Layout(width="180px")
        )
        self.summary, self.numbers, self.psa_status = ipw.HTML(), ipw.HTML(), ipw.HTML()
        self.summary.add_class("hfs-decide-words")
        self.psa_result: model.PSAResult | None = None

        params = self._params()
        self.result = model.run_model(params)
        plain = {
            "costs": cost_figure(),
            "tornado": tornado_figure(),
            "map": map_figure(),
            "plane": ce_plane_figure(),
            "ceac": ceac_figure(),
        }
        paint_costs(plain["costs"], self.result, True)
        paint_tornado(plain["tornado"], model.one_way(params, names=TORNADO_PARAMETERS))
        paint_map(plain["map"], two_way(params, result=self.result), session_cost, mvd_cost)
        self._write_words()
        self.psa_status.value = (
            f"<p class='hfs-note'>The PSA draws every uncertain input {PSA_DRAWS:,} times "
            f"(beta and gamma distributions, seeded). Press <b>Run PSA</b>; it takes a moment.</p>"
        )

        for control in (self.age, self.sex, self.severity, self.risk, self.session, self.mvd):
            control.observe(self.guarded(self._refresh), names="value")
        self.costs_view.observe(self.guarded(self._change_costs_view), names="value")
        for button, value in zip(self.presets, outcomes.PRICE_PRESETS.values()):
            button.on_click(self.guarded(lambda _b, v=value: setattr(self.session, "value", v)))
        self.run_psa.on_click(self.guarded(self._run_psa))

        self.defaults = ipw.Accordion(
            children=[ipw.HTML(defaults_table())], titles=("Every default, its source and its status",)
        )
        self.defaults.selected_index = None
        self.sources = ipw.HTML(
            "<p class='hfs-note'><small>Severity: "
            + evidence.html_cite("L4-SEVERITY")
            + ". Attitude to risk: "
            + evidence.html_cite("L4-RISK-ATTITUDE")
            + ". Price presets: "
            + evidence.html_cite("L4-PRICE-PRESETS")
            + ". Net benefit at "
            + evidence.html_cite("L4-WTP")
            + ". Checking the model: "
            + evidence.html_cite("DEC-06")
            + ".</small></p>"
        )
        self.cost_figure, self.tornado_figure, self.map_figure, self.plane_figure, self.ceac_figure = (
            LiveFigure(plain[k]) for k in ("costs", "tornado", "map", "plane", "ceac")
        )
        self.patient = ipw.VBox([self.age, self.sex, self.severity, self.risk], layout=ipw.Layout(margin="0 24px 0 0"))
        self.prices = ipw.VBox(
            [self.session, ipw.HBox(self.presets, layout=ipw.Layout(flex_flow="row wrap")), self.mvd, self.costs_view]
        )
        self.names = ControlNames()
        # The PSA's plane and acceptability curve appear once a PSA has given them data (no empty chart).
        self.psa_cells = [
            ipw.VBox([fig], layout=ipw.Layout(display="none")) for fig in (self.plane_figure, self.ceac_figure)
        ]
        self.run_row = ipw.HBox([self.run_psa, self.seed])
        # One panel at a time directly under (or, on a projector, beside) the controls that drive it; a
        # switch chooses which. Each panel is a box of its own (a figure's `layout` is plotly's).
        self.panels = {
            "words": ipw.VBox([self.summary]),
            "costs": ipw.VBox([self.cost_figure]),
            "tornado": ipw.VBox([self.tornado_figure]),
            "map": ipw.VBox([self.map_figure]),
            "psa": ipw.VBox(),
            "ceac": ipw.VBox(),
            "numbers": ipw.VBox([self.numbers]),
        }
        self.panel = ipw.ToggleButtons(options=self._panel_options(), value="costs", description="Show:", style=WIDE)
        self.panel.add_class("hfs-decide-panel")
        self.panel.observe(self.guarded(self._show_panel), names="value")
        self._build(self._arrangement(), label="decide for this patient")
        self.root.add_class("hfs-decide")
        if style.presenter_on():  # built on a projector (lecture mode): its figures at their projector sizes
            self.rescale()

    @staticmethod
    def _panel_options() -> list[tuple[str, str]]:
        """The switch's choices: on a projector the plain words and the numbers table are panels too, and the
        PSA's two charts one at a time (each with the Run PSA button)."""
        if not style.presenter_on():
            return [("Costs over time", "costs"), ("Tornado", "tornado"), ("Price map", "map"), ("PSA", "psa")]
        # short words, so that the seven buttons stay on one row beside the controls at 24 px
        charts = [("Costs", "costs"), ("Tornado", "tornado"), ("Price map", "map")]
        psa = [("PSA plane", "psa"), ("Acceptability", "ceac")]
        return [("In words", "words"), *charts, *psa, ("Numbers", "numbers")]

    def _arrangement(self) -> list:
        """In a notebook: the controls, the chosen chart directly under them, then the words, the numbers, the
        sources and every default. On a projector (1920 px wide, text at 24 px) the controls sit beside one
        panel at a time (words, a chart or the numbers), the sources behind a button."""
        value = self.panel.value
        self.panel.options = self._panel_options()
        self.panel.value = value if value in dict(self.panel.options).values() else "costs"
        plane, ceac = self.psa_cells
        if style.presenter_on():  # the PSA's two charts one at a time, each under the button that fills it
            self.panels["psa"].children = (self.run_row, self.psa_status, plane)
            self.panels["ceac"].children = (self.run_row, self.psa_status, ceac)
        else:
            self.panels["psa"].children = (self.run_row, self.psa_status, plane, ceac)
            self.panels["ceac"].children = ()
        self._show_panel()
        area = [self.panels[k] for k in self.panels]
        fit_controls((self.age, self.session, self.mvd), "460px")
        fit_controls((self.severity, self.risk), "360px")
        fit_controls((self.sex, self.costs_view, self.panel), None, None)  # rows of buttons may wrap
        # on a projector its buttons (24 px) stand taller than the box ipywidgets gives them: keep the chart clear
        self.panel.layout.margin = "0 0 36px 0" if style.presenter_on() else None
        if style.presenter_on():
            controls = ipw.VBox([self.patient, self.prices, behind_toggle("Sources", self.sources), self.defaults])
            return [self.names, side_by_side(controls, ipw.VBox([self.panel, *area]), widths=("36%",))]
        self.sources.layout.display = ""
        charts = [self.panels[k] for k in ("costs", "tornado", "map", "psa")]
        return [
            self.names,
            ipw.HBox([self.patient, self.prices], layout=ipw.Layout(flex_flow="row wrap")),
            self.panel,
            *charts,
            self.panels["words"],
            self.panels["numbers"],
            self.sources,
            self.defaults,
        ]

    def _show_panel(self, change=None) -> None:
        presenter = style.presenter_on()
        for key, box in self.panels.items():
            always = not presenter and key in ("words", "numbers")
            box.layout.display = "" if always or key == self.panel.value else "none"

    def rescale(self) -> None:
        super().rescale()
        refit_margins(
            [
                (self.cost_figure, *COST_LEGEND),
                (self.tornado_figure, *TORNADO_LEGEND),
                (self.plane_figure, *PSA_LEGEND),
                (self.ceac_figure, *PSA_LEGEND),
            ]
        )
        # Titles of two lines (the tornado's, a PSA chart's when out of date) stay where plotly puts them: pinned to
        # the top edge, their first line was cut off; these charts' y-axis titles are short.
        for fig in (self.tornado_figure, self.plane_figure, self.ceac_figure):
            fig.layout.title.update(yref=None, y=None, yanchor=None, pad_t=None)
        # room on the right, so the tornado's axis title (centred under its narrow plot) stays inside the figure
        self.tornado_figure.layout.margin.r = 90 if style.presenter_on() else 20
        self._arrange(self._arrangement())

    def _params(self) -> model.Parameters:
        return model.Parameters(
            age0=float(self.age.value),
            female=int(self.sex.value),
            severity=float(self.severity.value),
            risk_attitude=float(self.risk.value),
            c_btx_session=float(self.session.value),
            c_mvd=float(self.mvd.value),
        )

    def _write_words(self) -> None:
        lines = outcomes.decision_summary(self.result)
        self.summary.value = (
            "<div><b>In plain words (expected values for a patient like this):</b><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            + "</ul></div>"
        )
        self.numbers.value = numbers_table(self.result)

    def _refresh(self, change=None) -> None:
        """Recompute what the changed control can affect: severity and attitude change utilities only,
        so costs and the price map stay; the prices move only the map's marker (the map sweeps them)."""
        owner = change["owner"] if change else None
        params = self._params()
        self.result = model.run_model(params)
        paint_tornado(self.tornado_figure, model.one_way(params, names=TORNADO_PARAMETERS))
        if owner not in (self.severity, self.risk):
            paint_costs(self.cost_figure, self.result, self.costs_view.value)
        if owner in (self.session, self.mvd):
            move_marker(self.map_figure, self.session.value, self.mvd.value)
        elif owner not in (self.severity, self.risk):
            paint_map(
                self.map_figure, two_way(params, self.costs_view.value, self.result), self.session.value, self.mvd.value
            )
        self._write_words()
        if self.psa_result is not None:
            self.psa_status.value = (
                "<p class='hfs-message' role='status'>The inputs changed since the last PSA: its plots "
                "below describe the previous patient. Press <b>Run PSA</b> to update them.</p>"
            )
            with self.plane_figure.batch_update(), self.ceac_figure.batch_update():
                for fig in (self.plane_figure, self.ceac_figure):
                    if "out of date" not in fig.layout.title.text:
                        fig.layout.title.text += "<br><sup>out of date: press Run PSA</sup>"

    def _change_costs_view(self, change=None) -> None:
        params = self._params()
        paint_costs(self.cost_figure, self.result, self.costs_view.value)
        paint_map(
            self.map_figure, two_way(params, self.costs_view.value, self.result), self.session.value, self.mvd.value
        )

    def _run_psa(self, _button=None) -> None:
        params = self._params()
        self.psa_result = model.psa(
            params, n=PSA_DRAWS, seed=int(self.seed.value), distributions=outcomes.psa_cost_distributions(params)
        )
        paint_psa(self.plane_figure, self.ceac_figure, self.psa_result)
        for cell in self.psa_cells:
            cell.layout.display = ""
        self.psa_status.value = psa_words(self.psa_result)

    def figures(self):
        return [
            (self.cost_figure, COST_HEIGHT),
            (self.tornado_figure, TORNADO_HEIGHT),
            (self.map_figure, MAP_HEIGHT),
            (self.plane_figure, PRESENTER_PSA_HEIGHT if style.presenter_on() else PSA_HEIGHT),
            (self.ceac_figure, PRESENTER_PSA_HEIGHT if style.presenter_on() else PSA_HEIGHT),
        ]

    def static(self) -> StaticForm:
        params = model.Parameters()
        result = model.run_model(params)
        costs, tornado, price_map, plane, ceac = (
            cost_figure(),
            tornado_figure(),
            map_figure(),
            ce_plane_figure(),
            ceac_figure(),
        )
        paint_costs(costs, result, False)
        paint_tornado(tornado, model.one_way(params, names=TORNADO_PARAMETERS))
        paint_map(price_map, two_way(params, result=result), params.c_btx_session, params.c_mvd)
        psa_result = model.psa(
            params, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(params)
        )
        paint_psa(plane, ceac, psa_result)
        rows = []
        for s, icer in outcomes.icer_words(result):
            r = result.strategies[s]
            rows.append(
                [
                    model.STRATEGY_LABELS[s],
                    f"{r.qalys:.2f}",
                    f"{r.costs:,.0f}",
                    f"{r.injections:.0f}",
                    f"{r.surgeries:.2f}",
                    icer,
                ]
            )
        return StaticForm(
            title="Decide for this patient: a woman aged 50, base case, US prices (USD, price year not stated)",
            alt=(
                "Cumulative undiscounted costs of the three strategies, with the year MVD now pays for itself marked. "
                "Tornado: how far the net benefit swings as each input moves across its range. Price map: where surgery pays "
                "for itself as session and operation costs vary, this patient marked. PSA (1,000 draws): the cost-effectiveness "
                "plane and the acceptability curve with its frontier. All of this holds given the assumed quality-of-life weights."
            ),
            figures=[costs, tornado, price_map, plane, ceac],
            headers=[
                "Strategy",
                "QALYs (discounted)",
                "Cost (USD, discounted)",
                "Toxin sessions",
                "Operations",
                "ICER along the efficiency frontier",
            ],
            rows=rows,
        )
