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
    index = painter._index[("frontalis", "left")]
    before = painter.figure.data[index].fillcolor
    painter.paint({("frontalis", "left"): "active"})
    assert painter.figure.data[index].fillcolor != before
    assert painter.figure.data[index].fillpattern.shape == "x"
    assert list(painter.figure.data[-1].text) == ["contracting"]
    painter.paint({})
    assert painter.figure.data[index].fillcolor == before and list(painter.figure.data[-1].text) == []


def test_every_face_state_has_exactly_one_cue():
    from widgets.face import FACE_STATES
    from widgets.ui.style import STATE_CUES

    assert tuple(STATE_CUES) == FACE_STATES


def test_a_repaint_touches_only_the_muscles_that_change():
    from widgets.face import regions

    painter = FacePainter("t", widget=False)
    painter.paint({("frontalis", "left"): "active"})
    index = {r: i + 1 for i, r in enumerate(regions())}  # trace 0 is the outline
    fig = painter.figure
    fig.data[index[("frontalis", "left")]].fillcolor = "#123456"  # a sentinel the next paint must not overwrite
    painter.paint({("frontalis", "left"): "active", ("nasalis", "right"): "weak"})
    assert fig.data[index[("frontalis", "left")]].fillcolor == "#123456"
    assert fig.data[index[("nasalis", "right")]].fillcolor != fig.data[index[("nasalis", "left")]].fillcolor
