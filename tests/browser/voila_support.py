"""Helpers for the delivery tests: a Voilà server for the lessons (tools/app.py), a Chromium that
cannot reach beyond this machine running in its own thread, and page checks shared by the Voilà
and static-site tests (tests/browser/test_voila.py, tests/site/test_site.py)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = os.environ.get("HFS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The same flags as tests/browser/conftest.py: DNS for anything but loopback fails inside Chromium.
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
    if IN_CI:
        pytest.fail(f"browser test cannot run under CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:", "file:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost")


class VoilaServer:
    """tools/app.py (by default --all) on a free port, with a throw-away home so nothing is written to the
    user's, and a token of its own (HFS_APP_TOKEN): `url(path)` carries it."""

    def __init__(self, *args: str):
        self.home = Path(tempfile.mkdtemp(prefix="hfs-voila-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_urlsafe(16)
        env = dict(
            os.environ,
            HOME=str(self.home),
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_DATA_DIR=str(self.home / "data"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            HFS_PRESENTER="0",
            HFS_APP_TOKEN=self.token,
        )
        env.pop("HFS_STATIC", None)
        self.log_path = self.home / "voila.log"
        command = [sys.executable, str(ROOT / "tools" / "app.py"), *(args or ("--all",)), "--port", str(self.port)]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        # Wait for the port with a socket connect: an HTTP GET of a page would start a kernel.
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Voilà exited: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail("Voilà did not listen within 60 s")

    def url(self, path: str = "/voila/tree", token: bool = True) -> str:
        return f"{self.base}{path}" + (f"?token={self.token}" if token else "")

    def log(self, tail: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:]

    def live_kernels(self) -> int:
        """Kernels started less kernels shut down, from jupyter_server's log lines."""
        text = self.log_path.read_text(errors="replace")
        return text.count("Kernel started: ") - text.count("Kernel shutdown: ")

    def wait_kernels(self, at_most: int, timeout_s: float = 20) -> int:
        deadline = time.time() + timeout_s
        while self.live_kernels() > at_most and time.time() < deadline:
            time.sleep(0.25)
        return self.live_kernels()

    def stop(self) -> None:
        """Stop the server, then any kernel of it still running, each by its PID."""
        kernels = descendants(self.process.pid)
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        shutil.rmtree(self.home, ignore_errors=True)


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


class ThreadedChromium:
    """Chromium driven from one worker thread, so it can live beside the session's other Playwright.

    Playwright's sync API allows one instance per thread; tests/browser/conftest.py keeps one open
    for the whole session. Every call goes through `run(function, *args)`, which executes
    function(context, *args) in the worker thread and returns its (plain) result.
    """

    def __init__(self, viewport=(1280, 900)):
        if not Path(CHROMIUM).exists():
            unavailable(f"no Chromium at {CHROMIUM} (install Debian's chromium; .ci/run does)")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            unavailable("playwright is not installed")
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hfs-chromium")
        self.pool.submit(self._start, viewport).result()

    def _start(self, viewport) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        self.context = self.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.external_requests: list[str] = []

        def guard(route):
            url = route.request.url
            if is_local(url):
                return route.continue_()
            self.external_requests.append(url)
            return route.abort()

        self.context.route("**/*", guard)

    def run(self, function, *args):
        return self.pool.submit(function, self.context, *args).result()

    def close(self) -> None:
        def stop():
            self.context.close()
            self.browser.close()
            self.playwright.stop()

        self.pool.submit(stop).result()
        self.pool.shutdown()


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
