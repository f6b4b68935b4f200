"""Lesson 1, widget 4: the root exit zone close-up (RootExitZone)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from ... import evidence
from ...ui import style
from ...ui.base import StaticForm, View, behind_button, columns
from ...ui.html import WIDE, sources
from ...ui.livefigure import LiveFigure, plain
from .. import model
from .common import CHART_HEIGHT, GREY, REZ_HEIGHT, _live

# --- 4. root exit zone close-up ---------------------------------------------------------------

# Schematic geometry (not to scale): the pons on the left, the nerve leaving it to the right.
_NERVE_Y = 2.6
_SITES = {  # where on the root the vessel presses, x position on the drawing (REZ-05 categories)
    "Root exit point": 2.0,
    "Attached segment": 3.0,
    "Detachment point / transition zone": 4.15,
    "Distal cisternal": 7.4,
}
_VESSEL_STYLE = {  # colour, dash, width (px), approach (+1 from above, -1 from below); the name is written
    "AICA": (style.OKABE_ITO["vermillion"], "solid", 16, +1),  # on the loop as the second cue
    "PICA": (style.OKABE_ITO["reddish_purple"], "solid", 16, -1),
    "VA": (style.OKABE_ITO["vermillion"], "solid", 24, -1),
}


def _vessel_text(key: str) -> tuple[list[str], str]:
    """The vessel's name at the free end of its loop, so it reads without colour."""
    return [""] * 39 + [key], ("top center" if _VESSEL_STYLE[key][3] > 0 else "bottom center")


_ZONES = [  # x0, x1, label, colour, pattern
    (1.7, 3.85, "central myelin (glial)", style.OKABE_ITO["sky_blue"], "."),
    (3.85, 4.45, "transition zone", style.OKABE_ITO["yellow"], "x"),
    (4.45, 9.6, "peripheral myelin (Schwann cells)", style.OKABE_ITO["bluish_green"], "/"),
]


def _vessel_path(site_x: float, approach: int, decompressed: bool):
    """A loop of artery pressing on the nerve at site_x from above or below (or held away)."""
    t = np.linspace(0, np.pi, 40)
    gap = 1.0 if decompressed else 0.3
    x = site_x + 0.8 * np.cos(t)
    y = _NERVE_Y + approach * (gap + 1.2 * (1 - np.sin(t)))
    return x, y


# On a projector the schematic's legend wraps into four rows at 24 px: the figure is taller there and keeps
# a bottom margin for them, so the legend never covers the site labels. The chart's category names wrap
# into short lines so five bars fit half the screen's width.
PRESENTER_REZ_HEIGHT = 600  # px
PRESENTER_REZ_MARGIN_B = 190
PRESENTER_CHART_HEIGHT = 560
PRESENTER_WRAP = 11  # characters per line of a bar's name on a projector
PRESENTER_TICK = 0.85  # the bar names' size on a projector, relative to the figure's text (five bars in 40%)


def _schematic_fit() -> dict:
    """Height and bottom margin of the schematic at the current scale."""
    if style.presenter_on():
        return dict(height=PRESENTER_REZ_HEIGHT, margin_b=PRESENTER_REZ_MARGIN_B)
    return dict(height=round(REZ_HEIGHT * style.height_scale()), margin_b=70)


_SITE_WORDS = {
    "Root exit point": "exit<br>point",
    "Attached segment": "attached<br>segment",
    "Detachment point / transition zone": "detachment<br>point (TZ)",
    "Distal cisternal": "distal<br>cisternal",
}


def _site_labels(chosen: str) -> list[str]:
    """The chosen site in bold (in capitals it ran into 'detachment point' at presenter scale)."""
    return [f"▲<br><b>{_SITE_WORDS[s]}</b>" if s == chosen else f"▲<br>{_SITE_WORDS[s]}" for s in _SITES]


