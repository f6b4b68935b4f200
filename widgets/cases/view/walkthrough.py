"""The case walkthrough widget (CaseWalkthrough)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence, progress, quiz
from ...quizview import QuestionCard
from ...ui import style
from ...ui.base import View
from ...ui.html import WIDE
from ...ui.livefigure import LiveFigure
from .. import model
from .common import (
    BRANCH_KEY,
    CSS,
    DX_HEIGHT,
    DX_WIDTH,
    FACE_HEIGHT,
    FACE_WIDTH,
    LSR_HEIGHT,
    LSR_WIDTH,
    TX_HEIGHT,
    TX_WIDTH,
    FixedWidthFace,
    _case_label,
    _text,
    face_title,
)
from .figures import (
    DecisionRun,
    dx_figure,
    dx_panel_html,
    lsr_figure,
    paint_dx,
    paint_lsr,
    paint_treatment,
    run_decision,
    treatment_figure,
    treatment_panel_html,
)
from .ranking import DifferentialTask, past_ranking_html
from .static import CaseStaticForm, case_static_figures, static_question_html, static_ranking_html
from .story import (
    case_header_html,
    examination_html,
    history_html,
    past_question_html,
    point_html,
    summary_html,
)

# --- the widget --------------------------------------------------------------------------------------


class CaseWalkthrough(View):
    """One case at a time, step by step: history, examination, the learner's own differential, a question per
    stage (quiz-engine items with the quiz's staged feedback), a summary. Scores are saved per case."""

    def __init__(self, case: str | None = None):
        super().__init__()
        self.cases = model.course_cases()
        for c in self.cases.values():  # the widget cites all of them: they belong in the reference list
            for entry_id in c.evidence_ids():
                evidence.label(entry_id)
        first = case or next(iter(self.cases))
        self.case = model.case(first)
        self.steps = model.steps(self.case)
        self.index = 0
        self.cards: dict[tuple[str, str], QuestionCard] = {}  # (case id, question id) -> its quiz card
        self.tasks: dict[str, DifferentialTask] = {}  # case id -> the learner's differential
        self._age_override: int | None = None
        self._runs: dict[tuple[str, int], DecisionRun] = {}
        self._story_cache: dict = {}

        self.case_picker = ipw.Dropdown(
            options=[(_case_label(c), c.id) for c in self.cases.values()],
            value=self.case.id,
            description="Case:",
            style=WIDE,
            layout=ipw.Layout(width="auto", max_width="100%"),
        )
        self.back = ipw.Button(description="◀ Back", tooltip="Previous step", layout=ipw.Layout(width="auto"))
        self.next = ipw.Button(
            description="Next step ▶",
            tooltip="Reveal the next step",
            button_style="primary",
            layout=ipw.Layout(width="auto"),
        )
        self.restart = ipw.Button(
            description="Start the case again",
            icon="refresh",
            tooltip="Back to the history, answers cleared",
            layout=ipw.Layout(width="auto"),
        )
        self.step_label = ipw.HTML()
        self.story = ipw.HTML()
        self.story.add_class("hfs-case-story")
        self.point = ipw.HTML()  # the point of a question and what its stage reveals, once it is over
        self.point.add_class("hfs-case-story")
        self.question_box = ipw.VBox([], layout=ipw.Layout(margin="6px 0"))
        # A number box, not a slider: the slider's handle has no accessible name (axe-core).
        self.age = ipw.BoundedIntText(
            value=self.case.age,
            min=20,
            max=90,
            step=1,
            description="What if the patient were aged (20–90):",
            style=WIDE,
            layout=ipw.Layout(width="340px"),
        )
        self.dx_panel, self.lsr_panel, self.tx_panel = ipw.HTML(), ipw.HTML(), ipw.HTML()
        for panel in (self.dx_panel, self.lsr_panel, self.tx_panel):
            panel.add_class("hfs-case-story")

        # Every figure is put in its first state before its FigureWidget is created.
        looks = self._looks()
        self.face = FixedWidthFace("", FACE_WIDTH, FACE_HEIGHT)
        self._panels: dict = {}
        self._paint_face(looks["face"])
        plain_dx, plain_lsr, plain_tx = dx_figure(), lsr_figure(), treatment_figure()
        paint_dx(plain_dx, self.case, looks["dx"][0], self._step_of("differential"))
        paint_lsr(plain_lsr, self.case, looks["lsr"][0], self._step_of("tests"))
        paint_treatment(plain_tx, self.case, None, looks["tx"][0], self._step_of("treatment"))
        self.dx_figure, self.lsr_figure, self.tx_figure = (LiveFigure(f) for f in (plain_dx, plain_lsr, plain_tx))
        self._shown = looks
        self._syncing = False
        self.face_box = ipw.Box(
            [self.face.figure],
            layout=ipw.Layout(width=f"{round(FACE_WIDTH * style.height_scale()) + 4}px", flex="0 0 auto"),
        )

        self.case_picker.observe(self.guarded(self._change_case), names="value")
        self.back.on_click(self.guarded(lambda _b: self.go(-1)))
        self.next.on_click(self.guarded(lambda _b: self.go(+1)))
        self.restart.on_click(self.guarded(lambda _b: self._restart()))
        self.age.observe(self.guarded(self._change_age), names="value")
        story = ipw.VBox([self.story, self.question_box], layout=ipw.Layout(flex="1 1 360px", min_width="300px"))
        # Each chart's box is shown once its step gives it data (see _redraw): three empty charts at step 1 said nothing.
        self._chart_boxes = {
            "dx": ipw.VBox([self.dx_figure, self.dx_panel], layout=ipw.Layout(width=f"{DX_WIDTH + 10}px")),
            "lsr": ipw.VBox([self.lsr_figure, self.lsr_panel], layout=ipw.Layout(width=f"{LSR_WIDTH + 10}px")),
            "tx": ipw.VBox(
                [self.tx_figure, self.age, self.tx_panel],
                layout=ipw.Layout(width=f"{TX_WIDTH + 10}px", max_width="100%"),
            ),
        }
        charts = ipw.HBox(
            [self._chart_boxes["dx"], self._chart_boxes["lsr"]],
            layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self._build(
            [
                ipw.HTML(CSS),
                ipw.HBox([self.case_picker, self.restart], layout=ipw.Layout(flex_flow="row wrap")),
                ipw.HBox(
                    [self.back, self.next, self.step_label],
                    layout=ipw.Layout(flex_flow="row wrap", align_items="center"),
                ),
                ipw.HBox([story, self.face_box], layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start")),
                ipw.HTML(
                    "<h4>The lessons' widgets for this case</h4><p><small>Each chart opens when its step is "
                    "reached: the differential (lesson 3), the EMG (lesson 2) and the decision model (lesson 4).</small></p>"
                ),
                charts,
                self._chart_boxes["tx"],
            ],
            label="clinical case walkthrough",
        )
        self._render()

    # -- state ----------------------------------------------------------------------------------------

    def _step_of(self, stage: str) -> int:
        """The 1-based step number of a stage's question."""
        return next(i for i, s in enumerate(self.steps, 1) if s.question is not None and s.question.stage == stage)

    def _ranking_step(self) -> int:
        """The 1-based step number of the learner's own differential (0 when the case has none)."""
        return next((i for i, s in enumerate(self.steps, 1) if s.kind == "ranking"), 0)

    def card(self, q: model.Question) -> QuestionCard:
        """The quiz card of a question of the current case, built on first use and kept while the widget lives."""
        key = (self.case.id, q.id)
        if key not in self.cards:
            self.cards[key] = QuestionCard(
                0, q, self.guarded(lambda _c=None: self._checked()), label=q.stage.capitalize()
            )
            self.cards[key].choices.add_class("hfs-case-options")  # long options wrap (CSS in common.py)
            self.cards[key].stem.add_class("hfs-case-story")
        return self.cards[key]

    def task(self) -> DifferentialTask:
        """The current case's own-differential task, built on first use."""
        if self.case.id not in self.tasks:
            self.tasks[self.case.id] = DifferentialTask(
                self.case, self.guarded(lambda _c=None: self._render()), guard=self.guarded
            )
        return self.tasks[self.case.id]

    def _done(self, stage: str) -> bool:
        """A stage's answer is out once its item is over (right, the second try, or the key asked for) or left
        behind. A wrong first try is not: it shows only that option's feedback and a hint."""
        i = self._step_of(stage) - 1
        if self.index != i:
            return self.index > i
        return self.card(self.steps[i].question).done

    def _ranked(self) -> bool:
        """The learner's differential is set (compared or shown) or left behind: the course may show its own."""
        i = self._ranking_step() - 1
        if i < 0 or self.index != i:
            return self.index > i
        return self.task().done

    def _looks(self) -> dict:
        """What each figure shows now, as keys that name everything visible: a figure is redrawn only
        when its key changes (two cases both "locked" at step 4 look the same)."""
        c = self.case
        here = self.steps[self.index]
        if here.kind == "history":
            face = ("neutral", c.order)
        elif here.question is not None and here.question.stage == "anatomy" and self._done("anatomy"):
            face = ("anatomy", c.id)
        else:
            face = ("exam", c.id)
        if c.differential.setting is None:
            dx = ("unused",)
        elif self._done("tests") and c.differential.tests:
            dx = ("tests", c.id)
        elif self._ranked():
            dx = ("bedside", c.id)
        else:
            dx = ("locked", self._ranking_step())
        if c.tests.lsr == "none":
            lsr = ("unused",)
        else:
            lsr = ("shown", c.id) if self._done("tests") else ("locked", self._step_of("tests"))
        if c.treatment.decision_age is None:
            tx = ("unused",)
        elif self._done("treatment"):
            tx = ("shown", c.id, self._decision_age())
        else:
            tx = ("locked", self._step_of("treatment"))
        return {"face": face, "dx": dx, "lsr": lsr, "tx": tx}

    def _decision_age(self) -> int:
        return self._age_override if self._age_override is not None else self.case.treatment.decision_age

    def _run(self) -> DecisionRun:
        key = (self.case.id, self._decision_age())
        if key not in self._runs:
            self._runs[key] = run_decision(self.case, self._decision_age())
        return self._runs[key]

    # -- controls -------------------------------------------------------------------------------------

    def go(self, delta: int) -> None:
        self.index = min(max(self.index + delta, 0), len(self.steps) - 1)
        self._render()

    def _restart(self) -> None:
        self.index = 0
        for q in self.case.questions:
            if (self.case.id, q.id) in self.cards:
                self.cards[(self.case.id, q.id)].reset()
        if self.case.id in self.tasks:
            self.tasks[self.case.id].reset()
        self._age_override = None
        self._render()

    def _change_case(self, change=None) -> None:
        self.case = model.case(self.case_picker.value)
        self.steps = model.steps(self.case)
        self._restart()

    def _change_age(self, change=None) -> None:
        if self._syncing or self.case.treatment.decision_age is None:
            return
        self._age_override = int(self.age.value)
        self._render()

    def _current_question(self) -> model.Question:
        q = self.steps[self.index].question
        if q is None:
            raise ValueError("there is no question at this step; press Next step")
        return q

    @property
    def choices(self):
        """The option buttons of this step's question (its quiz card's RadioButtons)."""
        return self.card(self._current_question()).choices

    def check_answer(self) -> bool | None:
        """Check the chosen option of this step's question (as its Check answer button does); True when right."""
        card = self.card(self._current_question())
        card.check()
        return None if card.answered is None else quiz.grade(card.question, card.chosen())

    def show_answer(self) -> None:
        self.card(self._current_question()).show_key()

    def _case_cards(self) -> list[QuestionCard]:
        return [self.cards[(self.case.id, q.id)] for q in self.case.questions if (self.case.id, q.id) in self.cards]

    def score(self) -> tuple[int, int]:
        """Right at the first try (the quiz's rule: a second try after the hint teaches, it does not score)."""
        return sum(card.answered is True for card in self._case_cards()), len(self.case.questions)

    def _checked(self) -> None:
        """A question was checked: redraw (a finished item opens its charts) and save the case's score."""
        self._render()
        right, total = self.score()
        tried = sum(card.answered is not None for card in self._case_cards())
        status = progress.save_quiz(f"06-clinical-cases/{self.case.id}", right, total, tried)
        if status.messages:
            self.show_message(status.text, kind="note" if status.ok else "message")

    # -- drawing ----------------------------------------------------------------------------------------

    def _face_target(self, look: tuple) -> tuple[dict, dict, str]:
        c = self.case
        if look[0] == "neutral":
            return {}, {}, f"Case {c.order}: the examination comes at step 2"
        if look[0] == "anatomy":
            states, labels = model.anatomy_paint(c)
            return states, labels, f"The branches involved<br><sup>{BRANCH_KEY}</sup>"
        return c.face.states, c.face.labels, face_title(c)

    def _paint_face(self, look: tuple) -> None:
        """The painter touches only the muscles whose look changes."""
        states, labels, title = self._face_target(look)
        self.face.paint(states, labels=labels, title=title)

    def _story_html(self) -> str:
        c = self.case
        parts = [case_header_html(c), history_html(c)]
        for i, s in enumerate(self.steps[1 : self.index + 1], start=1):
            if s.kind == "examination":
                parts.append(examination_html(c))
            elif s.kind == "ranking" and i < self.index:
                parts.append(past_ranking_html(c, self.tasks.get(c.id)))
            elif s.kind == "question" and i < self.index:
                card = self.cards.get((c.id, s.question.id))
                chosen = sorted(card.chosen()) if card is not None else []
                first = card.answered if card is not None else None
                parts.append(past_question_html(c, s.question, chosen[0] if chosen else None, first))
            elif s.kind == "summary":
                parts.append(summary_html(c, self.score()))
        return "".join(parts)

    def _render(self) -> None:
        c = self.case
        here = self.steps[self.index]
        n = len(self.steps)
        self.back.disabled = self.index == 0
        self.next.disabled = self.index == n - 1
        right, total = self.score()
        self.step_label.value = (
            f"&nbsp;<b>Step {self.index + 1} of {n}: {html.escape(here.title)}</b>"
            f"&nbsp;&nbsp;<small>(score {right} of {total})</small>"
        )
        self.story.value = self._story_html()
        if here.question is not None:
            card = self.card(here.question)
            self.point.value = point_html(c, here.question) if card.done else ""
            children = (card.box, self.point)
        elif here.kind == "ranking":
            children = (self.task().box,)
        else:
            children = ()
        if tuple(self.question_box.children) != children:
            self.question_box.children = children
        self.question_box.layout.display = None if children else "none"
        self._redraw()

    def _panel(self, name: str, key: tuple, make) -> str:
        """Panel HTML, built once per look and case (filling citations is the slow part)."""
        cache_key = (name, key, self.case.id)
        if cache_key not in self._panels:
            self._panels[cache_key] = make()
        return self._panels[cache_key]

    def _redraw(self) -> None:
        looks = self._looks()
        c = self.case
        if looks["face"] != self._shown["face"]:
            self._paint_face(looks["face"])
        dx_level, lsr_level, tx_level = looks["dx"][0], looks["lsr"][0], looks["tx"][0]
        if looks["dx"] != self._shown["dx"]:
            paint_dx(self.dx_figure, c, dx_level, self._step_of("differential"))
        self.dx_panel.value = self._panel("dx", looks["dx"], lambda: dx_panel_html(c, dx_level))
        if looks["lsr"] != self._shown["lsr"]:
            paint_lsr(self.lsr_figure, c, lsr_level, self._step_of("tests"))
        self.lsr_panel.value = self._panel(
            "lsr",
            looks["lsr"],
            lambda: "" if lsr_level == "locked" else f"<p class='hfs-note'>{_text(c.tests.note)}</p>",
        )
        run = self._run() if tx_level == "shown" else None
        if looks["tx"] != self._shown["tx"]:
            paint_treatment(self.tx_figure, c, run, tx_level, self._step_of("treatment"))
        self.tx_panel.value = self._panel("tx", looks["tx"], lambda: treatment_panel_html(c, run, tx_level))
        uses_model = tx_level == "shown"
        self.age.layout.display = None if uses_model else "none"
        if uses_model and self.age.value != self._decision_age():
            self._syncing = True  # setting the box to the case's age is not a learner's change
            try:
                self.age.value = self._decision_age()
            finally:
                self._syncing = False
        for name, box in self._chart_boxes.items():
            box.layout.display = "none" if looks[name][0] in ("locked", "unused") else None
        self._shown = looks

    def figures(self):
        return [
            (self.face.figure, FACE_HEIGHT),
            (self.dx_figure, DX_HEIGHT),
            (self.lsr_figure, LSR_HEIGHT),
            (self.tx_figure, TX_HEIGHT),
        ]

    def rescale(self) -> None:
        super().rescale()
        self.face.rescale()
        self.face_box.layout.width = f"{round(FACE_WIDTH * style.height_scale()) + 4}px"
        for name, fig, width in (
            ("dx", self.dx_figure, DX_WIDTH),
            ("lsr", self.lsr_figure, LSR_WIDTH),
            ("tx", self.tx_figure, TX_WIDTH),
        ):
            # widths grow with the text (style.scale), not only with the heights: a title at presenter size was
            # clipped by a chart widened only by height_scale; the chart's box grows with it
            fig.layout.width = round(width * style.scale())
            self._chart_boxes[name].layout.width = f"{round(width * style.scale()) + 10}px"

    # -- without a kernel ---------------------------------------------------------------------------

    def static(self, case: str | None = None) -> "CaseStaticForm":
        """Every case (or one) in full: the story, each question with a collapsible answer, and each figure after
        the question of its own stage (the live widget opens a chart only when its step is reached)."""
        chosen = [model.case(case)] if case else list(self.cases.values())
        sections, rows, alts, figures = [], [], [], []
        for c in chosen:
            stages = case_static_figures(c)
            section: list = [case_header_html(c), history_html(c), examination_html(c), *stages["examination"]]
            for q in c.questions:
                if q is c.question("differential") and c.differential.learner is not None:
                    section.append(static_ranking_html(c))  # the learner's differential before the course's
                section.append(static_question_html(c, q))
                if q is c.question(q.stage):  # a stage's figures after its first question
                    section.extend(stages.get(q.stage, []))
                rows.append([f"Case {c.order}", q.stage, evidence.fill(q.stem), q.options[q.correct_index].text])
            section.append(summary_html(c))
            sections.append(section)
            pairs = [pair for stage in stages.values() for pair in stage]
            figures.extend(fig for fig, _alt in pairs)
            alts.append(f"Case {c.order}: " + " ".join(alt for _fig, alt in pairs))
        title = "Clinical cases: synthetic patients, worked step by step" if not case else _case_label(chosen[0])
        return CaseStaticForm(
            title=title,
            alt=" ".join(alts),
            figures=figures,
            headers=["Case", "Stage", "Question", "Answer"],
            rows=rows,
            sections=sections,
        )
