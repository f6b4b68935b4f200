"""The learner's progress table with a Reset button (start-here notebook)."""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from . import progress
from .base import StaticForm, View

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def lesson_names() -> list[str]:
    return [p.stem for p in sorted((LESSONS / "quizzes").glob("[0-9][0-9]-*.yaml"))]


class ProgressPanel(View):
    def __init__(self):
        super().__init__()
        self.table = ipw.HTML()
        self.refresh_button = ipw.Button(description="Refresh", icon="refresh", tooltip="Read my progress again")
        self.reset_button = ipw.Button(description="Reset my progress", icon="trash", button_style="warning",
                                       tooltip="Forget every saved score on this computer")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.reset())
        self.refresh()
        self._build([self.table, ipw.HBox([self.refresh_button, self.reset_button]),
                     ipw.HTML(f"<small>Saved only on this computer, in {html.escape(str(progress.progress_file().name))} "
                              "under your home folder. Nothing is sent anywhere.</small>")], label="progress")

    def rows(self) -> list[list[str]]:
        data = progress.load()
        rows = []
        for name in lesson_names():
            entry = data.get(name)
            if entry:
                status = "✔ finished" if entry.get("finished") else "… started"
                rows.append([name, status, f"{entry['last']} / {entry['total']}", f"{entry['best']} / {entry['total']}"])
            else:
                rows.append([name, "○ not started", "—", "—"])
        return rows

    def refresh(self) -> None:
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows())
        self.table.value = ("<table class='hfs-table'><thead><tr><th>Lesson quiz</th><th>Status</th><th>Last score</th>"
                            f"<th>Best score</th></tr></thead><tbody>{body}</tbody></table>")

    def reset(self) -> None:
        progress.reset()
        self.refresh()
        self.show_message("Your saved progress was deleted.", kind="note")

    def static(self) -> StaticForm:
        return StaticForm(title="Your progress", alt="A table of quizzes and scores; it needs a running kernel.",
                          headers=["Lesson quiz", "Status", "Last score", "Best score"], rows=self.rows())