def _rez_figure(widget: bool, vessel_key: str, site: str, decompressed: bool) -> go.Figure:
    traces = []
    pons_t = np.linspace(-np.pi / 2, np.pi / 2, 60)
    traces.append(
        go.Scatter(
            x=list(-0.4 + 2.4 * np.cos(pons_t)),
            y=list(2.9 + 2.9 * np.sin(pons_t)),
            mode="lines",
            fill="toself",
            fillcolor="#E4E4E4",
            line=dict(color=GREY, width=2),
            name="pons",
            hoverinfo="name",
            showlegend=False,
        )
    )
    # The attached segment lies on the pontine surface until the root detaches at the transition zone.
    traces.append(
        go.Scatter(
            x=[1.85, 3.85, 1.85, 1.85],
            y=[1.7, _NERVE_Y - 0.22, _NERVE_Y - 0.22, 1.7],
            mode="lines",
            fill="toself",
            fillcolor="#E4E4E4",
            line=dict(color=GREY, width=1),
            name="pontine surface",
            hoverinfo="name",
            showlegend=False,
        )
    )
    for x0, x1, label, colour, pattern in _ZONES:
        traces.append(
            go.Scatter(
                x=[x0, x1, x1, x0, x0],
                y=[_NERVE_Y - 0.22, _NERVE_Y - 0.22, _NERVE_Y + 0.22, _NERVE_Y + 0.22, _NERVE_Y - 0.22],
                mode="lines",
                fill="toself",
                fillcolor=colour,
                line=dict(color=GREY, width=1),
                fillpattern=dict(shape=pattern, fgcolor="#333333", size=6),
                name=label,
                hoverinfo="name",
                showlegend=True,
            )
        )
    colour, dash, width, approach = _VESSEL_STYLE[vessel_key]
    vx, vy = _vessel_path(_SITES[site], approach, decompressed)
    text, where = _vessel_text(vessel_key)
    traces.append(
        go.Scatter(
            x=list(vx),
            y=list(vy),
            mode="lines+text",
            text=text,
            textposition=where,
            line=dict(color=colour, width=width, dash=dash),
            textfont=dict(size=style.font_px(1.0)),
            name=f"{vessel_key} ({model.vessel(vessel_key)[0]})",
            hoverinfo="name",
            showlegend=True,
        )
    )
    traces.append(
        go.Scatter(
            x=[_SITES[site]],
            y=[_NERVE_Y + approach * 0.75],
            mode="markers+text",
            text=["pad"],
            textposition="middle right",
            name="Teflon pad",
            hoverinfo="name",
            showlegend=False,
            marker=dict(symbol="square", size=18, color="#FFFFFF", line=dict(color=GREY, width=2)),
            visible=decompressed,
        )
    )
    traces.append(
        go.Scatter(
            x=list(np.linspace(_SITES[site] + 0.6, 9.2, 5)),
            y=[_NERVE_Y] * 5,
            mode="markers",
            marker=dict(symbol="star", size=16, color=style.OKABE_ITO["black"]),
            showlegend=True,
            visible=not decompressed,
            name="ectopic impulses (schematic)",
            hoverinfo="name",
        )
    )
    traces.append(
        go.Scatter(
            x=list(_SITES.values()),
            y=[0.45] * len(_SITES),
            mode="text",
            text=_site_labels(site),
            textfont=dict(size=style.font_px(0.8), color="#222222"),
            hoverinfo="skip",
            showlegend=False,
            name="sites",
        )
    )
    notes = [
        dict(x=0.3, y=4.9, text="pons", showarrow=False),
        dict(x=9.6, y=_NERVE_Y + 0.5, text="to the internal acoustic meatus →", showarrow=False, xanchor="right"),
        dict(
            x=9.6,
            y=5.1,
            text="<i>schematic: not to scale; the vessel's direction is not anatomical</i>",
            showarrow=False,
            xanchor="right",
            font=dict(size=style.font_px(0.75), color="#555555"),
        ),
    ]
    title = (
        f"{vessel_key} held away from the root by a pad (what surgery does)"
        if decompressed
        else f"{vessel_key} pressing on the root: {site.lower()}"
    )
    fit = _schematic_fit()
    layout = style.figure_layout(
        height=REZ_HEIGHT,
        title=dict(text=title, x=0.5),
        xaxis=dict(visible=False, range=[-0.3, 9.8], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.25, 5.3], fixedrange=True),
        legend=dict(orientation="h", y=-0.02, x=0.0, yanchor="top"),
        margin=dict(l=10, r=10, t=50, b=fit["margin_b"]),
        annotations=notes,
    )
    layout["height"] = fit["height"]
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


