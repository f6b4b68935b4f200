"""The decision widget's figures: cumulative costs, tornado, two-way price map, CE plane and acceptability curve."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ...ui import style
from ...ui.charts import trace
from ...ui.html import pct
from ...ui.livefigure import plain
from .. import model, outcomes
from .common import (
    COST_HEIGHT,
    DIVERGING,
    MAP_HEIGHT,
    PSA_HEIGHT,
    SHORT,
    STRATEGY_LOOK,
    TORNADO_HEIGHT,
    TORNADO_TOP,
    bottom_margin,
    legend_below,
)

# --- 3. decide for this patient ----------------------------------------------------------------------


def _strategy_lines(hover: str) -> list:
    """One empty line per strategy, in its colour and dash, named by its label (hover: the point's words)."""
    return [
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=model.STRATEGY_LABELS[s],
            line=dict(color=STRATEGY_LOOK[s]["colour"], dash=STRATEGY_LOOK[s]["dash"], width=3),
            hovertemplate=hover + "<extra>" + SHORT[s] + "</extra>",
        )
        for s in model.STRATEGIES
    ]


# Trace names: the callbacks find each trace by its name.
TORNADO_LOW, TORNADO_HIGH = "parameter at its low value", "parameter at its high value"
MAP_HEAT, MAP_LINE, MAP_PATIENT = "MVD now minus Botox first", "break-even line", "this patient"
PLANE_WTP = "30,000 USD per QALY"
# Bottom margins (px) for ticks, axis title and a legend of one or two rows: in a notebook, on a projector.
COST_LEGEND, TORNADO_LEGEND, PSA_LEGEND = (110, 120), (120, 160), (120, 150)


def _draws(strategy: str) -> str:
    return f"{SHORT[strategy]}: one draw"


def _mean(strategy: str) -> str:
    return f"{SHORT[strategy]}: mean"


def move_marker(fig, session: float, mvd: float) -> None:
    """The price map's star to this patient's prices (the map itself depends on the patient only)."""
    star = trace(fig, MAP_PATIENT)
    with fig.batch_update():
        star.x, star.y = [float(session)], [float(mvd)]


def _range_words(row) -> str:
    """A parameter's tested range in the words a learner reads: probabilities and yearly rates as percentages."""
    low, high = row.low_value, row.high_value

    def share(v: float) -> str:
        return f"{100 * v:.2f}".rstrip("0").rstrip(".")

    if row.unit in ("probability", "probability per session"):
        return f"{share(low)}–{share(high)}%" + (" per session" if row.unit.endswith("session") else "")
    if row.unit == "per year":
        return f"{share(low)}–{share(high)}% a year"
    if row.unit in ("utility", "utility loss"):
        return f"{low:.2f}–{high:.2f}"
    if row.unit == "USD":
        return f"{low:,.0f}–{high:,.0f} USD"
    return f"{low:g}–{high:g} {row.unit}".rstrip()


def tornado_labels(one_way: model.OneWayResult, top: int) -> list[str]:
    """One line per bar, the parameter and the range it is moved across ('Cost of an MVD episode:
    15,000–45,000 USD'), in the tornado's order (widest swing first, as outcomes.tornado_bars sorts).
    One line, not two: two-line labels ran into each other at ten bars."""
    rows = sorted(one_way.rows, key=lambda r: r.swing(one_way.metric), reverse=True)[:top]
    return [f"{r.label}: {_range_words(r)}" for r in rows]


def cost_figure() -> go.Figure:
    traces = _strategy_lines("year %{x:.1f}: %{y:,.1f} thousand USD")
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=COST_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="years from the decision", fixedrange=True),
            yaxis=dict(title="cost (thousand USD)", fixedrange=True),
            legend=legend_below(),
            margin=dict(l=70, r=20, t=60, b=bottom_margin(*COST_LEGEND)),
            shapes=[
                dict(
                    type="line",
                    x0=0,
                    x1=0,
                    y0=0,
                    y1=1,
                    yref="paper",
                    visible=False,
                    line=dict(color="#222222", dash="dot", width=2),
                )
            ],
            annotations=[
                dict(x=0, y=1, yref="paper", text="", showarrow=False, xanchor="left", yanchor="top", visible=False)
            ],
        ),
    )


