"""`make bench-browser`: what a learner waits for, measured in Debian's Chromium; writes build/bench-browser.json.

For every lesson notebook (notebooks/NN-*.ipynb):
- JupyterLab: run-all time (the command until every code cell has a count and the kernel is idle) and the
  kernel's resident memory afterwards (its PID found among the server's children by the kernel id);
- each main control of CONTROLS, in Lab and in the Voilà app (tools/app.py --all): the time from the input
  event (keydown, input or click, seen in the page) to the first change of the figure's DOM (a
  MutationObserver), median and p95 over SAMPLES changes; "settled" is the last change before QUIET_MS of quiet;
- Voilà: request to first visible course widget (performance.now() in the page, whose origin is the
  navigation), cold (--all: the kernel starts on request) and warm (tools/app.py NN: Voilà's preheated kernel).
The capstone's step buttons (lesson 06, Next / Back) are compared with STEP_TARGET_MS.

This is a measurement, not a test: it reports, it never fails on a slow machine. It starts JupyterLab and
Voilà on 127.0.0.1, and Chromium that cannot resolve or request anything else; every process it started
is stopped by PID at the end, also after an error or Ctrl+C. It takes minutes and both cores: on a machine
shared with other browser runs, run it under their lock (`flock <lock file> make bench-browser`).

    python tools/bench_browser.py                     # everything
    python tools/bench_browser.py --lessons 00,06 --samples 5 --no-warm   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "bench-browser.json"
CHROMIUM = os.environ.get("HFS_CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # Names other than loopback do not resolve inside Chromium; the route guard below aborts the rest.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
VIEWPORT = {"width": 1440, "height": 900}  # the student's screen of issue 21
SAMPLES = 20
WARMUP = 2  # changes made before sampling: the first ones load plotly's code paths and fill caches
CHANGE_TIMEOUT_MS = 5_000  # a change with no figure change in this time counts as a miss
QUIET_MS = 300
STEP_TARGET_MS = 100
LAB_TOKEN = "hfs-bench-token"


@dataclass(frozen=True)
class Control:
    """A lesson's main control. `view` finds the widget (a Playwright selector for a `.hfs-view`), `control`
    the element inside it that is changed, `cell` a text of the code cell that shows the widget (Lab
    attaches only cells near the viewport, so the cell is scrolled to first), `target` what must change.
    kind: select (next option), slider (arrow key on the handle, right to the end then left), toggle
    (the next button of a toggle group), checkbox (click), steps (`control` is Next, `back` is Back)."""

    lesson: str
    name: str
    cell: str
    view: str
    control: str
    kind: str
    target: str = ".js-plotly-plot"
    back: str | None = None


KINDS = ("select", "slider", "toggle", "checkbox", "steps")


def dropdown(label: str) -> str:
    """The <select> of an ipywidgets Dropdown by its description: the views give controls no classes."""
    return f'.widget-dropdown:has(> label:text-is("{label}")) select'


# One to two controls a lesson: those the lesson's text asks the learner to move. Selectors use what a
# learner reads (labels, the handles' aria-labels, button tooltips) or the course's own classes.
CONTROLS = [
    Control(
        "00", "muscle dropdown", "MuscleExplorer()", ".hfs-view:has(.js-plotly-plot)", dropdown("Muscle:"), "select"
    ),
    Control(
        "01",
        "segment dropdown",
        "CourseExplorer()",
        '.hfs-view:has(button[title="Next segment"])',
        dropdown("Segment:"),
        "select",
    ),
    Control(
        "01",
        "vessel dropdown",
        "RootExitZone()",
        '.hfs-view:has(label:text-is("Vessel:"))',  # not the first view with a figure: that is the course explorer
        dropdown("Vessel:"),
        "select",
    ),
    Control(
        "02",
        "years slider",
        "YearsPlayer()",
        ".hfs-view:has(.widget-play)",
        '.noUi-handle[aria-label="Years since onset"]',
        "slider",
    ),
    Control(
        "02",
        "pattern toggle",
        "SynchronyExplorer()",
        '.hfs-view:has(button:text-is("Eyelid myokymia"))',
        '.widget-toggle-buttons:has(button:text-is("Eyelid myokymia"))',
        "toggle",
    ),
    Control(
        "03",
        "finding checkbox",
        "BayesianDifferential()",
        ".hfs-view:has(.widget-tab)",
        '.widget-checkbox:has-text("One side of the face only") input',
        "checkbox",
    ),
    Control(
        "03",
        "setting dropdown",
        "BayesianDifferential()",
        ".hfs-view:has(.widget-tab)",
        dropdown("Clinical setting:"),
        "select",
    ),
    Control(
        "04",
        "interval slider",
        "ToxinCycles()",
        ".hfs-view.hfs-toxin-cycles",
        '.noUi-handle[aria-label="Weeks between injections"]',
        "slider",
    ),
    Control(
        "04",
        "window toggle",
        "OutcomesOverTime()",
        ".hfs-view.hfs-outcomes-over-time",
        '.widget-toggle-buttons:has(button:text-is("10 years"))',
        "toggle",
    ),
    Control(
        "05",
        "age slider",
        "DecideForPatient()",
        ".hfs-view.hfs-decide",
        '.noUi-handle[aria-label="Age (years)"]',
        "slider",
    ),
    Control("05", "severity dropdown", "DecideForPatient()", ".hfs-view.hfs-decide", dropdown("Severity:"), "select"),
    Control(
        "06",
        "step buttons",
        "CaseWalkthrough()",
        ".hfs-view:has(.hfs-case-story)",
        'button[title="Reveal the next step"]',
        "steps",
        # A step always changes the step label and the story (ipywidgets HTML); a figure only at some steps.
        target=".widget-html, .js-plotly-plot",
        back='button[title="Previous step"]',
    ),
    Control("06", "case dropdown", "CaseWalkthrough()", ".hfs-view:has(.hfs-case-story)", dropdown("Case:"), "select"),
    Control(
        "07",
        "injection point dropdown",
        "InjectionMap()",
        ".hfs-view.hfs-injection-map",
        dropdown("Injection point:"),
        "select",
    ),
]


# --- pure parts (tests/unit/test_bench_browser.py) ---------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    """Nearest rank on the sorted samples, as widgets/bench.py reports its p95."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(samples: list[float], misses: int = 0) -> dict:
    """Median and p95 in ms of the changes that arrived; misses are changes with no DOM change in time."""
    if not samples:
        return {"n": 0, "misses": misses, "median_ms": None, "p95_ms": None}
    return {
        "n": len(samples),
        "misses": misses,
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
    }


