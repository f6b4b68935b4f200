"""The course's live plotly figure: plotly's FigureWidget with two fixes, both found in Chromium here.

1. **Plotly's widget code once per page, not once per figure.** Every FigureWidget carries plotly's
   5 MB widget bundle as its anywidget `_esm`, which the browser received and compiled once per figure
   (31.5 MB over the websocket for lesson 1). anywidget gives a model 2 s to start, and compiling that
   code blocks the page for 2-3 s here, so figures started together missed the deadline ("[anywidget]
   Failed to initialize model") and ignored every later edit. Here one hidden loader widget per kernel
   carries the code as data and runs it once, in a single task (as a module its compiling and running
   were two tasks, and a figure created between them was caught by the second); each figure's own
   module is a few lines that start at once and hand over to plotly's code.
2. **Data in the first message.** plotly opens the widget's comm before the figure has its data and
   sends the data in a second message; a browser that drew the figure between the two kept it blank.
   A LiveFigure opens its comm only once it is complete.

3. **Numbers as plain lists** (`plain`). numpy arrays travel to a FigureWidget as binary buffers,
   which it did not draw (seen in Chromium); `plain()` is the one place that converts them.
4. **Re-sync before a late page connects** (`resync`). A FigureWidget inside a container sends its full
   state only when created; a page that connects later (Voilà) would show the first version.

5. **Width from the page** (in the figure's module). plotly's widget fits a figure to its container only on
   JupyterLab's resize messages, which an anywidget view never gets: a figure drawn before its output was
   attached (Voila, lecture mode) kept plotly's default 700 px, and its labels collided. The module follows
   the element's width with a ResizeObserver and plotly's own responsive handler.

All of this rests on private details (plotly's bundle layout, anywidget's 2 s start-up constant), so
it is version-gated: with versions other than VERIFIED, or a bundle of another shape, LiveFigure is
plain `go.FigureWidget` and a warning says why. docs/architecture.md keeps the workaround register.

Build a figure in its first state, then wrap it: `LiveFigure(fig)`; later edits go in `batch_update()`.
"""

from __future__ import annotations

import copy
import re
import warnings
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import anywidget
import numpy as np
import plotly
import plotly.graph_objects as go
import traitlets

from . import style

# (major, minor) of each package these workarounds were verified with in Chromium here.
VERIFIED = {"plotly": (7, 1), "anywidget": (0, 11), "ipywidgets": (8, 1)}

BUNDLE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"

# A page-wide slot holding a promise of plotly's widget factory; keyed by plotly's version so that two
# kernels with different plotly versions in one JupyterLab page never share code.
_SLOT = (
    f"(globalThis[Symbol.for('hfs-course/plotly-widget/{plotly.__version__}')] ??= (() => {{"
    " let resolve; const promise = new Promise((r) => { resolve = r; }); return { promise, resolve }; })())"
)

LOADER_ESM = f"""// Runs plotly's widget code (this model's `code`) once per page and shares its factory.
const slot = {_SLOT};

// anywidget gives every model 2 s to start (its Runtime calls AbortSignal.timeout(2000)); a model that
// misses it ignores every later update. On a 2-core machine one burst of figures being drawn takes
// longer than that, so the models created just before the burst were lost. Give anywidget's start-up
// deadline 30 s instead; no other caller of AbortSignal.timeout is touched.
if (!AbortSignal.timeout.hfsCourse) {{
  const timeout = AbortSignal.timeout.bind(AbortSignal);
  const patched = (ms) => timeout(ms === 2000 && /anywidget/.test(new Error().stack || "") ? 30000 : ms);
  patched.hfsCourse = true;
  AbortSignal.timeout = patched;
}}

// plotly's first drawing compiles much of its code (about 3 s on a 2-core machine). Draw one small
// hidden figure now, in this same task, rather than when the first real figure draws while others are
// still within anywidget's 2 s start-up window.
function warmUp(factory) {{
  const el = document.createElement("div");
  el.style.cssText = "position:absolute;left:-10000px;top:0;width:400px;height:300px";
  document.body.appendChild(el);
  const state = {{
    _widget_data: [
      {{ type: "scatter", x: [0, 1, 2], y: [0, 1, 0], mode: "lines+markers+text", text: ["a", "b", "c"], fill: "toself" }},
      {{ type: "bar", x: ["a", "b"], y: [1, 2], xaxis: "x2", yaxis: "y2" }},
      {{ type: "heatmap", z: [[1, 2], [3, 4]], xaxis: "x3", yaxis: "y3" }},
    ],
    _widget_layout: {{ width: 400, height: 300, title: {{ text: "warm-up" }}, annotations: [{{ text: "a", x: 0, y: 0 }}],
                      xaxis2: {{ domain: [0.4, 0.6] }}, yaxis2: {{ anchor: "x2" }}, xaxis3: {{ domain: [0.7, 1] }}, yaxis3: {{ anchor: "x3" }} }},
    _config: {{}}, _last_layout_edit_id: 0, _last_trace_edit_id: 0,
  }};
  const model = {{ get: (key) => state[key], set() {{}}, on() {{}}, off() {{}}, save_changes() {{}} }};
  const widget = factory();
  widget.initialize({{ model }});
  const cleanup = widget.render({{ el, model }});
  setTimeout(() => {{ try {{ cleanup?.(); }} finally {{ el.remove(); }} }}, 2000);
}}

export default () => ({{
  initialize({{ model }}) {{
    if (slot.started) return;
    slot.started = true;
    let factory = null;
    try {{
      new Function("slot", model.get("code"))({{ resolve: (f) => {{ factory = f; }} }});  // compiles and runs in this one task
    }} catch (error) {{
      slot.started = false;
      console.error("[hfs-course] plotly's widget code did not load:", error);
      return;
    }}
    try {{
      warmUp(factory);
    }} catch (error) {{
      console.warn("[hfs-course] plotly warm-up skipped:", error);
    }}
    slot.resolve(factory);
  }},
}});
"""

