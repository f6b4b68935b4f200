"""Callbacks of the toxin-technique widget timed by make bench."""

from __future__ import annotations

from ..bench import cycle
from . import model
from .view import InjectionMap


def bench_cases():
    """One change of a control per call, as a click would make it."""
    view = InjectionMap()
    point = cycle(view.point, list(model.POINT_KEYS))
    brand = cycle(view.brand, list(model.BRANDS))
    weeks = cycle(view.weeks, [6, 12, 16, 8, 24])
    return [
        ("technique: injection map, change point", point),
        ("technique: injection map, change brand", brand),
        ("technique: injection map, change weeks between sessions", weeks),
    ]
