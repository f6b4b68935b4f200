"""Self-learner progress: which quizzes a learner has finished and their scores.

Stored only on the learner's own machine, as JSON in ~/.hfs-course/progress.json (or the file
named by HFS_PROGRESS_FILE); nothing is sent anywhere. A corrupt file is treated as empty.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path


def progress_file() -> Path:
    return Path(os.environ.get("HFS_PROGRESS_FILE") or Path.home() / ".hfs-course" / "progress.json")


def load() -> dict:
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def record_quiz(lesson: str, correct: int, total: int, checked: int) -> dict:
    """Remember the latest and best score of one lesson's quiz; finished once every question is checked."""
    if not lesson:
        return {}
    if not 0 <= correct <= total or not 0 <= checked <= total:
        raise ValueError(f"correct and checked must be between 0 and total={total} (got {correct}, {checked})")
    data = load()
    entry = data.get(lesson, {})
    entry.update(last=correct, total=total, best=max(correct, entry.get("best", 0)),
                 finished=entry.get("finished", False) or checked == total, updated=time.strftime("%Y-%m-%d %H:%M"))
    data[lesson] = entry
    try:
        path = progress_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    except OSError:
        pass  # a read-only home (some JupyterHubs) must not break the quiz
    return entry


def reset() -> None:
    try:
        progress_file().unlink()
    except FileNotFoundError:
        pass
