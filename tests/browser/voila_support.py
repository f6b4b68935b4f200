"""Kept for imports written before the shared harness (tests/browser/test_figure_labels.py): every name here is
tests/browser/harness.py's. New tests import from `harness`."""

from harness import (  # noqa: F401
    AXE,
    CHROME_ARGS,
    CHROMIUM,
    FIGURE_SIGNATURE,
    IN_CI,
    NOTEBOOKS,
    ROOT,
    SHOTS,
    PageWatch,
    VoilaServer,
    axe_serious,
    descendants,
    free_port,
    is_local,
    lesson_notebooks,
    screenshot,
    unavailable,
)
