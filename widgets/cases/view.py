"""Lesson 5, the capstone: walk through a clinical case step by step with the lessons' own widgets.

One class, CaseWalkthrough: a case picker; the history, then the examination, then one question per
stage (anatomy, differential, tests, treatment) with feedback, then a summary. Beside the story the
face of lesson 1 shows the patient; under it the Bayesian differential of lesson 3 is set to the
case's setting and findings, lesson 2's lateral-spread-response schematic shows the EMG, and lesson 4's
decision model runs at the patient's age. Each chart stays locked until its step is reached.

Every figure is built in its first state before its FigureWidget exists (a FigureWidget edited
before display loses the edits in the browser) and is changed afterwards only by the learner.
The clinical content lives in lessons/cases/*.yaml; this module only draws it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import partial

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from .. import evidence
from ..ui import charts, style
from ..ui.livefigure import LiveFigure
from ..ui.base import StaticForm, View
from ..ui.html import WIDE, pct
from ..differential import model as dmodel
from ..differential import report as dreport
from ..face import MUSCLES, short_name
from ..ui.faceplot import FacePainter, face_figure
from ..progression import model as pmodel
from ..treatment import model as tmodel
from ..treatment import outcomes
from . import model

FACE_HEIGHT = 440
FACE_WIDTH = 440
DX_HEIGHT = 400
DX_WIDTH = 560
LSR_HEIGHT = 330
LSR_WIDTH = 560
TX_HEIGHT = 330
TX_WIDTH = 620
BRANCH_KEY = "T temporal · Z zygomatic · B buccal · MM marginal mandibular · C cervical"
TX_STATES = (  # decision-model state, label, colour, pattern: colour plus pattern plus a word in the legend
    ("spasm_free", "spasm-free", style.OKABE_ITO["bluish_green"], ""),
    ("on_toxin", "controlled on toxin", style.OKABE_ITO["blue"], "/"),
    ("with_spasm", "with spasm (uncontrolled)", style.OKABE_ITO["vermillion"], "x"),
)
CSS = """<style>
.hfs-case-options .widget-radio-box { width: 100%; }
.hfs-case-options .widget-radio-box label { white-space: normal !important; height: auto !important;
  line-height: 1.35 !important; display: flex !important; align-items: flex-start; margin: 0 0 6px 0; }
.hfs-case-options .widget-radio-box input { margin: 3px 8px 0 0; flex: 0 0 auto; }
.hfs-case-story, .hfs-case-story .widget-html-content { line-height: 1.45 !important; }
.hfs-case-story h4 { margin: 4px 0; } .hfs-case-story h5 { margin: 10px 0 2px 0; font-size: 1.1em; }
.hfs-case-story p, .hfs-case-story ul { margin: 2px 0 6px 0; }
</style>"""


def _text(template: str) -> str:
    """A case text as HTML: {ID} templates filled with the figure and its citation, then escaped."""
    return html.escape(evidence.fill(template))


class FixedWidthFace(FacePainter):
    """The course's face at a fixed width with narrow side margins, so it sits beside the story."""

    def __init__(self, title: str, width: int, height: int):
        super().__init__(title, height=height, width=width)
        self._plain.layout.margin.update(l=5, r=5)


def face_title(c: model.Case) -> str:
    title = html.escape(c.face.title)
    return f"{title}<br><sup>{html.escape(c.face.subtitle)}</sup>" if c.face.subtitle else title


_pct = partial(pct, bounded=True)  # '>99%' rather than a rounded '100%' that reads as certainty


def _case_label(c: model.Case) -> str:
    return f"Case {c.order}: {c.title}"


def _lock_note(word: str, step_number: int) -> str:
    return f"Reached at step {step_number}: {word}"


# --- the three charts: each built in any state on a plain figure or a FigureWidget ------------------


def dx_figure(widget: bool = False) -> go.Figure:
    """Lesson 3's probability chart with one extra annotation for the locked / not-used message."""
    fig = charts.probability_figure([dreport.SHORT[d] for d in dmodel.DIAGNOSES], widget=False, height=DX_HEIGHT)
    fig.update_layout(width=DX_WIDTH, margin=dict(l=160, r=20, t=60, b=80),
                      annotations=[dict(x=0.5, y=0.5, xref="paper", yref="paper", text="", showarrow=False,
                                        font=dict(size=style.font_px(1.0)), bgcolor="#FFFFFF", visible=False)])
    return LiveFigure(fig) if widget else fig


