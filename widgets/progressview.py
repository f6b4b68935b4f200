"""The learner's progress table with a Reset button (start-here notebook)."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from . import progress
from .ui.base import StaticForm, View

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


CASES_LESSON = "06-clinical-cases"  # the capstone saves each case's score as '06-clinical-cases/<case id>'
HEADERS = ["Lesson quiz or case", "Status", "Last score", "Best score"]


def lesson_names() -> list[str]:
    return [p.stem for p in sorted((LESSONS / "quizzes").glob("[0-9][0-9]-*.yaml"))]


def case_names(data: dict) -> list[tuple[str, str]]:
    """The capstone's saved cases as (progress key, name for the table), in the course's case order; a saved
    case the course no longer has keeps its id. The case files are read only when a case was saved."""
    keys = [k for k in data if k.startswith(CASES_LESSON + "/")]
    if not keys:
        return []
    from .cases import model as cases  # a third of a second to load: not for a learner who saved no case

    try:
        known = cases.course_cases()
    except ValueError:  # a damaged case file: the scores still show, by id
        known = {}
    order = {f"{CASES_LESSON}/{c.id}": (c.order, f"{CASES_LESSON}: case {c.order}, {c.title}") for c in known.values()}
    keys.sort(key=lambda k: (order.get(k, (len(order) + 1, k))[0], k))
    return [(k, order[k][1] if k in order else k) for k in keys]


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
        """A row per lesson quiz, and under lesson 6's quiz a row per capstone case attempted."""
        data = (loaded or progress.read()).data  # only valid entries: a damaged one is left out and reported
        names = lesson_names()
        rows = []
        for name in names:
            rows.append(_row(name, data.get(name)))
            if name == CASES_LESSON:
                rows.extend(_row(label, data[key]) for key, label in case_names(data))
        if CASES_LESSON not in names:  # no lesson-6 quiz bank: the cases still show, at the end
            rows.extend(_row(label, data[key]) for key, label in case_names(data))
        return rows

    def refresh(self, note: str = "", problem: bool = False) -> None:
        """Read the store again; what was wrong with it (damaged scores, a file moved aside) is shown below."""
        loaded = progress.read()
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows(loaded)
        )
        head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
        self.table.value = f"<table class='hfs-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        text = " ".join([note, *loaded.messages]).strip()
        self.show_message(text, kind="message" if problem or loaded.messages else "note")

    def reset(self) -> None:
        status = progress.reset()
        self.refresh("Your saved progress was deleted." if status.ok else status.text, problem=not status.ok)

    def static(self) -> StaticForm:
        return StaticForm(
            title="Your progress",
            alt="A table of quizzes, clinical cases and scores; it needs a running kernel.",
            headers=HEADERS,
            rows=self.rows(),
        )


def _row(name: str, entry: dict | None) -> list[str]:
    if not entry:
        return [name, "○ not started", "—", "—"]
    status = "✔ finished" if entry["finished"] else "… started"
    return [name, status, f"{entry['last']} / {entry['total']}", f"{entry['best']} / {entry['total']}"]
