"""The case story as HTML: header, history, examination, questions and their feedback."""

from __future__ import annotations

import html

from ... import evidence
from .. import model
from .common import _case_label, _text

# --- the story -------------------------------------------------------------------------------------


def point_html(c: model.Case, q: model.Question) -> str:
    """Under a finished question (after the quiz engine's key): the point it makes and what its stage reveals."""
    return f"<p><b>The point:</b> {_text(q.explanation)}</p>{stage_extra_html(c, q)}"


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
