"""Serve the course as a Voilà app on this machine, opening one lesson: `make app LESSON=NN [PORT=8866]`.

    python tools/app.py 01                   # prints http://127.0.0.1:8866/voila/render/01-….ipynb?token=…
    python tools/app.py 01 --port 8870
    python tools/app.py 01 --max-kernels 4   # at most 4 learners' pages at once (default MAX_KERNELS)
    python tools/app.py --all                # no start lesson: the URL opens the list of notebooks

Every notebook of notebooks/ is served (/voila/render/<name>), so a lesson's links to the others
(`[Lesson 2](02-spasm-progression.ipynb)`) open them as apps; the printed URL opens the lesson asked for.

Fit to share with a class on this machine:
- a token: the printed URL carries it (`?token=…`, as `make lab` prints its URL); the browser keeps it
  in a cookie, so links between lessons need no token. HFS_APP_TOKEN sets it (the tests do).
- only requests addressed to this machine (Host 127.0.0.1, localhost or another loopback address)
  are served; any other Host header gets 403, which blocks DNS-rebinding pages.
- at most MAX_KERNELS learners' pages hold a kernel at once; the next one gets a short page saying the
  app is full (HTTP 503) rather than a hang. A kernel is stopped when its tab closes (Voilà's page
  sends that on unload); one left with no page connected is stopped after CULL_IDLE_TIMEOUT seconds.
- the start lesson has WARM_KERNELS kernel(s) started and run ahead (Voilà's preheat pool), so its
  page shows its widgets without waiting for the notebook to run.

The app listens on 127.0.0.1 only, opens no browser, hides the code and makes no request off the
machine: the course's Voilà template (tools/site_assets/jupyter/voila/templates/hfs) is Voilà's
"lab" template without its Font Awesome links to a CDN (Voilà bundles the fonts itself).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import secrets
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATE_ROOT = ROOT / "tools" / "site_assets" / "jupyter"  # holds voila/templates/hfs
TEMPLATE = "hfs"
DEFAULT_PORT = 8866
# Learners' pages served at once. Each open lesson page holds one Python kernel (about 120 MB with
# a lesson's models and figures); the warm kernel(s) of the start lesson come on top.
MAX_KERNELS = 8
# Kernels of the start lesson started and run ahead of any request (Voilà's preheat pool). Taking
# one starts its replacement a second later.
WARM_KERNELS = 1
# Culling (jupyter_server's MappingKernelManager): a kernel with no page connected and no activity
# for CULL_IDLE_TIMEOUT seconds is stopped; the check runs every CULL_INTERVAL seconds. A page that
# is open keeps its kernel however long it is idle (cull_connected=False): a learner reading is not
# cut off; closing the tab stops the kernel at once.
CULL_IDLE_TIMEOUT = 600
CULL_INTERVAL = 60
TOKEN_ENV = "HFS_APP_TOKEN"
LOCAL_HOSTNAMES = ["localhost"]  # besides loopback addresses (127.0.0.1, ::1), as jupyter_server has it
# JupyterLab-only front-end extensions that fail inside Voilà (a console error) and serve no app.
EXTENSION_DENYLIST = ["jupyterlab-jupytext", "@voila-dashboards/jupyterlab-preview"]

# Appended to the notebook Voilà runs. A plotly FigureWidget placed inside a container syncs its
# full state only when it is created; later edits travel as one-shot messages. Voilà's page connects
# after the notebook has run, so without this it would show each figure as first built, not as the
# controls say. Re-sending every figure's current state at the end fixes that for every lesson.
RESYNC_FIGURES = """\
import copy as _copy
import plotly.graph_objects as _go
from ipywidgets.widgets.widget import _instances as _widget_instances
for _widget in list(_widget_instances.values()):
    if isinstance(_widget, _go.FigureWidget):
        _widget._widget_data = _copy.deepcopy(_widget._data)
        _widget._widget_layout = _copy.deepcopy(_widget._layout_obj._props)
"""

BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Course app full</title>
<style>body {{ font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; max-width: 38rem;
margin: 4rem auto; padding: 0 1rem; line-height: 1.5; font-size: 1.125rem; }} a {{ color: #0b57d0; }}</style>
</head><body><main>
<h1>The course app is full</h1>
<p id="hfs-busy">This course app is serving {limit} learners, its limit; close a tab or try again in a minute.</p>
<p><a href="">Try again</a></p>
</main></body></html>
"""


