"""The learner's own differential (DifferentialTask): tick the findings present, rank the candidate diagnoses,
then compare with the course's ranking and lesson 3's Bayesian result. Native checkboxes and drop-downs, so it is
keyboard-operable (the walkthrough's KeyboardGuard marks them); the result is HTML readable at presenter scale."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ...differential import model as dmodel
from ...ui.html import table
from .. import model
from .common import _pct, _text

PLACES = ("1st, most likely", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th")
CHOOSE = "choose…"


def bayes_probabilities(c: model.Case) -> dict[str, float] | None:
    """Lesson 3's probability of each candidate after the history and examination; None when not used."""
    if c.differential.setting is None:
        return None
    post = dmodel.posterior(c.differential.setting, model.findings_at(c, "bedside"))
    return {k: float(post[dmodel.DIAGNOSES.index(k)]) for k in c.differential.learner.ranking}


def comparison_html(c: model.Case, ticked, ranking, result: model.Comparison | None) -> str:
    """The course's ranking beside the learner's, the Bayesian result, and feedback on the two.
    result None: the learner asked for the course's differential without setting one."""
    learner = c.differential.learner
    texts = {f.key: f.text for f in learner.findings}
    parts = []
    if result is None:
        parts.append("<p class='hfs-verdict'><b>The course's differential</b> (you did not set yours).</p>")
        present = [texts[f.key] for f in learner.findings if f.present]
        parts.append("<p><b>Present:</b> " + html.escape("; ".join(present)) + ".</p>")
    elif not result.missed and not result.extra:
        parts.append("<p class='hfs-verdict'><b>✔ Findings:</b> every finding present ticked, none absent.</p>")
    else:
        lines = [f"<li>✘ missed (present): {html.escape(texts[k])}</li>" for k in result.missed]
        lines += [f"<li>✘ ticked, but absent: {html.escape(texts[k])}</li>" for k in result.extra]
        parts.append(f"<p class='hfs-verdict'><b>Findings:</b></p><ul>{''.join(lines)}</ul>")
    if result is not None:
        top = learner.name(learner.ranking[0])
        if result.top_match:
            verdict = f"<b>✔ Your first place is the course's:</b> {html.escape(top)}."
        else:
            verdict = (
                f"<b>✘ The course puts {html.escape(top)} first;</b> you put {html.escape(learner.name(ranking[0]))}."
            )
        far = "".join(
            f"<li>{html.escape(learner.name(k))}: yours {mine}, the course's {course}</li>"
            for k, mine, course in result.far
        )
        parts.append(
            f"<p>{verdict} {result.same_place} of {len(learner.ranking)} in the same place.</p>"
            + (f"<p>Two or more places apart:</p><ul>{far}</ul>" if far else "")
        )
    probs = bayes_probabilities(c)
    mine = {k: i for i, k in enumerate(ranking, 1)} if result is not None else {}
    rows = [
        [
            html.escape(learner.name(k)),
            str(mine.get(k, "—")),
            str(i),
            html.escape(_pct(probs[k])) if probs is not None else "—",
        ]
        for i, k in enumerate(learner.ranking, 1)
    ]
    head = "Lesson 3's model, after history and examination" if probs is not None else "Lesson 3's model"
    parts.append(table(["Diagnosis", "Your place", "The course's place", head], rows))
    if probs is None:
        parts.append(f"<p class='hfs-note'>{_text(c.differential.note)}</p>")
    parts.append(f"<p><b>Why the course ranks them so:</b> {_text(learner.note)}</p>")
    return "<div role='status'>" + "".join(parts) + "</div>"


def past_ranking_html(c: model.Case, task: "DifferentialTask | None") -> str:
    """The story's line for a differential step left behind: the course's ranking, and the learner's first place."""
    learner = c.differential.learner
    course = ", ".join(learner.name(k) for k in learner.ranking)
    yours = ""
    if task is not None and task.result is not None:
        mark = "✔" if task.result.top_match else "✘"
        yours = f" {mark} Your first place: {html.escape(learner.name(task.ranking()[0]))}."
    return f"<h5>Your differential</h5><p><b>The course's ranking:</b> {html.escape(course)}.{yours}</p>"


