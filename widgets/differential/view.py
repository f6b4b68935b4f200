"""Lesson 3 widgets: watch three faces and name them, reason from findings to probabilities, practise on cases."""
from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import evidence
from ..ui import style
from ..ui.livefigure import LiveFigure
from ..ui.base import StaticForm, View
from ..ui import charts
from ..ui.charts import paint_probabilities
from ..ui.html import pct, table
from ..face import MUSCLES, OUTLINES, regions, shape
from ..ui.faceplot import FacePainter
from . import model
from .report import GROUP_TITLES, NAMES, SHORT, _cite, _fmt_lr, lr_table_html, next_best_html, red_flags_html

FACE_HEIGHT = 380
FACE_WIDTH = 290
CHART_HEIGHT = 430
PATIENTS = ("A", "B", "C")


# --- shared figure: probability of each diagnosis -----------------------------------------------------

def probability_figure(widget: bool = True, height: int = CHART_HEIGHT):
    """Pre-test and post-test bars for every diagnosis (the shared chart, lesson 3's names)."""
    return charts.probability_figure([SHORT[d] for d in model.DIAGNOSES], widget=widget, height=height)


# --- 1. Watch and tell --------------------------------------------------------------------------

def _lid_shapes(closure: dict) -> tuple[list, list]:
    """Upper eyelids as filled shapes that come down over each eye as closure goes 0 → 1."""
    xs, ys = [], []
    t = np.linspace(0, np.pi, 16)
    for side, sign in (("right", -1), ("left", 1)):
        cx, cy = sign * 0.38, 0.25
        top_x, top_y = cx + 0.17 * np.cos(t), cy + 0.075 * np.sin(t)
        openness = 1.0 - float(closure[side])
        lid_y = cy + 0.075 * (2 * openness - 1) * np.sin(t[::-1])
        # Plain floats: numpy values would travel to the FigureWidget as binary buffers, which it does not draw.
        xs += np.round(top_x, 4).tolist() + np.round(top_x[::-1], 4).tolist() + [None]
        ys += np.round(top_y, 4).tolist() + np.round(lid_y, 4).tolist() + [None]
    return xs, ys


def _brow_lines(brow: dict) -> tuple[list, list]:
    xs, ys = [], []
    for side, sign in (("right", -1), ("left", 1)):
        shift = float(brow[side])
        inner_drop = 0.5 * min(shift, 0.0)  # a corrugator pull lowers the inner end more
        xs += [sign * 0.58, sign * 0.38, sign * 0.16, None]
        ys += [round(0.56 + shift, 4), round(0.62 + shift, 4), round(0.58 + shift + inner_drop, 4), None]
    return xs, ys


def _add_moving_parts(fig) -> None:
    """Two traces after the face's own: the upper eyelids (data[-2]) and the brows (data[-1])."""
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor="#7A5C45",
                             line=dict(color="#3B2A1E", width=2), hoverinfo="skip", showlegend=False, name="eyelids"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", line=dict(color="#222222", width=5), hoverinfo="skip",
                             showlegend=False, name="brows"))


