"""Lesson 4, optional section: where the toxin goes (InjectionMap).

A schematic face with the usual injection points of hemifacial spasm on the patient's left side. Choosing a
point shows its dose per point and per muscle in the chosen brand's units; the two places to avoid (centre
of the upper lid, medial lower lid) show the complication they risk. Colour is never the only cue: usual
points are blue circles, points that need care orange diamonds, places to avoid vermillion crosses, each
with a word in the legend.
"""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from ... import evidence
from ...face import OUTLINES
from ...ui import style
from ...ui.a11y import ControlNames
from ...ui.base import StaticForm, View
from ...ui.html import WIDE, cite
from ...ui.livefigure import LiveFigure
from .. import model

HEIGHT = 520
SELECTED = "selected point"
# kind -> (legend word, colour, marker symbol): three cues per kind of point
LOOK = {
    "usual": ("usual point", style.OKABE_ITO["blue"], "circle"),
    "care": ("usual point, lower face: keep the dose low", style.OKABE_ITO["orange"], "diamond"),
    "avoid": ("avoid: risk of a complication", style.OKABE_ITO["vermillion"], "x"),
}


def legend_room() -> int:
    """Room (px) under the face for its legend of up to three rows; a projector's 24 px text needs more."""
    return 130 if style.presenter_on() else 80


def _kind(point: model.Point) -> str:
    if not point.standard:
        return "avoid"
    return "care" if point.risk else "usual"


def _units(dose: tuple[float, float] | None) -> str:
    if dose is None:
        return "no dose per point in the course's sources"
    low, high = dose
    return f"{low:g} U" if low == high else f"{low:g}–{high:g} U"


def title_of(key: str, brand: str) -> str:
    info = model.point_info(key, brand)
    if info.point.risk and not info.point.standard:
        return f"{info.point.name}: risk of {info.point.risk.kind}"
    return f"{info.point.name}: {_units(info.dose)} per point"


