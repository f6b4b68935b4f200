"""Lesson 1, widget 1: the course of the facial nerve (CourseExplorer)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from ... import evidence
from ...face import TERMINAL_BRANCHES
from ...ui import style
from ...ui.base import StaticForm, View
from ...ui.html import WIDE, sources
from ...ui.livefigure import LiveFigure
from .. import model
from .common import (
    BRANCH_COLOUR,
    FACE_HEIGHT,
    GREY,
    PATH_HEIGHT,
    SELECTED,
    _beside,
    _face_painter,
    _live,
    _numbered,
    _rescale_face,
)

# --- 1. course explorer -----------------------------------------------------------------------

# A 2-D schematic of the course, not to scale: x runs from the brainstem to the temporal bone,
# the lower band is the face outside the skull. Each segment is a polyline (x, y).
_PATH = {
    "nucleus": ([0.85], [4.05]),
    "genu": ([0.85, 0.95, 1.3, 1.7, 1.65], [4.05, 4.85, 5.25, 4.95, 4.45]),
    "rez": ([1.65, 2.45], [4.45, 4.3]),
    "cpa": ([2.45, 4.0], [4.3, 4.3]),
    "meatus": ([4.0, 5.0], [4.3, 4.3]),
    "labyrinthine": ([5.0, 5.85], [4.3, 4.7]),
    "geniculate": ([5.85], [4.7]),
    "tympanic": ([5.85, 8.3], [4.7, 4.15]),
    "mastoid": ([8.3, 8.6], [4.15, 2.75]),
    "stylomastoid": ([8.6, 8.6], [2.75, 2.35]),
    "parotid": ([8.6, 7.6], [2.35, 1.6]),
    "temporal": ([7.6, 6.2], [1.6, 2.35]),
    "zygomatic": ([7.6, 5.7], [1.6, 1.85]),
    "buccal": ([7.6, 5.5], [1.6, 1.3]),
    "marginal mandibular": ([7.6, 5.8], [1.6, 0.75]),
    "cervical": ([7.6, 6.4], [1.6, 0.3]),
}
# Branches leaving the trunk, drawn as spurs: (segment, label, x, y)
_SPURS = [
    ("geniculate", "greater petrosal n. (tears)", [5.85, 5.3], [4.7, 5.55]),
    ("mastoid", "n. to stapedius", [8.36, 9.25], [3.85, 4.05]),
    ("mastoid", "chorda tympani (taste)", [8.5, 9.35], [3.25, 3.05]),
    ("stylomastoid", "posterior auricular n.", [8.6, 9.45], [2.35, 2.1]),
    ("stylomastoid", "digastric, stylohyoid", [8.6, 9.3], [2.35, 1.55]),
]
# fmt: off
_LABELS = {  # where each segment's name is written
    "nucleus": (0.75, 3.7, "nucleus"), "genu": (1.3, 5.5, "genu"), "rez": (2.05, 4.0, "root exit zone"),
    "cpa": (3.1, 4.55, "CP angle"), "meatus": (4.55, 4.68, "int. acoustic<br>meatus"),
    "labyrinthine": (5.75, 4.12, "labyrinthine"), "geniculate": (6.45, 4.95, "geniculate g."),
    "tympanic": (7.35, 4.16, "tympanic"), "mastoid": (8.05, 3.45, "mastoid"),
    "stylomastoid": (7.9, 2.65, "stylomastoid foramen"), "parotid": (8.35, 1.75, "parotid"),
    **{b: (_PATH[b][0][1] - 0.1, _PATH[b][1][1], b) for b in TERMINAL_BRANCHES},
}
# fmt: on
# (x0, x1, y0, y1, label, fill, where the label sits). The brainstem's and the angle's names sit at the foot of
# their boxes: at the top, at presenter scale (19 px), they ran into "genu" and "greater petrosal n. (tears)".
_REGION_BOXES = [
    (0.0, 2.45, 2.6, 6.0, "brainstem (pons)", "#F4F4F4", "bottom left"),
    (2.45, 4.0, 2.6, 6.0, "cerebello-<br>pontine<br>angle", "#FFFFFF", "bottom centre"),
    (4.0, 11.6, 2.6, 6.0, "temporal bone: facial canal", "#F4F4F4", "top right"),
    (0.0, 11.6, 0.0, 2.6, "outside the skull: parotid and face", "#FFFFFF", "top left"),
]


def _region_note(x0: float, x1: float, y0: float, y1: float, label: str, where: str) -> dict:
    """A region box's name, in italics, inside the box at `where` (its top or bottom; left, centre or right)."""
    vertical, horizontal = where.split()
    x = {"left": x0 + 0.1, "centre": (x0 + x1) / 2, "right": x1 - 0.1}[horizontal]
    return dict(
        x=x,
        y=y1 - 0.1 if vertical == "top" else y0 + 0.1,
        xanchor={"centre": "center"}.get(horizontal, horizontal),
        yanchor=vertical,
        text=f"<i>{label}</i>",
        showarrow=False,
        font=dict(size=style.font_px(0.8), color="#555555"),
    )


