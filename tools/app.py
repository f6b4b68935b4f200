"""Serve a lesson as a Voilà app on this machine: `make app LESSON=NN [PORT=8866]`.

    python tools/app.py 01               # notebooks/01-*.ipynb at http://127.0.0.1:8866/
    python tools/app.py 01 --port 8870
    python tools/app.py --all            # every notebook of notebooks/ (the browser tests use this)

The app listens on 127.0.0.1 only, opens no browser, hides the code and makes no request off the
machine: the course's Voilà template (tools/site_assets/jupyter/voila/templates/hfs) is Voilà's
"lab" template without its Font Awesome links to a CDN (Voilà bundles the fonts itself).
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATE_ROOT = ROOT / "tools" / "site_assets" / "jupyter"  # holds voila/templates/hfs
TEMPLATE = "hfs"
DEFAULT_PORT = 8866
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
        raise AppError(f"no lesson {number}: there is no notebooks/{number}-*.ipynb (lessons present: {have}). "
                       f"Usage: make app LESSON=NN")
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
            raise AppError(f"port {port} is already in use on 127.0.0.1: stop the other app, "
                           f"or choose another port (make app LESSON=NN PORT=8870)") from None


# A lesson follows each live widget with a hidden cell such as `SomeView().static().display()`: its
# static twin for readers without a kernel. The app shows the live widget, so the twin only repeats
# it, and its plain plotly figures go through JupyterLab's plotly renderer, which fails inside Voilà
# ("r.setData is not a function") and loads a second plotly.js while the widgets start.
STATIC_TWIN = re.compile(r"static\w*\(.*\)\.display\(\)\s*$")

# Prepended. Every FigureWidget otherwise carries plotly's whole widget bundle (5 MB) in its state,
# and the page evaluates one copy per figure when it connects; anywidget gives a model 2 s to start,
# so on a slow machine figures failed ("[anywidget] Failed to initialize model") and froze. Pointing
# the widgets at one URL on this server lets the browser load the bundle once, from its cache.
SHARED_BUNDLE = """\
import plotly.basewidget as _plotly_basewidget
_plotly_basewidget.BaseFigureWidget._esm = {url!r}
"""
BUNDLE_NAME = "widgetbundle.js"  # plotly/package_data/widgetbundle.js, served at /voila/static/


def is_static_twin(cell) -> bool:
    lines = [line for line in cell.get("source", "").splitlines() if line.strip()]
    return (cell.get("cell_type") == "code" and "remove-input" in cell.get("metadata", {}).get("tags", [])
            and bool(lines) and bool(STATIC_TWIN.search(lines[-1])))


def prepare_app(request_handler, notebook, cwd):
    """Voilà prelaunch hook: one shared plotly bundle, no static twins, figures re-synced at the end."""
    import nbformat

    request = request_handler.request  # the page's own origin, so the bundle is a same-origin import
    url = f"{request.protocol}://{request.host}/voila/static/{BUNDLE_NAME}"
    hidden = {"tags": ["remove-input"]}
    notebook.cells = ([nbformat.v4.new_code_cell(SHARED_BUNDLE.format(url=url), metadata=hidden)]
                      + [cell for cell in notebook.cells if not is_static_twin(cell)]
                      + [nbformat.v4.new_code_cell(RESYNC_FIGURES, metadata=hidden)])
    return notebook


def voila_argv(target: Path, port: int) -> list[str]:
    return [str(target), "--no-browser", f"--port={port}", "--Voila.port_retries=0", "--Voila.ip=127.0.0.1",
            f"--VoilaConfiguration.template={TEMPLATE}", "--VoilaConfiguration.show_tracebacks=False"]


def serve(target: Path, port: int) -> None:
    # Voilà finds templates on the Jupyter data path; put the course's first. A live app, not the static site.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH")]))
    os.environ.pop("HFS_STATIC", None)
    try:
        import plotly
        from traitlets.config import Config
        from voila.app import Voila
    except ImportError:
        raise AppError("Voilà is not installed in this environment (pip install voila, or make install)") from None
    bundle_dir = Path(plotly.__file__).parent / "package_data"
    if not (bundle_dir / BUNDLE_NAME).exists():
        raise AppError(f"plotly's {BUNDLE_NAME} is missing from the installed plotly: reinstall plotly")

    class CourseVoila(Voila):
        def setup_template_dirs(self):
            super().setup_template_dirs()
            self.static_paths.append(str(bundle_dir))  # serves /voila/static/widgetbundle.js

    config = Config()
    config.VoilaConfiguration.prelaunch_hook = prepare_app
    config.VoilaConfiguration.extension_denylist = EXTENSION_DENYLIST
    print(f"Serving {shown(target)} at http://127.0.0.1:{port}/  (Ctrl+C stops it)", flush=True)
    CourseVoila.launch_instance(argv=voila_argv(target, port), config=config)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Serve a lesson of the course as a Voilà app on 127.0.0.1.")
    parser.add_argument("lesson", nargs="?", help="lesson number, e.g. 01")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    parser.add_argument("--all", action="store_true", help="serve every notebook of notebooks/ (/voila/render/<name>)")
    parser.add_argument("--check", action="store_true", help="only check the lesson and the port, then exit")
    args = parser.parse_args(argv)
    try:
        if args.all:
            target = NOTEBOOKS
        elif args.lesson is None:
            raise AppError("say which lesson to serve: make app LESSON=NN (lessons present: "
                           f"{', '.join(lessons()) or 'none'})")
        else:
            target = find_lesson(args.lesson)
        check_port(args.port)
        if args.check:
            print(f"ok: would serve {shown(target)} on http://127.0.0.1:{args.port}/")
            return 0
        serve(target, args.port)
    except AppError as exc:
        print(f"make app: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
