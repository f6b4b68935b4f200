"""The quiz as ipywidgets: radio buttons or checkboxes (keyboard-native), Check, Retry, a score."""

from __future__ import annotations

import html

import ipywidgets as ipw

from . import evidence, progress, quiz
from .ui import style
from .ui.base import StaticForm, View


class QuestionCard:
    """One question: its choices, Check and Show-all-answers buttons and the feedback area.

    Feedback is staged so that Check cannot be used to read the key: a wrong first answer shows only the
    feedback of what was chosen and a hint, and allows one more try; the full key (every option's verdict)
    comes after a right answer, after the second try, or when the learner asks for it (which ends the item)."""

    TRIES = 2

    def __init__(self, number: int, question: quiz.Question, on_checked, label: str | None = None):
        """`label` replaces the "Q<number>." before the stem (the capstone names each case's step instead)."""
        self.question = question
        self._on_checked = on_checked
        hint = "choose one" if question.kind == "single" else "choose all that apply"
        head = html.escape(label) if label is not None else f"Q{number}."
        stem = html.escape(evidence.fill(question.stem))  # a stem may cite a figure: {ID} filled, then escaped
        self.stem = ipw.HTML(f"<p><b>{head}</b> {stem} <i>({hint})</i></p>")
        labels = [f"{chr(65 + i)}. {o.text}" for i, o in enumerate(question.options)]
        if question.kind == "single":
            self.choices = ipw.RadioButtons(
                options=[(label, i) for i, label in enumerate(labels)], value=None, layout=ipw.Layout(width="auto")
            )
            self.boxes = None
            choice_widget = self.choices
        else:
            self.boxes = [
                ipw.Checkbox(value=False, description=label, indent=False, layout=ipw.Layout(width="auto"))
                for label in labels
            ]
            self.choices = None
            choice_widget = ipw.VBox(self.boxes)
        self.check_button = ipw.Button(
            description="Check answer",
            button_style="primary",
            icon="check",
            tooltip="Check this answer (Enter or Space when focused)",
        )
        self.key_button = ipw.Button(
            description="Show all answers", icon="list", tooltip="Show every option's verdict; this ends the question"
        )
        self.feedback = ipw.HTML("")
        self.check_button.on_click(lambda _: self.check())
        self.key_button.on_click(lambda _: self.show_key())
        self.answered: bool | None = None  # right at the first try (the score); None until first checked
        self.tries = 0
        self.done = False
        self._final = ""
        self.box = ipw.VBox(
            [self.stem, choice_widget, ipw.HBox([self.check_button, self.key_button]), self.feedback],
            layout=ipw.Layout(border="1px solid #CCCCCC", padding="6px", margin="6px 0"),
        )

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

    def _show(self, body: str) -> None:
        self.feedback.value = f"<div role='status'>{body}</div>"

    def _finish(self, body: str) -> None:
        self.done = True
        self._final = body
        self.check_button.disabled = True
        self.key_button.disabled = True
        self._show(body)

    def check(self) -> None:
        if self.done:  # the item is over: say so again (and save again: a store that failed may work now)
            self._show(self._final)
            self._on_checked()
            return
        chosen = self.chosen()
        if not chosen:
            self.feedback.value = (
                "<div class='hfs-message' role='status'>Choose an answer first, then press Check answer.</div>"
            )
            return
        self.tries += 1
        right = quiz.grade(self.question, chosen)
        if self.tries == 1:
            self.answered = right
        if right or self.tries >= self.TRIES:
            self._finish(quiz.feedback_html(self.question, chosen, first_try=self.tries == 1))
        else:
            self._show(quiz.first_try_html(self.question, chosen))
        self._on_checked()

    def show_key(self) -> None:
        """The full key on request; an item not yet checked counts as not right at the first try."""
        if self.done:
            return
        if self.answered is None:
            self.answered = False
        self._finish(quiz.feedback_html(self.question, None))
        self._on_checked()

    def reset(self) -> None:
        self.select(set())
        self.feedback.value = ""
        self.answered = None
        self.tries = 0
        self.done = False
        self._final = ""
        self.check_button.disabled = False
        self.key_button.disabled = False


class Quiz(View):
    """A whole question bank with a running score and a Retry button."""

    def __init__(self, bank: str | quiz.Bank, save_progress: bool = True, one_at_a_time: bool | None = None):
        """`one_at_a_time` shows a single question with Previous / Next question buttons; by default it is on
        at presenter scale, where a whole bank is several projector screens tall."""
        super().__init__()
        self.save_progress = save_progress
        self.bank = bank if isinstance(bank, quiz.Bank) else quiz.load_bank(bank)
        self.cards = [QuestionCard(n, q, self._update_score) for n, q in enumerate(self.bank.questions, 1)]
        self.score = ipw.HTML()
        self.retry = ipw.Button(description="Retry", icon="refresh", tooltip="Clear all answers and start again")
        self.retry.on_click(lambda _: self.reset())
        self._update_score()
        self.one_at_a_time = style.presenter_on() if one_at_a_time is None else one_at_a_time
        self.current = 0
        self.previous_question = ipw.Button(description="Previous question", icon="arrow-left")
        self.next_question = ipw.Button(description="Next question", icon="arrow-right")
        self.previous_question.on_click(lambda _: self.show_question(self.current - 1))
        self.next_question.on_click(lambda _: self.show_question(self.current + 1))
        self.questions = ipw.VBox([c.box for c in self.cards])
        paging = [ipw.HBox([self.previous_question, self.next_question])] if self.one_at_a_time else []
        self._build(
            [
                ipw.HTML("<h4>Check your understanding</h4>"),
                self.questions,
                *paging,
                ipw.HBox([self.score, self.retry]),
            ],
            label="quiz",
        )
        self.show_question(0)

    def show_question(self, index: int) -> None:
        """One question on screen (one-at-a-time mode); every question otherwise."""
        self.current = max(0, min(len(self.cards) - 1, index))
        if self.one_at_a_time:
            self.questions.children = [self.cards[self.current].box]
        self.previous_question.disabled = self.current == 0
        self.next_question.disabled = self.current == len(self.cards) - 1

    def _update_score(self) -> None:
        # the score (and what progress saves) counts answers right at the first try: a second try after
        # the hint teaches, but a score that counted it would reward elimination by trial
        right = sum(c.answered is True for c in self.cards)
        tried = sum(c.answered is not None for c in self.cards)
        second = sum(
            c.answered is False and c.done and c.tries == 2 and quiz.grade(c.question, c.chosen()) for c in self.cards
        )
        later = f", {second} more at the second try" if second else ""
        self.score.value = (
            f"<b>Score: {right} of {len(self.cards)} correct</b> at the first try ({tried} checked{later})&nbsp;"
        )
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
