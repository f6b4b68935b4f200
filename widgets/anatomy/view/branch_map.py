"""Lesson 1, widget 2: which branch drives which muscle (BranchMuscleMap)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...face import FACIAL_MUSCLES, MUSCLES, TERMINAL_BRANCHES
from ...ui.base import StaticForm
from ...ui.faceplot import face_figure
from ...ui.html import WIDE, sources
from .. import model
from .common import FaceView, _beside, _face_painter, _numbered, _short

# --- 2. branch–muscle map ---------------------------------------------------------------------


class BranchMuscleMap(FaceView):
    """Branch → its muscles on the face, or muscle → its branch (and 'not CN VII' for the jaw)."""

    def __init__(self, initial_branch: str = "temporal", initial_muscle: str = "oris"):
        super().__init__()
        self.direction = ipw.ToggleButtons(
            options=[("Branch → muscles", "branch"), ("Muscle → branch", "muscle")],
            value="branch",
            description="Ask:",
            style=WIDE,
        )
        self.branch = ipw.Dropdown(
            options=[(f"{b.capitalize()} branch", b) for b in TERMINAL_BRANCHES],
            value=initial_branch,
            description="Branch:",
            style=WIDE,
        )
        self.muscle = ipw.Dropdown(
            options=[(m.name, k) for k, m in MUSCLES.items()], value=initial_muscle, description="Muscle:", style=WIDE
        )
        self.painter = _face_painter("Branch → muscles")
        self.panel = ipw.HTML()
        self._branch_panels = {b: self._branch_html(b) for b in TERMINAL_BRANCHES}
        self._muscle_panels = {k: self._muscle_html(k) for k in MUSCLES}
        for control in (self.direction, self.branch, self.muscle):
            control.observe(self.guarded(self._refresh), names="value")
        self._refresh()
        controls = ipw.VBox(
            [self.direction, self.branch, self.muscle, self.panel], layout=ipw.Layout(width="46%", min_width="280px")
        )
        self._build([_beside(controls, self.painter.figure)], label="branch–muscle map")

    @staticmethod
    def _dual_note(muscles) -> str:
        notes = []
        for name, (branches, ids, regions) in model.DUAL_SUPPLY.items():
            if set(regions) & set(muscles):
                notes.append(
                    f"<p class='hfs-note'><small>The face draws {name} in two halves, one per branch. The real "
                    f"muscle is supplied by {html.escape(', '.join(branches))} branches. {sources(ids)}</small></p>"
                )
        return "".join(notes)

    def _branch_html(self, branch: str) -> str:
        seg = model.segment(branch)
        listing = _numbered(seg.reaches)[1]
        extra = model.TERMINAL_EXTRAS[branch]
        more = f"<p>Also (not drawn): {html.escape(', '.join(extra))}.</p>" if extra else ""
        return (
            f"<h4>{html.escape(seg.name)}</h4><p>The numbers on the face:</p>{listing}{more}"
            f"{self._dual_note(seg.reaches)}"
            f"<p class='hfs-note'><small>Sources: {sources(seg.evidence)}</small></p>"
        )

    def _muscle_html(self, key: str) -> str:
        m = MUSCLES[key]
        if not m.is_facial:
            return (
                f"<h4>{html.escape(m.name)}</h4><p>{html.escape(m.action)}.</p>"
                f"<p class='hfs-message'><b>Not the facial nerve.</b> Driven by the {html.escape(m.nerve)}. "
                f"A spasm of this muscle is not hemifacial spasm.</p>"
                f"<p class='hfs-note'><small>Source: {evidence.html_cite('ANA-19')}</small></p>"
            )
        branch = " and ".join(m.branches)
        return (
            f"<h4>{html.escape(m.name)}</h4><p>{html.escape(m.action)}.</p>"
            f"<p><b>Branch:</b> {html.escape(branch)} branch of the facial nerve (CN VII).</p>"
            f"{self._dual_note([key])}<p class='hfs-note'><small>Sources: {sources(m.evidence)}</small></p>"
        )

    def _refresh(self, change=None) -> None:
        by_branch = self.direction.value == "branch"
        self.branch.disabled, self.muscle.disabled = not by_branch, by_branch
        if by_branch:
            branch = self.branch.value
            muscles = model.branch_map()[branch]
            self.painter.paint(
                {(m, "right"): "selected" for m in muscles},
                labels=_numbered(muscles)[0],
                title=f"{branch.capitalize()} branch → {len(muscles)} muscle(s) drawn",
            )
            self.panel.value = self._branch_panels[branch]
            return
        key = self.muscle.value
        m = MUSCLES[key]
        if not m.is_facial:
            self.painter.paint(
                {(key, "right"): "other_nerve"},
                labels={(key, "right"): "CN V, not VII"},
                title=f"{m.name} → not the facial nerve",
            )
        else:
            mates = [k for k in model.branch_map()[m.branches[0]] if k != key]
            states = {(k, "right"): "selected" for k in [key, *mates]}
            labels = {(key, "right"): "▶ " + _short(key), **{(k, "right"): "" for k in mates}}
            self.painter.paint(
                states,
                labels=labels,
                title=f"{m.name} → {' and '.join(m.branches)} branch"
                + ("<br><sup>hatched without a label: the same branch's other muscles</sup>" if mates else ""),
            )
        self.panel.value = self._muscle_panels[key]

    def static(self) -> StaticForm:
        abbreviation = {"temporal": "T", "zygomatic": "Z", "buccal": "B", "marginal mandibular": "MM", "cervical": "C"}
        states = {(k, "right"): "selected" for k in FACIAL_MUSCLES}
        labels = {(k, "right"): abbreviation[MUSCLES[k].branches[0]] for k in FACIAL_MUSCLES}
        states.update({(k, "right"): "other_nerve" for k in MUSCLES if not MUSCLES[k].is_facial})
        labels.update({(k, "right"): "V" for k in MUSCLES if not MUSCLES[k].is_facial})
        fig = face_figure(
            states,
            title="Each muscle's branch (patient's right)<br><sup>T temporal, Z zygomatic, "
            "B buccal, MM marginal mandibular, C cervical; V = trigeminal, not CN VII</sup>",
            labels=labels,
            intensity={r: 0.55 for r in states},
        )
        rows = [
            [m.name, ", ".join(m.branches) or "— (trigeminal nerve)", m.action, evidence.label(m.evidence[0])]
            for m in MUSCLES.values()
        ]
        return StaticForm(
            title="Which branch drives which muscle",
            alt=(
                "Schematic face; on the patient's right each muscle carries the letter of its branch (T temporal, "
                "Z zygomatic, B buccal, MM marginal mandibular, C cervical; V trigeminal): the forehead, the eyelids, "
                "the nose, cheek and mouth, the chin and the neck. Temporalis and masseter are grey with horizontal "
                "lines. The table, behind 'Show the table', lists each muscle, its branch and its action."
            ),
            figures=[fig],
            headers=["Muscle", "CN VII branch", "Action", "Source"],
            rows=rows,
            # muscle by muscle, the table names the branch section 2 asks the learner to predict
            fold_table="Show the table (it answers the questions above)",
        )
