"""Lesson 3, widget 2: the Bayesian differential (BayesianDifferential); the capstone sets it to a case."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...ui import charts, style
from ...ui.base import StaticForm, View, behind_button, columns
from ...ui.charts import paint_probabilities
from .. import model
from ..report import GROUP_TITLES, SHORT, lr_table_html, next_best_html, red_flags_html
from .common import CHART_HEIGHT, FOLD, probability_figure

# --- 2. Bayesian differential ------------------------------------------------------------------------

# Lesson-local CSS. On a projector (24 px text) a finding's label is longer than half the controls column: the two
# sides of a row share it by their length, and a label that still does not fit wraps under its own text instead
# of being cut with "…" (the widgets' own checkbox label never wraps). The red flags and the best next findings
# (hfs-dx-panel) keep their lists' margins small. In a notebook nothing changes.
FINDINGS_CSS = """<style>
.hfs-view.hfs-presenter .hfs-findings > .widget-tab-contents { padding: 4px 8px; }
.hfs-view.hfs-presenter .hfs-findings .widget-hbox { flex-wrap: nowrap; gap: 12px; }
.hfs-view.hfs-presenter .hfs-findings .widget-checkbox {
  width: auto !important; max-width: none; min-width: 0; flex: 0 1 auto; height: auto; margin: 1px 0; }
.hfs-view.hfs-presenter .hfs-findings .widget-checkbox .widget-label-basic {
  display: flex; align-items: flex-start; white-space: normal; overflow: visible; text-overflow: clip;
  line-height: 1.2 !important; }
