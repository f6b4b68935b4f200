"""Lesson 1 views: sizes, colours and the small helpers every lesson-1 widget uses."""

from __future__ import annotations

import html

import ipywidgets as ipw
import plotly.graph_objects as go

from ...face import MUSCLES
from ...ui import style
from ...ui.base import View
from ...ui.faceplot import FacePainter
from ...ui.livefigure import LiveFigure

FACE_HEIGHT = 460
PATH_HEIGHT = 430
REZ_HEIGHT = 380
CHART_HEIGHT = 380
GREY = style.OUTLINE
SELECTED = style.STATE_CUES["selected"].colour
BRANCH_COLOUR = style.OKABE_ITO["orange"]


# fmt: off
_FACE_LABEL = {  # short words that fit on the schematic face; panels and hover give the full names
    "frontalis": "Frontalis", "corrugator": "Corr.", "oculi_upper": "Orb. oculi", "oculi_lower": "Orb. oculi",
    "nasalis": "Nasalis", "levator_labii": "Lev. labii", "zygomaticus": "Zyg.", "buccinator": "Bucc.",
    "oris": "Orb. oris", "depressor_anguli": "DAO", "mentalis": "Ment.", "platysma": "Platysma",
    "temporalis": "Temporalis", "masseter": "Masseter",
}
# fmt: on


def _short(muscle: str) -> str:
    return _FACE_LABEL[muscle]


def _name(muscle: str) -> str:
    return MUSCLES[muscle].name.split(" (")[0]


FACE_WIDTH = 470  # px: a fixed width lets the face sit beside the controls instead of below them


def _face_painter(title: str) -> FacePainter:
    return FacePainter(title, height=FACE_HEIGHT, width=FACE_WIDTH)


def _live(fig: go.Figure) -> go.FigureWidget:
    """The FigureWidget to display, made from a figure already in its initial state (see _face_painter)."""
    return LiveFigure(fig)


def _rescale_face(painter: FacePainter) -> None:
    painter.rescale()


class FaceView(View):
    """A lesson-1 widget drawn around one face (`self.painter`): its figure list and presenter rescale."""

    painter: FacePainter

    def figures(self):
        return [(self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        _rescale_face(self.painter)


def _beside(controls, figure) -> ipw.HBox:
    """Controls on the left, the figure on the right (wrapping below on a narrow screen), so the
    learner sees the face change while using the controls."""
    controls.layout.flex = "1 1 320px"
    box = ipw.Box([figure], layout=ipw.Layout(flex="0 0 auto"))
    return ipw.HBox([controls, box], layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start", width="100%"))


def _numbered(muscles) -> tuple[dict, str]:
    """Number labels for the face (numbers do not overlap where names would) and the matching list."""
    labels = {(m, "right"): str(i) for i, m in enumerate(muscles, 1)}
    items = "".join(f"<li>{html.escape(MUSCLES[m].name)}: {html.escape(MUSCLES[m].action)}</li>" for m in muscles)
    return labels, f"<ol>{items}</ol>"


def _side_word(side: str) -> str:
    return f"patient's {side.upper()}"
