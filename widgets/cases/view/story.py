"""The case story as HTML: header, history, examination, questions and their feedback."""

from __future__ import annotations

import html

from ... import evidence
from .. import model
from .common import _case_label, _text

# --- the story -------------------------------------------------------------------------------------


def _option_feedback_html(q: model.Question, chosen: int | None) -> str:
    items = []
    for i, o in enumerate(q.options):
        mark = "✔ right answer" if o.correct else "✘ wrong answer"
        mine = " (your choice)" if i == chosen else ""
        items.append(f"<li><b>{chr(65 + i)}. {mark}{mine}:</b> {html.escape(o.text)}. {_text(o.feedback)}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def question_result_html(q: model.Question, chosen: int | None, revealed: bool) -> str:
    """The feedback under a checked question: the verdict, why each option is right or wrong, the point."""
    if chosen is None and not revealed:
        return ""
    right = chosen is not None and q.options[chosen].correct
    if chosen is None:
        verdict = f"<p><b>Answer:</b> {chr(65 + q.correct_index)}. {html.escape(q.options[q.correct_index].text)}</p>"
    elif right:
        verdict = "<p><b>✔ Correct.</b></p>"
    else:
        verdict = "<p><b>✘ Not quite.</b> Read why each option is right or wrong.</p>"
    return (
        f"<div role='status'>{verdict}{_option_feedback_html(q, chosen)}"
        f"<p><b>The point:</b> {_text(q.explanation)}</p></div>"
    )


def stage_extra_html(c: model.Case, q: model.Question) -> str:
    """What a stage reveals once its question is answered (the tests' results)."""
    if q.stage == "tests":
        return f"<p><b>Results:</b> {_text(c.tests.results)}</p>"
    return ""


def case_header_html(c: model.Case) -> str:
    return (
        f"<h4>{html.escape(_case_label(c))}</h4>"
        f"<p class='hfs-note'><small><b>Synthetic patient.</b> {evidence.html_cite('L5-CASES')}</small></p>"
    )


def history_html(c: model.Case) -> str:
    return f"<h5>History</h5><p>{_text(c.history)}</p>"


def examination_html(c: model.Case) -> str:
    items = "".join(f"<li>{_text(e)}</li>" for e in c.examination)
    return f"<h5>Examination</h5><ul>{items}</ul>"


def summary_html(c: model.Case, score: tuple[int, int] | None = None) -> str:
    findings = "".join(f"<li>{_text(t)}</li>" for t in c.decisive_findings)
    scored = f"<p><b>Your score:</b> {score[0]} of {score[1]} first answers right.</p>" if score else ""
    return (
        f"<h5>Summary</h5><p><b>Diagnosis:</b> {html.escape(c.diagnosis)}.</p>"
        f"<p><b>The findings that decided it:</b></p><ul>{findings}</ul>"
        f"<p><b>What this case teaches:</b> {_text(c.focus)}</p>{scored}"
    )


def past_question_html(c: model.Case, q: model.Question, chosen: int | None, first_right: bool | None) -> str:
    correct = q.options[q.correct_index]
    if first_right is None:
        yours = " <i>(not answered)</i>" if chosen is None else ""
    else:
        yours = " ✔ (right first time)" if first_right else " ✘ (not right first time)"
    return (
        f"<h5>{html.escape(q.stage.capitalize())}</h5><p>{_text(q.stem)}</p>"
        f"<p><b>Answer:</b> {html.escape(correct.text)}.{yours}</p>"
        f"<p>{_text(q.explanation)}</p>{stage_extra_html(c, q)}"
    )
