"""The learner's progress table with a Reset button (start-here notebook)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from . import progress
from .ui.base import StaticForm, View

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def lesson_names() -> list[str]:
    return [p.stem for p in sorted((LESSONS / "quizzes").glob("[0-9][0-9]-*.yaml"))]


class ProgressPanel(View):
    def __init__(self):
        super().__init__()
        self.table = ipw.HTML()
        self.refresh_button = ipw.Button(description="Refresh", icon="refresh", tooltip="Read my progress again")
        self.reset_button = ipw.Button(
            description="Reset my progress",
            icon="trash",
            button_style="warning",
            tooltip="Forget every saved score on this computer",
            layout=ipw.Layout(width="auto"),  # the default 148 px cut its label ("Reset my progr…")
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.reset())
        self.refresh()
        self._build(
            [
                self.table,
                ipw.HBox([self.refresh_button, self.reset_button]),
                ipw.HTML(
                    f"<small>Saved only on this computer, in {html.escape(str(progress.progress_file().name))} "
                    "under your home folder. Nothing is sent anywhere.</small>"
                ),
            ],
            label="progress",
        )

    def rows(self, loaded: progress.Loaded | None = None) -> list[list[str]]:
        data = (loaded or progress.read()).data  # only valid entries: a damaged one is left out and reported
        rows = []
        for name in lesson_names():
            entry = data.get(name)
            if entry:
                status = "✔ finished" if entry["finished"] else "… started"
                rows.append(
                    [name, status, f"{entry['last']} / {entry['total']}", f"{entry['best']} / {entry['total']}"]
                )
            else:
                rows.append([name, "○ not started", "—", "—"])
        return rows

    def refresh(self, note: str = "", problem: bool = False) -> None:
        """Read the store again; what was wrong with it (damaged scores, a file moved aside) is shown below."""
        loaded = progress.read()
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows(loaded)
        )
        self.table.value = (
            "<table class='hfs-table'><thead><tr><th>Lesson quiz</th><th>Status</th><th>Last score</th>"
            f"<th>Best score</th></tr></thead><tbody>{body}</tbody></table>"
        )
        text = " ".join([note, *loaded.messages]).strip()
        self.show_message(text, kind="message" if problem or loaded.messages else "note")

    def reset(self) -> None:
        status = progress.reset()
        self.refresh("Your saved progress was deleted." if status.ok else status.text, problem=not status.ok)

    def static(self) -> StaticForm:
        return StaticForm(
            title="Your progress",
            alt="A table of quizzes and scores; it needs a running kernel.",
            headers=["Lesson quiz", "Status", "Last score", "Best score"],
            rows=self.rows(),
        )
