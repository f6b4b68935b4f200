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
