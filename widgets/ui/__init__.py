"""The shared UI layer: what every lesson view uses and nothing below the views imports.

base (View, StaticForm, presenter_switch), style (palette, cues, presenter scale), livefigure (every
plotly/anywidget workaround, version-gated), faceplot (the face painter, which owns its repaint),
a11y (keyboard guard, control names), html (cite, table, pct) and charts (figures more than one
lesson draws). It may import the data layer (evidence, face) but no lesson model or view.
"""
