"""Every place that lists the course names every lesson (issue 18, item 8), and lesson 2 describes the
signs widget as it is laid out."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]-*.md"))


def test_readme_lists_every_lesson_notebook_and_no_stale_count():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for stem in LESSONS:
        assert f"notebooks/{stem}.ipynb" in readme, f"README does not list {stem}"
    assert not re.search(r"\bfour (Jupyter )?lessons on\b", readme, re.I), "README still counts four lessons"


def test_course_map_and_lecture_mode_name_every_lesson():
    start = (ROOT / "lessons" / "00-start-here.md").read_text(encoding="utf-8")
    course_map = start.split("## The course map", 1)[1].split("\n## ", 1)[0]
    lecture = (ROOT / "lessons" / "lecture-mode.md").read_text(encoding="utf-8")
    for stem in LESSONS:
        number = stem[:2]
        assert re.search(rf"^\| {int(number)}\. ", course_map, re.M), f"the course map has no row for lesson {number}"
        assert f'`"{number}"`' in lecture, f"lecture mode does not name lesson {number}"


def test_lesson_2_places_the_signs_panels_above_and_below():
    """SignsView stacks the brow-lift panel above the lateral-spread panel (a VBox), so no left/right."""
    text = (ROOT / "lessons" / "02-spasm-progression.md").read_text(encoding="utf-8")
    before = text.split("SignsView()", 1)[0].rsplit("```{code-cell}", 2)[-2]
    assert "on the left" not in before.lower() and "on the right" not in before.lower()
    assert "upper panel" in before and "lower panel" in before