_BAR_COLOURS = {
    "AICA": style.OKABE_ITO["blue"],
    "PICA": style.OKABE_ITO["orange"],
    "Vertebral artery": style.OKABE_ITO["bluish_green"],
    "Vertebrobasilar complex": style.OKABE_ITO["bluish_green"],
    "Vertebrobasilar + PICA/AICA": style.OKABE_ITO["bluish_green"],
    "Large vein": style.OKABE_ITO["reddish_purple"],
}
_BAR_PATTERNS = {
    "AICA": "",
    "PICA": "/",
    "Vertebral artery": "x",
    "Vertebrobasilar complex": "x",
    "Vertebrobasilar + PICA/AICA": "x",
    "Large vein": ".",
}
_VESSEL_BAR = {
    "AICA": ("AICA",),
    "PICA": ("PICA",),
    "VA": ("Vertebral artery", "Vertebrobasilar complex", "Vertebrobasilar + PICA/AICA"),
}


def _bar_style(s: model.Series, vessel_key: str | None):
    colours, patterns, widths = [], [], []
    for i, c in enumerate(s.categories):
        if s.key == "aica_share":
            colours.append(_BAR_COLOURS["AICA"])
            patterns.append("")
        elif s.key.startswith("site"):
            colours.append(style.SERIES[i])
            patterns.append(["", "/", "x", "."][i])
        else:
            colours.append(_BAR_COLOURS[c])
            patterns.append(_BAR_PATTERNS[c])
        chosen = vessel_key is not None and (
            c in _VESSEL_BAR[vessel_key] or (s.key == "aica_share" and vessel_key == "AICA")
        )
        widths.append(4 if chosen else 0.5)
    return colours, patterns, widths


PRESENTER_CHART_MARGIN_T = 125  # px: the chart's title on two lines and its source under it, clear of the top tick
PRESENTER_TITLE_WRAP = 26  # characters per line of the chart's title on a projector (40% of the screen's width)


def _chart_title(s: model.Series) -> str:
    """The series' title and its source. On a projector the title wraps: on one line at 29 px it was wider than
    the chart's column and cut at both ends, and its source line lay on the axis' top tick."""
    cited = sources(s.evidence) if len(set(s.evidence)) == 1 else "(sources below the chart)"
    title = html.escape(s.title)
    if style.presenter_on():
        lines: list[str] = []
        for word in title.split(" "):
            if lines and len(lines[-1]) + 1 + len(word) <= PRESENTER_TITLE_WRAP:
                lines[-1] += " " + word
            else:
                lines.append(word)
        title = "<br>".join(lines)
    return f"{title}<br><sup>{cited}</sup>"


def _wrap(label: str, width: int = 16) -> str:
    """Break a long axis label at the space nearest its middle, so labels stay horizontal. On a projector
    (bars half as wide, text at 24 px) it wraps into lines of at most PRESENTER_WRAP characters."""
    if style.presenter_on():
        lines: list[str] = []
        for word in label.split(" "):
            if lines and len(lines[-1]) + 1 + len(word) <= PRESENTER_WRAP:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return "<br>".join(lines)
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "<br>" + label[cut + 1 :]


def _ticks(s: model.Series) -> list[str]:
    """Category and value together, so the number is read without the bar's colour or height."""
    out = []
    for i, (c, p) in enumerate(zip(s.categories, s.percents)):
        ci = f"<br>(CI {s.low[i]:g}–{s.high[i]:g})" if s.low and s.low[i] is not None else ""
        out.append(f"{_wrap(c)}<br><b>{p:g}%</b>{ci}")
    return out


_MAX_BARS = max(len(s.categories) for s in model.REZ_SERIES.values())


def _chart_figure(widget: bool, series_key: str, vessel_key: str | None) -> go.Figure:
    """One bar trace per category: plotly.js warns about a colour array combined with fill patterns,
    and a trace per bar keeps each bar's colour, pattern and whisker its own."""
    bars = [
        go.Bar(
            x=[],
            y=[],
            hovertemplate="%{y}%<extra></extra>",
            showlegend=False,
            marker=dict(
                color=style.SERIES[0], pattern=dict(shape="", fgcolor="#222222"), line=dict(color="#000000", width=0.5)
            ),
            error_y=dict(type="data", symmetric=False, array=[0], arrayminus=[0], visible=False),
        )
        for _ in range(_MAX_BARS)
    ]
    fig = (LiveFigure if widget else go.Figure)(
        data=bars,
        layout=style.figure_layout(
            height=CHART_HEIGHT,
            title=dict(text="", x=0.5),
            barmode="stack",
            yaxis=dict(title="% of patients", range=[0, 70]),
            xaxis=dict(title="", categoryorder="trace", tickangle=0, automargin=True),
            margin=dict(l=60, r=20, t=70, b=110),
            showlegend=False,
        ),
    )
    if style.presenter_on():
        fig.layout.height = PRESENTER_CHART_HEIGHT
        fig.layout.margin.t = PRESENTER_CHART_MARGIN_T
        fig.layout.xaxis.tickfont.size = style.font_px(PRESENTER_TICK)
    _fill_chart(fig, model.series(series_key), vessel_key)
    return fig


