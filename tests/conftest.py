"""Shared test set-up: a headless matplotlib-free, network-free environment."""

import os

import pytest

os.environ.setdefault("HFS_PRESENTER", "0")

import tempfile

# Tests never touch a real learner's saved progress.
os.environ.setdefault("HFS_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="hfs-progress-"), "progress.json"))


def pytest_collection_modifyitems(config, items):
    """Browser and site tests drive a real Chromium against a real server; on a loaded 2-core machine a
    page can time out once. Each gets one rerun (pytest-rerunfailures); addopts' -rR lists every rerun in the
    "rerun test summary info" at the end of the run, so a test that passed only on its second try is visible."""
    for item in items:
        path = str(item.fspath).replace(os.sep, "/")
        if "tests/browser/" in path or "tests/site/" in path:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
