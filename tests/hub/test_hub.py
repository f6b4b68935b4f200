"""The class hub (deploy/jupyterhub_config.py) and its load test (tools/load.py): loopback only, every student
in a home of their own with their own copy of the course, and three simulated students running a notebook with
no failure, build/load.json's fields written, and nothing left running afterwards."""

import json
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROXY = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
SUMMARY_FIELDS = [
    "students",
    "failures",
    "server_start_s_p95",
    "run_all_s_p95",
    "interaction_ms_p50",
    "interaction_ms_p95",
    "kernel_rss_mb_p50",
    "kernel_rss_mb_max",
    "hub_rss_mb",
    "rows",
]


def load_config(tmp_path, monkeypatch):
    monkeypatch.setenv("HFS_HUB_DIR", str(tmp_path / "hub"))
    monkeypatch.delenv("HFS_CLASS_PASSWORD", raising=False)
    c = Config()
    namespace = {"get_config": lambda: c, "__file__": str(ROOT / "deploy" / "jupyterhub_config.py")}
    exec(compile((ROOT / "deploy" / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"), namespace)
    return c, namespace


def test_hub_listens_on_this_machine_only_and_students_land_on_the_start_notebook(tmp_path, monkeypatch):
    c, _ = load_config(tmp_path, monkeypatch)
    for url in (c.JupyterHub.bind_url, c.JupyterHub.hub_bind_url, c.ConfigurableHTTPProxy.api_url):
        assert url.startswith("http://127.0.0.1:"), url
    assert c.Spawner.ip == "127.0.0.1"
    assert c.Spawner.default_url == "/lab/tree/notebooks/00-start-here.ipynb"
    assert c.SimpleLocalProcessSpawner.home_dir_template.endswith(os.path.join("home", "{username}"))
    assert Path(c.Spawner.cmd[0]).exists()
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "jupyterhub_idle_culler" in culler["command"]
    # The class password is made once and kept (mode 600), long enough for the authenticator.
    secret = tmp_path / "hub" / "class-password"
    assert secret.stat().st_mode & 0o077 == 0 and len(c.SharedPasswordAuthenticator.user_password) >= 8
    assert ("--allow-root" in c.Spawner.args) == (os.getuid() == 0)


def test_each_student_gets_a_copy_of_the_course_that_a_restart_never_overwrites(tmp_path, monkeypatch):
    _, namespace = load_config(tmp_path, monkeypatch)
    spawner = SimpleNamespace(home_dir=str(tmp_path / "home" / "ada"), environment={})
    namespace["copy_course"](spawner)
    mine = tmp_path / "home" / "ada" / "notebooks" / "00-start-here.ipynb"
    assert mine.is_file() and not mine.is_symlink()
    assert spawner.environment["HFS_PROGRESS_FILE"].startswith(str(tmp_path / "home" / "ada"))
    mine.write_text("{}")  # the student's edits
    namespace["copy_course"](spawner)
    assert mine.read_text() == "{}"


@pytest.mark.slow
def test_three_students_run_a_notebook_through_the_hub_without_failure(tmp_path):
    if not PROXY.exists() or not shutil.which("node"):
        if IN_CI:
            pytest.fail("configurable-http-proxy is not installed (npm ci --prefix deploy)")
        pytest.skip("configurable-http-proxy is not installed (npm ci --prefix deploy)")
    import load

    out = tmp_path / "load.json"
    before = {p.pid for p in psutil.process_iter()}
    code = load.main(
        ["--students", "3", "--ramp", "3", "--lesson", "00", "--interactions", "3", "--think", "0.1", "--out", str(out)]
    )
    summary = json.loads(out.read_text())
    assert code == 0 and summary["failures"] == 0, [r["failure"] for r in summary["rows"]]
    assert all(summary[f] is not None for f in SUMMARY_FIELDS)
    assert summary["students"] == 3 and len(summary["rows"]) == 3
    for row in summary["rows"]:
        home = Path(row["kernel_cwd"]).parent
        assert home.name == row["name"] and Path(row["kernel_cwd"]).name == "notebooks"
        assert row["progress_file"].startswith(str(home) + os.sep)
        assert len(row["interactions_ms"]) == 3 and row["kernel_rss_mb"] > 0
    # Everything the test started (hub, proxy, servers, kernels) has been stopped.
    left = [
        p
        for p in psutil.process_iter(["pid", "cmdline"])
        if p.pid not in before
        and any(w in " ".join(p.info["cmdline"] or []) for w in ("jupyterhub", "configurable-http-proxy"))
    ]
    assert left == []
