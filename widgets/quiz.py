"""The course's quiz engine: a YAML question bank becomes a keyboard-operable ipywidgets quiz.

Bank format (lessons/quizzes/NN-slug.yaml):
    lesson: 01-facial-nerve-anatomy
    objectives: {O1: "Trace CN VII from nucleus to muscle", ...}
    questions:
      - id: q1
        objective: O1
        kind: single            # single (exactly one correct option) or multiple (one or more)
        stem: "Where does the facial nerve leave the skull?"
        evidence: [ANA-07]      # optional; cited under the full answer key
        format: recall          # optional: recall (default), vignette (a patient) or two-step (one of a linked pair)
        hint: "Where does the nerve run just before it reaches the parotid?"   # shown after a first wrong try
        options:
          - {text: "Stylomastoid foramen", correct: true, feedback: "Yes: ..."}
          - {text: "Foramen ovale", correct: false, feedback: "No: that is V3 ...", more: "optional detail ..."}
Feedback may contain {ID} evidence templates, filled with the figure and its citation. `feedback` is the short
verdict a learner reads first (one cited figure at most); `more` is the rest, behind a "more" disclosure.

Feedback is staged (see quizview): a wrong first answer shows only the chosen option's feedback and the hint,
then allows a second try; every option's verdict (the full key) comes after the second try or on request.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from . import content, evidence

QUIZ_DIR = evidence.LESSONS_DIR / "quizzes"
KINDS = ("single", "multiple")
FORMATS = ("recall", "vignette", "two-step")
DEFAULT_HINT = "Read the stem again: which word or finding in it rules each option in or out?"


class QuizBankError(content.ContentError):
    """A broken question bank; the message names the file and the question (a ContentError, a ValueError)."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str
    more: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    objective: str
    kind: str
    stem: str
    options: tuple[Option, ...]
    evidence: tuple[str, ...] = ()
    hint: str = ""
    format: str = "recall"

    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Bank:
    name: str
    lesson: str
    objectives: dict[str, str]
    questions: tuple[Question, ...]


def _text(where: str, raw: dict, field: str, label: str | None = None, required: bool = True) -> str:
    """A field shown to the learner as text: a list, mapping or number there is an error, never a repr."""
    value = raw.get(field)
    label = label or f"field '{field}'"
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise QuizBankError(f"{where}: {label} is required")
        return ""
    if not isinstance(value, str):
        raise QuizBankError(f"{where}: {label} must be text, got {content.short(value)}")
    return value.strip()


def _check_evidence(where: str, label: str, ids, known) -> tuple[str, ...]:
    """Evidence ids must exist now, not when a learner presses Check."""
    if not isinstance(ids, list):
        raise QuizBankError(f"{where}: field 'evidence' must be a list of evidence ids, got {content.short(ids)}")
    for entry_id in ids:
        if not isinstance(entry_id, str):
            raise QuizBankError(
                f"{where}: field 'evidence' holds {content.short(entry_id)}; an evidence id is text such as ANA-01"
            )
        if entry_id not in known():
            raise QuizBankError(
                f"{where}: {label} names unknown evidence id '{entry_id}' (not in lessons/evidence.yaml)"
            )
    return tuple(ids)


def _check_templates(where: str, label: str, text: str, known) -> None:
    for entry_id in evidence.ID_PATTERN.findall(text):
        if entry_id not in known():
            raise QuizBankError(
                f"{where}: {label} uses the template {{{entry_id}}}, an unknown evidence id "
                "(not in lessons/evidence.yaml)"
            )


