"""Lesson 3 views: sizes and the probability chart with lesson 3's names."""

from __future__ import annotations

from ...ui import charts
from .. import model
from ..report import SHORT

FACE_HEIGHT = 380
FACE_WIDTH = 290
CHART_HEIGHT = 430
PATIENTS = ("A", "B", "C")
# A static table that answers the prediction asked above its widget waits behind this summary (issue 18).
FOLD = "Show the table (it answers the questions above)"


# --- shared figure: probability of each diagnosis -----------------------------------------------------


def probability_figure(widget: bool = True, height: int = CHART_HEIGHT):
    """Pre-test and post-test bars for every diagnosis (the shared chart, lesson 3's names)."""
    return charts.probability_figure([SHORT[d] for d in model.DIAGNOSES], widget=widget, height=height)