def paint_costs(fig, result: model.ModelResult, discounted: bool) -> None:
    years = result.years
    step = 6  # every half year: enough points for these nearly straight lines, fewer to send
    be = result.break_even_years(discounted=discounted)
    top = 0.0
    with fig.batch_update():
        for s in model.STRATEGIES:
            r = result.strategies[s]
            curve = r.cumulative_cost if discounted else r.cumulative_cost_undiscounted
            line = trace(fig, model.STRATEGY_LABELS[s])
            line.x = plain(years[::step], 3)
            line.y = plain(curve[::step] / 1000.0, 3)
            top = max(top, float(curve.max()) / 1000.0)
        # a little room below zero, so the corner ticks '0' and '0' stand apart
        fig.layout.yaxis.range = [-0.06 * top, 1.06 * top]
        fig.layout.xaxis.range = [0, float(years[-1])]
        shape, note = fig.layout.shapes[0], fig.layout.annotations[0]
        shape.x0 = shape.x1 = note.x = be or 0
        shape.visible = note.visible = bool(be)
        note.text = f" MVD now pays for itself: year {be:.1f}" if be else ""
        kind = "discounted" if discounted else "plain money"
        fig.layout.title.text = f"Cost so far ({kind}): " + (
            f"break-even after {be:.1f} years" if be else f"no break-even by age {result.ages[-1]:.0f}"
        )


def tornado_figure() -> go.Figure:
    traces = [
        go.Bar(
            y=[],
            x=[],
            base=[],
            orientation="h",
            name=TORNADO_LOW,
            marker=dict(color=style.OKABE_ITO["sky_blue"], pattern=dict(shape="/", fgcolor="#222222", size=6)),
            hovertemplate="%{y}<br>low value: %{customdata:,.1f} thousand USD<extra></extra>",
            customdata=[],
        ),
        go.Bar(
            y=[],
            x=[],
            base=[],
            orientation="h",
            name=TORNADO_HIGH,
            marker=dict(color=style.OKABE_ITO["orange"]),
            hovertemplate="%{y}<br>high value: %{customdata:,.1f} thousand USD<extra></extra>",
            customdata=[],
        ),
    ]
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=TORNADO_HEIGHT,
            barmode="overlay",
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(
                title="net benefit of MVD now<br>(thousand USD)",  # the yardstick is in the title
                fixedrange=True,
                zeroline=True,
                zerolinecolor="#222222",
                zerolinewidth=2,
            ),
            yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
            legend=legend_below(),
            margin=dict(l=20, r=20, t=60, b=bottom_margin(*TORNADO_LEGEND)),
            shapes=[
                dict(
                    type="line",
                    x0=0,
                    x1=0,
                    y0=0,
                    y1=1,
                    yref="paper",
                    line=dict(color="#555555", dash="dash", width=1.5),
                )
            ],
        ),
    )


def paint_tornado(fig, one_way: model.OneWayResult) -> None:
    bars = outcomes.tornado_bars(one_way, top=TORNADO_TOP, scale=1000.0)
    labels = tornado_labels(one_way, TORNADO_TOP)
    base = bars.base
    with fig.batch_update():
        for name, values in ((TORNADO_LOW, bars.low), (TORNADO_HIGH, bars.high)):
            side = trace(fig, name)
            side.y = labels
            side.x = [round(v - base, 3) for v in values]
            side.base = [round(base, 3)] * len(values)
            side.customdata = [round(v, 3) for v in values]
        fig.layout.shapes[0].x0 = fig.layout.shapes[0].x1 = base
        flips = (
            f"the choice flips within the range of: {', '.join(bars.flips)}"
            if bars.flips
            else "no single range flips the choice"
        )
        fig.layout.title.text = (
            f"Tornado: base case {base:,.1f} thousand USD (dashed line)<br><sup>net benefit at 30,000 USD per QALY; "
            f"{flips}</sup>"
        )


def map_figure() -> go.Figure:
    return go.Figure(
        data=[
            go.Heatmap(
                x=[],
                y=[],
                z=[],
                colorscale=DIVERGING,
                zmid=0,
                name=MAP_HEAT,
                colorbar=dict(title=dict(text="MVD now minus<br>Botox first<br>(thousand USD)"), thickness=14),
                hovertemplate="session %{x:,.0f} USD, MVD %{y:,.0f} USD:<br>%{z:+,.1f} thousand USD<extra></extra>",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="lines+text",
                name=MAP_LINE,
                line=dict(color="#000000", width=3),
                text=[],
                textposition="top center",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="markers+text",
                text=["this patient"],
                textposition="top center",
                name=MAP_PATIENT,
                marker=dict(symbol="star", size=18, color="#FFFFFF", line=dict(color="#000000", width=2)),
                hoverinfo="skip",
            ),
        ],
        layout=style.figure_layout(
            height=MAP_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="toxin session cost (USD)", fixedrange=True),
            yaxis=dict(title="MVD cost (USD)", fixedrange=True),
            showlegend=False,
            margin=dict(l=70, r=20, t=60, b=50),
            annotations=[
                dict(
                    x=0,
                    y=0,
                    text="surgery pays for itself",
                    xanchor="right",
                    yanchor="bottom",
                    showarrow=False,
                    visible=False,
                    bgcolor="rgba(255,255,255,0.8)",
                ),
                dict(
                    x=0,
                    y=0,
                    text="surgery costs more",
                    xanchor="left",
                    yanchor="top",
                    showarrow=False,
                    visible=False,
                    bgcolor="rgba(255,255,255,0.8)",
                ),
            ],
        ),
    )


