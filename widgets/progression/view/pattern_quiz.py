"""Lesson 2, widget 4: which pattern is this? (PatternQuiz)."""

from __future__ import annotations

import html
from dataclasses import dataclass

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
        """Three other patients than the live quiz serves (seeds STATIC_SEED + n), their answers behind a fold."""
        rows, figs = [], []
        for n in range(count):
            case = model.generate_case(STATIC_SEED + n)
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
        return QuizForm(
            title=f"Which pattern is this? {count} generated patients",
            alt=(
                "Schematic faces of generated patients. The muscles in spasm at the last visit are shaded and numbered by "
                "the visit at which each was first seen. The table gives each patient's story and findings. Decide for "
                "each: typical HFS, atypical HFS or neither; the answers follow under 'Show the answers'."
            ),
            figures=figs,
            headers=["Patient", "Story and findings", "Answer", "Why"],
            rows=rows,
            fold_table="Show the answers",
        )


STATIC_SEED = 1000  # the live quiz starts at seed 0 and counts up by one a patient: these are others


@dataclass
class QuizForm(StaticForm):
    """A static practice set: the first `asked` columns (the patients) show at once; the answer columns follow,
    each row led by its first cell (the patient's number), behind the fold."""

    asked: int = 2

    def table_html(self) -> str:
        if not self.rows:
            return ""

        def table(headers: list, rows: list, caption: str) -> str:
            head = "".join(f"<th scope='col'>{html.escape(str(h))}</th>" for h in headers)
            body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
            return (
                f"<table class='hfs-table'><caption>{html.escape(caption)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )

        k = self.asked
        asked = table(self.headers[:k], [r[:k] for r in self.rows], self.title)
        answers = table(
            self.headers[:1] + self.headers[k:], [r[:1] + r[k:] for r in self.rows], f"{self.title}: the answers"
        )
        return (
            f"{asked}<details class='hfs-static-fold'><summary>{html.escape(self.fold_table)}</summary>"
            f"{answers}</details>"
        )