class AppError(Exception):
    """A request this script cannot serve; the message says what and how to fix it."""


def lessons() -> dict[str, Path]:
    """Lesson number ('01') -> notebook, for every notebooks/NN-*.ipynb."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        found.setdefault(path.name[:2], path)
    return found


def find_lesson(number: str) -> Path:
    text = str(number).strip()
    if not re.fullmatch(r"\d{1,2}", text):
        raise AppError(f"LESSON must be a lesson number such as 01 (got {text!r})")
    number = text.zfill(2)
    available = lessons()
    if number not in available:
        sources = sorted((ROOT / "lessons").glob(f"{number}-*.md"))
        if sources:
            raise AppError(f"lesson {number} ({sources[0].name}) has no notebook yet: run make notebooks first")
        have = ", ".join(available) or "none"
        raise AppError(
            f"no lesson {number}: there is no notebooks/{number}-*.ipynb (lessons present: {have}). "
            f"Usage: make app LESSON=NN"
        )
    return available[number]


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check_port(port: int) -> None:
    if not 1024 <= port <= 65535:
        raise AppError(f"port must be between 1024 and 65535 (got {port})")
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise AppError(
                f"port {port} is already in use on 127.0.0.1: stop the other app, "
                f"or choose another port (make app LESSON=NN PORT=8870)"
            ) from None


# Prepended. Every FigureWidget otherwise carries plotly's whole widget bundle (5 MB) in its state,
# and the page evaluates one copy per figure when it connects; anywidget gives a model 2 s to start,
# so on a slow machine figures failed ("[anywidget] Failed to initialize model") and froze. Each
# figure instead carries a two-line module that imports the bundle from this server, so the browser
# loads and evaluates it once. The URL is made in the page (its own origin), not in the kernel: a
# warm kernel runs the notebook before any request, so it cannot know the host the learner uses.
BUNDLE_NAME = "widgetbundle.js"  # plotly/package_data/widgetbundle.js, served at /voila/static/
BUNDLE_LOADER = (
    f'const bundle = await import(new URL("/voila/static/{BUNDLE_NAME}", location.href).href);\n'
    "export default bundle.default;\n"
)  # several lines: anywidget takes it as code, not a path
SHARED_BUNDLE = """\
import plotly.basewidget as _plotly_basewidget
_plotly_basewidget.BaseFigureWidget._esm = {loader!r}
"""


def prepare_notebook(notebook):
    """A lesson as the app runs it: one shared plotly bundle first, figures re-synced at the end."""
    import nbformat

    hidden = {"tags": ["remove-input"]}
    notebook.cells = (
        [nbformat.v4.new_code_cell(SHARED_BUNDLE.format(loader=BUNDLE_LOADER), metadata=hidden)]
        + list(notebook.cells)
        + [nbformat.v4.new_code_cell(RESYNC_FIGURES, metadata=hidden)]
    )
    return notebook


def is_local_host(host: str, local_hostnames=LOCAL_HOSTNAMES) -> bool:
    """Whether a Host header names this machine: a loopback address or a local host name, with any port.
    The rule of jupyter_server's JupyterHandler.check_host (ServerApp.allow_remote_access=False)."""
    match = re.fullmatch(r"(.*?)(:\d+)?", host.strip().lower())
    name = match.group(1) if match else ""
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name in local_hostnames


def app_token() -> str:
    """The app's token: HFS_APP_TOKEN when set (tests), else a fresh random one."""
    token = os.environ.get(TOKEN_ENV)
    if token is None:
        return secrets.token_urlsafe(24)
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,}", token):
        raise AppError(f"{TOKEN_ENV} must be at least 8 characters of letters, digits, '-' or '_'")
    return token


def start_path(start: Path | None) -> str:
    """Where the printed URL points: the start lesson's page, or with --all the list of notebooks."""
    return f"/voila/render/{start.name}" if start is not None else "/voila/tree"


def app_url(port: int, start: Path | None, token: str | None) -> str:
    return f"http://127.0.0.1:{port}{start_path(start)}" + (f"?token={token}" if token else "")


def voila_argv(port: int) -> list[str]:
    """Voilà's command line; the token stays out of it (a command line is visible to every local user)."""
    return [
        str(NOTEBOOKS),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--Voila.ip=127.0.0.1",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.show_tracebacks=False",
    ]


