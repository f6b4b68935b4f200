"""Callbacks of the mechanism widget timed by make bench."""

from __future__ import annotations

from ..bench import cycle
from . import model
from .view import TwoFibres


def bench_cases():
    """One change of a control per call, as a click (or a step of the slider) would make it."""
    view = TwoFibres()
    compression = cycle(view.compression, [70, 75, 80, 40, 0, 100, 55])
    hypothesis = cycle(view.hypothesis, list(model.HYPOTHESES))
    stage = cycle(view.stage, list(model.STAGES))
    observed = cycle(view.observed, [False, True])
    return [
        ("mechanism: two fibres, move the compression slider", compression),
        ("mechanism: two fibres, change the explanation", hypothesis),
        ("mechanism: two fibres, move the vessel off (surgery stage)", stage),
        ("mechanism: two fibres, show what was observed", observed),
    ]