def slider_key(now: float, low: float, high: float, going_up: bool) -> tuple[str, bool]:
    """The arrow key for the next slider change: up to the end, then down to the start, and again."""
    if going_up and now >= high:
        going_up = False
    elif not going_up and now <= low:
        going_up = True
    return ("ArrowRight" if going_up else "ArrowLeft"), going_up


def lesson_notebooks(only: list[str] | None = None) -> list[Path]:
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    return [p for p in found if only is None or p.name[:2] in only]


def controls_of(lesson: str) -> list[Control]:
    return [c for c in CONTROLS if c.lesson == lesson]


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unavailable"


def fmt(value, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(results: dict) -> str:
    """The printed report: one row per lesson, then one per control."""
    lines = [
        f"{'lesson':<28} {'run-all s':>9} {'RSS MB':>7} {'Voilà 1st widget s':>18} {'warm s':>7}",
    ]
    for r in results["lessons"]:
        lab, voila = r.get("lab", {}), r.get("voila", {})
        lines.append(
            f"{r['notebook'][:28]:<28} {fmt(lab.get('run_all_s'), 1):>9} {fmt(lab.get('kernel_rss_mb'), 1):>7} "
            f"{fmt(voila.get('first_widget_s'), 2):>18} {fmt(voila.get('first_widget_warm_s'), 2):>7}"
        )
    lines += [
        "",
        "control: ms from the input event to the first change of the figure (med, p95) and to its last (settled);",
        "n: changes measured in Lab/Voilà, misses (no change within the timeout) after '+'",
        f"{'control':<28} {'Lab med':>8} {'p95':>7} {'settled':>8} {'Voilà med':>10} {'p95':>7} {'settled':>8} {'n':>9}",
    ]
    for r in results["lessons"]:
        for c in r.get("controls", []):
            lab, voila = c.get("lab") or {}, c.get("voila") or {}
            misses = lab.get("misses", 0) + voila.get("misses", 0)
            n = f"{lab.get('n', 0)}/{voila.get('n', 0)}" + (f"+{misses}" if misses else "")
            lines.append(
                f"{(r['notebook'][:2] + ' ' + c['name'])[:28]:<28} {fmt(lab.get('median_ms'), 1):>8} "
                f"{fmt(lab.get('p95_ms'), 1):>7} {fmt(lab.get('settled_median_ms'), 1):>8} "
                f"{fmt(voila.get('median_ms'), 1):>10} {fmt(voila.get('p95_ms'), 1):>7} "
                f"{fmt(voila.get('settled_median_ms'), 1):>8} {n:>9}"
            )
            for where, part in (("Lab", lab), ("Voilà", voila)):
                if "error" in part:
                    lines.append(f"    {where}: {part['error'][:200]}")
    steps = results.get("capstone_steps")
    if steps:
        lines += ["", f"capstone step buttons, median ms (target < {STEP_TARGET_MS}): {json.dumps(steps['median_ms'])}"]
    lines += ["", f"load average: start {results['loadavg_start']}; end {results.get('loadavg_end')}"]
    return "\n".join(lines)


# --- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(process: subprocess.Popen, port: int, what: str, log: Path, timeout_s: float = 90) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen within {timeout_s} s")


class Processes:
    """Every server this script starts, and at the end each of them and their children stopped by PID."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def start(self, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with open(log, "w") as out:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        import psutil

        try:
            children = psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for child in children:  # kernels the server did not stop in time
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        if process in self.started:
            self.started.remove(process)

    def stop_all(self) -> None:
        for process in list(self.started):
            self.stop(process)


def private_home(prefix: str) -> tuple[Path, dict]:
    """A throw-away HOME and Jupyter dirs: nothing read from or written to the user's."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    env = dict(
        os.environ,
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        HFS_PRESENTER="0",
    )
    env.pop("HFS_STATIC", None)
    return home, env


