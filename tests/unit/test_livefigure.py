"""The course's live figure: plotly's widget code travels once per kernel, and a figure opens with its data."""

import ipywidgets.widgets.widget as ipw_widget
import plotly.graph_objects as go

from widgets.ui import livefigure


def opened_states(monkeypatch):
    states = []
    real = ipw_widget.comm.create_comm
    monkeypatch.setattr(ipw_widget.comm, "create_comm", lambda **kw: states.append(kw["data"]["state"]) or real(**kw))
    return states


def test_a_figure_opens_with_its_data_and_layout(monkeypatch):
    states = opened_states(monkeypatch)
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="s"), layout=dict(title="t"))
    go.FigureWidget(fig)  # plotly's own widget: no data in its first message (the blank-figure race)
    widget = livefigure.LiveFigure(fig)
    plotlys, ours = [s for s in states if "_widget_data" in s]
    assert plotlys["_widget_data"] == []
    assert len(ours["_widget_data"]) == 1 and ours["_widget_layout"]["title"] == {"text": "t"}
    (trace,) = widget.select_traces(selector=dict(name="s"))
    trace.y = [5, 6]  # later edits still work
    assert list(trace.y) == [5, 6] and widget.comm is not None


def test_figures_carry_a_stub_and_one_loader_carries_plotly(monkeypatch):
    states = opened_states(monkeypatch)
    livefigure._loader.clear()
    first, second = livefigure.LiveFigure(go.Figure()), livefigure.LiveFigure(go.Figure())
    modules = [s for s in states if "_esm" in s]
    assert [m["_esm"] for m in modules] == [livefigure.LOADER_ESM] + [livefigure.STUB_ESM] * 2  # loader first
    assert modules[0]["code"] == livefigure.plotly_code()
    assert all("code" not in m for m in modules[1:]) and len(livefigure.STUB_ESM) < 1000
    assert first.comm is not None and second.comm is not None


def test_a_closed_loader_is_replaced():
    loader = livefigure.ensure_plotly_code()
    loader.close()
    assert livefigure.ensure_plotly_code() is not loader


def test_the_loader_runs_plotlys_bundle_unchanged_but_for_its_export():
    bundle, code = livefigure.BUNDLE.read_text(encoding="utf-8"), livefigure.plotly_code()
    assert "export{" not in code[-3000:] and "slot.resolve(" in code[-3000:]
    # Only the closing export statement was replaced: everything before it is plotly's own text.
    cut = code.index("slot.resolve(", len(code) - 3000)
    assert bundle.startswith(code[len('"use strict";') : cut])


def test_versions_other_than_the_verified_ones_fall_back_to_plotlys_own_widget(monkeypatch):
    import pytest

    reason = livefigure.unverified({"plotly": "8.0.0", "anywidget": "0.11.0", "ipywidgets": "8.1.9"})
    assert reason.startswith("plotly 8.0.0 is installed")
    assert livefigure.unverified() is None  # the installed versions are the verified ones
    monkeypatch.setattr(livefigure, "unverified", lambda versions=None: "plotly 8.0.0 is installed")
    livefigure.active.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="fall back to plotly's own FigureWidget"):
            fig = livefigure.LiveFigure(go.Figure(go.Scatter(x=[1], y=[2], name="s")))
        (trace,) = fig.select_traces(selector=dict(name="s"))
        assert not isinstance(fig, livefigure.LiveFigure) and list(trace.y) == [2]
        assert livefigure.ensure_plotly_code() is None
    finally:
        monkeypatch.undo()
        livefigure.active.cache_clear()
    assert livefigure.active()


def test_plain_is_the_one_numpy_conversion():
    import numpy as np

    assert livefigure.plain(np.array([0.12345, 1.0]), 2) == [0.12, 1.0]
    assert type(livefigure.plain(np.arange(3))[0]) is float


def test_resync_makes_the_synced_state_the_current_figure():
    fig = livefigure.LiveFigure(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="s")))
    (trace,) = fig.select_traces(selector=dict(name="s"))
    with fig.batch_update():
        trace.y = [7, 8]
        fig.layout.title.text = "now"
    fig.resync()
    assert list(fig._widget_data[0]["y"]) == [7, 8] and fig._widget_layout["title"]["text"] == "now"
    assert livefigure.resync_all() >= 1


def test_anywidgets_start_up_deadline_is_the_call_the_page_patch_expects():
    """The loader lifts anywidget's model start-up deadline by matching AbortSignal.timeout(2000) called from
    anywidget's own script. If anywidget changes that constant or call, the patch would silently stop
    applying: this fails first, and the version gate's VERIFIED entry should be revisited."""
    import re
    from pathlib import Path

    import anywidget

    static = Path(anywidget.__file__).parent / "labextension" / "static"
    scripts = "".join(p.read_text(encoding="utf-8", errors="replace") for p in static.glob("*.js"))
    assert re.search(r"AbortSignal\.timeout\((2000|2e3)\)", scripts), "anywidget no longer sets a 2 s start-up deadline"
    assert "ms === 2000 && /anywidget/.test(" in livefigure.LOADER_ESM


def test_plotlys_widget_bundle_still_defines_the_resize_handler_the_width_fix_calls():
    """Workaround 9 (docs/architecture.md): each figure's module calls plotly's private `_responsiveChartHandler`
    when its element's width changes. plotly defines that handler on a plot whose config says `responsive`, as
    a function that resizes the plot. A plotly upgrade that renames or drops it would silently bring back the
    700 px figures (the optional call `?.()` finds nothing and throws nothing): this fails first."""
    import re

    from widgets.ui import style

    bundle = livefigure.BUNDLE.read_text(encoding="utf-8")
    defined = re.search(
        r"_context\.responsive\?(\w+)\._responsiveChartHandler\|\|\(\1\._responsiveChartHandler=function\(\)\{"
        r"[^{}]{0,80}\.resize\(\1\)\}",
        bundle,
    )
    assert defined, "plotly's widget bundle no longer sets _responsiveChartHandler on a responsive plot"
    assert "el._responsiveChartHandler?.()" in livefigure.STUB_ESM  # the call the fix makes
    assert style.plotly_config()["responsive"] is True  # the config that makes plotly define it
