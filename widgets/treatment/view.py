"""Lesson 4 widgets: one toxin cycle and a year of them; outcomes over time with icon arrays; decide
for this patient (the decision model, its tornado, PSA and two-way price map).

Each figure is built as a plain go.Figure, painted with its first state, and only then wrapped in a
FigureWidget: a FigureWidget edited between its creation and its display loses those edits in the
browser. After display, callbacks repaint it inside batch_update(). Trace data are plain lists
(numpy arrays travel as binary buffers, which the FigureWidget did not draw). Clinical logic lives
in model.py and outcomes.py.
"""
from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from .. import evidence
from ..ui import style
from ..ui.livefigure import LiveFigure
from ..ui.base import StaticForm, View
from ..ui.html import WIDE, cite, pct, table
from ..ui.a11y import ControlNames  # names slider handles for screen readers (axe: aria-input-field-name)
from . import model, outcomes

CYCLE_HEIGHT = 330
YEAR_HEIGHT = 330
INTERVAL_HEIGHT = 330
CURVE_HEIGHT = 420
ICON_HEIGHT = 560
COST_HEIGHT = 380
TORNADO_HEIGHT = 470
MAP_HEIGHT = 440
PSA_HEIGHT = 400
OUTCOME_YEARS = 20.0  # the outcomes widget runs the model over 20 years
PSA_DRAWS = 1000
PSA_SEED = 2024
# The tornado's parameters: those with a visible swing in the base case (measured with every
# parameter), kept to 14 so a slider move stays under 50 ms. Age is the patient's, not uncertain;
# the discount rate is a convention, discussed in the lesson text.
TORNADO_PARAMETERS = (
    "c_btx_session", "c_mvd", "u_btx_on", "u_cured", "u_uncontrolled", "r_spont_remission_annual",
    "r_recur_annual", "p_mvd_cure_12m", "btx_interval_months", "p_redo_given_failure", "r_btx_fail_annual",
    "p_btx_response", "p_mvd_death", "p_perm_hearing_loss",
)
TORNADO_TOP = 10
# Parameters the model table has no PAR- entry for: the lesson's own assumption entries.
EXTRA_EVIDENCE = {"severity": "L4-SEVERITY", "risk_attitude": "L4-RISK-ATTITUDE", "dis_stroke": "PAR-dis_stroke"}
STRATEGY_LOOK = {  # colour + dash + marker, so strategies differ without colour too
    "botox_first": dict(colour=style.SERIES[1], dash="dash", symbol="diamond"),
    "mvd_now": dict(colour=style.SERIES[0], dash="solid", symbol="circle"),
    "botox_then_mvd": dict(colour=style.SERIES[2], dash="dot", symbol="square"),
}
SHORT = {"botox_first": "Botox first", "mvd_now": "MVD now", "botox_then_mvd": "Botox, then MVD if it fails"}
DIVERGING = [[0.0, style.OKABE_ITO["blue"]], [0.5, "#FFFFFF"], [1.0, style.OKABE_ITO["vermillion"]]]


# --- 1. one toxin cycle, then a year of them ------------------------------------------------------

def _duration_label(source: str) -> str:
    return f"{outcomes.DURATION_SOURCES[source]:g} weeks {evidence.label(source)}"


