"""Drawing the shared face with plotly: one trace per muscle and side, repainted in place.

Each painted muscle gets a colour, a fill pattern and a word label, so its state reads without
colour. The figure is created once; `paint` mutates it inside `batch_update` (never rebuilt).
"""

from __future__ import annotations

from typing import Mapping

import plotly.graph_objects as go

from ..face import MUSCLES, OUTLINES, SIDES, centroid, regions, shape
from . import style
from .livefigure import LiveFigure, plain

Region = tuple[str, str]  # (muscle key, side)


def _hover(muscle: str, side: str) -> str:
    m = MUSCLES[muscle]
    drive = f"{', '.join(m.branches)} branch of CN VII" if m.is_facial else m.nerve
    return f"<b>{m.name}</b> ({side})<br>{m.action}<br>nerve: {drive}"


SIDE_WORDS = ("patient's<br>RIGHT", "patient's<br>LEFT")  # under the face's corners, viewer's left and right
LABEL_SIZE = 0.85  # word labels and side names, relative to the figure's text

Look = tuple  # (fill colour, fill pattern, opacity) of one region trace
LabelXYT = tuple  # the word labels' x, y and text


def face_looks(
    states: Mapping[Region, str],
    intensity: Mapping[Region, float] | None = None,
    labels: Mapping[Region, str] | None = None,
    show_labels: bool = True,
) -> tuple[tuple[Look, ...], LabelXYT]:
    """What a paint sets on each region trace (in `regions()` order) and on the label trace.

    Computed ahead of time (the years player precomputes every frame), so a repaint touches only the
    traces whose look changes; a unit test checks the result equals a fresh paint."""
    looks, xs, ys, words = [], [], [], []
    labels = labels or {}
    for region in regions():
        default = "off" if MUSCLES[region[0]].is_facial else "other_nerve"
        cue = style.STATE_CUES[states.get(region, default)]
        opacity = 0.35 + 0.65 * float(intensity.get(region, 1.0)) if intensity else 1.0
        looks.append((cue.colour, cue.pattern, opacity))
        if show_labels and region in states and states[region] != "off":
            word = labels.get(region, cue.word)
            if word:
                cx, cy = centroid(*region)
                xs.append(cx)
                ys.append(cy)
                words.append(word)
    return tuple(looks), (tuple(xs), tuple(ys), tuple(words))


