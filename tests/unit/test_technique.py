"""The toxin-technique widget of lesson 4 (issue 13): points, doses per point and muscle, risks, brands."""

import pytest

from widgets import evidence
from widgets.technique import model
from widgets.technique.view import InjectionMap
from widgets.technique.view.injection_map import LOOK, SELECTED


def test_every_evidence_id_exists_and_risk_points_cite_the_supplement():
    for entry_id in model.evidence_ids():
        evidence.store().get(entry_id)
    assert model.POINTS["upper_central"].risk.kind == "ptosis"
    assert "BTD-22" in model.POINTS["upper_central"].risk.evidence
    assert model.POINTS["lower_medial"].risk.kind == "diplopia"
    assert "BTD-26" in model.POINTS["lower_medial"].risk.evidence


def test_the_two_places_to_avoid_are_the_central_upper_lid_and_the_medial_lower_lid():
    assert set(model.AVOID) == {"upper_central", "lower_medial"}
    for key in model.AVOID:
        assert model.point_info(key).dose is None  # no dose is offered for a place to avoid


def test_label_doses_around_the_eye_and_the_muscle_total():
    info = model.point_info("upper_lateral")
    assert info.dose == (1.25, 2.5)  # BTD-01: 1.25-2.5 U per site
    # orbicularis oculi: three label sites (1.25-2.5) and the lateral canthus (2.5, BTD-05)
    assert info.muscle_points == 4 and info.muscle_dose == (6.25, 10.0)
    ceiling = 25  # BTD-02: initial dose at most 25 U per eye
    assert info.muscle_dose[1] <= ceiling


def test_brand_units_are_not_interchangeable():
    ona = model.point_info("lateral_canthus", "ona").dose
    inco = model.point_info("lateral_canthus", "inco").dose
    abo = model.point_info("lateral_canthus", "abo").dose
    assert ona == inco == (2.5, 2.5)  # about 1:1 (BTD-14)
    assert abo == (6.25, 7.5)  # 1:2.5 to 1:3 (BTD-15)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: model.point_info("nose_tip"), "point must be one of"),
        (lambda: model.point_info("upper_lateral", "rimabotulinum"), "brand must be one of"),
        (lambda: model.convert((5, 1), "ona"), "dose must be a range"),
        (lambda: model.interval_advice(2), "weeks between sessions must be a whole number from 4 to 26"),
        (lambda: model.interval_advice(12.5), "weeks between sessions"),
    ],
)
def test_bad_inputs_raise_a_value_error_naming_parameter_and_range(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_short_intervals_warn_about_antibodies():
    short, ids = model.interval_advice(6)
    assert short and "BTX-ANTIBODIES" in ids
    assert model.interval_advice(12)[0] is False


def test_choosing_a_point_changes_the_figure_and_shows_its_risk():
    view = InjectionMap()
    before = view.figure.layout.title.text
    view.point.value = "upper_central"
    ring = next(t for t in view.figure.data if t.name == SELECTED)
    assert (ring.x[0], ring.y[0]) == (model.POINTS["upper_central"].x, model.POINTS["upper_central"].y)
    assert view.figure.layout.title.text != before and "ptosis" in view.figure.layout.title.text
    assert "levator" in view.details.value and "Avoid" in view.details.value
    view.point.value = "lower_medial"
    assert "diplopia" in view.figure.layout.title.text and "inferior oblique" in view.details.value
    view.brand.value = "abo"
    view.point.value = "lateral_canthus"
    assert "6.25–7.5 U" in view.figure.layout.title.text
    view.weeks.value = 6
    assert "neutralising antibodies" in view.interval_note.value and view.message.value == ""


def test_kinds_of_point_differ_by_shape_and_word_not_only_colour():
    symbols = {symbol for _, _, symbol in LOOK.values()}
    words = {word for word, _, _ in LOOK.values()}
    assert len(symbols) == len(LOOK) == len(words)


def test_static_form_has_alt_text_a_figure_and_a_row_per_point():
    form = InjectionMap().static()
    # the alt text describes the map without naming the risky points (lesson 7 asks for them first, issue 18)
    assert form.figures and "points to avoid" in form.alt and "ptosis" not in form.alt
    assert len(form.rows) == len(model.POINTS) and form.fold_table  # the Risk column waits behind the fold
    assert "onabotulinumtoxinA" in form.html()


def test_the_face_sits_beside_its_controls_and_the_sides_are_named_outwards_from_the_midline():
    from widgets.ui import style

    view = InjectionMap()
    right, left = view.figure.layout.annotations
    assert (right.xanchor, left.xanchor) == ("right", "left") and right.x < 0 < left.x  # they never meet
    notebook = len(view.root.children)
    try:
        style.set_presenter(True)
        assert view.notes.layout.display == "none"  # the sources wait behind a button on a projector
        assert view.figure.layout.margin.b > 80  # room for the legend at 24 px
    finally:
        style.set_presenter(False)
    assert len(view.root.children) == notebook and view.notes.layout.display == ""
