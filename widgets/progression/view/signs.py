"""Lesson 2, widget 3: the other Babinski sign and the lateral spread response (SignsView)."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ... import evidence
from ...face import TERMINAL_BRANCHES, short_name
from ...ui import charts, style
from ...ui.base import StaticForm, View, behind_button, columns
from ...ui.faceplot import face_figure
from .. import model
from .common import FACE_HEIGHT, FACE_ROWS, FOLD, LSR_HEIGHT, face_box, new_face, rescale_face

# On a projector the face leaves room beside it for the sign's text, in half the screen's width (px).
SIGN_PRESENTER_SIZE = (440, 470)
PRESENTER_LSR_HEIGHT = 360  # px: the EMG chart, its controls and its text share half the screen's width

# --- 3. the signs: "other Babinski" and the lateral spread response --------------------------

SITUATION_OPTIONS = (
    ("Spasm of HFS", "hfs_spasm"),
    ("Voluntary tight eye closure", "voluntary_closure"),
    ("Blepharospasm", "blepharospasm"),
)
CONDITION_OPTIONS = (
    ("Nerve compressed (HFS)", "compressed"),
    ("After decompression", "decompressed"),
    ("Healthy nerve", "healthy"),
)


def lsr_figure(rec: model.LsrRecording, widget: bool = True, title: str | None = None):
    """The EMG chart; `title` replaces the one that names the result (the static form asks before it shows)."""
    fig = charts.lsr_figure(
        rec.t_ms,
        rec.direct,
        rec.recorded,
        _lsr_ticks(rec),
        _lsr_title(rec) if title is None else title,
        model.LSR_LATENCY_MS,
        widget=widget,
        height=round(PRESENTER_LSR_HEIGHT / style.height_scale()) if style.presenter_on() else LSR_HEIGHT,
    )
    return fig


def _lsr_ticks(rec: model.LsrRecording) -> list[str]:
    return [
        f"{short_name(rec.stimulated_muscle)} ({rec.stimulated_branch})",
        f"{short_name(rec.recorded_muscle)} (recorded)",
    ]


def _lsr_title(rec: model.LsrRecording) -> str:
    if rec.same_branch:
        return "Same branch: a direct response, not a lateral spread response"
    if rec.lsr_present:
        return f"Lateral spread response at {rec.latency_ms:.0f} ms: present"
    return "No lateral spread response"


class SignsView(View):
    """The brow-lift ("other Babinski") sign on the face, and the lateral spread response on EMG."""

    def __init__(self, side: str = "left"):
        super().__init__()
        self.side = side
        self.situation = ipw.ToggleButtons(
            options=list(SITUATION_OPTIONS),
            value="hfs_spasm",
            description="The eye closes during:",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.face = new_face(SIGN_PRESENTER_SIZE)
        self.brow_panel = ipw.HTML()
        self._fit_panel()
        facial = [(short_name(k), k) for k in FACE_ROWS]
        self.branch = ipw.Dropdown(
            options=[(b.capitalize(), b) for b in TERMINAL_BRANCHES],
            value="zygomatic",
            description="Stimulate branch:",
            style={"description_width": "initial"},
        )
        self.recorded = ipw.Dropdown(
            options=facial, value="mentalis", description="Record from:", style={"description_width": "initial"}
        )
        self.condition = ipw.ToggleButtons(
            options=list(CONDITION_OPTIONS),
            value="compressed",
            description="Facial nerve:",
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.lsr_panel = ipw.HTML()  # what this recording shows
        self.lsr_notes = ipw.HTML()  # what the response is, and the schematic's assumed timing
        self.recording = model.lateral_spread_response(self.branch.value, self.recorded.value, self.condition.value)
        self.lsr_figure = lsr_figure(self.recording)
        self.situation.observe(self.guarded(self._show_sign), names="value")
        for control in (self.branch, self.recorded, self.condition):
            control.observe(self.guarded(self._show_lsr), names="value")
        self._show_sign()
        self._write_lsr_panel()
        self.face_box = face_box(self.face)
        sign_box = ipw.VBox(
            [
                ipw.HTML("<h4>The brow-lift (“other Babinski”) sign</h4>"),
                self.situation,
                ipw.HBox(
                    [self.face_box, self.brow_panel], layout=ipw.Layout(flex_flow="row wrap", align_items="center")
                ),
            ]
        )
        lsr_box = ipw.VBox(
            [
                ipw.HTML("<h4>The lateral spread response</h4>"),
                ipw.HBox([self.branch, self.recorded], layout=ipw.Layout(flex_flow="row wrap")),
                self.condition,
                self.lsr_figure,
                self.lsr_panel,
            ]
        )
        self.lsr_box = lsr_box
        self._build([columns(sign_box, lsr_box)], label="signs")
        self._place_notes()

    def _place_notes(self) -> None:
        """The LSR's notes under its text in a notebook; behind a button on a projector, where they pushed the
        widget past one screen."""
        box = list(self.lsr_box.children[:5])
        if style.presenter_on():
            box.append(behind_button("About the lateral spread response", self.lsr_notes))
        else:
            self.lsr_notes.layout.display = ""
            box.append(self.lsr_notes)
        self.lsr_box.children = box

    def _show_sign(self, change=None) -> None:
        sign = model.other_babinski(self.situation.value, self.side)
        name = dict((v, k) for k, v in SITUATION_OPTIONS)[sign.situation]
        self.face.paint(
            sign.states,
            labels=sign.labels,
            title=f"{name}:<br>brow {'UP ▲' if sign.brow == 'up' else 'DOWN ▼'} as the eye closes",
        )
        verdict = (
            "<b>Sign present.</b> The frontalis lifts the brow while the orbicularis oculi shuts the eye, on one side."
            if sign.sign_present
            else "<b>Sign absent.</b> The brow is pulled down as the eyes close; the frontalis stays idle."
        )
        cites = "; ".join(evidence.html_cite(e) for e in sign.evidence)
        self.brow_panel.value = f"<p>{verdict}</p><p><small>{cites}</small></p>"

    def _show_lsr(self, change=None) -> None:
        self.recording = rec = model.lateral_spread_response(
            self.branch.value, self.recorded.value, self.condition.value
        )
        with self.lsr_figure.batch_update():
            charts.paint_lsr(self.lsr_figure, rec.direct, rec.recorded, as_lists=False)
            self.lsr_figure.layout.yaxis.ticktext = _lsr_ticks(rec)
            self.lsr_figure.layout.title.text = _lsr_title(rec)
        self._write_lsr_panel()

    def _write_lsr_panel(self) -> None:
        rec = self.recording
        if rec.same_branch:
            text = (
                "The recorded muscle belongs to the stimulated branch, so it answers directly. Choose a muscle of "
                "<i>another</i> branch to look for lateral spread."
            )
        elif rec.condition == "compressed":
            text = (
                f"Stimulating the {rec.stimulated_branch} branch makes {html.escape(short_name(rec.recorded_muscle))}, "
                f"a muscle of another branch, answer: {evidence.html_cite('EMG-02')}."
            )
        elif rec.condition == "decompressed":
            text = (
                "Once the vessel is moved off the nerve the response often disappears "
                f"({evidence.html_cite('EMG-LSR-LOSS')}); surgeons watch for this, though it does not vanish in "
                f"everyone and its loss is no guarantee: {evidence.html_cite('EMG-07')}."
            )
        else:
            text = "A healthy facial nerve shows no lateral spread."
        self.lsr_panel.value = f"<p>{text}</p>"
        self.lsr_notes.value = (
            f"<p><small>{evidence.html_cite('EMG-01')}. The direct-response timing in "
            f"this schematic: {evidence.html_cite('L2-DIRECT-RESPONSE')}.</small></p>"
        )

    def figures(self):
        return [(self.face.figure, FACE_HEIGHT), (self.lsr_figure, LSR_HEIGHT)]

    def _fit_panel(self) -> None:
        """Beside the face: at most 420 px wide in a notebook; on a projector, the rest of its column."""
        on = style.presenter_on()
        self.brow_panel.layout.max_width = None if on else "420px"
        self.brow_panel.layout.flex = "1 1 0" if on else None

    def rescale(self) -> None:
        super().rescale()
        rescale_face(self.face, self.face_box)
        self._fit_panel()
        if style.presenter_on():
            self.lsr_figure.layout.height = PRESENTER_LSR_HEIGHT
        self._place_notes()

    def static(self) -> StaticForm:
        # Section 3 asks what the brow does in a spasm, whether the mentalis answers and what decompression
        # changes: titles and alt text say what each panel is, and the table of what is seen waits behind the fold.
        hfs = model.other_babinski("hfs_spasm", self.side)
        bsp = model.other_babinski("blepharospasm", self.side)
        names = {"compressed": "nerve compressed", "decompressed": "after decompression", "healthy": "healthy nerve"}

        # The live face's labels say which way the brow goes ("▲ brow up"): here they only point to the brow.
        def quiet(labels: dict) -> dict:
            return {region: ("brow" if "brow" in text else text) for region, text in labels.items()}

        figs = [
            face_figure(hfs.states, title="Spasm of HFS", labels=quiet(hfs.labels)),
            face_figure(bsp.states, title="Blepharospasm", labels=quiet(bsp.labels)),
        ]
        rows = [
            [
                "Spasm of HFS (first face)",
                "the eye closes in a spasm",
                "the eye shuts on one side while the frontalis lifts the brow: the brow goes up",
            ],
            [
                "Blepharospasm (second face)",
                "both eyes squeeze shut",
                "both brows are pulled down by the corrugator; the frontalis is idle",
            ],
        ]
        for condition in model.LSR_CONDITIONS:
            rec = model.lateral_spread_response("zygomatic", "mentalis", condition)
            if condition != "healthy":
                title = f"Zygomatic branch stimulated, mentalis recorded:<br>{names[condition]}"
                figs.append(lsr_figure(rec, widget=False, title=title))
            rows.append(
                [
                    f"EMG, {names[condition]}" + (" (no panel)" if condition == "healthy" else ""),
                    "zygomatic branch stimulated, mentalis recorded",
                    f"the mentalis answers at {rec.latency_ms:.0f} ms: a lateral spread response"
                    if rec.lsr_present
                    else "the mentalis stays flat: no lateral spread response",
                ]
            )
        return StaticForm(
            title="Two signs of hemifacial spasm",
            alt=(
                "First face: a spasm of hemifacial spasm on one side; second face: blepharospasm; on each the "
                "contracting muscles are shaded and labels point to the eye and the brow. Then two EMG panels: the zygomatic branch stimulated and the "
                "mentalis (a muscle of the marginal mandibular branch) recorded, first with the nerve compressed, then "
                "after decompression; each shows the direct response of the lower eyelid above the mentalis trace, "
                f"and a dotted line marks {model.LSR_LATENCY_MS:.0f} ms. The table says what each panel shows."
            ),
            figures=figs,
            headers=["Panel", "What is done", "What is seen"],
            rows=rows,
            fold_table=FOLD,
        )
