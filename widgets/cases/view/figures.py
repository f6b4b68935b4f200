"""The capstone's three charts (differential, EMG, decision model), each drawn in any state on a plain figure or a FigureWidget."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ... import evidence
from ...differential import model as dmodel
from ...differential import report as dreport
from ...face import short_name
from ...progression import model as pmodel
from ...treatment import model as tmodel
from ...treatment import outcomes
from ...ui import charts, style
from ...ui.livefigure import LiveFigure, plain
from .. import model
from .common import DX_HEIGHT, DX_WIDTH, LSR_HEIGHT, LSR_WIDTH, TX_HEIGHT, TX_STATES, TX_WIDTH, _lock_note, _pct, _text

# --- the three charts: each built in any state on a plain figure or a FigureWidget ------------------


def dx_figure(widget: bool = False) -> go.Figure:
    """Lesson 3's probability chart with one extra annotation for the locked / not-used message."""
    fig = charts.probability_figure([dreport.SHORT[d] for d in dmodel.DIAGNOSES], widget=False, height=DX_HEIGHT)
    fig.update_layout(
        width=DX_WIDTH,
        margin=dict(l=160, r=20, t=60, b=80),
        annotations=[
            dict(
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                text="",
                showarrow=False,
                font=dict(size=style.font_px(1.0)),
                bgcolor="#FFFFFF",
                visible=False,
            )
        ],
    )
    return LiveFigure(fig) if widget else fig


def paint_dx(fig, c: model.Case, level: str, step_number: int = 0) -> None:
    """level: locked (not reached), pre (the setting only), bedside, tests, or unused."""
    n = len(dmodel.DIAGNOSES)
    zeros = np.zeros(n)
    if level in ("locked", "unused") or c.differential.setting is None:
        message = (
            "Not used in this case (see the note below)"
            if level == "unused" or c.differential.setting is None
            else _lock_note("the differential", step_number)
        )
        charts.paint_probabilities(fig, zeros, None, "Lesson 3: the Bayesian differential")
        fig.layout.annotations[0].update(text=message, visible=True)
        return
    prior = dmodel.prior_vector(c.differential.setting)
    setting = dmodel.SETTINGS[c.differential.setting].name
    if level == "pre":
        charts.paint_probabilities(fig, prior, None, f"{setting}:<br>before the findings")
    else:
        post = dmodel.posterior(c.differential.setting, model.findings_at(c, level))
        lead, p = dmodel.ranked(post)[0]
        when = "history and examination" if level == "bedside" else "the tests"
        charts.paint_probabilities(
            fig, prior, post, f"After {when}: {dreport.SHORT[lead]} {_pct(p)}<br><sup>{html.escape(setting)}</sup>"
        )
    fig.layout.annotations[0].visible = False


def dx_panel_html(c: model.Case, level: str) -> str:
    if c.differential.setting is None or level == "unused":
        return f"<p class='hfs-note'>{_text(c.differential.note)}</p>"
    if level == "locked":
        return ""
    setting = dmodel.SETTINGS[c.differential.setting]
    sources = "; ".join(dreport._cite(e) for e in setting.evidence) if setting.evidence else ""
    head = f"<p><b>Setting:</b> {html.escape(setting.name)}. Pre-test probabilities: {sources}.</p>"
    if level == "pre":
        return head + "<p><i>Predict first:</i> how far will the history and examination move these bars?</p>"
    obs = model.findings_at(c, level)
    prior = dmodel.prior_vector(c.differential.setting)
    post = dmodel.posterior(c.differential.setting, obs)
    ranking = dmodel.ranked(post)
    table = dreport.lr_table_html(obs, prior, post, ranking[0][0], ranking[1][0])
    note = f"<p class='hfs-note'>{_text(c.differential.note)}</p>" if c.differential.note else ""
    return (
        head
        + dreport.red_flags_html(obs)
        + note
        + f"<details><summary>The arithmetic: pre-test odds × likelihood ratios</summary>{table}</details>"
    )


def lsr_figure(widget: bool = False) -> go.Figure:
    """Lesson 2's lateral-spread-response schematic, with plain lists and a locked / not-used message."""
    rec = pmodel.lateral_spread_response("zygomatic", "mentalis", "healthy")
    fig = charts.lsr_figure(
        rec.t_ms,
        rec.direct,
        rec.recorded,
        _lsr_ticks(rec),
        _lsr_title(rec),
        pmodel.LSR_LATENCY_MS,
        widget=False,
        height=LSR_HEIGHT,
    )
    for trace in fig.data:  # plain lists: numpy arrays reach a FigureWidget as buffers it did not draw
        trace.x = plain(trace.x, 3)
        trace.y = plain(trace.y, 4)
    fig.update_layout(width=LSR_WIDTH, margin=dict(l=190, r=20, t=95, b=50))
    fig.add_annotation(
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        text="",
        showarrow=False,
        bgcolor="#FFFFFF",
        font=dict(size=style.font_px(1.0)),
        visible=False,
    )
    return LiveFigure(fig) if widget else fig


def _lsr_ticks(rec) -> list[str]:
    return [
        f"{short_name(rec.stimulated_muscle)} ({rec.stimulated_branch})",
        f"{short_name(rec.recorded_muscle)} (recorded)",
    ]


