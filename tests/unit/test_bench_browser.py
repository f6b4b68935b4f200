"""tools/bench_browser.py (`make bench-browser`) without a browser: its statistics, its slider walk, the report
table, and that the table of controls still matches the lessons (a renamed widget shows up here, not as a
benchmark that measures nothing)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import bench_browser as bb  # noqa: E402


def test_percentile_is_the_nearest_rank_as_make_bench_reports_it():
    samples = list(range(1, 21))  # 1..20 ms
    assert bb.percentile(samples, 0.95) == 19
    assert bb.percentile(samples, 0.5) == 11  # round(9.5) == 10 -> the 11th value
    assert bb.percentile([7.0], 0.95) == 7.0
    assert bb.percentile([30, 10, 20], 1.0) == 30  # sorts first


def test_summarise_reports_median_p95_and_misses():
    s = bb.summarise([10.0, 20.0, 30.0, 40.0, 1000.0], misses=2)
    assert s["n"] == 5 and s["misses"] == 2
    assert s["median_ms"] == 30.0
    assert s["p95_ms"] == 1000.0
    assert (s["min_ms"], s["max_ms"]) == (10.0, 1000.0)


def test_summarise_without_samples_says_so():
    assert bb.summarise([], misses=3) == {"n": 0, "misses": 3, "median_ms": None, "p95_ms": None}


def test_slider_walks_to_the_end_and_back():
    keys, up, value = [], True, 0
    for _ in range(8):
        key, up = bb.slider_key(value, 0, 3, up)
        keys.append(key)
        value += 1 if key == "ArrowRight" else -1
    assert keys == ["ArrowRight"] * 3 + ["ArrowLeft"] * 3 + ["ArrowRight"] * 2


def code_sources(notebook: Path) -> str:
    cells = json.loads(notebook.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_every_lesson_has_a_control_and_every_control_a_lesson():
    lessons = {p.name[:2]: p for p in bb.lesson_notebooks()}
    assert lessons, "no lesson notebooks found"
    assert set(lessons) == {c.lesson for c in bb.CONTROLS}


@pytest.mark.parametrize("control", bb.CONTROLS, ids=lambda c: f"{c.lesson}-{c.name}")
def test_control_entry_is_sane(control):
    assert control.kind in bb.KINDS
    assert (control.back is not None) == (control.kind == "steps")
    assert ".hfs-view" in control.view, "a control is looked for inside a course widget"
    notebook = bb.lesson_notebooks([control.lesson])[0]
    assert control.cell in code_sources(notebook), f"{notebook.name} has no code cell with {control.cell!r}"


def test_control_names_are_unique_within_a_lesson():
    names = [(c.lesson, c.name) for c in bb.CONTROLS]
    assert len(names) == len(set(names))


def test_the_capstone_step_buttons_are_measured():
    assert any(c.lesson == "06" and c.kind == "steps" for c in bb.CONTROLS)


def test_capstone_steps_compares_medians_with_the_target():
    rows = [
        {
            "notebook": "06-clinical-cases.ipynb",
            "controls": [
                {"name": "step buttons: next", "lab": {"median_ms": 40.0}, "voila": {"median_ms": 120.0}},
                {"name": "case dropdown", "lab": {"median_ms": 500.0}},
            ],
        }
    ]
    steps = bb.capstone_steps(rows)
    assert steps["median_ms"] == {"step buttons: next (lab)": 40.0, "step buttons: next (voila)": 120.0}
    assert steps["met"] is False
    assert bb.capstone_steps([{"notebook": "00-start-here.ipynb", "controls": []}]) is None


def test_merge_keeps_one_row_per_control_and_place():
    row = {"notebook": "06-clinical-cases.ipynb", "controls": []}
    bb.merge(row, {"lab": {"run_all_s": 3.0}, "controls": {"steps": {"next": {"n": 1}, "back": {"n": 2}}}}, "lab")
    bb.merge(row, {"voila": {"first_widget_s": 6.0}, "controls": {"steps": {"next": {"n": 3}}}}, "voila")
    bb.merge(row, {"controls": {"case": {"error": "TimeoutError: x"}}}, "voila")
    assert row["controls"] == [
        {"name": "steps: next", "lab": {"n": 1}, "voila": {"n": 3}},
        {"name": "steps: back", "lab": {"n": 2}},
        {"name": "case", "voila": {"error": "TimeoutError: x"}},
    ]
    assert row["lab"] == {"run_all_s": 3.0} and row["voila"] == {"first_widget_s": 6.0}


def test_table_prints_every_lesson_and_control():
    results = {
        "loadavg_start": "1.00 1.00 1.00 1/100 1",
        "loadavg_end": "2.00 1.50 1.20 1/100 2",
        "lessons": [
            {
                "notebook": "00-start-here.ipynb",
                "lab": {"run_all_s": 3.21, "kernel_rss_mb": 120.5},
                "voila": {"first_widget_s": 5.5},
                "controls": [{"name": "muscle dropdown", "lab": {"median_ms": 48.0, "p95_ms": 60.0, "n": 20}}],
            }
        ],
        "capstone_steps": None,
    }
    text = bb.table(results)
    assert "00-start-here.ipynb" in text and "3.2" in text and "120.5" in text
    assert "00 muscle dropdown" in text and "48.0" in text and "20/0" in text
    assert "2.00 1.50 1.20" in text


def test_lessons_option():
    assert bb.lesson_list("0,6") == ["00", "06"]
    with pytest.raises(argparse.ArgumentTypeError):
        bb.lesson_list("intro")
