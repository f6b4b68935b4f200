"""Lesson 2, widget 1: two patients year by year (YearsPlayer)."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from ... import evidence
from ...face import short_name
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View, behind_button, columns
from ...ui.faceplot import FacePainter, face_figure, face_looks
from ...ui.livefigure import LiveFigure
from .. import model
from .common import (
    FACE_HEIGHT,
    FACE_ROWS,
    FOLD,
    ORDER_HEIGHT,
    PAIR_PRESENTER_SIZE,
    PATTERN_LOOK,
    face_box,
    new_face,
    rescale_face,
)

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
                states=states,
                intensity=intensity,
                labels=labels,
                title=f"{pattern.capitalize()} HFS ({patient.side} side),<br>year {year}: "
                f"{len(muscles)} muscle{'s' if len(muscles) != 1 else ''}",
                looks=looks,
                label_xyt=label_xyt,
            )
            newest = muscles[-1] if muscles else None
            first_rate = line.rate[k][0]
            parts.append(
                f"<li><b>{pattern.capitalize()}</b>: {len(muscles)} muscle{'s' if len(muscles) != 1 else ''} in spasm; started in "
                f"{html.escape(short_name(line.muscles[0]))}; latest to join: {html.escape(short_name(newest))}. "
                f"The first muscle now twitches about {first_rate:.0f} times a minute while awake "
                f"<span class='hfs-assumption'>{rate_label}</span>.</li>"
            )
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
        traces.append(
            go.Scatter(
                x=line_x,
                y=line_y,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line=dict(color=look["colour"], dash=look["dash"], width=2),
            )
        )
        traces.append(
            go.Scatter(
                x=list(patient.join_years),
                y=ys,
                mode="markers+text",
                name=f"{pattern} ({patient.side} side)",
                text=[str(i + 1) for i in range(len(ys))],
                textposition="middle left",
                marker=dict(symbol=look["symbol"], size=12, color=look["colour"], line=dict(color="#222222", width=1)),
                hovertext=[
                    f"{pattern}: {short_name(m)} joins at year {j:.1f}"
                    for m, j in zip(patient.order, patient.join_years)
                ],
                hoverinfo="text",
            )
        )
    layout = style.figure_layout(
        height=ORDER_HEIGHT,
        title=dict(text="Order in which the muscles join (numbers = order)", x=0.5, font=dict(size=style.font_px())),
        xaxis=dict(title="years since the first twitch", range=[-0.8, model.YEARS_MAX + 0.3], dtick=2),
        yaxis=dict(
            tickvals=list(range(len(FACE_ROWS))),
            ticktext=[short_name(m) for m in FACE_ROWS],
            autorange="reversed",
            fixedrange=True,
        ),
        margin=dict(l=210, r=20, t=60, b=50),
        legend=dict(orientation="h", y=-0.18),
        shapes=[
            dict(
                type="line", x0=year, x1=year, y0=0, y1=1, yref="paper", line=dict(color="#222222", width=2, dash="dot")
            )
        ],
        annotations=[dict(x=year, y=1.0, yref="paper", text=f"year {year}", showarrow=False, yanchor="bottom")],
    )
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


def simulate_pair(typical_seed: int = 11, atypical_seed: int = 7) -> dict:
    """The player's two patients: one typical, one atypical, both spreading."""
    return {
        "typical": model.simulate_patient("typical", typical_seed, spreads=True),
        "atypical": model.simulate_patient("atypical", atypical_seed, spreads=True),
    }


