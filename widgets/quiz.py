"""The course's quiz engine: a YAML question bank becomes a keyboard-operable ipywidgets quiz.

Bank format (lessons/quizzes/NN-slug.yaml):
    lesson: 01-facial-nerve-anatomy
    objectives: {O1: "Trace CN VII from nucleus to muscle", ...}
    questions:
      - id: q1
        objective: O1
        kind: single            # single (exactly one correct option) or multiple (one or more)
        stem: "Where does the facial nerve leave the skull?"
        evidence: [ANA-07]      # optional; cited under the feedback
        options:
          - {text: "Stylomastoid foramen", correct: true, feedback: "Yes: ..."}
          - {text: "Foramen ovale", correct: false, feedback: "No: that is V3 ..."}
Feedback may contain {ID} evidence templates, filled with the figure and its citation.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import evidence

QUIZ_DIR = evidence.LESSONS_DIR / "quizzes"
KINDS = ("single", "multiple")


class QuizBankError(ValueError):
    """A broken question bank; the message names the file and the question."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    objective: str
    kind: str
    stem: str
    options: tuple[Option, ...]
    evidence: tuple[str, ...] = ()

    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Bank:
    name: str
    lesson: str
    objectives: dict[str, str]
    questions: tuple[Question, ...]


def parse_bank(raw, name: str) -> Bank:
    if not isinstance(raw, dict):
        raise QuizBankError(f"{name}: expected a mapping with 'lesson', 'objectives' and 'questions'")
    objectives = raw.get("objectives") or {}
    if not isinstance(objectives, dict) or not objectives:
        raise QuizBankError(f"{name}: 'objectives' must map objective ids to their wording")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        raise QuizBankError(f"{name}: 'questions' must be a non-empty list")
    questions, seen = [], set()
    for n, item in enumerate(items, 1):
        qid = str(item.get("id", f"#{n}")) if isinstance(item, dict) else f"#{n}"
        where = f"{name}: question '{qid}'"
        if not isinstance(item, dict):
            raise QuizBankError(f"{where}: expected a mapping")
        if qid in seen:
            raise QuizBankError(f"{where}: duplicate id")
        seen.add(qid)
        objective = item.get("objective")
        if not objective:
            raise QuizBankError(f"{where}: has no objective")
        if objective not in objectives:
            raise QuizBankError(f"{where}: objective '{objective}' is not among the bank's objectives ({', '.join(objectives)})")
        kind = item.get("kind", "single")
        if kind not in KINDS:
            raise QuizBankError(f"{where}: kind must be 'single' or 'multiple' (got {kind!r})")
        if not item.get("stem"):
            raise QuizBankError(f"{where}: has no stem")
        raw_options = item.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            raise QuizBankError(f"{where}: needs at least two options")
        options = []
        for k, opt in enumerate(raw_options, 1):
            if not isinstance(opt, dict) or not opt.get("text"):
                raise QuizBankError(f"{where}: option {k} has no text")
            if not str(opt.get("feedback") or "").strip():
                raise QuizBankError(f"{where}: option {k} ('{opt['text']}') has no feedback")
            if not isinstance(opt.get("correct", False), bool):
                raise QuizBankError(f"{where}: option {k} field 'correct' must be true or false")
            options.append(Option(str(opt["text"]), bool(opt.get("correct", False)), str(opt["feedback"]).strip()))
        n_correct = sum(o.correct for o in options)
        if kind == "single" and n_correct != 1:
            raise QuizBankError(f"{where}: a single-answer question needs exactly one correct option (has {n_correct})")
        if kind == "multiple" and n_correct < 1:
            raise QuizBankError(f"{where}: a multiple-answer question needs at least one correct option")
        ev = tuple(str(e) for e in item.get("evidence") or ())
        questions.append(Question(qid, str(objective), kind, str(item["stem"]).strip(), tuple(options), ev))
    return Bank(name=name, lesson=str(raw.get("lesson", "")), objectives={str(k): str(v) for k, v in objectives.items()},
                questions=tuple(questions))


def load_bank(name_or_path: str | Path) -> Bank:
    path = Path(name_or_path)
    if not path.suffix:
        path = QUIZ_DIR / f"{name_or_path}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuizBankError(f"{path.name}: question bank not found in lessons/quizzes/") from None
    except yaml.YAMLError as exc:
        raise QuizBankError(f"{path.name}: not valid YAML ({exc})") from None
    return parse_bank(raw, path.name)


def grade(question: Question, chosen: set[int] | frozenset[int]) -> bool:
    """Right only when the chosen options are exactly the correct ones."""
    for i in chosen:
        if not 0 <= i < len(question.options):
            raise ValueError(f"option index must be between 0 and {len(question.options) - 1} (got {i})")
    return frozenset(chosen) == question.correct_indices()


def feedback_html(question: Question, chosen: set[int] | frozenset[int] | None) -> str:
    """Why each option is right or wrong; a tick or cross and a word, never colour alone.

    chosen=None is the reveal of a static page: the answer key without a verdict on a learner's choice."""
    if chosen is None:
        verdict, chosen = "<p class='hfs-verdict'><b>Answer key</b></p>", frozenset()
    elif grade(question, chosen):
        verdict = "<p class='hfs-verdict'><b>✔ Correct.</b></p>"
    else:
        verdict = "<p class='hfs-verdict'><b>✘ Not quite.</b> Read why below, then press Retry to try again.</p>"
    lines = []
    for i, opt in enumerate(question.options):
        mark = "✔ right answer" if opt.correct else "✘ wrong answer"
        mine = " (your choice)" if i in chosen else ""
        lines.append(f"<li><b>{mark}{mine}:</b> {html.escape(opt.text)}: {html.escape(evidence.fill(opt.feedback))}</li>")
    sources = ""
    if question.evidence:
        sources = "<p class='hfs-cite'>Evidence: " + "; ".join(evidence.html_cite(e) for e in question.evidence) + "</p>"
    return f"{verdict}<ul>{''.join(lines)}</ul>{sources}"


def static_html(bank: Bank) -> str:
    """Kernel-free quiz: each question with its options and a collapsible answer with feedback."""
    parts = []
    for n, q in enumerate(bank.questions, 1):
        hint = "choose one" if q.kind == "single" else "choose all that apply"
        options = "".join(f"<li>{html.escape(o.text)}</li>" for o in q.options)
        parts.append(
            f"<div class='hfs-quiz-q'><p><b>Q{n}.</b> {html.escape(q.stem)} <i>({hint})</i></p><ol type='A'>{options}</ol>"
            f"<details><summary>Show answer</summary>{feedback_html(q, None)}</details></div>"
        )
    return "<div class='hfs-quiz-static'>" + "".join(parts) + "</div>"