def paint_dx(fig, c: model.Case, level: str, step_number: int = 0) -> None:
    """level: locked (not reached), pre (the setting only), bedside, tests, or unused."""
    n = len(dmodel.DIAGNOSES)
    zeros = np.zeros(n)
    if level in ("locked", "unused") or c.differential.setting is None:
        message = ("Not used in this case (see the note below)" if level == "unused" or c.differential.setting is None
                   else _lock_note("the differential", step_number))
        charts.paint_probabilities(fig, zeros, None, "Lesson 3: the Bayesian differential")
        fig.layout.annotations[0].update(text=message, visible=True)
        return
    prior = dmodel.prior_vector(c.differential.setting)
    setting = dmodel.SETTINGS[c.differential.setting].name
    if level == "pre":
        charts.paint_probabilities(fig, prior, None, f"{setting}:<br>before the findings")
    else:
        post = dmodel.posterior(c.differential.setting, model.findings_at(c, level))
        lead, p = dmodel.ranked(post)[0]
        when = "history and examination" if level == "bedside" else "the tests"
        charts.paint_probabilities(fig, prior, post, f"After {when}: {dreport.SHORT[lead]} {_pct(p)}"
                                                    f"<br><sup>{html.escape(setting)}</sup>")
    fig.layout.annotations[0].visible = False


def dx_panel_html(c: model.Case, level: str) -> str:
    if c.differential.setting is None or level == "unused":
        return f"<p class='hfs-note'>{_text(c.differential.note)}</p>"
    if level == "locked":
        return ""
    setting = dmodel.SETTINGS[c.differential.setting]
    sources = "; ".join(dreport._cite(e) for e in setting.evidence) if setting.evidence else ""
    head = f"<p><b>Setting:</b> {html.escape(setting.name)}. Pre-test probabilities: {sources}.</p>"
    if level == "pre":
        return head + "<p><i>Predict first:</i> how far will the history and examination move these bars?</p>"
    obs = model.findings_at(c, level)
    prior = dmodel.prior_vector(c.differential.setting)
    post = dmodel.posterior(c.differential.setting, obs)
    ranking = dmodel.ranked(post)
    table = dreport.lr_table_html(obs, prior, post, ranking[0][0], ranking[1][0])
    note = f"<p class='hfs-note'>{_text(c.differential.note)}</p>" if c.differential.note else ""
    return (head + dreport.red_flags_html(obs) + note +
            f"<details><summary>The arithmetic: pre-test odds × likelihood ratios</summary>{table}</details>")


def lsr_figure(widget: bool = False) -> go.Figure:
    """Lesson 2's lateral-spread-response schematic, with plain lists and a locked / not-used message."""
    rec = pmodel.lateral_spread_response("zygomatic", "mentalis", "healthy")
    fig = charts.lsr_figure(rec.t_ms, rec.direct, rec.recorded, _lsr_ticks(rec), _lsr_title(rec), pmodel.LSR_LATENCY_MS,
                            widget=False, height=LSR_HEIGHT)
    for trace in fig.data:  # plain lists: numpy arrays reach a FigureWidget as buffers it did not draw
        trace.x = np.round(np.asarray(trace.x, dtype=float), 3).tolist()
        trace.y = np.round(np.asarray(trace.y, dtype=float), 4).tolist()
    fig.update_layout(width=LSR_WIDTH, margin=dict(l=190, r=20, t=95, b=50))
    fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", text="", showarrow=False, bgcolor="#FFFFFF",
                       font=dict(size=style.font_px(1.0)), visible=False)
    return LiveFigure(fig) if widget else fig


def _lsr_ticks(rec) -> list[str]:
    return [f"{short_name(rec.stimulated_muscle)} ({rec.stimulated_branch})", f"{short_name(rec.recorded_muscle)} (recorded)"]


def _lsr_title(rec) -> str:
    if rec.lsr_present:
        return f"Nerve compressed:<br>lateral spread response at {rec.latency_ms:.0f} ms"
    return "After decompression:<br>no lateral spread response"


