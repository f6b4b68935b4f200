"""Capstone (clinical cases) views: the case walkthrough (walkthrough), the learner's own differential (ranking), a case's findings in the Bayesian differential (findings), the three charts (figures), the story HTML (story) and the static forms and summary table (static).

The capstone composes the other lessons: it imports their models (and lesson 3's report HTML) and the
shared charts of widgets.ui, never another lesson's view.
"""

from .figures import dx_figure, lsr_figure, paint_dx, paint_lsr, paint_treatment, run_decision, treatment_figure
from .findings import CaseFindings
from .static import CaseStaticForm, cases_table
from .walkthrough import CaseWalkthrough

__all__ = [
    "CaseWalkthrough",
    "CaseFindings",
    "CaseStaticForm",
    "cases_table",
    "dx_figure",
    "paint_dx",
    "lsr_figure",
    "paint_lsr",
    "treatment_figure",
    "paint_treatment",
    "run_decision",
]
