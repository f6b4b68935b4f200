"""Lesson 3, widget 1: watch three faces and name what you see (WatchAndTell)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...face import MUSCLES, OUTLINES, regions, shape
from ...ui import style
from ...ui.base import StaticForm, View
from ...ui.faceplot import FacePainter
from ...ui.livefigure import LiveFigure, plain
from .. import model
from ..report import NAMES, SHORT, _cite
from .common import FACE_HEIGHT, FACE_WIDTH, FOLD, PATIENTS

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
        xs += plain(top_x, 4) + plain(top_x[::-1], 4) + [None]
        ys += plain(top_y, 4) + plain(lid_y, 4) + [None]
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
    """Two traces after the face's own: the upper eyelids ("eyelids") and the brows ("brows")."""
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            fill="toself",
            fillcolor="#7A5C45",
            line=dict(color="#3B2A1E", width=2),
            hoverinfo="skip",
            showlegend=False,
            name="eyelids",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            line=dict(color="#222222", width=5),
            hoverinfo="skip",
            showlegend=False,
            name="brows",
        )
    )


class AnimatedFace:
    """A face that repaints only the muscles whose state changed since the last frame (animation speed).

    The FigureWidget is created once, from a plain figure already painted with the first frame: a
    FigureWidget edited between its creation and its display loses those edits in the browser.
    """

    def __init__(self, title: str, first: model.MovementFrame):
        drawing = FacePainter(title, widget=False, height=FACE_HEIGHT, show_labels=False).figure
        _add_moving_parts(drawing)
        drawing.update_layout(margin=dict(l=5, r=5, t=50, b=25), width=round(FACE_WIDTH * style.scale()))  # as rescale
        drawing.layout.annotations[0].text = "patient's R"  # the full words collide on a narrow face
        drawing.layout.annotations[1].text = "patient's L"
        position = {trace.name: i for i, trace in enumerate(drawing.data)}  # restyle takes positions: found by name
        self._trace_of = {region: position[FacePainter.region_name(region)] for region in regions()}
        self._moving = [position["eyelids"], position["brows"]]
        self._shown: dict = {}  # region -> (colour, pattern, opacity) now drawn, for painted regions
        self._key = None
        self.figure = drawing
        self.show(first)
        self.figure = LiveFigure(drawing)

    def show(self, frame: model.MovementFrame) -> None:
        key = (tuple(sorted(frame.muscles.items())), tuple(frame.closure.values()), tuple(frame.brow.values()))
        if key == self._key:
            return  # nothing moved on this face since the last frame
        lids_moved = self._key is None or key[1:] != self._key[1:]
        self._key = key
        off = style.STATE_CUES["off"]
        active = style.STATE_CUES["active"]
        resting = (off.colour, off.pattern, 1.0)
        wanted = {
            region: (active.colour, active.pattern, round(0.35 + 0.65 * k, 3)) for region, k in frame.muscles.items()
        }
        changed = [
            region
            for region in set(self._shown) | set(wanted)
            if self._shown.get(region, resting) != wanted.get(region, resting)
        ]
        fig = self.figure
        if changed:
            # One restyle for all changed muscles: far cheaper than one assignment per property.
            looks = [wanted.get(region, resting) for region in changed]
            fig.plotly_restyle(
                {
                    "fillcolor": [c for c, _, _ in looks],
                    "fillpattern.shape": [p for _, p, _ in looks],
                    "opacity": [o for _, _, o in looks],
                },
                trace_indexes=[self._trace_of[region] for region in changed],
            )
        if lids_moved:
            (lx, ly), (bx, by) = _lid_shapes(frame.closure), _brow_lines(frame.brow)
            fig.plotly_restyle({"x": [lx, bx], "y": [ly, by]}, trace_indexes=self._moving)
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
        self.painters = [
            AnimatedFace(f"Patient {letter}", model.movement_frame(condition, 0))
            for letter, condition in zip(PATIENTS, self.order)
        ]
        # A number box rather than a slider: the slider's handle has no accessible name (axe).
        self.frame = ipw.BoundedIntText(
            value=0,
            min=0,
            max=model.FRAMES - 1,
            description=f"Frame (0–{model.FRAMES - 1}):",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="170px"),
        )
        # The Play widget's own buttons carry no text for screen readers, so it stays hidden and a
        # labelled toggle drives it in the browser (jslink: no kernel round trip for play/pause).
        self.player = ipw.Play(
            value=0, min=0, max=model.FRAMES - 1, interval=260, repeat=True, layout=ipw.Layout(display="none")
        )
        self.play = ipw.ToggleButton(
            value=False, description="Play / pause", icon="play", tooltip="Play the three patients' movements in a loop"
        )
        ipw.jslink((self.player, "value"), (self.frame, "value"))
        ipw.jslink((self.play, "value"), (self.player, "playing"))
        options = [("— choose —", None)] + [(NAMES[k], k) for k in model.WATCH_CONDITIONS]
        self.answers = [
            ipw.Dropdown(
                options=options,
                value=None,
                description=f"Patient {letter} has:",
                style={"description_width": "initial"},
                layout=ipw.Layout(width=f"{FACE_WIDTH}px"),
            )
            for letter in PATIENTS
        ]
        self.check = ipw.Button(
            description="Check my answers", icon="check", button_style="primary", layout=ipw.Layout(width="auto")
        )
        self.feedback = ipw.HTML()
        self.frame.observe(self.guarded(self._on_frame), names="value")
        self.check.on_click(lambda _: self.guarded(self._check)())
        columns = [
            ipw.VBox([p.figure, a], layout=ipw.Layout(margin="0 6px 0 0")) for p, a in zip(self.painters, self.answers)
        ]
        self._build(
            [
                ipw.HTML(
                    "<p>Press <b>Play / pause</b> (or step through the frames with the arrow keys in the frame box) and watch each "
                    "patient. Then name each one and press <b>Check my answers</b>.</p>"
                ),
                ipw.HBox([self.play, self.frame, self.player]),
                ipw.HBox(columns, layout=ipw.Layout(flex_flow="row wrap")),
                self.check,
                self.feedback,
            ],
            label="watch and tell",
        )

    def _on_frame(self, change=None) -> None:
        t = int(self.frame.value)
        for painter, condition in zip(self.painters, self.order):
            painter.show(model.movement_frame(condition, t))

    def _check(self, change=None) -> None:
        chosen = [a.value for a in self.answers]
        if any(c is None for c in chosen):
            self.feedback.value = (
                "<div class='hfs-message' role='status'>Name all three patients first, "
                "then press Check my answers.</div>"
            )
            return
        items = []
        for letter, truth, pick in zip(PATIENTS, self.order, chosen):
            mark = "✔ right" if pick == truth else f"✘ not {html.escape(SHORT[pick])}"
            items.append(
                f"<li><b>Patient {letter}: {mark}. This is {html.escape(NAMES[truth])}.</b> "
                f"{WATCH_EXPLANATION[truth]()}</li>"
            )
        right = sum(p == t for p, t in zip(chosen, self.order))
        self.feedback.value = f"<div role='status'><p><b>{right} of 3 right.</b></p><ul>{''.join(items)}</ul></div>"

    def figures(self):
        return [(p.figure, FACE_HEIGHT) for p in self.painters]

    def rescale(self) -> None:
        super().rescale()
        for p in self.painters:
            p.rescale()

    def static(self) -> StaticForm:
        # Section 1 asks who closes both eyes, whose brow goes up or down and whose eye stays open: the alt text
        # and the storyboard's panel titles say what the figure is, the table of what each does waits behind the fold.
        return StaticForm(
            title="Storyboard: three patients with a twitching face",
            alt=(
                "A storyboard of nine schematic faces in three columns, one patient per column (hemifacial spasm, "
                "blepharospasm, eyelid myokymia), from rest (top row) to the fullest movement (bottom row); "
                "contracting muscles are orange-red with a cross-hatch, and the eyelids and brows are drawn in their "
                "positions at that moment. The patient's right is on the viewer's left. The table says what each patient does."
            ),
            figures=[storyboard_figure()],
            headers=["Patient", "Side", "What moves", "Eyes", "Brow"],
            rows=[
                [
                    "Hemifacial spasm",
                    "one side",
                    "lower lid first, then eye, cheek, mouth and neck together",
                    "one eye closes",
                    "rises as the eye closes (other Babinski sign)",
                ],
                [
                    "Blepharospasm",
                    "both sides",
                    "blinking, then forceful closure of both eyes",
                    "both eyes close",
                    "pulled down (corrugator)",
                ],
                ["Eyelid myokymia", "one lid", "a fine flicker of one lower lid", "stay open", "does not move"],
            ],
            fold_table=FOLD,
        )