class AnimatedFace:
    """A face that repaints only the muscles whose state changed since the last frame (animation speed).

    The FigureWidget is created once, from a plain figure already painted with the first frame: a
    FigureWidget edited between its creation and its display loses those edits in the browser.
    """

    def __init__(self, title: str, first: model.MovementFrame):
        plain = FacePainter(title, widget=False, height=FACE_HEIGHT, show_labels=False).figure
        _add_moving_parts(plain)
        plain.update_layout(margin=dict(l=5, r=5, t=50, b=25), width=FACE_WIDTH)
        plain.layout.annotations[0].text = "patient's R"  # the full words collide on a narrow face
        plain.layout.annotations[1].text = "patient's L"
        self._trace_of = {region: i + 1 for i, region in enumerate(regions())}  # trace 0 is the outline (faceplot)
        self._shown: dict = {}  # region -> (colour, pattern, opacity) now drawn, for painted regions
        self._key = None
        self.figure = plain
        self.show(first)
        self.figure = LiveFigure(plain)

    def show(self, frame: model.MovementFrame) -> None:
        key = (tuple(sorted(frame.muscles.items())), tuple(frame.closure.values()), tuple(frame.brow.values()))
        if key == self._key:
            return  # nothing moved on this face since the last frame
        lids_moved = self._key is None or key[1:] != self._key[1:]
        self._key = key
        off = style.STATE_CUES["off"]
        active = style.STATE_CUES["active"]
        resting = (off.colour, off.pattern, 1.0)
        wanted = {region: (active.colour, active.pattern, round(0.35 + 0.65 * k, 3)) for region, k in frame.muscles.items()}
        changed = [region for region in set(self._shown) | set(wanted)
                   if self._shown.get(region, resting) != wanted.get(region, resting)]
        fig = self.figure
        if changed:
            # One restyle for all changed muscles: far cheaper than one assignment per property.
            looks = [wanted.get(region, resting) for region in changed]
            fig.plotly_restyle({"fillcolor": [c for c, _, _ in looks], "fillpattern.shape": [p for _, p, _ in looks],
                                "opacity": [o for _, _, o in looks]},
                               trace_indexes=[self._trace_of[region] for region in changed])
        if lids_moved:
            (lx, ly), (bx, by) = _lid_shapes(frame.closure), _brow_lines(frame.brow)
            n = len(fig.data)
            fig.plotly_restyle({"x": [lx, bx], "y": [ly, by]}, trace_indexes=[n - 2, n - 1])
        self._shown = wanted

    def rescale(self) -> None:
        style.rescale_figure(self.figure, FACE_HEIGHT)
        self.figure.layout.width = round(FACE_WIDTH * style.scale())


class WatchAndTell(View):
    """Three animated patients side by side; the learner names each one, then checks."""

    def __init__(self, seed: int = 3):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.order = [model.WATCH_CONDITIONS[i] for i in rng.permutation(len(model.WATCH_CONDITIONS))]
        self.painters = [AnimatedFace(f"Patient {letter}", model.movement_frame(condition, 0))
                         for letter, condition in zip(PATIENTS, self.order)]
        # A number box rather than a slider: the slider's handle has no accessible name (axe).
        self.frame = ipw.BoundedIntText(value=0, min=0, max=model.FRAMES - 1, description=f"Frame (0–{model.FRAMES - 1}):",
                                        style={"description_width": "initial"}, layout=ipw.Layout(width="170px"))
        # The Play widget's own buttons carry no text for screen readers, so it stays hidden and a
        # labelled toggle drives it in the browser (jslink: no kernel round trip for play/pause).
        self.player = ipw.Play(value=0, min=0, max=model.FRAMES - 1, interval=260, repeat=True,
                               layout=ipw.Layout(display="none"))
        self.play = ipw.ToggleButton(value=False, description="Play / pause", icon="play",
                                     tooltip="Play the three patients' movements in a loop")
        ipw.jslink((self.player, "value"), (self.frame, "value"))
        ipw.jslink((self.play, "value"), (self.player, "playing"))
        options = [("— choose —", None)] + [(NAMES[k], k) for k in model.WATCH_CONDITIONS]
        self.answers = [ipw.Dropdown(options=options, value=None, description=f"Patient {letter} has:",
                                     style={"description_width": "initial"}, layout=ipw.Layout(width=f"{FACE_WIDTH}px"))
                        for letter in PATIENTS]
        self.check = ipw.Button(description="Check my answers", icon="check", button_style="primary",
                                layout=ipw.Layout(width="auto"))
        self.feedback = ipw.HTML()
        self.frame.observe(self.guarded(self._on_frame), names="value")
        self.check.on_click(lambda _: self.guarded(self._check)())
        columns = [ipw.VBox([p.figure, a], layout=ipw.Layout(margin="0 6px 0 0"))
                   for p, a in zip(self.painters, self.answers)]
        self._build([
            ipw.HTML("<p>Press <b>Play / pause</b> (or step through the frames with the arrow keys in the frame box) and watch each "
                     "patient. Then name each one and press <b>Check my answers</b>.</p>"),
            ipw.HBox([self.play, self.frame, self.player]),
            ipw.HBox(columns, layout=ipw.Layout(flex_flow="row wrap")),
            self.check, self.feedback,
        ], label="watch and tell")

    def _on_frame(self, change=None) -> None:
        t = int(self.frame.value)
        for painter, condition in zip(self.painters, self.order):
            painter.show(model.movement_frame(condition, t))

    def _check(self, change=None) -> None:
        chosen = [a.value for a in self.answers]
        if any(c is None for c in chosen):
            self.feedback.value = ("<div class='hfs-message' role='status'>Name all three patients first, "
                                   "then press Check my answers.</div>")
            return
        items = []
        for letter, truth, pick in zip(PATIENTS, self.order, chosen):
            mark = "✔ right" if pick == truth else f"✘ not {html.escape(SHORT[pick])}"
            items.append(f"<li><b>Patient {letter}: {mark}. This is {html.escape(NAMES[truth])}.</b> "
                         f"{WATCH_EXPLANATION[truth]()}</li>")
        right = sum(p == t for p, t in zip(chosen, self.order))
        self.feedback.value = f"<div role='status'><p><b>{right} of 3 right.</b></p><ul>{''.join(items)}</ul></div>"

    def figures(self):
        return [(p.figure, FACE_HEIGHT) for p in self.painters]

    def rescale(self) -> None:
        super().rescale()
        for p in self.painters:
            p.rescale()

    def static(self) -> StaticForm:
        return StaticForm(
            title="Storyboard: three patients with a twitching face",
            alt=("A storyboard of nine schematic faces in three columns. Left column, hemifacial spasm: the patient's "
                 "left lower lid twitches, then the left eye, cheek, mouth and neck contract together while the left "
                 "brow rises. Middle column, blepharospasm: both eyes blink, then squeeze shut together while both "
                 "brows are pulled down. Right column, eyelid myokymia: only the right lower lid flickers; the eye "
                 "stays open and nothing else moves. Contracting muscles are orange-red with a cross-hatch."),
            figures=[storyboard_figure()],
            headers=["Patient", "Side", "What moves", "Eyes", "Brow"],
            rows=[["Hemifacial spasm", "one side", "lower lid first, then eye, cheek, mouth and neck together",
                   "one eye closes", "rises as the eye closes (other Babinski sign)"],
                  ["Blepharospasm", "both sides", "blinking, then forceful closure of both eyes", "both eyes close",
                   "pulled down (corrugator)"],
                  ["Eyelid myokymia", "one lid", "a fine flicker of one lower lid", "stay open", "does not move"]],
        )


