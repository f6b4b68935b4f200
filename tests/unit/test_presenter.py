"""Lecture mode model: slides from a lesson source, reveals hidden, code run like IPython."""

import pytest

from widgets import presenter
from widgets.ui import style


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


@pytest.fixture
def shell():
    """A real IPython shell, so display() inside a slide publishes rich output as in a kernel."""
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def _texts(widget) -> str:
    """Every text a rendered slide shows: its outputs' Markdown/plain data and nested widgets' values."""
    import ipywidgets as ipw

    found = []
    if isinstance(widget, ipw.Output):
        for out in widget.outputs:
            found += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
            found.append(out.get("text", ""))
    for child in getattr(widget, "children", ()):
        found.append(_texts(child))
    return "\n".join(found)


@pytest.mark.parametrize("lesson", [stem for _label, stem in presenter.lesson_choices()])
def test_every_slide_of_every_lesson_runs_in_any_order(shell, lesson):
    """Lecturers jump: each slide is rendered first, in a fresh deck, in reverse order, with no error text."""
    try:
        deck = presenter.Presenter(lesson)
        for i in reversed(range(len(deck.slides))):
            deck.go(i)
            shown = _texts(deck.stage)
            assert "could not run" not in shown, f"{lesson} slide {i + 1} ({deck.slides[i].title}): {shown[-300:]}"
            assert "Traceback" not in shown
    finally:
        style.set_presenter(False)


def test_the_lesson_menu_switches_the_deck(shell):
    try:
        deck = presenter.Presenter("00")
        stems = [stem for _label, stem in presenter.lesson_choices()]
        assert deck.lesson_menu.value == stems[0] and len(stems) >= 6
        deck.go(2)
        deck.lesson_menu.value = stems[1]
        assert deck.lesson == stems[1] and deck.index == 0 and deck.jump.value == 0
        assert deck.slides == presenter.slides_of(stems[1])
    finally:
        style.set_presenter(False)


def test_long_cited_prose_is_cut_between_items_onto_screens_of_its_own():
    """An evidence.say cell longer than the room on its screen is cut between list items (lesson 2's
    misconceptions: 1,446 px on one screen at 1920x1080 before)."""
    slides = presenter.slides_of("02")
    pages = [s for s in slides if s.title.startswith("Common misconceptions")]
    says = [p for s in pages for p in s.parts if presenter.say_template(p.text or "") is not None]
    assert len(pages) >= 2 and len(says) >= 2
    assert all(presenter.prose_lines(p) <= presenter.SCREEN_LINES for p in says)
    items = [line for p in says for line in presenter.say_template(p.text).splitlines() if line[:1].isdigit()]
    assert [int(line.split(".")[0]) for line in items] == list(range(1, len(items) + 1))  # every item, in order, once


def test_a_subslide_without_a_heading_carries_on_its_section():
    titles = [s.title for s in presenter.slides_of("02")]
    assert (
        "(untitled)" not in titles and "1. Where does the spasm start, and which way does it go? (continued)" in titles
    )


def test_say_template_only_reads_a_plain_say_cell():
    assert presenter.say_template('from widgets import evidence\n\nevidence.say("""\nA {X-1}.\n""")') == "\nA {X-1}.\n"
    assert presenter.say_template("from widgets import evidence\nevidence.say(text, detail=True)") is None
    assert presenter.say_template("x = 1\nevidence.say('a')") is None
