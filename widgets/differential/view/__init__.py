"""Lesson 3 widgets, one module per widget: watch three faces and name them (watch), reason from findings to probabilities (bayes), practise on cases (trainer), and the comparison tables of the lesson text (tables)."""

from .bayes import BayesianDifferential
from .common import probability_figure
from .tables import comparison_table, likelihood_table, mimics_table
from .trainer import CaseTrainer
from .watch import WatchAndTell, storyboard_figure

__all__ = [
    "WatchAndTell",
    "BayesianDifferential",
    "CaseTrainer",
    "comparison_table",
    "mimics_table",
    "likelihood_table",
    "storyboard_figure",
    "probability_figure",
]