def cycle_figure() -> go.Figure:
    """Relief after one injection (line), one study's HFS-30 relief (diamonds), the half-peak line."""
    weeks, relief = outcomes.hfs30_relief()
    fig = go.Figure(
        data=[
            go.Scatter(x=[], y=[], mode="lines", name="model: relief after one injection", fill="tozeroy",
                       line=dict(color=style.SERIES[0], width=3), hovertemplate="week %{x:.1f}: %{y:.0f}% relief<extra></extra>"),
            go.Scatter(x=weeks.tolist(), y=np.round(100 * relief, 1).tolist(), mode="markers+text",
                       name="one study: quality-of-life relief (HFS-30)", text=[f"{100 * r:.0f}%" for r in relief],
                       textposition=["top center", "top center", "top center", "middle left"],
                       marker=dict(symbol="diamond", size=11, color=style.SERIES[1], line=dict(color="#222222", width=1)),
                       hovertemplate="week %{x}: HFS-30 score %{y:.0f}% better than before the injection<extra></extra>"),
            go.Scatter(x=[0, 26], y=[50 * outcomes.PEAK_RELIEF, 50 * outcomes.PEAK_RELIEF], mode="lines",
                       name="half the peak: 'controlled' above this line", line=dict(color="#222222", dash="dot", width=1.5),
                       hoverinfo="skip"),
        ],
        layout=style.figure_layout(
            height=CYCLE_HEIGHT, title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks after one injection", range=[0, 26], dtick=2, fixedrange=True),
            yaxis=dict(title="spasm relieved (%)", range=[0, 100], ticksuffix="%", fixedrange=True),
            legend=dict(orientation="h", y=-0.25, x=0), margin=dict(l=60, r=20, t=60, b=90),
            shapes=[dict(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper", line=dict(color="#222222", width=1.5, dash="dash"))],
            annotations=[dict(x=0, y=1, yref="paper", text="", showarrow=False, xanchor="left", yanchor="top")],
        ),
    )
    return fig


def paint_cycle(fig, cycle: outcomes.ToxinCycle, source: str) -> None:
    t = np.linspace(0, 26, 209)
    with fig.batch_update():
        fig.data[0].x = np.round(t, 3).tolist()
        fig.data[0].y = np.round(100 * cycle.effect(t), 2).tolist()
        fig.layout.shapes[0].update(x0=cycle.duration_weeks, x1=cycle.duration_weeks)
        fig.layout.annotations[0].update(x=cycle.duration_weeks, text=f" reported duration {cycle.duration_weeks:g} wk")
        fig.layout.title.text = (f"One injection: works after about {7 * cycle.onset_weeks:.0f} days, "
                                 f"fades around week {cycle.duration_weeks:g}")


def year_figure() -> go.Figure:
    return go.Figure(
        data=[
            go.Scatter(x=[], y=[], mode="lines", name="relief", fill="tozeroy", line=dict(color=style.SERIES[0], width=2.5),
                       hovertemplate="week %{x:.1f}: %{y:.0f}% relief<extra></extra>"),
            go.Scatter(x=[], y=[], mode="lines", name="spasm back (below half the peak)",
                       line=dict(color=style.OKABE_ITO["vermillion"], width=10), hoverinfo="skip"),
            go.Scatter(x=[], y=[], mode="markers", name="injection",
                       marker=dict(symbol="triangle-down", size=14, color="#222222"),
                       hovertemplate="injection in week %{x:.0f}<extra></extra>"),
        ],
        layout=style.figure_layout(
            height=YEAR_HEIGHT, title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks of a steady year of treatment", range=[-1, 53], dtick=4, fixedrange=True),
            yaxis=dict(title="spasm relieved (%)", range=[-10, 100], ticksuffix="%", fixedrange=True),
            legend=dict(orientation="h", y=-0.25, x=0), margin=dict(l=60, r=20, t=60, b=90),
        ),
    )


def paint_year(fig, cycle: outcomes.ToxinCycle, interval: float) -> None:
    t = np.linspace(0, outcomes.WEEKS_PER_YEAR, 523)
    relief = outcomes.repeated_effect(cycle, interval, t)
    back = relief < outcomes.CONTROL_SHARE * cycle.peak_relief - 1e-12
    shots = outcomes.injection_weeks(interval)
    fraction = outcomes.controlled_fraction_curve(cycle, [interval])[0]
    with fig.batch_update():
        fig.data[0].x = np.round(t, 3).tolist()
        fig.data[0].y = np.round(100 * relief, 2).tolist()
        fig.data[1].x = np.round(t, 3).tolist()
        fig.data[1].y = [-5 if b else None for b in back]
        fig.data[2].x = np.round(shots, 2).tolist()
        fig.data[2].y = [96] * len(shots)
        fig.layout.title.text = (f"Every {interval:g} weeks: controlled {pct(fraction)} of the year, "
                                 f"{outcomes.injections_per_year(interval):.1f} injections a year")


def interval_figure() -> go.Figure:
    label = outcomes.LABEL_MIN_INTERVAL_WEEKS
    real = outcomes.REAL_WORLD_INTERVAL_WEEKS
    return go.Figure(
        data=[
            go.Scatter(x=[], y=[], mode="lines", name="share of the year controlled", line=dict(color=style.SERIES[0], width=3),
                       hovertemplate="every %{x:.0f} weeks: controlled %{y:.0f}% of the year<extra></extra>"),
            go.Scatter(x=[], y=[], mode="markers+text", name="your interval", textposition="top right",
                       marker=dict(symbol="star", size=18, color=style.SERIES[1], line=dict(color="#222222", width=1)),
                       hoverinfo="skip"),
        ],
        layout=style.figure_layout(
            height=INTERVAL_HEIGHT, title=dict(text="Longer gaps between injections: more weeks with the spasm back", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks between injections", range=[8, 30], dtick=2, fixedrange=True),
            yaxis=dict(title="year controlled (%)", range=[0, 110], ticksuffix="%", fixedrange=True),
            showlegend=False, margin=dict(l=60, r=20, t=60, b=50),
            shapes=[dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color="#555555", width=1.5, dash=d))
                    for x, d in ((label, "dot"), (real, "dash"))],
            annotations=[dict(x=label, y=0.02, yref="paper", text="label: more often than every<br>3 months adds nothing (BTD-31)",
                              showarrow=False, xanchor="left", yanchor="bottom", font=dict(size=style.font_px(0.8))),
                         dict(x=real, y=0.02, yref="paper", text="real-world gap:<br>5.8 months (DM-BTX-03)", showarrow=False,
                              xanchor="right", yanchor="bottom", font=dict(size=style.font_px(0.8)))],
        ),
    )


def paint_interval_curve(fig, cycle: outcomes.ToxinCycle) -> None:
    grid = np.arange(8.0, 30.01, 0.25)
    with fig.batch_update():
        fig.data[0].x = grid.tolist()
        fig.data[0].y = np.round(100 * outcomes.controlled_fraction_curve(cycle, grid), 2).tolist()


def paint_interval_marker(fig, cycle: outcomes.ToxinCycle, interval: float) -> None:
    fraction = outcomes.controlled_fraction_curve(cycle, [interval])[0]
    with fig.batch_update():
        fig.data[1].x = [float(interval)]
        fig.data[1].y = [round(100 * fraction, 2)]
        fig.data[1].text = [f" {pct(fraction)}"]


class ToxinCycles(View):
    """One toxin cycle, then a year of them: the effect over the weeks after an injection, and the
    share of a year the spasm is controlled as the interval between injections changes."""

    def __init__(self, interval_weeks: int = 15, source: str = outcomes.DEFAULT_DURATION_SOURCE):
        super().__init__()
        self.source = ipw.Dropdown(options=[(_duration_label(k), k) for k in outcomes.DURATION_SOURCES], value=source,
                                   description="How long one injection works:", style=WIDE,
                                   layout=ipw.Layout(width="520px"))
        self.interval = ipw.IntSlider(value=interval_weeks, min=8, max=30, step=1, description="Weeks between injections:",
                                      continuous_update=False, style=WIDE, layout=ipw.Layout(width="460px"))
        self.summary = ipw.HTML()
        cycle = self._cycle()
        figures = (cycle_figure(), year_figure(), interval_figure())
        paint_cycle(figures[0], cycle, source)
        paint_year(figures[1], cycle, interval_weeks)
        paint_interval_curve(figures[2], cycle)
        paint_interval_marker(figures[2], cycle, interval_weeks)
        self._write_summary(cycle)
        notes = ipw.HTML(
            "<p class='hfs-note'><small><b>Sources.</b> Onset: " + cite("BTX-10") + "; peak at one to two weeks: "
            + cite("BTD-31") + "; peak relief: " + cite("BTX-08") + ". Diamonds: "
            + evidence.html_cite("L4-HFS30-RELIEF") + ". The curve's shape: " + evidence.html_cite("L4-TOXIN-CURVE")
            + "</small></p>")
        self.source.observe(self.guarded(self._change_source), names="value")
        self.interval.observe(self.guarded(self._change_interval), names="value")
        self.cycle_figure, self.year_figure, self.interval_figure = (LiveFigure(f) for f in figures)
        self._build([ControlNames(), ipw.VBox([self.source, self.interval]), self.cycle_figure, self.interval_figure, self.year_figure,
                     self.summary, notes], label="toxin cycles")
        self.root.add_class("hfs-toxin-cycles")  # a stable hook for browser tests and page styles

    def _cycle(self) -> outcomes.ToxinCycle:
        return outcomes.ToxinCycle(duration_weeks=outcomes.DURATION_SOURCES[self.source.value])

    def _write_summary(self, cycle: outcomes.ToxinCycle) -> None:
        interval = self.interval.value
        fraction = outcomes.controlled_fraction_curve(cycle, [interval])[0]
        back = (1 - fraction) * outcomes.WEEKS_PER_YEAR
        self.summary.value = (
            f"<p><b>Every {interval} weeks</b> ({interval * 12 / outcomes.WEEKS_PER_YEAR:.1f} months): "
            f"{outcomes.injections_per_year(interval):.1f} injections a year; the spasm is controlled for about "
            f"{pct(fraction)} of a steady year and back for about {back:.0f} weeks of it. "
            f"Each injection works for about {cycle.controlled_weeks():.1f} weeks above half its peak.</p>")

    def _change_source(self, change=None) -> None:
        cycle = self._cycle()
        paint_cycle(self.cycle_figure, cycle, self.source.value)
        paint_interval_curve(self.interval_figure, cycle)
        paint_interval_marker(self.interval_figure, cycle, self.interval.value)
        paint_year(self.year_figure, cycle, self.interval.value)
        self._write_summary(cycle)

    def _change_interval(self, change=None) -> None:
        cycle = self._cycle()
        paint_interval_marker(self.interval_figure, cycle, self.interval.value)
        paint_year(self.year_figure, cycle, self.interval.value)
        self._write_summary(cycle)

    def figures(self):
        return [(self.cycle_figure, CYCLE_HEIGHT), (self.interval_figure, INTERVAL_HEIGHT), (self.year_figure, YEAR_HEIGHT)]

    def static(self) -> StaticForm:
        cycle = outcomes.ToxinCycle()
        figures = (cycle_figure(), interval_figure(), year_figure())
        paint_cycle(figures[0], cycle, outcomes.DEFAULT_DURATION_SOURCE)
        paint_interval_curve(figures[1], cycle)
        paint_interval_marker(figures[1], cycle, 15)
        paint_year(figures[2], cycle, 15)
        rows = []
        for source, weeks in outcomes.DURATION_SOURCES.items():
            c = outcomes.ToxinCycle(duration_weeks=weeks)
            shares = outcomes.controlled_fraction_curve(c, [12, 15, 25])
            rows.append([f"{weeks:g} weeks", evidence.label(source), *(pct(s) for s in shares)])
        better = [1.0 - score / outcomes.HFS30_BASELINE for score in outcomes.HFS30_SCORES]
        at_15, at_gap = outcomes.controlled_fraction_curve(cycle, [15, outcomes.REAL_WORLD_INTERVAL_WEEKS])
        return StaticForm(
            title="One toxin cycle, then a year of them",
            alt=(f"Top: relief after one injection rises from zero a few days after the injection to about "
                 f"{pct(cycle.peak_relief)} at one to two weeks, holds, then fades around week {cycle.duration_weeks:g}; "
                 f"one study's quality-of-life scores (diamonds) follow the same saw-tooth, {pct(min(better[:3]))}-"
                 f"{pct(max(better[:3]))} better at weeks 2-8 and only {pct(better[3])} better at week 12. Middle: the "
                 f"share of a steady year with the spasm controlled falls as the gap between injections grows: 100% up to "
                 f"about {cycle.controlled_weeks():.0f} weeks, {pct(at_15)} at 15 weeks, {pct(at_gap)} at the real-world "
                 f"gap of 5.8 months. Bottom: a year with an injection every 15 weeks, with red bars where the spasm is "
                 f"back before each injection."),
            figures=list(figures),
            headers=["Duration of one injection", "Source", "Controlled, every 12 weeks", "every 15 weeks", "every 25 weeks"],
            rows=rows,
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
    on_toxin = [model.BTX, *model.POSTOP]
    return {
        "months": result.months.astype(float),
        "mvd_free": mvd.spasm_free / mvd.alive,
        # RECURRED is a one-month passage to toxin or a repeat operation: counted as treated again
        "mvd_free_or_toxin": (mvd.spasm_free + mvd.trace[:, [*on_toxin, model.REC]].sum(axis=1)) / mvd.alive,
        "toxin": botox.trace[:, model.BTX] / botox.alive,
    }


def curve_figure() -> go.Figure:
    mvd, botox = STRATEGY_LOOK["mvd_now"], STRATEGY_LOOK["botox_first"]
    traces = [
        go.Scatter(x=[], y=[], mode="lines", name="MVD now: spasm-free", line=dict(color=mvd["colour"], width=3, dash="solid"),
                   hovertemplate="%{x:.1f}: %{y:.0f}% spasm-free<extra>MVD now</extra>"),
        go.Scatter(x=[], y=[], mode="lines", name="MVD now: spasm-free, or treated again (toxin or a repeat operation)",
                   line=dict(color=mvd["colour"], width=2, dash="dot"),
                   hovertemplate="%{x:.1f}: %{y:.0f}%<extra>MVD now, spasm-free or on toxin</extra>"),
        go.Scatter(x=[], y=[], mode="lines", name="Botox first: controlled on toxin (wears off before each injection)",
                   line=dict(color=botox["colour"], width=3, dash="dash"),
                   hovertemplate="%{x:.1f}: %{y:.0f}% controlled<extra>Botox first</extra>"),
        go.Scatter(x=[], y=[], mode="markers+text", name="published series", textposition="bottom right",
                   marker=dict(symbol="x", size=11, color="#222222"), hovertext=[], hoverinfo="text",
                   textfont=dict(size=style.font_px(0.75))),
    ]
    return go.Figure(data=traces, layout=style.figure_layout(
        height=CURVE_HEIGHT, title=dict(text="", x=0.02, xanchor="left"),
        xaxis=dict(title="", fixedrange=True), yaxis=dict(title="patients still alive (%)", range=[0, 104], ticksuffix="%", fixedrange=True),
        legend=dict(orientation="h", y=-0.2, x=0), margin=dict(l=60, r=20, t=60, b=110)))


def paint_curves(fig, curves: dict, years: float) -> None:
    months = curves["months"]
    keep = months <= years * 12 + 1e-9
    in_months = years <= 1.0
    x = months[keep] if in_months else months[keep] / 12.0
    points = [p for p in PUBLISHED_POINTS if p[1] <= years + 1e-9]
    unit = "months" if in_months else "years"
    at = int(np.nonzero(keep)[0][-1])
    with fig.batch_update():
        for i, key in enumerate(("mvd_free", "mvd_free_or_toxin", "toxin")):
            fig.data[i].x = np.round(x, 4).tolist()
            fig.data[i].y = np.round(100 * curves[key][keep], 2).tolist()
        fig.data[3].x = [p[1] * (12 if in_months else 1) for p in points]
        fig.data[3].y = [100 * p[2] for p in points]
        fig.data[3].text = [p[3] for p in points]
        fig.data[3].textposition = ["bottom right" if p[1] < 0.75 * years else "bottom left" for p in points]
        fig.data[3].hovertext = [f"{p[3]}: {100 * p[2]:.1f}% {evidence.label(p[0])}" for p in points]
        fig.layout.xaxis.title.text = f"{unit} after the decision"
        fig.layout.xaxis.range = [-0.2, 12.4] if in_months else [-0.02 * years, years * 1.02]
        fig.layout.xaxis.dtick = 1 if in_months else (1 if years <= 10 else 2)
        fig.layout.title.text = (f"After {years:g} year{'s' if years != 1 else ''}: {pct(curves['mvd_free'][at])} spasm-free "
                                 f"after MVD; {pct(curves['toxin'][at])} controlled on toxin")


ICON_COLUMNS = 4
ICON_GAP = 5.0
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
        panels.append(dict(count=outcomes.icon_count(r.probability), high=None if r.high is None else outcomes.icon_count(r.high),
                           title=head, hover=r.label))
    _, share, _, high = PATIENT_LEVEL_SIDE_EFFECTS
    panels.append(dict(count=outcomes.icon_count(share), high=outcomes.icon_count(high),
                       title=f"<b>Any toxin side effect</b><br>during follow-up: {outcomes.risk_in_words(share)}<br>patients",
                       hover="patients with at least one toxin side effect during follow-up"))
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
        go.Scatter(x=[], y=[], mode="markers", name="not affected", hoverinfo="skip",
                   marker=dict(symbol="square", size=9, color="#D9D9D9")),
        go.Scatter(x=[], y=[], mode="markers", name="affected (the base-case figure)", hovertext=[], hoverinfo="text",
                   marker=dict(symbol="square", size=9, color=vermillion, line=dict(color="#222222", width=0.5))),
        go.Scatter(x=[], y=[], mode="markers", name="more, at the top of the range across series", hovertext=[], hoverinfo="text",
                   marker=dict(symbol="square-open", size=9, color=vermillion, line=dict(width=2))),
    ]
    return go.Figure(data=traces, layout=style.figure_layout(
        height=ICON_HEIGHT, title=dict(text="Of 100 patients like this …", x=0.02, xanchor="left"),
        xaxis=dict(visible=False, range=[-1, ICON_COLUMNS * (10 + ICON_GAP) - ICON_GAP], fixedrange=True),
        yaxis=dict(visible=False, range=[-(10 + ICON_ROW_GAP) - 10, 7.5], fixedrange=True, scaleanchor="x"),
        legend=dict(orientation="h", y=-0.04, x=0), margin=dict(l=10, r=10, t=50, b=40), annotations=[]))


def paint_icons(fig, panels: list[dict]) -> None:
    data = _icon_traces_data(panels)
    with fig.batch_update():
        for i, kind in enumerate(("none", "affected", "range")):
            x, y, hover = data["traces"][kind]
            fig.data[i].x, fig.data[i].y = x, y
            if kind != "none":
                fig.data[i].hovertext = hover
        fig.layout.annotations = [dict(x=t["x"], y=t["y"], text=t["text"], showarrow=False, yanchor="bottom",
                                       font=dict(size=style.font_px(0.8))) for t in data["titles"]]


class OutcomesOverTime(View):
    """The cure curve after MVD (immediate plus delayed) against control on toxin, and the risks of each
    treatment as icon arrays ("of 100 patients like this")."""

    def __init__(self, p_immediate: float = 0.56, p_12_months: float = 0.88, window: str = "10 years"):
        super().__init__()
        self.p_imm = ipw.FloatSlider(value=p_immediate, min=0.35, max=0.65, step=0.01, readout_format=".2f",
                                     description="Spasm-free at discharge after MVD:", continuous_update=False,
                                     style=WIDE, layout=ipw.Layout(width="500px"))
        self.p12 = ipw.FloatSlider(value=p_12_months, min=0.60, max=0.95, step=0.01, readout_format=".2f",
                                   description="Spasm-free 12 months after MVD:", continuous_update=False,
                                   style=WIDE, layout=ipw.Layout(width="500px"))
        self.window = ipw.ToggleButtons(options=list(WINDOWS), value=window, description="Show:", style=WIDE)
        self.summary = ipw.HTML()
        self.risks = outcomes.treatment_risks()
        self.curves = outcome_curves(_outcome_params(p_immediate, p_12_months))
        plain_curves, plain_icons = curve_figure(), icon_figure()
        paint_curves(plain_curves, self.curves, WINDOWS[window])
        paint_icons(plain_icons, _icon_panels(self.risks))
        self._write_summary()
        sources = ipw.HTML(self._sources_html())
        self.p_imm.observe(self.guarded(self._change_cure), names="value")
        self.p12.observe(self.guarded(self._change_cure), names="value")
        self.window.observe(self.guarded(self._change_window), names="value")
        self.curve_figure, self.icon_figure = LiveFigure(plain_curves), LiveFigure(plain_icons)
        self._build([ControlNames(), ipw.VBox([self.p_imm, self.p12, self.window]), self.curve_figure, self.summary, self.icon_figure, sources],
                    label="outcomes over time")
        self.root.add_class("hfs-outcomes-over-time")

    def _sources_html(self) -> str:
        rows = [[html.escape(r.label), f"{100 * r.probability:.1f}% per {r.per}",
                 "—" if r.high is None else f"{100 * r.high:.1f}%", cite(r.evidence_id)] for r in self.risks]
        rows.append(["Any toxin side effect during follow-up (patients)", "37% of patients", "40%",
                     cite("BTX-13") + "; range " + cite("BTX-09")])
        return (table(["Risk", "Base case", "Top of the range", "Source"], rows, "The risks drawn above")
                + "<p class='hfs-note'><small><b>Older patients.</b> " + evidence.html_cite("DEC-05") + " Age 70 and over: "
                + evidence.html_cite("MVD-18") + ". 30-day events, all MVD indications: " + evidence.html_cite("DM-COMP-04")
                + ". <b>Cure figures.</b> At discharge: " + cite("PAR-p_mvd_immediate") + "; at 12 months: "
                + cite("PAR-p_mvd_cure_12m") + ".</small></p>")

    def _write_summary(self) -> None:
        c = self.curves
        year = 12
        d = _outcome_params(self.p_imm.value, self.p12.value).d_delayed_monthly
        self.summary.value = (
            f"<p>Of 100 patients like this, about <b>{100 * c['mvd_free'][0]:.0f}</b> are spasm-free when they leave hospital "
            f"after MVD and about <b>{100 * c['mvd_free'][year]:.0f}</b> by 12 months: the rest of the cure comes late, "
            f"{100 * d:.1f}% of the remaining patients each month in this model. With toxin, about "
            f"<b>{100 * c['toxin'][year]:.0f}</b> are controlled at 12 months, but never cured: each injection wears off.</p>")

    def _change_cure(self, change=None) -> None:
        self.curves = outcome_curves(_outcome_params(self.p_imm.value, self.p12.value))
        paint_curves(self.curve_figure, self.curves, WINDOWS[self.window.value])
        self._write_summary()

    def _change_window(self, change=None) -> None:
        years = WINDOWS[self.window.value]
        paint_curves(self.curve_figure, self.curves, years)

    def figures(self):
        return [(self.curve_figure, CURVE_HEIGHT), (self.icon_figure, ICON_HEIGHT)]

    def static(self) -> StaticForm:
        curves = outcome_curves(model.Parameters())
        first, ten, icons = curve_figure(), curve_figure(), icon_figure()
        paint_curves(first, curves, 1.0)
        paint_curves(ten, curves, 10.0)
        paint_icons(icons, _icon_panels(outcomes.treatment_risks()))
        rows = [[r.label, outcomes.risk_in_words(r.probability) + (" operations" if r.per == "operation" else " sessions"),
                 "—" if r.high is None else f"{100 * r.high:.1f}%", evidence.label(r.evidence_id)]
                for r in outcomes.treatment_risks()]
        rows.append(["Any toxin side effect during follow-up", "about 37 in 100 patients", "40%",
                     f"{evidence.label('BTX-13')}; range {evidence.label('BTX-09')}"])
        return StaticForm(
            title="Outcomes over time and the risks of each treatment",
            alt=("First chart: over the first year after MVD the share of patients spasm-free rises from 56% at discharge to "
                 "88% at 12 months (delayed cure), while about 95% are controlled on toxin. Second chart: over ten years the "
                 "MVD curve drifts down slowly with recurrence to about 82%, close to Barker's 84% at 10 years; the toxin curve "
                 "falls to about 78% as some patients stop responding. Icon arrays: of 100 operations, about 2 leave permanent "
                 "hearing loss, about 1 a permanent facial palsy, 10 a facial palsy that recovers, 1 a CSF leak; stroke and "
                 "death are each about 1 in 1,000. Of 100 toxin sessions, 15 cause a drooping lid or weakness for a few weeks; "
                 "in one series 37 of 100 patients had at least one side effect during follow-up."),
            figures=[first, ten, icons],
            headers=["Risk", "How often", "Top of the range", "Source"],
            rows=rows,
        )


# --- 3. decide for this patient ----------------------------------------------------------------------

def cost_figure() -> go.Figure:
    traces = [go.Scatter(x=[], y=[], mode="lines", name=model.STRATEGY_LABELS[s],
                         line=dict(color=STRATEGY_LOOK[s]["colour"], dash=STRATEGY_LOOK[s]["dash"], width=3),
                         hovertemplate="year %{x:.1f}: %{y:,.1f} thousand USD<extra>" + SHORT[s] + "</extra>")
              for s in model.STRATEGIES]
    return go.Figure(data=traces, layout=style.figure_layout(
        height=COST_HEIGHT, title=dict(text="", x=0.02, xanchor="left"),
        xaxis=dict(title="years from the decision", fixedrange=True),
        yaxis=dict(title="cost so far (thousand USD)", rangemode="tozero", fixedrange=True),
        legend=dict(orientation="h", y=-0.22, x=0), margin=dict(l=70, r=20, t=60, b=90),
        shapes=[dict(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper", visible=False,
                     line=dict(color="#222222", dash="dot", width=2))],
        annotations=[dict(x=0, y=1, yref="paper", text="", showarrow=False, xanchor="left", yanchor="top", visible=False)]))


def paint_costs(fig, result: model.ModelResult, discounted: bool) -> None:
    years = result.years
    step = 6  # every half year: enough points for these nearly straight lines, fewer to send
    be = result.break_even_years(discounted=discounted)
    with fig.batch_update():
        for i, s in enumerate(model.STRATEGIES):
            r = result.strategies[s]
            curve = r.cumulative_cost if discounted else r.cumulative_cost_undiscounted
            fig.data[i].x = np.round(years[::step], 3).tolist()
            fig.data[i].y = np.round(curve[::step] / 1000.0, 3).tolist()
        shape, note = fig.layout.shapes[0], fig.layout.annotations[0]
        shape.x0 = shape.x1 = note.x = be or 0
        shape.visible = note.visible = bool(be)
        note.text = f" MVD now pays for itself: year {be:.1f}" if be else ""
        kind = "discounted" if discounted else "plain money"
        fig.layout.title.text = (f"Cost so far ({kind}): " +
                                 (f"break-even after {be:.1f} years" if be else f"no break-even by age {result.ages[-1]:.0f}"))


def tornado_figure() -> go.Figure:
    traces = [
        go.Bar(y=[], x=[], base=[], orientation="h", name="parameter at its low value",
               marker=dict(color=style.OKABE_ITO["sky_blue"], pattern=dict(shape="/", fgcolor="#222222", size=6)),
               hovertemplate="%{y}<br>low value: %{customdata:,.1f} thousand USD<extra></extra>", customdata=[]),
        go.Bar(y=[], x=[], base=[], orientation="h", name="parameter at its high value",
               marker=dict(color=style.OKABE_ITO["orange"]),
               hovertemplate="%{y}<br>high value: %{customdata:,.1f} thousand USD<extra></extra>", customdata=[]),
    ]
    return go.Figure(data=traces, layout=style.figure_layout(
        height=TORNADO_HEIGHT, barmode="overlay", title=dict(text="", x=0.02, xanchor="left"),
        xaxis=dict(title="net benefit of MVD now (thousand USD, 30,000 USD per QALY)", fixedrange=True,
                   zeroline=True, zerolinecolor="#222222", zerolinewidth=2),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
        legend=dict(orientation="h", y=-0.2, x=0), margin=dict(l=20, r=20, t=60, b=90),
        shapes=[dict(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper", line=dict(color="#555555", dash="dash", width=1.5))]))


def paint_tornado(fig, one_way: model.OneWayResult) -> None:
    bars = outcomes.tornado_bars(one_way, top=TORNADO_TOP, scale=1000.0)
    base = bars.base
    with fig.batch_update():
        for i, values in enumerate((bars.low, bars.high)):
            fig.data[i].y = bars.labels
            fig.data[i].x = [round(v - base, 3) for v in values]
            fig.data[i].base = [round(base, 3)] * len(values)
            fig.data[i].customdata = [round(v, 3) for v in values]
        fig.layout.shapes[0].x0 = fig.layout.shapes[0].x1 = base
        flips = (f"the choice flips within the range of: {', '.join(bars.flips)}" if bars.flips
                 else "no single range flips the choice")
        fig.layout.title.text = f"Tornado: base case {base:,.1f} thousand USD (dashed line)<br><sup>{flips}</sup>"


def map_figure() -> go.Figure:
    return go.Figure(
        data=[
            go.Heatmap(x=[], y=[], z=[], colorscale=DIVERGING, zmid=0, name="MVD now minus Botox first",
                       colorbar=dict(title=dict(text="MVD now minus<br>Botox first<br>(thousand USD)"), thickness=14),
                       hovertemplate="session %{x:,.0f} USD, MVD %{y:,.0f} USD:<br>%{z:+,.1f} thousand USD<extra></extra>"),
            go.Scatter(x=[], y=[], mode="lines+text", name="break-even line", line=dict(color="#000000", width=3),
                       text=[], textposition="top center", hoverinfo="skip"),
            go.Scatter(x=[], y=[], mode="markers+text", text=["this patient"], textposition="top center", name="this patient",
                       marker=dict(symbol="star", size=18, color="#FFFFFF", line=dict(color="#000000", width=2)),
                       hoverinfo="skip"),
        ],
        layout=style.figure_layout(
            height=MAP_HEIGHT, title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="toxin session cost (USD)", fixedrange=True), yaxis=dict(title="MVD cost (USD)", fixedrange=True),
            showlegend=False, margin=dict(l=70, r=20, t=60, b=50),
            annotations=[dict(x=0, y=0, text="surgery pays for itself", xanchor="right", yanchor="bottom", showarrow=False,
                              visible=False, bgcolor="rgba(255,255,255,0.8)"),
                         dict(x=0, y=0, text="surgery costs more", xanchor="left", yanchor="top", showarrow=False,
                              visible=False, bgcolor="rgba(255,255,255,0.8)")]))


MAP_SESSION_COSTS = np.arange(50.0, 1_501.0, 50.0)
MAP_MVD_COSTS = np.arange(10_000.0, 50_001.0, 2_000.0)


def two_way(params: model.Parameters, discounted: bool = True, result: model.ModelResult | None = None) -> model.TwoWayResult:
    return model.two_way_costs(params, session_costs=MAP_SESSION_COSTS, mvd_costs=MAP_MVD_COSTS, discounted=discounted,
                               result=result)


def paint_map(fig, two_way: model.TwoWayResult, session: float, mvd: float) -> None:
    z = two_way.inc_costs / 1000.0
    saving = float((z < 0).mean())
    low = np.unravel_index(np.argmin(z), z.shape)
    high = np.unravel_index(np.argmax(z), z.shape)
    xs, ys = two_way.session_costs, two_way.mvd_costs
    line_x, line_y = outcomes.break_even_line(xs, ys, two_way.inc_costs)
    with fig.batch_update():
        if not fig.data[0].x:  # the grid never changes; send it once
            fig.data[0].x, fig.data[0].y = xs.tolist(), ys.tolist()
        fig.data[0].z = np.round(z, 2).tolist()
        fig.data[1].x, fig.data[1].y = line_x, line_y
        fig.data[1].text = ["break-even" if k == len(line_x) // 2 else "" for k in range(len(line_x))]
        fig.data[2].x, fig.data[2].y = [float(session)], [float(mvd)]
        # plain attribute sets: Figure.update() costs about 1 ms per call here (measured)
        for note, (row, column), shown in ((fig.layout.annotations[0], low, z.min() < 0),
                                           (fig.layout.annotations[1], high, z.max() > 0)):
            note.x, note.y, note.visible = float(xs[column]), float(ys[row]), bool(shown)
        kind = "discounted" if two_way.discounted else "undiscounted"
        fig.layout.title.text = f"Surgery pays for itself in {pct(saving)} of this map ({kind})"


def ce_plane_figure() -> go.Figure:
    traces = []
    for s in ("mvd_now", "botox_then_mvd"):
        look = STRATEGY_LOOK[s]
        traces.append(go.Scatter(x=[], y=[], mode="markers", name=f"{SHORT[s]}: one draw",
                                 marker=dict(symbol=look["symbol"], size=5, color=look["colour"], opacity=0.35),
                                 hovertemplate="%{x:+.2f} QALYs, %{y:+,.1f} thousand USD<extra>" + SHORT[s] + "</extra>"))
    for s in ("mvd_now", "botox_then_mvd"):
        look = STRATEGY_LOOK[s]
        traces.append(go.Scatter(x=[], y=[], mode="markers", name=f"{SHORT[s]}: mean",
                                 marker=dict(symbol=look["symbol"], size=16, color=look["colour"], line=dict(color="#000000", width=2)),
                                 hovertemplate="mean: %{x:+.2f} QALYs, %{y:+,.1f} thousand USD<extra>" + SHORT[s] + "</extra>"))
    traces.append(go.Scatter(x=[], y=[], mode="lines", name="30,000 USD per QALY", line=dict(color="#222222", dash="dash"),
                             hoverinfo="skip"))
    return go.Figure(data=traces, layout=style.figure_layout(
        height=PSA_HEIGHT, title=dict(text="Cost-effectiveness plane: press Run PSA", x=0.02, xanchor="left"),
        xaxis=dict(title="QALYs gained over Botox first", zeroline=True, zerolinecolor="#222222"),
        yaxis=dict(title="extra cost (thousand USD)", zeroline=True, zerolinecolor="#222222"),
        legend=dict(orientation="h", y=-0.22, x=0), margin=dict(l=70, r=20, t=60, b=100)))


def ceac_figure() -> go.Figure:
    traces = [go.Scatter(x=[], y=[], mode="lines", name=model.STRATEGY_LABELS[s],
                         line=dict(color=STRATEGY_LOOK[s]["colour"], dash=STRATEGY_LOOK[s]["dash"], width=3),
                         hovertemplate="%{x:,.0f} thousand USD per QALY: best in %{y:.0f}% of draws<extra>" + SHORT[s] + "</extra>")
              for s in model.STRATEGIES]
    return go.Figure(data=traces, layout=style.figure_layout(
        height=PSA_HEIGHT, title=dict(text="Acceptability curve: press Run PSA", x=0.02, xanchor="left"),
        xaxis=dict(title="willingness to pay (thousand USD per QALY)", range=[0, 100], fixedrange=True),
        yaxis=dict(title="draws in which it is best (%)", range=[0, 102], ticksuffix="%", fixedrange=True),
        legend=dict(orientation="h", y=-0.22, x=0), margin=dict(l=70, r=20, t=60, b=100),
        shapes=[dict(type="line", x0=model.DEFAULT_WTP / 1000, x1=model.DEFAULT_WTP / 1000, y0=0, y1=1, yref="paper",
                     line=dict(color="#555555", dash="dot", width=1.5))]))


def paint_psa(plane, ceac, result: model.PSAResult, stale: bool = False) -> None:
    wtp = model.DEFAULT_WTP
    with plane.batch_update(), ceac.batch_update():
        extent = 0.0
        for i, s in enumerate(("mvd_now", "botox_then_mvd")):
            dc, dq = result.incremental(s)
            plane.data[i].x = np.round(dq, 4).tolist()
            plane.data[i].y = np.round(dc / 1000.0, 3).tolist()
            plane.data[2 + i].x = [round(float(dq.mean()), 4)]
            plane.data[2 + i].y = [round(float(dc.mean()) / 1000.0, 3)]
            extent = max(extent, float(dq.max()))
        low = min(0.0, min(float(result.incremental(s)[1].min()) for s in ("mvd_now", "botox_then_mvd")))
        plane.data[4].x = [low, extent]
        plane.data[4].y = [low * wtp / 1000.0, extent * wtp / 1000.0]
        for j in range(len(result.strategies)):
            ceac.data[j].x = (result.wtp / 1000.0).tolist()
            ceac.data[j].y = np.round(100 * result.ceac[:, j], 2).tolist()
        mark = "<br><sup>out of date: press Run PSA</sup>" if stale else ""
        plane.layout.title.text = f"Cost-effectiveness plane, {len(result.costs):,} draws, seed {result.seed}{mark}"
        ceac.layout.title.text = f"Acceptability curve, {len(result.costs):,} draws{mark}"


def psa_words(result: model.PSAResult) -> str:
    at = int(np.argmin(np.abs(result.wtp - model.DEFAULT_WTP)))
    shares = ", ".join(f"{SHORT[s]} {pct(result.ceac[at, j])}" for j, s in enumerate(result.strategies))
    dc, dq = result.incremental("mvd_now")
    cheaper = float((dc < 0).mean())
    return (f"<p><b>PSA, {len(result.costs):,} draws (seed {result.seed}).</b> At 30,000 USD per QALY the strategy with the "
            f"highest net benefit was: {shares} of draws. MVD now was cheaper than Botox first in {pct(cheaper)} of draws "
            f"and gave more QALYs in {pct(float((dq > 0).mean()))}. "
            f"{result.n_adjusted} draws were moved back into a parameter's allowed range.</p>")


def defaults_table() -> str:
    """Every default of the model with its unit, one-way range and source or assumption label."""
    store = evidence.store()
    rows = []
    for name, spec in model.PARAMETER_SPECS.items():
        entry_id = spec.evidence_id or EXTRA_EVIDENCE.get(name)
        if entry_id is None and f"PAR-{name}" in store.entries:
            entry_id = f"PAR-{name}"
        source = cite(entry_id) if entry_id else "<span class='hfs-assumption'>[assumption, this model]</span>"
        unit = spec.unit
        if unit == "USD":
            note = store.get(entry_id).note if entry_id else ""
            unit = "USD, price year not stated" if "price year not stated" in note else "USD"
        span = "—" if spec.low is None else f"{spec.low:g} to {spec.high:g}"
        rows.append([html.escape(spec.label), f"{spec.base:g}", html.escape(unit), span, html.escape(spec.status), source])
    rows.append(["Willingness to pay", f"{model.DEFAULT_WTP:,.0f}", "USD per QALY", "0 to 100,000 (acceptability curve)",
                 "ASSUMPTION", cite("L4-WTP")])
    rows.append(["Duration of a transient hearing deficit and of a CSF leak", f"{model.TRANSIENT_HEARING_MONTHS:g}", "month",
                 "—", "ASSUMPTION", cite("L4-TRANSIENT-DURATIONS")])
    rows.append(["PSA spread of the two prices", "centred on your choice", "—", "—", "ASSUMPTION", cite("L4-PSA-COSTS")])
    return (table(["Input", "Default", "Unit (currency, year)", "One-way range", "Status in the model", "Source"], rows,
                   "Every default of the decision model")
            + "<p class='hfs-note'><small>Costs are in US dollars from a US health-system perspective; the sources do not "
              "state a price year. Utilities and costs are the weakest inputs: no preference-based utilities exist for HFS "
            + cite("DM-UTIL-01") + ", and toxin prices differ tenfold between countries " + cite("DM-COST-03") + ".</small></p>")


def show_defaults():
    """Every default of the decision model with its source, for the lesson page (also without a kernel)."""
    from IPython.display import HTML

    return HTML(defaults_table())


def break_even_table(ages=(40, 50, 65, 80), prices=tuple(outcomes.PRICE_PRESETS.values())):
    """Break-even years of MVD now against Botox first, by age and toxin session price, plain and discounted."""
    from IPython.display import HTML

    plain = outcomes.break_even_grid(ages, prices)
    discounted = outcomes.break_even_grid(ages, prices, discounted=True)
    words = lambda v: "never (by age 100)" if v is None else f"{v:.1f} years"  # noqa: E731
    names = {v: k for k, v in outcomes.PRICE_PRESETS.items()}
    headers = ["Age"] + [f"{html.escape(names.get(p, 'Price'))}: {p:,} per session" for p in prices]
    rows = [[f"{age}"] + [f"{words(a)}<br><small>discounted: {words(b)}</small>" for a, b in zip(row_a, row_b)]
            for age, row_a, row_b in zip(ages, plain, discounted)]
    return HTML(table(headers, rows, "When does MVD now pay for itself? (model output; MVD 27,000 USD, other inputs at base case)"))


def sensitivity_answers(ages=(50, 80)):
    """The model's answers to section 4's predictions: PSA shares at 30,000 USD per QALY and the
    break-even toxin price at the default MVD cost (base case otherwise)."""
    from IPython.display import HTML

    wtp = model.DEFAULT_WTP
    rows = []
    for age in ages:
        params = model.Parameters(age0=float(age))
        result = model.psa(params, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(params))
        shares = result.ceac[int(np.argmin(np.abs(result.wtp - wtp)))]
        rows.append([f"{age}-year-old woman: share of {PSA_DRAWS:,} draws in which each strategy is best at {wtp:,.0f} USD per QALY",
                     "; ".join(f"{html.escape(model.STRATEGY_LABELS[s])} {pct(x)}" for s, x in zip(result.strategies, shares))])
    base = model.Parameters()
    for discounted in (True, False):
        price = outcomes.break_even_session_price(base, discounted=discounted)
        words = "none in the allowed range" if price is None else f"{price:,.0f} USD per session"
        rows.append([f"Toxin price at which MVD now costs the same as Botox first, MVD at {base.c_mvd:,.0f} USD, "
                     f"{'discounted' if discounted else 'plain money'}", words])
    return HTML(table(["Question", "Model output"], rows, f"The model's answers (base case, PSA seed {PSA_SEED})"))


def _numbers_table(result: model.ModelResult) -> str:
    rows = []
    for s, icer in outcomes.icer_words(result):
        r = result.strategies[s]
        rows.append([html.escape(model.STRATEGY_LABELS[s]), f"{r.qalys:.2f}", f"{r.life_years:.1f}", f"{r.costs:,.0f}",
                     f"{r.injections:.0f}", f"{r.surgeries:.2f}", f"{100 * r.perm_complications:.1f}", html.escape(icer)])
    be_plain, be_disc = result.break_even_years(discounted=False), result.break_even_years()
    be = lambda v: "none by age 100" if v is None else f"{v:.1f} years"  # noqa: E731
    return (table(["Strategy", "QALYs (discounted)", "Life-years", "Cost (USD, discounted)", "Toxin sessions", "Operations",
                    "Permanent complications per 100", "ICER along the efficiency frontier"], rows,
                  "The numbers, cheapest first (sequential ICERs; a dominated strategy gets none)")
            + f"<p>Break-even of MVD now against Botox first: <b>{be(be_plain)}</b> in plain money, "
              f"<b>{be(be_disc)}</b> discounted.</p>")


class DecideForPatient(View):
    """Decide for this patient: age, sex, severity, attitude to risk and the two prices drive the
    decision model; plain words, the numbers, cumulative costs, a tornado, the two-way price map and
    (behind a button) the probabilistic sensitivity analysis."""

    def __init__(self, age: int = 50, session_cost: int = 600, mvd_cost: int = 27_000):
        super().__init__()
        wide = ipw.Layout(width="460px")
        self.age = ipw.IntSlider(value=age, min=20, max=90, step=1, description="Age (years):", continuous_update=False,
                                 style=WIDE, layout=wide)
        self.sex = ipw.ToggleButtons(options=[("Woman", 1), ("Man", 0)], value=1, description="Life table:",
                                     style=WIDE)
        self.severity = ipw.Dropdown(options=list(outcomes.SEVERITY_CHOICES.items()), value=1.0, description="Severity:",
                                     style=WIDE, layout=ipw.Layout(width="360px"))
        self.risk = ipw.Dropdown(options=list(outcomes.RISK_ATTITUDE_CHOICES.items()), value=1.0,
                                 description="Attitude to surgical risk:", style=WIDE, layout=ipw.Layout(width="360px"))
        self.session = ipw.IntSlider(value=session_cost, min=50, max=1500, step=10, description="Toxin session cost (USD):",
                                     continuous_update=False, style=WIDE, layout=wide)
        self.presets = [ipw.Button(description=f"{name} ({value:,})", tooltip=f"Set the session cost to {value:,}",
                                   layout=ipw.Layout(width="auto"))
                        for name, value in outcomes.PRICE_PRESETS.items()]
        self.mvd = ipw.IntSlider(value=mvd_cost, min=10_000, max=50_000, step=1_000, description="MVD cost (USD):",
                                 continuous_update=False, style=WIDE, layout=wide)
        self.costs_view = ipw.ToggleButtons(options=[("Discounted", True), ("Plain money", False)], value=True,
                                            description="Costs:", style=WIDE)
        self.run_psa = ipw.Button(description="Run PSA", tooltip=f"Probabilistic sensitivity analysis, {PSA_DRAWS:,} draws",
                                  button_style="primary")
        self.seed = ipw.BoundedIntText(value=PSA_SEED, min=0, max=2**31 - 1, description="Seed:", style=WIDE,
                                       layout=ipw.Layout(width="180px"))
        self.summary, self.numbers, self.psa_status = ipw.HTML(), ipw.HTML(), ipw.HTML()
        self.summary.add_class("hfs-decide-words")
        self.psa_result: model.PSAResult | None = None

        params = self._params()
        self.result = model.run_model(params)
        plain = {"costs": cost_figure(), "tornado": tornado_figure(), "map": map_figure(),
                 "plane": ce_plane_figure(), "ceac": ceac_figure()}
        paint_costs(plain["costs"], self.result, True)
        paint_tornado(plain["tornado"], model.one_way(params, names=TORNADO_PARAMETERS))
        paint_map(plain["map"], two_way(params, result=self.result), session_cost, mvd_cost)
        self._write_words()
        self.psa_status.value = (f"<p class='hfs-note'>The PSA draws every uncertain input {PSA_DRAWS:,} times "
                                 f"(beta and gamma distributions, seeded). Press <b>Run PSA</b>; it takes a moment.</p>")

        for control in (self.age, self.sex, self.severity, self.risk, self.session, self.mvd):
            control.observe(self.guarded(self._refresh), names="value")
        self.costs_view.observe(self.guarded(self._change_costs_view), names="value")
        for button, value in zip(self.presets, outcomes.PRICE_PRESETS.values()):
            button.on_click(self.guarded(lambda _b, v=value: setattr(self.session, "value", v)))
        self.run_psa.on_click(self.guarded(self._run_psa))

        defaults = ipw.Accordion(children=[ipw.HTML(defaults_table())], titles=("Every default, its source and its status",))
        defaults.selected_index = None
        sources = ipw.HTML(
            "<p class='hfs-note'><small>Severity: " + evidence.html_cite("L4-SEVERITY") + ". Attitude to risk: "
            + evidence.html_cite("L4-RISK-ATTITUDE") + ". Price presets: " + evidence.html_cite("L4-PRICE-PRESETS")
            + ". Net benefit at " + evidence.html_cite("L4-WTP") + ". Checking the model: " + evidence.html_cite("DEC-06")
            + ".</small></p>")
        self.cost_figure, self.tornado_figure, self.map_figure, self.plane_figure, self.ceac_figure = (
            LiveFigure(plain[k]) for k in ("costs", "tornado", "map", "plane", "ceac"))
        patient = ipw.VBox([self.age, self.sex, self.severity, self.risk], layout=ipw.Layout(margin="0 24px 0 0"))
        prices = ipw.VBox([self.session, ipw.HBox(self.presets, layout=ipw.Layout(flex_flow="row wrap")), self.mvd, self.costs_view])
        self._build([
            ControlNames(), ipw.HBox([patient, prices], layout=ipw.Layout(flex_flow="row wrap")), sources,
            self.summary, self.numbers, self.cost_figure, self.tornado_figure, self.map_figure,
            ipw.HBox([self.run_psa, self.seed]), self.psa_status, self.plane_figure, self.ceac_figure, defaults,
        ], label="decide for this patient")
        self.root.add_class("hfs-decide")

    def _params(self) -> model.Parameters:
        return model.Parameters(age0=float(self.age.value), female=int(self.sex.value), severity=float(self.severity.value),
                                risk_attitude=float(self.risk.value), c_btx_session=float(self.session.value),
                                c_mvd=float(self.mvd.value))

    def _write_words(self) -> None:
        lines = outcomes.decision_summary(self.result)
        self.summary.value = ("<div><b>In plain words (expected values for a patient like this):</b><ul>"
                              + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul></div>")
        self.numbers.value = _numbers_table(self.result)

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
            with self.map_figure.batch_update():
                self.map_figure.data[2].x, self.map_figure.data[2].y = [float(self.session.value)], [float(self.mvd.value)]
        elif owner not in (self.severity, self.risk):
            paint_map(self.map_figure, two_way(params, self.costs_view.value, self.result), self.session.value, self.mvd.value)
        self._write_words()
        if self.psa_result is not None:
            self.psa_status.value = ("<p class='hfs-message' role='status'>The inputs changed since the last PSA: its plots "
                                     "below describe the previous patient. Press <b>Run PSA</b> to update them.</p>")
            with self.plane_figure.batch_update(), self.ceac_figure.batch_update():
                for fig in (self.plane_figure, self.ceac_figure):
                    if "out of date" not in fig.layout.title.text:
                        fig.layout.title.text += "<br><sup>out of date: press Run PSA</sup>"

    def _change_costs_view(self, change=None) -> None:
        params = self._params()
        paint_costs(self.cost_figure, self.result, self.costs_view.value)
        paint_map(self.map_figure, two_way(params, self.costs_view.value, self.result), self.session.value, self.mvd.value)

    def _run_psa(self, _button=None) -> None:
        params = self._params()
        self.psa_result = model.psa(params, n=PSA_DRAWS, seed=int(self.seed.value),
                                    distributions=outcomes.psa_cost_distributions(params))
        paint_psa(self.plane_figure, self.ceac_figure, self.psa_result)
        self.psa_status.value = psa_words(self.psa_result)

    def figures(self):
        return [(self.cost_figure, COST_HEIGHT), (self.tornado_figure, TORNADO_HEIGHT), (self.map_figure, MAP_HEIGHT),
                (self.plane_figure, PSA_HEIGHT), (self.ceac_figure, PSA_HEIGHT)]

    def static(self) -> StaticForm:
        params = model.Parameters()
        result = model.run_model(params)
        costs, tornado, price_map, plane, ceac = cost_figure(), tornado_figure(), map_figure(), ce_plane_figure(), ceac_figure()
        paint_costs(costs, result, False)
        paint_tornado(tornado, model.one_way(params, names=TORNADO_PARAMETERS))
        paint_map(price_map, two_way(params, result=result), params.c_btx_session, params.c_mvd)
        psa_result = model.psa(params, n=PSA_DRAWS, seed=PSA_SEED, distributions=outcomes.psa_cost_distributions(params))
        paint_psa(plane, ceac, psa_result)
        rows = []
        for s, icer in outcomes.icer_words(result):
            r = result.strategies[s]
            rows.append([model.STRATEGY_LABELS[s], f"{r.qalys:.2f}", f"{r.costs:,.0f}", f"{r.injections:.0f}",
                         f"{r.surgeries:.2f}", icer])
        be = result.break_even_years(discounted=False)
        return StaticForm(
            title="Decide for this patient: a woman aged 50, base case, US prices (USD, price year not stated)",
            alt=(f"Cumulative undiscounted costs: MVD now starts about 27,000 USD higher and Botox first catches up after "
                 f"about {be:.0f} years. Tornado: the toxin session cost, the utilities on toxin and when cured, and the MVD cost "
                 "swing the net benefit most; none flips the choice on its own. Price map: surgery pays for itself over a "
                 "lifetime when sessions are dear and the operation cheap (bottom right); with European toxin prices it never "
                 f"does. PSA ({PSA_DRAWS:,} draws): most MVD-now draws lie to the right of zero (more QALYs) and most above zero "
                 "(dearer); the acceptability curve shows MVD now as the best choice in most draws above a few thousand USD "
                 "per QALY."),
            figures=[costs, tornado, price_map, plane, ceac],
            headers=["Strategy", "QALYs (discounted)", "Cost (USD, discounted)", "Toxin sessions", "Operations",
                     "ICER along the efficiency frontier"],
            rows=rows,
        )


# --- benchmark -------------------------------------------------------------------------------------------

def bench_cases():
    """Callbacks timed by `make bench`: one change of a control per call, as a click would make it."""
    state = {"i": 0, "s": 0, "w": 0, "p": 0, "a": 0, "c": 0, "v": 0}

    toxin = ToxinCycles()
    intervals = [10, 15, 20, 25, 30, 12]
    sources = list(outcomes.DURATION_SOURCES)

    def toxin_interval():
        state["i"] = (state["i"] + 1) % len(intervals)
        toxin.interval.value = intervals[state["i"]]

    def toxin_source():
        state["s"] = (state["s"] + 1) % len(sources)
        toxin.source.value = sources[state["s"]]

    over_time = OutcomesOverTime()
    p12s = [0.80, 0.85, 0.90, 0.95, 0.88]
    windows = list(WINDOWS)

    def outcomes_cure():
        state["p"] = (state["p"] + 1) % len(p12s)
        over_time.p12.value = p12s[state["p"]]

    def outcomes_window():
        state["w"] = (state["w"] + 1) % len(windows)
        over_time.window.value = windows[state["w"]]

    decide = DecideForPatient()
    ages = [40, 55, 70, 85, 30, 50]
    prices = [70, 300, 900, 1500, 600]
    severities = list(outcomes.SEVERITY_CHOICES.values())

    def decide_age():
        state["a"] = (state["a"] + 1) % len(ages)
        decide.age.value = ages[state["a"]]

    def decide_price():
        state["c"] = (state["c"] + 1) % len(prices)
        decide.session.value = prices[state["c"]]

    def decide_severity():
        state["v"] = (state["v"] + 1) % len(severities)
        decide.severity.value = severities[state["v"]]

    at_fifty = DecideForPatient(age=50)  # the age controls' bench leaves `decide` at whatever age it reached

    def decide_psa():
        at_fifty.run_psa.click()

    def lifetime_run():  # the model alone, every strategy over a lifetime (issue budget: 10 ms)
        model.run_model(model.Parameters())

    def psa_model():  # the model alone, 1,000 PSA draws (issue budget: 300 ms)
        model.psa(model.Parameters(), n=1000, seed=PSA_SEED)

    return [
        ("treatment: model, deterministic lifetime run of all strategies", lifetime_run),
        ("treatment: model, PSA of 1,000 draws", psa_model, 20),
        ("treatment: toxin cycles, change interval", toxin_interval),
        ("treatment: toxin cycles, change duration source", toxin_source),
        ("treatment: outcomes over time, change 12-month cure", outcomes_cure),
        ("treatment: outcomes over time, change window", outcomes_window),
        ("treatment: decide, change age", decide_age),
        ("treatment: decide, change toxin session cost", decide_price),
        ("treatment: decide, change severity", decide_severity),
        ("treatment: decide, run PSA (1,000 draws, age 50)", decide_psa, 20),
    ]


__all__ = ["ToxinCycles", "OutcomesOverTime", "DecideForPatient", "bench_cases"]