def paint_lsr(fig, c: model.Case, level: str, step_number: int = 0) -> None:
    """level: locked, shown, or unused (the case uses no EMG)."""
    rec = model.lsr_recording(c)
    with fig.batch_update():
        if level == "shown" and rec is not None:
            charts.paint_lsr(fig, rec.direct, rec.recorded)
            for trace in fig.data:
                trace.visible = True
            fig.layout.yaxis.ticktext = _lsr_ticks(rec)
            fig.layout.title.text = _lsr_title(rec)
            fig.layout.annotations[-1].visible = False
            fig.layout.annotations[0].visible = True
            fig.layout.shapes[0].visible = True
            return
        for trace in fig.data:
            trace.visible = False
        fig.layout.annotations[0].visible = False
        fig.layout.shapes[0].visible = False
        fig.layout.title.text = "Lesson 2: the lateral spread<br>response (EMG)"
        message = (_lock_note("the tests", step_number) if level == "locked" and rec is not None
                   else "No EMG in this case (see the note below)")
        fig.layout.annotations[-1].update(text=message, visible=True)


def treatment_figure(widget: bool = False) -> go.Figure:
    """Expected years of remaining life by state, for each strategy of lesson 4's decision model."""
    names = [tmodel.STRATEGY_LABELS[s] for s in tmodel.STRATEGIES]
    traces = [go.Bar(y=names, x=[0.0] * len(names), orientation="h", name=label, text=[""] * len(names),
                     textposition="inside", insidetextanchor="middle",
                     marker=dict(color=colour, pattern=dict(shape=pattern, fgcolor="#FFFFFF", size=7),
                                 line=dict(color="#333333", width=0.5)),
                     hovertemplate="%{y}: %{x:.1f} years " + label + "<extra></extra>")
              for _key, label, colour, pattern in TX_STATES]
    layout = style.figure_layout(
        height=TX_HEIGHT, width=TX_WIDTH, barmode="stack", title=dict(text="Lesson 4: the decision model", x=0.02, xanchor="left"),
        xaxis=dict(title="expected years of life left (undiscounted)", rangemode="tozero", fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True), legend=dict(orientation="h", y=-0.32, x=0),
        margin=dict(l=230, r=20, t=60, b=100),
        annotations=[dict(x=0.5, y=0.5, xref="paper", yref="paper", text="", showarrow=False, bgcolor="#FFFFFF",
                          font=dict(size=style.font_px(1.0)), visible=False)])
    fig = go.Figure(data=traces, layout=layout)
    return LiveFigure(fig) if widget else fig


@dataclass
class DecisionRun:
    """The decision model at one age: the result and the years per state of each strategy."""

    age: int
    result: tmodel.ModelResult
    years: dict = field(default_factory=dict)  # strategy -> outcomes.state_years(...)


def run_decision(c: model.Case, age: int | None = None) -> DecisionRun:
    params = model.decision_parameters(c, age)
    result = tmodel.run_model(params)
    run = DecisionRun(int(params.age0), result)
    for s in tmodel.STRATEGIES:
        run.years[s] = outcomes.state_years(result.strategies[s].trace)
    return run


def paint_treatment(fig, c: model.Case, run: DecisionRun | None, level: str, step_number: int = 0) -> None:
    """level: locked, shown (needs run), or unused (the case does not use the decision model)."""
    with fig.batch_update():
        if level == "shown" and run is not None:
            for i, (key, _label, _colour, _pattern) in enumerate(TX_STATES):
                values = [run.years[s][key] for s in tmodel.STRATEGIES]
                fig.data[i].x = [round(v, 2) for v in values]
                fig.data[i].text = [f"{v:.0f}" if v >= 1.5 else "" for v in values]
            who = "woman" if c.female else "man"
            alive = run.years["botox_first"]["alive"]
            fig.layout.title.text = (f"A {who} aged {run.age}: about {alive:.0f} years of life left,<br>"
                                     f"<sup>and how each strategy spends them (decision model of lesson 4)</sup>")
            fig.layout.annotations[0].visible = False
            return
        for trace in fig.data:
            trace.x = [0.0] * len(tmodel.STRATEGIES)
            trace.text = [""] * len(tmodel.STRATEGIES)
        fig.layout.title.text = "Lesson 4: the decision model"
        message = (_lock_note("the treatment", step_number) if level == "locked" and c.treatment.decision_age is not None
                   else "Not used in this case (see the note below)")
        fig.layout.annotations[0].update(text=message, visible=True)