def _fill_chart(fig, s: model.Series, vessel_key: str | None) -> None:
    colours, patterns, widths = _bar_style(s, vessel_key)
    ticks = _ticks(s)
    with fig.batch_update():
        for i, bar in enumerate(fig.data):
            if i >= len(s.categories):
                bar.x, bar.y, bar.visible = [], [], False
                continue
            bar.visible = True
            bar.x, bar.y, bar.name = [ticks[i]], [s.percents[i]], s.categories[i]
            bar.marker.color, bar.marker.pattern.shape, bar.marker.line.width = colours[i], patterns[i], widths[i]
            has_ci = bool(s.low) and s.low[i] is not None
            bar.error_y.visible = has_ci
            if has_ci:
                bar.error_y.array, bar.error_y.arrayminus = [s.high[i] - s.percents[i]], [s.percents[i] - s.low[i]]
        fig.layout.title.text = _chart_title(s)


class RootExitZone(View):
    """Close-up of the transition zone with a compressing artery, and the offending-vessel chart."""

    def __init__(self, vessel_key: str = "AICA", site: str = "Attached segment", series_key: str = "vessel_115"):
        super().__init__()
        self.vessel = ipw.Dropdown(
            options=[(f"{k}: {v[0]}", k) for k, v in model.VESSELS.items()],
            value=vessel_key,
            description="Vessel:",
            style=WIDE,
        )
        self.site = ipw.Dropdown(options=list(_SITES), value=site, description="Where it presses:", style=WIDE)
        self.decompress = ipw.Checkbox(
            value=False, description="Move the vessel away (what surgery does)", indent=False
        )
        self.series = ipw.Dropdown(
            options=[(s.title, k) for k, s in model.REZ_SERIES.items()],
            value=series_key,
            description="Chart:",
            style=WIDE,
            layout=ipw.Layout(width="100%"),
        )
        self.schematic = _rez_figure(True, vessel_key, site, False)  # made in its final state: no edit before display
        self.chart = _chart_figure(False, series_key, vessel_key)
        self.note = ipw.HTML()
        self._why = (
            "<p><b>Why here?</b> " + evidence.html_cite("REZ-01") + "</p>"
            "<p>" + evidence.html_cite("REZ-04") + "</p>"
            "<p><b>Why does the nerve fire?</b> " + evidence.html_cite("EMG-03") + "</p>"
        )
        for control in (self.vessel, self.site, self.decompress):
            control.observe(self.guarded(self._refresh_schematic), names="value")
        self.series.observe(self.guarded(self._refresh_chart), names="value")
        self._refresh_chart()
        self.chart = _live(self.chart)
        self._parts = {t.name: t for t in self.schematic.data}  # stored handles: the vessel's name changes
        self._vessel_trace = self._parts[f"{vessel_key} ({model.vessel(vessel_key)[0]})"]
        self.controls = ipw.HBox([self.vessel, self.site, self.decompress], layout=ipw.Layout(flex_flow="row wrap"))
        self.why = ipw.HTML(self._why)
        self._build(self._arrangement(), label="root exit zone close-up")

    def _arrangement(self) -> list:
        """In a notebook: controls, schematic, why, chart, one under another. On a projector that stack is
        1,600 px tall: the schematic and its controls sit beside the chart, the why-paragraphs behind a button."""
        if not style.presenter_on():
            self.why.layout.display = ""
            return [self.controls, self.schematic, self.why, self.series, self.chart, self.note]
        left = ipw.VBox([self.controls, self.schematic])
        # The schematic takes 60% of the width: narrower, its four site labels ran into each other at 24 px.
        right = ipw.VBox([self.series, self.chart, self.note], layout=ipw.Layout(flex="0 0 40%", min_width="0"))
        return [columns(left, right), behind_button("Why here? Why does the nerve fire?", self.why)]

    def _refresh_schematic(self, change=None) -> None:
        key, site, away = self.vessel.value, self.site.value, self.decompress.value
        if site not in _SITES:
            raise ValueError(f"site must be one of {', '.join(_SITES)} (got {site!r})")
        colour, dash, width, approach = _VESSEL_STYLE[key]
        vx, vy = _vessel_path(_SITES[site], approach, away)
        fig, parts = self.schematic, self._parts
        pad, sparks = parts["Teflon pad"], parts["ectopic impulses (schematic)"]
        with fig.batch_update():
            vessel_trace = self._vessel_trace
            vessel_trace.x, vessel_trace.y = plain(vx), plain(vy)
            vessel_trace.line.update(color=colour, dash=dash, width=width)
            vessel_trace.text, vessel_trace.textposition = _vessel_text(key)
            vessel_trace.name = f"{key} ({model.vessel(key)[0]})"
            pad.x, pad.y = [_SITES[site]], [_NERVE_Y + approach * 0.75]
            pad.visible = away
            sparks.x = plain(np.linspace(_SITES[site] + 0.6, 9.2, 5))
            sparks.visible = not away
            parts["sites"].text = _site_labels(site)
            fig.layout.title.text = (
                f"{key} held away from the root by a pad (what surgery does)"
                if away
                else f"{key} pressing on the root: {site.lower()}"
            )
        s = model.series(self.series.value)
        _colours, _patterns, widths = _bar_style(s, key)
        with self.chart.batch_update():
            for bar, width in zip(self.chart.data, widths):
                bar.marker.line.width = width

    def _refresh_chart(self, change=None) -> None:
        s = model.series(self.series.value)
        _fill_chart(self.chart, s, self.vessel.value)
        cites = "; ".join(evidence.html_cite(e) for e in dict.fromkeys(s.evidence))
        self.note.value = f"<p>{html.escape(s.note)}</p><p class='hfs-note'><small>{cites}</small></p>"

    def figures(self):
        return [(self.schematic, REZ_HEIGHT), (self.chart, CHART_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        fit = _schematic_fit()
        with self.schematic.batch_update():
            self.schematic.layout.height = fit["height"]
            self.schematic.layout.margin.b = fit["margin_b"]
        if style.presenter_on():
            self.chart.layout.height = PRESENTER_CHART_HEIGHT
        self.chart.layout.margin.t = PRESENTER_CHART_MARGIN_T if style.presenter_on() else 70
        self.chart.layout.xaxis.tickfont.size = style.font_px(PRESENTER_TICK) if style.presenter_on() else None
        _fill_chart(self.chart, model.series(self.series.value), self.vessel.value)  # names wrap for the scale
        self._arrange(self._arrangement())

    def static(self) -> StaticForm:
        s = model.series("vessel_115")
        rows = [
            [ser.title, c, f"{p:g}%", evidence.label(ser.evidence_of(i))]
            for ser in model.REZ_SERIES.values()
            for i, (c, p) in enumerate(zip(ser.categories, ser.percents))
        ]
        schematic = _rez_figure(False, "AICA", "Attached segment", False)
        # Section 5 asks where on the root a vessel causes trouble and which artery most often: the static
        # schematic names neither in its title, and no site is picked out (the live widget's first state does).
        schematic.layout.title.text = "A vessel pressing on the root (schematic)"
        schematic.update_traces(selector=dict(name="sites"), text=[f"▲<br>{_SITE_WORDS[site]}" for site in _SITES])
        cited = " ".join(dict.fromkeys(evidence.label(e) for e in s.evidence))  # plain text: StaticForm escapes it
        return StaticForm(
            title="The root exit zone and the vessels that compress it",
            alt=(
                "Schematic: the facial nerve leaves the pons covered by central (glial) myelin (dotted), then the short "
                "transition zone (cross-hatched), then peripheral Schwann-cell myelin (striped); a looping artery "
                "presses on the root at one of four marked sites (exit point, attached segment, detachment point at "
                "the transition zone, distal cisternal); stars mark ectopic impulses. Bar chart: the offending vessel "
                f"in 115 operated patients {cited}. The table, behind 'Show the table', gives the offending vessel in "
                "three series, AICA's share across series, and where on the root the vessel pressed."
            ),
            figures=[schematic, _chart_figure(False, "vessel_115", None)],
            headers=["Data set", "Category", "Share", "Source"],
            rows=rows,
            # vessel by vessel and site by site, the table answers section 5's prediction
            fold_table="Show the table (it answers the questions above)",
        )