.hfs-view.hfs-presenter .hfs-findings .widget-checkbox input[type="checkbox"] { flex: 0 0 auto; margin-top: 4px; }
.hfs-view.hfs-presenter .hfs-dx-panel ol, .hfs-view.hfs-presenter .hfs-dx-panel ul { margin: 4px 0; padding-left: 1.3em; }
.hfs-view.hfs-presenter .hfs-dx-panel { margin-top: 6px; }
.hfs-view.hfs-presenter .hfs-dx-panel p { margin: 0 0 4px 0; }
</style>"""
TIP = (
    "<p>Tick what you know. Each row is one finding; tick <i>either</i> side of the row, or neither "
    "if you have not checked it.</p>"
)
TIP_PRESENTER = "<p>One finding a row: tick <i>either</i> side, or neither.</p>"  # one line beside Clear findings


class BayesianDifferential(View):
    """Setting + finding checkboxes → probability of each diagnosis, likelihood ratios, best next finding."""

    def __init__(self, setting: str = "botox_clinic", findings: dict | None = None, about: str | None = None):
        """findings: boxes ticked at the start. about: what those findings describe (e.g. a capstone
        case); with it, the static form shows these findings instead of the lesson's example."""
        super().__init__()
        self.about = about
        self.setting = ipw.Dropdown(
            options=[(s.name, k) for k, s in model.SETTINGS.items()],
            value=setting,
            description="Clinical setting:",
            style={"description_width": "initial"},
            layout=ipw.Layout(width="auto"),
        )
        self.boxes: dict[tuple[str, bool], ipw.Checkbox] = {}
        pages = []
        for group in model.GROUPS:
            rows = []
            for key, f in model.FINDINGS.items():
                if f.group != group:
                    continue
                pair = []
                for value in (True, False):
                    box = ipw.Checkbox(
                        value=False, description=f.text(value), indent=False, layout=ipw.Layout(width="48%")
                    )
                    box.observe(self.guarded(self._on_box(key, value)), names="value")
                    self.boxes[(key, value)] = box
                    pair.append(box)
                rows.append(ipw.HBox(pair, layout=ipw.Layout(border_bottom="1px solid #EEEEEE")))
            pages.append(ipw.VBox(rows))
        self.tabs = ipw.Tab(children=pages, titles=[GROUP_TITLES[g] for g in model.GROUPS], selected_index=1)
        self.tabs.add_class("hfs-findings")
        self.clear = ipw.Button(description="Clear findings", icon="eraser", tooltip="Untick every finding")
        self.figure = probability_figure()
        self.lr_table = ipw.HTML()
        self.next_best = ipw.HTML(layout=ipw.Layout(width="48%", min_width="280px"))
        self.flags = ipw.HTML(layout=ipw.Layout(width="48%", min_width="280px"))
        for panel in (self.next_best, self.flags):
            panel.add_class("hfs-dx-panel")
        self._syncing = False
        self.setting.observe(self.guarded(self._refresh), names="value")
        self.clear.on_click(lambda _: self.guarded(self._clear)())
        self._refresh()
        if findings:
            self.set_findings(findings)
        self.tip = ipw.HTML(TIP)
        self.controls = ipw.VBox()
        self.css = ipw.HTML(FINDINGS_CSS)
        self._build([self.css, *self._arrangement()], label="Bayesian differential")

    def _arrangement(self) -> list:
        """In a notebook: findings beside the chart, then the next best findings, the red flags and the LR table.
        On a projector (1,720 px as that stack): the findings with the red flags and the LR table's button under
        them, beside the chart with the best next findings (976 px at 1920x1080, every finding's label whole)."""
        if not style.presenter_on():
            self.tip.value, self.tip.layout.flex = TIP, None
            self.controls.children = [ipw.HBox([self.setting, self.clear]), self.tip, self.tabs]
            self.lr_table.layout.display = ""
            for panel in (self.next_best, self.flags):
                panel.layout.width, panel.layout.min_width = "48%", "280px"
            return [
                columns(self.controls, self.figure, side=(self.figure,)),
                ipw.HBox([self.next_best, self.flags], layout=ipw.Layout(flex_flow="row wrap", grid_gap="12px")),
                self.lr_table,
            ]
        # On a projector (1,190 px once the findings' labels wrap instead of being cut, with the best next findings
        # under the findings, 976 px so): the tip is one line with Clear findings beside it (the setting's menu, as wide as its
        # longest choice, leaves no room for the button on its row); the red flags, read from the ticked findings,
        # and the LR table's button (the arithmetic behind the bars) follow the findings; the chart and the best
        # next findings share the side column.
        self.tip.value, self.tip.layout.flex = TIP_PRESENTER, "1 1 auto"
        self.controls.children = [
            self.setting,
            ipw.HBox([self.tip, self.clear], layout=ipw.Layout(align_items="center")),
            self.tabs,
            self.flags,
            behind_button("Show the likelihood ratios (LR table)", self.lr_table),
        ]
        for panel in (self.next_best, self.flags):
            panel.layout.width, panel.layout.min_width = None, None
        side = ipw.VBox([self.figure, self.next_best])
        return [columns(self.controls, side, side=(side,))]

    def rescale(self) -> None:
        super().rescale()
        self._arrange([self.css, *self._arrangement()])

    # -- controls
    def observations(self) -> dict:
        obs = {}
        for key in model.FINDING_KEYS:
            if self.boxes[(key, True)].value:
                obs[key] = True
            elif self.boxes[(key, False)].value:
                obs[key] = False
        return obs

    def set_findings(self, observations: dict) -> None:
        """Tick boxes programmatically (tests, instructor demo) with a single refresh."""
        obs = model.check_observations(observations)
        self._syncing = True
        try:
            for (key, value), box in self.boxes.items():
                box.value = obs.get(key) is value
        finally:
            self._syncing = False
        self._refresh()

    def _on_box(self, key: str, value: bool):
        def changed(change):
            if self._syncing:
                return
            if change["new"]:
                self._syncing = True  # untick the other side of the row without a second refresh
                try:
                    self.boxes[(key, not value)].value = False
                finally:
                    self._syncing = False
            self._refresh()

        return changed

    def _clear(self, change=None) -> None:
        self.set_findings({})

    # -- display
    def _refresh(self, change=None) -> None:
        obs = self.observations()
        prior = model.prior_vector(self.setting.value)
        post = model.bayes(prior, model.likelihood_rows(obs))
        ranking = model.ranked(post)
        (lead, p_lead), (runner, _) = ranking[0], ranking[1]
        title = (
            f"Most probable: {SHORT[lead]} ({p_lead:.0%})"
            if obs
            else f"Before any finding: {SHORT[lead]} ({p_lead:.0%})"
        )
        paint_probabilities(self.figure, prior, post, title)
        self.lr_table.value = lr_table_html(obs, prior, post, lead, runner)
        self.next_best.value = next_best_html(self.setting.value, obs)
        self.flags.value = red_flags_html(obs)

    def figures(self):
        return [(self.figure, CHART_HEIGHT)]

    def static(self) -> StaticForm:
        if self.about is not None:
            return self._static_findings()
        example = {"bilateral": False, "eyelid_closure": True, "lower_face": True, "brow_lift": True}
        prior = model.prior_vector("botox_clinic")
        post = model.posterior("botox_clinic", example)
        fig = probability_figure(widget=False)
        # Section 5's question 1 asks how likely HFS is in this clinic with such findings: no percentage in the
        # titles or alt text, and the table (whose LRs give it) behind the fold.
        paint_probabilities(fig, prior, post, "Botulinum-toxin clinic: before and after four findings")
        rows = []
        for key, f in model.FINDINGS.items():
            cells = [f"{f.p[d][0]:.2f}" for d in model.MAIN]
            rows.append(
                [
                    f.present,
                    *cells,
                    f"{model.likelihood_ratio(key, True, 'hfs', 'beb'):.2g}",
                    "; ".join(dict.fromkeys(evidence.label(f.p[d][1]) for d in model.MAIN)),
                ]
            )
        return StaticForm(
            title="P(finding present | diagnosis) for the three main diagnoses, and the LR of HFS against BEB",
            alt=(
                f"Horizontal bar chart of the {len(model.DIAGNOSES)} diagnoses in a botulinum-toxin clinic: grey "
                "hatched bars before any finding, blue bars after four findings (one side only, the eyelids close, "
                "cheek and mouth take part, the brow rises). The table gives each finding's probability in hemifacial "
                "spasm, blepharospasm and myokymia, and the likelihood ratio (LR) of hemifacial spasm against "
                "blepharospasm."
            ),
            figures=[fig],
            headers=["Finding (present)", "P | HFS", "P | BEB", "P | myokymia", "LR HFS:BEB", "Sources"],
            rows=rows,
            fold_table=FOLD,
        )

    def _static_findings(self) -> StaticForm:
        """The chart and each finding's likelihood ratio for the findings now ticked (a capstone case)."""
        obs, setting = self.observations(), self.setting.value
        prior, post = model.prior_vector(setting), model.posterior(setting, obs)
        (lead, p), (runner, _q) = model.ranked(post)[:2]
        name = model.SETTINGS[setting].name
        fig = charts.probability_figure([SHORT[d] for d in model.DIAGNOSES], widget=False, height=400)
        fig.update_layout(width=560, margin=dict(l=160, r=20, t=60, b=80))
        # Lesson 6 asks whether the differential still calls this hemifacial spasm and what the red-flag panel
        # says: the chart's title and the alt text name neither; the table (its LRs name the leader) and the red
        # flags wait behind the fold.
        paint_probabilities(fig, prior, post, f"Every finding ticked<br><sup>{html.escape(name)}</sup>")
        rows = [
            [
                model.FINDINGS[k].text(v),
                f"{model.likelihood_ratio(k, v, lead, runner):.2g}",
                evidence.label(model.FINDINGS[k].p[lead][1]),
            ]
            for k, v in obs.items()
        ]
        flags = ", ".join(model.FINDINGS[f.finding].present.lower() for f in model.red_flags(obs)) or "none"
        rows.append(["Red flags (the panel under the chart)", flags, ""])
        return StaticForm(
            title=f"{self.about}: the Bayesian differential with every finding ticked",
            alt=(
                f"Bar chart, {name}: grey hatched bars before the findings, blue bars after every finding of the "
                "case is ticked, the tests included. The table gives each finding's likelihood ratio (LR) between the "
                "two leading diagnoses, and the red flags the widget lists."
            ),
            figures=[fig],
            headers=["Finding", f"LR {SHORT[lead]} : {SHORT[runner]}", f"Source ({SHORT[lead]})"],
            rows=rows,
            fold_table=FOLD,
        )
