"""Real-browser fixtures: JupyterLab on 127.0.0.1 with a token, driven by Playwright in Debian's Chromium.

Servers, the browser, the off-machine guard, console-error collection, waiting and the "no static form"
check come from the one harness (tests/browser/harness.py), which the Voilà and site tests use too.
Locally without Chromium these tests skip with the reason; under CI (CI=true) a skip is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import (
    CHROMIUM,
    LAB_TOKEN,
    SHOTS,  # noqa: F401  (tests/browser/test_lecture_slides.py imports it from here)
    LabServer,
    PageWatch,
    assert_no_static_form,
    axe_serious_matching,
    close_browser,
    open_browser,
    unavailable,
    wait_changed,
    wait_notebook_idle,
)
from harness import screenshot as take_screenshot

TOKEN = LAB_TOKEN


@pytest.fixture(scope="session")
def lab_url():
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM} (install Debian's chromium; .ci/run does)")
    server = LabServer()
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def browser_context():
    """One Chromium profile for the session, every off-machine request aborted and recorded in
    `browser_context.external_requests`."""
    context = open_browser(viewport=(1400, 1000), persistent=True)
    yield context
    close_browser(context)


class LabPage:
    """One notebook opened in JupyterLab, with helpers the lesson tests share."""

    _opened = 0

    def __init__(self, context, base: str, notebook: str):
        self.page = context.new_page()
        self.notebook = notebook
        self.watch = PageWatch(self.page)
        self.console_errors = self.watch.console_errors
        # A workspace of its own: Lab would otherwise reopen the previous test's notebook beside this one,
        # and "run all" acts on the notebook the tracker last focused (seen: it ran lesson 1 again).
        LabPage._opened += 1
        self.page.goto(
            f"{base}/lab/workspaces/test-{LabPage._opened}/tree/notebooks/{notebook}.ipynb?token={TOKEN}&reset"
        )
        wait_notebook_idle(self.page, f"{notebook}.ipynb")

    ALL_RUN = """() => { const w = window.jupyterapp.shell.currentWidget;
                   const cells = w.content.widgets.filter(c => c.model.type === 'code');
                   return cells.length > 0 && cells.every(c => c.model.executionCount !== null)
                          && w.sessionContext.session.kernel.status === 'idle'; }"""

    def run_all(self, timeout_ms: int = 240_000) -> None:
        """Run every cell of this notebook through its own panel (not the command's idea of "current").

        The call is not awaited: on a heavy notebook its promise was seen never to settle although every
        cell had run. Finished means every code cell has an execution count and the kernel is idle."""
        self.page.evaluate(
            """() => { const app = window.jupyterapp; const w = app.shell.currentWidget;
                   app.shell.activateById(w.id); w.content.activeCellIndex = 0;
                   app.commands.execute('notebook:run-all-cells'); }"""
        )
        try:
            self.page.wait_for_function(self.ALL_RUN, timeout=timeout_ms)
        except Exception:
            self.screenshot(f"{self.notebook}-run-all-timeout")
            raise

    def scroll_to_cell(self, source_text: str) -> None:
        """Bring the code cell whose source holds this text into view: Lab attaches only cells near the viewport."""
        found = self.page.evaluate(
            """async (text) => { const nb = window.jupyterapp.shell.currentWidget.content;
                   const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource().includes(text));
                   if (i < 0) return false; await nb.scrollToItem(i, 'start'); return true; }""",
            source_text,
        )
        assert found, f"no cell of {self.notebook} contains {source_text!r}"

    def error_outputs(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "[data-mime-type='application/vnd.jupyter.stderr'], .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']",
            "els => els.map(e => e.textContent.slice(0, 500))",
        )

    def course_console_errors(self) -> list[str]:
        """Console errors caused by the course: widget views failing, Python tracebacks, plotly errors."""
        return self.watch.course_errors()

    def axe_violations(self, selector: str = ".hfs-view") -> list[dict]:
        return axe_serious_matching(self.page, selector)

    def screenshot(self, name: str) -> Path:
        return take_screenshot(self.page, name)

    def wait_changed(self, js_expr: str, before, timeout_ms: int = 15_000) -> None:
        """Wait until a JS expression evaluated in the page differs from its earlier value."""
        wait_changed(self.page, js_expr, before, timeout_ms)

    def close(self) -> None:
        """Shut the kernel down too: a kernel left running keeps its figures in memory for the rest of the run."""
        try:
            self.page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:
            pass
        self.page.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture
def open_notebook(request, lab_url, browser_context):
    pages = []

    def opener(name: str) -> LabPage:
        page = LabPage(browser_context, lab_url, name)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        # Checked on every page a browser test ran (issue 18).
        assert_no_static_form(page.page, page.notebook)
        if getattr(request.node, "failed_call", False):
            page.screenshot(f"{page.notebook}-FAILED")  # what the browser showed when the test failed
        page.close()
    assert not browser_context.external_requests, f"requests left the machine: {browser_context.external_requests[:5]}"
