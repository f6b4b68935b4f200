"""Lecture mode model: slides from a lesson source, reveals hidden, code run like IPython."""
import pytest

from widgets import presenter, style


def test_slides_follow_slide_metadata_and_hide_static_cells():
    slides = presenter.slides_of("00")
    assert slides[0].title.startswith("Start here")
    code = [p.text for s in slides for p in s.parts if p.kind == "code"]
    assert not any(".static()" in c for c in code) and not any("presenter_switch" in c for c in code)
    assert any(p.kind == "reveal" for s in slides for p in s.parts)


def test_unknown_lesson_is_named_in_the_error():
    with pytest.raises(ValueError, match="lesson must be one of .*got '77'"):
        presenter.lesson_path("77")


def test_split_markdown_separates_the_answer():
    parts = presenter.split_markdown("Q?\n<details><summary><b>Reveal</b></summary>\n\nA.\n\n</details>\nAfter")
    assert [p.kind for p in parts] == ["markdown", "reveal", "markdown"] and parts[1].summary == "Reveal"


def test_navigation_is_clamped_and_turns_on_presenter_scale():
    try:
        deck = presenter.Presenter("00")
        assert style.presenter_on() and deck.previous.disabled
        deck.go(99)
        assert deck.index == len(deck.slides) - 1 and deck.next.disabled
        deck.keys.key = "PageUp"
        deck.keys.presses += 1
        assert deck.index == len(deck.slides) - 2
    finally:
        style.set_presenter(False)
