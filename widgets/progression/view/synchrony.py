"""Lesson 2, widget 2: synchronous versus independent bursts (SynchronyExplorer)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from ... import evidence
from ...face import short_name
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View, columns
from ...ui.livefigure import LiveFigure
from .. import model
from .common import EMG_HEIGHT, FOLD

# --- 2. the synchrony explorer ------------------------------------------------------------------

STATES = (("Awake, calm", ()), ("Stressed", ("stress",)), ("Tired", ("fatigue",)), ("Asleep", ("asleep",)))
EMG_SPACING = 5.0


PRESENTER_EMG_PX = 480  # the chart's height on a projector: with the sources under it, one screen


def _emg_height() -> int:
    """The chart's height before the presenter's height scale (figures() and rescale multiply by it)."""
    return round(PRESENTER_EMG_PX / style.height_scale()) if style.presenter_on() else EMG_HEIGHT


def emg_figure(recording: model.EmgRecording, widget: bool = True):
    traces = []
    for i, muscle in enumerate(recording.muscles):
        traces.append(
            go.Scatter(
                x=recording.t,
                y=recording.traces[i] - EMG_SPACING * i,
                mode="lines",
                name=short_name(muscle),
                line=dict(color=style.SERIES[i], width=1),
                hoverinfo="skip",
            )
        )
    layout = style.figure_layout(
        height=_emg_height(),
        title=dict(text=_emg_title(recording), x=0.5),
        showlegend=False,
        xaxis=dict(title="seconds", range=[0, model.EMG_DURATION_S], fixedrange=True),
        yaxis=dict(
            tickvals=[-EMG_SPACING * i for i in range(len(recording.muscles))],
            ticktext=[short_name(m) for m in recording.muscles],
            range=[-EMG_SPACING * 3.6, EMG_SPACING * 0.6],
            fixedrange=True,
            zeroline=False,
        ),
        margin=dict(l=210, r=20, t=60, b=50),
    )
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def _emg_title(rec: model.EmgRecording) -> str:
    name = "Hemifacial spasm" if rec.pattern == "hfs" else "Eyelid myokymia"
    state = (
        next(label for label, mods in STATES if mods == rec.modifiers)
        if rec.modifiers in [s[1] for s in STATES]
        else ", ".join(rec.modifiers)
    )
    return f"{name}, {state.lower()}: synchrony index {rec.synchrony:.2f}"


def synchrony_words(value: float) -> str:
    if value >= 0.5:
        return "the active muscles burst together: synchronous, as in hemifacial spasm"
    if value >= 0.2:
        return "partly shared bursts: a what-if between the two patterns"
    return "each active muscle twitches on its own: independent, as in myokymia"


class SynchronyExplorer(View):
    """EMG-like traces of four muscles; a control for the shared drive (synkinesis) and the patient's state."""

    def __init__(self, pattern: str = "hfs", seed: int = 1):
        super().__init__()
        self.seed = seed
        self.pattern = ipw.ToggleButtons(
            options=[("Hemifacial spasm", "hfs"), ("Eyelid myokymia", "myokymia")],
            value=pattern,
            description="Pattern:",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.synkinesis = ipw.FloatSlider(
            value=model.DEFAULT_SYNKINESIS[pattern],
            min=0.0,
            max=1.0,
            step=0.05,
            description="Shared drive:",
            readout_format=".2f",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=ipw.Layout(width="460px"),
        )
        self.state = ipw.Dropdown(
            options=[(label, i) for i, (label, _) in enumerate(STATES)],
            value=0,
            description="Patient is:",
            style={"description_width": "initial"},
        )
        self.new = ipw.Button(description="New recording", icon="refresh", tooltip="Another recording (new seed)")
        self.panel = ipw.HTML()  # the synchrony index in words
        self.sources = ipw.HTML()  # what the traces rest on, with citations
        self.recording = self._record()
        self.figure = emg_figure(self.recording)
        self.pattern.observe(self.guarded(self._pattern_changed), names="value")
        self.synkinesis.observe(self.guarded(self._refresh), names="value")
        self.state.observe(self.guarded(self._refresh), names="value")
        self.new.on_click(self.guarded(self._new_seed))
        self._write_panel()
        controls = ipw.VBox(
            [self.pattern, ipw.HBox([self.synkinesis, self.state, self.new], layout=ipw.Layout(flex_flow="row wrap"))]
        )
        # In a notebook the index and its sources follow the chart; on a projector the index sits under the
        # controls, beside the chart, so the widget fits one screen (1,144 px tall before).
        side = ipw.VBox([controls, self.panel])
        self._build(
            [columns(side, self.figure, side=(side,)), self.sources, ControlNames()],
            label="synchrony explorer",
        )

    def _record(self) -> model.EmgRecording:
        return model.emg_traces(self.pattern.value, self.synkinesis.value, self.seed, STATES[self.state.value][1])

    def _pattern_changed(self, change=None) -> None:
        default = model.DEFAULT_SYNKINESIS[self.pattern.value]
        if self.synkinesis.value != default:
            self.synkinesis.value = default  # its observer redraws
        else:
            self._refresh()

    def _new_seed(self, _button=None) -> None:
        self.seed += 1
        self._refresh()

    def _refresh(self, change=None) -> None:
        self.recording = rec = self._record()
        with self.figure.batch_update():
            for i, trace in enumerate(self.figure.data):
                trace.y = rec.traces[i] - EMG_SPACING * i
            self.figure.layout.title.text = _emg_title(rec)
        self._write_panel()

    def _write_panel(self) -> None:
        rec = self.recording
        quiet = [short_name(m) for m, on in zip(rec.muscles, rec.active) if not on]
        self.panel.value = (
            f"<p><b>Synchrony index {rec.synchrony:.2f}</b> (mean correlation of the smoothed traces of the active "
            f"muscles; 0 = independent, 1 = identical timing): {synchrony_words(rec.synchrony)}.</p>"
        )
        lines = []
        if rec.pattern == "hfs":
            lines.append(
                f"<p><small>In HFS the involved muscles contract together: {evidence.html_cite('DXA-15')}. "
                f"Worse with stress and fatigue: {evidence.html_cite('PRO-10')}. In sleep: {evidence.html_cite('SIG-07')}.</small></p>"
            )
        else:
            lines.append(
                f"<p><small>Myokymia: {evidence.html_cite('MYO-07')}. When two lids twitch, each does so on its own: "
                f"{evidence.html_cite('MYO-02')}. Quiet channels: {html.escape(', '.join(quiet))}.</small></p>"
            )
        lines.append(
            f"<p class='hfs-note'><small>These traces are a schematic, not patient data: "
            f"{evidence.html_cite('L2-EMG')}. State effects: {evidence.html_cite('L2-MOD-STRESS')}; "
            f"{evidence.html_cite('L2-MOD-FATIGUE')}; {evidence.html_cite('L2-MOD-SLEEP')}.</small></p>"
        )
        self.sources.value = "".join(lines)

    def figures(self):
        return [(self.figure, _emg_height())]

    def static(self) -> StaticForm:
        hfs = model.emg_traces("hfs", model.DEFAULT_SYNKINESIS["hfs"], self.seed)
        myo = model.emg_traces("myokymia", model.DEFAULT_SYNKINESIS["myokymia"], self.seed)
        # Section 2 asks whether the bursts come at the same moments in HFS and in myokymia: the alt text says
        # what the panels show, and the table (which muscles burst, and when) waits behind the fold.
        return StaticForm(
            title="EMG-like traces: hemifacial spasm and eyelid myokymia",
            alt=(
                "Two panels of EMG-like traces, six seconds each, from the upper and lower orbicularis oculi, "
                "zygomaticus major and orbicularis oris of one side: first hemifacial spasm, then eyelid myokymia, "
                "both awake and calm. Each title gives the synchrony index (0 independent, 1 identical timing). The "
                "table says which muscles burst, and when."
            ),
            figures=[emg_figure(hfs, widget=False), emg_figure(myo, widget=False)],
            headers=["Pattern", "Muscles active", "Their bursts", "Synchrony index"],
            rows=[
                ["Hemifacial spasm", "all four", "at the same moments", f"{hfs.synchrony:.2f}"],
                ["Eyelid myokymia", "the two eyelid muscles", "each at its own times", f"{myo.synchrony:.2f}"],
            ],
            fold_table=FOLD,
        )
