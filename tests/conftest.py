"""Shared test set-up: a headless matplotlib-free, network-free environment."""
import os

os.environ.setdefault("HFS_PRESENTER", "0")

import tempfile

# Tests never touch a real learner's saved progress.
os.environ.setdefault("HFS_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="hfs-progress-"), "progress.json"))
