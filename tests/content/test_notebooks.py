"""Generated notebooks: in sync with lessons/, no outputs, Python 3 kernel, the lesson skeleton."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # noqa: E402

SOURCES = build_notebooks.lesson_sources()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_is_in_sync_with_its_source(source):
    target = build_notebooks.notebook_path(source)
    assert target.exists(), f"{target.name} missing: run make notebooks"
    assert target.read_text(encoding="utf-8") == build_notebooks.render(source), (
        f"{target.name} is out of sync with lessons/{source.name}: run make notebooks"
    )


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.stem)
def test_notebook_has_no_outputs_and_a_python3_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None, f"{path.name} holds outputs"
    assert len(list(ROOT.glob("notebooks/*.ipynb"))) == len(SOURCES), "a notebook has no lesson source"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_lesson_carries_disclaimer_quiz_and_references(source):
    text = source.read_text(encoding="utf-8")
    assert "Educational use only" in text
    if source.stem[:2].isdigit():
        assert "Quiz(" in text and f'references(lesson="{source.stem}")' in text


LESSON_SECTIONS = [
    "Learning objectives",
    "Time",
    "Prerequisites",
    "Common misconceptions",
    "Check your understanding",
    "Key points",
    "References",
    "Predict",
]


@pytest.mark.parametrize(
    "source", [s for s in SOURCES if s.stem[:2].isdigit() and not s.stem.startswith("00")], ids=lambda p: p.stem
)
def test_lesson_follows_the_skeleton_and_has_an_instructor_guide(source):
    text = source.read_text(encoding="utf-8")
    for heading in LESSON_SECTIONS:
        assert heading in text, f"{source.name} lacks '{heading}'"
    assert (ROOT / "lessons" / "instructor" / source.name).exists(), f"no instructor guide for {source.name}"
    assert "remove-input" not in text, f"{source.name}: a static twin cell would answer the prediction in a live kernel"


def _code_cells(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return nb, [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/[0-9][0-9]-*.ipynb")), ids=lambda p: p.stem)
def test_every_cell_runs_without_the_cells_above_it(path):
    """A learner who restarts mid-lesson, or runs one cell first, meets no NameError: the code cells run
    in reverse order in one kernel, so each runs before every cell above it, and none may fail."""
    from nbclient import NotebookClient

    nb, cells = _code_cells(path)
    nb.cells = list(reversed(cells))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [
        (c.source.splitlines()[0][:60], o.get("ename"), o.get("evalue"))
        for c in nb.cells
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors, f"{path.name}: cells that need an earlier cell: {errors}"
    shown = "\n".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells for o in c.outputs)
    assert "_No references used._" not in shown, f"{path.name}: the reference list is empty after a restart"
