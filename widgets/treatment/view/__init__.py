"""Lesson 4 and 5 widgets (one module per widget): one toxin cycle and a year of them (toxin); outcomes over time with icon arrays (over_time); decide for this patient (decide, with its figures in decide_figures); the tables the lessons show (tables).

Each figure is built as a plain go.Figure, painted with its first state, and only then wrapped in a
LiveFigure; callbacks repaint it inside batch_update(). Clinical logic lives in model.py and outcomes.py.
"""

from .common import PSA_DRAWS, PSA_SEED, TORNADO_PARAMETERS
from .decide import DecideForPatient
from .decide_figures import two_way
from .over_time import WINDOWS, OutcomesOverTime
from .tables import (
    break_even_table,
    defaults_table,
    sensitivity_answers,
    show_defaults,
    show_psa_inputs,
    show_scenarios,
    show_uncertainty,
    show_utility_gap,
)
from .toxin import ToxinCycles

__all__ = [
    "ToxinCycles",
    "OutcomesOverTime",
    "DecideForPatient",
    "defaults_table",
    "show_defaults",
    "break_even_table",
    "sensitivity_answers",
    "show_psa_inputs",
    "show_scenarios",
    "show_uncertainty",
    "show_utility_gap",
    "two_way",
    "TORNADO_PARAMETERS",
    "PSA_DRAWS",
    "PSA_SEED",
    "WINDOWS",
]