class DifferentialTask:
    """One case's task: a checkbox per finding, a drop-down per place, Compare and Show the course's."""

    def __init__(self, c: model.Case, on_done, guard=lambda callback: callback):
        """on_done: called when the task is over; guard: wraps the buttons' callbacks (the view's `guarded`,
        so a ValueError becomes a message)."""
        self.case = c
        self.learner = c.differential.learner
        self._on_done = on_done
        self.done = False
        self.result: model.Comparison | None = None
        self.boxes = {
            f.key: ipw.Checkbox(value=False, description=f.text, indent=False, layout=ipw.Layout(width="auto"))
            for f in self.learner.findings
        }
        options = [(CHOOSE, None)] + [(cand.name, cand.key) for cand in self.learner.candidates]
        self.places = [
            ipw.Dropdown(
                options=options,
                value=None,
                description=f"{PLACES[i]}:",
                style={"description_width": "initial"},
                layout=ipw.Layout(width="auto", max_width="100%"),
            )
            for i in range(len(self.learner.candidates))
        ]
        self._swapping = False
        for dropdown in self.places:
            dropdown.observe(self._swap, names="value")
        self.compare_button = ipw.Button(
            description="Compare with the course", icon="check", button_style="primary", layout=ipw.Layout(width="auto")
        )
        self.show_button = ipw.Button(
            description="Show the course's differential",
            icon="eye",
            tooltip="Skip setting yours; this ends the task",
            layout=ipw.Layout(width="auto"),
        )
        self.compare_button.on_click(guard(lambda _b=None: self.compare()))
        self.show_button.on_click(guard(lambda _b=None: self.show_course()))
        self.result_html = ipw.HTML()
        self.result_html.add_class("hfs-case-story")
        intro = ipw.HTML(
            "<h5>Your differential</h5><p>Before the course shows its own: <b>tick each finding this patient "
            "has</b> (leave the others), then <b>rank the diagnoses</b>, most likely first.</p>"
        )
        intro.add_class("hfs-case-story")
        findings = ipw.VBox([ipw.HTML("<b>Findings present</b>"), *self.boxes.values()])
        ranking = ipw.VBox([ipw.HTML("<b>Your ranking</b>"), *self.places])
        for part in (findings, ranking):
            part.layout = ipw.Layout(flex="1 1 320px", min_width="280px", margin="0 12px 0 0")
        self.box = ipw.VBox(
            [
                intro,
                ipw.HBox([findings, ranking], layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start")),
                ipw.HBox([self.compare_button, self.show_button], layout=ipw.Layout(flex_flow="row wrap")),
                self.result_html,
            ],
            layout=ipw.Layout(border="1px solid #CCCCCC", padding="6px", margin="6px 0"),
        )

    def _swap(self, change) -> None:
        """A candidate chosen for a second place leaves its first one (which takes the displaced choice), so the
        ranking never names a diagnosis twice and needs no error message."""
        if self._swapping or change["new"] is None:
            return
        self._swapping = True
        try:
            for other in self.places:
                if other is not change["owner"] and other.value == change["new"]:
                    other.value = change["old"]
        finally:
            self._swapping = False

    def ticked(self) -> set[str]:
        return {k for k, box in self.boxes.items() if box.value}

    def ranking(self) -> list:
        return [d.value for d in self.places]

    def set(self, ticked, ranking) -> None:
        """Tick and rank programmatically (tests, the bench, an instructor's demo)."""
        for k, box in self.boxes.items():
            box.value = k in set(ticked)
        self._swapping = True
        try:
            for dropdown, key in zip(self.places, ranking):
                dropdown.value = key
        finally:
            self._swapping = False

    def compare(self) -> model.Comparison | None:
        ranking = self.ranking()
        if None in ranking:
            n = ranking.count(None)
            self.result_html.value = (
                f"<div class='hfs-message' role='status'>Rank every diagnosis first ({n} place"
                f"{'s' if n > 1 else ''} still empty), then press Compare.</div>"
            )
            return None
        self.result = model.compare(self.learner, self.ticked(), ranking)
        self._finish(comparison_html(self.case, self.ticked(), ranking, self.result))
        return self.result

    def show_course(self) -> None:
        if self.done:
            return
        self._finish(comparison_html(self.case, set(), [], None))

    def reset(self) -> None:
        self.done = False
        self.result = None
        self.result_html.value = ""
        self.set(set(), [None] * len(self.places))
        for control in (*self.boxes.values(), *self.places, self.compare_button, self.show_button):
            control.disabled = False

    def _finish(self, body: str) -> None:
        self.done = True
        self.result_html.value = body
        for control in (*self.boxes.values(), *self.places, self.compare_button, self.show_button):
            control.disabled = True
        self._on_done()
