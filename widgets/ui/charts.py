"""Charts that more than one lesson draws. Each builder takes plain data (names, arrays, labels), so
the UI layer knows no lesson's model; a lesson view passes its model's numbers in.

Traces are found by name (`trace`), never by position, so a builder may add a trace without
breaking its callers.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from . import style
from .livefigure import LiveFigure, plain

PRE, POST = "pre-test (the setting)", "after the findings"
STIMULATED, RECORDED = "stimulated branch", "recorded muscle"
LSR_OFFSET = 2.0  # the stimulated branch's trace is drawn this far above the recorded muscle's


def trace(fig, name: str):
    """The trace called `name` (a KeyError names what the figure holds)."""
    for t in fig.data:
        if t.name == name:
            return t
    raise KeyError(f"no trace named {name!r}; the figure has {[t.name for t in fig.data]}")


# --- probability of each diagnosis (lesson 3's Bayesian differential, the capstone's cases) ---------


def probability_figure(names: list[str], *, widget: bool = True, height: int = 430):
    """Horizontal bars: pre-test (grey, hatched) and after the findings (blue, solid, with % labels)."""
    pre = go.Bar(
        y=names,
        x=[0] * len(names),
        orientation="h",
        name=PRE,
        marker=dict(
            color=style.NEUTRAL_FILL,
            line=dict(color=style.OUTLINE, width=1),
            pattern=dict(shape="/", fgcolor=style.OUTLINE, size=6),
        ),
        hovertemplate="%{y}: %{x:.1f}% before the findings<extra></extra>",
    )
    post = go.Bar(
        y=names,
        x=[0] * len(names),
        orientation="h",
        name=POST,
        marker=dict(color=style.SERIES[0]),
        text=[""] * len(names),
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}% after the findings<extra></extra>",
    )
    layout = style.figure_layout(
        height=height,
        barmode="group",
        bargap=0.25,
        title=dict(text="", x=0.02, xanchor="left"),
        xaxis=dict(title="probability (%)", range=[0, 112], ticksuffix="%", fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True),
        legend=dict(orientation="h", y=-0.18, x=0),
        margin=dict(l=170, r=30, t=60, b=80),
    )
    return (LiveFigure if widget else go.Figure)(data=[pre, post], layout=layout)


def probability_label(p: float) -> str:
    """A bar's label as a whole percentage, never a rounded certainty: a probability below 1 that rounds to
    100% reads '>99%' and one above 0 that rounds to 0% reads '<1%', as the charts' titles say them."""
    text = f"{p:.0%}"
    if text == "100%" and p < 1:
        return ">99%"
    if text == "0%" and p > 0:
        return "<1%"
    return text


def paint_probabilities(fig, prior: np.ndarray, post: np.ndarray | None, title: str) -> None:
    """Update the two bar traces in place (post None shows the pre-test bars only)."""
    before, after = trace(fig, PRE), trace(fig, POST)
    with fig.batch_update():
        before.x = plain(prior * 100, 2)
        if post is None:
            after.x = [0] * len(prior)
            after.text = [""] * len(prior)
        else:
            after.x = plain(post * 100, 2)
            after.text = [probability_label(p) for p in post]
        fig.layout.title.text = title


# --- the lateral spread response (lesson 2's signs, the capstone's tests) --------------------------


def lsr_figure(
    t_ms, direct, recorded, ticks: list[str], title: str, latency_ms: float, *, widget: bool = True, height: int = 340
):
    """Two EMG traces, the stimulated branch above the recorded muscle, with the expected latency dotted."""
    traces = [
        go.Scatter(
            x=t_ms,
            y=np.asarray(direct) + LSR_OFFSET,
            mode="lines",
            line=dict(color=style.SERIES[0], width=2),
            name=STIMULATED,
            hoverinfo="skip",
        ),
        go.Scatter(
            x=t_ms,
            y=recorded,
            mode="lines",
            line=dict(color=style.SERIES[3], width=2, dash="solid"),
            name=RECORDED,
            hoverinfo="skip",
        ),
    ]
    layout = style.figure_layout(
        height=height,
        title=dict(text=title, x=0.5),
        showlegend=False,
        # The axis title a little smaller than the text: at 24 px on a projector it ran past a half-width chart.
        xaxis=dict(
            title=dict(text="milliseconds after the stimulus", font=dict(size=style.font_px(0.8))),
            range=[-2, 30],
            fixedrange=True,
        ),
        yaxis=dict(
            tickvals=[LSR_OFFSET, 0], ticktext=ticks, range=[-1.3, LSR_OFFSET + 1.4], fixedrange=True, zeroline=False
        ),
        margin=dict(l=230, r=20, t=60, b=50),
        shapes=[
            dict(
                type="line",
                x0=latency_ms,
                x1=latency_ms,
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#777777", dash="dot", width=1),
            )
        ],
        annotations=[
            dict(x=latency_ms, y=1.0, yref="paper", yanchor="bottom", showarrow=False, text=f"{latency_ms:.0f} ms")
        ],
    )
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def paint_lsr(fig, direct, recorded, *, as_lists: bool = True) -> None:
    """New EMG traces. as_lists: plain lists (livefigure's rule); lesson 2 sends its arrays as it did
    before issue 19 (3x faster for its 321 points; see docs/architecture.md, register entry 4)."""
    if as_lists:
        trace(fig, STIMULATED).y = plain(np.asarray(direct) + LSR_OFFSET, 4)
        trace(fig, RECORDED).y = plain(recorded, 4)
    else:
        trace(fig, STIMULATED).y = np.asarray(direct) + LSR_OFFSET
        trace(fig, RECORDED).y = np.asarray(recorded)
