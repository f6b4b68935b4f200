"""The widgets of lesson 2, one module per widget: the years player (years), the synchrony explorer (synchrony), the signs (signs) and the pattern quiz (pattern_quiz).

Each class builds its controls and figures once; callbacks only repaint (the years player even
precomputes every frame of its animation). Clinical logic lives in model.py.
"""

from .pattern_quiz import PatternQuiz
from .signs import SignsView, lsr_figure
from .synchrony import SynchronyExplorer
from .years import YearsPlayer, precompute_frames

__all__ = ["YearsPlayer", "SynchronyExplorer", "SignsView", "PatternQuiz", "precompute_frames", "lsr_figure"]