def parse_bank(raw, name: str, store: evidence.EvidenceStore | None = None) -> Bank:
    """A bank from its parsed YAML; `name` starts every error message. Evidence ids (the `evidence:` lists and
    the {ID} templates of stems, options and feedback) are checked against `store` (default: the course's)."""

    def known():
        return (store or evidence.store()).entries  # loaded only when a bank cites evidence

    if not isinstance(raw, dict):
        raise QuizBankError(f"{name}: expected a mapping with 'lesson', 'objectives' and 'questions'")
    lesson = raw.get("lesson", "")
    if not isinstance(lesson, str):
        raise QuizBankError(f"{name}: field 'lesson' must be text, got {content.short(lesson)}")
    objectives = raw.get("objectives") or {}
    if not isinstance(objectives, dict) or not objectives:
        raise QuizBankError(f"{name}: 'objectives' must map objective ids to their wording")
    for key in objectives:
        if not isinstance(key, str):
            raise QuizBankError(f"{name}: objective id {content.short(key)} must be text such as O1")
        _text(f"{name}: objective '{key}'", objectives, key, "its wording")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        raise QuizBankError(f"{name}: 'questions' must be a non-empty list")
    questions, seen = [], set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise QuizBankError(f"{name}: question '#{n}': expected a mapping, got {content.short(item)}")
        qid = item.get("id", f"#{n}")
        if not isinstance(qid, str) or not qid.strip():
            raise QuizBankError(
                f"{name}: question #{n}: field 'id' must be text such as q{n}, got {content.short(qid)}"
            )
        if qid in seen:
            raise QuizBankError(f"{name}: question '{qid}': duplicate id")
        seen.add(qid)
        questions.append(parse_question(item, f"{name}: question '{qid}'", objectives, known, qid=qid))
    return Bank(name=name, lesson=lesson, objectives=dict(objectives), questions=tuple(questions))


def parse_question(item: dict, where: str, objectives, known, qid: str | None = None) -> Question:
    """One question from its parsed YAML (a bank's item, or a capstone case's question); `where` starts every
    error message, `objectives` are the allowed objective ids, `known()` returns the evidence ids that exist."""
    qid = item.get("id") if qid is None else qid
    objective = item.get("objective")
    if not objective:
        raise QuizBankError(f"{where}: has no objective")
    if not isinstance(objective, str):
        raise QuizBankError(f"{where}: field 'objective' must be text such as O1, got {content.short(objective)}")
    if objective not in objectives:
        raise QuizBankError(
            f"{where}: objective '{objective}' is not among the bank's objectives ({', '.join(objectives)})"
        )
    kind = item.get("kind", "single")
    if not isinstance(kind, str) or kind not in KINDS:
        raise QuizBankError(f"{where}: kind must be 'single' or 'multiple' (got {content.short(kind)})")
    if item.get("stem") is None or item.get("stem") == "":
        raise QuizBankError(f"{where}: has no stem")
    stem = _text(where, item, "stem", "field 'stem'")
    _check_templates(where, "field 'stem'", stem, known)
    raw_options = item.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise QuizBankError(f"{where}: needs at least two options")
    options = []
    for k, opt in enumerate(raw_options, 1):
        if not isinstance(opt, dict) or opt.get("text") in (None, ""):
            raise QuizBankError(f"{where}: option {k} has no text")
        text = _text(where, opt, "text", f"option {k} field 'text'")
        feedback = _text(where, opt, "feedback", f"option {k} ('{text}') feedback", required=False)
        if not feedback:
            raise QuizBankError(f"{where}: option {k} ('{text}') has no feedback")
        if not isinstance(opt.get("correct", False), bool):
            raise QuizBankError(f"{where}: option {k} field 'correct' must be true or false")
        _check_templates(where, f"option {k} field 'text'", text, known)
        _check_templates(where, f"option {k} field 'feedback'", feedback, known)
        more = _text(where, opt, "more", f"option {k} ('{text}') field 'more'", required=False)
        _check_templates(where, f"option {k} field 'more'", more, known)
        options.append(Option(text, opt.get("correct", False), feedback, more))
    n_correct = sum(o.correct for o in options)
    if kind == "single" and n_correct != 1:
        raise QuizBankError(f"{where}: a single-answer question needs exactly one correct option (has {n_correct})")
    if kind == "multiple" and n_correct < 1:
        raise QuizBankError(f"{where}: a multiple-answer question needs at least one correct option")
    ev = _check_evidence(where, "field 'evidence'", item.get("evidence") or [], known)
    hint = _text(where, item, "hint", "field 'hint'", required=False)
    _check_templates(where, "field 'hint'", hint, known)
    form = item.get("format", "recall")
    if not isinstance(form, str) or form not in FORMATS:
        raise QuizBankError(f"{where}: format must be one of {', '.join(FORMATS)} (got {content.short(form)})")
    return Question(qid, objective, kind, stem, tuple(options), ev, hint, form)


def load_bank(name_or_path: str | Path, store: evidence.EvidenceStore | None = None) -> Bank:
    """A bank by lesson name ('01-facial-nerve-anatomy') or path, through the strict content loader."""
    path = Path(name_or_path)
    if not path.suffix:
        path = QUIZ_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise QuizBankError(f"{path.name}: question bank not found in lessons/quizzes/")
    raw = content.load_yaml(path, error=QuizBankError)
    return parse_bank(raw, path.name, store)


