"""Capstone views: sizes, the face painter at a fixed width, and small text helpers."""

from __future__ import annotations

import html
from functools import partial

from ... import evidence
from ...ui import style
from ...ui.faceplot import FacePainter
from ...ui.html import pct
from .. import model

FACE_HEIGHT = 440
FACE_WIDTH = 440
DX_HEIGHT = 400
DX_WIDTH = 560
LSR_HEIGHT = 330
LSR_WIDTH = 560
TX_HEIGHT = 330
TX_WIDTH = 620
BRANCH_KEY = "T temporal · Z zygomatic · B buccal · MM marginal mandibular · C cervical"
TX_STATES = (  # decision-model state, label, colour, pattern: colour plus pattern plus a word in the legend
    ("spasm_free", "spasm-free", style.OKABE_ITO["bluish_green"], ""),
    ("on_toxin", "controlled on toxin", style.OKABE_ITO["blue"], "/"),
    ("with_spasm", "with spasm (uncontrolled)", style.OKABE_ITO["vermillion"], "x"),
)
CSS = """<style>
.hfs-case-options .widget-radio-box { width: 100%; }
.hfs-case-options .widget-radio-box label { white-space: normal !important; height: auto !important;
  line-height: 1.35 !important; display: flex !important; align-items: flex-start; margin: 0 0 6px 0; }
.hfs-case-options .widget-radio-box input { margin: 3px 8px 0 0; flex: 0 0 auto; order: -1; }
.hfs-case-story, .hfs-case-story .widget-html-content { line-height: 1.45 !important; }
.hfs-case-story h4 { margin: 4px 0; } .hfs-case-story h5 { margin: 10px 0 2px 0; font-size: 1.1em; }
.hfs-case-story p, .hfs-case-story ul { margin: 2px 0 6px 0; }
</style>"""


def _text(template: str) -> str:
    """A case text as HTML: {ID} templates filled with the figure and its citation, then escaped."""
    return html.escape(evidence.fill(template))


class FixedWidthFace(FacePainter):
    """The course's face at a fixed width with narrow side margins, so it sits beside the story."""

    def __init__(self, title: str, width: int, height: int):
        super().__init__(title, height=height, width=width)
        self._plain.layout.margin.update(l=5, r=5)


def face_title(c: model.Case) -> str:
    title = html.escape(c.face.title)
    return f"{title}<br><sup>{html.escape(c.face.subtitle)}</sup>" if c.face.subtitle else title


_pct = partial(pct, bounded=True)  # '>99%' rather than a rounded '100%' that reads as certainty


def _case_label(c: model.Case) -> str:
    return f"Case {c.order}: {c.title}"


def _lock_note(word: str, step_number: int) -> str:
    return f"Reached at step {step_number}: {word}"
