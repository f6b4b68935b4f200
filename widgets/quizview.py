"""The quiz as ipywidgets: radio buttons or checkboxes (keyboard-native), Check, Retry, a score."""
from __future__ import annotations

import html

import ipywidgets as ipw

from . import progress, quiz
from .base import StaticForm, View


class QuestionCard:
    """One question: its choices, a Check button and the feedback area."""

    def __init__(self, number: int, question: quiz.Question, on_checked):
        self.question = question
        self._on_checked = on_checked
        hint = "choose one" if question.kind == "single" else "choose all that apply"
        self.stem = ipw.HTML(f"<p><b>Q{number}.</b> {html.escape(question.stem)} <i>({hint})</i></p>")
        labels = [f"{chr(65 + i)}. {o.text}" for i, o in enumerate(question.options)]
        if question.kind == "single":
            self.choices = ipw.RadioButtons(options=[(label, i) for i, label in enumerate(labels)], value=None,
                                            layout=ipw.Layout(width="auto"))
            self.boxes = None
            choice_widget = self.choices
        else:
            self.boxes = [ipw.Checkbox(value=False, description=label, indent=False, layout=ipw.Layout(width="auto"))
                          for label in labels]
            self.choices = None
            choice_widget = ipw.VBox(self.boxes)
        self.check_button = ipw.Button(description="Check answer", button_style="primary", icon="check",
                                       tooltip="Check this answer (Enter or Space when focused)")
        self.feedback = ipw.HTML("")
        self.check_button.on_click(lambda _: self.check())
        self.answered: bool | None = None
        self.box = ipw.VBox([self.stem, choice_widget, self.check_button, self.feedback],
                            layout=ipw.Layout(border="1px solid #CCCCCC", padding="6px", margin="6px 0"))

    def chosen(self) -> set[int]:
        if self.choices is not None:
            return set() if self.choices.value is None else {self.choices.value}
        return {i for i, b in enumerate(self.boxes) if b.value}

    def select(self, indices) -> None:
        """Choose options programmatically (tests, instructor demo)."""
        indices = set(indices)
        if self.choices is not None:
            self.choices.value = next(iter(indices)) if indices else None
        else:
            for i, b in enumerate(self.boxes):
                b.value = i in indices

    def check(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.feedback.value = "<div class='hfs-message' role='status'>Choose an answer first, then press Check answer.</div>"
            return
        self.answered = quiz.grade(self.question, chosen)
        self.feedback.value = f"<div role='status'>{quiz.feedback_html(self.question, chosen)}</div>"
        self._on_checked()

    def reset(self) -> None:
        self.select(set())
        self.feedback.value = ""
        self.answered = None


class Quiz(View):
    """A whole question bank with a running score and a Retry button."""

    def __init__(self, bank: str | quiz.Bank, save_progress: bool = True):
        super().__init__()
        self.save_progress = save_progress
        self.bank = bank if isinstance(bank, quiz.Bank) else quiz.load_bank(bank)
        self.cards = [QuestionCard(n, q, self._update_score) for n, q in enumerate(self.bank.questions, 1)]
        self.score = ipw.HTML()
        self.retry = ipw.Button(description="Retry", icon="refresh", tooltip="Clear all answers and start again")
        self.retry.on_click(lambda _: self.reset())
        self._update_score()
        self._build([ipw.HTML("<h4>Check your understanding</h4>"), *(c.box for c in self.cards),
                     ipw.HBox([self.score, self.retry])], label="quiz")

    def _update_score(self) -> None:
        right = sum(c.answered is True for c in self.cards)
        tried = sum(c.answered is not None for c in self.cards)
        self.score.value = f"<b>Score: {right} of {len(self.cards)} correct</b> ({tried} checked)&nbsp;"
        if tried and self.save_progress:
            self._show_store_status(progress.save_quiz(self.bank.lesson, right, len(self.cards), tried))

    def _show_store_status(self, status: progress.Status) -> None:
        """What the progress store said, in the quiz's message area: a note (e.g. where a damaged file was
        kept) stays; a could-not-save message is cleared once a save works again."""
        if status.messages:
            self.show_message(status.text, kind="note" if status.ok else "message")
            self._unsaved_shown = not status.ok
        elif getattr(self, "_unsaved_shown", False):
            self.show_message("")
            self._unsaved_shown = False

    def reset(self) -> None:
        for card in self.cards:
            card.reset()
        self._update_score()

    @property
    def n_correct(self) -> int:
        return sum(c.answered is True for c in self.cards)

    def static(self) -> StaticForm:
        return StaticForm(title=f"Quiz: {self.bank.lesson}", alt="Questions with collapsible answers.")

    def static_html(self) -> str:
        """Without a kernel the quiz stays answerable: each answer is behind a reveal."""
        return quiz.static_html(self.bank)


def show_quiz(name: str) -> Quiz:
    return Quiz(name)
