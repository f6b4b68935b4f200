"""One look for the whole course: a colour-blind-safe palette, font sizes and the presenter scale.

The palette is Okabe & Ito's eight colours, distinguishable with the common colour-vision
deficiencies. Colour is never the only cue: every state also has a fill pattern and a word
(see STATE_CUES), so a greyscale print or a washed-out projector still reads.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
NEUTRAL_FILL = "#ECECEC"
OUTLINE = "#4D4D4D"
FOCUS_RING = "#000000"

# Series colours in a fixed order, so the same strategy/diagnosis keeps its colour everywhere.
SERIES = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow", "black")
]


@dataclass(frozen=True)
class Cue:
    colour: str
    pattern: str  # plotly fillpattern shape: "", "/", "\\", "x", ".", "+", "-", "|"
    word: str  # the text cue shown beside the colour


# Meaning -> colour + pattern + word. Views use these names, never raw colours.
STATE_CUES = {
    "off": Cue(NEUTRAL_FILL, "", ""),
    "selected": Cue(OKABE_ITO["blue"], "/", "selected"),
    "active": Cue(OKABE_ITO["vermillion"], "x", "contracting"),
    "weak": Cue(OKABE_ITO["sky_blue"], ".", "weak"),
    "spared": Cue(OKABE_ITO["bluish_green"], "", "spared"),
    "other_nerve": Cue("#D9D9D9", "-", "not CN VII"),
    "correct": Cue(OKABE_ITO["bluish_green"], "", "✔ correct"),
    "wrong": Cue(OKABE_ITO["vermillion"], "", "✘ not quite"),
}

BASE_FONT_PX = 14
PRESENTER_FONT_PX = 24  # the smallest text a projected slide may show (1920×1080, back of a 60-seat room)
PRESENTER_SCALE = PRESENTER_FONT_PX / BASE_FONT_PX
# Figures grow less than their text: at the full text scale a chart plus its controls overflowed 1080 px.
PRESENTER_HEIGHT_SCALE = 1.25
FONT_FAMILY = "Arial, Helvetica, sans-serif"  # system fonts only: nothing fetched from a CDN

_presenter = os.environ.get("HFS_PRESENTER", "") not in ("", "0", "false")
_listeners: "weakref.WeakSet" = weakref.WeakSet()


def scale() -> float:
    """Current size multiplier: 1 normally, PRESENTER_SCALE on a projector."""
    return PRESENTER_SCALE if _presenter else 1.0


def presenter_on() -> bool:
    return _presenter


def height_scale() -> float:
    """Size multiplier for figure heights: PRESENTER_HEIGHT_SCALE on a projector."""
    return PRESENTER_HEIGHT_SCALE if _presenter else 1.0


def font_px(relative: float = 1.0) -> int:
    return round(BASE_FONT_PX * relative * scale())


def register(view) -> None:
    """Views with a `rescale()` method register here so one switch resizes the whole course."""
    _listeners.add(view)


def set_presenter(on: bool) -> None:
    global _presenter
    _presenter = bool(on)
    for view in list(_listeners):
        view.rescale()


def figure_layout(height: int = 420, **extra) -> dict:
    """Layout shared by every plotly figure of the course, sized for the current scale."""
    layout = dict(
        template="plotly_white",
        font=dict(family=FONT_FAMILY, size=font_px(), color="#222222"),
        height=round(height * height_scale()),
        margin=dict(l=40, r=20, t=60, b=40),
        hoverlabel=dict(font_size=font_px()),
        colorway=SERIES,
    )
    layout.update(extra)
    return layout


# The mode bar keeps what a learner uses: save as a picture, and zoom/pan/reset on the charts whose axes
# move (plotly hides those on figures with fixed axes). Selection tools, spike lines, hover modes and the
# plotly logo only distract. `responsive` lets a figure follow its container's width (livefigure.py).
MODEBAR_REMOVE = [
    "select2d",
    "lasso2d",
    "autoScale2d",
    "zoomIn2d",
    "zoomOut2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
]


def plotly_config() -> dict:
    """The plotly config of every figure of the course, live or static."""
    return dict(
        displaylogo=False,
        modeBarButtonsToRemove=list(MODEBAR_REMOVE),
        responsive=True,
        toImageButtonOptions=dict(format="png", scale=2),
    )


def rescale_figure(fig, height: int) -> None:
    with fig.batch_update():
        fig.layout.font.size = font_px()
        fig.layout.height = round(height * height_scale())
        fig.layout.hoverlabel.font.size = font_px()


CSS = f"""
<style>
.hfs-view {{ font-family: {FONT_FAMILY}; font-size: {BASE_FONT_PX}px; line-height: 1.4; }}
/* Presenter scale: no text under PRESENTER_FONT_PX, and controls grow to their labels instead of cutting them. */
.hfs-view.hfs-presenter, .hfs-view.hfs-presenter .widget-html-content, .hfs-view.hfs-presenter .widget-label,
.hfs-view.hfs-presenter .widget-button, .hfs-view.hfs-presenter .widget-toggle-button,
.hfs-view.hfs-presenter .widget-dropdown select, .hfs-view.hfs-presenter .widget-radio-box label,
.hfs-view.hfs-presenter .widget-checkbox label, .hfs-view.hfs-presenter .widget-readout,
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon, .hfs-view.hfs-presenter .jp-RenderedHTMLCommon p,
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon li, .hfs-view.hfs-presenter .jp-RenderedHTMLCommon td,
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon th, .hfs-view.hfs-presenter small, .hfs-view.hfs-presenter summary,
.hfs-view.hfs-presenter table, .hfs-view.hfs-presenter .lm-TabBar-tab, .hfs-view.hfs-presenter .widget-slider .widget-readout {{
  font-size: {PRESENTER_FONT_PX}px !important; line-height: 1.35; }}
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon h1 {{ font-size: 38px; }}
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon h2 {{ font-size: 34px; }}
.hfs-view.hfs-presenter .jp-RenderedHTMLCommon h3, .hfs-view.hfs-presenter h4 {{ font-size: 29px; }}
.hfs-view.hfs-presenter .widget-label {{ width: auto !important; max-width: none !important; min-width: max-content; }}
.hfs-view.hfs-presenter .widget-button, .hfs-view.hfs-presenter .widget-toggle-button {{
  width: auto !important; min-width: max-content; height: auto; padding: 4px 12px; }}
