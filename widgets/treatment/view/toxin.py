"""Section 1 of lesson 4: one toxin cycle, then a year of them (ToxinCycles)."""

from __future__ import annotations

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from ... import evidence
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View
from ...ui.charts import trace
from ...ui.html import WIDE, cite, pct
from ...ui.livefigure import LiveFigure, plain
from .. import outcomes
from .common import (
    CYCLE_HEIGHT,
    INTERVAL_HEIGHT,
    YEAR_HEIGHT,
    behind_toggle,
    bottom_margin,
    fit_controls,
    legend_below,
    refit_margins,
    refit_text,
    side_by_side,
)

# Trace names: the callbacks find each trace by its name.
CYCLE_MODEL = "model: relief after one injection"
YEAR_RELIEF, YEAR_BACK, YEAR_SHOTS = "relief", "spasm back (below half the peak)", "injection"
SHARE_CURVE, YOUR_INTERVAL = "share of the year controlled", "your interval"
# The y axes start a little below zero, so the '0%' tick stands clear of the first x tick.
FLOOR = -6
# Bottom margins (px) for ticks, axis title and a legend of one or two rows: in a notebook, on a projector.
CYCLE_LEGEND, YEAR_LEGEND = (110, 145), (110, 120)
PRESENTER_CYCLE_HEIGHT = 370  # x 1.25 on a projector: the one-injection chart beside the controls

# --- 1. one toxin cycle, then a year of them ------------------------------------------------------


def _duration_label(source: str) -> str:
    return f"{outcomes.DURATION_SOURCES[source]:g} weeks {evidence.label(source)}"


def cycle_figure() -> go.Figure:
    """Relief after one injection (line), one study's HFS-30 relief (diamonds), the half-peak line."""
    weeks, relief = outcomes.hfs30_relief()
    fig = go.Figure(
        data=[
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=CYCLE_MODEL,
                fill="tozeroy",
                line=dict(color=style.SERIES[0], width=3),
                hovertemplate="week %{x:.1f}: %{y:.0f}% relief<extra></extra>",
            ),
            go.Scatter(
                x=plain(weeks),
                y=plain(100 * relief, 1),
                mode="markers+text",
                name="one study: quality-of-life relief (HFS-30)",
                text=[f"{100 * r:.0f}%" for r in relief],
                textposition=["top center", "top center", "top center", "middle left"],
                marker=dict(symbol="diamond", size=11, color=style.SERIES[1], line=dict(color="#222222", width=1)),
                hovertemplate="week %{x}: HFS-30 score %{y:.0f}% better than before the injection<extra></extra>",
            ),
            go.Scatter(
                x=[0, 26],
                y=[50 * outcomes.PEAK_RELIEF, 50 * outcomes.PEAK_RELIEF],
                mode="lines",
                name="half the peak: 'controlled' above this line",
                line=dict(color="#222222", dash="dot", width=1.5),
                hoverinfo="skip",
            ),
        ],
        layout=style.figure_layout(
            height=CYCLE_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks after one injection", range=[0, 26], dtick=2, fixedrange=True),
            yaxis=dict(title="spasm relieved (%)", range=[FLOOR, 106], ticksuffix="%", fixedrange=True),  # room for 84%
            legend=legend_below(),
            margin=dict(l=60, r=20, t=60, b=bottom_margin(*CYCLE_LEGEND)),
            shapes=[
                dict(
                    type="line",
                    x0=0,
                    x1=0,
                    y0=0,
                    y1=1,
                    yref="paper",
                    line=dict(color="#222222", width=1.5, dash="dash"),
                )
            ],
            annotations=[dict(x=0, y=1, yref="paper", text="", showarrow=False, xanchor="left", yanchor="top")],
        ),
    )
    return fig


def paint_cycle(fig, cycle: outcomes.ToxinCycle, source: str) -> None:
    t = np.linspace(0, 26, 209)
    line = trace(fig, CYCLE_MODEL)
    with fig.batch_update():
        line.x = plain(t, 3)
        line.y = plain(100 * cycle.effect(t), 2)
        fig.layout.shapes[0].update(x0=cycle.duration_weeks, x1=cycle.duration_weeks)
        fig.layout.annotations[0].update(x=cycle.duration_weeks, text=f" reported duration {cycle.duration_weeks:g} wk")
        fig.layout.title.text = (
            f"One injection: works after about {7 * cycle.onset_weeks:.0f} days, "
            f"fades around week {cycle.duration_weeks:g}"
        )