class FacePainter:
    """A face figure whose muscles are repainted by state name (face.FACE_STATES, drawn with style.STATE_CUES)."""

    def __init__(
        self,
        title: str = "",
        *,
        widget: bool = True,
        height: int = 460,
        width: int | None = None,
        show_labels: bool = True,
        presenter_size: tuple[int, int] | None = None,
    ):
        """width (px at normal scale) fixes the figure's width, so a face can sit beside text or another face;
        without it the figure takes its container's width. presenter_size (width, height in px) replaces the
        scaled size on a projector, where a widget with two faces and a chart must share one screen."""
        self.height = height
        self.width = width
        self.presenter_size = presenter_size
        self.show_labels = show_labels
        self._regions = regions()
        self._index = {r: i + 1 for i, r in enumerate(self._regions)}  # trace 0 is the outline (kept for callers)
        self._handles_of = None  # the figure whose trace handles are stored in _region_traces / _label_trace
        outline_x, outline_y = [], []
        for x, y in OUTLINES.values():
            outline_x += list(x) + [None]
            outline_y += list(y) + [None]
        traces = [
            go.Scatter(
                x=outline_x,
                y=outline_y,
                mode="lines",
                line=dict(color=style.OUTLINE, width=2),
                hoverinfo="skip",
                showlegend=False,
                name="face",
            )
        ]
        for muscle, side in self._regions:
            x, y = shape(muscle, side)
            off = style.STATE_CUES["other_nerve" if not MUSCLES[muscle].is_facial else "off"]
            # Plain lists: numpy arrays travel to FigureWidget as binary buffers, which it did not draw (seen in Chromium).
            traces.append(
                go.Scatter(
                    x=plain(x),
                    y=plain(y),
                    mode="lines",
                    fill="toself",
                    fillcolor=off.colour,
                    fillpattern=dict(shape=off.pattern, fgcolor="#FFFFFF", size=6),
                    line=dict(color="#9A9A9A", width=1),
                    name=self.region_name((muscle, side)),
                    hoveron="fills+points",
                    text=_hover(muscle, side),
                    hoverinfo="text",
                    showlegend=False,
                )
            )
        traces.append(
            go.Scatter(
                x=[],
                y=[],
                mode="text",
                text=[],
                hoverinfo="skip",
                showlegend=False,
                textfont=dict(size=style.font_px(LABEL_SIZE), color="#111111"),
                name="labels",
            )
        )
        layout = style.figure_layout(
            height=height,
            # The title at the text's size, not plotly's 1.2 times: two faces side by side on a projector each
            # carry a two-line title that overlapped its neighbour at the larger size.
            title=dict(text=title, x=0.5, font=dict(size=style.font_px())),
            xaxis=dict(visible=False, range=[-1.25, 1.25], fixedrange=True),
            yaxis=dict(visible=False, range=[-1.95, 1.4], scaleanchor="x", fixedrange=True),
            margin=dict(l=10, r=10, t=60, b=30),
            # Two lines each, at the labels' size: on one line at 24 px the two side names overlapped
            # under a projected face ("patient's RIGHT" ran into "patient's LEFT").
            annotations=[
                dict(x=-1.15, y=-1.9, text=SIDE_WORDS[0], showarrow=False, xanchor="left", yanchor="bottom"),
                dict(x=1.15, y=-1.9, text=SIDE_WORDS[1], showarrow=False, xanchor="right", yanchor="bottom"),
            ],
        )
        for note in layout["annotations"]:
            note["font"] = dict(size=style.font_px(LABEL_SIZE))
        self._widget = widget
        size = self.size()
        if size[0] is not None:
            layout["width"] = size[0]
        layout["height"] = size[1]
        self._plain = go.Figure(data=traces, layout=layout)
        self._live = None
        self._drawn: tuple | None = None  # (looks, label x/y/text) now on the figure; None before the first paint
        self.states: dict[Region, str] = {}

    def size(self) -> tuple[int | None, int]:
        """(width or None, height) in px at the current scale."""
        if style.presenter_on() and self.presenter_size is not None:
            return self.presenter_size
        scale = style.height_scale()
        return (round(self.width * scale) if self.width is not None else None), round(self.height * scale)

    @staticmethod
    def region_name(region: Region) -> str:
        """The name of a region's trace (hover text and the handle a repaint finds it by)."""
        muscle, side = region
        return f"{MUSCLES[muscle].name} ({side})"

    def traces(self, fig=None) -> tuple[list, object]:
        """The region traces (in `regions()` order) and the label trace of a figure, found by name once."""
        fig = fig if fig is not None else (self._live if self._live is not None else self._plain)
        if self._handles_of is not fig:
            by_name = {trace.name: trace for trace in fig.data}
            self._region_traces = [by_name[self.region_name(r)] for r in self._regions]
            self._label_trace = by_name["labels"]
            self._handles_of = fig
        return self._region_traces, self._label_trace

    @property
    def figure(self):
        """The figure to display. The FigureWidget is created on first access, from the painted state.

        Why: a FigureWidget edited between its creation and its display loses those edits in the
        browser (seen in Chromium: the muscles vanished). Paint first, then take `.figure`.
        """
        if not self._widget:
            return self._plain
        if self._live is None:
            self._live = LiveFigure(self._plain)
        return self._live

    def paint(
        self,
        states: Mapping[Region, str],
        *,
        title: str | None = None,
        intensity: Mapping[Region, float] | None = None,
        labels: Mapping[Region, str] | None = None,
        looks: tuple | None = None,
    ) -> None:
        """Colour the named regions by state; every other region goes back to neutral.

        intensity (0–1) fades a painted region, e.g. how strongly a muscle contracts.
        labels override the default word shown on a painted region. looks: the result of
        `face_looks` for these arguments, when the caller computed it ahead. Only the traces whose
        look differs from what is drawn are touched (the painter owns every repaint of its figure).
        """
        for region, state in states.items():
            if region not in self._index:
                raise ValueError(f"unknown face region {region!r}; muscles are {', '.join(MUSCLES)} and sides {SIDES}")
            if state not in style.STATE_CUES:
                raise ValueError(f"state must be one of {', '.join(style.STATE_CUES)} (got {state!r})")
        new, label_xyt = looks if looks is not None else face_looks(states, intensity, labels, self.show_labels)
        old, old_labels = self._drawn if self._drawn is not None else ((None,) * len(new), None)
        fig = self._live if self._live is not None else self._plain  # never create the widget while painting
        changed = [i for i, (was, now) in enumerate(zip(old, new), start=1) if was != now]  # trace 0 is the outline
        self.states = dict(states)
        if not changed and label_xyt == old_labels and title is None:
            return
        # Only what differs is set, in one message: a Play tick of lesson 2 touches a few traces. (One
        # plotly_restyle for all changed muscles was measured slower for the years player.)
        region_traces, label_trace = self.traces(fig)
        with fig.batch_update():
            for i in changed:
                was, now, trace = old[i - 1], new[i - 1], region_traces[i - 1]
                if was is None or was[0] != now[0]:
                    trace.fillcolor = now[0]
                if was is None or was[1] != now[1]:
                    trace.fillpattern.shape = now[1]
                if was is None or was[2] != now[2]:
                    trace.opacity = now[2]
            if label_xyt != old_labels:
                label_trace.x, label_trace.y, label_trace.text = (list(v) for v in label_xyt)
            if title is not None:
                fig.layout.title.text = title
        self._drawn = (new, label_xyt)

    def rescale(self) -> None:
        fig = self._live if self._live is not None else self._plain
        width, height = self.size()
        with fig.batch_update():
            style.rescale_figure(fig, self.height)
            fig.layout.height = height
            fig.layout.title.font.size = style.font_px()
            self.traces(fig)[1].textfont.size = style.font_px(LABEL_SIZE)
            for note in fig.layout.annotations[:2]:  # the side names
                note.font.size = style.font_px(LABEL_SIZE)
            if width is not None:
                fig.layout.width = width


def face_figure(states: Mapping[Region, str], title: str = "", **kwargs) -> go.Figure:
    """A static face (plain go.Figure) in the given states, for static pages and alt-text views."""
    painter = FacePainter(title, widget=False)
    painter.paint(states, **kwargs)
    return painter.figure