def _lsr_title(rec) -> str:
    if rec.lsr_present:
        return f"Nerve compressed:<br>lateral spread response at {rec.latency_ms:.0f} ms"
    return "After decompression:<br>no lateral spread response"


def paint_lsr(fig, c: model.Case, level: str, step_number: int = 0) -> None:
    """level: locked, shown, or unused (the case uses no EMG)."""
    rec = model.lsr_recording(c)
    with fig.batch_update():
        if level == "shown" and rec is not None:
            charts.paint_lsr(fig, rec.direct, rec.recorded)
            for trace in fig.data:
                trace.visible = True
            fig.layout.yaxis.ticktext = _lsr_ticks(rec)
            fig.layout.title.text = _lsr_title(rec)
            fig.layout.annotations[-1].visible = False
            fig.layout.annotations[0].visible = True
            fig.layout.shapes[0].visible = True
            return
        for trace in fig.data:
            trace.visible = False
        fig.layout.annotations[0].visible = False
        fig.layout.shapes[0].visible = False
        fig.layout.title.text = "Lesson 2: the lateral spread<br>response (EMG)"
        message = (
            _lock_note("the tests", step_number)
            if level == "locked" and rec is not None
            else "No EMG in this case (see the note below)"
        )
        fig.layout.annotations[-1].update(text=message, visible=True)


def treatment_figure(widget: bool = False) -> go.Figure:
    """Expected years of remaining life by state, for each strategy of lesson 4's decision model."""
    names = [tmodel.STRATEGY_LABELS[s] for s in tmodel.STRATEGIES]
    traces = [
        go.Bar(
            y=names,
            x=[0.0] * len(names),
            orientation="h",
            name=label,
            text=[""] * len(names),
            textposition="inside",
            insidetextanchor="middle",
            marker=dict(
                color=colour,
                pattern=dict(shape=pattern, fgcolor="#FFFFFF", size=7),
                line=dict(color="#333333", width=0.5),
            ),
            hovertemplate="%{y}: %{x:.1f} years " + label + "<extra></extra>",
        )
        for _key, label, colour, pattern in TX_STATES
    ]
    layout = style.figure_layout(
        height=TX_HEIGHT,
        width=TX_WIDTH,
        barmode="stack",
        title=dict(text="Lesson 4: the decision model", x=0.02, xanchor="left"),
        xaxis=dict(title="expected years of life left (undiscounted)", rangemode="tozero", fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True),
        legend=dict(orientation="h", y=-0.32, x=0),
        margin=dict(l=230, r=20, t=60, b=100),
        annotations=[
            dict(
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                text="",
                showarrow=False,
                bgcolor="#FFFFFF",
                font=dict(size=style.font_px(1.0)),
                visible=False,
            )
        ],
    )
    fig = go.Figure(data=traces, layout=layout)
    return LiveFigure(fig) if widget else fig


@dataclass
class DecisionRun:
    """The decision model at one age: the result and the years per state of each strategy."""

    age: int
    result: tmodel.ModelResult
    years: dict = field(default_factory=dict)  # strategy -> outcomes.state_years(...)


def run_decision(c: model.Case, age: int | None = None) -> DecisionRun:
    params = model.decision_parameters(c, age)
    result = tmodel.run_model(params)
    run = DecisionRun(int(params.age0), result)
    for s in tmodel.STRATEGIES:
        run.years[s] = outcomes.state_years(result.strategies[s].trace)
    return run


def paint_treatment(fig, c: model.Case, run: DecisionRun | None, level: str, step_number: int = 0) -> None:
    """level: locked, shown (needs run), or unused (the case does not use the decision model)."""
    with fig.batch_update():
        if level == "shown" and run is not None:
            for key, label, _colour, _pattern in TX_STATES:
                values = [run.years[s][key] for s in tmodel.STRATEGIES]
                bars = charts.trace(fig, label)  # by name: the stack's order is the legend's, not an index
                bars.x = plain(values, 2)
                bars.text = [f"{v:.0f}" if v >= 1.5 else "" for v in values]
            who = "woman" if c.female else "man"
            alive = run.years["botox_first"]["alive"]
            fig.layout.title.text = (
                f"A {who} aged {run.age}: about {alive:.0f} years of life left,<br>"
                f"<sup>and how each strategy spends them (decision model of lesson 4)</sup>"
            )
            fig.layout.annotations[0].visible = False
            return
        for trace in fig.data:
            trace.x = [0.0] * len(tmodel.STRATEGIES)
            trace.text = [""] * len(tmodel.STRATEGIES)
        fig.layout.title.text = "Lesson 4: the decision model"
        message = (
            _lock_note("the treatment", step_number)
            if level == "locked" and c.treatment.decision_age is not None
            else "Not used in this case (see the note below)"
        )
        fig.layout.annotations[0].update(text=message, visible=True)


def treatment_panel_html(c: model.Case, run: DecisionRun | None, level: str) -> str:
    if level == "locked":
        return ""
    note = f"<p class='hfs-note'>{_text(c.treatment.note)}</p>"
    if run is None:
        return note
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in outcomes.decision_summary(run.result))
    return (
        note + f"<p><b>In plain words, for a patient aged {run.age}</b> (expected values):</p><ul>{lines}</ul>"
        f"<p class='hfs-note'><small>{evidence.html_cite('L5-DECISION')}</small></p>"
    )
