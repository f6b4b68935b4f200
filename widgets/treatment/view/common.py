"""Lesson 4 and 5 views: sizes, the PSA seed, the tornado parameters and the strategies' look, shared by every view module."""

from __future__ import annotations

from ...ui import style

CYCLE_HEIGHT = 330
YEAR_HEIGHT = 330
INTERVAL_HEIGHT = 330
CURVE_HEIGHT = 420
ICON_HEIGHT = 560
COST_HEIGHT = 380
TORNADO_HEIGHT = 470
MAP_HEIGHT = 440
PSA_HEIGHT = 400
OUTCOME_YEARS = 20.0  # the outcomes widget runs the model over 20 years
PSA_DRAWS = 1000
PSA_SEED = 2024
# The tornado's parameters: those with a visible swing in the base case (measured with every
# parameter), kept to 14 so a slider move stays under 50 ms. Age is the patient's, not uncertain;
# the discount rate is a convention, discussed in the lesson text.
# fmt: off
TORNADO_PARAMETERS = (
    "c_btx_session", "c_mvd", "u_btx_on", "u_cured", "u_uncontrolled", "r_spont_remission_annual",
    "r_recur_annual", "p_mvd_cure_12m", "btx_interval_months", "p_redo_given_failure", "r_btx_fail_annual",
    "p_btx_response", "p_mvd_death", "p_perm_hearing_loss",
)
# fmt: on
TORNADO_TOP = 10
# Parameters the model table has no PAR- entry for: the lesson's own assumption entries.
EXTRA_EVIDENCE = {"severity": "L4-SEVERITY", "risk_attitude": "L4-RISK-ATTITUDE", "dis_stroke": "PAR-dis_stroke"}
STRATEGY_LOOK = {  # colour + dash + marker, so strategies differ without colour too
    "botox_first": dict(colour=style.SERIES[1], dash="dash", symbol="diamond"),
    "mvd_now": dict(colour=style.SERIES[0], dash="solid", symbol="circle"),
    "botox_then_mvd": dict(colour=style.SERIES[2], dash="dot", symbol="square"),
}
SHORT = {"botox_first": "Botox first", "mvd_now": "MVD now", "botox_then_mvd": "Botox, then MVD if it fails"}
DIVERGING = [[0.0, style.OKABE_ITO["blue"]], [0.5, "#FFFFFF"], [1.0, style.OKABE_ITO["vermillion"]]]


def behind_toggle(label: str, child, shown: bool = False):
    """`child` under a toggle button that shows or hides it (Tab to the button, Space to press it): what a
    projected screen keeps out of the way (sources, a long table) until the class asks for it."""
    from widgets.ui.base import behind_button

    box = behind_button(label, child, shown)
    box.add_class("hfs-behind-toggle")
    return box


def side_by_side(*children, widths: tuple = ()):
    """Children in one row, each in a column: those given a width (like "34%") keep it, the rest share what is
    left. A figure follows its column's width (LiveFigure follows its container)."""
    import ipywidgets as ipw

    shares = list(widths) + [""] * (len(children) - len(widths))
    cells = [
        ipw.VBox([child], layout=ipw.Layout(flex=f"0 0 {w}" if w else "1 1 0", min_width="0"))
        for child, w in zip(children, shares)
    ]
    return ipw.HBox(cells, layout=ipw.Layout(align_items="flex-start", width="100%", grid_gap="16px"))


# Legends: horizontal, at the figure's bottom edge under the axis title (not at a fraction of the plot height
# below it, where they met the tick labels once a figure was wider than planned).


def legend_below() -> dict:
    return dict(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom")


def bottom_margin(base: int, presenter: int) -> int:
    """Room (px) under a chart for its ticks, axis title and legend: `base` in a notebook, `presenter` for
    24 px text."""
    return presenter if style.presenter_on() else base


def refit_margins(margins: list) -> None:
    """After a change of scale: each figure's bottom margin ([(figure, notebook px, projector px), ...]). On a
    projector the title also moves to the figure's top edge over a deeper top margin: a y-axis title at 24 px
    can be taller than the plot and must not reach it."""
    on = style.presenter_on()
    for fig, base, presenter in margins:
        with fig.batch_update():
            fig.layout.margin.b = bottom_margin(base, presenter)
            fig.layout.margin.t = 85 if on else 60
            fig.layout.title.update(
                yref="container" if on else None,
                y=1 if on else None,
                yanchor="top" if on else None,
                pad_t=4 if on else None,
            )


def refit_text(fig, annotations: float | None = None, title: float | None = None) -> None:
    """After a change of scale: text whose size a figure sets itself (annotations at `annotations` x the base
    size), and on a projector a title at `title` x the base size (a chart in half the screen's width)."""
    with fig.batch_update():
        if annotations is not None:
            for note in fig.layout.annotations:
                note.font.size = style.font_px(annotations)
        if title is not None:
            fig.layout.title.font.size = style.font_px(title) if style.presenter_on() else None


def fit_controls(controls, width: str | None, presenter_width: str = "100%") -> None:
    """Controls' widths for the current scale: `width` in a notebook; on a projector the column's width, with
    the height left free so that a label that wraps above its control does not lie over the next one."""
    on = style.presenter_on()
    for control in controls:
        control.layout.width = presenter_width if on else width
        control.layout.height = "auto" if on else None