def start_lab(procs: Processes) -> tuple[subprocess.Popen, str, Path]:
    """JupyterLab as tests/browser/conftest.py starts it: token, no news, no autosave into notebooks/."""
    home, env = private_home("hfs-bench-lab-")
    for plugin, settings in (
        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
        ("docmanager-extension/plugin", {"autosave": False}),
    ):
        folder, name = plugin.split("/")
        path = home / "settings" / "@jupyterlab" / folder
        path.mkdir(parents=True, exist_ok=True)
        (path / f"{name}.jupyterlab-settings").write_text(json.dumps(settings))
    env.update(JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--allow-root",
        f"--IdentityProvider.token={LAB_TOKEN}",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
    ]
    process = procs.start(command, env, home / "lab.log")
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited: {(home / 'lab.log').read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"{base}/api/status?token={LAB_TOKEN}", timeout=2)
            return process, base, home
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("JupyterLab did not answer within 90 s")


def start_voila(procs: Processes, lesson: str | None) -> tuple[subprocess.Popen, str, str, Path]:
    """tools/app.py (`make app`) with a token of its own (HFS_APP_TOKEN): --all, or one start lesson (warm)."""
    home, env = private_home("hfs-bench-voila-")
    token = secrets.token_urlsafe(16)
    env["HFS_APP_TOKEN"] = token
    port = free_port()
    args = [lesson] if lesson else ["--all"]
    log = home / "voila.log"
    process = procs.start([sys.executable, str(ROOT / "tools" / "app.py"), *args, "--port", str(port)], env, log)
    wait_port(process, port, "Voilà", log)  # a socket, not a GET: a page request would start a kernel
    return process, f"http://127.0.0.1:{port}", token, home


def kernel_pid(server: subprocess.Popen, kernel_id: str) -> int | None:
    """The kernel's process among the server's children: its command line names its connection file."""
    import psutil

    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if any(kernel_id in part for part in child.cmdline()):
                return child.pid
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return None


def rss_mb(pid: int | None) -> float | None:
    import psutil

    if pid is None:
        return None
    try:
        return round(psutil.Process(pid).memory_info().rss / 2**20, 1)
    except psutil.NoSuchProcess:
        return None