MAP_SESSION_COSTS = np.arange(50.0, 1_501.0, 50.0)
MAP_MVD_COSTS = np.arange(10_000.0, 50_001.0, 2_000.0)


def two_way(
    params: model.Parameters, discounted: bool = True, result: model.ModelResult | None = None
) -> model.TwoWayResult:
    return model.two_way_costs(
        params, session_costs=MAP_SESSION_COSTS, mvd_costs=MAP_MVD_COSTS, discounted=discounted, result=result
    )


def paint_map(fig, two_way: model.TwoWayResult, session: float, mvd: float) -> None:
    z = two_way.inc_costs / 1000.0
    saving = float((z < 0).mean())
    low = np.unravel_index(np.argmin(z), z.shape)
    high = np.unravel_index(np.argmax(z), z.shape)
    xs, ys = two_way.session_costs, two_way.mvd_costs
    line_x, line_y = outcomes.break_even_line(xs, ys, two_way.inc_costs)
    heat, line, star = (trace(fig, name) for name in (MAP_HEAT, MAP_LINE, MAP_PATIENT))
    with fig.batch_update():
        if not heat.x:  # the grid never changes; send it once
            heat.x, heat.y = plain(xs), plain(ys)
        heat.z = plain(z, 2)
        line.x, line.y = line_x, line_y
        line.text = ["break-even" if k == len(line_x) // 2 else "" for k in range(len(line_x))]
        star.x, star.y = [float(session)], [float(mvd)]
        # plain attribute sets: Figure.update() costs about 1 ms per call here (measured)
        for note, (row, column), shown in (
            (fig.layout.annotations[0], low, z.min() < 0),
            (fig.layout.annotations[1], high, z.max() > 0),
        ):
            note.x, note.y, note.visible = float(xs[column]), float(ys[row]), bool(shown)
        kind = "discounted" if two_way.discounted else "undiscounted"
        fig.layout.title.text = f"Surgery pays for itself in {pct(saving)} of this map ({kind})"


def ce_plane_figure() -> go.Figure:
    traces = []
    for s in ("mvd_now", "botox_then_mvd"):
        look = STRATEGY_LOOK[s]
        traces.append(
            go.Scatter(
                x=[],
                y=[],
                mode="markers",
                name=_draws(s),
                marker=dict(symbol=look["symbol"], size=5, color=look["colour"], opacity=0.35),
                hovertemplate="%{x:+.2f} QALYs, %{y:+,.1f} thousand USD<extra>" + SHORT[s] + "</extra>",
            )
        )
    for s in ("mvd_now", "botox_then_mvd"):
        look = STRATEGY_LOOK[s]
        traces.append(
            go.Scatter(
                x=[],
                y=[],
                mode="markers",
                name=_mean(s),
                marker=dict(symbol=look["symbol"], size=16, color=look["colour"], line=dict(color="#000000", width=2)),
                hovertemplate="mean: %{x:+.2f} QALYs, %{y:+,.1f} thousand USD<extra>" + SHORT[s] + "</extra>",
            )
        )
    traces.append(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name=PLANE_WTP,
            line=dict(color="#222222", dash="dash"),
            hoverinfo="skip",
        )
    )
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=PSA_HEIGHT,
            title=dict(text="Cost-effectiveness plane: press Run PSA", x=0.02, xanchor="left"),
            xaxis=dict(title="QALYs gained over Botox first", zeroline=True, zerolinecolor="#222222"),
            yaxis=dict(title="extra cost<br>(thousand USD)", zeroline=True, zerolinecolor="#222222"),
            legend=legend_below(),
            margin=dict(l=70, r=20, t=60, b=bottom_margin(*PSA_LEGEND)),
        ),
    )