def year_figure() -> go.Figure:
    return go.Figure(
        data=[
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=YEAR_RELIEF,
                fill="tozeroy",
                line=dict(color=style.SERIES[0], width=2.5),
                hovertemplate="week %{x:.1f}: %{y:.0f}% relief<extra></extra>",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=YEAR_BACK,
                line=dict(color=style.OKABE_ITO["vermillion"], width=10),
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="markers",
                name=YEAR_SHOTS,
                marker=dict(symbol="triangle-down", size=14, color="#222222"),
                hovertemplate="injection in week %{x:.0f}<extra></extra>",
            ),
        ],
        layout=style.figure_layout(
            height=YEAR_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks of a steady year of treatment", range=[-1, 53], dtick=4, fixedrange=True),
            yaxis=dict(title="spasm relieved (%)", range=[-10, 100], ticksuffix="%", fixedrange=True),
            legend=legend_below(),
            margin=dict(l=60, r=20, t=60, b=bottom_margin(*YEAR_LEGEND)),
        ),
    )


def paint_year(fig, cycle: outcomes.ToxinCycle, interval: float) -> None:
    t = np.linspace(0, outcomes.WEEKS_PER_YEAR, 523)
    relief = outcomes.repeated_effect(cycle, interval, t)
    back = relief < outcomes.CONTROL_SHARE * cycle.peak_relief - 1e-12
    shots = outcomes.injection_weeks(interval)
    fraction = outcomes.controlled_fraction_curve(cycle, [interval])[0]
    line, bars, marks = (trace(fig, name) for name in (YEAR_RELIEF, YEAR_BACK, YEAR_SHOTS))
    with fig.batch_update():
        line.x = plain(t, 3)
        line.y = plain(100 * relief, 2)
        bars.x = plain(t, 3)
        bars.y = [-5 if b else None for b in back]
        marks.x = plain(shots, 2)
        marks.y = [96] * len(shots)
        fig.layout.title.text = (
            f"Every {interval:g} weeks: controlled {pct(fraction)} of the year, "
            f"{outcomes.injections_per_year(interval):.1f} injections a year"
        )


def interval_figure() -> go.Figure:
    label = outcomes.LABEL_MIN_INTERVAL_WEEKS
    real = outcomes.REAL_WORLD_INTERVAL_WEEKS
    return go.Figure(
        data=[
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=SHARE_CURVE,
                line=dict(color=style.SERIES[0], width=3),
                hovertemplate="every %{x:.0f} weeks: controlled %{y:.0f}% of the year<extra></extra>",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="markers+text",
                name=YOUR_INTERVAL,
                textposition="top right",
                marker=dict(symbol="star", size=18, color=style.SERIES[1], line=dict(color="#222222", width=1)),
                hoverinfo="skip",
            ),
        ],
        layout=style.figure_layout(
            height=INTERVAL_HEIGHT,
            title=dict(text="Longer gaps between injections: more weeks with the spasm back", x=0.02, xanchor="left"),
            xaxis=dict(title="weeks between injections", range=[8, 30], dtick=2, fixedrange=True),
            yaxis=dict(title="year controlled (%)", range=[FLOOR, 110], ticksuffix="%", fixedrange=True),
            showlegend=False,
            margin=dict(l=60, r=20, t=60, b=50),
            shapes=[
                dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color="#555555", width=1.5, dash=d))
                for x, d in ((label, "dot"), (real, "dash"))
            ],
            annotations=[
                dict(
                    x=label,
                    y=0.02,
                    yref="paper",
                    text="drug label: more often than every<br>3 months adds nothing",
                    showarrow=False,
                    xanchor="left",
                    yanchor="bottom",
                    font=dict(size=style.font_px(0.8)),
                ),
                dict(  # at the top: beside the drug label's line at the bottom the two met on a narrow chart
                    x=real,
                    y=0.98,
                    yref="paper",
                    text="real-world gap in one series:<br>5.8 months",
                    showarrow=False,
                    xanchor="right",
                    yanchor="top",
                    font=dict(size=style.font_px(0.8)),
                ),
            ],
        ),
    )


def paint_interval_curve(fig, cycle: outcomes.ToxinCycle) -> None:
    grid = np.arange(8.0, 30.01, 0.25)
    curve = trace(fig, SHARE_CURVE)
    with fig.batch_update():
        curve.x = plain(grid)
        curve.y = plain(100 * outcomes.controlled_fraction_curve(cycle, grid), 2)


def paint_interval_marker(fig, cycle: outcomes.ToxinCycle, interval: float) -> None:
    fraction = outcomes.controlled_fraction_curve(cycle, [interval])[0]
    star = trace(fig, YOUR_INTERVAL)
    with fig.batch_update():
        star.x = [float(interval)]
        star.y = [round(100 * fraction, 2)]
        star.text = [f" {pct(fraction)}"]
        # under the curve, left of the star: clear of the real-world gap's label at the top right
        star.textposition = "bottom left" if interval > 12 else "bottom right"


