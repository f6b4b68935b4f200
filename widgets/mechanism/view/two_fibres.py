"""Lesson 7, section 3: why the nerve misfires (TwoFibres).

Two facial-nerve fibres pass the root exit zone side by side. The compression slider bares a patch of both at
the transition zone; stimulating the zygomatic branch then shows, below, whether the mentalis (the marginal
mandibular branch's muscle) answers: the lateral spread response (LSR). Two explanations can be chosen, and
the vessel can be moved off the nerve; a table gives what the chosen explanation predicts for three
observations, and a button shows what was observed, so the learner predicts first and compares after.

Colour is never the only cue: myelin is a thick pale band, the bared patch a dotted line, the vessel a circle,
cross-talk a solid line and the nucleus's answer a dashed loop, each labelled in words on the chart (no legend);
the two EMG traces are named on the chart.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ... import evidence
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View, columns
from ...ui.html import WIDE, cite, table
from ...ui.livefigure import LiveFigure, plain
from .. import model

HEIGHT = 520
Y_ZYG, Y_MAR = 0.3, -0.3  # the two fibres in the schematic
PATCH_X = 3.5  # centre of the transition zone in the schematic (not to scale)
TZ_HALF = 0.5  # half the drawn width of the transition zone
FIBRE_X = (1.3, 8.0)
NUCLEUS_X = 0.65
DIRECT_OFFSET = 2.2  # the direct response is drawn this far above the LSR

# Trace names: traces are found by name, never by position.
MYELIN, BARE, VESSEL, CROSSTALK, LOOP = (
    "myelin",
    "bared patch (no myelin)",
    "vessel",
    "cross-talk at the bared patch",
    "reflected by the nucleus",
)
NUCLEUS, NUCLEUS_LABEL = "facial nucleus", "nucleus label"
DIRECT, LSR = "orbicularis oculi: direct response", "mentalis: lateral spread response"
LSR_LABEL = "mentalis label"
DRIVE_LABEL = "cross-talk and nucleus labels"
CROSS_COLOUR = style.OKABE_ITO["orange"]
SHORT = {"root": "Cross-talk at the root", "nucleus": "Over-excitable nucleus"}
STAGE_SHORT = {
    "before": "vessel on the nerve",
    "just_after": "just after decompression",
    "months_after": "months after decompression",
}


def _by_name(fig, name: str):
    return next(t for t in fig.data if t.name == name)


def title_of(m: model.Mechanism) -> str:
    lsr = f"LSR {m.recruited:.0%}" if m.lsr_present else "no LSR"
    return f"{SHORT[m.hypothesis]}, {STAGE_SHORT[m.stage]}: {lsr}"


def _half(m: model.Mechanism) -> float:
    return TZ_HALF * m.bare_mm / model.TZ_LENGTH_MM


def _myelin_xy(m: model.Mechanism):
    a, b = PATCH_X - _half(m), PATCH_X + _half(m)
    xs, ys = [], []
    for y in (Y_ZYG, Y_MAR):
        xs += [FIBRE_X[0], a, None, b, FIBRE_X[1], None]
        ys += [y, y, None, y, y, None]
    return xs, ys


def _bare_xy(m: model.Mechanism):
    h = _half(m)
    if h <= 0:
        return [], []
    return [PATCH_X - h, PATCH_X + h, None, PATCH_X - h, PATCH_X + h], [Y_ZYG, Y_ZYG, None, Y_MAR, Y_MAR]


def _vessel(m: model.Mechanism) -> tuple[float, str]:
    if m.stage == "before":
        return Y_ZYG + 0.45 + (1 - m.vessel_contact) * 1.1, "vessel" if m.compression > 0 else "vessel, not touching"
    return 2.1, "vessel moved off"


def _nucleus_look(m: model.Mechanism) -> tuple[str, str, str]:
    """(fill colour, fill pattern, label): the nucleus is hatched orange and named when it is over-excitable."""
    if m.hypothesis == "nucleus" and m.excitability > 0:
        return style.OKABE_ITO["yellow"], "x", "facial nucleus:<br>over-excitable"
    return style.NEUTRAL_FILL, "", "facial nucleus"


def _drive_words(m: model.Mechanism) -> list[str]:
    """Labels beside the cross-talk line and the nucleus's loop, shown only with them."""
    cross = "cross-talk" if m.hypothesis == "root" and m.crosstalk > 0 else ""
    loop = "the nucleus answers" if m.hypothesis == "nucleus" and m.excitability > 0 else ""
    return [cross, loop]


