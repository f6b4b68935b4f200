"""The widgets of lesson 2: the years player, the synchrony explorer, the signs, and the pattern quiz.

Each class builds its controls and figures once; callbacks only repaint (the years player even
precomputes every frame of its animation). Clinical logic lives in model.py.
"""
from __future__ import annotations

import html
import time
from dataclasses import dataclass

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from .. import evidence
from ..ui import style
from ..ui.livefigure import LiveFigure
from ..ui.base import StaticForm, View
from ..face import MUSCLES, TERMINAL_BRANCHES, short_name
from ..ui import charts
from ..ui.a11y import ControlNames
from ..ui.faceplot import FacePainter, face_figure, face_looks
from . import model

FACE_HEIGHT = 420
FACE_WIDTH = 440  # a fixed width lets two faces, or a face and a text column, sit side by side
ORDER_HEIGHT = 400
EMG_HEIGHT = 420
LSR_HEIGHT = 340
# Facial muscles from the top of the face to the neck: the y order of the muscle-order chart.
FACE_ROWS = ("frontalis", "corrugator", "oculi_upper", "oculi_lower", "nasalis", "levator_labii", "zygomaticus",
             "buccinator", "oris", "depressor_anguli", "mentalis", "platysma")
PATTERN_LOOK = {  # colour + marker + dash, so the two patients differ without colour too
    "typical": dict(colour=style.SERIES[0], symbol="circle", dash="solid", offset=-0.17),
    "atypical": dict(colour=style.SERIES[1], symbol="diamond", dash="dash", offset=0.17),
}


def new_face() -> FacePainter:
    # Do not touch painter.figure before the first paint: FacePainter builds its FigureWidget on
    # first access, from the painted state (a widget edited before display loses the edits).
    return FacePainter("", height=FACE_HEIGHT, width=FACE_WIDTH)


def face_box(painter: FacePainter) -> ipw.Box:
    """The face in a fixed-width box, so two faces (or a face and a text column) sit side by side."""
    return ipw.Box([painter.figure], layout=ipw.Layout(width=f"{round(FACE_WIDTH * style.scale())}px"))


def rescale_face(painter: FacePainter, box: ipw.Box | None = None) -> None:
    painter.rescale()
    if box is not None:
        box.layout.width = f"{round(FACE_WIDTH * style.scale())}px"


def _involved_words(muscles) -> str:
    return ", ".join(short_name(m) for m in muscles)


# --- 1. the years player ------------------------------------------------------------------------

@dataclass(frozen=True)
class FaceFrame:
    states: dict
    intensity: dict
    labels: dict
    title: str
    looks: tuple = ()  # per face region, in face.regions() order: (fill colour, pattern, opacity)
    label_xyt: tuple = ((), (), ())  # the word labels' x, y and text


@dataclass(frozen=True)
class Frame:
    year: int
    faces: dict  # pattern -> FaceFrame
    panel: str


def precompute_frames(patients: dict, rate_label: str = "[assumption]") -> list[Frame]:
    """Every frame of the animation, computed once: face states, strengths, order labels and text."""
    years = np.arange(0, model.YEARS_MAX + 1)
    lines = {pattern: p.timeline(years) for pattern, p in patients.items()}
    rate_label = html.escape(rate_label)
    frames = []
    for k, year in enumerate(years):
        faces, parts = {}, []
        for pattern, patient in patients.items():
            line = lines[pattern]
            on = line.involved[k]
            muscles = [m for m, flag in zip(line.muscles, on) if flag]
            regions = [(m, patient.side) for m in muscles]
            states = {r: "active" for r in regions}
            intensity = {r: float(s) for r, s in zip(regions, line.strength[k][on])}
            labels = {r: str(line.muscles.index(r[0]) + 1) for r in regions}
            looks, label_xyt = face_looks(states, intensity, labels)
            faces[pattern] = FaceFrame(
                states=states, intensity=intensity, labels=labels,
                title=f"{pattern.capitalize()} HFS ({patient.side} side), year {year}: "
                      f"{len(muscles)} muscle{'s' if len(muscles) != 1 else ''}",
                looks=looks, label_xyt=label_xyt,
            )
            newest = muscles[-1] if muscles else None
            first_rate = line.rate[k][0]
            parts.append(
                f"<li><b>{pattern.capitalize()}</b>: {len(muscles)} muscle{'s' if len(muscles) != 1 else ''} in spasm; started in "
                f"{html.escape(short_name(line.muscles[0]))}; latest to join: {html.escape(short_name(newest))}. "
                f"The first muscle now twitches about {first_rate:.0f} times a minute while awake "
                f"<span class='hfs-assumption'>{rate_label}</span>.</li>")
        frames.append(Frame(int(year), faces, f"<p><b>Year {year} after onset</b></p><ul>{''.join(parts)}</ul>"))
    return frames


