"""Lesson 1 widgets: the course explorer, the branch–muscle map, the lesion localiser and the
root-exit-zone close-up. One class per widget; the clinical logic lives in `model`.

Each figure is built as a plain figure in its initial state, turned into a FigureWidget once, just
before display (a FigureWidget edited between creation and display loses edits in the browser), and
then changed in place inside `batch_update()`. Everything that does not depend on a control (panel
HTML, citations, geometry) is computed when the widget is built.
"""
from __future__ import annotations

import html

import ipywidgets as ipw
import numpy as np
import plotly.graph_objects as go

from .. import evidence
from ..ui import style
from ..ui.livefigure import LiveFigure
from ..ui.base import StaticForm, View
from ..ui.html import WIDE, sources
from ..face import FACIAL_MUSCLES, MUSCLES, TERMINAL_BRANCHES
from ..ui.faceplot import FacePainter, face_figure
from . import model

FACE_HEIGHT = 460
PATH_HEIGHT = 430
REZ_HEIGHT = 380
CHART_HEIGHT = 380
GREY = style.OUTLINE
SELECTED = style.STATE_CUES["selected"].colour
BRANCH_COLOUR = style.OKABE_ITO["orange"]


_FACE_LABEL = {  # short words that fit on the schematic face; panels and hover give the full names
    "frontalis": "Frontalis", "corrugator": "Corr.", "oculi_upper": "Orb. oculi", "oculi_lower": "Orb. oculi",
    "nasalis": "Nasalis", "levator_labii": "Lev. labii", "zygomaticus": "Zyg.", "buccinator": "Bucc.",
    "oris": "Orb. oris", "depressor_anguli": "DAO", "mentalis": "Ment.", "platysma": "Platysma",
    "temporalis": "Temporalis", "masseter": "Masseter",
}


def _short(muscle: str) -> str:
    return _FACE_LABEL[muscle]


def _name(muscle: str) -> str:
    return MUSCLES[muscle].name.split(" (")[0]


FACE_WIDTH = 470  # px: a fixed width lets the face sit beside the controls instead of below them


def _face_painter(title: str) -> FacePainter:
    return FacePainter(title, height=FACE_HEIGHT, width=FACE_WIDTH)


def _live(fig: go.Figure) -> go.FigureWidget:
    """The FigureWidget to display, made from a figure already in its initial state (see _face_painter)."""
    return LiveFigure(fig)


def _rescale_face(painter: FacePainter) -> None:
    painter.rescale()


def _beside(controls, figure) -> ipw.HBox:
    """Controls on the left, the figure on the right (wrapping below on a narrow screen), so the
    learner sees the face change while using the controls."""
    controls.layout.flex = "1 1 320px"
    box = ipw.Box([figure], layout=ipw.Layout(flex="0 0 auto"))
    return ipw.HBox([controls, box], layout=ipw.Layout(flex_flow="row wrap", align_items="flex-start", width="100%"))


def _numbered(muscles) -> tuple[dict, str]:
    """Number labels for the face (numbers do not overlap where names would) and the matching list."""
    labels = {(m, "right"): str(i) for i, m in enumerate(muscles, 1)}
    items = "".join(f"<li>{html.escape(MUSCLES[m].name)}: {html.escape(MUSCLES[m].action)}</li>" for m in muscles)
    return labels, f"<ol>{items}</ol>"


def _side_word(side: str) -> str:
    return f"patient's {side.upper()}"


# --- 1. course explorer -----------------------------------------------------------------------

# A 2-D schematic of the course, not to scale: x runs from the brainstem to the temporal bone,
# the lower band is the face outside the skull. Each segment is a polyline (x, y).
_PATH = {
    "nucleus": ([0.85], [4.05]),
    "genu": ([0.85, 0.95, 1.3, 1.7, 1.65], [4.05, 4.85, 5.25, 4.95, 4.45]),
    "rez": ([1.65, 2.45], [4.45, 4.3]),
    "cpa": ([2.45, 4.0], [4.3, 4.3]),
    "meatus": ([4.0, 5.0], [4.3, 4.3]),
    "labyrinthine": ([5.0, 5.85], [4.3, 4.7]),
    "geniculate": ([5.85], [4.7]),
    "tympanic": ([5.85, 8.3], [4.7, 4.15]),
    "mastoid": ([8.3, 8.6], [4.15, 2.75]),
    "stylomastoid": ([8.6, 8.6], [2.75, 2.35]),
    "parotid": ([8.6, 7.6], [2.35, 1.6]),
    "temporal": ([7.6, 6.2], [1.6, 2.35]),
    "zygomatic": ([7.6, 5.7], [1.6, 1.85]),
    "buccal": ([7.6, 5.5], [1.6, 1.3]),
    "marginal mandibular": ([7.6, 5.8], [1.6, 0.75]),
    "cervical": ([7.6, 6.4], [1.6, 0.3]),
}
# Branches leaving the trunk, drawn as spurs: (segment, label, x, y)
_SPURS = [
    ("geniculate", "greater petrosal n. (tears)", [5.85, 5.3], [4.7, 5.55]),
    ("mastoid", "n. to stapedius", [8.36, 9.25], [3.85, 4.05]),
    ("mastoid", "chorda tympani (taste)", [8.5, 9.35], [3.25, 3.05]),
    ("stylomastoid", "posterior auricular n.", [8.6, 9.45], [2.35, 2.1]),
    ("stylomastoid", "digastric, stylohyoid", [8.6, 9.3], [2.35, 1.55]),
]
_LABELS = {  # where each segment's name is written
    "nucleus": (0.75, 3.7, "nucleus"), "genu": (1.3, 5.5, "genu"), "rez": (2.05, 4.0, "root exit zone"),
    "cpa": (3.2, 4.55, "CP angle"), "meatus": (4.5, 4.68, "int. acoustic<br>meatus"),
    "labyrinthine": (5.8, 4.25, "labyrinthine"), "geniculate": (6.45, 4.95, "geniculate g."),
    "tympanic": (7.25, 4.7, "tympanic"), "mastoid": (8.05, 3.45, "mastoid"),
    "stylomastoid": (7.9, 2.65, "stylomastoid foramen"), "parotid": (8.35, 1.75, "parotid"),
    **{b: (_PATH[b][0][1] - 0.1, _PATH[b][1][1], b) for b in TERMINAL_BRANCHES},
}
_REGION_BOXES = [  # (x0, x1, y0, y1, label, fill)
    (0.0, 2.45, 2.6, 6.0, "brainstem (pons)", "#F4F4F4"),
    (2.45, 4.0, 2.6, 6.0, "cerebellopontine<br>angle", "#FFFFFF"),
    (4.0, 11.6, 2.6, 6.0, "temporal bone: facial canal", "#F4F4F4"),
    (0.0, 11.6, 0.0, 2.6, "outside the skull: parotid and face", "#FFFFFF"),
]