STUB_ESM = f"""// A figure's module: returns at once, and runs plotly's own widget once the loader has run its code.
const slot = {_SLOT};
const follow = (el) => {{  // fix 5 of livefigure.py
  const o = new ResizeObserver(() => {{
    const w = el._fullLayout?.width, c = el.clientWidth;
    if (w && c > 50 && Math.abs(w - c) > 2) el._responsiveChartHandler?.();
  }});
  o.observe(el);
  return () => o.disconnect();
}};
export default () => {{
  const plotlyWidget = slot.promise.then((factory) => factory());
  let initialized = null;
  return {{
    initialize(context) {{
      initialized = plotlyWidget.then((widget) => {{ widget.initialize(context); return widget; }});
    }},
    async render(context) {{
      const done = (await initialized).render(context), stop = follow(context.el);
      return () => {{ stop(); done?.(); }};
    }},
  }};
}};
"""

_EXPORT = re.compile(r"export\s*\{([^}]*)\}\s*;?")


@lru_cache(maxsize=1)
def plotly_code() -> str:
    """plotly's widget bundle as the body of a function of `slot`: its closing export statement becomes
    `slot.resolve(<the widget factory>)`. Nothing else changes; the bundle imports nothing statically."""
    code = BUNDLE.read_text(encoding="utf-8")
    # The last export statement is the widget's own (an earlier one sits inside an embedded worker string).
    exports = list(_EXPORT.finditer(code))
    factory = re.search(r"(?:^|,)\s*([\w$]+)\s+as\s+default\s*(?:,|$)", exports[-1].group(1)) if exports else None
    if factory is None or re.search(r"^\s*import[\s{*]", code, re.M):
        raise RuntimeError(f"plotly {plotly.__version__}: {BUNDLE.name} no longer has the shape livefigure.py expects")
    last = exports[-1]
    return f'"use strict";{code[: last.start()]}slot.resolve({factory.group(1)});{code[last.end() :]}'


def _major_minor(text: str) -> tuple[int, int]:
    parts = re.findall(r"\d+", text)[:2]
    return (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)


def unverified(versions: dict[str, str] | None = None) -> str | None:
    """Why the workarounds cannot be trusted here (None when they can): a package version they were
    not verified with, or a plotly bundle of another shape."""
    versions = versions or {name: version(name) for name in VERIFIED}
    for name, wanted in VERIFIED.items():
        if _major_minor(versions[name]) != wanted:
            return f"{name} {versions[name]} is installed; the course's figure fixes were checked with {name} {wanted[0]}.{wanted[1]}"
    try:
        plotly_code()
    except (OSError, RuntimeError) as error:
        return str(error)
    return None


@lru_cache(maxsize=1)
def active() -> bool:
    """True when the workarounds apply; otherwise warns once, in words, and figures are plain FigureWidgets."""
    reason = unverified()
    if reason is None:
        return True
    warnings.warn(
        f"{reason}. Figures fall back to plotly's own FigureWidget: they work, but the first ones may "
        "load slowly or stay blank on a slow machine. See docs/architecture.md (workaround register).",
        RuntimeWarning,
        stacklevel=3,
    )
    return False


def plain(values, decimals: int | None = None) -> list:
    """Numbers for a figure's trace as a plain list (optionally rounded): the one place numpy arrays
    are converted (a FigureWidget did not draw arrays sent as binary buffers)."""
    array = np.asarray(values, dtype=float)
    return (np.round(array, decimals) if decimals is not None else array).tolist()


class PlotlyCode(anywidget.AnyWidget):
    """Never displayed: its model, created when its comm opens, runs plotly's widget code in the page."""

    _esm = LOADER_ESM
    code = traitlets.Unicode("").tag(sync=True)


_loader: list[PlotlyCode] = []


def ensure_plotly_code() -> PlotlyCode | None:
    """The kernel's one loader widget, created before the first figure so its code arrives first
    (None when the workarounds are off)."""
    if not active():
        return None
    if not _loader or _loader[0].comm is None:
        _loader[:] = [PlotlyCode(code=plotly_code())]
    return _loader[0]


class LiveFigure(go.FigureWidget):
    """A FigureWidget that shares plotly's code with the page and opens with its data (a plain
    go.FigureWidget when the versions are not the verified ones: see `active`)."""

    _esm = STUB_ESM

    def __new__(cls, *args, **kwargs):
        if not active():
            figure = go.FigureWidget(*args, **kwargs)
            figure._config = style.plotly_config()
            return figure
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        ensure_plotly_code()
        self._defer_open = True
        try:
            super().__init__(*args, **kwargs)
            self._config = style.plotly_config()
        finally:
            self._defer_open = False
        self.open()

    def open(self):
        if getattr(self, "_defer_open", False):
            return
        super().open()

    def resync(self) -> None:
        """Make the widget's synced state the figure's current state, so a page that connects now
        (Voilà after the notebook ran, a reload) draws the figure as it is, not as it was built."""
        resync(self)


def resync(figure: go.FigureWidget) -> None:
    """`LiveFigure.resync` for any FigureWidget (plotly's own too)."""
    figure._widget_data = copy.deepcopy(figure._data)
    figure._widget_layout = copy.deepcopy(figure._layout_obj._props)


def resync_all() -> int:
    """Re-sync every FigureWidget of the kernel (the Voilà app runs this after a lesson); returns how many."""
    from ipywidgets.widgets.widget import _instances

    figures = [w for w in list(_instances.values()) if isinstance(w, go.FigureWidget)]
    for figure in figures:
        resync(figure)
    return len(figures)
