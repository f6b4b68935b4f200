"""Lesson 1, widget 3: where is the lesion? (LesionLocaliser)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...face import FACIAL_MUSCLES, TERMINAL_BRANCHES
from ...ui.base import StaticForm
from ...ui.faceplot import FacePainter
from ...ui.html import WIDE, sources
from .. import model
from .common import FACE_HEIGHT, FaceView, _beside, _face_painter, _name, _side_word

# --- 3. lesion localiser ----------------------------------------------------------------------

_MARK = {
    model.LOST: "✘ lost",
    model.SPARED: "✔ spared",
    model.UNKNOWN: "? not stated in the sources",
    model.USUALLY_SPARED: "✔ usually spared; reduced tearing reported with fascicle lesions",
}


def _paint_weakness(
    painter: FacePainter, weak_side: str, weakness: dict, title: str, forehead_spared: bool, fade_mild: bool = False
) -> None:
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
    weak = (
        "all muscles"
        if effect.weak_muscles == frozenset(FACIAL_MUSCLES)
        else ", ".join(_name(m) + (" (mild)" if g < 1 else "") for m, g in effect.weakness.items())
    )
    other = []
    if effect.hearing_loss:
        other.append("hearing loss and tinnitus (VIII)")
    if effect.abducens_palsy:
        other.append("VI or gaze palsy on the lesion side")
    return [
        ["Face", f"weak on the {_side_word(effect.weak_side)} side: {weak}"],
        ["Forehead", "✔ spared" if effect.forehead == "spared" else "✘ weak"],
        ["Tears (greater petrosal nerve)", _MARK[effect.lacrimation]],
        [
            "Stapedius → hyperacusis",
            {
                model.LOST: "✘ stapedius lost: hyperacusis",
                model.SPARED: "✔ spared: no hyperacusis",
                model.UNKNOWN: _MARK[model.UNKNOWN],
            }[effect.stapedius],
        ],
        ["Taste, front of tongue (chorda tympani)", _MARK[effect.taste]],
        ["Other findings", "; ".join(other) or "none expected"],
    ]


class LesionLocaliser(FaceView):
    """Place a lesion and see its deficits; then the reverse: localise generated cases."""

    def __init__(self, seed: int = 1):
        super().__init__()
        self.seed = seed
        self.mode = ipw.ToggleButtons(
            options=[("Place a lesion", "place"), ("Localise a case", "case")],
            value="place",
            description="Exercise:",
            style=WIDE,
        )
        self.level = ipw.Dropdown(
            options=[(lv.name, k) for k, lv in model.LEVELS.items()],
            value="stylomastoid",
            description="Lesion level:",
            style=WIDE,
            layout=ipw.Layout(width="100%"),
        )
        self.side = ipw.ToggleButtons(
            options=[("Patient's right", "right"), ("Patient's left", "left")],
            value="right",
            description="Lesion side:",
            style=WIDE,
        )
        self.branch = ipw.Dropdown(
            options=[(f"{b.capitalize()} branch", b) for b in TERMINAL_BRANCHES],
            value="zygomatic",
            description="Parotid branch:",
            style=WIDE,
            disabled=True,
        )
        self.deficits = ipw.HTML()
        self.place_box = ipw.VBox([self.level, self.side, self.branch, self.deficits])
        # The reverse exercise.
        self.new_case = ipw.Button(description="New case", icon="random", tooltip="Generate another patient")
        self.case_text = ipw.HTML()
        self.answer = ipw.Dropdown(
            options=[(label, k) for k, (_l, _b, label) in model.ANSWERS.items()],
            value=None,
            description="Your level:",
            style=WIDE,
            layout=ipw.Layout(width="100%"),
        )
        self.answer_side = ipw.ToggleButtons(
            options=[("Patient's right", "right"), ("Patient's left", "left")],
            value="right",
            description="Lesion side:",
            style=WIDE,
        )
        self.check = ipw.Button(description="Check", button_style="primary", icon="check", tooltip="Check your lesion")
        self.reveal = ipw.Button(description="Show answer", icon="eye", tooltip="Show the right level")
        self.feedback = ipw.HTML()
        self.case_box = ipw.VBox(
            [
                self.new_case,
                self.case_text,
                self.answer,
                self.answer_side,
                ipw.HBox([self.check, self.reveal]),
                self.feedback,
            ],
            layout=ipw.Layout(display="none"),
        )
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
        controls = ipw.VBox(
            [self.mode, self.place_box, self.case_box], layout=ipw.Layout(width="46%", min_width="300px")
        )
        self._build([_beside(controls, self.painter.figure)], label="lesion localiser")

    # forward: place a lesion
    def _refresh(self, change=None) -> None:
        level = self.level.value
        self.branch.disabled = level != "parotid"
        effect = model.lesion_effect(level, self.side.value, self.branch.value if level == "parotid" else None)
        lv = model.LEVELS[level]
        where = lv.short + (f", {effect.branch} branch" if effect.branch else "")
        title = f"Lesion: {where}, {_side_word(effect.lesion_side)}<br>→ {effect.weak_side.upper()} face weak"
        _paint_weakness(self.painter, effect.weak_side, effect.weakness, title, forehead_spared=lv.contralateral)
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>" for a, b in deficit_rows(effect)
        )
        side_note = (
            "<p><b>Opposite side:</b> a cortical lesion weakens the face on the side opposite the lesion.</p>"
            if lv.contralateral
            else ""
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in lv.notes)
        self.deficits.value = (
            f"<table class='hfs-table'><tbody>{rows}</tbody></table>{side_note}<ul>{notes}</ul>"
            f"<p class='hfs-note'><small>Sources: {sources(effect.evidence)}</small></p>"
        )

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
        items = "".join(
            f"<li><b>{html.escape(name)}:</b> {html.escape(result)}</li>"
            for name, result in (model.case_result(t, v) for t, v in case.tests.items())
        )
        self.case_text.value = (
            f"<h4>Case {case.number}</h4><p><b>Weak on the {_side_word(case.weak_side)} side:</b> "
            f"{html.escape(face)}.</p><ul>{items}</ul>"
            f"<p>Where is the lesion, and on which side?</p>"
            f"<p class='hfs-note'><small>How the cases are built: {evidence.html_cite('L1-CASES')}</small></p>"
        )
        spared = not any(m in case.weakness for m in model.FOREHEAD) and "oris" in case.weakness
        _paint_weakness(
            self.painter,
            case.weak_side,
            case.weakness,
            f"Case {case.number}: where is the lesion?",
            forehead_spared=spared,
        )

    def check_answer(self) -> bool:
        if self.answer.value is None:
            raise ValueError("choose a level in 'Your level' first")
        right, reasons = model.check_answer(self.case, self.answer.value, self.answer_side.value)
        self.n_right += right
        if right:
            text = "<b>✔ Correct.</b> " + html.escape(model.LEVELS[model.ANSWERS[self.case.answer][0]].notes[0])
        else:
            why = (
                "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
                or "<li>the level fits, but the side does not</li>"
            )
            text = f"<b>✘ Not quite.</b> A lesion there does not fit:<ul>{why}</ul>Try again, or press Show answer."
        self.feedback.value = f"<div role='status'>{text}</div>"
        return right

    def show_answer(self) -> None:
        level, branch, label = model.ANSWERS[self.case.answer]
        lv = model.LEVELS[level]
        self.feedback.value = (
            f"<div role='status'><b>Answer:</b> {html.escape(label)}, on the "
            f"{_side_word(self.case.lesion_side)} side. {html.escape(' '.join(lv.notes))} "
            f"<small>{sources(lv.evidence)}</small></div>"
        )

    def static(self) -> StaticForm:
        figs = []
        for level, title in (
            # titles that name the lesion, not its result: section 3 asks which side is weak and the forehead
            ("cortex", "Lesion in the right motor cortex"),
            ("stylomastoid", "Lesion at the right stylomastoid foramen"),
        ):
            effect = model.lesion_effect(level, "right")
            painter = FacePainter(title, widget=False, height=FACE_HEIGHT)
            _paint_weakness(
                painter, effect.weak_side, effect.weakness, title, model.LEVELS[level].contralateral, fade_mild=True
            )
            figs.append(painter.figure)
        rows = []
        for key, lv in model.LEVELS.items():
            effect = model.lesion_effect(key, "right", "zygomatic" if key == "parotid" else None)
            cells = dict(deficit_rows(effect))
            rows.append(
                [
                    lv.name + (" (e.g. zygomatic)" if key == "parotid" else ""),
                    cells["Face"].split(": ", 1)[0],
                    cells["Forehead"],
                    cells["Tears (greater petrosal nerve)"],
                    cells["Stapedius → hyperacusis"],
                    cells["Taste, front of tongue (chorda tympani)"],
                    cells["Other findings"],
                    evidence.label(lv.evidence[0]),
                ]
            )
        return StaticForm(
            title="What a facial-nerve lesion at each level does (lesion on the patient's right)",
            alt=(
                "Two schematic faces, one for a lesion of the right motor cortex and one for a lesion at the right "
                "stylomastoid foramen; weak muscles are dotted blue and labelled weak (a partly weak one mild), spared "
                "ones green and labelled spared. The table, behind 'Show the table', lists level by level from cortex "
                "to parotid the side of the weakness, the forehead, tears, hyperacusis, taste and other findings."
            ),
            figures=figs,
            headers=["Lesion level", "Face", "Forehead", "Tears", "Hyperacusis", "Taste", "Other", "Source"],
            rows=rows,
            # the cortex and foramen rows answer section 3, the tympanic row section 4's patient
            fold_table="Show the table (it answers the questions above)",
        )