def order_chart(patients: dict, year: int, widget: bool = True):
    """When each muscle joins (x, years) by where it sits on the face (y, forehead at the top)."""
    rows = {m: i for i, m in enumerate(FACE_ROWS)}
    traces = []
    for pattern, patient in patients.items():
        look = PATTERN_LOOK[pattern]
        ys = [rows[m] + look["offset"] for m in patient.order]
        line_x, line_y = [], []
        for x, y in zip(patient.join_years, ys):
            line_x += [x, model.YEARS_MAX, None]
            line_y += [y, y, None]
        traces.append(go.Scatter(x=line_x, y=line_y, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=look["colour"], dash=look["dash"], width=2)))
        traces.append(go.Scatter(
            x=list(patient.join_years), y=ys, mode="markers+text", name=f"{pattern} ({patient.side} side)",
            text=[str(i + 1) for i in range(len(ys))], textposition="middle left",
            marker=dict(symbol=look["symbol"], size=12, color=look["colour"], line=dict(color="#222222", width=1)),
            hovertext=[f"{pattern}: {short_name(m)} joins at year {j:.1f}" for m, j in zip(patient.order, patient.join_years)],
            hoverinfo="text"))
    layout = style.figure_layout(
        height=ORDER_HEIGHT, title=dict(text="Order in which the muscles join (numbers = order)", x=0.5),
        xaxis=dict(title="years since the first twitch", range=[-0.8, model.YEARS_MAX + 0.3], dtick=2),
        yaxis=dict(tickvals=list(range(len(FACE_ROWS))), ticktext=[short_name(m) for m in FACE_ROWS],
                   autorange="reversed", fixedrange=True),
        margin=dict(l=210, r=20, t=60, b=50), legend=dict(orientation="h", y=-0.18),
        shapes=[dict(type="line", x0=year, x1=year, y0=0, y1=1, yref="paper", line=dict(color="#222222", width=2, dash="dot"))],
        annotations=[dict(x=year, y=1.0, yref="paper", text=f"year {year}", showarrow=False, yanchor="bottom")],
    )
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def simulate_pair(typical_seed: int = 11, atypical_seed: int = 7) -> dict:
    """The player's two patients: one typical, one atypical, both spreading."""
    return {"typical": model.simulate_patient("typical", typical_seed, spreads=True),
            "atypical": model.simulate_patient("atypical", atypical_seed, spreads=True)}


