"""Shared test set-up: a headless matplotlib-free, network-free environment."""
import os

import pytest

os.environ.setdefault("HFS_PRESENTER", "0")

import tempfile

# Tests never touch a real learner's saved progress.
os.environ.setdefault("HFS_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="hfs-progress-"), "progress.json"))


# Browser tests not yet seen to pass on this machine (they were written while six agents loaded it at
# once, and one timed out twice). `make test` leaves them out; `make test-pending` runs them. Move a file
# out of this list once it has passed here, so CI never depends on a test nobody has seen pass.
PENDING_BROWSER = (
    "tests/browser/test_01_facial_nerve_anatomy.py",
    "tests/browser/test_02_spasm_progression.py",
    "tests/browser/test_03_differential_diagnosis.py",
    "tests/browser/test_04_botox_vs_mvd.py",
    "tests/browser/test_05_clinical_cases.py",
    "tests/browser/test_voila.py",
    "tests/site/test_site.py",
)


def pytest_collection_modifyitems(config, items):
    """Browser and site tests drive a real Chromium against a real server; on a loaded 2-core machine a
    page can time out once. Each gets one rerun (pytest-rerunfailures), and a rerun is reported as such."""
    for item in items:
        path = str(item.fspath).replace(os.sep, "/")
        if "tests/browser/" in path or "tests/site/" in path:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
        if path.endswith(PENDING_BROWSER):
            item.add_marker(pytest.mark.pending_browser)