.hfs-view.hfs-presenter .widget-dropdown select {{ height: auto; }}
.hfs-view.hfs-presenter .widget-html-content {{ white-space: normal; overflow-wrap: anywhere; }}
.hfs-view.hfs-presenter .widget-html {{ max-width: 100%; }}
.hfs-view.hfs-presenter .widget-inline-hbox, .hfs-view.hfs-presenter .widget-hbox {{ flex-wrap: wrap; gap: 4px; }}
.hfs-view.hfs-presenter .widget-toggle-buttons .widget-toggle-button {{ width: auto !important; }}
.hfs-view.hfs-presenter .lm-TabBar-tab {{ min-width: max-content !important; }}  /* 'Examinati' was cut at 24 px */
/* Columns (base.columns): stacked in a notebook, side by side on a projector, whose screen is wide and short.
   A column marked hfs-side keeps a third of the width (controls, a text panel); hfs-fixed keeps its own (a face). */
.hfs-columns {{ display: flex; flex-direction: column; }}
.hfs-view.hfs-presenter .hfs-columns {{ flex-direction: row; align-items: flex-start; gap: 16px; }}
.hfs-view.hfs-presenter .hfs-columns > * {{ flex: 1 1 0; min-width: 0; }}
.hfs-view.hfs-presenter .hfs-columns > .hfs-side {{ flex: 0 0 34%; }}
.hfs-view.hfs-presenter .hfs-columns > .hfs-fixed {{ flex: 0 0 auto; }}
/* No control cuts its own text (issue 21), in a notebook as on a projector: a button grows to its label and a
   dropdown to its longest choice, within its row. */
.hfs-view .widget-button, .hfs-view .widget-toggle-button {{ min-width: max-content; }}
.hfs-view .widget-dropdown {{ width: max-content; max-width: 100%; flex-wrap: nowrap !important; }}
.hfs-view .widget-dropdown > select {{ flex: 1 1 auto; width: auto; min-width: 0; }}
.hfs-view .widget-checkbox {{ width: max-content; max-width: 100%; }}
.hfs-message {{ border-left: 4px solid {OKABE_ITO["vermillion"]}; padding: 4px 8px; background: #FFF4EC; }}
.hfs-note {{ border-left: 4px solid {OKABE_ITO["blue"]}; padding: 4px 8px; background: #EEF6FB; }}
.hfs-assumption {{ font-style: italic; }}
.hfs-view .lm-TabBar-tab, .hfs-view .p-TabBar-tab {{ color: #1A1A1A; }}  /* Lab's grey unselected tab label: 4.1:1 */
/* Focus ring: 3 px black with a 2 px gap, 21:1 on the white page (Lab's own ring is a faint 1 px blue). */
.hfs-view :focus-visible, .hfs-view button:focus, .hfs-view select:focus, .hfs-view input:focus {{
  outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important; }}
</style>
"""
