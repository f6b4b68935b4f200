"""Run the course's JupyterHub for a class on this machine: `make hub [HUB_PORT=8000]`.

    python tools/hub.py                    # http://127.0.0.1:8000/ ; prints the class password
    python tools/hub.py --port 8010
    HFS_HUB_DIR=/srv/class python tools/hub.py

The hub is configured by deploy/jupyterhub_config.py (read it: sign-in, homes, culling). This script
starts it in a process group of its own, waits until it answers, prints how to sign in, and on Ctrl-C,
SIGTERM or any failure stops it and everything it started (proxy, students' servers, their kernels),
by PID. tools/load.py uses the same `Hub` class.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
PROXY = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.Error:
        return None


class Hub:
    """One JupyterHub process (with its proxy and the students' servers), stopped by PID on exit."""

    def __init__(self, hub_dir: Path, port: int, env: dict[str, str] | None = None, api_ports: bool = False):
        self.hub_dir = Path(hub_dir)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, HFS_HUB_DIR=str(self.hub_dir), HFS_HUB_PORT=str(port), **(env or {}))
        if api_ports:  # a second hub beside a running one (the load test) needs its own internal ports
            self.env.update(HFS_HUB_API_PORT=str(free_port()), HFS_PROXY_API_PORT=str(free_port()))
        self.proc: subprocess.Popen | None = None
        self.log_path = self.hub_dir / "jupyterhub.log"
        # Every process below the hub seen so far. The students' servers and kernels start sessions of
        # their own (they do not get the hub's signals), so the hub's process group alone is not enough.
        self.seen: dict[int, float] = {}
        self._watch_stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self, timeout: float = 90) -> "Hub":
        if not PROXY.exists():
            raise SystemExit(f"configurable-http-proxy is not installed ({PROXY.relative_to(ROOT)}): run make install")
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            cwd=self.hub_dir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except (psutil.Error, AttributeError):
            return []

    def _watch(self) -> None:
        while not self._watch_stop.wait(1.0):
            for p in self.descendants():
                try:
                    self.seen.setdefault(p.pid, p.create_time())
                except psutil.Error:
                    pass

    def stop(self, grace: float = 20) -> None:
        """SIGTERM the hub (it stops the proxy and the servers itself), then SIGKILL whatever is left, by PID."""
        if self.proc is None:
            return
        for p in self.descendants():
            try:
                self.seen.setdefault(p.pid, p.create_time())
            except psutil.Error:
                pass
        self._watch_stop.set()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the hub's own group: itself and the proxy
        except ProcessLookupError:
            pass
        self.proc.wait(10)
        # A PID is killed only if it is still the process we saw (same start time): never a reused PID.
        for pid, started in self.seen.items():
            try:
                p = psutil.Process(pid)
                if p.create_time() == started:
                    p.kill()
            except psutil.Error:
                pass
        self.proc = None

    def __enter__(self) -> "Hub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so the caller's `finally` stops the hub."""

    def handler(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("HFS_HUB_PORT", "8000")))
    args = parser.parse_args()
    hub_dir = Path(os.environ.get("HFS_HUB_DIR") or Path.home() / "hfs-course-hub").expanduser().resolve()
    stop_on_signals()
    hub = Hub(hub_dir, args.port)
    try:
        hub.start()
        password = os.environ.get("HFS_CLASS_PASSWORD") or (hub_dir / "class-password").read_text().strip()
        print(
            f"JupyterHub for the class: {hub.url}/\n"
            f"  students: any user name, class password {password}\n"
            f"  lecturer: user name 'lecturer', password in {hub_dir / 'lecturer-password'} (admin page {hub.url}/hub/admin)\n"
            f"  students' homes: {hub_dir / 'home'}   log: {hub.log_path}\n"
            "Ctrl-C stops the hub and every student's server (their files stay).",
            flush=True,
        )
        while hub.proc.poll() is None:
            time.sleep(1)
        print(f"JupyterHub exited ({hub.proc.returncode}):\n{hub.log_tail()}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nStopping the hub…", flush=True)
    finally:
        hub.stop()


if __name__ == "__main__":
    main()