def voila_config(start: Path | None, token: str, max_kernels: int = MAX_KERNELS, cull_idle: int = CULL_IDLE_TIMEOUT):
    """The traitlets configuration of the app: token, kernel cap, culling and the start lesson's warm kernel."""
    from traitlets.config import Config

    config = Config()
    config.Voila.token = token
    config.CourseVoila.max_kernels = max_kernels
    config.VoilaConfiguration.extension_denylist = EXTENSION_DENYLIST
    config.MappingKernelManager.cull_idle_timeout = cull_idle
    config.MappingKernelManager.cull_interval = CULL_INTERVAL
    config.MappingKernelManager.cull_connected = False
    # Voilà's preheat pool: kernels that have run the notebook before the request. Only the start lesson
    # gets one; the other lessons start their kernel when asked (a pool for each would hold 6+ kernels).
    config.VoilaConfiguration.preheat_kernel = start is not None
    if start is not None:
        config.VoilaKernelManager.kernel_pools_config = {
            "default": {"pool_size": 0},
            start.name: {"pool_size": WARM_KERNELS},
        }
    return config


def learner_kernels(kernel_manager) -> int:
    """Live kernels held by pages: all of them but the idle warm ones in Voilà's preheat pool
    (VoilaKernelManager._pools holds, per notebook, tasks whose result names a warm kernel)."""
    warm = set()
    for pool in getattr(kernel_manager, "_pools", {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                warm.add(task.result().get("kernel_id"))
    return sum(1 for kernel_id in kernel_manager.list_kernel_ids() if kernel_id not in warm)


def course_voila_class(bundle_dir: Path):
    """Voilà with the course's changes; built on demand so that this script runs without Voilà for --check."""
    import tornado.web
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from traitlets import Int
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class CourseContents(LargeFileManager):
        """Voilà reads every notebook through its contents manager, for a page and for a warm kernel
        alike, so this is where a lesson becomes the app's version (prepare_notebook). Voilà's
        prelaunch_hook, which did this before, cannot be combined with its preheat pool."""

        def get(self, path, content=True, type=None, format=None, **kwargs):
            model = super().get(path, content=content, type=type, format=format, **kwargs)
            if model.get("type") == "notebook" and model.get("content") is not None:
                model["content"] = prepare_notebook(model["content"])
            return model

    class LocalHostOnly:
        """Mixed into every handler: 403 for a request whose Host header is not this machine. Voilà
        hard-codes allow_remote_access=True, and its static-file handlers are not JupyterHandlers."""

        def prepare(self):
            if not is_local_host(self.request.host):
                raise tornado.web.HTTPError(403, "Host %s is not this machine", self.request.host)
            return super().prepare()

    class CappedPageHandler(TornadoVoilaHandler):
        """Voilà's notebook page (/voila/render/<name>), refused politely when the app is full.

        Voilà starts a kernel for every page load and sets no limit. Before rendering a notebook this
        handler counts the kernels pages hold (learner_kernels) plus the pages let in that have not
        yet sent their first byte (by then their kernel is live, whether newly started or taken from
        the warm pool); at max_kernels it answers 503 with BUSY_PAGE instead. A page that closes frees
        its place at once (Voilà's page shuts its kernel down on unload, once this handler has set
        the _xsrf cookie that request needs); culling frees the others.
        """

        starting = 0  # pages let in whose kernel is not yet counted, over all requests

        @tornado.web.authenticated
        async def get(self, path=None):
            if not str(path or "").endswith(".ipynb"):
                return await super().get(path)
            limit = self.settings["hfs_max_kernels"]
            if learner_kernels(self.kernel_manager) + CappedPageHandler.starting >= limit:
                self.log.warning("Course app full (%d pages): refused a page of %s", limit, path)
                self.set_status(503)
                self.set_header("Retry-After", "60")
                self.set_header("Cache-Control", "no-store")
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                return self.finish(BUSY_PAGE.format(limit=limit))
            # Voilà's page shuts its kernel down on unload with a POST that carries the _xsrf cookie,
            # which nothing sets: without this the POST gets 403 and the kernel lives on (voila#1458).
            self.xsrf_token  # noqa: B018 (tornado sets the cookie when the token is first read)
            CappedPageHandler.starting += 1
            self._hfs_starting = True
            try:
                return await super().get(path)
            finally:
                self._counted()

        def _counted(self):
            if getattr(self, "_hfs_starting", False):
                self._hfs_starting = False
                CappedPageHandler.starting -= 1

        async def get_generator(self, path=None):
            async for html in super().get_generator(path=path):
                self._counted()
                yield html

    def local_only(handler_class):
        return type(handler_class.__name__, (LocalHostOnly, handler_class), {})

    class CourseVoila(Voila):
        max_kernels = Int(MAX_KERNELS, config=True, help="Most learners' pages (kernels) served at once.")

        def setup_template_dirs(self):
            super().setup_template_dirs()
            self.static_paths.append(str(bundle_dir))  # serves /voila/static/widgetbundle.js

        def init_settings(self):
            settings = super().init_settings()
            # The kernel manager made above starts its warm kernel only once the server runs; by then it
            # reads notebooks through this contents manager.
            self.contents_manager = settings["contents_manager"] = CourseContents(parent=self)
            settings.update(
                allow_remote_access=False, local_hostnames=LOCAL_HOSTNAMES, hfs_max_kernels=self.max_kernels
            )
            return settings

        def init_handlers(self):
            handlers = []
            for pattern, handler_class, *rest in super().init_handlers():
                if handler_class is TornadoVoilaHandler:
                    handler_class = CappedPageHandler
                handlers.append((pattern, local_only(handler_class), *rest))
            return handlers

    return CourseVoila


def serve(start: Path | None, port: int, token: str, max_kernels: int, cull_idle: int) -> None:
    # Voilà finds templates on the Jupyter data path; put the course's first. A live app, not the static site.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH")]))
    os.environ.pop("HFS_STATIC", None)
    try:
        import plotly
        import voila  # noqa: F401
    except ImportError:
        raise AppError("Voilà is not installed in this environment (pip install voila, or make install)") from None
    bundle_dir = Path(plotly.__file__).parent / "package_data"
    if not (bundle_dir / BUNDLE_NAME).exists():
        raise AppError(f"plotly's {BUNDLE_NAME} is missing from the installed plotly: reinstall plotly")
    course_voila = course_voila_class(bundle_dir)
    config = voila_config(start, token, max_kernels, cull_idle)
    what = (
        f"the course ({shown(NOTEBOOKS)}), starting at {start.name}"
        if start
        else f"every notebook of {shown(NOTEBOOKS)}"
    )
    print(
        f"Serving {what}; at most {max_kernels} learners at once. Ctrl+C stops it.\n"
        f"Open this URL in a browser (it carries the app's token):\n"
        f"    {app_url(port, start, token)}",
        flush=True,
    )
    course_voila.launch_instance(argv=voila_argv(port), config=config)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def seconds(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no culling) or more (got {value})")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Serve the course as a Voilà app on 127.0.0.1, opening one lesson.")
    p.add_argument("lesson", nargs="?", help="the lesson the printed URL opens, e.g. 01")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    p.add_argument("--all", action="store_true", help="no start lesson: the URL opens the list of notebooks")
    p.add_argument(
        "--max-kernels",
        type=positive,
        default=MAX_KERNELS,
        help=f"most learners' pages (one kernel each) at once (default {MAX_KERNELS})",
    )
    p.add_argument(
        "--cull-idle",
        type=seconds,
        default=CULL_IDLE_TIMEOUT,
        help=f"stop a kernel no page is connected to after this many idle seconds, 0 never "
        f"(default {CULL_IDLE_TIMEOUT})",
    )
    p.add_argument("--check", action="store_true", help="only check the lesson and the port, then exit")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        if args.all and args.lesson is not None:
            raise AppError("give a lesson or --all, not both")
        if args.all:
            start = None
        elif args.lesson is None:
            raise AppError(
                f"say which lesson to serve: make app LESSON=NN (lessons present: {', '.join(lessons()) or 'none'})"
            )
        else:
            start = find_lesson(args.lesson)
        check_port(args.port)
        token = app_token()
        if args.check:
            print(
                f"ok: would serve {shown(NOTEBOOKS)} at {app_url(args.port, start, None)} "
                f"(at most {args.max_kernels} learners)"
            )
            return 0
        serve(start, args.port, token, args.max_kernels, args.cull_idle)
    except AppError as exc:
        print(f"make app: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