def _hfs_explanation() -> str:
    return (
        "One side only; the eye, cheek and mouth contract <i>together</i>, and the brow goes <b>up</b> as the eye "
        f"closes (other Babinski sign: {_cite('SIG-01')}; how often: {_cite('DXA-04')})."
    )


def _beb_explanation() -> str:
    return (
        f"Both eyes squeeze shut together and the brows are pulled <b>down</b> ({_cite('BEB-02')}); "
        f"the brow-lift sign is absent in blepharospasm ({_cite('BEB-15')})."
    )


def _myokymia_explanation() -> str:
    return (
        f"A fine flicker of one lower lid; the eye stays open and nothing else moves ({_cite('MYO-01')}; "
        f"{_cite('MYO-02')})."
    )


WATCH_EXPLANATION = {"hfs": _hfs_explanation, "beb": _beb_explanation, "myokymia": _myokymia_explanation}
STORYBOARD_FRAMES = {"hfs": (0, 4, 9), "beb": (0, 3, 9), "myokymia": (0, 3, 6)}
STORYBOARD_ROWS = ("at rest", "it starts", "at its fullest")


def _polygons(regions_: list) -> tuple[list, list]:
    """Several face regions as one None-separated outline (fill 'toself' fills each part)."""
    xs, ys = [], []
    for muscle, side in regions_:
        x, y = shape(muscle, side)
        xs += plain(x, 4) + [None]
        ys += plain(y, 4) + [None]
    return xs, ys