PRESENTER_PATH_HEIGHT = 470  # px on a projector: the pathway shares the screen's height with the segment panel
PRESENTER_SIDE_PX = 690  # the face's column on a projector: the face and the segment menu under it


def _course_figure(widget: bool, selected: str | None) -> go.Figure:
    traces = []
    for key, (x, y) in _PATH.items():
        on = key == selected
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="markers" if len(x) == 1 else "lines",
                line=dict(color=SELECTED if on else GREY, width=8 if on else 3, dash="solid"),
                marker=dict(size=14 if key == "nucleus" else 10, symbol="circle", color=SELECTED if on else GREY),
                name=model.SEGMENTS[key].name,
                hoverinfo="name",
                showlegend=False,
            )
        )
    for seg, label, x, y in _SPURS:
        on = seg == selected
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+text",
                text=["", label],
                textposition="middle right" if x[1] > x[0] else "top center",
                line=dict(color=BRANCH_COLOUR if on else "#9A9A9A", width=5 if on else 2, dash="dot"),
                textfont=dict(size=style.font_px(0.8), color="#222222"),
                name=label,
                hoverinfo="name",
                showlegend=False,
            )
        )
    # CN VIII beside VII in the angle and the meatus, and the abducens nucleus inside the genu.
    traces.append(
        go.Scatter(
            x=[2.45, 5.0],
            y=[4.0, 4.0],
            mode="lines+text",
            text=["", "VIII"],
            textposition="bottom left",  # under the nerve's end: to its right it ran into "labyrinthine"
            line=dict(color="#9A9A9A", width=3, dash="dash"),
            name="vestibulocochlear nerve (VIII)",
            hoverinfo="name",
            showlegend=False,
        )
    )
    traces.append(
        go.Scatter(
            x=[1.3],
            y=[4.7],
            mode="markers+text",
            text=["VI"],
            textposition="middle center",
            marker=dict(size=22, color="#FFFFFF", line=dict(color=GREY, width=1.5)),
            name="abducens nucleus (VI)",
            hoverinfo="name",
            showlegend=False,
        )
    )
    lx, ly, lt = zip(*_LABELS.values())
    traces.append(
        go.Scatter(
            x=list(lx),
            y=list(ly),
            mode="text",
            text=[f"<b>{t}</b>" if k == selected else t for k, t in zip(_LABELS, lt)],
            hoverinfo="skip",
            showlegend=False,
            textfont=dict(size=style.font_px(0.8), color=[SELECTED if k == selected else "#222222" for k in _LABELS]),
            textposition=["middle center"] * 11 + ["middle left"] * 5,
            name="labels",
        )
    )
    shapes = [
        dict(
            type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=fill, line=dict(color="#BBBBBB", width=1), layer="below"
        )
        for x0, x1, y0, y1, _, fill, _where in _REGION_BOXES
    ]
    notes = [_region_note(x0, x1, y0, y1, label, where) for x0, x1, y0, y1, label, _, where in _REGION_BOXES]
    layout = style.figure_layout(
        height=PATH_HEIGHT,
        title=dict(
            text="The course of the facial nerve (schematic, not to scale)", x=0.5, font=dict(size=style.font_px())
        ),
        # On a projector the branch names at 19 px run past the temporal bone's box: the axis leaves them room.
        xaxis=dict(visible=False, range=[-0.05, 12.7 if style.presenter_on() else 11.65], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.05, 6.05], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10),
        shapes=shapes,
        annotations=notes,
    )
    if style.presenter_on():
        layout["height"] = PRESENTER_PATH_HEIGHT
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def _handles(fig) -> dict:
    """The traces a refresh changes, found by name: each path segment (by key), each spur, the labels."""
    by_name = {trace.name: trace for trace in fig.data}
    return {
        "path": {key: by_name[model.SEGMENTS[key].name] for key in _PATH},
        "spurs": [by_name[label] for _seg, label, *_xy in _SPURS],
        "labels": by_name["labels"],
    }


