"""The one browser harness of the lesson, Voilà and static-site tests.

Everything a real-browser test needs, in one place, so there is one way to do each:

- **Chromium**: Debian's `/usr/bin/chromium` (or HFS_CHROMIUM) driven by Playwright; never a browser Playwright
  downloads. One Playwright instance per test process (`open_browser` / `close_browser`), whichever folder's
  fixtures ask for a browser first. Without Chromium or Playwright a test skips locally and fails under CI.
- **Nothing leaves the machine**: DNS for anything but loopback fails inside Chromium (CHROME_ARGS), and every
  request to another host is aborted and recorded in `context.external_requests`, which each test asserts empty.
- **Servers by PID**: JupyterLab on 127.0.0.1 with a token (`LabServer`), the Voilà app as tools/app.py starts
  it (`VoilaServer`), the built static site over HTTP (`SiteServer`). Each runs in a throw-away home, logs to a
  file, is waited for without starting a kernel, and is stopped with every process it started, each by its PID.
- **Console errors**: `PageWatch` records console errors, page errors and failed requests of a page.
- **Waiting**: `wait_until` (Python-side), `wait_changed` (a JS value changes), `wait_widgets`,
  `wait_rendered` (Voilà's streamed page settled), `wait_notebook_idle` (a Lab notebook's kernel ready).
- **No static form in a live page**: `assert_no_static_form` (issue 18: a widget's static twin would answer
  the prediction asked above it).
- axe-core scans (`axe_serious`, `axe_serious_matching`), screenshots into build/screenshots, `FIGURE_SIGNATURE`.

The rerun policy (one rerun for every test under tests/browser/ and tests/site/, each listed in the
"rerun test summary info") lives in tests/conftest.py and pyproject's addopts (-rR).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = os.environ.get("HFS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
LAB_TOKEN = "hfs-course-test-token"
# DNS for anything but loopback fails inside Chromium; no background traffic (updates, sync, QUIC).
CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def lesson_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def unavailable(reason: str):
    """Skip locally; under CI (CI=true) a missing browser is a failure, never a silent skip."""
    if IN_CI:
        pytest.fail(f"browser test cannot run under CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:", "file:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost")


# --- waiting ---------------------------------------------------------------------------------------


def wait_until(condition, timeout_s: float, interval_s: float = 0.25) -> bool:
    """Poll a Python condition until it is true or the time is up; returns its last value."""
    deadline = time.time() + timeout_s
    while True:
        if condition():
            return True
        if time.time() >= deadline:
            return False
        time.sleep(interval_s)


def wait_changed(page, js_expr: str, before, timeout_ms: int = 15_000) -> None:
    """Wait until a JS expression evaluated in the page differs from its earlier value."""
    page.wait_for_function(f"(b) => JSON.stringify({js_expr}) !== JSON.stringify(b)", arg=before, timeout=timeout_ms)


def wait_widgets(page, timeout_s: float = 90) -> None:
    """Until a course widget view is visible."""
    page.wait_for_selector(".hfs-view", state="visible", timeout=timeout_s * 1000)


def wait_rendered(page, timeout_s: float = 120) -> None:
    """Voilà streams the cells, then the widget views appear as their models arrive: wait until the
    course's views and the figures stop increasing."""
    page.wait_for_selector(".hfs-view .js-plotly-plot .main-svg", timeout=timeout_s * 1000)
    counts, stable_since, deadline = None, time.time(), time.time() + timeout_s
    while time.time() < deadline:
        now = page.evaluate(
            "() => [document.querySelectorAll('.hfs-view').length, "
            "document.querySelectorAll('.js-plotly-plot .main-svg').length, "
            "!!document.querySelector('#loading')]"
        )
        if now != counts:
            counts, stable_since = now, time.time()
        elif time.time() - stable_since > 1.5 and not now[2]:
            return
        time.sleep(0.25)
    raise AssertionError(f"the page kept changing for {timeout_s} s: {counts}")


NOTEBOOK_IDLE = """(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    return w && w.context && w.context.path.endsWith(name) && w.context.isReady
           && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
           && w.sessionContext.session.kernel.status === 'idle'; }"""


def wait_notebook_idle(page, notebook_file: str, timeout_ms: int = 90_000) -> None:
    """Until JupyterLab's current panel is this notebook, loaded, with its kernel idle."""
    page.wait_for_function(NOTEBOOK_IDLE, arg=notebook_file, timeout=timeout_ms)


# --- what a page shows -----------------------------------------------------------------------------

# A widget's static form (figures, alt text, table): shown only where no kernel runs.
STATIC_FORM = ".hfs-static, .hfs-alt"


def visible_static_forms(page, scope: str = ".jp-Notebook") -> int:
    """How many static-form elements inside `scope` are laid out (visible) in the page."""
    selector = ", ".join(f"{scope} {part.strip()}" for part in STATIC_FORM.split(","))
    return page.evaluate(
        "(sel) => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).length", selector
    )


