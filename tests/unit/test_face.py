"""The shared face: every facial muscle has a branch, shapes mirror, painting changes the figure."""

import pytest

from widgets import face
from widgets.ui.faceplot import FacePainter


def test_every_facial_muscle_maps_to_a_terminal_branch():
    for key, muscle in face.MUSCLES.items():
        if muscle.is_facial:
            assert muscle.branches and set(muscle.branches) <= set(face.TERMINAL_BRANCHES), key
        else:
            assert "trigeminal" in muscle.nerve, key


def test_branch_and_muscle_lookups_are_inverse():
    for branch in face.TERMINAL_BRANCHES:
        for key in face.muscles_of_branch(branch):
            assert branch in face.branch_of_muscle(key)


def test_left_side_is_the_mirror_of_the_right():
    xr, yr = face.shape("zygomaticus", "right")
    xl, yl = face.shape("zygomaticus", "left")
    assert (xr < 0).all() and (xl == -xr).all() and (yl == yr).all()


def test_bad_names_raise_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match="side must be"):
        face.shape("frontalis", "middle")
    with pytest.raises(ValueError, match="branch must be one of"):
        face.muscles_of_branch("ophthalmic")


def test_paint_changes_fill_and_label_and_resets_others():
    painter = FacePainter(widget=False)
    (brow,) = painter.figure.select_traces(selector=dict(name=painter.region_name(("frontalis", "left"))))
    (labels,) = painter.figure.select_traces(selector=dict(name="labels"))
    before = brow.fillcolor
    painter.paint({("frontalis", "left"): "active"})
    assert brow.fillcolor != before
    assert brow.fillpattern.shape == "x"
    assert list(labels.text) == ["contracting"]
    painter.paint({})
    assert brow.fillcolor == before and list(labels.text) == []


def test_every_face_state_has_exactly_one_cue():
    from widgets.face import FACE_STATES
    from widgets.ui.style import STATE_CUES

    assert tuple(STATE_CUES) == FACE_STATES


def test_a_repaint_touches_only_the_muscles_that_change():
    from widgets.face import regions

    painter = FacePainter("t", widget=False)
    painter.paint({("frontalis", "left"): "active"})
    region = dict(zip(regions(), painter.traces()[0]))  # each region's trace, found by its name
    region[("frontalis", "left")].fillcolor = "#123456"  # a sentinel the next paint must not overwrite
    painter.paint({("frontalis", "left"): "active", ("nasalis", "right"): "weak"})
    assert region[("frontalis", "left")].fillcolor == "#123456"
    assert region[("nasalis", "right")].fillcolor != region[("nasalis", "left")].fillcolor
    assert all(t.name == painter.region_name(r) for r, t in region.items())
