"""Lesson 3, widget 3: the case trainer (CaseTrainer)."""

from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np

from ... import evidence
from ...ui.base import StaticForm, View, columns
from ...ui.charts import paint_probabilities
from ...ui.html import pct
from .. import model
from ..report import NAMES, SHORT, _cite, _fmt_lr
from .common import CHART_HEIGHT, probability_figure

# --- 3. Case trainer ---------------------------------------------------------------------------


class CaseTrainer(View):
    """Generated vignettes: pick the diagnosis and the next step; feedback names the deciding findings."""

    def __init__(self, seed: int = 2024, include_mimics: bool = False):
        super().__init__()
        self.seed = seed
        self.count = 0
        self.case: model.Case | None = None
        self.scored = False
        self.right_dx = self.right_test = self.cases_checked = 0
        self.include_mimics = ipw.Checkbox(value=include_mimics, description="Include the other mimics", indent=False)
        self.harder = ipw.Checkbox(value=False, description="Less typical cases", indent=False)
        self.new_case = ipw.Button(description="New case", icon="refresh", tooltip="Draw a new patient")
        self.vignette = ipw.HTML()
        self.diagnosis = ipw.RadioButtons(
            options=self._dx_options(),
            value=None,
            description="Diagnosis:",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="auto", margin="0 32px 0 0"),
        )
        self.next_test = ipw.RadioButtons(
            options=[(t, k) for k, t in model.NEXT_TESTS.items()],
            value=None,
            description="Next step:",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="auto"),
        )
        self.check = ipw.Button(description="Check", icon="check", button_style="primary")
        self.feedback = ipw.HTML()
        self.score = ipw.HTML()
        self.figure = probability_figure(height=CHART_HEIGHT - 30)
        self.new_case.on_click(lambda _: self.guarded(self._new_case)())
        self.check.on_click(lambda _: self.guarded(self._check)())
        self.include_mimics.observe(self.guarded(self._on_pool), names="value")
        self.harder.observe(self.guarded(self._new_case), names="value")
        self._new_case()
        controls = ipw.VBox(
            [
                ipw.HBox([self.new_case, self.include_mimics, self.harder]),
                self.vignette,
                ipw.HBox([self.diagnosis, self.next_test], layout=ipw.Layout(flex_flow="row wrap")),
                ipw.HBox([self.check, self.score]),
                self.feedback,
            ]
        )
        self._build([columns(controls, self.figure, side=(self.figure,))], label="case trainer")

    def _dx_options(self):
        keys = model.DIAGNOSES if self.include_mimics.value else model.MAIN
        return [(NAMES[k], k) for k in keys]

    def _on_pool(self, change=None) -> None:
        self.diagnosis.options = self._dx_options()
        self.diagnosis.value = None
        self._new_case()

    def _new_case(self, change=None) -> None:
        self.case = model.generate_case(
            self.seed + self.count, classic=not self.harder.value, include_mimics=self.include_mimics.value
        )
        self.count += 1
        self.scored = False
        self.diagnosis.value = None
        self.next_test.value = None
        self.feedback.value = ""
        self.vignette.value = (
            f"<div class='hfs-note'><b>Case {self.count}.</b> {html.escape(self.case.vignette())}</div>"
        )
        prior = model.prior_vector(self.case.setting)
        paint_probabilities(self.figure, prior, None, f"Case {self.count}: pre-test probabilities in this setting")
        self._show_score()

    def _show_score(self) -> None:
        n = self.cases_checked
        self.score.value = (
            f"&nbsp;<b>Score:</b> diagnosis {self.right_dx}/{n}, next step {self.right_test}/{n} "
            f"({n} case{'s' if n != 1 else ''} checked)"
        )

    def _check(self, change=None) -> None:
        case = self.case
        if self.diagnosis.value is None or self.next_test.value is None:
            self.feedback.value = (
                "<div class='hfs-message' role='status'>Choose a diagnosis and a next step first, "
                "then press Check.</div>"
            )
            return
        pick, test = self.diagnosis.value, self.next_test.value
        prior = model.prior_vector(case.setting)
        post = model.posterior(case.setting, case.observations)
        dx_ok, test_ok = pick == case.condition, test == case.best_test
        if not self.scored:
            self.scored = True
            self.cases_checked += 1
            self.right_dx += dx_ok
            self.right_test += test_ok
            self._show_score()
        paint_probabilities(
            self.figure,
            prior,
            post,
            f"Case {self.count}: after the findings, {SHORT[model.ranked(post)[0][0]]} {model.ranked(post)[0][1]:.0%}",
        )
        self.feedback.value = f"<div role='status'>{case_feedback_html(case, pick, test, post)}</div>"

    def figures(self):
        return [(self.figure, CHART_HEIGHT - 30)]

    def static(self) -> StaticForm:
        """A worked case as the live trainer shows it before Check (pre-test bars); the findings' LRs, the
        probabilities after them, the diagnosis and the next step behind the fold (section 6 asks the learner
        to commit to both first)."""
        case = model.generate_case(11, "hfs")
        prior = model.prior_vector(case.setting)
        post = model.posterior(case.setting, case.observations)
        fig = probability_figure(widget=False, height=CHART_HEIGHT - 30)
        paint_probabilities(fig, prior, None, "Worked case: pre-test probabilities in this setting")
        (lead, p_lead), (runner, p_runner) = model.ranked(post)[:2]
        rows = [
            [model.FINDINGS[k].text(v), f"{lr:.2g}", evidence.label(model.FINDINGS[k].p[case.condition][1])]
            for k, v, lr in model.deciding_findings(case.observations, case.condition, runner)
        ]
        rows += [
            [
                "After the findings",
                f"{SHORT[lead]} {pct(p_lead, bounded=True)}, {SHORT[runner]} {pct(p_runner, bounded=True)}",
                "",
            ],
            ["Answer: the diagnosis", NAMES[case.condition], ""],
            [
                "Answer: the next step",
                model.NEXT_TESTS[case.best_test],
                _labels(model.CONDITIONS[case.condition].best_test_evidence),
            ],
        ]
        return StaticForm(
            title=f"Worked case. {case.vignette()}",
            alt=(
                "Bar chart for the worked case: the pre-test probability of each diagnosis in this setting (grey "
                "hatched bars), as the live trainer shows it before Check. Decide on a diagnosis and a next step; "
                "under 'Show the answer' the table lists each finding with its likelihood ratio (LR), the "
                "probabilities after the findings, the diagnosis and the next step."
            ),
            figures=[fig],
            headers=["Finding", f"LR {SHORT[case.condition]} : {SHORT[runner]}", f"Source ({SHORT[case.condition]})"],
            rows=rows,
            fold_table="Show the answer",
        )