class YearsPlayer(View):
    """A typical and an atypical patient side by side; a years slider with a Play button animates the spread."""

    def __init__(self, typical_seed: int = 11, atypical_seed: int = 7, year: int = 0):
        super().__init__()
        rate_label = evidence.label("L2-RATE")  # loads the evidence store (once per process) before the clock starts
        start = time.perf_counter()
        self.patients = simulate_pair(typical_seed, atypical_seed)
        self.frames = precompute_frames(self.patients, rate_label)
        self.precompute_ms = (time.perf_counter() - start) * 1000
        self.faces = {pattern: new_face() for pattern in self.patients}
        self.shown: dict = {}  # pattern -> the FaceFrame on screen
        self.order_figure = order_chart(self.patients, year)
        self.year = ipw.IntSlider(value=year, min=0, max=model.YEARS_MAX, step=1, description="Years since onset:",
                                  style={"description_width": "initial"}, layout=ipw.Layout(width="420px"))
        # Play ticks in the browser and moves the slider there (jslink); the kernel sees slider changes only.
        self.play = ipw.Play(value=year, min=0, max=model.YEARS_MAX, step=1, interval=900, description="Play the years",
                             tooltip="Play the years", show_repeat=False)
        ipw.jslink((self.play, "value"), (self.year, "value"))
        self.panel = ipw.HTML()
        side_note = ipw.HTML(
            "<p class='hfs-note'><small><b>Which side?</b> The evidence conflicts: "
            f"{evidence.html_cite('EPI-10')}; {evidence.html_cite('VES-07')}. "
            f"In this simulation each side is equally likely: {evidence.html_cite('L2-SIDE')}.</small></p>")
        self.year.observe(self.guarded(self._show), names="value")
        self._show()
        self.setup_ms = (time.perf_counter() - start) * 1000
        self.face_boxes = {pattern: face_box(painter) for pattern, painter in self.faces.items()}
        faces = ipw.HBox(list(self.face_boxes.values()), layout=ipw.Layout(flex_flow="row wrap"))
        self._build([ipw.HBox([self.play, self.year]), faces, self.panel, self.order_figure, side_note, ControlNames()],
                    label="years player")

    def _show(self, change=None) -> None:
        frame = self.frames[int(self.year.value)]
        for pattern, painter in self.faces.items():
            self._repaint(painter, frame.faces[pattern])
            self.shown[pattern] = frame.faces[pattern]
        with self.order_figure.batch_update():
            self.order_figure.layout.shapes[0].update(x0=frame.year, x1=frame.year)
            self.order_figure.layout.annotations[0].update(x=frame.year, text=f"year {frame.year}")
        self.panel.value = frame.panel

    @staticmethod
    def _repaint(painter: FacePainter, after: FaceFrame) -> None:
        """Paint a precomputed frame: the painter touches only the traces whose look changes."""
        painter.paint(after.states, title=after.title, intensity=after.intensity, labels=after.labels,
                      looks=(after.looks, after.label_xyt))

    def figures(self):
        return [(p.figure, FACE_HEIGHT) for p in self.faces.values()] + [(self.order_figure, ORDER_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        for pattern, painter in self.faces.items():
            rescale_face(painter, self.face_boxes[pattern])

    def static(self, year: int = 8) -> StaticForm:
        frame = self.frames[year]
        figs = [face_figure(frame.faces[p].states, title=frame.faces[p].title, intensity=frame.faces[p].intensity,
                            labels=frame.faces[p].labels) for p in self.patients]
        figs.append(order_chart(self.patients, year, widget=False))
        t, a = self.patients["typical"], self.patients["atypical"]
        rows = []
        for n in range(max(len(t.order), len(a.order))):
            cell = lambda p: f"{short_name(p.order[n])} (year {p.join_years[n]:.1f})" if n < len(p.order) else "—"
            rows.append([n + 1, cell(t), cell(a)])
        return StaticForm(
            title=f"Typical versus atypical spread, year {year} after onset",
            alt=(f"Two schematic faces at year {year}. Typical patient ({t.side} side): the spasm began in the lower eyelid "
                 "and has spread down the same side to the cheek and mouth; the muscles are numbered 1, 2, 3 in the order "
                 f"they joined. Atypical patient ({a.side} side): the spasm began at the mouth or cheek (orbicularis oris or "
                 "buccinator) and climbs towards the eye, reaching the orbicularis oculi last. Below, a chart plots each "
                 "muscle, forehead at the top and neck at the bottom, against the year it joined: the typical markers "
                 "(circles, solid lines) run from the eye downwards, the atypical markers (diamonds, dashed lines) run "
                 "from the mouth upwards."),
            figures=figs, headers=["Order", "Typical: muscle (year joined)", "Atypical: muscle (year joined)"], rows=rows)


# --- 2. the synchrony explorer ------------------------------------------------------------------

STATES = (("Awake, calm", ()), ("Stressed", ("stress",)), ("Tired", ("fatigue",)), ("Asleep", ("asleep",)))
EMG_SPACING = 5.0


def emg_figure(recording: model.EmgRecording, widget: bool = True):
    traces = []
    for i, muscle in enumerate(recording.muscles):
        traces.append(go.Scatter(x=recording.t, y=recording.traces[i] - EMG_SPACING * i, mode="lines",
                                 name=short_name(muscle), line=dict(color=style.SERIES[i], width=1), hoverinfo="skip"))
    layout = style.figure_layout(
        height=EMG_HEIGHT, title=dict(text=_emg_title(recording), x=0.5), showlegend=False,
        xaxis=dict(title="seconds", range=[0, model.EMG_DURATION_S], fixedrange=True),
        yaxis=dict(tickvals=[-EMG_SPACING * i for i in range(len(recording.muscles))],
                   ticktext=[short_name(m) for m in recording.muscles], range=[-EMG_SPACING * 3.6, EMG_SPACING * 0.6],
                   fixedrange=True, zeroline=False),
        margin=dict(l=210, r=20, t=60, b=50),
    )
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def _emg_title(rec: model.EmgRecording) -> str:
    name = "Hemifacial spasm" if rec.pattern == "hfs" else "Eyelid myokymia"
    state = next(label for label, mods in STATES if mods == rec.modifiers) if rec.modifiers in [s[1] for s in STATES] else ", ".join(rec.modifiers)
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
        self.pattern = ipw.ToggleButtons(options=[("Hemifacial spasm", "hfs"), ("Eyelid myokymia", "myokymia")],
                                         value=pattern, description="Pattern:", style={"description_width": "initial", "button_width": "auto"})
        self.synkinesis = ipw.FloatSlider(value=model.DEFAULT_SYNKINESIS[pattern], min=0.0, max=1.0, step=0.05,
                                          description="Shared drive:", readout_format=".2f",
                                          continuous_update=False, style={"description_width": "initial"},
                                          layout=ipw.Layout(width="460px"))
        self.state = ipw.Dropdown(options=[(label, i) for i, (label, _) in enumerate(STATES)], value=0,
                                  description="Patient is:", style={"description_width": "initial"})
        self.new = ipw.Button(description="New recording", icon="refresh", tooltip="Another recording (new seed)")
        self.panel = ipw.HTML()
        self.recording = self._record()
        self.figure = emg_figure(self.recording)
        self.pattern.observe(self.guarded(self._pattern_changed), names="value")
        self.synkinesis.observe(self.guarded(self._refresh), names="value")
        self.state.observe(self.guarded(self._refresh), names="value")
        self.new.on_click(self.guarded(self._new_seed))
        self._write_panel()
        self._build([self.pattern, ipw.HBox([self.synkinesis, self.state, self.new], layout=ipw.Layout(flex_flow="row wrap")),
                     self.figure, self.panel, ControlNames()], label="synchrony explorer")

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
        lines = [f"<p><b>Synchrony index {rec.synchrony:.2f}</b> (mean correlation of the smoothed traces of the active "
                 f"muscles; 0 = independent, 1 = identical timing): {synchrony_words(rec.synchrony)}.</p>"]
        if rec.pattern == "hfs":
            lines.append(f"<p><small>In HFS the involved muscles contract together: {evidence.html_cite('DXA-15')}. "
                         f"Worse with stress and fatigue: {evidence.html_cite('PRO-10')}. In sleep: {evidence.html_cite('SIG-07')}.</small></p>")
        else:
            lines.append(f"<p><small>Myokymia: {evidence.html_cite('MYO-07')}. When two lids twitch, each does so on its own: "
                         f"{evidence.html_cite('MYO-02')}. Quiet channels: {html.escape(', '.join(quiet))}.</small></p>")
        lines.append(f"<p class='hfs-note'><small>These traces are a schematic, not patient data: "
                     f"{evidence.html_cite('L2-EMG')}. State effects: {evidence.html_cite('L2-MOD-STRESS')}; "
                     f"{evidence.html_cite('L2-MOD-FATIGUE')}; {evidence.html_cite('L2-MOD-SLEEP')}.</small></p>")
        self.panel.value = "".join(lines)

    def figures(self):
        return [(self.figure, EMG_HEIGHT)]

    def static(self) -> StaticForm:
        hfs = model.emg_traces("hfs", model.DEFAULT_SYNKINESIS["hfs"], self.seed)
        myo = model.emg_traces("myokymia", model.DEFAULT_SYNKINESIS["myokymia"], self.seed)
        return StaticForm(
            title="Synchronous bursts in hemifacial spasm versus independent twitches in myokymia",
            alt=("Two panels of EMG-like traces, six seconds each, from four muscles of one side: upper and lower "
                 "orbicularis oculi, zygomaticus major and orbicularis oris. In hemifacial spasm large bursts appear in "
                 f"all four traces at the same moments (synchrony index {hfs.synchrony:.2f}). In eyelid myokymia only "
                 "the two eyelid traces show small, rhythmic twitches, each at its own times, and the cheek and mouth "
                 f"traces are flat (synchrony index {myo.synchrony:.2f})."),
            figures=[emg_figure(hfs, widget=False), emg_figure(myo, widget=False)],
            headers=["Pattern", "Muscles active", "Synchrony index"],
            rows=[["Hemifacial spasm", "all four", f"{hfs.synchrony:.2f}"],
                  ["Eyelid myokymia", "the two eyelid muscles", f"{myo.synchrony:.2f}"]])


# --- 3. the signs: "other Babinski" and the lateral spread response --------------------------

SITUATION_OPTIONS = (("Spasm of HFS", "hfs_spasm"), ("Voluntary tight eye closure", "voluntary_closure"),
                     ("Blepharospasm", "blepharospasm"))
CONDITION_OPTIONS = (("Nerve compressed (HFS)", "compressed"), ("After decompression", "decompressed"),
                     ("Healthy nerve", "healthy"))


def lsr_figure(rec: model.LsrRecording, widget: bool = True):
    return charts.lsr_figure(rec.t_ms, rec.direct, rec.recorded, _lsr_ticks(rec), _lsr_title(rec), model.LSR_LATENCY_MS,
                             widget=widget, height=LSR_HEIGHT)


def _lsr_ticks(rec: model.LsrRecording) -> list[str]:
    return [f"{short_name(rec.stimulated_muscle)} ({rec.stimulated_branch})",
            f"{short_name(rec.recorded_muscle)} (recorded)"]


def _lsr_title(rec: model.LsrRecording) -> str:
    if rec.same_branch:
        return "Same branch: a direct response, not a lateral spread response"
    if rec.lsr_present:
        return f"Lateral spread response at {rec.latency_ms:.0f} ms: present"
    return "No lateral spread response"


class SignsView(View):
    """The brow-lift ("other Babinski") sign on the face, and the lateral spread response on EMG."""

    def __init__(self, side: str = "left"):
        super().__init__()
        self.side = side
        self.situation = ipw.ToggleButtons(options=list(SITUATION_OPTIONS), value="hfs_spasm",
                                           description="The eye closes during:", style={"description_width": "initial", "button_width": "auto"})
        self.face = new_face()
        self.brow_panel = ipw.HTML(layout=ipw.Layout(max_width="420px"))
        facial = [(short_name(k), k) for k in FACE_ROWS]
        self.branch = ipw.Dropdown(options=[(b.capitalize(), b) for b in TERMINAL_BRANCHES], value="zygomatic",
                                   description="Stimulate branch:", style={"description_width": "initial"})
        self.recorded = ipw.Dropdown(options=facial, value="mentalis", description="Record from:",
                                     style={"description_width": "initial"})
        self.condition = ipw.ToggleButtons(options=list(CONDITION_OPTIONS), value="compressed",
                                           description="Facial nerve:", style={"description_width": "initial", "button_width": "auto"})
        self.lsr_panel = ipw.HTML()
        self.recording = model.lateral_spread_response(self.branch.value, self.recorded.value, self.condition.value)
        self.lsr_figure = lsr_figure(self.recording)
        self.situation.observe(self.guarded(self._show_sign), names="value")
        for control in (self.branch, self.recorded, self.condition):
            control.observe(self.guarded(self._show_lsr), names="value")
        self._show_sign()
        self._write_lsr_panel()
        self.face_box = face_box(self.face)
        sign_box = ipw.VBox([ipw.HTML("<h4>The brow-lift (“other Babinski”) sign</h4>"), self.situation,
                             ipw.HBox([self.face_box, self.brow_panel], layout=ipw.Layout(flex_flow="row wrap",
                                                                                      align_items="center"))])
        lsr_box = ipw.VBox([ipw.HTML("<h4>The lateral spread response</h4>"),
                            ipw.HBox([self.branch, self.recorded], layout=ipw.Layout(flex_flow="row wrap")),
                            self.condition, self.lsr_figure, self.lsr_panel])
        self._build([sign_box, lsr_box], label="signs")

    def _show_sign(self, change=None) -> None:
        sign = model.other_babinski(self.situation.value, self.side)
        name = dict((v, k) for k, v in SITUATION_OPTIONS)[sign.situation]
        self.face.paint(sign.states, labels=sign.labels,
                        title=f"{name}:<br>brow {'UP ▲' if sign.brow == 'up' else 'DOWN ▼'} as the eye closes")
        verdict = ("<b>Sign present.</b> The frontalis lifts the brow while the orbicularis oculi shuts the eye, on one side."
                   if sign.sign_present else
                   "<b>Sign absent.</b> The brow is pulled down as the eyes close; the frontalis stays idle.")
        cites = "; ".join(evidence.html_cite(e) for e in sign.evidence)
        self.brow_panel.value = f"<p>{verdict}</p><p><small>{cites}</small></p>"

    def _show_lsr(self, change=None) -> None:
        self.recording = rec = model.lateral_spread_response(self.branch.value, self.recorded.value, self.condition.value)
        with self.lsr_figure.batch_update():
            charts.paint_lsr(self.lsr_figure, rec.direct, rec.recorded)
            self.lsr_figure.layout.yaxis.ticktext = _lsr_ticks(rec)
            self.lsr_figure.layout.title.text = _lsr_title(rec)
        self._write_lsr_panel()

    def _write_lsr_panel(self) -> None:
        rec = self.recording
        if rec.same_branch:
            text = ("The recorded muscle belongs to the stimulated branch, so it answers directly. Choose a muscle of "
                    "<i>another</i> branch to look for lateral spread.")
        elif rec.condition == "compressed":
            text = (f"Stimulating the {rec.stimulated_branch} branch makes {html.escape(short_name(rec.recorded_muscle))}, "
                    f"a muscle of another branch, answer: {evidence.html_cite('EMG-02')}.")
        elif rec.condition == "decompressed":
            text = ("Once the vessel is moved off the nerve the response usually disappears; surgeons watch for this, "
                    f"though it does not vanish in everyone: {evidence.html_cite('EMG-07')}.")
        else:
            text = "A healthy facial nerve shows no lateral spread."
        self.lsr_panel.value = (f"<p>{text}</p><p><small>{evidence.html_cite('EMG-01')}. The direct-response timing in "
                                f"this schematic: {evidence.html_cite('L2-DIRECT-RESPONSE')}.</small></p>")

    def figures(self):
        return [(self.face.figure, FACE_HEIGHT), (self.lsr_figure, LSR_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        rescale_face(self.face, self.face_box)

    def static(self) -> StaticForm:
        hfs = model.other_babinski("hfs_spasm", self.side)
        bsp = model.other_babinski("blepharospasm", self.side)
        figs = [face_figure(hfs.states, title="Spasm of HFS: brow UP ▲ as the eye closes", labels=hfs.labels),
                face_figure(bsp.states, title="Blepharospasm: brow DOWN ▼ as the eyes close", labels=bsp.labels)]
        rows = []
        for condition in model.LSR_CONDITIONS:
            rec = model.lateral_spread_response("zygomatic", "mentalis", condition)
            figs.append(lsr_figure(rec, widget=False)) if condition != "healthy" else None
            rows.append([dict((v, k) for k, v in CONDITION_OPTIONS)[condition], "zygomatic branch", "mentalis",
                         f"yes, at {rec.latency_ms:.0f} ms" if rec.lsr_present else "no"])
        return StaticForm(
            title="Two signs of hemifacial spasm",
            alt=("First face: during a spasm of hemifacial spasm on one side, the orbicularis oculi shuts the eye while the "
                 "frontalis lifts the eyebrow on the same side (the brow-lift or 'other Babinski' sign). Second face: in "
                 "blepharospasm both eyes squeeze shut and the brows are pulled down by the corrugator; the frontalis is "
                 "idle. Then two EMG panels: stimulating the zygomatic branch gives a direct response in the lower eyelid "
                 "at a few milliseconds and, with the nerve compressed, a small response in the mentalis (a muscle of the "
                 "marginal mandibular branch) at about 10 ms: the lateral spread response. After decompression the "
                 "mentalis trace is flat."),
            figures=figs, headers=["Facial nerve", "Stimulated", "Recorded", "Lateral spread response"], rows=rows)


# --- 4. which pattern is this? ------------------------------------------------------------------

ANSWERS = (("Typical HFS", "typical"), ("Atypical HFS", "atypical"), ("Neither: not hemifacial spasm", "neither"))
ANSWER_WORDS = dict((v, k) for k, v in ANSWERS)


def case_html(case: model.Case, number: int) -> str:
    rows = "".join(f"<tr><td>{v.year:g}</td><td>{html.escape(v.note)}</td></tr>" for v in case.visits)
    findings = "".join(f"<li>{html.escape(f)}</li>" for f in case.findings)
    return (f"<p><b>Patient {number}</b>, age {case.age_at_onset:.0f} at the first symptom.</p>"
            f"<table class='hfs-table'><thead><tr><th scope='col'>Year</th><th scope='col'>What is seen</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p>On examination:</p><ul>{findings}</ul>")


class PatternQuiz(View):
    """Generated patients (seeded): the student says typical, atypical or neither, and gets feedback."""

    def __init__(self, seed: int = 0):
        super().__init__()
        self.seed = seed
        self.number = 1
        self.score = {"right": 0, "answered": 0}
        self._scored = False
        self.face = new_face()
        self.vignette = ipw.HTML()
        self.answer = ipw.RadioButtons(options=list(ANSWERS), value=None, description="Which pattern is this?",
                                       style={"description_width": "initial"}, layout=ipw.Layout(width="auto"))
        self.check_button = ipw.Button(description="Check", button_style="primary", icon="check",
                                       tooltip="Check your answer")
        self.next_button = ipw.Button(description="Next patient", icon="forward", tooltip="A new generated patient")
        self.feedback = ipw.HTML()
        self.check_button.on_click(self.guarded(self._check))
        self.next_button.on_click(self.guarded(self._next))
        self._show_case()
        left = ipw.VBox([self.vignette, self.answer, ipw.HBox([self.check_button, self.next_button]), self.feedback],
                        layout=ipw.Layout(width="45%", min_width="300px"))
        self.face_box = face_box(self.face)
        self._build([ipw.HBox([left, self.face_box], layout=ipw.Layout(flex_flow="row wrap"))], label="pattern quiz")

    def _show_case(self) -> None:
        self.case = case = model.generate_case(self.seed)
        states = {r: "active" for r in case.visits[-1].regions}
        self.face.paint(states, labels=case.order_labels(),
                        title=f"Patient {self.number} (numbers: visit first seen)")
        self.vignette.value = case_html(case, self.number)
        self.answer.value = None
        self.feedback.value = ""
        self._scored = False

    def _check(self, _button=None) -> None:
        if self.answer.value is None:
            self.feedback.value = "<div class='hfs-message' role='status'>Choose an answer first, then press Check.</div>"
            return
        right = model.grade_case(self.case, self.answer.value)
        if not self._scored:  # only the first answer to each patient counts
            self.score["answered"] += 1
            self.score["right"] += int(right)
            self._scored = True
        verdict = "✔ Right." if right else f"✘ Not quite: this is {ANSWER_WORDS[self.case.label].lower()}."
        sources = "; ".join(evidence.html_cite(e) for e in self.case.evidence)
        self.feedback.value = (f"<div role='status'><p><b>{verdict}</b> {html.escape(evidence.fill(self.case.explanation))}</p>"
                               f"<p><small>{sources}</small></p><p>Score: {self.score['right']} of "
                               f"{self.score['answered']} first answers right. The mix of patients here is for practice: "
                               f"{html.escape(evidence.label('L2-QUIZ-MIX'))}.</p></div>")

    def _next(self, _button=None) -> None:
        self.seed += 1
        self.number += 1
        self._show_case()

    def figures(self):
        return [(self.face.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        rescale_face(self.face, self.face_box)

    def static(self, count: int = 3) -> StaticForm:
        rows, figs = [], []
        for n in range(count):
            case = model.generate_case(self.seed + n)
            figs.append(face_figure({r: "active" for r in case.visits[-1].regions}, labels=case.order_labels(),
                                    title=f"Patient {n + 1}"))
            story = "; ".join(f"year {v.year:g}: {v.note}" for v in case.visits)
            rows.append([n + 1, story + ". " + "; ".join(case.findings), ANSWER_WORDS[case.label],
                         evidence.fill(case.explanation)])
        return StaticForm(
            title="Which pattern is this? Three generated patients",
            alt=("Schematic faces of generated patients. The muscles in spasm at the last visit are shaded and numbered by "
                 "the visit at which each was first seen, so the direction of spread can be read from the numbers. The "
                 "table gives each patient's story, the answer and why."),
            figures=figs, headers=["Patient", "Story and findings", "Answer", "Why"], rows=rows)


# --- benchmark ---------------------------------------------------------------------------------

def bench_cases():
    """Callbacks timed by `make bench`: each call is one change of a control, figure update included."""
    player = YearsPlayer()
    explorer = SynchronyExplorer()
    signs = SignsView()
    quiz = PatternQuiz()
    counter = {"year": 0, "syn": 0, "pattern": 0, "sit": 0, "cond": 0, "branch": 0, "quiz": 0}

    def step_year():
        counter["year"] = (counter["year"] + 1) % (model.YEARS_MAX + 1)
        player.year.value = counter["year"]

    def move_synkinesis():
        counter["syn"] += 1
        explorer.synkinesis.value = round((counter["syn"] % 21) * 0.05, 2)

    def toggle_pattern():
        counter["pattern"] += 1
        explorer.pattern.value = ("hfs", "myokymia")[counter["pattern"] % 2]

    def new_recording():
        explorer.new.click()

    def change_situation():
        counter["sit"] += 1
        signs.situation.value = model.SIGN_SITUATIONS[counter["sit"] % 3]

    def change_condition():
        counter["cond"] += 1
        signs.condition.value = model.LSR_CONDITIONS[counter["cond"] % 3]

    def change_branch():
        counter["branch"] += 1
        signs.branch.value = TERMINAL_BRANCHES[counter["branch"] % len(TERMINAL_BRANCHES)]

    def answer_and_check():
        quiz.answer.value = model.CASE_LABELS[counter["quiz"] % 3]
        quiz.check_button.click()

    def next_patient():
        counter["quiz"] += 1
        quiz.next_button.click()

    def precompute_animation():  # what YearsPlayer does once when it is built (issue budget: 300 ms)
        precompute_frames(simulate_pair())

    return [
        ("progression: years player, precompute the whole animation (once, at build)", precompute_animation, 20),
        ("progression: years player, move the years slider (= one Play tick)", step_year),
        ("progression: synchrony explorer, move the synkinesis slider", move_synkinesis),
        ("progression: synchrony explorer, switch HFS / myokymia", toggle_pattern),
        ("progression: synchrony explorer, new recording", new_recording),
        ("progression: signs, change the eye-closure situation", change_situation),
        ("progression: signs, change the nerve condition (LSR)", change_condition),
        ("progression: signs, change the stimulated branch (LSR)", change_branch),
        ("progression: pattern quiz, answer and check", answer_and_check),
        ("progression: pattern quiz, next patient", next_patient),
    ]


__all__ = ["YearsPlayer", "SynchronyExplorer", "SignsView", "PatternQuiz", "precompute_frames", "bench_cases"]