def _hfs_explanation() -> str:
    return ("One side only; the eye, cheek and mouth contract <i>together</i>, and the brow goes <b>up</b> as the eye "
            f"closes (other Babinski sign: {_cite('SIG-01')}; how often: {_cite('DXA-04')}).")


def _beb_explanation() -> str:
    return (f"Both eyes squeeze shut together and the brows are pulled <b>down</b> ({_cite('BEB-02')}); "
            f"the brow-lift sign is absent in blepharospasm ({_cite('BEB-15')}).")


def _myokymia_explanation() -> str:
    return (f"A fine flicker of one lower lid; the eye stays open and nothing else moves ({_cite('MYO-01')}; "
            f"{_cite('MYO-02')}).")


WATCH_EXPLANATION = {"hfs": _hfs_explanation, "beb": _beb_explanation, "myokymia": _myokymia_explanation}
STORYBOARD_FRAMES = {"hfs": (0, 4, 9), "beb": (0, 3, 9), "myokymia": (0, 3, 6)}


def _polygons(regions_: list) -> tuple[list, list]:
    """Several face regions as one None-separated outline (fill 'toself' fills each part)."""
    xs, ys = [], []
    for muscle, side in regions_:
        x, y = shape(muscle, side)
        xs += np.round(x, 4).tolist() + [None]
        ys += np.round(y, 4).tolist() + [None]
    return xs, ys