def _labels(ids) -> str:
    """Several evidence labels as one bracket, each source once."""
    parts = dict.fromkeys(part for e in ids for part in evidence.label(e).strip("[]").split("; "))
    return f"[{'; '.join(parts)}]"


def case_feedback_html(case: model.Case, pick: str, test: str, post: np.ndarray) -> str:
    truth = case.condition
    ranking = model.ranked(post)
    other = pick if pick != truth else next(d for d, _ in ranking if d != truth)
    verdict = (
        "<p><b>✔ Diagnosis right:</b> " if pick == truth else f"<p><b>✘ Diagnosis: not {html.escape(SHORT[pick])}.</b> "
    ) + f"This patient has {html.escape(NAMES[truth])}.</p>"
    deciding = model.deciding_findings(case.observations, truth, other)[:3]
    lines = []
    for key, value, lr in deciding:
        f = model.FINDINGS[key]
        p_t = f.p[truth][0] if value else 1 - f.p[truth][0]
        p_o = f.p[other][0] if value else 1 - f.p[other][0]
        srcs = "; ".join(dict.fromkeys(_cite(f.p[d][1]) for d in (truth, other)))
        lines.append(
            f"<li>{html.escape(f.text(value))}: {p_t:.2g} in {html.escape(SHORT[truth])} vs {p_o:.2g} in "
            f"{html.escape(SHORT[other])}, LR {_fmt_lr(lr)} ({srcs})</li>"
        )
    why = (
        (
            f"<p>The findings that separate {html.escape(SHORT[truth])} from {html.escape(SHORT[other])} most:</p>"
            f"<ul>{''.join(lines)}</ul>"
        )
        if lines
        else ""
    )
    top, p_top = ranking[0]
    bayes = (
        f"<p>All findings together: {html.escape(SHORT[top])} {p_top:.0%}"
        + (
            ""
            if top == truth
            else f" (this patient is the less likely case: {html.escape(SHORT[truth])} "
            f"{post[model.DIAGNOSES.index(truth)]:.0%})"
        )
        + ".</p>"
    )
    cond = model.CONDITIONS[truth]
    test_line = (
        "<p><b>✔ Next step right:</b> "
        if test == case.best_test
        else f"<p><b>✘ Next step:</b> not “{html.escape(model.NEXT_TESTS[test])}”. Better: "
    ) + f"{html.escape(model.NEXT_TESTS[case.best_test])} ({'; '.join(_cite(e) for e in cond.best_test_evidence)}).</p>"
    flags = model.red_flags(case.observations)
    flag_line = ""
    if flags:
        flag_line = (
            "<p>Red flags in this case (they ask why, and call for a look for a cause): "
            + "; ".join(
                html.escape(model.FINDINGS[f.finding].present.lower())
                + (f" (think of: {html.escape(f.route)})" if f.route else "")
                for f in flags
            )
            + ".</p>"
        )
    return verdict + why + bayes + test_line + flag_line