def wait_kernels_idle(server: subprocess.Popen, timeout_s: float = 180, quiet_s: float = 2.0) -> bool:
    """Until the server's kernels exist and have used no CPU for quiet_s: Voilà's warm kernel has run the
    lesson. Voilà logs only that the pool is filled, which it does once the kernel has started."""
    import psutil

    deadline, last, still_since = time.time() + timeout_s, None, None
    while time.time() < deadline:
        try:
            kids = [p for p in psutil.Process(server.pid).children(recursive=True) if "kernel" in " ".join(p.cmdline())]
            used = sum(sum(p.cpu_times()[:2]) for p in kids)
        except psutil.NoSuchProcess:
            kids, used = [], None
        if kids and used == last:
            still_since = still_since or time.time()
            if time.time() - still_since >= quiet_s:
                return True
        else:
            still_since, last = None, used
        time.sleep(0.5)
    return False


# --- the page -------------------------------------------------------------------------------------

# Armed before each change: the first input event inside the control starts the clock; a DOM change inside
# `target` (not in plotly's hover layer or mode bar, not in the control itself) after it stops it.
ARM = """([view, controls, target]) => {
  if (window.__hfsArm) window.__hfsArm();
  const lat = window.__hfsLat = {t0: null, first: null, last: null};
  const inside = (n) => controls.some(c => c.contains(n));
  const started = (e) => { if (lat.t0 === null && inside(e.target)) lat.t0 = performance.now(); };
  const kinds = ['keydown', 'input', 'change', 'click'];
  kinds.forEach(k => document.addEventListener(k, started, true));
  const seen = (records) => {
    const now = performance.now();
    if (lat.t0 === null) return;
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!node || !node.closest(target) || node.closest('.hoverlayer, .modebar-container') || inside(node)) continue;
      if (lat.first === null) lat.first = now;
      lat.last = now;
      return;
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(view, {subtree: true, childList: true, attributes: true, characterData: true});
  window.__hfsArm = () => { observer.disconnect(); kinds.forEach(k => document.removeEventListener(k, started, true)); window.__hfsArm = null; };
}"""

COLLECT = """() => { if (window.__hfsArm) window.__hfsArm(); const l = window.__hfsLat;
  return l && l.t0 !== null && l.first !== null ? [l.first - l.t0, l.last - l.t0] : null; }"""

# In every page before its scripts: the time (from the navigation) when a course widget first has a size
# on screen. Voilà's lab template keeps the cells hidden (display: none) until the notebook has run.
FIRST_WIDGET = """(() => {
  const look = () => {
    const v = document.querySelector('.hfs-view');
    if (v) { const r = v.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { window.__hfsFirstWidget = performance.now(); return; } }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})()"""


def act(page, view, control: Control, state: dict) -> str:
    """Make one change; return the label of what was changed ('next'/'back' for steps)."""
    element = view.locator(control.control).first
    if control.kind == "select":
        count, index = element.evaluate("e => [e.options.length, e.selectedIndex]")
        element.select_option(index=(max(index, 0) + 1) % count, timeout=10_000)
        return control.name
    if control.kind == "slider":
        now, low, high = (
            float(element.get_attribute(a) or 0) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax")
        )
        key, state["up"] = slider_key(now, low, high, state.get("up", True))
        element.press(key, timeout=10_000)
        return control.name
    if control.kind == "toggle":
        buttons = element.locator("button")
        active = buttons.evaluate_all("bs => bs.findIndex(b => b.classList.contains('mod-active'))")
        buttons.nth((max(active, 0) + 1) % buttons.count()).click(timeout=10_000)
        return control.name
    if control.kind == "checkbox":
        element.click(timeout=10_000)
        return control.name
    if control.kind == "steps":
        forward = state.get("forward", True)
        next_button, back_button = element, view.locator(control.back).first
        if forward and next_button.is_disabled():
            forward = False
        elif not forward and back_button.is_disabled():
            forward = True
        state["forward"] = forward
        (next_button if forward else back_button).click(timeout=10_000)
        return "next" if forward else "back"
    raise ValueError(f"kind must be one of {KINDS} (got {control.kind!r})")