def _storyboard_panel(frame: model.MovementFrame, axes: dict) -> list[dict]:
    """One face of the storyboard as a handful of traces: regions grouped by how they are drawn."""
    outline_x, outline_y = [], []
    for x, y in OUTLINES.values():
        outline_x += np.round(x, 4).tolist() + [None]
        outline_y += np.round(y, 4).tolist() + [None]
    traces = [dict(type="scatter", x=outline_x, y=outline_y, mode="lines", hoverinfo="skip", showlegend=False,
                   line=dict(color=style.OUTLINE, width=1.5), **axes)]
    groups: dict = {}
    for region in regions():
        if region in frame.muscles:
            look = ("active", round(0.35 + 0.65 * frame.muscles[region], 2))
        else:
            look = ("off" if MUSCLES[region[0]].is_facial else "other_nerve", 1.0)
        groups.setdefault(look, []).append(region)
    for (state, opacity), members in groups.items():
        cue = style.STATE_CUES[state]
        x, y = _polygons(members)
        traces.append(dict(type="scatter", x=x, y=y, mode="lines", fill="toself", fillcolor=cue.colour, opacity=opacity,
                           fillpattern=dict(shape=cue.pattern, fgcolor="#FFFFFF", size=5),
                           line=dict(color="#9A9A9A", width=0.8), hoverinfo="skip", showlegend=False, **axes))
    lx, ly = _lid_shapes(frame.closure)
    bx, by = _brow_lines(frame.brow)
    traces.append(dict(type="scatter", x=lx, y=ly, mode="lines", fill="toself", fillcolor="#7A5C45",
                       line=dict(color="#3B2A1E", width=1.5), hoverinfo="skip", showlegend=False, **axes))
    traces.append(dict(type="scatter", x=bx, y=by, mode="lines", line=dict(color="#222222", width=3),
                       hoverinfo="skip", showlegend=False, **axes))
    return traces


def storyboard_figure() -> go.Figure:
    """Three key frames of each patient in one static figure (columns: HFS, BEB, myokymia)."""
    conditions = model.WATCH_CONDITIONS
    titles, data = [], []
    for r in range(3):
        for ci, c in enumerate(conditions):
            n = r * 3 + ci + 1
            frame = model.movement_frame(c, STORYBOARD_FRAMES[c][r])
            titles.append(f"{SHORT[c]}: {frame.caption}")
            data += _storyboard_panel(frame, dict(xaxis=f"x{'' if n == 1 else n}", yaxis=f"y{'' if n == 1 else n}"))
    grid = make_subplots(rows=3, cols=3, subplot_titles=titles, horizontal_spacing=0.02, vertical_spacing=0.06)
    grid.update_xaxes(visible=False, range=[-1.2, 1.2], fixedrange=True)
    grid.update_yaxes(visible=False, range=[-1.9, 1.35], fixedrange=True)
    for n in range(1, 10):
        grid.layout[f"yaxis{'' if n == 1 else n}"].scaleanchor = f"x{'' if n == 1 else n}"
    grid.update_layout(**style.figure_layout(height=1150, margin=dict(l=10, r=10, t=60, b=10),
                                             title=dict(text="Storyboard (the patient's right is on the viewer's left)",
                                                        x=0.5)))
    grid.update_annotations(font_size=style.font_px(0.8))
    return go.Figure(data=data, layout=grid.layout, _validate=False)  # plain dicts built above; skip re-validation


# --- 2. Bayesian differential ------------------------------------------------------------------------