def assert_no_static_form(page, where: str, scope: str = ".jp-Notebook") -> None:
    """A live notebook never shows a widget's static form: its alt text and table would answer the
    prediction asked above the widget (issue 18)."""
    static = visible_static_forms(page, scope)
    assert static == 0, f"{where}: {static} static form(s) visible in the live notebook"


class PageWatch:
    """Console errors, page errors and failed requests of one page, recorded from its opening."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: self.failed_requests.append(f"{req.url} ({req.failure})"))
        page.on(
            "response",
            lambda resp: resp.status >= 400 and self.failed_requests.append(f"{resp.url} (HTTP {resp.status})"),
        )

    def errors(self) -> list[str]:
        """Console errors, less the favicon a bare page asks for and the aborts of the off-machine guard
        (those are reported as external requests)."""
        return [e for e in self.console_errors if "favicon" not in e and "net::ERR_FAILED" not in e]

    def course_errors(self) -> list[str]:
        """Console errors caused by the course: widget views failing, Python tracebacks, plotly errors."""
        markers = ("widgets.", "Traceback", "Error:", "Could not", "plotly", "anywidget", "Failed to", "comm")
        ignore = ("favicon", "net::ERR_", "Failed to load resource")
        return [e for e in self.console_errors if any(m in e for m in markers) and not any(i in e for i in ignore)]


def axe_serious(page, selectors: list[str] | None = None) -> list[dict]:
    """axe-core violations of impact serious or critical, on the whole page or inside the selectors."""
    if not AXE.exists():
        unavailable("axe-core is not installed (npm ci --prefix tests/browser)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (sels) => {
             const scope = sels ? {include: sels.flatMap(s => [...document.querySelectorAll(s)]).map(e => [e])} : document;
             const r = await axe.run(scope, {resultTypes: ['violations']});
             return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }""",
        selectors,
    )


