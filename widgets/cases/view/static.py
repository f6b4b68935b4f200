"""Static forms of the cases and the summary table of all cases."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from ... import evidence, quiz
from ...differential import model as dmodel
from ...differential import report as dreport
from ...face import MUSCLES
from ...ui import style
from ...ui.base import StaticForm
from ...ui.faceplot import face_figure
from .. import model
from .common import _pct, _text, face_title
from .figures import (
    _lsr_title,
    dx_figure,
    lsr_figure,
    paint_dx,
    paint_lsr,
    paint_treatment,
    run_decision,
    treatment_figure,
)
from .ranking import comparison_html
from .story import point_html


def static_question_html(c: model.Case, q: model.Question) -> str:
    """A case question as the quiz engine renders it without a kernel: options, a hint, then the key."""
    options = "".join(f"<li>{html.escape(o.text)}</li>" for o in q.options)
    return (
        f"<div class='hfs-quiz-q'><h5>{html.escape(q.stage.capitalize())}</h5><p><b>{_text(q.stem)}</b></p>"
        f"<ol type='A'>{options}</ol>"
        f"<details><summary>Hint</summary><p>{_text(quiz.hint_text(q))}</p></details>"
        f"<details><summary>Show answer</summary>{quiz.feedback_html(q, None)}{point_html(c, q)}</details></div>"
    )


def static_ranking_html(c: model.Case) -> str:
    """The learner's differential without a kernel: the findings and the diagnoses to rank on paper, then the
    course's ranking behind a reveal."""
    learner = c.differential.learner
    findings = "".join(f"<li>☐ {html.escape(f.text)}</li>" for f in learner.findings)
    candidates = "".join(f"<li>{html.escape(cand.name)}</li>" for cand in learner.candidates)
    return (
        "<div class='hfs-quiz-q'><h5>Your differential</h5><p><b>Which of these findings does the patient have? "
        "Rank the diagnoses, most likely first.</b></p>"
        f"<p>Findings:</p><ul>{findings}</ul><p>Diagnoses (alphabetical):</p><ul>{candidates}</ul>"
        f"<details><summary>Show the course's differential</summary>{comparison_html(c, set(), [], None)}</details></div>"
    )


def _dx_static(c: model.Case, level: str) -> tuple:
    """The differential chart at `level` (bedside or tests) with its alt text."""
    fig = dx_figure()
    paint_dx(fig, c, level)
    post = dmodel.posterior(c.differential.setting, model.findings_at(c, level))
    lead, p = dmodel.ranked(post)[0]
    when = "the history and examination" if level == "bedside" else "the history, examination and tests"
    alt = (
        f"Bar chart of the Bayesian differential ({dmodel.SETTINGS[c.differential.setting].name}): grey hatched "
        f"bars before the findings, blue bars after {when}; {dreport.NAMES[lead]} leads at {_pct(p)}."
    )
    return fig, alt


def case_static_figures(c: model.Case) -> dict[str, list[tuple]]:
    """The case's figures in their final state with their alt texts, by the stage they belong to: the face with
    the examination, the differential after the differential question (again with the test results after the
    tests question), the EMG after the tests question, the decision model after the treatment question. The
    static form places each after its own stage, so no figure answers a question printed below it."""
    stages: dict[str, list[tuple]] = {"examination": [], "differential": [], "tests": [], "treatment": []}
    painted = ", ".join(
        f"{MUSCLES[m].name} ({s}): {style.STATE_CUES[state].word}" for (m, s), state in c.face.states.items()
    )
    stages["examination"].append(
        (
            face_figure(c.face.states, title=face_title(c), labels=c.face.labels),
            f"Schematic face: {c.face.title}"
            + (f" ({c.face.subtitle})" if c.face.subtitle else "")
            + f". Painted: {painted}.",
        )
    )
    if c.differential.setting is not None:
        stages["differential"].append(_dx_static(c, "bedside"))
    if c.tests.lsr != "none":
        fig = lsr_figure()
        paint_lsr(fig, c, "shown")
        rec = model.lsr_recording(c)
        stages["tests"].append((fig, f"EMG schematic: {_lsr_title(rec).replace('<br>', ' ').lower()}."))
    if c.differential.setting is not None and c.differential.tests:
        stages["tests"].append(_dx_static(c, "tests"))
    if c.treatment.decision_age is not None:
        run = run_decision(c)
        fig = treatment_figure()
        paint_treatment(fig, c, run, "shown")
        y = run.years
        stages["treatment"].append(
            (
                fig,
                f"Stacked bars of the decision model at age {run.age}: about {y['botox_first']['alive']:.0f} years "
                f"left; MVD now {y['mvd_now']['spasm_free']:.0f} spasm-free years; Botox first "
                f"{y['botox_first']['on_toxin']:.0f} years controlled on toxin and "
                f"{y['botox_first']['with_spasm']:.0f} with spasm.",
            )
        )
    return stages


@dataclass
class CaseStaticForm(StaticForm):
    """A StaticForm whose cases are laid out one after another: story, questions with answers, and each figure
    (with its alt text as the caption) after the question of its own stage."""

    sections: list = field(default_factory=list)  # per case: a list of HTML strings and (figure, alt) pairs

    def table_html(self) -> str:
        return "".join(part for section in self.sections for part in section if isinstance(part, str))

    def html(self) -> str:
        parts = [f"<div class='hfs-static'><h4>{html.escape(self.title)}</h4>"]
        for section in self.sections:
            for part in section:
                if isinstance(part, str):
                    parts.append(part)
                    continue
                fig, alt = part
                parts.append(
                    f"<figure class='hfs-figure' role='group' aria-label='{html.escape(fig.layout.title.text or '')}'>"
                    + fig.to_html(full_html=False, include_plotlyjs=False, config=style.plotly_config())
                    + f"<figcaption>{html.escape(alt)}</figcaption></figure>"
                )
        parts.append("</div>")
        return "".join(parts)


def cases_table():
    """The six cases side by side (a Markdown display): what decided each, the test and the treatment."""
    from IPython.display import Markdown

    def cell(text: str) -> str:  # case text is content: shown as text, never as Markdown or HTML
        return evidence.markdown_escape(evidence.fill(text))

    lines = ["| Case | Diagnosis | The findings that decided it | Test | Treatment |", "|---|---|---|---|---|"]
    for c in model.course_cases().values():
        test = c.question("tests").options[c.question("tests").correct_index].text
        treat = c.question("treatment").options[c.question("treatment").correct_index].text
        decided = "<br>".join(cell(t) for t in c.decisive_findings)
        lines.append(f"| {c.order}. {cell(c.title)} | {cell(c.diagnosis)} | {decided} | {cell(test)} | {cell(treat)} |")
    return Markdown("\n".join(lines))
