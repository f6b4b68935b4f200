"""A case's findings in lesson 3's Bayesian differential (CaseFindings): one box per finding of the case, ticked
as the case has it, the probability chart beside them and the red flags below; untick a finding to see what it
was worth. A compact view for the capstone's "go deeper" section: it fits one 1920×1080 screen at presenter
scale, where lesson 3's full widget (every finding of the model, the likelihood-ratio table) does not."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ...differential import model as dmodel
from ...differential import report as dreport
from ...ui.base import StaticForm, View, columns
from ...ui.charts import paint_probabilities
from ...ui.livefigure import LiveFigure
from .. import model
from .common import DX_HEIGHT, _pct, _text
from .figures import dx_figure

# On a projector (24 px text) a finding's label is longer than the side column: it wraps under its own text
# instead of being cut with "…" (the widgets' own checkbox label never wraps). In a notebook nothing changes.
LABELS_WRAP_CSS = """<style>
.hfs-view.hfs-presenter.hfs-case-findings .widget-checkbox { height: auto; margin: 1px 0; }
.hfs-view.hfs-presenter.hfs-case-findings .widget-checkbox .widget-label-basic {
  display: flex; align-items: flex-start; white-space: normal; overflow: visible; text-overflow: clip;
  line-height: 1.2 !important; }
.hfs-view.hfs-presenter.hfs-case-findings .widget-checkbox input[type="checkbox"] { flex: 0 0 auto; margin-top: 4px; }
</style>"""


class CaseFindings(View):
    """Untick a finding of the case and watch the Bayesian differential and the red flags change."""

    def __init__(self, case: str = "secondary-hfs"):
        super().__init__()
        self.case = model.case(case)
        if self.case.differential.setting is None:
            raise ValueError(f"case must use the Bayesian differential; {case!r} does not")
        self.all = model.findings_at(self.case, "tests")
        self.boxes = {
            key: ipw.Checkbox(
                value=True, description=dmodel.FINDINGS[key].text(value), indent=False, layout=ipw.Layout(width="auto")
            )
            for key, value in self.all.items()
        }
        plain = dx_figure()
        self._paint(plain)
        self.figure = LiveFigure(plain)
        self.flags = ipw.HTML()
        self.arithmetic = ipw.HTML()
        for box in self.boxes.values():
            box.observe(self.guarded(self._update), names="value")
        controls = ipw.VBox(
            [
                ipw.HTML(
                    f"<p><b>Case {self.case.order}: {html.escape(self.case.title)}.</b> The patient's findings, ticked. "
                    "Untick one to leave it out.</p>"
                ),
                *self.boxes.values(),
            ]
        )
        self._update()
        self._build(
            [ipw.HTML(LABELS_WRAP_CSS), columns(controls, self.figure, side=(controls,)), self.flags, self.arithmetic],
            label="case findings",
        )
        self.root.add_class("hfs-case-findings")

    def observations(self) -> dict:
        return {k: v for k, v in self.all.items() if self.boxes[k].value}

    def _paint(self, fig) -> None:
        """The chart for the ticked findings (all of them while the boxes are being built)."""
        boxes = getattr(self, "boxes", {})
        obs = {k: v for k, v in self.all.items() if boxes.get(k) is None or boxes[k].value}
        c = self.case
        setting = c.differential.setting
        post = dmodel.posterior(setting, obs)
        lead, p = dmodel.ranked(post)[0]
        paint_probabilities(
            fig,
            dmodel.prior_vector(setting),
            post,
            f"{len(obs)} of {len(self.all)} findings: {dreport.SHORT[lead]} {_pct(p)}"
            f"<br><sup>{html.escape(dmodel.SETTINGS[setting].name)}</sup>",
        )
        fig.layout.annotations[0].visible = False  # the walkthrough's locked / not-used message

    def _update(self, change=None) -> None:
        self._paint(self.figure)
        obs = self.observations()
        prior = dmodel.prior_vector(self.case.differential.setting)
        post = dmodel.posterior(self.case.differential.setting, obs)
        ranking = dmodel.ranked(post)
        self.flags.value = dreport.red_flags_html(obs)
        table = dreport.lr_table_html(obs, prior, post, ranking[0][0], ranking[1][0])
        note = f"<p class='hfs-note'>{_text(self.case.differential.note)}</p>" if self.case.differential.note else ""
        self.arithmetic.value = (
            f"<details><summary>The arithmetic and the model's note: pre-test odds × likelihood ratios</summary>"
            f"{table}{note}</details>"
        )

    def figures(self):
        return [(self.figure, DX_HEIGHT)]

    def static(self) -> StaticForm:
        fig = dx_figure()
        self._paint(fig)
        # Section 3 asks whether the chart still calls this hemifacial spasm: the static title names no leader.
        setting = html.escape(dmodel.SETTINGS[self.case.differential.setting].name)
        fig.layout.title.text = f"All {len(self.all)} findings of case {self.case.order} ticked<br><sup>{setting}</sup>"
        return StaticForm(
            title=f"Case {self.case.order}: her findings in the Bayesian differential",
            figures=[fig],
            alt=(
                f"Bar chart: the probability of each of {len(dmodel.DIAGNOSES)} diagnoses before (grey, hatched) "
                f"and after (blue) case {self.case.order}'s {len(self.all)} findings. What it shows is in the "
                "reveal below."
            ),
            headers=["Finding of the case"],
            rows=[[dmodel.FINDINGS[k].text(v)] for k, v in self.all.items()],
        )