def measure(page, view, control: Control, samples: int, settle=None) -> dict[str, dict]:
    """SAMPLES changes of one control (more for steps: each direction gets its own samples)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    got: dict[str, list[float]] = {}
    settled: dict[str, list[float]] = {}
    misses: dict[str, int] = {}
    state: dict = {}
    wanted = 2 if control.kind == "steps" else 1
    budget = (samples + WARMUP) * wanted * 3  # bounded even when changes keep missing
    made = 0
    while made < budget:
        if len(got) >= wanted and all(len(v) >= samples for v in got.values()):
            break
        made += 1
        view.locator(control.control).first.wait_for(state="attached", timeout=30_000)
        changed = [view.locator(s).first.element_handle() for s in (control.control, control.back) if s]
        page.evaluate(ARM, [view.element_handle(), changed, control.target])
        label = act(page, view, control, state)
        try:
            page.wait_for_function("() => window.__hfsLat.first !== null", timeout=CHANGE_TIMEOUT_MS)
            page.wait_for_function(
                "q => performance.now() - window.__hfsLat.last > q", arg=QUIET_MS, timeout=CHANGE_TIMEOUT_MS
            )
        except PlaywrightTimeout:
            pass
        result = page.evaluate(COLLECT)
        if settle:
            settle()
        if made <= WARMUP * wanted:
            continue
        if result is None:
            misses[label] = misses.get(label, 0) + 1
            got.setdefault(label, [])
            continue
        got.setdefault(label, []).append(result[0])
        settled.setdefault(label, []).append(result[1])
    out = {}
    for label, values in got.items():
        summary = summarise(values[:samples], misses.get(label, 0))
        summary["settled_median_ms"] = (
            round(statistics.median(settled[label][:samples]), 1) if settled.get(label) else None
        )
        out[label] = summary
    return out


def guard_context(context, external: list[str]) -> None:
    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost"):
            return route.continue_()
        external.append(url)
        return route.abort()

    context.route("**/*", guard)


# --- JupyterLab -----------------------------------------------------------------------------------

KERNEL_IDLE = """(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path.endsWith(name) && w.context.isReady && w.sessionContext
            && w.sessionContext.session && w.sessionContext.session.kernel
            && w.sessionContext.session.kernel.status === 'idle'); }"""
ALL_RUN = """() => { const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  return cells.length > 0 && cells.every(c => c.model.executionCount !== null)
         && w.sessionContext.session.kernel.status === 'idle'; }"""
SCROLL_TO_CELL = """async (text) => { const nb = window.jupyterapp.shell.currentWidget.content;
  const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource().includes(text));
  if (i < 0) return false; await nb.scrollToItem(i, 'start'); return true; }"""


def bench_lab(context, lab: subprocess.Popen, base: str, notebook: Path, samples: int, opened: int) -> dict:
    page = context.new_page()
    page.set_default_timeout(60_000)
    result: dict = {"lab": {}, "controls": {}}
    try:
        page.goto(f"{base}/lab/workspaces/bench-{opened}/tree/notebooks/{notebook.name}?token={LAB_TOKEN}&reset")
        page.wait_for_function(KERNEL_IDLE, arg=notebook.name, timeout=120_000)
        start = time.perf_counter()
        page.evaluate(
            """() => { const app = window.jupyterapp; const w = app.shell.currentWidget;
                 app.shell.activateById(w.id); w.content.activeCellIndex = 0;
                 app.commands.execute('notebook:run-all-cells'); }"""
        )
        page.wait_for_function(ALL_RUN, timeout=300_000)
        result["lab"]["run_all_s"] = round(time.perf_counter() - start, 2)
        kernel_id = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
        pid = kernel_pid(lab, kernel_id)
        result["lab"]["kernel_rss_mb"] = rss_mb(pid)

        def settle():  # the next change only once the kernel has answered this one
            page.wait_for_function(KERNEL_IDLE, arg=notebook.name, timeout=30_000)

        for control in controls_of(notebook.name[:2]):
            try:
                if not page.evaluate(SCROLL_TO_CELL, control.cell):
                    raise RuntimeError(f"no cell contains {control.cell!r}")
                view = page.locator(control.view).first
                view.locator(control.target).first.wait_for(state="attached", timeout=60_000)
                view.locator(control.control).first.scroll_into_view_if_needed(timeout=30_000)
                result["controls"][control.name] = measure(page, view, control, samples, settle)
            except Exception as exc:  # one control's failure must not lose the others' figures
                result["controls"][control.name] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        result["lab"]["kernel_rss_after_controls_mb"] = rss_mb(pid)
    finally:
        try:
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:
            pass
        page.close()
    return result


# --- Voilà ----------------------------------------------------------------------------------------


def wait_rendered(page, timeout_s: float = 120) -> None:
    """Until the number of course views and drawn figures has stopped growing for 1.5 s."""
    page.wait_for_selector(".hfs-view .js-plotly-plot .main-svg", timeout=timeout_s * 1000)
    counts, since, deadline = None, time.time(), time.time() + timeout_s
    while time.time() < deadline:
        now = page.evaluate(
            "() => [document.querySelectorAll('.hfs-view').length,"
            " document.querySelectorAll('.js-plotly-plot .main-svg').length]"
        )
        if now != counts:
            counts, since = now, time.time()
        elif time.time() - since > 1.5:
            return
        time.sleep(0.25)


def first_widget(context, url: str):
    """Seconds from the request to the first visible course widget, and the page once fully drawn."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_function("() => window.__hfsFirstWidget !== undefined", timeout=120_000)
        first = page.evaluate("() => window.__hfsFirstWidget") / 1000
        wait_rendered(page)
        return round(first, 2), page
    except Exception:
        page.close(run_before_unload=True)
        raise