class ToxinCycles(View):
    """One toxin cycle, then a year of them: the effect over the weeks after an injection, and the
    share of a year the spasm is controlled as the interval between injections changes."""

    def __init__(self, interval_weeks: int = 15, source: str = outcomes.DEFAULT_DURATION_SOURCE):
        super().__init__()
        self.source = ipw.Dropdown(
            options=[(_duration_label(k), k) for k in outcomes.DURATION_SOURCES],
            value=source,
            description="How long one injection works:",
            style=WIDE,
            layout=ipw.Layout(width="520px"),
        )
        self.interval = ipw.IntSlider(
            value=interval_weeks,
            min=8,
            max=30,
            step=1,
            description="Weeks between injections:",
            continuous_update=False,
            style=WIDE,
            layout=ipw.Layout(width="460px"),
        )
        self.summary = ipw.HTML()
        cycle = self._cycle()
        figures = (cycle_figure(), year_figure(), interval_figure())
        paint_cycle(figures[0], cycle, source)
        paint_year(figures[1], cycle, interval_weeks)
        paint_interval_curve(figures[2], cycle)
        paint_interval_marker(figures[2], cycle, interval_weeks)
        self._write_summary(cycle)
        self.notes = ipw.HTML(
            "<p class='hfs-note'><small><b>Sources.</b> Onset: "
            + cite("BTX-10")
            + "; peak at one to two weeks: "
            + cite("BTD-31")
            + "; peak relief: "
            + cite("BTX-08")
            + ". Diamonds: "
            + evidence.html_cite("L4-HFS30-RELIEF")
            + ". The interval chart's lines: the drug label "
            + cite("BTD-31")
            + " and the real-world gap "
            + cite("DM-BTX-03")
            + ". The curve's shape: "
            + evidence.html_cite("L4-TOXIN-CURVE")
            + "</small></p>"
        )
        self.source.observe(self.guarded(self._change_source), names="value")
        self.interval.observe(self.guarded(self._change_interval), names="value")
        self.cycle_figure, self.year_figure, self.interval_figure = (LiveFigure(f) for f in figures)
        self.controls = ipw.VBox([self.source, self.interval])
        self.names = ControlNames()
        self._build(self._arrangement(), label="toxin cycles")
        self.root.add_class("hfs-toxin-cycles")  # a stable hook for browser tests and page styles
        if style.presenter_on():  # built on a projector (lecture mode): its figures at their projector sizes
            self.rescale()

    def _arrangement(self) -> list:
        """In a notebook: the controls, the three charts directly under them, the summary and sources. On a
        projector (1920 px wide, text at 24 px) that stack is two screens tall: the controls and the summary
        beside the one-injection chart, the interval and year charts side by side under them, the sources
        behind a button."""
        fit_controls((self.source,), "520px")
        fit_controls((self.interval,), "460px")
        if style.presenter_on():
            left = ipw.VBox([self.controls, self.summary, behind_toggle("Sources", self.notes)])
            return [
                self.names,
                side_by_side(left, self.cycle_figure, widths=("40%",)),  # room for the duration menu
                side_by_side(self.interval_figure, self.year_figure),
            ]
        self.notes.layout.display = ""
        return [
            self.names,
            self.controls,
            self.cycle_figure,
            self.interval_figure,
            self.year_figure,
            self.summary,
            self.notes,
        ]

    def rescale(self) -> None:
        super().rescale()
        refit_margins([(self.cycle_figure, *CYCLE_LEGEND), (self.year_figure, *YEAR_LEGEND)])
        refit_text(self.interval_figure, annotations=0.8, title=1.0)  # half the width on a projector
        refit_text(self.year_figure, title=1.0)
        refit_text(self.cycle_figure, title=1.0)
        self._arrange(self._arrangement())

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
            f"Each injection works for about {cycle.controlled_weeks():.1f} weeks above half its peak.</p>"
        )

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
        return [
            (self.cycle_figure, PRESENTER_CYCLE_HEIGHT if style.presenter_on() else CYCLE_HEIGHT),
            (self.interval_figure, INTERVAL_HEIGHT),
            (self.year_figure, YEAR_HEIGHT),
        ]

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
        return StaticForm(
            title="One toxin cycle, then a year of them",
            alt=(
                "Top: relief after one injection over the weeks, with one study's quality-of-life scores (diamonds). Middle: "
                "the share of a steady year controlled against the gap between injections, the label's three-month minimum and "
                "one series' real-world gap marked. Bottom: a year of injections every 15 weeks, red where the spasm is back."
            ),
            figures=list(figures),
            headers=[
                "Duration of one injection",
                "Source",
                "Controlled, every 12 weeks",
                "every 15 weeks",
                "every 25 weeks",
            ],
            rows=rows,
            fold_table="Show the table (it answers the question above)",
        )