class BayesianDifferential(View):
    """Setting + finding checkboxes → probability of each diagnosis, likelihood ratios, best next finding."""

    def __init__(self, setting: str = "botox_clinic", findings: dict | None = None, about: str | None = None):
        """findings: boxes ticked at the start. about: what those findings describe (e.g. a capstone
        case); with it, the static form shows these findings instead of the lesson's example."""
        super().__init__()
        self.about = about
        self.setting = ipw.Dropdown(options=[(s.name, k) for k, s in model.SETTINGS.items()], value=setting,
                                    description="Clinical setting:", style={"description_width": "initial"},
                                    layout=ipw.Layout(width="auto"))
        self.boxes: dict[tuple[str, bool], ipw.Checkbox] = {}
        pages = []
        for group in model.GROUPS:
            rows = []
            for key, f in model.FINDINGS.items():
                if f.group != group:
                    continue
                pair = []
                for value in (True, False):
                    box = ipw.Checkbox(value=False, description=f.text(value), indent=False,
                                       layout=ipw.Layout(width="48%"))
                    box.observe(self.guarded(self._on_box(key, value)), names="value")
                    self.boxes[(key, value)] = box
                    pair.append(box)
                rows.append(ipw.HBox(pair, layout=ipw.Layout(border_bottom="1px solid #EEEEEE")))
            pages.append(ipw.VBox(rows))
        self.tabs = ipw.Tab(children=pages, titles=[GROUP_TITLES[g] for g in model.GROUPS], selected_index=1)
        self.clear = ipw.Button(description="Clear findings", icon="eraser", tooltip="Untick every finding")
        self.figure = probability_figure()
        self.lr_table = ipw.HTML()
        self.next_best = ipw.HTML(layout=ipw.Layout(width="48%", min_width="280px"))
        self.flags = ipw.HTML(layout=ipw.Layout(width="48%", min_width="280px"))
        self._syncing = False
        self.setting.observe(self.guarded(self._refresh), names="value")
        self.clear.on_click(lambda _: self.guarded(self._clear)())
        self._refresh()
        if findings:
            self.set_findings(findings)
        self._build([
            ipw.HBox([self.setting, self.clear]),
            ipw.HTML("<p>Tick what you know. Each row is one finding; tick <i>either</i> side of the row, or neither "
                     "if you have not checked it.</p>"),
            self.tabs,
            self.figure,
            ipw.HBox([self.next_best, self.flags], layout=ipw.Layout(flex_flow="row wrap", grid_gap="12px")),
            self.lr_table,
        ], label="Bayesian differential")

    # -- controls
    def observations(self) -> dict:
        obs = {}
        for key in model.FINDING_KEYS:
            if self.boxes[(key, True)].value:
                obs[key] = True
            elif self.boxes[(key, False)].value:
                obs[key] = False
        return obs

    def set_findings(self, observations: dict) -> None:
        """Tick boxes programmatically (tests, instructor demo) with a single refresh."""
        obs = model.check_observations(observations)
        self._syncing = True
        try:
            for (key, value), box in self.boxes.items():
                box.value = obs.get(key) is value
        finally:
            self._syncing = False
        self._refresh()

    def _on_box(self, key: str, value: bool):
        def changed(change):
            if self._syncing:
                return
            if change["new"]:
                self._syncing = True  # untick the other side of the row without a second refresh
                try:
                    self.boxes[(key, not value)].value = False
                finally:
                    self._syncing = False
            self._refresh()
        return changed

    def _clear(self, change=None) -> None:
        self.set_findings({})

    # -- display
    def _refresh(self, change=None) -> None:
        obs = self.observations()
        prior = model.prior_vector(self.setting.value)
        post = model.bayes(prior, model.likelihood_rows(obs))
        ranking = model.ranked(post)
        (lead, p_lead), (runner, _) = ranking[0], ranking[1]
        title = (f"Most probable: {SHORT[lead]} ({p_lead:.0%})" if obs else
                 f"Before any finding: {SHORT[lead]} ({p_lead:.0%})")
        paint_probabilities(self.figure, prior, post, title)
        self.lr_table.value = lr_table_html(obs, prior, post, lead, runner)
        self.next_best.value = next_best_html(self.setting.value, obs)
        self.flags.value = red_flags_html(obs)

    def figures(self):
        return [(self.figure, CHART_HEIGHT)]

    def static(self) -> StaticForm:
        if self.about is not None:
            return self._static_findings()
        example = {"bilateral": False, "eyelid_closure": True, "lower_face": True, "brow_lift": True}
        prior = model.prior_vector("botox_clinic")
        post = model.posterior("botox_clinic", example)
        fig = probability_figure(widget=False)
        lead, p = model.ranked(post)[0]
        paint_probabilities(fig, prior, post, f"Botulinum-toxin clinic, four findings: {SHORT[lead]} {p:.0%}")
        rows = []
        for key, f in model.FINDINGS.items():
            cells = [f"{f.p[d][0]:.2f}" for d in model.MAIN]
            rows.append([f.present, *cells, f"{model.likelihood_ratio(key, True, 'hfs', 'beb'):.2g}",
                         "; ".join(dict.fromkeys(evidence.label(f.p[d][1]) for d in model.MAIN))])
        return StaticForm(
            title="P(finding present | diagnosis) for the three main diagnoses, and the LR of HFS against BEB",
            alt=("Horizontal bar chart of ten diagnoses. In a botulinum-toxin clinic, before any finding, hemifacial "
                 f"spasm is {prior[0]:.0%} likely and blepharospasm {prior[1]:.0%}. After four findings (one side "
                 f"only, the eyelids close, cheek and mouth take part, the brow rises) hemifacial spasm is {post[0]:.0%} "
                 "likely and every other diagnosis is near zero. Grey hatched bars are pre-test, blue solid bars "
                 "are after the findings."),
            figures=[fig], headers=["Finding (present)", "P | HFS", "P | BEB", "P | myokymia", "LR HFS:BEB", "Sources"],
            rows=rows,
        )


    def _static_findings(self) -> StaticForm:
        """The chart and each finding's likelihood ratio for the findings now ticked (a capstone case)."""
        obs, setting = self.observations(), self.setting.value
        prior, post = model.prior_vector(setting), model.posterior(setting, obs)
        (lead, p), (runner, _q) = model.ranked(post)[:2]
        name = model.SETTINGS[setting].name
        fig = charts.probability_figure([SHORT[d] for d in model.DIAGNOSES], widget=False, height=400)
        fig.update_layout(width=560, margin=dict(l=160, r=20, t=60, b=80))
        paint_probabilities(fig, prior, post, f"After the findings: {SHORT[lead]} {pct(p, bounded=True)}"
                                              f"<br><sup>{html.escape(name)}</sup>")
        rows = [[model.FINDINGS[k].text(v), f"{model.likelihood_ratio(k, v, lead, runner):.2g}",
                 evidence.label(model.FINDINGS[k].p[lead][1])] for k, v in obs.items()]
        flags = ", ".join(model.FINDINGS[f.finding].present.lower() for f in model.red_flags(obs)) or "none"
        return StaticForm(
            title=f"{self.about}: the Bayesian differential with every finding ticked",
            alt=(f"Bar chart, {name}: grey hatched bars before the findings, blue bars after them. "
                 f"{NAMES[lead]} leads at {pct(p, bounded=True)}, then {NAMES[runner]}. Red flags: {flags}."),
            figures=[fig], headers=["Finding", f"LR {SHORT[lead]} : {SHORT[runner]}", f"Source ({SHORT[lead]})"],
            rows=rows)