def bench_voila(context, base: str, token: str, notebook: Path, samples: int) -> dict:
    result: dict = {"voila": {}, "controls": {}}
    first, page = first_widget(context, f"{base}/voila/render/{notebook.name}?token={token}")
    result["voila"]["first_widget_s"] = first
    try:
        for control in controls_of(notebook.name[:2]):
            try:
                view = page.locator(control.view).first
                view.locator(control.control).first.scroll_into_view_if_needed(timeout=30_000)
                result["controls"][control.name] = measure(page, view, control, samples)
            except Exception as exc:
                result["controls"][control.name] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    finally:
        page.close(run_before_unload=True)  # as a closed tab: Voilà's page stops its kernel
    return result


def bench_voila_warm(context, procs: Processes, notebook: Path) -> float | None:
    """First widget with the lesson's preheated kernel ready (tools/app.py NN), on a server of its own."""
    server, base, token, home = start_voila(procs, notebook.name[:2])
    try:
        if not wait_kernels_idle(server):
            return None
        first, page = first_widget(context, f"{base}/voila/render/{notebook.name}?token={token}")
        page.close(run_before_unload=True)
        return first
    finally:
        procs.stop(server)
        shutil.rmtree(home, ignore_errors=True)


# --- the run --------------------------------------------------------------------------------------


def merge(row: dict, part: dict, where: str) -> None:
    """Controls measured in `where` (lab or voila) into the lesson's rows, one row per control (per step)."""
    for name, measured in part.pop("controls", {}).items():
        labels = {"error": measured} if "error" in measured else measured
        for label, summary in labels.items():
            full = name if label in (name, "error") else f"{name}: {label}"
            entry = next((c for c in row["controls"] if c["name"] == full), None)
            if entry is None:
                entry = {"name": full}
                row["controls"].append(entry)
            entry[where] = summary
    for key, value in part.items():
        row.setdefault(key, {}).update(value)


def capstone_steps(rows: list[dict]) -> dict | None:
    for row in rows:
        if not row["notebook"].startswith("06"):
            continue
        medians = {
            f"{c['name']} ({where})": c[where].get("median_ms")
            for c in row["controls"]
            if c["name"].startswith("step buttons")
            for where in ("lab", "voila")
            if isinstance(c.get(where), dict)
        }
        if medians:
            met = all(v is not None and v < STEP_TARGET_MS for v in medians.values())
            return {"target_ms": STEP_TARGET_MS, "median_ms": medians, "met": met}
    return None


