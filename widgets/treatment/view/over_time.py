"""Section 2 of lesson 4: outcomes over time, with the risks as icon arrays (OutcomesOverTime)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from ... import evidence
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View
from ...ui.charts import trace
from ...ui.html import WIDE, cite, pct, table
from ...ui.livefigure import LiveFigure, plain
from .. import model, outcomes
from .common import (
    CURVE_HEIGHT,
    ICON_HEIGHT,
    OUTCOME_YEARS,
    STRATEGY_LOOK,
    behind_toggle,
    bottom_margin,
    fit_controls,
    legend_below,
    refit_margins,
    refit_text,
    side_by_side,
)

# --- 2. outcomes over time, with the risks as icon arrays ------------------------------------------

WINDOWS = {"First year": 1.0, "10 years": 10.0, "20 years": 20.0}
# Published points to read the curves against: (evidence id, years, share, short label, arm).
PUBLISHED_POINTS = (
    ("DM-MVD-04", 0.0, 0.5563, "Baldauf: at discharge", "mvd"),
    ("DM-MVD-04", 1.0, 0.7761, "Baldauf: after 12 months", "mvd"),
    ("MVD-25", 1.0, 0.634, "Weidemeier: 12 months", "mvd"),
    ("MVD-04", 2.9, 0.911, "Miller review: 2.9 years", "mvd"),
    ("MVD-10", 10.0, 0.84, "Barker: 10 years", "mvd"),
    ("BTX-07", 10.0, 0.95, "Defazio: toxin response, year 10", "toxin"),
)


def _outcome_params(p_imm: float, p12: float) -> model.Parameters:
    return model.Parameters(p_mvd_immediate=float(p_imm), p_mvd_cure_12m=float(p12))


def outcome_curves(params: model.Parameters) -> dict[str, np.ndarray]:
    """Shares among patients still alive, month by month over 20 years."""
    result = model.run_model(params, model.Settings(horizon_years=OUTCOME_YEARS), ("botox_first", "mvd_now"))
    mvd, botox = result.strategies["mvd_now"], result.strategies["botox_first"]
    return {
        "months": result.months.astype(float),
        "mvd_free": mvd.spasm_free / mvd.alive,
        # RECURRED is a one-month passage to toxin or a repeat operation: counted as treated again;
        # the POSTOP months (residual spasm awaiting a late cure) are untreated, so not counted
        "mvd_free_or_toxin": (mvd.spasm_free + mvd.trace[:, [model.BTX, model.REC]].sum(axis=1)) / mvd.alive,
        "toxin": botox.trace[:, model.BTX] / botox.alive,
    }


# Trace names: the callbacks find each trace by its name.
CURVES = {
    "mvd_free": "MVD now: spasm-free",
    "mvd_free_or_toxin": "MVD now: spasm-free, or treated again (toxin or a repeat operation)",
    "toxin": "Botox first: controlled on toxin (wears off before each injection)",
}
PUBLISHED = "published series"
# px under the curves for ticks, axis title and a legend of up to three rows: in a notebook, on a projector
CURVE_LEGEND = (130, 170)
PRESENTER_CHART_HEIGHT = 480  # x 1.25 on a projector: 600 px, the chart beside the controls
ICONS = {
    "none": "not affected",
    "affected": "affected (the base-case figure)",
    "range": "more, at the top of the range across series",
}


def curve_figure() -> go.Figure:
    mvd, botox = STRATEGY_LOOK["mvd_now"], STRATEGY_LOOK["botox_first"]
    traces = [
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=CURVES["mvd_free"],
            line=dict(color=mvd["colour"], width=3, dash="solid"),
            hovertemplate="%{x:.1f}: %{y:.0f}% spasm-free<extra>MVD now</extra>",
        ),
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=CURVES["mvd_free_or_toxin"],
            line=dict(color=mvd["colour"], width=2, dash="dot"),
            hovertemplate="%{x:.1f}: %{y:.0f}%<extra>MVD now, spasm-free or on toxin</extra>",
        ),
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=CURVES["toxin"],
            line=dict(color=botox["colour"], width=3, dash="dash"),
            hovertemplate="%{x:.1f}: %{y:.0f}% controlled<extra>Botox first</extra>",
        ),
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name=PUBLISHED,
            textposition="bottom right",
            marker=dict(symbol="x", size=11, color="#222222"),
            hovertext=[],
            hoverinfo="text",
            textfont=dict(size=style.font_px(0.75)),
        ),
    ]
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=CURVE_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="", fixedrange=True),
            yaxis=dict(title="patients still alive (%)", range=[-6, 104], ticksuffix="%", fixedrange=True),
            legend=legend_below(),
            margin=dict(l=60, r=20, t=60, b=bottom_margin(*CURVE_LEGEND)),
        ),
    )


def paint_curves(fig, curves: dict, years: float) -> None:
    months = curves["months"]
    keep = months <= years * 12 + 1e-9
    in_months = years <= 1.0
    x = months[keep] if in_months else months[keep] / 12.0
    points = [p for p in PUBLISHED_POINTS if p[1] <= years + 1e-9]
    unit = "months" if in_months else "years"
    at = int(np.nonzero(keep)[0][-1])
    published = trace(fig, PUBLISHED)
    with fig.batch_update():
        for key, name in CURVES.items():
            line = trace(fig, name)
            line.x = plain(x, 4)
            line.y = plain(100 * curves[key][keep], 2)
        published.x = [p[1] * (12 if in_months else 1) for p in points]
        published.y = [100 * p[2] for p in points]
        published.text = [p[3] for p in points]
        published.textposition = ["bottom right" if p[1] < 0.75 * years else "bottom left" for p in points]
        published.hovertext = [f"{p[3]}: {100 * p[2]:.1f}% {evidence.label(p[0])}" for p in points]
        fig.layout.xaxis.title.text = f"{unit} after the decision"
        fig.layout.xaxis.range = [-0.2, 12.4] if in_months else [-0.02 * years, years * 1.02]
        fig.layout.xaxis.dtick = 1 if in_months else (1 if years <= 10 else 2)
        fig.layout.title.text = (
            f"After {years:g} year{'s' if years != 1 else ''}: {pct(curves['mvd_free'][at])} spasm-free "
            f"after MVD; {pct(curves['toxin'][at])} controlled on toxin"
        )


ICON_COLUMNS = 4
ICON_LEGEND = dict(orientation="h", y=-0.04, x=0)
ICON_GAP = 14.0  # wide enough that neighbouring panel titles stay apart at presenter scale
ICON_WIDTH = ICON_COLUMNS * (10 + ICON_GAP) - ICON_GAP  # the grid's width in squares
ICON_ROW_GAP = 9.0  # room for a three-line title above each panel


PATIENT_LEVEL_SIDE_EFFECTS = ("BTX-13", 0.37, "BTX-09", 0.40)  # one series; range across older series 8-40% of patients


def _icon_panels(risks: list[outcomes.Risk]) -> list[dict]:
    """One panel per risk, plus the share of patients with any toxin side effect during follow-up.

    That last figure is observed, not derived: with a per-session risk taken as independent, years of
    injections would predict nearly every patient; the series report far fewer, so side effects
    cluster in some patients."""
    panels = []
    for r in risks:
        per = "operations" if r.per == "operation" else "toxin sessions"
        head = f"<b>{r.short}</b><br>{outcomes.risk_in_words(r.probability)}<br>{per}"
        panels.append(
            dict(
                count=outcomes.icon_count(r.probability),
                high=None if r.high is None else outcomes.icon_count(r.high),
                title=head,
                hover=r.label,
            )
        )
    _, share, _, high = PATIENT_LEVEL_SIDE_EFFECTS
    panels.append(
        dict(
            count=outcomes.icon_count(share),
            high=outcomes.icon_count(high),
            title=f"<b>Any toxin side effect</b><br>{outcomes.risk_in_words(share)} patients<br>during follow-up",
            hover="patients with at least one toxin side effect during follow-up",
        )
    )
    return panels


def _icon_traces_data(panels: list[dict]) -> dict:
    xs, ys = outcomes.icon_grid(100, 10)
    data = {k: ([], [], []) for k in ("none", "affected", "range")}
    titles = []
    for i, panel in enumerate(panels):
        ox = (i % ICON_COLUMNS) * (10 + ICON_GAP)
        oy = -(i // ICON_COLUMNS) * (10 + ICON_ROW_GAP)
        high = panel["high"] if panel["high"] is not None else panel["count"]
        for k, (x, y) in enumerate(zip(xs, ys)):
            kind = "affected" if k < panel["count"] else ("range" if k < high else "none")
            data[kind][0].append(float(ox + x))
            data[kind][1].append(float(oy + y))
            data[kind][2].append(panel["hover"])
        titles.append(dict(x=ox + 4.5, y=oy + 0.8, text=panel["title"]))
    return {"traces": data, "titles": titles}


def icon_figure() -> go.Figure:
    vermillion = style.OKABE_ITO["vermillion"]
    traces = [
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name=ICONS["none"],
            hoverinfo="skip",
            marker=dict(symbol="square", size=9, color="#D9D9D9"),
        ),
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name=ICONS["affected"],
            hovertext=[],
            hoverinfo="text",
            marker=dict(symbol="square", size=9, color=vermillion, line=dict(color="#222222", width=0.5)),
        ),
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name=ICONS["range"],
            hovertext=[],
            hoverinfo="text",
            marker=dict(symbol="square-open", size=9, color=vermillion, line=dict(width=2)),
        ),
    ]
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=ICON_HEIGHT,
            title=dict(text="Of 100 patients like this …", x=0.02, xanchor="left"),
            xaxis=dict(visible=False, range=[-1, ICON_WIDTH], fixedrange=True),
            yaxis=dict(visible=False, range=[-(10 + ICON_ROW_GAP) - 10, 7.5], fixedrange=True, scaleanchor="x"),
            legend=dict(ICON_LEGEND),
            margin=dict(l=10, r=10, t=50, b=40),
            annotations=[],
        ),
    )


def paint_icons(fig, panels: list[dict]) -> None:
    data = _icon_traces_data(panels)
    with fig.batch_update():
        for kind, name in ICONS.items():
            x, y, hover = data["traces"][kind]
            icons = trace(fig, name)
            icons.x, icons.y = x, y
            if kind != "none":
                icons.hovertext = hover
        fig.layout.annotations = [
            dict(
                x=t["x"],
                y=t["y"],
                text=t["text"],
                showarrow=False,
                yanchor="bottom",
                font=dict(size=style.font_px(0.8)),
            )
            for t in data["titles"]
        ]


class OutcomesOverTime(View):
    """The cure curve after MVD (immediate plus delayed) against control on toxin, and the risks of each
    treatment as icon arrays ("of 100 patients like this")."""

    def __init__(self, p_immediate: float = 0.56, p_12_months: float = 0.88, window: str = "10 years"):
        super().__init__()
        self.p_imm = ipw.FloatSlider(
            value=p_immediate,
            min=0.35,
            max=0.65,
            step=0.01,
            readout_format=".2f",
            description="Spasm-free at discharge after MVD:",
            continuous_update=False,
            style=WIDE,
            layout=ipw.Layout(width="500px"),
        )
        self.p12 = ipw.FloatSlider(
            value=p_12_months,
            min=0.60,
            max=0.95,
            step=0.01,
            readout_format=".2f",
            description="Spasm-free 12 months after MVD:",
            continuous_update=False,
            style=WIDE,
            layout=ipw.Layout(width="500px"),
        )
        self.window = ipw.ToggleButtons(options=list(WINDOWS), value=window, description="Show:", style=WIDE)
        self.summary = ipw.HTML()
        self.risks = outcomes.treatment_risks()
        self.curves = outcome_curves(_outcome_params(p_immediate, p_12_months))
        plain_curves, plain_icons = curve_figure(), icon_figure()
        paint_curves(plain_curves, self.curves, WINDOWS[window])
        paint_icons(plain_icons, _icon_panels(self.risks))
        self._write_summary()
        self.sources = ipw.HTML(self._sources_html())
        self.p_imm.observe(self.guarded(self._change_cure), names="value")
        self.p12.observe(self.guarded(self._change_cure), names="value")
        self.window.observe(self.guarded(self._change_window), names="value")
        self.curve_figure, self.icon_figure = LiveFigure(plain_curves), LiveFigure(plain_icons)
        # Each figure in a box of its own, which a projector's chart switch shows or hides (a figure's own
        # `layout` is plotly's, not the ipywidgets one).
        self.curve_box, self.icon_box = ipw.VBox([self.curve_figure]), ipw.VBox([self.icon_figure])
        self.controls = ipw.VBox([self.p_imm, self.p12, self.window])
        self.names = ControlNames()
        # On a projector one chart at a time beside the controls: the cure curves or the risks.
        self.chart = ipw.ToggleButtons(
            options=[("Cure over time", "curves"), ("Risks: of 100 patients", "icons")],
            value="curves",
            description="Chart:",
            style=WIDE,
        )
        self.chart.observe(self.guarded(self._show_chart), names="value")
        self._build(self._arrangement(), label="outcomes over time")
        self.root.add_class("hfs-outcomes-over-time")
        if style.presenter_on():  # built on a projector (lecture mode): its figures at their projector sizes
            self.rescale()

    def _arrangement(self) -> list:
        """In a notebook: the controls, the curves directly under them, the summary, the icon arrays and the
        sources. On a projector (1920 px wide, text at 24 px) that stack is three screens tall: the controls and
        the summary beside one chart at a time (a switch chooses the curves or the risks), the sources table
        behind a button."""
        fit_controls((self.p_imm, self.p12), "500px")
        fit_controls((self.window, self.chart), None, None)
        self.chart.layout.margin = "0 0 36px 0" if style.presenter_on() else None  # 24 px buttons overflow their box
        if style.presenter_on():
            self._show_chart()
            charts = ipw.VBox([self.chart, self.curve_box, self.icon_box])
            sources = behind_toggle("Sources: the risks and cure figures", self.sources)
            return [self.names, side_by_side(ipw.VBox([self.controls, self.summary, sources]), charts, widths=("34%",))]
        self.sources.layout.display = ""
        self.curve_box.layout.display = self.icon_box.layout.display = ""
        return [self.names, self.controls, self.curve_box, self.summary, self.icon_box, self.sources]

    def _show_chart(self, change=None) -> None:
        self.curve_box.layout.display = "" if self.chart.value == "curves" else "none"
        self.icon_box.layout.display = "" if self.chart.value == "icons" else "none"

    def rescale(self) -> None:
        super().rescale()
        refit_margins([(self.curve_figure, *CURVE_LEGEND)])
        refit_text(self.icon_figure, annotations=0.8)
        refit_text(self.curve_figure, title=1.0)  # its title is long for two thirds of the screen
        # On a projector the icon grid takes the chart's whole width (panel titles at 24 px need the room
        # between panels) and its legend sits at the bottom edge; in a notebook the squares keep square spacing.
        on = style.presenter_on()
        with self.icon_figure.batch_update():
            self.icon_figure.layout.yaxis.scaleanchor = None if on else "x"
            self.icon_figure.layout.legend = legend_below() if on else ICON_LEGEND
            self.icon_figure.layout.margin.b = 110 if on else 40
            # the outer panels' titles (centred on their panels) need room beyond the squares at 24 px
            self.icon_figure.layout.xaxis.range = [-8, ICON_WIDTH + 7] if on else [-1, ICON_WIDTH]
        trace(self.curve_figure, PUBLISHED).textfont.size = style.font_px(0.75)
        self._arrange(self._arrangement())

    def _sources_html(self) -> str:
        rows = [
            [
                html.escape(r.label),
                f"{100 * r.probability:.1f}% per {r.per}",
                "—" if r.high is None else f"{100 * r.high:.1f}%",
                cite(r.evidence_id),
            ]
            for r in self.risks
        ]
        rows.append(
            [
                "Any toxin side effect during follow-up (patients)",
                "37% of patients",
                "40%",
                cite("BTX-13") + "; range " + cite("BTX-09"),
            ]
        )
        return (
            table(["Risk", "Base case", "Top of the range", "Source"], rows, "The risks drawn above")
            + "<p class='hfs-note'><small><b>Older patients.</b> "
            + evidence.html_cite("DEC-05")
            + " Age 70 and over: "
            + evidence.html_cite("MVD-18")
            + ". 30-day events, all MVD indications: "
            + evidence.html_cite("DM-COMP-04")
            + ". <b>Cure figures.</b> At discharge: "
            + cite("PAR-p_mvd_immediate")
            + "; at 12 months: "
            + cite("PAR-p_mvd_cure_12m")
            + ".</small></p>"
        )

    def _write_summary(self) -> None:
        c = self.curves
        year = 12
        d = _outcome_params(self.p_imm.value, self.p12.value).d_delayed_monthly
        self.summary.value = (
            f"<p>Of 100 patients like this, about <b>{100 * c['mvd_free'][0]:.0f}</b> are spasm-free when they leave hospital "
            f"after MVD and about <b>{100 * c['mvd_free'][year]:.0f}</b> by 12 months: the rest of the cure comes late, "
            f"{100 * d:.1f}% of the remaining patients each month in this model. With toxin, about "
            f"<b>{100 * c['toxin'][year]:.0f}</b> are controlled at 12 months, but never cured: each injection wears off.</p>"
        )

    def _change_cure(self, change=None) -> None:
        self.curves = outcome_curves(_outcome_params(self.p_imm.value, self.p12.value))
        paint_curves(self.curve_figure, self.curves, WINDOWS[self.window.value])
        self._write_summary()

    def _change_window(self, change=None) -> None:
        years = WINDOWS[self.window.value]
        paint_curves(self.curve_figure, self.curves, years)

    def figures(self):
        # On a projector one chart at a time beside the controls, each of the height the screen leaves it.
        if style.presenter_on():
            return [(self.curve_figure, PRESENTER_CHART_HEIGHT), (self.icon_figure, PRESENTER_CHART_HEIGHT)]
        return [(self.curve_figure, CURVE_HEIGHT), (self.icon_figure, ICON_HEIGHT)]

    def static(self) -> StaticForm:
        curves = outcome_curves(model.Parameters())
        first, ten, icons = curve_figure(), curve_figure(), icon_figure()
        paint_curves(first, curves, 1.0)
        paint_curves(ten, curves, 10.0)
        paint_icons(icons, _icon_panels(outcomes.treatment_risks()))
        rows = [
            [
                r.label,
                outcomes.risk_in_words(r.probability) + (" operations" if r.per == "operation" else " sessions"),
                "—" if r.high is None else f"{100 * r.high:.1f}%",
                evidence.label(r.evidence_id),
            ]
            for r in outcomes.treatment_risks()
        ]
        rows.append(
            [
                "Any toxin side effect during follow-up",
                "about 37 in 100 patients",
                "40%",
                f"{evidence.label('BTX-13')}; range {evidence.label('BTX-09')}",
            ]
        )
        return StaticForm(
            title="Outcomes over time and the risks of each treatment",
            alt=(
                "First chart: the share spasm-free over the first year after MVD against the share controlled on toxin, "
                "published series marked. Second: the same over ten years. Icon arrays: of 100 operations and of 100 toxin "
                "sessions, how many have each complication. The table gives each risk with its range and sources."
            ),
            figures=[first, ten, icons],
            headers=["Risk", "How often", "Top of the range", "Source"],
            rows=rows,
            fold_table="Show the table (it answers the question above)",
        )