# --- 3. Case trainer ---------------------------------------------------------------------------

class CaseTrainer(View):
    """Generated vignettes: pick the diagnosis and the next step; feedback names the deciding findings."""

    def __init__(self, seed: int = 2024, include_mimics: bool = False):
        super().__init__()
        self.seed = seed
        self.count = 0
        self.case: model.Case | None = None
        self.scored = False
        self.right_dx = self.right_test = self.cases_checked = 0
        self.include_mimics = ipw.Checkbox(value=include_mimics, description="Include the other mimics", indent=False)
        self.harder = ipw.Checkbox(value=False, description="Less typical cases", indent=False)
        self.new_case = ipw.Button(description="New case", icon="refresh", tooltip="Draw a new patient")
        self.vignette = ipw.HTML()
        self.diagnosis = ipw.RadioButtons(options=self._dx_options(), value=None, description="Diagnosis:",
                                          style={"description_width": "initial"},
                                          layout=ipw.Layout(width="auto", margin="0 32px 0 0"))
        self.next_test = ipw.RadioButtons(options=[(t, k) for k, t in model.NEXT_TESTS.items()], value=None,
                                          description="Next step:", style={"description_width": "initial"},
                                          layout=ipw.Layout(width="auto"))
        self.check = ipw.Button(description="Check", icon="check", button_style="primary")
        self.feedback = ipw.HTML()
        self.score = ipw.HTML()
        self.figure = probability_figure(height=CHART_HEIGHT - 30)
        self.new_case.on_click(lambda _: self.guarded(self._new_case)())
        self.check.on_click(lambda _: self.guarded(self._check)())
        self.include_mimics.observe(self.guarded(self._on_pool), names="value")
        self.harder.observe(self.guarded(self._new_case), names="value")
        self._new_case()
        self._build([
            ipw.HBox([self.new_case, self.include_mimics, self.harder]),
            self.vignette,
            ipw.HBox([self.diagnosis, self.next_test], layout=ipw.Layout(flex_flow="row wrap")),
            ipw.HBox([self.check, self.score]),
            self.feedback, self.figure,
        ], label="case trainer")

    def _dx_options(self):
        keys = model.DIAGNOSES if self.include_mimics.value else model.MAIN
        return [(NAMES[k], k) for k in keys]

    def _on_pool(self, change=None) -> None:
        self.diagnosis.options = self._dx_options()
        self.diagnosis.value = None
        self._new_case()

    def _new_case(self, change=None) -> None:
        self.case = model.generate_case(self.seed + self.count, classic=not self.harder.value,
                                        include_mimics=self.include_mimics.value)
        self.count += 1
        self.scored = False
        self.diagnosis.value = None
        self.next_test.value = None
        self.feedback.value = ""
        self.vignette.value = (f"<div class='hfs-note'><b>Case {self.count}.</b> {html.escape(self.case.vignette())}</div>")
        prior = model.prior_vector(self.case.setting)
        paint_probabilities(self.figure, prior, None, f"Case {self.count}: pre-test probabilities in this setting")
        self._show_score()

    def _show_score(self) -> None:
        n = self.cases_checked
        self.score.value = (f"&nbsp;<b>Score:</b> diagnosis {self.right_dx}/{n}, next step {self.right_test}/{n} "
                            f"({n} case{'s' if n != 1 else ''} checked)")

    def _check(self, change=None) -> None:
        case = self.case
        if self.diagnosis.value is None or self.next_test.value is None:
            self.feedback.value = ("<div class='hfs-message' role='status'>Choose a diagnosis and a next step first, "
                                   "then press Check.</div>")
            return
        pick, test = self.diagnosis.value, self.next_test.value
        prior = model.prior_vector(case.setting)
        post = model.posterior(case.setting, case.observations)
        dx_ok, test_ok = pick == case.condition, test == case.best_test
        if not self.scored:
            self.scored = True
            self.cases_checked += 1
            self.right_dx += dx_ok
            self.right_test += test_ok
            self._show_score()
        paint_probabilities(self.figure, prior, post,
                            f"Case {self.count}: after the findings, {SHORT[model.ranked(post)[0][0]]} "
                            f"{model.ranked(post)[0][1]:.0%}")
        self.feedback.value = f"<div role='status'>{case_feedback_html(case, pick, test, post)}</div>"

    def figures(self):
        return [(self.figure, CHART_HEIGHT - 30)]

    def static(self) -> StaticForm:
        case = model.generate_case(11, "hfs")
        prior = model.prior_vector(case.setting)
        post = model.posterior(case.setting, case.observations)
        fig = probability_figure(widget=False, height=CHART_HEIGHT - 30)
        paint_probabilities(fig, prior, post, f"Worked case: {SHORT[model.ranked(post)[0][0]]} "
                                              f"{model.ranked(post)[0][1]:.0%} after the findings")
        runner = model.ranked(post)[1][0]
        rows = [[model.FINDINGS[k].text(v), f"{lr:.2g}", evidence.label(model.FINDINGS[k].p['hfs'][1])]
                for k, v, lr in model.deciding_findings(case.observations, "hfs", runner)]
        return StaticForm(
            title=f"Worked case. {case.vignette()} Answer: {NAMES[case.condition]}; next step: "
                  f"{model.NEXT_TESTS[case.best_test]}.",
            alt=(f"Bar chart for the worked case: before the findings hemifacial spasm is {prior[0]:.0%} likely; after "
                 f"them it is {post[0]:.0%}. The table lists each finding with its likelihood ratio for hemifacial "
                 f"spasm against {SHORT[runner]}."),
            figures=[fig], headers=["Finding", f"LR HFS : {SHORT[runner]}", "Source (HFS)"], rows=rows,
        )


