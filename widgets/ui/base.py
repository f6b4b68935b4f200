"""What every widget view of the course shares: the page style, a message area, the presenter
scale, a safe callback wrapper, and the static form used when no kernel is running."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import Callable

import ipywidgets as ipw

from . import style


def static_mode() -> bool:
    """True while the static site is built: widgets then render as their kernel-free forms."""
    return os.environ.get("HFS_STATIC", "") not in ("", "0", "false")


@dataclass
class StaticForm:
    """A widget's kernel-free version: figure(s), alt text and a short table."""

    title: str
    alt: str
    figures: list = field(default_factory=list)  # plain plotly go.Figure objects
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    # When the table answers a question the lesson asks before its reveal, it waits behind this summary
    # (an HTML <details>, so it works on the static site with no script); empty: the table shows at once.
    fold_table: str = ""

    def table_html(self) -> str:
        if not self.rows:
            return ""
        head = "".join(f"<th scope='col'>{html.escape(str(h))}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in self.rows)
        table = f"<table class='hfs-table'><caption>{html.escape(self.title)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        if self.fold_table:
            return (
                f"<details class='hfs-static-fold'><summary>{html.escape(self.fold_table)}</summary>{table}</details>"
            )
        return table

    def html(self) -> str:
        """Figures as plotly divs (plotly.js supplied by the page, never a CDN), alt text, table."""
        divs = "".join(
            f"<figure class='hfs-figure' role='group' aria-label='{html.escape(self.title)}'>"
            + fig.to_html(full_html=False, include_plotlyjs=False, config=style.plotly_config())
            + f"<figcaption>{html.escape(self.alt)}</figcaption></figure>"
            for fig in self.figures
        )
        return f"<div class='hfs-static'><h4>{html.escape(self.title)}</h4>{divs}{self.table_html()}</div>"

    def display(self) -> None:
        """Show the static form in a notebook (lecturers and tests; lessons show it only through their widgets)."""
        from IPython.display import HTML, display

        display(HTML(self.html()))


class View:
    """Base of every course widget: call `_build(children)` once, then display the instance."""

    def __init__(self) -> None:
        self.message = ipw.HTML(value="", layout=ipw.Layout(min_height="0px"))
        self.root: ipw.VBox | None = None
        style.register(self)

    def _build(self, children: list, label: str) -> None:
        from .a11y import KeyboardGuard

        self.root = ipw.VBox([ipw.HTML(style.CSS), KeyboardGuard(), *children, self.message])
        self.root.add_class("hfs-view")
        if style.presenter_on():
            self.root.add_class("hfs-presenter")
        self.label = label

    def _arrange(self, children: list) -> None:
        """Put new children between the page style and the message area: a view whose layout differs on a
        projector (controls beside the chart on a 1920 px screen, below it in a notebook) calls this from
        `rescale`."""
        self.root.children = (*self.root.children[:2], *children, self.message)

    def show_message(self, text: str, kind: str = "message") -> None:
        """Plain-words feedback inside the widget (never a traceback)."""
        self.message.value = f"<div class='hfs-{kind}' role='status'>{html.escape(text)}</div>" if text else ""

    def guarded(self, callback: Callable) -> Callable:
        """Wrap an observer: a ValueError from a model becomes a readable message in the widget."""

        def run(change=None):
            try:
                result = callback(change)
            except ValueError as exc:
                self.show_message(f"That input cannot be used: {exc}.")
                return None
            self.show_message("")
            return result

        return run

    def figures(self) -> list:
        return []

    def rescale(self) -> None:
        if self.root is not None:
            if style.presenter_on():
                self.root.add_class("hfs-presenter")
            else:
                self.root.remove_class("hfs-presenter")
        for fig, height in self.figures():
            style.rescale_figure(fig, height)

    def static(self) -> StaticForm:
        raise NotImplementedError

    def static_html(self) -> str:
        """What a page without a kernel shows in place of the live widget: a note, then its static form.

        The static form travels with the widget's own display (one display call per widget), so a live
        kernel never shows it: its alt text and table would answer the prediction asked above the widget."""
        return (
            "<p class='hfs-note'>Live widget: run this notebook in JupyterLab or on Binder to use it. "
            "Its static form follows.</p>" + self.static().html()
        )

    def _repr_mimebundle_(self, **kwargs):
        if static_mode():
            return {"text/html": self.static_html(), "text/plain": f"<{type(self).__name__}>"}
        return self.root._repr_mimebundle_(**kwargs)


def columns(*children, side: tuple = (), fixed: tuple = ()) -> ipw.Box:
    """Children one under another in a notebook, side by side at presenter scale (CSS in style.py), so a
    widget's controls, chart and text share one 1920×1080 screen. `side`: children kept to a third of the
    width; `fixed`: children that keep their own width (a face of fixed size)."""
    box = ipw.Box(list(children))
    box.add_class("hfs-columns")
    for child in side:
        child.add_class("hfs-side")
    for child in fixed:
        child.add_class("hfs-fixed")
    return box


def behind_button(label: str, content, shown: bool = False) -> ipw.VBox:
    """Secondary content (a long note, a table) behind a toggle button, for a projector's screen: shown
    beside everything else it would push the widget past 1080 px. A ToggleButton, so Tab and Space or Enter
    open it; `content` is shown again wherever it is placed without the button (set its display back)."""
    content.layout.display = "" if shown else "none"
    button = ipw.ToggleButton(
        value=shown, description=label, icon="eye", tooltip="Show or hide", layout=ipw.Layout(width="auto")
    )
    button.observe(lambda change: setattr(content.layout, "display", "" if change["new"] else "none"), names="value")
    box = ipw.VBox([button, content])
    box.add_class("hfs-behind")
    return box


def presenter_switch() -> ipw.ToggleButton:
    """One switch that enlarges every widget and figure of the course for a projector.

    Every lesson calls it in its first code cell, so it also starts the browser compiling plotly's widget
    code (see livefigure.py) before the first figure exists: that compile blocks the page for seconds,
    and a figure created during it would miss anywidget's 2 s start-up deadline."""
    from .livefigure import ensure_plotly_code

    ensure_plotly_code()
    button = ipw.ToggleButton(
        value=style.presenter_on(),
        description="Presenter scale",
        tooltip="Enlarge every widget and figure for a projector",
        icon="desktop",
    )
    button.observe(lambda change: style.set_presenter(change["new"]), names="value")
    return button
