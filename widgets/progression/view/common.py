"""Lesson 2 views: sizes, the face box and the words every lesson-2 widget uses."""

from __future__ import annotations

import ipywidgets as ipw

from ...face import short_name
from ...ui import style
from ...ui.faceplot import FacePainter

FACE_HEIGHT = 420
FACE_WIDTH = 440  # a fixed width lets two faces, or a face and a text column, sit side by side
ORDER_HEIGHT = 400
EMG_HEIGHT = 420
LSR_HEIGHT = 340
# Facial muscles from the top of the face to the neck: the y order of the muscle-order chart.
FACE_ROWS = (
    "frontalis",
    "corrugator",
    "oculi_upper",
    "oculi_lower",
    "nasalis",
    "levator_labii",
    "zygomaticus",
    "buccinator",
    "oris",
    "depressor_anguli",
    "mentalis",
    "platysma",
)
PATTERN_LOOK = {  # colour + marker + dash, so the two patients differ without colour too
    "typical": dict(colour=style.SERIES[0], symbol="circle", dash="solid", offset=-0.17),
    "atypical": dict(colour=style.SERIES[1], symbol="diamond", dash="dash", offset=0.17),
}


# A static table that answers the prediction asked above its widget waits behind this summary (issue 18).
FOLD = "Show the table (it answers the questions above)"

# On a projector two faces share the screen's width with the muscle-order chart: each is this size (px).
PAIR_PRESENTER_SIZE = (360, 450)


def new_face(presenter_size: tuple[int, int] | None = None) -> FacePainter:
    # Do not touch painter.figure before the first paint: FacePainter builds its FigureWidget on
    # first access, from the painted state (a widget edited before display loses the edits).
    return FacePainter("", height=FACE_HEIGHT, width=FACE_WIDTH, presenter_size=presenter_size)


def face_box(painter: FacePainter) -> ipw.Box:
    """The face in a fixed-width box, so two faces (or a face and a text column) sit side by side."""
    return ipw.Box([painter.figure], layout=ipw.Layout(width=f"{painter.size()[0]}px"))


def rescale_face(painter: FacePainter, box: ipw.Box | None = None) -> None:
    painter.rescale()
    if box is not None:
        box.layout.width = f"{painter.size()[0]}px"


def _involved_words(muscles) -> str:
    return ", ".join(short_name(m) for m in muscles)