def case_feedback_html(case: model.Case, pick: str, test: str, post: np.ndarray) -> str:
    truth = case.condition
    ranking = model.ranked(post)
    other = pick if pick != truth else next(d for d, _ in ranking if d != truth)
    verdict = ("<p><b>✔ Diagnosis right:</b> " if pick == truth else
               f"<p><b>✘ Diagnosis: not {html.escape(SHORT[pick])}.</b> ") + f"This patient has {html.escape(NAMES[truth])}.</p>"
    deciding = model.deciding_findings(case.observations, truth, other)[:3]
    lines = []
    for key, value, lr in deciding:
        f = model.FINDINGS[key]
        p_t = f.p[truth][0] if value else 1 - f.p[truth][0]
        p_o = f.p[other][0] if value else 1 - f.p[other][0]
        srcs = "; ".join(dict.fromkeys(_cite(f.p[d][1]) for d in (truth, other)))
        lines.append(f"<li>{html.escape(f.text(value))}: {p_t:.2g} in {html.escape(SHORT[truth])} vs {p_o:.2g} in "
                     f"{html.escape(SHORT[other])}, LR {_fmt_lr(lr)} ({srcs})</li>")
    why = (f"<p>The findings that separate {html.escape(SHORT[truth])} from {html.escape(SHORT[other])} most:</p>"
           f"<ul>{''.join(lines)}</ul>") if lines else ""
    top, p_top = ranking[0]
    bayes = (f"<p>All findings together: {html.escape(SHORT[top])} {p_top:.0%}"
             + ("" if top == truth else f" (this patient is the less likely case: {html.escape(SHORT[truth])} "
                                        f"{post[model.DIAGNOSES.index(truth)]:.0%})") + ".</p>")
    cond = model.CONDITIONS[truth]
    test_line = ("<p><b>✔ Next step right:</b> " if test == case.best_test else
                 f"<p><b>✘ Next step:</b> not “{html.escape(model.NEXT_TESTS[test])}”. Better: ") + \
        f"{html.escape(model.NEXT_TESTS[case.best_test])} ({'; '.join(_cite(e) for e in cond.best_test_evidence)}).</p>"
    flags = model.red_flags(case.observations)
    flag_line = ""
    if flags:
        flag_line = ("<p>Red flags in this case (they argue against primary HFS): "
                     + "; ".join(html.escape(model.FINDINGS[f.finding].present.lower()) for f in flags) + ".</p>")
    return verdict + why + bayes + test_line + flag_line


