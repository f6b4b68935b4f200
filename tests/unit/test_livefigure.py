"""The course's live figure: plotly's widget code travels once per kernel, and a figure opens with its data."""
import ipywidgets.widgets.widget as ipw_widget
import plotly.graph_objects as go

from widgets.ui import livefigure


def opened_states(monkeypatch):
    states = []
    real = ipw_widget.comm.create_comm
    monkeypatch.setattr(ipw_widget.comm, "create_comm",
                        lambda **kw: states.append(kw["data"]["state"]) or real(**kw))
    return states


def test_a_figure_opens_with_its_data_and_layout(monkeypatch):
    states = opened_states(monkeypatch)
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout=dict(title="t"))
    go.FigureWidget(fig)  # plotly's own widget: no data in its first message (the blank-figure race)
    widget = livefigure.LiveFigure(fig)
    plotlys, ours = [s for s in states if "_widget_data" in s]
    assert plotlys["_widget_data"] == []
    assert len(ours["_widget_data"]) == 1 and ours["_widget_layout"]["title"] == {"text": "t"}
    widget.data[0].y = [5, 6]  # later edits still work
    assert list(widget.data[0].y) == [5, 6] and widget.comm is not None


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
    assert bundle.startswith(code[len('"use strict";'):cut])