def _course_figure(widget: bool, selected: str | None) -> go.Figure:
    traces = []
    for key, (x, y) in _PATH.items():
        on = key == selected
        traces.append(go.Scatter(
            x=x, y=y, mode="markers" if len(x) == 1 else "lines",
            line=dict(color=SELECTED if on else GREY, width=8 if on else 3, dash="solid"),
            marker=dict(size=14 if key == "nucleus" else 10, symbol="circle", color=SELECTED if on else GREY),
            name=model.SEGMENTS[key].name, hoverinfo="name", showlegend=False))
    for seg, label, x, y in _SPURS:
        on = seg == selected
        traces.append(go.Scatter(
            x=x, y=y, mode="lines+text", text=["", label], textposition="middle right" if x[1] > x[0] else "top center",
            line=dict(color=BRANCH_COLOUR if on else "#9A9A9A", width=5 if on else 2, dash="dot"),
            textfont=dict(size=style.font_px(0.8), color="#222222"), name=label, hoverinfo="name", showlegend=False))
    # CN VIII beside VII in the angle and the meatus, and the abducens nucleus inside the genu.
    traces.append(go.Scatter(x=[2.45, 5.0], y=[4.0, 4.0], mode="lines+text", text=["", "VIII"],
                             textposition="middle right", line=dict(color="#9A9A9A", width=3, dash="dash"),
                             name="vestibulocochlear nerve (VIII)", hoverinfo="name", showlegend=False))
    traces.append(go.Scatter(x=[1.3], y=[4.7], mode="markers+text", text=["VI"], textposition="middle center",
                             marker=dict(size=22, color="#FFFFFF", line=dict(color=GREY, width=1.5)),
                             name="abducens nucleus (VI)", hoverinfo="name", showlegend=False))
    lx, ly, lt = zip(*_LABELS.values())
    traces.append(go.Scatter(x=list(lx), y=list(ly), mode="text", text=list(lt), hoverinfo="skip", showlegend=False,
                             textfont=dict(size=style.font_px(0.8), color="#222222"),
                             textposition=["middle center"] * 11 + ["middle left"] * 5, name="labels"))
    traces.append(go.Scatter(x=[], y=[], mode="text", text=[], hoverinfo="skip", showlegend=False,
                             textfont=dict(size=style.font_px(0.95), color=SELECTED), name="selection"))
    shapes = [dict(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=fill, line=dict(color="#BBBBBB", width=1),
                   layer="below") for x0, x1, y0, y1, _, fill in _REGION_BOXES]
    notes = [dict(x=x1 - 0.1 if x1 > 10 and y0 > 0 else x0 + 0.1, y=y1 - 0.1, xanchor="right" if x1 > 10 and y0 > 0 else "left",
                  yanchor="top", text=f"<i>{label}</i>", showarrow=False,
                  font=dict(size=style.font_px(0.8), color="#555555")) for x0, x1, y0, y1, label, _ in _REGION_BOXES]
    layout = style.figure_layout(
        height=PATH_HEIGHT, title=dict(text="The course of the facial nerve (schematic, not to scale)", x=0.5),
        xaxis=dict(visible=False, range=[-0.05, 11.65], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.05, 6.05], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10), shapes=shapes, annotations=notes)
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


