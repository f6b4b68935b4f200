"""Lesson 3: differential diagnosis of a twitching face (model: pure numpy; view: ipywidgets + plotly)."""