def _storyboard_panel(frame: model.MovementFrame, axes: dict) -> list[dict]:
    """One face of the storyboard as a handful of traces: regions grouped by how they are drawn."""
    outline_x, outline_y = [], []
    for x, y in OUTLINES.values():
        outline_x += plain(x, 4) + [None]
        outline_y += plain(y, 4) + [None]
    traces = [
        dict(
            type="scatter",
            x=outline_x,
            y=outline_y,
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            line=dict(color=style.OUTLINE, width=1.5),
            **axes,
        )
    ]
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
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=y,
                mode="lines",
                fill="toself",
                fillcolor=cue.colour,
                opacity=opacity,
                fillpattern=dict(shape=cue.pattern, fgcolor="#FFFFFF", size=5),
                line=dict(color="#9A9A9A", width=0.8),
                hoverinfo="skip",
                showlegend=False,
                **axes,
            )
        )
    lx, ly = _lid_shapes(frame.closure)
    bx, by = _brow_lines(frame.brow)
    traces.append(
        dict(
            type="scatter",
            x=lx,
            y=ly,
            mode="lines",
            fill="toself",
            fillcolor="#7A5C45",
            line=dict(color="#3B2A1E", width=1.5),
            hoverinfo="skip",
            showlegend=False,
            **axes,
        )
    )
    traces.append(
        dict(
            type="scatter",
            x=bx,
            y=by,
            mode="lines",
            line=dict(color="#222222", width=3),
            hoverinfo="skip",
            showlegend=False,
            **axes,
        )
    )
    return traces


def storyboard_figure() -> go.Figure:
    """Three key frames of each patient in one static figure (columns: HFS, BEB, myokymia)."""
    conditions = model.WATCH_CONDITIONS
    titles, data = [], []
    for r in range(3):
        for ci, c in enumerate(conditions):
            n = r * 3 + ci + 1
            frame = model.movement_frame(c, STORYBOARD_FRAMES[c][r])
            # The frame's caption says what moves ("both brows DOWN"): the lesson asks that before its reveal.
            titles.append(f"{SHORT[c]}: {STORYBOARD_ROWS[r]}")
            data += _storyboard_panel(frame, dict(xaxis=f"x{'' if n == 1 else n}", yaxis=f"y{'' if n == 1 else n}"))
    grid = make_subplots(rows=3, cols=3, subplot_titles=titles, horizontal_spacing=0.02, vertical_spacing=0.06)
    grid.update_xaxes(visible=False, range=[-1.2, 1.2], fixedrange=True)
    grid.update_yaxes(visible=False, range=[-1.9, 1.35], fixedrange=True)
    for n in range(1, 10):
        grid.layout[f"yaxis{'' if n == 1 else n}"].scaleanchor = f"x{'' if n == 1 else n}"
    grid.update_layout(
        **style.figure_layout(
            height=1150,
            margin=dict(l=10, r=10, t=60, b=10),
            title=dict(text="Storyboard (the patient's right is on the viewer's left)", x=0.5),
        )
    )
    grid.update_annotations(font_size=style.font_px(0.8))
    return go.Figure(data=data, layout=grid.layout, _validate=False)  # plain dicts built above; skip re-validation