def run(lessons: list[Path], samples: int, warm: bool, out: Path) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM} (install Debian's chromium)")
    started = time.time()
    results = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "loadavg_start": loadavg(),
        "cpus": os.cpu_count(),
        "samples": samples,
        "viewport": VIEWPORT,
        "method": (
            "latency: first DOM change inside the target after the input event (MutationObserver, page clock); "
            "settled: last change before QUIET_MS of quiet; Voilà cold: tools/app.py --all; warm: tools/app.py NN "
            "after its preheated kernel went idle"
        ),
        "lessons": [{"notebook": nb.name, "controls": []} for nb in lessons],
    }
    rows = {row["notebook"]: row for row in results["lessons"]}
    external: list[str] = []
    procs = Processes()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            try:
                results["chromium"] = browser.version
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(FIRST_WIDGET)
                guard_context(context, external)

                lab, base, home = start_lab(procs)
                try:
                    for i, nb in enumerate(lessons, 1):
                        print(f"Lab: {nb.name} ({time.time() - started:.0f} s)", flush=True)
                        try:
                            merge(rows[nb.name], bench_lab(context, lab, base, nb, samples, i), "lab")
                        except Exception as exc:
                            rows[nb.name].setdefault("errors", []).append(
                                f"Lab: {type(exc).__name__}: {str(exc)[:300]}"
                            )
                finally:
                    procs.stop(lab)
                    shutil.rmtree(home, ignore_errors=True)

                voila, vbase, token, vhome = start_voila(procs, None)
                try:
                    for nb in lessons:
                        print(f"Voilà: {nb.name} ({time.time() - started:.0f} s)", flush=True)
                        try:
                            merge(rows[nb.name], bench_voila(context, vbase, token, nb, samples), "voila")
                        except Exception as exc:
                            rows[nb.name].setdefault("errors", []).append(
                                f"Voilà: {type(exc).__name__}: {str(exc)[:300]}"
                            )
                finally:
                    procs.stop(voila)
                    shutil.rmtree(vhome, ignore_errors=True)

                if warm:
                    for nb in lessons:
                        print(f"Voilà warm: {nb.name} ({time.time() - started:.0f} s)", flush=True)
                        try:
                            rows[nb.name].setdefault("voila", {})["first_widget_warm_s"] = bench_voila_warm(
                                context, procs, nb
                            )
                        except Exception as exc:
                            rows[nb.name].setdefault("errors", []).append(
                                f"Voilà warm: {type(exc).__name__}: {str(exc)[:300]}"
                            )
                context.close()
            finally:
                browser.close()
    finally:
        procs.stop_all()
        stop_children()
    results["external_requests"] = external[:20]
    results["capstone_steps"] = capstone_steps(results["lessons"])
    results["loadavg_end"] = loadavg()
    results["elapsed_s"] = round(time.time() - started, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return results


def stop_children() -> None:
    """Whatever this process started and is still running (Chromium after a crash of its driver), by PID."""
    import psutil

    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def lesson_list(text: str) -> list[str]:
    numbers = [part.strip().zfill(2) for part in text.split(",") if part.strip()]
    if not all(re.fullmatch(r"\d\d", n) for n in numbers):
        raise argparse.ArgumentTypeError(f"lessons are numbers such as 00,06 (got {text!r})")
    return numbers


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Browser benchmark of the lessons in JupyterLab and Voilà.")
    parser.add_argument("--lessons", type=lesson_list, help="only these lessons, e.g. 00,06")
    parser.add_argument("--samples", type=int, default=SAMPLES, help=f"changes per control (default {SAMPLES})")
    parser.add_argument("--no-warm", action="store_true", help="skip Voilà's first widget with a preheated kernel")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lessons = lesson_notebooks(args.lessons)
    if not lessons:
        print("bench-browser: no lesson notebooks match", file=sys.stderr)
        return 2

    def stop(signum, frame):  # SIGTERM as Ctrl+C: the finally blocks stop every process started
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        results = run(lessons, max(1, args.samples), not args.no_warm, args.out)
    except KeyboardInterrupt:
        print("bench-browser: interrupted; every process it started was stopped", file=sys.stderr)
        return 130
    print(table(results))
    for row in results["lessons"]:
        for error in row.get("errors", []):
            print(f"{row['notebook']}: {error}", file=sys.stderr)
    if results["external_requests"]:
        print(f"requests off the machine were blocked: {results['external_requests'][:5]}", file=sys.stderr)
    print(
        f"written {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} in {results['elapsed_s']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
