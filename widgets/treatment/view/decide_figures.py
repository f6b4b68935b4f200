"""The decision widget's figures: cumulative costs, tornado, two-way price map, CE plane and acceptability curve."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ...ui import style
from ...ui.html import pct
from .. import model, outcomes
from .common import COST_HEIGHT, DIVERGING, MAP_HEIGHT, PSA_HEIGHT, SHORT, STRATEGY_LOOK, TORNADO_HEIGHT, TORNADO_TOP

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


def cost_figure() -> go.Figure:
    traces = _strategy_lines("year %{x:.1f}: %{y:,.1f} thousand USD")
    return go.Figure(
        data=traces,
        layout=style.figure_layout(
            height=COST_HEIGHT,
            title=dict(text="", x=0.02, xanchor="left"),
            xaxis=dict(title="years from the decision", fixedrange=True),
            yaxis=dict(title="cost so far (thousand USD)", rangemode="tozero", fixedrange=True),
            legend=dict(orientation="h", y=-0.22, x=0),
            margin=dict(l=70, r=20, t=60, b=90),
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
            name="parameter at its low value",
            marker=dict(color=style.OKABE_ITO["sky_blue"], pattern=dict(shape="/", fgcolor="#222222", size=6)),
            hovertemplate="%{y}<br>low value: %{customdata:,.1f} thousand USD<extra></extra>",
            customdata=[],
        ),
        go.Bar(
            y=[],
            x=[],
            base=[],
            orientation="h",
            name="parameter at its high value",
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
                title="net benefit of MVD now (thousand USD, 30,000 USD per QALY)",
                fixedrange=True,
                zeroline=True,
                zerolinecolor="#222222",
                zerolinewidth=2,
            ),
            yaxis=dict(autorange="reversed", fixedrange=True, automargin=True),
            legend=dict(orientation="h", y=-0.2, x=0),
            margin=dict(l=20, r=20, t=60, b=90),
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
    base = bars.base
    with fig.batch_update():
        for i, values in enumerate((bars.low, bars.high)):
            fig.data[i].y = bars.labels
            fig.data[i].x = [round(v - base, 3) for v in values]
            fig.data[i].base = [round(base, 3)] * len(values)
            fig.data[i].customdata = [round(v, 3) for v in values]
        fig.layout.shapes[0].x0 = fig.layout.shapes[0].x1 = base
        flips = (
            f"the choice flips within the range of: {', '.join(bars.flips)}"
            if bars.flips
            else "no single range flips the choice"
        )
        fig.layout.title.text = f"Tornado: base case {base:,.1f} thousand USD (dashed line)<br><sup>{flips}</sup>"


def map_figure() -> go.Figure:
    return go.Figure(
        data=[
            go.Heatmap(
                x=[],
                y=[],
                z=[],
                colorscale=DIVERGING,
                zmid=0,
                name="MVD now minus Botox first",
                colorbar=dict(title=dict(text="MVD now minus<br>Botox first<br>(thousand USD)"), thickness=14),
                hovertemplate="session %{x:,.0f} USD, MVD %{y:,.0f} USD:<br>%{z:+,.1f} thousand USD<extra></extra>",
            ),
            go.Scatter(
                x=[],
                y=[],
                mode="lines+text",
                name="break-even line",
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
                name="this patient",
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
    with fig.batch_update():
        if not fig.data[0].x:  # the grid never changes; send it once
            fig.data[0].x, fig.data[0].y = xs.tolist(), ys.tolist()
        fig.data[0].z = np.round(z, 2).tolist()
        fig.data[1].x, fig.data[1].y = line_x, line_y
        fig.data[1].text = ["break-even" if k == len(line_x) // 2 else "" for k in range(len(line_x))]
        fig.data[2].x, fig.data[2].y = [float(session)], [float(mvd)]
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
                name=f"{SHORT[s]}: one draw",
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
                name=f"{SHORT[s]}: mean",
                marker=dict(symbol=look["symbol"], size=16, color=look["colour"], line=dict(color="#000000", width=2)),
                hovertemplate="mean: %{x:+.2f} QALYs, %{y:+,.1f} thousand USD<extra>" + SHORT[s] + "</extra>",
            )
        )
    traces.append(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="30,000 USD per QALY",
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
            yaxis=dict(title="extra cost (thousand USD)", zeroline=True, zerolinecolor="#222222"),
            legend=dict(orientation="h", y=-0.22, x=0),
            margin=dict(l=70, r=20, t=60, b=100),
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
            yaxis=dict(title="draws in which it is best (%)", range=[0, 102], ticksuffix="%", fixedrange=True),
            legend=dict(orientation="h", y=-0.22, x=0),
            margin=dict(l=70, r=20, t=60, b=100),
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
        chosen, share = model.acceptability_frontier(result.costs, result.qalys, result.wtp)
        ceac.data[len(result.strategies)].x = (result.wtp / 1000.0).tolist()
        ceac.data[len(result.strategies)].y = np.round(100 * share, 2).tolist()
        ceac.data[len(result.strategies)].text = [SHORT[result.strategies[k]] for k in chosen]
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