class YearsPlayer(View):
    """A typical and an atypical patient side by side; a years slider with a Play button animates the spread."""

    def __init__(self, typical_seed: int = 11, atypical_seed: int = 7, year: int = 0):
        super().__init__()
        rate_label = evidence.label("L2-RATE")  # loads the evidence store (once per process) before the clock starts
        start = time.perf_counter()
        self.patients = simulate_pair(typical_seed, atypical_seed)
        self.frames = precompute_frames(self.patients, rate_label)
        self.precompute_ms = (time.perf_counter() - start) * 1000
        self.faces = {pattern: new_face(PAIR_PRESENTER_SIZE) for pattern in self.patients}
        self.shown: dict = {}  # pattern -> the FaceFrame on screen
        self.order_figure = order_chart(self.patients, year)
        self.year = ipw.IntSlider(
            value=year,
            min=0,
            max=model.YEARS_MAX,
            step=1,
            description="Years since onset:",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="420px"),
        )
        # Play ticks in the browser and moves the slider there (jslink); the kernel sees slider changes only.
        self.play = ipw.Play(
            value=year,
            min=0,
            max=model.YEARS_MAX,
            step=1,
            interval=900,
            description="Play the years",
            tooltip="Play the years",
            show_repeat=False,
        )
        ipw.jslink((self.play, "value"), (self.year, "value"))
        self.panel = ipw.HTML()
        self.side_note = ipw.HTML(
            "<p class='hfs-note'><small><b>Which side?</b> The evidence conflicts: "
            f"{evidence.html_cite('EPI-10')}; {evidence.html_cite('VES-07')}. "
            f"In this simulation each side is equally likely: {evidence.html_cite('L2-SIDE')}.</small></p>"
        )
        self.year.observe(self.guarded(self._show), names="value")
        self._show()
        self.setup_ms = (time.perf_counter() - start) * 1000
        self.face_boxes = {pattern: face_box(painter) for pattern, painter in self.faces.items()}
        self._build(self._arrangement(), label="years player")

    def _arrangement(self) -> list:
        """In a notebook: the two faces, the year's text, the order chart and the side note, one under another.
        On a projector (1,600 px as a stack) the faces and their text sit beside the chart and the side note
        waits behind a button."""
        faces = ipw.HBox(list(self.face_boxes.values()), layout=ipw.Layout(flex_flow="row wrap"))
        player = ipw.HBox([self.play, self.year])
        if not style.presenter_on():
            self.side_note.layout.display = ""
            return [player, faces, self.panel, self.order_figure, self.side_note, ControlNames()]
        left = ipw.VBox([faces, self.panel])
        left.layout.flex = "0 0 auto"
        left.layout.width = f"{2 * PAIR_PRESENTER_SIZE[0] + 16}px"
        chart = ipw.VBox([self.order_figure], layout=ipw.Layout(min_width="0"))
        return [
            player,
            columns(left, chart),
            behind_button("Which side? (the evidence)", self.side_note),
            ControlNames(),
        ]

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
        painter.paint(
            after.states,
            title=after.title,
            intensity=after.intensity,
            labels=after.labels,
            looks=(after.looks, after.label_xyt),
        )

    def figures(self):
        return [(p.figure, FACE_HEIGHT) for p in self.faces.values()] + [(self.order_figure, ORDER_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        for pattern, painter in self.faces.items():
            rescale_face(painter, self.face_boxes[pattern])
        self.order_figure.layout.title.font.size = style.font_px()
        self._arrange(self._arrangement())

    def static(self, year: int = 8) -> StaticForm:
        frame = self.frames[year]
        figs = [
            face_figure(
                frame.faces[p].states,
                title=frame.faces[p].title,
                intensity=frame.faces[p].intensity,
                labels=frame.faces[p].labels,
            )
            for p in self.patients
        ]
        figs.append(order_chart(self.patients, year, widget=False))
        t, a = self.patients["typical"], self.patients["atypical"]

        def cell(p, n: int) -> str:
            return f"{short_name(p.order[n])} (year {p.join_years[n]:.1f})" if n < len(p.order) else "—"

        rows = [[n + 1, cell(t, n), cell(a, n)] for n in range(max(len(t.order), len(a.order)))]
        return StaticForm(
            title=f"Typical versus atypical spread, year {year} after onset",
            # Section 1 asks where each pattern starts and which muscle it reaches last: the alt text says what the
            # figures show, not the order; the table of the order waits behind the fold.
            alt=(
                f"Two schematic faces at year {year}, a typical patient (patient's {t.side} side) and an atypical one "
                f"(patient's {a.side} side), the muscles in spasm shaded and numbered in the order they joined. Below, "
                "each muscle (forehead at the top, neck at the bottom) against the year it joined: typical circles "
                "with solid lines, atypical diamonds with dashed lines. The table gives each patient's muscles in the "
                "order they joined."
            ),
            figures=figs,
            headers=["Order", "Typical: muscle (year joined)", "Atypical: muscle (year joined)"],
            rows=rows,
            fold_table=FOLD,
        )
