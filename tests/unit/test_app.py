"""tools/app.py (`make app LESSON=NN`) without a browser or a server: arguments, token, Host rule,
the Voilà configuration it builds, and the notebook changes it makes. The served app is tested in
tests/browser/test_voila.py and tests/browser/test_voila_sharing.py."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import app  # noqa: E402

START = ROOT / "notebooks" / "01-facial-nerve-anatomy.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(monkeypatch):
    """main() up to the point it would start Voilà: what it would serve, with which settings."""
    calls = []
    monkeypatch.setattr(app, "serve", lambda *args: calls.append(args))
    return calls


# --- arguments ----------------------------------------------------------------------------------


def test_an_unknown_lesson_is_named_and_fails(capsys):
    assert app.main(["42", "--check"]) == 2
    err = capsys.readouterr().err
    assert "no lesson 42" in err and "notebooks/42-*.ipynb" in err and "make app LESSON=NN" in err


def test_a_lesson_number_must_be_a_number(capsys):
    assert app.main(["anatomy", "--check"]) == 2
    assert "LESSON must be a lesson number" in capsys.readouterr().err


def test_a_lesson_is_required_unless_all(capsys):
    assert app.main(["--check"]) == 2
    assert "say which lesson to serve" in capsys.readouterr().err
    assert app.main(["01", "--all", "--check"]) == 2
    assert "not both" in capsys.readouterr().err


def test_a_busy_port_is_named(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert app.main(["00", "--port", str(port), "--check"]) == 2
    assert f"port {port} is already in use" in capsys.readouterr().err


def test_check_names_the_start_lesson_url(capsys):
    port = free_port()
    assert app.main(["1", "--check", "--port", str(port)]) == 0
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/voila/render/01-facial-nerve-anatomy.ipynb" in out and "at most 8" in out


@pytest.mark.parametrize("option", [["--max-kernels", "0"], ["--max-kernels", "two"], ["--cull-idle", "-5"]])
def test_bad_limits_are_refused(option, capsys):
    with pytest.raises(SystemExit) as exit_:
        app.main(["01", "--check", *option])
    assert exit_.value.code == 2
    assert option[0] in capsys.readouterr().err


def test_defaults_and_options_reach_serve(served, monkeypatch):
    monkeypatch.setenv(app.TOKEN_ENV, "test-token-123")
    port = free_port()
    assert app.main(["04", "--port", str(port)]) == 0
    assert served == [
        (ROOT / "notebooks" / "04-botox-vs-mvd.ipynb", port, "test-token-123", app.MAX_KERNELS, app.CULL_IDLE_TIMEOUT)
    ]
    served.clear()
    assert app.main(["--all", "--port", str(port), "--max-kernels", "2", "--cull-idle", "0"]) == 0
    assert served == [(None, port, "test-token-123", 2, 0)]


# --- token and URL -----------------------------------------------------------------------------


def test_the_token_is_random_unless_set(monkeypatch):
    monkeypatch.delenv(app.TOKEN_ENV, raising=False)
    first, second = app.app_token(), app.app_token()
    assert first != second and len(first) >= 32
    monkeypatch.setenv(app.TOKEN_ENV, "abcdefgh_-12")
    assert app.app_token() == "abcdefgh_-12"
    for bad in ["", "short", "has space in it", "semi;colon;x"]:
        monkeypatch.setenv(app.TOKEN_ENV, bad)
        with pytest.raises(app.AppError, match=app.TOKEN_ENV):
            app.app_token()


def test_the_url_opens_the_start_lesson_with_the_token():
    assert (
        app.app_url(8866, START, "tok") == "http://127.0.0.1:8866/voila/render/01-facial-nerve-anatomy.ipynb?token=tok"
    )
    assert app.app_url(8870, None, "tok") == "http://127.0.0.1:8870/voila/tree?token=tok"


def test_voila_serves_the_notebooks_folder_on_loopback_without_the_token_in_argv():
    argv = app.voila_argv(8866)
    assert argv[0] == str(ROOT / "notebooks")
    assert "--Voila.ip=127.0.0.1" in argv and "--no-browser" in argv and "--VoilaConfiguration.template=hfs" in argv
    assert not any("token" in arg for arg in argv)


# --- Voilà configuration -----------------------------------------------------------------------


def test_config_token_cap_culling_and_warm_start_lesson():
    config = app.voila_config(START, "tok", max_kernels=3, cull_idle=120)
    assert config.Voila.token == "tok"
    assert config.CourseVoila.max_kernels == 3
    kernels = config.MappingKernelManager
    assert (kernels.cull_idle_timeout, kernels.cull_interval, kernels.cull_connected) == (120, app.CULL_INTERVAL, False)
    assert config.VoilaConfiguration.preheat_kernel is True
    assert config.VoilaKernelManager.kernel_pools_config == {
        "default": {"pool_size": 0},
        START.name: {"pool_size": app.WARM_KERNELS},
    }
    assert "prelaunch_hook" not in config.VoilaConfiguration  # Voilà refuses it with preheat_kernel


def test_config_without_start_lesson_has_no_warm_kernel():
    config = app.voila_config(None, "tok")
    assert config.VoilaConfiguration.preheat_kernel is False
    assert "kernel_pools_config" not in config.VoilaKernelManager
    assert config.CourseVoila.max_kernels == app.MAX_KERNELS == 8


def test_culling_config_reaches_voilas_kernel_manager_class():
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    manager = AsyncMappingKernelManager(config=app.voila_config(None, "tok", cull_idle=77))
    assert (manager.cull_idle_timeout, manager.cull_interval, manager.cull_connected) == (77, app.CULL_INTERVAL, False)


# --- Host rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host, local",
    [
        ("127.0.0.1:8866", True),
        ("127.0.0.1", True),
        ("localhost:8866", True),
        ("LOCALHOST", True),
        ("[::1]:8866", True),
        ("127.0.0.2:80", True),
        ("evil.example", False),
        ("evil.example:8866", False),
        ("localhost.evil.example", False),
        ("10.0.0.1:8866", False),
        ("0.0.0.0:8866", False),
        ("", False),
        ("127.0.0.1.nip.io", False),
    ],
)
def test_only_this_machine_is_a_local_host(host, local):
    assert app.is_local_host(host) is local


# --- kernel count and the busy page ------------------------------------------------------------


class Task:
    def __init__(self, kernel_id=None, error=None):
        self.kernel_id, self.error = kernel_id, error

    def done(self):
        return self.kernel_id is not None or self.error is not None

    def cancelled(self):
        return False

    def exception(self):
        return self.error

    def result(self):
        return {"kernel_id": self.kernel_id}


class Kernels:
    def __init__(self, ids, pools=None):
        self.ids = ids
        if pools is not None:
            self._pools = pools

    def list_kernel_ids(self):
        return list(self.ids)


def test_learner_kernels_leave_out_the_warm_ones():
    assert app.learner_kernels(Kernels(["a", "b"])) == 2  # no preheat pool
    pools = {"01.ipynb": [Task("w1"), Task(), Task(error=RuntimeError())], "02.ipynb": []}
    assert app.learner_kernels(Kernels(["a", "w1", "b"], pools)) == 2
    assert app.learner_kernels(Kernels(["w1"], pools)) == 0


def test_the_busy_page_names_the_limit_and_what_to_do():
    page = app.BUSY_PAGE.format(limit=8)
    assert "This course app is serving 8 learners, its limit; close a tab or try again in a minute." in page
    assert '<html lang="en">' in page and "<title>" in page


# --- the notebook the app runs -----------------------------------------------------------------


def test_the_app_notebook_loads_one_shared_bundle_and_resyncs():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("[Lesson 2](02-spasm-progression.ipynb)"),
            nbformat.v4.new_code_cell("view = AnatomyView()\nview"),
        ]
    )
    sources = [cell.source for cell in notebook.cells]
    cells = app.prepare_notebook(notebook).cells
    assert len(cells) == 4 and [cell.source for cell in cells[1:3]] == sources
    assert "BaseFigureWidget._esm" in cells[0].source and cells[-1].source == app.RESYNC_FIGURES
    assert all(cell.metadata["tags"] == ["remove-input"] for cell in (cells[0], cells[-1]))
    loader = app.BUNDLE_LOADER
    # anywidget treats a one-line string as a file path; the page, not the kernel, knows its origin
    assert "\n" in loader.strip() and "location.href" in loader and "127.0.0.1" not in loader
    assert f"/voila/static/{app.BUNDLE_NAME}" in loader and "export default" in loader
