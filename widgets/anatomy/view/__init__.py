"""Lesson 1 widgets, one module per widget: the course explorer (course), the branch-muscle map (branch_map), the lesion localiser (lesion) and the root-exit-zone close-up (root_exit). The clinical logic lives in `model`.

Each figure is built as a plain figure in its initial state, turned into a FigureWidget once, just
before display, then changed in place inside `batch_update()`. Everything that does not depend on a
control (panel HTML, citations, geometry) is computed when the widget is built.
"""

from .branch_map import BranchMuscleMap
from .course import CourseExplorer
from .lesion import LesionLocaliser, deficit_rows
from .root_exit import RootExitZone

__all__ = ["CourseExplorer", "BranchMuscleMap", "LesionLocaliser", "RootExitZone", "deficit_rows"]