class CourseExplorer(View):
    """Choose a segment of CN VII: the pathway highlights it, a panel lists its branches, the face
    lights the muscles its motor fibres reach."""

    def __init__(self, initial: str = "rez"):
        super().__init__()
        self.segment = ipw.Dropdown(
            options=[(s.name, s.key) for s in model.COURSE],
            value=model.segment(initial).key,
            description="Segment:",
            style=WIDE,
            layout=ipw.Layout(width="100%"),
        )
        self.step_back = ipw.Button(
            description="◀ Towards the brainstem", tooltip="Previous segment", layout=ipw.Layout(width="auto")
        )
        self.step_on = ipw.Button(
            description="Towards the face ▶", tooltip="Next segment", layout=ipw.Layout(width="auto")
        )
        self.step_back.on_click(lambda _: self.step(-1))
        self.step_on.on_click(lambda _: self.step(+1))
        self.course = _course_figure(widget=False, selected=None)
        self.painter = _face_painter("Muscles reached")
        self.panel = ipw.HTML()
        self._panels = {s.key: self._panel_html(s) for s in model.COURSE}
        self._traces = _handles(self.course)
        self._shown: str | None = None
        self._face_shows: tuple[str, ...] | None = None
        self.segment.observe(self.guarded(self._refresh), names="value")
        self._refresh()
        self.course = _live(self.course)
        self._traces = _handles(self.course)  # the live figure's own traces from now on
        self._build(self._arrangement(), label="course explorer")

    def _arrangement(self) -> list:
        """In a notebook: the pathway, then the controls and their panel beside the face. On a projector
        (1920 px wide, text at 24 px) that stack is taller than the screen: the pathway with the segment's
        panel under it on the left, the face with the controls under it on the right."""
        steps = ipw.HBox([self.step_back, self.step_on])
        if style.presenter_on():
            left = ipw.VBox([self.course, self.panel], layout=ipw.Layout(flex="1 1 0", min_width="0"))
            right = ipw.VBox(
                [self.painter.figure, self.segment, steps],
                layout=ipw.Layout(flex="0 0 auto", width=f"{PRESENTER_SIDE_PX}px", align_items="center"),
            )
            return [ipw.HBox([left, right], layout=ipw.Layout(align_items="flex-start", grid_gap="16px"))]
        controls = ipw.VBox([self.segment, steps, self.panel], layout=ipw.Layout(width="46%", min_width="280px"))
        return [self.course, _beside(controls, self.painter.figure)]

    @staticmethod
    def _panel_html(seg: model.Segment) -> str:
        terminal = seg.key in TERMINAL_BRANCHES
        rows = "".join(
            f"<tr><td>{f'{i}. ' if terminal else ''}{html.escape(b.name)}</td>"
            f"<td>{html.escape(b.supplies)}</td>"
            f"<td>{html.escape(b.function)}</td><td><small>{sources(b.evidence)}</small></td></tr>"
            for i, b in enumerate(seg.branches, 1)
        )
        kind = "Muscle (number on the face)" if terminal else "Branch"
        table = (
            f"<table class='hfs-table'><thead><tr><th scope='col'>{kind}</th><th scope='col'>Supplies</th>"
            f"<th scope='col'>Function</th><th scope='col'>Source</th></tr></thead><tbody>{rows}</tbody></table>"
            if rows
            else "<p><i>No branch leaves here.</i></p>"
        )
        return (
            f"<h4>{html.escape(seg.name)}</h4><p><b>Where:</b> {html.escape(seg.region)}</p>"
            f"<p>{html.escape(seg.description)}</p>{table}"
            f"<p class='hfs-note'><small>Sources: {sources(seg.evidence)}</small></p>"
        )

    def step(self, delta: int) -> None:
        keys = list(model.SEGMENTS)
        i = min(max(keys.index(self.segment.value) + delta, 0), len(keys) - 1)
        self.segment.value = keys[i]

    def _refresh(self, change=None) -> None:
        seg = model.segment(self.segment.value)
        fig, traces = self.course, self._traces
        # Only the old and the new selection change colour: touching every trace costs time per click.
        changed = {k for k in (self._shown, seg.key) if k is not None}
        with fig.batch_update():
            for key in changed:
                on = key == seg.key
                trace = traces["path"][key]
                trace.line.color = SELECTED if on else GREY
                trace.line.width = 8 if on else 3
                trace.marker.color = SELECTED if on else GREY
            for trace, (spur_seg, *_rest) in zip(traces["spurs"], _SPURS):
                if spur_seg in changed:
                    on = spur_seg == seg.key
                    trace.line.color = BRANCH_COLOUR if on else "#9A9A9A"
                    trace.line.width = 5 if on else 2
            # The chosen segment's own name turns bold and blue: a separate "▲ selected" word was written
            # over the next label ("root exit zone") whatever its offset, at every width.
            labels = traces["labels"]
            labels.text = [f"<b>{t}</b>" if k == seg.key else t for k, (_x, _y, t) in _LABELS.items()]
            labels.textfont.color = [SELECTED if k == seg.key else "#222222" for k in _LABELS]
            fig.layout.title.text = f"Course of CN VII: <b>{html.escape(seg.name)}</b>"
        self._shown = seg.key
        terminal = seg.key in TERMINAL_BRANCHES
        states = {(m, "right"): "selected" for m in seg.reaches}
        labels = _numbered(seg.reaches)[0] if terminal else {(m, "right"): "" for m in seg.reaches}
        title = (
            f"{seg.name}: its {len(seg.reaches)} muscles, numbered"
            if terminal
            else f"From the {seg.name.split(' (')[0].lower()}:<br>every muscle of facial expression"
        )
        if seg.reaches == self._face_shows:
            # Segments from the nucleus to the parotid reach the same muscles: only the title changes.
            self.painter.figure.layout.title.text = title  # the widget exists: _build took it in __init__
        else:
            self.painter.paint(states, labels=labels, title=title)
            self._face_shows = seg.reaches
        self.step_back.disabled = seg.key == model.COURSE[0].key
        self.step_on.disabled = seg.key == model.COURSE[-1].key
        self.panel.value = self._panels[seg.key]

    def figures(self):
        return [(self.course, PATH_HEIGHT), (self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        _rescale_face(self.painter)
        if style.presenter_on():
            self.course.layout.height = PRESENTER_PATH_HEIGHT
        self._arrange(self._arrangement())

    def static(self) -> StaticForm:
        fig = _course_figure(widget=False, selected="mastoid")
        fig.layout.title.text = "The course of the facial nerve (schematic; mastoid segment highlighted)"
        rows = [
            [
                s.name,
                s.region,
                "; ".join(f"{b.name}: {b.function}" for b in s.branches) or "—",
                evidence.label(s.evidence[0]),
            ]
            for s in model.COURSE
        ]
        return StaticForm(
            title="The facial nerve from nucleus to muscle",
            alt=(
                "Schematic pathway of the facial nerve from the facial motor nucleus in the pons, around the abducens "
                "nucleus (the internal genu), out at the root exit zone, across the cerebellopontine angle beside the "
                "vestibulocochlear nerve (dashed), through the internal acoustic meatus and the labyrinthine segment to "
                "the geniculate ganglion, along the tympanic and mastoid segments of the temporal bone, out at the "
                "stylomastoid foramen and through the parotid to the temporal, zygomatic, buccal, marginal mandibular "
                "and cervical branches. The mastoid segment is highlighted. The branches that leave along the way are "
                "drawn as dotted spurs, each labelled where it leaves; the table, behind 'Show the table', lists each "
                "segment with the branches it gives off."
            ),
            figures=[fig],
            headers=["Segment", "Region", "Branches given off (function)", "Source"],
            rows=rows,
            # segment by segment, the table gives the order in which the branches leave: section 1's prediction
            fold_table="Show the table (it answers the question above)",
        )