def axe_serious_matching(page, selector: str = ".hfs-view") -> list[dict]:
    """axe-core violations of impact serious or critical in the elements matching one CSS selector, passed to
    axe as a NodeList (what the lesson tests scan). Note: `axe_serious(page, [selector])` is not the same scan:
    its `include: [[element]]` context was seen to report JupyterLab's own toolbar buttons, outside the
    selector, so it behaves as a whole-page scan."""
    if not AXE.exists():
        unavailable("axe-core is not installed (npm ci --prefix tests/browser)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (sel) => { const r = await axe.run(document.querySelectorAll(sel), {resultTypes: ['violations']});
               return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                      .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }""",
        selector,
    )


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# A fingerprint of everything plotly drew inside an element: titles, shapes, fills, texts.
FIGURE_SIGNATURE = r"""(root) => {
  const plots = [...root.querySelectorAll('.js-plotly-plot')];
  let h = 0;
  const feed = (s) => { for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; } };
  for (const p of plots) {
    for (const e of p.querySelectorAll('.main-svg text, .main-svg path, .main-svg rect.bg, .main-svg image')) {
      // skip hover labels, the toolbar and pattern definitions (plotly keeps unused ones)
      if (e.closest('.hoverlayer') || e.closest('.modebar') || e.closest('defs')) continue;
      // plotly names fill patterns with fresh ids and writes style properties in varying order
      const style = (e.getAttribute('style') || '').replace(/url\([^)]*\)/g, 'url(pattern)')
        .split(';').map(s => s.trim()).filter(Boolean).sort().join(';');
      feed(e.tagName + (e.getAttribute('d') || '') + style + (e.tagName === 'text' ? e.textContent : ''));
    }
  }
  return plots.length + ':' + h;
}"""


# --- Chromium --------------------------------------------------------------------------------------

_playwright = {"instance": None, "users": 0}


def _start_playwright():
    """One Playwright per test process (its sync API allows one per thread), shared by every browser."""
    if _playwright["instance"] is None:
        from playwright.sync_api import sync_playwright

        _playwright["instance"] = sync_playwright().start()
    _playwright["users"] += 1
    return _playwright["instance"]


def _release_playwright() -> None:
    _playwright["users"] -= 1
    if _playwright["users"] <= 0 and _playwright["instance"] is not None:
        _playwright["instance"].stop()
        _playwright["instance"] = None
        _playwright["users"] = 0


def guard_requests(context) -> None:
    """Abort every request to another machine and record it in `context.external_requests`."""
    context.external_requests = []

    def guard(route):
        url = route.request.url
        if is_local(url):
            return route.continue_()
        context.external_requests.append(url)
        return route.abort()

    context.route("**/*", guard)


def open_browser(viewport: tuple[int, int] = (1400, 1000), persistent: bool = False):
    """A guarded Chromium browser context (Debian's Chromium, headless). `persistent` keeps one profile for
    the whole context (what the JupyterLab tests use); otherwise a fresh browser with a plain context.
    Close it with `close_browser`."""
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM} (install Debian's chromium; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright is not installed")
    p = _start_playwright()
    size = {"width": viewport[0], "height": viewport[1]}
    if persistent:
        profile = tempfile.mkdtemp(prefix="hfs-chromium-")
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROME_ARGS, viewport=size
        )
        context.hfs_profile, context.hfs_browser = profile, None
    else:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        context = browser.new_context(viewport=size)
        context.hfs_profile, context.hfs_browser = None, browser
    guard_requests(context)
    return context


def close_browser(context) -> None:
    try:
        context.close()
        if context.hfs_browser is not None:
            context.hfs_browser.close()
    finally:
        if context.hfs_profile:
            shutil.rmtree(context.hfs_profile, ignore_errors=True)
        _release_playwright()


# --- servers, each stopped by PID ------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """PIDs of a process's children and their children (Linux /proc; empty elsewhere)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def stop_process(process: subprocess.Popen, grace_s: float = 15) -> None:
    """Stop a server, then any process it started that is still running (kernels), each by its PID."""
    children = descendants(process.pid)
    process.terminate()
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class Server:
    """A server process started in a throw-away home (so nothing is written to the user's), logging to a
    file there, waited for by `ready()` and stopped by PID with everything it started."""

    name = "server"
    prefix = "hfs-server-"
    start_timeout_s = 60

    def __init__(self, command: list[str], env: dict[str, str] | None = None, home: Path | None = None):
        self.home = home or Path(tempfile.mkdtemp(prefix=self.prefix))
        self.port = getattr(self, "port", None) or free_port()  # a subclass may have chosen it for its command
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / f"{self.name.lower()}.log"
        full_env = dict(
            os.environ,
            HOME=str(self.home),
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_DATA_DIR=str(self.home / "data"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            **(env or {}),
        )
        full_env.pop("HFS_STATIC", None)  # a live server: widgets, never their static forms
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, env=full_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        self._wait_ready()

    def ready(self) -> bool:
        """Listening on its port: a socket connect (an HTTP GET of a Voilà page would start a kernel)."""
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def _wait_ready(self) -> None:
        exited = []

        def up() -> bool:
            if self.process.poll() is not None:
                exited.append(True)
                return True
            return self.ready()

        ok = wait_until(up, self.start_timeout_s, 0.2)
        if exited:
            log = self.log()
            self.stop()
            pytest.fail(f"{self.name} exited: {log}")
        if not ok:
            self.stop()
            pytest.fail(f"{self.name} did not answer within {self.start_timeout_s} s")

    def log(self, tail: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.home, ignore_errors=True)


class LabServer(Server):
    """JupyterLab on 127.0.0.1 serving the repository, with a fixed token (LAB_TOKEN), no news, and no
    autosave (Lab must never save executed outputs back into notebooks/)."""

    name = "JupyterLab"
    prefix = "hfs-lab-"
    token = LAB_TOKEN

    def __init__(self):
        home = Path(tempfile.mkdtemp(prefix=self.prefix))
        settings = home / "settings" / "@jupyterlab"
        (settings / "apputils-extension").mkdir(parents=True)
        (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        (settings / "docmanager-extension").mkdir(parents=True)
        (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        self.port = free_port()
        command = [
            str(Path(sys.executable).parent / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--allow-root",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={ROOT}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--ServerApp.disable_check_xsrf=False",
        ]
        env = {"JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
        super().__init__(command, env, home)

    def ready(self) -> bool:
        """The REST API answers (starts no kernel)."""
        try:
            urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2)
            return True
        except Exception:
            return False


class VoilaServer(Server):
    """tools/app.py (by default --all) on a free port, with a token of its own (HFS_APP_TOKEN): `url(path)`
    carries it."""

    name = "Voilà"
    prefix = "hfs-voila-"

    def __init__(self, *args: str):
        self.port = free_port()
        self.token = secrets.token_urlsafe(16)
        command = [sys.executable, str(ROOT / "tools" / "app.py"), *(args or ("--all",)), "--port", str(self.port)]
        super().__init__(command, {"HFS_PRESENTER": "0", "HFS_APP_TOKEN": self.token})

    def url(self, path: str = "/voila/tree", token: bool = True) -> str:
        return f"{self.base}{path}" + (f"?token={self.token}" if token else "")

    def live_kernels(self) -> int:
        """Kernels started less kernels shut down, from jupyter_server's log lines."""
        text = self.log_path.read_text(errors="replace")
        return text.count("Kernel started: ") - text.count("Kernel shutdown: ")

    def wait_kernels(self, at_most: int, timeout_s: float = 20) -> int:
        wait_until(lambda: self.live_kernels() <= at_most, timeout_s)
        return self.live_kernels()


class SiteServer(Server):
    """A built static site served over HTTP on 127.0.0.1 (Python's http.server), as a reader's local server or
    a static host would serve it."""

    name = "Site server"
    prefix = "hfs-site-server-"

    def __init__(self, directory: Path):
        self.port = free_port()
        command = [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"]
        command += ["--directory", str(directory)]
        super().__init__(command)