def face_map(key: str, brand: str = "ona") -> go.Figure:
    """The face, every point by kind, and the chosen point ringed (plain go.Figure)."""
    data = [
        go.Scatter(
            x=[float(v) for v in xs],
            y=[float(v) for v in ys],
            mode="lines",
            line=dict(color=style.OUTLINE, width=1.5),
            hoverinfo="skip",
            showlegend=False,
            name=name,
        )
        for name, (xs, ys) in OUTLINES.items()
    ]
    for kind, (word, colour, symbol) in LOOK.items():
        points = [p for p in model.POINTS.values() if _kind(p) == kind]
        data.append(
            go.Scatter(
                x=[p.x for p in points],
                y=[p.y for p in points],
                mode="markers",
                name=word,
                marker=dict(symbol=symbol, size=14, color=colour, line=dict(color="#222222", width=1)),
                text=[p.name for p in points],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    point = model.POINTS[key]
    data.append(
        go.Scatter(
            x=[point.x],
            y=[point.y],
            mode="markers+text",
            name=SELECTED,
            marker=dict(symbol="circle-open", size=30, color=style.FOCUS_RING, line=dict(width=3)),
            text=[point.name],
            textposition="middle right" if point.x < 0.45 else "middle left",
            hoverinfo="skip",
        )
    )
    fig = go.Figure(
        data=data,
        layout=style.figure_layout(
            height=HEIGHT,
            title=dict(text=title_of(key, brand), x=0.02, xanchor="left"),
            xaxis=dict(visible=False, range=[-1.1, 1.5], fixedrange=True),
            yaxis=dict(visible=False, range=[-1.9, 1.45], scaleanchor="x", fixedrange=True),
            legend=dict(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom"),
            margin=dict(l=10, r=10, t=50, b=legend_room()),
            # Each side's name starts at the midline and runs outwards, so the two never meet on a narrow face.
            annotations=[
                dict(x=-0.08, y=1.38, text="patient's right", showarrow=False, xanchor="right"),
                dict(x=0.08, y=1.38, text="patient's left (spasm side)", showarrow=False, xanchor="left"),
            ],
        ),
    )
    return fig


def paint(fig, key: str, brand: str) -> None:
    point = model.POINTS[key]
    ring = next(t for t in fig.data if t.name == SELECTED)
    with fig.batch_update():
        ring.x, ring.y, ring.text = [point.x], [point.y], [point.name]
        ring.textposition = "middle right" if point.x < 0.45 else "middle left"
        fig.layout.title.text = title_of(key, brand)


def details_html(key: str, brand: str) -> str:
    info = model.point_info(key, brand)
    p, b = info.point, model.BRANDS[brand]
    rows = [
        f"<li><b>Muscle:</b> {html.escape(p.muscle)}</li>",
        f"<li><b>Dose per point</b> ({html.escape(b.name)}): {html.escape(_units(info.dose))}"
        f"{' (' + html.escape(p.note) + ')' if p.note else ''} ({'; '.join(cite(e) for e in p.evidence)})</li>",
    ]
    if p.standard:
        total = _units(info.muscle_dose)
        rows.append(
            f"<li><b>This muscle on one side</b>, every usual point once ({info.muscle_points} "
            f"point{'s' if info.muscle_points != 1 else ''}): {html.escape(total)}</li>"
        )
    if p.risk:
        word = "Avoid" if not p.standard else "Take care"
        rows.append(
            f"<li class='hfs-risk'><b>⚠ {word}:</b> {html.escape(p.risk.text)} "
            f"({'; '.join(cite(e) for e in p.risk.evidence)})</li>"
        )
    return f"<ul>{''.join(rows)}</ul>"


def brand_html(brand: str) -> str:
    b = model.BRANDS[brand]
    low, high = b.ratio
    ratio = f"{low:g}" if low == high else f"{low:g} to {high:g}"
    return (
        f"<p><b>Units are not interchangeable.</b> {html.escape(b.name)}: about {ratio} of its units for each "
        f"onabotulinumtoxinA unit ({'; '.join(cite(e) for e in b.evidence)}). Incobotulinumtoxin is about 1:1: "
        f"{cite('BTD-14')}; abobotulinumtoxin 1:2.5 to 1:3: {cite('BTD-15')}. A conversion range, not an exact "
        "exchange rate.</p>"
    )


def interval_html(weeks: int) -> str:
    short, ids = model.interval_advice(weeks)
    sources = "; ".join(cite(e) for e in ids)
    if short:
        return (
            f"<p class='hfs-risk'><b>⚠ Every {weeks} weeks is shorter than the label's three months.</b> It adds "
            "little, and short intervals and booster injections are linked to neutralising antibodies, which can "
            f"make the toxin stop working (secondary non-response). Sources: {sources}.</p>"
        )
    return (
        f"<p><b>Every {weeks} weeks.</b> At least three months apart, as the label advises; spacing sessions also "
        f"lowers the risk of neutralising antibodies. Sources: {sources}.</p>"
    )


class InjectionMap(View):
    """Choose an injection point, a toxin brand and the gap between sessions."""

    def __init__(self, point: str = "upper_lateral", brand: str = "ona", weeks: int = 12):
        super().__init__()
        model.point_info(point, brand)
        model.interval_advice(weeks)
        self.point = ipw.Dropdown(
            options=[(p.name, k) for k, p in model.POINTS.items()],
            value=point,
            description="Injection point:",
            style=WIDE,
            layout=ipw.Layout(width="420px"),
        )
        self.brand = ipw.Dropdown(
            options=[(b.name, k) for k, b in model.BRANDS.items()],
            value=brand,
            description="Toxin:",
            style=WIDE,
            layout=ipw.Layout(width="420px"),
        )
        self.weeks = ipw.IntSlider(
            value=weeks,
            min=model.INTERVAL_RANGE[0],
            max=model.INTERVAL_RANGE[1],
            description="Weeks between sessions:",
            continuous_update=False,
            style=WIDE,
            layout=ipw.Layout(width="420px"),
        )
        self.details = ipw.HTML(details_html(point, brand))
        self.brand_note = ipw.HTML(brand_html(brand))
        self.interval_note = ipw.HTML(interval_html(weeks))
        self.figure = LiveFigure(face_map(point, brand))
        self.notes = ipw.HTML(
            "<p class='hfs-note'><small>Example doses from the product label, textbooks and trial protocols: "
            f"{cite('BTX-24')}. Label ceilings: {cite('BTD-02')}. Totals per session in HFS series: "
            f"{cite('BTD-16')}.</small></p>"
        )
        self.point.observe(self.guarded(self._change), names="value")
        self.brand.observe(self.guarded(self._change), names="value")
        self.weeks.observe(self.guarded(self._change_weeks), names="value")
        self.names = ControlNames()
        self.controls = ipw.VBox([self.point, self.brand, self.weeks])
        self._build(self._arrangement(), label="toxin injection map")
        self.root.add_class("hfs-injection-map")  # a stable hook for browser tests and page styles

    def _arrangement(self) -> list:
        """The controls and what they say beside the face they drive, the sources under both; on a projector
        (text at 24 px) the sources wait behind a button under the face, so the screen holds the whole widget."""
        on = style.presenter_on()
        for control in (self.point, self.brand, self.weeks):  # on a projector a label may wrap above its control
            control.layout.width, control.layout.height = ("100%", "auto") if on else ("420px", None)
        text = ipw.VBox([self.controls, self.details, self.brand_note, self.interval_note])
        face = [self.figure]
        if on:
            self.notes.layout.display = "none"
            show = ipw.ToggleButton(description="Sources", icon="eye", tooltip="Show or hide", value=False)
            show.observe(
                lambda change: setattr(self.notes.layout, "display", "" if change["new"] else "none"), names="value"
            )
            face += [show, self.notes]
        else:
            self.notes.layout.display = ""
        # A basis of 0, so the gap never pushes the face onto a row of its own: equal halves in a notebook; on a
        # projector the text three fifths (at 24 px it is the taller column), the narrow face two.
        shares = ("3 1 0", "2 1 0") if on else ("1 1 0", "1 1 0")
        cells = [
            ipw.VBox(parts, layout=ipw.Layout(flex=flex, min_width="0")) for parts, flex in zip(([text], face), shares)
        ]
        beside = ipw.HBox(cells, layout=ipw.Layout(align_items="flex-start", width="100%", grid_gap="16px"))
        return [self.names, beside] if on else [self.names, beside, self.notes]

    def rescale(self) -> None:
        super().rescale()
        self.figure.layout.margin.b = legend_room()
        self._arrange(self._arrangement())

    def _change(self, change=None) -> None:
        key, brand = self.point.value, self.brand.value
        self.details.value = details_html(key, brand)
        self.brand_note.value = brand_html(brand)
        paint(self.figure, key, brand)

    def _change_weeks(self, change=None) -> None:
        self.interval_note.value = interval_html(self.weeks.value)

    def figures(self):
        return [(self.figure, HEIGHT)]

    def static(self) -> StaticForm:
        fig = face_map("upper_central")
        rows = []
        for key, p in model.POINTS.items():
            info = model.point_info(key, "ona")
            rows.append(
                [
                    p.name,
                    p.muscle,
                    _units(info.dose),
                    LOOK[_kind(p)][0],
                    p.risk.text if p.risk else "",
                    evidence.label(p.evidence[0]),
                ]
            )
        return StaticForm(
            title="Where the toxin goes in hemifacial spasm",
            alt=(
                "A schematic face with the usual injection points on the patient's left side: blue circles around the eye and "
                "on the brow, forehead and cheek; orange diamonds around the mouth and chin, where doses are kept low; two "
                "vermillion crosses mark points to avoid near the eye. The table lists each point's muscle, dose, kind and risk."
            ),
            figures=[fig],
            headers=[
                "Point",
                "Muscle",
                "Dose per point (onabotulinumtoxinA)",
                "Kind",
                "Risk",
                "Source",
            ],
            rows=rows,
            fold_table="Show the table (it answers the question above)",
        )