class CourseExplorer(View):
    """Choose a segment of CN VII: the pathway highlights it, a panel lists its branches, the face
    lights the muscles its motor fibres reach."""

    def __init__(self, initial: str = "rez"):
        super().__init__()
        self.segment = ipw.Dropdown(options=[(s.name, s.key) for s in model.COURSE], value=model.segment(initial).key,
                                    description="Segment:", style=WIDE, layout=ipw.Layout(width="100%"))
        self.step_back = ipw.Button(description="◀ Towards the brainstem", tooltip="Previous segment",
                                    layout=ipw.Layout(width="auto"))
        self.step_on = ipw.Button(description="Towards the face ▶", tooltip="Next segment", layout=ipw.Layout(width="auto"))
        self.step_back.on_click(lambda _: self.step(-1))
        self.step_on.on_click(lambda _: self.step(+1))
        self.course = _course_figure(widget=False, selected=None)
        self.painter = _face_painter("Muscles reached")
        self.panel = ipw.HTML()
        self._panels = {s.key: self._panel_html(s) for s in model.COURSE}
        self._n_path = len(_PATH)
        self._shown: str | None = None
        self._face_shows: tuple[str, ...] | None = None
        self.segment.observe(self.guarded(self._refresh), names="value")
        self._refresh()
        self.course = _live(self.course)
        controls = ipw.VBox([self.segment, ipw.HBox([self.step_back, self.step_on]), self.panel],
                            layout=ipw.Layout(width="46%", min_width="280px"))
        self._build([self.course, _beside(controls, self.painter.figure)],
                    label="course explorer")

    @staticmethod
    def _panel_html(seg: model.Segment) -> str:
        terminal = seg.key in TERMINAL_BRANCHES
        rows = "".join(f"<tr><td>{f'{i}. ' if terminal else ''}{html.escape(b.name)}</td>"
                       f"<td>{html.escape(b.supplies)}</td>"
                       f"<td>{html.escape(b.function)}</td><td><small>{sources(b.evidence)}</small></td></tr>"
                       for i, b in enumerate(seg.branches, 1))
        kind = "Muscle (number on the face)" if terminal else "Branch"
        table = (f"<table class='hfs-table'><thead><tr><th scope='col'>{kind}</th><th scope='col'>Supplies</th>"
                 f"<th scope='col'>Function</th><th scope='col'>Source</th></tr></thead><tbody>{rows}</tbody></table>"
                 if rows else "<p><i>No branch leaves here.</i></p>")
        return (f"<h4>{html.escape(seg.name)}</h4><p><b>Where:</b> {html.escape(seg.region)}</p>"
                f"<p>{html.escape(seg.description)}</p>{table}"
                f"<p class='hfs-note'><small>Sources: {sources(seg.evidence)}</small></p>")

    def step(self, delta: int) -> None:
        keys = list(model.SEGMENTS)
        i = min(max(keys.index(self.segment.value) + delta, 0), len(keys) - 1)
        self.segment.value = keys[i]

    def _refresh(self, change=None) -> None:
        seg = model.segment(self.segment.value)
        fig = self.course
        keys = list(_PATH)
        # Only the old and the new selection change colour: touching every trace costs time per click.
        changed = {k for k in (self._shown, seg.key) if k is not None}
        with fig.batch_update():
            for key in changed:
                on = key == seg.key
                trace = fig.data[keys.index(key)]
                trace.line.color = SELECTED if on else GREY
                trace.line.width = 8 if on else 3
                trace.marker.color = SELECTED if on else GREY
            for j, (spur_seg, *_rest) in enumerate(_SPURS):
                if spur_seg in changed:
                    on = spur_seg == seg.key
                    trace = fig.data[self._n_path + j]
                    trace.line.color = BRANCH_COLOUR if on else "#9A9A9A"
                    trace.line.width = 5 if on else 2
            x, y = _PATH[seg.key]
            fig.data[-1].x, fig.data[-1].y = [float(np.mean(x))], [float(np.mean(y)) - 0.35]
            fig.data[-1].text = ["▲ selected"]
            fig.layout.title.text = f"Course of CN VII: <b>{html.escape(seg.name)}</b>"
        self._shown = seg.key
        terminal = seg.key in TERMINAL_BRANCHES
        states = {(m, "right"): "selected" for m in seg.reaches}
        labels = _numbered(seg.reaches)[0] if terminal else {(m, "right"): "" for m in seg.reaches}
        title = (f"{seg.name}: its {len(seg.reaches)} muscles, numbered" if terminal
                 else f"From the {seg.name.split(' (')[0].lower()}:<br>every muscle of facial expression")
        if seg.reaches == self._face_shows:
            # Segments from the nucleus to the parotid reach the same muscles: only the title changes.
            self.painter.figure.layout.title.text = title  # the widget exists: _build took it in __init__
        else:
            self.painter.paint(states, labels=labels, title=title)
            self._face_shows = seg.reaches
        self.step_back.disabled = seg.key == model.COURSE[0].key
        self.step_on.disabled = seg.key == model.COURSE[-1].key
        self.panel.value = self._panels[seg.key]

    def figures(self):
        return [(self.course, PATH_HEIGHT), (self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        _rescale_face(self.painter)

    def static(self) -> StaticForm:
        fig = _course_figure(widget=False, selected="mastoid")
        fig.layout.title.text = "The course of the facial nerve (schematic; mastoid segment highlighted)"
        rows = [[s.name, s.region, "; ".join(f"{b.name}: {b.function}" for b in s.branches) or "—",
                 evidence.label(s.evidence[0])] for s in model.COURSE]
        return StaticForm(
            title="The facial nerve from nucleus to muscle",
            alt=("Schematic pathway. In the pons the nerve starts at the facial motor nucleus, loops around the abducens "
                 "nucleus (the internal genu) and leaves at the root exit zone. It crosses the cerebellopontine angle beside "
                 "the vestibulocochlear nerve (drawn dashed), enters the internal acoustic meatus, runs through the "
                 "labyrinthine segment to the geniculate ganglion, where the greater petrosal nerve (tears) leaves, then "
                 "along the tympanic and mastoid segments, where the nerve to stapedius and the chorda tympani (taste) leave. "
                 "It exits at the stylomastoid foramen, gives off the posterior auricular, digastric and stylohyoid branches, "
                 "divides in the parotid and fans out into the temporal, zygomatic, buccal, marginal mandibular and "
                 "cervical branches."),
            figures=[fig], headers=["Segment", "Region", "Branches given off (function)", "Source"], rows=rows)


# --- 2. branch–muscle map ---------------------------------------------------------------------


class BranchMuscleMap(View):
    """Branch → its muscles on the face, or muscle → its branch (and 'not CN VII' for the jaw)."""

    def __init__(self, initial_branch: str = "temporal", initial_muscle: str = "oris"):
        super().__init__()
        self.direction = ipw.ToggleButtons(options=[("Branch → muscles", "branch"), ("Muscle → branch", "muscle")],
                                           value="branch", description="Ask:", style=WIDE)
        self.branch = ipw.Dropdown(options=[(f"{b.capitalize()} branch", b) for b in TERMINAL_BRANCHES],
                                   value=initial_branch, description="Branch:", style=WIDE)
        self.muscle = ipw.Dropdown(options=[(m.name, k) for k, m in MUSCLES.items()], value=initial_muscle,
                                   description="Muscle:", style=WIDE)
        self.painter = _face_painter("Branch → muscles")
        self.panel = ipw.HTML()
        self._branch_panels = {b: self._branch_html(b) for b in TERMINAL_BRANCHES}
        self._muscle_panels = {k: self._muscle_html(k) for k in MUSCLES}
        for control in (self.direction, self.branch, self.muscle):
            control.observe(self.guarded(self._refresh), names="value")
        self._refresh()
        controls = ipw.VBox([self.direction, self.branch, self.muscle, self.panel],
                            layout=ipw.Layout(width="46%", min_width="280px"))
        self._build([_beside(controls, self.painter.figure)], label="branch–muscle map")

    @staticmethod
    def _dual_note(muscles) -> str:
        notes = []
        for name, (branches, ids, regions) in model.DUAL_SUPPLY.items():
            if set(regions) & set(muscles):
                notes.append(f"<p class='hfs-note'><small>The face draws {name} in two halves, one per branch. The real "
                             f"muscle is supplied by {html.escape(', '.join(branches))} branches. {sources(ids)}</small></p>")
        return "".join(notes)

    def _branch_html(self, branch: str) -> str:
        seg = model.segment(branch)
        listing = _numbered(seg.reaches)[1]
        extra = model.TERMINAL_EXTRAS[branch]
        more = f"<p>Also (not drawn): {html.escape(', '.join(extra))}.</p>" if extra else ""
        return (f"<h4>{html.escape(seg.name)}</h4><p>The numbers on the face:</p>{listing}{more}"
                f"{self._dual_note(seg.reaches)}"
                f"<p class='hfs-note'><small>Sources: {sources(seg.evidence)}</small></p>")

    def _muscle_html(self, key: str) -> str:
        m = MUSCLES[key]
        if not m.is_facial:
            return (f"<h4>{html.escape(m.name)}</h4><p>{html.escape(m.action)}.</p>"
                    f"<p class='hfs-message'><b>Not the facial nerve.</b> Driven by the {html.escape(m.nerve)}. "
                    f"A spasm of this muscle is not hemifacial spasm.</p>"
                    f"<p class='hfs-note'><small>Source: {evidence.html_cite('ANA-19')}</small></p>")
        branch = " and ".join(m.branches)
        return (f"<h4>{html.escape(m.name)}</h4><p>{html.escape(m.action)}.</p>"
                f"<p><b>Branch:</b> {html.escape(branch)} branch of the facial nerve (CN VII).</p>"
                f"{self._dual_note([key])}<p class='hfs-note'><small>Sources: {sources(m.evidence)}</small></p>")

    def _refresh(self, change=None) -> None:
        by_branch = self.direction.value == "branch"
        self.branch.disabled, self.muscle.disabled = not by_branch, by_branch
        if by_branch:
            branch = self.branch.value
            muscles = model.branch_map()[branch]
            self.painter.paint({(m, "right"): "selected" for m in muscles},
                               labels=_numbered(muscles)[0],
                               title=f"{branch.capitalize()} branch → {len(muscles)} muscle(s) drawn")
            self.panel.value = self._branch_panels[branch]
            return
        key = self.muscle.value
        m = MUSCLES[key]
        if not m.is_facial:
            self.painter.paint({(key, "right"): "other_nerve"}, labels={(key, "right"): "CN V, not VII"},
                               title=f"{m.name} → not the facial nerve")
        else:
            mates = [k for k in model.branch_map()[m.branches[0]] if k != key]
            states = {(k, "right"): "selected" for k in [key, *mates]}
            labels = {(key, "right"): "▶ " + _short(key), **{(k, "right"): "" for k in mates}}
            self.painter.paint(states, labels=labels, title=f"{m.name} → {' and '.join(m.branches)} branch"
                               + ("<br><sup>hatched without a label: the same branch's other muscles</sup>" if mates else ""))
        self.panel.value = self._muscle_panels[key]

    def figures(self):
        return [(self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        _rescale_face(self.painter)

    def static(self) -> StaticForm:
        abbreviation = {"temporal": "T", "zygomatic": "Z", "buccal": "B", "marginal mandibular": "MM", "cervical": "C"}
        states = {(k, "right"): "selected" for k in FACIAL_MUSCLES}
        labels = {(k, "right"): abbreviation[MUSCLES[k].branches[0]] for k in FACIAL_MUSCLES}
        states.update({(k, "right"): "other_nerve" for k in MUSCLES if not MUSCLES[k].is_facial})
        labels.update({(k, "right"): "V" for k in MUSCLES if not MUSCLES[k].is_facial})
        fig = face_figure(states, title="Each muscle's branch (patient's right)<br><sup>T temporal, Z zygomatic, "
                                        "B buccal, MM marginal mandibular, C cervical; V = trigeminal, not CN VII</sup>",
                          labels=labels, intensity={r: 0.55 for r in states})
        rows = [[m.name, ", ".join(m.branches) or "— (trigeminal nerve)", m.action, evidence.label(m.evidence[0])]
                for m in MUSCLES.values()]
        return StaticForm(
            title="Which branch drives which muscle",
            alt=("Schematic face; on the patient's right each muscle carries the letter of its branch. Forehead "
                 "(frontalis, corrugator) and upper eyelid: T. Lower eyelid: Z. Nose, upper lip, cheek and mouth "
                 "(nasalis, levator labii, zygomaticus, buccinator, orbicularis oris): B. Corner of the mouth and chin "
                 "(depressor anguli oris, mentalis): MM. Neck (platysma): C. Temporalis and masseter are grey with "
                 "horizontal lines and marked V: they belong to the trigeminal nerve."),
            figures=[fig], headers=["Muscle", "CN VII branch", "Action", "Source"], rows=rows)


# --- 3. lesion localiser ----------------------------------------------------------------------

_MARK = {model.LOST: "✘ lost", model.SPARED: "✔ spared", model.UNKNOWN: "? not stated in the sources"}


def _paint_weakness(painter: FacePainter, weak_side: str, weakness: dict, title: str, forehead_spared: bool,
                    fade_mild: bool = False) -> None:
    """Weak muscles dotted blue with a word; partly weak ones labelled 'mild'. Fading by opacity is kept
    for static figures: set on a FigureWidget inside a container before display, it loses the traces."""
    states = {(m, weak_side): "weak" for m in weakness}
    intensity = {(m, weak_side): g for m, g in weakness.items()} if fade_mild else None
    labels = {(m, weak_side): "" for m in weakness}
    labels[("oris", weak_side)] = "weak" if "oris" in weakness else ""
    mild = [m for m in weakness if weakness[m] < 1.0]
    if mild:
        labels[(mild[-1], weak_side)] = "mild"
    first = next((m for m in weakness if weakness[m] == 1.0), None)
    if first and "oris" not in weakness:
        labels[(first, weak_side)] = "weak"
    if forehead_spared:
        for m in model.FOREHEAD:
            states[(m, weak_side)] = "spared"
            labels[(m, weak_side)] = "spared" if m == "frontalis" else ""
    painter.paint(states, intensity=intensity, labels=labels, title=title)


def deficit_rows(effect: model.LesionEffect) -> list[list[str]]:
    """The panel's table: what is lost and what is spared, in words (never colour alone)."""
    weak = "all muscles" if effect.weak_muscles == frozenset(FACIAL_MUSCLES) else ", ".join(
        _name(m) + (" (mild)" if g < 1 else "") for m, g in effect.weakness.items())
    other = []
    if effect.hearing_loss:
        other.append("hearing loss and tinnitus (VIII)")
    if effect.abducens_palsy:
        other.append("VI or gaze palsy on the lesion side")
    return [
        ["Face", f"weak on the {_side_word(effect.weak_side)} side: {weak}"],
        ["Forehead", "✔ spared" if effect.forehead == "spared" else "✘ weak"],
        ["Tears (greater petrosal nerve)", _MARK[effect.lacrimation]],
        ["Stapedius → hyperacusis", {model.LOST: "✘ stapedius lost: hyperacusis", model.SPARED: "✔ spared: no hyperacusis",
                                     model.UNKNOWN: _MARK[model.UNKNOWN]}[effect.stapedius]],
        ["Taste, front of tongue (chorda tympani)", _MARK[effect.taste]],
        ["Other findings", "; ".join(other) or "none expected"],
    ]


class LesionLocaliser(View):
    """Place a lesion and see its deficits; then the reverse: localise generated cases."""

    def __init__(self, seed: int = 1):
        super().__init__()
        self.seed = seed
        self.mode = ipw.ToggleButtons(options=[("Place a lesion", "place"), ("Localise a case", "case")], value="place",
                                      description="Exercise:", style=WIDE)
        self.level = ipw.Dropdown(options=[(lv.name, k) for k, lv in model.LEVELS.items()], value="stylomastoid",
                                  description="Lesion level:", style=WIDE, layout=ipw.Layout(width="100%"))
        self.side = ipw.ToggleButtons(options=[("Patient's right", "right"), ("Patient's left", "left")], value="right",
                                      description="Lesion side:", style=WIDE)
        self.branch = ipw.Dropdown(options=[(f"{b.capitalize()} branch", b) for b in TERMINAL_BRANCHES],
                                   value="zygomatic", description="Parotid branch:", style=WIDE, disabled=True)
        self.deficits = ipw.HTML()
        self.place_box = ipw.VBox([self.level, self.side, self.branch, self.deficits])
        # The reverse exercise.
        self.new_case = ipw.Button(description="New case", icon="random", tooltip="Generate another patient")
        self.case_text = ipw.HTML()
        self.answer = ipw.Dropdown(options=[(label, k) for k, (_l, _b, label) in model.ANSWERS.items()], value=None,
                                   description="Your level:", style=WIDE, layout=ipw.Layout(width="100%"))
        self.answer_side = ipw.ToggleButtons(options=[("Patient's right", "right"), ("Patient's left", "left")],
                                             value="right", description="Lesion side:", style=WIDE)
        self.check = ipw.Button(description="Check", button_style="primary", icon="check", tooltip="Check your lesion")
        self.reveal = ipw.Button(description="Show answer", icon="eye", tooltip="Show the right level")
        self.feedback = ipw.HTML()
        self.case_box = ipw.VBox([self.new_case, self.case_text, self.answer, self.answer_side,
                                  ipw.HBox([self.check, self.reveal]), self.feedback],
                                 layout=ipw.Layout(display="none"))
        self.painter = _face_painter("Lesion")
        self.n_cases = 0
        self.n_right = 0
        self.case: model.Case | None = None
        for control in (self.level, self.side, self.branch):
            control.observe(self.guarded(self._refresh), names="value")
        self.mode.observe(self.guarded(self._switch), names="value")
        self.new_case.on_click(self.guarded(lambda _: self.next_case()))
        self.check.on_click(self.guarded(lambda _: self.check_answer()))
        self.reveal.on_click(self.guarded(lambda _: self.show_answer()))
        self._refresh()
        controls = ipw.VBox([self.mode, self.place_box, self.case_box], layout=ipw.Layout(width="46%", min_width="300px"))
        self._build([_beside(controls, self.painter.figure)], label="lesion localiser")

    # forward: place a lesion
    def _refresh(self, change=None) -> None:
        level = self.level.value
        self.branch.disabled = level != "parotid"
        effect = model.lesion_effect(level, self.side.value, self.branch.value if level == "parotid" else None)
        lv = model.LEVELS[level]
        where = lv.short + (f", {effect.branch} branch" if effect.branch else "")
        title = f"Lesion: {where}, {_side_word(effect.lesion_side)}<br>→ {effect.weak_side.upper()} face weak"
        _paint_weakness(self.painter, effect.weak_side, effect.weakness, title,
                        forehead_spared=lv.contralateral)
        rows = "".join(f"<tr><th scope='row'>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>"
                       for a, b in deficit_rows(effect))
        side_note = ("<p><b>Opposite side:</b> a cortical lesion weakens the face on the side opposite the lesion.</p>"
                     if lv.contralateral else "")
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in lv.notes)
        self.deficits.value = (f"<table class='hfs-table'><tbody>{rows}</tbody></table>{side_note}<ul>{notes}</ul>"
                               f"<p class='hfs-note'><small>Sources: {sources(effect.evidence)}</small></p>")

    def _switch(self, change=None) -> None:
        placing = self.mode.value == "place"
        self.place_box.layout.display = None if placing else "none"
        self.case_box.layout.display = "none" if placing else None
        if placing:
            self._refresh()
        elif self.case is None:
            self.next_case()
        else:
            self._show_case()

    # reverse: localise a generated case
    def next_case(self) -> None:
        self.n_cases += 1
        self.case = model.generate_case(self.seed * 1000 + self.n_cases, number=self.n_cases)
        self.answer.value = None
        self.feedback.value = ""
        self._show_case()

    def _show_case(self) -> None:
        case = self.case
        face = ", ".join(_name(m) + (" (mildly)" if g < 1 else "") for m, g in case.weakness.items())
        if case.weak_muscles == frozenset(FACIAL_MUSCLES):
            face = "every muscle, forehead included"
        items = "".join(f"<li><b>{html.escape(name)}:</b> {html.escape(result)}</li>"
                        for name, result in (model.case_result(t, v) for t, v in case.tests.items()))
        self.case_text.value = (f"<h4>Case {case.number}</h4><p><b>Weak on the {_side_word(case.weak_side)} side:</b> "
                                f"{html.escape(face)}.</p><ul>{items}</ul>"
                                f"<p>Where is the lesion, and on which side?</p>"
                                f"<p class='hfs-note'><small>How the cases are built: {evidence.html_cite('L1-CASES')}</small></p>")
        spared = not any(m in case.weakness for m in model.FOREHEAD) and "oris" in case.weakness
        _paint_weakness(self.painter, case.weak_side, case.weakness, f"Case {case.number}: where is the lesion?",
                        forehead_spared=spared)

    def check_answer(self) -> bool:
        if self.answer.value is None:
            raise ValueError("choose a level in 'Your level' first")
        right, reasons = model.check_answer(self.case, self.answer.value, self.answer_side.value)
        self.n_right += right
        if right:
            text = "<b>✔ Correct.</b> " + html.escape(model.LEVELS[model.ANSWERS[self.case.answer][0]].notes[0])
        else:
            why = "".join(f"<li>{html.escape(r)}</li>" for r in reasons) or "<li>the level fits, but the side does not</li>"
            text = f"<b>✘ Not quite.</b> A lesion there does not fit:<ul>{why}</ul>Try again, or press Show answer."
        self.feedback.value = f"<div role='status'>{text}</div>"
        return right

    def show_answer(self) -> None:
        level, branch, label = model.ANSWERS[self.case.answer]
        lv = model.LEVELS[level]
        self.feedback.value = (f"<div role='status'><b>Answer:</b> {html.escape(label)}, on the "
                               f"{_side_word(self.case.lesion_side)} side. {html.escape(' '.join(lv.notes))} "
                               f"<small>{sources(lv.evidence)}</small></div>")

    def figures(self):
        return [(self.painter.figure, FACE_HEIGHT)]

    def rescale(self) -> None:
        super().rescale()
        _rescale_face(self.painter)

    def static(self) -> StaticForm:
        figs = []
        for level, title in (("cortex", "Right cortical lesion: LEFT lower face weak, forehead spared"),
                             ("stylomastoid", "Right stylomastoid lesion: whole RIGHT face weak")):
            effect = model.lesion_effect(level, "right")
            painter = FacePainter(title, widget=False, height=FACE_HEIGHT)
            _paint_weakness(painter, effect.weak_side, effect.weakness, title, model.LEVELS[level].contralateral,
                            fade_mild=True)
            figs.append(painter.figure)
        rows = []
        for key, lv in model.LEVELS.items():
            effect = model.lesion_effect(key, "right", "zygomatic" if key == "parotid" else None)
            cells = dict(deficit_rows(effect))
            rows.append([lv.name + (" (e.g. zygomatic)" if key == "parotid" else ""), cells["Face"].split(": ", 1)[0],
                         cells["Forehead"], cells["Tears (greater petrosal nerve)"], cells["Stapedius → hyperacusis"],
                         cells["Taste, front of tongue (chorda tympani)"], cells["Other findings"],
                         evidence.label(lv.evidence[0])])
        return StaticForm(
            title="What a facial-nerve lesion at each level does (lesion on the patient's right)",
            alt=("Two schematic faces. First: after a lesion of the right motor cortex the left lower face is weak "
                 "(dotted blue) and the left forehead is spared (green), the eyelid only mildly weak. Second: after a lesion "
                 "at the right stylomastoid foramen every muscle on the right side, forehead included, is weak. The table "
                 "lists, level by level from cortex to parotid, the side of the weakness, the forehead, tears, "
                 "hyperacusis, taste and other findings."),
            figures=figs,
            headers=["Lesion level", "Face", "Forehead", "Tears", "Hyperacusis", "Taste", "Other", "Source"], rows=rows)


# --- 4. root exit zone close-up ---------------------------------------------------------------

# Schematic geometry (not to scale): the pons on the left, the nerve leaving it to the right.
_NERVE_Y = 2.6
_SITES = {  # where on the root the vessel presses, x position on the drawing (REZ-05 categories)
    "Root exit point": 2.0,
    "Attached segment": 3.0,
    "Detachment point / transition zone": 4.15,
    "Distal cisternal": 7.4,
}
_VESSEL_STYLE = {  # colour, dash, width (px), approach (+1 from above, -1 from below); the name is written
    "AICA": (style.OKABE_ITO["vermillion"], "solid", 16, +1),        # on the loop as the second cue
    "PICA": (style.OKABE_ITO["reddish_purple"], "solid", 16, -1),
    "VA": (style.OKABE_ITO["vermillion"], "solid", 24, -1),
}


def _vessel_text(key: str) -> tuple[list[str], str]:
    """The vessel's name at the free end of its loop, so it reads without colour."""
    return [""] * 39 + [key], ("top center" if _VESSEL_STYLE[key][3] > 0 else "bottom center")
_ZONES = [  # x0, x1, label, colour, pattern
    (1.7, 3.85, "central myelin (glial)", style.OKABE_ITO["sky_blue"], "."),
    (3.85, 4.45, "transition zone", style.OKABE_ITO["yellow"], "x"),
    (4.45, 9.6, "peripheral myelin (Schwann cells)", style.OKABE_ITO["bluish_green"], "/"),
]


def _vessel_path(site_x: float, approach: int, decompressed: bool):
    """A loop of artery pressing on the nerve at site_x from above or below (or held away)."""
    t = np.linspace(0, np.pi, 40)
    gap = 1.0 if decompressed else 0.3
    x = site_x + 0.8 * np.cos(t)
    y = _NERVE_Y + approach * (gap + 1.2 * (1 - np.sin(t)))
    return x, y


# Trace order of the close-up, so callbacks change the right trace without searching.
_I_VESSEL = 2 + 3  # pons, pons surface under the root, three myelin zones
_I_PAD, _I_SPARKS, _I_SITES = _I_VESSEL + 1, _I_VESSEL + 2, _I_VESSEL + 3


_SITE_WORDS = {"Root exit point": "exit<br>point", "Attached segment": "attached<br>segment",
               "Detachment point / transition zone": "detachment<br>point (TZ)", "Distal cisternal": "distal<br>cisternal"}


def _site_labels(chosen: str) -> list[str]:
    return [f"▲<br><b>{_SITE_WORDS[s].upper()}</b>" if s == chosen else f"▲<br>{_SITE_WORDS[s]}" for s in _SITES]


def _rez_figure(widget: bool, vessel_key: str, site: str, decompressed: bool) -> go.Figure:
    traces = []
    pons_t = np.linspace(-np.pi / 2, np.pi / 2, 60)
    traces.append(go.Scatter(x=list(-0.4 + 2.4 * np.cos(pons_t)), y=list(2.9 + 2.9 * np.sin(pons_t)), mode="lines",
                             fill="toself", fillcolor="#E4E4E4", line=dict(color=GREY, width=2), name="pons",
                             hoverinfo="name", showlegend=False))
    # The attached segment lies on the pontine surface until the root detaches at the transition zone.
    traces.append(go.Scatter(x=[1.85, 3.85, 1.85, 1.85], y=[1.7, _NERVE_Y - 0.22, _NERVE_Y - 0.22, 1.7], mode="lines",
                             fill="toself", fillcolor="#E4E4E4", line=dict(color=GREY, width=1), name="pontine surface",
                             hoverinfo="name", showlegend=False))
    for x0, x1, label, colour, pattern in _ZONES:
        traces.append(go.Scatter(x=[x0, x1, x1, x0, x0], y=[_NERVE_Y - 0.22, _NERVE_Y - 0.22, _NERVE_Y + 0.22,
                                                              _NERVE_Y + 0.22, _NERVE_Y - 0.22],
                                 mode="lines", fill="toself", fillcolor=colour, line=dict(color=GREY, width=1),
                                 fillpattern=dict(shape=pattern, fgcolor="#333333", size=6), name=label,
                                 hoverinfo="name", showlegend=True))
    colour, dash, width, approach = _VESSEL_STYLE[vessel_key]
    vx, vy = _vessel_path(_SITES[site], approach, decompressed)
    text, where = _vessel_text(vessel_key)
    traces.append(go.Scatter(x=list(vx), y=list(vy), mode="lines+text", text=text, textposition=where,
                             line=dict(color=colour, width=width, dash=dash), textfont=dict(size=style.font_px(1.0)),
                             name=f"{vessel_key} ({model.vessel(vessel_key)[0]})", hoverinfo="name", showlegend=True))
    traces.append(go.Scatter(x=[_SITES[site]], y=[_NERVE_Y + approach * 0.75], mode="markers+text", text=["pad"],
                             textposition="middle right", name="Teflon pad", hoverinfo="name", showlegend=False,
                             marker=dict(symbol="square", size=18, color="#FFFFFF", line=dict(color=GREY, width=2)),
                             visible=decompressed))
    traces.append(go.Scatter(x=list(np.linspace(_SITES[site] + 0.6, 9.2, 5)), y=[_NERVE_Y] * 5, mode="markers",
                             marker=dict(symbol="star", size=16, color=style.OKABE_ITO["black"]), showlegend=True,
                             visible=not decompressed, name="ectopic impulses (schematic)", hoverinfo="name"))
    traces.append(go.Scatter(x=list(_SITES.values()), y=[0.45] * len(_SITES), mode="text", text=_site_labels(site),
                             textfont=dict(size=style.font_px(0.8), color="#222222"), hoverinfo="skip",
                             showlegend=False, name="sites"))
    notes = [
        dict(x=0.3, y=4.9, text="pons", showarrow=False),
        dict(x=9.6, y=_NERVE_Y + 0.5, text="to the internal acoustic meatus →", showarrow=False, xanchor="right"),
        dict(x=9.6, y=5.1, text="<i>schematic: not to scale; the vessel's direction is not anatomical</i>",
             showarrow=False, xanchor="right", font=dict(size=style.font_px(0.75), color="#555555")),
    ]
    title = (f"{vessel_key} held away from the root by a pad (what surgery does)" if decompressed
             else f"{vessel_key} pressing on the root: {site.lower()}")
    layout = style.figure_layout(
        height=REZ_HEIGHT, title=dict(text=title, x=0.5),
        xaxis=dict(visible=False, range=[-0.3, 9.8], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.25, 5.3], fixedrange=True),
        legend=dict(orientation="h", y=-0.02, x=0.0, yanchor="top"), margin=dict(l=10, r=10, t=50, b=70),
        annotations=notes)
    return (LiveFigure if widget else go.Figure)(data=traces, layout=layout)


_BAR_COLOURS = {"AICA": style.OKABE_ITO["blue"], "PICA": style.OKABE_ITO["orange"],
                "Vertebral artery": style.OKABE_ITO["bluish_green"], "Vertebrobasilar complex": style.OKABE_ITO["bluish_green"],
                "Vertebrobasilar + PICA/AICA": style.OKABE_ITO["bluish_green"], "Large vein": style.OKABE_ITO["reddish_purple"]}
_BAR_PATTERNS = {"AICA": "", "PICA": "/", "Vertebral artery": "x", "Vertebrobasilar complex": "x",
                 "Vertebrobasilar + PICA/AICA": "x", "Large vein": "."}
_VESSEL_BAR = {"AICA": ("AICA",), "PICA": ("PICA",), "VA": ("Vertebral artery", "Vertebrobasilar complex",
                                                              "Vertebrobasilar + PICA/AICA")}


def _bar_style(s: model.Series, vessel_key: str | None):
    colours, patterns, widths = [], [], []
    for i, c in enumerate(s.categories):
        if s.key == "aica_share":
            colours.append(_BAR_COLOURS["AICA"])
            patterns.append("")
        elif s.key.startswith("site"):
            colours.append(style.SERIES[i])
            patterns.append(["", "/", "x", "."][i])
        else:
            colours.append(_BAR_COLOURS[c])
            patterns.append(_BAR_PATTERNS[c])
        chosen = vessel_key is not None and (c in _VESSEL_BAR[vessel_key] or (s.key == "aica_share" and vessel_key == "AICA"))
        widths.append(4 if chosen else 0.5)
    return colours, patterns, widths


def _chart_title(s: model.Series) -> str:
    cited = sources(s.evidence) if len(set(s.evidence)) == 1 else "(sources below the chart)"
    return f"{s.title}<br><sup>{cited}</sup>"


def _wrap(label: str, width: int = 16) -> str:
    """Break a long axis label at the space nearest its middle, so labels stay horizontal."""
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "<br>" + label[cut + 1:]


def _ticks(s: model.Series) -> list[str]:
    """Category and value together, so the number is read without the bar's colour or height."""
    out = []
    for i, (c, p) in enumerate(zip(s.categories, s.percents)):
        ci = f"<br>(CI {s.low[i]:g}–{s.high[i]:g})" if s.low and s.low[i] is not None else ""
        out.append(f"{_wrap(c)}<br><b>{p:g}%</b>{ci}")
    return out


_MAX_BARS = max(len(s.categories) for s in model.REZ_SERIES.values())


def _chart_figure(widget: bool, series_key: str, vessel_key: str | None) -> go.Figure:
    """One bar trace per category: plotly.js warns about a colour array combined with fill patterns,
    and a trace per bar keeps each bar's colour, pattern and whisker its own."""
    bars = [go.Bar(x=[], y=[], hovertemplate="%{y}%<extra></extra>", showlegend=False,
                   marker=dict(color=style.SERIES[0], pattern=dict(shape="", fgcolor="#222222"),
                               line=dict(color="#000000", width=0.5)),
                   error_y=dict(type="data", symmetric=False, array=[0], arrayminus=[0], visible=False))
            for _ in range(_MAX_BARS)]
    fig = (LiveFigure if widget else go.Figure)(
        data=bars,
        layout=style.figure_layout(height=CHART_HEIGHT, title=dict(text="", x=0.5), barmode="stack",
                                   yaxis=dict(title="% of patients", range=[0, 70]),
                                   xaxis=dict(title="", categoryorder="trace", tickangle=0),
                                   margin=dict(l=60, r=20, t=70, b=110), showlegend=False))
    _fill_chart(fig, model.series(series_key), vessel_key)
    return fig


def _fill_chart(fig, s: model.Series, vessel_key: str | None) -> None:
    colours, patterns, widths = _bar_style(s, vessel_key)
    ticks = _ticks(s)
    with fig.batch_update():
        for i, bar in enumerate(fig.data):
            if i >= len(s.categories):
                bar.x, bar.y, bar.visible = [], [], False
                continue
            bar.visible = True
            bar.x, bar.y, bar.name = [ticks[i]], [s.percents[i]], s.categories[i]
            bar.marker.color, bar.marker.pattern.shape, bar.marker.line.width = colours[i], patterns[i], widths[i]
            has_ci = bool(s.low) and s.low[i] is not None
            bar.error_y.visible = has_ci
            if has_ci:
                bar.error_y.array, bar.error_y.arrayminus = [s.high[i] - s.percents[i]], [s.percents[i] - s.low[i]]
        fig.layout.title.text = _chart_title(s)


class RootExitZone(View):
    """Close-up of the transition zone with a compressing artery, and the offending-vessel chart."""

    def __init__(self, vessel_key: str = "AICA", site: str = "Attached segment", series_key: str = "vessel_115"):
        super().__init__()
        self.vessel = ipw.Dropdown(options=[(f"{k}: {v[0]}", k) for k, v in model.VESSELS.items()], value=vessel_key,
                                   description="Vessel:", style=WIDE)
        self.site = ipw.Dropdown(options=list(_SITES), value=site, description="Where it presses:", style=WIDE)
        self.decompress = ipw.Checkbox(value=False, description="Move the vessel away (what surgery does)", indent=False)
        self.series = ipw.Dropdown(options=[(s.title, k) for k, s in model.REZ_SERIES.items()], value=series_key,
                                   description="Chart:", style=WIDE, layout=ipw.Layout(width="100%"))
        self.schematic = _rez_figure(True, vessel_key, site, False)  # made in its final state: no edit before display
        self.chart = _chart_figure(False, series_key, vessel_key)
        self.note = ipw.HTML()
        self._why = (
            "<p><b>Why here?</b> " + evidence.html_cite("REZ-01") + "</p>"
            "<p>" + evidence.html_cite("REZ-04") + "</p>"
            "<p><b>Why does the nerve fire?</b> " + evidence.html_cite("EMG-03") + "</p>")
        for control in (self.vessel, self.site, self.decompress):
            control.observe(self.guarded(self._refresh_schematic), names="value")
        self.series.observe(self.guarded(self._refresh_chart), names="value")
        self._refresh_chart()
        self.chart = _live(self.chart)
        controls = ipw.HBox([self.vessel, self.site, self.decompress], layout=ipw.Layout(flex_flow="row wrap"))
        self._build([controls, self.schematic,
                     ipw.HTML(self._why), self.series, self.chart, self.note], label="root exit zone close-up")

    def _refresh_schematic(self, change=None) -> None:
        key, site, away = self.vessel.value, self.site.value, self.decompress.value
        if site not in _SITES:
            raise ValueError(f"site must be one of {', '.join(_SITES)} (got {site!r})")
        colour, dash, width, approach = _VESSEL_STYLE[key]
        vx, vy = _vessel_path(_SITES[site], approach, away)
        fig = self.schematic
        with fig.batch_update():
            vessel_trace = fig.data[_I_VESSEL]
            vessel_trace.x, vessel_trace.y = list(vx), list(vy)
            vessel_trace.line.update(color=colour, dash=dash, width=width)
            vessel_trace.text, vessel_trace.textposition = _vessel_text(key)
            vessel_trace.name = f"{key} ({model.vessel(key)[0]})"
            fig.data[_I_PAD].x, fig.data[_I_PAD].y = [_SITES[site]], [_NERVE_Y + approach * 0.75]
            fig.data[_I_PAD].visible = away
            fig.data[_I_SPARKS].x = list(np.linspace(_SITES[site] + 0.6, 9.2, 5))
            fig.data[_I_SPARKS].visible = not away
            fig.data[_I_SITES].text = _site_labels(site)
            fig.layout.title.text = (f"{key} held away from the root by a pad (what surgery does)" if away
                                     else f"{key} pressing on the root: {site.lower()}")
        s = model.series(self.series.value)
        _colours, _patterns, widths = _bar_style(s, key)
        with self.chart.batch_update():
            for bar, width in zip(self.chart.data, widths):
                bar.marker.line.width = width

    def _refresh_chart(self, change=None) -> None:
        s = model.series(self.series.value)
        _fill_chart(self.chart, s, self.vessel.value)
        cites = "; ".join(evidence.html_cite(e) for e in dict.fromkeys(s.evidence))
        self.note.value = f"<p>{html.escape(s.note)}</p><p class='hfs-note'><small>{cites}</small></p>"

    def figures(self):
        return [(self.schematic, REZ_HEIGHT), (self.chart, CHART_HEIGHT)]

    def static(self) -> StaticForm:
        s = model.series("vessel_115")
        rows = [[ser.title, c, f"{p:g}%", evidence.label(ser.evidence_of(i))]
                for ser in model.REZ_SERIES.values() for i, (c, p) in enumerate(zip(ser.categories, ser.percents))]
        return StaticForm(
            title="The root exit zone and the vessels that compress it",
            alt=("Schematic: the facial nerve leaves the pons and lies on its surface (central, glial myelin, dotted) "
                 "before the short transition zone (cross-hatched) where peripheral Schwann-cell myelin (striped) begins. "
                 "A loop of the anterior inferior cerebellar artery presses on the root near the brainstem; stars along "
                 "the nerve mark ectopic impulses. Bar chart: in 115 operated patients the offending vessel was AICA 43%, "
                 f"PICA 31%, vertebral artery 23% and a large vein 3% ({sources(s.evidence)}); other series differ."),
            figures=[_rez_figure(False, "AICA", "Attached segment", False), _chart_figure(False, "vessel_115", None)],
            headers=["Data set", "Category", "Share", "Source"], rows=rows)


# --- make bench -------------------------------------------------------------------------------


def bench_cases():
    """One control change per call, exactly as a click would do it (figure updates included)."""
    explorer, mapper, localiser, rez = CourseExplorer(), BranchMuscleMap(), LesionLocaliser(), RootExitZone()
    segments, levels = list(model.SEGMENTS), list(model.LEVELS)
    muscles, series = list(MUSCLES), list(model.REZ_SERIES)
    state = {"seg": 0, "branch": 0, "muscle": 0, "level": 0, "vessel": 0, "series": 0}

    def cycle(name, options, control):
        state[name] = (state[name] + 1) % len(options)
        control.value = options[state[name]]

    def change_muscle():
        mapper.direction.value = "muscle"
        cycle("muscle", muscles, mapper.muscle)

    def new_case():
        localiser.mode.value = "case"
        localiser.new_case.click()

    def check_case():
        localiser.mode.value = "case"
        localiser.answer.value = "stylomastoid"
        localiser.check.click()

    def change_level():
        localiser.mode.value = "place"
        cycle("level", levels, localiser.level)

    return [
        ("anatomy: course explorer, change segment", lambda: cycle("seg", segments, explorer.segment)),
        ("anatomy: branch map, change branch",
         lambda: (setattr(mapper.direction, "value", "branch"), cycle("branch", list(TERMINAL_BRANCHES), mapper.branch))),
        ("anatomy: branch map, change muscle", change_muscle),
        ("anatomy: lesion localiser, change level", change_level),
        ("anatomy: lesion localiser, new case", new_case),
        ("anatomy: lesion localiser, check answer", check_case),
        ("anatomy: root exit zone, change vessel", lambda: cycle("vessel", list(model.VESSELS), rez.vessel)),
        ("anatomy: root exit zone, decompress", lambda: setattr(rez.decompress, "value", not rez.decompress.value)),
        ("anatomy: root exit zone, change chart", lambda: cycle("series", series, rez.series)),
    ]


__all__ = ["CourseExplorer", "BranchMuscleMap", "LesionLocaliser", "RootExitZone", "deficit_rows", "bench_cases"]