def treatment_panel_html(c: model.Case, run: DecisionRun | None, level: str) -> str:
    if level == "locked":
        return ""
    note = f"<p class='hfs-note'>{_text(c.treatment.note)}</p>"
    if run is None:
        return note
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in outcomes.decision_summary(run.result))
    return (note + f"<p><b>In plain words, for a patient aged {run.age}</b> (expected values):</p><ul>{lines}</ul>"
            f"<p class='hfs-note'><small>{evidence.html_cite('L5-DECISION')}</small></p>")


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
    return (f"<div role='status'>{verdict}{_option_feedback_html(q, chosen)}"
            f"<p><b>The point:</b> {_text(q.explanation)}</p></div>")


def stage_extra_html(c: model.Case, q: model.Question) -> str:
    """What a stage reveals once its question is answered (the tests' results)."""
    if q.stage == "tests":
        return f"<p><b>Results:</b> {_text(c.tests.results)}</p>"
    return ""


def case_header_html(c: model.Case) -> str:
    return (f"<h4>{html.escape(_case_label(c))}</h4>"
            f"<p class='hfs-note'><small><b>Synthetic patient.</b> {evidence.html_cite('L5-CASES')}</small></p>")


def history_html(c: model.Case) -> str:
    return f"<h5>History</h5><p>{_text(c.history)}</p>"


def examination_html(c: model.Case) -> str:
    items = "".join(f"<li>{_text(e)}</li>" for e in c.examination)
    return f"<h5>Examination</h5><ul>{items}</ul>"


def summary_html(c: model.Case, score: tuple[int, int] | None = None) -> str:
    findings = "".join(f"<li>{_text(t)}</li>" for t in c.decisive_findings)
    scored = f"<p><b>Your score:</b> {score[0]} of {score[1]} first answers right.</p>" if score else ""
    return (f"<h5>Summary</h5><p><b>Diagnosis:</b> {html.escape(c.diagnosis)}.</p>"
            f"<p><b>The findings that decided it:</b></p><ul>{findings}</ul>"
            f"<p><b>What this case teaches:</b> {_text(c.focus)}</p>{scored}")


def past_question_html(c: model.Case, q: model.Question, chosen: int | None, first_right: bool | None) -> str:
    correct = q.options[q.correct_index]
    if first_right is None:
        yours = " <i>(not answered)</i>" if chosen is None else ""
    else:
        yours = " ✔ (right first time)" if first_right else " ✘ (not right first time)"
    return (f"<h5>{html.escape(q.stage.capitalize())}</h5><p>{_text(q.stem)}</p>"
            f"<p><b>Answer:</b> {html.escape(correct.text)}.{yours}</p>"
            f"<p>{_text(q.explanation)}</p>{stage_extra_html(c, q)}")


# --- the widget --------------------------------------------------------------------------------------


