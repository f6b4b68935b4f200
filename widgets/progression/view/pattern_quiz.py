"""Lesson 2, widget 4: which pattern is this? (PatternQuiz)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...ui.base import StaticForm, View
from ...ui.faceplot import face_figure
from .. import model
from .common import FACE_HEIGHT, face_box, new_face, rescale_face

# --- 4. which pattern is this? ------------------------------------------------------------------

ANSWERS = (("Typical HFS", "typical"), ("Atypical HFS", "atypical"), ("Neither: not hemifacial spasm", "neither"))
ANSWER_WORDS = dict((v, k) for k, v in ANSWERS)


def case_html(case: model.Case, number: int) -> str:
    rows = "".join(f"<tr><td>{v.year:g}</td><td>{html.escape(v.note)}</td></tr>" for v in case.visits)
    findings = "".join(f"<li>{html.escape(f)}</li>" for f in case.findings)
    return (
        f"<p><b>Patient {number}</b>, age {case.age_at_onset:.0f} at the first symptom.</p>"
        f"<table class='hfs-table'><thead><tr><th scope='col'>Year</th><th scope='col'>What is seen</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p>On examination:</p><ul>{findings}</ul>"
    )


class PatternQuiz(View):
    """Generated patients (seeded): the student says typical, atypical or neither, and gets feedback."""

    def __init__(self, seed: int = 0):
        super().__init__()
        self.seed = seed
        self.number = 1
        self.score = {"right": 0, "answered": 0}
        self._scored = False
        self.face = new_face()
        self.vignette = ipw.HTML()
        self.answer = ipw.RadioButtons(
            options=list(ANSWERS),
            value=None,
            description="Which pattern is this?",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="auto"),
        )
        self.check_button = ipw.Button(
            description="Check", button_style="primary", icon="check", tooltip="Check your answer"
        )
        self.next_button = ipw.Button(description="Next patient", icon="forward", tooltip="A new generated patient")
        self.feedback = ipw.HTML()
        self.check_button.on_click(self.guarded(self._check))
        self.next_button.on_click(self.guarded(self._next))
        self._show_case()
        left = ipw.VBox(
            [self.vignette, self.answer, ipw.HBox([self.check_button, self.next_button]), self.feedback],
            layout=ipw.Layout(width="45%", min_width="300px"),
        )
        self.face_box = face_box(self.face)
        self._build([ipw.HBox([left, self.face_box], layout=ipw.Layout(flex_flow="row wrap"))], label="pattern quiz")

    def _show_case(self) -> None:
        self.case = case = model.generate_case(self.seed)
        states = {r: "active" for r in case.visits[-1].regions}
        self.face.paint(states, labels=case.order_labels(), title=f"Patient {self.number} (numbers: visit first seen)")
        self.vignette.value = case_html(case, self.number)
        self.answer.value = None
        self.feedback.value = ""
        self._scored = False

    def _check(self, _button=None) -> None:
        if self.answer.value is None:
            self.feedback.value = (
                "<div class='hfs-message' role='status'>Choose an answer first, then press Check.</div>"
            )
            return
        right = model.grade_case(self.case, self.answer.value)
        if not self._scored:  # only the first answer to each patient counts
            self.score["answered"] += 1
            self.score["right"] += int(right)
            self._scored = True
        verdict = "✔ Right." if right else f"✘ Not quite: this is {ANSWER_WORDS[self.case.label].lower()}."
        sources = "; ".join(evidence.html_cite(e) for e in self.case.evidence)
        self.feedback.value = (
            f"<div role='status'><p><b>{verdict}</b> {html.escape(evidence.fill(self.case.explanation))}</p>"
            f"<p><small>{sources}</small></p><p>Score: {self.score['right']} of "
            f"{self.score['answered']} first answers right. The mix of patients here is for practice: "
            f"{html.escape(evidence.label('L2-QUIZ-MIX'))}.</p></div>"
        )

    def _next(self, _button=None) -> None:
        self.seed += 1
        self.number += 1
        self._show_case()

    def figures(self):
        return [(self.face.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        rescale_face(self.face, self.face_box)

    def static(self, count: int = 3) -> StaticForm:
        rows, figs = [], []
        for n in range(count):
            case = model.generate_case(self.seed + n)
            figs.append(
                face_figure(
                    {r: "active" for r in case.visits[-1].regions}, labels=case.order_labels(), title=f"Patient {n + 1}"
                )
            )
            story = "; ".join(f"year {v.year:g}: {v.note}" for v in case.visits)
            rows.append(
                [
                    n + 1,
                    story + ". " + "; ".join(case.findings),
                    ANSWER_WORDS[case.label],
                    evidence.fill(case.explanation),
                ]
            )
        return StaticForm(
            title="Which pattern is this? Three generated patients",
            alt=(
                "Schematic faces of generated patients. The muscles in spasm at the last visit are shaded and numbered by "
                "the visit at which each was first seen, so the direction of spread can be read from the numbers. The "
                "table gives each patient's story, the answer and why."
            ),
            figures=figs,
            headers=["Patient", "Story and findings", "Answer", "Why"],
            rows=rows,
        )