def _width(drive: float) -> float:
    return round(2 + 10 * drive, 2)


def _add(fig: go.Figure, row: int, **trace) -> None:
    """One schematic or EMG trace in its panel: drawn for the eye, no hover box, no legend entry (every
    element is labelled on the chart)."""
    fig.add_trace(go.Scatter(hoverinfo="skip", showlegend=False, **trace), row=row, col=1)


def mechanism_figure(m: model.Mechanism) -> go.Figure:
    """The schematic above, the EMG below (a plain go.Figure in the state `m`)."""
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.55, 0.45],
        vertical_spacing=0.12,
        subplot_titles=(
            "Two fibres at the root exit zone (not to scale)",
            "EMG after one stimulus to the zygomatic branch (time in milliseconds)",
        ),
    )
    fill, pattern, label = _nucleus_look(m)
    _add(
        fig,
        1,
        x=[0, 1.3, 1.3, 0, 0],
        y=[-0.8, -0.8, 0.8, 0.8, -0.8],
        mode="lines",
        fill="toself",
        fillcolor=fill,
        fillpattern=dict(shape=pattern, fgcolor="#222222", size=6),
        line=dict(color=style.OUTLINE, width=1),
        name=NUCLEUS,
    )
    _add(
        fig,
        1,
        x=[NUCLEUS_X],
        y=[-1.2],
        mode="text",
        cliponaxis=False,
        text=[label],
        name=NUCLEUS_LABEL,
    )
    _add(
        fig,
        1,
        x=[PATCH_X],
        y=[-1.2],
        mode="text",
        cliponaxis=False,
        text=["transition zone:<br>bared patch dotted"],
        name="transition zone label",
    )
    mx, my = _myelin_xy(m)
    fig.add_trace(
        go.Scatter(
            x=mx, y=my, mode="lines", line=dict(color=style.OKABE_ITO["sky_blue"], width=11), name=MYELIN, opacity=0.7
        ),
        row=1,
        col=1,
    )
    _add(
        fig,
        1,
        x=[FIBRE_X[0], FIBRE_X[1], None, FIBRE_X[0], FIBRE_X[1]],
        y=[Y_ZYG, Y_ZYG, None, Y_MAR, Y_MAR],
        mode="lines",
        line=dict(color="#222222", width=1.5),
        name="axon",
    )
    bx, by = _bare_xy(m)
    fig.add_trace(
        go.Scatter(
            x=bx, y=by, mode="lines", line=dict(color=style.OKABE_ITO["vermillion"], width=4, dash="dot"), name=BARE
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[PATCH_X, PATCH_X],
            y=[Y_ZYG, Y_MAR],
            mode="lines",
            line=dict(color=CROSS_COLOUR, width=_width(m.crosstalk)),
            name=CROSSTALK,
            visible=m.hypothesis == "root" and m.crosstalk > 0,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[FIBRE_X[0] + 0.6, NUCLEUS_X, NUCLEUS_X, FIBRE_X[0] + 0.6],
            y=[Y_ZYG, Y_ZYG, Y_MAR, Y_MAR],
            mode="lines",
            line=dict(color=CROSS_COLOUR, width=_width(m.excitability), dash="dash"),
            name=LOOP,
            visible=m.hypothesis == "nucleus" and m.excitability > 0,
        ),
        row=1,
        col=1,
    )
    _add(
        fig,
        1,
        x=[5.0],
        y=[Y_ZYG + 0.4],
        mode="text",
        cliponaxis=False,
        text=["myelin"],
        name="myelin label",
    )
    _add(
        fig,
        1,
        x=[PATCH_X + TZ_HALF + 0.15, 0.0],
        y=[0.0, 1.2],
        mode="text",
        cliponaxis=False,
        text=_drive_words(m),
        textposition="middle right",
        name=DRIVE_LABEL,
    )
    vy, vtext = _vessel(m)
    fig.add_trace(
        go.Scatter(
            x=[PATCH_X],
            y=[vy],
            mode="markers+text",
            marker=dict(size=30, color=style.OKABE_ITO["reddish_purple"], line=dict(color="#222222", width=1)),
            text=[vtext],
            textposition="middle right",
            name=VESSEL,
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    _add(
        fig,
        1,
        x=[6.4, 7.3],
        y=[Y_ZYG, Y_MAR],
        mode="markers+text",
        marker=dict(symbol=["star", "triangle-down"], size=16, color="#222222"),
        text=["stimulate", "record"],
        textposition=["top center", "bottom center"],
        name="stimulus and recording",
    )
    _add(
        fig,
        1,
        x=[FIBRE_X[1] + 0.15, FIBRE_X[1] + 0.15],
        y=[Y_ZYG + 0.25, Y_MAR - 0.25],
        mode="text",
        cliponaxis=False,
        text=["orbicularis oculi<br>(zygomatic branch)", "mentalis<br>(marginal mandibular)"],
        textposition="middle right",
        name="muscle labels",
    )
    # --- EMG ---
    _add(
        fig,
        2,
        x=plain(m.t_ms, 2),
        y=plain(m.direct + DIRECT_OFFSET, 3),
        mode="lines",
        line=dict(color=style.SERIES[0], width=2),
        name=DIRECT,
    )
    _add(
        fig,
        2,
        x=plain(m.t_ms, 2),
        y=plain(m.lsr, 3),
        mode="lines",
        line=dict(color=style.SERIES[3], width=2),
        name=LSR,
    )
    _add(
        fig,
        2,
        x=[-1.8, -1.8, model.LSR_LATENCY_MS + 0.4],
        y=[DIRECT_OFFSET + 1.1, 0.95, -0.65],
        mode="text",
        cliponaxis=False,
        text=[
            "orbicularis oculi (the stimulated branch's muscle)",
            _lsr_words(m),
            f"{model.LSR_LATENCY_MS:.0f} ms",
        ],
        textposition="middle right",
        name=LSR_LABEL,
    )
    fig.add_shape(
        type="line",
        x0=model.LSR_LATENCY_MS,
        x1=model.LSR_LATENCY_MS,
        y0=-0.8,
        y1=DIRECT_OFFSET + 1.3,
        line=dict(color="#777777", dash="dot", width=1),
        row=2,
        col=1,
    )
    fig.add_shape(
        type="rect",
        x0=PATCH_X - TZ_HALF,
        x1=PATCH_X + TZ_HALF,
        y0=-0.85,
        y1=0.85,
        fillcolor="#F2F2F2",
        line=dict(color="#999999", dash="dash", width=1),
        layer="below",
        row=1,
        col=1,
    )
    fig.update_xaxes(visible=False, range=[-0.4, 11.4], fixedrange=True, row=1, col=1)
    fig.update_yaxes(visible=False, range=[-2.0, 2.6], fixedrange=True, row=1, col=1)
    fig.update_xaxes(range=[-2, 30], ticksuffix=" ms", fixedrange=True, row=2, col=1)
    fig.update_yaxes(visible=False, range=[-0.9, DIRECT_OFFSET + 1.5], fixedrange=True, row=2, col=1)
    fig.update_layout(
        **style.figure_layout(
            height=HEIGHT,
            title=dict(text=title_of(m), x=0.02, xanchor="left"),
            showlegend=False,  # every element is labelled on the chart instead (a legend crowded the EMG)
            margin=dict(l=20, r=20, t=80, b=40),
        )
    )
    return fig


def _lsr_words(m: model.Mechanism) -> str:
    if m.lsr_present:
        return f"mentalis (the other branch): LSR, {m.size_word}"
    return "mentalis (the other branch): no response"


def paint(fig, m: model.Mechanism) -> None:
    """Update the traces that change, found by name."""
    fill, pattern, label = _nucleus_look(m)
    mx, my = _myelin_xy(m)
    bx, by = _bare_xy(m)
    vy, vtext = _vessel(m)
    with fig.batch_update():
        nucleus = _by_name(fig, NUCLEUS)
        nucleus.fillcolor, nucleus.fillpattern.shape = fill, pattern
        _by_name(fig, NUCLEUS_LABEL).text = [label]
        myelin = _by_name(fig, MYELIN)
        myelin.x, myelin.y = mx, my
        bare = _by_name(fig, BARE)
        bare.x, bare.y = bx, by
        cross = _by_name(fig, CROSSTALK)
        cross.visible = m.hypothesis == "root" and m.crosstalk > 0
        cross.line.width = _width(m.crosstalk)
        loop = _by_name(fig, LOOP)
        loop.visible = m.hypothesis == "nucleus" and m.excitability > 0
        loop.line.width = _width(m.excitability)
        _by_name(fig, DRIVE_LABEL).text = _drive_words(m)
        vessel = _by_name(fig, VESSEL)
        vessel.y, vessel.text = [vy], [vtext]
        _by_name(fig, LSR).y = plain(m.lsr, 3)
        labels = _by_name(fig, LSR_LABEL)
        labels.text = [labels.text[0], _lsr_words(m), labels.text[2]]
        fig.layout.title.text = title_of(m)


def readout_html(m: model.Mechanism) -> str:
    vessel = "on the nerve" if m.stage == "before" else "moved off the nerve"
    if m.lsr_present:
        lsr = f"{m.size_word}, at about {m.latency_ms:.0f} ms ({cite('EMG-02')})"
    else:
        lsr = "none: the mentalis does not answer"
    return (
        f"<p><b>Bared patch:</b> {m.bare_mm:.2f} of about {model.TZ_LENGTH_MM:g} mm, the transition zone "
        f"({cite('REZ-02')}), vessel {vessel}. <b>LSR:</b> {lsr}.</p>"
    )


def predictions_html(hypothesis: str, observed: bool) -> str:
    rows = []
    for key in model.OBSERVATIONS:
        outcome, why = model.PREDICTIONS[hypothesis][key]
        row = [html.escape(model.OBSERVATION_NAMES[key]), f"<b>{html.escape(outcome)}</b>: {html.escape(why)}"]
        if observed:
            text, ids = model.OBSERVED[key]
            row.append(f"{html.escape(text)} ({'; '.join(cite(i) for i in ids)})")
        rows.append(row)
    headers = ["Observation", f"{html.escape(SHORT[hypothesis])} predicts"]
    if observed:
        headers.append("What was observed")
    caption = "What this explanation predicts" + (", and what was observed" if observed else "")
    return table(headers, rows, caption=html.escape(caption))


class TwoFibres(View):
    """Compress the root, choose an explanation, move the vessel off, and compare with what was observed."""

    def __init__(self, compression: int = 70, hypothesis: str = "root", stage: str = "before"):
        super().__init__()
        first = model.simulate(compression, hypothesis, stage)
        low, high = model.COMPRESSION_RANGE
        self.compression = ipw.IntSlider(
            value=int(compression),
            min=low,
            max=high,
            step=5,
            description="Compression:",
            continuous_update=False,
            style=WIDE,
            layout=ipw.Layout(width="420px"),
        )
        scale_note = ipw.HTML("<small>a teaching scale from 0 to 100, not a clinical grade</small>")
        self.hypothesis = ipw.ToggleButtons(
            options=[(label, key) for key, label in model.HYPOTHESES.items()],
            value=hypothesis,
            tooltip="Which explanation the model follows",
            style={"button_width": "auto"},
        )
        self.stage = ipw.ToggleButtons(
            options=[(label, key) for key, label in model.STAGES.items()],
            value=stage,
            tooltip="Before surgery, or after the vessel is moved off the nerve",
            style={"button_width": "auto"},
        )
        self.observed = ipw.ToggleButton(
            value=False,
            description="Show what was observed",
            tooltip="Predict first: where do the two explanations differ? Then compare with the observations",
            layout=ipw.Layout(width="auto"),
        )
        self.observed.add_class("hfs-show-observed")  # a stable hook for the browser test
        self.figure = LiveFigure(mechanism_figure(first))
        self.readout = ipw.HTML(readout_html(first))
        self.predictions = ipw.HTML(predictions_html(hypothesis, False))
        notes = ipw.HTML(
            f"<p class='hfs-note'><small>A teaching model: {cite('L7-MECH-MODEL')}. The 4 ms direct response and "
            f"the LSR's size: {cite('L2-DIRECT-RESPONSE')}. Ectopic firing is not drawn.</small></p>"
        )
        self._refresh = self.guarded(self._change)
        for control in (self.compression, self.hypothesis, self.stage, self.observed):
            control.observe(self._refresh, names="value")
        panel = ipw.VBox([self.readout, self.predictions, self.observed, notes])
        self._build(
            [
                ControlNames(),
                ipw.HBox([self.compression, scale_note]),
                # Labels beside (not inside) the toggle groups keep both groups on one row on a projector.
                ipw.HBox(
                    [
                        ipw.HBox([ipw.HTML("<b>Explanation:</b>"), self.hypothesis]),
                        ipw.HBox([ipw.HTML("<b>Surgery:</b>"), self.stage]),
                    ]
                ),
                columns(self.figure, panel, side=(panel,)),
            ],
            label="two fibres at the root exit zone",
        )
        self.root.add_class("hfs-two-fibres")  # a stable hook for browser tests and page styles

    def state(self) -> tuple:
        return self.compression.value, self.hypothesis.value, self.stage.value

    def _change(self, change=None) -> None:
        compression, hypothesis, stage = self.state()
        m = model.simulate(compression, hypothesis, stage)
        paint(self.figure, m)
        self.readout.value = readout_html(m)
        self.predictions.value = predictions_html(hypothesis, self.observed.value)
        self.observed.description = "Hide what was observed" if self.observed.value else "Show what was observed"

    def figures(self):
        return [(self.figure, HEIGHT)]

    def static(self) -> StaticForm:
        m = model.simulate(70, "root", "before")
        rows = [
            [
                "Latency of the lateral spread response",
                f"about {model.LSR_LATENCY_MS:.0f} ms",
                "sourced",
                evidence.label("EMG-02"),
            ],
            [
                "Length of the transition zone (the longest bared patch)",
                f"about {model.TZ_LENGTH_MM:g} mm",
                "sourced",
                evidence.label("REZ-02"),
            ],
            [
                "Direct response of the stimulated branch's muscle",
                "about 4 ms",
                "assumption",
                evidence.label("L2-DIRECT-RESPONSE"),
            ],
            [
                "Compression scale, cross-talk and recruitment curves",
                "0–100, chosen",
                "assumption",
                evidence.label("L7-MECH-MODEL"),
            ],
        ]
        return StaticForm(
            title="Two fibres at the root exit zone: the lateral spread response",
            alt=(
                "Above, a schematic, not to scale: two facial-nerve fibres, one of the zygomatic branch to the "
                "orbicularis oculi and one of the marginal mandibular branch to the mentalis, run side by side from "
                "the facial nucleus past the transition zone, where a vessel presses on them and their myelin is "
                f"missing over {m.bare_mm:.1f} mm (dotted); a solid line between the fibres there marks cross-talk. "
                "Below, the EMG after one stimulus to the zygomatic branch: the orbicularis oculi answers at about "
                f"4 ms, and the mentalis, of the other branch, at about {model.LSR_LATENCY_MS:.0f} ms: the lateral "
                "spread response. The live widget also moves the vessel off and offers a second explanation."
            ),
            figures=[mechanism_figure(m)],
            headers=["Number in the model", "Value", "Kind", "Source"],
            rows=rows,
        )