class CaseWalkthrough(View):
    """One case at a time, step by step: history, examination, a question per stage, a summary."""

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
        self.answers: dict[str, dict] = {}  # question id -> {"chosen": int | None, "revealed": bool, "first": bool | None}
        self._age_override: int | None = None
        self._runs: dict[tuple[str, int], DecisionRun] = {}
        self._story_cache: dict = {}

        self.case_picker = ipw.Dropdown(options=[(_case_label(c), c.id) for c in self.cases.values()], value=self.case.id,
                                        description="Case:", style=WIDE, layout=ipw.Layout(width="auto", max_width="100%"))
        self.back = ipw.Button(description="◀ Back", tooltip="Previous step", layout=ipw.Layout(width="auto"))
        self.next = ipw.Button(description="Next step ▶", tooltip="Reveal the next step", button_style="primary",
                               layout=ipw.Layout(width="auto"))
        self.restart = ipw.Button(description="Start the case again", icon="refresh", tooltip="Back to the history, answers cleared",
                                  layout=ipw.Layout(width="auto"))
        self.step_label = ipw.HTML()
        self.story = ipw.HTML()
        self.story.add_class("hfs-case-story")
        self.stem = ipw.HTML()
        self.choices = ipw.RadioButtons(options=[], value=None, layout=ipw.Layout(width="100%"))
        self.choices.add_class("hfs-case-options")
        self.check = ipw.Button(description="Check answer", icon="check", button_style="primary",
                                tooltip="Check your answer", layout=ipw.Layout(width="auto"))
        self.show = ipw.Button(description="Show answer", icon="eye", tooltip="Reveal the answer without choosing",
                               layout=ipw.Layout(width="auto"))
        self.feedback = ipw.HTML()
        for part in (self.stem, self.feedback):
            part.add_class("hfs-case-story")
        self.question_box = ipw.VBox([self.stem, self.choices, ipw.HBox([self.check, self.show]), self.feedback],
                                     layout=ipw.Layout(border="1px solid #CCCCCC", padding="6px", margin="6px 0"))
        # A number box, not a slider: the slider's handle has no accessible name (axe-core).
        self.age = ipw.BoundedIntText(value=self.case.age, min=20, max=90, step=1,
                                      description="What if the patient were aged (20–90):", style=WIDE,
                                      layout=ipw.Layout(width="340px"))
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
        self.face_box = ipw.Box([self.face.figure], layout=ipw.Layout(width=f"{round(FACE_WIDTH * style.scale()) + 4}px",
                                                                     flex="0 0 auto"))

        self.case_picker.observe(self.guarded(self._change_case), names="value")
        self.back.on_click(self.guarded(lambda _b: self.go(-1)))
        self.next.on_click(self.guarded(lambda _b: self.go(+1)))
        self.restart.on_click(self.guarded(lambda _b: self._restart()))
        self.check.on_click(self.guarded(lambda _b: self.check_answer()))
        self.show.on_click(self.guarded(lambda _b: self.show_answer()))
        self.age.observe(self.guarded(self._change_age), names="value")
        self._render()

        story = ipw.VBox([self.story, self.question_box], layout=ipw.Layout(flex="1 1 360px", min_width="300px"))
        charts = ipw.HBox([ipw.VBox([self.dx_figure, self.dx_panel], layout=ipw.Layout(width=f"{DX_WIDTH + 10}px")),
                           ipw.VBox([self.lsr_figure, self.lsr_panel], layout=ipw.Layout(width=f"{LSR_WIDTH + 10}px"))],
                          layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start"))
        self._build([
            ipw.HTML(CSS),
            ipw.HBox([self.case_picker, self.restart], layout=ipw.Layout(flex_flow="row wrap")),
            ipw.HBox([self.back, self.next, self.step_label], layout=ipw.Layout(flex_flow="row wrap", align_items="center")),
            ipw.HBox([story, self.face_box], layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start")),
            ipw.HTML("<h4>The lessons' widgets for this case</h4><p><small>Each chart opens when its step is "
                     "reached: the differential (lesson 3), the EMG (lesson 2) and the decision model (lesson 4).</small></p>"),
            charts,
            ipw.VBox([self.tx_figure, self.age, self.tx_panel], layout=ipw.Layout(width=f"{TX_WIDTH + 10}px", max_width="100%")),
        ], label="clinical case walkthrough")

    # -- state ----------------------------------------------------------------------------------------

    def _step_of(self, stage: str) -> int:
        """The 1-based step number of a stage's question."""
        return next(i for i, s in enumerate(self.steps, 1) if s.question is not None and s.question.stage == stage)

    def _done(self, stage: str) -> bool:
        """A stage's answer is out once its question was checked, revealed, or left behind (the feedback
        of any check explains every option, as the course's quizzes do)."""
        i = self._step_of(stage) - 1
        if self.index != i:
            return self.index > i
        a = self.answers.get(self.steps[i].question.id, {})
        return a.get("revealed", False) or a.get("chosen") is not None

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
        elif self._done("differential"):
            dx = ("bedside", c.id)
        elif self.index >= self._step_of("differential") - 1:
            dx = ("pre", c.differential.setting)
        else:
            dx = ("locked", self._step_of("differential"))
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
        self.answers = {}
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

    def check_answer(self) -> bool | None:
        q = self._current_question()
        if self.choices.value is None:
            self.feedback.value = ("<div class='hfs-message' role='status'>Choose an answer first, then press "
                                   "Check answer.</div>")
            return None
        right = model.grade(q, int(self.choices.value))
        a = self.answers.setdefault(q.id, {"chosen": None, "revealed": False, "first": None})
        a["chosen"] = int(self.choices.value)
        if a["first"] is None and not a["revealed"]:
            a["first"] = right
        self._render()
        return right

    def show_answer(self) -> None:
        q = self._current_question()
        a = self.answers.setdefault(q.id, {"chosen": None, "revealed": False, "first": None})
        a["revealed"] = True
        self._render()

    def score(self) -> tuple[int, int]:
        firsts = [a.get("first") for a in self.answers.values()]
        return sum(f is True for f in firsts), len(self.case.questions)

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
        for i, s in enumerate(self.steps[1:self.index + 1], start=1):
            if s.kind == "examination":
                parts.append(examination_html(c))
            elif s.kind == "question" and i < self.index:
                a = self.answers.get(s.question.id, {})
                parts.append(past_question_html(c, s.question, a.get("chosen"), a.get("first")))
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
        self.step_label.value = (f"&nbsp;<b>Step {self.index + 1} of {n}: {html.escape(here.title)}</b>"
                                 f"&nbsp;&nbsp;<small>(score {right} of {total})</small>")
        self.story.value = self._story_html()
        if here.question is not None:
            q = here.question
            a = self.answers.get(q.id, {})
            options = [(f"{chr(65 + i)}. {o.text}", i) for i, o in enumerate(q.options)]
            if list(self.choices.options) != options:
                self.choices.options = options
            self.choices.value = a.get("chosen")
            self.stem.value = f"<h5>{html.escape(here.title)}</h5><p><b>{_text(q.stem)}</b></p>"
            self.feedback.value = question_result_html(q, a.get("chosen"), a.get("revealed", False))
            if self._done(q.stage):
                self.feedback.value += stage_extra_html(c, q)
            self.question_box.layout.display = None
        else:
            self.question_box.layout.display = "none"
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
            "lsr", looks["lsr"], lambda: "" if lsr_level == "locked" else f"<p class='hfs-note'>{_text(c.tests.note)}</p>")
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
        self._shown = looks

    def figures(self):
        return [(self.face.figure, FACE_HEIGHT), (self.dx_figure, DX_HEIGHT), (self.lsr_figure, LSR_HEIGHT),
                (self.tx_figure, TX_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        self.face.rescale()
        self.face_box.layout.width = f"{round(FACE_WIDTH * style.scale()) + 4}px"
        for fig, width in ((self.dx_figure, DX_WIDTH), (self.lsr_figure, LSR_WIDTH), (self.tx_figure, TX_WIDTH)):
            fig.layout.width = round(width * style.scale())

    # -- without a kernel ---------------------------------------------------------------------------

    def static(self, case: str | None = None) -> "CaseStaticForm":
        """Every case (or one) in full: the story, its figures, and each question with a collapsible answer."""
        chosen = [model.case(case)] if case else list(self.cases.values())
        sections, rows, alts = [], [], []
        for c in chosen:
            figs, fig_alts = case_static_figures(c)
            alts.append(f"Case {c.order}: " + " ".join(fig_alts))
            before = case_header_html(c) + history_html(c) + examination_html(c)
            after = "".join(static_question_html(c, q) for q in c.questions) + summary_html(c)
            sections.append((before, figs, after))
            for q in c.questions:
                rows.append([f"Case {c.order}", q.stage, evidence.fill(q.stem), q.options[q.correct_index].text])
        title = "Clinical cases: synthetic patients, worked step by step" if not case else _case_label(chosen[0])
        return CaseStaticForm(title=title, alt=" ".join(alts), figures=[f for s in sections for f in s[1]],
                              headers=["Case", "Stage", "Question", "Answer"], rows=rows, sections=sections)


def static_question_html(c: model.Case, q: model.Question) -> str:
    options = "".join(f"<li>{html.escape(o.text)}</li>" for o in q.options)
    return (f"<div class='hfs-quiz-q'><h5>{html.escape(q.stage.capitalize())}</h5><p><b>{_text(q.stem)}</b></p>"
            f"<ol type='A'>{options}</ol><details><summary>Show answer</summary>"
            f"{question_result_html(q, None, True)}{stage_extra_html(c, q)}</details></div>")


def case_static_figures(c: model.Case) -> tuple[list, list[str]]:
    """The case's face, differential, EMG and decision figures in their final state, with alt text."""
    figs, alts = [], []
    figs.append(face_figure(c.face.states, title=face_title(c), labels=c.face.labels))
    painted = ", ".join(f"{MUSCLES[m].name} ({s}): {style.STATE_CUES[state].word}" for (m, s), state in c.face.states.items())
    alts.append(f"Schematic face: {c.face.title}" + (f" ({c.face.subtitle})" if c.face.subtitle else "") + f". Painted: {painted}.")
    if c.differential.setting is not None:
        fig = dx_figure()
        level = "tests" if c.differential.tests else "bedside"
        paint_dx(fig, c, level)
        post = dmodel.posterior(c.differential.setting, model.findings_at(c, level))
        lead, p = dmodel.ranked(post)[0]
        figs.append(fig)
        alts.append(f"Bar chart of the Bayesian differential ({dmodel.SETTINGS[c.differential.setting].name}): grey hatched "
                    f"bars before the findings, blue bars after them; {dreport.NAMES[lead]} leads at {_pct(p)}.")
    if c.tests.lsr != "none":
        fig = lsr_figure()
        paint_lsr(fig, c, "shown")
        figs.append(fig)
        rec = model.lsr_recording(c)
        alts.append(f"EMG schematic: {_lsr_title(rec).replace('<br>', ' ').lower()}.")
    if c.treatment.decision_age is not None:
        run = run_decision(c)
        fig = treatment_figure()
        paint_treatment(fig, c, run, "shown")
        figs.append(fig)
        y = run.years
        alts.append(f"Stacked bars of the decision model at age {run.age}: about {y['botox_first']['alive']:.0f} years left; "
                    f"MVD now {y['mvd_now']['spasm_free']:.0f} spasm-free years; Botox first "
                    f"{y['botox_first']['on_toxin']:.0f} years controlled on toxin and {y['botox_first']['with_spasm']:.0f} "
                    "with spasm.")
    return figs, alts


@dataclass
class CaseStaticForm(StaticForm):
    """A StaticForm whose cases are laid out one after another: story, figures, questions with answers."""

    sections: list = field(default_factory=list)  # (html before the figures, [figures], html after)

    def table_html(self) -> str:
        return "".join(before + after for before, _figs, after in self.sections)

    def html(self) -> str:
        parts = [f"<div class='hfs-static'><h4>{html.escape(self.title)}</h4>"]
        for before, figs, after in self.sections:
            parts.append(before)
            for fig in figs:
                parts.append(f"<figure class='hfs-figure' role='group' aria-label='{html.escape(fig.layout.title.text or '')}'>"
                             + fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})
                             + "</figure>")
            parts.append(after)
        parts.append(f"<p class='hfs-alt'><b>What the figures show:</b> {html.escape(self.alt)}</p></div>")
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


# --- make bench ---------------------------------------------------------------------------------------


def bench_cases():
    """One click per call, figure updates included: change case, next step, check an answer, change age."""
    picker = CaseWalkthrough()
    stepper = CaseWalkthrough()
    checker = CaseWalkthrough("secondary-hfs")
    checker.index = checker._step_of("differential") - 1
    checker._render()
    ager = CaseWalkthrough("older-patient")
    ager.index = len(ager.steps) - 1
    ager._render()
    ids = list(picker.cases)
    state = {"case": 0, "choice": 0, "age": 0}
    ages = list(range(25, 90))  # a new age each call: the decision model runs every time

    def change_case():
        state["case"] = (state["case"] + 1) % len(ids)
        picker.case_picker.value = ids[state["case"]]

    def next_step():
        if stepper.next.disabled:
            stepper._panels.clear()  # measure first visits: nothing cached from the last round
            stepper._runs.clear()
            stepper.case_picker.value = ids[(ids.index(stepper.case.id) + 1) % len(ids)]
        else:
            stepper.next.click()

    def check_answer():
        state["choice"] = (state["choice"] + 1) % 4
        checker.choices.value = state["choice"]
        checker.check.click()

    def change_age():
        state["age"] = (state["age"] + 1) % len(ages)
        ager.age.value = ages[state["age"]]

    return [
        ("cases: walkthrough, change case", change_case),
        ("cases: walkthrough, next step", next_step),
        ("cases: walkthrough, check an answer", check_answer),
        ("cases: walkthrough, change the age (decision model)", change_age),
    ]


__all__ = ["CaseWalkthrough", "CaseStaticForm", "cases_table", "bench_cases", "dx_figure", "paint_dx",
           "lsr_figure", "paint_lsr", "treatment_figure", "paint_treatment", "run_decision"]
