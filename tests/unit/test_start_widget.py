"""The start-here muscle explorer and the presenter scale."""

from widgets.start import MuscleExplorer, describe_muscle
from widgets.ui import style


def test_choosing_a_muscle_repaints_the_face_and_explains_it():
    explorer = MuscleExplorer()
    title = explorer.painter.figure.layout.title.text
    explorer.muscle.value = "masseter"
    assert explorer.painter.figure.layout.title.text != title
    assert "trigeminal" in explorer.panel.value


def test_describe_muscle_rejects_unknown_names_in_words():
    import pytest

    with pytest.raises(ValueError, match="muscle must be one of"):
        describe_muscle("biceps")


def test_static_form_has_alt_text_and_a_row_per_muscle():
    form = MuscleExplorer().static()
    assert len(form.alt) > 100 and len(form.rows) == 14 and form.figures
    # lesson 0 asks which nerve closes the eye and which the jaw: the alt text names no nerve, the table waits
    assert "trigeminal" not in form.alt.lower() and "facial nerve" not in form.alt.lower()
    assert form.fold_table and "<details class='hfs-static-fold'>" in form.html()


def test_presenter_switch_enlarges_figures_and_text():
    explorer = MuscleExplorer()
    height = explorer.painter.figure.layout.height
    style.set_presenter(True)
    try:
        assert explorer.painter.figure.layout.height > height
        assert "hfs-presenter" in explorer.root._dom_classes
    finally:
        style.set_presenter(False)
    assert explorer.painter.figure.layout.height == height
