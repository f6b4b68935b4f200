"""The start-here widget: choose a muscle on the face, learn what it does and which branch drives it."""

from __future__ import annotations

import html

import ipywidgets as ipw

from . import evidence
from .face import MUSCLES, TERMINAL_BRANCHES
from .ui.base import StaticForm, View
from .ui.faceplot import FacePainter, face_figure

FACE_HEIGHT = 460


def describe_muscle(key: str) -> dict:
    """Plain facts about one muscle (name, action, nerve, branch, evidence ids)."""
    if key not in MUSCLES:
        raise ValueError(f"muscle must be one of {', '.join(MUSCLES)} (got {key!r})")
    m = MUSCLES[key]
    branch = (
        " and ".join(m.branches) + (" branch" if len(m.branches) == 1 else " branches")
        if m.is_facial
        else "none: not a facial-nerve muscle"
    )
    return {"name": m.name, "action": m.action, "nerve": m.nerve, "branch": branch, "evidence": m.evidence}


class MuscleExplorer(View):
    """Pick a muscle (dropdown, keyboard-operable); the face highlights it and a panel explains it."""

    def __init__(self, initial: str = "frontalis"):
        super().__init__()
        self.painter = FacePainter("Choose a muscle")
        self.muscle = ipw.Dropdown(
            options=[(m.name, k) for k, m in MUSCLES.items()],
            value=initial,
            description="Muscle:",
            style={"description_width": "initial"},
        )
        self.side = ipw.ToggleButtons(
            options=[("Patient's right", "right"), ("Patient's left", "left")],
            value="right",
            description="Side:",
            style={"description_width": "initial"},
        )
        self.panel = ipw.HTML()
        self.muscle.observe(self.guarded(self._refresh), names="value")
        self.side.observe(self.guarded(self._refresh), names="value")
        self._refresh()
        controls = ipw.VBox([self.muscle, self.side, self.panel], layout=ipw.Layout(width="40%", min_width="260px"))
        self._build(
            [ipw.HBox([controls, self.painter.figure], layout=ipw.Layout(flex_flow="row wrap"))],
            label="muscle explorer",
        )

    def _refresh(self, change=None) -> None:
        facts = describe_muscle(self.muscle.value)
        m = MUSCLES[self.muscle.value]
        label = "▶ " + facts["name"].split(" (")[0] + ("" if m.is_facial else " (CN V)")
        self.painter.paint(
            {(self.muscle.value, self.side.value): "selected"},
            title=f"{facts['name']} ({self.side.value})",
            labels={(self.muscle.value, self.side.value): label},
        )
        cites = "; ".join(evidence.html_cite(e) for e in facts["evidence"])
        self.panel.value = (
            f"<h4>{html.escape(facts['name'])}</h4>"
            f"<p><b>What it does:</b> {html.escape(facts['action'])}</p>"
            f"<p><b>Nerve:</b> {html.escape(facts['nerve'])}<br><b>Branch:</b> {html.escape(facts['branch'])}</p>"
            f"<p class='hfs-note'><small>Source: {cites}</small></p>"
        )

    def figures(self):
        return [(self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        self.painter.rescale()

    def static(self) -> StaticForm:
        facial = [k for k in MUSCLES if MUSCLES[k].is_facial]
        # Numbers, not a word per muscle: twelve "selected" labels on one face overlapped one another.
        number = {k: str(i) for i, k in enumerate(facial, 1)}
        states = {(k, "right"): "selected" for k in facial}
        fig = face_figure(
            states,
            title="Muscles of facial expression (patient's right side), numbered as in the table",
            labels={(k, "right"): number[k] for k in facial},
        )
        rows = [
            [f"{number[k]}. {m.name}" if k in number else m.name, m.action, ", ".join(m.branches) or "—", m.nerve]
            for k, m in MUSCLES.items()
        ]
        return StaticForm(
            title="Facial muscles, their actions and their nerves",
            alt=(
                "Schematic face. On the patient's right side the muscles of facial expression are shaded, hatched and "
                "numbered 1 to 12 from forehead to neck: frontalis and corrugator on the forehead, orbicularis oculi "
                "around the eye, nasalis, levator labii, zygomaticus, buccinator and orbicularis oris around the mouth, "
                "depressor anguli oris and mentalis at the chin, platysma on the neck. Temporalis and masseter are grey "
                "with horizontal lines. The table, behind 'Show the table', names each muscle's action and its nerve."
            ),
            figures=[fig],
            headers=["Muscle", "Action", "CN VII branch", "Nerve"],
            rows=rows,
            # the Nerve column answers the lesson's "which nerve closes the eye, and which the jaw?"
            fold_table="Show the table (it answers the question above)",
        )


def bench_cases():
    """Callbacks timed by `make bench`: one change of the main control per call."""
    explorer = MuscleExplorer()
    keys = list(MUSCLES)
    state = {"i": 0}

    def change_muscle():
        state["i"] = (state["i"] + 1) % len(keys)
        explorer.muscle.value = keys[state["i"]]

    return [("start-here: muscle explorer, change muscle", change_muscle)]


__all__ = ["MuscleExplorer", "describe_muscle", "TERMINAL_BRANCHES"]