CEAF_NAME = "Acceptability frontier: the strategy with the highest expected net benefit"


def ceac_figure() -> go.Figure:
    traces = _strategy_lines("%{x:,.0f} thousand USD per QALY: best in %{y:.0f}% of draws")
    # The frontier (CEAF) last, so the strategy curves keep their places: a wide grey band under the
    # curve of whichever strategy a decision maker would choose (highest mean net benefit) at each price.
    traces.append(
        go.Scatter(
            x=[],
            y=[],
            name=CEAF_NAME,
            mode="lines",
            line=dict(color="rgba(0,0,0,0.28)", width=9),
            hovertemplate="%{x:,.0f} thousand USD per QALY: %{text}, best in %{y:.0f}% of draws<extra>frontier</extra>",
        )
    )
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=PSA_HEIGHT,
            title=dict(text="Acceptability curve: press Run PSA", x=0.02, xanchor="left"),
            xaxis=dict(title="willingness to pay (thousand USD per QALY)", range=[0, 100], fixedrange=True),
            yaxis=dict(title="best in % of draws", range=[-6, 102], ticksuffix="%", fixedrange=True),
            legend=legend_below(),
            margin=dict(l=70, r=20, t=60, b=bottom_margin(*PSA_LEGEND)),
            shapes=[
                dict(
                    type="line",
                    x0=model.DEFAULT_WTP / 1000,
                    x1=model.DEFAULT_WTP / 1000,
                    y0=0,
                    y1=1,
                    yref="paper",
                    line=dict(color="#555555", dash="dot", width=1.5),
                )
            ],
        ),
    )


def paint_psa(plane, ceac, result: model.PSAResult, stale: bool = False) -> None:
    wtp = model.DEFAULT_WTP
    with plane.batch_update(), ceac.batch_update():
        extent = 0.0
        for s in ("mvd_now", "botox_then_mvd"):
            dc, dq = result.incremental(s)
            draws, mean = trace(plane, _draws(s)), trace(plane, _mean(s))
            draws.x = plain(dq, 4)
            draws.y = plain(dc / 1000.0, 3)
            mean.x = [round(float(dq.mean()), 4)]
            mean.y = [round(float(dc.mean()) / 1000.0, 3)]
            extent = max(extent, float(dq.max()))
        low = min(0.0, min(float(result.incremental(s)[1].min()) for s in ("mvd_now", "botox_then_mvd")))
        yardstick = trace(plane, PLANE_WTP)
        yardstick.x = [low, extent]
        yardstick.y = [low * wtp / 1000.0, extent * wtp / 1000.0]
        for j, s in enumerate(result.strategies):
            curve = trace(ceac, model.STRATEGY_LABELS[s])
            curve.x = plain(result.wtp / 1000.0)
            curve.y = plain(100 * result.ceac[:, j], 2)
        chosen, share = model.acceptability_frontier(result.costs, result.qalys, result.wtp)
        frontier = trace(ceac, CEAF_NAME)
        frontier.x = plain(result.wtp / 1000.0)
        frontier.y = plain(100 * share, 2)
        frontier.text = [SHORT[result.strategies[k]] for k in chosen]
        mark = "<br><sup>out of date: press Run PSA</sup>" if stale else ""
        plane.layout.title.text = f"Cost-effectiveness plane, {len(result.costs):,} draws, seed {result.seed}{mark}"
        ceac.layout.title.text = f"Acceptability curve, {len(result.costs):,} draws{mark}"


def psa_words(result: model.PSAResult) -> str:
    at = int(np.argmin(np.abs(result.wtp - model.DEFAULT_WTP)))
    shares = ", ".join(f"{SHORT[s]} {pct(result.ceac[at, j])}" for j, s in enumerate(result.strategies))
    dc, dq = result.incremental("mvd_now")
    cheaper = float((dc < 0).mean())
    return (
        f"<p><b>PSA, {len(result.costs):,} draws (seed {result.seed}).</b> At 30,000 USD per QALY the strategy with the "
        f"highest net benefit was: {shares} of draws. MVD now was cheaper than Botox first in {pct(cheaper)} of draws "
        f"and gave more QALYs in {pct(float((dq > 0).mean()))}. "
        f"{result.n_adjusted} draws were moved back into a parameter's allowed range. "
        f"Expected value of perfect information at 30,000 USD per QALY: about "
        f"{float(model.evpi(result.costs, result.qalys, [model.DEFAULT_WTP])[0]):,.0f} USD per patient.</p>"
    )