# --- the comparison tables for the lesson text --------------------------------------------------------

def _markdown_table(headers, rows) -> str:
    def cell(text: str) -> str:  # the cited figures come from the content files: escaped, as is the model's text
        return evidence.markdown_escape(evidence.fill(text))
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def comparison_table():
    """HFS vs blepharospasm vs eyelid myokymia, every figure with its citation (a Markdown display)."""
    from IPython.display import Markdown

    return Markdown(_markdown_table(model.COMPARISON_HEADERS, model.COMPARISON))


def mimics_table():
    from IPython.display import Markdown

    return Markdown(_markdown_table(model.MIMICS_HEADERS, model.MIMICS))


def likelihood_table():
    """Every finding's P(present | diagnosis) for the three main diagnoses, with sources (a Markdown display)."""
    from IPython.display import Markdown

    rows = []
    for f in model.FINDINGS.values():
        rows.append([f.present] + [f"{f.p[d][0]:.2f} {evidence.label(f.p[d][1])}" for d in model.MAIN])
    return Markdown(_markdown_table(["Finding (present)", *[SHORT[d] for d in model.MAIN]], rows))


# --- make bench ----------------------------------------------------------------------------------

def bench_cases():
    watch = WatchAndTell()
    state = {"t": 0, "i": 0, "s": 0}

    def next_frame():
        state["t"] = (state["t"] + 1) % model.FRAMES
        watch.frame.value = state["t"]

    bayes = BayesianDifferential()
    keys = [(k, v) for k in ("bilateral", "brow_lift", "lower_face", "persists_sleep", "emg_lsr") for v in (True, False)]

    def tick_finding():
        state["i"] = (state["i"] + 1) % len(keys)
        box = bayes.boxes[keys[state["i"]]]
        box.value = not box.value

    settings = list(model.SETTINGS)

    def change_setting():
        state["s"] = (state["s"] + 1) % len(settings)
        bayes.setting.value = settings[state["s"]]

    trainer = CaseTrainer(include_mimics=True)

    def new_case():
        trainer.new_case.click()

    def check_case():
        trainer.diagnosis.value = trainer.diagnosis.options[0][1]
        trainer.next_test.value = "mri"
        trainer.check.click()

    return [
        ("differential: watch and tell, next frame", next_frame),
        ("differential: Bayes, tick a finding", tick_finding),
        ("differential: Bayes, change setting", change_setting),
        ("differential: case trainer, new case", new_case),
        ("differential: case trainer, check answer", check_case),
    ]


__all__ = ["WatchAndTell", "BayesianDifferential", "CaseTrainer", "comparison_table", "mimics_table",
           "likelihood_table", "storyboard_figure"]
