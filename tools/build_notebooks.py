"""Turn every lesson source (lessons/NN-slug.md, MyST Markdown) into notebooks/NN-slug.ipynb.

Notebooks are generated: never edit them by hand. They carry no outputs and a Python 3 kernelspec.
Run with --check to report (exit 1) instead of write when a notebook is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def lesson_sources() -> list[Path]:
    return sorted(p for p in ROOT.glob("lessons/*.md") if p.name != "README.md")


def notebook_path(source: Path) -> Path:
    return ROOT / "notebooks" / (source.stem + ".ipynb")


def render(source: Path) -> str:
    """The exact text of the notebook generated from one lesson source."""
    nb = jupytext.read(source, fmt="md:myst")
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for cell in nb.cells:
        cell.pop("id", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.nbformat, nb.nbformat_minor = 4, 4
    return nbformat.writes(nb, version=4) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for source in lesson_sources():
        target = notebook_path(source)
        text = render(source)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(target.relative_to(ROOT))
            if not check:
                target.write_text(text, encoding="utf-8")
    verb = "out of date" if check else "written"
    for path in stale:
        print(f"{path}: {verb}")
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