def grade(question: Question, chosen: set[int] | frozenset[int]) -> bool:
    """Right only when the chosen options are exactly the correct ones."""
    for i in chosen:
        if not 0 <= i < len(question.options):
            raise ValueError(f"option index must be between 0 and {len(question.options) - 1} (got {i})")
    return frozenset(chosen) == question.correct_indices()


def _option_html(opt: Option) -> str:
    """One option's feedback: the short verdict, then the rest behind a native (keyboard-operable) disclosure."""
    more = ""
    if opt.more:
        more = f"<details class='hfs-more'><summary>more</summary>{html.escape(evidence.fill(opt.more))}</details>"
    return f"{html.escape(evidence.fill(opt.feedback))}{more}"


def hint_text(question: Question) -> str:
    return question.hint or DEFAULT_HINT


def first_try_html(question: Question, chosen: set[int] | frozenset[int]) -> str:
    """After a wrong first answer: the feedback of what was chosen wrongly and a hint, never the key.

    For a multiple-answer item only the wrongly ticked options speak; a ticked right option says nothing,
    or the learner could read the key off the feedback."""
    wrong = [i for i in sorted(chosen) if not question.options[i].correct]
    lines = "".join(
        f"<li><b>✘ {html.escape(question.options[i].text)}:</b> {_option_html(question.options[i])}</li>" for i in wrong
    )
    missing = question.correct_indices() - frozenset(chosen)
    note = ""
    if question.kind == "multiple" and missing:
        note = "<p>At least one right option is not ticked yet.</p>"
    return (
        "<p class='hfs-verdict'><b>✘ Not yet.</b> You have one more try.</p>"
        + (f"<ul>{lines}</ul>" if lines else "")
        + note
        + f"<p class='hfs-hint'><b>Hint:</b> {html.escape(evidence.fill(hint_text(question)))}</p>"
    )


def feedback_html(question: Question, chosen: set[int] | frozenset[int] | None, first_try: bool = True) -> str:
    """The full key: why each option is right or wrong; a tick or cross and a word, never colour alone.

    chosen=None is the reveal of a static page (or a key asked for before answering): the answer key without
    a verdict on a learner's choice. first_try=False words a right answer as right at the second try."""
    if chosen is None:
        verdict, chosen = "<p class='hfs-verdict'><b>Answer key</b></p>", frozenset()
    elif grade(question, chosen):
        verdict = (
            "<p class='hfs-verdict'><b>✔ Correct.</b></p>"
            if first_try
            else "<p class='hfs-verdict'><b>✔ Correct at the second try.</b></p>"
        )
    else:
        verdict = "<p class='hfs-verdict'><b>✘ Not quite.</b> Here is every option's verdict.</p>"
    lines = []
    for i, opt in enumerate(question.options):
        mark = "✔ right answer" if opt.correct else "✘ wrong answer"
        mine = " (your choice)" if i in chosen else ""
        lines.append(f"<li><b>{mark}{mine}:</b> {html.escape(opt.text)}: {_option_html(opt)}</li>")
    sources = ""
    if question.evidence:
        # the studies behind the item stay one click away: the key itself stays short
        sources = (
            "<details class='hfs-more'><summary>Evidence for this question</summary><p class='hfs-cite'>"
            + "; ".join(evidence.html_cite(e) for e in question.evidence)
            + "</p></details>"
        )
    return f"{verdict}<ul>{''.join(lines)}</ul>{sources}"


def static_html(bank: Bank) -> str:
    """Kernel-free quiz: each question with its options and a collapsible answer with feedback."""
    parts = []
    for n, q in enumerate(bank.questions, 1):
        hint = "choose one" if q.kind == "single" else "choose all that apply"
        options = "".join(f"<li>{html.escape(o.text)}</li>" for o in q.options)
        parts.append(
            f"<div class='hfs-quiz-q'><p><b>Q{n}.</b> {html.escape(q.stem)} <i>({hint})</i></p><ol type='A'>{options}</ol>"
            f"<details><summary>Hint</summary><p>{html.escape(evidence.fill(hint_text(q)))}</p></details>"
            f"<details><summary>Show answer</summary>{feedback_html(q, None)}</details></div>"
        )
    return "<div class='hfs-quiz-static'>" + "".join(parts) + "</div>"
