"""Load-test the course's JupyterHub with simulated students: `make load STUDENTS=N [RAMP=s] [LESSON=01] [BROWSERS=k]`.

    python tools/load.py --students 30 --ramp 120 --lesson 01
    python tools/load.py --students 10 --browsers 3        # 3 of the 10 in headless Chromium

It starts a hub of its own (deploy/jupyterhub_config.py, a fresh temporary folder, free ports on
127.0.0.1), then for each student, started one after another over the ramp:
  1. creates the user and starts their server through the hub's REST API (admin token);
  2. with a token of that user's own, through the hub's proxy, opens the lesson as JupyterLab does
     (a session on the student's copy of the notebook) and runs every code cell over the kernel's
     websocket, stopping at the first error output (error or stderr), timeout or dead kernel;
  3. moves the lesson's controls: each interaction sets one control's value in the kernel (a dropdown,
     radio, toggle or slider of the lesson's views, taken from the widget messages the lesson sent)
     and times request sent -> the last widget update (comm_msg) it caused arriving over the websocket;
  4. reads the kernel's and the server's memory (RSS) once it is done. The kernel is left open, as a
     student leaves the lesson open, until the end of the test.
With --browsers K, K students instead sign in on the hub's login page in headless Chromium, land on the
start notebook, open the lesson in JupyterLab, run all, and change the views' dropdowns.

It writes build/load.json (summary and one row per student), prints a table and, while it runs, a
progress line. Every request goes to 127.0.0.1; every wait has a time limit; the hub, the proxy, the
servers and the kernels are stopped by PID at the end, on failure and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import struct
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import psutil
import requests
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hub import ROOT, Hub, free_port, rss_mb, stop_on_signals  # noqa: E402

CHROMIUM = os.environ.get("HFS_CHROMIUM", "/usr/bin/chromium")
CHROME_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERVER_TIMEOUT = 180  # s for a student's server to be ready
CELL_TIMEOUT = 180  # s for one cell
INTERACTION_TIMEOUT = 30  # s for one interaction's updates
# Controls a student moves, by widget model, and the trait the browser sends for each.
CONTROLS = {
    "DropdownModel": "index",
    "RadioButtonsModel": "index",
    "ToggleButtonsModel": "index",
    "SelectionSliderModel": "index",
    "IntSliderModel": "value",
    "FloatSliderModel": "value",
    "CheckboxModel": "value",
    "ToggleButtonModel": "value",
}


@dataclass
class Row:
    name: str
    mode: str = "kernel"
    phase: str = "waiting"
    server_start_s: float | None = None
    run_all_s: float | None = None
    cells: int = 0
    interactions_ms: list[float] = field(default_factory=list)
    updates: list[int] = field(default_factory=list)  # widget update messages per interaction
    kernel_rss_mb: float | None = None
    server_rss_mb: float | None = None
    kernel_cwd: str | None = None  # the kernel's working folder and progress file: the student's own
    progress_file: str | None = None
    failure: str | None = None


class Failure(Exception):
    pass


def deadline_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Failure("timeout")
    return left


class KernelChannel:
    """One kernel's websocket (JupyterLab's channels endpoint) reached through the hub's proxy."""

    def __init__(self, ws_url: str, token: str):
        self.ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {token}"], timeout=30, enable_multithread=False
        )
        self.session = uuid.uuid4().hex
        self.comms: dict[str, dict] = {}  # widget model id -> its state as last seen

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "session": self.session,
                        "username": "student",
                        "version": "5.3",
                        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def recv(self, deadline: float) -> dict:
        self.ws.settimeout(min(deadline_left(deadline), 30))
        try:
            frame = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            raise Failure("timeout waiting for the kernel") from None
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError) as exc:
            raise Failure(f"kernel connection lost: {exc}") from None
        if isinstance(frame, bytes):  # jupyter_server's binary frame: message + buffers (widget arrays)
            count = struct.unpack("!I", frame[:4])[0]
            offsets = [struct.unpack("!I", frame[4 * (i + 1) : 4 * (i + 2)])[0] for i in range(count)]
            frame = frame[offsets[0] : offsets[1] if count > 1 else None]
        msg = json.loads(frame)
        self._track(msg)
        return msg

    def _track(self, msg: dict) -> None:
        kind, content = msg["header"]["msg_type"], msg.get("content", {})
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.comms[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg" and content.get("comm_id") in self.comms:
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.comms[content["comm_id"]].update(data.get("state", {}))
        elif kind == "comm_close":
            self.comms.pop(content.get("comm_id"), None)
        elif kind == "status" and content.get("execution_state") == "dead":
            raise Failure("kernel died")

    def ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        msg_id = self.send("kernel_info_request", {})
        while True:
            msg = self.recv(deadline)
            if (
                msg.get("parent_header", {}).get("msg_id") == msg_id
                and msg["header"]["msg_type"] == "kernel_info_reply"
            ):
                return

    def execute(self, code: str, timeout: float) -> tuple[list[str], list[float], str]:
        """Run code; return (error texts, arrival times of the widget updates it caused, stdout)."""
        deadline = time.monotonic() + timeout
        msg_id = self.send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        errors, updates, stdout, replied, idle = [], [], [], False, False
        while not (replied and idle):
            msg = self.recv(deadline)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg.get("content", {})
            if kind == "execute_reply":
                replied = True
                if content.get("status") != "ok" and not errors:
                    errors.append(f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                errors.append(f"{content.get('ename')}: {content.get('evalue')}"[:500])
            elif kind == "stream" and content.get("name") == "stderr":
                errors.append(f"stderr: {content.get('text', '')}"[:500])
            elif kind == "stream":
                stdout.append(content.get("text", ""))
            elif kind == "comm_msg" and content.get("data", {}).get("method") == "update":
                updates.append(time.perf_counter())
        return errors, updates, "".join(stdout)

    def controls(self) -> list[tuple[str, str, dict]]:
        """The lesson's movable controls: (model id, trait, state), presenter switch left out."""
        found = []
        for comm_id, state in self.comms.items():
            trait = CONTROLS.get(state.get("_model_name"))
            if not trait or state.get("disabled") or "presenter" in str(state.get("description", "")).lower():
                continue
            if trait == "index" and len(state.get("_options_labels", [])) < 2:
                continue
            found.append((comm_id, trait, state))
        return found


def next_value(trait: str, state: dict, step: int):
    if trait == "index":
        n = len(state["_options_labels"])
        current = state.get("index")
        return ((current if isinstance(current, int) else 0) + 1 + step) % n
    if isinstance(state.get("value"), bool):
        return not state["value"]
    low, high = state.get("min", 0), state.get("max", 100)
    fraction = (step * 0.37) % 1.0  # spread over the range, never the same value twice in a row
    value = low + (high - low) * fraction
    return int(round(value)) if state["_model_name"] == "IntSliderModel" else float(value)


class LoadTest:
    def __init__(self, args):
        self.args = args
        self.notebook = self.lesson_notebook(args.lesson)
        self.rows: list[Row] = []
        self.admin_token = secrets.token_hex(24)
        self.password = secrets.token_urlsafe(12)
        self.hub_dir = Path(tempfile.mkdtemp(prefix="hfs-hub-load-"))
        self.hub = Hub(
            self.hub_dir,
            free_port(),
            api_ports=True,
            env={"HFS_HUB_ADMIN_TOKEN": self.admin_token, "HFS_CLASS_PASSWORD": self.password},
        )
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {self.admin_token}"
        self.peak_total_rss_mb = 0.0
        self.done = threading.Event()

    @staticmethod
    def lesson_notebook(lesson: str) -> str:
        matches = sorted(p.name for p in (ROOT / "notebooks").glob(f"{lesson}*.ipynb"))
        if not matches:
            raise SystemExit(f"no notebook matches {lesson!r} in notebooks/")
        return matches[0]

    # --- the hub's REST API -----------------------------------------------------------------------
    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        r = self.api.request(method, f"{self.hub.url}/hub/api{path}", timeout=60, **kw)
        if r.status_code >= 400:
            raise Failure(f"{method} {path}: HTTP {r.status_code} {r.text[:200]}")
        return r

    def start_server(self, row: Row) -> str:
        """Create the student, start their server, wait until it is ready; return a token of their own."""
        t0 = time.monotonic()
        self.hub_api("POST", f"/users/{row.name}")
        self.hub_api("POST", f"/users/{row.name}/server")
        deadline = t0 + SERVER_TIMEOUT
        while True:
            deadline_left(deadline)
            server = self.hub_api("GET", f"/users/{row.name}").json().get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if not server:
                raise Failure(f"server failed to start (hub log: {self.hub.log_path.name})")
            time.sleep(0.5)
        row.server_start_s = time.monotonic() - t0
        return self.hub_api("POST", f"/users/{row.name}/tokens", json={"note": "load test", "expires_in": 7200}).json()[
            "token"
        ]

    # --- one kernel-level student -----------------------------------------------------------------
    def kernel_student(self, row: Row) -> None:
        row.phase = "spawning"
        token = self.start_server(row)
        user = requests.Session()
        user.headers["Authorization"] = f"token {token}"
        base = f"{self.hub.url}/user/{row.name}"
        # The student's own copy of the course (copied by the hub's pre-spawn hook).
        r = user.get(f"{base}/api/contents/notebooks/{self.notebook}", timeout=60)
        if r.status_code != 200:
            raise Failure(f"the student's copy of {self.notebook}: HTTP {r.status_code}")
        cells = [c["source"] for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
        r = user.post(
            f"{base}/api/sessions",
            timeout=60,
            json={
                "path": f"notebooks/{self.notebook}",
                "name": self.notebook,
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        if r.status_code >= 400:
            raise Failure(f"starting a kernel: HTTP {r.status_code} {r.text[:200]}")
        kernel_id = r.json()["kernel"]["id"]
        ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        kernel = KernelChannel(ws_url, token)
        try:
            kernel.ready()
            row.phase = "running"
            t0 = time.monotonic()
            for i, source in enumerate(cells):
                errors, _, _ = kernel.execute(source, CELL_TIMEOUT)
                row.cells = i + 1
                if errors:
                    raise Failure(f"cell {i + 1}: {errors[0]}")
            row.run_all_s = time.monotonic() - t0
            row.phase = "interacting"
            controls = kernel.controls()
            if not controls:
                raise Failure("the lesson showed no control to move")
            for step in range(self.args.interactions):
                comm_id, trait, state = controls[step % len(controls)]
                value = next_value(trait, kernel.comms.get(comm_id, state), step // len(controls))
                code = (
                    "from ipywidgets.widgets.widget import _instances as _hfs_widgets\n"
                    f"setattr(_hfs_widgets[{comm_id!r}], {trait!r}, {value!r})"
                )
                sent = time.perf_counter()
                errors, updates, _ = kernel.execute(code, INTERACTION_TIMEOUT)
                if errors:
                    raise Failure(f"interaction {step + 1} ({state.get('_model_name')} {trait}={value!r}): {errors[0]}")
                if not updates:
                    raise Failure(f"interaction {step + 1}: no widget update came back")
                row.interactions_ms.append((updates[-1] - sent) * 1000)
                row.updates.append(len(updates))
                time.sleep(self.args.think)
            _, _, out = kernel.execute(
                "import os; print(os.getpid(), os.getcwd(), os.environ.get('HFS_PROGRESS_FILE'), sep='\\n')", 30
            )
            pid, row.kernel_cwd, row.progress_file = out.strip().split("\n")
            self.read_rss(row, int(pid))
        finally:
            kernel.close()

    @staticmethod
    def read_rss(row: Row, kernel_pid: int) -> None:
        row.kernel_rss_mb = rss_mb(kernel_pid)
        try:
            row.server_rss_mb = rss_mb(psutil.Process(kernel_pid).ppid())
        except psutil.Error:
            pass

    # --- one student in a real browser -----------------------------------------------------------
    def browser_student(self, row: Row) -> None:
        from playwright.sync_api import sync_playwright

        row.mode = "browser"
        row.phase = "spawning"
        ready_js = """(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            return !!(w && w.context && w.context.path.endsWith(name) && w.context.isReady && w.sessionContext
                   && w.sessionContext.session && w.sessionContext.session.kernel
                   && w.sessionContext.session.kernel.status === 'idle'); }"""
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith((self.hub.url, "data:", "blob:"))
                        else route.abort()
                    ),
                )
                t0 = time.monotonic()
                page.goto(f"{self.hub.url}/hub/login", timeout=60_000)
                page.fill("input[name=username]", row.name)
                page.fill("input[name=password]", self.password)
                page.click("#login_submit")
                # The hub starts the server and sends the student to the start notebook (default_url).
                page.wait_for_function(ready_js, arg="00-start-here.ipynb", timeout=SERVER_TIMEOUT * 1000)
                row.server_start_s = time.monotonic() - t0
                row.phase = "running"
                page.goto(
                    f"{self.hub.url}/user/{row.name}/lab/workspaces/load/tree/notebooks/{self.notebook}?reset",
                    timeout=120_000,
                )
                page.wait_for_function(ready_js, arg=self.notebook, timeout=120_000)
                t0 = time.monotonic()
                page.evaluate("""() => { const app = window.jupyterapp; const w = app.shell.currentWidget;
                    app.shell.activateById(w.id); w.content.activeCellIndex = 0;
                    app.commands.execute('notebook:run-all-cells'); }""")
                page.wait_for_function(
                    """() => { const w = window.jupyterapp.shell.currentWidget;
                    const cells = w.content.widgets.filter(c => c.model.type === 'code');
                    return cells.length > 0 && cells.every(c => c.model.executionCount !== null)
                           && w.sessionContext.session.kernel.status === 'idle'; }""",
                    timeout=CELL_TIMEOUT * 2000,
                )
                row.run_all_s = time.monotonic() - t0
                errors = page.eval_on_selector_all(
                    "[data-mime-type='application/vnd.jupyter.stderr'], [data-mime-type='application/vnd.jupyter.error']",
                    "els => els.map(e => e.textContent.slice(0, 300))",
                )
                if errors:
                    raise Failure(f"error output in the browser: {errors[0]}")
                row.phase = "interacting"
                page.wait_for_selector(".hfs-view select", timeout=60_000)
                for step in range(self.args.interactions):
                    ms = page.evaluate(BROWSER_INTERACTION, [step, INTERACTION_TIMEOUT * 1000])
                    if ms is None:
                        raise Failure(f"browser interaction {step + 1}: the view did not change")
                    row.interactions_ms.append(ms)
                    row.updates.append(1)
                    time.sleep(self.args.think)
                kernel_id = page.evaluate(
                    "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id"
                )
                pid = self.kernel_pid(kernel_id)
                if pid:
                    self.read_rss(row, pid)
            except Exception:
                shots = ROOT / "build" / "screenshots"
                shots.mkdir(parents=True, exist_ok=True)
                try:  # what the student's browser showed when it failed
                    page.screenshot(path=str(shots / f"load-{row.name}.png"))
                except Exception:
                    pass
                raise
            finally:
                browser.close()

    def kernel_pid(self, kernel_id: str) -> int | None:
        for p in self.hub.descendants():
            try:
                if any(f"kernel-{kernel_id}.json" in part for part in p.cmdline()):
                    return p.pid
            except psutil.Error:
                pass
        return None

    # --- the run -----------------------------------------------------------------------------------
    def student(self, index: int, row: Row, t_start: float) -> None:
        n = self.args.students
        time.sleep(max(0.0, t_start + self.args.ramp * index / max(n - 1, 1) - time.monotonic()))
        if self.done.is_set():
            row.failure = "not started: the test was stopped"
            return
        try:
            if row.mode == "browser":
                self.browser_student(row)
            else:
                self.kernel_student(row)
            row.phase = "done"
        except Failure as exc:
            row.failure, row.phase = str(exc), "failed"
        except Exception as exc:  # a student's crash is a recorded failure, never the whole test's
            row.failure, row.phase = f"{type(exc).__name__}: {exc}"[:500], "failed"

    def progress(self, t_start: float) -> None:
        tty = sys.stdout.isatty()
        last_print = 0.0
        while not self.done.wait(1.0):
            total = (
                sum(
                    r
                    for r in (rss_mb(p.pid) for p in [psutil.Process(self.hub.proc.pid), *self.hub.descendants()])
                    if r
                )
                if self.hub.proc
                else 0
            )
            self.peak_total_rss_mb = max(self.peak_total_rss_mb, total)
            counts = {
                phase: sum(r.phase == phase for r in self.rows)
                for phase in ("waiting", "spawning", "running", "interacting", "done", "failed")
            }
            line = (
                f"[{time.monotonic() - t_start:5.0f} s] "
                + " · ".join(f"{k} {v}" for k, v in counts.items())
                + f" · memory {total / 1024:.1f} GiB · load {os.getloadavg()[0]:.1f}"
            )
            if tty:
                print("\r" + line, end="", flush=True)
            elif time.monotonic() - last_print >= 10:
                print(line, flush=True)
                last_print = time.monotonic()
        if tty:
            print()

    def run(self) -> dict:
        args = self.args
        load_before = os.getloadavg()
        print(
            f"Load test: {args.students} students ({args.browsers} in Chromium), lesson {self.notebook}, "
            f"ramp {args.ramp:.0f} s, {args.interactions} interactions each; load average {load_before[0]:.2f}",
            flush=True,
        )
        self.hub.start()
        self.rows = [
            Row(f"student{i + 1:02d}", mode="browser" if i < args.browsers else "kernel") for i in range(args.students)
        ]
        t_start = time.monotonic()
        reporter = threading.Thread(target=self.progress, args=(t_start,), daemon=True)
        reporter.start()
        with ThreadPoolExecutor(max_workers=args.students) as pool:
            futures = [pool.submit(self.student, i, row, t_start) for i, row in enumerate(self.rows)]
            budget = t_start + args.ramp + args.max_time
            for f in futures:
                try:
                    f.result(timeout=max(1.0, budget - time.monotonic()))
                except Exception:
                    break
            self.done.set()
            for row in self.rows:
                if row.phase not in ("done", "failed"):
                    row.failure, row.phase = (
                        row.failure or f"timeout: still {row.phase} after {args.max_time} s",
                        "failed",
                    )
        reporter.join(5)
        duration = time.monotonic() - t_start
        proxy_pid = self.proxy_pid()
        summary = self.summary(duration, load_before, os.getloadavg(), proxy_pid)
        return summary

    def proxy_pid(self) -> int | None:
        for p in self.hub.descendants():
            try:
                if "configurable-http-proxy" in " ".join(p.cmdline()):
                    return p.pid
            except psutil.Error:
                pass
        return None

    def summary(self, duration: float, load_before, load_after, proxy_pid) -> dict:
        def pct(values, q):
            values = [v for v in values if v is not None]
            return round(float(np.percentile(values, q)), 3) if values else None

        rows = self.rows
        interactions = [ms for r in rows for ms in r.interactions_ms]
        return {
            "students": len(rows),
            "failures": sum(r.failure is not None for r in rows),
            "server_start_s_p95": pct([r.server_start_s for r in rows], 95),
            "run_all_s_p50": pct([r.run_all_s for r in rows], 50),
            "run_all_s_p95": pct([r.run_all_s for r in rows], 95),
            "interaction_ms_p50": pct(interactions, 50),
            "interaction_ms_p95": pct(interactions, 95),
            "interactions": len(interactions),
            "kernel_rss_mb_p50": pct([r.kernel_rss_mb for r in rows], 50),
            "kernel_rss_mb_max": pct([r.kernel_rss_mb for r in rows], 100),
            "server_rss_mb_p50": pct([r.server_rss_mb for r in rows], 50),
            "hub_rss_mb": round(rss_mb(self.hub.proc.pid) or 0, 1),
            "proxy_rss_mb": round(rss_mb(proxy_pid) or 0, 1) if proxy_pid else None,
            "peak_total_rss_mb": round(self.peak_total_rss_mb, 1),
            "lesson": self.notebook,
            "ramp_s": self.args.ramp,
            "browsers": self.args.browsers,
            "interactions_per_student": self.args.interactions,
            "think_s": self.args.think,
            "duration_s": round(duration, 1),
            "cpus": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in load_after],
            "rows": [asdict(r) | {"interactions_ms": [round(x, 1) for x in r.interactions_ms]} for r in rows],
        }

    def stop(self) -> None:
        self.done.set()
        self.hub.stop()
        if not self.args.keep:
            shutil.rmtree(self.hub_dir, ignore_errors=True)


# Change the next dropdown of the lesson's views and time until a figure or a text of that view changes.
BROWSER_INTERACTION = """async ([step, timeout]) => {
  // Shown dropdowns of views that draw a figure: each change must redraw something besides the dropdown.
  // (A view hides the dropdowns that do not apply, e.g. lesson 1's parotid branch unless the lesion is there.)
  const shown = (el) => { for (let e = el; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).display === 'none' || getComputedStyle(e).visibility === 'hidden') return false; }
    return true; };
  const selects = [...document.querySelectorAll('.hfs-view select')].filter(s => !s.disabled && s.options.length > 1
      && s.closest('.hfs-view').querySelector('.js-plotly-plot') && shown(s));
  if (!selects.length) return null;
  const s = selects[step % selects.length];
  s.scrollIntoView({block: 'center'});
  const view = s.closest('.hfs-view');
  await new Promise(r => setTimeout(r, 500));  // JupyterLab attaches a cell's output when it scrolls into view
  return await new Promise((resolve) => {
    let armed = false;
    const t0 = performance.now();
    const obs = new MutationObserver((records) => {
      if (!armed) return;
      const hit = records.some(r => { const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        return el && !s.contains(el) && !el.contains(s); });
      if (hit) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(view, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(null); }, timeout);
    s.selectedIndex = (s.selectedIndex + 1) % s.options.length;
    s.dispatchEvent(new Event('change', {bubbles: true}));
    setTimeout(() => { armed = true; }, 0);  // what the change did locally, before any kernel reply, is not counted
  });
}"""


def print_table(summary: dict) -> None:
    print(
        f"\n{'student':<11} {'mode':<8} {'start s':>8} {'run-all s':>9} {'int. p50 ms':>11} {'int. max ms':>11}"
        f" {'kernel MB':>9} {'server MB':>9}  failure"
    )
    for r in summary["rows"]:
        ims = r["interactions_ms"]

        def f(v, spec=".1f"):
            return format(v, spec) if v is not None else "-"

        print(
            f"{r['name']:<11} {r['mode']:<8} {f(r['server_start_s']):>8} {f(r['run_all_s']):>9}"
            f" {f(float(np.median(ims)) if ims else None, '.0f'):>11} {f(max(ims) if ims else None, '.0f'):>11}"
            f" {f(r['kernel_rss_mb'], '.0f'):>9} {f(r['server_rss_mb'], '.0f'):>9}  {r['failure'] or ''}"
        )
    keys = [
        "students",
        "failures",
        "server_start_s_p95",
        "run_all_s_p95",
        "interaction_ms_p50",
        "interaction_ms_p95",
        "kernel_rss_mb_p50",
        "kernel_rss_mb_max",
        "server_rss_mb_p50",
        "hub_rss_mb",
        "proxy_rss_mb",
        "peak_total_rss_mb",
        "loadavg_before",
        "loadavg_after",
    ]
    print("\n" + "\n".join(f"{k:<20} {summary[k]}" for k in keys))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which the students start")
    parser.add_argument("--lesson", default="01", help="notebook prefix, e.g. 00 or 01")
    parser.add_argument("--interactions", type=int, default=10, help="control changes per student")
    parser.add_argument("--think", type=float, default=1.0, help="seconds a student waits between interactions")
    parser.add_argument("--browsers", type=int, default=0, help="students driven in headless Chromium")
    parser.add_argument("--max-time", type=float, default=600, help="seconds a student may take after the ramp")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "load.json")
    parser.add_argument("--keep", action="store_true", help="keep the hub's folder (homes, log) for inspection")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 200:
        parser.error("--students must be between 1 and 200")
    args.browsers = min(args.browsers, args.students)
    if args.browsers and not Path(CHROMIUM).exists():
        parser.error(f"--browsers needs Chromium at {CHROMIUM}")
    test = LoadTest(args)
    try:
        summary = test.run()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
        print_table(summary)
        print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
        if summary["failures"]:
            print(f"hub log: {test.hub.log_path}" if args.keep else "(run with --keep to inspect the hub's log)")
        return 1 if summary["failures"] else 0
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the hub and every student's server…", file=sys.stderr)
        return 130
    finally:
        test.stop()


if __name__ == "__main__":
    stop_on_signals()  # SIGTERM/SIGHUP unwind like Ctrl-C, so main's `finally` stops the hub
    sys.exit(main())
